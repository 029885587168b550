"""Building the library's search index in the background, with its progress in the status bar.

The first start on a library of thousands of articles (or after an upgrade that reads files
differently) must read every article file once: 10,000 take half a minute. The library panel
asks for that read with ``index_needed`` instead of doing it; this runs
``store.library_index.build`` on the task runner (its own connection to the index) while the
window paints and works. Meanwhile the library's own object leaves the index alone
(``Library.index_building``: saves are indexed afterwards, as files changed since), and search
and "Seen before?" say that the index is being built. ``finished`` is emitted when it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from factcheck_gui.store.library import Library

if TYPE_CHECKING:
    from factcheck_gui.ui.tasks import QtTaskRunner, TaskState

__all__ = ["QtIndexBuild", "build_task"]

_TASK_KIND = "library-index"


def build_task(library_root: str) -> Callable[[TaskState], int]:
    """A task for the runner: bring the index of the library at *library_root* up to date; the number
    of articles listed."""

    def run(state: TaskState) -> int:
        from factcheck_gui.store.library_index import build

        def progress(done: int, to_read: int) -> None:
            state.set_progress(done / max(1, to_read), f"Indexing the library: {done:,} of {to_read:,} articles read\u2026")

        return build(Path(library_root), progress, lambda: state.cancelled)

    return run


class QtIndexBuild(QObject):
    """Runs the build on the task runner; shows its progress in a label of the status bar."""

    finished = Signal(bool)  # True when the index is up to date, False when it could not be built

    def __init__(self, library: Library, runner: Callable[[], QtTaskRunner], bar: QStatusBar,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._runner = runner
        self._bar = bar
        self.label = QLabel()
        self.label.setObjectName("indexBuildLabel")
        self.label.setAccessibleName("Indexing the library")
        self.label.hide()
        bar.addWidget(self.label)
        self.failed = False  # the last build failed: the list is read from the files instead

    @property
    def running(self) -> bool:
        return self.library.index_building

    def start(self, pending: int, total: int) -> None:
        """Index the *pending* article files (of *total*) in the background, unless already doing so."""
        if self.library.index_building:
            return
        self.library.close_search_index()  # the worker writes with its own connection; saves wait for it
        self.library.index_building = True
        self.label.setText(f"Indexing the library: {pending:,} of {total:,} articles to read\u2026")
        self.label.setToolTip("The library's search index is being built, once. Search and \u201cSeen before?\u201d "
                              "work when it is done; the list fills in then.")
        self.label.show()
        self._runner().start(build_task(str(self.library.root)), kind=_TASK_KIND, on_result=self._done,
                             on_error=self._failed, on_progress=self._progressed, on_cancelled=self._cancelled)

    def cancel(self) -> None:
        if self.library.index_building:
            self._runner().cancel(_TASK_KIND)

    def _progressed(self, _fraction: float, status: str) -> None:
        if status:
            self.label.setText(status)

    def _done(self, count: int) -> None:
        self.library.index_building = False
        self.failed = False
        self.label.hide()
        self._bar.showMessage(f"The library is indexed: {count:,} articles.", 5000)
        self.finished.emit(True)

    def _failed(self, exc: BaseException) -> None:
        from factcheck_gui.core.errors import FactcheckError
        from factcheck_gui.ui.errors import log_exception

        self.library.index_building = False
        self.failed = True
        self.label.hide()
        if not isinstance(exc, FactcheckError):
            log_exception(exc)
        reason = str(exc) if isinstance(exc, FactcheckError) else f"{type(exc).__name__}; the error was logged"
        self._bar.showMessage(f"The library's search index could not be built ({reason}). The list is read from "
                              "the article files; search and \u201cSeen before?\u201d are not available.", 15000)
        self.finished.emit(False)

    def _cancelled(self) -> None:
        self.library.index_building = False
        self.label.hide()
