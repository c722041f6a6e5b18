"""Where every movement stands on a date: a pure, vectorised time engine.

Rule (documented in the README):
- before `depart` a unit is at `from` (phase not_started, progress 0);
- from `arrive` on it is at `to` (phase arrived, progress 1);
- in between it is on the WGS84 geodesic from `from` to `to`, at the fraction
  (D - depart) / (arrive - depart) of the route's length, D in (fractional) days;
- a movement with an exact `depart` and no `arrive` gets an *estimated* arrival of
  depart + max(1, ceil(distance / 500 km)) days (a road or rail march of about
  500 km a day; airlifts are recorded with their dates) and is flagged
  `arrive_estimated` so the map and exports can say so; after a departure given
  only as a window ("by 10 Feb") the arrival is not estimated but left open: not
  before the earliest departure plus that march, and never certain.

Dates as the sources give them (:mod:`dashboard.core.claims`) are windows: the departure lies
in [depart_lo, depart_hi], the arrival in [arrive_lo, arrive_hi] (infinite where a date is open or
missing: a movement without `depart` left at an unknown time before it arrived). On a day D the
engine bounds the progress instead of inventing it:
- progress_lo, the least it can have made: the latest schedule (depart_hi -> arrive_hi);
- progress_hi, the most it can have made: the earliest schedule (depart_lo -> arrive_lo), or the whole
  route when the earliest departure is unknown;
- phase not_started only when D < depart_lo, arrived only when D >= arrive_hi, in_transit when
  depart_hi <= D < arrive_lo, and `unknown` otherwise (the sources do not say whether it has left or
  arrived);
- the symbol stands at progress_lo (how far it has at least come) and `certain` is False wherever
  progress_lo < progress_hi: the map then draws the stretch of route where the unit may be.
Exact dates give depart_lo == depart_hi and arrive_lo == arrive_hi, hence the rule above, unchanged.

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

from dashboard.core.claims import When
from dashboard.core.loader import LoadedDataset
from dashboard.core.model import Area, Event

GEOD = Geod(ellps="WGS84")
EPOCH = dt.date(1970, 1, 1)
ASSUMED_KM_PER_DAY = 500.0
ROUTE_STEP_KM = 50.0
ROUTE_MAX_POINTS = 128
PHASES = ("not_started", "in_transit", "arrived", "unknown")
NOT_STARTED, IN_TRANSIT, ARRIVED, UNKNOWN = range(4)


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
    depart: np.ndarray  # earliest possible departure, else the latest (finite: for windows and ordering)
    arrive: np.ndarray  # latest possible arrival, else the earliest (finite: for windows and ordering)
    arrive_estimated: np.ndarray
    azimuth: np.ndarray
    length_m: np.ndarray
    strength: np.ndarray  # float, nan where unknown: the stated value, a range's middle, a bound
    depart_lo: np.ndarray = None  # type: ignore[assignment]  # -inf where open or missing
    depart_hi: np.ndarray = None  # type: ignore[assignment]
    arrive_lo: np.ndarray = None  # type: ignore[assignment]
    arrive_hi: np.ndarray = None  # type: ignore[assignment]  # +inf where open
    strength_lo: np.ndarray = None  # type: ignore[assignment]  # nan where unknown
    strength_hi: np.ndarray = None  # type: ignore[assignment]  # nan where unknown, inf where open ("over")
    dated: np.ndarray = None  # type: ignore[assignment]  # both dates exact: the schedule is the sources'

    def __post_init__(self) -> None:
        n = self.depart.size
        if self.depart_lo is None:
            self.depart_lo = self.depart_hi = self.depart
        if self.arrive_lo is None:
            self.arrive_lo = self.arrive_hi = self.arrive
        if self.strength_lo is None:
            self.strength_lo = self.strength_hi = self.strength
        if self.dated is None:
            self.dated = np.ones(n, dtype=bool)

    @property
    def size(self) -> int:
        return int(self.ids.size)

    @cached_property
    def routes(self) -> list[np.ndarray]:
        """Each route densified along the geodesic (about every 50 km): `routes_every(ROUTE_STEP_KM)`."""
        return self.routes_every(ROUTE_STEP_KM)

    def routes_every(self, step_km: float | np.ndarray) -> list[np.ndarray]:
        """Each route densified along the geodesic about every `step_km` (one for all, or one per route; at most ROUTE_MAX_POINTS points
        between its ends), as (n, 2) lon/lat arrays; the 50 km routes when they were already computed
        and no coarser step is asked for.

        Longitudes are unwrapped so a route over the antimeridian stays continuous
        (it may run past +-180, as Leaflet expects). All routes are computed at once: one `GEOD.fwd`
        over every inner point (k / (n + 1) of the length along the start azimuth, the points of
        `GEOD.npts`), then unwrapped step by step within each route (as `np.unwrap`)."""
        if np.all(np.asarray(step_km) <= ROUTE_STEP_KM) and "routes" in self.__dict__:
            cached: list[np.ndarray] = self.__dict__["routes"]
            return cached
        size = self.size
        if size == 0:
            return []
        inner = np.minimum(ROUTE_MAX_POINTS, np.maximum(0, np.ceil(self.length_m / 1000 / step_km) - 1))
        inner = inner.astype(np.int64)
        count = inner + 2  # with both ends
        ends = np.cumsum(count)
        starts = ends - count
        owner = np.repeat(np.arange(size), count)
        k = np.arange(int(ends[-1])) - starts[owner]  # 0 (start) .. inner + 1 (end) within each route
        frac = k / (inner[owner] + 1)
        mid = (k > 0) & (k < inner[owner] + 1)
        lon = np.where(k == 0, self.from_lon[owner], self.to_lon[owner]).astype(float)
        lat = np.where(k == 0, self.from_lat[owner], self.to_lat[owner]).astype(float)
        if mid.any():
            o = owner[mid]
            mlon, mlat, _ = GEOD.fwd(self.from_lon[o], self.from_lat[o], self.azimuth[o], self.length_m[o] * frac[mid])
            lon[mid], lat[mid] = mlon, mlat
        # unwrap within each route: a step of more than 180 degrees goes the short way round
        step = np.diff(lon, prepend=lon[0])
        wrapped = np.mod(step + 180.0, 360.0) - 180.0
        wrapped[(wrapped == -180.0) & (step > 0)] = 180.0
        wrapped[np.abs(step) < 180.0] = step[np.abs(step) < 180.0]
        wrapped[starts] = 0.0
        run = np.cumsum(wrapped)
        lon = lon[starts][owner] + run - run[starts][owner]
        return np.split(np.column_stack([lon, lat]), ends[:-1])


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
    inf = math.inf
    d_lo = np.fromiter((m.depart.lo if m.depart else -inf for m in moves), float, n)
    a_lo = np.fromiter((m.arrive.lo if m.arrive else np.nan for m in moves), float, n)
    a_hi = np.fromiter((m.arrive.hi if m.arrive else np.nan for m in moves), float, n)
    # A missing departure: before the arrival, at an unknown time.
    d_hi = np.fromiter((m.depart.hi if m.depart else np.nan for m in moves), float, n)
    d_hi = np.where(np.isnan(d_hi), a_hi, d_hi)
    missing = np.isnan(a_lo)
    # The estimate stands in for an arrival only after an exact departure; after a departure the
    # sources date only loosely, an estimate would compound a guess: the arrival stays open.
    estimated = missing & (d_lo == d_hi) & np.isfinite(d_lo)
    extra = np.maximum(1.0, np.ceil(dist / 1000.0 / ASSUMED_KM_PER_DAY)) if n else np.zeros(0)
    a_lo[missing] = d_lo[missing] + extra[missing]
    a_hi[estimated] = d_hi[estimated] + extra[estimated]
    a_hi[missing & ~estimated] = inf
    depart = np.where(np.isfinite(d_lo), d_lo, d_hi)
    arrive = np.where(np.isfinite(a_hi), a_hi, a_lo)
    depart = np.where(np.isfinite(depart), depart, arrive)
    arrive = np.where(np.isfinite(arrive), arrive, depart)
    dated = np.fromiter(
        ((m.depart is not None and m.depart.exact) and (m.arrive is None or m.arrive.exact) for m in moves), bool, n
    )
    strength = np.fromiter((m.strength.value if m.strength is not None else np.nan for m in moves), float, n)
    s_lo = np.fromiter((m.strength.low if m.strength is not None else np.nan for m in moves), float, n)
    s_hi = np.fromiter(
        (
            (m.strength.high if m.strength.high is not None else inf) if m.strength is not None else np.nan
            for m in moves
        ),
        float,
        n,
    )
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
        depart_lo=d_lo,
        depart_hi=d_hi,
        arrive_lo=a_lo,
        arrive_hi=a_hi,
        strength_lo=s_lo,
        strength_hi=s_hi,
        dated=dated,
    )


@dataclass
class State:
    """Positions of every movement on one day (arrays aligned with the Timeline)."""

    day: float
    lon: np.ndarray
    lat: np.ndarray
    progress: np.ndarray  # the least progress it can have made (where the symbol stands, but see `unplaced`)
    phase: np.ndarray  # int codes into PHASES
    progress_hi: np.ndarray = None  # type: ignore[assignment]  # the most it can have made

    def __post_init__(self) -> None:
        if self.progress_hi is None:
            self.progress_hi = self.progress

    @property
    def certain(self) -> np.ndarray:
        """Where the position is the sources' (not a stretch of route the unit may be on)."""
        return np.asarray(self.progress_hi - self.progress <= 1e-9)

    @property
    def date(self) -> dt.date:
        return date_of(self.day)

    def phase_names(self) -> list[str]:
        return [PHASES[p] for p in self.phase]


