"""What recognition finds (dates, numbers, places, units, each with the span it came from), and what the
existing dataset already knows (`Known`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from dashboard.core import model
from dashboard.core.loader import LoadedDataset
from dashboard.draft.gazetteer import (
    DatasetPlaces,
    GeoHit,
    fold,
)
from dashboard.draft.text import Sentence, Span


# ---------------------------------------------------------------------------- values
@dataclass(frozen=True)
class DateRef:
    date: dt.date
    earliest: dt.date
    latest: dt.date
    confidence: str  # reported | estimated
    phrase: str
    why: str


@dataclass(frozen=True)
class NumberRef:
    value: int
    approx: bool
    noun: str | None  # "troops", "soldiers" ... when the number counts people under arms
    phrase: str

    @property
    def troops(self) -> bool:
        return self.noun is not None


@dataclass(frozen=True)
class PlaceRef:
    hit: GeoHit
    written: str  # the name as the article writes it
    prep: str | None  # preposition before it: to, from, in ...
    qualifier: bool = False  # the ", Germany" of "Vilseck, Germany"


@dataclass(frozen=True)
class UnitRef:
    name: str
    nation: str
    branch: str
    echelon: str
    notes: tuple[str, ...]
    known_id: str | None = None
    parent: UnitRef | None = None
    generic: bool = False  # "British troops": no unit is named


@dataclass
class Recognised:
    """What :func:`recognise` found: sentences with their spans (absolute offsets into ``text``)."""

    text: str
    article_date: dt.date
    sentences: list[Sentence]
    dominant_nation: str | None = None

    def spans(self, kind: str | None = None) -> list[Span]:
        return [sp for s in self.sentences for sp in s.spans if kind is None or sp.kind == kind]


# ------------------------------------------------------------------------ known data
def unit_key(name: str) -> str:
    s = fold(name).replace("'s ", " ")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(w for w in s.split() if w != "the")


@dataclass
class Known:
    """What an existing dataset already has, for reuse by id."""

    places: DatasetPlaces
    units: dict[str, Any] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Known:
        return cls(DatasetPlaces(None), ids={})

    @classmethod
    def from_dataset(cls, loaded: LoadedDataset | None) -> Known:
        if loaded is None:
            return cls.empty()

        known = cls(
            DatasetPlaces(loaded),
            dict(loaded.units),
            {},
            {name: {r.id for r in getattr(loaded.dataset, name)} for name in model.SECTIONS},
        )
        for u in loaded.dataset.units:
            for n in (u.name, u.short_name):
                if n:
                    known.unit_names.setdefault(unit_key(n), u.id)
        return known

    def unit(self, name: str) -> str | None:
        return self.unit_names.get(unit_key(name))

    def home(self, unit_id: str | None) -> tuple[str, str] | None:
        """(place id, unit id whose home it is), walking up parents."""
        seen = set()
        while unit_id and unit_id in self.units and unit_id not in seen:
            seen.add(unit_id)
            u = self.units[unit_id]
            if u.home:
                return u.home, u.id
            unit_id = u.parent
        return None
