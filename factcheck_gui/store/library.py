"""The library folder: one JSON file per article, plus snapshots, backups and trash.

Layout (DESIGN.md)::

    <root>/articles/<id>.json     the articles
    <root>/snapshots/<sha256>     raw bodies of fetched sources
    <root>/backups/<id>.json      the previous version of each article
    <root>/trash/<id>.json        deleted articles (restorable)
    <root>/corrupt/<file>.<time>  files that could not be read, set aside
    <root>/settings.json          user settings
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

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
from factcheck_gui.core.schema import SCHEMA_VERSION, article_from_dict, schema_version_of
from factcheck_gui.store.articlefile import dumps_article_utf8, loads_document
from factcheck_gui.store.atomic import atomic_write_bytes, remove_stale_temp_files

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


@contextlib.contextmanager
def _file_lock(lock_path: Path) -> Iterator[None]:
    """An exclusive inter-process lock (POSIX flock; elsewhere a no-op)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class Library:
    """A library folder. Cheap to create: nothing is read or created until used."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.articles_dir = self.root / "articles"
        self.snapshots_dir = self.root / "snapshots"
        self.backups_dir = self.root / "backups"
        self.trash_dir = self.root / "trash"
        self.corrupt_dir = self.root / "corrupt"
        self._stale_temp_files_removed = False

    # -- folders ---------------------------------------------------------------------------

    def ensure_folders(self) -> None:
        """Create the library folders; StoreError if that is not possible.

        The first call also removes temporary files that a killed writer left behind.
        """
        try:
            for folder in (self.articles_dir, self.snapshots_dir):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"The library folder {self.root} cannot be created or written ({exc.strerror}). "
                "Choose another folder with --data-dir."
            ) from exc
        if not self._stale_temp_files_removed:  # once: every save comes here, and snapshots/ grows large
            for folder in (self.articles_dir, self.snapshots_dir, self.backups_dir):  # all written atomically
                remove_stale_temp_files(folder)
            self._stale_temp_files_removed = True

    def path_of(self, article_id: str) -> Path:
        return self.articles_dir / f"{check_article_id(article_id)}.json"

    def article_ids(self) -> list[str]:
        """Ids of the article files in the library, sorted."""
        if not self.articles_dir.is_dir():
            return []
        return sorted(p.stem for p in self.articles_dir.glob("*.json") if _SAFE_ID.fullmatch(p.stem))

    def resolve_id(self, wanted: str) -> str:
        """The id of an article from its full id or a unique prefix; NotFoundError otherwise."""
        wanted = wanted.strip()
        ids = self.article_ids()
        if wanted in ids:
            return wanted
        if not wanted:
            raise InputError("Give an article id; `factcheck list` shows them.")
        matches = [i for i in ids if i.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InputError(f"\u201c{wanted}\u201d matches {len(matches)} articles; give more of the id.")
        raise NotFoundError(f"There is no article \u201c{wanted}\u201d in {self.articles_dir}. `factcheck list` shows the ids.")

    # -- reading ---------------------------------------------------------------------------

    def open(self, article_id: str) -> OpenArticle:
        """Load an article. A corrupt file is set aside and raises CorruptFileError; a newer
        schema version opens read-only."""
        path = self.path_of(article_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFoundError(f"There is no article \u201c{article_id}\u201d in the library.") from None
        except OSError as exc:
            raise StoreError(f"{path.name} cannot be read: {exc.strerror}.") from exc
        try:
            return self._parse(path, data)
        except CorruptFileError as exc:
            moved = self.set_aside(path)
            raise CorruptFileError(f"{exc} The file was moved to {moved} and the rest of the library is unaffected.") from exc

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
        try:
            article = article_from_dict(document, allow_newer=read_only)
        except SchemaVersionError:
            raise
        except (ValueError, TypeError, KeyError, RecursionError) as exc:  # shape errors the reader did not name
            raise CorruptFileError(f"{path.name} does not have the shape of an article file ({exc}).") from exc
        if article.id != path.stem:
            article.id = path.stem  # the file name is the id; a copied file keeps working
        return OpenArticle(article=article, path=path, disk_digest=_digest(data), read_only=read_only, read_only_reason=reason)

    def set_aside(self, path: Path) -> Path:
        """Move an unreadable file to corrupt/ so the library loads without it."""
        self.corrupt_dir.mkdir(parents=True, exist_ok=True)
        target = self.corrupt_dir / f"{path.name}.{_timestamp()}"
        try:
            os.replace(path, target)
        except OSError:
            shutil.copyfile(path, target)
        return target

    def summaries(self) -> tuple[list[ArticleSummary], list[LibraryProblem]]:
        """Summaries of every readable article; unreadable files are set aside and reported."""
        summaries: list[ArticleSummary] = []
        problems: list[LibraryProblem] = []
        for article_id in self.article_ids():
            try:
                handle = self.open(article_id)
            except FactcheckError as exc:
                problems.append(LibraryProblem(self.articles_dir / f"{article_id}.json", str(exc)))
                continue
            summaries.append(self.summary_of(handle))
        return summaries, problems

    @staticmethod
    def summary_of(handle: OpenArticle) -> ArticleSummary:
        article = handle.article
        return ArticleSummary(
            id=article.id,
            title=article.title,
            publisher=article.meta.publisher,
            published=article.meta.published,
            url=article.meta.url,
            claim_count=len(article.claims),
            verdict_counts=article.verdict_counts(),
            source_count=len(article.sources),
            updated=article.updated,
            read_only=handle.read_only,
        )

    # -- writing ---------------------------------------------------------------------------

    def add(self, article: Article) -> OpenArticle:
        """Save a new article under its id and return its handle."""
        check_article_id(article.id)
        self.ensure_folders()
        path = self.path_of(article.id)
        if path.exists():
            raise StoreError(f"An article with id {article.id} already exists.")
        handle = OpenArticle(article=article, path=path, disk_digest=None)
        self.save(handle)
        return handle

    def changed_on_disk(self, handle: OpenArticle) -> bool:
        """True if the file no longer holds what this handle last read or wrote."""
        try:
            current = _digest(handle.path.read_bytes())
        except FileNotFoundError:
            return handle.disk_digest is not None
        except OSError:
            return False
        return current != handle.disk_digest

    def save(self, handle: OpenArticle, *, force: bool = False) -> None:
        """Write the article atomically, keeping the previous version in backups/.

        Raises ReadOnlyError for a newer-schema article, ConflictError if the file changed
        on disk since it was loaded (unless *force*), StoreError if the write failed.
        """
        if handle.read_only:
            raise ReadOnlyError(handle.read_only_reason or "This article is open read-only.")
        data = dumps_article_utf8(handle.article)
        self.ensure_folders()
        with _file_lock(self.articles_dir / f".{handle.path.stem}.lock"):
            if not force and self.changed_on_disk(handle):
                raise ConflictError(
                    f"\u201c{handle.article.title}\u201d was changed on disk by another program or window "
                    "since it was opened. Reload it to see that change, or keep your version to overwrite it."
                )
            backup = self.backups_dir / handle.path.name if handle.path.exists() else None
            atomic_write_bytes(handle.path, data, backup_to=backup)
        handle.disk_digest = _digest(data)

    def reload(self, handle: OpenArticle) -> OpenArticle:
        """Read the article again from disk (after a conflict, to take the other version)."""
        return self.open(handle.article.id)

    def delete(self, article_id: str) -> Path:
        """Move an article to the trash; returns where it went (restore() brings it back)."""
        path = self.path_of(article_id)
        if not path.exists():
            raise NotFoundError(f"There is no article \u201c{article_id}\u201d in the library.")
        self.trash_dir.mkdir(parents=True, exist_ok=True)
        target = self.trash_dir / path.name
        if target.exists():
            os.replace(target, self.trash_dir / f"{path.stem}.{_timestamp()}.json")
        os.replace(path, target)
        return target

    def restore(self, article_id: str) -> Path:
        """Bring an article back from the trash."""
        source = self.trash_dir / f"{check_article_id(article_id)}.json"
        if not source.exists():
            raise NotFoundError(f"The trash holds no article \u201c{article_id}\u201d.")
        target = self.path_of(article_id)
        if target.exists():
            raise StoreError(f"An article {article_id} exists again; it was not overwritten by the one in the trash.")
        self.ensure_folders()
        os.replace(source, target)
        return target

    # -- snapshots -------------------------------------------------------------------------

    def save_snapshot(self, body: bytes) -> str:
        """Keep the raw bytes of a fetched source by SHA-256; returns the hash."""
        digest = _digest(body)
        self.ensure_folders()
        path = self.snapshots_dir / digest
        if not path.exists():
            atomic_write_bytes(path, body)
        return digest

    def snapshot_path(self, sha256: str) -> Path | None:
        """Where the snapshot with this hash is kept, or None if there is none."""
        if not _SHA256.fullmatch(sha256 or ""):
            return None
        path = self.snapshots_dir / sha256
        return path if path.exists() else None


def load_json_file(path: Path) -> object:
    """Read a small JSON file (seed metadata, settings); CorruptFileError if unreadable."""
    return loads_document(path.read_bytes(), path.name)


__all__ = [
    "ArticleSummary",
    "ConflictError",
    "Library",
    "LibraryProblem",
    "OpenArticle",
    "check_article_id",
    "load_json_file",
]
