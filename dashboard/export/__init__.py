"""Exports of the map and its data, shared by the CLI and the app (no streamlit here).

Formats (each an `export_<format>(loaded, options, out, ...)` function):

- png: the very map the app shows (`build_map`, controls off, with a title),
  rendered by headless Chromium from the self-contained HTML, plus a footnote
  listing the cited sources and the basemap attribution. One browser is kept
  alive per process (`BrowserRenderer`, `default_renderer()`), so a second
  export does not launch it again;
- svg, pdf: a print-quality static rendering with geopandas + matplotlib, no
  browser: basemap, areas, geodesic routes, the units' APP-6 symbols (drawn
  from milsymbol's SVG as vector paths), events, title, date, legend, footnote;
  texts stay real text (searchable, selectable);
- html: one self-contained interactive file (every asset inlined) with timeline
  playback, that opens offline;
- geojson: the state on the date (`dashboard.geojson`);
- gif, mp4: the timeline between two dates, units gliding along their routes;
  frames come from one browser page (`deploymap.setDay(fractional day)` then a
  screenshot), or from the static renderer (`engine="static"`, also the
  fallback when Chromium is missing).

Every file is written atomically: to a temporary file in the target folder,
then renamed, so an interrupted export never leaves a half-written file.

Modules: `dispatch` (`export`/`export_bytes`, and `EXPORTERS`: which module holds each format),
`formats` (one function per drawn format), `geojson` (data only: no folium, matplotlib or
playwright), `layout` (what formats share), `browser` (Chromium), `static` (matplotlib) with
`mplsymbols`, `files` (atomic writes), `errors`. The command line is `dashboard.cli.export`.

The names below are imported on first use (PEP 562), so `import dashboard.export` (or its
`errors`) costs no map library, and a GeoJSON export never imports folium.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dashboard.export.errors import BrowserUnavailable, ExportError
from dashboard.export.layout import ANIMATIONS, FORMATS, STILL_IMAGES

if TYPE_CHECKING:
    from dashboard.export.browser import chromium_available, close_default_renderer, default_renderer
    from dashboard.export.dispatch import export, export_bytes
    from dashboard.export.formats import (
        export_gif,
        export_html,
        export_mp4,
        export_pdf,
        export_png,
        export_svg,
    )
    from dashboard.export.geojson import export_geojson

_LAZY = {  # name -> the module that defines it, imported on first use
    "chromium_available": "dashboard.export.browser",
    "close_default_renderer": "dashboard.export.browser",
    "default_renderer": "dashboard.export.browser",
    "export": "dashboard.export.dispatch",
    "export_bytes": "dashboard.export.dispatch",
    "export_geojson": "dashboard.export.geojson",
    "export_gif": "dashboard.export.formats",
    "export_html": "dashboard.export.formats",
    "export_mp4": "dashboard.export.formats",
    "export_pdf": "dashboard.export.formats",
    "export_png": "dashboard.export.formats",
    "export_svg": "dashboard.export.formats",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ANIMATIONS",
    "FORMATS",
    "STILL_IMAGES",
    "BrowserUnavailable",
    "ExportError",
    "chromium_available",
    "close_default_renderer",
    "default_renderer",
    "export",
    "export_bytes",
    "export_geojson",
    "export_gif",
    "export_html",
    "export_mp4",
    "export_pdf",
    "export_png",
    "export_svg",
]
