"""Rules of the fourteenth round of issue 18, each on sentences written here.

None of these sentences is taken from an evaluation set (tests/data/articles_*); the rules were written from the
misses of tests/data/articles_holdout13 (tuned on after its round-13 figures were recorded) and are stated as general
shapes: "N or so" and a hyphened singular ("a 25-Soldier advance party") as counts; a move that "may follow ..., but no
decision has been made" is none; onward legs of a mover named only by a pronoun object of a carrying verb ("buses
took them to C", "trains hauled them south to C"), by a part of it ("Part of them continued to C", "around half were
driven to C"), or by the plain troops noun again ("the soldiers were taken by bus to C"), each from where the
sentence before took the unit; and a list of onward destinations with a place's location between ("to C, on the
Myanmar border, and to D").

Each test fails on the code before this round (e48c260).
"""

from __future__ import annotations

import pytest

from dashboard.draft.parser import parser
from tests.draft.drafted import Move, drafted

needs_parser = pytest.mark.skipif(parser().nlp is None, reason="no checked dependency parser here")

LEAD = "date 2024-09-06\nAbout 300 soldiers of the 2nd Brigade flew from Savannah to Riga on Tuesday. "


def _short(moves: list[Move]) -> list[tuple[str, str, str, object]]:
    return [(u, o.split(",")[0], t.split(",")[0], n) for u, o, t, n in moves]


def test_n_or_so_and_a_hyphened_count_are_strengths():
    moves, _ = drafted(
        'date 2024-09-06\nThe first 400 or so "Dagger" Soldiers of the 2nd Brigade flew out of Savannah Tuesday on a '
        "charter bound for Riga. A 25-Soldier advance party of the 3rd Brigade flew from Savannah to Tapa last week."
    )
    assert _short(moves) == [
        ("2nd Brigade", "Savannah", "Riga", "about 400"),
        ("3rd Brigade", "Savannah", "Tapa", 25),
    ]


def test_a_move_with_no_decision_made_is_none():
    moves, _ = drafted(
        "date 2024-09-06\nA 25-Soldier advance party of the 2nd Brigade flew from Savannah to Riga last week. The rest "
        "of the brigade may follow later in the year to train at Tapa, but no decision has been made."
    )
    assert _short(moves) == [("2nd Brigade", "Savannah", "Riga", 25)]


@needs_parser
@pytest.mark.parametrize(
    ("onward", "strength"),
    [
        ("From there, buses took them to Tapa.", "about 300"),  # "them": the same troops, all of them
        ("Army trains then hauled them south to Tapa.", "about 300"),
        # the troops named again, all of them (a distance is no count)
        ("The same evening the soldiers were taken by bus to Tapa, some 150 km to the east.", "about 300"),
    ],
)
def test_an_onward_leg_of_the_troops_moved_before(onward: str, strength: str | None):
    moves, _ = drafted(LEAD + onward)
    assert _short(moves) == [
        ("2nd Brigade", "Savannah", "Riga", "about 300"),
        ("2nd Brigade", "Riga", "Tapa", strength),
    ]
    # ... also when a sentence between only tells more of the first leg
    moves, _ = drafted(LEAD + "They had been waiting in Savannah for a week. " + onward)
    assert _short(moves) == [
        ("2nd Brigade", "Savannah", "Riga", "about 300"),
        ("2nd Brigade", "Riga", "Tapa", strength),
    ]


@needs_parser
@pytest.mark.parametrize(
    "onward",
    [
        "Part of them continued on Wednesday morning to Tapa.",
        "But around half were driven up the mountain to Tapa the next morning.",
    ],
)
def test_a_part_goes_on_without_the_whole_s_headcount(onward: str):
    moves, _ = drafted(LEAD + onward)
    assert _short(moves) == [
        ("2nd Brigade", "Savannah", "Riga", "about 300"),
        ("2nd Brigade", "Riga", "Tapa", None),
    ]


