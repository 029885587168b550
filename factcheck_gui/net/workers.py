"""Read downloaded documents in worker processes, so that parsing never holds the app's GIL.

Reading a news page (lxml, trafilatura, htmldate) is about 25 ms of work that holds
Python's global lock. Twenty fetches landing together on worker threads kept the window's
thread waiting for that lock (stalls of 150 ms and more, see bench/bench_fetches.py); in
other processes the work runs beside the window instead, on every core.

:func:`read_in_worker` is :func:`~factcheck_gui.net.document.read_document` run in one of
a few processes (one per core, two at most):

- the processes are spawned, never forked (the app has threads), on the first read or at
  :func:`start`, and import the parsers once; :func:`~factcheck_gui.net.fetch.fetch` calls
  :func:`start` before it downloads, so they start while the first page arrives;
- a *cancel* token is checked every 50 ms while the document is read: the caller stops
  waiting at once. A read a worker had already begun cannot be taken back, so new reads go
  to new processes from then on, and the old ones end when they have finished theirs;
- a worker that dies while reading (a page that crashes the parser, memory) breaks every
  read waiting on the pool alike, so each of them is read again alone, in a process of its
  own (two at a time); only the one that kills that process too fails, with
  :class:`~factcheck_gui.net.errors.MalformedPageError`;
- an error that cannot cross from the worker to the app (lxml's hold unpicklable logs)
  comes back as a :class:`MalformedPageError` with its message;
- where processes cannot be started (a frozen app, a sandbox), or never work, documents
  are read on the calling thread, as before;
- :func:`shutdown` stops the processes at once, the old ones too; it runs by itself when
  Python exits, before ``concurrent.futures`` would wait for reads in progress;
- a worker ends by itself as soon as the app's process is gone, however it ended (SIGKILL
  and crashes included): a thread in each worker waits on the pipe multiprocessing keeps
  to the parent, which the kernel closes when the parent dies. (``PR_SET_PDEATHSIG`` is not
  used: it fires when the *thread* that started the process ends, and reads start
  processes on fetching threads that come and go.) With the workers gone, multiprocessing's
  resource tracker reads the end of its pipe and ends too;
- a worker may use at most :data:`MEMORY_LIMIT_BYTES` more address space than it had when
  it was ready (``RLIMIT_AS``, where the system has it): a page that needs more fails with
  :class:`MalformedPageError` saying so, and the pool goes on reading (the worker is
  replaced if it died).

A spawned process imports the program's main script again (not a ``-m`` package's
``__main__``), as with every use of ``multiprocessing``: a script that fetches keeps its
top level under ``if __name__ == "__main__":``, as the app's and the command line's do.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from factcheck_gui.core.scheduling import lower_priority
from factcheck_gui.net.cancel import CancelToken
from factcheck_gui.net.errors import CancelledFetch, MalformedPageError

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.process import BaseProcess

    from factcheck_gui.net.document import ParsedDocument

__all__ = ["read_in_worker", "shutdown", "start"]

_log = logging.getLogger(__name__)

MAX_WORKERS = 2
CANCEL_POLL_SECONDS = 0.05
# What reading one document may add to a worker's address space. A 14 MB page of ordinary
# paragraphs needs about 0.6 GB; a crafted page without the caps of net.html needed 1.3 GB.
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
TOO_BIG_MESSAGE = (
    "The document could not be read: reading it needed more than the {limit} of memory a "
    "page may use, so it was stopped. The page may be built to exhaust memory; if you need "
    "it, save it from a browser and quote the part you need."
)

_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None
_in_thread = False  # True once processes could not be started, or never worked
_answered: weakref.WeakSet[ProcessPoolExecutor] = weakref.WeakSet()  # pools whose processes answered
# Pools finishing a read that was cancelled meanwhile, with their processes (shutdown() forgets them).
_retired: dict[ProcessPoolExecutor, list[BaseProcess]] = {}
_alone: set[ProcessPoolExecutor] = set()  # one-read pools (see _run_alone)
_alone_slots = threading.BoundedSemaphore(MAX_WORKERS)  # reads again alone after a crash, at a time
_exit_hook_added = False
_exiting = False  # Python is exiting: no new processes (a read then runs on its thread)


def start() -> None:
    """Start the worker processes now, without waiting for them (else the first read does)."""
    _pool()


def read_in_worker(
    body: bytes, content_type: str = "", url: str = "", *, cancel: CancelToken | None = None
) -> ParsedDocument:
    """:func:`~factcheck_gui.net.document.read_document` in a worker process.

    Raises what ``read_document`` raises, :class:`~factcheck_gui.net.errors.CancelledFetch`
    when *cancel* is set meanwhile, and :class:`MalformedPageError` when the document
    kills the process that reads it, even alone.
    """
    from factcheck_gui.net.document import read_document

    return _run(read_document, (body, content_type, url), cancel=cancel, url=url)


def shutdown() -> None:
    """Stop the worker processes at once; reads still waiting fail. The next read starts new ones."""
    global _executor
    with _lock:
        executors = [executor for executor in (_executor, *_alone) if executor is not None]
        retired = list(_retired.items())
        _executor = None
        _retired.clear()
        _alone.clear()
    for executor in executors:
        _stop(executor)
    for executor, processes in retired:
        _stop(executor, processes)


# -- the pool --------------------------------------------------------------------------------


def _run(function: Callable[..., Any], args: tuple[Any, ...], *, cancel: CancelToken | None, url: str) -> Any:
    """``function(*args)`` in a worker process (on this thread if there are none)."""
    from concurrent.futures import CancelledError
    from concurrent.futures.process import BrokenProcessPool

    if cancel is not None:
        cancel.raise_if_cancelled(url)
    executor = _pool()
    if executor is None:
        if _exiting:
            raise CancelledFetch(url=url)  # Python is exiting: nobody waits for this document
        return function(*args)
    try:
        future = executor.submit(_call, function, args)
    except RuntimeError as exc:  # broken, or shut down meanwhile (BrokenProcessPool is one)
        error: BaseException = exc
    else:
        try:
            return _wait(future, executor, cancel, url)
        except (BrokenProcessPool, CancelledError) as exc:  # a worker died, or shutdown()
            error = exc
    _discard(executor)
    if _exiting:
        raise CancelledFetch(url=url)
    if _in_thread:
        return function(*args)
    return _run_alone(function, args, cancel=cancel, url=url, error=error)


def _run_alone(
    function: Callable[..., Any], args: tuple[Any, ...], *, cancel: CancelToken | None, url: str, error: BaseException
) -> Any:
    """``function(*args)`` in a new process of its own, after the pool broke under it.

    Every read waiting on a broken pool fails alike; read alone, only the one that broke it
    breaks again. That one raises :class:`MalformedPageError`.
    """
    from concurrent.futures import CancelledError
    from concurrent.futures.process import BrokenProcessPool

    while not _alone_slots.acquire(timeout=CANCEL_POLL_SECONDS):
        if cancel is not None:
            cancel.raise_if_cancelled(url)
        if _exiting:
            raise CancelledFetch(url=url)
    try:
        if cancel is not None:
            cancel.raise_if_cancelled(url)
        with _lock:
            if _exiting:
                raise CancelledFetch(url=url)
            executor = _new_pool(1)
            _alone.add(executor)
        try:
            return _wait(executor.submit(_call, function, args), executor, cancel, url)
        except (BrokenProcessPool, CancelledError) as exc:
            if _exiting:
                raise CancelledFetch(url=url) from exc
            raise MalformedPageError(
                "The document could not be read: the program reading it stopped (the document may "
                "be too large or broken). Try again, or try an archived copy.",
                url=url,
            ) from error
        finally:
            with _lock:
                _alone.discard(executor)
            _stop(executor)
    finally:
        _alone_slots.release()


def _wait(future: Future[Any], executor: ProcessPoolExecutor, cancel: CancelToken | None, url: str) -> Any:
    from concurrent.futures import wait

    if cancel is None:
        return future.result()
    while not wait([future], timeout=CANCEL_POLL_SECONDS).done:
        if cancel.cancelled:
            if not future.cancel():  # a worker is already reading it, and will until it is done
                _retire(executor)
            cancel.raise_if_cancelled(url)
    return future.result()


def _retire(executor: ProcessPoolExecutor) -> None:
    """New reads go to new processes; *executor* finishes the reads it has, then its processes end."""
    global _executor
    with _lock:
        if _executor is not executor:
            return  # retired already, or a one-read pool (stopped by its reader)
        _executor = None
        for old, processes in list(_retired.items()):
            if not any(process.is_alive() for process in processes):
                del _retired[old]  # done and gone: nothing to stop at exit
        _retired[executor] = _processes_of(executor)  # shutdown() forgets them
    executor.shutdown(wait=False, cancel_futures=False)


def _processes_of(executor: ProcessPoolExecutor) -> list[BaseProcess]:
    return list((getattr(executor, "_processes", None) or {}).values())  # not public, since 3.2


def _pool() -> ProcessPoolExecutor | None:
    """The running pool, started if need be; None when documents are read on this thread."""
    global _executor, _in_thread
    with _lock:
        if _executor is not None or _in_thread or _exiting:
            return _executor
        if getattr(sys, "frozen", False):
            _in_thread = True  # a frozen app re-runs itself for a spawned process
            return None
        try:
            workers = max(1, min(MAX_WORKERS, os.cpu_count() or 1))
            executor = _new_pool(workers)
            _add_exit_hook()
            # Processes start on demand: one call per worker starts them all now.
            for _ in range(workers):
                executor.submit(_ready).add_done_callback(functools.partial(_note_answer, executor=executor))
        except (OSError, RuntimeError, ValueError, ImportError) as exc:
            _log.warning("Worker processes could not be started (%s); documents are read on the fetching thread.", exc)
            _in_thread = True
            return None
        _executor = executor
        return executor


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of *workers* spawned processes (never forked: the app has threads) that load the parsers first."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_prepare_worker,
        initargs=(MEMORY_LIMIT_BYTES,),
    )


def _note_answer(future: Future[Any], executor: ProcessPoolExecutor) -> None:
    if not future.cancelled() and future.exception() is None:
        _answered.add(executor)


def _discard(executor: ProcessPoolExecutor) -> None:
    """Forget a broken pool; if its processes never answered, read on this thread from now on."""
    global _executor, _in_thread
    with _lock:
        if _executor is executor:
            _executor = None
            if executor not in _answered:
                _log.warning("Worker processes do not start; documents are read on the fetching thread.")
                _in_thread = True
    _stop(executor)


def _stop(executor: ProcessPoolExecutor, processes: list[BaseProcess] | None = None) -> None:
    # Terminate at once: a worker may be reading a long PDF for up to a minute.
    processes = _processes_of(executor) if processes is None else processes
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    # The pool's own thread may reap a process at the same moment, and then join() returns
    # before the process is marked as ended; wait until it is (it has exited by then).
    deadline = time.monotonic() + 5
    for process in processes:
        while process.is_alive() and time.monotonic() < deadline:
            process.join(timeout=0.05)


def _add_exit_hook() -> None:
    global _exit_hook_added
    if _exit_hook_added:
        return
    # concurrent.futures waits for running calls when Python exits; hooks registered later
    # run first, so the workers are stopped before it waits.
    register = getattr(threading, "_register_atexit", None)
    if register is not None:
        register(_shutdown_at_exit)
    else:  # pragma: no cover - CPython has had it since 3.9
        import atexit

        atexit.register(_shutdown_at_exit)
    _exit_hook_added = True


def _shutdown_at_exit() -> None:
    global _exiting
    _exiting = True
    shutdown()


# -- in the worker process -------------------------------------------------------------------


def _prepare_worker(memory_limit: int = MEMORY_LIMIT_BYTES) -> None:
    """Runs first in each worker: end with the app, leave Ctrl+C to it, give way to the app's
    threads for the CPU, load the parsers once, then cap the memory a read may add."""
    import signal

    _end_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority()  # reading is background work: the window's thread first (core.scheduling)
    import factcheck_gui.net.document  # noqa: F401
    import factcheck_gui.net.extract  # noqa: F401
    import factcheck_gui.net.metadata  # noqa: F401

    try:
        import htmldate  # noqa: F401
        import lxml.html  # noqa: F401
        import trafilatura  # noqa: F401
    except ImportError:  # reported where they are used
        pass
    _limit_memory(memory_limit)


_memory_limit = MEMORY_LIMIT_BYTES  # in a worker: the limit it was given


def _end_with_parent() -> None:
    """Exit this worker as soon as the process that started it is gone, however it ended."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - only ever called in a worker
        return
    start_ppid = os.getppid()

    def watch() -> None:
        # The sentinel is a pipe the parent holds open: it reads as ended the moment the
        # kernel closes the parent's files. getppid() changing is the fallback.
        while parent.is_alive() and os.getppid() == start_ppid:
            parent.join(timeout=0.5)
        os._exit(0)

    threading.Thread(target=watch, name="factcheck-parent-watch", daemon=True).start()


def _limit_memory(extra: int) -> None:
    """Let this process grow by at most *extra* bytes of address space (Linux, BSD, macOS)."""
    try:
        import resource
    except ImportError:  # Windows
        return
    global _memory_limit
    _memory_limit = extra
    current = _address_space()
    if current is None or extra <= 0:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError) as exc:  # pragma: no cover - a system that refuses
        _log.warning("The worker's memory could not be limited: %s", exc)


def _address_space() -> int | None:
    """This process's address space in bytes, or None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _call(function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """``function(*args)``, its errors raised as they are where they can reach the app.

    One that cannot be pickled (lxml's errors carry their log) is raised as a
    :class:`MalformedPageError` with its message instead of failing on the way back.
    """
    try:
        return function(*args)
    except MemoryError:
        import gc

        gc.collect()
        from factcheck_gui.net.errors import format_size

        raise MalformedPageError(TOO_BIG_MESSAGE.format(limit=format_size(_memory_limit))) from None
    except Exception as exc:
        import pickle

        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise MalformedPageError(f"The document could not be read: {exc}") from None
        raise


def _ready() -> bool:
    return True
