"""`python -m dashboard prepare [--data DIR]`: keep the app's first map page for a dataset.

`make run` calls it before the server starts, as Python's bytecode is compiled before it: the
server's first run then reads the page (`dashboard.web.pagecache`) instead of importing folium and
building it (issue 19, cold start). A dataset that does not load is reported as `validate` does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.core.paths import DEFAULT_DATA
from dashboard.web import pagecache


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a dataset YAML file or folder (default: data/)")


def run(args: argparse.Namespace) -> int:
    file, _ = pagecache.first_page(args.data)
    print(f"map page kept: {file}" if file else "map pages are not kept (DEPLOYMAP_PAGE_CACHE=off)")
    return 0
