"""Rules of the eleventh round of issue 18, each on sentences written here.

None of these sentences is taken from an evaluation set (tests/data/articles_*); the rules were written from the
misses of tests/data/articles_holdout10 (read after its round-10 runs) and are stated as general shapes: a force of
no named unit is called by the article's own words ("Chilean marines", "a Peruvian army company"); a leg with no
origin after the same unit's earlier leg starts where that one ended; a force named by nation and kind with no
troops word moves; a dateline under the masthead and headline is where "here" is; "were unloaded at B" is an
arrival, and the start of the next leg when one follows; "some 40 of them" and "about thirty VBCIs" count the
equipment just named; "in all" states a total; "no decision" and "stands ready to" are no movement; places after
"with stops in" are waypoints; "based in A, flew from B": B is the origin; "1st Battalion The Rifles" is one name;
"arrived from A" and "followed by rail from A" go where the force before went; "three Royal Canadian Air Force
CC-130J Hercules" counts the aircraft; "landed at X air base in Romania": Romania only says where X lies; equipment
"of the Italian Air Force's 4th Wing" is that wing's; a country heading a line is the nation of the units on it;
"to the camp", "at the post", "from the air base" are the installation of that kind the article named before; "a
company of the 2nd Battalion, 8th Marine Regiment" keeps the whole chain; a unit of no stated nation coming into the
article's own country is of the country it leaves; "will join the French troops in Romania" goes to Romania.
"""

from __future__ import annotations

import pytest

from dashboard.draft.parser import parser
from tests.draft.drafted import Move, drafted

needs_parser = pytest.mark.skipif(parser().nlp is None, reason="no checked dependency parser here")


def _short(moves: list[Move]) -> list[tuple[str, str, str, object]]:
    return [(u, o.split(",")[0], t.split(",")[0], n) for u, o, t, n in moves]


def test_a_force_of_no_named_unit_is_called_by_the_articles_words():
    moves, _ = drafted("date 2025-05-06\nAround 60 Chilean marines flew from Valparaíso to Punta Arenas on Monday.")
    assert _short(moves) == [("Chilean marines (no unit named)", "Valparaíso", "Punta Arenas", "about 60")]


def test_a_nation_s_company_with_its_headcount_after_it():
    moves, _ = drafted(
        "date 2025-05-06\nA Peruvian army company of roughly 120 soldiers left Arequipa on Monday for Tacna."
    )
    assert _short(moves) == [("Peruvian army company (no unit named)", "Arequipa", "Tacna", "about 120")]


def test_a_force_named_by_nation_and_kind_with_no_troops_word_moves():
    moves, _ = drafted(
        "date 2025-05-06\nA Senegalese quick reaction force company was flown from Bamako to Gao on Tuesday."
    )
    assert _short(moves) == [("Senegalese quick reaction force company (no unit named)", "Bamako", "Gao", None)]


@needs_parser
def test_an_onward_leg_starts_where_the_same_unit_s_leg_before_ended():
    moves, _ = drafted(
        "date 2025-05-06\nAbout 60 soldiers of the 4th Logistics Battalion travelled from Waiouru to Christchurch "
        "last week. They will fly on to Invercargill next month."
    )
    assert _short(moves) == [
        ("4th Logistics Battalion", "Waiouru", "Christchurch", "about 60"),
        ("4th Logistics Battalion", "Christchurch", "Invercargill", None),
    ]


@needs_parser
def test_here_under_a_masthead_and_a_headline_is_the_dateline_base():
    moves, _ = drafted(
        "date 2025-05-06\nTHE GARRISON WEEKLY — Published May 6, 2025\n\nBrigade headquarters sets up in Poland\n\n"
        "POWIDZ AIR BASE, Poland — The headquarters has arrived.\n\nAbout 300 soldiers of the 3rd Sustainment "
        "Brigade arrived here on Monday from Fort Stewart, Ga., officials said."
    )
    assert _short(moves) == [("3rd Sustainment Brigade", "Fort Stewart", "Powidz Air Base", "about 300")]


@needs_parser
def test_unloaded_at_b_after_being_shipped_from_a_is_an_arrival():
    moves, _ = drafted(
        "date 2025-05-06\nTwelve AH-64 Apache helicopters of the 12th Combat Aviation Brigade were unloaded at the "
        "port of Gdynia on Sunday after being shipped from Savannah, Ga., earlier this month."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("Savannah", "Gdynia", 12)]


@needs_parser
def test_unloaded_at_a_then_moved_to_b_starts_at_a():
    moves, _ = drafted(
        "date 2025-05-06\nTwenty Leopard 2A4 tanks of the 2nd Armoured Brigade, unloaded at the port of Klaipėda on "
        "Friday, were moved by rail to Pabradė the next day."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("Klaipėda", "Pabradė", 20)]


