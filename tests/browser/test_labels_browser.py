"""Labels never collide on the map, at desktop and phone sizes, on the bundled data and two crowded
theatres (tests/data/crowded/, frozen before the placement changed); stacks are clickable; data over
the antimeridian is drawn on one side of the map.

Overlaps are measured from the rendered boxes (getBoundingClientRect) of the visible labels, against
each other and against every unit symbol, event star and stack badge. The pages are the offline HTML
export's (every asset inlined), set as the page's content: nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.web.options import MapOptions
from dashboard.web.page import build_map, render_html
from tests.browser.harness import assert_clean, browser, new_page, require_chromium  # noqa: F401

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DATASETS = {
    "bundled": ROOT / "data",
    "baltic": ROOT / "tests" / "data" / "crowded" / "baltic.yaml",
    "korea": ROOT / "tests" / "data" / "crowded" / "korea.yaml",
}
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

OVERLAPS = """() => {
  const vis = (e) => { const s = getComputedStyle(e); return s.visibility !== 'hidden' && s.display !== 'none' && e.getClientRects().length; };
  const labels = [...document.querySelectorAll('.dm-label')].filter(vis);
  const marks = [...document.querySelectorAll('.dm-unit, .dm-event, .dm-stack')].filter(vis);
  const R = (e) => e.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const out = [];
  labels.forEach((l, i) => {
    const a = R(l);
    labels.slice(i + 1).forEach((o) => { if (meet(a, R(o))) out.push(l.textContent + ' / ' + o.textContent); });
    marks.forEach((m) => { if (meet(a, R(m))) out.push(l.textContent + ' / a symbol'); });
  });
  return {labels: labels.length, overlaps: out};
}"""


def _html(path: Path) -> str:
    loaded = load_dataset(path)
    return render_html(build_map(loaded, MapOptions(), build_timeline(loaded)), inline=True)


@pytest.fixture(scope="module")
def pages():
    require_chromium()
    return {name: _html(path) for name, path in DATASETS.items()}


def _open(browser, html: str, viewport: dict):  # noqa: F811
    s = new_page(browser, viewport)
    s.page.set_content(html)
    s.page.wait_for_function("() => window.deploymap && window.deploymap.map.getZoom() !== undefined")
    s.page.wait_for_timeout(500)
    return s


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("dataset", DATASETS)
def test_no_label_overlaps_at_any_date_or_zoom(browser, pages, dataset, viewport):  # noqa: F811
    s = _open(browser, pages[dataset], VIEWPORTS[viewport])
    try:
        page = s.page
        start, end = page.evaluate("() => [window.deploymap.data.start, window.deploymap.data.end]")
        shown = 0
        for day in sorted({start + (end - start) // 3, start + 2 * (end - start) // 3, end}):
            for dz in (0, 1, 2):
                page.evaluate(f"() => window.deploymap.setDay({day}, false)")
                if dz:
                    page.evaluate(
                        f"() => void window.deploymap.map.setZoom(window.deploymap.map.getZoom() + {dz}, {{animate: false}})"
                    )
                page.wait_for_timeout(250)
                r = page.evaluate(OVERLAPS)
                assert r["overlaps"] == [], f"{dataset} {viewport} day {day} zoom +{dz}: {r['overlaps']}"
                shown += r["labels"]
                if dz:
                    page.evaluate(
                        f"() => void window.deploymap.map.setZoom(window.deploymap.map.getZoom() - {dz}, {{animate: false}})"
                    )
        assert shown > 0, "no label was shown at all"
        # what was hidden is said: the note's count is the number of labels hidden for lack of room
        hidden = page.evaluate("() => window.deploymap.labelsHidden")
        note = page.evaluate("() => (document.querySelector('.dm-hidden-count') || {}).textContent || ''")
        assert (hidden == 0 and note == "") or note.startswith(f"{hidden} label")
        s.screenshot(f"labels-{dataset}-{viewport}")
        assert_clean(s)
    finally:
        s.close()


def test_a_stack_shows_its_count_and_fans_out_on_click(browser, pages):  # noqa: F811
    """Baltic: five units and an event end at Rukla, five units at Ādaži; at a small zoom they stack
    under one symbol with '+N' (what else is on the spot), and a click on the count shows each of
    them, clickable."""
    s = _open(browser, pages["baltic"], VIEWPORTS["desktop"])
    try:
        page = s.page
        page.evaluate(
            "() => { const dm = window.deploymap; dm.setDay(dm.data.end, false); dm.map.setZoom(5, {animate: false}); }"
        )
        page.wait_for_timeout(300)
        badges = page.locator(".dm-stack")
        assert badges.count() >= 1
        n = int(badges.first.inner_text().strip().lstrip("+"))
        shown = (
            "() => [...document.querySelectorAll('.dm-unit, .dm-event')].filter(e => e.style.display !== 'none').length"
        )
        visible_before = page.evaluate(shown)
        badges.first.click()
        page.wait_for_timeout(300)
        visible_after = page.evaluate(shown)
        assert visible_after == visible_before + n
        # every unit symbol now on the map can be hit where it is drawn
        covered = page.evaluate("""() => [...document.querySelectorAll('.dm-unit, .dm-event')].filter(e => e.style.display !== 'none').filter((e) => {
            const b = e.getBoundingClientRect(), hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
            return hit && !hit.closest('.leaflet-control') && !(hit === e || e.contains(hit));
        }).length""")
        assert covered == 0
        assert_clean(s)
    finally:
        s.close()


def test_guam_to_honolulu_is_drawn_on_one_side_of_the_map(browser):  # noqa: F811
    require_chromium()
    s = _open(browser, _html(ROOT / "tests" / "data" / "continents" / "pacific.yaml"), VIEWPORTS["desktop"])
    try:
        page = s.page
        # the first view fits the destination; Guam, the far origin, is in the locator inset
        assert "Andersen AFB" in page.locator(".dm-locator").get_attribute("aria-label")
        page.locator(".dm-locator").click()  # the whole story
        page.wait_for_timeout(800)
        r = page.evaluate("""() => {
          const dm = window.deploymap, map = dm.map, b = map.getBounds(), m = dm.moves[0];
          const end = map.latLngToContainerPoint([m.b[1], m.b[0]]), start = map.latLngToContainerPoint([m.a[1], m.a[0]]);
          const size = map.getSize();
          return {start: [start.x, start.y], end: [end.x, end.y], w: size.x, h: size.y, zoom: map.getZoom(),
                  route: m.latlngs.map(p => p[1]), basemap: map.getContainer().getAttribute('data-basemap')};
        }""")
        # both ends inside the view, Honolulu east of Guam, the route continuous (no jump of 360 degrees)
        for x, y in (r["start"], r["end"]):
            assert 0 <= x <= r["w"] and 0 <= y <= r["h"], r
        assert r["end"][0] > r["start"][0]
        assert max(abs(a - b) for a, b in zip(r["route"], r["route"][1:])) < 10
        assert r["zoom"] >= 3
        s.screenshot("antimeridian-guam-honolulu")
        assert_clean(s)
    finally:
        s.close()


NOTE_CLEAR = """() => {
  const n = document.querySelector('.dm-hidden-count');
  const r = n.getBoundingClientRect(), c = document.querySelector('.leaflet-container').getBoundingClientRect();
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const out = [];
  if (r.left < c.left || r.right > c.right || r.top < c.top || r.bottom > c.bottom) out.push('outside the map');
  if (n.scrollWidth > n.clientWidth || n.scrollHeight > n.clientHeight) out.push('its text overflows');
  document.querySelectorAll('.leaflet-control, .dm-date').forEach((e) => {
    if (e.getClientRects().length && meet(r, e.getBoundingClientRect())) out.push('under ' + e.className);
  });
  return {text: n.textContent, problems: out};
}"""


@pytest.mark.parametrize("width", [390, 358])  # a phone's window; the app's map in it (16 px margins)
@pytest.mark.parametrize("dataset", ["baltic", "korea"])
def test_the_hidden_labels_note_is_whole_on_a_phone(browser, pages, dataset, width):  # noqa: F811
    """The '+N labels hidden' note is readable whole: inside the map, its text not cut, under no
    control (the locator inset took its first words on a phone)."""
    s = _open(browser, pages[dataset], {"width": width, "height": 844})
    try:
        hidden = s.page.evaluate("() => window.deploymap.labelsHidden")
        assert hidden > 0, "the crowded theatre hides no label at this size: the test would check nothing"
        assert s.page.locator(".dm-locator").count() == 1
        r = s.page.evaluate(NOTE_CLEAR)
        assert r["text"].startswith(f"{hidden} labels hidden") and r["problems"] == [], r
        s.screenshot(f"labels-note-{dataset}-{width}", full_page=False)
        assert_clean(s)
    finally:
        s.close()


def test_two_markers_of_one_unit_say_how_they_differ(browser, pages):  # noqa: F811
    """The 82nd Airborne's two halves (data/movements.yaml) on 20 Feb 2022: two symbols of one unit. Each label
    carries its own half's words from the data (arrived by 10 Feb / arrival between 10 and 17 Feb), not two
    identical 'about 850' a reader cannot tell apart (a new user's find)."""
    from dashboard.web.words import arrive_words

    loaded = load_dataset(DATASETS["bundled"])
    halves = [m for m in loaded.dataset.movements if m.unit == "us-82abn-poland"]
    assert len(halves) == 2
    want = sorted(arrive_words(m.arrive) for m in halves)
    s = _open(browser, pages["bundled"], VIEWPORTS["desktop"])
    try:
        day = s.page.evaluate("() => (Date.UTC(2022, 1, 20) / 86400000)")
        s.page.evaluate(f"() => window.deploymap.setDay({day}, false)")
        s.page.wait_for_timeout(250)
        says = s.page.evaluate(
            """() => [...document.querySelectorAll('.dm-label')]
                .filter((l) => (l.querySelector('.dm-label-name') || {}).textContent === '82nd Abn (Poland)')
                .map((l) => l.querySelector('.dm-label-say').textContent)"""
        )
        assert len(says) == 2, says
        assert sorted(w for w in want if any(w in x for x in says)) == want, (says, want)
        assert_clean(s)
    finally:
        s.close()
