"""Rules of the fifteenth round of issue 18, each on sentences written here.

None of these sentences is taken from an evaluation set (tests/data/articles_*); the rules were written from the
misses of tests/data/articles_holdout14 (tuned on after its round-14 figures were recorded) and are stated as general
shapes: a formation named by capitalised words ending in a word for a force that is no echelon, after the people of it
("marines of the 2nd Marine Force", "elements of the National Guard", "a contingent of the Special Forces Command
(SFC)"); a Roman-numbered brigade after its quoted name; the home a sentence gives a unit is no origin when the next
sentence says where it flew from; "taken off from"; the carrier's own start ("on a chartered airliner from A", "from a
ship that had sailed from A"); a participle on the destination ("arrived in B, transported from A"); hosts ("to train
alongside X", "who serve within X") are no movers; "N of its soldiers" is the unit the sentence before named; a town
the sentence opens with before a verb of leaving is the origin; a Spanish-language agency's opening line; an army's
arm inside a unit's name ("the 4th Army Aviation Battalion").

Each test fails on the code before this round (1a41526), except five guards against this round's own over-reach:
three cases of test_formations_named_by_a_force_word (an owner and a number after "No.", an armed force as a whole, a
combatant command), test_a_train_with_tanks_moves_the_tanks ("a train with" is no host, as "to train with" is) and
test_a_formation_named_in_a_relative_clause_does_not_move (a contingent the new rules now recognise).
"""

from __future__ import annotations

import pytest

from dashboard.draft.parser import parser
from tests.draft.drafted import drafted
from tests.draft.drafted import short as _short
from tests.draft.drafted import unit_names as _names

needs_parser = pytest.mark.skipif(parser().nlp is None, reason="no checked dependency parser here")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("About 120 marines of the 3rd Marine Force flew out.", ["3rd Marine Force"]),
        ("A contingent of the Rapid Intervention Command (RIC) flew out.", ["Rapid Intervention Command (RIC)"]),
        ("About 900 elements of the National Guard arrived.", ["National Guard"]),
        ("Some 300 Marines of Marine Rotational Force-Europe arrived.", ["Marine Rotational Force-Europe"]),
        ("The Military Gendarmerie sent a platoon.", ["Military Gendarmerie"]),
        ("About 700 elements of the 4th Military Region were moved.", ["4th Military Region"]),
        # an owner before the name is not part of it; a force numbered after "No." keeps its number
        ("Some 800 soldiers of the Army's Rapid Deployment Force No. 2 flew.", ["Rapid Deployment Force No. 2"]),
        ("Troops of the Army's Special Operations Command flew.", ["Special Operations Command"]),
        # an armed force as a whole, a country, a combatant command: no formation
        ("Troops of the Kenyan Armed Forces arrived.", []),
        ("Personnel of US European Command arrived.", []),
        ('Some 250 soldiers of the "Aragón" V Brigade flew out.', ['"Aragón" V Brigade']),
        ("Three helicopters of the 4th Army Aviation Battalion flew.", ["4th Army Aviation Battalion"]),
    ],
)
def test_formations_named_by_a_force_word(text: str, names: list[str]):
    assert [n for n in _names(text) if "helicopters" not in n] == names


@needs_parser
def test_a_formation_of_people_moves():
    moves, _ = drafted(
        "date 2024-05-10\nAbout 120 marines of the 3rd Marine Force flew from Makassar to Sorong on Friday."
    )
    assert _short(moves) == [("3rd Marine Force", "Makassar", "Sorong", "about 120")]


@needs_parser
def test_elements_are_people_and_a_participle_gives_the_origin():
    moves, _ = drafted(
        "date 2025-03-06\nMONTERREY - As of yesterday, 900 elements of the 60th Infantry Battalion arrived in Reynosa, "
        "Tamaulipas, transported from Monterrey aboard four aircraft."
    )
    assert _short(moves) == [("60th Infantry Battalion", "Monterrey", "Reynosa", 900)]


@needs_parser
@pytest.mark.parametrize(
    "flew", ["They had flown from Nakuru.", "They had flown in from Nakuru, where they were repaired."]
)
def test_the_home_base_is_no_origin_when_the_next_sentence_says_where_they_flew_from(flew: str):
    moves, _ = drafted(
        "date 2024-05-10\nGARISSA - Two Mi-17 helicopters of the 7th Squadron, which is based in Kisumu, landed in "
        f"Garissa on Wednesday. {flew}"
    )
    assert _short(moves) == [("Mi-17 helicopters, 7th Squadron", "Nakuru", "Garissa", 2)]


