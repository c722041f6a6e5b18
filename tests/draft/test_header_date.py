"""The article's date from a short header line above the body (issue 18: drafts must not refuse an
article whose date is printed in its header). Sentences are made up for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.draft.text import article_date, dateline_date, header_line_date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Brigade leaves for the coast\nMonday, 2 March 2026\n\nSoldiers of the brigade left.", dt.date(2026, 3, 2)),
        ("PRESS RELEASE 12-3\nFOR RELEASE: Sept. 4, 2024\n\nA company moved.", dt.date(2024, 9, 4)),
        ("Harbour news — live\nUpdated Sunday 5 January 2025, 07:45 local time\n\nA ship sailed.", dt.date(2025, 1, 5)),
        ("THE BRIEF | No. 9 | Wednesday 11th June 2025\n\nThe battalion flew.", dt.date(2025, 6, 11)),
        ("Garrison notes\nBy A. Writer\nOctober 30, 2023\n\nThe regiment arrived.", dt.date(2023, 10, 30)),
    ],
)
def test_a_dated_header_line_gives_the_date(text: str, day: dt.date) -> None:
    assert article_date(text) == day
    got = dateline_date(text)
    assert got is not None and got[0] == day and "header line" in got[1]


@pytest.mark.parametrize(
    "text",
    [
        # a headline telling of another day, with more words than a date line
        "Troops who left the city on 3 March 2014 come home to a quiet welcome this spring\n\nThey flew.",
        # the weekday does not fit the date: not guessed
        "Tuesday 2 March 2026\n\nA company moved.",
        # no year
        "Taipei, August 27\n\nA battalion moved.",
        # a sentence is body text, whatever its length
        "The brigade (March 1, 2022) left.",
        # the date is in the body, after a long line
        "Headline\n" + "A long first paragraph of body text " * 4 + "\nMonday, 2 March 2026",
        # not a month
        "Friday 20 Fooember 2026\n\nText.",
    ],
)
def test_no_date_is_read_from_lines_that_are_not_date_lines(text: str) -> None:
    assert header_line_date(text) is None
    assert article_date(text) is None


def test_a_date_line_at_the_top_still_wins() -> None:
    text = "date 2022-02-24\nThursday, 9 April 2026\n\nText."
    assert article_date(text) == dt.date(2022, 2, 24)


def test_a_wire_dateline_still_wins_over_a_later_line() -> None:
    text = "WASHINGTON (Feb. 24, 2022) — Troops moved.\nMonday, 2 March 2026"
    assert article_date(text) == dt.date(2022, 2, 24)
