"""Count phrases say '1 source', never '1 sources' (a new user saw '1 sources' under the dataset's name)."""

from __future__ import annotations

from pathlib import Path

from dashboard.core.loader import load_dataset
from dashboard.core.plural import counted, plural

DATA = Path(__file__).resolve().parents[2] / "data"


def test_counted_singular_and_plural():
    assert [counted(n, "source") for n in (0, 1, 2, 1200)] == ["0 sources", "1 source", "2 sources", "1,200 sources"]
    assert [counted(n, "story") for n in (1, 3)] == ["1 story", "3 stories"]
    assert counted(2, "TODO") == "2 TODOs" and counted(1, "problem") == "1 problem"
    assert [plural(w) for w in ("day", "place", "unit", "movement", "area", "event", "file")] == [
        "days",
        "places",
        "units",
        "movements",
        "areas",
        "events",
        "files",
    ]


def test_dataset_summary_counts_agree_with_their_numbers():
    loaded = load_dataset(DATA)
    c = loaded.counts()
    assert c["sources"] == 1  # the bundled dataset has one source: the phrase the user saw
    summary = loaded.summary()
    assert "1 source," in summary and "1 sources" not in summary
    for name, n in c.items():
        noun = "story" if name == "stories" else name[:-1]
        assert counted(n, noun) in summary, (name, summary)


def test_known_by_choices_say_source_or_sources():
    from dashboard.app import _known_label

    loaded = load_dataset(DATA)
    assert _known_label(loaded, None) == "now (1 source)"
    day = loaded.dataset.sources[0].published
    assert _known_label(loaded, day).endswith("(1 of 1 source)")
