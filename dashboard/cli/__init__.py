"""Command line: `python -m dashboard validate | export | schema | draft`.

Every failure is a short message and an exit code (1: the data is invalid,
2: the command line is wrong), never a Python traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from dashboard.core.problems import DatasetError

from dashboard.core.paths import DEFAULT_DATA


def app_data_path(argv: list[str] | None = None) -> Path:
    """The dataset the app shows: `streamlit run dashboard/app.py -- --data PATH` (default: data/)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args.data


class UsageError(Exception):
    """A wrong argument: reported with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit 2; keep that, shorter
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m dashboard", description="Troop-deployment map dashboard tools.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    v = sub.add_parser("validate", help="check a dataset and report every problem")
    v.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a dataset YAML file or folder (default: data/)")
    v.add_argument("--base", type=Path, default=None, help="folder that relative paths may not leave")

    s = sub.add_parser("schema", help="write the JSON Schema of the dataset format")
    s.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")

    from dashboard.export import add_export_arguments
    e = sub.add_parser("export", help="export the map or the state at a date")
    add_export_arguments(e)

    try:
        from dashboard.draft import add_draft_arguments
    except ImportError:  # the draft assistant is optional
        pass
    else:
        d = sub.add_parser("draft", help="draft a dataset from a news article")
        add_draft_arguments(d)
    return p


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show '—' still gets the message
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "schema":
            from dashboard.core.schema import dataset_schema_text
            text = dataset_schema_text()
            if args.out:
                args.out.write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
            return 0
        if args.command == "export":
            from dashboard.export import run_export
            return run_export(args)
        if args.command == "draft":
            from dashboard.draft import run_draft
            return run_draft(args)
    except DatasetError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2


def cmd_validate(args: argparse.Namespace) -> int:
    from dashboard.core.loader import load_dataset

    t0 = time.perf_counter()
    loaded = load_dataset(args.data, base=args.base)
    print(f"{loaded.summary()} in {time.perf_counter() - t0:.2f} s")
    return 0
