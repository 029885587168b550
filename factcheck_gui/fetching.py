"""Fetching sources: a page fetched, a source kept with its snapshot, an archived copy found.

Shared by the command line (``factcheck fetch``, ``factcheck source add``) and the window's
sources panel, which runs these functions on its task runner's threads. They are plain
functions (no Qt): each takes an optional :class:`~factcheck_gui.net.cancel.CancelToken`
and an optional ``progress(fraction, status)`` callback, and returns plain data or raises a
:class:`~factcheck_gui.core.errors.FetchError` with a message for the user. They touch no
model object: pinning what they return is the caller's business (``core.editing``).

Layered like :mod:`factcheck_gui.importer`: it uses core, store and net.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck_gui.core.clock import utc_now
from factcheck_gui.core.model import Source
from factcheck_gui.core.settings import Settings

if TYPE_CHECKING:  # net is imported when a fetch starts, not with this module
    from factcheck_gui.core.reviews import Review
    from factcheck_gui.net.cancel import CancelToken
    from factcheck_gui.net.fetch import FetchResult
    from factcheck_gui.store.library import Library

__all__ = ["ArchiveOutcome", "Progress", "archive_page", "fetch_page", "fetch_source", "read_reviews"]

#: ``progress(fraction, status)``: how far a fetch got (0.0 to 1.0; 0.0 while the size is
#: unknown) and a short sentence for the user. Called on the fetching thread.
Progress = Callable[[float, str], None]


def fetch_page(url: str, settings: Settings, *, cancel: CancelToken | None = None,
               progress: Progress | None = None) -> FetchResult:
    """Download and read *url* with the library's *settings*, reporting how much arrived."""
    from factcheck_gui.net.errors import format_size
    from factcheck_gui.net.fetch import fetch

    report = progress or _ignore
    report(0.0, "Connecting\u2026")

    def received(count: int, total: int | None) -> None:
        if total:
            report(count / total, f"{format_size(count)} of {format_size(total)}")
        else:
            report(0.0, f"{format_size(count)} received")

    return fetch(url, settings=settings, cancel=cancel, progress=received)


def fetch_source(url: str, settings: Settings, library: Library, *, cancel: CancelToken | None = None,
                 progress: Progress | None = None) -> Source:
    """Fetch *url*, keep its raw body as a snapshot in *library*, and return the new source.

    The source is new, plain data (``sha256`` names the snapshot), not yet in any article.
    """
    from factcheck_gui.net.fetch import to_source

    result = fetch_page(url, settings, cancel=cancel, progress=progress)
    if cancel is not None:
        cancel.raise_if_cancelled(url)
    (progress or _ignore)(1.0, "Keeping a snapshot\u2026")
    source = to_source(result)
    source.sha256 = library.save_snapshot(result.body)
    return source


@dataclass(frozen=True)
class ArchiveOutcome:
    """Where the Internet Archive keeps a copy of a source."""

    archive_url: str
    archived_at: str
    saved_now: bool  # True: Save Page Now made the copy; False: an existing copy was found
    note: str = ""  # why an existing copy was taken instead ("" when saved now)


def archive_page(url: str, settings: Settings, *, cancel: CancelToken | None = None,
                 progress: Progress | None = None) -> ArchiveOutcome:
    """Ask Save Page Now for a copy of *url*; if that fails, look up an existing copy.

    Raises the Save Page Now error (an ``ArchiveError``) when there is no existing copy either.
    """
    from factcheck_gui.net.archive import archived_at, lookup_archive, save_to_archive
    from factcheck_gui.net.errors import ArchiveError

    report = progress or _ignore
    report(0.0, "Asking the Internet Archive to save a copy\u2026")
    try:
        archive_url = save_to_archive(url, settings)
    except ArchiveError as save_error:
        if cancel is not None:
            cancel.raise_if_cancelled(url)
        report(0.5, "Looking for an existing copy\u2026")
        try:
            found = lookup_archive(url, settings)
        except ArchiveError:
            raise save_error from None
        if not found:
            raise
        return ArchiveOutcome(found, archived_at(found) or utc_now(), False, str(save_error))
    return ArchiveOutcome(archive_url, archived_at(archive_url) or utc_now(), True)


#: A file of earlier fact-checks may be a whole publisher's feed, far larger than an article.
MAX_REVIEWS_INPUT_BYTES = 256 * 1024 * 1024


def read_reviews(target: str, settings: Settings, *, cancel: CancelToken | None = None,
                 progress: Progress | None = None) -> list[Review]:
    """The ClaimReviews of *target*: a local file (JSON-LD, a feed, a saved page) or a web address
    fetched with the library's *settings*. InputError when it holds none or cannot be read."""
    from pathlib import Path

    from factcheck_gui.core.errors import InputError
    from factcheck_gui.core.reviews import parse_reviews
    from factcheck_gui.net.urls import read_address
    from factcheck_gui.store.safefile import RefusedFileError, read_regular_file

    address = read_address(target, local_files=True)
    if address is not None and address.kind == "web":
        result = fetch_page(address.value, settings, cancel=cancel, progress=progress)
        return parse_reviews(_decode(result.body, result.charset), result.final_url)
    path = Path(address.value if address is not None else target).expanduser()
    if not path.exists():
        raise InputError(f"There is no file {path}. Give a ClaimReview file or a web address.")
    try:
        data = read_regular_file(path, MAX_REVIEWS_INPUT_BYTES, follow_links=True)
    except RefusedFileError as exc:
        raise InputError(f"{exc} Give a ClaimReview file or a web address.") from exc
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    return parse_reviews(_decode(data), path.name)


def _decode(data: bytes, charset: str = "") -> str:
    """JSON-LD is UTF-8 (or UTF-16 with a BOM); a page may say otherwise; nothing fails on a stray byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode(charset or "cp1252", errors="replace")
        except LookupError:
            return data.decode("utf-8", errors="replace")


def _ignore(_fraction: float, _status: str) -> None:
    """No one listens to the progress."""
