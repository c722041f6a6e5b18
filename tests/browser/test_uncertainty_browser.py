"""The map draws only what the sources say (issue 14), checked in a real browser against the data.

- The map script's state rule (deploymap.js stateOf) is engine.timeline.state_at: the least and most
  progress and the phase of every movement, on whole and fractional days, for the bundled data and
  a dataset with every uncertain form (tests/web/uncertain.py). The stretch drawn for an uncertain
  unit runs from where state_at puts its least progress to its most.
- The app's map on 2022-02-08 and 2022-02-12, desktop and phone: the 2nd Cavalry squadron, which
  "has begun to move" by 10 Feb with no arrival reported, is drawn as a stretch of route and a faded
  symbol whose label gives the window in words; Romania is drawn as the country's outline; popups say
  "about 1,000" and "by 10 Feb 2022" with the quotes; no console error, no request leaves the machine.
  Screenshots: test-artifacts/screenshots/uncertainty-*.png.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline, state_at, stretch
from dashboard.web.page import MapOptions, build_map, render_html
from tests.browser.harness import (  # noqa: F401 (fixtures)
    REPO_ROOT,
    assert_clean,
    browser,
    new_page,
    open_map,
    require_chromium,
    streamlit_app,
)
from tests.web.uncertain import write_uncertain_dataset

pytestmark = pytest.mark.browser

DATA = REPO_ROOT / "data"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
SQUADRON = "m-2cr-vilseck-romania"
FIRST_HALF = "m-82abn-poland-first-half"
SECOND_HALF = "m-82abn-poland-second-half"
EPOCH = dt.date(1970, 1, 1)


def km(a, b) -> float:
    """Great-circle distance between two [lon, lat] points, km (a sphere is close enough here)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _static_map(browser, loaded):  # noqa: F811
    """The HTML export of `loaded` (every asset inlined) in a guarded page; returns the session."""
    s = new_page(browser, DESKTOP)
    s.page.set_content(render_html(build_map(loaded, MapOptions()), inline=True), wait_until="load")
    s.page.wait_for_function("() => window.deploymap && window.deploymap.moves", timeout=30000)
    return s


@pytest.fixture(scope="module")
def uncertain_data(tmp_path_factory):
    return load_dataset(write_uncertain_dataset(tmp_path_factory.mktemp("uncertain")))


