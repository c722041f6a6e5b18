"""The curation page in Chromium, from the sidebar, at 1366x900 and 390x844 (a new user's trial): the date the page
read from the article's dateline is shown in the sidebar's 'Published' field, where it can be corrected; a date
typed there is then used (the page says the article gives another). tests/ui/test_curation_date.py checks the
same in Streamlit's AppTest. Screenshots: test-artifacts/screenshots/curation-date-*.png."""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import (  # noqa: F401 (fixtures)
    REPO_ROOT,
    Session,
    assert_clean,
    browser,
    new_page,
    require_chromium,
    streamlit_app,
    wait_for,
    wait_idle,
)
from tests.browser.test_acceptance_browser import assert_seen, open_sidebar
from tests.ui.test_curation_date import WARSAW

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
CURATE_LINK = "Curate an article"


@pytest.fixture(scope="module")
def app_url(streamlit_app):  # noqa: F811
    require_chromium()
    return streamlit_app(REPO_ROOT / "data")


def _published(page):
    """The sidebar's 'Published' field (a date field of year, month and day segments)."""
    return page.locator('[data-testid="stSidebar"] [data-testid="stDateInputField"]')


def _shown(page) -> str:
    """What the field shows, as YYYY-MM-DD (its segments' text; 'yyyy-mm-dd' while empty)."""
    return _published(page).evaluate(
        "(e) => [...e.querySelectorAll('[role=spinbutton]')].map((x) => x.textContent.trim()).join('-')"
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_date_read_from_the_dateline_is_in_the_published_field(app_url, browser, viewport):  # noqa: F811
    s: Session = new_page(browser, VIEWPORTS[viewport])
    page = s.page
    try:
        page.goto(app_url + "/", wait_until="domcontentloaded")
        page.get_by_role("heading", name=re.compile("Troop deployments")).wait_for(timeout=45000)
        wait_idle(s)
        open_sidebar(s)
        page.locator('[data-testid="stSidebarNavLink"]', has_text=CURATE_LINK).click()
        page.wait_for_function(f"() => document.title.includes({CURATE_LINK!r})", timeout=30000)
        wait_idle(s)
        area = page.get_by_label("Article text")
        area.fill(WARSAW)
        area.press("Control+Enter")
        page.get_by_role("heading", name="Draft (edit it here)").wait_for(timeout=60000)
        wait_idle(s, 90000)
        said = page.locator('[data-testid="stCaptionContainer"]', has_text="Published 9 Mar 2023, read from")
        assert_seen(said, "where the date came from")
        s.screenshot(f"curation-date-{viewport}-read", full_page=False)
        open_sidebar(s)  # on the phone the person opens the sidebar to see the field
        page.wait_for_timeout(500)
        field = _published(page)
        assert_seen(field, "the sidebar's Published field")
        assert _shown(page) == "2023-03-09"
        s.screenshot(f"curation-date-{viewport}-field", full_page=False)
        # corrected there: the draft uses the typed date, and the page says the article gives another
        field.locator('[data-type="day"]').click()
        page.keyboard.type("10")
        assert _shown(page) == "2023-03-10"
        if viewport == "phone":  # the sidebar covers the page: closed as a person does, which leaves the field
            page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        else:  # the field is read when it loses the focus
            page.get_by_role("heading", name="Curate an article").click()
        wait_idle(s, 90000)
        warned = page.locator('[data-testid="stAlert"]', has_text="gives its own date")
        wait_for(page, lambda: warned.count() == 1, 30, message="the warning that the article gives another date")
        assert _shown(page) == "2023-03-10"
        assert "2023-03-10" in page.get_by_label("Draft YAML").input_value()
        s.screenshot(f"curation-date-{viewport}-typed", full_page=False)
        assert_clean(s)
    finally:
        s.close()
