"""`python -m dashboard export --format geojson`: RFC 7946 output that geopandas reads back."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
import yaml
from shapely.geometry import shape

from dashboard.core.coverage import field_support
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import (
    EPOCH,
    PHASES,
    areas_valid_on,
    build_timeline,
    events_on_or_before,
    state_at,
    stretch,
)

REPO = Path(__file__).resolve().parents[2]
DATE = "2022-02-10"


@pytest.fixture(scope="module")
def model():
    """The bundled data as the engine sees it: expectations come from here, not from copied numbers."""
    loaded = load_dataset(REPO / "data")
    return loaded, build_timeline(loaded)


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


def test_kinds_and_counts(bundled_export, model):
    fc, gdf = bundled_export
    loaded, tl = model
    day = dt.date.fromisoformat(DATE)
    st = state_at(tl, day)
    assert fc["type"] == "FeatureCollection" and fc["date"] == DATE
    counts = gdf["kind"].value_counts().to_dict()
    n = tl.size
    expected = {
        "position": n,
        "route": n,
        "possible_route": int((~st.certain).sum()),
        "event": len(events_on_or_before(loaded, day)),
        "area": len(areas_valid_on(loaded, day)),
    }
    assert counts == {k: v for k, v in expected.items() if v}
    assert expected["possible_route"] >= 1  # the re-curated data has units the sources do not pin down
    assert len(gdf) == len(fc["features"]) == sum(expected.values())
    assert set(gdf[gdf.kind == "position"].geom_type) == {"Point"}
    assert set(gdf[gdf.kind == "route"].geom_type) == {"LineString"}
    assert set(gdf[gdf.kind == "possible_route"].geom_type) <= {"LineString", "MultiLineString"}
    assert set(gdf[gdf.kind == "area"].geom_type) <= {"Polygon", "MultiPolygon"}


def _iso(day):
    return day.isoformat() if day is not None else None


def _when_ok(props: dict, name: str, w) -> None:
    """The date field's properties say exactly what the model holds: as written, its bounds (null
    where open) and its words."""
    if w is None:
        assert [props[f"{name}{s}"] for s in ("", "_earliest", "_latest", "_words")] == [None] * 4
        return
    assert props[name] == w.text
    assert props[f"{name}_earliest"] == _iso(w.earliest) and props[f"{name}_latest"] == _iso(w.latest)
    assert props[f"{name}_words"] == w.words()


def _amount_ok(props: dict, name: str, a) -> None:
    if a is None:
        assert [props[f"{name}{s}"] for s in ("", "_min", "_max", "_approximate", "_words")] == [None] * 5
        return
    assert (props[name], props[f"{name}_min"], props[f"{name}_max"]) == (a.value, a.low, a.high)
    assert props[f"{name}_approximate"] is a.approximate  # 'about 1,000' is not an exact 1,000
    assert props[f"{name}_words"] == a.words()


def _support_ok(props: dict, section: str, record) -> None:
    support = field_support(section, record)
    assert props["supports"] == {s.field: list(s.sources) for s in support}
    assert props["support_status"] == {s.field: s.status for s in support}
    assert props["disputed"] == [s.field for s in support if getattr(getattr(record, s.field, None), "disputed", False)]


def test_position_properties_match_the_model(bundled_export, model):
    fc, _ = bundled_export
    loaded, tl = model
    st = state_at(tl, dt.date.fromisoformat(DATE))
    pos = {f["properties"]["movement"]: f for f in fc["features"] if f["properties"]["kind"] == "position"}
    assert list(pos) == [m.id for m in loaded.dataset.movements]
    for i, m in enumerate(loaded.dataset.movements):
        f = pos[m.id]
        p = f["properties"]
        assert p["unit"] == m.unit and p["phase"] == PHASES[st.phase[i]]
        assert p["progress"] == p["progress_min"] == pytest.approx(st.progress[i], abs=1e-4)
        assert p["progress_max"] == pytest.approx(st.progress_hi[i], abs=1e-4)
        assert p["certain"] is bool(st.certain[i])
        assert p["arrive_estimated"] is bool(tl.arrive_estimated[i])
        assert f["geometry"]["coordinates"] == pytest.approx([st.lon[i], st.lat[i]], abs=1e-5)
        _when_ok(p, "depart", m.depart)
        _when_ok(p, "arrive", m.arrive)
        _amount_ok(p, "strength", m.strength)
        assert (p["from"], p["to"]) == (m.from_, m.to)
        assert p["from_precision"] == loaded.places[m.from_].precision
        assert p["to_precision"] == loaded.places[m.to].precision
        _support_ok(p, "movements", m)


def test_uncertainty_of_the_seed_is_carried(bundled_export, model):
    """The seed's phrasing, as the re-curated data holds it, reaches the GeoJSON unsharpened."""
    fc, _ = bundled_export
    loaded, _tl = model
    pos = {
        f["properties"]["movement"]: f["properties"] for f in fc["features"] if f["properties"]["kind"] == "position"
    }
    by_words = {p["strength_words"] for p in pos.values()}
    assert "about 1,000" in by_words  # "U.S. officials have said they would send about 1,000"
    open_start = [p for p in pos.values() if p["depart"] and p["depart"].startswith("../")]
    assert open_start, "a departure given as 'by <day>'"
    for p in open_start:  # 'by 10 Feb': no earliest day, and never drawn as certain while it may be moving
        assert p["depart_earliest"] is None and p["depart_latest"] == DATE
        assert "day not reported" in p["words"]
    # a country as the sources name it ("to Romania", "to Poland"), not an invented base
    assert {p["to_precision"] for p in pos.values()} == {"country"}
    # a strength backed only by the curator's reading is said to be so
    curated = [p for p in pos.values() if p["support_status"].get("strength") == "curator"]
    assert all(p["supports"]["strength"] == [] for p in curated)
    areas = [f["properties"] for f in fc["features"] if f["properties"]["kind"] == "area"]
    over = [a for a in areas if a["strength_words"] and a["strength_words"].startswith("over ")]
    assert over and all(a["strength_max"] is None for a in over)  # "over 100,000": no upper bound


