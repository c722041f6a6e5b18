"""`make load` in miniature, inside `make test`: three viewers for a few seconds, so the load
test itself keeps working between its full runs (20 viewers x 60 s x 2 rounds)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.harness import REPO_ROOT

pytestmark = pytest.mark.browser


def test_three_viewers_scrub_without_errors_and_keep_their_own_state(tmp_path: Path):
    out = tmp_path / "load.json"
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/load_test.py",
            "--sessions",
            "3",
            "--seconds",
            "8",
            "--rounds",
            "1",
            "--out",
            str(out),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.exists(), done.stdout + done.stderr
    report = json.loads(out.read_text())
    (rnd,) = report["rounds"]
    assert rnd["errors"] == [] and rnd["isolation_failures"] == [] and rnd["blocked_requests"] == [], rnd
    assert rnd["actions"] > 10 and rnd["key_presses"] > 0 and rnd["http_requests"] > 0
    assert rnd["ws_messages_sent"] > 0 and rnd["probe_failures"] == 0
    assert done.returncode == 0 and "PASS" in done.stdout, done.stdout + done.stderr
