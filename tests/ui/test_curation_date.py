"""The curation page's 'Published' field shows the date the page uses (a new user's trial in Chromium: when the
page read the date from the article's dateline, the sidebar's field stayed empty, so the date used could not be
seen or corrected there). A date the person sets still wins, as before (tests/draft/test_curation.py). In
Chromium: tests/browser/test_curation_date_browser.py."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "dashboard" / "pages" / "1_Curate_an_article.py"
WARSAW = (
    "WARSAW, March 9 (Reuters) - Eight F-35A jets of the 388th Fighter Wing flew from Hill Air Force Base to "
    "Lask in Poland on Thursday, officials said."
)
RIGA = "date 2024-05-06\nAbout 300 soldiers of the 4th Engineer Battalion moved from Fort Carson to Adazi in Latvia."


def _page(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    return at


def _field(at):
    assert len(at.sidebar.date_input) == 1
    return at.sidebar.date_input[0]


def test_the_date_read_from_the_dateline_is_shown_in_the_published_field(monkeypatch):
    at = _page(monkeypatch)
    assert _field(at).value is None  # nothing to read yet
    at.text_area(key="article_text").set_value(WARSAW).run()
    assert not at.exception and not at.error
    assert _field(at).value == dt.date(2023, 3, 9)  # the date the draft uses, where it can be corrected
    said = [c.value for c in at.caption if c.value.startswith("Published ")]
    assert len(said) == 1 and "9 Mar 2023" in said[0] and "Published field" in said[0], said
    assert "2023-03-09" in at.text_area(key="draft_yaml").value
    assert not [w.value for w in at.warning if "gives its own date" in w.value]  # the page's own reading

    # a second article: the field follows its date (it held the page's reading, not the person's)
    at.text_area(key="article_text").set_value(RIGA).run()
    assert not at.exception and _field(at).value == dt.date(2024, 5, 6)
    assert not [w.value for w in at.warning if "gives its own date" in w.value]


def test_a_date_the_person_sets_in_the_field_still_wins(monkeypatch):
    at = _page(monkeypatch)
    at.text_area(key="article_text").set_value(WARSAW).run()
    _field(at).set_value(dt.date(2023, 3, 10)).run()
    assert not at.exception and _field(at).value == dt.date(2023, 3, 10)
    assert not [c.value for c in at.caption if c.value.startswith("Published ")]
    warned = [w.value for w in at.warning if "gives its own date" in w.value]
    assert len(warned) == 1 and "9 Mar 2023" in warned[0] and "10 Mar 2023" in warned[0], warned
    # another article keeps the person's date (and says the two differ)
    at.text_area(key="article_text").set_value(RIGA).run()
    assert not at.exception and _field(at).value == dt.date(2023, 3, 10)
    assert [w.value for w in at.warning if "gives its own date" in w.value]
    # cleared: the field shows the article's date again
    _field(at).set_value(None).run()
    assert not at.exception and _field(at).value == dt.date(2024, 5, 6)
    assert not [w.value for w in at.warning if "gives its own date" in w.value]


def test_a_date_set_before_the_article_is_kept(monkeypatch):
    at = _page(monkeypatch)
    _field(at).set_value(dt.date(2022, 2, 10)).run()
    at.text_area(key="article_text").set_value(WARSAW).run()
    assert not at.exception and _field(at).value == dt.date(2022, 2, 10)
    assert "2022-02-10" in at.text_area(key="draft_yaml").value


def test_an_article_without_a_date_leaves_the_field_empty_and_asks(monkeypatch):
    at = _page(monkeypatch)
    at.text_area(key="article_text").set_value(
        "About 300 soldiers of the 4th Engineer Battalion moved on Monday."
    ).run()
    assert not at.exception and _field(at).value is None
    assert any("When was it published" in w.value for w in at.warning)
