"""APP-6 / MIL-STD-2525 unit symbols as SVG, from a unit's SIDC or derived from it.

A numeric (2525D / APP-6 D) SIDC has 20 digits:
version(2) context(1) identity(1) symbol set(2) status(1) hq/tf(1) echelon(2)
entity(6) modifier 1(2) modifier 2(2). Units here are land units (symbol set 10), except
naval ones: a ship or a naval group is a sea surface symbol (set 30, no echelon), a
military combatant of unknown class. Air force units (a fighter wing, a few jets) are
fixed-wing aviation land units. Where the unit's branch has no symbol ('other'), a plain
frame with a '?' says so instead of guessing.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from dashboard.core.model import Unit
from dashboard.web.style import AREA_COLOURS

# Display convention, from the NATO viewpoint, overridable per unit with `affiliation`.
NATO = frozenset(
    "ALB BEL BGR CAN HRV CZE DNK EST FIN FRA DEU GRC HUN ISL ITA LVA LTU LUX MNE NLD MKD NOR POL PRT ROU SVK "
    "SVN ESP SWE TUR GBR USA".split()
)
HOSTILE = frozenset({"RUS", "BLR"})

IDENTITY = {"friend": "3", "hostile": "6", "neutral": "4", "unknown": "1"}
COLOURS = AREA_COLOURS
FILLS = {
    "friend": "rgb(128,224,255)",
    "hostile": "rgb(255,128,128)",
    "neutral": "rgb(170,255,170)",
    "unknown": "rgb(255,255,128)",
}

ECHELON_CODE = {
    "team": "11",
    "squad": "12",
    "section": "13",
    "platoon": "14",
    "company": "15",
    "battery": "15",
    "troop": "15",
    "battalion": "16",
    "squadron": "16",
    "regiment": "17",
    "group": "17",
    "brigade": "18",
    "division": "21",
    "corps": "22",
    "army": "23",
    "army_group": "24",
}
# (entity code, modifier 1, modifier 2) for symbol set 10 (land unit).
BRANCH_CODE = {
    "infantry": ("121100", "00", "00"),
    "airborne": ("121100", "00", "01"),
    "air_assault": ("121100", "00", "01"),
    "mechanized": ("121104", "00", "00"),
    "cavalry": ("121300", "00", "00"),
    "reconnaissance": ("121300", "00", "00"),
    "armor": ("120500", "00", "00"),
    "aviation": ("120100", "00", "00"),
    "artillery": ("130300", "00", "00"),
    "air_defense": ("130100", "00", "00"),
    "engineer": ("140700", "00", "00"),
    "headquarters": ("110000", "00", "00"),
    "logistics": ("163400", "00", "00"),
    "medical": ("161300", "00", "00"),
    "signal": ("111000", "00", "00"),
    "special_forces": ("121700", "00", "00"),
    "marines": ("121100", "00", "00"),
    "combined_arms": ("121000", "00", "00"),
    "air_force": ("120800", "00", "00"),  # aviation, fixed wing
}
# Branches drawn with another symbol set than land units: (symbol set, entity code); no echelon there.
OTHER_SET_CODE = {
    "naval": ("30", "120000"),  # sea surface: military combatant (a ship of any class, or a naval group)
}


def affiliation_of(unit: Unit) -> str:
    if unit.affiliation:
        return unit.affiliation
    if unit.nation in NATO:
        return "friend"
    if unit.nation in HOSTILE:
        return "hostile"
    return "neutral"


def sidc_for(unit: Unit) -> str | None:
    """The unit's own SIDC, or one derived from branch, echelon and affiliation (None: no symbol fits)."""
    if unit.sidc:
        return unit.sidc
    identity = IDENTITY[affiliation_of(unit)]
    if unit.branch in OTHER_SET_CODE:
        symbol_set, entity = OTHER_SET_CODE[unit.branch]
        return f"100{identity}{symbol_set}0000{entity}0000"
    code = BRANCH_CODE.get(unit.branch)
    if code is None:
        return None
    entity, mod1, mod2 = code
    return f"100{identity}1000{ECHELON_CODE.get(unit.echelon, '00')}{entity}{mod1}{mod2}"


def _cache_file() -> Path:
    from importlib.metadata import version

    folder = Path(os.environ.get("DEPLOYMAP_CACHE") or Path.home() / ".cache" / "deploymap")
    return folder / f"symbols-milsymbol-{version('milsymbol')}.json"


@lru_cache(maxsize=1)
def _disk_cache() -> dict[str, str | None]:
    """Symbols rendered by earlier runs: milsymbol loads ~10 MB of tables on first use,
    which would otherwise cost every cold start about half a second."""
    try:
        data = json.loads(_cache_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _remember(key: str, svg: str | None) -> None:
    cache = _disk_cache()
    cache[key] = svg
    try:
        file = _cache_file()
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(cache, fh)
        os.replace(tmp, file)
    except OSError:
        pass  # a read-only home: symbols are simply rendered again next time


@lru_cache(maxsize=512)
def _milsymbol_svg(sidc: str, size: int) -> str | None:
    key = f"{sidc}@{size}"
    cache = _disk_cache()
    if key in cache:
        svg = cache[key]
        return svg if svg is None or (svg.startswith("<svg") and "<script" not in svg.lower()) else None
    svg = _render(sidc, size)
    _remember(key, svg)
    return svg


def _render(sidc: str, size: int) -> str | None:
    try:
        import milsymbol

        sym = milsymbol.Symbol(sidc, size=size)
        if hasattr(sym, "is_valid") and not sym.is_valid():
            return None
        svg = sym.as_svg()
    except Exception:  # an unknown SIDC is a missing symbol, not a crash
        return None
    if not svg.startswith("<svg") or "<script" in svg.lower():
        return None
    return re.sub(r"\s+", " ", svg).strip()


@lru_cache(maxsize=64)
def fallback_svg(affiliation: str, size: int = 28) -> str:
    """A plain frame with a question mark: 'no symbol fits this unit'."""
    colour = COLOURS.get(affiliation, COLOURS["unknown"])
    fill = FILLS.get(affiliation, FILLS["unknown"])
    w, h = int(size * 1.5), size
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 30 20">'
        f'<rect x="1" y="1" width="28" height="18" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
        f'<text x="15" y="15" font-size="13" font-family="sans-serif" text-anchor="middle" '
        f'fill="#222">?</text></svg>'
    )


def unit_svg(unit: Unit, size: int = 28) -> str:
    """SVG markup of the unit's symbol (always some SVG: the fallback where no symbol fits)."""
    return symbol_svg(sidc_for(unit), affiliation_of(unit), size)


def symbol_svg(sidc: str | None, affiliation: str, size: int = 28) -> str:
    """SVG markup of the symbol for a SIDC (None: the affiliation's fallback, as where milsymbol draws none)."""
    svg = _milsymbol_svg(sidc, size) if sidc else None
    return svg or fallback_svg(affiliation, size)


def svg_size(svg: str) -> tuple[float, float]:
    w = re.search(r'width="([\d.]+)"', svg)
    h = re.search(r'height="([\d.]+)"', svg)
    return (float(w.group(1)) if w else 30.0, float(h.group(1)) if h else 20.0)


def escape(text: str) -> str:
    return html.escape(text, quote=True)
