"""Headless Chromium as a renderer: the very map the app shows, as a self-contained page, captured as
PNG frames. One browser is kept per process (`default_renderer()`); every request that is not local is
refused."""

from __future__ import annotations

import atexit
import base64
import datetime as dt
import os
import queue
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from dashboard.engine.timeline import day_number
from dashboard.export.errors import BrowserUnavailable, ExportError
from dashboard.export.layout import (
    DEFAULT_TITLE,
    ENGINES,
    bounds_for,
    cited_sources,
    credits_uncertainty,
    footnote_html,
    home_units,
    outline_places,
    resolve_date,
    selected_rows,
    uncertainty_marks,
    window_covering,
)
from dashboard.web.mapspec import FIT_PADDING  # noqa: F401 (re-exported)
from dashboard.web.page import add_element, build_map, render_html

CHROMIUM = Path(os.environ.get("DASHBOARD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
PAGE_TIMEOUT_MS = 30_000


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
    return m is not None and m.group(1) in ("127.0.0.1", "localhost", "[::1]")


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
        return self.renderer.call(
            lambda _b: self._page.screenshot(
                type="png", animations="disabled", caret="hide", scale="device", timeout=PAGE_TIMEOUT_MS
            )
        )

    def frame(self) -> bytes:
        """A PNG of the viewport for an animation frame: Chromium's fast capture path
        (DevTools `optimizeForSpeed`: quicker PNG compression), else a normal screenshot."""

        def capture(_b):
            try:
                cdp = self._record.get("cdp")
                if cdp is None:
                    cdp = self._record["cdp"] = self._page.context.new_cdp_session(self._page)
                res = cdp.send(
                    "Page.captureScreenshot",
                    {"format": "png", "optimizeForSpeed": True, "captureBeyondViewport": False},
                )
                return base64.b64decode(res["data"])
            except Exception:
                return self._page.screenshot(
                    type="png", animations="disabled", caret="hide", scale="device", timeout=PAGE_TIMEOUT_MS
                )

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
                raise BrowserUnavailable(
                    f"headless Chromium is not available at {self.executable} "
                    "(or the playwright package is missing); use the static renderer"
                )
            ready: Future = Future()
            self._jobs = queue.Queue()
            self._thread = threading.Thread(
                target=self._run, args=(ready, self._jobs), name="export-chromium", daemon=True
            )
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
                browser = pw.chromium.launch(
                    executable_path=str(self.executable), args=list(self.args), headless=True, timeout=PAGE_TIMEOUT_MS
                )
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
        export of that size (a fresh document each time) instead of being opened again
        (see benchmarks/README.md, "Design measurements")."""
        key = (int(width), int(height), float(scale))

        def open_(browser):
            entry = self._idle.pop(key, None)
            if entry is None:
                context = browser.new_context(
                    viewport={"width": key[0], "height": key[1]},
                    device_scale_factor=key[2],
                    service_workers="block",
                    java_script_enabled=True,
                )
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


def still_map_html(loaded, options, timeline, start: dt.date, end: dt.date) -> tuple[str, str]:
    """(self-contained HTML of the map for a still or frames, the map's JS variable name)."""
    m = build_map(loaded, options, timeline)
    selected = selected_rows(timeline, options.movement_ids)
    outlined = outline_places(loaded, selected, home_units(loaded, options.movement_ids))
    uncertain = credits_uncertainty(uncertainty_marks(loaded, timeline, selected, outlined))
    add_element(m, footnote_html(cited_sources(loaded, options.movement_ids, start, end), uncertain))
    return render_html(m, inline=True), m.get_name()


def browser_options(loaded, options, timeline, start: dt.date, end: dt.date):
    window = window_covering(loaded, timeline, start, end, base=options.window)
    return replace(
        options,
        controls=False,
        title=options.title or DEFAULT_TITLE,
        window=window,
        bounds=bounds_for(loaded, timeline, options),
    )


def browser_png(loaded, options, timeline, width, height, scale, renderer, bar) -> bytes:
    day = resolve_date(loaded, options, timeline)
    opts = browser_options(loaded, replace(options, date=day), timeline, day, day)
    html, name = still_map_html(loaded, opts, timeline, day, day)
    bar.update(1)
    renderer = renderer or default_renderer()
    bar.update(1)
    with renderer.open_page(html, width, height, scale) as page:
        bar.update(1)
        info = page.evaluate(
            PREPARE_JS, {"mapName": name, "bounds": list(opts.bounds), "day": day_number(day), "pad": list(FIT_PADDING)}
        )
        if info["date"] != day.isoformat():
            raise RuntimeError(f"the map shows {info['date']}, not {day}")
        png = page.screenshot()
        if page.blocked:
            print(f"warning: blocked {len(page.blocked)} non-local request(s): {page.blocked[:3]}", file=sys.stderr)
    bar.update(1)
    return png


def pick_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ExportError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "auto":
        return "browser" if chromium_available() else "static"
    if engine == "browser" and not chromium_available():
        raise BrowserUnavailable(f"headless Chromium is not available at {CHROMIUM}; use --engine static")
    return engine
