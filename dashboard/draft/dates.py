"""Date phrases resolved against the article's date: exact, weekdays (by tense), and ranges (estimated,
the range kept in the note). The table in `dashboard.draft`'s docstring lists every form."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dashboard.draft.numbers import overlaps
from dashboard.draft.text import Span
from dashboard.draft.values import DateRef
from dashboard.draft.words import MONTHS, WEEKDAYS

# ----------------------------------------------------------------------------- dates
_MONTH_RX = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY_RX = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?P<mon>{_MONTH_RX})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?"
            rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b(?!,\d)"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+(?:of\s+)?(?P<mon>{_MONTH_RX})\b\.?"
            rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?"
        ),
    ),
    (
        "month",
        re.compile(
            r"\b(?P<pre>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?|[Nn]ext|"
            r"[Ll]ast|[Tt]his|[Ee]nd of|[Ss]tart of|[Bb]eginning of)(?:(?<=-)|\s+)(?P<mon>January|February|March|"
            r"April|May|June|July|August|September|October|November|December)\b(?:\s+(?P<y>(?:19|20)\d\d))?"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<mod>[Ll]ast|[Tt]his|[Nn]ext|[Cc]oming|[Pp]ast)\s+)?(?P<wd>{_WEEKDAY_RX})\b"
            rf"(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:(?P<el>earlier|later|early|late)\s+(?:this|in\s+the)\s+(?P<elu>week|month|year)"
            r"|(?P<rel>last|this|next|past)\s+(?P<relu>week(?:end)?|month|year)"
            r"|(?:in|during|over|within)\s+(?:the\s+)?(?P<cm>coming|next|following)\s+(?:few\s+|several\s+|two\s+|three\s+)?"
            r"(?P<cmu>days|weeks|months)"
            r"|(?:in|during|over)\s+(?:the\s+)?(?P<rc>recent|past|last)\s+(?:few\s+|several\s+|two\s+|three\s+)?"
            r"(?P<rcu>days|weeks|months)"
            r"|within\s+(?P<wi>days|weeks|hours)"
            r"|(?P<day>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening))"
            r"|(?P<now>now|currently|at\s+present|at\s+the\s+moment|under\s+way|underway)"
            r"|(?P<begun>(?:has|have|had)\s+(?:now\s+|already\s+)?(?:begun|started)|(?:has|have)\s+(?:now\s+|already\s+)?arrived))\b",
            re.IGNORECASE,
        ),
    ),
    # round 10: not a number written with a year ("PRESS RELEASE No. 2024-117", "Exercise 2024-2")
    ("year", re.compile(r"(?<![\d,.])(?<!No\. )(?<!No )(?<!Nr\. )(?P<y>(?:19|20)\d\d)(?![\d,]|\.\d|-\d{3}(?!\d))")),
]
_FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|set to|expected to|expected|scheduled|plans? to|planned|planning|"
    r"going to|due to|would|to be|next)\b|'ll\b|’ll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|has|have|did|arrived|began|sent|left|went|moved|deployed|met|held|said|told|"
    r"took|came|gave|made|saw|began|ordered|announced|reported|"
    r"flew|landed|\w+ed)\b",
    re.IGNORECASE,
)
_SCHEDULED = re.compile(
    r"\b(?:start|starts|begin|begins|opens|take place|takes place|ends|is scheduled|are scheduled)\b", re.IGNORECASE
)  # the present of a timetable: "exercises that start on Thursday"
_CLAUSE = re.compile(r"[,;:]|\s[-–—]\s|\b(?:and|but|while|when|after|before|as|although|though|which|that|who)\b")


def clause_tense(text: str, lo: int, hi: int, s: int, e: int) -> str | None:
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
        if m.group("p") and re.search(r"\b(?:be|being)\s+$", text[max(lo, lo + m.start() - 7) : lo + m.start()]):
            continue  # round 16: "will be sent to A, B and C in January": the participle after a future "be"
        last = "future" if m.group("f") else "past"
    return last


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(d: dt.date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def _mid(a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=(b - a).days // 2)


def _iso(d: dt.date | None) -> str:
    return ".." if d is None else d.isoformat()


def _day_ref(day: dt.date, phrase: str, why: str, stated: bool = True) -> DateRef:
    return DateRef(day, day, day, "reported", phrase, why, day.isoformat(), stated)


def _span_ref(
    a: dt.date | None, b: dt.date | None, phrase: str, why: str, *, stated: bool = True, edtf: str | None = None
) -> DateRef:
    """A phrase that covers days a..b (None: open): the interval as written; `date` is a day inside it."""
    if a is not None and b is not None and a == b and edtf is None:
        return _day_ref(a, phrase, why, stated)
    text = edtf or f"{_iso(a)}/{_iso(b)}"
    day = _mid(a, b) if a is not None and b is not None else (a or b)
    assert day is not None
    return DateRef(day, a, b, "reported" if stated else "estimated", phrase, why, text, stated)


def _month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


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


_DAY_RANGE = re.compile(r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s*[-–]\s*(?P<d2>\d{1,2})")


def _resolve_date(kind: str, m: re.Match, d0: dt.date, tense: str | None) -> DateRef | None:  # noqa: C901 (one branch per date form of the table in dashboard.draft's docstring; reworked for the claims model (issue 14))
    phrase = m.group(0)
    g = m.groupdict()
    week0 = d0 - dt.timedelta(days=d0.weekday())
    D = d0.isoformat()
    try:
        if kind == "iso":
            day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
            return _day_ref(day, phrase, "written out")
        if kind in ("mdy", "dmy"):
            mon = MONTHS[g["mon"].lower().rstrip(".")[:3] if g["mon"].lower()[:4] != "sept" else "sept"]
            dd = int(g["d"])
            if g.get("y"):
                day = dt.date(int(g["y"]), mon, dd)
                why = "written out"
            else:
                picked = _pick_year(mon, dd, d0, tense)
                if picked is None:
                    return None
                day = picked
                why = (
                    f"'{phrase}' without a year: the "
                    f"{'next' if tense == 'future' else 'latest' if tense == 'past' else 'nearest'} "
                    f"one to the article's date {D}"
                )
            rng = _DAY_RANGE.search(phrase)
            if rng is not None and int(rng.group("d2")) > int(rng.group("d1")):
                last = dt.date(day.year, mon, int(rng.group("d2")))
                return _span_ref(day, last, phrase, why)  # "Feb 14-16": the days it spans
            return _day_ref(day, phrase, why)
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
            month = _month_text(year, mon)
            why = f"'{phrase}': {calendar.month_name[mon]} {year}" + ("" if g.get("y") else " (the year by tense)")
            if pre in ("early", "beginning of", "start of"):
                return _span_ref(
                    a, a + dt.timedelta(days=9), phrase, why + ", read as its first ten days", stated=False
                )
            if pre in ("late", "end of"):
                return _span_ref(b - dt.timedelta(days=9), b, phrase, why + ", read as its last ten days", stated=False)
            if pre == "mid":
                return _span_ref(
                    a + dt.timedelta(days=9),
                    a + dt.timedelta(days=19),
                    phrase,
                    why + ", read as its middle",
                    stated=False,
                )
            if pre == "by":
                return _span_ref(None, b, phrase, why, edtf=f"../{month}")
            if pre in ("since", "from"):
                return _span_ref(a, None, phrase, why, edtf=f"{month}/..")
            return _span_ref(a, b, phrase, why, edtf=month)
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
            return _day_ref(day, phrase, why + f" ({day.strftime('%A')} {day.isoformat()})", stated=False)
        if kind == "relative":
            if g.get("el"):
                unit, el = g["elu"].lower(), g["el"].lower()
                early = el in ("earlier", "early")
                if unit == "week":
                    a, b = (
                        (week0, d0 - dt.timedelta(days=1))
                        if early
                        else (d0 + dt.timedelta(days=1), week0 + dt.timedelta(days=6))
                    )
                elif unit == "month":
                    ma, mb = _month_range(d0.year, d0.month)
                    a, b = (ma, d0 - dt.timedelta(days=1)) if early else (d0 + dt.timedelta(days=1), mb)
                else:
                    a, b = (
                        (dt.date(d0.year, 1, 1), d0 - dt.timedelta(days=1))
                        if early
                        else (d0 + dt.timedelta(days=1), dt.date(d0.year, 12, 31))
                    )
                if b < a:
                    a = b = d0
                return _span_ref(a, b, phrase, f"'{phrase}': the days {a.isoformat()}..{b.isoformat()}")
            if g.get("rel"):
                rel, unit = g["rel"].lower(), g["relu"].lower()
                step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
                edtf = None
                if unit.startswith("week"):
                    a = week0 + dt.timedelta(days=7 * step)
                    b = a + dt.timedelta(days=6)
                    if unit == "weekend":
                        a = a + dt.timedelta(days=5)
                    if rel == "past" and unit == "week":
                        a, b = d0 - dt.timedelta(days=7), d0 - dt.timedelta(days=1)
                elif unit == "month":
                    if rel == "past":
                        a, b = d0 - dt.timedelta(days=30), d0 - dt.timedelta(days=1)
                    else:
                        y, mo = _shift_month(d0, step)
                        a, b = _month_range(y, mo)
                        edtf = _month_text(y, mo)
                else:
                    if rel == "past":
                        a, b = d0 - dt.timedelta(days=365), d0 - dt.timedelta(days=1)
                    else:
                        a, b = dt.date(d0.year + step, 1, 1), dt.date(d0.year + step, 12, 31)
                        edtf = str(d0.year + step)
                return _span_ref(a, b, phrase, f"'{phrase}': the days {a.isoformat()}..{b.isoformat()}", edtf=edtf)
            if g.get("cm"):
                return _span_ref(d0, None, phrase, f"'{phrase}': after the article's date {D}, no end given")
            if g.get("rc"):
                return _span_ref(None, d0, phrase, f"'{phrase}': by the article's date {D}, no start given")
            if g.get("wi"):
                if tense == "past":
                    return _span_ref(None, d0, phrase, f"'{phrase}': by the article's date {D}")
                return _span_ref(d0, None, phrase, f"'{phrase}': from the article's date {D}, no end given")
            if g.get("day"):
                w = g["day"].lower()
                off = {"yesterday": -1, "tomorrow": 1}.get(w, 0)
                day = d0 + dt.timedelta(days=off)
                return _day_ref(day, phrase, f"'{phrase}' relative to the article's date {D}")
            if g.get("now") or g.get("begun"):
                return _span_ref(None, d0, phrase, f"'{phrase}': by the article's date {D}")
        if kind == "year":
            y = int(g["y"])
            if y == d0.year and tense == "future":
                return _span_ref(d0, dt.date(y, 12, 31), phrase, f"'{phrase}': the rest of {y}")
            if y == d0.year:
                return _span_ref(dt.date(y, 1, 1), d0, phrase, f"'{phrase}': {y} up to the article's date")
            return _span_ref(dt.date(y, 1, 1), dt.date(y, 12, 31), phrase, f"'{phrase}': the year {y}", edtf=str(y))
    except (ValueError, KeyError, OverflowError):
        return None
    return None


def date_spans(text: str, lo: int, hi: int, d0: dt.date, taken: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(text, lo, hi):
            s, e = m.start(), m.end()
            if overlaps(s, e, taken) or overlaps(s, e, [(x.start, x.end) for x in out]):
                continue
            ref = _resolve_date(kind, m, d0, clause_tense(text, lo, hi, s, e))
            if ref is not None:
                out.append(Span("date", s, e, text[s:e], _by_day(ref, text[max(lo, s - 20) : s])))
    return sorted(out, key=lambda x: x.start)


BY_BEFORE = re.compile(r"\b(?:by|no later than|not later than)\s+(?:the\s+)?$", re.IGNORECASE)


def _by_day(ref: DateRef, before: str) -> DateRef:
    """'arrive by 20 April', 'no later than Friday': a deadline, not the day. A one-day reading preceded by
    'by' becomes the open interval ending that day (``../D``), no sharper than the phrase ('by March' is
    read so by its month form already)."""
    if ref.earliest is None or ref.latest is None or not BY_BEFORE.search(before):
        return ref
    day = ref.latest
    # round 12 (a new user's trial): "by the end of April" is on or before 30 April, not its last ten days
    why = f"{ref.why}; 'by' that " + (
        "day: on or before it, the day itself not said"
        if ref.earliest == day
        else f"time: on or before {day.isoformat()}, the day not said"
    )
    return DateRef(day, None, day, ref.confidence, ref.phrase, why, f"../{day.isoformat()}", ref.stated)
