"""Stories, the map in words and accessibility, in Chromium, as a reader would use them.

- A teacher opens the bundled story from a link (`?story=...&step=2`) at desktop and phone sizes,
  steps through it with the keyboard only (Tab to "Next ▶", Enter), and each step sets the map's
  date, frames its units and shows its caption with its sources; the range step plays to its end.
- The map in words, under the map, says what the data says on the shown date (compared with
  dashboard.engine.describe on the same data).
- Keyboard: the map's first stop is a skip link to the timeline; the slider announces a date
  (aria-valuetext), not a day number; Escape closes a unit's popup and gives the focus back to it;
  a system asking for more contrast gets the map's high-contrast style.
- axe-core (npm, pinned): 0 serious or critical violations on the app page, the map, the curation
  page and an exported HTML file.

Screenshots: test-artifacts/screenshots/story-*.png (looked at by a reviewer).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.describe import describe
from dashboard.engine.timeline import build_timeline, day_number
from dashboard.web.mapspec import SIDE_WORDS
from tests.browser import axe
from tests.browser.harness import (  # noqa: F401
    REPO_ROOT,
    Session,
    app_server,
    assert_clean,
    browser,
    map_frame,
    new_page,
    open_map,
    wait_for,
    wait_idle,
)
from tests.browser.test_acceptance_browser import _SEEN, VIEWPORTS, assert_seen

pytestmark = pytest.mark.browser

DATA = REPO_ROOT / "data"
STORY = "feb-2022-reinforcements"


@pytest.fixture(scope="module")
def server():
    with app_server(DATA, name="story") as base:
        yield base


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(DATA)
    return loaded, build_timeline(loaded)


def _map_date(s: Session) -> str:
    return map_frame(s.page).evaluate("() => window.deploymap.isoDate()")


def _settled(s: Session) -> None:
    wait_idle(s)
    s.page.wait_for_timeout(800)
    wait_idle(s)


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_story_told_step_by_step_with_the_keyboard(browser, server, bundled, size):  # noqa: F811
    loaded, _ = bundled
    story = loaded.dataset.stories[0]
    s = new_page(browser, viewport=VIEWPORTS[size])
    try:
        open_map(s, server, f"?story={STORY}&step=2")
        _settled(s)
        assert f"step 2 of {len(story.steps)}" in s.page.inner_text("body")
        assert story.steps[1].caption in s.page.inner_text("body")
        assert "About 1,700 U.S. soldiers from the 82nd Airborne Division" in s.page.inner_text("body")
        # framed on the 82nd in Poland, not on the Atlantic (Fort Bragg is left out of the frame)
        center = map_frame(s.page).evaluate(
            "() => { const c = window.deploymap.map.getCenter(); return [c.lat, c.lng]; }"
        )
        assert 45 < center[0] < 60 and 5 < center[1] < 35, center
        s.screenshot(f"story-step2-{size}", full_page=False)
        # keyboard only: focus "Next ▶" and press Enter, twice (step 3, then the range step 4)
        s.page.get_by_role("button", name="Next ▶").focus()
        for expected in (3, 4):  # Enter, Enter: the focus stays on "Next ▶" from one step to the next
            s.page.keyboard.press("Enter")
            wait_for(
                s.page, lambda n=expected: f"step {n} of" in s.page.inner_text("body"), 20, message=f"step {expected}"
            )
            _settled(s)
            assert f"step={expected}" in s.page.url
            wait_for(
                s.page,
                lambda: "Next ▶" in (s.page.evaluate("() => document.activeElement.innerText") or ""),
                10,
                message="the focus back on Next",
            )
            live = s.page.locator('.story-step[role="status"][aria-live="polite"]')
            assert story.steps[expected - 1].caption in live.inner_text()  # a screen reader hears the new step
        assert story.steps[3].caption in s.page.inner_text("body")
        # the range step plays from 10 to 17 February and stops there
        wait_for(s.page, lambda: _map_date(s) == "2022-02-17", 30, message="the step's range played to its end")
        s.screenshot(f"story-step4-{size}", full_page=False)
        assert_clean(s)
    finally:
        s.close()


def test_on_a_phone_next_shows_the_new_steps_map_with_its_text_under_it(browser, server, bundled):  # noqa: F811
    """A phone stacks the story under the map: after "Next ▶" (pressed where it is, under the map) the
    map of the new step is back in view, whole, and the step's text starts under it, in view too."""
    loaded, _ = bundled
    story = loaded.dataset.stories[0]
    s = new_page(browser, viewport=VIEWPORTS["phone"])
    try:
        open_map(s, server, f"?story={STORY}&step=2")
        _settled(s)
        iframe = s.page.locator('iframe[title="dashboard.ui.component.deploymap"]').first
        step = s.page.locator(".story-step").first
        # the step's text comes right after the map, before the map's caption and panels
        order = s.page.evaluate(
            "() => [document.querySelector('iframe[title=\"dashboard.ui.component.deploymap\"]'),"
            " document.querySelector('.story-step'), document.querySelector('.map-words')]"
            ".map(e => e.getBoundingClientRect().top)"
        )
        assert order == sorted(order), order
        nxt = s.page.get_by_role("button", name="Next ▶")
        nxt.scroll_into_view_if_needed()
        assert iframe.evaluate(_SEEN) != ""  # the map has gone up, out of the window, as the reader reads on
        nxt.click()
        wait_for(s.page, lambda: "step 3 of" in s.page.inner_text("body"), 20, message="step 3")
        _settled(s)
        assert story.steps[2].caption in step.inner_text()
        wait_for(s.page, lambda: iframe.evaluate(_SEEN) == "", 10, message="the new step's map in view")
        top = step.evaluate("(e) => e.getBoundingClientRect().top")
        assert 0 <= top < s.page.viewport_size["height"] - 40, top  # the step's text starts in view
        s.screenshot("story-phone-after-next", full_page=False)
        assert_clean(s)
    finally:
        s.close()


