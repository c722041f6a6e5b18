"""The static map's own SVG and PDF writers (dashboard/export/svgbackend.py, pdfbackend.py) place markers
(the unit symbols, the '?' beside an estimated arrival) as matplotlib's own writers do: the PDF byte for
byte, the SVG's markers element for element."""

from __future__ import annotations

import io
import re

import matplotlib
import pytest
from matplotlib.backends import backend_svg

from benchmarks.synth import make_dataset
from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.export import svgbackend
from dashboard.export.static import StaticMap
from dashboard.web.options import MapOptions

FIXED = {"svg.hashsalt": "test", "pdf.compression": 0, "svg.fonttype": "none", "pdf.fonttype": 42}


@pytest.fixture(scope="module")
def static(tmp_path_factory):
    """A map of 300 movements (above static.MANY: symbols on their points, many of one kind)."""
    root = tmp_path_factory.mktemp("synth")
    make_dataset(300, root)
    loaded = load_dataset(root / "data")
    return StaticMap(loaded, MapOptions(), build_timeline(loaded))


def _write(static: StaticMap, fmt: str, backend: str | None) -> bytes:
    buf = io.BytesIO()
    meta = {"CreationDate": None} if fmt == "pdf" else {"Date": None}
    with matplotlib.rc_context(FIXED):
        static.fig.savefig(buf, format=fmt, dpi=static.dpi, metadata=meta, backend=backend)
    return buf.getvalue()


def _uses(svg: str) -> list[str]:
    """The marker placements (`<use>` elements), the id they use made anonymous."""
    return [re.sub(r'href="#\w+"', 'href="#"', u) for u in re.findall(r"<use [^>]*/>", svg)]


def test_pdf_is_matplotlibs_byte_for_byte(static):
    ours = _write(static, "pdf", "module://dashboard.export.pdfbackend")
    theirs = _write(static, "pdf", None)
    assert b" Do\n" in ours  # markers were drawn (XObjects placed)
    assert ours == theirs


def test_svg_markers_are_matplotlibs(static, monkeypatch):
    ours = _write(static, "svg", "module://dashboard.export.svgbackend").decode()
    # the same writer with matplotlib's own draw_markers: only the precision of path data differs elsewhere
    monkeypatch.setattr(svgbackend.RendererSVG, "draw_markers", backend_svg.RendererSVG.draw_markers)
    theirs = _write(static, "svg", "module://dashboard.export.svgbackend").decode()
    assert _uses(ours) and _uses(ours) == _uses(theirs)
    assert ours == theirs
