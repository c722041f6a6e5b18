"""The state at a date as an RFC 7946 FeatureCollection (positions, routes, possible routes, events, areas).

Coordinates are wrapped to [-180, 180) and rounded to `COORD_DIGITS` with numpy, whole arrays at a
time; routes over the antimeridian are cut there (RFC 7946, section 3.1.9).

Claims are carried as the sources give them (documented in the README, "GeoJSON properties"): every
date as written (EDTF) with its earliest and latest day (null where open) and in words, every number
with its lowest and highest value (null: no upper bound) and in words, which fields sources dispute,
the place precision of each end, and for each field the ids of the sources whose quotes back it and
how it is backed (quote, curator, record, unsupported). A position the sources do not pin down
(`certain` false) also gets a `possible_route` feature: the stretch of route where the unit may be."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry import mapping

from dashboard.core.claims import Amount, When, window_phrase
from dashboard.core.coverage import field_support
from dashboard.core.gcpause import gc_paused
from dashboard.core.loader import LoadedDataset
from dashboard.core.model import COVERED_FIELDS, Area, Event, Movement, claim_attr, claim_value
from dashboard.engine.timeline import (
    GEOD,
    PHASES,
    Timeline,
    areas_valid_on,
    events_on_or_before,
    state_at,
    stretch,
)

COORD_DIGITS = 5  # about 1 m
RouteDetail = Literal["simplified", "full", "none"]
ROUTE_DETAILS: tuple[RouteDetail, ...] = ("simplified", "full", "none")
SIMPLIFIED_STEP_KM = 500.0  # "simplified": a geodesic point at least every 500 km ...
SIMPLIFIED_MAX_SEGMENTS = 16  # ... and at most 17 points a route (the timeline's routes have up to 130)


def _wrap(lon: np.ndarray) -> np.ndarray:
    return ((np.asarray(lon, dtype=float) + 180.0) % 360.0) - 180.0


# JSON text as `json.dumps(value, ensure_ascii=False, separators=(",", ":"))` writes it
_string_text = json.encoder.encode_basestring  # a str as JSON (the C encoder json.dumps uses)


def json_text(value: Any) -> str:
    """`value` as compact JSON, exactly as the export writes it (UTF-8 text, not escaped to ASCII)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _text(value: str | None) -> str:
    """A string or null as JSON."""
    return "null" if value is None else _string_text(value)


def _number_texts(values: np.ndarray) -> list[str]:
    """Each float of `values` as JSON writes it (float repr; NaN and infinities as json.dumps does), a
    whole array at once."""
    a = np.asarray(values, dtype=float)
    texts = list(map(float.__repr__, a.tolist()))
    bad = ~np.isfinite(a)
    if bad.any():
        for j in np.flatnonzero(bad).tolist():
            texts[j] = json_text(float(a[j]))
    return texts


def _rounded_pairs(lon: np.ndarray, lat: np.ndarray) -> list[list[float]]:
    """[[lon, lat], ...] with lon wrapped, both rounded in one numpy call each."""
    pairs: list[list[float]] = np.column_stack(
        [np.round(_wrap(lon), COORD_DIGITS), np.round(lat, COORD_DIGITS)]
    ).tolist()
    return pairs


def split_antimeridian(coords: np.ndarray) -> list[list[list[float]]]:
    """Cut an unwrapped lon/lat line where it crosses +-180 (RFC 7946, section 3.1.9)."""
    lon, lat = _wrap(coords[:, 0]), np.asarray(coords[:, 1], dtype=float)
    pts = _rounded_pairs(lon, lat)
    cuts = np.flatnonzero(np.abs(np.diff(lon)) > 180).tolist()
    parts: list[list[list[float]]] = []
    start: list[list[float]] = []
    begin = 0
    for k in cuts:
        px, py, x, y = float(lon[k]), float(lat[k]), float(lon[k + 1]), float(lat[k + 1])
        edge = 180.0 if px > 0 else -180.0
        dx = (x + 360 if px > 0 else x - 360) - px
        t = (edge - px) / dx if dx else 0.0
        ylat = round(py + t * (y - py), COORD_DIGITS)
        parts.append(start + pts[begin : k + 1] + [[edge, ylat]])
        start, begin = [[-edge, ylat]], k + 1
    parts.append(start + pts[begin:])
    return parts


def _line_geometry(parts: list[list[list[float]]]) -> dict[str, Any]:
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _route_geometry(coords: np.ndarray) -> dict[str, Any]:
    return _line_geometry(split_antimeridian(coords))


