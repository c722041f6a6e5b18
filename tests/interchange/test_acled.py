"""ACLED-style event CSV: dates no sharper than their time precision, places with their geo precision,
notes quoted from a stored source so quotes check, rows that cannot be read named by row."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.core.loader import load_dataset
from dashboard.interchange import detect, read
from dashboard.interchange.dataset import write_dataset

HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "iso", "region", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities",
]  # fmt: skip
ROWS = [
    ["UKR1", "2022-02-24", "2022", "1", "Political violence", "Battles", "Armed clash", "Military Forces of Russia (2000-)",
     "Military Forces of Ukraine (2019-)", "804", "Europe", "Ukraine", "Kyiv", "Hostomel", "50.5833", "30.2667", "1",
     "Reuters", "International", 'On 24 February 2022, Russian airborne forces attacked Hostomel airport "Antonov".', "10"],
    ["UKR2", "28 February 2022", "2022", "2", "Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     "Military Forces of Russia (2000-)", "", "804", "Europe", "Ukraine", "Kharkiv", "Kharkiv", "49.9935", "36.2304", "2",
     "Ukrainska Pravda", "National", "Around 28 February 2022, shelling of Kharkiv <script>alert(1)</script>.", "0"],
    ["UKR3", "15-03-2022", "2022", "3", "Strategic developments", "Strategic developments", "Headquarters or base established",
     "Military Forces of Russia (2000-)", "", "", "Europe", "Ukraine", "Kherson", "Kherson", "46.6354", "32.6169", "3",
     "Media", "National", "In March 2022, a base was established near Kherson.", ""],
    ["UKR4", "31 February 2022", "2022", "1", "", "Battles", "Armed clash", "A", "", "804", "", "Ukraine", "", "Nowhere", "50", "30", "1", "", "", "Bad date.", ""],
    ["UKR5", "2022-03-01", "2022", "1", "", "Battles", "Armed clash", "A", "", "804", "", "Ukraine", "", "Far away", "95", "30", "1", "", "", "Bad latitude.", ""],
    ["UKR6", "2022-03-01", "2022", "7", "", "Battles", "Armed clash", "A", "", "804", "", "Ukraine", "", "X", "50", "30", "1", "", "", "Bad precision.", ""],
]  # fmt: skip


def _csv(rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    w.writerows(rows)
    return buf.getvalue()


@pytest.fixture()
def acled_file(tmp_path):
    path = tmp_path / "acled-ukraine.csv"
    path.write_text(_csv(ROWS), encoding="utf-8")
    return path


def test_detected_by_its_columns(acled_file):
    assert detect(acled_file) == "acled"


def test_dates_never_sharper_than_time_precision(acled_file):
    result = read(acled_file)
    dates = {e["id"]: e["date"] for e in result.data["events"]}
    assert dates == {"UKR1": "2022-02-24", "UKR2": "2022-02-25/2022-03-03", "UKR3": "2022-03"}


def test_places_and_their_precision(acled_file):
    result = read(acled_file)
    places = {p["name"]: p for p in result.data["places"]}
    assert places["Hostomel"]["precision"] == "town" and places["Hostomel"]["country"] == "UKR"
    assert places["Kharkiv"]["precision"] == "region" and places["Kherson"]["country"] == "UKR"  # from the name


def test_bad_rows_named(acled_file):
    result = read(acled_file)
    by_row = {p.line: p for p in result.problems}
    assert by_row[5].field == "event_date" and by_row[6].field == "latitude" and by_row[7].field == "event_date"
    assert "time_precision '7'" in by_row[7].message


def test_dataset_validates_and_quotes_check(acled_file, tmp_path):
    result = read(acled_file)
    write_dataset(result, tmp_path / "out", acled_file.name)
    loaded = load_dataset(tmp_path / "out")  # quotes verified against the stored notes
    assert loaded.counts()["events"] == 3
    event = next(e for e in loaded.dataset.events if e.id == "UKR2")
    assert event.description and "<script>alert(1)</script>" in event.description  # text, as given
    assert event.date.earliest.isoformat() == "2022-02-25" and event.date.latest.isoformat() == "2022-03-03"
    assert [c.supports for c in event.citations] == [None, ["date", "place"]]


def test_not_acled(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    (p,) = read(path, "acled").problems
    assert "not an ACLED-style file" in p.message and p.line == 1
