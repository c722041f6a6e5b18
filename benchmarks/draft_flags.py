"""How well the curation page's "sentences that may hold a movement the draft did not write" point at the misses.

For every expected movement the draft does not match (benchmarks/draft_eval.py's rule: unit or nation, origin,
destination and strength where the expected file states them), is there a flagged sentence
(dashboard.draft.curation.uncovered_movement_sentences) that names its destination or its unit (names from the
expected file, folded as draft_eval's ``has``)? Also how many sentences are flagged per article (what the curator
reads).

    PYTHONPATH=. python benchmarks/draft_flags.py --set tests/data/articles_holdout5 [--set ...] [-q] [--words]

``--words`` flags by the recogniser's motion words instead of the parse (the page's fallback without a parser).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.draft_eval import _nominal, _records, _strength_ok, alternatives, has  # noqa: E402
from dashboard.core.loader import load_dataset  # noqa: E402
from dashboard.draft import article_date, make_draft  # noqa: E402
from dashboard.draft.curation import cited_quotes, uncovered_movement_sentences  # noqa: E402


def missed_movements(draft, existing, exp_moves: list[dict]) -> list[dict]:
    """The expected movements no drafted movement matches (draft_eval's score_article / move_ok, replicated)."""
    places = _records(draft, existing, "places")
    units = _records(draft, existing, "units")

    def move_ok(exp: dict, m: dict) -> bool:
        u = units.get(m.get("unit"), {})
        if "unit" in exp:
            name = u.get("name", "")
            if not any(has(name, a) or (name and has(a, name)) for a in alternatives(exp["unit"])):
                return False
        if "nation" in exp and u.get("nation") != exp["nation"]:
            return False
        for key in ("from", "to"):
            pname = (places.get(m.get(key)) or {}).get("name", "")
            if key in exp and not any(has(pname, a) for a in alternatives(exp[key])):
                return False
        return _strength_ok(exp, m.get("strength"))

    drafted = draft.data.get("movements", []) or []
    out = []
    for exp in exp_moves:
        matching = [m for m in drafted if move_ok(exp, m)]
        ok = bool(matching) and (
            "strength_sum" not in exp or sum(_nominal(m.get("strength")) for m in matching) == exp["strength_sum"]
        )
        if not ok:
            out.append(exp)
    return out


def score(txt: Path, existing, nlp) -> dict:
    text = txt.read_text(encoding="utf-8")
    expected = yaml.safe_load(txt.with_name(txt.stem + ".expected.yaml").read_text(encoding="utf-8")) or {}
    found = article_date(text)
    known = expected.get("date")
    day = known if known else found
    has_date_line = text.lstrip("\ufeff").lstrip().lower().startswith("date ")
    draft = make_draft(text, None if has_date_line and found else day, existing)
    flagged = uncovered_movement_sentences(draft.recognised.sentences, draft.data, nlp=nlp)
    missed = missed_movements(draft, existing, expected.get("movements") or [])
    quotes = cited_quotes(draft.data)
    quoted = [" ".join(s.text.split()) for s in draft.recognised.sentences]
    quoted = [t for t in quoted if any(q in t or t in q for q in quotes)]
    found_in, where = [], []
    for exp in missed:
        names = [*alternatives(exp.get("to")), *alternatives(exp.get("unit"))]
        found_in.append(next((f.number for f in flagged if any(has(f.text, n) for n in names)), None))
        if found_in[-1] is not None:
            where.append("flagged")
        elif any(has(t, n) for t in quoted for n in names):
            where.append("in a sentence a drafted movement quotes")
        else:
            where.append("elsewhere")
    return {
        "article": txt.name,
        "expected": len(expected.get("movements") or []),
        "missed": len(missed),
        "missed_flagged": sum(n is not None for n in found_in),
        "missed_quoted": where.count("in a sentence a drafted movement quotes"),
        "flagged": len(flagged),
        "lines": [f"  missed {exp} -> {'sentence ' + str(n) if n else w}" for exp, n, w in zip(missed, found_in, where)]
        + [f"  flag {f.number} [{f.verb}] {f.text[:140]}" for f in flagged],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", dest="sets", required=True, metavar="FOLDER")
    ap.add_argument("--data", default=str(ROOT / "data"))
    ap.add_argument("-q", "--quiet", action="store_true", help="totals only")
    ap.add_argument("--words", action="store_true", help="flag by motion words, not the parse")
    args = ap.parse_args(argv)
    existing = load_dataset(args.data)
    nlp = None if args.words else "draft"
    for s in args.sets:
        folder = Path(s) if Path(s).is_absolute() or Path(s).exists() else ROOT / s
        rows = [
            score(t, existing, nlp)
            for t in sorted(folder.glob("*.txt"))
            if t.with_name(t.stem + ".expected.yaml").exists()
        ]
        if not args.quiet:
            for r in rows:
                print(f"{r['article']}: missed {r['missed_flagged']}/{r['missed']} flagged, {r['flagged']} flags")
                print("\n".join(r["lines"]))
        n = len(rows)
        missed = sum(r["missed"] for r in rows)
        hit = sum(r["missed_flagged"] for r in rows)
        quoted = sum(r["missed_quoted"] for r in rows)
        flags = sum(r["flagged"] for r in rows)
        expected = sum(r["expected"] for r in rows)
        print(
            f"{folder.name}: {n} articles, {expected} expected movements, missed {missed}; "
            f"missed movements in a flagged sentence {hit}/{missed}"
            f" ({hit / missed:.0%}; of the rest {quoted} in a sentence a drafted movement quotes, "
            f"{missed - hit - quoted} elsewhere); flagged sentences {flags} ({flags / n:.1f} per article)"
            if missed and n
            else f"{folder.name}: {n} articles, nothing missed; flagged sentences {flags}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
