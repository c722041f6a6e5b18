"""Positions at a date against an independent geodesic computation (within 1 km).

The reference is Vincenty's inverse and direct formulae on WGS84, written out
below in plain Python: it shares no code with dashboard.state (which uses
pyproj). The helper itself is checked against pyproj's densified route
(Geod.inv_intermediate + linear interpolation), a third, different route.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest
import yaml
from pyproj import Geod

from dashboard.core.claims import When
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import (
    PHASES,
    ROUTE_MAX_POINTS,
    ROUTE_STEP_KM,
    areas_valid_on,
    build_timeline,
    events_on_or_before,
    state_at,
    stretch,
)

REPO = Path(__file__).resolve().parents[2]
# The bundled data as it was before the claims model: every date exact. Exact-date datasets must draw as before.
EXACT = REPO / "tests" / "data" / "valid" / "exact_dates"
TOLERANCE_KM = 1.0

# --- independent reference: Vincenty (1975) on WGS84 ---
A = 6378137.0
F = 1 / 298.257223563
B = (1 - F) * A


def _ab(u2: float) -> tuple[float, float]:
    big_a = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    big_b = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    return big_a, big_b


def _delta_sigma(big_b: float, sin_s: float, cos_s: float, cos2sm: float) -> float:
    return (
        big_b
        * sin_s
        * (
            cos2sm
            + big_b
            / 4
            * (cos_s * (-1 + 2 * cos2sm**2) - big_b / 6 * cos2sm * (-3 + 4 * sin_s**2) * (-3 + 4 * cos2sm**2))
        )
    )


def vincenty_inverse(lon1: float, lat1: float, lon2: float, lat2: float) -> tuple[float, float]:
    """(initial azimuth in degrees, distance in metres)."""
    u1, u2 = math.atan((1 - F) * math.tan(math.radians(lat1))), math.atan((1 - F) * math.tan(math.radians(lat2)))
    big_l = math.radians(lon2 - lon1)
    lam = big_l
    su1, cu1, su2, cu2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    for _ in range(200):
        sl, cl = math.sin(lam), math.cos(lam)
        sin_s = math.hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
        if sin_s == 0:
            return 0.0, 0.0
        cos_s = su1 * su2 + cu1 * cu2 * cl
        sigma = math.atan2(sin_s, cos_s)
        sin_a = cu1 * cu2 * sl / sin_s
        cos2a = 1 - sin_a**2
        cos2sm = cos_s - 2 * su1 * su2 / cos2a if cos2a else 0.0
        c = F / 16 * cos2a * (4 + F * (4 - 3 * cos2a))
        prev = lam
        lam = big_l + (1 - c) * F * sin_a * (sigma + c * sin_s * (cos2sm + c * cos_s * (-1 + 2 * cos2sm**2)))
        if abs(lam - prev) < 1e-13:
            break
    else:
        raise ArithmeticError("Vincenty inverse did not converge")
    big_a, big_b = _ab(cos2a * (A**2 - B**2) / B**2)
    s = B * big_a * (sigma - _delta_sigma(big_b, sin_s, cos_s, cos2sm))
    az = math.degrees(math.atan2(cu2 * math.sin(lam), cu1 * su2 - su1 * cu2 * math.cos(lam)))
    return az, s


def vincenty_direct(lon1: float, lat1: float, az_deg: float, s: float) -> tuple[float, float]:
    """(lon, lat) reached from (lon1, lat1) after s metres on the initial azimuth az_deg."""
    a1 = math.radians(az_deg)
    u1 = math.atan((1 - F) * math.tan(math.radians(lat1)))
    su1, cu1 = math.sin(u1), math.cos(u1)
    sigma1 = math.atan2(math.tan(u1), math.cos(a1))
    sin_a = cu1 * math.sin(a1)
    cos2a = 1 - sin_a**2
    big_a, big_b = _ab(cos2a * (A**2 - B**2) / B**2)
    sigma = s / (B * big_a)
    for _ in range(200):
        cos2sm = math.cos(2 * sigma1 + sigma)
        new = s / (B * big_a) + _delta_sigma(big_b, math.sin(sigma), math.cos(sigma), cos2sm)
        if abs(new - sigma) < 1e-13:
            sigma = new
            break
        sigma = new
    cos2sm = math.cos(2 * sigma1 + sigma)
    ss, cs = math.sin(sigma), math.cos(sigma)
    tmp = su1 * ss - cu1 * cs * math.cos(a1)
    lat2 = math.atan2(su1 * cs + cu1 * ss * math.cos(a1), (1 - F) * math.hypot(sin_a, tmp))
    lam = math.atan2(ss * math.sin(a1), cu1 * cs - su1 * ss * math.cos(a1))
    c = F / 16 * cos2a * (4 + F * (4 - 3 * cos2a))
    big_l = lam - (1 - c) * F * sin_a * (sigma + c * ss * (cos2sm + c * cs * (-1 + 2 * cos2sm**2)))
    lon2 = (lon1 + math.degrees(big_l) + 180) % 360 - 180
    return lon2, math.degrees(lat2)


def along(lon1: float, lat1: float, lon2: float, lat2: float, fraction: float) -> tuple[float, float]:
    az, s = vincenty_inverse(lon1, lat1, lon2, lat2)
    if s == 0:
        return lon1, lat1
    return vincenty_direct(lon1, lat1, az, s * fraction)


def km_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance in km (Vincenty, sub-metre accurate)."""
    return vincenty_inverse(lon1, lat1, lon2, lat2)[1] / 1000.0


