"""The curation page's words once a draft validates, and a problem's line quoted (round 15 of issue 18, from a new
user's trial: "validate together" was read as "correct" with eleven fields still the draft's reading, and errors
named line numbers the YAML box does not show)."""

from __future__ import annotations

from dashboard.draft.curation import field_backing_rows, line_excerpt, validated_message


def test_the_validated_message_counts_the_fields_that_are_only_the_draft_s_reading():
    data = {
        "movements": [
            {
                "id": "m-1",
                "unit": "u-1",
                "from": "a",
                "to": "b",
                "depart": "2025-03-03",
                "strength": "about 400",
                "citations": [
                    {
                        "source": "s",
                        "quote": "About 400 soldiers flew from A to B.",
                        "supports": ["unit", "from", "to", "strength"],
                    },
                    {"note": "Draft's reading: 'Monday' is 3 March.", "supports": ["depart"]},
                ],
            }
        ]
    }
    rows = field_backing_rows(data)
    notes = sum(r["backed by"].split(" ")[0] == "note" for r in rows)
    assert notes == 1
    said = validated_message(rows)
    assert "validate together" in said and "1 field is only the draft's reading" in said
    assert "every field is backed by a quote" in validated_message(
        [r for r in rows if not r["backed by"].startswith("note")]
    )


def test_a_problem_s_line_is_quoted_as_written():
    text = "movements:\n  - id: m-1\n    strength: about 400\n"
    assert line_excerpt(text, 3) == "strength: about 400"
    assert line_excerpt(text, 0) == "" and line_excerpt(text, 9) == "" and line_excerpt(text, None) == ""
    assert line_excerpt("x: " + "y" * 200, 1).endswith("…") and len(line_excerpt("x: " + "y" * 200, 1)) == 90