def _simplified_samples(
    timeline: Timeline, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The points of `simplified_routes`, all routes at once: (lon, lat, wrapped lon, each route's first
    and last point index, whether it crosses the antimeridian)."""
    length = np.nan_to_num(timeline.length_m[rows].astype(float))
    segs = np.clip(np.ceil(length / 1000 / SIMPLIFIED_STEP_KM), 1, SIMPLIFIED_MAX_SEGMENTS).astype(int)
    counts = segs + 1
    owner = np.repeat(np.arange(rows.size), counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    frac = (np.arange(owner.size) - starts[owner]) / segs[owner]
    src = rows[owner]
    lon, lat, _ = GEOD.fwd(timeline.from_lon[src], timeline.from_lat[src], timeline.azimuth[src], length[owner] * frac)
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    last = starts + segs  # the endpoints exactly as the data has them
    lon[starts], lat[starts] = timeline.from_lon[rows], timeline.from_lat[rows]
    lon[last], lat[last] = timeline.to_lon[rows], timeline.to_lat[rows]
    wrapped = _wrap(lon)
    jump = np.abs(np.diff(wrapped)) > 180
    jump[last[:-1]] = False  # from one route's end to the next route's start is no crossing
    crossing = np.zeros(rows.size, dtype=bool)
    crossing[owner[:-1][jump]] = True
    return lon, lat, wrapped, starts, last, crossing


def simplified_routes(timeline: Timeline, rows: np.ndarray) -> list[dict[str, Any]]:
    """The geodesic of each movement in `rows`, sampled every `SIMPLIFIED_STEP_KM` at most (2 to 17
    points), in one vectorised `Geod.fwd` call, as GeoJSON geometries (cut at the antimeridian)."""
    if rows.size == 0:
        return []
    lon, lat, wrapped, starts, last, crossing = _simplified_samples(timeline, rows)
    pts = _rounded_pairs(wrapped, lat)
    out: list[dict[str, Any]] = []
    for k, (s, e) in enumerate(zip(starts.tolist(), (last + 1).tolist())):
        if crossing[k]:
            out.append(_route_geometry(np.column_stack([lon[s:e], lat[s:e]])))
        else:
            out.append({"type": "LineString", "coordinates": pts[s:e]})
    return out


def simplified_routes_json(timeline: Timeline, rows: np.ndarray) -> list[str]:
    """`simplified_routes` as JSON texts (as `json_text` writes each geometry): the coordinates of all
    routes written at once (`_number_texts`), each route then one join."""
    if rows.size == 0:
        return []
    lon, lat, wrapped, starts, last, crossing = _simplified_samples(timeline, rows)
    xs = _number_texts(np.round(_wrap(wrapped), COORD_DIGITS))
    ys = _number_texts(np.round(lat, COORD_DIGITS))
    pairs = list(map("[{},{}]".format, xs, ys))
    out: list[str] = []
    for k, (s, e) in enumerate(zip(starts.tolist(), (last + 1).tolist())):
        if crossing[k]:
            out.append(json_text(_route_geometry(np.column_stack([lon[s:e], lat[s:e]]))))
        else:
            out.append('{"type":"LineString","coordinates":[' + ",".join(pairs[s:e]) + "]}")
    return out


def state_feature_collection(
    loaded: LoadedDataset,
    timeline: Timeline,
    when: dt.date | dt.datetime,
    movement_ids: set[str] | frozenset[str] | None = None,
    route: RouteDetail = "simplified",
) -> dict[str, Any]:
    """The state on `when`; `movement_ids` limits it to a filtered selection.

    `route` is what each movement's route feature carries: "simplified" (the default) the geodesic
    sampled every 500 km at most (2 to 17 points, within a few km of the map's line), "full" the
    timeline's route as the map draws it (a point every 50 km, up to 130), "none" no route features."""
    if route not in ROUTE_DETAILS:
        raise ValueError(f"route must be one of {', '.join(ROUTE_DETAILS)}; got {route!r}")
    with gc_paused():
        return _collection(loaded, timeline, when, movement_ids, route)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def when_properties(name: str, w: When | None) -> dict[str, Any]:
    """A date field as properties: `name` as written (EDTF), `name_earliest` / `name_latest` (ISO days,
    null where the date is open), `name_words` ("by 10 Feb 2022"); all null when the field is absent."""
    if w is None:
        return {name: None, f"{name}_earliest": None, f"{name}_latest": None, f"{name}_words": None}
    if w.alternatives:
        return _when_properties(name, w)
    # Datasets repeat the same dates: each worked out once. A date without alternatives is
    # a function of its text (the EDTF string it was parsed from), a cheap key.
    key = (name, w.text)
    items = _TEXT_CACHE.get(key)
    if items is None:
        items = _remember(key, tuple(_when_properties(name, w).items()))
    return dict(items)


_TEXT_CACHE: dict[tuple[Any, ...], Any] = {}


def _remember(key: tuple[Any, ...], value: Any) -> Any:
    if len(_TEXT_CACHE) > 65536:
        _TEXT_CACHE.clear()
    _TEXT_CACHE[key] = value
    return value


def _when_properties(name: str, w: When) -> dict[str, Any]:
    return {
        name: w.text,
        f"{name}_earliest": _iso(w.earliest),
        f"{name}_latest": _iso(w.latest),
        f"{name}_words": w.words(),
    }


def amount_properties(name: str, a: Amount | None) -> dict[str, Any]:
    """A number field as properties: `name` (one number to size or sort by: the stated value, a range's
    middle, a bound), `name_min` / `name_max` (null max: no upper bound, "over N"), `name_approximate`
    (true for "about N": min and max are then the stated number, not a spread the source never gave),
    `name_words` ("about 1,000", "800–1,000", "over 100,000"); all null when the field is absent."""
    if a is None:
        return {
            name: None,
            f"{name}_min": None,
            f"{name}_max": None,
            f"{name}_approximate": None,
            f"{name}_words": None,
        }
    if a.alternatives:
        return {
            name: a.value,
            f"{name}_min": a.low,
            f"{name}_max": a.high,
            f"{name}_approximate": a.approximate,
            f"{name}_words": a.words(),
        }
    key = ("amount", name, a.text)  # a number without alternatives is a function of its text
    items = _TEXT_CACHE.get(key)
    if items is None:
        items = _remember(
            key,
            (
                (name, a.value),
                (f"{name}_min", a.low),
                (f"{name}_max", a.high),
                (f"{name}_approximate", a.approximate),
                (f"{name}_words", a.words()),
            ),
        )
    return dict(items)


def support_properties(section: str, record: Any) -> dict[str, Any]:
    """`disputed`: the fields whose sources disagree (no preferred value); `supports`: for each asserted
    field, the ids of the sources whose quotes back it; `support_status`: how each field is backed
    (quote, curator, record, unsupported; see dashboard.core.coverage)."""
    key = _support_key(section, record)
    if key is None:
        return _support_properties(section, record)
    cached = _SUPPORT_CACHE.get(key)
    citations = record.citations
    if cached is None:
        if len(_SUPPORT_CACHE) > 4096:
            _SUPPORT_CACHE.clear()
        props = _support_properties(section, record)
        first: dict[str | None, int] = {}
        for j, c in enumerate(citations):
            first.setdefault(c.source, j)
        _SUPPORT_CACHE[key] = cached = (
            {f: tuple(first[src] for src in ids) for f, ids in props["supports"].items()},
            props["support_status"],
        )
        return props
    where, status = cached
    return {
        "disputed": [],
        "supports": {f: [citations[j].source for j in idx] for f, idx in where.items()},
        "support_status": dict(status),
    }


# (section, fields asserted, citations' shape) -> (per field, the citations whose sources back it; status)
_SUPPORT_CACHE: dict[tuple[Any, ...], tuple[dict[str, tuple[int, ...]], dict[str, str]]] = {}


# each covered field with the attribute holding it (model.claim_value; None: worked out by claim_value)
_COVERED_ATTRS = {
    section: tuple((name, None if name == "location" else claim_attr(name)) for name in names)
    for section, names in COVERED_FIELDS.items()
}


def _support_key(section: str, record: Any) -> tuple[Any, ...] | None:
    """What a record's field support depends on: which fields it asserts, and for each citation whether
    it quotes or notes, which fields it names, and which earlier citation has the same source (not the
    source's id: records cited alike by different sources share a key). None when a field holds
    alternatives (their sources and disagreement are worked out each time)."""
    present = []
    for name, attr in _COVERED_ATTRS.get(section, ()):
        value = claim_value(record, name) if attr is None else getattr(record, attr, None)
        if value is None:
            continue
        if getattr(value, "alternatives", ()):
            return None
        present.append(name)
    citations = record.citations
    if len(citations) == 1:  # most records: one citation, its own first
        c = citations[0]
        one = (0, c.quote is not None, c.note is not None, tuple(c.supports) if c.supports is not None else None)
        return (section, tuple(present), (one,))
    first: dict[str | None, int] = {}
    cites = []
    for j, c in enumerate(citations):
        cites.append(
            (
                first.setdefault(c.source, j),
                c.quote is not None,
                c.note is not None,
                tuple(c.supports) if c.supports is not None else None,
            )
        )
    return (section, tuple(present), tuple(cites))


def _support_properties(section: str, record: Any) -> dict[str, Any]:
    support = field_support(section, record)
    disputed = []
    for s in support:
        value = claim_value(record, s.field)
        if getattr(value, "disputed", False):
            disputed.append(s.field)
    return {
        "disputed": disputed,
        "supports": {s.field: list(s.sources) for s in support},
        "support_status": {s.field: s.status for s in support},
    }


def window_words(m: Movement, estimated: bool = False) -> str:
    """The movement's dates in one phrase, no sharper than written (dashboard.core.claims.window_phrase,
    cached by the dates' texts): "departed by 10 Feb 2022, day not reported; arrival not reported:
    estimated", "arrival between 10 and 17 Feb 2022". A missing departure is left out when the
    arrival is given (the sources name only the arrival)."""
    d, a = m.depart, m.arrive
    if (d is not None and d.alternatives) or (a is not None and a.alternatives):
        return window_phrase(d, a, estimated)
    key = ("window", d.text if d is not None else None, a.text if a is not None else None, estimated)
    words = _TEXT_CACHE.get(key)
    if words is None:
        words = _remember(key, window_phrase(d, a, estimated))
    return str(words)


def _place_precision(loaded: LoadedDataset, pid: str) -> str | None:
    p = loaded.places.get(pid)
    return p.precision if p is not None else None


def _collection(
    loaded: LoadedDataset,
    timeline: Timeline,
    when: dt.date | dt.datetime,
    movement_ids: set[str] | frozenset[str] | None,
    route: RouteDetail,
) -> dict[str, Any]:
    st = state_at(timeline, when)
    moves = loaded.dataset.movements
    rows = np.array(
        [i for i, m in enumerate(moves) if movement_ids is None or m.id in movement_ids], dtype=np.intp
    ).reshape(-1)
    positions = _rounded_pairs(st.lon[rows], st.lat[rows])
    progress = np.round(st.progress[rows].astype(float), 4).tolist()
    progress_hi = np.round(st.progress_hi[rows].astype(float), 4).tolist()
    certain = st.certain[rows].astype(bool).tolist()
    estimated = timeline.arrive_estimated[rows].astype(bool).tolist()
    features: list[dict[str, Any]] = []
    uncertain_rows: list[tuple[int, int]] = []
    for k, i in enumerate(rows.tolist()):
        m = moves[i]
        words = window_words(m, estimated[k])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": positions[k]},
                "properties": {
                    "kind": "position",
                    "movement": m.id,
                    "unit": m.unit,
                    "progress": progress[k],
                    "phase": PHASES[st.phase[i]],
                    **amount_properties("strength", m.strength),
                    "confidence": m.confidence,
                    "arrive_estimated": estimated[k],
                    "certain": certain[k],
                    "progress_min": progress[k],
                    "progress_max": progress_hi[k],
                    "words": words,
                    **when_properties("depart", m.depart),
                    **when_properties("arrive", m.arrive),
                    "from": m.from_,
                    "to": m.to,
                    "from_precision": _place_precision(loaded, m.from_),
                    "to_precision": _place_precision(loaded, m.to),
                    **support_properties("movements", m),
                },
            }
        )
        if not certain[k]:
            uncertain_rows.append((k, i))
    for k, i in uncertain_rows:  # where a unit may be, when the sources do not say where it is
        features.append(_possible_route(timeline, st, moves[i], i, progress[k], progress_hi[k], estimated[k]))
    if route != "none":
        if route == "full":
            geometries = [_route_geometry(timeline.routes[i]) for i in rows.tolist()]
        else:
            geometries = simplified_routes(timeline, rows)
        for i, geometry in zip(rows.tolist(), geometries):
            m = moves[i]
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {"kind": "route", "movement": m.id, "unit": m.unit},
                }
            )
    features.extend(_events_and_areas(loaded, when))
    return {"type": "FeatureCollection", "date": _day_of(st, when).isoformat(), "features": features}