def days(t: dt.date | dt.datetime) -> float:
    """Days since 1970-01-01, computed here (not with dashboard.state.day_number)."""
    if isinstance(t, dt.datetime):
        return (t - dt.datetime(1970, 1, 1)) / dt.timedelta(days=1)
    return float(t.toordinal() - dt.date(1970, 1, 1).toordinal())


def expected_position(place_from, place_to, depart, arrive, when) -> tuple[float, float, float]:
    """(lon, lat, progress) by the documented rule, independently (depart/arrive: dates or exact Whens)."""
    d, d0, d1 = days(when), days(_day(depart)), days(_day(arrive))
    if d < d0:
        return place_from.lon, place_from.lat, 0.0
    if d >= d1:
        return place_to.lon, place_to.lat, 1.0
    frac = (d - d0) / (d1 - d0)
    lon, lat = along(place_from.lon, place_from.lat, place_to.lon, place_to.lat, frac)
    return lon, lat, frac


def _day(value) -> dt.date:
    """A plain date from a date or an exact When (the reference only knows exact days)."""
    if isinstance(value, When):
        assert value.exact, f"the reference handles exact dates only: {value}"
        return value.day
    return value


# --- fixtures ---


@pytest.fixture(scope="module")
def bundled():
    """The exact-date dataset (the bundled data before the claims model)."""
    loaded = load_dataset(EXACT)
    return loaded, build_timeline(loaded)


@pytest.fixture(scope="module")
def curated():
    """The bundled data as re-curated under the claims model (dates as the article gives them)."""
    loaded = load_dataset(REPO / "data")
    return loaded, build_timeline(loaded)


def write_dataset(folder: Path, places: dict[str, tuple[float, float, str]], movements: list[dict]) -> Path:
    """A tiny dataset in `folder` (citations are notes, so no source file is needed)."""
    doc = {
        "places": [
            {"id": pid, "name": pid, "lat": lat, "lon": lon, "country": cc} for pid, (lat, lon, cc) in places.items()
        ],
        "units": [{"id": "unit", "name": "Test unit", "nation": "USA", "branch": "infantry", "echelon": "battalion"}],
        "movements": [{"unit": "unit", "citations": [{"note": "test"}], **m} for m in movements],
    }
    path = folder / "dataset.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _load(path: Path):
    loaded = load_dataset(path)
    return loaded, build_timeline(loaded)


def _check_against_reference(loaded, timeline, when) -> None:
    st = state_at(timeline, when)
    for i, m in enumerate(loaded.dataset.movements):
        arrive = m.arrive or (dt.date(1970, 1, 1) + dt.timedelta(days=float(timeline.arrive[i])))
        assert bool(timeline.dated[i]), "exact dates are the sources' schedule"
        lon, lat, progress = expected_position(loaded.places[m.from_], loaded.places[m.to], m.depart, arrive, when)
        err = km_between(st.lon[i], st.lat[i], lon, lat)
        assert err <= TOLERANCE_KM, f"{m.id} on {when}: {err:.3f} km from the reference ({lon:.5f}, {lat:.5f})"
        assert st.progress[i] == pytest.approx(progress, abs=1e-9), f"{m.id} on {when}"
        assert -180 <= st.lon[i] <= 180 and -90 <= st.lat[i] <= 90


