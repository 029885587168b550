"""The task runner: plain functions on worker threads, outcomes on the GUI thread, stale results dropped."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QThread  # noqa: E402

from factcheck_gui.core.errors import FetchError  # noqa: E402
from factcheck_gui.ui.tasks import QtTaskRunner, TaskState  # noqa: E402


@pytest.fixture
def runner(qtbot):
    runner = QtTaskRunner()
    yield runner
    runner.cancel_all()
    qtbot.waitUntil(lambda: not runner.is_running(), timeout=3000)


def test_the_result_arrives_on_the_gui_thread_and_the_work_ran_elsewhere(runner, qtbot):
    gui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(state: TaskState) -> int:
        seen["worker_is_gui"] = QThread.currentThread() is gui
        state.set_progress(0.5, "Halfway")
        return 42

    results, progress = [], []
    runner.start(work, on_result=lambda value: results.append((value, QThread.currentThread() is gui)),
                 on_progress=lambda fraction, status: progress.append((fraction, status)))
    qtbot.waitUntil(lambda: bool(results), timeout=3000)
    assert results == [(42, True)]
    assert seen["worker_is_gui"] is False
    qtbot.waitUntil(lambda: bool(progress), timeout=1000)
    assert progress[0] == (0.5, "Halfway")
    assert not runner.is_running()


def test_an_error_arrives_as_the_exception_and_never_with_a_result(runner, qtbot):
    outcomes = []

    def work(state: TaskState) -> None:
        raise FetchError("The server did not answer within 20 seconds.")

    runner.start(work, on_result=lambda value: outcomes.append(("result", value)),
                 on_error=lambda exc: outcomes.append(("error", exc)))
    qtbot.waitUntil(lambda: bool(outcomes), timeout=3000)
    qtbot.wait(50)
    assert len(outcomes) == 1
    kind, exc = outcomes[0]
    assert kind == "error" and isinstance(exc, FetchError) and "20 seconds" in str(exc)


def test_a_new_task_of_the_same_kind_cancels_the_old_one_so_its_result_never_lands(runner, qtbot):
    release = threading.Event()
    first_saw_cancel = threading.Event()

    def slow(state: TaskState) -> str:
        release.wait(3)
        if state.cancelled:
            first_saw_cancel.set()
        return "stale"

    landed, cancelled = [], []
    first = runner.start(slow, kind="import", on_result=landed.append, on_cancelled=lambda: cancelled.append("first"))
    runner.start(lambda state: "fresh", kind="import", on_result=landed.append)
    assert first.state.cancelled and first.state.cancel_token.cancelled  # a fetch would stop at once
    qtbot.waitUntil(lambda: landed == ["fresh"], timeout=3000)
    release.set()
    qtbot.waitUntil(lambda: cancelled == ["first"], timeout=3000)
    assert first_saw_cancel.is_set()
    assert landed == ["fresh"]


def test_tasks_without_a_kind_run_side_by_side(runner, qtbot):
    landed = []
    for number in range(4):
        runner.start(lambda state, n=number: n * n, on_result=landed.append)
    qtbot.waitUntil(lambda: len(landed) == 4, timeout=3000)
    assert sorted(landed) == [0, 1, 4, 9]


def test_raise_if_cancelled_ends_the_task_as_cancelled(runner, qtbot):
    started = threading.Event()
    outcomes = []

    def work(state: TaskState) -> None:
        started.set()
        while True:
            state.raise_if_cancelled()
            state.cancel_token.wait(0.01)

    handle = runner.start(work, on_result=outcomes.append, on_error=outcomes.append,
                          on_cancelled=lambda: outcomes.append("cancelled"))
    assert started.wait(3)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=3000)
    assert outcomes == ["cancelled"] and handle.done


def test_many_fetches_wait_on_the_network_at_the_same_time(runner, qtbot):
    # Tasks mostly wait on the network: eight of them run at once, on any number of cores
    # (QThreadPool.globalInstance() would run only one per core, and the barrier would break).
    from factcheck_gui.ui.tasks import TASK_THREADS, task_pool

    assert task_pool().maxThreadCount() >= TASK_THREADS
    together = threading.Barrier(8)
    outcomes = []

    def wait_for_the_others(state: TaskState) -> str:
        together.wait(timeout=10)
        return "met"

    for _ in range(8):
        runner.start(wait_for_the_others, on_result=outcomes.append, on_error=outcomes.append)
    qtbot.waitUntil(lambda: len(outcomes) == 8, timeout=15000)
    assert outcomes == ["met"] * 8


def test_outcomes_that_arrive_together_are_handed_over_one_per_pass_of_the_event_loop(runner, qtbot):
    # Between two results the event loop runs (a repaint, a key press, a queued call), so 20
    # fetches landing at once never freeze the window for the time of all 20.
    import time

    from PySide6.QtCore import QTimer

    finished = threading.Semaphore(0)
    order: list[str] = []

    def work(state: TaskState, n: int) -> int:
        return n

    def landed(n: int) -> None:
        order.append(f"result {n}")
        QTimer.singleShot(0, lambda: order.append("event loop"))

    for number in range(4):
        runner.start(lambda state, n=number: (work(state, n), finished.release())[0], on_result=landed)
    for _ in range(4):  # all four are done before the GUI thread looks at any of them
        assert finished.acquire(timeout=5)
    time.sleep(0.05)
    qtbot.waitUntil(lambda: len(order) == 8, timeout=3000)
    results = [entry for entry in order if entry.startswith("result")]
    assert sorted(results) == [f"result {n}" for n in range(4)]
    assert order[1::2] == ["event loop"] * 4  # each result is followed by a pass of the event loop


def test_progress_reports_that_come_faster_than_the_window_takes_them_arrive_as_the_latest_one(runner, qtbot):
    # 500 fetches report some 2,000 times in 10 s: each report a queued call into Python on the GUI
    # thread was too many. The reports of a task since the window last looked come as one, the newest.
    reported = threading.Event()
    seen: list[tuple[float, str]] = []

    def chatty(state: TaskState) -> str:
        for number in range(1, 1001):
            state.set_progress(number / 1000, f"report {number}")
        reported.set()
        return "done"

    results: list[str] = []
    runner.start(chatty, on_result=results.append, on_progress=lambda *report: seen.append(report))
    assert reported.wait(5)  # every report made before the GUI thread takes any of them
    qtbot.waitUntil(lambda: results == ["done"], timeout=3000)
    assert seen and seen[-1] == (1.0, "report 1000")
    assert len(seen) < 100
    assert [fraction for fraction, _status in seen] == sorted(fraction for fraction, _status in seen)


def test_progress_of_several_tasks_arrives_for_each_of_them(runner, qtbot):
    release = threading.Event()
    seen: dict[int, tuple[float, str]] = {}

    def reporting(state: TaskState, number: int) -> int:
        state.set_progress(0.5, f"task {number}")
        release.wait(5)
        return number

    results: list[int] = []
    for number in range(5):
        runner.start(lambda state, n=number: reporting(state, n), on_result=results.append,
                     on_progress=lambda fraction, status, n=number: seen.__setitem__(n, (fraction, status)))
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=3000)
    release.set()
    qtbot.waitUntil(lambda: len(results) == 5, timeout=3000)
    assert seen == {n: (0.5, f"task {n}") for n in range(5)}


def test_a_tasks_last_progress_report_comes_before_its_outcome(runner, qtbot):
    # Reports are taken at most every PROGRESS_PAUSE_MS; an outcome never overtakes them.
    events: list[tuple[str, object]] = []

    def work(state: TaskState) -> str:
        state.set_progress(0.3, "first")
        state.set_progress(0.9, "last")
        return "result"

    runner.start(work, on_result=lambda value: events.append(("result", value)),
                 on_progress=lambda _fraction, status: events.append(("progress", status)))
    qtbot.waitUntil(lambda: ("result", "result") in events, timeout=3000)
    assert events[-2:] == [("progress", "last"), ("result", "result")]
