"""Cold start alone, side by side in the same minutes (issue 19, target 2; not part of `make bench`).

    .venv/bin/python benchmarks/cold_start.py [--repeats 5] [--app before=/tmp/copy-of-main] [--out F.json]

Each round starts, one after the other (the order rotating from round to round): the bare Streamlit
page with a static map (`benchmarks/bare_app.py`, as `make bench`'s baseline), this repository's app
(`ours`) and every `--app LABEL=ROOT` (another copy of the repository, e.g. the base commit: its own
`dashboard` package, `.streamlit/config.toml` and frontend). Each start is timed as in `make bench`
(`benchmarks/browser.py`: process start → map on screen) with the server's CPU time (user + sys of
the Streamlit process, from /proc) when the map is on screen and once the page is quiet, the
1-minute load average before it, and the timeline of the first run (`run.cold_timeline`).
Python's bytecode of every copy is compiled first, so no copy pays for it in a timed start; and,
as `make run` does, a copy that keeps map pages on disk (`dashboard/web/pagecache.py`) has the bundled
dataset's first page built before each start (`browser.prebuild`, untimed); `--no-prebuild` times a
first start ever (the page built in the start and kept off: `DEPLOYMAP_PAGE_CACHE=off`).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import browser as B  # noqa: E402
from benchmarks.common import BUNDLED, ROOT  # noqa: E402
from benchmarks.run import cold_timeline  # noqa: E402

BARE = "bare"


def start_once(browser, label: str, root: Path | None, data: Path, logs: Path, k: int) -> dict:
    load = os.getloadavg()[0]
    log = logs / f"{label}-{k}.log"
    if root is None:
        r = B.bare_cold_start(browser, data, log)
        return {"label": label, "round": k, "load_1min": load, **r}
    run = B.AppRun(browser, data, log, str(root / "dashboard" / "app.py"), root)
    try:
        run.start()
        b = run.result["cold_breakdown"]
        return {
            "label": label,
            "round": k,
            "load_1min": load,
            "cold_start_s": run.result["cold_start_s"],
            "server_cpu_at_map_s": b.get("server_cpu_at_map_s"),
            "server_cpu_at_quiet_s": b.get("server_cpu_at_quiet_s"),
            "timeline": cold_timeline(b),
            "breakdown": b,
        }
    finally:
        run.close()


def summary(runs: list[dict]) -> list[str]:
    lines = []
    labels = list(dict.fromkeys(r["label"] for r in runs))
    med: dict[str, float] = {}
    for label in labels:
        mine = [r for r in runs if r["label"] == label and r.get("cold_start_s") is not None]
        if not mine:
            continue
        wall = [r["cold_start_s"] for r in mine]
        cpu = [r["server_cpu_at_map_s"] for r in mine if r.get("server_cpu_at_map_s") is not None]
        load = [r["load_1min"] for r in mine]
        med[label] = statistics.median(wall)
        lines.append(
            f"{label:>8}: wall median {med[label]:.2f} s (min {min(wall):.2f}, max {max(wall):.2f}, n={len(wall)}); "
            f"server CPU at map {statistics.median(cpu):.2f} s (min {min(cpu):.2f}); "
            f"load average {min(load):.1f}-{max(load):.1f}"
            if cpu
            else f"{label:>8}: wall median {med[label]:.2f} s"
        )
    if BARE in med:
        for label, m in med.items():
            if label != BARE:
                lines.append(f"{label:>8} / bare: {m / med[BARE]:.2f}x")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--app", action="append", default=[], help="LABEL=ROOT: another copy of the repository")
    ap.add_argument("--no-ours", action="store_true", help="only the --app copies (and the bare page)")
    ap.add_argument("--no-bare", action="store_true")
    ap.add_argument("--no-prebuild", action="store_true", help="no map page kept before a start, none kept by it")
    ap.add_argument("--data", type=Path, default=BUNDLED)
    ap.add_argument("--out", type=Path, default=None, help="write every run as JSON")
    a = ap.parse_args(argv)
    if a.no_prebuild:
        os.environ["DEPLOYMAP_BENCH_PREBUILD"] = "0"
        os.environ["DEPLOYMAP_PAGE_CACHE"] = "off"
    apps: list[tuple[str, Path | None]] = [] if a.no_bare else [(BARE, None)]
    if not a.no_ours:
        apps.append(("ours", ROOT))
    for spec in a.app:
        label, _, root = spec.partition("=")
        apps.append((label, Path(root).resolve()))
    for _, root in apps:
        if root is not None:
            compileall.compile_dir(str(root / "dashboard"), quiet=1)
    runs: list[dict] = []
    logs = Path(tempfile.mkdtemp(prefix="deploymap-cold-"))
    with B.chromium() as browser:
        for k in range(a.repeats):
            shift = k % len(apps)
            for label, root in apps[shift:] + apps[:shift]:
                try:
                    r = start_once(browser, label, root, a.data, logs, k)
                except Exception as exc:  # keep going: report what failed
                    r = {"label": label, "round": k, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
                runs.append(r)
                print(
                    f"round {k} {label:>8}: "
                    + (
                        f"{r['cold_start_s']:.2f} s, server CPU {r.get('server_cpu_at_map_s') or 0:.2f} s, "
                        f"load {r['load_1min']:.1f}" + (f"; {r['timeline']}" if r.get("timeline") else "")
                        if "error" not in r
                        else f"ERROR {r['error']}"
                    ),
                    flush=True,
                )
    lines = summary(runs)
    print("\n".join(lines))
    if a.out:
        a.out.write_text(json.dumps({"runs": runs, "summary": lines, "logs": str(logs)}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
