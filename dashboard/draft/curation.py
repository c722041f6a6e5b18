"""Pure helpers behind the curation page: highlight what the draft assistant
recognised, and check a draft together with the dataset it extends.

A draft is checked by mirroring the existing dataset (its YAML files and the
files they reference, at the same relative places) into a scratch folder,
adding the draft beside them, and loading that with the ordinary validator.
The curated dataset itself is never written to.

`uncovered_movement_sentences` points the curator at what the draft may have missed: sentences that read like a
movement (a motion predicate, as the draft's parser reads them) and name a unit, number or place, but that no drafted
movement or event quotes.

The draft's preview map opens on the latest date the draft's own movements and events report
(`preview_date`), not the dataset's default date, so what the draft adds is shown as the sources put it.
It draws the draft alone (`preview_subject`): the draft is checked with the whole dataset, but the map shows
only its own movements, events, areas and units (and the other movements of the units it moves), so the view
fits the draft's places and no record of another story is drawn at the draft's dates as if it were current.

What backs each field (`field_backing_rows`, grouped by `backing_groups`, drawn by `backing_html`) covers the
drafted units (name, parent, nation, branch, echelon) as well as the movements' and events' claims, so a unit's
nation or parent can be checked against the quote naming it. The draft is downloaded only once it validates
with the dataset (`download_refusal` says why not): a dataset that validates must export, and an invalid one is
never downloaded unknowingly.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import html
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dashboard.core.checks import TODO_MARK
from dashboard.core.loader import LoadedDataset, dataset_files, load_dataset
from dashboard.core.plural import counted
from dashboard.core.problems import DatasetError, Problem
from dashboard.draft.clauses import MOTION_LEMMAS, is_predicate, parse_prefix
from dashboard.draft.gazetteer import fold
from dashboard.draft.parser import parser
from dashboard.draft.recognise import MOTION_WORDS_RX, MOVE_RX

DRAFT_NAME = "zz-draft.yaml"
KIND_STYLE = {
    "place": "background:#d6ecff;border-bottom:2px solid #1f6fd1",
    "unit": "background:#ffe2c2;border-bottom:2px solid #e07b00",
    "number": "background:#e3f5d8;border-bottom:2px solid #2e9e44",
    "date": "background:#f1dcf5;border-bottom:2px solid #6a3d9a",
}


def highlight_html(sentences) -> str:
    """The article's sentences as escaped HTML with recognised spans marked (title = what was recognised)."""
    parts = ['<div style="line-height:1.7;font-size:15px">']
    for s in sentences:
        pos = s.start
        out = []
        for span in sorted(s.spans, key=lambda x: x.start):
            if span.start < pos:
                continue
            out.append(html.escape(s.text[pos - s.start : span.start - s.start]))
            out.append(
                f'<mark style="{KIND_STYLE.get(span.kind, "")};padding:0 2px;border-radius:3px" '
                f'title="{html.escape(span.kind + ": " + span.label, quote=True)}">'
                f"{html.escape(s.text[span.start - s.start : span.end - s.start])}</mark>"
            )
            pos = span.end
        out.append(html.escape(s.text[pos - s.start :]))
        parts.append(f'<p><span style="color:#8895a1;font-size:12px">{s.index + 1}.</span> {"".join(out)}</p>')
    parts.append("</div>")
    return "".join(parts)


def legend_html() -> str:
    return " ".join(
        f'<mark style="{style};padding:0 4px;border-radius:3px">{kind}</mark>' for kind, style in KIND_STYLE.items()
    )


@dataclass
class DraftCheck:
    """The validator's verdict on existing dataset + draft."""

    problems: list[Problem] = field(default_factory=list)
    loaded: LoadedDataset | None = None

    @property
    def todos(self) -> list[Problem]:
        return [p for p in self.problems if p.todo]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.todo]


