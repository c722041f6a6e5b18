"""One group of Python measurements, run in its own process by benchmarks/run.py.

    python benchmarks/worker.py KIND '{"json": "arguments"}'

prints `RESULT {json}` as its last line. KIND is `core` (load + validate, YAML
parsers, state at a date, our map), `alt` (the naive Folium rebuild,
TimestampedGeoJson, Plotly) or `export` (PNG and GIF exports, if present).
A fresh process per group and N keeps peak-memory figures (ru_maxrss) honest.
"""

from __future__ import annotations

import json
import math
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BUNDLED, stats  # noqa: E402


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def _window_days(loaded, tl) -> tuple[int, int]:
    from dashboard.engine.timeline import day_number
    from dashboard.web.page import default_window

    w = default_window(loaded, tl)
    return int(day_number(w[0])), int(day_number(w[1]))


def busiest_day(tl, first: int, last: int) -> int:
    """The whole day of the window with the most movements in transit (ties: the earliest)."""
    import numpy as np

    days = np.arange(first, last + 1, dtype=float)
    moving = [(int(((tl.depart <= d) & (d < tl.arrive)).sum()), -int(d)) for d in days]
    best = max(moving)
    return -best[1]


# ---------------------------------------------------------------- load + validate


def case_load(path: str, repeats: int) -> dict:
    from dashboard.core.loader import load_dataset

    load_dataset(BUNDLED)  # warm-up: imports, country codes, validators (not timed)
    base = maxrss_mb()
    runs = []
    loaded = None
    for _ in range(repeats):
        loaded = None
        t0 = time.perf_counter()
        loaded = load_dataset(path)
        runs.append(time.perf_counter() - t0)
    peak = maxrss_mb()
    counts = loaded.counts() if loaded else {}
    yaml_bytes = sum(p.stat().st_size for p in Path(path).glob("*.yaml"))
    return {
        "load": stats(runs),
        "rss_base_mb": base,
        "rss_peak_mb": peak,
        "rss_delta_mb": peak - base,
        "counts": counts,
        "yaml_bytes": yaml_bytes,
    }


# ---------------------------------------------------------------- YAML parsers alone


def case_yaml(path: str, repeats: int, pure: bool) -> dict:
    import yaml
    import yaml_rs

    from dashboard.core.yamlsafe import parse_yaml

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(path).glob("*.yaml"))]
    parsers = {
        "yaml_rs": lambda t: yaml_rs.loads(
            t, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        ),
        "ours_parse_yaml": lambda t: parse_yaml(t, "bench"),
        "pyyaml_csafe": lambda t: yaml.load(t, Loader=yaml.CSafeLoader),
    }
    if pure:
        parsers["pyyaml_safe"] = lambda t: yaml.load(t, Loader=yaml.SafeLoader)
    out = {"yaml_bytes": sum(len(t.encode()) for t in texts)}
    for name, fn in parsers.items():
        reps = 1 if name == "pyyaml_safe" else repeats
        runs = []
        for _ in range(reps):
            t0 = time.perf_counter()
            for t in texts:
                fn(t)
            runs.append(time.perf_counter() - t0)
        out[name] = stats(runs)
    return out


# ---------------------------------------------------------------- state at a date


def reference_positions(loaded, tl, day: float, idx) -> tuple[list[float], list[float]]:
    """Independent positions: dates from the records, the estimate rule re-derived, and the point at
    the fraction of the WGS84 geodesic found from 999 equally spaced Geod.npts points."""
    from dashboard.engine.timeline import EPOCH, GEOD

    by_id = {m.id: m for m in loaded.dataset.movements}
    lons, lats = [], []
    for i in idx:
        m = by_id[tl.ids[i]]
        a, b = loaded.places[m.from_], loaded.places[m.to]
        _, _, dist = GEOD.inv(a.lon, a.lat, b.lon, b.lat)
        dep = (m.depart.day - EPOCH).days  # the synthetic dates here are exact days
        arr = (m.arrive.day - EPOCH).days if m.arrive else dep + max(1, math.ceil(dist / 1000 / 500))
        f = 0.0 if day < dep else 1.0 if day >= arr else (day - dep) / (arr - dep)
        pts = [(a.lon, a.lat)] + list(GEOD.npts(a.lon, a.lat, b.lon, b.lat, 999)) + [(b.lon, b.lat)]
        x = f * 1000
        k = min(int(x), 999)
        r = x - k
        lo0, la0 = pts[k]
        lo1, la1 = pts[k + 1]
        if lo1 - lo0 > 180:
            lo1 -= 360
        elif lo1 - lo0 < -180:
            lo1 += 360
        lon = lo0 + r * (lo1 - lo0)
        lons.append(((lon + 180) % 360) - 180)
        lats.append(la0 + r * (la1 - la0))
    return lons, lats


