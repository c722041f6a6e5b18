"""Every publishing preset x theme on the three label test datasets (bundled data, crowded Baltic and
Korea), drawn by the static renderer with country names on (print: with the graticule): the PNGs, a
contact sheet per dataset and the label-overlap counts (the counting of tests/export/test_labels_export.py).

    PYTHONPATH=$PWD .venv/bin/python scripts/theme_matrix.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "export"))

from test_labels_export import DATASETS, _overlaps  # noqa: E402

from dashboard.core.loader import load_dataset  # noqa: E402
from dashboard.engine.timeline import build_timeline  # noqa: E402
from dashboard.export.layout import PRESETS, PT_PER_PX  # noqa: E402
from dashboard.export.static import StaticMap  # noqa: E402
from dashboard.web.options import MapOptions  # noqa: E402
from dashboard.web.style import THEME_NAMES  # noqa: E402


def covered(sm: StaticMap) -> int:
    """Labels (unit and country names) over a unit's symbol or an event star, as the test counts them."""
    renderer = sm.canvas.get_renderer()
    to_pt = 72.0 / sm.fig.dpi
    events = sm.ax.transData.transform(np.array(sm._events_xy or np.zeros((0, 2))).reshape(-1, 2))
    n = 0
    for art in sm.label_artists:
        bb = (art.get_bbox_patch() or art).get_window_extent(renderer)
        for sx, sy, w, h in sm.symbol_boxes:
            n += bb.x0 < sx + w / 2 - 1 and sx - w / 2 + 1 < bb.x1 and bb.y0 < sy + h / 2 - 1 and sy - h / 2 + 1 < bb.y1
        r = 11 * PT_PER_PX / to_pt
        for ex, ey in events:
            n += bb.x0 < ex + r - 1 and ex - r + 1 < bb.x1 and bb.y0 < ey + r - 1 and ey - r + 1 < bb.y1
    return n


def main(out: Path) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, path in DATASETS.items():
        loaded = load_dataset(path)
        timeline = build_timeline(loaded)
        thumbs = []
        for preset, (w, h, scale) in PRESETS.items():
            for theme in THEME_NAMES:
                options = MapOptions(theme=theme, context_labels=True, graticule=theme == "print")
                sm = StaticMap(loaded, options, timeline, w, h, scale)
                label_label, _pairs = _overlaps(sm)
                png = out / f"{name}-{preset.replace(':', 'x')}-{theme}.png"
                png.write_bytes(sm.to_bytes("png"))
                gids = [a.get_gid() for a in sm.label_artists]
                rows.append(
                    {
                        "dataset": name,
                        "preset": preset,
                        "theme": theme,
                        "label_label": label_label,
                        "label_symbol": covered(sm),
                        "unit_labels": gids.count("dm-label"),
                        "context_labels": gids.count("dm-context"),
                        "hidden": sm.labels_hidden,
                    }
                )
                print(rows[-1], flush=True)
                im = Image.open(png)
                im.thumbnail((480, 480))
                thumbs.append(im)
        sheet = Image.new("RGB", (3 * 490, 4 * 490), "white")
        for k, im in enumerate(thumbs):
            r, c = divmod(k, 3)
            sheet.paste(im, (c * 490 + 5, r * 490 + 5))
        sheet.save(out / f"sheet-{name}.png")
    (out / "overlaps.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return rows


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "test-artifacts" / "theme-matrix")
