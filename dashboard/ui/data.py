"""The dataset as the pages see it: loaded once per server and file state, shared by
every viewer and page, reloaded when a file of it changes."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from dashboard.core.loader import LoadedDataset, load_dataset
from dashboard.core.paths import DEFAULT_DATA
from dashboard.core.problems import DatasetError


def app_data_path(argv: list[str] | None = None) -> Path:
    """The dataset the app shows: `streamlit run dashboard/app.py -- --data PATH` (default: data/).
    The last `--data PATH` or `--data=PATH` wins; other arguments are Streamlit's business."""
    args = sys.argv[1:] if argv is None else argv
    found: str | None = None
    for i, arg in enumerate(args):
        if arg == "--data" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--data="):
            found = arg.split("=", 1)[1]
    return Path(found) if found else DEFAULT_DATA


def stamp(path: Path) -> tuple:
    """Changes when any file of the dataset changes, so edits are picked up on rerun."""
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=8)
def _load(path: str, stamp: tuple, base: str | None) -> tuple[LoadedDataset | None, DatasetError | None]:
    try:
        return load_dataset(path, base=base), None
    except DatasetError as exc:
        return None, exc


def load(path: Path, base: Path | None = None) -> tuple[LoadedDataset | None, DatasetError | None]:
    """The loaded dataset, or the problems that stop it from loading."""
    return _load(str(path), stamp(path), str(base) if base else None)
