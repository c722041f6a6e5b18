"""ORBAT Mapper scenario JSON, out and in (its format: orbat-mapper's src/types/scenarioModels.ts; the
fields we write are checked against schema/orbat-mapper-scenario.schema.json, derived from those types).

Export rule (`export_orbat`):
- Sides by affiliation (friend 3, hostile 6, neutral 4, unknown 1, as the map draws them), one group per
  nation, units nested by `parent`, each with its 20-digit SIDC (its own, or derived as the map does).
- A unit's movements are its `state`: at the start of each track a state at the origin, at its end a
  state at the destination with the geodesic's points as `via` (ORBAT Mapper interpolates between
  them); times in milliseconds (ScenarioTime) on the map's schedule (`tracks`), the dates as the sources
  give them ("by 10 Feb 2022") in the state's title.
- Events become scenario events (with a `where` geometry); places and areas, features of the layers
  "Places" and "Areas" (an area's largest polygon: ORBAT Mapper features are Point, LineString or
  Polygon); sources are listed in the scenario's description.
- Every record's row (`tables.SECTION_COLUMNS`: dates as EDTF text, numbers as written, citations) is
  written in the element's Markdown description as a fenced block tagged `dashboard-record`, with
  Markdown's and HTML's special characters escaped in the text around it and no backtick inside it, so
  ORBAT Mapper shows it as text and our import gives every field back.

Import rule (`read_orbat`): fenced records are read back as those records. Another scenario's units
become units (name, SIDC, parent from the nesting; echelon and branch from the SIDC where it says,
nation not, so listed), consecutive located states of a unit become movements between places at those
positions (the basemap country they lie in), dated by the states' times; scenario events with a point
become events. Without sources, each says so in a note citation, and is listed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from dashboard.core.gcpause import without_gc
from dashboard.core.problems import Problem
from dashboard.interchange.tables import (
    SECTIONS,
    ImportResult,
    Row,
    dataset_tables,
    json_bytes,
    read_json,
    rows_to_records,
)
from dashboard.interchange.tables import file_problem as _problem
from dashboard.interchange.tracks import movement_tracks

VERSION = "2.0.0"
FENCE = "dashboard-record"
IDENTITY = {"friend": "3", "hostile": "6", "neutral": "4", "unknown": "1"}
SIDE_NAMES = {"friend": "Friendly forces", "hostile": "Hostile forces", "neutral": "Neutral", "unknown": "Unknown"}
MAX_ORBAT_BYTES = 200 * 1024 * 1024
_FENCED = re.compile(r"```" + FENCE + r"\n(.*?)\n```", re.DOTALL)


_MD_BACKSLASHED = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|~>"})  # Markdown's special characters


def _md(text: str) -> str:
    """Text shown as text in Markdown: HTML escaped, Markdown's special characters backslashed."""
    return html.escape(text, quote=False).translate(_MD_BACKSLASHED)


def _fenced(section: str, row: Row) -> str:
    body = json.dumps({"section": section, **{k: v for k, v in row.items() if v is not None}}, ensure_ascii=True)
    # no backtick can close the fence, no angle bracket can open a tag (JSON reads the escapes back)
    body = body.replace("`", "\\u0060").replace("<", "\\u003c").replace(">", "\\u003e")
    return "```" + FENCE + "\n" + body + "\n```"


@lru_cache(maxsize=64)
def _label(label: str) -> str:
    """A description line's label in bold (`_md` once per label)."""
    return f"**{_md(label)}**: "


def _describe(lines: list[tuple[str, str]], section: str, row: Row) -> str:
    words = "\n\n".join(_label(k) + _md(v) for k, v in lines if v)
    return (words + "\n\n" if words else "") + _fenced(section, row)


def _ms(day: float) -> int:
    return int(round(day * 86400000.0))


def _sidc(unit: Any) -> str:
    from dashboard.web.symbols import affiliation_of, sidc_for

    sidc = sidc_for(unit)
    if sidc and re.fullmatch(r"\d{20}", sidc):
        return sidc
    return f"100{IDENTITY[affiliation_of(unit)]}1000{'00'}000000" + "0000"


