"""CSV and XLSX: the dataset round trip, spreadsheets that stay inert, analysts' sheets with mapped
columns, and malformed files reported by row."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from dashboard.core.loader import load_dataset
from dashboard.export.dispatch import export
from dashboard.interchange import read
from dashboard.interchange.csv_xlsx import CSV_COLUMNS
from dashboard.interchange.dataset import write_dataset
from dashboard.web.options import MapOptions

from .helpers import DATASETS, ROOT, differences, round_trip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_round_trip_gives_back_every_field(fmt, name, tmp_path):
    original, imported = round_trip(DATASETS[name], fmt, tmp_path)
    assert differences(original, imported) == []
    assert imported.counts() == original.counts()


def test_xlsx_read_by_openpyxl_and_calamine(tmp_path):
    loaded = load_dataset(DATASETS["claims"])
    out = export("xlsx", loaded, MapOptions(), tmp_path / "d.xlsx")
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["sources", "places", "units", "movements", "events", "areas", "stories"]
    rows = list(wb["movements"].iter_rows(values_only=True))
    assert rows[0][:4] == ("id", "unit", "from", "to")
    assert sorted(r[0] for r in rows[1:]) == sorted(m.id for m in loaded.dataset.movements)
    by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    for m in loaded.dataset.movements:
        if m.depart is not None and not m.depart.alternatives:
            assert by_id[m.id]["depart"] == m.depart.text  # the date as written, never sharper
        if m.strength is not None and not m.strength.alternatives and not m.strength.exact:
            assert by_id[m.id]["strength"] == m.strength.text  # "about 1,000" stays about
    cal = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("places").to_python()
    assert len(cal) - 1 == len(loaded.dataset.places)


def _hostile_dataset(tmp_path: Path) -> Path:
    """The injection fixture plus spreadsheet formulas at the start of names, notes and descriptions."""
    import yaml

    folder = tmp_path / "hostile"
    folder.mkdir()
    formulas = ('=HYPERLINK("http://evil.example/","x") ', "@SUM(1+1)*cmd|' /C calc'!A0 ", "+1+cmd ", "-2+3 ")
    for f in DATASETS["injection"].iterdir():
        if f.suffix != ".yaml":
            (folder / f.name).write_bytes(f.read_bytes())
            continue
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for k, rec in enumerate(next(iter(data.values()))):
            for key in ("name", "note", "description"):
                if key in rec:
                    rec[key] = formulas[k % len(formulas)] + rec[key]
        (folder / f.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_formulas_stay_text_and_come_back(tmp_path):
    folder = _hostile_dataset(tmp_path)
    loaded = load_dataset(folder)
    assert any(u.name.startswith("=") for u in loaded.dataset.units)
    for fmt in ("csv", "xlsx"):
        out = export(fmt, loaded, MapOptions(), tmp_path / f"h.{fmt}")
        if fmt == "csv":
            cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))) for c in row]
        else:
            wb = openpyxl.load_workbook(out)
            cells = [c.value for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
            assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
        starts = [c for c in cells if isinstance(c, str) and c[:1] in ("=", "+", "@")]
        assert starts == []
        assert any(isinstance(c, str) and c.startswith("'=HYPERLINK") for c in cells)
        result = read(out)
        target = tmp_path / f"back-{fmt}"
        write_dataset(result, target, out.name)
        assert differences(loaded, load_dataset(target)) == []


def test_csv_has_a_section_column_and_every_record(tmp_path):
    loaded = load_dataset(DATASETS["bundled"])
    out = export("csv", loaded, MapOptions(), tmp_path / "d.csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0].keys())[: len(CSV_COLUMNS)] == CSV_COLUMNS
    for section, n in loaded.counts().items():
        assert sum(r["section"] == section for r in rows) == n


ANALYST = """Unit,Nation,Branch,Echelon,Origin,Destination,Departure,Arrival,Troops,URL,Published,Quote
2nd Cavalry Regiment,USA,cavalry,regiment,Vilseck,Romania,../2022-02-10,,"about 1,000",https://example.org/a,2022-02-10,"begun to move"
82nd Airborne Division,USA,airborne,division,Fayetteville,Poland,,2022-02-10/2022-02-17,850,https://example.org/a,2022-02-10,"about half have now arrived"
Atlantis Brigade,USA,infantry,brigade,Atlantis-under-the-sea,Poland,2022-02-01,,,,,
Bad Date Unit,USA,infantry,brigade,Berlin,Warsaw,10/02/2022,,,https://example.org/b,2022-02-11,
Bad Number Unit,USA,infantry,brigade,Berlin,Warsaw,2022-02-10,,"lots",https://example.org/b,2022-02-11,
"""


def test_analyst_sheet_mapped_by_column_names(tmp_path):
    path = tmp_path / "moves.csv"
    path.write_text(ANALYST, encoding="utf-8")
    result = read(path)
    moves = result.data["movements"]
    assert [m["unit"] for m in moves] == ["2nd-cavalry-regiment", "82nd-airborne-division"]
    assert moves[0]["depart"] == "../2022-02-10" and moves[0]["strength"] == "about 1,000"
    assert moves[1]["arrive"] == "2022-02-10/2022-02-17" and moves[1]["strength"] == 850
    places = {p["id"]: p for p in result.data["places"]}
    assert places[moves[0]["to"]]["country"] == "ROU" and places[moves[0]["to"]]["precision"] == "country"
    assert places[moves[0]["from"]]["country"] == "DEU"  # Vilseck: a town in the gazetteer
    assert "gazetteer" in places[moves[0]["from"]]["note"]
    rows = {(p.line, p.field): p.message for p in result.problems if not p.todo}
    assert "not in the offline gazetteer" in rows[(4, "Origin")]
    assert "10/02/2022" in rows[(5, "Departure")]
    assert "'lots'" in rows[(6, "Troops")]
    # quotes from a URL without stored text: listed, and validate says the same
    todos = [p for p in result.problems if p.todo]
    assert todos and all("no stored text" in p.message for p in todos)
    write_dataset(result, tmp_path / "out", path.name)
    with pytest.raises(Exception) as err:
        load_dataset(tmp_path / "out")
    assert "has no stored text" in str(err.value.report())  # type: ignore[attr-defined]


def test_map_option_names_columns(tmp_path):
    path = tmp_path / "moves.csv"
    path.write_text(
        "Who,Left from,Went to,Left on,Lat A,Lon A\nTest Battalion,Somewhere,Berlin,2022-02-10~,50.1,14.4\n",
        encoding="utf-8",
    )
    result = read(
        path,
        "csv",
        {
            "unit": "Who",
            "from": "Left from",
            "to": "Went to",
            "depart": "Left on",
            "from_lat": "Lat A",
            "from_lon": "Lon A",
        },
    )
    (move,) = result.data["movements"]
    assert move["depart"] == "2022-02-10~"
    origin = next(p for p in result.data["places"] if p["id"] == move["from"])
    assert (origin["lat"], origin["lon"], origin["country"]) == (50.1, 14.4, "CZE")
    lacking = [p for p in result.problems if p.record == "unit 'test-battalion'"]
    assert lacking and "nation" in lacking[0].message


@pytest.mark.parametrize(
    "content, where",
    [
        (b"section,id,name\nplaces,p1,Somewhere\n", ("row 2", "country")),
        (
            b"section,id,unit,from,to,depart,citations\nmovements,m1,u,a,b,2022-02-10,[{bad json\n",
            ("row 2", "citations"),
        ),
        (b"section,id\nnowhere,x\n", ("row 2", "section")),
        (b"\xff\xfe\x00garbage", (None, None)),
        (b"a,b\n1,2\n", (None, "unit")),
    ],
)
def test_malformed_files_name_the_row(tmp_path, content, where):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = read(path)
    assert result.problems
    p = result.problems[0]
    assert p.file == "bad.csv"
    if where[0]:
        assert p.record is not None and p.record.startswith(where[0])
    if where[1]:
        assert p.field == where[1]


def test_broken_xlsx_is_a_message(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    result = read(path)
    assert result.problems and "not a readable spreadsheet" in result.problems[0].message


def test_cli_import_then_validate(tmp_path):
    loaded = load_dataset(DATASETS["bundled"])
    export("xlsx", loaded, MapOptions(), tmp_path / "d.xlsx")
    env_root = str(ROOT)
    run = [sys.executable, "-m", "dashboard"]
    done = subprocess.run(
        run + ["import", str(tmp_path / "d.xlsx"), "--out", str(tmp_path / "ds")],
        capture_output=True,
        text=True,
        cwd=env_root,
    )
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout
    again = subprocess.run(
        run + ["import", str(tmp_path / "d.xlsx"), "--out", str(tmp_path / "ds")],
        capture_output=True,
        text=True,
        cwd=env_root,
    )
    assert again.returncode == 2 and "not empty" in again.stderr and "Traceback" not in again.stderr
    bad = subprocess.run(
        run + ["import", str(tmp_path / "d.xlsx"), "--map", "colour=X", "--out", str(tmp_path / "ds2")],
        capture_output=True,
        text=True,
        cwd=env_root,
    )
    assert bad.returncode == 2 and "no field 'colour'" in bad.stderr


def test_characters_yaml_reads_as_line_breaks_stay_in_their_text(tmp_path):
    """U+2028, NEL and DEL in a cell: written escaped, read back the same (YAML would fold or refuse them raw)."""
    text = 'Line\u2028separator, next\u0085line, del\u007f, tab\tand quote " end'
    path = tmp_path / "odd.csv"
    path.write_text(
        "Unit,Nation,Branch,Echelon,Origin,Destination,Departure,Note\n"
        f'Test Battalion,POL,infantry,battalion,Berlin,Warsaw,2022-02-10,"{text.replace(chr(34), chr(34) * 2)}"\n',
        encoding="utf-8",
    )
    result = read(path)
    write_dataset(result, tmp_path / "ds", path.name)
    (move,) = load_dataset(tmp_path / "ds").dataset.movements
    assert move.note == text


def _ods(path: Path, rows: list[list[str]]) -> None:
    """A minimal OpenDocument spreadsheet (no ODS writer is a dependency): one sheet of text cells."""
    import zipfile
    from xml.sax.saxutils import escape

    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p></table:table-cell>' for c in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="movements">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)


def test_ods_sheet_of_movements(tmp_path):
    path = tmp_path / "moves.ods"
    _ods(
        path,
        [
            ["Unit", "Nation", "Branch", "Echelon", "Origin", "Destination", "Departure", "Strength"],
            ["Test Battalion", "POL", "infantry", "battalion", "Berlin", "Warsaw", "2022-02-10~", "800-1,000"],
            ["Bad Battalion", "POL", "infantry", "battalion", "Berlin", "Warsaw", "soon", ""],
        ],
    )
    result = read(path)
    (move,) = result.data["movements"]
    assert move["depart"] == "2022-02-10~" and move["strength"] == "800-1,000"
    (bad,) = [p for p in result.problems if p.line == 3]
    assert bad.field == "Departure" and "'soon'" in bad.message


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_source_longer_than_a_cell_travels_whole(fmt, tmp_path):
    """Spreadsheet cells hold 32,767 characters: a longer stored text continues in text_2, text_3, ..."""
    folder = tmp_path / "long"
    (folder / "seeds").mkdir(parents=True)
    original = (DATASETS["claims"].parent / "minimal.yaml").read_text(encoding="utf-8")
    (folder / "minimal.yaml").write_text(original, encoding="utf-8")
    report = (DATASETS["claims"].parent / "seeds/report.txt").read_text(encoding="utf-8")
    padding = "".join(f"Paragraph {k} of a long report, padding the stored text. " for k in range(1500))
    (folder / "seeds/report.txt").write_text(report + "\n" + padding, encoding="utf-8")
    loaded = load_dataset(folder)
    assert len(loaded.source_texts[loaded.dataset.sources[0].id]) > 70_000
    out = export(fmt, loaded, MapOptions(), tmp_path / f"long.{fmt}")
    result = read(out)
    assert [p for p in result.problems if not p.todo] == []
    write_dataset(result, tmp_path / "back", out.name)
    assert differences(loaded, load_dataset(tmp_path / "back")) == []


def test_sheet_xml_is_what_openpyxl_writes():
    """The XLSX export writes each sheet's rows itself (csv_xlsx.sheet_rows_xml): the same XML as openpyxl's
    write-only mode for every kind of cell it can meet, and a control character is a message, not a file."""
    import zipfile

    from openpyxl import Workbook

    from dashboard.export.errors import ExportError
    from dashboard.interchange.csv_xlsx import sheet_rows_xml
    from dashboard.interchange.tables import inert

    columns = ("id", "name", "lat", "lon", "note")
    rows = [
        {"id": "a", "name": " padded ", "lat": 51.5, "lon": -0.1275, "note": "A & B <c> \"d\" 'e'"},
        {"id": "b", "name": "", "lat": 0, "lon": 1e-7, "note": "line\nbreak\tand tab"},
        {"id": "c", "name": "#N/A", "lat": float("nan"), "lon": None, "note": "   "},
        {"id": "d", "name": "=1+1", "lat": 12345678901234567, "lon": -75.46599999999999, "note": "x" * 40000},
    ]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("places")
    ws.append(list(columns))
    for row in rows:
        ws.append(
            [None if row.get(c) is None else (inert(row[c]) if isinstance(row[c], str) else row[c]) for c in columns]
        )
    frame = io.BytesIO()
    wb.save(frame)
    theirs = zipfile.ZipFile(frame).read("xl/worksheets/sheet1.xml").decode("utf-8")
    ours = sheet_rows_xml("places", columns, rows)
    assert ours in theirs
    with pytest.raises(ExportError, match="sheet places, row 2, column note"):
        sheet_rows_xml("places", columns, [{"id": "a", "note": "bell \x07"}])
