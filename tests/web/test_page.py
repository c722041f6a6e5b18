"""build_map / render_html on rendered HTML: local assets only, the JSON payload the
map script draws from, unit symbols (SIDCs) and hostile dataset text.

The HTML is normalised before asserting: folium names its variables with random ids,
so tests extract the payload handed to `DeployMap.init(...)` and the src/href
attributes of the page's tags instead of comparing pages.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import milsymbol
import pytest

from dashboard.core.loader import load_dataset
from dashboard.core.model import AFFILIATIONS, BRANCHES, ECHELONS, Unit
from dashboard.core.problems import DatasetError
from dashboard.engine.timeline import build_timeline, date_of
from dashboard.web import assets
from dashboard.web.options import MARGIN_DAYS
from dashboard.web.page import (
    MapOptions,
    build_map,
    default_date,
    default_window,
    js_json,
    render_html,
)
from dashboard.web.payload import COLUMNS, decode_payload
from dashboard.web.symbols import (
    BRANCH_CODE,
    ECHELON_CODE,
    IDENTITY,
    OTHER_SET_CODE,
    affiliation_of,
    fallback_svg,
    sidc_for,
    svg_size,
    unit_svg,
)
from dashboard.web.words import window_words

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
VALID = REPO / "tests" / "data" / "valid"
INJECTION = VALID / "injection"

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "\"'><svg onload=alert(3)>",
    "</script><script>alert(4)</script>",
)
# What must never appear raw in a page built from the injection fixture.
RAW_FORBIDDEN = ("<img src=x", "<script>alert", "</script><script>", "<svg onload", "onerror=alert(1)>")

EPOCH = dt.date(1970, 1, 1)


def day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - EPOCH).days


# ---------------------------------------------------------------- normalising helpers

_INIT = re.compile(r"DeployMap\.init\(\s*map_[0-9a-f]+\s*,\s*")  # the call folium renders, not the library code


def raw_payload_of(html: str) -> dict:
    """The JSON object passed to DeployMap.init(map, <payload>, groups), as sent."""
    matches = list(_INIT.finditer(html))
    assert len(matches) == 1, f"expected one DeployMap.init call, found {len(matches)}"
    obj, _end = json.JSONDecoder().raw_decode(html, matches[0].end())
    assert isinstance(obj, dict)
    return obj


def payload_of(html: str) -> dict:
    """The payload as the map script reads it, once its encoded columns are decoded (payload.decode_payload)."""
    return decode_payload(raw_payload_of(html))


def payload_text(html: str) -> str:
    """The payload exactly as written in the page (still JSON-escaped)."""
    m = _INIT.search(html)
    assert m
    _obj, end = json.JSONDecoder().raw_decode(html, m.end())
    return html[m.end() : end]


class _Tags(HTMLParser):
    """Start tags and their attributes, as a browser's HTML parser would see them
    (script and style contents are raw text, so markup inside JavaScript strings is not a tag)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def urls_of(html: str) -> list[str]:
    return [a[k] or "" for _t, a in tags_of(html) for k in ("src", "href") if k in a]


def records(payload: dict, table: str) -> list[dict]:
    """A payload table's rows as dicts, by the column names the payload carries (as the JS reads them)."""
    assert payload["columns"][table] == list(COLUMNS[table])
    return [dict(zip(payload["columns"][table], r, strict=True)) for r in payload[table]]


def moves_by_id(payload: dict) -> dict[str, dict]:
    return {m["id"]: m for m in records(payload, "moves")}


def units_by_id(payload: dict) -> dict[str, dict]:
    return {u["id"]: u for u in records(payload, "units")}


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def html(bundled) -> str:
    return render_html(build_map(bundled, MapOptions(date=dt.date(2022, 2, 8))))


@pytest.fixture(scope="module")
def html_inline(bundled) -> str:
    return render_html(build_map(bundled, MapOptions(date=dt.date(2022, 2, 8))), inline=True)


@pytest.fixture(scope="module")
def payload(html) -> dict:
    return payload_of(html)


