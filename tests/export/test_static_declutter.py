"""The static map (SVG/PDF) places symbols as the web map does: at or under `MANY` movements, units on
one spot fan out and nearby symbols are nudged apart (no two symbols share a centre); above it, as
deploymap.js (`MANY`, which skips `_declutter`), every symbol stays on its unit's point, so units on
one spot share it. Checked on synthetic datasets either side of the limit (benchmarks/synth.py, whose
units gather at a few hundred places)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from benchmarks.synth import make_dataset
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline, state_at
from dashboard.export.static import MANY, StaticMap
from dashboard.web.options import MapOptions


def _static_map(n: int, root) -> StaticMap:
    make_dataset(n, root)
    loaded = load_dataset(root / "data")
    return StaticMap(loaded, MapOptions(), build_timeline(loaded))


def _centres(sm: StaticMap) -> Counter:
    return Counter((round(x, 3), round(y, 3)) for x, y, _w, _h in sm.symbol_boxes)


@pytest.mark.parametrize("n", [MANY - 100, MANY + 50])
def test_symbols_spread_only_where_the_web_map_spreads_them(n, tmp_path):
    sm = _static_map(n, tmp_path)
    assert len(sm.selected) == n
    centres = _centres(sm)
    shared = sum(k for k in centres.values() if k > 1)
    assert sm.symbol_boxes, "no unit symbol was drawn"
    if n <= MANY:
        assert shared == 0, f"{shared} symbols share a centre at {n} movements (they fan out at or under {MANY})"
    else:
        # on their points: the units that arrived at one place are drawn on it, one over another
        assert shared > len(sm.symbol_boxes) // 2, f"only {shared} symbols share a spot at {n} movements"


def test_above_the_limit_each_symbol_is_on_its_units_point(tmp_path):
    sm = _static_map(MANY + 50, tmp_path)
    tl, places = sm.timeline, sm.loaded.places
    # every symbol centre is the projected point of a place a unit is at (arrived, waiting or at home) or
    # of a position on a route on the map's day: compare against all of them, in display px
    st = state_at(tl, sm.current_day)
    lon = np.concatenate([st.lon, [p.lon for p in places.values()]])
    lat = np.concatenate([st.lat, [p.lat for p in places.values()]])
    x, y = sm.proj(lon, lat)
    points = sm.ax.transData.transform(np.column_stack([x, y]))
    for cx, cy, _w, _h in sm.symbol_boxes:
        d = np.hypot(points[:, 0] - cx, points[:, 1] - cy).min()
        assert d < 0.01, f"a symbol at ({cx:.1f}, {cy:.1f}) px is {d:.2f} px from every unit's point"
