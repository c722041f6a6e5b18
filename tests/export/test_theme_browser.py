"""The web map's still (the page browser-rendered PNG/GIF/MP4 are taken of), checked in Chromium:
its legend lists the route phases drawn on the shown date and no other (counted from the timeline
here), each locator label lies inside the inset, and a theme other than light reaches the text boxes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import export
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import PHASES, build_timeline, day_number, state_at
from dashboard.export.browser import FIT_PADDING, PREPARE_JS, browser_options, still_map_html
from dashboard.web.options import MapOptions
from dashboard.web.style import THEMES

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not export.chromium_available(), reason="headless Chromium is not installed"),
]


@pytest.fixture(scope="module")
def renderer():
    r = export.default_renderer()
    yield r
    export.close_default_renderer()


def _open(renderer, loaded, timeline, day: dt.date, theme: str = "light", size=(1000, 640)):
    opts = browser_options(loaded, MapOptions(date=day, theme=theme), timeline, day, day)
    html, name = still_map_html(loaded, opts, timeline, day, day)
    page = renderer.open_page(html, *size, 1)
    page.evaluate(
        PREPARE_JS,
        {"mapName": name, "bounds": list(opts.bounds), "day": float(day_number(day)), "pad": list(FIT_PADDING)},
    )
    return page


@pytest.mark.parametrize(
    ("data", "day"),
    [("data", dt.date(2022, 2, 10)), ("data", dt.date(2022, 2, 2)), ("tests/data/crowded/baltic.yaml", None)],
)
def test_legend_lists_the_phases_drawn_on_the_date(renderer, data, day):
    loaded = load_dataset(ROOT / data)
    timeline = build_timeline(loaded)
    if day is None:  # the middle of the dataset's movements
        from dashboard.engine.timeline import date_of

        day = date_of((timeline.depart.min() + timeline.arrive.max()) / 2)
    phases = {PHASES[int(p)] for p in state_at(timeline, float(day_number(day))).phase}
    expected = phases & {"not_started", "in_transit", "arrived"}
    with _open(renderer, loaded, timeline, day) as page:
        rows = page.evaluate("""() => Array.from(document.querySelectorAll('.dm-legend [data-phase]'))
            .filter(r => r.getBoundingClientRect().height > 0).map(r => r.dataset.phase)""")
    assert set(rows) == expected, (day, rows)


def test_locator_labels_stay_inside_the_inset(renderer):
    loaded = load_dataset(ROOT / "data")
    timeline = build_timeline(loaded)
    for size in ((1000, 640), (390, 600)):
        with _open(renderer, loaded, timeline, dt.date(2022, 2, 10), size=size) as page:
            info = page.evaluate("""() => {
              const box = document.querySelector('.dm-locator');
              if (!box) return null;
              const b = box.getBoundingClientRect();
              return Array.from(box.querySelectorAll('.dm-locator-label')).map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent, inside: r.left >= b.left && r.right <= b.right + 0.5
                        && r.top >= b.top && r.bottom <= b.bottom + 0.5};
              });
            }""")
        assert info, f"no locator inset at {size}"
        assert all(lab["inside"] for lab in info), (size, info)


def test_dark_theme_reaches_the_labels_and_legend(renderer):
    loaded = load_dataset(ROOT / "data")
    timeline = build_timeline(loaded)
    with _open(renderer, loaded, timeline, dt.date(2022, 2, 10), theme="dark") as page:
        info = page.evaluate("""() => ({
            label: getComputedStyle(document.querySelector('.dm-label')).color,
            legend: getComputedStyle(document.querySelector('.dm-legend')).color,
            ocean: getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor})""")
    t = THEMES["dark"]

    def rgb(h: str) -> str:
        return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (1, 3, 5)))

    assert info == {"label": rgb(t.ink), "legend": rgb(t.ink), "ocean": rgb(t.ocean)}
