"""The static renderer (geopandas + matplotlib, no browser): basemap, areas, geodesic routes, symbols,
events, title, date, legend and footnote, with texts kept as real text. Used for SVG and PDF, and for
PNG/GIF/MP4 when Chromium is missing."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from dashboard.core.gcpause import gc_paused
from dashboard.core.paths import BASEMAP
from dashboard.engine.timeline import (
    GEOD,
    ROUTE_STEP_KM,
    areas_valid_on,
    date_of,
    day_number,
    events_on_or_before,
    state_at,
    stretch,
    unplaced,
)
from dashboard.export.layout import (
    DEFAULT_HEIGHT,
    DEFAULT_TITLE,
    DEFAULT_WIDTH,
    PT_PER_PX,
    UNCERTAIN_CREDIT,
    bounds_for,
    cited_sources,
    credits_uncertainty,
    disputed_rows,
    footnote_lines,
    long_date,
    outline_places,
    resolve_date,
    uncertainty_marks,
)
from dashboard.export.mplsymbols import (
    NO_PAINT,
    SymbolLegendHandle,
    SymbolLegendHandler,
    symbol_collections,
    symbol_drawing,
    unit_drawing,
)
from dashboard.web.mapspec import FIT_PADDING, LABEL_LIMIT, REGION_KM, SIDE_WORDS, UNCERTAINTY_KEYS, legend_symbols
from dashboard.web.style import theme_of
from dashboard.web.words import POSITION_NOT_REPORTED, arrive_words, depart_words

# The uncertainty marks, as the web map draws them (deploymap.css / deploymap.js), in CSS px:
UNCERTAIN_EVENT_ALPHA = 0.65  # an event on a day not exactly known
ESTIMATED_HEAD_ALPHA = 0.35  # the arrowhead of an arrival no source reports (with a '?')
COUNTRY_STYLE = (2.0, (6, 4), 0.9, 0.07)  # a place known only as a country: width, dashes, opacity, fill
REGION_STYLE = (1.5, (4, 4), 1.0, 0.12)  # only as a region: a halo of REGION_KM
# Routes are drawn simplified to this many CSS px (a 10,000-route SVG/PDF writes a few points a route, not ~60)
ROUTE_TOLERANCE_PX = 0.25
# Routes are densified only as finely as the map's scale needs: a chord strays at most this many CSS px from
# its geodesic (route_steps_km), then simplified (ROUTE_TOLERANCE_PX): at most half a px in all
ROUTE_CHORD_PX = 0.25
# The image of a geodesic in the projections projection_for chooses bends with a radius of at least this
# many map metres (a quarter of the Earth's radius, a margin over Mercator's R / sin(lat) scaled as in
# route_steps_km and the conics' over their extents: tests/export/test_route_step.py)
ROUTE_MIN_RADIUS_M = 6_371_000 / 4
# PDF streams compressed at zlib level 1, not matplotlib's 6: 10,000 movements write in ~0.5 s less, 13 % larger
PDF_ZLIB_LEVEL = 1
UNKNOWN_PHASE = 3  # dashboard.engine.timeline.UNKNOWN: the sources do not say whether it has left or arrived
# Above this many movements symbols stay on their points, neither fanned out nor nudged apart, as on the web
# map (deploymap.js MANY, which skips _declutter): the pairwise passes are O(n^2) (10,000 symbols: minutes)
MANY = 400


NAME_PT, DETAIL_PT = 11 * PT_PER_PX, 10 * PT_PER_PX  # a label's name and its second line
CONTEXT_PT = 10 * PT_PER_PX  # a country's name (--context-labels)
GRATICULE_STEPS = (1.0, 2.0, 5.0, 10.0, 15.0, 30.0)  # degrees between graticule lines
DETAIL_CHARS = 48  # the second line wraps at this many characters


def detail_lines(detail: str | None) -> list[str]:
    return textwrap.wrap(detail, DETAIL_CHARS) if detail else []


def label_layout(detail_count: int) -> tuple[float, float, float]:
    """(name height, the name's centre, the top of the detail lines) in points from the symbol's centre:
    the block of name and detail lines is centred on the symbol (a name alone: on its centre)."""
    name_h = NAME_PT * 1.35
    if not detail_count:
        return name_h, 0.0, 0.0
    height = name_h + detail_count * DETAIL_PT * 1.3
    return name_h, height / 2 - name_h / 2, height / 2 - name_h - 0.5


def say_of(m, certain: bool, unknown: bool, progress_lo: float, unplaced: bool = False) -> str | None:
    """What the web map's label says while a unit's place is uncertain (deploymap.js sayOf): the
    departure in words until it has surely left, then the arrival; 'position not reported' first for a
    unit known to have left whose arrival no source bounds (drawn mid-stretch: timeline.unplaced)."""
    if certain and not unknown:
        return None
    dep = depart_words(m.depart) if m.depart is not None or m.arrive is None else None
    said = dep if dep and progress_lo <= 0 else (arrive_words(m.arrive) or dep)
    return f"{POSITION_NOT_REPORTED} · {said}" if unplaced and said else said


def detail_of(m, say: str | None) -> str | None:
    """A label's second line: the number as written ("about 1,000") and the window in words, for a
    movement whose claims are not all exact; None for one the sources date and count exactly."""
    strength = m.strength.words() if m.strength is not None else None
    if say is None and (m.strength is None or m.strength.exact):
        return None
    return " · ".join(t for t in (strength, say) if t)


# --------------------------------------------------------------------------- static renderer


@lru_cache(maxsize=2)
def _world_mercator(path: str, mtime: float):
    import geopandas as gpd

    gdf = gpd.read_file(path)
    gdf = gdf.set_geometry(gdf.geometry.clip_by_rect(-180, -85, 180, 85))
    gdf = gdf[~gdf.geometry.is_empty]
    return gdf.to_crs(3857)


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def world_mercator():
    return _world_mercator(str(BASEMAP), BASEMAP.stat().st_mtime)


@lru_cache(maxsize=1)
def _to_mercator():
    from pyproj import Transformer

    return Transformer.from_crs(4326, 3857, always_xy=True)


def mercator(lon, lat):
    x, y = _to_mercator().transform(np.asarray(lon, float), np.clip(np.asarray(lat, float), -85.0, 85.0))
    return np.asarray(x), np.asarray(y)


# --------------------------------------------------------------------------- projection for the extent

CONIC_MAX_SPAN = (110.0, 50.0)  # lon, lat degrees: up to this extent, a mid-latitude map is conic


def route_steps_km(res: float, proj: Projection, timeline) -> np.ndarray:
    """How often to densify each route on a map of `res` metres per CSS px: a chord of map length c on a
    curve of radius r strays c^2 / 8r from it, so c = sqrt(8 r e) keeps it within e = ROUTE_CHORD_PX px.
    A conic keeps the scale near 1 over its extent; Mercator stretches a ground step by sec(lat) and bends
    a geodesic's image by sin(lat) / R, so a route's step shrinks by cos(lat) / sqrt(sin(lat)) at the
    highest latitude it reaches (its vertex, by Clairaut: cos(lat) = |sin(azimuth)| cos(lat1)). Never finer
    than the web map's ROUTE_STEP_KM (a close-up keeps its 50 km steps)."""
    base = math.sqrt(8.0 * ROUTE_MIN_RADIUS_M * ROUTE_CHORD_PX * res) / 1000.0
    n = timeline.size
    if proj.conic:
        return np.full(n, max(ROUTE_STEP_KM, base))
    az, lat1 = np.radians(timeline.azimuth), np.radians(timeline.from_lat)
    vertex = np.minimum(np.arccos(np.clip(np.abs(np.sin(az) * np.cos(lat1)), 0.0, 1.0)), np.radians(85.0))
    factor = np.minimum(1.0, np.cos(vertex) / np.sqrt(np.maximum(np.sin(vertex), 1e-9)))
    return np.maximum(ROUTE_STEP_KM, base * factor)


def projection_for(bounds: tuple[float, float, float, float]) -> str:
    """The projection a cartographer would choose for an extent (west, south, east, north; longitudes
    unwrapped, east may pass 180): a Lambert conformal conic with standard parallels at a sixth from
    the extent's edges for a mid-latitude extent on one side of the equator (Europe: shapes and
    angles kept, north stays up along the central meridian); else Mercator centred on the extent's
    middle meridian (the tropics, the Pacific over the antimeridian, an ocean-wide story)."""
    w, s, e, n = bounds
    lon0 = round((w + e) / 2, 2)
    lon0 = ((lon0 + 180.0) % 360.0) - 180.0
    mid = (s + n) / 2
    if (
        e - w <= CONIC_MAX_SPAN[0]
        and n - s <= CONIC_MAX_SPAN[1]
        and s > 15.0
        and n < 80.0
        or (e - w <= CONIC_MAX_SPAN[0] and n - s <= CONIC_MAX_SPAN[1] and n < -15.0 and s > -80.0)
    ):
        lat1, lat2 = round(s + (n - s) / 6, 2), round(n - (n - s) / 6, 2)
        if abs(lat2 - lat1) < 1.0:
            lat1, lat2 = round(mid - 0.5, 2), round(mid + 0.5, 2)
        return f"+proj=lcc +lat_1={lat1} +lat_2={lat2} +lat_0={round(mid, 2)} +lon_0={lon0} +datum=WGS84 +units=m"
    return f"+proj=merc +lon_0={lon0} +datum=WGS84 +units=m"


@lru_cache(maxsize=8)
def _transformer(crs: str):
    from pyproj import Transformer

    return Transformer.from_crs(4326, crs, always_xy=True)


class Projection:
    """Longitude/latitude to the map's metres, for one projection string (projection_for)."""

    def __init__(self, crs: str):
        self.crs = crs
        self.conic = "+proj=lcc" in crs
        self.lon0 = float(crs.split("+lon_0=")[1].split()[0])
        self.lat0 = float(crs.split("+lat_0=")[1].split()[0]) if self.conic else 0.0

    def __call__(self, lon, lat):
        lat = np.asarray(lat, float)
        lat = np.clip(lat, -85.0, 85.0) if not self.conic else np.clip(lat, -89.0, 89.0)
        lon = np.asarray(lon, float)
        lon = self.lon0 + ((lon - self.lon0 + 180.0) % 360.0) - 180.0  # within 180 deg of the centre
        x, y = _transformer(self.crs).transform(lon, lat)
        return np.asarray(x), np.asarray(y)

    def window(self) -> tuple[float, float, float, float]:
        """The part of the world (lon/lat, unwrapped around lon0) drawn in this projection."""
        if self.conic:
            north = self.lat0 > 0
            return (self.lon0 - 100.0, -5.0 if north else -89.0, self.lon0 + 100.0, 89.0 if north else 5.0)
        return (self.lon0 - 179.9, -85.0, self.lon0 + 179.9, 85.0)


@lru_cache(maxsize=4)
def _world_projected(path: str, mtime: float, crs: str):
    """The basemap in projection `crs`, cut to its window (copies shifted by +-360 where the window
    passes the antimeridian, so Pacific maps have land on both sides)."""
    import geopandas as gpd
    import pandas as pd
    from shapely import affinity

    proj = Projection(crs)
    w, s, e, n = proj.window()
    base = gpd.read_file(path)
    parts = []
    for shift in (-360.0, 0.0, 360.0):
        lo, hi = max(w, -180.0 + shift), min(e, 180.0 + shift)
        if hi <= lo:
            continue
        clipped = base.set_geometry(base.geometry.clip_by_rect(lo - shift, s, hi - shift, n))
        clipped = clipped[~clipped.geometry.is_empty]
        if shift:
            clipped = clipped.set_geometry(clipped.geometry.apply(lambda g, dx=shift: affinity.translate(g, xoff=dx)))
        parts.append(clipped)
    world = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326)
    # densify so long straight edges bend as the projection bends them, then project with the centre kept
    world = world.set_geometry(world.geometry.segmentize(1.0))
    tr = _transformer(crs)
    return world.set_geometry(
        world.geometry.apply(
            lambda g: shapely_transform(g, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
        )
    ).set_crs(None, allow_override=True)


def shapely_transform(geom, fn):
    from shapely import transform

    return transform(geom, fn)


def world_projected(crs: str):
    return _world_projected(str(BASEMAP), BASEMAP.stat().st_mtime, crs)


@lru_cache(maxsize=8)
def _basemap_paths(crs: str, x0: float, x1: float, y0: float, y1: float, tolerance: float) -> tuple:
    """The basemap's countries in a view (projected metres), simplified to the resolution, as Paths."""
    world = world_projected(crs)
    mx, my = (x1 - x0) * 0.05, (y1 - y0) * 0.05
    view = world.geometry.clip_by_rect(x0 - mx, y0 - my, x1 + mx, y1 + my)
    view = view[~view.is_empty].simplify(tolerance)
    return tuple(p for p in (_geom_path(g) for g in view) if p is not None)


def _geom_path(geom):
    """A shapely (multi)polygon, already in map coordinates, as one matplotlib Path (holes included)."""
    from matplotlib.path import Path as MPath

    polys = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    verts, codes = [], []
    for p in polys:
        if p.is_empty or p.geom_type != "Polygon":
            continue
        for ring in [p.exterior, *p.interiors]:
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            verts.append(xy)
            codes.append([MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 2) + [MPath.CLOSEPOLY])
    if not verts:
        return None
    return MPath(np.concatenate(verts), np.concatenate(codes))


def fan_out(xy: np.ndarray, sizes: list[tuple[float, float]]) -> np.ndarray:
    """Symbols on one spot (within 3 pt) fanned out: a short column for up to three, else a ring just
    wide enough that no two touch (as deploymap.js _declutter). Points in, points out."""
    n = len(xy)
    pos = xy.copy()
    done = [False] * n
    for i in range(n):
        if done[i]:
            continue
        group = [j for j in range(i, n) if not done[j] and np.all(np.abs(xy[j] - xy[i]) <= 3.0)]
        for j in group:
            done[j] = True
        if len(group) < 2:
            continue
        cx, cy = xy[i]
        if len(group) <= 3:
            total = sum(sizes[j][1] for j in group) + 3 * (len(group) - 1)
            y = cy + total / 2
            for j in group:
                pos[j] = (cx, y - sizes[j][1] / 2)
                y -= sizes[j][1] + 3
        else:
            wmax = max(max(sizes[j]) for j in group)
            r = (wmax + 3) / (2 * math.sin(math.pi / len(group)))
            for k, j in enumerate(group):
                a = math.pi / 2 - 2 * math.pi * k / len(group)
                pos[j] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return pos


def nudge_apart(pos: np.ndarray, sizes: list[tuple[float, float]], home: np.ndarray, limit: float) -> np.ndarray:
    """Symbols that still overlap (nearby places) pushed apart, each pair along its axis of least
    overlap, at most `limit` points from `home` (as deploymap.js nudge). Points in, points out."""
    pos = pos.copy()
    n = len(pos)
    for _step in range(40):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                ox = (sizes[i][0] + sizes[j][0]) / 2 + 2 - abs(pos[i][0] - pos[j][0])
                oy = (sizes[i][1] + sizes[j][1]) / 2 + 2 - abs(pos[i][1] - pos[j][1])
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                axis, amount = (0, ox) if ox < oy else (1, oy)
                sign = -1.0 if pos[i][axis] <= pos[j][axis] else 1.0
                pos[i][axis] += sign * amount / 2
                pos[j][axis] -= sign * amount / 2
        d = pos - home
        dist = np.hypot(d[:, 0], d[:, 1])
        far = dist > limit
        pos[far] = home[far] + d[far] * (limit / dist[far])[:, None]
        if not moved:
            break
    return pos


def box_outlines(boxes: np.ndarray, data_per_point: float):
    """Rectangles (centre x, centre y in map units; half width, half height in points) as ONE closed
    path of a part each, in map units (a vector writer emits one element, not one per box; a dash
    pattern restarts at each part, as it does on separate paths)."""
    from matplotlib.path import Path as MPath

    corners = np.array([(-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)], dtype=float)
    half = boxes[:, None, 2:4] * data_per_point
    verts = (boxes[:, None, 0:2] + corners[None, :, :] * half).reshape(-1, 2)
    codes = [MPath.MOVETO, MPath.LINETO, MPath.LINETO, MPath.LINETO, MPath.CLOSEPOLY]
    return MPath(verts, np.tile(np.array(codes, dtype=MPath.code_type), len(boxes)))


class StaticMap:
    """The map drawn with matplotlib (no browser): for SVG, PDF and fallback PNG / animation frames.

    The figure is width x height CSS px at 100 dpi (so sizes match the web map), in the projection
    chosen for the extent (projection_for: conic for Europe, Mercator centred on the data elsewhere). Static layers (basemap, legend, footnote) are
    drawn once; `draw_day` redraws what depends on the date.
    """

    def __init__(
        self,
        loaded,
        options,
        timeline,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        scale: float = 1.0,
        sources_span: tuple[dt.date, dt.date] | None = None,
    ):
        with gc_paused():
            self._build(loaded, options, timeline, width, height, scale, sources_span)

    def _build(
        self,
        loaded,
        options,
        timeline,
        width: int,
        height: int,
        scale: float,
        sources_span: tuple[dt.date, dt.date] | None,
    ) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.loaded, self.timeline = loaded, timeline
        self.options = options
        self.day = resolve_date(loaded, options, timeline)
        self.width, self.height, self.scale = width, height, scale
        self.dpi = 100.0 * scale
        self.t = theme_of(getattr(options, "theme", None))  # the palette (dashboard.web.style.THEMES)
        self.fig = Figure(
            figsize=((width + 0.001) / 100.0, (height + 0.001) / 100.0), dpi=self.dpi, facecolor=self.t.paper
        )
        self.canvas = FigureCanvasAgg(self.fig)
        self.selected = [
            i for i, mid in enumerate(timeline.ids) if options.movement_ids is None or mid in options.movement_ids
        ]
        span = sources_span or (self.day, self.day)
        self.span = span
        self.sources = cited_sources(loaded, options.movement_ids, *span)
        self._dynamic: list = []
        self.locator_labels: list = []  # the locator inset's place labels (its annotations), for tests
        self._taken: list[tuple[float, float, float, float]] | None = None  # points the unit labels keep
        from dashboard.web import framing
        from dashboard.web.mappayload import frame_payload

        self.payload = frame_payload(loaded, timeline, options)  # what framing and the locator read
        focus, far = framing.frame(self.payload)
        self.bounds = options.bounds or focus or bounds_for(self.loaded, self.timeline, self.options)
        self.far = framing.outside(self.payload, self.bounds) if options.bounds or focus is None else far
        self.proj = Projection(projection_for(self.bounds))
        self._chains()
        self.disputed = disputed_rows(loaded.dataset.movements)  # per movement: a claim disputed (a red '≠')
        self.marks = self._uncertainty_marks()
        self._layout()
        legend = self._draw_legend()
        self._legend = legend
        self._fit(legend.get_window_extent(self.canvas.get_renderer()).width / scale)
        self.far = self._beyond_view(self.far)
        self._draw_static()
        self.draw_day(day_number(self.day))

    # -- layout
    def _layout(self) -> None:
        items, credit = footnote_lines(self.sources, uncertain=credits_uncertainty(self.marks))
        text = "Sources: " + "; ".join(items)
        chars = max(40, int((self.width - 24) / 6.1))
        extra = ""
        if credit.endswith(UNCERTAIN_CREDIT):  # wrapped on its own (longer lines of it would overflow)
            credit, extra = credit[: -len(UNCERTAIN_CREDIT)].rstrip(), UNCERTAIN_CREDIT
        self.foot_lines = textwrap.wrap(text, chars) + textwrap.wrap(credit, int(chars * 1.08))
        self.foot_lines += textwrap.wrap(extra, chars)
        foot_px = 10 + 15.5 * len(self.foot_lines)
        fh = foot_px / self.height
        self.ax = self.fig.add_axes((0, fh, 1, 1 - fh))
        ax = self.ax
        ax.set_facecolor(self.t.ocean)
        ax.set_xticks([])
        ax.set_yticks([])
        for s in ax.spines.values():
            s.set_visible(False)
        ax.set_autoscale_on(False)
        self.foot_px = foot_px

    def _beyond_view(self, far: list[int]) -> list[int]:
        """The far places that lie beyond the map as drawn: the axes' limits are wider than the box the places were
        first compared with (padding, the image's shape), so a place inside them is on the map, not in the inset
        (as the web map's locator, issue of a new user's trial)."""
        places = self.payload["places"]
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        out = []
        for i in far:
            x, y = self.proj(places[i][0], places[i][1])
            if not (x0 <= float(x) <= x1 and y0 <= float(y) <= y1):
                out.append(i)
        return out

    def _fit(self, legend_px: float) -> None:
        """Axis limits fitting the features, padded as the web map's export (and clear of the legend)."""
        ax = self.ax
        w, s, e, n = self.bounds
        t = np.linspace(0.0, 1.0, 33)  # the extent's outline, densified: a conic bends its edges
        ring_lon = np.concatenate([w + (e - w) * t, np.full(33, e), e - (e - w) * t, np.full(33, w)])
        ring_lat = np.concatenate([np.full(33, s), s + (n - s) * t, np.full(33, n), n - (n - s) * t])
        px, py = self.proj(ring_lon, ring_lat)
        x0, x1, y0, y1 = float(px.min()), float(px.max()), float(py.min()), float(py.max())
        # pad like the web map (px), then widen the short side to the axes' aspect
        ax_w, ax_h = self.width, self.height - self.foot_px
        padding: tuple[float, float, float, float] = FIT_PADDING
        pl, pt, pr, pb = padding
        pr += legend_px + 10
        fx, fy = min(1.0, 0.6 * ax_w / (pl + pr)), min(1.0, 0.6 * ax_h / (pt + pb))  # as PREPARE_JS
        pl, pr, pt, pb = pl * fx, pr * fx, pt * fy, pb * fy
        avail_w, avail_h = max(1.0, ax_w - pl - pr), max(1.0, ax_h - pt - pb)
        res = max((x1 - x0) / avail_w, (y1 - y0) / avail_h)  # metres per px
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        cx += (pr - pl) / 2 * res
        cy += (pt - pb) / 2 * res
        self.res = res
        self.xlim = (cx - ax_w / 2 * res, cx + ax_w / 2 * res)
        self.ylim = (cy - ax_h / 2 * res, cy + ax_h / 2 * res)
        ax.set_xlim(*self.xlim)
        ax.set_ylim(*self.ylim)

    def _chains(self) -> None:
        """Which marker each movement shows on a day, as deploymap.js does (chained legs hand over)."""
        moves = self.loaded.dataset.movements
        tl = self.timeline
        by_unit: dict[str, list[int]] = {}
        for i in self.selected:
            by_unit.setdefault(moves[i].unit, []).append(i)
        self.prev: dict[int, int] = {}
        self.next: dict[int, int] = {}
        depart, arrive = tl.depart.tolist(), tl.arrive.tolist()  # Python floats: sorted as the arrays' values
        for idxs in by_unit.values():
            if len(idxs) < 2:
                continue  # a unit's only movement hands over to none
            idxs.sort(key=lambda i: (depart[i], arrive[i]))
            for k, i in enumerate(idxs):
                for j in idxs[k + 1 :]:
                    if moves[j].from_ == moves[i].to and j not in self.prev:
                        self.next[i], self.prev[j] = j, i
                        break
        self.home_units = []
        if self.options.movement_ids is None:
            moving = {moves[i].unit for i in self.selected}
            self.home_units = [
                u for u in self.loaded.dataset.units if u.id not in moving and u.home and u.home in self.loaded.places
            ]

    def _uncertainty_marks(self) -> dict[str, bool]:
        """Which uncertainty marks this map can draw (dashboard.export.layout.uncertainty_marks)."""
        self.outline_places = outline_places(self.loaded, self.selected, self.home_units)
        return uncertainty_marks(self.loaded, self.timeline, self.selected, self.outline_places, self.disputed)

    def _draw_place_outlines(self) -> None:
        """Places known only as a country: the country's outline (dashed), not a pin; only as a region:
        a halo of REGION_KM around its point (as the web map)."""
        from matplotlib.collections import PathCollection
        from matplotlib.colors import to_rgba
        from matplotlib.path import Path as MPath

        if not self.outline_places:
            return
        world = world_projected(self.proj.crs)
        iso = world["iso_a3"] if "iso_a3" in world.columns else None
        shapes: dict[str, list] = {"country": [], "region": []}
        for pid in self.outline_places:
            place = self.loaded.places[pid]
            path = None
            if place.precision == "country" and iso is not None:
                match = world.geometry[iso == place.country]
                if len(match):
                    path = _geom_path(match.union_all())
            if path is None:  # a region, or a country the basemap does not have: a halo around the point
                az = np.linspace(0.0, 360.0, 73)
                lon, lat, _ = GEOD.fwd(np.full(73, place.lon), np.full(73, place.lat), az, np.full(73, REGION_KM * 1e3))
                x, y = self.proj(lon, lat)
                path = MPath(np.column_stack([x, y]), closed=True)
                shapes["region"].append(path)
            else:
                shapes["country"].append(path)
        for kind, style in (("country", COUNTRY_STYLE), ("region", REGION_STYLE)):
            if not shapes[kind]:
                continue
            width, dash, opacity, fill = style
            self.ax.add_collection(
                PathCollection(
                    shapes[kind],
                    facecolors=[to_rgba(self.t.place, fill)],
                    edgecolors=[to_rgba(self.t.place, opacity)],
                    linewidths=width * PT_PER_PX,
                    linestyles=[(0, tuple(v / width for v in dash))],
                    zorder=0.9,
                    gid=f"dm-place-{kind}",
                ),
                autolim=False,
            )

    # -- drawing
    def _draw_static(self) -> None:
        from matplotlib.collections import PathCollection
        from matplotlib.lines import Line2D

        ax, fig = self.ax, self.fig
        paths = _basemap_paths(
            self.proj.crs, *(round(v, -2) for v in (*self.xlim, *self.ylim)), round(self.res * 0.4, 1)
        )
        ax.add_collection(
            PathCollection(
                paths,
                facecolors=self.t.land,
                edgecolors=self.t.border,
                linewidths=self.t.border_width * PT_PER_PX,
                zorder=0.5,
                gid="dm-land",
            )
        )
        if getattr(self.options, "graticule", False):
            self._draw_graticule()
        # route arrowheads (static, like the web map: at 80 % of the route), one collection for all:
        # a triangle 7 pt long and 7 pt wide (as "-|>" at mutation scale 10), its tip on the route
        self._draw_place_outlines()
        if self.far and self.options.locator:
            self._draw_locator()
        self._draw_arrowheads()
        # title (under the date, as on the web map)
        title = self.options.title or DEFAULT_TITLE
        self._title_art = ax.annotate(
            title,
            xy=(0.5, 1),
            xycoords="axes fraction",
            xytext=(0, -58 * PT_PER_PX),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=15 * PT_PER_PX,
            fontweight="bold",
            color=self.t.ink,
            zorder=21,
            bbox=dict(boxstyle="round,pad=0.25", fc=(*_rgb(self.t.paper), self.t.paper_alpha), ec="none"),
        )
        # footnote
        fig.text(
            10 / self.width,
            (self.foot_px - 8) / self.height,
            "\n".join(self.foot_lines),
            ha="left",
            va="top",
            fontsize=11 * PT_PER_PX,
            color=self.t.ink,
            linespacing=1.25,
        )
        fig.add_artist(Line2D([0, 1], [self.foot_px / self.height] * 2, color=self.t.rule, lw=0.72))

    def _draw_arrowheads(self) -> None:
        """Route arrowheads (static, like the web map: at 80 % of the route): a triangle 7 pt long and 7 pt
        wide (as "-|>" at mutation scale 10), its tip on the route, and a '?' beside an arrival no source
        reports. Heads in map coordinates (a point is `res` * 100 / 72 metres), all of one opacity as one
        path; the '?' one glyph placed at each: a few elements however many routes."""
        from matplotlib.collections import PathCollection
        from matplotlib.font_manager import FontProperties
        from matplotlib.path import Path as MPath
        from matplotlib.textpath import TextPath
        from matplotlib.transforms import Affine2D

        tl = self.timeline
        sel = np.array(self.selected, dtype=np.int64)
        if not sel.size:
            return
        routes = [self.routes[i] for i in self.selected]
        n = np.array([len(r) for r in routes], dtype=np.int64)
        k = (n * 0.8).astype(np.int64)  # the point at 80 % of the route, and the one before it
        a, b = np.maximum(0, k - 1), np.minimum(n - 1, k)
        keep = (n >= 2) & (tl.length_m[sel] > 0) & (a != b)
        if not keep.any():
            return
        start = np.concatenate([[0], np.cumsum(n)[:-1]])
        points = np.concatenate(routes)
        pa, pb = points[(start + a)[keep]], points[(start + b)[keep]]
        xa, ya = self.proj(pa[:, 0], pa[:, 1])
        xb, yb = self.proj(pb[:, 0], pb[:, 1])
        ok = (xa != xb) | (ya != yb)
        if not ok.any():
            return
        xa, ya, xb, yb = xa[ok], ya[ok], xb[ok], yb[ok]
        pale = tl.arrive_estimated[sel[keep]][ok].astype(bool)
        angle = np.arctan2(yb - ya, xb - xa)  # the axes keep x and y at one scale
        pt = self.res * 100 / 72  # map metres per point
        head = np.array([[0.0, 0.0], [-7.0, 3.5], [-7.0, -3.5], [0.0, 0.0]])
        cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
        vx = xb[:, None] + pt * (head[:, 0] * cos - head[:, 1] * sin)
        vy = yb[:, None] + pt * (head[:, 0] * sin + head[:, 1] * cos)
        tri = [MPath.MOVETO, MPath.LINETO, MPath.LINETO, MPath.CLOSEPOLY]
        for group, alpha in ((~pale, 0.8), (pale, 0.8 * ESTIMATED_HEAD_ALPHA)):
            if not group.any():
                continue
            verts = np.stack([vx[group], vy[group]], axis=-1).reshape(-1, 2)
            self.ax.add_collection(
                PathCollection(
                    [MPath(verts, np.tile(tri, int(group.sum())))],
                    facecolors=[self.t.routes[2][0]],  # the arrived route colour
                    edgecolors="none",
                    alpha=alpha,
                    zorder=2.5,
                    gid="dm-arrowheads" + ("-estimated" if alpha < 0.8 else ""),
                ),
                autolim=False,
            )
        if pale.any():  # an arrival no source reports: a bold '?' 6 pt right of and 5 pt above its arrowhead
            glyph = TextPath((0, 0), "?", size=11 * PT_PER_PX, prop=FontProperties(weight="bold"))
            g = glyph.vertices - (glyph.vertices.min(axis=0) + glyph.vertices.max(axis=0)) / 2  # centred
            self.ax.add_collection(
                PathCollection(
                    [MPath(g, glyph.codes)],  # one glyph, placed at every arrowhead (a vector writer reuses it)
                    offsets=np.column_stack([xb[pale] + 6 * PT_PER_PX * pt, yb[pale] + 5 * PT_PER_PX * pt]),
                    offset_transform=self.ax.transData,
                    transform=Affine2D().scale(1 / 72) + self.fig.dpi_scale_trans,  # points -> display
                    facecolors=[self.t.routes[3][0]],
                    edgecolors=[NO_PAINT],  # one colour, not "none": drawn as markers (one style for all)
                    linewidths=0,
                    zorder=2.6,
                    gid="dm-estimated-arrival",
                ),
                autolim=False,
            )

    def _draw_legend(self):
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        ax = self.ax
        k = max(0.7, min(1.0, self.width / 1100))  # smaller on small images, as in the browser export
        # legend: the web map's rows, only those this image draws (legend_present)
        present = self.legend_present()
        examples = [(label, symbol_drawing(svg)) for label, svg in legend_symbols(present["units"]).items()]
        handles, labels = [], []
        for label, drawing in examples:
            handles.append(SymbolLegendHandle(drawing))
            labels.append(label)
        for phase, label in ((0, "planned (not started)"), (1, "in transit (moving)"), (2, "arrived")):
            if phase not in present["phases"]:
                continue
            colour, alpha, wpx, dash = self.t.routes[phase]
            handles.append(
                Line2D(
                    [],
                    [],
                    color=colour,
                    alpha=alpha,
                    lw=3 * PT_PER_PX,
                    dashes=[v * PT_PER_PX / (3 * PT_PER_PX) for v in dash] if dash else (None, None),
                )
            )
            labels.append(label)
        if self.options.highlight_ids:
            handles.append(Line2D([], [], color=self.t.highlight, lw=4 * PT_PER_PX))
            labels.append("changed since comparison date")
        for side in present["areas"]:
            colour = self.t.areas.get(side, self.t.areas["unknown"])
            handles.append(Patch(facecolor=(*_rgb(colour), 0.22), edgecolor=colour, lw=0.72))
            labels.append(f"area ({SIDE_WORDS[side]})")
        if present["events"]:
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="none",
                    marker="*",
                    markersize=11,
                    markerfacecolor=self.t.event,
                    markeredgecolor=self.t.on_mark,
                    markeredgewidth=0.6,
                )
            )
            labels.append("event")
        for key, _cls, _inner, text in UNCERTAINTY_KEYS:
            if self.marks.get(key):
                handle = self._legend_key(key, _cls)
                if handle is not None:
                    handles.append(handle)
                    labels.append(text.replace(" (see the popup)", " (see the label)"))  # no popups here
        leg = ax.legend(
            handles,
            labels,
            loc="lower right",
            fontsize=11 * PT_PER_PX * k,
            title="Legend",
            title_fontproperties={"weight": "bold", "size": 12 * PT_PER_PX * k},
            framealpha=0.95,
            facecolor=self.t.paper,
            edgecolor=self.t.rule,
            fancybox=False,
            borderpad=0.6,
            labelspacing=0.45,
            handlelength=2.6,
            handleheight=1.4,
            alignment="left",
            handler_map={SymbolLegendHandle: SymbolLegendHandler()},
            labelcolor=self.t.ink,
        )
        leg.get_title().set_color(self.t.ink)
        leg.set_zorder(20)
        return leg

    def _draw_locator(self) -> None:
        """The locator inset (as the web map's, web/framing.py): the whole story at a small scale, this
        map's extent as a box, and the far places it leaves out, named (top left, under the hidden
        labels' note)."""
        from matplotlib.collections import PathCollection
        from matplotlib.patches import Rectangle

        from dashboard.web import basemap as world

        places, names = self.payload["places"], self.payload["placeNames"]
        lons = [p[0] for p in places]
        lats = [p[1] for p in places]
        w, e = min(lons + [self.bounds[0]]), max(lons + [self.bounds[2]])
        s_, n = min(lats + [self.bounds[1]]), max(lats + [self.bounds[3]])
        px, py = max(4.0, (e - w) * 0.12), max(3.0, (n - s_) * 0.15)
        w, e, s_, n = w - px, e + px, max(-85.0, s_ - py), min(85.0, n + py)
        k = max(0.7, min(1.0, self.width / 1100))
        iw, ih = 210 * k, 130 * k
        top = self.height - 30 * k
        inset = self.fig.add_axes((10 / self.width, (top - ih) / self.height, iw / self.width, ih / self.height))
        inset.set_facecolor(self.t.ocean)
        inset.set_xticks([])
        inset.set_yticks([])
        for sp in inset.spines.values():
            sp.set_edgecolor(self.t.rule)
            sp.set_linewidth(0.72)
        # a degree of latitude 1/cos(mid-latitude) as tall as one of longitude: the limits widened here to
        # the inset's shape (as adjustable="datalim" would, which warns on every map that its limits moved)
        aspect = 1 / max(0.2, math.cos(math.radians((s_ + n) / 2)))
        if (n - s_) * aspect / (e - w) < ih / iw:
            grow = ((ih / iw) * (e - w) / aspect - (n - s_)) / 2
            s_, n = s_ - grow, n + grow
        else:
            grow = ((n - s_) * aspect * iw / ih - (e - w)) / 2
            w, e = w - grow, e + grow
        inset.set_xlim(w, e)
        inset.set_ylim(s_, n)
        inset.set_aspect(aspect, adjustable="datalim")
        light = world.layers(None)["light"]["features"]
        from shapely.geometry import shape

        paths = []
        for shift in (-360.0, 0.0, 360.0):
            for f in light:
                g = shape(f["geometry"])
                x0, _y0, x1, _y1 = g.bounds
                if x1 + shift < w or x0 + shift > e:
                    continue
                path = _geom_path(shapely_transform(g, lambda xy, dx=shift: xy + [dx, 0.0]))
                if path is not None:
                    paths.append(path)
        inset.add_collection(
            PathCollection(paths, facecolors=self.t.land, edgecolors=self.t.border, linewidths=0.3, zorder=1)
        )
        bw, bs, be, bn = self.bounds
        inset.add_patch(Rectangle((bw, bs), be - bw, bn - bs, fill=False, ec=self.t.highlight, lw=1.2, zorder=3))
        # one label a group: a far place joins the first shown within 6 degrees of it, or whose label its
        # own would cover ("Fort Bragg and 1 more"); a label goes right of its dot, or left where the right
        # would leave the inset; measured in display px before any is drawn
        size = 8 * PT_PER_PX * k + 1
        px_per_pt = self.dpi / 72.0
        frame = inset.get_window_extent(self.canvas.get_renderer())
        groups: list[list[int]] = []
        boxes: list[tuple[float, float, float, float]] = []
        looks: list[tuple[str, bool, bool]] = []  # the group's name, its count on a second line, left of its dot
        pad = (0.1 * size + 1) * px_per_pt  # the label's box pads its text by a tenth of the font size

        def extent(text: str) -> tuple[float, float]:
            w_pt, h_pt = self._text_pt(text, size, True)
            lines = text.count("\n") + 1
            return (4 + w_pt) * px_per_pt + pad, h_pt * px_per_pt * lines / 2 + pad

        for i in self.far:
            lon, lat = places[i]
            x, y = inset.transData.transform((lon, lat))
            full = names[i].split(",")[0]
            short = re.sub(r"\s*\([^)]*\)", "", full).strip() or full  # "Vilseck (Rose Barracks)": "Vilseck"
            # the first that fits right or left of the dot: the full name, the short one, the count under it
            for name, second in ((full, False), (short, False), (short, True)):
                width, half = extent(name + ("\nand 9 more" if second else " and 9 more"))
                if x + width <= frame.x1 or x - width >= frame.x0:
                    break
            left = x + width > frame.x1 and x - width >= frame.x0
            box = (
                (x - width, y - half, x + 3 * px_per_pt, y + half)
                if left
                else (x - 3 * px_per_pt, y - half, x + width, y + half)
            )
            for group, b in zip(groups, boxes):
                a, c = places[group[0]]
                near = abs(lon - a) < 6 and abs(lat - c) < 6
                if near or (box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]):
                    group.append(i)
                    break
            else:
                groups.append([i])
                boxes.append(box)
                looks.append((name, second, left))
        self.locator_labels = []
        for group, (name, second, left) in zip(groups, looks):
            i, more = group[0], len(group) - 1
            lon, lat = places[i]
            inset.plot([lon], [lat], "o", ms=4 * k, mfc=self.t.on_mark, mec=self.t.ink, mew=0.8, zorder=4)
            self.locator_labels.append(
                inset.annotate(
                    name + (("\nand" if second else " and") + f" {more} more" if more else ""),
                    xy=(lon, lat),
                    xytext=(-4 if left else 4, 0),
                    textcoords="offset points",
                    ha="right" if left else "left",
                    va="center",
                    fontsize=size,
                    fontweight="bold",
                    color=self.t.ink,
                    zorder=5,
                    bbox=dict(boxstyle="round,pad=0.1", fc=(*_rgb(self.t.paper), 0.8), ec="none"),
                    annotation_clip=False,
                )
            )
        inset.set_gid("dm-locator")
        self.locator = inset

    def legend_present(self) -> dict:
        """What this image draws (a still: on its day; an animation: over its span): the sides of the
        units shown, the route phases, the sides of the areas in force, whether an event is shown."""
        from dashboard.core.model import AFFILIATIONS
        from dashboard.web.symbols import affiliation_of

        tl, loaded = self.timeline, self.loaded
        first, last = day_number(self.span[0]), day_number(self.span[1])
        days = np.unique(np.linspace(min(first, day_number(self.day)), max(last, day_number(self.day)), 12))
        phases: set[int] = set()
        rows = np.asarray(self.selected, dtype=np.intp)
        for d in days:
            st = state_at(tl, float(d))
            phases |= set(np.unique(np.asarray(st.phase)[rows]).astype(int).tolist())
        units = {affiliation_of(loaded.units[tl.units[i]]) for i in self.selected}
        units |= {affiliation_of(u) for u in self.home_units}
        areas = {a.affiliation or "unknown" for d in days for a in areas_valid_on(loaded, math.floor(d))}
        return {
            "units": [a for a in AFFILIATIONS if a in units],
            "phases": phases,
            "areas": [a for a in AFFILIATIONS if a in areas],
            "events": bool(events_on_or_before(loaded, math.floor(days.max()))),
        }

    def _legend_key(self, key: str, cls: str):
        """The legend handle of an uncertainty mark (dashboard.web.page.UNCERTAINTY_KEYS), drawn as on
        the map."""
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        if key == "stretch" and "faded" in cls:  # a faded symbol in a dashed box
            return Patch(
                facecolor=(*_rgb(self.t.areas["friend"]), 0.25),
                edgecolor=self.t.stretch[0],
                lw=2 * PT_PER_PX,
                linestyle=(0, (2, 1.5)),
            )
        if key == "stretch":
            colour, opacity, width = self.t.stretch
            return Line2D([], [], color=colour, alpha=opacity, lw=width * PT_PER_PX * 0.75, solid_capstyle="butt")
        if key == "unknown":
            colour, alpha, wpx, dash = self.t.routes[3]
            dashes = [v / 3 for v in dash] if dash else (None, None)
            return Line2D([], [], color=colour, alpha=alpha, lw=3 * PT_PER_PX, dashes=dashes)
        if key == "estimated":
            return Line2D([], [], ls="none", marker="$?$", markersize=9, color=self.t.routes[3][0])
        if key in ("country", "region"):
            width, dash, opacity, fill = COUNTRY_STYLE if key == "country" else REGION_STYLE
            return Patch(
                facecolor=(*_rgb(self.t.place), fill),
                edgecolor=(*_rgb(self.t.place), opacity),
                lw=width * PT_PER_PX,
                linestyle=(0, tuple(v / width for v in dash)),
            )
        if key == "disputed":  # a white '≠' on a red disc (a tuple of handles is drawn one over the other)
            disc = Line2D([], [], ls="none", marker="o", markersize=10, markerfacecolor=self.t.areas["hostile"])
            disc.set_markeredgecolor(self.t.on_mark)
            sign = Line2D([], [], ls="none", marker=r"$\neq$", markersize=6, color=self.t.on_mark, markeredgewidth=0)
            return (disc, sign)
        if key == "event":
            return Line2D(
                [],
                [],
                ls="none",
                marker="*",
                markersize=11,
                markerfacecolor=self.t.event,
                markeredgecolor=self.t.on_mark,
                markeredgewidth=0.6,
                alpha=UNCERTAIN_EVENT_ALPHA,
            )
        return None

    def _draw_units(self, markers: list[tuple], keep) -> None:
        """Unit symbols (and their labels, when they do not clutter) at each marker: (unit, lon, lat,
        moving[, uncertain, disputed, detail]). An uncertain one is faded in a dashed box, a disputed
        one carries a red '≠' (as the web map); `detail` is the label's second line."""
        from matplotlib.collections import Collection, PathCollection

        ax, fig = self.ax, self.fig
        full = [m if len(m) == 7 else (*m, False, False, None)[:7] for m in markers]
        mx, my = self.proj([m[1] for m in full], [m[2] for m in full])
        # labels as on the web map: only when they do not clutter (options.labels forces them on or off)
        labelled = self._labelled(len(full))
        by_unit: dict[int, Any] = {}  # a unit's drawing, worked out once however many of its legs are shown
        drawings = [by_unit.get(id(m[0])) or by_unit.setdefault(id(m[0]), unit_drawing(m[0])) for m in full]
        real = (np.asarray(mx, float).copy(), np.asarray(my, float).copy())
        mx, my, places = self._placements(full, drawings, mx, my, labelled)
        self._draw_leaders(real, (mx, my), places, keep)
        sides = places
        # symbols: one collection per shape of each distinct drawing, placed at all its units
        groups: dict[tuple[int, int, bool], tuple[Any, list[tuple[float, float]]]] = {}
        boxes: list[tuple[float, float, float, float]] = []
        for (unit, _lon, _lat, moving, uncertain, disputed, detail), drawing, side, x, y in zip(
            full, drawings, sides, mx, my
        ):
            z = 5 if moving else 4
            groups.setdefault((id(drawing), z, bool(uncertain)), (drawing, []))[1].append((x, y))
            half_w = drawing.size_px[0] / 2 * PT_PER_PX
            half_h = drawing.size_px[1] / 2 * PT_PER_PX
            if uncertain:
                boxes.append((x, y, half_w + 2 * PT_PER_PX, half_h + 2 * PT_PER_PX))
            if disputed:
                keep(
                    ax.annotate(
                        "\u2260",
                        xy=(x, y),
                        xycoords="data",
                        xytext=(half_w, half_h),
                        textcoords="offset points",
                        ha="center",
                        va="center",
                        fontsize=11 * PT_PER_PX,
                        fontweight="bold",
                        color=self.t.on_mark,
                        zorder=z + 0.6,
                        annotation_clip=True,
                        bbox=dict(boxstyle="circle,pad=0.15", fc=self.t.areas["hostile"], ec=self.t.on_mark, lw=0.72),
                    )
                )
            if side is None:
                continue
            left, top_pt = side[0], side[1]  # the label block's top-left corner, points from the symbol
            lines = detail_lines(detail)
            name_h, _lift, _top = label_layout(len(lines))
            pad = 0.2 * NAME_PT
            name_art = ax.annotate(
                unit.short_name or unit.name,
                xy=(x, y),
                xycoords="data",
                xytext=(left + pad, top_pt - name_h / 2 - pad / 2),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=NAME_PT,
                fontweight="bold",
                color=self.t.ink,
                zorder=z + 0.5,
                annotation_clip=True,
                bbox=dict(
                    boxstyle="round,pad=0.2", fc=(*_rgb(self.t.paper), self.t.paper_alpha), ec=self.t.rule, lw=0.72
                ),
                gid="dm-label",
            )
            keep(name_art)
            self.label_artists.append(name_art)
            if lines:
                detail_art = ax.annotate(
                    "\n".join(lines),
                    xy=(x, y),
                    xycoords="data",
                    xytext=(left + pad, top_pt - name_h - pad * 1.5),
                    textcoords="offset points",
                    ha="left",
                    va="top",
                    fontsize=DETAIL_PT,
                    fontweight="normal",
                    color=self.t.say,
                    zorder=z + 0.45,
                    annotation_clip=True,
                    bbox=dict(boxstyle="round,pad=0.15", fc=(*_rgb(self.t.paper), self.t.paper_alpha), ec="none"),
                    gid="dm-label-detail",
                )
                keep(detail_art)
                self.label_artists.append(detail_art)
        for (_key, zorder, uncertain), (drawing, xy) in groups.items():
            for art in symbol_collections(
                drawing,
                np.array(xy),
                ax.transData,
                fig.dpi_scale_trans,
                zorder,
                uncertain=uncertain,
                data_per_point=self.res * 100 / 72,
            ):
                if isinstance(art, Collection):
                    keep(ax.add_collection(art, autolim=False))
                else:
                    art.set_clip_path(ax.patch)
                    keep(ax.add_artist(art))
        if boxes:  # the dashed box around a unit whose place the sources do not give: one path for all
            keep(
                ax.add_collection(
                    PathCollection(
                        [box_outlines(np.array(boxes, dtype=float), self.res * 100 / 72)],
                        facecolors="none",
                        edgecolors=[self.t.stretch[0]],
                        linewidths=2 * PT_PER_PX,
                        linestyles=[(0, (2, 1.5))],
                        zorder=5.2,
                        gid="dm-uncertain-box",
                    ),
                    autolim=False,
                )
            )

    def _text_pt(self, text: str, size: float, bold: bool) -> tuple[float, float]:
        """Width and height of a line of text as drawn, in points."""
        from matplotlib.font_manager import FontProperties

        renderer = self.canvas.get_renderer()
        w, h, _d = renderer.get_text_width_height_descent(
            text, FontProperties(size=size, weight="bold" if bold else "normal"), ismath=False
        )
        k = 72.0 / self.fig.dpi
        return w * k, h * k

    def _label_block(self, unit, detail: str | None) -> tuple[float, float]:
        """The size (points) of a label's block: the name in its box, the detail lines under it."""
        name_w, _h = self._text_pt(unit.short_name or unit.name, NAME_PT, True)
        lines = detail_lines(detail)
        w = name_w + 0.4 * NAME_PT + 2
        for t in lines:
            w = max(w, self._text_pt(t, DETAIL_PT, False)[0] + 0.3 * DETAIL_PT + 2)
        name_h, _lift, _top = label_layout(len(lines))
        h = name_h + 0.4 * NAME_PT + len(lines) * DETAIL_PT * 1.3 + (0.45 * DETAIL_PT if lines else 0) + 2
        return w, h

    def _labelled(self, count: int) -> bool:
        """Whether units carry labels: as on the web map, only when they do not clutter (at most
        LABEL_LIMIT); options.labels forces them on or off."""
        return self.options.labels if self.options.labels is not None else count <= LABEL_LIMIT

    def _placements(self, markers: list[tuple], drawings: list, mx, my, labelled: bool):
        """Where each symbol and its label go, as the web map places them (deploymap.js _declutter):
        units on one spot fan out (a column, or a ring); labels by priority (moving, echelon,
        strength) at the first free of CANDIDATES around the symbol, then farther out with a leader
        line; a label that would cover a symbol, an event, a label, the legend, the date or the title,
        or leave the map, is hidden and counted (`self.labels_hidden`). Works in points."""

        to_pt = 72.0 / self.fig.dpi
        inv = self.ax.transData.inverted()
        xy = self.ax.transData.transform(np.column_stack([mx, my])) * to_pt
        sizes = [(d.size_px[0] * PT_PER_PX, d.size_px[1] * PT_PER_PX) for d in drawings]
        pos = xy.copy() if len(self.selected) > MANY else nudge_apart(fan_out(xy, sizes), sizes, xy, 60 * PT_PER_PX)
        obstacles = [
            (px - w / 2 - 1, py - h / 2 - 1, px + w / 2 + 1, py + h / 2 + 1) for (px, py), (w, h) in zip(pos, sizes)
        ]
        star = 22 * PT_PER_PX / 2 + 1
        if self._events_xy:
            ev = self.ax.transData.transform(np.array(self._events_xy)) * to_pt
            obstacles += [(ex - star, ey - star, ex + star, ey + star) for ex, ey in ev]
        renderer = self.canvas.get_renderer()
        for art in self._fixed_artists():
            bb = art.get_window_extent(renderer)
            obstacles.append((bb.x0 * to_pt, bb.y0 * to_pt, bb.x1 * to_pt, bb.y1 * to_pt))
        box = self.ax.bbox
        view = (box.x0 * to_pt + 2, box.y0 * to_pt + 2, box.x1 * to_pt - 2, box.y1 * to_pt - 2)
        places = self._place_labels(markers, pos, sizes, labelled, view, obstacles)
        new = inv.transform(pos / to_pt)
        # the symbols where drawn, display px (centre x, y, width, height): for tests and tools
        self.symbol_boxes = [(px / to_pt, py / to_pt, w / to_pt, h / to_pt) for (px, py), (w, h) in zip(pos, sizes)]
        return new[:, 0], new[:, 1], places

    def _place_labels(self, markers, pos, sizes, labelled: bool, view, obstacles) -> list:
        """Each label's box (left, top, far, right, bottom: points from its symbol) or None (hidden);
        in order of priority, at the first free candidate (see _placements)."""
        from dashboard.core.model import ECHELONS

        n = len(markers)
        places: list[tuple[float, float, bool, float, float] | None] = [None] * n
        self.labels_hidden = 0
        shown: list[tuple[float, float, float, float]] = []
        if labelled:

            def rank(i: int) -> tuple:
                unit, moving = markers[i][0], markers[i][3]
                ech = ECHELONS.index(unit.echelon) if unit.echelon in ECHELONS else 0
                return (-int(bool(moving)), -ech, pos[i][1] * -1, pos[i][0])

            def free(r: tuple[float, float, float, float]) -> bool:
                if r[0] < view[0] or r[1] < view[1] or r[2] > view[2] or r[3] > view[3]:
                    return False
                return not any(r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3] for o in obstacles + shown)

            for i in sorted(range(n), key=rank):
                (px, py), (w, h) = pos[i], sizes[i]
                if not (view[0] <= px <= view[2] and view[1] <= py <= view[3]):
                    continue  # off the map: neither symbol nor label is drawn
                lw, lh = self._label_block(markers[i][0], markers[i][6])
                pick = None
                for ring in (0, 1):
                    extra = max(13.0, lh * 1.2) if ring else 0.0
                    for cx_, cy_ in ((1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1)):
                        bx = px + cx_ * (w / 2 + 3 + extra + (lw / 2 if cx_ else 0))
                        by = py + cy_ * (h / 2 + 3 + extra * 0.6 + lh / 2) * (0.75 if cx_ else 1)
                        r = (bx - lw / 2, by - lh / 2, bx + lw / 2, by + lh / 2)
                        if free(r):
                            pick = (r, bool(ring))
                            break
                    if pick:
                        break
                if pick is None:
                    self.labels_hidden += 1
                    continue
                r, far = pick
                shown.append(r)
                places[i] = (r[0] - px, r[3] - py, far, r[2] - px, r[1] - py)  # left, top, far, right, bottom
        self._taken = obstacles + shown  # what context labels must keep clear of (points)
        return places

    def _fixed_artists(self) -> list:
        """What labels must leave clear besides symbols: the legend, the date and the title."""
        out = [
            a
            for a in (getattr(self, "_legend", None), getattr(self, "_title_art", None), getattr(self, "locator", None))
            if a is not None
        ]
        return out + [a for a in self._dynamic if getattr(a, "get_gid", lambda: None)() == "dm-date"]

    def _draw_leaders(self, real, placed, places, keep) -> None:
        """A thin line from a unit's real point to its symbol set apart (a fanned spot), and from a
        symbol to its label set apart; the count of labels hidden for lack of room."""
        from matplotlib.collections import LineCollection

        segs = [
            [(rx, ry), (px, py)]
            for rx, ry, px, py in zip(real[0], real[1], placed[0], placed[1])
            if abs(rx - px) + abs(ry - py) > self.res * 6
        ]
        to_pt = 72.0 / self.fig.dpi
        inv = self.ax.transData.inverted()
        for (px, py), place in zip(zip(placed[0], placed[1]), places):
            if place is None or not place[2]:
                continue
            sx, sy = self.ax.transData.transform([(px, py)])[0] * to_pt
            ex = min(max(sx, sx + place[0]), sx + place[3])  # the label box's point nearest the symbol
            ey = min(max(sy, sy + place[4]), sy + place[1])
            segs.append([(px, py), tuple(inv.transform([(ex / to_pt, ey / to_pt)])[0])])
        if segs:
            keep(
                self.ax.add_collection(
                    LineCollection(
                        segs, colors=[self.t.leader], linewidths=0.72, alpha=0.8, zorder=3.5, gid="dm-leader"
                    ),
                    autolim=False,
                )
            )
        if self.labels_hidden:
            n = self.labels_hidden
            keep(
                self.ax.annotate(
                    f"{n} label{'s' if n > 1 else ''} hidden for lack of room",
                    xy=(0, 1),
                    xycoords="axes fraction",
                    xytext=(8 * PT_PER_PX, -10 * PT_PER_PX),
                    textcoords="offset points",
                    ha="left",
                    va="top",
                    fontsize=10 * PT_PER_PX,
                    color=self.t.ink_soft,
                    zorder=22,
                    bbox=dict(boxstyle="round,pad=0.25", fc=(*_rgb(self.t.paper), 0.9), ec="none"),
                    gid="dm-hidden-count",
                )
            )

    def _draw_stretches(self, visible: list[int], st, keep) -> None:
        """Where a unit may be, while the sources do not place it: a thick translucent stretch of route."""
        from matplotlib.collections import LineCollection

        tl = self.timeline
        stretches = []
        certain = st.certain  # a property: worked out once, not per unit
        for i in visible:
            if not certain[i]:
                part = stretch(tl, i, float(st.progress[i]), float(st.progress_hi[i]))
                x, y = self.proj(part[:, 0], part[:, 1])
                stretches.append(np.column_stack([x, y]))
        if stretches:
            colour, opacity, width = self.t.stretch
            keep(
                self.ax.add_collection(
                    LineCollection(
                        stretches,
                        colors=[colour],
                        alpha=opacity,
                        linewidths=width * PT_PER_PX,
                        zorder=2.1,
                        capstyle="butt",
                        gid="dm-possible-route",
                    ),
                    autolim=False,
                )
            )

    def _day_markers(self, visible: list[int], st) -> list[tuple]:
        """The units shown today: (unit, lon, lat, moving, uncertain, disputed, label detail); then the
        units resting at home."""
        loaded, tl = self.loaded, self.timeline
        moves = loaded.dataset.movements
        # the label's second line only where labels are drawn (_draw_units: not above LABEL_LIMIT markers)
        labelled = self._labelled(len(visible) + len(self.home_units))
        rows = np.asarray(visible, dtype=np.intp)
        sure = np.asarray(st.certain, dtype=bool)[rows].tolist()  # a property: worked out once
        phase = np.asarray(st.phase)[rows].astype(int).tolist()
        away = unplaced(st.day, tl.depart_hi, st.progress, st.progress_hi, tl.arrive_hi)
        details: list[str | None] = [None] * len(visible)
        if labelled:
            for k, i in enumerate(visible):
                m = moves[i]
                say = say_of(m, sure[k], phase[k] == UNKNOWN_PHASE, float(st.progress[i]), bool(away[i]))
                details[k] = detail_of(m, say)
        units, unit_of = loaded.units, tl.units
        markers: list[tuple] = [
            (units[unit_of[i]], x, y, p == 1, not s, d, detail)
            for i, x, y, p, s, d, detail in zip(
                visible,
                np.asarray(st.lon, float)[rows].tolist(),
                np.asarray(st.lat, float)[rows].tolist(),
                phase,
                sure,
                self.disputed[rows].tolist(),
                details,
            )
        ]
        for u in self.home_units:
            p = loaded.places[u.home]
            markers.append((u, p.lon, p.lat, False))
        return markers

    @cached_property
    def routes(self) -> list[np.ndarray]:
        """The timeline's routes (lon/lat) densified for this map's scale (route_steps_km)."""
        return self.timeline.routes_every(route_steps_km(self.res, self.proj, self.timeline))

    @cached_property
    def route_xy(self) -> dict[int, np.ndarray]:
        """Each selected route in map coordinates, simplified to a quarter of a CSS px (ROUTE_TOLERANCE_PX):
        all routes projected in one call, then Douglas-Peucker on all at once (shapely); the ends stay."""
        import shapely

        routes = self.routes
        keys = [i for i in self.selected if len(routes[i]) >= 2]
        out: dict[int, np.ndarray] = {i: np.empty((0, 2)) for i in self.selected}
        if not keys:
            return out
        lonlat = np.concatenate([routes[i] for i in keys])
        x, y = self.proj(lonlat[:, 0], lonlat[:, 1])
        owner = np.repeat(np.arange(len(keys)), [len(routes[i]) for i in keys])
        lines = shapely.linestrings(np.column_stack([x, y]), indices=owner)
        simple = shapely.simplify(lines, ROUTE_TOLERANCE_PX * self.res, preserve_topology=False)
        coords, index = shapely.get_coordinates(simple, return_index=True)
        starts = np.searchsorted(index, np.arange(len(keys) + 1))
        for k, i in enumerate(keys):
            out[i] = coords[starts[k] : starts[k + 1]]
        return out

    def draw_day(self, day: float) -> None:
        """(Re)draw everything that depends on the (fractional) day."""
        from matplotlib.collections import PathCollection
        from matplotlib.colors import to_rgba
        from matplotlib.path import Path as MPath
        from shapely import transform as shp_transform

        for a in self._dynamic:
            a.remove()
        self._dynamic = []
        ax, tl = self.ax, self.timeline
        loaded = self.loaded
        keep = self._dynamic.append
        whole = math.floor(day)
        # areas
        for a in areas_valid_on(loaded, whole):
            g = loaded.geometries.get(a.id)
            if g is None:
                continue
            gm = shp_transform(g, lambda xy: np.column_stack(self.proj(xy[:, 0], xy[:, 1])))
            p = _geom_path(gm)
            if p is None:
                continue
            colour = self.t.areas.get(a.affiliation or "unknown", self.t.areas["unknown"])
            coll = PathCollection(
                [p],
                facecolors=[to_rgba(colour, 0.18)],
                edgecolors=[to_rgba(colour, 0.8)],
                linewidths=1.5 * PT_PER_PX,
                zorder=1,
            )
            keep(ax.add_collection(coll))
        # routes, by phase: one collection per style (10,000 routes draw as a few collections)
        st = state_at(tl, day)
        styles: dict[tuple, list[np.ndarray]] = {}
        for i in self.selected:
            ph = int(st.phase[i])
            colour, alpha, wpx, dash = self.t.routes[ph]
            if tl.ids[i] in self.options.highlight_ids:
                colour, alpha, wpx = self.t.highlight, 1.0, wpx + 2
            styles.setdefault((colour, alpha, wpx, tuple(dash) if dash else ()), []).append(self.route_xy[i])
        for (colour, alpha, wpx, dash), lines in styles.items():
            lines = [line for line in lines if len(line) >= 2]
            if not lines:
                continue
            # one path of many parts per style: one element however many routes (a dash pattern restarts
            # at each part, as on separate lines; where two routes of one style cross, the paint is not doubled)
            codes = np.full(sum(len(line) for line in lines), MPath.LINETO, dtype=MPath.code_type)
            codes[np.cumsum([0] + [len(line) for line in lines[:-1]])] = MPath.MOVETO
            coll = PathCollection(
                [MPath(np.concatenate(lines), codes)],
                facecolors="none",
                edgecolors=[colour],
                alpha=alpha,
                linewidths=wpx * PT_PER_PX,
                linestyles=[(0, tuple(v / wpx for v in dash))] if dash else ["solid"],
                zorder=2,
                capstyle="round",
                joinstyle="round",
                gid=f"dm-routes-{len(lines)}",
            )
            keep(ax.add_collection(coll, autolim=False))
        # which movements show a marker today (chained legs hand over)
        visible = []
        for i in self.selected:
            nxt, prv = self.next.get(i), self.prev.get(i)
            if (nxt is not None and day >= tl.depart[nxt]) or (prv is not None and day < tl.depart[i]):
                continue
            visible.append(i)
        self._draw_stretches(visible, st, keep)
        # events
        evs = events_on_or_before(loaded, whole)
        ev_x, ev_y = self.proj([loaded.places[e.place].lon for e in evs], [loaded.places[e.place].lat for e in evs])
        self._events_xy = list(zip(np.asarray(ev_x, float).tolist(), np.asarray(ev_y, float).tolist()))
        self.label_artists: list = []
        self.symbol_boxes = []
        for group, alpha, style in (
            ([e for e in evs if e.date.exact], 1.0, "solid"),
            ([e for e in evs if not e.date.exact], UNCERTAIN_EVENT_ALPHA, "dashed"),  # a day not exactly known
        ):
            if not group:
                continue
            ex, ey = self.proj([loaded.places[e.place].lon for e in group], [loaded.places[e.place].lat for e in group])
            keep(
                ax.scatter(
                    ex,
                    ey,
                    s=(22 * PT_PER_PX) ** 2,
                    c=self.t.event,
                    edgecolors=self.t.on_mark,
                    linewidths=2 * PT_PER_PX,
                    linestyles=style,
                    alpha=alpha,
                    zorder=3,
                )
            )
            keep(
                ax.scatter(
                    ex, ey, s=(12 * PT_PER_PX) ** 2, c=self.t.on_mark, marker="*", linewidths=0, alpha=alpha, zorder=3.1
                )
            )
        # the date label (top centre, as #dm-date)
        keep(
            ax.annotate(
                long_date(date_of(day)),
                xy=(0.5, 1),
                xycoords="axes fraction",
                xytext=(0, -10 * PT_PER_PX),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=26 * PT_PER_PX,
                fontweight="bold",
                color=self.t.ink,
                zorder=22,
                bbox=dict(boxstyle="round,pad=0.3", fc=(*_rgb(self.t.paper), max(0.88, self.t.paper_alpha)), ec="none"),
                gid="dm-date",
            )
        )
        # units: visible markers (chained legs hand over), then units resting at home
        markers = self._day_markers(visible, st)
        self._taken = None
        if markers:
            self._draw_units(markers, keep)
        if getattr(self.options, "context_labels", False):
            self._draw_context_labels(keep)
        self.current_day = day

    def _draw_graticule(self) -> None:
        """Parallels and meridians every GRATICULE_STEPS degrees (the first step giving at most
        eight lines across the extent), drawn under everything but the land."""
        from matplotlib.collections import LineCollection

        w, s_, e, n = self.bounds
        span = max(e - w, n - s_, 1.0)
        step = next((st for st in GRATICULE_STEPS if span / st <= 8), GRATICULE_STEPS[-1])
        lon0, lon1 = math.floor((w - span) / step) * step, math.ceil((e + span) / step) * step
        lat0, lat1 = max(-80.0, math.floor((s_ - span) / step) * step), min(80.0, math.ceil((n + span) / step) * step)
        lines = []
        t = np.linspace(0.0, 1.0, 120)
        for lon in np.arange(lon0, lon1 + step / 2, step):
            lines.append(np.column_stack(self.proj(np.full(t.size, lon), lat0 + (lat1 - lat0) * t)))
        for lat in np.arange(lat0, lat1 + step / 2, step):
            lines.append(np.column_stack(self.proj(lon0 + (lon1 - lon0) * t, np.full(t.size, lat))))
        self.graticule_step = step
        self.ax.add_collection(
            LineCollection(
                lines,
                colors=[self.t.graticule],
                linewidths=0.5 * PT_PER_PX,
                zorder=0.55,
                gid="dm-graticule",
            ),
            autolim=False,
        )

    def _context_anchors(self) -> list[tuple[str, float, float, float, float]]:
        """Countries in view (name, x, y in data units, the width and height of their visible part
        in data units), largest visible part first."""
        if getattr(self, "_anchors", None) is None:
            world = world_projected(self.proj.crs)
            (x0, x1), (y0, y1) = self.xlim, self.ylim
            view = world.geometry.clip_by_rect(x0, y0, x1, y1)
            found = []
            for name, geom in zip(world["name"], view):
                if geom.is_empty:
                    continue
                parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
                big = max(parts, key=lambda g: g.area)
                if big.geom_type != "Polygon" or big.is_empty:
                    continue
                pt = big.representative_point()
                bx0, by0, bx1, by1 = big.bounds
                found.append((big.area, str(name), pt.x, pt.y, bx1 - bx0, by1 - by0))
            found.sort(key=lambda f: -f[0])
            self._anchors = [f[1:] for f in found]
        return list(self._anchors)

    def _draw_context_labels(self, keep) -> None:
        """Country names as context: placed after the units' labels (lower priority), at their
        country's inner point or just above or below it, only where the name fits in the country
        and clear of every symbol, event, unit label, the legend, the date, the title and each other."""
        import matplotlib.patheffects as pe

        to_pt = 72.0 / self.fig.dpi
        renderer = self.canvas.get_renderer()
        taken = self._taken
        if taken is None:  # no unit drawn on this day: only the fixed furniture and the events
            taken = []
            for art in self._fixed_artists():
                bb = art.get_window_extent(renderer)
                taken.append((bb.x0 * to_pt, bb.y0 * to_pt, bb.x1 * to_pt, bb.y1 * to_pt))
            star = 22 * PT_PER_PX / 2 + 1
            if self._events_xy:
                for ex, ey in self.ax.transData.transform(np.array(self._events_xy)) * to_pt:
                    taken.append((ex - star, ey - star, ex + star, ey + star))
        box = self.ax.bbox
        view = (box.x0 * to_pt + 2, box.y0 * to_pt + 2, box.x1 * to_pt - 2, box.y1 * to_pt - 2)
        pt_per_unit = 1.0 / self.res * PT_PER_PX  # data metres -> points
        placed: list[tuple[float, float, float, float]] = []
        self.context_artists: list = []
        for name, x, y, gw, gh in self._context_anchors():
            tw, th = self._text_pt(name, CONTEXT_PT, False)
            tw, th = tw + 2, th + 2
            if tw > gw * pt_per_unit or th > gh * pt_per_unit:
                continue  # the name does not fit in its country's visible part
            cx, cy = self.ax.transData.transform((x, y)) * to_pt
            for dy in (0.0, th, -th):
                r = (cx - tw / 2, cy + dy - th / 2, cx + tw / 2, cy + dy + th / 2)
                if r[0] < view[0] or r[1] < view[1] or r[2] > view[2] or r[3] > view[3]:
                    continue
                if any(r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3] for o in taken + placed):
                    continue
                placed.append(r)
                art = self.ax.annotate(
                    name,
                    xy=(x, y),
                    xycoords="data",
                    xytext=(0, dy),
                    textcoords="offset points",
                    ha="center",
                    va="center",
                    fontsize=CONTEXT_PT,
                    fontstyle="italic",
                    color=self.t.context,
                    zorder=2.5,
                    gid="dm-context",
                    path_effects=[pe.withStroke(linewidth=2.0, foreground=self.t.land)],
                )
                keep(art)
                self.context_artists.append(art)
                self.label_artists.append(art)
                break

    # -- output
    def to_array(self) -> np.ndarray:
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())[:, :, :3].copy()

    def to_bytes(self, fmt: str) -> bytes:
        import matplotlib

        buf = io.BytesIO()
        meta = {
            "svg": {"Title": self.options.title or DEFAULT_TITLE, "Date": self.day.isoformat()},
            "pdf": {
                "Title": self.options.title or DEFAULT_TITLE,
                "Subject": f"State on {self.day.isoformat()}",
                "Creator": "dashboard export",
            },
            "png": {"Title": self.options.title or DEFAULT_TITLE},
        }[fmt]
        with matplotlib.rc_context(
            {
                "svg.fonttype": "none",
                "pdf.fonttype": 42,
                "svg.hashsalt": "dashboard",
                "path.simplify": True,
                "pdf.compression": PDF_ZLIB_LEVEL,
            }
        ):
            # SVG: path coordinates to 0.01 pt, not matplotlib's 6 decimals; SVG and PDF: markers (the unit
            # symbols) placed in one pass (dashboard/export/svgbackend.py, pdfbackend.py)
            backend = {
                "svg": "module://dashboard.export.svgbackend",
                "pdf": "module://dashboard.export.pdfbackend",
            }.get(fmt)
            with gc_paused():
                self.fig.savefig(buf, format=fmt, dpi=self.dpi, facecolor=self.t.paper, metadata=meta, backend=backend)
        return buf.getvalue()
