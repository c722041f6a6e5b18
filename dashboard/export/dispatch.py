"""`export`/`export_bytes`: pick a format's function by name, importing only that format's module.

`EXPORTERS` is the one place that says where each format lives. The module of a data format
(`geojson`) imports no map library; `formats` (the drawn formats) imports folium on use,
matplotlib (`static`) and Chromium (`browser`) only inside the functions that draw with them."""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from dashboard.export.alt import IMAGE_FORMATS, alt_text, embed_alt
from dashboard.export.errors import ExportError
from dashboard.export.layout import FORMATS

EXPORTERS: dict[str, tuple[str, str]] = {  # format -> (module, function)
    "png": ("dashboard.export.formats", "export_png"),
    "svg": ("dashboard.export.formats", "export_svg"),
    "pdf": ("dashboard.export.formats", "export_pdf"),
    "html": ("dashboard.export.formats", "export_html"),
    "geojson": ("dashboard.export.geojson", "export_geojson"),
    "gif": ("dashboard.export.formats", "export_gif"),
    "mp4": ("dashboard.export.formats", "export_mp4"),
    "csv": ("dashboard.interchange.csv_xlsx", "export_csv"),
    "xlsx": ("dashboard.interchange.csv_xlsx", "export_xlsx"),
    "kml": ("dashboard.interchange.kml", "export_kml"),
    "kmz": ("dashboard.interchange.kml", "export_kmz"),
    "czml": ("dashboard.interchange.czml", "export_czml"),
    "mfjson": ("dashboard.interchange.mfjson", "export_mfjson"),
    "orbat": ("dashboard.interchange.orbat", "export_orbat"),
}


def exporter(fmt: str) -> Callable[..., Path]:
    """The `export_<format>` function, its module imported now (and only it)."""
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    module, name = EXPORTERS[fmt]
    fn: Callable[..., Path] = getattr(importlib.import_module(module), name)
    return fn


def export(fmt: str, loaded, options, out: Path, **kw) -> Path:
    """Dispatch on the format name (`FORMATS`). An image (PNG, SVG, GIF) carries the map in words as
    its alt text (dashboard/export/alt.py)."""
    path = exporter(fmt)(loaded, options, out, **kw)
    if fmt in IMAGE_FORMATS:
        text = alt_text(loaded, options, kw.get("timeline"), kw.get("start"), kw.get("end"))
        embed_alt(fmt, path, text)
    return path


def export_bytes(fmt: str, loaded, options, **kw) -> bytes:
    """The export as bytes (for a download button): written to a private temporary folder, read back."""
    with tempfile.TemporaryDirectory(prefix="dashboard-export-") as tmp:
        out = Path(tmp) / f"export.{fmt}"
        export(fmt, loaded, options, out, **kw)
        return out.read_bytes()
