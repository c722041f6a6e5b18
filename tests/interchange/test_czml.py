"""CZML: round trip, every packet read by czml3's models, availability = the sources' window, samples
from origin to destination, hostile text escaped, another tool's CZML, malformed files."""

from __future__ import annotations

import json

import pytest
from czml3.core import Document, Packet

from dashboard.core.loader import load_dataset
from dashboard.export.dispatch import export
from dashboard.interchange import read
from dashboard.web.options import MapOptions

from .helpers import DATASETS, differences, round_trip


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_round_trip_gives_back_every_field(name, tmp_path):
    original, imported = round_trip(DATASETS[name], "czml", tmp_path)
    assert differences(original, imported) == []


@pytest.fixture(scope="module")
def claims_czml(tmp_path_factory):
    loaded = load_dataset(DATASETS["claims"])
    out = export("czml", loaded, MapOptions(), tmp_path_factory.mktemp("czml") / "claims.czml")
    return loaded, json.loads(out.read_text(encoding="utf-8"))


def test_czml3_reads_every_packet(claims_czml):
    loaded, packets = claims_czml
    doc = Document(packets=[Packet.model_validate(p) for p in packets])
    ids = [p.id for p in doc.packets]
    assert ids[0] == "document"
    assert sorted(i for i in ids if i.startswith("movement/")) == sorted(
        f"movement/{m.id}" for m in loaded.dataset.movements
    )
    assert sum(i.startswith("place/") for i in ids) == len(loaded.dataset.places)


def test_availability_is_the_window_and_samples_run_from_origin_to_destination(claims_czml):
    loaded, packets = claims_czml
    by_id = {p["id"]: p for p in packets}
    for m in loaded.dataset.movements:
        p = by_id[f"movement/{m.id}"]
        begin, end = p["availability"].split("/")
        if m.depart is not None and m.depart.earliest is not None:
            assert begin[:10] == m.depart.earliest.isoformat()
        if m.arrive is not None and m.arrive.latest is not None:
            assert end[:10] == m.arrive.latest.isoformat()
        if m.arrive is not None and m.arrive.latest is None:
            assert end.startswith("9999")  # open: Cesium's end of time, never a guessed day
        samples = p["position"]["cartographicDegrees"]
        times = samples[0::4]
        assert times == sorted(times) and len(set(times)) == len(times)
        origin, dest = loaded.places[m.from_], loaded.places[m.to]
        assert samples[1:3] == pytest.approx([origin.lon, origin.lat], abs=1e-5)
        assert samples[-3:-1] == pytest.approx([dest.lon, dest.lat], abs=1e-5)
        assert p["billboard"]["image"].startswith("data:image/png;base64,")
        assert p["properties"]["depart" if m.depart else "arrive"]  # the EDTF text travels


def test_hostile_text_escaped_in_descriptions(tmp_path):
    loaded = load_dataset(DATASETS["injection"])
    out = export("czml", loaded, MapOptions(), tmp_path / "inj.czml")
    packets = json.loads(out.read_text(encoding="utf-8"))
    descriptions = [p["description"] for p in packets if "description" in p]
    assert descriptions and all("<script" not in d and "<img" not in d for d in descriptions)
    assert any("&lt;script&gt;" in d for d in descriptions)
    assert any("<script>alert(2)</script>" in str(p.get("properties", {}).get("description")) for p in packets)


def test_another_tools_czml(tmp_path):
    packets = [
        {"id": "document", "version": "1.0"},
        {
            "id": "convoy",
            "name": "Test Convoy",
            "position": {
                "epoch": "2022-02-01T00:00:00Z",
                "cartographicDegrees": [0, 13.405, 52.52, 0, 172800, 21.0122, 52.2297, 0],
            },
        },
        {"id": "static", "position": {"cartographicDegrees": [1, 2, 0]}},
        {
            "id": "broken",
            "position": {"epoch": "2022-02-01T00:00:00Z", "cartographicDegrees": ["x", 1, 2, 0, 1, 2, 3, 4]},
        },
    ]
    path = tmp_path / "other.czml"
    path.write_text(json.dumps(packets), encoding="utf-8")
    result = read(path)
    (move,) = result.data["movements"]
    assert (move["unit"], move["depart"], move["arrive"]) == ("test-convoy", "2022-02-01", "2022-02-03")
    assert [p.record for p in result.problems if p.field == "position"] == ["packet 4 (id 'broken')"]


@pytest.mark.parametrize("content", [b"[{", b'{"id": "document"}', b"[]", b'[{"id": "x"}]'])
def test_malformed_czml(tmp_path, content):
    path = tmp_path / "bad.czml"
    path.write_bytes(content)
    (p,) = read(path).problems
    assert p.file == "bad.czml" and ("not valid JSON" in p.message or "not CZML" in p.message)
