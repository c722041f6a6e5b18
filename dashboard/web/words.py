"""What the map says in words about a claim: windows, numbers and how each field is backed.

One place for the phrases the web map shows (its labels, popups and legend) so that they say no
more than the sources: "departed by 10 Feb 2022, day not reported", "arrival between 10 and 17 Feb
2022", "arrival not reported: estimated", "about 1,000". No folium here: exports can use them too.
"""

from __future__ import annotations

from dashboard.core.claims import Amount, When, when_phrase, window_phrase

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