@needs_parser
def test_taken_off_from_is_an_origin():
    moves, _ = drafted(
        "date 2024-05-10\nBAMAKO - About 400 Senegalese commandos landed at Bamako on Sunday. They had taken off from "
        "Dakar, home of the commando battalion."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("Dakar", "Bamako", "about 400")]


@needs_parser
@pytest.mark.parametrize(
    "sentence",
    [
        "About 150 soldiers of the 4th Brigade touched down at Kaunas late on Monday on a chartered airliner from "
        "Bergen, after a refuelling stop in Copenhagen.",
        "Twelve Leopard tanks of the 4th Brigade were unloaded at the port of Kaunas on Monday from a cargo ship that "
        "had sailed from Bergen shortly before.",
    ],
)
def test_the_carrier_s_start_is_the_origin(sentence: str):
    moves, _ = drafted(f"date 2024-05-10\n{sentence}")
    assert [(o, t) for _u, o, t, _n in _short(moves)] == [("Bergen", "Kaunas")]


@needs_parser
@pytest.mark.parametrize(
    "sentence",
    [
        "Around 90 Fijian soldiers flew into Townsville from Nadi on Monday to train alongside the Americans and the "
        "Australian Army's 3rd Brigade during the dry season.",
        "Around 90 Fijian soldiers, who serve within the 3rd Brigade, flew from Nadi to Townsville on Monday.",
    ],
)
def test_hosts_are_no_movers(sentence: str):
    moves, _ = drafted(f"date 2024-05-10\n{sentence}")
    assert [(u.split(" (")[0], o, t) for u, o, t, _n in _short(moves)] == [("Fijian soldiers", "Nadi", "Townsville")]


@needs_parser
def test_n_of_its_soldiers_are_the_unit_named_before():
    moves, _ = drafted(
        "date 2024-03-05\nBARDUFOSS - Finland is sending a brigade north.\n\nFrom Finland came the Kainuu Brigade. Some "
        "400 of its soldiers left Kajaani on Sunday and reached Bardufoss on Monday."
    )
    assert _short(moves) == [("Kainuu Brigade", "Kajaani", "Bardufoss", "about 400")]


@needs_parser
def test_a_town_the_sentence_opens_with_before_flying_out_is_the_origin():
    moves, _ = drafted(
        "date 2025-01-13\nNIAMEY - At Gao, in the east, the last German detachment, 60 soldiers, had flown out to "
        "Niamey on 12 December."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("Gao", "Niamey", 60)]


@needs_parser
def test_a_spanish_agency_s_opening_is_no_part_of_the_sentence():
    moves, _ = drafted(
        "date 2024-03-04\nMadrid, 3 Mar (AIN).- Some 200 soldiers of the 2nd Brigade flew on Saturday from Zaragoza to "
        "Riga, the ministry said.\n\nFrom Riga, the troops were taken by bus to Adazi."
    )
    assert [(u, o, t) for u, o, t, _n in _short(moves)] == [
        ("2nd Brigade", "Zaragoza", "Riga"),
        ("2nd Brigade", "Riga", "Adazi"),
    ]


@needs_parser
def test_a_train_with_tanks_moves_the_tanks():
    moves, _ = drafted(
        "date 2024-02-19\nATHENS - On Friday night a train with about 30 M1 Abrams tanks of the 2nd Armored Brigade "
        "Combat Team left Thessaloniki bound for the Cincu training area in Romania."
    )
    assert [(u, t, n) for u, _o, t, n in _short(moves)] == [
        ("M1 Abrams tanks, 2nd Armored Brigade Combat Team", "Cincu", "about 30")
    ]


@needs_parser
def test_the_unit_s_own_vehicles_a_few_sentences_on():
    moves, _ = drafted(
        "date 2022-03-04\nVIENNA - In response, 120 soldiers of Jäger Battalion 17 were flown from Graz to Sarajevo on "
        "27 February aboard C-130K aircraft. They are accommodated in Camp Butmir.\n\nRegarding question 3:\nThe "
        "company's 20 vehicles were transported by road from Klagenfurt and reached Sarajevo on 2 March."
    )
    assert _short(moves) == [
        ("Jäger Battalion 17", "Graz", "Sarajevo", 120),
        ("Jäger Battalion 17", "Klagenfurt", "Sarajevo", 20),
    ]


@needs_parser
def test_a_crossing_on_the_way_is_no_destination_and_a_company_of_them_goes_on():
    moves, _ = drafted(
        "date 2025-03-12\nKAMPALA - On Tuesday morning, about 300 soldiers of the 5th Infantry Division left their "
        "base in Arua, crossed into South Sudan at Kaya and reached Yei by nightfall, the army said. One company of "
        "them drove on to Juba today, he added."
    )
    assert [(u, o, t) for u, o, t, _n in _short(moves)] == [
        ("5th Infantry Division", "Arua", "Yei"),
        ("5th Infantry Division", "Yei", "Juba"),
    ]


