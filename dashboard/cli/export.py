"""`python -m dashboard export`: its arguments and the command."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.cli.args import UsageError, parse_date
from dashboard.core.known import known_by
from dashboard.core.loader import load_dataset
from dashboard.core.model import BRANCHES, CONFIDENCES, ECHELONS
from dashboard.core.paths import DEFAULT_DATA
from dashboard.engine.features import ROUTE_DETAILS
from dashboard.engine.filters import select_movements
from dashboard.engine.timeline import build_timeline
from dashboard.export.dispatch import export
from dashboard.export.errors import ExportError
from dashboard.export.files import check_writable
from dashboard.export.layout import (
    ANIMATION_SIZE,
    ANIMATIONS,
    DEFAULT_FPS,
    DEFAULT_FRAMES,
    DEFAULT_HEIGHT,
    DEFAULT_TITLE,
    DEFAULT_WIDTH,
    ENGINES,
    FORMATS,
    FPS_RANGE,
    FRAMES_RANGE,
    PRESETS,
    SCALE_RANGE,
    SIZE_RANGE,
    check_animation,
    check_bbox,
    check_size,
)
from dashboard.web.options import MapOptions, default_date, default_window
from dashboard.web.style import DEFAULT_THEME, THEME_NAMES

# --------------------------------------------------------------------------- command line


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not four numbers west,south,east,north") from None
    try:
        return check_bbox(values)
    except ExportError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace("--bbox ", "")) from None


def _int_in(lo: int, hi: int, name: str):
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{name} must be from {lo} to {hi}; got {v}")
        return v

    return parse


def _float_in(lo: float, hi: float, name: str):
    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not (math.isfinite(v) and lo <= v <= hi):
            raise argparse.ArgumentTypeError(f"{name} must be from {lo} to {hi}; got {text}")
        return v

    return parse


def add_arguments(p: argparse.ArgumentParser) -> None:

    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset YAML file or folder (default: data/)")
    p.add_argument(
        "--date", type=parse_date, default=None, help="the date to show, YYYY-MM-DD (default: the newest source's date)"
    )
    p.add_argument(
        "--format", choices=FORMATS, default=None, help="what to write (default: from the --out file's extension)"
    )
    p.add_argument("--out", type=Path, required=True, help="file to write (atomically)")
    p.add_argument(
        "--known-by",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="draw only what sources published on or before this day said (what was known then); "
        "the date shown defaults to it, or to the newest source's date before it",
    )
    g = p.add_argument_group("animations (gif, mp4)")
    g.add_argument(
        "--from",
        dest="from_date",
        type=parse_date,
        default=None,
        help="first day of the animation (default: start of the timeline)",
    )
    g.add_argument(
        "--to",
        dest="to_date",
        type=parse_date,
        default=None,
        help="last day of the animation (default: end of the timeline)",
    )
    g.add_argument(
        "--fps",
        type=_float_in(*FPS_RANGE, "--fps"),
        default=DEFAULT_FPS,
        help=f"frames per second (default {DEFAULT_FPS:g})",
    )
    g.add_argument(
        "--frames",
        type=_int_in(*FRAMES_RANGE, "--frames"),
        default=DEFAULT_FRAMES,
        help=f"number of frames (default {DEFAULT_FRAMES})",
    )
    s = p.add_argument_group("images")
    s.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default=None,
        help="a publishing size: square 1080x1080, 16:9 1920x1080, A4 landscape/portrait at 300 dpi "
        "(--width/--height/--scale override it)",
    )
    s.add_argument(
        "--width",
        type=_int_in(*SIZE_RANGE, "--width"),
        default=None,
        help=f"width in CSS pixels (default {DEFAULT_WIDTH}; {ANIMATION_SIZE[0]} for gif)",
    )
    s.add_argument(
        "--height",
        type=_int_in(*SIZE_RANGE, "--height"),
        default=None,
        help=f"height in CSS pixels (default {DEFAULT_HEIGHT}; {ANIMATION_SIZE[1]} for gif)",
    )
    s.add_argument(
        "--scale",
        type=_float_in(*SCALE_RANGE, "--scale"),
        default=None,
        help="device pixels per CSS pixel (default 2 for png, 1 for animations)",
    )
    where = s.add_mutually_exclusive_group()
    where.add_argument(
        "--bbox",
        type=parse_bbox,
        default=None,
        metavar="W,S,E,N",
        help="area to show, in degrees: west,south,east,north (e.g. --bbox=-10,35,40,60)",
    )
    # let a value like '-10,35,40,60' follow --bbox (argparse would take it for an option)
    if hasattr(p, "_negative_number_matcher"):
        p._negative_number_matcher = re.compile(r"^-\d+$|^-\d*\.\d+$|^-\d*\.?\d*(,\s*-?\d*\.?\d*)+$")
    where.add_argument("--fit", action="store_true", help="fit every feature (the default)")
    s.add_argument(
        "--theme",
        choices=THEME_NAMES,
        default=DEFAULT_THEME,
        help="colours: light (the app's), dark, or print (white sea, greys and ink that survive a photocopy)",
    )
    s.add_argument(
        "--graticule", action="store_true", help="draw parallels and meridians (static renderer; off by default)"
    )
    s.add_argument(
        "--context-labels",
        action="store_true",
        help="name the countries in view, below the units' labels (static renderer; off by default)",
    )
    s.add_argument("--title", default=None, help=f"title on the image (default: '{DEFAULT_TITLE}')")
    s.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="png/gif/mp4 renderer: browser (headless Chromium), static (matplotlib) or auto",
    )
    f = p.add_argument_group("filters (repeatable; as in the app)")
    f.add_argument("--nation", action="append", metavar="ISO3", help="the unit's nation, e.g. USA")
    f.add_argument("--branch", action="append", choices=BRANCHES)
    f.add_argument("--echelon", action="append", choices=ECHELONS)
    f.add_argument("--confidence", action="append", choices=CONFIDENCES)
    f.add_argument("--unit", action="append", metavar="UNIT_ID", help="a unit id (its subordinate units too)")
    f.add_argument("--country", action="append", metavar="ISO3", help="movements from or to this country")
    d = p.add_argument_group("geojson")
    d.add_argument(
        "--route",
        choices=ROUTE_DETAILS,
        default="simplified",
        help="each movement's route: the geodesic with a point every 500 km at most (simplified, the default), "
        "the map's 50 km steps, up to 130 points (full), or none",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _format_of(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    ext = args.out.suffix.lower().lstrip(".")
    ext = {"json": "geojson", "htm": "html"}.get(ext, ext)
    if ext not in FORMATS:
        raise ExportError(f"cannot tell the format from '{args.out.name}'; give --format ({', '.join(FORMATS)})")
    return ext


def _engine(args: argparse.Namespace) -> str:
    """The graticule and context labels are drawn by the static renderer: `auto` picks it for them."""
    if args.graticule or args.context_labels:
        if args.engine == "browser":
            raise ExportError("--graticule and --context-labels are drawn by --engine static (or auto), not browser")
        return "static"
    return str(args.engine)


def _check_codes(values: list[str] | None, name: str) -> None:
    for v in values or []:
        if not re.fullmatch(r"[A-Za-z]{3}", v.strip()):
            raise ExportError(f"--{name} takes a three-letter ISO code like USA; got '{v}'")


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """While exporting, SIGTERM raises SystemExit so the atomic writers clean up (as Ctrl+C does)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, _frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(args: argparse.Namespace) -> int:
    """The `export` command. Errors go to `cli.main`, which turns them into exit codes; here
    only what belongs to this command: SIGTERM cleans up like Ctrl+C, and says so."""
    with _terminate_raises():
        try:
            return _run(args)
        except SystemExit:
            print("terminated; nothing was written", file=sys.stderr)
            raise
        except PermissionError as exc:
            raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None


