"""Which GUI-thread events make the long gaps of bench_fetches.py's bursts: every event timed.

A probe, not a benchmark (its own timing slows the events it times by a few per cent). It runs
``bench_fetches.measure`` in a QApplication whose ``notify`` times each event the event loop
delivers (the outermost ones), and prints the events over 8 ms by receiver and type, the
longest ones with what ran inside them (paints, layouts, resizes, moves of other widgets) and
how their time divides (the GUI thread's CPU time, its time waiting for a core, and the rest:
asleep, mostly waiting for the GIL),
and the paints, layouts, resizes and moves by receiver over the whole run. A QTimer's event
is named after the timer's parent and interval (``QTimer#[QtTaskRunner 0ms]``: the runner
handing an outcome over, i.e. a landing; ``[QtSourcesPanel 50ms]``: the paced refresh).

Usage: python bench/probe_fetch_events.py [PINS] [RUNS]   (PINS on one claim, default 500; 0: the
20-fetch bursts of bench_fetches.py instead)
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_fetches  # noqa: E402
from _proc import isolate_this_process, load_average  # noqa: E402

LONG = 0.008  # events longer than this are listed
BIG = 0.020  # and these with what ran inside them
GAP = 0.040  # gaps between the ticks of bench_fetches' ticker longer than this are listed
INSIDE = ("Paint", "LayoutRequest", "Resize", "Move")


def name_of(receiver: object) -> str:
    from PySide6.QtCore import QObject, QTimer

    if not isinstance(receiver, QObject):
        return type(receiver).__name__
    try:
        name = f"{type(receiver).__name__}#{receiver.objectName()}"
        if isinstance(receiver, QTimer):
            parent = receiver.parent()
            name += f"[{type(parent).__name__ if parent is not None else None} {receiver.interval()}ms]"
    except RuntimeError:  # its C++ object is gone (an animation deleted as its last event arrives)
        return f"{type(receiver).__name__} (deleted)"
    return name


def schedstat() -> tuple[float, float]:
    """This thread's CPU time and its time runnable but waiting for a core, in seconds (Linux)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat") as stat:
            on_cpu, waiting, _slices = stat.read().split()
    except OSError:
        return time.thread_time(), 0.0
    return int(on_cpu) / 1e9, int(waiting) / 1e9


