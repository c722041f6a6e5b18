"""load_dataset on valid datasets: the bundled data/ and the fixtures in tests/data/valid/."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import shapely

from dashboard.core import model
from dashboard.core.loader import (
    LoadedDataset,
    dataset_files,
    default_base,
    load_dataset,
)
from dashboard.core.problems import DatasetError

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
VALID = REPO / "tests" / "data" / "valid"
INVALID = REPO / "tests" / "data" / "invalid"


@pytest.fixture(scope="module")
def bundled() -> LoadedDataset:
    return load_dataset(DATA)


def test_bundled_data_validates(bundled):
    assert bundled.counts() == {
        "sources": 1,
        "places": 9,
        "units": 4,
        "movements": 3,
        "events": 5,
        "areas": 4,
        "stories": 1,
    }
    assert bundled.base == REPO.resolve()
    # the first and last day any date of the files allows (dates as written: open ends have one)
    written = re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", "".join(f.read_text("utf-8") for f in DATA.glob("*.yaml")))
    days = sorted(dt.date.fromisoformat(d) for d in written)
    assert bundled.span == (days[0], days[-1])
    assert set(bundled.geometries) == {a.id for a in bundled.dataset.areas}
    assert all(g.is_valid and not g.is_empty for g in bundled.geometries.values())
    assert set(bundled.source_texts) == {"ap-2022-02-10-us-troops-poland"}
    summary = bundled.summary()
    assert "\n" not in summary and "valid" in summary


def test_bundled_data_every_quote_is_in_its_source(bundled):
    """Independent of validate.py: every quote appears (whitespace-normalised) in the seed file."""
    seed = (REPO / "seeds" / "2022-02-10-us-troops-poland-romania.txt").read_text(encoding="utf-8")
    text = " ".join(seed.split())
    quotes = [
        c.quote
        for section in model.SECTIONS
        for rec in getattr(bundled.dataset, section)
        for c in getattr(rec, "citations", [])
        if c.quote
    ] + [c.quote for story in bundled.dataset.stories for step in story.steps for c in step.citations if c.quote]
    assert len(quotes) >= 15
    for q in quotes:
        assert " ".join(q.split()) in text, q


def test_bundled_data_origins_point_at_their_files(bundled):
    o = bundled.origins[("movements", "m-82abn-poland-first-half")]
    assert Path(o.file).name == "movements.yaml" and o.section == "movements" and o.index == 1
    assert Path(bundled.origins[("places", "kyiv")].file).name == "places.yaml"


def test_fingerprint_is_stable_and_content_sensitive(bundled, tmp_path):
    assert load_dataset(DATA).fingerprint == bundled.fingerprint
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    before = load_dataset(copy).fingerprint
    f = copy / "events.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert load_dataset(copy).fingerprint != before


def test_minimal_single_file():
    loaded = load_dataset(VALID / "minimal.yaml")
    assert loaded.counts() == {"sources": 1, "places": 2, "units": 1, "movements": 1, "events": 1, "areas": 1}
    assert loaded.base == (REPO / "tests" / "data").resolve()  # the folder above the file's folder
    m = loaded.dataset.movements[0]
    assert (m.from_, m.to, m.depart.day, m.arrive.day) == (
        "grafenwoehr",
        "rzeszow",
        dt.date(2022, 2, 20),
        dt.date(2022, 2, 24),
    )
    assert m.depart.exact and m.arrive.exact and str(m.depart) == "2022-02-20"  # an exact day stays one
    assert m.strength.exact and m.strength.value == 600
    assert m.confidence == "reported"  # the default
    assert loaded.geometries["area-exercise"].geom_type == "Polygon"
    assert "1st Test Battalion" in loaded.source_texts["test-report"]


def test_folder_dataset_is_merged():
    loaded = load_dataset(VALID / "folder")
    assert [p.name for p in dataset_files(VALID / "folder")] == [
        "areas.yaml",
        "events.yaml",
        "movements.yaml",
        "places.yaml",
        "sources.yaml",
        "units.yaml",
    ]
    assert loaded.counts() == {"sources": 1, "places": 3, "units": 3, "movements": 2, "events": 1, "areas": 1}
    assert loaded.base == VALID.resolve()
    assert Path(loaded.origins[("units", "test-coy")].file).name == "units.yaml"
    assert Path(loaded.origins[("areas", "area-exercise")].file).name == "areas.yaml"
    # the area geometry came from a .geojson Feature beside the YAML
    geom = loaded.geometries["area-exercise"]
    assert geom.equals(shapely.box(21.8, 50.1, 22.2, 50.3))
    assert loaded.dataset.movements[1].arrive is None
    assert loaded.units["test-bn"].parent == "test-bde"


def test_default_base():
    assert default_base(DATA) == REPO.resolve()
    assert default_base(VALID / "minimal.yaml") == (REPO / "tests" / "data").resolve()
    assert default_base(VALID / "folder") == VALID.resolve()


def test_strings_are_stripped_and_dates_parsed(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(
        "places:\n  - id: x\n    name: '  Padded  '\n    country: DEU\n    lat: 1\n    lon: 2\n"
        "events:\n  - id: e\n    name: E\n    date: '2022-02-10'\n    place: x\n"
        "    citations: [{note: n}]\n",
        encoding="utf-8",
    )
    loaded = load_dataset(f)
    assert loaded.places["x"].name == "Padded"
    when = loaded.dataset.events[0].date
    assert when.exact and (when.earliest, when.latest) == (dt.date(2022, 2, 10),) * 2


def test_check_quotes_false_skips_quote_matching():
    loaded = load_dataset(INVALID / "quote_not_found.yaml", check_quotes=False)
    assert loaded.counts()["places"] == 1


def test_sections_may_be_empty_or_null(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text("sources:\nplaces: []\nunits:\n", encoding="utf-8")
    loaded = load_dataset(f)
    assert sum(loaded.counts().values()) == 0


def test_same_section_in_two_files_is_merged_and_duplicates_found(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    place = "places:\n  - id: {id}\n    name: N\n    country: DEU\n    lat: 1\n    lon: 2\n"
    (d / "a.yaml").write_text(place.format(id="p1"), encoding="utf-8")
    (d / "b.yaml").write_text(place.format(id="p2"), encoding="utf-8")
    assert load_dataset(d).counts()["places"] == 2
    (d / "c.yaml").write_text(place.format(id="p1"), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(d)
    (p,) = info.value.problems
    assert p.field == "id" and "already used by the place" in p.message
    assert p.file.endswith("c.yaml") and p.line == 2 and "a.yaml:2" in p.message  # points at the duplicate


def test_yml_extension_and_other_files_ignored(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "places.yml").write_text(
        "places:\n  - id: x\n    name: X\n    country: DEU\n    lat: 1\n    lon: 2\n", encoding="utf-8"
    )
    (d / "README.md").write_text("not data", encoding="utf-8")
    (d / "notes.txt").write_text("{{ not data }}", encoding="utf-8")
    assert load_dataset(d).counts()["places"] == 1


def test_dataset_error_report_lists_every_problem():
    with pytest.raises(DatasetError) as info:
        load_dataset(INVALID / "parent_cycle.yaml")
    err = info.value
    report = err.report().splitlines()
    assert report[0] == "2 problems in the dataset:"
    assert len(report) == 3 and all(ln.startswith("  ") for ln in report[1:])


def test_synthetic_dataset_is_valid_and_deterministic(tmp_path):
    """benchmarks/synth.py writes datasets that pass load_dataset, the same for the same seed."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("synth", REPO / "benchmarks" / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    path = synth.make_dataset(400, tmp_path / "a", seed=3)
    loaded = load_dataset(path)
    c = loaded.counts()
    assert (c["movements"], c["places"], c["units"], c["events"], c["areas"]) == (400, 20, 133, 20, 4)
    assert any(m.arrive is None for m in loaded.dataset.movements)
    assert {m.depart.day.year for m in loaded.dataset.movements} == {2022, 2023}
    again = synth.make_dataset(400, tmp_path / "b", seed=3)
    for f in sorted(path.glob("*.yaml")):
        assert f.read_text(encoding="utf-8") == (again / f.name).read_text(encoding="utf-8")


