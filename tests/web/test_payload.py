"""The Python -> JavaScript contract: named payload columns and the one palette."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from dashboard.web import style
from dashboard.web.payload import COLUMNS, INDEX, column, decode_payload, row, say_form, to_wire

FRONTEND = Path(__file__).resolve().parents[2] / "dashboard" / "web" / "frontend"
JS = (FRONTEND / "deploymap.js").read_text(encoding="utf-8")
CSS = (FRONTEND / "deploymap.css").read_text(encoding="utf-8")


def test_row_puts_fields_in_column_order_and_refuses_others():
    assert row("cites", note=3, source=0, quote=2, supports=None) == [0, 2, 3, None]
    assert row("moves", **{c if c != "from" else "from_": i for i, c in enumerate(COLUMNS["moves"])}) == list(
        range(len(COLUMNS["moves"]))
    )
    with pytest.raises(ValueError, match="missing \\['note'\\]"):
        row("cites", source=0, quote=1, supports=None)
    with pytest.raises(ValueError, match="unknown \\['colour'\\]"):
        row("cites", source=0, quote=1, note=2, supports=None, colour="red")
    assert column({"cites": [[0, 1, 2, None], [5, 6, 7, None]]}, "cites", "quote") == [1, 6]
    assert INDEX["moves"]["id"] == COLUMNS["moves"].index("id")


@pytest.mark.parametrize("table", [t for t in COLUMNS if t != "places"])
def test_the_map_script_reads_every_column_by_name(table):
    """deploymap.js names each column it reads (`u.name`, `m[M.arrive]`): no positional index
    on a payload row, so a new column cannot silently shift what the map shows."""
    for name in COLUMNS[table]:
        assert re.search(rf"[.\[]{re.escape(name)}\b|M\.{re.escape(name)}\b", JS), f"{table}.{name} is not read by name"
    assert "data.columns[table]" in JS


def test_one_palette():
    """Colours of routes, areas, events and the highlight are written once (web/style.py): the
    script and the style sheet take them from the payload and from CSS variables."""
    literals = set(style.AREA_COLOURS.values()) | {s[0] for s in style.ROUTE_STYLES.values()}
    literals |= {style.HIGHLIGHT_COLOUR, style.EVENT_COLOUR, style.OCEAN}
    for colour in literals:
        assert colour not in JS, f"{colour} is written in deploymap.js"
    css_rules = re.sub(r"#dm-play[^}]*}|\.dm-slider[^}]*}", "", CSS)  # control chrome, not map colours
    for colour in literals:
        assert colour not in css_rules, f"{colour} is written in deploymap.css"
    variables = style.css_variables()
    for var in set(re.findall(r"var\((--dm-[\w-]+)\)", CSS)):
        assert var + ":" in variables, f"{var} is used by deploymap.css but not set by the page"
    pal = style.palette()
    assert pal["route"]["in_transit"]["color"] == style.ROUTE_STYLES[1][0]
    assert set(pal["affiliation"]) == set(style.AREA_COLOURS)


def test_say_form_leaves_out_the_words_only_where_decoding_gives_the_phrase_back():
    assert say_form("departed by 10 Feb 2022, day not reported", "by 10 Feb 2022") == "departed {}, day not reported"
    assert say_form("arrival 1 Dec 2022", "1 Dec 2022") == "arrival {}"
    assert say_form("arrival not reported", None) is None  # no words to leave out
    assert say_form("arrival not reported", "10 Feb 2022") is None  # the words are not in it
    assert say_form("May to May 2022", "May") is None  # twice: which one is ambiguous
    assert say_form("odd {} phrase 1 May", "1 May") is None  # a literal hole stays a string
    for say, words in (("departure between 10 and 14 Jan 2022", "between 10 and 14 Jan 2022"), ("x}{y", "}")):
        form = say_form(say, words)
        assert form is None or form.replace("{}", words) == say


def test_windows_and_phrases_travel_encoded_and_decode_to_what_was_meant(tmp_path):
    """The raw payload: an arrival is days after the departure, a window bound days from its nominal day
    (0 for a dataset of exact days), a strength bound its difference from the strength, a phrase a form
    of `sayForms`; the page carries the big tables by column; decoded (as deploymap.js decodes it) the
    rows carry the day numbers and strengths of the timeline and the phrases of the claims."""
    from benchmarks.synth import make_dataset
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.page import MapOptions, map_payload
    from dashboard.web.words import arrive_words, depart_words

    make_dataset(300, tmp_path, uncertain=True)
    loaded = load_dataset(tmp_path / "data")
    tl = build_timeline(loaded)
    raw = map_payload(loaded, tl, MapOptions())
    wire = to_wire(raw)  # as the page carries it: moves and cites by column
    assert wire["byColumn"] == ["moves", "cites", "units", "events", "areas"]
    assert len(wire["moves"]) == len(COLUMNS["moves"])
    assert wire["cites"] == [list(c) for c in zip(*raw["cites"])]
    decoded = decode_payload(wire)
    assert "byColumn" not in decoded
    assert all(decoded[t] == raw[t] for t in ("cites", "units", "events", "areas"))
    assert len(raw["moves"]) == len(decoded["moves"]) == tl.size
    assert 0 < len(raw["sayForms"]) <= 20 and all(f.count("{}") == 1 for f in raw["sayForms"])
    m = INDEX["moves"]
    day = lambda x: int(x) if np.isfinite(x) else None  # noqa: E731
    formed = 0
    for t, mv in enumerate(loaded.dataset.movements):
        r, d = raw["moves"][t], decoded["moves"][t]
        assert d[m["id"]] == mv.id
        for col, bound in (
            ("depart_lo", tl.depart_lo[t]),
            ("depart_hi", tl.depart_hi[t]),
            ("arrive_lo", tl.arrive_lo[t]),
            ("arrive_hi", tl.arrive_hi[t]),
        ):
            assert d[m[col]] == day(bound), (mv.id, col)
            nominal = d[m["depart" if col.startswith("depart") else "arrive"]]
            assert r[m[col]] == (None if day(bound) is None else day(bound) - nominal)
            if tl.dated[t]:
                assert r[m[col]] == 0
        assert d[m["arrive"]] == int(tl.arrive[t]) and r[m["arrive"]] == int(tl.arrive[t]) - int(tl.depart[t])
        for col, bound in (("strength_lo", tl.strength_lo[t]), ("strength_hi", tl.strength_hi[t])):
            assert d[m[col]] == day(bound), (mv.id, col)
            assert r[m[col]] == (None if day(bound) is None else day(bound) - d[m["strength"]])
        text = lambda i: decoded["strings"][i] if i >= 0 else None  # noqa: E731
        said = depart_words(mv.depart) if mv.depart is not None or mv.arrive is None else None
        assert text(d[m["depart_say"]]) == said, mv.id
        assert text(d[m["arrive_say"]]) == arrive_words(mv.arrive, bool(tl.arrive_estimated[t])), mv.id
        formed += (r[m["depart_say"]] <= -2) + (r[m["arrive_say"]] <= -2)
    assert formed > tl.size  # most phrases travel as a form, not a string of their own


@pytest.mark.parametrize("which", ["all", "early", "some"])
def test_frame_payload_is_map_payload_where_framing_reads_it(tmp_path, which):
    """The static exports frame their maps from `frame_payload` (not the whole map payload): its date,
    places, place names and the columns framing reads are map_payload's, in the same order, so the frame,
    the far places and the locator's names are the web map's (uncertain dates, a selection, an early date)."""
    import dataclasses

    from benchmarks.synth import make_dataset
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline, date_of
    from dashboard.web import framing
    from dashboard.web.mappayload import frame_payload
    from dashboard.web.page import MapOptions, map_payload

    make_dataset(300, tmp_path, uncertain=True)
    loaded = load_dataset(tmp_path / "data")
    tl = build_timeline(loaded)
    options = MapOptions()
    if which == "early":
        options = dataclasses.replace(options, date=date_of(float(np.min(tl.depart)) + 3))
    if which == "some":
        options = dataclasses.replace(options, movement_ids=frozenset(sorted(tl.ids)[::3]))
    full, lite = map_payload(loaded, tl, options), frame_payload(loaded, tl, options)
    assert (lite["day"], lite["places"], lite["placeNames"]) == (full["day"], full["places"], full["placeNames"])
    read = {
        "moves": ("unit", "from", "to", "depart", "depart_lo"),
        "units": ("home",),
        "events": ("day", "place"),
        "areas": ("from", "to", "geometry"),
    }
    for table, cols in read.items():
        assert len(lite[table]) == len(full[table]) > 0, table
        for col in cols:
            assert column(lite, table, col) == column(full, table, col), (table, col)
    focus, far = framing.frame(full)
    assert focus is not None and framing.frame(lite) == (focus, far)
    w, s, e, n = focus
    box = (w + (e - w) / 4, s + (n - s) / 4, e - (e - w) / 4, n - (n - s) / 4)  # places fall outside it
    assert framing.outside(lite, box) == framing.outside(full, box) != []


@pytest.mark.parametrize("which", ["bundled", "synth"])
def test_field_rows_of_plain_records_are_those_field_support_gives(tmp_path, which):
    """map_payload reuses the field rows of a record whose citations name no field and whose fields
    hold no alternatives (most records): each record's rows, as sent, are those worked out from
    coverage.field_support for it alone, and the tables hold the same rows in the same order."""
    from benchmarks.synth import make_dataset
    from dashboard.core.loader import load_dataset
    from dashboard.core.paths import DEFAULT_DATA
    from dashboard.web.mappayload import _Claims

    if which == "synth":
        make_dataset(300, tmp_path, uncertain=True)
    loaded = load_dataset(tmp_path / "data" if which == "synth" else DEFAULT_DATA)
    ds = loaded.dataset
    fast, slow = _Claims(ds.sources), _Claims(ds.sources)
    plain = named = 0
    for section, records in (("movements", ds.movements), ("events", ds.events), ("areas", ds.areas)):
        for r in records:
            cites = list(r.citations)
            plain += _Claims._plain_key(section, r, cites) is not None
            named += _Claims._plain_key(section, r, cites) is None
            a = fast.field_list(section, r, fast.cite_list(cites))
            b = slow._field_list(section, r, cites, slow.cite_list(cites))
            assert a == b, (section, r.id)
    assert fast.fields.items == slow.fields.items and fast.alts.items == slow.alts.items
    assert fast.strings.items == slow.strings.items and fast.cites.items == slow.cites.items
    assert (plain if which == "synth" else named) > 0  # the synthetic data: plain; the bundled: named fields


def test_number_columns_convert_as_int_does_and_stay_open_where_not_finite():
    """map_payload's column conversion: int(x) of each finite number (towards zero), None where open
    (infinite) or not reported (NaN), flags as 0/1; Python ints, as json writes them."""
    from dashboard.web.mappayload import _flags, _ints

    values = np.array([19000.0, 19000.9, -3.5, np.nan, np.inf, -np.inf, 1e6])
    got = _ints(values)
    assert got == [19000, 19000, -3, None, None, None, 1000000]
    assert got == [int(x) if np.isfinite(x) else None for x in values]
    assert all(type(v) is int for v in got if v is not None)
    assert _flags(np.array([True, False, True])) == [1, 0, 1] and _flags(np.array([0.0, 2.0])) == [0, 1]


def test_framing_counts_as_set_out_what_the_engine_does_on_an_early_day(tmp_path):
    """Framing's set-out movements are the engine's on an early day: the payload sends a departure window's
    start as days from the nominal day, not as a day number (which would count nearly all as set out)."""
    import dataclasses

    from benchmarks.synth import make_dataset
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import NOT_STARTED, build_timeline, date_of, state_at
    from dashboard.web import framing
    from dashboard.web.mappayload import frame_payload
    from dashboard.web.page import MapOptions, map_payload

    make_dataset(300, tmp_path, uncertain=True)
    loaded = load_dataset(tmp_path / "data")
    tl = build_timeline(loaded)
    assert (tl.depart_hi > tl.depart_lo).sum() > 10  # departure windows, not single days
    for shift in (3, 10):
        day = float(np.min(tl.depart)) + shift
        options = dataclasses.replace(MapOptions(), date=date_of(day))
        full = map_payload(loaded, tl, options)
        assert full["day"] == int(day)
        state = state_at(tl, int(day))
        order = {mid: t for t, mid in enumerate(tl.ids)}
        rows = [order[i] for i in column(decode_payload(full), "moves", "id")]
        open_start = ~np.isfinite(tl.depart_lo)  # the nominal day stands in for an open window's start
        expected = [
            k
            for k, t in enumerate(rows)
            if (state.phase[t] != NOT_STARTED if not open_start[t] else tl.depart[t] <= int(day))
        ]
        assert 0 < len(expected) < len(rows) // 2, shift  # an early day: few have set out
        assert framing.set_out(full) == expected, shift
        assert framing.set_out(frame_payload(loaded, tl, options)) == expected, shift


@pytest.mark.parametrize("which", ["synth", "claims"])
def test_words_columns_decode_to_each_claims_own_words(tmp_path, which):
    """map_payload works a date's and a number's columns out once per (text, day) and reuses them:
    decoded, every movement's depart_words, arrive_words, strength_words and citations are still its
    own claims' (dates as windows, alternatives and disputes in the claims fixture)."""
    from benchmarks.synth import make_dataset
    from dashboard.core.loader import load_dataset
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.page import MapOptions, map_payload
    from dashboard.web.words import amount_words

    if which == "synth":
        make_dataset(300, tmp_path, uncertain=True)
    path = tmp_path / "data" if which == "synth" else Path(__file__).resolve().parents[1] / "data/valid/claims.yaml"
    loaded = load_dataset(path)
    raw = map_payload(loaded, build_timeline(loaded), MapOptions())
    decoded = decode_payload(to_wire(raw))
    m, c = INDEX["moves"], INDEX["cites"]
    text = lambda i: decoded["strings"][i] if i >= 0 else None  # noqa: E731
    sources = [s.id for s in loaded.dataset.sources]
    by_id = {r[m["id"]]: r for r in decoded["moves"]}
    for mv in loaded.dataset.movements:
        r = by_id[mv.id]
        assert text(r[m["depart_words"]]) == (mv.depart.words() if mv.depart else None), mv.id
        assert text(r[m["arrive_words"]]) == (mv.arrive.words() if mv.arrive else None), mv.id
        assert text(r[m["strength_words"]]) == amount_words(mv.strength), mv.id
        cites = [decoded["cites"][i] for i in r[m["cites"]]]
        assert [sources[x[c["source"]]] if x[c["source"]] >= 0 else None for x in cites] == [
            x.source for x in mv.citations
        ]
        assert [text(x[c["quote"]]) for x in cites] == [x.quote for x in mv.citations]
    assert len(by_id) == len(loaded.dataset.movements) > 0
