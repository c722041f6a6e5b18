"""The map in words (dashboard/engine/describe.py), checked against the data it claims to state.

Expectations come from the fixtures' YAML read by hand (tests/data/valid/exact_dates: every date
exact) and from the engine's phases for the bundled data (dates as the article gives them)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.describe import MAX_LISTED, alt_text, describe
from dashboard.engine.timeline import PHASES, build_timeline, state_at

REPO = Path(__file__).resolve().parents[2]
EXACT = REPO / "tests" / "data" / "valid" / "exact_dates"


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(REPO / "data")
    return loaded, build_timeline(loaded)


@pytest.fixture(scope="module")
def exact():
    loaded = load_dataset(EXACT)
    return loaded, build_timeline(loaded)


def test_exact_dates_say_moving_and_arrived_with_the_stated_numbers(exact):
    loaded, timeline = exact
    # 10 Feb 2022: the squadron left on 9 Feb (1000; no arrival reported, estimated for 11 Feb), the first
    # half of the 82nd arrived on 10 Feb (850), the second half left on 10 Feb and arrives on 14 Feb (850).
    d = describe(loaded, timeline, dt.date(2022, 2, 10))
    assert d.sentences[0] == (  # the squadron's journey rests on the estimated arrival: counted apart, as probable
        "On 10 February 2022 the map shows 3 movements: 1 arrived, 1 moving, "
        "1 more probably still moving (no arrival reported)."
    )
    assert "850 of the 82nd Airborne Division soldiers deploying to Poland had arrived" in d.text
    assert "850 of the 82nd Airborne Division soldiers deploying to Poland were moving from Fort Bragg" in d.text
    assert re.search(
        r"1,000 troops of the 2nd Cavalry Regiment Stryker squadron were probably still moving from Vilseck.*"
        r"\(no arrival reported: estimated",
        d.text,
    )
    assert "sources do not say" not in d.text  # exact dates leave no phase open
    # after the estimated arrival the squadron's arrival is said to be an estimate, not a fact
    later = describe(loaded, timeline, dt.date(2022, 2, 12)).text
    assert "2nd Cavalry Regiment Stryker squadron had probably arrived in" in later
    assert "no arrival reported: estimated" in later
    assert describe(loaded, timeline, dt.date(2022, 2, 12)).sentences[0] == (
        "On 12 February 2022 the map shows 3 movements: 1 arrived, 1 more probably arrived (no arrival reported), "
        "1 moving."
    )


def _headline_numbers(sentence: str) -> dict[str, int]:
    """The headline's counts read back from its words (what a reader is told)."""
    said = {}
    for number, words in re.findall(r"(\d[\d,]*) ([a-z ]+?)(?: \(no arrival reported\))?(?=[,.])", sentence):
        said[words.removeprefix("more ")] = int(number.replace(",", ""))
    return said


@pytest.mark.parametrize("which", ["bundled", "exact"])
def test_counts_match_the_engines_phases_on_every_day(which, request):
    loaded, timeline = request.getfixturevalue(which)
    day = dt.date(2022, 2, 1)
    while day <= dt.date(2022, 2, 25):
        st = state_at(timeline, day)
        d = describe(loaded, timeline, day, state=st)
        for code, name in enumerate(PHASES):
            assert d.counts[name] == int(np.count_nonzero(st.phase == code)), (day, name)
            guessed = int(np.count_nonzero(timeline.arrive_estimated & (st.phase == code)))
            assert d.estimated[name] == guessed, (day, name)
        assert sum(d.counts.values()) == timeline.size
        # the headline says the reported and the estimated apart, with the engine's numbers
        said = _headline_numbers(d.sentences[0])
        expected = {
            "arrived": d.counts["arrived"] - d.estimated["arrived"],
            "probably arrived": d.estimated["arrived"],
            "moving": d.counts["in_transit"] - d.estimated["in_transit"],
            "probably still moving": d.estimated["in_transit"],
            "whose phase the sources leave open": d.counts["unknown"],
            "not yet begun": d.counts["not_started"],
        }
        assert said == {k: v for k, v in expected.items() if v}, (day, d.sentences[0])
        day += dt.timedelta(days=1)
    assert timeline.arrive_estimated.any() or which == "bundled"  # the exact fixture holds an estimated arrival