def mirror_dataset(existing: LoadedDataset, dest: Path) -> Path:
    """Copy the dataset's YAML files and the files they reference into `dest`, keeping
    their places relative to the dataset's base folder; returns the mirrored dataset path."""
    base = existing.base
    root = existing.root.resolve()
    wanted: set[Path] = set(p.resolve() for p in dataset_files(existing.root))
    for (section, rec_id), origin in existing.origins.items():
        folder = origin.path.parent
        if section == "sources":
            src = existing.sources[rec_id]
            if src.file and not src.file.startswith(TODO_MARK):
                wanted.add((folder / src.file).resolve())
        elif section == "areas":
            area = next(a for a in existing.dataset.areas if a.id == rec_id)
            if isinstance(area.geometry, str):
                wanted.add((folder / area.geometry).resolve())
    for file in wanted:
        rel = file.relative_to(base)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    mirrored = dest / root.relative_to(base)
    if root.is_file():
        # a one-file dataset: make it a folder so the draft can sit beside it
        folder = mirrored.parent / (mirrored.stem + "-with-draft")
        folder.mkdir(exist_ok=True)
        shutil.move(str(mirrored), folder / mirrored.name)
        mirrored = folder
    return mirrored


def check_draft(draft_yaml: str, article_text: str, existing: LoadedDataset | None, workdir: Path) -> DraftCheck:
    """Validate the draft (as edited) together with the existing dataset, in `workdir`."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    folder = mirror_dataset(existing, workdir) if existing is not None else workdir / "data"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DRAFT_NAME).write_text(draft_yaml, encoding="utf-8")
    (folder / (Path(DRAFT_NAME).stem + ".source.txt")).write_text(article_text, encoding="utf-8")
    try:
        loaded = load_dataset(folder, base=workdir)
    except DatasetError as exc:
        return DraftCheck(problems=exc.problems + claim_todos(draft_yaml, existing))
    return DraftCheck(problems=claim_todos(draft_yaml, loaded), loaded=loaded)


PLACE_FIELDS = ("from", "to", "place")


def _place_names(name: str) -> list[str]:
    """The ways a quote may name a place: its name before the first comma, in parts ("Vilseck (Rose Barracks),
    Germany" -> Vilseck, Rose Barracks; the country after the comma is not the place), without a leading "the"."""
    parts = re.split(r"[()]", name.split(",")[0])
    names = [re.sub(r"^the\s+", "", p.strip(), flags=re.IGNORECASE) for p in parts]
    names += [_BASE_WORDS.sub("", n) for n in names]  # "RAAF Base Tindal" is named by "Tindal"
    return [n for n in dict.fromkeys(names) if len(n) >= 2]


# The generic words of a base's name that a quote may leave out once the base is known ("arrived at Tindal").
_BASE_WORDS = re.compile(
    r"^(?:RAF|RAAF|RCAF|RNZAF)(?:\s+Base)?\s+|\s+(?:Air\s+Force\s+Base|Air\s+Base|Airbase|Air\s+Station|"
    r"Army\s+Airfield|Airfield|Naval\s+Base|Naval\s+Station|Training\s+Area|Barracks|Garrison)$",
    re.IGNORECASE,
)


def _unnamed_place(full: str, quotes: list[str]) -> str | None:
    """The place's name when none of the quotes names it (whole words, accents and case aside), else None."""
    names = [] if not full or full.startswith(TODO_MARK) else _place_names(full)
    said = _fold(" ".join(quotes))
    return names[0] if names and not any(_fold(n) in said for n in names) else None


def _fold(text: str) -> str:
    """The gazetteer's compare form (no accents, lower case, straight apostrophes), in whole words: a name is
    looked up in a quote as " name " (":" and "," are spaces; "NATO's eastern flank" names "NATO eastern flank")."""
    words = re.sub(r"[^\w]+", " ", re.sub(r"'s\b", "", fold(text)))
    return " " + " ".join(words.split()) + " "


def claim_todos(draft_yaml: str, dataset: LoadedDataset | None) -> list[Problem]:
    """What the draft (as edited) asserts that nothing in it backs, as TODOs the curator resolves before merging
    (rule 1: no claim sharper than its source): a field of a movement or event with no citation naming it in
    `supports` (no quote, no note), and a place backed only by quotes that do not name it (the destination
    edited to "Zagan" while its quote says "Poland"). A note beside the quote says the place is the curator's
    reading and settles it."""
    from dashboard.core.yamlsafe import line_of

    try:
        data = yaml.safe_load(draft_yaml)
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict):
        return []
    place_name = {pid: p.name for pid, p in (dataset.places.items() if dataset is not None else [])}
    for p in data.get("places") or []:
        if isinstance(p, dict) and p.get("id") is not None:
            place_name[str(p["id"])] = str(p.get("name") or "")
    out: list[Problem] = []
    for section, fields in BACKED_SECTIONS.items():
        for i, rec in enumerate(data.get(section) or []):
            if not isinstance(rec, dict):
                continue
            cites = [c for c in rec.get("citations") or [] if isinstance(c, dict)]
            for name in fields:
                value = rec.get(name)
                if value is None:
                    continue
                named = [c for c in cites if name in (c.get("supports") or [])]
                quotes = [str(c["quote"]) for c in named if c.get("quote")]
                notes = [c for c in named if not c.get("quote") and c.get("note")]
                message = None
                if not quotes and not notes:
                    message = (
                        f"'{name}: {value}' is backed by no quote and no note: add '{name}' to the `supports` of a "
                        "citation whose quote states it, or a note citation saying it is your reading"
                    )
                elif name in PLACE_FIELDS and quotes and not notes:
                    unnamed = _unnamed_place(place_name.get(str(value), ""), quotes)
                    if unnamed is not None:
                        message = (
                            f"the quote that backs '{name}' does not name {unnamed}: quote a sentence that does, "
                            "or add a note citation saying the place is your reading"
                        )
                if message is not None:
                    out.append(
                        Problem(
                            DRAFT_NAME,
                            line_of(draft_yaml, (section, i, name)),
                            str(rec.get("id", "")),
                            name,
                            message,
                            todo=True,
                        )
                    )
    return out


