"""The app's export panel produces real files for the current date and filters."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.export import chromium_available

ROOT = Path(__file__).resolve().parents[2]


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


def test_personnel_panel_numbers_on_the_article_date(app):
    app.segmented_control(key="panel").set_value("Personnel by country").run()
    table = app.table[0].value
    assert dict(zip(table.index, table["personnel"])) == {"POL": "850", "in transit": "1,850", "total": "2,700"}


def test_what_changed_panel_lists_the_week(app):
    app.segmented_control(key="panel").set_value("What changed").run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"Departed": "2", "Arrived": "1", "On the move at some time": "3"}
    assert any("Normandy-format talks" in t.value for t in app.text)
