"""The curation page: article -> highlighted recognition -> checked draft -> preview, no file written to data/."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from dashboard.core.loader import load_dataset
from dashboard.draft import make_draft
from dashboard.draft.curation import check_draft, field_backing_rows, highlight_html, preview_date, without_todos

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "2022-02-10-us-troops-poland-romania.txt"


@pytest.fixture(scope="module")
def existing():
    return load_dataset(ROOT / "data")


def test_highlight_escapes_and_marks():
    text = "date 2022-02-10 The U.S. sent 1,000 troops to <b>Romania</b> on Thursday."
    draft = make_draft(text, None, None)
    out = highlight_html(draft.recognised.sentences)
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert "<mark" in out and "1,000" in out


def test_draft_checked_with_the_dataset_without_touching_it(existing, tmp_path):
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*") if p.is_file()}
    text = SEED.read_text(encoding="utf-8")
    draft = make_draft(text, None, existing)
    data = draft.data
    data["sources"][0]["file"] = "zz-draft.source.txt"
    check = check_draft(yaml.safe_dump(data, allow_unicode=True), text, existing, tmp_path / "check")
    assert check.errors == [], [str(p) for p in check.errors]
    trimmed = without_todos(data)
    preview = check_draft(yaml.safe_dump(trimmed, allow_unicode=True), text, existing, tmp_path / "preview")
    assert preview.loaded is not None and len(preview.loaded.dataset.movements) >= 3 + 2
    after = {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert before == after


def test_an_edited_draft_with_a_paraphrased_quote_is_caught(existing, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    data = make_draft(text, None, existing).data
    data["sources"][0]["file"] = "zz-draft.source.txt"
    data["movements"][0]["citations"][0]["quote"] = "The US is moving a Stryker squadron to Romania."
    check = check_draft(yaml.safe_dump(data, allow_unicode=True), text, existing, tmp_path / "c")
    assert any("not found verbatim" in p.message for p in check.errors)


def test_curation_page_runs(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(str(ROOT / "dashboard/pages/1_Curate_an_article.py"), default_timeout=120)
    at.run()
    assert not at.exception
    at.text_area(key="article_text").set_value(SEED.read_text(encoding="utf-8")).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("movements" in c.value for c in at.caption)
    edited = at.text_area(key="draft_yaml").value
    assert "2nd Cavalry Regiment" in edited and "quote:" in edited
    assert "depart: ../2022-02-10" in edited and "supports: [unit, from, to, depart]" in edited
    assert any(e.label.startswith("What backs each field") for e in at.expander)
    at.text_area(key="draft_yaml").set_value(edited.replace("quote:", "quoted:", 1)).run()
    assert not at.exception and at.error  # the validator's message, not a crash


def test_a_date_the_article_does_not_give_is_typed_on_the_page(monkeypatch):
    """A new user's trial (round 12): the date was asked for only in the sidebar (hidden on a phone), in a picker
    that ignored Enter. The page now asks in a text box beside the warning."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(str(ROOT / "dashboard/pages/1_Curate_an_article.py"), default_timeout=120)
    at.run()
    article = "About 300 soldiers of the 4th Engineer Battalion moved from Fort Carson to Yakima on Monday."
    at.text_area(key="article_text").set_value(article).run()
    assert not at.exception and any("When was it published" in w.value for w in at.warning)
    at.text_input(key="published_typed").set_value("14 March").run()
    assert not at.exception and any("is not a date written YYYY-MM-DD" in e.value for e in at.error)
    at.text_input(key="published_typed").set_value("2024-03-14").run()
    assert not at.exception and not at.error
    assert not any("When was it published" in w.value for w in at.warning)
    assert any("Published 14 Mar 2024, as typed above" in c.value for c in at.caption)
    assert (
        "2024-03-" in at.text_area(key="draft_yaml").value
        and "4th Engineer Battalion" in at.text_area(key="draft_yaml").value
    )


