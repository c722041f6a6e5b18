"""Framing: what the map's first view fits, and which far places go to the locator inset instead.

Rule: the first view fits what matters on the map's date: where the units that have set out are
going (their destinations) and the areas in force (their bounds). The other places drawn, the
routes' origins, the units shown at home and the events up to the date, join the view when they lie
near that core (within `NEAR` of the core's own size, and at least `NEAR_MIN_DEG` degrees); one
farther away (Fort Bragg for a European story) is not worth zooming out to a hemisphere: it is
listed as *far* and drawn in the locator inset, with the core's box. With nothing set out yet, the
destinations of every movement form the core; with no movement and no area, every place drawn.
All longitudes are the payload's (unwrapped over the antimeridian).
"""

from __future__ import annotations

from typing import Any

from dashboard.web.payload import INDEX

NEAR = 0.5  # an origin within half the core's span (each way) of the core joins the view
NEAR_MIN_DEG = 8.0
PAD = (0.05, 0.08)  # the view's margin: a share of its span (lon, lat)
PAD_MIN_DEG = 1.0

Bounds = tuple[float, float, float, float]


def _box(points: list[list[float]]) -> Bounds | None:
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons), min(lats), max(lons), max(lats))


def _geometry_points(geometry: dict[str, Any]) -> list[list[float]]:
    out: list[list[float]] = []

    def walk(c: Any) -> None:
        if c and isinstance(c[0], (int, float)):
            out.append([float(c[0]), float(c[1])])
        else:
            for x in c:
                walk(x)

    walk(geometry.get("coordinates", []))
    return out


def set_out(payload: dict[str, Any]) -> list[int]:
    """Indexes of the movements that may have set out by the payload's day: the departure window's start
    on or before it. The payload sends that start as days from the nominal `depart` (payload.OFFSETS);
    where it is open (null) the nominal day stands in for it."""
    mv = INDEX["moves"]
    dep, lo, day = mv["depart"], mv["depart_lo"], payload["day"]
    return [i for i, m in enumerate(payload["moves"]) if m[dep] + (m[lo] or 0) <= day]


def core_points(payload: dict[str, Any]) -> list[list[float]]:
    """The points the first view must hold (see the module's rule)."""
    mv, ar = INDEX["moves"], INDEX["areas"]
    places, day = payload["places"], payload["day"]
    moves = payload["moves"]
    started = [moves[i] for i in set_out(payload)]
    pts = [places[m[mv["to"]]] for m in (started or moves)]
    for a in payload["areas"]:
        if a[ar["from"]] <= day and (a[ar["to"]] is None or day <= a[ar["to"]]):
            pts += _geometry_points(a[ar["geometry"]])
    return pts


def other_places(payload: dict[str, Any]) -> list[int]:
    """Places drawn that may join the view when near: origins, units at home, events up to the date."""
    mv, ev, un = INDEX["moves"], INDEX["events"], INDEX["units"]
    moving_units = {m[mv["unit"]] for m in payload["moves"]}
    out = {m[mv["from"]] for m in payload["moves"]}
    out |= {u[un["home"]] for i, u in enumerate(payload["units"]) if u[un["home"]] >= 0 and i not in moving_units}
    out |= {e[ev["place"]] for e in payload["events"] if e[ev["day"]] <= payload["day"]}
    return sorted(out)


def frame(payload: dict[str, Any]) -> tuple[Bounds | None, list[int]]:
    """(west, south, east, north) of the first view, padded; the indexes of far places (drawn but
    left out of the view, for the locator inset)."""
    places = payload["places"]
    core = _box(core_points(payload))
    origins = other_places(payload)
    if core is None:
        core = _box([places[i] for i in origins])
        if core is None:
            return None, []
    w, s, e, n = core
    dx, dy = max(NEAR_MIN_DEG, (e - w) * NEAR), max(NEAR_MIN_DEG, (n - s) * NEAR)
    near = [i for i in origins if w - dx <= places[i][0] <= e + dx and s - dy <= places[i][1] <= n + dy]
    far = [i for i in origins if i not in near]
    box = _box([[w, s], [e, n]] + [places[i] for i in near])
    assert box is not None
    w, s, e, n = box
    px, py = max(PAD_MIN_DEG, (e - w) * PAD[0]), max(PAD_MIN_DEG, (n - s) * PAD[1])
    view = (w - px, max(-85.0, s - py), e + px, min(85.0, n + py))
    # a place the padded view holds is drawn in it: never far (the browser also leaves out of the inset
    # what its wider view shows: deploymap.js locator)
    still = outside_of(places, far, view)
    return view, [i for i in far if i in still]


def outside_of(places: list[list[float]], indexes: list[int], bounds: Bounds) -> set[int]:
    """Those of `indexes` whose place lies outside `bounds` (west, south, east, north)."""
    w, s, e, n = bounds
    return {i for i in indexes if not (w <= places[i][0] <= e and s <= places[i][1] <= n)}


def outside(payload: dict[str, Any], bounds: Bounds) -> list[int]:
    """Indexes of the places drawn (origins, destinations, homes, events) outside `bounds`."""
    mv = INDEX["moves"]
    drawn = set(other_places(payload)) | {m[mv["to"]] for m in payload["moves"]}
    return sorted(outside_of(payload["places"], sorted(drawn), bounds))
