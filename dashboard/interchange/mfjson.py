"""OGC Moving Features JSON (MF-JSON, OGC 19-045r3), out and in.

Export rule (`export_mfjson`): a MovingFeatureCollection with one MovingFeature per movement: its
`temporalGeometry` a MovingPoint (`datetimes` and `coordinates` along the geodesic on the map's schedule,
`interpolation` Linear, see `tracks`), its `time` the sources' window ([earliest possible departure,
latest possible arrival], null where open), its `properties` the movement's row of
`tables.SECTION_COLUMNS` (dates as EDTF text, numbers as written, citations as JSON) plus `unit_name`,
`depart_words`, `arrive_words`. `crs` is CRS84 and `trs` the Gregorian calendar (ISO 8601), as the
standard's examples. MF-JSON has no place for places, units, events, areas or sources: they travel in
the foreign member `dashboard:records` (RFC 7946 section 6.1 allows foreign members), so our import
gives every record back; another MF-JSON reader ignores it.

Import rule (`read_mfjson`): our `dashboard:records` and movement properties are read back as records.
Another tool's MovingPoint features become movements from their first to their last position, dated
by their first and last datetimes (or `time`), the unit from a `name`/`unit` property or the feature's
id; without a source, said in a note citation, and listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard.core.gcpause import without_gc
from dashboard.core.problems import Problem
from dashboard.interchange.tables import (
    SECTIONS,
    ImportResult,
    dataset_tables,
    json_bytes,
    read_json,
    rows_to_records,
)
from dashboard.interchange.tables import file_problem as _problem
from dashboard.interchange.tracks import iso, movement_tracks

FOREIGN = "dashboard:records"
MAX_MFJSON_BYTES = 200 * 1024 * 1024
CRS84 = {"type": "Name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
TRS = {"type": "Link", "properties": {"type": "OGCDEF", "href": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}}


def mfjson_collection(loaded: Any, options: Any, timeline: Any = None) -> dict[str, Any]:
    from dashboard.engine.timeline import build_timeline

    movement_ids = getattr(options, "movement_ids", None)
    timeline = timeline if timeline is not None else build_timeline(loaded)
    tables = dataset_tables(loaded, movement_ids)
    rows_of = {r["id"]: r for r in tables["movements"]}
    units = loaded.units
    features = []
    for t in movement_tracks(loaded, timeline, movement_ids):
        m = t.movement
        props: dict[str, Any] = {k: v for k, v in rows_of[m.id].items() if v is not None}
        props["unit_name"] = units[m.unit].name
        props["depart_words"] = m.depart.words() if m.depart else None
        props["arrive_words"] = m.arrive.words() if m.arrive else ("estimated" if t.estimated else None)
        features.append(
            {
                "type": "Feature",
                "id": m.id,
                "crs": CRS84,
                "trs": TRS,
                "time": [iso(t.window[0]), iso(t.window[1])],
                "temporalGeometry": {
                    "type": "MovingPoint",
                    "datetimes": t.times,
                    "coordinates": t.coords,  # (lon, lat) pairs: JSON writes them as lists
                    "interpolation": "Linear",
                },
                "properties": props,
            }
        )
    records = {s: tables[s] for s in SECTIONS if s != "movements" and tables[s]}
    return {"type": "FeatureCollection", "features": features, FOREIGN: records}


@without_gc
def export_mfjson(loaded: Any, options: Any, out: Path, *, timeline: Any = None, **_: Any) -> Path:
    from dashboard.export.files import write_bytes_atomic

    write_bytes_atomic(out, json_bytes(mfjson_collection(loaded, options, timeline)))
    return Path(out)


@without_gc
def read_mfjson(path: Path) -> ImportResult:  # noqa: C901 (one rule per kind of member)
    from dashboard.interchange.geojson_in import read_features

    path = Path(path)
    shown = path.name
    data, failed = read_json(path, MAX_MFJSON_BYTES, "MF-JSON")
    if failed is not None:
        return failed
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        return _problem(
            shown, "is not MF-JSON: a MovingFeatureCollection ('type': 'FeatureCollection' with 'features')"
        )
    result = ImportResult()
    records = data.get(FOREIGN)
    if isinstance(records, dict):
        for section in SECTIONS:
            rows = records.get(section)
            if isinstance(rows, list):
                numbered = [(k, r) for k, r in enumerate(rows, start=1) if isinstance(r, dict)]
                rows_to_records(section, numbered, f"{shown} [{FOREIGN}.{section}]", result, where="item")
    ours: list[tuple[int, dict[str, Any]]] = []
    others: list[dict[str, Any]] = []
    for n, feature in enumerate(data["features"], start=1):
        label = f"feature {n}"
        if not isinstance(feature, dict):
            result.problems.append(Problem(shown, None, label, None, "is not a JSON object"))
            continue
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        geom = feature.get("temporalGeometry")
        if not isinstance(geom, dict) or geom.get("type") != "MovingPoint":
            kind = geom.get("type") if isinstance(geom, dict) else None
            result.problems.append(
                Problem(
                    shown,
                    None,
                    label,
                    "temporalGeometry",
                    f"has no MovingPoint temporalGeometry (found {str(kind)[:30]})",
                )
            )
            continue
        if isinstance(props, dict) and {"unit", "from", "to", "citations"} <= set(props):
            ours.append((n, props))
            continue
        coords, times = geom.get("coordinates"), geom.get("datetimes")
        if not isinstance(coords, list) or not isinstance(times, list) or len(coords) != len(times) or len(coords) < 2:
            result.problems.append(
                Problem(shown, None, label, "temporalGeometry", "needs as many datetimes as coordinates, two at least")
            )
            continue
        raw_span = feature.get("time")
        span: list[Any] = raw_span if isinstance(raw_span, list) and raw_span else [None, None]
        others.append(
            {
                "type": "Feature",
                "id": feature.get("id"),
                "properties": {
                    **{k: v for k, v in (props or {}).items() if not isinstance(v, (dict, list))},
                    "unit": (props or {}).get("unit") or (props or {}).get("name") or str(feature.get("id") or label),
                    "start": span[0] or times[0],
                    "end": (span[1] if len(span) > 1 else None) or times[-1],
                },
                "geometry": {"type": "LineString", "coordinates": coords},
            }
        )
    rows_to_records("movements", ours, shown, result, where="feature")
    if others:
        result.extend(read_features(others, shown))
    return result
