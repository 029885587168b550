"""The library folder: one JSON file per article, plus snapshots, backups and trash.

Layout (DESIGN.md)::

    <root>/articles/<id>.json     the articles
    <root>/snapshots/<sha256>     raw bodies of fetched sources
    <root>/versions/<id>/<sha256>.txt  older versions of an article's text (UTF-8)
    <root>/backups/<id>.json      the previous version of each article
    <root>/trash/<id>.json        deleted articles (restorable)
    <root>/corrupt/<file>.<time>  files that could not be read, set aside
    <root>/settings.json          user settings
    <root>/reviews.json           earlier fact-checks imported from ClaimReview (store.reviews)
    <root>/index/search.sqlite3   the search index and the list's summaries: a cache (store.library_index)

Every folder above is the library's own: one that is a link to somewhere else is
refused, and article files are read only when they are regular files (not links,
FIFOs or devices) under :data:`MAX_ARTICLE_FILE_BYTES`. A file that cannot be read as
an article, for whatever reason, is set aside and the rest of the library opens.
While an article is written, ``articles/.<id>.lock`` exists; it is removed when the
writer is done, so a library kept in git never sees it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck_gui.core.clock import new_id
from factcheck_gui.core.editing import match_id_prefix, rename_article
from factcheck_gui.core.errors import (
    ConflictError,
    CorruptFileError,
    FactcheckError,
    InputError,
    NotFoundError,
    ReadOnlyError,
    SchemaVersionError,
    StoreError,
)
from factcheck_gui.core.model import Article
from factcheck_gui.core.schema import MAX_TEXT_CHARS, SCHEMA_VERSION, article_from_dict, schema_version_of
from factcheck_gui.store.articlefile import dumps_article_utf8, loads_document
from factcheck_gui.store.atomic import atomic_write_bytes, describe_os_error, hidden_files, remove_stale_temp_files
from factcheck_gui.store.safefile import RefusedFileError, is_link_or_special, read_regular_file

if TYPE_CHECKING:
    from factcheck_gui.store.search_index import SearchIndex

# An article file is read whole; one over this size is set aside unread. An article holds at
# most 10 million characters of text (core.schema.MAX_TEXT_CHARS, 10-40 MB as UTF-8) and the
# text of its sources (each under the fetch cap), so real files stay far below it.
MAX_ARTICLE_FILE_BYTES = 64 * 1024 * 1024
MAX_JSON_FILE_BYTES = 1024 * 1024  # a sidecar of metadata or the seed's

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def check_article_id(article_id: str) -> str:
    """Return *article_id* if it is a safe file name; InputError otherwise (no paths, no dots)."""
    if not isinstance(article_id, str) or not _SAFE_ID.fullmatch(article_id):
        shown = repr(article_id)[:60]
        raise InputError(f"{shown} is not a valid article id (letters, digits, '-' and '_' only).")
    return article_id


@dataclass
class ArticleSummary:
    """What the library list shows of an article, without keeping the article in memory."""

    id: str
    title: str
    publisher: str
    published: str
    url: str
    claim_count: int
    verdict_counts: dict[str | None, int]
    source_count: int
    updated: str
    read_only: bool = False
    status_counts: dict[str, int] = field(default_factory=dict)  # claims per review status (draft, in-review...)


@dataclass
class LibraryProblem:
    """A file of the library that could not be read, and what was done about it."""

    path: Path
    message: str


@dataclass
class OpenArticle:
    """An article loaded from its file, with what is needed to save it back safely."""

    article: Article
    path: Path
    disk_digest: str | None  # SHA-256 of the file bytes as last read or written; None: not on disk yet
    read_only: bool = False
    read_only_reason: str = ""
    problems: list[str] = field(default_factory=list)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


_LOCK_FLAGS = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0))


def _open_lock_file(lock_path: Path) -> tuple[int, os.stat_result]:
    """Open (creating) a lock file without following a link; StoreError if that is not possible."""
    try:
        fd = os.open(lock_path, _LOCK_FLAGS, 0o644)
    except OSError as exc:
        raise StoreError(describe_os_error(exc, lock_path)) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device someone put there
        os.close(fd)
        raise StoreError(f"{lock_path} is not a file. Remove it so that factcheck-gui can save; nothing was lost.")
    return fd, info


def _is_still(lock_path: Path, info: os.stat_result) -> bool:
    """True if *lock_path* is still the file *info* describes (not removed or replaced meanwhile)."""
    try:
        now = os.lstat(lock_path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (info.st_dev, info.st_ino)


@contextlib.contextmanager
def _file_lock(lock_path: Path) -> Iterator[None]:
    """An exclusive inter-process lock (POSIX flock; elsewhere a no-op), removed when released.

    The file is removed while the lock is held, so a waiting locker may hold a lock on a
    file no longer in the folder; it sees that after it got the lock and starts again on
    the new file. So two processes never both believe they hold the lock, and no lock file
    outlives its writer (a library kept in git sees none).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    while True:
        fd, info = _open_lock_file(lock_path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            os.close(fd)
            raise StoreError(describe_os_error(exc, lock_path)) from exc
        if _is_still(lock_path, info):
            break
        os.close(fd)  # removed by the holder before us: take the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(fd)  # releases the lock


def remove_stale_locks(folder: Path) -> int:
    """Remove the lock files of ``folder`` that nobody holds (left by an older version or a
    killed process). Each is taken first, so a lock in use is never removed. Returns how many."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return 0
    removed = 0
    for lock_path in hidden_files(folder, ".lock"):
        try:
            fd = os.open(lock_path, _LOCK_FLAGS & ~os.O_CREAT)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _is_still(lock_path, os.fstat(fd)) and stat.S_ISREG(os.fstat(fd).st_mode):
                os.unlink(lock_path)
                removed += 1
        except OSError:
            pass  # held by someone: theirs to remove
        finally:
            os.close(fd)
    return removed


class Library:
    """A library folder. Cheap to create: nothing is read or created until used."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.articles_dir = self.root / "articles"
        self.snapshots_dir = self.root / "snapshots"
        self.backups_dir = self.root / "backups"
        self.trash_dir = self.root / "trash"
        self.corrupt_dir = self.root / "corrupt"
        self.versions_dir = self.root / "versions"
        self._stale_temp_files_removed = False
        self._search_index: SearchIndex | None = None  # opened when first needed (store.library_index)
        self._search_index_unavailable = False
        #: True while another thread builds the index (the window's first start on a big library):
        #: this object then leaves it alone (search_index() is None; its saves are indexed afterwards).
        self.index_building = False

    # -- folders ---------------------------------------------------------------------------

    def own_folder(self, folder: Path) -> Path:
        """*folder*, one of the library's, created if missing. StoreError if it cannot be, or if it
        is a link to somewhere else: nothing the library writes may land outside its folder."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            mode = os.lstat(folder).st_mode
        except OSError as exc:
            raise StoreError(
                f"The library folder {folder} cannot be created or written ({exc.strerror or exc}). "
                "Check its permissions, or choose another folder with --data-dir."
            ) from exc
        if not stat.S_ISDIR(mode):
            what = "a link to another place" if stat.S_ISLNK(mode) else "not a folder"
            raise StoreError(
                f"{folder} is {what}; factcheck-gui writes only inside the library folder {self.root}. "
                f"Move {folder.name} away and try again; nothing was lost."
            )
        return folder

    def _check_articles_folder(self) -> None:
        """StoreError if articles/ is a link: the library would read and write another folder."""
        if os.path.islink(self.articles_dir):
            raise StoreError(
                f"{self.articles_dir} is a link to another place; factcheck-gui reads and writes only inside "
                f"the library folder {self.root}. Move it away and try again."
            )

    def ensure_folders(self) -> None:
        """Create the library folders; StoreError if that is not possible.

        The first call also removes temporary files and lock files that a killed writer left behind.
        """
        for folder in (self.articles_dir, self.snapshots_dir):
            self.own_folder(folder)
        if not self._stale_temp_files_removed:  # once: every save comes here, and snapshots/ grows large
            for folder in (self.articles_dir, self.snapshots_dir, self.backups_dir):  # all written atomically
                if not os.path.islink(folder):
                    remove_stale_temp_files(folder)
            remove_stale_locks(self.articles_dir)
            self._stale_temp_files_removed = True

    def path_of(self, article_id: str) -> Path:
        return self.articles_dir / f"{check_article_id(article_id)}.json"

    def article_ids(self) -> list[str]:
        """Ids of the article files in the library, sorted."""
        self._check_articles_folder()
        if not self.articles_dir.is_dir():
            return []
        return sorted(p.stem for p in self.articles_dir.glob("*.json") if _SAFE_ID.fullmatch(p.stem))

    def has_articles(self) -> bool:
        """True when the library holds at least one article file; stops at the first (unlike article_ids)."""
        self._check_articles_folder()
        try:
            with os.scandir(self.articles_dir) as entries:
                return any(entry.name.endswith(".json") and _SAFE_ID.fullmatch(entry.name[:-5]) for entry in entries)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise StoreError(f"The library folder {self.articles_dir} cannot be read ({exc.strerror or exc}).") from exc

    def resolve_id(self, wanted: str) -> str:
        """The id of an article from its full id or a unique prefix; NotFoundError otherwise."""
        wanted = wanted.strip()
        ids = self.article_ids()
        if not wanted:
            raise InputError("Give an article id; `factcheck list` shows them.")
        found = match_id_prefix(wanted, ids, "articles")
        if found is not None:
            return found
        aside = self.set_aside_files(wanted)
        if aside:
            where = aside[-1]
            name = where.name.split(".json.", 1)[0] + ".json"
            more = f" ({len(aside)} unreadable copies there, the newest named)" if len(aside) > 1 else ""
            backup = self.backups_dir / name
            restore = (f", or copy the last good version back from {backup}"
                       if os.path.isfile(backup) and not os.path.islink(backup) else "")
            raise NotFoundError(
                f"The article \u201c{wanted}\u201d could not be read and its file was set aside in "
                f"{self.corrupt_dir.name}/: {where}{more}. Repair it and move it back to {self.articles_dir / name}"
                f"{restore}."
            )
        raise NotFoundError(f"There is no article \u201c{wanted}\u201d in {self.articles_dir}. `factcheck list` shows the ids.")

    def set_aside_files(self, wanted: str) -> list[Path]:
        """The files of the article *wanted* (an id or its start) set aside in corrupt/, oldest first."""
        if not wanted or not self.corrupt_dir.is_dir():
            return []
        try:
            found = [p for p in self.corrupt_dir.iterdir() if p.name.startswith(wanted) and ".json." in p.name
                     and _SAFE_ID.fullmatch(p.name.split(".json.", 1)[0])]
        except OSError:
            return []
        ids = {p.name.split(".json.", 1)[0] for p in found}
        return sorted(found, key=lambda p: p.name.rsplit(".", 1)[-1]) if len(ids) == 1 else []

    # -- reading ---------------------------------------------------------------------------

    def open(self, article_id: str) -> OpenArticle:
        """Load an article. A newer schema version opens read-only.

        A file that cannot be read as an article, whatever the reason (a link, a FIFO, a
        device, over :data:`MAX_ARTICLE_FILE_BYTES`, not JSON, a wrong shape, a number of
        thousands of digits...), is set aside in corrupt/ and raises CorruptFileError.
        """
        path = self.path_of(article_id)
        self._check_articles_folder()
        try:
            data = read_regular_file(path, MAX_ARTICLE_FILE_BYTES)
        except FileNotFoundError:
            raise NotFoundError(f"There is no article \u201c{article_id}\u201d in the library.") from None
        except RefusedFileError as exc:
            raise self._set_aside_error(path, str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
        try:
            return self._parse(path, data)
        except CorruptFileError as exc:
            raise self._set_aside_error(path, str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - any failure to read one file must not close the library
            reason = f"{path.name} could not be read as an article ({type(exc).__name__}: {str(exc)[:160]})."
            raise self._set_aside_error(path, reason) from exc

    def _set_aside_error(self, path: Path, reason: str) -> CorruptFileError:
        moved = self.set_aside(path)
        if moved is None:
            return CorruptFileError(
                f"{reason} It could not be moved to {self.corrupt_dir.name}/ (is the library folder read-only?), "
                "so it is skipped; the rest of the library is unaffected."
            )
        return CorruptFileError(f"{reason} The file was moved to {moved} and the rest of the library is unaffected.")

    def _parse(self, path: Path, data: bytes) -> OpenArticle:
        document = loads_document(data, path.name)
        version = schema_version_of(document)
        read_only, reason = False, ""
        if version > SCHEMA_VERSION:
            read_only = True
            reason = (
                f"This article was saved by a newer factcheck-gui (schema version {version}; this one knows "
                f"up to {SCHEMA_VERSION}). It is open read-only and will not be overwritten; update the app to edit it."
            )
        notes: list[str] = []
        try:
            article = article_from_dict(document, allow_newer=read_only, notes=notes)
        except SchemaVersionError:
            raise
        except CorruptFileError as exc:
            raise CorruptFileError(f"{path.name}: {exc}") from exc
        except (ValueError, TypeError, KeyError, RecursionError) as exc:  # shape errors the reader did not name
            raise CorruptFileError(f"{path.name} does not have the shape of an article file ({exc}).") from exc
        if article.id != path.stem:
            article.id = path.stem  # the file name is the id; a copied file keeps working
        return OpenArticle(article=article, path=path, disk_digest=_digest(data), read_only=read_only,
                           read_only_reason=reason, problems=[f"{path.name}: {note}" for note in notes])

    def set_aside(self, path: Path) -> Path | None:
        """Move an unreadable file to corrupt/ so the library loads without it; returns where it
        went, or None if it could not be moved (a read-only folder). Never raises.

        The entry itself is moved: a link stays a link and is never followed, a FIFO is never opened.
        """
        try:
            target = self.own_folder(self.corrupt_dir) / f"{path.name}.{_timestamp()}"
            os.replace(path, target)
        except (OSError, StoreError):
            return None
        return target

    def search_index(self) -> SearchIndex | None:
        """The library's search index (``index/search.sqlite3``), opened once; None where the folder
        cannot hold one. Use it on one thread; another thread opens its own with
        ``store.library_index.open_index``."""
        if self.index_building:
            return None
        if self._search_index is None and not self._search_index_unavailable:
            from factcheck_gui.store.library_index import open_index

            try:
                self._search_index = open_index(self)
            except StoreError:
                self._search_index_unavailable = True
        return self._search_index

    def close_search_index(self) -> None:
        if self._search_index is not None:
            self._search_index.close()
            self._search_index = None

    def summaries(self, *, read_limit: int | None = None,
                  check_files: bool = True) -> tuple[list[ArticleSummary], list[LibraryProblem]]:
        """Summaries of every readable article; unreadable files are set aside and reported.

        Read from the search index, which reads again only the files changed since it last
        saw them; without an index (a read-only folder), from every file. With *read_limit*,
        when more files than that need reading (a first start on a big library),
        ``store.library_index.IndexBehind`` is raised instead, with the summaries the index
        already holds: build it on another thread (``library_index.build``).

        With ``check_files=False`` the summaries the index holds are taken as they are, without
        looking at the files (a window's first frame: :meth:`files_as_indexed` tells a moment later
        whether they are behind), when this version wrote it; else as with True.
        """
        index = self.search_index() if self.articles_dir.is_dir() else None
        if index is not None:
            from factcheck_gui.store.library_index import refresh, stored_summaries

            try:
                stored = None if check_files else stored_summaries(self, index)
                return stored if stored is not None else refresh(self, index, read_limit=read_limit)
            except sqlite3.Error:
                pass  # the index is a cache: read the files
        summaries: list[ArticleSummary] = []
        problems: list[LibraryProblem] = []
        for article_id in self.article_ids():
            path = self.articles_dir / f"{article_id}.json"
            try:
                handle = self.open(article_id)
                summaries.append(self.summary_of(handle))
            except FactcheckError as exc:
                problems.append(LibraryProblem(path, str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - one file must never hide the others
                problems.append(LibraryProblem(path, f"{path.name} could not be read ({type(exc).__name__}); it is skipped."))
                continue
            problems.extend(LibraryProblem(path, note) for note in handle.problems)
        return summaries, problems

    def files_as_indexed(self, article_id: str | None = None) -> bool:
        """True when every article file and the reviews file (or the file of *article_id*) are as the search
        index last read them, so what ``summaries(check_files=False)`` gave is the files' (see
        ``library_index.files_as_indexed``).
        False when there is no index or it cannot be read."""
        index = self.search_index() if self.articles_dir.is_dir() else None
        if index is None:
            return False
        from factcheck_gui.store.library_index import file_as_indexed, files_as_indexed

        try:
            return files_as_indexed(self, index) if article_id is None else file_as_indexed(self, index, article_id)
        except (sqlite3.Error, StoreError):
            return False

    def list_text(self) -> tuple[str, list[LibraryProblem]]:
        """What ``factcheck list`` prints (one line per readable article, sorted by id, joined by newlines;
        "" for none) and the problems. Read from the index as stored when every file is as indexed
        (``library_index.listed_text``), else made from :meth:`summaries`."""
        from factcheck_gui.store.library_index import list_line, listed_text

        index = self.search_index() if self.articles_dir.is_dir() else None
        if index is not None:
            try:
                text = listed_text(self, index)
            except sqlite3.Error:
                text = None  # the index is a cache: summaries() reads what it must
            if text is not None:
                return text, []
        summaries, problems = self.summaries()
        return "\n".join(map(list_line, summaries)), problems

    @staticmethod
    def summary_of(handle: OpenArticle, *, verdict_counts: dict[str | None, int] | None = None,
                   status_counts: dict[str, int] | None = None) -> ArticleSummary:
        """The library row of the open article; *verdict_counts* and *status_counts*, when the caller
        keeps them claim by claim (``core.progress.ProgressCounter``), save reading every claim."""
        article = handle.article
        return ArticleSummary(
            id=article.id,
            title=article.title,
            publisher=article.meta.publisher,
            published=article.meta.published,
            url=article.meta.url,
            claim_count=len(article.claims),
            verdict_counts=article.verdict_counts() if verdict_counts is None else verdict_counts,
            source_count=len(article.sources),
            updated=article.updated,
            read_only=handle.read_only,
            status_counts=_status_counts(article) if status_counts is None else status_counts,
        )

    # -- writing ---------------------------------------------------------------------------

    def add(self, article: Article, *, new_id_if_taken: bool = False) -> OpenArticle:
        """Save a new article under its id and return its handle.

        When the id is taken: StoreError, or with *new_id_if_taken* (an article file
        imported again) the article gets a new id.
        """
        check_article_id(article.id)
        self.ensure_folders()
        path = self.path_of(article.id)
        while new_id_if_taken and os.path.lexists(path):
            article.id = new_id("a")
            path = self.path_of(article.id)
        if os.path.lexists(path):
            raise StoreError(f"An article with id {article.id} already exists.")
        handle = OpenArticle(article=article, path=path, disk_digest=None)
        self.save(handle)
        return handle

    def changed_on_disk(self, handle: OpenArticle) -> bool:
        """True if the file no longer holds what this handle last read or wrote (or is no file now)."""
        try:
            current = _digest(read_regular_file(handle.path, MAX_ARTICLE_FILE_BYTES))
        except FileNotFoundError:
            return handle.disk_digest is not None
        except RefusedFileError:
            return True  # a link, a FIFO, a huge file: not what we wrote
        except OSError:
            return False
        return current != handle.disk_digest

    def save(self, handle: OpenArticle, *, force: bool = False,
             indexer: Callable[[OpenArticle], None] | None = None) -> None:
        """Write the article atomically, keeping the previous version in backups/.

        Raises ReadOnlyError for a newer-schema article, ConflictError if the file changed
        on disk since it was loaded (unless *force*), StoreError if the write failed.
        On success ``handle.disk_digest`` is the new file's. The search index is updated
        through the library's own connection (``library_index.index_saved``), or by
        *indexer(handle)* when given: a save on another thread, with a snapshot of the article
        (``Article.snapshot()``) in a handle of its own, indexes with that thread's connection.
        """
        if handle.read_only:
            raise ReadOnlyError(handle.read_only_reason or "This article is open read-only.")
        data = _article_bytes(handle.article)
        self.ensure_folders()
        with self.lock(handle.path.stem):
            self._write_locked(handle, data, force=force, indexer=indexer)

    @property
    def index_open(self) -> bool:
        """True when this object's own index connection is open and no build holds the index
        (then every save should update the index at once)."""
        return self._search_index is not None and not self.index_building

    def lock(self, article_id: str) -> contextlib.AbstractContextManager[None]:
        """The article's inter-process lock: held by every save, and by :meth:`edit` from read to
        write. Not reentrant: do not save a handle of the same article while holding it."""
        self.ensure_folders()
        return _file_lock(self.articles_dir / f".{check_article_id(article_id)}.lock")

    def _write_locked(self, handle: OpenArticle, data: bytes, *, force: bool,
                      indexer: Callable[[OpenArticle], None] | None = None) -> None:
        if not force and self.changed_on_disk(handle):
            raise ConflictError(
                f"\u201c{handle.article.title}\u201d was changed on disk by another program or window "
                "since it was opened. Reload it to see that change, or keep your version to overwrite it."
            )
        self._save_version_texts(handle.article)  # first: the file never names a text that is not kept
        backup = None
        if os.path.lexists(handle.path) and not is_link_or_special(handle.path):  # never a link to elsewhere
            backup = self.own_folder(self.backups_dir) / handle.path.name
        atomic_write_bytes(handle.path, data, backup_to=backup)
        handle.disk_digest = _digest(data)
        if indexer is not None:
            indexer(handle)
            return
        from factcheck_gui.store.library_index import index_saved

        index_saved(self, handle)

    @contextlib.contextmanager
    def edit(self, article_id: str) -> Iterator[OpenArticle]:
        """One change to the latest version of an article, safe against other processes.

        Takes the article's lock, reads the file, yields its handle to change, and saves when
        the block ends without an error, all under the lock: concurrent command-line edits
        queue up instead of failing with a conflict. ReadOnlyError for a newer-schema article.
        """
        with self.lock(article_id):
            handle = self.open(article_id)
            if handle.read_only:
                raise ReadOnlyError(handle.read_only_reason or "This article is open read-only.")
            yield handle
            self._write_locked(handle, _article_bytes(handle.article), force=False)

    def rename(self, article_id: str, title: str) -> None:
        """Give a saved article a new title (``core.editing.rename_article``): one locked edit."""
        with self.edit(article_id) as handle:
            rename_article(handle.article, title)

    def reload(self, handle: OpenArticle) -> OpenArticle:
        """Read the article again from disk (after a conflict, to take the other version)."""
        return self.open(handle.article.id)

    def delete(self, article_id: str) -> Path:
        """Move an article to the trash; returns where it went (restore() brings it back).

        The trash copy is the record of a user's delete: a shared library's sync commits the deletion
        of an article file only when the trash holds it (never for a file set aside in corrupt/)."""
        path = self.path_of(article_id)
        if not os.path.lexists(path):
            raise NotFoundError(f"There is no article \u201c{article_id}\u201d in the library.")
        trash = self.own_folder(self.trash_dir)
        target = trash / path.name
        try:
            if os.path.lexists(target):
                os.replace(target, trash / f"{path.stem}.{_timestamp()}.json")
            os.replace(path, target)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, path)) from exc
        with contextlib.suppress(OSError, NotImplementedError):  # the time of the delete: how a sync tells a
            os.utime(target, follow_symlinks=False)  # deletion from a later set-aside copy (sync._deleted_through_app)
        from factcheck_gui.store.library_index import index_removed

        index_removed(self, article_id)
        return target

    def restore(self, article_id: str) -> Path:
        """Bring an article back from the trash."""
        source = self.trash_dir / f"{check_article_id(article_id)}.json"
        if os.path.islink(self.trash_dir) or not source.exists():
            raise NotFoundError(f"The trash holds no article \u201c{article_id}\u201d.")
        target = self.path_of(article_id)
        if os.path.lexists(target):
            raise StoreError(f"An article {article_id} exists again; it was not overwritten by the one in the trash.")
        self.ensure_folders()
        try:
            os.replace(source, target)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, target)) from exc
        from factcheck_gui.store.library_index import index_restored

        index_restored(self, article_id)
        return target

    # -- versions of the text ----------------------------------------------------------------

    def version_text_path(self, article_id: str, sha256: str) -> Path:
        """Where an older text of the article is kept: ``versions/<id>/<sha256>.txt`` (ids and hashes checked)."""
        if not _SHA256.fullmatch(sha256 or ""):
            raise InputError(f"{sha256[:70]!r} is not the SHA-256 of a version.")
        return self.versions_dir / check_article_id(article_id) / f"{sha256}.txt"

    def _save_version_texts(self, article: Article) -> None:
        """Write the older texts the article holds and the folder lacks (each once: they never change).
        StoreError if ``versions/`` or the article's folder in it is a link to somewhere else."""
        current = article.text_sha256
        for version in article.versions:
            text = article.version_texts.get(version.sha256)
            if text is None or version.sha256 == current:
                continue
            path = self.version_text_path(article.id, version.sha256)
            if not os.path.lexists(path):
                self.own_folder(self.versions_dir)
                self.own_folder(path.parent)
                atomic_write_bytes(path, text.encode("utf-8"))

    def version_text(self, article: Article, index: int) -> str:
        """The text of ``article.versions[index]``: the article's own text for the current one,
        else from memory or ``versions/``. NotFoundError when it is not kept, CorruptFileError
        when the file does not hold that text."""
        version = article.versions[index]
        if version.sha256 == article.text_sha256:
            return article.text
        text = article.version_texts.get(version.sha256)
        if text is not None:
            return text
        path = self.version_text_path(article.id, version.sha256)
        try:
            if os.path.islink(self.versions_dir) or os.path.islink(path.parent):
                raise RefusedFileError(f"{path.parent} is a link to another place, so it is not read.")
            data = read_regular_file(path, 4 * MAX_TEXT_CHARS + 4)
        except RefusedFileError as exc:
            raise CorruptFileError(f"The text of version {index + 1} cannot be read: {exc}") from exc
        except FileNotFoundError:
            raise NotFoundError(f"The text of version {index + 1} is not in the library (the file {path} is missing).") from None
        except OSError as exc:
            raise StoreError(f"{path.name} cannot be read: {exc.strerror}.") from exc
        if _digest(data) != version.sha256:
            raise CorruptFileError(f"{path} does not hold the text of version {index + 1} (its SHA-256 differs).")
        text = data.decode("utf-8")
        article.version_texts[version.sha256] = text
        return text

    # -- snapshots -------------------------------------------------------------------------

    def save_snapshot(self, body: bytes) -> str:
        """Keep the raw bytes of a fetched source by SHA-256; returns the hash."""
        digest = _digest(body)
        self.ensure_folders()
        path = self.snapshots_dir / digest
        if not os.path.lexists(path):
            atomic_write_bytes(path, body)
        return digest

    def snapshot_path(self, sha256: str) -> Path | None:
        """Where the snapshot with this hash is kept, or None if there is none."""
        if not _SHA256.fullmatch(sha256 or ""):
            return None
        path = self.snapshots_dir / sha256
        if os.path.islink(self.snapshots_dir) or is_link_or_special(path) or not path.exists():
            return None  # only a file of our own, never one a link points to
        return path

    def keep_copy(self, article: Article, label: str) -> Path:
        """Write *article* as it is to ``backups/<id>.<label>-<time>.json`` (e.g. unsaved edits
        set aside before taking another version); returns the path. StoreError if that fails,
        also when backups/ is a link to somewhere else."""
        target = self.own_folder(self.backups_dir) / f"{check_article_id(article.id)}.{label}-{_timestamp()}.json"
        atomic_write_bytes(target, _article_bytes(article))
        return target


