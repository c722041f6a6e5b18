"""GeoJSON import: lines as movements, points with times as events, the usual time properties, our own
state export read back, and malformed features named by their index."""

from __future__ import annotations

import json

import pytest

from dashboard.core.loader import load_dataset
from dashboard.export.dispatch import export
from dashboard.interchange import read
from dashboard.web.options import MapOptions

from .helpers import DATASETS

COLLECTION = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "a",
            "properties": {
                "unit": "1st Test Brigade",
                "nation": "POL",
                "branch": "infantry",
                "echelon": "brigade",
                "start_datetime": "2022-02-01T06:00:00Z",
                "end_datetime": "2022-02-03T18:00:00Z",
                "strength": "about 3,000",
            },
            "geometry": {"type": "LineString", "coordinates": [[13.405, 52.52], [17.0, 52.0], [21.0122, 52.2297]]},
        },
        {
            "type": "Feature",
            "properties": {"unit": "2nd Test Brigade", "times": ["2022-03-01", "2022-03-02", "2022-03-04"]},
            "geometry": {"type": "LineString", "coordinates": [[21.0122, 52.2297], [24.1, 56.9]]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Parade", "time": "2022-02-04T10:00:00Z"},
            "geometry": {"type": "Point", "coordinates": [21.0122, 52.2297]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Talks", "start": "2022-02-05", "end": "2022-02-07"},
            "geometry": {"type": "Point", "coordinates": [13.405, 52.52]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Depot"},
            "geometry": {"type": "Point", "coordinates": [19.9, 50.0]},
        },
        {
            "type": "Feature",
            "id": "late",
            "properties": {"name": "Bad", "time": "yesterday"},
            "geometry": {"type": "Point", "coordinates": [21.0, 52.2]},
        },
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": []}},
        {
            "type": "Feature",
            "properties": {"unit": "X"},
            "geometry": {"type": "LineString", "coordinates": [["a", 1], [2]]},
        },
    ],
}


@pytest.fixture()
def imported(tmp_path):
    path = tmp_path / "moves.geojson"
    path.write_text(json.dumps(COLLECTION), encoding="utf-8")
    return read(path)


def test_lines_are_movements_with_their_time_conventions(imported):
    moves = imported.data["movements"]
    assert [(m["unit"], m["depart"], m.get("arrive"), m.get("strength")) for m in moves] == [
        ("1st-test-brigade", "2022-02-01", "2022-02-03", "about 3,000"),  # a datetime's day: no sharper
        ("2nd-test-brigade", "2022-03-01", "2022-03-04", None),
    ]
    places = {p["id"]: p for p in imported.data["places"]}
    assert places[moves[0]["from"]]["country"] == "DEU" and places[moves[0]["to"]]["country"] == "POL"
    assert moves[0]["to"] == moves[1]["from"]


def test_points_are_events_or_places(imported):
    events = {e["name"]: e for e in imported.data["events"]}
    assert events["Parade"]["date"] == "2022-02-04"
    assert events["Talks"]["date"] == "2022-02-05/2022-02-07"
    assert "Depot" in {p["name"] for p in imported.data["places"]}
    assert "Bad" not in {p["name"] for p in imported.data["places"]}


def test_bad_features_named(imported):
    by_record = {p.record: p for p in imported.problems}
    assert "'yesterday'" in by_record["feature 6 (id 'late')"].message
    assert "Polygon" in by_record["feature 7"].message
    assert by_record["feature 8"].field == "geometry"


def test_our_state_export_reads_back(tmp_path):
    loaded = load_dataset(DATASETS["bundled"])
    out = export("geojson", loaded, MapOptions(), tmp_path / "state.geojson")
    result = read(out)
    moves = {m["id"]: m for m in result.data["movements"]}
    assert set(moves) == {m.id for m in loaded.dataset.movements}
    for m in loaded.dataset.movements:
        back = moves[m.id]
        assert back.get("depart") == (m.depart.text if m.depart else None)
        assert back.get("arrive") == (m.arrive.text if m.arrive else None)
        assert str(back.get("strength")) == (str(m.strength.as_yaml()) if m.strength else "None")
    assert {e["id"] for e in result.data["events"]} == {e.id for e in loaded.dataset.events}


@pytest.mark.parametrize(
    "content, words",
    [(b'{"type": "FeatureCollection", "features": [', "not valid JSON"), (b'{"type": "Topology"}', "not a GeoJSON")],
)
def test_malformed_geojson(tmp_path, content, words):
    path = tmp_path / "bad.geojson"
    path.write_bytes(content)
    (p,) = read(path).problems
    assert p.file == "bad.geojson" and words in p.message
