"""The Streamlit page, run headless with streamlit.testing (no browser, no server).

`dashboard/app.py` reads `--data PATH` from sys.argv (parse_known_args), so each
test sets sys.argv before `at.run()`. The map is a custom v1 component: AppTest
shows it as an element of type "component_instance" whose proto carries the
arguments (`json_args`: html, map_key, command, height).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "dashboard" / "app.py"
DATA = REPO / "data"
INVALID = REPO / "tests" / "data" / "invalid"
DEFAULT_DATE = "2022-02-10"  # the newest source's publication date


def make_app(monkeypatch, data: Path | str, query: dict[str, str] | None = None) -> AppTest:
    monkeypatch.setattr(sys, "argv", ["app.py", "--data", str(data)])
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def component(at: AppTest):
    found = at.get("component_instance")
    assert len(found) == 1, f"expected one map component, found {len(found)}"
    return found[0]


def component_args(at: AppTest) -> dict:
    comp = component(at)
    assert comp.proto.component_name.endswith("deploymap")
    args = json.loads(comp.proto.json_args)
    args["command"] = json.loads(args["command"])  # sent as a JSON string (dashboard/ui/component.py)
    return args


def all_text(at: AppTest) -> str:
    """Every string value shown on the page (to look for tracebacks)."""
    parts = []
    for kind in ("title", "header", "markdown", "caption", "text", "error", "warning", "info", "exception", "code"):
        for el in at.get(kind):
            parts.append(str(getattr(el, "value", "")))
    return "\n".join(parts)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert "Traceback" not in all_text(at)


def query_date(at: AppTest) -> str | None:
    value = at.query_params.get("date")
    if isinstance(value, list):
        value = value[-1] if value else None
    return value


# ---------------------------------------------------------------- the bundled data


def test_bundled_data_renders(monkeypatch):
    at = make_app(monkeypatch, DATA)
    at.run()
    assert_clean(at)
    assert not at.error
    assert at.title[0].value == "Troop deployments, February 2022"  # the period its movements cover
    args = component_args(at)
    assert {"html", "map_key", "command", "height"} <= set(args)
    assert isinstance(args["html"], str) and "DeployMap.init(" in args["html"]
    assert re.fullmatch(r"[0-9a-f]{16}", args["map_key"])
    assert args["height"] == 640
    assert args["command"]["seq"] == 0 and args["command"]["date"] == DEFAULT_DATE
    assert component(at).key == "map"
    assert query_date(at) == DEFAULT_DATE
    assert not at.warning


def test_the_title_names_the_period_of_the_data_shown(monkeypatch):
    """Not a fixed 'February 2022': a March 2023 theatre is titled so."""
    at = make_app(monkeypatch, REPO / "tests" / "data" / "crowded" / "korea.yaml")
    at.run()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Troop deployments, March 2023"]


def test_map_html_uses_local_assets_only(monkeypatch):
    at = make_app(monkeypatch, DATA)
    at.run()
    html = component_args(at)["html"]
    srcs = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]*)"', html)
    assert srcs and all("http" not in s and not s.startswith("//") for s in srcs), srcs


def test_query_date_opens_that_date(monkeypatch):
    at = make_app(monkeypatch, DATA, {"date": "2022-02-08"})
    at.run()
    assert_clean(at)
    assert component_args(at)["command"]["date"] == "2022-02-08"
    assert query_date(at) == "2022-02-08"
    assert not at.warning
    assert "Tuesday 08 February 2022" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize(
    "value,words", [("nonsense", "not a date"), ("2021-01-01", "outside the timeline"), ("2022-02-30", "not a date")]
)
def test_invalid_query_date_warns_and_falls_back(monkeypatch, value, words):
    at = make_app(monkeypatch, DATA, {"date": value})
    at.run()
    assert_clean(at)
    assert len(at.warning) == 1
    assert words in at.warning[0].value and value in at.warning[0].value
    assert component_args(at)["command"]["date"] == DEFAULT_DATE
    assert query_date(at) == DEFAULT_DATE


def test_the_date_is_set_in_the_map_not_by_a_server_widget(monkeypatch):
    """The server writes no date into a widget the browser also edits: a rerun still carrying
    such a widget's old value moved the map back to a date the user had left. Reruns send
    no new command; the map's own reports move the server's date (browser tests)."""
    at = make_app(monkeypatch, DATA, {"date": "2022-02-08"})
    at.run()
    first = component_args(at)
    assert first["command"] == {**first["command"], "seq": 0, "date": "2022-02-08"}
    assert [d.label for d in at.date_input] == ["Compare with"]
    at.run()
    second = component_args(at)
    assert second["command"]["seq"] == 0 and second["map_key"] == first["map_key"]
    assert query_date(at) == "2022-02-08"


# ---------------------------------------------------------------- error states


def test_missing_dataset_path(monkeypatch, tmp_path):
    missing = tmp_path / "no-such-dataset"
    at = make_app(monkeypatch, missing)
    at.run()
    assert_clean(at)
    assert len(at.error) == 1 and "No dataset at `no-such-dataset`" in at.error[0].value
    assert str(tmp_path) not in at.error[0].value  # viewers never see the server's paths (the log has it)
    assert "--data PATH" in at.error[0].value
    assert not at.get("component_instance")


INVALID_CASES = [
    "duplicate_id.yaml",
    "missing_field.yaml",
    "yaml_syntax.yaml",
    "template_syntax.yaml",
    "not_utf8.yaml",
    "top_level_list.yaml",
]


@pytest.mark.parametrize("name", INVALID_CASES)
def test_invalid_dataset_shows_the_problems(monkeypatch, tmp_path, name):
    fixture = INVALID / name
    assert fixture.is_file(), f"fixture {name} is gone from tests/data/invalid"
    path = tmp_path / name
    shutil.copyfile(fixture, path)
    at = make_app(monkeypatch, path)
    at.run()
    assert_clean(at)
    assert len(at.error) == 1
    assert "cannot be shown" in at.error[0].value and "problem" in at.error[0].value
    assert len(at.dataframe) == 1
    table = at.dataframe[0].value
    assert len(table) >= 1
    assert {"file", "line", "record", "field", "message"} <= set(table.columns)
    assert all(str(f).endswith(name) for f in table["file"]), list(table["file"])
    assert all(isinstance(m, str) and m for m in table["message"])
    assert "Traceback" not in " ".join(map(str, table["message"]))
    assert not at.get("component_instance")


def test_empty_dataset_shows_an_empty_state(monkeypatch, tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("sources: []\n", encoding="utf-8")
    at = make_app(monkeypatch, path)
    at.run()
    assert_clean(at)
    assert not at.error
    assert len(at.info) == 1
    info = at.info[0].value
    assert "no movements, events or areas" in info and "nothing to draw" in info
    assert not at.get("component_instance")


# ---------------------------------------------------------------- script threads


_LATER_THREAD = textwrap.dedent("""
    import sys
    from streamlit.testing.v1 import AppTest
    app, *datasets = sys.argv[1:]
    for data in datasets:  # each run is a new script thread; the first imports the app's modules
        sys.argv = ["app.py", "--data", data]
        at = AppTest.from_file(app, default_timeout=60)
        at.run()
        print(data, "errors:", len(at.error), "exceptions:", len(at.exception), flush=True)
    print("all runs done")
