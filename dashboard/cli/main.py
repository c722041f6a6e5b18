"""Command line: `python -m dashboard validate | export | schema | draft | import | publish | story | prepare`
(or `deploymap ...`).

All argparse is here and in the commands' `add_arguments`; the library raises domain
errors and this edge turns them into exit codes, in one place: 1 the data is invalid
or a render failed, 2 the command line is wrong, 130 interrupted. Never a traceback
(set DASHBOARD_DEBUG=1 to see one).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import cast

from dashboard.cli import commands
from dashboard.cli import draft as draft_command
from dashboard.cli import export as export_command
from dashboard.cli import importer as import_command
from dashboard.cli import prepare as prepare_command
from dashboard.cli import publish as publish_command
from dashboard.cli.args import Parser, UsageError, parse_date
from dashboard.core.paths import DEFAULT_DATA
from dashboard.core.problems import DatasetError
from dashboard.export.errors import BrowserUnavailable, ExportError


def build_parser() -> Parser:
    p = Parser(prog="python -m dashboard", description="Troop-deployment map dashboard tools.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)

    v = sub.add_parser("validate", help="check a dataset and report every problem")
    v.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a dataset YAML file or folder (default: data/)")
    v.add_argument("--base", type=Path, default=None, help="folder that relative paths may not leave")
    v.add_argument("--json", action="store_true", help="print the result (summary or problems) as JSON")
    v.add_argument(
        "--known-by",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="report the dataset as known on this day: only what sources published on or before it said",
    )
    v.set_defaults(run=commands.validate)

    s = sub.add_parser("schema", help="write the JSON Schema of the dataset format")
    s.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    s.set_defaults(run=commands.schema)

    e = sub.add_parser("export", help="export the map or the state at a date")
    export_command.add_arguments(e)
    e.set_defaults(run=export_command.run)

    d = sub.add_parser("draft", help="draft a dataset from a news article")
    draft_command.add_arguments(d)
    d.set_defaults(run=draft_command.run)

    i = sub.add_parser("import", help="import a CSV, XLSX, GeoJSON, KML, CZML, MF-JSON, ORBAT or ACLED file")
    import_command.add_arguments(i)
    i.set_defaults(run=import_command.run)

    pub = sub.add_parser("publish", help="write a static site of the dataset (no server needed)")
    publish_command.add_publish_arguments(pub)
    pub.set_defaults(run=publish_command.run_publish)

    st = sub.add_parser("story", help="export a story: offline HTML slides, a PDF handout, a GIF or an MP4")
    publish_command.add_story_arguments(st)
    st.set_defaults(run=publish_command.run_story)

    pr = sub.add_parser("prepare", help="keep the app's first map page for a dataset (make run, before the server)")
    prepare_command.add_arguments(pr)
    pr.set_defaults(run=prepare_command.run)
    return p


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show '—' still gets the message
        try:
            # a TextIOWrapper for a console or pipe; the except covers streams without reconfigure
            cast(io.TextIOWrapper, stream).reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except DatasetError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except (UsageError, ExportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrowserUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except SystemExit:
        raise
    except Exception as exc:  # a failed render or write: a short message, not a traceback
        if os.environ.get("DASHBOARD_DEBUG"):
            raise
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        print(
            f"error: {args.command} failed: {type(exc).__name__}: {first} (set DASHBOARD_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 1


def console() -> None:
    """The `deploymap` console script."""
    raise SystemExit(main())
