"""A unit's nation from its own name's conventions before the article's most frequent nation word (a new
user's trial: a Russian army and a US fighter wing were drafted as Finnish, the nation the article named
most, and the Russian army was drawn as a friendly unit)."""

from __future__ import annotations

import datetime as dt

import pytest

import dashboard.draft as D

FINNISH_BORDER = (
    "HELSINKI, March 9 - Finnish officials said on Thursday that Finnish border guards were on alert. "
    "The {unit} moved from {origin} to Alakurtti, near the Finnish border, a Finnish spokesman said."
)


@pytest.mark.parametrize(
    ("unit", "origin", "nation"),
    [
        ("6th Combined Arms Army", "St Petersburg", "RUS"),
        ("388th Fighter Wing", "Hill Air Force Base", "USA"),
        ("22nd Air Refueling Wing", "Fort Stewart", "USA"),
        ("3rd Marine Littoral Regiment", "Hawaii", "USA"),
    ],
)
def test_a_units_naming_convention_gives_its_nation_before_the_articles_nation(unit, origin, nation):
    d = D.make_draft(FINNISH_BORDER.format(unit=unit, origin=origin), dt.date(2023, 3, 9), None)
    rec = next(u for u in d.data["units"] if u["name"].endswith(unit) or unit in u["name"])
    assert rec["nation"] == nation, rec
    assert "in the name" in rec["note"] and "dominant" not in rec["note"]


def test_without_a_convention_the_articles_nation_stays_and_says_check():
    d = D.make_draft(FINNISH_BORDER.format(unit="Kainuu Brigade", origin="Kajaani"), dt.date(2023, 3, 9), None)
    rec = next(u for u in d.data["units"] if "Kainuu" in u["name"])
    assert rec["nation"] == "FIN" and "dominant nation (check)" in rec["note"]


@pytest.mark.parametrize(
    ("words", "branch"),
    [
        ("Typhon missile launcher", "artillery"),
        ("HIMARS battery", "artillery"),
        ("PzH 2000 howitzers", "artillery"),
        ("ballistic missile submarine", "naval"),
        ("Type 45 destroyer", "naval"),
        ("NASAMS battery", "air_defense"),
        ("Patriot missile battery", "air_defense"),
    ],
)
def test_launchers_ships_and_air_defence_systems_have_a_branch(words, branch):
    """A new user's preview drew the Typhon launcher with a '?' symbol: its branch was 'other'."""
    from dashboard.draft.units import branch_of

    assert branch_of(words)[0] == branch
