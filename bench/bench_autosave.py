"""The window while an autosave runs (issue 17): its longest stall and the GUI thread's CPU time.

A 2 MB article with 1,000 and then 5,000 claims (one source each) is open in a real window.
Each run changes one claim's verdict (an undoable command, as the verdict keys push), lets
the window settle, then fires the autosave timer and runs the event loop until the document
says ``saved`` (and 100 ms more, for what the landing posts). Meanwhile a QTimer ticks every
5 ms on the GUI thread: the longest gap between two ticks, less the interval, is the longest
time the window could not react to input (target: no stall over 50 ms; the rule is that the
window never freezes). Printed beside it: the GUI thread's CPU time (``time.thread_time``)
from the timer firing to ``saved``, and the wall time to ``saved``.

Runs on the code before and after the save moved to the task runner: both fire the same timer.
Everything runs offscreen on a temporary library and home folder.
Usage: python bench/bench_autosave.py [--runs N] [--quick] [--claims 5000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import isolate_this_process, load_average  # noqa: E402
from _timing import REPO  # noqa: E402

sys.path.insert(0, str(REPO))

STALL_TARGET = 0.050
TICK = 0.005


def measure(window, app, claim_ids: list[str], number: int) -> tuple[float, float, float]:  # noqa: ANN001
    """One autosave after one verdict change: (longest stall, GUI CPU to saved, wall to saved), seconds."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    from factcheck_gui.ui.commands import SetVerdictCommand

    document = window.document
    document.push(SetVerdictCommand(document, claim_ids[number % len(claim_ids)], "true" if number % 2 else "false"))
    _settle(app, 0.05)
    saved: list[float] = []
    cpu_at_saved: list[float] = []

    def on_saved() -> None:
        saved.append(time.perf_counter())
        cpu_at_saved.append(time.thread_time())

    document.saved.connect(on_saved)
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(int(TICK * 1000))
    ticker.timeout.connect(lambda: (gaps.append(clock.nsecsElapsed() / 1e9), clock.restart()))
    clock.start()
    ticker.start()
    wall, cpu = time.perf_counter(), time.thread_time()
    document._autosave_timer.start(0)
    deadline = time.monotonic() + 30
    while not saved and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    _settle(app, 0.1)
    ticker.stop()
    document.saved.disconnect(on_saved)
    if not saved:
        raise RuntimeError("the autosave did not land within 30 s")
    return max(gaps) - TICK, cpu_at_saved[0] - cpu, saved[0] - wall


def _settle(app, seconds: float) -> None:  # noqa: ANN001
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.0005)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs (for the report: indicative only)")
    parser.add_argument("--claims", type=int, nargs="*", default=[1000, 5000])
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    root = Path(tempfile.mkdtemp(prefix="bench-autosave-"))
    isolate_this_process(root)
    from bench_scale import with_sources
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.main_window import QtMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    library = Library(root / "library")
    articles = {claims: with_sources(2.0, claims) for claims in args.claims}
    for article in articles.values():
        library.add(article)
    window = QtMainWindow(library, settings_path=root / "window.ini", autosave_delay_ms=600_000)
    window.resize(1360, 840)
    window.show()
    print(f"load average before: {load_average()}")
    print(f"an autosave after one verdict change, 2 MB article; median of {runs} (target: no stall over "
          f"{STALL_TARGET * 1000:.0f} ms)")
    print(f"  {'claims':>8}  {'longest stall':>14}  {'GUI CPU to saved':>17}  {'wall to saved':>14}   (worst stall)")
    for claims, article in articles.items():
        window.open_article(article.id)
        _settle(app, 0.3)
        claim_ids = [claim.id for claim in window.document.article.claims[::97]]
        measure(window, app, claim_ids, 0)  # warm-up: the first save of a session writes everything
        results = [measure(window, app, claim_ids, number) for number in range(1, runs + 1)]
        stall, cpu, wall = (statistics.median(r[i] for r in results) for i in range(3))
        worst = max(r[0] for r in results)
        print(f"  {claims:>8,}  {stall * 1000:11.1f} ms  {cpu * 1000:14.1f} ms  {wall * 1000:11.1f} ms   "
              f"({worst * 1000:.1f} ms)")
    print(f"load average after: {load_average()}")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
