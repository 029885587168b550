"""Background tasks: run a plain function on the global thread pool, get the outcome on the GUI thread.

The pattern (after Picard's ``thread.run_task`` and Orange3's ``TaskState``)::

    runner = QtTaskRunner(parent=window)

    def fetch_page(state: TaskState) -> Article:          # runs on a worker thread
        state.set_progress(0.0, "Fetching the page…")
        return article_from_url(url, cancel=state.cancel_token)

    runner.start(fetch_page, kind="import",
                 on_result=lambda article: ...,           # GUI thread
                 on_error=lambda exc: ...,                # GUI thread
                 on_progress=lambda fraction, status: ...,
                 on_cancelled=lambda: ...)

Rules the runner keeps:

- The function gets a :class:`TaskState` (progress, status, "was I cancelled?", a
  :class:`~factcheck_gui.net.cancel.CancelToken` for fetches) and nothing else of the
  window. It must not touch a widget or a model object that the window shows; it
  returns plain data, which the GUI thread applies.
- Exactly one of ``on_result``, ``on_error`` or ``on_cancelled`` is called, on the GUI
  thread, for every task started. ``on_cancelled`` may be omitted; then a cancelled task
  ends silently (its result, if it computed one, is dropped).
- Starting a task of a *kind* that is already running cancels the old one, so a
  stale result never lands (say, the user imports a second URL before the first one
  arrived). Tasks without a kind run side by side.
- ``on_error`` receives the exception itself. A
  :class:`~factcheck_gui.core.errors.FactcheckError` carries a message written for the
  user; anything else is a bug, to be shown with :func:`factcheck_gui.ui.errors.show_error`.
- Tasks run on :func:`task_pool`, not ``QThreadPool.globalInstance()``: they mostly wait on
  the network, and the global pool has one thread per CPU core (two on a small laptop, so 20
  fetches of 300 ms took 3.5 s in it; see bench/bench_fetches.py).
- Outcomes that arrive together are handed over one per pass of the event loop, so the
  window repaints and reacts to input between them instead of freezing while 20 fetches land.
- Progress is a state, not a stream: ``on_progress`` gets each task's latest report, those of
  all tasks that reported in one go, at most every ``PROGRESS_PAUSE_MS`` and always before the
  task's outcome; a report overtaken by a newer one meanwhile is never seen (500 fetches report
  ~2,000 times in 10 s, a queued call into Python on the GUI thread each before).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, QTimer, Signal, Slot
from shiboken6 import isValid

from factcheck_gui.net.cancel import CancelToken

T = TypeVar("T")

__all__ = ["QtTaskRunner", "TaskHandle", "TaskState", "task_pool"]

#: Threads of :func:`task_pool`. The runner's tasks (fetching sources and articles, asking the
#: Internet Archive) mostly wait on the network, so there are many more of them than cores.
TASK_THREADS = 16

#: The least time between two deliveries of progress reports to the GUI thread (``on_progress``).
PROGRESS_PAUSE_MS = 50

_task_pool: QThreadPool | None = None


def task_pool() -> QThreadPool:
    """The thread pool that :class:`QtTaskRunner` runs tasks on unless given another.

    Made on first use (never at import time) as a child of the application, which waits for
    its threads when it is destroyed, as it does for the global pool. Without an application,
    the global pool.
    """
    global _task_pool
    app = QCoreApplication.instance()
    if app is None:
        return QThreadPool.globalInstance()
    if _task_pool is None or not isValid(_task_pool):
        _task_pool = QThreadPool(app)
        _task_pool.setObjectName("factcheckTaskPool")
        _task_pool.setMaxThreadCount(max(TASK_THREADS, QThread.idealThreadCount()))
    return _task_pool


class TaskState:
    """What a background function may see of its task: progress, status and cancellation.

    Thread-safe. The worker calls :meth:`set_progress` and checks :attr:`cancelled`
    (or :meth:`raise_if_cancelled`); the GUI thread calls :meth:`cancel`.
    """

    def __init__(self) -> None:
        self.cancel_token = CancelToken()  # pass to net.fetch(cancel=...) so a fetch stops at once
        self._lock = threading.Lock()
        self._progress = 0.0
        self._status = ""
        self._report: Callable[[float, str], None] | None = None

    @property
    def cancelled(self) -> bool:
        """True once the task was cancelled or superseded; stop as soon as convenient."""
        return self.cancel_token.cancelled

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def raise_if_cancelled(self) -> None:
        """Raise :class:`TaskCancelled` if the task was cancelled."""
        if self.cancelled:
            raise TaskCancelled()

    @property
    def progress(self) -> float:
        with self._lock:
            return self._progress

    @property
    def status(self) -> str:
        with self._lock:
            return self._status

    def set_progress(self, fraction: float, status: str | None = None) -> None:
        """Report progress (0.0 to 1.0) and, optionally, a status sentence for the user."""
        with self._lock:
            self._progress = max(0.0, min(1.0, float(fraction)))
            if status is not None:
                self._status = status
            progress, text, report = self._progress, self._status, self._report
        if report is not None:
            report(progress, text)


class TaskCancelled(Exception):
    """Raised inside a task by :meth:`TaskState.raise_if_cancelled`; never reaches a callback."""


@dataclass
class TaskHandle(Generic[T]):
    """A started task. :meth:`cancel` it; :attr:`done` tells whether its callback ran."""

    id: int
    kind: str | None
    state: TaskState
    on_result: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[float, str], None] | None
    on_cancelled: Callable[[], None] | None
    done: bool = False

    def cancel(self) -> None:
        """Ask the function to stop; its outcome will be reported as cancelled."""
        self.state.cancel()


class _Relay(QObject):
    """Lives on the GUI thread; workers emit through it, so slots run on the GUI thread.

    Progress reports are kept here, the last per task, and the GUI thread is told of them once
    until it takes them with *rearm* (:meth:`take_reports`): 500 fetches report some 2,000 times,
    and a queued signal for each had the GUI thread enter Python for each, waiting for the GIL
    every time.
    """

    finished = Signal(int, bool, object)  # task id, ok, result or exception
    reported = Signal()  # progress reports wait in take_reports()

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._reports: dict[int, tuple[float, str]] = {}
        self._told = False  # reported was emitted, and take_reports(rearm=True) has not run since

    def report(self, task_id: int, fraction: float, status: str) -> None:
        """Keep a task's progress (any thread); the GUI thread hears of it once per batch."""
        with self._lock:
            self._reports[task_id] = (fraction, status)
            tell, self._told = not self._told, True
        if tell:
            try:
                self.reported.emit()
            except RuntimeError:  # the runner is gone (window closed during shutdown): nobody to tell
                pass

    def take_reports(self, *, rearm: bool) -> dict[int, tuple[float, str]]:
        """The last progress of each task that reported since the last call, in the order they first
        did; *rearm*: the next report emits :attr:`reported` again."""
        with self._lock:
            reports, self._reports = self._reports, {}
            if rearm:
                self._told = False
        return reports


