"""A data format imports no map library: exporting or importing it loads neither folium nor playwright,
and only the formats with unit symbols (KMZ icons, CZML billboards) load matplotlib."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .helpers import ROOT

SCRIPT = """
import json, sys, tempfile
from pathlib import Path
from dashboard.core.loader import load_dataset
from dashboard.export.dispatch import export
from dashboard.interchange import read
from dashboard.web.options import MapOptions
fmt = sys.argv[1]
out = Path(tempfile.mkdtemp()) / ("x." + fmt)
export(fmt, load_dataset("data"), MapOptions(), out)
read(out, fmt if fmt in ("mfjson", "orbat", "czml") else "auto")
print(json.dumps(sorted(m for m in ("folium", "matplotlib", "playwright", "streamlit") if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "fmt, allowed",
    [
        ("csv", []),
        ("xlsx", []),
        ("kml", []),
        ("mfjson", []),
        ("orbat", []),
        ("kmz", ["matplotlib"]),
        ("czml", ["matplotlib"]),
    ],
)
def test_format_imports_only_what_it_uses(fmt, allowed):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, fmt], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == allowed