def scenario(loaded: Any, options: Any, timeline: Any = None) -> dict[str, Any]:  # noqa: C901 (one block per section)
    from dashboard.engine.timeline import build_timeline, day_number
    from dashboard.web.symbols import affiliation_of

    movement_ids = getattr(options, "movement_ids", None)
    timeline = timeline if timeline is not None else build_timeline(loaded)
    tables = dataset_tables(loaded, movement_ids)
    ds = loaded.dataset
    places = loaded.places
    states: dict[str, list[dict[str, Any]]] = {}
    rows_of = {r["id"]: r for r in tables["movements"]}
    for t in sorted(movement_tracks(loaded, timeline, movement_ids), key=lambda t: t.days[0]):
        m = t.movement
        origin, dest = places[m.from_], places[m.to]
        dates = (
            (m.depart.words() if m.depart else "departure not reported")
            + "; "
            + (m.arrive.words() if m.arrive else ("arrival estimated" if t.estimated else "arrival not reported"))
        )
        states.setdefault(m.unit, []).append(
            {
                "id": f"{m.id}/depart",
                "t": _ms(t.days[0]),
                "location": [origin.lon, origin.lat],
                "title": f"Leaves {origin.name}",
                "description": _md(f"{dates}."),
            }
        )
        states[m.unit].append(
            {
                "id": f"{m.id}/arrive",
                "t": _ms(t.days[-1]),
                "location": [dest.lon, dest.lat],
                "via": t.coords[1:-1],  # pairs (JSON writes a tuple as a list)
                "viaStartTime": _ms(t.days[0]),
                "interpolate": True,
                "title": f"At {dest.name}",
                "description": _describe(
                    [("Dates", dates), ("Strength", m.strength.words() if m.strength else "")],
                    "movements",
                    rows_of[m.id],
                ),
            }
        )
    children: dict[str | None, list[Any]] = {}
    unit_ids = {u.id for u in ds.units}
    for u in ds.units:
        children.setdefault(u.parent if u.parent in unit_ids else None, []).append(u)
    unit_rows = {r["id"]: r for r in tables["units"]}

    def unit_json(u: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"id": u.id, "name": u.name, "sidc": _sidc(u)}
        if u.short_name:
            out["shortName"] = u.short_name
        lines = [("Nation", u.nation), ("Branch", u.branch), ("Echelon", u.echelon), ("Note", u.note or "")]
        out["description"] = _describe(lines, "units", unit_rows[u.id])
        if u.home and u.home in places:
            out["location"] = [places[u.home].lon, places[u.home].lat]
        if u.id in states:
            out["state"] = states[u.id]
        subs = [unit_json(c) for c in children.get(u.id, [])]
        if subs:
            out["subUnits"] = subs
        return out

    sides: dict[str, dict[str, Any]] = {}
    for u in children.get(None, []):
        aff = affiliation_of(u)
        side = sides.setdefault(
            aff, {"id": f"side-{aff}", "name": SIDE_NAMES[aff], "standardIdentity": IDENTITY[aff], "groups": []}
        )
        group = next((g for g in side["groups"] if g["id"] == f"{aff}-{u.nation}"), None)
        if group is None:
            group = {"id": f"{aff}-{u.nation}", "name": u.nation, "subUnits": []}
            side["groups"].append(group)
        group["subUnits"].append(unit_json(u))
    events = []
    for e, row in zip(ds.events, tables["events"]):
        p = places[e.place]
        events.append(
            {
                "id": f"event-{e.id}",
                "title": e.name,
                "startTime": _ms(day_number(e.date.day)),
                "description": _describe([("Date", e.date.words()), ("Place", p.name)], "events", row),
                "where": {"type": "geometry", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]}},
            }
        )
    place_features = [
        {
            "type": "Feature",
            "id": f"place-{p.id}",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "type": "Point",
                "name": p.name,
                "description": _describe([("Note", p.note or "")], "places", row),
            },
        }
        for p, row in zip(ds.places, tables["places"])
    ]
    area_features = []
    for a, row in zip(ds.areas, tables["areas"]):
        geom = loaded.geometries.get(a.id)
        polygon = _largest_polygon(geom)
        if polygon is None:
            continue
        area_features.append(
            {
                "type": "Feature",
                "id": f"area-{a.id}",
                "geometry": polygon,
                "properties": {
                    "type": "Polygon",
                    "name": a.name,
                    "description": _describe([("Valid from", a.valid_from.words())], "areas", row),
                },
            }
        )
    source_blocks = "\n\n".join(
        f"**{_md(s.title)}** ({_md(s.publisher)}, {s.published.isoformat()})\n\n{_fenced('sources', row)}"
        for s, row in zip(ds.sources, tables["sources"])
    )
    first, _last = loaded.span
    title = getattr(options, "title", None) or "Troop deployments"
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "type": "ORBAT-mapper",
        "id": f"deploymap-{loaded.fingerprint or 'dataset'}",
        "version": VERSION,
        "name": title,
        "description": "Exported from the troop-deployment dashboard. Sources:\n\n" + source_blocks,
        "startTime": _ms(day_number(first)),
        "timeZone": "UTC",
        "symbologyStandard": "app6",
        "meta": {"createdDate": now, "lastModifiedDate": now, "exportedFrom": "deploymap", "exportedDate": now},
        "sides": list(sides.values()),
        "events": events,
        "layers": [
            {"id": "places", "name": "Places", "features": place_features},
            {"id": "areas", "name": "Areas", "features": area_features},
        ],
        "mapLayers": [],
    }


