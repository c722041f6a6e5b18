"""Alt text in image exports (dashboard/export/alt.py): the map in words, written into PNG, SVG and GIF
files so that it travels with the image, read back by a real reader (Pillow, an XML parser)."""

from __future__ import annotations

import datetime as dt
import io
import xml.dom.minidom
from pathlib import Path

import pytest
from PIL import Image

from dashboard.core.loader import load_dataset
from dashboard.engine.describe import describe
from dashboard.engine.timeline import build_timeline
from dashboard.export.alt import gif_with_alt, png_with_alt, read_alt, svg_with_alt
from dashboard.export.dispatch import export_bytes
from dashboard.web.options import MapOptions

REPO = Path(__file__).resolve().parents[2]
HOSTILE = 'Unit <script>alert(1)</script> & "quotes" ]]> -->'


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(REPO / "data")
    return loaded, build_timeline(loaded)


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 6), "white").save(buf, format="PNG")
    return buf.getvalue()


def _gif() -> bytes:
    buf = io.BytesIO()
    frames = [Image.new("RGB", (8, 6), c) for c in ("red", "blue")]
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], loop=0)
    return buf.getvalue()


def test_png_alt_is_read_by_pillow_and_the_image_is_unchanged():
    png = png_with_alt(_png(), HOSTILE + " é")
    with Image.open(io.BytesIO(png)) as im:
        im.load()
        assert im.info["Description"] == HOSTILE + " é"
        assert im.size == (8, 6)
    assert read_alt("png", png) == HOSTILE + " é"


def test_svg_alt_is_escaped_title_and_desc():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g/></svg>'
    out = svg_with_alt(svg, "A map. On 10 February 2022 " + HOSTILE + ".")
    doc = xml.dom.minidom.parseString(out)  # still well-formed XML
    root = doc.documentElement
    assert root.getAttribute("role") == "img"
    assert root.getElementsByTagName("title")[0].firstChild.data.startswith("On 10 February 2022")
    assert HOSTILE in root.getElementsByTagName("desc")[0].firstChild.data
    assert b"<script>" not in out


def test_gif_alt_is_a_comment_before_the_first_frame():
    gif = gif_with_alt(_gif(), "x" * 600)  # longer than one 255-byte sub-block
    with Image.open(io.BytesIO(gif)) as im:
        assert im.info["comment"] == b"x" * 600
        assert im.n_frames == 2
    assert read_alt("gif", gif) == "x" * 600


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_an_exported_image_carries_the_map_in_words(bundled, fmt):
    loaded, timeline = bundled
    day = dt.date(2022, 2, 12)
    kw = (
        {"width": 400, "height": 300} if fmt == "svg" else {"width": 400, "height": 300, "scale": 1, "engine": "static"}
    )
    data = export_bytes(fmt, loaded, MapOptions(date=day), timeline=timeline, **kw)
    alt = read_alt(fmt, data)
    assert alt is not None and alt.startswith("A map. On 12 February 2022")
    words = describe(loaded, timeline, day).text
    assert words.startswith(alt[len("A map. ") :].split(" The sources")[0])
