"""Arbitrary input never crashes the loader: it loads, or it raises DatasetError.

Default run: about 150 examples per test (a few seconds each). Run many more with
    make fuzz        (HYPOTHESIS_PROFILE=fuzz .venv/bin/pytest -m fuzz tests/core/test_fuzz_loader.py)
(profiles are registered in tests/conftest.py; the long profile lifts pytest-timeout's 300 s).
"""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dashboard.core.loader import LoadedDataset, load_dataset
from dashboard.core.problems import DatasetError, Problem

pytestmark = [pytest.mark.fuzz]
if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz":
    pytestmark.append(pytest.mark.timeout(3600))

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SECTIONS = ("sources", "places", "units", "movements", "events", "areas")
FIELDS = (
    "id",
    "name",
    "title",
    "publisher",
    "published",
    "file",
    "url",
    "note",
    "country",
    "lat",
    "lon",
    "nation",
    "branch",
    "echelon",
    "parent",
    "home",
    "sidc",
    "affiliation",
    "short_name",
    "unit",
    "from",
    "to",
    "depart",
    "arrive",
    "strength",
    "confidence",
    "description",
    "citations",
    "source",
    "quote",
    "date",
    "place",
    "valid_from",
    "valid_to",
    "geometry",
    "type",
    "coordinates",
)


class _TextDatesLoader(yaml.SafeLoader):
    """Safe loader that keeps 2022-02-10 as text (so safe_dump writes it back the same way)."""


_TextDatesLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _bundled_document() -> dict[str, list]:
    doc: dict[str, list] = {}
    for f in sorted(DATA.glob("*.yaml")):
        for key, value in (yaml.load(f.read_text(encoding="utf-8"), Loader=_TextDatesLoader) or {}).items():
            doc.setdefault(key, []).extend(value or [])
    return doc


