"""Labels never collide in static exports (PNG and SVG, drawn by matplotlib), at every publishing
preset, on the bundled data and two crowded theatres (tests/data/crowded/, frozen before the
placement changed).

Overlaps are measured from the rendered boxes: each label's window extent (its text and its box) as
the renderer draws it, against the other labels, every unit symbol, every event star, the legend,
the date and the title. The SVG of the same map is checked to carry each shown label once.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.export.layout import PRESETS, PT_PER_PX
from dashboard.export.static import StaticMap
from dashboard.web.options import MapOptions

ROOT = Path(__file__).resolve().parents[2]
DATASETS = {
    "bundled": ROOT / "data",
    "baltic": ROOT / "tests" / "data" / "crowded" / "baltic.yaml",
    "korea": ROOT / "tests" / "data" / "crowded" / "korea.yaml",
}


@pytest.fixture(scope="module", params=list(DATASETS))
def dataset(request):
    loaded = load_dataset(DATASETS[request.param])
    return request.param, loaded, build_timeline(loaded)


def _overlaps(sm: StaticMap) -> tuple[int, list[str]]:
    sm.canvas.draw()
    renderer = sm.canvas.get_renderer()
    boxes = [(a.get_text(), a.get_window_extent(renderer)) for a in sm.label_artists]
    # a label's text and its bbox patch (annotate draws the patch around the text)
    boxes = [
        (t, a.get_bbox_patch().get_window_extent(renderer) if a.get_bbox_patch() else b)
        for (t, b), a in zip(boxes, sm.label_artists)
    ]
    out = []
    names = {id(a) for a in sm.label_artists}
    for i, (ti, bi) in enumerate(boxes):
        for tj, bj in boxes[i + 1 :]:
            if (
                bi.overlaps(bj)
                and min(bi.x1, bj.x1) - max(bi.x0, bj.x0) > 0.5
                and min(bi.y1, bj.y1) - max(bi.y0, bj.y0) > 0.5
            ):
                out.append(f"{ti!r} / {tj!r}")
    # fixed furniture: legend, date, title
    for art in sm._fixed_artists():
        fb = art.get_window_extent(renderer)
        out += [f"{t!r} / {type(art).__name__}" for t, b in boxes if b.overlaps(fb)]
    assert names
    return len(out), out


@pytest.mark.parametrize("preset", list(PRESETS))
def test_no_label_overlaps_at_each_preset(dataset, preset):
    name, loaded, timeline = dataset
    width, height, scale = PRESETS[preset]
    sm = StaticMap(loaded, MapOptions(), timeline, width, height, scale)
    shown = 0
    days = np.linspace(timeline.depart.min(), max(timeline.arrive.max(), timeline.depart.max()), 3)
    for day in days:
        sm.draw_day(float(day))
        n, pairs = _overlaps(sm)
        assert n == 0, f"{name} {preset} day {day:.0f}: {pairs}"
        shown += len(sm.label_artists)
        # and no label covers a symbol or an event star where they are drawn
        to_pt = 72.0 / sm.fig.dpi
        renderer = sm.canvas.get_renderer()
        for art in sm.label_artists:
            bb = (art.get_bbox_patch() or art).get_window_extent(renderer)
            for ex, ey in sm.ax.transData.transform(np.array(sm._events_xy or np.zeros((0, 2))).reshape(-1, 2)):
                r = 11 * PT_PER_PX / to_pt
                assert not (bb.x0 < ex + r - 1 and ex - r + 1 < bb.x1 and bb.y0 < ey + r - 1 and ey - r + 1 < bb.y1), (
                    f"{name} {preset}: {art.get_text()!r} covers an event"
                )
        for sx, sy, w, h in sm.symbol_boxes:
            for art in sm.label_artists:
                bb = (art.get_bbox_patch() or art).get_window_extent(renderer)
                assert not (
                    bb.x0 < sx + w / 2 - 1
                    and sx - w / 2 + 1 < bb.x1
                    and bb.y0 < sy + h / 2 - 1
                    and sy - h / 2 + 1 < bb.y1
                ), f"{name} {preset}: {art.get_text()!r} covers a symbol"
    assert shown > 0, f"{name} {preset}: no label was drawn"
    # the SVG of the last day carries each label shown, as text
    svg = sm.to_bytes("svg").decode("utf-8")
    for art in sm.label_artists:
        if art.get_gid() == "dm-label":
            assert art.get_text().replace("&", "&amp;") in svg