""")


def test_dataset_loads_in_a_later_script_thread(tmp_path):
    """The first run imports the app (and its YAML parser) in a script thread that then ends;
    a later run, in a new thread, loads a dataset. The process must survive (no segfault)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "faulthandler",
            "-c",
            _LATER_THREAD,
            str(APP),
            str(tmp_path / "missing"),
            str(INVALID / "missing_field.yaml"),
            str(REPO / "tests" / "data" / "valid" / "minimal.yaml"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    crash = "\n".join(line for line in proc.stderr.splitlines() if "Fatal Python error" in line or " in loads" in line)
    assert proc.returncode == 0 and "all runs done" in proc.stdout, (
        f"exit code {proc.returncode}; stdout:\n{proc.stdout}\n{crash or proc.stderr[-2000:]}"
    )


def test_viewers_never_see_the_servers_path(monkeypatch, tmp_path):
    """The sidebar names the dataset by its folder, and problems name files inside it: a
    viewer learns nothing of where the server keeps its data (issue 12, defect 13)."""
    data = tmp_path / "srv" / "secret-place" / "data"
    shutil.copytree(DATA, data)
    shutil.copytree(REPO / "seeds", data.parent / "seeds")  # the sources' articles
    at = make_app(monkeypatch, data.resolve())
    at.run()
    assert_clean(at)
    sidebar = " ".join(str(c.value) for c in at.sidebar.caption)
    assert "data: valid —" in sidebar, (sidebar, all_text(at))
    assert str(tmp_path) not in all_text(at) + sidebar and "secret-place" not in all_text(at) + sidebar

    (data / "units.yaml").write_text("units: [{id: x}]\n", encoding="utf-8")  # now invalid
    at = make_app(monkeypatch, data.resolve())
    at.run()
    shown = all_text(at) + " ".join(map(str, at.dataframe[0].value["file"]))
    assert "units.yaml" in shown and "secret-place" not in shown and str(tmp_path) not in shown


# ---------------------------------------------------------------- claims as the sources give them (issue 14)

import datetime as dt  # noqa: E402
import math  # noqa: E402

from dashboard.core.claims import day_words  # noqa: E402
from dashboard.core.coverage import field_support  # noqa: E402
from dashboard.core.loader import load_dataset  # noqa: E402
from dashboard.engine.analysis import count_words, personnel_by_country, personnel_totals  # noqa: E402
from dashboard.engine.timeline import build_timeline  # noqa: E402
from dashboard.web.page import default_date, default_window  # noqa: E402

REPORTS = {
    "first.txt": "Day one. A squadron left Alpha for Bravo. Over 500 troops are with it. "
    "About 1,700 soldiers are going to Charlie.",
    "second.txt": "Day five. The squadron reached Bravo on 14 February with 600 troops. Another report said 700. "
    "All 2,000 soldiers sent to Charlie had arrived by 14 February.",
}
CLAIMS = textwrap.dedent("""
    sources:
      - {id: first, title: First report, publisher: Test, published: 2022-02-10, file: first.txt}
      - {id: second, title: Second report, publisher: Test, published: 2022-02-15, file: second.txt}
    places:
      - {id: alpha, name: Alpha, country: DEU, lat: 50.0, lon: 10.0, precision: town}
      - {id: bravo, name: Bravo, country: POL, lat: 52.0, lon: 20.0, precision: country}
      - {id: charlie, name: Charlie, country: ROU, lat: 45.9, lon: 24.9, precision: country}
    units:
      - {id: sqn, name: Test squadron, nation: USA, branch: cavalry, echelon: squadron}
      - id: div
        name: Test division
        nation: USA
        branch: airborne
        echelon: division
        citations: [{source: second, quote: "All 2,000 soldiers sent to Charlie", supports: [name]}]
    movements:
      - id: m-sqn
        unit: sqn
        from: alpha
        to: bravo
        depart: 2022-02-08/2022-02-10
        arrive:
          - {value: ../2022-02-16, source: first, quote: "A squadron left Alpha for Bravo."}
          - {value: 2022-02-14, source: second, quote: "The squadron reached Bravo on 14 February", preferred: true}
        strength:
          - {value: over 500, source: first, quote: "Over 500 troops are with it."}
          - {value: 600, source: second, quote: "with 600 troops"}
          - {value: 700, source: second, quote: "Another report said 700."}
        citations:
          - {source: first, quote: "A squadron left Alpha for Bravo.", supports: [unit, from, to, depart]}
      - id: m-div
        unit: div
        from: alpha
        to: charlie
        arrive: ../2022-02-14
        strength: about 1,700
        citations:
          - {source: first, quote: "About 1,700 soldiers are going to Charlie.", supports: [unit, to, strength]}
          - {source: second, quote: "All 2,000 soldiers sent to Charlie had arrived by 14 February.", supports: [arrive]}
          - {note: "Alpha as the origin is the curator's reading.", supports: [from]}
""")


@pytest.fixture(scope="module")
def claims_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("claims-app")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "dataset.yaml").write_text(CLAIMS, encoding="utf-8")
    return folder / "dataset.yaml"