# --- the reference itself ---


def test_reference_agrees_with_pyproj_densified_route():
    g = Geod(ellps="WGS84")
    lon1, lat1, lon2, lat2 = -79.0060, 35.1390, 22.0190, 50.1100  # Fort Bragg -> Rzeszow, ~7,800 km
    az_ref, s_ref = vincenty_inverse(lon1, lat1, lon2, lat2)
    _, _, s = g.inv(lon1, lat1, lon2, lat2)
    assert abs(s - s_ref) < 1.0  # metres
    r = g.inv_intermediate(lon1, lat1, lon2, lat2, del_s=1000, initial_idx=0, terminus_idx=0, return_back_azimuth=True)
    lons, lats = np.unwrap(np.radians(r.lons)), np.radians(r.lats)
    for frac in (0.1, 0.37, 0.5, 0.9):
        k = frac * s / r.del_s
        j = int(k)
        t = k - j
        lon = math.degrees(lons[j] + t * (lons[j + 1] - lons[j]))
        lat = math.degrees(lats[j] + t * (lats[j + 1] - lats[j]))
        lon = (lon + 180) % 360 - 180
        ref = along(lon1, lat1, lon2, lat2, frac)
        assert km_between(lon, lat, *ref) < 0.05


# --- the exact-date dataset (the bundled data before the claims model) on known dates ---


def test_before_depart_at_from(bundled):
    loaded, tl = bundled
    st = state_at(tl, dt.date(2022, 2, 1))
    for i, m in enumerate(loaded.dataset.movements):
        p = loaded.places[m.from_]
        assert (st.lon[i], st.lat[i]) == pytest.approx((p.lon, p.lat), abs=1e-9)
        assert PHASES[st.phase[i]] == "not_started" and st.progress[i] == 0.0
    # the day before m-82abn-poland-second-half departs
    i = list(tl.ids).index("m-82abn-poland-second-half")
    st = state_at(tl, dt.datetime(2022, 2, 9, 23, 59))
    assert PHASES[st.phase[i]] == "not_started"


def test_after_arrive_at_to(bundled):
    loaded, tl = bundled
    for when in (dt.date(2022, 2, 14), dt.date(2022, 3, 1), dt.date(2030, 1, 1)):
        st = state_at(tl, when)
        for i, m in enumerate(loaded.dataset.movements):
            p = loaded.places[m.to]
            assert (st.lon[i], st.lat[i]) == pytest.approx((p.lon, p.lat), abs=1e-9)
            assert PHASES[st.phase[i]] == "arrived" and st.progress[i] == 1.0


def test_midpoint_of_the_transatlantic_route(bundled):
    loaded, tl = bundled
    i = list(tl.ids).index("m-82abn-poland-first-half")  # 3 Feb -> 10 Feb, Fort Bragg -> Rzeszow
    st = state_at(tl, dt.datetime(2022, 2, 6, 12, 0))
    assert st.progress[i] == pytest.approx(0.5)
    assert PHASES[st.phase[i]] == "in_transit"
    fb, rz = loaded.places["fort-bragg"], loaded.places["rzeszow"]
    ref = along(fb.lon, fb.lat, rz.lon, rz.lat, 0.5)
    assert km_between(st.lon[i], st.lat[i], *ref) < TOLERANCE_KM
    # and it is halfway in distance, too
    total = km_between(fb.lon, fb.lat, rz.lon, rz.lat)
    assert km_between(fb.lon, fb.lat, st.lon[i], st.lat[i]) == pytest.approx(total / 2, abs=TOLERANCE_KM)


@pytest.mark.parametrize("hours", range(0, 15 * 24, 7))
def test_positions_every_few_hours_match_reference(bundled, hours):
    loaded, tl = bundled
    _check_against_reference(loaded, tl, dt.datetime(2022, 2, 2) + dt.timedelta(hours=hours))


@pytest.mark.parametrize("day", [dt.date(2022, 2, d) for d in range(2, 16)])
def test_positions_on_each_date_match_reference(bundled, day):
    loaded, tl = bundled
    _check_against_reference(loaded, tl, day)


