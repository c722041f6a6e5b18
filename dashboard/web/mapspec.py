"""What the web map and the static exports share, without a map library: the attribution, the label limit, the region
halo, the uncertainty keys of the legend, the legend's symbols and the padding kept around the features.
Importing it imports neither folium nor matplotlib (an SVG/PDF export needs no folium)."""

from __future__ import annotations

from dashboard.web.basemap import ATTRIBUTION  # noqa: E402,F401 (the borders' point of view, with the basemap)
from dashboard.web.symbols import unit_svg

LABEL_LIMIT = 40
REGION_KM = 100  # a place known only as a region: a halo of this radius around its point

# CSS px kept clear around the features: left, top (the date and title), right (room for the labels, which
# run rightwards), bottom (the scale); the legend's width is added on its side.
FIT_PADDING = (24, 96, 90, 56)


# What each uncertainty mark means (the legend shows those the map can draw): key, swatch class, words.
UNCERTAINTY_KEYS = (  # key, swatch class, swatch content (constant markup), words
    ("stretch", "line dm-key-stretch", "", "where the unit may be (day not reported)"),
    ("stretch", "dm-key-faded", "", "faded, dashed: its place is uncertain"),
    ("unknown", "line dm-key-unknown", "", "not reported whether left or arrived"),
    ("estimated", "dm-key-estimated", "?", "arrival not reported: estimated"),
    ("country", "sw dm-key-country", "", "only the country is named: its outline"),
    ("region", "sw dm-key-region", "", "only the region is named: a halo"),
    ("disputed", "dm-key-disputed", "&#8800;", "sources disagree (see the popup)"),
    ("event", "dm-key-event dm-key-event-uncertain", "&#9733;", "event on a day not exactly known"),
)


# The dataset's own sides, as its units and areas are marked (model.AFFILIATIONS): never a named alliance.
SIDE_WORDS = {"friend": "friendly", "hostile": "hostile", "neutral": "neutral", "unknown": "side not known"}


def legend_symbols(sides: list[str] | None = None) -> dict[str, str]:
    """The legend's unit symbols: one per side the map draws (all sides when None), in the dataset's
    own words for its sides (friendly, hostile, ...), never a named alliance."""
    from dashboard.core.model import Unit

    out = {}
    for aff, nation in (("friend", "USA"), ("hostile", "RUS"), ("neutral", "UKR"), ("unknown", "USA")):
        if sides is not None and aff not in sides:
            continue
        if sides is None and aff == "unknown":
            continue
        label = f"{SIDE_WORDS[aff]} unit" if aff != "unknown" else "unit, side not known"
        u = Unit(id="legend", name=label, nation=nation, branch="infantry", echelon="battalion", affiliation=aff)
        out[label] = unit_svg(u, size=14)
    return out
