"""CSV and XLSX (and ODS) in and out: the dataset as tables, or an analyst's sheet of movements.

Rule:
- **Export** (`export_csv`, `export_xlsx`) writes every section (`tables.SECTION_COLUMNS`). XLSX: one sheet
  per section, a header row, then one row per record. CSV: one file, its first column `section` naming the
  record's section, then the union of the sections' columns. Text that a spreadsheet would run as a
  formula (= + - @ at the start) gets an apostrophe in front (`tables.inert`); the import takes it off.
  Source texts travel in the `text` column (continued in `text_2`, ... beyond 32,000 characters), so
  an import stores them again and its quotes stay checkable.
- **Import** (`read_csv`, `read_xlsx`, `read_ods`): a table with a `section` column, or a workbook with
  sheets named after sections holding an `id` column, is read back as the dataset (every field).
  Anything else is an analyst's table: one row per movement, columns mapped by `mapping` (and `--map`).
  A bad cell is a problem naming the file, row (as a spreadsheet numbers it: the header is row 1),
  record and column; the rest of the file is still read.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dashboard.core.gcpause import without_gc
from dashboard.core.problems import Problem
from dashboard.export.errors import ExportError
from dashboard.interchange.mapping import map_columns, read_movement_rows
from dashboard.interchange.tables import (
    SECTION_COLUMNS,
    SECTIONS,
    Cell,
    ImportResult,
    Row,
    dataset_tables,
    inert,
    rows_to_records,
    split_text,
)
from dashboard.interchange.tables import (
    file_problem as _problem,
)

MAX_TABLE_BYTES = 200 * 1024 * 1024
CSV_COLUMNS: tuple[str, ...] = ("section",) + tuple(dict.fromkeys(c for cols in SECTION_COLUMNS.values() for c in cols))

# ---------------------------------------------------------------------------- export


def _out_cell(value: Cell) -> Cell:
    return inert(value) if isinstance(value, str) else value


def csv_text(tables: Mapping[str, list[Row]]) -> str:
    rows = [split_text(r) for s in SECTIONS for r in tables.get(s, [])]
    extra = sorted({k for r in rows for k in r if k.startswith("text_")}, key=lambda k: int(k[5:]))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS + tuple(extra))
    for section in SECTIONS:
        for row in tables.get(section, []):
            row = split_text(row)
            cells = [section] + [_out_cell(row.get(c)) for c in CSV_COLUMNS[1:] + tuple(extra)]
            writer.writerow(["" if c is None else c for c in cells])
    return buf.getvalue()


@without_gc
def export_csv(loaded: Any, options: Any, out: Path, **_: Any) -> Path:
    """Every section as one CSV file (UTF-8 with a byte-order mark, which spreadsheets need to read UTF-8)."""
    from dashboard.export.files import write_bytes_atomic

    tables = dataset_tables(loaded, getattr(options, "movement_ids", None))
    write_bytes_atomic(out, ("\ufeff" + csv_text(tables)).encode("utf-8"))
    return Path(out)


_ILLEGAL_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # openpyxl's ILLEGAL_CHARACTERS_RE
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_EMPTY_SHEET_DATA = "<sheetData></sheetData>"
# the workbook's parts deflated fast (10,000 movements, 10 MB of sheet XML: level 6 0.15 s to 1.2 MB, level 1 0.05 s to 1.6 MB)
XLSX_ZLIB_LEVEL = 1


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(ref: str, value: Cell, where: str) -> str:
    """One cell as openpyxl's write-only worksheet writes it (inline string, number, error code)."""
    if isinstance(value, str):
        text = value[:32767]
        if _ILLEGAL_XML.search(text):
            raise ExportError(f"{where}: the text holds a control character a spreadsheet cannot store")
        if text == "":
            return f'<c r="{ref}" t="inlineStr" />'
        if text in _ERROR_CODES:
            return f'<c r="{ref}" t="e"><v>{_xml_text(text)}</v></c>'
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and stripped != text else ""
        return f'<c r="{ref}" t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if value is None or not (isinstance(value, int) or math.isfinite(value)):
        return f'<c r="{ref}" t="n"><v /></c>'  # as openpyxl writes NaN
    return f'<c r="{ref}" t="n"><v>{value:.16g}</v></c>'


