"""Claims as the sources give them: dates, numbers and alternatives, never sharper than written.

Rule (documented in the README, "Claims: no sharper than the sources"):

- A **date** is an ISO 8601-2 / EDTF level-1 string (parsed by the maintained `edtf` package):
  an exact day `2022-02-10`; approximate `2022-02-10~` (within `APPROX_DAYS` days either side at day
  precision, half a month at month precision, half a year at year precision); uncertain `2022-02-10?`
  (the source is unsure of it: the day as written, drawn as doubtful); month or year precision
  `2022-02`, `2022`; an interval `2022-02-10/2022-02-14`; open ends `../2022-02-10` ("by 10 Feb") and
  `2022-02-10/..` ("from 10 Feb"). Seasons, unspecified digits (`2022-02-XX`) and level-2 forms are
  refused with the list of accepted forms. A date becomes a :class:`When`: the earliest and latest day
  it allows (`None` where open), and how it was qualified.
- A **number** is exact (`1000`), approximate (`about 1,000`, `~1000`), a range (`800-1,000`,
  `between 800 and 1,000`), an upper bound (`up to 8`, `at most 8`) or a lower bound (`over 100,000`,
  `at least 5`, `100,000+`). It becomes an :class:`Amount`: its lowest and highest value (`None` where
  open) and whether it is approximate.
- A **field may hold alternatives** from several sources: a list of `{value, source, quote | note,
  preferred}`. The effective value is the preferred one, or, when none is preferred, the envelope of
  all (the earliest of the earliest days to the latest of the latest; the lowest to the highest
  number), flagged as disputed so that the map and panels say that sources disagree.

Parsing is cached: datasets repeat the same few date strings, and exact days take a fast path that
never reaches the EDTF grammar.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

FIRST_YEAR, LAST_YEAR = 1700, 2199
FIRST_DATE, LAST_DATE = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
APPROX_DAYS = 3  # '~' on a day: three days either side
MAX_AMOUNT = 100_000_000
EPOCH = dt.date(1970, 1, 1)

DATE_FORMS = (
    "2022-02-10 (a day)",
    "2022-02-10~ (about that day)",
    "2022-02-10? (uncertain)",
    "2022-02 or 2022 (month or year)",
    "2022-02-10/2022-02-14 (between two days)",
    "../2022-02-10 (by that day)",
    "2022-02-10/.. (from that day)",
)
AMOUNT_FORMS = ("1000", "about 1,000", "800-1,000", "up to 8", "over 100,000")

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Characters an EDTF string of the accepted forms may hold (anything else is refused before parsing).
_EDTF_CHARS = re.compile(r"[0-9\-/.~?%]{1,40}")
_MONTH = re.compile(r"(?:^|/)\d{4}-(\d{2})(?![\d])")
_WITH_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d")
_UNSPECIFIED = re.compile(r"[0-9X\-/.~?%]*X[0-9X\-/.~?%]*", re.IGNORECASE)
# EDTF forms the grammar reads but the dashboard does not draw, in a curator's words.
_REFUSED_FORMS = {
    "Season": "a season (21-24 in the month's place); write the months it covers, e.g. 2022-03/2022-05",
    "Unspecified": "a date with unspecified digits (X); write the month or year the source gives, or an interval",
    "PartialUncertainOrApproximate": "a date qualified in part; put ~ or ? after the whole date",
    "PartialUnspecified": "a date with unspecified digits (X); write the month or year the source gives",
    "OneOfASet": "a choice of dates; write each source's date as an alternative, or an interval",
    "MultipleDates": "a set of dates; write an interval, or one movement per date",
    "ExponentialYear": "a year in exponent form; write four digits",
    "LongYear": "a year of more than four digits",
}


@dataclass(frozen=True)
class Alternative:
    """One source's value for a field: the value, who says so, and whether the curator prefers it."""

    value: When | Amount
    source: str | None = None
    quote: str | None = None
    note: str | None = None
    preferred: bool = False

    def as_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value.as_yaml()}
        for key in ("source", "quote", "note"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.preferred:
            out["preferred"] = True
        return out


@dataclass(frozen=True)
class When:
    """A date as a source gives it: the earliest and latest day it allows (None: open)."""

    text: str
    earliest: dt.date | None
    latest: dt.date | None
    approximate: bool = False
    uncertain: bool = False
    alternatives: tuple[Alternative, ...] = field(default=(), compare=False)

    @property
    def exact(self) -> bool:
        """One day, stated plainly: the only kind of date drawn as a fact."""
        return (
            self.earliest is not None
            and self.earliest == self.latest
            and not self.approximate
            and not self.uncertain
            and not self.disputed
        )

    @property
    def disputed(self) -> bool:
        """Sources disagree and the curator has preferred none of them."""
        return _disputed(self.alternatives)

    @property
    def day(self) -> dt.date:
        """A day to sort and window by (the earliest day allowed, else the latest): never drawn as a fact."""
        d = self.earliest if self.earliest is not None else self.latest
        assert d is not None  # a When always has one finite bound
        return d

    @property
    def lo(self) -> float:
        """Earliest day as a day number since 1970-01-01 (-inf when open)."""
        return -math.inf if self.earliest is None else float((self.earliest - EPOCH).days)

    @property
    def hi(self) -> float:
        """Latest day as a day number since 1970-01-01 (+inf when open)."""
        return math.inf if self.latest is None else float((self.latest - EPOCH).days)

    def isoformat(self) -> str:
        """The date as written (EDTF)."""
        return self.text

    def __str__(self) -> str:
        return self.text

    def words(self) -> str:
        """The date in words a reader cannot mistake for more than the source says."""
        if self.disputed:
            return "sources disagree: " + "; ".join(a.value.words() for a in self.alternatives)
        return date_words(self)

    def as_yaml(self) -> Any:
        if self.alternatives:
            return [a.as_yaml() for a in self.alternatives]
        return self.text


@dataclass(frozen=True)
class Amount:
    """A number as a source gives it: its lowest and highest value (high None: no upper bound)."""

    text: str
    low: int
    high: int | None
    approximate: bool = False
    alternatives: tuple[Alternative, ...] = field(default=(), compare=False)

    @property
    def exact(self) -> bool:
        return self.low == self.high and not self.approximate and not self.disputed

    @property
    def disputed(self) -> bool:
        """Sources disagree and the curator has preferred none of them."""
        return _disputed(self.alternatives)

    @property
    def value(self) -> int:
        """One number to size a symbol or sort by: the stated value, a range's middle, a bound."""
        if self.high is None:
            return self.low
        return (self.low + self.high) // 2

    def words(self) -> str:
        if self.disputed:
            return "sources disagree: " + "; ".join(a.value.words() for a in self.alternatives)
        return amount_words(self)

    def __str__(self) -> str:
        return self.words()

    def as_yaml(self) -> Any:
        if self.alternatives:
            return [a.as_yaml() for a in self.alternatives]
        if self.exact:
            return self.low
        return self.text


def _disputed(alternatives: tuple[Alternative, ...]) -> bool:
    """Two or more sources give different values and the curator has preferred none."""
    if len(alternatives) < 2 or any(a.preferred for a in alternatives):
        return False
    return len({_bounds(a.value) for a in alternatives}) > 1


def _bounds(value: When | Amount) -> tuple[Any, Any, bool]:
    if isinstance(value, When):
        return (value.earliest, value.latest, value.approximate or value.uncertain)
    return (value.low, value.high, value.approximate)


# ---------------------------------------------------------------- dates


def _in_years(day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"{day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR} that the dashboard can show")
    return day


def _forms() -> str:
    return "; ".join(DATE_FORMS)


def parse_when(value: Any) -> When:
    """A date field's value (text, a YAML date, or a list of alternatives) as a :class:`When`."""
    if type(value) is str:  # the usual case first: what the parser gives for a date
        return _parse_text(value.strip())
    if isinstance(value, When):
        return value
    if isinstance(value, list):
        return _combine_when(_alternatives(value, parse_when))
    if isinstance(value, dt.datetime):
        raise ValueError("must be a date written YYYY-MM-DD (or an EDTF form), without a time")
    if isinstance(value, dt.date):
        day = _in_years(value)
        return When(day.isoformat(), day, day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return _parse_text(str(value))  # a year: YAML reads an unquoted 2022 as a number
    if not isinstance(value, str):
        raise ValueError(f"must be a date such as {_forms()}; got {value!r}")
    return _parse_text(value.strip())


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> When:
    if _ISO_DAY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
        return When(text, _in_years(day), day)
    if _WITH_TIME.match(text):
        raise ValueError(f"{text!r}: must be a date written YYYY-MM-DD (or an EDTF form), without a time")
    if _UNSPECIFIED.fullmatch(text) and any(ch.isdigit() for ch in text):
        raise ValueError(
            f"{text!r} has unspecified digits (X), which this dashboard does not draw; write the month or year "
            f"the source gives (2022-02, 2022) or an interval; accepted forms: {_forms()}"
        )
    for month in _MONTH.findall(text):
        if not (1 <= int(month) <= 12 or 21 <= int(month) <= 24):  # 21-24: seasons, refused below
            raise ValueError(f"{text!r} has no month {month}; accepted forms: {_forms()}")
    hint = _written_hint(text)
    if hint:
        raise ValueError(f"{text!r} is not a date this dashboard reads; {hint}")
    if not _EDTF_CHARS.fullmatch(text):
        raise ValueError(f"{text!r} is not a date this dashboard reads; write one of: {_forms()}")
    fast = _parse_common(text)
    if fast is not None:
        return fast
    return _parse_edtf(text)


def _parse_edtf(text: str) -> When:
    """Any EDTF string, read by the maintained grammar (the `edtf` package): what it reads and the
    dashboard draws becomes a When; other forms are refused in words."""
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(text)
    except (EDTFParseException, TypeError, AttributeError):
        # the grammar fails on some malformed input with a TypeError of its own ("../022-02-10", found by the
        # loader's fuzz test): a refusal in words, never a traceback
        raise ValueError(f"{text!r} is not a valid date; write one of: {_forms()}") from None
    kind = type(parsed).__name__
    if kind in ("Date", "UncertainOrApproximate"):
        lo, hi, approx, unsure = _edtf_part(parsed, text)
        return When(text, lo, hi, approx, unsure)
    if kind in ("Interval", "Level1Interval"):
        start = _edtf_end(parsed.lower, text, first=True)
        end = _edtf_end(parsed.upper, text, first=False)
        if start is None and end is None:
            raise ValueError(f"{text!r} is open at both ends; give at least one day")
        first = start[0] if start else None
        last = end[1] if end else None
        if first is not None and last is not None and last < first:
            raise ValueError(f"{text!r} ends before it starts")
        approx = bool(start and start[2]) or bool(end and end[2])
        unsure = bool(start and start[3]) or bool(end and end[3])
        return When(text, first, last, approx, unsure)
    raise ValueError(f"{text!r} is {_refused(kind)}; accepted forms: {_forms()}")


_D = r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)"
_WRITTEN_FORMS = (
    (re.compile(rf"(?:by|before|until|no later than)\s+{_D}", re.IGNORECASE), "../{0}", "by {0}"),
    (re.compile(rf"(?:from|after|since|not before)\s+{_D}", re.IGNORECASE), "{0}/..", "from {0}"),
    (re.compile(rf"(?:about|around|approximately|circa|c\.|~)\s*{_D}", re.IGNORECASE), "{0}~", "about {0}"),
    (re.compile(rf"(?:between\s+)?{_D}\s*(?:and|to|until|-|–)\s*{_D}", re.IGNORECASE), "{0}/{1}", "between"),
)


def _written_hint(text: str) -> str:
    """'by 2022-02-10' -> "for 'by 2022-02-10' write '../2022-02-10'" (the EDTF form of a phrase)."""
    for pattern, form, _ in _WRITTEN_FORMS:
        m = pattern.fullmatch(text)
        if m:
            return f"for {text!r} write {form.format(*m.groups())!r} (EDTF)"
    return ""


def _refused(kind: str) -> str:
    return _REFUSED_FORMS.get(kind, f"a form this dashboard does not draw ({kind})")


def _edtf_end(part: Any, text: str, first: bool) -> tuple[dt.date, dt.date, bool, bool] | None:
    name = type(part).__name__
    if name == "UnspecifiedIntervalSection":
        if not getattr(part, "is_open", False):
            raise ValueError(
                f"{text!r} leaves an end unknown; write '..' for an open end (by/from), e.g. ../2022-02-10"
            )
        return None
    return _edtf_part(part, text)


# The accepted level-1 forms, for the fast path: a part (year, month or day, perhaps qualified), an
# interval of two parts, or a part with an open end. Months 21-24 (seasons) are left to the grammar.
_PART = r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?([~?%]?)"
_COMMON = re.compile(rf"(?:{_PART}|\.\.)(?:/(?:{_PART}|\.\.))?")


def _parse_common(text: str) -> When | None:
    """The accepted forms without the EDTF grammar (which takes 5-9 ms a string: 40 s for a dataset of
    10,000 movements with uncertain dates); None for anything else, which goes to the grammar.
    tests/core/test_fuzz_loader.py checks that both paths give the same When on every accepted form."""
    m = _COMMON.fullmatch(text)
    if m is None or text == ".." or text == "../.." or ("/" not in text and text.startswith("..")):
        return None
    g = m.groups()
    start = None if g[0] is None else _part_bounds(text, g[0], g[1], g[2], g[3])
    if "/" not in text:
        assert start is not None
        return When(text, start[0], start[1], start[2], start[3])
    end = None if g[4] is None else _part_bounds(text, g[4], g[5], g[6], g[7])
    first = start[0] if start else None
    last = end[1] if end else None
    if first is not None and last is not None and last < first:
        raise ValueError(f"{text!r} ends before it starts")
    approx = bool(start and start[2]) or bool(end and end[2])
    unsure = bool(start and start[3]) or bool(end and end[3])
    return When(text, first, last, approx, unsure)


def _part_bounds(
    text: str, year: str, month: str | None, day: str | None, qualifier: str
) -> tuple[dt.date, dt.date, bool, bool]:
    approx, unsure = qualifier in ("~", "%"), qualifier in ("?", "%")
    return _bounds_of(
        text, int(year), None if month is None else int(month), None if day is None else int(day), approx, unsure
    )


def _edtf_part(part: Any, text: str) -> tuple[dt.date, dt.date, bool, bool]:
    name = type(part).__name__
    approx = unsure = False
    if name == "UncertainOrApproximate":
        both = bool(getattr(part, "_uncertain_and_approximate", False))
        approx, unsure = bool(part.is_approximate) or both, bool(part.is_uncertain) or both
        part = part.date
        name = type(part).__name__
    if name != "Date":
        raise ValueError(f"{text!r} is {_refused(name)}; accepted forms: {_forms()}")
    year, month, day = part._year, part._month, part._day
    if not (isinstance(year, str) and year.isdigit() and len(year) == 4):
        raise ValueError(f"{text!r}: write the year with four digits; accepted forms: {_forms()}")
    return _bounds_of(
        text, int(year), None if month is None else int(month), None if day is None else int(day), approx, unsure
    )


def _bounds_of(
    text: str, y: int, month: int | None, day: int | None, approx: bool, unsure: bool
) -> tuple[dt.date, dt.date, bool, bool]:
    """Earliest and latest day of a year, month or day (widened when approximate), and its qualifiers."""
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValueError(f"{text!r} is outside the years {FIRST_YEAR}-{LAST_YEAR} that the dashboard can show")
    if month is None:
        lo, hi, spread = dt.date(y, 1, 1), dt.date(y, 12, 31), 182
    elif day is None:
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        lo = dt.date(y, month, 1)
        hi = dt.date(y, month, calendar.monthrange(y, month)[1])
        spread = 15
    else:
        try:
            lo = hi = dt.date(y, month, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
        spread = APPROX_DAYS
    if approx:
        lo = max(FIRST_DATE, lo - dt.timedelta(days=spread))
        hi = min(LAST_DATE, hi + dt.timedelta(days=spread))
    return lo, hi, approx, unsure


def _combine_when(alts: list[Alternative]) -> When:
    values = [a.value for a in alts]
    assert all(isinstance(v, When) for v in values)
    whens: list[When] = values  # type: ignore[assignment]
    preferred = [a for a in alts if a.preferred]
    if preferred:
        v = preferred[0].value
        assert isinstance(v, When)
        return replace(v, alternatives=tuple(alts))
    if len({_bounds(w) for w in whens}) == 1:  # the sources agree: the value as written, with its sources
        return replace(whens[0], alternatives=tuple(alts))
    lo = None if any(w.earliest is None for w in whens) else min(w.earliest for w in whens if w.earliest)
    hi = None if any(w.latest is None for w in whens) else max(w.latest for w in whens if w.latest)
    if lo is None and hi is None:
        raise ValueError(
            "the alternatives together leave the date open at both ends (one is 'by' a day, another 'from' "
            "one): mark the one the map should draw 'preferred: true'"
        )
    approx = any(w.approximate for w in whens)
    unsure = any(w.uncertain for w in whens) or len({_bounds(w) for w in whens}) > 1
    text = whens[0].text if len(whens) == 1 else f"{lo.isoformat() if lo else '..'}/{hi.isoformat() if hi else '..'}"
    if lo is not None and lo == hi:
        text = lo.isoformat()
    return When(text, lo, hi, approx, unsure, tuple(alts))


# ---------------------------------------------------------------- numbers

_NUM = r"(\d{1,3}(?:[,\u202f\u00a0 _]\d{3})+|\d+)"
_AMOUNT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_NUM}"), "exact"),
    (re.compile(rf"(?:~|about|around|approximately|roughly|some|circa|c\.|nearly|almost)\s*{_NUM}"), "about"),
    (re.compile(rf"(?:between\s+)?{_NUM}\s*(?:-|–|—|to|and)\s*{_NUM}"), "range"),
    (re.compile(rf"(?:up to|at most|no more than|≤|<=)\s*{_NUM}"), "at_most"),
    (re.compile(rf"(?:fewer than|less than|under|<)\s*{_NUM}"), "below"),
    (re.compile(rf"(?:over|more than|upwards of)\s*{_NUM}"), "over"),
    (re.compile(rf"(?:at least|no fewer than|≥|>=)\s*{_NUM}"), "at_least"),
    (re.compile(rf"{_NUM}\s*\+"), "at_least"),
)


