"""From what was recognised to a draft dataset: records with verbatim quotes, reused ids, TODOs for what
the article does not settle (`make_draft`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from dashboard.core.claims import parse_amount
from dashboard.core.loader import LoadedDataset
from dashboard.core.model import CLAIM_FIELDS, TEMPLATE_SYNTAX
from dashboard.draft.clauses import Clause, find_clauses, parse_prefix, shift_clause
from dashboard.draft.dates import BY_BEFORE, clause_tense
from dashboard.draft.gazetteer import (
    Gazetteer,
    default_gazetteer,
    fold,
    slug,
)
from dashboard.draft.numbers import NUMBER_WORDS
from dashboard.draft.parser import ParserState, parser
from dashboard.draft.recognise import (
    ARRIVE_RX,
    BASE_IN,
    EVENT_NOUN_RX,
    EVENT_VERB_RX,
    MOTION_WORDS_RX,
    MOVE_RX,
    NATION_FORCE_RX,
    QUALIFIER,
    QUALIFIER_STOP,
    RECEIVE_RX,
    TROOPS_RX,
    force_words,
    names_nation,
    nation_before,
    recognise,
)
from dashboard.draft.text import TODO, Sentence, Span, article_date, body_start
from dashboard.draft.units import branch_of
from dashboard.draft.values import Known, PlaceRef, Recognised, UnitRef, amount_claim, unit_key
from dashboard.draft.words import EQUIPMENT_NOUN, NATION_WORDS, SHIP_RX, TITLES

# "will be replaced in B by X", "are being replaced at B by X" (round 4): X goes to B
_REPLACED_IN = re.compile(
    r"\b(?:will\s+be|(?:is|are)\s+to\s+be|(?:is|are)\s+being|was|were|is|are|to\s+be)\s+replaced\s+(?:in|at)\s+(?:the\s+)?"
)
# Verbs of coming here ("came in", "are expected from", "arrived from"): with no destination, the dateline's town
_HERE = re.compile(r"(?:come|comes|came|coming|expected|arriv(?:e|es|ed|ing))", re.IGNORECASE)
_HERE_NOTE = (
    "Destination: the article names none; the draft takes the town of the dateline, where the report is filed "
    "(the draft's reading) - check."
)
# A denial, refusal or rumour before the movement verb: no movement is drafted from it.
_BASED = re.compile(r"\b(?:based|stationed|garrisoned|headquartered|(?:home\s+)?base|home)\s+(?:in|at)\s+(?:the\s+)?$")
_TO_BE_BASED = re.compile(r"\b(?:will|to|would)\s+be\s+(?:based|stationed)\s+(?:in|at)\s+(?:the\s+)?$")
# A date that dates the report, not the move: "..., US European Command confirmed on 22 February", "the
# Pentagon said Tuesday". Such a date is no departure or arrival (the tense then dates the move).
_REPORT_DATE = re.compile(
    r"\b(?:said|says|say|confirmed|confirms|announced|announces|told\s+\w+|reported|stated|added|"
    r"disclosed|revealed)\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)
_BEEN_IN = re.compile(r"\b(?:has|have|had)\s+been\s+(?:\w+\s+)?(?:in|at)\s+(?:the\s+)?$")
# Opinion and conjecture: "weighing whether to send", "Nor should NATO ask Germany to move", "the Army could
# move up to 20,000 troops": no movement is drafted (reported speech - "would deploy" - is still drafted).
_HYPOTHETICAL = re.compile(
    r"\b(?:whether|should|shouldn['’]t|could|might|ought\s+to|weigh(?:s|ed|ing)?|consider(?:s|ed|ing)?|"
    r"mull(?:s|ed|ing)?|propos(?:e|es|ed|ing)|urg(?:e|es|ed|ing)|would\s+not|if|the\s+first\s+time|"
    # round 11: what did not happen, or a guess at what a photo shows ("had been expected to arrive from A",
    # "what look like Type 12 launchers being unloaded at B")
    r"had\s+been\s+(?:expected|due|scheduled|planned|set)\s+to|what\s+(?:looks?|looked|appears?|appeared)\s+(?:to\s+be|like))\b",
    re.IGNORECASE,
)
# round 11: a force that came (or followed) from somewhere and names no destination: "About 100 Japanese troops
# ... arrived from Sasebo on Sunday", "A squadron of X followed by train from Sennelager"
_CAME_FROM = re.compile(
    r"\b(?:arriv(?:e|es|ed|ing)|fl(?:ew|own|ies|y)\s+in|c(?:a|o)me\s+in|follow(?:s|ed|ing)?(?:\s+by\s+(?:train|rail|"
    r"road|sea|air|ship|ferry))?)\b(?=(?:\s+[\w,.’'-]+){0,4}?\s+from\b)"
)


def _returning(m: dict) -> bool:
    """Round 14: "which will return to Fort Stewart, Ga.": a unit going home, whose origin says nothing of its
    nation."""
    return any(re.search(r"\breturn", str(c.get("quote", "")), re.IGNORECASE) for c in m["citations"])


# round 14: the plain nouns of troops, for the rules below that read a force named by them alone
_TROOP_WORDS = r"troops|soldiers|personnel|marines|paratroopers|sailors|airmen|servicemen|service\s+members"
_TROOPS_FROM = re.compile(rf"\b(?:{_TROOP_WORDS}|peacekeepers|police)\s+from\s+(?:the\s+)?$", re.IGNORECASE)
# round 14: a part of a unit named by its own echelon ("one company of MBLT-4 continued to C"): no headcount of the whole
_PART_OF_UNIT = re.compile(
    r"(?:one|an?|two|three|a\s+further|another|some)\s+(?:company|companies|platoons?|elements?|detachments?|sections?|"
    r"squadrons?|batter(?:y|ies)|troops?|teams?|groups?)\s+of\b",
    re.IGNORECASE,
)
# round 14: the troops the sentence before moved, named again by a plain noun with no count of its own
_SAME_TROOPS = re.compile(
    rf"(?:the|these|those)\s+(?:same\s+)?(?:(?P<nation>[A-Z][\w.]*)\s+)?(?:{_TROOP_WORDS}|men)", re.IGNORECASE
)
_SPEAKER = re.compile(r"\s+(?:said|says|announced|confirmed|reported|told)\b")
_LEFT = re.compile(r"\b(?:depart(?:s|ed|ing)?|left|leave|leaves|leaving)\s+(?:the\s+)?$")
# "is to follow them", "accompany the jets", "will join them": where the force the sentence before moved goes
_FOLLOW = re.compile(
    r"\b(?:follow(?:s|ed|ing)?|accompan(?:y|ies|ied|ying)|join(?:s|ed|ing)?)\s+(?:them|it|those|these|"
    r"(?:the|their|its)\s+(?:[a-z][\w-]*\s+)?(?:jets|troops|soldiers|brigade|battalion|battlegroup|unit|force|"
    r"contingent|aircraft|fighters|helicopters|company|squadron|regiment))\b"
)
# round 12: where a force stays ("... already deployed with MONUSCO remain at Goma") and a trip out and back ("...
# and returned to Borcea the same evening", "... have since gone home")
_REMAINS = re.compile(r"^[^.;]*?\b(?:remain|remains|remained|stay|stays|stayed)\s+(?:\w+\s+)?(?:at|in|on)\b")
_OUT_AND_BACK = re.compile(
    r"\b(?:returned|flew\s+back|came\s+back|went\s+back)\b[^.;]*?\bsame\s+(?:day|evening|night|afternoon)\b"
    r"|\b(?:have|has|had)\s+since\s+(?:gone\s+home|returned|left|flown\s+home|been\s+withdrawn)\b",
    re.IGNORECASE,
)
_DENIED_AFTER = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:denied|rejected|ruled\s+out|cancell?ed|"
    r"scrapped|called\s+off|shelved|abandoned|dropped|suspended)\b"  # round 9: "A plan to move X ... was cancelled"
    # round 16: "..., according to Moldovan officials, a claim Moscow denied"
    r"|,\s+(?:a\s+)?(?:claim|report|account|allegation)s?\s+(?:that\s+)?(?:[A-Z][\w.]*\s+){1,3}(?:has\s+|have\s+)?"
    r"(?:denied|rejected|dismissed|disputed)\b"
)
# A wire dateline opening the sentence: "STOCKHOLM, March 4 (TT) — ", "SEOUL, March 14 (Yonhap) -- "
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][\w.'’ ]*)?,?\s*(?:\(?[A-Z][a-z]{2,}\.?\s+\d{1,2}(?:,\s*\d{4})?\)?)?\s*"
    r"(?:\([^)]{1,40}\))?\s*(?:—|–|--|-)\s"
)
_JOINED_BY = re.compile(
    r"\b(?:joined|followed|accompanied)\s+(?:there\s+|later\s+|soon\s+|shortly\s+)?(?:[a-z]+\s+){0,3}?by\s+"
)
# "an additional 100 troops", "100 more soldiers", "a further 200": more of what the sentence before sent
# "with about 400 crew aboard", "with 180 sailors on board": the people a moving ship carries (its strength)
_ABOARD = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:aboard|on\s+board|embarked)\b", re.IGNORECASE)
_MODAL_CUT = re.compile(r",\s+(?:adding|saying|and|but|while|whereas)\b|;\s+")
_MORE = re.compile(r"\b(?:additional|further|more|another|extra)\b", re.IGNORECASE)
_CLAUSE_CUT = re.compile(r",\s+(?:while|whereas|but)\s+|;\s+")
# "landed at B this morning, coming from A": a participle after the destination gives the origin
_COMING_FROM = re.compile(
    r"^[^.;:]{0,60},\s*(?:coming|arriving|flying(?:\s+in)?|flown(?:\s+in)?|sailing|travel+ing|having\s+"
    r"(?:come|flown|travel+ed|sailed))\s+(?:in\s+)?from\s+(?:the\s+)?$"
)
_NEGATION = re.compile(
    r"\b(?:no\s+(?:new\s+)?(?:plans?|intention|deployments?|decision)|not|never|stands?\s+ready\s+to|denied|denies|deny|rul(?:ed|es)\s+out|"
    r"no\s+such|claimed|claims\s+that|rumou?rs?|false|"
    # round 13: "The Kremlin repeated that no conscripts would be sent to Kursk oblast"
    # round 14: "No Austrian soldiers have been moved to Kosovo"
    r"no\s+(?:more\s+|further\s+|additional\s+|new\s+)?(?:[\w-]+\s+)?(?:troops|soldiers|conscripts|forces|personnel|reinforcements|"
    r"servicemen|units|ships|aircraft|jets)|"
    # round 8: called off or put back ("has postponed the planned dispatch", "were to have sailed")
    r"postpon(?:e|es|ed|ing)|cancel+(?:s|ed|ing)?|called\s+off|scrapp(?:ed|ing)|(?:was|were)\s+to\s+have)\b|n['’]t\b",
    re.IGNORECASE,
)


# A gazetteer hit's kind as a place's precision (dashboard.core.model.Place.precision): a country the
# article names is drawn as the country, a region as a halo, never as an invented town.
PRECISION = {
    "country": "country",
    "continent": "region",
    "area": "region",
    "region": "region",
    "city": "town",
    "town": "town",
    "installation": "site",
}


# round 8: nouns of a person (with TITLES): who travels is no unit ("the Defence Minister", "the EUFOR Commander")
_PERSON_HEADS = frozenset(
    {"commander", "chief", "ambassador", "spokesman", "spokeswoman", "spokesperson", "envoy", "delegation", "mayor"}
)


def _own_name(words: str, first: bool) -> bool:
    """Round 7: whether a mover's words hold a name of their own - a capitalised word that is no nation ("US",
    "Canadian"), no word for troops ("Marines") and not merely the sentence's first word ("Allied presence"):
    "Canadian Rangers", "Revolutionary Guards naval units". Troops with a nation alone ("Canadian troops", "the
    last German soldiers") stay the keyword rules' unnamed force."""
    toks = words.split()
    if (
        len(toks) >= 2
        and re.fullmatch(_GROUP_HEAD, toks[-1])
        and any(re.sub(r"['’]s$", "", w) in NATION_WORDS for w in toks[:-1])
    ):
        # round 9: "A Jamaican advance party", "Malawian members of the force", "Zambian engineers": a group the
        # nation sends, named by what it is (a nation's troops alone stay the keyword rules' unnamed force)
        return True
    return any(
        w[:1].isupper()
        and not (first and k == 0)
        and re.sub(r"['’]s$", "", w) not in NATION_WORDS
        and w.rstrip(".") not in ("U.S", "US", "UK", "U.K")
        and not TROOPS_RX.fullmatch(w)
        for k, w in enumerate(toks)
    )


_GROUP_HEAD = (
    r"party|team|members|contingent|detachment|element|elements|delegation|engineers|medics|specialists|advisers|"
    r"advisors|instructors|trainers|technicians|observers|logisticians"
)


def _merge_citations(into: list[dict], more: list[dict]) -> list[dict]:
    """Add `more` to `into`: a citation with the same quote (or note) gains the other's `supports`."""
    for c in more:
        key = (c.get("source"), c.get("quote"), c.get("note"))
        same = next((x for x in into if (x.get("source"), x.get("quote"), x.get("note")) == key), None)
        if same is None:
            into.append(dict(c, supports=list(c["supports"])) if "supports" in c else dict(c))
        elif "supports" in c:
            same["supports"] = list(dict.fromkeys([*same.get("supports", []), *c["supports"]]))
    for c in into:  # in the order the dataset lists a record's fields
        if "supports" in c:
            c["supports"] = sorted(c["supports"], key=_FIELD_ORDER.index)
    return into


_FIELD_ORDER = list(dict.fromkeys(f for fields in CLAIM_FIELDS.values() for f in fields))


# A completed move to a place (the no-date branch of add_movement): the past forms of motion verbs, words before
# the verb that make it unfinished or only begun, hedges, and "to"/"into" after it (with a few words between:
# "flew nonstop across the Atlantic to B", "were flown by C-17 to B").
_DONE_VERB = re.compile(
    r"flew|flown|moved|sailed|deployed|redeployed|relocated|transferred|shifted|travell?ed|went|sent|dispatched|"
    r"rotated|repositioned|airlifted|ferried|transported",
    re.IGNORECASE,
)
_NOT_DONE_BEFORE = re.compile(
    r"\b(?:began|begun|begin|begins|start(?:s|ed)?|starting|beginning|to|not|never|being|been\s+(?:ordered|told|asked))\s+"
    r"(?:to\s+|being\s+)?$",
    re.IGNORECASE,
)
# A move said to be still on its way, in its sentence or the next ("expected to reach the town by Sunday").
_STILL_TO_ARRIVE = re.compile(
    r"\b(?:expected|due|scheduled|set)\s+to\s+(?:reach|arrive|land|dock|get\s+there)|\b(?:en\s+route|on\s+(?:its|their)"
    r"\s+way|in\s+transit|still\s+travell?ing)\b",
    re.IGNORECASE,
)
_HEDGED = re.compile(
    r"\b(?:reportedly|is\s+said\s+to|are\s+said\s+to|allegedly|unconfirmed|rumou?red)\b", re.IGNORECASE
)
# "from" and a few words before a place: "came from Dzemgi", "took off from the camp in Kisarazu" (round 9)
_FROM_BEFORE = re.compile(
    r"(?<!away )(?<!apart )(?<!far )(?<!aside )\bfrom\s+(?:(?:the|their|its|his|her|a|an)\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:(?:in|at|near|outside|of)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# round 15: "A source at Entebbe Air Base put the figure at around 250": the count of the force just moved
_PUT_FIGURE = re.compile(
    r"\b(?:put|puts|putting|estimated|estimates|estimate|gave|gives)\s+(?:the|their|its|that)\s+(?:figure|number|numbers|"
    r"strength|size|total)\s+(?:at|as)\s+(?:about|around|some|roughly|nearly|approximately|up\s+to|at\s+least)?\s*$",
    re.IGNORECASE,
)
# round 15: "The company's 24 vehicles", "The battalion's 40 vehicles": what the unit named before owns
_UNIT_OWN = re.compile(
    r"(?:the|its|their)\s+(?P<owner>company|battalion|brigade|regiment|squadron|battery|unit|contingent|battlegroup|"
    r"battle\s+group|division|wing|detachment|task\s+force)['’]s?\s",
    re.IGNORECASE,
)


def _owner_fits(words: str, ref: UnitRef) -> bool:
    """Round 16: "The battalion's advance party" is a battalion's, not the F-35s' moved just before: the owner word
    names the unit (its name or echelon, or its parent's), or is a word any unit answers to ("the unit's")."""
    m = _UNIT_OWN.match(words)
    if m is None:
        return False
    owner = " ".join(m.group("owner").lower().split())
    if owner in ("unit", "contingent", "detachment", "task force"):
        return True
    names = [ref.name.lower(), ref.echelon.lower()] + ([ref.parent.name.lower()] if ref.parent is not None else [])
    if any(owner in n or owner.replace(" ", "") in n for n in names):
        return True
    # a sub-unit of it ("The company's 20 vehicles" after "120 soldiers of Jäger Battalion 17")
    order = ["platoon", "company", "battery", "squadron", "battalion", "regiment", "brigade", "division"]
    return owner in order and ref.echelon.lower() in order and order.index(owner) < order.index(ref.echelon.lower())


# round 15: "Some 600 of its soldiers left Boden" after "From Sweden came the Norrbotten Regiment": a part of the
# unit the sentence before named, counted
_ITS_TROOPS = re.compile(
    r"(?:(?:some|about|around|roughly|nearly|approximately|over|more\s+than|up\s+to)\s+)?[\d,]+\s+of\s+(?:its|their)\s+"
    r"(?:[a-z-]+\s+)?(?:troops|soldiers|personnel|marines|paratroopers|sailors|airmen|servicemen|members|commandos)",
    re.IGNORECASE,
)
# "after an overnight flight from Nairobi", "after a 24-hour flight from the Istres air base": where it set out
_JOURNEY_FROM = re.compile(
    r"\bafter\s+(?:a|an|the|their|its|his|her)\s+(?:[\w-]+\s+){0,3}?(?:flight|journey|voyage|trip|drive|transit|"
    r"crossing|march|sail)\s+from\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?$"
    # round 15: the carrier that brought them, with where it came from ("touched down at B on a chartered airliner
    # from A", "arrived aboard a C-17 from A")
    r"|\b(?:on|aboard|in|by)\s+(?:a|an|the|two|three|four|five|six|[\d]+)\s+(?:[\w-]+\s+){0,3}?(?:airliners?|aircraft|"
    r"planes?|flights?|jets?|transports?|ships?|ferry|ferries|trains?|convoys?|buses|coaches)\s+from\s+(?:the\s+)?$"
    # ... or the carrier's own voyage ("unloaded at B from a chartered ro-ro ship that had sailed from A")
    r"|\b(?:ship|vessel|ferry|train|aircraft|plane|flight|convoy)\s+(?:that|which)\s+(?:had\s+)?(?:sailed|left|come|came|"
    r"departed|flown|flew)\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# a move told as coming here, with no destination named: "were flown in from Tahiti", "flew from Kingston to help
# prepare the base", "an advance party" (round 9)
_HERE_CUE = re.compile(
    r"\b(?:(?:flown|flew|fly|flies|flying|brought|shipped|rushed|airlifted|sent|came|come|arrived)\s+in\b(?!\s+(?:the|a|an)\b)|"
    r"to\s+(?:help\s+)?(?:prepare|set\s+up|ready|build|run)\s+(?:the|a|an)\s+(?:[\w-]+\s+)?(?:base|camp|site|airfield|"
    r"headquarters|mission|operating\s+base)|advance\s+(?:party|team|element|detachment))",
    re.IGNORECASE,
)
_MEMBERS = re.compile(r"\b(?:members|elements|parts?)\s+of\s+the\s+(?:force|mission|contingent|coalition)\b")
_NATION_GROUP = re.compile(
    r"(?:[A-Z][\w.]+\s+){1,2}(?:contingent|detachment|force|forces|troops|soldiers|group|personnel|unit)"
)
_THERE = re.compile(
    r"\b(?:arriv(?:e|es|ed|ing)|land(?:s|ed|ing)?|mov(?:e|es|ed|ing)|deploy(?:s|ed|ing)?|redeploy(?:s|ed|ing)?|"
    r"went|go|goes|head(?:s|ed)?|flown|flew|sent|relocat(?:e|es|ed|ing)|reach(?:ed|es)?|"
    r"(?:be|been|are|were|is|was)\s+(?:based|stationed))\s+(?:\w+\s+)?there\b(?!\s+(?:is|are|was|were|will)\b)",
    re.IGNORECASE,
)
# where a unit with no origin of its own is loaded for its move: "tanks ... are being loaded at Mailly-le-Camp and
# will travel by rail to B" (round 9; only where the sentence names no origin: "loaded at Savannah, and its
# soldiers flown from Fort Stewart" keeps Fort Stewart)
_LOADED_AT = re.compile(
    r"\b(?:loaded|loading|entrained|entraining|embarked|embarking)\s+(?:(?:on|onto)\s+(?:\w+\s+){1,2})?(?:at|in)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_CAME_RX = re.compile(
    r"\b(?:came|come|comes|coming|(?:took|taken|take|takes|taking)\s+off|set(?:ting)?\s+out|originat(?:e|ed|es|ing))\b",
    re.IGNORECASE,
)
# between a place and the one that holds it: "Lann-Bihoué in Brittany", "X near Y", "Yelsk, in southern Belarus"
_CONTAINER = re.compile(
    r"(?:\s+|\s*,\s*)(?:(?:in|near|outside|close\s+to)\s+)(?:the\s+)?"
    r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|central)(?:ern)?\s+)?",
    re.IGNORECASE,
)
_TO_PLACE_AFTER = re.compile(
    r"(?:[^.;:!?]{0,60}?\s)?(?:to|into)\s+(?!be\b|help\b|support\b|join\b|the\s+aid\b)", re.IGNORECASE
)


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


def make_draft(
    text: str,
    published: dt.date | None,
    existing: LoadedDataset | Known | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    source_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    source_file: str | None = None,
) -> Draft:
    """Draft sources, places, units, movements and events from an article.

    `published` defaults to the article's ``date YYYY-MM-DD`` header; one of
    them is required (ValueError otherwise). `source_file` is the article's
    path relative to where the draft will be written; without it the source's
    ``file`` is a TODO that :func:`write_draft` fills in.
    """

    d0 = published or article_date(text)
    if d0 is None:
        raise ValueError("the article has no 'date YYYY-MM-DD' first line; give its publication date")
    gaz = gazetteer or default_gazetteer()
    kn = existing if isinstance(existing, Known) else Known.from_dataset(existing)
    rec = recognise(text, d0, gaz, kn)
    engine = parser()
    b = _Builder(text, d0, rec, gaz, kn, engine)
    b.source(source_id, title, publisher, url, source_file)
    if engine.note:
        b.warnings.append(engine.note)  # once per draft: why the rules drafted it alone
    for s in rec.sentences:
        if TEMPLATE_SYNTAX.search(s.text):
            b.warnings.append(
                f"sentence {s.index + 1} holds template syntax ('{{{{', '{{%' or '{{#'), which the "
                "dataset refuses; nothing was drafted from it"
            )
            continue
        b.sentence(s)
    return b.finish()


_ALL_TOLD = re.compile(r"(?:in\s+all|in\s+total|all\s+told|altogether|overall),\s", re.IGNORECASE)


class _Builder:
    def __init__(self, text: str, d0: dt.date, rec: Recognised, gaz: Gazetteer, kn: Known, engine: ParserState):
        self.text, self.d0, self.rec, self.gaz, self.kn = text, d0, rec, gaz, kn
        self.engine = engine
        self._docs: list[Any] | None = None  # the parsed sentences, made on first use
        self._clauses: dict[tuple[int, tuple[int, ...]], list[Clause]] = {}  # (sentence, its places) -> clauses
        self.sentence_n0 = 0
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
        self.generic_moves: dict[int, list[str]] = {}  # sentence index -> movements of an unnamed force
        self.moves_of: dict[int, list[str]] = {}  # sentence index -> the movements drafted from it
        self.places_of: dict[int, dict[int, str]] = {}  # sentence index -> its place spans' ids (by span start)
        self.units_of: dict[int, set[str]] = {}  # sentence index -> the ids of the units it names
        self.unit_starts_of: dict[int, list[tuple[int, str]]] = {}  # sentence index -> (span start, unit id)
        self.counts: dict[str, tuple[Span, Sentence]] = {}  # unit id -> its count where first named, and where
        self.movers: dict[int, Span] = {}  # sentence index -> the last unit the parse moved in it (round 7)
        self.dateline_place: str | None = None  # the place id of the town a wire dateline names ("HARSTAD —")
        self.refs: dict[str, UnitRef] = {}  # unit id -> its reference (round 8: "both units" of sentences before)
        # sentence -> (unit id, origin, strength) of a clause with no destination ("left Goma in 60 trucks")
        self.pending_origin: dict[int, tuple[str, str, int | str | None]] = {}

    # ------------------------------------------------------------------ records
    def source(self, source_id, title, publisher, url, source_file) -> None:

        first = next((x.quote for x in self.sentences if not TEMPLATE_SYNTAX.search(x.text)), "Untitled article")
        auto_title = title is None
        if title is None:
            title = first if len(first) <= 200 else first[:199].rsplit(" ", 1)[0] + "…"
        sid = self.ids["sources"].new(source_id or f"src-{self.d0.isoformat()}-{slug(title, 40)}")
        self.src_id = sid
        notes = [
            f"Drafted by `python -m dashboard draft` on the article dated {self.d0.isoformat()}; movements found by "
            f"the {self.engine.engine}.",
            *([self.engine.note] if self.engine.note else []),
        ]
        if auto_title:
            notes.append("Title: the article's first sentence (it has no headline) - edit as needed.")
        rec: dict[str, Any] = {
            "id": sid,
            "title": title,
            "publisher": publisher or "Not stated (set by hand)",
            "published": self.d0.isoformat(),
        }
        rec["file"] = source_file or f"{TODO}: store the article's text beside the draft and give its path here"
        if url:
            rec["url"] = url
        rec["note"] = " ".join(notes)
        self.data["sources"].append(rec)

    def cite(self, *sentences: Sentence, supports: Iterable[str] = ()) -> list[dict]:
        """Quote citations of `sentences`, each naming the fields its quote supports."""
        fields = list(dict.fromkeys(supports))
        out = []
        for s in sentences:
            c: dict[str, Any] = {"source": self.src_id, "quote": s.quote}
            if fields:
                c["supports"] = fields
            out.append(c)
        return out

    @staticmethod
    def note(text: str, supports: Iterable[str]) -> dict:
        """A note citation: what no quote states (general knowledge, the draft's reading), and the fields it backs."""
        return {"note": text, "supports": list(dict.fromkeys(supports))}

    def place(self, ref: PlaceRef, s: Sentence) -> str:
        hit = ref.hit
        w = ref.written
        if len(w) > 3 and w.isupper() and hit.name.startswith(w):
            # a dateline in capitals ("EL PASO, Texas —"): the place's usual spelling (round 4)
            hit = replace(hit, name=" ".join(x.capitalize() for x in w.split()) + hit.name[len(w) :])
        if hit.place_id:
            if hit.place_id not in self.reused["places"]:
                self.reused["places"].append(hit.place_id)
            self.mentions["places"].append((ref.written, hit.place_id))
            return hit.place_id
        key = fold(hit.name) + "|" + hit.country
        pid = self.place_by_key.get(key)
        if pid is None and hit.todo:
            # round 16: a place to locate named again in a sentence about another country ("Camp Sultan Murat",
            # first guessed in Turkey, then in Bulgaria): the same place, one record with its TODO
            pid = next((v for k, v in self.place_by_key.items() if k.split("|")[0] == fold(hit.name)), None)
        if pid is None:
            name = f"{TODO}: locate {hit.name}" if hit.todo and not hit.name.startswith(TODO) else hit.name
            pid = self.ids["places"].new(("todo-" if hit.todo else "") + slug(ref.written or hit.name))
            self.place_by_key[key] = pid
            rec: dict[str, Any] = {
                "id": pid,
                "name": name,
                "country": hit.country,
                "lat": hit.lat,
                "lon": hit.lon,
            }
            if PRECISION.get(hit.kind) and not hit.todo:
                rec["precision"] = PRECISION[hit.kind]
            rec["note"] = hit.note
            # The sentence names the place; where it lies is the gazetteer's (or a TODO), said in a note.
            rec["citations"] = self.cite(s, supports=["name"]) + [self.note(hit.note, ["location"])]
            self.data["places"].append(rec)
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
            self.data["places"].append(
                {
                    "id": pid,
                    "name": f"{TODO}: {name}",
                    "country": hit.country,
                    "lat": hit.lat,
                    "lon": hit.lon,
                    "note": hit.note,
                    # No quote names this place: the note says what is missing (sentence s.index + 1).
                    "citations": [self.note(f"{hit.note} (sentence {s.index + 1})", ["name", "location"])],
                }
            )
            self.todos.append(f"place '{pid}': {hit.note}")
        return pid

    def unit(self, ref: UnitRef, s: Sentence, span_text: str) -> str:
        uid = self._unit(ref, s, span_text)
        self.refs.setdefault(uid, ref)
        return uid

    def _unit(self, ref: UnitRef, s: Sentence, span_text: str) -> str:
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
            rec: dict[str, Any] = {
                "id": uid,
                "name": ref.name,
                "nation": ref.nation,
                "branch": ref.branch,
                "echelon": ref.echelon,
            }
            if parent:
                rec["parent"] = parent
            rec["note"] = "Drafted from the article: " + "; ".join(ref.notes) + "."
            # The quote names the unit (and its parent, nested in the name); nation, branch and echelon
            # are the draft's reading of the name's words, said in a note.
            rec["citations"] = self.cite(s, supports=["name", "parent"] if parent else ["name"]) + [
                self.note(
                    "Draft's reading of the name and the sentence: " + "; ".join(ref.notes) + " - check.",
                    ["nation", "branch", "echelon"],
                )
            ]
            self.data["units"].append(rec)
            self.unit_nation[uid] = ref.nation
        self.mentions["units"].append((span_text, uid))
        return uid

    def generic_unit(self, nation: str, s: Sentence, why: str, words: str | None = None) -> str:
        """The force of `nation` an article names by no unit; `words` are the article's own ("Italian troops"), else
        "<Nation> forces". One per nation and article: the first words name it."""
        key = f"generic|{nation}"
        uid = self.unit_by_key.get(key)
        if uid is None:
            word = self._adjective(nation)
            uid = self.ids["units"].new(f"{nation.lower()}-forces")
            self.unit_by_key[key] = uid
            self.data["units"].append(
                {
                    "id": uid,
                    # round 12: the article's words with no nation word ("ground-based air-defence company",
                    # "commandos") get the nation's adjective before them
                    "name": f"{(word + ' ' + words) if words and words[0].islower() else words or word + ' forces'}"
                    " (no unit named)",
                    "nation": nation,
                    "branch": "other",
                    "echelon": "group",
                    "note": f"Drafted from the article, which names no unit: {why}. Branch 'other' and echelon 'group' "
                    "are placeholders - name the unit if another source does.",
                    "citations": self.cite(s, supports=["name"])
                    + [
                        self.note(
                            f"The article names no unit: {why}; branch 'other' and echelon 'group' are placeholders.",
                            ["nation", "branch", "echelon"],
                        )
                    ],
                }
            )
            self.unit_nation[uid] = nation
        elif words and (rec := next((u for u in self.data["units"] if u["id"] == uid), None)) is not None:
            # round 12: named "<Nation> forces" by a lead that had no words for them ("Regional partners have begun
            # flying personnel into Honiara"), the force takes the first words an article gives ("Fijian soldiers")
            word = self._adjective(nation)
            if rec["name"] == f"{word} forces (no unit named)":
                rec["name"] = f"{(word + ' ' + words) if words[0].islower() else words} (no unit named)"
                for c in rec.get("citations", []):
                    if "source" in c:
                        c.update(self.cite(s, supports=["name"])[0])
                        break
        return uid

    def _adjective(self, nation: str) -> str:
        """The nation's adjective ("Danish"), else its country's name."""
        adjective = {
            v: k for k, v in NATION_WORDS.items() if k[0].isupper() and k.endswith(("an", "sh", "ch", "se", "ek"))
        }
        return adjective.get(nation, self.gaz.country_name(nation))

    # ---------------------------------------------------------------- sentences
    def sentence(self, s: Sentence) -> None:
        place_ids: dict[int, str] = {}
        for sp in s.places:
            place_ids[sp.start] = self.place(sp.value, s)
        first = s.places[0] if s.places else None
        if (
            first is not None
            and self.dateline_place is None
            and (
                first.start <= body_start(self.text) + 3
                # round 11: a dateline under the outlet's header and the headline ("STARS AND STRIPES — Published
                # June 29, 2022 / <headline> / MIHAIL KOGALNICEANU AIR BASE, Romania — The ...")
                or (s.index <= 6 and first.start == s.start and self.text[first.start - 1] == "\n")
            )
            and first.text.isupper()
            and re.match(r"\s*(?:,|\(|—|–|--|-\s)", self.text[first.end : first.end + 4])
        ):
            self.dateline_place = place_ids[first.start]  # "HARSTAD — ", "BODØ, Norway — "
        top_units = [
            u
            for u in s.units
            if not any(
                o is not u and o.start <= u.start and u.end <= o.end and (o.end - o.start) > (u.end - u.start)
                for o in s.units
            )
        ]
        # A name that starts inside another one ("Patriot missile batteries from the 5th Battalion" and "5th
        # Battalion, 7th Air Defense Artillery Regiment"): the same words, one mover - the first.
        top_units = [u for u in top_units if not any(o.start < u.start < o.end < u.end for o in top_units)]
        # round 9: "A battalion task force, about 800 personnel, from the 173rd Airborne Brigade": the parent named
        # after its sub-unit (with the size between them) does not move as a whole - the sub-unit does
        top_units = [u for u in top_units if not any(o.value.parent is u.value and o.end <= u.start for o in top_units)]
        # round 8: its members listed between dashes right after a unit ("the First Training Squadron -- INS Tir, INS
        # Shardul and ICGS Veera -- set sail"): the unit moves, they with it
        for seg in re.finditer(r"\s(?:--|—|–)\s([^—–]+?)\s(?:--|—|–)\s", self.text[s.start : s.end]):
            a, b = s.start + seg.start(1), s.start + seg.end(1)
            listed = [u for u in top_units if a <= u.start < b]
            if len(listed) >= 2 and any(
                o.end <= s.start + seg.start() and re.fullmatch(r"\s*", self.text[o.end : s.start + seg.start()])
                for o in top_units
            ):
                top_units = [u for u in top_units if u not in listed]
        unit_ids: dict[int, str] = {}
        for sp in sorted(s.units, key=lambda x: (x.value.parent is not None, x.start)):
            unit_ids[id(sp)] = self.unit(sp.value, s, sp.text)
        self.places_of[s.index] = place_ids
        self.units_of[s.index] = set(unit_ids.values())
        self.unit_starts_of[s.index] = [(sp.start, unit_ids[id(sp)]) for sp in s.units]
        for sp in s.units:  # "12 MQ-9 Reaper drones": a count written with the name, for a later "the Reapers"
            n = next((n for n in s.numbers if re.fullmatch(r"\s+", self.text[n.end : sp.start])), None)
            if n is not None and n.value.troops and unit_ids[id(sp)] not in self.counts:
                self.counts[unit_ids[id(sp)]] = (n, s)
        if self._headline(s):
            return  # the body tells it (with the quote a curator needs); a headline alone drafts nothing
        n0 = len(self.data["movements"])
        self.sentence_n0 = n0  # where this sentence's movements start (the parse's, then the rules')
        parsed = self.parsed_movements(s, top_units, unit_ids, place_ids)
        moved = (
            self.movements(s, top_units, unit_ids, place_ids, skip=parsed)
            or bool(parsed)
            or self._from_there(s, top_units, place_ids)
            or self._replaced_in(s, top_units, unit_ids, place_ids)
            or self._same_destination(s, top_units, unit_ids, place_ids)
            or self._fronted_arrival(s, top_units, unit_ids, place_ids)
        )
        if moved:
            self._split_by_list(s, n0, place_ids)
        if not moved:
            self._troops_named(s, top_units, unit_ids)
        if not moved:
            self.event(s, place_ids)
        self.moves_of[s.index] = [m["id"] for m in self.data["movements"][n0:]]

    _CAME_AFTER = re.compile(
        r"(?:They|It|She)\s+(?:had\s+)?(?:came|come|travelled|traveled|arrived|(?:flew|flown|sailed|drove)\s+in|"
        r"were\s+(?:brought|moved|sent|taken|transported|flown)|had\s+been\s+(?:brought|moved|sent|taken|transported|"
        r"flown))\b[^.;]*?\bfrom\s+$"
    )

    def _fronted_arrival(
        self, s: Sentence, top_units: list[Span], unit_ids: dict[int, str], place_ids: dict[int, str]
    ) -> bool:
        """Round 16: "In Rylsk, about 300 soldiers of X have been quartered in a school since Monday. They came by
        train from Ulan-Ude, ...", "The Army's aviation brigade now has three Mi-17 helicopters at Cúcuta's airport.
        They flew in from Tolemaida on Sunday": the place where the sentence has the unit (the place it opens with, or
        the one place of a sentence that moves nothing) is where it came to, from the place the next sentence (a
        pronoun for the unit) says it came from - one movement, both sentences cited."""
        at = self._where_it_is(s, place_ids)
        if at is None or not top_units or s.index + 1 >= len(self.sentences):
            return False
        t = self.sentences[s.index + 1]
        origin = next(
            (
                p
                for p in t.places
                if not p.value.qualifier and self._CAME_AFTER.match(self.text, t.start + parse_prefix(t.text), p.start)
            ),
            None,
        )
        if origin is None or not self._same_paragraph(s.index, s.index + 1):
            return False
        if any(p.start > origin.end and p.value.prep in ("to", "into", "for") for p in t.places):
            return False  # "They flew from A to C": a leg of its own, told by its own sentence
        # what the sentence counts moves: "has three Mi-17 helicopters" (the helicopters), else its one unit
        u = (
            next((x for x in top_units if re.search(rf"\b{EQUIPMENT_NOUN}\b", x.text)), None)
            if len(top_units) == 2
            else None
        )
        u = u or (top_units[0] if len(top_units) == 1 else None)
        if u is None:
            return False
        uid, to_id, from_id = unit_ids[id(u)], place_ids[at.start], self.place(origin.value, t)
        if from_id == to_id or self._not_a_mover(s, u):
            return False
        size = next(
            (n.value.amount for n in s.numbers if n.value.troops and (n.end <= u.start or 0 <= u.start - n.end <= 2)),
            None,
        )
        self.push_movement(
            f"{uid}-{to_id}",
            uid,
            from_id,
            to_id,
            None,
            None,
            size,
            "reported",
            None,
            [
                f"Destination: where the sentence has the unit ('{at.text}'); origin: where the next sentence says it "
                "came from (the draft's reading) - check."
            ],
            self.cite(s, supports=["unit", "to"] + (["strength"] if size is not None else []))
            + self.cite(t, supports=["from"]),
        )
        self.movers.setdefault(s.index, u)
        return True

    def _where_it_is(self, s: Sentence, place_ids: dict[int, str]) -> Span | None:
        """The place a sentence that moves nothing has its unit at: the place it opens with ("In Rylsk, ...", "In
        Kantharalak we have had ..."), else its one place after "at"/"in" when no verb of motion is in it."""
        head = s.start + parse_prefix(s.text)
        first = next((p for p in s.places if p.start in place_ids), None)
        if first is None:
            return None
        if re.fullmatch(r"(?:[A-Z][A-Z .()0-9]*:\s+)?(?:In|At)\s+", self.text[head : first.start]) and re.match(
            r"\s*,\s|\s+(?:we|they)\s", self.text[first.end : first.end + 7]
        ):
            return first
        # (a place in the possessive names the next one's town: "at Cúcuta's Camilo Daza airport")
        own = [p for p in s.places if not p.value.qualifier and not re.match(r"['’]s\s", self.text[p.end : p.end + 3])]
        own = own or [p for p in s.places if not p.value.qualifier]
        at = [p for p in own if p.start in place_ids and p.value.prep in ("at", "in")]
        moves = [
            m
            for m in MOVE_RX.finditer(self.text, s.start, s.end)
            if not any(u.start <= m.start() < u.end for u in s.units)
        ]
        if len(at) == 1 and len(own) == 1 and not moves:  # (not "transport" in "three Mi-17 transport helicopters")
            return at[0]
        return None

    _LIST_LEG = re.compile(r"\s*(?:,\s*)?(?:and\s+)?(?P<n>[\w,-]+)\s+from\s+")

    def _split_by_list(self, s: Sentence, n0: int, place_ids: dict[int, str]) -> None:
        """Round 15: "A total of 32 Apache helicopters are moving: twenty from Ansbach, Germany, to the Baltic
        region, and twelve from Stefanovikeio, in Greece, to Poland": after a colon, each count with its own
        origin and destination is a movement of the unit before the colon, with that count as its strength."""
        made = self.data["movements"][n0:]
        colon = s.text.find(": ")
        if len(made) != 1 or colon < 0:
            return
        at = s.start + colon + 1
        legs: list[tuple[int, Span, Span]] = []
        pos = at
        while True:
            m = self._LIST_LEG.match(self.text, pos, s.end)
            if m is None:
                break
            word = m.group("n").lower().replace(",", "")
            n = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
            a = next((p for p in s.places if p.start >= m.end() and p.start - m.end() <= 5), None)
            if n is None or a is None:
                return
            nxt = self._LIST_LEG.search(self.text, a.end, s.end)
            stop = nxt.start() if nxt is not None else s.end
            b = next(
                (
                    p
                    for p in s.places
                    if a.end <= p.start < stop
                    and re.search(r"\bto\s+(?:the\s+)?$", self.text[max(a.end, p.start - 8) : p.start])
                ),
                None,
            )
            if b is None or a.start not in place_ids or b.start not in place_ids:
                return
            legs.append((n, a, b))  # (the count, where from, where to)
            if nxt is None:
                break
            pos = stop
        if len(legs) < 2:
            return
        first = made[0]
        self.data["movements"].remove(first)
        for n, a, b in legs:
            leg = dict(first)
            leg["from"], leg["to"], leg["strength"] = place_ids[a.start], place_ids[b.start], n
            leg["id"] = self.ids["movements"].new(f"m-{slug(leg['unit'], 40)}-{leg['from']}-{leg['to']}")
            leg["citations"] = [dict(c) for c in first["citations"]] + [
                self.note(
                    f"One leg of the list after the colon ('{n} from {a.text} ... to {b.text}'): its count is "
                    "the strength (the draft's reading) - check.",
                    ["from", "to", "strength"],
                )
            ]
            self.data["movements"].append(leg)

    _NAMES_THE_TROOPS = re.compile(
        r"(?:The|These|Those)\s+(?:troops|soldiers|forces|personnel|marines|paratroopers|servicemen|reservists)"
        r"(?:,\s+(?:mainly\s+|mostly\s+|all\s+)?(?:from|of)\s+|\s+(?:belong|belonged|belongs)\s+to\s+|"
        r"\s+(?:are|were)\s+(?:from|part\s+of|members\s+of|drawn\s+from)\s+)(?:the\s+)?"
    )

    def _troops_named(self, s: Sentence, top_units: list[Span], unit_ids: dict[int, str]) -> None:
        """Round 15: "Nearly 1,100 Ugandan soldiers landed at B ... The troops, from the X's Battle Group 41, will
        relieve ...", "... The soldiers belong to the Arctic Response Company Group of X": a sentence that moves
        nothing but names the unit the troops of the sentence before belong to. The unnamed force's movements
        take that unit, this sentence's quote backing it."""
        head = self._NAMES_THE_TROOPS.match(self.text, s.start + parse_prefix(s.text))
        if head is None or not top_units or s.index == 0:
            return
        u = next((x for x in top_units if x.start <= head.end() + 40 and x.end > head.end()), None)
        if u is None or u.value.generic or re.search(r"[.;]", self.text[head.end() : u.start]):
            return
        for x in top_units:  # "the Kenya Defence Forces' 15th Battalion": the owner's formation
            if x.start > u.start and re.fullmatch(r"['’]s?\s+", self.text[u.end : x.start]):
                u = x
        generic = {v for k, v in self.unit_by_key.items() if k.startswith("generic|")}
        prev_ids = set(self.generic_moves.get(s.index - 1) or [])
        prev = [m for m in self.data["movements"] if m["id"] in prev_ids and m["unit"] in generic]
        if not prev:
            return
        uid = unit_ids[id(u)]
        for m in prev:
            m["unit"] = uid
            for c in m["citations"]:
                if "unit" in c.get("supports", []) and "quote" in c:
                    c["supports"] = [f for f in c["supports"] if f != "unit"]
            m["citations"] += self.cite(s, supports=["unit"]) + [
                self.note(
                    f"Unit: the troops of the sentence before, named here as '{u.text}' (the draft's reading) - check.",
                    ["unit"],
                )
            ]
        self.generic_moves[s.index - 1] = [x for x in self.generic_moves.get(s.index - 1, []) if x not in prev_ids]

    def _fallback_nation(self, origin_id: str | None) -> tuple[str, str]:
        """The nation of a force the article does not name: the article's dominant nation; when no nation word
        is in the article, the country of the place it comes from ("about 80 personnel from RAF Lossiemouth");
        else the United States. Always said to be the draft's guess (issue 18, round 3)."""
        if self.rec.dominant_nation:
            nat = self.rec.dominant_nation
            return nat, f"nation {nat}: not stated; the article's dominant nation (check)"
        code = self._country_of(origin_id) if origin_id and not origin_id.startswith("todo-") else None
        if code and len(code) == 3:
            return code, f"nation {code}: not stated; the country it comes from (check)"
        return "USA", "nation USA: not stated, and the article names no nation (check)"

    def _trailing_followers(self, s: Sentence, top_units: list[Span], place_ids: dict[int, str]) -> None:
        """ "X will sail from A to B, and around 50 further personnel are expected to follow from C": a last clause
        with troops and no unit of its own that follows (or joins) from C goes where the sentence's last movement
        goes (issue 18, round 3). Its quote is the sentence's; a note says the destination is the draft's reading."""
        last_unit_end = max(u.end for u in top_units)
        cut = None
        for m in re.finditer(r",\s+and\s+|;\s+", self.text[last_unit_end : s.end]):
            cut = last_unit_end + m.end()
        if cut is None or not self.data["movements"]:
            return
        clause = self.text[cut : s.end]
        follow = re.search(r"\b(?:follow(?:s|ed|ing)?|join(?:s|ed|ing)?)\b", clause)
        troops = TROOPS_RX.search(clause)
        if follow is None or troops is None or troops.start() > follow.start():
            return
        origin = next(
            (sp for sp in s.places if sp.start >= cut + follow.end() and sp.value.prep == "from"),
            None,
        )
        if origin is None or any(sp.start >= cut and sp.value.prep in ("to", "into", "for") for sp in s.places):
            return
        target = self.data["movements"][-1]
        nation = nation_before(self.text, cut, cut + troops.end(), self.gaz)
        if nation is None:
            nat = self.unit_nation.get(target["unit"]) or self.rec.dominant_nation or "USA"
            nation = (nat, f"nation {nat}: not stated; the nation of the force it follows (check)")
        uid = self.generic_unit(nation[0], s, nation[1], force_words(self.text, cut, troops))
        key = -1 - s.index
        ids = dict(place_ids)
        ids[key] = target["to"]
        dest = Span("place", key, key, target["to"], None)
        note = "Destination: where the force this clause follows goes (the draft's reading) - check."
        trig = next(MOVE_RX.finditer(self.text, s.start, s.end))
        self.add_movement(s, uid, None, dest, origin, cut, s.end, trig, ids, 0, [note])

    def _to_dateline(
        self, s: Sentence, lo: int, hi: int, dest: Span | None, trig_all: list[re.Match], place_ids: dict[int, str]
    ) -> tuple[Span, Span, re.Match] | None:
        """ "HARSTAD — ... Dutch marines came in by air from Doorn on Thursday", "300 U.S. Marines are expected from
        Camp Lejeune": a verb of coming here with an origin and no destination of its own goes to the town the
        wire dateline names, where the report is filed (issue 18, round 4; the draft's reading, said in a note).
        (destination, origin, verb), the destination a span of its own (negative key into `place_ids`)."""
        if dest is not None or self.dateline_place is None:
            return None
        trig = next((t for t in trig_all if lo <= t.start() < hi and _HERE.fullmatch(t.group(0))), None)
        if trig is None:
            return None
        origin = next(
            (
                sp
                for sp in s.places
                if trig.end() <= sp.start < hi and sp.value.prep == "from" and not sp.value.qualifier
            ),
            None,
        )
        if origin is None or place_ids[origin.start] == self.dateline_place:
            return None
        key = -1 - s.index
        place_ids[key] = self.dateline_place
        return Span("place", key, key, self.dateline_place, None), origin, trig

    def _replaced_in(
        self, s: Sentence, top_units: list[Span], unit_ids: dict[int, str], place_ids: dict[int, str]
    ) -> bool:
        """ "The brigade will be replaced in Kuwait by a Texas National Guard battalion": the unit after 'by' goes to
        the place after 'replaced in' (issue 18, round 4); its origin is left to the usual home-station TODO."""
        m = _REPLACED_IN.search(self.text, s.start, s.end)
        if m is None:
            return False
        dest = next((p for p in s.places if p.start == m.end() and not p.value.qualifier), None)
        if dest is None:
            return False
        tail = self.text[dest.end : s.end]
        by = re.match(r"(?:,\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?,)?\s+by\s+(?:an?\s+|the\s+)?", tail)
        u = next(
            (
                x
                for x in top_units
                if by is not None
                and x.start >= dest.end + by.end()
                and re.fullmatch(r"(?:[A-Z][a-z]+\s+)?", self.text[dest.end + by.end() : x.start])  # "a Danish ..."
            ),
            None,
        )
        if u is None or self._denied(s, s.start, m):
            return False
        n_before = len(self.data["movements"])
        self.add_movement(s, unit_ids[id(u)], u.value, dest, None, u.start, s.end, m, place_ids, len(top_units))
        return len(self.data["movements"]) > n_before

    def _followed_by(
        self, s: Sentence, top_units: list[Span], unit_ids: dict[int, str], place_ids: dict[int, str], n_start: int
    ) -> None:
        """ "X moved from A into B, followed by Y from C": a unit after ", followed (joined, accompanied) by" that
        no verb of its own moves goes where the movement before it in the sentence goes, from its own 'from'
        place if it has one (issue 18, round 4). A note says the destination is the draft's reading."""
        for k, u in enumerate(top_units):
            made = [m for m in self.data["movements"][n_start:]]
            if k == 0 or not made or any(m["unit"] == unit_ids[id(u)] for m in made):
                continue
            gap = self.text[top_units[k - 1].end : u.start]
            if not re.search(r",\s+(?:and\s+)?" + _JOINED_BY.pattern + r"(?:the\s+)?$", gap):
                continue
            hi = top_units[k + 1].start if k + 1 < len(top_units) else s.end
            if any(u.end <= sp.start < hi and sp.value.prep in ("to", "into", "for") for sp in s.places):
                continue  # a destination of its own: not this rule
            origin = next((sp for sp in s.places if u.end <= sp.start < hi and sp.value.prep == "from"), None)
            target = made[-1]
            key = -1 - s.index
            ids = dict(place_ids)
            ids[key] = target["to"]
            dest = Span("place", key, key, target["to"], None)
            note = "Destination: where the force it follows goes in this sentence (the draft's reading) - check."
            trig = next(MOVE_RX.finditer(self.text, s.start, s.end))
            self.add_movement(s, unit_ids[id(u)], u.value, dest, origin, u.start, hi, trig, ids, len(top_units), [note])

    def _from_there(self, s: Sentence, top_units: list[Span], place_ids: dict[int, str]) -> bool:
        """ "From there they are due to fly home to B", "From there, the company moved on to B": a next leg of the
        force the sentence before moved, from where it went to this sentence's destination (issue 18, round 3).
        Only when this sentence names no unit of its own; the sentence before's quote backs 'from'."""
        there = re.search(r"\b[Ff]rom\s+there\b", self.text[s.start : s.end])
        if there is None or top_units:
            return False
        prev_ids = self.moves_of.get(s.index - 1) or []
        prev = [m for m in self.data["movements"] if m["id"] in prev_ids]
        if not prev:
            return False
        trig = next((t for t in MOVE_RX.finditer(self.text, s.start + there.end(), s.end)), None)
        if trig is None or self._denied(s, s.start, trig):
            return False
        dest, _origin = self._dest_origin(s, s.start, s.end, trig, place_ids)
        if dest is None:
            return False
        target = prev[-1]
        if place_ids[dest.start] == target["to"]:
            return False
        key = -1 - s.index  # the origin is no span of this sentence: a key of its own
        ids = dict(place_ids)
        ids[key] = target["to"]
        origin = Span("place", key, key, target["to"], None)
        src = self.sentences[s.index - 1]
        note = (
            "Second leg: 'from there' is where the sentence before sends the force "
            f"('{' '.join(src.text.split())[:80]}') - check."
        )
        n_before = len(self.data["movements"])
        self.add_movement(s, target["unit"], None, dest, origin, s.start, s.end, trig, ids, 0, [note])
        for m in self.data["movements"][n_before:]:
            m["citations"] += self.cite(src, supports=["unit", "from"])
        return len(self.data["movements"]) > n_before

    def _same_destination(
        self, s: Sentence, top_units: list[Span], unit_ids: dict[int, str], place_ids: dict[int, str]
    ) -> bool:
        """A force that goes where the sentence before sent another, without naming the place: "A company ... is
        to follow them by road", "About 150 German airmen accompany the jets", "Romania said it would send an
        additional 100 troops from Bucharest" (after "... will travel to Kosovo"). One movement to that
        destination, its quote backing the unit (and origin, strength) and the sentence before backing 'to', with
        a note saying it is the draft's reading."""
        joined = _JOINED_BY.search(self.text, s.start, s.end)
        came = _CAME_FROM.search(self.text, s.start, s.end)
        if joined is not None and came is not None and came.start() <= joined.start() < came.end():
            joined = None  # "followed by train from A": how it followed, not by whom
        follow = joined or _FOLLOW.search(self.text, s.start, s.end) or came
        back = 1
        prev_ids = self.moves_of.get(s.index - 1) or []
        if not prev_ids and follow is not None and follow.re is _CAME_FROM:
            back, prev_ids = 2, self.moves_of.get(s.index - 2) or []  # round 11: a sentence of colour between
        prev = [m for m in self.data["movements"] if m["id"] in prev_ids]
        if not prev:
            return False
        trig = follow or MOVE_RX.search(self.text, s.start, s.end)
        if trig is None:
            return False
        if follow is None and not _MORE.search(self.text, s.start, s.end):
            return False  # "send 100 troops from A" alone does not say where; "an additional 100" does
        if any(
            sp.start >= trig.end()
            and sp.value.prep in ("to", "into", "for", "in", "at")
            # "from RAF Mildenhall in Suffolk": where the origin is, not a destination
            and not any(re.fullmatch(r"\s+in\s+", self.text[p.end : sp.start]) for p in s.places)
            for sp in s.places
        ):
            return False  # a destination of its own (not read by the rules above): not this rule
        if self._denied(s, s.start, trig) or self._headline(s):
            return False
        if joined is not None:  # "They are expected to be joined there by KC-135 tankers from A": the agent
            movers = [u for u in top_units if u.start >= joined.end() and not self._not_a_mover(s, u)][:1]
        else:
            movers = [u for u in top_units if u.end <= trig.start() and not self._not_a_mover(s, u)][-1:]
        if movers:
            u = movers[0]
            uid, uref = unit_ids[id(u)], u.value
        else:
            troops = TROOPS_RX.search(self.text, s.start, s.end)  # "airmen accompany", "send 100 more troops"
            if troops is None:
                return False
            nation = nation_before(self.text, s.start, min(troops.end(), trig.start()), self.gaz)
            if nation is None:
                from_sp = next((sp for sp in s.places if sp.value.prep == "from" and not sp.value.qualifier), None)
                nation = self._fallback_nation(place_ids[from_sp.start] if from_sp is not None else None)
            uid, uref = self.generic_unit(nation[0], s, nation[1], force_words(self.text, s.start, troops)), None
        target = prev[-1]
        if any(m["unit"] == uid and m["to"] == target["to"] for m in self.data["movements"]):
            return False
        origin = next((sp for sp in s.places if sp.value.prep == "from" and not sp.value.qualifier), None)
        key = -1 - s.index  # the destination is no span of this sentence: a key of its own
        ids = dict(place_ids)
        ids[key] = target["to"]
        dest = Span("place", key, key, target["to"], None)
        src = self.sentences[s.index - back]
        note = (
            f"Destination: not named in this sentence; the draft takes the destination of sentence {src.index + 1} "
            f"('{' '.join(src.text.split())[:80]}') - check."
        )
        n_before = len(self.data["movements"])
        self.add_movement(s, uid, uref, dest, origin, s.start, s.end, trig, ids, len(top_units), [note])
        self._to_from_before(s, n_before, trig)
        return len(self.data["movements"]) > n_before

    def _previous_destination(self, s: Sentence, ids: dict[int, str]) -> tuple[Span, str] | None:
        """The destination of the sentence before's last movement, as a span of its own (a negative key added to
        `ids`), and the note saying it is the draft's reading."""
        prev_ids = self.moves_of.get(s.index - 1) or []
        prev = [m for m in self.data["movements"] if m["id"] in prev_ids]
        if not prev:
            return None
        key = -1 - s.index
        ids[key] = prev[-1]["to"]
        src = self.sentences[s.index - 1]
        note = (
            f"Destination: not named in this sentence; the draft takes the destination of the sentence before "
            f"('{' '.join(src.text.split())[:80]}') - check."
        )
        return Span("place", key, key, prev[-1]["to"], None), note

    def _there(self, s: Sentence, c: Clause) -> str | None:
        """Round 9: the place an arrival 'there' means - the first place the sentence before names with 'at',
        'in' or 'to' (not a country, not a place that only says where another lies), when the clause says it
        arrived, landed or moved there."""
        if s.index == 0 or not _THERE.search(self.text, s.start + c.lo, s.start + c.hi):
            return None
        prev = self.sentences[s.index - 1]
        ids = self.places_of.get(prev.index, {})
        for sp in prev.places:
            if sp.start in ids and sp.value.prep in ("at", "in", "to") and not sp.value.qualifier:
                if sp.value.hit.kind in ("country", "continent"):
                    continue
                return ids[sp.start]
        for sp in prev.places:
            # round 14: "Danish soldiers are now guarding Aalborg Airport. ... were moved there from Holstebro": the
            # place the sentence before guards, secures or protects
            if (
                sp.start in ids
                and sp.value.prep is None
                and not sp.value.qualifier
                and sp.value.hit.kind not in ("country", "continent")
                and re.search(
                    r"\b(?:guard|secur|protect|defend|patrol)\w*\s+(?:the\s+)?$", self.text[prev.start : sp.start]
                )
            ):
                return ids[sp.start]
        return None

    def _article_destination(
        self, s: Sentence, ids: dict[int, str], origin_id: str
    ) -> tuple[Span, str, Sentence] | None:
        """Round 9: where the article's last movement before this sentence went, for a move told with an origin
        and a word that it came here ("flown in from Tahiti", "to help prepare the base"), as a span of its own (a
        negative key added to `ids`), with the note that it is the draft's reading and the sentence that says it."""
        for k in range(s.index - 1, -1, -1):
            prev = [m for m in self.data["movements"] if m["id"] in (self.moves_of.get(k) or [])]
            if prev:
                to = prev[-1]["to"]
                if to == origin_id:
                    return None
                key = -300_000 - s.index
                ids[key] = to
                note = (
                    f"Destination: not named; the draft takes the destination of the article's movement before "
                    f"(sentence {k + 1}, '{to}') - check."
                )
                return Span("place", key, key, to, None), note, self.sentences[k]
        return None

    def _destination_after(self, s: Sentence, ids: dict[int, str]) -> tuple[Span, str] | None:
        """Round 7: "... flew out of A on Tuesday. Their destination: B": the next sentence opens by naming the
        destination, and its first place is it (a span of its own, a negative key added to `ids`)."""
        if s.index + 1 >= len(self.sentences):
            return None
        nxt = self.sentences[s.index + 1]
        head = re.match(
            r"\s*(?:(?:Their|Its|His|Her|The)\s+)?(?:final\s+)?destination\s*(?::|is|was|will\s+be)\s+", nxt.text
        ) or re.match(  # round 9: "... left Camp Hansen on Tuesday. They will be based at Robertson Barracks"
            r"\s*(?:They|It|The\s+(?:regiment|unit|brigade|battalion|company|contingent|force|troops|soldiers|marines|"
            r"ship|vessel|aircraft|jets|squadron|detachment))\s+(?:will|would|are\s+to|is\s+to|are\s+expected\s+to|"
            r"is\s+expected\s+to|are\s+due\s+to|is\s+due\s+to)\s+(?:be\s+)?(?:based|stationed|deployed|headed|"
            r"heading|arrive|arriving)\s+(?:at|in|to)\s+(?:the\s+)?",
            nxt.text,
        )
        place = next((p for p in nxt.places if not p.value.qualifier), None)
        if head is None or place is None:
            return None
        gap = nxt.text[head.end() : place.start - nxt.start]
        if len(gap) > 4 and not re.fullmatch(
            # round 15: "Their destination is the air base at Sliač"
            r"(?:the\s+)?(?:[\w-]+\s+){0,2}(?:base|airfield|airport|camp|port|barracks|garrison|training\s+area|range)\s+"
            r"(?:at|in|of|near)\s+",
            gap,
        ):
            return None
        key = -200_000 - s.index
        ids[key] = self.place(place.value, nxt)
        note = f"Destination: named in the next sentence ('{' '.join(nxt.text.split())[:80]}') - check."
        return Span("place", key, key, place.text, None), note

    def _own_size(self, s: Sentence, n: Span, uref: UnitRef | None) -> bool:
        """ "The company numbers approximately 120 soldiers": the unit (named again, or by "the company") is the
        subject of the verb that gives its size."""
        return any(
            (x.value is uref or x.value.parent is uref)
            and re.fullmatch(
                r"\s+(?:numbers|totals|has|comprises|includes|consists\s+of|is\s+made\s+up\s+of)\s+(?:\w+\s+)?",
                self.text[x.end : n.start],
            )
            for x in s.units
        )

    def _escort_origin(
        self, s: Sentence, n_start: int, ids: dict[int, str], key: int, lemma: str, extra: list[str]
    ) -> Span | None:
        """An escort leaves from where what it escorts leaves (round 6): the origin of this sentence's movement
        before it, else of the sentence before's last movement, when the article named it (not a TODO); as a span
        of its own (`key`, added to `ids`), with a note in `extra`."""
        here = self.data["movements"][n_start:]
        prev_ids = set(self.moves_of.get(s.index - 1) or [])
        prev = here or [m for m in self.data["movements"] if m["id"] in prev_ids]
        if not prev or prev[-1]["from"].startswith("todo-"):
            return None
        ids[key] = prev[-1]["from"]
        extra.append(f"Origin: where the force it {lemma}s leaves from (the draft's reading) - check.")
        return Span("place", key, key, ids[key], None)

    def _to_from_before(
        self, s: Sentence, n_before: int, trig: re.Match, fields: tuple[str, ...] = ("to",), src: Sentence | None = None
    ) -> None:
        """The movements drafted since `n_before` go where the sentence before (or `src`) says: its quote backs
        'to' (and 'from' for an escort; not this sentence's), with a note that it is the draft's reading."""
        src = src or self.sentences[s.index - 1]
        for m in self.data["movements"][n_before:]:
            for c in m["citations"]:
                if c.get("quote") == s.quote and any(f in c.get("supports", []) for f in fields):
                    c["supports"] = [f for f in c["supports"] if f not in fields]
            m["citations"] += self.cite(src, supports=list(fields)) + [
                self.note(f"Draft's reading: it goes where the sentence before says ('{trig.group(0)}').", list(fields))
            ]

    def _headline(self, s: Sentence) -> bool:
        """The article's first line when it is a headline: its own paragraph, no closing full stop, and the
        article goes on ("Germany sends Patriots and troops to Slovakia")."""
        if s.index > 3 or s.index + 1 >= len(self.sentences):
            return False
        after = self.text[s.end : self.sentences[s.index + 1].start]
        before = self.text[self.sentences[s.index - 1].end : s.start] if s.index else "\n"
        # round 8: a headline under a masthead or a dateline line ("Island Watch — a blog ...\n\nPosted by ...\n\n
        # Missile launchers spotted on the move to Ishigaki"): its own paragraph among the first lines
        return (
            "\n" in after
            and "\n" in before
            and not re.search(r"[.!?][\"”’')\]]*$", s.text)
            and len(s.text.split()) <= 20
        )

    def _nationality_from(self, first: Span, later: Span, tpos: int) -> bool:
        """Round 14: "About 40 soldiers from Estonia flew from Tallinn": a country right after the troops noun says
        whose they are; the place they leave is the 'from' after the verb."""
        return (
            first.value.hit.kind == "country"
            and first.end <= tpos <= later.start
            and later.value.prep == "from"
            and re.search(_TROOPS_FROM, self.text[max(0, first.start - 40) : first.start]) is not None
        )

    def _dest_origin(
        self, s: Sentence, lo: int, hi: int, trigger: re.Match | None, place_ids: dict[int, str]
    ) -> tuple[Span | None, Span | None]:
        """Destination (after the movement verb: 'to X', or 'in X' after 'arrived') and origin ('from X')."""
        tpos = trigger.end() if trigger else lo
        if trigger is not None and RECEIVE_RX.fullmatch(trigger.group(0)):
            return self._receiver(s, trigger, hi)
        arriving = bool(trigger and ARRIVE_RX.match(trigger.group(0)))
        origin = None
        strong: list[Span] = []
        weak: list[Span] = []
        for sp in s.places:
            if not (lo <= sp.start < hi) or sp.value.qualifier or self._drawn_from(s, sp):
                continue  # round 15: "from across Ontario": where they were drawn from
            prep = sp.value.prep
            before = self.text[max(s.start, sp.start - 40) : sp.start]
            based = (
                bool(_BASED.search(before))
                or (sp.start < tpos and self._at_unit(s, sp))
                or bool(re.match(r"[-–](?:based|headquartered|stationed)\b", self.text[sp.end : sp.end + 16]))
            )  # "the Bamberg-based 12th Armoured Brigade": its home
            if _TO_BE_BASED.search(before):
                based = False  # "will be based at A": where it goes
            if _BEEN_IN.search(before) and origin is None:
                origin = sp  # "which has been in Poland since August, will return to Fort Stewart"
                continue
            if (prep == "from" or based or _LEFT.search(before)) and (
                origin is None or self._nationality_from(origin, sp, tpos)
            ):
                origin = sp  # "from A", "based in A", "departed A", "left A"
                continue
            if re.search(r"\b(?:already|still|currently)\s+(?:in|at)\s+(?:the\s+)?$", before):
                continue  # "500 troops who are already in Europe": where they are, not where they go
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
            gap = self.text[dest.end : origin.start]
            gap = re.sub(r"^,\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?,\s*", " ", gap)  # "to Rukla, Lithuania, from"
            if (len(gap) > 40 or re.search(r"[,;:]", gap)) and not _COMING_FROM.search(gap):
                origin = None
        there = re.search(r"\bfrom\s+there\b", self.text[tpos:hi]) if origin is None else None
        if there is not None:
            # "Singapore, whose air force keeps a detachment at Oakey, will move three Apaches from there to Tindal":
            # 'there' is the last place named before it in the sentence at/in which something is (round 3)
            pos = tpos + there.start()
            origin = next(
                (
                    sp
                    for sp in reversed(s.places)
                    if sp.end <= pos and sp.value.prep in ("at", "in") and not sp.value.qualifier and sp is not dest
                ),
                None,
            )
        return dest, origin

    def _receiver(self, s: Sentence, trigger: re.Match, hi: int) -> tuple[Span | None, Span | None]:
        """ "Naha, home of the 15th Brigade, will receive a company from Kumamoto": the sentence's subject, a
        place at its start, is the destination; 'from A' after the verb the origin."""
        dest = next(
            (
                sp
                for sp in s.places
                if s.start <= sp.start < trigger.start()
                and sp.value.prep is None
                and not sp.value.qualifier
                and re.fullmatch(r"(?:[\w’'.-]+,?\s+){0,3}", self.text[s.start : sp.start])
            ),
            None,
        )
        origin = next(
            (sp for sp in s.places if trigger.end() <= sp.start < hi and sp.value.prep == "from"),
            None,
        )
        return dest, origin

    def _at_unit(self, s: Sentence, sp: Span) -> bool:
        """A place right after a unit's name, before the verb: its home ("the 510th Fighter Squadron at Aviano";
        round 4: also with no word between, as air wings are named: "from 3 Wing Bagotville")."""
        return any(
            re.fullmatch(r" (?:(?:at|in)\s+(?:the\s+)?)?|\s+(?:at|in)\s+(?:the\s+)?", self.text[u.end : sp.start])
            for u in s.units
        )

    def _unit_verb(
        self, s: Sentence, u: Span, lo: int, hi: int, trig_all: list[re.Match], place_ids: dict[int, str]
    ) -> tuple[Span | None, Span | None, re.Match | None]:
        """(destination, origin, verb) of a unit: its own verb (after it) first; else the verb that moves it
        ("will send the 3rd BCT to"), first when 'from'/'to' follow the name ("is moving 20 helicopters from A")."""
        # "B will receive X from A": X is the object after the verb; a unit before it is not what moves
        after = [t for t in trig_all if u.end <= t.start() < hi and not RECEIVE_RX.fullmatch(t.group(0))]
        before = [t for t in trig_all if lo <= t.start() < u.start]
        cands = after[:1] + before[::-1]
        if before and re.match(r"\s*,?\s*(?:from|to)\s", self.text[u.end : hi]):
            cands = before[::-1] + after[:1]  # "is moving 20 helicopters from A to B, ... as NATO reinforces"
        later = [t for t in trig_all if t.start() >= hi and not RECEIVE_RX.fullmatch(t.group(0))][:1]
        if (
            later
            and (
                # a place between that is not the next unit's own origin: "X ... to A, and Y is moving ..." parts
                # them; "A Spanish company from A and a Slovenian platoon from B arrived in C" does not
                any(hi <= p.start < later[0].start() and p.value.prep != "from" for p in s.places)
                or re.search(r",\s+and\b|;", self.text[u.end : later[0].start()])
                # "will replace the 1st Brigade, which is returning to B": the relative clause's verb is the next
                # unit's, not this one's
                or (
                    re.search(r",\s+(?:which|who|whose|that)\b", self.text[hi : later[0].start()])
                    # "X will join Y, which left A for B": X goes where Y went
                    and not re.search(
                        r"\b(?:join|joins|joining|follow|follows|accompany|reinforce)\b", self.text[u.end : hi]
                    )
                )
            )
        ):
            later = []  # "a HIMARS battery ... within Poland, and the Army's brigade is sending ...": not its verb
        for cand in cands + later:
            dest, origin = self._dest_origin(s, lo, hi if cand.start() < hi else s.end, cand, place_ids)
            if dest is not None:
                return dest, origin, cand
        return None, None, None

    # ------------------------------------------------------------ the parse (round 5)
    def clauses(self, s: Sentence, places: list[Span]) -> list[Clause]:
        """The motion clauses of sentence `s` by the dependency parse ([] without a parser); places are
        given by their index in `places`."""
        nlp = self.engine.nlp
        if nlp is None:
            return []
        key = (s.index, tuple(p.start for p in places))
        if key in self._clauses:  # asked again for each unit a sentence moves (round 12's origin check)
            return self._clauses[key]
        if self._docs is None:
            self._docs = list(nlp.pipe([x.text[parse_prefix(x.text) :] for x in self.sentences]))
        doc = self._docs[s.index]
        k = parse_prefix(s.text)
        kept = [j for j, p in enumerate(places) if p.start - s.start >= k]
        found = find_clauses(
            doc, [(places[j].start - s.start - k, places[j].end - s.start - k, places[j].value.prep) for j in kept]
        )
        self._clauses[key] = [shift_clause(c, k, kept) for c in found]
        return self._clauses[key]

    def parsed_movements(  # noqa: C901 (one branch per mover shape: named, pronoun, followed, escorted (issue 18))
        self, s: Sentence, top_units: list[Span], unit_ids: dict[int, str], place_ids: dict[int, str]
    ) -> set[str]:
        """Movements of the units the parse finds moving (:mod:`dashboard.draft.clauses`); the ids of the units
        it moved, which the keyword rules then leave alone in this sentence."""
        places = [p for p in s.places if not p.value.qualifier]
        moved: set[str] = set()
        n_start = len(self.data["movements"])
        found = self.clauses(s, places)
        for c in found:
            if c.mover is None or c.negated:
                continue
            if (
                c.following
                and not c.destinations
                and any(o is not c and o.mover_head == c.mover_head and o.destinations for o in found)
            ):
                continue  # round 15: "A medical team ... followed on Monday, flying from A to B": the flight says it
            if (
                c.origins
                and not c.destinations
                and any(o is not c and o.mover_head == c.mover_head and o.destinations and o.origins for o in found)
            ):
                continue  # round 16: "left A on Saturday and are expected at B on Thursday": the arrival says it all
            lo, hi = s.start + c.mover[0], s.start + c.mover[1]
            head = s.start + (c.mover_head if c.mover_head is not None else c.mover[0])
            inside = [u for u in top_units if lo <= u.start and u.end <= hi or u.start <= head < u.end]
            u = next((x for x in inside if x.start <= head < x.end), inside[0] if inside else None)
            own_troops = u is None and self._speaker_unit(s, lo, top_units)
            if own_troops:
                u = own_troops  # round 8: "The Jamaica Defence Force says its soldiers have reached B"
            both = self._both_units(s, lo, hi, unit_ids) if u is None else []
            if u is None and not both:
                u = self._mover_unit(s, c, unit_ids, place_ids)  # round 7: the parse's mover as the unit
            for one in both or ([u] if u is not None else []):
                member = lo <= one.start and re.search(
                    r"\b(?:troops|soldiers|personnel|sailors|airmen|marines|paratroopers)\s+with\s+the\s*$",
                    self.text[max(lo, one.start - 40) : one.start],
                )  # round 8: "400 Guard soldiers with the 72nd Infantry Brigade Combat Team will convoy": its members
                if not own_troops and not member and self._not_a_mover(s, one):
                    continue
                self._parsed_movement(s, c, one, top_units, unit_ids, place_ids, places, n_start, moved)
        return moved

    def _parsed_movement(  # noqa: C901 (one branch per mover shape: named, pronoun, followed, escorted (issue 18))
        self,
        s: Sentence,
        c: Clause,
        u: Span,
        top_units: list[Span],
        unit_ids: dict[int, str],
        place_ids: dict[int, str],
        places: list[Span],
        n_start: int,
        moved: set[str],
    ) -> None:
        """The movement of unit `u` by clause `c` (the body of :meth:`parsed_movements`)."""
        for _ in (0,):
            trig = re.compile(re.escape(self.text[s.start + c.verb[0] : s.start + c.verb[1]])).match(
                self.text, s.start + c.verb[0]
            )
            c_lo, c_hi = s.start + c.lo, s.start + c.hi
            lo_m = s.start + (c.mover[0] if c.mover is not None else c.lo)
            count = next(
                (
                    n
                    for n in s.numbers
                    if n.end <= u.start < c_lo
                    and re.fullmatch(r"\s+(?:[A-Z][\w.]*\s+){0,3}", self.text[n.end : u.start])
                ),
                None,
            )
            if count is not None:
                c_lo = count.start  # round 8: "Four U.S. Air Force B-52H Stratofortress bombers landed": its count
            if trig is None or self._denied(s, c_lo, trig):
                continue
            # round 10: "soldiers from Germany's Panzergrenadierbataillon 122 left A": the owner is no origin
            owned_by = [k for k in c.origins if not re.match(r"['’]s\b", self.text[places[k].end : places[k].end + 3])]
            if len(owned_by) < len(c.origins):
                # ... and the place the words mark as where it leaves from ("left their garrison in A") comes first
                marked = [
                    k
                    for k, p in enumerate(places)
                    if p.value.prep == "from" and s.start + c.lo <= p.start < s.start + c.hi and k not in c.destinations
                ]
                owned_by = sorted(set(owned_by) | set(marked), key=lambda k: places[k].start)
            # round 11: "engineers of X, based in Tidworth, flew from RAF Brize Norton to Tallinn": the place it
            # flew from, not its home
            # (and a place marked as left before one the words do not mark: "• Germany — The frigate Hessen left
            # Wilhelmshaven")
            owned_by.sort(key=lambda k: (places[k].value.prep != "from", places[k].value.prep is None))
            # round 15: "reservists from across Ontario ... aboard two Hercules from CFB Trenton": where they were
            # drawn from is no origin when the sentence names one
            drawn = [k for k in owned_by if self._drawn_from(s, places[k])]
            owned_by = [k for k in owned_by if k not in drawn] or owned_by
            origin = places[owned_by[0]] if owned_by else None
            extra: list[str] = []
            if origin is None:
                origin = self._first_hop(s, c, places, trig)
                if origin is not None:
                    extra.append(
                        f"Origin: '{origin.text}', where the sentence first takes them (the hop there is no movement "
                        "of its own; the draft's reading) - check."
                    )
            if origin is None and c.destinations:
                origin = self._fronted_place(s, c, places)
                if origin is not None:
                    extra.append(
                        f"Origin: '{origin.text}', the place the sentence opens with ('At {origin.text}, ...'), "
                        "which they left (the draft's reading) - check."
                    )
            from_before = from_after = False
            from_src: Sentence | None = None
            ids = place_ids
            here = self._this_base(s, c) if not c.destinations else None
            if here is not None:
                # round 8: "landed at this Royal Air Force base in western England": the dateline's place
                ids = dict(place_ids)
                key = -1 - s.index
                ids[key] = str(self.dateline_place)
                dest = Span("place", key, key, str(self.dateline_place), None)
                extra = [_HERE_NOTE]
                if origin is not None and here[0] <= origin.start <= here[1] + 40 and origin.value.prep != "from":
                    origin = None  # "in western England": where this base is, not where they came from
            elif not c.destinations and (there := self._there(s, c)) is not None:
                # round 9: "Some 400 soldiers of X from A arrived there by rail": the place the sentence before
                # is about ("... is growing at the Lešť military training area")
                ids = dict(place_ids)
                key = -500_000 - s.index
                ids[key] = there
                dest = Span("place", key, key, there, None)
                extra = [f"Destination: 'there', the place sentence {s.index} names ('{there}'; the draft's reading)."]
                from_src = self.sentences[s.index - 1]
            elif c.destinations:
                owned = [places[k] for k in c.destinations]
                m_lo, m_hi = (s.start + c.mover[0], s.start + c.mover[1]) if c.mover is not None else (0, 0)
                # round 8: a place in the mover's own words ("the Gaziantep-based artillery regiment") is no destination
                owned = [p for p in owned if not m_lo <= p.start < m_hi] or owned
                # round 8: "to Tanzania's commercial capital Dar es Salaam": the place, not its country
                owned = [
                    p
                    for p in owned
                    if not (p.value.hit.kind == "country" and re.match(r"['’]s\b", self.text[p.end : p.end + 3]))
                    and not re.match(
                        r"\s+(?:port|city|town|capital|island|harbou?r)\s+of\s", self.text[p.end : p.end + 20]
                    )
                ] or owned
                dest = min(owned, key=lambda p: p.start)
                if dest.value.hit.kind == "country":
                    # round 14: "In Kuwait, ... arrived at Ali Al Salem Air Base": the place inside the country
                    dest = next(
                        (
                            p
                            for p in owned
                            if p.value.hit.kind != "country" and p.value.hit.country == dest.value.hit.country
                        ),
                        dest,
                    )
            elif c.following and (own := self._own_earlier(unit_ids[id(u)], u.value)) is not None:
                # "A second company of the 11th Airmobile Brigade will follow": where that unit went before
                key = -1 - s.index
                ids = dict(place_ids)
                ids[key] = own["to"]
                dest = Span("place", key, key, own["to"], None)
                extra = [f"Destination: where the article sent {u.value.name} before (the draft's reading) - check."]
            elif c.following and self.data["movements"][n_start:]:  # where this sentence's force before it goes
                key = -1 - s.index
                ids = dict(place_ids)
                ids[key] = self.data["movements"][-1]["to"]
                dest = Span("place", key, key, ids[key], None)
                extra = [f"Destination: where the force it {c.lemma}s goes (the draft's reading) - check."]
            elif c.following and (before := self._previous_destination(s, ids := dict(place_ids))) is not None:
                dest, note = before
                extra, from_before = [note], True
            elif (
                origin is not None
                and c.pronoun
                and (own := self._own_earlier(unit_ids[id(u)], u.value)) is not None
                and own["id"] in (self.moves_of.get(s.index - 1) or [])
                and self._home_base_origin(own, s.index - 1)
                and self._origin_after(s, unit_ids[id(u)], u.value, origin, place_ids, c)
            ):
                # round 15: "X, which is based in H, landed at B. They had flown in from A": A is the origin
                moved.add(unit_ids[id(u)])
                continue
            elif origin is not None and (after := self._destination_after(s, ids := dict(place_ids))) is not None:
                dest, note = after  # "flew out of A on Tuesday. Their destination: B" (round 7)
                extra, from_after = [note], True
            elif (
                origin is not None
                and _HERE_CUE.search(self.text, c_lo, max(c_hi, trig.end()) + 60)
                and (opened := self._fronted_here(s, origin, trig)) is not None
            ):
                # round 16: "Meanwhile, over at Larissa: four F-16s ... flew in from Aviano": where the sentence is
                dest, ids = opened, dict(place_ids)
                extra = [
                    f"Destination: the place the sentence opens with ('{opened.text}'; the draft's reading) - check."
                ]
            elif (
                origin is not None
                and _HERE_CUE.search(self.text, c_lo, max(c_hi, trig.end()) + 60)
                and (prior := self._article_destination(s, ids := dict(place_ids), place_ids[origin.start])) is not None
            ):
                dest, note, from_src = prior  # round 9: "were also flown in from Tahiti", "flew from A to help
                extra = [note]  # prepare the base": where the article's movement before went
            else:
                if origin is not None:
                    size = next(
                        (n.value.amount for n in s.numbers if n.value.troops and lo_m <= n.start < u.start),
                        None,
                    )  # "Around 400 soldiers of the X ... left A": the count before the unit in the mover's words
                    self.pending_origin[s.index] = (unit_ids[id(u)], place_ids[origin.start], size)
                    # "X was seen leaving A; ... it is bound for B": the pronoun after it is this mover (round 8)
                    self.movers.setdefault(s.index, u)
                    if self._origin_after(s, unit_ids[id(u)], u.value, origin, place_ids, c):
                        moved.add(unit_ids[id(u)])  # the keyword rules leave it alone: its movement is told
                        del self.pending_origin[s.index]  # round 15: told, so no origin for the next leg
                continue
            if c.escorting and origin is None:
                origin = self._escort_origin(s, n_start, ids, dest.start - 10_000, c.lemma, extra)
            if (
                origin is not None
                and origin.start >= 0
                and re.match(r"\s+capital\b", self.text[origin.end : origin.end + 9])
            ):
                origin = None  # round 8: "From the Norte de Santander capital": the region names the town, not itself
            earlier: tuple[str, Sentence, str, int | str | None] | None = None
            if origin is None and not c.following:
                earlier = self._onward_origin(s, c, unit_ids[id(u)], ids[dest.start])
                if earlier is not None:
                    ids = dict(ids)
                    key = -5000 - s.index
                    ids[key] = earlier[0]
                    origin = Span("place", key, key, earlier[0], None)
                    extra = [*extra, earlier[2]]
            if dest.start >= 0 and u in top_units:
                # where the rules agree on the destination, the union of what both found: the rules' origin when
                # the parse has none, and their words for the strength and dates ("Roughly 1,700 soldiers from
                # Fort Drum will say goodbye ... as the brigade heads to Romania")
                r_lo, r_hi = self._unit_words(s, top_units, top_units.index(u))
                trig_all = list(MOVE_RX.finditer(self.text, s.start, s.end))
                r_dest, r_origin, _r = self._unit_verb(s, u, r_lo, r_hi, trig_all, place_ids)
                if r_origin is not None and (
                    any(places[k].start == r_origin.start for k in c.destinations)
                    or (r_origin.start > dest.end and BASE_IN.fullmatch(self.text[dest.end : r_origin.start] + " "))
                ):
                    r_origin = None  # round 11: "landed at B air base in Bulgaria": where B lies, not whence
                if r_origin is not None and any(
                    o.mover is not None
                    and o.mover != c.mover
                    and any(places[k].start == r_origin.start for k in o.origins)
                    for o in self.clauses(s, places)
                ):
                    # round 12: "F-35s flew from A to B to take over the mission from an Italian detachment, which
                    # is returning to C": A is where another mover of the sentence left from, not the detachment
                    r_origin = None
                if r_dest is not None and place_ids[r_dest.start] == place_ids[dest.start]:
                    origin = origin or r_origin
                    c_lo, c_hi = min(c_lo, r_lo), max(c_hi, r_hi)
            uid = unit_ids[id(u)]
            dests = self._each_destination(s, dest, c_hi) if dest.start >= 0 else [(dest, extra)]
            tied = [s.start + k for k in c.counts]
            n_before = len(self.data["movements"])
            for d, more in dests:
                self.add_movement(
                    s, uid, u.value, d, origin, c_lo, c_hi, trig, ids, len(top_units), more or extra, tied
                )
            if from_after:
                self._to_from_before(s, n_before, trig, ("to",), src=self.sentences[s.index + 1])
            if from_src is not None:
                self._to_from_before(s, n_before, trig, ("to",), src=from_src)
            if from_before:
                self._to_from_before(
                    s, n_before, trig, ("to", "from") if origin is not None and origin.start < 0 else ("to",)
                )
            if earlier is not None and earlier[1] is not s:
                self._to_from_before(s, n_before, trig, ("from",), src=earlier[1])
            if earlier is not None and earlier[3] is not None:
                for m in self.data["movements"][n_before:]:
                    if m.get("strength") is None and m["unit"] == uid:
                        # the same troops go on: the leg before's strength, backed by its sentence
                        m["strength"] = earlier[3]
                        m["note"] = m.get("note", "") + f" Strength: '{earlier[3]}' of the leg before (check)."
                        m["citations"] += self.cite(earlier[1], supports=["strength"]) + [
                            self.note(
                                "Draft's reading: the same troops go on, with their strength - check.", ["strength"]
                            )
                        ]
            if dest.start >= 0:
                self._leg(s, uid, u, dest, c_lo, c_hi, trig, place_ids, len(top_units))
            self._take_over_troops(s, u, self.data["movements"][n_start:])
            moved.add(uid)
            self.movers[s.index] = u

    def _this_base(self, s: Sentence, c: Clause) -> tuple[int, int] | None:
        """Round 8: "landed at this Royal Air Force base", "arrived here": the place of the wire dateline."""
        if self.dateline_place is None:
            return None
        m = re.search(
            r"\b(?:(?:at|to|in|into)\s+this\s+(?:[\w’'-]+\s+){0,4}?(?:base|air\s*base|airfield|air\s+station|port|"
            r"harbou?r|garrison|camp|city|town)|(?:arrived|landed|came|come|arrive|land)\s+here)\b",
            self.text[s.start + c.lo : s.start + c.hi],
            re.IGNORECASE,
        )
        if m is None and self._dateline_is_town():
            # round 10: "CULIACÁN, Mexico, Oct 22 (EFE) - ... troops from Hermosillo arrived in the city by road",
            # "... to the outskirts of the capital": the town of the dateline
            m = re.search(
                r"\b(?:at|to|in|into|near)\s+the\s+(?:outskirts\s+of\s+the\s+)?(?:city|town|(?:state\s+|provincial\s+|"
                r"regional\s+)?capital)\b(?!\s+of\b|['’]s)",
                self.text[s.start + c.lo : s.start + c.hi],
                re.IGNORECASE,
            )
        return (s.start + c.lo + m.start(), s.start + c.lo + m.end()) if m else None

    def _fronted_here(self, s: Sentence, origin: Span, trig: re.Match) -> Span | None:
        """Round 16: the place a sentence opens with ("Meanwhile, over at Larissa: ...", "In Gao, ...", "Here in
        Tapa, ..."), before the verb and not its origin: where a move told as coming here ends."""
        head = s.start + parse_prefix(s.text)
        for p in s.places:
            if p is origin or p.start >= trig.start() or p.value.qualifier:
                return None
            if re.fullmatch(
                r"(?:(?:Meanwhile|Elsewhere|Back|Also),?\s+)?(?:(?:over|here|down|up|out)\s+)?(?:[Ii]n|[Aa]t)\s+(?:the\s+)?",
                self.text[head : p.start],
            ) and re.match(r"\s*[,:;—–-]", self.text[p.end : p.end + 3]):
                return p
            return None
        return None

    def _dateline_is_town(self) -> bool:
        rec = next((p for p in self.data["places"] if p["id"] == self.dateline_place), None)
        if rec is not None:
            return rec.get("precision") not in ("country", "region", "continent")
        known = self.kn.places.places.get(str(self.dateline_place))
        return known is not None and getattr(known, "precision", None) not in ("country", "region", "continent")

    _ONWARD = re.compile(
        r"\b(?:[Ff]rom\s+(?:where|there|here)|thence|[Ff]rom\s+the\s+(?:[\w’'-]+\s+){0,4}?(?:capital|city|port|base|town|"
        r"airport|airfield|harbou?r))\b"
    )

    def _troops_of_nation(self, words: str) -> str | None:
        """Round 16: the nation of "the PNG soldiers", "these British troops" (None for "the soldiers")."""
        m = _SAME_TROOPS.fullmatch(" ".join(words.split()))
        if m is None or m.group("nation") is None:
            return None
        w = m.group("nation")
        code = NATION_WORDS.get(w) or (self.gaz.country_code(w) if w.isupper() else None)
        return code if code and len(code) == 3 else None

    def _onward_origin(
        self, s: Sentence, c: Clause, uid: str, to_id: str
    ) -> tuple[str, Sentence, str, int | str | None] | None:
        """Round 8: where a leg starts that the article starts from the last one's end ("from where they will
        continue by road to C", "From there, X will be flown to E", "From the <region> capital they continued
        to C"), or from the origin a sentence before gave the same unit with no destination ("left Goma ... .
        They are travelling to Dar es Salaam"). (origin id, the sentence that names it, note) or None."""
        # "Pristina, from where they will continue": "from" heads the clause, one word before its own words
        own = self._ONWARD.search(self.text, max(s.start, s.start + c.lo - 6), s.start + c.verb[0])
        opener = self._ONWARD.match(self.text, s.start + parse_prefix(s.text), s.start + c.verb[0])
        words = self.text[s.start + c.mover[0] : s.start + c.mover[1]] if c.mover is not None else ""
        carried_on = (
            c.part
            or _SAME_TROOPS.fullmatch(" ".join(words.split())) is not None
            or (
                c.pronoun
                and (c.lemma == "transport" or re.search(r"\bthen\b", self.text[s.start + c.lo : s.start + c.verb[0]]))
            )
        )  # round 14: "Army trains then hauled them south to C", "Part of them went to C", "the soldiers were taken by
        # bus to C" (not "They are travelling to C", which may tell the same journey again)
        # the sentence before, or the one before it when that one only told more of the same leg ("They had flown
        # from A"; round 14)
        back = 2 if carried_on and not self.moves_of.get(s.index - 1) and s.index >= 2 else 1
        if carried_on and not self.moves_of.get(s.index - 1) and not self.moves_of.get(s.index - 2) and s.index >= 3:
            back = 3  # round 16: a lead that told the leg, then two sentences of detail ("About 500 commandos landed
            # at A ...", "They had taken off from H, ...") that the lead's movement took in
        if self._troops_of_nation(words) is not None:
            # round 16: "This morning the PNG soldiers were taken to C", a sentence on another nation's flight between
            back = next(
                (
                    k
                    for k in (1, 2, 3)
                    if any(
                        m["unit"] == uid
                        for m in self.data["movements"]
                        if m["id"] in (self.moves_of.get(s.index - k) or [])
                    )
                ),
                back,
            )
        # round 16: "A Turkish commando battalion has arrived in Kosovo. About 500 commandos landed at A. ... Most of
        # the troops were then taken by road to C": the force the lead names and its troops told by no unit are one
        # (the lead is joined with their leg at the end)
        generic = self.unit_by_key.get(f"generic|{self.unit_nation.get(uid)}")
        before = [m for m in self.data["movements"] if m["id"] in (self.moves_of.get(s.index - back) or [])]
        same = uid if any(m["unit"] == uid for m in before) or not carried_on else generic
        onward = (c.lemma in ("continue", "proceed") or carried_on) and any(
            m["unit"] == same for m in before
        )  # "the convoy continued towards C": on from where the sentence before took it; round 14: so does a mover
        # named only by a pronoun or a part of it ("Army trains then hauled them south to C", "Part of them went on")
        if own or opener or onward:
            # "From there, X will be flown to E, while Y will continue to F": the sentence's opener is the sentence
            # before's end for every clause; "from where" in the clause's own words the leg before in this one
            mine = [m for m in self.data["movements"][self.sentence_n0 :] if m["to"] != to_id] if own else []
            prev = [m for m in self.data["movements"] if m["id"] in (self.moves_of.get(s.index - back) or [])]
            if onward and not own and not opener:
                prev = [m for m in prev if m["unit"] == same]
            last = (mine or prev)[-1] if mine or prev else None
            if last is not None and last["to"] != to_id:
                src = s if mine else self.sentences[s.index - back]
                note = "Origin: where the leg before ends ('from there'; the draft's reading) - check."
                # a part of them goes on without the whole's headcount (round 14: "Part of them", "one company of X")
                part = c.part or _PART_OF_UNIT.match(words) is not None
                return last["to"], src, note, last.get("strength") if last["unit"] == uid and not part else None
        for k in (s.index, s.index - 1):
            pend = self.pending_origin.get(k)
            if pend is not None and pend[0] == uid and pend[1] != to_id:
                note = (
                    "Origin: where the article has the same unit leave from just before (the draft's reading) - check."
                )
                return pend[1], self.sentences[k], note, pend[2]
        return None

    def _speaker_unit(self, s: Sentence, lo: int, top_units: list[Span]) -> Span | None:
        """Round 8: "The X says its soldiers have reached B": "its"/"their" troops are the reporting unit's."""
        if not re.match(r"(?:its|their)\s", self.text[lo : lo + 6], re.IGNORECASE):
            return None
        return next((x for x in reversed(top_units) if x.end <= lo and _SPEAKER.match(self.text, x.end, s.end)), None)

    def _both_units(self, s: Sentence, lo: int, hi: int, unit_ids: dict[int, str]) -> list[Span]:
        """Round 8: "elements of both units will deploy from A to B": the last two units the article moved."""
        if not re.search(
            r"\b(?:both|the\s+two)\s+(?:units|contingents|companies|battalions|forces|ships|vessels|squadrons)\b",
            self.text[lo:hi],
            re.IGNORECASE,
        ):
            return []
        last: list[str] = []
        for m in reversed(self.data["movements"]):
            if m["unit"] not in last and m["unit"] in self.refs:
                last.append(m["unit"])
            if len(last) == 2:
                break
        if len(last) < 2:
            return []
        out = []
        for uid in reversed(last):
            ref = self.refs[uid]
            span = Span("unit", lo, hi, self.text[lo:hi], ref)
            unit_ids[id(span)] = self.unit(ref, s, self.text[lo:hi])
            out.append(span)
        return out

    def _mover_unit(self, s: Sentence, c: Clause, unit_ids: dict[int, str], place_ids: dict[int, str]) -> Span | None:
        """Round 7: the unit of a clause whose mover holds no recognised unit, by the parse alone.

        * a pronoun ("She sailed from A") stands for the mover of the sentence before (its last parsed mover, else
          its first unit);
        * a noun phrase names the unit by its own words ("About 100 Philippine marines" -> 'Philippine marines')
          when it holds a name (a capitalised word) or troops; the named-entity tags have already refused
          persons, nations and countries (:func:`dashboard.draft.clauses.mover_name`), and a place is no mover.
        The unit is registered in `unit_ids`, its note saying it is the parse's reading."""
        its = c.mover is not None and _ITS_TROOPS.fullmatch(self.text[s.start + c.mover[0] : s.start + c.mover[1]])
        if c.pronoun or (its and s.index > 0 and self._same_paragraph(s.index - 1, s.index)):
            prev = self.sentences[s.index - 1] if s.index > 0 else None
            u = (
                self.movers.get(s.index)  # round 8: "..., from where they will continue to C": this sentence's
                or self.movers.get(s.index - 1)
                or (prev.units[0] if prev is not None and prev.units else None)
                # round 14: one sentence of no unit between ("They had flown from A. ... buses took them to C")
                or (
                    self.movers.get(s.index - 2)
                    if s.index >= 2
                    and (
                        self._same_paragraph(s.index - 2, s.index)
                        # round 16: "... flew from A to B. The group is based in H. // From B, they were taken by bus
                        # to C": the paragraph before ends with an aside that names no unit and moves none
                        or (
                            prev is not None
                            and not prev.units
                            and not self.moves_of.get(s.index - 1)
                            and self._same_paragraph(s.index - 2, s.index - 1)
                        )
                    )
                    else None
                )
            )
            if u is None or (u.value.generic and c.lemma in ("arrive", "land", "reach", "due")):
                # round 16: "About 570 personnel relocated from A to the camp. Most of them arrived on chartered
                # flights at B": the same journey's end told again, not a leg of a force of no named unit
                return None
            at = s.start + (c.mover[0] if c.mover is not None else 0)
            span = Span("unit", at, at + (c.mover[1] - c.mover[0] if c.mover is not None else 0), u.text, u.value)
            unit_ids[id(span)] = self.unit(u.value, s, u.text)
            return span
        same = self._same_as_before(s, c, unit_ids)
        if same is not None:
            return same
        if c.name is None:
            return None
        lo, hi = s.start + c.name[0], s.start + c.name[1]
        after = next((x for x in s.units if 0 <= x.start - hi <= 2), None)
        if after is not None and re.fullmatch(r"\s*", self.text[hi : after.start]):
            return after  # "The Dutch amphibious ship HNLMS Johan de Witt is due ...": the name after the noun
        before = next((x for x in s.units if 0 <= lo - x.end <= 1), None)
        if before is not None and re.fullmatch(r"\s?", self.text[before.end : lo]):
            return before  # round 8: "Four ... B-52H Stratofortress bombers landed": the type named before the noun
        words = self.text[lo:hi]
        if any(p.start < hi and lo < p.end for p in s.places) or any(
            s.start + c.lo <= x.start < s.start + c.hi and not self._not_a_mover(s, x) for x in s.units
        ):
            return None  # a place is no mover; a clause that names a unit is the recognisers' (and the rules')
        if not _own_name(words, lo == s.start + parse_prefix(s.text)):
            # round 8: "a team of howitzers belonging to ...", "a last road convoy of armoured vehicles": what moves is
            # equipment the article counts or names by its kind - named by those words
            eq = re.match(
                r"[\w\s-]*?\bof\s+(?:[\w-]+\s+){0,2}?" + EQUIPMENT_NOUN + r"\b",
                self.text[lo : s.start + (c.mover or c.name)[1]],
            )  # "<a group> of <its equipment>", no more
            if eq is None or TROOPS_RX.search(words):
                return None
            hi = lo + eq.end()
            words = self.text[lo:hi]
            if re.match(r"(?:last|first|second|final|new)\s", words):
                words, lo = words.split(None, 1)[1], lo + len(words.split(None, 1)[0]) + 1
        if fold(words.split()[-1]) in TITLES | _PERSON_HEADS:
            return None  # round 8: "the Defence Minister travelled to Cúcuta": a person, not a unit
        nation = nation_before(self.text, lo, hi, self.gaz) or nation_before(self.text, s.start, lo, self.gaz)
        if nation is None:
            nation = self._fallback_nation(None)
        branch = branch_of(words)
        ref = UnitRef(
            name=" ".join(words.split()),
            nation=nation[0],
            branch=branch[0],
            echelon="group",
            notes=(
                "the mover of the sentence's verb by the dependency parse, named by the article's own words (round 7)",
                nation[1],
                branch[1],
                "echelon group stands in: the words name no echelon (check)",
            ),
        )
        span = Span("unit", lo, hi, words, ref)
        unit_ids[id(span)] = self.unit(ref, s, words)
        return span

    _SECOND_PART = re.compile(
        r"(?:an?|the)\s+(?:second|third|further|another|next|follow-on|last)\s+(?:group|company|contingent|wave|element|"
        r"detachment|batch|echelon|convoy)\b",
        re.IGNORECASE,
    )

    def _same_as_before(self, s: Sentence, c: Clause, unit_ids: dict[int, str]) -> Span | None:
        """Round 8: the unit the sentence before moved, named again by a description: "A second group, roughly one
        company, will follow them" (a further part of it), "the convoy continued towards C" after "The convoy of
        about 50 vehicles, belonging to the X, set out ..." (the head noun written beside that unit)."""
        prev_u = self.movers.get(s.index - 1)
        if (
            prev_u is None
            and s.index >= 2
            and not self.moves_of.get(s.index - 1)
            and self._same_paragraph(s.index - 2, s.index)
        ):
            # round 10: one sentence without a movement between ("... left A for B. The journey of 3,000 km ... is
            # expected to take two weeks. From B, the vehicles will continue to C")
            prev_u = self.movers.get(s.index - 2)
        if prev_u is None and c.mover is not None and _UNIT_OWN.match(self.text, s.start + c.mover[0]):
            # round 15: the unit's own equipment, a few sentences on ("They are accommodated in Camp Butmir.
            # Regarding question 3: The company's 24 vehicles ...")
            prev_u = next(
                (self.movers[j] for j in range(s.index - 1, max(-1, s.index - 4), -1) if j in self.movers), None
            )
        code = self._troops_of_nation(self.text[s.start + c.mover[0] : s.start + c.mover[1]]) if c.mover else None
        if code is not None:
            # round 16: "the PNG soldiers were taken ... to C": the last of the nation's units moved just before
            prev_u = next(
                (
                    self.movers[j]
                    for j in range(s.index - 1, max(-1, s.index - 4), -1)
                    if j in self.movers and self.movers[j].value.nation == code
                ),
                None,
            )
        if prev_u is None or c.mover is None or s.index == 0:
            return None
        words = self.text[s.start + c.mover[0] : s.start + c.mover[1]]
        lo_w, hi_w = s.start + c.mover[0], s.start + c.mover[1]
        if any(n.value.noun and TROOPS_RX.search(n.value.noun) for n in s.numbers if lo_w <= n.start < hi_w) and any(
            self._counts_equipment(m)
            for m in self.data["movements"]
            if m["id"] in (self.moves_of.get(s.index - 1) or [])
        ):
            return None  # round 10: "About 90 personnel of the wing" after its aircraft: people, not the aircraft
        ok = bool(self._SECOND_PART.match(words)) and c.following
        if not ok and not c.counts and _SAME_TROOPS.fullmatch(" ".join(words.split())):
            ok = True  # round 14: "The same evening the soldiers were taken by bus to C": the troops just moved
            if re.search(rf"\b{EQUIPMENT_NOUN}\b", prev_u.text):
                # round 16: "About 300 soldiers of X sailed to B. Twelve CV90 combat vehicles of the regiment were
                # shipped to B. From B, the soldiers drove on to C": the people moved before the vehicles
                prev_u = next(
                    (
                        self.movers[j]
                        for j in range(s.index - 1, max(-1, s.index - 4), -1)
                        if j in self.movers and not re.search(rf"\b{EQUIPMENT_NOUN}\b", self.movers[j].text)
                    ),
                    prev_u,
                )
        if not ok and _UNIT_OWN.match(words):
            ok = _owner_fits(
                words, prev_u.value
            )  # round 15: "The company's 24 vehicles ... were transported by road from A": the unit's own
        if not ok and c.name is not None and re.match(r"(?:the|these|those)\s", words, re.IGNORECASE):
            head = self.text[s.start + c.name[0] : s.start + c.name[1]].split()[-1].lower()
            said_lo = self.sentences[
                s.index - 1 if prev_u.start >= self.sentences[s.index - 1].start else s.index - 2
            ].start
            said = self.text[max(said_lo, prev_u.start - 60) : prev_u.end + 60].lower()
            ok = (
                len(c.name) > 0
                and len(head) > 3
                and re.search(rf"\b{re.escape(head)}\b", said) is not None
                and not TROOPS_RX.fullmatch(head)
            )
        if not ok:
            return None
        at = s.start + c.mover[0]
        span = Span("unit", at, s.start + c.mover[1], prev_u.text, prev_u.value)
        unit_ids[id(span)] = self.unit(prev_u.value, s, prev_u.text)
        return span

    def _origin_after(
        self, s: Sentence, uid: str, uref: UnitRef, origin: Span, place_ids: dict[int, str], c: Clause | None = None
    ) -> bool:
        """Round 7: "X is due in B. She sailed from A": a clause with an origin and no destination gives the origin
        of the unit's movement drafted just before (this sentence or the one before) when that one has none.
        Round 8: so does a definite description of the one movement the sentence before drafted ("Four B-52H
        bombers landed at B. The bombers, from the 2nd Bomb Wing at A, flew ...")."""
        mine = set(self.moves_of.get(s.index - 1) or []) | {m["id"] for m in self.data["movements"][self.sentence_n0 :]}
        if s.index - 1 in self.used_next:  # round 15: the sentence before only gave that movement's strength
            mine |= set(self.moves_of.get(s.index - 2) or [])
        m = self._own_earlier(uid, uref)
        prev = self.moves_of.get(s.index - 1) or []
        if (
            (m is None or m["id"] not in mine)
            and c is not None
            and c.mover is not None
            and c.name is not None
            and re.match(r"(?:The|These|Those)\s", self.text[s.start + c.mover[0] :])
            and len(prev) == 1
        ):
            m = next(x for x in self.data["movements"] if x["id"] == prev[0])
            # the description names what the sentence before moved: "B-52H Stratofortress bombers" ... "The bombers"
            head = self.text[s.start + c.name[0] : s.start + c.name[1]].split()[-1].lower()
            ref = self.refs.get(m["unit"])
            said = self.sentences[s.index - 1].text
            name = ref.name if ref is not None else "\0"
            k = said.find(name)
            if k < 0 or head not in said[k : k + len(name) + 40].lower():
                m = None
        if m is None or m["id"] not in mine:
            return False
        # round 16: an origin the gazetteer cannot locate ("todo-pristina-international-airport") is an origin all the
        # same; only the home-station placeholder asks for one
        homes = {pid for key, pid in self.place_by_key.items() if key.startswith("home|")}
        unset = m["from"] in homes or m["from"].startswith("todo-home-station")
        home_base = not unset and any(
            m["id"] in mids and self._home_base_origin(m, i) for i, mids in self.moves_of.items()
        )
        if not unset and not home_base:
            return False
        if home_base:  # round 15: "X, which is based in H, landed at B. They had flown in from A": A, not H
            for cit in m["citations"]:
                cit["supports"] = [f for f in cit.get("supports", []) if f != "from"]
        m["from"] = place_ids[origin.start]  # the home-station placeholder, now unused, goes in finish()
        for cit in m["citations"]:
            if "from" in cit.get("supports", []):
                cit["supports"] = [f for f in cit["supports"] if f != "from"]
        # the TODO that asked for the origin is answered: its note (and the citation left backing nothing) go
        m["citations"] = [x for x in m["citations"] if x.get("supports") or not str(x.get("note", "")).startswith(TODO)]
        m["note"] = m.get("note", "").replace(" Origin: the article does not say (TODO place).", "")
        m["citations"] += self.cite(s, supports=["from"]) + [
            self.note("Origin: named in the next sentence, of the same unit (the draft's reading) - check.", ["from"])
        ]
        return True

    def _unit_words(self, s: Sentence, top_units: list[Span], k: int) -> tuple[int, int]:
        """The keyword rules' words of unit k: from the clause it opens (after the previous unit's predicate) to
        the next unit."""
        u = top_units[k]
        if k == 0:
            # "..., while eight F/A-18s were flown from A to B": a clause of its own
            cuts0 = [m.end() for m in _CLAUSE_CUT.finditer(self.text, s.start, u.start)]
            lo = cuts0[-1] if cuts0 else s.start
        else:
            cuts = [
                m.end() for m in re.finditer(r",(?!\d)|;|\band\b|\bwhile\b", self.text[top_units[k - 1].end : u.start])
            ]
            # no clause break: "the Army's 12th Combat Aviation Brigade is sending 20 AH-64 Apache
            # helicopters from A to B" - the verb between them moves this one
            lo = top_units[k - 1].end + cuts[-1] if cuts else top_units[k - 1].end
        hi = top_units[k + 1].start if k + 1 < len(top_units) else s.end
        return lo, hi

    def _own_earlier(self, uid: str, uref: UnitRef) -> dict | None:
        """The latest movement drafted so far of this unit (or of the unit it is part of)."""
        ids = {uid} | ({self.unit_by_key.get(unit_key(uref.parent.name), "")} if uref.parent is not None else set())
        return next((m for m in reversed(self.data["movements"]) if m["unit"] in ids), None)

    def movements(  # noqa: C901 (one branch per sentence shape, issue 18)
        self,
        s: Sentence,
        top_units: list[Span],
        unit_ids: dict[int, str],
        place_ids: dict[int, str],
        skip: set[str] | None = None,
    ) -> bool:
        """The keyword rules' movements of sentence `s` (the units in `skip` were moved by the parse)."""
        trig_all = list(MOVE_RX.finditer(self.text, s.start, s.end))
        if not trig_all:
            return False
        made = False
        n_start = len(self.data["movements"])
        # round 10: a sentence whose only units carry the troops ("travelled to B aboard a C-130") is told by its troops
        # round 15: ... and so is one whose only units are hosts ("Around 30 Montenegrin soldiers, who serve within
        # the Spanish unit, flew from A to B")
        if top_units and (
            skip or not all(self._carrier(s, u) for u in top_units) and not all(self._host(s, u) for u in top_units)
        ):
            for k, u in enumerate(top_units):
                lo, hi = self._unit_words(s, top_units, k)
                if self._not_a_mover(s, u) or unit_ids[id(u)] in (skip or ()):
                    continue
                dest, origin, trig = self._unit_verb(s, u, lo, hi, trig_all, place_ids)
                here = self._to_dateline(s, lo, hi, dest, trig_all, place_ids)
                if here is not None:
                    dest, origin, trig = here
                if dest is None or trig is None or self._denied(s, lo, trig):
                    continue
                n_before = len(self.data["movements"])
                for d, extra in self._each_destination(s, dest, hi) if dest.start >= 0 else [(dest, [_HERE_NOTE])]:
                    self.add_movement(
                        s, unit_ids[id(u)], u.value, d, origin, lo, hi, trig, place_ids, len(top_units), extra
                    )
                self._leg(s, unit_ids[id(u)], u, dest, lo, hi, trig, place_ids, len(top_units))
                self._take_over_troops(s, u, self.data["movements"][n_before:])
                made = True
            if made or skip:  # after the parse's movements too
                self._followed_by(s, top_units, unit_ids, place_ids, min(self.sentence_n0, n_start))
                self._trailing_followers(s, top_units, place_ids)
            return made
        # No unit named: "British troops will be sent to Estonia".
        if (TROOPS_RX.search(s.text) or NATION_FORCE_RX.search(s.text)) is None or s.index in self.used_next:
            return False  # (used_next: the sentence before's unit took this number as its strength)
        # round 4: "Dutch marines came in from A, and some 300 U.S. Marines are expected from C": a clause each,
        # when each clause names troops of its own
        cuts = [s.start] + [s.start + m.end() for m in re.finditer(r",\s+and\s+|;\s+", s.text)] + [s.end]
        clauses = list(zip(cuts, cuts[1:]))
        if len(clauses) < 2 or not all(TROOPS_RX.search(self.text, lo, hi) for lo, hi in clauses):
            clauses = [(s.start, s.end)]
        made = False
        for lo, hi in clauses:
            made = self._unnamed_force(s, lo, hi, trig_all, place_ids) or made
        return made

    def _counts_equipment(self, m: dict) -> bool:
        """Whether movement `m`'s strength counts aircraft, ships or vehicles (its note says what it counted)."""
        if m.get("strength") is None:
            return False
        said = re.search(r"Strength: '([^']*)'", m.get("note", ""))
        return said is not None and re.search(r"\b" + EQUIPMENT_NOUN + r"\b", said.group(1)) is not None

    def _force_noun(self, lo: int, hi: int, trig: re.Match) -> tuple[re.Match, int] | None:
        """The words lo..hi that name a force of no unit, and where its clause ends: a troops word, or (round 11)
        a nation and a kind of force ("A Portuguese quick reaction force company was flown")."""
        troops = TROOPS_RX.search(self.text, lo, hi) or NATION_FORCE_RX.search(self.text, lo, trig.start())
        if troops is None:
            return None
        other = re.compile(r",\s+(?:while|whereas|but)\s").search(self.text, trig.end(), troops.start())
        if other is not None:
            # round 9: "Malawian members of the force will be flown to A, while South African troops will ...": the
            # troops word is another clause's; this clause's force is its members, if it names them
            troops = _MEMBERS.search(self.text, lo, trig.start())
            if troops is None:
                return None
            hi = other.start()
        return troops, hi

    def _parsed_origin(self, s: Sentence, trig: re.Match) -> Span | None:
        """Round 14: the origin the parse gives the verb the keyword rules moved a force of no named unit by ("landed
        at A on a Guatemalan Air Force flight from B": the flight's origin is theirs)."""
        places = [p for p in s.places if not p.value.qualifier]
        for c in self.clauses(s, places):
            if s.start + c.verb[0] == trig.start() and c.origins and not c.negated:
                kept = [k for k in c.origins if not self._drawn_from(s, places[k])]
                return places[(kept or list(c.origins))[0]]
        return None

    def _drawn_from(self, s: Sentence, sp: Span) -> bool:
        """Round 15: "reservists from across Ontario": where they were drawn from, not where the move starts."""
        return bool(
            re.search(
                r"\bfrom\s+(?:across|all\s+over|around|throughout)\s+(?:the\s+)?$",
                self.text[max(s.start, sp.start - 30) : sp.start],
            )
        )

    def _parse_took_them(self, lo: int, troops: re.Match, dest_id: str) -> bool:
        """Round 14: "the troops were sent on by road to C": the unit the parse took "the troops" for goes there
        in this sentence already - no force of no named unit besides it."""
        return bool(
            re.search(
                r"\b(?:the|these|those)\s+(?:same\s+)?$", self.text[max(lo, troops.start() - 12) : troops.start()], re.I
            )
        ) and any(m["to"] == dest_id for m in self.data["movements"][self.sentence_n0 :])

    def _unnamed_force(
        self, s: Sentence, lo: int, hi: int, trig_all: list[re.Match], place_ids: dict[int, str]
    ) -> bool:
        """One movement of a force the words lo..hi name by troops only ("British troops", "300 U.S. Marines")."""
        trig = next((t for t in trig_all if lo <= t.start() < hi), None)
        found = self._force_noun(lo, hi, trig) if trig is not None else None
        if found is None or trig is None:
            return False
        troops, hi = found
        dest, origin = self._dest_origin(s, lo, hi, trig, place_ids)
        origin = origin or self._parsed_origin(s, trig)
        here = self._to_dateline(s, lo, hi, dest, trig_all, place_ids)
        if here is not None:
            dest, origin, trig = here
        if (
            dest is None
            or self._parse_took_them(lo, troops, place_ids[dest.start])
            # round 15: the parse moved a unit of this sentence there ("Some 600 of its soldiers")
            or self._parse_moved_there(place_ids[dest.start])
        ):
            return False
        nation = nation_before(self.text, lo, troops.end(), self.gaz) or self._country_subject(s, troops.start())
        if nation is None:
            nation = self._fallback_nation(place_ids[origin.start] if origin is not None else None)
        dest_id = place_ids[dest.start]
        counted = any(n.value.noun and TROOPS_RX.search(n.value.noun) for n in s.numbers if lo <= n.start < hi)
        homes = {pid for key, pid in self.place_by_key.items() if key.startswith("home|")}
        for m in list(self.data["movements"]):
            if m["to"] == dest_id and self.unit_nation.get(m["unit"]) == nation[0]:
                if counted and self._counts_equipment(m):
                    continue  # round 10: "Four Eurofighters ... for B" then "About 130 personnel ... travelled to B"
                if origin is not None and m["from"] not in homes and m["from"] != place_ids.get(origin.start):
                    continue  # round 12: "corvettes sailed from A for B", then "300 commandos were flown from C to B"
                if (
                    m["from"] in homes
                    and m.get("strength") is None
                    and (origin is not None or counted)
                    and m["unit"] == self.unit_by_key.get(f"generic|{nation[0]}")
                ):
                    # round 12: "Regional partners have begun flying personnel into Honiara" then "About 120 Fijian
                    # soldiers flew from Nadi to Honiara": the sharper telling replaces the lead's
                    self.data["movements"].remove(m)
                    continue
                return False  # the named unit's movement already says it
        if self._denied(s, lo, trig) or _ALL_TOLD.match(self.text, s.start + parse_prefix(s.text)):
            return False  # round 11: "In all, up to 500 French soldiers will be deployed in Romania": a total
        uid = self.generic_unit(nation[0], s, nation[1], force_words(self.text, lo, troops))
        n_before = len(self.data["movements"])
        leg_note: list[str] = []
        if origin is None and self._ONWARD.match(self.text, s.start + parse_prefix(s.text), trig.start()):
            # round 9: "From there, Malawian members of the force will be flown to Lilongwe": the leg before's end
            prev = [m for m in self.data["movements"] if m["id"] in (self.moves_of.get(s.index - 1) or [])]
            if prev and prev[-1]["to"] != dest_id:
                place_ids = dict(place_ids)
                key = -400_000 - s.index
                place_ids[key] = prev[-1]["to"]
                origin = Span("place", key, key, prev[-1]["to"], None)
                leg_note = ["Origin: where the leg before ends ('From there'; the draft's reading) - check."]
        for d, extra in self._each_destination(s, dest, hi) if dest.start >= 0 else [(dest, [_HERE_NOTE])]:
            self.add_movement(s, uid, None, d, origin, lo, hi, trig, place_ids, 0, [*leg_note, *extra])
        if leg_note:
            self._to_from_before(s, n_before, trig, ("from",))
        self.generic_moves.setdefault(s.index, []).extend(m["id"] for m in self.data["movements"][n_before:])
        self._generic_mover(s, uid, nation[0], lo, troops.end(), n_before)
        return True

    def _generic_mover(self, s: Sentence, uid: str, nation: str, lo: int, hi: int, n_before: int) -> None:
        """Round 16: "About 400 American soldiers flew from A to B. From there, buses took them to C": the force of no
        named unit (words lo..hi) that moved in this sentence is the mover a pronoun after it stands for."""
        if len(self.data["movements"]) <= n_before or s.index in self.movers:
            return
        rec = next(u for u in self.data["units"] if u["id"] == uid)
        ref = UnitRef(str(rec["name"]), nation, "other", "group", (), generic=True)
        self.unit_by_key.setdefault(unit_key(ref.name), uid)
        self.refs.setdefault(uid, ref)
        self.movers[s.index] = Span("unit", lo, hi, self.text[lo:hi], ref)

    def _place_inside(self, t: Sentence, to_id: str) -> str | None:
        """The one place sentence `t` puts them at ("landed at Pristina") inside country `to_id`, or None."""
        if self._precision_of(to_id) != "country":
            return None
        ids = self.places_of.get(t.index) or {}
        code = self._country_of(to_id)
        at = [
            sp
            for sp in t.places
            if sp.value.prep in ("at", "in") and not sp.value.qualifier and sp.value.hit.kind != "country"
        ]
        if len(at) != 1 or code is None or (at[0].value.hit.country != code and at[0].value.hit.kind != "todo"):
            return None  # (a place the gazetteer cannot locate is taken at its word, with its TODO)
        return ids.get(at[0].start) or self.place(at[0].value, t)

    def _country_subject(self, s: Sentence, hi: int) -> tuple[str, str] | None:
        """Round 15: "Hungary, whose soldiers were among those hurt last week, also flew around 100 more soldiers
        from A to B": the country the sentence opens with, before the clause that moves them, sends its own."""
        head = s.start + parse_prefix(s.text)
        m = re.match(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}),\s+(?:whose|which|who)\b", self.text[head:hi])
        code = self.gaz.country_code(m.group(1)) if m is not None else None
        if m is None or not code or len(code) != 3:
            return None
        return code, f"nation {code}: the country the sentence opens with, which sends them"

    def _parse_moved_there(self, dest_id: str) -> bool:
        generic = {v for k, v in self.unit_by_key.items() if k.startswith("generic|")}
        return any(m["to"] == dest_id and m["unit"] not in generic for m in self.data["movements"][self.sentence_n0 :])

    def _leg(
        self,
        s: Sentence,
        uid: str,
        u: Span,
        dest: Span,
        lo: int,
        hi: int,
        trig: re.Match,
        place_ids: dict[int, str],
        n_units: int,
    ) -> None:
        """A second leg ("flown to A before moving to B"): a movement from A to B, said in its note."""
        leg = self._next_leg(s, dest, hi)
        if leg is None:
            return
        note = (
            f"Second leg: the article sends it on from {dest.text} to {leg.text} "
            f"('{' '.join(self.text[dest.start : leg.end].split())}')."
        )
        self.add_movement(s, uid, u.value, leg, dest, lo, hi, trig, place_ids, n_units, [note])

    def _next_leg(self, s: Sentence, dest: Span, hi: int) -> Span | None:
        """'will first be flown to A before moving to B', '... to A, then on to B': a second leg from A to B."""
        for sp in s.places:
            if sp.start <= dest.end or sp.start >= hi or sp.value.qualifier:
                continue
            between = self.text[dest.end : sp.start]
            if re.search(
                r"\b(?:before|then|and\s+then|later)\s+(?:\w+(?:ing|ed)\s+)?(?:on\s+)?(?:to|for)\s+(?:the\s+)?$",
                between,
            ) and not re.search(r"[.;]", between):
                return sp
        return None

    def _precision_of(self, pid: str) -> str | None:
        rec = next((p for p in self.data["places"] if p["id"] == pid), None)
        if rec is not None:
            return rec.get("precision")
        known = self.kn.places.places.get(pid)
        return getattr(known, "precision", None) if known is not None else None

    _HOP = re.compile(
        r"\b(?:bused|bussed|driven|trucked|taken|brought|ferried|shuttled|marched)\s+(?:\w+\s+){0,2}?"
        r"(?:to|into)\s+(?:the\s+)?$"
    )

    _OUT_VERB = re.compile(
        r"\b(?:flown|flew|fly|flies|flying|pulled|pull|pulls|pulling|moved|move|moves|moving|shipped|withdrawn|withdrew|"
        r"sailed|driven|drove|set|went|gone|rolled)\s+out\b|\b(?:left|leave|leaves|leaving|departed|depart|departs|"
        r"withdrew|withdrawn|withdraws|evacuated|pulled\s+back)\b",
        re.IGNORECASE,
    )

    def _fronted_place(self, s: Sentence, c: Clause, places: list[Span]) -> Span | None:
        """Round 15: "At Faya-Largeau, in the north, the last French detachment, 90 soldiers, had flown out to
        N'Djamena": a town the sentence opens with, before a verb of leaving (out, left, withdrew), is the origin."""
        head = s.start + parse_prefix(s.text)
        first = next((p for p in places if p.start >= head), None)
        if first is None or places.index(first) in c.destinations:
            return None
        if not re.fullmatch(r"(?:At|In)\s+(?:the\s+)?", self.text[head : first.start]):
            return None
        if not re.match(r"\s*,", self.text[first.end : first.end + 3]) or first.value.hit.kind == "country":
            return None
        verb = self.text[s.start + c.verb[0] : s.start + c.verb[1] + 6]
        return first if self._OUT_VERB.match(verb) else None

    def _first_hop(self, s: Sentence, c: Clause, places: list[Span], trig: re.Match | None) -> Span | None:
        """Round 13: "The soldiers ... were bused to Des Moines International Airport after the ceremony and flew
        out on two charter flights to Fort Bliss": the flight, which names no origin, starts where the hop before
        it in the same sentence ended (the bus ride is no movement of its own)."""
        if trig is None:
            return None
        for k, p in enumerate(places):
            if k in c.destinations or not s.start <= p.start < trig.start() or p.value.prep not in ("to", "into"):
                continue
            between = self.text[p.end : trig.start()]
            if (
                self._HOP.search(self.text, max(s.start, p.start - 40), p.start)
                and re.search(r"\band\s+(?:then\s+)?(?:\w+\s+){0,2}$", between)
                and not re.search(r"[;]|\b(?:while|but|whereas)\b", between)
            ):
                return p
        return None

    def _onward_from(self, s: Sentence, uid: str, to_id: str) -> tuple[str, int] | None:
        """ "About 40 soldiers of X travelled from A to B last week. They will fly on to C next month", "A new
        battalion arrived in B from A ... The battalion will deploy by road to C": a unit's leg with no origin, after
        a movement of the same unit to another place in an earlier sentence, starts where that one ended (round 11;
        before, the origin was a TODO home station though the article had just put the unit at B)."""
        for m in reversed(self.data["movements"]):
            if m["unit"] != uid:
                continue
            cited = [c for c in m["citations"] if c.get("quote")]
            where = next((x.index for x in self.sentences if cited and x.quote == cited[0]["quote"]), None)
            if where == s.index:
                continue  # round 13: "moved on to bases in E, F and G": the leg to E is no start of the leg to F
            if where is None or where > s.index or m["to"] == to_id or m["to"].startswith("todo-"):
                return None
            return m["to"], where
        return None

    def _refine_earlier(self, s: Sentence, uid: str, uref: UnitRef | None, to_id: str, lo: int, hi: int) -> bool:
        """ "About 1,500 soldiers of the 3rd Brigade began arriving in Poland from Fort Carson. The brigade will be
        based at Zagan": a later sentence that names, with no origin and no date of its own, a place inside the
        country the unit's earlier movement went to says where in it that movement goes - the same movement,
        its destination made sharper (backed by this sentence's quote), not a second one from a TODO home."""
        if uref is None or any(lo <= d.start < hi for d in s.dates):
            return False
        m = next((x for x in reversed(self.data["movements"]) if x["unit"] == uid), None)
        if m is None or m["to"] == to_id or any(c.get("quote") == s.quote for c in m["citations"]):
            return False
        if self._precision_of(m["to"]) != "country" or self._precision_of(to_id) == "country":
            return False
        if self._country_of(to_id) is None or self._country_of(to_id) != self._country_of(m["to"]):
            return False
        was = m["to"]
        m["to"] = to_id
        for c in m["citations"]:
            if "to" in c.get("supports", []):
                c["supports"] = [f for f in c["supports"] if f != "to"]
        m["citations"] += self.cite(s, supports=["to"]) + [
            self.note(
                f"Draft's reading: sentence {s.index + 1} says where in '{was}' it goes; the destination is "
                f"'{to_id}' - check.",
                ["to"],
            )
        ]
        m["note"] = (m.get("note", "") + f" Destination: '{was}' made sharper by sentence {s.index + 1}.").strip()
        return True

    def _country_of(self, pid: str) -> str | None:
        rec = next((p for p in self.data["places"] if p["id"] == pid), None)
        if rec is not None:
            return str(rec["country"])
        known = self.kn.places.places.get(pid)
        return known.country if known is not None else None

    def _take_over_troops(self, s: Sentence, u: Span, made: list[dict]) -> None:
        """ "France will send around 500 soldiers to Romania. The troops, mainly from the 27th Mountain Infantry
        Brigade, will be flown to Constanța": the named brigade is the previous sentence's unnamed force. Its
        movement takes the strength (citing that sentence), and the unnamed one goes when it goes to the same
        place or country. A unit whose nation was only the article's dominant one takes the force's nation."""
        if not re.match(r"(?:The|These|Those)\s+(?:troops|soldiers|forces|personnel)\b", s.text):
            return
        prev_ids = self.generic_moves.get(s.index - 1) or []
        prev = [m for m in self.data["movements"] if m["id"] in prev_ids]
        if not prev and s.index > 0:
            # round 13: the sentence before told again the headline's unnamed force ("N. Korea sends special forces
            # to Russia" / "North Korea has sent about 1,500 special forces troops to Russia's Far East"): its
            # movement cites that sentence
            before = self.sentences[s.index - 1].quote  # as cite() writes it: whitespace runs made single spaces
            generic = {v for k, v in self.unit_by_key.items() if k.startswith("generic|")}
            prev = [
                m
                for m in self.data["movements"]
                if m["unit"] in generic and any(c.get("quote") == before for c in m.get("citations", []))
            ]
        if not prev or not made:
            return
        g = prev[0]
        nation = self.unit_nation.get(g["unit"])
        urec = next((x for x in self.data["units"] if x["id"] == made[0]["unit"]), None)
        if urec is not None and nation and re.search(r"dominant nation|gives no nation", urec.get("note", "")):
            urec["nation"] = nation
            why = f"nation {nation}: the unnamed force of the sentence before, which this names"
            urec["note"] = re.sub(r"nation [A-Z]{3}: [^;]*", why, urec["note"], count=1)
            for c in urec.get("citations", []):
                if "note" in c:
                    c["note"] = re.sub(r"nation [A-Z]{3}: [^;]*", why, c["note"], count=1)
            old_id, new_id = urec["id"], self.ids["units"].new(f"{nation.lower()}-{slug(urec['name'], 50)}")
            urec["id"] = new_id  # the id's nation prefix follows the nation
            for m in self.data["movements"]:
                if m["unit"] == old_id:
                    m["unit"] = new_id
                    if m["id"].startswith(f"m-{slug(old_id, 40)}-"):
                        self._rename_movement(
                            m,
                            self.ids["movements"].new(
                                f"m-{slug(new_id, 40)}-" + m["id"][len(f"m-{slug(old_id, 40)}-") :]
                            ),
                        )
            self.unit_by_key = {k: (new_id if v == old_id else v) for k, v in self.unit_by_key.items()}
            self.mentions["units"] = [(w, new_id if i == old_id else i) for w, i in self.mentions["units"]]
            self.counts = {(new_id if k == old_id else k): v for k, v in self.counts.items()}
            self.unit_nation[new_id] = nation
        src = self.sentences[s.index - 1]
        first = made[0]
        if first.get("strength") is None and g.get("strength") is not None:
            first["strength"] = g["strength"]
            first["note"] += f" Strength: '{g['strength']}' of the force the sentence before announces (check)."
            _merge_citations(
                first["citations"],
                self.cite(src, supports=["strength"])
                + [
                    self.note(
                        "Draft's reading: 'The troops' are the force the sentence before announces, with its "
                        "strength - check.",
                        ["strength"],
                    )
                ],
            )
        if g["to"] == first["to"] or self._country_of(g["to"]) == self._country_of(first["to"]):
            self.data["movements"] = [m for m in self.data["movements"] if m["id"] != g["id"]]
            if not any(m["unit"] == g["unit"] for m in self.data["movements"]):
                self.data["units"] = [x for x in self.data["units"] if x["id"] != g["unit"]]
                self.mentions["units"] = [x for x in self.mentions["units"] if x[1] != g["unit"]]

    def _carrier(self, s: Sentence, u: Span, via: bool = False) -> bool:
        """ "aboard a C-130", "on board two A400Ms" (with `via`, "via RAAF C-17s" too): what carries the troops the
        sentence moves - not a ship, which moves itself."""
        word = r"aboard|on\s+board(?:\s+of)?" + (r"|via" if via else "")
        before = self.text[max(s.start, u.start - 40) : u.start]
        if (
            re.search(r"\bon\s+(?:an?|one|two|three|four|five|six|several|\d+)\s+(?:[\w-]+\s+){0,2}$", before)
            and re.match(
                r"(?:\s+[\w-]+)*?\s*(?:transports?|aircraft|planes?|airliners?|flights?)\b",
                self.text[u.end : u.end + 30],
            )
            is not None
        ):
            return True  # round 16: "were flown from A to B on Saturday on three Il-76 transports"
        aboard = re.search(
            rf"\b(?:{word})\s+(?:(?:the|an?|two|three|four|several|\d+|[A-Z]{{2,}}|[A-Z][a-z]+)\s+){{0,3}}$", before
        ) or re.search(r"\baboard\s+(?:the|an?)\s+(?:[a-z-]+\s+){0,3}(?:ship|vessel|frigate|ferry)\s+$", before)
        if aboard is None:
            return False
        if not SHIP_RX.match(u.text) and not re.search(r"\b(?:ship|vessel|frigate|ferry)\s+$", before):
            return True
        # round 16: "Around 250 French marines left Toulon aboard the amphibious ship Mistral": the troops the sentence
        # opens with, counted, are the movers; the ship that carries them is not told as moving of itself
        # (not "More than 1,500 Marines aboard the USS Bataan sailed from A to B": the ship is told sailing)
        head = s.start + parse_prefix(s.text)
        return (
            any(n.value.noun and TROOPS_RX.search(n.value.noun) and n.start - head <= 12 for n in s.numbers)
            or any(x.start < u.start and x is not u and not SHIP_RX.match(x.text) for x in s.units)
        ) and MOVE_RX.search(self.text, head, u.start) is not None

    def _host(self, s: Sentence, u: Span) -> bool:
        """Round 15: "flew into B from A to train alongside the Australian Army's 1st Brigade", "soldiers, who serve
        within the Spanish unit, flew ...": the unit that hosts the movers, not a mover."""
        return bool(
            re.search(
                r"\b(?:alongside|(?:(?:to|who|which|and)\s+(?:train|exercise|work|serve|operate)|training|exercising|"
                r"working|serving|serves|operating)\s+(?:with|within))\s+(?:(?:the|its|their)\s+)?(?:[\w'’.-]+\s+){0,6}$",
                self.text[max(s.start, u.start - 60) : u.start],
            )
        )

    def _not_a_mover(self, s: Sentence, u: Span) -> bool:
        """ "..., the Marine Corps said": who reports it; "roughly 200 soldiers with a Patriot fire unit": what
        goes with them. Neither is drafted as a movement of its own."""
        if _SPEAKER.match(self.text, u.end, s.end):
            return True
        if re.search(
            r"\b(?:including|among\s+them|along\s+with|together\s+with)\s+(?:(?:the|its|their|some|\d+)\s+)?$",
            self.text[max(s.start, u.start - 30) : u.start],
        ):
            return True  # round 14 (a new user's trial): "800 soldiers ..., including Leopard 2 tanks, left A": theirs
        if self._carrier(s, u, via=True):
            return True  # "were flown to Townsville aboard RAAF C-17s": what carries them (a ship moves too)
        if (
            re.search(
                r"\bby\s+(?:(?:the|an?|two|three|four|several|\d+|[A-Z]{2,}|our|their|its)\s+){0,2}$",
                self.text[max(s.start, u.start - 40) : u.start],
            )
            and re.search(
                r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?(?:transported|flown|airlifted|carried|ferried|"
                r"lifted|shipped|taken|brought)\b",
                self.text[s.start : u.start],
            )
            and (
                re.search(r"\b" + EQUIPMENT_NOUN + r"\b", u.text)
                or SHIP_RX.match(u.text)
                or re.search(r"\b(?:boat|ship|vessel|ferry)\s+$", self.text[max(s.start, u.start - 12) : u.start])
            )
        ):
            # round 10: "was transported from A to B by C-130 aircraft": the carrier, not a mover; round 16: "were
            # taken by the patrol boat RSIPV Gizo to C"
            return True
        if re.search(
            r"\b(?:to|will|would|shall)\s+(?:reinforce|support|assist|relieve|strengthen|bolster)\s+(?:the\s+)?$",
            self.text[max(s.start, u.start - 40) : u.start],
        ):
            return True  # "has been relocated to B to reinforce the 6th Marine Brigade": whom it serves (round 3)
        if self._host(s, u):
            return True
        if re.search(
            r"\bas\s+(?:a\s+)?part\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,6}$",
            self.text[max(s.start, u.start - 70) : u.start],
        ):
            return True  # round 16: "flew from A to B as part of the Southern African ... mission": what they join
        if re.search(
            r",\s+(?:which|who)\s+(?!(?:is|are|was|were|will|has|have|had)\b)[a-z]+\s+(?:[\w'’-]+\s+){0,5}$",
            self.text[max(s.start, u.start - 60) : u.start],
        ) and not MOVE_RX.search(self.text, max(s.start, u.start - 60), u.start):
            return True  # round 15: "X, which provided the core of the contingent, were flown": a relative's object
        return bool(
            re.search(
                r"\b(?:troops|soldiers|personnel|sailors|airmen|marines|paratroopers)\s+with\s+(?:an?|its|their|the)?\s*$",
                self.text[max(s.start, u.start - 40) : u.start],
            )
        )

    def _denied(self, s: Sentence, lo: int, trig: re.Match) -> bool:
        """A denial, a refusal, a rumour or a conjecture is no movement: "has no plans to send", "denied reports
        that ...", "is weighing whether to send", "should not move", "could move"."""
        a = max(s.start, min(lo, trig.start()))
        if re.match(
            r"\s+(?:\w+\s+){0,2}(?:dead|killed|wounded|injured|displaced|homeless)\b", self.text[trig.end() : s.end]
        ) or re.search(r"\bdelegation\s+of\s+(?:\w+\s+){0,9}$", self.text[a : trig.start()]):
            return (
                True  # round 8: "clashes ... have left dozens dead"; "A delegation of twelve ... is to travel": a visit
            )
        if re.search(
            r"\b(?:already|still|currently)\s+$", self.text[max(s.start, trig.start() - 12) : trig.start()]
        ) and re.match(r"\s+(?:in|at|on|across|throughout)\b", self.text[trig.end() : s.end]):
            return True  # round 10: "some 9,000 military personnel were already deployed in Sinaloa": where they are
        if re.search(r"\bno\s+decision\b", self.text[s.start : trig.start()], re.IGNORECASE) or re.search(
            r"\bno\s+decision\s+(?:has|had)\s+(?:yet\s+)?been\s+(?:made|taken)\b", self.text[trig.end() : s.end]
        ):
            # round 11: "no decision has been taken on deploying RAF Typhoons to the region"; round 14: "The rest of
            # the battalion may follow later in the year ..., but no decision has been made"
            return True
        if self._no_change(s, trig):
            return True
        if re.search(r"\b(?:an\s+)?earlier\s+version\s+of\s+this\s+(?:story|article|report)\b", s.text, re.IGNORECASE):
            return True  # round 12: "CORRECTION: An earlier version of this story said the troops came from A"
        q = re.search(r"[?]", self.text[trig.end() : s.end])
        if q is not None and not re.search(r"[.!;:\"”]", self.text[trig.end() : trig.end() + q.start()]):
            return True  # round 10: "Will Türkiye send more troops to Kosovo?": a question states no movement
        return bool(
            _NEGATION.search(self.text, a, trig.end())
            or _HYPOTHETICAL.search(self.text, s.start, trig.end())
            or _DENIED_AFTER.search(self.text, trig.end(), s.end)  # "Reports that ... would leave A were denied"
        )

    def _no_change(self, s: Sentence, trig: re.Match) -> bool:
        """Round 12: what leaves the map as it was is no movement: a force "already deployed with X" that "remains
        at B" (where it is); a trip out and back ("flew from A to B ... and returned to A the same evening", "has
        since returned" - said of the mover, not of another in a relative clause: "replacing a German battery that
        has since returned"). History ("In 2015, soldiers were first sent to A") stays a movement: a think-tank's
        past events are movements (articles_dev3), undated, so drafted as "on or before the article's date"."""
        after = self.text[trig.end() : s.end]
        if re.match(r"(?:deployed|stationed|based)\b", trig.group(0), re.IGNORECASE) and _REMAINS.search(after):
            return True
        back = _OUT_AND_BACK.search(after)
        if back is None and re.match(r"\s+(?:\w+\s+){0,4}?(?:the\s+)?same\s+(?:day|evening|night|afternoon)\b", after):
            # round 16: "held a live-firing day at Bakony and returned to Tata the same evening": the way back
            back = _OUT_AND_BACK.search(self.text[trig.start() : s.end])
            after = self.text[trig.start() : s.end]
        return back is not None and not re.search(
            r"\b(?:that|which|who)\s+(?:\w+\s+){0,2}$", after[max(0, back.start() - 30) : back.start()]
        )

    def _each_destination(self, s: Sentence, dest: Span, hi: int) -> list[tuple[Span, list[str]]]:
        """A list of destinations ("to Latvia, Lithuania and Estonia"): one movement to each, said in the note."""
        if dest.start >= 0 and dest.value.hit.kind in ("area", "region", "continent"):
            # round 9: "to several operating locations along NATO's eastern flank, in Estonia, Lithuania and
            # Romania": an area, then the countries in it - the countries are where it goes
            inner = next((sp for sp in s.places if dest.end <= sp.start < hi), None)
            if (
                inner is not None
                and inner.value.hit.kind == "country"
                and re.fullmatch(r",?\s+(?:in|including|namely|such\s+as|to)\s+", self.text[dest.end : inner.start])
            ):
                inside = self._each_destination(s, inner, hi)
                area = " ".join(dest.text.split())
                return [
                    (d, [*notes, f"Destination: named inside the area '{area}' the article gives first."])
                    for d, notes in inside
                ]
        dests = [dest]
        for sp in s.places:
            if sp.start <= dests[-1].start or sp.start >= hi:
                continue
            if sp.value.qualifier and not (dests[-1].value.hit.kind == sp.value.hit.kind == "country"):
                continue  # "Rukla, Lithuania": the country of the place before; "Latvia, Lithuania": a list
            gap = self.text[dests[-1].end : sp.start]
            if re.fullmatch(r",\s+(?:on|near|along|at)\s+the\s+", gap):
                continue  # round 14: "to Moreh, on the Myanmar border, and to C": where the destination lies
            if re.fullmatch(r",\s+(?:on|near|along|at|in)\s+[^.;,]{1,40},\s+and\s+to\s+(?:the\s+)?", gap):
                dests.append(sp)  # ... and the next one of the list
                continue
            if re.fullmatch(r"\s+in\s+(?:the\s+)?", gap) and sp.value.hit.kind == "country":
                continue  # round 8: "to Port Louis in Mauritius and Port Victoria in Seychelles": where it lies
            if re.fullmatch(r",\s*", gap) and re.match(
                r"\s+(?:county|region|province|prefecture|oblast|department|district|governorate)\b",
                self.text[sp.end : hi],
            ):
                continue  # round 9: "to Isaccea, Tulcea county": the division it lies in, not a second destination
            if _SPEAKER.match(self.text, sp.end, hi) or re.match(
                r"\s+(?:officials?|spokes\w+)\s", self.text[sp.end : hi]
            ):
                break  # "to Grafenwoehr, Germany, the Pentagon said": who says it, not a further destination
            if re.match(
                r",\s+whose\b|\s+(?:has|have|had|will|would|is|are|was|were|says?|said)\b", self.text[sp.end : hi]
            ):
                break  # "to Darwin, and Singapore, whose air force ...", "and Norway will send": a new subject (round 3)
            if not re.fullmatch(
                r"(?:(?:,|\s+in)\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?)?(?:,\s*|,?\s+and\s+)(?:(?:others|some)\s+(?:to\s+)?)?"
                r"(?:the\s+)?",
                gap,
            ):
                break
            dests.append(sp)
        if len(dests) == 1:
            return [(dest, [])]
        listed = " ".join(self.text[dests[0].start : dests[-1].end].split())
        note = (
            f"Destinations: the article lists {len(dests)} ('{listed}'); the draft makes one movement to each, "
            "each with the whole strength the article gives - split it by hand if the article or another source says how."
        )
        return [(d, [note]) for d in dests]

    def _linked(self, n: Span, uref: UnitRef | None, s: Sentence) -> bool:
        """A count belongs to the unit when no clause boundary separates them ("1,700 soldiers from the 82nd")."""
        if uref is None:
            return True
        u = next((x for x in s.units if x.value is uref), None)
        if u is None:
            return True
        gap = self.text[n.end : u.start] if n.end <= u.start else self.text[u.end : n.start]
        if u.end <= n.start and re.fullmatch(r"\s+(?:and|as\s+well\s+as|plus)\s+", gap):
            return False  # round 12: "an engineer battalion and two frigates": the count of the next thing listed
        if n.end <= u.start and re.fullmatch(
            r"\s+(?:[A-Z][a-z]+\s+)?(?:troops|soldiers|personnel|marines|paratroopers|sailors|airmen),\s+"
            r"(?:part|members|elements)\s+of\s+(?:the\s+)?",
            gap,
        ):
            return True  # "Around 120 Finnish soldiers, part of the Pori Brigade, left ..."
        if n.end <= u.start and re.fullmatch(
            r"\s+[\w\s-]{0,60}?,?\s+(?:belonging|attached|assigned)\s+to\s+(?:the\s+)?", gap
        ):
            return True  # round 8: "about 50 vehicles, belonging to the 1st Commando Brigade"
        if u.end <= n.start and re.fullmatch(
            r"\s*[-–—(]\s*(?:about|roughly|some|around|nearly|approximately|more\s+than|up\s+to|at\s+least)?\s*", gap
        ):
            return True  # "a company of Leopard 2A6 tanks - roughly 15 vehicles - from A to B": its size in apposition
        if u.end <= n.start and re.search(r"\bwith\s+(?:[a-z]+\s+){0,2}$", gap) and _ABOARD.match(self.text, n.end):
            return True  # "JS Ise sailed from Kure ... and docked at B with about 400 crew aboard": the ship's crew
        if u.end <= n.start and re.fullmatch(
            r",\s+(?:with|of|having)\s+(?:an?\s+)?(?:estimated\s+|total\s+|reported\s+|approximate\s+)?"
            r"(?:strength|complement|headcount)\s+of\s+(?:about|roughly|some|around|nearly|approximately|more\s+than|"
            r"up\s+to|at\s+least)?\s*",
            gap,
        ):
            return True  # round 10: "The 1st Infantry Battalion, with an estimated strength of 500 personnel, moved"
        if u.end <= n.start and re.search(r",\s+with\s+(?:[a-z]+\s+){0,2}$", gap):
            return True  # "..., will be sent to Hohenfels, Germany, with about 500 soldiers"
        if u.end <= n.start and re.fullmatch(
            r",\s+(?:about|roughly|some|around|nearly|approximately|more\s+than|up\s+to|at\s+least)?\s*", gap
        ):
            return True  # "The Dutch contingent, roughly 200 soldiers with a Patriot fire unit, is due in ..."
        if u.end <= n.start and re.fullmatch(
            r",?\s+(?:[a-z][a-z'’]*\s+){1,3}?"
            r"(?:about|roughly|some|around|nearly|approximately|more\s+than|up\s+to|at\s+least)?\s*",
            gap,
        ):
            return True  # "the 2nd Brigade, 101st Airborne Division, will deploy roughly 3,000 Soldiers"
        if u.end <= n.start and re.fullmatch(
            r",\s+(?:which\s+is\s+|who\s+are\s+)?(?:based|stationed|garrisoned|headquartered)\s+(?:in|at)\s+[^,;]{1,40},"
            r"\s+(?:[a-z]+\s+){1,3}?(?:about|roughly|some|around|nearly|approximately|more\s+than|up\s+to|at\s+least)?\s*",
            gap,
        ):
            return True  # "Brigade North, based in Setermoen, moved some 600 soldiers to Finnmark"
        if u.end <= n.start and re.fullmatch(
            r",\s+(?:which|who|that)\s+[^,;:]{1,60},\s+(?:[a-z]+\s+){1,3}?"
            r"(?:about|roughly|some|around|nearly|approximately|more\s+than|up\s+to|at\s+least)?\s*",
            gap,
        ):
            return True  # round 9: "X, which has been based at Edmonton, will deploy some 300 troops to A"
        if (
            u.end <= n.start
            and re.fullmatch(
                r"(?:\s+[a-z][\w-]*){0,2},\s+(?:(?:that['’]s|that\s+is|which\s+is|i\.e\.|or|numbering|totall?ing|"
                r"comprising)\s+)?(?:about|roughly|some|around|nearly|approximately|more\s+than|up\s+to|at\s+least)?\s*",
                gap,
            )
            and re.match(
                r"[\s\w]{0,20}?(?:troops|soldiers|personnel|marines|sailors|airmen|paratroopers)\s*,",
                self.text[n.end : n.end + 40],
                re.IGNORECASE,
            )
        ):
            return True  # "the U.S. Marine Corps rotational force, some 700 Marines, was relocated" (an apposition)
        return not re.search(r"[;:]|,\s|\s[-–—]\s", gap)

    def add_movement(  # noqa: C901 (one check per movement field; reworked for the claims model (issue 14))
        self,
        s: Sentence,
        uid: str,
        uref: UnitRef | None,
        dest: Span,
        origin: Span | None,
        lo: int,
        hi: int,
        trig: re.Match,
        place_ids: dict[int, str],
        n_units: int,
        extra: list[str] | None = None,
        tied: Iterable[int] = (),
    ) -> None:
        """One movement, no sharper than the article: each field the sentence states is named in its quote's
        `supports`; what the draft fills in (a home station, a reading of a weekday) gets a note citation."""
        notes: list[str] = list(extra or [])
        for sp, role in ((dest, "Destination"), (origin, "Origin")):
            if sp is not None and isinstance(sp.value, PlaceRef) and sp.value.written.startswith("the "):
                notes.append(f"{role}: {sp.value.hit.note}")  # round 11: "to the camp" read as the camp named before
        supports: list[str] = ["unit", "to"]  # what the sentence's quote backs
        others: list[dict] = []  # further citations: the next sentence's quote, notes
        to_id = place_ids[dest.start]
        D = self.d0.isoformat()
        # origin
        replaced = self._replaced_at(s, uref, uid, lo) if origin is None else None
        if origin is not None:
            from_id = place_ids[origin.start]
            supports.append("from")
        elif replaced is not None:
            from_id, by = replaced
            notes.append(f"Origin: where {by}, which replaces it, goes (the draft's reading - check).")
            others.append(
                self.note(
                    f"Draft's reading: the article says it is replaced by {by}; its origin is taken to be where "
                    f"{by} goes ('{from_id}') - check.",
                    ["from"],
                )
            )
        elif self._refine_earlier(s, uid, uref, to_id, lo, hi):
            return
        elif uref is not None and (onward := self._onward_from(s, uid, to_id)) is not None:
            from_id, leg_at = onward
            notes.append(f"Origin: where sentence {leg_at + 1} takes it (an onward leg; the draft's reading - check).")
            others.append(
                self.note(
                    f"Draft's reading: sentence {leg_at + 1} takes the unit to '{from_id}'; this leg, which names no "
                    "origin, is taken to start there - check.",
                    ["from"],
                )
            )
        else:
            home = self.kn.home(uref.known_id if uref else None) if uref else None
            if home is None and uref is not None and uref.parent is not None and uref.parent.known_id:
                home = self.kn.home(uref.parent.known_id)
            if home is not None:
                from_id = home[0]
                notes.append(f"Origin: the article does not say; the home station of '{home[1]}' in the dataset.")
                others.append(
                    self.note(
                        f"Origin: the article names none; '{from_id}' is the home station of '{home[1]}' in the "
                        "dataset (general knowledge there), not something this article says.",
                        ["from"],
                    )
                )
            else:
                name = (
                    uref.name if uref else next(u["name"].split(" (")[0] for u in self.data["units"] if u["id"] == uid)
                )
                code = uref.nation if uref else self.unit_nation.get(uid, "USA")
                from_id = self.todo_place(
                    f"home|{uid}", f"home station of {name}", code, "the article does not say where it came from", s
                )
                notes.append("Origin: the article does not say (TODO place).")
                others.append(
                    self.note(f"{TODO}: the article does not say where {name} came from; give the origin.", ["from"])
                )
        # strength, as written ("about 1,700", "up to 8", "over 100,000")
        # (`tied`: numbers the dependency parse ties to the mover, round 5)
        tied = set(tied)
        nums = [
            n
            for n in s.numbers
            if n.value.troops
            and lo <= n.start < hi
            and (self._linked(n, uref, s) or any(n.start <= t < n.end for t in tied))
        ]
        # the count written right before the unit's name ("two Patriot air defence batteries") is the unit's own
        u_span = next((x for x in s.units if x.value is uref), None) if uref is not None else None
        if u_span is not None:
            nums.sort(key=lambda n: not re.fullmatch(r"\s+", self.text[n.end : u_span.start]))
        strength: int | str | None = nums[0].value.amount if nums else None
        if nums:
            supports.append("strength")
            notes.append(f"Strength: '{nums[0].value.phrase}'.")
        elif uid in self.counts and self.counts[uid][1] is not s:
            n, where = self.counts[uid]
            strength = n.value.amount
            others += self.cite(where, supports=["strength"])
            others.append(
                self.note(
                    f"Draft's reading: the unit is the '{n.value.phrase}' of sentence {where.index + 1}, named again "
                    "here; the strength is that count - check.",
                    ["strength"],
                )
            )
            notes.append(f"Strength: '{n.value.phrase}' where the article first names it.")
        else:
            nxt = self.sentences[s.index + 1] if s.index + 1 < len(self.sentences) else None
            # the next sentence names no other unit (the same one again, or a part of it, is fine)
            same = all(
                uref is not None and (x.value is uref or x.value.parent is uref) for x in (nxt.units if nxt else [])
            )
            # "They will be followed by a detachment of about 80 personnel": another force, not this one's strength
            if nxt is not None and _JOINED_BY.search(nxt.text):
                same = False
            elif nxt is not None and re.search(
                r"\b(?:were|was|are|is|formed|form)\s+(?:all\s+)?part\s+of\s+the\s+(?:move|deployment|redeployment|"
                r"rotation|transfer|contingent)\b",
                nxt.text,
            ):
                same = True  # round 10: "... said about 270 troops and a company of CV90s were part of the move"
            if (
                nxt is not None
                and same
                and any(
                    NATION_WORDS.get(w) not in (None, self.unit_nation.get(uid))
                    for w in re.findall(r"\b[A-Z][\w.]+", nxt.text[:60])
                )
            ):
                same = False  # round 16: "... // Armenian soldiers, about 100 of them, reached B": another force
            if nxt is not None and same and nxt.index not in self.used_next:
                troop_nums = [
                    n
                    for n in nxt.numbers
                    if (n.value.troops or _PUT_FIGURE.search(self.text, nxt.start, n.start))
                    # round 15: "The battalion's 40 vehicles ... left A": its vehicles, not the troops' strength
                    and not (
                        re.search(rf"\b{EQUIPMENT_NOUN}\b", n.value.noun or "")
                        and (uref is None or not re.search(rf"\b{EQUIPMENT_NOUN}\b", uref.name))
                    )
                    # "The mission has about 4,500 troops": a size, not this force's strength - unless the force
                    # itself is what has it ("The company numbers approximately 120 soldiers", round 6)
                    and (
                        not re.search(
                            r"\b(?:has|have|had|numbers|totals|includes|involves|involving|brings\s+together)\s+(?:\w+\s+)?$",
                            self.text[nxt.start : n.start],
                        )
                        or self._own_size(nxt, n, uref)
                    )
                ]
                # round 8: "The battalion, some 600 soldiers, will form ... in Finland": the unit named again with its
                # size in apposition - its strength whatever else the sentence says
                appos = [
                    n
                    for n in troop_nums
                    if re.fullmatch(
                        r"(?:The|This|That|These|Those|Its|Their)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*,\s*(?:about|some|around|"
                        r"roughly|nearly|approximately|more\s+than|over|up\s+to|at\s+least)?\s*",
                        self.text[nxt.start : n.start],
                    )
                ]
                troop_nums = appos or troop_nums
                nxt_dest = [p for p in nxt.places if p.value.prep in ("to", "into", "in") and not p.value.qualifier]
                if appos:
                    nxt_dest = nxt_from = []
                # round 4: "... and some 300 U.S. Marines are expected from A": a force with an origin of its own
                nxt_from = (
                    [p for p in nxt.places if p.value.prep == "from" and not p.value.qualifier] if not appos else []
                )
                if troop_nums and not nxt_dest and not nxt_from:
                    strength = troop_nums[0].value.amount
                    others += self.cite(nxt, supports=["strength"])
                    others.append(
                        self.note(
                            f"Draft's reading: '{troop_nums[0].value.phrase}' in the next sentence is taken to be "
                            "this force; the article does not say so in one sentence - check.",
                            ["strength"],
                        )
                    )
                    self.used_next.add(nxt.index)
                    if uref is not None:  # round 15: "They" after it is this force again
                        self.movers.setdefault(nxt.index, Span("unit", nxt.start, nxt.start, uref.name, uref))
                    notes.append(
                        f"Strength: '{troop_nums[0].value.phrase}' from the next sentence "
                        "(check that it is this force)."
                    )
                    inside = self._place_inside(nxt, to_id)
                    if inside is not None:
                        # round 15: "A Turkish commando battalion has arrived in Kosovo ... About 500 commandos
                        # landed at Pristina": where in the country they landed
                        to_id = inside
                        others += self.cite(nxt, supports=["to"])
                        notes.append("Destination: where the next sentence lands them, inside the country named.")
        # dates (not the day a move was reported: "..., the command confirmed on 22 February")
        dline = _DATELINE.match(s.text)
        move_dates = [
            d
            for d in s.dates
            if not _REPORT_DATE.search(self.text, max(s.start, d.start - 40), d.start)
            and not (dline and d.end <= s.start + dline.end())  # "STOCKHOLM, March 4 (TT) —": the report's day
            # round 15: "where they will train ... until the end of March": how long they stay, not when they move
            and not re.search(
                r"\b(?:until|till|through|throughout)\s+(?:the\s+)?$", self.text[max(s.start, d.start - 16) : d.start]
            )
        ]
        dates = [d for d in move_dates if lo <= d.start < hi] or move_dates
        # a modal in a later clause about something else ("landed at Lask, ..., adding that they would fly
        # air-policing missions") does not make the reported move a plan: only its own clause counts
        cut = _MODAL_CUT.search(self.text, trig.end(), hi) if lo <= trig.start() < hi else None
        modal = re.search(
            # round 10: "May 6" is a month, not the modal "may" (a new user's trial: "VILNIUS, May 6 (Reuters)")
            r"\b(?:could|might|may(?!\s+\d)|would|consider(?:s|ing)?|if|(?:is|are|was|were)\s+expected\s+to|"
            # round 15: "Sweden plans to send a company ... later this year, though no date has been set"
            r"plans?\s+to|planning\s+to|intends?\s+to|intending\s+to|no\s+date\s+has\s+been\s+set)\b",
            self.text[lo : cut.start() if cut else hi],
            re.IGNORECASE,
        )
        fraction = re.search(
            r"\b(?P<about>about\s+|roughly\s+|nearly\s+|some\s+|more\s+than\s+)?(?P<f>half|a\s+third|"
            r"a\s+quarter|two[- ]thirds)\b[^.;]{0,30}?\b(?:have|has)\s+(?:now\s+|already\s+)?"
            r"(?:arrived|landed)",
            self.text[lo:hi],
        )
        unit_name = uref.name if uref else "forces"
        base_id = f"m-{slug(uid, 40)}-{slug(from_id, 20)}-{slug(to_id, 20)}"
        total = parse_amount(strength) if strength is not None else None
        if fraction and total is not None and total.high == total.low:
            frac = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25, "two-thirds": 2 / 3, "two thirds": 2 / 3}[
                " ".join(fraction.group("f").split())
            ]
            approx = bool(fraction.group("about")) or total.approximate
            here_n = int(round(total.low * frac))
            here = amount_claim(here_n, "about" if approx else None)
            rest = amount_claim(total.low - here_n, "about" if approx else None)
            total_words = total.words()
            q = fraction.group(0)
            # "about half have now arrived": that part arrived by the article's date; no departure is reported.
            self.push_movement(
                base_id + "-arrived",
                uid,
                from_id,
                to_id,
                None,
                f"../{D}",
                here,
                "reported",
                f"{unit_name}: the part already arrived.",
                notes
                + [
                    f"Strength: '{q}' of {total_words} = {parse_amount(here).words()}.",
                    f"Arrival: '{q}' in an article dated {D}: by that day. No departure is reported.",
                ],
                self.cite(s, supports=[*supports, "arrive"]) + others,
            )
            later = next((x for x in dates if x.value.earliest is not None and x.value.earliest >= self.d0), None)
            rest_notes = notes + [f"Strength: the rest of {total_words} after '{q}' = {parse_amount(rest).words()}."]
            rest_supports = list(supports)
            rest_others = list(others)
            conf = "reported"
            if later is not None:
                arrive = later.value.claim
                rest_notes.append(f"Arrival: {later.value.why}. No departure is reported.")
                if later.value.stated:
                    rest_supports.append("arrive")
                else:
                    conf = "estimated"
                    rest_others.append(self.note(f"Draft's reading: {later.value.why}.", ["arrive"]))
            else:
                arrive = f"{D}/.."
                rest_supports.append("arrive")
                rest_notes.append(
                    f"Arrival: not reported; only part had arrived by the article's date {D}, so the rest "
                    "arrives after it. No departure is reported."
                )
            self.push_movement(
                base_id + "-rest",
                uid,
                from_id,
                to_id,
                None,
                arrive,
                rest,
                conf,
                f"{unit_name}: the rest, still to arrive.",
                rest_notes,
                self.cite(s, supports=rest_supports) + rest_others,
            )
            return
        depart: str | None = None
        arrive_s: str | None = None
        confidence = "reported"
        dep, arr = self._movement_dates([d for d in move_dates if lo <= d.start < hi], lo, hi)
        if dep is not None and arr is not None:
            a_hi, d_lo = arr.value.latest, dep.value.earliest
            if a_hi is not None and d_lo is not None and a_hi < d_lo:
                notes.append(f"'{arr.text}' ends before '{dep.text}': the arrival is left out (check).")
                arr = None
        for ref, fld in ((dep, "depart"), (arr, "arrive")):
            if ref is None:
                continue
            v = ref.value
            if fld == "depart":
                depart = v.claim
            else:
                arrive_s = v.claim
            notes.append(f"{'Departure' if fld == 'depart' else 'Arrival'}: {v.why}.")
            if v.stated:
                supports.append(fld)
            else:
                others.append(self.note(f"Draft's reading: {v.why}.", [fld]))
            if v.confidence == "estimated":
                confidence = "estimated"
        flight = self._flight_arrival(trig, depart) if arrive_s is None else None
        if flight is not None:
            arrive_s = flight
            why = f"a flight on {depart}: it lands that day or the next ({flight})"
            notes.append(f"Arrival: {why} - the draft's reading.")
            others.append(self.note(f"Draft's reading: {why}.", ["arrive"]))
        if depart is None and arrive_s is None:
            # No date phrase: the tense dates it against the article's date, and no sharper.
            arriving = bool(ARRIVE_RX.match(trig.group(0)))
            fld = "arrive" if arriving else "depart"
            tense = clause_tense(self.text, s.start, s.end, trig.start(), trig.end())
            if tense == "future":
                value = f"{D}/.."
                notes.append(
                    f"{'Arrival' if arriving else 'Departure'}: no date given; the article (dated {D}) speaks of "
                    "it as to come, so from that day."
                )
            else:
                value = f"../{D}"
                notes.append(
                    f"{'Arrival' if arriving else 'Departure'}: no date given; the article (dated {D}) reports it "
                    "as done or under way, so by that day."
                )
            if arriving:
                arrive_s = value
            else:
                depart = value
            supports.append(fld)
            if not arriving and tense != "future" and self._done_to_place(s, trig):
                arrive_s = f"../{D}"  # "flew to B", "was flown to B", "had moved to B": there by the article's day
                supports.append("arrive")
                notes.append(
                    f"Arrival: '{trig.group(0)} ... to' in the past tense reports the move done, so at the "
                    f"destination by the article's date {D}."
                )
        if modal:
            confidence = "estimated"
            notes.append(f"The article speaks of it as possible or planned ('{modal.group(0)}').")
        self.push_movement(
            base_id,
            uid,
            from_id,
            to_id,
            depart,
            arrive_s,
            strength,
            confidence,
            None,
            notes,
            self.cite(s, supports=supports) + others,
        )

    def _replaced_at(self, s: Sentence, uref: UnitRef | None, uid: str, lo: int) -> tuple[str, str] | None:
        """ "The brigade will replace soldiers of the 101st Airborne Division, who are due to return home to Fort
        Campbell", "replacing the 1st Brigade, which returns to B": the replaced unit leaves the place its
        replacement goes to - the destination of the replacing unit's latest movement, drafted before."""
        u = next((x for x in s.units if x.value is uref), None) if uref is not None else None
        if u is None or not re.search(
            # round 12 (a new user's trial): "to take over the Baltic Air Policing mission from a Polish
            # detachment, which is returning to Malbork", "relieving the 3rd Battalion"
            r"\b(?:replac(?:e|es|ed|ing)|reliev(?:e|es|ed|ing)|(?:take|takes|took|taking|taken)\s+over\s+"
            r"(?:[\w-]+\s+){0,6}?from)\s+(?:(?:the|an?|soldiers|troops|elements|units|members|[A-Z][\w-]+)\s+(?:of\s+)?){0,3}$",
            self.text[max(s.start, u.start - 90) : u.start],
        ):
            return None
        for m in reversed(self.data["movements"]):
            if m["unit"] != uid and not m["to"].startswith("todo-"):
                name = next((x["name"] for x in self.data["units"] if x["id"] == m["unit"]), m["unit"])
                return m["to"], name
        return None

    @staticmethod
    def _flight_arrival(trig: re.Match, depart: str | None) -> str | None:
        """'flew from Ankara to Pristina on Sunday': a flight departing on one stated day lands that day or the
        next, written as that two-day interval (no sharper)."""
        if depart is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", depart):
            return None
        if not re.fullmatch(r"fl(?:ew|own|ies|y|ying)|airlift(?:ed|s)?", trig.group(0), re.IGNORECASE):
            return None
        day = dt.date.fromisoformat(depart)
        return f"{day.isoformat()}/{(day + dt.timedelta(days=1)).isoformat()}"

    def _done_to_place(self, s: Sentence, trig: re.Match[str]) -> bool:
        """A completed move to a place: a simple past or participle of a motion verb ("flew", "was flown", "had
        moved", "deployed") followed by "to"/"into", not under way ("has begun to move", "were moving"), not
        only a start ("began to", "started"), not a return home, and not hedged ("reportedly", "is said to")."""
        before = self.text[max(s.start, trig.start() - 40) : trig.start()]
        if re.search(r"\b(?:completed|finished|concluded)\s+(?:its|their|the)\s+(?:\w+\s+)?$", before) and re.search(
            r"\bto\s", self.text[trig.end() : s.end]
        ):
            return not _HEDGED.search(self.text[s.start : s.end])  # round 10: "has completed its transfer from A to B"
        if not _DONE_VERB.fullmatch(trig.group(0)):
            return False
        after = self.text[trig.end() : min(s.end, trig.end() + 120)]
        if _NOT_DONE_BEFORE.search(before) or _HEDGED.search(self.text[s.start : s.end]):
            return False
        nxt = re.split(r"(?<=[.!?])\s+", self.text[s.end : s.end + 300], maxsplit=1)[0]
        if _STILL_TO_ARRIVE.search(self.text[s.start : s.end] + " " + nxt):
            return False  # "has been sent to B. The troops are expected to reach the town by Sunday."
        return bool(_TO_PLACE_AFTER.match(after))

    def _movement_dates(self, dates: list[Span], lo: int, hi: int) -> tuple[Span | None, Span | None]:
        """(departure, arrival) dates: each date belongs to the movement verb before it (else the first after)."""
        trigs = [(m.start(), bool(ARRIVE_RX.match(m.group(0)))) for m in MOVE_RX.finditer(self.text, lo, hi)]
        dep = arr = None
        for d in dates:
            if ARRIVE_RX.search(d.text) or BY_BEFORE.search(self.text, max(lo, d.start - 20), d.start):
                arriving = True  # round 12: "will move from A to B by the end of April": when it is there by
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

    def push_movement(
        self,
        base_id: str,
        uid: str,
        from_id: str,
        to_id: str,
        depart: str | None,
        arrive: str | None,
        strength: int | str | None,
        confidence: str,
        description: str | None,
        notes: list[str],
        citations: list[dict],
    ) -> None:
        if from_id == to_id:
            return  # round 13: "escorted them from Alfeite ... and was back at Alfeite": a trip that ends where it began
        for m in self.data["movements"]:  # the same movement reported again: one record, both sentences cited
            if (m["unit"], m["from"], m["to"], m.get("depart"), m.get("arrive"), m.get("strength")) == (
                uid,
                from_id,
                to_id,
                depart,
                arrive,
                strength,
            ):
                _merge_citations(m["citations"], citations)
                return
        if self._join_same_movement(uid, from_id, to_id, depart, arrive, strength, confidence, notes, citations):
            return
        rec: dict[str, Any] = {
            "id": self.ids["movements"].new(base_id),
            "unit": uid,
            "from": from_id,
            "to": to_id,
        }
        if depart is not None:
            rec["depart"] = depart
        if arrive is not None:
            rec["arrive"] = arrive
        if strength is not None:
            rec["strength"] = strength
        rec["confidence"] = confidence
        if description:
            rec["description"] = description
        rec["note"] = "Drafted from the article. " + " ".join(notes)
        rec["citations"] = _merge_citations([], citations)
        self.data["movements"].append(rec)

    def _join_same_movement(
        self,
        uid: str,
        from_id: str,
        to_id: str,
        depart: str | None,
        arrive: str | None,
        strength: int | str | None,
        confidence: str,
        notes: list[str],
        citations: list[dict],
    ) -> bool:
        """The same unit going to the same place, told again in a later sentence ("About 4,200 Soldiers of the
        brigade are scheduled to begin arriving in Poland"): one movement. What the later sentence adds (an
        origin, a strength, an arrival) fills what the first left open; nothing already drafted is overwritten, and
        what a forecast adds makes the record's confidence 'estimated'."""
        home = self.place_by_key.get(f"home|{uid}")
        for m in self.data["movements"]:
            if m["unit"] != uid or m["to"] != to_id or m.get("description"):
                continue
            if not (from_id == m["from"] or from_id == home or m["from"] == home):
                continue
            added = []
            quoted = {c.get("quote") for c in m["citations"] if c.get("quote")}
            if m["from"] == home and from_id != home:
                m["from"] = from_id
                added.append("from")
            if m.get("strength") is None and strength is not None:
                m["strength"] = strength
                added.append("strength")
            if m.get("arrive") is None and arrive is not None:
                m["arrive"] = arrive
                added.append("arrive")
            if m.get("depart") is None and depart is not None:
                m["depart"] = depart
                added.append("depart")
            # The later sentence's quote backs the unit, the destination and what it adds; a note is kept only
            # for what it adds (the TODO about a missing origin goes when the origin is now known).
            keep = []
            for c in citations:
                fields = [f for f in c.get("supports", []) if f in added or ("quote" in c and f in ("unit", "to"))]
                if fields:
                    keep.append(dict(c, supports=fields))
            _merge_citations(m["citations"], keep)
            if m["from"] != home:
                m["citations"] = [
                    c
                    for c in m["citations"]
                    if not (c.get("note", "").startswith(TODO) and c.get("supports") == ["from"])
                ]
            said = [n for n in notes if n.split(":")[0].lower() in {f.replace("arrive", "arrival") for f in added}]
            if added and confidence == "estimated" and m.get("confidence") != "estimated":
                # what a forecast adds ("is expected to arrive by 20 April") is no report: the record says so
                m["confidence"] = "estimated"
                said += [n for n in notes if n.startswith("The article speaks of it as possible or planned")]
            again = any(c.get("quote") not in quoted for c in citations if c.get("quote"))
            if again:
                m["note"] += " The same movement is told again in a later sentence" + (
                    f", which adds {', '.join(added)}: " + " ".join(said) if added else "."
                )
            elif added:  # the same sentence read twice (the parse and the rules): no other sentence tells it
                m["note"] += f" The same sentence also gives {', '.join(added)}: " + " ".join(said)
            order = ("id", "unit", "from", "to", "depart", "arrive", "strength", "confidence", "description", "note")
            rebuilt = {k: m[k] for k in order if k in m}
            rebuilt.update({k: v for k, v in m.items() if k not in rebuilt})
            m.clear()
            m.update(rebuilt)
            return True
        return False

    def event(self, s: Sentence, place_ids: dict[int, str]) -> None:  # noqa: C901 (keyword, place, date, citations)
        """Meetings, talks and summits: each keyword with the place named 'in'/'at' after it, and a date."""
        kws = sorted(
            list(EVENT_NOUN_RX.finditer(self.text, s.start, s.end))
            + list(EVENT_VERB_RX.finditer(self.text, s.start, s.end)),
            key=lambda m: m.start(),
        )
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
        D = self.d0.isoformat()
        for kw, place in pairs:
            notes = []
            supports = ["name"]
            others: list[dict] = []
            if place is not None:
                pid = place_ids[place.start]
                supports.append("place")
            else:
                pid = self.todo_place(
                    f"event|{s.index}",
                    f"place of the {kw.group('kw').lower()} in sentence {s.index + 1}",
                    self.rec.dominant_nation or "USA",
                    "the article does not say where",
                    s,
                )
                notes.append("Place: the article does not say (TODO place).")
                others.append(self.note(f"{TODO}: the article does not say where; give the place.", ["place"]))
            anchor = place.start if place is not None else kw.start()
            if s.dates:
                d = min(s.dates, key=lambda d: min(abs(d.start - anchor), abs(d.start - kw.start())))
                date = d.value.claim
                notes.append(f"Date: {d.value.why}" + (" (estimated)." if d.value.confidence == "estimated" else "."))
                if d.value.stated:
                    supports.append("date")
                else:
                    others.append(self.note(f"Draft's reading: {d.value.why}.", ["date"]))
            else:
                tense = clause_tense(self.text, s.start, s.end, kw.start(), kw.end())
                if tense == "future":
                    date = f"{D}/.."
                    notes.append(
                        f"Date: the sentence gives none and speaks of it as to come: from the article's date {D}."
                    )
                elif tense == "past":
                    date = f"../{D}"
                    notes.append(f"Date: the sentence gives none and reports it as past: by the article's date {D}.")
                else:
                    date = D
                    notes.append(f"Date: the sentence gives none and speaks in the present: the article's date {D}.")
                supports.append("date")
            if (pid, date) in seen:
                continue
            seen.add((pid, date))
            name = self.event_name(s, kw, place)
            citations = self.cite(s, supports=supports) + others
            same = next(
                (e for e in self.data["events"] if (e["place"], e["date"], e["name"]) == (pid, date, name)),
                None,
            )
            if same is not None:
                _merge_citations(same["citations"], citations)
                continue
            self.data["events"].append(
                {
                    "id": self.ids["events"].new("ev-" + slug(name, 60)),
                    "name": name,
                    "date": date,
                    "place": pid,
                    "note": "Drafted from the article. " + " ".join(notes),
                    "citations": _merge_citations([], citations),
                }
            )

    def event_name(self, s: Sentence, kw: re.Match, place: Span | None) -> str:
        word = kw.group("kw").lower()
        noun = {
            "meet": "meeting",
            "meets": "meeting",
            "met": "meeting",
            "convene": "meeting",
            "convenes": "meeting",
            "convened": "meeting",
            "gather": "meeting",
            "gathers": "meeting",
            "gathered": "meeting",
        }.get(word, word)
        fmt = re.search(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)\s+format\b", s.text)
        if fmt:
            head = f"{fmt.group(1)}-format talks"
        else:
            quals = re.search(
                r"((?:" + QUALIFIER + r")(?:\s+(?:" + QUALIFIER + r")){0,3})\s+$", self.text[s.start : kw.start()]
            )
            words = quals.group(1).split() if quals else []
            place_words = {w for p in s.places for w in p.text.split()}
            while words and (
                fold(words[0]) in QUALIFIER_STOP
                or words[0] in place_words
                or re.sub(r"['’]s$", "", words[0]) in NATION_WORDS
            ):
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

    def _origin_nearby(self) -> None:
        """Round 9: a movement whose sentence names no origin ("A dozen Su-35S fighters landed at Baranovichi")
        takes the one the next or the previous sentence of the same paragraph gives with "from" ("They came from
        Dzemgi", "Both groups flew from Beaufort", "took off from the camp in Kisarazu"), when that sentence names
        no other unit and moves nothing else from there; the neighbour's quote backs the origin, and a note says it
        is the draft's reading across sentences. Otherwise the home-station TODO stays."""
        homes = {pid for key, pid in self.place_by_key.items() if key.startswith("home|")}
        where = {mid: i for i, mids in sorted(self.moves_of.items(), reverse=True) for mid in mids}
        parent = {u["id"]: u.get("parent") for u in self.data["units"]}
        for m in self.data["movements"]:
            i = where.get(m["id"])
            if i is None:
                continue
            home_base = m["from"] not in homes and self._home_base_origin(m, i)
            if m["from"] not in homes and not home_base:
                continue
            nat = self.unit_nation.get(m["unit"]) or next(
                (u.get("nation") for u in self.data["units"] if u["id"] == m["unit"]), None
            )
            # "The Finnish contingent left its garrison at Säkylä": the unit's nation's force, named by a description
            same_nation = {
                u["id"]
                for u in self.data["units"]
                if u.get("nation") == nat and _NATION_GROUP.fullmatch(u["name"].split(" (")[0])
            }
            family = {m["unit"]} | {  # the unit, its parent and its own subunits are one mover
                u["id"] for u in self.data["units"] if u.get("parent") == m["unit"] or u["id"] == parent.get(m["unit"])
            }
            # round 15: past the next sentence when it only gave the strength ("About 500 commandos landed at B.
            # They had taken off from A")
            later = (i + 2,) if i + 1 in self.used_next else ()
            for j in (i + 1, *later) if home_base else (i, i + 1, i - 1, *later):
                t = self.sentences[j] if 0 <= j < len(self.sentences) else None
                if t is None or not self._same_paragraph(i + 1 if j == i + 2 else i, j):
                    continue
                # another unit named before the place stops it ("replacing a Togolese company" after it does not)
                others = [(a, u) for a, u in self.unit_starts_of.get(j, []) if u not in family | same_nation]
                if j == i:  # its own sentence: only "after an overnight flight from Nairobi" (a journey's start)
                    ids = self.places_of.get(j, {})
                    if others:
                        continue
                    own = next(
                        (
                            ids[sp.start]
                            for sp in t.places
                            if sp.start in ids
                            and (
                                _JOURNEY_FROM.search(self.text[max(t.start, sp.start - 60) : sp.start])
                                or _LOADED_AT.search(self.text[max(t.start, sp.start - 60) : sp.start])
                            )
                            and ids[sp.start] != m["to"]
                        ),
                        None,
                    )
                    if own is not None:
                        m["from"] = own
                        m["citations"] = [
                            c
                            for c in m["citations"]
                            if not (c.get("note", "").startswith(TODO) and c.get("supports") == ["from"])
                        ]
                        for c in m["citations"]:
                            if c.get("quote") == t.quote and "from" not in c.get("supports", ["from"]):
                                c["supports"] = [*c["supports"], "from"]
                        m["note"] = m["note"].replace(
                            "Origin: the article does not say (TODO place).", "Origin: where its journey started."
                        )
                        break
                    continue
                ids = self.places_of.get(j, {})
                moved_from = {x["from"] for x in self.data["movements"] if x["id"] in self.moves_of.get(j, [])}
                hit_sp = next(
                    (
                        sp
                        for sp in t.places
                        if sp.start in ids
                        and not any(a < sp.start for a, _u in others)
                        and (
                            (w := _FROM_BEFORE.search(self.text[max(t.start, sp.start - 60) : sp.start]))
                            # the first place after "from" ("from Istres in southern France": Istres, not France)
                            and not any(sp.start - 60 + w.start() < o.start < sp.start for o in t.places)
                            or (sp.value.prep == "from" and sp is next(p for p in t.places if p.start in ids))
                        )
                        and ids[sp.start] not in (m["to"], *moved_from)
                        and (MOVE_RX.search(t.text) or MOTION_WORDS_RX.search(t.text) or _CAME_RX.search(t.text))
                    ),
                    None,
                )
                if hit_sp is None:
                    continue
                hit = ids[hit_sp.start]
                m["from"] = hit
                m["citations"] = [
                    c
                    for c in m["citations"]
                    if not (c.get("note", "").startswith(TODO) and c.get("supports") == ["from"])
                ]
                if home_base:  # the home its sentence gave no longer backs the origin
                    for c in m["citations"]:
                        c["supports"] = [f for f in c.get("supports", []) if f != "from"]
                    m["citations"] = [c for c in m["citations"] if c.get("supports") or "quote" in c]
                fields = ["from"]
                # "The contingent of nearly 500 soldiers flew from Dakar": its count, before the place, is the strength
                size = [n for n in t.numbers if n.value.troops and n.end <= hit_sp.start]
                if m.get("strength") is None and len(size) == 1:
                    m["strength"] = size[0].value.amount
                    fields.append("strength")
                m["citations"] += self.cite(t, supports=fields) + [
                    self.note(
                        f"Draft's reading: the origin is the place sentence {j + 1} says it came from ('{hit}')"
                        + (f" and the strength its count ('{size[0].value.phrase}')" if "strength" in fields else "")
                        + " - check that it speaks of the same unit.",
                        fields,
                    )
                ]
                m["note"] = m["note"].replace(
                    "Origin: the article does not say (TODO place).", f"Origin: from sentence {j + 1}."
                )
                break

    def _leg_before(self) -> None:
        """Round 16: "Some 120 soldiers of X arrived at Tapa on Thursday. They had flown from A to Tallinn the day
        before": the leg told after, in the pluperfect, came first - the arrival starts where it ended (Tallinn),
        the next sentence's quote backing that origin."""
        homes = {pid for key, pid in self.place_by_key.items() if key.startswith("home|")}
        where = {mid: i for i, mids in self.moves_of.items() for mid in mids}
        for m in self.data["movements"]:
            i = where.get(m["id"])
            if i is None or m["from"] not in homes or i + 1 >= len(self.sentences):
                continue
            t = self.sentences[i + 1]
            n = next(
                (
                    x
                    for x in self.data["movements"]
                    if where.get(x["id"]) == i + 1 and x["unit"] == m["unit"] and x["to"] not in (m["to"], m["from"])
                ),
                None,
            )
            if n is None or not re.match(
                r"(?:They|It|She|He)\s+had\s+(?:\w+\s+)?(?:flown|sailed|travelled|traveled|"
                r"driven|moved|come|been\s+flown)\b",
                t.text[parse_prefix(t.text) :],
            ):
                continue
            m["from"] = n["to"]
            m["citations"] = [
                c
                for c in m["citations"]
                if not (str(c.get("note", "")).startswith(TODO) and c.get("supports") == ["from"])
            ]
            m["citations"] += self.cite(t, supports=["from"]) + [
                self.note(
                    "Draft's reading: the next sentence's earlier leg (in the pluperfect) ends where this one starts.",
                    ["from"],
                )
            ]
            m["note"] = m.get("note", "").replace(" Origin: the article does not say (TODO place).", "") + (
                f" Origin: where the earlier leg told in the next sentence ends ('{n['to']}'; the draft's reading)."
            )

    _CARRIED = re.compile(
        r"(?:It|She|The\s+(?:ship|vessel))\s+(?:also\s+)?(?:carried|carries|was\s+carrying|is\s+carrying|brought|"
        r"had\s+on\s+board|has\s+on\s+board|transported)\s"
    )

    def _carried_troops(self) -> None:
        """Round 16: "HMAS Choules arrived in B on Sunday. It had sailed from A on 2 April. It carried about 200 ADF
        personnel and three helicopters": the troops a ship moving as a unit of its own carried go with it - a
        movement of theirs with the ship's origin, destination and dates (its cargo is no movement)."""
        for s in self.sentences:
            if self.moves_of.get(s.index) or not self._CARRIED.match(self.text, s.start + parse_prefix(s.text)):
                continue
            n = next(
                (
                    n
                    for n in s.numbers
                    if n.value.noun and (TROOPS_RX.search(n.value.noun) or n.value.noun == "members")
                ),
                None,
            )
            ship = next(
                (
                    m
                    for j in range(s.index - 1, max(-1, s.index - 3), -1)
                    if self._same_paragraph(j, s.index)
                    for m in self.data["movements"]
                    if m["id"] in (self.moves_of.get(j) or []) and self._is_ship(m["unit"])
                ),
                None,
            )
            troops = TROOPS_RX.search(self.text, n.end, s.end) if n is not None else None
            if troops is not None and re.match(r"sailors|crew", troops.group(0), re.IGNORECASE):
                continue  # "She carries some 240 sailors": the ship's own crew, told with the ship
            # "It carried roughly 100 members of the GSDF's 13th Brigade": the unit the sentence names after the count
            named = next(
                (
                    u
                    for u in s.units
                    if n is not None
                    and 0 <= u.start - n.end <= 40
                    and re.fullmatch(
                        r"\s+(?:[\w-]+\s+){0,2}?of\s+(?:the\s+)?(?:[A-Z][\w.]*['’]s\s+)?", self.text[n.end : u.start]
                    )
                    and not SHIP_RX.match(u.text)
                ),
                None,
            )
            if n is None or ship is None:
                continue
            if named is not None:
                uid, words = self.unit(named.value, s, named.text), named.text
            elif troops is None or not re.fullmatch(r"[\s\w.-]*", self.text[n.end : troops.start()]):
                continue
            else:
                uid, words = self._carried_unit(s, n, troops, ship)
            backed = [
                {**c, "supports": [f for f in c.get("supports", []) if f in ("from", "to", "depart", "arrive")]}
                for c in ship["citations"]
                if "quote" in c and set(c.get("supports", [])) & {"from", "to", "depart", "arrive"}
            ]
            self.push_movement(
                f"{uid}-{ship['to']}",
                uid,
                ship["from"],
                ship["to"],
                ship.get("depart"),
                ship.get("arrive"),
                n.value.amount,
                ship.get("confidence", "reported"),
                None,
                [
                    f"The troops the ship carried ('{words}'): its origin, destination and dates (the draft's reading) - check."
                ],
                self.cite(s, supports=["unit", "strength"]) + backed,
            )
            self.moves_of[s.index] = [self.data["movements"][-1]["id"]]

    def _carried_unit(self, s: Sentence, n: Span, troops: re.Match, ship: dict) -> tuple[str, str]:
        """The troops a ship carried, named by the article's words ("ADF personnel"), of the ship's nation."""
        words = " ".join(self.text[n.end : troops.end()].split())
        nation = self.unit_nation.get(ship["unit"]) or self._fallback_nation(None)[0]
        ref = UnitRef(
            name=words,
            nation=nation,
            branch="other",
            echelon="group",
            notes=(
                "the troops the ship carried, named by the article's own words (round 16)",
                f"nation {nation}: the ship's",
                "branch: the words do not say (set by hand)",
                "echelon group stands in: the words name no echelon (check)",
            ),
        )
        return self.unit(ref, s, words), words

    _SAME_DAY = re.compile(
        r"\b(?:the\s+same\s+(?:day|evening|night|afternoon|morning)|later\s+that\s+(?:day|evening|night)|"
        r"that\s+(?:same\s+)?(?:evening|night|afternoon))\b",
        re.IGNORECASE,
    )

    def _same_day_legs(self) -> None:
        """Round 16: "flew from A to B on Wednesday. From B, they were taken by bus to C the same evening": the
        onward leg leaves on the day of the leg before (its exact day), not "by the article's date"."""
        moves = self.data["movements"]
        for k, m in enumerate(moves):
            if m.get("arrive") or not str(m.get("depart") or "..").startswith(".."):
                continue
            said = next(
                (x for c in m["citations"] if (x := self._SAME_DAY.search(str(c.get("quote", "")))) is not None), None
            )
            prev = next((p for p in reversed(moves[:k]) if p["unit"] == m["unit"] and p["to"] == m["from"]), None)
            if said is None or prev is None:
                continue
            day = next(
                (str(prev[f]) for f in ("depart", "arrive") if re.fullmatch(r"\d{4}-\d\d-\d\d", str(prev.get(f, "")))),
                None,
            )
            if day is None:
                continue
            m["depart"] = day
            why = f"'{said.group(0)}': the day the leg before left ({day}; the draft's reading)"
            m["note"] = re.sub(r"Departure: no date given;[^.]*\.", f"Departure: {why}.", m["note"])
            m["citations"].append(self.note(f"Draft's reading: {why}.", ["depart"]))

    def _is_ship(self, uid: str) -> bool:
        rec = next((u for u in self.data["units"] if u["id"] == uid), None)
        return rec is not None and (
            bool(SHIP_RX.match(str(rec.get("name", "")))) or "the article names ship" in str(rec.get("note", ""))
        )

    def _home_base_origin(self, m: dict, i: int) -> bool:
        """Round 15: the movement's origin is the home its sentence gives the unit ("X, which is based in
        Semarang, landed in Timika"), not a place it is said to have left; the next sentence's "They had flown
        from Makassar" is then the origin."""
        t = self.sentences[i]
        ids = self.places_of.get(i, {})
        for sp in t.places:
            if ids.get(sp.start) != m["from"]:
                continue
            before = self.text[max(t.start, sp.start - 40) : sp.start]
            if sp.value.prep == "from" or _LEFT.search(before):
                return False
            if _BASED.search(before) or re.search(r"\bhome\s+of\b|\bhome\s+(?:base|station)\b", before):
                return True
        return False

    def _join_sharper(self) -> None:
        """Round 9: one unit drafted twice, once to a place with no origin ("French troops landed at Mihail
        Kogalniceanu") and once from a named origin to the country that place lies in ("About 250 troops flew in
        from Istres" to Romania), is one movement: the origin of the one, the sharper destination of the other,
        both sentences cited. Only when neither has a description or a strength the other contradicts."""
        homes = {pid for key, pid in self.place_by_key.items() if key.startswith("home|")}
        moves = self.data["movements"]
        for a in list(moves):
            if a["from"] not in homes or a.get("description") or self._precision_of(a["to"]) == "country":
                continue
            b = next(
                (
                    b
                    for b in moves
                    if b is not a
                    and b["unit"] == a["unit"]
                    and b["from"] not in homes
                    and not b.get("description")
                    and self._precision_of(b["to"]) == "country"
                    and self._country_of(b["to"]) == self._country_of(a["to"])
                    and None in (a.get("strength"), b.get("strength"))
                ),
                None,
            )
            if b is None:
                continue
            was = b["to"]
            b["to"] = a["to"]
            self._absorb(
                a, b, f" Destination: '{was}' made sharper by the same unit's movement to '{a['to']}', joined with it."
            )

    def _absorb(self, a: dict, b: dict, note: str, not_backed: tuple[str, ...] = ()) -> None:
        """Movement `a` told again by `b`: `b` takes the strength and dates it lacks and `a`'s citations (less the
        TODO that asked for an origin, and less the fields in `not_backed` that `a`'s quotes no longer back); `a`
        goes, and the sentence index points at `b`."""
        for key in ("strength", "depart", "arrive"):
            if b.get(key) is None and a.get(key) is not None:
                b[key] = a[key]
        kept = [c for c in a["citations"] if not (c.get("note", "").startswith(TODO) and c.get("supports") == ["from"])]
        for c in kept:
            c["supports"] = [f for f in c.get("supports", []) if f not in not_backed]
        _merge_citations(b["citations"], [c for c in kept if c.get("supports") or not not_backed])
        b["note"] += note
        self.data["movements"].remove(a)
        for mids in self.moves_of.values():
            if a["id"] in mids:
                mids[mids.index(a["id"])] = b["id"]

    def _join_lead(self) -> None:
        """Round 15: the lead's movement ("Norway has sent about 400 soldiers of its Brigade North to Finland": no
        origin, a country) and the same unit's first leg told after it ("The soldiers flew from Bardufoss air
        station to Rovaniemi on Monday": an origin, a place in that country) are one movement: the leg's origin and
        destination, the lead's strength where the leg has none, both sentences cited."""
        homes = {pid for key, pid in self.place_by_key.items() if key.startswith("home|")}
        where = {mid: i for i, mids in self.moves_of.items() for mid in mids}
        parent = {u["id"]: u.get("parent") for u in self.data["units"]}
        moves = self.data["movements"]
        for a in list(moves):
            if (
                a["from"] not in homes
                or a.get("description")
                or self._precision_of(a["to"]) not in ("country", "region")
            ):
                continue
            code = self._country_of(a["to"])
            b = next(
                (
                    b
                    for b in moves
                    if b is not a
                    # round 16: "A battle group of the RDF has deployed to Cabo Delgado province", then "About 650
                    # soldiers of the RDF's 5th Infantry Division flew from Kigali to Pemba": a part of it, told sharper
                    and (a["unit"] in (b["unit"], parent.get(b["unit"])) or self._lead_s_troops(a, b, where))
                    and b["from"] not in homes
                    and not b.get("description")
                    and where.get(b["id"], -1) > where.get(a["id"], 10**6)
                    and self._precision_of(b["to"]) not in ("country", "region")
                    and self._country_of(b["to"]) == code
                    # (a place to locate has only a guessed country)
                    and (self._country_of(b["from"]) != code or b["from"].startswith("todo-"))
                    and None in (a.get("strength"), b.get("strength"))
                ),
                None,
            )
            if b is None:
                continue
            # the lead backs what the leg takes from it, not its vaguer destination
            self._absorb(
                a,
                b,
                f" Joined with the article's lead, which sends it to '{a['to']}' (the draft's reading).",
                ("to", "from"),
            )
            if self._lead_s_troops(a, b, where):
                # round 16: the troops of no named unit that the lead's unit sent are that unit, here and in the legs
                # told just after
                generic, at = b["unit"], where.get(b["id"], 0)
                for m in moves:
                    if m["unit"] == generic and at <= where.get(m["id"], -1) <= at + 3:
                        m["unit"] = a["unit"]
                        m["note"] += (
                            " Unit: the lead's, whose troops the article then tells by no unit (the draft's reading)."
                        )

    def _lead_s_troops(self, a: dict, b: dict, where: dict[str, int]) -> bool:
        """Round 16: "the 2nd Armored Brigade Combat Team ... is on its way to Europe" (the lead), then "The first 400
        or so Soldiers flew out of A ... bound for B": the first leg told after the lead, by troops of no named unit
        of the lead unit's nation, is the lead unit's."""
        generic = self.unit_by_key.get(f"generic|{self.unit_nation.get(a['unit'])}")
        if generic is None or b["unit"] != generic or a["unit"] == generic:
            return False
        after = [m for m in self.data["movements"] if where.get(m["id"], -1) > where.get(a["id"], 10**6)]
        return bool(after) and min(after, key=lambda m: where[m["id"]]) is b

    def _place_by_container(self) -> None:
        """Round 9: a place the gazetteer cannot locate that the article puts inside one it can ("Lann-Bihoué in
        Brittany", "the Cincu training area near Brașov", "Yelsk, in southern Belarus") is drawn as that place's
        area - a halo around a town or region, a country's outline - which is all the article says of where it
        is; no TODO, the note says so. Places that stay unlocated keep their TODO."""
        recs = {p["id"]: p for p in self.data["places"]}
        for s in self.sentences:
            ids = self.places_of.get(s.index, {})
            spans = sorted((sp for sp in s.places if sp.start in ids), key=lambda x: x.start)
            for sp, nxt in zip(spans, spans[1:]):
                rec, outer = recs.get(ids[sp.start]), ids[nxt.start]
                if rec is None or not str(rec.get("name", "")).startswith(f"{TODO}: locate ") or outer == rec["id"]:
                    continue
                if not _CONTAINER.fullmatch(self.text[sp.end : nxt.start]):
                    continue
                if self.gaz.is_us_state(self.text[nxt.start : nxt.end]):
                    continue  # "Moody Air Force Base in Georgia": the state, not the country of that name
                outer_rec = recs.get(outer)
                if outer_rec is not None:
                    if str(outer_rec.get("name", "")).startswith(TODO):
                        continue
                    lat, lon, country, oname = (
                        outer_rec["lat"],
                        outer_rec["lon"],
                        outer_rec["country"],
                        outer_rec["name"],
                    )
                    precision = outer_rec.get("precision")
                else:
                    known = self.kn.places.places.get(outer)
                    if known is None:
                        continue
                    lat, lon, country, oname = known.lat, known.lon, known.country, known.name
                    precision = getattr(known, "precision", None)
                name = rec["name"].removeprefix(f"{TODO}: locate ")
                words = self.text[sp.start : nxt.end]
                rec.update(
                    name=name,
                    country=country,
                    lat=lat,
                    lon=lon,
                    precision="country" if precision == "country" else "region",
                    note=(
                        f"Coordinates: the gazetteer does not know {name}; the article puts it in {oname} "
                        f"('{words}'), so it is drawn as {oname}'s area, no sharper than the article - give its "
                        "own position if you know it."
                    ),
                    citations=self.cite(s, supports=["name", "location"]),
                )
                self.todos = [x for x in self.todos if not x.startswith(f"place '{rec['id']}'")]

    def _drop_summaries(self) -> None:
        """Round 9: a lead's summary ("the repositioning of some U.S. forces already in Europe to the Baltic region")
        drafted as an unnamed force with no origin and no strength, where the article also moves a named unit of
        that nation to the same place: the named movement tells it; the summary's record is dropped."""
        generic = {uid for key, uid in self.unit_by_key.items() if key.startswith("generic|")}
        homes = {pid for key, pid in self.place_by_key.items() if key.startswith("home|")}
        nation = {u["id"]: u.get("nation") for u in self.data["units"]}
        moves = self.data["movements"]
        countries = {p["id"] for p in self.data["places"] if p.get("precision") == "country"}

        def inside(o: dict, m: dict) -> bool:
            """o goes where m goes, or (round 13) to a place in the country m goes to ("the CSTO's peacekeeping forces
            in Kazakhstan", then "500 servicemen of the 98th ... to Almaty")."""
            return o["to"] == m["to"] or (
                m["to"] in countries and self._country_of(o["to"]) == self._country_of(m["to"]) is not None
            )

        drop = [
            m
            for m in moves
            if m["unit"] in generic
            and m["from"] in homes
            and m.get("strength") is None
            and any(
                o["unit"] not in generic and nation.get(o["unit"]) == nation.get(m["unit"]) and inside(o, m)
                for o in moves
            )
        ]
        # round 12 (a new user's trial): "Denmark will send a mechanised infantry battalion, ... to the Baltic
        # states", then "About 750 soldiers of the 1st Battalion, Jutland Dragoon Regiment, will ... move ... to
        # Adazi": a unit of no name (common words only) sent to a country or region with no origin or strength is
        # the summary of a named unit of its nation and echelon whose movement the article tells to a sharper place
        unit = {u["id"]: u for u in self.data["units"]}
        area = {p["id"] for p in self.data["places"] if p.get("precision") in ("country", "region", "continent")}
        drop += [
            m
            for m in moves
            if m not in drop
            and m["from"] in homes
            and m.get("strength") is None
            and m["to"] in area
            and not re.search(r"[A-Z0-9]", str(unit.get(m["unit"], {}).get("name", "X")))
            and any(
                o["unit"] != m["unit"]
                and o["from"] not in homes
                and o["to"] not in area
                and nation.get(o["unit"]) == nation.get(m["unit"])
                and unit.get(o["unit"], {}).get("echelon") == unit.get(m["unit"], {}).get("echelon")
                for o in moves
            )
        ]
        unit_name = {u["id"]: u["name"] for u in self.data["units"]}
        place_name = {p["id"]: p["name"] for p in self.data["places"]}
        for m in drop:
            moves.remove(m)
            self.warnings.append(
                f"Not drafted as a movement of its own: {unit_name.get(m['unit'], m['unit'])} to "
                f"{place_name.get(m['to'], m['to'])} (no unit, origin or strength named), which a named unit's "
                "movement tells."
            )

    def _same_paragraph(self, i: int, j: int) -> bool:
        a, b = sorted((i, j))
        sa, sb = self.sentences[a], self.sentences[b]
        return "\n\n" not in self.text[sa.end : sb.start].replace("\r", "")

    _NO_NATION = "nation USA: the article gives no nation at all (check)"

    def _nation_from_origin(self) -> None:
        """Round 10: a unit whose nation nothing in the article gives ("Four Gripen fighters of the F 21 wing flew
        from Luleå") is of the country its first movement leaves from, not the United States; so is a unit whose
        words usually name a US one ("the 5th Fighter Wing") leaving from the article's own country in an article
        that never names the United States. Said in its note (and its sub-units' that took its nation); ids follow."""
        ids: dict[str, str] = {}
        us_named = names_nation(self.text, "USA")
        for u in self.data["units"]:
            found = self._origin_nation(u, us_named)
            if found is None:
                continue
            code, guess, said = found
            was = f"nation {u.get('nation')} as its parent {u['name']}"
            subs = [c for c in self.data["units"] if c.get("parent") == u["id"] and was in c.get("note", "")]
            self._renation(u, code, guess, said, ids)
            for c in subs:
                self._renation(c, code, was, f"nation {code} as its parent {u['name']}", ids)
        if not ids:
            return
        for m in self.data["movements"]:
            if m["unit"] in ids:
                old = m["unit"]
                m["unit"] = ids[old]
                was, now = old.split("-", 1)[0], ids[old].split("-", 1)[0]
                if m["id"].startswith(f"m-{was}-"):  # the nation's code heads the id (the rest may be cut short)
                    self._rename_movement(m, self.ids["movements"].new(f"m-{now}" + m["id"][len(was) + 2 :]))
        for u in self.data["units"]:
            if u.get("parent") in ids:
                u["parent"] = ids[u["parent"]]
        self.mentions["units"] = [(w, ids.get(i, i)) for w, i in self.mentions.get("units", [])]

    def _origin_nation(self, u: dict, us_named: bool) -> tuple[str, str, str] | None:
        """(nation, the note's words it replaces, the new words) for unit record `u`, or None to keep its nation."""
        note = u.get("note", "")
        own = {u["id"]} | {c["id"] for c in self.data["units"] if c.get("parent") == u["id"]}
        dominant = re.search(
            r"nation (\w{3}): not stated next to the name; the article's dominant nation \(check\)", note
        )
        if dominant is not None:
            # round 11: "MIHAIL KOGALNICEANU AIR BASE, Romania - ... the 101st Airborne Division ... arrived here from
            # Fort Campbell": a unit of no stated nation coming into the article's own country from another is
            # that other country's
            first = next(
                (m for m in self.data["movements"] if m["unit"] in own and not m["from"].startswith("todo-")), None
            )
            if first is None:
                return None
            code, to = self._country_of(first["from"]), self._country_of(first["to"])
            if not code or len(code) != 3 or code == dominant.group(1) or to != dominant.group(1):
                return None
            if _returning(first):
                return None
            return (
                code,
                dominant.group(0),
                f"nation {code}: not stated; the country it leaves from for {to}, the article's own (check)",
            )
        by_words = re.search(r"nation USA from '[^']+' (?:in the name|just before the name) \(check\)", note)
        guess = self._NO_NATION if self._NO_NATION in note else by_words.group(0) if by_words else None
        if guess is None or (by_words is not None and us_named):
            return None
        first = next(
            (m for m in self.data["movements"] if m["unit"] in own and not m["from"].startswith("todo-")), None
        )
        code = self._country_of(first["from"]) if first is not None else None
        if not code or len(code) != 3 or code == "USA" or (first is not None and _returning(first)):
            return None
        if by_words is None:
            return code, guess, f"nation {code}: not stated; the country it leaves from (check)"
        if code != self.rec.dominant_nation:
            return None  # "the 388th Fighter Wing" from a base abroad: the words' usual nation stays
        return (
            code,
            guess,
            f"nation {code}: the country it leaves from and the article's own; the article never names the United "
            "States, whose units such words usually name (check)",
        )

    def _rename_movement(self, m: dict, new_id: str) -> None:
        """A movement's id follows its unit's nation; the sentence index (`moves_of`) follows the id (round 15:
        a renamed movement was lost to the rules that look it up by sentence, such as the origin nearby)."""
        old = m["id"]
        m["id"] = new_id
        for mids in self.moves_of.values():
            mids[:] = [new_id if x == old else x for x in mids]

    def _renation(self, x: dict, code: str, old_words: str, new_words: str, ids: dict[str, str]) -> None:
        was = str(x.get("nation", "")).lower()
        x["nation"] = code
        x["note"] = x["note"].replace(old_words, new_words)
        for c in x.get("citations", []):
            if "note" in c:
                c["note"] = c["note"].replace(old_words, new_words)
        self.unit_nation[x["id"]] = code
        if was and x["id"].startswith(f"{was}-"):
            ids[x["id"]] = self.ids["units"].new(code.lower() + x["id"][len(was) :])
            x["id"] = ids[x["id"]]

    def finish(self) -> Draft:
        self._join_sharper()
        self._join_lead()
        self._nation_from_origin()  # round 12: before the summaries are weighed, which compare nations ...
        self._drop_summaries()
        self._origin_nearby()
        self._leg_before()
        self._carried_troops()
        self._same_day_legs()
        self._place_by_container()
        self._nation_from_origin()  # ... and again for the origins found since (a unit renamed once is kept)
        # A home-station placeholder no movement uses any more (the movement was joined with one that names
        # its origin) is dropped, with its TODO.
        used = {m["from"] for m in self.data["movements"]} | {m["to"] for m in self.data["movements"]}
        used |= {e["place"] for e in self.data["events"]}
        orphans = {pid for key, pid in self.place_by_key.items() if key.startswith("home|") and pid not in used}
        # Round 9: a place the gazetteer cannot locate that no movement, event or unit uses is not written as a
        # record to locate (a curator's edit for nothing the map draws); the draft names it in a warning.
        # the ids records point at: movements' unit and places, events' places, units' parent and home
        pointed = {m[k] for m in self.data["movements"] for k in ("unit", "from", "to")}
        pointed |= {e["place"] for e in self.data["events"]}
        pointed |= {u[k] for u in self.data["units"] for k in ("parent", "home") if u.get(k)}
        unplaced = [
            p
            for p in self.data["places"]
            if p["id"] not in orphans
            and str(p.get("name", "")).startswith(TODO)
            and p["id"] not in used
            and p["id"] not in pointed
        ]
        if unplaced:
            names = ", ".join(p["name"].removeprefix(f"{TODO}: locate ") for p in unplaced)
            self.warnings.append(
                f"Named in the article but not placed (no drafted movement or event uses them and the gazetteer "
                f"does not know where they are): {names}."
            )
        orphans |= {p["id"] for p in unplaced}
        # Round 9: a unit the draft names but nothing moves (a denied move's brigade, one exercising at home) is not
        # written as a record the curator must check or delete; the warning names it (a new user's trial).
        idle = [u for u in self.data["units"] if u["id"] not in pointed]
        if idle:
            self.warnings.append(
                "Named in the article but the mover of no drafted movement (not written as units; a movement may "
                "name the unit by its aircraft or ships instead - add one, with its movement, if the article tells "
                "it): " + ", ".join(u["name"] for u in idle) + "."
            )
            gone = {u["id"] for u in idle}
            self.data["units"] = [u for u in self.data["units"] if u["id"] not in gone]
        self.data["places"] = [p for p in self.data["places"] if p["id"] not in orphans]
        self.todos = [t for t in self.todos if not any(t.startswith(f"place '{pid}'") for pid in orphans)]
        data = {k: v for k, v in self.data.items() if v}
        reused = {k: v for k, v in self.reused.items() if v}
        if self.data["sources"] and self.data["sources"][0]["file"].startswith(TODO):
            self.todos.insert(0, "source file: " + self.data["sources"][0]["file"])
        return Draft(data, self.rec, reused, self.todos, self.warnings, self.mentions)