def _linear(d: float, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):  # open ends: inf - inf is nan, cleared below
        span = end - start
        frac = np.where(span > 0, (d - start) / span, np.where(d >= end, 1.0, 0.0))
    out: np.ndarray = np.clip(np.nan_to_num(frac, nan=0.0), 0.0, 1.0)
    return out


def unplaced(d: float, depart_hi: np.ndarray, low: np.ndarray, high: np.ndarray, arrive_hi: np.ndarray) -> np.ndarray:
    """Movements known to have left whose arrival no source bounds ('departed by 10 Feb', nothing
    more): the least progress stays at the start for ever, yet the unit is known not to be there. Their
    symbol is drawn at the middle of the stretch they may be on, and said to be unplaced ('position not
    reported'), not at the start as if the sources put it there (deploymap.js `unplaced`)."""
    return np.asarray((d >= depart_hi) & (low <= 0.0) & (high > low) & ~np.isfinite(arrive_hi))


def state_at(timeline: Timeline, when: dt.date | dt.datetime | float) -> State:
    """Each movement's position on `when` (a date, a datetime or a fractional day number)."""
    d = day_number(when)
    d_lo, d_hi, a_lo, a_hi = timeline.depart_lo, timeline.depart_hi, timeline.arrive_lo, timeline.arrive_hi
    # Least progress: the latest schedule; most: the earliest one (the whole route if its start is open).
    low = np.where(d >= a_hi, 1.0, np.where(d < d_hi, 0.0, _linear(d, d_hi, a_hi)))
    high = np.where(d < d_lo, 0.0, np.where(d >= a_lo, 1.0, np.where(np.isfinite(d_lo), _linear(d, d_lo, a_lo), 1.0)))
    high = np.maximum(high, low)
    phase = np.full(timeline.size, UNKNOWN, dtype=np.int8)
    phase[(d >= d_hi) & (d < a_lo)] = IN_TRANSIT
    phase[d < d_lo] = NOT_STARTED
    phase[d >= a_hi] = ARRIVED
    low[phase == NOT_STARTED] = 0.0
    low[phase == ARRIVED] = 1.0
    high[phase == NOT_STARTED] = 0.0
    high[phase == ARRIVED] = 1.0
    at = np.where(unplaced(d, d_hi, low, high, a_hi), (low + high) / 2, low)
    lon = np.where(at >= 1.0, timeline.to_lon, timeline.from_lon).astype(float)
    lat = np.where(at >= 1.0, timeline.to_lat, timeline.from_lat).astype(float)
    moving = np.flatnonzero((at > 0.0) & (at < 1.0))
    if moving.size:
        mlon, mlat, _ = GEOD.fwd(
            timeline.from_lon[moving],
            timeline.from_lat[moving],
            timeline.azimuth[moving],
            timeline.length_m[moving] * at[moving],
        )
        lon[moving], lat[moving] = mlon, mlat
    return State(day=d, lon=lon, lat=lat, progress=low, phase=phase, progress_hi=high)


