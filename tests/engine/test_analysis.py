"""Personnel by country, what changed and the movements table.

Three datasets: the old exact-date data (tests/data/valid/exact_dates: it must count exactly as
before the claims model), the bundled data (dates and numbers as the article gives them: the
expectations are derived from its records, not pinned), and a small fixture with the forms the
bundled data lacks (an open number, alternatives, a source published later).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.analysis import (
    IN_TRANSIT,
    claims_changed,
    count_words,
    movements_table,
    personnel_by_country,
    personnel_on,
    personnel_range_on,
    personnel_totals,
    what_changed,
    window_words,
)
from dashboard.engine.timeline import build_timeline

ROOT = Path(__file__).resolve().parents[2]
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def exact():
    loaded = load_dataset(ROOT / "tests" / "data" / "valid" / "exact_dates")
    return loaded, build_timeline(loaded)


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(ROOT / "data")
    return loaded, build_timeline(loaded)


REPORTS = {
    "first.txt": "Day one. A squadron left Alpha for Bravo. Over 500 troops are with it. The battalion is in Bravo.",
    "second.txt": "Day five. The squadron reached Bravo on 14 February with 600 troops. Another report said 700.",
}

CLAIMS = textwrap.dedent("""
    sources:
      - {id: first, title: First report, publisher: Test, published: 2022-02-10, file: first.txt}
      - {id: second, title: Second report, publisher: Test, published: 2022-02-15, file: second.txt}
    places:
      - {id: alpha, name: Alpha, country: DEU, lat: 50.0, lon: 10.0, precision: town}
      - {id: bravo, name: Bravo, country: POL, lat: 52.0, lon: 20.0, precision: country}
    units:
      - {id: sqn, name: Test squadron, nation: USA, branch: cavalry, echelon: squadron}
    movements:
      - id: m-sqn
        unit: sqn
        from: alpha
        to: bravo
        depart: 2022-02-08/2022-02-10
        arrive:
          - {value: ../2022-02-16, source: first, quote: "A squadron left Alpha for Bravo."}
          - {value: 2022-02-14, source: second, quote: "The squadron reached Bravo on 14 February"}
        strength:
          - {value: over 500, source: first, quote: "Over 500 troops are with it."}
          - {value: 600, source: second, quote: "with 600 troops"}
          - {value: 700, source: second, quote: "Another report said 700."}
        citations:
          - {source: first, quote: "A squadron left Alpha for Bravo.", supports: [unit, from, to, depart]}
