"""What a link reproduces: date, comparison date, filters, selected unit, map view, known-by day.

`parse_query` turns URL query parameters into a `View`, ignoring (with a notice
for the viewer) anything invalid; `to_query` writes a `View` back. Both are
pure, so links round-trip exactly and tests need no browser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.core.loader import LoadedDataset
from dashboard.core.model import BRANCHES, CONFIDENCES, ECHELONS

LIST_KEYS = ("nation", "branch", "echelon", "confidence", "country")
MAX_PARAM = 500


@dataclass(frozen=True)
class View:
    date: dt.date
    compare: dt.date
    nation: tuple[str, ...] = ()
    branch: tuple[str, ...] = ()
    echelon: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    unit: str | None = None
    q: str = ""
    view: tuple[float, float, int] | None = None  # lat, lon, zoom
    known: dt.date | None = None  # show only what sources published by this day said (None: everything)
    story: str | None = None  # a guided story being told
    step: int = 1  # its step, counted from 1 as the reader sees it

    def filters(self) -> dict[str, tuple[str, ...]]:
        return {k: getattr(self, k) for k in LIST_KEYS if getattr(self, k)}


def choices(loaded: LoadedDataset) -> dict[str, list[str]]:
    """The values each filter can take in this dataset (what the sidebar offers)."""
    ds = loaded.dataset
    moving = {m.unit for m in ds.movements}
    units = [u for u in ds.units if u.id in moving]
    countries = {loaded.places[m.from_].country for m in ds.movements} | {
        loaded.places[m.to].country for m in ds.movements
    }
    return {
        "nation": sorted({u.nation for u in units}),
        "branch": [b for b in BRANCHES if any(u.branch == b for u in units)],
        "echelon": [e for e in ECHELONS if any(u.echelon == e for u in units)],
        "confidence": [c for c in CONFIDENCES if any(m.confidence == c for m in ds.movements)],
        "country": sorted(countries),
    }


def _first(query: Mapping, key: str) -> str | None:
    value = query.get(key)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None:
        return None
    return str(value)[:MAX_PARAM]


def parse_query(
    query: Mapping, loaded: LoadedDataset, window: tuple[dt.date, dt.date], default_day: dt.date
) -> tuple[View, list[str]]:
    """A View from URL parameters; invalid values are dropped and explained in the notices."""
    notices: list[str] = []
    first, last = window

    def date_param(key: str, fallback: dt.date, label: str) -> dt.date:
        text = _first(query, key)
        if not text:
            return fallback
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            notices.append(
                f"The {label} '{text[:40]}' in the link is not a date written YYYY-MM-DD; showing {fallback} instead."
            )
            return fallback
        if not first <= day <= last:
            notices.append(
                f"The {label} {day} in the link is outside the timeline ({first} to {last}); "
                f"showing {fallback} instead."
            )
            return fallback
        return day

    day = date_param("date", default_day, "date")
    compare = date_param("compare", max(first, day - dt.timedelta(days=7)), "comparison date")
    allowed = choices(loaded)
    lists: dict[str, tuple[str, ...]] = {}
    for key in LIST_KEYS:
        text = _first(query, key)
        if not text:
            continue
        values = [v.strip() for v in text.split(",") if v.strip()]
        good = tuple(v for v in values if v in allowed[key])
        bad = [v for v in values if v not in allowed[key]]
        if bad:
            notices.append(
                f"Ignored {key} {', '.join(repr(b[:40]) for b in bad[:5])} from the link: not in this dataset."
            )
        lists[key] = good
    unit = _first(query, "unit")
    if unit and unit not in loaded.units:
        notices.append(f"Ignored unit '{unit[:40]}' from the link: not in this dataset.")
        unit = None
    view = None
    text = _first(query, "view")
    if text:
        try:
            lat, lon, zoom = text.split(",")
            view = (float(lat), float(lon), int(zoom))
            if not (-90 <= view[0] <= 90 and -540 <= view[1] <= 540 and 1 <= view[2] <= 18):
                raise ValueError
        except ValueError:
            notices.append(f"Ignored the map view '{text[:40]}' from the link: expected lat,lon,zoom.")
            view = None
    q = (_first(query, "q") or "")[:100]
    known = None
    text = _first(query, "known")
    if text:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            known = dt.date.fromisoformat(text)
        except ValueError:
            notices.append(
                f"The known-by date '{text[:40]}' in the link is not a date written YYYY-MM-DD; "
                "showing what every source says instead."
            )
    story, step, story_day = _story_param(query, loaded, notices)
    day = story_day or day  # a story step sets the map's date
    return (
        View(date=day, compare=compare, unit=unit, q=q, view=view, known=known, story=story, step=step, **lists),
        notices,
    )


def _story_param(query: Mapping, loaded: LoadedDataset, notices: list[str]) -> tuple[str | None, int, dt.date | None]:
    """The story and step (from 1) a link names, with the step's date; (None, 1, None) without one."""
    text = _first(query, "story")
    if not text:
        return None, 1, None
    stories = {st.id: st for st in loaded.dataset.stories}
    if text not in stories:
        notices.append(f"Ignored story '{text[:40]}' from the link: not in this dataset.")
        return None, 1, None
    n = len(stories[text].steps)
    raw = _first(query, "step") or "1"
    step = int(raw) if raw.isdigit() and 1 <= int(raw) <= n else 1
    if step == 1 and raw != "1":
        notices.append(f"The story has steps 1 to {n}; the link's step '{raw[:20]}' was replaced by step 1.")
    return text, step, stories[text].steps[step - 1].date


def to_query(view: View) -> dict[str, str]:
    """URL parameters for a View (empty values left out, so links stay short)."""
    out = {"date": view.date.isoformat(), "compare": view.compare.isoformat()}
    for key in LIST_KEYS:
        if getattr(view, key):
            out[key] = ",".join(getattr(view, key))
    if view.unit:
        out["unit"] = view.unit
    if view.q:
        out["q"] = view.q
    if view.known:
        out["known"] = view.known.isoformat()
    if view.story:
        out["story"] = view.story
        out["step"] = str(view.step)
    if view.view:
        out["view"] = f"{view.view[0]:.3f},{view.view[1]:.3f},{view.view[2]}"
    return out
