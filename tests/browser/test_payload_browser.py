"""deploymap.js decodes the payload as `payload.decode_payload` does: tables sent by column, numbers sent
as offsets, words derived from the row's numbers and phrases sent as forms come out, movement by
movement, as the Python claims say them (a dataset with every kind of uncertain date and number, in a
page packed like a large one and in a plain one)."""

from __future__ import annotations

import math

import pytest

from benchmarks.synth import make_dataset
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.export.formats import export_html
from dashboard.web import page as page_module
from dashboard.web.options import MapOptions
from dashboard.web.words import amount_words, arrive_words, depart_words
from tests.browser.harness import (  # noqa: F401 (fixtures)
    assert_clean,
    browser,
    new_page,
    require_chromium,
)

pytestmark = pytest.mark.browser

DECODED_JS = """() => window.deploymap.moves.map((m) => [m.id, m.dep, m.arr, m.dlo, m.dhi, m.alo, m.ahi,
  m.strength, m.sLo, m.sHi, m.depWords, m.arrWords, m.sWords, m.depSay, m.arrSay, m.est, m.dated])"""


@pytest.fixture(scope="module")
def uncertain(tmp_path_factory):
    root = tmp_path_factory.mktemp("synth")
    make_dataset(400, root, uncertain=True)
    loaded = load_dataset(root / "data")
    return loaded, build_timeline(loaded)


def _bound(x: float | None, low: bool) -> float:
    if x is None or not math.isfinite(x):
        return -math.inf if low else math.inf
    return int(x)


@pytest.mark.parametrize("packed", [False, True])
def test_the_script_decodes_every_movement_as_python_says_it(browser, uncertain, tmp_path, monkeypatch, packed):  # noqa: F811
    require_chromium()
    loaded, tl = uncertain
    monkeypatch.setattr(page_module, "PACK_ABOVE", 0 if packed else 10**9)
    html = export_html(loaded, MapOptions(), tmp_path / "map.html", timeline=tl).read_text(encoding="utf-8")
    assert ("DeployMap.initPacked(" in html) == packed
    s = new_page(browser)
    try:
        s.page.set_content(html, wait_until="load")
        s.page.wait_for_function("() => window.deploymap && window.deploymap.moves", timeout=30000)
        rows = {r[0]: r for r in s.page.evaluate(DECODED_JS)}
        assert len(rows) == tl.size == len(loaded.dataset.movements)
        derived = 0
        for t, mv in enumerate(loaded.dataset.movements):
            r = rows[mv.id]
            est = bool(tl.arrive_estimated[t])
            said = depart_words(mv.depart) if mv.depart is not None or mv.arrive is None else None
            expected = [
                mv.id,
                int(tl.depart[t]),
                int(tl.arrive[t]),
                _bound(tl.depart_lo[t], True),
                _bound(tl.depart_hi[t], False),
                _bound(tl.arrive_lo[t], True),
                _bound(tl.arrive_hi[t], False),
                -1 if math.isnan(tl.strength[t]) else int(tl.strength[t]),
                None if not math.isfinite(tl.strength_lo[t]) else int(tl.strength_lo[t]),
                None if not math.isfinite(tl.strength_hi[t]) else int(tl.strength_hi[t]),
                mv.depart.words() if mv.depart else None,
                mv.arrive.words() if mv.arrive else None,
                amount_words(mv.strength),
                said,
                arrive_words(mv.arrive, est),
                est,
                bool(tl.dated[t]),
            ]
            got = [(-math.inf if v == "-Infinity" else math.inf if v == "Infinity" else v) for v in r]
            assert got == expected, mv.id
            derived += mv.depart is not None and mv.depart.exact
        assert derived > 0  # some words travelled derived from the day numbers
        assert_clean(s)
    finally:
        s.close()
