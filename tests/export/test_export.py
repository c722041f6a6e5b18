"""Snapshot exports (dashboard/export/) and movement filters (dashboard/engine/filters.py).

Every format is produced from the bundled data and checked for real: image
sizes and content, text in SVG/PDF, the offline HTML in headless Chromium,
frame counts of GIF/MP4, atomic writes under SIGINT/SIGTERM, and the CLI's
answers to bad arguments. One browser serves the whole module.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from dashboard import export
from dashboard.cli import main as cli_main
from dashboard.core.loader import load_dataset
from dashboard.engine.filters import select_movements
from dashboard.engine.timeline import build_timeline
from dashboard.export import browser as export_browser
from dashboard.export.browser import (
    FIT_PADDING,
    PREPARE_JS,
    browser_options,
    is_local_url,
    still_map_html,
)
from dashboard.export.files import atomic_path
from dashboard.export.layout import DEFAULT_TITLE, footnote_html, frame_days
from dashboard.export.mplsymbols import svg_path_to_mpl, symbol_drawing
from dashboard.web.page import MapOptions
from dashboard.web.symbols import affiliation_of

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
D6, D10, D12 = dt.date(2022, 2, 6), dt.date(2022, 2, 10), dt.date(2022, 2, 12)
UNIT_LABELS = ("2CR Stryker Sqn", "82nd Abn (Poland)", "2CR", "82nd Abn Div")
SOURCE_TITLE = "Pentagon confirms US troops in Poland"

needs_chromium = pytest.mark.skipif(not export.chromium_available(), reason="headless Chromium is not installed")
browser = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def loaded():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def timeline(loaded):
    return build_timeline(loaded)


@pytest.fixture(scope="module")
def renderer():
    """The process's shared browser: one launch for the module (exports and CLI calls in-process)."""
    r = export.default_renderer()
    yield r
    try:
        assert r.blocked == [], f"pages attempted non-local requests: {r.blocked[:5]}"
    finally:
        export.close_default_renderer()


def _png(path_or_bytes) -> np.ndarray:
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(np.int16)


def _not_blank(img: np.ndarray) -> None:
    assert img.std() > 20, "the image is (nearly) one colour"
    colours = np.unique(img.reshape(-1, 3)[::7], axis=0)
    assert len(colours) > 100, f"only {len(colours)} colours: not a map"


# --------------------------------------------------------------------------- filters


def test_select_movements(loaded):
    every = frozenset(m.id for m in loaded.dataset.movements)
    assert select_movements(loaded) == every
    assert select_movements(loaded, nation=["usa"]) == every
    assert select_movements(loaded, nation="RUS") == frozenset()
    by_82 = select_movements(loaded, unit=["us-82abn"])  # the division selects its detachment's movements
    assert by_82 and all(
        loaded.dataset.movements[i].unit == "us-82abn-poland"
        for i, m in enumerate(loaded.dataset.movements)
        if m.id in by_82
    )
    assert select_movements(loaded, unit=["us-82abn-poland"]) == by_82
    to_romania = select_movements(loaded, country=["ROU"])
    assert to_romania == {
        m.id
        for m in loaded.dataset.movements
        if loaded.places[m.to].country == "ROU" or loaded.places[m.from_].country == "ROU"
    }
    cav = select_movements(loaded, branch=["cavalry"])
    assert cav and cav.isdisjoint(by_82)
    assert select_movements(loaded, branch=["cavalry"], unit=["us-82abn"]) == frozenset()  # criteria AND
    assert select_movements(loaded, branch=["cavalry", "airborne"]) == every  # values OR
    assert select_movements(loaded, confidence=["confirmed", "reported", "estimated"]) == every
    assert select_movements(loaded, echelon=["corps"]) == frozenset()


# --------------------------------------------------------------------------- PNG (browser)


@pytest.fixture(scope="module")
def png_pair(loaded, timeline, renderer, tmp_path_factory):
    out = tmp_path_factory.mktemp("png")
    paths = {}
    t0 = time.perf_counter()
    for day in (D6, D12):
        paths[day] = export.export_png(
            loaded,
            MapOptions(date=day, title="Test title"),
            out / f"{day}.png",
            width=700,
            height=440,
            scale=2,
            timeline=timeline,
            renderer=renderer,
        )
    paths["elapsed"] = time.perf_counter() - t0
    return paths


