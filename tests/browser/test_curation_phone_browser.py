"""The curation page as a new user met it in Chromium (round 13), at a phone's size (390x844) and a laptop's (1366x900),
arriving from the sidebar and pasting an article whose draft still has TODOs (Fort Riley's Dagger Brigade, holdout13).

- On the phone, choosing the page in the sidebar closes the sidebar (it stayed open over the page: Streamlit closes
  it only for a browser that calls itself a phone); on the laptop it stays open.
- "What backs each field" lists the drafted units (name, parent, nation) and, on the phone, nothing in the page
  scrolls sideways (the four-column table hid its record column in a box that scrolled sideways unannounced).
- Both downloads are off while the draft does not validate, and the page says why, beside them.

Screenshots: test-artifacts/screenshots/curation-trial-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.harness import (  # noqa: F401 (fixtures)
    REPO_ROOT,
    Session,
    assert_clean,
    browser,
    new_page,
    require_chromium,
    streamlit_app,
    wait_idle,
)
from tests.browser.test_acceptance_browser import assert_seen, open_sidebar

pytestmark = pytest.mark.browser

DATA = REPO_ROOT / "data"
ARTICLE = REPO_ROOT / "tests" / "data" / "articles_holdout13" / "basepaper-fort-riley-dagger-brigade.txt"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
CURATE_LINK = "Curate an article"

# Elements of the page's main column whose content is wider than they are and that scroll (or clip) it sideways:
# what a person on a phone cannot see without a sideways scroll nothing tells them of. Text boxes wrap or scroll
# by design and the preview map is its own frame.
_SIDEWAYS = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
               && !['TEXTAREA', 'IFRAME', 'INPUT'].includes(e.tagName))
  .map(e => `${e.tagName}.${String(e.className).slice(0, 40)} ${e.scrollWidth}>${e.clientWidth}`)"""


@pytest.fixture(scope="module")
def app_url(streamlit_app):  # noqa: F811
    require_chromium()
    return streamlit_app(DATA)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_curation_page_on_a_phone_and_a_laptop(app_url, browser, viewport):  # noqa: F811
    s: Session = new_page(browser, VIEWPORTS[viewport])
    page = s.page
    try:
        page.goto(app_url + "/", wait_until="domcontentloaded")
        page.get_by_role("heading", name=re.compile("Troop deployments")).wait_for(timeout=45000)
        wait_idle(s)  # the map page is shown: a person chooses another page once this one is there
        open_sidebar(s)  # on the phone the sidebar starts closed: the person opens it to choose the page
        page.locator('[data-testid="stSidebarNavLink"]', has_text=CURATE_LINK).click()
        page.wait_for_function(f"() => document.title.includes({CURATE_LINK!r})", timeout=30000)
        wait_idle(s)
        page.wait_for_timeout(500)  # the sidebar's slide
        collapsed = page.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed")
        assert collapsed == ("true" if viewport == "phone" else "false"), f"sidebar data-collapsed={collapsed}"
        area = page.get_by_label("Article text")
        assert_seen(area, "the article box")  # not under the sidebar
        s.screenshot(f"curation-trial-{viewport}-arrived", full_page=False)

        area.fill(ARTICLE.read_text(encoding="utf-8"))
        area.press("Control+Enter")
        page.get_by_role("heading", name="Draft (edit it here)").wait_for(timeout=60000)
        wait_idle(s, 90000)

        backing = page.locator('[data-testid="stExpander"]', has_text="What backs each field")
        backing.locator("summary").click()
        wait_idle(s)
        unit = backing.locator("tr.dm-record", has_text="unit usa-1st-infantry-division")
        assert_seen(unit, "the 1st Infantry Division's heading in the backing table")
        nation = backing.locator("tr", has_text="nation: USA").first
        assert_seen(nation, "a unit's nation in the backing table")
        s.screenshot(f"curation-trial-{viewport}-backing", full_page=False)
        sideways = page.evaluate(_SIDEWAYS)
        assert sideways == [], f"content that scrolls sideways out of sight: {sideways}"
        table = backing.locator("table.dm-backing").bounding_box()
        assert table and table["x"] >= 0 and table["x"] + table["width"] <= VIEWPORTS[viewport]["width"], table

        for label in ("Download draft YAML", "Download draft + article (zip)"):
            assert page.get_by_role("button", name=label).is_disabled(), f"{label} is on while the draft has TODOs"
        why = page.locator('[data-testid="stAlert"]', has_text="Download is off until the draft validates")
        assert_seen(why, "why the download is off")
        assert "TODO" in why.inner_text()
        page.get_by_role("button", name="Download draft YAML").scroll_into_view_if_needed()
        s.screenshot(f"curation-trial-{viewport}-download", full_page=False)
        # the work so far can be saved, labelled as unfinished, to go on later
        save = page.get_by_role("button", name="Save unfinished draft (does not validate yet)")
        assert_seen(save, "the button that saves the unfinished draft")
        save.scroll_into_view_if_needed()
        s.screenshot(f"curation-trial-{viewport}-save-unfinished", full_page=False)
        with page.expect_download() as got:
            save.click()
        saved = Path(got.value.path()).read_text(encoding="utf-8")
        assert got.value.suggested_filename == "zz-draft-unfinished.yaml"
        assert saved.startswith("# UNFINISHED DRAFT") and "TODO" in saved.splitlines()[0]
        assert_clean(s)
    finally:
        s.close()
