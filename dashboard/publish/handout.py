"""A story for the classroom and for slides: a PDF handout (one page per step) and a GIF or MP4 whose
frames carry the step's caption and source line.

Rule: each step's map is the static renderer's image on the step's date (the last day of a range),
framed on the step's box or units (dashboard.engine.story); the text beside it is the step's caption, its
citations word for word and the map in words on that day (dashboard.engine.describe). Text is drawn as
text: nothing from the dataset is read as markup (matplotlib's mathtext is off for every string).
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from pathlib import Path
from typing import Any

import numpy as np

from dashboard.core.loader import LoadedDataset
from dashboard.core.model import Story, StoryStep
from dashboard.engine.describe import describe
from dashboard.engine.story import citation_lines, step_view
from dashboard.engine.timeline import Timeline, build_timeline
from dashboard.export.errors import ExportError
from dashboard.web.options import MapOptions, default_window
from dashboard.web.style import DEFAULT_THEME

FRAME_SIZE = (1280, 720)  # a story video or GIF: 16:9, large enough to read
MAP_SIZE = (1280, 600)
STEP_SECONDS = 4.0
FPS = 5


def _bbox(view_bounds: Any) -> tuple[float, float, float, float] | None:
    if view_bounds is None:
        return None
    (south, west), (north, east) = view_bounds
    if east > 180:  # the static renderer takes boxes within -180..180
        east -= 360
    return (max(-180.0, west), max(-85.0, south), min(180.0, east), min(85.0, north))


def step_png(
    loaded: LoadedDataset,
    timeline: Timeline,
    step: StoryStep,
    day: dt.date,
    size: tuple[int, int] = MAP_SIZE,
    theme: str = DEFAULT_THEME,
) -> bytes:
    """The step's map on `day`, as a PNG of `size` pixels in a theme (static renderer, no browser)."""
    from dashboard.export.dispatch import export_bytes

    view = step_view(loaded, timeline, step)
    options = MapOptions(
        date=day,
        window=default_window(loaded, timeline),
        controls=False,
        bounds=_bbox(view.bounds),
        highlight_ids=view.movement_ids,
        theme=theme,
    )
    return export_bytes(
        "png", loaded, options, width=size[0], height=size[1], scale=1, engine="static", timeline=timeline
    )


def _plain(text: str) -> str:
    """Matplotlib reads '$' as mathematics; a dataset's text is shown as written."""
    return text.replace("$", r"\$")


