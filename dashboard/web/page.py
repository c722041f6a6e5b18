"""The deployment map as a folium.Map: one pure function, no streamlit.

`build_map` lays out static layers (the Natural Earth basemap, optional online
tiles, layer control, scale, legend) with folium, and hands units, routes,
events and areas to `frontend/deploymap.js` as one compact JSON payload. The
script moves everything client-side for any date, so a slider step or a
playback frame never needs the server. Data reaches JavaScript only as JSON
with '<', '>', '&' escaped; texts are shown with textContent, never as HTML.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, cast

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from dashboard.core.coverage import field_support
from dashboard.core.loader import LoadedDataset
from dashboard.core.model import AFFILIATIONS, CONFIDENCES, ECHELONS, claim_value
from dashboard.core.paths import BASEMAP
from dashboard.engine.timeline import Timeline, build_timeline, day_number
from dashboard.web import assets, framing
from dashboard.web import basemap as world
from dashboard.web.mapspec import (  # noqa: F401 (re-exported)
    ATTRIBUTION,
    LABEL_LIMIT,
    REGION_KM,
    SIDE_WORDS,
    UNCERTAINTY_KEYS,
    legend_symbols,
)
from dashboard.web.options import MARGIN_DAYS, MapOptions, default_date, default_window  # noqa: F401 (re-exported)
from dashboard.web.payload import COLUMNS, INDEX, encode_offsets, row, say_form, to_wire, words_code
from dashboard.web.style import BORDER, LAND, OCEAN, css_variables, palette
from dashboard.web.symbols import affiliation_of, svg_size, unit_svg
from dashboard.web.words import FIELD_WORDS, STATUS_WORDS, amount_words, arrive_words, depart_words

LOCATOR_MERGE_DEG = 6.0  # far places this close share one dot in the locator inset
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


def _words(col: str, words: str | None, value: int, strings: _Table) -> int:
    """A movement's words as sent (payload.WORDS): DERIVED where its number says them, else a string."""
    code = words_code(col, words, value)
    return code if isinstance(code, int) else strings.add(code)


def _say(say: str | None, words: str | None, strings: _Table, forms: _Table) -> int:
    """A movement's phrase as sent (payload.SAYS): a form with its date words left out, else a string."""
    form = say_form(say, words) if say is not None else None
    return strings.add(say) if form is None else -2 - forms.add(form)


class _Claims:
    """The payload's strings, citations and claim fields (how each field is backed), sent once each."""

    def __init__(self, sources: list) -> None:
        self.strings, self.cites, self.fields, self.alts = _Table(), _Table(), _Table(), _Table()
        self.src_index = {s.id: i for i, s in enumerate(sources)}
        self.field_rows: dict[tuple, int] = {}

    def cite_of(self, c: Any) -> int:
        """A citation (or an alternative's quote or note) as a row of `cites`."""
        return self.cites.add(
            row(
                "cites",
                source=self.src_index.get(c.source, -1) if c.source else -1,
                quote=self.strings.add(c.quote),
                note=self.strings.add(c.note),
                supports=list(c.supports) if getattr(c, "supports", None) else None,
            )
        )

    def cite_list(self, citations: Iterable) -> list[int]:
        return [self.cite_of(c) for c in citations]

    def field_list(self, section: str, record: Any, cite_idx: list[int]) -> list[int]:
        """Each asserted claim field with how it is backed (coverage.field_support) and the indexes of
        the citations (of the record's `cite_idx`) that back it. A field backed only by the record's
        quotes that name no field ('record') carries null: the script takes those from the record."""
        out = []
        citations = list(getattr(record, "citations", []))
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