@needs_parser
def test_onward_destinations_listed_with_a_location_between():
    moves, _ = drafted(
        LEAD + "From Riga, the troops were sent on by road to Tapa, on the Myanmar border, and to Narva."
    )
    assert _short(moves)[1:] == [("2nd Brigade", "Riga", "Tapa", None), ("2nd Brigade", "Riga", "Narva", None)]


@needs_parser
def test_from_here_at_a_base_and_a_town_spelled_with_a_hyphen_in_geonames():
    moves, nations = drafted(
        "date 2024-12-18\nAbout 60 personnel of the 2nd Health Brigade landed in Port Vila this morning, having flown "
        "from here at Amberley on two C-17A Globemasters of No. 36 Squadron."
    )
    assert _short(moves) == [("2nd Health Brigade", "Amberley", "Port Vila", "about 60")]


@needs_parser
def test_the_base_gone_to_gives_its_place_the_destination():
    moves, _ = drafted(
        "date 2024-05-14\nThree CH-47F Chinook helicopters of 298 Squadron flew from Eindhoven air base to the German "
        "army helicopter base at Faßberg on Monday."
    )
    assert [(o.split(",")[0], t.split(",")[0], n) for _u, o, t, n in moves] == [("Eindhoven", "Faßberg", 3)]


def test_a_country_in_a_sub_unit_s_parent_gives_the_nation():
    _moves, nations = drafted("date 2024-11-09\nThe 1st Battalion, Fiji Infantry Regiment flew from Beirut to Tyre.")
    assert nations == {"1st Battalion, Fiji Infantry Regiment": "FJI"}


def test_an_owner_in_the_possessive_is_no_place_and_an_arabic_article_joins_the_name():
    moves, _ = drafted(
        "date 2024-11-09\nA 170-strong contingent of the 2nd Battalion arrived at the Multinational Force and "
        "Observers' South Camp in Sharm el-Sheikh, Egypt, on Monday. They had flown out of Nadi last Saturday."
    )
    assert _short(moves) == [("2nd Battalion", "Nadi", "Sharm el-Sheikh", 170)]


def test_a_regiment_numbered_after_no_with_its_quoted_name_and_a_translation_s_language_is_no_nation():
    moves, nations = drafted(
        "date 2022-05-18\n(Translated from Spanish with the date line left in Spanish.)\n\nSome 350 soldiers of the "
        'Army\'s Reinforced Regiment No. 6 "Chacabuco" were transferred by road from Concepción to Cañete, Chile, on Tuesday.'
    )
    assert _short(moves) == [('Reinforced Regiment No. 6 "Chacabuco"', "Concepción", "Cañete", "about 350")]
    assert nations['Reinforced Regiment No. 6 "Chacabuco"'] == "CHL"


@needs_parser
def test_taking_up_positions_in_a_place_is_arriving_there():
    moves, _ = drafted(
        "date 2022-05-18\nIn Tirúa, on the coast, about 120 Navy marines from the Talcahuano naval base took up "
        "positions on Tuesday afternoon, the Navy said."
    )
    assert [(o.split(",")[0], t, n) for _u, o, t, n in moves] == [("Talcahuano", "TODO: locate Tirúa", "about 120")]


def test_the_district_a_destination_lies_in_is_no_origin():
    moves, _ = drafted(
        "date 2025-04-08\nAround 150 soldiers of Armoured Infantry Battalion 122 reached the Rukla base in the Jonava "
        "district on Monday evening. They had set out on Saturday from their home garrison in Oberviechtach."
    )
    assert _short(moves) == [("Armoured Infantry Battalion 122", "Oberviechtach", "Rukla", "about 150")]


