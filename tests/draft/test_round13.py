"""Rules of the thirteenth round of issue 18, each on sentences written here.

None of these sentences is taken from an evaluation set (tests/data/articles_*); the rules were written from the
misses of tests/data/articles_holdout12 (tuned on after its round-12 figures were recorded) and are stated as general
shapes: counts of "servicemen", "sappers", "men and women"; "a Tajik unit"; a header date written as numbers
("2024-10-18 16:05", "03.02.2025 11:42") or after a label with more words on its line ("Published: Jan. 11, 2024 at
5:52 PM CST | Updated: ..."; "Week 34 (...) | posted Monday, 26 August 2024"); "N. Korea" as a country, and a
country that "sends" troops gives their nation; "The troops, from X" after a headline's force told again in the lead;
each leg of a list of onward destinations starts where the article took the unit before; a flight after a bus ride
"to A ... and flew to B" starts at A; a town named with its US state is the state's; same-named towns are told apart
by the countries the article names most; a town in a country the article never names, far from all its other
places, is a TODO.

Each test fails on the code before this round (4e4fddd) but two guards: a slashed date stays unread, and the lead's
count reaching "The troops, from X" (which the code before got right on this shape too; the round's change covers
the lead told in the headline's own sentence).
"""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.draft import article_date
from dashboard.draft.parser import parser
from tests.draft.drafted import Move, drafted

needs_parser = pytest.mark.skipif(parser().nlp is None, reason="no checked dependency parser here")


def _short(moves: list[Move]) -> list[tuple[str, str, str, object]]:
    return [(u, o.split(",")[0], t.split(",")[0], n) for u, o, t, n in moves]


def test_servicemen_and_sappers_are_counted_troops():
    moves, _ = drafted(
        "date 2023-05-02\nRoughly 300 servicemen of the 31st Guards Air Assault Brigade were flown from Ulyanovsk to "
        "Minsk on Monday. About 40 sappers of the 5th Engineer Regiment left Tver by road on Tuesday for Pskov."
    )
    assert _short(moves) == [
        ("31st Guards Air Assault Brigade", "Ulyanovsk", "Minsk", "about 300"),
        ("5th Engineer Regiment", "Tver", "Pskov", "about 40"),
    ]


def test_a_nation_s_unit_of_counted_troops_moves():
    moves, nations = drafted(
        "date 2023-05-02\nThe Kyrgyz contingent, 90 servicemen, arrived from Bishkek on Friday, and a Belarusian unit "
        "of about 120 troops was flown in from Minsk to Astana on Saturday."
    )
    assert ("Belarusian unit", "Minsk", "Astana", "about 120") in _short(moves)
    assert nations["Belarusian unit"] == "BLR"


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("2023-03-09 11:20 | Defence", dt.date(2023, 3, 9)),
        ("Public Radio | News | 21.06.2024 08:15", dt.date(2024, 6, 21)),
        ("Published: Feb. 2, 2024 at 6:10 AM EST | Updated: Feb. 2, 2024 at 9:45 AM EST", dt.date(2024, 2, 2)),
        ("Issue 12 (1-7 July 2024) | posted Tuesday, 9 July 2024", dt.date(2024, 7, 9)),
    ],
)
def test_a_header_date_in_numbers_or_after_a_label_dates_the_article(header, day):
    text = f"Troops head south\n{header}\n\nHELSINKI, March 3 (Wire) -- A company of soldiers left Oulu for Kajaani."
    assert article_date(text, today=dt.date(2026, 1, 1)) == day


def test_a_slashed_date_says_no_day_and_month_order_so_it_dates_nothing():
    assert article_date("Army news | 03/02/2025\n\nA company of soldiers moved from A to B.") is None


def test_n_korea_is_a_country_and_the_country_that_sends_gives_the_troops_nation():
    from dashboard.draft.gazetteer import default_gazetteer  # noqa: PLC0415
    from dashboard.draft.recognise import nation_before  # noqa: PLC0415

    gaz = default_gazetteer()
    assert (gaz.country_code("N. Korea"), gaz.country_code("S. Korea")) == ("PRK", "KOR")
    text = "N. Korea sends special forces to Russia aboard Russian navy ships"
    assert nation_before(text, 0, text.index(" to Russia"), gaz)[0] == "PRK"


@needs_parser
def test_the_troops_of_a_lead_told_after_its_headline_are_the_named_unit_with_the_lead_s_count():
    moves, _ = drafted(
        "date 2024-11-02\nS. Korea sends troops to Poland\n2024-11-02 10:05 | Defence\n\nSEOUL, Nov. 2 (Agency) -- "
        "South Korea has sent about 200 soldiers to Poland, the ministry said Saturday.\n\nThe troops, from the 1st "
        "Engineer Brigade, were "
        "flown from Seoul to Rzeszow on Friday aboard two air force transports, the ministry said."
    )
    assert _short(moves) == [("1st Engineer Brigade", "Seoul", "Rzeszow", "about 200")]


@needs_parser
def test_each_leg_of_a_list_of_onward_destinations_starts_where_the_unit_was_taken():
    moves, _ = drafted(
        "date 2024-11-02\nThe 12th Mechanised Brigade was moved by rail from Kraków to Rzeszów on Monday. After "
        "arriving in Rzeszów, they were taken on to training areas in Nowa Dęba, Przemyśl and Jarosław, the army said."
    )
    assert [(o, t) for _u, o, t, _n in _short(moves)] == [
        ("Kraków", "Rzeszów"),
        ("Rzeszów", "Nowa Dęba"),
        ("Rzeszów", "Przemyśl"),
        ("Rzeszów", "Jarosław"),
    ]


