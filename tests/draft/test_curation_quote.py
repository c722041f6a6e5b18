"""The message for a citation quote that is not verbatim in its article (a new user's trial in Chromium, round 13):
it cut the quote at 80 characters, before the place where it differed, so the person could not see what differs. It
now says where the quote stops following the article, with the article's words at that place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dashboard.core.checks import MIN_ANCHOR, first_difference, normalise
from dashboard.core.loader import load_dataset
from dashboard.draft import make_draft
from dashboard.draft.curation import check_draft

ROOT = Path(__file__).resolve().parents[2]
DAGGER = ROOT / "tests" / "data" / "articles_holdout13" / "basepaper-fort-riley-dagger-brigade.txt"


@pytest.fixture(scope="module")
def existing():
    return load_dataset(ROOT / "data")


def test_a_quote_that_differs_late_says_where(existing, tmp_path):
    """The message cuts the quote at 80 characters; this one differs at its 110th ('Bavaria' for 'Germany'), which
    the message now shows with the article's words at that place."""
    text = DAGGER.read_text(encoding="utf-8")
    data = make_draft(text, dt.date(2024, 9, 6), existing).data
    data["sources"][0]["file"] = "zz-draft.source.txt"
    said = "for Nuremberg, Germany."
    cite = next(c for p in data["places"] for c in p["citations"] if said in str(c.get("quote", "")))
    assert normalise(cite["quote"]).index(said) > 80
    cite["quote"] = cite["quote"].replace(said, "for Nuremberg, Bavaria.")
    check = check_draft(yaml.safe_dump(data, allow_unicode=True), text, existing, tmp_path / "c")
    message = next(p.message for p in check.errors if "not found verbatim" in p.message)
    assert "matches the source up to '…a charter bound for Nuremberg,'" in message, message
    assert "then the quote has 'Bavaria.', the source has 'Germany. From there" in message, message


def test_first_difference_from_the_start_or_from_the_end():
    text = normalise(DAGGER.read_text(encoding="utf-8"))
    late = 'The first 400 or so "Dagger" Soldiers flew out of Manhattan Regional Airport on Tuesday on a charter'
    said = first_difference(late, text)
    assert "up to '…of Manhattan Regional Airport': then the quote has 'on Tuesday" in said, said
    assert "the source has 'Tuesday on a charter" in said, said
    early = 'The first 500 or so "Dagger" Soldiers flew out of Manhattan Regional Airport Tuesday'  # a whole word
    said = first_difference(early, text)
    assert "before it the quote has 'The first 500', the source has '…" in said and "The first 400'" in said, said
    assert first_difference("alpha beta gamma delta epsilon", "x alpha beta gamma delta").endswith(
        "; it matches the source up to its end: then the quote has 'epsilon'"
    )
    assert first_difference("zeta alpha beta gamma delta", "alpha beta gamma delta x").endswith(
        "; its end matches the source from its start: before it the quote has 'zeta'"
    )
    assert first_difference("Nothing of this is in the article at all.", text) == ""
    assert first_difference("x" * (MIN_ANCHOR - 2) + " nothing", "x" * (MIN_ANCHOR - 2) + " else") == ""  # 11 alike