def test_exact_date_dataset_loads_as_before():
    """The bundled data as it was before the claims model: every date a plain day, every number exact."""
    loaded = load_dataset(VALID / "exact_dates")
    assert loaded.counts() == {
        "sources": 1,
        "places": 9,
        "units": 4,
        "movements": 3,
        "events": 5,
        "areas": 4,
    }
    assert loaded.span == (dt.date(2014, 3, 18), dt.date(2022, 2, 14))
    ds = loaded.dataset
    whens = [w for m in ds.movements for w in (m.depart, m.arrive) if w is not None]
    whens += (
        [e.date for e in ds.events] + [a.valid_from for a in ds.areas] + [a.valid_to for a in ds.areas if a.valid_to]
    )
    assert whens and all(w.exact and w.earliest == w.latest == w.day for w in whens)
    assert all(m.strength is None or m.strength.exact for m in ds.movements)
    assert all(p.precision is None for p in ds.places)


def test_synthetic_dataset_with_uncertain_dates(tmp_path):
    """benchmarks/synth.py --uncertain (the state benchmark's datasets) writes every date form and loads."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("synth", REPO / "benchmarks" / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    loaded = load_dataset(synth.make_dataset(400, tmp_path / "u", seed=3, uncertain=True))
    moves = loaded.dataset.movements
    whens = [w for m in moves for w in (m.depart, m.arrive) if w is not None]
    assert any(m.depart is None for m in moves) and any(m.arrive is None for m in moves)
    assert any(w.earliest is None for w in whens) and any(w.latest is None for w in whens)
    assert any(w.approximate for w in whens) and any(w.exact for w in whens)
    assert any(w.earliest and w.latest and w.earliest < w.latest and not w.approximate for w in whens)
    assert any(m.strength is not None and not m.strength.exact for m in moves)
