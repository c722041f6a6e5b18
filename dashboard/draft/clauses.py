"""Movement clauses from a dependency parse (issue 18, round 5): who moves, from where, to where.

The rule: a movement is a *motion predicate* and its arguments in the parse tree, not words in a window.

* Predicates are found by lemma (:data:`MOTION_LEMMAS`), so inflections, "is being deployed", "will have
  flown" come free; a hyphenated "road-marching" is read by its last part.
* The mover: the passive subject ("soldiers ... are being deployed"); the object of a verb that moves what it
  takes (:data:`TRANSITIVE`: "has airlifted 500 soldiers of X", "will send the brigade"); else the subject
  ("the battalion is flying"). "which"/"who" of a relative clause is the noun it hangs on; a predicate with
  no subject of its own ("are expected to arrive", "left A and headed to B", "troops sent to B") takes its
  head's.
* Places: each place is owned by the nearest motion predicate above it in the tree (else by the predicate of
  its clause); its role is the first *from* or *to* word on the path up from it: *from* / *out of* an origin
  ("from their base in Vicenza" is an origin), *to* / *into* / *for* / *toward* a destination, *in* / *at* a
  destination only of a verb of arriving; the object of *leave* / *depart* is the origin, of *reach* the
  destination. Places in a conjunction ("to Latvia, Lithuania and Estonia") hang on the first.
* Negation: a predicate with a ``neg`` child (or whose governing verb has one: "did not plan to send", "has
  no plans to send"), or
  governed by a claim or denial ("accounts had claimed that soldiers were being flown") moves nothing.

The functions read a parsed sentence through the few attributes of spaCy's ``Token`` they use (``i``, ``idx``,
``text``, ``lemma_``, ``pos_``, ``dep_``, ``head``, ``children``, ``subtree``) and return character offsets
relative to the parsed text; the builder maps them onto the spans the package's recognisers found (units,
places, numbers, dates are never re-recognised here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

Token = Any  # a spaCy Token (typed loosely: spaCy is imported only when an article is drafted)

# motion predicates, by lemma (verbs; "-ing" nouns of them, as the small model sometimes tags "marching")
MOTION_LEMMAS = frozenset(
    {
        "move",
        "deploy",
        "redeploy",
        "fly",
        "sail",
        "steam",
        "travel",
        "drive",
        "march",
        "road-march",
        "airlift",
        "ship",
        "send",
        "dispatch",
        "relocate",
        "shift",  # round 13 (a new user's trial): "shifted around 800 troops ... from A to B"
        "rotate",
        "transfer",
        "transport",
        "ferry",
        "leave",
        "depart",
        "head",
        "arrive",
        "reach",
        "land",
        "return",
        "follow",
        "join",
        "withdraw",
        "reposition",
        "roll",
        "go",
        "cross",
        "escort",
        "accompany",
        "proceed",  # round 7: "before proceeding north to Darwin"
        "continue",  # "is then expected to continue to the Gulf of Aden"
        "due",  # "is due in Harstad on Sunday": an arrival
        "bound",  # "is bound for Duqm"
        "enter",  # "before it enters the Northwest Passage": its object is the destination, as of reach
        "convoy",  # round 8: "will convoy from Camp Mabry in Austin to Eagle Pass"
        "unload",  # round 11: "were unloaded at the port of Constanta after being shipped from Jacksonville"
        "bring",  # round 16: "has been brought back since March from the front near A to its base at B"
        "carry",  # round 16: "Twenty T-72B3 tanks of the brigade were carried by a second train from A to B"
        "load",  # round 16: "They had been loaded aboard a cargo ship at Toulon": where they left
        "embark",
        "entrain",
    }
)
LOADING = frozenset({"load", "embark", "entrain"})  # round 16: "in"/"at" is where they left
# verbs whose object is what moves ("will send the brigade", "has airlifted 500 soldiers")
TRANSITIVE = frozenset(
    {
        "move",
        "deploy",
        "redeploy",
        "fly",
        "airlift",
        "ship",
        "send",
        "dispatch",
        "relocate",
        "shift",  # round 13 (a new user's trial): "shifted around 800 troops ... from A to B"
        "rotate",
        "transfer",
        "transport",
        "ferry",
        "withdraw",
        "reposition",
        "bring",
        "carry",
    }
)
ARRIVING = frozenset({"arrive", "reach", "land", "due", "unload"})
FOLLOWING = frozenset({"follow", "join", "escort", "accompany"})  # no destination of their own: where the force went
# round 6: an escort goes with what it escorts, from where it leaves too ("sailed from Toulon ..., escorted by the
# frigate Forbin"; "200 soldiers are to accompany the systems")
ESCORTING = frozenset({"escort", "accompany"})
_ORIGIN_PREPS = frozenset({"from", "out"})
_DEST_PREPS = frozenset({"to", "into", "for", "toward", "towards", "onto"})
_AT_PREPS = frozenset({"in", "at", "off"})  # round 14: "arrived off Suzu": a ship's arrival
_BASED = frozenset({"base", "station", "garrison", "headquarter", "be", "home"})
_DOUBT = frozenset({"claim", "allege", "rumor", "rumour", "deny", "speculate", "dismiss", "reject"})
# round 8: a movement called off or put back is none ("has postponed the planned dispatch of three warships")
_CALLED_OFF = frozenset({"postpone", "cancel", "scrap", "delay", "suspend", "shelve", "abandon"})
_WAYPOINT = frozenset({"stop", "stopover", "layover", "refuel", "refueling", "refuelling", "stage"})
_RELATIVE = frozenset({"which", "who", "that"})
_SUBJECT_DEPS = ("nsubjpass", "nsubj")


@dataclass(frozen=True)
class Clause:
    """One motion predicate: its word (offsets), the mover's words, and places by role (offsets of the place's
    head word). `lo`/`hi` bound the clause's own words (conjoined clauses left out)."""

    lemma: str
    verb: tuple[int, int]
    mover: tuple[int, int] | None  # the mover phrase (its subtree's first and last character)
    mover_head: int | None  # the mover's head word (character offset)
    origins: tuple[int, ...]  # indices into the places given to find_clauses
    destinations: tuple[int, ...]
    lo: int
    hi: int
    negated: bool
    counts: tuple[int, ...] = ()  # numbers the parse ties to the mover ("to Romania, about 1,000 soldiers")
    name: tuple[int, int] | None = None  # round 7: the mover's own name words, when it may stand as a unit
    pronoun: bool = False  # round 7: the mover is "she", "it", "they": the mover of the sentence before
    part: bool = False  # round 14: ... or a part of it ("Part of them", "around half", "the rest"): no headcount

    @property
    def following(self) -> bool:
        return self.lemma in FOLLOWING

    @property
    def escorting(self) -> bool:
        return self.lemma in ESCORTING


