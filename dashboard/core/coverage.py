"""Which source backs each claim: a field-by-field account of a dataset.

Rule: a field a record asserts is backed

- by a **quote** when a citation with a quote names it in `supports`, or when one of the field's
  alternatives carries a quote;
- by the **curator** when only note citations (general knowledge, an estimate) name it, or an
  alternative carries only a note;
- by the **record** when the record has quotes that say nothing of which field they back (no
  `supports`: datasets written before per-field sources);
- by **nothing** otherwise: `unsupported`.

Claim fields are those of :data:`dashboard.core.model.COVERED_FIELDS` (what the map asserts about a
movement, an event or an area); identity fields (ids, names of places and units) are not counted.
Source coverage is the share of asserted claim fields backed by a quote.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from dashboard.core import model

STATUSES = ("quote", "curator", "record", "unsupported")


@dataclass(frozen=True)
class FieldSupport:
    """How one asserted field of one record is backed, and by which sources and quotes."""

    section: str
    record: str
    field: str
    status: str  # one of STATUSES
    sources: tuple[str, ...]  # ids of the sources whose quotes back it
    quotes: tuple[str, ...]
    notes: tuple[str, ...]


def field_value(record: Any, name: str) -> Any:
    """The value of claim field `name` (`from` is stored as `from_`)."""
    return getattr(record, "from_" if name == "from" else name, None)


def field_support(section: str, record: Any) -> list[FieldSupport]:
    """How each asserted claim field of `record` (of `section`) is backed."""
    out = []
    citations: list[model.Citation] = list(getattr(record, "citations", []))
    general_quotes = [c for c in citations if c.quote is not None and c.supports is None]
    for name in model.COVERED_FIELDS.get(section, ()):
        value = field_value(record, name)
        if value is None:
            continue
        named = [c for c in citations if c.supports is not None and name in c.supports]
        quoted = [c for c in named if c.quote is not None]
        notes = [c.note for c in named if c.quote is None and c.note is not None]
        sources = [c.source for c in quoted if c.source]
        quotes = [c.quote for c in quoted if c.quote]
        for alt in getattr(value, "alternatives", ()):
            if alt.quote is not None:
                quotes.append(alt.quote)
                if alt.source:
                    sources.append(alt.source)
            elif alt.note is not None:
                notes.append(alt.note)
        if quotes:
            status = "quote"
        elif notes:
            status = "curator"
        elif general_quotes:
            status = "record"
            quotes = [c.quote for c in general_quotes if c.quote]
            sources = [c.source for c in general_quotes if c.source]
        else:
            status = "unsupported"
        out.append(
            FieldSupport(section, record.id, name, status, tuple(dict.fromkeys(sources)), tuple(quotes), tuple(notes))
        )
    return out


def dataset_support(dataset: model.Dataset) -> list[FieldSupport]:
    """Every asserted claim field of the dataset, in file order."""
    out: list[FieldSupport] = []
    for section in model.COVERED_FIELDS:
        for record in getattr(dataset, section):
            out.extend(field_support(section, record))
    return out


@dataclass(frozen=True)
class Coverage:
    """Counts of asserted claim fields by how they are backed."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def share(self) -> float:
        """Share of asserted fields backed by a quote (1.0 for an empty dataset)."""
        return self.counts.get("quote", 0) / self.total if self.total else 1.0

    def summary(self) -> str:
        c = self.counts
        return (
            f"source coverage {self.share:.0%}: {c.get('quote', 0)} of {self.total} asserted fields backed by a "
            f"quote, {c.get('curator', 0)} by the curator's note, {c.get('record', 0)} by a quote of the record "
            f"that names no field, {c.get('unsupported', 0)} unsupported"
        )


def coverage(dataset: model.Dataset) -> Coverage:
    counts = Counter(s.status for s in dataset_support(dataset))
    return Coverage({status: counts.get(status, 0) for status in STATUSES})
