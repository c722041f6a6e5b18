"""The parser's provenance guard (issue 18, round 5): the model is loaded only when every file of the installed
package matches the recorded manifest; otherwise (or when spaCy or the model is missing) the draft is made by
the keyword rules and says so once in its notes - never a traceback."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from dashboard import draft as D
from dashboard.draft import builder
from dashboard.draft import parser as P

ARTICLE = (
    "date 2024-02-01\nThe 2nd Battalion, 7th Infantry Regiment is moving from Vilseck to Tapa this week, the Army said."
)


def _installed() -> tuple[dict, Path]:
    root = P.package_dir()
    if root is None or not P.load_manifest():
        pytest.skip("the model package is not installed here")
    return P.load_manifest(), root


def test_the_installed_model_matches_the_recorded_manifest():
    manifest, root = _installed()
    assert P.check_model(manifest, root) == ""
    assert len(manifest["files"]) == len(P.file_hashes(root)) > 20


def test_a_changed_file_refuses_the_model_and_the_rules_draft_alone(monkeypatch: pytest.MonkeyPatch):
    manifest, root = _installed()
    tampered = copy.deepcopy(manifest)
    name = next(k for k in tampered["files"] if k.endswith("parser/model"))
    tampered["files"][name] = "0" * 64
    why = P.check_model(tampered, root)
    assert name in why and "changed" in why
    state = P.load_parser(tampered, root)
    assert state.nlp is None and state.engine == P.ENGINE_RULES and name in state.note

    monkeypatch.setattr(builder, "parser", lambda: state)
    d = D.make_draft(ARTICLE, None, None)
    assert [w for w in d.warnings if "keyword rules alone" in w] == [state.note]  # said once
    note = d.data["sources"][0]["note"]
    assert "keyword rules only" in note and note.count(name) == 1
    places = {p["id"]: p["name"] for p in d.data["places"]}
    assert [places[m["to"]] for m in d.data["movements"]] == ["Tapa, Estonia"]  # the rules still draft the movement


def test_an_added_or_missing_file_or_another_version_refuses_the_model():
    manifest, root = _installed()
    added = copy.deepcopy(manifest)
    dropped = next(iter(added["files"]))
    del added["files"][dropped]
    assert "not reviewed" in P.check_model(added, root)
    missing = copy.deepcopy(manifest)
    missing["files"]["extra/weights.bin"] = "1" * 64
    assert "missing" in P.check_model(missing, root)
    other = dict(manifest, spacy="3.7.0")
    assert "reviewed with spaCy 3.7.0" in P.check_model(other, root)


def test_no_model_or_no_manifest_is_a_fallback_not_a_traceback(tmp_path: Path):
    manifest = P.load_manifest()
    assert "not installed" in P.check_model(manifest or {"model": P.MODEL}, None)
    state = P.load_parser({}, P.package_dir())
    assert state.nlp is None and "manifest" in state.note
    assert P.load_manifest(tmp_path / "nowhere.json") == {}
    assert P.package_dir("no_such_model_package_here") is None


def test_with_the_checked_parser_the_notes_name_it():
    _installed()
    d = D.make_draft(ARTICLE, None, None)
    assert "dependency parse (spaCy" in d.data["sources"][0]["note"]
    assert not [w for w in d.warnings if "keyword rules alone" in w]
