"""The page title names the period the data covers (dashboard.engine.title), not a fixed month."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.title import TITLE, page_title, period_words

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "data" / "valid" / "minimal.yaml"  # moves 20-24 Feb 2022; event 1 Mar; area to 31 Mar


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        (dt.date(2022, 2, 10), dt.date(2022, 2, 17), "February 2022"),
        (dt.date(2023, 1, 5), dt.date(2023, 3, 30), "Jan–Mar 2023"),
        (dt.date(2022, 11, 30), dt.date(2023, 2, 1), "Nov 2022 – Feb 2023"),
        (dt.date(2023, 5, 1), dt.date(2023, 5, 1), "May 2023"),
    ],
)
def test_period_words(first, last, words):
    assert period_words(first, last) == words


def _dataset(folder: Path, edit: dict[str, str] | None = None, drop: tuple[str, str] | None = None) -> Path:
    """The minimal dataset with its seeds in `folder`, with text replaced, or the sections from
    `drop[0]` up to `drop[1]` left out."""
    shutil.copytree(MINIMAL.parent / "seeds", folder / "seeds")
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in (edit or {}).items():
        assert old in text
        text = text.replace(old, new)
    if drop:
        text = text[: text.index(drop[0])] + text[text.index(drop[1]) :]
    out = folder / "dataset.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def test_the_bundled_data_is_february_2022():
    assert page_title(load_dataset(REPO / "data")) == "Troop deployments, February 2022"


def test_the_title_follows_the_movements_dates(tmp_path):
    # the event (1 March) and the area (to 31 March) do not widen the movements' period
    assert page_title(load_dataset(MINIMAL)) == "Troop deployments, February 2022"
    later = _dataset(tmp_path, {"depart: 2022-02-20": "depart: 2023-01-20", "arrive: 2022-02-24": "arrive: 2023-03-02"})
    assert page_title(load_dataset(later)) == "Troop deployments, Jan–Mar 2023"


def test_a_dates_window_counts_whole_and_no_estimate_is_used(tmp_path):
    # arrival 'between 28 Feb and 2 Mar': both ends count; no arrival: the departure alone (no estimate)
    window = _dataset(tmp_path / "a", {"arrive: 2022-02-24": "arrive: 2022-02-28/2022-03-02"})
    assert page_title(load_dataset(window)) == "Troop deployments, Feb–Mar 2022"
    open_end = _dataset(tmp_path / "b", {"    arrive: 2022-02-24\n": ""})
    assert page_title(load_dataset(open_end)) == "Troop deployments, February 2022"


def test_without_movements_the_events_then_every_date(tmp_path):
    events_only = _dataset(tmp_path / "a", drop=("movements:\n", "events:\n"))
    assert page_title(load_dataset(events_only)) == "Troop deployments, March 2022"
    areas_only = _dataset(tmp_path / "b", drop=("movements:\n", "areas:\n"))  # areas' validity: 24 Feb to 31 Mar
    assert page_title(load_dataset(areas_only)) == "Troop deployments, Feb–Mar 2022"
    undated = _dataset(tmp_path / "c")
    undated.write_text(MINIMAL.read_text(encoding="utf-8").split("movements:\n")[0], encoding="utf-8")
    assert page_title(load_dataset(undated)) == TITLE  # sources, places and units only: no period to name
