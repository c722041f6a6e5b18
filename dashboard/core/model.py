"""Typed records of a deployment dataset (the contract other tools rely on).

Every model forbids unknown fields so that a typo in a curated file is an
error, not a silently ignored value. Cross-record checks (references, quotes,
geometries) live in :mod:`dashboard.validate`; these models only check what a
single record can know about itself.

Dates lie in the years FIRST_YEAR..LAST_YEAR (1700-2199): every consumer (pandas'
nanosecond timestamps, the timeline's margins, matplotlib, the browser) handles them.
Text holds no invisible format characters (zero-width spaces, U+FEFF, bidirectional
overrides and isolates): they hide what a name says, and break the PDF export.
Numbers are finite: NaN and infinity are not coordinates or strengths.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from dashboard.core.claims import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT, Amount, When, parse_amount, parse_when

# Invisible format characters refused in text: zero-width space/joiners and marks, bidirectional
# embeddings, overrides and isolates, and the zero-width no-break space (a BOM inside text).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_INVISIBLE_NAMES = {
    0x200B: "ZERO WIDTH SPACE",
    0x200C: "ZERO WIDTH NON-JOINER",
    0x200D: "ZERO WIDTH JOINER",
    0x200E: "LEFT-TO-RIGHT MARK",
    0x200F: "RIGHT-TO-LEFT MARK",
    0x202A: "LEFT-TO-RIGHT EMBEDDING",
    0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
    0xFEFF: "ZERO WIDTH NO-BREAK SPACE",
}


def _visible(value: str) -> str:
    m = INVISIBLE.search(value)
    if m is not None:
        code = ord(m.group())
        raise ValueError(
            f"holds the invisible character U+{code:04X} ({_INVISIBLE_NAMES[code]}) at character "
            f"{m.start() + 1}; remove it (invisible characters can disguise what the text says)"
        )
    return value


Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")]
# The same rule for editors (JSON Schema), written with escapes so the schema file shows it.
VISIBLE_PATTERN = r"^[^\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*$"


def _text_schema(max_length: int) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "minLength": 1, "maxLength": max_length, "pattern": VISIBLE_PATTERN})


# Visible text of at most 2000 (Text) or 20000 (LongText) characters.
Text: TypeAlias = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000),
    AfterValidator(_visible),
    _text_schema(2000),
]
LongText: TypeAlias = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20000),
    AfterValidator(_visible),
    _text_schema(20000),
]
Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
# A numeric APP-6 D / MIL-STD-2525 D SIDC (20 digits) or a letter SIDC (15 characters).
Sidc = Annotated[str, StringConstraints(pattern=r"^(\d{20}|[A-Z*\-]{15})$")]

BRANCHES = (
    "airborne",
    "air_assault",
    "infantry",
    "mechanized",
    "cavalry",
    "reconnaissance",
    "armor",
    "aviation",
    "artillery",
    "air_defense",
    "engineer",
    "headquarters",
    "logistics",
    "medical",
    "signal",
    "special_forces",
    "marines",
    "naval",
    "air_force",
    "combined_arms",
    "other",
)
ECHELONS = (
    "team",
    "squad",
    "section",
    "platoon",
    "company",
    "battery",
    "troop",
    "battalion",
    "squadron",
    "regiment",
    "group",
    "brigade",
    "division",
    "corps",
    "army",
    "army_group",
)
CONFIDENCES = ("reported", "confirmed", "estimated")
AFFILIATIONS = ("friend", "hostile", "neutral", "unknown")

Branch = Literal[BRANCHES]  # type: ignore[valid-type]
Echelon = Literal[ECHELONS]  # type: ignore[valid-type]
Confidence = Literal[CONFIDENCES]  # type: ignore[valid-type]
Affiliation = Literal[AFFILIATIONS]  # type: ignore[valid-type]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FIRST_DATE, LAST_DATE = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
# The same rule for editors (JSON Schema): four digits, a year from 1700 to 2199.
DATE_PATTERN = r"^(1[7-9]|2[01])\d\d-\d{2}-\d{2}$"


def _in_years(day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"{day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR} that the dashboard can show")
    return day


def _parse_date(value: Any) -> dt.date:
    """Dates are written YYYY-MM-DD; numbers and timestamps are refused, not guessed."""
    if isinstance(value, dt.datetime):
        raise ValueError("must be a date written YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return _in_years(value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
        return _in_years(day)
    raise ValueError(f"must be a date written YYYY-MM-DD; got {value!r}")


Date = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "description": f"A date written YYYY-MM-DD, in the years {FIRST_YEAR}-{LAST_YEAR}.",
        }
    ),
]


# An EDTF level-1 part: a day, month or year (years 1700-2199), perhaps approximate (~), uncertain (?) or both (%).
_EDTF_PART = r"(1[7-9]|2[01])\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?[~?%]?"
WHEN_PATTERN = rf"^({_EDTF_PART}|{_EDTF_PART}/{_EDTF_PART}|\.\./{_EDTF_PART}|{_EDTF_PART}/\.\.)$"
# A number as written (see claims.parse_amount): words before it, one number or a range, perhaps a '+'.
_NUMBER_TEXT = r"\d{1,3}([,\u202f\u00a0 _]?\d{3})*"
AMOUNT_PATTERN = rf"^[^\d]{{0,24}}{_NUMBER_TEXT}(\s*([-–—]|to|and)\s*{_NUMBER_TEXT})?\s*\+?$"
CLAIM_FIELDS = {
    "movements": ("unit", "from", "to", "depart", "arrive", "strength"),
    "events": ("name", "date", "place"),
    "areas": ("name", "valid_from", "valid_to", "strength", "geometry", "nation"),
    "places": ("name", "location"),
    "units": ("name", "nation", "branch", "echelon", "parent", "home"),
}
# The fields whose backing counts towards source coverage (what the map asserts; see core/coverage.py).
COVERED_FIELDS = {
    "movements": ("unit", "from", "to", "depart", "arrive", "strength"),
    "events": ("date", "place"),
    "areas": ("valid_from", "valid_to", "strength", "geometry"),
}
ALL_CLAIM_FIELDS = tuple(sorted({f for fields in CLAIM_FIELDS.values() for f in fields}))


# A quote names its source; a claim has a quote or a curator's note (Citation and alternatives alike).
_QUOTE_OR_NOTE = {
    "anyOf": [{"required": ["quote"]}, {"required": ["note"]}],
    "dependentRequired": {"quote": ["source"]},
}


def _quote_or_note(schema: dict[str, Any]) -> None:
    schema.update(_QUOTE_OR_NOTE)


def claim_attr(name: str) -> str:
    """The attribute holding claim field `name` (`from` is a Python keyword: stored as `from_`)."""
    return "from_" if name == "from" else name


def claim_value(record: Any, name: str) -> Any:
    """The value of claim field `name` of a record (a place's `location` is its lat/lon)."""
    if name == "location":
        return (record.lat, record.lon)
    return getattr(record, claim_attr(name), None)


def _alternatives_schema(value_schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "array",
        "minItems": 1,
        "description": "Alternative values from different sources; the curator may mark one 'preferred'.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["value"],
            "properties": {
                "value": value_schema,
                "source": {"type": "string", "minLength": 1},
                "quote": {"type": "string", "minLength": 1},
                "note": {"type": "string", "minLength": 1},
                "preferred": {"type": "boolean"},
            },
            **_QUOTE_OR_NOTE,
        },
        # at most one alternative is preferred
        "contains": {"type": "object", "required": ["preferred"], "properties": {"preferred": {"const": True}}},
        "minContains": 0,
        "maxContains": 1,
    }