""")


@pytest.fixture(scope="module")
def claims(tmp_path_factory):
    folder = tmp_path_factory.mktemp("claims")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "dataset.yaml").write_text(CLAIMS, encoding="utf-8")
    loaded = load_dataset(folder / "dataset.yaml")
    return loaded, build_timeline(loaded)


# ---------------------------------------------------------------- exact dates: as before


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2022-02-02", {"DEU": 1000, "USA": 1700}),
        ("2022-02-08", {"DEU": 1000, "USA": 850, IN_TRANSIT: 850}),
        ("2022-02-10", {"POL": 850, IN_TRANSIT: 1850}),
        ("2022-02-12", {"POL": 850, "ROU": 1000, IN_TRANSIT: 850}),
        ("2022-02-14", {"POL": 1700, "ROU": 1000}),
    ],
)
def test_exact_dates_count_as_before(exact, day, expected):
    loaded, tl = exact
    assert personnel_on(loaded, tl, D(day)) == expected
    assert personnel_range_on(loaded, tl, D(day)) == {c: (n, float(n)) for c, n in expected.items()}


def test_exact_totals_are_conserved_and_ranges_collapse(exact):
    loaded, tl = exact
    frame = personnel_by_country(loaded, tl, D("2022-01-31"), D("2022-02-17"))
    assert set(frame.groupby("date")["personnel"].sum()) == {2700}  # 1,000 + 2 x 850, wherever they are
    assert (frame["low"] == frame["personnel"]).all() and (frame["high"] == frame["personnel"]).all()
    assert not frame["approximate"].any()
    totals = personnel_totals(loaded, tl, D("2022-01-31"), D("2022-02-17"))
    assert set(totals["low"]) == set(totals["high"]) == set(totals["personnel"]) == {2700}


def test_exact_filtered_personnel(exact):
    loaded, tl = exact
    only = frozenset({"m-2cr-vilseck-romania"})
    assert personnel_on(loaded, tl, D("2022-02-14"), only) == {"ROU": 1000}


def test_exact_what_changed_between_two_dates(exact):
    loaded, tl = exact
    ch = what_changed(loaded, tl, D("2022-02-03"), D("2022-02-10"))
    assert ch.departed == ["m-2cr-vilseck-romania", "m-82abn-poland-second-half"]
    assert ch.arrived == ["m-82abn-poland-first-half"]
    assert ch.uncertain == frozenset() and not any(ch.possibly.values())  # exact dates: nothing on a maybe
    assert "ev-normandy-format-berlin" in ch.new_events
    assert set(ch.new_areas) == {"area-russian-buildup", "area-nato-eastern-flank"}
    assert ch.net_personnel == {"DEU": -1000, "USA": -850, "POL": 850, IN_TRANSIT: 1000}
    assert ch.personnel["POL"] == ((0, 0.0), (850, 850.0))
    assert what_changed(loaded, tl, D("2022-02-10"), D("2022-02-03")) == ch  # order does not matter


def test_exact_movements_table(exact):
    loaded, tl = exact
    table = movements_table(loaded, tl, D("2022-02-10"))
    assert list(table["movement"]) == [m.id for m in loaded.dataset.movements]
    row = table.set_index("movement").loc["m-2cr-vilseck-romania"]
    assert row["phase"] == "in transit" and bool(row["arrive estimated"])
    assert row["depart"] == "9 Feb 2022" and row["arrive"] == "12 Feb 2022 (estimated)"
    assert row["depart earliest"] == row["depart latest"] == D("2022-02-09")
    assert "Vilseck" in row["from"] and row["strength"] == "1,000" and row["strength low"] == 1000
    assert len(movements_table(loaded, tl, D("2022-02-10"), frozenset())) == 0


# ---------------------------------------------------------------- the bundled data: ranges from the records


def _expected_range(loaded, day: dt.date, country: str) -> tuple[int, float]:
    """Low and high of the people at a destination, read from the records: certainly there once the
    latest arrival has passed, possibly there once the earliest has (the bundled data has one leg per
    unit and no later departures)."""
    low, high = 0, 0.0
    for m in loaded.dataset.movements:
        if loaded.places[m.to].country != country or m.strength is None or m.arrive is None:
            continue
        if m.arrive.latest is not None and m.arrive.latest <= day:
            low += m.strength.low
        if m.arrive.earliest is None or m.arrive.earliest <= day:
            high += math.inf if m.strength.high is None else m.strength.high
    return low, high


def test_bundled_destinations_count_what_the_sources_allow(bundled):
    loaded, tl = bundled
    dated = {loaded.places[m.to].country for m in loaded.dataset.movements if m.arrive is not None}
    assert dated, "the bundled data has no movement with an arrival"
    for day in (D("2022-02-05"), D("2022-02-10"), D("2022-02-14"), D("2022-02-20")):
        ranges = personnel_range_on(loaded, tl, day)
        for country in dated:
            assert ranges.get(country, (0, 0.0)) == _expected_range(loaded, day, country), (day, country)


def test_bundled_82nd_about_half_arrived_by_the_articles_day(bundled):
    """'about half have now arrived': on 10 Feb Poland certainly has one half, possibly both."""
    loaded, tl = bundled
    halves = [m for m in loaded.dataset.movements if m.unit == "us-82abn-poland"]
    low, high = personnel_range_on(loaded, tl, D("2022-02-10"))["POL"]
    assert low == sum(m.strength.low for m in halves if m.arrive.latest and m.arrive.latest <= D("2022-02-10"))
    assert high == sum(m.strength.high for m in halves)
    assert low < high


def test_bundled_ranges_hold_the_nominal_count_and_the_total(bundled):
    loaded, tl = bundled
    first, last = D("2022-01-31"), D("2022-02-20")
    frame = personnel_by_country(loaded, tl, first, last)
    assert (frame["low"] <= frame["personnel"]).all() and (frame["personnel"] <= frame["high"]).all()
    assert frame["approximate"].any()  # "about 1,000", "about 850"
    totals = personnel_totals(loaded, tl, first, last).set_index("date")
    everyone = sum(m.strength.value for m in loaded.dataset.movements if m.strength is not None)
    assert set(totals["personnel"]) == {everyone}
    for day, rows in frame.groupby("date"):
        assert rows["low"].sum() <= totals.loc[day, "low"] <= totals.loc[day, "high"] <= rows["high"].sum()


def test_bundled_what_changed_marks_what_the_dates_only_allow(bundled):
    loaded, tl = bundled
    ch = what_changed(loaded, tl, D("2022-02-03"), D("2022-02-10"))
    open_departures = {m.id for m in loaded.dataset.movements if m.depart is None or m.depart.earliest is None}
    assert open_departures <= set(ch.departed) | set(ch.arrived)  # they may have left in that week
    assert open_departures <= ch.uncertain  # ... but no source says so
    assert open_departures & set(ch.departed) <= ch.possibly["departed"]
    # the first half arrived by 10 Feb: its arrival may have come before 3 Feb, so it is 'possibly' too
    for mid in ch.arrived:
        m = next(m for m in loaded.dataset.movements if m.id == mid)
        certain = m.arrive is not None and m.arrive.earliest and m.arrive.earliest > D("2022-02-03")
        certain = certain and m.arrive.latest <= D("2022-02-10")
        assert (mid in ch.possibly["arrived"]) == (not certain), mid
    assert ch.personnel["POL"][1] == personnel_range_on(loaded, tl, D("2022-02-10"))["POL"]


def test_bundled_movements_table_says_dates_and_numbers_as_written(bundled):
    loaded, tl = bundled
    table = movements_table(loaded, tl, D("2022-02-10")).set_index("movement")
    for i, m in enumerate(loaded.dataset.movements):
        row = table.loc[m.id]
        assert row["depart"] == (m.depart.words() if m.depart else "not reported")
        if m.arrive is not None:
            assert row["arrive"] == m.arrive.words() and not row["arrive estimated"]
        elif bool(tl.arrive_estimated[i]):  # after an exact departure: the engine's estimate
            assert row["arrive"].endswith("(estimated)") and row["arrive estimated"]
        else:  # after a departure the sources give as a window ('by 10 Feb'): no guess
            assert m.depart is not None and not m.depart.exact
            assert row["arrive"] == "not reported" and not row["arrive estimated"]
        assert row["strength"] == (m.strength.words() if m.strength else "")
        if loaded.places[m.to].precision == "country":
            assert row["to"].endswith("(country)")
    assert "unknown" in set(table["phase"])  # the article does not say where the second half is on 10 Feb


# ---------------------------------------------------------------- forms the bundled data lacks


def test_an_open_number_has_no_upper_bound(claims):
    loaded, tl = claims
    m = loaded.dataset.movements[0]
    assert m.strength.disputed and m.strength.high is None  # over 500 / 600 / 700, none preferred
    frame = personnel_by_country(loaded, tl, D("2022-02-05"), D("2022-02-20"))
    pol = frame[frame["country"] == "POL"].set_index("date")
    assert pol.loc[D("2022-02-07"), "low"] == 0 and pol.loc[D("2022-02-07"), "high"] == 0  # not left yet
    assert pol.loc[D("2022-02-08"), "low"] == 0 and math.isinf(pol.loc[D("2022-02-08"), "high"])  # 'by 16 Feb'
    assert pol.loc[D("2022-02-14"), "low"] == 0 and math.isinf(pol.loc[D("2022-02-14"), "high"])
    assert pol.loc[D("2022-02-16"), "low"] == 500 and math.isinf(pol.loc[D("2022-02-16"), "high"])
    deu = frame[frame["country"] == "DEU"].set_index("date")
    assert deu.loc[D("2022-02-07"), "low"] == 500 and deu.loc[D("2022-02-09"), "low"] == 0
    assert count_words(500, math.inf) == "at least 500 (no upper bound given)"


def test_count_and_window_words():
    assert count_words(850, 1700) == "850–1,700"
    assert count_words(850, 1700, approximate=True) == "about 850–1,700"
    assert count_words(1700, 1700) == "1,700" and count_words(0, 0) == "0"
    assert count_words(0, 1000, approximate=True) == "0 to about 1,000"
    day = lambda s: float((D(s) - dt.date(1970, 1, 1)).days)  # noqa: E731
    assert window_words(-math.inf, day("2022-02-13")) == "by 13 Feb 2022"
    assert window_words(day("2022-02-10"), day("2022-02-14")) == "between 10 and 14 Feb 2022"
    assert window_words(day("2022-01-30"), day("2022-02-02")) == "between 30 Jan and 2 Feb 2022"
    assert window_words(day("2022-02-10"), math.inf) == "from 10 Feb 2022"


def test_claims_changed_between_two_known_by_days(claims):
    loaded, _ = claims
    nothing = claims_changed(loaded, D("2022-02-01"), D("2022-02-09"))
    assert nothing.new_sources == [] and nothing.changes == []
    first = claims_changed(loaded, D("2022-02-09"), D("2022-02-10"))
    assert first.new_sources == ["first"]
    assert ("movements", "m-sqn", "added") in {(c.section, c.record, c.change) for c in first.changes}
    assert "sqn" not in {c.record for c in first.changes}  # a unit no quote names was there before any source
    later = claims_changed(loaded, D("2022-02-15"), D("2022-02-10"))  # any order
    assert later.earlier == D("2022-02-10") and later.new_sources == ["second"]
    [change] = [c for c in later.changes if c.record == "m-sqn"]
    fields = {f: (a, b) for f, a, b in change.fields}
    assert change.change == "changed" and set(fields) >= {"arrive", "strength"}
    assert fields["strength"][0] == "over 500" and "sources disagree" in fields["strength"][1]
    assert later.counts()["changed"] >= 1
