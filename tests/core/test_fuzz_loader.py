"""Arbitrary input never crashes the loader: it loads, or it raises DatasetError; and the claims
parsers (parse_when, parse_amount) raise nothing but ValueError, give ordered bounds, and read back
what they write (as_yaml -> parse gives the same bounds).

Default run: about 150 examples per test (a few seconds each). Run many more with
    make fuzz        (HYPOTHESIS_PROFILE=fuzz .venv/bin/pytest -m fuzz tests/core/test_fuzz_loader.py)
(profiles are registered in tests/conftest.py; the long profile lifts pytest-timeout's 300 s).
"""

from __future__ import annotations

import copy
import datetime as dt
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
    "precision",
    "supports",
    "value",
    "preferred",
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
            # the claims model's forms (issue 14), valid and not
            "2022-02-10~",
            "2022-02-10?",
            "2022-02",
            "../2022-02-10",
            "2022-02-10/..",
            "2022-02-10/2022-02-14",
            "2022-02-14/2022-02-10",
            "../..",
            "2022-21",
            "2022-02-XX",
            "about 1,000",
            "800-1,000",
            "up to 8",
            "over 100,000",
            "1,000-800",
            "country",
            "region",
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


# --- the claims parsers (dashboard/core/claims.py) ---

from dashboard.core.claims import (  # noqa: E402 (the claims block of this file)
    FIRST_YEAR,
    LAST_YEAR,
    Amount,
    When,
    parse_amount,
    parse_when,
)

_days = st.dates(min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR, 12, 31))
_qualifier = st.sampled_from(["", "", "~", "?", "%"])


@st.composite
def edtf_parts(draw) -> str:
    """One EDTF level-1 part the dashboard reads: a day, month or year, perhaps qualified."""
    d = draw(_days)
    precision = draw(st.sampled_from(["day", "day", "month", "year"]))
    text = d.isoformat() if precision == "day" else d.isoformat()[:7] if precision == "month" else str(d.year)
    return text + draw(_qualifier)


@st.composite
def edtf_texts(draw) -> str:
    """A date as a curator writes it: one part, an interval (in order), or an open end."""
    kind = draw(st.sampled_from(["one", "interval", "by", "from"]))
    if kind == "one":
        return draw(edtf_parts())
    if kind == "by":
        return "../" + draw(edtf_parts())
    if kind == "from":
        return draw(edtf_parts()) + "/.."
    a, b = sorted([draw(_days), draw(_days)])
    cut = {"day": 10, "month": 7, "year": 4}
    pa, pb = draw(st.sampled_from(list(cut))), draw(st.sampled_from(list(cut)))
    return f"{a.isoformat()[: cut[pa]]}{draw(_qualifier)}/{b.isoformat()[: cut[pb]]}{draw(_qualifier)}"


_num = st.integers(0, 100_000_000)


@st.composite
def amount_texts(draw) -> object:
    n, m = sorted([draw(_num), draw(_num)])
    sep = draw(st.sampled_from(["", ",", " "]))
    fmt = (lambda x: f"{x:,}".replace(",", sep)) if sep else str
    return draw(
        st.sampled_from(
            [
                n,
                fmt(n),
                f"about {fmt(n)}",
                f"~{n}",
                f"{fmt(n)}-{fmt(m)}",
                f"between {fmt(n)} and {fmt(m)}",
                f"up to {fmt(m)}",
                f"over {fmt(n)}",
                f"at least {fmt(n)}",
                f"{n}+",
            ]
        )
    )


def _alternatives_of(values):
    item = st.fixed_dictionaries(
        {"value": values},
        optional={
            "source": st.sampled_from(["a", "b", "c"]),
            "quote": st.sampled_from(["q", "another quote"]),
            "note": st.sampled_from(["the curator's estimate"]),
            "preferred": st.booleans(),
        },
    )
    return st.lists(item, min_size=0, max_size=4)


_anything = st.one_of(
    scalars,
    st.text(alphabet="0123456789-/.~?%XYSE ", max_size=30),
    st.dates(),
    st.datetimes(),
    st.lists(st.dictionaries(st.sampled_from(["value", "source", "quote", "note", "preferred", "x"]), scalars)),
)


