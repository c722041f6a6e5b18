"""From what was recognised to a draft dataset: records with verbatim quotes, reused ids, TODOs for what
the article does not settle (`make_draft`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dashboard.core.loader import LoadedDataset
from dashboard.core.model import TEMPLATE_SYNTAX
from dashboard.draft.gazetteer import (
    Gazetteer,
    default_gazetteer,
    fold,
    slug,
)
from dashboard.draft.recognise import (
    ARRIVE_RX,
    EVENT_NOUN_RX,
    EVENT_VERB_RX,
    MOVE_RX,
    QUALIFIER,
    QUALIFIER_STOP,
    TROOPS_RX,
    nation_before,
    recognise,
)
from dashboard.draft.text import TODO, Sentence, Span, article_date
from dashboard.draft.values import Known, PlaceRef, Recognised, UnitRef, unit_key
from dashboard.draft.words import NATION_WORDS

# A denial, refusal or rumour before the movement verb: no movement is drafted from it.
_BASED = re.compile(r"\b(?:based|stationed|garrisoned|headquartered|(?:home\s+)?base|home)\s+(?:in|at)\s+(?:the\s+)?$")
_TO_BE_BASED = re.compile(r"\b(?:will|to|would)\s+be\s+(?:based|stationed)\s+(?:in|at)\s+(?:the\s+)?$")
_SPEAKER = re.compile(r"\s+(?:said|says|announced|confirmed|reported|told)\b")
_LEFT = re.compile(r"\b(?:depart(?:s|ed|ing)?|left|leaves|leaving)\s+(?:the\s+)?$")
_NEGATION = re.compile(
    r"\b(?:no\s+(?:new\s+)?(?:plans?|intention|deployments?)|not|never|denied|denies|deny|rul(?:ed|es)\s+out|"
    r"no\s+such|claimed|claims\s+that|rumou?rs?|false)\b|n['’]t\b",
    re.IGNORECASE,
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
    b = _Builder(text, d0, rec, gaz, kn)
    b.source(source_id, title, publisher, url, source_file)
    for s in rec.sentences:
        if TEMPLATE_SYNTAX.search(s.text):
            b.warnings.append(
                f"sentence {s.index + 1} holds template syntax ('{{{{', '{{%' or '{{#'), which the "
                "dataset refuses; nothing was drafted from it"
            )
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

        first = next((x.quote for x in self.sentences if not TEMPLATE_SYNTAX.search(x.text)), "Untitled article")
        auto_title = title is None
        if title is None:
            title = first if len(first) <= 200 else first[:199].rsplit(" ", 1)[0] + "…"
        sid = self.ids["sources"].new(source_id or f"src-{self.d0.isoformat()}-{slug(title, 40)}")
        self.src_id = sid
        notes = [f"Drafted by `python -m dashboard draft` on the article dated {self.d0.isoformat()}."]
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
            name = f"{TODO}: locate {hit.name}" if hit.todo and not hit.name.startswith(TODO) else hit.name
            pid = self.ids["places"].new(("todo-" if hit.todo else "") + slug(ref.written or hit.name))
            self.place_by_key[key] = pid
            self.data["places"].append(
                {
                    "id": pid,
                    "name": name,
                    "country": hit.country,
                    "lat": hit.lat,
                    "lon": hit.lon,
                    "note": hit.note,
                    "citations": self.cite(s),
                }
            )
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
                    "citations": self.cite(s),
                }
            )
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
            rec["citations"] = self.cite(s)
            self.data["units"].append(rec)
            self.unit_nation[uid] = ref.nation
        self.mentions["units"].append((span_text, uid))
        return uid

    def generic_unit(self, nation: str, s: Sentence, why: str) -> str:
        key = f"generic|{nation}"
        uid = self.unit_by_key.get(key)
        if uid is None:
            adjective = {
                v: k for k, v in NATION_WORDS.items() if k[0].isupper() and k.endswith(("an", "sh", "ch", "se", "ek"))
            }
            word = adjective.get(nation, self.gaz.country_name(nation))
            uid = self.ids["units"].new(f"{nation.lower()}-forces")
            self.unit_by_key[key] = uid
            self.data["units"].append(
                {
                    "id": uid,
                    "name": f"{word} forces (no unit named)",
                    "nation": nation,
                    "branch": "other",
                    "echelon": "group",
                    "note": f"Drafted from the article, which names no unit: {why}. Branch 'other' and echelon 'group' "
                    "are placeholders - name the unit if another source does.",
                    "citations": self.cite(s),
                }
            )
            self.unit_nation[uid] = nation
        return uid

    # ---------------------------------------------------------------- sentences
    def sentence(self, s: Sentence) -> None:
        place_ids: dict[int, str] = {}
        for sp in s.places:
            place_ids[sp.start] = self.place(sp.value, s)
        top_units = [
            u
            for u in s.units
            if not any(
                o is not u and o.start <= u.start and u.end <= o.end and (o.end - o.start) > (u.end - u.start)
                for o in s.units
            )
        ]
        unit_ids: dict[int, str] = {}
        for sp in sorted(s.units, key=lambda x: (x.value.parent is not None, x.start)):
            unit_ids[id(sp)] = self.unit(sp.value, s, sp.text)
        moved = self.movements(s, top_units, unit_ids, place_ids)
        if not moved:
            self.event(s, place_ids)

    def _dest_origin(
        self, s: Sentence, lo: int, hi: int, trigger: re.Match | None, place_ids: dict[int, str]
    ) -> tuple[Span | None, Span | None]:
        """Destination (after the movement verb: 'to X', or 'in X' after 'arrived') and origin ('from X')."""
        tpos = trigger.end() if trigger else lo
        arriving = bool(trigger and ARRIVE_RX.match(trigger.group(0)))
        origin = None
        strong: list[Span] = []
        weak: list[Span] = []
        for sp in s.places:
            if not (lo <= sp.start < hi) or sp.value.qualifier:
                continue
            prep = sp.value.prep
            before = self.text[max(s.start, sp.start - 40) : sp.start]
            based = bool(_BASED.search(before)) or (sp.start < tpos and self._at_unit(s, sp))
            if _TO_BE_BASED.search(before):
                based = False  # "will be based at A": where it goes
            if (prep == "from" or based or _LEFT.search(before)) and origin is None:
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
            if len(gap) > 40 or re.search(r"[,;:]", gap):
                origin = None
        return dest, origin

    def _at_unit(self, s: Sentence, sp: Span) -> bool:
        """A place right after a unit's name, before the verb: its home ("the 510th Fighter Squadron at Aviano")."""
        return any(re.fullmatch(r"\s+(?:at|in)\s+(?:the\s+)?", self.text[u.end : sp.start]) for u in s.units)

    def _unit_verb(
        self, s: Sentence, u: Span, lo: int, hi: int, trig_all: list[re.Match], place_ids: dict[int, str]
    ) -> tuple[Span | None, Span | None, re.Match | None]:
        """(destination, origin, verb) of a unit: its own verb (after it) first; else the verb that moves it
        ("will send the 3rd BCT to"), first when 'from'/'to' follow the name ("is moving 20 helicopters from A")."""
        after = [t for t in trig_all if u.end <= t.start() < hi]
        before = [t for t in trig_all if lo <= t.start() < u.start]
        cands = after[:1] + before[::-1]
        if before and re.match(r"\s*,?\s*(?:from|to)\s", self.text[u.end : hi]):
            cands = before[::-1] + after[:1]  # "is moving 20 helicopters from A to B, ... as NATO reinforces"
        for cand in cands + [t for t in trig_all if t.start() >= hi][:1]:
            dest, origin = self._dest_origin(s, lo, hi if cand.start() < hi else s.end, cand, place_ids)
            if dest is not None:
                return dest, origin, cand
        return None, None, None

    def movements(
        self, s: Sentence, top_units: list[Span], unit_ids: dict[int, str], place_ids: dict[int, str]
    ) -> bool:
        trig_all = list(MOVE_RX.finditer(self.text, s.start, s.end))
        if not trig_all:
            return False
        made = False
        if top_units:
            for k, u in enumerate(top_units):
                # A unit's words: from the clause it opens (after the previous unit's predicate) to the next unit.
                if k == 0:
                    lo = s.start
                else:
                    cuts = [
                        m.end()
                        for m in re.finditer(r",|;|\band\b|\bwhile\b", self.text[top_units[k - 1].end : u.start])
                    ]
                    lo = top_units[k - 1].end + cuts[-1] if cuts else u.start
                hi = top_units[k + 1].start if k + 1 < len(top_units) else s.end
                if _SPEAKER.match(self.text, u.end, s.end):
                    continue  # "..., the Marine Corps said": who reports it, not what moves
                dest, origin, trig = self._unit_verb(s, u, lo, hi, trig_all, place_ids)
                if dest is None or trig is None or self._denied(s, lo, trig):
                    continue
                for d, extra in self._each_destination(s, dest, hi):
                    self.add_movement(
                        s, unit_ids[id(u)], u.value, d, origin, lo, hi, trig, place_ids, len(top_units), extra
                    )
                made = True
            return made
        # No unit named: "British troops will be sent to Estonia".
        troops = TROOPS_RX.search(s.text)
        if troops is None:
            return False
        trig = trig_all[0]
        dest, origin = self._dest_origin(s, s.start, s.end, trig, place_ids)
        if dest is None:
            return False
        nation = nation_before(self.text, s.start, s.start + troops.end(), self.gaz)
        if nation is None:
            nat = self.rec.dominant_nation or "USA"
            nation = (nat, f"nation {nat}: not stated; the article's dominant nation (check)")
        dest_id = place_ids[dest.start]
        for m in self.data["movements"]:
            if m["to"] == dest_id and self.unit_nation.get(m["unit"]) == nation[0]:
                return False  # the named unit's movement already says it
        if self._denied(s, s.start, trig):
            return False
        uid = self.generic_unit(nation[0], s, nation[1])
        for d, extra in self._each_destination(s, dest, s.end):
            self.add_movement(s, uid, None, d, origin, s.start, s.end, trig, place_ids, 0, extra)
        return True

    def _denied(self, s: Sentence, lo: int, trig: re.Match) -> bool:
        """A denial, a refusal or a rumour is no movement: "has no plans to send", "denied reports that ..."."""
        return bool(_NEGATION.search(self.text, max(s.start, min(lo, trig.start())), trig.end()))

    def _each_destination(self, s: Sentence, dest: Span, hi: int) -> list[tuple[Span, list[str]]]:
        """A list of destinations ("to Latvia, Lithuania and Estonia"): one movement to each, said in the note."""
        dests = [dest]
        for sp in s.places:
            if sp.start <= dests[-1].start or sp.start >= hi:
                continue
            if sp.value.qualifier and not (dests[-1].value.hit.kind == sp.value.hit.kind == "country"):
                continue  # "Rukla, Lithuania": the country of the place before; "Latvia, Lithuania": a list
            gap = self.text[dests[-1].end : sp.start]
            if not re.fullmatch(
                r"(?:,\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?)?(?:,\s*|,?\s+and\s+)(?:(?:others|some)\s+(?:to\s+)?)?(?:the\s+)?",
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
        if u.end <= n.start and re.search(r",\s+with\s+(?:[a-z]+\s+){0,2}$", gap):
            return True  # "..., will be sent to Hohenfels, Germany, with about 500 soldiers"
        return not re.search(r"[;:]|,\s|\s[-–—]\s", gap)

    def add_movement(  # noqa: C901 (one check per movement field; reworked with the drafting rules (issue 18))
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
    ) -> None:
        notes: list[str] = list(extra or [])
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
                name = (
                    uref.name if uref else next(u["name"].split(" (")[0] for u in self.data["units"] if u["id"] == uid)
                )
                code = uref.nation if uref else self.unit_nation.get(uid, "USA")
                from_id = self.todo_place(
                    f"home|{uid}", f"home station of {name}", code, "the article does not say where it came from", s
                )
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
                    notes.append(
                        f"Strength: '{troop_nums[0].value.phrase}' from the next sentence "
                        "(check that it is this force)."
                    )
        # dates
        dates = [d for d in s.dates if lo <= d.start < hi] or list(s.dates)
        modal = re.search(r"\b(?:could|might|may|would|consider(?:s|ing)?|if)\b", self.text[lo:hi], re.IGNORECASE)
        fraction = re.search(
            r"\b(?:about\s+|roughly\s+|nearly\s+|some\s+|more\s+than\s+)?(?P<f>half|a\s+third|"
            r"a\s+quarter|two[- ]thirds)\b[^.;]{0,30}?\b(?:have|has)\s+(?:now\s+|already\s+)?"
            r"(?:arrived|landed)",
            self.text[lo:hi],
        )
        unit_name = uref.name if uref else "forces"
        base_id = f"m-{slug(uid, 40)}-{slug(from_id, 20)}-{slug(to_id, 20)}"
        if fraction and strength:
            frac = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25, "two-thirds": 2 / 3, "two thirds": 2 / 3}[
                " ".join(fraction.group("f").split())
            ]
            here = int(round(strength * frac))
            now = next((d for d in dates if d.value.date == self.d0 and d.start >= lo + fraction.start()), None)
            later = next((d for d in dates if d.value.date > self.d0), None)
            q = fraction.group(0)
            self.push_movement(
                base_id + "-arrived",
                uid,
                from_id,
                to_id,
                self.d0,
                self.d0,
                here,
                "estimated",
                f"{unit_name}: the part already arrived.",
                notes
                + [
                    f"Strength: '{q}' of {strength:,} = {here:,}.",
                    f"Arrived by the article's date {self.d0.isoformat()}"
                    + (f" ('{now.text}')" if now else "")
                    + "; departure is not reported and is set to the arrival date (estimated).",
                ],
                cites,
            )
            rest_notes = notes + [f"Strength: the rest of {strength:,} after '{q}' = {strength - here:,}."]
            arrive = None
            conf = "estimated"
            if later is not None:
                arrive = later.value.date
                rest_notes.append(f"Arrival: {later.value.why} (estimated).")
            else:
                rest_notes.append("Arrival: not reported.")
            rest_notes.append(f"Departure: under way on the article's date {self.d0.isoformat()} (estimated).")
            self.push_movement(
                base_id + "-rest",
                uid,
                from_id,
                to_id,
                self.d0,
                arrive,
                strength - here,
                conf,
                f"{unit_name}: the rest, still to arrive.",
                rest_notes,
                cites,
            )
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
        trigs = [(m.start(), bool(ARRIVE_RX.match(m.group(0)))) for m in MOVE_RX.finditer(self.text, lo, hi)]
        dep = arr = None
        for d in dates:
            if ARRIVE_RX.search(d.text):
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

    def push_movement(
        self, base_id, uid, from_id, to_id, depart, arrive, strength, confidence, description, notes, cites
    ) -> None:
        arrive_s = max(arrive, depart).isoformat() if arrive is not None else None
        for m in self.data["movements"]:  # the same movement reported again: one record, both sentences cited
            if (m["unit"], m["from"], m["to"], m["depart"], m.get("arrive"), m.get("strength")) == (
                uid,
                from_id,
                to_id,
                depart.isoformat(),
                arrive_s,
                strength,
            ):
                m["citations"] += [c for c in self.cite(*cites) if c not in m["citations"]]
                return
        rec: dict[str, Any] = {
            "id": self.ids["movements"].new(base_id),
            "unit": uid,
            "from": from_id,
            "to": to_id,
            "depart": depart.isoformat(),
        }
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
        for kw, place in pairs:
            notes = []
            if place is not None:
                pid = place_ids[place.start]
            else:
                pid = self.todo_place(
                    f"event|{s.index}",
                    f"place of the {kw.group('kw').lower()} in sentence {s.index + 1}",
                    self.rec.dominant_nation or "USA",
                    "the article does not say where",
                    s,
                )
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
            same = next(
                (e for e in self.data["events"] if (e["place"], e["date"], e["name"]) == (pid, date.isoformat(), name)),
                None,
            )
            if same is not None:
                same["citations"] += [c for c in self.cite(s) if c not in same["citations"]]
                continue
            self.data["events"].append(
                {
                    "id": self.ids["events"].new("ev-" + slug(name, 60)),
                    "name": name,
                    "date": date.isoformat(),
                    "place": pid,
                    "note": "Drafted from the article. " + " ".join(notes),
                    "citations": self.cite(s),
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

    def finish(self) -> Draft:
        data = {k: v for k, v in self.data.items() if v}
        reused = {k: v for k, v in self.reused.items() if v}
        if self.data["sources"] and self.data["sources"][0]["file"].startswith(TODO):
            self.todos.insert(0, "source file: " + self.data["sources"][0]["file"])
        return Draft(data, self.rec, reused, self.todos, self.warnings, self.mentions)
