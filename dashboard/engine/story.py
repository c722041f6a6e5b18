"""Guided stories: what a story step does to the map, as pure functions the app and tests share.

Rule: a step sets the map's date (and, with `until`, plays to that day), frames its box or its units,
highlights its units' movements, and shows its caption with each citation's quote. Nothing here is
drawn: the app turns a `StepView` into a command for the map and a caption beside it.

Framing a unit: its movements' destinations, their origins when near (within NEAR_KM: a move
within Europe shows whole), and where it stands on the step's date when it is on the way; a far
origin such as Fort Bragg does not pull a European story out to a hemisphere.
A destination recorded as a country or region gets a margin of a few degrees, a town less.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from dashboard.core.loader import LoadedDataset
from dashboard.core.model import Story, StoryStep
from dashboard.engine.timeline import IN_TRANSIT, Timeline, state_at

NEAR_KM = 2500.0
MARGIN_DEG = {"country": 5.0, "region": 2.0, "town": 0.8, "site": 0.8, None: 0.8}  # a mid-sized country whole


@dataclass(frozen=True)
class StepView:
    """What one step does: the map's date, the day a range plays to, the box to fit (south, west,
    north, east as Leaflet wants it), and the movements to highlight."""

    date: dt.date
    until: dt.date | None
    bounds: tuple[tuple[float, float], tuple[float, float]] | None
    movement_ids: frozenset[str]


def stories_by_id(loaded: LoadedDataset) -> dict[str, Story]:
    return {s.id: s for s in loaded.dataset.stories}


def step_movements(loaded: LoadedDataset, step: StoryStep) -> frozenset[str]:
    units = set(step.units)
    return frozenset(m.id for m in loaded.dataset.movements if m.unit in units)


def _box(lons: list[float], lats: list[float], margins: list[float]) -> tuple[tuple[float, float], tuple[float, float]]:
    lon, lat, pad = np.array(lons), np.array(lats), np.array(margins)
    south = float(np.clip((lat - pad).min(), -85, 85))
    north = float(np.clip((lat + pad).max(), -85, 85))
    west, east = float((lon - pad).min()), float((lon + pad).max())
    return (south, west), (north, east)


def step_bounds(
    loaded: LoadedDataset, timeline: Timeline, step: StoryStep
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The box the step frames: its `view`, else its units (see the module's rule), else None."""
    if step.view is not None:
        west, south, east, north = step.view
        if east < west:  # over the antimeridian: Leaflet takes a box past 180
            east += 360.0
        return (south, west), (north, east)
    wanted = step_movements(loaded, step)
    if not wanted:
        return None
    state = state_at(timeline, step.date)
    lons: list[float] = []
    lats: list[float] = []
    margins: list[float] = []
    for i, mid in enumerate(timeline.ids):
        if mid not in wanted:
            continue
        dest = loaded.places[loaded.dataset.movements[i].to]
        lons.append(float(timeline.to_lon[i]))
        lats.append(float(timeline.to_lat[i]))
        margins.append(MARGIN_DEG.get(dest.precision, 0.8))
        if timeline.length_m[i] <= NEAR_KM * 1000.0:
            lons.append(float(timeline.from_lon[i]))
            lats.append(float(timeline.from_lat[i]))
            margins.append(MARGIN_DEG.get(loaded.places[loaded.dataset.movements[i].from_].precision, 0.8))
        if int(state.phase[i]) == IN_TRANSIT:
            lons.append(float(state.lon[i]))
            lats.append(float(state.lat[i]))
            margins.append(0.8)
    return _box(lons, lats, margins)


def step_view(loaded: LoadedDataset, timeline: Timeline, step: StoryStep) -> StepView:
    return StepView(
        date=step.date,
        until=step.until,
        bounds=step_bounds(loaded, timeline, step),
        movement_ids=step_movements(loaded, step),
    )


def step_command(view: StepView) -> dict[str, object]:
    """The map command for a step (see dashboard/web/frontend/host.js): date, box, playback range."""
    command: dict[str, object] = {"date": view.date.isoformat()}
    if view.bounds is not None:
        command["bounds"] = [list(view.bounds[0]), list(view.bounds[1])]
    if view.until is not None and view.until > view.date:
        command["play"] = view.until.isoformat()
    return command


def citation_lines(loaded: LoadedDataset, step: StoryStep) -> list[str]:
    """Each citation of a step as a line of plain text: the quote and its source, or the curator's note."""
    sources = {s.id: s for s in loaded.dataset.sources}
    out = []
    for c in step.citations:
        if c.quote:
            s = sources.get(c.source or "")
            where = f"{s.publisher}, {s.published:%d %b %Y}" if s else (c.source or "")
            out.append(f"“{c.quote}” ({where})")
        elif c.note:
            out.append(f"Curator's note: {c.note}")
    return out
