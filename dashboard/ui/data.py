"""The dataset as the pages see it: loaded once per server and file state, shared by
every viewer and page, reloaded when a file of it changes."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.core.loader import LoadedDataset, load_dataset
from dashboard.core.problems import DatasetError


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
