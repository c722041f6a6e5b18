"""Benchmark suite: the dashboard against the alternatives, on synthetic datasets of growing size.

    .venv/bin/python benchmarks/run.py [--quick] [--sizes 10,100,...] [--out benchmarks/results.json]

Writes `results.json` (every measurement, raw runs included) and `RESULTS.md` (the
table and the PASS/MISS line of every target) beside --out, and prints both.
See benchmarks/README.md for what is measured and how.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` from the repo root (make bench)
    sys.path.insert(0, str(ROOT))

from benchmarks.common import (  # noqa: E402
    BUNDLED,
    fmt_bytes,
    fmt_time,
    fmt_value,
    run_worker,
    stats,
    synth_dataset,
)
from benchmarks.exports import (  # noqa: E402
    MAX_SIZE,
    PROCESS_FORMATS,
    PROCESS_SIZES,
    PROCESS_TIMEOUT,
    extra_cost,
    measure_processes,
)
from benchmarks.state_uncertain import report_lines as uncertain_lines  # noqa: E402

FULL_SIZES = [10, 100, 1_000, 10_000, 100_000]
QUICK_SIZES = [10, 100, 1_000, 10_000]
ALT_CAP = 10_000  # naive Folium, TimestampedGeoJson: not beyond (a 100,000-marker Folium page is ~250 MB)
PLOTLY_CAP = 1_000  # a frame per day x every movement: 10,000 movements = 7.3 M points, ~370 MB of HTML
PURE_YAML_CAP = {"quick": 100, "full": 10_000}
UNCERTAIN_SIZES = (1_000, 10_000, 100_000)  # state at a date with uncertain dates (issue 14)


def plan(quick: bool) -> dict:
    if quick:
        return {
            "mode": "quick",
            "repeats": lambda n: {
                "load": 5 if n <= 100 else 3 if n <= 1000 else 2,
                "yaml": 3 if n <= 1000 else 1,
                "state": 20,
                "map": 3 if n <= 1000 else 2,
            },
            "naive": lambda n: 3 if n <= 1000 else 0,
            "tgj": lambda n: 1,
            "plotly": lambda n: 1 if n == 1000 else 0,
            "browser_sizes": [1_000],
            "presses": 10,
            "naive_pages": 3,
            "cold_repeats": 1,
            "png_repeats": 1,
            "gif_repeats": 1,
        }
    return {
        "mode": "full",
        "repeats": lambda n: {
            "load": 5 if n <= 1000 else 3,
            "yaml": 3 if n <= 1000 else 2 if n <= 10_000 else 1,
            "state": 50,
            "map": 3 if n <= 10_000 else 2,
        },
        "naive": lambda n: 5 if n <= 1000 else 2,
        "tgj": lambda n: 2 if n <= 1000 else 1,
        "plotly": lambda n: 2 if n <= 100 else 1,
        "browser_sizes": [1_000, 10_000, 100_000],
        "presses": 20,
        "naive_pages": 5,
        "cold_repeats": 3,
        "png_repeats": 3,
        "gif_repeats": 1,
    }


class Log:
    def __init__(self) -> None:
        self.t0 = time.monotonic()

    def __call__(self, msg: str) -> None:
        print(f"[{time.monotonic() - self.t0:6.1f} s] {msg}", flush=True)


# ====================================================================== measuring


def run_python(sizes: list[int], p: dict, log: Log, work: Path, notes: list[str]) -> tuple[dict, dict, dict]:
    datasets, core, alt = {}, {}, {}
    uncertain = {}
    for n in sizes:
        t = time.monotonic()
        path, split = synth_dataset(n)
        datasets[n] = str(path)
        notes += [f"N={n:,}: {s} (benchmarks/synth.py bug, see README)" for s in split]
        log(f"dataset N={n:,}: {path} ({time.monotonic() - t:.1f} s)")
        if n in UNCERTAIN_SIZES:
            t = time.monotonic()
            upath, split = synth_dataset(n, uncertain=True)
            uncertain[n] = str(upath)
            notes += [f"N={n:,} (uncertain dates): {s}" for s in split]
            log(f"dataset N={n:,}, uncertain dates: {upath} ({time.monotonic() - t:.1f} s)")
    for n in sizes:
        r = p["repeats"](n)
        res = run_worker(
            "core",
            {
                "n": n,
                "path": datasets[n],
                "repeats": r,
                "pure_yaml": n <= PURE_YAML_CAP[p["mode"]],
                "uncertain_path": uncertain.get(n),
            },
            timeout=600,
        )
        core[n] = res
        if "error" in res:
            log(f"core N={n:,}: ERROR {res['error'][:300]}")
            continue
        log(
            f"core N={n:,}: load {fmt_time(res['load']['load']['median'])}, state {fmt_time(res['state']['state']['median'])}, "
            f"map {fmt_time(res['ours_map']['map']['median'])} / {fmt_bytes(res['ours_map']['html_bytes'])} "
            f"(worker {res['wall_s']:.1f} s)"
        )
        if "state_uncertain" in res:
            log("\n".join(uncertain_lines(n, res["state_uncertain"])))
    alt_sizes = [("bundled", str(BUNDLED))] + [(n, datasets[n]) for n in sizes if n <= ALT_CAP]
    for key, path in alt_sizes:
        n = 1000 if key == "bundled" else key
        args = {
            "n": key,
            "path": path,
            "naive": p["naive"](n) if key != "bundled" else 3,
            "tgj": p["tgj"](n),
            "plotly": 1 if key == "bundled" else (p["plotly"](n) if n <= PLOTLY_CAP else 0),
            "save_dir": str(work / "naive"),
            "save_count": p["naive_pages"],
        }
        if key == 10_000 and p["mode"] == "quick":
            args["naive"] = 0
        res = run_worker("alt", args, timeout=900)
        alt[key] = res
        if "error" in res:
            log(f"alternatives N={key}: ERROR {res['error'][:300]}")
            continue
        log(
            f"alternatives N={key}: naive/step {fmt_time(res.get('naive', {}).get('median'))} "
            f"({fmt_bytes(res.get('naive_bytes'))}), TimestampedGeoJson {fmt_time(res.get('tgj', {}).get('median'))}, "
            f"plotly {fmt_time(res.get('plotly', {}).get('median'))} (worker {res['wall_s']:.1f} s)"
        )
    return datasets, core, alt


def run_browser(datasets: dict, p: dict, log: Log, work: Path, sizes: list[int]) -> dict:
    from benchmarks import browser as B
    from benchmarks.transit import transit_dataset

    out: dict = {"apps": {}, "naive": {}, "cold": [], "errors": []}
    if not Path(B.CHROMIUM).is_file():
        out["errors"].append(f"{B.CHROMIUM} missing: browser measurements skipped")
        return out
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    cases = [("bundled", BUNDLED)] + [(n, Path(datasets[n])) for n in p["browser_sizes"] if n in datasets]
    out["cold_bare"] = []

    def bare(k: str) -> None:  # the baseline of the cold start, run just before each one of ours
        try:
            res = B.bare_cold_start(browser, BUNDLED, logs / f"streamlit-bare{k}.log")
            out["cold_bare"].append(res["cold_start_s"])
            out.setdefault("cold_bare_cpu", []).append(res.get("server_cpu_at_map_s"))
        except Exception as exc:
            out["errors"].append(f"bare page cold start {k}: {type(exc).__name__}: {str(exc)[:300]}")

    with B.chromium() as browser:
        for key, data in cases:
            if key == "bundled":
                bare("first")
            run = B.AppRun(browser, data, logs / f"streamlit-{key}.log")
            try:
                run.start()
                res = run.result
                if key == "bundled":
                    out["cold"].append(res["cold_start_s"])
                run.slider_presses(p["presses"] if key == "bundled" or key < 10_000 else max(5, p["presses"] // 4))
                if key == "bundled":
                    run.playback(3.0)
                out["apps"][key] = res
                log(
                    f"app {key}: cold start {fmt_time(res['cold_start_s'])}, press {fmt_time(res['press']['median'])}, "
                    f"step {fmt_bytes(res['step_bytes']['median'])} of first load {fmt_bytes(res['first_load']['total'])}"
                    + (f", playback {res['playback']['fps']:.1f} fps" if "playback" in res else "")
                )
            except Exception as exc:  # keep going: report what failed
                out["errors"].append(f"app {key}: {type(exc).__name__}: {str(exc)[:400]}")
                out["apps"][key] = dict(run.result, error=str(exc)[:400])
                log(f"app {key}: ERROR {str(exc)[:300]}")
                traceback.print_exc()
            finally:
                run.close()
        # playback with ~1,000 units moving at once, and on-screen positions against the geodesic
        tdata = transit_dataset(1000)
        run = B.AppRun(browser, tdata, logs / "streamlit-transit.log")
        try:
            run.start()
            run.playback(3.0)
            run.result["positions"] = screen_position_error(run, tdata)
            out["apps"]["transit1000"] = run.result
            pb = run.result["playback"]
            log(
                f"app transit1000: playback {pb['fps']:.1f} fps (render median {pb['render_ms_median']:.1f} ms), "
                f"on-screen positions max error {run.result['positions']['max_error_km']:.2f} km"
            )
        except Exception as exc:
            out["errors"].append(f"app transit1000: {type(exc).__name__}: {str(exc)[:400]}")
            log(f"app transit1000: ERROR {str(exc)[:300]}")
            traceback.print_exc()
        finally:
            run.close()
        for k in range(p["cold_repeats"] - 1):
            bare(str(k))
            run = B.AppRun(browser, BUNDLED, logs / f"streamlit-cold{k}.log")
            try:
                run.start()
                out["cold"].append(run.result["cold_start_s"])
                out.setdefault("cold_breakdowns", []).append(run.result["cold_breakdown"])
            except Exception as exc:
                out["errors"].append(f"cold start {k}: {exc}"[:400])
            finally:
                run.close()
        log(
            f"cold start: {[round(c, 2) for c in out['cold']]} s; bare Streamlit page with a static map: "
            f"{[round(c, 2) for c in out['cold_bare']]} s"
        )
        # the naive equivalent: a whole Folium page per step, loaded in the browser
        root = B.prepare_asset_root(work)
        with B.asset_server(root) as base:
            for key in ["bundled"] + [n for n in p["browser_sizes"] if n in datasets]:
                pages = sorted((work / "naive").glob(f"naive-{key}-*.html"))[: 1 if key == 10_000 else None]
                if not pages:
                    continue
                markers = markers_of(key, datasets)
                try:
                    out["naive"][key] = B.naive_page_loads(browser, pages, markers, base)
                    r = out["naive"][key]
                    log(f"naive page load {key}: {fmt_time(r['load']['median'])} ({r['markers_drawn']} markers)")
                except Exception as exc:
                    out["errors"].append(f"naive {key}: {type(exc).__name__}: {str(exc)[:300]}")
                    log(f"naive page load {key}: ERROR {str(exc)[:300]}")
    return out


def markers_of(key, datasets: dict) -> int:
    from dashboard.core.loader import load_dataset

    return len(load_dataset(BUNDLED if key == "bundled" else datasets[key]).dataset.movements)


def screen_position_error(run, data: Path) -> dict:
    """deploymap.js positions (spherical great circle) against the WGS84 geodesic, on the busiest day."""
    import numpy as np

    from benchmarks.worker import busiest_day, reference_positions
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import (
        GEOD,
        build_timeline,
        date_of,
        day_number,
        state_at,
    )
    from dashboard.web.page import default_window

    loaded = load_dataset(data)
    tl = build_timeline(loaded)
    w = default_window(loaded, tl)
    day = busiest_day(tl, int(day_number(w[0])), int(day_number(w[1])))
    pos = run.positions_at(date_of(day).isoformat())
    st = state_at(tl, float(day))
    index = {mid: i for i, mid in enumerate(tl.ids)}
    idx = [index[m] for m in pos if m in index and st.phase[index[m]] == 1]
    if not idx:
        return {"max_error_km": None, "checked": 0}
    rl, ra = reference_positions(loaded, tl, float(day), idx)
    ids = [tl.ids[i] for i in idx]
    js = np.array([pos[m] for m in ids], dtype=float)
    _, _, d = GEOD.inv(js[:, 0], js[:, 1], np.array(rl), np.array(ra))
    _, _, d_state = GEOD.inv(st.lon[idx], st.lat[idx], np.array(rl), np.array(ra))
    worst = int(np.argmax(d))
    return {
        "max_error_km": float(d.max()) / 1000,
        "median_error_km": float(np.median(d)) / 1000,
        "state_at_max_error_km": float(d_state.max()) / 1000,
        "checked": len(idx),
        "day": date_of(day).isoformat(),
        "worst_id": ids[worst],
        "worst_route_km": float(tl.length_m[idx[worst]]) / 1000,
    }


# ====================================================================== the report


def _med(d: dict | None, *keys):
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    if isinstance(d, dict):
        return d.get("median")
    return d


def _single(v) -> dict | None:
    return None if v is None else stats([v])


def build_rows(sizes, core, alt, br, exp, p) -> list[dict]:  # noqa: C901 (one row per benchmark target)
    rows: list[dict] = []

    def row(case, n, unit, ours, alts=(), note=""):
        alts = [a for a in alts if a]
        ours_med = ours["median"] if ours else None
        for a in alts:
            a["ratio"] = (a["median"] / ours_med) if (a.get("median") is not None and ours_med) else None
        rows.append({"case": case, "n": n, "unit": unit, "ours": ours, "alternatives": alts, "note": note})

    def entry(name, median, note=""):
        return {"name": name, "median": median, "note": note} if median is not None else None

    ok = {n: c for n, c in core.items() if "error" not in c}
    for n in sizes:
        c = ok.get(n)
        if not c:
            continue
        ld = c["load"]
        row(
            "load + validate (load_dataset)",
            n,
            "s",
            ld["load"],
            note=f"{fmt_bytes(ld['yaml_bytes'])} of YAML; peak RSS {ld['rss_peak_mb']:.0f} MB (+{ld['rss_delta_mb']:.0f} MB over the warmed-up process)",
        )
    for n in sizes:
        c = ok.get(n)
        if c:
            row(
                "load peak memory (RSS over baseline)",
                n,
                "MB",
                _single(c["load"]["rss_delta_mb"]),
                note=f"ru_maxrss of a fresh process; baseline {c['load']['rss_base_mb']:.0f} MB after imports + warm-up",
            )
    for n in sizes:
        c = ok.get(n)
        if not c or "yaml" not in c:
            continue
        y = c["yaml"]
        row(
            "YAML parse alone (all files): yaml_rs",
            n,
            "s",
            y["yaml_rs"],
            [
                entry("PyYAML CSafeLoader", _med(y, "pyyaml_csafe")),
                entry("PyYAML SafeLoader (pure Python)", _med(y, "pyyaml_safe")),
            ],
            note=f"ours as loaded (parse_yaml: yaml_rs + safety pre-checks) {fmt_time(_med(y, 'ours_parse_yaml'))}"
            + ("" if "pyyaml_safe" in y else f"; pure-Python loader not run above N={PURE_YAML_CAP[p['mode']]:,}"),
        )
    for n in sizes:
        c = ok.get(n)
        if c:
            s = c["state"]
            row(
                "state at a date (state_at, all movements)",
                n,
                "s",
                s["state"],
                note=f"{s['moving']:,} in transit on the busiest day; build_timeline {fmt_time(s['build_timeline_s'])}",
            )
    for n in sizes:
        c = ok.get(n)
        if c and "state_uncertain" in c:
            u = c["state_uncertain"]
            row(
                "state at a date, uncertain dates (state_at, all movements)",
                n,
                "s",
                u["state"],
                note=f"the slower of two days ({u['day_kind']}): {u['on_route_on_day']:,} on a route, "
                f"{u['uncertain_on_day']:,} positions uncertain; build_timeline {fmt_time(u['build_timeline_s'])}; "
                f"bounds {'ok' if u['bounds_ok'] else 'WRONG'} (mix: benchmarks/synth.py UNCERTAIN_MIX)",
            )
    for n in sizes:
        c = ok.get(n)
        if c:
            s = c["state"]
            row(
                "state_at max error vs WGS84 geodesic (Geod.npts)",
                n,
                "km",
                _single(s["max_error_km"]),
                note=f"{s['moving_checked']:,} positions in transit + fixed ones checked on 3 dates",
            )
    for n in ["bundled"] + list(sizes):
        c = ok.get(n)
        a = alt_ok(alt, n)
        if not c and n != "bundled":
            continue
        ours = c["ours_map"]["map"] if c else None
        if ours is None:
            continue
        row(
            "map build + render (ours: once per dataset)",
            n,
            "s",
            ours,
            [
                entry("naive Folium, per slider step", _med(a, "naive")),
                entry("TimestampedGeoJson, whole timeline", _med(a, "tgj")),
                entry(f"Plotly animated, {a.get('plotly_frames', '?') if a else '?'} daily frames", _med(a, "plotly")),
            ],
            note=naive_cap_note(n, a, p),
        )
    for n in sizes:
        c = ok.get(n)
        if not c:
            continue
        a = alt_ok(alt, n)
        m = c["ours_map"]
        row(
            "map HTML bytes (ours: first page)",
            n,
            "B",
            _single(m["html_bytes"]),
            [
                entry("naive Folium, per slider step", (a or {}).get("naive_bytes")),
                entry("TimestampedGeoJson", (a or {}).get("tgj_bytes")),
                entry("Plotly (include_plotlyjs='cdn')", (a or {}).get("plotly_bytes")),
            ],
            note=f"payload as JSON {fmt_bytes(m['payload_bytes'])} (before any compression in the page), basemap {fmt_bytes(m['basemap_bytes'])}"
            + (
                f"; Plotly offline adds {fmt_bytes(a['plotly_bundle_bytes'])} (plotly.min.js inline)"
                if a and a.get("plotly_bundle_bytes")
                else ""
            ),
        )
    for n in sizes:
        u = (ok.get(n) or {}).get("ours_map_uncertain")
        if u:
            row(
                "map HTML bytes, uncertain dates (synth.py --uncertain)",
                n,
                "B",
                _single(u["html_bytes"]),
                note=f"payload as JSON {fmt_bytes(u['payload_bytes'])}; build + render {fmt_time(u['map']['median'])}",
            )
    apps = br.get("apps", {})
    naive_b = br.get("naive", {})
    for key in ["bundled"] + p["browser_sizes"]:
        r = apps.get(key)
        if not r or "first_load" not in r:
            continue
        fl = r["first_load"]
        row(
            "first page load, all bytes (HTTP + websocket)",
            key,
            "B",
            _single(fl["total"]),
            note=f"HTTP {fmt_bytes(fl['http'])} ({fl['requests']} requests: Streamlit's JS, fonts, the map's assets), "
            f"websocket {fmt_bytes(fl['ws_received'])} (largest: {top_kinds(r.get('first_load_ws_kinds'))})",
        )
    for key in ["bundled"] + p["browser_sizes"]:
        mem = (apps.get(key) or {}).get("memory")
        if mem:
            row(
                "page memory once the map is up (JS heap, CDP Performance.getMetrics)",
                key,
                "MB",
                _single(mem["js_heap_used_mb"]),
                note=f"heap total {mem['js_heap_total_mb']:.0f} MB, {mem.get('nodes')} DOM nodes; "
                f"map frame performance.memory {mem.get('frame_used_mb') or 0:.0f} MB; "
                f"map on screen {fmt_time((apps.get(key) or {}).get('cold_start_s'))} after the server started",
            )
    for key in ["bundled"] + p["browser_sizes"]:
        r = apps.get(key)
        if not r or "step_bytes" not in r:
            continue
        a = alt_ok(alt, key)
        row(
            "bytes to the browser per slider step",
            key,
            "B",
            r["step_bytes"],
            [entry("naive Folium: the whole page per step", (a or {}).get("naive_bytes"))],
            note=f"websocket frames received after a step until the rerun is done; largest: {top_kinds(r.get('step_ws_kinds'))}; "
            f"browser sent {fmt_bytes(r['step_sent_bytes']['median'])}",
        )
    for key in ["bundled"] + p["browser_sizes"]:
        r = apps.get(key)
        if r and "rerun_done_s" in r:
            row(
                "slider step → rerun done (panels updated, last websocket frame)",
                key,
                "s",
                r["rerun_done_s"],
                note="the map itself moved at once (row above); this is the rest of the page",
            )
    for key in ["bundled"] + p["browser_sizes"]:
        r = apps.get(key)
        if r and "far_step" in r:
            f = r["far_step"]
            row(
                "long jump to the first day (far from the compare date): bytes",
                key,
                "B",
                _single(f["bytes"]),
                note=f"rerun done after {fmt_time(f['rerun_done_s'])}; largest: {top_kinds(f.get('kinds'))}",
            )
    for key in ["bundled"] + p["browser_sizes"]:
        r = apps.get(key)
        if not r or "press" not in r:
            continue
        a = alt_ok(alt, key)
        nb = naive_b.get(key)
        naive_total = (
            (_med(a, "naive") + _med(nb, "load"))
            if (_med(a, "naive") is not None and _med(nb, "load") is not None)
            else None
        )
        row(
            "slider key press → new date on screen",
            key,
            "s",
            r["press"],
            [
                entry("naive Folium rebuild (server build + page load)", naive_total),
                entry("naive: browser page load only", _med(nb, "load")),
            ],
            note=f"in-page: keydown timestamp → frame after #dm-date changed; Playwright wall {fmt_time(r['press_wall']['median'])}"
            + (
                f"; {len(r['press_failures'])} press(es) did not change the date within 5 s: {r['press_failures'][0]}"
                if r.get("press_failures")
                else ""
            ),
        )
    for key, label in (("bundled", "bundled"), ("transit1000", "1,000 moving")):
        r = apps.get(key)
        if r and "playback" in r:
            pb = r["playback"]
            row(
                "playback frame rate (3 s timeline)",
                label,
                "fps",
                _single(pb["fps"]),
                note=f"render() median {pb['render_ms_median']:.1f} ms, p95 {pb['render_ms_p95']:.1f} ms; "
                f"frame gap median {pb['gap_ms_median']:.1f} ms, p95 {pb['gap_ms_p95']:.1f} ms; {pb['moves']} movements",
            )
    if br.get("cold"):
        b = apps.get("bundled", {}).get("cold_breakdown", {})
        row(
            "cold start: streamlit run → map on screen",
            "bundled",
            "s",
            stats(br["cold"]),
            [
                entry(
                    "bare Streamlit page with a static map (benchmarks/bare_app.py)",
                    stats(br["cold_bare"])["median"] if br.get("cold_bare") else None,
                )
            ],
            note="timeline of the first run (s after process start): "
            + cold_timeline(b)
            + cold_cpu(br.get("cold_breakdowns", []) + [b], br.get("cold_bare_cpu", [])),
        )
    t = apps.get("transit1000", {}).get("positions")
    if t and t.get("max_error_km") is not None:
        row(
            "on-screen positions (deploymap.js) vs WGS84 geodesic",
            "1,000 moving",
            "km",
            _single(t["max_error_km"]),
            note=f"{t['checked']} units in transit on {t['day']}; state_at on the same units: {t['state_at_max_error_km']:.3f} km; "
            f"worst on a {t['worst_route_km']:.0f} km route",
        )
    if exp and "error" not in exp:
        av = exp.get("available", {})
        if av.get("export_png"):
            row("PNG export (1600x1000 @2x), cold: first in a process", "bundled", "s", _single(exp.get("png_cold_s")))
            row("PNG export, warm (browser running)", "bundled", "s", exp.get("png_warm"))
        if av.get("export_gif"):
            row("GIF export, 30 frames (800x500)", "bundled", "s", exp.get("gif"))
    for fmt, by_n in (p.get("export_processes") or {}).items():
        for n, r in sorted(by_n.items()):
            if "time" in r:
                more = extra_cost(p["export_processes"], fmt, n)
                row(
                    f"{fmt} export, whole process (python -m dashboard export)",
                    n,
                    "s",
                    r["time"],
                    note=f"{r['bytes_per_movement']:,.0f} B/movement ({fmt_bytes(r['bytes'])})"
                    + (f"; {more:+.2f} s over N=10" if more is not None and n != 10 else ""),
                )
    return rows


def cold_timeline(b: dict) -> str:
    firsts = b.get("first_message_of_kind_s", {})
    nav = b.get("frames_navigated_s", [])
    comp = next((t for t, u in nav if "/component/" in u), None)
    srcdoc = next((t for t, u in nav if u.startswith("about:srcdoc")), None)
    comp_msg = next((t for k, t in firsts.items() if k.startswith("component_instance")), None)
    steps = [
        ("server healthy", b.get("server_healthy_s")),
        ("session opened (first websocket message)", firsts.get("new_session")),
        ("script's first element (imports done)", firsts.get("page_config_changed")),
        ("map HTML sent", comp_msg),
        ("component frame loading", comp),
        ("map frame loading", srcdoc),
        ("map ready", b.get("map_ready_s")),
        ("script finished", (b.get("script_finished_s") or [None])[0]),
    ]
    return ", ".join(f"{name} {t:.2f}" for name, t in steps if t is not None)


def cold_cpu(ours: list[dict], bare: list) -> str:
    """The servers' CPU (user + sys) when the map was on screen: compare it when the machine is busy."""
    mine = [b["server_cpu_at_map_s"] for b in ours if b and b.get("server_cpu_at_map_s") is not None]
    theirs = [c for c in bare if c is not None]
    if not mine:
        return ""
    text = f"; server CPU when the map was on screen: median {stats(mine)['median']:.2f} s"
    return text + (f" (bare page {stats(theirs)['median']:.2f} s)" if theirs else "")


