"""The alternatives the dashboard is compared with, built from the same dataset.

- `naive_folium_html(...)`: what a plain Folium app does on every slider step: a new
  folium.Map with one folium.Marker + one folium.PolyLine + one folium.Popup per
  movement, at that date's positions, rendered to a full HTML page.
- `timestamped_html(...)`: one Folium map with the TimestampedGeoJson plugin
  (Leaflet.TimeDimension), one LineString per movement with a time per day in
  transit (the line grows, a point marks the current position).
- `plotly_html(...)`: a Plotly Express animated `scatter_geo` (one frame per day,
  every movement's position in every frame) plus one static `Scattergeo` line
  trace holding every route, written with `include_plotlyjs="cdn"` (data only;
  an offline page would add the plotly.js bundle, see `plotly_bundle_bytes`).

All three get the same offline basemap as ours where it applies (Folium ones),
so the HTML sizes compare like for like. Routes are densified like deploymap.js
does client-side (one point per degree of arc, 2..64 segments), computed once per
dataset (not per step: that favours the naive approach).
"""

from __future__ import annotations

import datetime as dt
import html
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from dashboard.core.loader import LoadedDataset
from dashboard.engine.timeline import EPOCH, GEOD, Timeline, state_at
from dashboard.web.page import ATTRIBUTION, basemap_geojson

# Local (offline) asset URLs for the naive page, served by the benchmark's HTTP server.
NAIVE_JS = [("leaflet", "/assets/leaflet/leaflet.js"), ("jquery", "/assets/jquery.min.js")]
NAIVE_CSS = [("leaflet_css", "/assets/leaflet/leaflet.css")]
PHASE_STYLE = {
    0: {"color": "#5b6b7a", "opacity": 0.55, "weight": 2, "dash_array": "4 7"},
    1: {"color": "#e07b00", "opacity": 0.95, "weight": 3.5, "dash_array": "10 8"},
    2: {"color": "#1f4e8c", "opacity": 0.85, "weight": 2.5},
    3: {"color": "#5b6b7a", "opacity": 0.55, "weight": 2, "dash_array": "2 6"},  # unknown (uncertain dates)
}
PHASE_NAME = {0: "not started", 1: "in transit", 2: "arrived", 3: "unknown"}


def iso(day: float) -> str:
    return (EPOCH + dt.timedelta(days=math.floor(day))).isoformat()


def routes_like_client(tl: Timeline) -> list[list[list[float]]]:
    """[lat, lon] polylines, one point per degree of arc (2..64 segments), as deploymap.js draws them."""
    out = []
    for i in range(tl.size):
        deg = tl.length_m[i] / 6371008.8 / math.pi * 180.0
        n = max(2, min(64, math.ceil(deg)))
        if tl.length_m[i] <= 0:
            out.append([[tl.from_lat[i], tl.from_lon[i]], [tl.to_lat[i], tl.to_lon[i]]])
            continue
        mid = GEOD.npts(tl.from_lon[i], tl.from_lat[i], tl.to_lon[i], tl.to_lat[i], n - 1)
        pts = [(tl.from_lon[i], tl.from_lat[i])] + list(mid) + [(tl.to_lon[i], tl.to_lat[i])]
        lon = np.rad2deg(np.unwrap(np.deg2rad([p[0] for p in pts])))
        out.append([[round(float(la), 4), round(float(lo), 4)] for lo, la in zip(lon, (p[1] for p in pts))])
    return out


class Texts:
    """Per-movement popup texts, computed once per dataset (not per step)."""

    def __init__(self, loaded: LoadedDataset, tl: Timeline):
        ds = loaded.dataset
        by_id = {m.id: m for m in ds.movements}
        self.unit, self.head, self.cite = [], [], []
        for mid in tl.ids:
            m = by_id[mid]
            u = loaded.units[m.unit]
            self.unit.append(u.name)
            self.head.append(f"{loaded.places[m.from_].name} → {loaded.places[m.to].name}")
            c = m.citations[0]
            src = loaded.sources.get(c.source or "")
            self.cite.append(
                (c.quote or c.note or "") + (f" — {src.title}, {src.publisher}, {src.published}" if src else "")
            )


def _popup_html(t: Texts, tl: Timeline, i: int, phase: int, progress: float) -> str:
    e = html.escape
    strength = "not reported" if math.isnan(tl.strength[i]) else f"{int(tl.strength[i]):,} personnel"
    status = PHASE_NAME[phase] + (f" ({round(progress * 100)}%)" if phase == 1 else "")
    return (
        f"<b>{e(t.unit[i])}</b><br>{e(t.head[i])}<br>Depart {iso(tl.depart[i])}, arrive {iso(tl.arrive[i])}"
        f"{' (estimated)' if tl.arrive_estimated[i] else ''}<br>Status: {status}<br>Strength: {strength}"
        f"<br><i>{e(t.cite[i])}</i>"
    )


def _basemap_layer():
    import folium

    return folium.GeoJson(
        basemap_geojson(),
        name="Natural Earth borders (offline)",
        style_function=lambda _f: {"fillColor": "#f3efe6", "color": "#8a8f94", "weight": 0.8, "fillOpacity": 1.0},
        interactive=False,
        attr=ATTRIBUTION,
    )