def _digits(s: str) -> int:
    n = int(re.sub(r"[^\d]", "", s))
    if n > MAX_AMOUNT:
        raise ValueError(f"{n:,} is larger than any number this dashboard draws ({MAX_AMOUNT:,})")
    return n


def parse_amount(value: Any) -> Amount:
    """A number field's value (a whole number, a phrase, or a list of alternatives) as an :class:`Amount`."""
    if type(value) is int and 0 <= value <= MAX_AMOUNT:  # the usual case first (never a bool)
        return _exact_amount(value)
    if isinstance(value, Amount):
        return value
    if isinstance(value, list):
        return _combine_amount(_alternatives(value, parse_amount))
    if isinstance(value, bool):
        raise ValueError(f"must be a number such as {', '.join(AMOUNT_FORMS)}; got {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"must be a whole number; got {value!r}")
        if value != int(value):
            raise ValueError(f"must be a whole number; got {value!r}")
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"must be 0 or more; got {value}")
        if value > MAX_AMOUNT:
            raise ValueError(f"{value:,} is larger than any number this dashboard draws ({MAX_AMOUNT:,})")
        return _exact_amount(value)
    if not isinstance(value, str):
        raise ValueError(f"must be a number such as {', '.join(AMOUNT_FORMS)}; got {value!r}")
    return _parse_amount_text(" ".join(value.split()).lower())