def _largest_polygon(geom: Any) -> dict[str, Any] | None:
    from shapely.geometry import mapping

    if geom is None or geom.is_empty:
        return None
    polys = [p for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon"]
    if not polys:
        return None
    out: dict[str, Any] = json.loads(json.dumps(mapping(max(polys, key=lambda p: p.area))))
    return out


@without_gc
def export_orbat(loaded: Any, options: Any, out: Path, *, timeline: Any = None, **_: Any) -> Path:
    from dashboard.export.files import write_bytes_atomic

    data = scenario(loaded, options, timeline)
    write_bytes_atomic(out, json_bytes(data))
    return Path(out)


# ---------------------------------------------------------------------------- import


def _records(text: Any, where: str, shown: str, result: ImportResult, found: dict[str, list[Any]]) -> bool:
    """Fenced records in a description; True when it held one."""
    if not isinstance(text, str):
        return False
    hit = False
    for block in _FENCED.findall(text):
        hit = True
        try:
            row = json.loads(block)
        except json.JSONDecodeError as exc:
            result.problems.append(
                Problem(shown, None, where, "description", f"its {FENCE} block is not JSON: {exc.msg}")
            )
            continue
        if isinstance(row, dict) and row.get("section") in found:
            found[row["section"]].append((len(found[row["section"]]) + 1, row, where))
    return hit


@without_gc
def read_orbat(path: Path) -> ImportResult:  # noqa: C901 (one rule per element kind)
    path = Path(path)
    shown = path.name
    data, failed = read_json(path, MAX_ORBAT_BYTES, "an ORBAT Mapper scenario")
    if failed is not None:
        return failed
    if not isinstance(data, dict) or data.get("type") != "ORBAT-mapper":
        kind = data.get("type") if isinstance(data, dict) else type(data).__name__
        return _problem(shown, f"is not an ORBAT Mapper scenario ('type': 'ORBAT-mapper'; found {str(kind)[:40]!r})")
    result = ImportResult()
    found: dict[str, list[Any]] = {s: [] for s in SECTIONS}
    _records(data.get("description"), "scenario description", shown, result, found)
    foreign_units: list[tuple[dict[str, Any], str | None, str]] = []

    def walk(units: Any, parent: str | None, where: str) -> None:
        if not isinstance(units, list):
            return
        for k, unit in enumerate(units, start=1):
            label = f"{where} unit {k}"
            if not isinstance(unit, dict):
                result.problems.append(Problem(shown, None, label, None, "is not a JSON object"))
                continue
            label = f"unit {str(unit.get('name') or unit.get('id'))[:60]!r}"
            ours = _records(unit.get("description"), label, shown, result, found)
            for state in unit.get("state") or []:
                if isinstance(state, dict):
                    _records(
                        state.get("description"), f"{label} state {str(state.get('id'))[:60]!r}", shown, result, found
                    )
            if not ours:
                foreign_units.append((unit, parent, label))
            walk(unit.get("subUnits"), str(unit.get("id")), label)

    for side in data.get("sides") or []:
        if not isinstance(side, dict):
            continue
        walk(side.get("subUnits"), None, f"side {str(side.get('name'))[:40]!r}")
        for group in side.get("groups") or []:
            if isinstance(group, dict):
                walk(group.get("subUnits"), None, f"group {str(group.get('name'))[:40]!r}")
    foreign_events = []
    for k, event in enumerate(data.get("events") or [], start=1):
        if isinstance(event, dict) and not _records(event.get("description"), f"event {k}", shown, result, found):
            foreign_events.append((k, event))
    for layer in data.get("layers") or []:
        for feature in (layer.get("features") or []) if isinstance(layer, dict) else []:
            props = feature.get("properties") if isinstance(feature, dict) else None
            if isinstance(props, dict):
                _records(props.get("description"), f"feature {str(feature.get('id'))[:60]!r}", shown, result, found)
    for section, items in found.items():
        for number, row, where in items:
            rows_to_records(section, [(number, row)], shown, result, where=f"{where}: record")
    if foreign_units or foreign_events:
        _read_foreign(foreign_units, foreign_events, shown, result)
    return result


def _read_foreign(  # noqa: C901 (one rule per element kind)
    units: list[tuple[dict[str, Any], str | None, str]],
    events: list[tuple[int, dict[str, Any]]],
    shown: str,
    result: ImportResult,
) -> None:
    """Another tool's units and events (see the module's rule)."""
    from dashboard.core.model import ECHELONS
    from dashboard.interchange.mapping import Places, slug_id
    from dashboard.web.symbols import BRANCH_CODE, ECHELON_CODE

    echelon_of = {code: name for name, code in ECHELON_CODE.items() if name in ECHELONS}
    echelon_of.update({"15": "company", "16": "battalion", "17": "regiment"})
    branch_of: dict[str, str] = {}
    for name, (entity, _m1, _m2) in BRANCH_CODE.items():
        branch_of.setdefault(entity, name)
    places = Places(result.data.get("places", []))
    ids: set[str] = set()

    def day(ms: Any) -> str:
        if isinstance(ms, bool) or not isinstance(ms, (int, float)):
            raise ValueError(f"a time must be milliseconds since 1970 (ScenarioTime); got {str(ms)[:40]!r}")
        return (dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=float(ms))).date().isoformat()

    for unit, parent, label in units:
        uid = slug_id(str(unit.get("id") or unit.get("name") or label))
        rec: dict[str, Any] = {"id": uid, "name": str(unit.get("name") or uid)}
        sidc = str(unit.get("sidc") or "")
        if re.fullmatch(r"\d{20}", sidc):
            rec["sidc"] = sidc
            if sidc[8:10] in echelon_of:
                rec["echelon"] = echelon_of[sidc[8:10]]
            if sidc[10:16] in branch_of:
                rec["branch"] = branch_of[sidc[10:16]]
        if parent is not None:
            rec["parent"] = slug_id(parent)
        if unit.get("shortName"):
            rec["short_name"] = str(unit["shortName"])
        result.data["units"].append(rec)
        lacking = [f for f in ("nation", "branch", "echelon") if f not in rec]
        result.problems.append(
            Problem(shown, None, label, lacking[0], f"ORBAT Mapper does not say its {', '.join(lacking)}: fill them in")
        )
        stops: list[tuple[Any, str | None, str]] = []  # (position, day or None, what)
        if isinstance(unit.get("location"), list):
            stops.append((unit["location"], None, "location"))
        located = [s for s in (unit.get("state") or []) if isinstance(s, dict) and isinstance(s.get("location"), list)]
        for st in sorted(located, key=lambda st: st["t"] if isinstance(st.get("t"), (int, float)) else 0):
            what = f"state {str(st.get('id'))[:40]!r}"
            try:
                stops.append((st["location"], day(st.get("t")), what))
            except ValueError as exc:
                result.problems.append(Problem(shown, None, f"{label} {what}", "t", str(exc)))
        try:
            previous: tuple[str, str | None] | None = None
            for position, when, what in stops:
                lon, lat = float(position[0]), float(position[1])
                pid, why = places.at(None, lat, lon, None, f"{shown} {label} {what}")
                if pid is None:
                    result.problems.append(Problem(shown, None, f"{label} {what}", "location", why))
                    continue
                if previous is not None and previous[0] != pid and when is not None:
                    mid = slug_id(f"m-{uid}-{when}")
                    while mid in ids:
                        mid += "-x"
                    ids.add(mid)
                    move: dict[str, Any] = {"id": mid, "unit": uid, "from": previous[0], "to": pid}
                    if previous[1] is not None:
                        move["depart"] = previous[1]
                    move["arrive"] = when
                    move["citations"] = [{"note": f"Imported from {shown} ({label} {what}), which gives no source."}]
                    result.data["movements"].append(move)
                previous = (pid, when)
        except (TypeError, ValueError, IndexError) as exc:
            message = str(exc) if isinstance(exc, ValueError) else "a location is not [longitude, latitude]"
            result.problems.append(Problem(shown, None, label, "state", message))
    for k, event in events:
        where = event.get("where")
        geom = where.get("geometry") if isinstance(where, dict) else None
        if not isinstance(geom, dict) or geom.get("type") != "Point":
            continue
        try:
            lon, lat = float(geom["coordinates"][0]), float(geom["coordinates"][1])
            when = day(event.get("startTime"))
        except (TypeError, ValueError, IndexError, KeyError) as exc:
            result.problems.append(Problem(shown, None, f"event {k}", "startTime", str(exc)[:200]))
            continue
        pid, why = places.at(None, lat, lon, None, f"{shown} event {k}")
        if pid is None:
            result.problems.append(Problem(shown, None, f"event {k}", "where", why))
            continue
        eid = slug_id(str(event.get("id") or f"ev-{k}"))
        result.data["events"].append(
            {
                "id": eid,
                "name": str(event.get("title") or eid),
                "date": when,
                "place": pid,
                "citations": [{"note": f"Imported from {shown} event {k}, which gives no source."}],
            }
        )
    result.data["places"].extend(places.records.values())
