"""The contract between Python and the map script: the payload's tables and their columns.

The payload is compact (rows are arrays, not objects: a 10,000-movement map sends each
column name once, not 10,000 times), but nothing is positional by convention: the column
names below travel in the payload (`columns`) and deploymap.js looks every index up by
name (`C.moves.arrive`). Build rows with `row(table, ...)`, which refuses a row whose
fields are not exactly the table's columns. In the page, `to_wire` sends the big tables column by
column and some columns of `moves` encoded (OFFSETS, WORDS, SAYS); `decode_payload` (and `decodePayload` in
deploymap.js) gives the rows back as the script reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.core.claims import day_words

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

# Some columns of `moves` travel encoded, so a dataset whose dates the sources give as windows costs little
# more than one with exact days (decoded by `decode_payload` here and `decodePayload` in deploymap.js):
# - OFFSETS: a number sent as its difference from a base column of the same row, decoded in this order
#   (`arrive` first: the arrival windows' base is the decoded arrival): an arrival as days after the
#   departure, a window bound as days from its nominal day (0 where the sources give one day, as for most
#   movements), a strength bound from the strength (0 where the number is exact); null stays null (open);
# - SAYS: a phrase whose date words (`depart_words` / `arrive_words`) appear in it once is sent as
#   -2 - k: the form `sayForms[k]` with the words in place of FORM_HOLE ("departed {}, day not reported").
OFFSETS = {
    "arrive": "depart",
    "depart_lo": "depart",
    "depart_hi": "depart",
    "arrive_lo": "arrive",
    "arrive_hi": "arrive",
    "strength_lo": "strength",
    "strength_hi": "strength",
}
SAYS = {"depart_say": "depart_words", "arrive_say": "arrive_words"}
FORM_HOLE = "{}"
# - WORDS: words that say no more than the row's own number travel as DERIVED: a date's words that are its
#   day written out (claims.day_words: "10 Feb 2022"), a number's that are its digits with thousands
#   commas ("1,200"); any other words ("by 10 Feb 2022", "about 1,000") travel as strings. Decoded after
#   OFFSETS and before SAYS (whose forms take these words).
DERIVED = -2
WORDS = {"depart_words": ("depart", "day"), "arrive_words": ("arrive", "day"), "strength_words": ("strength", "number")}
_EPOCH = dt.date(1970, 1, 1)  # day 0 of the engine's time axis (engine.timeline.EPOCH)


def derived_words(kind: str, value: int) -> str:
    """The words a DERIVED column stands for: a day number's day written out, or a number with commas."""
    return day_words(_EPOCH + dt.timedelta(days=value)) if kind == "day" else f"{value:,}"


def words_code(col: str, words: str | None, value: int | None) -> str | int | None:
    """DERIVED where `words` are what `value` (the row's decoded base column) says, else the words."""
    kind = WORDS[col][1]
    if words is not None and value is not None and value >= 0 and words == derived_words(kind, value):
        return DERIVED
    return words


def encode_offsets(values: dict[str, Any]) -> dict[str, Any]:
    """A movement row's OFFSETS columns as sent (`values`: the decoded fields by column name)."""
    out = dict(values)
    for col, base in OFFSETS.items():
        if values[col] is not None:
            out[col] = values[col] - values[base]
    return out


def say_form(say: str, words: str | None) -> str | None:
    """The form of `say` with `words` in place of FORM_HOLE, when decoding it gives `say` back."""
    if not words or FORM_HOLE in say or say.count(words) != 1:
        return None
    form = say.replace(words, FORM_HOLE)
    return form if form.count(FORM_HOLE) == 1 and form.replace(FORM_HOLE, words) == say else None


# In the page, the big tables travel column by column (`byColumn`: each a list of columns, in COLUMNS
# order): a column's similar values sit together, which compresses better than rows (`to_wire`).
BY_COLUMN = ("moves", "cites", "units", "events", "areas")


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
    tables sent by column as rows again, OFFSETS columns as values, DERIVED words and each phrase sent
    as a form written out and added to `strings`."""
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
        for col, base in OFFSETS.items():
            if r[m_index[col]] is not None:
                r[m_index[col]] = r[m_index[base]] + r[m_index[col]]
        for col, (base, kind) in WORDS.items():
            if r[m_index[col]] == DERIVED:
                text = derived_words(kind, r[m_index[base]])
                if text not in added:
                    added[text] = len(strings)
                    strings.append(text)
                r[m_index[col]] = added[text]
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
