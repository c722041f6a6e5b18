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
from functools import lru_cache
from typing import Any, NamedTuple

EPOCH = dt.date(1970, 1, 1)


class Track(NamedTuple):  # a tuple: made in C, 10,000 at a time
    movement: Any
    coords: list[tuple[float, float]]
    days: list[float]
    window: tuple[float | None, float | None]
    estimated: bool
    times: list[str]  # `days` as ISO 8601 UTC instants


def movement_tracks(loaded: Any, timeline: Any, movement_ids: frozenset[str] | None = None) -> list[Track]:
    """The tracks of the dataset's movements (those in `movement_ids` when given), in dataset order.
    Schedules, sample days and instants are worked out for all tracks at once (numpy), as the
    module's rule says."""
    import numpy as np

    from dashboard.engine.features import simplified_routes

    index = {mid: i for i, mid in enumerate(timeline.ids.tolist())}
    moves = [m for m in loaded.dataset.movements if movement_ids is None or m.id in movement_ids]
    if not moves:
        return []
    rows = np.array([index[m.id] for m in moves], dtype=int)
    coords = [
        [tuple(c) for c in route["coordinates"]]
        if route["type"] == "LineString"
        else [tuple(c) for part in route["coordinates"] for c in part]
        for route in simplified_routes(timeline, rows)
    ]
    counts = np.array([len(c) for c in coords], dtype=int)
    d_hi, d_lo, a_lo, a_hi = (
        np.asarray(a, dtype=float)[rows]
        for a in (timeline.depart_hi, timeline.depart_lo, timeline.arrive_lo, timeline.arrive_hi)
    )
    begin = np.where(np.isfinite(d_hi), d_hi, np.where(np.isfinite(d_lo), d_lo, a_lo))
    finish = np.maximum(begin, np.where(np.isfinite(a_hi), a_hi, np.where(np.isfinite(a_lo), a_lo, begin)))
    owner = np.repeat(np.arange(rows.size), counts)
    k = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
    s, e, n = begin[owner], finish[owner], counts[owner]
    # one known day and no other: a second apart (times must increase); else evenly over the schedule
    days = np.where(e - s < n / 86400.0, s + k / 86400.0, s + (e - s) * k / np.maximum(n - 1, 1))
    # each distinct second written once (tracks share instants: whole and half days, ...)
    distinct, which = np.unique(np.round(days * 86400.0).astype("int64"), return_inverse=True)
    texts = [t + "Z" for t in np.datetime_as_string(distinct.astype("datetime64[s]"), unit="s").tolist()]
    stamps = [texts[k] for k in which.tolist()]
    day_list = days.tolist()
    lo = np.where(np.isfinite(d_lo), d_lo, d_hi)
    los = [x if math.isfinite(x) else None for x in lo.tolist()]
    his = [x if math.isfinite(x) else None for x in a_hi.tolist()]
    estimated = np.asarray(timeline.arrive_estimated)[rows].tolist()
    out, at = [], 0
    for j, (m, c) in enumerate(zip(moves, coords)):
        nxt = at + len(c)
        out.append(Track(m, c, day_list[at:nxt], (los[j], his[j]), bool(estimated[j]), stamps[at:nxt]))
        at = nxt
    return out


@lru_cache(maxsize=65536)
def iso(day: float | None, end_of_day: bool = False) -> str | None:
    """A day number as an ISO 8601 UTC instant (None stays None); worked out once per day number (a
    dataset's movements share a few hundred days)."""
    if day is None or not math.isfinite(day):
        return None
    whole = math.floor(day)
    stamp = dt.datetime.combine(EPOCH + dt.timedelta(days=whole), dt.time()) + dt.timedelta(days=day - whole)
    if end_of_day:
        stamp += dt.timedelta(days=1)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
