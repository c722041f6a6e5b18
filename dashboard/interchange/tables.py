"""The dataset as tables of text cells, and back: the shape every interchange format shares.

Rule: one table per section (sources, places, units, movements, events, areas, stories), one row per record,
one column per field (`SECTION_COLUMNS`). A cell holds the field as the dataset writes it, never
sharper: a date as its EDTF text (`../2022-02-10`), a number as its words (`about 1,000`), a field
with alternatives as the JSON list of `{value, source, quote | note, preferred}`; `citations` is the
JSON list of the record's citations; a story's `steps` the JSON list of its steps; an area's `geometry` is its GeoJSON geometry (inlined, so the
table stands alone); a source's `text` is its stored text (so quotes stay checkable after an import).

Reading back (`rows_to_records`) turns cells into YAML-ready values and checks each record against the
dataset's models, so a bad cell is reported with its file, row, record and field (`Problem`), never as
a traceback. What the tables cannot hold is nothing: they carry every field.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dashboard.core import model
from dashboard.core.problems import Problem
from dashboard.core.records import SINGULAR, record_label

SECTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("id", "title", "publisher", "published", "url", "file", "note", "text"),
    "places": ("id", "name", "country", "lat", "lon", "precision", "note", "citations"),
    "units": (
        "id",
        "name",
        "short_name",
        "nation",
        "branch",
        "echelon",
        "parent",
        "home",
        "sidc",
        "affiliation",
        "note",
        "citations",
    ),
    "movements": (
        "id",
        "unit",
        "from",
        "to",
        "depart",
        "arrive",
        "strength",
        "confidence",
        "description",
        "note",
        "citations",
    ),
    "events": ("id", "name", "date", "place", "description", "note", "citations"),
    "areas": (
        "id",
        "name",
        "valid_from",
        "valid_to",
        "nation",
        "affiliation",
        "strength",
        "geometry",
        "description",
        "note",
        "citations",
    ),
    "stories": ("id", "title", "description", "steps"),
}
SECTIONS = tuple(SECTION_COLUMNS)
JSON_COLUMNS = frozenset({"citations", "geometry", "steps"})
NUMBER_COLUMNS = frozenset({"lat", "lon"})
WHEN_COLUMNS = frozenset({"depart", "arrive", "date", "valid_from", "valid_to"})
AMOUNT_COLUMNS = frozenset({"strength"})
MAX_CELL = 32_000  # a spreadsheet cell holds at most 32,767 characters: longer texts continue in text_2, ...

Cell = str | float | int | None


Row = dict[str, Cell]


@dataclass
class ImportResult:
    """What an import read: YAML-ready records by section, stored source texts by source id, and every
    problem (file, row or element, record, field), nothing dropped without one."""

    data: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {s: len(v) for s, v in self.data.items() if v}

    def extend(self, other: ImportResult) -> None:
        for s, recs in other.data.items():
            self.data.setdefault(s, []).extend(recs)
        self.texts.update(other.texts)
        self.problems.extend(other.problems)


# ---------------------------------------------------------------------------- dataset -> tables


_to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(x, ensure_ascii=False), its encoder built once


def _claim_cell(value: Any) -> Cell:
    """A When or Amount as its text, or (with alternatives) the JSON list of them."""
    if value is None:
        return None
    out = value.as_yaml()
    if isinstance(out, list):
        return _to_json(out)
    return str(out)


def json_bytes(value: Any) -> bytes:
    """`value` as compact JSON in UTF-8: what `json.dumps(value, ensure_ascii=False, separators=(",", ":"))`
    encoded writes, by pydantic_core's serialiser (Rust; pinned with pydantic), about 2.7x faster on a
    10,000-movement ORBAT scenario. The one difference: a number below 1e-4 is written without an exponent
    (`0.00001`, not `1e-05`), the same value."""
    from pydantic_core import to_json

    out: bytes = to_json(value)
    return out


def citations_cell(citations: Iterable[model.Citation]) -> str | None:
    items = [c.model_dump(exclude_none=True) for c in citations]
    return _to_json(items) if items else None


def source_text(loaded: Any, source: model.Source) -> str | None:
    """A source's stored text as the file holds it (the loader keeps only a normalised copy)."""
    if source.file is None:
        return None
    origin = loaded.origins.get(("sources", source.id))
    if origin is not None:
        path = origin.path.parent / source.file
        try:
            return str(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            pass
    text = loaded.source_texts.get(source.id)
    return None if text is None else str(text)


def _geometry_cell(loaded: Any, area: model.Area) -> str:
    if isinstance(area.geometry, dict):
        return json.dumps(area.geometry, ensure_ascii=False)
    geom = loaded.geometries.get(area.id)
    if geom is None:
        return str(area.geometry)
    from shapely.geometry import mapping

    return json.dumps(mapping(geom), ensure_ascii=False)


_SPECIAL_KINDS = frozenset({"text", "citations", "geometry", "steps", "published"})  # columns filled their own way


def _column_kinds(section: str) -> tuple[tuple[str, str, str], ...]:
    """(column, kind, attribute) of each of a section's columns: how `record_row` fills its cell."""
    out = []
    for col in SECTION_COLUMNS[section]:
        kind = col if col in _SPECIAL_KINDS else ("claim" if col in WHEN_COLUMNS or col in AMOUNT_COLUMNS else "plain")
        out.append((col, kind, model.claim_attr(col)))
    return tuple(out)


_KINDS = {section: _column_kinds(section) for section in SECTION_COLUMNS}


def record_row(loaded: Any, section: str, rec: Any) -> Row:
    """One record as a row of cells (see the module's rule)."""
    row: Row = {}
    for col, kind, attr in _KINDS[section]:
        if kind == "plain":
            value = getattr(rec, attr)
            row[col] = value if value is None or type(value) is str or isinstance(value, (int, float)) else str(value)
        elif kind == "claim":
            row[col] = _claim_cell(getattr(rec, attr))
        elif kind == "citations":
            row[col] = citations_cell(rec.citations)
        elif kind == "text":
            row[col] = source_text(loaded, rec)
        elif kind == "geometry":
            row[col] = _geometry_cell(loaded, rec)
        elif kind == "steps":  # a story's steps, each with its citations, as one JSON cell
            row[col] = json.dumps(
                [step.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for step in rec.steps],
                ensure_ascii=False,
            )
        else:  # published
            row[col] = rec.published.isoformat()
    if section == "sources" and row.get("text") is not None:
        row["file"] = None  # the text travels in the table; the path was the old dataset's
    return row


def dataset_tables(loaded: Any, movement_ids: frozenset[str] | None = None) -> dict[str, list[Row]]:
    """Every section as rows (movements limited to `movement_ids` when given, as the map's filters)."""
    ds = loaded.dataset
    out: dict[str, list[Row]] = {}
    for section in SECTIONS:
        recs = getattr(ds, section)
        if section == "movements" and movement_ids is not None:
            recs = [m for m in recs if m.id in movement_ids]
        out[section] = [record_row(loaded, section, r) for r in recs]
    return out


# ---------------------------------------------------------------------------- spreadsheet safety

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def inert(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula: a leading = + - @ tab, CR or ' gets an
    apostrophe in front (OWASP's advice for CSV injection); plain numbers are left as they are."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def uninert(text: str) -> str:
    """Undo `inert`: an apostrophe before a formula character (or another apostrophe) is dropped."""
    if len(text) >= 2 and text[0] == "'" and text[1] in "=+-@\t\r'":
        return text[1:]
    return text


# ---------------------------------------------------------------------------- tables -> records


def cell_text(value: Any) -> str | None:
    """A cell as text (None when empty): numbers a spreadsheet typed are written back plainly."""
    if value is None:
        return None
    if type(value) is str:  # the common case first
        if value[:1] == "'":
            value = uninert(value)
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value == int(value) else repr(value)
    if hasattr(value, "isoformat"):
        text = str(value.isoformat())
        return text[:10] if text.endswith("T00:00:00") else text
    text = uninert(str(value)).strip()
    return text or None


class CellError(ValueError):
    """A cell that cannot be read; its message names what is wrong (the caller adds where)."""


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CellError(f"is not valid JSON ({what}): {exc.args[0][:120]}") from None


def cell_value(col: str, value: Any) -> Any:
    """A cell of column `col` as the YAML value the dataset stores (None: leave the field out)."""
    text = cell_text(value)
    if text is None:
        return None
    if col in NUMBER_COLUMNS:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise CellError(f"must be a number in degrees; got {text[:60]!r}") from None
        return number
    if col in JSON_COLUMNS:
        if col == "geometry" and not text.lstrip().startswith("{"):
            return text  # a path to a GeoJSON file
        what = {"citations": "a list of citations", "steps": "a list of story steps"}.get(col, "a GeoJSON geometry")
        return _json(text, what)
    if (col in WHEN_COLUMNS or col in AMOUNT_COLUMNS) and text.startswith("["):
        return _json(text, "a list of alternatives")
    if col in AMOUNT_COLUMNS and re.fullmatch(r"\d+", text):
        return int(text)
    return text


def _join_text(row: Mapping[str, Any]) -> str | None:
    """A source text split over `text`, `text_2`, ... (spreadsheet cells are limited)."""
    parts = [row.get("text")]
    k = 2
    while f"text_{k}" in row:
        parts.append(row.get(f"text_{k}"))
        k += 1
    joined = "".join(str(p) for p in parts if p is not None)
    return joined or None


def split_text(row: Row) -> Row:
    """The inverse of `_join_text`: a long `text` cell spread over `text`, `text_2`, ..."""
    text = row.get("text")
    if not isinstance(text, str) or len(text) <= MAX_CELL:
        return row
    out = dict(row)
    chunks = [text[i : i + MAX_CELL] for i in range(0, len(text), MAX_CELL)]
    out["text"] = chunks[0]
    for k, chunk in enumerate(chunks[1:], start=2):
        out[f"text_{k}"] = chunk
    return out


def rows_to_records(
    section: str, rows: Iterable[tuple[int, Mapping[str, Any]]], shown: str, result: ImportResult, where: str = "row"
) -> None:
    """Rows (with their row or element numbers) of a section's table into `result`: each record
    checked against the dataset's model, each problem naming file, row, record and field."""
    from pydantic import ValidationError

    from dashboard.core.loader import ADAPTERS_ITEM

    singular = SINGULAR[section]
    columns = [c for c in SECTION_COLUMNS[section] if c != "text"]
    built: list[tuple[int, dict[str, Any], str | None, str]] = []
    for number, row in rows:
        rec: dict[str, Any] = {}
        bad = False
        label = record_label(singular, {"id": cell_text(row.get("id"))}, number - 1)
        for col in columns:
            raw = row.get(col)
            if raw is None or raw == "":
                continue
            try:
                value = cell_value(col, raw)
            except CellError as exc:
                result.problems.append(Problem(shown, number, f"{where} {number}: {label}", col, str(exc)))
                bad = True
                continue
            if value is not None:
                rec[col] = value
        if bad:
            continue
        text = _join_text(row) if section == "sources" else None
        if text is not None:
            rec["file"] = f"sources/{rec.get('id')}.txt"
        built.append((number, rec, text, label))
    try:  # the whole section at once (fast); on an error, record by record to name each one
        _list_adapter(section).validate_python([rec for _, rec, _, _ in built])
        valid = built
    except ValidationError:
        valid = []
        for number, rec, text, label in built:
            try:
                ADAPTERS_ITEM[section].validate_python(rec)
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    fld = ".".join(str(p) for p in err["loc"]) or None
                    result.problems.append(
                        Problem(shown, number, f"{where} {number}: {label}", fld, error_message(err))
                    )
                continue
            valid.append((number, rec, text, label))
    for _number, rec, text, _label in valid:
        if text is not None:
            result.texts[str(rec["id"])] = text
        result.data[section].append(rec)


@lru_cache(maxsize=8)
def _list_adapter(section: str) -> Any:
    """A pydantic TypeAdapter for a whole section (list of its records): one call validates them all."""
    import types

    from pydantic import TypeAdapter

    annotation: Any = model.Dataset.model_fields[section].annotation
    list_type: Any = types.GenericAlias(list, (annotation.__args__[0],))
    return TypeAdapter(list_type)


def error_message(err: Any) -> str:
    """A pydantic error in a curator's words (as the loader words them)."""
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    msg = str(msg).replace("Value error, ", "")
    return msg[0].lower() + msg[1:] if msg else str(kind)


# ---------------------------------------------------------------------------- reading a file


def file_problem(shown: str, message: str, line: int | None = None) -> ImportResult:
    """An import that failed as a whole: one problem naming the file (and its line, when known)."""
    result = ImportResult()
    result.problems.append(Problem(shown, line, None, None, message))
    return result


def read_json(path: Path, limit: int, kind: str) -> tuple[Any, ImportResult | None]:
    """A JSON file's data, or the problem that stops its import (too big, unreadable, not UTF-8, not
    JSON, nested too deeply), named as `kind` ("CZML", "MF-JSON", ...)."""
    shown = path.name
    try:
        if path.stat().st_size > limit:
            return None, file_problem(shown, f"is over the import limit of {limit:,} bytes")
        return json.loads(path.read_bytes().decode("utf-8-sig")), None
    except OSError as exc:
        return None, file_problem(shown, f"cannot be read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        return None, file_problem(shown, "is not UTF-8 text")
    except json.JSONDecodeError as exc:
        return None, file_problem(shown, f"is not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
    except RecursionError:
        return None, file_problem(shown, f"nests too deeply to be {kind}")
