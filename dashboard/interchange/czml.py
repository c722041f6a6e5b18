"""CZML for Cesium, out and in.

Export rule (`export_czml`): a document packet (name, version 1.0, a clock over the dataset's span), then
one packet per record, its `properties` holding the record's row of `tables.SECTION_COLUMNS` (dates as
EDTF text, numbers as written, citations as JSON) so an import gives every field back:
- a movement: `availability` its window (earliest possible departure to latest possible arrival; an open
  end is Cesium's minimum or maximum time), a `position` sampled along the geodesic on the map's schedule
  (`tracks`), LINEAR interpolation held before the first and after the last sample, the unit's APP-6
  symbol as a `billboard` (a PNG data URI), a label, and the route as a `path`; its `parent` is the
  unit's packet;
- a place: a constant position and a point; an event: a point, available over its date's window;
  an area: a polygon, available over its validity; units and sources: packets without geometry.
- `description` is HTML in which every dataset text is escaped (Cesium shows it in its info box, which
  runs no script, but the text must still show as text).

Import rule (`read_czml`): packets carrying our `properties.section` are read back as those records;
another tool's packet with sampled `cartographicDegrees` is a movement from its first to its last sample,
dated by them (or its availability); without a source, said in a note citation, and listed.
"""

from __future__ import annotations

import base64
import html
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.core.gcpause import without_gc
from dashboard.core.problems import Problem
from dashboard.interchange.tables import (
    SECTION_COLUMNS,
    ImportResult,
    Row,
    dataset_tables,
    json_bytes,
    read_json,
    rows_to_records,
)
from dashboard.interchange.tables import file_problem as _problem
from dashboard.interchange.tracks import iso, movement_tracks

MIN_TIME = "0000-01-01T00:00:00Z"
MAX_TIME = "9999-12-31T24:00:00Z"
MAX_CZML_BYTES = 200 * 1024 * 1024


def _interval(begin: str | None, end: str | None) -> str:
    return f"{begin or MIN_TIME}/{end or MAX_TIME}"


def _properties(row: Row, section: str) -> dict[str, Any]:
    props: dict[str, Any] = {"section": section}
    for col in SECTION_COLUMNS[section]:
        if row.get(col) is not None:
            props[col] = row[col]
    return props


