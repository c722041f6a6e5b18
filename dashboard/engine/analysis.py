"""Numbers behind the panels: personnel by country over time, what changed, the table.

Personnel rule (the same chaining as the map): a movement's strength counts in
the `from` country before it departs (unless an earlier leg of the same unit
brought it there), as "in transit" while moving, and in the `to` country from
its arrival until a next leg of the same unit departs from there. Movements
without a strength count as 0 and are listed as such in the table.

Dates and numbers as the sources give them (:mod:`dashboard.core.claims`) make each count a range:

- **low**: the people *certainly* there, each counted at the lowest strength its source allows
  (a unit is certainly at `from` before its earliest departure, certainly in transit between its
  latest departure and its earliest arrival, certainly at `to` from its latest arrival until the
  next leg's earliest departure: the phases of :func:`dashboard.engine.timeline.state_at`);
- **high**: the people *possibly* there, each at the highest strength allowed (before the latest
  departure, between the earliest departure and the latest arrival, from the earliest arrival until
  the next leg's latest departure); an open number ("over 100,000") makes the high infinite: no
  upper bound is known;
- **personnel**: the count on the movements' nominal days and values (`Timeline.depart/arrive`,
  `Timeline.strength`), equal to low and high where every date and number is exact (datasets of
  exact dates count as before).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from dashboard.core import model
from dashboard.core.claims import Amount, When, day_words
from dashboard.core.known import known_by
from dashboard.core.loader import LoadedDataset
from dashboard.engine.timeline import PHASES, Timeline, date_of, day_number, state_at

if TYPE_CHECKING:  # pandas loads where a table is built: the app's first run does without it
    import pandas as pd

IN_TRANSIT = "in transit"
PERSONNEL_COLUMNS = ["date", "country", "personnel", "low", "high", "approximate"]


def _key(first: When | None, other: When | None) -> dt.date:
    """A day to order a unit's legs by: the date's earliest day, else the other date's."""
    w = first if first is not None else other
    assert w is not None
    return w.day


def _chains(loaded: LoadedDataset) -> tuple[list[int | None], list[int | None]]:
    """prev/next leg of each movement (index), as drawn on the map."""
    moves = loaded.dataset.movements
    by_unit: dict[str, list[int]] = {}
    for i, m in enumerate(moves):
        by_unit.setdefault(m.unit, []).append(i)
    prev: list[int | None] = [None] * len(moves)
    nxt: list[int | None] = [None] * len(moves)
    for idxs in by_unit.values():
        idxs.sort(key=lambda i: (_key(moves[i].depart, moves[i].arrive), _key(moves[i].arrive, moves[i].depart)))
        for k, i in enumerate(idxs):
            for j in idxs[k + 1 :]:
                if moves[j].from_ == moves[i].to and prev[j] is None:
                    nxt[i], prev[j] = j, i
                    break
    return prev, nxt


@dataclass
class _Series:
    """Per-country daily sums: nominal, certain-low, possible-high, and whether a value is approximate."""

    days: np.ndarray
    nominal: dict[str, np.ndarray] = field(default_factory=dict)
    low: dict[str, np.ndarray] = field(default_factory=dict)
    high: dict[str, np.ndarray] = field(default_factory=dict)
    approx: dict[str, np.ndarray] = field(default_factory=dict)
    total: np.ndarray | None = None
    total_low: np.ndarray | None = None
    total_high: np.ndarray | None = None
    total_approx: np.ndarray | None = None


def _index(x: np.ndarray, d0: float, n: int) -> np.ndarray:
    """The first day index (0..n) on or after day number x (-inf: 0, +inf: n)."""
    with np.errstate(invalid="ignore"):
        k = np.ceil(np.nan_to_num(x - d0, nan=np.inf, posinf=n, neginf=0))
    return np.clip(k, 0, n).astype(np.int64)