@needs_parser
def test_a_follower_s_own_flight_is_its_movement():
    moves, _ = drafted(
        "date 2023-04-25\nBERLIN - Around 100 paratroopers of Airborne Regiment 26 flew from Wunstorf to Djibouti on "
        "Saturday. A medical team of about 20 soldiers from the Bundeswehr Hospital in Ulm followed on Monday, flying "
        "from Hamburg to Djibouti."
    )
    assert [(u, o, t, n) for u, o, t, n in _short(moves)] == [
        ("Airborne Regiment 26", "Wunstorf", "Djibouti", "about 100"),
        ("Bundeswehr Hospital", "Hamburg", "Djibouti", "about 20"),
    ]


@needs_parser
def test_a_formation_named_in_a_relative_clause_does_not_move():
    moves, _ = drafted(
        "date 2024-04-21\nBAKU - About 150 servicemen of the 7th Motor Rifle Brigade, which provided the core of the "
        "Russian peacekeeping contingent, were flown from Ganja to Samara on Friday."
    )
    assert _short(moves) == [("7th Motor Rifle Brigade", "Ganja", "Samara", "about 150")]


@needs_parser
@pytest.mark.parametrize(
    "naming",
    [
        "The troops, from the Kenya Defence Forces' 15th Battalion, will relieve a unit that has been there a year.",
        "The soldiers belong to the 15th Battalion of the Kenya Defence Forces, a unit trained for such missions.",
    ],
)
def test_the_next_sentence_names_the_unit_of_the_troops(naming: str):
    moves, _ = drafted(
        "date 2025-01-03\nMOGADISHU - Nearly 900 Kenyan soldiers landed at Mogadishu on Thursday aboard chartered "
        f"flights from Nairobi, military sources said.\n\n{naming}"
    )
    assert [(u.split(",")[0].split("'")[-1].strip(), o, t, n) for u, o, t, n in _short(moves)] == [
        ("15th Battalion", "Nairobi", "Mogadishu", "about 900")
    ]


@needs_parser
def test_where_troops_were_drawn_from_is_no_origin():
    moves, _ = drafted(
        "date 2024-08-14\nIQALUIT - About 120 army reservists from across Ontario arrived in Iqaluit on Monday aboard "
        "two CC-130J Hercules from CFB Trenton."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("CFB Trenton", "Iqaluit", "about 120")]


def test_a_response_company_group_is_a_unit():
    assert _names("The soldiers of the Arctic Response Company Group flew north.") == ["Arctic Response Company"]


@needs_parser
def test_a_list_of_counts_after_a_colon_is_one_movement_each():
    moves, _ = drafted(
        "date 2022-02-23\nWASHINGTON - A total of 30 UH-60 Black Hawk helicopters are moving: eighteen from Illesheim, "
        "Germany, to Lithuania, and twelve from Aviano, in Italy, to Romania."
    )
    assert [(o, t, n) for _u, o, t, n in _short(moves)] == [("Illesheim", "Lithuania", 18), ("Aviano", "Romania", 12)]


@needs_parser
def test_companies_of_a_command_and_the_figure_a_source_put_on_them():
    moves, _ = drafted(
        'date 2022-02-23\nKAMPALA - The army confirmed that "about three companies" of the Rapid Intervention Command '
        "were airlifted from Entebbe to Gulu over the weekend, but declined to give numbers. A source at the air base "
        "put the figure at around 300."
    )
    assert _short(moves) == [("Rapid Intervention Command", "Entebbe", "Gulu", "about 300")]


@needs_parser
def test_their_destination_is_the_air_base_at_b():
    moves, _ = drafted(
        "date 2022-03-29\nROSTOCK. Around 200 soldiers of the 3rd Air Defence Battalion left Rostock in buses on Monday. "
        "Their destination is the air base at Sliač in the centre of Slovakia."
    )
    assert [(u, o, t) for u, o, t, _n in _short(moves)] == [("3rd Air Defence Battalion", "Rostock", "Sliač")]


def test_rifles_of_a_region_are_a_formation():
    assert _names("Nearly 900 personnel of the Assam Rifles were airlifted.") == ["Assam Rifles"]


@needs_parser
def test_personnel_of_the_wing_are_the_wing_not_its_aircraft():
    moves, _ = drafted(
        "date 2022-02-16\nALBACETE - Four Eurofighter fighters of Wing 11 took off from Morón air base on Tuesday for "
        "the Graf Ignatievo air base in Bulgaria. About 120 military personnel of the wing travelled to Graf Ignatievo "
        "the same day from Morón aboard an A400M transport aircraft."
    )
    assert [u for u, _o, _t, _n in _short(moves)] == ["Eurofighter fighters, Wing 11", "Wing 11"]


