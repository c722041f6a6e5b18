"""Many viewers at once: `make load` (not part of `make test`).

Starts one dashboard server on loopback, then drives N concurrent browser
sessions (separate Chromium contexts = separate Streamlit sessions) for a
number of seconds each: scrubbing the timeline with the keyboard, playing and
pausing, and changing a filter. Each session works on its own date and filter,
and at the end checks that it still sees its own state, never another's.
Repeated rounds show whether the server's memory settles.

    .venv/bin/python benchmarks/load_test.py [--sessions 20] [--seconds 60] [--rounds 2]

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


def start_server(data: Path, port: int) -> subprocess.Popen:
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
            cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
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

    def on_websocket(ws) -> None:  # Streamlit's traffic: rerun requests up, page updates down
        ws.on("framesent", lambda _f: stats.__setitem__("ws_sent", stats["ws_sent"] + 1))
        ws.on("framereceived", lambda _f: stats.__setitem__("ws_received", stats["ws_received"] + 1))

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
        await page.goto(f"{base}/?date={my_date}&confidence={my_conf}", wait_until="domcontentloaded")
        frame = await map_frame(page, timeout=180)
        stats["ready_s"].append(time.perf_counter() - t0)
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
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    try:
                        if b"chromium" in Path(f"/proc/{pid}/cmdline").read_bytes():
                            self.browser_cpu[int(pid)] = cpu_seconds(int(pid))
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "load_results.json")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
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
