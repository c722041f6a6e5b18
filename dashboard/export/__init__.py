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
"""

from __future__ import annotations

import argparse
import atexit
import base64
import datetime as dt
import html as html_lib
import io
import json
import math
import os
import queue
import re
import signal
import stat
import sys
import tempfile
import textwrap
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

FORMATS = ("png", "svg", "pdf", "html", "geojson", "gif", "mp4")
STILL_IMAGES = ("png", "svg", "pdf")
ANIMATIONS = ("gif", "mp4")
ENGINES = ("auto", "browser", "static")
CHROMIUM = Path(os.environ.get("DASHBOARD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic")
DEFAULT_TITLE = "Troop deployments"
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1600, 1000
SIZE_RANGE = (200, 6000)
SCALE_RANGE = (0.5, 4.0)
MAX_PIXELS_SIDE = 16000  # Chromium cannot capture more than 16384 px on a side
FRAMES_RANGE = (2, 1000)
FPS_RANGE = (0.1, 60.0)
DEFAULT_FRAMES, DEFAULT_FPS = 30, 8.0
MAX_FOOTNOTE_SOURCES = 8
PAGE_TIMEOUT_MS = 30_000
SYMBOLS_CREDIT = "Symbols: APP-6 / MIL-STD-2525 (milsymbol)"

# Styles shared with the web map (dashboard/web/frontend/deploymap.js and deploymap.css).
AREA_COLOURS = {"friend": "#1f6fd1", "hostile": "#d0312d", "neutral": "#2e9e44", "unknown": "#c9a400"}
ROUTE_STYLES = {  # phase -> colour, opacity, width (CSS px), dashes (CSS px) or None
    0: ("#5b6b7a", 0.55, 2.0, (4, 7)),
    1: ("#e07b00", 0.95, 3.5, (10, 8)),
    2: ("#1f4e8c", 0.85, 2.5, None),
}
HIGHLIGHT_COLOUR = "#c8008f"
OCEAN, LAND, BORDER = "#c9dcea", "#f3efe6", "#8a8f94"
EVENT_COLOUR = "#6a3d9a"
PT_PER_PX = 0.72  # static figures are laid out at 100 dpi: one CSS pixel of the web map is 0.72 pt


class ExportError(ValueError):
    """A parameter an export cannot use (the CLI reports it with exit code 2)."""


class BrowserUnavailable(RuntimeError):
    """Headless Chromium (or Playwright) is missing or failed to start."""


# --------------------------------------------------------------------------- files


def _special_file(out: Path) -> str | None:
    """What `out` is when it exists and is not a regular file (nor a link to one): a rename
    over it would replace a FIFO, socket or device node (`/dev/null` as root) with a file."""
    try:
        mode = os.stat(out).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return None  # a dangling link or unreadable path: the write itself will say
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def refuse_special_file(out: Path) -> None:
    kind = _special_file(out)
    if kind is not None:
        raise ExportError(f"--out {out} is {kind}, not a regular file; exports only create or replace regular "
                          "files: give a file name")


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside `out`; rename it over `out` only on success, and never over
    anything but a regular file (see refuse_special_file)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:  # on disk before the rename makes it visible
            os.fsync(fh.fileno())
        refuse_special_file(out)  # again: it may have appeared while the export ran
        try:  # mkstemp makes the file private (0600); give it the mode a new file would get
            os.chmod(tmp, out.stat().st_mode & 0o7777 if out.exists() else 0o666 & ~_umask())
        except OSError:
            pass
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
    """The process's umask, read without changing it where Linux allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes_atomic(out: Path, data: bytes) -> None:
    with atomic_path(out) as tmp:
        tmp.write_bytes(data)


def check_writable(out: Path) -> None:
    """Raise ExportError unless `out` can be written (checked before a long export starts)."""
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"--out {out} is a folder; give a file name")
    refuse_special_file(out)
    if out.exists() and not os.access(out, os.W_OK):
        raise ExportError(f"cannot write {out}: permission denied")
    parent = out.parent
    while not parent.exists():
        if parent.parent == parent:
            break
        parent = parent.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {out}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {out}: the folder {parent} is not writable")


# --------------------------------------------------------------------------- shared helpers


def _timeline(loaded, timeline=None):
    from dashboard.engine.timeline import build_timeline
    return timeline if timeline is not None else build_timeline(loaded)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def long_date(day: dt.date) -> str:
    """'10 February 2022', as the map's date label writes it."""
    return f"{day.day} {day:%B %Y}"


def resolve_date(loaded, options, timeline) -> dt.date:
    from dashboard.web.page import default_date, default_window
    if options.date is not None:
        return options.date
    return default_date(loaded, options.window or default_window(loaded, timeline))


def window_covering(loaded, timeline, *days: dt.date, base: tuple[dt.date, dt.date] | None = None) -> tuple[dt.date, dt.date]:
    """The map's timeline window, widened so every given date is inside it (the map clamps to it)."""
    from dashboard.web.page import default_window
    first, last = base or default_window(loaded, timeline)
    for d in days:
        if d is not None:
            first, last = min(first, d), max(last, d)
    return first, last


def fit_bounds(loaded, timeline, movement_ids: frozenset[str] | None = None) -> tuple[float, float, float, float] | None:
    """West, south, east, north around every feature: the selected routes (geodesics), events, areas,
    and units shown at home; with a margin. None when there is nothing to show."""
    lons: list[float] = []
    lats: list[float] = []
    for i, mid in enumerate(timeline.ids):
        if movement_ids is None or mid in movement_ids:
            r = timeline.routes[i]
            lons.extend(r[:, 0].tolist())
            lats.extend(r[:, 1].tolist())
    for e in loaded.dataset.events:
        p = loaded.places.get(e.place)
        if p is not None:
            lons.append(p.lon)
            lats.append(p.lat)
    for a in loaded.dataset.areas:
        g = loaded.geometries.get(a.id)
        if g is not None and not g.is_empty:
            w, s, e, n = g.bounds
            lons += [w, e]
            lats += [s, n]
    if movement_ids is None:
        moving = {m.unit for m in loaded.dataset.movements}
        for u in loaded.dataset.units:
            if u.home and u.id not in moving and u.home in loaded.places:
                lons.append(loaded.places[u.home].lon)
                lats.append(loaded.places[u.home].lat)
    if not lons:
        return None
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = max(0.5, (east - west) * 0.04), max(0.5, (north - south) * 0.06)
    return (max(-180.0, west - pad_x), max(-85.0, south - pad_y), min(180.0, east + pad_x), min(85.0, north + pad_y))


def _bounds_for(loaded, timeline, options) -> tuple[float, float, float, float]:
    b = options.bounds or fit_bounds(loaded, timeline, options.movement_ids)
    return b or (-25.0, 30.0, 50.0, 72.0)  # Europe, when the selection is empty


def cited_sources(loaded, movement_ids: frozenset[str] | None, first: dt.date, last: dt.date) -> list:
    """Sources cited by what the map shows between `first` and `last` (dataset order)."""
    from dashboard.engine.timeline import day_number
    cited: set[str] = set()

    def add(citations) -> None:
        cited.update(c.source for c in citations if c.source)

    units = set()
    for m in loaded.dataset.movements:
        if movement_ids is None or m.id in movement_ids:
            add(m.citations)
            units.add(m.unit)
    if movement_ids is None:
        units |= {u.id for u in loaded.dataset.units if u.home}
    for uid in units:
        u = loaded.units.get(uid)
        if u is not None:
            add(u.citations)
    lo, hi = day_number(first), day_number(last)
    for e in loaded.dataset.events:
        if day_number(e.date) <= hi:
            add(e.citations)
    for a in loaded.dataset.areas:
        if day_number(a.valid_from) <= hi and (a.valid_to is None or day_number(a.valid_to) >= lo):
            add(a.citations)
    return [s for s in loaded.dataset.sources if s.id in cited]


def source_line(s) -> str:
    return f"{s.title} — {s.publisher}, {s.published.day} {s.published:%b %Y}"


def footnote_lines(sources: Sequence) -> tuple[list[str], str]:
    """(one entry per cited source, capped; the attribution line)."""
    from dashboard.web.page import ATTRIBUTION
    items = [source_line(s) for s in sources[:MAX_FOOTNOTE_SOURCES]]
    if len(sources) > MAX_FOOTNOTE_SOURCES:
        items.append(f"and {len(sources) - MAX_FOOTNOTE_SOURCES} more (see the dataset)")
    if not items:
        items = ["none cited by what is shown"]
    credit = (f"{ATTRIBUTION}. {SYMBOLS_CREDIT}. Positions between reported dates are interpolated; "
              "arrivals not reported are estimated.")
    return items, credit


FOOTNOTE_CSS = """
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; background: #fff; }
body > .folium-map { flex: 1 1 auto; height: auto !important; min-height: 0; }
.dm-export-footnote { flex: none; order: 2; font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1c2833; background: #fff; padding: 5px 10px 7px; border-top: 1px solid #9aa7b4; }
.dm-export-footnote b { font-weight: 700; }
.dm-export-footnote .dm-fn-credit { color: #4d5b69; font-size: 11px; }
.leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-attribution { display: none !important; }
path.dm-transit { animation: none !important; }
"""


