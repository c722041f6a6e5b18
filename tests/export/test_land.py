"""Land is drawn around the places of a dataset on every inhabited continent, in PNG and SVG exports.

Inputs (frozen before the basemap changed): tests/data/continents/*.yaml, one invented movement per
continent, among them Guam -> Honolulu over the antimeridian. For each place the test looks at a
square of the static map around it: the PNG must have land-coloured pixels there, and the SVG's land
group (gid dm-land) must have path vertices there.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.path import Path as MPath

from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.export.layout import PT_PER_PX, fit_bounds
from dashboard.export.static import StaticMap
from dashboard.web.options import MapOptions
from dashboard.web.style import BORDER, LAND

CONTINENTS = Path(__file__).resolve().parents[1] / "data" / "continents"
DATASETS = sorted(p.stem for p in CONTINENTS.glob("*.yaml"))
W, H = 900, 600
HALF = 40  # px: the square looked at around each place
MIN_LAND_PX = 10


def test_every_inhabited_continent_has_a_dataset():
    assert {"africa", "asia", "europe", "north_america", "south_america", "oceania", "pacific"} <= set(DATASETS)


def _draw(name: str):
    loaded = load_dataset(CONTINENTS / f"{name}.yaml")
    timeline = build_timeline(loaded)
    # the whole story in view: both ends of the route (the default view fits the destination)
    options = MapOptions(labels=False, bounds=fit_bounds(loaded, timeline))
    sm = StaticMap(loaded, options, timeline, W, H, 1.0)
    return name, loaded, sm


@pytest.fixture(scope="module", params=DATASETS)
def drawn(request):
    return _draw(request.param)


def _pixel(sm: StaticMap, lon: float, lat: float) -> tuple[float, float]:
    x, y = sm.proj([lon], [lat])
    px, py = sm.ax.transData.transform(np.column_stack([x, y]))[0]
    return float(px), float(H - py)  # from the top


def test_png_has_land_around_each_place(drawn):
    name, loaded, sm = drawn
    img = sm.to_array()
    # land: its fill, or its coastline where an island is a few pixels wide (Okinawa at this scale)
    rgb = img.astype(int)
    land = np.zeros(rgb.shape[:2], bool)
    for colour in (LAND, BORDER):
        land |= np.all(np.abs(rgb - np.array([round(c * 255) for c in to_rgb(colour)])) <= 30, axis=2)
    for place in loaded.places.values():
        px, py = _pixel(sm, place.lon, place.lat)
        assert 0 <= px < W and 0 <= py < H, f"{name}: {place.id} is off the map"
        window = land[max(0, int(py) - HALF) : int(py) + HALF, max(0, int(px) - HALF) : int(px) + HALF]
        assert int(window.sum()) >= MIN_LAND_PX, f"{name}: no land drawn around {place.id} ({window.sum()} px)"


def test_svg_has_land_paths_around_each_place(drawn):
    name, loaded, sm = drawn
    svg = sm.to_bytes("svg").decode("utf-8")
    group = re.search(r'<g id="dm-land">(.*?)</g>\s*</g>', svg, re.S)
    assert group, f"{name}: the SVG has no land group"
    rings = []  # every closed ring of the land paths, in px from the top-left (SVG units are points)
    for d in re.findall(r'd="([^"]+)"', group.group(1)):
        for part in re.split(r"(?=M)", d):
            xy = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", part)]
            if len(xy) >= 6:
                rings.append(np.array(xy[: len(xy) // 2 * 2]).reshape(-1, 2) / PT_PER_PX)
    assert rings, f"{name}: the land group has no path"
    for place in loaded.places.values():
        px, py = _pixel(sm, place.lon, place.lat)
        square = MPath([(px - HALF, py - HALF), (px + HALF, py - HALF), (px + HALF, py + HALF), (px - HALF, py + HALF)])
        touching = [r for r in rings if MPath(r).intersects_path(square, filled=True)]
        assert touching, f"{name}: no land path around {place.id} in the SVG"


def test_pacific_route_is_drawn_over_the_antimeridian():
    _name, _loaded, sm = _draw("pacific")  # Guam -> Honolulu
    gx, _ = _pixel(sm, 144.93, 13.58)
    hx, _ = _pixel(sm, -157.86, 21.31)
    # Honolulu east of Guam on one map, the two within the frame, a Pacific-wide Mercator (not Europe-first)
    assert gx < hx
    assert hx - gx < W
    assert "+proj=merc" in sm.proj.crs and sm.proj.lon0 > 150
