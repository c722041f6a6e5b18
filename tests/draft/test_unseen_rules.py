"""Drafting rules added for articles the assistant has not seen (issue 18), each on sentences written here.

Every sentence below was written for these tests; none is taken from the frozen evaluation set
(tests/data/articles_unseen/)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import draft as D
from dashboard.draft.text import dateline_date


def _moves(text: str) -> list[tuple[str, str, str, int | None]]:
    """(unit name, origin name, destination name, strength) of every drafted movement."""
    d = D.make_draft(text, None, None)
    units = {u["id"]: u["name"] for u in d.data.get("units", [])}
    places = {p["id"]: p["name"] for p in d.data.get("places", [])}
    out = []
    for m in d.data.get("movements", []):
        out.append(
            (
                units.get(m["unit"], m["unit"]),
                places.get(m["from"], m["from"]),
                places.get(m["to"], m["to"]),
                m.get("strength"),
            )
        )
    quotes = [c["quote"] for sec in d.data.values() for r in sec for c in r.get("citations", []) if "quote" in c]
    norm = " ".join(text.split())
    assert all(q in norm for q in quotes)  # every quote verbatim
    return out


# ------------------------------------------------------------------ datelines
@pytest.mark.parametrize(
    "text, expected",
    [
        ("FORT HOOD, Texas (June 9, 2021) — The corps said on Wednesday that it was ready.", dt.date(2021, 6, 9)),
        ("BERLIN (Sept. 14, 2023) — Officials met.", dt.date(2023, 9, 14)),
        ("OSLO, Norway (Jan 2, 2020) - Soldiers trained.", dt.date(2020, 1, 2)),
        ("PARIS (Reuters) - Nothing dated here.", None),
        ("The brigade (March 1, 2022) left.", None),  # not a dateline: it does not open with a place in capitals
        ("OSLO (Smarch 3, 2022) — A made-up month.", None),
    ],
)
def test_article_date_from_a_dateline(text, expected):
    assert D.article_date(text) == expected


def test_dateline_without_year_needs_an_unambiguous_weekday():
    # 5 June was a Wednesday in 2024 and in 2019 (outside the six years to 2025): one fit.
    text = "OSLO, June 5 (Nordwire) - The ministry said on Wednesday that the ships had sailed."
    got = dateline_date(text, today=dt.date(2025, 1, 1))
    assert got is not None and got[0] == dt.date(2024, 6, 5)
    assert dateline_date("OSLO, June 5 (Nordwire) - The ships had sailed.", today=dt.date(2025, 1, 1)) is None


def test_header_line_wins_over_a_dateline():
    assert D.article_date("date 2020-05-05 WASHINGTON (Feb. 24, 2022) — Text.") == dt.date(2020, 5, 5)


# ------------------------------------------------------------ equipment as units
def test_helicopters_moved_by_an_army_are_the_unit_with_their_count():
    text = "date 2021-05-04 The Army is shifting 14 UH-60 Black Hawk helicopters from Italy to Romania, officials said as Moscow warned Ukraine."
    assert _moves(text) == [("UH-60 Black Hawk helicopters", "Italy", "Romania", 14)]


def test_word_count_of_jets_is_a_number_and_the_strength():
    text = "date 2021-05-04 Up to six F-16s from Aviano Air Base will deploy to Lithuania."
    d = D.make_draft(text, None, None)
    assert [n.value.value for n in d.recognised.spans("number")] == [6]
    (mv,) = _moves(text)
    assert mv[0] == "F-16s" and mv[2] == "Lithuania" and mv[3] == "up to 6"  # as written (issue 14)


def test_aircraft_of_a_squadron_at_its_base_nest_under_it_and_start_there():
    text = "date 2021-05-04 Four F-15E Strike Eagles from the 336th Fighter Squadron at Aviano Air Base were sent to Estonia."
    ((unit, origin, dest, strength),) = _moves(text)
    assert unit == "F-15E Strike Eagles, 336th Fighter Squadron" and "Aviano" in origin
    assert dest == "Estonia" and strength == 4


# ------------------------------------------------------- destinations and denials
def test_a_list_of_destinations_gives_one_movement_each_said_in_the_note():
    text = (
        "date 2021-05-04 Roughly 600 soldiers of the 2nd Cavalry Regiment are moving from their base in "
        "Vilseck, Germany, to Romania, Bulgaria and Hungary, the Army said."
    )
    got = _moves(text)
    assert [(m[1], m[2], m[3]) for m in got] == [
        ("Vilseck, Germany", "Romania", "about 600"),
        ("Vilseck, Germany", "Bulgaria", "about 600"),
        ("Vilseck, Germany", "Hungary", "about 600"),
    ]
    d = D.make_draft(text, None, None)
    assert all("one movement to each" in m["note"] for m in d.data["movements"])


def test_a_city_and_its_country_is_one_destination():
    text = "date 2021-05-04 The 3rd Battalion, 5th Marines flew to Tromsø, Norway, and began training."
    assert [m[2] for m in _moves(text)] == ["Tromsø, Norway"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry has no plans to send the 4th Infantry Division to Georgia.",
        "Officials denied reports that British troops would be sent to Moldova.",
        "Bloggers claimed that soldiers of the 10th Mountain Division were flown to Armenia.",
        "The 1st Cavalry Division will not deploy to Latvia this year.",
    ],
)
def test_denials_and_rumours_give_no_movement(sentence):
    assert _moves("date 2021-05-04 " + sentence) == []


# ------------------------------------------------- the formation, not its parent
def test_a_brigade_of_a_division_is_the_brigade():
    text = (
        "date 2021-05-04 The Army announced the deployment of a Stryker brigade combat team of the "
        "4th Infantry Division from Fort Carson to Poland. Approximately 4,000 Soldiers will go."
    )
    ((unit, origin, dest, strength),) = _moves(text)
    assert unit == "Stryker brigade combat team, 4th Infantry Division"
    assert "Fort Carson" in origin and dest == "Poland" and strength == "about 4,000"
    d = D.make_draft(text, None, None)
    brigade = next(u for u in d.data["units"] if u["name"].startswith("Stryker"))
    assert (brigade["echelon"], brigade["branch"]) == ("brigade", "mechanized")


def test_strength_given_with_after_the_destination():
    text = "date 2021-05-04 The 2nd Battalion, 8th Marines, will be flown to Oslo, Norway, with about 700 Marines."
    ((_, _, _, strength),) = _moves(text)
    assert strength == "about 700"


# ------------------------------------------------------- departures and "already in"
def test_a_ship_that_left_a_port_for_a_country():
    text = "date 2021-05-04 The destroyer USS Porter left Rota, Spain, on Sunday for Romania, the Navy said."
    ((unit, origin, dest, _),) = _moves(text)
    assert unit == "USS Porter" and origin.startswith("Rota") and dest == "Romania"


def test_departed_a_place_some_to_one_others_to_another():
    text = (
        "date 2021-05-04 Soldiers of the 52nd Engineer Battalion departed Kabul on Tuesday, some flying to "
        "Kuwait and others to Qatar."
    )
    assert [(m[1][:5], m[2]) for m in _moves(text)] == [("Kabul", "Kuwait"), ("Kabul", "Qatar")]


def test_troops_already_somewhere_are_not_going_there():
    assert _moves("date 2021-05-04 The Army is repositioning 900 troops who are already in Germany.") == []


# ------------------------------------------------------------- British regiments
def test_british_regiments_without_an_echelon_word_or_a_comma():
    text = (
        "date 2021-05-04 The Queen's Royal Hussars, based at Tidworth, will follow the 2nd Battalion Mercian "
        "Regiment, which left Bulford for Tallinn on Friday."
    )
    got = {(m[0], m[1].split(" (")[0], m[2]) for m in _moves(text)}
    assert {u for u, _, _ in got} == {"Queen's Royal Hussars", "2nd Battalion Mercian Regiment"}
    assert all(dest.startswith("Tallinn") for _, _, dest in got)
    assert any("Bulford" in origin for u, origin, _ in got if u.startswith("2nd"))


def test_shipped_from_a_port():
    text = "date 2021-05-04 A company of tanks from the 1st Armoured Regiment is being shipped from Emden to Riga."
    ((unit, origin, dest, _),) = _moves(text)
    assert unit == "1st Armoured Regiment" and origin.startswith("Emden") and dest.startswith("Riga")


# ------------------------------------------------ liveblog times, 'will be based', 'to A, B, from C'
def test_liveblog_times_are_not_numbers():
    text = "date 2021-05-04 • 07:45 The 2nd Brigade is ordering 300 more troops to Latvia.\n\n• 13:20 Nothing new."
    d = D.make_draft(text, None, None)
    assert [n.value.value for n in d.recognised.spans("number")] == [300]


def test_will_be_based_at_is_the_destination():
    text = "date 2021-05-04 Three F-16s from the 555th Fighter Squadron will be based at Rzeszow in Poland."
    ((unit, _, dest, strength),) = _moves(text)
    assert unit.startswith("F-16s") and "Rzesz" in dest and strength == 3


def test_origin_after_a_destination_and_its_country():
    text = "date 2021-05-04 A company of 120 soldiers of the 21st Panzer Battalion is flown to Tartu, Estonia, from Bremen."
    ((_, origin, dest, strength),) = _moves(text)
    assert origin.startswith("Bremen") and dest.startswith("Tartu") and strength == 120


def test_the_unit_that_reports_a_move_is_not_moving():
    text = "date 2021-05-04 About 300 sailors have arrived in Split, Croatia, the 6th Fleet said on Monday."
    assert all(m[0] != "6th Fleet" for m in _moves(text))
