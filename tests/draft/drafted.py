"""What a draft of a text holds, as the rule tests compare it: every drafted movement as (unit name,
origin name, destination name, strength), and each unit's nation; every quote checked verbatim."""

from __future__ import annotations

from dashboard import draft as D

Move = tuple[str, str, str, "int | str | None"]


def drafted(text: str) -> tuple[list[Move], dict[str, str]]:
    d = D.make_draft(text, None, None)
    units = {u["id"]: u["name"] for u in d.data.get("units", [])}
    places = {p["id"]: p["name"] for p in d.data.get("places", [])}
    moves = [
        (
            units.get(m["unit"], m["unit"]),
            places.get(m["from"], m["from"]),
            places.get(m["to"], m["to"]),
            m.get("strength"),
        )
        for m in d.data.get("movements", [])
    ]
    quotes = [c["quote"] for sec in d.data.values() for r in sec for c in r.get("citations", []) if "quote" in c]
    norm = " ".join(text.split())
    assert all(q in norm for q in quotes)  # every quote verbatim
    return moves, {u["name"]: u.get("nation") for u in d.data.get("units", [])}


def short(moves: list[Move]) -> list[tuple[str, str, str, object]]:
    """Each movement as (unit, origin's and destination's names before their first comma, strength)."""
    return [(u, o.split(",")[0], t.split(",")[0], n) for u, o, t, n in moves]


def unit_names(text: str) -> list[str]:
    """The names of the units the recognisers find in `text`."""
    from dashboard.draft import units

    return [h.name for h in units.unit_hits(text, 0, len(text))]