def max_error_km(loaded, tl, days: list[float], sample: int = 3000) -> dict:
    import numpy as np

    from dashboard.engine.timeline import GEOD, state_at

    worst, checked, moving_checked, fixed_worst = 0.0, 0, 0, 0.0
    rng = np.random.default_rng(0)
    for day in days:
        st = state_at(tl, day)
        moving = np.flatnonzero(st.phase == 1)
        if moving.size > sample:
            moving = np.sort(rng.choice(moving, sample, replace=False))
        if moving.size:
            rl, ra = reference_positions(loaded, tl, day, moving)
            _, _, d = GEOD.inv(st.lon[moving], st.lat[moving], np.array(rl), np.array(ra))
            worst = max(worst, float(np.max(d)) / 1000.0)
            moving_checked += int(moving.size)
        fixed = np.flatnonzero(st.phase != 1)[:sample]
        if fixed.size:
            ex_lon = np.where(st.phase[fixed] == 2, tl.to_lon[fixed], tl.from_lon[fixed])
            ex_lat = np.where(st.phase[fixed] == 2, tl.to_lat[fixed], tl.from_lat[fixed])
            _, _, d = GEOD.inv(st.lon[fixed], st.lat[fixed], ex_lon, ex_lat)
            fixed_worst = max(fixed_worst, float(np.max(d)) / 1000.0)
        checked += int(moving.size + fixed.size)
    return {
        "max_error_km": max(worst, fixed_worst),
        "moving_max_error_km": worst,
        "fixed_max_error_km": fixed_worst,
        "checked": checked,
        "moving_checked": moving_checked,
    }


def case_state(path: str, repeats: int) -> dict:
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline, state_at

    loaded = load_dataset(path)
    t0 = time.perf_counter()
    tl = build_timeline(loaded)
    t_build = time.perf_counter() - t0
    first, last = _window_days(loaded, tl)
    busy = busiest_day(tl, first, last)
    state_at(tl, busy)  # warm-up
    runs, moving = [], []
    for k in range(repeats):
        day = busy + (k % 7) * 0.37  # fractional days too, as during playback
        t0 = time.perf_counter()
        st = state_at(tl, day)
        runs.append(time.perf_counter() - t0)
        moving.append(int((st.phase == 1).sum()))
    err = max_error_km(loaded, tl, [busy + 0.5, (first + last) / 2 + 0.25, busy + 3.9])
    return {
        "state": stats(runs),
        "build_timeline_s": t_build,
        "moving": max(moving),
        "movements": tl.size,
        "day": busy,
        **err,
    }


# ---------------------------------------------------------------- our map


def payload_breakdown(payload: dict) -> dict:
    from dashboard.web.page import js_json

    return {k: len(js_json(v).encode()) for k, v in payload.items()}


def case_ours_map(path: str, repeats: int) -> dict:
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

    warm = load_dataset(BUNDLED)
    render_html(build_map(warm, MapOptions(), build_timeline(warm)))  # warm-up: basemap cache, templates
    loaded = load_dataset(path)
    tl = build_timeline(loaded)
    builds, renders, totals = [], [], []
    html = ""
    for _ in range(repeats):
        t0 = time.perf_counter()
        m = build_map(loaded, MapOptions(), tl)
        t1 = time.perf_counter()
        html = render_html(m)
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        renders.append(t2 - t1)
        totals.append(t2 - t0)
    payload = map_payload(loaded, tl, MapOptions())
    t0 = time.perf_counter()
    payload_json = js_json(payload)
    t_json = time.perf_counter() - t0
    return {
        "map": stats(totals),
        "build": stats(builds),
        "render": stats(renders),
        "html_bytes": len(html.encode()),
        "payload_bytes": len(payload_json.encode()),
        "basemap_bytes": len(json.dumps(basemap_geojson()).encode()),
        "payload_keys": payload_breakdown(payload),
        "payload_json_s": t_json,
    }


