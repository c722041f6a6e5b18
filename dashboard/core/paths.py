"""Where things are: the repository (for a checkout or an editable install) and its data."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
REPO_ROOT = PACKAGE.parent
DEFAULT_DATA = REPO_ROOT / "data"
BASEMAP = DEFAULT_DATA / "geo" / "countries-50m.geojson"  # Natural Earth 1:50m countries (make basemap)
