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
SECTIONS = ("sources", "places", "units", "movements", "events", "areas", "stories")
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
    # dates are YAML text as the source gives them (EDTF level 1), or alternatives from several sources
    depart = movement["properties"]["depart"]
    (when,) = [s for s in depart["anyOf"] if s.get("type") != "null"]
    text, year, alternatives = when["oneOf"]
    assert text["type"] == "string" and "2022-02-10~" in text["description"]
    assert text["then"] == {"format": "date"}  # a plain day must be a real one
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 1700, 2199)
    assert alternatives["type"] == "array" and alternatives["maxContains"] == 1  # at most one preferred
    # a movement needs a departure or an arrival
    assert movement["anyOf"] == [{"required": ["depart"]}, {"required": ["arrive"]}]
    place = schema["$defs"]["Place"]["properties"]["precision"]
    assert place["anyOf"][0]["enum"] == ["site", "town", "region", "country"]


WHEN_FORMS_OK = [
    "2022-02-10",
    "2022-02-10~",
    "2022-02-10?",
    "2022-02-10%",
    "2022-02",
    "2022",
    2022,
    "2022-02-10/2022-02-14",
    "../2022-02-10",
    "2022-02-10/..",
    "2022-02~/2022-03",
]
WHEN_FORMS_BAD = ["2022-02-30", "2022-13", "2022-21", "2022-02-XX", "../..", "by 2022-02-10", "~2022-02-10", 1650, ""]
AMOUNTS_OK = [
    0,
    1000,
    "1,000",
    "about 1,000",
    "~1000",
    "800-1,000",
    "between 800 and 1,000",
    "up to 8",
    "over 100,000",
    "at least 5",
    "5+",
]
AMOUNTS_BAD = [-5, 10.5, "about a thousand", "many", "1,00", True]


def _movement(**fields) -> dict:
    return {"movements": [{"id": "m", "unit": "u", "from": "a", "to": "b", "citations": [{"note": "n"}], **fields}]}


@pytest.mark.parametrize("value", WHEN_FORMS_OK, ids=str)
def test_schema_accepts_every_date_form_the_model_reads(validator, value):
    from dashboard.core.claims import parse_when

    parse_when(value)  # the model reads it
    assert not list(validator.iter_errors(_movement(depart=value)))


@pytest.mark.parametrize("value", WHEN_FORMS_BAD, ids=str)
def test_schema_refuses_date_forms_the_model_refuses(validator, value):
    from dashboard.core.claims import parse_when

    with pytest.raises(ValueError):
        parse_when(value)
    assert list(validator.iter_errors(_movement(depart=value)))


@pytest.mark.parametrize("value", AMOUNTS_OK, ids=str)
def test_schema_accepts_every_number_form_the_model_reads(validator, value):
    from dashboard.core.claims import parse_amount

    parse_amount(value)
    assert not list(validator.iter_errors(_movement(depart="2022-02-10", strength=value)))


@pytest.mark.parametrize("value", AMOUNTS_BAD, ids=str)
def test_schema_refuses_number_forms_the_model_refuses(validator, value):
    from dashboard.core.claims import parse_amount

    with pytest.raises(ValueError):
        parse_amount(value)
    assert list(validator.iter_errors(_movement(depart="2022-02-10", strength=value)))


@pytest.mark.parametrize(
    "path",
    [DATA, VALID / "minimal.yaml", VALID / "folder", VALID / "claims.yaml", VALID / "exact_dates"],
    ids=["data", "minimal", "folder", "claims", "exact_dates"],
)
def test_valid_datasets_satisfy_the_schema(validator, path):
    instance = _read_merged(path)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    whens = [m.get("depart", m.get("arrive")) for m in instance["movements"]]
    assert any(isinstance(w, str) for w in whens)  # the check saw text, not a date object


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
        # the claims model's forms (the rest need the whole dataset or an order: validate only)
        ("claims_approximate_misplaced.yaml", ["movements", 0, "depart"]),
        ("claims_uncertain_twice.yaml", ["movements", 0, "depart"]),
        ("claims_month_13.yaml", ["movements", 0, "depart"]),
        ("claims_year_out_of_range.yaml", ["movements", 0, "depart"]),
        ("claims_by_in_words.yaml", ["movements", 0, "arrive"]),
        ("claims_from_unclosed.yaml", ["movements", 0, "depart"]),
        ("claims_open_both_ends.yaml", ["movements", 0, "depart"]),
        ("claims_season.yaml", ["movements", 0, "depart"]),
        ("claims_unspecified_digits.yaml", ["movements", 0, "depart"]),
        ("claims_no_dates.yaml", ["movements", 0]),
        ("claims_alternatives_empty.yaml", ["movements", 0, "arrive"]),
        ("claims_alternative_no_quote.yaml", ["movements", 0, "arrive"]),
        ("claims_alternative_quote_no_source.yaml", ["movements", 0, "arrive"]),
        ("claims_two_preferred.yaml", ["movements", 0, "arrive"]),
        ("claims_amount_in_words.yaml", ["movements", 0, "strength"]),
        ("claims_amount_negative.yaml", ["movements", 0, "strength"]),
        ("claims_supports_unknown_field.yaml", ["movements", 0, "citations", 0, "supports"]),
        ("claims_precision_unknown.yaml", ["places", 0, "precision"]),
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
