"""The map component, declared once for every page that shows a map.

Streamlit's `declare_component` finds the calling module to name the component; run
from a page script (executed as `__main__` by Streamlit's page runner) that lookup
fails with "module is None". Declaring it here, in an importable module, gives one
component for the app and the curation page alike.

That lookup (`inspect.getmodule` of the calling frame) first maps the file of every loaded module
to its name, about 0.1 s of CPU on a cold start with the app's ~800 modules (issue 19); this module's
own file is entered in inspect's map first, so the lookup finds it there, with the same name.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable
from typing import Any

import streamlit.components.v1 as components

from dashboard.web import assets

inspect.modulesbyfile.setdefault(inspect.getabsfile(sys.modules[__name__]), __name__)
_component = components.declare_component("deploymap", path=str(assets.FRONTEND))


def deploymap(
    html: str, map_key: str, command: dict[str, Any], height: int, key: str, on_change: Callable[[], None] | None = None
) -> Any:
    """Show a map page built by `mapview.render_html`. The page is sent again only when
    `map_key` changes; `command` (with a new `seq`) moves the shown map (date, fly to a
    unit, view). Returns what the map last reported: {date, unit, view} or None.

    The command travels as a JSON string (host.js parses it): Streamlit asks of every
    component argument that is not a string or a number whether it is a table, and that
    question imports pandas, about 0.5 s of CPU on a cold start (benchmarks/README.md)."""
    return _component(
        html=html,
        map_key=map_key,
        command=json.dumps(command),
        height=height,
        key=key,
        default=None,
        on_change=on_change,
    )
