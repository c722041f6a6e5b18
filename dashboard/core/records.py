"""How problems name records: a section's singular ("unit") and a record's label ("unit 'us-2cr'",
or "unit #3" when it has no usable id). Shared by the loader and the checks."""

from __future__ import annotations

from typing import Any

SINGULAR = {
    "sources": "source",
    "places": "place",
    "units": "unit",
    "movements": "movement",
    "events": "event",
    "areas": "area",
    "stories": "story",
}


def record_label(section_singular: str, item: Any, index: int) -> str:
    rid = item.get("id") if isinstance(item, dict) else None
    if isinstance(rid, str) and rid:
        return f"{section_singular} '{rid[:80]}'"
    return f"{section_singular} #{index + 1}"
