"""The static map (SVG/PDF) at scale draws every route, arrowhead and '?' the data gives, with a few
elements: each route style is one path of many parts, the arrowheads one path per opacity, the '?' one
glyph placed at each estimated arrival; routes are simplified to a quarter of a CSS px, ends kept."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import shapely

from benchmarks.synth import make_dataset
from dashboard import export
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.export.static import ROUTE_CHORD_PX, ROUTE_TOLERANCE_PX, StaticMap
from dashboard.web.options import MapOptions

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    root = tmp_path_factory.mktemp("synth")
    make_dataset(300, root)
    loaded = load_dataset(root / "data")
    return loaded, build_timeline(loaded)


@pytest.fixture(scope="module")
def svg(synth, tmp_path_factory):
    loaded, tl = synth
    out = export.export_svg(loaded, MapOptions(), tmp_path_factory.mktemp("svg") / "map.svg", timeline=tl)
    return ET.parse(out).getroot()


def _groups(root: ET.Element, prefix: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith(prefix)]


def _parts(root: ET.Element, group: ET.Element) -> int:
    """Subpaths drawn in a group: its paths' 'M' commands, a `<use>` counting its definition's."""
    defs = {p.get("id"): p for p in root.iter(f"{SVG}path") if p.get("id")}
    n = 0
    for el in group.iter():
        if el.tag == f"{SVG}path" and el.get("d"):
            n += len(re.findall(r"M", el.get("d", "")))
        elif el.tag == f"{SVG}use":
            n += len(re.findall(r"M", defs[el.get(XLINK, "").lstrip("#")].get("d", "")))
    return n


def _uses(group: ET.Element) -> int:
    return sum(1 for el in group.iter(f"{SVG}use"))


def test_every_route_is_drawn_once(synth, svg):
    loaded, tl = synth
    groups = _groups(svg, "dm-routes-")
    assert groups, "no route paths in the SVG"
    drawn = sum(int(g.get("id", "").rsplit("-", 1)[1]) for g in groups)
    assert drawn == tl.size == len(loaded.dataset.movements)
    assert sum(_parts(svg, g) for g in groups) == tl.size  # one part a route
    assert len(groups) <= 5  # one element per style (phases and highlight), not one per route


def test_arrowheads_and_question_marks_match_the_data(synth, svg):
    _, tl = synth
    routed = [i for i in range(tl.size) if tl.length_m[i] > 0]
    estimated = [i for i in routed if tl.arrive_estimated[i]]
    assert estimated and len(estimated) < len(routed), "the synthetic data has reported and estimated arrivals"
    plain = _groups(svg, "dm-arrowheads")
    assert sum(_parts(svg, g) for g in plain if g.get("id") == "dm-arrowheads") == len(routed) - len(estimated)
    assert sum(_parts(svg, g) for g in plain if g.get("id") == "dm-arrowheads-estimated") == len(estimated)
    (marks,) = _groups(svg, "dm-estimated-arrival")
    assert _uses(marks) == len(estimated)  # one '?' glyph, placed at each estimated arrival


def test_routes_simplified_within_half_a_pixel_ends_kept(synth):
    """Densified for the map's scale (a chord within ROUTE_CHORD_PX of the geodesic), then simplified
    (within ROUTE_TOLERANCE_PX): every point of the web map's 50 km route lies within both."""
    loaded, tl = synth
    static = StaticMap(loaded, MapOptions(), tl)
    tolerance = (ROUTE_TOLERANCE_PX + ROUTE_CHORD_PX) * static.res
    fewer = 0
    for i in range(tl.size):
        route = tl.routes[i]
        x, y = static.proj(route[:, 0], route[:, 1])  # the projection chosen for the extent
        drawn = static.route_xy[i]
        assert np.allclose(drawn[0], (x[0], y[0])) and np.allclose(drawn[-1], (x[-1], y[-1]))
        if len(route) > 2:
            line = shapely.LineString(drawn)
            far = max(line.distance(shapely.Point(px, py)) for px, py in zip(x, y))
            assert far <= tolerance * 1.0001, (tl.ids[i], far, tolerance)
        fewer += len(drawn) < len(route)
    assert fewer > tl.size // 2  # most routes are drawn with fewer points than the map's 50 km steps
