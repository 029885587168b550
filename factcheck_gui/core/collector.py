"""Pausing Python's cycle collector while many short-lived or acyclic objects are made.

A full collection walks every object the process holds: with a 2 MB article of 5,000 claims open
it takes 50-300 ms, and it runs on whichever thread happened to allocate, holding the GIL, so
a collection started by a worker freezes the window as surely as one on the GUI thread. Code
that makes tens of thousands of objects without cycles among them (a snapshot of an article,
the index's rows, a save) pauses the collector meanwhile. The pauses of several threads nest:
the collector runs again when the last one ends, and only if it ran before the first began.

The window's policy (:func:`use_window_policy`, applied once by ``ui.app.main``): what lives as long
as the open article (its claims, sources, sentences, the panels' objects, every module and class)
is moved out of the collector's reach with ``gc.freeze()`` once the article is open
(:func:`settle`), so the full collections that the GUI thread's own allocations start now and then
walk only what was made since: 40-100 ms with big articles open before, a few ms after. Frozen
objects are still freed when their last reference goes; only garbage in reference cycles among
them would wait, so :func:`settle` first takes everything back (``gc.unfreeze()``) and collects it
once, freeing the article closed before, then freezes what is left. The window calls it after each
change of the open article.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["collector_paused", "settle", "use_window_policy", "window_policy_in_use"]

_lock = threading.Lock()
_pauses = 0
_was_enabled = False
_window_policy = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection while the block runs (on any thread); thread-safe, nests."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def use_window_policy(enabled: bool = True) -> None:
    """Freeze long-lived objects at each :func:`settle` (the window's start-up calls this once).
    Turned off, everything frozen is handed back to the collector."""
    global _window_policy
    _window_policy = enabled
    if not enabled:
        gc.unfreeze()


def window_policy_in_use() -> bool:
    return _window_policy


def settle() -> None:
    """With the window's policy on: collect once, everything included (an article closed since the
    last settle is freed), then keep what is left out of later collections (``gc.freeze``). Costs one
    full collection (tens of ms with a big article), so call it when an article has just been opened
    or closed, not while the user types. Does nothing without the policy."""
    if not _window_policy:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
