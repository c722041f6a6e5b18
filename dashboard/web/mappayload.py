"""The map's data as it travels to the page (`map_payload`), with no map library: the web map page
(`page.build_map`) sends it, and the static exports frame their maps with it (no folium for SVG/PDF).
Moved out of page.py as it was; `page` re-exports these names."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from shapely.geometry import mapping

from dashboard.core.coverage import field_support
from dashboard.core.gcpause import gc_paused
from dashboard.core.loader import LoadedDataset
from dashboard.core.model import AFFILIATIONS, CONFIDENCES, COVERED_FIELDS, ECHELONS, claim_attr, claim_value
from dashboard.core.paths import BASEMAP
from dashboard.engine.timeline import Timeline, day_number
from dashboard.web import basemap as world
from dashboard.web.mapspec import ATTRIBUTION, LABEL_LIMIT, REGION_KM
from dashboard.web.options import MapOptions, default_window
from dashboard.web.payload import COLUMNS, INDEX, OFFSETS, row, say_form, words_code
from dashboard.web.style import palette
from dashboard.web.symbols import affiliation_of, svg_size, unit_svg
from dashboard.web.words import FIELD_WORDS, STATUS_WORDS, SUPPORT_WORDS, amount_words, arrive_words, depart_words

COORD_DIGITS = 4


def js_json(value: Any) -> str:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _key(value: Any) -> Any:
    """A hashable stand-in for a JSON value, equal only for values that serialise alike: lists as tuples,
    objects as sorted items, each scalar with its type (True, 1 and 1.0 stay three values)."""
    if isinstance(value, list):
        return ("l", *(_key(v) for v in value))
    if isinstance(value, dict):
        return ("d", *sorted((k, _key(v)) for k, v in value.items()))
    return (type(value), value)


class _Table:
    """Index of distinct values, so repeated strings and citations are sent once."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.index: dict[Any, int] = {}

    def add(self, value: Any) -> int:
        if value is None:
            return -1
        key = _key(value) if isinstance(value, (list, dict)) else value
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = len(self.items)
            self.items.append(value)
        return i


def _r(x: float) -> float:
    return round(float(x), COORD_DIGITS)


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and all(isinstance(v, (int, float)) for v in obj):
            return [_r(v) for v in obj]
        return [_round_coords(v) for v in obj]
    return obj


def _day(x: float) -> int | None:
    """A day number for JSON: null where open (infinite)."""
    return int(x) if math.isfinite(x) else None


def _ints(values: Any) -> list[int | None]:
    """Each number as int(x) does (towards zero), None where not finite (open or not reported), as a
    list of Python ints: one conversion for a whole column (`_day` one at a time)."""
    a = np.asarray(values, dtype=float)
    finite = np.isfinite(a)
    whole = np.where(finite, a, 0.0).astype(np.int64).tolist()
    return [v if f else None for v, f in zip(whole, finite.tolist())]


def _flags(values: Any) -> list[int]:
    """Each value as int(bool(x)), as a list of Python ints."""
    return np.asarray(values).astype(bool).astype(np.int64).tolist()


def _words(col: str, words: str | None, value: int, strings: _Table) -> int:
    """A movement's words as sent (payload.WORDS): DERIVED where its number says them, else a string."""
    code = words_code(col, words, value)
    return code if isinstance(code, int) else strings.add(code)


def _say(say: str | None, words: str | None, strings: _Table, forms: _Table) -> int:
    """A movement's phrase as sent (payload.SAYS): a form with its date words left out, else a string."""
    form = say_form(say, words) if say is not None else None
    return strings.add(say) if form is None else -2 - forms.add(form)


assert COLUMNS["cites"] == ("source", "quote", "note", "supports")  # as _Claims.cite_of writes a row


# each covered field with the attribute holding it (model.claim_value; None: worked out by claim_value)
_COVERED_ATTRS = {
    section: tuple((name, None if name == "location" else claim_attr(name)) for name in names)
    for section, names in COVERED_FIELDS.items()
}