@pytest.fixture(scope="module")
def injected():
    return load_dataset(INJECTION)


# ---------------------------------------------------------------- assets: local only


def test_scripts_and_styles_are_local_assets(html):
    tags = tags_of(html)
    scripts = [a["src"] for t, a in tags if t == "script" and a.get("src")]
    styles = [a["href"] for t, a in tags if t == "link"]
    assert scripts == [assets.url("leaflet.js"), assets.url("deploymap.js")]
    assert sorted(styles) == sorted([assets.url("leaflet.css"), assets.url("deploymap.css")])
    for url in urls_of(html):
        assert "http" not in url and not url.startswith("//"), url
        assert (assets.FRONTEND / url).is_file(), f"{url} is not a file under dashboard/frontend"


def test_page_names_no_remote_host(html):
    """Besides the SVG namespace (an identifier, never fetched), no address appears in the page."""
    hosts = set(re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}", html))
    assert hosts <= {"http://www.w3.org"}, hosts
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "bootstrapcdn", "code.jquery", "googleapis"):
        assert cdn not in html


def test_inline_page_has_no_script_src_or_stylesheet_link(html_inline, payload):
    tags = tags_of(html_inline)
    assert not [a for t, a in tags if t == "script" and "src" in a]
    assert not [a for t, a in tags if t == "link"]
    assert urls_of(html_inline) == []
    # the assets are really embedded, and the data is the same
    assert "L.Map" in html_inline or "leaflet" in html_inline.lower()
    assert "window.DeployMap" in html_inline
    assert payload_of(html_inline) == payload
    assert "url(data:image/png;base64," in html_inline  # Leaflet's images inlined from its CSS


# ---------------------------------------------------------------- the payload


def test_payload_window_and_day(bundled, payload):
    tl = build_timeline(bundled)
    first, last = default_window(bundled)
    # the movements' span (their finite window days) with a margin of MARGIN_DAYS
    assert first == date_of(tl.depart.min() - MARGIN_DAYS)
    assert last == date_of(max(tl.arrive.max(), tl.depart.max()) + MARGIN_DAYS)
    assert default_date(bundled, (first, last)) == max(s.published for s in bundled.dataset.sources)  # newest source
    assert payload["v"] == 1
    assert (payload["start"], payload["end"], payload["day"]) == (
        day(first.isoformat()),
        day(last.isoformat()),
        day("2022-02-08"),
    )
    assert payload["controls"] is True and payload["labels"] is True


def test_payload_day_is_clamped_to_the_window(bundled):
    early = payload_of(render_html(build_map(bundled, MapOptions(date=dt.date(2000, 1, 1)))))
    late = payload_of(render_html(build_map(bundled, MapOptions(date=dt.date(2030, 1, 1)))))
    assert early["day"] == early["start"] and late["day"] == late["end"]


def test_payload_units(payload):
    units = units_by_id(payload)
    assert set(units) == {"us-2cr", "us-2cr-stryker-sqn", "us-82abn", "us-82abn-poland"}
    sqn = units["us-2cr-stryker-sqn"]
    assert sqn["name"] == "2nd Cavalry Regiment Stryker squadron" and sqn["label"] == "2CR Stryker Sqn"
    assert payload["affiliations"][sqn["affiliation"]] == "friend"
    assert payload["placeNames"][sqn["home"]].startswith("Vilseck")
    assert sqn["subtitle"] == "USA · cavalry · squadron"
    for u in records(payload, "units"):
        assert 0 <= u["symbol"] < len(payload["symbols"])


def _open(x: float) -> int | None:
    return int(x) if math.isfinite(x) else None