def footnote_html(sources: Sequence) -> str:
    """The footnote as HTML: every dataset text escaped."""
    items, credit = footnote_lines(sources)
    esc = html_lib.escape
    body = "; ".join(f'<span class="dm-fn-source">{esc(t)}</span>' for t in items)
    return (f"<style>{FOOTNOTE_CSS}</style>"
            f'<div class="dm-export-footnote" id="dm-export-footnote"><b>Sources:</b> {body}'
            f'<div class="dm-fn-credit">{esc(credit)}</div></div>')


def _progress(total: int, desc: str, enabled: bool):
    from tqdm import tqdm
    return tqdm(total=total, desc=desc, unit="step" if total < 10 else "frame", file=sys.stderr,
                disable=not enabled, leave=False, dynamic_ncols=True)


# --------------------------------------------------------------------------- validation


def check_size(width: int, height: int, scale: float) -> None:
    lo, hi = SIZE_RANGE
    for name, v in (("width", width), ("height", height)):
        if not isinstance(v, int) or not lo <= v <= hi:
            raise ExportError(f"--{name} must be a whole number of pixels from {lo} to {hi}; got {v}")
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and SCALE_RANGE[0] <= scale <= SCALE_RANGE[1]):
        raise ExportError(f"--scale must be from {SCALE_RANGE[0]} to {SCALE_RANGE[1]}; got {scale}")
    if max(width, height) * scale > MAX_PIXELS_SIDE:
        raise ExportError(f"the image would be {round(width * scale)} x {round(height * scale)} pixels; "
                          f"keep each side times --scale under {MAX_PIXELS_SIDE}")


def check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    if len(bbox) != 4 or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in bbox):
        raise ExportError("--bbox must be four numbers: west,south,east,north (degrees)")
    w, s, e, n = (float(v) for v in bbox)
    if not (-180 <= w <= 180 and -180 <= e <= 180):
        raise ExportError(f"--bbox longitudes must be from -180 to 180; got west={w}, east={e}")
    if not (-85 <= s <= 85 and -85 <= n <= 85):
        raise ExportError(f"--bbox latitudes must be from -85 to 85 (the map's projection); got south={s}, north={n}")
    if not (w < e and s < n):
        raise ExportError("--bbox must be west,south,east,north with west < east and south < north")
    return (w, s, e, n)


def check_animation(start: dt.date, end: dt.date, frames: int, fps: float) -> None:
    if start >= end:
        raise ExportError(f"--from ({start}) must be before --to ({end})")
    if not (isinstance(frames, int) and FRAMES_RANGE[0] <= frames <= FRAMES_RANGE[1]):
        raise ExportError(f"--frames must be from {FRAMES_RANGE[0]} to {FRAMES_RANGE[1]}; got {frames}")
    if not (isinstance(fps, (int, float)) and math.isfinite(fps) and FPS_RANGE[0] <= fps <= FPS_RANGE[1]):
        raise ExportError(f"--fps must be from {FPS_RANGE[0]} to {FPS_RANGE[1]}; got {fps}")


def frame_days(start: dt.date, end: dt.date, frames: int) -> np.ndarray:
    """Fractional day numbers of the frames, evenly from `start` to `end` (both shown)."""
    from dashboard.engine.timeline import day_number
    return np.linspace(day_number(start), day_number(end), frames)


# --------------------------------------------------------------------------- browser


def chromium_available(executable: Path | str | None = None) -> bool:
    path = Path(executable or CHROMIUM)
    if not (path.is_file() and os.access(path, os.X_OK)):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def is_local_url(url: str) -> bool:
    """Requests an export page may make: inline data, blank pages, local files and local servers."""
    low = url.lower()
    if low.startswith(("data:", "about:", "blob:", "file:")):
        return True
    m = re.match(r"^(?:https?|wss?)://([^/:?#]+|\[[^\]]*\])(?::\d+)?(?:[/?#]|$)", low)
    return bool(m) and m.group(1) in ("127.0.0.1", "localhost", "[::1]")


