"""APP-6 unit symbols for matplotlib: milsymbol's SVG turned into vector paths, so SVG and PDF exports
draw the same symbols as the web map."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from dashboard.export.layout import PT_PER_PX
from dashboard.web.symbols import FILLS, affiliation_of, sidc_for, svg_size, symbol_svg

if TYPE_CHECKING:
    from matplotlib.artist import Artist

# --------------------------------------------------------------------------- APP-6 symbols for matplotlib


_PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _arc_points(p0, rx, ry, phi, large, sweep, p1, steps: int = 16) -> list[tuple[float, float]]:
    """SVG elliptical arc (endpoint parametrisation) as points after p0, ending at p1."""
    x0, y0 = p0
    x1, y1 = p1
    if rx == 0 or ry == 0 or (x0, y0) == (x1, y1):
        return [p1]
    rx, ry = abs(rx), abs(ry)
    c, s = math.cos(math.radians(phi)), math.sin(math.radians(phi))
    dx, dy = (x0 - x1) / 2, (y0 - y1) / 2
    xp, yp = c * dx + s * dy, -s * dx + c * dy
    lam = (xp / rx) ** 2 + (yp / ry) ** 2
    if lam > 1:
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp
    den = rx * rx * yp * yp + ry * ry * xp * xp
    coef = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        coef = -coef
    cxp, cyp = coef * rx * yp / ry, -coef * ry * xp / rx
    cx, cy = c * cxp - s * cyp + (x0 + x1) / 2, s * cxp + c * cyp + (y0 + y1) / 2

    def angle(ux, uy, vx, vy):
        a = math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)
        return a

    t1 = angle(1, 0, (xp - cxp) / rx, (yp - cyp) / ry)
    dt_ = angle((xp - cxp) / rx, (yp - cyp) / ry, (-xp - cxp) / rx, (-yp - cyp) / ry)
    if not sweep and dt_ > 0:
        dt_ -= 2 * math.pi
    elif sweep and dt_ < 0:
        dt_ += 2 * math.pi
    n = max(2, int(abs(dt_) / (math.pi / 2) * steps / 4) + 2)
    pts = []
    for k in range(1, n + 1):
        t = t1 + dt_ * k / n
        pts.append((cx + rx * math.cos(t) * c - ry * math.sin(t) * s, cy + rx * math.cos(t) * s + ry * math.sin(t) * c))
    pts[-1] = (x1, y1)
    return pts


def svg_path_to_mpl(d: str):  # noqa: C901 (one branch per SVG path command / element kind)
    """An SVG path's `d` as a matplotlib Path (lines, curves, arcs; relative or absolute)."""
    from matplotlib.path import Path as MPath

    toks = _PATH_TOKEN.findall(d)
    verts: list[tuple[float, float]] = []
    codes: list[int] = []
    i, cmd = 0, None
    cur = start = (0.0, 0.0)
    last_c: tuple[float, float] | None = None  # last cubic control point (for S)
    last_q: tuple[float, float] | None = None  # last quadratic control point (for T)

    def num() -> float:
        nonlocal i
        if i >= len(toks) or toks[i].isalpha():
            raise ValueError(f"path data ends early: {d[:60]!r}")
        v = float(toks[i])
        i += 1
        return v

    def flag() -> int:
        nonlocal i
        t = toks[i]
        if t in ("0", "1"):
            i += 1
            return int(t)
        if t[0] in "01" and len(t) > 1:  # compact flags: '01' or '1.5' glued to the next number
            toks[i] = t[1:]
            return int(t[0])
        raise ValueError(f"bad arc flag {t!r}")

    while i < len(toks):
        if toks[i].isalpha():
            cmd = toks[i]
            i += 1
        elif cmd is None:
            raise ValueError("path data must start with a command")
        rel = cmd.islower()
        C = cmd.upper()
        ox, oy = cur if rel else (0.0, 0.0)
        if C == "Z":
            if codes:
                verts.append(start)
                codes.append(int(MPath.CLOSEPOLY))
            cur = start
            last_c = last_q = None
            if i < len(toks) and not toks[i].isalpha():
                raise ValueError("numbers after Z")
            continue
        if C == "M":
            cur = start = (ox + num(), oy + num())
            verts.append(cur)
            codes.append(int(MPath.MOVETO))
            cmd = "l" if rel else "L"
            last_c = last_q = None
            continue
        if not codes:  # drawing without a MOVETO starts at the origin
            verts.append(cur)
            codes.append(int(MPath.MOVETO))
        if C == "L":
            cur = (ox + num(), oy + num())
            verts.append(cur)
            codes.append(int(MPath.LINETO))
            last_c = last_q = None
        elif C == "H":
            cur = (ox + num() if rel else num(), cur[1])
            verts.append(cur)
            codes.append(int(MPath.LINETO))
            last_c = last_q = None
        elif C == "V":
            cur = (cur[0], oy + num() if rel else num())
            verts.append(cur)
            codes.append(int(MPath.LINETO))
            last_c = last_q = None
        elif C in "CS":
            if C == "C":
                c1 = (ox + num(), oy + num())
            else:
                c1 = (2 * cur[0] - last_c[0], 2 * cur[1] - last_c[1]) if last_c else cur
            c2 = (ox + num(), oy + num())
            end = (ox + num(), oy + num())
            verts += [c1, c2, end]
            codes += [int(MPath.CURVE4)] * 3
            cur, last_c, last_q = end, c2, None
        elif C in "QT":
            if C == "Q":
                q = (ox + num(), oy + num())
            else:
                q = (2 * cur[0] - last_q[0], 2 * cur[1] - last_q[1]) if last_q else cur
            end = (ox + num(), oy + num())
            verts += [q, end]
            codes += [int(MPath.CURVE3)] * 2
            cur, last_q, last_c = end, q, None
        elif C == "A":
            rx, ry, phi = num(), num(), num()
            large, sweep = flag(), flag()
            end = (ox + num(), oy + num())
            for p in _arc_points(cur, rx, ry, phi, large, sweep, end):
                verts.append(p)
                codes.append(int(MPath.LINETO))
            cur = end
            last_c = last_q = None
        else:
            raise ValueError(f"unsupported path command {cmd!r}")
    if not codes:
        raise ValueError("empty path")
    return MPath(np.array(verts, float), codes)