def test_payload_moves_carry_the_data(bundled, payload):
    """Every movement's row says what the dataset and the timeline say: its places, its date windows
    (null where open), the dates and numbers in words, the estimate flag and the strength bounds."""
    moves = moves_by_id(payload)
    units = records(payload, "units")
    names, strings = payload["placeNames"], payload["strings"]
    tl = build_timeline(bundled)
    assert set(moves) == {m.id for m in bundled.dataset.movements}
    for t, mv in enumerate(bundled.dataset.movements):
        m = moves[mv.id]
        assert units[m["unit"]]["id"] == mv.unit, mv.id
        assert names[m["from"]] == bundled.places[mv.from_].name and names[m["to"]] == bundled.places[mv.to].name
        assert payload["placePrecision"][m["to"]] == bundled.places[mv.to].precision
        assert (m["depart"], m["arrive"]) == (int(tl.depart[t]), int(tl.arrive[t])), mv.id
        windows = [m[k] for k in ("depart_lo", "depart_hi", "arrive_lo", "arrive_hi")]
        assert windows == [_open(x) for x in (tl.depart_lo[t], tl.depart_hi[t], tl.arrive_lo[t], tl.arrive_hi[t])]
        assert (m["estimated"], m["dated"]) == (int(tl.arrive_estimated[t]), int(tl.dated[t])), mv.id
        word = lambda i: strings[i] if i >= 0 else None  # noqa: E731
        assert word(m["depart_words"]) == (mv.depart.words() if mv.depart else None)
        assert word(m["arrive_words"]) == (mv.arrive.words() if mv.arrive else None)
        assert "; ".join(x for x in (word(m["depart_say"]), word(m["arrive_say"])) if x) == window_words(
            mv.depart, mv.arrive, bool(tl.arrive_estimated[t])
        )
        assert word(m["strength_words"]) == (mv.strength.words() if mv.strength else None)
        if mv.strength is not None:
            assert (m["strength"], m["strength_lo"], m["strength_hi"]) == (
                mv.strength.value,
                mv.strength.low,
                mv.strength.high,
            )
        assert payload["confidences"][m["confidence"]] == mv.confidence
        assert m["cites"], f"{mv.id} has no citations"
        assert strings[m["description"]], f"{mv.id} has no description"
    vilseck = payload["places"][moves["m-2cr-vilseck-romania"]["from"]]
    assert vilseck == [round(bundled.places["vilseck"].lon, 4), round(bundled.places["vilseck"].lat, 4)]  # [lon, lat]


def test_payload_says_what_the_seed_says(payload):
    """The bundled data's claims as the map will say them (the seed: 'has begun to move ... to Romania',
    'about 1,000', 'about half have now arrived', 'more expected ... in the coming days')."""
    moves, s = moves_by_id(payload), payload["strings"]
    sqn = moves["m-2cr-vilseck-romania"]
    assert s[sqn["depart_words"]] == "by 10 Feb 2022" and sqn["arrive_words"] == -1
    assert s[sqn["depart_say"]] == "departed by 10 Feb 2022, day not reported"
    assert s[sqn["arrive_say"]] == "arrival not reported"  # no estimate on top of an undated departure
    assert s[sqn["strength_words"]] == "about 1,000" and sqn["estimated"] == 0 and sqn["dated"] == 0
    assert sqn["arrive_hi"] is None  # the arrival stays open: the squadron is never placed
    assert sqn["depart_lo"] is None and sqn["depart_hi"] == day("2022-02-10")  # open start: "by"
    assert payload["placeNames"][sqn["to"]] == "Romania" and payload["placePrecision"][sqn["to"]] == "country"
    first, second = moves["m-82abn-poland-first-half"], moves["m-82abn-poland-second-half"]
    assert s[first["arrive_say"]] == "arrived by 10 Feb 2022, day not reported" and first["depart_say"] == -1
    assert s[second["arrive_say"]] == "arrival between 10 and 17 Feb 2022"
    assert (second["arrive_lo"], second["arrive_hi"]) == (day("2022-02-10"), day("2022-02-17"))
    assert s[first["strength_words"]] == s[second["strength_words"]] == "about 850"


def test_payload_is_the_same_for_every_date(bundled):
    """Phases and positions are computed client-side: only `day` depends on the date."""
    a = payload_of(render_html(build_map(bundled, MapOptions(date=dt.date(2022, 2, 4)))))
    b = payload_of(render_html(build_map(bundled, MapOptions(date=dt.date(2022, 2, 13)))))
    assert a["day"] != b["day"]
    a.pop("day"), b.pop("day")
    assert a == b
    assert "phase" not in json.dumps(a)


