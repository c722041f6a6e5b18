"""Static exports in each theme (light, dark, print) draw with that theme's palette and nothing else:
the land, the sea and the routes in its colours, a legend that lists exactly the route phases drawn on
the day in the colours they are drawn with; the graticule and the country names only when asked, the
names never over a unit's label, symbol or event; and the command line's --theme reaches the file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex

from dashboard.cli.main import main
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline, state_at
from dashboard.export.static import StaticMap
from dashboard.web.options import MapOptions
from dashboard.web.page import build_map, render_html
from dashboard.web.style import THEME_NAMES, THEMES, css_variables, theme_css

ROOT = Path(__file__).resolve().parents[2]
PHASE_WORDS = {0: "planned (not started)", 1: "in transit (moving)", 2: "arrived"}


@pytest.fixture(scope="module")
def baltic():
    loaded = load_dataset(ROOT / "tests" / "data" / "crowded" / "baltic.yaml")
    return loaded, build_timeline(loaded)


def _day_with_every_phase(timeline) -> float:
    """A day on which some movement is planned, one moving and one arrived (the legend's three rows)."""
    for day in np.linspace(timeline.depart.min(), timeline.arrive.max(), 60):
        if {0, 1, 2} <= set(int(p) for p in state_at(timeline, float(day)).phase):
            return float(day)
    raise AssertionError("no day with every phase")


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_static_map_draws_in_its_theme(baltic, theme):
    loaded, timeline = baltic
    t = THEMES[theme]
    sm = StaticMap(loaded, MapOptions(theme=theme), timeline, 900, 600)
    sm.draw_day(_day_with_every_phase(timeline))
    land = [c for c in sm.ax.collections if c.get_gid() == "dm-land"]
    assert land and to_hex(land[0].get_facecolor()[0]) == t.land
    assert to_hex(sm.ax.get_facecolor()) == t.ocean
    assert to_hex(sm.fig.get_facecolor()) == t.paper
    svg = sm.to_bytes("svg").decode("utf-8")
    others = [o for o in THEME_NAMES if o != theme]
    assert t.land in svg and not any(THEMES[o].land in svg for o in others)


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_legend_lists_the_phases_drawn_in_their_colours(baltic, theme):
    """The legend's route rows are the phases of the selected movements on the image's day (counted
    from the timeline here), each in the colour and pattern the theme draws it with."""
    loaded, timeline = baltic
    day = _day_with_every_phase(timeline)
    from dashboard.engine.timeline import date_of

    sm = StaticMap(loaded, MapOptions(theme=theme, date=date_of(day)), timeline, 900, 600)
    drawn = {int(p) for p in state_at(timeline, float(int(day))).phase} & set(PHASE_WORDS)
    legend = sm._legend
    rows = {txt.get_text(): h for txt, h in zip(legend.get_texts(), legend.legend_handles)}
    listed = {p for p, words in PHASE_WORDS.items() if words in rows}
    assert listed == drawn and drawn
    for phase in listed:
        handle = rows[PHASE_WORDS[phase]]
        assert to_hex(handle.get_color()) == THEMES[theme].routes[phase][0]
        assert handle.get_linestyle() == ("-" if THEMES[theme].routes[phase][3] is None else "--")
    assert {to_hex(t.get_color()) for t in legend.get_texts()} == {THEMES[theme].ink}


def test_graticule_only_when_asked(baltic):
    loaded, timeline = baltic
    plain = StaticMap(loaded, MapOptions(), timeline, 900, 600)
    assert not [c for c in plain.ax.collections if c.get_gid() == "dm-graticule"]
    assert 'id="dm-graticule' not in plain.to_bytes("svg").decode("utf-8")
    sm = StaticMap(loaded, MapOptions(graticule=True, theme="print"), timeline, 900, 600)
    lines = [c for c in sm.ax.collections if c.get_gid() == "dm-graticule"]
    assert len(lines) == 1
    w, s, e, n = sm.bounds
    # meridians and parallels at the chosen step, every one across the extent drawn
    step = sm.graticule_step
    assert max(e - w, n - s) / step <= 8
    inside = int(np.floor(e / step) - np.ceil(w / step) + 1) + int(np.floor(n / step) - np.ceil(s / step) + 1)
    assert len(lines[0].get_segments()) >= inside > 0
    assert to_hex(lines[0].get_colors()[0]) == THEMES["print"].graticule
    assert 'id="dm-graticule' in sm.to_bytes("svg").decode("utf-8")


def test_context_labels_only_when_asked_and_clear_of_the_units(baltic):
    loaded, timeline = baltic
    plain = StaticMap(loaded, MapOptions(), timeline, 1080, 1080)
    assert not [a for a in plain.label_artists if a.get_gid() == "dm-context"]
    sm = StaticMap(loaded, MapOptions(context_labels=True), timeline, 1080, 1080)
    names = [a for a in sm.label_artists if a.get_gid() == "dm-context"]
    import geopandas as gpd

    from dashboard.core.paths import BASEMAP

    countries = set(gpd.read_file(BASEMAP)["name"])
    assert names and {a.get_text() for a in names} <= countries
    sm.canvas.draw()
    renderer = sm.canvas.get_renderer()
    others = [(a.get_bbox_patch() or a).get_window_extent(renderer) for a in sm.label_artists if a not in names]
    for art in names:
        bb = art.get_window_extent(renderer)
        assert not any(bb.overlaps(o) for o in others), art.get_text()
        for sx, sy, w, h in sm.symbol_boxes:
            assert not (bb.x0 < sx + w / 2 and sx - w / 2 < bb.x1 and bb.y0 < sy + h / 2 and sy - h / 2 < bb.y1)


def test_the_web_map_wears_the_theme():
    """Browser-rendered stills and animations draw the web map: its page carries the theme's palette
    (CSS variables and the text-box overrides) and its basemap colours."""
    loaded = load_dataset(ROOT / "data")
    html = render_html(build_map(loaded, MapOptions(theme="dark", controls=False)))
    assert css_variables("dark") in html and theme_css("dark") in html
    assert THEMES["dark"].land in html and THEMES["light"].land not in html
    light = render_html(build_map(loaded, MapOptions(controls=False)))
    assert css_variables("light") in light and theme_css("light") == ""


def test_cli_theme_and_graticule(tmp_path, capsys):
    out = tmp_path / "m.svg"
    code = main(["export", "--data", str(ROOT / "data"), "--out", str(out), "--theme", "print", "--graticule"])
    assert code == 0
    svg = out.read_text(encoding="utf-8")
    assert THEMES["print"].land in svg and 'id="dm-graticule' in svg
    with pytest.raises(SystemExit):
        main(["export", "--data", str(ROOT / "data"), "--out", str(out), "--theme", "sepia"])
    assert "invalid choice: 'sepia'" in capsys.readouterr().err
    code = main(
        ["export", "--data", str(ROOT / "data"), "--out", str(tmp_path / "m.png"), "--graticule", "--engine", "browser"]
    )
    assert code != 0
    assert "--engine static" in capsys.readouterr().err


def test_the_static_renderer_names_no_colour_of_its_own():
    """Every colour the static renderer draws with comes from the theme (dashboard/web/style.py)."""
    import re

    source = (ROOT / "dashboard" / "export" / "static.py").read_text(encoding="utf-8")
    assert not re.findall(r"#[0-9a-fA-F]{6}\b", source)
    assert not re.findall(r"""["'](white|black)["']""", source)
