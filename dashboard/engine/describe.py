"""The map in words: a plain-language description of what it shows on a date, from the data alone.

Rule: the description says what the map draws and no more than the sources allow.
- Each movement is told in the phase the engine gives it on the day (`timeline.state_at`): arrived,
  moving, not yet left, or "the sources do not say" (phase unknown), with the window its dates allow.
- Numbers are written as the sources give them ("about 850", "over 100,000", "up to 8"): never a
  single figure where the source gives a range or a rough count.
- Places are named at the precision their record holds (a country is a country).
- A movement the dataset marks `estimated` says so, and so does a field the sentence states that only a
  curator's note backs ("the number from the curator's note, not a quote").
- Events are those on or before the day, areas those in force on it, as the map draws them.

It is a pure function of the dataset, the timeline, a day and the shown movements, so the app
(a polite live region for screen readers), image exports (alt text) and the HTML export all say
the same, and tests compare it with the numbers it claims to state.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from dashboard.core.coverage import field_support
from dashboard.core.loader import LoadedDataset
from dashboard.core.model import Movement
from dashboard.engine.analysis import window_words
from dashboard.engine.timeline import (
    ARRIVED,
    IN_TRANSIT,
    NOT_STARTED,
    PHASES,
    State,
    Timeline,
    areas_valid_on,
    events_on_or_before,
    state_at,
)

# A screen reader reads the description whole; past this many movements it gives counts only.
MAX_LISTED = 12
MAX_EVENTS = 5

PHASE_ORDER = (ARRIVED, IN_TRANSIT, 3, NOT_STARTED)  # arrived, moving, unknown, not yet left
PERSONNEL = re.compile(r"\b(soldiers|troops|paratroopers|marines|personnel|sailors|airmen|service members)\b", re.I)


@dataclass(frozen=True)
class Description:
    """What the map shows on `day`, in sentences (`text` joins them)."""

    day: dt.date
    sentences: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)  # phase name -> movements (for tests and captions)
    # phase name -> those of `counts` whose arrival no source reports (the engine's estimate, `arrive_estimated`)
    estimated: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def _the(name: str) -> str:
    return name if name[:4].lower() == "the " else f"the {name}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _unit_phrase(loaded: LoadedDataset, m: Movement) -> tuple[str, bool]:
    """'about 850 troops of the 82nd Airborne Division' (plural) or 'the 2nd Cavalry Regiment' (singular)."""
    unit = loaded.units.get(m.unit)
    name = _the(unit.name) if unit is not None else m.unit
    if m.strength is None:
        return name, False
    counted = "" if PERSONNEL.search(name) else " troops"  # "about 850 of the ... soldiers", else "about 850 troops of"
    return f"{m.strength.words()}{counted} of {name}", True


def _place(loaded: LoadedDataset, place_id: str) -> str:
    """A place's name; one holding a comma ('Vilseck, Germany') is closed by one, as English wants."""
    name = loaded.places[place_id].name
    return f"{name}," if "," in name else name


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _bare_sentence(
    loaded: LoadedDataset, timeline: Timeline, i: int, m: Movement, phase: int, lo: float, hi: float, left: bool = False
) -> str:
    who, plural = _unit_phrase(loaded, m)
    were = "were" if plural else "was"
    origin, dest = _place(loaded, m.from_), _place(loaded, m.to)
    if phase == ARRIVED:
        at = "at" if loaded.places[m.to].precision == "site" else "in"
        if timeline.arrive_estimated[i]:  # no source reports the arrival: the engine's estimate, said so
            return (
                f"{_cap(who)} had probably arrived {at} {dest.rstrip(',')} "
                "(no arrival reported: estimated from the departure at about 500 km a day)."
            )
        return f"{_cap(who)} had arrived {at} {dest.rstrip(',')}."
    if phase == IN_TRANSIT:
        if timeline.arrive_estimated[i]:  # it has left; that it has not yet arrived is the engine's estimate
            return (
                f"{_cap(who)} {were} probably still moving from {origin} to {dest.rstrip(',')} "
                "(no arrival reported: estimated from the departure at about 500 km a day)."
            )
        return f"{_cap(who)} {were} moving from {origin} to {dest}."
    if phase == NOT_STARTED:
        return f"{_cap(who)} had not yet left {origin} for {dest}."
    # unknown: the sources allow more than one phase on this day
    depart = window_words(timeline.depart_lo[i], timeline.depart_hi[i])
    arrive = window_words(timeline.arrive_lo[i], timeline.arrive_hi[i])
    if left and lo <= 0.0:  # known to have left ('by 10 Feb'), and nothing more: not "whether it had left"
        they = "they" if plural else "it"
        return (
            f"{_cap(who)} had left {origin} for {dest}, but the sources do not say where {they} {were} or whether "
            f"{they} had arrived (departure {depart}, arrival {arrive})."
        )
    if lo <= 0.0 and hi >= 1.0:
        return (
            f"The sources do not say whether {who} had left {origin} for {dest}, {were} on the way or had arrived "
            f"(departure {depart}, arrival {arrive})."
        )
    if lo <= 0.0:
        return f"{_cap(who)} may have left {origin} for {dest}: the sources do not say (departure {depart})."
    return (
        f"{_cap(who)} {were} on the way from {origin} to {dest} and may have arrived: "
        f"the sources do not say (arrival {arrive})."
    )


