"""Export timings (run in a fresh worker process, so 'cold' really is the first export).

PNG cold: the first `export_png` of the process (launches the shared headless
Chromium); PNG warm: the next ones (renderer alive); GIF: `export_gif` with 30
frames over the whole timeline (warm renderer). Marked 'not available' when
dashboard/export/ has no such function.
"""

from __future__ import annotations

import inspect
import tempfile
import time
from pathlib import Path

from benchmarks.common import BUNDLED, stats


def measure(args: dict) -> dict:
    from dashboard import export as ex
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.page import MapOptions, default_window

    out: dict = {"available": {name: hasattr(ex, name) for name in ("export_png", "export_gif")}}
    loaded = load_dataset(args.get("path") or BUNDLED)
    tl = build_timeline(loaded)
    first, last = default_window(loaded, tl)
    options = MapOptions()
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
