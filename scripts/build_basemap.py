#!/usr/bin/env python3
"""Build the offline basemap GeoJSON from the npm ``world-atlas`` package.

Reads Natural Earth 1:50m admin-0 countries (TopoJSON, shipped by the npm
package ``world-atlas``), repairs invalid geometries, un-wraps polygons that
cross the antimeridian, keeps the countries intersecting the theatre bbox
(Europe, Russia, Middle East, North Africa, North America's east coast),
clips them to that bbox, simplifies them as a *coverage* (shared borders stay
shared, no slivers or gaps are introduced) and writes a deterministic
RFC 7946 FeatureCollection plus a README describing the provenance.

Regenerate with::

    .venv/bin/python scripts/build_basemap.py
"""

from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pycountry
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = REPO_ROOT / "dashboard" / "web" / "frontend" / "node_modules" / "world-atlas" / "countries-50m.json"
DEFAULT_OUT = REPO_ROOT / "data" / "geo" / "countries-50m.geojson"

# Theatre window: (min_lon, min_lat, max_lon, max_lat), WGS 84 degrees.
BBOX: tuple[float, float, float, float] = (-100.0, 10.0, 75.0, 82.0)

# Coverage (Visvalingam-Whyatt) simplification tolerance in degrees, roughly
# the square root of the area of the triangles that are removed.
SIMPLIFY_TOLERANCE = 0.03

# Output coordinate precision (decimal places, 0.001 deg ~ 110 m).
PRECISION = 3

# Source features without a numeric ISO 3166-1 code.  None of these has an
# ISO alpha-3 code; Kosovo gets the widely used user-assigned code "XKX"
# (EU, IMF, SWIFT, ...), the others get "".
NO_NUMERIC_ISO = {
    "Kosovo": "XKX",
    "N. Cyprus": "",
    "Somaliland": "",
    "Siachen Glacier": "",
    "Indian Ocean Ter.": "",
}

SOURCE_TEMPLATE = "Natural Earth 1:50m via npm world-atlas@{version}"
ATTRIBUTION = "Made with Natural Earth"


# --------------------------------------------------------------------------
# geometry helpers
# --------------------------------------------------------------------------
def polygonal_part(geom: BaseGeometry | None) -> Polygon | MultiPolygon | None:
    """Return only the polygonal parts of ``geom`` (None if there are none)."""
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    polys: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon) and not part.is_empty:
            polys.append(part)
        elif isinstance(part, MultiPolygon):
            polys.extend(p for p in part.geoms if not p.is_empty)
        elif part.geom_type == "GeometryCollection":
            sub = polygonal_part(part)
            if sub is not None:
                polys.extend(shapely.get_parts(sub))
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def make_valid_polygonal(geom: BaseGeometry | None) -> Polygon | MultiPolygon | None:
    if geom is None or geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return polygonal_part(geom)


def _ring_wraps(coords: np.ndarray) -> bool:
    return coords.shape[0] > 1 and bool(np.any(np.abs(np.diff(coords[:, 0])) > 180.0))


def _shift_ring(coords: np.ndarray) -> np.ndarray:
    out = coords.copy()
    out[out[:, 0] < 0.0, 0] += 360.0
    return out


WEST = box(-180.0, -90.0, 180.0, 90.0)
EAST = box(180.0, -90.0, 540.0, 90.0)


