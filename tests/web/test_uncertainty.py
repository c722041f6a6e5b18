"""The map says no more than the sources (issue 14): what the payload and the legend carry is
compared with the dataset's records, for the bundled data, a dataset with every uncertain form
(tests/web/uncertain.py) and an exact-date dataset (drawn as before)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dashboard.core.claims import parse_when
from dashboard.core.coverage import field_support
from dashboard.core.loader import load_dataset
from dashboard.core.paths import BASEMAP
from dashboard.web.page import UNCERTAINTY_KEYS, MapOptions, build_map, legend_html, marks, render_html
from dashboard.web.words import STATUS_WORDS, arrive_words, depart_words, window_words
from tests.web.test_page import payload_of, records
from tests.web.uncertain import write_uncertain_dataset

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
EXACT = REPO / "tests" / "data" / "valid" / "exact_dates"


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def uncertain(tmp_path_factory):
    return load_dataset(write_uncertain_dataset(tmp_path_factory.mktemp("uncertain")))


def page_and_payload(loaded, day: str = "2022-02-08") -> tuple[str, dict]:
    html = render_html(build_map(loaded, MapOptions(date=dt.date.fromisoformat(day))))
    return html, payload_of(html)


def legend_of(html: str) -> str:
    """The legend's markup as the page carries it (a JSON string in the legend's script)."""
    start = html.index("div.innerHTML = ") + len("div.innerHTML = ")
    text, _end = json.JSONDecoder().raw_decode(html, start)
    return text


# ---------------------------------------------------------------- words


@pytest.mark.parametrize(
    "depart,arrive,expected",
    [
        ("../2022-02-10", None, "departed by 10 Feb 2022, day not reported; arrival not reported: estimated"),
        (None, "../2022-02-10", "arrived by 10 Feb 2022, day not reported"),
        (None, "2022-02-10/2022-02-17", "arrival between 10 and 17 Feb 2022"),
        ("2022-02-09", "2022-02-12", "departure 9 Feb 2022; arrival 12 Feb 2022"),
        ("2022-02-10~", "2022-02-10/..", "departure about 10 Feb 2022; arrival from 10 Feb 2022"),
        ("2022-02", "2022-03-03", "departure Feb 2022; arrival 3 Mar 2022"),
    ],
)
def test_window_words(depart, arrive, expected):
    d = parse_when(depart) if depart else None
    a = parse_when(arrive) if arrive else None
    assert window_words(d, a) == expected
    assert expected.endswith(arrive_words(a))
    if d is not None:
        assert expected.startswith(depart_words(d))


# ---------------------------------------------------------------- the bundled data


def test_bundled_payload_numbers_and_places(bundled):
    html, payload = page_and_payload(bundled)
    s = payload["strings"]
    moves = {m["id"]: m for m in records(payload, "moves")}
    for mv in bundled.dataset.movements:
        if mv.strength is not None:
            assert s[moves[mv.id]["strength_words"]] == mv.strength.words()
    assert s[moves["m-2cr-vilseck-romania"]["strength_words"]] == "about 1,000"
    area = {a["id"]: a for a in records(payload, "areas")}["area-russian-buildup"]
    assert s[area["strength_words"]] == "over 100,000" and s[area["from_words"]] == "by 10 Feb 2022"
    assert area["from"] == (dt.date(2022, 2, 10) - dt.date(1970, 1, 1)).days  # drawn from that day, not before
    # Romania and Poland are countries: their outlines are the basemap's, by ISO code
    basemap = {f["properties"]["iso_a3"]: f["geometry"] for f in json.loads(BASEMAP.read_text())["features"]}
    for p in bundled.dataset.places:
        if p.id not in {x.id for x in bundled.dataset.places if x.name in payload["placeNames"]}:
            continue
        i = payload["placeNames"].index(p.name)
        assert payload["placePrecision"][i] == p.precision
        assert payload["placeShapes"][i] == (basemap[p.country] if p.precision == "country" else None), p.id
    assert {payload["placeNames"][i] for i, g in enumerate(payload["placeShapes"]) if g} == {"Romania", "Poland"}


def test_bundled_fields_are_backed_as_coverage_says(bundled):
    """Each movement's, event's and area's fields in the payload: the names and statuses of
    coverage.field_support, and the citations that name the field."""
    _html, payload = page_and_payload(bundled)
    fields, cites, strings = records(payload, "fields"), records(payload, "cites"), payload["strings"]
    for section, table in (("movements", "moves"), ("events", "events"), ("areas", "areas")):
        rows = {r["id"]: r for r in records(payload, table)}
        for rec in getattr(bundled.dataset, section):
            if rec.id not in rows:
                continue
            got = [fields[i] for i in rows[rec.id]["fields"]]
            want = field_support(section, rec)
            assert [(f["name"], f["status"]) for f in got] == [(w.field, w.status) for w in want], rec.id
            for f, w in zip(got, want, strict=True):
                backing = f["cites"]
                if backing is None:  # 'record': the record's quotes that name no field (the script finds them)
                    assert w.status == "record"
                    backing = [c for c in rows[rec.id]["cites"] if cites[c]["quote"] >= 0 and not cites[c]["supports"]]
                quotes = {strings[cites[c]["quote"]] for c in backing if cites[c]["quote"] >= 0}
                assert quotes == set(w.quotes), (rec.id, w.field)
                assert set(backing) <= set(rows[rec.id]["cites"])  # numbered in the popup's source list
    sqn = {r["id"]: r for r in records(payload, "moves")}["m-2cr-vilseck-romania"]
    status = {fields[i]["name"]: fields[i]["status"] for i in sqn["fields"]}
    assert status == {"unit": "quote", "from": "quote", "to": "quote", "depart": "quote", "strength": "curator"}
    assert set(payload["statusWords"]) == set(STATUS_WORDS)


def test_bundled_legend_explains_the_marks_it_draws(bundled):
    html, payload = page_and_payload(bundled)
    legend = legend_of(html)
    drawn = marks(payload)
    # the 2CR squadron and the 82nd have no exact dates, nothing is estimated (the squadron's arrival
    # stays open after its undated departure), Romania and Poland are countries; no source
    # disagrees, no place is a region
    assert drawn == {
        "stretch": True,
        "unknown": True,
        "country": True,
        "region": False,
        "estimated": False,
        "disputed": False,
        "event": True,
    }
    for key, _cls, _inner, text in UNCERTAINTY_KEYS:
        assert (text in legend) == drawn[key], key
    assert "where the unit may be" in legend and "only the country is named" in legend
    assert legend == legend_html(*_legend_args(payload))


def _legend_args(payload):
    from dashboard.web.page import drawn, legend_symbols

    present = drawn(payload)
    return legend_symbols(present["units"]), True, bool(payload["highlight"]), marks(payload), present


# ---------------------------------------------------------------- every uncertain form


def test_uncertain_dataset_payload(uncertain):
    html, payload = page_and_payload(uncertain)
    s = payload["strings"]
    moves = {m["id"]: m for m in records(payload, "moves")}
    fields, alts = records(payload, "fields"), records(payload, "alts")
    tl_dated = {
        mv.id: (mv.depart is not None and mv.depart.exact) and (mv.arrive is None or mv.arrive.exact)
        for mv in uncertain.dataset.movements
    }
    for mid, m in moves.items():
        assert m["dated"] == int(tl_dated[mid]), mid
        for k in ("depart_lo", "depart_hi", "arrive_lo", "arrive_hi"):
            assert m[k] is None or isinstance(m[k], int)
    assert moves["m-depart-from"]["depart_hi"] is None and moves["m-depart-from"]["arrive_hi"] is None
    assert s[moves["m-depart-from"]["strength_words"]] == "up to 8"
    assert moves["m-depart-from"]["strength_hi"] == 8
    assert s[moves["m-approximate"]["strength_words"]] == "over 100,000"
    assert moves["m-approximate"]["strength_hi"] is None  # no upper bound
    assert s[moves["m-arrive-between"]["strength_words"]] == "800–1,000"
    disputed = {fields[i]["name"]: fields[i] for i in moves["m-disputed"]["fields"]}
    assert disputed["arrive"]["disputed"] == 1 and disputed["strength"]["disputed"] == 1
    assert [s[alts[a]["value"]] for a in disputed["arrive"]["alts"]] == ["10 Feb 2022", "12 Feb 2022"]
    assert [s[alts[a]["value"]] for a in disputed["strength"]["alts"]] == ["1,700", "2,000"]
    assert s[moves["m-disputed"]["arrive_words"]].startswith("sources disagree")
    preferred = {fields[i]["name"]: fields[i] for i in moves["m-preferred"]["fields"]}
    assert preferred["arrive"]["disputed"] == 0
    assert [alts[a]["preferred"] for a in preferred["arrive"]["alts"]] == [1, 0]
    assert all(marks(payload).values())  # every mark is drawn, so the legend explains every one
    legend = legend_of(html)
    assert all(text in legend for _k, _c, _i, text in UNCERTAINTY_KEYS)
    assert payload["placePrecision"][payload["placeNames"].index("East Region")] == "region"
    assert payload["regionKm"] > 0
    event = records(payload, "events")[0]
    assert event["dated"] == 0 and s[event["date_words"]] == "by 10 Feb 2022"


def test_exact_dates_are_drawn_as_before():
    """An exact-date dataset: every movement dated (one window day each end), and the legend explains
    no uncertainty mark but, where an arrival is not reported, the estimate."""
    html, payload = page_and_payload(load_dataset(EXACT), "2022-02-12")
    moves = records(payload, "moves")
    assert moves and all(m["dated"] for m in moves)
    for m in moves:
        assert (m["depart_lo"], m["depart_hi"]) == (m["depart"], m["depart"])
        assert (m["arrive_lo"], m["arrive_hi"]) == (m["arrive"], m["arrive"])
    drawn = marks(payload)
    assert [k for k, v in drawn.items() if v] == (["estimated"] if any(m["estimated"] for m in moves) else [])
    legend = legend_of(html)
    for key, _cls, _inner, text in UNCERTAINTY_KEYS:
        assert (text in legend) == drawn[key], key
