"""The app's upload takes other tools' files: imported in a child process into the session's folder,
validated like any upload; what the import could not take is kept as notices; a file it cannot read
is refused with a message, never a traceback."""

from __future__ import annotations

import pytest

from dashboard.core.loader import load_dataset
from dashboard.core.problems import DatasetError
from dashboard.export.dispatch import export_bytes
from dashboard.ui import uploads
from dashboard.web.options import MapOptions

from .helpers import DATASETS


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, monkeypatch):
    root = tmp_path / "uploads"
    monkeypatch.setenv("DEPLOYMAP_UPLOAD_DIR", str(root))
    return root


@pytest.mark.parametrize("fmt, name", [("xlsx", "mine.xlsx"), ("kmz", "mine.kmz")])
def test_an_exported_file_uploads_as_a_dataset(fmt, name, upload_dir):
    loaded = load_dataset(DATASETS["bundled"])
    data = export_bytes(fmt, loaded, MapOptions())
    up = uploads.receive(name, data)
    assert upload_dir in up.dataset.parents
    assert uploads.precheck(up) is None
    again = load_dataset(up.dataset, base=up.folder)
    assert again.counts() == loaded.counts()
    assert up.notices == ()


def test_analyst_sheet_keeps_its_notices(upload_dir):
    sheet = (
        "Unit,Nation,Branch,Echelon,Origin,Destination,Departure\n"
        "1st Test Battalion,POL,infantry,battalion,Berlin,Warsaw,2022-02-10\n"
        "2nd Test Battalion,POL,infantry,battalion,Atlantis-under-the-sea,Warsaw,2022-02-10\n"
    )
    up = uploads.receive("sheet.csv", sheet.encode())
    assert any(n.line == 3 and n.field == "Origin" and "gazetteer" in n.message for n in up.notices)
    assert all(str(upload_dir) not in str(n) for n in up.notices)  # the server's folders stay hidden
    assert uploads.precheck(up) is None  # the one row it could take is a valid dataset


def test_unreadable_file_refused_with_a_message(upload_dir):
    with pytest.raises(DatasetError) as err:
        uploads.receive("broken.kml", b"<kml><Placemark></kml>")
    text = err.value.report()
    assert "broken.kml" in text and "could not be imported" in text and "Traceback" not in text
    assert str(upload_dir) not in text