@pytest.mark.parametrize("which", ["bundled", "every-form"])
def test_the_map_script_places_units_as_state_at(browser, uncertain_data, which):  # noqa: F811
    require_chromium()
    loaded = load_dataset(DATA) if which == "bundled" else uncertain_data
    tl = build_timeline(loaded)
    s = _static_map(browser, loaded)
    try:
        data = s.page.evaluate("() => ({start: window.deploymap.data.start, end: window.deploymap.data.end})")
        days = [data["start"] - 3 + k / 4 for k in range(4 * (data["end"] - data["start"] + 6) + 1)]
        got = s.page.evaluate("(days) => days.map(d => window.deploymap.states(d))", days)
        checked = uncertain = 0
        for d, js in zip(days, got, strict=True):
            st = state_at(tl, d)
            for i, mid in enumerate(tl.ids):
                lo, hi, phase = js[mid]
                assert (phase, lo, hi) == pytest.approx(
                    (int(st.phase[i]), st.progress[i], st.progress_hi[i]), abs=1e-9
                ), (
                    mid,
                    d,
                )
                checked += 1
                uncertain += int(not st.certain[i])
        assert checked == len(days) * tl.size and uncertain > 0
        phases = {p for js in got for v in js.values() for p in [v[2]]}
        assert phases == {0, 1, 2, 3} if which == "every-form" else 3 in phases
        # What is drawn on a day: the marker at the least progress, the stretch from least to most.
        for day in ("2022-02-08", "2022-02-12"):
            n = (dt.date.fromisoformat(day) - EPOCH).days
            drawn = s.page.evaluate(
                """(n) => { const dm = window.deploymap; dm.setDay(n, false);
                     const out = {};
                     dm.moves.forEach(m => { out[m.id] = {
                       at: m.visible ? [m.ll[1], m.ll[0]] : null,
                       stretch: (m.stretch && dm.stretches.hasLayer(m.stretch))
                         ? m.stretch.getLatLngs().map(p => [p.lng, p.lat]) : null,
                       faded: !!(m.marker.getElement && m.marker.getElement()
                                 && m.marker.getElement().classList.contains('dm-uncertain')) }; });
                     return out; }""",
                n,
            )
            st = state_at(tl, n)
            for i, mid in enumerate(tl.ids):
                got_i = drawn[mid]
                if got_i["at"] is None:  # a leg handed over to the next one
                    continue
                assert km(got_i["at"], [st.lon[i], st.lat[i]]) < 5, (mid, day)
                if st.certain[i]:
                    assert got_i["stretch"] is None and not got_i["faded"], (mid, day)
                    continue
                assert got_i["faded"] or s.page.evaluate("() => window.deploymap.many"), (mid, day)
                want = stretch(tl, i, st.progress[i], st.progress_hi[i])
                line = np.array(got_i["stretch"])
                assert km(line[0], want[0]) < 10 and km(line[-1], want[-1]) < 10, (
                    mid,
                    day,
                    line[[0, -1]],
                    want[[0, -1]],
                )
        if which == "every-form":  # the places' precision and the sources' disagreement are drawn too
            shapes = s.page.evaluate(
                """() => ({
                  regions: [...document.querySelectorAll('path.dm-region')].map(p => p.getAttribute('data-place')),
                  countries: [...document.querySelectorAll('path.dm-country')].map(p => p.getAttribute('data-place')),
                  disputed: [...document.querySelectorAll('.dm-unit.dm-disputed')].map(e => e.getAttribute('data-move')),
                })"""
            )
            assert shapes == {"regions": ["East Region"], "countries": ["Romania"], "disputed": ["m-disputed"]}
        assert s.all_errors() == [] and s.blocked == []
    finally:
        s.close()


# ---------------------------------------------------------------- the app


@pytest.fixture(scope="module")
def app_url(streamlit_app):  # noqa: F811
    require_chromium()
    return streamlit_app(DATA, "uncertainty")


_DRAWN = """() => {
  const q = (sel) => document.querySelector(sel);
  const label = (id) => { const e = q('.dm-unit[data-move="' + id + '"]');
    const m = window.deploymap.moves.find(m => m.id === id);
    const tt = m && m.marker.getTooltip && m.marker.getTooltip();
    return tt && tt.getElement() ? tt.getElement().textContent : null; };
  return {
    date: window.deploymap.isoDate(),
    stretches: [...document.querySelectorAll('path.dm-stretch')].map(p => p.getAttribute('data-move')),
    faded: [...document.querySelectorAll('.dm-unit.dm-uncertain')].map(e => e.getAttribute('data-move')),
    countries: [...document.querySelectorAll('path.dm-country')].map(p => p.getAttribute('data-place')),
    labels: Object.fromEntries(window.deploymap.moves.map(m => [m.id, label(m.id)])),
    legend: q('.dm-legend') ? q('.dm-legend').textContent : '',
    count: q('.dm-count') ? q('.dm-count').textContent : '',
  };
}"""


def drawn_marks(loaded) -> dict[str, bool]:
    """The uncertainty marks the map of `loaded` draws (dashboard.web.page.marks of its payload)."""
    from dashboard.web.page import map_payload, marks

    return marks(map_payload(loaded, build_timeline(loaded), MapOptions()))