def stretch(timeline: Timeline, i: int, lo: float, hi: float, points: int = 24) -> np.ndarray:
    """The part of movement `i`'s route between the fractions `lo` and `hi` of its length, as an (n, 2)
    lon/lat array (longitudes unwrapped, as `Timeline.routes`): where an uncertain unit may be."""
    frac = np.linspace(lo, hi, max(2, int(points * max(hi - lo, 0.0)) + 2))
    n = frac.size
    lon, lat, _ = GEOD.fwd(
        np.full(n, timeline.from_lon[i]),
        np.full(n, timeline.from_lat[i]),
        np.full(n, timeline.azimuth[i]),
        timeline.length_m[i] * frac,
    )
    lon = np.rad2deg(np.unwrap(np.deg2rad(np.asarray(lon, float))))
    return np.column_stack([lon, np.asarray(lat, float)])


def events_on_or_before(loaded: LoadedDataset, when: dt.date | dt.datetime | float) -> list[Event]:
    """Events dated on or before `when` (they stay on the map once they happened); an event known
    only within a window is shown from its earliest day (for 'by <day>', from that day)."""
    d = day_number(when)
    return [e for e in loaded.dataset.events if _from_day(e.date) <= d]


def areas_valid_on(loaded: LoadedDataset, when: dt.date | dt.datetime | float) -> list[Area]:
    """Areas whose validity (valid_from .. valid_to inclusive) covers `when`."""
    d = math.floor(day_number(when))
    return [
        a for a in loaded.dataset.areas if _from_day(a.valid_from) <= d and (a.valid_to is None or d <= a.valid_to.hi)
    ]


def _from_day(w: When) -> float:
    """The day from which an area is drawn: its earliest day, or, for 'by <day>', that day."""
    return w.lo if w.earliest is not None else w.hi