# The runnables started and not yet let go, by id, with the time each finished (None: running).
# A Python QRunnable deleted by the pool on its own thread (autoDelete) can crash shiboken when many
# run at once (seen with 500 fetches: SIGSEGV in BindingManager::releaseWrapper on a pool thread), so
# the pool never deletes them: they are kept here and let go on the GUI thread a while after they end.
_alive: dict[int, list[Any]] = {}
_alive_lock = threading.Lock()
_RELEASE_AFTER = 1.0  # seconds after run() ended: the pool thread has long left the runnable


_released_at = 0.0  # when _release_finished last looked


def _release_finished() -> None:
    """Let go of the runnables that ended a while ago (GUI thread); looks at most every 0.2 s, since
    it reads every runnable alive (500 during a burst of fetches)."""
    global _released_at
    now = time.monotonic()
    if now - _released_at < 0.2:
        return
    _released_at = now
    with _alive_lock:
        gone = [key for key, (_runnable, ended) in _alive.items() if ended is not None and now - ended > _RELEASE_AFTER]
        released = [_alive.pop(key) for key in gone]
    del released  # the runnables are deleted here, outside the lock


class _Runnable(QRunnable):
    def __init__(self, task_id: int, function: Callable[[TaskState], Any], state: TaskState, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)  # kept in _alive, let go on the GUI thread (see there)
        self._task_id = task_id
        self._function = function
        self._state = state
        self._relay = relay
        with _alive_lock:
            _alive[id(self)] = [self, None]

    def run(self) -> None:  # worker thread
        try:
            try:
                outcome: tuple[bool, object] = (True, self._function(self._state))
            except BaseException as exc:  # noqa: BLE001 - every outcome goes to the GUI thread
                outcome = (False, exc)
            try:
                self._relay.finished.emit(self._task_id, outcome[0], outcome[1])
            except RuntimeError:  # the runner is gone (window closed during shutdown): nobody to tell
                pass
        finally:
            with _alive_lock:
                entry = _alive.get(id(self))
                if entry is not None:
                    entry[1] = time.monotonic()