@lru_cache(maxsize=65536)
def _exact_amount(value: int) -> Amount:
    return Amount(str(value), value, value)


@lru_cache(maxsize=4096)
def _parse_amount_text(text: str) -> Amount:
    if len(text) > 60:
        raise ValueError(f"is too long for a number (at most 60 characters): {text[:30]!r}…")
    for pattern, kind in _AMOUNT_PATTERNS:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        if kind == "exact":
            n = _digits(m.group(1))
            return Amount(str(n), n, n)
        if kind == "about":
            n = _digits(m.group(1))
            return Amount(f"about {n:,}", n, n, approximate=True)
        if kind == "range":
            a, b = _digits(m.group(1)), _digits(m.group(2))
            if b < a:
                raise ValueError(f"{text!r}: a range is written low to high, e.g. 800-1,000")
            return Amount(f"{a:,}-{b:,}", a, b)
        if kind == "at_most":
            n = _digits(m.group(1))
            return Amount(f"up to {n:,}", 0, n)
        if kind == "below":  # strictly fewer: "fewer than 10" is at most 9
            n = _digits(m.group(1))
            if n == 0:
                raise ValueError(f"{text!r}: no count is fewer than 0")
            return Amount(f"fewer than {n:,}", 0, n - 1)
        n = _digits(m.group(1))
        return Amount(f"{'over' if kind == 'over' else 'at least'} {n:,}", n, None)
    raise ValueError(f"{text!r} is not a number this dashboard reads; write one of: {', '.join(AMOUNT_FORMS)}")


