"""Checks that need the whole dataset: ids, references, dates, places, geometry,
source files and the verbatim quotes that anchor every claim.

Rule for speed: each check is written once, record by record, with its message; a dataset of
100,000 movements passes through it only where a bulk screen (`_suspects`: set look-ups and
comprehensions over a whole section, every quote looked up once in its source's text) finds
something that may be wrong. The screen only ever lets through more records than fail, never
fewer, so the messages and their order are those of the record-by-record checks.

A quote not found verbatim is reported with where it stops following its source (`first_difference`): the part
of the quote and of the source around the first difference, which the message's shortened quote may cut off."""

from __future__ import annotations

import itertools
import json
import math
import operator
import os
import re
import typing
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from dashboard.core import model
from dashboard.core.claims import Amount, When
from dashboard.core.problems import Problem
from dashboard.core.records import SINGULAR, record_label
from dashboard.core.yamlsafe import line_of, read_text

if TYPE_CHECKING:
    from dashboard.core.loader import LoadedDataset, Origin

MAX_SOURCE_BYTES = 5 * 1024 * 1024
MAX_GEOJSON_BYTES = 10 * 1024 * 1024
TODO_MARK = "TODO"
# Codes that are in common use but not in ISO 3166-1 (user-assigned range).
EXTRA_COUNTRIES = {"XKX"}


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | EXTRA_COUNTRIES


