"""`python -m dashboard publish` (a static site) and `python -m dashboard story` (a story as an offline
HTML page, a PDF handout, a GIF or an MP4): their arguments and the commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.core.loader import load_dataset
from dashboard.core.paths import DEFAULT_DATA
from dashboard.core.plural import counted
from dashboard.export.errors import ExportError
from dashboard.export.files import check_writable
from dashboard.web.style import DEFAULT_THEME, THEME_NAMES

STORY_FORMATS = ("html", "pdf", "gif", "mp4")


def add_publish_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset YAML file or folder (default: data/)")
    p.add_argument(
        "--out", type=Path, required=True, help="folder to write the site into (new, empty, or an earlier site)"
    )
    p.add_argument("--title", default=None, help="the site's title (default: 'Troop deployments')")


def run_publish(args: argparse.Namespace) -> int:
    from dashboard.publish.site import publish

    loaded = load_dataset(args.data)
    report = publish(loaded, args.out, title=args.title)
    print(
        f"wrote {report.out}: {counted(len(report.files), 'file')}, {report.total / 1e6:.2f} MB; "
        f"first view (index.html and its assets; the words of every date load after) {report.first_view / 1e6:.2f} MB. "
        "Serve the folder from any static web host, or open index.html from disk."
    )
    return 0


def add_story_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset YAML file or folder (default: data/)")
    p.add_argument("--story", default=None, help="the story's id (default: the dataset's first story)")
    p.add_argument("--format", choices=STORY_FORMATS, default=None, help="html (slides), pdf (handout), gif or mp4")
    p.add_argument("--out", type=Path, required=True, help="the file to write (its suffix gives the format)")
    p.add_argument(
        "--theme",
        choices=THEME_NAMES,
        default=DEFAULT_THEME,
        help="the maps' colours: light (the app's), dark, or print (white sea, greys and ink that survive a photocopy)",
    )


def run_story(args: argparse.Namespace) -> int:
    from dashboard.engine.timeline import build_timeline
    from dashboard.export.files import write_bytes_atomic
    from dashboard.publish.handout import handout_pdf, story_video
    from dashboard.publish.pages import story_html

    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in STORY_FORMATS:
        raise ExportError(f"--format: a story exports as {', '.join(STORY_FORMATS)}; got '{fmt}'")
    check_writable(args.out)
    loaded = load_dataset(args.data)
    stories = {s.id: s for s in loaded.dataset.stories}
    if not stories:
        raise ExportError(f"{args.data} holds no stories (add a `stories:` section; see README, 'Stories')")
    story = stories.get(args.story) if args.story else loaded.dataset.stories[0]
    if story is None:
        raise ExportError(f"--story: no story '{args.story}' in {args.data}; it has {', '.join(stories)}")
    timeline = build_timeline(loaded)
    if fmt == "html":
        write_bytes_atomic(args.out, story_html(loaded, story, timeline, inline=True, theme=args.theme).encode("utf-8"))
    elif fmt == "pdf":
        handout_pdf(loaded, story, args.out, timeline, theme=args.theme)
    else:
        story_video(
            loaded,
            story,
            args.out.with_suffix(f".{fmt}") if args.out.suffix.lower() != f".{fmt}" else args.out,
            timeline,
            theme=args.theme,
        )
    print(f"wrote {args.out}: story '{story.id}', {counted(len(story.steps), 'step')} ({fmt}, {args.theme} theme)")
    return 0