# The markers of the named units (a unit's marker is named 'Unit: <name>...') in the map's view: each
# one's box and what is drawn over the map (controls, the locator inset, the date, the timeline) it meets.
UNDER = """(names) => {
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  const over = [...document.querySelectorAll('.leaflet-control, #dm-date, .dm-map-title, .dm-timeline, .dm-count')]
    .map(e => [e.className.split(' ')[0] || e.id, e.getBoundingClientRect()]).filter(([, r]) => r.width && r.height);
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return [...document.querySelectorAll('.dm-unit[aria-label]')]
    .filter(e => names.some(n => e.getAttribute('aria-label').startsWith('Unit: ' + n)))
    .map(e => e.getBoundingClientRect()).filter(r => meet(r, box))
    .map(r => over.filter(([, o]) => meet(r, o)).map(([n]) => n));
}"""


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_steps_units_are_framed_clear_of_the_locator_inset(browser, server, bundled, size):  # noqa: F811
    """Step 3 frames the 2nd Cavalry Regiment's Stryker squadron: its symbol is in the view and under
    nothing drawn over the map (it sat under the locator inset, top left, on a desktop)."""
    from dashboard.engine.story import step_movements

    loaded, _ = bundled
    story = loaded.dataset.stories[0]
    s = new_page(browser, viewport=VIEWPORTS[size])
    checked: dict[int, list[str]] = {}
    try:
        for n in range(1, len(story.steps) + 1):
            moved = step_movements(loaded, story.steps[n - 1])
            names = sorted({loaded.units[m.unit].name for m in loaded.dataset.movements if m.id in moved})
            if not names:
                continue
            open_map(s, server, f"?story={STORY}&step={n}")
            _settled(s)
            frame = map_frame(s.page)
            assert frame.locator(".dm-locator").count() == 1  # the inset is there to be kept clear of
            seen = frame.evaluate(UNDER, names)
            assert seen and all(under == [] for under in seen), (n, names, seen)
            checked[n] = names
        assert checked[3] == ["2nd Cavalry Regiment Stryker squadron"]
        s.screenshot(f"story-framed-clear-{size}", full_page=False)
        assert_clean(s)
    finally:
        s.close()


def test_the_map_in_words_says_what_the_data_says(browser, server, bundled):  # noqa: F811
    loaded, timeline = bundled
    s = new_page(browser, viewport=VIEWPORTS["desktop"])
    try:
        open_map(s, server, "?date=2022-02-20")
        _settled(s)
        region = s.page.locator('[role="status"][aria-live="polite"]').filter(has_text="the map shows")
        assert_seen(region.first, "the map in words")
        shown = " ".join(region.first.inner_text().split())
        expected = describe(loaded, timeline, dt.date(2022, 2, 20)).text
        assert shown == " ".join(expected.split())
        assert "About 850 of the 82nd Airborne Division soldiers deploying to Poland had arrived in Poland" in shown
        assert_clean(s)
    finally:
        s.close()


