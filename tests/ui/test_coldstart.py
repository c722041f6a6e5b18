"""What the app's first run loads (issue 19, cold start): no pandas before a panel builds a table,
no folium when the map page was kept on disk, never spaCy (the draft assistant's, not the map's).

pandas is about 0.5 s of CPU on a cold start; folium would import it (`dashboard.web.foliumlib` keeps it
out) and Streamlit would for a component argument that is not a string or a number (the map's command
travels as JSON text). folium (with jinja2's templates, requests, branca) and building the page are
about 1 s more: `make run` keeps the bundled dataset's first page (`dashboard.web.pagecache`), which the
first run then reads. Each check runs in a fresh interpreter, where nothing has loaded these yet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from dashboard.core.paths import REPO_ROOT


def run_fresh(code: str, env: dict[str, str] | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO_ROOT,
        env=None if env is None else {**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_page_imports_folium_without_pandas_and_pandas_still_loads_later():
    seen = run_fresh(
        """
        import json, sys
        import dashboard.web.page
        import folium.utilities
        before = "pandas" in sys.modules
        import pandas
        print(json.dumps({"before": before, "folium_pd": folium.utilities.pd is None,
                          "later": pandas.DataFrame({"a": [1, 2]})["a"].sum().item(),
                          "finders": [type(f).__name__ for f in sys.meta_path]}))
        """
    )
    assert seen["before"] is False
    assert seen["folium_pd"] is True  # folium took its no-pandas path
    assert seen["later"] == 3  # a later import loads pandas as usual
    assert "_NoPandasInThisThread" not in seen["finders"]  # the guard is gone


FIRST_RUN = f"""
    import json, sys
    sys.argv = ["dashboard/app.py", "--data", {str(REPO_ROOT / "data")!r}]
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file({str(REPO_ROOT / "dashboard" / "app.py")!r}, default_timeout=240)
    at.run()
    comp = [el for el in at.get("component_instance") if el.proto.component_name.endswith("deploymap")]
    args = json.loads(comp[0].proto.json_args) if comp else {{}}
    loaded = {{name: name in sys.modules for name in ("pandas", "folium", "jinja2", "branca", "spacy")}}
    print(json.dumps({{"loaded": loaded, "errors": [e.value for e in at.exception],
                      "command": args.get("command"), "html": args.get("html", "")}}))
    """


def test_first_run_of_the_app_builds_the_map_without_pandas_or_spacy():
    seen = run_fresh(FIRST_RUN, env={"DEPLOYMAP_PAGE_CACHE": "off"})
    assert seen["errors"] == []
    assert seen["loaded"]["pandas"] is False
    assert seen["loaded"]["spacy"] is False
    assert seen["loaded"]["folium"] is True  # no kept page: built here
    assert isinstance(seen["command"], str) and json.loads(seen["command"])["seq"] == 0
    assert len(seen["html"]) > 100_000  # the map page itself (basemap and payload), not a placeholder


def test_first_run_with_the_page_kept_by_make_run_reads_it_and_imports_no_folium(tmp_path):
    env = {"DEPLOYMAP_PAGE_CACHE": str(tmp_path / "pages")}
    made = subprocess.run(
        [sys.executable, "-m", "dashboard", "prepare", "--data", str(REPO_ROOT / "data")],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    kept = list((tmp_path / "pages").glob("*.html"))
    assert len(kept) == 1 and str(kept[0]) in made.stdout
    seen = run_fresh(FIRST_RUN, env=env)
    assert seen["errors"] == []
    assert seen["loaded"] == {"pandas": False, "folium": False, "jinja2": False, "branca": False, "spacy": False}
    assert seen["html"] == kept[0].read_text(encoding="utf-8")  # the kept page, as built
    assert isinstance(seen["command"], str) and json.loads(seen["command"])["seq"] == 0
