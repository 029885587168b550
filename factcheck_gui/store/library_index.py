"""The library's search index kept in step with its files: ``<library>/index/search.sqlite3``.

The index (``store.search_index``) is a cache. It is created when missing, rebuilt when it
is of an older ``INDEX_VERSION`` or unreadable, and brought up to date by :func:`refresh`,
which compares each article file's (mtime_ns, size) with what was indexed and reads only
the files that changed; every save, delete and restore of :class:`~store.library.Library`
updates it (a save at once where the index is open, else when the process ends: see
:func:`index_saved`), as does importing reviews. It also holds the summary the library
list shows of each article and the line ``factcheck list`` prints of it, so listing a
library of 10,000 articles reads one small database instead of 10,000 files (each file is
still ``stat``ed: one edited in place changes nothing else).

The JSON files stay the truth: a failure of the index never fails a save, and a library
whose folder cannot hold an index is listed by reading its files as before.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import sqlite3
import sys
from array import array
from collections.abc import Callable
from functools import lru_cache, partial
from itertools import chain
from operator import attrgetter, itemgetter
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

__all__ = ["INDEX_FILE", "INDEX_FOLDER", "IndexBehind", "build", "file_as_indexed", "files_as_indexed", "index_later", "index_path",
           "list_line", "listed_text", "open_index", "put_saved", "refresh", "stored_summaries"]

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
    """Every field of *summary*, in the order of ArticleSummary's fields, then *problems*: a JSON array
    (verdict counts as pairs; a claim without a verdict counts under ""). Positional, so reading
    10,000 of them makes no key strings: see :func:`summaries_from_json`."""
    values: list[Any] = [getattr(summary, name) for name in _summary_fields()]
    values[_VERDICT_COUNTS] = [[key or "", count] for key, count in summary.verdict_counts.items()]
    values.append(problems)
    return values


def summary_from_json(article_id: str, data: Any) -> tuple[ArticleSummary, list[str]] | None:
    """The inverse of :func:`summary_to_json`: the summary and its problems; None when the stored value
    has another shape (stored by an older version, or ArticleSummary has other fields now: the file
    is read again) or is another article's."""
    made = summaries_from_json([data])
    if made is None or made[0][0].id != article_id:
        return None
    return made[0][0], made[1].get(article_id, [])


def summaries_from_json(rows: list[Any]) -> tuple[list[ArticleSummary], dict[str, list[str]]] | None:
    """The summaries of many :func:`summary_to_json` arrays, and the notes of those that have any (by
    article id); None when one has another shape.

    10,000 of them are made in ~15 ms (with the cycle collector paused, see ``core.collector``): each
    summary's attributes are the dict its array zips to, given to a bare instance, not passed through
    the dataclass's ``__init__`` one by one.
    """
    from factcheck_gui.store.library import ArticleSummary

    fields = _summary_fields()
    width, new = len(fields) + 1, object.__new__
    summaries: list[ArticleSummary] = []
    notes: dict[str, list[str]] = {}
    try:
        for row in rows:
            if type(row) is not list or len(row) != width or type(row[0]) is not str:
                return None
            values = dict(zip(fields, row, strict=False))  # the notes, last, are not a field
            pairs = row[_VERDICT_COUNTS]
            counts = values["verdict_counts"] = dict(pairs)
            if "" in counts:  # the claims without a verdict count under None, in their place
                values["verdict_counts"] = {(key or None): count for key, count in pairs}
            if row[-1]:
                notes[row[0]] = [note for note in row[-1] if isinstance(note, str)]
            summary = new(ArticleSummary)
            summary.__dict__ = values
            summaries.append(summary)
    except (TypeError, ValueError):
        return None
    return summaries, notes


@lru_cache(maxsize=1)
def _summary_fields() -> tuple[str, ...]:
    from factcheck_gui.store.library import ArticleSummary

    fields = tuple(field.name for field in dataclasses.fields(ArticleSummary))
    assert fields[0] == "id" and fields[_VERDICT_COUNTS] == "verdict_counts", fields
    return fields


#: Where verdict_counts is among ArticleSummary's fields (id is 0).
_VERDICT_COUNTS = 6