# The fields a sentence of each phase states, and how a field backed only by a curator's note is named.
STATED = {
    ARRIVED: ("strength", "to", "arrive"),
    IN_TRANSIT: ("strength", "from", "to", "depart"),
    NOT_STARTED: ("strength", "from", "to"),
    3: ("strength", "from", "to", "depart", "arrive"),
}
CURATORS = {
    "strength": "the number",
    "from": "the origin",
    "to": "the destination",
    "depart": "the departure date",
    "arrive": "the arrival date",
}


def _hedges(m: Movement, phase: int) -> list[str]:
    """What the sentence must say about how it is backed: an estimated movement, and each field it
    states that no quote backs (the curator's note)."""
    out = ["an estimate, not a report"] if m.confidence == "estimated" else []
    curated = [f.field for f in field_support("movements", m) if f.status == "curator"]
    named = [CURATORS[f] for f in STATED[phase] if f in curated]
    if named:
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        out.append(f"{listed} from the curator's note, not a quote")
    return out


def _movement_sentence(
    loaded: LoadedDataset, timeline: Timeline, i: int, m: Movement, phase: int, lo: float, hi: float, left: bool = False
) -> str:
    """The movement's sentence, with its hedges in brackets at the end (see `_hedges`)."""
    sentence = _bare_sentence(loaded, timeline, i, m, phase, lo, hi, left)
    hedges = _hedges(m, phase)
    if not hedges:
        return sentence
    if sentence.endswith(")."):  # one bracket: "(departure by 10 Feb 2022, arrival unknown; the number ...)"
        return f"{sentence[:-2]}; {'; '.join(hedges)})."
    return f"{sentence[:-1].rstrip(',')} ({'; '.join(hedges)})."  # "to Vilseck, Germany (...)", no comma


def _headline_parts(counts: dict[str, int], estimated: dict[str, int]) -> list[str]:
    """The headline's phase counts; arrivals and journeys that rest on the engine's estimated arrival
    are counted apart as 'probably' (no source reports the arrival), never as reported ones."""
    arrived, moving = counts["arrived"] - estimated["arrived"], counts["in_transit"] - estimated["in_transit"]
    parts = []
    if arrived:
        parts.append(f"{arrived:,} arrived")
    if estimated["arrived"]:
        more = " more" if arrived else ""
        parts.append(f"{estimated['arrived']:,}{more} probably arrived (no arrival reported)")
    if moving:
        parts.append(f"{moving:,} moving")
    if estimated["in_transit"]:
        more = " more" if moving else ""
        parts.append(f"{estimated['in_transit']:,}{more} probably still moving (no arrival reported)")
    if counts["unknown"]:
        parts.append(f"{counts['unknown']:,} whose phase the sources leave open")
    if counts["not_started"]:
        parts.append(f"{counts['not_started']:,} not yet begun")
    return parts


