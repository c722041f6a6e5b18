"""Which source backs each claim: a field-by-field account of a dataset.

Rule: a field a record asserts is backed

- by a **quote** when a citation with a quote names it in `supports`, or when one of the field's
  alternatives carries a quote;
- by the **curator** when only note citations (general knowledge, an estimate) name it, or an
  alternative carries only a note;
- by the **record** when the record has quotes that say nothing of which field they back (no
  `supports`: datasets written before per-field sources);
- by the **curator** too when the record has only notes that name no field (a note without `supports`
  speaks for the whole record, as in datasets written before per-field sources);
- by **nothing** otherwise: `unsupported`. `validate` lists these as notices (file, line, record, field):
  the dataset is still valid.

Claim fields are those of :data:`dashboard.core.model.COVERED_FIELDS` (what the map asserts about a
movement, an event or an area); identity fields (ids, names of places and units) are not counted.
Source coverage is the share of asserted claim fields backed by a quote.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dashboard.core import model
from dashboard.core.problems import Problem
from dashboard.core.records import SINGULAR
from dashboard.core.yamlsafe import line_of

if TYPE_CHECKING:
    from dashboard.core.loader import LoadedDataset

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


def field_support(section: str, record: Any) -> list[FieldSupport]:
    """How each asserted claim field of `record` (of `section`) is backed."""
    out = []
    citations: list[model.Citation] = list(getattr(record, "citations", []))
    general_quotes: list[model.Citation] = []
    general_notes: list[str] = []
    naming: dict[str, list[model.Citation]] = {}  # field -> the citations whose `supports` name it, in order
    for c in citations:
        if c.supports is not None:
            for f in dict.fromkeys(c.supports):
                naming.setdefault(f, []).append(c)
        elif c.quote is not None:
            general_quotes.append(c)
        elif c.note is not None:
            general_notes.append(c.note)
    # what a field neither named by a citation nor holding alternatives gets (most fields): the same
    # for every such field of the record, worked out once
    plain: tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    if general_quotes:
        plain = (
            "record",
            tuple(dict.fromkeys(c.source for c in general_quotes if c.source)),
            tuple(c.quote for c in general_quotes if c.quote),
            (),
        )
    elif general_notes:
        plain = ("curator", (), (), tuple(general_notes))
    else:
        plain = ("unsupported", (), (), ())
    rec_id = record.id
    for name in model.COVERED_FIELDS.get(section, ()):
        value = model.claim_value(record, name)
        if value is None:
            continue
        named = naming.get(name, ())
        alternatives = getattr(value, "alternatives", ())
        if not named and not alternatives:
            out.append(FieldSupport(section, rec_id, name, *plain))
            continue
        status, sources, quotes, notes = _backing(named, alternatives, general_quotes, general_notes)
        out.append(FieldSupport(section, rec_id, name, status, sources, quotes, notes))
    return out


def _backing(
    named: Any, alternatives: Any, general_quotes: list[model.Citation], general_notes: list[str]
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(status, sources, quotes, notes) of a field named by citations or holding alternatives."""
    quoted = [c for c in named if c.quote is not None]
    notes = [c.note for c in named if c.quote is None and c.note is not None]
    sources = [c.source for c in quoted if c.source]
    quotes = [c.quote for c in quoted if c.quote]
    for alt in alternatives:
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
    elif general_notes:
        status = "curator"
        notes = list(general_notes)
    else:
        status = "unsupported"
    return status, tuple(dict.fromkeys(sources)), tuple(quotes), tuple(notes)


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


UNSUPPORTED_MESSAGE = (
    "is asserted without a source: no quote and no curator's note supports it "
    "(add a citation with 'supports: [{field}]', or a note saying where it comes from)"
)


def unsupported(loaded: LoadedDataset) -> list[Problem]:
    """Every asserted field that nothing backs, as notices with file, line, record and field (in file order).

    Not errors: the dataset stays valid; `validate` lists them after the source coverage."""
    out: list[Problem] = []
    texts: dict[str, str] = {}
    for s in dataset_support(loaded.dataset):
        if s.status != "unsupported":
            continue
        o = loaded.origins.get((s.section, s.record))
        line = None
        file = str(loaded.root)
        if o is not None:
            file = o.file
            if file not in texts:
                try:
                    texts[file] = o.path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    texts[file] = ""
            line = line_of(texts[file], (s.section, o.index, s.field)) if texts[file] else None
        label = f"{SINGULAR.get(s.section, s.section)} '{s.record}'"
        out.append(Problem(file, line, label, s.field, UNSUPPORTED_MESSAGE.format(field=s.field)))
    return out


def coverage(dataset: model.Dataset) -> Coverage:
    counts = Counter(s.status for s in dataset_support(dataset))
    return Coverage({status: counts.get(status, 0) for status in STATUSES})