def test_same_inputs_give_the_same_page(bundled):
    """Element names are numbered, not random: the app's map key (a hash of the page) only
    changes when the map does, so a viewer's map is never reloaded for nothing."""
    opts = MapOptions(date=None)
    first, second = (render_html(build_map(bundled, opts)) for _ in range(2))
    assert first == second
    names = re.findall(r"\b(?:map|feature_group|geo_json|layer_control)_[0-9a-f]+\b", first)
    assert names and all(re.fullmatch(r"[a-z_]+_[0-9a-f]{8}", n) for n in names)
    other = render_html(build_map(bundled, MapOptions(date=None, online_tiles=True)))
    assert other != first


def test_symbols_are_svg(payload):
    assert payload["symbols"]
    for svg, w, h in ((r["svg"], r["width"], r["height"]) for r in records(payload, "symbols")):
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
        assert w > 0 and h > 0
        assert "<script" not in svg.lower() and not re.search(r"\son\w+\s*=", svg)
        assert "<foreignObject" not in svg and "href" not in svg


def test_citations_and_sources(bundled, payload):
    sources = payload["sources"]
    assert len(sources) == 1
    title, publisher, published, url, file = (records(payload, "sources")[0][k] for k in COLUMNS["sources"])
    assert title.startswith("Pentagon confirms US troops in Poland") and publisher and published == "2022-02-10"
    assert file.endswith("2022-02-10-us-troops-poland-romania.txt") and url is None
    seed = " ".join((REPO / "seeds" / "2022-02-10-us-troops-poland-romania.txt").read_text(encoding="utf-8").split())
    cited = [i for table in ("units", "moves", "events", "areas") for r in records(payload, table) for i in r["cites"]]
    assert cited and all(0 <= i < len(payload["cites"]) for i in cited)
    for src, quote, note in ((c["source"], c["quote"], c["note"]) for c in records(payload, "cites")):
        assert src == -1 or 0 <= src < len(sources)
        assert quote >= 0 or note >= 0
        if quote >= 0:
            assert src == 0
            assert " ".join(payload["strings"][quote].split()) in seed  # verbatim in the stored source
    quotes = {payload["strings"][c["quote"]] for c in records(payload, "cites") if c["quote"] >= 0}
    assert "the 2nd Cavalry Regiment's stryker squadron from Vilseck, Germany" in quotes
    # events and areas are in the payload too, with their dates
    assert {e["id"] for e in records(payload, "events")} >= {"ev-pentagon-confirms-poland", "ev-minsk-agreements"}
    assert {a["id"] for a in records(payload, "areas")} == {a.id for a in bundled.dataset.areas}


def test_highlight(bundled, payload):
    assert payload["highlight"] == []
    hl = payload_of(
        render_html(build_map(bundled, MapOptions(highlight_ids=frozenset({"m-82abn-poland-second-half"}))))
    )
    assert [records(hl, "moves")[i]["id"] for i in hl["highlight"]] == ["m-82abn-poland-second-half"]


def test_movement_selection(bundled):
    sel = payload_of(render_html(build_map(bundled, MapOptions(movement_ids=frozenset({"m-2cr-vilseck-romania"})))))
    assert [m["id"] for m in records(sel, "moves")] == ["m-2cr-vilseck-romania"]
    assert [u["id"] for u in records(sel, "units")] == ["us-2cr-stryker-sqn"]


