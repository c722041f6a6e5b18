"""The contract between Python and the map script: the payload's tables and their columns.

The payload is compact (rows are arrays, not objects: a 10,000-movement map sends each
column name once, not 10,000 times), but nothing is positional by convention: the column
names below travel in the payload (`columns`) and deploymap.js looks every index up by
name (`C.moves.arrive`). Build rows with `row(table, ...)`, which refuses a row whose
fields are not exactly the table's columns. In the page, `to_wire` sends the big tables column by
column and two columns of `moves` encoded (WINDOWS, SAYS); `decode_payload` (and `decodePayload` in
deploymap.js) gives the rows back as the script reads them.
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
        "depart",  # a finite day for ordering and the window (never drawn as a fact unless `dated`)
        "arrive",
        "depart_lo",  # the departure's window, in days from `depart` (see WINDOWS), null where open
        "depart_hi",
        "arrive_lo",  # the arrival's window, from `arrive` (the engine's estimate where none is reported)
        "arrive_hi",
        "depart_words",  # strings: the date as the sources give it ("by 10 Feb 2022"), -1 if absent
        "arrive_words",
        "depart_say",  # strings: as a phrase ("departed by 10 Feb 2022, day not reported"), -1: not said,
        "arrive_say",  # or a form of `sayForms` (see SAYS): "arrival between 10 and 17 Feb 2022"
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

# Two columns of `moves` travel encoded, so a dataset whose dates the sources give as windows costs
# little more than one with exact days (decoded by `decode_payload` here and `decodePayload` in deploymap.js):
# - a window bound is sent as days from its nominal day (`depart` or `arrive`): 0 where the sources give
#   one day, as for most movements; null stays null (open);
# - a phrase whose date words (`depart_words` / `arrive_words`) appear in it once is sent as -2 - k:
#   the form `sayForms[k]` with the words in place of FORM_HOLE ("departed {}, day not reported").
WINDOWS = {"depart_lo": "depart", "depart_hi": "depart", "arrive_lo": "arrive", "arrive_hi": "arrive"}
SAYS = {"depart_say": "depart_words", "arrive_say": "arrive_words"}
FORM_HOLE = "{}"


def window_offset(bound: int | None, nominal: int) -> int | None:
    """A window bound (a day number, None where open) as sent: days from its nominal day."""
    return None if bound is None else bound - nominal


def say_form(say: str, words: str | None) -> str | None:
    """The form of `say` with `words` in place of FORM_HOLE, when decoding it gives `say` back."""
    if not words or FORM_HOLE in say or say.count(words) != 1:
        return None
    form = say.replace(words, FORM_HOLE)
    return form if form.count(FORM_HOLE) == 1 and form.replace(FORM_HOLE, words) == say else None


# In the page, the big tables travel column by column (`byColumn`: each a list of columns, in COLUMNS
# order): a column's similar values sit together, which compresses better than rows (`to_wire`).
BY_COLUMN = ("moves", "cites")


def to_wire(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as the page carries it: the BY_COLUMN tables transposed (a copy)."""
    out = dict(payload)
    for table in BY_COLUMN:
        rows = payload[table]
        out[table] = [[r[i] for r in rows] for i in range(len(COLUMNS[table]))]
    out["byColumn"] = list(BY_COLUMN)
    return out


def decode_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as the map script reads it once decoded (a copy; the payload is left as sent):
    tables sent by column as rows again, window bounds as day numbers, each phrase sent as a form
    written out and added to `strings`."""
    out = dict(payload)
    for table in payload.get("byColumn", []):
        cols = payload[table]
        out[table] = [list(r) for r in zip(*cols)] if cols and cols[0] else []
    out.pop("byColumn", None)
    strings = list(payload["strings"])
    forms = payload.get("sayForms", [])
    m_index = {name: i for i, name in enumerate(payload["columns"]["moves"])}
    added: dict[str, int] = {}
    moves = []
    for r in out["moves"]:
        r = list(r)
        for col, nominal in WINDOWS.items():
            if r[m_index[col]] is not None:
                r[m_index[col]] = r[m_index[nominal]] + r[m_index[col]]
        for col, words in SAYS.items():
            code = r[m_index[col]]
            if code is not None and code <= -2:
                text = forms[-2 - code].replace(FORM_HOLE, strings[r[m_index[words]]])
                if text not in added:
                    added[text] = len(strings)
                    strings.append(text)
                r[m_index[col]] = added[text]
        moves.append(r)
    out["moves"], out["strings"] = moves, strings
    return out


_WRITTEN = {table: tuple("from_" if c == "from" else c for c in cols) for table, cols in COLUMNS.items()}
_WRITTEN_SET = {table: frozenset(cols) for table, cols in _WRITTEN.items()}


def row(table: str, **fields: Any) -> list[Any]:
    """A row of `table` with its fields in column order (`from` is written `from_`)."""
    if fields.keys() != _WRITTEN_SET[table]:
        values = {k.rstrip("_"): v for k, v in fields.items()}
        columns = COLUMNS[table]
        if values.keys() != set(columns):
            missing, extra = set(columns) - values.keys(), values.keys() - set(columns)
            raise ValueError(f"{table} row: missing {sorted(missing)}, unknown {sorted(extra)}")
        return [values[c] for c in columns]
    return [fields[c] for c in _WRITTEN[table]]


def column(payload: dict[str, Any], table: str, name: str) -> list[Any]:
    """One column of a payload table (for tests and tools)."""
    i = INDEX[table][name]
    return [r[i] for r in payload[table]]