def test_no_arrive_rule_on_bundled_movement(bundled):
    loaded, tl = bundled
    i = list(tl.ids).index("m-2cr-vilseck-romania")
    m = loaded.dataset.movements[i]
    assert m.arrive is None and bool(tl.arrive_estimated[i]) is True
    a, b = loaded.places[m.from_], loaded.places[m.to]
    km = km_between(a.lon, a.lat, b.lon, b.lat)
    assert 1300 < km < 1500
    assert tl.arrive[i] - tl.depart[i] == max(1, math.ceil(km / 500))  # = 3 days
    st = state_at(tl, dt.date(2022, 2, 10))
    assert st.progress[i] == pytest.approx(1 / 3)
    assert km_between(st.lon[i], st.lat[i], *along(a.lon, a.lat, b.lon, b.lat, 1 / 3)) < TOLERANCE_KM
    others = [j for j in range(tl.size) if j != i]
    assert not tl.arrive_estimated[others].any()


def test_no_arrive_short_route_gets_one_day(tmp_path):
    loaded, tl = _load(
        write_dataset(
            tmp_path,
            {"a": (50.0, 10.0, "DEU"), "b": (50.5, 11.0, "DEU"), "far": (50.0, 40.0, "RUS")},
            [
                {"id": "short", "from": "a", "to": "b", "depart": "2022-01-01"},
                {"id": "long", "from": "a", "to": "far", "depart": "2022-01-01"},
            ],
        )
    )
    km_long = km_between(10.0, 50.0, 40.0, 50.0)
    assert km_between(10.0, 50.0, 11.0, 50.5) < 500
    assert list(tl.arrive - tl.depart) == [1.0, max(1, math.ceil(km_long / 500))]
    assert tl.arrive_estimated.all()
    st = state_at(tl, dt.datetime(2022, 1, 1, 18))
    assert st.progress[0] == pytest.approx(0.75)
    _check_against_reference(loaded, tl, dt.datetime(2022, 1, 1, 18))
    _check_against_reference(loaded, tl, dt.datetime(2022, 1, 3, 6))


def test_equal_depart_and_arrive(tmp_path):
    loaded, tl = _load(
        write_dataset(
            tmp_path,
            {"a": (50.0, 10.0, "DEU"), "b": (52.0, 21.0, "POL")},
            [{"id": "same-day", "from": "a", "to": "b", "depart": "2022-01-05", "arrive": "2022-01-05"}],
        )
    )
    before = state_at(tl, dt.datetime(2022, 1, 4, 23, 59, 59))
    assert PHASES[before.phase[0]] == "not_started" and (before.lon[0], before.lat[0]) == (10.0, 50.0)
    for when in (dt.date(2022, 1, 5), dt.datetime(2022, 1, 5, 12), dt.date(2022, 1, 6)):
        st = state_at(tl, when)
        assert PHASES[st.phase[0]] == "arrived" and st.progress[0] == 1.0
        assert (st.lon[0], st.lat[0]) == (21.0, 52.0)
        assert not np.isnan(st.progress).any()


def test_fractional_days_via_datetime(tmp_path):
    loaded, tl = _load(
        write_dataset(
            tmp_path,
            {"a": (50.0, 10.0, "DEU"), "b": (52.0, 21.0, "POL")},
            [{"id": "m", "from": "a", "to": "b", "depart": "2022-01-01", "arrive": "2022-01-03"}],
        )
    )
    for hours, frac in ((0, 0.0), (6, 0.125), (12, 0.25), (36, 0.75), (47, 47 / 48)):
        when = dt.datetime(2022, 1, 1) + dt.timedelta(hours=hours)
        st = state_at(tl, when)
        assert st.progress[0] == pytest.approx(frac)
        _check_against_reference(loaded, tl, when)
    # a plain date means the start of that day
    assert state_at(tl, dt.date(2022, 1, 2)).progress[0] == pytest.approx(0.5)
    assert state_at(tl, dt.datetime(2022, 1, 2)).progress[0] == pytest.approx(0.5)


