"""How far apart two map colours look, to people with normal colour vision and with a colour-vision
deficiency: the rule the palettes of `dashboard.web.style` are checked against (tests/web/test_contrast.py).

- Deficiencies are simulated with Machado, Oliveira & Fernandes (2009), severity 1.0 (dichromacy:
  protanopia, deuteranopia, tritanopia), applied to linear sRGB as the authors' model assumes.
- Distance is CIEDE2000 (Sharma, Wu & Dalal 2005) in CIELAB (D65).
- `MIN_DELTA_E` = 10: CIEDE2000 ≈ 1–2.3 is a just-noticeable difference for large patches side by
  side; map routes are 2–3.5 px lines and area outlines seen apart, and small marks need several
  times the difference of large patches (Stone, Albers Szafir & Setlur 2014, "An engineering model
  for color difference as a function of size"), so pairs that must be told apart need ≥ 10 — the
  bound palette tools (e.g. Viz Palette) use to flag a pair as hard to tell apart.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

MIN_DELTA_E = 10.0
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia")
MACHADO_2009: dict[str, np.ndarray] = {  # severity 1.0, on linear sRGB
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
_SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
_WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


def linear_rgb(hex_colour: str) -> np.ndarray:
    """'#rrggbb' as linear sRGB in 0..1."""
    h = hex_colour.lstrip("#")
    c = np.array([int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def simulate(hex_colour: str, vision: str) -> np.ndarray:
    """The colour as seen with `vision` (one of VISIONS), as linear sRGB clipped to the gamut."""
    rgb = linear_rgb(hex_colour)
    if vision == "normal":
        return rgb
    return np.clip(MACHADO_2009[vision] @ rgb, 0.0, 1.0)


def lab(rgb_linear: np.ndarray) -> tuple[float, float, float]:
    """CIELAB (D65) of a linear sRGB colour."""
    xyz = (_SRGB_TO_XYZ @ rgb_linear) / _WHITE_D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return float(116 * f[1] - 16), float(500 * (f[0] - f[1])), float(200 * (f[1] - f[2]))


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dLp, dCp = L2 - L1, c2p - c1p
    dhp = 0.0
    if c1p * c2p:
        dhp = h2p - h1p
        dhp = dhp - 360 if dhp > 180 else dhp + 360 if dhp < -180 else dhp
    dHp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    Lbp, Cbp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    else:
        hbp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbp - 30))
        + 0.24 * math.cos(math.radians(2 * hbp))
        + 0.32 * math.cos(math.radians(3 * hbp + 6))
        - 0.20 * math.cos(math.radians(4 * hbp - 63))
    )
    d_theta = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(Cbp**7 / (Cbp**7 + 25**7))
    sl = 1 + 0.015 * (Lbp - 50) ** 2 / math.sqrt(20 + (Lbp - 50) ** 2)
    sc = 1 + 0.045 * Cbp
    sh = 1 + 0.015 * Cbp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2 + rt * (dCp / sc) * (dHp / sh))


def delta_e(colour1: str, colour2: str, vision: str = "normal") -> float:
    """CIEDE2000 between two '#rrggbb' colours as seen with `vision`."""
    return ciede2000(lab(simulate(colour1, vision)), lab(simulate(colour2, vision)))


def closest_pairs(colours: dict[str, str], pairs: list[tuple[str, str]] | None = None) -> dict[str, tuple]:
    """Per vision, the pair of named colours that look closest: {vision: (ΔE, name1, name2)}.
    `pairs` limits the check to those pairs (default: every pair)."""
    wanted = pairs if pairs is not None else list(itertools.combinations(colours, 2))
    out: dict[str, tuple] = {}
    for vision in VISIONS:
        out[vision] = min((delta_e(colours[a], colours[b], vision), a, b) for a, b in wanted)
    return out
