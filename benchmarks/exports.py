"""Export timings (run in a fresh worker process, so 'cold' really is the first export).

PNG cold: the first `export_png` of the process (launches the shared headless
Chromium); PNG warm: the next ones (renderer alive); GIF: `export_gif` with 30
frames over the whole timeline (warm renderer). Marked 'not available' when
dashboard/export/ has no such function.

Whole-process exports (`measure_processes`, run by run.py beside the worker, or alone with
`python benchmarks/exports.py`): `python -m dashboard export --format F` for every non-raster
format at N = 10 / 10,000 / 100,000 (the interchange formats csv, xlsx, kml, kmz, czml, mfjson
and orbat up to 10,000: their target is at 10,000), timed from outside (interpreter start to
exit), with the child's CPU time (user + sys, from `resource.getrusage(RUSAGE_CHILDREN)`: what
to compare when the machine is busy) and the output's bytes per movement; the target is what
N movements add to the time at N=10.
"""

from __future__ import annotations

import inspect
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # `python benchmarks/exports.py` from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BUNDLED, ROOT, stats  # noqa: E402


def measure(args: dict) -> dict:
    from dashboard import export as ex
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.page import MapOptions, default_window

    out: dict = {"available": {name: hasattr(ex, name) for name in ("export_png", "export_gif")}}
    loaded = load_dataset(args.get("path") or BUNDLED)
    tl = build_timeline(loaded)
    first, last = default_window(loaded, tl)
    options = MapOptions(theme=args.get("theme", "light"))  # light, dark or print (dashboard.web.style.THEMES)
    with tempfile.TemporaryDirectory(prefix="deploymap-bench-export-") as tmp:
        tmp = Path(tmp)
        if hasattr(ex, "export_png"):
            out["png_signature"] = str(inspect.signature(ex.export_png))
            t0 = time.perf_counter()
            ex.export_png(loaded, options, tmp / "cold.png", timeline=tl)
            out["png_cold_s"] = time.perf_counter() - t0
            runs = []
            for k in range(args.get("png_repeats", 3)):
                t0 = time.perf_counter()
                ex.export_png(loaded, options, tmp / f"warm{k}.png", timeline=tl)
                runs.append(time.perf_counter() - t0)
            out["png_warm"] = stats(runs)
            out["png_bytes"] = (tmp / "warm0.png").stat().st_size if runs else None
        if hasattr(ex, "export_gif"):
            out["gif_signature"] = str(inspect.signature(ex.export_gif))
            runs = []
            for k in range(args.get("gif_repeats", 1)):
                t0 = time.perf_counter()
                ex.export_gif(loaded, options, tmp / f"t{k}.gif", first, last, frames=30, timeline=tl)
                runs.append(time.perf_counter() - t0)
            out["gif"] = stats(runs)
            out["gif_bytes"] = (tmp / "t0.gif").stat().st_size
            out["gif_window"] = [first.isoformat(), last.isoformat()]
        if hasattr(ex, "close_default_renderer"):
            ex.close_default_renderer()
    return out


# --------------------------------------------------------------------------- whole-process exports

DRAWN_FORMATS = ("geojson", "html", "svg", "pdf")  # the map's non-raster formats: targets at 10,000 and 100,000
INTERCHANGE_FORMATS = ("csv", "xlsx", "kml", "kmz", "czml", "mfjson", "orbat")  # issue 16: target at 10,000
PROCESS_FORMATS = DRAWN_FORMATS + INTERCHANGE_FORMATS  # every non-raster format
PROCESS_SIZES = (10, 10_000, 100_000)
MAX_SIZE = dict.fromkeys(INTERCHANGE_FORMATS, 10_000)  # format -> largest N it is run at
PROCESS_TIMEOUT = 300.0  # seconds a run may take; slower is recorded as timed out


def export_process(fmt: str, data: str, out: Path, timeout: float = PROCESS_TIMEOUT) -> dict:
    """One `python -m dashboard export --format fmt` as the user runs it: wall time of the whole
    process (interpreter start, imports, load + validate, build, write) and the file's size."""
    cmd = [sys.executable, "-m", "dashboard", "export", "--data", data, "--format", fmt, "--out", str(out), "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}"}
    return {"s": wall, "cpu_s": cpu, "bytes": out.stat().st_size, "load": _load1()}


