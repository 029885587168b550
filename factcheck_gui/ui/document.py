"""The open article: its model, undo stack, autosave and conflict detection.

:class:`QtArticleDocument` is what every panel of the window shares. Panels read
``document.article`` and listen to its signals; they change the article only by
pushing an undo command (``document.push(command)``, see ``ui.commands``), so every
edit is undoable and autosaved.

Nothing is lost:

- Every change schedules a save :attr:`autosave_delay_ms` after the last edit. That
  autosave runs on a worker thread (:func:`save_pool`, through a ``QtTaskRunner``): the
  GUI thread takes a snapshot of the article (``Article.snapshot()``, ~2 ms at 5,000
  claims: only what changed since the last one is copied) and the worker encodes it, writes it atomically and updates the search index
  with a connection of its own; the outcome comes back to the GUI thread, which only then
  counts the edits as saved. One save of a document is in flight at a time: an edit made
  meanwhile is saved by the next one, started when it lands.
- :meth:`save` and :meth:`flush` save at once on the GUI thread (on quit, window close,
  switching articles, before an export or a sync), first waiting for a save in flight.
- Before saving, and whenever the file changes on disk (a file watcher) or the window
  becomes active again, the file is compared with what was last read or written. If
  someone else changed it, :attr:`in_conflict` turns on, :data:`conflict_detected` is
  emitted and saving pauses until the user calls :meth:`reload_from_disk` or
  :meth:`keep_mine`.
- A failed save keeps the edits in memory (the document stays dirty), emits
  :data:`save_failed` with the reason, and retries every :attr:`retry_delay_ms` and on
  the next edit, until it works. This holds for every exception, a bug included (it is
  logged): a save never fails silently, so the window never says "saved" when it is not.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from shiboken6 import isValid

from factcheck_gui.core.collector import collector_paused
from factcheck_gui.core.errors import ConflictError, FactcheckError, ReadOnlyError, StoreError
from factcheck_gui.core.model import Article, Claim
from factcheck_gui.core.navigation import ClaimIndex
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.store.library import Library, OpenArticle
from factcheck_gui.ui.tasks import QtTaskRunner, TaskState

if TYPE_CHECKING:
    from factcheck_gui.store.search_index import SearchIndex

__all__ = ["PACED_UPDATES_MS", "QtArticleDocument", "save_pool"]

#: While a burst of pins lands (see :meth:`QtArticleDocument.pace_updates`), the signals of changes to
#: a claim's sources are sent at most this often, each claim's once, instead of once per pin.
PACED_UPDATES_MS = 100

_save_pool: QThreadPool | None = None


def save_pool() -> QThreadPool:
    """The one thread that autosaves run on (made on first use, a child of the application).

    Its own, not the task runner's shared pool: a save never waits behind sixteen fetches, and
    :meth:`QtArticleDocument.flush` can wait for the save in flight knowing it has started or
    will at once. One thread: saves of all documents run one after the other.
    """
    global _save_pool
    app = QCoreApplication.instance()
    if _save_pool is None or not isValid(_save_pool):
        _save_pool = QThreadPool(app)
        _save_pool.setObjectName("factcheckSavePool")
        _save_pool.setMaxThreadCount(1)
    return _save_pool


@dataclass(eq=False)
class _SaveJob:
    """One save on the worker: what it writes and, once ``done`` is set, how it went."""

    handle: OpenArticle  # the document's handle when the save started
    detached: OpenArticle  # a handle of its own on a snapshot: the worker touches nothing else
    revision: int  # the document's revision that the snapshot holds
    index_here: bool  # update the index on the worker (else when the process ends, or at the next refresh)
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None
    indexed: bool = False
    landed: bool = False


class _WorkerIndex:
    """The save worker's own connection to the library's search index, opened on first use."""

    def __init__(self) -> None:
        self.index: SearchIndex | None = None
        self.unavailable = False

    def put(self, library: Library, handle: OpenArticle) -> bool:
        from factcheck_gui.store.library_index import open_index, put_saved

        if self.index is None and not self.unavailable:
            try:
                self.index = open_index(library)
            except (StoreError, OSError):
                self.unavailable = True
        if self.index is None:
            return False
        put_saved(library, self.index, handle)
        return True

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None


def _write(job: _SaveJob, library: Library, index: _WorkerIndex) -> None:
    """The save worker: write the snapshot (atomic, under the article's lock, conflict checked), then
    index it. Never raises: the outcome is kept in *job*, whose ``done`` is set last."""
    def indexer(handle: OpenArticle) -> None:
        job.indexed = index.put(library, handle)

    try:
        with collector_paused():  # a full collection started here would hold the GIL for 50-300 ms
            library.save(job.detached, force=False, indexer=indexer if job.index_here else _no_index)
    except BaseException as exc:  # noqa: BLE001 - every outcome goes to the GUI thread
        job.error = exc
    finally:
        job.done.set()


def _no_index(_handle: OpenArticle) -> None:
    """The index is left alone by this save (another thread builds it, or it is not open)."""


class QtArticleDocument(QObject):
    """One article open for editing. Owns the undo stack and the save logic."""

    claims_changed = Signal()  # claims added, removed or moved
    claim_changed = Signal(str)  # one claim's verdict, rationale, ... changed (claim id)
    meta_changed = Signal()  # title, byline, ... changed
    sources_changed = Signal()  # sources or evidence changed
    current_claim_changed = Signal(str)  # the claim the user works on ("" for none)
    dirty_changed = Signal(bool)  # True: there are edits not yet on disk
    saved = Signal()
    save_failed = Signal(str)  # the reason, written for the user
    conflict_detected = Signal()  # the file changed on disk; the user must choose
    conflict_resolved = Signal()
    reloaded = Signal()  # the article was replaced by the version on disk
    text_changed = Signal()  # the article text itself changed (a new version, or its undo)

    def __init__(self, library: Library, handle: OpenArticle, *, scale: VerdictScale = DEFAULT_SCALE,
                 autosave_delay_ms: int = 800, retry_delay_ms: int = 5000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.handle = handle
        self.scale = scale
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("articleUndoStack")
        self.autosave_delay_ms = autosave_delay_ms
        self.retry_delay_ms = retry_delay_ms
        self._revision = 0  # bumped by every change
        self._saved_revision = 0  # the revision that is on disk
        self._current_claim_id: str | None = None
        #: While :data:`claims_changed` is emitted: the ids of the only claims that came or went
        #: (marking, deleting, their undo), or None when any claim may have come, gone or moved.
        #: The panels touch those claims alone (issue 17).
        self.claims_came_or_went: frozenset[str] | None = None
        self._claim_index = ClaimIndex()  # the claims by span, kept in step by changed()
        self.in_conflict = False
        self.last_error = ""  # why the last save failed ("" after a good save)
        self._closed = False
        self._job: _SaveJob | None = None  # the save in flight on the worker
        self._save_after = False  # an autosave was due while one was in flight: start it when that lands
        self._check_after_save = False  # the file changed while a save was in flight: compare when it lands
        self._worker_index = _WorkerIndex()
        self._runner = QtTaskRunner(self, pool=save_pool())

        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.timeout.connect(self.save_in_background)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self.save_in_background)
        self._watch_timer = QTimer(self)  # a changed file is checked once it settles
        self._watch_timer.setSingleShot(True)
        self._watch_timer.setInterval(150)
        self._watch_timer.timeout.connect(self.check_in_background)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _path: self._watch_timer.start())
        self._watch_file()
        self._paced = False  # see pace_updates()
        self._held_claims: dict[str, None] = {}  # claim_changed held back meanwhile, in order
        self._held_sources = False  # sources_changed held back
        self._sent_at = 0.0  # when the held signals were last sent
        self._held_timer = QTimer(self)
        self._held_timer.setSingleShot(True)
        self._held_timer.timeout.connect(self.send_held_updates)

    # -- what is open ----------------------------------------------------------------------

    @property
    def article(self) -> Article:
        return self.handle.article

    @property
    def article_id(self) -> str:
        return self.handle.article.id

    @property
    def read_only(self) -> bool:
        return self.handle.read_only

    @property
    def read_only_reason(self) -> str:
        return self.handle.read_only_reason

    @property
    def is_dirty(self) -> bool:
        """True while some edit is not on disk yet."""
        return self._revision != self._saved_revision

    # -- the current claim -----------------------------------------------------------------

    @property
    def current_claim_id(self) -> str | None:
        return self._current_claim_id

    @property
    def current_claim(self) -> Claim | None:
        if self._current_claim_id is None:
            return None
        try:
            return self.article.claim(self._current_claim_id)
        except KeyError:
            return None

    def claim_at(self, start: int, end: int) -> Claim | None:
        """The anchored claim that covers exactly ``[start, end)``, or None (``core.navigation.claim_at``,
        by bisect in an index the edits keep in step)."""
        return self._claim_index.claim_at(self.article, start, end)

    def claims_by_span(self) -> Sequence[Claim]:
        """The anchored claims sorted by (start, end), from the same index (not to be changed)."""
        return self._claim_index.by_span(self.article)

    def set_current_claim(self, claim_id: str | None) -> None:
        """Make *claim_id* the claim the panels show and the verdict keys act on (None: no claim)."""
        if claim_id is not None:
            try:
                self.article.claim(claim_id)
            except KeyError:
                claim_id = None
        if claim_id == self._current_claim_id:
            return
        self._current_claim_id = claim_id
        self.current_claim_changed.emit(claim_id or "")

    # -- editing ---------------------------------------------------------------------------

    def push(self, command: QUndoCommand) -> None:
        """Apply an edit as an undoable command. ReadOnlyError if the article is read-only."""
        if self.read_only:
            raise ReadOnlyError(self.read_only_reason or "This article is open read-only.")
        self.undo_stack.push(command)

    def changed(self, *, claims: bool = False, claim_id: str | None = None, meta: bool = False,
                sources: bool = False, text: bool = False, came_or_went: Collection[str] | None = None) -> None:
        """Called by undo commands after they changed the article: notify the panels, autosave soon.

        *came_or_went* (with *claims*): the only claims added or removed, nothing else moved.
        """
        was_dirty = self.is_dirty
        self._revision += 1
        if self._paced and not (claims or meta or text):  # a pin of a burst: its signals wait (pace_updates)
            if claim_id is not None:
                self._held_claims[claim_id] = None
            self._held_sources = self._held_sources or sources
            if not self._held_timer.isActive():
                waited = (time.monotonic() - self._sent_at) * 1000
                self._held_timer.start(max(0, round(PACED_UPDATES_MS - waited)))
            if not was_dirty:
                self.dirty_changed.emit(True)
            self._schedule_save(self.autosave_delay_ms)
            return
        self.send_held_updates()  # what was held comes first: the panels see the changes in order
        if text:
            self.text_changed.emit()  # first: the view shows the new text before the claims on it
        if claims:
            self.claims_came_or_went = frozenset(came_or_went) if came_or_went is not None and not text else None
            if self.claims_came_or_went is not None:
                self._claim_index.came_or_went(self.article, self.claims_came_or_went)
            else:
                self._claim_index.forget()
            try:
                self.claims_changed.emit()
            finally:
                self.claims_came_or_went = None
            if self._current_claim_id is not None and self.current_claim is None:
                self.set_current_claim(None)
        if claim_id is not None:
            self.claim_changed.emit(claim_id)
        if meta:
            self.meta_changed.emit()
        if sources:
            self.sources_changed.emit()
        if not was_dirty:
            self.dirty_changed.emit(True)
        self._schedule_save(self.autosave_delay_ms)

    def pace_updates(self, paced: bool) -> None:
        """While *paced* (the sources panel says so while its fetches land), a change to one claim's pins
        and sources does not send :data:`claim_changed` and :data:`sources_changed` at once: they are sent
        at most every ``PACED_UPDATES_MS``, each claim's once, so 500 pins landing one per pass of the
        event loop do not have every panel of the window refreshed 500 times (issue 17). Any other
        change, and the end of pacing, sends what was held first."""
        self._paced = paced
        if not paced:
            self.send_held_updates()

    @property
    def updates_held(self) -> bool:
        """True while paced signals wait to be sent."""
        return bool(self._held_claims) or self._held_sources

    def send_held_updates(self) -> None:
        """Send the signals :meth:`pace_updates` held back, now."""
        self._held_timer.stop()
        if not self.updates_held:
            return
        self._sent_at = time.monotonic()
        claims, sources = list(self._held_claims), self._held_sources
        self._held_claims, self._held_sources = {}, False
        for claim_id in claims:
            self.claim_changed.emit(claim_id)
        if sources:
            self.sources_changed.emit()

    # -- saving ----------------------------------------------------------------------------

    def _schedule_save(self, delay_ms: int) -> None:
        if not self._closed and not self.read_only:
            self._autosave_timer.start(max(0, delay_ms))

    @property
    def is_saving(self) -> bool:
        """True while a save runs on the worker (its edits count as saved only once it lands)."""
        return self._job is not None

    def save_in_background(self) -> None:
        """Start writing the article on the save worker if it has unsaved edits (the autosave and retry
        timers call this). The outcome arrives later as :data:`saved` or :data:`save_failed`, or as a
        conflict. While a save is in flight, another one starts when it lands."""
        self._autosave_timer.stop()
        self._retry_timer.stop()
        if self._job is not None:
            self._save_after = True
            return
        if self._closed or not self.is_dirty or self.read_only or self.in_conflict:
            return
        handle = self.handle
        detached = OpenArticle(article=self.article.snapshot(), path=handle.path, disk_digest=handle.disk_digest,
                               problems=list(handle.problems))
        job = _SaveJob(handle, detached, self._revision, index_here=self.library.index_open)
        self._job = job
        library, index = self.library, self._worker_index

        def run(_state: TaskState) -> None:
            _write(job, library, index)

        self._runner.start(run, on_result=lambda _none: self._land(job), on_error=lambda _exc: self._land(job),
                           on_cancelled=lambda: self._land(job))

    def _wait_for_save(self) -> None:
        """Block until the save in flight (if any) is written, and take its outcome now."""
        job = self._job
        if job is not None:
            job.done.wait()
            self._land(job)

    def _land(self, job: _SaveJob) -> None:
        """The save *job* is over (GUI thread): count its edits as saved, or report why not."""
        if job.landed:
            return  # taken already by _wait_for_save
        job.done.wait()  # set before the runner reports; a no-op then
        job.landed = True
        if self._job is job:
            self._job = None
        again, self._save_after = self._save_after, False
        if job.handle is not self.handle:
            return  # the document took another version meanwhile (it waits for saves first: never)
        if job.error is None:
            self.handle.disk_digest = job.detached.disk_digest
            if not job.indexed:
                from factcheck_gui.store.library_index import index_later

                index_later(self.library, self.article_id)
            self._saved(job.revision)
        else:
            self._failed(job.error)
        if self._check_after_save:
            self._check_after_save = False
            self.check_in_background()
        if again and job.error is None and self.is_dirty and not self.in_conflict:
            self._schedule_save(0)  # edits made while it was written, their autosave already due

    def save(self, *, force: bool = False) -> bool:
        """Write the article now, on this thread, if it has unsaved edits. True when everything is on disk.

        A save in flight on the worker is waited for first. Never raises for a store problem:
        a conflict pauses saving (see :meth:`keep_mine`), any other failure is reported through
        :data:`save_failed` and retried.
        """
        self._wait_for_save()
        self._autosave_timer.stop()
        self._retry_timer.stop()
        if not self.is_dirty:
            return True
        if self.read_only or (self.in_conflict and not force):
            return False
        revision = self._revision
        try:
            self.library.save(self.handle, force=force)
        except Exception as exc:  # noqa: BLE001 - sorted out by _failed
            self._failed(exc)
            return False
        self._saved(revision)
        return not self.is_dirty

    def _saved(self, revision: int) -> None:
        self._watch_file()
        self._saved_revision = revision
        self.last_error = ""
        self.saved.emit()
        if not self.is_dirty:
            self.dirty_changed.emit(False)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            self._enter_conflict()
        elif isinstance(exc, ReadOnlyError):
            self._fail(str(exc), retry=False)
        elif isinstance(exc, (StoreError, OSError)):
            self._fail(_describe(exc), retry=True)
        else:  # a bug must not pass for a save; the edits stay in memory
            from factcheck_gui.ui.errors import log_exception

            log_exception(exc)
            self._fail(_describe(exc), retry=True)

    def _fail(self, message: str, *, retry: bool) -> None:
        self.last_error = message
        self.save_failed.emit(message)
        if retry and not self._closed:
            self._retry_timer.start(self.retry_delay_ms)

    def flush(self) -> bool:
        """Save pending edits now (quit, close, switching articles), after the save in flight if there is
        one. True if nothing is left unsaved."""
        self._wait_for_save()
        if self.is_dirty and not self.in_conflict:
            self.save()
        return not self.is_dirty

    def close(self) -> None:
        """Stop timers and watching; call :meth:`flush` first if the edits should be kept.

        A save in flight is waited for (it writes a consistent version; its outcome is taken)."""
        self.pace_updates(False)  # held signals are sent while the panels still listen
        self._wait_for_save()
        self._closed = True
        self._autosave_timer.stop()
        self._retry_timer.stop()
        self._watch_timer.stop()
        self._worker_index.close()
        files = self._watcher.files()
        if files:
            self._watcher.removePaths(files)

    # -- changes made by others ------------------------------------------------------------

    def _watch_file(self) -> None:
        path = str(self.handle.path)
        if self.handle.path.exists() and path not in self._watcher.files():
            self._watcher.addPath(path)  # again after each save: an atomic replace drops the watch

    def check_for_conflict(self) -> bool:
        """Compare the file on disk with what was last read or written. True if it changed."""
        if self._closed:
            return False
        self._watch_file()
        if self.in_conflict:
            return True
        if self._job is not None:  # our own save may be replacing the file right now: look once it lands
            self._check_after_save = True
            return False
        if self.handle.disk_digest is None or not self.library.changed_on_disk(self.handle):
            return False
        self._enter_conflict()
        return True

    def check_in_background(self) -> None:
        """What the file watcher calls once a change of the file settles: :meth:`check_for_conflict`, with
        the file read and hashed on the save worker (an 11 MB article file took 17 ms of the GUI thread,
        after every autosave: the watcher sees our own replace). A conflict found is taken here, unless the
        document read or wrote another version meanwhile (a later change is looked at by a later check)."""
        if self._closed:
            return
        self._watch_file()
        if self.in_conflict:
            return
        if self._job is not None:  # our own save may be replacing the file right now: look once it lands
            self._check_after_save = True
            return
        handle, digest = self.handle, self.handle.disk_digest
        if digest is None:
            return
        library = self.library
        probe = OpenArticle(article=handle.article, path=handle.path, disk_digest=digest)  # never changed

        def run(_state: TaskState) -> bool:
            return library.changed_on_disk(probe)  # reads the file and its digest, not the article

        def landed(changed: bool) -> None:
            if changed and not self._closed and self.handle is handle and handle.disk_digest == digest:
                self._enter_conflict()

        def failed(_exc: BaseException) -> None:
            self.check_for_conflict()  # here then: what went wrong shows as it always did

        # On the save worker's one thread: after a save already started, before one started later.
        self._runner.start(run, on_result=landed, on_error=failed)

    def _enter_conflict(self) -> None:
        if self.in_conflict:
            return
        self.in_conflict = True
        self._autosave_timer.stop()
        self._retry_timer.stop()
        self.conflict_detected.emit()

    def keep_mine(self) -> bool:
        """Resolve a conflict by writing this version over the one on disk."""
        self.in_conflict = False
        self.conflict_resolved.emit()
        if not self.is_dirty:
            self._revision += 1  # the file on disk differs from ours: write ours
            self.dirty_changed.emit(True)
        return self.save(force=True)

    def keep_copy_of_mine(self) -> Path | None:
        """Write this version, unsaved edits included, to ``backups/<id>.mine-<time>.json``."""
        try:
            return self.library.keep_copy(self.article, "mine")
        except (StoreError, OSError):
            return None

    def reload_from_disk(self) -> None:
        """Resolve a conflict by taking the version on disk; the undo history is cleared.

        Unsaved edits are not dropped: they are written to the backups folder first
        (:meth:`keep_copy_of_mine`).

        Raises FactcheckError (e.g. NotFoundError when the file was deleted) and then
        stays in conflict, so nothing is lost.
        """
        self._wait_for_save()
        handle = self.library.reload(self.handle)
        if self.is_dirty:
            self.keep_copy_of_mine()
        current = self._current_claim_id
        self.handle = handle
        self._held_timer.stop()  # everything is sent again below
        self._held_claims, self._held_sources = {}, False
        self.undo_stack.clear()
        was_dirty = self.is_dirty
        self._revision = self._saved_revision = 0
        self.in_conflict = False
        self.last_error = ""
        self._watch_file()
        self._current_claim_id = None
        self._claim_index.forget()
        self.reloaded.emit()
        self.claims_changed.emit()
        self.meta_changed.emit()
        self.sources_changed.emit()
        self.set_current_claim(current)
        if current is not None and self._current_claim_id is None:
            self.current_claim_changed.emit("")
        self.conflict_resolved.emit()
        if was_dirty:
            self.dirty_changed.emit(False)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, FactcheckError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"Saving failed: {exc.strerror or exc}. Your edits are kept and saving is retried."
    return (f"Saving failed because of an error in factcheck-gui ({type(exc).__name__}); it was logged. "
            "Your edits are kept in this window and saving is retried; please report it.")
