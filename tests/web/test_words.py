"""The map's words for what a citation backs and for its source (dashboard.web.words): plain words a
reader says, not the dataset's field names ('backs: unit, from') or the stored text's path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.core.loader import load_dataset
from dashboard.web.words import FIELD_WORDS, SUPPORT_WORDS, and_list, backs_words, source_words

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_and_list():
    assert [and_list(w) for w in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]


def test_backs_words_are_plain():
    assert backs_words(["unit", "from", "to", "depart"]) == (
        "Source for the unit's name, where it left from, where it was going and when it left."
    )
    assert backs_words(["strength"]) == "Source for its strength."
    assert set(SUPPORT_WORDS) >= set(FIELD_WORDS)  # every field the map names has its words


def test_source_words_name_title_outlet_and_date_not_a_path():
    assert source_words("A report.", "Wire", dt.date(2022, 2, 10)) == "A report. Wire, 10 Feb 2022"
    loaded = load_dataset(REPO_ROOT / "data")
    for s in loaded.dataset.sources:
        words = source_words(s.title, s.publisher, s.published)
        assert s.title.removesuffix(".") in words and s.publisher in words
        assert "seeds/" not in words and ".txt" not in words


def test_app_source_line_has_no_path():
    from dashboard.app import _source_line

    loaded = load_dataset(REPO_ROOT / "data")
    s = loaded.dataset.sources[0]
    assert _source_line(loaded, s.id) == source_words(s.title, s.publisher, s.published)
    assert s.file and s.file not in _source_line(loaded, s.id)
