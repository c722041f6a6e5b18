"""Each unit's APP-6 symbol as a PNG (for KMZ icons and CZML billboards): the static export's drawing of
milsymbol's SVG (`dashboard.export.mplsymbols`), rendered by matplotlib, one image per distinct symbol."""

from __future__ import annotations

import io
from typing import Any


def unit_icons(loaded: Any) -> dict[str, bytes]:
    """Each unit's APP-6 symbol as PNG bytes, by unit id (one drawing per distinct symbol)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.transforms import Affine2D

    from dashboard.export.mplsymbols import symbol_artists, symbol_drawing, unit_drawing
    from dashboard.web.symbols import unit_svg

    pngs: dict[str, bytes] = {}
    by_key: dict[str, bytes] = {}
    for u in loaded.dataset.units:
        key = unit_svg(u)
        if key not in by_key:
            try:
                drawing = symbol_drawing(key)
            except Exception:  # noqa: BLE001 (a symbol we cannot convert: the plain frame, as the static export)
                drawing = unit_drawing(u)
            fig = plt.figure(figsize=(0.64, 0.48), dpi=100)
            centre = Affine2D().translate(0.32, 0.24) + fig.dpi_scale_trans
            for artist in symbol_artists(drawing, centre, 1.0, height_pt=30.0):
                fig.add_artist(artist)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", transparent=True)
            plt.close(fig)
            by_key[key] = buf.getvalue()
        pngs[u.id] = by_key[key]
    return pngs
