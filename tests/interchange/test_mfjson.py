"""MF-JSON: round trip, read by movingpandas, one trajectory per movement with the sources' window,
hostile text kept as JSON strings, another tool's moving features, malformed files."""

from __future__ import annotations

import json
import warnings

import pytest

from dashboard.core.loader import load_dataset
from dashboard.export.dispatch import export
from dashboard.interchange import read
from dashboard.web.options import MapOptions

from .helpers import DATASETS, differences, round_trip


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_round_trip_gives_back_every_field(name, tmp_path):
    original, imported = round_trip(DATASETS[name], "mfjson", tmp_path, suffix="json")
    assert differences(original, imported) == []


def test_movingpandas_reads_one_trajectory_per_movement(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import movingpandas as mpd

    loaded = load_dataset(DATASETS["claims"])
    out = export("mfjson", loaded, MapOptions(), tmp_path / "claims.json")
    tc = mpd.read_mf_json(str(out), traj_id_property="id")
    assert sorted(t.id for t in tc.trajectories) == sorted(m.id for m in loaded.dataset.movements)
    data = json.loads(out.read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in data["features"]}
    for traj in tc.trajectories:
        m = next(x for x in loaded.dataset.movements if x.id == traj.id)
        start, end = traj.get_start_location(), traj.get_end_location()
        assert (start.x, start.y) == pytest.approx((loaded.places[m.from_].lon, loaded.places[m.from_].lat), abs=1e-5)
        assert (end.x, end.y) == pytest.approx((loaded.places[m.to].lon, loaded.places[m.to].lat), abs=1e-5)
        window = by_id[m.id]["time"]
        if m.depart is not None and m.depart.earliest is not None:
            assert window[0][:10] == m.depart.earliest.isoformat()
            assert traj.get_start_time().date() >= m.depart.earliest  # never before the sources allow
        if m.arrive is not None:
            assert (window[1] is None) == (m.arrive.latest is None)
            if m.arrive.latest is not None:
                assert traj.get_end_time().date() <= m.arrive.latest


def test_hostile_text_is_json_text(tmp_path):
    loaded = load_dataset(DATASETS["injection"])
    out = export("mfjson", loaded, MapOptions(), tmp_path / "inj.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    (feature,) = data["features"]
    assert feature["properties"]["description"] == loaded.dataset.movements[0].description


def test_another_tools_moving_points(tmp_path):
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "ship-1",
                "properties": {"name": "Test Ship"},
                "temporalGeometry": {
                    "type": "MovingPoint",
                    "datetimes": ["2022-02-01T00:00:00Z", "2022-02-02T00:00:00Z", "2022-02-04T12:00:00Z"],
                    "coordinates": [[13.405, 52.52], [17.0, 52.0], [21.0122, 52.2297]],
                    "interpolation": "Linear",
                },
            },
            {"type": "Feature", "properties": {}, "temporalGeometry": {"type": "MovingPolygon"}},
            {
                "type": "Feature",
                "temporalGeometry": {"type": "MovingPoint", "datetimes": ["2022-01-01"], "coordinates": []},
            },
        ],
    }
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = read(path)
    (move,) = result.data["movements"]
    assert (move["unit"], move["depart"], move["arrive"]) == ("test-ship", "2022-02-01", "2022-02-04")
    named = {p.record: p for p in result.problems if p.field == "temporalGeometry"}
    assert "MovingPolygon" in named["feature 2"].message and "as many datetimes" in named["feature 3"].message


def test_malformed_mfjson(tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"type": "FeatureCollection", "temporalGeometry": ')
    (p,) = read(path, "mfjson").problems
    assert p.file == "bad.json" and "not valid JSON" in p.message and p.line == 1
