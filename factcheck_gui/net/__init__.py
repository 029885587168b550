"""Network layer: fetch sources and articles, read their metadata and text, ask the archive.

Imports ``core`` only (and requests, lxml, beautifulsoup4, trafilatura, pypdf); no Qt, no
file writes. Everything raises :class:`~factcheck_gui.core.errors.FetchError` subclasses
from :mod:`factcheck_gui.net.errors`, whose messages are written for the user.

Modules: ``urls`` (normalise what the user typed), ``fetch`` (download and read),
``metadata`` (title, authors, dates...), ``extract`` (main text and link ranges),
``document`` (by content type), ``workers`` (documents read in worker processes), ``pdf``,
``encoding``, ``kinds`` (guess the source kind), ``archive`` (Wayback Machine), ``cancel``
(CancelToken), ``errors``.

The names below are importable from here; the modules load on first use, so importing
this package costs nothing. ``fetch()`` itself is ``factcheck_gui.net.fetch.fetch`` (the
package attribute ``fetch`` is its module).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CancelToken": "cancel",
    "FetchResult": "fetch",
    "Redirect": "fetch",
    "failed_source": "fetch",
    "fetch_article": "fetch",
    "fetch_to_source": "fetch",
    "new_session": "fetch",
    "to_source": "fetch",
    "guess_kind": "kinds",
    "normalize_url": "urls",
    "ExtractedArticle": "extract",
    "extract_article": "extract",
    "extract_main_text": "extract",
    "extract_text_and_links": "extract",
    "PageMetadata": "metadata",
    "extract_metadata": "metadata",
    "find_published_date": "metadata",
    "lookup_archive": "archive",
    "save_to_archive": "archive",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
