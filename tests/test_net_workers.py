"""Documents are read in worker processes: same result, cancel still stops, a crash fails one read."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from factcheck_gui.core.scheduling import BACKGROUND_NICENESS
from factcheck_gui.net import workers
from factcheck_gui.net.cancel import CancelToken
from factcheck_gui.net.document import read_document
from factcheck_gui.net.errors import CancelledFetch, MalformedPageError

PAGE = (Path(__file__).parent / "data" / "net" / "article_graph.html").read_bytes()
URL = "https://news.example.com/2019/10/22/pentagon-troops-iraq/"


@pytest.fixture(autouse=True)
def fresh_workers(monkeypatch: pytest.MonkeyPatch):
    workers.shutdown()
    monkeypatch.setattr(workers, "_in_thread", False)
    yield
    workers.shutdown()


def die_in_a_worker() -> None:
    """Ends the process it runs in, as a parser crash would; never the test's own process."""
    if multiprocessing.parent_process() is None:
        raise AssertionError("this was meant to run in a worker process")
    os._exit(3)


def test_a_page_read_in_a_worker_is_the_page_read_here() -> None:
    document = workers.read_in_worker(PAGE, "text/html; charset=utf-8", URL)
    assert multiprocessing.active_children(), "the page was read in another process"
    here = read_document(PAGE, "text/html; charset=utf-8", URL)
    assert document == here
    assert document.title == "Pentagon Says Troops Will Stay in Iraq"
    assert [document.text[link.start : link.end] for link in document.links] == [
        "they had not agreed to", "withdrawal from Syria", "state news agency"]


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no nice here")
def test_the_readers_run_at_a_lower_cpu_priority_than_the_app() -> None:
    # Both cores reading in a burst of fetches kept the window's thread waiting for a core.
    reader = workers._run(os.nice, (0,), cancel=None, url=URL)
    assert reader == min(19, os.nice(0) + BACKGROUND_NICENESS)


def test_an_error_reading_the_document_comes_back_as_it_was_raised() -> None:
    with pytest.raises(MalformedPageError, match="PDF"):
        workers.read_in_worker(b"%PDF-1.4 not really a PDF", "application/pdf", "https://example.org/x.pdf")
    assert workers.read_in_worker(PAGE, "text/html", URL).title  # the workers still read


def test_cancel_stops_waiting_for_a_read_in_progress() -> None:
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    with pytest.raises(CancelledFetch):
        workers._run(time.sleep, (60,), cancel=token, url=URL)  # returns after 60 s if cancel is broken
    assert workers.read_in_worker(PAGE, "text/html", URL).title  # the other worker still reads


def read_slowly(seconds: float) -> str:
    time.sleep(seconds)
    return "read"


def unpicklable_error() -> None:
    from lxml import etree

    etree.fromstring(b"<unclosed")  # XMLSyntaxError: its error log cannot be pickled


