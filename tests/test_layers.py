"""The package's shape: dependencies point one way, and the edges stay at the edge.

core <- engine <- web, export, draft <- cli, ui (and app.py, pages/). Only ui/, app.py
and pages/ import streamlit; only cli/ imports argparse; no module imports another
module's private name. Read from the source (ast), so a function-level import counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"
LAYER = {"core": 0, "engine": 1, "web": 2, "export": 2, "draft": 2, "interchange": 2, "publish": 3, "cli": 4, "ui": 4}
# Which packages each package may import (beyond itself and lower layers).
ALSO = {
    "export": {"web"},
    "draft": set(),
    "web": set(),
    "interchange": {"export", "draft", "web"},  # atomic writes, the gazetteer, unit symbols and map options
    "publish": {"export", "web"},
    "cli": {"export", "draft", "web", "interchange", "publish"},
    "ui": {"web", "draft", "publish", "interchange"},
}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "node_modules" not in p.parts)


def imports(path: Path) -> list[tuple[str, list[str]]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
    return out


def package_of(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if len(rel) > 1 and rel[0] in LAYER else None


def graph() -> dict[str, set[str]]:
    """Which package imports which (the note's import graph)."""
    edges: dict[str, set[str]] = {}
    for path in modules():
        mine = package_of(path) or path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for module, _names in imports(path):
            parts = module.split(".")
            if parts[0] == "dashboard" and len(parts) > 1 and parts[1] in LAYER and parts[1] != mine:
                edges.setdefault(mine, set()).add(parts[1])
    return edges


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_dependencies_point_one_way(path):
    mine = package_of(path)
    if mine is None:  # app.py, pages/, __main__.py: entry points may import anything
        return
    for module, _names in imports(path):
        parts = module.split(".")
        if parts[0] != "dashboard" or len(parts) < 2 or parts[1] not in LAYER or parts[1] == mine:
            continue
        other = parts[1]
        assert LAYER[other] < LAYER[mine] or other in ALSO.get(mine, set()), (
            f"{path.relative_to(PACKAGE)} ({mine}) imports {module} ({other})"
        )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_edges_stay_at_the_edge(path):
    rel = path.relative_to(PACKAGE)
    names = {m.split(".")[0] for m, _ in imports(path)}
    if "streamlit" in names:
        assert rel.parts[0] in ("ui", "pages") or rel.name == "app.py", f"{rel} imports streamlit"
    if "argparse" in names:
        assert rel.parts[0] == "cli", f"{rel} imports argparse"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_crosses_a_module(path):
    for module, names in imports(path):
        if module.startswith("dashboard"):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            assert not private, f"{path.relative_to(PACKAGE)} imports {private} from {module}"


def test_core_and_engine_import_no_upper_layer():
    edges = graph()
    assert edges.get("core", set()) <= set()
    assert edges.get("engine", set()) <= {"core"}