# round 7: what opens a sentence without being part of its grammar - a wire dateline ("FORT BRAGG — ", "CAMP
# LEMONNIER, Djibouti - "), a live blog's time ("16:40 — "), a transcript's speaker ("TOM HALE (CORRESPONDENT): "),
# a heading line above it ("TELEMARK GOES NORTH\n"). The parser reads the sentence after it (the small model
# otherwise takes "BRAGG" for the subject of "flew").
_PREFIX = re.compile(
    r"(?:[^a-z\n]{2,80}\n\s*)*"
    r"(?:[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][\w.'’ ]*)?,?\s*(?:\(?[A-Z][a-z]{2,}\.?\s+\d{1,2}(?:,\s*\d{4})?\)?)?\s*"
    r"(?:\([^)]{1,40}\))?\s*(?:—|–|--|-)\s+"
    r"|\d{1,2}[:.]\d{2}\s*(?:—|–|--|-)\s+"
    # round 15: a Spanish-language agency's opening ("Madrid, 15 Jan (AIN).- ")
    r"|[A-Z][\w'’ -]{1,40},\s+\d{1,2}\s+[A-Z][a-z]{2,}\.?\s+\([A-Z]{2,8}\)\s*\.?\s*-+\s+"
    r"|[A-Z][A-Z.'’ -]{1,40}(?:\s*\([A-Z][A-Z ]{1,30}\))?:\s+)?"
)


def parse_prefix(text: str) -> int:
    """How many characters open the sentence before its grammar starts (see :data:`_PREFIX`); 0 when none do."""
    m = _PREFIX.match(text)
    return m.end() if m is not None and m.end() < len(text) else 0


def shift_clause(c: Clause, k: int, kept: Sequence[int]) -> Clause:
    """A clause found in the sentence's text after its first `k` characters, in offsets of the whole sentence;
    its place indices (into the places given, `kept`) turned back into indices of all the sentence's places."""
    if not k and list(kept) == list(range(len(kept))):
        return c
    return replace(
        c,
        verb=(c.verb[0] + k, c.verb[1] + k),
        mover=(c.mover[0] + k, c.mover[1] + k) if c.mover is not None else None,
        mover_head=c.mover_head + k if c.mover_head is not None else None,
        name=(c.name[0] + k, c.name[1] + k) if c.name is not None else None,
        origins=tuple(kept[j] for j in c.origins),
        destinations=tuple(kept[j] for j in c.destinations),
        lo=c.lo + k,
        hi=c.hi + k,
        counts=tuple(x + k for x in c.counts),
    )


