"""Hostile or unusual input found by trying the app as a new user would (issue 12).

Each case either validates AND exports, or is refused with a message naming file,
line, record and field. Fixture files live in tests/data/invalid/ (checked in
test_validate.py); the cases here need files built by the test (too big, or
generated) or an export.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import export
from dashboard.cli import main as cli_main
from dashboard.core import yamlsafe
from dashboard.core.loader import load_dataset
from dashboard.core.model import FIRST_DATE, LAST_DATE
from dashboard.core.problems import DatasetError

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "data" / "valid"
BOUNDS = VALID / "date_bounds.yaml"
needs_chromium = pytest.mark.skipif(not export.chromium_available(), reason="headless Chromium is not installed")


def _problems(path: Path) -> list:
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return info.value.problems


# --- years: what validates must export ---


def test_bounds_fixture_spans_the_accepted_years():
    loaded = load_dataset(BOUNDS)
    assert loaded.span == (FIRST_DATE, LAST_DATE)


@pytest.mark.parametrize(
    "fmt, extra",
    [
        ("svg", []),
        ("pdf", []),
        ("html", []),
        ("geojson", []),
        ("png", ["--engine", "static", "--scale", "1"]),
        ("gif", ["--engine", "static", "--frames", "3", "--width", "320", "--height", "200"]),
        ("mp4", ["--engine", "static", "--frames", "3", "--width", "320", "--height", "200"]),
    ],
)
def test_dataset_at_the_year_bounds_exports(fmt, extra, tmp_path, capsys):
    out = tmp_path / f"bounds.{fmt}"
    code = cli_main(["export", "--data", str(BOUNDS), "--out", str(out), "--quiet", *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    assert out.stat().st_size > 0


@pytest.mark.browser
@needs_chromium
def test_dataset_at_the_year_bounds_exports_with_chromium(tmp_path, capsys):
    out = tmp_path / "bounds.png"
    code = cli_main(
        [
            "export",
            "--data",
            str(BOUNDS),
            "--out",
            str(out),
            "--quiet",
            "--engine",
            "browser",
            "--width",
            "400",
            "--height",
            "300",
            "--scale",
            "1",
            "--date",
            LAST_DATE.isoformat(),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("day", ["1699-12-31", "2200-01-01"])
def test_a_day_just_outside_the_years_is_refused(tmp_path, day):
    f = tmp_path / "d.yaml"
    f.write_text(BOUNDS.read_text(encoding="utf-8").replace("date: 1700-01-01", f"date: {day}"), encoding="utf-8")
    (p,) = _problems(f)
    assert (p.record, p.field) == ("event 'ev-first'", "date")
    assert day in p.message and "1700-2199" in p.message
    assert p.line == f.read_text(encoding="utf-8").splitlines().index(f"    date: {day}") + 1


# --- invisible characters ---


def test_a_byte_order_mark_at_the_start_of_a_file_is_fine(tmp_path):
    f = tmp_path / "bom.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + BOUNDS.read_bytes())
    assert load_dataset(f).counts()["movements"] == 2


@pytest.mark.parametrize("char", ["\ufeff", "\u200b", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069"])
def test_invisible_characters_are_refused_in_any_text_field(tmp_path, char):
    f = tmp_path / "inv.yaml"
    f.write_text(
        BOUNDS.read_text(encoding="utf-8")
        .replace("name: Last area", f"name: Last{char} area")
        .replace('- note: "fixture"\nareas', f'- note: "fix{char}ture"\nareas'),
        encoding="utf-8",
    )
    problems = _problems(f)
    assert {(p.record, p.field) for p in problems} == {
        ("area 'area-last'", "name"),
        ("event 'ev-first'", "citations.0.note"),
    }
    assert all(f"U+{ord(char):04X}" in p.message and "invisible" in p.message for p in problems)


# --- numbers ---


@pytest.mark.parametrize(
    "value, words",
    [
        ("1" + "0" * 4999, ("far too large", "5,000 digits")),
        (".inf", ("finite", "infinity")),
        ("-.inf", ("finite", "infinity")),
        (".NaN", ("not a number",)),
    ],
)
def test_numbers_no_map_can_use_are_named(tmp_path, value, words):
    f = tmp_path / "n.yaml"
    f.write_text(BOUNDS.read_text(encoding="utf-8").replace("lat: 52.52", f"lat: {value}"), encoding="utf-8")
    problems = _problems(f)
    p = next(p for p in problems if p.field == "lat")
    assert p.record == "place 'berlin'" and p.line == 6
    assert all(w in p.message for w in words), p.message
    assert "set_int_max_str_digits" not in p.message and "valid number" not in p.message


def test_huge_number_in_geojson_file_is_named_not_a_python_hint():
    (p,) = _problems(REPO / "tests" / "data" / "invalid" / "huge_number")
    assert "5,000 digits" in p.message and "sys." not in p.message


# --- control characters ---


def test_nul_hides_nothing_from_the_validator(tmp_path):
    """PyYAML stopped reading at a NUL, so a bad key and a bad latitude after it went unchecked."""
    f = tmp_path / "nul.yaml"
    f.write_text(BOUNDS.read_text(encoding="utf-8") + "# note \x00\nbogus_key: [1]\nlat: 999\n", encoding="utf-8")
    (p,) = _problems(f)
    assert "U+0000" in p.message and p.line == len(BOUNDS.read_text(encoding="utf-8").splitlines()) + 1


# --- one very long line ---


def _long_polygon_yaml(points: int) -> str:
    """The bounds fixture with its area as one inline polygon line of `points` positions."""
    ring = [
        [13.5 + 0.4 * math.cos(2 * math.pi * i / points), 52.5 + 0.4 * math.sin(2 * math.pi * i / points)]
        for i in range(points)
    ]
    ring.append(ring[0])
    text = BOUNDS.read_text(encoding="utf-8")
    start = text.index("      coordinates:\n")
    end = text.index("\n", text.index("        - [[", start)) + 1
    return text[:start] + "      coordinates: " + json.dumps([ring]) + "\n" + text[end:]


def test_long_flow_line_takes_the_cheap_path(tmp_path, monkeypatch):
    """A 1 MB polygon on one line (bracket depth 3): the exact (pure-Python, ~10 s per 5 MB)
    depth walk must not run; the file validates."""

    def walked(*a, **k):
        raise AssertionError("the exact PyYAML depth walk ran on a shallow file")

    monkeypatch.setattr(yamlsafe, "_event_depth", walked)
    f = tmp_path / "long.yaml"
    f.write_text(_long_polygon_yaml(25_000), encoding="utf-8")
    assert max(len(line) for line in f.read_text(encoding="utf-8").splitlines()) > 1_000_000
    loaded = load_dataset(f)
    assert len(loaded.geometries["area-last"].exterior.coords) == 25_001


@pytest.mark.parametrize(
    "text",
    [
        "places:\n  - " + "- " * 20_000 + "x\n",
        "? " * 20_000 + "x\n",
        "- ? " * 10_000 + "x\n",
        "places:\n  - " + "[" * 40 + "]" * 40 + "\n",
        "a: " + "[" * 20_000 + " " * 5_000 + "]" * 20_000 + "\n",
    ],
    ids=["block_sequences", "complex_keys", "mixed", "flow_40", "flow_long_line"],
)
def test_deep_nesting_on_one_line_is_still_measured(tmp_path, text):
    """Run in a child process: a miss would crash the fast parser (SIGSEGV), not just fail."""
    f = tmp_path / "deep.yaml"
    f.write_text(text, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", "--data", str(f)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1, f"exit {r.returncode} (negative: killed by a signal)\n{r.stderr[-500:]}"
    assert "nests deeper than 32 levels" in r.stderr


@pytest.mark.parametrize(
    "corner, words",
    [
        ("[.nan, 52.0]", (".nan", "not a number")),
        ("[1" + "0" * 4999 + ", 52.0]", ("5,000 digits", "outside longitude")),
        ("[14.0, true]", ("not [longitude, latitude]",)),
        ("[14.0, 91]", ("[14.0, 91]", "outside")),
    ],
)
def test_bad_positions_in_an_inline_polygon_are_named(tmp_path, corner, words):
    f = tmp_path / "p.yaml"
    f.write_text(
        BOUNDS.read_text(encoding="utf-8").replace("[14.0, 52.0], [14.0, 53.0]", f"{corner}, [14.0, 53.0]"),
        encoding="utf-8",
    )
    (p,) = _problems(f)
    assert (p.record, p.field) == ("area 'area-last'", "geometry")
    assert all(w in p.message for w in words), p.message


def test_a_polygon_with_a_hole_and_altitudes_keeps_its_shape(tmp_path):
    f = tmp_path / "hole.yaml"
    hole = "[[13.2, 52.1, 5], [13.4, 52.1, 5], [13.4, 52.2, 5], [13.2, 52.1, 5]]"
    f.write_text(
        BOUNDS.read_text(encoding="utf-8").replace(
            "[[13.0, 52.0], [14.0, 52.0], [14.0, 53.0], [13.0, 52.0]]",
            f"[[13.0, 52.0, 1], [14.0, 52.0, 1], [14.0, 53.0, 1], [13.0, 52.0, 1]]\n        - {hole}",
        ),
        encoding="utf-8",
    )
    geom = load_dataset(f).geometries["area-last"]
    assert len(geom.interiors) == 1 and geom.has_z
    assert geom.area == pytest.approx(0.5 - 0.01)
