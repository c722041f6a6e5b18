"""Where matplotlib places a marker: the points of a path after its own clean-up, for our SVG and PDF writers.

The rule: both writers (`svgbackend`, `pdfbackend`) place markers exactly where matplotlib's would, so they
take the points from matplotlib's `Path.cleaned` (NaNs removed, clipped to the page) up to its STOP code,
and only for a path of moves and lines; anything else (curves) is left to matplotlib's own method.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.path import Path as MPath


def marker_points(path: Any, transform: Any, clip: tuple[float, float, float, float]) -> np.ndarray | None:
    """The (n, 2) marker positions of `path` under `transform`, or None when it holds more than moves and lines."""
    cleaned = path.cleaned(transform=transform, remove_nans=True, clip=clip)
    codes = cleaned.codes
    stop = np.flatnonzero(codes == MPath.STOP)
    end = int(stop[0]) if stop.size else len(codes)
    if not np.all((codes[:end] == MPath.MOVETO) | (codes[:end] == MPath.LINETO)):
        return None
    return np.asarray(cleaned.vertices[:end])
