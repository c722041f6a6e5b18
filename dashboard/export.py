"""Exports of the map and its data, shared by the CLI and the app.

Every file is written atomically: to a temporary file in the target folder,
then renamed, so an interrupted export never leaves a half-written file.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

FORMATS = ("geojson",)


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside `out`; rename it over `out` only on success."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(out: Path, data: bytes) -> None:
    with atomic_path(out) as tmp:
        tmp.write_bytes(data)


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    from .cli import DEFAULT_DATA, parse_date

    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset YAML file or folder (default: data/)")
    p.add_argument("--date", type=parse_date, required=True, help="the date to show, YYYY-MM-DD")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", type=Path, required=True, help="file to write")


def run_export(args: argparse.Namespace) -> int:
    from .geojson import state_feature_collection
    from .loader import load_dataset
    from .state import build_timeline

    loaded = load_dataset(args.data)
    timeline = build_timeline(loaded)
    if args.format == "geojson":
        fc = state_feature_collection(loaded, timeline, args.date)
        write_bytes_atomic(args.out, json.dumps(fc, ensure_ascii=False).encode("utf-8"))
    print(f"wrote {args.out}")
    return 0
