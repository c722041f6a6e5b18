"""`export_geojson`: the state on a date as data. It draws no map, so it imports neither folium,
matplotlib nor playwright (see `dashboard.export.dispatch.EXPORTERS`)."""

from __future__ import annotations

from pathlib import Path

from dashboard.engine.features import RouteDetail, state_feature_collection_json
from dashboard.export.files import write_bytes_atomic
from dashboard.export.layout import ensure_timeline, resolve_date


def export_geojson(loaded, options, out: Path, *, timeline=None, route: RouteDetail = "simplified") -> Path:
    """The state on the date as an RFC 7946 FeatureCollection: each movement's position, and its route
    as `route` asks: "simplified" (default; the geodesic with a point every 500 km at most, 2 to 17
    points), "full" (the map's route: a point every 50 km, up to 130) or "none" (positions only).
    `options` is a `MapOptions` (date, window, movement_ids are read). The text is written directly
    (`state_feature_collection_json`), the same bytes as json.dumps of `state_feature_collection`."""
    timeline = ensure_timeline(loaded, timeline)
    day = resolve_date(loaded, options, timeline)
    text = state_feature_collection_json(loaded, timeline, day, movement_ids=options.movement_ids, route=route)
    data = text.encode("utf-8")
    write_bytes_atomic(out, data)
    return Path(out)
