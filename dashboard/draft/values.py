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
    """A date phrase read against the article's date D.

    `edtf` is the claim no sharper than the phrase (ISO 8601-2 / EDTF, see dashboard.core.claims):
    "has begun" -> ``../D`` (by D), "in the coming days" -> ``D/..`` (from D), "last week" -> its
    Monday/Sunday interval, "next month" -> ``YYYY-MM``. `earliest`/`latest` are its bounds (None:
    open); `date` is one day inside them for sorting and highlighting only, never written as a fact.
    `stated` says whether the phrase itself states the value (the quote backs it); when False (a
    weekday resolved to a day, "early March" read as the 1st-10th) the value is the draft's reading and
    is backed by a note citation that says how it was read."""

    date: dt.date
    earliest: dt.date | None
    latest: dt.date | None
    confidence: str  # reported | estimated
    phrase: str
    why: str
    edtf: str = ""
    stated: bool = True

    @property
    def claim(self) -> str:
        """The EDTF text to write (the exact day when no other form was given)."""
        return self.edtf or self.date.isoformat()


# How a qualifier before a number is written as a strength (dashboard.core.claims.parse_amount's forms).
_QUALIFIED = {
    "about": "about",
    "some": "about",
    "around": "about",
    "roughly": "about",
    "nearly": "about",
    "approximately": "about",
    "almost": "about",
    "an estimated": "about",
    "close to": "about",
    "more than": "over",
    "over": "over",
    "upwards of": "over",
    "at least": "at least",
    "up to": "up to",
    "under": "up to",
    "fewer than": "up to",
    "less than": "up to",
    "no more than": "up to",
}


@dataclass(frozen=True)
class NumberRef:
    value: int
    approx: bool
    noun: str | None  # "troops", "soldiers" ... when the number counts people under arms
    phrase: str
    qualifier: str | None = None  # "about", "up to", "more than" ... as written before the number

    @property
    def troops(self) -> bool:
        return self.noun is not None

    @property
    def amount(self) -> int | str:
        """The number as the article gives it, in the dataset's form: 1700, "about 1,700", "up to 8",
        "over 100,000" (see dashboard.core.claims.parse_amount)."""
        return amount_claim(self.value, self.qualifier)


def amount_claim(value: int, qualifier: str | None) -> int | str:
    """`value` qualified as written ("about", "up to", "more than" ...) in the dataset's strength form."""
    from dashboard.core.claims import parse_amount

    word = _QUALIFIED.get(" ".join((qualifier or "").lower().split())) if qualifier else None
    if word is None:
        return value
    if word == "up to" and value == 0:
        return 0
    out = parse_amount(f"{word} {value}").as_yaml()
    return out if isinstance(out, (int, str)) else value


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
