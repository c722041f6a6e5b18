"""Where every movement stands on a date: a pure, vectorised time engine.

Rule (documented in the README):
- before `depart` a unit is at `from` (phase not_started, progress 0);
- from `arrive` on it is at `to` (phase arrived, progress 1);
- in between it is on the WGS84 geodesic from `from` to `to`, at the fraction
  (D - depart) / (arrive - depart) of the route's length, D in (fractional) days;
- a movement without `arrive` gets an *estimated* arrival of
  depart + max(1, ceil(distance / 500 km)) days (a road or rail march of about
  500 km a day; airlifts are recorded with their dates) and is flagged
  `arrive_estimated` so the map and exports can say so.

`Timeline` holds what does not depend on the date (endpoints, azimuths, lengths,
densified routes) and is built once per dataset; `state_at` is then a few numpy
operations plus one vectorised pyproj call for the units in transit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from pyproj import Geod

from dashboard.core.loader import LoadedDataset
from dashboard.core.model import Area, Event

GEOD = Geod(ellps="WGS84")
EPOCH = dt.date(1970, 1, 1)
ASSUMED_KM_PER_DAY = 500.0
ROUTE_STEP_KM = 50.0
ROUTE_MAX_POINTS = 128
PHASES = ("not_started", "in_transit", "arrived")


def day_number(when: dt.date | dt.datetime | float | int) -> float:
    """Days since 1970-01-01 (fractional for datetimes): the engine's time axis."""
    if isinstance(when, (int, float)) and not isinstance(when, bool):
        return float(when)
    if isinstance(when, dt.datetime):
        base = dt.datetime(1970, 1, 1, tzinfo=when.tzinfo)
        return (when - base).total_seconds() / 86400.0
    if isinstance(when, dt.date):
        return float((when - EPOCH).days)
    raise TypeError(f"not a date: {when!r}")


def date_of(day: float) -> dt.date:
    return EPOCH + dt.timedelta(days=math.floor(day))


@dataclass
class Timeline:
    """Date-independent arrays for every movement, in dataset order."""

    ids: np.ndarray
    units: np.ndarray
    from_lon: np.ndarray
    from_lat: np.ndarray
    to_lon: np.ndarray
    to_lat: np.ndarray
    depart: np.ndarray
    arrive: np.ndarray
    arrive_estimated: np.ndarray
    azimuth: np.ndarray
    length_m: np.ndarray
    strength: np.ndarray  # float, nan where unknown

    @property
    def size(self) -> int:
        return int(self.ids.size)

    @cached_property
    def routes(self) -> list[np.ndarray]:
        """Each route densified along the geodesic (about every 50 km), as (n, 2) lon/lat arrays.

        Longitudes are unwrapped so a route over the antimeridian stays continuous
        (it may run past +-180, as Leaflet expects)."""
        out = []
        for i in range(self.size):
            n = int(min(ROUTE_MAX_POINTS, max(0, math.ceil(self.length_m[i] / 1000 / ROUTE_STEP_KM) - 1)))
            if n > 0:
                pts = np.array(GEOD.npts(self.from_lon[i], self.from_lat[i], self.to_lon[i], self.to_lat[i], n))
                lon = np.concatenate([[self.from_lon[i]], pts[:, 0], [self.to_lon[i]]])
                lat = np.concatenate([[self.from_lat[i]], pts[:, 1], [self.to_lat[i]]])
            else:
                lon = np.array([self.from_lon[i], self.to_lon[i]])
                lat = np.array([self.from_lat[i], self.to_lat[i]])
            lon = np.rad2deg(np.unwrap(np.deg2rad(lon)))
            out.append(np.column_stack([lon, lat]))
        return out


def build_timeline(loaded: LoadedDataset) -> Timeline:
    places = loaded.places
    moves = loaded.dataset.movements
    n = len(moves)
    f_lon = np.fromiter((places[m.from_].lon for m in moves), float, n)
    f_lat = np.fromiter((places[m.from_].lat for m in moves), float, n)
    t_lon = np.fromiter((places[m.to].lon for m in moves), float, n)
    t_lat = np.fromiter((places[m.to].lat for m in moves), float, n)
    if n:
        az, _, dist = GEOD.inv(f_lon, f_lat, t_lon, t_lat)
        az, dist = np.asarray(az, float), np.asarray(dist, float)
    else:
        az = dist = np.zeros(0)
    depart = np.fromiter(((m.depart - EPOCH).days for m in moves), float, n)
    arrive = np.fromiter((((m.arrive - EPOCH).days) if m.arrive else np.nan for m in moves), float, n)
    estimated = np.isnan(arrive)
    arrive[estimated] = depart[estimated] + np.maximum(1.0, np.ceil(dist[estimated] / 1000.0 / ASSUMED_KM_PER_DAY))
    strength = np.fromiter((m.strength if m.strength is not None else np.nan for m in moves), float, n)
    return Timeline(
        ids=np.array([m.id for m in moves], dtype=object),
        units=np.array([m.unit for m in moves], dtype=object),
        from_lon=f_lon,
        from_lat=f_lat,
        to_lon=t_lon,
        to_lat=t_lat,
        depart=depart,
        arrive=arrive,
        arrive_estimated=estimated,
        azimuth=az,
        length_m=dist,
        strength=strength,
    )


@dataclass
class State:
    """Positions of every movement on one day (arrays aligned with the Timeline)."""

    day: float
    lon: np.ndarray
    lat: np.ndarray
    progress: np.ndarray
    phase: np.ndarray  # int codes into PHASES

    @property
    def date(self) -> dt.date:
        return date_of(self.day)

    def phase_names(self) -> list[str]:
        return [PHASES[p] for p in self.phase]


def state_at(timeline: Timeline, when: dt.date | dt.datetime | float) -> State:
    """Each movement's position on `when` (a date, a datetime or a fractional day number)."""
    d = day_number(when)
    dep, arr = timeline.depart, timeline.arrive
    span = arr - dep
    with np.errstate(divide="ignore", invalid="ignore"):
        progress = np.where(span > 0, (d - dep) / span, np.where(d >= dep, 1.0, 0.0))
    progress = np.clip(progress, 0.0, 1.0)
    phase = np.where(d < dep, 0, np.where(d >= arr, 2, 1)).astype(np.int8)
    progress[phase == 0] = 0.0
    progress[phase == 2] = 1.0
    lon = np.where(phase == 2, timeline.to_lon, timeline.from_lon).astype(float)
    lat = np.where(phase == 2, timeline.to_lat, timeline.from_lat).astype(float)
    moving = np.flatnonzero(phase == 1)
    if moving.size:
        mlon, mlat, _ = GEOD.fwd(
            timeline.from_lon[moving],
            timeline.from_lat[moving],
            timeline.azimuth[moving],
            timeline.length_m[moving] * progress[moving],
        )
        lon[moving], lat[moving] = mlon, mlat
    return State(day=d, lon=lon, lat=lat, progress=progress, phase=phase)


def events_on_or_before(loaded: LoadedDataset, when: dt.date | dt.datetime | float) -> list[Event]:
    """Events dated on or before `when` (they stay on the map once they happened)."""
    d = day_number(when)
    return [e for e in loaded.dataset.events if day_number(e.date) <= d]


def areas_valid_on(loaded: LoadedDataset, when: dt.date | dt.datetime | float) -> list[Area]:
    """Areas whose validity (valid_from .. valid_to inclusive) covers `when`."""
    d = math.floor(day_number(when))
    return [
        a
        for a in loaded.dataset.areas
        if day_number(a.valid_from) <= d and (a.valid_to is None or d <= day_number(a.valid_to))
    ]