class _Sums:
    """Interval sums by difference arrays: add a weight to the days [start, end) of a row, then cumsum."""

    def __init__(self, rows: int, n: int, d0: float):
        self.n, self.d0 = n, d0
        self.diff = np.zeros((rows, n + 1))

    def add(self, row: np.ndarray, start: np.ndarray, end: np.ndarray, weight: np.ndarray) -> None:
        s, e = _index(start, self.d0, self.n), _index(end, self.d0, self.n)
        ok = e > s
        np.add.at(self.diff, (row[ok], s[ok]), weight[ok])
        np.add.at(self.diff, (row[ok], e[ok]), -weight[ok])

    def result(self) -> np.ndarray:
        return np.cumsum(self.diff, axis=1)[:, : self.n]


def _approximate(strength: Amount | None) -> float:
    return 1.0 if strength is not None and (strength.approximate or strength.disputed) else 0.0


def _personnel(
    loaded: LoadedDataset, timeline: Timeline, first: dt.date, last: dt.date, movement_ids: frozenset[str] | None
) -> _Series:
    moves = loaded.dataset.movements
    places = loaded.places
    prev, nxt = _chains(loaded)
    days = np.arange(int(day_number(first)), int(day_number(last)) + 1, dtype=float)
    n, d0 = days.size, float(days[0]) if days.size else 0.0
    out = _Series(days)
    inf = math.inf
    s, s_lo, s_hi = timeline.strength, timeline.strength_lo, timeline.strength_hi
    with np.errstate(invalid="ignore"):
        keep = ~np.isnan(s) & (s_hi > 0)
    if movement_ids is not None:
        keep &= np.fromiter((m.id in movement_ids for m in moves), bool, len(moves))
    idx = np.flatnonzero(keep)
    k = idx.size
    countries = sorted(
        {places[moves[i].to].country for i in idx}
        | {places[moves[i].from_].country for i in idx if prev[i] is None}
        | ({IN_TRANSIT} if k else set())
    )
    row_of = {c: r for r, c in enumerate(countries)}
    frm = np.fromiter((row_of.get(places[moves[i].from_].country, 0) for i in idx), np.int64, k)
    to = np.fromiter((row_of[places[moves[i].to].country] for i in idx), np.int64, k)
    transit = np.full(k, row_of.get(IN_TRANSIT, 0), dtype=np.int64)
    first_leg = np.fromiter((prev[i] is None for i in idx), bool, k)
    nx = np.fromiter((-1 if nxt[i] is None else nxt[i] for i in idx), np.int64, k)
    has_next = nx >= 0
    approximate = np.fromiter((_approximate(moves[i].strength) for i in idx), np.float64, k)
    dep, arr = timeline.depart[idx], timeline.arrive[idx]
    d_lo, d_hi = timeline.depart_lo[idx], timeline.depart_hi[idx]
    a_lo, a_hi = timeline.arrive_lo[idx], timeline.arrive_hi[idx]
    a_lo, d_hi = np.maximum(a_lo, d_lo), np.minimum(d_hi, a_hi)  # no arrival before the earliest departure
    safe = np.where(has_next, nx, 0)
    until = np.where(has_next, timeline.depart[safe], inf)
    until_lo = np.where(has_next, timeline.depart_lo[safe], inf)
    until_hi = np.where(has_next, timeline.depart_hi[safe], inf)
    w, w_lo = s[idx], s_lo[idx]
    open_hi = np.isinf(s_hi[idx])
    w_hi = np.where(open_hi, 0.0, s_hi[idx])
    never = np.full(k, -inf)
    rows = len(countries)
    nominal, low, high, opened, approx = (_Sums(rows, n, d0) for _ in range(5))
    segments = (  # (row, only first legs?, nominal, certain, possible) intervals
        (frm, first_leg, (never, dep), (never, d_lo), (never, d_hi)),
        (transit, None, (dep, arr), (d_hi, a_lo), (d_lo, a_hi)),
        (to, None, (arr, until), (a_hi, until_lo), (a_lo, until_hi)),
    )
    for row, only, nom, cert, poss in segments:
        sel = only if only is not None else np.ones(k, dtype=bool)
        r = row[sel]
        nominal.add(r, nom[0][sel], nom[1][sel], w[sel])
        low.add(r, cert[0][sel], cert[1][sel], w_lo[sel])
        high.add(r, poss[0][sel], poss[1][sel], w_hi[sel])
        opened.add(r, poss[0][sel], poss[1][sel], open_hi[sel].astype(float))
        approx.add(r, poss[0][sel], poss[1][sel], approximate[sel])
    nom_r, low_r, high_r = nominal.result(), low.result(), high.result()
    open_r, approx_r = opened.result() > 0.5, approx.result() > 0.5
    high_r = np.where(open_r, inf, high_r)
    for c, r in row_of.items():
        out.nominal[c], out.low[c], out.high[c], out.approx[c] = nom_r[r], low_r[r], high_r[r], approx_r[r]
    # everyone, wherever they are: each leg over the days it is responsible for
    total = [_Sums(1, n, d0) for _ in range(5)]
    zero = np.zeros(k, dtype=np.int64)
    start = np.where(first_leg, -inf, dep)
    for sums, weight in zip(total, (w, w_lo, w_hi, open_hi.astype(float), approximate)):
        sums.add(zero, start, until, weight)
    t_nom, t_lo, t_hi, t_open, t_approx = (x.result()[0] for x in total)
    out.total, out.total_low = t_nom, t_lo
    out.total_high = np.where(t_open > 0.5, inf, t_hi)
    out.total_approx = t_approx > 0.5
    return out