def _popup(frame, mid: str) -> str:
    frame.evaluate(
        "(id) => { const dm = window.deploymap; dm.map.closePopup();"
        " dm.moves.find(m => m.id === id).marker.openPopup(); }",
        mid,
    )
    frame.wait_for_selector(".leaflet-popup-content .dm-fields", timeout=5000)
    frame.page.wait_for_timeout(400)  # the popup's fade-in, before a screenshot
    return frame.inner_text(".leaflet-popup-content")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_app_map_draws_the_uncertainty_the_data_holds(app_url, browser, viewport):  # noqa: F811
    loaded = load_dataset(DATA)
    tl = build_timeline(loaded)
    moves = {m.id: m for m in loaded.dataset.movements}
    sq = moves[SQUADRON]
    s = new_page(browser, DESKTOP if viewport == "desktop" else PHONE)
    try:
        for day in ("2022-02-08", "2022-02-12"):
            frame = open_map(s, app_url, f"?date={day}")
            assert frame.evaluate("() => window.deploymap.isoDate()") == day
            drawn = frame.evaluate(_DRAWN)
            st = state_at(tl, dt.date.fromisoformat(day))
            uncertain = {mid for i, mid in enumerate(tl.ids) if not st.certain[i]}
            # a stretch and a faded symbol exactly for the units the data does not place
            assert set(drawn["stretches"]) == uncertain, (day, drawn["stretches"])
            assert set(drawn["faded"]) == uncertain, (day, drawn["faded"])
            assert SQUADRON in uncertain  # "has begun to move" by 10 Feb, no arrival reported
            # Romania and Poland are named only as countries: their outlines are drawn
            assert {"Romania", "Poland"} <= set(drawn["countries"]), drawn["countries"]
            # the squadron's label says the window in words (before it can have left: the departure)
            label = drawn["labels"][SQUADRON]
            # never placed: its least progress stays the start (faded, with the number as written and its
            # departure in words; its arrival is never guessed); once it is known to have left, its symbol
            # stands mid-way along its stretch, 'position not reported' (test_newuser_browser, P3)
            assert st.progress[list(tl.ids).index(SQUADRON)] == 0
            assert "about 1,000" in label and "departed by 10 Feb 2022, day not reported" in label, label
            assert "estimated" not in label, label
            assert "arrival between 10 and 17 Feb 2022" in drawn["labels"][SECOND_HALF]
            if day == "2022-02-12":  # the first half arrived by 10 Feb: drawn as arrived, plainly
                assert FIRST_HALF not in uncertain  # its label: the name and the number as written, no window
                assert "".join(drawn["labels"][FIRST_HALF].split()) == "82ndAbn(Poland)about850"
            assert "not reported whether left or arrived" in drawn["count"]
            for text in ("where the unit may be", "faded, dashed", "only the country is named"):
                assert text in drawn["legend"], text
            assert "arrival not reported: estimated" not in drawn["legend"]  # nothing is estimated
            s.screenshot(f"uncertainty-{day}-{viewport}", full_page=False)
            # the legend's keys of the uncertainty marks, unfolded (folded on a map under 1200 px wide)
            frame.evaluate("() => document.querySelectorAll('.dm-legend details').forEach(d => { d.open = true; })")
            s.page.wait_for_timeout(300)
            keys = frame.evaluate(
                "() => [...document.querySelectorAll('.dm-legend-more .row')]"
                ".filter(r => r.getBoundingClientRect().height > 0).length"
            )
            assert keys == sum(1 for v in drawn_marks(loaded).values() if v) + 1, keys  # + the faded symbol's key
            s.screenshot(f"uncertainty-{day}-{viewport}-legend", full_page=False)
            frame.evaluate("() => { document.querySelector('.dm-legend details').open = false; }")
            popup = _popup(frame, SQUADRON)
            assert sq.strength is not None and sq.strength.words() == "about 1,000"
            assert "about 1,000 personnel" in popup and "by 10 Feb 2022" in popup, popup
            assert "departed by 10 Feb 2022, day not reported; arrival not reported" in popup
            assert "estimated" not in popup, popup
            assert "Romania (the sources name only the country)" in popup
            assert "curator's note" in popup and "quoted" in popup
            for c in sq.citations:
                assert (c.quote or c.note) in popup
            s.screenshot(f"uncertainty-{day}-{viewport}-popup", full_page=False)
            frame.evaluate(  # the popup scrolled to its field-by-field table (the page stays put)
                "() => { const c = document.querySelector('.leaflet-popup-content');"
                " c.scrollTop += c.querySelector('.dm-status').getBoundingClientRect().top"
                " - c.getBoundingClientRect().top - 4; }"
            )
            s.page.wait_for_timeout(200)
            s.screenshot(f"uncertainty-{day}-{viewport}-popup-fields", full_page=False)
            frame.evaluate("() => void window.deploymap.map.closePopup()")
        assert_clean(s)
    finally:
        s.close()


