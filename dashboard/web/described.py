"""The map in words on an exported page (dashboard.engine.describe): a polite live region that
follows the shown date.

Rule: the page carries the words of every day of its window, up to MAX_EXPORT_WORD_DAYS (else only
its own date's), as JSON the page's script reads with textContent; the region is visually hidden
(the map is what a sighted reader looks at) and spoken once a date settles, not on every frame.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from dashboard.core.loader import LoadedDataset
from dashboard.engine.describe import describe
from dashboard.engine.timeline import Timeline
from dashboard.web import assets

PAGES_JS = "pages.js"
MAX_EXPORT_WORD_DAYS = 120  # an exported page carries the words of at most this many days


def words_by_day(loaded: LoadedDataset, timeline: Timeline, days: list[dt.date]) -> dict[str, str]:
    """The map in words on each day."""
    return {d.isoformat(): describe(loaded, timeline, d).text for d in days}


def add_words(m: Any, loaded: LoadedDataset, timeline: Timeline, day: dt.date, window: tuple[dt.date, dt.date]) -> None:
    """Give an exported map page the map in words (see the module's rule)."""
    from dashboard.web.page import add_element, js_json

    span = (window[1] - window[0]).days + 1
    days = [window[0] + dt.timedelta(days=i) for i in range(span)] if span <= MAX_EXPORT_WORD_DAYS else [day]
    words = words_by_day(loaded, timeline, days)
    first = words.get(day.isoformat()) or describe(loaded, timeline, day).text
    add_element(
        m,
        '<p id="dm-words" role="status" aria-live="polite" aria-atomic="true" style="position:absolute;width:1px;'
        'height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">'
        f"{html.escape(first)}</p>"
        f'<script src="{assets.ASSETS[PAGES_JS]}"></script><script>DeployPages.follow({js_json(words)});</script>',
    )
