"""Errors of the network layer, all :class:`~factcheck_gui.core.errors.FetchError` subclasses.

Library errors (requests, urllib3, pypdf, lxml) are translated here, at the boundary, with
``raise ... from exc``: the window and the command line catch ``FetchError`` (or the
project-wide ``FactcheckError``) and show ``str(error)``, a sentence written for a
fact-checker that says what happened and what to do.

Tree::

    FetchError (core)
    ├── BadUrlError              the address cannot be fetched (scheme, host, credentials)
    ├── RedirectError            a redirect loop, too many hops, or a hop to a refused scheme
    ├── DnsError                 the host name does not resolve
    ├── ConnectionFailedError    refused, reset or unreachable
    ├── FetchTimeoutError        no answer within the timeout
    ├── TlsError                 the secure connection could not be verified
    ├── HttpStatusError          4xx or 5xx; has .status and .reason
    ├── TooLargeError            the body is larger than the size cap; has .limit
    ├── UnsupportedContentError  the content type has no text we can use (article import)
    ├── MalformedPageError       the page or PDF cannot be read, or has no text
    ├── CancelledFetch           the user cancelled
    └── ArchiveError             the Internet Archive could not be asked or refused
"""

from __future__ import annotations

from http import HTTPStatus

from factcheck_gui.core.errors import FetchError

__all__ = [
    "ArchiveError",
    "BadUrlError",
    "CancelledFetch",
    "ConnectionFailedError",
    "DnsError",
    "FetchError",
    "FetchTimeoutError",
    "HttpStatusError",
    "MalformedPageError",
    "NetError",
    "RedirectError",
    "TlsError",
    "TooLargeError",
    "UnsupportedContentError",
]


class NetError(FetchError):
    """Base of this module's errors: a message plus the URL it concerns (may be empty)."""

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.url = url


class BadUrlError(NetError):
    """The text typed or pasted is not an address we can fetch (refused scheme, no host...)."""


class RedirectError(NetError):
    """The server's redirects cannot be followed: too many, a loop, or a refused scheme."""


class DnsError(NetError):
    """The host name in the address does not exist or could not be looked up."""


class ConnectionFailedError(NetError):
    """The server could not be reached: connection refused, reset or unreachable."""


class FetchTimeoutError(NetError):
    """The server did not answer (or stopped sending) within the timeout."""


class TlsError(NetError):
    """The secure (https) connection failed: bad certificate, expired, wrong host."""


class HttpStatusError(NetError):
    """The server answered with an error status (4xx or 5xx)."""

    def __init__(self, status: int, reason: str = "", *, url: str = "") -> None:
        self.status = status
        standard = _standard_reason(status)
        # "NOT FOUND" (some servers shout) reads better as the standard "Not Found".
        self.reason = standard if not reason or reason.casefold() == standard.casefold() else reason
        super().__init__(http_status_message(status, self.reason), url=url)


class TooLargeError(NetError):
    """The document is larger than the size cap (``Settings.fetch_max_bytes``)."""

    def __init__(self, limit: int, *, size: int | None = None, url: str = "") -> None:
        self.limit = limit
        self.size = size
        told = f" (the server announced {format_size(size)})" if size else ""
        super().__init__(
            f"The document is larger than the {format_size(limit)} limit{told}, so the download "
            "was stopped. Raise the size limit in the settings if you need it, or save the file "
            "yourself.",
            url=url,
        )


class UnsupportedContentError(NetError):
    """The document has no text we can read (an image, a video, an archive...)."""


class MalformedPageError(NetError):
    """The page or PDF is broken, or has no readable text."""


class CancelledFetch(NetError):
    """The fetch was cancelled through its :class:`~factcheck_gui.net.cancel.CancelToken`."""

    def __init__(self, message: str = "", *, url: str = "") -> None:
        super().__init__(message or "The download was cancelled. Nothing was saved.", url=url)


class ArchiveError(NetError):
    """Asking the Internet Archive failed. Never fatal: the source itself is still kept."""


def _standard_reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


_STATUS_ADVICE = {
    400: "the server did not understand the request. Check the address for typing mistakes.",
    401: "the page needs a login. Open it in a browser and save it, or look for a public copy.",
    403: (
        "the server refuses to give this page to us (it may block automated downloads). "
        "Open it in a browser, or try an archived copy."
    ),
    404: "the page does not exist at this address. Check the URL or try an archived copy.",
    410: "the page was removed on purpose. Try an archived copy.",
    429: "the server says we asked too often. Wait a few minutes and try again.",
    451: "the page is blocked for legal reasons. Try an archived copy.",
}


def http_status_message(status: int, reason: str = "") -> str:
    """A sentence for an error status: ``The server answered 404 Not Found: ...``."""
    reason = reason or _standard_reason(status)
    answered = f"The server answered {status} {reason}".rstrip()
    advice = _STATUS_ADVICE.get(status)
    if advice is None:
        if status >= 500:
            advice = (
                "the website has a problem on its side. Try again later, or try an archived copy."
            )
        else:
            advice = "the page could not be fetched. Check the URL or try an archived copy."
    return f"{answered}: {advice}"


def format_size(size: int | None) -> str:
    """``15 MB``, ``980 KB``, ``12 bytes``: for messages and the UI."""
    if size is None:
        return "unknown size"
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} byte" if size == 1 else f"{size} bytes"
