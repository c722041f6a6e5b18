"""KML and KMZ: round trip of every field, read by fastkml and by GDAL (pyogrio), times the slider can
play (TimeSpan windows, gx:Track), hostile text kept text, other tools' KML, malformed files."""

from __future__ import annotations

import datetime as dt
import warnings
import xml.etree.ElementTree as ET
import zipfile

import pyogrio
import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.export.dispatch import export
from dashboard.interchange import read
from dashboard.web.options import MapOptions

from .helpers import DATASETS, differences, round_trip

KML = "{http://www.opengis.net/kml/2.2}"
GX = "{http://www.google.com/kml/ext/2.2}"


@pytest.mark.parametrize("fmt", ["kml", "kmz"])
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_round_trip_gives_back_every_field(fmt, name, tmp_path):
    original, imported = round_trip(DATASETS[name], fmt, tmp_path)
    assert differences(original, imported) == []


@pytest.fixture(scope="module")
def claims_kml(tmp_path_factory):
    loaded = load_dataset(DATASETS["claims"])
    out = export("kml", loaded, MapOptions(), tmp_path_factory.mktemp("kml") / "claims.kml")
    return loaded, out


def _placemarks(root):
    return {pm.get("id"): pm for pm in root.iter(f"{KML}Placemark") if pm.get("id")}


def test_fastkml_reads_every_record_and_its_time(claims_kml):
    from fastkml import kml

    loaded, out = claims_kml
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = kml.KML.parse(out).features[0]
    folders = {f.name: f for f in doc.features}
    assert len(folders["Places"].features) == len(loaded.dataset.places)
    assert len(folders["Events"].features) == len(loaded.dataset.events)
    unit_folders = folders["Units and movements"].features
    timeline = build_timeline(loaded)
    estimated = dict(zip(timeline.ids.tolist(), timeline.arrive_estimated.tolist()))
    assert [f.name for f in unit_folders] == [u.name for u in loaded.dataset.units]
    movements = {
        pm.id.removeprefix("movement-"): pm
        for f in unit_folders
        for pm in f.features
        if pm.id and pm.id.startswith("movement-")
    }
    assert set(movements) == {m.id for m in loaded.dataset.movements}
    for m in loaded.dataset.movements:
        pm = movements[m.id]
        assert type(pm.kml_geometry).__name__ == "Track"
        span = pm.times
        begin = span.begin.dt if span.begin else None
        earliest = m.depart.earliest if m.depart and m.depart.earliest else None
        if earliest is not None:  # the window opens at the earliest possible departure, never later
            assert begin is not None and begin.date() == earliest
        if m.arrive is not None and m.arrive.latest is not None:
            assert span.end is not None and span.end.dt.date() == m.arrive.latest
        if m.arrive is None and not estimated[m.id]:
            assert span.end is None  # no arrival is reported nor estimated: the window stays open
        if estimated[m.id]:
            assert "estimated" in pm.description
        data = {d.name: d.value for d in pm.extended_data.elements}
        if m.depart is not None and not m.depart.alternatives:
            assert data["depart"] == m.depart.text  # the date as the source gives it, in ExtendedData


def test_gdal_reads_places_and_movements(claims_kml):
    loaded, out = claims_kml
    layers = [name for name, _ in pyogrio.list_layers(out)]
    places = pyogrio.read_dataframe(out, layer="Places")
    assert len(places) == len(loaded.dataset.places)
    assert sorted(places["lat"].astype(float).round(4)) == sorted(round(p.lat, 4) for p in loaded.dataset.places)
    moving = {m.unit for m in loaded.dataset.movements}
    total = 0
    for u in loaded.dataset.units:
        if u.id in moving:
            assert u.name in layers
            df = pyogrio.read_dataframe(out, layer=u.name)
            tracks = df[df["section"] == "movements"]
            total += len(tracks)
            assert set(tracks.geometry.geom_type) == {"LineString"}
    assert total == len(loaded.dataset.movements)


def test_track_runs_from_origin_to_destination_in_time(claims_kml):
    loaded, out = claims_kml
    root = ET.parse(out).getroot()
    pms = _placemarks(root)
    for m in loaded.dataset.movements:
        track = pms[f"movement-{m.id}"].find(f"{GX}Track")
        whens = [w.text for w in track.findall(f"{KML}when")]
        coords = [c.text.split() for c in track.findall(f"{GX}coord")]
        assert len(whens) == len(coords) >= 2
        assert whens == sorted(whens)
        p_from, p_to = loaded.places[m.from_], loaded.places[m.to]
        assert (float(coords[0][0]), float(coords[0][1])) == pytest.approx((p_from.lon, p_from.lat), abs=1e-5)
        assert (float(coords[-1][0]), float(coords[-1][1])) == pytest.approx((p_to.lon, p_to.lat), abs=1e-5)


