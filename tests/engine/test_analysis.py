"""Personnel by country, what changed and the movements table on the bundled data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.analysis import (
    IN_TRANSIT,
    movements_table,
    personnel_by_country,
    personnel_on,
    what_changed,
)
from dashboard.engine.timeline import build_timeline

ROOT = Path(__file__).resolve().parents[2]
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(ROOT / "data")
    return loaded, build_timeline(loaded)


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
def test_personnel_per_country_on_known_dates(bundled, day, expected):
    loaded, tl = bundled
    assert personnel_on(loaded, tl, D(day)) == expected


def test_personnel_totals_are_conserved(bundled):
    loaded, tl = bundled
    frame = personnel_by_country(loaded, tl, D("2022-01-31"), D("2022-02-17"))
    totals = frame.groupby("date")["personnel"].sum()
    assert set(totals) == {2700}  # 1,000 + 2 x 850, wherever they are


def test_filtered_personnel(bundled):
    loaded, tl = bundled
    only = frozenset({"m-2cr-vilseck-romania"})
    assert personnel_on(loaded, tl, D("2022-02-14"), only) == {"ROU": 1000}


def test_what_changed_between_two_dates(bundled):
    loaded, tl = bundled
    ch = what_changed(loaded, tl, D("2022-02-03"), D("2022-02-10"))
    assert ch.departed == ["m-2cr-vilseck-romania", "m-82abn-poland-second-half"]
    assert ch.arrived == ["m-82abn-poland-first-half"]
    assert "ev-normandy-format-berlin" in ch.new_events
    assert set(ch.new_areas) == {"area-russian-buildup", "area-nato-eastern-flank"}
    assert ch.net_personnel == {"DEU": -1000, "USA": -850, "POL": 850, IN_TRANSIT: 1000}
    # order of the two dates does not matter
    assert what_changed(loaded, tl, D("2022-02-10"), D("2022-02-03")) == ch


def test_movements_table(bundled):
    loaded, tl = bundled
    table = movements_table(loaded, tl, D("2022-02-10"))
    assert list(table["movement"]) == [
        "m-2cr-vilseck-romania",
        "m-82abn-poland-first-half",
        "m-82abn-poland-second-half",
    ]
    row = table.set_index("movement").loc["m-2cr-vilseck-romania"]
    assert row["phase"] == "in transit" and bool(row["arrive estimated"]) and row["arrive"] == D("2022-02-12")
    assert "Vilseck" in row["from"] and row["strength"] == 1000
    assert len(movements_table(loaded, tl, D("2022-02-10"), frozenset())) == 0