def test_antimeridian_crossing(tmp_path):
    # Petropavlovsk-Kamchatsky -> Anchorage: the geodesic crosses 180 degrees
    loaded, tl = _load(
        write_dataset(
            tmp_path,
            {"petropavlovsk": (53.0167, 158.65, "RUS"), "anchorage": (61.2181, -149.9003, "USA")},
            [
                {
                    "id": "pacific",
                    "from": "petropavlovsk",
                    "to": "anchorage",
                    "depart": "2022-01-01",
                    "arrive": "2022-01-11",
                }
            ],
        )
    )
    seen_east = seen_west = False
    for hours in range(0, 241, 6):
        when = dt.datetime(2022, 1, 1) + dt.timedelta(hours=hours)
        _check_against_reference(loaded, tl, when)
        lon = state_at(tl, when).lon[0]
        seen_east |= lon > 170
        seen_west |= lon < -170
    assert seen_east and seen_west
    route = tl.routes[0]
    assert np.all(np.abs(np.diff(route[:, 0])) < 10), "the densified route must be continuous (unwrapped)"
    assert route[0, 0] == pytest.approx(158.65) and route[-1, 0] == pytest.approx(-149.9003 + 360)
    _, s_total = vincenty_inverse(158.65, 53.0167, -149.9003, 61.2181)
    for lon, lat in route[1:-1]:  # every densified point lies on the geodesic
        lon = (lon + 180) % 360 - 180
        d1 = km_between(158.65, 53.0167, lon, lat)
        d2 = km_between(lon, lat, -149.9003, 61.2181)
        assert d1 + d2 == pytest.approx(s_total / 1000, abs=0.05)


def test_zero_length_route(tmp_path):
    loaded, tl = _load(
        write_dataset(
            tmp_path,
            {"a": (50.0, 10.0, "DEU")},
            [
                {"id": "stay", "from": "a", "to": "a", "depart": "2022-01-01", "arrive": "2022-01-05"},
                {"id": "stay-no-arrive", "from": "a", "to": "a", "depart": "2022-01-01"},
            ],
        )
    )
    assert tl.length_m[0] == 0 and tl.arrive[1] - tl.depart[1] == 1.0
    for when in (dt.date(2021, 12, 31), dt.datetime(2022, 1, 2, 12), dt.date(2022, 1, 9)):
        st = state_at(tl, when)
        assert np.allclose(st.lon, 10.0) and np.allclose(st.lat, 50.0)
        assert not np.isnan(st.progress).any()
    assert state_at(tl, dt.datetime(2022, 1, 3)).progress[0] == pytest.approx(0.5)
    assert tl.routes[0].shape[1] == 2 and np.allclose(tl.routes[0], [[10.0, 50.0]] * len(tl.routes[0]))


def test_events_and_areas_on_dates(bundled):
    loaded, _ = bundled
    assert [e.id for e in events_on_or_before(loaded, dt.date(2015, 2, 11))] == []
    assert [e.id for e in events_on_or_before(loaded, dt.date(2015, 2, 12))] == ["ev-minsk-agreements"]
    assert len(events_on_or_before(loaded, dt.date(2022, 2, 10))) == 5
    assert [a.id for a in areas_valid_on(loaded, dt.date(2014, 3, 18))] == ["area-crimea-annexed"]
    assert len(areas_valid_on(loaded, dt.date(2014, 4, 7))) == 2
    assert len(areas_valid_on(loaded, dt.date(2022, 2, 10))) == 4
    assert len(areas_valid_on(loaded, dt.datetime(2022, 2, 10, 18))) == 4


# --- the re-curated bundled data: dates as the article gives them (claims model, issue 14) ---


def _row(tl, movement_id: str) -> int:
    return list(tl.ids).index(movement_id)


def _check_bounds(st) -> None:
    """Invariants of every state: 0 <= progress <= progress_hi <= 1, and phases agree with them."""
    assert np.all(st.progress >= 0.0) and np.all(st.progress_hi <= 1.0)
    assert np.all(st.progress <= st.progress_hi + 1e-12)
    names = np.array(st.phase_names())
    assert np.all(st.progress[names == "not_started"] == 0.0) and np.all(st.progress_hi[names == "not_started"] == 0.0)
    assert np.all(st.progress[names == "arrived"] == 1.0) and np.all(st.progress_hi[names == "arrived"] == 1.0)
    assert not np.isnan(st.progress).any() and not np.isnan(st.progress_hi).any()


def test_curated_no_movement_is_drawn_on_an_invented_schedule(curated):
    loaded, tl = curated
    for i, m in enumerate(loaded.dataset.movements):
        exact = m.depart is not None and m.depart.exact and (m.arrive is None or m.arrive.exact)
        assert bool(tl.dated[i]) is exact
    assert not tl.dated.any(), "the seed gives no movement an exact departure and arrival"


