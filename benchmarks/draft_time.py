"""The draft assistant's time per article (CPU and wall), with the dependency parser and with the keyword rules
alone (issue 18, round 5).

    .venv/bin/python benchmarks/draft_time.py [--set FOLDER ...] [--repeat 3]

Every ``*.txt`` of the sets is drafted ``--repeat`` times with the checked parser (``dashboard.draft.parser``)
and as many times with the rules alone (the parser replaced by its fallback state, as when the model is
missing); the median per article of each is reported, beside the one-off cost of checking the model's files
against the manifest and loading it. CPU is the process's user+sys time (``time.process_time``); the machine
is shared, so the 1-minute load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.draft import builder, make_draft  # noqa: E402
from dashboard.draft import parser as P  # noqa: E402
from dashboard.draft.text import article_date  # noqa: E402

SETS = ["tests/data/articles_dev3", "tests/data/articles_holdout3", "tests/data/articles_holdout4"]


def _articles(sets: list[str]) -> list[tuple[str, dt.date]]:
    out = []
    for folder in sets:
        for f in sorted((ROOT / folder).glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            day = article_date(text) or dt.date(2024, 1, 1)  # a date for articles without one (not scored here)
            out.append((text, day))
    return out


def _per_article(arts: list[tuple[str, dt.date]], state: P.ParserState, repeat: int) -> tuple[float, float]:
    """Median CPU and wall seconds per article over `repeat` runs of the whole list."""
    builder.parser = lambda: state  # type: ignore[assignment]
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for text, day in arts:
            make_draft(text, day, None)
        cpu.append((time.process_time() - c0) / len(arts))
        wall.append((time.perf_counter() - w0) / len(arts))
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", dest="sets", metavar="FOLDER")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    arts = _articles(args.sets or SETS)
    c0, w0 = time.process_time(), time.perf_counter()
    state = P.load_parser(P.load_manifest(), P.package_dir())
    load_cpu, load_wall = time.process_time() - c0, time.perf_counter() - w0
    print(f"articles: {len(arts)}; 1-minute load average {os.getloadavg()[0]:.1f}")
    print(f"parser check + load (once per process): {load_cpu:.2f} s CPU, {load_wall:.2f} s wall ({state.engine})")
    if state.nlp is None:
        print(state.note)
    rules = P.ParserState(None, P.ENGINE_RULES, "benchmark: rules alone")
    make_draft(*arts[0])  # warm the gazetteer and the caches once, for both
    for name, st in (("rules alone", rules), ("with the parser", state), ("rules alone", rules)):
        cpu, wall = _per_article(arts, st, args.repeat)
        print(f"{name:16} {cpu * 1000:7.1f} ms CPU  {wall * 1000:7.1f} ms wall per article (median of {args.repeat})")
    print(f"1-minute load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
