"""How the app grows: each curve of issue 17 at a small and a large point, with the ratio, in one run.

Curves (small -> large):

- claims, exports: Markdown, HTML, CSV of a 2 MB article with 1,000 and 5,000 claims, one
  source each (target: 5,000 < 5x 1,000 and under 1 s);
- claims, export dialog: File > Export... constructed and shown (target < 200 ms at any size;
  the preview is made on the task runner, so it is not in this figure);
- claims, window: mark a claim, undo it, choose a claim in the list, press a verdict key,
  press J, at 1,000 and 5,000 claims (target < 16 ms each);
- article size: open to painted, 0.25 MB and 1 MB without claims; and 1 MB with 10 claims
  against none (target within 1.3x);
- sources per claim: choose a claim with 10 and with 200 pinned sources (target < 100 ms);
- library size: the window built and painted with 10 and with 300 articles in the library;
- start-up memory: a fresh process opening a 10 KB article, in a library whose largest article
  is 10 KB and then 5 MB (peak resident memory at the first paint; it should not depend on it).

Fetch count (1 and 20 fetch-and-pins) is bench_fetches.py's curve.

Each figure is the median of several runs, wall time, with the GUI thread's CPU time beside
it (time.thread_time): on a machine that other work keeps busy the CPU time is the steadier. The articles
are built with core.editing, except that the sources of the export curve are appended to the
article directly (store_and_pin looks sources up by address, which would dominate the set-up).
Everything runs offscreen on a temporary library and home folder.
Usage: python bench/bench_scale.py [--runs N] [--quick] [--keys [--claims N ...]]

``--keys`` times only the window's keys and clicks (mark, undo, the list, a click, a verdict key,
J, U, hover) at the claim counts given (default 1,000 and 5,000): what issue 17's "every keystroke
and click < 16 ms" is about, in about a minute.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import isolate_this_process, load_average  # noqa: E402
from _timing import REPO, big_article  # noqa: E402

sys.path.insert(0, str(REPO))

SMALL_CLAIMS, LARGE_CLAIMS = 1000, 5000
#: After an article is opened and before its keys are timed, the event loop runs this long, as it does
#: while a reader reads: the long text is laid out (a step per pass, ui.paced_layout) and the collector
#: settles (core.collector). Without it every timed key also paid a layout step of the text.
IDLE_MS = 3000


def timed(action: Callable[[int], object], runs: int, after: Callable[[], object] = lambda: None,
          warmup: int = 1, before: Callable[[int], object] = lambda _n: None) -> tuple[float, float]:
    """Median wall and CPU seconds of ``action(i)`` followed by ``after()`` over *runs* runs;
    ``before(i)`` sets each run up, unmeasured. The CPU time is this thread's (the GUI thread's
    for the window), which other processes' load disturbs less than the wall time."""
    walls, cpus = [], []
    for number in range(warmup + runs):
        before(number)
        after()
        wall, cpu = time.perf_counter(), time.thread_time()
        action(number)
        after()
        if number >= warmup:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.thread_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def with_sources(megabytes: float, claims: int):  # noqa: ANN201 - an Article
    from factcheck_gui.core.editing import pin_source
    from factcheck_gui.core.model import Source

    article = big_article(megabytes, claims)
    for index, claim in enumerate(article.claims):
        source = Source(url=f"https://example.org/record/{index}", title=f"Record {index}", status=200,
                        sha256="ab" * 32, fetched_at="2026-12-04T10:00:00Z")
        article.sources.append(source)
        pin_source(article, claim.id, source.id, "refutes", quote=f"figure {index}")
    return article


