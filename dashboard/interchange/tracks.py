"""Each movement as a track in time, shared by the KML, CZML and MF-JSON exports.

Rule: the track follows the movement's geodesic (the points of the GeoJSON export's simplified route, 2 to
17, cut nowhere: longitudes stay continuous) and runs on the schedule the map draws: from the latest
departure to the latest arrival; where the arrival is open (not reported and not estimated), to the
earliest day it can have arrived, while the movement's window (`window`) stays open at that end. A track
whose schedule is a single instant (an open departure and no arrival) takes one second (sample times
must increase). The
window is what the sources allow: from the earliest possible departure to the latest possible arrival
(None where open). Days are the engine's day numbers (days since 1970-01-01).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Track:
    movement: Any
    coords: list[tuple[float, float]]
    days: list[float]
    window: tuple[float | None, float | None]
    estimated: bool
    times: list[str]  # `days` as ISO 8601 UTC instants


def schedule(timeline: Any, i: int) -> tuple[float, float]:
    """The days a track runs (start <= end), see the module's rule."""
    start = next(d for d in (timeline.depart_hi[i], timeline.depart_lo[i], timeline.arrive_lo[i]) if math.isfinite(d))
    end = next((d for d in (timeline.arrive_hi[i], timeline.arrive_lo[i]) if math.isfinite(d)), start)
    return float(start), float(max(start, end))


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def movement_tracks(loaded: Any, timeline: Any, movement_ids: frozenset[str] | None = None) -> list[Track]:
    """The tracks of the dataset's movements (those in `movement_ids` when given), in dataset order."""
    import numpy as np

    from dashboard.engine.features import simplified_routes

    index = {mid: i for i, mid in enumerate(timeline.ids.tolist())}
    moves = [m for m in loaded.dataset.movements if movement_ids is None or m.id in movement_ids]
    rows = np.array([index[m.id] for m in moves], dtype=int)
    routes = simplified_routes(timeline, rows) if rows.size else []
    pending = []
    for m, route in zip(moves, routes):
        i = index[m.id]
        parts = [route["coordinates"]] if route["type"] == "LineString" else route["coordinates"]
        coords = [(float(c[0]), float(c[1])) for part in parts for c in part]
        start, end = schedule(timeline, i)
        n = len(coords)
        if end - start < n / 86400.0:  # one known day and no other: a second apart, times must increase
            days = [start + k / 86400.0 for k in range(n)]
        else:
            days = [start + (end - start) * k / (n - 1) for k in range(n)] if n > 1 else [start]
        lo = _finite(timeline.depart_lo[i]) if math.isfinite(timeline.depart_lo[i]) else _finite(timeline.depart_hi[i])
        pending.append((m, coords, days, (lo, _finite(timeline.arrive_hi[i])), bool(timeline.arrive_estimated[i])))
    # every instant in one numpy call (a strftime each: a third of a 10,000-movement KML export)
    flat = np.array([d for p in pending for d in p[2]], dtype=float)
    seconds = np.round(flat * 86400.0).astype("int64").astype("datetime64[s]")
    stamps = [s + "Z" for s in np.datetime_as_string(seconds, unit="s").tolist()]
    out, k = [], 0
    for m, coords, days, window, estimated in pending:
        out.append(Track(m, coords, days, window, estimated, stamps[k : k + len(days)]))
        k += len(days)
    return out


def iso(day: float | None, end_of_day: bool = False) -> str | None:
    """A day number as an ISO 8601 UTC instant (None stays None)."""
    if day is None or not math.isfinite(day):
        return None
    whole = math.floor(day)
    stamp = dt.datetime.combine(EPOCH + dt.timedelta(days=whole), dt.time()) + dt.timedelta(days=day - whole)
    if end_of_day:
        stamp += dt.timedelta(days=1)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