class PageSession:
    """One open page of a BrowserRenderer; every call runs on the renderer's thread.

    `blocked` lists the non-local requests the page attempted (and was refused),
    `requested` every request it made."""

    def __init__(self, renderer: BrowserRenderer, context: Any, page: Any, record: dict, key: tuple):
        self.renderer, self._context, self._page = renderer, context, page
        self.blocked: list[str] = record["blocked"]
        self.requested: list[str] = record["requested"]
        self._record, self._key = record, key

    def evaluate(self, script: str, arg: Any = None) -> Any:
        return self.renderer.call(lambda _b: self._page.evaluate(script, arg))

    def screenshot(self) -> bytes:
        return self.renderer.call(lambda _b: self._page.screenshot(type="png", animations="disabled", caret="hide",
                                                                    scale="device", timeout=PAGE_TIMEOUT_MS))

    def frame(self) -> bytes:
        """A PNG of the viewport for an animation frame: Chromium's fast capture path
        (DevTools `optimizeForSpeed`: quicker PNG compression), else a normal screenshot."""
        def capture(_b):
            try:
                cdp = self._record.get("cdp")
                if cdp is None:
                    cdp = self._record["cdp"] = self._page.context.new_cdp_session(self._page)
                res = cdp.send("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True,
                                                          "captureBeyondViewport": False})
                return base64.b64decode(res["data"])
            except Exception:
                return self._page.screenshot(type="png", animations="disabled", caret="hide", scale="device",
                                             timeout=PAGE_TIMEOUT_MS)
        return self.renderer.call(capture)

    def call(self, fn: Callable[[Any], Any]) -> Any:
        """Run fn(page) on the renderer's thread."""
        return self.renderer.call(lambda _b: fn(self._page))

    def close(self) -> None:
        if self._context is not None:
            ctx, self._context = self._context, None
            page, record, key = self._page, self._record, self._key
            self.blocked, self.requested = list(record["blocked"]), list(record["requested"])
            try:
                self.renderer.call(lambda _b: self.renderer._release(ctx, page, record, key))
            except Exception:
                pass

    def __enter__(self) -> PageSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class BrowserRenderer:
    """A headless Chromium kept alive between exports.

    Playwright's sync API may only be used from the thread that started it,
    and Streamlit runs every rerun in a new thread; so the browser lives in one
    worker thread and every call is handed to it. Use `start()`/`close()`, or
    `with BrowserRenderer() as r:`; `default_renderer()` gives a shared one that
    closes at exit. Pages block every request that is not local (data:, file:,
    about:, 127.0.0.1, localhost) and record what they blocked.
    """

    def __init__(self, executable: Path | str | None = None, args: Sequence[str] = CHROMIUM_ARGS):
        self.executable = Path(executable or CHROMIUM)
        self.args = tuple(args)
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.blocked: list[str] = []  # every blocked request of every page, for checks and tests
        self._idle: dict[tuple, tuple] = {}  # viewport -> (context, page, record); used on the browser's thread
        self.launches = 0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> BrowserRenderer:
        with self._lock:
            if self.running:
                return self
            if not chromium_available(self.executable):
                raise BrowserUnavailable(f"headless Chromium is not available at {self.executable} "
                                         "(or the playwright package is missing); use the static renderer")
            ready: Future = Future()
            self._jobs = queue.Queue()
            self._thread = threading.Thread(target=self._run, args=(ready, self._jobs), name="export-chromium",
                                            daemon=True)
            self._thread.start()
            try:
                ready.result(timeout=60)
            except BaseException as exc:
                self._jobs.put(None)
                self._thread = None
                if isinstance(exc, Exception):
                    raise BrowserUnavailable(f"Chromium did not start: {exc}") from exc
                raise
            self.launches += 1
            return self

    def _run(self, ready: Future, jobs: queue.Queue) -> None:
        try:
            from playwright.sync_api import sync_playwright
            pw = sync_playwright().start()
            try:
                browser = pw.chromium.launch(executable_path=str(self.executable), args=list(self.args),
                                             headless=True, timeout=PAGE_TIMEOUT_MS)
            except BaseException:
                pw.stop()
                raise
        except BaseException as exc:
            ready.set_exception(exc)
            return
        ready.set_result(None)
        self._idle = {}
        try:
            while True:
                job = jobs.get()
                if job is None:
                    break
                fn, fut = job
                if not fut.set_running_or_notify_cancel():
                    continue
                try:
                    fut.set_result(fn(browser))
                except BaseException as exc:  # handed to the caller
                    fut.set_exception(exc)
        finally:
            for closer in (browser.close, pw.stop):
                try:
                    closer()
                except Exception:
                    pass

    def call(self, fn: Callable[[Any], Any]) -> Any:
        """Run fn(browser) on the browser's thread and return its result."""
        if not self.running:
            self.start()
        if threading.current_thread() is self._thread:
            raise RuntimeError("BrowserRenderer.call from its own thread")
        fut: Future = Future()
        self._jobs.put((fn, fut))
        return fut.result()

    def open_page(self, html: str, width: int, height: int, scale: float = 1.0) -> PageSession:
        """A page of width x height CSS px at `scale` device pixels per px, showing `html`.

        Pages are pooled per viewport: a closed session's page is reused by the next
        export of that size (a fresh document each time), which saves ~0.4 s."""
        key = (int(width), int(height), float(scale))

        def open_(browser):
            entry = self._idle.pop(key, None)
            if entry is None:
                context = browser.new_context(viewport={"width": key[0], "height": key[1]},
                                              device_scale_factor=key[2], service_workers="block",
                                              java_script_enabled=True)
                record = {"blocked": [], "requested": []}

                def route(r):
                    url = r.request.url
                    if is_local_url(url):
                        r.continue_()
                    else:
                        record["blocked"].append(url)
                        self.blocked.append(url)
                        r.abort()

                context.route("**/*", route)
                page = context.new_page()
                page.on("request", lambda req: record["requested"].append(req.url))
                page.set_default_timeout(PAGE_TIMEOUT_MS)
            else:
                context, page, record = entry
            record["blocked"], record["requested"] = [], []
            try:
                page.goto("about:blank")  # a new window: nothing of the previous map survives
                page.set_content(html, wait_until="load")
                page.wait_for_function("() => window.deploymap !== undefined && window.L !== undefined")
            except BaseException:
                context.close()
                raise
            return context, page, record

        context, page, record = self.call(open_)
        return PageSession(self, context, page, record, key)

    def _release(self, context: Any, page: Any, record: dict, key: tuple) -> None:
        """Back to the pool (called on the browser's thread); at most a few idle pages are kept."""
        if page.is_closed() or key in self._idle or len(self._idle) >= 3:
            context.close()
        else:
            self._idle[key] = (context, page, record)

    def close(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is None:
                return
            self._jobs.put(None)
            if thread is not threading.current_thread():
                thread.join(timeout=30)

    def __enter__(self) -> BrowserRenderer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


_default: BrowserRenderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> BrowserRenderer:
    """The process's shared renderer (started on first use, closed at exit)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = BrowserRenderer()
            atexit.register(close_default_renderer)
        renderer = _default
    return renderer.start()


def close_default_renderer() -> None:
    global _default
    with _default_lock:
        renderer, _default = _default, None
    if renderer is not None:
        renderer.close()


@contextmanager
def browser_renderer(executable: Path | str | None = None) -> Iterator[BrowserRenderer]:
    """A private renderer for a block of exports: `with browser_renderer() as r: export_png(..., renderer=r)`."""
    r = BrowserRenderer(executable).start()
    try:
        yield r
    finally:
        r.close()


PREPARE_JS = """
async ({mapName, bounds, day, pad}) => {
  const map = window[mapName];
  const settled = () => new Promise(r => {  // the page's own fitBounds may still be animating
    if (!map || !map._animatingZoom) return r();
    map.once('zoomend', () => r()); setTimeout(r, 2000);
  });
  await settled();
  const legend = document.querySelector('.dm-legend');
  if (legend && window.innerWidth < 1100) legend.style.zoom = String(Math.max(0.7, window.innerWidth / 1100));
  // keep the features clear of the legend: fit them into the space beside it, on whichever side it is
  const lr = legend ? legend.getBoundingClientRect() : null;
  const onRight = !lr || (lr.left + lr.right) / 2 > window.innerWidth / 2;
  const reserve = lr ? lr.width + 10 : 0;
  const left = pad[0] + (onRight ? 0 : reserve), right = pad[2] + (onRight ? reserve : 0);
  const size = map ? map.getSize() : null;
  if (map && bounds && size.x > 20 && size.y > 20) {
    // on small images the paddings shrink, so that at least 40 % of each side is left for the features
    const fx = Math.min(1, 0.6 * size.x / (left + right)), fy = Math.min(1, 0.6 * size.y / (pad[1] + pad[3]));
    map.options.zoomSnap = 0;
    map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]],
                  {paddingTopLeft: [left * fx, pad[1] * fy], paddingBottomRight: [right * fx, pad[3] * fy],
                   animate: false});
    await settled();
  }
  if (day !== null) window.deploymap.setDay(day);
  if (document.fonts && document.fonts.ready) await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const label = document.getElementById('dm-date');
  return {date: window.deploymap.isoDate(), label: label ? label.textContent : null,
          units: document.querySelectorAll('.dm-unit').length};
}
"""

FRAME_JS = """
async (day) => {
  window.deploymap.setDay(day);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return window.deploymap.isoDate();
}
"""

# CSS px kept clear around the features: left, top (the date and title), right (room for the labels, which
# run rightwards), bottom (the scale); the legend's width is added on its side.
FIT_PADDING = (24, 96, 90, 56)


def still_map_html(loaded, options, timeline, start: dt.date, end: dt.date) -> tuple[str, str]:
    """(self-contained HTML of the map for a still or frames, the map's JS variable name)."""
    from dashboard.web.page import add_element, build_map, render_html
    m = build_map(loaded, options, timeline)
    add_element(m, footnote_html(cited_sources(loaded, options.movement_ids, start, end)))
    return render_html(m, inline=True), m.get_name()


def _browser_options(loaded, options, timeline, start: dt.date, end: dt.date):
    window = window_covering(loaded, timeline, start, end, base=options.window)
    return replace(options, controls=False, title=options.title or DEFAULT_TITLE, window=window,
                   bounds=_bounds_for(loaded, timeline, options))


def _browser_png(loaded, options, timeline, width, height, scale, renderer, bar) -> bytes:
    from dashboard.engine.timeline import day_number
    day = resolve_date(loaded, options, timeline)
    opts = _browser_options(loaded, replace(options, date=day), timeline, day, day)
    html, name = still_map_html(loaded, opts, timeline, day, day)
    bar.update(1)
    renderer = renderer or default_renderer()
    bar.update(1)
    with renderer.open_page(html, width, height, scale) as page:
        bar.update(1)
        info = page.evaluate(PREPARE_JS, {"mapName": name, "bounds": list(opts.bounds), "day": day_number(day),
                                          "pad": list(FIT_PADDING)})
        if info["date"] != day.isoformat():
            raise RuntimeError(f"the map shows {info['date']}, not {day}")
        png = page.screenshot()
        if page.blocked:
            print(f"warning: blocked {len(page.blocked)} non-local request(s): {page.blocked[:3]}", file=sys.stderr)
    bar.update(1)
    return png


def _pick_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ExportError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "auto":
        return "browser" if chromium_available() else "static"
    if engine == "browser" and not chromium_available():
        raise BrowserUnavailable(f"headless Chromium is not available at {CHROMIUM}; use --engine static")
    return engine


# --------------------------------------------------------------------------- public exports


def export_png(loaded, options, out: Path, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
               scale: float = 2, *, timeline=None, renderer: BrowserRenderer | None = None, engine: str = "auto",
               progress: bool = False) -> Path:
    """The map on `options.date` as a PNG of (width*scale) x (height*scale) pixels."""
    check_size(width, height, scale)
    timeline = _timeline(loaded, timeline)
    kind = "static" if engine == "static" else "browser" if renderer is not None else _pick_engine(engine)
    with _progress(4, "png", progress) as bar:
        png = None
        if kind == "browser":
            try:
                png = _browser_png(loaded, options, timeline, width, height, scale, renderer, bar)
            except BrowserUnavailable:
                if engine != "auto":
                    raise
                print("warning: Chromium is unavailable; drawing the PNG with the static renderer", file=sys.stderr)
        if png is None:
            sm = StaticMap(loaded, options, timeline, width, height, scale)
            bar.update(2)
            png = sm.to_bytes("png")
            bar.update(2)
    png = _exact_png(png, round(width * scale), round(height * scale))
    write_bytes_atomic(out, png)
    return Path(out)


def _exact_png(png: bytes, w: int, h: int) -> bytes:
    """Guard against off-by-one sizes from rounding: crop or pad to exactly w x h."""
    from PIL import Image
    im = Image.open(io.BytesIO(png))
    if im.size == (w, h):
        return png
    canvas = Image.new("RGB", (w, h), "white")
    canvas.paste(im.convert("RGB").crop((0, 0, min(w, im.width), min(h, im.height))), (0, 0))
    buf = io.BytesIO()
    canvas.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _export_static(fmt: str, loaded, options, out: Path, width: int, height: int, timeline) -> Path:
    check_size(width, height, 1)
    data = StaticMap(loaded, options, _timeline(loaded, timeline), width, height).to_bytes(fmt)
    write_bytes_atomic(out, data)
    return Path(out)


def export_svg(loaded, options, out: Path, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, *,
               timeline=None) -> Path:
    """A static vector map (no browser); texts stay text."""
    return _export_static("svg", loaded, options, out, width, height, timeline)


def export_pdf(loaded, options, out: Path, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, *,
               timeline=None) -> Path:
    """A static vector map as PDF (TrueType fonts embedded, text selectable)."""
    return _export_static("pdf", loaded, options, out, width, height, timeline)


def export_html(loaded, options, out: Path, *, timeline=None) -> Path:
    """One self-contained interactive page (assets inlined, timeline playback) that opens offline."""
    from branca.element import Element
    from dashboard.web.page import build_map, render_html
    timeline = _timeline(loaded, timeline)
    day = resolve_date(loaded, options, timeline)
    window = window_covering(loaded, timeline, day, base=options.window)
    opts = replace(options, date=day, window=window, controls=True)
    m = build_map(loaded, opts, timeline)
    title = options.title or DEFAULT_TITLE
    m.get_root().header.add_child(Element(f"<title>{html_lib.escape(title)}</title>"), name="dm_title")
    write_bytes_atomic(out, render_html(m, inline=True).encode("utf-8"))
    return Path(out)


def export_geojson(loaded, options, out: Path, *, timeline=None) -> Path:
    """The state on the date as an RFC 7946 FeatureCollection."""
    from dashboard.engine.features import state_feature_collection
    timeline = _timeline(loaded, timeline)
    day = resolve_date(loaded, options, timeline)
    fc = state_feature_collection(loaded, timeline, day, movement_ids=options.movement_ids)
    write_bytes_atomic(out, json.dumps(fc, ensure_ascii=False).encode("utf-8"))
    return Path(out)


def _progress_bar(frame: np.ndarray, fraction: float) -> np.ndarray:
    """Draw a thin timeline progress bar along the bottom edge (also keeps every frame distinct,
    so a GIF encoder never merges frames: the last pixel's shade carries the fraction)."""
    h, w = frame.shape[:2]
    t = max(2, round(h / 250))
    band = frame[h - t:, :, :]
    band[:] = (214, 221, 228)
    x = fraction * w
    full = int(x)
    band[:, :full] = (31, 78, 140)
    if full < w:
        part = x - full
        band[:, full] = (np.array((214, 221, 228)) * (1 - part) + np.array((31, 78, 140)) * part).astype(np.uint8)
    return frame


def render_frames(loaded, options, start: dt.date, end: dt.date, frames: int = DEFAULT_FRAMES,
                  width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, scale: float = 1, *, timeline=None,
                  renderer: BrowserRenderer | None = None, engine: str = "auto",
                  progress: bool = False, on_frame=None) -> Iterator[np.ndarray]:
    """Frames (H x W x 3 uint8) of the timeline from `start` to `end`, units gliding along their routes.
    `on_frame(done, total)` is called after each frame (the app's progress bar)."""
    check_size(width, height, scale)
    timeline = _timeline(loaded, timeline)
    days = frame_days(start, end, frames)
    kind = "static" if engine == "static" else "browser" if renderer is not None else _pick_engine(engine)
    from PIL import Image
    if kind == "browser" and renderer is None:
        try:
            renderer = default_renderer()
        except BrowserUnavailable:
            if engine != "auto":
                raise
            print("warning: Chromium did not start; drawing the frames with the static renderer", file=sys.stderr)
            kind = "static"
    with _progress(frames, "frames", progress) as bar:
        if kind == "browser":
            opts = _browser_options(loaded, replace(options, date=start), timeline, start, end)
            html, name = still_map_html(loaded, opts, timeline, start, end)
            with renderer.open_page(html, width, height, scale) as page:
                page.evaluate(PREPARE_JS, {"mapName": name, "bounds": list(opts.bounds), "day": float(days[0]),
                                           "pad": list(FIT_PADDING)})
                for k, day in enumerate(days):
                    page.evaluate(FRAME_JS, float(day))
                    frame = np.asarray(Image.open(io.BytesIO(page.frame())).convert("RGB")).copy()
                    yield _progress_bar(frame, k / (frames - 1))
                    bar.update(1)
                    if on_frame:
                        on_frame(k + 1, frames)
        else:
            sm = StaticMap(loaded, replace(options, date=start), timeline, width, height, scale,
                           sources_span=(start, end))
            for k, day in enumerate(days):
                sm.draw_day(float(day))
                yield _progress_bar(sm.to_array(), k / (frames - 1))
                bar.update(1)
                if on_frame:
                    on_frame(k + 1, frames)


def export_gif(loaded, options, out: Path, start: dt.date, end: dt.date, *, fps: float = DEFAULT_FPS,
               frames: int = DEFAULT_FRAMES, width: int = 800, height: int = 500, scale: float = 1, timeline=None,
               renderer: BrowserRenderer | None = None, engine: str = "auto", progress: bool = False,
               on_frame=None) -> Path:
    """An animated GIF (looping) of the timeline from `start` to `end`."""
    import imageio.v3 as iio
    check_animation(start, end, frames, fps)
    check_size(width, height, scale)
    with atomic_path(out) as tmp:
        images = list(render_frames(loaded, options, start, end, frames, width, height, scale, timeline=timeline,
                                    renderer=renderer, engine=engine, progress=progress, on_frame=on_frame))
        iio.imwrite(tmp, np.stack(shared_palette(images)), extension=".gif", plugin="pillow",
                    duration=1000.0 / fps, loop=0)
    return Path(out)


def shared_palette(frames: Sequence[np.ndarray], colours: int = 256) -> list[np.ndarray]:
    """The frames reduced to one 256-colour palette (no dithering): a GIF with steady colours
    that compresses ~3x better than one palette per frame, and that the GIF writer keeps exactly."""
    from PIL import Image
    picks = sorted({round(k * (len(frames) - 1) / 4) for k in range(5)})
    mosaic = Image.fromarray(np.concatenate([frames[k] for k in picks], axis=0))
    palette = mosaic.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    return [np.asarray(Image.fromarray(f).quantize(palette=palette, dither=Image.Dither.NONE).convert("RGB"))
            for f in frames]


def export_mp4(loaded, options, out: Path, start: dt.date, end: dt.date, *, fps: float = DEFAULT_FPS,
               frames: int = DEFAULT_FRAMES, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
               scale: float = 1, timeline=None, renderer: BrowserRenderer | None = None, engine: str = "auto",
               progress: bool = False, on_frame=None) -> Path:
    """An H.264 MP4 (yuv420p, even dimensions: plays everywhere) of the timeline from `start` to `end`."""
    import imageio_ffmpeg
    check_animation(start, end, frames, fps)
    check_size(width, height, scale)
    with atomic_path(out) as tmp:
        writer = None
        try:
            for frame in render_frames(loaded, options, start, end, frames, width, height, scale, timeline=timeline,
                                       renderer=renderer, engine=engine, progress=progress, on_frame=on_frame):
                h, w = frame.shape[0] // 2 * 2, frame.shape[1] // 2 * 2
                frame = np.ascontiguousarray(frame[:h, :w])
                if writer is None:
                    writer = imageio_ffmpeg.write_frames(
                        str(tmp), (w, h), fps=fps, codec="libx264", pix_fmt_in="rgb24", pix_fmt_out="yuv420p",
                        quality=None, macro_block_size=2, ffmpeg_log_level="error",
                        output_params=["-crf", "20", "-preset", "veryfast", "-movflags", "+faststart", "-f", "mp4"])
                    writer.send(None)
                writer.send(frame)
        finally:
            if writer is not None:
                writer.close()
    return Path(out)


def export(fmt: str, loaded, options, out: Path, **kw) -> Path:
    """Dispatch on the format name (`FORMATS`)."""
    fns = {"png": export_png, "svg": export_svg, "pdf": export_pdf, "html": export_html, "geojson": export_geojson,
           "gif": export_gif, "mp4": export_mp4}
    if fmt not in fns:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return fns[fmt](loaded, options, out, **kw)


def export_bytes(fmt: str, loaded, options, **kw) -> bytes:
    """The export as bytes (for a download button): written to a private temporary folder, read back."""
    with tempfile.TemporaryDirectory(prefix="dashboard-export-") as tmp:
        out = Path(tmp) / f"export.{fmt}"
        export(fmt, loaded, options, out, **kw)
        return out.read_bytes()


# --------------------------------------------------------------------------- APP-6 symbols for matplotlib


_PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _arc_points(p0, rx, ry, phi, large, sweep, p1, steps: int = 16) -> list[tuple[float, float]]:
    """SVG elliptical arc (endpoint parametrisation) as points after p0, ending at p1."""
    x0, y0 = p0
    x1, y1 = p1
    if rx == 0 or ry == 0 or (x0, y0) == (x1, y1):
        return [p1]
    rx, ry = abs(rx), abs(ry)
    c, s = math.cos(math.radians(phi)), math.sin(math.radians(phi))
    dx, dy = (x0 - x1) / 2, (y0 - y1) / 2
    xp, yp = c * dx + s * dy, -s * dx + c * dy
    lam = (xp / rx) ** 2 + (yp / ry) ** 2
    if lam > 1:
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp
    den = rx * rx * yp * yp + ry * ry * xp * xp
    coef = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        coef = -coef
    cxp, cyp = coef * rx * yp / ry, -coef * ry * xp / rx
    cx, cy = c * cxp - s * cyp + (x0 + x1) / 2, s * cxp + c * cyp + (y0 + y1) / 2

    def angle(ux, uy, vx, vy):
        a = math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)
        return a

    t1 = angle(1, 0, (xp - cxp) / rx, (yp - cyp) / ry)
    dt_ = angle((xp - cxp) / rx, (yp - cyp) / ry, (-xp - cxp) / rx, (-yp - cyp) / ry)
    if not sweep and dt_ > 0:
        dt_ -= 2 * math.pi
    elif sweep and dt_ < 0:
        dt_ += 2 * math.pi
    n = max(2, int(abs(dt_) / (math.pi / 2) * steps / 4) + 2)
    pts = []
    for k in range(1, n + 1):
        t = t1 + dt_ * k / n
        pts.append((cx + rx * math.cos(t) * c - ry * math.sin(t) * s, cy + rx * math.cos(t) * s + ry * math.sin(t) * c))
    pts[-1] = (x1, y1)
    return pts


