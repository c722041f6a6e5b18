"""The curation page's preview map draws the draft as its subject (a new user's trial, item 9): a
Philippine article's draft over the February 2022 Europe dataset was drawn with the dataset's 82nd Airborne
and 2nd Cavalry at 2024 dates, framed to the whole world, so the declutter stacked the four Philippine
symbols in a column (Typhon near Mindanao, not Laoag); ships were drawn as '?'. The draft is still checked
with the dataset; only what is drawn changes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from dashboard.core.loader import load_dataset
from dashboard.draft import make_draft
from dashboard.draft.curation import check_draft, preview_subject, without_todos
from dashboard.engine.timeline import build_timeline, day_number
from dashboard.web import framing
from dashboard.web.page import MapOptions, fit_bounds, map_payload
from dashboard.web.payload import INDEX
from dashboard.web.symbols import fallback_svg

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "2022-02-10-us-troops-poland-romania.txt"
PUBLISHED = dt.date(2024, 4, 26)
ARTICLE = (  # the trial's second article (AP style, no date in the text)
    "MANILA, Philippines (AP) — The United States and its allies moved troops, missiles and warships into the "
    "northern Philippines this week for their largest joint drills in years, while Chinese naval forces shadowed "
    "the exercises, officials said Friday.\n\n"
    "Some 1,700 Marines from the 3rd Marine Littoral Regiment flew from their base in Hawaii to Basco, the capital "
    "of remote Batanes province, a U.S. military spokesperson told The Associated Press. The regiment is expected "
    "to stay through mid-May.\n\n"
    "A U.S. Army Typhon missile launcher was flown from Joint Base Lewis-McChord in Washington state to Laoag in "
    "Ilocos Norte province, according to two Philippine officials who spoke on condition of anonymity because they "
    "were not authorized to discuss the deployment publicly.\n\n"
    "Japan's helicopter destroyer JS Ise sailed from Kure, in western Japan, and docked at Subic Bay on Wednesday "
    "with about 400 crew aboard, the Japanese embassy said.\n\n"
    "Roughly 200 Australian soldiers from the army's 1st Brigade arrived in Puerto Princesa, on the western island "
    "of Palawan, after flying from Darwin, the Australian Embassy in Manila said.\n"
)


@pytest.fixture(scope="module")
def existing():
    return load_dataset(ROOT / "data")


def _checked(text, day, existing, folder):
    data = make_draft(text, day, existing).data
    data["sources"][0]["file"] = "zz-draft.source.txt"
    check = check_draft(yaml.safe_dump(without_todos(data), allow_unicode=True), text, existing, folder)
    assert check.loaded is not None, [str(p) for p in check.errors]
    return data, check.loaded


@pytest.fixture(scope="module")
def philippines(existing, tmp_path_factory):
    return _checked(ARTICLE, PUBLISHED, existing, tmp_path_factory.mktemp("ph"))


def test_the_preview_draws_the_draft_alone(existing, philippines):
    data, loaded = philippines
    assert len(loaded.dataset.movements) > len(existing.dataset.movements)  # checked together with the dataset
    subject = preview_subject(loaded, data)
    drawn = subject.loaded.dataset
    ids = {m["id"] for m in data["movements"]}
    assert {m.id for m in drawn.movements} == {m.id for m in loaded.dataset.movements if m.id in ids}
    assert len(drawn.movements) >= 3
    dataset_units = {u.id for u in existing.dataset.units}
    assert not {u.id for u in drawn.units} & dataset_units  # no 82nd Airborne, no 2nd Cavalry
    assert drawn.events == [] and drawn.areas == []  # the dataset's events and areas are left out too
    assert subject.left_out == {
        "movements": len(existing.dataset.movements),
        "events": len(existing.dataset.events),
        "areas": len(existing.dataset.areas),
    }
    assert subject.context == 0
    assert len(loaded.dataset.movements) == len(existing.dataset.movements) + len(drawn.movements)  # untouched


def test_the_preview_is_framed_to_the_draft_places(existing, philippines):
    """The first view fits the Philippine destinations (Laoag, Basco, Subic Bay, Puerto Princesa); the far
    origins (Hawaii, Joint Base Lewis-McChord) go to the locator inset. With the dataset drawn too, the view
    spanned Poland to the Philippines."""
    data, loaded = philippines
    sub = preview_subject(loaded, data).loaded
    payload = map_payload(sub, build_timeline(sub), MapOptions(date=PUBLISHED))
    (west, south, east, north), far = framing.frame(payload)
    assert 100 < west < east < 135 and 0 < south < north < 30, (west, south, east, north)
    names = payload["placeNames"]
    assert any("Lewis-McChord" in names[i] for i in far) and any("Hawaii" in names[i] for i in far)
    whole = map_payload(loaded, build_timeline(loaded), MapOptions(date=PUBLISHED))
    (w_all, _s, e_all, _n), _far = framing.frame(whole)
    assert w_all < 30 and e_all > 115  # before: Europe and the Philippines in one view


def test_the_preview_map_is_told_to_fit_the_draft_places(existing, philippines):
    """The bounds the page sends the map component (fitted clear of the date banner and the timeline)."""
    data, loaded = philippines
    (south, west), (north, east) = fit_bounds(preview_subject(loaded, data).loaded, PUBLISHED) or [(0, 0)] * 2
    assert 100 < west < 120.5 and 122 < east < 135 and 0 < south < 10 and 20.5 < north < 30  # Palawan to Batanes
    assert fit_bounds(preview_subject(existing, {}).loaded, PUBLISHED) is None  # nothing drafted: no fit


def test_the_preview_draws_ships_with_a_symbol(philippines):
    data, loaded = philippines
    sub = preview_subject(loaded, data).loaded
    payload = map_payload(sub, build_timeline(sub), MapOptions(date=PUBLISHED))
    un, sy = INDEX["units"], INDEX["symbols"]
    svgs = {u[un["name"]]: payload["symbols"][u[un["symbol"]]][sy["svg"]] for u in payload["units"]}
    ise = next(svg for name, svg in svgs.items() if "Ise" in name)
    assert ">?</text>" not in ise and ise != fallback_svg("neutral")


def test_a_new_leg_of_a_dataset_unit_is_drawn_with_its_other_movements(existing, tmp_path):
    """A draft moving a unit the dataset already moves (the seed, retold in 2026: the 2nd Cavalry's squadron)
    is drawn with that unit's dataset movement; the dataset's other units are not drawn."""
    text = SEED.read_text(encoding="utf-8").replace("2022", "2026")
    data, loaded = _checked(text, None, existing, tmp_path / "p")
    subject = preview_subject(loaded, data)
    drawn = {m.id for m in subject.loaded.dataset.movements}
    assert "m-2cr-vilseck-romania" in drawn  # the same squadron's 2022 leg
    assert not drawn & {"m-82abn-poland-first-half", "m-82abn-poland-second-half"}  # another unit's
    assert subject.context == 1 and subject.left_out["movements"] == 2
    assert "us-82abn-poland" not in {u.id for u in subject.loaded.dataset.units}


def test_the_page_says_the_preview_draws_the_draft_alone(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(str(ROOT / "dashboard/pages/1_Curate_an_article.py"), default_timeout=120)
    at.run()
    at.sidebar.date_input[0].set_value(PUBLISHED).run()
    at.text_area(key="article_text").set_value(ARTICLE).run()
    assert not at.exception
    said = [c.value for c in at.caption if c.value.startswith("The map draws the draft alone")]
    assert len(said) == 1 and "3 movements" in said[0] and "not drawn" in said[0], said


def test_the_preview_opens_on_the_day_its_caption_names(existing, tmp_path):
    """A new user's trial: "will be moved ... later this month" reports a window to 31 Aug; the caption said the
    map opens on 31 Aug 2023 while the map, its timeline ending at the movements' representative days plus a
    margin, showed 14 Aug. The preview's window now holds the day the caption names."""
    from dashboard.draft.curation import preview_date
    from dashboard.web.page import preview_options

    text = (
        "Lima, 9 August 2023\n\nThe Peruvian Air Force dispatched two C-130 Hercules transport aircraft from Callao "
        "to Cusco on 8 August. Units of the 1st Special Forces Brigade, garrisoned at Lima, will be moved to "
        "Ayacucho later this month."
    )
    data, loaded = _checked(text, dt.date(2023, 8, 9), existing, tmp_path)
    sub = preview_subject(loaded, data).loaded
    day = preview_date(loaded, data)
    assert day == dt.date(2023, 8, 31)
    payload = map_payload(sub, build_timeline(sub), preview_options(sub, day))
    assert payload["day"] == payload["end"] == int(day_number(day)), (payload["day"], payload["end"])
    assert fit_bounds(sub, day, preview_options(sub, day)) is not None


def test_a_meeting_announced_for_next_month_does_not_move_the_preview_day(existing, tmp_path):
    """A new user's trial (round 10): the article's last line announced a ministers' meeting "next month"; the
    preview opened on the last day of that month, weeks after the movements, one battalion drawn mid-route."""
    from dashboard.draft.curation import preview_date

    text = (
        "Lima, 9 August 2023\n\nThe Peruvian Air Force dispatched two C-130 Hercules transport aircraft from Callao "
        "to Cusco on 8 August. Defence ministers of the region will meet in Quito next month to discuss the plan."
    )
    data, loaded = _checked(text, dt.date(2023, 8, 9), existing, tmp_path)
    assert any(str(e.get("date", "")).startswith("2023-09") for e in data.get("events") or []), data.get("events")
    assert preview_date(loaded, data) == dt.date(2023, 8, 8)
