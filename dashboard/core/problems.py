"""Problems found in a dataset, reported with file, line, record and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a dataset, in words a curator can act on."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str
    todo: bool = False  # a TODO left by the draft assistant, not a mistake

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        prefix = "TODO: " if self.todo else ""
        return ": ".join(parts) + f": {prefix}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "field": self.field,
            "message": self.message,
            "todo": self.todo,
        }


class DatasetError(Exception):
    """Raised when a dataset cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.record or "", p.field or ""))
        super().__init__(self.summary())

    def summary(self) -> str:
        n = len(self.problems)
        return f"{n} problem{'s' if n != 1 else ''} in the dataset"

    def report(self) -> str:
        return "\n".join([self.summary() + ":"] + [f"  {p}" for p in self.problems])
