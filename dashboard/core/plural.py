"""Counts in words, singular or plural as the number asks: '1 source', '2 sources', '0 movements',
'1 story', '3 stories', '1,200 units'. One helper for every count phrase the app, the exports and the
command line show (the map script's own counts, deploymap.js, pick the form the same way)."""

from __future__ import annotations


def plural(noun: str) -> str:
    """The regular English plural of the nouns the app counts: 'story' -> 'stories', 'source' -> 'sources'."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def counted(n: int, noun: str, many: str | None = None) -> str:
    """'1 source', '2 sources', '0 sources', '1,234 movements' (`many`: an irregular plural)."""
    return f"{n:,} {noun if n == 1 else (many or plural(noun))}"