@needs_parser
def test_a_flight_after_a_bus_ride_starts_where_the_bus_went():
    moves, _ = drafted(
        "date 2024-11-02\nThe soldiers of the 1st Battalion, 168th Infantry Regiment, were bused to Omaha after a "
        "parade and flew out on a charter flight to Fort Hood, Texas."
    )
    assert _short(moves) == [("1st Battalion, 168th Infantry Regiment", "Omaha", "Fort Hood", None)]


def _located(text: str, written: str) -> list:
    """Where the recogniser places each span written `written` (its gazetteer hits)."""
    from dashboard.draft.recognise import recognise  # noqa: PLC0415

    rec = recognise(text, dt.date(2024, 8, 14))
    return [p.value.hit for s in rec.sentences for p in s.places if p.text == written]


def test_a_town_named_with_its_us_state_is_that_state_s_town():
    # the most populous Newton is in Massachusetts
    text = "NEWTON, Iowa - Soldiers of the 1st Battalion left Newton, Iowa, for Fort Bliss on Monday."
    towns = _located(text, "Newton")
    assert towns and all(abs(h.lat - 41.70) < 0.2 and abs(h.lon + 93.05) < 0.2 for h in towns)


def test_same_named_towns_are_told_apart_by_the_countries_the_article_names_most():
    text = (
        "date 2024-08-14\nCanadian reservists flew from Seattle to Yellowknife on Monday. The Canadian Army says "
        "more will come to Canada's north next month. Their commander, a major from London, said the north is vast."
    )
    london = _located(text, "London")
    assert [h.country for h in london] == ["CAN"]


def test_a_town_in_a_country_the_article_never_names_far_from_its_other_places_is_a_todo():
    text = (
        "date 2024-08-14\nTwo companies of Mozambican marines were moved by sea from Pemba, Mozambique, to Palma "
        "this week. Rwandan troops stay in Mocímboa da Praia in Mozambique."
    )
    palma = _located(text, "Palma")
    assert len(palma) == 1 and palma[0].todo and palma[0].country == "MOZ"
    assert "Spain" in palma[0].note


def test_an_airport_named_after_its_city_is_placed_at_the_city():
    text = "date 2024-08-14\nThe soldiers flew from Omaha International Airport to Fort Bliss on Monday."
    (hit,) = _located(text, "Omaha International Airport")
    assert not hit.todo and abs(hit.lat - 41.26) < 0.2 and abs(hit.lon + 95.94) < 0.2


@needs_parser
def test_a_lead_s_unnamed_force_to_a_country_is_told_by_named_units_going_to_a_town_in_it():
    moves, _ = drafted(
        "date 2022-01-09\nThe deployment of Russian forces in Kyrgyzstan has been completed, the ministry said on "
        "Sunday.\n\nAbout 300 servicemen of the 31st Guards Air Assault Brigade were flown from Ulyanovsk to Bishkek "
        "on Friday."
    )
    assert _short(moves) == [("31st Guards Air Assault Brigade", "Ulyanovsk", "Bishkek", "about 300")]


def test_no_troops_would_be_sent_is_a_denial():
    moves, _ = drafted(
        "date 2024-08-26\nThe ministry repeated that no conscripts would be sent to Belgorod oblast. About 300 "
        "soldiers of the 11th Brigade were sent from Orel to Kursk on Monday."
    )
    assert [(u, t) for u, _o, t, _n in _short(moves)] == [("11th Brigade", "Kursk")]


def test_an_operation_is_no_place():
    moves, _ = drafted(
        "date 2024-08-14\nTwo Chinooks of 450 Tactical Helicopter Squadron flew from Petawawa to Operation Nanook on "
        'Monday. Some 2,000 soldiers have taken part in Operation "Boreas".'
    )
    assert not [t for _u, _o, t, _n in moves if "Nanook" in t or "Boreas" in t or "Operation" in t]


def test_a_trip_that_ends_where_it_began_is_no_movement():
    moves, _ = drafted(
        "date 2025-01-28\nThe patrol vessel NRP Viana do Castelo sailed from Alfeite on Monday to escort the ships "
        "and was back in Alfeite the same evening, the Navy said."
    )
    assert [(o, t) for _u, o, t, _n in _short(moves) if o == t] == []


def test_a_unit_of_a_country_s_formation_named_after_it_is_of_that_country():
    # a new user's trial: Russia, named most in the article's background, was the battalion's guessed nation
    moves, nations = drafted(
        "date 2025-03-12\nRussia has massed troops near the border, Russian media said. Russia denied it. Russian "
        "officials were quiet.\n\nA company of the Engineer Battalion of Sweden's Norrland Brigade moved from Boden "
        "to Rovaniemi, Finland, the Swedish Armed Forces said."
    )
    assert nations["Engineer Battalion"] == "SWE"


@needs_parser
def test_shifted_troops_and_vehicles_from_a_to_b_is_a_movement():
    # a new user's trial: "shift" was no movement verb of the parse, and the sentence drafted nothing
    moves, _ = drafted(
        "date 2025-03-12\nIn neighbouring Estonia, the British Army's 12th Armoured Brigade Combat Team, 3rd Division, "
        "shifted around 800 troops and 30 Warrior fighting vehicles from Tapa to Voru, a spokesperson said."
    )
    assert [(o, t) for _u, o, t, _n in _short(moves)] == [("Tapa", "Voru")]


def test_a_country_s_point_is_on_its_main_land_not_a_far_small_island():
    from dashboard.draft.gazetteer import default_gazetteer  # noqa: PLC0415

    lat, lon, _where = default_gazetteer().country_point("NOR")
    assert 58 < lat < 71 and 5 < lon < 31  # mainland Norway, not Svalbard (78-80 N)