def _combine_amount(alts: list[Alternative]) -> Amount:
    values: list[Amount] = [a.value for a in alts]  # type: ignore[misc]
    preferred = [a for a in alts if a.preferred]
    if preferred:
        v = preferred[0].value
        assert isinstance(v, Amount)
        return replace(v, alternatives=tuple(alts))
    if len({_bounds(v) for v in values}) == 1:  # the sources agree: the value as written, with its sources
        return replace(values[0], alternatives=tuple(alts))
    low = min(v.low for v in values)
    high = None if any(v.high is None for v in values) else max(v.high for v in values if v.high is not None)
    approx = any(v.approximate for v in values)
    text = values[0].text if len(values) == 1 else (f"{low:,}-{high:,}" if high is not None else f"over {low:,}")
    return Amount(text, low, high, approx, tuple(alts))


# ---------------------------------------------------------------- alternatives

_ALT_KEYS = {"value", "source", "quote", "note", "preferred"}


def _alternative(item: Any, k: int, parse: Any) -> Alternative:
    where = f"alternative {k + 1}"
    if not isinstance(item, Mapping):
        raise ValueError(
            f"{where}: a list holds alternatives from different sources, each written "
            "{value: ..., source: ..., quote: ...} (or note: ... for the curator's)"
        )
    unknown = sorted(str(key) for key in item if key not in _ALT_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_ALT_KEYS))})")
    if "value" not in item:
        raise ValueError(f"{where}: needs a 'value'")
    if isinstance(item["value"], list):
        raise ValueError(f"{where}: a value cannot itself hold alternatives")
    try:
        value = parse(item["value"])
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    source, quote, note = item.get("source"), item.get("quote"), item.get("note")
    for key, text in (("source", source), ("quote", quote), ("note", note)):
        if text is not None and (not isinstance(text, str) or not text.strip()):
            raise ValueError(f"{where}: '{key}' must be text")
    if quote is None and note is None:
        raise ValueError(f"{where}: needs a 'quote' from its source, or a 'note' saying where it comes from")
    if quote is not None and source is None:
        raise ValueError(f"{where}: a 'quote' must name its 'source'")
    preferred = item.get("preferred", False)
    if not isinstance(preferred, bool):
        raise ValueError(f"{where}: 'preferred' is true or false")
    return Alternative(
        value,
        source.strip() if source else None,
        quote.strip() if quote else None,
        note.strip() if note else None,
        preferred,
    )