@pytest.mark.browser
@needs_chromium
def test_png_size_and_content(png_pair):
    img = _png(png_pair[D6])
    assert img.shape == (440 * 2, 700 * 2, 3)
    _not_blank(img)
    assert oct(png_pair[D6].stat().st_mode & 0o777) != oct(0o600), "exports must not stay private temp files"


@pytest.mark.browser
@needs_chromium
def test_png_dates_differ(png_pair):
    a, b = _png(png_pair[D6]), _png(png_pair[D12])
    changed = (np.abs(a - b).sum(axis=2) > 30).mean()
    assert changed > 0.002, f"only {changed:.4%} of the pixels differ between {D6} and {D12}"


@pytest.mark.browser
@needs_chromium
def test_png_scale_one_and_warm_renderer(loaded, timeline, renderer, tmp_path):
    launches = renderer.launches
    p = export.export_png(
        loaded,
        MapOptions(date=D10),
        tmp_path / "s1.png",
        width=640,
        height=400,
        scale=1,
        timeline=timeline,
        renderer=renderer,
    )
    assert _png(p).shape == (400, 640, 3)
    assert renderer.launches == launches, "a warm export must reuse the running browser"


@pytest.mark.browser
@needs_chromium
def test_still_page_has_title_date_legend_footnote(loaded, timeline, renderer):
    """What the PNG burns in: checked in the page the screenshot is taken of."""
    opts = browser_options(loaded, MapOptions(date=D10, title="A <b>title</b> & more"), timeline, D10, D10)
    html, name = still_map_html(loaded, opts, timeline, D10, D10)
    with renderer.open_page(html, 1000, 640, 1) as page:
        page.evaluate(
            PREPARE_JS,
            {
                "mapName": name,
                "bounds": list(opts.bounds),
                "day": float((D10 - dt.date(1970, 1, 1)).days),
                "pad": list(FIT_PADDING),
            },
        )
        info = page.evaluate("""() => {
          const r = e => e ? e.getBoundingClientRect() : null;
          const fn = document.getElementById('dm-export-footnote');
          return {date: document.getElementById('dm-date').textContent,
                  title: document.querySelector('.dm-map-title').textContent,
                  titleHtml: document.querySelector('.dm-map-title').innerHTML,
                  legend: !!document.querySelector('.dm-legend .dm-legend-still'),
                  toggle: !!document.querySelector('.dm-legend details'),
                  units: document.querySelectorAll('.dm-unit').length,
                  footnote: fn.textContent, fnBottom: r(fn).bottom, fnTop: r(fn).top,
                  mapBottom: r(document.querySelector('.folium-map')).bottom, h: window.innerHeight,
                  zoomCtl: (() => { const z = document.querySelector('.leaflet-control-zoom'); return z ? getComputedStyle(z).display : 'none'; })()};
        }""")
        assert page.blocked == []
    assert info["date"] == "10 February 2022"
    assert info["title"] == "A <b>title</b> & more" and "<b>" not in info["titleHtml"]
    assert info["legend"] and not info["toggle"] and info["units"] >= 4  # a still's legend has no fold toggle
    assert SOURCE_TITLE in info["footnote"] and "Made with Natural Earth" in info["footnote"]
    assert "10 Feb 2022" in info["footnote"]  # the source's date
    assert info["mapBottom"] <= info["fnTop"] + 1 and info["fnBottom"] <= info["h"] + 1  # below the map, visible
    assert info["zoomCtl"] == "none"


def test_footnote_escapes_dataset_text():
    evil = SimpleNamespace(
        title='<img src=x onerror="alert(1)">', publisher="A & B <script>", published=dt.date(2022, 2, 10)
    )
    out = footnote_html([evil])
    assert "<img" not in out and "<script>" not in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out and "A &amp; B &lt;script&gt;" in out
    assert "Made with Natural Earth" in out
    many = [SimpleNamespace(title=f"t{i}", publisher="p", published=dt.date(2022, 1, 1)) for i in range(20)]
    assert "and 12 more" in footnote_html(many)


# --------------------------------------------------------------------------- SVG, PDF, static PNG


