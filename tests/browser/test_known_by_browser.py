"""Known by: replaying what the public record said on a day, in Chromium, as a person would.

The app is opened at desktop (1400 x 900) and phone (390 x 844) sizes with `?known=` in the address
(a link a person was given), and from its sidebar link (arriving from the curation page, as a person
returning would) with the sidebar's 'Known by' control. The bundled data has one source: known by the day before it,
nothing is shown and a message says why (no crash, no map); known by its publication day, the map
and panels show what it said, with a caption saying so. Expectations come from the data.

Screenshots: test-artifacts/screenshots/known-by-*.png (looked at by a reviewer).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.core.claims import day_words
from dashboard.core.loader import load_dataset
from tests.browser.harness import (  # noqa: F401
    REPO_ROOT,
    Session,
    app_server,
    assert_clean,
    browser,
    map_frame,
    new_page,
    ready_map,
    require_chromium,
    wait_idle,
)
from tests.browser.test_acceptance_browser import (
    VIEWPORTS,
    assert_seen,
    choose_panel,
    close_sidebar,
    is_phone,
    open_sidebar,
)

pytestmark = pytest.mark.browser

DATA = REPO_ROOT / "data"
MAIN_LINK, CURATE_LINK = "Map", "Curate an article"


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(DATA)
    published = sorted(s.published for s in loaded.dataset.sources)
    return loaded, published


@pytest.fixture(scope="module")
def app_url():
    require_chromium()
    with app_server(DATA, "known-by") as url:
        yield url


def _session(browser, viewport: str) -> Session:  # noqa: F811 (the imported fixture)
    return new_page(browser, VIEWPORTS[viewport])


def open_link(s: Session, base: str, query: str) -> None:
    """Open the app at a link with a query (as a person given the link does)."""
    s.page.goto(base + "/" + query, wait_until="domcontentloaded")
    s.page.get_by_role("heading", name=re.compile("Troop deployments")).wait_for(timeout=45000)
    wait_idle(s)


def open_from_sidebar(s: Session, base: str) -> None:
    """Arrive on the curation page, then open the app from the sidebar link."""
    s.page.goto(base + "/", wait_until="domcontentloaded")
    s.page.locator('[data-testid="stSidebarNavLink"]').first.wait_for(state="attached", timeout=45000)
    wait_idle(s)
    open_sidebar(s)
    s.page.locator('[data-testid="stSidebarNavLink"]', has_text=CURATE_LINK).click()
    s.page.wait_for_function(f"() => document.title.includes({CURATE_LINK!r})", timeout=30000)
    wait_idle(s)
    open_sidebar(s)
    s.page.locator('[data-testid="stSidebarNavLink"]', has_text=MAIN_LINK).click()
    s.page.get_by_role("heading", name=re.compile("Troop deployments")).wait_for(timeout=30000)
    wait_idle(s)
    close_sidebar(s)


def known_param(s: Session) -> str | None:
    return parse_qs(urlsplit(s.page.url).query).get("known", [None])[-1]


def pick_known(s: Session, label_start: str) -> None:
    """Choose a 'Known by' option in the sidebar, as a person does."""
    open_sidebar(s)
    s.page.get_by_role("combobox", name="Known by").click()
    s.page.get_by_role("option", name=re.compile("^" + re.escape(label_start))).click()
    wait_idle(s)
    s.page.wait_for_timeout(500)
    wait_idle(s)
    close_sidebar(s)


def caption_text(day: dt.date, shown: int, total: int) -> str:
    return f"Showing what sources published by {day_words(day)} said ({shown} of {total} source"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_known_by_before_the_first_source_hides_everything(app_url, browser, bundled, viewport):  # noqa: F811
    loaded, published = bundled
    before = published[0] - dt.timedelta(days=1)
    s = _session(browser, viewport)
    try:
        open_link(s, app_url, f"?known={before.isoformat()}")
        page = s.page
        message = page.locator('[data-testid="stAlert"]', has_text="nothing was known yet")
        message.first.wait_for(timeout=30000)
        assert_seen(message.first, "the message that nothing was known")
        assert day_words(published[0]) in message.first.inner_text()  # when the first source appeared
        assert_seen(
            page.get_by_text(caption_text(before, 0, len(published)), exact=False).first, "the known-by caption"
        )
        assert page.locator('iframe[title="dashboard.ui.component.deploymap"]').count() == 0, "a map of nothing"
        assert known_param(s) == before.isoformat()
        assert_clean(s)
        s.screenshot(f"known-by-{before.isoformat()}-{viewport}", full_page=False)
        # the sidebar control says the same day, and choosing 'now' brings everything back
        open_sidebar(s)
        assert_seen(page.get_by_role("combobox", name="Known by"), "the Known by control")
        assert page.get_by_role("combobox", name="Known by").input_value().startswith(day_words(before))
        s.screenshot(f"known-by-{before.isoformat()}-sidebar-{viewport}", full_page=False)
        close_sidebar(s)
        pick_known(s, "now")
        ready_map(s)
        assert known_param(s) is None
        assert page.get_by_text("Showing what sources published", exact=False).count() == 0
        assert_clean(s)
    finally:
        s.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_known_by_the_articles_day_shows_what_it_said(app_url, browser, bundled, viewport):  # noqa: F811
    loaded, published = bundled
    day = published[-1]
    shown = sum(p <= day for p in published)
    s = _session(browser, viewport)
    try:
        open_link(s, app_url, f"?known={day.isoformat()}&date={day.isoformat()}")
        frame = ready_map(s)
        assert_seen(
            s.page.get_by_text(caption_text(day, shown, len(published)), exact=False).first, "the known-by caption"
        )
        units = {m.unit for m in loaded.dataset.movements}
        assert frame.locator(".dm-unit").count() >= 1 and units
        assert known_param(s) == day.isoformat()
        assert_clean(s)
        s.screenshot(f"known-by-{day.isoformat()}-{viewport}", full_page=False)
        if not is_phone(s):  # the personnel bands of what was known then
            choose_panel(s, "Personnel by country")
            chart = s.page.locator('[data-testid="stVegaLiteChart"]').first
            chart.locator("[aria-label]").first.wait_for(state="attached", timeout=15000)
            labels = chart.locator("[aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
            assert any(" to " in (x or "") for x in labels), "no range among the chart's marks"
            chart.scroll_into_view_if_needed()
            assert_seen(chart, "the personnel chart")
            assert_clean(s)
            s.screenshot(f"known-by-{day.isoformat()}-personnel-band-{viewport}", full_page=False)
        # back to the day before, from the sidebar: everything hidden again, no crash
        pick_known(s, day_words(published[0] - dt.timedelta(days=1)))
        s.page.locator('[data-testid="stAlert"]', has_text="nothing was known yet").first.wait_for(timeout=30000)
        assert known_param(s) == (published[0] - dt.timedelta(days=1)).isoformat()
        assert_clean(s)
    finally:
        s.close()


def test_an_invalid_known_by_warns_and_shows_everything(app_url, browser):  # noqa: F811
    s = _session(browser, "desktop")
    try:
        open_link(s, app_url, "?known=10-02-2022")
        ready_map(s)
        warning = s.page.locator('[data-testid="stAlert"]', has_text="known-by date")
        assert_seen(warning.first, "the warning about the link's known-by date")
        assert "10-02-2022" in warning.first.inner_text()
        assert known_param(s) is None
        assert_clean(s)
        s.screenshot("known-by-invalid-desktop", full_page=False)
    finally:
        s.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_known_by_from_the_sidebar(app_url, browser, bundled, viewport):  # noqa: F811
    """From the sidebar link to the app, then 'Known by' in the sidebar: the day before the first
    source hides everything, its day shows the map again, 'now' drops the day from the address."""
    loaded, published = bundled
    before = published[0] - dt.timedelta(days=1)
    s = _session(browser, viewport)
    try:
        open_from_sidebar(s, app_url)
        ready_map(s)
        pick_known(s, day_words(before))
        message = s.page.locator('[data-testid="stAlert"]', has_text="nothing was known yet")
        message.first.wait_for(timeout=30000)
        assert_seen(message.first, "the message that nothing was known")
        assert known_param(s) == before.isoformat()
        assert_clean(s)
        s.screenshot(f"known-by-sidebar-{before.isoformat()}-{viewport}", full_page=False)
        pick_known(s, day_words(published[0]))
        ready_map(s)
        shown = sum(p <= published[0] for p in published)
        assert_seen(
            s.page.get_by_text(caption_text(published[0], shown, len(published)), exact=False).first,
            "the known-by caption",
        )
        assert known_param(s) == published[0].isoformat()
        assert_clean(s)
        s.screenshot(f"known-by-sidebar-{published[0].isoformat()}-{viewport}", full_page=False)
    finally:
        s.close()