def _alternatives(items: list[Any], parse: Any) -> list[Alternative]:
    """A list of alternatives, each checked, at least one, at most one preferred."""
    if not items:
        raise ValueError(
            "an empty list: give the value itself, or alternatives from different sources, each written "
            "{value: ..., source: ..., quote: ...} (or note: ... for the curator's)"
        )
    alts = [_alternative(item, k, parse) for k, item in enumerate(items)]
    check_alternatives(tuple(alts))
    return alts


def check_alternatives(alts: tuple[Alternative, ...]) -> None:
    preferred = [k + 1 for k, a in enumerate(alts) if a.preferred]
    if len(preferred) > 1:
        raise ValueError(
            "at most one alternative can be 'preferred' (alternatives "
            + ", ".join(map(str, preferred[:-1]))
            + f" and {preferred[-1]} are)"
        )


# ---------------------------------------------------------------- words

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _part_words(text: str) -> str:
    """One EDTF part (no '/') in words, as written: '10 Feb 2022', 'Feb 2022', '2022'."""
    core = text.rstrip("~?%")
    bits = core.split("-")
    if len(bits) == 3:
        return day_words(dt.date(int(bits[0]), int(bits[1]), int(bits[2])))
    if len(bits) == 2:
        return f"{_MONTHS[int(bits[1]) - 1]} {bits[0]}"
    return core