def main() -> None:
    pins = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    folder = Path(tempfile.mkdtemp(prefix="factcheck-probe-"))
    isolate_this_process(folder)
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    long_events: list[tuple[float, str, str]] = []
    big_events: list[tuple[float, str, list[tuple[str, float]]]] = []
    inside_total: Counter[str] = Counter()
    inside_count: Counter[str] = Counter()
    inside_this: Counter[str] = Counter()
    depth = [0]
    timeline: list[tuple[float, float, str, float, float]] = []  # start, took, what, CPU, waiting for a core
    gaps: list[tuple[float, float]] = []
    tick = bench_fetches.Ticker._tick

    def tick_noting_gaps(ticker: bench_fetches.Ticker) -> None:
        if time.perf_counter() - ticker.last > GAP:
            gaps.append((ticker.last, time.perf_counter()))
        tick(ticker)

    bench_fetches.Ticker._tick = tick_noting_gaps  # type: ignore[method-assign]

    class ProbeApp(QApplication):
        def notify(self, receiver: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            depth[0] += 1
            if depth[0] == 1:
                inside_this.clear()
            kind = event.type().name
            started = time.perf_counter()
            sched_started = schedstat() if depth[0] == 1 else (0.0, 0.0)
            try:
                return super().notify(receiver, event)
            finally:
                took = time.perf_counter() - started
                depth[0] -= 1
                if depth[0] == 1 and kind in INSIDE:
                    key = f"{name_of(receiver)} {kind}"
                    inside_this[key] += took
                    inside_total[key] += took
                    inside_count[key] += 1
                if depth[0] == 0:
                    name = name_of(receiver)
                    cpu, queued = (now - then for now, then in zip(schedstat(), sched_started, strict=True))
                    timeline.append((started, took, f"{name} {kind}", cpu, queued))
                if depth[0] == 0 and took > LONG:
                    long_events.append((took, name, kind))
                    if took > BIG:
                        big_events.append((took, f"{name} {kind} (CPU {cpu * 1000:.0f}, waiting for a core "
                                           f"{queued * 1000:.0f}, asleep {(took - cpu - queued) * 1000:.0f})",
                                           inside_this.most_common(5)))

    app = ProbeApp([sys.argv[0]])
    print(f"before: {load_average()}")
    one_claim = (pins,) if pins else ()
    pages = {"sample": bench_fetches.sample_pages(bench_fetches.COUNT)}
    results, curve = bench_fetches.measure(folder, pages, runs, one_claim, curve_only=bool(pins),
                                          server_in_process="inproc" in sys.argv[3:])
    print(f"after:  {load_average()}")
    for count, found in curve.items():
        print(f"{count} on one claim: stall {[round(s * 1000) for s in found['stall']]} ms, "
              f"GUI CPU {[round(c, 2) for c in found['gui_cpu']]} s")
    for page_set, found in results.items():
        print(f"20 fetches ({page_set}): stall {[round(s * 1000) for s in found['stall']]} ms, "
              f"GUI CPU {[round(c * 1000) for c in found['gui_cpu']]} ms")
    by_kind: Counter[tuple[str, str]] = Counter()
    counts: Counter[tuple[str, str]] = Counter()
    for took, name, kind in long_events:
        by_kind[(name, kind)] += took
        counts[(name, kind)] += 1
    print(f"events over {LONG * 1000:.0f} ms, by receiver and type (count, total, longest):")
    for (name, kind), total in by_kind.most_common(15):
        longest = max(took for took, n, k in long_events if (n, k) == (name, kind))
        print(f"  {name:45s} {kind:16s} {counts[(name, kind)]:5d} {total * 1000:7.0f} ms {longest * 1000:6.1f} ms")
    print("the longest events, with the paints, layouts, resizes and moves inside them (ms):")
    for took, name, inside in sorted(big_events, reverse=True)[:15]:
        print(f"  {took * 1000:6.1f} {name}: " + ", ".join(f"{k} {t * 1000:.1f}" for k, t in inside))
    print(f"the longest gaps between the ticks (over {GAP * 1000:.0f} ms), with the events in them (ms):")
    for start, end in sorted(gaps, key=lambda gap: gap[0] - gap[1])[:10]:
        inside = [event for event in timeline if start <= event[0] < end]
        by_what: Counter[str] = Counter()
        for _start, took, what, _cpu, _queued in inside:
            by_what[what] += took
        covered = sum(event[1] for event in inside)
        cpu = sum(event[3] for event in inside)
        queued = sum(event[4] for event in inside)
        print(f"  {(end - start) * 1000:6.1f}: {len(inside)} events, {covered * 1000:.0f} (CPU {cpu * 1000:.0f}, "
              f"waiting for a core {queued * 1000:.0f}), between them {(end - start - covered) * 1000:.0f}; "
              + ", ".join(f"{what} {took * 1000:.1f}" for what, took in by_what.most_common(4)))
    print("every event the loop delivered, by receiver and type (total, count):")
    every: Counter[str] = Counter()
    every_count: Counter[str] = Counter()
    for _start, took, what, _cpu, _queued in timeline:
        every[what] += took
        every_count[what] += 1
    for what, total in every.most_common(15):
        print(f"  {what:60s} {total * 1000:7.0f} ms {every_count[what]:6d}")
    print("paints, layouts, resizes and moves over the whole run (total, count):")
    for key, total in inside_total.most_common(15):
        print(f"  {key:60s} {total * 1000:7.0f} ms {inside_count[key]:6d}")
    app.quit()


if __name__ == "__main__":
    main()