def test_hostile_text_stays_text(tmp_path):
    loaded = load_dataset(DATASETS["injection"])
    for fmt in ("kml", "kmz"):
        out = export(fmt, loaded, MapOptions(), tmp_path / f"inj.{fmt}")
        data = zipfile.ZipFile(out).read("doc.kml") if fmt == "kmz" else out.read_bytes()
        root = ET.fromstring(data)
        tags = {el.tag.split("}")[-1] for el in root.iter()}
        assert not tags & {"script", "img", "svg"}  # no element came from the data
        for el in root.iter(f"{KML}description"):
            assert "<script" not in el.text and "&lt;script&gt;" in el.text  # shown as text in the balloon
        values = [v.text for v in root.iter(f"{KML}value")]
        assert any("<script>alert(2)</script>" in (v or "") for v in values)  # the data itself, intact
        for el in root.iter():  # every feature with ExtendedData shows only its name and escaped description
            if el.tag in (f"{KML}Placemark", f"{KML}Folder") and el.find(f"{KML}ExtendedData") is not None:
                assert el.find(f"{KML}styleUrl") is not None
        styles = [b.find(f"{KML}text").text for b in root.iter(f"{KML}BalloonStyle")]
        assert styles and all(
            "$[description]" in s and "$[" not in s.replace("$[name]", "").replace("$[description]", "") for s in styles
        )


def test_kmz_packs_unit_symbols(tmp_path):
    loaded = load_dataset(DATASETS["bundled"])
    out = export("kmz", loaded, MapOptions(), tmp_path / "d.kmz")
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        root = ET.fromstring(z.read("doc.kml"))
        icons = [z.read(n) for n in names if n.endswith(".png")]
    assert names[0] == "doc.kml"
    assert len(icons) == len(loaded.dataset.units) and all(i.startswith(b"\x89PNG") for i in icons)
    hrefs = {h.text for h in root.iter(f"{KML}href")}
    assert hrefs == {n for n in names if n.endswith(".png")}


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>
<Folder><name>3rd Test Brigade</name>
  <Placemark><name>Road march</name>
    <TimeSpan><begin>2022-02-01</begin><end>2022-02-03T12:00:00Z</end></TimeSpan>
    <LineString><coordinates>13.405,52.52,0 21.0122,52.2297,0</coordinates></LineString>
  </Placemark>
  <Placemark><name>Rail move</name>
    <gx:Track><when>2022-02-05T00:00:00Z</when><when>2022-02-06T00:00:00Z</when>
      <gx:coord>21.0122 52.2297 0</gx:coord><gx:coord>24.9668 45.9432 0</gx:coord></gx:Track>
  </Placemark>
</Folder>
<Placemark><name>Exercise opens</name><TimeStamp><when>2022-02-02</when></TimeStamp>
  <Point><coordinates>21.0122,52.2297</coordinates></Point></Placemark>
