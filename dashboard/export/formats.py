"""One function per drawn format (`export_<format>(loaded, options, out, ...)`); `export`/`export_bytes`
(`dispatch`) pick one by name and `export_geojson` lives in `geojson`, both re-exported here.
Rendering returns bytes; writing is one atomic step at the end. Each function imports what it
draws with when called (folium for html, matplotlib for svg/pdf, Chromium for png/gif/mp4), so
one format never pays for another's libraries."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

from dashboard.export.dispatch import export, export_bytes
from dashboard.export.errors import BrowserUnavailable
from dashboard.export.files import atomic_path, write_bytes_atomic
from dashboard.export.geojson import export_geojson
from dashboard.export.layout import (
    DEFAULT_FPS,
    DEFAULT_FRAMES,
    DEFAULT_HEIGHT,
    DEFAULT_TITLE,
    DEFAULT_WIDTH,
    check_animation,
    check_size,
    ensure_timeline,
    frame_days,
    progress_tracker,
    resolve_date,
    window_covering,
)

if TYPE_CHECKING:
    from dashboard.export.browser import BrowserRenderer

__all__ = [
    "export",
    "export_bytes",
    "export_geojson",
    "export_gif",
    "export_html",
    "export_mp4",
    "export_pdf",
    "export_png",
    "export_svg",
    "render_frames",
    "shared_palette",
]

# --------------------------------------------------------------------------- public exports


def export_png(
    loaded,
    options,
    out: Path,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    scale: float = 2,
    *,
    timeline=None,
    renderer: BrowserRenderer | None = None,
    engine: str = "auto",
    progress: bool = False,
) -> Path:
    """The map on `options.date` as a PNG of (width*scale) x (height*scale) pixels."""
    from dashboard.export.browser import browser_png, pick_engine
    from dashboard.export.static import StaticMap

    check_size(width, height, scale)
    timeline = ensure_timeline(loaded, timeline)
    kind = "static" if engine == "static" else "browser" if renderer is not None else pick_engine(engine)
    with progress_tracker(4, "png", progress) as bar:
        png = None
        if kind == "browser":
            try:
                png = browser_png(loaded, options, timeline, width, height, scale, renderer, bar)
            except BrowserUnavailable:
                if engine != "auto":
                    raise
                print("warning: Chromium is unavailable; drawing the PNG with the static renderer", file=sys.stderr)
        if png is None:
            sm = StaticMap(loaded, options, timeline, width, height, scale)
            bar.update(2)
            png = sm.to_bytes("png")
            bar.update(2)
    png = _exact_png(png, round(width * scale), round(height * scale))
    write_bytes_atomic(out, png)
    return Path(out)


def _exact_png(png: bytes, w: int, h: int) -> bytes:
    """Guard against off-by-one sizes from rounding: crop or pad to exactly w x h."""
    from PIL import Image

    im = Image.open(io.BytesIO(png))
    if im.size == (w, h):
        return png
    canvas = Image.new("RGB", (w, h), "white")
    canvas.paste(im.convert("RGB").crop((0, 0, min(w, im.width), min(h, im.height))), (0, 0))
    buf = io.BytesIO()
    canvas.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _export_static(fmt: str, loaded, options, out: Path, width: int, height: int, timeline) -> Path:
    from dashboard.export.static import StaticMap

    check_size(width, height, 1)
    data = StaticMap(loaded, options, ensure_timeline(loaded, timeline), width, height).to_bytes(fmt)
    write_bytes_atomic(out, data)
    return Path(out)


def export_svg(
    loaded, options, out: Path, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, *, timeline=None
) -> Path:
    """A static vector map (no browser); texts stay text."""
    return _export_static("svg", loaded, options, out, width, height, timeline)


def export_pdf(
    loaded, options, out: Path, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, *, timeline=None
) -> Path:
    """A static vector map as PDF (TrueType fonts embedded, text selectable)."""
    return _export_static("pdf", loaded, options, out, width, height, timeline)


def export_html(loaded, options, out: Path, *, timeline=None) -> Path:
    """One self-contained interactive page (assets inlined, timeline playback) that opens offline."""
    from branca.element import Element, Figure

    from dashboard.web.page import build_map, render_html

    timeline = ensure_timeline(loaded, timeline)
    day = resolve_date(loaded, options, timeline)
    window = window_covering(loaded, timeline, day, base=options.window)
    opts = replace(options, date=day, window=window, controls=True)
    m = build_map(loaded, opts, timeline)
    title = options.title or DEFAULT_TITLE
    root = cast(Figure, m.get_root())  # a folium map's root is its Figure
    root.header.add_child(Element(f"<title>{html_lib.escape(title)}</title>"), name="dm_title")
    from dashboard.web.described import add_words

    add_words(m, loaded, timeline, day, window)  # the map in words, for screen readers
    write_bytes_atomic(out, render_html(m, inline=True).encode("utf-8"))
    return Path(out)


def _progress_bar(frame: np.ndarray, fraction: float) -> np.ndarray:
    """Draw a thin timeline progress bar along the bottom edge (also keeps every frame distinct,
    so a GIF encoder never merges frames: the last pixel's shade carries the fraction)."""
    h, w = frame.shape[:2]
    t = max(2, round(h / 250))
    band = frame[h - t :, :, :]
    band[:] = (214, 221, 228)
    x = fraction * w
    full = int(x)
    band[:, :full] = (31, 78, 140)
    if full < w:
        part = x - full
        band[:, full] = (np.array((214, 221, 228)) * (1 - part) + np.array((31, 78, 140)) * part).astype(np.uint8)
    return frame


def render_frames(
    loaded,
    options,
    start: dt.date,
    end: dt.date,
    frames: int = DEFAULT_FRAMES,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    scale: float = 1,
    *,
    timeline=None,
    renderer: BrowserRenderer | None = None,
    engine: str = "auto",
    progress: bool = False,
    on_frame=None,
) -> Iterator[np.ndarray]:
    """Frames (H x W x 3 uint8) of the timeline from `start` to `end`, units gliding along their routes.
    `on_frame(done, total)` is called after each frame (the app's progress bar)."""
    from dashboard.export.browser import (
        FIT_PADDING,
        FRAME_JS,
        PREPARE_JS,
        browser_options,
        default_renderer,
        pick_engine,
        still_map_html,
    )
    from dashboard.export.static import StaticMap

    check_size(width, height, scale)
    timeline = ensure_timeline(loaded, timeline)
    days = frame_days(start, end, frames)
    kind = "static" if engine == "static" else "browser" if renderer is not None else pick_engine(engine)
    from PIL import Image

    if kind == "browser" and renderer is None:
        try:
            renderer = default_renderer()
        except BrowserUnavailable:
            if engine != "auto":
                raise
            print("warning: Chromium did not start; drawing the frames with the static renderer", file=sys.stderr)
            kind = "static"
    with progress_tracker(frames, "frames", progress) as bar:
        if kind == "browser" and renderer is not None:  # renderer is set above whenever kind is "browser"
            opts = browser_options(loaded, replace(options, date=start), timeline, start, end)
            html, name = still_map_html(loaded, opts, timeline, start, end)
            with renderer.open_page(html, width, height, scale) as page:
                page.evaluate(
                    PREPARE_JS,
                    {"mapName": name, "bounds": list(opts.bounds), "day": float(days[0]), "pad": list(FIT_PADDING)},
                )
                for k, day in enumerate(days):
                    page.evaluate(FRAME_JS, float(day))
                    frame = np.asarray(Image.open(io.BytesIO(page.frame())).convert("RGB")).copy()
                    yield _progress_bar(frame, k / (frames - 1))
                    bar.update(1)
                    if on_frame:
                        on_frame(k + 1, frames)
        else:
            sm = StaticMap(
                loaded, replace(options, date=start), timeline, width, height, scale, sources_span=(start, end)
            )
            for k, day in enumerate(days):
                sm.draw_day(float(day))
                yield _progress_bar(sm.to_array(), k / (frames - 1))
                bar.update(1)
                if on_frame:
                    on_frame(k + 1, frames)


def export_gif(
    loaded,
    options,
    out: Path,
    start: dt.date,
    end: dt.date,
    *,
    fps: float = DEFAULT_FPS,
    frames: int = DEFAULT_FRAMES,
    width: int = 800,
    height: int = 500,
    scale: float = 1,
    timeline=None,
    renderer: BrowserRenderer | None = None,
    engine: str = "auto",
    progress: bool = False,
    on_frame=None,
) -> Path:
    """An animated GIF (looping) of the timeline from `start` to `end`."""
    import imageio.v3 as iio

    check_animation(start, end, frames, fps)
    check_size(width, height, scale)
    with atomic_path(out) as tmp:
        images = list(
            render_frames(
                loaded,
                options,
                start,
                end,
                frames,
                width,
                height,
                scale,
                timeline=timeline,
                renderer=renderer,
                engine=engine,
                progress=progress,
                on_frame=on_frame,
            )
        )
        iio.imwrite(
            tmp, np.stack(shared_palette(images)), extension=".gif", plugin="pillow", duration=1000.0 / fps, loop=0
        )
    return Path(out)


def shared_palette(frames: Sequence[np.ndarray], colours: int = 256) -> list[np.ndarray]:
    """The frames reduced to one 256-colour palette (no dithering): a GIF with steady colours
    that compresses ~3x better than one palette per frame, and that the GIF writer keeps exactly."""
    from PIL import Image

    picks = sorted({round(k * (len(frames) - 1) / 4) for k in range(5)})
    mosaic = Image.fromarray(np.concatenate([frames[k] for k in picks], axis=0))
    palette = mosaic.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    return [
        np.asarray(Image.fromarray(f).quantize(palette=palette, dither=Image.Dither.NONE).convert("RGB"))
        for f in frames
    ]


def export_mp4(
    loaded,
    options,
    out: Path,
    start: dt.date,
    end: dt.date,
    *,
    fps: float = DEFAULT_FPS,
    frames: int = DEFAULT_FRAMES,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    scale: float = 1,
    timeline=None,
    renderer: BrowserRenderer | None = None,
    engine: str = "auto",
    progress: bool = False,
    on_frame=None,
) -> Path:
    """An H.264 MP4 (yuv420p, even dimensions: plays everywhere) of the timeline from `start` to `end`."""
    import imageio_ffmpeg

    check_animation(start, end, frames, fps)
    check_size(width, height, scale)
    with atomic_path(out) as tmp:
        writer = None
        try:
            for frame in render_frames(
                loaded,
                options,
                start,
                end,
                frames,
                width,
                height,
                scale,
                timeline=timeline,
                renderer=renderer,
                engine=engine,
                progress=progress,
                on_frame=on_frame,
            ):
                h, w = frame.shape[0] // 2 * 2, frame.shape[1] // 2 * 2
                frame = np.ascontiguousarray(frame[:h, :w])
                if writer is None:
                    writer = imageio_ffmpeg.write_frames(
                        str(tmp),
                        (w, h),
                        fps=fps,
                        codec="libx264",
                        pix_fmt_in="rgb24",
                        pix_fmt_out="yuv420p",
                        quality=None,
                        macro_block_size=2,
                        ffmpeg_log_level="error",
                        output_params=["-crf", "20", "-preset", "veryfast", "-movflags", "+faststart", "-f", "mp4"],
                    )
                    writer.send(None)
                writer.send(frame)
        finally:
            if writer is not None:
                writer.close()
    return Path(out)