class _Claims:
    """The payload's strings, citations and claim fields (how each field is backed), sent once each."""

    def __init__(self, sources: list) -> None:
        self.strings, self.cites, self.fields, self.alts = _Table(), _Table(), _Table(), _Table()
        self.src_index = {s.id: i for i, s in enumerate(sources)}
        self.field_rows: dict[tuple, int] = {}
        self.cite_rows: dict[tuple, int] = {}  # (source, quote, note, supports) -> row of `cites`
        # a record whose citations name no field and whose fields hold no alternatives (most records):
        # its field rows depend only on (section, status, each asserted field and whether disputed)
        self.plain_rows: dict[tuple, list[int]] = {}

    def cite_of(self, c: Any) -> int:
        """A citation (or an alternative's quote or note) as a row of `cites` (written out as
        row("cites", ...) and _Table.add would: 100,000 movements have over 100,000 citations)."""
        supports = getattr(c, "supports", None)
        seen = (c.source, c.quote, c.note, tuple(supports) if supports else None)
        i = self.cite_rows.get(seen)
        if i is not None:  # the same values give the same row (and add no string)
            return i
        r = [
            self.src_index.get(c.source, -1) if c.source else -1,
            self.strings.add(c.quote),
            self.strings.add(c.note),
            list(supports) if supports else None,
        ]
        table = self.cites
        key = ("l", (int, r[0]), (int, r[1]), (int, r[2]), _key(r[3]))  # _key(r)
        i = table.index.get(key)
        if i is None:
            i = table.index[key] = len(table.items)
            table.items.append(r)
        self.cite_rows[seen] = i
        return i

    def cite_list(self, citations: Iterable) -> list[int]:
        return [self.cite_of(c) for c in citations]

    def field_list(self, section: str, record: Any, cite_idx: list[int]) -> list[int]:
        """Each asserted claim field with how it is backed (coverage.field_support) and the indexes of
        the citations (of the record's `cite_idx`) that back it. A field backed only by the record's
        quotes that name no field ('record') carries null: the script takes those from the record."""
        citations = list(getattr(record, "citations", []))
        key = self._plain_key(section, record, citations)
        if key is not None:
            known = self.plain_rows.get(key)
            if known is not None:  # the rows the general way below finds (and adds nothing)
                return list(known)
        out = self._field_list(section, record, citations, cite_idx)
        if key is not None:
            self.plain_rows[key] = list(out)
        return out

    @staticmethod
    def _plain_key(section: str, record: Any, citations: list) -> tuple | None:
        """For a record none of whose citations names a field and none of whose fields holds
        alternatives: what its field rows depend on (coverage.field_support gives each asserted field
        the record's one status: 'record' with a quote naming no field, else 'curator' with a note,
        else 'unsupported'; backed by no citation in particular). None for any other record."""
        quoted = noted = False
        for c in citations:
            if c.supports is not None:
                return None
            quoted = quoted or c.quote is not None
            noted = noted or c.note is not None
        fields = []
        for name, attr in _COVERED_ATTRS.get(section, ()):
            value = claim_value(record, name) if attr is None else getattr(record, attr, None)
            if value is None:
                continue
            if getattr(value, "alternatives", ()):
                return None
            fields.append((name, False))  # disputed: only alternatives can be (claims._disputed)
        status = "record" if quoted else "curator" if noted else "unsupported"
        return (section, status, tuple(fields))

    def _field_list(self, section: str, record: Any, citations: list, cite_idx: list[int]) -> list[int]:
        out = []
        for fs in field_support(section, record):
            if fs.status == "record":
                backing = None
            else:
                backing = tuple(
                    cite_idx[k] for k, c in enumerate(citations) if c.supports is not None and fs.field in c.supports
                )
            value = claim_value(record, fs.field)
            alternatives = tuple(
                self.alts.add(
                    row(
                        "alts",
                        value=self.strings.add(a.value.words()),
                        cite=self.cite_of(a),
                        preferred=int(a.preferred),
                    )
                )
                for a in getattr(value, "alternatives", ())
            )
            disputed = int(bool(getattr(value, "disputed", False)))
            key = (fs.field, fs.status, backing, alternatives, disputed)
            i = self.field_rows.get(key)
            if i is None:
                i = self.field_rows[key] = len(self.fields.items)
                self.fields.items.append(
                    row(
                        "fields",
                        name=fs.field,
                        status=fs.status,
                        cites=None if backing is None else list(backing),
                        alts=list(alternatives),
                        disputed=disputed,
                    )
                )
            out.append(i)
        return out


