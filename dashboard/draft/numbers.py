"""Numbers in the text: digits and words, with what they count (troops, soldiers, ...)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dashboard.draft.text import Span
from dashboard.draft.values import NumberRef
from dashboard.draft.words import (
    COUNTED_PEOPLE,
    EQUIPMENT_NOUN,
    EQUIPMENT_RX,
    FORCE_PEOPLE,
    NAMED_EQUIPMENT_RX,
    NATION_WORDS,
    VESSEL_NOUN,
)

# --------------------------------------------------------------------------- numbers
_NUMBER = re.compile(
    r"(?<![\w.,/:-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<mult>million|thousand|hundred))?(?![\w%]|[.,:]\d)"
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "a thousand": 1000,
    "a dozen": 12,
    "a pair of": 2,  # round 8: "a pair of UH-60 Black Hawk helicopters"
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
}
# round 16: "Twenty-four soldiers of the Jamaica Defence Force": tens and units joined by a hyphen (not 4)
_NUMBER_WORDS.update(
    {
        f"{tens}-{unit}": _NUMBER_WORDS[tens] + _NUMBER_WORDS[unit]
        for tens in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
        for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    }
)
NUMBER_WORDS = _NUMBER_WORDS  # round 15: counts written in words, read by the drafting rules too

_NUMBER_WORD = re.compile(
    r"\b(?P<w>"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(?:\s+(?P<mult>hundred|thousand|million))?\b",
    re.IGNORECASE,
)
# Plural round numbers ("hundreds of troops") are lower bounds: two hundreds at least, never exactly 200.
_VAGUE = {"dozens": "at least", "hundreds": "at least", "thousands": "at least"}
_MULT = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_APPROX = re.compile(
    r"\b(?P<q>about|some|around|roughly|nearly|approximately|more than|over|up to|at least|almost|"
    r"an estimated|close to|under|fewer than|less than|no more than|upwards of)\s+"
    # round 10: "with an estimated strength of 500 personnel"
    r"(?:(?:strength|total|complement)\s+of\s+)?$",
    re.IGNORECASE,
)
# "550 German and Austrian soldiers" (round 4: "and"/"or" between two adjectives)
_TROOP_NOUN = re.compile(
    # round 14: a unit's nickname in quotes ('400 or so "Dagger" Soldiers'); a hyphened singular ("a 25-Soldier
    # advance party")
    r"-(?P<one>(?i:soldier|troop|member|person|man|sailor|marine|airman))\b|"
    r"[\s-]+(?:(?:additional|further|more|extra|new|of|the|its|their|U\.S\.|US|NATO|allied|combat|active-duty|"
    # round 15: "About 120 army reservists", "some 300 regular soldiers"
    r"army|navy|military|reserve|regular|professional|elite|"
    r"[\"“]?[A-Z][a-z]+[\"”]?|[A-Z]{2,5}|and|or)\s+){0,4}?(?P<noun>(?i:troops|soldiers|service ?members|servicemembers|personnel|marines|"
    r"paratroopers|sailors|airmen|forces|troopers|military personnel|crew\s+members|crewmen|crew|"
    + FORCE_PEOPLE
    + "|"
    + COUNTED_PEOPLE
    + r")|members|strong)\b"
)


_GROUP_OF = re.compile(
    r"\b(?:element|detachment|contingent|force|group|team|company|battalion|brigade|battlegroup|unit)\s+of\s+"
    r"(?:(?:about|some|around|roughly|nearly|approximately|more than|over|up to|at least|almost|an estimated)\s+)?$",
    re.IGNORECASE,
)
# "20 AH-64 Apache helicopters", "Four Italian Air Force Eurofighter Typhoons": up to three capitalised words
# (the nation, the service) may stand between the count and what it counts.
# Round 6: "two of our F-16 aircraft", "two Atlantique 2 patrol planes" (a named type, words.NAMED_EQUIPMENT_RX),
# "with four ships" (vessels: a naval group's size).
_EQUIP_AFTER = re.compile(
    r"\s+(?:(?:of\s+)?(?:our|their|its|the)\s+)?(?:(?:additional|more|extra|new)\s+)?"
    r"(?:(?:[A-Z][a-z]+|RAF|RAAF|RCAF|USAF|U\.S\.|[A-Z]{2,4}\s+\d{1,3})\s+){0,5}?(?P<what>" + EQUIPMENT_RX.pattern + ")"
)
_NAMED_AFTER = re.compile(
    r"\s+(?:(?:of\s+)?(?:our|their|its|the)\s+)?(?P<what>" + NAMED_EQUIPMENT_RX.pattern + "|" + VESSEL_NOUN + r"\b)"
)


# Round 10: a type's own name may lead ("Sixteen Guaicurus light multi-mission armoured vehicles").
_BARE_EQUIPMENT = re.compile(
    # round 14: "Fourteen of the battalion's Puma infantry fighting vehicles"
    r"\s+(?:of\s+(?:the|its|their)\s+(?:[a-z][\w-]*['’]s\s+)?)?(?:[A-Z][\w-]*\s+(?=[a-z]))?(?:[a-z][\w-]*\s+){0,3}?(?P<what>"
    + EQUIPMENT_NOUN
    + "|"
    + VESSEL_NOUN  # round 16: "three Kilo-class submarines", "two Buyan-M corvettes"
    + r")\b"
)
# Not counts of forces (issue 18, second round): a population ("a city of roughly 24,000", "an island of about
# 1,700 people"), a count of nations ("from 13 nations"), money ("7.95 trillion yen", "$2 billion"), a share.
_POPULATION_BEFORE = re.compile(
    r"\b(?:city|town|village|island|municipality|community|district|region|population)\s+of\s+(?:(?:about|some|around|"
    r"roughly|nearly|approximately|more than|over|just over|under|fewer than|less than|almost)\s+)?$",
    re.IGNORECASE,
)
_NOT_FORCES_AFTER = re.compile(
    r"\s*(?:(?:trillion|billion|million)\s+)?(?:nations|countries|allies|member\s+states|"
    r"yen|dollars|euros|pounds|won|zlotys?|kron(?:er|or|a)|%|percent|per\s+cent|"
    # issue 18, round 3: residents, weights, distances and durations are not forces
    r"residents|inhabitants|people\s+live|tonnes|tons|kilomet(?:re|er)s|km|miles|nautical\s+miles|hours|days|"
    r"weeks|months|years)\b|\s*%",
    re.IGNORECASE,
)


def _named_after(text: str, pos: int, hi: int) -> re.Match | None:
    """A named type or vessels counted after a number; "two Dutch patrol planes" names no type."""
    eq = _NAMED_AFTER.match(text, pos, hi)
    if eq is not None and eq.group("name") and eq.group("name").split()[0] in NATION_WORDS:
        return None
    return eq


def number_spans(text: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for rx, kind in ((_NUMBER, "digits"), (_NUMBER_WORD, "words")):
        for m in rx.finditer(text, lo, hi):
            if overlaps(m.start(), m.end(), taken) or overlaps(m.start(), m.end(), [(s.start, s.end) for s in out]):
                continue
            raw = m.group("num") if kind == "digits" else m.group("w")
            if (
                _POPULATION_BEFORE.search(text, max(lo, m.start() - 50), m.start())
                or _NOT_FORCES_AFTER.match(text, m.end(), hi)
                or re.search(r"[$€£¥]\s*$|\d[.,]$", text[max(lo, m.start() - 2) : m.start()])
                or re.search(r"\b(?:No|Nr|Number)\.?\s*$", text[max(lo, m.start() - 8) : m.start()])
                # round 8: a number inside a type's or a unit's designation ("JAS 39 Gripen", "Type 12", "(I 19)")
                or kind == "digits"
                and len(raw) <= 3
                and re.search(r"(?:\bType|\b[A-Z]{1,4}|\([A-Z]{1,4})\s+$", text[max(lo, m.start() - 6) : m.start()])
                and not _TROOP_NOUN.match(text, m.end(), hi)
            ):
                continue  # a population, a count of nations, money, a share, the decimals of a figure
            if kind == "digits":
                if re.fullmatch(r"(?:19|20)\d\d", raw) and not m.group("mult"):
                    continue  # a year: dates handle it
                value = float(raw.replace(",", ""))
            else:
                value = float(_NUMBER_WORDS[raw.lower()])
            if m.group("mult"):
                value *= _MULT[m.group("mult").lower()]
            # round 14: "The first 400 or so Soldiers": about 400
            or_so = re.match(r"\s+or\s+so\b", text[m.end() : hi])
            after = m.end() + (or_so.end() if or_so else 0)
            noun_m = _TROOP_NOUN.match(text, after, hi)
            noun = (noun_m.group("noun") or noun_m.group("one")) if noun_m else None
            if noun_m is None:  # "20 AH-64 Apache helicopters", "eight F-35s": a count of what moves
                # round 8: or its kind alone ("about 50 vehicles", "at least four launcher trucks")
                eq = (
                    _EQUIP_AFTER.match(text, after, hi)
                    or _named_after(text, after, hi)
                    or _BARE_EQUIPMENT.match(text, after, hi)
                )
                if eq is not None:
                    noun_m, noun = eq, " ".join(eq.group("what").split())
            if (
                noun is None
                and re.match(r"\s+of\s+them\b", text[m.end() : hi])
                and re.search(
                    r"\b(?:troops|soldiers|personnel|marines|sailors|airmen|paratroopers)\s*,\s*(?:\w+\s+)?$",
                    text[max(lo, m.start() - 60) : m.start()],
                    re.IGNORECASE,
                )
            ):
                noun = "troops"  # "the last German soldiers, about 100 of them, left Gao" (issue 18, round 3)
            if noun is None and (
                re.match(r"\s+(?:of\s+them\b|[A-Z][A-Za-z0-9-]*s\b)", text[m.end() : hi])
                and (
                    eqm := re.search(
                        r"\b(?P<what>" + EQUIPMENT_NOUN + r")\s*,\s*(?:\w+\s+)?$",
                        text[max(lo, m.start() - 60) : m.start()],
                    )
                )
            ):
                # round 11: "The battalion's CV90 infantry fighting vehicles, some 40 of them, were shipped", "Those
                # vehicles, about forty VABs, left the port of Toulon": a count of the equipment just named
                noun = eqm.group("what")
            if noun is None and _GROUP_OF.search(text, max(lo, m.start() - 60), m.start()):
                noun = "troops"  # "a headquarters element of about 300": the group's size
            if kind == "words" and noun is None and not m.group("mult"):
                continue  # "one of the", "two sides": not a count of anything we track
            am = _APPROX.search(text, max(lo, m.start() - 40), m.start())
            p0 = am.start() if am else m.start()
            p1 = noun_m.end() if noun_m else m.end()
            out.append(
                Span(
                    "number",
                    m.start(),
                    m.end(),
                    text[m.start() : m.end()],
                    NumberRef(
                        int(round(value)),
                        bool(am or or_so),
                        noun,
                        " ".join(text[p0:p1].split()),
                        am.group("q").lower() if am else "about" if or_so else _VAGUE.get(raw.lower()),
                    ),
                )
            )
    return sorted(out, key=lambda s: s.start)


def overlaps(s: int, e: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s < re_ and rs < e for rs, re_ in ranges)