def _dates(days: np.ndarray) -> list[dt.date]:
    return [date_of(float(d)) for d in days]


def personnel_by_country(
    loaded: LoadedDataset, timeline: Timeline, first: dt.date, last: dt.date, movement_ids: frozenset[str] | None = None
) -> pd.DataFrame:
    """Personnel per country per day, long form: date, country, personnel (nominal), low (certainly
    there), high (possibly there; inf where a number has no upper bound), approximate (a counted number
    is 'about')."""
    import pandas as pd

    series = _personnel(loaded, timeline, first, last, movement_ids)
    dates = _dates(series.days)
    frames = []
    for country in sorted(series.nominal):
        frames.append(
            pd.DataFrame(
                {
                    "date": dates,
                    "country": country,
                    "personnel": series.nominal[country].astype(int),
                    "low": series.low[country].astype(int),
                    "high": series.high[country],
                    "approximate": series.approx[country],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=PERSONNEL_COLUMNS)
    return pd.concat(frames, ignore_index=True)[PERSONNEL_COLUMNS]


def personnel_totals(
    loaded: LoadedDataset, timeline: Timeline, first: dt.date, last: dt.date, movement_ids: frozenset[str] | None = None
) -> pd.DataFrame:
    """Everyone counted, wherever they are, per day (date, personnel, low, high, approximate): each unit
    once, at its lowest and highest strength (not the sum of the countries' highs, which counts a unit
    whose whereabouts are uncertain in every place it may be)."""
    import pandas as pd

    series = _personnel(loaded, timeline, first, last, movement_ids)
    assert series.total is not None and series.total_low is not None and series.total_high is not None
    return pd.DataFrame(
        {
            "date": _dates(series.days),
            "personnel": series.total.astype(int),
            "low": series.total_low.astype(int),
            "high": series.total_high,
            "approximate": series.total_approx,
        }
    )


def personnel_on(
    loaded: LoadedDataset, timeline: Timeline, day: dt.date, movement_ids: frozenset[str] | None = None
) -> dict[str, int]:
    """Nominal personnel per country on `day` (countries with none left out)."""
    frame = personnel_by_country(loaded, timeline, day, day, movement_ids)
    return {r.country: int(r.personnel) for r in frame.itertuples() if r.personnel}


def personnel_range_on(
    loaded: LoadedDataset, timeline: Timeline, day: dt.date, movement_ids: frozenset[str] | None = None
) -> dict[str, tuple[int, float]]:
    """(low, high) per country on `day` (countries where nobody may be left out; high inf: no upper bound)."""
    frame = personnel_by_country(loaded, timeline, day, day, movement_ids)
    return {r.country: (int(r.low), float(r.high)) for r in frame.itertuples() if r.high > 0}


def count_words(low: float, high: float, approximate: bool = False) -> str:
    """A count as the sources allow it: '1,700', 'about 1,700', '850–1,700', 'about 850–1,700',
    '0 to about 1,000', 'at least 850 (no upper bound given)'."""
    lo = int(low)
    if math.isinf(high):
        return f"at least {lo:,} (no upper bound given)"
    hi = int(high)
    if lo == hi:
        return f"about {lo:,}" if approximate else f"{lo:,}"
    if approximate:
        return f"0 to about {hi:,}" if lo == 0 else f"about {lo:,}–{hi:,}"
    return f"{lo:,}–{hi:,}"


# ---------------------------------------------------------------- what changed between two dates


@dataclass
class Changes:
    departed: list[str]
    arrived: list[str]
    in_transit: list[str]
    new_events: list[str]
    new_areas: list[str]
    net_personnel: dict[str, int]
    # ids listed only because their dates allow it (the sources do not say it happened in between)
    uncertain: frozenset[str] = frozenset()
    # the same, per list: "departed", "arrived", "in_transit"
    possibly: dict[str, frozenset[str]] = field(default_factory=dict)
    # country -> ((low, high) on the earlier day, (low, high) on the later day), where either changed
    personnel: dict[str, tuple[tuple[int, float], tuple[int, float]]] = field(default_factory=dict)

    @property
    def movement_ids(self) -> frozenset[str]:
        return frozenset(self.departed) | frozenset(self.arrived) | frozenset(self.in_transit)


def _shown_from(w: When) -> float:
    """The day from which a dated record is drawn (its earliest day; for 'by <day>', that day)."""
    return w.lo if w.earliest is not None else w.hi


def what_changed(
    loaded: LoadedDataset,
    timeline: Timeline,
    before: dt.date,
    after: dt.date,
    movement_ids: frozenset[str] | None = None,
) -> Changes:
    """What happened after `before` up to and including `after` (dates may come in any order).

    A movement is listed when its dates allow the change in the interval (its departure window meets
    it, ...); those the sources do not place in it for certain are in `uncertain`."""
    d0, d1 = sorted((day_number(before), day_number(after)))
    keep = [movement_ids is None or m.id in movement_ids for m in loaded.dataset.movements]
    ids = timeline.ids
    d_lo, d_hi, a_lo, a_hi = timeline.depart_lo, timeline.depart_hi, timeline.arrive_lo, timeline.arrive_hi
    sel = np.array(keep, dtype=bool) if keep else np.zeros(0, dtype=bool)
    # possibly: the window of the change meets (d0, d1]; certainly: it lies inside it
    may_depart = sel & (d_hi > d0) & (d_lo <= d1)
    must_depart = may_depart & (d_lo > d0) & (d_hi <= d1)
    may_arrive = sel & (a_hi > d0) & (a_lo <= d1)
    must_arrive = may_arrive & (a_lo > d0) & (a_hi <= d1)
    # in transit on some day of (d0, d1]: possibly between d_lo and a_hi, certainly between d_hi and a_lo
    may_move = sel & (d_lo <= d1) & (a_hi > d0 + 1) & (d_lo < a_hi)
    must_move = may_move & (np.maximum(d_hi, d0 + 1) < np.minimum(a_lo, d1 + 1))
    departed = [ids[i] for i in np.flatnonzero(may_depart)]
    arrived = [ids[i] for i in np.flatnonzero(may_arrive)]
    transit = [ids[i] for i in np.flatnonzero(may_move)]
    possibly = {
        "departed": frozenset(ids[i] for i in np.flatnonzero(may_depart & ~must_depart)),
        "arrived": frozenset(ids[i] for i in np.flatnonzero(may_arrive & ~must_arrive)),
        "in_transit": frozenset(ids[i] for i in np.flatnonzero(may_move & ~must_move)),
    }
    unsure = possibly["departed"] | possibly["arrived"] | possibly["in_transit"]
    events = [e.id for e in loaded.dataset.events if d0 < _shown_from(e.date) <= d1]
    areas = [a.id for a in loaded.dataset.areas if d0 < _shown_from(a.valid_from) <= d1]
    f0 = personnel_by_country(loaded, timeline, date_of(d0), date_of(d0), movement_ids)
    f1 = personnel_by_country(loaded, timeline, date_of(d1), date_of(d1), movement_ids)
    p0, p1 = ({r.country: int(r.personnel) for r in f.itertuples() if r.personnel} for f in (f0, f1))
    net = {c: p1.get(c, 0) - p0.get(c, 0) for c in sorted(set(p0) | set(p1)) if p1.get(c, 0) != p0.get(c, 0)}
    r0, r1 = ({r.country: (int(r.low), float(r.high)) for r in f.itertuples() if r.high > 0} for f in (f0, f1))
    none = (0, 0.0)
    ranges = {
        c: (r0.get(c, none), r1.get(c, none)) for c in sorted(set(r0) | set(r1)) if r0.get(c, none) != r1.get(c, none)
    }
    return Changes(departed, arrived, transit, events, areas, net, unsure, possibly, ranges)


# ---------------------------------------------------------------- what the sources said: two known-by days


@dataclass(frozen=True)
class ClaimChange:
    """One record whose claims differ between two known-by days."""

    section: str  # movements, events, areas, units, places
    record: str
    name: str
    change: str  # added, removed, changed
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) in words


@dataclass
class KnownChanges:
    earlier: dt.date
    later: dt.date
    new_sources: list[str]  # ids of sources published after `earlier`, up to `later`
    changes: list[ClaimChange]

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "changed": 0, "removed": 0}
        for c in self.changes:
            out[c.change] += 1
        return out


