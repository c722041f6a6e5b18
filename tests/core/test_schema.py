"""The committed JSON Schema matches the models, and the bundled data satisfies it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from dashboard.core.schema import dataset_schema, dataset_schema_text

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = REPO / "schema" / "dataset.schema.json"
DATA = REPO / "data"
VALID = REPO / "tests" / "data" / "valid"
INVALID = REPO / "tests" / "data" / "invalid"
SECTIONS = ("sources", "places", "units", "movements", "events", "areas")
MODELINE = "# yaml-language-server: $schema=../schema/dataset.schema.json"


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves 2022-02-10 as text, as an editor's JSON Schema check sees it."""


_TextDatesLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_merged(path: Path) -> dict:
    files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")) if path.is_dir() else [path]
    merged: dict = {}
    for f in files:
        data = yaml.load(f.read_text(encoding="utf-8"), Loader=_TextDatesLoader) or {}
        for key, value in data.items():
            merged.setdefault(key, []).extend(value or [])
    return merged


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_committed_schema_is_in_sync_with_models():
    assert SCHEMA_FILE.is_file(), "generate it: .venv/bin/python -m dashboard schema --out schema/dataset.schema.json"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == dataset_schema_text(), (
        "schema/dataset.schema.json is out of date with dashboard/core/model.py; regenerate it with:\n"
        "    .venv/bin/python -m dashboard schema --out schema/dataset.schema.json"
    )


def test_schema_shape():
    schema = dataset_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(SECTIONS)
    movement = schema["$defs"]["Movement"]
    assert "from" in movement["properties"] and "from_" not in movement["properties"]  # the YAML key, not Python's
    # dates are YAML text "YYYY-MM-DD": the schema must say string/format date
    assert movement["properties"]["depart"] == {
        "format": "date",
        "title": "Depart",
        "type": "string",
        "pattern": r"^(1[7-9]|2[01])\d\d-\d{2}-\d{2}$",
        "description": "A date written YYYY-MM-DD, in the years 1700-2199.",
    }


@pytest.mark.parametrize("path", [DATA, VALID / "minimal.yaml", VALID / "folder"], ids=["data", "minimal", "folder"])
def test_valid_datasets_satisfy_the_schema(validator, path):
    instance = _read_merged(path)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    assert isinstance(instance["movements"][0]["depart"], str)  # the check saw text, not a date object


@pytest.mark.parametrize(
    "fixture, where",
    [
        ("unknown_key.yaml", []),
        ("unknown_field.yaml", ["places", 0]),
        ("missing_field.yaml", ["places", 0]),
        ("wrong_type.yaml", ["places", 0, "lat"]),
        ("wrong_type_bool.yaml", ["places", 0, "lat"]),
        ("lat_out_of_range.yaml", ["places", 0, "lat"]),
        ("impossible_date.yaml", ["events", 0, "date"]),
        ("datetime_not_date.yaml", ["events", 0, "date"]),
        ("year_too_late.yaml", ["movements", 0, "depart"]),
        ("year_too_early.yaml", ["movements", 0, "depart"]),
        ("invisible_bom.yaml", ["units", 0, "name"]),
        ("rtl_override.yaml", ["places", 1, "name"]),
    ],
)
def test_schema_refuses_what_the_models_refuse(validator, fixture, where):
    instance = _read_merged(INVALID / fixture)
    errors = list(validator.iter_errors(instance))
    assert errors, f"{fixture} should not satisfy the schema"
    assert any(list(e.absolute_path) == where for e in errors), [(list(e.absolute_path), e.message) for e in errors]


def test_bundled_files_name_the_schema():
    for f in sorted(DATA.glob("*.yaml")):
        first = f.read_text(encoding="utf-8").splitlines()[0]
        assert first == MODELINE, f"{f.name} should start with '{MODELINE}'"
