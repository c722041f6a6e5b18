"""Data in and out: other tools' files into a dataset folder, and the dataset into their formats.

Import (`read(path, fmt, mapping)` -> `ImportResult`; `python -m dashboard import`): CSV, XLSX, ODS,
GeoJSON, KML/KMZ, CZML, OGC MF-JSON, ORBAT Mapper scenario JSON, ACLED-style event CSV. Every reader is
a pure function of the file that never raises on bad input: what it cannot read is a `Problem` naming
the file, row or element, record and field. `dataset.write_dataset` then writes the records as a
dataset folder that `python -m dashboard validate` checks like any other.

Export (`dashboard.export.dispatch.EXPORTERS`): csv, xlsx, kml, kmz, czml, mfjson, orbat, each an
`export_<format>(loaded, options, out, **kw)` that imports only what it uses (no map library).

Modules: `tables` (the dataset as tables of cells, shared by every format), `mapping` (an analyst's
sheet of movements: column names, places by gazetteer or coordinates), `dataset` (writing the folder),
and one module per format. What each format carries, and what it cannot, is in the README
("Data in and out").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path

from dashboard.interchange.tables import ImportResult

READERS: dict[str, tuple[str, str]] = {  # format -> (module, function)
    "csv": ("dashboard.interchange.csv_xlsx", "read_csv"),
    "xlsx": ("dashboard.interchange.csv_xlsx", "read_xlsx"),
    "ods": ("dashboard.interchange.csv_xlsx", "read_ods"),
    "geojson": ("dashboard.interchange.geojson_in", "read_geojson"),
    "kml": ("dashboard.interchange.kml", "read_kml"),
    "kmz": ("dashboard.interchange.kml", "read_kmz"),
    "czml": ("dashboard.interchange.czml", "read_czml"),
    "mfjson": ("dashboard.interchange.mfjson", "read_mfjson"),
    "orbat": ("dashboard.interchange.orbat", "read_orbat"),
    "acled": ("dashboard.interchange.acled", "read_acled"),
}
IMPORT_FORMATS = ("auto",) + tuple(READERS)
SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xlsx",
    ".ods": "ods",
    ".geojson": "geojson",
    ".kml": "kml",
    ".kmz": "kmz",
    ".czml": "czml",
}


def detect(path: Path) -> str | None:
    """The format of a file from its name, and for .json and .csv from its first bytes; None if unknown."""
    suffix = path.suffix.lower()
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        head = b""
    if suffix == ".csv":
        first = head.split(b"\n", 1)[0].lower()
        if b"event_date" in first and b"latitude" in first:
            return "acled"
        return "csv"
    if suffix in (".json", ".geojson", ".czml"):
        text = head.decode("utf-8", "replace")
        if '"ORBAT-mapper"' in text:
            return "orbat"
        if '"temporalGeometry"' in text or '"MovingPoint"' in text:
            return "mfjson"
        if text.lstrip().startswith("[") and '"document"' in text:
            return "czml"
        if suffix == ".json" and ('"FeatureCollection"' in text or '"Feature"' in text):
            return "geojson"
    return SUFFIXES.get(suffix)


def reader(fmt: str) -> Callable[..., ImportResult]:
    module, name = READERS[fmt]
    fn: Callable[..., ImportResult] = getattr(importlib.import_module(module), name)
    return fn


def read(path: Path, fmt: str = "auto", mapping: Mapping[str, str] | None = None) -> ImportResult:
    """Read `path` as `fmt` ("auto": from its name and first bytes) into an ImportResult."""
    from dashboard.core.problems import Problem

    path = Path(path)
    if fmt == "auto":
        found = detect(path)
        if found is None:
            result = ImportResult()
            result.problems.append(
                Problem(path.name, None, None, None, f"cannot tell its format; give --format ({', '.join(READERS)})")
            )
            return result
        fmt = found
    if fmt in ("csv", "xlsx", "ods"):
        return reader(fmt)(path, mapping)
    return reader(fmt)(path)


__all__ = ["IMPORT_FORMATS", "READERS", "ImportResult", "detect", "read", "reader"]
