"""`python -m dashboard export` imports only what its format uses (issue 19): run as a user runs it, in a
fresh interpreter, a data format loads no map or table library (folium, matplotlib, pandas, geopandas,
playwright, streamlit); only the formats that carry unit symbols (KMZ icons, CZML billboards) load
matplotlib to draw them. The command line's own imports count too."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dashboard.core.paths import REPO_ROOT

HEAVY = ("folium", "geopandas", "matplotlib", "pandas", "playwright", "streamlit")
SCRIPT = f"""
import json, runpy, sys
HEAVY = {HEAVY!r}
fmt, out = sys.argv[1], sys.argv[2]
sys.argv = ["dashboard", "export", "--data", "data", "--format", fmt, "--out", out, "--quiet"]
try:
    runpy.run_module("dashboard", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(m for m in HEAVY if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "fmt, allowed",
    [
        ("geojson", []),
        ("csv", []),
        ("xlsx", []),
        ("kml", []),
        ("mfjson", []),
        ("orbat", []),
        ("kmz", ["matplotlib"]),
        ("czml", ["matplotlib"]),
    ],
)
def test_export_command_imports_only_what_its_format_uses(fmt, allowed, tmp_path):
    out = tmp_path / f"x.{fmt}"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, fmt, str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert out.stat().st_size > 0
    assert json.loads(done.stdout.strip().splitlines()[-1]) == allowed