def top_kinds(kinds: dict | None, k: int = 3) -> str:
    if not kinds:
        return "—"
    return ", ".join(f"{name} {fmt_bytes(b)}" for name, b in list(kinds.items())[:k])


def alt_ok(alt: dict, key) -> dict | None:
    a = alt.get(key)
    return a if a and "error" not in a else None


def naive_cap_note(n, a, p) -> str:
    parts = []
    if isinstance(n, int) and n > ALT_CAP:
        parts.append(
            f"alternatives not run above N={ALT_CAP:,} (memory: a Folium page per step of ~25 MB per 10,000 markers)"
        )
    elif isinstance(n, int) and n > PLOTLY_CAP:
        parts.append(f"Plotly not run above N={PLOTLY_CAP:,} (a frame per day x every movement)")
    if a and a.get("naive") is None and isinstance(n, int) and n <= ALT_CAP:
        parts.append("naive Folium not run at this N in --quick")
    if isinstance(n, int) and n <= PLOTLY_CAP and a and a.get("plotly") is None:
        parts.append("Plotly not run at this N in --quick")
    return "; ".join(parts)


def growth(rows: list[dict]) -> None:
    """Log-log slope of ours' median between the two largest numeric N of each case: cost ~ N^k."""
    by_case: dict[str, list[tuple[int, float]]] = {}
    for r in rows:
        if isinstance(r["n"], int) and r["ours"] and r["ours"]["median"]:
            by_case.setdefault(r["case"], []).append((r["n"], r["ours"]["median"]))
    for r in rows:
        pts = sorted(by_case.get(r["case"], []))
        r["growth"] = None
        if len(pts) >= 2 and isinstance(r["n"], int) and r["n"] == pts[-1][0]:
            (n1, v1), (n2, v2) = pts[-2], pts[-1]
            if v1 > 0 and v2 > 0:
                r["growth"] = math.log(v2 / v1) / math.log(n2 / n1)