def settle() -> None:
    """A real pass of an event loop, so deleteLater'd widgets are freed and posted events run."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def export_curve(runs: int) -> dict[str, dict[int, tuple[float, float]]]:
    from factcheck_gui.core.settings import Settings
    from factcheck_gui.export import ExportOptions, export_article

    results: dict[str, dict[int, tuple[float, float]]] = {"md": {}, "html": {}, "csv": {}}
    for claims in (SMALL_CLAIMS, LARGE_CLAIMS):
        article = with_sources(2.0, claims)
        for fmt in results:
            results[fmt][claims] = timed(
                lambda _n, article=article, fmt=fmt: export_article(article, fmt, ExportOptions(), Settings()), runs)
    return results


def window_curves(folder: Path, runs: int, keys_only: bool = False,
                  claim_counts: tuple[int, ...] = (SMALL_CLAIMS, LARGE_CLAIMS)) -> dict[str, dict[object, tuple[float, float]]]:
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.core.editing import pin_source
    from factcheck_gui.core.model import Source
    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.main_window import QtMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    library = Library(folder / "library")
    sample_id = ensure_sample(library).article.id
    results: dict[str, dict[object, tuple[float, float]]] = {}

    def curve(name: str, point: object, value: tuple[float, float]) -> None:
        results.setdefault(name, {})[point] = value

    articles = {claims: with_sources(2.0, claims) for claims in claim_counts}
    for article in articles.values():
        library.add(article)
    plain_small, plain_big, ten = big_article(0.25, 0), big_article(1.0, 0), big_article(1.0, 10)
    for article in (plain_small, plain_big, ten):
        library.add(article)
    many_sources = {}
    for count in () if keys_only else (10, 200):
        article = big_article(0.1, 5)
        claim = article.claims[2]
        for index in range(count):
            source = Source(url=f"https://example.org/{count}/{index}", title=f"Page {index}", status=200,
                            text="Some text of the page. " * 20)
            article.sources.append(source)
            pin_source(article, claim.id, source.id, "supports")
        library.add(article)
        many_sources[count] = (article.id, claim.id)

    window = QtMainWindow(library, settings_path=folder / "config" / "window.ini")
    window.resize(1360, 840)
    window.show()
    window.activateWindow()
    settle()
    view = window.article_view
    from bench_window import PaintWatch

    watch = PaintWatch(view.viewport())

    def open_to_painted(article_id: str) -> tuple[float, float]:
        def action(_n: int) -> None:
            since = watch.paints
            window.open_article(article_id)
            watch.wait_for_paint(since)

        return timed(action, runs, after=lambda: (window.open_article(sample_id), settle()))

    if not keys_only:
        curve("open, article size", "0.25 MB", open_to_painted(plain_small.id))
        curve("open, article size", "1 MB", open_to_painted(plain_big.id))
        curve("open 1 MB, claims", "none", open_to_painted(plain_big.id))
        curve("open 1 MB, claims", "10", open_to_painted(ten.id))

    for claims, article in articles.items():
        window.open_article(article.id)
        settle()
        from PySide6.QtTest import QTest

        QTest.qWait(IDLE_MS)
        for name, value in interactions(app, window, runs, keys_only).items():
            curve(name, claims, value)
        window.document.undo_stack.clear()

    for count, (article_id, claim_id) in many_sources.items():
        window.open_article(article_id)
        settle()
        document = window.document
        other = next(c.id for c in document.article.claims if c.id != claim_id)
        curve("choose a claim, sources on it", count,
              timed(lambda n, document=document, ids=(other, claim_id): document.set_current_claim(ids[n % 2]),
                    runs * 2, after=settle))

    window.close()
    window.deleteLater()
    settle()

    for count in () if keys_only else (10, 300):
        small = Library(folder / f"library-{count}")
        for _ in range(count):
            small.add(big_article(0.01, 3))

        def build(_n: int, small: Library = small, settings: Path = folder / "config" / f"window-{count}.ini") -> None:
            built = QtMainWindow(small, settings_path=settings)
            built.resize(1360, 840)
            built.show()
            app.processEvents()
            built.close()
            built.deleteLater()

        curve("window with a library of", count, timed(build, max(3, runs // 2), after=settle))
    return results


def export_dialog_curves(folder: Path, runs: int) -> dict[str, dict[object, tuple[float, float]]]:
    """Only the export dialog's figures (``--export-dialog``): its open, its preview, a PDF saved, at both points."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.main_window import QtMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    library = Library(folder / "library")
    articles = {claims: with_sources(2.0, claims) for claims in (SMALL_CLAIMS, LARGE_CLAIMS)}
    for article in articles.values():
        library.add(article)
    window = QtMainWindow(library, settings_path=folder / "config" / "window.ini")
    window.resize(1360, 840)
    window.show()
    settle()
    results: dict[str, dict[object, tuple[float, float]]] = {}
    for claims, article in articles.items():
        window.open_article(article.id)
        settle()
        QTest.qWait(IDLE_MS)
        for name, value in export_dialog_times(app, window, runs).items():
            results.setdefault(name, {})[claims] = value
    window.close()
    window.deleteLater()
    settle()
    return results