def test_counts_of_the_unit_s_equipment_and_of_instructors():
    moves, _ = drafted(
        "date 2025-04-08\nFourteen of the battalion's Puma infantry fighting vehicles were shipped from Kiel to "
        "Klaipėda on Sunday. On Thursday about 30 Wagner instructors drove from Minsk to Brest."
    )
    assert [(t.split(",")[0], n) for _u, _o, t, n in moves] == [("Klaipėda", 14), ("Brest", "about 30")]


@needs_parser
def test_setting_out_from_an_owner_s_base_at_an_unknown_place():
    moves, _ = drafted(
        "date 2023-07-14\nThe largest column of Wagner Group fighters so far has arrived at the camp near Asipovichy. "
        "The column had set out two days earlier from Wagner's base at Molkino."
    )
    assert [o for _u, o, _t, _n in moves][:1] == ["TODO: locate Molkino"]


@needs_parser
def test_a_place_inside_the_country_named_first_is_the_destination():
    moves, _ = drafted(
        "date 2023-10-26\nIn Kuwait, about 300 soldiers of the 11th Air Defense Artillery Brigade arrived at Ali Al "
        "Salem Air Base on Tuesday. They flew from El Paso, Texas."
    )
    assert _short(moves) == [("11th Air Defense Artillery Brigade", "El Paso", "Ali Al Salem Air Base", "about 300")]


@needs_parser
def test_a_dateline_city_under_a_headline_an_abbreviation_told_again_and_a_named_possessive_place():
    moves, _ = drafted(
        "date 2025-03-14\nMarines reinforce Palawan\n\nPUERTO PRINCESA CITY, Palawan — More than 500 marines of Marine "
        "Battalion Landing Team 4 (MBLT-4) arrived here on Wednesday, after sailing from Jolo. The command said one "
        "company of MBLT-4 continued by road on Thursday to Brooke's Point in southern Palawan."
    )
    assert _short(moves) == [
        ("Marine Battalion Landing Team 4", "Jolo", "Puerto Princesa City", "over 500"),
        ("Marine Battalion Landing Team 4", "Puerto Princesa City", "TODO: locate Brooke's Point", None),
    ]


@needs_parser
def test_a_rapid_action_force_flown_in_under_a_dateline():
    moves, _ = drafted(
        "date 2023-05-06\nImphal, May 6 (PTW) Nearly 700 soldiers of the 73 Mountain Brigade were airlifted from "
        "Tezpur to Imphal on Friday. Ten companies of the CRPF's Rapid Action Force, about 1,000 personnel, were also "
        "flown in from Delhi late on Friday, an official said."
    )
    assert _short(moves)[1:] == [("CRPF's Rapid Action Force", "Delhi", "Imphal", "about 1,000")]


@needs_parser
def test_a_transport_ship_that_arrived_off_a_town():
    moves, _ = drafted(
        "date 2024-01-05\nThe Maritime Self-Defense Force transport ship Osumi sailed from Kure on Tuesday and arrived "
        "off Suzu on Thursday."
    )
    assert _short(moves) == [("Osumi", "Kure", "Suzu", None)]


@needs_parser
def test_the_flight_s_origin_is_the_origin_of_a_force_of_no_named_unit():
    moves, nations = drafted(
        "date 2025-01-24\nAbout 150 Guatemalan soldiers, mostly military police, landed at Toussaint Louverture airport "
        "on a Guatemalan Air Force flight from Guatemala City."
    )
    assert [(o.split(",")[0], n) for _u, o, _t, n in moves] == [("Guatemala City", "about 150")]


def test_no_soldiers_of_a_nation_moved_is_a_denial():
    moves, _ = drafted(
        "date 2022-04-12\nThe regular contingent remains unchanged. No Austrian soldiers have been moved to Kosovo in "
        "this connection."
    )
    assert moves == []


