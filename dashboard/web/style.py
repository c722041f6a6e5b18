"""The one palette: colours and line styles of the map, its legend, its exports and its charts.

Python draws with these values (the static renderer, the legend, the symbols); the web map
receives them in its payload (`palette()`) and as CSS custom properties (`css_variables()`),
so deploymap.js and deploymap.css name no colour of their own.

One palette per theme (`THEMES`): `light` (the default: the app's look), `dark`, and `print` (a
white sea, grey land and ink that survive black-and-white printing and photocopying, thin lines).
The module-level names below are the light theme's, for code that draws only in it. Every theme
keeps the same rules (tests/web/test_contrast.py): route styles 3:1 against land and sea, text
4.5:1 against what it sits on, and the colours that must be told apart (route phases with the
highlight, the sides' colours) at least `colourvision.MIN_DELTA_E` apart with normal vision and
under protanopia, deuteranopia and tritanopia (print: also in greyscale); the phases also differ by
dash pattern, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PHASES = ("not_started", "in_transit", "arrived", "unknown")  # as dashboard.engine.timeline.PHASES
THEME_NAMES = ("light", "dark", "print")
DEFAULT_THEME = "light"
RouteStyle = tuple[str, float, float, tuple[int, int] | None]  # colour, opacity, width (CSS px), dashes


@dataclass(frozen=True)
class Theme:
    """One theme's colours (hex) and line weights. Text colours are named for what they write."""

    name: str
    ocean: str
    land: str
    border: str
    border_width: float  # CSS px
    areas: dict[str, str]  # affiliation -> colour
    routes: dict[int, RouteStyle]  # phase index -> style
    stretch: tuple[str, float, float]  # where an uncertain unit may be: colour, opacity, width
    place: str  # a place known only as a country or region
    highlight: str
    event: str
    ink: str  # title, labels, legend text
    ink_soft: str  # credit line, hidden-label count
    say: str  # a label's second line (the number and window in words)
    paper: str  # the figure around the map; box fill behind labels, title, legend
    paper_alpha: float  # the label boxes' opacity over the map
    rule: str  # frames of the legend, labels, inset; the footnote rule
    leader: str  # leader lines from a label to its unit
    graticule: str
    context: str  # context labels (country names)
    on_mark: str = "#ffffff"  # the edge of event stars and disputed discs
    extra: dict[str, str] = field(default_factory=dict)


LIGHT = Theme(
    name="light",
    ocean="#c9dcea",
    land="#f3efe6",
    border="#8a8f94",
    border_width=0.8,
    # before the colour-vision check: neutral #2e9e44, unknown #c9a400 (hostile and neutral 6.3 apart
    # under deuteranopia)
    areas={"friend": "#1f6fd1", "hostile": "#d0312d", "neutral": "#11bb88", "unknown": "#ffcc33"},
    # before: not started #4f5d6b, arrived #1f4e8c, unknown #6a4f96 at 0.9, highlight #c8008f (arrived
    # and highlight 1.0 apart under protanopia)
    routes={
        0: ("#5a5a5a", 0.9, 2.0, (4, 7)),
        1: ("#b85c00", 1.0, 3.5, (10, 8)),
        2: ("#114488", 0.85, 2.5, None),
        3: ("#996699", 1.0, 2.5, (2, 6)),  # the sources do not say whether it has left or arrived
    },
    stretch=("#e07b00", 0.3, 12.0),
    place="#4b3f72",
    highlight="#cc00cc",
    event="#6a3d9a",
    ink="#13202b",
    ink_soft="#3b4650",
    say="#5e4200",
    paper="#ffffff",
    paper_alpha=0.85,
    rule="#9aa7b4",
    leader="#56616b",
    graticule="#7d8c99",
    context="#5b6570",
)
DARK = Theme(
    name="dark",
    ocean="#0f1b27",
    land="#2a333d",
    border="#6d7985",
    border_width=0.8,
    areas={"friend": "#4f9dff", "hostile": "#ee6666", "neutral": "#aaeebb", "unknown": "#f0cc2e"},
    routes={
        0: ("#a3afbb", 0.9, 2.0, (4, 7)),
        1: ("#ff9a3c", 1.0, 3.5, (10, 8)),
        2: ("#cceeff", 0.9, 2.5, None),
        3: ("#ccaaff", 0.9, 2.5, (2, 6)),
    },
    stretch=("#ffa64d", 0.3, 12.0),
    place="#b9a8ea",
    highlight="#dd33cc",
    event="#b48cff",
    ink="#e9eef3",
    ink_soft="#c3ccd5",
    say="#f2c46d",
    paper="#141e29",
    paper_alpha=0.88,
    rule="#56616b",
    leader="#aab4be",
    graticule="#44525f",
    context="#9aa6b2",
    on_mark="#0f1b27",
)
PRINT = Theme(
    name="print",
    ocean="#ffffff",
    land="#e8e8e8",
    border="#8c8c8c",
    border_width=0.5,
    areas={"friend": "#003377", "hostile": "#aa3322", "neutral": "#448855", "unknown": "#b89600"},
    routes={
        0: ("#7a7a7a", 1.0, 1.6, (4, 6)),
        1: ("#000000", 1.0, 2.8, (10, 6)),
        2: ("#3a3a3a", 1.0, 2.0, None),
        3: ("#5a5a5a", 1.0, 2.0, (2, 5)),
    },
    stretch=("#9a9a9a", 0.35, 10.0),
    place="#404040",
    highlight="#c8008f",
    event="#000000",
    ink="#000000",
    ink_soft="#333333",
    say="#333333",
    paper="#ffffff",
    paper_alpha=0.9,
    rule="#808080",
    leader="#404040",
    graticule="#b0b0b0",
    context="#555555",
)
THEMES: dict[str, Theme] = {t.name: t for t in (LIGHT, DARK, PRINT)}