def _run(args: argparse.Namespace) -> int:

    check_writable(args.out)
    fmt = _format_of(args)
    _check_codes(args.nation, "nation")
    _check_codes(args.country, "country")
    if args.from_date and args.to_date and args.from_date >= args.to_date:
        raise ExportError(f"--from ({args.from_date}) must be before --to ({args.to_date})")
    animated = fmt in ANIMATIONS
    preset = PRESETS.get(args.preset) if args.preset else None
    width = args.width or (preset[0] if preset else ANIMATION_SIZE[0] if fmt == "gif" else DEFAULT_WIDTH)
    height = args.height or (preset[1] if preset else ANIMATION_SIZE[1] if fmt == "gif" else DEFAULT_HEIGHT)
    scale = args.scale if args.scale is not None else (preset[2] if preset else 1.0 if animated else 2.0)
    if fmt in ("png", "gif", "mp4"):
        check_size(width, height, scale)

    loaded = load_dataset(args.data)
    if args.known_by is not None:
        loaded = known_by(loaded, args.known_by)
        if not loaded.dataset.sources:
            print(
                f"note: no source was published on or before {args.known_by.isoformat()}; "
                "the map shows no claims (--known-by)",
                file=sys.stderr,
            )
    unknown = [u for u in args.unit or [] if u not in loaded.units]
    if unknown:
        raise ExportError(f"--unit: no unit with the id {', '.join(repr(u) for u in unknown)} in {args.data}")
    timeline = build_timeline(loaded)
    # The dataset lives until the process ends: move it out of the cyclic collector's sight, so the
    # export's own allocations do not make every full collection walk it again (100,000 movements:
    # seconds of an html or geojson export).
    gc.freeze()
    criteria = dict(
        nation=args.nation,
        branch=args.branch,
        echelon=args.echelon,
        confidence=args.confidence,
        unit=args.unit,
        country=args.country,
    )
    movement_ids = select_movements(loaded, **criteria) if any(criteria.values()) else None
    if movement_ids is not None and not movement_ids:
        print("warning: the filters select no movement; the map shows events and areas only", file=sys.stderr)
    date = args.date
    window = None
    if args.known_by is not None:
        # what was known on that day, as it stood then: never a later date than the day itself
        first, last = default_window(loaded, timeline)
        last = min(last, args.known_by)
        first = min(first, last - dt.timedelta(days=1))
        window = (first, last)
        if date is None:
            date = min(default_date(loaded, window), args.known_by)
    options = MapOptions(
        date=date,
        title=args.title,
        bounds=args.bbox,
        movement_ids=movement_ids,
        theme=args.theme,
        graticule=args.graticule,
        context_labels=args.context_labels,
    )
    kw: dict = {"timeline": timeline}
    if fmt == "geojson":
        kw.update(route=args.route)
    if fmt in ("png", "svg", "pdf") or animated:
        kw.update(width=width, height=height)
    if fmt == "png" or animated:
        kw.update(scale=scale, engine=_engine(args), progress=not args.quiet)
    if animated:
        first, last = window or default_window(loaded, timeline)
        kw.update(start=args.from_date or first, end=args.to_date or last, fps=args.fps, frames=args.frames)
        check_animation(kw["start"], kw["end"], args.frames, args.fps)
    export(fmt, loaded, options, args.out, **kw)
    print(f"wrote {args.out}")
    return 0
