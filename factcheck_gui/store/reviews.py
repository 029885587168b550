"""The library's imported reviews: ``<library>/reviews.json``, the truth the search index caches.

Earlier fact-checks imported from ClaimReview (``core.reviews``) are kept in one JSON file
(``{"version": 1, "reviews": [...]}``), written atomically; the search index is rebuilt
from it like the article files. Reading it is bounded like every untrusted file: a
regular file under :data:`MAX_REVIEWS_FILE_BYTES`; one that cannot be read is set aside in
``corrupt/`` and the library works on without it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck_gui.core.errors import CorruptFileError, StoreError
from factcheck_gui.core.reviews import Review, review_from_dict, review_to_dict
from factcheck_gui.store.articlefile import loads_document
from factcheck_gui.store.atomic import atomic_write_bytes
from factcheck_gui.store.safefile import RefusedFileError, read_regular_file

if TYPE_CHECKING:
    from factcheck_gui.store.library import Library

__all__ = ["MAX_REVIEWS_FILE_BYTES", "REVIEWS_FILE", "add_reviews", "load_reviews", "reviews_path", "reviews_stamp"]

REVIEWS_FILE = "reviews.json"
MAX_REVIEWS_FILE_BYTES = 256 * 1024 * 1024
_VERSION = 1


def reviews_path(library: Library) -> Path:
    return library.root / REVIEWS_FILE


def reviews_stamp(library: Library) -> str:
    """(mtime_ns, size) of the reviews file as text, "" when there is none: the index's freshness."""
    try:
        info = os.stat(reviews_path(library), follow_symlinks=False)
    except OSError:
        return ""
    return f"{info.st_mtime_ns}:{info.st_size}"


def load_reviews(library: Library) -> list[Review]:
    """The imported reviews, in the order they were imported; [] when there are none.

    CorruptFileError (the file was set aside) when the file cannot be read as reviews.
    """
    path = reviews_path(library)
    try:
        data = read_regular_file(path, MAX_REVIEWS_FILE_BYTES)
    except FileNotFoundError:
        return []
    except (RefusedFileError, CorruptFileError) as exc:
        raise _set_aside(library, path, str(exc)) from exc
    except OSError as exc:
        raise StoreError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    try:
        document = loads_document(data, path.name)
    except CorruptFileError as exc:
        raise _set_aside(library, path, str(exc)) from exc
    items = document.get("reviews") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise _set_aside(library, path, f"{path.name} does not hold a list of reviews.")
    return [review for review in map(review_from_dict, items) if review is not None]


def add_reviews(library: Library, reviews: Iterable[Review]) -> tuple[list[Review], int]:
    """Add *reviews* to the file, skipping those already there (same :attr:`Review.key`).

    Returns (the reviews added, how many were there already). The search index is updated.
    """
    known = load_reviews(library)
    keys = {review.key for review in known}
    added: list[Review] = []
    repeated = 0
    for review in reviews:
        if review.key in keys:
            repeated += 1
            continue
        keys.add(review.key)
        added.append(review)
    if added:
        before = reviews_stamp(library)
        library.own_folder(library.root)
        document = {"version": _VERSION, "reviews": [review_to_dict(r) for r in [*known, *added]]}
        atomic_write_bytes(reviews_path(library),
                           (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        from factcheck_gui.store.library_index import index_reviews_added

        index_reviews_added(library, added, before)
    return added, repeated


def _set_aside(library: Library, path: Path, reason: str) -> CorruptFileError:
    moved = library.set_aside(path)
    where = f"It was moved to {moved}" if moved else "It could not be moved aside"
    return CorruptFileError(f"{reason} {where}; import the reviews again to rebuild it.")