def lemma_of(tok: Token) -> str:
    """The predicate's lemma: spaCy's, lower-cased; "marching" tagged as a noun read as "march"."""
    lemma = str(tok.lemma_).lower()
    if tok.text.lower() in ("due", "bound"):
        return tok.text.lower()
    if tok.text.lower() == "expected" and any(
        c.dep_ == "prep" and c.text.lower() in ("at", "in") and _kids(c, "pobj") for c in tok.children
    ):
        return "due"  # round 16: "left A on Saturday and are expected at B on Thursday": due there
    if lemma == "set" and any(c.dep_ == "prt" and c.text.lower() in ("out", "off") for c in tok.children):
        return "depart"  # round 8: "set out from its barracks in Kayseri", "set off for B"
    if lemma == "take" and any(c.dep_ == "prt" and c.text.lower() == "off" for c in tok.children):
        return "depart"  # round 10: "took off from A on Tuesday morning for B"
    if lemma == "take" and any(c.dep_ == "dobj" and c.text.lower() in ("positions", "position") for c in tok.children):
        return "arrive"  # round 14: "In Tirúa, about 120 marines from A took up positions on Tuesday": arrived there
    if lemma == "take" and any(c.dep_ == "auxpass" for c in tok.children) and _by_way(tok):
        return "transport"  # round 12: "Six X were taken by train from A to B": carried, as "transported"
    if lemma in _CARRY and _objects(tok) and any(c.text.lower() in ("to", "from") for c in _kids(tok, "prep")):
        return "transport"  # round 14: "From there, buses took them to C", "Army trains then hauled them south to C"
    if lemma not in MOTION_LEMMAS and tok.text.lower().endswith("ing"):
        stem = tok.text.lower()[:-3]
        for cand in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem):
            if cand in MOTION_LEMMAS:
                return cand
    return lemma


def _by_way(tok: Token) -> bool:
    """ "taken by train", "taken by road from A": a means of travel, or a place it is taken from or to."""
    for c in tok.children:
        if c.dep_ == "prep" and c.text.lower() in ("from", "to"):
            return True
        if c.dep_ == "agent" and any(g.text.lower() in _MEANS for g in c.children):
            return True
    return False


# round 14: verbs that carry what they move, read as "transport" when they take an object to or from a place
_CARRY = frozenset({"take", "haul", "carry", "bring", "bus", "truck", "ferry", "drive"})
_MEANS = frozenset(
    {
        "train",
        "rail",
        "road",
        "sea",
        "ship",
        "air",
        "truck",
        "trucks",
        "bus",
        "buses",
        "ferry",
        "barge",
        "boat",
        "plane",
    }
)


def is_predicate(tok: Token) -> bool:
    if tok.text.lower() in ("due", "bound"):  # "is due in A", "is bound for A" (round 7): the adjective's clause
        if any(c.dep_ in ("auxpass", "aux", "cop") and c.lemma_ == "be" for c in tok.children):
            return True  # round 8: "the MSDF says it is bound for the waters around B" (a verb with its own "is")
        return tok.dep_ in ("acomp", "amod", "xcomp", "ROOT", "advcl") and tok.head.lemma_ == "be" or tok.dep_ == "ROOT"
    if tok.pos_ == "NOUN" and (not tok.text.lower().endswith("ing") or tok.text.lower() == "crossing"):
        return False  # round 8: "the convoy", "the Öncüpınar border crossing": nouns; "marching" (a verb) is read
    return tok.pos_ in ("VERB", "NOUN", "AUX") and lemma_of(tok) in MOTION_LEMMAS and tok.dep_ != "compound"