def targets(core, alt, br, exp, p) -> list[dict]:
    apps = br.get("apps", {})
    out = []

    def target(name, value, unit, limit, cmp="<=", detail="", measured=True):
        if value is None or not measured:
            status = "NOT MEASURED"
        else:
            status = "PASS" if (value <= limit if cmp == "<=" else value >= limit) else "MISS"
        out.append(
            {
                "target": name,
                "value": value,
                "unit": unit,
                "limit": limit,
                "cmp": cmp,
                "status": status,
                "detail": detail,
            }
        )

    def c(n, *keys):
        d = core.get(n)
        return _med(d, *keys) if d and "error" not in d else None

    target("slider key press → new date, bundled data", _med(apps.get("bundled"), "press"), "s", 0.2)
    target(
        "slider key press → new date, 10,000 movements",
        _med(apps.get(10_000), "press"),
        "s",
        0.5,
        detail="" if 10_000 in p["browser_sizes"] else "the browser at 10,000 is skipped in --quick (time budget)",
    )
    ours1k = _med(apps.get(1000), "press")
    a1k, nb1k = alt_ok(alt, 1000), br.get("naive", {}).get(1000)
    naive1k = (
        (_med(a1k, "naive") + _med(nb1k, "load"))
        if (_med(a1k, "naive") is not None and _med(nb1k, "load") is not None)
        else None
    )
    ratio = naive1k / ours1k if (naive1k and ours1k) else None
    target(
        "1,000 movements: ≥ 10x faster than the naive Folium rebuild",
        ratio,
        "x",
        10,
        ">=",
        detail=f"naive {fmt_time(naive1k)} / ours {fmt_time(ours1k)}",
    )
    r10k = apps.get(10_000)
    frac = (r10k["step_bytes"]["median"] / r10k["first_load"]["total"]) if (r10k and "step_bytes" in r10k) else None
    target(
        "bytes per slider step ≤ 5% of the first page load, 10,000 movements",
        frac,
        "ratio",
        0.05,
        detail=(
            f"{fmt_bytes(r10k['step_bytes']['median'])} / {fmt_bytes(r10k['first_load']['total'])}"
            if frac is not None
            else "the browser at 10,000 is skipped in --quick (time budget)"
        ),
    )
    html10k = (
        core.get(10_000, {}).get("ours_map", {}).get("html_bytes")
        if "error" not in core.get(10_000, {"error": 1})
        else None
    )
    target("first page (map) HTML at 10,000 movements ≤ 1.5 MB", html10k, "B", 1.5 * 1024 * 1024)
    full = 100_000 in p["browser_sizes"]
    skipped = "" if full else "the browser at 100,000 runs in the full suite only"
    target(
        "first page (map) HTML at 100,000 movements ≤ 8 MB",
        core.get(100_000, {}).get("ours_map", {}).get("html_bytes"),
        "B",
        8 * 1024 * 1024,
    )
    target(
        "slider key press → new date, 100,000 movements ≤ 500 ms",
        _med(apps.get(100_000), "press"),
        "s",
        0.5,
        detail=skipped or (apps.get(100_000) or {}).get("error", ""),
    )
    mem100k = (apps.get(100_000) or {}).get("memory")
    target(
        "page memory at 100,000 movements (reported, no limit)",
        mem100k["js_heap_used_mb"] if mem100k else None,
        "MB",
        float("inf"),
        detail=skipped,
    )
    target(
        "first page (map) HTML at 10,000 movements, uncertain dates ≤ 1.5 MB",
        core.get(10_000, {}).get("ours_map_uncertain", {}).get("html_bytes"),
        "B",
        1.5 * 1024 * 1024,
    )
    target("state at a date, 10,000 movements ≤ 5 ms", c(10_000, "state", "state"), "s", 0.005)
    target(
        "state at a date, 100,000 movements ≤ 50 ms",
        c(100_000, "state", "state"),
        "s",
        0.05,
        detail="" if 100_000 in core else "N=100,000 is not run in --quick",
    )
    target(
        "state at a date with uncertain dates, 10,000 movements ≤ 5 ms",
        c(10_000, "state_uncertain", "state"),
        "s",
        0.005,
        detail="exact, approximate, windows, open ends, months (synth.py UNCERTAIN_MIX)",
    )
    target(
        "state at a date with uncertain dates, 100,000 movements ≤ 50 ms",
        c(100_000, "state_uncertain", "state"),
        "s",
        0.05,
        detail="" if 100_000 in core else "N=100,000 is not run in --quick",
    )
    errs = [v["state"]["max_error_km"] for v in core.values() if "error" not in v]
    target("state within 1 km of the WGS84 geodesic (max over N)", max(errs) if errs else None, "km", 1.0)
    target("load + validate, 10,000 movements ≤ 1 s", c(10_000, "load", "load"), "s", 1.0)
    target(
        "load + validate, 100,000 movements ≤ 10 s",
        c(100_000, "load", "load"),
        "s",
        10.0,
        detail="" if 100_000 in core else "N=100,000 is not run in --quick",
    )
    target("playback ≥ 24 fps, bundled data", _med(apps.get("bundled", {}).get("playback"), "fps"), "fps", 24, ">=")
    target(
        "playback ≥ 10 fps, 1,000 units moving",
        _med(apps.get("transit1000", {}).get("playback"), "fps"),
        "fps",
        10,
        ">=",
    )
    cold = br.get("cold") or []
    target("cold start ≤ 4 s", stats(cold)["median"] if cold else None, "s", 4.0)
    bare = br.get("cold_bare") or []
    target(
        "cold start ≤ 1.3x a bare Streamlit page showing a static map (same run; passes the cold start if ≤ 4 s fails)",
        stats(cold)["median"] / stats(bare)["median"] if cold and bare else None,
        "x",
        1.3,
        detail=f"ours {stats(cold)['median']:.2f} s / bare {stats(bare)['median']:.2f} s" if cold and bare else "",
    )
    av = (exp or {}).get("available", {})
    target(
        "PNG export warm ≤ 2 s",
        _med(exp, "png_warm"),
        "s",
        2.0,
        detail="" if av.get("export_png") else "not available (no export_png in dashboard/export/)",
    )
    target(
        "30-frame GIF ≤ 20 s",
        _med(exp, "gif"),
        "s",
        20.0,
        detail="" if av.get("export_gif") else "not available (no export_gif in dashboard/export/)",
    )
    procs = p.get("export_processes") or {}
    for fmt in PROCESS_FORMATS:
        if fmt not in procs:
            continue
        r100k = procs[fmt].get(100_000, {})
        target(
            f"{fmt} export at 10,000 costs ≤ 1.5 s more than at 10 (whole process)",
            extra_cost(procs, fmt, 10_000),
            "s",
            1.5,
            detail=procs[fmt].get(10_000, {}).get("error", ""),
        )
        if MAX_SIZE.get(fmt, 100_000) < 100_000:  # interchange formats: the target is at 10,000 only
            continue
        timed_out = "timed out" in r100k.get("error", "")  # a MISS at least as long as the time limit
        target(
            f"{fmt} export at 100,000 ≤ 15 s (whole process)",
            PROCESS_TIMEOUT if timed_out else _med(r100k, "time"),
            "s",
            15.0,
            detail=r100k.get("error", "" if r100k else "not run at this N"),
        )
    pos = apps.get("transit1000", {}).get("positions", {})
    target(
        "(additional) on-screen positions within 1 km of the WGS84 geodesic",
        pos.get("max_error_km"),
        "km",
        1.0,
        detail="deploymap.js interpolates on a sphere; not one of the issue's targets",
    )
    return out