def _load1() -> float:
    """The 1-minute load average now (recorded beside each run)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def measure_processes(
    datasets: dict[int, str],
    formats: tuple[str, ...] = PROCESS_FORMATS,
    repeats: dict[int, int] | None = None,
    log=print,
) -> dict:
    """{format: {N: {"time": stats, "bytes", "bytes_per_movement", "error"?}}}; a format is not run at a
    larger N once it timed out at a smaller one."""
    repeats = repeats or {}
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="deploymap-bench-export-") as tmp:
        for fmt in formats:
            out[fmt] = {}
            for n in sorted(datasets):
                if n > MAX_SIZE.get(fmt, n):
                    continue
                if any("error" in r for r in out[fmt].values()):
                    out[fmt][n] = {"error": "skipped (failed or timed out at a smaller N)"}
                    continue
                runs = [export_process(fmt, datasets[n], Path(tmp) / f"x.{fmt}") for _ in range(repeats.get(n, 1))]
                bad = [r for r in runs if "error" in r]
                if bad:
                    out[fmt][n] = {"error": bad[0]["error"]}
                else:
                    size = runs[-1]["bytes"]
                    out[fmt][n] = {
                        "time": stats([r["s"] for r in runs]),
                        "cpu": stats([r["cpu_s"] for r in runs]),
                        "load": [r["load"] for r in runs],
                        "bytes": size,
                        "bytes_per_movement": size / n,
                    }
                r = out[fmt][n]
                shown = (
                    r["error"]
                    if "error" in r
                    else f"{r['time']['median']:.2f} s (CPU {r['cpu']['median']:.2f} s, load {max(r['load']):.1f}), "
                    f"{r['bytes_per_movement']:,.0f} B/movement"
                )
                log(f"export {fmt} N={n:,}: {shown}")
    return out


def extra_cost(res: dict, fmt: str, n: int, base: int = 10, kind: str = "time") -> float | None:
    """Median whole-process time (`kind` "time": wall; "cpu": user + sys) at N minus that at `base`
    (what N movements add)."""
    a, b = res.get(fmt, {}).get(n, {}), res.get(fmt, {}).get(base, {})
    if kind not in a or kind not in b:
        return None
    return a[kind]["median"] - b[kind]["median"]


def process_table(res: dict) -> str:
    """Markdown: one row per format and N."""
    lines = [
        "| format | N | whole process (median) | min–max | more than at N=10 | CPU (median) | CPU more than at N=10 "
        "| load | bytes | bytes / movement |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for fmt, by_n in res.items():
        for n, r in sorted(by_n.items()):
            if "error" in r:
                lines.append(f"| {fmt} | {n:,} | {r['error']} | | | | | | | |")
                continue
            t = r["time"]
            more = extra_cost(res, fmt, n)
            more_cpu = extra_cost(res, fmt, n, kind="cpu")
            cpu = r.get("cpu", {}).get("median")
            load = r.get("load") or []
            lines.append(
                f"| {fmt} | {n:,} | {t['median']:.2f} s | {t['min']:.2f}–{t['max']:.2f} s | "
                + (f"{more:+.2f} s" if more is not None and n != 10 else "")
                + " | "
                + (f"{cpu:.2f} s" if cpu is not None else "")
                + " | "
                + (f"{more_cpu:+.2f} s" if more_cpu is not None and n != 10 else "")
                + " | "
                + (f"{min(load):.1f}–{max(load):.1f}" if load else "")
                + f" | {r['bytes']:,} | {r['bytes_per_movement']:,.0f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python benchmarks/exports.py [--sizes 10,10000,100000] [--formats geojson,html] [--repeats 3]`:
    the whole-process export measurement alone (the same as in `make bench`)."""
    import argparse

    from benchmarks.common import synth_dataset

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--sizes", default=",".join(str(n) for n in PROCESS_SIZES))
    ap.add_argument("--formats", default=",".join(PROCESS_FORMATS))
    ap.add_argument("--repeats", type=int, default=3, help="runs per format below 100,000 movements (1 at 100,000)")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    datasets = {n: str(synth_dataset(n)[0]) for n in sizes}
    reps = {n: (1 if n >= 100_000 else args.repeats) for n in sizes}
    res = measure_processes(datasets, tuple(args.formats.split(",")), reps)
    print(process_table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