def test_keyboard_skip_link_slider_words_and_escape(browser, server, bundled):  # noqa: F811
    s = new_page(browser, viewport=VIEWPORTS["desktop"])
    try:
        frame = open_map(s, server, "?date=2022-02-10")
        _settled(s)
        frame.locator(".dm-skip").focus()
        assert frame.locator(".dm-skip").is_visible()  # seen once the keyboard reaches it
        s.page.keyboard.press("Enter")
        assert frame.evaluate("() => document.activeElement && document.activeElement.id") == "dm-slider"
        assert frame.locator("#dm-slider").get_attribute("aria-valuetext") == "10 February 2022"
        s.page.keyboard.press("ArrowRight")
        wait_for(s.page, lambda: frame.locator("#dm-slider").get_attribute("aria-valuetext") == "11 February 2022", 5)
        # every outline the keyboard reaches (routes, stretches, countries, areas) is a named stop, and the
        # areas' names are those of the areas in force on the date, with their side and dates as sourced
        shapes = frame.evaluate(
            "() => Array.from(document.querySelectorAll('path.leaflet-interactive'))"
            ".map(e => [e.getAttribute('class'), e.getAttribute('role'), e.getAttribute('aria-label')])"
        )
        assert shapes and all(role and label for _, role, label in shapes), [s for s in shapes if not s[1] or not s[2]]
        day = day_number(dt.date(2022, 2, 11))
        in_force = sorted(
            f"Area: {a.name}, {SIDE_WORDS[a.affiliation or 'unknown']}, valid "
            for a in bundled[0].dataset.areas
            if (a.valid_from.lo if a.valid_from.earliest is not None else a.valid_from.hi) <= day
            and (a.valid_to is None or day <= a.valid_to.hi)
        )
        named = sorted(label for cls, _, label in shapes if "dm-area" in cls)
        assert len(named) == len(in_force) > 0 and all(n.startswith(w) for n, w in zip(named, in_force)), named
        assert "Area: Crimea, annexed by Russia, hostile, valid from 18 Mar 2014" in named
        # a unit marker has a name, opens its popup with Enter, closes it with Escape and keeps the focus
        marker = frame.locator(".dm-unit[aria-label]").first
        assert marker.get_attribute("aria-label").startswith("Unit: ")
        marker.focus()
        s.page.keyboard.press("Enter")
        wait_for(s.page, lambda: frame.locator(".leaflet-popup").count() == 1, 5, message="popup opened")
        s.page.keyboard.press("Escape")
        wait_for(s.page, lambda: frame.locator(".leaflet-popup").count() == 0, 5, message="popup closed")
        assert frame.evaluate("() => document.activeElement.classList.contains('dm-unit')")
        # a reader whose system asks for more contrast gets black on white (and white on black)
        s.page.emulate_media(contrast="more")
        colours = frame.evaluate(
            "() => [getComputedStyle(document.querySelector('.dm-date')).backgroundColor,"
            " getComputedStyle(document.querySelector('.dm-label')).color]"
        )
        assert colours == ["rgb(0, 0, 0)", "rgb(0, 0, 0)"]
    finally:
        s.close()


CENTER = "() => { const c = window.deploymap.map.getCenter(); return [c.lat, c.lng, window.deploymap.map.getZoom()]; }"


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_closing_a_popup_puts_the_map_back_where_it_was(browser, server, size):  # noqa: F811
    """A popup pans the map to be seen whole; closed (Escape), the map is back where the reader left it.
    A popup that did not pan the map leaves it alone too."""
    s = new_page(browser, viewport=VIEWPORTS[size])
    try:
        frame = open_map(s, server, "?date=2022-02-10")
        _settled(s)
        markers = frame.locator(".dm-unit[aria-label]")
        panned = 0
        for i in range(markers.count()):
            if not markers.nth(i).is_visible():
                continue
            markers.nth(i).focus()  # a marker out of view is brought into it (Leaflet's autoPanOnFocus)
            s.page.wait_for_timeout(400)
            before = frame.evaluate(CENTER)
            s.page.keyboard.press("Enter")
            wait_for(s.page, lambda: frame.locator(".leaflet-popup").count() == 1, 5, message="popup opened")
            s.page.wait_for_timeout(600)  # the pan's animation (0.25 s)
            panned += frame.evaluate(CENTER) != before
            s.page.keyboard.press("Escape")
            wait_for(s.page, lambda: frame.locator(".leaflet-popup").count() == 0, 5, message="popup closed")
            after = frame.evaluate(CENTER)
            assert after[2] == before[2] and abs(after[0] - before[0]) < 1e-6 and abs(after[1] - before[1]) < 1e-6, (
                i,
                before,
                after,
            )
        assert panned > 0, "no popup panned the map: the test would check nothing"
        assert_clean(s)
    finally:
        s.close()