BUNDLED = _bundled_document()
BUNDLED_TEXT = "".join(f.read_text(encoding="utf-8") for f in sorted(DATA.glob("*.yaml")))


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """A base folder like the repo's: work/data/<file> may cite ../seeds/... and geo/*.geojson."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "data" / "geo").mkdir(parents=True)
    shutil.copytree(REPO / "seeds", root / "seeds")
    for g in ("russian-buildup.geojson", "nato-eastern-flank.geojson"):
        shutil.copy(DATA / "geo" / g, root / "data" / "geo" / g)
    return root


def check_load(path: Path) -> LoadedDataset | None:
    """The property: a LoadedDataset or a DatasetError whose problems are well-formed."""
    try:
        return load_dataset(path)
    except DatasetError as exc:
        assert exc.problems, "a DatasetError must carry at least one problem"
        for p in exc.problems:
            assert isinstance(p, Problem) and isinstance(p.message, str) and p.message
            assert p.line is None or (isinstance(p.line, int) and p.line >= 1)
            str(p).encode("utf-8")  # printable by the CLI
        exc.report().encode("utf-8")
        return None


def _write_text(work: Path, text: str) -> Path:
    path = work / "data" / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- strategies ---

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2022-02-10",
            "2022-02-30",
            "2022-13-01",
            "0000-01-01",
            "XYZ",
            "DEU",
            "{{ x }}",
            "{% x %}",
            "../seeds/x.txt",
            "/etc/passwd",
            "90.5",
            "-181",
            "infantry",
            "brigade",
            "friend",
            "Polygon",
            "",
        ]
    ),
)
keys = st.one_of(st.sampled_from(FIELDS + SECTIONS), st.text(max_size=12))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=6)),
    max_leaves=40,
)
records = st.dictionaries(st.sampled_from(FIELDS), structures, max_size=10)
documents = st.one_of(
    structures,
    st.dictionaries(st.sampled_from(SECTIONS), st.one_of(st.lists(records, max_size=4), structures), max_size=6),
    st.dictionaries(st.one_of(st.sampled_from(SECTIONS), keys), structures, max_size=4),
)


@st.composite
def mutated_bundled(draw) -> dict[str, list]:
    """The bundled data with a few random edits: delete, replace, duplicate, drop."""
    doc = copy.deepcopy(BUNDLED)
    for _ in range(draw(st.integers(1, 4))):
        section = draw(st.sampled_from(SECTIONS))
        recs = doc.get(section) or []
        op = draw(
            st.sampled_from(
                [
                    "delete_field",
                    "replace_field",
                    "add_field",
                    "duplicate",
                    "drop_record",
                    "drop_section",
                    "replace_record",
                    "swap_ref",
                    "citation",
                ]
            )
        )
        if op == "drop_section":
            doc.pop(section, None)
            continue
        if not recs:
            continue
        i = draw(st.integers(0, len(recs) - 1))
        rec = recs[i]
        if not isinstance(rec, dict):  # an earlier edit replaced it with something else
            if op == "drop_record":
                recs.pop(i)
            continue
        if op == "delete_field" and rec:
            rec.pop(draw(st.sampled_from(sorted(rec))), None)
        elif op == "replace_field" and rec:
            rec[draw(st.sampled_from(sorted(rec)))] = draw(structures)
        elif op == "add_field":
            rec[draw(keys)] = draw(structures)
        elif op == "duplicate":
            recs.append(copy.deepcopy(rec))
        elif op == "drop_record":
            recs.pop(i)
        elif op == "replace_record":
            recs[i] = draw(structures)
        elif op == "swap_ref":  # point a reference at another record's id, or at nothing
            all_ids = [
                r["id"]
                for s in SECTIONS
                for r in doc.get(s) or []
                if isinstance(r, dict) and isinstance(r.get("id"), str)
            ] or ["x"]
            fld = draw(st.sampled_from(["unit", "from", "to", "place", "parent", "home", "source"]))
            rec[fld] = draw(st.one_of(st.sampled_from(all_ids), st.text(max_size=8)))
        elif op == "citation" and isinstance(rec.get("citations"), list) and rec["citations"]:
            cit = rec["citations"][0]
            if isinstance(cit, dict):
                cit[draw(st.sampled_from(["quote", "source", "note"]))] = draw(st.one_of(st.text(max_size=40), scalars))
    return doc


@st.composite
def mutated_text(draw) -> str:
    """The bundled YAML text with characters inserted, deleted or replaced (YAML's specials favoured)."""
    text = BUNDLED_TEXT
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(
            st.one_of(
                st.sampled_from(
                    list("&*!{}[]:-#|>'\"%@`?,\t\n ")
                    + ["{{", "{%", "---", "...", "- ", ": ", "\n  ", "&a ", "*a", "!!str ", "<<: "]
                ),
                st.text(max_size=5),
            )
        )
        if op == "insert":
            text = text[:pos] + piece + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)) :]
        else:
            text = text[:pos] + piece + text[pos + len(piece) :]
    return text


# --- properties ---


@given(text=st.text(max_size=400))
@example(text="")
@example(text="{{")
@example(text="- - - [ { ? : ] }")
@example(text="places: !!python/object/apply:os.system ['true']")
@example(text="a: &a [*a]")
@example(
    text="sources:\n  - id: x\n    file: ../../../../etc/passwd\n    title: t\n    publisher: p\n"
    "    published: 2022-01-01\n"
)
@example(text="\ufeffplaces: []")
def test_arbitrary_text(work, text):
    check_load(_write_text(work, text))


@given(data=st.binary(max_size=300))
@example(data=b"places:\n  - id: x\n    name: \xff\n")
@example(data=b"\x00\x00\xfe\xff")
def test_arbitrary_bytes(work, data):
    path = work / "data" / "fuzz.yaml"
    path.write_bytes(data)
    check_load(path)


@given(doc=documents)
def test_arbitrary_yaml_structures(work, doc: Any):
    check_load(_write_text(work, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)))


@given(doc=mutated_bundled())
def test_mutated_bundled_data(work, doc):
    check_load(_write_text(work, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_text())
def test_mutated_bundled_text(work, text):
    check_load(_write_text(work, text))


def test_unmutated_bundled_document_loads(work):
    """Guard for the mutation tests: the starting point itself is valid in the fuzz folder."""
    loaded = check_load(_write_text(work, yaml.safe_dump(BUNDLED, allow_unicode=True, sort_keys=False)))
    assert loaded is not None and loaded.counts()["movements"] == 3
    loaded = check_load(_write_text(work, BUNDLED_TEXT))
    assert loaded is not None and loaded.counts()["places"] == 9