def _selection(loaded: LoadedDataset, options: MapOptions) -> tuple[list[int], set[str], float]:
    """The movements the map shows (indices), the units it draws (theirs, and those resting at home when
    nothing is filtered), and the meridian longitudes keep continuous around (data over the antimeridian:
    basemap.lon_reference): what both the map payload and the framing payload start from."""
    ds = loaded.dataset
    selected = [i for i, m in enumerate(ds.movements) if options.movement_ids is None or m.id in options.movement_ids]
    used_units = {ds.movements[i].unit for i in selected}
    if options.movement_ids is None:
        used_units |= {u.id for u in ds.units if u.home}
    used_places = [p for i in selected for p in (ds.movements[i].from_, ds.movements[i].to)]
    used_places += [e.place for e in ds.events]
    used_places += [u.home for u in ds.units if u.id in used_units and u.home]
    return selected, used_units, world.lon_reference([loaded.places[p].lon for p in used_places if p in loaded.places])


# map_payload writes a row of `moves` as a list in this order, OFFSETS encoded in place
assert COLUMNS["moves"] == (
    *("unit", "from", "to", "depart", "arrive", "depart_lo", "depart_hi", "arrive_lo", "arrive_hi"),
    *("depart_words", "arrive_words", "depart_say", "arrive_say", "estimated", "dated"),
    *("strength", "strength_lo", "strength_hi", "strength_words", "confidence", "cites", "fields"),
    *("description", "id"),
)
assert OFFSETS == {
    "arrive": "depart",
    "depart_lo": "depart",
    "depart_hi": "depart",
    "arrive_lo": "arrive",
    "arrive_hi": "arrive",
    "strength_lo": "strength",
    "strength_hi": "strength",
}


def _date_codes(
    d: Any, a: Any, dep: int, arr: int, est: int, strings: _Table, forms: _Table
) -> tuple[int, int, int, int]:
    """A movement's depart_words, arrive_words, depart_say and arrive_say as sent. The window in words is
    window_words(): the departure is left out when only the arrival is given."""
    depart_say = depart_words(d) if d is not None or a is None else None
    arrive_say = arrive_words(a, bool(est))
    dep_words, arr_words = (d.words() if d else None), (a.words() if a else None)
    return (
        _words("depart_words", dep_words, dep, strings),
        _words("arrive_words", arr_words, arr, strings),
        _say(depart_say, dep_words, strings, forms),
        _say(arrive_say, arr_words, strings, forms),
    )


def map_payload(loaded: LoadedDataset, timeline: Timeline, options: MapOptions) -> dict:
    """The compact JSON the map script draws from (tables, indexes, day numbers). Built without the
    cyclic collector (engine.features.gc_paused: its rows hold no cycles; 100,000 movements: 1.7 s of
    a 5 s build were full collections walking the rows built so far)."""
    with gc_paused():
        return _map_payload(loaded, timeline, options)


