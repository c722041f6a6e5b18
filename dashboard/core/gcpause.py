"""The cyclic garbage collector paused while many small, acyclic objects are built.

The rule: loading, building a map payload, drawing and writing exports make millions of small objects
(tuples, lists, dicts, strings, artists) that hold no reference cycles and mostly live on; each full
collection walks them all again. At 100,000 movements that was a third of a load, 1.7 s of a 5 s map
payload and ~1 s of a static map's CPU. Pausing it is safe: what few cycles there are (a matplotlib
figure's) are collected once it runs again. The collector's state before the pause is restored, so a
pause inside a pause leaves it off until the outer one ends.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block without the cyclic collector, then put it back as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` run with the cyclic collector paused (:func:`gc_paused`)."""

    @wraps(fn)
    def run(*args: Any, **kw: Any) -> Any:
        with gc_paused():
            return fn(*args, **kw)

    return run