def format_target(t: dict) -> str:
    v = t["value"]
    if t["unit"] == "x":
        shown, lim = (f"{v:.1f}x" if v is not None else "—"), f"{t['limit']:g}x"
    elif t["unit"] == "ratio":
        shown, lim = (f"{v * 100:.1f}%" if v is not None else "—"), f"{t['limit'] * 100:.0f}%"
    else:
        shown, lim = fmt_value(v, t["unit"]), fmt_value(t["limit"], t["unit"])
    cmp = "≤" if t["cmp"] == "<=" else "≥"
    extra = f" ({t['detail']})" if t["detail"] else ""
    return f"{t['status']:<12} {t['target']}: {shown} (target {cmp} {lim}){extra}"


def markdown(results: dict) -> str:
    m = results["meta"]
    lines = [
        f"# Benchmark results ({m['mode']} run)",
        "",
        f"{m['started']} · {m['machine']} · Python {m['python']} · {m['duration_s']:.0f} s in all · "
        f"load average during the run: mean {m.get('load', {}).get('mean', 0):.1f}, max {m.get('load', {}).get('max', 0):.1f} · "
        f"code: {m.get('code', 'not recorded')}. "
        "All numbers below were measured in this one run; regenerate with "
        f"`.venv/bin/python benchmarks/run.py{' --quick' if m['mode'] == 'quick' else ''}` "
        "(see benchmarks/README.md).",
        "",
        "## Targets",
        "",
        "```",
    ]
    lines += [format_target(t) for t in results["targets"]]
    lines += [
        "```",
        "",
        "## Measurements",
        "",
        "Medians of several runs (min / max beside). Alternatives: their median and the ratio alternative/ours "
        "(above 1: ours is faster or smaller). Growth: log-log slope of ours between the two largest N (cost ~ N^k).",
        "",
        "| case | N | ours median | min | max | alternatives: median (ratio alt/ours) | growth | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results["cases"]:
        o = r["ours"] or {}
        alts = (
            "<br>".join(
                f"{a['name']}: {fmt_value(a['median'], r['unit'])}"
                + (f" ({a['ratio']:.3g}x)" if a.get("ratio") is not None else "")
                for a in r["alternatives"]
            )
            or "—"
        )
        g = f"N^{r['growth']:.2f}" if r.get("growth") is not None else ""
        n = f"{r['n']:,}" if isinstance(r["n"], int) else str(r["n"])
        lines.append(
            f"| {r['case']} | {n} | {fmt_value(o.get('median'), r['unit'])} | {fmt_value(o.get('min'), r['unit'])} "
            f"| {fmt_value(o.get('max'), r['unit'])} | {alts} | {g} | {r['note']} |"
        )
    if results["notes"]:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in results["notes"]]
    return "\n".join(lines) + "\n"


