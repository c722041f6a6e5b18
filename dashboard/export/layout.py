"""What every export format shares: sizes and limits, the date and window shown, the map's bounds, the
cited sources and their footnote, and the checks of the caller's numbers."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import math
import sys
from collections.abc import Sequence

import numpy as np

from dashboard.engine.timeline import build_timeline, day_number
from dashboard.export.errors import ExportError
from dashboard.web.basemap import lon_reference, unwrap
from dashboard.web.options import default_date, default_window

FORMATS: tuple[str, ...] = ("png", "svg", "pdf", "html", "geojson", "gif", "mp4")
DATA_FORMATS = ("csv", "xlsx", "kml", "kmz", "czml", "mfjson", "orbat")  # dashboard.interchange
FORMATS += DATA_FORMATS
STILL_IMAGES = ("png", "svg", "pdf")
ANIMATIONS = ("gif", "mp4")
ENGINES = ("auto", "browser", "static")
DEFAULT_TITLE = "Troop deployments"
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1600, 1000
# Publishing presets: CSS px (100 per inch in the static renderer) and device pixels per CSS px.
# A4 at 300 dpi: 11.69 x 8.27 in = 1169 x 827 CSS px at scale 3 (3507 x 2481 device px); a PDF of it
# is an A4 page.
PRESETS: dict[str, tuple[int, int, float]] = {
    "square": (1080, 1080, 1.0),  # social media, 1080 x 1080
    "16:9": (1920, 1080, 1.0),  # slides and video, 1920 x 1080
    "a4-landscape": (1169, 827, 3.0),
    "a4-portrait": (827, 1169, 3.0),
}
ANIMATION_SIZE = (1280, 720)  # the GIF default: large enough to read (was 800 x 500)
SIZE_RANGE = (200, 6000)
SCALE_RANGE = (0.5, 4.0)
MAX_PIXELS_SIDE = 16000  # Chromium cannot capture more than 16384 px on a side
FRAMES_RANGE = (2, 1000)
FPS_RANGE = (0.1, 60.0)
DEFAULT_FRAMES, DEFAULT_FPS = 30, 8.0
MAX_FOOTNOTE_SOURCES = 8
SYMBOLS_CREDIT = "Symbols: APP-6 / MIL-STD-2525 (milsymbol)"
PT_PER_PX = 0.72  # static figures are laid out at 100 dpi: one CSS pixel of the web map is 0.72 pt

# --------------------------------------------------------------------------- shared helpers


def ensure_timeline(loaded, timeline=None):
    return timeline if timeline is not None else build_timeline(loaded)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def long_date(day: dt.date) -> str:
    """'10 February 2022', as the map's date label writes it."""
    return f"{day.day} {day:%B %Y}"


def resolve_date(loaded, options, timeline) -> dt.date:
    if options.date is not None:
        return options.date
    return default_date(loaded, options.window or default_window(loaded, timeline))


