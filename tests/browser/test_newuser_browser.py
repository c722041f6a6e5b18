"""Defects a new user found walking through the app, each checked in Chromium (desktop 1280x800 and phone
390x844) against the data. Screenshots: test-artifacts/screenshots/newuser-*.png.

- P6: the map popup names what each citation backs in plain words ('Source for the unit's name, where it
  left from, ...'), not 'backs: unit, from', and each source by its title, outlet and date, never by the
  path of its stored text (seeds/....txt).
"""

from __future__ import annotations

import pytest

from dashboard.core.loader import load_dataset
from dashboard.web.words import backs_words, source_words
from tests.browser.harness import (  # noqa: F401 (fixtures)
    REPO_ROOT,
    assert_clean,
    browser,
    new_page,
    open_map,
    require_chromium,
    streamlit_app,
)

pytestmark = pytest.mark.browser

DATA = REPO_ROOT / "data"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SQUADRON_UNIT = "us-2cr-stryker-sqn"
SQUADRON = "m-2cr-vilseck-romania"


@pytest.fixture(scope="module")
def app_url(streamlit_app):  # noqa: F811
    require_chromium()
    return streamlit_app(DATA)


@pytest.fixture(scope="module")
def loaded():
    return load_dataset(DATA)


@pytest.fixture(params=["desktop", "phone"])
def session(browser, request):  # noqa: F811
    s = new_page(browser, DESKTOP if request.param == "desktop" else PHONE)
    s.kind = request.param
    yield s
    s.close()


def test_popup_says_what_each_source_backs_in_plain_words(app_url, session, loaded):
    frame = open_map(session, app_url, f"?date=2022-02-10&unit={SQUADRON_UNIT}")
    frame.wait_for_selector(".leaflet-popup-content .dm-backs", timeout=10000)
    text = frame.inner_text(".leaflet-popup-content")
    session.screenshot(f"newuser-popup-{session.kind}", full_page=False)
    assert "backs:" not in text
    assert "seeds/" not in text and ".txt" not in text, text
    m = next(m for m in loaded.dataset.movements if m.id == SQUADRON)
    backs = frame.eval_on_selector_all(".leaflet-popup-content .dm-backs", "els => els.map(e => e.textContent)")
    assert backs == [backs_words(c.supports) for c in m.citations if c.supports]
    src = loaded.sources[m.citations[0].source]
    assert source_words(src.title, src.publisher, src.published) in text.replace("\n", " ")
    assert_clean(session)
