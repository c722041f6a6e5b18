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
    return json.loads(comp.proto.json_args)


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
    assert at.title[0].value.startswith("Troop deployments")
    args = component_args(at)
    assert {"html", "map_key", "command", "height"} <= set(args)
    assert isinstance(args["html"], str) and "DeployMap.init(" in args["html"]
    assert re.fullmatch(r"[0-9a-f]{16}", args["map_key"])
    assert args["height"] == 640
    assert args["command"]["seq"] == 0 and args["command"]["date"] == DEFAULT_DATE
    assert component(at).key == "map"
    assert query_date(at) == DEFAULT_DATE
    assert not at.warning


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
