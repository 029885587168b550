"""The window with a 1 MB article and 1,000 claims: open, click, memory; prints medians.

Targets (issue 6):

- opening the article to a painted window under 1 s (from ``library.open`` to the article
  view's paint done: ``QtMainWindow.open_article``, then the event loop until the view has
  painted);
- a click on a sentence to its repaint done under 16 ms, with 1,000 claims present (a real
  QTest mouse click on the view's viewport, then the event loop until the view has painted);
- peak resident memory of the window with that article under 250 MB (VmHWM, the peak
  resident set, of a fresh ``factcheck-gui`` process that opens the article, at its first
  paint; not ru_maxrss, which on Linux keeps the forking parent's peak across exec).

Also shown, without a target: a click on a claim (it becomes the current claim), and a
verdict key pressed on the current claim, each to the view's repaint done.

Saving that article is measured by bench_store.py: the window saves through the same
``Library.save``.

Comparisons, measured in the same run: the same text without claims in the same window, and
a bare QTextEdit (in a QMainWindow of the same size) showing the same text; for memory, a bare
PySide6 window process with the same text and one with the sample.

Everything runs offscreen on a temporary library and home folder.
Usage: python bench/bench_window.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import compile_package, isolate_this_process, load_average, run_window_child  # noqa: E402
from _timing import REPO, SAMPLE_TEXT, big_article, verdict  # noqa: E402

sys.path.insert(0, str(REPO))

OPEN_TARGET = 1.0
CLICK_TARGET = 0.016
MEMORY_TARGET_MB = 250.0
WINDOW_SIZE = (1360, 840)  # the window's default size on a large screen


class PaintWatch:
    """Counts the Paint events of one widget, so a caller can run the event loop until it painted."""

    def __init__(self, widget) -> None:  # noqa: ANN001 - a QWidget
        from PySide6.QtCore import QEvent, QObject

        watch = self

        class Filter(QObject):
            def eventFilter(self, watched, event):  # noqa: ANN001, N802 - Qt's name
                if watched is widget and event.type() == QEvent.Type.Paint:
                    watch.paints += 1
                return False

        self.paints = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)

    def wait_for_paint(self, since: int, timeout: float = 10.0) -> None:
        """Process events until a Paint event after the count *since* has been handled."""
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        deadline = time.perf_counter() + timeout
        while self.paints <= since:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            if time.perf_counter() > deadline:
                raise RuntimeError("the view did not paint")


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.1f} ms"


def settle() -> None:
    """Let the window finish what it has queued: a real pass of an event loop, so widgets
    given to deleteLater() are freed (processEvents() alone, outside any event loop, never
    frees them, which looked like a leak), then the events that pass posted."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    for _ in range(3):
        QApplication.processEvents()


def measure_open(window, article_id: str, other_id: str, watch: PaintWatch, runs: int) -> list[float]:  # noqa: ANN001
    """Open *article_id* (coming from *other_id* each time) until the article view has painted."""
    times = []
    for _ in range(runs + 1):  # the first is a warm-up
        window.open_article(other_id)
        settle()
        since = watch.paints
        started = time.perf_counter()
        window.open_article(article_id)
        watch.wait_for_paint(since)
        times.append(time.perf_counter() - started)
    return times[1:]


def bare_open(text: str, runs: int) -> list[float]:
    """A bare QTextEdit in a QMainWindow of the same size: setPlainText, then the event loop until it painted."""
    from PySide6.QtWidgets import QMainWindow, QTextEdit

    window = QMainWindow()
    edit = QTextEdit()
    edit.setReadOnly(True)
    window.setCentralWidget(edit)
    window.resize(*WINDOW_SIZE)
    window.show()
    watch = PaintWatch(edit.viewport())
    settle()
    times = []
    for _ in range(runs + 1):
        edit.setPlainText("")
        settle()
        since = watch.paints
        started = time.perf_counter()
        edit.setPlainText(text)
        watch.wait_for_paint(since)
        times.append(time.perf_counter() - started)
    window.close()
    window.deleteLater()
    settle()
    return times[1:]


def click_points(view, article, want_claims: bool, count: int = 2):  # noqa: ANN001
    """Points (viewport coordinates) inside *count* visible sentences that are (or are not) claims,
    about the middle of the article; scrolls on until a screenful has them."""
    from PySide6.QtCore import QPoint

    claimed = {(claim.start, claim.end) for claim in article.claims}
    middle = len(article.text) // 2
    for attempt in range(40):
        view.scroll_to_offset(min(len(article.text) - 1, middle + attempt * 1500))
        settle()
        viewport = view.viewport().rect().adjusted(0, 20, 0, -20)
        points: list[QPoint] = []
        for start, end in article.sentences:
            if end - start < 40 or ((start, end) in claimed) != want_claims:
                continue
            offset = start + 10
            left = view.cursorRect(view.cursor_for_offset(offset))
            right = view.cursorRect(view.cursor_for_offset(offset + 1))
            point = QPoint((left.x() + right.x()) // 2, left.center().y())
            if left.top() != right.top() or not viewport.contains(point):
                continue
            hit = view.offset_at_point(point)
            if hit is None or not start <= hit < end:
                continue
            if points and abs(points[-1].y() - point.y()) < 40:
                continue  # far apart: two clicks never make a double click
            points.append(point)
            if len(points) == count:
                return points
    raise RuntimeError("no visible sentences to click")


def measure_clicks(view, points, watch: PaintWatch, runs: int) -> list[float]:  # noqa: ANN001
    """Click the points in turn; each time, from the click to the view's repaint done."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    times = []
    for number in range(runs + 2):  # two warm-up clicks
        point = points[number % len(points)]
        settle()
        since = watch.paints
        started = time.perf_counter()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        watch.wait_for_paint(since)
        times.append(time.perf_counter() - started)
    return times[2:]


def measure_verdict_keys(view, watch: PaintWatch, runs: int) -> list[float]:  # noqa: ANN001
    """With a claim current, press verdict keys 2 and 5 in turn; each time, from the key to the repaint done."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window = view.window()
    window.activateWindow()  # shortcuts work in the active window
    for _ in range(100):
        if QApplication.activeWindow() is window:
            break
        settle()
    view.setFocus()
    times = []
    for number in range(runs + 1):
        settle()
        since = watch.paints
        started = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_2 if number % 2 else Qt.Key.Key_5)
        watch.wait_for_paint(since)
        times.append(time.perf_counter() - started)
    return times[1:]