def sheet_rows_xml(section: str, columns: Sequence[str], rows: Iterable[Mapping[str, Cell]]) -> str:
    """A sheet's `<sheetData>`: the header row, then a row per record (None cells left out), with
    `inert` text: the XML openpyxl's write-only mode writes, built as strings (without its per-cell
    element objects and serialiser)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(k + 1) for k in range(len(columns))]
    out = ['<sheetData><row r="1">']
    out += [_cell_xml(f"{x}1", c, f"sheet {section}, header") for x, c in zip(letters, columns)]
    out.append("</row>")
    for number, row in enumerate(rows, 2):
        out.append(f'<row r="{number}">')
        for x, col in zip(letters, columns):
            value = row.get(col)
            if value is not None:
                out.append(_cell_xml(f"{x}{number}", _out_cell(value), f"sheet {section}, row {number}, column {col}"))
        out.append("</row>")
    out.append("</sheetData>")
    return "".join(out)


@without_gc
def export_xlsx(loaded: Any, options: Any, out: Path, **_: Any) -> Path:
    """Every section as a sheet of an XLSX workbook: openpyxl writes the workbook around empty sheets
    (write-only mode), and each sheet's rows are put in as the XML openpyxl would write for them
    (`sheet_rows_xml`; openpyxl's per-cell serialiser is 90% of a 10,000-movement export)."""
    import zipfile

    from openpyxl import Workbook

    from dashboard.export.files import atomic_path

    tables = dataset_tables(loaded, getattr(options, "movement_ids", None))
    wb = Workbook(write_only=True)
    sheets: dict[str, str] = {}
    for k, section in enumerate(SECTIONS, 1):
        wb.create_sheet(section)
        rows = [split_text(r) for r in tables[section]]
        extra = sorted({c for r in rows for c in r if c.startswith("text_")}, key=lambda c: int(c[5:]))
        sheets[f"xl/worksheets/sheet{k}.xml"] = sheet_rows_xml(section, SECTION_COLUMNS[section] + tuple(extra), rows)
    frame = io.BytesIO()
    wb.save(frame)
    with zipfile.ZipFile(frame) as src, atomic_path(Path(out)) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename in sheets:
                    empty = data.decode("utf-8")
                    if empty.count(_EMPTY_SHEET_DATA) != 1:
                        raise ExportError(f"openpyxl wrote {info.filename} in a form this export does not know")
                    data = empty.replace(_EMPTY_SHEET_DATA, sheets[info.filename]).encode("utf-8")
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=XLSX_ZLIB_LEVEL)
    return Path(out)


# ---------------------------------------------------------------------------- import


def _read_bytes(path: Path, shown: str) -> bytes | ImportResult:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return _problem(shown, f"cannot be read: {exc.strerror or exc}")
    if size > MAX_TABLE_BYTES:
        return _problem(shown, f"is {size:,} bytes, over the import limit of {MAX_TABLE_BYTES:,}")
    try:
        return path.read_bytes()
    except OSError as exc:
        return _problem(shown, f"cannot be read: {exc.strerror or exc}")


def _dicts(header: list[Any], rows: Iterable[tuple[int, list[Any]]]) -> list[tuple[int, dict[str, Any]]]:
    names = [str(h).strip() if h is not None else "" for h in header]
    out = []
    for number, cells in rows:
        out.append((number, {n: cells[k] if k < len(cells) else None for k, n in enumerate(names) if n}))
    return out


def _read_sections(header: list[Any], rows: list[tuple[int, list[Any]]], shown: str) -> ImportResult:
    """One table whose `section` column names each row's section (the CSV export)."""
    result = ImportResult()
    by_section: dict[str, list[tuple[int, dict[str, Any]]]] = {s: [] for s in SECTIONS}
    for number, row in _dicts(header, rows):
        section = str(row.get("section") or "").strip().lower()
        if section in by_section:
            by_section[section].append((number, row))
        elif any(v not in (None, "") for v in row.values()):
            message = f"{section[:40]!r} is not a section ({', '.join(SECTIONS)})"
            result.problems.append(Problem(shown, number, f"row {number}", "section", message))
    for section in SECTIONS:
        rows_to_records(section, by_section[section], shown, result)
    return result


def _read_movements(
    header: list[Any], rows: list[tuple[int, list[Any]]], shown: str, mapping: Mapping[str, str], result: ImportResult
) -> None:
    """An analyst's table of movements (columns mapped by name or `--map`) into `result`."""
    columns, missing = map_columns(header, mapping)
    for item in missing:
        result.problems.append(
            Problem(shown, 1, None, item.split("=")[0], f"--map {item}: the table has no such column")
        )
    lacking = [f for f in ("unit", "from", "to") if f not in columns and not _has_coords(columns, f)]
    if lacking:
        named = ", ".join(str(h) for h in header if h is not None)[:300]
        result.problems.append(
            Problem(
                shown,
                1,
                None,
                lacking[0],
                f"no column for {', '.join(lacking)}; the columns are {named} (map one with --map FIELD=COLUMN)",
            )
        )
        return
    unused = [str(h) for h in header if h is not None and str(h).strip() and str(h) not in columns.values()]
    if unused:
        result.problems.append(
            Problem(shown, 1, None, None, f"columns not imported (no field takes them): {', '.join(unused)[:300]}")
        )
    read_movement_rows(_dicts(header, rows), columns, shown, result)