def _map_payload(loaded: LoadedDataset, timeline: Timeline, options: MapOptions) -> dict:
    ds = loaded.dataset
    window = options.window or default_window(loaded, timeline)
    start, end = int(day_number(window[0])), int(day_number(window[1]))
    day = int(day_number(options.date)) if options.date else end
    day = max(start, min(end, day))
    claims = _Claims(ds.sources)
    strings, cites, symbols, say_forms = claims.strings, claims.cites, _Table(), _Table()
    cite_list, field_list = claims.cite_list, claims.field_list
    sources = [
        row("sources", title=s.title, publisher=s.publisher, published=s.published.isoformat(), url=s.url, file=s.file)
        for s in ds.sources
    ]

    selected, used_units, lon_ref = _selection(loaded, options)
    place_index: dict[str, int] = {}
    places: list[list[float]] = []
    place_names: list[str] = []
    place_precision: list[str | None] = []
    place_shapes: list[dict | None] = []

    def place(pid: str) -> int:
        if pid not in place_index:
            p = loaded.places[pid]
            place_index[pid] = len(places)
            places.append([_r(world.unwrap(p.lon, lon_ref)), _r(p.lat)])
            place_names.append(p.name)
            place_precision.append(p.precision)
            place_shapes.append(country_outline(p.country) if p.precision == "country" else None)
        return place_index[pid]

    unit_index: dict[str, int] = {}
    units: list[list[Any]] = []
    for u in ds.units:
        if u.id not in used_units:
            continue
        svg = unit_svg(u)
        w, h = svg_size(svg)
        sym = symbols.add(row("symbols", svg=svg, width=round(w, 1), height=round(h, 1)))
        unit_index[u.id] = len(units)
        subtitle = " · ".join(x for x in (u.nation, u.branch.replace("_", " "), u.echelon.replace("_", " ")) if x)
        units.append(
            row(
                "units",
                id=u.id,
                name=u.name,
                label=u.short_name or u.name,
                symbol=sym,
                affiliation=AFFILIATIONS.index(affiliation_of(u)),
                home=place(u.home) if u.home else -1,
                subtitle=subtitle,
                cites=cite_list(u.citations),
                rank=ECHELONS.index(u.echelon) if u.echelon in ECHELONS else 0,
            )
        )

    moves: list[list[Any]] = []
    order = {mid: i for i, mid in enumerate(timeline.ids)}
    highlight = []
    # the timeline's numbers as Python ints (None where open), each column converted at once
    t_dep, t_arr = _ints(timeline.depart), _ints(timeline.arrive)
    t_dlo, t_dhi = _ints(timeline.depart_lo), _ints(timeline.depart_hi)
    t_alo, t_ahi = _ints(timeline.arrive_lo), _ints(timeline.arrive_hi)
    t_str, t_slo, t_shi = _ints(timeline.strength), _ints(timeline.strength_lo), _ints(timeline.strength_hi)
    t_est, t_dated = _flags(timeline.arrive_estimated), _flags(timeline.dated)
    # Each date's and number's columns worked out once per (text, day) in this payload: a value without
    # alternatives says what its text says, and a table gives a value its index on first use, so a
    # repeat is the index the first gave (the tables come out as the general way writes them).
    known: dict[tuple, int] = {}
    highlight_ids = options.highlight_ids
    for i in selected:
        m = ds.movements[i]
        t = order[m.id]
        strength = t_str[t]
        strength = -1 if strength is None else strength  # not reported (NaN)
        if m.id in highlight_ids:
            highlight.append(len(moves))
        dep, arr, est = t_dep[t], t_arr[t], t_est[t]
        assert dep is not None and arr is not None  # the timeline's nominal days are finite
        went, came, n = m.depart, m.arrive, m.strength
        if (went is None or not went.alternatives) and (came is None or not came.alternatives):
            d_text, a_text = (went.text if went else None), (came.text if came else None)
            codes = (
                known.get(("dw", d_text, dep)),
                known.get(("aw", a_text, arr)),
                known.get(("ds", d_text, came is None)),
                known.get(("as", a_text, est)),
            )
            if None in codes:
                codes = _date_codes(went, came, dep, arr, est, strings, say_forms)
                known[("dw", d_text, dep)], known[("aw", a_text, arr)] = codes[0], codes[1]
                known[("ds", d_text, came is None)], known[("as", a_text, est)] = codes[2], codes[3]
        else:
            codes = _date_codes(went, came, dep, arr, est, strings, say_forms)
        if n is None or not n.alternatives:
            s_key = ("sw", n.text if n else None, strength)
            s_words = known.get(s_key)
            if s_words is None:
                s_words = known[s_key] = _words("strength_words", amount_words(n), strength, strings)
        else:
            s_words = _words("strength_words", amount_words(n), strength, strings)
        dlo, dhi, alo, ahi, slo, shi = t_dlo[t], t_dhi[t], t_alo[t], t_ahi[t], t_slo[t], t_shi[t]
        m_cites = cite_list(m.citations)
        moves.append(
            [  # COLUMNS["moves"] in order, OFFSETS encoded as encode_offsets does (asserted above)
                unit_index[m.unit],
                place(m.from_),
                place(m.to),
                dep,
                arr - dep,
                None if dlo is None else dlo - dep,
                None if dhi is None else dhi - dep,
                None if alo is None else alo - arr,
                None if ahi is None else ahi - arr,
                *codes,
                est,
                t_dated[t],
                strength,
                None if slo is None else slo - strength,
                None if shi is None else shi - strength,
                s_words,
                CONFIDENCES.index(m.confidence),
                m_cites,
                field_list("movements", m, m_cites),
                strings.add(m.description),
                m.id,
            ]
        )
    events = [
        row(
            "events",
            id=e.id,
            name=e.name,
            day=int(e.date.lo if e.date.earliest is not None else e.date.hi),
            dated=int(e.date.exact),
            date_words=strings.add(e.date.words()),
            place=place(e.place),
            cites=(e_cites := cite_list(e.citations)),
            fields=field_list("events", e, e_cites),
            description=strings.add(e.description),
        )
        for e in ds.events
    ]
    areas = []
    for a in ds.areas:
        geom = loaded.geometries.get(a.id)
        if geom is None:
            continue
        vf, vt = a.valid_from, a.valid_to
        areas.append(
            row(
                "areas",
                id=a.id,
                name=a.name,
                from_=int(vf.lo if vf.earliest is not None else vf.hi),
                to=_day(vt.hi) if vt else None,
                from_words=strings.add(vf.words()),
                to_words=strings.add(vt.words() if vt else None),
                affiliation=AFFILIATIONS.index(a.affiliation or "unknown"),
                geometry=_round_coords(mapping(geom)),
                cites=(a_cites := cite_list(a.citations)),
                fields=field_list("areas", a, a_cites),
                strength=a.strength.value if a.strength is not None else -1,
                strength_words=strings.add(amount_words(a.strength)),
                description=strings.add(a.description),
            )
        )
    labels = options.labels if options.labels is not None else len(units) <= LABEL_LIMIT
    return {
        "v": 1,
        "start": start,
        "end": end,
        "day": day,
        "speed": options.speed,
        "labels": bool(labels),
        "controls": options.controls,
        "title": options.title,
        "places": places,
        "placeNames": place_names,
        "placePrecision": place_precision,
        "placeShapes": place_shapes,
        "regionKm": REGION_KM,
        "units": units,
        "symbols": symbols.items,
        "moves": moves,
        "events": events,
        "areas": areas,
        "cites": cites.items,
        "fields": claims.fields.items,
        "alts": claims.alts.items,
        "sources": sources,
        "strings": strings.items,
        "sayForms": say_forms.items,
        "affiliations": list(AFFILIATIONS),
        "confidences": list(CONFIDENCES),
        "statusWords": dict(STATUS_WORDS),
        "fieldWords": dict(FIELD_WORDS),
        "supportWords": dict(SUPPORT_WORDS),
        "highlight": highlight,
        "attribution": ATTRIBUTION,
        "lonRef": lon_ref,
        "columns": {table: list(cols) for table, cols in COLUMNS.items()},
        "palette": palette(options.theme),
    }


