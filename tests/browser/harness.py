"""Helpers for the real-browser tests: Debian's Chromium, an offline network guard,
error collection, screenshots, and the Streamlit app running as a subprocess.

Import them from a test module (the repo root is on sys.path via tests/conftest.py):

    from tests.browser.harness import app_server, browser, new_page, require_chromium, streamlit_app

`browser` is a module-scoped fixture (one Chromium per test module);
`streamlit_app` is a module-scoped factory fixture: `streamlit_app(path)` -> base URL;
`app_server(path)` / `app_servers({name: path})` are context managers yielding base URLs;
`new_page(browser)` gives a `Session`: a page in its own context whose every
request that is not local is aborted *and recorded*, with console errors and page
errors collected. Playwright's bundled browsers are never used (no
`playwright install`): Chromium comes from the system, /usr/bin/chromium.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
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
ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
LOCAL_SCHEMES = {"data", "about", "blob"}
HEALTH_TIMEOUT_S = 60.0

# Errors and uncaught exceptions of every frame (the srcdoc map frame included) are
# also recorded in-page, so they are visible even if an event is missed.
_ERROR_HOOK = """
(() => {
  if (window.__dmErrors) return;
  window.__dmErrors = [];
  window.addEventListener('error', (e) => {
    // Chromium's note that a ResizeObserver callback resized what it observes (the page's height
    // following new text under the map) is not an error of the page: the HTML spec reports it this way
    // and delivers the notifications on the next frame.
    if (String(e.message).startsWith('ResizeObserver loop completed with undelivered notifications')) return;
    // a resource that failed to load has no message; a script error has one
    window.__dmErrors.push(String(e.message || ('resource error: ' + ((e.target && (e.target.src || e.target.href)) || '?'))));
  }, true);
  window.addEventListener('unhandledrejection', (e) => {
    window.__dmErrors.push('unhandled rejection: ' + String(e.reason && (e.reason.stack || e.reason)));
  });
})();
"""


def require_chromium() -> str:
    """The Chromium to use; fails under CI (browser tests must never silently skip), else skips."""
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)
    raise AssertionError("unreachable")


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in LOCAL_SCHEMES:
        return True
    if scheme in ("http", "https", "ws", "wss"):
        return (parts.hostname or "").lower() in LOCAL_HOSTS or parts.netloc.lower().startswith("[::1]")
    return False


@dataclass
class Session:
    """A page in its own browser context, with its network guard and error logs."""

    context: object
    page: object
    blocked: list[str] = field(default_factory=list)  # every non-local URL the page tried to load
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # alert()/confirm()/prompt(): never expected
    shots: list[str] = field(default_factory=list)  # names of the screenshots saved

    def frame_errors(self) -> list[str]:
        """Errors recorded in-page by the init script, in every frame that has the hook."""
        out = []
        for fr in self.page.frames:
            try:
                errs = fr.evaluate("() => window.__dmErrors || []")
            except Exception:  # a frame that went away while we looked
                continue
            out += [f"{fr.url[:80]}: {e}" for e in errs]
        return out

    def all_errors(self) -> list[str]:
        return (
            [f"console: {e}" for e in self.console_errors]
            + [f"pageerror: {e}" for e in self.page_errors]
            + [f"frame: {e}" for e in self.frame_errors()]
            + [f"dialog: {d}" for d in self.dialogs]
        )

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        self.shots.append(name)
        return path

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.context.close()


def new_page(browser, viewport: dict | None = None) -> Session:
    """A fresh context and page: non-local requests aborted and recorded, errors collected."""
    context = browser.new_context(viewport=viewport or VIEWPORT, service_workers="block")
    session = Session(context=context, page=None)

    def guard(route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            session.blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    context.add_init_script(_ERROR_HOOK)
    page = context.new_page()
    session.page = page

    def on_console(msg) -> None:
        if msg.type == "error":  # warnings ("Unrecognized feature", sandbox notices) do not count
            loc = msg.location or {}
            session.console_errors.append(f"{msg.text} @ {loc.get('url', '')}:{loc.get('lineNumber', '')}")

    def on_dialog(dialog) -> None:
        session.dialogs.append(f"{dialog.type}: {dialog.message}")
        with contextlib.suppress(Exception):
            dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: session.page_errors.append(str(exc)))
    page.on("dialog", on_dialog)
    return session


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium per test module."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


_GIVEN_PORTS: set[int] = set()


def free_port() -> int:
    """A free local port, never one this process handed out before (servers start in parallel)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _GIVEN_PORTS:
            _GIVEN_PORTS.add(port)
            return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server we started, by its PID only: terminate, wait, then kill."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@dataclass
