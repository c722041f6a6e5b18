"""Guided stories: the dataset's `stories` checked like any claim, a step's framing and command, and
`?story=ID&step=N` links (dashboard/core/model.py Story, dashboard/ui/story.py, ui/viewstate.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from dashboard.core.loader import load_dataset
from dashboard.core.problems import DatasetError
from dashboard.engine.story import citation_lines, step_bounds, step_command, step_view
from dashboard.engine.timeline import build_timeline
from dashboard.ui.viewstate import View, parse_query, to_query

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
STORY = "feb-2022-reinforcements"
WINDOW = (dt.date(2022, 2, 7), dt.date(2022, 2, 20))


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(DATA)
    return loaded, build_timeline(loaded)


def _with_stories(tmp_path: Path, stories: list[dict]) -> Path:
    """A copy of the bundled data whose stories.yaml holds `stories`."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / "stories.yaml").write_text(yaml.safe_dump({"stories": stories}, allow_unicode=True), encoding="utf-8")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")  # sources.yaml names ../seeds/
    return folder


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DatasetError) as err:
        load_dataset(folder)
    return [str(p) for p in err.value.problems]


QUOTE = "NATO also has stepped up the deployment of troops to bolster the alliance's eastern flank."


def _step(**kw) -> dict:
    step = {
        "date": "2022-02-10",
        "caption": "A caption.",
        "citations": [{"source": "ap-2022-02-10-us-troops-poland", "quote": QUOTE}],
    }
    step.update(kw)
    return step


def test_the_bundled_story_is_cited_step_by_step(bundled):
    loaded, _ = bundled
    (story,) = loaded.dataset.stories
    assert story.id == STORY and len(story.steps) == 5
    seed = " ".join((REPO / "seeds" / "2022-02-10-us-troops-poland-romania.txt").read_text("utf-8").split())
    for step in story.steps:
        quotes = [c.quote for c in step.citations if c.quote]
        assert quotes, step.caption  # every caption has at least one quote of the source
        assert all(" ".join(q.split()) in seed for q in quotes)
        assert all(u in loaded.units for u in step.units)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (_step(units=["no-such-unit"]), "stories.yaml:"),
        (
            _step(citations=[{"source": "ap-2022-02-10-us-troops-poland", "quote": "Troops landed on the moon."}]),
            "not found",
        ),
        (_step(until="2022-02-01"), "'until' (2022-02-01) is before the step's date (2022-02-10)"),
        (_step(view=[30, 50, 20, 40]), "south below north"),
        (_step(citations=[]), "citations"),
    ],
)
def test_a_bad_step_is_named_by_file_line_story_and_field(tmp_path, step, expected):
    folder = _with_stories(tmp_path, [{"id": "s1", "title": "T", "steps": [_step(), step]}])
    problems = _problems(folder)
    assert problems, "the story should not validate"
    text = "\n".join(problems)
    assert "story 's1'" in text and expected in text
    assert "stories.yaml:" in text  # the file and line


def test_a_unit_step_frames_destinations_and_near_origins_not_far_ones(bundled):
    loaded, timeline = bundled
    story = loaded.dataset.stories[0]
    (south, west), (north, east) = step_bounds(loaded, timeline, story.steps[1])  # the 82nd, Fort Bragg -> Poland
    assert west > -20 and 45 < south < north < 60  # Poland with a margin; Fort Bragg (79 W) left out
    (south, west), (north, east) = step_bounds(loaded, timeline, story.steps[2])  # the squadron, Vilseck -> Romania
    vilseck, romania = loaded.places["vilseck"], loaded.places["romania"]
    assert west < vilseck.lon < east and south < vilseck.lat < north
    assert west < romania.lon < east and south < romania.lat < north
    view = step_view(loaded, timeline, story.steps[2])
    assert view.movement_ids == {"m-2cr-vilseck-romania"}


def test_a_box_step_and_a_range_step_give_the_maps_command(bundled):
    loaded, timeline = bundled
    story = loaded.dataset.stories[0]
    first = step_command(step_view(loaded, timeline, story.steps[0]))
    assert first == {"date": "2022-02-10", "bounds": [[42.0, 5.0], [58.0, 45.0]]}
    ranged = step_command(step_view(loaded, timeline, story.steps[3]))
    assert ranged["date"] == "2022-02-10" and ranged["play"] == "2022-02-17"
    lines = citation_lines(loaded, story.steps[3])
    assert lines[0].startswith("“with more expected to flow in") and lines[1].startswith("Curator's note:")


def test_a_box_over_the_antimeridian_runs_past_180(tmp_path):
    folder = _with_stories(tmp_path, [{"id": "s1", "title": "T", "steps": [_step(view=[170, -20, -150, 20])]}])
    loaded = load_dataset(folder)
    (south, west), (north, east) = step_bounds(loaded, build_timeline(loaded), loaded.dataset.stories[0].steps[0])
    assert (west, east) == (170, 210) and (south, north) == (-20, 20)


def test_story_links_round_trip_and_bad_ones_are_explained(bundled):
    loaded, _ = bundled
    view, notices = parse_query({"story": STORY, "step": "4"}, loaded, WINDOW, dt.date(2022, 2, 12))
    assert notices == [] and view.story == STORY and view.step == 4
    assert view.date == dt.date(2022, 2, 10)  # the step sets the date
    assert to_query(view)["story"] == STORY and to_query(view)["step"] == "4"
    again, _ = parse_query(to_query(view), loaded, WINDOW, dt.date(2022, 2, 12))
    assert again == view
    view, notices = parse_query({"story": STORY, "step": "9"}, loaded, WINDOW, dt.date(2022, 2, 12))
    assert view.step == 1 and "steps 1 to 5" in notices[0]
    view, notices = parse_query({"story": "<script>"}, loaded, WINDOW, dt.date(2022, 2, 12))
    assert view.story is None and "not in this dataset" in notices[0]
    assert "story" not in to_query(View(date=dt.date(2022, 2, 10), compare=dt.date(2022, 2, 7)))