_WHEN_YEAR = {
    "type": "integer",
    "minimum": FIRST_YEAR,
    "maximum": LAST_YEAR,
    "description": "A year (YAML reads an unquoted 2022 as a number).",
}
_WHEN_TEXT = {
    "type": "string",
    "pattern": WHEN_PATTERN,
    # a plain day must be a real one (no 30 February)
    "if": {"pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "then": {"format": "date"},
    "description": (
        "A date as the source gives it (ISO 8601-2 / EDTF level 1): 2022-02-10, 2022-02-10~ (about), "
        "2022-02-10? (uncertain), 2022-02 or 2022, 2022-02-10/2022-02-14 (between), ../2022-02-10 (by), "
        f"2022-02-10/.. (from); years {FIRST_YEAR}-{LAST_YEAR}."
    ),
}
_AMOUNT_VALUE = {
    "oneOf": [
        {"type": "integer", "minimum": 0, "maximum": MAX_AMOUNT},
        {
            "type": "string",
            "maxLength": 60,
            "pattern": AMOUNT_PATTERN,
            "description": "about 1,000 | 800-1,000 | up to 8 | over 100,000 | at least 5",
        },
    ]
}


def _when_yaml(w: When) -> Any:
    return w.as_yaml()


def _amount_yaml(a: Amount) -> Any:
    return a.as_yaml()


# A date field: a When (earliest/latest day and how it was qualified), written as the source gives it.
WhenField = Annotated[
    When,
    PlainValidator(parse_when),
    PlainSerializer(_when_yaml),
    WithJsonSchema({"oneOf": [_WHEN_TEXT, _WHEN_YEAR, _alternatives_schema({"oneOf": [_WHEN_TEXT, _WHEN_YEAR]})]}),
]
# A number of people or things: exact, about, a range or a bound (an Amount).
AmountField = Annotated[
    Amount,
    PlainValidator(parse_amount),
    PlainSerializer(_amount_yaml),
    WithJsonSchema({"oneOf": [*_AMOUNT_VALUE["oneOf"], _alternatives_schema(_AMOUNT_VALUE)]}),
]
# A field a citation supports: checked against its record's section in checks.py (a message naming the
# section's fields); the schema lists every claim field for editors.
ClaimField = Annotated[
    str,
    StringConstraints(min_length=1, max_length=40),
    WithJsonSchema({"type": "string", "enum": list(ALL_CLAIM_FIELDS)}),
]
PRECISIONS = ("site", "town", "region", "country")
Precision = Literal[PRECISIONS]  # type: ignore[valid-type]


def _number(value: Any) -> Any:
    """Numbers are written as numbers: true/false and quoted text are refused, not converted;
    NaN ('.nan') and infinity ('.inf') are not numbers a map can use."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number; got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"must be a finite number; got {_yaml_float(value)}")
    if isinstance(value, int) and value.bit_length() > 1000:  # beyond any float (and str() may refuse it)
        raise ValueError(f"is far too large: a number with {int(math.log10(abs(value))) + 1:,} digits")
    return value


def _yaml_float(value: float) -> str:
    return ".nan (not a number)" if math.isnan(value) else ("-.inf" if value < 0 else ".inf") + " (infinity)"


def _whole_number(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"must be a whole number; got {_yaml_float(value)}")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise ValueError(f"must be a whole number; got {value!r}")
    return int(value)


Number = Annotated[float, BeforeValidator(_number)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]

TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#|%\}|#\}|\}\}")


class Record(BaseModel):
    """Base of every record: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Citation(Record):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, json_schema_extra=_quote_or_note)

    """Where a claim comes from: a verbatim `quote` of a stored source, or a `note`
    for general knowledge (coordinates, home stations) that no source states.

    `supports` names the fields of its record that the quote (or the curator's note) backs;
    without it the citation backs the record as a whole, and no field in particular."""

    source: Id | None = None
    quote: LongText | None = None
    note: Text | None = None
    supports: list[ClaimField] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _quote_or_note(self) -> Citation:
        if self.quote is None and self.note is None:
            raise ValueError("a citation needs a 'quote' from a source, or a 'note' saying where the fact comes from")
        if self.quote is not None and self.source is None:
            raise ValueError("a citation with a 'quote' must name its 'source'")
        return self