def svg_path_to_mpl(d: str):
    """An SVG path's `d` as a matplotlib Path (lines, curves, arcs; relative or absolute)."""
    from matplotlib.path import Path as MPath
    toks = _PATH_TOKEN.findall(d)
    verts: list[tuple[float, float]] = []
    codes: list[int] = []
    i, cmd = 0, None
    cur = start = (0.0, 0.0)
    last_c: tuple[float, float] | None = None  # last cubic control point (for S)
    last_q: tuple[float, float] | None = None  # last quadratic control point (for T)

    def num() -> float:
        nonlocal i
        if i >= len(toks) or toks[i].isalpha():
            raise ValueError(f"path data ends early: {d[:60]!r}")
        v = float(toks[i])
        i += 1
        return v

    def flag() -> int:
        nonlocal i
        t = toks[i]
        if t in ("0", "1"):
            i += 1
            return int(t)
        if t[0] in "01" and len(t) > 1:  # compact flags: '01' or '1.5' glued to the next number
            toks[i] = t[1:]
            return int(t[0])
        raise ValueError(f"bad arc flag {t!r}")

    while i < len(toks):
        if toks[i].isalpha():
            cmd = toks[i]
            i += 1
        elif cmd is None:
            raise ValueError("path data must start with a command")
        rel = cmd.islower()
        C = cmd.upper()
        ox, oy = cur if rel else (0.0, 0.0)
        if C == "Z":
            if codes:
                verts.append(start)
                codes.append(MPath.CLOSEPOLY)
            cur = start
            last_c = last_q = None
            if i < len(toks) and not toks[i].isalpha():
                raise ValueError("numbers after Z")
            continue
        if C == "M":
            cur = start = (ox + num(), oy + num())
            verts.append(cur)
            codes.append(MPath.MOVETO)
            cmd = "l" if rel else "L"
            last_c = last_q = None
            continue
        if not codes:  # drawing without a MOVETO starts at the origin
            verts.append(cur)
            codes.append(MPath.MOVETO)
        if C == "L":
            cur = (ox + num(), oy + num())
            verts.append(cur)
            codes.append(MPath.LINETO)
            last_c = last_q = None
        elif C == "H":
            cur = (ox + num() if rel else num(), cur[1])
            verts.append(cur)
            codes.append(MPath.LINETO)
            last_c = last_q = None
        elif C == "V":
            cur = (cur[0], oy + num() if rel else num())
            verts.append(cur)
            codes.append(MPath.LINETO)
            last_c = last_q = None
        elif C in "CS":
            if C == "C":
                c1 = (ox + num(), oy + num())
            else:
                c1 = (2 * cur[0] - last_c[0], 2 * cur[1] - last_c[1]) if last_c else cur
            c2 = (ox + num(), oy + num())
            end = (ox + num(), oy + num())
            verts += [c1, c2, end]
            codes += [MPath.CURVE4] * 3
            cur, last_c, last_q = end, c2, None
        elif C in "QT":
            if C == "Q":
                q = (ox + num(), oy + num())
            else:
                q = (2 * cur[0] - last_q[0], 2 * cur[1] - last_q[1]) if last_q else cur
            end = (ox + num(), oy + num())
            verts += [q, end]
            codes += [MPath.CURVE3] * 2
            cur, last_q, last_c = end, q, None
        elif C == "A":
            rx, ry, phi = num(), num(), num()
            large, sweep = flag(), flag()
            end = (ox + num(), oy + num())
            for p in _arc_points(cur, rx, ry, phi, large, sweep, end):
                verts.append(p)
                codes.append(MPath.LINETO)
            cur = end
            last_c = last_q = None
        else:
            raise ValueError(f"unsupported path command {cmd!r}")
    if not codes:
        raise ValueError("empty path")
    return MPath(np.array(verts, float), codes)


