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
