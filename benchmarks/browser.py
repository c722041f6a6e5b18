"""Browser measurements in headless Debian Chromium (offline: every non-local request is aborted).

- `AppRun`: `streamlit run dashboard/app.py -- --data PATH` as a subprocess, one page on it;
  cold start (process start -> map frame ready with markers), first-load bytes (HTTP
  responses + websocket frames), slider key press -> new date on screen, bytes per slider
  step (websocket frames after the step until the rerun is done), playback frame rate and
  the on-screen positions (deploymap.js) against the WGS84 geodesic.
- `naive_page_loads`: the Streamlit-free naive equivalent: `page.set_content` with the
  full Folium page of the next date, until its markers are drawn.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.common import BUNDLED, ROOT, stats

CHROMIUM = os.environ.get("DEPLOYMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 1000}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
QUIET_S = 0.3  # after script_finished, a rerun is done when no websocket frame arrived for this long

MAP_READY_JS = """() => !!(window.deploymap && document.getElementById('dm-date') &&
  (window.deploymap.moves.length === 0 || (window.deploymap.many ? window.deploymap.drawn > 0
    : window.deploymap.moves.some((m) => m.visible && m.marker._map))))"""

INSTRUMENT_JS = """() => {
  if (window.__bench) return true;
  const slider = document.getElementById('dm-slider'), label = document.getElementById('dm-date');
  if (!slider || !label) return false;
  const b = window.__bench = {key: [], shown: []};
  slider.addEventListener('keydown', (e) => { b.key.push([e.timeStamp, performance.now()]); }, true);
  new MutationObserver(() => {
    const t = performance.now();
    requestAnimationFrame(() => setTimeout(() => b.shown.push([t, performance.now(), label.dataset.date]), 0));
  }).observe(label, {attributes: true, attributeFilter: ['data-date']});
  return true;
}"""

PLAYBACK_JS = """async (secs) => {
  const dm = window.deploymap;
  dm.pause();
  const span = dm.data.end - dm.data.start;
  dm.setDay(dm.data.start, false);
  await new Promise((r) => requestAnimationFrame(() => r()));
  dm.speed = span / secs;
  dm.frames = 0;
  const orig = dm.render, renders = [];
  dm.render = function (day, force) {
    const t = performance.now(); const out = orig.call(this, day, force); renders.push(performance.now() - t); return out;
  };
  const gaps = []; let last = null, ticking = true;
  (function tick(t) { if (last !== null) gaps.push(t - last); last = t; if (ticking) requestAnimationFrame(tick); })(performance.now());
  const t0 = performance.now();
  dm.play();
  await new Promise((res) => { (function chk() {
    if (!dm.playing || performance.now() - t0 > secs * 4000 + 5000) res(); else setTimeout(chk, 25); })(); });
  const elapsed = performance.now() - t0;
  ticking = false;
  dm.render = orig;
  renders.sort((a, b) => a - b); gaps.sort((a, b) => a - b);
  const q = (a, p) => a.length ? a[Math.min(a.length - 1, Math.floor(p * a.length))] : null;
  let moving = 0; dm.moves.forEach((m) => { if (m.phase === 1) moving++; });
  return {frames: dm.frames || 0, elapsed_ms: elapsed, span_days: span, speed: dm.speed, moves: dm.moves.length,
          render_ms_median: q(renders, 0.5), render_ms_p95: q(renders, 0.95), render_ms_max: q(renders, 1),
          gap_ms_median: q(gaps, 0.5), gap_ms_p95: q(gaps, 0.95), still_playing: dm.playing};
}"""


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "about", "blob"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "").lower() in LOCAL_HOSTS


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Meter:
    """A fresh context + page: offline guard, websocket frame and HTTP byte counters."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        self.blocked: list[str] = []
        self.frames: list[tuple[float, str, int]] = []  # (monotonic, 'r'|'s', bytes)
        self.keep = False  # keep received payloads (to break them down by Streamlit message type)
        self.kept: list[tuple[float, bytes]] = []
        self.navigations: list[tuple[float, str]] = []  # frames navigated (monotonic, url)
        self.finished: list[float] = []  # when each script_finished message arrived (a rerun is done)
        self.requests: list[Any] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.on("websocket", self._ws)
        self.page.on("requestfinished", lambda r: self.requests.append(r))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)[:300]))
        self.page.on("framenavigated", lambda f: self.navigations.append((time.monotonic(), f.url[:80])))

    def _guard(self, route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def _ws(self, ws) -> None:
        ws.on("framereceived", self._received)
        ws.on("framesent", lambda p: self.frames.append((time.monotonic(), "s", len(p))))

    def _received(self, payload) -> None:
        now = time.monotonic()
        self.frames.append((now, "r", len(payload)))
        if len(payload) <= 256 and isinstance(payload, bytes) and message_kind(payload) == "script_finished":
            self.finished.append(now)
        if self.keep:
            self.kept.append((time.monotonic(), payload if isinstance(payload, bytes) else payload.encode()))

    def take_kept(self, since: float | None = None) -> tuple[dict[str, int], list[tuple[float, str]]]:
        """(bytes per message kind, [(seconds after `since`, kind) of each message]) of the kept payloads."""
        sizes: dict[str, int] = {}
        timeline = []
        for t, raw in self.kept:
            kind = message_kind(raw)
            sizes[kind] = sizes.get(kind, 0) + len(raw)
            if since is not None:
                timeline.append((round(t - since, 3), kind))
        self.kept = []
        return dict(sorted(sizes.items(), key=lambda kv: -kv[1])), timeline

    def http_bytes(self) -> int:
        total = 0
        for req in self.requests:
            with contextlib.suppress(Exception):
                s = req.sizes()
                total += max(0, s.get("responseBodySize", 0)) + max(0, s.get("responseHeadersSize", 0))
        return total

    def ws_bytes(self, since: float = 0.0, direction: str = "r") -> int:
        return sum(b for t, d, b in self.frames if d == direction and t >= since)

    def wait_quiet(self, since: float, need_sent: bool, timeout_s: float = 120.0, quiet_s: float = QUIET_S) -> float:
        """Wait for the rerun started after `since` to be done: (a frame sent after `since`, if asked,)
        Streamlit's script_finished message received, then quiet_s without a received frame.
        Returns the time of the last received frame (or `since` if nothing was sent within 3 s)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
            now = time.monotonic()
            if need_sent and not any(d == "s" for t, d, _ in self.frames if t >= since):
                if now - since > 3.0:  # nothing was reported: no rerun to wait for
                    return since
                continue
            if not any(t >= since for t in self.finished):
                continue
            recent = [t for t, d, _ in self.frames if t >= since and d == "r"]
            last = max(recent) if recent else since
            if now - last >= quiet_s:
                return last
        return time.monotonic()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.context.close()


def message_kind(raw: bytes) -> str:
    """A Streamlit websocket message's kind: ForwardMsg type, or the element type of a new element
    ('ref_hash': a reference to a message the browser has cached; components named by their component)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        msg = ForwardMsg()
        msg.ParseFromString(raw)
    except Exception:
        return "unparsed"
    kind = msg.WhichOneof("type") or "none"
    if kind == "delta":
        d = msg.delta
        kind = d.WhichOneof("type") or "delta"
        if kind == "new_element":
            el = d.new_element
            kind = el.WhichOneof("type") or "element"
            if kind == "component_instance":
                kind = f"component_instance:{el.component_instance.component_name}"
    return kind


def process_cpu_s(pid: int) -> float | None:
    """CPU time (user + sys) a live process has used so far, from /proc (None where unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def prebuild(root: Path, data: Path, env: dict[str, str], log: Any) -> None:
    """As `make run` does before the server starts: keep the bundled dataset's first map page
    (`dashboard.web.pagecache`), untimed, where the copy has that module. Only for the bundled
    data, so the first load of a synthetic dataset still builds its page. `DEPLOYMAP_BENCH_PREBUILD=0`
    (`cold_start.py --no-prebuild`): not done, a first start builds its page (and keeps it, unless
    `DEPLOYMAP_PAGE_CACHE=off`)."""
    if os.environ.get("DEPLOYMAP_BENCH_PREBUILD") == "0" or data.resolve() != BUNDLED.resolve():
        return
    if (root / "dashboard" / "web" / "pagecache.py").is_file():
        cmd = [sys.executable, "-m", "dashboard", "prepare", "--data", str(data)]
        subprocess.run(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env, check=False, timeout=600)


class AppServer:
    """`streamlit run dashboard/app.py` on a free port; stopped by its own PID only.

    `root`: the copy of the repository the app runs from (its working folder, so its own
    `.streamlit/config.toml` applies, and the first entry of its `PYTHONPATH`, so it imports its
    own `dashboard` package): to time another commit beside this one (`benchmarks/cold_start.py`)."""

    def __init__(self, data: Path, log: Path, app: str | None = None, root: Path = ROOT):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        app = app or os.environ.get("DEPLOYMAP_BENCH_APP", "dashboard/app.py")  # a variant, to try a change
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            app,
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--",
            "--data",
            str(data),
        ]
        self.log = open(log, "wb")
        env = dict(
            os.environ,
            PYTHONUNBUFFERED="1",
            PYTHONPATH=os.pathsep.join(
                [str(root)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])
            ),
        )
        prebuild(root, data, env, self.log)
        self.t_spawn = time.monotonic()
        self.proc = subprocess.Popen(
            cmd, cwd=root, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )

    def wait_healthy(self, timeout_s: float = 60.0) -> float:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            if _healthy(self.base + "/_stcore/health"):
                return time.monotonic()
            time.sleep(0.05)
        raise RuntimeError("streamlit not healthy in time")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


def find_map_frame(page, timeout_s: float = 90.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for fr in page.frames:
            with contextlib.suppress(Exception):
                if fr.evaluate(MAP_READY_JS):
                    return fr
        page.wait_for_timeout(25)
    raise RuntimeError(f"no map frame after {timeout_s:.0f} s; frames: {[f.url[:60] for f in page.frames]}")


def _date(fr) -> str | None:
    return fr.evaluate("() => document.getElementById('dm-date').dataset.date")


class AppRun:
    """One app process and one page on it: cold start first, then the interactive measurements."""

    def __init__(self, browser, data: Path, log: Path, app: str | None = None, root: Path = ROOT):
        self.server = AppServer(data, log, app, root)
        self.meter = Meter(browser)
        self.page = self.meter.page
        self.frame = None
        self.result: dict[str, Any] = {}

    def start(self) -> dict:
        self.meter.keep = True
        t_health = self.server.wait_healthy()
        self.page.goto(self.server.base + "/", wait_until="commit", timeout=60000)
        self.frame = find_map_frame(self.page, timeout_s=300.0)  # 100,000 movements on a busy machine
        t_map = time.monotonic()
        cpu_map = process_cpu_s(self.server.proc.pid)
        first_ws = min((t for t, d, _ in self.meter.frames if d == "r"), default=None)
        quiet_at = self.meter.wait_quiet(self.server.t_spawn, need_sent=False, timeout_s=120)
        self.result["cold_start_s"] = t_map - self.server.t_spawn
        self.result["cold_breakdown"] = {
            "server_healthy_s": t_health - self.server.t_spawn,
            "first_ws_frame_s": (first_ws - self.server.t_spawn) if first_ws else None,
            "map_ready_s": t_map - self.server.t_spawn,
            "page_quiet_s": quiet_at - self.server.t_spawn,
            "server_cpu_at_map_s": cpu_map,
            "server_cpu_at_quiet_s": process_cpu_s(self.server.proc.pid),
        }
        ws_r = self.meter.ws_bytes()
        self.meter.keep = False
        kinds, timeline = self.meter.take_kept(self.server.t_spawn)
        self.result["first_load_ws_kinds"] = kinds
        firsts: dict[str, float] = {}
        for t, kind in timeline:
            firsts.setdefault(kind, t)
        self.result["cold_breakdown"]["first_message_of_kind_s"] = firsts
        self.result["cold_breakdown"]["script_finished_s"] = [t for t, k in timeline if k == "script_finished"][:3]
        self.result["cold_breakdown"]["frames_navigated_s"] = [
            (round(t - self.server.t_spawn, 3), u) for t, u in self.meter.navigations
        ][:8]
        http = self.meter.http_bytes()
        self.result["first_load"] = {
            "ws_received": ws_r,
            "ws_sent": self.meter.ws_bytes(direction="s"),
            "http": http,
            "total": ws_r + http,
            "requests": len(self.meter.requests),
        }
        self.result["map_html_in_ws"] = self.frame.evaluate("() => document.documentElement.outerHTML.length")
        self.result["markers"] = self.frame.evaluate("() => document.querySelectorAll('.leaflet-marker-icon').length")
        self.result["moves"] = self.frame.evaluate("() => window.deploymap.moves.length")
        with contextlib.suppress(Exception):  # issue 19: the page's memory once the map is up
            self.result["memory"] = page_memory(self.page)
            self.result["memory"]["frame_used_mb"] = self.frame.evaluate(
                "() => performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null"
            )
        return self.result

    def slider_presses(self, presses: int) -> dict:
        fr = self.frame
        if not fr.evaluate(INSTRUMENT_JS):
            raise RuntimeError("no #dm-slider in the map frame")
        start, end, day = fr.evaluate(
            "() => [window.deploymap.data.start, window.deploymap.data.end, Math.floor(window.deploymap.day)]"
        )
        presses = min(presses, end - start - 1)
        # step forward from the default date (the compare date stays at its default, a week before),
        # moving back first only if the timeline ends too soon for every press to move a day
        d0 = max(start, min(day, end - presses - 1))
        if d0 != day:
            t = time.monotonic()
            fr.evaluate("(d) => window.deploymap.setDay(d, true)", d0)
            self.meter.wait_quiet(t, need_sent=True)
        self.result["press_start_day"] = d0
        lat, wall, step_bytes, step_sent, rerun_s = [], [], [], [], []
        slider = fr.locator("#dm-slider")
        slider.focus()
        failures = 0
        for k in range(presses):
            self.meter.keep = k == presses - 1
            try:
                old = _date(fr)
                n_shown = fr.evaluate("() => window.__bench.shown.length")
                t0 = time.monotonic()
                slider.press("ArrowRight")
                fr.wait_for_function(
                    "(o) => document.getElementById('dm-date').dataset.date !== o", arg=old, timeout=5000
                )
                fr.wait_for_function("(n) => window.__bench.shown.length > n", arg=n_shown, timeout=5000)
            except Exception as exc:  # the map was redrawn or the press got lost: find it again, go on
                failures += 1
                state = None
                with contextlib.suppress(Exception):
                    state = fr.evaluate(
                        "() => [document.getElementById('dm-date').dataset.date, window.deploymap.day,"
                        " window.deploymap.data.end, document.activeElement && document.activeElement.id,"
                        " window.__bench.key.length]"
                    )
                self.result.setdefault("press_failures", []).append(
                    f"press {k + 1}: date stayed {old} (now [date, day, end, focused, keydowns] = {state}, "
                    f"frame detached: {fr.is_detached()}): {type(exc).__name__}"
                )
                if failures > 3:
                    raise
                self.page.wait_for_timeout(1000)
                fr = self.frame = find_map_frame(self.page)
                fr.evaluate(INSTRUMENT_JS)
                slider = fr.locator("#dm-slider")
                continue
            wall.append(time.monotonic() - t0)
            key, shown = fr.evaluate(
                "() => [window.__bench.key[window.__bench.key.length - 1],"
                " window.__bench.shown[window.__bench.shown.length - 1]]"
            )
            ts, now_at_key = key
            start = ts if 0 <= now_at_key - ts < 1000 else now_at_key  # the event's own timestamp when sane
            lat.append((shown[1] - start) / 1000.0)
            last = self.meter.wait_quiet(t0, need_sent=True)
            rerun_s.append(last - t0)
            step_bytes.append(self.meter.ws_bytes(t0, "r"))
            step_sent.append(self.meter.ws_bytes(t0, "s"))
        self.meter.keep = False
        self.result["step_ws_kinds"] = self.meter.take_kept()[0]
        self.result["press"] = stats(lat)
        self.result["press_wall"] = stats(wall)
        self.result["step_bytes"] = stats(step_bytes)
        self.result["step_sent_bytes"] = stats(step_sent)
        self.result["rerun_done_s"] = stats(rerun_s)
        self.result["url_after"] = self.page.url
        # one long jump: the first day of the timeline, far from the compare date
        t = time.monotonic()
        self.meter.keep = True
        fr.evaluate("() => window.deploymap.setDay(window.deploymap.data.start, true)")
        last = self.meter.wait_quiet(t, need_sent=True, timeout_s=120)
        self.meter.keep = False
        self.result["far_step"] = {
            "bytes": self.meter.ws_bytes(t, "r"),
            "rerun_done_s": last - t,
            "kinds": self.meter.take_kept()[0],
        }
        return self.result

    def playback(self, seconds: float = 3.0) -> dict:
        t = time.monotonic()
        out = self.frame.evaluate(PLAYBACK_JS, seconds)
        out["fps"] = out["frames"] / (out["elapsed_ms"] / 1000.0) if out["elapsed_ms"] else None
        self.meter.wait_quiet(t, need_sent=True)
        self.result["playback"] = out
        return out

    def positions_at(self, iso: str) -> dict:
        self.frame.evaluate("(d) => window.deploymap.setDate(d)", iso)
        return self.frame.evaluate("() => window.deploymap.positions()")

    def close(self) -> None:
        self.meter.close()
        self.server.stop()


BARE_READY_JS = "() => !!(window.__bareReady && document.querySelector('.leaflet-overlay-pane path'))"


def bare_cold_start(browser, data: Path, log: Path) -> dict:
    """The baseline for cold start: `benchmarks/bare_app.py` (a bare Streamlit page showing a static map of
    the same basemap) from process start until its basemap is drawn in its frame."""
    server = AppServer(data, log, "benchmarks/bare_app.py")
    meter = Meter(browser)
    try:
        t_health = server.wait_healthy()
        meter.page.goto(server.base + "/", wait_until="commit", timeout=60000)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if any(_ready(fr, BARE_READY_JS) for fr in meter.page.frames):
                t_map = time.monotonic()
                return {
                    "cold_start_s": t_map - server.t_spawn,
                    "server_healthy_s": t_health - server.t_spawn,
                    "server_cpu_at_map_s": process_cpu_s(server.proc.pid),
                }
            meter.page.wait_for_timeout(25)
        raise RuntimeError("the bare page drew no map in 90 s")
    finally:
        meter.close()
        server.stop()


def _ready(frame, js: str) -> bool:
    with contextlib.suppress(Exception):
        return bool(frame.evaluate(js))
    return False


def page_memory(page) -> dict:
    """The page's JavaScript heap (CDP Performance.getMetrics over the page and its frames' isolates) and
    `performance.memory` of the map frame where Chromium exposes it."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    finally:
        with contextlib.suppress(Exception):
            cdp.detach()
    return {
        "js_heap_used_mb": metrics.get("JSHeapUsedSize", 0) / 2**20,
        "js_heap_total_mb": metrics.get("JSHeapTotalSize", 0) / 2**20,
        "nodes": metrics.get("Nodes"),
    }


