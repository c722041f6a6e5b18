"""Every bad input the dataset contract names is reported, never raised as a traceback.

One fixture per bad input lives in tests/data/invalid/ (a file, or a folder for
folder-only cases). To add a case: commit the fixture and add one `Case(...)`
line to CASES below; `test_every_fixture_has_a_case` fails until you do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.core.loader import load_dataset
from dashboard.core.problems import DatasetError, Problem

REPO = Path(__file__).resolve().parents[2]
INVALID = REPO / "tests" / "data" / "invalid"
VALID = REPO / "tests" / "data" / "valid"


@dataclass(frozen=True)
class Case:
    """One invalid fixture and the problem it must produce."""

    path: str  # dataset to load, relative to tests/data/invalid
    words: tuple[str, ...]  # key words the message must contain (case-insensitive)
    line: int | tuple[int, ...] | None = None  # expected line (or acceptable lines); None: not knowable
    record: str | None = None  # e.g. "place 'berlin'"
    field: str | None = None
    file: str | None = None  # file named by the problem, relative to tests/data/invalid (default: path)
    count: int | None = 1  # how many problems the fixture yields in all (None: do not check)

    @property
    def id(self) -> str:
        return self.path.removesuffix(".yaml").rstrip("/")


CASES = [
    # --- reading and parsing ---
    Case("yaml_syntax.yaml", ("not valid yaml",), line=(6, 7)),
    Case("alias.yaml", ("anchor", "not allowed"), line=3),
    Case("alias_only.yaml", ("alias", "not allowed"), line=4),
    # BUG (next two): after a quoted key in flow style ('"k":&a', '"k":*a', '"k":!!str') the
    # pre-check regex yamlsafe._SUSPECT does not match, so anchors, aliases and tags are accepted.
    Case("alias_flow.yaml", ("not allowed",), line=2),
    Case("tag.yaml", ("tag", "not allowed"), line=4),
    Case("tag_flow.yaml", ("tag", "not allowed"), line=2),
    Case("not_utf8.yaml", ("not utf-8",), line=4),
    Case("empty.yaml", ("empty",)),
    Case("comments_only.yaml", ("empty",)),
    Case("top_level_list.yaml", ("must be a mapping", "list"), line=(1, 2)),
    # BUG: parse_yaml unwraps a one-mapping list when the text starts with '---', so it is accepted
    Case("top_level_list_docstart.yaml", ("must be a mapping", "list"), line=(1, 2, 3)),
    Case("top_level_scalar.yaml", ("must be a mapping", "text"), line=(1, 2)),
    Case("nests_too_deep.yaml", ("nests deeper",)),
    Case("duplicate_key.yaml", ("duplicate", "lat"), line=7),
    # --- shape of records ---
    Case("unknown_key.yaml", ("unknown top-level key", "troops"), line=(8, 9)),
    Case("unknown_field.yaml", ("not a known field",), line=8, record="place 'berlin'", field="lattitude"),
    Case("section_not_list.yaml", ("must be a list",), line=(2, 3), field="places"),
    Case("missing_field.yaml", ("required", "missing"), line=3, record="place 'berlin'", field="lon"),
    Case("wrong_type.yaml", ("must be a number",), line=6, record="place 'berlin'", field="lat"),
    # BUG: pydantic's lax mode turns true/false into 1.0/0.0 (lat, lon, strength); the JSON Schema refuses it
    Case("wrong_type_bool.yaml", ("number",), line=6, record="place 'berlin'", field="lat"),
    Case("impossible_date.yaml", ("not a real date", "2022-02-30"), line=11, record="event 'ev-meeting'", field="date"),
    Case("datetime_not_date.yaml", ("yyyy-mm-dd",), line=11, record="event 'ev-meeting'", field="date"),
    Case("lat_out_of_range.yaml", ("90",), line=6, record="place 'north'", field="lat"),
    Case("lon_out_of_range.yaml", ("180",), line=7, record="place 'east'", field="lon"),
    Case("template_syntax.yaml", ("template syntax",), line=4, record="place 'berlin'", field="name"),
    Case("template_unquoted.yaml", ("template syntax",), line=4, record="place 'berlin'", field="name", count=None),
    # --- whole-dataset checks ---
    Case("duplicate_id.yaml", ("already used by the place", "berlin"), line=8, record="place 'berlin'", field="id"),
    Case("dangling_ref.yaml", ("ghost-unit", "not in the dataset"), line=15, record="movement 'm-ghost'", field="unit"),
    Case("unknown_country.yaml", ("xyz", "iso 3166"), line=5, record="place 'nowhere'", field="country"),
    Case(
        "arrive_before_depart.yaml", ("before depart",), line=(24, 25), record="movement 'm-backwards'", field="arrive"
    ),
    Case(
        "valid_to_before_valid_from.yaml",
        ("before valid_from",),
        line=(5, 6),
        record="area 'area-backwards'",
        field="valid_to",
    ),
    Case("parent_cycle.yaml", ("loops back",), line=8, record="unit 'unit-a'", field="parent", count=2),
    Case("unclosed_ring.yaml", ("unclosed ring",), line=(6, 7, 8, 9), record="area 'area-open'", field="geometry"),
    Case(
        "self_intersection.yaml",
        ("self-intersection",),
        line=(6, 7, 8, 9),
        record="area 'area-bowtie'",
        field="geometry",
    ),
    Case("geometry_file_missing.yaml", ("does not exist",), line=6, record="area 'area-lost'", field="geometry"),
    Case(
        "source_missing.yaml",
        ("does not exist", "no-such-report.txt"),
        line=7,
        record="source 'lost-report'",
        field="file",
    ),
    Case("source_absolute_path.yaml", ("absolute path",), line=7, record="source 'passwd'", field="file"),
    Case(
        "source_outside_base/",
        ("outside", "base folder"),
        line=7,
        record="source 'outside'",
        field="file",
        file="source_outside_base/sources.yaml",
    ),
    Case(
        "quote_not_found.yaml",
        ("quote not found", "test-report"),
        line=(15, 16),
        record="place 'krakow'",
        field="citations.0.quote",
    ),
    # --- hostile input found by trying the app as a new user would (issue 12) ---
    Case("nul_byte.yaml", ("control character", "U+0000"), line=28),
    Case("control_character.yaml", ("control character", "U+001B"), line=15),
    Case(
        "year_too_late.yaml",
        ("years 1700", "2199", "9999-12-25"),
        line=24,
        record="movement 'm-test'",
        field="depart",
        count=2,
    ),
    Case(
        "year_too_early.yaml",
        ("years 1700", "2199", "0001-01-01"),
        line=24,
        record="movement 'm-test'",
        field="depart",
        count=2,
    ),
    Case(
        "invisible_bom.yaml", ("invisible", "U+FEFF"), line=15, record="unit 'test-bn'", field="name", count=2
    ),  # and the movement names a unit that is not in the dataset
    Case("rtl_override.yaml", ("invisible", "U+202E"), line=9, record="place 'warsaw'", field="name", count=2),
    Case("nan_latitude.yaml", ("not a number", "nan"), line=11, record="place 'warsaw'", field="lat", count=2),
    Case("multi_document.yaml", ("more than one yaml document", "---"), line=28),
    Case(
        "huge_number/",
        ("5,000 digits",),
        line=6,
        record="area 'area-huge'",
        field="geometry",
        file="huge_number/areas.yaml",
    ),
]
M = "movement 'm-test'"
# --- the claims model (issue 14): every form's mistakes, each named with file, line, record and field ---
CASES += [
    Case("claims_approximate_misplaced.yaml", ("'2022-02-10~'",), line=24, record=M, field="depart"),
    Case("claims_uncertain_twice.yaml", ("2022-02-10??", "not a valid date"), line=24, record=M, field="depart"),
    Case("claims_month_13.yaml", ("no month 13",), line=24, record=M, field="depart"),
    Case("claims_year_out_of_range.yaml", ("1650", "years 1700-2199"), line=24, record=M, field="depart"),
    Case("claims_interval_backwards.yaml", ("ends before it starts",), line=24, record=M, field="arrive"),
    Case("claims_by_in_words.yaml", ("'../2022-02-10'",), line=24, record=M, field="arrive"),
    Case("claims_from_unclosed.yaml", ("write '..' for an open end",), line=24, record=M, field="depart"),
    Case("claims_open_both_ends.yaml", ("open at both ends",), line=24, record=M, field="depart"),
    Case("claims_season.yaml", ("season",), line=24, record=M, field="depart"),
    Case("claims_unspecified_digits.yaml", ("unspecified digits",), line=24, record=M, field="depart"),
    Case("claims_no_dates.yaml", ("needs 'depart' or 'arrive'",), line=20, record=M, field="arrive"),
    Case("claims_alternatives_empty.yaml", ("an empty list",), line=24, record=M, field="arrive"),
    Case("claims_alternative_no_quote.yaml", ("alternative 2", "needs a 'quote'"), line=25, record=M, field="arrive"),
    Case(
        "claims_alternative_quote_no_source.yaml",
        ("alternative 2", "must name its 'source'"),
        line=25,
        record=M,
        field="arrive",
    ),
    Case(
        "claims_alternative_quote_not_found.yaml",
        ("quote not found", "test-report"),
        line=35,
        record=M,
        field="arrive.1.quote",
    ),
    Case("claims_two_preferred.yaml", ("at most one", "preferred"), line=25, record=M, field="arrive"),
    Case("claims_amount_in_words.yaml", ("not a number", "about 1,000"), line=25, record=M, field="strength"),
    Case("claims_amount_range_backwards.yaml", ("low to high",), line=25, record=M, field="strength"),
    Case("claims_amount_negative.yaml", ("0 or more",), line=25, record=M, field="strength"),
    Case(
        "claims_supports_unknown_field.yaml",
        ("'arival'", "did you mean 'arrive'"),
        line=27,
        record=M,
        field="citations.0.supports",
    ),
    Case(
        "claims_supports_other_section.yaml",
        ("'date'", "movement", "unit, from, to, depart, arrive, strength"),
        line=27,
        record=M,
        field="citations.0.supports",
    ),
    Case(
        "claims_supports_absent_field.yaml",
        ("supports 'arrive'", "does not state"),
        line=27,
        record=M,
        field="citations.0.supports",
    ),
    Case(
        "claims_precision_unknown.yaml",
        ("site", "town", "region", "country"),
        line=8,
        record="place 'berlin'",
        field="precision",
    ),
]
CASE_IDS = [c.id for c in CASES]


def _problems(path: Path, **kwargs) -> list[Problem]:
    with pytest.raises(DatasetError) as info:
        load_dataset(path, **kwargs)
    return info.value.problems


def _matches(p: Problem, case: Case) -> bool:
    expected_file = (INVALID / (case.file or case.path)).resolve()
    if Path(p.file).resolve() != expected_file:
        return False
    if p.record != case.record or p.field != case.field:
        return False
    return all(w.lower() in p.message.lower() for w in case.words)


def _run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], cwd=REPO, capture_output=True, text=True, timeout=120, env=env
    )


def test_every_fixture_has_a_case():
    on_disk = {p.name for p in INVALID.iterdir() if not p.name.startswith(".")}
    listed = {c.path.rstrip("/") for c in CASES}
    assert on_disk - listed == set(), "add a Case(...) line to CASES for each new fixture"
    assert listed - on_disk == set(), "a Case names a fixture that does not exist"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_invalid_fixture_is_reported(case: Case):
    problems = _problems(INVALID / case.path)
    hits = [p for p in problems if _matches(p, case)]
    assert hits, f"expected {case} among:\n" + "\n".join(map(str, problems))
    p = hits[0]
    if case.line is not None:
        allowed = case.line if isinstance(case.line, tuple) else (case.line,)
        assert p.line in allowed, f"line {p.line}, expected one of {allowed}: {p}"
    if case.count is not None:
        assert len(problems) == case.count, "the fixture should hold exactly one mistake:\n" + "\n".join(
            map(str, problems)
        )
    for q in problems:  # every problem is a plain-language sentence, not a Python repr
        assert q.message and "Traceback" not in q.message and "pydantic" not in q.message.lower()
        assert not q.todo


@pytest.fixture(scope="module")
def cli_runs() -> dict[str, subprocess.CompletedProcess]:
    """`validate` on every fixture, run in parallel (each run is a fresh interpreter)."""
    from concurrent.futures import ThreadPoolExecutor

    def run(case: Case):
        return case.id, _run_cli("validate", "--data", str((INVALID / case.path).relative_to(REPO)))

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 2)) as pool:
        return dict(pool.map(run, CASES))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_cli_reports_invalid_fixture(case: Case, cli_runs):
    r = cli_runs[case.id]
    assert r.returncode == 1, f"exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}"
    assert "Traceback" not in r.stderr + r.stdout
    shown = str((INVALID / (case.file or case.path)).relative_to(REPO)).rstrip("/")
    assert shown in r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[0].endswith("in the dataset:")
    assert all(ln.startswith("  ") for ln in lines[1:])
    assert r.stdout == ""


def test_bundled_data_cli_exit_0_summary_and_coverage():
    r = _run_cli("validate", "--data", "data")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 2, r.stdout  # the summary and the source coverage; no unsupported field
    assert "valid" in lines[0] and "3 movements" in lines[0]
    assert lines[1].startswith("source coverage ") and "0 unsupported" in lines[1]


def test_default_data_is_bundled_data():
    r = _run_cli("validate")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1:] == _run_cli("validate", "--data", "data").stdout.splitlines()[1:]


@pytest.mark.parametrize("path", ["minimal.yaml", "folder", "exact_dates", "claims.yaml"])
def test_valid_fixtures_cli(path):
    r = _run_cli("validate", "--data", str((VALID / path).relative_to(REPO)))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1].startswith("source coverage ")


def test_unsupported_fields_are_notices_not_errors():
    """validate lists every asserted field that no quote or note backs: file, line, record and field."""
    r = _run_cli("validate", "--data", "tests/data/valid/claims.yaml")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    lines = r.stdout.strip().splitlines()
    assert "7 unsupported" in lines[1]
    notices = lines[2:]
    assert len(notices) == 7
    assert notices[0] == (
        "  notice: tests/data/valid/claims.yaml:105: movement 'm-interval': field 'unit': is asserted without a "
        "source: no quote and no curator's note supports it (add a citation with 'supports: [unit]', or a note "
        "saying where it comes from)"
    )
    named = [ln.split(": ")[1:4] for ln in notices]
    assert [n[1:] for n in named] == [
        ["movement 'm-interval'", "field 'unit'"],
        ["movement 'm-interval'", "field 'from'"],
        ["movement 'm-interval'", "field 'to'"],
        ["movement 'm-uncertain'", "field 'unit'"],
        ["movement 'm-uncertain'", "field 'from'"],
        ["movement 'm-uncertain'", "field 'to'"],
        ["movement 'm-disputed'", "field 'from'"],
    ]
    text = (VALID / "claims.yaml").read_text(encoding="utf-8").splitlines()
    for ln in notices:  # each line number points at the field's key in the file
        where, field = ln.split(": ")[1], ln.split("field '")[1].split("'")[0]
        line = int(where.rsplit(":", 1)[1])
        assert text[line - 1].strip().startswith(f"{field}:"), (ln, text[line - 1])


def test_validate_json_has_coverage_and_unsupported_fields():
    r = _run_cli("validate", "--json", "--data", "tests/data/valid/claims.yaml")
    assert r.returncode == 0, r.stderr
    (line,) = r.stdout.strip().splitlines()  # one JSON object on one line
    out = json.loads(line)
    assert out["valid"] is True and "valid" in out["summary"]
    cov = out["coverage"]
    assert set(cov["counts"]) == {"quote", "curator", "record", "unsupported"}
    assert cov["total"] == sum(cov["counts"].values()) and cov["share"] == cov["counts"]["quote"] / cov["total"]
    assert cov["summary"].startswith("source coverage ")
    assert len(out["unsupported"]) == cov["counts"]["unsupported"] == 7
    first = out["unsupported"][0]
    assert (first["file"], first["line"], first["record"], first["field"]) == (
        "tests/data/valid/claims.yaml",
        105,
        "movement 'm-interval'",
        "unit",
    )
    bundled = json.loads(_run_cli("validate", "--json").stdout)
    assert bundled["unsupported"] == [] and bundled["coverage"]["counts"]["unsupported"] == 0


def test_existing_exact_date_dataset_still_validates_with_its_coverage():
    """Datasets written before per-field sources: their quotes back the record ('record'), notes the curator."""
    r = _run_cli("validate", "--json", "--data", "tests/data/valid/exact_dates")
    out = json.loads(r.stdout)
    assert r.returncode == 0 and out["valid"]
    assert out["coverage"]["counts"] == {"quote": 0, "curator": 0, "record": 36, "unsupported": 0}


# --- cases built in tmp_path (too big, binary, or needing special arguments) ---


def test_file_over_size_limit_loader():
    problems = _problems(VALID / "minimal.yaml", max_file_bytes=100)
    assert len(problems) == 1
    p = problems[0]
    assert Path(p.file).resolve() == (VALID / "minimal.yaml").resolve()
    assert "over the limit" in p.message and "100 bytes" in p.message


def test_file_over_size_limit_cli(tmp_path):
    big = tmp_path / "huge.yaml"
    with big.open("wb") as f:  # sparse: costs no disk and no time
        f.truncate(21 * 1024 * 1024)
    r = _run_cli("validate", "--data", str(big))
    assert r.returncode == 1
    assert "huge.yaml" in r.stderr and "over the limit" in r.stderr
    assert "Traceback" not in r.stderr


def test_not_utf8_written_by_test(tmp_path):
    f = tmp_path / "latin1.yaml"
    f.write_bytes("places:\n  - id: krakow\n    name: Kraków\n".encode("latin-1"))
    (p,) = _problems(f)
    assert p.line == 3 and "not utf-8" in p.message.lower() and "0xf3" in p.message


def test_missing_path_and_empty_folder(tmp_path):
    (p,) = _problems(tmp_path / "nope.yaml")
    assert "does not exist" in p.message
    (p,) = _problems(tmp_path)
    assert "no .yaml files" in p.message
    r = _run_cli("validate", "--data", str(tmp_path / "nope"))
    assert r.returncode == 1 and "does not exist" in r.stderr and "Traceback" not in r.stderr


def test_every_problem_is_listed_across_files(tmp_path):
    """A folder with several mistakes in several files: all are reported, each with its file."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text(
        "places:\n  - id: p1\n    name: P\n    country: XYZ\n    lat: 1\n    lon: 2\n", encoding="utf-8"
    )
    (tmp_path / "data" / "b.yaml").write_text(
        "units:\n  - id: u1\n    name: U\n    nation: USA\n    branch: infantry\n    echelon: platoon\n"
        "    home: nowhere\n",
        encoding="utf-8",
    )
    (tmp_path / "data" / "c.yaml").write_text("sources: [\n", encoding="utf-8")
    problems = _problems(tmp_path / "data")
    files = sorted(Path(p.file).name for p in problems)
    assert files == ["a.yaml", "b.yaml", "c.yaml"], problems
    r = _run_cli("validate", "--data", str(tmp_path / "data"))
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == "3 problems in the dataset:"
    assert len(r.stderr.strip().splitlines()) == 4


