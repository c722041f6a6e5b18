"""Writing an import as a dataset folder that `python -m dashboard validate --data DIR` checks.

Rule: one YAML file per non-empty section (`sources.yaml`, `places.yaml`, ...), each source's stored
text as `sources/<id>.txt` beside them (the `file` its record names), nothing else. The folder must be
new or empty: an import never mixes with files it did not write. Every string is written as a
double-quoted YAML scalar (JSON's escapes, which YAML reads alike), so hostile text stays text, and a
dataset of 100,000 records is written in well under a second (PyYAML's emitter takes ~2 s for
10,000 movements).
"""

from __future__ import annotations

import json
import os
import re
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from dashboard.core.gcpause import without_gc
from dashboard.interchange.tables import SECTIONS, ImportResult

HEADER = """\
# Imported by `python -m dashboard import` from {origin}.
# Check it with `python -m dashboard validate --data {folder}`: quotes must be verbatim in a stored
# source (sources/*.txt); a quote whose source has no stored text is listed there as one to check.
"""


class ImportTargetError(ValueError):
    """The output folder cannot take the import (it holds other files, or is a file)."""


# Characters YAML reads as line breaks or refuses raw (C1 controls, DEL, U+2028/9, BOM): written as \u escapes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


def _string(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes, which YAML reads alike)."""
    out: str = encode_basestring(value)
    if _YAML_UNSAFE.search(out):
        out = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
    return out


def _scalar(value: Any) -> str:
    if type(value) is str:
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    # lists of scalars, GeoJSON geometries: JSON is YAML's flow style (every non-ASCII character escaped)
    return json.dumps(value, ensure_ascii=True)


def _emit(value: Any, indent: int, out: list[str]) -> None:
    """A mapping's fields at `indent`, nested lists of mappings in block style."""
    pad = " " * indent
    for key, v in value.items():
        if type(v) is str:
            out.append(f"{pad}{key}: {_string(v)}\n")
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v) and key != "coordinates":
            out.append(f"{pad}{key}:\n")
            for item in v:
                _item(item, indent + 2, out)
        else:
            out.append(f"{pad}{key}: {_scalar(v)}\n")


def _item(rec: dict[str, Any], indent: int, out: list[str]) -> None:
    lines: list[str] = []
    _emit(rec, indent + 2, lines)
    if lines:
        lines[0] = " " * indent + "- " + lines[0][indent + 2 :]
    out.extend(lines)


def section_yaml(section: str, records: list[dict[str, Any]]) -> str:
    out: list[str] = [f"{section}:\n"]
    for rec in records:
        _item(rec, 2, out)
    return "".join(out)


@without_gc
def write_dataset(result: ImportResult, folder: Path, origin: str) -> list[Path]:
    """Write the import's records and source texts into `folder` (new or empty); the files written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ImportTargetError(f"--out {folder} is a file; give a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ImportTargetError(f"--out {folder} is not empty; give a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    header = HEADER.format(origin=origin.replace("\n", " "), folder=folder.as_posix())
    for section in SECTIONS:
        records = result.data.get(section) or []
        if not records:
            continue
        path = folder / f"{section}.yaml"
        path.write_text(header + section_yaml(section, records), encoding="utf-8")
        written.append(path)
    if result.texts:
        (folder / "sources").mkdir(exist_ok=True)
    for source_id, text in result.texts.items():
        path = folder / "sources" / f"{source_id}.txt"
        if os.path.dirname(f"sources/{source_id}.txt") != "sources":  # ids hold no '/', checked by the model
            continue
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