BACKED_SECTIONS = {"movements": ("unit", "from", "to", "depart", "arrive", "strength"), "events": ("date", "place")}
# What the page's backing table shows: the claims above and the drafted units' own (a new user's trial: a unit's
# nation and parent, which the draft reads from the sentence or guesses from the article, could not be checked
# against the quote that names the unit). Units are shown, not required to be backed (see claim_todos).
SHOWN_SECTIONS = {"units": ("name", "parent", "nation", "branch", "echelon"), **BACKED_SECTIONS}
KIND = {"units": "unit", "movements": "movement", "events": "event"}


def validated_message(rows: list[dict]) -> str:
    """What the page says once the draft validates (round 15: a new user's trial read "validate together" as
    "correct" with eleven fields still wrong): how many fields are still only the draft's reading - backed by a
    note, not a quote - to check before the dataset is used."""
    notes = sum(r["backed by"].split(" ")[0] == "note" for r in rows)
    if not notes:
        return "The draft and the dataset validate together; every field is backed by a quote."
    return (
        f"The draft and the dataset validate together. Validating is not being right: {notes} "
        f"field{'s are' if notes != 1 else ' is'} only the draft's reading (backed by a note, not a quote) - check "
        "them in 'What backs each field' above before you use the dataset."
    )


def line_excerpt(text: str, line: int | None, width: int = 90) -> str:
    """The draft's line `line` (1-based) as written, cut to `width` characters: the YAML box shows no line
    numbers, so a problem's line is quoted beside its number (round 15, a new user's trial)."""
    lines = text.splitlines()
    if not line or not 1 <= line <= len(lines):
        return ""
    got = lines[line - 1].strip()
    return got if len(got) <= width else got[: width - 1] + "…"


