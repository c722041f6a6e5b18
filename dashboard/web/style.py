"""The one palette: colours and line styles of the map, its legend, its exports and its charts.

Python draws with these values (the static renderer, the legend, the symbols); the web map
receives them in its payload (`palette()`) and as CSS custom properties (`css_variables()`),
so deploymap.js and deploymap.css name no colour of their own.
"""

from __future__ import annotations

AREA_COLOURS = {"friend": "#1f6fd1", "hostile": "#d0312d", "neutral": "#2e9e44", "unknown": "#c9a400"}
PHASES = ("not_started", "in_transit", "arrived", "unknown")  # as dashboard.engine.timeline.PHASES
# Every route style keeps 3:1 contrast (WCAG 1.4.11) with the land and the sea it crosses, and the
# phases differ by pattern as well as colour (tests/web/test_contrast.py).
ROUTE_STYLES = {  # phase index -> colour, opacity, width (CSS px), dashes (CSS px) or None
    0: ("#4f5d6b", 0.9, 2.0, (4, 7)),
    1: ("#b85c00", 1.0, 3.5, (10, 8)),
    2: ("#1f4e8c", 0.85, 2.5, None),
    3: ("#6a4f96", 0.9, 2.5, (2, 6)),  # the sources do not say whether it has left or arrived
}
# Where an uncertain unit may be: a thick translucent stretch of its route (colour, opacity, width).
STRETCH_STYLE = ("#e07b00", 0.3, 12.0)
# A place known only as a country (its outline) or a region (a halo): colour of line and fill.
PLACE_OUTLINE = "#4b3f72"
HIGHLIGHT_COLOUR = "#c8008f"
OCEAN, LAND, BORDER = "#c9dcea", "#f3efe6", "#8a8f94"
EVENT_COLOUR = "#6a3d9a"


def palette() -> dict:
    """What the web map draws with (sent in its payload)."""
    return {
        "affiliation": dict(AREA_COLOURS),
        "route": {
            PHASES[i]: {"color": c, "opacity": o, "weight": w, "dashArray": " ".join(map(str, d)) if d else None}
            for i, (c, o, w, d) in ROUTE_STYLES.items()
        },
        "highlight": HIGHLIGHT_COLOUR,
        "stretch": {"color": STRETCH_STYLE[0], "opacity": STRETCH_STYLE[1], "weight": STRETCH_STYLE[2]},
        "place": PLACE_OUTLINE,
    }


def css_variables() -> str:
    """The palette as CSS custom properties, for deploymap.css."""
    values = {f"--dm-{k}": v for k, v in AREA_COLOURS.items()}
    values.update({f"--dm-route-{PHASES[i]}": s[0] for i, s in ROUTE_STYLES.items()})
    values.update(
        {
            "--dm-highlight": HIGHLIGHT_COLOUR,
            "--dm-ocean": OCEAN,
            "--dm-land": LAND,
            "--dm-border": BORDER,
            "--dm-event": EVENT_COLOUR,
            "--dm-stretch": STRETCH_STYLE[0],
            "--dm-place": PLACE_OUTLINE,
        }
    )
    return ":root{" + ";".join(f"{k}:{v}" for k, v in values.items()) + "}"