def _offline(m) -> None:
    m.default_js = list(NAIVE_JS)
    m.default_css = list(NAIVE_CSS)


def naive_folium_html(loaded: LoadedDataset, tl: Timeline, day: float, routes: list, texts: Texts) -> str:
    """One slider step of a plain Folium app: a whole new map page for `day`."""
    import folium

    st = state_at(tl, day)
    m = folium.Map(location=[50.0, 15.0], zoom_start=4, tiles=None, control_scale=True)
    _offline(m)
    _basemap_layer().add_to(m)
    for i in range(tl.size):
        ph = int(st.phase[i])
        folium.PolyLine(routes[i], **PHASE_STYLE[ph]).add_to(m)
        popup = folium.Popup(_popup_html(texts, tl, i, ph, float(st.progress[i])), max_width=360)
        folium.Marker(
            [round(float(st.lat[i]), 4), round(float(st.lon[i]), 4)], popup=popup, tooltip=texts.unit[i]
        ).add_to(m)
    m.get_root().html.add_child(
        folium.Element(f'<div id="naive-date" data-date="{iso(day)}" data-markers="{tl.size}"></div>')
    )
    return m.get_root().render()


def daily_positions(tl: Timeline, first: int, last: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """lon, lat, progress, phase arrays of shape (days, movements) for every whole day first..last."""
    days = np.arange(first, last + 1)
    lon = np.empty((days.size, tl.size))
    lat = np.empty_like(lon)
    prog = np.empty_like(lon)
    phase = np.empty((days.size, tl.size), dtype=np.int8)
    for k, d in enumerate(days):
        s = state_at(tl, float(d))
        lon[k], lat[k], prog[k], phase[k] = s.lon, s.lat, s.progress, s.phase
    return lon, lat, prog, phase


def timestamped_html(tl: Timeline, first: int, last: int, routes: list, texts: Texts, pos: tuple | None = None) -> str:
    """The whole timeline as one Folium TimestampedGeoJson map (no rebuild per step)."""
    import folium
    from folium.plugins import TimestampedGeoJson

    lon, lat, _prog, _ph = pos if pos is not None else daily_positions(tl, first, last)
    feats = []
    for i in range(tl.size):
        d0 = max(first, int(math.floor(tl.depart[i])))
        d1 = min(last, max(d0 + 1, int(math.ceil(tl.arrive[i]))))
        ks = range(d0 - first, d1 - first + 1)
        coords = [[round(float(lon[k, i]), 4), round(float(lat[k, i]), 4)] for k in ks]
        times = [iso(first + k) for k in ks]
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {
                    "times": times,
                    "popup": html.escape(f"{texts.unit[i]}: {texts.head[i]}"),
                    "style": {"color": "#e07b00", "weight": 3},
                },
            }
        )
    m = folium.Map(location=[50.0, 15.0], zoom_start=4, tiles=None, control_scale=True)
    _basemap_layer().add_to(m)
    folium.PolyLine(routes, color="#1f4e8c", weight=2, opacity=0.6).add_to(m)  # all routes, one multi-polyline
    TimestampedGeoJson(
        {"type": "FeatureCollection", "features": feats},
        period="P1D",
        add_last_point=True,
        auto_play=False,
        transition_time=100,
        date_options="YYYY-MM-DD",
    ).add_to(m)
    return m.get_root().render()


def plotly_html(tl: Timeline, first: int, last: int, routes: list, texts: Texts, pos: tuple | None = None) -> str:
    """Plotly Express animated scatter_geo (a frame per day) + one static route trace; include_plotlyjs='cdn'."""
    import pandas as pd
    import plotly.express as px
    import plotly.graph_objects as go

    lon, lat, _prog, phase = pos if pos is not None else daily_positions(tl, first, last)
    days = lon.shape[0]
    dates = np.repeat(np.array([iso(first + k) for k in range(days)], dtype=object), tl.size)
    units = np.tile(np.array(texts.unit, dtype=object), days)
    frame = pd.DataFrame(
        {
            "date": dates,
            "lon": lon.ravel().round(4),
            "lat": lat.ravel().round(4),
            "unit": units,
            "phase": np.vectorize(PHASE_NAME.get, otypes=[object])(phase.ravel()),
        }
    )
    fig = px.scatter_geo(
        frame,
        lon="lon",
        lat="lat",
        animation_frame="date",
        hover_name="unit",
        color="phase",
        category_orders={"phase": ["not started", "in transit", "arrived"]},
        projection="natural earth",
    )
    rl, rt = [], []
    for r in routes:
        rl += [p[1] for p in r] + [None]
        rt += [p[0] for p in r] + [None]
    fig.add_trace(
        go.Scattergeo(
            lon=rl, lat=rt, mode="lines", line={"width": 1, "color": "#1f4e8c"}, hoverinfo="skip", name="routes"
        )
    )
    fig.update_geos(fitbounds="locations", showcountries=True)
    return fig.to_html(include_plotlyjs="cdn", full_html=True)


@lru_cache(maxsize=1)
def plotly_bundle_bytes() -> int:
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return path.stat().st_size if path.is_file() else -1