def test_possible_routes_are_the_stretch_where_a_unit_may_be(bundled_export, model):
    fc, _ = bundled_export
    loaded, tl = model
    st = state_at(tl, dt.date.fromisoformat(DATE))
    possible = {f["properties"]["movement"]: f for f in fc["features"] if f["properties"]["kind"] == "possible_route"}
    uncertain = [m.id for i, m in enumerate(loaded.dataset.movements) if not st.certain[i]]
    assert sorted(possible) == sorted(uncertain)
    for i, m in enumerate(loaded.dataset.movements):
        if m.id not in possible:
            continue
        f = possible[m.id]
        lo, hi = f["properties"]["progress_min"], f["properties"]["progress_max"]
        assert lo == pytest.approx(st.progress[i], abs=1e-4) and hi == pytest.approx(st.progress_hi[i], abs=1e-4)
        line = np.asarray(shape(f["geometry"]).coords) if f["geometry"]["type"] == "LineString" else None
        want = stretch(tl, i, lo, hi)
        if line is not None:
            assert line[0] == pytest.approx(want[0], abs=1e-4) and line[-1] == pytest.approx(want[-1], abs=1e-4)


def test_events_and_areas_properties(bundled_export, model):
    fc, _ = bundled_export
    loaded, _tl = model
    events = {f["properties"]["id"]: f for f in fc["features"] if f["properties"]["kind"] == "event"}
    for e in loaded.dataset.events:
        if e.id not in events:
            continue
        p = events[e.id]["properties"]
        _when_ok(p, "date", e.date)
        assert p["place"] == e.place and p["place_precision"] == loaded.places[e.place].precision
        assert events[e.id]["geometry"]["coordinates"] == pytest.approx(
            [loaded.places[e.place].lon, loaded.places[e.place].lat]
        )
        _support_ok(p, "events", e)
        assert (p["date_earliest"] or p["date_latest"]) <= DATE
    areas = {f["properties"]["id"]: f["properties"] for f in fc["features"] if f["properties"]["kind"] == "area"}
    assert set(areas) == {a.id for a in areas_valid_on(loaded, dt.date.fromisoformat(DATE))}
    for a in loaded.dataset.areas:
        if a.id in areas:
            _when_ok(areas[a.id], "valid_from", a.valid_from)
            _when_ok(areas[a.id], "valid_to", a.valid_to)
            _amount_ok(areas[a.id], "strength", a.strength)
            _support_ok(areas[a.id], "areas", a)


