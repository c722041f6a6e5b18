"""The small commands: `validate` and `schema` (one function each, arguments in `main`)."""

from __future__ import annotations

import argparse
import json
import sys
import time

from dashboard.core.coverage import coverage, unsupported
from dashboard.core.known import known_by
from dashboard.core.loader import load_dataset
from dashboard.core.plural import counted
from dashboard.core.problems import DatasetError
from dashboard.core.schema import dataset_schema_text

MAX_NOTICES = 200  # unsupported fields listed in text (all of them with --json)


def validate(args: argparse.Namespace) -> int:
    """Exit 0 and a summary, the dataset's source coverage and every asserted field that no quote or
    note supports (notices, not errors); or exit 1 and every problem. With `--json`, one JSON object
    (for a caller that shows them itself: the app's upload check)."""
    t0 = time.perf_counter()
    try:
        loaded = load_dataset(args.data, base=args.base)
    except DatasetError as exc:
        if not getattr(args, "json", False):
            raise
        print(json.dumps({"valid": False, "problems": [p.as_dict() for p in exc.problems]}))
        return 1
    summary = f"{loaded.summary()} in {time.perf_counter() - t0:.2f} s"
    day = getattr(args, "known_by", None)
    if day is not None:  # the whole dataset is valid; what follows is what was known on the day
        loaded = known_by(loaded, day)
        c = loaded.counts()
        summary += (
            f"; known by {day.isoformat()}: {counted(c['sources'], 'source')}, "
            f"{counted(c['movements'], 'movement')}, {counted(c['events'], 'event')}, {counted(c['areas'], 'area')}"
        )
    cov = coverage(loaded.dataset)
    notices = unsupported(loaded)
    if getattr(args, "json", False):
        print(
            json.dumps(
                {
                    "valid": True,
                    "summary": summary,
                    "coverage": {
                        "share": cov.share,
                        "total": cov.total,
                        "counts": cov.counts,
                        "summary": cov.summary(),
                    },
                    "unsupported": [p.as_dict() for p in notices],
                }
            )
        )
        return 0
    print(summary)
    print(cov.summary())
    for p in notices[:MAX_NOTICES]:
        print(f"  notice: {p}")
    if len(notices) > MAX_NOTICES:
        print(f"  ... and {len(notices) - MAX_NOTICES:,} more unsupported fields (--json lists them all)")
    return 0


def schema(args: argparse.Namespace) -> int:
    text = dataset_schema_text()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
