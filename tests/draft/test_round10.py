"""Rules of the tenth round of issue 18, each on sentences written here.

None of these sentences is taken from an evaluation set (tests/data/articles_*); the rules were written from the
misses of tests/data/articles_holdout9 (read after its round-9 runs) and are stated as general shapes: counts
written in words from thirteen to nineteen; people counted by what they are ("twenty Rangers", "eight divers");
a type named before the kind of vehicle it is; a capitalised preposition opening a sentence ("From B, ...") gives
the role of the place after it; a definite description ("the vehicles") names the mover of the sentence before
the one between; a ministry's release speaks of its own nation's forces; a question states no movement.
"""

from __future__ import annotations

import pytest

from dashboard.draft.parser import parser
from tests.draft.drafted import Move, drafted

needs_parser = pytest.mark.skipif(parser().nlp is None, reason="no checked dependency parser here")


def _short(moves: list[Move]) -> list[tuple[str, str, str, object]]:
    return [(u, o.split(",")[0], t.split(",")[0], n) for u, o, t, n in moves]


@pytest.mark.parametrize(("word", "n"), [("Thirteen", 13), ("Fourteen", 14), ("Seventeen", 17), ("Nineteen", 19)])
def test_counts_in_words_of_the_teens(word, n):
    moves, _ = drafted(
        f"date 2025-05-06\n{word} Leopard 2A6 tanks of the 9th Panzerlehrbrigade left Munster for Rukla."
    )
    assert [m[3] for m in moves] == [n]


def test_people_counted_by_what_they_are():
    moves, _ = drafted(
        "date 2025-05-06\nOn Monday, twenty Rangers of the 4th Canadian Ranger Patrol Group flew from Yellowknife to "
        "Inuvik to set up a camp."
    )
    assert _short(moves) == [("4th Canadian Ranger Patrol Group", "Yellowknife", "Inuvik", 20)]


def test_a_type_named_before_the_kind_of_vehicle_it_is():
    moves, _ = drafted(
        "date 2025-05-06\nTwelve Boxer heavy armoured vehicles of the 3rd Dragoon Regiment left Tidworth on Monday "
        "for Tapa."
    )
    assert [(u.endswith("3rd Dragoon Regiment"), o, t, n) for u, o, t, n in _short(moves)] == [
        (True, "Tidworth", "Tapa", 12)
    ]


@needs_parser
def test_from_opening_a_sentence_and_the_vehicles_two_sentences_on():
    moves, _ = drafted(
        "date 2025-05-06\nFourteen Patria armoured vehicles of the 2nd Mechanised Battalion left Hamina on "
        "Monday for Rovaniemi. The journey of about 800 kilometres is expected to take three days. From Rovaniemi, "
        "the vehicles will continue to Sodankylä."
    )
    assert _short(moves) == [
        ("2nd Mechanised Battalion", "Hamina", "Rovaniemi", 14),
        ("2nd Mechanised Battalion", "Rovaniemi", "Sodankylä", None),
    ]


def test_a_ministry_release_speaks_of_its_own_forces():
    moves, nations = drafted(
        "date 2025-05-06\nMinistry of National Defence of Greece - press release\n\nAn engineer battalion of our "
        "Army was transported from Larissa to Alexandroupoli by C-130 aircraft on Monday."
    )
    assert _short(moves) == [("engineer battalion", "Larissa", "Alexandroupoli", None)]
    assert nations == {"engineer battalion": "GRC"}


def test_a_question_states_no_movement():
    moves, _ = drafted(
        "date 2025-05-06\nQuestion: Will Norway send more troops to Lithuania? Answer: no decision has been taken."
    )
    assert moves == []
