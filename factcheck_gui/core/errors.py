"""The project's exception tree. Every error a user can cause is one of these.

Layers translate library errors at their boundary (``raise ... from exc``), so the
command line and the window only need to catch :class:`FactcheckError` and show
its message, which is written for a fact-checker, not a programmer.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base of every error factcheck-gui reports to its user."""


class InputError(FactcheckError):
    """The user gave something we cannot use (empty file, binary data, bad id...)."""


class NotFoundError(FactcheckError):
    """An article, claim or source with that id does not exist."""


class StaleConflictError(NotFoundError):
    """A sync conflict's field was changed after the sync that met it: that change settled it."""


class StoreError(FactcheckError):
    """Reading or writing the library folder failed."""


class CorruptFileError(StoreError):
    """An article file is not valid JSON or not an article; it was set aside."""


class SchemaVersionError(StoreError):
    """An article file was written by a newer factcheck-gui; it is opened read-only."""


class ReadOnlyError(StoreError):
    """The article is open read-only (newer schema version) and cannot be saved."""


class ConflictError(StoreError):
    """The article file changed on disk since it was loaded; saving would lose that change."""


class FetchError(FactcheckError):
    """Fetching a URL failed; the message says how (timeout, 404, too large...)."""
