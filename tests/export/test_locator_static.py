"""The static map's locator inset (far places such as Fort Bragg for a European story): its place labels
never cover one another; places whose labels would collide are counted in one label ("and 1 more"),
and every far place is either labelled or counted."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.story import step_view
from dashboard.engine.timeline import build_timeline
from dashboard.export.static import StaticMap
from dashboard.publish.handout import MAP_SIZE, _bbox
from dashboard.web.options import MapOptions, default_window

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(DATA)
    return loaded, build_timeline(loaded)


def _maps(loaded, timeline):
    """The bundled story's steps as the handout draws them, then the default map."""
    for step in loaded.dataset.stories[0].steps:
        view = step_view(loaded, timeline, step)
        options = MapOptions(
            date=step.until or step.date,
            window=default_window(loaded, timeline),
            controls=False,
            bounds=_bbox(view.bounds),
            highlight_ids=view.movement_ids,
        )
        yield f"step {step.date}", StaticMap(loaded, options, timeline, *MAP_SIZE)
    yield "default", StaticMap(loaded, MapOptions(), timeline)


def test_locator_labels_never_cover_each_other_and_count_every_far_place(bundled):
    loaded, timeline = bundled
    seen = 0
    for name, sm in _maps(loaded, timeline):
        if not sm.locator_labels:
            continue
        seen += 1
        renderer = sm.canvas.get_renderer()
        boxes = [a.get_window_extent(renderer) for a in sm.locator_labels]
        frame = sm.locator.get_window_extent(renderer)
        for a, box in zip(sm.locator_labels, boxes):  # within the inset, where it fits there at all
            assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, f"{name}: '{a.get_text()}' leaves the inset"
        for (a, ba), (b, bb) in itertools.combinations(zip(sm.locator_labels, boxes), 2):
            assert not ba.overlaps(bb), f"{name}: '{a.get_text()}' covers '{b.get_text()}'"
        counted = sum(
            1 + int(m.group(1)) if (m := re.search(r"\sand (\d+) more$", a.get_text())) else 1
            for a in sm.locator_labels
        )
        assert counted == len(sm.far), f"{name}: {counted} places labelled or counted, {len(sm.far)} far"
    assert seen >= 2  # the story's steps show Fort Bragg and Vilseck-area places in the inset


def test_the_inset_names_no_place_the_exported_map_shows(bundled):
    """A wide image of a small box shows more than the box: a place inside the drawn map is no far place (the web
    map's locator had the same fault, b3e27a9)."""
    loaded, timeline = bundled
    sm = StaticMap(loaded, MapOptions(bounds=(19.0, 50.0, 23.0, 52.0)), timeline, 1600, 500)
    places = sm.payload["places"]
    (x0, x1), (y0, y1) = sm.xlim, sm.ylim
    shown = [
        i
        for i in range(len(places))
        if x0 <= float(sm.proj(*places[i][:2])[0]) <= x1 and y0 <= float(sm.proj(*places[i][:2])[1]) <= y1
    ]
    assert sm.far and not set(sm.far) & set(shown)
    assert any(not (19.0 <= places[i][0] <= 23.0 and 50.0 <= places[i][1] <= 52.0) for i in shown)  # wider than the box
