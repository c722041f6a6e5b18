"""No claim sharper than its source (issue 18, found by a new user in the curation page): 'by <day>' is a
deadline, written as the open interval ending that day (``../D``), not the day; what an article only
expects ('is expected to arrive') makes the movement's confidence 'estimated', also when a later sentence
adds it to a movement drafted from an earlier one. Sentences are made up for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.draft import make_draft

D0 = dt.date(2026, 4, 9)  # a Thursday


def _moves(text: str) -> list[dict]:
    return make_draft(text, D0).data["movements"]


@pytest.mark.parametrize(
    ("phrase", "claim"),
    [
        ("by 20 April", "../2026-04-20"),
        ("by April 20", "../2026-04-20"),
        ("no later than 20 April", "../2026-04-20"),
        ("on 20 April", "2026-04-20"),  # a day said is a day
    ],
)
def test_by_a_day_is_on_or_before_it(phrase: str, claim: str) -> None:
    moves = _moves(f"About 300 soldiers of the 12th Panzer Battalion will arrive in Rukla from Hohenfels {phrase}.")
    assert [m.get("arrive") for m in moves] == [claim]


def test_a_forecast_in_a_later_sentence_leaves_the_record_estimated() -> None:
    moves = _moves(
        "About 600 soldiers of the 41st Mechanised Infantry Battalion left Hohenfels on Monday for Rukla, "
        "Lithuania, the army said. The battalion is expected to arrive in Rukla by 20 April."
    )
    assert len(moves) == 1
    m = moves[0]
    assert (m["depart"], m["arrive"], m["confidence"]) == ("2026-04-06", "../2026-04-20", "estimated")
    assert "expected to" in m["note"]


def test_a_report_stays_reported() -> None:
    moves = _moves(
        "About 600 soldiers of the 41st Mechanised Infantry Battalion left Hohenfels on Monday for Rukla, "
        "Lithuania, the army said. The battalion arrived in Rukla on Wednesday."
    )
    assert [(m["arrive"], m["confidence"]) for m in moves] == [("2026-04-08", "reported")]