def captions(at: AppTest) -> str:
    return " ".join(str(c.value) for c in at.caption)


def test_known_by_before_any_source_hides_everything(monkeypatch):
    loaded = load_dataset(DATA)
    first_published = min(s.published for s in loaded.dataset.sources)
    day = first_published - dt.timedelta(days=1)
    at = make_app(monkeypatch, DATA, {"known": day.isoformat()})
    at.run()
    assert_clean(at)
    assert not at.error and not at.warning
    assert not at.get("component_instance"), "nothing was known: no map"
    total = len(loaded.dataset.sources)
    assert f"Showing what sources published by {day_words(day)} said (0 of {total} source" in captions(at)
    assert len(at.info) == 1 and "nothing was known yet" in at.info[0].value
    assert day_words(first_published) in at.info[0].value
    assert at.query_params.get("known") in (day.isoformat(), [day.isoformat()])
    assert at.sidebar.selectbox(key="known_pick").value == day.isoformat()


def test_known_by_the_articles_day_shows_what_it_said(monkeypatch):
    loaded = load_dataset(DATA)
    day = max(s.published for s in loaded.dataset.sources)
    at = make_app(monkeypatch, DATA, {"known": day.isoformat()})
    at.run()
    assert_clean(at)
    assert not at.warning and component(at)
    total = len(loaded.dataset.sources)
    shown = sum(s.published <= day for s in loaded.dataset.sources)
    assert f"Showing what sources published by {day_words(day)} said ({shown} of {total} source" in captions(at)
    assert at.query_params.get("known") in (day.isoformat(), [day.isoformat()])