def test_js_json_escapes_markup_characters():
    text = js_json({"a": "</script><b>&\u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><b>&\u2028\u2029"}


# ---------------------------------------------------------------- unit symbols (SIDCs)

MAPPED = [b for b in BRANCHES if b in BRANCH_CODE]
UNMAPPED = [b for b in BRANCHES if b not in BRANCH_CODE and b not in OTHER_SET_CODE]


def _unit(branch="infantry", echelon="battalion", affiliation=None, nation="USA", sidc=None) -> Unit:
    return Unit(id="u", name="Unit", nation=nation, branch=branch, echelon=echelon, affiliation=affiliation, sidc=sidc)


@pytest.mark.parametrize("branch", MAPPED)
def test_derived_sidcs_are_valid_for_every_echelon_and_affiliation(branch):
    for echelon in ECHELONS:
        for aff in AFFILIATIONS:
            sidc = sidc_for(_unit(branch, echelon, aff))
            assert sidc is not None and re.fullmatch(r"\d{20}", sidc), (branch, echelon, aff, sidc)
            assert sidc[:2] == "10" and sidc[3] == IDENTITY[aff] and sidc[4:6] == "10"  # version, identity, land unit
            assert sidc[8:10] == ECHELON_CODE[echelon]
            assert sidc[10:16] == BRANCH_CODE[branch][0]
            assert milsymbol.Symbol(sidc, size=28).is_valid(), (branch, echelon, aff, sidc)
            svg = unit_svg(_unit(branch, echelon, aff))
            assert svg.startswith("<svg") and svg != fallback_svg(aff), (branch, echelon, aff)


@pytest.mark.parametrize("branch", list(OTHER_SET_CODE))
def test_naval_units_are_sea_surface_symbols_whatever_the_echelon(branch):
    """A ship (the draft's echelon 'group' stands in for it) is a sea surface combatant, not a '?'."""
    for echelon in ECHELONS:
        for aff in AFFILIATIONS:
            sidc = sidc_for(_unit(branch, echelon, aff))
            assert sidc is not None and re.fullmatch(r"\d{20}", sidc)
            assert sidc[3] == IDENTITY[aff] and sidc[4:6] == OTHER_SET_CODE[branch][0] and sidc[8:10] == "00"
            assert milsymbol.Symbol(sidc, size=28).is_valid(), (branch, echelon, aff, sidc)
            assert unit_svg(_unit(branch, echelon, aff)) != fallback_svg(aff)


def test_ships_and_aircraft_have_symbols_other_stays_a_question():
    assert "naval" in OTHER_SET_CODE and "air_force" in BRANCH_CODE
    assert ">?</text>" in unit_svg(_unit("other", "group"))


def test_every_echelon_has_a_code():
    assert set(ECHELONS) <= set(ECHELON_CODE)


@pytest.mark.parametrize("branch", UNMAPPED or ["(none)"])
def test_unknown_branch_gets_the_fallback_symbol(branch):
    if branch == "(none)":
        pytest.skip("every branch has a symbol")
    for aff in AFFILIATIONS:
        u = _unit(branch, "battalion", aff)
        assert sidc_for(u) is None
        svg = unit_svg(u)
        assert svg == fallback_svg(aff)
        assert svg.startswith("<svg") and ">?</text>" in svg
        assert svg_size(svg) == (42.0, 28.0)


def test_fallback_for_an_invalid_own_sidc():
    u = _unit(sidc="10031000991299990000")  # well-formed, but no such symbol
    assert sidc_for(u) == "10031000991299990000"
    assert unit_svg(u) == fallback_svg("friend")


def test_own_sidc_is_used():
    own = "10061000171211000000"  # hostile infantry regiment
    assert sidc_for(_unit(sidc=own)) == own
    assert unit_svg(_unit(sidc=own)) != fallback_svg("friend")


@pytest.mark.parametrize(
    "nation,expected",
    [("USA", "friend"), ("POL", "friend"), ("RUS", "hostile"), ("BLR", "hostile"), ("UKR", "neutral")],
)
def test_affiliation_by_nation(nation, expected):
    assert affiliation_of(_unit(nation=nation)) == expected
    assert affiliation_of(_unit(nation=nation, affiliation="unknown")) == "unknown"


# ---------------------------------------------------------------- hostile dataset text


def test_injection_fixture_carries_hostile_text_in_every_text_field(injected):
    ds = injected.dataset
    texts = []
    for s in ds.sources:
        texts += [s.title, s.publisher, s.note]
    for p in ds.places:
        texts += [p.name, p.note]
    for u in ds.units:
        texts += [u.name, u.short_name, u.note]
    for m in ds.movements:
        texts += [m.description, m.note]
    for e in ds.events:
        texts += [e.name, e.description, e.note]
    for a in ds.areas:
        texts += [a.name, a.description, a.note]
    for rec in [*ds.places, *ds.units, *ds.movements, *ds.events, *ds.areas]:
        assert rec.citations
        texts += [c.quote for c in rec.citations] + [c.note for c in rec.citations]
    assert len(texts) >= 30
    for t in texts:
        assert t and all(h in t for h in HOSTILE), t


@pytest.mark.parametrize("inline", [False, True], ids=["linked", "inline"])
def test_injection_is_escaped_in_the_page(injected, inline):
    page = render_html(build_map(injected, MapOptions(date=dt.date(2022, 2, 22))), inline=inline)
    for raw in RAW_FORBIDDEN:
        assert raw not in page, f"raw {raw!r} in the rendered page"
    # the browser's parser sees only the page's own tags: no <img>, no <svg>, no inline event handler
    tags = tags_of(page)
    assert {t for t, _a in tags} <= {"html", "head", "title", "meta", "script", "link", "style", "body", "div"}
    assert not [(t, k) for t, a in tags for k in a if k.lower().startswith("on")]
    # every <script> element is closed exactly once: data never ends a script early
    assert page.count("</script>") == len([t for t, _a in tags if t == "script"])
    # the data is there, JSON-escaped, and decodes to the original text (shown later with textContent)
    text = payload_text(page)
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in text
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(4)\\u003c/script\\u003e" in text
    assert "\\u0026b=2" in text  # '&' of the source's url
    data = payload_of(page)
    assert all(h in records(data, "units")[0]["name"] for h in HOSTILE)
    assert all(h in data["placeNames"][0] for h in HOSTILE)
    source = records(data, "sources")[0]
    assert all(h in source["title"] and h in source["publisher"] for h in HOSTILE)
    assert all(h in records(data, "events")[0]["name"] for h in HOSTILE)
    assert all(h in records(data, "areas")[0]["name"] for h in HOSTILE)
    quotes = [data["strings"][c["quote"]] for c in records(data, "cites")]
    assert quotes and all(all(h in q for h in HOSTILE) for q in quotes)


def test_injection_page_has_the_same_structure_as_a_plain_one(injected):
    """Hostile text adds no element: the page has the same tags as one from a harmless dataset."""
    plain = render_html(build_map(load_dataset(VALID / "minimal.yaml")))
    hostile = render_html(build_map(injected))
    assert [t for t, _ in tags_of(plain)] == [t for t, _ in tags_of(hostile)]


def _template_dataset(tmp_path: Path, name_yaml: str) -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(
        "places:\n"
        "  - id: a\n    name: Place A\n    country: DEU\n    lat: 50\n    lon: 10\n"
        "units:\n"
        f"  - id: u1\n    name: {name_yaml}\n    nation: USA\n    branch: infantry\n    echelon: battalion\n"
        "    home: a\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "name_yaml",
    ['"{{ 7*7 }}"', "'Task Force {{ 7*7 }}'", '"{% if 1 %}x{% endif %}"', "{{ 7*7 }}"],
    ids=["quoted", "inside-text", "block-tag", "unquoted"],
)
def test_template_syntax_is_rejected(tmp_path, name_yaml):
    with pytest.raises(DatasetError) as err:
        load_dataset(_template_dataset(tmp_path, name_yaml))
    problems = [p for p in err.value.problems if "template syntax" in p.message]
    assert problems, err.value.report()
    assert problems[0].record == "unit 'u1'" and problems[0].line == 9
    assert "template syntax" in err.value.report()


def test_injection_fixture_is_self_contained(tmp_path):
    """The fixture folder holds its own seed text: a copy anywhere still validates."""
    copy = tmp_path / "ds" / "injection"
    shutil.copytree(INJECTION, copy)
    assert load_dataset(copy).counts()["units"] == 1