def frame_payload(loaded: LoadedDataset, timeline: Timeline, options: MapOptions) -> dict:
    """What web/framing.py and the static locator read of `map_payload` (its `day`, `places`,
    `placeNames`, and the columns of `moves`, `units`, `events` and `areas` that framing names), equal
    to those of map_payload's, in the same order; every other column is None and every other key is left
    out. For exports that frame a map without drawing the web map (SVG, PDF): at 100,000 movements the
    whole payload (words, citations, claim fields of each movement) costs seconds that framing never reads.
    """
    ds = loaded.dataset
    window = options.window or default_window(loaded, timeline)
    start, end = int(day_number(window[0])), int(day_number(window[1]))
    day = int(day_number(options.date)) if options.date else end
    day = max(start, min(end, day))
    selected, used_units, lon_ref = _selection(loaded, options)
    place_index: dict[str, int] = {}
    places: list[list[float]] = []
    place_names: list[str] = []

    def place(pid: str) -> int:
        i = place_index.get(pid)
        if i is None:
            p = loaded.places[pid]
            i = place_index[pid] = len(places)
            places.append([_r(world.unwrap(p.lon, lon_ref)), _r(p.lat)])
            place_names.append(p.name)
        return i

    def sparse(table: str, **fields: Any) -> list[Any]:
        out: list[Any] = [None] * len(COLUMNS[table])
        for k, v in fields.items():
            out[INDEX[table][k.rstrip("_")]] = v
        return out

    mv = INDEX["moves"]
    m_unit, m_from, m_to, m_depart, m_lo = mv["unit"], mv["from"], mv["to"], mv["depart"], mv["depart_lo"]
    blank: list[Any] = [None] * len(COLUMNS["moves"])

    unit_index: dict[str, int] = {}
    units: list[list[Any]] = []
    for u in ds.units:
        if u.id in used_units:
            unit_index[u.id] = len(units)
            units.append(sparse("units", home=place(u.home) if u.home else -1))
    order = {mid: i for i, mid in enumerate(timeline.ids)}
    depart, depart_lo = timeline.depart, timeline.depart_lo
    moves: list[list[Any]] = []
    for i in selected:
        m = ds.movements[i]
        t = order[m.id]
        dep, lo = int(depart[t]), _day(depart_lo[t])
        r = blank.copy()
        r[m_unit], r[m_from] = unit_index[m.unit], place(m.from_)
        r[m_to], r[m_depart] = place(m.to), dep
        r[m_lo] = None if lo is None else lo - dep  # as map_payload sends it (payload.encode_offsets)
        moves.append(r)
    events = [
        sparse("events", day=int(e.date.lo if e.date.earliest is not None else e.date.hi), place=place(e.place))
        for e in ds.events
    ]
    areas = []
    for a in ds.areas:
        geom = loaded.geometries.get(a.id)
        if geom is None:
            continue
        vf, vt = a.valid_from, a.valid_to
        areas.append(
            sparse(
                "areas",
                from_=int(vf.lo if vf.earliest is not None else vf.hi),
                to=_day(vt.hi) if vt else None,
                geometry=_round_coords(mapping(geom)),
            )
        )
    return {
        "day": day,
        "places": places,
        "placeNames": place_names,
        "units": units,
        "moves": moves,
        "events": events,
        "areas": areas,
    }


def marks(payload: dict) -> dict[str, bool]:
    """Which uncertainty marks the map of `payload` can draw (the legend explains those)."""
    mv, ev, fl = INDEX["moves"], INDEX["events"], INDEX["fields"]
    moves = payload["moves"]
    undated = any(not m[mv["dated"]] for m in moves)
    return {
        "stretch": undated,
        "unknown": undated,
        "country": any(p == "country" for p in payload["placePrecision"]),
        "region": any(p == "region" for p in payload["placePrecision"]),
        "estimated": any(m[mv["estimated"]] for m in moves),
        "disputed": any(f[fl["disputed"]] for f in payload["fields"]),
        "event": any(not e[ev["dated"]] for e in payload["events"]),
    }


@lru_cache(maxsize=4)
def _outlines(path: str, mtime: float) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return {f["properties"]["iso_a3"]: f["geometry"] for f in data["features"] if f["properties"].get("iso_a3")}


def country_outline(iso3: str) -> dict | None:
    """The basemap's outline of a country (ISO 3166-1 alpha-3), for a place known only as that country."""
    return _outlines(str(BASEMAP), BASEMAP.stat().st_mtime).get(iso3)
