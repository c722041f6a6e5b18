"""What was known when (dashboard/core/known.py): the dataset as the public record stood on a day.

The fixture tests/data/valid/claims.yaml has two sources: 'early' (published 10 Feb 2022) and 'later'
(20 Feb 2022). Expectations are read from the fixture by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dashboard.core.known import known_by, known_dates
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline, state_at

REPO = Path(__file__).resolve().parents[2]
CLAIMS = REPO / "tests" / "data" / "valid" / "claims.yaml"
EARLY, LATER = dt.date(2022, 2, 10), dt.date(2022, 2, 20)


@pytest.fixture(scope="module")
def loaded():
    return load_dataset(CLAIMS)


def _ids(ds, section: str) -> list[str]:
    return [r.id for r in getattr(ds, section)]


def _movement(ds, mid: str):
    return next(m for m in ds.movements if m.id == mid)


def _references_resolve(k) -> None:
    """No record of the replay names a unit or place that the replay dropped."""
    ds = k.dataset
    units, places = set(_ids(ds, "units")), set(_ids(ds, "places"))
    for m in ds.movements:
        assert m.unit in units and m.from_ in places and m.to in places, m.id
    for e in ds.events:
        assert e.place in places
    for u in ds.units:
        assert u.parent is None or u.parent in units
        assert u.home is None or u.home in places
    sources = set(_ids(ds, "sources"))
    for section in ("places", "units", "movements", "events", "areas"):
        for r in getattr(ds, section):
            for c in getattr(r, "citations", []):
                assert c.source is None or c.source in sources, (r.id, c.source)
    build_timeline(k)  # and the engine can draw it


def test_known_dates_are_the_publication_days(loaded):
    assert known_dates(loaded) == [EARLY, LATER]


def test_known_now_is_the_whole_dataset(loaded):
    k = known_by(loaded, LATER)
    assert k.counts() == loaded.counts()
    assert k.dataset.movements == loaded.dataset.movements
    assert k.fingerprint != loaded.fingerprint  # a replay is cached apart from the dataset


def test_before_any_source_only_the_curators_notes_remain(loaded):
    k = known_by(loaded, EARLY - dt.timedelta(days=1))
    assert _ids(k.dataset, "sources") == [] and k.source_texts == {}
    # records that had quotes and have none left are dropped; note-only records stay
    assert _ids(k.dataset, "movements") == ["m-uncertain"]
    assert _ids(k.dataset, "events") == [] and _ids(k.dataset, "areas") == []
    # the place located from general knowledge (a note) stays; Vilseck, known from a quote, goes
    assert "fort-test" in _ids(k.dataset, "places") and "vilseck" not in _ids(k.dataset, "places")
    assert "sqn" not in _ids(k.dataset, "units")  # known only from the later report, named by no known record
    _references_resolve(k)


def test_between_the_sources_the_later_claims_are_dropped(loaded):
    k = known_by(loaded, EARLY + dt.timedelta(days=5))
    assert _ids(k.dataset, "sources") == ["early"] and set(k.source_texts) == {"early"}
    ds = k.dataset
    # alternatives are worked out again from the remaining sources: no longer disputed
    disputed = _movement(ds, "m-disputed")
    assert disputed.arrive.words() == "by 10 Feb 2022" and not disputed.arrive.disputed
    assert [a.source for a in disputed.arrive.alternatives] == ["early"]
    assert disputed.strength.words() == "about 1,700" and not disputed.strength.disputed
    # the preferred value came from the later report: the curator's estimate is what remains
    preferred = _movement(ds, "m-preferred")
    assert preferred.arrive.words() == "about 14 Feb 2022"
    assert [a.note is not None for a in preferred.arrive.alternatives] == [True]
    # the squadron's own quote is later, but known movements name it: it stays, without that quote
    sqn = next(u for u in ds.units if u.id == "sqn")
    assert sqn.citations == []
    # what did not depend on the later report is unchanged
    assert _movement(ds, "m-by") == _movement(loaded.dataset, "m-by")
    _references_resolve(k)


def test_the_bundled_data_before_the_article_shows_no_claim():
    """'known by 2022-02-09 hides every claim from this article' (the worked examples)."""
    bundled = load_dataset(REPO / "data")
    k = known_by(bundled, dt.date(2022, 2, 9))
    assert k.dataset.movements == [] and k.dataset.events == [] and k.dataset.areas == []
    assert k.dataset.sources == []
    _references_resolve(k)
    now = known_by(bundled, max(known_dates(bundled)))
    assert now.counts() == bundled.counts()


# --- fields backed by a later source lose their value ---


SEED_EARLY = "Report one. The 1st Battalion left Berlin for Warsaw on 10 February. It had about 600 soldiers.\n"
SEED_LATER = "Report two. The 1st Battalion reached Warsaw on 14 February, 650 strong. It went to Warsaw.\n"


def _write(tmp_path: Path, movements: list[dict]) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "early.txt").write_text(SEED_EARLY, encoding="utf-8")
    (tmp_path / "seeds" / "later.txt").write_text(SEED_LATER, encoding="utf-8")
    doc = {
        "sources": [
            {"id": "early", "title": "One", "publisher": "P", "published": "2022-02-10", "file": "seeds/early.txt"},
            {"id": "later", "title": "Two", "publisher": "P", "published": "2022-02-20", "file": "seeds/later.txt"},
        ],
        "places": [
            {"id": "berlin", "name": "Berlin", "country": "DEU", "lat": 52.52, "lon": 13.405},
            {"id": "warsaw", "name": "Warsaw", "country": "POL", "lat": 52.23, "lon": 21.01},
        ],
        "units": [{"id": "bn", "name": "1st Battalion", "nation": "USA", "branch": "infantry", "echelon": "battalion"}],
        "movements": [{"unit": "bn", "from": "berlin", "to": "warsaw", **m} for m in movements],
    }
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


LEFT = {"source": "early", "quote": "The 1st Battalion left Berlin for Warsaw on 10 February."}
ABOUT = {"source": "early", "quote": "It had about 600 soldiers."}
REACHED = {"source": "later", "quote": "The 1st Battalion reached Warsaw on 14 February, 650 strong."}


def test_fields_backed_only_by_a_later_source_are_dropped(tmp_path):
    loaded = load_dataset(
        _write(
            tmp_path,
            [
                {  # arrival and strength from the later report only: known on the 15th without them
                    "id": "m-partial",
                    "depart": "2022-02-10",
                    "arrive": "2022-02-14",
                    "strength": 650,
                    "citations": [
                        {**LEFT, "supports": ["unit", "from", "to", "depart"]},
                        {**REACHED, "supports": ["arrive", "strength"]},
                    ],
                },
                {  # the strength has alternatives: the early one remains
                    "id": "m-alternatives",
                    "depart": "2022-02-10",
                    "strength": [
                        {"value": "about 600", **ABOUT},
                        {"value": 650, **REACHED},
                    ],
                    "citations": [{**LEFT, "supports": ["unit", "from", "to", "depart"]}],
                },
                {  # the destination comes from the later report: the movement was not yet known
                    "id": "m-destination-later",
                    "depart": "2022-02-10",
                    "citations": [
                        {**LEFT, "supports": ["unit", "from", "depart"]},
                        {"source": "later", "quote": "It went to Warsaw.", "supports": ["to"]},
                    ],
                },
                {  # only the arrival was known early, the departure came later: the departure goes
                    "id": "m-depart-later",
                    "depart": "2022-02-10",
                    "arrive": "../2022-02-14",
                    "citations": [
                        {**LEFT, "supports": ["unit", "from", "to", "arrive"]},
                        {**REACHED, "supports": ["depart"]},
                    ],
                },
            ],
        )
    )
    assert loaded.dataset.movements[1].strength.disputed
    k = known_by(loaded, dt.date(2022, 2, 15))
    ds = k.dataset
    assert _ids(ds, "movements") == ["m-partial", "m-alternatives", "m-depart-later"]
    partial = _movement(ds, "m-partial")
    assert partial.arrive is None and partial.strength is None and partial.depart.words() == "10 Feb 2022"
    assert [c.source for c in partial.citations] == ["early"]
    alts = _movement(ds, "m-alternatives")
    assert alts.strength.words() == "about 600" and not alts.strength.disputed
    later_depart = _movement(ds, "m-depart-later")
    assert later_depart.depart is None and later_depart.arrive.words() == "by 14 Feb 2022"
    _references_resolve(k)
    # on the 15th the partial movement has no known arrival: the engine estimates one, flagged
    tl = build_timeline(k)
    assert bool(tl.arrive_estimated[0])
    state_at(tl, dt.date(2022, 2, 11))
    # and on the 20th everything is back
    assert known_by(loaded, dt.date(2022, 2, 20)).dataset.movements == loaded.dataset.movements
