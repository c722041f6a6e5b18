"""The first view and the locator inset's far places (dashboard/web/framing.py): a place the first view
holds is never listed as far (a new user's trial: origins inside the view were named in the inset as far
away). The browser's side, a view wider than the box asked for: tests/browser/test_first_view_browser.py."""

from __future__ import annotations

import yaml

from dashboard.core.loader import load_dataset
from dashboard.engine.timeline import build_timeline
from dashboard.web import framing
from dashboard.web.mappayload import frame_payload
from dashboard.web.options import MapOptions


def _dataset(tmp_path, places: dict[str, tuple[float, float]], moves: list[tuple[str, str]]):
    cite = {"note": "Invented test fixture."}
    data = {
        "sources": [
            {
                "id": "s",
                "title": "Fixture",
                "publisher": "Tests",
                "published": "2024-01-01",
                "url": "https://example.org/x",
            }
        ],
        "places": [
            {"id": k, "name": f"{k.title()}, Somewhere", "country": "POL", "lat": lat, "lon": lon, "note": "Invented."}
            for k, (lon, lat) in places.items()
        ],
        "units": [
            {
                "id": f"u{n}",
                "name": f"Unit {n}",
                "nation": "USA",
                "branch": "infantry",
                "echelon": "battalion",
                "citations": [dict(cite)],
            }
            for n in range(len(moves))
        ],
        "movements": [
            {
                "id": f"m{n}",
                "unit": f"u{n}",
                "from": a,
                "to": b,
                "depart": "2024-03-01",
                "arrive": "2024-03-05",
                "confidence": "reported",
                "citations": [dict(cite)],
            }
            for n, (a, b) in enumerate(moves)
        ],
    }
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    loaded = load_dataset(path)
    return frame_payload(loaded, build_timeline(loaded), MapOptions())


def test_an_origin_inside_the_padded_first_view_is_not_far(tmp_path):
    """Destinations at 20-21 E hold the core; an origin at 12.5 E is near (within 8 degrees) and widens the
    view, whose margin then takes in the origin at 11.6 E: that one is drawn in the first view, so it is not
    far (it was listed for the inset, as the near test alone decided), while Fort Bragg still is."""
    payload = _dataset(
        tmp_path,
        {"a": (20.0, 50.0), "b": (21.0, 50.5), "near": (12.5, 50.0), "edge": (11.6, 50.2), "bragg": (-79.0, 35.1)},
        [("near", "a"), ("edge", "b"), ("bragg", "a")],
    )
    bounds, far = framing.frame(payload)
    assert bounds is not None
    w, s, e, n = bounds
    names = payload["placeNames"]
    inside = [names[i] for i in far if w <= payload["places"][i][0] <= e and s <= payload["places"][i][1] <= n]
    assert inside == [], (bounds, inside)
    assert [names[i] for i in far] == ["Bragg, Somewhere"]
    assert w <= 11.6 <= e  # the origin at the edge is in the view, not left out of it
