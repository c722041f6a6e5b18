"""Links reproduce a view exactly; invalid parts are ignored with a notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.ui.viewstate import View, choices, parse_query, to_query

ROOT = Path(__file__).resolve().parents[2]
WINDOW = (dt.date(2022, 1, 31), dt.date(2022, 2, 17))
DEFAULT = dt.date(2022, 2, 10)


@pytest.fixture(scope="module")
def loaded():
    return load_dataset(ROOT / "data")


def test_round_trip(loaded):
    view = View(
        date=dt.date(2022, 2, 8),
        compare=dt.date(2022, 2, 1),
        nation=("USA",),
        branch=("airborne",),
        confidence=("reported", "estimated"),
        country=("POL",),
        unit="us-82abn-poland",
        q="airborne",
        view=(50.5, 20.25, 5),
        known=dt.date(2022, 2, 9),
    )
    parsed, notices = parse_query(to_query(view), loaded, WINDOW, DEFAULT)
    assert notices == [] and parsed == view


def test_defaults_without_parameters(loaded):
    view, notices = parse_query({}, loaded, WINDOW, DEFAULT)
    assert view.date == DEFAULT and view.compare == dt.date(2022, 2, 3) and notices == []
    assert to_query(view) == {"date": "2022-02-10", "compare": "2022-02-03"}


@pytest.mark.parametrize(
    "query, fragment",
    [
        ({"date": "nonsense"}, "not a date"),
        ({"date": "2022-02-30"}, "not a date"),
        ({"date": "1999-01-01"}, "outside the timeline"),
        ({"compare": "<script>"}, "not a date"),
        ({"nation": "USA,ZZZ"}, "Ignored nation 'ZZZ'"),
        ({"branch": "wizards"}, "Ignored branch"),
        ({"unit": "no-such-unit"}, "Ignored unit"),
        ({"view": "1,2"}, "map view"),
        ({"view": "91,0,5"}, "map view"),
        ({"known": "yesterday"}, "known-by date 'yesterday'"),
        ({"known": "2022-02-30"}, "known-by date"),
        ({"known": "2022-W06-4"}, "known-by date"),
    ],
)
def test_invalid_values_are_ignored_with_a_notice(loaded, query, fragment):
    view, notices = parse_query(query, loaded, WINDOW, DEFAULT)
    assert any(fragment in n for n in notices), notices
    assert WINDOW[0] <= view.date <= WINDOW[1]


def test_lists_and_long_values(loaded):
    view, _ = parse_query({"nation": ["USA"], "q": "x" * 5000}, loaded, WINDOW, DEFAULT)
    assert view.nation == ("USA",) and len(view.q) == 100


def test_choices_come_from_the_dataset(loaded):
    c = choices(loaded)
    assert c["nation"] == ["USA"] and c["country"] == ["DEU", "POL", "ROU", "USA"]
    assert set(c["confidence"]) == {"reported", "estimated"}


def test_known_by_in_the_link(loaded):
    view, notices = parse_query({"known": "2022-02-09"}, loaded, WINDOW, DEFAULT)
    assert view.known == dt.date(2022, 2, 9) and notices == []
    assert to_query(view)["known"] == "2022-02-09"
    view, notices = parse_query({"known": "nonsense"}, loaded, WINDOW, DEFAULT)
    assert view.known is None and "showing what every source says" in notices[0]
    assert "known" not in to_query(view)
