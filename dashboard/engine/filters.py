"""Which movements a filter selects: one pure function for the app and the CLI.

`select_movements` takes the same criteria as the app's sidebar and the
`export` command's `--nation/--branch/--echelon/--confidence/--unit/--country`
options and returns the ids of the selected movements, ready for
`MapOptions.movement_ids` and `state_feature_collection(movement_ids=...)`.

Rules:
- each criterion is a collection of accepted values (a single string is one
  value); None or empty means "no condition";
- values of one criterion are alternatives (OR), criteria combine with AND;
- `nation`, `branch`, `echelon` are the moving unit's; `confidence` the movement's;
- `unit` selects a unit's movements and those of every unit under it (its
  `parent` chain), so a division selects its detachments too;
- `country` selects movements that leave from or arrive in a country (ISO alpha-3);
- nation and country codes are compared without regard to case.
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.core.loader import LoadedDataset

Criterion = Iterable[str] | str | None


def _values(criterion: Criterion, upper: bool = False) -> frozenset[str] | None:
    if criterion is None:
        return None
    items = [criterion] if isinstance(criterion, str) else list(criterion)
    values = frozenset((str(v).strip().upper() if upper else str(v).strip()) for v in items if str(v).strip())
    return values or None


def unit_ancestors(loaded: LoadedDataset, unit_id: str) -> list[str]:
    """The unit and every unit above it (parent, grandparent, ...), cycle-safe."""
    out, seen = [], set()
    current: str | None = unit_id
    while current and current not in seen:
        seen.add(current)
        out.append(current)
        u = loaded.units.get(current)
        current = u.parent if u is not None else None
    return out


def select_movements(
    loaded: LoadedDataset,
    *,
    nation: Criterion = None,
    branch: Criterion = None,
    echelon: Criterion = None,
    confidence: Criterion = None,
    unit: Criterion = None,
    country: Criterion = None,
) -> frozenset[str]:
    """Ids of the movements matching every given criterion (all movements if none is given)."""
    nations, branches, echelons = _values(nation, upper=True), _values(branch), _values(echelon)
    confidences, units, countries = _values(confidence), _values(unit), _values(country, upper=True)
    places = loaded.places
    selected = []
    for m in loaded.dataset.movements:
        u = loaded.units.get(m.unit)
        if nations is not None and (u is None or u.nation.upper() not in nations):
            continue
        if branches is not None and (u is None or u.branch not in branches):
            continue
        if echelons is not None and (u is None or u.echelon not in echelons):
            continue
        if confidences is not None and m.confidence not in confidences:
            continue
        if units is not None and not units.intersection(unit_ancestors(loaded, m.unit)):
            continue
        if countries is not None:
            ends = {places[p].country.upper() for p in (m.from_, m.to) if p in places}
            if not ends & countries:
                continue
        selected.append(m.id)
    return frozenset(selected)


def is_filtered(**criteria: Criterion) -> bool:
    """True when any criterion is set (the map should then show only the selection)."""
    return any(_values(v) is not None for v in criteria.values())
