"""ORBAT Mapper scenario JSON: round trip, valid against the JSON Schema derived from ORBAT Mapper's
TypeScript types, units nested by parent, states on the map's schedule, hostile text inert in its
Markdown descriptions, another scenario's units and states, malformed files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from dashboard.core.loader import load_dataset
from dashboard.export.dispatch import export
from dashboard.interchange import read
from dashboard.web.options import MapOptions

from .helpers import DATASETS, ROOT, differences, round_trip

SCHEMA = json.loads((ROOT / "schema/orbat-mapper-scenario.schema.json").read_text(encoding="utf-8"))


def _units(units):
    for u in units:
        yield u
        yield from _units(u.get("subUnits", []))


def _all_units(scenario):
    for side in scenario["sides"]:
        for group in side["groups"]:
            yield from _units(group["subUnits"])


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_round_trip_gives_back_every_field(name, tmp_path):
    original, imported = round_trip(DATASETS[name], "orbat", tmp_path, suffix="json")
    assert differences(original, imported) == []


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_valid_against_the_schema_from_orbat_mappers_types(name, tmp_path):
    loaded = load_dataset(DATASETS[name])
    out = export("orbat", loaded, MapOptions(), tmp_path / "s.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    units = list(_all_units(data))
    assert sorted(u["id"] for u in units) == sorted(u.id for u in loaded.dataset.units)
    parents = {c["id"]: u["id"] for u in units for c in u.get("subUnits", [])}
    assert parents == {u.id: u.parent for u in loaded.dataset.units if u.parent}


def test_schema_refuses_what_orbat_mapper_does_not_know():
    bad = {
        "type": "ORBAT-mapper",
        "id": "x",
        "version": "2.0.0",
        "name": "x",
        "sides": [],
        "events": [],
        "layers": [],
        "mapLayers": [],
    }
    jsonschema.validate(bad, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**bad, "colour": "red"}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {
                **bad,
                "sides": [
                    {
                        "id": "s",
                        "name": "s",
                        "standardIdentity": "3",
                        "groups": [{"id": "g", "name": "g", "subUnits": [{"id": "u", "name": "u", "sidc": "abc"}]}],
                    }
                ],
            },
            SCHEMA,
        )


def test_states_follow_the_schedule_within_the_window(tmp_path):
    loaded = load_dataset(DATASETS["claims"])
    out = export("orbat", loaded, MapOptions(), tmp_path / "s.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    states = {s["id"]: s for u in _all_units(data) for s in u.get("state", [])}
    for m in loaded.dataset.movements:
        leave, arrive = states[f"{m.id}/depart"], states[f"{m.id}/arrive"]
        assert leave["t"] <= arrive["t"]
        assert arrive["location"] == [loaded.places[m.to].lon, loaded.places[m.to].lat]
        day_ms = 86400000
        if m.depart is not None and m.depart.earliest is not None:
            assert leave["t"] >= (m.depart.earliest.toordinal() - 719163) * day_ms
        if m.arrive is not None and m.arrive.latest is not None:
            assert arrive["t"] < (m.arrive.latest.toordinal() - 719163 + 1) * day_ms  # on that day at the latest


def test_hostile_text_inert_in_markdown(tmp_path):
    loaded = load_dataset(DATASETS["injection"])
    out = export("orbat", loaded, MapOptions(), tmp_path / "s.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    texts = [data["description"]] + [u["description"] for u in _all_units(data)]
    texts += [s["description"] for u in _all_units(data) for s in u.get("state", [])]
    texts += [e["description"] for e in data["events"]]
    for text in texts:
        assert "<" not in text and ">" not in text  # no tag, in or out of the fenced record
        fences = re.findall(r"```dashboard-record\n(.*?)\n```", text, re.DOTALL)
        assert "`" not in "".join(fences)
    assert "&lt;script&gt;" in data["sides"][0]["groups"][0]["subUnits"][0]["description"]


ORBAT = {
    "type": "ORBAT-mapper",
    "id": "s1",
    "version": "2.0.0",
    "name": "Exercise",
    "sides": [
        {
            "id": "blue",
            "name": "Blue",
            "standardIdentity": "3",
            "groups": [
                {
                    "id": "g",
                    "name": "Group",
                    "subUnits": [
                        {
                            "id": "bde",
                            "name": "1st Test Brigade",
                            "sidc": "10031000181211000000",
                            "location": [13.405, 52.52],
                            "subUnits": [
                                {
                                    "id": "bn",
                                    "name": "1st Test Battalion",
                                    "sidc": "10031000161211000000",
                                    "state": [
                                        {"id": "s1", "t": 1643673600000, "location": [13.405, 52.52]},
                                        {"id": "s2", "t": 1643846400000, "location": [21.0122, 52.2297]},
                                        {"id": "s3", "t": "soon", "location": [24.1, 56.9]},
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    ],
    "events": [
        {
            "title": "Exercise starts",
            "startTime": 1643673600000,
            "where": {"type": "geometry", "geometry": {"type": "Point", "coordinates": [13.405, 52.52]}},
        }
    ],
    "layers": [],
    "mapLayers": [],
}


def test_another_scenario(tmp_path):
    path = tmp_path / "exercise.json"
    path.write_text(json.dumps(ORBAT), encoding="utf-8")
    result = read(path)
    units = {u["id"]: u for u in result.data["units"]}
    assert (
        units["bn"]["parent"] == "bde" and units["bn"]["echelon"] == "battalion" and units["bn"]["branch"] == "infantry"
    )
    assert units["bde"]["echelon"] == "brigade"
    (move,) = result.data["movements"]
    assert (move["unit"], move["depart"], move["arrive"]) == ("bn", "2022-02-01", "2022-02-03")
    (event,) = result.data["events"]
    assert event["date"] == "2022-02-01"
    assert any("'soon'" in p.message and p.record == "unit '1st Test Battalion' state 's3'" for p in result.problems)


@pytest.mark.parametrize("content", [b'{"type": "ORBAT-mapper", ', b'{"type": "FeatureCollection"}', b"[1, 2]"])
def test_malformed_scenario(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    (p,) = read(path, "orbat").problems
    assert p.file == "bad.json"
    assert "not valid JSON" in p.message or "not an ORBAT Mapper scenario" in p.message


def test_schema_file_names_its_source():
    assert "scenarioModels.ts" in SCHEMA["$comment"]
    assert Path(ROOT / "schema/orbat-mapper-scenario.schema.json").is_file()