def _parse_transform(text: str | None):
    from matplotlib.transforms import Affine2D
    t = Affine2D()
    if not text:
        return t
    ops = re.findall(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)", text)
    # SVG applies the rightmost transform first
    for op, args in ops:
        a = [float(v) for v in re.split(r"[\s,]+", args.strip()) if v]
        m = Affine2D()
        if op == "matrix" and len(a) == 6:
            m = Affine2D(np.array([[a[0], a[2], a[4]], [a[1], a[3], a[5]], [0, 0, 1]]))
        elif op == "translate":
            m.translate(a[0], a[1] if len(a) > 1 else 0.0)
        elif op == "scale":
            m.scale(a[0], a[1] if len(a) > 1 else a[0])
        elif op == "rotate":
            if len(a) == 3:
                m.rotate_deg_around(a[1], a[2], a[0])
            else:
                m.rotate_deg(a[0])
        elif op == "skewX":
            m.skew_deg(a[0], 0)
        elif op == "skewY":
            m.skew_deg(0, a[0])
        t = m + t  # `m` after the earlier ones: t = t_prev ∘ m
    return t


def _colour(value: str | None, opacity: float = 1.0):
    from matplotlib.colors import to_rgba
    if value is None or value == "none" or value == "transparent":
        return None
    value = value.strip()
    m = re.fullmatch(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)", value)
    if m:
        r, g, b = (float(m.group(k)) / 255 for k in (1, 2, 3))
        a = float(m.group(4)) if m.group(4) else 1.0
        return (r, g, b, a * opacity)
    if value == "currentColor":
        value = "black"
    try:
        r, g, b, a = to_rgba(value)
    except ValueError:
        return (0, 0, 0, opacity)
    return (r, g, b, a * opacity)


@dataclass(frozen=True)
class SymbolShape:
    path: Any  # matplotlib Path in SVG user units (y down), transform applied
    face: tuple | None
    edge: tuple | None
    width: float  # stroke width in SVG user units
    text: str | None = None
    text_size: float = 0.0
    text_anchor: str = "start"
    text_weight: str = "normal"


@dataclass(frozen=True)
class SymbolDrawing:
    shapes: tuple[SymbolShape, ...]
    viewbox: tuple[float, float, float, float]
    size_px: tuple[float, float]


@lru_cache(maxsize=256)
def symbol_drawing(svg: str) -> SymbolDrawing:
    """milsymbol's SVG as vector shapes matplotlib can draw (paths, basic shapes, text, groups)."""
    from matplotlib.path import Path as MPath
    from matplotlib.transforms import Affine2D
    from dashboard.web.symbols import svg_size
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    vb = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
    w, h = svg_size(svg)
    if len(vb) != 4:
        vb = [0.0, 0.0, w, h]
    shapes: list[SymbolShape] = []
    inherit_keys = ("fill", "stroke", "stroke-width", "fill-opacity", "stroke-opacity", "opacity",
                    "font-size", "text-anchor", "font-weight")

    def style_of(el, parent: dict) -> dict:
        st = dict(parent)
        for k in inherit_keys:
            if el.get(k) is not None:
                st[k] = el.get(k)
        for decl in (el.get("style") or "").split(";"):
            if ":" in decl:
                k, v = decl.split(":", 1)
                if k.strip() in inherit_keys:
                    st[k.strip()] = v.strip()
        return st

    def add(path, st: dict, transform) -> None:
        op = float(st.get("opacity", 1))
        face = _colour(st.get("fill", "black"), op * float(st.get("fill-opacity", 1)))
        edge = _colour(st.get("stroke"), op * float(st.get("stroke-opacity", 1)))
        sw = float(re.sub(r"[^\d.]", "", str(st.get("stroke-width", "1"))) or 1)
        shapes.append(SymbolShape(path.transformed(transform), face, edge, sw))

    def walk(el, st: dict, transform) -> None:
        tag = el.tag.replace(ns, "")
        st = style_of(el, st)
        transform = _parse_transform(el.get("transform")) + transform
        f = lambda k, d=0.0: float(el.get(k, d))  # noqa: E731
        if tag in ("svg", "g"):
            for child in el:
                walk(child, st, transform)
        elif tag == "path" and el.get("d"):
            add(svg_path_to_mpl(el.get("d")), st, transform)
        elif tag == "circle":
            add(MPath.circle((f("cx"), f("cy")), f("r")), st, transform)
        elif tag == "ellipse":
            add(MPath.unit_circle().transformed(Affine2D().scale(f("rx"), f("ry")).translate(f("cx"), f("cy"))),
                st, transform)
        elif tag == "rect":
            x, y, rw, rh = f("x"), f("y"), f("width"), f("height")
            add(MPath([(x, y), (x + rw, y), (x + rw, y + rh), (x, y + rh), (x, y)],
                      [1, 2, 2, 2, 79]), st, transform)
        elif tag == "line":
            add(MPath([(f("x1"), f("y1")), (f("x2"), f("y2"))]), {**st, "fill": "none"}, transform)
        elif tag in ("polyline", "polygon"):
            nums = [float(v) for v in re.split(r"[\s,]+", (el.get("points") or "").strip()) if v]
            pts = list(zip(nums[0::2], nums[1::2]))
            if len(pts) >= 2:
                if tag == "polygon":
                    pts.append(pts[0])
                add(MPath(pts), st if tag == "polygon" else {**st, "fill": "none"}, transform)
        elif tag == "text":
            text = "".join(el.itertext()).strip()
            if text:
                size = float(re.sub(r"[^\d.]", "", str(st.get("font-size", "16"))) or 16)
                x, y = f("x"), f("y")
                pt = transform.transform((x, y))
                op = float(st.get("opacity", 1))
                shapes.append(SymbolShape(MPath([tuple(pt)]), _colour(st.get("fill", "black"), op), None, 0.0,
                                          text=text, text_size=size * abs(transform.get_matrix()[1, 1]),
                                          text_anchor=st.get("text-anchor", "start"),
                                          text_weight="bold" if st.get("font-weight") in ("bold", "700") else "normal"))
        # anything else (defs, metadata, title) draws nothing

    walk(root, {"fill": "black"}, Affine2D())
    if not shapes:
        raise ValueError("the symbol has no shapes")
    return SymbolDrawing(tuple(shapes), tuple(vb), (w, h))


