"""The article as text: its `date` header, where its body starts, and its sentences (with the offsets
every quote and span refers to)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

TODO = "TODO"
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

# --------------------------------------------------------------------------- article
HEADER = re.compile(r"\A\ufeff?\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)


def article_date(text: str) -> dt.date | None:
    """The date on the article's first line (``date YYYY-MM-DD ...``), if it has one."""
    m = HEADER.match(text)
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None


def body_start(text: str) -> int:
    """Offset of the article's text after an optional ``date YYYY-MM-DD`` header."""
    m = HEADER.match(text)
    return m.end() if m else 0


# ------------------------------------------------------------------------- sentences
@dataclass
class Span:
    """Something recognised in the text: ``text[start:end]`` (absolute offsets)."""

    kind: str  # place | unit | number | date
    start: int
    end: int
    text: str
    value: Any

    @property
    def label(self) -> str:
        """A short explanation (tooltip) of what was recognised."""
        v = self.value
        if self.kind == "place":
            h = v.hit
            return f"{h.name} ({h.country})" + (" - TODO: not located" if h.todo else f" - {h.kind}")
        if self.kind == "unit":
            return f"{v.name} ({v.nation}, {v.branch}, {v.echelon})" + (
                f" = dataset '{v.known_id}'" if v.known_id else ""
            )
        if self.kind == "number":
            return f"{v.value:,}" + (f" {v.noun}" if v.noun else "")
        if self.kind == "date":
            return f"{v.date.isoformat()} ({v.confidence}: {v.why})"
        return self.kind


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    spans: list[Span] = field(default_factory=list)

    def of(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.kind == kind]

    @property
    def places(self) -> list[Span]:
        return self.of("place")

    @property
    def units(self) -> list[Span]:
        return self.of("unit")

    @property
    def numbers(self) -> list[Span]:
        return self.of("number")

    @property
    def dates(self) -> list[Span]:
        return self.of("date")

    @property
    def quote(self) -> str:
        """The sentence as a citation quote: verbatim, whitespace runs made single spaces."""
        return " ".join(self.text.split())


ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "adm",
    "rep",
    "sen",
    "gov",
    "st",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "vs",
    "corp",
    "inc",
    "ltd",
    "co",
    "jr",
    "sr",
    "prof",
    "cmdr",
    "cpl",
    "pvt",
    "brig",
    "ft",
    "mt",
    "pres",
    "gens",
    "sgts",
}
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s|$)")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of the article (after an optional date header), with absolute offsets.

    Paragraphs (blank lines) always end a sentence; within one, a sentence ends
    at ``.``, ``!`` or ``?`` (and any closing quotes) before a capital letter,
    digit or opening quote, except after abbreviations such as ``U.S.`` or ``Gen.``.
    """
    start = body_start(text)
    bounds: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    pos = start
    for m in _PARAGRAPH.finditer(text, start):
        paragraphs.append((pos, m.start()))
        pos = m.end()
    paragraphs.append((pos, len(text)))
    for ps, pe in paragraphs:
        s = ps
        for m in _END.finditer(text, ps, pe):
            e = m.end()
            nxt = re.match(r"\s*(\S)", text[e:pe])
            if nxt is None:
                continue  # the paragraph's end closes the sentence anyway
            ch = nxt.group(1)
            if not (ch.isupper() or ch.isdigit() or ch in "\"“‘'("):
                continue
            if text[m.start()] == ".":
                before = re.search(r"(\S+)$", text[s : m.start()])
                word = before.group(1).lstrip("\"“(‘'") if before else ""
                if word.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word):
                    continue
            bounds.append((s, e))
            s = e
        bounds.append((s, pe))
    out: list[Sentence] = []
    for s, e in bounds:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        s2, e2 = s + lead, s + len(chunk.rstrip())
        if e2 > s2:
            out.append(Sentence(len(out), s2, e2, text[s2:e2]))
    return out
