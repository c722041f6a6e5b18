"""Where the time goes, for the targets the suite reports as MISS (not part of `make bench`).

    .venv/bin/python benchmarks/diagnose.py load     [--n 10000]   # cProfile of load_dataset
    .venv/bin/python benchmarks/diagnose.py app      [--n 10000]   # cProfile of the app script: first run, rerun
    .venv/bin/python benchmarks/diagnose.py html     [--n 10000]   # what the map HTML is made of
    .venv/bin/python benchmarks/diagnose.py playback [--n 1000]    # playback fps, as is and with variants
    .venv/bin/python benchmarks/diagnose.py export                  # export_png / export_gif phase timings

Variants in `playback` are applied to a copy of the map page in the browser only (CSS
overrides, lower canvas thresholds in the page's copy of deploymap.js); nothing in
dashboard/ is changed.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BUNDLED, fmt_bytes, synth_dataset  # noqa: E402


def _path(n: int | None) -> Path:
    return BUNDLED if not n else synth_dataset(n)[0]


def _top(prof: cProfile.Profile, key: str = "cumtime", k: int = 30) -> str:
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats(key).print_stats(k)
    return "\n".join(line for line in s.getvalue().splitlines() if line.strip())


def diag_load(n: int) -> None:
    from dashboard.core.loader import load_dataset

    path = _path(n)
    load_dataset(BUNDLED)
    t0 = time.perf_counter()
    load_dataset(path)
    print(f"load_dataset N={n:,}: {time.perf_counter() - t0:.3f} s (unprofiled)")
    prof = cProfile.Profile()
    prof.runcall(load_dataset, path)
    print(_top(prof, "cumtime", 35))


def diag_app(n: int) -> None:
    from streamlit.testing.v1 import local_script_runner as lsr

    profiles: list[cProfile.Profile] = []
    orig = lsr.LocalScriptRunner._run_script_thread

    def profiled(self):
        prof = cProfile.Profile()
        prof.enable()
        try:
            orig(self)
        finally:
            prof.disable()
            profiles.append(prof)

    lsr.LocalScriptRunner._run_script_thread = profiled
    from streamlit.testing.v1 import AppTest

    sys.argv = ["dashboard/app.py", "--data", str(_path(n))]
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=600)
    for k in range(2):
        t0 = time.perf_counter()
        at.run()
        print(
            f"script run {k} ({'first, cold process' if k == 0 else 'rerun'}): {time.perf_counter() - t0:.2f} s; "
            f"exceptions: {[e.value[:200] for e in at.exception][:2]}"
        )
    for k, prof in enumerate(profiles):
        print(f"\n=== run {k}: cumulative")
        print(_top(prof, "cumtime", 40))


def diag_html(n: int) -> None:
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.page import (
        MapOptions,
        basemap_geojson,
        build_map,
        js_json,
        map_payload,
        render_html,
    )

    loaded = load_dataset(_path(n))
    tl = build_timeline(loaded)
    html = render_html(build_map(loaded, MapOptions(), tl))
    payload = map_payload(loaded, tl, MapOptions())
    total = len(html.encode())
    print(f"map HTML N={n:,}: {fmt_bytes(total)}")
    parts = {f"payload.{k} (raw JSON)": len(js_json(v).encode()) for k, v in payload.items()}
    import json

    parts["basemap GeoJSON (folium)"] = len(json.dumps(basemap_geojson()).encode())
    for k, v in sorted(parts.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {k:<40} {fmt_bytes(v):>10}  ({v / total * 100:5.1f}% of the page's size)")
    strings = payload["strings"]
    print(f"  strings: {len(strings):,} distinct texts, longest {max(map(len, strings), default=0)} chars")


PLAYBACK_VARIANTS = {
    "as is": (None, None),
    "CSS: no dash animation, no drop-shadow": (
        ".dm-unit svg, .dm-unit.dm-moving svg {filter: none !important} path.dm-transit {animation: none !important}",
        None,
    ),
    "canvas routes (threshold 3000 -> 300)": (None, [("(data.moves.length > 3000)", "(data.moves.length > 300)")]),
    "canvas routes + CSS": (
        ".dm-unit svg, .dm-unit.dm-moving svg {filter: none !important} path.dm-transit {animation: none !important}",
        [("(data.moves.length > 3000)", "(data.moves.length > 300)")],
    ),
    "canvas routes + dots for units (1500 -> 300)": (
        None,
        [
            ("(data.moves.length > 3000)", "(data.moves.length > 300)"),
            ("var light = d.moves.length > 1500;", "var light = d.moves.length > 300;"),
        ],
    ),
}


def diag_playback(n: int) -> None:
    from benchmarks.browser import PLAYBACK_JS, Meter, chromium
    from benchmarks.transit import transit_dataset
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.page import MapOptions, build_map, render_html

    data = BUNDLED if n == 0 else transit_dataset(n)
    loaded = load_dataset(data)
    html = render_html(build_map(loaded, MapOptions(), build_timeline(loaded)), inline=True)
    with chromium() as browser:
        for name, (css, js) in PLAYBACK_VARIANTS.items():
            page_html = html
            if css:
                page_html = page_html.replace("</head>", f"<style>{css}</style></head>", 1)
            for old, new in js or []:
                if old not in page_html:
                    print(f"{name}: skipped (deploymap.js changed: {old!r} not found)")
                    break
                page_html = page_html.replace(old, new)
            else:
                meter = Meter(browser)
                try:
                    meter.page.set_content(page_html, wait_until="load")
                    meter.page.wait_for_function("() => !!window.deploymap")
                    meter.page.wait_for_timeout(300)
                    r = meter.page.evaluate(PLAYBACK_JS, 3.0)
                    fps = r["frames"] / (r["elapsed_ms"] / 1000)
                    print(
                        f"{name:<46} {fps:5.1f} fps  render() median {r['render_ms_median'] or 0:6.1f} ms, "
                        f"p95 {r['render_ms_p95'] or 0:6.1f} ms; frame gap median {r['gap_ms_median'] or 0:6.1f} ms"
                    )
                finally:
                    meter.close()


def diag_export() -> None:
    from dashboard import export as ex
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.export.browser import BrowserRenderer, PageSession
    from dashboard.web.page import MapOptions, default_window

    spent: dict[str, list[float]] = {}

    def wrap(owner, name):
        f = getattr(owner, name, None)
        if f is None:
            return

        @functools.wraps(f)
        def timed(*a, **k):
            t0 = time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                spent.setdefault(name, []).append(time.perf_counter() - t0)

        setattr(owner, name, timed)

    for name in ("still_map_html", "_exact_png", "write_bytes_atomic", "default_renderer"):
        wrap(ex, name)
    if hasattr(ex, "BrowserRenderer"):
        wrap(BrowserRenderer, "open_page")
    if hasattr(ex, "PageSession"):
        wrap(PageSession, "evaluate")
        wrap(PageSession, "screenshot")
    loaded = load_dataset(BUNDLED)
    tl = build_timeline(loaded)
    tmp = Path(tempfile.mkdtemp(prefix="deploymap-diag-"))
    for k in range(3):
        spent.clear()
        t0 = time.perf_counter()
        ex.export_png(loaded, MapOptions(), tmp / f"p{k}.png", timeline=tl)
        print(
            f"export_png {k} ({'cold' if k == 0 else 'warm'}): {time.perf_counter() - t0:.2f} s; "
            + ", ".join(f"{a} {sum(b):.2f} s" for a, b in spent.items())
        )
    first, last = default_window(loaded, tl)
    spent.clear()
    t0 = time.perf_counter()
    ex.export_gif(loaded, MapOptions(), tmp / "t.gif", first, last, frames=30, timeline=tl)
    total = time.perf_counter() - t0
    accounted = sum(sum(b) for b in spent.values())
    print(
        f"export_gif 30 frames: {total:.2f} s; "
        + ", ".join(f"{a} x{len(b)} {sum(b):.2f} s" for a, b in spent.items())
        + f"; the rest (frame decoding, GIF encoding) {total - accounted:.2f} s"
    )
    if hasattr(ex, "close_default_renderer"):
        ex.close_default_renderer()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["load", "app", "html", "playback", "export"])
    ap.add_argument("--n", type=int, default=None, help="movements (synthetic dataset; 0: the bundled data)")
    a = ap.parse_args()
    if a.what == "load":
        diag_load(a.n or 10_000)
    elif a.what == "app":
        diag_app(10_000 if a.n is None else a.n)
    elif a.what == "html":
        diag_html(a.n or 10_000)
    elif a.what == "playback":
        diag_playback(1000 if a.n is None else a.n)
    else:
        diag_export()
    return 0


if __name__ == "__main__":
    sys.exit(main())
