"""matplotlib's SVG backend writing path coordinates at the precision a printed map needs.

Rule: every path coordinate is written with `DIGITS` decimals of a point (0.01 pt = 3.5 µm on paper,
far below what a printer or a screen at 8x zoom shows); matplotlib's own backend writes 6 (a millionth
of a point), which at 100,000 movements is most of an 80 MB file. Everything else is matplotlib's
`backend_svg` as it is: the renderer overrides only `_convert_path`, and the canvas only builds that
renderer. Used as `savefig(..., backend="module://dashboard.export.svgbackend")` (static.py).
"""

from __future__ import annotations

from typing import Any

from matplotlib import _path, cbook
from matplotlib.backends import backend_svg
from matplotlib.backends.backend_mixed import MixedModeRenderer

DIGITS = 2  # decimals of a point in path data
_CODES = [b"M", b"L", b"Q", b"C", b"z"]  # as backend_svg


class RendererSVG(backend_svg.RendererSVG):
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