# ---------------------------------------------------------------- the naive equivalent, without Streamlit


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no access log on stderr
        pass


@contextlib.contextmanager
def asset_server(root: Path):
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    th = threading.Thread(target=httpd.serve_forever, daemon=True)
    th.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def prepare_asset_root(root: Path) -> Path:
    """Leaflet (the project's pinned npm copy) and Debian's jQuery, for the naive Folium pages."""
    assets = root / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    leaflet = assets / "leaflet"
    if not leaflet.exists():
        leaflet.symlink_to(ROOT / "dashboard" / "web" / "frontend" / "node_modules" / "leaflet" / "dist")
    jq = assets / "jquery.min.js"
    if not jq.exists():
        src = Path("/usr/share/javascript/jquery/jquery.min.js")
        if src.is_file():
            jq.symlink_to(src)
        else:  # a minimal stand-in for the only jQuery use in Folium popups: $(`html`)[0]
            jq.write_text(
                "window.$=function(h){var t=document.createElement('template');"
                "t.innerHTML=String(h).trim();return [t.content.firstElementChild];};"
            )
    return root


NAIVE_DRAWN_JS = """async (n) => {
  const count = () => document.querySelectorAll('.leaflet-marker-icon').length;
  const t0 = performance.now();
  while (count() < n && performance.now() - t0 < 60000) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return count();
}"""


def naive_page_loads(browser, pages: list[Path], markers: int, base: str) -> dict:
    """Load each naive page (one slider step each) with page.set_content until its markers are drawn."""
    meter = Meter(browser)
    page = meter.page
    runs, drawn = [], []
    try:
        for p in pages:
            html = p.read_text(encoding="utf-8").replace('"/assets/', f'"{base}/assets/')
            t0 = time.monotonic()
            page.set_content(html, wait_until="load", timeout=180000)
            drawn.append(page.evaluate(NAIVE_DRAWN_JS, markers))
            runs.append(time.monotonic() - t0)
            del html
    finally:
        blocked, errors = list(meter.blocked), list(meter.errors)
        meter.close()
    return {
        "load": stats(runs),
        "markers_drawn": min(drawn) if drawn else 0,
        "blocked": blocked[:5],
        "errors": errors[:5],
    }
