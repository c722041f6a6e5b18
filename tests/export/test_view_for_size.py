"""The app's export frames a picture from the map's view on screen (layout.view_for_size): a view shaped
about like the picture is exported whole; a phone's tall view for a wide picture is cut to the picture's
shape around its centre, at the scale of its width, not fitted whole (which came out zoomed far out)."""

from __future__ import annotations

import math

import pytest

from dashboard.export.layout import SHAPE_TOLERANCE, view_for_size

# views the app reported in Chromium on the bundled data, 10 February 2022 (west, south, east, north)
PHONE = (-4.746093750000001, 4.390228926463396, 58.18359375, 75.18578927942626)  # a 358 x 640 map
DESKTOP = (-13.183593750000002, 30.826780904779774, 66.44531250000001, 65.98227002980873)  # 906 x 640


def _y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _shape(b: tuple[float, float, float, float]) -> float:
    """Width / height of a view in Web Mercator (what a map of it measures in pixels)."""
    return (b[2] - b[0]) / (_y(b[3]) - _y(b[1]))


def test_the_views_shapes_are_those_of_the_maps_they_came_from():
    assert _shape(PHONE) == pytest.approx(358 / 640, rel=0.01)
    assert _shape(DESKTOP) == pytest.approx(906 / 640, rel=0.01)


@pytest.mark.parametrize("size", [(1600, 1000), (1920, 1080), (1080, 1080), (800, 500)])
def test_a_desktop_view_is_exported_whole(size):
    assert view_for_size(DESKTOP, *size) == DESKTOP


@pytest.mark.parametrize("size", [(1600, 1000), (1920, 1080), (1080, 1080), (800, 500)])
def test_a_phones_tall_view_is_cut_to_the_pictures_shape_at_its_own_scale(size):
    cut = view_for_size(PHONE, *size)
    assert _shape(cut) == pytest.approx(size[0] / size[1], rel=1e-6)  # the picture's shape, no wide margin
    assert (cut[0], cut[2]) == (PHONE[0], PHONE[2])  # the whole width the phone showed: its scale
    assert PHONE[1] < cut[1] < cut[3] < PHONE[3]  # the middle of its height
    assert (_y(cut[1]) + _y(cut[3])) / 2 == pytest.approx((_y(PHONE[1]) + _y(PHONE[3])) / 2)


def test_a_wide_view_for_a_tall_picture_keeps_its_height_and_middle():
    wide = view_for_size(DESKTOP, 400, 1000)
    assert (wide[1], wide[3]) == (DESKTOP[1], DESKTOP[3])
    assert _shape(wide) == pytest.approx(0.4) and (wide[0] + wide[2]) / 2 == pytest.approx(26.630859375)


def test_within_the_tolerance_the_view_is_kept_and_odd_views_are_left_alone():
    assert view_for_size(PHONE, 827, 1169) == PHONE  # A4 portrait: about a phone's shape
    assert _shape(PHONE) * SHAPE_TOLERANCE > 827 / 1169
    assert view_for_size((10.0, 50.0, 10.0, 60.0), 1600, 1000) == (10.0, 50.0, 10.0, 60.0)  # no width
