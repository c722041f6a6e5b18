"""The map's colours against WCAG AA: route styles 3:1 (non-text contrast, 1.4.11) on the land and the
sea they cross, with their opacity; each phase also differs by its dash pattern, not by colour alone."""

from __future__ import annotations

import pytest

from dashboard.web.style import LAND, OCEAN, PHASES, ROUTE_STYLES


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


@pytest.mark.parametrize("phase", range(len(PHASES)))
@pytest.mark.parametrize("ground", [LAND, OCEAN])
def test_every_route_style_stands_out_three_to_one(phase, ground):
    colour, opacity, _, _ = ROUTE_STYLES[phase]
    assert contrast(_blend(colour, ground, opacity), ground) >= 3.0, (PHASES[phase], ground)


def test_phases_differ_by_pattern_not_colour_alone():
    patterns = [ROUTE_STYLES[i][3] for i in range(len(PHASES))]
    assert len(set(patterns)) == len(patterns)
