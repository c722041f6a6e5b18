"""A move told as done ("flew to B", "was flown to B", "had moved to B") is at its destination by the article's
date; a move under way, begun, ordered, planned or hedged is not (a new user's trial: three moves told as done
were drawn mid-ocean as 'position not reported')."""

from __future__ import annotations

import pytest

import dashboard.draft as D

DAY = "2024-04-26"


def _dates(sentence: str) -> list[tuple[str | None, str | None]]:
    d = D.make_draft(f"date {DAY} {sentence}", None, None)
    return [(m.get("depart"), m.get("arrive")) for m in d.data["movements"]]


@pytest.mark.parametrize(
    "sentence",
    [
        "The 3rd Marine Littoral Regiment flew from Hawaii to Basco.",
        "The Typhon system was flown from Joint Base Lewis-McChord to Laoag.",
        "Russia's 6th Combined Arms Army had moved from St Petersburg to Alakurtti.",
        "The 2nd Cavalry Regiment deployed from Vilseck to Romania.",
        "The 2nd Cavalry Regiment sent about 1,000 soldiers from Vilseck to Romania.",
    ],
)
def test_a_move_told_as_done_arrives_by_the_articles_date(sentence):
    assert _dates(sentence) == [(f"../{DAY}", f"../{DAY}")]


@pytest.mark.parametrize(
    ("sentence", "depart"),
    [
        ("The 2nd Cavalry Regiment has begun to move from Vilseck to Romania.", f"../{DAY}"),
        ("About 300 soldiers of the 173rd Airborne Brigade are moving from Vicenza to Latvia.", f"../{DAY}"),
        ("About 300 soldiers of the 173rd Airborne Brigade reportedly flew from Vicenza to Latvia.", f"../{DAY}"),
        ("The 2nd Cavalry Regiment was ordered to move from Vilseck to Romania.", f"../{DAY}"),
        ("The 2nd Cavalry Regiment will move from Vilseck to Romania.", f"{DAY}/.."),
    ],
)
def test_a_move_under_way_begun_ordered_hedged_or_to_come_has_no_arrival(sentence, depart):
    assert _dates(sentence) == [(depart, None)]
