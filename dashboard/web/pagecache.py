"""Map pages kept on disk between server starts (issue 19, cold start).

Rule: a map page is a pure function of the dataset's content (`LoadedDataset.fingerprint`), the
options that decide its HTML (the app's `options_key`), and the code and pinned packages that build
it. Its file is named by a hash of all three, so a page is read back only for the very inputs that
built it: a change to the data, to any Python file of `dashboard/`, to the basemap files or to any
installed package (folium, pyproj, ...) gives another name, and the old file is never read again
(the oldest files beyond `KEEP` are removed). `make run` builds the bundled dataset's first page
before the server starts (`python -m dashboard prepare --data DIR`), as Python's bytecode is
compiled before it: a server's first run then reads the page instead of importing folium and building
it (about 1 s of CPU on this host; benchmarks/README.md, "Cold start").

The app never reads or writes a viewer's upload here: an upload must not outlive its session.
`DEPLOYMAP_PAGE_CACHE` names the folder (default `.cache/mappages` in the repository); `off` turns
the cache off. A folder that cannot be written only costs the next start the build, said once on
the server's log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from dashboard.core.paths import DEFAULT_DATA, REPO_ROOT

PACKAGE = Path(__file__).resolve().parent.parent  # dashboard/
BASEMAP_FILES = ("countries-110m.geojson", "countries-50m.geojson")
KEEP = 32  # page files kept; the oldest beyond are removed on a write
SUFFIX = ".html"


def folder() -> Path | None:
    """Where pages are kept (None: the cache is off)."""
    named = os.environ.get("DEPLOYMAP_PAGE_CACHE")
    if named is not None and named.strip().lower() in ("", "off", "0", "no"):
        return None
    return Path(named) if named else REPO_ROOT / ".cache" / "mappages"


def _installed() -> list[str]:
    """Every installed distribution as `name-version` (its dist-info folder's name, in the folder that
    holds folium): one directory listing, where importing folium or reading metadata would cost what
    the cache saves. Any package upgraded, added or removed gives a new key."""
    spec = importlib.util.find_spec("folium")
    if spec is None or not spec.submodule_search_locations:
        return ["folium-missing"]
    site = Path(next(iter(spec.submodule_search_locations))).parent
    return sorted(p.name for p in site.iterdir() if p.name.endswith(".dist-info"))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """What builds a page: every Python file of the package, the basemap files, the installed packages."""
    h = hashlib.sha256()
    for f in sorted(PACKAGE.rglob("*.py")):
        h.update(f.relative_to(PACKAGE).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    for name in BASEMAP_FILES:
        f = DEFAULT_DATA / "geo" / name
        h.update(name.encode() + b"\0" + (f.read_bytes() if f.is_file() else b"missing") + b"\0")
    for name in _installed():
        h.update(name.encode() + b"\0")
    return h.hexdigest()


def _plain(value: Any) -> Any:
    """A JSON value that is the same for equal options in every process (sets sorted, dates written)."""
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"no stable form for {type(value).__name__}")


def data_digest(data: Path) -> str:
    """Every file of the dataset's folder (or the file), by content: the YAML the fingerprint covers
    and what it names (GeoJSON areas, seeds)."""
    h = hashlib.sha256()
    files = sorted(f for f in data.rglob("*") if f.is_file()) if data.is_dir() else [data]
    for f in files:
        h.update(f.relative_to(data).as_posix().encode() if data.is_dir() else f.name.encode())
        h.update(b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def page_key(data: Path, fingerprint: str, options: Any) -> str:
    """The file name's hash: the dataset (its files and fingerprint), the options (a dataclass), the code."""
    fields = {f.name: _plain(getattr(options, f.name)) for f in dataclasses.fields(options)}
    inputs = [data_digest(data), fingerprint, type(options).__name__, fields, code_digest()]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:32]


def read(key: str) -> str | None:
    """The page kept under `key`, or None."""
    where = folder()
    if where is None:
        return None
    try:
        return (where / f"{key}{SUFFIX}").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


_warned: list[str] = []


def _age(file: Path) -> int:
    """When `file` was written (0: removed meanwhile, by another server's pruning)."""
    try:
        return file.stat().st_mtime_ns
    except OSError:
        return 0


def write(key: str, page: str) -> None:
    """Keep `page` under `key` (written whole, then renamed: a reader never sees half a page)."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(page)
            os.chmod(tmp, 0o644)  # as any file the server writes, not mkstemp's owner-only mode
            os.replace(tmp, where / f"{key}{SUFFIX}")
        finally:
            Path(tmp).unlink(missing_ok=True)  # left only by a failed write (a full disk)
        kept = sorted(where.glob(f"*{SUFFIX}"), key=_age, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        if not _warned:  # the operator's log, once: the map still shows, built at each start
            _warned.append(str(exc))
            print(f"deploymap: map pages not kept in {where} ({exc}); each start builds its map", file=sys.stderr)


def page(data: Path | None, fingerprint: str, options: Any, build: Callable[[], str]) -> str:
    """The map page of the dataset at `data` for these options: read from disk if kept, else `build()`
    (then kept). `data` None (an upload): built, neither read nor kept."""
    if data is None or folder() is None:
        return build()
    try:
        key = page_key(data, fingerprint, options)
    except OSError:  # the dataset's files moved meanwhile: build, keep nothing
        return build()
    kept = read(key)
    if kept is not None:
        return kept
    built = build()
    write(key, built)
    return built


def first_page(data: Path) -> tuple[Path | None, str]:
    """Build and keep the first page the app shows for the dataset at `data` (no filter, no
    highlight, the default window; the date is set client-side): `make run` calls it before the
    server starts. Returns the page's file (None: the cache is off) and its key."""
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.options import MapOptions, default_window

    loaded = load_dataset(data)
    timeline = build_timeline(loaded)
    options = MapOptions(window=default_window(loaded, timeline))
    page(data, loaded.fingerprint, options, lambda: build(loaded, options, timeline))
    where = folder()
    key = page_key(data, loaded.fingerprint, options)
    return (where / f"{key}{SUFFIX}" if where else None), key


def build(loaded: Any, options: Any, timeline: Any) -> str:
    """The map page, built (imports folium: only when no kept page serves)."""
    from dashboard.web.page import build_map, render_html

    return render_html(build_map(loaded, options, timeline))