class Server:
    """A `streamlit run` subprocess on a free local port."""

    name: str
    data: str
    port: int
    proc: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def wait_healthy(self, timeout_s: float = HEALTH_TIMEOUT_S) -> None:
        """Poll /_stcore/health until it answers 200; fail with the server's log otherwise."""
        deadline = time.monotonic() + timeout_s
        while not _healthy(self.url + "/_stcore/health"):
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit ({self.name}) exited with {self.proc.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit ({self.name}) not healthy after {timeout_s:.0f} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def stop(self) -> None:
        _stop(self.proc)


def _die_with_parent() -> None:  # runs in the child before exec (Linux): SIGTERM when the test process dies
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def start_server(data: Path | str, name: str = "app", env: dict[str, str] | None = None) -> Server:
    """Start `streamlit run dashboard/app.py -- --data <data>` (cwd: repo root); do not wait for it."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"streamlit-{name}.log"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/app.py",
        "--server.port",
        str(port),
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
    env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    with open(log_path, "wb") as log:  # the child keeps its own handle
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    return Server(name, str(data), port, proc, log_path)


@contextlib.contextmanager
def app_servers(datasets: dict[str, Path | str], env: dict[str, str] | None = None) -> Iterator[dict[str, str]]:
    """Several apps at once (started together, so their start-up overlaps): name -> base URL."""
    servers: list[Server] = []
    try:
        for name, data in datasets.items():
            servers.append(start_server(data, name, env))
        for server in servers:
            server.wait_healthy()
        yield {s.name: s.url for s in servers}
    finally:  # by PID, only the processes started here: SIGTERM to all, then wait (kill if need be)
        for server in servers:
            if server.proc.poll() is None:
                server.proc.terminate()
        for server in servers:
            server.stop()


@contextlib.contextmanager
def app_server(data: Path | str, name: str = "app", env: dict[str, str] | None = None) -> Iterator[str]:
    """Run the app on `data` on a free local port; yield its base URL; stop it afterwards."""
    with app_servers({name: data}, env) as urls:
        yield urls[name]


@pytest.fixture(scope="module")
def streamlit_app():
    """Factory fixture: `url = streamlit_app(path)` runs the app on that dataset (once per path
    and module) and returns its base URL; every server is stopped by PID at the module's end."""
    stack = contextlib.ExitStack()
    started: dict[str, str] = {}

    def start(data: Path | str, name: str | None = None) -> str:
        key = str(data)
        if key not in started:
            started[key] = stack.enter_context(app_server(data, name or Path(key).name or "app"))
        return started[key]

    with stack:
        yield start


def map_frame(page, timeout_s: float = 30.0):
    """The frame where the map runs (`window.deploymap` exists): the component's inner srcdoc frame."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for fr in page.frames:
            with contextlib.suppress(Exception):
                if fr.evaluate("() => !!(window.deploymap && document.getElementById('dm-date'))"):
                    return fr
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame with window.deploymap after {timeout_s} s; frames: {[f.url for f in page.frames]}")


def component_frame(page):
    """The component host frame (dashboard/web/frontend/index.html): the map frame's parent."""
    return map_frame(page).parent_frame


def wait_for(page, predicate, timeout_s: float = 10.0, interval_s: float = 0.1, message: str = "condition"):
    """Poll `predicate()` until it returns a truthy value; return it, or fail with `message`.

    Waits with `page.wait_for_timeout`, not `time.sleep`, so Playwright keeps processing
    events (navigations that change `page.url`, console messages) in between."""
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        page.wait_for_timeout(interval_s * 1000)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {message} (last value: {last!r})")


# ---------------------------------------------------------------- what every browser test does


def wait_idle(s: Session, timeout_ms: int = 20000) -> None:
    """Streamlit has finished its current run: no 'Running…' status widget, and no element of
    the run before left on the page (Streamlit marks those `data-stale="true"` until the new run
    replaces them; a locator that finds one sees it detached a moment later)."""
    s.page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=timeout_ms,
    )
    s.page.wait_for_timeout(300)


def ready_map(s: Session):
    """The map frame, once its page is loaded, the host has applied the date and view and the
    app is idle. A map page replaced while we looked (a rerun with new filters sends a new
    one, sometimes only after the app has gone idle) is looked up again: the frame returned
    still shows a drawn map after the app is idle."""
    from playwright.sync_api import Error as PlaywrightError

    replaced = ("detached", "Execution context was destroyed", "undefined", "null")
    last: Exception | None = None
    for _attempt in range(5):
        try:
            frame = map_frame(s.page, timeout_s=45)
            frame.parent_frame.wait_for_function("() => document.body.dataset.ready === '1'", timeout=30000)
            frame.wait_for_selector(".dm-unit", timeout=15000)
            wait_idle(s)
            # still the shown page, drawn, after the app went idle
            if frame.evaluate(
                "() => !!(window.deploymap && window.deploymap.isoDate() && document.querySelector('.dm-unit'))"
            ):
                return frame
            last = AssertionError("the map page was replaced after the app went idle")
        except PlaywrightError as exc:
            if not any(word in str(exc) for word in replaced):
                raise
            last = exc
        s.page.wait_for_timeout(300)
    raise AssertionError(f"the map frame kept being replaced: {last}")


def open_map(s: Session, base: str, query: str = ""):
    """Open the app at an address; return the map frame once it is drawn and the app idle."""
    s.page.goto(base + "/" + query, wait_until="domcontentloaded")
    return ready_map(s)


def assert_clean(s: Session) -> None:
    """No error element or message on the page, no console or page error in any frame, no
    request that was not to the local server."""
    errors = s.page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert "This app has encountered an error" not in s.page.inner_text("body")
    assert s.blocked == [], f"requests that were not to the local server: {s.blocked}"
    assert s.all_errors() == [], "\n".join(s.all_errors())


@contextlib.contextmanager
def static_server(folder: Path | str) -> Iterator[str]:
    """A folder behind `python -m http.server` on 127.0.0.1 (a plain static file server, no app):
    yields its base URL once it answers; stopped by its PID."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
