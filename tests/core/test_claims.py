"""Claims as the sources give them (dashboard/core/claims.py): bounds, words, alternatives, disputes,
and the per-field account of sources (dashboard/core/coverage.py).

Expectations are written out by hand from the documented rule (README, "Claims: no sharper than the
sources"), not computed with the code under test."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from dashboard.core import model
from dashboard.core.claims import (
    APPROX_DAYS,
    Amount,
    When,
    day_words,
    parse_amount,
    parse_when,
)
from dashboard.core.coverage import STATUSES, coverage, dataset_support, field_support
from dashboard.core.loader import load_dataset

REPO = Path(__file__).resolve().parents[2]
CLAIMS = REPO / "tests" / "data" / "valid" / "claims.yaml"
D = dt.date


# --- dates: bounds ---


@pytest.mark.parametrize(
    "text, earliest, latest, approximate, uncertain",
    [
        ("2022-02-10", D(2022, 2, 10), D(2022, 2, 10), False, False),
        ("2022-02-10~", D(2022, 2, 10 - APPROX_DAYS), D(2022, 2, 10 + APPROX_DAYS), True, False),
        ("2022-02-10?", D(2022, 2, 10), D(2022, 2, 10), False, True),
        ("2022-02-10%", D(2022, 2, 7), D(2022, 2, 13), True, True),
        ("2022-02", D(2022, 2, 1), D(2022, 2, 28), False, False),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), False, False),  # a leap year
        ("2022", D(2022, 1, 1), D(2022, 12, 31), False, False),
        ("2022-02~", D(2022, 1, 17), D(2022, 3, 15), True, False),  # half a month either side
        ("2022-02-10/2022-02-14", D(2022, 2, 10), D(2022, 2, 14), False, False),
        ("2022-02/2022-03", D(2022, 2, 1), D(2022, 3, 31), False, False),
        ("../2022-02-10", None, D(2022, 2, 10), False, False),
        ("2022-02-10/..", D(2022, 2, 10), None, False, False),
        ("../2022-02", None, D(2022, 2, 28), False, False),
        ("2022-02-10~/2022-02-20", D(2022, 2, 7), D(2022, 2, 20), True, False),
        ("1700-01-01~", D(1700, 1, 1), D(1700, 1, 4), True, False),  # clipped to the years shown
        ("2199-12-31~", D(2199, 12, 28), D(2199, 12, 31), True, False),
    ],
)
def test_when_bounds(text, earliest, latest, approximate, uncertain):
    w = parse_when(text)
    assert (w.earliest, w.latest, w.approximate, w.uncertain) == (earliest, latest, approximate, uncertain)
    assert w.isoformat() == text and str(w) == text
    assert w.lo == (-math.inf if earliest is None else (earliest - D(1970, 1, 1)).days)
    assert w.hi == (math.inf if latest is None else (latest - D(1970, 1, 1)).days)
    assert w.lo <= w.hi
    assert w.day == (earliest or latest)
    assert w.exact is (earliest == latest and not approximate and not uncertain)


def test_yaml_dates_and_years():
    assert parse_when(D(2022, 2, 10)) == parse_when("2022-02-10")
    assert parse_when(2022) == parse_when("2022")  # YAML reads an unquoted year as a number
    assert parse_when(" 2022-02-10 ").exact  # stripped
    with pytest.raises(ValueError, match="without a time"):
        parse_when(dt.datetime(2022, 2, 10, 12))
    for bad in (True, 3.5, None, {"a": 1}, 20220210):
        with pytest.raises(ValueError):
            parse_when(bad)


@pytest.mark.parametrize(
    "text, words",
    [
        ("2022-02-30", "not a real date"),
        ("2022-13", "no month 13"),
        ("2022-00", "no month 00"),
        ("1650", "years 1700-2199"),
        ("2200-01-01", "years 1700-2199"),
        ("2022-02-14/2022-02-10", "ends before it starts"),
        ("../..", "open at both ends"),
        ("2022-02-10/", "write '..'"),
        ("2022-21", "season"),
        ("2022-02-XX", "unspecified digits"),
        ("2022-XX", "unspecified digits"),
        ("2022?-02-10", "qualified in part"),
        ("by 2022-02-10", "'../2022-02-10'"),
        ("from 2022-02-10", "'2022-02-10/..'"),
        ("about 2022-02-10", "'2022-02-10~'"),
        ("between 2022-02-10 and 2022-02-14", "'2022-02-10/2022-02-14'"),
        ("2022-02-10T10:00", "without a time"),
        ("{2022-02-10,2022-02-12}", "not a date this dashboard reads"),
        ("yesterday", "not a date this dashboard reads"),
        ("", "not a date this dashboard reads"),
        ("../022-02-10", "not a valid date"),  # the edtf grammar raised a TypeError here (fuzz test, 2026-12-03)
    ],
)
def test_when_refused_in_words(text, words):
    with pytest.raises(ValueError, match=None) as info:
        parse_when(text)
    assert words in str(info.value)


# --- dates: words ---


@pytest.mark.parametrize(
    "text, words",
    [
        ("2022-02-10", "10 Feb 2022"),
        ("2022-02-10~", "about 10 Feb 2022"),
        ("2022-02-10?", "10 Feb 2022 (uncertain)"),
        ("2022-02-10%", "about 10 Feb 2022 (uncertain)"),
        ("2022-02", "Feb 2022"),
        ("2022", "2022"),
        ("2022~", "about 2022"),
        ("2022-02-10/2022-02-14", "between 10 and 14 Feb 2022"),
        ("2022-02-10/2022-03-14", "between 10 Feb and 14 Mar 2022"),
        ("2021-12-30/2022-01-02", "between 30 Dec 2021 and 2 Jan 2022"),
        ("2022-02-10/2022-02-10", "10 Feb 2022"),
        ("../2022-02-10", "by 10 Feb 2022"),
        ("2022-02-10/..", "from 10 Feb 2022"),
        ("../2022-02", "by Feb 2022"),
        ("2022-02-10~/2022-02-20", "between about 10 Feb 2022 and 20 Feb 2022"),
    ],
)
def test_when_words(text, words):
    assert parse_when(text).words() == words


def test_day_words():
    assert day_words(D(2022, 2, 1)) == "1 Feb 2022" and day_words(D(1700, 12, 31)) == "31 Dec 1700"


# --- dates: alternatives ---


def _alt(value, source=None, quote=None, note=None, preferred=None) -> dict:
    out = {"value": value}
    for key, v in (("source", source), ("quote", quote), ("note", note), ("preferred", preferred)):
        if v is not None:
            out[key] = v
    return out


def test_disagreeing_dates_give_the_envelope_and_say_so():
    w = parse_when([_alt("../2022-02-10", "a", "q1"), _alt("2022-02-12", "b", "q2")])
    assert w.disputed and not w.exact
    assert (w.earliest, w.latest) == (None, D(2022, 2, 12))  # every source's window, joined
    assert w.words() == "sources disagree: by 10 Feb 2022; 12 Feb 2022"
    assert [a.source for a in w.alternatives] == ["a", "b"]
    assert [a.quote for a in w.alternatives] == ["q1", "q2"]
    # written back as the curator wrote it
    assert w.as_yaml() == [
        {"value": "../2022-02-10", "source": "a", "quote": "q1"},
        {"value": "2022-02-12", "source": "b", "quote": "q2"},
    ]
    assert parse_when(w.as_yaml()) == w


def test_a_preferred_date_is_the_value_and_keeps_the_others():
    w = parse_when([_alt("2022-02-10", "a", "q1"), _alt("2022-02-12", "b", "q2", preferred=True)])
    assert not w.disputed and w.exact
    assert (w.earliest, w.latest) == (D(2022, 2, 12), D(2022, 2, 12))
    assert w.words() == "12 Feb 2022"
    assert len(w.alternatives) == 2 and w.alternatives[1].preferred
    assert parse_when(w.as_yaml()).alternatives == w.alternatives


def test_agreeing_sources_keep_the_value_as_written():
    w = parse_when([_alt("2022-02-10~", "a", "q1"), _alt("2022-02-10~", "b", "q2")])
    assert not w.disputed and w.words() == "about 10 Feb 2022"
    assert (w.earliest, w.latest) == (D(2022, 2, 7), D(2022, 2, 13)) and len(w.alternatives) == 2


def test_one_alternative_is_its_value():
    w = parse_when([_alt("2022-02-10", note="the curator's estimate")])
    assert w.exact and w.words() == "10 Feb 2022" and w.alternatives[0].note == "the curator's estimate"


@pytest.mark.parametrize(
    "items, words",
    [
        ([], "an empty list"),
        (["2022-02-10"], "alternative 1: a list holds alternatives"),
        ([_alt("2022-02-10")], "alternative 1: needs a 'quote'"),
        ([_alt("2022-02-10", quote="q")], "must name its 'source'"),
        ([{"value": "2022-02-10", "note": "n", "colour": "red"}], "unknown key 'colour'"),
        ([{"note": "n"}], "needs a 'value'"),
        ([_alt(["2022-02-10"], note="n")], "cannot itself hold alternatives"),
        ([_alt("2022-02-10", note="n", preferred="yes")], "'preferred' is true or false"),
        ([_alt("2022-02-40", note="n")], "alternative 1: '2022-02-40' is not a real date"),
        ([_alt("2022-02-10", note="n", preferred=True), _alt("2022-02-11", note="m", preferred=True)], "at most one"),
        ([_alt("2022-02-10", note="  ")], "'note' must be text"),
    ],
)
def test_alternatives_refused_in_words(items, words):
    with pytest.raises(ValueError) as info:
        parse_when(items)
    assert words in str(info.value)


# --- numbers ---


@pytest.mark.parametrize(
    "value, low, high, approximate, words, central",
    [
        (1000, 1000, 1000, False, "1,000", 1000),
        ("1000", 1000, 1000, False, "1,000", 1000),
        ("1,000", 1000, 1000, False, "1,000", 1000),
        ("1 000", 1000, 1000, False, "1,000", 1000),
        (0, 0, 0, False, "0", 0),
        (1000.0, 1000, 1000, False, "1,000", 1000),
        ("about 1,000", 1000, 1000, True, "about 1,000", 1000),
        ("About 1,000", 1000, 1000, True, "about 1,000", 1000),
        ("~1000", 1000, 1000, True, "about 1,000", 1000),
        ("nearly 2000", 2000, 2000, True, "about 2,000", 2000),
        ("800-1,000", 800, 1000, False, "800–1,000", 900),
        ("800 – 1,000", 800, 1000, False, "800–1,000", 900),
        ("between 800 and 1,000", 800, 1000, False, "800–1,000", 900),
        ("up to 8", 0, 8, False, "up to 8", 4),
        ("at most 8", 0, 8, False, "up to 8", 4),
        ("fewer than 10", 0, 9, False, "fewer than 10", 4),
        ("under 10", 0, 9, False, "fewer than 10", 4),
        ("over 100,000", 100_000, None, False, "over 100,000", 100_000),
        ("more than 100,000", 100_000, None, False, "over 100,000", 100_000),
        ("at least 5", 5, None, False, "at least 5", 5),
        ("5+", 5, None, False, "at least 5", 5),
    ],
)
def test_amount_forms(value, low, high, approximate, words, central):
    a = parse_amount(value)
    assert (a.low, a.high, a.approximate) == (low, high, approximate)
    assert a.words() == words and str(a) == words
    assert a.value == central
    assert a.exact is (low == high and not approximate)
    again = parse_amount(a.as_yaml())  # written back, read again: the same claim
    assert (again.low, again.high, again.approximate, again.words()) == (a.low, a.high, a.approximate, a.words())


@pytest.mark.parametrize(
    "value, words",
    [
        (-5, "0 or more"),
        (10.5, "whole number"),
        (float("nan"), "whole number"),
        (True, "must be a number"),
        ("1,000-800", "low to high"),
        ("about a thousand", "not a number this dashboard reads"),
        ("1,00", "not a number this dashboard reads"),
        ("10.5", "not a number this dashboard reads"),
        ("200,000,000", "larger than any number"),
        (200_000_000, "larger than any number"),
        ("x" * 80, "too long"),
        ("fewer than 0", "no count is fewer than 0"),
        ([], "an empty list"),
        (None, "must be a number"),
    ],
)
def test_amount_refused_in_words(value, words):
    with pytest.raises(ValueError) as info:
        parse_amount(value)
    assert words in str(info.value)


def test_disagreeing_numbers_and_a_preferred_one():
    a = parse_amount([_alt("about 1,700", "a", "q1"), _alt(2000, "b", "q2")])
    assert a.disputed and not a.exact
    assert (a.low, a.high) == (1700, 2000)
    assert a.words() == "sources disagree: about 1,700; 2,000"
    assert parse_amount(a.as_yaml()).alternatives == a.alternatives
    b = parse_amount([_alt("about 1,700", "a", "q1", preferred=True), _alt("over 2,000", "b", "q2")])
    assert not b.disputed and b.words() == "about 1,700" and (b.low, b.high) == (1700, 1700)
    c = parse_amount([_alt("about 1,700", "a", "q1"), _alt("over 2,000", "b", "q2")])
    assert (c.low, c.high) == (1700, None) and c.disputed  # an open bound stays open
    same = parse_amount([_alt("about 850", "a", "q1"), _alt("about 850", "b", "q2")])
    assert not same.disputed and same.words() == "about 850"


def test_values_compare_by_claim_not_by_sources():
    assert parse_when("2022-02-10") == When("2022-02-10", D(2022, 2, 10), D(2022, 2, 10))
    assert parse_amount("about 1,000") == Amount("about 1,000", 1000, 1000, approximate=True)


# --- the valid claims fixture: every form, read as written ---

EXPECTED_MOVEMENTS = {
    # id: (depart words, arrive words, strength words)
    "m-by": (None, "by 10 Feb 2022", "about 850"),
    "m-interval": (None, "between 10 and 17 Feb 2022", "about 850"),
    "m-begun": ("by 10 Feb 2022", None, None),
    "m-approximate-up-to": ("about 10 Feb 2022", None, "up to 8"),
    "m-uncertain": ("20 Feb 2022 (uncertain)", None, None),
    "m-month-range": ("Feb 2022", None, "800–1,000"),
    "m-year-from": ("2022", "from 10 Feb 2022", "about 1,000"),
    "m-exact": ("3 Jan 2022", "4 Jan 2022", "600"),
    "m-disputed": (None, "sources disagree: by 10 Feb 2022; by 14 Feb 2022", "sources disagree: about 1,700; 2,000"),
    "m-preferred": ("by 10 Feb 2022", "12 Feb 2022", None),
}


@pytest.fixture(scope="module")
def claims():
    return load_dataset(CLAIMS)


def test_claims_fixture_reads_every_form_as_written(claims):
    got = {
        m.id: tuple(w.words() if w is not None else None for w in (m.depart, m.arrive, m.strength))
        for m in claims.dataset.movements
    }
    assert got == EXPECTED_MOVEMENTS
    places = {p.id: p.precision for p in claims.dataset.places}
    assert places == {
        "fort-test": "site",
        "vilseck": "town",
        "hamburg": None,
        "berlin": "town",
        "romania": "country",
        "poland": "country",
        "baltic": "region",
    }
    area = claims.dataset.areas[0]
    assert area.valid_from.words() == "by 10 Feb 2022" and area.valid_to.words() == "about Mar 2022"
    assert area.strength.words() == "over 100,000" and area.strength.high is None
    assert {e.id: e.date.words() for e in claims.dataset.events} == {
        "ev-thursday": "10 Feb 2022",
        "ev-by": "by 10 Feb 2022",
    }


# --- coverage: which source backs each field ---


def _support(loaded, section, rid):
    record = next(r for r in getattr(loaded.dataset, section) if r.id == rid)
    return {s.field: s for s in field_support(section, record)}


def test_field_support_statuses(claims):
    by = _support(claims, "movements", "m-by")
    assert {f: s.status for f, s in by.items()} == {
        "unit": "quote",
        "from": "curator",
        "to": "quote",
        "arrive": "quote",
        "strength": "quote",
    }  # no depart: absent fields are not listed
    assert by["arrive"].sources == ("early",) and "about half have now arrived" in by["arrive"].quotes[0]
    assert "general knowledge" in by["from"].notes[0]
    interval = _support(claims, "movements", "m-interval")
    assert interval["arrive"].status == "quote" and interval["arrive"].notes  # a quote and the curator's estimate
    assert interval["unit"].status == "unsupported" and interval["strength"].status == "curator"
    exact = _support(claims, "movements", "m-exact")  # quotes without `supports` back the record only
    assert {s.status for s in exact.values()} == {"record"}
    assert exact["depart"].sources == ("early",)


def test_alternatives_back_their_field(claims):
    disputed = _support(claims, "movements", "m-disputed")
    assert disputed["arrive"].status == "quote" and disputed["arrive"].sources == ("early", "later")
    assert len(disputed["arrive"].quotes) == 2
    assert disputed["strength"].sources == ("early", "later")
    preferred = _support(claims, "movements", "m-preferred")
    assert preferred["arrive"].status == "quote" and preferred["arrive"].sources == ("later",)
    assert preferred["arrive"].notes == ("The curator's earlier estimate from the distance.",)


def test_coverage_counts_and_summary(claims):
    support = dataset_support(claims.dataset)
    cov = coverage(claims.dataset)
    assert set(cov.counts) == set(STATUSES)
    assert cov.total == len(support) == sum(cov.counts.values())
    for status in STATUSES:
        assert cov.counts[status] == sum(s.status == status for s in support)
    assert cov.share == pytest.approx(cov.counts["quote"] / cov.total)
    summary = cov.summary()
    assert f"{cov.counts['quote']} of {cov.total} asserted fields backed by a quote" in summary
    assert f"{cov.counts['unsupported']} unsupported" in summary
    # only claim fields count: ids and the names of places and units do not
    counted = {(s.section, s.field) for s in support}
    assert all(f in model.COVERED_FIELDS[sec] for sec, f in counted)


def test_coverage_of_an_empty_dataset_is_whole():
    cov = coverage(model.Dataset())
    assert cov.total == 0 and cov.share == 1.0


def test_bundled_data_coverage_is_reported():
    """The re-curated bundled data: every asserted field is backed by a quote or a curator's note."""
    loaded = load_dataset(REPO / "data")
    cov = coverage(loaded.dataset)
    assert cov.counts["unsupported"] == 0, [s for s in dataset_support(loaded.dataset) if s.status == "unsupported"]
    assert cov.counts["quote"] > cov.counts["curator"]


def test_a_note_that_names_no_field_speaks_for_its_record():
    rec = model.Event(
        id="e", name="E", date="2022-02-10", place="p", citations=[model.Citation(note="general knowledge")]
    )
    support = {s.field: s for s in field_support("events", rec)}
    assert {f: s.status for f, s in support.items()} == {"date": "curator", "place": "curator"}
    assert support["date"].notes == ("general knowledge",)
    quoted = rec.model_copy(
        update={"citations": [*rec.citations, model.Citation(source="s", quote="q", supports=["date"])]}
    )
    support = {s.field: s for s in field_support("events", quoted)}
    assert support["date"].status == "quote" and support["place"].status == "curator"


def test_alternatives_open_at_both_ends_need_a_preferred_one():
    """Found by the fuzz test: 'by X' from one source and 'from Y' from another leave no bound at all."""
    items = [_alt("2022-02-10/..", note="n"), _alt("../2022-02-01", "a", "q")]
    with pytest.raises(ValueError, match="open at both ends"):
        parse_when(items)
    items[1]["preferred"] = True
    assert parse_when(items).words() == "by 1 Feb 2022"