def field_backing_rows(data: dict, sections: dict[str, tuple[str, ...]] = BACKED_SECTIONS) -> list[dict]:
    """For each field a drafted (or edited) record of `sections` (by default the movements' and events' claims;
    SHOWN_SECTIONS adds the units') asserts: its value as written and what backs it - the quote(s) whose
    `supports` name it (with the notes that read them: "quote + note"), else the note(s) ("note", or "TODO" for
    what is missing), else nothing (to fix before merging). Each row names its record's kind and id."""
    rows = []
    place_name = {str(p["id"]): str(p.get("name") or "") for p in data.get("places") or [] if isinstance(p, dict)}
    for section, fields in sections.items():
        for rec in data.get(section) or []:
            if not isinstance(rec, dict):
                continue
            cites = [c for c in rec.get("citations") or [] if isinstance(c, dict)]
            for name in fields:
                if rec.get(name) is None:
                    continue
                named = [c for c in cites if name in (c.get("supports") or [])]
                quotes = [str(c["quote"]) for c in named if c.get("quote")]
                notes = [str(c["note"]) for c in named if not c.get("quote") and c.get("note")]
                if quotes and notes:  # quoted, and the draft's reading of the quote said in a note
                    status, text = "quote + note", " | ".join(quotes + notes)
                elif quotes:
                    status, text = "quote", " | ".join(quotes)
                    unnamed = (
                        _unnamed_place(place_name.get(str(rec[name]), ""), quotes) if name in PLACE_FIELDS else None
                    )
                    if unnamed is not None:
                        status = f"quote, not naming {unnamed}"
                elif notes:
                    status = "TODO" if any(n.startswith(TODO_MARK) for n in notes) else "note"
                    text = " | ".join(notes)
                else:
                    status, text = "nothing", ""
                rows.append(
                    {
                        "kind": KIND[section],
                        "record": str(rec.get("id", "")),
                        "field": name,
                        "value": str(rec[name]),
                        "backed by": status,
                        "text": text,
                    }
                )
    return rows


def backing_groups(rows: list[dict]) -> list[dict]:
    """:func:`field_backing_rows` grouped for reading: one row per record and backing text, listing the fields (with
    their values) that the same quote or note backs, in the order met. A quote backing five fields is shown once,
    whole, rather than cut short five times (a new user's trial: the table cut every quote)."""
    groups: dict[tuple[str, str, str, str], dict] = {}
    for r in rows:
        kind = r.get("kind", "")
        key = (kind, r["record"], r["backed by"], r["text"])
        g = groups.setdefault(
            key,
            {"kind": kind, "record": r["record"], "fields": [], "backed by": r["backed by"], "text": r["text"] or "-"},
        )
        g["fields"].append(f"{r['field']}: {r['value']}")
    return [{**g, "fields": "; ".join(g["fields"])} for g in groups.values()]


# The backing table at any width: three columns under a heading row per record on a wide screen; on a narrow one
# (a phone) each row stacks its cells, each labelled, so nothing scrolls sideways out of sight (a new user's trial at
# 390 px: four columns of a few words each, the record column cut off in a box that scrolled sideways unannounced).
# Long ids and quotes wrap anywhere rather than widen the table.
BACKING_STYLE = """<style>
.dm-backing { width: 100%; border-collapse: collapse; font-size: 14px; line-height: 1.45; table-layout: fixed; }
.dm-backing th, .dm-backing td { padding: 6px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere;
  border-bottom: 1px solid #e1e4e8; }
.dm-backing thead th { color: #55575f; font-weight: 600; }
.dm-backing .dm-fields { width: 32%; } .dm-backing .dm-by { width: 14%; }
.dm-backing tr.dm-record th { background: #f3f5f7; font-weight: 600; }
.dm-backing .dm-act { color: #a4262c; font-weight: 600; }
@media (max-width: 640px) {
  .dm-backing, .dm-backing tbody, .dm-backing tr, .dm-backing th, .dm-backing td { display: block; width: auto; }
  .dm-backing thead { display: none; }
  .dm-backing td { border: 0; padding: 2px 8px; }
  .dm-backing td::before { content: attr(data-label) ": "; color: #55575f; font-weight: 600; }
  .dm-backing tr { border-bottom: 1px solid #e1e4e8; padding: 4px 0; }
}
</style>"""