def _parse_transform(text: str | None):
    from matplotlib.transforms import Affine2D, Transform

    t: Transform = Affine2D()
    if not text:
        return t
    ops = re.findall(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)", text)
    # SVG applies the rightmost transform first
    for op, args in ops:
        a = [float(v) for v in re.split(r"[\s,]+", args.strip()) if v]
        m = Affine2D()
        if op == "matrix" and len(a) == 6:
            m = Affine2D(np.array([[a[0], a[2], a[4]], [a[1], a[3], a[5]], [0, 0, 1]]))
        elif op == "translate":
            m.translate(a[0], a[1] if len(a) > 1 else 0.0)
        elif op == "scale":
            m.scale(a[0], a[1] if len(a) > 1 else a[0])
        elif op == "rotate":
            if len(a) == 3:
                m.rotate_deg_around(a[1], a[2], a[0])
            else:
                m.rotate_deg(a[0])
        elif op == "skewX":
            m.skew_deg(a[0], 0)
        elif op == "skewY":
            m.skew_deg(0, a[0])
        t = m + t  # `m` after the earlier ones: t = t_prev ∘ m
    return t


def _colour(value: str | None, opacity: float = 1.0):
    from matplotlib.colors import to_rgba

    if value is None or value == "none" or value == "transparent":
        return None
    value = value.strip()
    m = re.fullmatch(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)", value)
    if m:
        r, g, b = (float(m.group(k)) / 255 for k in (1, 2, 3))
        a = float(m.group(4)) if m.group(4) else 1.0
        return (r, g, b, a * opacity)
    if value == "currentColor":
        value = "black"
    try:
        r, g, b, a = to_rgba(value)
    except ValueError:
        return (0, 0, 0, opacity)
    return (r, g, b, a * opacity)


@dataclass(frozen=True)
class SymbolShape:
    path: Any  # matplotlib Path in SVG user units (y down), transform applied
    face: tuple | None
    edge: tuple | None
    width: float  # stroke width in SVG user units
    text: str | None = None
    text_size: float = 0.0
    text_anchor: str = "start"
    text_weight: str = "normal"


@dataclass(frozen=True)
class SymbolDrawing:
    shapes: tuple[SymbolShape, ...]
    viewbox: tuple[float, float, float, float]
    size_px: tuple[float, float]