def test_curated_open_by_arrival_is_arrived_from_that_day_and_unknown_before(curated):
    """'about half have now arrived' (arrive ../2022-02-10): arrived from that day; before it, unknown."""
    loaded, tl = curated
    i = _row(tl, "m-82abn-poland-first-half")
    m = loaded.dataset.movements[i]
    assert m.depart is None and m.arrive.earliest is None and m.arrive.latest is not None
    by = m.arrive.latest
    for when in (
        by - dt.timedelta(days=30),
        by - dt.timedelta(days=1),
        dt.datetime.combine(by, dt.time()) - dt.timedelta(hours=1),
    ):
        st = state_at(tl, when)
        _check_bounds(st)
        assert PHASES[st.phase[i]] == "unknown"
        assert st.progress[i] == 0.0 and st.progress_hi[i] == 1.0 and not st.certain[i]
        p = loaded.places[m.from_]
        assert (st.lon[i], st.lat[i]) == pytest.approx((p.lon, p.lat))  # the symbol stands where it surely was
    for when in (by, by + dt.timedelta(days=1)):
        st = state_at(tl, when)
        assert PHASES[st.phase[i]] == "arrived" and st.certain[i]
        p = loaded.places[m.to]
        assert (st.lon[i], st.lat[i]) == pytest.approx((p.lon, p.lat))


def test_curated_arrival_window_is_unknown_inside_it(curated):
    """'more expected to flow in during the coming days' (arrive 2022-02-10/2022-02-17, the end the curator's)."""
    loaded, tl = curated
    i = _row(tl, "m-82abn-poland-second-half")
    m = loaded.dataset.movements[i]
    lo, hi = m.arrive.earliest, m.arrive.latest
    assert lo is not None and hi is not None and lo < hi and m.depart is None
    assert (tl.arrive_lo[i], tl.arrive_hi[i]) == (m.arrive.lo, m.arrive.hi)
    for k in range((hi - lo).days):
        st = state_at(tl, lo + dt.timedelta(days=k))
        _check_bounds(st)
        assert PHASES[st.phase[i]] == "unknown" and not st.certain[i]
    st = state_at(tl, hi)
    assert PHASES[st.phase[i]] == "arrived" and st.certain[i]


def test_curated_begun_to_move_has_no_departure_day(curated):
    """'has begun to move' (depart ../2022-02-10, no arrival): before that day the sources do not say
    whether it had left; after it, it has left, and no arrival is estimated on top of an undated
    departure: the arrival stays open, so no day puts the squadron at a spot or at its destination."""
    loaded, tl = curated
    i = _row(tl, "m-2cr-vilseck-romania")
    m = loaded.dataset.movements[i]
    assert m.arrive is None and m.depart.earliest is None and not bool(tl.arrive_estimated[i])
    assert tl.depart_lo[i] == -math.inf and tl.depart_hi[i] == m.depart.hi
    assert tl.arrive_lo[i] == -math.inf and tl.arrive_hi[i] == math.inf
    before = state_at(tl, m.depart.latest - dt.timedelta(days=1))
    assert PHASES[before.phase[i]] == "unknown" and before.progress[i] == 0.0 and before.progress_hi[i] == 1.0
    for later in (1, 3, 10, 100):  # has left, never placed: the whole route stays possible
        st = state_at(tl, m.depart.latest + dt.timedelta(days=later))
        _check_bounds(st)
        assert PHASES[st.phase[i]] == "unknown" and not st.certain[i]
        assert st.progress[i] == 0.0 and st.progress_hi[i] == 1.0


def test_exact_departure_without_arrival_keeps_the_estimate():
    """After an exact departure the engine still estimates the arrival (as before claims)."""
    loaded = load_dataset(EXACT)
    tl = build_timeline(loaded)
    missing = [i for i, m in enumerate(loaded.dataset.movements) if m.arrive is None]
    assert missing
    for i in missing:
        assert bool(tl.arrive_estimated[i]) and tl.arrive_lo[i] == tl.arrive_hi[i] > tl.depart_hi[i]


def test_curated_events_and_areas_by_a_day(curated):
    """'by 10 Feb' events and areas are shown from that day (never earlier, as if dated)."""
    loaded, _ = curated
    by = [e for e in loaded.dataset.events if e.date.earliest is None]
    assert by, "the seed's 'by 10 Feb' events"
    for e in by:
        assert e not in events_on_or_before(loaded, e.date.latest - dt.timedelta(days=1))
        assert e in events_on_or_before(loaded, e.date.latest)
    for a in loaded.dataset.areas:
        start = a.valid_from.day if a.valid_from.earliest is not None else a.valid_from.latest
        assert a not in areas_valid_on(loaded, start - dt.timedelta(days=1))
        assert a in areas_valid_on(loaded, start)


