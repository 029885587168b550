"""Child process for the start-up and memory benchmarks: show a window, wait for its first paint, report.

Run by bench_startup.py and bench_window.py in a fresh interpreter each time, never by hand:

    python bench/_window_child.py app --data-dir DIR [ID]   # factcheck_gui.ui.app.main, the real start-up
    python bench/_window_child.py bare --text-file FILE     # a bare PySide6 window: a QTextEdit with the text

When the window's text view has painted for the first time, a zero-delay timer (it runs once
that paint, and the rest of the frame, is done) prints one JSON line to stdout:
``{"painted_at": time.monotonic(), "peak_rss_kb": ..., "gui_thread_cpu": ...}`` (the GUI thread's CPU
seconds up to then, less disturbed by load than the wall time) and the process ends at once
(``os._exit``), so neither the event loop nor the shutdown is measured. ``time.monotonic`` is
the system-wide CLOCK_MONOTONIC on Linux, so the parent subtracts the moment it started the
process. The parent points HOME and the XDG folders at a temporary folder.

Both modes do the same around the window: create the QApplication, watch for the first
Paint event of the text view's viewport, report. Only the window differs.
"""

from __future__ import annotations

import os
import sys

# Import as little as possible before the window's own imports: they are what is measured.


def peak_rss_kb() -> int:
    """Peak resident memory of this process, in KiB.

    VmHWM from /proc where there is one: ru_maxrss is not used on Linux because it keeps the
    peak of the process that forked this one (the benchmark itself) across exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB elsewhere


def _watch_first_paint(widget) -> None:  # noqa: ANN001 - a Qt widget, imported lazily
    """Report once the first Paint event of *widget* is done.

    The filter sits on that one widget, not on the application: an application-wide filter
    in Python would wrap every object that receives an event, a cost the real app never pays.
    """
    import json
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, report)  # runs after this paint (and the whole frame) is done
            return False

    def report() -> None:
        line = {"painted_at": time.monotonic(), "peak_rss_kb": peak_rss_kb(),
                "gui_thread_cpu": time.thread_time()}  # this is the GUI thread: its CPU time up to the paint
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
        os._exit(0)

    watcher = FirstPaint(widget)
    widget.installEventFilter(watcher)
    widget._first_paint_watcher = watcher  # keep it alive


def run_app(argv: list[str]) -> int:
    """The real start-up: factcheck_gui.ui.app.main with the given command line."""
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.ui.app import main
    from factcheck_gui.ui.main_window import QtMainWindow  # main() imports it too; here, a moment earlier

    _app = QApplication([sys.argv[0], "-platform", "offscreen"])
    build_window = QtMainWindow.__init__

    def build_and_watch(window, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        build_window(window, *args, **kwargs)
        _watch_first_paint(window.article_view.viewport())

    QtMainWindow.__init__ = build_and_watch
    return main(argv)


def run_bare(text_file: str) -> int:
    """A bare PySide6 window: a QMainWindow whose central widget is a QTextEdit with the text."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit

    app = QApplication([sys.argv[0], "-platform", "offscreen"])
    with open(text_file, encoding="utf-8") as handle:
        text = handle.read()
    window = QMainWindow()
    edit = QTextEdit()
    edit.setReadOnly(True)
    edit.setPlainText(text)
    window.setCentralWidget(edit)
    screen = app.primaryScreen().availableGeometry().size()  # the main window's default size, the same way
    window.resize(QSize(1360, 840).boundedTo(screen * 0.92))
    _watch_first_paint(edit.viewport())
    window.show()
    return app.exec()


def main() -> int:
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "app":
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # this checkout's package
        return run_app(rest)
    if mode == "bare":
        return run_bare(rest[rest.index("--text-file") + 1])
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main())