def _same_when(a: When, b: When) -> bool:
    return (a.earliest, a.latest, a.approximate, a.uncertain, a.disputed) == (
        b.earliest,
        b.latest,
        b.approximate,
        b.uncertain,
        b.disputed,
    )


def _same_amount(a: Amount, b: Amount) -> bool:
    return (a.low, a.high, a.approximate, a.disputed) == (b.low, b.high, b.approximate, b.disputed)


def _check_when(w: When) -> None:
    assert w.earliest is not None or w.latest is not None
    if w.earliest is not None and w.latest is not None:
        assert w.earliest <= w.latest
    assert w.lo <= w.hi
    for d in (w.earliest, w.latest):
        assert d is None or FIRST_YEAR <= d.year <= LAST_YEAR
    assert isinstance(w.words(), str) and w.words()
    again = parse_when(w.as_yaml())
    assert _same_when(again, w), (w, again)


def _check_amount(a: Amount) -> None:
    assert 0 <= a.low and (a.high is None or a.low <= a.high)
    assert a.low <= a.value and (a.high is None or a.value <= a.high)
    assert isinstance(a.words(), str) and a.words()
    again = parse_amount(a.as_yaml())
    assert _same_amount(again, a), (a, again)


@given(value=_anything)
@example(value="../..")
@example(value="2022-02-XX")
@example(value=[])
@example(value=[{"value": []}])
@example(value="9999-99-99/0000")
def test_parse_when_raises_only_value_error(value):
    try:
        w = parse_when(value)
    except ValueError as exc:
        assert str(exc)
        return
    _check_when(w)


@given(text=edtf_texts())
@example(text="2022-02-10~/2022-02-10")
@example(text="1700-01-01%")
@example(text="2199-12-31~")
def test_parse_when_reads_every_written_form(text):
    w = parse_when(text)
    _check_when(w)
    for part in text.split("/"):  # each day written lies within the bounds
        core = part.rstrip("~?%")
        if len(core) == 10:
            d = dt.date.fromisoformat(core)
            assert w.lo <= (d - dt.date(1970, 1, 1)).days <= w.hi


@given(items=_alternatives_of(st.one_of(edtf_texts(), st.sampled_from(["2022-02-30", "x"]))))
def test_parse_when_alternatives(items):
    try:
        w = parse_when(items)
    except ValueError as exc:
        assert str(exc)
        return
    _check_when(w)
    values = [parse_when(a.value.as_yaml()) for a in w.alternatives]
    if not any(a.preferred for a in w.alternatives):  # the envelope holds every source's window
        for v in values:
            assert w.lo <= v.lo and v.hi <= w.hi


@given(value=st.one_of(_anything, st.integers(), st.floats(), amount_texts()))
@example(value="1,000-800")
@example(value="about")
@example(value=10**400)
def test_parse_amount_raises_only_value_error(value):
    try:
        a = parse_amount(value)
    except ValueError as exc:
        assert str(exc)
        return
    _check_amount(a)


@given(value=amount_texts())
def test_parse_amount_reads_every_written_form(value):
    _check_amount(parse_amount(value))


@given(items=_alternatives_of(amount_texts()))
def test_parse_amount_alternatives(items):
    try:
        a = parse_amount(items)
    except ValueError as exc:
        assert str(exc)
        return
    _check_amount(a)


@given(text=edtf_texts())
@example(text="2024-02~")
@example(text="1700~/2199~")
@example(text="../1700-01-01?")
def test_fast_path_agrees_with_the_edtf_grammar(text):
    """The accepted forms are read without the `edtf` grammar (5-9 ms a string); both must agree."""
    from dashboard.core.claims import _parse_common, _parse_edtf

    fast = _parse_common(text)
    assert fast is not None, text
    grammar = _parse_edtf(text)
    assert (fast.text, fast.earliest, fast.latest, fast.approximate, fast.uncertain) == (
        grammar.text,
        grammar.earliest,
        grammar.latest,
        grammar.approximate,
        grammar.uncertain,
    )