def handout_pdf(
    loaded: LoadedDataset, story: Story, out: Path, timeline: Timeline | None = None, theme: str = DEFAULT_THEME
) -> Path:
    """A PDF handout: a page per step (A4 portrait) with its map (in `theme`), caption, sources and the
    map in words."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    timeline = timeline if timeline is not None else build_timeline(loaded)
    out = Path(out)
    buf = io.BytesIO()
    with PdfPages(buf, metadata={"Title": story.title, "Subject": "A story from the troop-deployment map"}) as pdf:
        for n, step in enumerate(story.steps, start=1):
            last = step.until or step.date
            fig = plt.figure(figsize=(8.27, 11.69))
            fig.text(0.07, 0.965, _plain(story.title), fontsize=15, weight="bold", va="top")
            when = f"{step.date:%-d %B %Y}" + (f" to {step.until:%-d %B %Y}" if step.until else "")
            fig.text(0.07, 0.935, f"Step {n} of {len(story.steps)}: {when}", fontsize=11, va="top")
            ax = fig.add_axes((0.07, 0.56, 0.86, 0.36))
            ax.imshow(mpimg.imread(io.BytesIO(step_png(loaded, timeline, step, last, theme=theme)), format="png"))
            ax.set_axis_off()
            y = 0.54
            blocks = [(step.caption, 11, "normal")]
            blocks += [(line, 9, "normal") for line in citation_lines(loaded, step)]
            blocks += [(f"The map on {last:%-d %B %Y}, in words: {describe(loaded, timeline, last).text}", 9, "normal")]
            for text, size, weight in blocks:
                wrapped = textwrap.fill(text, width=int(100 * 10 / size))
                fig.text(0.07, y, _plain(wrapped), fontsize=size, weight=weight, va="top", wrap=False)
                y -= (wrapped.count("\n") + 1) * size * 1.45 / 842 + 0.012
                if y < 0.04:
                    break
            pdf.savefig(fig)
            plt.close(fig)
    out.write_bytes(buf.getvalue())
    return out


def _font(size: int) -> Any:
    from matplotlib import font_manager
    from PIL import ImageFont

    return ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)


def _caption_frame(png: bytes, lines: list[str], progress: float) -> np.ndarray:
    """The map with a band under it holding the caption and the source line."""
    from PIL import Image, ImageDraw

    w, h = FRAME_SIZE
    frame = Image.new("RGB", (w, h), "white")
    frame.paste(Image.open(io.BytesIO(png)).convert("RGB").resize(MAP_SIZE), (0, 0))
    draw = ImageDraw.Draw(frame)
    big, small = _font(22), _font(16)
    y = MAP_SIZE[1] + 8
    for i, line in enumerate(lines):
        font = big if i == 0 else small
        for part in textwrap.wrap(line, width=100 if i == 0 else 140)[:2]:
            draw.text((16, y), part, fill=(20, 24, 30) if i == 0 else (60, 64, 72), font=font)
            y += 26 if i == 0 else 20
        if y > h - 24:
            break
    draw.rectangle((0, h - 4, int(w * progress), h), fill=(31, 78, 140))
    return np.asarray(frame)


def story_frames(
    loaded: LoadedDataset, story: Story, timeline: Timeline | None = None, theme: str = DEFAULT_THEME
) -> list[np.ndarray]:
    """The frames of a story video (maps in `theme`): each step held for STEP_SECONDS, a range step moving
    day by day."""
    timeline = timeline if timeline is not None else build_timeline(loaded)
    per_step = max(1, int(STEP_SECONDS * FPS))
    frames: list[np.ndarray] = []
    total = len(story.steps)
    for n, step in enumerate(story.steps, start=1):
        days = [step.date]
        if step.until and step.until > step.date:
            span = (step.until - step.date).days
            days = [step.date + dt.timedelta(days=k) for k in range(span + 1)]
        sources = "; ".join(citation_lines(loaded, step))
        for k, day in enumerate(days):
            png = step_png(loaded, timeline, step, day, theme=theme)
            lines = [f"{n}/{total} · {day:%-d %B %Y} · {step.caption}", f"Sources: {sources}"]
            image = _caption_frame(png, lines, n / total)
            hold = per_step if len(days) == 1 else (max(1, per_step // len(days)) if k < len(days) - 1 else per_step)
            frames.extend([image] * hold)
    return frames


def story_video(
    loaded: LoadedDataset, story: Story, out: Path, timeline: Timeline | None = None, theme: str = DEFAULT_THEME
) -> Path:
    """A GIF or MP4 (by `out`'s suffix) of the story, maps in `theme`, captions and sources burned into
    each frame."""
    out = Path(out)
    frames = story_frames(loaded, story, timeline, theme)
    suffix = out.suffix.lower()
    if suffix == ".gif":
        import imageio.v3 as iio

        iio.imwrite(out, np.stack(frames), extension=".gif", duration=1000 / FPS, loop=0)
    elif suffix == ".mp4":
        import imageio_ffmpeg

        writer = imageio_ffmpeg.write_frames(
            str(out), FRAME_SIZE, fps=FPS, codec="libx264", pix_fmt_out="yuv420p", macro_block_size=8
        )
        writer.send(None)
        for f in frames:
            writer.send(np.ascontiguousarray(f))
        writer.close()
    else:
        raise ExportError(f"a story video is a .gif or .mp4 file; got {out.name}")
    return out
