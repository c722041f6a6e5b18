"""How many edits a curator needs to get from a drafted article to a valid dataset (issue 18: "≤ 3 edits
per movement"), estimated per article of a set.

    .venv/bin/python benchmarks/draft_edits.py [--set FOLDER ...]

For every ``NAME.txt`` with ``NAME.expected.yaml`` (the keys of benchmarks/draft_eval.py), the article is
drafted as the curation page drafts it (the article's text stored beside the draft), checked with the
dataset (``dashboard.draft.curation.check_draft``), and scored with ``draft_eval.score_article``. The
estimate counts, as the curation page shows them:

* one edit per TODO or error the check reports (a place to locate, a home station to give);
* one edit per drafted movement that matches nothing expected (delete it);
* three edits per expected movement the draft missed (write the unit, the place and the movement).

A second count, *field edits*, repairs instead of rewriting: an expected movement the draft got
partly right (some drafted movement that matches nothing has its unit, origin, destination or stated
strength right) costs one edit per wrong field, as a curator changes a field in the curation page
rather than deleting the movement and writing it again (``draft_eval.repair_plan``); TODOs and errors
count as above. The first count (every partly right movement = delete + write anew, 4 edits) is kept
beside it so that rounds stay comparable.

Edits per movement = that sum / expected movements. It is an estimate of the work, not a timing: a
TODO place is one record to fill in, whatever its number of lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import draft_eval  # noqa: E402

from dashboard.core.loader import load_dataset  # noqa: E402
from dashboard.draft import article_date, draft_yaml, make_draft  # noqa: E402
from dashboard.draft.curation import check_draft  # noqa: E402


def article_edits(txt: Path, existing) -> dict:
    text = txt.read_text(encoding="utf-8")
    expected = yaml.safe_load(txt.with_name(txt.stem + ".expected.yaml").read_text(encoding="utf-8")) or {}
    day = article_date(text) or dt.date.fromisoformat(str(expected["date"]))
    draft = make_draft(text, day, existing, source_file="article.txt")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "article.txt").write_text(text, encoding="utf-8")
        check = check_draft(draft_yaml(draft.data), text, existing, Path(tmp) / "check")
    errors = [p for p in check.errors if "does not exist" not in p.message]  # the stored article's path
    row = draft_eval.score_article(txt, existing)
    mv = row["movements"]
    missed, extra = mv["expected"] - mv["matched"], mv["drafted"] - mv["correct"]
    return {
        "article": txt.stem,
        "expected": mv["expected"],
        "todos": len(check.todos),
        "errors": len(errors),
        "missed": missed,
        "extra": extra,
        "edits": len(check.todos) + len(errors) + extra + 3 * missed,
        "field_edits": len(check.todos) + len(errors) + row["repair"]["edits"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", dest="sets", metavar="FOLDER")
    args = ap.parse_args(argv)
    existing = load_dataset(ROOT / "data")
    for folder in args.sets or [str(ROOT / "tests" / "data" / "articles_frozen")]:
        rows = [
            article_edits(t, existing)
            for t in sorted(Path(folder).glob("*.txt"))
            if t.with_name(t.stem + ".expected.yaml").exists()
        ]
        print(f"\n== {folder}")
        for r in rows:
            per = f"{r['edits'] / r['expected']:.1f}/movement" if r["expected"] else "-"
            print(
                f"{r['article']:40} movements {r['expected']:2}  TODOs {r['todos']}  errors {r['errors']}  "
                f"missed {r['missed']}  extra {r['extra']}  edits {r['edits']:2}  {per}  field edits {r['field_edits']:2}"
            )
        keys = ("expected", "todos", "errors", "missed", "extra", "edits", "field_edits")
        total = {k: sum(r[k] for r in rows) for k in keys}
        per = round(total["edits"] / total["expected"], 2) if total["expected"] else None
        worst = max((r["edits"] / r["expected"] for r in rows if r["expected"]), default=0.0)
        print(f"total {total}; edits per expected movement {per}; worst article {worst:.1f}")
        per_f = round(total["field_edits"] / total["expected"], 2) if total["expected"] else None
        worst_f = max((r["field_edits"] / r["expected"] for r in rows if r["expected"]), default=0.0)
        print(f"field edits per expected movement {per_f}; worst article {worst_f:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
