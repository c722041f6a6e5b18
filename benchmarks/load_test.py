"""Many viewers at once: `make load` (not part of `make test`).

Starts one dashboard server on loopback, then drives N concurrent browser
sessions (separate Chromium contexts = separate Streamlit sessions) for a
number of seconds each: scrubbing the timeline with the keyboard, playing and
pausing, and changing a filter. Each session works on its own date and filter,
and at the end checks that it still sees its own state, never another's.
Repeated rounds show whether the server's memory settles.

    .venv/bin/python benchmarks/load_test.py [--sessions 20] [--seconds 60] [--rounds 2]
    .venv/bin/python benchmarks/load_test.py --sweep 2,5,10,20 [--seconds 30]   # make load-sweep

`--sweep` runs one round per number of viewers against one server, the server pinned to CPU 0 and
this process, Playwright and every Chromium to CPU 1 (`--no-pin` to share both), and writes
`benchmarks/load_sweep.json`: per step the key press -> new date p95 (in the viewers' browsers: the
map moves client-side, so this measures the browsers' core), the server's part (each rerun request
the page sends on its websocket -> Streamlit's script_finished for it, timed by Playwright's frame
events), the server's CPU share of its core, and the most viewers for which both p95s stay within
500 ms.

Only 127.0.0.1 is contacted; every other request is blocked and counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/load_test.py` (make load)
    sys.path.insert(0, str(ROOT))

from benchmarks.browser import message_kind  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
DATES = ["2022-02-01", "2022-02-03", "2022-02-05", "2022-02-07", "2022-02-09", "2022-02-11", "2022-02-13", "2022-02-15"]
CONFIDENCE = ["reported", "estimated"]
EXPECTED_MOVES = {"reported": 2, "estimated": 1}
RAMP_S = 1.5  # in the bundled data (the default --data)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total = int(line.split()[1])
    except OSError:
        return float("nan")
    return total / 1024


def start_server(data: Path, port: int, cpus: set[int] | None = None) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard/app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--",
        "--data",
        str(data),
    ]
    log = ROOT / "benchmarks" / ".cache" / "load-server.log"  # a file, never a pipe nobody reads
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={  # this copy's `dashboard` package, not another installed one
                **os.environ,
                "PYTHONUNBUFFERED": "1",
                "PYTHONPATH": os.pathsep.join(
                    [str(ROOT)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])
                ),
            },
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,  # every thread inherits it
        )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"the server did not become healthy within 60 s (its log: {log})")


def back_kind(payload: bytes | str) -> str | None:
    """The kind of a message the page sent to Streamlit (`rerun_script`, `app_heartbeat`, ...)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    if not isinstance(payload, bytes):
        return None
    msg = BackMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:
        return None
    return msg.WhichOneof("type")