def read_table(
    sheets: Mapping[str, tuple[list[Any], list[tuple[int, list[Any]]]]],
    shown: str,
    mapping: Mapping[str, str] | None = None,
) -> ImportResult:
    """Sheets (name -> (header, numbered rows)) as an import: the dataset's own layout, else movements."""
    for header, rows in sheets.values():
        if "section" in _header_keys(header):
            return _read_sections(header, rows, shown)
    result = ImportResult()
    lower = {name.strip().lower(): name for name in sheets}
    own = [s for s in SECTIONS if s in lower and "id" in _header_keys(sheets[lower[s]][0])]
    analyst = None
    for section in own:
        header, rows = sheets[lower[section]]
        if section == "movements" and not {"unit", "from", "to"} <= _header_keys(header):
            analyst = (header, rows)
            continue
        rows_to_records(section, _dicts(header, rows), f"{shown} [{lower[section]}]", result)
    if own and analyst is None:
        return result
    if analyst is None:
        name = lower.get("movements") or next(iter(sheets), None)
        if name is None:
            return _problem(shown, "holds no table")
        analyst = sheets[name]
    _read_movements(analyst[0], analyst[1], shown, dict(mapping or {}), result)
    return result


def _has_coords(columns: Mapping[str, str], end: str) -> bool:
    return end in ("from", "to") and f"{end}_lat" in columns and f"{end}_lon" in columns


def _header_keys(header: list[Any]) -> set[str]:
    return {str(h).strip().lower() for h in header if h is not None}


@without_gc
def read_csv(path: Path, mapping: Mapping[str, str] | None = None) -> ImportResult:
    """A CSV (or TSV, or ';'-separated) file: UTF-8 (a byte-order mark is fine)."""
    path = Path(path)
    shown = path.name
    data = _read_bytes(path, shown)
    if isinstance(data, ImportResult):
        return data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _problem(shown, f"is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8 CSV", line)
    if "\x00" in text:
        return _problem(shown, "holds NUL bytes: it is not a text file", text[: text.index("\x00")].count("\n") + 1)
    sample = text[:20000]
    first = sample.splitlines()[0] if sample else ""
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    csv.field_size_limit(10 * 1024 * 1024)
    try:
        header = next(reader, None)
        if header is None:
            return _problem(shown, "is empty")
        rows = []
        for cells in reader:
            rows.append((reader.line_num, list(cells)))
    except csv.Error as exc:
        return _problem(shown, f"is not a readable CSV file: {exc}", reader.line_num)
    return read_table({"table": (list(header), _numbered(rows))}, shown, mapping)


def _numbered(rows: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """Rows numbered as a spreadsheet numbers them (the header is row 1), blank rows counted."""
    return [(k + 2, cells) for k, (_line, cells) in enumerate(rows)]


@without_gc
def read_xlsx(path: Path, mapping: Mapping[str, str] | None = None) -> ImportResult:
    """An XLSX (or ODS, or XLS) workbook, read by python-calamine."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    shown = path.name
    data = _read_bytes(path, shown)
    if isinstance(data, ImportResult):
        return data
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets: dict[str, tuple[list[Any], list[tuple[int, list[Any]]]]] = {}
        for name in wb.sheet_names:
            values = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if not values:
                continue
            sheets[name] = (list(values[0]), [(k + 2, list(r)) for k, r in enumerate(values[1:])])
    except Exception as exc:  # noqa: BLE001 (calamine raises its own and zip/XML errors; all mean "not readable")
        return _problem(shown, f"is not a readable spreadsheet ({type(exc).__name__}: {str(exc)[:200]})")
    if not sheets:
        return _problem(shown, "holds no sheet with data")
    cleaned = {
        name: (header, [(n, [_empty(c) for c in r]) for n, r in rows]) for name, (header, rows) in sheets.items()
    }
    return read_table(cleaned, shown, mapping)


def _empty(value: Any) -> Any:
    return None if value == "" else value


read_ods = read_xlsx
