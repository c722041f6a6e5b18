"""Rules of the tenth round of issue 18, each on sentences written here.

None of these sentences is taken from an evaluation set (tests/data/articles_*); the rules were written from the
misses of tests/data/articles_holdout9 (read after its round-9 runs) and are stated as general shapes: counts
written in words from thirteen to nineteen; people counted by what they are ("twenty Rangers", "eight divers");
a type named before the kind of vehicle it is; a capitalised preposition opening a sentence ("From B, ...") gives
the role of the place after it; a definite description ("the vehicles") names the mover of the sentence before
the one between; a ministry's release speaks of its own nation's forces; a question states no movement.
"""

from __future__ import annotations

import datetime as dt

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


@needs_parser
def test_a_base_in_a_town_lies_at_that_town_and_took_off_for_is_a_destination():
    text = (
        "date 2025-05-06\nSix Rafale jets of Fighter Squadron 2/30 took off from Morón air base in Seville on Monday "
        "morning for Ämari in Estonia, where they will patrol the Baltic region. The jets left Morón at dawn."
    )
    moves, _ = drafted(text)
    assert [(o, t.split(",")[0], n) for _, o, t, n in moves] == [("Morón air base, Seville, Spain", "Ämari", 6)]
    from dashboard import draft as D

    place = next(p for p in D.make_draft(text, None, None).data["places"] if p["name"].startswith("Morón"))
    assert abs(place["lat"] - 37.39) < 0.2 and abs(place["lon"] - -5.99) < 0.2  # Seville's point, said in a note
    assert "the town the article says it is in" in place["note"]


@needs_parser
def test_personnel_after_aircraft_to_the_same_place_are_a_movement_of_their_own():
    moves, _ = drafted(
        "date 2025-05-06\nFour Gripen fighters of the F 21 wing flew from Luleå to Ämari on Monday. About 90 "
        "military personnel of the wing travelled to Ämari the same day from Luleå aboard a C-130."
    )
    assert sorted(str(n) for *_, n in moves) == ["4", "about 90"]


def test_a_unit_no_word_gives_a_nation_is_of_the_country_it_leaves():
    text = "date 2025-05-06\nFour Gripen fighters of the F 21 wing flew from Luleå to Ämari on Monday."
    moves, nations = drafted(text)
    assert nations == {"Gripen fighters": "SWE"}
    from dashboard import draft as D

    d = D.make_draft(text, None, None).data
    assert [m["unit"] for m in d["movements"]] == ["swe-gripen-fighters"]
    assert d["movements"][0]["id"].startswith("m-swe-gripen-fighters")
    assert "the country it leaves from" in d["units"][0]["note"]


def test_a_town_and_its_province_after_it_are_one_place():
    text = (
        "date 2025-05-06\nThe 2nd Marine Brigade, comprising approximately 1,500 Marines, has moved from Iloilo to "
        "Santa Ana, Cagayan."
    )
    moves, _ = drafted(text)
    assert [(o.split(",")[0], t) for _, o, t, _ in moves] == [("Iloilo", "Santa Ana, Philippines")]
    from dashboard import draft as D

    to = next(p for p in D.make_draft(text, None, None).data["places"] if p["name"].startswith("Santa Ana"))
    assert abs(to["lat"] - 18.47) < 0.05 and abs(to["lon"] - 122.15) < 0.05  # in Cagayan, not Pampanga


def test_a_strength_of_n_in_apposition_is_the_units():
    moves, _ = drafted(
        "date 2025-05-06\nThe 3rd Infantry Battalion of the 8th Infantry Division, with an estimated strength of 600 "
        "personnel, moved from Tacloban to Borongan on 2 May."
    )
    assert [n for *_, n in moves] == ["about 600"]


def test_a_next_sentence_that_counts_the_move_gives_its_strength():
    moves, _ = drafted(
        "date 2025-05-06\nDenmark confirmed that its 1st Armoured Infantry Battalion had left its garrison at Holstebro "
        "for Latvia. The Danish defence ministry said about 300 troops and a company of CV90 infantry fighting "
        "vehicles were part of the move."
    )
    assert [(u, n) for u, _, _, n in moves] == [("1st Armoured Infantry Battalion", "about 300")]


