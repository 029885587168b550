"""The library's search index kept in step with its files: ``<library>/index/search.sqlite3``.

The index (``store.search_index``) is a cache. It is created when missing, rebuilt when it
is of an older ``INDEX_VERSION`` or unreadable, and brought up to date by :func:`refresh`,
which compares each article file's (mtime_ns, size) with what was indexed and reads only
the files that changed; every save, delete and restore of :class:`~store.library.Library`
updates it (a save at once where the index is open, else when the process ends: see
:func:`index_saved`), as does importing reviews. It also holds the summary the library
list shows of each article, so listing a library of 10,000 articles reads one small
database instead of 10,000 files.

The JSON files stay the truth: a failure of the index never fails a save, and a library
whose folder cannot hold an index is listed by reading its files as before.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any

from factcheck_gui.core.collector import collector_paused
from factcheck_gui.core.errors import FactcheckError, StoreError
from factcheck_gui.core.reviews import Review
from factcheck_gui.store.safefile import is_link_or_special

if TYPE_CHECKING:  # search_index (and the stemmers) are imported when the index is opened, not by a save
    from factcheck_gui.store.library import (
        ArticleSummary,
        Library,
        LibraryProblem,
        OpenArticle,
    )
    from factcheck_gui.store.search_index import SearchIndex

__all__ = ["INDEX_FILE", "INDEX_FOLDER", "IndexBehind", "build", "index_later", "index_path", "listing", "open_index",
           "put_saved", "refresh"]

INDEX_FOLDER = "index"
INDEX_FILE = "search.sqlite3"
_REVIEWS_STAMP = "reviews_stamp"
_READER_STAMP = "reader"


def index_path(library: Library) -> Path:
    return library.root / INDEX_FOLDER / INDEX_FILE


def open_index(library: Library) -> SearchIndex:
    """A new connection to the library's index (created if missing); the caller closes it.

    StoreError when the folder cannot hold one (read-only, or index/ is a link elsewhere).
    A file that is not a database, or is a link, is removed and the index starts afresh.
    """
    from factcheck_gui.store.search_index import SearchIndex

    folder = library.own_folder(library.root / INDEX_FOLDER)  # never a link elsewhere: StoreError
    _ignore_in_git(library)
    path = folder / INDEX_FILE
    if any(is_link_or_special(path.with_name(name)) for name in _index_file_names(path)):
        _remove_index_files(path)  # SQLite would follow a link (its -wal or -journal too) and write there
    try:
        return SearchIndex(path)
    except sqlite3.DatabaseError as exc:
        _warn("The search index %s could not be read (%s); it is rebuilt.", path, exc)
        _remove_index_files(path)
    try:
        return SearchIndex(path)
    except sqlite3.Error as exc:
        raise StoreError(f"The search index {path} cannot be written ({exc}).") from exc


def _warn(message: str, *args: object) -> None:
    import logging  # only when something went wrong: a save in a fresh process imports little

    logging.getLogger(__name__).warning(message, *args)


def _index_file_names(path: Path) -> tuple[str, ...]:
    """The index file and those SQLite keeps beside it."""
    return path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"


def _remove_index_files(path: Path) -> None:
    for name in _index_file_names(path):
        with contextlib.suppress(OSError):
            os.unlink(path.with_name(name))


def _ignore_in_git(library: Library) -> None:
    """A library kept in git never commits its index: ``index/`` joins an existing .gitignore."""
    ignore = library.root / ".gitignore"
    try:
        if is_link_or_special(ignore) or not ignore.is_file() or ignore.stat().st_size > 1024 * 1024:
            return
        lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        if any(line.strip() in ("index/", "/index/", "index", "/index") for line in lines):
            return
        with open(ignore, "a", encoding="utf-8") as handle:
            handle.write(("" if not lines or ignore.read_bytes().endswith(b"\n") else "\n") + "index/\n")
    except OSError:
        pass  # the library works without it


# -- summaries ---------------------------------------------------------------------------------


def summary_to_json(summary: ArticleSummary, problems: list[str]) -> list[Any]:
    """Every field of *summary* after its id, in the order of ArticleSummary's fields, then *problems*: a
    JSON array (verdict counts as pairs; a claim without a verdict counts under ""). Positional, so
    reading 10,000 of them makes no key strings: see :func:`summary_from_json`."""
    values: list[Any] = [getattr(summary, name) for name in _summary_fields()[1:]]
    values[_VERDICT_COUNTS - 1] = [[key or "", count] for key, count in summary.verdict_counts.items()]
    values.append(problems)
    return values


def summary_from_json(article_id: str, data: Any) -> tuple[ArticleSummary, list[str]] | None:
    """The inverse of :func:`summary_to_json`: the summary and its problems; None when the stored value
    has another shape (stored by an older version, or ArticleSummary has other fields now: the file
    is read again)."""
    from factcheck_gui.store.library import ArticleSummary

    if not isinstance(data, list) or len(data) != len(_summary_fields()):
        return None
    try:
        values = data[:-1]
        values[_VERDICT_COUNTS - 1] = {(key or None): count for key, count in values[_VERDICT_COUNTS - 1]}
        notes = data[-1]
        return ArticleSummary(article_id, *values), [n for n in notes if isinstance(n, str)] if notes else []
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=1)
def _summary_fields() -> tuple[str, ...]:
    from factcheck_gui.store.library import ArticleSummary

    fields = tuple(field.name for field in dataclasses.fields(ArticleSummary))
    assert fields[0] == "id" and fields[_VERDICT_COUNTS] == "verdict_counts", fields
    assert fields[1] == "title" and fields[5] == "claim_count", fields  # SearchIndex.list_records reads them
    return fields


#: Where verdict_counts is among ArticleSummary's fields (id is 0).
_VERDICT_COUNTS = 6


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _reader_stamp() -> str:
    """What decides how an article file reads: the app's version and the caps on files and articles."""
    from factcheck_gui import __version__
    from factcheck_gui.core import schema
    from factcheck_gui.store import library

    return f"{__version__}:{schema.SCHEMA_VERSION}:{schema.MAX_TEXT_CHARS}:{schema.MAX_SENTENCES}:" \
           f"{library.MAX_ARTICLE_FILE_BYTES}"