def list_line(summary: ArticleSummary) -> str:
    """The line ``factcheck list`` prints of an article: its id, its title (cut at 60 characters, padded
    to them) and how many of its claims are judged. Stored in the index with each article (see
    :func:`listed_text`) and made here when the files are read instead."""
    judged = sum(count for verdict, count in summary.verdict_counts.items() if verdict)
    return f"{summary.id}  {summary.title[:60]:<60}  {summary.claim_count} claims, {judged} judged"


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
    summary = Library.summary_of(handle)
    line = list_line(summary) if not handle.problems else None  # notes are reported: the files are read then
    index.put_article(handle.article, stamp[0], stamp[1], summary_to_json(summary, list(handle.problems)), line)


def article_stamps(library: Library) -> dict[str, tuple[int, int]]:
    """article id -> (mtime_ns, size) of every article file; (0, 0) for one that is not a regular file."""
    files = _stat_files(library)
    if files is None:
        return _article_stamps_by_path(library)
    return _stamps_by_id(*files)


def _stamps_by_id(names: list[str], infos: list[os.stat_result]) -> dict[str, tuple[int, int]]:
    return {name[:-5]: (info.st_mtime_ns, info.st_size) if S_ISREG(info.st_mode) else (0, 0)
            for name, info in zip(names, infos, strict=True)}


def _stat_files(library: Library) -> tuple[list[str], list[os.stat_result]] | None:
    """The names of the article files, sorted by article id, and their ``os.stat`` (not following links);
    None where a file went away meanwhile or files cannot be stat'ed relative to their folder (Windows):
    :func:`_article_stamps_by_path` then looks at each. StoreError when the folder cannot be read.

    Every file is ``stat``ed (a file edited in place changes neither the folder nor its inode), by its
    name relative to the open folder (``dir_fd``: a third cheaper than by its whole path, which the
    kernel would walk again 10,000 times), in passes made in C: the names filtered by one regular
    expression, ``os.stat`` mapped over them. For 10,000 articles ~20 ms, most of it the system calls
    and the stat results.
    """
    library._check_articles_folder()
    if not _STAT_BY_DIR_FD:
        return None
    try:
        folder = os.open(library.articles_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        raise StoreError(f"The library folder {library.articles_dir} cannot be read ({exc.strerror or exc}).") from exc
    try:
        names = sorted(filter(_ARTICLE_FILE.fullmatch, os.listdir(folder)), key=_ID_OF_NAME)
    except OSError as exc:
        raise StoreError(f"The library folder {library.articles_dir} cannot be read ({exc.strerror or exc}).") from exc
    try:
        return names, list(map(partial(os.stat, dir_fd=folder, follow_symlinks=False), names))
    except OSError:
        return None
    finally:
        os.close(folder)


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


#: An article file's name: an article id (``store.library._SAFE_ID``) and ".json".
_ARTICLE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}\.json")
#: The article id of a file name (the sort key of the files: ids sort "a" before "a-b", names would not).
_ID_OF_NAME = itemgetter(slice(None, -5))
_MTIME_NS, _SIZE, _MODE = attrgetter("st_mtime_ns"), attrgetter("st_size"), attrgetter("st_mode")


def _stamps_of(names: list[str], infos: list[os.stat_result]) -> tuple[str, str] | None:
    """(*names* joined by newlines, the ``search_index.file_stamp`` of each file of :func:`_stat_files`
    joined), as ``SearchIndex.file_stamps`` gives the index's: made in C (one array of the 10,000
    (mtime_ns, size) pairs and one ``hex()``, ~5 ms, against ~15 ms for formatting each file's
    numbers). None when one is not a regular file (the caller compares file by file)."""
    if not all(map(S_ISREG, map(_MODE, infos))):
        return None
    try:
        stamps = array("q", chain.from_iterable(zip(map(_MTIME_NS, infos), map(_SIZE, infos), strict=True)))
    except OverflowError:  # a time beyond 64 bits of nanoseconds: stored as "" (file_stamp), never equal
        return None
    if sys.byteorder != "little":
        stamps.byteswap()
    return "\n".join(names), stamps.tobytes().hex()


