"""The small commands: `validate` and `schema` (one function each, arguments in `main`)."""

from __future__ import annotations

import argparse
import sys
import time

from dashboard.core.loader import load_dataset
from dashboard.core.schema import dataset_schema_text


def validate(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    loaded = load_dataset(args.data, base=args.base)
    print(f"{loaded.summary()} in {time.perf_counter() - t0:.2f} s")
    return 0


def schema(args: argparse.Namespace) -> int:
    text = dataset_schema_text()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