def theme_of(name: str | None) -> Theme:
    """The theme called `name` (None: the default); a ValueError naming the choices otherwise."""
    key = name or DEFAULT_THEME
    if key not in THEMES:
        raise ValueError(f"unknown theme {name!r}; choose from {', '.join(THEME_NAMES)}")
    return THEMES[key]


# The light theme's values, by their old names (the app draws in it).
AREA_COLOURS = LIGHT.areas
# Every route style keeps 3:1 contrast (WCAG 1.4.11) with the land and the sea it crosses, and the
# phases differ by pattern as well as colour (tests/web/test_contrast.py).
ROUTE_STYLES = LIGHT.routes
# Where an uncertain unit may be: a thick translucent stretch of its route (colour, opacity, width).
STRETCH_STYLE = LIGHT.stretch
# A place known only as a country (its outline) or a region (a halo): colour of line and fill.
PLACE_OUTLINE = LIGHT.place
HIGHLIGHT_COLOUR = LIGHT.highlight
OCEAN, LAND, BORDER = LIGHT.ocean, LIGHT.land, LIGHT.border
EVENT_COLOUR = LIGHT.event


def palette(theme: str | None = None) -> dict:
    """What the web map draws with (sent in its payload)."""
    t = theme_of(theme)
    return {
        "affiliation": dict(t.areas),
        "route": {
            PHASES[i]: {"color": c, "opacity": o, "weight": w, "dashArray": " ".join(map(str, d)) if d else None}
            for i, (c, o, w, d) in t.routes.items()
        },
        "highlight": t.highlight,
        "stretch": {"color": t.stretch[0], "opacity": t.stretch[1], "weight": t.stretch[2]},
        "place": t.place,
    }


def css_variables(theme: str | None = None) -> str:
    """The palette as CSS custom properties, for deploymap.css."""
    t = theme_of(theme)
    values = {f"--dm-{k}": v for k, v in t.areas.items()}
    values.update({f"--dm-route-{PHASES[i]}": s[0] for i, s in t.routes.items()})
    values.update(
        {
            "--dm-highlight": t.highlight,
            "--dm-ocean": t.ocean,
            "--dm-land": t.land,
            "--dm-border": t.border,
            "--dm-event": t.event,
            "--dm-stretch": t.stretch[0],
            "--dm-place": t.place,
        }
    )
    return ":root{" + ";".join(f"{k}:{v}" for k, v in values.items()) + "}"


def _rgba(colour: str, alpha: float) -> str:
    h = colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha:g})"


def theme_css(theme: str | None = None) -> str:
    """What a theme other than light overrides in deploymap.css's text boxes (labels, title, date,
    legend, locator inset), so the web map's still images (browser-rendered PNG, GIF, MP4) wear the
    theme too. Empty for the light theme: deploymap.css is its look."""
    t = theme_of(theme)
    if t.name == DEFAULT_THEME:
        return ""
    box = _rgba(t.paper, t.paper_alpha)
    solid = _rgba(t.paper, 0.95)
    rules = (
        f".dm-label{{background:{box};border-color:{t.rule};color:{t.ink}}}"
        f".dm-label-say,.dm-window{{color:{t.say}}}"
        f".dm-legend{{background:{solid};color:{t.ink}}}"
        f".dm-date,.dm-map-title{{background:{box};color:{t.ink}}}"
        f".dm-count,.dm-hidden-count{{background:{solid};color:{t.ink_soft}}}"
        f".dm-leader{{stroke:{t.leader}}}path.dm-label-leader{{stroke:{t.leader}}}"
        f".dm-locator .leaflet-tooltip.dm-locator-label{{background:{box};color:{t.ink}}}"
        f".leaflet-control-attribution,.leaflet-control-scale-line{{background:{box};color:{t.ink_soft}}}"
        f".leaflet-control-attribution a{{color:{t.ink}}}"
        f".dm-export-footnote{{background:{t.paper};color:{t.ink};border-top-color:{t.rule}}}"
        f".dm-export-footnote .dm-fn-credit{{color:{t.ink_soft}}}"
    )
    # 'html ' before each rule: one element more than deploymap.css's own rules, which load later
    out = []
    for rule in filter(None, rules.split("}")):
        selectors, body = rule.split("{")
        out.append(",".join("html " + sel for sel in selectors.split(",")) + "{" + body + "}")
    return "".join(out)
