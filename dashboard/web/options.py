"""What a map or an export shows: the options, and the default window and date.

No folium here: data exports (GeoJSON) and the command line use these without importing
the map page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.core.loader import LoadedDataset
from dashboard.engine.timeline import Timeline, build_timeline, date_of

MARGIN_DAYS = 3


@dataclass(frozen=True)
class MapOptions:
    """What to show and how. Dates default to the movements' span with a margin."""

    date: dt.date | None = None
    window: tuple[dt.date, dt.date] | None = None
    movement_ids: frozenset[str] | None = None  # a filtered selection; None: all
    highlight_ids: frozenset[str] = frozenset()  # movements to emphasise (what changed)
    online_tiles: bool = False
    labels: bool | None = None  # None: labels when they do not clutter
    controls: bool = True  # timeline bar (off for still images)
    title: str | None = None
    speed: float = 1.0
    width: str = "100%"
    height: str = "100%"
    center: tuple[float, float] | None = None
    zoom: int | None = None
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north
    locator: bool = True  # far origins left out of the first view: shown in a locator inset (framing.py)
    theme: str = "light"  # the palette (dashboard.web.style.THEMES): light, dark or print
    graticule: bool = False  # static exports: parallels and meridians
    context_labels: bool = False  # static exports: country names, below the units' labels


def default_window(loaded: LoadedDataset, timeline: Timeline | None = None) -> tuple[dt.date, dt.date]:
    """The movements' span with a few days' margin (all dates if there are no movements)."""
    tl = timeline or build_timeline(loaded)
    if tl.size:
        first, last = tl.depart.min(), max(tl.arrive.max(), tl.depart.max())
        return date_of(first - MARGIN_DAYS), date_of(last + MARGIN_DAYS)
    first, last = loaded.span
    return first, last


def default_date(loaded: LoadedDataset, window: tuple[dt.date, dt.date]) -> dt.date:
    """The newest source's publication date inside the window (what the reports describe), else its end."""
    dates = [s.published for s in loaded.dataset.sources if window[0] <= s.published <= window[1]]
    return max(dates) if dates else window[1]