def backing_html(groups: list[dict]) -> str:
    """:func:`backing_groups` as an escaped HTML table (styled by BACKING_STYLE): a heading row naming each record
    ("unit usa-1st-infantry-division"), then one row per quote or note: the fields it backs with their values,
    what backs them (marked where the curator must act: TODO, nothing, a quote not naming its place) and the
    text whole. Each cell carries its column's name, shown beside it when the row is stacked on a phone."""
    out = [
        '<table class="dm-backing"><thead><tr><th class="dm-fields" scope="col">Fields</th>'
        '<th class="dm-by" scope="col">Backed by</th><th scope="col">Quote or note</th></tr></thead><tbody>'
    ]
    record = None
    for g in groups:
        if (g.get("kind"), g["record"]) != record:
            record = (g.get("kind"), g["record"])
            named = html.escape(" ".join(x for x in record if x))  # "unit usa-1st-infantry-division"
            out.append(f'<tr class="dm-record"><th colspan="3" scope="colgroup">{named}</th></tr>')
        act = g["backed by"] in ("TODO", "nothing") or g["backed by"].startswith("quote, not naming")
        by = '<td data-label="Backed by" class="dm-act">' if act else '<td data-label="Backed by">'
        out.append(
            f'<tr><td data-label="Fields">{html.escape(g["fields"])}</td>'
            f"{by}{html.escape(g['backed by'])}</td>"
            f'<td data-label="Quote or note">{html.escape(g["text"])}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def download_refusal(check: DraftCheck) -> str | None:
    """Why the draft may not be downloaded yet, or None once it validates with the dataset. Rule: a dataset that
    validates must export, and no one downloads one that does not without knowing it (a new user's trial: the
    download buttons were live while the draft had errors and TODOs); the page disables them and says this."""
    if not check.problems:
        return None
    left = [
        *([f"{counted(len(check.errors), 'problem')} to fix"] if check.errors else []),
        *([f"{counted(len(check.todos), 'TODO')} to resolve"] if check.todos else []),
    ]
    return (
        f"Download is off until the draft validates with the dataset: {' and '.join(left)}, listed above. "
        "A draft with errors or TODOs cannot be added to the dataset as it is. To go on later, save the "
        "unfinished draft: after drafting the same article again, paste it into the draft box."
    )


UNFINISHED_NAME = "zz-draft-unfinished.yaml"


def unfinished_draft(edited: str, check: DraftCheck) -> str:
    """The draft as the curator left it, to go on with later (a new user's trial: with the downloads off until the
    draft validates, an afternoon's edits lived only as long as the browser tab). Headed by YAML comments saying it
    does not validate yet and what is left, so no one takes it for a dataset file; the YAML itself is unchanged."""
    left = [
        *([counted(len(check.errors), "problem")] if check.errors else []),
        *([counted(len(check.todos), "TODO")] if check.todos else []),
    ]
    head = (
        f"# UNFINISHED DRAFT - it does not validate with the dataset yet ({' and '.join(left) or 'not checked'}).\n"
        "# Not a dataset file: do not add it to data/. To go on, draft the same article in the curation page\n"
        "# and paste this file into the draft box.\n"
    )
    return head + edited


def without_todos(data: dict) -> dict:
    """The draft minus what still waits for the curator (TODO places and what uses them),
    so the rest can be previewed on the map."""
    data = copy.deepcopy(data)
    todo_places = {
        p.get("id")
        for p in data.get("places") or []
        if str(p.get("name", "")).startswith(TODO_MARK) or str(p.get("note", "")).startswith(TODO_MARK)
    }
    data["places"] = [p for p in data.get("places") or [] if p.get("id") not in todo_places]
    data["movements"] = [
        m for m in data.get("movements") or [] if m.get("from") not in todo_places and m.get("to") not in todo_places
    ]
    data["events"] = [e for e in data.get("events") or [] if e.get("place") not in todo_places]
    data["units"] = [
        u if u.get("home") not in todo_places else {k: v for k, v in u.items() if k != "home"}
        for u in data.get("units") or []
    ]
    for section in ("movements", "events", "units", "places"):
        for rec in data.get(section) or []:
            if "citations" in rec:
                rec["citations"] = [c for c in rec["citations"] if not str(c.get("quote", "")).startswith(TODO_MARK)]
    data["movements"] = [m for m in data["movements"] if m.get("citations")]
    data["events"] = [e for e in data["events"] if e.get("citations")]
    return {k: v for k, v in data.items() if v}


def _day(value: object) -> dt.date | None:
    """A source's `published` as a date (YAML gives a date; an edited draft may hold a string)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def preview_date(loaded: LoadedDataset, draft: dict) -> dt.date | None:
    """The day the draft's preview map opens on: the latest date its own movements and events (by id, in
    `loaded`) report - each date's latest bound, or its earliest where the window is open-ended ("from
    10 Feb") - so on it every drafted movement with a reported date has set out. An event that starts after the
    article's date (its source's `published`) is left out. None when none reports one."""
    ids = {
        section: {r.get("id") for r in draft.get(section) or [] if isinstance(r, dict)}
        for section in ("movements", "events")
    }
    whens = [w for m in loaded.dataset.movements if m.id in ids["movements"] for w in (m.depart, m.arrive)]
    published = [_day(s.get("published")) for s in draft.get("sources") or [] if isinstance(s, dict)]
    last = max((p for p in published if p is not None), default=None)
    # Round 10: an event the article announces for later (a meeting "next month") does not move the day: it opened a
    # new user's preview weeks after the movements, with a battalion drawn mid-route
    whens += [
        e.date
        for e in loaded.dataset.events
        if e.id in ids["events"] and (last is None or e.date is None or (e.date.earliest or last) <= last)
    ]
    days = [w.latest or w.earliest for w in whens if w is not None]
    return max((d for d in days if d is not None), default=None)


def draft_ids(draft: dict) -> dict[str, set[str]]:
    """The ids the draft's own records carry, by section (units, places, movements, events, areas)."""
    return {
        section: {str(r.get("id")) for r in draft.get(section) or [] if isinstance(r, dict) and r.get("id")}
        for section in ("units", "places", "movements", "events", "areas")
    }


