"""The garbage collector paused while a large structure is built.

Building the objects of a 50,000-event log.yaml triggers the cyclic collector thousands of times, and each
pass walks every object built so far: parsing turns superlinear (6.8 s with the collector, 2.8 s without, in
one process on this project's benchmark machine). Nothing built while loading a review holds a reference
cycle that must be freed before the load ends, so the collector waits and runs once afterwards, as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; a nested pause leaves it to the outer one to resume."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
