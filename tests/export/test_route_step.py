"""Static maps densify routes only as finely as their scale needs (`static.route_step_km`): drawn that way,
a route strays at most ROUTE_CHORD_PX further from its geodesic on the map than with the web
map's 50 km steps, in every projection `projection_for`
chooses, at the scale of the map's own extent and closer; routes from far outside included (where on
the map)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from dashboard.engine.timeline import GEOD, ROUTE_STEP_KM, Timeline
from dashboard.export.static import ROUTE_CHORD_PX, Projection, projection_for, route_steps_km

# (west, south, east, north) as the static map frames them; far places routes come from
EXTENTS = {
    "Europe (conic)": (-12.0, 34.0, 42.0, 66.0),
    "Baltic (conic)": (9.0, 52.0, 31.0, 61.0),
    "high north (conic)": (-30.0, 55.0, 45.0, 79.5),
    "Australia (southern conic)": (110.0, -45.0, 156.0, -10.0),
    "Pacific over the antimeridian (Mercator)": (120.0, -5.0, 215.0, 40.0),
    "the world (Mercator)": (-180.0, -60.0, 180.0, 78.0),
    "the tropics (Mercator)": (25.0, -15.0, 60.0, 15.0),
}
FAR = [(-79.0, 35.1), (-81.6, 31.9), (144.8, 13.5), (-157.9, 21.3), (131.0, -12.4), (10.0, 70.0)]
WIDTH, HEIGHT = 1400, 800  # the map's axes in CSS px (a 1600 x 1000 export, less its margins)


def _timeline(ends: np.ndarray) -> Timeline:
    n = len(ends)
    az, _back, dist = GEOD.inv(ends[:, 0], ends[:, 1], ends[:, 2], ends[:, 3])
    zero = np.zeros(n)
    return Timeline(
        ids=np.array([f"m{i}" for i in range(n)]),
        units=np.array([f"u{i}" for i in range(n)]),
        from_lon=ends[:, 0],
        from_lat=ends[:, 1],
        to_lon=ends[:, 2],
        to_lat=ends[:, 3],
        depart=zero,
        arrive=zero + 1,
        arrive_estimated=np.zeros(n, bool),
        azimuth=np.asarray(az, float),
        length_m=np.asarray(dist, float),
        strength=np.full(n, np.nan),
    )


def _routes(bounds: tuple[float, float, float, float], rng: np.random.Generator) -> np.ndarray:
    w, s, e, n = bounds
    inside = np.column_stack(
        [rng.uniform(w, e, 120), rng.uniform(s, n, 120), rng.uniform(w, e, 120), rng.uniform(s, n, 120)]
    )
    far = np.array([(*f, rng.uniform(w, e), rng.uniform(s, n)) for f in FAR for _ in range(4)])
    ends = np.vstack([inside, far])
    ends[:, [0, 2]] = (ends[:, [0, 2]] + 180.0) % 360.0 - 180.0
    return ends


def _res(proj: Projection, bounds: tuple[float, float, float, float]) -> tuple[float, tuple[float, ...]]:
    w, s, e, n = bounds
    t = np.linspace(0.0, 1.0, 33)
    x, y = proj(
        np.concatenate([w + (e - w) * t, np.full(33, e), e - (e - w) * t, np.full(33, w)]),
        np.concatenate([np.full(33, s), s + (n - s) * t, np.full(33, n), n - (n - s) * t]),
    )
    return max((x.max() - x.min()) / WIDTH, (y.max() - y.min()) / HEIGHT), (x.min(), y.min(), x.max(), y.max())


@pytest.mark.parametrize("name", list(EXTENTS))
@pytest.mark.parametrize("zoom", [1.0, 4.0])
def test_a_route_densified_for_the_scale_strays_under_its_bound_on_the_map(name: str, zoom: float) -> None:
    bounds = EXTENTS[name]
    proj = Projection(projection_for(bounds))
    res, view = _res(proj, bounds)
    res /= zoom  # a closer view of the same extent: finer steps
    tl = _timeline(_routes(bounds, np.random.default_rng(7)))
    step = route_steps_km(res, proj, tl)
    coarse = tl.routes_every(step)
    web = tl.routes  # the web map's 50 km steps (a long route: 128 points at most, so longer steps)
    fine = tl.routes_every(2.0)  # the geodesic, every 2 km (at most 128 points: checked below)
    worst = 0.0
    checked = 0
    for c, w, f, length in zip(coarse, web, fine, tl.length_m):
        if length / 1000 / 2.0 > 129:  # too long for 2 km steps: sample its geodesic anyway
            lon, lat, _ = GEOD.fwd(
                np.full(2000, c[0, 0]),
                np.full(2000, c[0, 1]),
                np.full(2000, tl.azimuth[list(tl.length_m).index(length)]),
                np.linspace(0, length, 2000),
            )
            f = np.column_stack([lon, lat])
        cx, cy = proj(c[:, 0], c[:, 1])
        fx, fy = proj(f[:, 0], f[:, 1])
        if not proj.conic and (np.abs(f[:, 1]).max() > 85.0 or np.abs(np.diff(fx)).max() > (view[2] - view[0]) / 2):
            continue  # over Mercator's clip at 85 degrees, or over its seam: neither is drawn as a line
        on_map = (fx >= view[0]) & (fx <= view[2]) & (fy >= view[1]) & (fy <= view[3])
        if not on_map.any() or len(c) < 2:
            continue
        points = shapely.points(fx[on_map], fy[on_map])
        d = shapely.distance(points, shapely.linestrings(np.column_stack([cx, cy]))) / res
        wx, wy = proj(w[:, 0], w[:, 1])
        d_web = shapely.distance(points, shapely.linestrings(np.column_stack([wx, wy]))) / res
        # the coarser steps add at most ROUTE_CHORD_PX to what the web map's own steps stray
        worst = max(worst, float((d - np.maximum(d_web, 0.0)).max()))
        checked += 1
    assert checked > 100
    assert (step >= ROUTE_STEP_KM).all()
    assert worst <= ROUTE_CHORD_PX, (
        f"{name} at x{zoom}: {worst:.3f} px (steps up to {step.max():.0f} km, {res:.0f} m/px)"
    )


def test_the_step_grows_with_the_scale_and_never_falls_under_the_web_maps() -> None:
    bounds = EXTENTS["Europe (conic)"]
    proj = Projection(projection_for(bounds))
    tl = _timeline(_routes(bounds, np.random.default_rng(1)))
    assert (route_steps_km(10.0, proj, tl) == ROUTE_STEP_KM).all()  # a close-up keeps 50 km steps
    assert (route_steps_km(8000.0, proj, tl) > route_steps_km(2000.0, proj, tl)).all()
    assert (route_steps_km(2000.0, proj, tl) > ROUTE_STEP_KM).all()