@dataclass(frozen=True)
class PreviewSubject:
    """What the preview map draws (`loaded`: the draft's records only) and what it leaves out of the drawing."""

    loaded: LoadedDataset
    left_out: dict[str, int]  # the dataset's records not drawn, by section (movements, events, areas)
    context: int  # the dataset's movements drawn because the draft moves their unit too


def preview_subject(loaded: LoadedDataset, draft: dict) -> PreviewSubject:
    """The draft alone, out of `loaded` (the draft checked together with the dataset), for the preview map.

    Drawn: the draft's movements, events and areas; the units it writes or moves; and the dataset's other
    movements of a unit the draft moves (a new leg of a unit already in the dataset is shown on its route).
    Left out: the rest of the dataset - another story's units, at the draft's dates, would be drawn as if
    current, and its places would widen the view to cover both stories. Places and sources stay whole (only
    the places a drawn record uses are drawn)."""
    ds, ids = loaded.dataset, draft_ids(draft)
    moved = {m.unit for m in ds.movements if m.id in ids["movements"]}
    movements = [m for m in ds.movements if m.id in ids["movements"] or m.unit in moved]
    units_drawn = ids["units"] | {m.unit for m in movements}
    events = [e for e in ds.events if e.id in ids["events"]]
    areas = [a for a in ds.areas if a.id in ids["areas"]]
    subset = ds.model_copy(
        update={
            "units": [u for u in ds.units if u.id in units_drawn],
            "movements": movements,
            "events": events,
            "areas": areas,
            "stories": [],
        }
    )
    sub = dataclasses.replace(
        loaded,
        dataset=subset,
        geometries={k: v for k, v in loaded.geometries.items() if k in ids["areas"]},
        fingerprint=f"{loaded.fingerprint}:preview",
    )
    left_out = {
        "movements": len(ds.movements) - len(movements),
        "events": len(ds.events) - len(events),
        "areas": len(ds.areas) - len(areas),
    }
    context = sum(m.id not in ids["movements"] for m in movements)
    return PreviewSubject(sub, left_out, context)


@dataclass(frozen=True)
class FlaggedSentence:
    """An article sentence that may hold a movement the draft did not write."""

    number: int  # 1-based, as the highlighted article numbers its sentences
    text: str
    verb: str  # the motion word it was flagged for, as written
    names: tuple[str, ...]  # the units, numbers and places recognised in it, as written