async def map_frame(page, timeout: float = 60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if (
                    await frame.evaluate("() => !!(window.deploymap && document.querySelector('#dm-slider'))")
                    and frame.parent_frame is not None  # the host has applied the link's date and view
                    and await frame.parent_frame.evaluate("() => document.body.dataset.ready === '1'")
                ):
                    return frame
            except Exception:  # frames come and go while the app loads
                pass
        await asyncio.sleep(0.2)
    raise TimeoutError("map not ready")


async def where(page) -> str:
    """What the failed session was looking at: its address, and its map's date and history."""
    try:
        seen = []
        for frame in page.frames:
            try:
                seen.append(
                    await frame.evaluate(
                        "() => window.deploymap ? 'map on ' + window.deploymap.isoDate() + ', playing ' +"
                        " window.deploymap.playing + ', reports ' + JSON.stringify(window.dmReports || []) : null"
                    )
                )
            except Exception:
                pass
        return f"url {page.url.split('?', 1)[-1]}; " + "; ".join(s for s in seen if s)
    except Exception as exc:
        return f"state unknown: {exc}"


async def session(browser, base: str, n: int, seconds: float, stats: dict) -> None:
    # Reduced motion (the map honours it: no marching ants) keeps 20 software-rendered pages
    # on 2 cores from measuring the browsers' painting instead of the server.
    ctx = await browser.new_context(viewport={"width": 1100, "height": 800}, reduced_motion="reduce")
    blocked: list[str] = []

    async def route(r):
        url = r.request.url
        if url.startswith((base, "data:", "about:", "blob:", "ws://127.0.0.1")):
            await r.continue_()
        else:
            blocked.append(url)
            await r.abort()

    await ctx.route("**/*", route)
    page = await ctx.new_page()
    page.on("request", lambda r: stats.__setitem__("http_requests", stats["http_requests"] + 1))

    asked: list[float] = []  # rerun requests sent (once the map is up) and not yet answered by a script_finished
    live = [False]

    def sent(payload) -> None:
        stats["ws_sent"] += 1
        if live[0] and back_kind(payload) == "rerun_script":
            asked.append(time.perf_counter())

    def received(payload) -> None:
        stats["ws_received"] += 1
        if asked and len(payload) <= 256 and isinstance(payload, bytes) and message_kind(payload) == "script_finished":
            stats["rerun_ms"].append((time.perf_counter() - asked[0]) * 1000)  # the oldest request: reruns queue
            asked.clear()  # Streamlit folds requests that arrive during a rerun into the next one

    def on_websocket(ws) -> None:  # Streamlit's traffic: rerun requests up, page updates down
        ws.on("framesent", sent)
        ws.on("framereceived", received)

    page.on("websocket", on_websocket)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    rng = random.Random(n)
    history: list[str] = []
    my_date, my_conf = DATES[n % len(DATES)], CONFIDENCE[n % len(CONFIDENCE)]
    await asyncio.sleep(n * RAMP_S)  # viewers arrive over a few seconds, not in the same instant
    t0 = time.perf_counter()
    try:
        await page.goto(  # many browsers on one core (a sweep) load Streamlit's scripts slowly: not a finding
            f"{base}/?date={my_date}&confidence={my_conf}", wait_until="domcontentloaded", timeout=180000
        )
        frame = await map_frame(page, timeout=180)
        stats["ready_s"].append(time.perf_counter() - t0)
        live[0] = True
        await frame.evaluate(
            "() => window.deploymap.on((kind, v) =>"
            " { window.dmReports = (window.dmReports || []).concat([[kind, v]]).slice(-6); })"
        )
        end = time.time() + seconds
        while time.time() < end:
            action = rng.random()
            history.append("key" if action < 0.75 else "play" if action < 0.9 else "url")
            if action < 0.75:  # scrub one day with the keyboard, time until the date label changes
                before, value, lo, hi = await frame.evaluate(
                    "() => { const s = document.querySelector('#dm-slider');"
                    " return [document.querySelector('#dm-date').dataset.date, +s.value, +s.min, +s.max]; }"
                )
                key = rng.choice(["ArrowRight", "ArrowLeft"])
                key = "ArrowLeft" if value >= hi else ("ArrowRight" if value <= lo else key)
                await frame.focus("#dm-slider")
                k0 = time.perf_counter()
                await page.keyboard.press(key)
                await frame.wait_for_function(
                    "(b) => document.querySelector('#dm-date').dataset.date !== b", arg=before, timeout=30000
                )
                stats["key_ms"].append((time.perf_counter() - k0) * 1000)
            elif action < 0.9:
                await frame.evaluate("() => window.deploymap.play()")
                await asyncio.sleep(0.8)
                await frame.evaluate("() => window.deploymap.pause()")
            else:  # a round trip through the server: the URL follows the reported date
                target = await frame.evaluate("() => window.deploymap.isoDate()")
                r0 = time.perf_counter()
                await page.wait_for_function("(d) => location.search.includes('date=' + d)", arg=target, timeout=60000)
                stats["url_ms"].append((time.perf_counter() - r0) * 1000)
            stats["actions"] += 1
            await asyncio.sleep(rng.uniform(0.05, 0.3))
        # Isolation: this session still has its own filter (in its URL and in the movements
        # its map draws), never another session's.
        await frame.evaluate("() => window.deploymap.pause()")
        drawn = await frame.evaluate("() => window.deploymap.data.moves.length")
        query = await page.evaluate("() => location.search")
        if f"confidence={my_conf}" not in query or drawn != EXPECTED_MOVES[my_conf]:
            stats["isolation_failures"].append({"session": n, "drawn": drawn, "query": query})
    except Exception as exc:  # a failed session is a finding, not a crash of the test
        stats["errors"].append(
            f"session {n}: {type(exc).__name__}: {str(exc)[:200]} [{await where(page)}; last actions {history[-6:]}]"
        )
    finally:
        stats["errors"].extend(f"session {n}: {e[:200]}" for e in errors)
        stats["blocked"].extend(blocked)
        await ctx.close()


async def run_round(base: str, sessions: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    stats = {
        "ready_s": [],
        "key_ms": [],
        "rerun_ms": [],
        "url_ms": [],
        "actions": 0,
        "errors": [],
        "blocked": [],
        "isolation_failures": [],
        "http_requests": 0,
        "ws_sent": 0,
        "ws_received": 0,
    }
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        await asyncio.gather(*(session(browser, base, n, seconds, stats) for n in range(sessions)))
        await browser.close()
    return stats


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def descendants(root: int) -> set[int]:
    """The processes started, directly or not, by process `root`."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


class Probe(threading.Thread):
    """Beside the browsers: how quickly the server answers a plain request (its health check
    and its page) every second, and how the machine's CPU time splits between the server
    and the browsers (each process's time, summed over the ones seen)."""

    def __init__(self, base: str, server_pid: int):
        super().__init__(daemon=True)
        self.base, self.server_pid, self.halt = base, server_pid, threading.Event()
        self.health_ms: list[float] = []
        self.page_ms: list[float] = []
        self.failures = 0
        self.browser_cpu: dict[int, float] = {}
        self.server_cpu0 = cpu_seconds(server_pid)

    def run(self) -> None:
        while not self.halt.wait(1.0):
            for path, into in (("/_stcore/health", self.health_ms), ("/", self.page_ms)):
                t0 = time.perf_counter()
                try:
                    with urllib.request.urlopen(self.base + path, timeout=30) as r:
                        r.read()
                    into.append((time.perf_counter() - t0) * 1000)
                except OSError:
                    self.failures += 1
            for pid in descendants(os.getpid()):  # our Chromiums only: other programs may run one too
                try:
                    if b"chromium" in Path(f"/proc/{pid}/cmdline").read_bytes():
                        self.browser_cpu[pid] = cpu_seconds(pid)
                except OSError:
                    pass

    def stop(self) -> dict:
        self.halt.set()
        self.join(5)
        return {
            "server_http_p50_ms": pct(self.page_ms, 0.5),
            "server_http_p95_ms": pct(self.page_ms, 0.95),
            "server_health_p50_ms": pct(self.health_ms, 0.5),
            "server_health_p95_ms": pct(self.health_ms, 0.95),
            "probe_failures": self.failures,
            "cpu_s_server": round(cpu_seconds(self.server_pid) - self.server_cpu0, 1),
            "cpu_s_browsers": round(sum(self.browser_cpu.values()), 1),
        }


SERVER_CORES = 2
BUSY_SHARE = 0.7  # keep a server's CPU below this share of its cores: queues (and p95 latency) grow past it


def capacity(cpu_s_server: float, sessions: int, seconds: float) -> dict:
    """Server CPU per viewer-minute (the server's CPU over the round / viewers x minutes each watched), and
    the viewers a 2-core server holds at BUSY_SHARE of its CPU at that rate. A key press moves the map in
    the viewer's own browser (no server round trip), so the server's limit is the reruns it serves (the
    URL and panels following the map: `url_ms`), not the key press itself."""
    viewer_minutes = sessions * seconds / 60.0
    per = cpu_s_server / viewer_minutes if viewer_minutes else None
    return {
        "viewer_minutes": round(viewer_minutes, 1),
        "server_cpu_s_per_viewer_minute": round(per, 3) if per else None,
        "viewers_per_2_core_server": int(SERVER_CORES * 60 * BUSY_SHARE / per) if per else None,
    }


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 1)


LIMIT_MS = 500.0  # issue 19: p95 key press -> new date


def sweep_step(base: str, server_pid: int, viewers: int, seconds: float) -> dict:
    """One round of `viewers` viewers: the latencies' p50/p95, the server's CPU and its share of one core."""
    t0 = time.time()
    probe = Probe(base, server_pid)
    probe.start()
    s = asyncio.run(run_round(base, viewers, seconds))
    probed = probe.stop()
    wall = time.time() - t0
    return {
        "viewers": viewers,
        "wall_s": round(wall, 1),
        "errors": len(s["errors"]) + len(s["isolation_failures"]) + len(s["blocked"]),
        "error_samples": s["errors"][:3],
        "ready_s_p50": pct(s["ready_s"], 0.5),
        "key_presses": len(s["key_ms"]),
        "key_ms_p50": pct(s["key_ms"], 0.5),
        "key_ms_p95": pct(s["key_ms"], 0.95),
        "reruns": len(s["rerun_ms"]),
        "rerun_ms_p50": pct(s["rerun_ms"], 0.5),
        "rerun_ms_p95": pct(s["rerun_ms"], 0.95),
        "url_ms_p95": pct(s["url_ms"], 0.95),
        "cpu_s_server": probed["cpu_s_server"],
        "cpu_s_browsers": probed["cpu_s_browsers"],
        "server_share_of_a_core": round(probed["cpu_s_server"] / wall, 2) if wall else None,
        **capacity(probed["cpu_s_server"], viewers, seconds),
        "loadavg_1min_after": float(Path("/proc/loadavg").read_text().split()[0]),
    }


def sweep_verdict(steps: list[dict], limit_ms: float = LIMIT_MS) -> dict:
    """The most viewers of the sweep whose p95s stayed within `limit_ms`, before the first step past it:
    key press -> new date (the viewers' browsers), the server's rerun, and both."""

    def held(key: str) -> int | None:
        best = None
        for st in sorted(steps, key=lambda x: x["viewers"]):
            v = st.get(key)
            if v is None or v > limit_ms or st["errors"]:
                break
            best = st["viewers"]
        return best

    key, rerun = held("key_ms_p95"), held("rerun_ms_p95")
    return {
        "limit_ms": limit_ms,
        "viewers_key_press_p95_within": key,
        "viewers_server_rerun_p95_within": rerun,
        "viewers_both_within": min(key, rerun) if key is not None and rerun is not None else None,
    }


def run_sweep(args: argparse.Namespace) -> int:
    counts = [int(x) for x in args.sweep.split(",") if x.strip()]
    pin = not args.no_pin and len(os.sched_getaffinity(0)) >= 2
    server_cpus, client_cpus = ({0}, {1}) if pin else (None, None)
    port = free_port()
    server = start_server(args.data, port, server_cpus)
    if client_cpus:
        os.sched_setaffinity(0, client_cpus)  # Playwright and the Chromiums it starts inherit it
    base = f"http://127.0.0.1:{port}"
    report: dict = {
        "what": "one server, one round per number of viewers; key press -> new date is measured in the viewers' "
        "browsers (the map moves client-side), the server's part as rerun request -> script_finished",
        "pinned": {"server_cpus": sorted(server_cpus or []), "browser_cpus": sorted(client_cpus or [])},
        "seconds_per_viewer": args.seconds,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "steps": [],
    }
    try:
        warm = sweep_step(base, server.pid, 1, 3.0)  # the server's first run (imports, the map): not a step
        report["warm_up"] = {"cpu_s_server": warm["cpu_s_server"], "errors": warm["errors"]}
        for n in counts:
            step = sweep_step(base, server.pid, n, args.seconds)
            report["steps"].append(step)
            print(json.dumps(step), flush=True)
            time.sleep(3)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    report["verdict"] = sweep_verdict(report["steps"])
    args.sweep_out.write_text(json.dumps(report, indent=2) + "\n")
    print("viewers | key press p50/p95 ms | server rerun p50/p95 ms | server CPU share of its core | load")
    for st in report["steps"]:
        print(
            f"{st['viewers']:>7} | {st['key_ms_p50']} / {st['key_ms_p95']} | {st['rerun_ms_p50']} / {st['rerun_ms_p95']}"
            f" | {st['server_share_of_a_core']} | {st['loadavg_1min_after']}"
        )
    v = report["verdict"]
    print(
        f"within {LIMIT_MS:.0f} ms at p95: key press -> new date up to {v['viewers_key_press_p95_within']} viewers "
        f"(their browsers on {'one core' if pin else 'the shared cores'}), the server's rerun up to "
        f"{v['viewers_server_rerun_p95_within']} (the server on {'one core' if pin else 'the shared cores'})"
    )
    return 1 if any(st["errors"] for st in report["steps"]) else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=None, help="each viewer's time (default 60; 30 in a sweep)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "load_results.json")
    ap.add_argument("--sweep", default=None, help="viewers per step, e.g. 2,5,10,20: one round each")
    ap.add_argument("--no-pin", action="store_true", help="sweep: do not pin the server and the browsers to a CPU each")
    ap.add_argument("--sweep-out", type=Path, default=ROOT / "benchmarks" / "load_sweep.json")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    if args.seconds is None:
        args.seconds = 30.0 if args.sweep else 60.0
    if args.sweep:
        return run_sweep(args)
    port = free_port()
    server = start_server(args.data, port)
    base = f"http://127.0.0.1:{port}"
    report = {"sessions": args.sessions, "seconds": args.seconds, "rounds": []}
    try:
        mem = [rss_mb(server.pid)]
        for r in range(args.rounds):
            t0 = time.time()
            probe = Probe(base, server.pid)
            probe.start()
            s = asyncio.run(run_round(base, args.sessions, args.seconds))
            probed = probe.stop()
            time.sleep(3)
            mem.append(rss_mb(server.pid))
            rnd = {
                "round": r + 1,
                "wall_s": round(time.time() - t0, 1),
                "actions": s["actions"],
                "errors": s["errors"],
                "blocked_requests": s["blocked"],
                "isolation_failures": s["isolation_failures"],
                "ready_s_p50": pct(s["ready_s"], 0.5),
                "ready_s_p95": pct(s["ready_s"], 0.95),
                "key_ms_p50": pct(s["key_ms"], 0.5),
                "key_ms_p95": pct(s["key_ms"], 0.95),
                "key_presses": len(s["key_ms"]),
                "url_ms_p50": pct(s["url_ms"], 0.5),
                "url_ms_p95": pct(s["url_ms"], 0.95),
                "url_checks": len(s["url_ms"]),
                "http_requests": s["http_requests"],
                "ws_messages_sent": s["ws_sent"],
                "ws_messages_received": s["ws_received"],
                **probed,
                "server_rss_mb_after": round(mem[-1], 1),
            }
            rnd.update(capacity(probed["cpu_s_server"], args.sessions, args.seconds))
            rnd["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
            report["rounds"].append(rnd)
            print(json.dumps(rnd))
        report["server_rss_mb_before"] = round(mem[0], 1)
        report["server_rss_mb_after_each_round"] = [round(m, 1) for m in mem[1:]]
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    bad = [r for r in report["rounds"] if r["errors"] or r["blocked_requests"] or r["isolation_failures"]]
    growth = (
        report["server_rss_mb_after_each_round"][-1] - report["server_rss_mb_after_each_round"][0]
        if len(report["server_rss_mb_after_each_round"]) > 1
        else 0.0
    )
    print(
        f"server memory: {report['server_rss_mb_before']} MB before, after rounds "
        f"{report['server_rss_mb_after_each_round']} MB (growth between first and last round {growth:+.1f} MB)"
    )
    for r in report["rounds"]:
        print(
            f"round {r['round']}: server CPU {r['server_cpu_s_per_viewer_minute']} s per viewer-minute "
            f"({r['cpu_s_server']} s for {r['viewer_minutes']} viewer-minutes; the browsers {r['cpu_s_browsers']} s) "
            f"-> about {r['viewers_per_2_core_server']} viewers on a {SERVER_CORES}-core server at "
            f"{BUSY_SHARE:.0%} CPU; key press p95 {r['key_ms_p95']} ms (in the viewer's browser), "
            f"server round trip (URL follows the date) p95 {r['url_ms_p95']} ms; load average {r.get('loadavg')}"
        )
    print("PASS" if not bad else "FAIL: errors, blocked requests or isolation failures (see the JSON)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