def map_payload(loaded: LoadedDataset, timeline: Timeline, options: MapOptions) -> dict:
    """The compact JSON the map script draws from (tables, indexes, day numbers)."""
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

    selected = [i for i, m in enumerate(ds.movements) if options.movement_ids is None or m.id in options.movement_ids]
    used_units = {ds.movements[i].unit for i in selected}
    if options.movement_ids is None:
        used_units |= {u.id for u in ds.units if u.home}
    # Data over the antimeridian keeps continuous longitudes around one meridian (basemap.lon_reference).
    used_places = [p for i in selected for p in (ds.movements[i].from_, ds.movements[i].to)]
    used_places += [e.place for e in ds.events]
    used_places += [u.home for u in ds.units if u.id in used_units and u.home]
    lon_ref = world.lon_reference([loaded.places[p].lon for p in used_places if p in loaded.places])
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
    for i in selected:
        m = ds.movements[i]
        t = order[m.id]
        strength = -1 if math.isnan(timeline.strength[t]) else int(timeline.strength[t])
        if m.id in options.highlight_ids:
            highlight.append(len(moves))
        s_lo, s_hi = timeline.strength_lo[t], timeline.strength_hi[t]
        # The window in words is window_words(): the departure is left out when only the arrival is given.
        depart_say = depart_words(m.depart) if m.depart is not None or m.arrive is None else None
        arrive_say = arrive_words(m.arrive, bool(timeline.arrive_estimated[t]))
        dep, arr = int(timeline.depart[t]), int(timeline.arrive[t])
        dep_words, arr_words = (m.depart.words() if m.depart else None), (m.arrive.words() if m.arrive else None)
        numbers = encode_offsets(
            {
                "depart": dep,
                "arrive": arr,
                "depart_lo": _day(timeline.depart_lo[t]),
                "depart_hi": _day(timeline.depart_hi[t]),
                "arrive_lo": _day(timeline.arrive_lo[t]),
                "arrive_hi": _day(timeline.arrive_hi[t]),
                "strength": strength,
                "strength_lo": int(s_lo) if math.isfinite(s_lo) else None,
                "strength_hi": int(s_hi) if math.isfinite(s_hi) else None,
            }
        )
        moves.append(
            row(
                "moves",
                unit=unit_index[m.unit],
                from_=place(m.from_),
                to=place(m.to),
                **numbers,
                depart_words=_words("depart_words", dep_words, dep, strings),
                arrive_words=_words("arrive_words", arr_words, arr, strings),
                depart_say=_say(depart_say, dep_words, strings, say_forms),
                arrive_say=_say(arrive_say, arr_words, strings, say_forms),
                estimated=int(bool(timeline.arrive_estimated[t])),
                dated=int(bool(timeline.dated[t])),
                strength_words=_words("strength_words", amount_words(m.strength), strength, strings),
                confidence=CONFIDENCES.index(m.confidence),
                cites=(m_cites := cite_list(m.citations)),
                fields=field_list("movements", m, m_cites),
                description=strings.add(m.description),
                id=m.id,
            )
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
        "highlight": highlight,
        "attribution": ATTRIBUTION,
        "lonRef": lon_ref,
        "columns": {table: list(cols) for table, cols in COLUMNS.items()},
        "palette": palette(),
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


def basemap_geojson() -> dict:
    """The light world layer every map page carries (1:110m, the whole world)."""
    light: dict = world.layers(None)["light"]
    return light


class _BasemapLevels(MacroElement):
    """Show the 1:50m detail (and the mask hiding the light land under it) from DETAIL_ZOOM on."""

    _template = Template("""
{% macro script(this, kwargs) %}
DeployMap.basemapLevels({{ this._parent.get_name() }}, {{ this.light.get_name() }}, {{ this.detail_pane|tojson }},
  {{ this.zoom }}, {{ this.theatre|tojson }});
{% endmacro %}
""")

    def __init__(self, light: folium.GeoJson, detail_pane: str, zoom: int, theatre: tuple[float, ...]):
        super().__init__()
        self._name = "BasemapLevels"
        self.light, self.detail_pane, self.zoom, self.theatre = light, detail_pane, zoom, list(theatre)


def _add_basemap(m: folium.Map, bounds: tuple[float, float, float, float] | None) -> folium.GeoJson:
    """The offline basemap (basemap.layers): the light world, and the theatre's detail over a mask."""
    layers = world.layers(bounds)
    style = {"fillColor": LAND, "color": BORDER, "weight": 0.8, "fillOpacity": 1.0}
    mask = {"fillColor": OCEAN, "stroke": False, "fillOpacity": 1.0}
    folium.map.CustomPane("dm-light", z_index=350, pointer_events=False).add_to(m)
    light = folium.GeoJson(
        layers["light"],
        name="Natural Earth borders, UN view (offline)",
        overlay=False,
        control=True,
        style_function=lambda _f: style,
        smooth_factor=1.0,
        highlight_function=None,
        zoom_on_click=False,
        interactive=False,
        attr=ATTRIBUTION,
        pane="dm-light",
    )
    light.add_to(m)
    if layers["detail"] is None:
        return light
    folium.map.CustomPane("dm-detail", z_index=360, pointer_events=False).add_to(m)
    folium.GeoJson(
        layers["detail"],
        control=False,
        style_function=lambda f: mask if f["properties"].get("mask") else style,
        smooth_factor=1.0,
        highlight_function=None,
        zoom_on_click=False,
        interactive=False,
        pane="dm-detail",
    ).add_to(m)
    m.add_child(_BasemapLevels(light, "dm-detail", world.DETAIL_ZOOM, layers["theatre"]))
    return light


class _Locator(MacroElement):
    """The locator inset (framing.frame): the whole story's extent at a small scale, the main view's
    box, and the far places the first view leaves out (Fort Bragg for a European story)."""

    _template = Template("""
{% macro script(this, kwargs) %}
DeployMap.locator({{ this._parent.get_name() }}, {{ this.light.get_name() }}, {{ this.places }}, {{ this.bounds }});
{% endmacro %}
""")

    def __init__(self, light: folium.GeoJson, payload: dict, far: list[int], bounds: tuple | None):
        super().__init__()
        self._name = "Locator"
        self.light = light
        # far places within LOCATOR_MERGE_DEG of one another share one dot and one name ("and 1 more")
        groups: list[list[int]] = []
        for i in far:
            lon, lat = payload["places"][i]
            for g in groups:
                glon, glat = payload["places"][g[0]]
                if abs(glon - lon) <= LOCATOR_MERGE_DEG and abs(glat - lat) <= LOCATOR_MERGE_DEG:
                    g.append(i)
                    break
            else:
                groups.append([i])
        pts = []
        for g in groups:
            lon, lat = payload["places"][g[0]]
            name = payload["placeNames"][g[0]].split(",")[0] + (f" and {len(g) - 1} more" if len(g) > 1 else "")
            pts.append([lat, lon, name])
        self.places = js_json(pts)
        w, s, e, n = bounds or (-180.0, -85.0, 180.0, 85.0)
        self.bounds = js_json([[s, w], [n, e]])


@lru_cache(maxsize=4)
def _outlines(path: str, mtime: float) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return {f["properties"]["iso_a3"]: f["geometry"] for f in data["features"] if f["properties"].get("iso_a3")}


def country_outline(iso3: str) -> dict | None:
    """The basemap's outline of a country (ISO 3166-1 alpha-3), for a place known only as that country."""
    return _outlines(str(BASEMAP), BASEMAP.stat().st_mtime).get(iso3)


class OfflineMap(folium.Map):
    """A folium.Map that loads Leaflet and our script from local assets, nothing else."""

    default_js = [("leaflet", assets.url("leaflet.js")), ("deploymap", assets.url("deploymap.js"))]
    default_css = [("leaflet_css", assets.url("leaflet.css")), ("deploymap_css", assets.url("deploymap.css"))]


PACK_ABOVE = 200_000  # bytes of JSON; larger payloads travel gzip-compressed


class _Timeline(MacroElement):
    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = DeployMap.{{ 'initPacked' if this.packed else 'init' }}({{ this._parent.get_name() }},
  {{ this.payload }}, {
  units: {{ this.groups['units'].get_name() }}, routes: {{ this.groups['routes'].get_name() }},
  events: {{ this.groups['events'].get_name() }}, areas: {{ this.groups['areas'].get_name() }} });
{% endmacro %}
""")

    def __init__(self, payload_json: str, groups: dict[str, folium.FeatureGroup]):
        super().__init__()
        self._name = "DeployTimeline"
        self.packed = len(payload_json) > PACK_ABOVE
        if self.packed:
            # Big datasets: gzip + base64 (about a fifth of the JSON), unpacked by the
            # browser's DecompressionStream. Small ones stay readable JSON.
            packed = base64.b64encode(gzip.compress(payload_json.encode("utf-8"), compresslevel=6, mtime=0))
            self.payload = '"' + packed.decode("ascii") + '"'
        else:
            self.payload = payload_json
        self.groups = groups


class _FitBounds(MacroElement):
    """Fit the features at load without animation. folium's `fit_bounds` animates the zoom,
    and the end of that animation put the map back on the fitted view after a shared
    link's view had already been applied."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [20, 20], animate: false});
{% endmacro %}
""")

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitBounds"
        self.bounds = bounds


class _Legend(MacroElement):
    """A constant legend (no dataset text), collapsible so it never hides the map."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'dm-legend leaflet-bar');
    div.innerHTML = {{ this.html }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(
        self,
        symbols: dict[str, str],
        open_: bool = True,
        highlight: bool = False,
        marks: dict[str, bool] | None = None,
        present: dict | None = None,
        still: bool = False,
    ):
        super().__init__()
        self._name = "Legend"
        self.html = js_json(legend_html(symbols, open_, highlight, marks or {}, present, still))


def drawn(payload: dict) -> dict[str, Any]:
    """What the map of `payload` can draw, for its legend: the sides of its units and of its areas,
    whether it has events and routes."""
    un, ar = INDEX["units"], INDEX["areas"]
    affs = payload["affiliations"]
    return {
        "units": sorted({affs[u[un["affiliation"]]] for u in payload["units"]}, key=AFFILIATIONS.index),
        "areas": sorted({affs[a[ar["affiliation"]]] for a in payload["areas"]}, key=AFFILIATIONS.index),
        "events": bool(payload["events"]),
        "routes": bool(payload["moves"]),
    }


def legend_html(
    symbols: dict[str, str],
    open_: bool = True,
    highlight: bool = False,
    marks: dict | None = None,
    present: dict | None = None,
    still: bool = False,
) -> str:
    """The legend's constant markup (no dataset text): the symbols of the sides drawn, route phases,
    the areas' sides, events and the uncertainty marks in `marks` (see :func:`marks`); only what
    `present` (:func:`drawn`) says the map has. `still`: a plain box, no fold toggle (images)."""
    marks = marks or {}
    present = present or {"areas": list(AREA_SIDES), "events": True, "routes": True}
    rows = "".join(
        f'<div class="row"><span style="display:inline-block;width:26px;text-align:center">{svg}</span>{label}</div>'
        for label, svg in symbols.items()
    )
    uncertain = "".join(
        f'<div class="row dm-legend-{key}"><span class="{cls}">{inner}</span>{text}</div>'
        for key, cls, inner, text in UNCERTAINTY_KEYS
        if marks.get(key)
    )
    routes = (
        '<div class="row"><span class="line dm-key-not_started"></span>planned (not started)</div>'
        '<div class="row"><span class="line dm-key-in_transit"></span>in transit (moving)</div>'
        '<div class="row"><span class="line dm-key-arrived"></span>arrived</div>'
        if present.get("routes", True)
        else ""
    )
    areas = "".join(
        f'<div class="row"><span class="sw {AREA_SIDES[a]}"></span>area ({SIDE_WORDS[a]})</div>'
        for a in present.get("areas", ())
        if a in AREA_SIDES
    )
    body = (
        f"{rows}{routes}"
        + (
            '<div class="row"><span class="line dm-key-highlight"></span>changed since comparison date</div>'
            if highlight
            else ""
        )
        + areas
        + (
            '<div class="row"><span class="dm-key-event">&#9733;</span>event</div>'
            if present.get("events", True)
            else ""
        )
        + (
            # folded on a map narrower than 1200 px (deploymap.js _layout): open, it covered the units it explains
            f'<details class="dm-legend-more" open><summary>Only what the sources say</summary>{uncertain}</details>'
            if uncertain and not still
            else f'<div class="dm-legend-more"><b>Only what the sources say</b>{uncertain}</div>'
            if uncertain
            else ""
        )
        + '<div class="dm-attribution">Symbols: APP-6 / MIL-STD-2525 (milsymbol). '
        + ATTRIBUTION
        + "</div>"
    )
    if still:  # an image: no toggle to fold it
        return f'<div class="dm-legend-still"><div class="dm-legend-title">Legend</div>{body}</div>'
    html = "<details __OPEN__><summary>Legend</summary>" + body + "</details>"
    return html.replace("__OPEN__", "open" if open_ else "")


AREA_SIDES = {
    "hostile": "dm-key-hostile",
    "friend": "dm-key-friend",
    "neutral": "dm-key-neutral",
    "unknown": "dm-key-unknown",
}


def build_map(loaded: LoadedDataset, options: MapOptions | None = None, timeline: Timeline | None = None) -> folium.Map:
    """The interactive map of `loaded` on `options.date` (a folium.Map, ready to render)."""
    options = options or MapOptions()
    timeline = timeline or build_timeline(loaded)
    payload = map_payload(loaded, timeline, options)
    m = OfflineMap(
        location=list(options.center) if options.center else [50.0, 15.0],
        zoom_start=options.zoom or 4,
        tiles=None,
        control_scale=True,
        width=options.width,
        zoom_control=options.controls,
        height=options.height,
        prefer_canvas=False,
        world_copy_jump=False,
        min_zoom=2,
        max_zoom=12,
    )
    light = _add_basemap(m, _data_bounds(payload))
    if options.online_tiles:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True, show=False
        ).add_to(m)
    groups = {}
    for key, label in (("areas", "Areas"), ("routes", "Routes"), ("events", "Events"), ("units", "Units")):
        fg = folium.FeatureGroup(name=label, overlay=True, control=True, show=True)
        fg.add_to(m)
        groups[key] = fg
    cast(Figure, m.get_root()).header.add_child(Element(f"<style>{css_variables()}</style>"), name="dm_palette")
    m.add_child(_Timeline(js_json(to_wire(payload)), groups))
    present = drawn(payload)
    m.add_child(
        _Legend(
            legend_symbols(present["units"]),
            highlight=bool(payload["highlight"]),
            marks=marks(payload),
            present=present,
            still=not options.controls,
        )
    )
    if options.controls:
        folium.LayerControl(position="topright", collapsed=True).add_to(m)
    focus, far = framing.frame(payload)
    bounds = options.bounds or focus
    if bounds and not options.center:
        west, south, east, north = bounds
        m.add_child(_FitBounds([[south, west], [north, east]]))
    if options.bounds:  # the caller's extent: far are the places drawn outside it
        far = framing.outside(payload, options.bounds)
    if far and options.locator:
        m.add_child(_Locator(light, payload, far, _data_bounds(payload)))
    _stable_ids(m)
    return m


def _stable_ids(m: folium.Map) -> None:
    """Number the map's elements in document order instead of folium's random ids, so the
    same inputs always give the same page and the same map key: a viewer's map is reloaded
    only when what it shows changes, never because the page was built again."""
    todo, n = [m.get_root()], 0
    while todo:
        el = todo.pop(0)
        el._id = f"{n:08x}"
        n += 1
        todo.extend(getattr(el, "_children", {}).values())


def _data_bounds(payload: dict) -> tuple[float, float, float, float] | None:
    """West, south, east, north of every place the map draws (longitudes unwrapped, as in the payload)."""
    pts = payload["places"]
    if not pts:
        return None
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    return (min(lons), min(lats), max(lons), max(lats))


def _fit_bounds(payload: dict) -> tuple[float, float, float, float] | None:
    mv, ev = INDEX["moves"], INDEX["events"]
    pts = [payload["places"][m[mv[end]]] for m in payload["moves"] for end in ("from", "to")]
    pts += [payload["places"][e[ev["place"]]] for e in payload["events"]]
    if not pts:
        return None
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = max(1.0, (east - west) * 0.05), max(1.0, (north - south) * 0.08)
    # longitudes stay unwrapped (data over the antimeridian: east may pass 180)
    return (west - pad_x, max(-85, south - pad_y), east + pad_x, min(85, north + pad_y))


def render_html(m: folium.Map, inline: bool = False) -> str:
    """The map's full HTML page. `inline` embeds every asset, for a file that opens anywhere offline."""
    root = cast(Figure, m.get_root())
    if not getattr(root, "title", None) and "dm_title" not in root.header._children:
        root.title = "Troop deployment map"  # a document title and language for screen readers
    html = root.render().replace("<html>\n", '<html lang="en">\n', 1)
    return assets.inline_assets(html) if inline else html


def add_element(m: folium.Map, html: str) -> None:
    cast(Figure, m.get_root()).html.add_child(Element(html))
