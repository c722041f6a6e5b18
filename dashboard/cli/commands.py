"""The small commands: `validate` and `schema` (one function each, arguments in `main`)."""

from __future__ import annotations

import argparse
import json
import sys
import time

from dashboard.core.loader import load_dataset
from dashboard.core.problems import DatasetError
from dashboard.core.schema import dataset_schema_text


def validate(args: argparse.Namespace) -> int:
    """Exit 0 and a summary, or exit 1 and every problem (as JSON lines' worth of records
    with `--json`, for a caller that shows them itself: the app's upload check)."""
    t0 = time.perf_counter()
    try:
        loaded = load_dataset(args.data, base=args.base)
    except DatasetError as exc:
        if not getattr(args, "json", False):
            raise
        print(json.dumps({"valid": False, "problems": [p.as_dict() for p in exc.problems]}))
        return 1
    summary = f"{loaded.summary()} in {time.perf_counter() - t0:.2f} s"
    print(json.dumps({"valid": True, "summary": summary}) if getattr(args, "json", False) else summary)
    return 0


def schema(args: argparse.Namespace) -> int:
    text = dataset_schema_text()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
