"""Shareable views in a real browser: clicking a unit selects it in the panel, and a
copied address reopens the same view (compared as screenshots of the map)."""

from __future__ import annotations

import io

import pytest

from tests.browser.harness import (  # noqa: F401 (fixture)
    REPO_ROOT,
    app_server,
    browser,
    map_frame,
    new_page,
    require_chromium,
    wait_for,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url():
    require_chromium()
    with app_server(REPO_ROOT / "data", "share") as url:
        yield url


def map_png(session, frame) -> bytes:
    """A screenshot of the map element only (the sidebar and panels may differ in focus rings)."""
    frame.evaluate("() => { const d = document.querySelector('.dm-legend details'); if (d) d.open = true; }")
    return frame.locator(".folium-map").screenshot()


def difference(a: bytes, b: bytes) -> float:
    from PIL import Image, ImageChops

    ia, ib = Image.open(io.BytesIO(a)).convert("L"), Image.open(io.BytesIO(b)).convert("L")
    assert ia.size == ib.size
    hist = ImageChops.difference(ia, ib).histogram()
    changed = sum(hist[16:])  # pixels that differ visibly
    return changed / (ia.size[0] * ia.size[1])


def test_click_selects_the_unit_and_a_copied_link_reopens_the_view(browser, app_url):  # noqa: F811
    first = new_page(browser)
    try:
        first.page.goto(f"{app_url}/?date=2022-02-12&confidence=reported")
        frame = map_frame(first.page)
        wait_for(
            first.page,
            lambda: frame.evaluate("() => window.deploymap.isoDate()") == "2022-02-12",
            message="the map on 2022-02-12",
        )
        # Click the Stryker squadron's marker: the panel below selects it, the URL records it.
        frame.evaluate(
            "() => { const m = window.deploymap.moves.find(x => x.id === 'm-2cr-vilseck-romania');"
            " m.marker.fire('click'); }"
        )
        wait_for(
            first.page,
            lambda: "unit=us-2cr-stryker-sqn" in first.page.url,
            timeout_s=20,
            message="?unit= in the address",
        )
        wait_for(
            first.page,
            lambda: first.page.get_by_text("2nd Cavalry Regiment Stryker squadron — USA").count() > 0,
            timeout_s=20,
            message="the unit panel showing the clicked unit",
        )
        # the click opened its popup, panning the map to show it whole; closing it puts the map back where the
        # reader left it, and the address follows (the link is copied from what the reader sees, the map itself)
        frame.evaluate("() => void window.deploymap.map.closePopup()")
        first.page.wait_for_timeout(1500)  # the map reports its view (debounced) into the address
        wait_for(first.page, lambda: "view=" in first.page.url, timeout_s=20, message="?view= in the address")
        link = first.page.url
        shot_a = map_png(first, frame)
        first.screenshot("test_share_original")
        assert first.blocked == [] and first.all_errors() == []
    finally:
        first.close()

    second = new_page(browser)
    try:
        second.page.goto(link)
        frame = map_frame(second.page)
        wait_for(
            second.page,
            lambda: frame.evaluate("() => window.deploymap.isoDate()") == "2022-02-12",
            message="the shared date",
        )
        wait_for(
            second.page,
            lambda: second.page.get_by_text("2nd Cavalry Regiment Stryker squadron — USA").count() > 0,
            timeout_s=20,
            message="the shared unit in the panel",
        )
        assert frame.evaluate("() => window.deploymap.data.moves.length") == 2  # confidence=reported only
        second.page.wait_for_timeout(1500)
        shot_b = map_png(second, frame)
        second.screenshot("test_share_reopened")
        assert second.blocked == [] and second.all_errors() == []
    finally:
        second.close()
    assert difference(shot_a, shot_b) < 0.02  # the same map, pixel for pixel (a little anti-aliasing aside)