def normalise(text: str) -> str:
    """Whitespace-normalised text: what quotes are compared against."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # already normal (most quotes; any whitespace but a space is unprintable)
    return " ".join(text.split())


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterable[tuple[tuple[str | int, ...], Any]]:
    stack: list[tuple[tuple[str | int, ...], Any]] = [(path, value)]
    while stack:
        p, v = stack.pop()
        if isinstance(v, str):
            yield p, v
        elif isinstance(v, dict):
            for k, sub in v.items():
                if not isinstance(k, str):
                    yield p, k
                else:
                    stack.append((p + (k,), sub))
        elif isinstance(v, list):
            stack.extend((p + (i,), sub) for i, sub in enumerate(v))
        elif isinstance(v, (frozenset, tuple)):
            yield p, v


# What could put template syntax into a parsed string: the syntax itself, or an escape or
# an escaped line break inside a double-quoted string that produces a brace.
_RAW_TEMPLATE_HINT = re.compile(r"\{[{%#]|\\[xuU]|\\\r?\n")


def may_hold_template_syntax(raw_text: str) -> bool:
    """False when no string parsed from this YAML text can contain '{{', '{%' or '{#'
    (a fast pre-check that spares the record-by-record walk on large datasets). Every hint
    holds a '{' or a backslash: without either (two fast character searches), none is there."""
    if "{" not in raw_text and "\\" not in raw_text:
        return False
    return bool(_RAW_TEMPLATE_HINT.search(raw_text))


def check_template_syntax(items: list[Any], where: list[Origin], texts: dict[str, str], singular: str) -> list[Problem]:
    """Refuse text that a template engine would evaluate ({{ }}, {% %}, {# #})."""

    problems = []
    for i, item in enumerate(items):
        for path, value in _strings(item):
            o = where[i]
            if not isinstance(value, str):
                problems.append(
                    Problem(
                        o.file,
                        line_of(texts.get(o.file, ""), (o.section, o.index) + path),
                        record_label(singular, item, o.index),
                        ".".join(map(str, path)) or None,
                        "holds a mapping where text is expected (an unquoted '{{' or '{' makes "
                        "YAML read one); template syntax is not allowed",
                    )
                )
            elif model.TEMPLATE_SYNTAX.search(value):
                problems.append(
                    Problem(
                        o.file,
                        line_of(texts.get(o.file, ""), (o.section, o.index) + path),
                        record_label(singular, item, o.index),
                        ".".join(map(str, path)) or None,
                        "contains template syntax ('{{', '{%' or '{#'), which is not allowed in text",
                    )
                )
    return problems


def _inside(path: Path, base: Path, folders: dict[Path, Path] | None = None) -> bool:
    """Does the path, symbolic links followed, lie in `base`? `folders` keeps the folders already
    resolved (each component of a path costs a system call: 2,000 sources share one folder)."""
    try:
        _resolve(path, {} if folders is None else folders).relative_to(base)
        return True
    except ValueError:
        return False


def _resolve(path: Path, folders: dict[Path, Path]) -> Path:
    """`path.resolve()`, its folder resolved once: a name that is not a link adds nothing to resolve."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name


class _Checker:
    def __init__(self, loaded: LoadedDataset, texts: dict[str, str]):
        self.loaded = loaded
        self.texts = texts
        self.problems: list[Problem] = []
        self.folders: dict[Path, Path] = {}  # resolved folders (see _inside)

    def add(
        self,
        section: str,
        rec_id: str,
        fld: str | None,
        message: str,
        path: tuple[str | int, ...] = (),
        todo: bool = False,
    ) -> None:
        o = self.loaded.origins.get((section, rec_id))
        file = o.file if o else str(self.loaded.root)
        line = None
        if o:
            yaml_path = (section, o.index) + (tuple(fld.split(".")) if fld and not path else path)
            yaml_path = tuple(int(p) if isinstance(p, str) and p.isdigit() else p for p in yaml_path)
            line = line_of(self.texts.get(o.file, ""), yaml_path)
        label = f"{model_label(section)} '{rec_id}'"
        self.problems.append(Problem(file, line, label, fld, message, todo))

    def resolve_path(self, section: str, rec_id: str, fld: str, rel: str) -> Path | None:
        o = self.loaded.origins.get((section, rec_id))
        folder = o.path.parent if o else (self.loaded.root if self.loaded.root.is_dir() else self.loaded.root.parent)
        if os.path.isabs(rel):
            self.add(section, rec_id, fld, f"'{rel}' is an absolute path; give a path relative to the YAML file")
            return None
        target = folder / rel
        if not _inside(target, self.loaded.base, self.folders):
            self.add(section, rec_id, fld, f"'{rel}' points outside the dataset's base folder ({self.loaded.base})")
            return None
        if not target.is_file():
            self.add(section, rec_id, fld, f"file '{rel}' does not exist (looked in {folder})")
            return None
        return target


def model_label(section: str) -> str:

    return SINGULAR.get(section, section)


def check_dataset(  # noqa: C901 (one check per record kind and field, each with its own message)
    loaded: LoadedDataset,
    records: dict[str, list[tuple[int, Any]]],
    texts: dict[str, str],
    check_quotes: bool = True,
) -> list[Problem]:
    c = _Checker(loaded, texts)
    ds = loaded.dataset
    ids = {name: {r.id for _, r in recs} for name, recs in records.items()}
    codes = country_codes()

    for s in ds.sources:
        if s.file is None:
            continue
        if s.file.startswith(TODO_MARK):
            c.add("sources", s.id, "file", s.file, todo=True)
            continue
        target = c.resolve_path("sources", s.id, "file", s.file)
        if target is None:
            continue
        try:
            text = read_text(target, s.file, MAX_SOURCE_BYTES)
        except Exception as exc:  # YamlProblem: size or encoding
            c.add("sources", s.id, "file", exc.problem.message if hasattr(exc, "problem") else str(exc))
            continue
        loaded.source_texts[s.id] = normalise(text)

    screen = _Screen(loaded, ids, check_quotes)
    names, notes = _column(ds.places, "name"), _column(ds.places, "note")
    ids["todo places"] = {ds.places[i].id for i in _todo(names) | _todo(notes)}
    places = screen.suspects(
        "places",
        _unknown(_column(ds.places, "country"), codes),
        _todo(names),
        _todo(notes),
    )
    used: set[str] | None = None
    for p in places:
        if p.country not in codes:
            c.add("places", p.id, "country", f"'{p.country}' is not an ISO 3166-1 alpha-3 country code")
        if p.name.startswith(TODO_MARK) or (p.note or "").startswith(TODO_MARK):
            if used is None:  # the places records point at, once (a curator who re-pointed a movement)
                used = {*_column(ds.movements, "from_"), *_column(ds.movements, "to")}
                used |= {*_column(ds.events, "place"), *_column(ds.units, "home")}
            unused = "" if p.id in used else " - no record uses it any more: delete it"
            c.add("places", p.id, "note", f"place '{p.name}' is not yet located{unused}: {p.note or p.name}", todo=True)
        _check_citations(c, "places", p.id, p.citations, ids, check_quotes, p)

    parents = _column(ds.units, "parent")
    units = screen.suspects(
        "units",
        _unknown(_column(ds.units, "nation"), codes),
        _unknown(parents, ids["units"]),
        _same(parents, _column(ds.units, "id")),
        _unknown(_column(ds.units, "home"), ids["places"]),
    )
    for u in units:
        if u.nation not in codes:
            c.add("units", u.id, "nation", f"'{u.nation}' is not an ISO 3166-1 alpha-3 country code")
        if u.parent is not None and u.parent not in ids["units"]:
            c.add("units", u.id, "parent", f"names the unit '{u.parent}', which is not in the dataset")
        if u.parent == u.id:
            c.add("units", u.id, "parent", "a unit cannot be its own parent")
        if u.home is not None and u.home not in ids["places"]:
            c.add("units", u.id, "home", f"names the place '{u.home}', which is not in the dataset")
        _check_citations(c, "units", u.id, u.citations, ids, check_quotes, u)
    _check_parent_cycles(c, ds.units)

    movements = screen.suspects(
        "movements",
        _unknown(_column(ds.movements, "unit"), ids["units"]),
        _unknown(_column(ds.movements, "from_"), ids["places"]),
        _unknown(_column(ds.movements, "to"), ids["places"]),
        _before(_column(ds.movements, "arrive"), _column(ds.movements, "depart")),
    )
    for m in movements:
        if m.unit not in ids["units"]:
            c.add("movements", m.id, "unit", f"names the unit '{m.unit}', which is not in the dataset")
        for fld, place in (("from", m.from_), ("to", m.to)):
            if place not in ids["places"]:
                c.add("movements", m.id, fld, f"names the place '{place}', which is not in the dataset")
        if m.arrive is not None and m.depart is not None and m.arrive.hi < m.depart.lo:
            c.add("movements", m.id, "arrive", f"arrive ({m.arrive}) is before depart ({m.depart})")
        _check_citations(c, "movements", m.id, m.citations, ids, check_quotes, m)

    events = screen.suspects("events", _unknown(_column(ds.events, "place"), ids["places"]))
    for e in events:
        if e.place not in ids["places"]:
            c.add("events", e.id, "place", f"names the place '{e.place}', which is not in the dataset")
        _check_citations(c, "events", e.id, e.citations, ids, check_quotes, e)

    for a in ds.areas:
        if a.valid_to is not None and a.valid_to.hi < a.valid_from.lo:
            c.add("areas", a.id, "valid_to", f"valid_to ({a.valid_to}) is before valid_from ({a.valid_from})")
        if a.nation is not None and a.nation not in codes:
            c.add("areas", a.id, "nation", f"'{a.nation}' is not an ISO 3166-1 alpha-3 country code")
        geom = _area_geometry(c, a)
        if geom is not None:
            loaded.geometries[a.id] = geom
        _check_citations(c, "areas", a.id, a.citations, ids, check_quotes, a)

    for story in ds.stories:
        for k, step in enumerate(story.steps):
            for j, uid in enumerate(step.units):
                if uid not in ids["units"]:
                    c.add(
                        "stories",
                        story.id,
                        f"steps.{k}.units.{j}",
                        f"names the unit '{uid}', which is not in the dataset",
                    )
            _check_citations(c, "stories", story.id, step.citations, ids, check_quotes, prefix=f"steps.{k}.")
    return c.problems


def _column(records: list[Any], attr: str) -> list[Any]:
    return list(map(operator.attrgetter(attr), records))


def _unknown(values: list[Any], known: set[str] | frozenset[str]) -> set[int]:
    """Positions of the values (None aside) that are not known ids or codes: set differences in C."""
    missing = set(values).difference(known)
    missing.discard(None)
    return {i for i, v in enumerate(values) if v in missing} if missing else set()


_STARTS_TODO = operator.methodcaller("startswith", TODO_MARK)


def _todo(values: list[str | None]) -> set[int]:
    """Positions of the texts (None aside) that start with a TODO mark."""
    if not any(map(_STARTS_TODO, filter(None, values))):
        return set()
    return {i for i, v in enumerate(values) if v is not None and v.startswith(TODO_MARK)}


def _same(values: list[Any], others: list[Any]) -> set[int]:
    """Positions where the two columns hold equal values."""
    if not any(map(operator.eq, values, others)):
        return set()
    return {i for i, (v, o) in enumerate(zip(values, others, strict=True)) if v == o}


def _before(ends: list[When | None], starts: list[When | None]) -> set[int]:
    """Positions where `end.hi < start.lo` (both given), compared as arrays of day numbers."""
    hi = _day_numbers(ends, "hi", math.inf)
    lo = _day_numbers(starts, "lo", -math.inf)
    return set(np.flatnonzero(hi < lo).tolist())


def _day_numbers(whens: list[When | None], bound: str, none: float) -> np.ndarray:
    """`bound` ('lo' or 'hi') of each date, `none` where there is no date; worked out once per
    distinct date object (parsing is cached, so records share them), then looked up in C."""
    keys = list(map(id, whens))
    value = {k: none if w is None else getattr(w, bound) for k, w in dict(zip(keys, whens)).items()}
    return np.fromiter(map(value.__getitem__, keys), dtype=float, count=len(keys))


class _Screen:
    """Which records of a section may fail a check, found a section at a time (see the module's rule).

    Citations of every section are screened at once, so that each source's text is split into
    sentences once (see `_unquoted`)."""

    SECTIONS = ("places", "units", "movements", "events")

    def __init__(self, loaded: LoadedDataset, ids: dict[str, set[str]], check_quotes: bool):
        self.records = {name: getattr(loaded.dataset, name) for name in self.SECTIONS}
        self.cited: dict[str, set[int]] = {name: set() for name in self.SECTIONS}
        quoted: dict[str, list[tuple[str, int, str]]] = {}  # source -> (section, record, quote) to look up
        for name, records in self.records.items():
            allowed = set(model.CLAIM_FIELDS.get(name, ()))
            cited = self.cited[name]
            cits = [(i, cit) for i, rec in enumerate(records) for cit in rec.citations]
            for i, cit in cits:
                if cit.supports is not None and any(
                    f not in allowed or model.claim_value(records[i], f) is None for f in cit.supports
                ):
                    cited.add(i)
                source, quote = cit.source, cit.quote
                if cit.note is not None and cit.note.startswith(TODO_MARK):
                    cited.add(i)  # a note still saying what is to be done
                if source is not None and source not in ids["sources"]:
                    cited.add(i)
                elif quote is None:
                    continue
                elif quote.startswith(TODO_MARK):
                    cited.add(i)
                elif check_quotes:
                    quoted.setdefault(source or "", []).append((name, i, quote))
            cited.update(_with_alternatives(name, records))
        for source, quotes in quoted.items():
            for name, i in _unquoted(loaded.source_texts.get(source), quotes):
                self.cited[name].add(i)

    def suspects(self, section: str, *flagged: set[int]) -> list[Any]:
        """The records, in order, that a field check flagged or whose citations or alternatives may fail."""
        suspect = self.cited[section].union(*flagged)
        return [r for i, r in enumerate(self.records[section]) if i in suspect]


def _with_alternatives(section: str, records: list[Any]) -> set[int]:
    """Records with a claim field holding alternatives (each quotes its own source)."""
    out: set[int] = set()
    for attr in _alternative_fields(section):
        values = _column(records, attr)  # When, Amount or None
        if any(map(operator.attrgetter("alternatives"), filter(None, values))):  # looked at in C
            out.update(i for i, v in enumerate(values) if v is not None and v.alternatives)
    return out


@cache
def _alternative_fields(section: str) -> tuple[str, ...]:
    """The attributes of a section's claim fields that may hold alternatives: its dates and numbers."""
    fields = model.Dataset.model_fields[section].annotation.__args__[0].model_fields  # type: ignore[union-attr]
    return tuple(
        attr
        for attr in map(model.claim_attr, model.CLAIM_FIELDS.get(section, ()))
        if attr in fields and _mentions(fields[attr].annotation, (When, Amount))
    )


def _mentions(annotation: Any, kinds: tuple[type, ...]) -> bool:
    return annotation in kinds or any(_mentions(a, kinds) for a in typing.get_args(annotation))


def _unquoted(text: str | None, quotes: list[tuple[str, int, str]]) -> list[tuple[str, int]]:
    """The (section, record) whose quote is not in the source's (normalised) text; all of them without a text.

    A quote that is one whole sentence of the text is found in a set of its sentences (split once
    at '. ', the set dropped once the source's quotes are looked up); any other is searched for."""
    if text is None:
        return [(name, i) for name, i, _ in quotes]
    sentences: set[str] = set()
    if len(quotes) > 1:
        parts = text.split(". ")
        sentences = {*(p + "." for p in parts[:-1]), parts[-1]}
    return [(name, i) for name, i, q in quotes if (n := normalise(q)) not in sentences and n not in text]


def _check_parent_cycles(c: _Checker, units: list[model.Unit]) -> None:
    parent = {u.id: u.parent for u in units}
    for start in parent:
        seen, cur = {start}, parent.get(start)
        while cur is not None and cur in parent:
            if cur == start:
                c.add("units", start, "parent", "the chain of parents loops back to this unit")
                break
            if cur in seen:
                break
            seen.add(cur)
            cur = parent.get(cur)


def _still_open(record: Any, cit: model.Citation, ids: dict[str, set[str]]) -> bool:
    """Whether what a TODO note asks for is still reported elsewhere: the note of a place not yet located (the
    place is reported), or one backing a field that still names such a place ("give the origin" while 'from' is
    still the TODO home station). Only a note left behind once the field was settled is a to-do of its own."""
    todo = ids.get("todo places", set())
    if getattr(record, "id", None) in todo and isinstance(record, model.Place):
        return True
    fields = cit.supports or ()
    return any(model.claim_value(record, f) in todo for f in fields) if record is not None else False


def _check_citations(
    c: _Checker,
    section: str,
    rec_id: str,
    citations: list[model.Citation],
    ids: dict[str, set[str]],
    check_quotes: bool,
    record: Any = None,
    prefix: str = "",
) -> None:
    allowed = model.CLAIM_FIELDS.get(section, ())
    for i, cit in enumerate(citations):
        for fld_name in cit.supports or ():
            if fld_name not in allowed:
                c.add(
                    section,
                    rec_id,
                    f"{prefix}citations.{i}.supports",
                    f"'{fld_name}' is not a field a citation of a {model_label(section)} can support"
                    + _did_you_mean(fld_name, allowed)
                    + f" (one of: {', '.join(allowed)})",
                )
            elif record is not None and model.claim_value(record, fld_name) is None:
                c.add(
                    section,
                    rec_id,
                    f"{prefix}citations.{i}.supports",
                    f"supports '{fld_name}', which this {model_label(section)} does not state",
                )
        if cit.note is not None and cit.note.startswith(TODO_MARK) and not _still_open(record, cit, ids):
            # a draft's "TODO: the article does not say where X came from; give the origin." left in place after
            # the field was settled would back it with a to-do, not a source (a new user's trial, issue 18)
            backs = f" (it backs {', '.join(cit.supports)})" if cit.supports else ""
            c.add(
                section,
                rec_id,
                f"{prefix}citations.{i}.note",
                f"the note still says what was to be done{backs}: {cit.note} - now that the value is given, replace "
                "this citation with a quote or a note of your own saying where the value comes from",
                todo=True,
            )
        _check_quote(c, section, rec_id, f"{prefix}citations.{i}", cit.source, cit.quote, ids, check_quotes)
    if record is None:
        return
    for name in allowed:
        value = model.claim_value(record, name)
        for k, alt in enumerate(getattr(value, "alternatives", ())):
            _check_quote(c, section, rec_id, f"{name}.{k}", alt.source, alt.quote, ids, check_quotes)


def _did_you_mean(name: str, allowed: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_quote(
    c: _Checker,
    section: str,
    rec_id: str,
    fld: str,
    source: str | None,
    quote: str | None,
    ids: dict[str, set[str]],
    check_quotes: bool,
) -> None:
    if quote is not None and quote.startswith(TODO_MARK):
        c.add(section, rec_id, fld + ".quote", quote, todo=True)
        return
    if source is not None and source not in ids["sources"]:
        c.add(section, rec_id, fld + ".source", f"names the source '{source}', which is not in the dataset")
        return
    if quote is None or not check_quotes:
        return
    text = c.loaded.source_texts.get(source or "")
    if text is None:
        src = c.loaded.sources.get(source or "")
        if src is not None and src.file is None:
            c.add(
                section,
                rec_id,
                fld + ".quote",
                f"source '{source}' has no stored text ('file'), so the quote cannot be checked; "
                "store the text beside the dataset",
            )
        return
    if normalise(quote) not in text:
        c.add(
            section,
            rec_id,
            fld + ".quote",
            f"quote not found verbatim in source '{source}': \"{_clip(quote)}\"" + _near_miss_hint(quote, text),
        )


def _clip(s: str, n: int = 80) -> str:
    s = normalise(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def _near_miss_hint(quote: str, text: str) -> str:
    q = normalise(quote)
    if q.lower() in text.lower():
        return " (it differs only in upper/lower case)"
    straight = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
    if q.translate(straight) in text.translate(straight):
        return " (it differs only in the kind of quotation marks or apostrophes)"
    return first_difference(q, text)


# A quote's start (or end) is taken to be the article's passage only when at least this many characters of it are
# found there: a shorter run ("The ", "troops") is found anywhere and would point at an unrelated passage.
MIN_ANCHOR = 12
SHOWN = 30  # characters shown each side of the first difference (more to finish a word, up to SHOWN + 15)


def first_difference(quote: str, text: str) -> str:
    """Where a quote (whitespace-normalised) stops following the source's text, for the mismatch message: the
    message shows the quote cut at 80 characters, often before the place where it differs (a new user's trial).

    The longest start of the quote found in the text anchors it there: '; it matches the source up to '…X': then
    the quote has 'Y…', the source has 'Z…'', Y and Z from the start of the word that differs ("500" against "400",
    not "5" against "4"). When the start differs and the end is found instead, the end anchors it, read
    backwards. Empty when neither anchor is at least MIN_ANCHOR characters long. Each search is `in` on the whole
    text, O(log n) of them per quote, run only for a quote that failed."""
    k = _longest(len(quote), lambda n: quote[:n] in text)
    j = _longest(len(quote), lambda n: quote[len(quote) - n :] in text)
    if max(k, j) < MIN_ANCHOR:
        return ""
    if k >= j:
        start = text.find(quote[:k])
        if start + k >= len(text):
            return f"; it matches the source up to its end: then the quote has '{_text_after(quote, k)}'"
        space = quote.rfind(" ", 0, k)
        word = space + 1 if space >= 0 else k  # back to the start of the word that differs
        return (
            f"; it matches the source up to '{_text_before(quote, word)}': then the quote has "
            f"'{_text_after(quote, word)}', the source has '{_text_after(text, start + word)}'"
        )
    cut = len(quote) - j
    start = text.find(quote[cut:])
    if start == 0:
        return f"; its end matches the source from its start: before it the quote has '{_text_before(quote, cut)}'"
    space = quote.find(" ", cut)
    word = space if space >= 0 else cut  # on to the end of the word that differs
    return (
        f"; its end matches the source from '{_text_after(quote, word)}': before it the quote has "
        f"'{_text_before(quote, word)}', the source has '{_text_before(text, start + word - cut)}'"
    )


def _longest(most: int, found: typing.Callable[[int], bool]) -> int:
    """The largest n <= most with found(n), for a `found` true up to some n and false after (a binary search)."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if found(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _text_after(s: str, at: int) -> str:
    """Up to SHOWN characters of `s` from `at` (on to the end of a word, if it ends within 15 more), '…' if cut."""
    end = min(len(s), at + SHOWN)
    space = s.find(" ", end, end + 15)
    end = len(s) if space < 0 and len(s) <= end + 15 else (space if space >= 0 else end)
    return s[at:end].strip() + ("…" if end < len(s) else "")


def _text_before(s: str, at: int) -> str:
    """Up to SHOWN characters of `s` before `at` (back to the start of a word, within 15 more), '…' if cut."""
    start = max(0, at - SHOWN)
    space = s.rfind(" ", max(0, start - 15), start)
    start = 0 if space < 0 and start <= 15 else (space + 1 if space >= 0 else start)
    return ("…" if start > 0 else "") + s[start:at].strip()


def _area_geometry(c: _Checker, a: model.Area) -> Any:
    raw: Any = a.geometry
    if isinstance(raw, str):
        target = c.resolve_path("areas", a.id, "geometry", raw)
        if target is None:
            return None
        if target.suffix.lower() not in (".geojson", ".json"):
            c.add("areas", a.id, "geometry", f"'{raw}' must be a .geojson file")
            return None
        try:
            raw = json.loads(read_text(target, raw, MAX_GEOJSON_BYTES))
        except ValueError as exc:
            c.add("areas", a.id, "geometry", f"'{a.geometry}' is not valid JSON: {_json_error(exc)}")
            return None
        except Exception as exc:  # YamlProblem: size or encoding
            c.add("areas", a.id, "geometry", getattr(getattr(exc, "problem", None), "message", str(exc)))
            return None
        if isinstance(raw, dict) and raw.get("type") == "FeatureCollection":
            feats = raw.get("features") or []
            if len(feats) != 1:
                c.add(
                    "areas",
                    a.id,
                    "geometry",
                    f"'{a.geometry}' must hold one geometry or Feature; it has {len(feats)} features",
                )
                return None
            raw = feats[0]
        if isinstance(raw, dict) and raw.get("type") == "Feature":
            raw = raw.get("geometry")
    return check_geometry(c, a.id, raw)


def _json_error(exc: ValueError) -> str:
    """json's message in the curator's terms (Python's limit on long integers names an interpreter setting)."""
    digits = re.search(r"Exceeds the limit \((\d+) digits\).*?value has (\d+) digits", str(exc))
    if digits:
        return (
            f"it holds a number written with {int(digits.group(2)):,} digits; "
            f"numbers may have at most {int(digits.group(1)):,} digits"
        )
    return str(exc)


def _show(pos: list[Any]) -> str:
    """A position as written, for a message (a number too long to print is described instead)."""

    def one(v: Any) -> str:
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**15:
            return f"<a number with {int(math.log10(abs(v))) + 1:,} digits>"
        return repr(v)

    return "[" + ", ".join(one(v) for v in pos[:2]) + "]"


def _plain_ring(ring: list[Any]) -> np.ndarray | None:
    """The ring as an array when every position is [lon, lat] or [lon, lat, alt] in range; else None.

    Checked in C (type and length sets, numpy), not position by position: a polygon of a
    million positions on one line is common in GeoJSON exports."""
    if set(map(type, ring)) != {list}:
        return None
    widths = set(map(len, ring))
    if len(widths) != 1 or not widths <= {2, 3}:
        return None
    if not set(map(type, itertools.chain.from_iterable(ring))) <= {int, float}:
        return None
    try:
        arr = np.array(ring, dtype=float)
    except (OverflowError, ValueError):
        return None
    lon, lat = arr[:, 0], arr[:, 1]
    if not (np.isfinite(arr).all() and ((lon >= -180) & (lon <= 180) & (lat >= -90) & (lat <= 90)).all()):
        return None
    return arr


_POLY_TYPES = {"Polygon": 1, "MultiPolygon": 2, "Point": 0, "MultiPoint": 0, "LineString": 0, "MultiLineString": 0}


def check_geometry(c: _Checker, area_id: str, raw: Any) -> Any:  # noqa: C901 (one check per record kind and field, each with its own message)
    def bad(msg: str) -> None:
        c.add("areas", area_id, "geometry", msg)

    if not isinstance(raw, dict) or raw.get("type") not in _POLY_TYPES:
        bad("must be a GeoJSON geometry (Polygon or MultiPolygon) or the path of a .geojson file")
        return None
    kind = raw["type"]
    if kind not in ("Polygon", "MultiPolygon"):
        bad(f"an area must be a Polygon or MultiPolygon, not a {kind}")
        return None
    coords = raw.get("coordinates")
    polys = [coords] if kind == "Polygon" else coords
    if not isinstance(polys, list) or not polys:
        bad("has no coordinates")
        return None
    built: list[list[Any]] = []  # each polygon's rings, as arrays where they are plain
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            bad("has a polygon without rings")
            return None
        built.append([])
        for ring in poly:
            if not isinstance(ring, list) or len(ring) < 4:
                bad(
                    "has a ring with fewer than 4 positions (a ring needs at least 3 corners plus the closing position)"
                )
                return None
            plain = _plain_ring(ring)
            built[-1].append(ring if plain is None else plain)
            if plain is None:  # something may be wrong: find the first bad position
                for pos in ring:
                    if (
                        not isinstance(pos, list)
                        or len(pos) < 2
                        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos[:2])
                    ):
                        bad("has a position that is not [longitude, latitude]")
                        return None
                    if any(isinstance(v, float) and math.isnan(v) for v in pos[:2]):
                        bad(f"has the position {_show(pos)}, which holds .nan (not a number)")
                        return None
                    if not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90):
                        bad(f"has the position {_show(pos)} outside longitude -180..180 / latitude -90..90")
                        return None
            if ring[0][:2] != ring[-1][:2]:
                bad(f"has an unclosed ring: it starts at {_show(ring[0])} and ends at {_show(ring[-1])}")
                return None
    try:
        parts = [Polygon(rings[0], rings[1:]) for rings in built]
        geom = parts[0] if kind == "Polygon" else MultiPolygon(parts)
    except Exception as exc:  # shapely raises several types on malformed input
        bad(f"is not a valid geometry: {exc}")
        return None
    if not geom.is_valid:
        bad(f"is not a valid geometry: {shapely.is_valid_reason(geom)}")
        return None
    if geom.is_empty:
        bad("is empty")
        return None
    return geom