def _day_of(st: Any, when: dt.date | dt.datetime) -> dt.date:
    return st.date if not isinstance(when, dt.date) else (when.date() if isinstance(when, dt.datetime) else when)


def _possible_route(
    timeline: Timeline, st: Any, m: Movement, i: int, lo: float, hi: float, estimated: bool
) -> dict[str, Any]:
    """The stretch of route where movement `m` (row `i`) may be, between progress `lo` and `hi`."""
    return {
        "type": "Feature",
        "geometry": _route_geometry(stretch(timeline, i, lo, hi)),
        "properties": {
            "kind": "possible_route",
            "movement": m.id,
            "unit": m.unit,
            "progress_min": lo,
            "progress_max": hi,
            "phase": PHASES[st.phase[i]],
            "words": window_words(m, estimated),
        },
    }


def _events_and_areas(loaded: LoadedDataset, when: dt.date | dt.datetime) -> list[dict[str, Any]]:
    """The features of the events on or before `when` and of the areas valid on it."""
    features: list[dict[str, Any]] = []
    places = loaded.places
    events = events_on_or_before(loaded, when)
    where = _rounded_pairs(
        np.array([places[e.place].lon for e in events], dtype=float),
        np.array([places[e.place].lat for e in events], dtype=float),
    )
    for e, xy in zip(events, where):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": xy},
                "properties": _event_properties(loaded, e),
            }
        )
    for a in areas_valid_on(loaded, when):
        geom = shapely.orient_polygons(loaded.geometries[a.id])  # RFC 7946: outer rings counter-clockwise
        features.append({"type": "Feature", "geometry": mapping(geom), "properties": _area_properties(a)})
    return features