@pytest.mark.parametrize("value", ["nonsense", "2022-02-30", "20220210"])
def test_invalid_known_by_warns_and_shows_everything(monkeypatch, value):
    at = make_app(monkeypatch, DATA, {"known": value})
    at.run()
    assert_clean(at)
    assert len(at.warning) == 1 and "known-by date" in at.warning[0].value and value in at.warning[0].value
    assert component(at) and "Showing what sources published" not in captions(at)
    assert "known" not in at.query_params


def test_choosing_known_by_in_the_sidebar(monkeypatch, claims_data):
    at = make_app(monkeypatch, claims_data)
    at.run()
    assert_clean(at)
    picker = at.sidebar.selectbox(key="known_pick")
    assert picker.value == "now" and "10 Feb 2022 (1 of 2 sources)" in picker.options
    first_html = component_args(at)["html"]
    picker.set_value("2022-02-10").run()
    assert_clean(at)
    assert "Showing what sources published by 10 Feb 2022 said (1 of 2 sources)" in captions(at)
    assert at.query_params.get("known") in ("2022-02-10", ["2022-02-10"])
    assert component_args(at)["html"] != first_html  # the map is drawn from what was known then
    at.sidebar.selectbox(key="known_pick").set_value("now").run()
    assert "Showing what sources published" not in captions(at) and "known" not in at.query_params


def _app_day(loaded) -> tuple[dt.date, tuple[dt.date, dt.date]]:
    timeline = build_timeline(loaded)
    window = default_window(loaded, timeline)
    return default_date(loaded, window), window


def test_personnel_table_shows_the_ranges_of_the_analysis(monkeypatch):
    loaded = load_dataset(DATA)
    timeline = build_timeline(loaded)
    day, window = _app_day(loaded)
    frame = personnel_by_country(loaded, timeline, *window)
    today = frame[(frame["date"] == day) & (frame["high"] > 0)]
    expected = {r.country: count_words(r.low, r.high, r.approximate) for r in today.itertuples()}
    total = personnel_totals(loaded, timeline, day, day).iloc[0]
    expected["total"] = count_words(total["low"], total["high"], total["approximate"])
    assert any("–" in v for v in expected.values()), "the bundled data should show at least one range"
    at = make_app(monkeypatch, DATA)
    at.run()
    at.segmented_control(key="panel").set_value("Personnel by country").run()
    assert_clean(at)
    table = at.table[0].value
    assert dict(zip(table.index, table["personnel"])) == expected


