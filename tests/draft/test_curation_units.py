"""The curation page's "What backs each field" after a new user's trial in Chromium (round 13): it listed the
movements and events but not the drafted units, whose nation and parent the draft reads from the sentence or guesses
from the article; now each unit's name, parent, nation, branch and echelon stand beside the quote or note backing
them. On a phone the table's rows stack, each cell labelled, instead of four columns scrolling sideways out of sight
(tests/browser/test_curation_phone_browser.py looks at it at 390x844)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.draft import make_draft
from dashboard.draft.curation import BACKING_STYLE, SHOWN_SECTIONS, backing_groups, backing_html, field_backing_rows

ROOT = Path(__file__).resolve().parents[2]
DAGGER = ROOT / "tests" / "data" / "articles_holdout13" / "basepaper-fort-riley-dagger-brigade.txt"


@pytest.fixture(scope="module")
def existing():
    return load_dataset(ROOT / "data")


UNITS_DRAFT = {
    "units": [
        {
            "id": "usa-3id",
            "name": "3rd Infantry Division",
            "nation": "HRV",
            "branch": "infantry",
            "echelon": "division",
            "citations": [
                {
                    "source": "s",
                    "quote": "the 3rd Armored Brigade Combat Team, 3rd Infantry Division",
                    "supports": ["name"],
                },
                {"note": "nation HRV: the country it leaves from (check)", "supports": ["nation", "branch", "echelon"]},
            ],
        },
        {
            "id": "usa-3abct",
            "name": "3rd Armored Brigade Combat Team",
            "nation": "HRV",
            "branch": "armor",
            "echelon": "brigade",
            "parent": "usa-3id",
            "citations": [
                {
                    "source": "s",
                    "quote": "the 3rd Armored Brigade Combat Team, 3rd Infantry Division",
                    "supports": ["name", "parent"],
                }
            ],
        },
    ],
    "movements": [
        {
            "id": "m-1",
            "unit": "usa-3abct",
            "to": "fort-stewart",
            "citations": [{"source": "s", "quote": "which will return to Fort Stewart", "supports": ["unit", "to"]}],
        }
    ],
}


def test_the_backing_table_lists_each_units_name_parent_and_nation_beside_its_quote():
    rows = field_backing_rows(UNITS_DRAFT, SHOWN_SECTIONS)
    got = {(r["kind"], r["record"], r["field"]): r for r in rows}
    parent = got[("unit", "usa-3abct", "parent")]
    assert parent["value"] == "usa-3id" and parent["backed by"] == "quote" and "3rd Infantry Division" in parent["text"]
    nation = got[("unit", "usa-3id", "nation")]
    assert nation["value"] == "HRV" and nation["backed by"] == "note" and "leaves from" in nation["text"]
    assert got[("unit", "usa-3abct", "nation")]["backed by"] == "nothing"  # nothing backs it: shown, to act on
    assert ("movement", "m-1", "unit") in got
    # units first, as the draft writes them; the default (the CLI's count of claims) is unchanged: no unit
    assert rows[0]["kind"] == "unit" and {r["kind"] for r in field_backing_rows(UNITS_DRAFT)} == {"movement"}
    groups = backing_groups(rows)
    named = next(g for g in groups if g["record"] == "usa-3abct" and g["backed by"] == "quote")
    assert named["kind"] == "unit" and named["fields"] == "name: 3rd Armored Brigade Combat Team; parent: usa-3id"


def test_every_drafted_unit_is_in_the_backing_table(existing):
    data = make_draft(DAGGER.read_text(encoding="utf-8"), dt.date(2024, 9, 6), existing).data
    rows = field_backing_rows(data, SHOWN_SECTIONS)
    for unit in data["units"]:
        mine = {r["field"]: r for r in rows if r["kind"] == "unit" and r["record"] == unit["id"]}
        assert mine["name"]["value"] == unit["name"] and mine["nation"]["value"] == unit["nation"], unit["id"]
        assert mine["name"]["backed by"].startswith("quote") and mine["name"]["text"], unit["id"]
        if unit.get("parent"):
            assert mine["parent"]["value"] == unit["parent"], unit["id"]


def test_backing_html_is_escaped_and_labels_each_cell_for_a_phone():
    draft = {
        "units": [
            {
                "id": "u<1>",
                "name": "<b>A</b>",
                "nation": "USA",
                "citations": [{"quote": "the <b>A</b> & co", "supports": ["name", "nation"]}],
            }
        ]
    }
    out = backing_html(backing_groups(field_backing_rows(draft, SHOWN_SECTIONS)))
    assert "<b>" not in out and html.escape("<b>A</b>") in out and "&amp; co" in out
    assert '<tr class="dm-record"><th colspan="3" scope="colgroup">unit u&lt;1&gt;</th></tr>' in out
    for label in ("Fields", "Backed by", "Quote or note"):
        assert f'data-label="{label}"' in out
    # a phone stacks the cells, each labelled; nothing is cut or scrolled sideways
    assert "@media (max-width: 640px)" in BACKING_STYLE and "attr(data-label)" in BACKING_STYLE
    assert "overflow-wrap: anywhere" in BACKING_STYLE
