"""A queue of fetches on the task runner, with a progress row and a Cancel button for the first four.

The sources panel starts its fetches and archive requests here. Each task carries a
*purpose* (whatever the caller started it for) that comes back with its outcome, through
exactly one of the signals :attr:`QtFetchQueue.landed`, :attr:`~QtFetchQueue.failed` or
:attr:`~QtFetchQueue.cancelled`, on the GUI thread, after the task has left the queue.

Twenty links dropped at once must not stall the window, so:

- a task gets its progress row at once, but reaches the runner on a later pass of the event
  loop, one task per pass, not twenty worker threads started while the window waits;
- only the first ``PROGRESS_ROWS`` tasks have a row; the others are one line with
  "Cancel all", so a burst neither pushes the rest of the panel out of sight nor lays out the
  window again each time a fetch ends;
- what the rows and the "more" line say is repainted at most every ``REPAINT_PAUSE_MS``
  (:class:`_PacedRepaints`): each repaint of one of them repainted the window behind it, and
  500 fetches reported and ended some 1,300 times a run (their text and value are current at
  once: tooltips, accessible names, :meth:`_StatusLabel.full_text`);
- the box keeps the tallest height it had until the queue is empty, then folds once: the
  cards below it are not laid out again as the last fetches end one by one;
- many tasks asked for at once (500 links dropped) are started ``START_SLICE`` per pass of the
  event loop (:meth:`QtFetchQueue.start_later`): the callback that asks for them returns at once,
  the ones still waiting are counted in the "more" line, and "Cancel all" cancels them too.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from factcheck_gui.ui.richtext import plain_tooltip
from factcheck_gui.ui.tasks import QtTaskRunner, TaskHandle, TaskState
from factcheck_gui.ui.widgets import QtElidedLabel

__all__ = ["PROGRESS_ROWS", "START_SLICE", "QtFetchQueue", "QtProgressRow"]

PROGRESS_ROWS = 4  # tasks shown with their own progress row and Cancel button; the others in one line
START_SLICE = 25  # starts asked for with start_later run per pass of the event loop (~3 ms of the GUI thread)
REPAINT_PAUSE_MS = 100  # the least time between two repaints of the progress rows and the "more" line


class _PacedRepaints(QObject):
    """Repaints widgets together, at most once per ``REPAINT_PAUSE_MS``: the first request after a pause
    waits that long, and the ones made meanwhile join it."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._due: dict[int, tuple[QWidget, Callable[[], None]]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REPAINT_PAUSE_MS)
        self._timer.timeout.connect(self._repaint)

    def request(self, widget: QWidget, show: Callable[[], None] | None = None) -> None:
        """Repaint *widget* with the next batch: ``widget.update()``, or *show* (the last one asked for)."""
        self._due[id(widget)] = (widget, show or widget.update)
        if not self._timer.isActive():
            self._timer.start()

    def _repaint(self) -> None:
        due, self._due = self._due, {}
        for widget, show in due.values():
            if isValid(widget):
                show()


class _StatusLabel(QtElidedLabel):
    """A one-line elided label whose text changes do not lay the panel out again.

    QLabel.setText asks every layout up to the sources panel's for a new layout (the panel's
    cards included) even when the size stays the same; a fetch's progress and the "more" line
    change at every report and landing. This label paints its text itself and keeps one size.
    """

    repaints: _PacedRepaints | None = None  # set by the queue: text changes are repainted at its pace

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain_tooltip(text))
        self.setAccessibleName(text)
        self._elide()

    def _elide(self) -> None:
        if self.repaints is not None:
            self.repaints.request(self)
        else:
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().horizontalAdvance("m") * 10, self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, self.fontMetrics().height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)


