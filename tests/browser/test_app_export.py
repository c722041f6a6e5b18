"""The app's export panel produces real files for the current date and filters."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.loader import load_dataset
from dashboard.engine.analysis import count_words, personnel_by_country, personnel_totals, what_changed
from dashboard.engine.timeline import build_timeline
from dashboard.export import chromium_available
from dashboard.web.options import default_date, default_window

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled():
    """The bundled data as the app reads it: (loaded, timeline, window, the app's default date)."""
    loaded = load_dataset(ROOT / "data")
    timeline = build_timeline(loaded)
    window = default_window(loaded, timeline)
    return loaded, timeline, window, default_date(loaded, window)


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["app.py", "--data", str(ROOT / "data")])
    at = AppTest.from_file(str(ROOT / "dashboard/app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    at.segmented_control(key="panel").set_value("Export").run()
    assert not at.exception
    return at


def download(at) -> bytes:
    buttons = [b for b in at.get("download_button") if b.label.startswith("Download deployments")]
    assert buttons, [b.label for b in at.get("download_button")]
    return buttons[-1]


def test_geojson_export_follows_the_filters(app):
    app.multiselect(key="f_confidence").set_value(["estimated"]).run()
    app.selectbox(key="export_format").set_value("geojson").run()
    app.button(key="export_go").click().run()
    assert not app.exception and not app.error
    name, kind, data = app.session_state["export_blob"]
    fc = json.loads(data)
    movements = {f["properties"]["movement"] for f in fc["features"] if f["properties"]["kind"] == "position"}
    assert movements == {"m-82abn-poland-second-half"} and fc["date"] == "2022-02-10"
    assert "2022-02-10" in download(app).label


def test_svg_export_in_the_print_theme(app):
    """The panel's theme choice reaches the file: the print theme's land and white sea, not the app's."""
    from dashboard.web.style import THEMES

    app.selectbox(key="export_format").set_value("svg").run()
    assert app.selectbox(key="export_theme").options == ["Light (as on screen)", "Dark", "Print (black and white)"]
    app.selectbox(key="export_theme").set_value("print").run()
    app.button(key="export_go").click().run()
    assert not app.exception and not app.error
    _, kind, data = app.session_state["export_blob"]
    svg = data.decode("utf-8")
    assert kind == "svg" and THEMES["print"].land in svg and THEMES["light"].land not in svg


@pytest.mark.browser
def test_png_export_from_the_app(app):
    if not chromium_available():
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Chromium is not installed at /usr/bin/chromium")
    from PIL import Image

    app.selectbox(key="export_format").set_value("png").run()
    app.selectbox(key="export_size_png").set_value("800 × 500").run()
    app.selectbox(key="export_scale").set_value(1).run()
    app.button(key="export_go").click().run()
    assert not app.exception and not app.error
    _, kind, data = app.session_state["export_blob"]
    img = Image.open(io.BytesIO(data))
    assert kind == "png" and img.size == (800, 500)
    assert len(img.convert("L").getcolors(maxcolors=100000) or []) > 20  # not blank


def test_every_panel_renders(app):
    for panel in ("Selected unit", "Personnel by country", "What changed", "Movements"):
        app.segmented_control(key="panel").set_value(panel).run()
        assert not app.exception and not app.error, panel


def test_personnel_panel_numbers_on_the_article_date(app, bundled):
    """The table on the map's date (the article's): each place and the total in the analysis's words
    ('about 850–1,700', '0 to about 1,000'), as personnel_by_country and personnel_totals count them."""
    loaded, timeline, window, day = bundled
    assert day == max(s.published for s in loaded.dataset.sources)  # the article's date
    frame = personnel_by_country(loaded, timeline, *window)
    today = frame[(frame["date"] == day) & (frame["high"] > 0)]
    expected = {r.country: count_words(r.low, r.high, bool(r.approximate)) for r in today.itertuples()}
    total = personnel_totals(loaded, timeline, day, day).iloc[0]
    expected["total"] = count_words(total["low"], total["high"], bool(total["approximate"]))
    assert len(expected) > 1 and any("–" in v for v in expected.values()), expected  # ranges, not one number
    app.segmented_control(key="panel").set_value("Personnel by country").run()
    assert not app.exception and not app.error
    assert any(f"On {day:%d %B %Y}" in m.value for m in app.markdown)
    table = app.table[0].value
    assert dict(zip(table.index, table["personnel"])) == expected


def test_what_changed_panel_lists_the_week(app, bundled):
    """Between the comparison date (a week before the map's date, or the timeline's first day) and
    the map's date: what engine.analysis.what_changed lists, counted, with the week's events."""
    loaded, timeline, window, day = bundled
    compare = max(window[0], day - dt.timedelta(days=7))
    changes = what_changed(loaded, timeline, compare, day)
    assert changes.departed and changes.arrived and changes.in_transit and changes.new_events
    app.segmented_control(key="panel").set_value("What changed").run()
    assert not app.exception and not app.error
    assert any(f"Between **{compare}** and **{day}**" in m.value for m in app.markdown)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {
        "Departed": str(len(changes.departed)),
        "Arrived": str(len(changes.arrived)),
        "On the move at some time": str(len(changes.in_transit)),
    }
    for key in ("departed", "arrived", "in_transit"):  # each column says how many only possibly happened
        maybe = len(changes.possibly.get(key, ()))
        if maybe:
            assert any(f"{maybe} of them only possibly" in c.value for c in app.caption), key
    names = [e.name for e in loaded.dataset.events if e.id in changes.new_events]
    assert any("Normandy-format talks" in n for n in names), names
    assert any(t.value == "New events: " + "; ".join(names) for t in app.text), [t.value for t in app.text]


def test_an_export_from_a_phone_is_framed_at_the_pictures_shape(app, monkeypatch):
    """The map's view reported by a phone (358 x 640 px) reaches the export cut to the picture's shape,
    at the phone's scale; a desktop's view reaches it whole."""
    from dashboard import export as exporter
    from tests.export.test_view_for_size import DESKTOP, PHONE, _shape

    given: list = []
    real = exporter.export_bytes

    def export_bytes(fmt, loaded, options, **kw):
        given.append(options.bounds)
        return real(fmt, loaded, options, **kw)

    monkeypatch.setattr(exporter, "export_bytes", export_bytes)
    app.selectbox(key="export_format").set_value("svg").run()
    app.selectbox(key="export_size_svg").set_value("1600 × 1000").run()
    for view in (PHONE, DESKTOP):
        app.session_state["map_bounds"] = view
        app.button(key="export_go").click().run()
        assert not app.exception and not app.error
    phone, desktop = given
    assert _shape(phone) == pytest.approx(1.6) and (phone[0], phone[2]) == (PHONE[0], PHONE[2])
    assert desktop == DESKTOP


def test_a_prepared_file_is_not_offered_for_other_settings(app):
    """A new user prepared an SVG, switched the format to PDF and was still offered the SVG: the download
    goes with the settings it was made from, and the panel says why it is gone."""
    app.selectbox(key="export_format").set_value("svg").run()
    app.button(key="export_go").click().run()
    assert not app.exception and not app.error
    assert download(app).label.startswith("Download deployments-") and ".svg" in download(app).label
    app.selectbox(key="export_format").set_value("pdf").run()
    assert not app.exception
    assert not [b for b in app.get("download_button") if b.label.startswith("Download deployments")]
    assert any("made with other settings" in i.value for i in app.info)
    app.button(key="export_go").click().run()
    assert ".pdf" in download(app).label