def _squash(text: str) -> str:
    return " ".join(str(text).split())


def cited_quotes(data: dict) -> list[str]:
    """The quotes of the draft's (or the edited draft's) movement and event citations, whitespace squashed."""
    out = []
    for section in ("movements", "events"):
        for rec in data.get(section) or []:
            if not isinstance(rec, dict):
                continue
            for c in rec.get("citations") or []:
                quote = c.get("quote") if isinstance(c, dict) else None
                if quote and not str(quote).startswith(TODO_MARK) and _squash(quote):
                    out.append(_squash(quote))
    return out


def motion_word(text: str, nlp: Any = None) -> str | None:
    """The first motion predicate of the sentence as written, else None. With the draft's parser (`nlp`), a word
    whose lemma is one of the draft's motion lemmas and that the parse makes a predicate (clauses.is_predicate:
    "deployed", "will fly", "set out", "set sail"; not "the convoy", "the head of"); without it, the recogniser's
    motion words (recognise.MOVE_RX / MOTION_WORDS_RX)."""
    if nlp is None:
        m = MOVE_RX.search(text) or MOTION_WORDS_RX.search(text)
        return m.group(0) if m else None
    return _predicate(nlp(text[parse_prefix(text) :]))


def _predicate(doc: Any) -> str | None:
    for tok in doc:
        if any(c.dep_ == "xcomp" and c.pos_ == "VERB" and not is_predicate(c) for c in tok.children):
            continue  # "continues to urge", "moved to ban": the verb it governs says what happens
        if is_predicate(tok) or (tok.i > 0 and tok.lemma_ in MOTION_LEMMAS and tok.nbor(-1).lemma_ == "set"):
            return str(tok.text)  # "set sail" (the small model parses it either way round)
    return None


def uncovered_movement_sentences(sentences: Iterable[Any], data: dict, nlp: Any = "draft") -> list[FlaggedSentence]:
    """Sentences that may hold a movement the draft did not write: a motion predicate (:func:`motion_word`) with a
    recognised unit, number or place, and no movement's or event's citation quote within (or spanning) them.
    `data` is the draft as edited, so a movement the curator adds with its quote clears its sentence. `nlp` is
    the parser to read predicates with ("draft": the draft's own, when it has one; None: the motion words).
    Denials, plans and history read like movements too: these are sentences to read, not movements."""
    if nlp == "draft":
        nlp = parser().nlp
    quotes = cited_quotes(data)
    todo = []
    for s in sentences:
        text = _squash(s.text)
        names = tuple(
            dict.fromkeys(_squash(sp.text) for sp in sorted(s.spans, key=lambda x: x.start) if sp.kind != "date")
        )
        if names and text and not any(q in text or text in q for q in quotes):
            todo.append((s, text, names))
    if nlp is None:
        verbs = [motion_word(s.text) for s, _, _ in todo]
    else:  # the candidates parsed in one batch, without the entity recogniser (tags, lemmas, parse only)
        docs = nlp.pipe([s.text[parse_prefix(s.text) :] for s, _, _ in todo], disable=["ner"])
        verbs = [_predicate(doc) for doc in docs]
    return [
        FlaggedSentence(s.index + 1, text, verb, names)
        for (s, text, names), verb in zip(todo, verbs, strict=True)
        if verb is not None
    ]


def flagged_html(flags: Iterable[FlaggedSentence]) -> str:
    """The flagged sentences as escaped HTML quotes, each with its number in the article and its motion word bold."""
    parts = ['<div style="line-height:1.6;font-size:15px">']
    for f in flags:
        m = re.search(r"\b" + re.escape(f.verb) + r"\b", f.text)
        body = (
            html.escape(f.text[: m.start()]) + f"<b>{html.escape(m.group(0))}</b>" + html.escape(f.text[m.end() :])
            if m
            else html.escape(f.text)
        )
        parts.append(
            '<p style="margin:0 0 6px 0;padding-left:8px;border-left:3px solid #c5ccd3">'
            f'<span style="color:#8895a1;font-size:12px">{f.number}.</span> “{body}”</p>'
        )
    parts.append("</div>")
    return "".join(parts)