def window_covering(
    loaded, timeline, *days: dt.date, base: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """The map's timeline window, widened so every given date is inside it (the map clamps to it)."""
    first, last = base or default_window(loaded, timeline)
    for d in days:
        if d is not None:
            first, last = min(first, d), max(last, d)
    return first, last


def fit_bounds(
    loaded, timeline, movement_ids: frozenset[str] | None = None
) -> tuple[float, float, float, float] | None:
    """West, south, east, north around every feature: the selected routes (geodesics), events, areas,
    and units shown at home; with a margin. None when there is nothing to show."""
    lons: list[float] = []
    lats: list[float] = []
    for i, mid in enumerate(timeline.ids):
        if movement_ids is None or mid in movement_ids:
            r = timeline.routes[i]
            lons.extend(r[:, 0].tolist())
            lats.extend(r[:, 1].tolist())
    for e in loaded.dataset.events:
        p = loaded.places.get(e.place)
        if p is not None:
            lons.append(p.lon)
            lats.append(p.lat)
    for a in loaded.dataset.areas:
        g = loaded.geometries.get(a.id)
        if g is not None and not g.is_empty:
            w, s, e, n = g.bounds
            lons += [w, e]
            lats += [s, n]
    if movement_ids is None:
        moving = {m.unit for m in loaded.dataset.movements}
        for u in loaded.dataset.units:
            if u.home and u.id not in moving and u.home in loaded.places:
                lons.append(loaded.places[u.home].lon)
                lats.append(loaded.places[u.home].lat)
    if not lons:
        return None
    # data over the antimeridian (Guam -> Honolulu): longitudes continuous around the data's centre,
    # so east may pass 180 (basemap.lon_reference)
    ref = lon_reference(lons)
    lons = [unwrap(x, ref) for x in lons]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = max(0.5, (east - west) * 0.04), max(0.5, (north - south) * 0.06)
    return (west - pad_x, max(-85.0, south - pad_y), east + pad_x, min(85.0, north + pad_y))


def bounds_for(loaded, timeline, options) -> tuple[float, float, float, float]:
    """The export's extent: the caller's, else what matters on the date (web/framing.py: far origins
    go to the locator inset instead of widening the map to a hemisphere)."""
    b = options.bounds or framed_bounds(loaded, timeline, options) or fit_bounds(loaded, timeline, options.movement_ids)
    return b or (-25.0, 30.0, 50.0, 72.0)  # Europe, when the selection is empty


# A view on screen shaped within this factor of the picture (width / height) is exported whole.
SHAPE_TOLERANCE = 1.5


def _mercator_y(lat: float) -> float:
    """Web Mercator's y of a latitude, in degrees (the unit of its x, the longitude)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2)))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def view_for_size(
    bounds: tuple[float, float, float, float], width: float, height: float
) -> tuple[float, float, float, float]:
    """The map's view on screen (west, south, east, north) as a `width` x `height` picture frames it.

    A view shaped about like the picture (within SHAPE_TOLERANCE) is kept whole. One shaped unlike it,
    a phone's tall map for a wide picture, is cut to the picture's shape around its centre, at the scale
    of its narrower side: fitted whole, it came out zoomed far out, the data small amid a wide map."""
    west, south, east, north = bounds
    y0, y1 = _mercator_y(south), _mercator_y(north)
    if east <= west or y1 <= y0 or width <= 0 or height <= 0:
        return bounds
    shown, wanted = (east - west) / (y1 - y0), width / height
    if max(shown, wanted) / min(shown, wanted) <= SHAPE_TOLERANCE:
        return bounds
    if shown < wanted:  # taller than the picture: its whole width, the middle of its height
        half, mid = (east - west) / wanted / 2, (y0 + y1) / 2
        return (west, _latitude(mid - half), east, _latitude(mid + half))
    half, mid = (y1 - y0) * wanted / 2, (west + east) / 2
    return (mid - half, south, mid + half, north)


def framed_bounds(loaded, timeline, options) -> tuple[float, float, float, float] | None:
    """The first view of the map (web/framing.py) for these options; None when nothing is drawn."""
    from dashboard.web import framing
    from dashboard.web.mappayload import frame_payload

    return framing.frame(frame_payload(loaded, timeline, options))[0]


def cited_sources(loaded, movement_ids: frozenset[str] | None, first: dt.date, last: dt.date) -> list:
    """Sources cited by what the map shows between `first` and `last` (dataset order)."""
    cited: set[str | None] = set()  # None: a citation with no source (a note); no source has that id

    def add(citations) -> None:
        cited.update(c.source for c in citations)

    moves = [m for m in loaded.dataset.movements if movement_ids is None or m.id in movement_ids]
    cited.update(c.source for m in moves for c in m.citations)  # one pass over all movements' citations
    units = {m.unit for m in moves}
    if movement_ids is None:
        units |= {u.id for u in loaded.dataset.units if u.home}
    for uid in units:
        u = loaded.units.get(uid)
        if u is not None:
            add(u.citations)
    lo, hi = day_number(first), day_number(last)
    for e in loaded.dataset.events:
        if shown_from(e.date) <= hi:
            add(e.citations)
    for a in loaded.dataset.areas:
        if shown_from(a.valid_from) <= hi and (a.valid_to is None or a.valid_to.hi >= lo):
            add(a.citations)
    return [s for s in loaded.dataset.sources if s.id in cited]


def shown_from(w) -> float:
    """The day number from which the map shows a dated record (as the engine: its earliest day, or
    for 'by <day>' that day; see dashboard.engine.timeline.events_on_or_before)."""
    return float(w.lo if w.earliest is not None else w.hi)


def home_units(loaded, movement_ids: frozenset[str] | None) -> list:
    """Units shown resting at home: without a selected movement and with a home (none under a filter)."""
    if movement_ids is not None:
        return []
    moving = {m.unit for m in loaded.dataset.movements}
    return [u for u in loaded.dataset.units if u.id not in moving and u.home and u.home in loaded.places]


def selected_rows(timeline, movement_ids: frozenset[str] | None) -> list[int]:
    return [i for i, mid in enumerate(timeline.ids) if movement_ids is None or mid in movement_ids]


def outline_places(loaded, selected: Sequence[int], homes: Sequence) -> list[str]:
    """Places the map names only as a country or a region (drawn as an outline or a halo): the ends
    of the selected movements, the events' places and the home stations shown."""
    moves = loaded.dataset.movements
    ids: dict[str, None] = {}
    for i in selected:
        ids[moves[i].from_] = ids[moves[i].to] = None
    for e in loaded.dataset.events:
        ids[e.place] = None
    for u in homes:
        ids[u.home] = None
    return [pid for pid in ids if pid in loaded.places and loaded.places[pid].precision in ("country", "region")]


def claim_disputed(claim) -> bool:
    """Whether a claim (a date or an amount, or None) is disputed: sources disagree and none is preferred.
    A claim with fewer than two alternatives never is (dashboard.core.claims._disputed): that is looked at
    first, as it costs an attribute, not the property's work."""
    return claim is not None and len(claim.alternatives) > 1 and bool(claim.disputed)


def disputed_rows(movements: Sequence) -> np.ndarray:
    """For each movement, whether its departure, arrival or strength is disputed (a red '≠' on its symbol)."""
    return np.fromiter(
        (claim_disputed(m.depart) or claim_disputed(m.arrive) or claim_disputed(m.strength) for m in movements),
        dtype=bool,
        count=len(movements),
    )


def uncertainty_marks(
    loaded, timeline, selected: Sequence[int], outlined: Sequence[str], disputed_moves: np.ndarray | None = None
) -> dict[str, bool]:
    """Which uncertainty marks a map of `selected` movements can draw (the keys of
    dashboard.web.page.UNCERTAINTY_KEYS, as dashboard.web.page.marks): the legend explains those, and
    a map of exact claims draws none of them. `disputed_moves`: `disputed_rows` of all movements, when
    the caller has it."""
    moves = loaded.dataset.movements
    rows = np.asarray(selected, dtype=np.intp)
    undated = bool(rows.size) and not bool(np.all(timeline.dated[rows]))
    precisions = {loaded.places[pid].precision for pid in outlined}
    if disputed_moves is None:
        disputed_moves = disputed_rows(moves)
    disputed = bool(rows.size) and bool(np.any(disputed_moves[rows]))
    disputed = disputed or any(e.date.disputed for e in loaded.dataset.events)
    return {
        "stretch": undated,
        "unknown": undated,
        "country": "country" in precisions,
        "region": "region" in precisions,
        "estimated": bool(rows.size) and bool(np.any(timeline.arrive_estimated[rows])),
        "disputed": disputed,
        "event": any(not e.date.exact for e in loaded.dataset.events),
    }


def credits_uncertainty(marks: dict[str, bool]) -> bool:
    """Whether the footnote says how to read the uncertainty marks (an estimated arrival alone is
    already said: 'arrivals not reported are estimated')."""
    return any(v for k, v in marks.items() if k != "estimated")


def source_line(s) -> str:
    return f"{s.title} — {s.publisher}, {s.published.day} {s.published:%b %Y}"


UNCERTAIN_CREDIT = (
    "Dates, places and numbers are drawn as the sources give them: where they give no day, the shaded "
    "stretch of route shows where a unit may be."
)


def footnote_lines(sources: Sequence, uncertain: bool = False) -> tuple[list[str], str]:
    """(one entry per cited source, capped; the attribution line). `uncertain`: the map draws
    uncertainty marks, and the credit says how to read them."""
    from dashboard.web.mapspec import ATTRIBUTION  # only the drawn formats need it

    items = [source_line(s) for s in sources[:MAX_FOOTNOTE_SOURCES]]
    if len(sources) > MAX_FOOTNOTE_SOURCES:
        items.append(f"and {len(sources) - MAX_FOOTNOTE_SOURCES} more (see the dataset)")
    if not items:
        items = ["none cited by what is shown"]
    credit = (
        f"{ATTRIBUTION}. {SYMBOLS_CREDIT}. Positions between reported dates are interpolated; "
        "arrivals not reported are estimated."
    )
    if uncertain:
        credit += " " + UNCERTAIN_CREDIT
    return items, credit


FOOTNOTE_CSS = """
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; background: #fff; }
body > .folium-map { flex: 1 1 auto; height: auto !important; min-height: 0; }
.dm-export-footnote { flex: none; order: 2; font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1c2833; background: #fff; padding: 5px 10px 7px; border-top: 1px solid #9aa7b4; }
.dm-export-footnote b { font-weight: 700; }
.dm-export-footnote .dm-fn-credit { color: #4d5b69; font-size: 11px; }
.leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-attribution { display: none !important; }
path.dm-transit { animation: none !important; }
"""


def footnote_html(sources: Sequence, uncertain: bool = False) -> str:
    """The footnote as HTML: every dataset text escaped."""
    items, credit = footnote_lines(sources, uncertain)
    esc = html_lib.escape
    body = "; ".join(f'<span class="dm-fn-source">{esc(t)}</span>' for t in items)
    return (
        f"<style>{FOOTNOTE_CSS}</style>"
        f'<div class="dm-export-footnote" id="dm-export-footnote"><b>Sources:</b> {body}'
        f'<div class="dm-fn-credit">{esc(credit)}</div></div>'
    )


def progress_tracker(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit="step" if total < 10 else "frame",
        file=sys.stderr,
        disable=not enabled,
        leave=False,
        dynamic_ncols=True,
    )


# --------------------------------------------------------------------------- validation


def check_size(width: int, height: int, scale: float) -> None:
    lo, hi = SIZE_RANGE
    for name, v in (("width", width), ("height", height)):
        if not isinstance(v, int) or not lo <= v <= hi:
            raise ExportError(f"--{name} must be a whole number of pixels from {lo} to {hi}; got {v}")
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and SCALE_RANGE[0] <= scale <= SCALE_RANGE[1]):
        raise ExportError(f"--scale must be from {SCALE_RANGE[0]} to {SCALE_RANGE[1]}; got {scale}")
    if max(width, height) * scale > MAX_PIXELS_SIDE:
        raise ExportError(
            f"the image would be {round(width * scale)} x {round(height * scale)} pixels; "
            f"keep each side times --scale under {MAX_PIXELS_SIDE}"
        )