@lru_cache(maxsize=256)
def symbol_drawing(svg: str) -> SymbolDrawing:  # noqa: C901 (one branch per SVG path command / element kind)
    """milsymbol's SVG as vector shapes matplotlib can draw (paths, basic shapes, text, groups)."""
    from matplotlib.path import Path as MPath
    from matplotlib.transforms import Affine2D

    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    vb = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
    w, h = svg_size(svg)
    if len(vb) != 4:
        vb = [0.0, 0.0, w, h]
    shapes: list[SymbolShape] = []
    inherit_keys = (
        "fill",
        "stroke",
        "stroke-width",
        "fill-opacity",
        "stroke-opacity",
        "opacity",
        "font-size",
        "text-anchor",
        "font-weight",
    )

    def style_of(el, parent: dict) -> dict:
        st = dict(parent)
        for k in inherit_keys:
            if el.get(k) is not None:
                st[k] = el.get(k)
        for decl in (el.get("style") or "").split(";"):
            if ":" in decl:
                k, v = decl.split(":", 1)
                if k.strip() in inherit_keys:
                    st[k.strip()] = v.strip()
        return st

    def add(path, st: dict, transform) -> None:
        op = float(st.get("opacity", 1))
        face = _colour(st.get("fill", "black"), op * float(st.get("fill-opacity", 1)))
        edge = _colour(st.get("stroke"), op * float(st.get("stroke-opacity", 1)))
        sw = float(re.sub(r"[^\d.]", "", str(st.get("stroke-width", "1"))) or 1)
        shapes.append(SymbolShape(path.transformed(transform), face, edge, sw))

    def walk(el, st: dict, transform) -> None:
        tag = el.tag.replace(ns, "")
        st = style_of(el, st)
        transform = _parse_transform(el.get("transform")) + transform
        f = lambda k, d=0.0: float(el.get(k, d))  # noqa: E731
        if tag in ("svg", "g"):
            for child in el:
                walk(child, st, transform)
        elif tag == "path" and el.get("d"):
            add(svg_path_to_mpl(el.get("d")), st, transform)
        elif tag == "circle":
            add(MPath.circle((f("cx"), f("cy")), f("r")), st, transform)
        elif tag == "ellipse":
            add(
                MPath.unit_circle().transformed(Affine2D().scale(f("rx"), f("ry")).translate(f("cx"), f("cy"))),
                st,
                transform,
            )
        elif tag == "rect":
            x, y, rw, rh = f("x"), f("y"), f("width"), f("height")
            add(MPath([(x, y), (x + rw, y), (x + rw, y + rh), (x, y + rh), (x, y)], [1, 2, 2, 2, 79]), st, transform)
        elif tag == "line":
            add(MPath([(f("x1"), f("y1")), (f("x2"), f("y2"))]), {**st, "fill": "none"}, transform)
        elif tag in ("polyline", "polygon"):
            nums = [float(v) for v in re.split(r"[\s,]+", (el.get("points") or "").strip()) if v]
            pts = list(zip(nums[0::2], nums[1::2]))
            if len(pts) >= 2:
                if tag == "polygon":
                    pts.append(pts[0])
                add(MPath(pts), st if tag == "polygon" else {**st, "fill": "none"}, transform)
        elif tag == "text":
            text = "".join(el.itertext()).strip()
            if text:
                size = float(re.sub(r"[^\d.]", "", str(st.get("font-size", "16"))) or 16)
                x, y = f("x"), f("y")
                pt = transform.transform((x, y))
                op = float(st.get("opacity", 1))
                shapes.append(
                    SymbolShape(
                        MPath([tuple(pt)]),
                        _colour(st.get("fill", "black"), op),
                        None,
                        0.0,
                        text=text,
                        text_size=size * abs(transform.get_matrix()[1, 1]),
                        text_anchor=st.get("text-anchor", "start"),
                        text_weight="bold" if st.get("font-weight") in ("bold", "700") else "normal",
                    )
                )
        # anything else (defs, metadata, title) draws nothing

    walk(root, {"fill": "black"}, Affine2D())
    if not shapes:
        raise ValueError("the symbol has no shapes")
    return SymbolDrawing(tuple(shapes), (vb[0], vb[1], vb[2], vb[3]), (w, h))


