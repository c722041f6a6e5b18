"""What was known when: the dataset as the public record stood on a day.

Rule (documented in the README, "What was known when"): keeping only what sources published on or
before day K said,

- a source published after K is dropped, with every citation and alternative that quotes it;
- a record that had quotes and has none left was not yet known: it is dropped (a record that never had
  a quote, such as a place located from general knowledge, stays); a place or unit that a remaining
  record names (a movement's unit, from and to, an event's place, a unit's parent and home) stays, with
  the citations known on K, since the remaining record's own sources name it;
- a field backed (`supports`) only by dropped citations loses its value: an optional field (`arrive`,
  `strength`, `valid_to`) becomes absent, a departure becomes absent when an arrival remains; a record
  left without a required claim is dropped;
- a field holding alternatives keeps those of the remaining sources, and its value is worked out again
  from them (see :mod:`dashboard.core.claims`);
- curators' notes carry no publication date and stay.

The result is a new :class:`LoadedDataset` (same files, geometries and origins), so the timeline, the
map, the panels and every export work on it unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from dashboard.core import model
from dashboard.core.claims import Alternative, When, parse_amount, parse_when
from dashboard.core.loader import LoadedDataset

# Fields a record can lose and still be drawn.
OPTIONAL = {
    "movements": ("depart", "arrive", "strength"),
    "events": (),
    "areas": ("valid_to", "strength", "nation"),
    "places": (),
    "units": ("parent", "home"),
}


def _alternatives_kept(value: Any, published: dict[str, dt.date], day: dt.date) -> Any:
    """The value worked out again from the alternatives of sources known on `day` (None: none left)."""
    alts: tuple[Alternative, ...] = getattr(value, "alternatives", ())
    if not alts:
        return value
    kept = [a for a in alts if a.source is None or published.get(a.source, dt.date.max) <= day]
    if len(kept) == len(alts):
        return value
    if not kept:
        return None
    if not any(a.preferred for a in kept) and len(kept) == 1:
        only = kept[0]
        return replace(only.value, alternatives=(only,))
    raw = [a.as_yaml() for a in kept]
    try:
        return parse_when(raw) if isinstance(value, When) else parse_amount(raw)
    except ValueError:  # what remains bounds nothing ('by' one day, 'from' another, none preferred)
        return None


def _record_known(section: str, record: Any, published: dict[str, dt.date], day: dt.date) -> Any | None:
    citations: list[model.Citation] = list(getattr(record, "citations", []))
    if not citations and section not in ("movements", "events", "areas"):
        return record
    known = [c for c in citations if c.source is None or published.get(c.source, dt.date.max) <= day]
    had_quotes = any(c.quote is not None for c in citations)
    if had_quotes and not any(c.quote is not None for c in known):
        return None
    update: dict[str, Any] = {}
    if len(known) != len(citations):
        update["citations"] = known
    dropped = [c for c in citations if c not in known]
    for name in model.CLAIM_FIELDS.get(section, ()):
        attr = model.claim_attr(name)
        value = getattr(record, attr, None)
        if value is None:
            continue
        new = _alternatives_kept(value, published, day)
        lost_support = (
            any(name in (c.supports or ()) for c in dropped)
            and not any(name in (c.supports or ()) for c in known)
            and not any(a.quote is not None or a.note is not None for a in getattr(new, "alternatives", ()))
        )
        if new is None or lost_support:
            if name not in OPTIONAL.get(section, ()):
                return None
            update[attr] = None
        elif new is not value:
            update[attr] = new
    if section == "movements" and update:
        depart = update.get("depart", record.depart)
        arrive = update.get("arrive", record.arrive)
        if depart is None and arrive is None:
            return None
    if section in ("movements", "events", "areas") and not update.get("citations", citations):
        return None
    return record.model_copy(update=update) if update else record


def _named_only(record: Any, published: dict[str, dt.date], day: dt.date) -> Any:
    """A unit or place not yet known in its own right, kept because a known record names it: only the
    citations known on `day` stay (its own quotes come later)."""
    known = [c for c in record.citations if c.source is None or published.get(c.source, dt.date.max) <= day]
    return record.model_copy(update={"citations": known}) if len(known) != len(record.citations) else record


def known_by(loaded: LoadedDataset, day: dt.date) -> LoadedDataset:
    """The dataset as it stood on `day`: only what sources published on or before it said."""
    ds = loaded.dataset
    published = {s.id: s.published for s in ds.sources}
    sections: dict[str, list[Any]] = {"sources": [s for s in ds.sources if s.published <= day]}
    for section in ("movements", "events", "areas"):
        kept = []
        for record in getattr(ds, section):
            new = _record_known(section, record, published, day)
            if new is not None:
                kept.append(new)
        sections[section] = kept
    # Units and places stay when known on the day, or when a remaining record names them.
    units_by_id = {u.id: u for u in ds.units}
    units: dict[str, Any] = {}
    for u in ds.units:
        new = _record_known("units", u, published, day)
        if new is not None:
            units[u.id] = new
    wanted = [m.unit for m in sections["movements"]] + [u.parent for u in units.values() if u.parent]
    while wanted:  # a named unit, and the chain of its parents
        uid = wanted.pop()
        if uid in units or uid not in units_by_id:
            continue
        units[uid] = _named_only(units_by_id[uid], published, day)
        if units[uid].parent:
            wanted.append(units[uid].parent)
    sections["units"] = [units[u.id] for u in ds.units if u.id in units]
    named_places = {p for m in sections["movements"] for p in (m.from_, m.to)}
    named_places |= {e.place for e in sections["events"]} | {u.home for u in sections["units"] if u.home}
    places = []
    for p in ds.places:
        new = _record_known("places", p, published, day)
        if new is None and p.id in named_places:
            new = _named_only(p, published, day)
        if new is not None:
            places.append(new)
    sections["places"] = places
    # A story is told whole or not at all: kept when every source its steps quote was out by the day.
    sections["stories"] = [
        story
        for story in ds.stories
        if all(
            c.source is None or published.get(c.source, dt.date.max) <= day
            for step in story.steps
            for c in step.citations
        )
    ]
    dataset = model.Dataset.model_construct(None, **sections)
    return replace(
        loaded,
        dataset=dataset,
        source_texts={k: v for k, v in loaded.source_texts.items() if published.get(k, dt.date.max) <= day},
        fingerprint=f"{loaded.fingerprint}@known:{day.isoformat()}",
    )


def known_dates(loaded: LoadedDataset) -> list[dt.date]:
    """The days on which the public record changed: the sources' publication dates, in order."""
    return sorted({s.published for s in loaded.dataset.sources})
