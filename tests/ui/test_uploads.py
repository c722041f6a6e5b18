"""Uploaded datasets: unpacked safely into a per-session folder, never elsewhere."""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.core.problems import DatasetError
from dashboard.ui import uploads

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, monkeypatch):
    root = tmp_path / "uploads"
    monkeypatch.setenv("DEPLOYMAP_UPLOAD_DIR", str(root))
    return root


def make_zip(entries: dict[str, bytes], *, link: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, "/etc/passwd")
    return buf.getvalue()


def bundled_entries(prefix: str = "mydata/") -> dict[str, bytes]:
    files = list((ROOT / "data").glob("*.yaml")) + list((ROOT / "data/geo").glob("*.geojson"))
    files = [f for f in files if f.name != "countries-50m.geojson"] + list((ROOT / "seeds").glob("*.txt"))
    return {prefix + str(f.relative_to(ROOT)): f.read_bytes() for f in files}


def test_zip_of_a_dataset_folder_loads_within_its_session_folder(upload_dir):
    up = uploads.receive("team.zip", make_zip(bundled_entries()))
    assert upload_dir.resolve() in up.folder.resolve().parents
    loaded = load_dataset(up.dataset, base=up.folder)
    assert len(loaded.dataset.movements) == 3
    assert oct(up.folder.stat().st_mode & 0o777) == "0o700"
    up.remove()
    assert not up.folder.exists()


def test_two_uploads_get_separate_folders():
    a = uploads.receive("a.zip", make_zip(bundled_entries()))
    b = uploads.receive("b.zip", make_zip(bundled_entries()))
    assert a.folder != b.folder and not (b.folder in a.folder.parents or a.folder in b.folder.parents)


def test_single_yaml_upload_cannot_reach_files_outside_its_folder(tmp_path):
    yaml_text = (
        "sources:\n  - id: s\n    title: t\n    publisher: p\n    published: 2022-02-10\n"
        "    file: ../../../../../../etc/passwd\n"
    )
    up = uploads.receive("d.yaml", yaml_text.encode())
    with pytest.raises(DatasetError) as err:
        load_dataset(up.dataset, base=up.folder)
    assert "outside the dataset's base folder" in err.value.report()


@pytest.mark.parametrize(
    "entries, link, message",
    [
        ({"../evil.yaml": b"a: 1"}, None, "leaves the archive folder"),
        ({"/abs/evil.yaml": b"a: 1"}, None, "absolute path"),
        ({"data/x.yaml": b"a: 1"}, "data/link.yaml", "symbolic link"),
        ({"data/run.sh": b"rm -rf /"}, None, "not a dataset file"),
        ({}, None, "is empty"),
    ],
)
def test_hostile_zips_are_refused_and_leave_nothing(upload_dir, entries, link, message):
    with pytest.raises(DatasetError) as err:
        uploads.receive("bad.zip", make_zip(entries, link=link))
    assert message in err.value.report()
    assert list(upload_dir.glob(uploads.PREFIX + "*")) == []


def test_zip_bomb_and_size_limits(upload_dir):
    bomb = make_zip({"data/a.yaml": b"a" * (30 * 1024 * 1024)})
    with pytest.raises(DatasetError) as err:
        uploads.receive("bomb.zip", bomb)
    assert "unpacks to more than" in err.value.report() or "suspiciously" in err.value.report()
    with pytest.raises(DatasetError) as err:
        uploads.receive("big.yaml", b"#" * (uploads.MAX_UPLOAD_BYTES + 1))
    assert "over the upload limit" in err.value.report()
    with pytest.raises(DatasetError):
        uploads.receive("x.exe", b"MZ")
    with pytest.raises(DatasetError) as err:
        uploads.receive("broken.zip", b"PK\x03\x04 not really")
    assert "not a valid zip" in err.value.report()
    assert list(upload_dir.glob(uploads.PREFIX + "*")) == []


def test_too_many_entries():
    entries = {f"data/f{i}.txt": b"x" for i in range(uploads.MAX_ZIP_ENTRIES + 1)}
    with pytest.raises(DatasetError) as err:
        uploads.receive("many.zip", make_zip(entries))
    assert "entries" in err.value.report()


def test_sweep_removes_folders_of_dead_servers_and_old_ones(upload_dir):
    live = uploads.new_session_folder()
    dead = upload_dir / f"{uploads.PREFIX}999999999-deadbeef"
    dead.mkdir(parents=True)
    old = upload_dir / f"{uploads.PREFIX}{os.getpid()}-old"
    old.mkdir()
    os.utime(old, (time.time() - 2 * uploads.STALE_SECONDS,) * 2)
    assert uploads.sweep_stale() == 2
    assert live.exists() and not dead.exists() and not old.exists()


