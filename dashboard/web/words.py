"""What the map says in words about a claim: windows, numbers and how each field is backed.

One place for the phrases the web map shows (its labels, popups and legend) so that they say no
more than the sources: "departed by 10 Feb 2022, day not reported", "arrival between 10 and 17 Feb
2022", "arrival not reported: estimated", "about 1,000". No folium here: exports can use them too.
"""

from __future__ import annotations

import datetime as dt

from dashboard.core.claims import Amount, When, day_words, when_phrase, window_phrase

# How a field is backed (dashboard.core.coverage.STATUSES) as the map says it.
STATUS_WORDS = {
    "quote": "quoted",
    "curator": "curator's note",
    "record": "quoted for the record (field not named)",
    "unsupported": "unsupported",
}
FIELD_WORDS = {
    "unit": "Unit",
    "from": "From",
    "to": "To",
    "depart": "Depart",
    "arrive": "Arrive",
    "strength": "Strength",
    "date": "Date",
    "place": "Place",
    "valid_from": "Valid from",
    "valid_to": "Valid to",
    "geometry": "Outline",
    "name": "Name",
}
DISPUTED = "sources disagree"
# A unit known to have left whose arrival no source bounds: drawn mid-stretch, and said so
# (dashboard.engine.timeline.unplaced; deploymap.js POSITION_NOT_REPORTED).
POSITION_NOT_REPORTED = "position not reported"
# What a citation is the source for, as a reader says it: "Source for the unit's name, where it left
# from, where it was going and when it left." (the map's popups; deploymap.js `backsWords` joins them
# as `backs_words` does).
SUPPORT_WORDS = {
    "unit": "the unit's name",
    "from": "where it left from",
    "to": "where it was going",
    "depart": "when it left",
    "arrive": "when it arrived",
    "strength": "its strength",
    "date": "the date",
    "place": "the place",
    "valid_from": "since when it holds",
    "valid_to": "until when it holds",
    "geometry": "its outline",
    "name": "the name",
}


def and_list(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def backs_words(fields: list[str] | tuple[str, ...]) -> str:
    """What one citation backs, in plain words: 'Source for the unit's name and when it left.'"""
    return "Source for " + and_list([SUPPORT_WORDS.get(f, f.replace("_", " ")) for f in fields]) + "."


def source_words(title: str, publisher: str, published: dt.date) -> str:
    """A source as a reader names it: its title, outlet and date ('Title. Outlet, 10 Feb 2022'), never
    the path of its stored text."""
    return f"{title.removesuffix('.')}. {publisher}, {day_words(published)}"


def depart_words(w: When | None) -> str:
    """The departure as the sources give it, as a phrase."""
    return when_phrase("departed", "departure", w)


def arrive_words(w: When | None, estimated: bool = True) -> str:
    """The arrival as the sources give it (none: the engine's estimate, said so, or, where the engine
    makes none, 'arrival not reported')."""
    return when_phrase("arrived", "arrival", w, estimated)


def window_words(depart: When | None, arrive: When | None, estimated: bool = True) -> str:
    """A movement's dates in one phrase: 'departed by 10 Feb 2022, day not reported; arrival not
    reported: estimated' (see dashboard.core.claims.window_phrase)."""
    return window_phrase(depart, arrive, estimated)


def amount_words(a: Amount | None) -> str | None:
    """'about 1,000', '800–1,000', 'over 100,000', 'up to 8' (None: not reported)."""
    return None if a is None else a.words()
