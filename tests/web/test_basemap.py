"""Tests for the offline basemap ``data/geo/countries-50m.geojson``."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

REPO_ROOT = Path(__file__).resolve().parents[2]
BASEMAP = REPO_ROOT / "data" / "geo" / "countries-50m.geojson"
SCRIPT = REPO_ROOT / "scripts" / "build_basemap.py"
WORLD_ATLAS = REPO_ROOT / "dashboard" / "web" / "frontend" / "node_modules" / "world-atlas"
BBOX = (-100.0, 10.0, 75.0, 82.0)
MAX_BYTES = 700 * 1024

KEY_COUNTRIES = {
    "DEU": "Germany",
    "POL": "Poland",
    "ROU": "Romania",
    "UKR": "Ukraine",
    "RUS": "Russia",
    "USA": "United States of America",
    "GBR": "United Kingdom",
    "FRA": "France",
    "TUR": "Turkey",
    "BLR": "Belarus",
    "MDA": "Moldova",
    "FIN": "Finland",
    "NOR": "Norway",
    "EGY": "Egypt",
    "CAN": "Canada",
}


def _load_script():
    spec = importlib.util.spec_from_file_location("build_basemap_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gdf() -> gpd.GeoDataFrame:
    return gpd.read_file(BASEMAP)


@pytest.fixture(scope="module")
def raw() -> dict:
    with BASEMAP.open(encoding="utf-8") as fh:
        return json.load(fh)


def test_crs_is_wgs84(gdf):
    assert gdf.crs is not None
    assert gdf.crs.to_epsg() == 4326


def test_geometries_valid_polygonal_nonempty(gdf):
    assert len(gdf) > 100
    assert not gdf.geometry.isna().any()
    assert not gdf.is_empty.any()
    invalid = gdf.loc[~gdf.is_valid, "name"].tolist()
    assert invalid == []
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}


def test_borders_form_a_valid_coverage(gdf):
    # Neighbouring countries must not overlap after simplification.
    assert shapely.coverage_is_valid(gdf.geometry.values)


def test_key_countries_present(gdf):
    by_iso = dict(zip(gdf["iso_a3"], gdf["name"]))
    for iso, name in KEY_COUNTRIES.items():
        assert by_iso.get(iso) == name, f"{iso} missing or misnamed"


def test_iso_codes_well_formed_and_unique(gdf):
    codes = [c for c in gdf["iso_a3"] if c]
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)
    dupes = [c for c, n in Counter(codes).items() if n > 1]
    assert dupes == []
    assert dict(zip(gdf["name"], gdf["iso_a3"]))["Kosovo"] == "XKX"


def test_sorted_by_name(gdf):
    names = gdf["name"].tolist()
    assert names == sorted(names)
    assert len(set(names)) == len(names)


def test_bbox_within_window(gdf):
    minx, miny, maxx, maxy = gdf.total_bounds
    eps = 1e-9
    assert minx >= BBOX[0] - eps and miny >= BBOX[1] - eps
    assert maxx <= BBOX[2] + eps and maxy <= BBOX[3] + eps


def test_no_antimeridian_wrap(gdf):
    # A ring that jumps across the map would show up as a horizontal streak.
    for name, geom in zip(gdf["name"], gdf.geometry):
        for poly in shapely.get_parts(geom):
            xs = np.asarray(poly.exterior.coords)[:, 0]
            assert poly.bounds[2] - poly.bounds[0] < 180, name
            assert np.abs(np.diff(xs)).max() < 90, name


def test_file_size():
    assert BASEMAP.stat().st_size < MAX_BYTES


def test_rfc7946_structure_and_foreign_members(raw):
    assert raw["type"] == "FeatureCollection"
    assert "crs" not in raw  # RFC 7946 drops the crs member
    assert raw["source"].startswith("Natural Earth 1:50m via npm world-atlas@")
    assert raw["attribution"] == "Made with Natural Earth"
    for feat in raw["features"]:
        assert feat["type"] == "Feature"
        assert set(feat["properties"]) == {"name", "iso_a3"}
        assert feat["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_exterior_rings_counter_clockwise(gdf):
    parts = shapely.get_parts(gdf.geometry.values)
    assert shapely.is_ccw(shapely.get_exterior_ring(parts)).all()


def test_source_version_matches_installed_package(raw):
    pkg = WORLD_ATLAS / "package.json"
    if not pkg.exists():
        pytest.skip(f"world-atlas not installed at {WORLD_ATLAS} (run npm install in dashboard/web/frontend)")
    version = json.loads(pkg.read_text(encoding="utf-8"))["version"]
    assert raw["source"] == f"Natural Earth 1:50m via npm world-atlas@{version}"


def test_rebuild_is_byte_identical(tmp_path):
    src = WORLD_ATLAS / "countries-50m.json"
    if not src.exists():
        pytest.skip(f"world-atlas not installed at {WORLD_ATLAS} (run npm install in dashboard/web/frontend)")
    module = _load_script()
    out = tmp_path / "countries-50m.geojson"
    stats = module.build_basemap(src, out)
    assert stats["features"] > 0
    assert stats["bytes"] == out.stat().st_size
    assert out.read_bytes() == BASEMAP.read_bytes(), (
        "data/geo/countries-50m.geojson is stale: run .venv/bin/python scripts/build_basemap.py"
    )
