"""The app's page title, from the data: what the dataset covers, not a fixed month.

Rule: the title names the period of the movements' reported dates (their departures and arrivals,
the earliest and latest day each allows), else of the events' dates, else of every date the dataset
speaks of (areas' validity included). A month is named when the period is in one month
("Troop deployments, February 2022"), else its first and last months ("Jan–Mar 2023",
"Nov 2022 – Feb 2023"). No estimate goes into it: an estimated arrival is no reported date.
The dataset format has no title of its own; a dataset without any date keeps the bare title.
"""

from __future__ import annotations

import datetime as dt

from dashboard.core.claims import When
from dashboard.core.loader import LoadedDataset

TITLE = "Troop deployments"
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def period_words(first: dt.date, last: dt.date) -> str:
    """'February 2022', 'Jan–Mar 2023', 'Nov 2022 – Feb 2023'."""
    a, b = _MONTHS[first.month - 1], _MONTHS[last.month - 1]
    if (first.year, first.month) == (last.year, last.month):
        return f"{a} {first.year}"
    if first.year == last.year:
        return f"{a[:3]}–{b[:3]} {last.year}"
    return f"{a[:3]} {first.year} – {b[:3]} {last.year}"


def _days(whens: list[When | None]) -> list[dt.date]:
    return [d for w in whens if w is not None for d in (w.earliest, w.latest) if d is not None]


def page_title(loaded: LoadedDataset) -> str:
    """'Troop deployments, <the period the data covers>' (see the module's rule)."""
    ds = loaded.dataset
    days = _days([w for m in ds.movements for w in (m.depart, m.arrive)]) or _days([e.date for e in ds.events])
    if not days:
        if not (ds.movements or ds.events or ds.areas):
            return TITLE
        days = list(loaded.span)
    return f"{TITLE}, {period_words(min(days), max(days))}"