# ====================================================================== main


class LoadMonitor:
    """Samples the 1-minute load average every 2 s: other work on the machine inflates every number."""

    def __init__(self) -> None:
        import threading

        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.samples.append(float(Path("/proc/loadavg").read_text().split()[0]))
            except (OSError, ValueError):
                pass
            self._stop.wait(2.0)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join(timeout=5)
        s = self.samples or [0.0]
        return {"mean": sum(s) / len(s), "max": max(s), "samples": len(s)}


def code_state() -> str:
    """The commit measured, and which files under dashboard/ differed from it (uncommitted edits)."""
    import subprocess

    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "dashboard"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    changed = [line[3:] for line in dirty if line.strip()]
    return f"{head}" + (f" + uncommitted changes to {', '.join(changed)}" if changed else "")


def report(results: dict) -> dict:
    """Cases, targets and notes from the raw measurements (also used by --report-only)."""
    meta, raw = results["meta"], results["raw"]
    p = plan(meta["mode"] == "quick")
    sizes = meta["sizes"]
    p["browser_sizes"] = [n for n in p["browser_sizes"] if n in sizes]

    def keyed(d: dict) -> dict:
        return {(int(k) if str(k).isdigit() else k): v for k, v in (d or {}).items()}

    core, alt = keyed(raw["core"]), keyed(raw["alternatives"])
    br = dict(raw["browser"])
    br["apps"], br["naive"] = keyed(br.get("apps", {})), keyed(br.get("naive", {}))
    exp = raw.get("export")
    notes = list(meta.get("notes", []))
    notes += [f"browser: {e}" for e in br.get("errors", [])]
    notes += [f"N={n}: {c['error'][:300]}" for n, c in core.items() if "error" in c]
    notes += [f"alternatives N={n}: {c['error'][:300]}" for n, c in alt.items() if "error" in c]
    if exp and "error" in exp:
        notes.append(f"export: {exp['error'][:300]}")
    load = meta.get("load", {})
    cpus = os.cpu_count() or 1
    if load.get("mean", 0) > cpus + 0.5:  # the suite itself accounts for a load of about 1-1.5
        notes.insert(
            0,
            f"WARNING: the machine was busy with other work during this run (1-minute load average "
            f"{load['mean']:.1f} on average, {load['max']:.1f} at most, on {cpus} CPUs; the suite alone "
            "makes about 1-1.5): times are inflated; compare ratios rather than absolute numbers, or "
            "rerun on a quiet machine.",
        )
    notes.append(
        f"Alternatives are capped at N={ALT_CAP:,} and Plotly at N={PLOTLY_CAP:,} (memory and time); "
        "'bundled' is data/ (the curated dataset)."
    )
    p["export_processes"] = {f: keyed(by_n) for f, by_n in (raw.get("export_processes") or {}).items()}
    for f, by_n in p["export_processes"].items():
        notes += [f"{f} export N={n}: {r['error']}" for n, r in by_n.items() if "error" in r]
    rows = build_rows(sizes, core, alt, br, exp, p)
    growth(rows)
    results["cases"] = rows
    results["targets"] = targets(core, alt, br, exp, p)
    results["notes"] = notes
    return results


