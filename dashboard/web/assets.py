"""Offline web assets: Leaflet from the pinned npm package, our script and styles.

Maps reference assets by paths relative to `dashboard/web/frontend/`, the folder the
Streamlit component serves; `inline_assets` embeds them instead, for exports
that must open anywhere without a server or a network.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

FRONTEND = Path(__file__).resolve().parent / "frontend"
ASSETS = {
    "leaflet.js": "node_modules/leaflet/dist/leaflet.js",
    "leaflet.css": "node_modules/leaflet/dist/leaflet.css",
    "deploymap.js": "deploymap.js",
    "deploymap.css": "deploymap.css",
    "pages.js": "pages.js",  # story and published pages (dashboard/publish), not the app's map
}
SETUP_HINT = "run `make setup` (it installs the pinned npm packages into dashboard/web/frontend/node_modules)"


class MissingAssets(RuntimeError):
    pass


def url(name: str) -> str:
    return ASSETS[name]


def path(name: str) -> Path:
    return FRONTEND / ASSETS[name]


def check() -> list[str]:
    """Names of assets that are not installed."""
    return [name for name in ASSETS if not path(name).is_file()]


@lru_cache(maxsize=8)
def _read(rel: str) -> str:
    file = FRONTEND / rel
    if not file.is_file():
        raise MissingAssets(f"{file} is missing: {SETUP_HINT}")
    return file.read_text(encoding="utf-8")


def _inline_css_urls(css: str, css_rel: str) -> str:
    folder = (FRONTEND / css_rel).parent

    def repl(m: re.Match) -> str:
        target = (folder / m.group(1)).resolve()
        if target.suffix == ".png" and target.is_file() and FRONTEND in target.parents:
            data = base64.b64encode(target.read_bytes()).decode("ascii")
            return f"url(data:image/png;base64,{data})"
        return m.group(0)

    return re.sub(r"url\(['\"]?([^'\")]+\.png)['\"]?\)", repl, css)


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A re.sub replacement that inserts `text` as is (backslashes not read as escapes)."""
    return lambda _m: text


def inline_assets(html: str) -> str:
    """Replace links to local assets with their contents (scripts, styles, images)."""
    for rel in ASSETS.values():
        if rel.endswith(".js"):
            content = _read(rel).replace("</script", "<\\/script")
            html = html.replace(f'<script src="{rel}"></script>', f"<script>{content}</script>")
        else:
            content = _inline_css_urls(_read(rel), rel).replace("</style", "<\\/style")
            html = re.sub(
                rf'<link rel="stylesheet" href="{re.escape(rel)}"\s*/?>',
                _literal(f"<style>{content}</style>"),
                html,
            )
    return html
