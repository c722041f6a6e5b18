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
import datetime as dt
import gzip
from typing import Any, cast

from jinja2 import Template

from dashboard.core.loader import LoadedDataset
from dashboard.core.model import AFFILIATIONS
from dashboard.engine.timeline import Timeline, build_timeline
from dashboard.web import assets, framing
from dashboard.web import basemap as world
from dashboard.web.foliumlib import Element, Figure, MacroElement, folium
from dashboard.web.mappayload import (  # noqa: F401 (moved there; re-exported)
    COORD_DIGITS,
    country_outline,
    js_json,
    map_payload,
    marks,
)
from dashboard.web.mapspec import (  # noqa: F401 (re-exported)
    ATTRIBUTION,
    LABEL_LIMIT,
    REGION_KM,
    SIDE_WORDS,
    UNCERTAINTY_KEYS,
    legend_symbols,
)
from dashboard.web.options import MARGIN_DAYS, MapOptions, default_date, default_window  # noqa: F401 (re-exported)
from dashboard.web.payload import INDEX, to_wire
from dashboard.web.style import css_variables, theme_css, theme_of

LOCATOR_MERGE_DEG = 6.0  # far places this close share one dot in the locator inset


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


def _add_basemap(
    m: folium.Map, bounds: tuple[float, float, float, float] | None, theme: str = "light"
) -> folium.GeoJson:
    """The offline basemap (basemap.layers): the light world, and the theatre's detail over a mask."""
    layers = world.layers(bounds)
    t = theme_of(theme)
    style = {"fillColor": t.land, "color": t.border, "weight": t.border_width, "fillOpacity": 1.0}
    mask = {"fillColor": t.ocean, "stroke": False, "fillOpacity": 1.0}
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
        # each group's places as [lat, lon, name], the first one's dot and name shown: deploymap.js leaves out
        # those the map's view holds (a view wider than the box framing.py asked for), counts the others ("and 1
        # more"), merges groups whose labels would cover one another at the inset's scale, and lists every name
        # in the inset's accessible name
        pts = [
            [[payload["places"][i][1], payload["places"][i][0], payload["placeNames"][i].split(",")[0]] for i in g]
            for g in groups
        ]
        self.places = js_json(pts)
        w, s, e, n = bounds or (-180.0, -85.0, 180.0, 85.0)
        self.bounds = js_json([[s, w], [n, e]])


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
        # deploymap.js (_legendPhases) hides the rows of phases no route is drawn in on the shown date
        '<div class="row" data-phase="not_started"><span class="line dm-key-not_started"></span>planned (not started)</div>'
        '<div class="row" data-phase="in_transit"><span class="line dm-key-in_transit"></span>in transit (moving)</div>'
        '<div class="row" data-phase="arrived"><span class="line dm-key-arrived"></span>arrived</div>'
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
    light = _add_basemap(m, _data_bounds(payload), options.theme)
    if options.online_tiles:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True, show=False
        ).add_to(m)
    groups = {}
    for key, label in (("areas", "Areas"), ("routes", "Routes"), ("events", "Events"), ("units", "Units")):
        fg = folium.FeatureGroup(name=label, overlay=True, control=True, show=True)
        fg.add_to(m)
        groups[key] = fg
    cast(Figure, m.get_root()).header.add_child(
        Element(f"<style>{css_variables(options.theme)}{theme_css(options.theme)}</style>"), name="dm_palette"
    )
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


def preview_options(loaded: LoadedDataset, day: dt.date) -> MapOptions:
    """The options of a map that opens on `day`: its timeline window is the movements' span (default_window)
    widened to hold `day`. The curation preview opens on the latest date a draft reports ("later this month":
    31 Aug), which can lie past the span the movements' representative days give; clamped into that span, the map
    showed 14 Aug under a caption saying 31 Aug (a new user's trial)."""
    first, last = default_window(loaded)
    return MapOptions(date=day, window=(min(first, day), max(last, day)))


def fit_bounds(
    loaded: LoadedDataset, day: dt.date | None, options: MapOptions | None = None
) -> list[list[float]] | None:
    """[[south, west], [north, east]] a map of `loaded` fits on `day` (the map component's `bounds` command,
    fitted clear of the date banner, the timeline and the locator inset), framed as the main map frames its own
    (framing.py: where the units that have set out are going, the near origins; far ones in the inset). The
    curation page's preview of a draft opens on it."""
    from dashboard.web.mappayload import frame_payload

    bounds, _far = framing.frame(frame_payload(loaded, build_timeline(loaded), options or MapOptions(date=day)))
    if bounds is None:
        return None
    west, south, east, north = bounds
    return [[south, west], [north, east]]
