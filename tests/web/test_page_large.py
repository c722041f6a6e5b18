"""Large datasets: a compressed payload, canvas drawing, and the map still starts offline."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
from pathlib import Path

import pytest

from benchmarks.synth import make_dataset
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.web.page import PACK_ABOVE, MapOptions, build_map, render_html
from dashboard.web.payload import decode_payload

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = tmp_path_factory.mktemp("synth")
    make_dataset(2000, root)
    loaded = load_dataset(root / "data")
    return loaded, build_timeline(loaded)


def test_large_payload_is_packed_and_round_trips(big):
    loaded, tl = big
    html = render_html(build_map(loaded, MapOptions(), tl))
    m = re.search(r'DeployMap\.initPacked\(\s*map_[0-9a-f]+\s*,\s*"([A-Za-z0-9+/=]+)"', html)
    assert m, "a large payload travels packed"
    data = decode_payload(json.loads(gzip.decompress(base64.b64decode(m.group(1)))))
    assert len(data["moves"]) == len(loaded.dataset.movements) == 2000
    assert len(m.group(1)) < PACK_ABOVE * 4  # far smaller than the JSON it carries
    assert len(json.dumps(data)) > 3 * len(m.group(1))


@pytest.mark.browser
def test_large_map_starts_offline_and_plays(big, tmp_path):
    if not CHROMIUM.exists():
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    loaded, tl = big
    page_file = tmp_path / "big.html"
    page_file.write_text(render_html(build_map(loaded, MapOptions(), tl), inline=True), encoding="utf-8")
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        ctx = browser.new_context(viewport={"width": 1000, "height": 700})
        attempted = []
        ctx.route(
            "**/*",
            lambda r: (
                r.continue_()
                if r.request.url.startswith(("file:", "data:", "blob:"))
                else (attempted.append(r.request.url), r.abort())
            ),
        )
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        page.wait_for_function("() => window.deploymap && window.deploymap.moves.length === 2000", timeout=60000)
        assert page.evaluate("() => window.deploymap.many") is True
        before = page.evaluate("() => window.deploymap.isoDate()")
        page.evaluate(
            "() => { window.deploymap.setDay(window.deploymap.data.start); window.deploymap.speed = 30;"
            " window.deploymap.play(); }"
        )
        page.wait_for_timeout(1500)
        after = page.evaluate("() => { window.deploymap.pause(); return window.deploymap.isoDate(); }")
        assert after != before
        assert page.evaluate("() => window.deploymap.frames") > 3
        assert errors == [] and attempted == []
        browser.close()


@pytest.fixture(scope="module")
def bigger(tmp_path_factory):
    """More than 400 movements and more than 400 events: units, routes and events on canvases."""
    root = tmp_path_factory.mktemp("synth8")
    make_dataset(8400, root)
    loaded = load_dataset(root / "data")
    return loaded, build_timeline(loaded)


CANVAS_STATE = """(day) => {
  const dm = window.deploymap;
  dm.setDay(day, false);
  const rect = dm.map.getContainer().getBoundingClientRect(), size = dm.map.getSize();
  const canvas = dm.map.getPane('dmDots').querySelector('canvas'), ctx = canvas.getContext('2d');
  const cr = canvas.getBoundingClientRect(), dpr = canvas.width / cr.width;
  const inView = [];
  dm.moves.forEach((m) => {
    if (!m.visible) return;
    const p = dm.map.latLngToContainerPoint(m.ll);
    if (p.x > 20 && p.y > 80 && p.x < size.x - 20 && p.y < size.y - 120) inView.push([m.id, p.x, p.y]);
  });
  // what the canvas holds under each unit in view: its pixel's opacity
  const painted = inView.map(([id, x, y]) => {
    const px = ctx.getImageData(Math.round((x + rect.left - cr.left) * dpr), Math.round((y + rect.top - cr.top) * dpr), 1, 1).data;
    return [id, px[3], x + rect.left, y + rect.top];
  });
  return {
    positions: dm.positions(),
    phases: Object.fromEntries(dm.moves.map((m) => [m.id, m.phase])),
    routes: dm.routeList.length,
    events: dm.events.filter((e) => e.shown).length,
    painted: painted,
    standIns: [...document.querySelectorAll('.dm-dot-focus')].map((e) => [e.getAttribute('aria-label'), e.tabIndex]),
  };
}"""


@pytest.mark.browser
def test_many_movements_drawn_as_the_data_says(bigger, tmp_path):
    """Above 400 movements (and 400 events) the map draws on canvases: the units it places, the routes it
    draws and the events it shows are the timeline's on that day; every unit in view is painted; the
    pointer and the keyboard reach a unit and open its sources."""
    if not CHROMIUM.exists():
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    from dashboard.engine.timeline import IN_TRANSIT, UNKNOWN, state_at

    loaded, tl = bigger
    page_file = tmp_path / "bigger.html"
    page_file.write_text(render_html(build_map(loaded, MapOptions(), tl), inline=True), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        ctx = browser.new_context(viewport={"width": 1000, "height": 700})
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        page.wait_for_function("() => window.deploymap && window.deploymap.drawn > 0", timeout=60000)
        assert page.evaluate("() => [window.deploymap.many, window.deploymap.eventsOnCanvas]") == [True, True]
        assert page.evaluate("() => document.querySelectorAll('.leaflet-marker-icon.dm-event').length") == 0
        start, end = page.evaluate("() => [window.deploymap.data.start, window.deploymap.data.end]")
        day = (start + end) // 2
        got = page.evaluate(CANVAS_STATE, day)
        st = state_at(tl, day)
        for i, mid in enumerate(tl.ids):
            assert got["phases"][mid] == int(st.phase[i]), mid
            if mid in got["positions"]:
                lon, lat = got["positions"][mid]
                assert abs(lat - st.lat[i]) < 0.05 and abs((lon - st.lon[i] + 180) % 360 - 180) < 0.05, mid
        assert got["routes"] == int(((st.phase == IN_TRANSIT) | (st.phase == UNKNOWN)).sum()) > 0
        # an event is shown from its day on ('by 10 Feb': from 10 Feb; dashboard/web/mappayload.py)
        days = [int(e.date.lo if e.date.earliest is not None else e.date.hi) for e in loaded.dataset.events]
        assert got["events"] == sum(1 for d in days if d <= day) > 0
        assert got["painted"] and all(alpha > 0 for _id, alpha, _x, _y in got["painted"])
        # the keyboard: named, focusable stand-ins for what is in view (at most 60 units and 60 events)
        names = [n for n, _ in got["standIns"]]
        assert 0 < sum(n.startswith("Unit: ") for n in names) <= 60
        assert 0 < sum(n.startswith("Event: ") for n in names) <= 60
        assert all(t == 0 for _, t in got["standIns"])
        from tests.browser.axe import audit, serious

        assert serious(audit(page)) == []  # the stand-ins named, the canvases out of the way
        # the pointer: over a unit's dot, its name; a click, its popup
        mid, _alpha, x, y = got["painted"][0]
        name = page.evaluate(
            "(id) => { const dm = window.deploymap; return dm.data.units[dm.moves.find((m) => m.id === id).unit].name; }",
            mid,
        )
        page.mouse.move(x, y)
        page.wait_for_selector(".leaflet-tooltip", timeout=5000)
        hovered = page.inner_text(".leaflet-tooltip")
        page.mouse.click(x, y)
        page.wait_for_selector(".leaflet-popup-content .dm-title", timeout=5000)
        title = page.inner_text(".leaflet-popup-content .dm-title")
        # another unit or an event may share the spot: what is named is what the popup opens
        assert hovered.startswith(title) or title in hovered, (hovered, title, name)
        page.evaluate("() => { window.deploymap.map.closePopup(); }")
        # a closed popup fades out for 200 ms before it leaves the DOM: wait, or the next popup's title is read from it
        page.wait_for_selector(".leaflet-popup", state="detached", timeout=5000)
        unit = page.evaluate(
            "() => { const e = document.querySelector('.dm-dot-focus:not(.dm-event-focus)'); e.focus();"
            " return e.getAttribute('aria-label'); }"
        )
        # the stand-ins are chosen again after each move and date; the focused one stays (not made anew)
        assert page.evaluate(
            "() => { const e = document.activeElement; window.deploymap._focusables(); return document.activeElement === e"
            " && e.isConnected && e.classList.contains('dm-dot-focus'); }"
        )
        page.keyboard.press("Enter")
        page.wait_for_selector(".leaflet-popup-content .dm-title", timeout=5000)
        assert unit.startswith("Unit: " + page.inner_text(".leaflet-popup-content .dm-title"))
        page.evaluate("() => { window.deploymap.map.closePopup(); }")
        assert errors == []
        browser.close()
