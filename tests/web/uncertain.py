"""A small dataset with every form of date, number and place the claims model accepts, for the map's
tests: the JavaScript state rule is checked against engine.timeline.state_at on it, and the payload
and legend against its records."""

from __future__ import annotations

from pathlib import Path

# (id, depart, arrive, strength): each a YAML value as written, None when absent
MOVES = (
    ("exact", "2022-02-05", "2022-02-09", "600"),
    ("depart-by", "../2022-02-10", None, "about 1,000"),
    ("arrive-by", None, "../2022-02-10", "about 850"),
    ("arrive-between", None, "2022-02-10/2022-02-17", "800-1,000"),
    ("depart-from", "2022-02-08/..", None, "up to 8"),
    ("approximate", "2022-02-06~", "2022-02-12~", "over 100,000"),
    ("month", "2022-02", "2022-03-03", None),
    ("estimated", "2022-02-04", None, "300"),
    ("both-windows", "2022-02-05/2022-02-07", "2022-02-09/2022-02-15", "at least 5"),
    ("uncertain-day", "2022-02-10?", "2022-02-14", "40"),
    (
        "disputed",
        "2022-02-06",
        "[{value: '2022-02-10', note: 'One reading'}, {value: '2022-02-12', note: 'Another reading'}]",
        "[{value: 1700, note: 'One count'}, {value: 2000, note: 'Another count'}]",
    ),
    (
        "preferred",
        "2022-02-06",
        "[{value: '2022-02-10', note: 'One reading', preferred: true}, {value: '2022-02-12', note: 'Another'}]",
        "500",
    ),
)

PLACES = """
places:
  - {id: west, name: West Town, country: DEU, lat: 50.0, lon: 8.0, precision: town}
  - {id: east, name: East Region, country: POL, lat: 51.0, lon: 21.0, precision: region}
  - {id: romania, name: Romania, country: ROU, lat: 45.9, lon: 24.9, precision: country}
"""


def write_uncertain_dataset(root: Path) -> Path:
    """Write the dataset as one YAML file under `root`; return its path."""
    root.mkdir(parents=True, exist_ok=True)
    lines = [
        "sources:",
        "  - {id: wire, title: Wire report, publisher: Test, published: 2022-02-10, url: 'https://example.org/r'}",
        PLACES.strip("\n"),
        "units:",
    ]
    for mid, *_ in MOVES:
        lines.append(f"  - {{id: u-{mid}, name: Unit {mid}, nation: USA, branch: infantry, echelon: battalion}}")
    lines.append("movements:")
    for k, (mid, depart, arrive, strength) in enumerate(MOVES):
        to = ("east", "romania")[k % 2]
        lines += [f"  - id: m-{mid}", f"    unit: u-{mid}", "    from: west", f"    to: {to}"]
        if depart is not None:
            lines.append(f"    depart: {depart if depart.startswith('[') else repr(depart)}")
        if arrive is not None:
            lines.append(f"    arrive: {arrive if arrive.startswith('[') else repr(arrive)}")
        if strength is not None:
            lines.append(f"    strength: {strength if strength.startswith('[') else repr(strength)}")
        lines += ["    citations:", "      - note: 'Test fixture.'", "        supports: [unit, from, to]"]
    lines += [
        "events:",
        "  - {id: ev-by, name: Event by a day, date: '../2022-02-10', place: east,"
        " citations: [{note: 'Test fixture.', supports: [date]}]}",
        "areas:",
        "  - id: area-over",
        "    name: Massed troops",
        "    valid_from: '../2022-02-10'",
        "    strength: over 100,000",
        "    affiliation: hostile",
        "    geometry: {type: Polygon, coordinates: [[[30, 50], [32, 50], [32, 52], [30, 52], [30, 50]]]}",
        "    citations: [{note: 'Test fixture.', supports: [valid_from, strength, geometry]}]",
    ]
    path = root / "uncertain.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