@needs_parser
def test_a_lead_sharpened_by_the_next_sentences():
    moves, nations = drafted(
        "date 2023-06-06\nPRISTINA (TNA) - A Turkish mechanised battalion has arrived in Kosovo, the ministry said on "
        "Tuesday.\n\nAbout 400 soldiers landed at Pristina on Sunday aboard Turkish Air Force A400M aircraft. They had "
        "taken off from Ankara, home of the 2nd Brigade, from which the battalion was drawn.\n\nMost of the troops "
        "were then taken by road to Prizren."
    )
    assert _short(moves) == [
        ("Turkish mechanised battalion", "Ankara", "Pristina", "about 400"),
        ("Turkish mechanised battalion", "Pristina", "Prizren", None),
    ]


@needs_parser
def test_a_country_opening_the_sentence_sends_its_own():
    moves, nations = drafted(
        "date 2023-06-06\nPRISTINA - Turkish commandos arrived on Sunday. Hungary, whose soldiers were among those hurt "
        "last week, also flew around 100 more soldiers from Pápa air base to Pristina on Monday."
    )
    assert [(o, t) for _u, o, t, _n in _short(moves)][-1] == ("Pápa", "Pristina")
    assert nations[[u for u, _o, _t, _n in moves][-1]] == "HUN"


@needs_parser
def test_the_unit_s_vehicles_are_no_strength_of_its_troops():
    moves, _ = drafted(
        "date 2023-06-06\nPRIZREN - Most of the 2nd Battalion's soldiers were taken by road from Pristina to Prizren on "
        "Monday. The battalion's 40 vehicles left Edirne by road on Saturday."
    )
    assert _short(moves)[0] == ("2nd Battalion", "Pristina", "Prizren", None)


@needs_parser
def test_a_lead_to_a_country_joins_the_first_leg_told_after_it():
    moves, _ = drafted(
        "date 2025-03-04\nOSLO, March 4, 2025 (Reuters) - Norway has sent about 300 soldiers of its Brigade South to "
        "Finland for an exercise, the armed forces said on Tuesday.\n\nThe soldiers flew from Rygge to Oulu on Monday "
        "aboard chartered airliners. From there they drove to Kajaani, where they will train until the end of March."
    )
    assert [(u, o, t, n) for u, o, t, n in _short(moves)][0] == ("Brigade South", "Rygge", "Oulu", "about 300")
    assert [(o, t) for _u, o, t, _n in _short(moves)][1:] == [("Oulu", "Kajaani")]


def test_how_long_they_stay_is_no_date_of_the_move():
    import dashboard.draft as D

    d = D.make_draft(
        "date 2025-03-04\nOSLO - About 300 soldiers of the 2nd Battalion flew from Rygge to Oulu, where they will train "
        "until the end of March.",
        None,
        None,
    )
    departs = [str(m.get("depart")) for m in d.data["movements"]]
    assert departs and not any(x in dep for dep in departs for x in ("2025-03-2", "2025-03-3"))


@needs_parser
def test_a_base_named_after_a_town_of_a_country_named_in_a_force_s_name():
    moves, nations = drafted(
        "date 2025-03-04\nOSLO - The Royal Netherlands Army said 250 troops of its 13th Light Brigade flew from "
        "Eindhoven Air Base to Kaunas, Lithuania, on March 2."
    )
    assert _short(moves) == [("13th Light Brigade", "Eindhoven Air Base", "Kaunas", 250)]
    assert nations["13th Light Brigade"] == "NLD"


def test_its_regiment_is_a_named_formation():
    assert _names("Sweden will send a company from its Skaraborg Regiment in Skövde to Latvia.") == [
        "Skaraborg Regiment"
    ]


def test_a_town_is_no_part_of_a_longer_hyphened_name():
    import dashboard.draft as D

    d = D.make_draft(
        "date 2024-05-01\nMANILA - About 100 marines flew from Puerto Princesa to Pag-asa Island.", None, None
    )
    names = [p["name"] for p in d.data["places"]]
    assert any(n.startswith("Puerto Princesa") for n in names) and not any("Croatia" in n for n in names)


def test_a_plan_is_drafted_as_estimated():
    import dashboard.draft as D

    d = D.make_draft(
        "date 2025-03-04\nOSLO - Sweden plans to send a company of about 120 soldiers from its Skaraborg Regiment in "
        "Skövde to Latvia later this year, the minister said, though no date has been set.",
        None,
        None,
    )
    assert [m["confidence"] for m in d.data["movements"]] == ["estimated"]