def test_uploads_never_touch_the_curated_data():
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*") if p.is_file()}
    up = uploads.receive("team.zip", make_zip(bundled_entries(prefix="")))
    load_dataset(up.dataset, base=up.folder)
    up.remove()
    after = {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert before == after


def test_precheck_contains_a_parser_crash(monkeypatch):
    up = uploads.receive("ok.zip", make_zip(bundled_entries()))
    assert uploads.precheck(up) is None
    bad = uploads.receive("bad.yaml", b"places: [1, 2")
    problems = uploads.precheck(bad)  # invalid: the child's problems, so the server never parses it
    assert problems is not None and problems.problems[0].line == 1
    shown = bad.for_viewer(problems).problems[0]
    assert shown.file == "bad.yaml" and "deploymap-upload-" not in str(shown)
    import subprocess

    class Crashed:
        returncode = -11

    monkeypatch.setattr(subprocess, "run", lambda *a, **k: Crashed())
    err = uploads.precheck(up)
    assert err is not None and "parser failed" in err.report()


def test_session_folders_go_when_their_session_has_been_gone_for_the_grace_time(tmp_path):
    """Independent of the garbage collector: the server's word on the session decides."""
    alive = {"a": True, "b": True}
    now = [1000.0]
    tracker = uploads.SessionFolders(lambda sid: alive.get(sid, False), grace=180, clock=lambda: now[0])
    folders = {sid: tmp_path / sid for sid in ("a", "b")}
    for sid, folder in folders.items():
        folder.mkdir()
        (folder / "dataset.yaml").write_text("units: []\n")
        tracker.hold(sid, folder)
    assert tracker.sweep() == [] and all(f.exists() for f in folders.values())
    alive["a"] = False  # a's connection drops
    now[0] += 10
    assert tracker.sweep() == []  # it may come back within the grace time
    now[0] += 100
    alive["a"] = True  # it did
    assert tracker.sweep() == []
    alive["a"] = False
    now[0] += 10
    tracker.sweep()
    now[0] += 179
    assert tracker.sweep() == [] and folders["a"].exists()
    now[0] += 2
    assert tracker.sweep() == [folders["a"]]
    assert not folders["a"].exists() and folders["b"].exists()
    assert set(tracker.held()) == {"b"}


def test_session_folders_release_and_replace(tmp_path):
    tracker = uploads.SessionFolders(lambda sid: True)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    tracker.hold("s", first)
    tracker.hold("s", second)  # a new upload replaces the old one: its folder goes
    assert not first.exists() and second.exists()
    tracker.release("s")  # the viewer removed the upload
    assert not second.exists() and tracker.held() == {}


def test_problems_are_told_in_the_viewers_terms(upload_dir):
    """File names as uploaded (and inside the zip), never the server's session folder."""
    from dashboard.core.problems import DatasetError, Problem

    single = uploads.receive("my team.yaml", b"units: []\n")
    error = DatasetError([Problem(str(single.dataset), 3, "unit 'x'", "home", f"see {single.folder}/dataset/x")])
    shown = single.for_viewer(error).problems[0]
    assert (shown.file, shown.line, shown.record, shown.field) == ("my team.yaml", 3, "unit 'x'", "home")
    assert str(single.folder) not in shown.message and "deploymap-upload-" not in str(shown)
    single.remove()

    zipped = uploads.receive("team.zip", make_zip(bundled_entries()))
    relative = os.path.relpath(zipped.dataset / "units.yaml")  # as the loader reports it
    shown = zipped.for_viewer(DatasetError([Problem(relative, 1, None, None, "bad")])).problems[0]
    assert shown.file == "team.zip: mydata/data/units.yaml"
    zipped.remove()


def test_unpacked_dataset_limit_is_the_upload_limit(upload_dir):
    """A small zip may not unpack to more than an upload may hold (5 MB): a 0.7 MB zip of an
    18.8 MB YAML file took a minute and 150 MB of server memory to show."""
    assert uploads.MAX_UNPACKED_BYTES == uploads.MAX_UPLOAD_BYTES == 5 * 1024 * 1024
    lines = b"".join(b"# line %08d: the same note again, and again\n" % i for i in range(200_000))
    assert len(lines) > uploads.MAX_UNPACKED_BYTES + 1_000_000
    packed = make_zip({"data/places.yaml": b"places: []\n" + lines})
    assert len(packed) < uploads.MAX_UPLOAD_BYTES // 5  # small enough to upload, ratio below the bomb check
    with pytest.raises(DatasetError) as err:
        uploads.receive("grows.zip", packed)
    report = err.value.report()
    assert "unpacks to more than 5 MB" in report and "5,242,880 bytes" in report, report
    assert list(upload_dir.glob(uploads.PREFIX + "*")) == []
    fits = make_zip({"data/places.yaml": b"places: []\n" + lines[: 4 * 1024 * 1024]})
    uploads.receive("fits.zip", fits).remove()


def test_a_zip_whose_headers_lie_is_refused_with_a_message(upload_dir, monkeypatch):
    """Sizes in a zip's headers can lie: reading stops at the stated size and the checksum fails;
    that is a refusal in words, not a traceback."""
    packed = make_zip({f"data/f{i}.yaml": b"# x\n" * 100 for i in range(5)})
    real_infolist = zipfile.ZipFile.infolist

    def lying_infolist(self):
        infos = real_infolist(self)
        for info in infos:
            info.file_size = 1  # the header claims one byte
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying_infolist)
    with pytest.raises(DatasetError) as err:
        uploads.receive("liar.zip", packed)
    assert "damaged" in err.value.report()
    assert list(upload_dir.glob(uploads.PREFIX + "*")) == []


def test_nul_in_an_uploaded_zip_is_refused_by_the_check(upload_dir):
    entries = bundled_entries()
    name = next(n for n in entries if n.endswith("places.yaml"))
    entries[name] += b"# note \x00\nbogus_key: [1]\n"
    up = uploads.receive("nul.zip", make_zip(entries))
    try:
        problems = uploads.precheck(up)  # the child's problems, shown as validator messages
        assert problems is not None and "U+0000" in up.for_viewer(problems).report()
        with pytest.raises(DatasetError) as err:
            load_dataset(up.dataset, base=up.folder)
        assert "U+0000" in up.for_viewer(err.value).report()
    finally:
        up.remove()