def unwrap_antimeridian(geom: Polygon | MultiPolygon) -> Polygon | MultiPolygon | None:
    """Fix polygons whose rings jump across the antimeridian.

    The TopoJSON stores e.g. Russia's Chukotka as one ring that jumps from
    +179.9 to -180 and back.  Read as planar coordinates that ring is
    self-intersecting and smears across the whole globe.  For every such
    polygon, negative longitudes are shifted by +360 so the ring becomes
    continuous, the polygon is repaired, and it is then cut at 180 with the
    eastern half shifted back by -360.  Nothing spans the globe afterwards.
    """
    out: list[BaseGeometry] = []
    for poly in shapely.get_parts(geom):
        rings = [np.asarray(poly.exterior.coords)] + [np.asarray(r.coords) for r in poly.interiors]
        if not any(_ring_wraps(r) for r in rings):
            out.append(poly)
            continue
        shifted = Polygon(_shift_ring(rings[0]), [_shift_ring(r) for r in rings[1:]])
        shifted = make_valid_polygonal(shifted)
        if shifted is None:
            continue
        west = polygonal_part(shifted.intersection(WEST))
        east = polygonal_part(shifted.intersection(EAST))
        if west is not None:
            out.append(west)
        if east is not None:
            out.append(shapely.affinity.translate(east, xoff=-360.0))
    if not out:
        return None
    parts = [p for g in out for p in shapely.get_parts(g)]
    return make_valid_polygonal(MultiPolygon(parts) if len(parts) > 1 else parts[0])


# --------------------------------------------------------------------------
# attributes
# --------------------------------------------------------------------------
def iso_a3_for(numeric_id: object, name: str) -> str:
    if numeric_id is None or (isinstance(numeric_id, float) and math.isnan(numeric_id)) or numeric_id == "":
        return NO_NUMERIC_ISO.get(name, "")
    country = pycountry.countries.get(numeric=str(numeric_id).zfill(3))
    return country.alpha_3 if country is not None else ""


def read_package_version(src: Path) -> str:
    package_json = src.parent / "package.json"
    with package_json.open(encoding="utf-8") as fh:
        return json.load(fh)["version"]


# --------------------------------------------------------------------------
# serialisation
# --------------------------------------------------------------------------
def _num(x: float) -> float | int:
    v = round(float(x), PRECISION)
    if v == 0.0:
        v = 0.0  # normalise -0.0
    return v


def _ring(coords) -> list[list[float]]:
    return [[_num(x), _num(y)] for x, y in coords]


def _geometry_json(geom: Polygon | MultiPolygon) -> dict:
    def poly_coords(p: Polygon) -> list:
        return [_ring(p.exterior.coords)] + [_ring(r.coords) for r in p.interiors]

    if isinstance(geom, Polygon):
        return {"type": "Polygon", "coordinates": poly_coords(geom)}
    return {"type": "MultiPolygon", "coordinates": [poly_coords(p) for p in geom.geoms]}


def _dump_feature_collection(features: list[dict], version: str) -> str:
    fc = {
        "type": "FeatureCollection",
        "source": SOURCE_TEMPLATE.format(version=version),
        "attribution": ATTRIBUTION,
        "features": features,
    }
    # One feature per line keeps diffs readable while staying compact.
    head = json.dumps({k: v for k, v in fc.items() if k != "features"}, ensure_ascii=False, separators=(",", ":"))
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


# --------------------------------------------------------------------------
# main pipeline
# --------------------------------------------------------------------------
def build_basemap(src: Path = DEFAULT_SRC, out: Path = DEFAULT_OUT, *, write_readme: bool = True) -> dict:
    """Build the clipped, simplified basemap GeoJSON; return build statistics."""
    src = Path(src)
    out = Path(out)
    version = read_package_version(src)

    gdf = gpd.read_file(src, layer="countries")
    gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    n_source = len(gdf)

    window = box(*BBOX)
    minx, miny, maxx, maxy = BBOX

    records: list[tuple[str, str, BaseGeometry]] = []
    for numeric_id, name, geom in zip(gdf["id"], gdf["name"], gdf.geometry):
        if geom is None or geom.is_empty:
            continue
        bx0, by0, bx1, by1 = geom.bounds
        if bx0 > maxx or bx1 < minx or by0 > maxy or by1 < miny:
            continue  # cheap reject before any repair work
        fixed = unwrap_antimeridian(geom)
        fixed = make_valid_polygonal(fixed)
        if fixed is None:
            continue
        clipped = polygonal_part(fixed.intersection(window))
        if clipped is None or clipped.area == 0.0:
            continue
        records.append((str(name), iso_a3_for(numeric_id, str(name)), clipped))

    records.sort(key=lambda r: (r[0], r[1]))

    geoms = np.array([r[2] for r in records], dtype=object)
    coverage_valid_in = bool(shapely.coverage_is_valid(geoms))
    simplified = shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE, simplify_boundary=True)
    snapped = shapely.set_precision(simplified, 10.0**-PRECISION)

    features: list[dict] = []
    for (name, iso, _), geom in zip(records, snapped):
        geom = make_valid_polygonal(geom)
        if geom is None:
            continue
        geom = shapely.orient_polygons(geom)  # RFC 7946: exterior CCW, holes CW
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "iso_a3": iso},
                "geometry": _geometry_json(geom),
            }
        )

    text = _dump_feature_collection(features, version)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, out)

    stats = {
        "source": SOURCE_TEMPLATE.format(version=version),
        "world_atlas_version": version,
        "source_features": n_source,
        "features": len(features),
        "bytes": out.stat().st_size,
        "bbox": BBOX,
        "tolerance": SIMPLIFY_TOLERANCE,
        "precision": PRECISION,
        "coverage_valid_before_simplify": coverage_valid_in,
        "out": str(out),
    }
    if write_readme:
        (out.parent / "README.md").write_text(_readme(stats, out), encoding="utf-8")
    return stats