@lru_cache(maxsize=16)
def simple_symbol(affiliation: str) -> SymbolDrawing:
    """Fallback frame: rectangle (friend), diamond (hostile), square (neutral), quatrefoil-ish circle (unknown)."""
    from matplotlib.path import Path as MPath
    from dashboard.web.symbols import FILLS
    fill = _colour(FILLS.get(affiliation, FILLS["unknown"]))
    if affiliation == "friend":
        pts, vb, size = [(0, 0), (30, 0), (30, 20), (0, 20), (0, 0)], (-2, -2, 34, 24), (36.0, 25.0)
    elif affiliation == "hostile":
        pts, vb, size = [(14, 0), (28, 14), (14, 28), (0, 14), (14, 0)], (-2, -2, 32, 32), (30.0, 30.0)
    else:
        pts, vb, size = [(0, 0), (22, 0), (22, 22), (0, 22), (0, 0)], (-2, -2, 26, 26), (26.0, 26.0)
    return SymbolDrawing((SymbolShape(MPath(pts), fill, (0, 0, 0, 1), 2.0),), vb, size)


def unit_drawing(unit) -> SymbolDrawing:
    from dashboard.web.symbols import affiliation_of, unit_svg
    try:
        return symbol_drawing(unit_svg(unit))
    except Exception:  # a symbol we cannot convert: a plain frame in the affiliation's colours
        return simple_symbol(affiliation_of(unit))


def _symbol_artists(drawing: SymbolDrawing, inch_transform, zorder: float, height_pt: float | None = None) -> list:
    """Artists drawing `drawing` centred at the origin of `inch_transform` (which maps inches to display).

    The symbol is `drawing.size_px` CSS px (0.72 pt each), or `height_pt` tall."""
    from matplotlib.patches import PathPatch
    from matplotlib.text import Text
    from matplotlib.transforms import Affine2D
    vx, vy, vw, vh = drawing.viewbox
    px_per_unit = drawing.size_px[0] / vw if vw else 1.0
    pt_per_unit = px_per_unit * PT_PER_PX
    if height_pt is not None and vh:
        pt_per_unit = min(height_pt / vh, height_pt * 1.6 / vw)
    k = pt_per_unit / 72.0  # inches per SVG unit
    local = Affine2D().translate(-(vx + vw / 2), -(vy + vh / 2)).scale(k, -k)
    t = local + inch_transform
    out = []
    for s in drawing.shapes:
        if s.text:
            x, y = s.path.vertices[0]
            ha = {"middle": "center", "end": "right"}.get(s.text_anchor, "left")
            out.append(Text(x, y, s.text, transform=t, ha=ha, va="baseline", color=s.face or "black",
                            fontsize=max(1.0, s.text_size * pt_per_unit), fontweight=s.text_weight, zorder=zorder))
            continue
        out.append(PathPatch(s.path, transform=t, facecolor=s.face or "none", edgecolor=s.edge or "none",
                             linewidth=s.width * pt_per_unit if s.edge else 0, zorder=zorder, joinstyle="miter"))
    return out


class _SymbolLegendHandle:
    def __init__(self, drawing: SymbolDrawing):
        self.drawing = drawing


class _SymbolLegendHandler:
    """Legend handler drawing an APP-6 symbol in the legend's handle box."""

    def legend_artist(self, legend, orig_handle, fontsize, handlebox):
        from matplotlib.transforms import Affine2D
        d = orig_handle.drawing
        w, h = handlebox.width, handlebox.height
        size = h * 1.9
        centre = Affine2D().translate(handlebox.xdescent + w / 2, -handlebox.ydescent + h / 2)
        # DrawingArea coordinates are points; _symbol_artists works in inches
        to_points = Affine2D().scale(72.0) + centre + handlebox.get_transform()
        arts = _symbol_artists(d, to_points, 3, height_pt=size)
        for a in arts:
            handlebox.add_artist(a)
        return arts[0]


# --------------------------------------------------------------------------- static renderer


@lru_cache(maxsize=2)
def _world_mercator(path: str, mtime: float):
    import geopandas as gpd
    gdf = gpd.read_file(path)
    gdf = gdf.set_geometry(gdf.geometry.clip_by_rect(-180, -85, 180, 85))
    gdf = gdf[~gdf.geometry.is_empty]
    return gdf.to_crs(3857)


def world_mercator():
    from dashboard.web.page import BASEMAP
    return _world_mercator(str(BASEMAP), BASEMAP.stat().st_mtime)


@lru_cache(maxsize=1)
def _to_mercator():
    from pyproj import Transformer
    return Transformer.from_crs(4326, 3857, always_xy=True)


def mercator(lon, lat):
    x, y = _to_mercator().transform(np.asarray(lon, float), np.clip(np.asarray(lat, float), -85.0, 85.0))
    return np.asarray(x), np.asarray(y)


@lru_cache(maxsize=8)
def _basemap_paths(x0: float, x1: float, y0: float, y1: float, tolerance: float) -> tuple:
    """The basemap's countries in a view (Web Mercator metres), simplified to the resolution, as Paths."""
    world = world_mercator()
    mx, my = (x1 - x0) * 0.05, (y1 - y0) * 0.05
    view = world.geometry.clip_by_rect(x0 - mx, y0 - my, x1 + mx, y1 + my)
    view = view[~view.is_empty].simplify(tolerance)
    return tuple(p for p in (_geom_path(g) for g in view) if p is not None)


def _geom_path(geom):
    """A shapely (multi)polygon, already in map coordinates, as one matplotlib Path (holes included)."""
    from matplotlib.path import Path as MPath
    polys = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    verts, codes = [], []
    for p in polys:
        if p.is_empty or p.geom_type != "Polygon":
            continue
        for ring in [p.exterior, *p.interiors]:
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            verts.append(xy)
            codes.append([MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 2) + [MPath.CLOSEPOLY])
    if not verts:
        return None
    return MPath(np.concatenate(verts), np.concatenate(codes))


