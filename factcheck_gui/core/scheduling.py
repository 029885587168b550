"""How the window's process shares the CPU: how often a thread running Python hands the GIL over,
and background processes (readers, the PDF maker) at a lower priority than the window.

Python hands the GIL over when a thread waiting for it has waited ``sys.getswitchinterval()``
(5 ms by default). The window's thread enters Python many times in one pass of its event loop
(every timer, paint, event filter and slot written in Python), and while a worker runs Python
(an export or its preview being made, a page parsed, a snapshot written) it waited up to the
interval at each. At 1 ms, quiet machine, 3 runs each way (docs/performance.md): the longest
stall while the export preview of 5,000 claims is made 112-117 ms -> 39-41 ms, of 1,000 claims
67-81 ms -> 21-25 ms; a burst of 20 fetches 66 ms -> 38 ms; 500 fetch-and-pins on one claim as
fast as before (1.01x the plain threads either way). The window's process uses 1 ms
(:func:`use_window_switch_interval`, applied once by ``ui.app.main`` and by the window benches);
the command line keeps Python's default, as no window waits there for a turn.

The processes the app starts for background work (the readers of :mod:`factcheck_gui.net.workers`,
the PDF maker of :mod:`factcheck_gui.ui.pdf_process`) call :func:`lower_priority` first: with both
cores busy with them, the window's thread waited for a core at the same priority. The readers of
``factcheck fetch`` are the same processes, so they too give way to other programs on a busy machine.
"""

from __future__ import annotations

import logging
import os
import sys

__all__ = ["BACKGROUND_NICENESS", "WINDOW_SWITCH_INTERVAL", "lower_priority", "use_window_switch_interval"]

_log = logging.getLogger(__name__)

#: How much nicer than the app a process doing background work runs (``nice``).
BACKGROUND_NICENESS = 10

#: Seconds a thread running Python keeps the GIL once another asks for it, in the window's process.
WINDOW_SWITCH_INTERVAL = 0.001


def use_window_switch_interval(seconds: float = WINDOW_SWITCH_INTERVAL) -> None:
    """Hand the GIL over after *seconds* (the window's start-up calls this once)."""
    sys.setswitchinterval(seconds)


def lower_priority(step: int = BACKGROUND_NICENESS) -> None:
    """Make this process *step* nicer, where the system has ``nice`` (not on Windows)."""
    if hasattr(os, "nice"):
        try:
            os.nice(step)
        except OSError:  # not allowed here: the process runs at the app's priority
            _log.debug("the priority could not be lowered", exc_info=True)
