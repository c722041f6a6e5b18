"""`python -m dashboard export --format geojson`: RFC 7946 output that geopandas reads back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
import yaml
from shapely.geometry import shape

REPO = Path(__file__).resolve().parents[2]
DATE = "2022-02-10"


def export(data: Path | str, out: Path, date: str = DATE, *extra: str) -> dict:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "--data",
            str(data),
            "--date",
            date,
            "--format",
            "geojson",
            "--out",
            str(out),
            *extra,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundled_export(tmp_path_factory) -> tuple[dict, gpd.GeoDataFrame]:
    out = tmp_path_factory.mktemp("export") / "state.geojson"
    fc = export("data", out)
    return fc, gpd.read_file(out)


def _positions(fc: dict) -> list[list[float]]:
    """Every position in the collection, whatever the geometry type."""
    out = []

    def walk(c):
        if c and isinstance(c[0], (int, float)):
            out.append(c)
        else:
            for sub in c:
                walk(sub)

    for f in fc["features"]:
        walk(f["geometry"]["coordinates"])
    return out


def test_kinds_and_counts(bundled_export):
    fc, gdf = bundled_export
    assert fc["type"] == "FeatureCollection" and fc["date"] == DATE
    counts = gdf["kind"].value_counts().to_dict()
    # 3 movements -> 3 positions and 3 routes; all 5 events are dated on or before 10 Feb 2022;
    # all 4 areas are valid that day (two from 2014, two from 10 Feb 2022, none ends)
    assert counts == {"position": 3, "route": 3, "event": 5, "area": 4}
    assert len(gdf) == len(fc["features"]) == 15
    assert set(gdf[gdf.kind == "position"].geom_type) == {"Point"}
    assert set(gdf[gdf.kind == "route"].geom_type) == {"LineString"}
    assert set(gdf[gdf.kind == "area"].geom_type) <= {"Polygon", "MultiPolygon"}


def test_position_properties(bundled_export):
    fc, _ = bundled_export
    pos = {f["properties"]["movement"]: f for f in fc["features"] if f["properties"]["kind"] == "position"}
    p = pos["m-2cr-vilseck-romania"]["properties"]
    assert (p["phase"], p["progress"], p["strength"], p["arrive_estimated"]) == (
        "in_transit",
        pytest.approx(1 / 3, abs=1e-4),
        1000,
        True,
    )
    p = pos["m-82abn-poland-first-half"]["properties"]
    assert (p["phase"], p["progress"], p["strength"], p["arrive_estimated"]) == ("arrived", 1.0, 850, False)
    # arrived: exactly at Rzeszow, written [lon, lat]
    assert pos["m-82abn-poland-first-half"]["geometry"]["coordinates"] == pytest.approx([22.019, 50.11])
    p = pos["m-82abn-poland-second-half"]["properties"]
    assert (p["phase"], p["progress"], p["strength"]) == ("in_transit", 0.0, 850)
    assert pos["m-82abn-poland-second-half"]["geometry"]["coordinates"] == pytest.approx([-79.006, 35.139])
    assert {p["properties"]["unit"] for p in pos.values()} == {"us-2cr-stryker-sqn", "us-82abn-poland"}


def test_events_and_areas_properties(bundled_export):
    fc, _ = bundled_export
    events = [f for f in fc["features"] if f["properties"]["kind"] == "event"]
    assert all(e["properties"]["date"] <= DATE for e in events)
    minsk = next(e for e in events if e["properties"]["id"] == "ev-minsk-agreements")
    assert minsk["geometry"]["coordinates"] == pytest.approx([27.559, 53.9006])
    areas = {f["properties"]["id"] for f in fc["features"] if f["properties"]["kind"] == "area"}
    assert areas == {"area-russian-buildup", "area-nato-eastern-flank", "area-crimea-annexed", "area-separatist-east"}


def test_earlier_date_has_fewer_events_and_areas(tmp_path):
    fc = export("data", tmp_path / "s.geojson", date="2014-03-18")
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    assert kinds.count("event") == 0 and kinds.count("area") == 1
    assert kinds.count("position") == 3 and kinds.count("route") == 3
    phases = {f["properties"]["phase"] for f in fc["features"] if f["properties"]["kind"] == "position"}
    assert phases == {"not_started"}


def test_rfc7946_basics(bundled_export):
    fc, gdf = bundled_export
    assert "crs" not in fc  # RFC 7946 section 4: no crs member
    assert all("crs" not in f for f in fc["features"])
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    for lon, lat, *_ in _positions(fc):  # [lon, lat] in range
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    for f in fc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert shape(f["geometry"]).is_valid


def test_rfc7946_polygon_right_hand_rule(bundled_export):
    """RFC 7946 section 3.1.6: exterior rings MUST be counterclockwise, holes clockwise.

    BUG: the bundled outlines are written clockwise and the export passes them through
    unchanged (dashboard/engine/features.py, `mapping(loaded.geometries[a.id])`)."""
    fc, _ = bundled_export
    wrong = []
    for f in fc["features"]:
        geom = shape(f["geometry"])
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        for poly in getattr(geom, "geoms", [geom]):
            if not poly.exterior.is_ccw or any(r.is_ccw for r in poly.interiors):
                wrong.append(f["properties"]["id"])
    assert not wrong, f"rings not following the right-hand rule: {sorted(set(wrong))}"


def test_round_trip_through_geopandas(bundled_export, tmp_path):
    fc, gdf = bundled_export
    for f, geom in zip(fc["features"], gdf.geometry):
        assert shape(f["geometry"]).equals_exact(geom, tolerance=1e-9)
    again = tmp_path / "again.geojson"
    gdf.to_file(again, driver="GeoJSON")
    back = gpd.read_file(again)
    assert len(back) == len(gdf)
    assert list(back["kind"]) == list(gdf["kind"])
    assert all(a.equals_exact(b, tolerance=1e-9) for a, b in zip(back.geometry, gdf.geometry))
    pos = back[back.kind == "position"]
    assert sorted(pos["phase"]) == ["arrived", "in_transit", "in_transit"]
    assert sorted(pos["strength"].astype(int)) == [850, 850, 1000]


@pytest.mark.parametrize("route", ["simplified", "full"])
def test_antimeridian_route_is_split(tmp_path, route):
    doc = {
        "places": [
            {
                "id": "petropavlovsk",
                "name": "Petropavlovsk-Kamchatsky",
                "country": "RUS",
                "lat": 53.0167,
                "lon": 158.65,
            },
            {"id": "anchorage", "name": "Anchorage", "country": "USA", "lat": 61.2181, "lon": -149.9003},
            {"id": "berlin", "name": "Berlin", "country": "DEU", "lat": 52.52, "lon": 13.405},
            {"id": "warsaw", "name": "Warsaw", "country": "POL", "lat": 52.2297, "lon": 21.0122},
        ],
        "units": [{"id": "u", "name": "Test unit", "nation": "USA", "branch": "aviation", "echelon": "battalion"}],
        "movements": [
            {
                "id": "pacific",
                "unit": "u",
                "from": "petropavlovsk",
                "to": "anchorage",
                "depart": "2022-01-01",
                "arrive": "2022-01-11",
                "citations": [{"note": "test"}],
            },
            {
                "id": "europe",
                "unit": "u",
                "from": "berlin",
                "to": "warsaw",
                "depart": "2022-01-01",
                "arrive": "2022-01-03",
                "citations": [{"note": "test"}],
            },
        ],
    }
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "d.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = tmp_path / "pacific.geojson"
    fc = export(tmp_path / "data" / "d.yaml", out, "2022-01-06", "--route", route)
    routes = {f["properties"]["movement"]: f["geometry"] for f in fc["features"] if f["properties"]["kind"] == "route"}
    assert routes["europe"]["type"] == "LineString"
    pac = routes["pacific"]
    assert pac["type"] == "MultiLineString" and len(pac["coordinates"]) == 2
    west, east = pac["coordinates"]
    assert west[0] == pytest.approx([158.65, 53.0167]) and east[-1] == pytest.approx([-149.9003, 61.2181])
    assert west[-1][0] == 180 and east[0][0] == -180 and west[-1][1] == east[0][1]  # they meet on the antimeridian
    assert all(lon >= 158 for lon, _ in west) and all(lon <= -149 for lon, _ in east)
    for lon, lat in _positions(fc):
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    gdf = gpd.read_file(out)
    geom = gdf[gdf.kind == "route"].set_index("movement").geometry["pacific"]
    assert geom.geom_type == "MultiLineString" and len(geom.geoms) == 2
    # the position halfway through is on one side or the other of 180, never beyond it
    (pos,) = [
        f
        for f in fc["features"]
        if f["properties"].get("movement") == "pacific" and f["properties"]["kind"] == "position"
    ]
    assert pos["properties"]["progress"] == 0.5 and abs(pos["geometry"]["coordinates"][0]) > 170


def test_route_detail(tmp_path):
    """Routes are "simplified" by default (the geodesic, a point every 500 km at most: 2 to 17 points);
    `--route full` writes the map's route (a point every 50 km, up to 130), `--route none` no routes."""
    full = export("data", tmp_path / "full.geojson", DATE, "--route", "full")
    simple = export("data", tmp_path / "simple.geojson")
    none = export("data", tmp_path / "none.geojson", DATE, "--route", "none")

    def routes(fc):
        return {
            f["properties"]["movement"]: f["geometry"] for f in fc["features"] if f["properties"]["kind"] == "route"
        }

    assert set(routes(full)) == set(routes(simple)) and len(routes(full)) == 3 and routes(none) == {}
    assert [f for f in none["features"] if f["properties"]["kind"] != "route"] == [
        f for f in simple["features"] if f["properties"]["kind"] != "route"
    ]
    for mid, geom in routes(simple).items():
        line, dense = geom["coordinates"], routes(full)[mid]["coordinates"]
        assert 2 <= len(line) <= 17 < len(dense) <= 130
        assert line[0] == dense[0] and line[-1] == dense[-1]  # the same endpoints
        # every simplified point lies on the full geodesic (within a few km)
        assert shape(routes(full)[mid]).distance(shape(geom).interpolate(0.5, normalized=True)) < 0.05
    # much smaller: the dense routes are most of a large export's bytes
    assert len(json.dumps(list(routes(simple).values()))) < len(json.dumps(list(routes(full).values()))) / 4