def date_words(w: When) -> str:
    """'10 Feb 2022', 'about 10 Feb 2022', '10 Feb 2022 (uncertain)', 'Feb 2022', 'by 10 Feb 2022',
    'from 10 Feb 2022', 'between 10 and 14 Feb 2022'."""
    if not w.alternatives:  # a single date's words are a function of its text (datasets repeat dates)
        return _text_words(w.text)
    if w.alternatives and len(w.alternatives) >= 2 and not w.disputed:
        pref = [a for a in w.alternatives if a.preferred]
        if pref:
            return date_words(replace(w, alternatives=()))
    text = w.text
    if "/" in text and not (w.alternatives and len(w.alternatives) > 1):
        first, last = text.split("/", 1)
        if first == "..":
            return "by " + _qualified(last)
        if last == "..":
            return "from " + _qualified(first)
        return _between(first, last)
    if "/" in text:  # an envelope of alternatives
        if w.earliest is None and w.latest is not None:
            return "by " + day_words(w.latest)
        if w.latest is None and w.earliest is not None:
            return "from " + day_words(w.earliest)
        assert w.earliest and w.latest
        return _between(w.earliest.isoformat(), w.latest.isoformat())
    return _qualified(text)


@lru_cache(maxsize=65536)
def _text_words(text: str) -> str:
    """The words of a date without alternatives, from its EDTF text (what `date_words` says of it)."""
    if "/" in text:
        first, last = text.split("/", 1)
        if first == "..":
            return "by " + _qualified(last)
        if last == "..":
            return "from " + _qualified(first)
        return _between(first, last)
    return _qualified(text)