def _status_counts(article: Article) -> dict[str, int]:
    # Counted by status first: reading an enum's value 5,000 times showed in a key press (issue 17).
    return {status.value: count for status, count in Counter(claim.status for claim in article.claims).items()}


def _article_bytes(article: Article) -> bytes:
    """The file's bytes; StoreError if some text cannot be written (a lone surrogate from a command line)."""
    try:
        return dumps_article_utf8(article)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start] if isinstance(exc.object, str) else "?"
        raise StoreError(
            f"The article holds a character that is not valid text (U+{ord(bad):04X}), so it was not saved. "
            "Check the text you gave for stray bytes; the file on disk is unchanged."
        ) from exc


def load_json_file(path: Path) -> object:
    """Read a small JSON file the user pointed at (seed metadata, a sidecar); CorruptFileError if unreadable.

    Links are followed (the user chose the file) but FIFOs, devices and files over
    :data:`MAX_JSON_FILE_BYTES` are refused.
    """
    try:
        data = read_regular_file(path, MAX_JSON_FILE_BYTES, follow_links=True)
    except OSError as exc:
        raise CorruptFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    except RefusedFileError as exc:
        raise CorruptFileError(str(exc)) from exc
    return loads_document(data, path.name)


__all__ = [
    "ArticleSummary",
    "ConflictError",
    "Library",
    "LibraryProblem",
    "OpenArticle",
    "check_article_id",
    "load_json_file",
]