def startup_memory_curve(folder: Path, runs: int) -> dict[int, tuple[float, float]]:
    """Peak resident memory (MB) and start-up to painted (s) of a fresh app process that opens a
    10 KB article, in a library whose largest article is 10 KB, then 5 MB (issue 17 item 5)."""
    from _proc import run_window_child

    from factcheck_gui.store.library import Library

    results: dict[int, tuple[float, float]] = {}
    for largest in (10, 5000):
        library = Library(folder / f"library-largest-{largest}")
        if largest > 10:
            library.add(big_article(largest / 1000, 20))
        small = big_article(0.01, 3)
        library.add(small)
        run_window_child(["app", "--data-dir", str(library.root), small.id], folder)  # warm-up: the index
        reports = [run_window_child(["app", "--data-dir", str(library.root), small.id], folder)
                   for _ in range(max(3, runs // 2))]
        results[largest] = (statistics.median(r["peak_rss_kb"] for r in reports) / 1024,
                            statistics.median(r["seconds"] for r in reports))
    return results


def interactions(app, window, runs: int, keys_only: bool = False) -> dict[str, tuple[float, float]]:  # noqa: ANN001
    """Mark, undo, choose a claim in the list, a verdict key, J and the export dialog, in the open article
    (*keys_only*: not the export dialog and the autosave)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    view, document = window.article_view, window.document
    # Each key alone: the autosave (after 0.8 s without edits) is timed apart, below.
    delay, document.autosave_delay_ms = document.autosave_delay_ms, 600_000
    shown = document.article
    claimed = {(c.start, c.end) for c in shown.claims}
    free = [span for span in shown.sentences if span not in claimed]
    free = free[len(free) // 3:]
    results: dict[str, tuple[float, float]] = {}

    focus_view(window)  # keys reach the window's shortcuts only while it is the active window
    results["mark a claim (M)"] = timed(lambda _n: QTest.keyClick(view, Qt.Key.Key_M), runs, after=settle,
                                         before=lambda n: view.select_span(*free[n * 2]))
    results["undo it (Ctrl+Z)"] = timed(lambda _n: window.action("undo").trigger(), runs, after=settle, warmup=0)
    middle = shown.claims_in_reading_order()[len(shown.claims) // 2:]
    claims_list = window.claims_panel.list
    rows = {claims_list.item(row).data(Qt.ItemDataRole.UserRole + 1): row for row in range(claims_list.count())}
    results["choose a claim in the list"] = timed(lambda n: claims_list.setCurrentRow(rows[middle[n].id]), runs,
                                                  after=settle)
    results["click a claim in the article"] = timed(
        lambda n: QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=claim_point(view, middle[n * 3 + 1])),
        runs, after=settle, before=lambda n: view.scroll_to_offset(middle[n * 3 + 1].start))
    focus_view(window)
    results["verdict key on the current claim"] = timed(
        lambda n: QTest.keyClick(view, Qt.Key.Key_2 if n % 2 else Qt.Key.Key_5), runs, after=settle)
    results["J (next sentence)"] = timed(lambda _n: QTest.keyClick(view, Qt.Key.Key_J), runs, after=settle)
    results["U (next unjudged sentence)"] = timed(lambda _n: QTest.keyClick(view, Qt.Key.Key_U), runs, after=settle)
    viewport = view.viewport()
    results["hover: the pointer over the next sentence"] = timed(
        lambda n: QTest.mouseMove(viewport, viewport.rect().center() + QPoint(0, (n % 12) * 9)), runs * 2, after=settle)
    if keys_only:
        document.autosave_delay_ms = delay
        return results
    results.update(export_dialog_times(app, window, runs))

    def autosave(_n: int) -> None:
        document.changed(claims=True, came_or_went=())  # an edit's mark, nothing else
        document.save()

    results["autosave after a pause (GUI thread)"] = timed(autosave, max(3, runs // 2), after=settle)
    document.autosave_delay_ms = delay
    return results


def claim_point(view, claim):  # noqa: ANN001, ANN201 - QtArticleView, Claim -> QPoint
    """A point inside the claim's first characters, in the view's viewport."""
    return view.cursorRect(view.cursor_for_offset(claim.start + 2)).center()


def focus_view(window) -> None:  # noqa: ANN001 - QtMainWindow
    """Keys go to the article view of the active window, as when the user types."""
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    for _ in range(100):
        if QApplication.activeWindow() is window:
            break
        settle()
    window.article_view.setFocus()
    settle()


class Stalls:
    """The longest gap between ticks of a 5 ms timer on the GUI thread, from :meth:`start` to :meth:`stop`."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self.longest, self._last = 0.0, time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def export_dialog_times(app, window, runs: int) -> dict[str, tuple[float, float]]:  # noqa: ANN001
    """File > Export... to shown and painted (the dialog's own first pass), then to its preview shown (with the
    GUI thread's longest stall on the way), then Save as PDF to the file written (and its longest stall)."""
    from factcheck_gui.ui.export_dialog import QtExportDialog

    opened, previewed, preview_stalls, pdf_saved, pdf_stalls = [], [], [], [], []
    stalls = Stalls()
    folder = Path(tempfile.mkdtemp(prefix="factcheck-bench-pdf-"))
    for number in range(runs + 1):
        settle()
        stalls.start()
        wall, cpu = time.perf_counter(), time.thread_time()
        dialog = QtExportDialog(window.document, window)
        dialog.show()
        app.processEvents()
        shown = (time.perf_counter() - wall, time.thread_time() - cpu)
        while not getattr(dialog, "preview_ready", True):  # made in the constructor before issue 17
            app.processEvents()
            time.sleep(0.002)
        ready = (time.perf_counter() - wall, time.thread_time() - cpu)
        stall = stalls.stop()
        if number < 2:  # the PDF save, a run fewer (it is long)
            dialog.set_format("pdf")
            while not dialog.preview_ready:
                app.processEvents()
                time.sleep(0.002)
            written: list[object] = []
            dialog.exported.connect(lambda path, _note, written=written: written.append(path))
            stalls.start()
            wall, cpu = time.perf_counter(), time.thread_time()
            dialog.start_export(folder / f"export-{number}.pdf")
            while not written and dialog.isVisible():
                app.processEvents()
                time.sleep(0.002)
            saved = (time.perf_counter() - wall, time.thread_time() - cpu)
            pdf_stall = stalls.stop()
            if number:
                pdf_saved.append(saved)
                pdf_stalls.append((pdf_stall, 0.0))
        dialog.close()
        dialog.deleteLater()
        if number:
            opened.append(shown)
            previewed.append(ready)
            preview_stalls.append((stall, 0.0))
    return {"export dialog open": _medians(opened),
            "  its preview made (background)": _medians(previewed),
            "  longest GUI stall until the preview shows": _medians(preview_stalls),
            "  Save as PDF, to the file written": _medians(pdf_saved),
            "  longest GUI stall while the PDF is made": _medians(pdf_stalls)}


def keys_report(runs: int, claim_counts: tuple[int, ...]) -> None:
    """``--keys``: the window's keys and clicks alone, at each claim count."""
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as name:
        folder = Path(name)
        isolate_this_process(folder)
        print(f"before: {load_average()}")
        window = window_curves(folder, runs, keys_only=True, claim_counts=claim_counts)
        print(f"after:  {load_average()}")
    print(f"median of {runs} runs; wall time, then the GUI thread's CPU time in brackets")
    print(f"{'':36s}" + "".join(f"{count:>10,} claims{'':14s}" for count in claim_counts))
    for name, points in window.items():
        print(f"{name:36s}" + "".join(f"{value[0] * 1000:8.1f} ms ({value[1] * 1000:6.1f}){'':6s}"
                                      for value in points.values()))


def _medians(values: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs, for CI's report")
    parser.add_argument("--keys", action="store_true", help="only the window's keys and clicks")
    parser.add_argument("--claims", type=int, nargs="+", default=[SMALL_CLAIMS, LARGE_CLAIMS],
                        help="with --keys: the claim counts of the articles (default 1000 5000)")
    parser.add_argument("--export-dialog", action="store_true",
                        help="only the export dialog: open, preview, PDF saved, and the GUI's longest stalls")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    if args.keys:
        keys_report(runs, tuple(args.claims))
        return

    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as name:
        folder = Path(name)
        isolate_this_process(folder)
        print(f"before: {load_average()}")
        if args.export_dialog:
            dialog = export_dialog_curves(folder, runs)
            print(f"after:  {load_average()}")
            for name, points in dialog.items():
                (small_key, small), (large_key, large) = list(points.items())
                print(f"{name:44s}{small_key!s:>6} {small[0] * 1000:8.1f} ms ({small[1] * 1000:7.1f})"
                      f"  {large_key!s:>6} {large[0] * 1000:8.1f} ms ({large[1] * 1000:7.1f})")
            print(f"median of {runs} runs (the PDF: one, after a warm-up); wall, GUI-thread CPU in brackets")
            return
        exports = export_curve(runs)
        print(f"        {load_average()}")
        window = window_curves(folder, runs)
        print(f"        {load_average()}")
        memory = startup_memory_curve(folder, runs)
        print(f"after:  {load_average()}")
    print(f"median of {runs} runs; wall time, then the GUI thread's CPU time in brackets")

    def ms(value: tuple[float, float]) -> str:
        return f"{value[0] * 1000:8.1f} ms ({value[1] * 1000:7.1f})"

    print(f"\n{'exports, one source per claim':34s}{SMALL_CLAIMS:>22,} claims{LARGE_CLAIMS:>22,} claims   ratio")
    for fmt, points in exports.items():
        small, large = points[SMALL_CLAIMS], points[LARGE_CLAIMS]
        print(f"  {fmt:32s}{ms(small):>28s}{ms(large):>29s}   {large[0] / small[0]:5.2f}x"
              f"   (targets < 5x, < 1 s)")
    print()
    for name, points in window.items():
        (small_key, small), (large_key, large) = list(points.items())
        print(f"{name:36s}{small_key!s:>10} {ms(small)}  {large_key!s:>10} {ms(large)}   {large[0] / small[0]:5.2f}x")
    small_mb, large_mb = memory[10], memory[5000]
    print(f"\n{'start-up, largest article in library':36s}{'10 KB':>10} {small_mb[0]:8.0f} MB {small_mb[1] * 1000:6.0f} ms"
          f"  {'5 MB':>10} {large_mb[0]:8.0f} MB {large_mb[1] * 1000:6.0f} ms   {large_mb[0] / small_mb[0]:5.2f}x memory"
          "  (peak RSS of a fresh process opening the 10 KB one, to its first paint)")


if __name__ == "__main__":
    main()