def _description(lines: list[tuple[str, str]], citations: Any) -> str:
    out = [f"<p><b>{html.escape(k)}</b>: {html.escape(v)}</p>" for k, v in lines if v]
    items = []
    for c in citations:
        text = (f"“{c.quote}” ({c.source})" if c.quote else "") + (f" note: {c.note}" if c.note else "")
        items.append(f"<li>{html.escape(text.strip())}</li>")
    if items:
        out.append("<p><b>Sources</b></p><ol>" + "".join(items) + "</ol>")
    return "".join(out)


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def czml_packets(
    loaded: Any,
    options: Any,
    timeline: Any = None,
    icons: dict[str, bytes] | None = None,
    uri: Callable[[bytes], str] = _data_uri,
) -> list[dict[str, Any]]:  # noqa: C901 (one block per section)
    """The CZML document (see the module's rule); `icons`: unit id -> PNG, written as `uri(png)`."""
    from dashboard.engine.timeline import build_timeline

    movement_ids = getattr(options, "movement_ids", None)
    timeline = timeline if timeline is not None else build_timeline(loaded)
    tables = dataset_tables(loaded, movement_ids)
    ds = loaded.dataset
    first, last = loaded.span
    packets: list[dict[str, Any]] = [
        {
            "id": "document",
            "name": getattr(options, "title", None) or "Troop deployments",
            "version": "1.0",
            "clock": {
                "interval": f"{first.isoformat()}T00:00:00Z/{last.isoformat()}T23:59:59Z",
                "currentTime": f"{first.isoformat()}T00:00:00Z",
                "multiplier": 86400,
                "range": "LOOP_STOP",
                "step": "SYSTEM_CLOCK_MULTIPLIER",
            },
        }
    ]
    for s, row in zip(ds.sources, tables["sources"]):
        packets.append({"id": f"source/{s.id}", "name": s.title, "properties": _properties(row, "sources")})
    for p, row in zip(ds.places, tables["places"]):
        packets.append(
            {
                "id": f"place/{p.id}",
                "name": p.name,
                "description": _description([("Country", p.country), ("Note", p.note or "")], p.citations),
                "position": {"cartographicDegrees": [p.lon, p.lat, 0.0]},
                "point": {"pixelSize": 6, "color": {"rgba": [80, 80, 80, 255]}},
                "properties": _properties(row, "places"),
            }
        )
    for u, row in zip(ds.units, tables["units"]):
        packets.append(
            {
                "id": f"unit/{u.id}",
                "name": u.name,
                "description": _description([("Nation", u.nation), ("Echelon", u.echelon)], u.citations),
                "properties": _properties(row, "units"),
            }
        )
    rows_of = {r["id"]: r for r in tables["movements"]}
    by_png = {png: uri(png) for png in dict.fromkeys((icons or {}).values())}
    uris = {uid: by_png[png] for uid, png in (icons or {}).items()}
    for t in movement_tracks(loaded, timeline, movement_ids):
        m = t.movement
        unit = loaded.units[m.unit]
        samples: list[float | str] = []
        epoch = iso(t.days[0]) or MIN_TIME
        start = t.days[0]
        for (lon, lat), day in zip(t.coords, t.days):  # the route's points are rounded already (features.py)
            samples += [round((day - start) * 86400.0, 3), lon, lat, 0.0]
        words = [
            ("Unit", unit.name),
            ("From", loaded.places[m.from_].name),
            ("To", loaded.places[m.to].name),
            ("Departure", m.depart.words() if m.depart else "not reported"),
            (
                "Arrival",
                m.arrive.words() if m.arrive else ("not reported, estimated" if t.estimated else "not reported"),
            ),
            ("Strength", m.strength.words() if m.strength else ""),
            ("Description", m.description or ""),
        ]
        packet: dict[str, Any] = {
            "id": f"movement/{m.id}",
            "name": f"{unit.short_name or unit.name}: {loaded.places[m.from_].name} → {loaded.places[m.to].name}",
            "parent": f"unit/{m.unit}",
            "description": _description(words, m.citations),
            "availability": _interval(iso(t.window[0]), iso(t.window[1])),
            "position": {
                "epoch": epoch,
                "cartographicDegrees": samples,
                "interpolationAlgorithm": "LINEAR",
                "forwardExtrapolationType": "HOLD",
                "backwardExtrapolationType": "HOLD",
            },
            "label": {
                "text": unit.short_name or unit.name,
                "font": "12px sans-serif",
                "pixelOffset": {"cartesian2": [0, 24]},
            },
            "path": {"material": {"solidColor": {"color": {"rgba": [217, 111, 47, 200]}}}, "width": 2, "leadTime": 0},
            "properties": _properties(rows_of[m.id], "movements"),
        }
        if m.unit in uris:
            packet["billboard"] = {"image": uris[m.unit], "scale": 1.0}
        else:
            packet["point"] = {"pixelSize": 10, "color": {"rgba": [217, 111, 47, 255]}}
        packets.append(packet)
    for e, row in zip(ds.events, tables["events"]):
        p = loaded.places[e.place]
        packets.append(
            {
                "id": f"event/{e.id}",
                "name": e.name,
                "description": _description([("Date", e.date.words()), ("Place", p.name)], e.citations),
                "availability": _interval(iso(_day(e.date.earliest)), iso(_day(e.date.latest), end_of_day=True)),
                "position": {"cartographicDegrees": [p.lon, p.lat, 0.0]},
                "point": {"pixelSize": 9, "color": {"rgba": [200, 30, 30, 255]}},
                "properties": _properties(row, "events"),
            }
        )
    for a, row in zip(ds.areas, tables["areas"]):
        geom = loaded.geometries.get(a.id)
        packet = {
            "id": f"area/{a.id}",
            "name": a.name,
            "description": _description([("Valid from", a.valid_from.words())], a.citations),
            "availability": _interval(
                iso(_day(a.valid_from.earliest)), iso(_day(a.valid_to.latest), True) if a.valid_to else None
            ),
            "properties": _properties(row, "areas"),
        }
        outline = _outline(geom)
        if outline:
            packet["polygon"] = {
                "positions": {"cartographicDegrees": outline},
                "material": {"solidColor": {"color": {"rgba": [192, 48, 48, 60]}}},
                "outline": True,
            }
        packets.append(packet)
    return packets


def _day(day: Any) -> float | None:
    from dashboard.engine.timeline import day_number

    return None if day is None else day_number(day)


def _outline(geom: Any) -> list[float]:
    """The largest polygon's exterior ring as lon, lat, height triples (a CZML polygon has one outline)."""
    if geom is None or geom.is_empty:
        return []
    polys = list(getattr(geom, "geoms", [geom]))
    polys = [p for p in polys if p.geom_type == "Polygon"]
    if not polys:
        return []
    biggest = max(polys, key=lambda p: p.area)
    out: list[float] = []
    for x, y in list(biggest.exterior.coords):
        out += [round(x, 6), round(y, 6), 0.0]
    return out