def test_curation_scratch_folder_lives_with_the_session(monkeypatch, tmp_path):
    """The page checks drafts in a folder held by the one session tracker (not by a
    finalizer, which the app's gc.freeze() defeats): under the upload root, so a crashed
    server's leftovers are swept too, and removed when the session's time is up (defect 17)."""
    from streamlit.testing.v1 import AppTest

    from dashboard.ui import session, uploads

    monkeypatch.setenv("DEPLOYMAP_UPLOAD_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    tracker = uploads.SessionFolders(lambda sid: False, grace=0.0)  # every session is gone
    monkeypatch.setattr(session, "session_folders", lambda: tracker)
    at = AppTest.from_file(str(ROOT / "dashboard/pages/1_Curate_an_article.py"), default_timeout=120)
    at.run()
    at.text_area(key="article_text").set_value(SEED.read_text(encoding="utf-8")).run()
    assert not at.exception
    held = tracker.held()
    assert len(held) == 1 and set(next(iter(held.values()))) == {"curate"}, held
    folder = next(iter(held.values()))["curate"]
    assert folder.is_dir() and folder.parent == tmp_path and folder.name.startswith(uploads.PREFIX)
    assert any(folder.rglob("*.yaml"))  # the draft was checked there
    tracker.sweep()  # notices the session is gone
    assert tracker.sweep() == [folder] and not folder.exists()


def test_backing_groups_show_every_field_once_with_its_whole_quote(existing):
    """The page's backing table (grouped): each field of each record in exactly one row, beside the whole text that
    backs it; one row per quote, not one per field (a new user's trial: the table cut every quote)."""
    from dashboard.draft.curation import backing_groups  # noqa: PLC0415

    rows = field_backing_rows(make_draft(SEED.read_text(encoding="utf-8"), None, existing).data)
    groups = backing_groups(rows)
    shown = [(g["record"], f.split(": ", 1)[0], f.split(": ", 1)[1]) for g in groups for f in g["fields"].split("; ")]
    assert sorted(shown) == sorted((r["record"], r["field"], r["value"]) for r in rows)
    for g in groups:
        assert any(r["text"] == g["text"] and r["record"] == g["record"] for r in rows)
    assert len(groups) < len(rows)  # a quote backing several fields is shown once


def test_field_backing_rows_say_what_backs_each_field(existing):
    data = make_draft(SEED.read_text(encoding="utf-8"), None, existing).data
    rows = {(r["record"], r["field"]): r for r in field_backing_rows(data)}
    cav = "m-us-2cr-stryker-sqn-vilseck-romania"
    assert rows[(cav, "depart")]["value"] == "../2022-02-10" and rows[(cav, "depart")]["backed by"] == "quote"
    assert "has begun to move" in rows[(cav, "depart")]["text"]
    assert rows[(cav, "strength")]["value"] == "about 1,000"
    # quoted from the next sentence; that it is this force is the draft's reading, in a note
    assert rows[(cav, "strength")]["backed by"] == "quote + note"
    abn = next(r for r in rows.values() if r["record"].startswith("m-us-82abn") and r["field"] == "from")
    assert abn["backed by"] == "note" and "home station" in abn["text"]
    assert all(r["backed by"] in ("quote", "quote + note", "note") for r in rows.values())
    # An edit that drops a citation leaves its fields backed by nothing, and says so.
    data["movements"][0]["citations"] = data["movements"][0]["citations"][:1]
    rows = {(r["record"], r["field"]): r for r in field_backing_rows(data)}
    assert rows[(cav, "strength")]["backed by"] == "nothing"


def test_the_preview_opens_on_a_date_the_draft_reports(existing, tmp_path):
    """A draft from a 2026 article over the 2022 dataset: its preview map opens within the draft's own
    dates (the latest it reports), where its movements have set out, not on the dataset's default date."""
    from dashboard.engine.timeline import NOT_STARTED, build_timeline, date_of, state_at
    from dashboard.web.page import MapOptions, map_payload

    text = SEED.read_text(encoding="utf-8").replace("2022", "2026")
    data = make_draft(text, None, existing).data
    data["sources"][0]["file"] = "zz-draft.source.txt"
    check = check_draft(yaml.safe_dump(without_todos(data), allow_unicode=True), text, existing, tmp_path / "p")
    assert check.loaded is not None
    ids = {m["id"] for m in data["movements"]}
    drafted = [m for m in check.loaded.dataset.movements if m.id in ids]
    assert len(drafted) == len(ids) >= 3
    day = preview_date(check.loaded, data)
    whens = [w for m in drafted for w in (m.depart, m.arrive) if w]
    published = dt.date.fromisoformat(str(data["sources"][0]["published"]))
    # round 10: an event announced for after the article's date does not move the day (a new user's trial)
    whens += [
        e.date
        for e in check.loaded.dataset.events
        if e.id in {e["id"] for e in data.get("events") or []} and e.date.earliest <= published
    ]
    reported = [d for w in whens for d in (w.earliest, w.latest) if d]
    assert day is not None and day == max(reported) and day.year == 2026  # the draft's latest date
    assert day > existing.span[1]  # not a date of the dataset the draft extends
    tl = build_timeline(check.loaded)
    shown = map_payload(check.loaded, tl, MapOptions(date=day))["day"]
    assert date_of(shown) == day
    state = state_at(tl, day)
    assert all(state.phase[list(tl.ids).index(m.id)] != NOT_STARTED for m in drafted)


def test_curation_page_says_where_a_date_it_did_not_ask_for_came_from(monkeypatch):
    """A new user left 'Published' empty; the page took 9 March 2023 from 'WARSAW, March 9' and 'on Thursday'
    without saying so. It now says which date it uses and from what, and the sidebar's date still wins."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", ["app.py"])
    text = (
        "WARSAW, March 9 (Reuters) - Eight F-35A jets of the 388th Fighter Wing flew from Hill Air Force Base to "
        "Lask in Poland on Thursday, officials said."
    )
    at = AppTest.from_file(str(ROOT / "dashboard/pages/1_Curate_an_article.py"), default_timeout=120)
    at.run()
    at.text_area(key="article_text").set_value(text).run()
    assert not at.exception
    said = [c.value for c in at.caption if c.value.startswith("Published ")]
    assert len(said) == 1 and "9 Mar 2023" in said[0] and "WARSAW, March 9" in said[0], said
    assert "no year" in said[0] and "Thursday" in said[0]
    at.sidebar.date_input[0].set_value(dt.date(2023, 3, 10)).run()
    assert not at.exception
    assert not [c.value for c in at.caption if c.value.startswith("Published ")]
    # a new user's trial: a date set for another article was used silently; the page now says the two differ
    warned = [w.value for w in at.warning if "gives its own date" in w.value]
    assert len(warned) == 1 and "9 Mar 2023" in warned[0] and "10 Mar 2023" in warned[0], warned


def test_a_dateline_below_a_headline_and_a_labelled_header_line_give_the_date():
    """A new user's trial: "NIAMEY, March 14, 2026 (Wire Services) - ..." opening the body below a note and a
    headline, and "Published: September 3, 2026" below a note and a masthead, were not read."""
    from dashboard.draft import article_date_read

    wire = (
        "Synthetic story for a test.\n\nPeacekeepers rotate in the Sahel\n\nNIAMEY, March 14, 2026 (Wire Services) - "
        "Senegalese troops began arriving in Gao on Saturday."
    )
    assert article_date_read(wire)[0] == dt.date(2026, 3, 14)
    paper = "A note for the test.\n\nThe Coastal Herald\nPublished: September 3, 2026\n\nMarines head north"
    assert article_date_read(paper)[0] == dt.date(2026, 9, 3)
    # below a sentence, an unlabelled date line is a headline's, not the article's
    assert article_date_read("A note for the test.\n\nTroops who left on 3 March 2014 return\n\nBody.") is None


def _claim_todos(data: dict, text: str, existing, folder) -> list:
    check = check_draft(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), text, existing, folder)
    return [p for p in check.todos if "backed by no quote" in p.message or "does not name" in p.message]


def test_the_drafts_own_claims_are_each_backed(existing, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    data = make_draft(text, None, existing).data
    data["sources"][0]["file"] = "zz-draft.source.txt"
    assert _claim_todos(data, text, existing, tmp_path / "c") == []


def test_an_edited_claim_sharper_than_its_quote_is_a_todo(existing, tmp_path):
    """A new user set a movement's destination to a town its quote does not name, and removed what backed a
    strength: both validated. Now each is a TODO naming record and field, until a quote or a note backs it."""
    text = SEED.read_text(encoding="utf-8")
    data = make_draft(text, None, existing).data
    data["sources"][0]["file"] = "zz-draft.source.txt"
    cav = next(m for m in data["movements"] if m["id"].startswith("m-us-2cr"))
    data["places"].append(
        {
            "id": "cincu",
            "name": "Cincu, Romania",
            "country": "ROU",
            "lat": 45.92,
            "lon": 24.8,
            "precision": "site",
            "citations": [{"note": "Cincu training area: the curator's knowledge", "supports": ["name", "location"]}],
        }
    )
    cav["to"] = "cincu"
    for c in cav["citations"]:
        c["supports"] = [f for f in c.get("supports", []) if f != "strength"]
    todos = {(p.record, p.field): p for p in _claim_todos(data, text, existing, tmp_path / "c")}
    assert set(todos) == {(cav["id"], "to"), (cav["id"], "strength")}, todos
    assert "does not name Cincu" in todos[(cav["id"], "to")].message
    assert "backed by no quote and no note" in todos[(cav["id"], "strength")].message
    assert all(p.line and p.file == "zz-draft.yaml" for p in todos.values())
    # the curator says the place is their reading, and quotes the strength: nothing left to back
    cav["citations"].append(
        {"note": "Cincu: where the squadron trains in Romania (curator's reading)", "supports": ["to"]}
    )
    cav["citations"][0]["supports"].append("strength")
    assert _claim_todos(data, text, existing, tmp_path / "d") == []


def test_the_backing_table_says_when_a_quote_does_not_name_the_place():
    data = {
        "places": [{"id": "zagan", "name": "Żagań, Poland"}, {"id": "poland", "name": "Poland"}],
        "movements": [
            {
                "id": "m1",
                "unit": "u",
                "from": "poland",
                "to": "zagan",
                "citations": [
                    {"quote": "Around 1,500 soldiers will deploy to Poland.", "supports": ["unit", "from", "to"]}
                ],
            }
        ],
    }
    rows = {r["field"]: r for r in field_backing_rows(data)}
    assert rows["from"]["backed by"] == "quote"
    assert rows["to"]["backed by"] == "quote, not naming Żagań"
    data["movements"][0]["citations"][0]["quote"] = "Around 1,500 soldiers will deploy to Zagan, in Poland."
    assert {r["backed by"] for r in field_backing_rows(data)} == {"quote"}  # accents aside


def test_a_todo_place_no_record_uses_any_more_says_to_delete_it(existing, tmp_path):
    """A new user's trial (round 12): after pointing a movement's origin at a located place, the placeholder it
    replaced stayed listed as 'not yet located' with no hint that it is now unused."""
    text = "date 2024-03-14\nAbout 300 soldiers of the 4th Engineer Battalion moved to Yakima on Monday."
    data = make_draft(text, None, None).data
    (m,) = data["movements"]
    placeholder = m["from"]
    assert placeholder.startswith("todo-")
    before = check_draft(yaml.safe_dump(data, allow_unicode=True), text, existing, tmp_path / "a")
    assert not any("no record uses it" in p.message for p in before.todos)
    m["from"] = m["to"]  # the curator re-points the origin; the placeholder record stays behind
    after = check_draft(yaml.safe_dump(data, allow_unicode=True), text, existing, tmp_path / "b")
    hint = [p for p in after.todos if "no record uses it any more: delete it" in p.message]
    assert len(hint) == 1 and placeholder in str(hint[0])
