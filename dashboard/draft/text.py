"""The article as text: its `date` header, where its body starts, and its sentences (with the offsets
every quote and span refers to)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

TODO = "TODO"
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

# --------------------------------------------------------------------------- article
HEADER = re.compile(r"\A\ufeff?\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)


_MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
# A wire or press-release dateline opening the article: "FORT STEWART, Ga. (March 1, 2022) —",
# "WASHINGTON (Feb. 24, 2022) —", "BUCHAREST, Oct 3 (Meridian) -".
_DL_MONTH = r"(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2})(?:,?\s+(?P<y>(?:19|20)\d\d))?"
_DATELINE_BODY = (
    r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2})?,?\s*"
    r"(?:\(\s*" + _DL_MONTH + r"\s*\)|" + _DL_MONTH.replace("?P<", "?P<b") + r"\s*\([^()\n]{1,40}\)"
    # round 12 (a new user's trial): "COPENHAGEN, March 14, 2024 - ", "OSLO, 14 March 2024 — ": no brackets,
    # the year given
    r"|(?P<cmon>[A-Z][a-z]{2,8})\.?\s+(?P<cd>\d{1,2}),?\s+(?P<cy>(?:19|20)\d\d)"
    r"|(?P<ed>\d{1,2})\s+(?P<emon>[A-Z][a-z]{2,8})\.?,?\s+(?P<ey>(?:19|20)\d\d))"
    r"\s*[-–—]"
)
DATELINE = re.compile(r"\A\ufeff?\s*" + _DATELINE_BODY)
# round 9: the dateline opens the body's first paragraph, below a headline or a note ("SYNTHETIC ARTICLE ...",
# "UN rotates peacekeepers ...", then "NIAMEY, March 14, 2026 (Wire Services) - ..."): a new user's trial
_DATELINE_LINE = re.compile(_DATELINE_BODY)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(y: int, mon: str, d: int) -> dt.date | None:
    """The date for a month word ("Feb", "Sept", "March"), or None when it is no month or no real day."""
    word = mon.lower()
    month = _MONTHS.get(word[:3])
    if month is None or not (word in (word[:3], "sept") or word == calendar.month_name[month].lower()):
        return None
    try:
        return dt.date(y, month, d)
    except ValueError:
        return None


# A header line giving the date in full, above the body: "Thursday, 9 April 2026",
# "FOR IMMEDIATE RELEASE: Nov. 18, 2025", "Updated Tuesday 17 June 2025, 18:20 local time",
# "NEWSLETTER | Issue 12 | Friday 20 February 2026". Day-month-year or month-day-year, a year always.
_WD = r"(?:(?P<wd>" + "|".join(_WEEKDAY_NAMES) + r")\.?,?\s+)?"
_HEADER_DATES = (
    re.compile(_WD + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(_WD + r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
)
# round 13: numeric header dates, "2024-10-18 16:05 | North Korea" (ISO) and "ERR News | 03.02.2025 11:42" (day.month.year,
# the dotted form of Europe); a slashed "03/02/2025" is left alone (day or month first is not known)
_NUMERIC_DATES = (
    re.compile(r"(?<![\d.-])(?P<y>(?:19|20)\d\d)-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?![\d.])"),
)
HEADER_LINES = 6  # the lines looked at above the body
HEADER_LINE_CHARS = 100  # a longer line is body text, and the header ends there
HEADER_OTHER_WORDS = 8  # a line with more words besides its date is a headline or a sentence, not a date line


# a header line that says what its date is: "Published: September 3, 2026", "Updated 4 May 2025", "Posted on ..."
_LABELLED = re.compile(r"(?:First\s+)?(?:Published|Updated|Posted|Date|Dated|Issued)\b", re.IGNORECASE)


def header_line_date(text: str) -> tuple[dt.date, str] | None:
    """The date of a short header line above the body, with how it was read; None when there is none.

    Only the first lines count, up to the first long line or sentence (the body); a line counts when its date has a year
    and few other words ("Updated", a time, "FOR IMMEDIATE RELEASE:", an issue number), so a headline
    telling of another date ("Troops who left on 3 March 2014 return") is not read as the article's.
    A weekday that does not fit the date makes the line unreadable rather than guessed.
    """
    lines = [ln.strip() for ln in text.lstrip("\ufeff").splitlines()]
    sentence_seen = False
    for line in [ln for ln in lines if ln][:HEADER_LINES]:
        if re.fullmatch(r"\([^()]*\)|\[[^\[\]]*\]", line):
            continue  # round 10: an editor's note in brackets ("(Unofficial English translation. ...)"), however long
        if len(line) > HEADER_LINE_CHARS:  # body text: the header ends
            return None
        if line[-1] in ".!?":  # a sentence: the header ends, but for a labelled date line below a short note
            sentence_seen = True
            continue
        labelled = _LABELLED.match(line)
        if sentence_seen and not labelled:
            continue  # below a sentence, only a line that says what its date is ("Published: ...")
        # round 13: "Week 34 (19-25 August 2024) | posted Monday, 26 August 2024": the date a label word gives
        said = re.search(r"\b(?:published|updated|posted|dated|issued)\b", line, re.IGNORECASE)
        for pattern in _HEADER_DATES + _NUMERIC_DATES:
            m = (pattern.search(line, said.end()) if said else None) or pattern.search(line)
            if m is None:
                continue
            if "mon" in m.groupdict():
                day = _day(int(m["y"]), m["mon"], int(m["d"]))
            else:
                try:
                    day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
                except ValueError:
                    day = None
            rest = (line[: m.start()] + " " + line[m.end() :]).split()
            # round 13: a line that says what its date is may say more ("Published: Jan. 11, 2024 at 5:52 PM CST |
            # Updated: ..."): its first date is the article's
            if day is None or (
                not labelled and len([w for w in rest if re.search(r"[A-Za-z]", w)]) > HEADER_OTHER_WORDS
            ):
                continue
            if m.groupdict().get("wd") and _WEEKDAY_NAMES.index(m["wd"].lower()) != day.weekday():
                return None
            return day, f"the header line '{line}'"
    return None


def dateline_date(text: str, today: dt.date | None = None) -> tuple[dt.date, str] | None:
    """The date of a dateline opening the article, or of a header line above it, with how it was read.

    With a year ("(March 1, 2022)") the date is exact. Without one ("BUCHAREST, Oct 3 (Meridian) -") the
    year is taken only when the first sentence names a weekday ("said on Monday") and exactly one year
    among the last six (to `today`) puts that day on that weekday; otherwise nothing is guessed.
    Without a dateline, a short line of the header giving a full date (:func:`header_line_date`).
    """
    m = DATELINE.match(text)
    if not m:
        m = _first_paragraph_dateline(text)
    if not m:
        return header_line_date(text) or said_on_date(text)
    g = {re.sub(r"^[bce](?=mon|d|y)", "", k): v for k, v in m.groupdict().items() if v is not None}
    if "y" in g:
        day = _day(int(g["y"]), g["mon"], int(g["d"]))
        return (day, f"the dateline '{m.group(0).strip()}'") if day else None
    header = header_line_date(text)
    if header is not None:
        return header  # round 13: "2024-10-18 16:05" above "SEOUL, Oct. 18 (Yonhap) --": the header has the year
    first = re.split(r"(?<=[.!?])\s", text[m.end() :], maxsplit=1)[0]
    wd = re.search(r"\b(?:on\s+)?(" + "|".join(_WEEKDAY_NAMES) + r")\b", first, re.IGNORECASE)
    if wd is None:
        return None
    ref = today or dt.date.today()
    want = _WEEKDAY_NAMES.index(wd.group(1).lower())
    fits = [
        day
        for y in range(ref.year - 5, ref.year + 1)
        if (day := _day(y, g["mon"], int(g["d"]))) is not None and day <= ref and day.weekday() == want
    ]
    if len(fits) != 1:
        return None
    return fits[0], f"the dateline '{m.group(0).strip()}' (no year: the only recent year where it is a {wd.group(1)})"


# Round 10: the date the first paragraph says its news was given ("..., the U.S. Army said Tuesday, March 14, 2023"):
# a wire story whose dateline has none. Only after a verb of saying, with a year.
_SAID_ON = re.compile(
    r"\b(?:said|says|announced|confirmed|reported|stated|told\s+reporters)\s+(?:on\s+)?"
    + _WD
    + r"(?:(?P<d1>\d{1,2})\s+(?P<mon1>[A-Z][a-z]{2,8})\.?|(?P<mon2>[A-Z][a-z]{2,8})\.?\s+(?P<d2>\d{1,2})),?\s+"
    r"(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def said_on_date(text: str) -> tuple[dt.date, str] | None:
    """The date of a verb of saying in the body's first paragraph, with how it was read; None without one."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.lstrip("\ufeff")) if len(p.strip()) > HEADER_LINE_CHARS]
    if not paragraphs:
        return None
    m = _SAID_ON.search(paragraphs[0])
    if m is None:
        return None
    day = _day(int(m["y"]), m["mon1"] or m["mon2"], int(m["d1"] or m["d2"]))
    if day is None or (m["wd"] and _WEEKDAY_NAMES.index(m["wd"].lower()) != day.weekday()):
        return None
    return day, f"the first paragraph ('{' '.join(m.group(0).split())}')"


