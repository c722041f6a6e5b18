"""Map pages kept on disk (`dashboard.web.pagecache`): read back only for the very inputs that built
them (the dataset's files, its fingerprint, the options, the code), identical to a page built again,
never for an upload, and a folder that cannot be written costs only the build."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.core.paths import DEFAULT_DATA
from dashboard.engine.timeline import build_timeline
from dashboard.web import pagecache
from dashboard.web.options import MapOptions, default_window


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "pages"
    monkeypatch.setenv("DEPLOYMAP_PAGE_CACHE", str(folder))
    return folder


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DEFAULT_DATA, copy)
    shutil.copytree(DEFAULT_DATA.parent / "seeds", copy.parent / "seeds")  # the sources' articles
    return copy


def test_the_first_page_kept_is_the_page_built_and_is_read_back_without_building(kept: Path, data_copy: Path):
    file, key = pagecache.first_page(data_copy)
    assert file is not None and file.parent == kept and file.name == f"{key}.html"
    loaded = load_dataset(data_copy)
    timeline = build_timeline(loaded)
    options = MapOptions(window=default_window(loaded, timeline))
    built = pagecache.build(loaded, options, timeline)
    assert file.read_text(encoding="utf-8") == built  # the same inputs give the same page
    assert "DeployMap.init(" in built  # the map itself, not a placeholder

    def must_not_build() -> str:
        raise AssertionError("a kept page was built again")

    assert pagecache.page(data_copy, loaded.fingerprint, options, must_not_build) == built


def test_the_key_changes_with_the_options_and_the_data_and_not_with_set_order(data_copy: Path, tmp_path: Path):
    window = (dt.date(2022, 1, 1), dt.date(2022, 3, 1))
    a = MapOptions(window=window, movement_ids=frozenset({"m1", "m2", "m3"}))
    b = MapOptions(window=window, movement_ids=frozenset({"m3", "m1", "m2"}))
    assert pagecache.page_key(data_copy, "f", a) == pagecache.page_key(data_copy, "f", b)
    assert pagecache.page_key(data_copy, "f", a) != pagecache.page_key(data_copy, "g", a)
    assert pagecache.page_key(data_copy, "f", a) != pagecache.page_key(
        data_copy, "f", MapOptions(window=window, movement_ids=frozenset({"m1"}))
    )
    assert pagecache.page_key(data_copy, "f", a) != pagecache.page_key(data_copy, "f", MapOptions(window=window))
    edited = tmp_path / "edited"
    shutil.copytree(data_copy, edited)
    assert pagecache.page_key(edited, "f", a) == pagecache.page_key(data_copy, "f", a)  # content, not place
    geo = next(p for p in sorted(edited.rglob("*.geojson")) if "countries" not in p.name)
    geo.write_text(geo.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a file the YAML names
    assert pagecache.page_key(edited, "f", a) != pagecache.page_key(data_copy, "f", a)


def test_an_upload_is_neither_read_nor_kept(kept: Path):
    built = []
    page = pagecache.page(None, "f", MapOptions(), lambda: built.append(1) or "<html>upload</html>")
    assert page == "<html>upload</html>" and built == [1]
    assert not kept.exists()


def test_off_builds_every_time(monkeypatch: pytest.MonkeyPatch, data_copy: Path):
    monkeypatch.setenv("DEPLOYMAP_PAGE_CACHE", "off")
    assert pagecache.folder() is None
    calls = []
    for _ in range(2):
        pagecache.page(data_copy, "f", MapOptions(), lambda: calls.append(1) or "<html></html>")
    assert calls == [1, 1]


def test_a_folder_that_cannot_be_written_costs_the_build_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_copy: Path
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DEPLOYMAP_PAGE_CACHE", str(blocker / "pages"))
    monkeypatch.setattr(pagecache, "_warned", [])
    for day in (1, 2):
        options = MapOptions(window=(dt.date(2022, 1, day), dt.date(2022, 2, 1)))
        assert pagecache.page(data_copy, "f", options, lambda: "<html>built</html>") == "<html>built</html>"
    err = capsys.readouterr().err
    assert err.count("map pages not kept") == 1 and str(blocker / "pages") in err


def test_old_pages_beyond_keep_are_removed(kept: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pagecache, "KEEP", 3)
    for day in range(1, 7):
        options = MapOptions(window=(dt.date(2022, 1, day), dt.date(2022, 2, 1)))
        pagecache.page(data_copy, "f", options, lambda day=day: f"<html>{day}</html>")
    assert len(list(kept.glob("*.html"))) == 3
    assert not list(kept.glob("*.tmp"))