def in_threads(calls: dict[str, tuple]) -> dict[str, object]:
    """Run each ``workers._run(*call)`` on a thread of its own; what each returned or raised."""
    outcomes: dict[str, object] = {}

    def run(name: str, function, args) -> None:  # noqa: ANN001
        try:
            outcomes[name] = workers._run(function, args, cancel=None, url=name)
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            outcomes[name] = exc

    threads = [threading.Thread(target=run, args=(name, *call)) for name, call in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_a_worker_that_dies_fails_only_its_own_read() -> None:
    workers.read_in_worker(PAGE, "text/html", URL)
    with pytest.raises(MalformedPageError, match="the program reading it stopped") as caught:
        workers._run(die_in_a_worker, (), cancel=None, url=URL)
    assert caught.value.url == URL
    assert workers.read_in_worker(PAGE, "text/html", URL).title == "Pentagon Says Troops Will Stay in Iraq"


def test_reads_waiting_when_a_worker_dies_are_read_again_and_succeed() -> None:
    workers.read_in_worker(PAGE, "text/html", URL)
    calls = {f"good-{number}": (read_slowly, (1.5,)) for number in range(3)}
    calls["bad"] = (die_in_a_worker, ())
    outcomes = in_threads(calls)
    assert isinstance(outcomes.pop("bad"), MalformedPageError)
    assert outcomes == {f"good-{number}": "read" for number in range(3)}  # the pool broke under them too


def test_a_cancelled_read_does_not_keep_the_next_reads_waiting() -> None:
    workers.read_in_worker(PAGE, "text/html", URL)
    tokens = [CancelToken() for _ in range(workers.MAX_WORKERS)]
    cancelled: list[BaseException] = []

    def read_for_ten_minutes(token: CancelToken) -> None:
        try:
            workers._run(read_slowly, (600,), cancel=token, url=URL)
        except CancelledFetch as exc:
            cancelled.append(exc)

    threads = [threading.Thread(target=read_for_ten_minutes, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # both workers are busy with them now
    for token in tokens:
        token.cancel()
    for thread in threads:
        thread.join(timeout=60)
    assert len(cancelled) == len(tokens)

    # Without new processes, this read would wait ten minutes for a worker.
    outcome = in_threads({"next": (read_document, (PAGE, "text/html", URL))})["next"]
    assert outcome.title == "Pentagon Says Troops Will Stay in Iraq"
    workers.shutdown()  # the old processes still sleeping are stopped too
    assert multiprocessing.active_children() == []


def test_an_error_that_cannot_travel_between_processes_comes_back_with_its_message() -> None:
    with pytest.raises(MalformedPageError, match=r"could not be read: .*line 1"):
        workers._run(unpicklable_error, (), cancel=None, url=URL)


def test_shutdown_stops_the_workers_and_the_next_read_starts_new_ones() -> None:
    workers.read_in_worker(PAGE, "text/html", URL)
    assert multiprocessing.active_children()
    workers.shutdown()
    assert multiprocessing.active_children() == []
    assert workers.read_in_worker(PAGE, "text/html", URL).title == "Pentagon Says Troops Will Stay in Iraq"


def test_a_frozen_app_reads_on_the_fetching_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    document = workers.read_in_worker(PAGE, "text/html", URL)
    assert document.title == "Pentagon Says Troops Will Stay in Iraq"
    assert multiprocessing.active_children() == []


def test_python_exits_at_once_while_a_worker_is_still_reading(tmp_path: Path) -> None:
    script = tmp_path / "reader.py"
    script.write_text(
        "import threading, time\n"
        "from factcheck_gui.net import workers\n"
        "from factcheck_gui.net.errors import CancelledFetch\n"
        "def read_for_ten_minutes():\n"
        "    try:\n"
        "        workers._run(time.sleep, (600,), cancel=None, url='')\n"
        "    except CancelledFetch:\n"
        "        pass  # Python is exiting: nobody waits for the document\n"
        "if __name__ == '__main__':\n"
        "    workers.read_in_worker(b'<html><body><p>ready</p></body></html>', 'text/html')\n"
        "    threading.Thread(target=read_for_ten_minutes, daemon=True).start()\n"
        "    time.sleep(0.5)\n"
        "    print('leaving', flush=True)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(Path(workers.__file__).parents[2]),
                                                                   os.environ.get("PYTHONPATH")])))
    # Without the exit hook, Python would wait for the ten-minute read and this would time out.
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "leaving"
    assert "Traceback" not in done.stderr and "leaked" not in done.stderr


def _gone(pid: int) -> bool:
    """True once *pid* has exited (a zombie nobody reaped yet counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the processes")
def test_the_workers_and_the_resource_tracker_end_within_two_seconds_of_a_sigkilled_app(
    tmp_path: Path, httpserver
) -> None:
    import signal

    httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    script = tmp_path / "app.py"
    script.write_text(
        "import sys, time\n"
        "from multiprocessing import active_children, resource_tracker\n"
        "from factcheck_gui.net.fetch import fetch\n"
        "if __name__ == '__main__':\n"
        "    print(fetch(sys.argv[1]).title, flush=True)\n"
        "    pids = [p.pid for p in active_children()] + [resource_tracker._resource_tracker._pid]\n"
        "    print(*pids, flush=True)\n"
        "    time.sleep(600)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(Path(workers.__file__).parents[2]),
                                                                   os.environ.get("PYTHONPATH")])))
    app = subprocess.Popen([sys.executable, str(script), httpserver.url_for("/story")],
                           stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert app.stdout is not None
        assert app.stdout.readline().strip() == "Pentagon Says Troops Will Stay in Iraq"
        pids = [int(pid) for pid in app.stdout.readline().split()]
        assert len(pids) >= 2 and not any(_gone(pid) for pid in pids)  # workers and the tracker run
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=10)
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline and not all(_gone(pid) for pid in pids):
            time.sleep(0.05)
        assert [pid for pid in pids if not _gone(pid)] == []
    finally:
        app.kill()
        for pid in pids if "pids" in locals() else []:
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_page_that_needs_more_memory_than_the_limit_fails_clearly_and_the_workers_go_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "MEMORY_LIMIT_BYTES", 48 * 1024 * 1024)  # given to new workers
    heavy = b"<html><body>" + b"<p>Words of a paragraph that goes on. <b>bold</b> <i>and</i></p>" * 200_000 + b"</body></html>"
    started = time.monotonic()
    with pytest.raises(MalformedPageError, match=r"more than the 48 MB of memory a page may use"):
        workers.read_in_worker(heavy, "text/html", URL)
    assert time.monotonic() - started < 60
    assert workers.read_in_worker(PAGE, "text/html", URL).title == "Pentagon Says Troops Will Stay in Iraq"
