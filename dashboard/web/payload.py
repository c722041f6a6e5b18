"""The contract between Python and the map script: the payload's tables and their columns.

The payload is compact (rows are arrays, not objects: a 10,000-movement map sends each
column name once, not 10,000 times), but nothing is positional by convention: the column
names below travel in the payload (`columns`) and deploymap.js looks every index up by
name (`C.moves.arrive`). Build rows with `row(table, ...)`, which refuses a row whose
fields are not exactly the table's columns.
"""

from __future__ import annotations

from typing import Any

COLUMNS: dict[str, tuple[str, ...]] = {
    "places": ("lon", "lat"),
    "units": ("id", "name", "label", "symbol", "affiliation", "home", "subtitle", "cites"),
    "symbols": ("svg", "width", "height"),
    "moves": (
        "unit",
        "from",
        "to",
        "depart",
        "arrive",
        "estimated",
        "strength",
        "confidence",
        "cites",
        "description",
        "id",
    ),
    "events": ("id", "name", "day", "place", "cites", "description"),
    "areas": ("id", "name", "from", "to", "affiliation", "geometry", "cites", "strength", "description"),
    "cites": ("source", "quote", "note"),
    "sources": ("title", "publisher", "published", "url", "file"),
}
INDEX = {table: {name: i for i, name in enumerate(cols)} for table, cols in COLUMNS.items()}


def row(table: str, **fields: Any) -> list[Any]:
    """A row of `table` with its fields in column order (`from` is written `from_`)."""
    values = {k.rstrip("_"): v for k, v in fields.items()}
    columns = COLUMNS[table]
    if values.keys() != set(columns):
        missing, extra = set(columns) - values.keys(), values.keys() - set(columns)
        raise ValueError(f"{table} row: missing {sorted(missing)}, unknown {sorted(extra)}")
    return [values[c] for c in columns]


def column(payload: dict[str, Any], table: str, name: str) -> list[Any]:
    """One column of a payload table (for tests and tools)."""
    i = INDEX[table][name]
    return [r[i] for r in payload[table]]