def test_personnel_table_says_when_there_is_no_upper_bound(monkeypatch, claims_data):
    at = make_app(monkeypatch, claims_data, {"date": "2022-02-12"})
    at.run()
    at.segmented_control(key="panel").set_value("Personnel by country").run()
    assert_clean(at)
    table = at.table[0].value
    assert "no upper bound given" in " ".join(table["personnel"])
    assert "no upper bound" in captions(at)


def test_unit_panel_lists_each_field_with_its_quotes(monkeypatch, claims_data):
    loaded = load_dataset(claims_data)
    at = make_app(monkeypatch, claims_data, {"unit": "sqn"})
    at.run()
    assert_clean(at)
    texts = [t.value for t in at.text]
    shown = "\n".join(texts)
    m = loaded.dataset.movements[0]
    for f in field_support("movements", m):
        for q in f.quotes:
            assert f"“{q}”" in shown, (f.field, q)
    assert m.depart.words() in texts and m.arrive.words() in texts  # dates in words
    # strength: sources disagree; each alternative side by side with its source and quote
    assert any("strength: sources disagree" in w.value for w in at.warning)
    for a in m.strength.alternatives:
        assert a.value.words() in shown and f"“{a.quote}”" in shown
    assert "2022-02-14" not in texts and "14 Feb 2022  (preferred)" in shown  # the curator's preference, in words
    assert "backed by a quote" in captions(at)


def test_unit_panel_writes_a_quote_once_for_all_the_fields_it_backs(monkeypatch):
    """The squadron's first quote backs unit, from, to and depart: written out once, the others point to it."""
    loaded = load_dataset(DATA)
    m = next(m for m in loaded.dataset.movements if m.id == "m-2cr-vilseck-romania")
    shared = next(c for c in m.citations if c.supports and len(c.supports) > 1)
    at = make_app(monkeypatch, DATA, {"unit": m.unit})
    at.run()
    assert_clean(at)
    texts = [t.value for t in at.text]
    assert sum(f"“{shared.quote}”" in t for t in texts) == 1, texts
    first = next(f for f in ("unit", "from", "to", "depart", "arrive", "strength") if f in shared.supports)
    pointers = [c for c in captions(at).split("\n") if f"the quote under '{first}' above" in c]
    assert captions(at).count(f"the quote under '{first}' above") == len(shared.supports) - 1, pointers


def test_unit_panel_of_a_unit_not_yet_known(monkeypatch, claims_data):
    """The division is named only by the later source: known by 10 Feb, the panel says so."""
    at = make_app(monkeypatch, claims_data, {"unit": "div", "known": "2022-02-10"})
    at.run()
    assert_clean(at)
    assert component(at)
    assert any("Nothing about Test division had been published by 10 Feb 2022" in i.value for i in at.info)
    assert at.query_params.get("unit") in ("div", ["div"])  # kept in the link for a later known-by day
    at.sidebar.selectbox(key="known_pick").set_value("now").run()
    assert_clean(at)
    assert "Test division — USA, airborne, division" in [t.value for t in at.text]


def test_what_changed_compares_two_known_by_days(monkeypatch, claims_data):
    at = make_app(monkeypatch, claims_data)
    at.run()
    at.segmented_control(key="panel").set_value("What changed").run()
    at.radio(key="changes_mode").set_value("What sources said on two days").run()
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Sources published in between"] == "1"  # later: now; earlier: the day before (10 Feb)
    assert int(metrics["Records changed"]) >= 1
    table = at.dataframe[0].value
    row = table[table["record"].str.startswith("Test squadron")].iloc[0]
    assert row["change"] == "changed" and "strength: over 500 → sources disagree" in row["what changed"]
    assert math.isfinite(len(table))


def test_map_caption_names_no_date_while_the_map_plays():
    """The caption under the map: a date only when the map is not playing (its date then moves without reruns)."""
    from dashboard.app import map_caption

    day = dt.date(2022, 2, 10)
    assert map_caption(day).startswith("Showing Thursday 10 February 2022.")
    playing = map_caption(day, playing=True)
    assert "Showing" not in playing and "the map's date is in its banner" in playing