# Where a marker is, and what drawn over the map its box meets.
COVERED = """(e) => {
  const r = e.getBoundingClientRect();
  const meet = (o) => o.width && o.height && r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom;
  return [...document.querySelectorAll('.leaflet-control, #dm-date, .dm-map-title, .dm-timeline, .dm-count')]
    .filter((o) => meet(o.getBoundingClientRect())).map((o) => o.className.split(' ')[0] || o.id);
}"""


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_marker_the_keyboard_reaches_under_a_control_is_brought_clear(browser, server, size):  # noqa: F811
    """A unit the keyboard reaches while it lies under the locator inset (its focus ring hidden there)
    is moved into the clear: focused, seen, under nothing drawn over the map."""
    s = new_page(browser, viewport=VIEWPORTS[size])
    try:
        frame = open_map(s, server, "?date=2022-02-10")
        _settled(s)
        marker = frame.locator(".dm-unit[aria-label]").filter(visible=True).first
        # the map panned (as a reader drags it) until the marker sits under the middle of the inset
        frame.evaluate(
            """(m) => { const r = m.getBoundingClientRect(), o = document.querySelector('.dm-locator').getBoundingClientRect();
            window.deploymap.map.panBy([(r.left + r.right - o.left - o.right) / 2, (r.top + r.bottom - o.top - o.bottom) / 2],
            {animate: false}); }""",
            marker.element_handle(),
        )
        assert "dm-locator" in marker.evaluate(COVERED)
        marker.focus()
        wait_for(s.page, lambda: marker.evaluate(COVERED) == [], 5, message="the focused marker clear of the controls")
        assert marker.evaluate("(m) => document.activeElement === m")
        assert_clean(s)
    finally:
        s.close()


def _no_serious(where: str, violations: list[dict]) -> None:
    assert axe.serious(violations) == [], f"{where}: " + "; ".join(axe.serious(violations))


def test_axe_finds_no_serious_violation(browser, server, tmp_path):  # noqa: F811
    s = new_page(browser, viewport=VIEWPORTS["desktop"])
    try:
        open_map(s, server, f"?story={STORY}&step=1")
        _settled(s)
        _no_serious("app page", axe.audit(s.page, exclude=["iframe"]))
        _no_serious("map", axe.audit(map_frame(s.page)))
        s.page.goto(server + "/Curate_an_article", wait_until="domcontentloaded")
        _settled(s)
        _no_serious("curation page", axe.audit(s.page, exclude=["iframe"]))
        out = tmp_path / "map.html"
        subprocess.run(
            [sys.executable, "-m", "dashboard", "export", "--data", str(DATA), "--format", "html", "--out", str(out)],
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
        )
        s.page.set_content(out.read_text(encoding="utf-8"))
        s.page.wait_for_function("() => window.deploymap && window.deploymap.isoDate()", timeout=20000)
        _no_serious("exported HTML", axe.audit(s.page))
        assert s.page.evaluate("() => document.documentElement.lang") == "en"
    finally:
        s.close()


def test_a_story_is_taken_away_as_slides_and_a_handout(browser, server, bundled, tmp_path):  # noqa: F811
    loaded, _ = bundled
    n = len(loaded.dataset.stories[0].steps)
    s = new_page(browser, viewport=VIEWPORTS["desktop"])
    try:
        open_map(s, server, f"?story={STORY}&step=1")
        _settled(s)
        s.page.get_by_text("Take this story away").click()
        with s.page.expect_download() as got:
            s.page.get_by_role("button", name="Download the slides (one HTML file, works offline)").click()
        slides = got.value.path().read_text(encoding="utf-8")
        assert slides.count('<section class="step"') == n and "node_modules/" not in slides
        s.page.get_by_role("button", name="Prepare the PDF handout (a page per step)").click()
        button = s.page.get_by_role("button", name="Download the PDF handout")
        button.wait_for(timeout=120000)
        with s.page.expect_download() as got:
            button.click()
        pdf = got.value.path().read_bytes()
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) == n
        assert_clean(s)
    finally:
        s.close()