def _kids(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


# round 16: "drove north to C on Monday, a journey of about 350 kilometres": the way, not what is carried
_WAY_NOUNS = frozenset(
    {"journey", "trip", "voyage", "distance", "drive", "route", "way", "kilometre", "kilometer", "mile"}
)


def _objects(tok: Token) -> list[Token]:
    """The predicate's direct objects, less the journey it names ("a journey of about 350 kilometres")."""
    return [c for c in _kids(tok, "dobj") if str(c.lemma_).lower() not in _WAY_NOUNS]


def _negated(tok: Token) -> bool:
    """A ``neg`` on the predicate or on the verbs it depends on through xcomp ("did not plan to send"), or a
    claim, rumour or denial governing it ("accounts had claimed that soldiers were being flown"): no fact."""
    t = tok
    for _ in range(4):
        if _kids(t, "neg") or (t.i != tok.i and str(t.lemma_).lower() in _DOUBT | _CALLED_OFF):
            return True
        if any(c.dep_ == "det" and c.text.lower() == "no" for c in t.children):
            return True  # "has no plans to send"
        if t.dep_ not in ("xcomp", "ccomp", "acl", "dobj") or t.head.i == t.i:
            return False
        t = t.head
    return False


_NOUN_CORE = frozenset({"det", "amod", "compound", "nummod", "poss", "quantmod", "nmod"})


def mover_of(tok: Token) -> Token | None:
    """The word that names what moves (see the module's rule)."""
    lemma = lemma_of(tok)
    if lemma in FOLLOWING:  # "followed (joined, escorted) by X": the agent moves
        for agent in _kids(tok, "agent"):
            for obj in _kids(agent, "pobj"):
                return obj
    t = tok
    for _ in range(4):
        passive = _kids(t, "nsubjpass")
        if passive and t.i == tok.i:
            return _antecedent(passive[0], t)
        if t.i == tok.i and lemma in TRANSITIVE:
            obj = _objects(t)
            own = [
                c for c in obj[:1] if any(x.dep_ == "poss" and x.text.lower() in ("its", "their") for x in c.children)
            ]
            subj = _kids(t, *_SUBJECT_DEPS)
            if own and subj:  # "the battalion has moved its tanks from A to B": the battalion moves (round 7)
                return _antecedent(subj[0], t)
            if obj and subj and _own_troops(subj[0], obj[0]):
                return subj[0]  # round 16: "The Kainuu Brigade sent about 600 conscripts from A to B": its own
            if obj:
                return obj[0]
        subj = _kids(t, *_SUBJECT_DEPS)
        if subj:
            return _antecedent(subj[0], t)
        if t.dep_ == "acl":  # "troops sent to Poland", "the brigade deployed to Lithuania"
            return t.head
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.text.lower() == "after" and t.head.head.i != t.head.i:
            # round 8: "arrived at A, after flying from B to C": the arriving verb's mover ("before heading on to
            # B" is the keyword rules' second leg)
            t = t.head.head
            continue
        if t.dep_ in ("xcomp", "conj", "advcl", "acomp") and t.head.i != t.i:
            t = t.head  # "are expected to arrive", "left A and headed to B"
            continue
        return None
    return None


_PRONOUNS = frozenset({"she", "it", "they", "he", "them"})  # "them": the object of a carrying verb (round 14)
# round 14: a part of the mover before, named by no noun of its own ("Part of them continued to C", "around half
# were driven to C", "the rest")
_PART_HEADS = frozenset({"part", "half", "rest", "remainder", "bulk", "most", "some"})
_SUB_HEADS = frozenset({"company", "platoon", "battery", "squadron", "detachment", "element", "section", "troop"})
_PART_OF = frozenset({"first", "last", "some", "most", "part", "all", "half", "rest", "remainder", "bulk"})
_NAME_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "punct", "npadvmod"})
_NOT_UNITS = frozenset({"PERSON", "GPE", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL"})


def is_pronoun(m: Token) -> bool:
    """ "She sailed from A", "it flies from A": the mover is the sentence before's (round 7)."""
    return str(m.pos_) == "PRON" and m.text.lower() in _PRONOUNS


def is_part(m: Token) -> bool:
    """Round 14: "Part of them", "around half", "the rest", "most of those": a part of the sentence before's mover,
    named by no noun of its own."""
    of = [g for c in m.children if c.dep_ == "prep" and c.text.lower() == "of" for g in c.children if g.dep_ == "pobj"]
    if m.text.lower() in _SUB_HEADS and str(m.pos_) == "NOUN":
        # round 15: "One company of them drove on to C": a sub-unit of the mover before, by a pronoun
        if not of and not any(c.dep_ in ("compound", "amod", "prep") for c in m.children):
            # round 16: "Most of the troops were taken to C, while one company went directly to D": a part, by a
            # number word alone
            return any(c.dep_ in ("nummod", "det") and c.text.lower() in ("one", "another") for c in m.children)
        return bool(of) and all(str(g.pos_) == "PRON" for g in of)
    if m.text.lower() not in _PART_HEADS or str(m.pos_) not in ("NOUN", "PRON", "ADJ", "DET"):
        return False
    return all(str(g.pos_) == "PRON" or _the_troops(g) for g in of)


_TROOP_LEMMAS = frozenset(
    {
        "troop",
        "soldier",
        "marine",
        "paratrooper",
        "commando",
        "serviceman",
        "personnel",
        "force",
        "conscript",
        "reservist",
    }
)
# round 16: the heads of a unit's own name ("The Kainuu Brigade sent ..."), not a nation's, a government's or a person's
_FORMATION_HEADS = frozenset(
    {"brigade", "regiment", "battalion", "division", "wing", "corps", "squadron", "command", "group", "flotilla"}
)


def _own_troops(subj: Token, obj: Token) -> bool:
    """Round 16: a formation that sends troops it names by no unit ("The Kainuu Brigade sent about 600 conscripts",
    not "sent 600 soldiers of the 5th Brigade") sends its own: the formation moves."""
    return (
        subj.text.lower() in _FORMATION_HEADS
        and str(subj.pos_) == "PROPN"
        and str(obj.lemma_).lower() in _TROOP_LEMMAS
        and not any(c.dep_ in ("prep", "compound", "amod") and c.text[:1].isupper() for c in obj.children)
        and not any(c.dep_ == "prep" and c.text.lower() in ("of", "from") for c in obj.children)
    )


def _the_troops(g: Token) -> bool:
    """Round 15: "Most of the troops were then taken by road to C": the troops the sentence before moved."""
    return (
        str(g.lemma_).lower() in _TROOP_LEMMAS
        and any(
            c.dep_ in ("det", "poss") and c.text.lower() in ("the", "these", "those", "its", "their")
            for c in g.children
        )
        # round 16: not "Half of the 600 Finnish conscripts who arrived in B": troops the words count and name anew
        and not any(c.dep_ in ("nummod", "relcl", "acl") for c in g.children)
    )


def mover_name(m: Token) -> tuple[int, int] | None:
    """The words that name the mover (round 7), whatever they are: the head noun with the compounds, adjectives
    and possessives before it ("About 100 Philippine marines" -> "Philippine marines"; "The first 250 of an
    expected 2,000 US Marines" -> "US Marines", the noun a part is taken of). None when no noun names it or the
    name is only a person, a nation or a country in the named-entity tags (PERSON, NORP, GPE: "Col. Dizon",
    "the Chinese", "Russia"), or a pronoun (see :func:`is_pronoun`)."""
    n = m
    for _ in range(2):
        if str(n.pos_) == "NUM" or n.text.lower() in _PART_OF:
            of = [
                g
                for c in n.children
                if c.dep_ == "prep" and c.text.lower() == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            if of:
                n = of[0]
                continue
        break
    if str(n.pos_) not in ("NOUN", "PROPN"):
        return None
    words = [n]
    for c in n.lefts:
        if c.dep_ in _NAME_DEPS:
            words.extend(x for x in c.subtree if x.dep_ not in ("det", "nummod", "advmod", "quantmod", "predet"))
    for c in n.rights:  # "Marine Rotational Force - Darwin", "the frigate Forbin"
        if c.dep_ in ("appos", "compound", "flat") and str(c.pos_) == "PROPN" and c.i == n.i + 2 - (c.dep_ != "appos"):
            words.extend(c.subtree)
    words = [w for w in words if not (w.dep_ == "case" and w.head.i == n.i)]
    lo = min(w.i for w in words)
    while lo < n.i and (
        m.doc[lo].dep_ in ("punct", "case", "cc", "det", "nummod", "quantmod", "advmod", "predet")
        or str(m.doc[lo].pos_) in ("NUM", "VERB", "DET", "PRON", "PUNCT")
    ):
        lo += 1  # "an expected 2,000 US Marines" -> "US Marines"
    words = [w for w in m.doc[lo : n.i + 1]] + [w for w in words if w.i > n.i]
    hi = max(w.i for w in words)
    span = m.doc[lo : hi + 1]
    ents = {str(w.ent_type_) for w in span if w.ent_type_}
    if ents and ents <= _NOT_UNITS and all(w.ent_type_ for w in span if str(w.pos_) == "PROPN"):
        if not any(str(w.pos_) == "NOUN" for w in span):
            return None  # "Russia", "the Chinese", "Col. Ramon Dizon": no unit's name
    if n.ent_type_ == "PERSON":
        return None
    return span[0].idx, span[-1].idx + len(span[-1].text)


def _antecedent(subj: Token, verb: Token) -> Token:
    """ "the brigade, which left A": the noun a relative clause's pronoun stands for."""
    if subj.text.lower() in _RELATIVE and verb.dep_ == "relcl":
        return verb.head
    return subj


_POINTING = frozenset({"this", "that", "these", "those"})


def _owner(tok: Token, predicates: Sequence[Token]) -> tuple[Token | None, str | None, set[int]]:
    """The motion predicate above `tok` nearest to it, the preposition on the path that gives the place its
    role, and the words on the path."""
    prep: str | None = None
    based = False  # "stationed at A", "based in A", "which has been in A": where it comes from
    t = tok
    path: set[int] = set()
    prev: Token | None = None
    for _ in range(12):
        path.add(t.i)
        if t.i != tok.i and str(t.lemma_).lower() in _BASED and t.pos_ in ("VERB", "AUX", "NOUN"):
            # round 11: a noun is someone's base only with its owner ("from their base in A"); a base the words
            # name or point at ("landed at Graf Ignatievo air base in Bulgaria", "at this base in western
            # England") is the place, and the place after it only says where that base lies
            if t.pos_ != "NOUN" or any(c.dep_ == "poss" for c in t.children):
                based = True
            elif (
                prev is not None
                and prev.dep_ == "prep"
                and any(
                    (c.dep_ == "compound" and c.pos_ == "PROPN") or (c.dep_ == "det" and c.text.lower() in _POINTING)
                    for c in t.children
                )
            ):
                return None, None, path
        if t.i != tok.i and str(t.lemma_).lower() in _WAYPOINT and t.pos_ in ("VERB", "NOUN"):
            return None, None, path  # round 11: "flew in from A, with stops in Hawaii and Guam": not where it went
        word = t.text.lower() if t.dep_ in ("prep", "prt") else None
        if word == "to" and t.head.text.lower() == "according":
            return None, None, path  # round 8: "according to reporting in the Yaeyama Mainichi": a source
        # the first "from"/"to" word above the place decides ("deployed to the air base from Fort Campbell": an
        # origin; "from Melsbroek to Šiauliai" with "to" hung on Melsbroek: a destination); "in"/"at" only when
        # none does ("from their base in Vicenza" is an origin); "of" says nothing ("soldiers of X from A")
        if prep not in _ORIGIN_PREPS | _DEST_PREPS and (word in _ORIGIN_PREPS | _DEST_PREPS | _AT_PREPS):
            prep = word
        h = t.head
        if h.i == t.i:
            return None, prep, path
        owner = next((p for p in predicates if p.i == h.i), None)
        if owner is None and h.pos_ in ("AUX", "VERB"):
            # "is road-marching from A ... to B" parsed with "marching" as the complement of "is"
            owner = next((p for p in predicates if p.head.i == h.i and p.dep_ in ("acomp", "xcomp")), None)
        if owner is not None:
            if based and prep in _AT_PREPS:
                return owner, "from", path
            return owner, prep if prep is not None else _direct_role(t), path
        prev, t = t, h
    return None, prep, path


def _direct_role(t: Token) -> str | None:
    """A place with no preposition on its way to the predicate: the object of leave/reach, or "to Tapa" parsed
    as a clause ("to" an auxiliary)."""
    if t.dep_ in ("dobj", "npadvmod"):
        return "dobj"
    if any(c.dep_ == "aux" and c.text.lower() == "to" for c in t.children):
        return "to"
    return None


def clause_words(tok: Token) -> tuple[int, int]:
    """First and last character of the predicate's own clause: its subtree without conjoined or subordinate
    motion clauses."""
    skip: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("conj", "advcl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX"):
            skip.update(x.i for x in c.subtree)
    words = [x for x in tok.subtree if x.i not in skip]
    return min(x.idx for x in words), max(x.idx + len(x.text) for x in words)


def span_head(toks: Sequence[Token], lo: int, hi: int) -> Token | None:
    """The word of the characters lo..hi whose head lies outside them (the phrase's head), if any word is there."""
    inside = [t for t in toks if lo <= t.idx < hi]
    for t in inside:
        if not (lo <= t.head.idx < hi) or t.head.i == t.i:
            return t
    return inside[0] if inside else None


def _count_of(noun: Token, pred: Token, mover: Token | None) -> bool:
    """A counted noun that stands beside the clause as its mover's size: "(is road-marching ...), about 1,000
    soldiers" (an attribute or apposition of the predicate, of the verb it completes, of the mover, or of a
    place the predicate governs). Only counts of troops become a strength (the builder checks)."""
    if noun.dep_ not in ("attr", "appos", "npadvmod") or noun.text.lower() in _MEASURES:
        return False  # round 14: "taken by bus to C, some 150 km to the east": a distance, no count
    h = noun.head
    if noun.dep_ == "appos" and h.dep_ == "pobj" and h.head.head.i == pred.i:
        return True  # "to Hungary, about 800 soldiers": no place is counted in soldiers
    return (
        h.i == pred.i
        or (pred.dep_ in ("acomp", "xcomp") and h.i == pred.head.i)
        or (mover is not None and h.i == mover.i)
    )


_MEASURES = frozenset(
    {"km", "kilometres", "kilometers", "miles", "mi", "metres", "meters", "hours", "days", "weeks", "minutes", "nm"}
)


Roles = dict[int, tuple[list[int], list[int]]]  # predicate index -> (origins, destinations): place indices


_FACILITIES = frozenset(
    {"base", "airport", "airfield", "camp", "range", "area", "barracks", "station", "port", "harbour", "harbor"}
    | {"garrison", "field", "site", "ground", "grounds", "depot", "center", "centre", "facility", "school"}
)


def _facility_role(head: Token) -> str | None:
    """Round 14: "to the German army helicopter base at Faßberg", "from the naval base at A": the place of a facility
    gone to or left has the facility's role ("to"/"from")."""
    at = head.head
    if at.dep_ != "prep" or at.text.lower() not in _AT_PREPS:
        return None
    noun = at.head
    if noun.dep_ != "pobj" and at.i > 0:
        noun = at.doc[at.i - 1]  # "flew ... to the helicopter base at Faßberg": the parse hangs "at" on the verb
    if noun.dep_ != "pobj" or str(noun.lemma_).lower() not in _FACILITIES:
        return None
    outer = noun.head.text.lower()
    return outer if outer in _DEST_PREPS | _ORIGIN_PREPS else None


def place_roles(
    toks: Sequence[Token],
    predicates: Sequence[Token],
    movers: dict[int, Token | None],
    places: Sequence[tuple[int, int, str | None]],
) -> Roles:
    """Each place's owner predicate and role (see the module's rule)."""
    by_pred: Roles = {p.i: ([], []) for p in predicates}
    said_from: set[int] = set()
    for k, (lo, hi, seen_prep) in enumerate(places):
        head = span_head(toks, lo, hi)
        owner, prep, path = _owner(head, predicates) if head is not None else (None, None, set())
        if owner is None:
            continue
        lemma = lemma_of(owner)
        role = prep or seen_prep
        if seen_prep == "from" and prep in _AT_PREPS:
            role = "from"  # round 14: "from here at A", "from their base in A": the recogniser saw where it left
        elif role in _AT_PREPS and head is not None:
            role = _facility_role(head) or role
        origins, dests = by_pred[owner.i]
        mover = movers[owner.i]
        if lemma in LOADING and role in _DEST_PREPS | _AT_PREPS:
            role = "from"  # round 16: "loaded onto a train at A", "embarked at A": where they left
        if role in _ORIGIN_PREPS or (role == "dobj" and lemma in ("leave", "depart")):
            # an origin said with "from" comes before one read from the mover's own words (round 7: "250 Marines
            # in the Marine Rotational Force - Darwin have arrived ... from Marine Corps Base Hawaii")
            origins.insert(sum(1 for j in origins if j in said_from), k)
            said_from.add(k)
        elif role in _DEST_PREPS or (
            role == "dobj"
            and (
                lemma in ("reach", "enter") or any(c.dep_ == "prt" and c.text.lower() == "off" for c in owner.children)
            )
        ):  # round 14: "arrived off Suzu" (the parse reads "off" as a particle and the place as its object)
            dests.append(k)
        elif mover is not None and mover.i in path:
            # "in"/"at" a place in the mover's own words ("the helicopters, which had been in an exercise at A"):
            # where it was, never where it goes
            if role in _AT_PREPS:
                origins.append(k)
        elif role in _AT_PREPS and lemma in ARRIVING | FOLLOWING:
            # not "from RAF Brize Norton in Oxfordshire": where the origin lies (a place right after it)
            if not any(0 <= lo - places[j][1] <= 4 for j in origins):
                dests.append(k)
    return by_pred


def _unloaded_then_moved(predicates: Sequence[Token], movers: dict[int, Token | None], by_pred: Roles) -> None:
    """Round 11: "14 Abrams tanks, unloaded at the port of A on Friday, were moved by rail to B": unloaded at A, then
    moved on - A is where the move starts, not a journey's end."""
    for p in predicates:
        m = movers[p.i]
        if lemma_of(p) != "unload" or m is None or by_pred[p.i][0] or not by_pred[p.i][1]:
            continue
        for q in predicates:
            mq = movers[q.i]
            if q.i != p.i and mq is not None and mq.i == m.i and by_pred[q.i][1] and not by_pred[q.i][0]:
                by_pred[q.i][0].extend(by_pred[p.i][1])
                by_pred[p.i][1].clear()
                break


def _participle_origin(predicates: Sequence[Token], by_pred: Roles) -> None:
    """Round 15: "arrived in B, R, transported from A aboard six aircraft": a participle hung on the destination (or
    the verb) with an origin and no destination of its own tells where the arrival started."""
    for q in predicates:
        if q.tag_ != "VBN" or q.dep_ not in ("acl", "advcl") or not by_pred[q.i][0] or by_pred[q.i][1]:
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in q.children):
            continue
        p = next((a for a in q.ancestors if a.i in by_pred), None)
        if p is None or by_pred[p.i][0] or not by_pred[p.i][1]:
            continue
        by_pred[p.i][0].extend(by_pred[q.i][0])
        by_pred[q.i][0].clear()


def _crossing_on_the_way(predicates: Sequence[Token], movers: dict[int, Token | None], by_pred: Roles) -> None:
    """Round 15: "left A, crossed into R at P and reached B": the crossing is a waypoint of the journey to B."""
    for p in predicates:
        m = movers[p.i]
        if lemma_of(p) != "cross" or not by_pred[p.i][1] or m is None:
            continue
        later = [
            q for q in predicates if q.i > p.i and by_pred[q.i][1] and (mq := movers[q.i]) is not None and mq.i == m.i
        ]
        if later and (p.dep_ == "conj" or any(q.dep_ == "conj" for q in later)):
            by_pred[p.i][1].clear()


def one_journey(predicates: Sequence[Token], movers: dict[int, Token | None], by_pred: Roles) -> None:
    """Predicates of one mover, read as one journey (updates `by_pred`).

    * "cross from A ... and head to B", "which had been flying from A, will relocate to B", "joined by a company
      flying in from A": a clause with no origin takes the origin of another clause of the same mover (or of a
      noun inside it: "a company of 200 troops, which crossed from A") that has no destination;
    * "flew into A from C and travelled on to B", "crossed into A, heading for B": a conjoined (or adverbial)
      predicate of the same mover is the same journey, drafted once (to the first destination; the keyword
      rules' second legs are "then on to B").
    """
    for p in predicates:
        m = movers[p.i]
        origins = by_pred[p.i][0]
        if m is None or origins:
            continue
        for q in predicates:
            mq = movers[q.i]
            same = mq is not None and (mq.i == m.i or any(a.i == m.i for a in mq.ancestors))
            if q.i != p.i and same and by_pred[q.i][0] and not by_pred[q.i][1]:
                origins.extend(by_pred[q.i][0])
                break
    _unloaded_then_moved(predicates, movers, by_pred)
    _crossing_on_the_way(predicates, movers, by_pred)
    for p in predicates:
        # round 8: "arrived at B yesterday, after flying from A to C" - the participle tells the first leg (A to
        # C); the arrival at B, with no origin of its own, is the leg after it (C to B)
        if lemma_of(p) not in ARRIVING or by_pred[p.i][0]:
            continue
        for q in predicates:
            if (
                q.dep_ == "pcomp"
                and q.head.head.i == p.i
                and q.head.text.lower() == "after"
                and by_pred[q.i][0]
                and by_pred[q.i][1]
            ):
                if by_pred[p.i][1] and by_pred[q.i][1][-1] not in by_pred[p.i][1]:
                    by_pred[p.i][0].append(by_pred[q.i][1][-1])
    _participle_origin(predicates, by_pred)
    for p in predicates:
        h = p.head
        if p.dep_ not in ("conj", "advcl") or h.i not in by_pred or by_pred[p.i][0] or not by_pred[h.i][1]:
            continue
        mp, mh = movers[p.i], movers[h.i]
        if mp is not None and mh is not None and mp.i == mh.i:
            by_pred[p.i][1].clear()


def find_clauses(tokens: Iterable[Token], places: Sequence[tuple[int, int, str | None]]) -> list[Clause]:
    """The motion clauses of one parsed sentence. `places` are the recognised places (start, end, and the
    preposition the recogniser saw before it, a fallback role), in characters of the parsed text; a clause's
    origins and destinations are indices into `places`."""
    toks = list(tokens)
    predicates = [t for t in toks if is_predicate(t)]
    movers = {p.i: mover_of(p) for p in predicates}
    by_pred = place_roles(toks, predicates, movers, places)
    one_journey(predicates, movers, by_pred)
    out = []
    for p in predicates:
        origins, dests = by_pred[p.i]
        m = movers[p.i]
        lo, hi = clause_words(p)
        mover = None
        if m is not None:
            sub = [x for x in m.subtree if not (x.dep_ == "relcl" or any(a.dep_ == "relcl" for a in x.ancestors))]
            if p.dep_ == "acl" and p.head.i == m.i:
                # round 16: "From Craiova, the paratroopers travelled by bus to C" parsed as a noun phrase (the verb
                # an acl of the noun): the mover is the noun's own words, not the phrase around it
                sub = [m] + [
                    x
                    for c in m.children
                    if c.dep_ in _NOUN_CORE or (c.dep_ == "prep" and c.text.lower() == "of" and c.i > m.i)
                    for x in c.subtree
                ]
            sub = sub or [m]
            mover = (min(x.idx for x in sub), max(x.idx + len(x.text) for x in sub))
            lo, hi = min(lo, mover[0]), max(hi, mover[1])
        counted = [x for x in toks if x.dep_ == "nummod" and _count_of(x.head, p, m)]
        counts = tuple(x.idx for x in counted)
        if counted:
            lo, hi = min(lo, *(x.idx for x in counted)), max(hi, *(x.head.idx + len(x.head.text) for x in counted))
        out.append(
            Clause(
                name=mover_name(m) if m is not None and not is_pronoun(m) and not is_part(m) else None,
                pronoun=m is not None and (is_pronoun(m) or is_part(m)),
                part=m is not None and is_part(m),
                counts=counts,
                lemma=lemma_of(p),
                verb=(p.idx, p.idx + len(p.text)),
                mover=mover,
                mover_head=m.idx if m is not None else None,
                origins=tuple(origins),
                destinations=tuple(dests),
                lo=lo,
                hi=hi,
                negated=_negated(p),
            )
        )
    # round 8: legs in the order travelled - a clause leaving from where a later clause arrives goes after it
    # ("arrived at B, after flying from A to C": A to C, then C to B)
    for _ in range(len(out)):
        moved = False
        for a in range(len(out)):
            later = [b for b in range(a + 1, len(out)) if set(out[a].origins) & set(out[b].destinations)]
            if later:
                out.insert(later[-1], out.pop(a))
                moved = True
                break
        if not moved:
            break
    return out
