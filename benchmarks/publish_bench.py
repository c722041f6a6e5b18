"""The published site (`python -m dashboard publish`), measured: `make bench-publish`.

For the bundled data and for a synthetic dataset of 10,000 movements (benchmarks/synth.py):
- the time to publish (a whole process) and the site's size: its files, and the first view (index.html
  with its words and assets, what a first visit transfers uncompressed);
- in Chromium, the site behind a plain static file server on loopback (`python -m http.server`): the
  time to the map on screen, and key press on the slider -> the new date drawn (median and worst of
  20 presses), the page's JS heap.
Targets (issue 17): first view <= 2 MB for the bundled data; key press -> new date <= 500 ms at 10,000.
Results go to benchmarks/results/publish.json and are printed as a table; the load average is printed
beside them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import fmt_bytes, synth_dataset  # noqa: E402
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, static_server  # noqa: E402

PRESSES = 20

FRAME_JS = """() => new Promise(r => requestAnimationFrame(() => r(performance.now())))"""


def publish(data: Path, out: Path) -> tuple[float, dict]:
    t0 = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "dashboard", "publish", "--data", str(data), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    took = time.perf_counter() - t0
    if run.returncode:
        raise RuntimeError(run.stderr)
    files = {str(p.relative_to(out)): p.stat().st_size for p in out.rglob("*") if p.is_file()}
    first = ["index.html"] + [f for f in files if f.startswith("assets/") and f.count("/") == 1]
    return took, {"files": len(files), "bytes": sum(files.values()), "first_view": sum(files.get(f, 0) for f in first)}


def browse(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    with static_server(site) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--enable-precise-memory-info"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            t0 = time.perf_counter()
            page.goto(base + "/index.html")
            page.wait_for_function("() => window.deploymap && window.deploymap.isoDate()", timeout=120000)
            page.evaluate(FRAME_JS)
            to_map = time.perf_counter() - t0
            page.evaluate("() => window.deploymap.setDay(window.deploymap.data.start + 1, false)")
            slider = page.locator("#dm-slider")
            slider.focus()
            lat = []
            span = page.evaluate("() => window.deploymap.data.end - window.deploymap.data.start")
            for _ in range(min(PRESSES, span - 2)):  # a short timeline ends before 20 presses
                old = page.evaluate("() => document.getElementById('dm-date').dataset.date")
                t = page.evaluate("() => performance.now()")
                slider.press("ArrowRight")
                page.wait_for_function("(o) => document.getElementById('dm-date').dataset.date !== o", arg=old)
                drawn = page.evaluate(FRAME_JS)
                lat.append((drawn - t) / 1000.0)
            heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
            browser.close()
        return {"to_map_s": to_map, "press_median_s": statistics.median(lat), "press_max_s": max(lat), "heap": heap}


def main() -> int:
    out: dict[str, dict] = {}
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        cases = {"bundled data": REPO / "data"}
        synth_root, _ = synth_dataset(10_000)
        cases["10,000 movements"] = synth_root
        for name, data in cases.items():
            site = Path(tmp) / name.replace(" ", "_").replace(",", "")
            took, size = publish(data, site)
            seen = browse(site)
            out[name] = {"publish_s": took, **size, **seen}
    out["_load_average"] = {"before": list(load), "after": list(os.getloadavg())}
    results = REPO / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "publish.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(
        f"{'':18} {'publish':>8} {'files':>6} {'site':>9} {'first view':>10} {'to map':>7} {'key→date':>9} {'worst':>7} {'heap':>9}"
    )
    for name, r in out.items():
        if name.startswith("_"):
            continue
        print(
            f"{name:18} {r['publish_s']:7.1f}s {r['files']:6d} {fmt_bytes(r['bytes']):>9} {fmt_bytes(r['first_view']):>10} "
            f"{r['to_map_s']:6.2f}s {r['press_median_s'] * 1000:7.0f}ms {r['press_max_s'] * 1000:5.0f}ms "
            f"{fmt_bytes(r['heap']) if r['heap'] else '-':>9}"
        )
    print(f"load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
