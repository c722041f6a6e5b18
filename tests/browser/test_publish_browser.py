"""The published site in Chromium: served by a plain static file server on loopback (no Python app
behind it) and opened from disk (file://), offline, at desktop and phone sizes, as a reader would.

- index.html opens on the date in its address (#date=), says the map in words for it, and keeps the
  date in the address when the reader moves the timeline with the keyboard;
- a story page steps with the keyboard (→ and the Next button), its address following (#step=N);
- a date page links to the map on that date;
- axe-core finds no serious or critical violation on the index and a story page;
- no request leaves the machine.
Screenshots: test-artifacts/screenshots/site-*.png (looked at by a reviewer).
"""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.describe import describe
from dashboard.engine.timeline import build_timeline
from dashboard.publish.site import publish
from tests.browser import axe
from tests.browser.harness import (  # noqa: F401
    REPO_ROOT,
    Session,
    assert_clean,
    browser,
    new_page,
    static_server,
    wait_for,
)
from tests.browser.test_acceptance_browser import VIEWPORTS

pytestmark = pytest.mark.browser

DATA = REPO_ROOT / "data"
STORY = "feb-2022-reinforcements"


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(DATA)
    return loaded, build_timeline(loaded)


@pytest.fixture(scope="module")
def site(tmp_path_factory, bundled):
    loaded, timeline = bundled
    return publish(loaded, tmp_path_factory.mktemp("pub") / "site", timeline=timeline).out


@pytest.fixture(scope="module")
def served(site):
    """The site behind `python -m http.server` on 127.0.0.1: a plain static file server."""
    with static_server(site) as base:
        yield base


def _map_ready(s: Session) -> None:
    s.page.wait_for_function("() => window.deploymap && window.deploymap.isoDate()", timeout=30000)


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_published_map_opens_on_a_linked_date_with_its_words(browser, served, bundled, size):  # noqa: F811
    loaded, timeline = bundled
    s = new_page(browser, viewport=VIEWPORTS[size])
    try:
        s.page.goto(served + "/index.html#date=2022-02-20")
        _map_ready(s)
        wait_for(s.page, lambda: s.page.evaluate("() => window.deploymap.isoDate()") == "2022-02-20", 10)
        expected = " ".join(describe(loaded, timeline, dt.date(2022, 2, 20)).text.split())
        wait_for(s.page, lambda: " ".join(s.page.inner_text("#words").split()) == expected, 10, message="the words")
        assert s.page.inner_text("#words-date") == "20 February 2022"
        s.screenshot(f"site-index-{size}", full_page=False)
        # keyboard: the slider, one day back; the words and the address follow once the date settles
        s.page.locator("#dm-slider").focus()
        s.page.keyboard.press("ArrowLeft")
        wait_for(s.page, lambda: "#date=2022-02-19" in s.page.url, 10, message="the address follows the date")
        assert "On 19 February 2022" in s.page.inner_text("#words")
        assert_clean(s)
    finally:
        s.close()


def test_a_story_page_steps_with_the_keyboard(browser, served, bundled):  # noqa: F811
    loaded, _ = bundled
    story = loaded.dataset.stories[0]
    s = new_page(browser, viewport=VIEWPORTS["desktop"])
    try:
        s.page.goto(served + f"/story-{STORY}.html#step=2")
        _map_ready(s)
        assert s.page.inner_text("#step-counter") == f"Step 2 of {len(story.steps)}"
        assert story.steps[1].caption in s.page.inner_text("section.step:not([hidden])")
        s.page.locator("#step-next").focus()
        s.page.keyboard.press("Enter")
        wait_for(s.page, lambda: s.page.url.endswith("#step=3"), 10)
        s.page.locator("h1").click()  # focus on the page, not on the map or a control: the arrow keys step
        s.page.keyboard.press("ArrowRight")
        wait_for(s.page, lambda: s.page.url.endswith("#step=4"), 10)
        wait_for(s.page, lambda: s.page.evaluate("() => window.deploymap.isoDate()") == "2022-02-17", 30)
        s.screenshot("site-story-desktop", full_page=False)
        assert_clean(s)
    finally:
        s.close()


def test_the_site_opens_from_disk(browser, site):  # noqa: F811
    s = new_page(browser, viewport=VIEWPORTS["phone"])
    try:
        s.context.route("file://**", lambda route: route.continue_())  # the guard lets local files through
        s.page.goto((site / "dates" / "2022-02-12.html").as_uri())
        assert "Saturday 12 February 2022" in s.page.inner_text("h2")
        s.page.get_by_role("link", name="Open the map on this date").click()
        _map_ready(s)
        wait_for(s.page, lambda: s.page.evaluate("() => window.deploymap.isoDate()") == "2022-02-12", 10)
        s.screenshot("site-from-disk-phone", full_page=False)
        assert s.blocked == [] and s.all_errors() == []
    finally:
        s.close()


def test_axe_finds_no_serious_violation_on_the_site(browser, served):  # noqa: F811
    s = new_page(browser, viewport=VIEWPORTS["desktop"])
    try:
        for page in ("/index.html", f"/story-{STORY}.html", "/dates/index.html", "/dates/2022-02-10.html"):
            s.page.goto(served + page)
            if "dates" not in page:
                _map_ready(s)
            found = axe.serious(axe.audit(s.page))
            assert found == [], f"{page}: {found}"
    finally:
        s.close()