class StaticMap:
    """The map drawn with matplotlib (no browser): for SVG, PDF and fallback PNG / animation frames.

    The figure is width x height CSS px at 100 dpi (so sizes match the web map),
    in Web Mercator like Leaflet. Static layers (basemap, legend, footnote) are
    drawn once; `draw_day` redraws what depends on the date.
    """

    def __init__(self, loaded, options, timeline, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
                 scale: float = 1.0, sources_span: tuple[dt.date, dt.date] | None = None):
        from matplotlib.figure import Figure
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from dashboard.engine.timeline import day_number
        self.loaded, self.timeline = loaded, timeline
        self.options = options
        self.day = resolve_date(loaded, options, timeline)
        self.width, self.height, self.scale = width, height, scale
        self.dpi = 100.0 * scale
        self.fig = Figure(figsize=((width + 0.001) / 100.0, (height + 0.001) / 100.0), dpi=self.dpi, facecolor="white")
        self.canvas = FigureCanvasAgg(self.fig)
        self.selected = [i for i, mid in enumerate(timeline.ids)
                         if options.movement_ids is None or mid in options.movement_ids]
        span = sources_span or (self.day, self.day)
        self.sources = cited_sources(loaded, options.movement_ids, *span)
        self._dynamic: list = []
        self._layout()
        self._chains()
        legend = self._draw_legend()
        self._fit(legend.get_window_extent(self.canvas.get_renderer()).width / scale)
        self._draw_static()
        self.draw_day(day_number(self.day))

    # -- layout
    def _layout(self) -> None:
        items, credit = footnote_lines(self.sources)
        text = "Sources: " + "; ".join(items)
        chars = max(40, int((self.width - 24) / 6.1))
        self.foot_lines = textwrap.wrap(text, chars) + textwrap.wrap(credit, int(chars * 1.08))
        foot_px = 10 + 15.5 * len(self.foot_lines)
        fh = foot_px / self.height
        self.ax = self.fig.add_axes((0, fh, 1, 1 - fh))
        ax = self.ax
        ax.set_facecolor(OCEAN)
        ax.set_xticks([])
        ax.set_yticks([])
        for s in ax.spines.values():
            s.set_visible(False)
        ax.set_autoscale_on(False)
        self.foot_px = foot_px

    def _fit(self, legend_px: float) -> None:
        """Axis limits fitting the features, padded as the web map's export (and clear of the legend)."""
        ax = self.ax
        w, s, e, n = _bounds_for(self.loaded, self.timeline, self.options)
        (x0, x1), (y0, y1) = mercator([w, e], [s, n])
        # pad like the web map (px), then widen the short side to the axes' aspect
        ax_w, ax_h = self.width, self.height - self.foot_px
        pl, pt, pr, pb = FIT_PADDING
        pr += legend_px + 10
        fx, fy = min(1.0, 0.6 * ax_w / (pl + pr)), min(1.0, 0.6 * ax_h / (pt + pb))  # as PREPARE_JS
        pl, pr, pt, pb = pl * fx, pr * fx, pt * fy, pb * fy
        avail_w, avail_h = max(1.0, ax_w - pl - pr), max(1.0, ax_h - pt - pb)
        res = max((x1 - x0) / avail_w, (y1 - y0) / avail_h)  # metres per px
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        cx += (pr - pl) / 2 * res
        cy += (pt - pb) / 2 * res
        self.res = res
        self.xlim = (cx - ax_w / 2 * res, cx + ax_w / 2 * res)
        self.ylim = (cy - ax_h / 2 * res, cy + ax_h / 2 * res)
        ax.set_xlim(*self.xlim)
        ax.set_ylim(*self.ylim)

    def _chains(self) -> None:
        """Which marker each movement shows on a day, as deploymap.js does (chained legs hand over)."""
        moves = self.loaded.dataset.movements
        tl = self.timeline
        by_unit: dict[str, list[int]] = {}
        for i in self.selected:
            by_unit.setdefault(moves[i].unit, []).append(i)
        self.prev: dict[int, int] = {}
        self.next: dict[int, int] = {}
        for idxs in by_unit.values():
            idxs.sort(key=lambda i: (tl.depart[i], tl.arrive[i]))
            for k, i in enumerate(idxs):
                for j in idxs[k + 1:]:
                    if moves[j].from_ == moves[i].to and j not in self.prev:
                        self.next[i], self.prev[j] = j, i
                        break
        self.home_units = []
        if self.options.movement_ids is None:
            moving = {moves[i].unit for i in self.selected}
            self.home_units = [u for u in self.loaded.dataset.units
                               if u.id not in moving and u.home and u.home in self.loaded.places]

    # -- drawing
    def _draw_static(self) -> None:
        from matplotlib.collections import PathCollection
        from matplotlib.lines import Line2D
        ax, fig = self.ax, self.fig
        paths = _basemap_paths(*(round(v, -2) for v in (*self.xlim, *self.ylim)), round(self.res * 0.4, 1))
        ax.add_collection(PathCollection(paths, facecolors=LAND, edgecolors=BORDER, linewidths=0.8 * PT_PER_PX,
                                         zorder=0.5))
        # route arrowheads (static, like the web map: at 80 % of the route)
        for i in self.selected:
            r = self.timeline.routes[i]
            if len(r) < 2 or self.timeline.length_m[i] <= 0:
                continue
            x, y = mercator(r[:, 0], r[:, 1])
            k = int(len(x) * 0.8)
            a, b = max(0, k - 1), min(len(x) - 1, k)
            if a == b or (x[a] == x[b] and y[a] == y[b]):
                continue
            ax.annotate("", xy=(x[b], y[b]), xytext=(x[a], y[a]), zorder=2.5,
                        arrowprops=dict(arrowstyle="-|>,head_length=0.7,head_width=0.35", color="#1f4e8c",
                                        alpha=0.8, lw=0, shrinkA=0, shrinkB=0, mutation_scale=10))
        # title (under the date, as on the web map)
        title = self.options.title or DEFAULT_TITLE
        ax.annotate(title, xy=(0.5, 1), xycoords="axes fraction", xytext=(0, -58 * PT_PER_PX),
                    textcoords="offset points", ha="center", va="top", fontsize=15 * PT_PER_PX, fontweight="bold",
                    color="#13202b", zorder=21,
                    bbox=dict(boxstyle="round,pad=0.25", fc=(1, 1, 1, 0.85), ec="none"))
        # footnote
        fig.text(10 / self.width, (self.foot_px - 8) / self.height, "\n".join(self.foot_lines), ha="left", va="top",
                 fontsize=11 * PT_PER_PX, color="#1c2833", linespacing=1.25)
        fig.add_artist(Line2D([0, 1], [self.foot_px / self.height] * 2, color="#9aa7b4", lw=0.72))

    def _draw_legend(self):
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
        from dashboard.web.page import _legend_symbols  # the web legend's three example symbols
        ax = self.ax
        k = max(0.7, min(1.0, self.width / 1100))  # smaller on small images, as in the browser export
        # legend: the web map's rows
        examples = [(label, symbol_drawing(svg)) for label, svg in _legend_symbols().items()]
        handles, labels = [], []
        for label, drawing in examples:
            handles.append(_SymbolLegendHandle(drawing))
            labels.append(label)
        for phase, label in ((0, "planned (not started)"), (1, "in transit (moving)"), (2, "arrived")):
            colour, alpha, wpx, dash = ROUTE_STYLES[phase]
            handles.append(Line2D([], [], color=colour, alpha=alpha, lw=3 * PT_PER_PX,
                                  dashes=[v * PT_PER_PX / (3 * PT_PER_PX) for v in dash] if dash else (None, None)))
            labels.append(label)
        if self.options.highlight_ids:
            handles.append(Line2D([], [], color=HIGHLIGHT_COLOUR, lw=4 * PT_PER_PX))
            labels.append("changed since comparison date")
        handles.append(Patch(facecolor=(0.816, 0.192, 0.176, 0.25), edgecolor=AREA_COLOURS["hostile"], lw=0.72))
        labels.append("area (red: Russian-held/massed)")
        handles.append(Patch(facecolor=(0.122, 0.435, 0.82, 0.2), edgecolor=AREA_COLOURS["friend"], lw=0.72))
        labels.append("area (blue: NATO)")
        handles.append(Line2D([], [], ls="none", marker="*", markersize=11, markerfacecolor=EVENT_COLOUR,
                              markeredgecolor="white", markeredgewidth=0.6))
        labels.append("event")
        leg = ax.legend(handles, labels, loc="lower right", fontsize=11 * PT_PER_PX * k, title="Legend",
                        title_fontproperties={"weight": "bold", "size": 12 * PT_PER_PX * k}, framealpha=0.95,
                        facecolor="white", edgecolor="#9aa7b4", fancybox=False, borderpad=0.6, labelspacing=0.45,
                        handlelength=2.6, handleheight=1.4, alignment="left",
                        handler_map={_SymbolLegendHandle: _SymbolLegendHandler()})
        leg.set_zorder(20)
        return leg

    def draw_day(self, day: float) -> None:
        """(Re)draw everything that depends on the (fractional) day."""
        from matplotlib.collections import LineCollection, PathCollection
        from matplotlib.colors import to_rgba
        from matplotlib.transforms import ScaledTranslation
        from shapely import transform as shp_transform
        from dashboard.engine.timeline import areas_valid_on, date_of, events_on_or_before, state_at
        for a in self._dynamic:
            a.remove()
        self._dynamic = []
        ax, fig, tl = self.ax, self.fig, self.timeline
        loaded = self.loaded
        keep = self._dynamic.append
        whole = math.floor(day)
        # areas
        for a in areas_valid_on(loaded, whole):
            g = loaded.geometries.get(a.id)
            if g is None:
                continue
            gm = shp_transform(g, lambda xy: np.column_stack(mercator(xy[:, 0], xy[:, 1])))
            p = _geom_path(gm)
            if p is None:
                continue
            colour = AREA_COLOURS.get(a.affiliation or "unknown", AREA_COLOURS["unknown"])
            coll = PathCollection([p], facecolors=[to_rgba(colour, 0.18)], edgecolors=[to_rgba(colour, 0.8)],
                                  linewidths=1.5 * PT_PER_PX, zorder=1)
            keep(ax.add_collection(coll))
        # routes, by phase
        st = state_at(tl, day)
        for i in self.selected:
            ph = int(st.phase[i])
            colour, alpha, wpx, dash = ROUTE_STYLES[ph]
            if tl.ids[i] in self.options.highlight_ids:
                colour, alpha, wpx = HIGHLIGHT_COLOUR, 1.0, wpx + 2
            r = tl.routes[i]
            x, y = mercator(r[:, 0], r[:, 1])
            lc = LineCollection([np.column_stack([x, y])], colors=[colour], alpha=alpha, linewidths=wpx * PT_PER_PX,
                                linestyles=[(0, tuple(v / wpx for v in dash))] if dash else ["solid"],
                                zorder=2, capstyle="round")
            keep(ax.add_collection(lc))
        # events
        evs = events_on_or_before(loaded, whole)
        if evs:
            ex, ey = mercator([loaded.places[e.place].lon for e in evs], [loaded.places[e.place].lat for e in evs])
            keep(ax.scatter(ex, ey, s=(22 * PT_PER_PX) ** 2, c=EVENT_COLOUR, edgecolors="white",
                            linewidths=2 * PT_PER_PX, zorder=3))
            keep(ax.scatter(ex, ey, s=(12 * PT_PER_PX) ** 2, c="white", marker="*", linewidths=0, zorder=3.1))
        # units: visible markers (chained legs hand over), then units resting at home
        markers: list[tuple[Any, float, float, bool]] = []
        for i in self.selected:
            nxt, prv = self.next.get(i), self.prev.get(i)
            if (nxt is not None and day >= tl.depart[nxt]) or (prv is not None and day < tl.depart[i]):
                continue
            unit = loaded.units[tl.units[i]]
            markers.append((unit, float(st.lon[i]), float(st.lat[i]), int(st.phase[i]) == 1))
        for u in self.home_units:
            p = loaded.places[u.home]
            markers.append((u, p.lon, p.lat, False))
        if markers:
            mx, my = mercator([m[1] for m in markers], [m[2] for m in markers])
            for (unit, _lon, _lat, moving), x, y in zip(markers, mx, my):
                drawing = unit_drawing(unit)
                place = fig.dpi_scale_trans + ScaledTranslation(x, y, ax.transData)
                z = 5 if moving else 4
                for art in _symbol_artists(drawing, place, z):
                    art.set_clip_path(ax.patch)
                    keep(ax.add_artist(art))
                half_w = drawing.size_px[0] / 2 * PT_PER_PX
                label = unit.short_name or unit.name
                keep(ax.annotate(label, xy=(x, y), xycoords="data", xytext=(half_w + 3, 0),
                                 textcoords="offset points", ha="left", va="center", fontsize=11 * PT_PER_PX,
                                 fontweight="bold", color="#1c2833", zorder=z + 0.5, annotation_clip=True,
                                 bbox=dict(boxstyle="round,pad=0.2", fc=(1, 1, 1, 0.85), ec="#9aa7b4",
                                           lw=0.72)))
        # the date label (top centre, as #dm-date)
        keep(ax.annotate(long_date(date_of(day)), xy=(0.5, 1), xycoords="axes fraction",
                         xytext=(0, -10 * PT_PER_PX), textcoords="offset points", ha="center", va="top",
                         fontsize=26 * PT_PER_PX, fontweight="bold", color="#13202b", zorder=22,
                         bbox=dict(boxstyle="round,pad=0.3", fc=(1, 1, 1, 0.88), ec="none")))
        self.current_day = day

    # -- output
    def to_array(self) -> np.ndarray:
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())[:, :, :3].copy()

    def to_bytes(self, fmt: str) -> bytes:
        import matplotlib
        buf = io.BytesIO()
        meta = {"svg": {"Title": self.options.title or DEFAULT_TITLE, "Date": self.day.isoformat()},
                "pdf": {"Title": self.options.title or DEFAULT_TITLE, "Subject": f"State on {self.day.isoformat()}",
                        "Creator": "dashboard export"},
                "png": {"Title": self.options.title or DEFAULT_TITLE}}[fmt]
        with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "dashboard",
                                    "path.simplify": True}):
            self.fig.savefig(buf, format=fmt, dpi=self.dpi, facecolor="white", metadata=meta)
        return buf.getvalue()