def test_base_option_widens_the_allowed_folder():
    """With --base tests/data the file that was outside tests/data/invalid is allowed."""
    loaded = load_dataset(INVALID / "source_outside_base", base=REPO / "tests" / "data")
    assert "outside" in loaded.source_texts
    r = _run_cli("validate", "--data", "tests/data/invalid/source_outside_base", "--base", "tests/data")
    assert r.returncode == 0, r.stderr


def test_unknown_command_line_is_exit_2():
    r = _run_cli("validate", "--nope")
    assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "text",
    [
        "places:\n  - " + "- " * 20_000 + "x\n",  # nested block sequences, 40 KB
        "? " * 20_000 + "x\n",  # nested complex keys
    ],
    ids=["block_sequences", "complex_keys"],
)
def test_deep_block_nesting_is_refused_not_a_crash(tmp_path, text):
    """BUG: yaml_rs overflows its stack (SIGSEGV, exit -11) on ~11,300 nested block
    collections, which _nesting_upper_bound does not count (it only counts brackets)."""
    f = tmp_path / "deep.yaml"
    f.write_text(text, encoding="utf-8")
    r = _run_cli("validate", "--data", str(f))
    assert r.returncode == 1, f"exit {r.returncode} (negative: killed by a signal)\n{r.stderr[-500:]}"
    assert "nests deeper" in r.stderr