def _qualified(part: str) -> str:
    words = _part_words(part)
    if part.endswith("%"):
        return f"about {words} (uncertain)"
    if part.endswith("~"):
        return f"about {words}"
    if part.endswith("?"):
        return f"{words} (uncertain)"
    return words


def _between(first: str, last: str) -> str:
    a, b = _qualified(first), _qualified(last)
    if a == b:
        return a
    fa, fb = first.rstrip("~?%").split("-"), last.rstrip("~?%").split("-")
    if len(fa) == len(fb) == 3 and a == _part_words(first) and b == _part_words(last):
        if fa[0] == fb[0] and fa[1] == fb[1]:
            return f"between {int(fa[2])} and {b}"
        if fa[0] == fb[0]:
            return f"between {int(fa[2])} {_MONTHS[int(fa[1]) - 1]} and {b}"
    return f"between {a} and {b}"


def amount_words(a: Amount) -> str:
    if a.high is None:
        return f"at least {a.low:,}" if a.text.startswith("at least") else f"over {a.low:,}"
    if a.low == a.high:
        return f"about {a.low:,}" if a.approximate else f"{a.low:,}"
    if a.low == 0 and a.text.startswith("up to"):
        return f"up to {a.high:,}"
    if a.low == 0 and a.text.startswith("fewer than"):
        return f"fewer than {a.high + 1:,}"
    return f"{a.low:,}–{a.high:,}"


def when_phrase(verb: str, noun: str, w: When | None, estimated: bool = False) -> str:
    """A movement's date as a phrase: 'departed by 10 Feb 2022, day not reported', 'arrival between
    10 and 17 Feb 2022', 'arrival not reported' (': estimated' where the engine estimates it)."""
    if w is None:
        return f"{noun} not reported" + (": estimated" if estimated else "")
    if w.disputed:
        return f"{noun}: {w.words()}"
    text = w.words()
    if text.startswith("by "):
        return f"{verb} {text}, day not reported"
    return f"{noun} {text}"


def window_phrase(depart: When | None, arrive: When | None, estimated: bool = False) -> str:
    """A movement's dates in one phrase, no sharper than written: 'departed by 10 Feb 2022, day not
    reported; arrival not reported'. A missing departure is left out when the arrival is given (the
    sources name only the arrival)."""
    parts = [when_phrase("departed", "departure", depart)] if depart is not None or arrive is None else []
    parts.append(when_phrase("arrived", "arrival", arrive, estimated))
    return "; ".join(parts)
