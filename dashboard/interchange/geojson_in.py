"""GeoJSON in: a FeatureCollection of lines (movements) and points (events, places) with times.

Rule:
- A LineString (or MultiLineString) feature is a movement from its first to its last vertex. Its
  properties are read like an analyst's table row (`mapping`): `unit` (or `unit_name`, `name`), `from` /
  `to` (names; the vertices give the coordinates), dates from the common time conventions: `depart` /
  `arrive`, `start` / `end`, `begin` / `end`, `start_time` / `end_time`, `start_datetime` /
  `end_datetime` (STAC), `datetime` or `time` (one instant, or a two-item interval), `times` (an array
  of instants: the first and last), `strength`, `source` (a URL), `quote`. Our own GeoJSON export (its
  `route` features) reads back this way.
- A Point with a time (`time`, `datetime`, `date`, or a start/end pair) is an event at that point
  (`name` or `title`); a Point without a time is a place. Places made from coordinates get the basemap
  country they lie in (or a `country` property).
- A feature that is none of these, or whose time or number cannot be read, is a problem naming the
  feature (its index, from 1, and its `id` when it has one); the rest of the file is still read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard.core.claims import parse_when
from dashboard.core.gcpause import without_gc
from dashboard.core.problems import Problem
from dashboard.interchange.mapping import Places, map_columns, read_movement_rows, slug_id, when_text
from dashboard.interchange.tables import ImportResult, cell_text, read_json
from dashboard.interchange.tables import file_problem as _problem

MAX_GEOJSON_BYTES = 200 * 1024 * 1024
START_KEYS = ("depart", "start", "begin", "start_time", "start_datetime", "starttime", "from_date", "valid_from")
END_KEYS = ("arrive", "end", "end_time", "end_datetime", "endtime", "to_date", "valid_to")
INSTANT_KEYS = ("datetime", "time", "date", "timestamp", "when")


def _day(value: Any) -> str | None:
    """A time property as an EDTF day (an ISO datetime's date: no sharper than the instant it gives)."""
    text = when_text(value)
    if text is None:
        return None
    if len(text) > 10 and text[4:5] == "-" and text[10:11] in ("T", " "):
        return text[:10]
    return text


def _times(props: dict[str, Any]) -> tuple[str | None, str | None]:
    lower = {str(k).lower(): v for k, v in props.items()}
    start = next((_day(lower[k]) for k in START_KEYS if _day(lower.get(k)) is not None), None)
    end = next((_day(lower[k]) for k in END_KEYS if _day(lower.get(k)) is not None), None)
    if start is None and end is None:
        for k in INSTANT_KEYS:
            v = lower.get(k)
            if isinstance(v, list) and len(v) == 2:
                return _day(v[0]), _day(v[1])
            if _day(v) is not None:
                return _day(v), _day(v)
        times = lower.get("times")
        if isinstance(times, list) and times:
            return _day(times[0]), _day(times[-1])
    return start, end


def _line(geom: dict[str, Any]) -> list[list[float]]:
    coords: list[Any] = geom.get("coordinates") or []
    if geom.get("type") == "MultiLineString":
        coords = [c for part in coords for c in part]
    return coords


def _xy(position: Any) -> tuple[float, float]:
    """[longitude, latitude, ...] as two floats; TypeError when it is not."""
    if not isinstance(position, list) or len(position) < 2:
        raise TypeError("not a position")
    lon, lat = position[0], position[1]
    if (
        isinstance(lon, bool)
        or isinstance(lat, bool)
        or not isinstance(lon, (int, float))
        or not isinstance(lat, (int, float))
    ):
        raise TypeError("not numbers")
    return float(lon), float(lat)


@without_gc
def read_geojson(path: Path) -> ImportResult:  # noqa: C901 (one rule per kind of feature)
    path = Path(path)
    shown = path.name
    data, failed = read_json(path, MAX_GEOJSON_BYTES, "GeoJSON")
    if failed is not None:
        return failed
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        return _problem(shown, "is not a GeoJSON FeatureCollection (a 'type': 'FeatureCollection' with 'features')")
    return read_features(data["features"], shown)


def read_features(features: list[Any], shown: str) -> ImportResult:  # noqa: C901 (one rule per kind of feature)
    """GeoJSON features as an import (see the module's rule); problems name `shown` and the feature."""
    result = ImportResult()
    places = Places()
    positions = {  # our state export: a route's dates, numbers and places are on its position feature
        f["properties"]["movement"]: f["properties"]
        for f in features
        if isinstance(f, dict)
        and isinstance(f.get("properties"), dict)
        and f["properties"].get("kind") == "position"
        and isinstance(f["properties"].get("movement"), str)
    }
    lines: list[tuple[int, dict[str, Any]]] = []
    ids: set[str] = set()
    for n, feature in enumerate(features, start=1):
        fid = feature.get("id") if isinstance(feature, dict) else None
        label = f"feature {n}" + (f" (id {str(fid)[:60]!r})" if fid is not None else "")

        def bad(fld: str | None, message: str, _label: str = label) -> None:
            result.problems.append(Problem(shown, None, _label, fld, message))

        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            bad("geometry", "is not a Feature with a geometry")
            continue
        raw = feature.get("properties")
        props: dict[str, Any] = raw if isinstance(raw, dict) else {}
        if props.get("kind") in ("position", "possible_route", "area"):
            continue  # our state export: positions and stretches on the date, derived from the routes
        if props.get("kind") == "route" and props.get("movement") in positions:
            props = {**positions[props["movement"]], **props}
            if props.get("strength_words"):
                props["strength"] = props["strength_words"]  # the number as written ("about 1,000")
        geom = feature["geometry"]
        kind = geom.get("type")
        start, end = _times(props)
        try:
            if kind in ("LineString", "MultiLineString"):
                coords = _line(geom)
                if len(coords) < 2:
                    bad("geometry", "a line needs two points at least")
                    continue
                (lon0, lat0), (lon1, lat1) = _xy(coords[0]), _xy(coords[-1])
                row = {k: v for k, v in props.items() if not isinstance(v, (dict, list))}
                row.update(
                    {
                        "from_lat": lat0,
                        "from_lon": lon0,
                        "to_lat": lat1,
                        "to_lon": lon1,
                        "depart": start,
                        "arrive": end if end != start or "depart" in props else None,
                    }
                )
                if props.get("movement") and not props.get("id"):
                    row["id"] = props["movement"]
                if "unit" not in row and "name" in row:
                    row["unit"] = row.pop("name")
                lines.append((n, row))
            elif kind == "Point":
                lon, lat = _xy(geom["coordinates"])
                name = cell_text(props.get("name") or props.get("title") or props.get("place")) or f"point {n}"
                date = start if start == end or end is None else (f"../{end}" if start is None else f"{start}/{end}")
                if date is not None:
                    parse_when(date)
                pid, why = places.at(name, float(lat), float(lon), cell_text(props.get("country")), f"{shown} {label}")
                if pid is None:
                    bad("geometry", why)
                    continue
                if date is None:
                    continue
                eid = slug_id(str(props.get("id") or fid or f"ev-{name}"))
                while eid in ids:
                    eid = f"{eid}-{n}"
                ids.add(eid)
                event: dict[str, Any] = {"id": eid, "name": name, "date": date, "place": pid}
                if cell_text(props.get("description")):
                    event["description"] = cell_text(props.get("description"))
                event["citations"] = [{"note": f"Imported from {shown} {label}, which gives no source."}]
                result.data["events"].append(event)
            else:
                bad("geometry", f"a {str(kind)[:30]} is neither a line (a movement) nor a point (an event or place)")
        except ValueError as exc:
            bad("time", str(exc))
        except (TypeError, IndexError):
            bad("geometry", "coordinates are not [longitude, latitude] numbers")
    result.data["places"].extend(places.records.values())
    if lines:
        headers = list(dict.fromkeys(k for _, row in lines for k in row))
        columns, _ = map_columns(headers, {})
        for end_name in ("from", "to"):
            for axis in ("lat", "lon"):
                columns[f"{end_name}_{axis}"] = f"{end_name}_{axis}"
        columns["depart"], columns["arrive"] = "depart", "arrive"
        read_movement_rows(lines, columns, shown, result, kind="feature")
    if result.data["events"]:
        result.problems.append(
            Problem(
                shown, None, None, "citations", "events imported without a source: each has a note saying so", todo=True
            )
        )
    return result