def test_estimated_arrivals_are_said_apart_in_the_count_and_the_popup(browser):  # noqa: F811
    """An arrival no source reports (the engine's estimate, `arrive_estimated`) gives no exact share of the
    route in the popup and is counted apart under the timeline; exact dates keep their percentage."""
    require_chromium()
    loaded = load_dataset(REPO_ROOT / "tests" / "data" / "valid" / "exact_dates")
    tl = build_timeline(loaded)
    assert tl.arrive_estimated.any() and not tl.arrive_estimated.all()
    s = _static_map(browser, loaded)
    try:
        for day in (dt.date(2022, 2, 8) + dt.timedelta(days=k) for k in range(9)):
            n = (day - EPOCH).days
            got = s.page.evaluate(
                """(n) => { const dm = window.deploymap; dm.setDay(n, false);
                     const words = {}; dm.moves.forEach(m => { words[m.id] = dm._statusWords(m, n); });
                     return {words, count: document.querySelector('.dm-count').textContent}; }""",
                n,
            )
            st = state_at(tl, day)
            moving = st.phase == 1  # in_transit
            reported, guessed = (
                int(np.count_nonzero(moving & ~tl.arrive_estimated)),
                int(np.count_nonzero(moving & tl.arrive_estimated)),
            )
            said = f"{reported} movement{'' if reported == 1 else 's'} in transit" if reported else ""
            if guessed:
                said = (
                    f"{reported} in transit, {guessed} more probably"
                    if reported
                    else f"{guessed} movement{'' if guessed == 1 else 's'} probably in transit"
                )
                said += " (no arrival reported)"
            want = [said] if said else []
            assert got["count"] == " \u00b7 ".join(want), (day, got["count"])
            for i, mid in enumerate(tl.ids):
                words = got["words"][mid]
                if tl.arrive_estimated[i] and st.phase[i] in (1, 2):
                    assert "%" not in words and "arrival not reported" in words, (day, mid, words)
                    assert words.startswith("probably arrived" if st.phase[i] == 2 else "in transit"), words
                elif st.phase[i] == 1:  # both dates reported exactly: the share of the route stays
                    assert words == f"in transit ({round(st.progress[i] * 100)}%)", (day, mid, words)
        # the popup as a user opens it, on the day the squadron is under way with no arrival reported
        s.page.evaluate("() => window.deploymap.setDay(" + str((dt.date(2022, 2, 10) - EPOCH).days) + ", false)")
        mid = str(tl.ids[np.flatnonzero(tl.arrive_estimated)[0]])
        s.page.evaluate("(id) => window.deploymap.moves.find(m => m.id === id).marker.openPopup()", mid)
        s.page.wait_for_selector(".leaflet-popup-content .dm-status", timeout=5000)
        status = s.page.inner_text(".leaflet-popup-content .dm-status")
        assert status == "On 10 February 2022: in transit (arrival not reported)", status
        s.screenshot("uncertainty-estimated-arrival-popup", full_page=False)
        assert_clean(s)
    finally:
        s.close()
