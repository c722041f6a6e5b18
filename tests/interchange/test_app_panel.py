"""The app's export panel offers the data formats: the file it hands over is the format, for the
current filters, and reads back (Streamlit's AppTest, no browser)."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.interchange import read

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


def test_panel_offers_every_data_format(app):
    options = app.selectbox(key="export_format").options
    for label in ("KML (Google Earth", "KMZ", "CZML", "Moving Features", "ORBAT Mapper", "CSV", "XLSX"):
        assert any(label in o for o in options), options


@pytest.mark.parametrize("fmt, suffix", [("kmz", "kmz"), ("orbat", "orbat.json")])
def test_export_from_the_panel_follows_the_filters(app, fmt, suffix, tmp_path):
    app.multiselect(key="f_confidence").set_value(["estimated"]).run()
    app.selectbox(key="export_format").set_value(fmt).run()
    app.button(key="export_go").click().run()
    assert not app.exception and not app.error
    name, kind, data = app.session_state["export_blob"]
    assert kind == fmt and name.endswith("." + suffix)
    path = tmp_path / name
    path.write_bytes(data)
    if fmt == "kmz":
        assert zipfile.ZipFile(path).namelist()[0] == "doc.kml"
    else:
        assert json.loads(data)["type"] == "ORBAT-mapper"
    result = read(path, "orbat" if fmt == "orbat" else "auto")
    assert [m["id"] for m in result.data["movements"]] == ["m-82abn-poland-second-half"]