# --------------------------------------------------------------------------- command line


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not four numbers west,south,east,north") from None
    try:
        return check_bbox(values)
    except ExportError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace("--bbox ", "")) from None


def _int_in(lo: int, hi: int, name: str):
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{name} must be from {lo} to {hi}; got {v}")
        return v
    return parse


def _float_in(lo: float, hi: float, name: str):
    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not (math.isfinite(v) and lo <= v <= hi):
            raise argparse.ArgumentTypeError(f"{name} must be from {lo} to {hi}; got {text}")
        return v
    return parse


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    from dashboard.cli import DEFAULT_DATA, parse_date
    from dashboard.core.model import BRANCHES, CONFIDENCES, ECHELONS

    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset YAML file or folder (default: data/)")
    p.add_argument("--date", type=parse_date, default=None,
                   help="the date to show, YYYY-MM-DD (default: the newest source's date)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="what to write (default: from the --out file's extension)")
    p.add_argument("--out", type=Path, required=True, help="file to write (atomically)")
    g = p.add_argument_group("animations (gif, mp4)")
    g.add_argument("--from", dest="from_date", type=parse_date, default=None,
                   help="first day of the animation (default: start of the timeline)")
    g.add_argument("--to", dest="to_date", type=parse_date, default=None,
                   help="last day of the animation (default: end of the timeline)")
    g.add_argument("--fps", type=_float_in(*FPS_RANGE, "--fps"), default=DEFAULT_FPS,
                   help=f"frames per second (default {DEFAULT_FPS:g})")
    g.add_argument("--frames", type=_int_in(*FRAMES_RANGE, "--frames"), default=DEFAULT_FRAMES,
                   help=f"number of frames (default {DEFAULT_FRAMES})")
    s = p.add_argument_group("images")
    s.add_argument("--width", type=_int_in(*SIZE_RANGE, "--width"), default=None,
                   help=f"width in CSS pixels (default {DEFAULT_WIDTH}; 800 for gif)")
    s.add_argument("--height", type=_int_in(*SIZE_RANGE, "--height"), default=None,
                   help=f"height in CSS pixels (default {DEFAULT_HEIGHT}; 500 for gif)")
    s.add_argument("--scale", type=_float_in(*SCALE_RANGE, "--scale"), default=None,
                   help="device pixels per CSS pixel (default 2 for png, 1 for animations)")
    where = s.add_mutually_exclusive_group()
    where.add_argument("--bbox", type=parse_bbox, default=None, metavar="W,S,E,N",
                       help="area to show, in degrees: west,south,east,north (e.g. --bbox=-10,35,40,60)")
    # let a value like '-10,35,40,60' follow --bbox (argparse would take it for an option)
    if hasattr(p, "_negative_number_matcher"):
        p._negative_number_matcher = re.compile(r"^-\d+$|^-\d*\.\d+$|^-\d*\.?\d*(,\s*-?\d*\.?\d*)+$")
    where.add_argument("--fit", action="store_true", help="fit every feature (the default)")
    s.add_argument("--title", default=None, help=f"title on the image (default: '{DEFAULT_TITLE}')")
    s.add_argument("--engine", choices=ENGINES, default="auto",
                   help="png/gif/mp4 renderer: browser (headless Chromium), static (matplotlib) or auto")
    f = p.add_argument_group("filters (repeatable; as in the app)")
    f.add_argument("--nation", action="append", metavar="ISO3", help="the unit's nation, e.g. USA")
    f.add_argument("--branch", action="append", choices=BRANCHES)
    f.add_argument("--echelon", action="append", choices=ECHELONS)
    f.add_argument("--confidence", action="append", choices=CONFIDENCES)
    f.add_argument("--unit", action="append", metavar="UNIT_ID", help="a unit id (its subordinate units too)")
    f.add_argument("--country", action="append", metavar="ISO3", help="movements from or to this country")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _format_of(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    ext = args.out.suffix.lower().lstrip(".")
    ext = {"json": "geojson", "htm": "html"}.get(ext, ext)
    if ext not in FORMATS:
        raise ExportError(f"cannot tell the format from '{args.out.name}'; give --format ({', '.join(FORMATS)})")
    return ext


def _check_codes(values: list[str] | None, name: str) -> None:
    for v in values or []:
        if not re.fullmatch(r"[A-Za-z]{3}", v.strip()):
            raise ExportError(f"--{name} takes a three-letter ISO code like USA; got '{v}'")


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """While exporting, SIGTERM raises SystemExit so the atomic writers clean up (as Ctrl+C does)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, _frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_export(args: argparse.Namespace) -> int:
    from dashboard.cli import UsageError
    from dashboard.core.problems import DatasetError
    with _terminate_raises():
        try:
            return _run_export(args)
        except ExportError as exc:
            raise UsageError(str(exc)) from None
        except BrowserUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except SystemExit:
            print("terminated; nothing was written", file=sys.stderr)
            raise
        except PermissionError as exc:
            raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
        except (DatasetError, UsageError):
            raise
        except Exception as exc:  # a failed render: a short message, not a traceback
            if os.environ.get("DASHBOARD_DEBUG"):
                raise
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
            print(f"error: the export failed: {type(exc).__name__}: {first} "
                  "(set DASHBOARD_DEBUG=1 for the traceback)", file=sys.stderr)
            return 1


def _run_export(args: argparse.Namespace) -> int:
    from dashboard.engine.filters import select_movements
    from dashboard.core.loader import load_dataset
    from dashboard.web.page import MapOptions, default_window
    from dashboard.engine.timeline import build_timeline

    check_writable(args.out)
    fmt = _format_of(args)
    _check_codes(args.nation, "nation")
    _check_codes(args.country, "country")
    if args.from_date and args.to_date and args.from_date >= args.to_date:
        raise ExportError(f"--from ({args.from_date}) must be before --to ({args.to_date})")
    animated = fmt in ANIMATIONS
    width = args.width or (800 if fmt == "gif" else DEFAULT_WIDTH)
    height = args.height or (500 if fmt == "gif" else DEFAULT_HEIGHT)
    scale = args.scale if args.scale is not None else (1.0 if animated else 2.0)
    if fmt in ("png", "gif", "mp4"):
        check_size(width, height, scale)

    loaded = load_dataset(args.data)
    unknown = [u for u in args.unit or [] if u not in loaded.units]
    if unknown:
        raise ExportError(f"--unit: no unit with the id {', '.join(repr(u) for u in unknown)} in {args.data}")
    timeline = build_timeline(loaded)
    criteria = dict(nation=args.nation, branch=args.branch, echelon=args.echelon, confidence=args.confidence,
                    unit=args.unit, country=args.country)
    movement_ids = select_movements(loaded, **criteria) if any(criteria.values()) else None
    if movement_ids is not None and not movement_ids:
        print("warning: the filters select no movement; the map shows events and areas only", file=sys.stderr)
    options = MapOptions(date=args.date, title=args.title, bounds=args.bbox, movement_ids=movement_ids)
    progress = not args.quiet
    if animated:
        first, last = default_window(loaded, timeline)
        start, end = args.from_date or first, args.to_date or last
        check_animation(start, end, args.frames, args.fps)
        fn = export_gif if fmt == "gif" else export_mp4
        fn(loaded, options, args.out, start, end, fps=args.fps, frames=args.frames, width=width, height=height,
           scale=scale, timeline=timeline, engine=args.engine, progress=progress)
    elif fmt == "png":
        export_png(loaded, options, args.out, width, height, scale, timeline=timeline, engine=args.engine,
                   progress=progress)
    elif fmt in ("svg", "pdf"):
        (export_svg if fmt == "svg" else export_pdf)(loaded, options, args.out, width, height, timeline=timeline)
    elif fmt == "html":
        export_html(loaded, options, args.out, timeline=timeline)
    else:
        export_geojson(loaded, options, args.out, timeline=timeline)
    print(f"wrote {args.out}")
    return 0