def describe(
    loaded: LoadedDataset,
    timeline: Timeline,
    day: dt.date,
    movement_ids: Iterable[str] | None = None,
    state: State | None = None,
) -> Description:
    """What the map shows on `day` (only the movements in `movement_ids`, when given), in words."""
    st = state if state is not None else state_at(timeline, day)
    shown = np.ones(timeline.size, dtype=bool)
    if movement_ids is not None:
        wanted = set(movement_ids)
        shown = np.fromiter((i in wanted for i in timeline.ids), bool, timeline.size)
    moves = loaded.dataset.movements
    counts = {name: int(np.count_nonzero(shown & (st.phase == code))) for code, name in enumerate(PHASES)}
    # Of the arrived and the moving, those whose arrival no source reports (the engine's estimate):
    # the headline says them apart, never as reported facts.
    guessed = shown & timeline.arrive_estimated
    estimated = {name: int(np.count_nonzero(guessed & (st.phase == code))) for code, name in enumerate(PHASES)}
    total = int(np.count_nonzero(shown))
    out: list[str] = []
    head = f"On {day:%-d %B %Y} the map shows {_plural(total, 'movement')}"
    parts = _headline_parts(counts, estimated)
    out.append(head + (": " + ", ".join(parts) + "." if parts else "."))
    # arrived, moving, open, not begun; within each, the biggest first (one vectorised sort)
    idx = np.flatnonzero(shown)
    rank = np.argsort(np.array(PHASE_ORDER))[st.phase[idx].astype(int)]
    size = np.nan_to_num(timeline.strength[idx], nan=-1.0)
    order = idx[np.lexsort((idx, -size, rank))].tolist()
    told: dict[str, int] = {}  # sentence -> movements it tells (alike movements are told once)
    for i in order:
        sentence = _movement_sentence(
            loaded,
            timeline,
            i,
            moves[i],
            int(st.phase[i]),
            float(st.progress[i]),
            float(st.progress_hi[i]),
            bool(st.day >= timeline.depart_hi[i]),
        )
        if sentence not in told and len(told) == MAX_LISTED:
            break
        told[sentence] = told.get(sentence, 0) + 1
    for sentence, n in told.items():
        out.append(sentence if n == 1 else f"In each of {n} movements, {sentence[:1].lower()}{sentence[1:]}")
    rest = total - sum(told.values())
    if rest:
        out.append(f"{_plural(rest, 'more movement')} {'is' if rest == 1 else 'are'} listed in the Movements table.")
    areas = areas_valid_on(loaded, day)
    if areas:
        names = "; ".join(
            a.name + (f" ({a.strength.words()} troops)" if a.strength and a.strength.words() not in a.name else "")
            for a in areas
        )
        out.append(f"Areas drawn: {names}.")
    events = events_on_or_before(loaded, day)
    if events:
        recent = sorted(events, key=lambda e: e.date.hi, reverse=True)[:MAX_EVENTS]
        happened = "; ".join(f"{e.name} ({e.date.words()}, {loaded.places[e.place].name})" for e in recent)
        more = f" and {_plural(len(events) - len(recent), 'earlier event')}" if len(events) > len(recent) else ""
        out.append(f"Events so far: {happened}{more}.")
    return Description(day=day, sentences=tuple(out), counts=counts, estimated=estimated)


def alt_text(description: Description, limit: int = 1000) -> str:
    """The description cut to `limit` characters at a sentence end (alt text must stay readable)."""
    text = ""
    for s in description.sentences:
        if len(text) + len(s) + 1 > limit:
            break
        text = f"{text} {s}".strip()
    return text or description.sentences[0][:limit]


__all__ = ["Description", "alt_text", "describe"]