@lru_cache(maxsize=16)
def simple_symbol(affiliation: str) -> SymbolDrawing:
    """Fallback frame: rectangle (friend), diamond (hostile), square (neutral), quatrefoil-ish circle (unknown)."""
    from matplotlib.path import Path as MPath

    fill = _colour(FILLS.get(affiliation, FILLS["unknown"]))
    if affiliation == "friend":
        pts, vb, size = [(0, 0), (30, 0), (30, 20), (0, 20), (0, 0)], (-2, -2, 34, 24), (36.0, 25.0)
    elif affiliation == "hostile":
        pts, vb, size = [(14, 0), (28, 14), (14, 28), (0, 14), (14, 0)], (-2, -2, 32, 32), (30.0, 30.0)
    else:
        pts, vb, size = [(0, 0), (22, 0), (22, 22), (0, 22), (0, 0)], (-2, -2, 26, 26), (26.0, 26.0)
    return SymbolDrawing((SymbolShape(MPath(pts), fill, (0, 0, 0, 1), 2.0),), vb, size)


def unit_drawing(unit) -> SymbolDrawing:
    """The unit's symbol as matplotlib paths (one drawing per SIDC and affiliation, however many units)."""
    return _drawing(sidc_for(unit), affiliation_of(unit))


@lru_cache(maxsize=1024)
def _drawing(sidc: str | None, affiliation: str) -> SymbolDrawing:
    try:
        return symbol_drawing(symbol_svg(sidc, affiliation))
    except Exception:  # a symbol we cannot convert: a plain frame in the affiliation's colours
        return simple_symbol(affiliation)


# Fully transparent: the paint of a shape with no fill or no stroke, where matplotlib wants one colour
# (the writers leave it out: SVG writes no stroke for a line width of 0, PDF neither fills nor strokes
# with an alpha of 0)
NO_PAINT = (0.0, 0.0, 0.0, 0.0)
UNCERTAIN_ALPHA = 0.5  # a symbol whose position the sources do not give is drawn faded (as the web map's .5)


def _faded(colour: tuple | None, uncertain: bool) -> tuple | None:
    if colour is None or not uncertain:
        return colour
    return (*colour[:3], colour[3] * UNCERTAIN_ALPHA)


def symbol_artists(
    drawing: SymbolDrawing, inch_transform, zorder: float, height_pt: float | None = None, uncertain: bool = False
) -> list[Artist]:
    """Artists drawing `drawing` centred at the origin of `inch_transform` (which maps inches to display).

    The symbol is `drawing.size_px` CSS px (0.72 pt each), or `height_pt` tall; `uncertain` draws it
    faded (a position the sources do not give; the caller draws the dashed box around it)."""
    from matplotlib.patches import PathPatch
    from matplotlib.text import Text
    from matplotlib.transforms import Affine2D

    vx, vy, vw, vh = drawing.viewbox
    px_per_unit = drawing.size_px[0] / vw if vw else 1.0
    pt_per_unit = px_per_unit * PT_PER_PX
    if height_pt is not None and vh:
        pt_per_unit = min(height_pt / vh, height_pt * 1.6 / vw)
    k = pt_per_unit / 72.0  # inches per SVG unit
    local = Affine2D().translate(-(vx + vw / 2), -(vy + vh / 2)).scale(k, -k)
    t = local + inch_transform
    out: list[Artist] = []
    for s in drawing.shapes:
        if s.text:
            x, y = s.path.vertices[0]
            ha = {"middle": "center", "end": "right"}.get(s.text_anchor, "left")
            out.append(
                Text(
                    x,
                    y,
                    s.text,
                    transform=t,
                    ha=ha,
                    va="baseline",
                    color=_faded(s.face, uncertain) or "black",
                    fontsize=max(1.0, s.text_size * pt_per_unit),
                    fontweight=s.text_weight,
                    zorder=zorder,
                )
            )
            continue
        out.append(
            PathPatch(
                s.path,
                transform=t,
                facecolor=_faded(s.face, uncertain) or "none",
                edgecolor=_faded(s.edge, uncertain) or "none",
                linewidth=s.width * pt_per_unit if s.edge else 0,
                zorder=zorder,
                joinstyle="miter",
            )
        )
    return out


def _line_only(path) -> bool:
    """Straight lines only (no Bezier curves)."""
    from matplotlib.path import Path as MPath

    return path.codes is None or bool(np.all((path.codes <= MPath.LINETO) | (path.codes == MPath.CLOSEPOLY)))


def _line_codes(n: int) -> np.ndarray:
    """The codes of a path given by vertices alone (a MOVETO, then LINETOs)."""
    from matplotlib.path import Path as MPath

    codes = np.full(n, MPath.LINETO, dtype=MPath.code_type)
    codes[:1] = MPath.MOVETO
    return codes


