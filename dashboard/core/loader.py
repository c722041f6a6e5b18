"""Load a dataset (one YAML file or a folder of them) into validated models.

`load_dataset` is the single entry point: it reads every file safely
(:mod:`dashboard.yamlsafe`), validates each record against the models
(:mod:`dashboard.model`), then checks what only the whole dataset can tell
(:mod:`dashboard.validate`). It returns a :class:`LoadedDataset` or raises a
:class:`DatasetError` listing every problem with file, line, record and field.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import types
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from dashboard.core import model
from dashboard.core.checks import check_dataset, check_template_syntax, may_hold_template_syntax
from dashboard.core.plural import counted
from dashboard.core.problems import DatasetError, Problem
from dashboard.core.records import SINGULAR, record_label
from dashboard.core.yamlsafe import (
    MAX_FILE_BYTES,
    YamlProblem,
    line_of,
    parse_yaml,
    read_text,
)

MAX_FILES = 200
MAX_RECORDS = 1_000_000


def _item_type(name: str) -> Any:
    """The record type of a dataset section (X in its `list[X]` annotation)."""
    annotation: Any = model.Dataset.model_fields[name].annotation
    return annotation.__args__[0]


def _list_type(name: str) -> Any:
    """`list[X]` for the record type X of a dataset section."""
    return types.GenericAlias(list, (_item_type(name),))


_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {name: TypeAdapter(_list_type(name)) for name in model.SECTIONS}


@dataclass(frozen=True)
class Origin:
    """Where a record was read: file (as shown to users), its path, section and index."""

    file: str
    path: Path
    section: str
    index: int


@dataclass
class LoadedDataset:
    """A validated dataset plus what was resolved while checking it."""

    dataset: model.Dataset
    root: Path
    base: Path
    source_texts: dict[str, str]
    geometries: dict[str, Any]  # area id -> shapely geometry
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    fingerprint: str = ""

    @cached_property
    def places(self) -> dict[str, model.Place]:
        return {p.id: p for p in self.dataset.places}

    @cached_property
    def units(self) -> dict[str, model.Unit]:
        return {u.id: u for u in self.dataset.units}

    @cached_property
    def sources(self) -> dict[str, model.Source]:
        return {s.id: s for s in self.dataset.sources}

    @cached_property
    def span(self) -> tuple[dt.date, dt.date]:
        """First and last date the dataset speaks of."""
        ds = self.dataset
        whens = [w for m in ds.movements for w in (m.depart, m.arrive) if w is not None]
        whens += [e.date for e in ds.events] + [a.valid_from for a in ds.areas]
        whens += [a.valid_to for a in ds.areas if a.valid_to]
        dates = [d for w in whens for d in (w.earliest, w.latest) if d is not None]
        if not dates:
            today = dt.date.today()
            return today, today
        return min(dates), max(dates)

    def counts(self) -> dict[str, int]:
        # a dataset without stories (most) is counted as before stories existed
        return {
            name: len(getattr(self.dataset, name))
            for name in model.SECTIONS
            if name != "stories" or self.dataset.stories
        }

    def summary(self) -> str:
        c = self.counts()
        first, last = self.span
        return (
            f"{self.root}: valid — {counted(c['sources'], 'source')}, {counted(c['places'], 'place')}, "
            f"{counted(c['units'], 'unit')}, {counted(c['movements'], 'movement')}, {counted(c['events'], 'event')}, "
            f"{counted(c['areas'], 'area')}"
            + (f", {counted(c['stories'], 'story')}" if c.get("stories") else "")
            + f" ({first} to {last})"
        )


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def dataset_files(root: Path) -> list[Path]:
    if root.is_dir():
        return sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [root]


def default_base(root: Path) -> Path:
    """The folder relative paths may not leave: the one above the dataset folder."""
    folder = root if root.is_dir() else root.parent
    return folder.resolve().parent


def load_dataset(
    path: str | os.PathLike[str],
    base: str | os.PathLike[str] | None = None,
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    check_quotes: bool = True,
) -> LoadedDataset:
    """Read, validate and resolve a dataset, or raise DatasetError with every problem."""
    # Loading creates millions of small objects that all live on; the cyclic garbage
    # collector would rescan them over and over (a third of the time at 100,000 movements).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_dataset(path, base, max_file_bytes=max_file_bytes, check_quotes=check_quotes)
    finally:
        if was_enabled:
            gc.enable()


def _load_dataset(  # noqa: C901 (the loading steps in order, each with its own problem)
    path: str | os.PathLike[str],
    base: str | os.PathLike[str] | None,
    *,
    max_file_bytes: int,
    check_quotes: bool,
) -> LoadedDataset:
    root = Path(path)
    problems: list[Problem] = []
    if not root.exists():
        raise DatasetError([Problem(_shown(root), None, None, None, "does not exist")])
    base_dir = Path(base).resolve() if base is not None else default_base(root)
    files = dataset_files(root)
    if not files:
        raise DatasetError([Problem(_shown(root), None, None, None, "holds no .yaml files")])
    if len(files) > MAX_FILES:
        raise DatasetError(
            [Problem(_shown(root), None, None, None, f"holds {len(files)} YAML files, over the limit of {MAX_FILES}")]
        )

    texts: dict[str, str] = {}
    merged: dict[str, list[Any]] = {name: [] for name in model.SECTIONS}
    origins_by_section: dict[str, list[Origin]] = {name: [] for name in model.SECTIONS}
    digest = hashlib.sha256()
    for file in files:
        shown = _shown(file)
        try:
            text = read_text(file, shown, max_file_bytes)
            data = parse_yaml(text, shown)
        except YamlProblem as exc:
            problems.append(exc.problem)
            continue
        texts[shown] = text
        digest.update(shown.encode() + b"\0")
        digest.update(text.encode())
        if not isinstance(data, dict):
            problems.append(
                Problem(
                    shown,
                    1,
                    None,
                    None,
                    f"must be a mapping with the keys {', '.join(model.SECTIONS)}; found {_kind(data)}",
                )
            )
            continue
        for key, value in data.items():
            if key not in model.SECTIONS:
                problems.append(
                    Problem(
                        shown,
                        line_of(text, (key,)) if isinstance(key, str) else None,
                        None,
                        None,
                        f"unknown top-level key {_show_key(key)}; expected one of {', '.join(model.SECTIONS)}",
                    )
                )
                continue
            if value is None:
                continue
            if not isinstance(value, list):
                problems.append(
                    Problem(
                        shown,
                        line_of(text, (key,)),
                        None,
                        key,
                        f"'{key}' must be a list of records; found {_kind(value)}",
                    )
                )
                continue
            merged[key].extend(value)
            origins_by_section[key].extend(map(Origin, repeat(shown), repeat(file), repeat(key), range(len(value))))
    total = sum(len(v) for v in merged.values())
    if total > MAX_RECORDS:
        raise DatasetError(
            problems
            + [Problem(_shown(root), None, None, None, f"holds {total:,} records, over the limit of {MAX_RECORDS:,}")]
        )

    hinted = {shown: may_hold_template_syntax(text) for shown, text in texts.items()}
    records: dict[str, list[Any]] = {}
    origins: dict[tuple[str, str], Origin] = {}
    for name in model.SECTIONS:
        items, where = merged[name], origins_by_section[name]
        if any(hinted[f] for f in {o.file for o in where}):
            problems.extend(check_template_syntax(items, where, texts, SINGULAR[name]))
        valid = _validate_section(name, items, where, texts, problems)
        records[name] = valid
        ids = [rec.id for _, rec in valid]
        if len(set(ids)) == len(ids):  # no id used twice (the usual case): all at once
            origins.update(zip(zip(repeat(name), ids), (where[i] for i, _ in valid)))
            continue
        for item_index, rec in valid:
            o = where[item_index]
            if (name, rec.id) in origins:
                first = origins[(name, rec.id)]
                problems.append(
                    Problem(
                        o.file,
                        line_of(texts.get(o.file, ""), (name, o.index, "id")),
                        f"{SINGULAR[name]} '{rec.id}'",
                        "id",
                        f"the id '{rec.id}' is already used by the {SINGULAR[name]} at "
                        f"{first.file}:{line_of(texts.get(first.file, ''), (name, first.index, 'id'))}",
                    )
                )
            else:
                origins[(name, rec.id)] = o

    sections: dict[str, Any] = {name: [r for _, r in recs] for name, recs in records.items()}
    dataset = model.Dataset.model_construct(**sections)
    loaded = LoadedDataset(
        dataset=dataset,
        root=root,
        base=base_dir,
        source_texts={},
        geometries={},
        origins=origins,
        fingerprint=digest.hexdigest()[:16],
    )

    problems.extend(check_dataset(loaded, records, texts, check_quotes=check_quotes))
    if problems:  # TODOs left by the draft assistant count too, reported as such
        raise DatasetError(problems)
    return loaded


def _kind(value: Any) -> str:
    return {
        list: "a list",
        dict: "a mapping",
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _show_key(key: Any) -> str:
    if isinstance(key, str):
        return f"'{key[:60]}'"
    return "that is not text (an unquoted '{{' or '{' makes YAML read a mapping)"


def _validate_section(
    name: str, items: list[Any], where: list[Origin], texts: dict[str, str], problems: list[Problem]
) -> list[tuple[int, Any]]:
    """Validate a whole section at once (fast path); on errors, report each per record."""
    adapter = _ADAPTERS[name]
    try:
        return list(enumerate(adapter.validate_python(items)))
    except ValidationError as exc:
        bad: dict[int, list[ErrorDetails]] = {}
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            bad.setdefault(loc[0] if loc and isinstance(loc[0], int) else -1, []).append(err)
    singular = SINGULAR[name]
    valid: list[tuple[int, Any]] = []
    for i, item in enumerate(items):
        errs = bad.get(i)
        if not errs:
            valid.append((i, ADAPTERS_ITEM[name].validate_python(item)))
            continue
        origin = where[i]
        label = record_label(singular, item, origin.index)
        for err in errs:
            fld_path = tuple(err["loc"][1:])
            fld = ".".join(str(p) for p in fld_path) or None
            text = texts.get(origin.file, "")
            line = line_of(text, (name, origin.index) + fld_path) if text else None
            problems.append(Problem(origin.file, line, label, fld, _message(err)))
    return valid


ADAPTERS_ITEM: dict[str, TypeAdapter[Any]] = {name: TypeAdapter(_item_type(name)) for name in model.SECTIONS}


def _message(err: ErrorDetails) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if kind.startswith("date"):
        return f"must be a real date written YYYY-MM-DD; got {err.get('input')!r}"
    msg = msg.replace("Value error, ", "")
    return msg[0].lower() + msg[1:] if msg else kind
