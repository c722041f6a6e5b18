"""Shared helpers of the benchmark suite: paths, statistics, datasets, worker processes."""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
BUNDLED = ROOT / "data"
CACHE = Path(os.environ.get("DEPLOYMAP_BENCH_CACHE", "/tmp/deploymap-bench-cache"))
SPLIT_BYTES = 15 * 1024 * 1024  # parts of an oversize YAML file stay well under the loader's 20 MiB limit

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def stats(runs: list[float]) -> dict[str, Any]:
    """median / min / max of a list of measurements (None when nothing was measured)."""
    runs = [float(r) for r in runs if r is not None]
    if not runs:
        return {"median": None, "min": None, "max": None, "runs": []}
    return {"median": statistics.median(runs), "min": min(runs), "max": max(runs), "runs": runs}


def _synth_key(n: int, seed: int, uncertain: bool = False) -> str:
    digest = hashlib.sha1((BENCH / "synth.py").read_bytes()).hexdigest()[:10]
    return f"synth-{digest}-n{n}-s{seed}" + ("-uncertain" if uncertain else "")


def split_oversize(data_dir: Path, limit: int = SPLIT_BYTES) -> list[str]:
    """Split any YAML file over `limit` bytes into parts at record boundaries ('  - id:').

    The loader merges the sections of every file of a folder, so the dataset is the
    same; returns notes naming what was split."""
    notes = []
    for file in sorted(data_dir.glob("*.yaml")):
        size = file.stat().st_size
        if size <= limit:
            continue
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        head_end = next(i for i, ln in enumerate(lines) if ln.rstrip().endswith(":") and not ln.startswith((" ", "#")))
        header, body = lines[: head_end + 1], lines[head_end + 1 :]
        parts: list[list[str]] = [[]]
        part_bytes = 0
        for ln in body:
            if ln.startswith("  - ") and part_bytes > limit * 0.9:
                parts.append([])
                part_bytes = 0
            parts[-1].append(ln)
            part_bytes += len(ln.encode("utf-8"))
        for k, part in enumerate(parts):
            target = file if k == 0 else file.with_name(f"{file.stem}-part{k + 1}.yaml")
            target.write_text("".join(header + part), encoding="utf-8")
        notes.append(f"{file.name} was {size:,} bytes (over the loader's limit): split into {len(parts)} files")
    return notes


def synth_dataset(n: int, seed: int = 0, uncertain: bool = False) -> tuple[Path, list[str]]:
    """A cached synthetic dataset of n movements (benchmarks/synth.py); returns (data folder, notes).
    `uncertain`: dates as sources give them (synth.UNCERTAIN_MIX)."""
    out = CACHE / _synth_key(n, seed, uncertain)
    data = out / "data"
    done = out / "done.json"
    if done.is_file():
        return data, json.loads(done.read_text())["notes"]
    from benchmarks.synth import make_dataset

    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    path = Path(make_dataset(n, out, seed=seed, uncertain=uncertain))
    notes = split_oversize(path)
    done.write_text(json.dumps({"notes": notes, "seconds": time.perf_counter() - t0}))
    return path, notes


def run_worker(kind: str, args: dict, timeout: float = 600.0) -> dict:
    """Run benchmarks/worker.py in a fresh process (own memory), return its JSON result."""
    cmd = [sys.executable, str(BENCH / "worker.py"), kind, json.dumps(args)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=dict(os.environ, PYTHONHASHSEED="0")
        )
    except subprocess.TimeoutExpired:
        return {"error": f"worker {kind} timed out after {timeout:.0f} s", "wall_s": time.perf_counter() - t0}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            out = json.loads(line[7:])
            out["wall_s"] = time.perf_counter() - t0
            return out
    return {
        "error": f"worker {kind} failed (exit {proc.returncode}): {proc.stderr.strip()[-1500:]}",
        "wall_s": time.perf_counter() - t0,
    }


def fmt_time(s: float | None) -> str:
    if s is None:
        return "—"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms" if s < 0.1 else f"{s * 1e3:.0f} ms"
    return f"{s:.2f} s"


def fmt_bytes(b: float | None) -> str:
    if b is None:
        return "—"
    if b < 1024:
        return f"{b:.0f} B"
    if b < 1024**2:
        return f"{b / 1024:.1f} KB"
    return f"{b / 1024**2:.2f} MB"


def fmt_value(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "s":
        return fmt_time(v)
    if unit == "B":
        return fmt_bytes(v)
    if unit == "km":
        return f"{v:.3g} km" if v >= 0.001 else f"{v * 1e6:.0f} mm"
    if unit == "fps":
        return f"{v:.1f} fps"
    if unit == "MB":
        return f"{v:.0f} MB"
    return f"{v:.3g} {unit}"
