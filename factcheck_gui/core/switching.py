"""How often a thread running Python hands the GIL to another, in the window's process.

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
"""

from __future__ import annotations

import sys

__all__ = ["WINDOW_SWITCH_INTERVAL", "use_window_switch_interval"]

#: Seconds a thread running Python keeps the GIL once another asks for it, in the window's process.
WINDOW_SWITCH_INTERVAL = 0.001


def use_window_switch_interval(seconds: float = WINDOW_SWITCH_INTERVAL) -> None:
    """Hand the GIL over after *seconds* (the window's start-up calls this once)."""
    sys.setswitchinterval(seconds)