def test_earlier_date_has_fewer_events_and_areas(tmp_path, model):
    loaded, tl = model
    day = dt.date(2014, 3, 18)
    fc = export("data", tmp_path / "s.geojson", date=day.isoformat())
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    assert kinds.count("event") == len(events_on_or_before(loaded, day)) == 0
    assert kinds.count("area") == len(areas_valid_on(loaded, day)) == 1
    assert kinds.count("position") == 3 and kinds.count("route") == 3
    phases = [f["properties"]["phase"] for f in fc["features"] if f["properties"]["kind"] == "position"]
    assert phases == [PHASES[p] for p in state_at(tl, day).phase]


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
    assert list(pos["phase"]) == [
        f["properties"]["phase"] for f in fc["features"] if f["properties"]["kind"] == "position"
    ]
    assert list(pos["strength_words"]) == [
        f["properties"]["strength_words"] for f in fc["features"] if f["properties"]["kind"] == "position"
    ]
    assert list(pos["supports"]) == [
        f["properties"]["supports"] for f in fc["features"] if f["properties"]["kind"] == "position"
    ]


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
    # exact dates: the schedule is the sources', so no stretch of possible positions
    assert pos["properties"]["certain"] is True and pos["properties"]["progress_max"] == 0.5
    assert not [f for f in fc["features"] if f["properties"]["kind"] == "possible_route"]
    assert (pos["properties"]["depart_earliest"], pos["properties"]["depart_latest"]) == ("2022-01-01", "2022-01-01")


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


@pytest.mark.parametrize(
    ("fmt", "unused"),
    [
        ("svg", ("folium", "branca", "playwright")),  # matplotlib draws it: no web map, no browser
        ("pdf", ("folium", "branca", "playwright")),
        ("html", ("matplotlib", "geopandas", "playwright")),  # the web map: no static renderer, no browser
    ],
)
def test_each_drawn_format_imports_only_what_it_draws_with(tmp_path, fmt, unused):
    code = (
        "import sys\n"
        "from dashboard.cli.main import main\n"
        f"code = main(['export', '--data', 'data', '--format', {fmt!r}, '--out', {str(tmp_path / ('s.' + fmt))!r}, "
        "'--quiet'])\n"
        f"print(code, sorted(m for m in {unused!r} if m in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=180)
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


@pytest.mark.parametrize(
    "data",
    ["data", "tests/data/valid/claims.yaml", "tests/data/valid/injection", "tests/data/continents/pacific.yaml"],
)
def test_written_text_is_json_of_the_collection(data):
    """The export writes the collection's text directly (`state_feature_collection_json`): the same
    bytes as json.dumps of `state_feature_collection`, for every route detail, on the first, middle
    and last day, for a filtered selection, with alternatives, disputes, hostile strings (the
    injection fixture) and routes over the antimeridian."""
    from dashboard.engine.features import (
        ROUTE_DETAILS,
        json_text,
        state_feature_collection,
        state_feature_collection_json,
    )

    loaded = load_dataset(REPO / data)
    tl = build_timeline(loaded)
    days = sorted(EPOCH + dt.timedelta(days=int(d)) for d in tl.depart[np.isfinite(tl.depart)])
    some = frozenset(m.id for m in loaded.dataset.movements[::2])
    assert days and some
    checked = 0
    for day in (days[0], days[len(days) // 2], days[-1] + dt.timedelta(days=400)):
        for route in ROUTE_DETAILS:
            for ids in (None, some):
                text = state_feature_collection_json(loaded, tl, day, movement_ids=ids, route=route)
                assert text == json_text(state_feature_collection(loaded, tl, day, movement_ids=ids, route=route))
                checked += len(json.loads(text)["features"])
    assert checked > 0
