"""What the map says in words about a claim: windows, numbers and how each field is backed.

One place for the phrases the web map shows (its labels, popups and legend) so that they say no
more than the sources: "departed by 10 Feb 2022, day not reported", "arrival between 10 and 17 Feb
2022", "arrival not reported: estimated", "about 1,000". No folium here: exports can use them too.
"""

from __future__ import annotations

from dashboard.core.claims import Amount, When

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
    if w is None:
        return "departure not reported"
    if w.disputed:
        return "departure: " + w.words()
    text = w.words()
    if text.startswith("by "):
        return f"departed {text}, day not reported"
    return "departure " + text


def arrive_words(w: When | None, estimated: bool = True) -> str:
    """The arrival as the sources give it (none: the engine's estimate, said so, or, where the engine
    makes none, 'arrival not reported')."""
    if w is None:
        return "arrival not reported: estimated" if estimated else "arrival not reported"
    if w.disputed:
        return "arrival: " + w.words()
    text = w.words()
    if text.startswith("by "):
        return f"arrived {text}, day not reported"
    return "arrival " + text


def window_words(depart: When | None, arrive: When | None, estimated: bool = True) -> str:
    """A movement's dates in one phrase: 'departed by 10 Feb 2022, day not reported; arrival not
    reported: estimated'. A missing departure is left out when the arrival is given (the sources
    name only the arrival)."""
    parts = [depart_words(depart)] if depart is not None or arrive is None else []
    parts.append(arrive_words(arrive, estimated))
    return "; ".join(parts)


def amount_words(a: Amount | None) -> str | None:
    """'about 1,000', '800–1,000', 'over 100,000', 'up to 8' (None: not reported)."""
    return None if a is None else a.words()
