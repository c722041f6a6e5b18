"""The web map's still (the page browser-rendered PNG/GIF/MP4 are taken of), checked in Chromium:
its legend lists the route phases drawn on the shown date and no other (counted from the timeline
here), each locator label lies inside the inset, and a theme other than light reaches the text boxes."""

from __future__ import annotations

import datetime as dt
import re
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


_LOCATOR_LABELS = """() => {
  const box = document.querySelector('.dm-locator');
  if (!box) return null;
  const b = box.getBoundingClientRect();
  const dots = Array.from(box.querySelectorAll('path.leaflet-interactive, path')).filter(
      d => d.getAttribute('stroke') === '#13202b').map(d => d.getBoundingClientRect());
  return {aria: box.getAttribute('aria-label'), dots: dots.map(r => [r.left, r.top, r.right, r.bottom]),
    labels: Array.from(box.querySelectorAll('.dm-locator-label')).map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, box: [r.left, r.top, r.right, r.bottom],
              inside: r.left >= b.left && r.right <= b.right + 0.5 && r.top >= b.top && r.bottom <= b.bottom + 0.5};
    })};
}"""


def _overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


@pytest.mark.parametrize(
    ("data", "day"), [("data", dt.date(2022, 2, 10)), ("tests/data/crowded/far-origins.yaml", dt.date(2022, 2, 6))]
)
@pytest.mark.parametrize("size", [(1000, 640), (390, 600), (390, 844), (320, 560)])
def test_locator_labels_stay_inside_the_inset_and_clear_of_one_another(renderer, data, day, size):
    """Each far place is named once (its own label or a neighbour's "and N more"), every label inside
    the inset, no label over another label or over another label's dot."""
    loaded = load_dataset(ROOT / data)
    timeline = build_timeline(loaded)
    with _open(renderer, loaded, timeline, day, size=size) as page:
        info = page.evaluate(_LOCATOR_LABELS)
    assert info and info["labels"], f"no locator inset at {size}"
    labels = info["labels"]
    assert all(lab["inside"] for lab in labels), (size, labels)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a["box"], b["box"]), (size, a, b)
    assert len(info["dots"]) == len(labels), info  # a dot a label: merged places share one
    for i, a in enumerate(labels):
        for j, d in enumerate(info["dots"]):
            if i != j:
                assert not _overlap(a["box"], d, 1.0), (size, a, d)
    # the names the labels count ("and 2 more") are as many as the far places the inset's name lists
    named = sum(1 + int(m.group(1)) if (m := re.search(r"and (\d+) more", lab["text"])) else 1 for lab in labels)
    assert named == len(info["aria"].split(": ", 1)[1].split(", ")), info


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
