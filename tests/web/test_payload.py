"""The Python -> JavaScript contract: named payload columns and the one palette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.web import style
from dashboard.web.payload import COLUMNS, INDEX, column, row

FRONTEND = Path(__file__).resolve().parents[2] / "dashboard" / "web" / "frontend"
JS = (FRONTEND / "deploymap.js").read_text(encoding="utf-8")
CSS = (FRONTEND / "deploymap.css").read_text(encoding="utf-8")


def test_row_puts_fields_in_column_order_and_refuses_others():
    assert row("cites", note=3, source=0, quote=2, supports=None) == [0, 2, 3, None]
    assert row("moves", **{c if c != "from" else "from_": i for i, c in enumerate(COLUMNS["moves"])}) == list(
        range(len(COLUMNS["moves"]))
    )
    with pytest.raises(ValueError, match="missing \\['note'\\]"):
        row("cites", source=0, quote=1, supports=None)
    with pytest.raises(ValueError, match="unknown \\['colour'\\]"):
        row("cites", source=0, quote=1, note=2, supports=None, colour="red")
    assert column({"cites": [[0, 1, 2, None], [5, 6, 7, None]]}, "cites", "quote") == [1, 6]
    assert INDEX["moves"]["id"] == COLUMNS["moves"].index("id")


@pytest.mark.parametrize("table", [t for t in COLUMNS if t != "places"])
def test_the_map_script_reads_every_column_by_name(table):
    """deploymap.js names each column it reads (`u.name`, `m[M.arrive]`): no positional index
    on a payload row, so a new column cannot silently shift what the map shows."""
    for name in COLUMNS[table]:
        assert re.search(rf"[.\[]{re.escape(name)}\b|M\.{re.escape(name)}\b", JS), f"{table}.{name} is not read by name"
    assert "data.columns[table]" in JS


def test_one_palette():
    """Colours of routes, areas, events and the highlight are written once (web/style.py): the
    script and the style sheet take them from the payload and from CSS variables."""
    literals = set(style.AREA_COLOURS.values()) | {s[0] for s in style.ROUTE_STYLES.values()}
    literals |= {style.HIGHLIGHT_COLOUR, style.EVENT_COLOUR, style.OCEAN}
    for colour in literals:
        assert colour not in JS, f"{colour} is written in deploymap.js"
    css_rules = re.sub(r"#dm-play[^}]*}|\.dm-slider[^}]*}", "", CSS)  # control chrome, not map colours
    for colour in literals:
        assert colour not in css_rules, f"{colour} is written in deploymap.css"
    variables = style.css_variables()
    for var in set(re.findall(r"var\((--dm-[\w-]+)\)", CSS)):
        assert var + ":" in variables, f"{var} is used by deploymap.css but not set by the page"
    pal = style.palette()
    assert pal["route"]["in_transit"]["color"] == style.ROUTE_STYLES[1][0]
    assert set(pal["affiliation"]) == set(style.AREA_COLOURS)