# --- each uncertain form, on a small dataset ---

TWO_PLACES = {"a": (50.0, 10.0, "DEU"), "b": (52.0, 21.0, "POL")}


def _one(tmp_path, **dates):
    loaded, tl = _load(write_dataset(tmp_path, TWO_PLACES, [{"id": "m", "from": "a", "to": "b", **dates}]))
    return loaded.dataset.movements[0], tl


def _phase(tl, when) -> str:
    st = state_at(tl, when)
    _check_bounds(st)
    return PHASES[st.phase[0]]


def test_approximate_departure(tmp_path):
    m, tl = _one(tmp_path, depart="2022-01-10~", arrive="2022-01-20")
    assert m.depart.approximate and not tl.dated[0]
    lo, hi = m.depart.earliest, m.depart.latest
    assert lo < dt.date(2022, 1, 10) < hi
    assert _phase(tl, lo - dt.timedelta(days=1)) == "not_started"
    assert _phase(tl, lo) == "unknown"  # may have left, may not
    st = state_at(tl, hi + dt.timedelta(days=2))
    assert PHASES[st.phase[0]] == "in_transit" and not st.certain[0]
    assert 0 < st.progress[0] < st.progress_hi[0] < 1
    assert _phase(tl, dt.date(2022, 1, 20)) == "arrived"


def test_interval_departure_bounds_progress_by_both_schedules(tmp_path):
    m, tl = _one(tmp_path, depart="2022-01-10/2022-01-12", arrive="2022-01-20")
    st = state_at(tl, dt.date(2022, 1, 15))
    # least: left on the 12th (3 of 8 days); most: left on the 10th (5 of 10 days)
    assert st.progress[0] == pytest.approx(3 / 8) and st.progress_hi[0] == pytest.approx(5 / 10)
    assert PHASES[st.phase[0]] == "in_transit"
    part = stretch(tl, 0, st.progress[0], st.progress_hi[0])
    assert part[0] == pytest.approx([st.lon[0], st.lat[0]], abs=1e-6)
    assert km_between(*part[-1], *along(10.0, 50.0, 21.0, 52.0, 0.5)) < TOLERANCE_KM
    for lon, lat in part:  # the stretch lies on the route
        d1, d2, total = km_between(10.0, 50.0, lon, lat), km_between(lon, lat, 21.0, 52.0), km_between(10, 50, 21, 52)
        assert d1 + d2 == pytest.approx(total, abs=0.05)


def test_uncertain_day_is_drawn_on_its_day_but_not_dated(tmp_path):
    m, tl = _one(tmp_path, depart="2022-01-10?", arrive="2022-01-20")
    assert m.depart.uncertain and (m.depart.earliest, m.depart.latest) == (dt.date(2022, 1, 10),) * 2
    assert not tl.dated[0]
    st = state_at(tl, dt.date(2022, 1, 15))
    assert st.progress[0] == pytest.approx(0.5) and st.certain[0]