def test_problem_lines_are_formatted_file_line_record_field():
    (p,) = _problems(INVALID / "missing_field.yaml")
    text = str(p)
    assert text.startswith(f"{p.file}:3: place 'berlin': field 'lon': ")
    assert p.as_dict()["line"] == 3


def test_cli_output_survives_a_non_utf8_terminal():
    """Messages hold non-ASCII text (em dash, place names); an ASCII-only stdout must not crash."""
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    r = _run_cli("validate", "--data", "data", env=env)
    assert "Traceback" not in r.stderr, r.stderr[-600:]
    assert r.returncode == 0


def _todo_note_dataset(tmp_path, origin_name: str = "Berlin") -> list[Problem]:
    """The one-movement fixture with a draft's TODO note backing 'from', the origin place named `origin_name`."""
    text = (INVALID / "claims_supports_absent_field.yaml").read_text(encoding="utf-8")
    text = text.replace("    name: Berlin\n", f"    name: '{origin_name}'\n")
    text = text.replace(
        '- note: "fixture"', '- note: "TODO: the article does not say where it came from; give the origin."'
    )
    text = text.replace("supports: [depart, arrive]", "supports: [from]")
    path = tmp_path / "todo_note.yaml"
    path.write_text(text, encoding="utf-8")
    return _problems(path)


def test_a_citation_note_still_saying_todo_is_a_to_do_with_its_file_line_record_and_field(tmp_path):
    """A new user's trial (issue 18): a draft's "TODO: ... give the origin." note left in place after the origin was
    given backed the field with a to-do, and the dataset validated clean. It is reported as a to-do."""
    problems = _todo_note_dataset(tmp_path)
    assert [(p.line, p.record, p.field, p.todo) for p in problems] == [
        (26, "movement 'm-test'", "citations.0.note", True)
    ]
    assert "still says what was to be done (it backs from)" in problems[0].message


def test_a_todo_note_backing_a_field_that_is_still_a_todo_place_is_not_reported_twice(tmp_path):
    """While 'from' still names the TODO place, the place's own to-do says it; the note is not a second one."""
    problems = _todo_note_dataset(tmp_path, "TODO: home station of Test Battalion")
    assert [(p.record, p.field, p.todo) for p in problems] == [("place 'berlin'", "note", True)]