def test_some_forty_of_them_counts_the_vehicles_just_named():
    moves, _ = drafted(
        "date 2025-05-06\nThe regiment's Boxer armoured vehicles, some 30 of them, were shipped from Emden to "
        "Klaipėda on Monday."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("Emden", "Klaipėda", "about 30")]


def test_a_counted_acronym_after_a_vehicle_noun_is_the_mover():
    moves, _ = drafted(
        "date 2025-05-06\nThose vehicles, about thirty VBCIs, left the port of Marseille on Sunday and will be "
        "unloaded in Thessaloniki at the end of the week."
    )
    assert [(u, o, t, n) for u, o, t, n in _short(moves)] == [("VBCIs", "Marseille", "Thessaloniki", "about 30")]


def test_in_all_states_a_total_not_a_movement():
    moves, _ = drafted(
        "date 2025-05-06\nIn all, up to 800 Spanish soldiers will be deployed in Latvia, the ministry said."
    )
    assert moves == []


@pytest.mark.parametrize(
    "sentence",
    [
        "No decision has been taken on deploying Eurofighters to Lithuania, the minister said.",
        "The government stands ready to send further troops to Estonia if asked.",
        "The frigate had been expected to arrive from Cádiz with about 200 sailors on board.",
        "Residents posted photos of what look like HIMARS launchers being unloaded at Klaipėda port.",
    ],
)
def test_decisions_not_taken_readiness_and_what_did_not_happen_are_no_movement(sentence):
    moves, _ = drafted(f"date 2025-05-06\n{sentence}")
    assert moves == []


@needs_parser
def test_stops_on_the_way_are_not_destinations():
    moves, _ = drafted(
        "date 2025-05-06\nSix F-35A fighters of the 388th Fighter Wing flew from Hill Air Force Base to Kadena Air "
        "Base, with stops in Hawaii and Guam."
    )
    assert [t for _u, _o, t, _n in _short(moves)] == ["Kadena Air Base"]


@needs_parser
def test_a_home_base_is_not_the_origin_of_a_flight_from_elsewhere():
    moves, _ = drafted(
        "date 2025-05-06\nAbout 30 engineers of 36 Engineer Regiment, based in Maidstone, flew from RAF Brize Norton "
        "to Tallinn on Monday."
    )
    assert [(o, t) for _u, o, t, _n in _short(moves)] == [("RAF Brize Norton", "Tallinn")]


def test_a_british_battalion_named_in_the_army_s_own_style_is_one_unit():
    moves, _ = drafted(
        "date 2025-05-06\nAround 600 soldiers of the 2nd Battalion The Rifles have deployed from Paderborn to Tapa."
    )
    assert _short(moves) == [("2nd Battalion The Rifles", "Paderborn", "Tapa", "about 600")]


@needs_parser
def test_arrived_from_a_goes_where_the_force_before_went():
    moves, _ = drafted(
        "date 2025-05-06\nAbout 1,500 soldiers of the 2nd Cavalry Regiment have arrived at Tapa from Vilseck. About "
        "80 Danish troops of the Jutland Dragoon Regiment arrived from Holstebro on Sunday to train with them."
    )
    assert _short(moves)[1] == ("Jutland Dragoon Regiment", "Holstebro", "Tapa", "about 80")


@needs_parser
def test_followed_by_rail_from_a_goes_where_the_force_before_went():
    moves, _ = drafted(
        "date 2025-05-06\nAbout 700 soldiers of the 1st Battalion, Royal Irish Regiment have deployed from Tidworth "
        "to Tapa. The soldiers travelled by air and moved into the camp on Monday. A squadron of Warrior vehicles of "
        "the Queen's Royal Hussars followed by rail from Tidworth, crossing Germany and Poland."
    )
    assert [(o, t) for _u, o, t, _n in _short(moves)][-1] == ("Tidworth", "Tapa")


def test_a_count_before_a_service_s_long_name_and_the_model_counts_the_aircraft():
    moves, _ = drafted(
        "date 2025-05-06\nThree Royal Canadian Air Force CC-130J Hercules transports of 436 Transport Squadron flew "
        "from Trenton to Iqaluit on Tuesday."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("Trenton", "Iqaluit", 3)]


@needs_parser
def test_an_air_base_in_a_country_is_where_the_flight_landed_not_its_home():
    moves, _ = drafted(
        "date 2025-05-06\nFour Eurofighter jets of the Italian Air Force's 4th Wing landed at Mihail Kogalniceanu air "
        "base in Romania on Tuesday after flying from Grosseto."
    )
    assert [(o, t) for _u, o, t, _n in _short(moves)] == [("Grosseto", "Mihail Kogalniceanu")]


