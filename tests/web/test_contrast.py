"""The map's colours, in every theme (`dashboard.web.style.THEMES`), against WCAG AA and colour-vision
deficiencies: route styles 3:1 (non-text contrast, 1.4.11) on the land and the sea they cross, with
their opacity; text 4.5:1 (1.4.3) on what it sits on (a label's box over land or sea, the legend, the
figure's paper); each phase also differs by its dash pattern, not by colour alone; and the colours that
must be told apart stay `MIN_DELTA_E` (CIEDE2000) apart with normal vision and as simulated for
protanopia, deuteranopia and tritanopia (Machado et al. 2009) — and, for the print theme, in greyscale
(a photocopy)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dashboard.web.colourvision import MACHADO_2009, MIN_DELTA_E, VISIONS, ciede2000, delta_e, lab, simulate
from dashboard.web.style import LAND, OCEAN, PHASES, ROUTE_STYLES, THEME_NAMES, THEMES, css_variables, palette


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _blend(fg: str, bg: str, alpha: float) -> str:
    f, b = fg.lstrip("#"), bg.lstrip("#")
    return "#" + "".join(
        f"{round(int(f[i : i + 2], 16) * alpha + int(b[i : i + 2], 16) * (1 - alpha)):02x}" for i in (0, 2, 4)
    )


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),  # Sharma, Wu & Dalal (2005), test data pairs 1, 7, 17, 25
    [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_greys_and_merges_what_dichromats_confuse():
    for vision in MACHADO_2009:  # each matrix's rows sum to 1: white stays white, grey stays grey
        assert simulate("#808080", vision) == pytest.approx(simulate("#808080", "normal"), abs=2e-3)
    assert lab(simulate("#ffffff", "normal"))[0] == pytest.approx(100.0, abs=0.01)
    # red and green, far apart for most readers, come close for a deuteranope
    assert delta_e("#d0312d", "#2e9e44") > 3 * delta_e("#d0312d", "#2e9e44", "deuteranopia")
    assert np.all(simulate("#ff0000", "protanopia") <= 1.0)


def test_the_light_theme_is_the_module_names():
    t = THEMES["light"]
    assert (t.land, t.ocean, t.routes) == (LAND, OCEAN, ROUTE_STYLES)
    assert palette() == palette("light") and css_variables() == css_variables("light")
    assert palette("dark")["highlight"] == THEMES["dark"].highlight != palette()["highlight"]


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize("phase", range(len(PHASES)))
@pytest.mark.parametrize("ground", ["land", "ocean"])
def test_every_route_style_stands_out_three_to_one(theme, phase, ground):
    t = THEMES[theme]
    colour, opacity, _, _ = t.routes[phase]
    bg = getattr(t, ground)
    assert contrast(_blend(colour, bg, opacity), bg) >= 3.0, (theme, PHASES[phase], ground)


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize("ground", ["land", "ocean"])
def test_the_highlight_stands_out_three_to_one(theme, ground):
    t = THEMES[theme]
    assert contrast(t.highlight, getattr(t, ground)) >= 3.0


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize("ground", ["land", "ocean"])
def test_label_text_reads_four_and_a_half_to_one_on_its_box(theme, ground):
    """A label, the title and the date sit on a box of the paper colour at `paper_alpha` over the map."""
    t = THEMES[theme]
    box = _blend(t.paper, getattr(t, ground), t.paper_alpha)
    for name in ("ink", "ink_soft", "say"):
        assert contrast(getattr(t, name), box) >= 4.5, (theme, name, ground)


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_legend_footnote_and_context_text_read_four_and_a_half_to_one(theme):
    t = THEMES[theme]
    for name in ("ink", "ink_soft"):  # the legend box and the footnote sit on the paper
        assert contrast(getattr(t, name), t.paper) >= 4.5, (theme, name)
    # context labels (country names) sit on the land, inside a halo of the land's colour
    assert contrast(t.context, t.land) >= 4.5, theme


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_phases_differ_by_pattern_not_colour_alone(theme):
    patterns = [THEMES[theme].routes[i][3] for i in range(len(PHASES))]
    assert len(set(patterns)) == len(patterns)


def _must_differ(theme: str) -> dict[str, dict[str, str]]:
    """The colour sets whose members a reader must tell apart: the route phases with the highlight
    (drawn over a route), and the sides (areas, the legend's side keys)."""
    t = THEMES[theme]
    routes = {PHASES[i]: s[0] for i, s in t.routes.items()} | {"highlight": t.highlight}
    return {"routes": routes, "sides": dict(t.areas)}


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("group", ["routes", "sides"])
def test_colours_that_must_be_told_apart_stay_apart(theme, vision, group):
    colours = _must_differ(theme)[group]
    closest = min((delta_e(colours[a], colours[b], vision), a, b) for a, b in itertools.combinations(colours, 2))
    assert closest[0] >= MIN_DELTA_E, (theme, vision, closest)


@pytest.mark.parametrize("group", ["routes", "sides"])
def test_print_theme_survives_a_photocopy(group):
    """In greyscale only lightness is left: phases and sides must still differ by it (the highlight is
    also 2 px wider than the route it marks, so it is told apart by width there)."""
    colours = dict(_must_differ("print")[group])
    colours.pop("highlight", None)
    lightness = {k: lab(simulate(v, "normal"))[0] for k, v in colours.items()}
    closest = min(
        ciede2000((lightness[a], 0.0, 0.0), (lightness[b], 0.0, 0.0)) for a, b in itertools.combinations(colours, 2)
    )
    assert closest >= MIN_DELTA_E


def test_print_theme_is_greys_and_ink_on_a_white_sea():
    t = THEMES["print"]
    assert t.ocean == "#ffffff"
    for colour, *_ in t.routes.values():  # the phases are greys: a photocopy keeps them as they are
        h = colour.lstrip("#")
        assert h[0:2] == h[2:4] == h[4:6], colour
    assert t.border_width < THEMES["light"].border_width