# ------------------------------------------------------------------ the same collection as JSON text

_BOOL_TEXT = ("false", "true")
# support pattern (_support_key) -> the properties' text with a %s for each backing source, and which
# citation (index into the record's citations) fills each
_SUPPORT_TEXT: dict[tuple[Any, ...], tuple[str, tuple[int, ...]]] = {}


def state_feature_collection_json(
    loaded: LoadedDataset,
    timeline: Timeline,
    when: dt.date | dt.datetime,
    movement_ids: set[str] | frozenset[str] | None = None,
    route: RouteDetail = "simplified",
) -> str:
    """`state_feature_collection` as the compact JSON text the export writes, the same text as
    `json_text(state_feature_collection(...))` without building the collection: each position's
    properties are joined from pieces written once per distinct date, number and support pattern,
    and coordinates and numbers are written a whole column at once (100,000 movements: every
    feature's dict, then json.dumps of it all, were most of an export's time)."""
    if route not in ROUTE_DETAILS:
        raise ValueError(f"route must be one of {', '.join(ROUTE_DETAILS)}; got {route!r}")
    with gc_paused():
        return _collection_json(loaded, timeline, when, movement_ids, route)


def _collection_json(
    loaded: LoadedDataset,
    timeline: Timeline,
    when: dt.date | dt.datetime,
    movement_ids: set[str] | frozenset[str] | None,
    route: RouteDetail,
) -> str:
    st = state_at(timeline, when)
    moves = loaded.dataset.movements
    rows = np.array(
        [i for i, m in enumerate(moves) if movement_ids is None or m.id in movement_ids], dtype=np.intp
    ).reshape(-1)
    row_list = rows.tolist()
    xs = _number_texts(np.round(_wrap(st.lon[rows]), COORD_DIGITS))  # as _rounded_pairs rounds them
    ys = _number_texts(np.round(st.lat[rows], COORD_DIGITS))
    progress = np.round(st.progress[rows].astype(float), 4)
    progress_hi = np.round(st.progress_hi[rows].astype(float), 4)
    p_text, p_hi_text = _number_texts(progress), _number_texts(progress_hi)
    certain = st.certain[rows].astype(bool).tolist()
    estimated = timeline.arrive_estimated[rows].astype(bool).tolist()
    phase_text = [_string_text(p) for p in PHASES]
    phases = st.phase[rows].tolist()
    precision: dict[str, str] = {}
    for pid, place in loaded.places.items():
        precision[pid] = _text(place.precision)
    features: list[str] = []
    for k, i in enumerate(row_list):  # ids, units, places and confidence are strings (model.Movement)
        m = moves[i]
        est = estimated[k]
        features.append(
            '{"type":"Feature","geometry":{"type":"Point","coordinates":['
            f'{xs[k]},{ys[k]}]}},"properties":{{"kind":"position","movement":{_string_text(m.id)},"unit":{_string_text(m.unit)},'
            f'"progress":{p_text[k]},"phase":{phase_text[phases[k]]},{_claim_text("strength", m.strength, amount_properties)},'
            f'"confidence":{_string_text(m.confidence)},"arrive_estimated":{_BOOL_TEXT[est]},'
            f'"certain":{_BOOL_TEXT[certain[k]]},"progress_min":{p_text[k]},"progress_max":{p_hi_text[k]},'
            f'"words":{_string_text(window_words(m, est))},'
            f"{_claim_text('depart', m.depart, when_properties)},{_claim_text('arrive', m.arrive, when_properties)},"
            f'"from":{_string_text(m.from_)},"to":{_string_text(m.to)},"from_precision":{precision.get(m.from_, "null")},'
            f'"to_precision":{precision.get(m.to, "null")},{_support_text("movements", m)}}}}}'
        )
    lo, hi = progress.tolist(), progress_hi.tolist()
    for k, i in enumerate(row_list):
        if not certain[k]:
            features.append(json_text(_possible_route(timeline, st, moves[i], i, lo[k], hi[k], estimated[k])))
    if route != "none":
        if route == "full":
            geometries = [json_text(_route_geometry(timeline.routes[i])) for i in row_list]
        else:
            geometries = simplified_routes_json(timeline, rows)
        for i, geometry in zip(row_list, geometries):
            m = moves[i]
            features.append(
                f'{{"type":"Feature","geometry":{geometry},'
                f'"properties":{{"kind":"route","movement":{_string_text(m.id)},"unit":{_string_text(m.unit)}}}}}'
            )
    features.extend(json_text(f) for f in _events_and_areas(loaded, when))
    day = _string_text(_day_of(st, when).isoformat())
    return '{"type":"FeatureCollection","date":' + day + ',"features":[' + ",".join(features) + "]}"


