"""Numbers behind the panels: personnel by country over time, what changed, the table.

Personnel rule (the same chaining as the map): a movement's strength counts in
the `from` country before it departs (unless an earlier leg of the same unit
brought it there), as "in transit" while moving, and in the `to` country from
its arrival until a next leg of the same unit departs from there. Movements
without a strength count as 0 and are listed as such in the table.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.core.claims import When
from dashboard.core.loader import LoadedDataset
from dashboard.engine.timeline import PHASES, Timeline, day_number, state_at

IN_TRANSIT = "in transit"


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


def personnel_by_country(
    loaded: LoadedDataset, timeline: Timeline, first: dt.date, last: dt.date, movement_ids: frozenset[str] | None = None
) -> pd.DataFrame:
    """Personnel present per country per day (long form: date, country, personnel)."""
    moves = loaded.dataset.movements
    places = loaded.places
    prev, nxt = _chains(loaded)
    days = np.arange(int(day_number(first)), int(day_number(last)) + 1, dtype=float)
    totals: dict[str, np.ndarray] = {}

    def add(country: str, mask: np.ndarray, strength: float) -> None:
        totals.setdefault(country, np.zeros(days.size))
        totals[country] += mask * strength

    for i, m in enumerate(moves):
        if movement_ids is not None and m.id not in movement_ids:
            continue
        s = timeline.strength[i]
        if math.isnan(s) or s <= 0:
            continue
        dep, arr = timeline.depart[i], timeline.arrive[i]
        if prev[i] is None:
            add(places[m.from_].country, days < dep, s)
        add(IN_TRANSIT, (days >= dep) & (days < arr), s)
        until = timeline.depart[nxt[i]] if nxt[i] is not None else np.inf
        add(places[m.to].country, (days >= arr) & (days < until), s)
    rows: list[dict[str, Any]] = []
    dates = [dt.date(1970, 1, 1) + dt.timedelta(days=int(d)) for d in days]
    for country, series in sorted(totals.items()):
        rows.extend({"date": dates[k], "country": country, "personnel": int(series[k])} for k in range(days.size))
    return pd.DataFrame(rows, columns=["date", "country", "personnel"])


def personnel_on(
    loaded: LoadedDataset, timeline: Timeline, day: dt.date, movement_ids: frozenset[str] | None = None
) -> dict[str, int]:
    frame = personnel_by_country(loaded, timeline, day, day, movement_ids)
    return {r.country: int(r.personnel) for r in frame.itertuples() if r.personnel}


@dataclass
class Changes:
    departed: list[str]
    arrived: list[str]
    in_transit: list[str]
    new_events: list[str]
    new_areas: list[str]
    net_personnel: dict[str, int]

    @property
    def movement_ids(self) -> frozenset[str]:
        return frozenset(self.departed) | frozenset(self.arrived) | frozenset(self.in_transit)


def what_changed(
    loaded: LoadedDataset,
    timeline: Timeline,
    before: dt.date,
    after: dt.date,
    movement_ids: frozenset[str] | None = None,
) -> Changes:
    """What happened after `before` up to and including `after` (dates may come in any order)."""
    d0, d1 = sorted((day_number(before), day_number(after)))
    keep = [movement_ids is None or m.id in movement_ids for m in loaded.dataset.movements]
    ids = timeline.ids
    dep, arr = timeline.depart, timeline.arrive
    sel = np.array(keep, dtype=bool) if keep else np.zeros(0, dtype=bool)
    departed = [ids[i] for i in np.flatnonzero(sel & (dep > d0) & (dep <= d1))]
    arrived = [ids[i] for i in np.flatnonzero(sel & (arr > d0) & (arr <= d1))]
    transit = [ids[i] for i in np.flatnonzero(sel & (dep <= d1) & (arr > d0) & (dep < arr))]
    events = [e.id for e in loaded.dataset.events if d0 < day_number(e.date) <= d1]
    areas = [a.id for a in loaded.dataset.areas if d0 < day_number(a.valid_from) <= d1]
    lo, hi = dt.date(1970, 1, 1) + dt.timedelta(days=int(d0)), dt.date(1970, 1, 1) + dt.timedelta(days=int(d1))
    p0, p1 = personnel_on(loaded, timeline, lo, movement_ids), personnel_on(loaded, timeline, hi, movement_ids)
    net = {c: p1.get(c, 0) - p0.get(c, 0) for c in sorted(set(p0) | set(p1)) if p1.get(c, 0) != p0.get(c, 0)}
    return Changes(departed, arrived, transit, events, areas, net)


def movements_table(
    loaded: LoadedDataset, timeline: Timeline, day: dt.date, movement_ids: frozenset[str] | None = None
) -> pd.DataFrame:
    """One row per movement: unit, from, to, dates, phase on `day`, strength, source."""
    st = state_at(timeline, day)
    rows = []
    for i, m in enumerate(loaded.dataset.movements):
        if movement_ids is not None and m.id not in movement_ids:
            continue
        src = next((c.source for c in m.citations if c.source), None)
        rows.append(
            {
                "movement": m.id,
                "unit": loaded.units[m.unit].name,
                "from": loaded.places[m.from_].name,
                "to": loaded.places[m.to].name,
                "depart": m.depart,
                "arrive": m.arrive if m.arrive else dt.date(1970, 1, 1) + dt.timedelta(days=int(timeline.arrive[i])),
                "arrive estimated": bool(timeline.arrive_estimated[i]),
                "phase": PHASES[st.phase[i]].replace("_", " "),
                "strength": None if m.strength is None else int(m.strength),
                "confidence": m.confidence,
                "source": loaded.sources[src].title if src in loaded.sources else "",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
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
        ],
    )