@without_gc
def export_czml(loaded: Any, options: Any, out: Path, *, timeline: Any = None, **_: Any) -> Path:
    from dashboard.export.files import write_bytes_atomic
    from dashboard.interchange.icons import unit_icons

    icons = unit_icons(loaded)
    # Each billboard's data URI (2 KB, the same for every movement of a unit) goes through json's encoder
    # as a short placeholder, put back after: the same bytes, a fraction of the encoding (most of the file).
    token = f"deploymap-icon-{secrets.token_hex(8)}-"
    uris = {png: _data_uri(png) for png in dict.fromkeys(icons.values())}
    placeholders = {png: f"{token}{k}" for k, png in enumerate(uris)}
    packets = czml_packets(loaded, options, timeline, icons, uri=placeholders.__getitem__)
    data = json_bytes(packets)
    by_k = [u.encode("utf-8") for u in uris.values()]
    data = re.sub(re.escape(token.encode("ascii")) + rb"(\d+)", lambda m: by_k[int(m.group(1))], data)
    write_bytes_atomic(out, data)
    return Path(out)


# ---------------------------------------------------------------------------- import


@without_gc
def read_czml(path: Path) -> ImportResult:  # noqa: C901 (one rule per kind of packet)
    from dashboard.interchange.geojson_in import read_features

    path = Path(path)
    shown = path.name
    packets, failed = read_json(path, MAX_CZML_BYTES, "CZML")
    if failed is not None:
        return failed
    if (
        not isinstance(packets, list)
        or not packets
        or not isinstance(packets[0], dict)
        or packets[0].get("id") != "document"
    ):
        return _problem(shown, "is not CZML: a list of packets whose first is the 'document' packet")
    result = ImportResult()
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {s: [] for s in SECTION_COLUMNS}
    features: list[dict[str, Any]] = []
    for n, packet in enumerate(packets[1:], start=2):
        label = f"packet {n}"
        if not isinstance(packet, dict):
            result.problems.append(Problem(shown, None, label, None, "is not a JSON object"))
            continue
        props = packet.get("properties")
        if isinstance(props, dict) and props.get("section") in rows:
            rows[props["section"]].append((n, {k: _plain(v) for k, v in props.items()}))
            continue
        raw = packet.get("position")
        position: dict[str, Any] = raw if isinstance(raw, dict) else {}
        samples = position.get("cartographicDegrees")
        if not isinstance(samples, list) or len(samples) < 8 or len(samples) % 4:
            continue  # not a moving object: nothing this dataset holds
        try:
            epoch = position.get("epoch")
            times = [_offset(epoch, samples[k]) for k in range(0, len(samples), 4)]
            coords = [[float(samples[k + 1]), float(samples[k + 2])] for k in range(0, len(samples), 4)]
        except (TypeError, ValueError):
            result.problems.append(
                Problem(
                    shown,
                    None,
                    f"{label} (id {str(packet.get('id'))[:60]!r})",
                    "position",
                    "samples are not time, lon, lat, height",
                )
            )
            continue
        features.append(
            {
                "type": "Feature",
                "id": packet.get("id"),
                "properties": {
                    "unit": str(packet.get("name") or packet.get("id") or label),
                    "start": times[0],
                    "end": times[-1],
                },
                "geometry": {"type": "LineString", "coordinates": coords},
            }
        )
    for section, found in rows.items():
        rows_to_records(section, found, shown, result, where="packet")
    if features:
        result.extend(read_features(features, shown))
    return result


def _plain(value: Any) -> Any:
    """A CZML custom property's value: a plain value, or a {"string"|"number": v} wrapper."""
    if isinstance(value, dict):
        for key in ("string", "number", "boolean"):
            if key in value:
                return value[key]
    return value


def _offset(epoch: Any, t: Any) -> str:
    """A sample's time (seconds after `epoch`, or an ISO string) as an ISO instant."""
    import datetime as dt

    if isinstance(t, str):
        dt.datetime.fromisoformat(t.replace("Z", "+00:00"))  # ValueError when it is not a time
        return t
    if not isinstance(epoch, str) or isinstance(t, bool) or not isinstance(t, (int, float)):
        raise ValueError("a sample time needs an epoch")
    base = dt.datetime.fromisoformat(epoch.replace("Z", "+00:00"))
    return (base + dt.timedelta(seconds=float(t))).strftime("%Y-%m-%dT%H:%M:%SZ")