def _readme(stats: dict, out: Path) -> str:
    minx, miny, maxx, maxy = stats["bbox"]
    kb = stats["bytes"] / 1024
    return f"""# Offline basemap

`{out.name}` is the dashboard's offline country basemap (no tile server
needed). It is generated; do not edit it by hand.

| | |
|---|---|
| Source | {stats["source"]} (`dashboard/web/frontend/node_modules/world-atlas/countries-50m.json`, layer `countries`) |
| Regenerate | `.venv/bin/python scripts/build_basemap.py` (options: `--src`, `--out`) |
| Bounding box | lon {minx:g}..{maxx:g}, lat {miny:g}..{maxy:g} (EPSG:4326) |
| Simplification | coverage-preserving Visvalingam-Whyatt (`shapely.coverage_simplify`), tolerance {stats["tolerance"]:g} deg |
| Precision | coordinates snapped/rounded to {stats["precision"]} decimals |
| Size | {stats["bytes"]} bytes ({kb:.0f} KB) |
| Features | {stats["features"]} |

## Processing

1. Read the TopoJSON with geopandas; CRS set to EPSG:4326.
2. Countries whose extent misses the bbox are dropped.
3. Rings that jump across the antimeridian (Russia's Chukotka) are unwrapped
   and cut at 180 deg so nothing smears across the map; invalid geometries are
   repaired with `shapely.make_valid` keeping only polygonal parts.
4. Every remaining country is clipped to the bbox (whole countries, clipped),
   so e.g. Russia ends at 75 E and the USA/Canada at 100 W.
5. Borders are simplified as one coverage (shared borders stay shared),
   snapped to a 0.001 deg grid and written with exterior rings
   counter-clockwise (RFC 7946).

## Properties

* `name` - the Natural Earth short name as given by world-atlas.
* `iso_a3` - ISO 3166-1 alpha-3, from the numeric ISO `id` via `pycountry`.
  Features without a numeric code: Kosovo gets the user-assigned `XKX`;
  N. Cyprus, Somaliland and others get `""`.

Top-level foreign members: `source` and `attribution` (`"{ATTRIBUTION}"`).
Features are sorted by `name` (Unicode code-point order, so `Åland` sorts
last); output is byte-for-byte deterministic with the pinned GEOS/shapely.

## Caveats

* Borders are Natural Earth's de-facto view as packaged in world-atlas 2.x:
  Crimea is drawn as part of Russia, and N. Cyprus, Kosovo and Somaliland
  are separate features.
* Clipping cuts countries at the bbox edge (straight edges at 100 W, 75 E,
  10 N and 82 N are artefacts of the window, not borders).

## Licence

* Natural Earth data: public domain (https://www.naturalearthdata.com/about/terms-of-use/).
* world-atlas (Mike Bostock): ISC licence.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="world-atlas countries-50m.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output GeoJSON path")
    args = parser.parse_args(argv)
    stats = build_basemap(args.src, args.out)
    for key, value in stats.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
