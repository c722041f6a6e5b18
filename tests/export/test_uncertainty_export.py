"""What the exports draw of uncertain claims, checked against the data (issue 14).

The expectations come from the model (dashboard.core, dashboard.engine), never from copied numbers:
a number reads as its source wrote it ("about 1,000"), a unit the sources do not place gets the
stretch of route where it may be and a faded symbol in a dashed box, a place named only as a country
is its outline, the legend explains each mark, `--known-by` keeps only what was published by then,
and a dataset of exact claims draws none of these marks.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import yaml

from dashboard import export
from dashboard.cli.main import main as cli
from dashboard.core.known import known_by
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline, events_on_or_before, state_at, stretch
from dashboard.export.layout import UNCERTAIN_CREDIT, fit_bounds
from dashboard.export.static import StaticMap
from dashboard.web.page import UNCERTAINTY_KEYS, MapOptions
from dashboard.web.style import STRETCH_STYLE

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SVG = "{http://www.w3.org/2000/svg}"
D8, D10, D12 = dt.date(2022, 2, 8), dt.date(2022, 2, 10), dt.date(2022, 2, 12)
ROOM = (-100.0, 25.0, 45.0, 65.0)  # the bundled data with room for every label


@pytest.fixture(scope="module")
def loaded():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def timeline(loaded):
    return build_timeline(loaded)


def svg_of(loaded, timeline, day, tmp_path, **kw) -> ET.Element:
    p = export.export_svg(loaded, MapOptions(date=day, **kw), tmp_path / f"{day}.svg", timeline=timeline)
    return ET.parse(p).getroot()


def texts_of(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def group(root: ET.Element, gid: str) -> ET.Element | None:
    return next((g for g in root.iter(f"{SVG}g") if g.get("id") == gid), None)


# --------------------------------------------------------------------------- SVG against the data


@pytest.mark.parametrize("day", [D8, D10, D12])
def test_numbers_read_as_written(loaded, timeline, tmp_path, day):
    """Each shown movement whose number is not exact says it as its source does ("about 1,000")."""
    texts = " | ".join(texts_of(svg_of(loaded, timeline, day, tmp_path, bounds=ROOM)))
    approximate = [m for m in loaded.dataset.movements if m.strength is not None and not m.strength.exact]
    assert approximate, "the bundled data has numbers given as 'about N'"
    for m in approximate:
        assert m.strength.words() in texts, m.strength.words()
    assert "about 1,000" in texts  # the seed's "about 1,000 NATO troops"
    assert "1000" not in texts.replace("1,000", "")  # never sharpened to a bare 1000


def test_possible_route_drawn_for_each_uncertain_unit(loaded, timeline, tmp_path):
    """On 8 Feb no source places any unit: each gets the stretch of route where it may be."""
    st = state_at(timeline, D8)
    uncertain = [i for i in range(timeline.size) if not st.certain[i]]
    assert uncertain, "on 8 Feb 2022 the sources place no unit"
    root = svg_of(loaded, timeline, D8, tmp_path)
    g = group(root, "dm-possible-route")
    assert g is not None, "no possible-route paths in the SVG"
    paths = list(g.iter(f"{SVG}path"))
    assert len(paths) == len(uncertain)
    for p in paths:  # translucent and thick, as the web map's stretch
        style = p.get("style", "")
        assert f"stroke-opacity: {STRETCH_STYLE[1]}" in style or f"opacity: {STRETCH_STYLE[1]}" in style, style
    # the dashed boxes: one path, a closed rectangle for each unit the sources do not place ...
    static = StaticMap(loaded, MapOptions(date=D8), timeline)
    (drawn,) = [a for a in static._dynamic if a.get_gid() == "dm-uncertain-box"]
    (outline,) = drawn.get_paths()
    assert len(outline.vertices) == 5 * len(uncertain)
    corners = static.ax.transData.transform(outline.vertices).reshape(-1, 5, 2)  # display px
    width, height = static.fig.bbox.width, static.fig.bbox.height
    on_page = [c for c in corners if c[:, 0].min() >= 0 and c[:, 0].max() <= width and 0 <= c[:, 1].min()]
    on_page = [c for c in on_page if c[:, 1].max() <= height]
    # ... of which the SVG writes those on the page (matplotlib clips a stroke-only path to the page)
    boxes = group(root, "dm-uncertain-box")
    assert boxes is not None and on_page
    parts = " ".join(p.get("d", "") for p in boxes.iter(f"{SVG}path")).split("M")[1:]
    assert len(parts) >= len(on_page)
    assert all(part.count("L") == 4 and part.rstrip().endswith("z") for part in parts[: len(on_page)])
    words = " | ".join(texts_of(root))
    assert "day not reported" in words  # the window in words beside the symbol


def test_certain_positions_have_no_stretch(loaded, timeline, tmp_path):
    """Once the sources place every shown unit (all arrived), no stretch and no dashed box is drawn
    (the squadron, whose arrival no source gives after an undated departure, is never placed:
    it is filtered out here)."""
    day = dt.date(2022, 2, 20)
    st = state_at(timeline, day)
    placed = {timeline.ids[i] for i in range(timeline.size) if st.certain[i]}
    assert placed == {m.id for m in loaded.dataset.movements if m.arrive is not None}
    root = svg_of(loaded, timeline, day, tmp_path, movement_ids=frozenset(placed))
    assert group(root, "dm-possible-route") is None and group(root, "dm-uncertain-box") is None


def test_country_outline_and_legend_keys(loaded, timeline, tmp_path):
    root = svg_of(loaded, timeline, D10, tmp_path)
    countries = {
        loaded.places[m.to].country for m in loaded.dataset.movements if loaded.places[m.to].precision == "country"
    }
    assert countries, "the bundled data names Romania and Poland as countries"
    g = group(root, "dm-place-country")
    assert g is not None and len(list(g.iter(f"{SVG}path"))) == len(countries)  # one outline a country
    texts = texts_of(root)
    keys = {text for key, _c, _i, text in UNCERTAINTY_KEYS if key in ("stretch", "unknown", "country")}
    for text in keys:
        assert text in texts, text
    assert "only the region is named: a halo" not in texts  # no region in the data: no key for it
    estimated = next(text for key, _c, _i, text in UNCERTAINTY_KEYS if key == "estimated")
    assert estimated not in texts  # the squadron's arrival is not estimated (its departure is undated)
    assert not any(t.startswith("sources disagree") for t in texts)
    assert any(UNCERTAIN_CREDIT.split(":")[0][:40] in t for t in texts)


# --------------------------------------------------------------------------- pixels


def _rgb_at(sm: StaticMap, img: np.ndarray, lon: float, lat: float, dy_px: float = 0.0) -> np.ndarray:
    x, y = sm.proj([lon], [lat])
    px, py = sm.ax.transData.transform(np.column_stack([x, y]))[0]
    h = img.shape[0]
    return img[int(round(h - py - dy_px)), int(round(px))].astype(int)


def test_png_shows_the_stretch_where_the_unit_may_be(loaded, timeline):
    """The static PNG on 8 Feb has the stretch's orange tint over the route of a unit the sources do
    not place (the longest such route, sampled halfway, beside the thin route line), not away from it."""
    # the whole story in view (the default first view fits Europe; Fort Bragg goes to the locator)
    whole = fit_bounds(loaded, timeline)
    sm = StaticMap(loaded, MapOptions(date=D8, bounds=whole), timeline, 800, 500, 1.0)
    img = sm.to_array()
    st = state_at(timeline, D8)
    uncertain = [i for i in range(timeline.size) if not st.certain[i]]
    i = max(uncertain, key=lambda k: timeline.length_m[k])
    part = stretch(timeline, i, float(st.progress[i]), float(st.progress_hi[i]))
    lon, lat = part[len(part) // 2]
    on = _rgb_at(sm, img, lon, lat, dy_px=3)  # inside the 12 px stretch, beside the 2.5 px route line
    off = _rgb_at(sm, img, lon, lat, dy_px=40)
    assert on[0] - on[2] > off[0] - off[2] + 30, (on, off)  # orange tint: red well above blue


# --------------------------------------------------------------------------- exact data: as before

EXACT = {
    "places": [
        {"id": "berlin", "name": "Berlin", "country": "DEU", "lat": 52.52, "lon": 13.405},
        {"id": "warsaw", "name": "Warsaw", "country": "POL", "lat": 52.2297, "lon": 21.0122},
    ],
    "units": [
        {
            "id": "u",
            "name": "Test unit",
            "short_name": "Test",
            "nation": "USA",
            "branch": "armor",
            "echelon": "battalion",
        }
    ],
    "movements": [
        {
            "id": "m",
            "unit": "u",
            "from": "berlin",
            "to": "warsaw",
            "depart": "2022-01-01",
            "arrive": "2022-01-05",
            "strength": 800,
            "citations": [{"note": "test"}],
        }
    ],
    "events": [{"id": "e", "name": "Talks", "date": "2022-01-02", "place": "berlin", "citations": [{"note": "test"}]}],
}


def test_exact_dataset_draws_no_uncertainty_mark(tmp_path):
    (tmp_path / "d.yaml").write_text(yaml.safe_dump(EXACT, sort_keys=False), encoding="utf-8")
    loaded = load_dataset(tmp_path / "d.yaml")
    tl = build_timeline(loaded)
    root = svg_of(loaded, tl, dt.date(2022, 1, 3), tmp_path)
    texts = texts_of(root)
    for gid in ("dm-possible-route", "dm-uncertain-box", "dm-place-country", "dm-place-region"):
        assert group(root, gid) is None, gid
    for _key, _c, _i, text in UNCERTAINTY_KEYS:
        assert text not in texts
    assert "Test" in texts and "800" not in " ".join(texts)  # the label as before: the name, no second line
    assert not any(UNCERTAIN_CREDIT[:40] in t for t in texts) and "?" not in texts


# --------------------------------------------------------------------------- --known-by


def _cli(argv: list[str], capsys) -> tuple[int, str]:
    code = cli(argv)
    return code, capsys.readouterr().err


def test_known_by_before_the_source_is_an_empty_map(tmp_path, capsys, loaded):
    published = min(s.published for s in loaded.dataset.sources)
    before = published - dt.timedelta(days=1)
    out = tmp_path / "k.geojson"
    code, err = _cli(["export", "--known-by", before.isoformat(), "--out", str(out), "--quiet"], capsys)
    assert code == 0, err
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["date"] == before.isoformat()  # the day itself, not a later one
    assert [f for f in fc["features"] if f["properties"]["kind"] != "possible_route"] == []
    assert fc["features"] == []
    assert "no source was published" in err
    for fmt in ("svg", "png"):
        out = tmp_path / f"k.{fmt}"
        argv = ["export", "--known-by", before.isoformat(), "--out", str(out), "--quiet"]
        code, err = _cli(argv + (["--engine", "static"] if fmt == "png" else []), capsys)
        assert code == 0 and out.stat().st_size > 0, err
    texts = texts_of(ET.parse(tmp_path / "k.svg").getroot())
    joined = " ".join(texts)
    assert "none cited by what is shown" in joined
    for m in loaded.dataset.movements:
        assert loaded.units[m.unit].short_name not in texts


def test_known_by_the_source_day_is_the_full_map(tmp_path, capsys, loaded, timeline):
    published = max(s.published for s in loaded.dataset.sources)
    a, b = tmp_path / "known.geojson", tmp_path / "all.geojson"
    code, err = _cli(["export", "--known-by", published.isoformat(), "--out", str(a), "--quiet"], capsys)
    assert code == 0, err
    code, err = _cli(["export", "--date", published.isoformat(), "--out", str(b), "--quiet"], capsys)
    assert code == 0, err
    known, full = json.loads(a.read_text()), json.loads(b.read_text())
    assert known == full
    kinds = [f["properties"]["kind"] for f in known["features"]]
    assert kinds.count("position") == timeline.size
    assert kinds.count("event") == len(events_on_or_before(loaded, published))
    same = known_by(loaded, published)
    assert len(same.dataset.movements) == len(loaded.dataset.movements)


def test_known_by_is_a_date(tmp_path, capsys):
    code = None
    with pytest.raises(SystemExit) as exc:
        code = cli(["export", "--known-by", "10 Feb", "--out", str(tmp_path / "x.geojson")])
    assert code is None and exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_browser_still_page_says_how_to_read_the_marks(loaded, timeline, tmp_path):
    """The browser's PNG/GIF page carries the same footnote as the static map: with uncertainty marks,
    the credit explains them; for exact claims it does not."""
    from dashboard.export.browser import browser_options, still_map_html

    opts = browser_options(loaded, MapOptions(date=D10), timeline, D10, D10)
    html, _name = still_map_html(loaded, opts, timeline, D10, D10)
    assert UNCERTAIN_CREDIT in html
    (tmp_path / "d.yaml").write_text(yaml.safe_dump(EXACT, sort_keys=False), encoding="utf-8")
    exact = load_dataset(tmp_path / "d.yaml")
    tl = build_timeline(exact)
    day = dt.date(2022, 1, 3)
    html, _name = still_map_html(exact, browser_options(exact, MapOptions(date=day), tl, day, day), tl, day, day)
    assert UNCERTAIN_CREDIT not in html


DISPUTED = {
    "sources": [
        {"id": "a", "title": "A", "publisher": "P", "published": "2022-02-10", "file": "sources/a.txt"},
        {"id": "b", "title": "B", "publisher": "P", "published": "2022-02-12", "file": "sources/b.txt"},
    ],
    "places": [
        {"id": "berlin", "name": "Berlin", "country": "DEU", "lat": 52.52, "lon": 13.405, "precision": "town"},
        {
            "id": "baltics",
            "name": "The Baltic region",
            "country": "LTU",
            "lat": 55.5,
            "lon": 24.0,
            "precision": "region",
        },
    ],
    "units": [
        {
            "id": "u",
            "name": "Test unit",
            "short_name": "Test",
            "nation": "USA",
            "branch": "armor",
            "echelon": "battalion",
        }
    ],
    "movements": [
        {
            "id": "m",
            "unit": "u",
            "from": "berlin",
            "to": "baltics",
            "depart": "2022-02-01",
            "arrive": [
                {"value": "../2022-02-10", "source": "a", "quote": "arrived by Thursday"},
                {"value": "../2022-02-12", "source": "b", "quote": "arrived by Saturday"},
            ],
            "strength": [
                {"value": "about 1,700", "source": "a", "quote": "about 1,700 soldiers"},
                {"value": 2000, "source": "b", "quote": "2,000 soldiers"},
            ],
            "citations": [{"source": "a", "quote": "arrived by Thursday", "supports": ["unit", "to"]}],
        }
    ],
    "events": [{"id": "e", "name": "Talks", "date": "2022-02~", "place": "berlin", "citations": [{"note": "test"}]}],
}


def test_disputed_region_and_uncertain_event(tmp_path):
    """Sources that disagree, a region and an event in an approximate month: each drawn with its mark and
    legend key; the label gives the disagreement and the GeoJSON names the disputed fields."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sources").mkdir()
    (folder / "sources" / "a.txt").write_text("They arrived by Thursday. about 1,700 soldiers", encoding="utf-8")
    (folder / "sources" / "b.txt").write_text("They arrived by Saturday. 2,000 soldiers", encoding="utf-8")
    (folder / "d.yaml").write_text(yaml.safe_dump(DISPUTED, sort_keys=False), encoding="utf-8")
    loaded = load_dataset(folder / "d.yaml")
    tl = build_timeline(loaded)
    m = loaded.dataset.movements[0]
    assert m.strength.disputed and m.arrive.disputed
    day = dt.date(2022, 2, 20)
    root = svg_of(loaded, tl, day, tmp_path)
    texts = texts_of(root)
    for key in ("disputed", "region", "event"):
        (text,) = [t for k, _c, _i, t in UNCERTAINTY_KEYS if k == key]
        assert text.replace(" (see the popup)", " (see the label)") in texts, text  # a static map has no popup
    assert group(root, "dm-place-region") is not None
    assert "\u2260" in texts  # the red sign by the symbol
    assert any(m.strength.words() in t for t in texts)  # "sources disagree: about 1,700; 2,000"
    out = tmp_path / "d.geojson"
    export.export_geojson(loaded, MapOptions(date=day), out, timeline=tl)
    (pos,) = [f for f in json.loads(out.read_text())["features"] if f["properties"]["kind"] == "position"]
    p = pos["properties"]
    assert p["disputed"] == ["arrive", "strength"]
    assert p["supports"]["strength"] == ["a", "b"] and p["to_precision"] == "region"
    assert (p["strength_min"], p["strength_max"]) == (m.strength.low, m.strength.high) == (1700, 2000)
