"""`python -m dashboard draft`: its arguments and the command."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from dashboard.cli.args import parse_date
from dashboard.core import model
from dashboard.core.loader import (
    ADAPTERS_ITEM,
    LoadedDataset,
    dataset_files,
    default_base,
    load_dataset,
)
from dashboard.core.paths import DEFAULT_DATA
from dashboard.core.plural import counted
from dashboard.core.problems import DatasetError
from dashboard.core.yamlsafe import YamlProblem, parse_yaml, read_text
from dashboard.draft.builder import Draft, make_draft
from dashboard.draft.curation import field_backing_rows
from dashboard.draft.gazetteer import (
    slug,
)
from dashboard.draft.text import HEADER, MAX_ARTICLE_BYTES, TODO, article_date, dateline_date
from dashboard.draft.write import write_draft


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "seed", type=Path, help="the article: a UTF-8 text file; its first line may start with 'date YYYY-MM-DD'"
    )
    p.add_argument("--out", type=Path, required=True, help="the draft YAML file to write")
    p.add_argument(
        "--published",
        type=parse_date,
        default=None,
        help="the article's date (default: its 'date YYYY-MM-DD' first line)",
    )
    p.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="the existing dataset whose places and units are reused (default: data/)",
    )
    p.add_argument("--no-data", action="store_true", help="draft without an existing dataset")
    p.add_argument("--title", default=None, help="the source's title (default: the article's first sentence)")
    p.add_argument("--publisher", default=None, help="the source's publisher")
    p.add_argument("--url", default=None, help="the article's address (http:// or https://)")
    p.add_argument("--source-id", default=None, help="id for the article's source record")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")


def _fail(message: str, code: int = 2) -> int:
    print(f"python -m dashboard draft: error: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:  # noqa: C901 (one check per argument, each with its own message)
    """The `draft` command: 0 written, 1 the existing dataset is invalid or writing failed, 2 bad arguments."""

    seed: Path = args.seed
    if not seed.exists():
        return _fail(f"the article '{seed}' does not exist")
    if not seed.is_file():
        return _fail(f"the article '{seed}' is not a file")
    try:
        text = read_text(seed, str(seed), MAX_ARTICLE_BYTES)
    except YamlProblem as exc:
        return _fail(f"cannot use the article: {exc.problem}")
    if not text.strip():
        return _fail(f"the article '{seed}' is empty")
    out: Path = args.out
    if out.suffix.lower() not in (".yaml", ".yml"):
        return _fail(f"--out '{out}' must end in .yaml or .yml (the loader reads only those)")
    if out.is_dir():
        return _fail(f"--out '{out}' is a folder; give a file name")
    if out.exists() and not args.force:
        return _fail(f"--out '{out}' exists; pass --force to overwrite it")
    if args.url is not None and not re.match(r"^https?://[^\s\"'<>]+$", args.url):
        return _fail(f"--url '{args.url}' must be an http:// or https:// address")
    if args.source_id is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}", args.source_id):
        return _fail(f"--source-id '{args.source_id}' may hold only letters, digits, '.', '_' and '-'")
    header = article_date(text)
    header_line = HEADER.match(text)
    if header_line is not None and header is None:
        return _fail(f"the article's first line gives '{header_line.group(1)}', which is not a real date")
    published = args.published or header
    if published is None:
        return _fail("the article has no 'date YYYY-MM-DD' first line or dated dateline; pass --published YYYY-MM-DD")
    dateline = dateline_date(text) if header_line is None else None
    if dateline is not None and not args.published:
        print(f"note: the article's date {dateline[0]} is read from {dateline[1]}; check it", file=sys.stderr)
    if args.published and header and args.published != header:
        print(
            f"note: --published {args.published} differs from the article's date line {header}; using --published",
            file=sys.stderr,
        )
    existing = None
    if not args.no_data:
        if not args.data.exists():
            return _fail(f"--data '{args.data}' does not exist (pass --no-data to draft without a dataset)")
        existing = _load_existing(args.data, DatasetError)
        if isinstance(existing, DatasetError):
            print(existing.report(), file=sys.stderr)
            return _fail(f"the dataset '{args.data}' has problems besides TODOs; fix them or pass --no-data", 1)
    source_id = args.source_id or "src-" + (slug(seed.stem, 60) or "article")
    draft = make_draft(
        text, published, existing, source_id=source_id, title=args.title, publisher=args.publisher, url=args.url
    )
    try:
        files = write_draft(draft, out, article_path=seed)
    except OSError as exc:
        return _fail(f"cannot write '{out}': {exc.strerror or exc}", 1)
    draft.todos = [t for t in draft.todos if not t.startswith("source file:")]  # write_draft stored the text
    print(_summary(draft, files))
    return 0


def _load_existing(path: Path, DatasetError: type[DatasetError]) -> Any:
    """The dataset to reuse; a dataset whose only problems are TODOs (earlier drafts) is read leniently."""

    try:
        return load_dataset(path)
    except DatasetError as exc:
        if not all(p.todo for p in exc.problems):
            return exc
    return _lenient_load(path)


def _lenient_load(path: Path) -> LoadedDataset:
    """Every record that validates on its own (used when the only problems are TODOs)."""
    from shapely.geometry import shape

    records: dict[str, list[Any]] = {name: [] for name in model.SECTIONS}
    for f in dataset_files(path):
        try:
            data = parse_yaml(read_text(f, str(f)), str(f))
        except YamlProblem:
            continue
        if not isinstance(data, dict):
            continue
        for name in model.SECTIONS:
            for item in data.get(name) or []:
                try:
                    records[name].append(ADAPTERS_ITEM[name].validate_python(item))
                except Exception:
                    continue
    sections: dict[str, Any] = records
    ds = model.Dataset.model_construct(**sections)
    geoms = {}
    for a in ds.areas:
        if isinstance(a.geometry, dict):
            try:
                geoms[a.id] = shape(a.geometry)
            except Exception:
                continue
    return LoadedDataset(dataset=ds, root=path, base=default_base(path), source_texts={}, geometries=geoms)


def _summary(draft: Draft, files: list[Path]) -> str:
    d = draft.data
    n = {k: len(d.get(k, [])) for k in ("sources", "places", "units", "movements", "events")}
    todo_places = sum(1 for p in d.get("places", []) if p["name"].startswith(TODO) or p["note"].startswith(TODO))
    lines = [
        f"wrote {files[0]}: {counted(n['sources'], 'source')}, {counted(n['places'], 'place')} ({todo_places} TODO), "
        f"{counted(n['units'], 'unit')}, {counted(n['movements'], 'movement')}, {counted(n['events'], 'event')}"
    ]
    for f in files[1:]:
        lines.append(f"stored the article's text as {f}")
    rows = field_backing_rows(d)
    if rows:
        kinds = [r["backed by"].split(" ")[0] for r in rows]
        lines.append(
            f"fields of the drafted movements and events: {kinds.count('quote')} backed by a quote naming them, "
            f"{kinds.count('note')} by a note (the draft's reading or general knowledge: confirm), "
            f"{kinds.count('TODO')} TODO"
        )
    for section, ids in draft.reused.items():
        lines.append(f"reuses existing {section}: {', '.join(ids)}")
    for t in draft.todos:
        lines.append(f"TODO: {t}")
    for w in draft.warnings:
        lines.append(f"warning: {w}")
    lines.append(f"check it with: python -m dashboard validate --data {files[0].parent} (TODOs are reported as such)")
    return "\n".join(lines)
