"""The curation page's downloads (a new user's trial in Chromium, round 13: both were live while the draft had errors
and TODOs). Rule: a dataset that validates must export, and no one downloads one that does not without knowing it:
the buttons are off until the draft validates with the dataset, and the page says why beside them."""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import yaml

from dashboard.core.problems import Problem
from dashboard.draft.curation import DRAFT_NAME, UNFINISHED_NAME, DraftCheck, download_refusal, unfinished_draft

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "2022-02-10-us-troops-poland-romania.txt"
PAGE = ROOT / "dashboard" / "pages" / "1_Curate_an_article.py"


def problem(todo: bool) -> Problem:
    return Problem(DRAFT_NAME, 3, "movement 'm-x'", "to", "a message", todo=todo)


def test_download_is_refused_while_the_draft_has_problems_or_todos():
    assert download_refusal(DraftCheck()) is None  # it validates: it must export
    said = download_refusal(DraftCheck(problems=[problem(False), problem(True), problem(True)]))
    assert said is not None and "1 problem to fix and 2 TODOs to resolve" in said and "validates" in said
    only_todos = download_refusal(DraftCheck(problems=[problem(True)]))
    assert only_todos is not None and "1 TODO to resolve" in only_todos and "problem" not in only_todos


def test_the_page_disables_both_downloads_until_the_draft_validates(monkeypatch):
    """The seed's draft validates with the dataset: both buttons are on, nothing said. Edited to a quote the article
    does not hold (an error), or to a quote still to find (a TODO), both are off and the page says why."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    at.text_area(key="article_text").set_value(SEED.read_text(encoding="utf-8")).run()
    assert not at.exception and any("validate together" in s.value for s in at.success)
    buttons = at.get("download_button")
    assert [b.label for b in buttons] == ["Download draft YAML", "Download draft + article (zip)"]
    assert not any(b.disabled for b in buttons)
    assert not any(i.value.startswith("Download is off") for i in at.info)
    draft = yaml.safe_load(at.text_area(key="draft_yaml").value)
    for quote, left in (
        ("The US is moving a Stryker squadron to Romania.", "problem"),
        ("TODO: find the sentence that says it", "TODO"),
    ):
        edited = copy.deepcopy(draft)
        edited["movements"][0]["citations"][0]["quote"] = quote
        at.text_area(key="draft_yaml").set_value(yaml.safe_dump(edited, sort_keys=False, allow_unicode=True)).run()
        assert not at.exception
        buttons = at.get("download_button")
        # the dataset downloads are off; the unfinished draft may be saved, to go on later (labelled as such)
        assert [b.label for b in buttons if b.disabled] == ["Download draft YAML", "Download draft + article (zip)"]
        assert [b.label for b in buttons if not b.disabled] == ["Save unfinished draft (does not validate yet)"], quote
        said = [i.value for i in at.info if i.value.startswith("Download is off until the draft validates")]
        assert len(said) == 1 and re.search(rf"\d+ {left}s? to (fix|resolve)", said[0]), (quote, said)


def test_the_unfinished_draft_says_it_does_not_validate_and_keeps_the_yaml_as_it_is():
    edited = "units:\n- id: usa-x\n  name: 'TODO: which unit'\n"
    check = DraftCheck(problems=[problem(False), problem(True), problem(True)])
    saved = unfinished_draft(edited, check)
    head, _, rest = saved.partition("units:")
    assert "UNFINISHED DRAFT" in head and "1 problem and 2 TODOs" in head and "data/" in head
    assert all(line.startswith("#") for line in head.splitlines())
    assert "units:" + rest == edited and yaml.safe_load(saved) == yaml.safe_load(edited)
    assert UNFINISHED_NAME != DRAFT_NAME and UNFINISHED_NAME.endswith(".yaml")
    assert "save the unfinished draft" in (download_refusal(check) or "")