def _first_paragraph_dateline(text: str) -> re.Match[str] | None:
    """A dateline at the start of one of the first lines, up to and including the first long one (the body's
    first paragraph, where a wire story's dateline stands below its headline)."""
    pos = 0
    for k, line in enumerate(text.splitlines(keepends=True)):
        if k >= HEADER_LINES + 4:
            return None
        stripped = line.strip()
        if stripped:
            m = _DATELINE_LINE.match(text, pos + len(line) - len(line.lstrip()))
            if m is not None:
                return m
            if len(stripped) > HEADER_LINE_CHARS:
                return None  # the body's first paragraph has no dateline
        pos += len(line)
    return None


def article_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The article's date: its first line (``date YYYY-MM-DD ...``), else a dateline or a dated header line
    (:func:`dateline_date`)."""
    got = article_date_read(text, today)
    return got[0] if got else None


def article_date_read(text: str, today: dt.date | None = None) -> tuple[dt.date, str] | None:
    """:func:`article_date` with how it was read ("the first line", "the dateline 'WARSAW, March 9' (no year:
    ...)"), so that a page can say where a date it did not ask for came from."""
    m = HEADER.match(text)
    if not m:
        return dateline_date(text, today)
    try:
        return dt.date.fromisoformat(m.group(1)), f"the first line '{m.group(0).strip()}'"
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
            return f"{v.claim} ({'as written' if v.stated else 'the draft reads it'}: {v.why})"
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
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n[ \t]*(?=[-•*–—][ \t]+\S)")  # blank line, or a bulleted line


_TIME_LINE = re.compile(r"(?m)^[ \t]*\d{1,2}[:.]\d{2}(?:[ \t]*(?:[A-Z]{2,5}|[ap]\.?m\.?))?[ \t]*$")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of the article (after an optional date header), with absolute offsets.

    Paragraphs (blank lines) and bulleted lines ("- ", "• ") always end a sentence; within one, a sentence ends
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
    # round 14: a live blog's time on a line of its own ("17:20 CEST") is a sentence of its own, not the first words of
    # the entry under it
    split: list[tuple[int, int]] = []
    for ps, pe in paragraphs:
        for m in _TIME_LINE.finditer(text, ps, pe):
            if m.end() < pe:
                split.append((ps, m.end()))
                ps = m.end()
        split.append((ps, pe))
    for ps, pe in split:
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
                initial = re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word) and not (
                    # round 16: "aboard the amphibious assault ship Juan Carlos I. The Tercio is based ...": a Roman
                    # one before a word that opens sentences, not an initial before a surname
                    word == "I"
                    and re.match(r"\s*(?:The|A|An|It|Its|They|Their|He|She|This|These|In|On|At)\s", text[e:pe])
                )
                if word.lower() in ABBREVIATIONS or initial:
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
