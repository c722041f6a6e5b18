"""Round trips: export a dataset, import the file, load the folder, and compare record by record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shapely.geometry import shape

from dashboard.core.loader import LoadedDataset, load_dataset
from dashboard.export.dispatch import export
from dashboard.interchange import read
from dashboard.interchange.dataset import write_dataset
from dashboard.web.options import MapOptions

ROOT = Path(__file__).resolve().parents[2]
DATASETS = {
    "bundled": ROOT / "data",
    "claims": ROOT / "tests/data/valid/claims.yaml",
    "injection": ROOT / "tests/data/valid/injection",
    "folder": ROOT / "tests/data/valid/folder",
    "exact_dates": ROOT / "tests/data/valid/exact_dates",
}
SECTIONS = ("sources", "places", "units", "movements", "events", "areas")


def dump(loaded: LoadedDataset, section: str) -> dict[str, dict[str, Any]]:
    """A section as {id: fields} (dates and numbers as written, alternatives included)."""
    out: dict[str, dict[str, Any]] = {}
    for rec in getattr(loaded.dataset, section):
        fields = rec.model_dump(by_alias=True, exclude_none=True)
        if section == "areas":
            fields["geometry"] = loaded.geometries[rec.id].normalize().wkt
        if section == "sources":
            fields.pop("file", None)
            fields["text"] = loaded.source_texts.get(rec.id)
        out[rec.id] = fields
    return out


def differences(a: LoadedDataset, b: LoadedDataset, lost: dict[str, set[str]] | None = None) -> list[str]:
    """Every field that differs between two datasets, except the `lost` fields of each section."""
    lost = lost or {}
    diffs: list[str] = []
    for section in SECTIONS:
        if lost.get(section) == {"*"}:
            continue
        da, db = dump(a, section), dump(b, section)
        if set(da) != set(db):
            diffs.append(f"{section}: ids {sorted(set(da) ^ set(db))[:5]} differ")
            continue
        for rid, fa in da.items():
            fb = db[rid]
            for key in sorted(set(fa) | set(fb)):
                if key in lost.get(section, set()):
                    continue
                if fa.get(key) != fb.get(key):
                    diffs.append(f"{section} {rid} {key}: {fa.get(key)!r} != {fb.get(key)!r}")
    return diffs


def round_trip(source: Path, fmt: str, tmp: Path, suffix: str | None = None) -> tuple[LoadedDataset, LoadedDataset]:
    """Export `source` as `fmt`, import the file, write and load the folder: (original, imported)."""
    original = load_dataset(source)
    out = tmp / f"export.{suffix or fmt}"
    export(fmt, original, MapOptions(), out)
    result = read(out, fmt if fmt in ("orbat", "mfjson", "czml") else "auto")
    assert not [p for p in result.problems if not p.todo], [str(p) for p in result.problems][:10]
    write_dataset(result, tmp / "imported", out.name)
    return original, load_dataset(tmp / "imported")


def same_geometry(a: Any, b: Any) -> bool:
    return bool(shape(a).equals(shape(b)))
