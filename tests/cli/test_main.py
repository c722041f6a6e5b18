"""The command line's edge: every command reached through one parser, domain errors turned
into exit codes in one place, and the `deploymap` console script."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli.args import UsageError
from dashboard.cli.main import build_parser, main
from dashboard.core.problems import DatasetError, Problem
from dashboard.export.errors import BrowserUnavailable, ExportError

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("error", "code", "words"),
    [
        (DatasetError([Problem("units.yaml", 3, "unit 'x'", "home", "no such place")]), 1, "no such place"),
        (UsageError("--width must be from 200 to 6000"), 2, "--width"),
        (ExportError("cannot tell the format"), 2, "cannot tell the format"),
        (BrowserUnavailable("headless Chromium is not available"), 1, "Chromium"),
        (RuntimeError("the renderer fell over"), 1, "validate failed: RuntimeError: the renderer fell over"),
    ],
)
def test_domain_errors_become_exit_codes_in_one_place(monkeypatch, capsys, error, code, words):
    def boom(_args):
        raise error

    monkeypatch.setattr("dashboard.cli.commands.validate", boom)
    monkeypatch.delenv("DASHBOARD_DEBUG", raising=False)
    assert main(["validate", "--data", str(REPO / "data")]) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_every_command_is_in_the_one_parser():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == {"validate", "schema", "export", "draft", "import", "publish", "story", "prepare"}


def test_the_console_script_is_installed():
    """`make setup` installs the package editable, with `deploymap` beside `python -m dashboard`."""
    script = Path(sys.executable).parent / "deploymap"
    found = str(script) if script.exists() else shutil.which("deploymap")
    assert found, "the deploymap console script is not installed: run make setup"
    done = subprocess.run(
        [found, "validate", "--data", str(REPO / "data")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "valid" in done.stdout, done.stderr


def test_validate_known_by_reports_what_was_known_then(capsys):
    """`validate --known-by` checks the whole dataset, then reports the coverage of what sources published
    on or before the day said (the bundled data: nothing before the article of 10 Feb 2022)."""
    assert main(["validate", "--data", str(REPO / "data"), "--known-by", "2022-02-09"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "valid" in out[0] and "known by 2022-02-09: 0 sources, 0 movements, 0 events, 0 areas" in out[0]
    assert out[1].startswith("source coverage ") and "0 of 0 asserted fields" in out[1]
    assert main(["validate", "--data", str(REPO / "data"), "--known-by", "2022-02-10", "--json"]) == 0
    import json

    known = json.loads(capsys.readouterr().out)
    assert main(["validate", "--data", str(REPO / "data"), "--json"]) == 0
    now = json.loads(capsys.readouterr().out)
    assert known["coverage"] == now["coverage"]  # the article is the bundled data's only source


def test_validate_known_by_needs_a_date(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", "--known-by", "10 Feb"])
    assert info.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_prepare_keeps_the_first_map_page_and_reports_a_dataset_that_does_not_load(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DEPLOYMAP_PAGE_CACHE", str(tmp_path / "pages"))
    assert main(["prepare", "--data", str(REPO / "data")]) == 0
    kept = list((tmp_path / "pages").glob("*.html"))
    assert len(kept) == 1 and str(kept[0]) in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    broken.write_text("units: [{id: u1}]\n", encoding="utf-8")
    assert main(["prepare", "--data", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "Traceback" not in err
    assert len(list((tmp_path / "pages").glob("*.html"))) == 1