def test_geojson_export_imports_no_map_library(tmp_path):
    code = (
        "import sys\n"
        "from dashboard.cli.main import main\n"
        f"code = main(['export', '--data', 'data', '--out', {str(tmp_path / 's.geojson')!r}, '--quiet'])\n"
        "drawn = sorted(m for m in ('folium', 'branca', 'matplotlib', 'playwright', 'geopandas') if m in sys.modules)\n"
        "print(code, drawn)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0 []"


def test_export_refuses_invalid_data_without_traceback(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "--data",
            "tests/data/invalid/alias.yaml",
            "--date",
            DATE,
            "--format",
            "geojson",
            "--out",
            str(tmp_path / "x.geojson"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr and "alias.yaml" in r.stderr
    assert not (tmp_path / "x.geojson").exists()
    assert list(tmp_path.iterdir()) == []  # no half-written temporary file either


def test_export_bad_date_is_usage_error(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "--data",
            "data",
            "--date",
            "2022-02-30",
            "--format",
            "geojson",
            "--out",
            str(tmp_path / "x.geojson"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr and "YYYY-MM-DD" in r.stderr


def test_shapely_reads_every_geometry(bundled_export):
    fc, _ = bundled_export
    geoms = [shape(f["geometry"]) for f in fc["features"]]
    assert shapely.GeometryCollection(geoms).is_valid