class QtTaskRunner(QObject):
    """Runs functions on :func:`task_pool` (or *pool*) and reports back on the GUI thread."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or task_pool()
        self._ids = itertools.count(1)
        self._tasks: dict[int, TaskHandle[Any]] = {}
        self._outcomes: deque[tuple[int, bool, object]] = deque()  # arrived, not handed over yet
        self._hand_over = QTimer(self)  # interval 0: one outcome per pass of the event loop
        self._hand_over.setInterval(0)
        self._hand_over.timeout.connect(self._hand_over_next)
        self._relay = _Relay()  # no parent: workers may still hold it after the runner is deleted
        self._relay.finished.connect(self._on_arrived)
        self._relay.reported.connect(self._on_reported)
        self._reports_timer = QTimer(self)  # progress is taken at most every PROGRESS_PAUSE_MS
        self._reports_timer.setSingleShot(True)
        self._reports_timer.setInterval(PROGRESS_PAUSE_MS)
        self._reports_timer.timeout.connect(lambda: self._deliver_reports(rearm=True))

    # -- starting and stopping -------------------------------------------------------------

    def start(
        self,
        function: Callable[[TaskState], T],
        *,
        kind: str | None = None,
        on_result: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskHandle[T]:
        """Run ``function(state)`` on a worker thread. A running task of the same *kind* is cancelled."""
        if kind is not None:
            self.cancel(kind)
        _release_finished()
        task_id = next(self._ids)
        state = TaskState()
        handle: TaskHandle[T] = TaskHandle(task_id, kind, state, on_result, on_error, on_progress, on_cancelled)
        relay = self._relay
        state._report = lambda fraction, status: relay.report(task_id, fraction, status)
        self._tasks[task_id] = handle
        self._pool.start(_Runnable(task_id, function, state, relay))
        return handle

    def cancel(self, kind: str) -> None:
        """Cancel every running task of *kind*."""
        for handle in list(self._tasks.values()):
            if handle.kind == kind:
                handle.cancel()

    def cancel_all(self) -> None:
        for handle in list(self._tasks.values()):
            handle.cancel()

    def is_running(self, kind: str | None = None) -> bool:
        """True while a task (of *kind*, if given) has not reported its outcome yet."""
        return any(kind is None or handle.kind == kind for handle in self._tasks.values())

    def running(self) -> list[TaskHandle[Any]]:
        return list(self._tasks.values())

    # -- outcomes (GUI thread) ---------------------------------------------------------------

    @Slot(int, bool, object)
    def _on_arrived(self, task_id: int, ok: bool, value: object) -> None:
        self._outcomes.append((task_id, ok, value))
        if not self._hand_over.isActive():
            self._hand_over.start()

    def _hand_over_next(self) -> None:
        if not self._outcomes:
            self._hand_over.stop()
            return
        task_id, ok, value = self._outcomes.popleft()
        self._deliver_reports(rearm=False)  # what a task reported comes before its outcome
        if not self._outcomes:
            self._hand_over.stop()
            _release_finished()
        self._on_finished(task_id, ok, value)

    def _on_finished(self, task_id: int, ok: bool, value: object) -> None:
        handle = self._tasks.pop(task_id, None)
        if handle is None or handle.done:
            return
        handle.done = True
        if handle.state.cancelled or isinstance(value, TaskCancelled) or _is_cancelled_fetch(value):
            if handle.on_cancelled is not None:
                handle.on_cancelled()
            return
        if ok:
            if handle.on_result is not None:
                handle.on_result(value)
        elif handle.on_error is not None:
            handle.on_error(value)  # type: ignore[arg-type]
        else:
            raise value  # type: ignore[misc]  # nobody handles it: let the excepthook log it

    @Slot()
    def _on_reported(self) -> None:
        if not self._reports_timer.isActive():
            self._reports_timer.start()

    def _deliver_reports(self, *, rearm: bool) -> None:
        for task_id, (fraction, status) in self._relay.take_reports(rearm=rearm).items():
            handle = self._tasks.get(task_id)
            if handle is not None and not handle.state.cancelled and handle.on_progress is not None:
                handle.on_progress(fraction, status)


def _is_cancelled_fetch(value: object) -> bool:
    from factcheck_gui.net.errors import CancelledFetch

    return isinstance(value, CancelledFetch)