def _field_words(loaded: LoadedDataset, name: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (When, Amount)):
        return value.words()
    if name in ("from", "to", "place", "home") and value in loaded.places:
        return place_words(loaded, value)
    if name in ("unit", "parent") and value in loaded.units:
        return loaded.units[value].name
    if name == "geometry":
        return "an outline" if value else "—"
    return str(value)


def _record_name(loaded: LoadedDataset, section: str, record: Any) -> str:
    if section == "movements":
        unit = loaded.units.get(record.unit)
        frm, to = loaded.places.get(record.from_), loaded.places.get(record.to)
        return f"{unit.name if unit else record.unit}: {frm.name if frm else record.from_} → {to.name if to else record.to}"
    return str(getattr(record, "name", record.id))


def claims_changed(loaded: LoadedDataset, earlier: dt.date, later: dt.date) -> KnownChanges:
    """What the public record added or changed between two known-by days (in any order): records
    that appear, records whose claims (dates, places, numbers, quotes) differ, records that went."""
    a, b = sorted((earlier, later))
    before, after = known_by(loaded, a), known_by(loaded, b)
    old_sources = {s.id for s in before.dataset.sources}
    new_sources = [s.id for s in after.dataset.sources if s.id not in old_sources]
    changes: list[ClaimChange] = []
    for section in ("movements", "events", "areas", "units", "places"):
        was = {r.id: r for r in getattr(before.dataset, section)}
        now = {r.id: r for r in getattr(after.dataset, section)}
        for rid, rec in now.items():
            name = _record_name(loaded, section, rec)
            if rid not in was:
                changes.append(ClaimChange(section, rid, name, "added"))
                continue
            old = was[rid]
            diff = []
            for f in model.CLAIM_FIELDS.get(section, ()):
                attr = model.claim_attr(f)
                x = _field_words(loaded, f, getattr(old, attr, None))
                y = _field_words(loaded, f, getattr(rec, attr, None))
                if x != y:
                    diff.append((f, x, y))
            q0 = sum(c.quote is not None for c in getattr(old, "citations", []))
            q1 = sum(c.quote is not None for c in getattr(rec, "citations", []))
            if q0 != q1:
                diff.append(("quotes", str(q0), str(q1)))
            if diff:
                changes.append(ClaimChange(section, rid, name, "changed", tuple(diff)))
        for rid, rec in was.items():
            if rid not in now:
                changes.append(ClaimChange(section, rid, _record_name(loaded, section, rec), "removed"))
    return KnownChanges(a, b, new_sources, changes)