class Source(Record):
    id: Id
    title: Text
    publisher: Text
    published: Date
    file: Text | None = None
    url: Text | None = None
    note: Text | None = None

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://[^\s\"'<>]+$", v):
            raise ValueError("must be an http:// or https:// address")
        return v

    @model_validator(mode="after")
    def _file_or_url(self) -> Source:
        if self.file is None and self.url is None:
            raise ValueError("a source needs a 'file' (its stored text) and/or a 'url'")
        return self


class Place(Record):
    """A place; `precision` says how exactly the source locates it: a `site` or `town` is drawn as a
    point, a `region` as a halo around the point, a `country` as the country's outline (the point then
    only anchors the route and the label)."""

    id: Id
    name: Text
    country: Alpha3
    lat: Number = Field(ge=-90, le=90)
    lon: Number = Field(ge=-180, le=180)
    precision: Precision | None = None
    note: Text | None = None
    citations: list[Citation] = Field(default_factory=list)


class Unit(Record):
    id: Id
    name: Text
    nation: Alpha3
    branch: Branch
    echelon: Echelon
    parent: Id | None = None
    home: Id | None = None
    sidc: Sidc | None = None
    affiliation: Affiliation | None = None
    short_name: Text | None = None
    note: Text | None = None
    citations: list[Citation] = Field(default_factory=list)