def _files_stamps(library: Library) -> tuple[str, str] | None:
    """:func:`_stamps_of` the library's article files; None where anything is unusual."""
    with collector_paused():  # 10,000 stat results, no cycles: freed before the collector resumes
        files = _stat_files(library)
        stamps = _stamps_of(*files) if files is not None else None
        del files  # (else the collections their making started, ~18 for 10,000, or one after the pause, walk them)
    return stamps


def files_as_indexed(library: Library, index: SearchIndex) -> bool:
    """True when the library's article files are exactly those *index* holds, each a regular file with the
    (mtime_ns, size) it had when indexed, and its reviews file is as indexed too: the summaries and
    reviews it stores are the files'. One ``stat`` per file and one comparison of two texts
    (:func:`_stamps_of`), ~40 ms for 10,000 articles."""
    from factcheck_gui.store.reviews import reviews_stamp

    if index.info(_REVIEWS_STAMP) != reviews_stamp(library):  # (a sync brought a teammate's reviews)
        return False
    files = _files_stamps(library)
    return files is not None and files == index.file_stamps()


def file_as_indexed(library: Library, index: SearchIndex, article_id: str) -> bool:
    """True when the file of *article_id* is a regular file with the (mtime_ns, size) *index* holds for it."""
    from factcheck_gui.store.search_index import file_stamp

    try:
        info = os.stat(library.path_of(article_id), follow_symlinks=False)
    except (OSError, FactcheckError):
        return False
    return S_ISREG(info.st_mode) and index.file_stamp_of(article_id) == file_stamp(info.st_mtime_ns, info.st_size)


def stored_summaries(library: Library, index: SearchIndex) -> tuple[list[ArticleSummary], list[LibraryProblem]] | None:
    """The summaries *index* holds (sorted by id) and the notes stored with them, as they are: no file is
    looked at, so they may be behind the files (see :func:`files_as_indexed`). None when the index was
    not written by this version (or holds a summary of another shape): :func:`refresh` is needed."""
    from factcheck_gui.store.library import LibraryProblem

    if index.info(_READER_STAMP) != _reader_stamp():
        return None
    with collector_paused():  # 10,000 small lists and dicts, no cycles: see core.collector
        rows = index.summary_rows()  # the summaries as stored, in one piece
        stored = summaries_from_json(rows) if rows is not None else None
        del rows  # its ~40,000 lists freed now, not walked by the collection that follows the pause (~10 ms)
    if stored is None:
        return None
    problems = [LibraryProblem(library.articles_dir / f"{article_id}.json", note)
                for article_id, notes in stored[1].items() for note in notes]
    return stored[0], problems


def listed_text(library: Library, index: SearchIndex) -> str | None:
    """What ``factcheck list`` prints (:func:`list_line` of every article, sorted by id, joined by
    newlines; "" for none), read from *index* as stored: one query, no summary made, nothing per
    article in Python. None unless every article file is as indexed by this version (the files'
    :func:`_stamps_of` are the index's) and none has a note to report: then :func:`refresh` is needed."""
    if index.info(_READER_STAMP) != _reader_stamp():
        return None
    files = _files_stamps(library)
    if files is None:
        return None
    stamps, lines = index.listing()
    return lines if stamps == files else None


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
    ``stat`` (:func:`_stat_files`) and their row of the index, read in one piece. When no file
    changed (the files' :func:`_stamps_of` are the index's, one comparison of two texts) the
    stored summaries are made as they are (:func:`summaries_from_json`), with no comparison per row.

    With *read_limit*, :class:`IndexBehind` is raised when more files than that need reading
    (before any is read). *progress(done, to_read)* is called as files are read; when
    *cancelled()* turns true, the files read so far stay indexed and :class:`IndexBehind` is raised.
    """
    from factcheck_gui.store.library import LibraryProblem

    _ignore_in_git(library)
    reader = _reader_stamp()
    current = index.info(_READER_STAMP) == reader  # else another version or other caps read the files
    problems: list[LibraryProblem] = []
    files = _stat_files(library)
    if current and files is not None and _stamps_of(*files) == index.file_stamps():
        stored = stored_summaries(library, index)  # every file as indexed: the summaries as stored
        if stored is not None:
            _refresh_reviews(library, index, problems)
            return stored[0], problems + stored[1]
    stamps = _stamps_by_id(*files) if files is not None else _article_stamps_by_path(library)
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