def write(results: dict, out: Path) -> str:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    md = markdown(results)
    (out.parent / "RESULTS.md").write_text(md, encoding="utf-8")
    return md


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="N up to 10,000, fewer repeats, no browser at 10,000")
    ap.add_argument("--sizes", help="comma-separated N (default: 10,100,1000,10000[,100000])")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    ap.add_argument("--no-browser", action="store_true", help="skip the browser measurements")
    ap.add_argument("--no-export", action="store_true", help="skip the export measurements")
    ap.add_argument("--keep-work", action="store_true", help="keep the temporary folder (naive pages, app logs)")
    ap.add_argument(
        "--report-only",
        type=Path,
        metavar="RESULTS_JSON",
        help="rebuild the report from the raw measurements of an earlier results.json",
    )
    args = ap.parse_args(argv)
    if args.report_only:
        results = report(json.loads(args.report_only.read_text(encoding="utf-8")))
        print(write(results, args.out))
        return 0
    p = plan(args.quick)
    sizes = (
        [int(s.replace("_", "")) for s in args.sizes.split(",")]
        if args.sizes
        else (QUICK_SIZES if args.quick else FULL_SIZES)
    )
    p["browser_sizes"] = [n for n in p["browser_sizes"] if n in sizes]
    log = Log()
    monitor = LoadMonitor()
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    work = Path(tempfile.mkdtemp(prefix="deploymap-bench-"))
    notes: list[str] = []
    log(
        f"{p['mode']} run, N = {sizes}; work folder {work}; load average {Path('/proc/loadavg').read_text().split()[0]}"
    )
    datasets, core, alt, exp = {}, {}, {}, None
    procs: dict = {}
    br: dict = {"apps": {}, "naive": {}, "cold": [], "errors": []}
    try:
        datasets, core, alt = run_python(sizes, p, log, work, notes)
        if args.no_browser:
            br["errors"].append("skipped (--no-browser)")
        else:
            br = run_browser(datasets, p, log, work, sizes)
        if not args.no_export:
            exp = run_worker("export", {"png_repeats": p["png_repeats"], "gif_repeats": p["gif_repeats"]}, timeout=600)
            if "error" in exp:
                log(f"export: ERROR {exp['error'][:300]}")
            else:
                log(
                    f"export: PNG cold {fmt_time(exp.get('png_cold_s'))}, warm {fmt_time(_med(exp, 'png_warm'))}, "
                    f"GIF {fmt_time(_med(exp, 'gif'))}"
                )
            procs = measure_processes(
                {n: str(datasets[n]) for n in PROCESS_SIZES if n in datasets},
                repeats={n: 1 if p["mode"] == "quick" or n >= 100_000 else 3 for n in PROCESS_SIZES},
                log=log,
            )
    finally:
        if not args.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    load = monitor.stop()
    results = {
        "meta": {
            "mode": p["mode"],
            "started": started,
            "duration_s": time.monotonic() - log.t0,
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
            "python": platform.python_version(),
            "sizes": sizes,
            "load": load,
            "notes": notes,
            "code": code_state(),
        },
        "raw": {
            "datasets": {str(k): v for k, v in datasets.items()},
            "core": {str(k): v for k, v in core.items()},
            "alternatives": {str(k): v for k, v in alt.items()},
            "browser": json.loads(json.dumps(br, default=str)),
            "export": exp,
            "export_processes": {f: {str(n): r for n, r in by_n.items()} for f, by_n in procs.items()},
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)  # the raw measurements are safe on disk before the report
    args.out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    md = write(report(results), args.out)
    print()
    print(md)
    log(
        f"wrote {args.out} and {args.out.parent / 'RESULTS.md'} (load average: mean {load['mean']:.1f}, max {load['max']:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
