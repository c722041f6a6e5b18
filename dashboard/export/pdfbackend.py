"""matplotlib's PDF backend with markers placed in one pass.

Rule: the file is what matplotlib's own `backend_pdf` writes, byte for byte (tests/export/test_writers.py
compares the two); only `draw_markers` is replaced, by one that works out the marker's state once and
writes its placements (`1 0 0 1 dx dy cm /M Do`, one line each, as matplotlib writes them) as one
text, where matplotlib calls its generic writer nine times a marker (100,000 unit symbols: most of
the time spent writing the page). Used as `savefig(..., backend="module://dashboard.export.pdfbackend")`
(static.py), like dashboard/export/svgbackend.py for SVG.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.backends import backend_pdf
from matplotlib.backends.backend_mixed import MixedModeRenderer

from dashboard.export.markerpoints import marker_points


class RendererPdf(backend_pdf.RendererPdf):
    def draw_markers(
        self, gc: Any, marker_path: Any, marker_trans: Any, path: Any, trans: Any, rgbFace: Any = None
    ) -> None:
        """As `backend_pdf.RendererPdf.draw_markers`: the points after matplotlib's clean-up (clipped to
        the page), those on the page placed, each relative to the last. A path with anything but moves
        and lines, or too few markers for an XObject, goes to matplotlib's method."""
        width, height = self.file.width * 72, self.file.height * 72
        if len(marker_path) * len(path) < len(marker_path) + len(path) + 5:
            super().draw_markers(gc, marker_path, marker_trans, path, trans, rgbFace)
            return
        xy = marker_points(path, trans, (0, 0, width, height))
        if xy is None:
            super().draw_markers(gc, marker_path, marker_trans, path, trans, rgbFace)
            return
        x, y = xy[:, 0], xy[:, 1]
        xy = xy[(x >= 0) & (x <= width) & (y >= 0) & (y <= height)]
        step = np.diff(xy, axis=0, prepend=np.zeros((1, 2)))  # from the last marker (the first: from 0, 0)
        if not np.all(np.isfinite(step)):  # (cleaned drops NaNs; matplotlib would raise on the rest)
            super().draw_markers(gc, marker_path, marker_trans, path, trans, rgbFace)
            return
        self.check_gc(gc, rgbFace)
        fill, stroke = gc.fill(rgbFace), gc.stroke()
        marker = self.file.markerObject(
            marker_path, marker_trans, fill, stroke, self.gc._linewidth, gc.get_joinstyle(), gc.get_capstyle()
        )
        name = backend_pdf.pdfRepr(marker)
        self.file.output(backend_pdf.Op.gsave)
        self.file.write(b"".join(_placement(dx, dy, name) for dx, dy in step.tolist()))
        self.file.output(backend_pdf.Op.grestore)


def _number(value: float) -> bytes:
    """A finite float as `backend_pdf.pdfRepr` writes it: 10 decimals, trailing zeros dropped."""
    return (b"%.10f" % value).rstrip(b"0").rstrip(b".")


def _placement(dx: float, dy: float, name: bytes) -> bytes:
    """`1 0 0 1 dx dy cm /Name Do` and a line break, as `PdfFile.output` writes it: on one line when
    shorter than `_fill`'s 75 characters (always, for a marker's name and a page's offsets), else
    broken by `_fill` itself."""
    line = b"1 0 0 1 " + _number(dx) + b" " + _number(dy) + b" cm " + name + b" Do"
    if len(line) < 75:
        return line + b"\n"
    parts = [b"1", b"0", b"0", b"1", _number(dx), _number(dy), b"cm", name, b"Do"]
    return backend_pdf._fill(parts) + b"\n"


class FigureCanvasPdf(backend_pdf.FigureCanvasPdf):
    def print_pdf(self, filename: Any, *, bbox_inches_restore: Any = None, metadata: Any = None, **_: Any) -> None:
        """As `backend_pdf.FigureCanvasPdf.print_pdf` for one page, with this module's renderer."""
        dpi = self.figure.dpi
        self.figure.dpi = 72  # there are 72 pdf points to an inch
        width, height = self.figure.get_size_inches()
        file = backend_pdf.PdfFile(filename, metadata=metadata)
        try:
            file.newPage(width, height)
            renderer = MixedModeRenderer(
                self.figure,
                width,
                height,
                dpi,
                RendererPdf(file, dpi, height, width),
                bbox_inches_restore=bbox_inches_restore,
            )
            self.figure.draw(renderer)  # type: ignore[arg-type]  # (as backend_pdf: it is a renderer)
            renderer.finalize()
            file.finalize()
        finally:
            file.close()


FigureCanvas = FigureCanvasPdf
