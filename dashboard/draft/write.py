"""Writing a draft YAML file beside the dataset, with its source article's path relative to it."""

from __future__ import annotations

import copy
import os
from pathlib import Path

from dashboard.draft.builder import Draft

# ---------------------------------------------------------------------------- write
HEADER_COMMENT = """\
# DRAFT written by `python -m dashboard draft` from {article}.
# Check every record against the article before merging it into data/:
#  - quotes are copied verbatim from the article; each citation's `supports` names the fields its quote (or
#    note) backs; dates and numbers are written as the article gives them ('../2022-02-10' = by 10 Feb,
#    '2022-02-10/..' = from 10 Feb, 'about 1,700', 'up to 8'); what the draft reads or fills in (a weekday's
#    day, a home station, coordinates) is in a note citation, to confirm;
#  - places and units the dataset already has are referenced by id (not repeated here);
#  - TODO entries (place names or notes starting with "TODO") must be resolved or deleted;
#    `python -m dashboard validate --data FOLDER` lists them as TODOs.
"""


class _Flow(list):
    """A short list written on one line (``supports: [unit, to, arrive]``)."""


def _flow_supports(data: dict) -> dict:
    for recs in data.values():
        for rec in recs if isinstance(recs, list) else []:
            for c in rec.get("citations", []) if isinstance(rec, dict) else []:
                if isinstance(c, dict) and isinstance(c.get("supports"), list):
                    c["supports"] = _Flow(c["supports"])
    return data


def draft_yaml(draft: dict | Draft) -> str:
    """The draft as YAML text, in the dataset's style (each citation's `supports` on one line)."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
    data = _flow_supports(copy.deepcopy(draft.data if isinstance(draft, Draft) else draft))
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def _inside(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base.resolve())
        return True
    except ValueError:
        return False


def write_draft(
    draft: dict | Draft,
    out: str | os.PathLike,
    *,
    article_path: str | os.PathLike | None = None,
    article_text: str | None = None,
) -> list[Path]:
    """Write the draft YAML to `out`; returns the files written.

    The source's ``file`` is set here, relative to the draft's folder: the
    article itself when it lies inside the draft's base folder (the folder
    above the draft's folder, which the validator does not let paths leave),
    else a copy written beside the draft as ``<draft-stem>.source.txt``.
    """
    data = copy.deepcopy(draft.data if isinstance(draft, Draft) else draft)
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    base = folder.resolve().parent
    written: list[Path] = []
    src = data["sources"][0] if data.get("sources") else None
    shown = "an article"
    if src is not None and (article_path is not None or article_text is not None):
        apath = Path(article_path) if article_path is not None else None
        if apath is not None and _inside(apath, base) and apath.resolve() != out.resolve():
            src["file"] = Path(os.path.relpath(apath.resolve(), folder.resolve())).as_posix()
            shown = src["file"]
        else:
            stored = out.with_name(out.stem + ".source.txt")
            payload = apath.read_bytes() if apath is not None else article_text.encode("utf-8")  # type: ignore[union-attr]
            stored.write_bytes(payload)
            written.append(stored)
            src["file"] = stored.name
            where = f" (copied from {apath})" if apath is not None else ""
            src["note"] = (
                src.get("note", "") + f" The article's text is stored beside the draft as {stored.name}"
                f"{where}, because quotes can only be checked against a file inside the dataset's base folder."
            ).strip()
            shown = str(apath) if apath is not None else stored.name
    body = draft_yaml(data)
    out.write_text(HEADER_COMMENT.format(article=shown.replace("\n", " ")) + body, encoding="utf-8")
    return [out] + written