def test_uncertain_numbers_and_dates_stay_uncertain(bundled):
    loaded, timeline = bundled
    d = describe(loaded, timeline, dt.date(2022, 2, 12))
    # every number is written as the source gives it: no bare 850 or 1,000
    counted = re.findall(r"(\w+) (\d[\d,]*) (?:of|troops)", d.text)
    assert len(counted) >= 3 and all(word.lower() in ("about", "over") for word, _ in counted), counted
    assert "about 850 of the 82nd airborne division soldiers" in d.text.lower()
    assert "about 1,000 troops of the 2nd cavalry regiment" in d.text.lower()
    # the squadron's departure is 'by 10 Feb' and no arrival is reported: on 12 Feb it has left (not "the sources do
    # not say whether it had left"), and where it is and whether it has arrived stay open, with its window
    assert "about 1,000 troops of the 2nd cavalry regiment stryker squadron had left vilseck" in d.text.lower()
    assert "the sources do not say where they were or whether they had arrived" in d.text
    before = describe(loaded, timeline, dt.date(2022, 2, 8)).text.lower()  # may not have left yet
    assert "the sources do not say whether about 1,000 troops" in before
    assert "departure by 10 Feb 2022, arrival unknown" in d.text
    # a country is named as a country, never as a town
    assert "arrived in Poland" in d.text
    # the over-100,000 build-up is named with its rough number
    assert "over 100,000" in d.text


def test_estimates_and_curators_readings_are_said_so(bundled):
    loaded, timeline = bundled
    d = describe(loaded, timeline, dt.date(2022, 2, 20))  # both halves of the 82nd have arrived
    assert d.counts["arrived"] == 2
    arrived = [s for s in d.sentences if "had arrived in Poland" in s]
    assert arrived == [  # the second half is `confidence: estimated` (its window is the curator's)
        "About 850 of the 82nd Airborne Division soldiers deploying to Poland had arrived in Poland.",
        "About 850 of the 82nd Airborne Division soldiers deploying to Poland had arrived in Poland "
        "(an estimate, not a report).",
    ]
    # the squadron's 'about 1,000' is the curator's reading of the article (a note supports it, no quote)
    squadron = next(s for s in d.sentences if "Stryker squadron" in s)
    assert squadron.endswith("arrival unknown; the number from the curator's note, not a quote).")


def test_alike_movements_are_told_once_with_their_count(tmp_path):
    lines = ["sources:", "  - {id: s, title: T, publisher: P, published: 2022-02-01, url: 'https://example.org/a'}"]
    lines += [
        "places:",
        "  - {id: a, name: A, country: POL, lat: 50, lon: 20}",
        "  - {id: b, name: B, country: POL, lat: 51, lon: 21}",
    ]
    lines += ["units:", "  - {id: u, name: Unit U, nation: USA, branch: infantry, echelon: company}", "movements:"]
    for k in range(3):
        lines.append(
            f"  - {{id: m{k}, unit: u, from: a, to: b, depart: 2022-02-02, arrive: 2022-02-03, strength: about 100,"
            " citations: [{note: n}]}"
        )
    path = tmp_path / "alike.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_dataset(path)
    d = describe(loaded, build_timeline(loaded), dt.date(2022, 2, 5))
    assert d.sentences[1] == (
        "In each of 3 movements, about 100 troops of the Unit U had arrived in B (the number, the destination "
        "and the arrival date from the curator's note, not a quote)."  # the citations are notes only
    )


def test_only_the_shown_movements_are_told(bundled):
    loaded, timeline = bundled
    d = describe(loaded, timeline, dt.date(2022, 2, 20), movement_ids={"m-2cr-vilseck-romania"})
    assert d.sentences[0].startswith("On 20 February 2022 the map shows 1 movement:")
    assert "82nd" not in " ".join(d.sentences[1:2])


def test_a_long_list_is_cut_with_a_count_and_alt_text_stays_short(tmp_path):
    lines = ["sources:", "  - {id: s, title: T, publisher: P, published: 2022-02-01, url: 'https://example.org/a'}"]
    lines += ["places:"]
    lines += [f"  - {{id: p{i}, name: Town {i}, country: POL, lat: 50.{i}, lon: 20.{i}}}" for i in range(30)]
    lines += ["units:"]
    lines += [f"  - {{id: u{i}, name: Unit {i}, nation: USA, branch: infantry, echelon: company}}" for i in range(30)]
    lines += ["movements:"]
    for i in range(30):
        lines.append(
            f"  - {{id: m{i}, unit: u{i}, from: p{i}, to: p{(i + 1) % 30}, depart: 2022-02-02, arrive: 2022-02-04,"
            f" strength: {100 + i}, citations: [{{note: n}}]}}"
        )
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_dataset(path)
    timeline = build_timeline(loaded)
    d = describe(loaded, timeline, dt.date(2022, 2, 3))
    assert d.counts["in_transit"] == 30
    movement_sentences = [s for s in d.sentences if " were moving from " in s]
    assert len(movement_sentences) == MAX_LISTED
    assert f"{30 - MAX_LISTED} more movements are listed in the Movements table." in d.sentences
    # the biggest are told first
    assert movement_sentences[0].startswith("129 troops of the Unit 29")
    short = alt_text(d, limit=300)
    assert len(short) <= 300 and short.endswith(".")
