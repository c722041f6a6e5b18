"""A unit known to have left whose arrival no source bounds (the 2nd Cavalry squadron: 'has begun to
move' by 10 Feb, nothing more) is not drawn at its start as if the sources put it there: after the
departure's latest day its symbol stands mid-way along the stretch it may be on, and its label says
'position not reported'; before that day it may not have left and stands at its start."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import GEOD, build_timeline, state_at
from dashboard.export.static import say_of

DATA = Path(__file__).resolve().parents[2] / "data"
SQUADRON = "m-2cr-vilseck-romania"


def _km(tl, i, st, frac):
    lon, lat, _ = GEOD.fwd(tl.from_lon[i], tl.from_lat[i], tl.azimuth[i], tl.length_m[i] * frac)
    _, _, dist = GEOD.inv(lon, lat, st.lon[i], st.lat[i])
    return dist / 1000


def test_squadron_after_its_departure_stands_mid_stretch_not_at_vilseck():
    loaded = load_dataset(DATA)
    tl = build_timeline(loaded)
    i = list(tl.ids).index(SQUADRON)
    m = loaded.dataset.movements[i]
    before = state_at(tl, dt.date(2022, 2, 8))
    assert _km(tl, i, before, 0.0) < 1  # may not have left: at its start
    assert say_of(m, False, True, 0.0, False) == "departed by 10 Feb 2022, day not reported"
    for day in (12, 17):
        st = state_at(tl, dt.date(2022, 2, day))
        assert (st.progress[i], st.progress_hi[i]) == (0.0, 1.0)  # the least progress is still the start
        assert _km(tl, i, st, 0.0) > 100  # ... but the symbol is not drawn there
        assert _km(tl, i, st, 0.5) < 1  # it stands mid-way along the stretch it may be on
    assert say_of(m, False, True, 0.0, True) == "position not reported · departed by 10 Feb 2022, day not reported"


def test_a_unit_with_a_bounded_arrival_keeps_its_least_progress():
    loaded = load_dataset(DATA)
    tl = build_timeline(loaded)
    st = state_at(tl, dt.date(2022, 2, 12))
    for i, mid in enumerate(tl.ids):
        if mid != SQUADRON:
            assert _km(tl, i, st, float(st.progress[i])) < 1, mid