def _properties_text(props: dict[str, Any]) -> str:
    """Properties as JSON text without the braces (a piece of a feature's properties)."""
    return json_text(props)[1:-1]


def _claim_text(name: str, claim: Any, properties: Callable[[str, Any], dict[str, Any]]) -> str:
    """`properties(name, claim)` (`when_properties` or `amount_properties`) as text, written once per claim
    text; a claim with alternatives is written each time (its text does not say them all)."""
    if claim is not None and claim.alternatives:
        return _properties_text(properties(name, claim))
    key = (properties.__name__, name, None if claim is None else claim.text)
    text = _TEXT_CACHE.get(key)
    if text is None:
        text = _remember(key, _properties_text(properties(name, claim)))
    return str(text)


def _support_text(section: str, record: Any) -> str:
    """`support_properties(section, record)` as text: per support pattern a template, filled with the
    ids of the sources that back each field."""
    key = _support_key(section, record)
    if key is None or key not in _SUPPORT_CACHE:
        return _properties_text(support_properties(section, record))
    known = _SUPPORT_TEXT.get(key)
    if known is None:
        where, status = _SUPPORT_CACHE[key]
        supports = ",".join(
            _string_text(f).replace("%", "%%") + ":[" + ",".join(["%s"] * len(idx)) + "]" for f, idx in where.items()
        )
        template = (
            '"disputed":[],"supports":{' + supports + '},"support_status":' + json_text(status).replace("%", "%%")
        )
        if len(_SUPPORT_TEXT) > 4096:
            _SUPPORT_TEXT.clear()
        _SUPPORT_TEXT[key] = known = (template, tuple(j for idx in where.values() for j in idx))
    template, which = known
    citations = record.citations
    return template % tuple([_text(citations[j].source) for j in which])


def _event_properties(loaded: LoadedDataset, e: Event) -> dict[str, Any]:
    return {
        "kind": "event",
        "id": e.id,
        "name": e.name,
        **when_properties("date", e.date),
        "place": e.place,
        "place_precision": _place_precision(loaded, e.place),
        **support_properties("events", e),
    }


def _area_properties(a: Area) -> dict[str, Any]:
    return {
        "kind": "area",
        "id": a.id,
        "name": a.name,
        "nation": a.nation,
        "affiliation": a.affiliation,
        **amount_properties("strength", a.strength),
        **when_properties("valid_from", a.valid_from),
        **when_properties("valid_to", a.valid_to),
        **support_properties("areas", a),
    }
