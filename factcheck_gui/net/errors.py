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

:func:`translate` turns an error of requests, urllib3, ssl, socket or http.client into one
of these through one table (:func:`_table`): the message is plain words, and the library's
own text (``HTTPConnectionPool(host=...): Max retries exceeded...``) goes to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
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
    "reason",
    "translate",
]

_log = logging.getLogger(__name__)


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


# -- library errors -> ours ------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """Library errors of *types* (found anywhere in the chain, unless also of *unless*) become
    *error*; *what* says what happened (``{who}``, ``{host}``, ``{timeout}``), *advice* what to
    do, and *reason* is the same in a few words, for a message of its own."""

    types: tuple[type, ...]
    error: type[NetError]
    what: str
    advice: str
    reason: str
    unless: tuple[type, ...] = ()


_RETRY = "Try again later, or try an archived copy."
_RETRY_LOWER = "try again later, or try an archived copy."


@lru_cache(maxsize=1)
def _table() -> tuple[_Row, ...]:
    """The one table, first match wins. Built on first use: requests loads only when fetching."""
    import http.client
    import socket
    import ssl

    import requests
    from urllib3 import exceptions as u3

    return (
        _Row((requests.exceptions.SSLError, ssl.SSLError, u3.SSLError), TlsError,
             "The secure connection to {host} could not be verified: the site's certificate "
             "may be expired, self-signed or for another site, or the site has no secure version.",
             "Check the address, or try an archived copy.", "the secure connection could not be verified"),
        _Row((u3.NameResolutionError, socket.gaierror), DnsError,
             "The host name {host} could not be found.",
             "Check the address for typing mistakes; if it is right, check your internet connection "
             "or try an archived copy.", "the host name {host} could not be found"),
        _Row((ConnectionRefusedError,), ConnectionFailedError,
             "{who} refused the connection: nothing answers at this address and port.",
             "Check the address, or try again later.", "the connection was refused"),
        # urllib3's NewConnectionError (refused, DNS, unreachable) is a ConnectTimeoutError too.
        _Row((requests.exceptions.ConnectTimeout, u3.ConnectTimeoutError), FetchTimeoutError,
             "{who} did not answer within {timeout} seconds. It may be down or overloaded:",
             _RETRY_LOWER, "no answer within {timeout} seconds", unless=(u3.NewConnectionError,)),
        _Row((requests.exceptions.ReadTimeout, u3.ReadTimeoutError, socket.timeout, TimeoutError),
             FetchTimeoutError,
             "{who} {stopped} for more than {timeout} seconds. It may be overloaded:", _RETRY_LOWER,
             "no answer within {timeout} seconds"),
        _Row((requests.exceptions.ContentDecodingError, u3.DecodeError), MalformedPageError,
             "{who} sent a compressed document that could not be unpacked.", _RETRY,
             "its answer could not be unpacked"),
        _Row((http.client.LineTooLong, http.client.HTTPException), MalformedPageError,
             "{who} sent an answer that is not valid HTTP (too many headers, or a header too long), "
             "so it was not read.", _RETRY, "its answer was not valid HTTP"),
        _Row((requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
              requests.exceptions.MissingSchema, u3.LocationParseError), BadUrlError,
             "The address {url} cannot be fetched.", "Check it for typing mistakes.",
             "the address cannot be fetched"),
        _Row((u3.ProtocolError, ConnectionResetError, ConnectionAbortedError, BrokenPipeError),
             ConnectionFailedError,
             "{who} closed the connection {during}.", "Try again; if it keeps failing, try an archived copy.",
             "the connection was closed"),
    )


def translate(
    exc: BaseException, url: str, timeout: float, *, reading: bool = False, who: str = ""
) -> NetError:
    """*exc* (requests, urllib3, ssl, socket, http.client) as one of our errors, in plain words.

    *who* names the other side ("The Internet Archive"); by default "The server at HOST".
    *reading* says the body was downloading. The library's own text is logged, never shown.
    """
    row, fields = _match(exc, url, timeout, reading=reading, who=who)
    if row is not None:
        return row.error(f"{row.what.format(**fields)} {row.advice}", url=url)
    if reading:
        message = f"The connection to {fields['host']} broke while the document was downloading. Try again."
    else:
        message = (f"Could not connect to {fields['host']}. Check your internet connection and the "
                   "address, then try again.")
    return ConnectionFailedError(message, url=url)


def reason(exc: BaseException, url: str, timeout: float) -> str:
    """What went wrong with *exc*, in a few plain words ("the connection was refused")."""
    row, fields = _match(exc, url, timeout)
    return row.reason.format(**fields) if row is not None else "no connection could be made"


def _match(
    exc: BaseException, url: str, timeout: float, *, reading: bool = False, who: str = ""
) -> tuple[_Row | None, dict[str, str]]:
    from factcheck_gui.net.urls import host_of

    host = host_of(url) or url
    fields = {
        "who": who or f"The server at {host}",
        "host": host,
        "url": url,
        "timeout": f"{timeout:g}",
        "stopped": "stopped sending the document" if reading else "did not send the page",
        "during": "while the document was downloading" if reading else "before it answered",
    }
    chain = list(_causes(exc))
    _log.info("Fetching %s failed: %s", url, " <- ".join(f"{type(item).__name__}: {item}" for item in chain))
    for row in _table():
        if any(isinstance(item, row.types) and not isinstance(item, row.unless) for item in chain):
            return row, fields
    return None, fields


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """*exc* and every exception it wraps (cause, context, args, urllib3's ``reason``)."""
    stack: list[BaseException] = [exc]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        for inner in (item.__cause__, item.__context__, getattr(item, "reason", None), *getattr(item, "args", ())):
            if isinstance(inner, BaseException):
                stack.append(inner)