def check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    if len(bbox) != 4 or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in bbox):
        raise ExportError("--bbox must be four numbers: west,south,east,north (degrees)")
    w, s, e, n = (float(v) for v in bbox)
    if not (-180 <= w <= 180 and -180 <= e <= 180):
        raise ExportError(f"--bbox longitudes must be from -180 to 180; got west={w}, east={e}")
    if not (-85 <= s <= 85 and -85 <= n <= 85):
        raise ExportError(f"--bbox latitudes must be from -85 to 85 (the map's projection); got south={s}, north={n}")
    if not (w < e and s < n):
        raise ExportError("--bbox must be west,south,east,north with west < east and south < north")
    return (w, s, e, n)


def check_animation(start: dt.date, end: dt.date, frames: int, fps: float) -> None:
    if start >= end:
        raise ExportError(f"--from ({start}) must be before --to ({end})")
    if not (isinstance(frames, int) and FRAMES_RANGE[0] <= frames <= FRAMES_RANGE[1]):
        raise ExportError(f"--frames must be from {FRAMES_RANGE[0]} to {FRAMES_RANGE[1]}; got {frames}")
    if not (isinstance(fps, (int, float)) and math.isfinite(fps) and FPS_RANGE[0] <= fps <= FPS_RANGE[1]):
        raise ExportError(f"--fps must be from {FPS_RANGE[0]} to {FPS_RANGE[1]}; got {fps}")


def frame_days(start: dt.date, end: dt.date, frames: int) -> np.ndarray:
    """Fractional day numbers of the frames, evenly from `start` to `end` (both shown)."""
    return np.linspace(day_number(start), day_number(end), frames)
