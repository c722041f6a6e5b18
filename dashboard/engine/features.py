"""The state at a date as an RFC 7946 FeatureCollection (positions, routes, events, areas)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping

from dashboard.core.loader import LoadedDataset
from dashboard.engine.timeline import (
    PHASES,
    Timeline,
    areas_valid_on,
    events_on_or_before,
    state_at,
)

COORD_DIGITS = 5  # about 1 m


def _r(x: float) -> float:
    return round(float(x), COORD_DIGITS)


def split_antimeridian(coords: np.ndarray) -> list[list[list[float]]]:
    """Cut an unwrapped lon/lat line where it crosses +-180 (RFC 7946, section 3.1.9)."""
    parts: list[list[list[float]]] = []
    current: list[list[float]] = []
    lon = ((coords[:, 0] + 180.0) % 360.0) - 180.0
    for x, y in zip(lon, coords[:, 1]):
        if current and abs(x - current[-1][0]) > 180:
            px, py = current[-1]
            edge = 180.0 if px > 0 else -180.0
            dx = (x + 360 if px > 0 else x - 360) - px
            t = (edge - px) / dx if dx else 0
            ylat = py + t * (y - py)
            current.append([edge, _r(ylat)])
            parts.append(current)
            current = [[-edge, _r(ylat)]]
        current.append([_r(x), _r(y)])
    parts.append(current)
    return parts


def _route_geometry(coords: np.ndarray) -> dict[str, Any]:
    parts = split_antimeridian(coords)
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def state_feature_collection(
    loaded: LoadedDataset, timeline: Timeline, when: dt.date | dt.datetime, movement_ids: set[str] | None = None
) -> dict[str, Any]:
    """The state on `when`; `movement_ids` limits it to a filtered selection."""
    st = state_at(timeline, when)
    features = []
    moves = loaded.dataset.movements
    for i, m in enumerate(moves):
        if movement_ids is not None and m.id not in movement_ids:
            continue
        strength = None if math.isnan(timeline.strength[i]) else int(timeline.strength[i])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [_r(((st.lon[i] + 180) % 360) - 180), _r(st.lat[i])]},
                "properties": {
                    "kind": "position",
                    "movement": m.id,
                    "unit": m.unit,
                    "progress": round(float(st.progress[i]), 4),
                    "phase": PHASES[st.phase[i]],
                    "strength": strength,
                    "confidence": m.confidence,
                    "arrive_estimated": bool(timeline.arrive_estimated[i]),
                },
            }
        )
    for i, m in enumerate(moves):
        if movement_ids is not None and m.id not in movement_ids:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": _route_geometry(timeline.routes[i]),
                "properties": {"kind": "route", "movement": m.id, "unit": m.unit},
            }
        )
    places = loaded.places
    for e in events_on_or_before(loaded, when):
        p = places[e.place]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [_r(p.lon), _r(p.lat)]},
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