class Movement(Record):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
        populate_by_name=True,
        json_schema_extra={"anyOf": [{"required": ["depart"]}, {"required": ["arrive"]}]},
    )

    id: Id
    unit: Id
    from_: Id = Field(alias="from")
    to: Id
    depart: WhenField | None = None
    arrive: WhenField | None = Field(default=None, validate_default=True)
    strength: AmountField | None = None
    confidence: Confidence = "reported"
    description: Text | None = None
    note: Text | None = None
    citations: list[Citation] = Field(min_length=1)

    @field_validator("arrive", mode="after")
    @classmethod
    def _a_date(cls, arrive: When | None, info: ValidationInfo) -> When | None:
        """At least one date (reported at 'arrive', with its line; not when 'depart' had its own problem)."""
        if arrive is None and "depart" in info.data and info.data["depart"] is None:
            raise ValueError(
                "a movement needs 'depart' or 'arrive' (an open form will do: '../2022-02-10' is 'by 10 Feb 2022')"
            )
        return arrive


class Event(Record):
    id: Id
    name: Text
    date: WhenField
    place: Id
    description: Text | None = None
    note: Text | None = None
    citations: list[Citation] = Field(min_length=1)


class Area(Record):
    id: Id
    name: Text
    valid_from: WhenField
    valid_to: WhenField | None = None
    geometry: dict[str, Any] | Text
    nation: Alpha3 | None = None
    affiliation: Affiliation | None = None
    strength: AmountField | None = None
    description: Text | None = None
    note: Text | None = None
    citations: list[Citation] = Field(min_length=1)


class StoryStep(Record):
    """One step of a story: the map on a day (or playing from `date` to `until`), framed on a box or on
    units, with a caption its citations back. The step's date and framing are the storyteller's choice;
    what the caption says is a claim, so it needs a citation like any other."""

    date: Date
    until: Date | None = None
    caption: LongText
    view: list[Number] | None = Field(default=None, min_length=4, max_length=4)  # west, south, east, north
    units: list[Id] = Field(default_factory=list)  # framed (when no view) and highlighted
    citations: list[Citation] = Field(min_length=1)

    @field_validator("until", mode="after")
    @classmethod
    def _until_after(cls, until: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("date")
        if until is not None and start is not None and until < start:
            raise ValueError(f"'until' ({until}) is before the step's date ({start})")
        return until

    @field_validator("view", mode="after")
    @classmethod
    def _a_box(cls, view: list[float] | None) -> list[float] | None:
        if view is None:
            return view
        west, south, east, north = view
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south < north <= 90):
            raise ValueError(
                "must be [west, south, east, north] in degrees, south below north "
                f"(west > east crosses the antimeridian); got {view}"
            )
        return view


class Story(Record):
    """A guided story: ordered steps a reader goes through one after another (`?story=ID&step=N`)."""

    id: Id
    title: Text
    description: Text | None = None
    steps: list[StoryStep] = Field(min_length=1, max_length=200)


class Dataset(Record):
    """The whole dataset: what one YAML file (or a folder of them, merged) holds."""

    sources: list[Source] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    movements: list[Movement] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    areas: list[Area] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)


SECTIONS = tuple(Dataset.model_fields)
