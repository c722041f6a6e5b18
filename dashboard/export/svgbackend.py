"""matplotlib's SVG backend writing path coordinates at the precision a printed map needs.

Rule: every path coordinate is written with `DIGITS` decimals of a point (0.01 pt = 3.5 µm on paper,
far below what a printer or a screen at 8x zoom shows); matplotlib's own backend writes 6 (a millionth
of a point), which at 100,000 movements is most of an 80 MB file. Everything else is matplotlib's
`backend_svg` as it is: the renderer overrides `_convert_path`, and `draw_markers` (the same elements,
tests/export/test_writers.py, with the marker's style worked out once, not at every marker), and the
canvas only builds that renderer. Used as `savefig(..., backend="module://dashboard.export.svgbackend")` (static.py).
"""

from __future__ import annotations

from typing import Any

from matplotlib import _path, cbook
from matplotlib.backends import backend_svg
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.transforms import Affine2D

from dashboard.export.markerpoints import marker_points

DIGITS = 2  # decimals of a point in path data
_CODES = [b"M", b"L", b"Q", b"C", b"z"]  # as backend_svg


class RendererSVG(backend_svg.RendererSVG):
    def draw_markers(
        self, gc: Any, marker_path: Any, marker_trans: Any, path: Any, trans: Any, rgbFace: Any = None
    ) -> None:
        """As `backend_svg.RendererSVG.draw_markers`, byte for byte, with the marker's style worked out once
        (matplotlib works it out again at every marker: 100,000 units drew ~100,000 styles) and the
        `<use>` elements written as one text. Points after matplotlib's own clean-up (clip to the page);
        a path with anything but moves and lines goes to matplotlib's method."""
        if not len(path.vertices) or gc.get_url() is not None:
            super().draw_markers(gc, marker_path, marker_trans, path, trans, rgbFace)
            return
        clip = (0, 0, self.width * 72, self.height * 72)
        xy = marker_points(path, self._make_flip_transform(trans), clip)
        if xy is None:
            super().draw_markers(gc, marker_path, marker_trans, path, trans, rgbFace)
            return
        writer = self.writer
        path_data = self._convert_path(marker_path, marker_trans + Affine2D().scale(1.0, -1.0), simplify=False)
        style_dict = self._get_style_dict(gc, rgbFace)
        style = backend_svg._generate_css(style_dict)
        dictkey = (path_data, style)
        oid = self._markers.get(dictkey)
        if oid is None:
            oid = self._make_id("m", dictkey)
            writer.start("defs")
            stroke = backend_svg._generate_css({k: v for k, v in style_dict.items() if k.startswith("stroke")})
            writer.element("path", id=oid, d=path_data, style=stroke)
            writer.end("defs")
            self._markers[dictkey] = oid
        writer.start("g", **self._get_clip_attrs(gc))
        writer._XMLWriter__flush()  # the open <g> tag closed, as element() does
        indent = " " * len(writer._XMLWriter__tags)
        quote = backend_svg._quote_escape_attrib
        head = f"{indent}<use xlink:href={quote('#' + oid)} x="
        tail = f" style={quote(style)}/>\n" if style else "/>\n"
        fmt = backend_svg._short_float_fmt
        writer._XMLWriter__write("".join(f'{head}"{fmt(x)}" y="{fmt(y)}"{tail}' for x, y in xy.tolist()))
        writer.end("g")

    def _convert_path(
        self, path: Any, transform: Any = None, clip: Any = None, simplify: Any = None, sketch: Any = None
    ) -> str:
        box = (0.0, 0.0, self.width, self.height) if clip else None
        convert = _path.convert_to_string  # type: ignore[attr-defined]
        text: bytes = convert(path, transform, box, simplify, sketch, DIGITS, _CODES, False)
        return text.decode("ascii")


class FigureCanvasSVG(backend_svg.FigureCanvasSVG):
    def print_svg(self, filename: Any, *, bbox_inches_restore: Any = None, metadata: Any = None, **_: Any) -> None:
        """As `backend_svg.FigureCanvasSVG.print_svg`, with this module's renderer (the other keywords
        `print_figure` passes, dpi and colours, it has applied already: matplotlib drops them too)."""
        import codecs

        with cbook.open_file_cm(filename, "w", encoding="utf-8") as opened:
            fh: Any = opened if cbook.file_requires_unicode(opened) else codecs.getwriter("utf-8")(opened)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            renderer = MixedModeRenderer(
                self.figure,
                width,
                height,
                dpi,
                RendererSVG(width * 72, height * 72, fh, image_dpi=dpi, metadata=metadata),
                bbox_inches_restore=bbox_inches_restore,
            )
            self.figure.draw(renderer)  # type: ignore[arg-type]  # (as backend_svg: it is a renderer)
            renderer.finalize()


FigureCanvas = FigureCanvasSVG