def test_a_wing_named_like_a_us_one_in_a_release_that_never_names_the_us():
    text = (
        "date 2025-05-06\nDepartment of National Defense - press release\n\nThe Philippine Navy and Philippine Army "
        "continue their exercises. Four FA-50PH light combat aircraft of the 5th Fighter Wing have been relocated "
        "from Basa Air Base, Floridablanca, Pampanga, to Puerto Princesa."
    )
    _, nations = drafted(text)
    assert set(nations.values()) == {"PHL"}


def test_a_completed_transfer_has_arrived_and_a_release_number_is_no_date():
    from dashboard import draft as D

    d = D.make_draft(
        "date 2024-08-09\nPRESS RELEASE No. 2024-117\n\nThe 3rd Marine Brigade, comprising approximately 1,200 Marines, "
        "has completed its transfer from Zamboanga to Cotabato.",
        None,
        None,
    )
    assert [m["arrive"] for m in d.data["movements"]] == ["../2024-08-09"]
    assert not [x for x in d.recognised.spans("date") if x.text == "2024"]


def test_armoured_infantry_is_mechanised():
    from dashboard.draft.units import branch_of

    assert branch_of("45th Armored Infantry Battalion")[0] == "mechanized"
    assert branch_of("2nd Armored Brigade Combat Team")[0] == "armor"


def test_a_wire_story_dated_by_its_first_paragraph_and_a_release_below_a_long_note():
    from dashboard.draft import article_date_read

    wire = (
        "Headline of the story\n\nBUCHAREST, Romania (AP) — About 300 soldiers arrived this week in Constanța, the "
        "Romanian army said Tuesday, March 14, 2023, in a statement."
    )
    assert article_date_read(wire) == (dt.date(2023, 3, 14), "the first paragraph ('said Tuesday, March 14, 2023')")
    release = (
        "MINISTRY OF DEFENCE — PRESS RELEASE\n(Unofficial English translation of the original release, prepared by the "
        "ministry's press office for foreign media.)\n\nQuezon City, 9 August 2024\n\nThe Department announces ..."
    )
    assert article_date_read(release)[0] == dt.date(2024, 8, 9)
    assert article_date_read(wire.replace("Tuesday", "Monday")) is None  # a weekday that does not fit: no guess


def test_regions_of_general_knowledge_and_a_base_at_a_town():
    moves, _ = drafted(
        "date 2025-05-06\nThe frigate HMCS Ottawa sailed from Esquimalt for a deployment to the Indo-Pacific on "
        "Monday. France will move two Rafale jets from Mont-de-Marsan to the Swedish air base at Ronneby."
    )
    assert [(t.split(",")[0]) for _, _, t, _ in moves] == ["Indo-Pacific", "Ronneby"]


@needs_parser
def test_a_country_as_owner_is_no_origin_and_may_is_a_month():
    from dashboard import draft as D

    d = D.make_draft(
        "VILNIUS, May 6 (Reuters) - About 250 soldiers from Germany's Panzergrenadierbataillon 122 left their garrison "
        "in Oberviechtach, Bavaria, on Monday for Rukla in central Lithuania, the Bundeswehr said.",
        dt.date(2024, 5, 6),
        None,
    ).data
    (m,) = d["movements"]
    assert (m["from"], m["to"]) == ("oberviechtach", "rukla")
    assert m["confidence"] == "reported" and "possible or planned" not in m["note"]


def test_troops_that_reinforce_a_division_do_not_move_it():
    moves, _ = drafted(
        "date 2025-01-19\nSome 300 soldiers of the 5th Mountain Battalion were flown from Tolemaida to Cúcuta on "
        "Sunday. The troops will reinforce the Second Division, which has its headquarters in Bucaramanga."
    )
    assert [t.split(",")[0] for _, _, t, _ in moves] == ["Cúcuta"]
