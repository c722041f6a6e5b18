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
    # rank: the echelon's index in model.ECHELONS (a label's priority: a division before a company)
    "units": ("id", "name", "label", "symbol", "affiliation", "home", "subtitle", "cites", "rank"),
    "symbols": ("svg", "width", "height"),
    "moves": (
        "unit",
        "from",
        "to",
        "depart",  # a finite day for ordering and the window (never drawn as a fact unless `dated`)
        "arrive",
        "depart_lo",  # the departure's window: day numbers, null where open (or missing)
        "depart_hi",
        "arrive_lo",  # the arrival's window (the engine's estimate where none is reported)
        "arrive_hi",
        "depart_words",  # strings: the date as the sources give it ("by 10 Feb 2022"), -1 if absent
        "arrive_words",
        "depart_say",  # strings: as a phrase ("departed by 10 Feb 2022, day not reported"), -1: not said
        "arrive_say",  # strings: "arrival between 10 and 17 Feb 2022", "arrival not reported: estimated"
        "estimated",  # 1: no arrival reported, the engine estimated it
        "dated",  # 1: both dates exact (the schedule is the sources')
        "strength",  # one number for sizing (-1: not reported)
        "strength_lo",  # null where not reported
        "strength_hi",  # null where open ("over 100,000") or not reported
        "strength_words",  # strings: "about 1,000", -1 if not reported
        "confidence",
        "cites",
        "fields",  # indexes into `fields`: each claim field, how it is backed
        "description",
        "id",
    ),
    "events": ("id", "name", "day", "dated", "date_words", "place", "cites", "fields", "description"),
    "areas": (
        "id",
        "name",
        "from",
        "to",
        "from_words",
        "to_words",
        "affiliation",
        "geometry",
        "cites",
        "fields",
        "strength",
        "strength_words",
        "description",
    ),
    "cites": ("source", "quote", "note", "supports"),
    "sources": ("title", "publisher", "published", "url", "file"),
    # A claim field of a record: its name, how it is backed (coverage.STATUSES), the citations that
    # back it, its alternatives from several sources, and whether they disagree.
    "fields": ("name", "status", "cites", "alts", "disputed"),
    "alts": ("value", "cite", "preferred"),  # one source's value (strings), its quote or note (cites)
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