def put(index: SearchIndex, handle: OpenArticle) -> None:
    """Index the article of *handle* as its file now is."""
    from factcheck_gui.store.library import Library

    stamp = _stamp(handle.path) or (0, 0)
    summary = summary_to_json(Library.summary_of(handle), list(handle.problems))
    index.put_article(handle.article, stamp[0], stamp[1], summary)


def article_stamps(library: Library) -> dict[str, tuple[int, int]]:
    """article id -> (mtime_ns, size) of every article file; (0, 0) for one that is not a regular file.

    Each file is stat'ed by its name relative to the open folder (``dir_fd``): a third cheaper
    than by its whole path, which the kernel would walk again 10,000 times.
    """
    from factcheck_gui.store.library import _SAFE_ID

    library._check_articles_folder()
    if not _STAT_BY_DIR_FD:
        return _article_stamps_by_path(library)
    try:
        folder = os.open(library.articles_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise StoreError(f"The library folder {library.articles_dir} cannot be read ({exc.strerror or exc}).") from exc
    stamps: dict[str, tuple[int, int]] = {}
    try:
        names = os.listdir(folder)
        for name in names:
            if not name.endswith(".json") or not _SAFE_ID.fullmatch(name[:-5]):
                continue
            try:
                info = os.stat(name, dir_fd=folder, follow_symlinks=False)
            except OSError:
                continue
            stamps[name[:-5]] = (info.st_mtime_ns, info.st_size) if S_ISREG(info.st_mode) else (0, 0)
    except OSError as exc:
        raise StoreError(f"The library folder {library.articles_dir} cannot be read ({exc.strerror or exc}).") from exc
    finally:
        os.close(folder)
    return stamps


_STAT_BY_DIR_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd and hasattr(os, "O_DIRECTORY") \
    and hasattr(os, "O_NOFOLLOW")


def _article_stamps_by_path(library: Library) -> dict[str, tuple[int, int]]:
    """:func:`article_stamps` where files cannot be stat'ed relative to a folder (Windows)."""
    from factcheck_gui.store.library import _SAFE_ID

    stamps: dict[str, tuple[int, int]] = {}
    try:
        entries = os.scandir(library.articles_dir)
    except FileNotFoundError:
        return stamps
    except OSError as exc:
        raise StoreError(f"The library folder {library.articles_dir} cannot be read ({exc.strerror or exc}).") from exc
    with entries:
        for entry in entries:
            name = entry.name
            if not name.endswith(".json") or not _SAFE_ID.fullmatch(name[:-5]):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            stamps[name[:-5]] = (info.st_mtime_ns, info.st_size) if S_ISREG(info.st_mode) else (0, 0)
    return stamps


class IndexBehind(Exception):  # noqa: N818 - a state, not an error: the caller builds the index elsewhere
    """More article files need reading than the caller allowed (``refresh(read_limit=...)``).

    *summaries* are those the index holds up to date (sorted by id), *pending* how many files
    need reading, *total* how many article files there are.
    """

    def __init__(self, summaries: list[ArticleSummary], pending: int, total: int) -> None:
        super().__init__(f"{pending} of {total} article files need indexing")
        self.summaries, self.pending, self.total = summaries, pending, total


#: Files read and indexed in one transaction while building: one commit (and one flush of the
#: full-text index's new terms) per batch rather than per article.
BATCH = 200


def refresh(library: Library, index: SearchIndex, *, read_limit: int | None = None,
            progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> tuple[list[ArticleSummary], list[LibraryProblem]]:
    """Bring *index* up to date with the files and return the library's summaries (sorted by id)
    and its problems. Only files whose (mtime_ns, size) changed are read: the others cost one
    ``stat`` (from one ``os.scandir`` pass) and their row of the index, read in one piece.

    With *read_limit*, :class:`IndexBehind` is raised when more files than that need reading
    (before any is read). *progress(done, to_read)* is called as files are read; when
    *cancelled()* turns true, the files read so far stay indexed and :class:`IndexBehind` is raised.
    """
    from factcheck_gui.store.library import LibraryProblem

    _ignore_in_git(library)
    stamps = article_stamps(library)
    reader = _reader_stamp()
    current = index.info(_READER_STAMP) == reader  # else another version or other caps read the files
    problems: list[LibraryProblem] = []
    found: dict[str, tuple[ArticleSummary, list[str]]] = {}
    with collector_paused():  # 10,000 small lists and summaries, no cycles: see core.collector
        for article_id, mtime_ns, size, data in index.article_records():
            stamp = stamps.get(article_id)
            if stamp is None:
                index.remove_article(article_id)
            elif current and stamp == (mtime_ns, size) and stamp != (0, 0):
                kept = summary_from_json(article_id, data)
                if kept is not None:
                    found[article_id] = kept
    to_read = sorted(stamps.keys() - found.keys())
    if read_limit is not None and len(to_read) > read_limit:
        raise IndexBehind([found[article_id][0] for article_id in sorted(found)], len(to_read), len(stamps))
    for start in range(0, len(to_read), BATCH):
        if cancelled is not None and cancelled():
            raise IndexBehind([found[article_id][0] for article_id in sorted(found)], len(to_read) - start, len(stamps))
        with index.batch():
            for article_id in to_read[start:start + BATCH]:
                read = _read_and_put(library, index, article_id, problems)
                if read is not None:
                    found[article_id] = read
        if progress is not None:
            progress(min(start + BATCH, len(to_read)), len(to_read))
    _refresh_reviews(library, index, problems)
    if not current:
        index.set_info(_READER_STAMP, reader)
    summaries: list[ArticleSummary] = []
    for article_id in sorted(found):
        summary, notes = found[article_id]
        summaries.append(summary)
        if notes:
            path = library.articles_dir / f"{article_id}.json"
            problems.extend(LibraryProblem(path, note) for note in notes)
    return summaries, problems


def listing(library: Library, index: SearchIndex) -> list[tuple[str, str, int, int]] | None:
    """(id, title, claims, judged claims) of every article, sorted by id, as ``factcheck list`` prints
    them, read from *index* without making a summary of each; None unless every article file is as
    indexed (by this version) and none has a note to report: then :func:`refresh` is needed."""
    _summary_fields()  # the positions SearchIndex.list_records reads are checked
    if index.info(_READER_STAMP) != _reader_stamp():
        return None
    stamps = article_stamps(library)
    with collector_paused():
        records = index.list_records()
        if len(records) != len(stamps):
            return None
        rows = []
        for article_id, mtime_ns, size, title, claims, verdicts, notes in records:
            if notes or stamps.get(article_id) != (mtime_ns, size) or not size:
                return None
            rows.append((article_id, title, claims, sum(count for verdict, count in verdicts if verdict)))
    return rows


def _read_and_put(library: Library, index: SearchIndex, article_id: str,
                  problems: list[LibraryProblem]) -> tuple[ArticleSummary, list[str]] | None:
    """Read one article file and index it; its summary and notes, or None (a problem reported)."""
    from factcheck_gui.store.library import LibraryProblem

    path = library.articles_dir / f"{article_id}.json"
    try:
        handle = library.open(article_id)
        put(index, handle)
    except FactcheckError as exc:
        problems.append(LibraryProblem(path, str(exc)))
        index.remove_article(article_id)
        return None
    except Exception as exc:  # noqa: BLE001 - one file must never hide the others
        problems.append(LibraryProblem(path, f"{path.name} could not be read ({type(exc).__name__}); it is skipped."))
        return None
    return library.summary_of(handle), list(handle.problems)


def build(root: Path, progress: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] | None = None) -> int:
    """Bring the index of the library at *root* up to date on this thread, with its own connection
    (for a task on another thread than the window's). Returns the number of articles listed.

    StoreError when the folder cannot hold an index; :class:`IndexBehind` when *cancelled*.
    """
    from factcheck_gui.store.library import Library

    library = Library(root)
    with open_index(library) as index:
        summaries, _problems = refresh(library, index, progress=progress, cancelled=cancelled)
    return len(summaries)


def _refresh_reviews(library: Library, index: SearchIndex, problems: list[LibraryProblem]) -> None:
    from factcheck_gui.store.library import LibraryProblem
    from factcheck_gui.store.reviews import load_reviews, reviews_path, reviews_stamp

    stamp = reviews_stamp(library)
    if index.info(_REVIEWS_STAMP) == stamp:
        return
    try:
        reviews = load_reviews(library)
    except FactcheckError as exc:
        problems.append(LibraryProblem(reviews_path(library), str(exc)))
        reviews, stamp = [], reviews_stamp(library)
    index.remove_reviews()
    index.add_reviews(reviews)
    index.set_info(_REVIEWS_STAMP, stamp)


# -- kept in step by the library ---------------------------------------------------------------


def _quietly(library: Library, what: str, change: Any, index: SearchIndex | None = None) -> None:
    """Apply *change* to the library's index (or to *index*, another connection to it); a failure is
    logged, never raised (the files are the truth)."""
    try:
        index = index if index is not None else library.search_index()
        if index is not None:
            change(index)
    except Exception as exc:  # noqa: BLE001 - the index is a cache; the next refresh repairs it
        _warn("The search index was not updated after %s (%s: %s); it is rebuilt when next read.",
                     what, type(exc).__name__, exc)


def index_saved(library: Library, handle: OpenArticle) -> None:
    """After a save: index the article as written.

    Where the library's index is open (the window, or a command that searched), at once. A
    process that has not opened it (one command line edit, a script saving in a loop) indexes
    its saved articles when it ends (:func:`index_pending`, called by ``factcheck`` and at exit),
    so a save costs no more than writing the file; should the process be killed first, the
    next reader finds the file changed and indexes it then.
    """
    if library._search_index is not None:
        _quietly(library, "a save", lambda index: put(index, handle))
        return
    index_later(library, handle.article.id)


def put_saved(library: Library, index: SearchIndex, handle: OpenArticle) -> None:
    """After a save made on another thread than the library's own connection's (the window's autosave on
    the task runner): index the article as written with *index*, that thread's own connection. A failure
    is logged, never raised."""
    _quietly(library, "a save", lambda index: put(index, handle), index)


def index_later(library: Library, article_id: str) -> None:
    """Index a saved article when the process ends (or when the index is next refreshed and finds its
    file changed, whichever comes first). Call it on one thread (the window's: the GUI thread)."""
    if not _pending:
        import atexit

        atexit.register(index_pending)
    _pending.setdefault(library.root, (library, set()))[1].add(article_id)


#: Articles saved by libraries whose index was not open: (library, article ids) by folder.
_pending: dict[Path, tuple[Library, set[str]]] = {}


def index_pending() -> None:
    """Index the articles saved in this process and not indexed yet (read again from their files)."""
    while _pending:
        _root, (library, article_ids) = _pending.popitem()
        for article_id in sorted(article_ids):
            if not os.path.lexists(library.articles_dir / f"{article_id}.json"):
                continue
            _quietly(library, "a save", lambda index, library=library, article_id=article_id: put(index, library.open(article_id)))


def index_removed(library: Library, article_id: str) -> None:
    """After a delete: forget the article."""
    _quietly(library, "a delete", lambda index: index.remove_article(article_id))


def index_restored(library: Library, article_id: str) -> None:
    """After a restore: index the article again."""
    _quietly(library, "a restore", lambda index: put(index, library.open(article_id)))


def index_reviews_added(library: Library, added: list[Review], stamp_before: str) -> None:
    """After reviews were added to ``reviews.json``: index them (all again if the index was behind)."""
    from factcheck_gui.store.reviews import reviews_stamp

    def change(index: SearchIndex) -> None:
        if index.info(_REVIEWS_STAMP) == stamp_before:
            index.add_reviews(added)
            index.set_info(_REVIEWS_STAMP, reviews_stamp(library))
        else:
            _refresh_reviews(library, index, [])

    _quietly(library, "importing reviews", change)
