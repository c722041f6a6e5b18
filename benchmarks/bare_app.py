"""The cold-start baseline (issue 19, target 2): a bare Streamlit page showing a static map.

`streamlit run benchmarks/bare_app.py -- --data DIR` shows one title and one Leaflet map of the same
offline basemap (Natural Earth countries, Leaflet from the pinned npm package, both inlined), with a
marker at each place of the dataset's places file read as plain YAML: what any Streamlit app that shows
a map pays for Streamlit's own start, a script run and an iframe with Leaflet. No dashboard code runs.
`benchmarks/browser.py` (`BareRun`) times it from process start to the basemap drawn in its frame.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components
import yaml

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "dashboard" / "web" / "frontend" / "node_modules" / "leaflet" / "dist"
BASEMAP = ROOT / "data" / "geo" / "countries-50m.geojson"


def data_dir() -> Path:
    args = sys.argv[1:]
    return Path(args[args.index("--data") + 1]) if "--data" in args else ROOT / "data"


@st.cache_data
def page(data: str) -> str:
    places = []
    for f in sorted(Path(data).glob("places*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for p in doc.get("places", []) if isinstance(doc, dict) else doc:
            places.append([p["lat"], p["lon"]])
    js = (FRONTEND / "leaflet.js").read_text(encoding="utf-8")
    css = (FRONTEND / "leaflet.css").read_text(encoding="utf-8")
    geo = BASEMAP.read_text(encoding="utf-8")
    return f"""<!doctype html><html><head><style>{css} html,body,#m{{height:100%;margin:0}}</style>
<script>{js}</script></head><body><div id="m"></div><script>
var map = L.map('m', {{zoomControl: true}}).setView([50, 15], 4);
L.geoJSON({geo}, {{style: {{color: '#888', weight: 0.8, fillColor: '#f3efe6', fillOpacity: 1}}}}).addTo(map);
{json.dumps(places)}.forEach(function (p) {{ L.circleMarker(p, {{radius: 4}}).addTo(map); }});
window.__bareReady = true;
</script></body></html>"""


st.title("Troop deployments")
components.html(page(str(data_dir())), height=640)
