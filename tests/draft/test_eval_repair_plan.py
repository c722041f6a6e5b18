"""benchmarks/draft_eval.py's repair plan: how many field edits take a draft's movements to the
expected ones (issue 18's "edits per movement"), checked on small hand-made cases."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import draft_eval  # noqa: E402


def _fields_ok(exp: dict, m: dict) -> dict[str, bool]:
    return {f: f not in exp or exp[f] == m.get(f) for f in ("unit", "from", "to", "strength")}


def _move_ok(exp: dict, m: dict) -> bool:
    return all(_fields_ok(exp, m).values())


def _plan(expected: list[dict], drafted: list[dict]) -> dict:
    return draft_eval.repair_plan(expected, drafted, _move_ok, _fields_ok)


def test_a_right_movement_costs_nothing():
    plan = _plan([{"unit": "A", "from": "P", "to": "Q"}], [{"unit": "A", "from": "P", "to": "Q"}])
    assert plan == {
        "fields_wrong": {"0": 1, "1": 0, "2": 0, "3": 0},
        "wrong_by_field": {"unit": 0, "from": 0, "to": 0, "strength": 0},
        "not_drafted": 0,
        "deleted": 0,
        "edits": 0,
    }


def test_one_wrong_field_is_one_edit():
    plan = _plan([{"unit": "A", "from": "P", "to": "Q"}], [{"unit": "A", "from": "TODO", "to": "Q"}])
    assert plan["fields_wrong"] == {"0": 0, "1": 1, "2": 0, "3": 0}
    assert plan["wrong_by_field"] == {"unit": 0, "from": 1, "to": 0, "strength": 0}  # which field: the origin
    assert (plan["not_drafted"], plan["deleted"], plan["edits"]) == (0, 0, 1)


def test_a_movement_with_no_stated_field_right_is_deleted_and_written_anew():
    # strength is not stated, so its being "right" does not make the drafted movement a repair
    plan = _plan([{"unit": "A", "from": "P", "to": "Q"}], [{"unit": "B", "from": "R", "to": "S"}])
    assert (plan["not_drafted"], plan["deleted"], plan["edits"]) == (1, 1, 4)


def test_a_drafted_movement_repairs_one_expected_only_the_cheapest():
    expected = [{"unit": "A", "from": "P", "to": "Q"}, {"unit": "A", "from": "P", "to": "R"}]
    drafted = [{"unit": "A", "from": "X", "to": "R"}]
    plan = _plan(expected, drafted)
    # paired with the second (one wrong field: origin); the first is written anew (3 edits)
    assert plan["fields_wrong"] == {"0": 0, "1": 1, "2": 0, "3": 0}
    assert (plan["not_drafted"], plan["deleted"], plan["edits"]) == (1, 0, 4)


def test_a_right_movement_is_not_used_again_for_a_repair():
    expected = [{"unit": "A", "to": "Q"}, {"unit": "A", "to": "R"}]
    drafted = [{"unit": "A", "to": "Q"}]
    plan = _plan(expected, drafted)
    assert plan["fields_wrong"]["0"] == 1 and plan["not_drafted"] == 1 and plan["edits"] == 3