@needs_parser
def test_a_live_blog_s_time_line_is_no_part_of_the_entry_and_there_is_the_place_guarded():
    moves, _ = drafted(
        "date 2025-09-29\n17:20 CEST\nThree Fennec helicopters of the French air force's 3/67 Parisis squadron landed "
        "at Karup air base this afternoon after flying from Villacoublay, near Paris.\n\n15:05 CEST\nDanish soldiers "
        "are now guarding Aalborg Airport. A few hundred soldiers of the Jutland Dragoon Regiment were moved there "
        "from Holstebro overnight."
    )
    assert [(u, o.split(",")[0], t.split(",")[0], n) for u, o, t, n in moves] == [
        ("Fennec helicopters", "Villacoublay", "Karup", 3),
        ("Jutland Dragoon Regiment", "Holstebro", "Aalborg Airport", None),
    ]


def test_a_place_after_the_nearby_keeps_its_preposition():
    moves, _ = drafted(
        "date 2024-05-14\nA company of 13 Light Brigade, which will play the opposing force, travelled from Oirschot "
        "to the nearby Munster training area."
    )
    assert _short(moves) == [("13 Light Brigade", "Oirschot", "TODO: locate Munster", None)]


def test_an_unknown_airport_is_named_with_its_word():
    moves, _ = drafted(
        "date 2022-05-18\nTwo Army AS532 Cougar helicopters landed at La Araucanía airport, near Temuco, Chile, on "
        "Tuesday evening after flying from Rancagua."
    )
    assert [t for _u, _o, t, _n in moves][:1] == ["TODO: locate La Araucanía airport"]


def test_soldiers_from_a_country_who_flew_from_a_town_and_a_town_in_a_country():
    moves, nations = drafted(
        "date 2022-10-19\nA platoon of soldiers from North Macedonia also arrived at Novo Selo in Bulgaria by road from "
        "Skopje on Tuesday. About 40 soldiers from Estonia flew from Tallinn to Riga on Tuesday."
    )
    assert [(o, t) for _u, o, t, _n in moves] == [
        ("Skopje, North Macedonia", "Novo Selo, Bulgaria"),
        ("Tallinn, Estonia", "Riga, Latvia"),
    ]


def test_a_us_state_abbreviated_after_a_town_is_no_place_of_its_own():
    moves, _ = drafted(
        "date 2024-09-06\nThe 3rd Armored Brigade Combat Team flew from Grafenwoehr to Fort Stewart, Ga., in October."
    )
    assert [t for _u, _o, t, _n in moves] == ["Fort Stewart, United States"]


def test_a_unit_returning_home_keeps_the_article_s_nation():
    _moves, nations = drafted(
        "date 2024-09-06\nFORT RILEY, Kan. — A 25-Soldier advance party of the 1st Battalion flew from Kansas City to "
        "Zagreb, Croatia, last week. The brigade replaces the 3rd Infantry Division, which will return to Fort "
        "Stewart, Ga., in October."
    )
    assert nations["3rd Infantry Division"] == "USA"


def test_from_a_new_user_s_trial_equipment_included_a_regiment_and_an_adversary_s_ministry():
    """A new user's article (helper-67, its own, not of any set): the tanks "included" in a battle group were drafted
    as a Russian unit of their own (drawn as hostile); "the Royal Welsh regiment" was a place to locate; the
    article's nation was taken from "Russia's foreign ministry" and "Russia's annexation"."""
    moves, nations = drafted(
        "date 2025-03-03\nAbout 800 soldiers of the 5th Battle Group, including Leopard 2 tanks, left Adazi for "
        "Rezekne on Monday. About 300 British soldiers from the Royal Welsh regiment moved from Tapa to Voru. A "
        "spokeswoman for the 1st Armored Division's aviation brigade said the aircraft would stay. Russia's foreign "
        "ministry called the moves provocative, citing Russia's annexation of Crimea."
    )
    assert [(o.split(",")[0], t.split(",")[0]) for _u, o, t, _n in moves] == [("Adazi", "Rezekne"), ("Tapa", "Voru")]
    assert "RUS" not in nations.values()