def in_window(folder: Path, runs: int) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.main_window import QtMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    library = Library(folder / "library")
    sample_id = ensure_sample(library).article.id
    article = big_article(1.0, 1000)
    plain = big_article(1.0, 0)
    library.add(article)
    library.add(plain)
    size_mb = len(article.text.encode("utf-8")) / 1e6
    print(f"article: {size_mb:.2f} MB of text, {len(article.sentences)} sentences, {len(article.claims)} claims; "
          f"median of {runs} runs; window {WINDOW_SIZE[0]}x{WINDOW_SIZE[1]}")

    window = QtMainWindow(library, settings_path=folder / "config" / "window.ini")
    window.resize(*WINDOW_SIZE)
    window.show()
    window.activateWindow()
    view = window.article_view
    watch = PaintWatch(view.viewport())
    settle()

    results: dict[str, list[float]] = {}
    results["open"] = measure_open(window, article.id, sample_id, watch, runs)
    results["open_plain"] = measure_open(window, plain.id, sample_id, watch, runs)
    results["open_bare"] = bare_open(article.text, runs)

    for key, which in (("click", article.id), ("click_plain", plain.id)):
        window.open_article(which)
        settle()
        shown = window.document.article
        results[key] = measure_clicks(view, click_points(view, shown, want_claims=False), watch, runs * 3)
        if key == "click":
            results["click_claim"] = measure_clicks(view, click_points(view, shown, want_claims=True), watch, runs * 3)
            results["verdict_key"] = measure_verdict_keys(view, watch, runs)
    window.close()
    window.deleteLater()
    settle()
    app.processEvents()
    return results


def memory(folder: Path, runs: int) -> dict[str, float]:
    """Peak resident memory (MB) at the first paint of fresh processes: the window with the 1 MB
    article, a bare window with the same text, a bare window with the sample."""
    from factcheck_gui.store.library import Library

    compile_package()
    article = big_article(1.0, 1000)
    library = Library(folder / "memory-library")
    library.add(article)
    text_file = folder / "big.txt"
    text_file.write_text(article.text, encoding="utf-8")
    kinds = {
        "app": ["app", "--data-dir", str(library.root), article.id],
        "bare_big": ["bare", "--text-file", str(text_file)],
        "bare_sample": ["bare", "--text-file", str(SAMPLE_TEXT)],
    }
    peaks: dict[str, list[float]] = {kind: [] for kind in kinds}
    seconds: list[float] = []
    for _ in range(runs):
        for kind, args in kinds.items():
            report = run_window_child(args, folder)
            peaks[kind].append(report["peak_rss_kb"] / 1024)
            if kind == "app":
                seconds.append(report["seconds"])
    result = {kind: statistics.median(values) for kind, values in peaks.items()}
    result["app_seconds"] = statistics.median(seconds)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs (1 memory run), for CI's report")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    memory_runs = 1 if args.quick else 3

    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as name:
        folder = Path(name)
        isolate_this_process(folder)  # before Qt starts: no real settings, offscreen
        print(f"before: {load_average()}")
        results = in_window(folder, runs)
        peaks = memory(folder, memory_runs)
        print(f"after:  {load_average()}")

    def line(label: str, key: str, note: str = "") -> str:
        return f"{label:46s}{median_ms(results[key])}{note}"

    opened = statistics.median(results["open"])
    clicked = statistics.median(results["click"])
    print(line("open 1 MB article, 1,000 claims, to painted", "open",
               f"   target < {OPEN_TARGET * 1000:.0f} ms: {verdict(opened, OPEN_TARGET)}"))
    print(line("  the same text without claims", "open_plain"))
    print(line("  bare QTextEdit, setPlainText to painted", "open_bare"))
    print(line("click a sentence to repainted, 1,000 claims", "click",
               f"   target < {CLICK_TARGET * 1000:.0f} ms: {verdict(clicked, CLICK_TARGET)}"
               f"   (max {max(results['click']) * 1000:.1f} ms)"))
    print(line("  the same without claims", "click_plain"))
    print(line("  click a claim (it becomes the current claim)", "click_claim",
               f"   (max {max(results['click_claim']) * 1000:.1f} ms)"))
    print(line("  press a verdict key on the current claim", "verdict_key",
               f"   (max {max(results['verdict_key']) * 1000:.1f} ms)"))
    print(f"{'save the article':46s}     see bench_store.py (the window saves through Library.save)")
    print(f"{'peak memory, window with the article':46s}{peaks['app']:8.0f} MB   target < {MEMORY_TARGET_MB:.0f} MB: "
          f"{verdict(peaks['app'], MEMORY_TARGET_MB)}   (median of {memory_runs} processes)")
    print(f"{'  bare PySide6 window with the same text':46s}{peaks['bare_big']:8.0f} MB")
    print(f"{'  bare PySide6 window with the sample':46s}{peaks['bare_sample']:8.0f} MB")
    print(f"{'  start-up of that process to painted':46s}{peaks['app_seconds'] * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
