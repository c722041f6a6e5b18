"""`python -m dashboard import FILE [--format ...] [--map FIELD=COLUMN ...] --out DIR`.

Reads another tool's file (`dashboard.interchange.read`), writes what it could read as a dataset folder,
lists every problem (file, row or element, record, field), then validates the folder as `validate` does.
Exit 0: imported and valid; 1: imported, with problems to fix (listed); 2: the command line is wrong or
nothing could be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.cli.args import UsageError
from dashboard.core.plural import counted

MAX_LISTED = 200


def add_arguments(p: argparse.ArgumentParser) -> None:
    from dashboard.interchange import IMPORT_FORMATS

    p.add_argument("file", type=Path, help="the file to import")
    p.add_argument("--format", choices=IMPORT_FORMATS, default="auto", help="its format (default: from the file)")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="take FIELD from COLUMN (csv, xlsx, ods; repeatable), e.g. --map from=Origin --map depart='Left on'",
    )
    p.add_argument("--out", type=Path, required=True, help="the dataset folder to write (new or empty)")
    p.add_argument("--json", action="store_true", help="also print the import's problems as one JSON line")


def run(args: argparse.Namespace) -> int:
    from dashboard.core.loader import load_dataset
    from dashboard.core.problems import DatasetError
    from dashboard.interchange import read
    from dashboard.interchange.dataset import ImportTargetError, write_dataset
    from dashboard.interchange.mapping import MappingError, parse_map

    if not args.file.is_file():
        raise UsageError(f"{args.file} is not a file")
    try:
        mapping = parse_map(args.map)
    except MappingError as exc:
        raise UsageError(str(exc)) from None
    result = read(args.file, args.format, mapping)
    if getattr(args, "json", False):  # for a caller that shows them itself (the app's upload)
        print(json.dumps({"problems": [p.as_dict() for p in result.problems]}))
    counts = result.counts()
    for p in result.problems[:MAX_LISTED]:
        print(f"  {'todo' if p.todo else 'problem'}: {p}", file=sys.stderr)
    if len(result.problems) > MAX_LISTED:
        print(f"  ... and {len(result.problems) - MAX_LISTED:,} more", file=sys.stderr)
    if not counts:
        print(f"error: nothing could be imported from {args.file}", file=sys.stderr)
        return 2
    try:
        written = write_dataset(result, args.out, args.file.name)
    except ImportTargetError as exc:
        raise UsageError(str(exc)) from None
    shown = ", ".join(f"{n:,} {s}" for s, n in counts.items())
    print(f"imported {shown} from {args.file} into {args.out} ({counted(len(written), 'file')})")
    try:
        loaded = load_dataset(args.out)
    except DatasetError as exc:
        print(f"validate --data {args.out}: {exc.report()}", file=sys.stderr)
        return 1
    print(loaded.summary())
    return 1 if any(not p.todo for p in result.problems) else 0
