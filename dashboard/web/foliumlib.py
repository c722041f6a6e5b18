"""folium, imported without pandas: `from dashboard.web.foliumlib import folium` (and branca's elements).

folium imports pandas only to accept DataFrames as locations (`folium.utilities`: `try: import pandas`
/ `except ImportError: pd = None`), and the map passes it none. pandas costs about 0.5 s of CPU, which
the app's first run need not pay before the map is on screen (issue 19, cold start;
benchmarks/README.md). So, unless pandas is already loaded, folium is imported while `import pandas`
fails in this thread only: a later `import pandas` (a panel's table), or one in another thread
meanwhile, loads it as usual.
"""

from __future__ import annotations

import importlib.abc
import sys
import threading
from typing import Any


class _NoPandasInThisThread(importlib.abc.MetaPathFinder):
    """Makes `import pandas` fail in the thread that made it, and only there."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname == "pandas" and threading.get_ident() == self.thread:
            raise ModuleNotFoundError("pandas is left out of folium's import (dashboard.web.foliumlib)", name=fullname)
        return None


def _import_folium() -> None:
    if "pandas" in sys.modules:
        import folium  # noqa: F401

        return
    guard = _NoPandasInThisThread()
    sys.meta_path.insert(0, guard)
    try:
        import folium  # noqa: F401
    finally:
        sys.meta_path.remove(guard)


_import_folium()

import folium  # noqa: E402
from branca.element import Element, Figure, MacroElement  # noqa: E402

__all__ = ["Element", "Figure", "MacroElement", "folium"]