def test_svg_has_real_text(loaded, timeline, tmp_path):
    # room west of Fort Bragg: a label that would leave the map or cover another is hidden (as on the web map)
    bounds = (-100.0, 25.0, 45.0, 65.0)
    p = export.export_svg(
        loaded, MapOptions(date=D10, title="Deployments & <test>", bounds=bounds), tmp_path / "m.svg", timeline=timeline
    )
    root = ET.parse(p).getroot()  # well-formed XML
    assert root.tag.endswith("svg")
    texts = {"".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")}
    for label in UNIT_LABELS:
        assert label in texts, label
    assert "10 February 2022" in texts
    assert "Deployments & <test>" in texts  # escaped in the file, intact once parsed
    # the legend lists the sides of the units drawn (all friendly here), in the dataset's words
    sides = {affiliation_of(u) for u in loaded.dataset.units}
    assert "Legend" in texts and ("friendly unit" in texts) == ("friend" in sides)
    assert ("hostile unit" in texts) == ("hostile" in sides)
    assert not any("NATO" in t for t in texts)
    joined = " ".join(texts)
    assert SOURCE_TITLE in joined and "Made with Natural Earth" in joined
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) > 100  # basemap, routes, symbols


def _pdf_literal(s: bytes) -> bytes:
    out, i = bytearray(), 1
    esc = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    while i < len(s) - 1:
        c = s[i : i + 1]
        if c == b"\\":
            n = s[i + 1 : i + 2]
            if n in esc:
                out += esc[n]
                i += 2
            elif n.isdigit():
                m = re.match(rb"[0-7]{1,3}", s[i + 1 :])
                out.append(int(m.group(0), 8) & 0xFF)
                i += 1 + len(m.group(0))
            elif n in (b"\n", b"\r"):
                i += 2
            else:
                out += n
                i += 2
        else:
            out += c
            i += 1
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """Text of a matplotlib PDF (Type 0 / TrueType fonts, 2-byte codes), via its ToUnicode maps."""
    streams = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            streams.append(raw)
    cmap: dict[int, str] = {}
    for d in streams:
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", d, re.S):
            for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)", block):
                lo_i, hi_i = int(lo, 16), int(hi, 16)
                if dst.startswith(b"["):
                    for k, t in enumerate(re.findall(rb"<([0-9a-fA-F]+)>", dst)):
                        cmap[lo_i + k] = bytes.fromhex(t.decode()).decode("utf-16-be")
                else:
                    base = int(dst[1:-1], 16)
                    for k in range(hi_i - lo_i + 1):
                        cmap[lo_i + k] = chr(base + k)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", d, re.S):
            for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                cmap[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    texts = []
    for d in streams:
        for bt in re.findall(rb"\bBT\b(.*?)\bET\b", d, re.S):
            raw = b"".join(_pdf_literal(s) for s in re.findall(rb"\((?:\\.|[^\\)])*\)", bt, re.S))
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            texts.append("".join(cmap.get(c, chr(c)) for c in codes))
    return "\n".join(texts)


def test_pdf_has_unit_names(loaded, timeline, tmp_path):
    p = export.export_pdf(loaded, MapOptions(date=D10), tmp_path / "m.pdf", timeline=timeline)
    data = p.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    for label in ("2CR Stryker Sqn", "82nd Abn (Poland)", "10 February 2022", "Made with Natural Earth"):
        assert label in text, (label, text[:500])
    assert b"/FontFile2" in data  # TrueType embedded (pdf.fonttype 42)


def test_static_png_engine_size_and_dates(loaded, timeline, tmp_path):
    a = export.export_png(
        loaded,
        MapOptions(date=D6),
        tmp_path / "a.png",
        width=700,
        height=450,
        scale=1.5,
        timeline=timeline,
        engine="static",
    )
    b = export.export_png(
        loaded,
        MapOptions(date=D12),
        tmp_path / "b.png",
        width=700,
        height=450,
        scale=1.5,
        timeline=timeline,
        engine="static",
    )
    ia, ib = _png(a), _png(b)
    assert ia.shape == (675, 1050, 3)
    _not_blank(ia)
    assert (np.abs(ia - ib).sum(axis=2) > 30).mean() > 0.002


def test_falls_back_to_static_without_chromium(loaded, timeline, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(export_browser, "CHROMIUM", Path("/nonexistent/chromium"))
    assert not export.chromium_available()
    p = export.export_png(
        loaded, MapOptions(date=D10), tmp_path / "f.png", width=400, height=260, scale=1, timeline=timeline
    )
    _not_blank(_png(p))
    assert _png(p).shape == (260, 400, 3)
    with pytest.raises(export.BrowserUnavailable):
        export.export_png(loaded, MapOptions(date=D10), tmp_path / "g.png", timeline=timeline, engine="browser")
    assert not (tmp_path / "g.png").exists()


def test_symbol_paths():
    from matplotlib.path import Path as MPath

    p = svg_path_to_mpl(
        "M25,50 l150,0 0,100 -150,0 z M10 10 H 20 V 30 h5 v5 C 1 2 3 4 5 6 s 1 1 2 2 "
        "Q 0 0 1 1 T 4 4 A 5 5 0 0 1 14 4 a5,5 0 1,0 -10,0 Z"
    )
    assert p.codes[0] == MPath.MOVETO
    assert tuple(p.vertices[1]) == (175.0, 50.0) and tuple(p.vertices[3]) == (25.0, 150.0)
    assert np.isfinite(p.vertices).all()
    with pytest.raises(ValueError):
        svg_path_to_mpl("L 1")
    drawing = symbol_drawing(
        '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20" '
        'viewBox="0 0 30 20"><g transform="translate(1,1)"><rect x="0" y="0" '
        'width="28" height="18" fill="rgb(128,224,255)" stroke="black"/>'
        '<circle cx="14" cy="9" r="3"/><text x="15" y="15">?</text></g></svg>'
    )
    assert len(drawing.shapes) == 3 and drawing.shapes[2].text == "?"
    assert tuple(drawing.shapes[0].path.vertices[0]) == (1.0, 1.0)


# --------------------------------------------------------------------------- HTML, GeoJSON


@pytest.mark.browser
@needs_chromium
def test_html_opens_offline_and_plays(loaded, timeline, renderer, tmp_path):
    p = export.export_html(loaded, MapOptions(date=D6), tmp_path / "map.html", timeline=timeline)
    text = p.read_text(encoding="utf-8")
    assert "<script src=" not in text and 'rel="stylesheet" href=' not in text  # every asset inlined
    url = p.resolve().as_uri()

    def check(browser):
        attempted: list[str] = []
        ctx = browser.new_context(viewport={"width": 1100, "height": 700})
        try:

            def route(r):
                if is_local_url(r.request.url):
                    r.continue_()
                else:
                    attempted.append(r.request.url)
                    r.abort()

            ctx.route("**/*", route)
            page = ctx.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_function("() => window.deploymap !== undefined")
            before = page.evaluate("""() => ({date: window.deploymap.isoDate(),
                label: document.getElementById('dm-date').textContent,
                units: document.querySelectorAll('.dm-unit').length,
                slider: !!document.getElementById('dm-slider'), play: !!document.getElementById('dm-play'),
                title: document.title})""")
            page.evaluate("() => { window.deploymap.speed = 4; window.deploymap.play(); }")
            page.wait_for_function(f"() => window.deploymap.isoDate() > '{D6.isoformat()}'", timeout=10_000)
            after = page.evaluate("() => window.deploymap.isoDate()")
            page.evaluate("() => window.deploymap.pause()")
            return before, after, attempted
        finally:
            ctx.close()

    before, after, attempted = renderer.call(check)
    assert attempted == []
    assert before["date"] == D6.isoformat() and before["label"] == "6 February 2022"
    assert before["units"] >= 3 and before["slider"] and before["play"]
    assert before["title"] == DEFAULT_TITLE
    assert after > D6.isoformat()


def test_geojson_export_with_filter(loaded, timeline, tmp_path):
    ids = select_movements(loaded, unit=["us-2cr"])
    p = export.export_geojson(loaded, MapOptions(date=D10, movement_ids=ids), tmp_path / "s.geojson", timeline=timeline)
    fc = json.loads(p.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["date"] == D10.isoformat()
    moved = {f["properties"]["movement"] for f in fc["features"] if f["properties"]["kind"] == "position"}
    assert moved == set(ids) and moved


def test_geojson_export_by_name_and_by_function(loaded, timeline, tmp_path):
    a = export.export_geojson(loaded, MapOptions(), tmp_path / "a.geojson", timeline=timeline, route="none")
    b = export.export("geojson", loaded, MapOptions(), tmp_path / "b.geojson", timeline=timeline, route="none")
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(export.ExportError, match="unknown format"):
        export.export("tiff", loaded, MapOptions(), tmp_path / "c.tiff")


# --------------------------------------------------------------------------- GIF, MP4


@pytest.mark.browser
@needs_chromium
def test_gif_frames(loaded, timeline, renderer, tmp_path):
    import imageio.v3 as iio

    p = export.export_gif(
        loaded,
        MapOptions(),
        tmp_path / "t.gif",
        dt.date(2022, 2, 2),
        dt.date(2022, 2, 15),
        fps=5,
        frames=8,
        width=420,
        height=300,
        timeline=timeline,
        renderer=renderer,
    )
    frames = iio.imread(p, index=None, extension=".gif")
    assert frames.shape[:3] == (8, 300, 420)
    meta = iio.immeta(p, extension=".gif")
    assert meta.get("loop") == 0 and meta.get("duration") == 200
    first, last = frames[0].astype(int), frames[-1].astype(int)
    assert (np.abs(first - last).sum(axis=2) > 30).mean() > 0.002  # units moved, date changed
    _not_blank(frames[3].astype(np.int16))


@pytest.mark.browser
@needs_chromium
def test_mp4_frames_even_size(loaded, timeline, renderer, tmp_path):
    import imageio_ffmpeg

    p = export.export_mp4(
        loaded,
        MapOptions(),
        tmp_path / "t.mp4",
        dt.date(2022, 2, 2),
        dt.date(2022, 2, 15),
        fps=10,
        frames=7,
        width=421,
        height=301,
        timeline=timeline,
        renderer=renderer,
    )
    nframes, secs = imageio_ffmpeg.count_frames_and_secs(str(p))
    assert nframes == 7 and secs == pytest.approx(0.7, abs=0.05)
    reader = imageio_ffmpeg.read_frames(str(p))
    meta = next(reader)
    reader.close()
    assert meta["size"] == (420, 300)  # cropped to even dimensions for yuv420p
    assert meta["codec"] == "h264" and "yuv420p" in meta["pix_fmt"]


def test_static_engine_animation(loaded, timeline, tmp_path):
    import imageio.v3 as iio

    p = export.export_gif(
        loaded,
        MapOptions(),
        tmp_path / "s.gif",
        dt.date(2022, 2, 2),
        dt.date(2022, 2, 15),
        frames=4,
        width=400,
        height=260,
        timeline=timeline,
        engine="static",
    )
    frames = iio.imread(p, index=None, extension=".gif")
    assert frames.shape[:3] == (4, 260, 400)
    assert not np.array_equal(frames[0], frames[-1])


def test_frame_days_glide():
    days = frame_days(dt.date(2022, 2, 2), dt.date(2022, 2, 15), 27)
    assert days[0] == 19025 and days[-1] == 19038 and len(days) == 27
    assert np.allclose(np.diff(days), 0.5)  # fractional days: units glide between whole dates


# --------------------------------------------------------------------------- CLI


def run_cli(argv: list[str]) -> int:
    try:
        return cli_main(argv)
    except SystemExit as exc:  # argparse errors
        return exc.code


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--date", "2022-02-30", "--format", "png"], "not a date"),
        (["--date", "2022-02-10", "--format", "tiff"], "invalid choice"),
        (["--date", "2022-02-10", "--format", "gif", "--from", "2022-02-12", "--to", "2022-02-02"], "must be before"),
        (["--date", "2022-02-10", "--format", "png", "--bbox", "1,2,3"], "four numbers"),
        (["--date", "2022-02-10", "--format", "png", "--bbox", "a,b,c,d"], "four numbers"),
        (["--date", "2022-02-10", "--format", "png", "--bbox", "10,40,200,60"], "from -180 to 180"),
        (["--date", "2022-02-10", "--format", "png", "--bbox", "10,40,20,89"], "from -85 to 85"),
        (["--date", "2022-02-10", "--format", "png", "--bbox", "30,40,20,60"], "west < east"),
        (["--date", "2022-02-10", "--format", "png", "--width", "100"], "--width must be from 200 to 6000"),
        (["--date", "2022-02-10", "--format", "png", "--width", "7000"], "--width must be from 200 to 6000"),
        (["--date", "2022-02-10", "--format", "png", "--height", "12.5"], "not a whole number"),
        (["--date", "2022-02-10", "--format", "png", "--scale", "9"], "--scale must be"),
        (["--date", "2022-02-10", "--format", "png", "--width", "6000", "--scale", "4"], "pixels"),
        (["--date", "2022-02-10", "--format", "gif", "--frames", "1"], "--frames must be"),
        (["--date", "2022-02-10", "--format", "gif", "--fps", "0"], "--fps must be"),
        (["--date", "2022-02-10", "--format", "png", "--nation", "US"], "three-letter"),
        (["--date", "2022-02-10", "--format", "png", "--unit", "no-such-unit"], "no unit with the id"),
        (["--date", "2022-02-10", "--format", "png", "--branch", "pirates"], "invalid choice"),
        (["--date", "2022-02-10", "--bbox", "1,2,3,4", "--fit", "--format", "png"], "not allowed with"),
    ],
)
def test_bad_arguments_exit_2(argv, message, tmp_path, capsys):
    out = tmp_path / "x.out"
    code = run_cli(["export", "--out", str(out), *argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err, err
    assert "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_unwritable_and_unknown_outputs_exit_2(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for out, message in (
        (blocker / "x.png", "not a folder"),
        (tmp_path, "is a folder"),
        (tmp_path / "x.bmp", "cannot tell the format"),
    ):
        code = run_cli(["export", "--date", "2022-02-10", "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and message in err and "Traceback" not in err, err


def test_bad_arguments_in_a_subprocess_have_no_traceback(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "--date",
            "2022-13-01",
            "--format",
            "png",
            "--out",
            str(tmp_path / "x.png"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "not a date" in r.stderr and "Traceback" not in r.stderr


def test_cli_svg_with_filters_and_bbox(tmp_path, capsys):
    out = tmp_path / "usa.svg"
    code = run_cli(
        [
            "export",
            "--date",
            "2022-02-12",
            "--out",
            str(out),
            "--nation",
            "USA",
            "--unit",
            "us-2cr",
            "--bbox",
            "-10,35,40,60",
            "--title",
            "2CR only",
            "--quiet",
        ]
    )
    assert code == 0, capsys.readouterr().err
    texts = {"".join(t.itertext()).strip() for t in ET.parse(out).getroot().iter("{http://www.w3.org/2000/svg}text")}
    assert "2CR Stryker Sqn" in texts and "2CR only" in texts and "12 February 2022" in texts
    assert "82nd Abn (Poland)" not in texts  # filtered out


@pytest.mark.browser
@needs_chromium
def test_cli_png_in_process(renderer, tmp_path, capsys):
    out = tmp_path / "cli.png"
    code = run_cli(
        [
            "export",
            "--date",
            "2022-02-10",
            "--format",
            "png",
            "--out",
            str(out),
            "--width",
            "500",
            "--height",
            "320",
            "--scale",
            "1",
            "--quiet",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert _png(out).shape == (320, 500, 3)


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_export_leaves_nothing(sig, code, tmp_path):
    out = tmp_path / "anim.gif"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "--format",
            "gif",
            "--frames",
            "300",
            "--width",
            "480",
            "--height",
            "320",
            "--out",
            str(out),
        ],
        cwd=REPO,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    err = bytearray()
    started = threading.Event()

    def read():
        while True:
            chunk = proc.stderr.read1(4096)
            if not chunk:
                break
            err.extend(chunk)
            if re.search(rb"\b[1-9]\d*/300\b", err):
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert started.wait(90), f"no frame rendered: {bytes(err[-2000:])!r}"
        helpers = _descendants(proc.pid)
        assert list(tmp_path.glob(".anim.gif.*.part")), "the export should be writing a temporary file"
        proc.send_signal(sig)
        assert proc.wait(60) == code
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(10)
    text = bytes(err).decode("utf-8", "replace")
    assert "Traceback" not in text, text[-2000:]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [], list(tmp_path.iterdir())
    deadline = time.monotonic() + 20  # the browser and its driver go too
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in helpers):
        time.sleep(0.2)
    left = [
        p
        for p in helpers
        if Path(f"/proc/{p}/stat").exists() and Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    ]
    assert left == [], f"processes left running: {left}"


@pytest.mark.parametrize("kind", ["fifo", "socket"])
def test_out_that_is_not_a_regular_file_is_refused_and_left_alone(kind, tmp_path, capsys):
    """`--out` naming a FIFO, socket or device must not be replaced by a regular file
    (as root, `--out /dev/null` would have been)."""
    import os
    import socket
    import stat as st

    node = tmp_path / "node.svg"
    if kind == "fifo":
        os.mkfifo(node)
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(node))
    before = os.lstat(node)
    code = run_cli(["export", "--date", "2022-02-10", "--out", str(node), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "not a regular file" in err and "Traceback" not in err, err
    after = os.lstat(node)
    assert st.S_IFMT(after.st_mode) == st.S_IFMT(before.st_mode) and after.st_ino == before.st_ino
    assert not list(tmp_path.glob(".*.part"))


def test_atomic_write_refuses_a_special_file_that_appeared_meanwhile(tmp_path):
    import os
    import stat as st

    node = tmp_path / "late.geojson"
    with pytest.raises(export.ExportError, match="not a regular file"):
        with atomic_path(node) as tmp:
            tmp.write_text("{}")
            os.mkfifo(node)  # created after the up-front check
    assert st.S_ISFIFO(os.lstat(node).st_mode)
    assert not list(tmp_path.glob(".*.part"))