def symbol_collections(
    drawing: SymbolDrawing,
    offsets,
    offset_transform,
    inch_to_display,
    zorder: float,
    uncertain: bool = False,
    data_per_point: float | None = None,
) -> list[Artist]:
    """`drawing` at every point of `offsets` (N x 2, in `offset_transform`'s coordinates, e.g. the
    axes' data): one PathCollection per shape for all N, so 10,000 units draw as a few dozen
    artists; texts in a symbol stay one Text per unit. Looks as `symbol_artists` at each point
    (`uncertain`: faded).

    `data_per_point` (the offsets' units per typographic point, on axes that keep x and y at one scale):
    each shape made of straight lines becomes ONE path with a part per unit, in the offsets' coordinates,
    so a vector writer emits one element per shape instead of one per shape and unit (line widths stay in
    points). A shape with curves stays one path placed at each offset (the writers reuse it: SVG `<use>`),
    as matplotlib would measure every curve of a merged path in Python before drawing it."""
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path as MPath
    from matplotlib.text import Text
    from matplotlib.transforms import Affine2D, ScaledTranslation

    vx, vy, vw, vh = drawing.viewbox
    pt_per_unit = (drawing.size_px[0] / vw if vw else 1.0) * PT_PER_PX
    k = pt_per_unit / 72.0  # inches per SVG unit
    t = Affine2D().translate(-(vx + vw / 2), -(vy + vh / 2)).scale(k, -k) + inch_to_display
    out: list[Artist] = []
    for s in drawing.shapes:
        if s.text:
            x, y = s.path.vertices[0]
            ha = {"middle": "center", "end": "right"}.get(s.text_anchor, "left")
            for ox, oy in offsets:
                out.append(
                    Text(
                        x,
                        y,
                        s.text,
                        transform=t + ScaledTranslation(ox, oy, offset_transform),
                        ha=ha,
                        va="baseline",
                        color=_faded(s.face, uncertain) or "black",
                        fontsize=max(1.0, s.text_size * pt_per_unit),
                        fontweight=s.text_weight,
                        zorder=zorder,
                    )
                )
            continue
        face, edge = _faded(s.face, uncertain), _faded(s.edge, uncertain)
        if data_per_point is not None and _line_only(s.path):
            centre = np.array([vx + vw / 2, vy + vh / 2])
            local = (s.path.vertices - centre) * np.array([pt_per_unit, -pt_per_unit]) * data_per_point
            xy = np.asarray(offsets, float)
            verts = (xy[:, None, :] + local[None, :, :]).reshape(-1, 2)
            codes = s.path.codes if s.path.codes is not None else _line_codes(len(s.path.vertices))
            out.append(
                PathCollection(
                    [MPath(verts, np.tile(codes, len(xy)))],
                    transform=offset_transform,
                    facecolors=[face] if face else "none",
                    edgecolors=[edge] if edge else "none",
                    linewidths=s.width * pt_per_unit if s.edge else 0,
                    zorder=zorder,
                    joinstyle="miter",
                )
            )
            continue
        out.append(
            PathCollection(
                [s.path],
                offsets=offsets,
                offset_transform=offset_transform,
                transform=t,
                # one colour each, never "none" (no colour at all): matplotlib then draws the collection as
                # markers, one style for all, instead of working out each unit's style in Python
                facecolors=[face or NO_PAINT],
                edgecolors=[edge or NO_PAINT],
                linewidths=s.width * pt_per_unit if s.edge else 0,
                zorder=zorder,
                joinstyle="miter",
            )
        )
    return out


class SymbolLegendHandle:
    def __init__(self, drawing: SymbolDrawing, uncertain: bool = False):
        self.drawing = drawing
        self.uncertain = uncertain


class SymbolLegendHandler:
    """Legend handler drawing an APP-6 symbol in the legend's handle box."""

    def legend_artist(self, legend, orig_handle, fontsize, handlebox):
        from matplotlib.transforms import Affine2D

        d = orig_handle.drawing
        w, h = handlebox.width, handlebox.height
        size = h * 1.9
        centre = Affine2D().translate(handlebox.xdescent + w / 2, -handlebox.ydescent + h / 2)
        # DrawingArea coordinates are points; symbol_artists works in inches
        to_points = Affine2D().scale(72.0) + centre + handlebox.get_transform()
        arts = symbol_artists(d, to_points, 3, height_pt=size, uncertain=orig_handle.uncertain)
        for a in arts:
            handlebox.add_artist(a)
        return arts[0]