<Placemark><name>Broken</name><Point><coordinates>east,north</coordinates></Point></Placemark>
</Document></kml>
"""


def test_other_tools_kml_folders_as_units(tmp_path):
    path = tmp_path / "earth.kml"
    path.write_text(FOREIGN, encoding="utf-8")
    result = read(path)
    moves = result.data["movements"]
    assert [(m["unit"], m.get("depart"), m.get("arrive")) for m in moves] == [
        ("3rd-test-brigade", "2022-02-01", "2022-02-03"),
        ("3rd-test-brigade", "2022-02-05", "2022-02-06"),
    ]
    assert moves[0]["to"] == moves[1]["from"]  # the same point is the same place
    assert all("no source" in m["citations"][0]["note"] for m in moves)
    (event,) = result.data["events"]
    assert event["date"] == "2022-02-02" and event["name"] == "Exercise opens"
    countries = {p["id"]: p["country"] for p in result.data["places"]}
    assert countries[moves[0]["from"]] == "DEU" and countries[moves[0]["to"]] == "POL"
    broken = [p for p in result.problems if p.record == "<Placemark> 'Broken'"]
    assert broken and broken[0].line == 15 and broken[0].field == "coordinates"


@pytest.mark.parametrize(
    "content, line, words",
    [
        (b"<kml><Document><Placemark></Document></kml>", 1, "not well-formed"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<kml>&b;</kml>',
            2,
            "DTD",
        ),
        (b"<html><body/></html>", 1, "not KML"),
        (b"", 1, "not well-formed"),
    ],
)
def test_malformed_kml_named_by_line(tmp_path, content, line, words):
    path = tmp_path / "bad.kml"
    path.write_bytes(content)
    result = read(path)
    (p,) = result.problems
    assert p.file == "bad.kml" and p.line == line and words in p.message


def test_malformed_kmz(tmp_path):
    path = tmp_path / "bad.kmz"
    path.write_bytes(b"not a zip")
    assert "not a readable KMZ" in read(path).problems[0].message
    with zipfile.ZipFile(tmp_path / "empty.kmz", "w") as z:
        z.writestr("files/a.png", b"x")
    assert "holds no .kml" in read(tmp_path / "empty.kmz").problems[0].message


def test_phase_placemark_stands_at_destination_after_arrival(claims_kml):
    loaded, out = claims_kml
    root = ET.parse(out).getroot()
    for pm in root.iter(f"{KML}Placemark"):
        data = {d.get("name"): d.find(f"{KML}value").text for d in pm.iter(f"{KML}Data")}
        if data.get("phase") != "arrived":
            continue
        m = next(x for x in loaded.dataset.movements if x.id == data["movement"])
        begin = pm.find(f"{KML}TimeSpan/{KML}begin")
        if m.arrive is not None and m.arrive.latest is not None:
            assert dt.date.fromisoformat(begin.text[:10]) == m.arrive.latest  # certainly there only from then


HOSTILE_NAME = "Unit \\x01 & <b> \\\"q\\\" 'a' ]]> \\uFFFE end"  # YAML escapes: a C0 control and U+FFFE


def _hostile_dataset(tmp_path):
    """The injection fixture with a unit name holding markup, '&', both quotes, ']]>', a control character
    and U+FFFE (YAML escapes), and a source text holding a control character and U+FFFE."""
    import shutil

    folder = tmp_path / "hostile"
    shutil.copytree(DATASETS["injection"], folder)
    units = folder / "units.yaml"
    lines = units.read_text(encoding="utf-8").splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("  name: "))
    lines[k] = f'  name: "{HOSTILE_NAME}"'
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seed = folder / "seed.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA control \x02 character and \ufffe.\n", encoding="utf-8")
    return load_dataset(folder)


@pytest.mark.parametrize("fmt", ["kml", "kmz"])
def test_xml_holds_hostile_names_as_text(tmp_path, fmt):
    loaded = _hostile_dataset(tmp_path)
    name = loaded.dataset.units[0].name
    assert "\x01" in name and "\ufffe" in name  # the loader keeps them: the export must make them safe
    out = export(fmt, loaded, MapOptions(), tmp_path / f"h.{fmt}")
    data = zipfile.ZipFile(out).read("doc.kml") if fmt == "kmz" else out.read_bytes()
    root = ET.fromstring(data)  # well-formed: every text escaped, nothing XML 1.0 cannot hold
    shown = "Unit \ufffd & <b> \"q\" 'a' ]]> \ufffd end"  # as written, the two characters XML cannot hold as U+FFFD
    folder = next(f for f in root.iter(f"{KML}Folder") if f.get("id") == "unit-inj-bn")
    assert folder.find(f"{KML}name").text == shown
    values = {d.get("name"): d.find(f"{KML}value").text for d in folder.find(f"{KML}ExtendedData")}
    assert values["name"] == shown
    movement = next(pm for pm in root.iter(f"{KML}Placemark") if pm.get("id") == "movement-m-inj")
    description = movement.find(f"{KML}description").text  # HTML shown as text: the name HTML-escaped in it
    assert "Unit \ufffd &amp; &lt;b&gt; &quot;q&quot; &#x27;a&#x27; ]]&gt; \ufffd end" in description
    source = next(pm for pm in root.iter(f"{KML}Placemark") if pm.get("id") == "source-inj-src")
    text = next(d.find(f"{KML}value").text for d in source.iter(f"{KML}Data") if d.get("name") == "text")
    assert "A control \ufffd character and \ufffd." in text
    result = read(out)  # and it imports: the unit's name back as shown
    assert [u["name"] for u in result.data["units"]] == [shown]