class QtProgressRow(QWidget):
    """One running fetch: what is fetched, how far, and a Cancel button."""

    def __init__(self, text: str, parent: QWidget | None = None, repaints: _PacedRepaints | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fetchProgressRow")
        self._repaints = repaints
        self.label = _StatusLabel(text)
        self.label.repaints = repaints
        self.label.setObjectName("fetchProgressLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setObjectName("fetchProgressBar")
        self.bar.setAccessibleName(text)
        # Empty until the size is known: a busy bar (range 0, 0) animates, a repaint of the window's
        # progress box some 60 times a second per row while a burst lands.
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self._value = 0  # what the bar shows, or will at the next paced repaint
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(90)
        self.bar.setMaximumHeight(12)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelFetchButton")
        self.cancel_button.setAccessibleName(f"Cancel: {text}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._text = text
        self.on_cancel: Callable[[], None] | None = None  # what the Cancel button does
        self.cancel_button.clicked.connect(lambda: self.on_cancel() if self.on_cancel is not None else None)

    def reuse_for(self, text: str) -> None:
        """Show another fetch in this row (quicker than a new row, and nothing moves)."""
        self._text = text
        self.label.set_full_text(text)
        self.bar.setAccessibleName(text)
        self._set_value(0)  # empty until the size is known (see __init__)
        self.cancel_button.setAccessibleName(f"Cancel: {text}")
        self.cancel_button.setEnabled(True)

    def set_progress(self, fraction: float, status: str) -> None:
        """Show how far the fetch got (0.0: not known yet) and what it is doing."""
        value = round(fraction * 1000)
        if fraction > 0 and self._value != value:
            self._set_value(value)
        text = f"{self._text} \u2013 {status}" if status else self._text
        if text != self.label.full_text():
            self.label.set_full_text(text)

    def _set_value(self, value: int) -> None:
        self._value = value
        if self._repaints is not None:
            self._repaints.request(self.bar, lambda: self._show_value(value))
        else:
            self._show_value(value)

    def _show_value(self, value: int) -> None:
        # QProgressBar.setValue repaints the bar at once (with twenty fetches reporting together that
        # stalled the window): painted with the window's next update instead.
        self.bar.setUpdatesEnabled(False)
        self.bar.setValue(value)
        self.bar.setUpdatesEnabled(True)

    def show_cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.set_progress(0.0, "cancelling\u2026")


@dataclass
class _Task:
    """A task of the queue: what it was started for, and how far it got."""

    purpose: Any
    label: str  # what its progress row says
    kind: str | None  # the runner's kind: a new task of the same kind cancels this one
    job: Callable[[TaskState], Any] | None  # what the runner runs, kept until it starts
    handle: TaskHandle[Any] | None = None  # None until the task is handed to the runner
    row: QtProgressRow | None = None
    progress: tuple[float, str] | None = None  # the last report, for a row shown later
    cancelling: bool = False


class QtFetchQueue(QWidget):
    """Tasks under way, oldest first, as progress rows; hidden when there are none."""

    landed = Signal(object, object)  # purpose, the job's result
    failed = Signal(object, object)  # purpose, the exception
    cancelled = Signal(object)  # purpose: cancelled by the user; nothing of it is saved

    def __init__(self, runner: QtTaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fetchProgressBox")
        self.runner = runner
        self._tasks: dict[int, _Task] = {}  # by the queue's own task id, oldest first
        self._ids = itertools.count(1)
        self._waiting: deque[int] = deque()  # tasks not handed to the runner yet, oldest first
        self._starter = QTimer(self)  # interval 0: one task handed over per pass of the event loop
        self._starter.setInterval(0)
        self._starter.timeout.connect(self._start_next)
        self._later: deque[tuple[Any, Callable[[], object]]] = deque()  # start_later's starts not run yet
        self._later_timer = QTimer(self)  # interval 0: START_SLICE of them per pass of the event loop
        self._later_timer.setInterval(0)
        self._later_timer.timeout.connect(self._run_later)

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.more_row = QWidget()
        self.more_row.setObjectName("moreFetchesRow")
        self._repaints = _PacedRepaints(self)
        self.more_label = _StatusLabel()
        self.more_label.repaints = self._repaints
        self.more_label.setObjectName("moreFetchesLabel")
        self.more_label.setTextFormat(Qt.TextFormat.PlainText)
        self.more_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.cancel_all_button = QPushButton("Cancel all")
        self.cancel_all_button.setObjectName("cancelAllFetchesButton")
        self.cancel_all_button.setAccessibleName("Cancel every fetch under way")
        self.cancel_all_button.clicked.connect(self.cancel_all)
        more_layout = QHBoxLayout(self.more_row)
        more_layout.setContentsMargins(0, 0, 0, 0)
        more_layout.addWidget(self.more_label, 1)
        more_layout.addWidget(self.cancel_all_button)
        self._layout.addWidget(self.more_row)
        self.more_row.hide()
        self.hide()

    # -- starting ------------------------------------------------------------------------------

    def start(self, job: Callable[[TaskState], Any], purpose: Any, label: str, *, kind: str | None = None) -> int:
        """Queue *job*; its row shows *label* now, the runner gets it on a later pass of the event loop.

        Returns the task's id for :meth:`cancel`.
        """
        task_id = next(self._ids)
        self._tasks[task_id] = _Task(purpose, label, kind, job)
        self._show_rows()
        self._waiting.append(task_id)
        if not self._starter.isActive():
            self._starter.start()
        return task_id

    def start_later(self, starts: list[tuple[Any, Callable[[], object]]]) -> None:
        """Run each *start* (a function that calls :meth:`start`, or decides not to) on this and later
        passes of the event loop, ``START_SLICE`` per pass, oldest first.

        The first slice runs now. Each start comes with the purpose its task will have:
        :meth:`drop` and :meth:`cancel_all` forget the starts not run yet as they do the tasks
        (no signal tells of them), and they count in the "more" line and in :meth:`is_busy`.
        """
        self._later.extend(starts)
        self._run_later()

    def _run_later(self) -> None:
        for _ in range(min(START_SLICE, len(self._later))):
            _purpose, start = self._later.popleft()
            start()
        self._show_rows()  # a start that started nothing (a duplicate, a bad address) counts no more
        if not self._later:
            self._later_timer.stop()
        elif not self._later_timer.isActive():
            self._later_timer.start()

    def purposes(self) -> list[Any]:
        """What the tasks under way were started for, oldest first (not the starts still waiting)."""
        return [task.purpose for task in self._tasks.values()]

    def is_busy(self) -> bool:
        """True while a task is queued or runs, or a start asked for with :meth:`start_later` waits."""
        return bool(self._tasks) or bool(self._later)

    def _start_next(self) -> None:
        while self._waiting:
            task_id = self._waiting.popleft()
            task = self._tasks.get(task_id)
            if task is not None and task.job is not None:  # else cancelled or dropped meanwhile
                self._hand_to_runner(task_id, task)
                break
        if not self._waiting:
            self._starter.stop()

    def _hand_to_runner(self, task_id: int, task: _Task) -> None:
        def landed(value: object) -> None:
            self._finish(task_id, self.landed, value)

        def failed(exc: BaseException) -> None:
            self._finish(task_id, self.failed, exc)

        def cancelled() -> None:
            self._finish(task_id, self.cancelled)

        def progressed(fraction: float, status: str) -> None:
            task.progress = (fraction, status)
            if task.row is not None:
                task.row.set_progress(fraction, status)

        job, task.job = task.job, None
        assert job is not None
        task.handle = self.runner.start(job, kind=task.kind, on_result=landed, on_error=failed,
                                        on_progress=progressed, on_cancelled=cancelled)

    # -- stopping ------------------------------------------------------------------------------

    def cancel(self, task_id: int) -> None:
        """Cancel one task; :attr:`cancelled` tells when it stopped (at once if it had not started)."""
        task = self._tasks.get(task_id)
        if task is None:
            return
        if task.handle is None:  # not started yet: nothing to wait for
            self._finish(task_id, self.cancelled)
            return
        task.handle.cancel()
        task.cancelling = True
        if task.row is not None:
            task.row.show_cancelling()

    def cancel_all(self) -> None:
        """Cancel every task, and forget the starts still waiting (nothing was started for them)."""
        self._later.clear()
        self._later_timer.stop()
        for task_id in list(self._tasks):
            self.cancel(task_id)
        self._show_rows()

    def drop(self, which: Callable[[Any], bool]) -> None:
        """Cancel the tasks whose purpose *which* accepts, and forget them: no signal tells of them."""
        if self._later:
            self._later = deque(item for item in self._later if not which(item[0]))
            if not self._later:
                self._later_timer.stop()
            self._show_rows()
        for task_id, task in list(self._tasks.items()):
            if which(task.purpose):
                self._forget(task_id, cancel=True)

    def _finish(self, task_id: int, signal: Any, *outcome: object) -> None:
        task = self._forget(task_id)
        if task is not None:  # else dropped meanwhile
            signal.emit(task.purpose, *outcome)

    def _forget(self, task_id: int, *, cancel: bool = False) -> _Task | None:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return None
        if cancel and task.handle is not None:
            task.handle.cancel()
        task.job = None  # a task not started yet never will be
        row, task.row = task.row, None
        self._show_rows(row)
        return task

    # -- the rows ------------------------------------------------------------------------------

    def _show_rows(self, free: QtProgressRow | None = None) -> None:
        """A progress row for each of the first PROGRESS_ROWS tasks (oldest first), one line for the rest.

        *free* is the row of a task that ended: the next task without a row takes it over, in its
        place (moving the rows made every row of the box laid out and painted again at each landing).
        """
        shown = 0
        # The rows belong to the oldest tasks, so only the first PROGRESS_ROWS need a look
        # (however many tasks wait: 500 links dropped at once cost no more per task than 5).
        for task_id, task in itertools.islice(self._tasks.items(), PROGRESS_ROWS):
            if task.row is None:
                self._add_row(task_id, task, free)
                free = None
            shown += 1
        if free is not None:
            self._layout.removeWidget(free)
            free.deleteLater()
        more = len(self._tasks) - shown + len(self._later)
        text = f"{more} more {'address is' if more == 1 else 'addresses are'} being fetched." if more else ""
        if text and text != self.more_label.full_text():  # a new text lays the panel out again
            self.more_label.set_full_text(text)
        self.more_row.setVisible(bool(more))
        busy = self.is_busy()
        # While a burst runs the box never shrinks: each shrink resized the sources' scroll area
        # below it and laid every card out again (~20 ms with 500 cards). It folds once, at the end.
        self.setMinimumHeight(max(self.minimumHeight(), self.sizeHint().height()) if busy else 0)
        self.setVisible(busy)

    def _add_row(self, task_id: int, task: _Task, free: QtProgressRow | None = None) -> None:
        if free is not None:  # the row of a task that ended, where it is: the rows do not move
            row = free
            row.reuse_for(task.label)
        else:
            row = QtProgressRow(task.label, repaints=self._repaints)
            self._layout.insertWidget(self._layout.indexOf(self.more_row), row)
        task.row = row
        row.on_cancel = lambda: self.cancel(task_id)
        if task.progress is not None:
            row.set_progress(*task.progress)
        if task.cancelling:
            row.show_cancelling()