# ---------------------------------------------------------------- the movements table


def place_words(loaded: LoadedDataset, place_id: str) -> str:
    """A place's name, with its precision when the source gives less than a site or town."""
    p = loaded.places.get(place_id)
    if p is None:
        return place_id
    precision = getattr(p, "precision", None)
    return f"{p.name} ({precision})" if precision in ("region", "country") else p.name


def window_words(lo: float, hi: float) -> str:
    """A window of day numbers in words ('by 12 Feb 2022', 'between 10 and 14 Feb 2022', '12 Feb 2022')."""
    if math.isinf(lo) and math.isinf(hi):
        return "unknown"
    if math.isinf(lo):
        return "by " + day_words(date_of(hi))
    if math.isinf(hi):
        return "from " + day_words(date_of(lo))
    a, b = date_of(lo), date_of(hi)
    if a == b:
        return day_words(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"between {a.day} and {day_words(b)}"
    if a.year == b.year:
        return f"between {a.day} {day_words(a).split(' ')[1]} and {day_words(b)}"
    return f"between {day_words(a)} and {day_words(b)}"


def _bound(x: float) -> dt.date | None:
    return None if math.isinf(x) or math.isnan(x) else date_of(x)


MOVEMENT_COLUMNS = [
    "movement",
    "unit",
    "from",
    "to",
    "depart",
    "arrive",
    "arrive estimated",
    "phase",
    "strength",
    "confidence",
    "source",
    "depart earliest",
    "depart latest",
    "arrive earliest",
    "arrive latest",
    "strength low",
    "strength high",
]


def movements_table(
    loaded: LoadedDataset, timeline: Timeline, day: dt.date, movement_ids: frozenset[str] | None = None
) -> pd.DataFrame:
    """One row per movement: unit, from, to, dates and strength in words (as the sources give them),
    phase on `day`, confidence, source; then the bounds behind the words (earliest and latest days,
    empty where open; lowest and highest strength, empty where unknown or open)."""
    import pandas as pd

    st = state_at(timeline, day)
    rows = []
    for i, m in enumerate(loaded.dataset.movements):
        if movement_ids is not None and m.id not in movement_ids:
            continue
        src = next((c.source for c in m.citations if c.source), None)
        estimated = bool(timeline.arrive_estimated[i])
        if m.arrive is not None:
            arrive = m.arrive.words()
        elif estimated:
            arrive = window_words(timeline.arrive_lo[i], timeline.arrive_hi[i]) + " (estimated)"
        else:
            arrive = "not reported"
        s = m.strength
        rows.append(
            {
                "movement": m.id,
                "unit": loaded.units[m.unit].name,
                "from": place_words(loaded, m.from_),
                "to": place_words(loaded, m.to),
                "depart": m.depart.words() if m.depart is not None else "not reported",
                "arrive": arrive,
                "arrive estimated": estimated,
                "phase": PHASES[st.phase[i]].replace("_", " "),
                "strength": s.words() if s is not None else "",
                "confidence": m.confidence,
                "source": loaded.sources[src].title if src in loaded.sources else "",
                "depart earliest": _bound(timeline.depart_lo[i]),
                "depart latest": _bound(timeline.depart_hi[i]),
                "arrive earliest": _bound(timeline.arrive_lo[i]),
                "arrive latest": _bound(timeline.arrive_hi[i]),
                "strength low": None if s is None else s.low,
                "strength high": None if s is None else s.high,
            }
        )
    frame = pd.DataFrame(rows, columns=MOVEMENT_COLUMNS)
    for col in ("strength low", "strength high"):
        frame[col] = frame[col].astype("Int64")
    return frame
