"""The state at a date as an RFC 7946 FeatureCollection (positions, routes, events, areas).

Coordinates are wrapped to [-180, 180) and rounded to `COORD_DIGITS` with numpy, whole arrays at a
time; routes over the antimeridian are cut there (RFC 7946, section 3.1.9)."""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry import mapping

from dashboard.core.loader import LoadedDataset
from dashboard.engine.timeline import (
    GEOD,
    PHASES,
    Timeline,
    areas_valid_on,
    events_on_or_before,
    state_at,
)

COORD_DIGITS = 5  # about 1 m
RouteDetail = Literal["simplified", "full", "none"]
ROUTE_DETAILS: tuple[RouteDetail, ...] = ("simplified", "full", "none")
SIMPLIFIED_STEP_KM = 500.0  # "simplified": a geodesic point at least every 500 km ...
SIMPLIFIED_MAX_SEGMENTS = 16  # ... and at most 17 points a route (the timeline's routes have up to 130)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Build many small lists and dicts without the cyclic collector: they hold no cycles, and
    next to a large loaded dataset each collection walks every object (100,000 movements: 6 s
    of a 7 s build, 0.7 s without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _wrap(lon: np.ndarray) -> np.ndarray:
    return ((np.asarray(lon, dtype=float) + 180.0) % 360.0) - 180.0


def _rounded_pairs(lon: np.ndarray, lat: np.ndarray) -> list[list[float]]:
    """[[lon, lat], ...] with lon wrapped, both rounded in one numpy call each."""
    pairs: list[list[float]] = np.column_stack(
        [np.round(_wrap(lon), COORD_DIGITS), np.round(lat, COORD_DIGITS)]
    ).tolist()
    return pairs


def split_antimeridian(coords: np.ndarray) -> list[list[list[float]]]:
    """Cut an unwrapped lon/lat line where it crosses +-180 (RFC 7946, section 3.1.9)."""
    lon, lat = _wrap(coords[:, 0]), np.asarray(coords[:, 1], dtype=float)
    pts = _rounded_pairs(lon, lat)
    cuts = np.flatnonzero(np.abs(np.diff(lon)) > 180).tolist()
    parts: list[list[list[float]]] = []
    start: list[list[float]] = []
    begin = 0
    for k in cuts:
        px, py, x, y = float(lon[k]), float(lat[k]), float(lon[k + 1]), float(lat[k + 1])
        edge = 180.0 if px > 0 else -180.0
        dx = (x + 360 if px > 0 else x - 360) - px
        t = (edge - px) / dx if dx else 0.0
        ylat = round(py + t * (y - py), COORD_DIGITS)
        parts.append(start + pts[begin : k + 1] + [[edge, ylat]])
        start, begin = [[-edge, ylat]], k + 1
    parts.append(start + pts[begin:])
    return parts


def _line_geometry(parts: list[list[list[float]]]) -> dict[str, Any]:
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _route_geometry(coords: np.ndarray) -> dict[str, Any]:
    return _line_geometry(split_antimeridian(coords))


def simplified_routes(timeline: Timeline, rows: np.ndarray) -> list[dict[str, Any]]:
    """The geodesic of each movement in `rows`, sampled every `SIMPLIFIED_STEP_KM` at most (2 to 17
    points), in one vectorised `Geod.fwd` call, as GeoJSON geometries (cut at the antimeridian)."""
    if rows.size == 0:
        return []
    length = np.nan_to_num(timeline.length_m[rows].astype(float))
    segs = np.clip(np.ceil(length / 1000 / SIMPLIFIED_STEP_KM), 1, SIMPLIFIED_MAX_SEGMENTS).astype(int)
    counts = segs + 1
    owner = np.repeat(np.arange(rows.size), counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    frac = (np.arange(owner.size) - starts[owner]) / segs[owner]
    src = rows[owner]
    lon, lat, _ = GEOD.fwd(timeline.from_lon[src], timeline.from_lat[src], timeline.azimuth[src], length[owner] * frac)
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    last = starts + segs  # the endpoints exactly as the data has them
    lon[starts], lat[starts] = timeline.from_lon[rows], timeline.from_lat[rows]
    lon[last], lat[last] = timeline.to_lon[rows], timeline.to_lat[rows]
    wrapped = _wrap(lon)
    jump = np.abs(np.diff(wrapped)) > 180
    jump[last[:-1]] = False  # from one route's end to the next route's start is no crossing
    crossing = np.zeros(rows.size, dtype=bool)
    crossing[owner[:-1][jump]] = True
    pts = _rounded_pairs(wrapped, lat)
    out: list[dict[str, Any]] = []
    for k, (s, e) in enumerate(zip(starts.tolist(), (last + 1).tolist())):
        if crossing[k]:
            out.append(_route_geometry(np.column_stack([lon[s:e], lat[s:e]])))
        else:
            out.append({"type": "LineString", "coordinates": pts[s:e]})
    return out


def state_feature_collection(
    loaded: LoadedDataset,
    timeline: Timeline,
    when: dt.date | dt.datetime,
    movement_ids: set[str] | frozenset[str] | None = None,
    route: RouteDetail = "simplified",
) -> dict[str, Any]:
    """The state on `when`; `movement_ids` limits it to a filtered selection.

    `route` is what each movement's route feature carries: "simplified" (the default) the geodesic
    sampled every 500 km at most (2 to 17 points, within a few km of the map's line), "full" the
    timeline's route as the map draws it (a point every 50 km, up to 130), "none" no route features."""
    if route not in ROUTE_DETAILS:
        raise ValueError(f"route must be one of {', '.join(ROUTE_DETAILS)}; got {route!r}")
    with _gc_paused():
        return _collection(loaded, timeline, when, movement_ids, route)


def _collection(
    loaded: LoadedDataset,
    timeline: Timeline,
    when: dt.date | dt.datetime,
    movement_ids: set[str] | frozenset[str] | None,
    route: RouteDetail,
) -> dict[str, Any]:
    st = state_at(timeline, when)
    moves = loaded.dataset.movements
    rows = np.array(
        [i for i, m in enumerate(moves) if movement_ids is None or m.id in movement_ids], dtype=np.intp
    ).reshape(-1)
    positions = _rounded_pairs(st.lon[rows], st.lat[rows])
    progress = np.round(st.progress[rows].astype(float), 4).tolist()
    strength = timeline.strength[rows]
    strengths = [None if math.isnan(s) else int(s) for s in strength.tolist()]
    estimated = timeline.arrive_estimated[rows].astype(bool).tolist()
    features: list[dict[str, Any]] = []
    for k, i in enumerate(rows.tolist()):
        m = moves[i]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": positions[k]},
                "properties": {
                    "kind": "position",
                    "movement": m.id,
                    "unit": m.unit,
                    "progress": progress[k],
                    "phase": PHASES[st.phase[i]],
                    "strength": strengths[k],
                    "confidence": m.confidence,
                    "arrive_estimated": estimated[k],
                },
            }
        )
    if route != "none":
        if route == "full":
            geometries = [_route_geometry(timeline.routes[i]) for i in rows.tolist()]
        else:
            geometries = simplified_routes(timeline, rows)
        for i, geometry in zip(rows.tolist(), geometries):
            m = moves[i]
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {"kind": "route", "movement": m.id, "unit": m.unit},
                }
            )
    places = loaded.places
    events = events_on_or_before(loaded, when)
    where = _rounded_pairs(
        np.array([places[e.place].lon for e in events], dtype=float),
        np.array([places[e.place].lat for e in events], dtype=float),
    )
    for e, xy in zip(events, where):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": xy},
                "properties": {"kind": "event", "id": e.id, "name": e.name, "date": e.date.isoformat()},
            }
        )
    for a in areas_valid_on(loaded, when):
        geom = shapely.orient_polygons(loaded.geometries[a.id])  # RFC 7946: outer rings counter-clockwise
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(geom),
                "properties": {
                    "kind": "area",
                    "id": a.id,
                    "name": a.name,
                    "nation": a.nation,
                    "affiliation": a.affiliation,
                    "strength": a.strength,
                    "valid_from": a.valid_from.isoformat(),
                    "valid_to": a.valid_to.isoformat() if a.valid_to else None,
                },
            }
        )
    day = st.date if not isinstance(when, dt.date) else (when.date() if isinstance(when, dt.datetime) else when)
    return {"type": "FeatureCollection", "date": day.isoformat(), "features": features}