def test_a_country_heading_the_line_is_the_nation_of_the_units_on_it():
    _moves, nations = drafted(
        "date 2025-05-06\nAllied navies sent ships to the Baltic this week.\n"
        "• Norway — The frigate Thor Heyerdahl sailed from Haakonsvern to Kiel on Monday.\n"
        "• Netherlands — The frigate Tromp sailed from Den Helder to Kiel on Tuesday."
    )
    assert sorted(nations.values()) == ["NLD", "NOR"]


@needs_parser
def test_the_camp_is_the_camp_the_article_opened_with_not_the_one_just_left():
    text = (
        "date 2025-05-06\nNORTHERN POST\nNew camp opens on the coast\nThe army's new Camp Hollis opened on Monday "
        "near Tromsø, the first new base in the north in thirty years.\nAbout 300 soldiers of the 2nd Signal "
        "Battalion relocated from Camp Bardufoss to the camp over the past week, the ministry said."
    )
    moves, _ = drafted(text)
    assert [(o, t) for _u, o, t, _n in _short(moves)] == [("TODO: locate Camp Bardufoss", "TODO: locate Camp Hollis")]
    from dashboard import draft as D  # noqa: PLC0415

    (m,) = D.make_draft(text, None, None).data["movements"]
    assert "'the camp' read as Camp Hollis, named before it (the draft's reading - check)" in m["note"]


@needs_parser
def test_at_the_post_is_the_fort_named_before():
    moves, _ = drafted(
        "date 2025-05-06\nAbout 2,000 soldiers of the 3rd Armored Brigade Combat Team, 1st Cavalry Division, will "
        "deploy from Fort Hood to Poland this spring. More than 50 Abrams tanks were loaded onto rail cars at the "
        "post last week and sent to the Port of Corpus Christi, Texas."
    )
    assert ("Fort Hood", "TODO: locate Port of Corpus Christi") in [(o, t) for _u, o, t, _n in _short(moves)]


@needs_parser
def test_from_the_air_base_is_the_air_base_of_the_dateline():
    moves, _ = drafted(
        "date 2025-05-06\nLASK AIR BASE, Poland — About 200 airmen of the 52nd Fighter Wing arrived here from "
        "Spangdahlem on Sunday.\nOn Monday, a platoon of the 1st Battalion, 41st Field Artillery Regiment drove from "
        "the air base to Drawsko Pomorskie, where it will train with Polish troops."
    )
    assert ("Lask Air Base", "Drawsko Pomorskie") in [(o, t) for _u, o, t, _n in _short(moves)]


def test_the_base_of_a_hill_and_the_post_s_commander_are_no_places():
    from dashboard import draft as D  # noqa: PLC0415

    d = D.make_draft(
        "date 2025-05-06\nAbout 300 soldiers of the 4th Engineer Battalion moved from Fort Carson to Yakima on "
        "Monday. The post's commander said the engineers dug in at the base of the hill.",
        None,
        None,
    )
    assert sorted(p["name"].split(",")[0] for p in d.data["places"]) == ["Fort Carson", "Yakima"]


@needs_parser
def test_a_country_after_the_air_base_a_flight_landed_at_is_not_where_it_came_from():
    moves, _ = drafted(
        "date 2025-05-06\nFour Eurofighter jets of the Italian Air Force landed at Mihail Kogalniceanu air base in "
        "Romania on Tuesday. They flew from Grosseto, the ministry said."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("Grosseto", "Mihail Kogalniceanu", 4)]


def test_a_company_of_a_battalion_of_a_regiment_keeps_the_whole_name():
    moves, _ = drafted(
        "date 2025-05-06\nA company of the 2nd Battalion, 8th Marine Regiment drove from Adazi to Cesis on Monday."
    )
    assert [u for u, _o, _t, _n in moves] == ["company, 2nd Battalion, 8th Marine Regiment"]


@needs_parser
def test_a_unit_of_no_stated_nation_coming_into_the_article_s_country_is_of_the_country_it_left():
    _moves, nations = drafted(
        "date 2025-05-06\nCONSTANTA, Romania — Romania's Black Sea coast got new neighbours this week. Romania's "
        "defence ministry welcomed them, and Romania's president visited the port.\nAbout 400 soldiers of the 3rd "
        "Infantry Division's 1st Armored Brigade arrived at Constanta on Tuesday from Fort Stewart, Ga."
    )
    assert nations["1st Armored Brigade, 3rd Infantry Division"] == "USA"


def test_a_force_that_will_join_allies_in_a_country_goes_there():
    moves, _ = drafted(
        "date 2025-05-06\nAround 200 Spanish soldiers will join the French troops in Romania next month from "
        "Almería, the Spanish defence ministry said."
    )
    assert _short(moves) == [("Spanish soldiers (no unit named)", "Almería", "Romania", "about 200")]