def test_month_precision_departure(tmp_path):
    m, tl = _one(tmp_path, depart="2022-01", arrive="2022-02-15")
    assert (m.depart.earliest, m.depart.latest) == (dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    assert _phase(tl, dt.date(2021, 12, 31)) == "not_started"
    assert _phase(tl, dt.date(2022, 1, 15)) == "unknown"
    assert _phase(tl, dt.date(2022, 2, 1)) == "in_transit"


def test_from_departure_is_open_ended(tmp_path):
    m, tl = _one(tmp_path, depart="2022-01-10/..", arrive="2022-01-20")
    assert m.depart.latest is None and tl.depart_hi[0] == math.inf
    assert _phase(tl, dt.date(2022, 1, 9)) == "not_started"
    st = state_at(tl, dt.date(2022, 1, 15))
    assert PHASES[st.phase[0]] == "unknown" and st.progress[0] == 0.0 and 0 < st.progress_hi[0] < 1
    assert _phase(tl, dt.date(2022, 1, 20)) == "arrived"


def test_arrival_only_movement(tmp_path):
    m, tl = _one(tmp_path, arrive="2022-01-20")
    assert m.depart is None and tl.depart_lo[0] == -math.inf and tl.depart_hi[0] == tl.arrive_hi[0]
    assert _phase(tl, dt.date(2022, 1, 19)) == "unknown"
    assert _phase(tl, dt.date(2022, 1, 20)) == "arrived"


def test_exact_dates_are_certain_everywhere(tmp_path):
    m, tl = _one(tmp_path, depart="2022-01-10", arrive="2022-01-20")
    assert tl.dated[0] and m.depart.exact and m.arrive.exact
    for k in range(-2, 14):
        st = state_at(tl, dt.date(2022, 1, 10) + dt.timedelta(days=k))
        assert st.certain[0] and st.progress[0] == st.progress_hi[0]
        assert PHASES[st.phase[0]] != "unknown"


@pytest.mark.parametrize(
    "depart, arrive",
    [
        ("2022-01-10~", "2022-01-20~"),
        ("2022-01", "2022-02"),
        ("../2022-01-10", "2022-01-20/.."),
        ("2022-01-05/2022-01-12", "2022-01-11/2022-01-25"),
        (None, "../2022-01-20"),
        ("2022-01-10", None),
        ("2022-01-10/..", None),
    ],
)
def test_progress_never_runs_backwards(tmp_path, depart, arrive):
    dates = {k: v for k, v in (("depart", depart), ("arrive", arrive)) if v is not None}
    _, tl = _one(tmp_path, **dates)
    lo = hi = -1.0
    for hours in range(0, 60 * 24, 6):
        st = state_at(tl, dt.datetime(2021, 12, 20) + dt.timedelta(hours=hours))
        _check_bounds(st)
        assert st.progress[0] >= lo - 1e-12 and st.progress_hi[0] >= hi - 1e-12
        lo, hi = st.progress[0], st.progress_hi[0]


def test_routes_computed_at_once_match_npts_route_by_route(tmp_path):
    """`Timeline.routes` (one GEOD.fwd over every route's points, unwrapped within each route) gives
    what densifying each route alone with `Geod.npts` and `np.unwrap` gives: short, long (capped at
    ROUTE_MAX_POINTS inner points), zero-length and antimeridian-crossing routes, in one timeline."""
    places = {
        "berlin": (52.52, 13.40, "DEU"),
        "warsaw": (52.23, 21.01, "POL"),
        "petropavlovsk": (53.0167, 158.65, "RUS"),
        "anchorage": (61.2181, -149.9003, "USA"),
        "sydney": (-33.87, 151.21, "AUS"),
        "lima": (-12.05, -77.04, "PER"),
    }
    pairs = [
        ("berlin", "warsaw"),
        ("berlin", "berlin"),
        ("petropavlovsk", "anchorage"),
        ("anchorage", "petropavlovsk"),
        ("sydney", "lima"),
        ("warsaw", "sydney"),
    ]
    moves = [
        {"id": f"m{k}", "from": a, "to": b, "depart": "2022-01-01", "arrive": "2022-01-11"}
        for k, (a, b) in enumerate(pairs)
    ]
    _, tl = _load(write_dataset(tmp_path, places, moves))
    geod = Geod(ellps="WGS84")
    assert len(tl.routes) == len(pairs)
    for i, route in enumerate(tl.routes):
        n = int(min(ROUTE_MAX_POINTS, max(0, math.ceil(tl.length_m[i] / 1000 / ROUTE_STEP_KM) - 1)))
        if n > 0:
            pts = np.array(geod.npts(tl.from_lon[i], tl.from_lat[i], tl.to_lon[i], tl.to_lat[i], n))
            lon = np.concatenate([[tl.from_lon[i]], pts[:, 0], [tl.to_lon[i]]])
            lat = np.concatenate([[tl.from_lat[i]], pts[:, 1], [tl.to_lat[i]]])
        else:
            lon, lat = np.array([tl.from_lon[i], tl.to_lon[i]]), np.array([tl.from_lat[i], tl.to_lat[i]])
        expected = np.column_stack([np.rad2deg(np.unwrap(np.deg2rad(lon))), lat])
        assert route.shape == expected.shape, pairs[i]
        assert np.allclose(route, expected, atol=1e-7), pairs[i]
    assert len(tl.routes[5]) == ROUTE_MAX_POINTS + 2  # Warsaw -> Sydney is capped
    assert np.all(np.abs(np.diff(tl.routes[2][:, 0])) < 10)  # continuous over the antimeridian
