"""Derive area outlines that follow country borders from the bundled basemap.

The NATO eastern flank (the allies bordering Russia, Belarus or Ukraine, and the
Black Sea allies) is the union of those countries in data/geo/countries-50m.geojson.
Which countries make up the flank is general knowledge, noted on the area itself.

    .venv/bin/python scripts/build_area_outlines.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent
FLANK = ["EST", "LVA", "LTU", "POL", "SVK", "HUN", "ROU", "BGR"]


def build_eastern_flank(basemap: Path, out: Path) -> dict:
    world = gpd.read_file(basemap)
    flank = world[world["iso_a3"].isin(FLANK)]
    geom = shapely.make_valid(flank.union_all()).simplify(0.05, preserve_topology=True)
    geom = shapely.set_precision(geom, 0.001)
    feature = {
        "type": "Feature",
        "properties": {
            "name": "NATO eastern flank",
            "countries": FLANK,
            "derived_from": "data/geo/countries-50m.geojson (Natural Earth)",
        },
        "geometry": shapely.geometry.mapping(
            shapely.geometry.polygon.orient(geom) if geom.geom_type == "Polygon" else geom
        ),
    }
    text = json.dumps(feature, separators=(",", ":"), sort_keys=True)
    out.write_text(text + "\n", encoding="utf-8")
    return {"bytes": len(text), "valid": bool(geom.is_valid)}


if __name__ == "__main__":
    print(build_eastern_flank(ROOT / "data/geo/countries-50m.geojson", ROOT / "data/geo/nato-eastern-flank.geojson"))