def case_core(args: dict) -> dict:
    path, r = args["path"], args["repeats"]
    out = {"n": args["n"]}
    out["load"] = case_load(path, r["load"])
    if args.get("yaml", True):
        out["yaml"] = case_yaml(path, r["yaml"], args.get("pure_yaml", False))
    out["state"] = case_state(path, r["state"])
    if args.get("uncertain_path"):  # issue 14: dates as sources give them (benchmarks/state_uncertain.py)
        from benchmarks.state_uncertain import measure

        out["state_uncertain"] = measure(args["uncertain_path"], r["state"])
    out["ours_map"] = case_ours_map(path, r["map"])
    if args.get("uncertain_path"):  # issue 19: the first page with dates as sources give them
        out["ours_map_uncertain"] = case_ours_map(args["uncertain_path"], 1)
    out["rss_end_mb"] = maxrss_mb()
    return out


# ---------------------------------------------------------------- alternatives


def case_alt(args: dict) -> dict:
    from benchmarks import alternatives as A
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline

    loaded = load_dataset(args["path"])
    tl = build_timeline(loaded)
    first, last = _window_days(loaded, tl)
    busy = busiest_day(tl, first, last)
    out: dict = {"n": args["n"], "first": first, "last": last, "days": last - first + 1}
    t0 = time.perf_counter()
    routes = A.routes_like_client(tl)
    texts = A.Texts(loaded, tl)
    out["prep_s"] = time.perf_counter() - t0
    warm = load_dataset(BUNDLED)
    wtl = build_timeline(warm)
    A.naive_folium_html(warm, wtl, wtl.depart.min(), A.routes_like_client(wtl), A.Texts(warm, wtl))  # warm-up

    if args.get("naive", 0):
        save = Path(args["save_dir"]) if args.get("save_dir") else None
        runs, sizes = [], []
        for k in range(args["naive"]):
            day = busy + k  # consecutive slider steps
            t0 = time.perf_counter()
            html = A.naive_folium_html(loaded, tl, day, routes, texts)
            runs.append(time.perf_counter() - t0)
            sizes.append(len(html.encode()))
            if save is not None and k < args.get("save_count", 0):
                save.mkdir(parents=True, exist_ok=True)
                (save / f"naive-{args['n']}-{k}.html").write_text(html, encoding="utf-8")
            del html
        out["naive"] = stats(runs)
        out["naive_bytes"] = max(sizes)
        out["naive_rss_mb"] = maxrss_mb()
    pos = None
    if args.get("tgj", 0) or args.get("plotly", 0):
        t0 = time.perf_counter()
        pos = A.daily_positions(tl, first, last)
        out["daily_positions_s"] = time.perf_counter() - t0
    if args.get("tgj", 0):
        runs = []
        for _ in range(args["tgj"]):
            t0 = time.perf_counter()
            html = A.timestamped_html(tl, first, last, routes, texts, pos)
            runs.append(time.perf_counter() - t0 + out["daily_positions_s"])
        out["tgj"] = stats(runs)
        out["tgj_bytes"] = len(html.encode())
        del html
    if args.get("plotly", 0):
        runs = []
        for _ in range(args["plotly"]):
            t0 = time.perf_counter()
            html = A.plotly_html(tl, first, last, routes, texts, pos)
            runs.append(time.perf_counter() - t0 + out["daily_positions_s"])
        out["plotly"] = stats(runs)
        out["plotly_bytes"] = len(html.encode())
        out["plotly_frames"] = last - first + 1
        out["plotly_bundle_bytes"] = A.plotly_bundle_bytes()
        del html
    out["rss_end_mb"] = maxrss_mb()
    return out


# ---------------------------------------------------------------- exports


def case_export(args: dict) -> dict:
    from benchmarks import exports

    return exports.measure(args)


KINDS = {"core": case_core, "alt": case_alt, "export": case_export}

if __name__ == "__main__":
    kind, raw = sys.argv[1], sys.argv[2]
    result = KINDS[kind](json.loads(raw))
    print("RESULT " + json.dumps(result))
