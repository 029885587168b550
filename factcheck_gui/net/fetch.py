"""Fetch a URL: redirects recorded, size capped, cancellable; the body read into text and metadata.

Runs on a worker thread; touches no file and no widget. The caller (the store) saves
``result.body`` as the snapshot ``snapshots/<result.sha256>``.

Typical use from a worker::

    token = CancelToken()                      # keep it; token.cancel() from the GUI thread
    source, body = fetch_to_source(url, settings=settings, cancel=token, progress=report)

or, to show a failed card::

    try:
        source, body = fetch_to_source(url, settings=settings)
    except CancelledFetch:
        ...                                    # the user cancelled: show nothing
    except FetchError as error:
        source = failed_source(url, error)     # source.error is the message to show
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from factcheck_gui.core.clock import utc_now
from factcheck_gui.core.errors import FetchError
from factcheck_gui.core.model import Source
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.text import sha256_bytes
from factcheck_gui.net import workers
from factcheck_gui.net.cancel import CancelToken
from factcheck_gui.net.document import DocumentType, describe_data
from factcheck_gui.net.encoding import parse_content_type
from factcheck_gui.net.errors import (
    BadUrlError,
    FetchTimeoutError,
    HttpStatusError,
    MalformedPageError,
    RedirectError,
    TlsError,
    TooLargeError,
    UnsupportedContentError,
    translate,
)
from factcheck_gui.net.extract import NO_TEXT_MESSAGE, ExtractedArticle, LinkRange, format_byline
from factcheck_gui.net.kinds import guess_kind
from factcheck_gui.net.urls import has_scheme, host_of, normalize_url, redact_credentials, shown

__all__ = [
    "MAX_REDIRECTS",
    "FetchResult",
    "Redirect",
    "failed_source",
    "fetch",
    "fetch_article",
    "fetch_to_source",
    "guess_kind",
    "new_session",
    "to_source",
    "user_agent",
]

MAX_REDIRECTS = 10
CHUNK_BYTES = 64 * 1024
# A server that drips bytes just fast enough to beat the read timeout is stopped after this
# many read timeouts in all (20 s x 6 = 2 minutes with the default settings).
TOTAL_TIME_FACTOR = 6
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)
HEADERS_KEPT = (
    "content-type", "content-length", "content-language", "content-encoding", "content-disposition",
    "last-modified", "etag", "date", "server", "cache-control", "expires", "x-robots-tag", "link",
)

ProgressCallback = Callable[[int, "int | None"], None]


@dataclass
class Redirect:
    """One hop: *url* answered *status* and sent us to *location*."""

    url: str
    status: int
    location: str


@dataclass
class FetchResult:
    """A successful fetch: what was asked, what answered, the raw body and what it says."""

    requested_url: str  # normalised form of what the user typed
    final_url: str  # after redirects
    status: int
    reason: str
    content_type: str  # MIME type only, lower case: "text/html"
    headers: dict[str, str]  # lower-case names, the subset in HEADERS_KEPT
    body: bytes
    sha256: str  # of body: the snapshot's file name
    size: int  # len(body)
    fetched_at: str  # UTC ISO 8601
    redirects: list[Redirect] = field(default_factory=list)
    document_type: str = DocumentType.OTHER  # "html", "pdf", "text" or "other"
    charset: str = ""  # the codec the text was decoded with
    # What the document says (all may be empty):
    title: str = ""
    site: str = ""  # the site's name ("The Hill"), as Source.site
    authors: list[str] = field(default_factory=list)
    published: str = ""  # YYYY-MM-DD or full ISO 8601
    created: str = ""  # when the file was made (a PDF's creation date), never taken for published
    modified: str = ""
    canonical_url: str = ""
    description: str = ""
    language: str = ""
    text: str = ""  # main text, paragraphs separated by "\n\n"
    links: list[LinkRange] = field(default_factory=list)  # hyperlinks of the main text, as ranges
    types: list[str] = field(default_factory=list)  # JSON-LD @types and "og:<type>"
    note: str = ""  # a sentence for the user when text is missing (image, scan, JS page...)
    what: str = ""  # for an "other" document: what it is, "an image (image/png, 12 KB)"

    @property
    def has_text(self) -> bool:
        """True when a main text was read (False for images, scans, script-only pages)."""
        return bool(self.text)

    @property
    def is_html(self) -> bool:
        """True for a web page (HTML or XHTML, or an untyped body that is HTML)."""
        return self.document_type == DocumentType.HTML

    @property
    def decoded_text(self) -> str:
        """The body as text, decoded with :attr:`charset`: the HTML source of a page, or ""
        for PDFs and other binary documents."""
        if not self.charset:
            return ""
        return self.body.decode(self.charset, errors="replace").lstrip("\ufeff")


def user_agent() -> str:
    """``factcheck-gui/<version> (+https://github.com/factcheck-gui)``."""
    from factcheck_gui import __version__

    return f"factcheck-gui/{__version__} (+https://github.com/factcheck-gui)"


def new_session() -> Any:
    """A ``requests.Session`` with our User-Agent. Share one between fetches to reuse connections."""
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = user_agent()
    session.headers["Accept"] = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
    session.headers["Accept-Encoding"] = "gzip, deflate"
    return session


def fetch(
    url: str,
    *,
    settings: Settings | None = None,
    session: Any = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
) -> FetchResult:
    """Download *url* and read it. Raises a :class:`~factcheck_gui.core.errors.FetchError` subclass.

    - *url* is normalised first (:func:`~factcheck_gui.net.urls.normalize_url`): only http
      and https, no credentials.
    - Connect and read timeouts are ``settings.fetch_timeout_seconds`` each; the whole
      download may take at most ``TOTAL_TIME_FACTOR`` times that.
    - Redirects are followed by hand, at most ``MAX_REDIRECTS``, each hop recorded and its
      address checked like the first (a redirect to ``file:`` is refused).
    - The body is streamed and stopped past ``settings.fetch_max_bytes`` (:class:`TooLargeError`).
    - *cancel* is checked before each request, while waiting for the server's answer,
      between chunks and while the document is read (:class:`CancelledFetch`); the total
      time limit applies while waiting for the server too.
    - The document is read (metadata, main text, links) in a worker process
      (:mod:`~factcheck_gui.net.workers`), so that many fetches at once leave the calling
      process's threads, and the window's, free.
    - *progress(received_bytes, total_bytes_or_None)* is called after each chunk, on the
      fetching thread.
    - A 4xx or 5xx answer raises :class:`HttpStatusError`. A document without text (an
      image, a scanned PDF) is not an error: the result has no text and a ``note``.
    """
    settings = settings or Settings()
    requested = normalize_url(url)
    _check(cancel, requested)
    workers.start()  # the processes that read documents start while the page downloads
    own_session = session is None
    session = session if session is not None else new_session()
    timeout = float(settings.fetch_timeout_seconds)
    deadline = time.monotonic() + timeout * TOTAL_TIME_FACTOR
    try:
        try:
            response, redirects = _open(session, requested, timeout, deadline, cancel)
        except TlsError as exc:
            if has_scheme(url) or not requested.startswith("https://"):
                raise
            plain = "http://" + requested[len("https://") :]
            raise TlsError(
                f"{exc} If the site has no secure version, type the address with http:// in front: {plain}",
                url=exc.url,
            ) from exc
        final_url = redirects[-1].location if redirects else requested
        try:
            _check_content_encoding(response, final_url)
            body = _read_body(response, final_url, settings.fetch_max_bytes, deadline, timeout, cancel, progress)
            fetched_at = utc_now()
        finally:
            response.close()
    finally:
        if own_session:
            session.close()

    raw_type = response.headers.get("content-type", "")
    mime, _ = parse_content_type(raw_type)
    _check(cancel, requested)
    document = workers.read_in_worker(body, raw_type, final_url, cancel=cancel)
    return FetchResult(
        requested_url=requested,
        final_url=final_url,
        status=response.status_code,
        reason=response.reason or "",
        content_type=mime,
        headers={name: response.headers[name] for name in HEADERS_KEPT if name in response.headers},
        body=body,
        sha256=sha256_bytes(body),
        size=len(body),
        fetched_at=fetched_at,
        redirects=redirects,
        document_type=document.type,
        charset=document.charset,
        title=document.title,
        site=document.site,
        authors=document.authors,
        published=document.published,
        created=document.created,
        modified=document.modified,
        canonical_url=document.canonical_url,
        description=document.description,
        language=document.language,
        text=document.text,
        links=document.links,
        types=document.types,
        note=document.note,
        what=document.what,
    )


def to_source(result: FetchResult) -> Source:
    """A :class:`~factcheck_gui.core.model.Source` card for a successful fetch.

    ``Source.redirects`` lists the addresses that redirected, in order (the requested URL
    first when it redirected); ``Source.site`` falls back to the host name.
    """
    return Source(
        url=result.requested_url,
        final_url=result.final_url,
        canonical_url=result.canonical_url,
        redirects=[hop.url for hop in result.redirects],
        title=result.title,
        site=result.site or host_of(result.final_url),
        authors=list(result.authors),
        published=result.published,
        created=result.created,
        modified=result.modified,
        description=result.description,
        language=result.language,
        kind=guess_kind(result.final_url, result.content_type, result),
        fetched_at=result.fetched_at,
        status=result.status,
        content_type=result.content_type,
        size=result.size,
        sha256=result.sha256,
        text=result.text,
    )


def fetch_to_source(
    url: str,
    *,
    settings: Settings | None = None,
    session: Any = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[Source, bytes]:
    """:func:`fetch` then :func:`to_source`: the source card and the raw body to snapshot."""
    result = fetch(url, settings=settings, session=session, cancel=cancel, progress=progress)
    return to_source(result), result.body


def failed_source(url: str, error: BaseException) -> Source:
    """A source card for a fetch that failed: ``error`` holds the message to show.

    The URL is normalised when it can be (so retrying finds the same card), else kept as
    typed without any ``user:password@``. An :class:`HttpStatusError` also fills ``status``.
    """
    try:
        normalized = normalize_url(url)
    except BadUrlError:
        normalized = redact_credentials(url.strip())  # a password never lands in the library
    message = str(error) if isinstance(error, FetchError) else (
        f"The page could not be fetched ({type(error).__name__}: {error}). Try again; if it keeps "
        "failing, report it with this message."
    )
    return Source(
        url=normalized,
        final_url=getattr(error, "url", "") if isinstance(error, HttpStatusError) else "",
        site=host_of(normalized),
        kind=guess_kind(normalized),
        fetched_at=utc_now(),
        status=error.status if isinstance(error, HttpStatusError) else None,
        error=message,
    )


def fetch_article(
    url: str,
    *,
    settings: Settings | None = None,
    session: Any = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[ExtractedArticle, FetchResult]:
    """Fetch a page to import it as an article (title, byline, text, links...).

    Raises :class:`UnsupportedContentError` for an image or other file without text and for data
    read as text (a CSV table, JSON, XML, a feed: :func:`~factcheck_gui.net.document.describe_data`), and
    :class:`MalformedPageError` for a page with no readable text. Plain text comes back as
    it is (``core.plaintext`` can find its headline and byline).
    """
    result = fetch(url, settings=settings, session=session, cancel=cancel, progress=progress)
    if result.document_type == DocumentType.OTHER:
        what = result.what or "a file without text"
        raise UnsupportedContentError(
            f"This address is not an article: it is {what}, so there is no text to import. Import "
            "the web page that shows or links to it instead; to use the file as evidence, add it "
            "as a source of a claim.",
            url=result.final_url,
        )
    data = describe_data(result.content_type, result.final_url, result.size) \
        if result.document_type == DocumentType.TEXT else ""
    if data:  # a table, feed or JSON read as text is no article: its "sentences" would be rows
        raise UnsupportedContentError(
            f"This address is not an article: it is {data}, so there is no article text to import. "
            "Import the web page that shows or links to it instead; to use the data as evidence, add it "
            "as a source of a claim.",
            url=result.final_url,
        )
    if not result.text:
        message = NO_TEXT_MESSAGE if result.document_type == DocumentType.HTML else result.note or NO_TEXT_MESSAGE
        raise MalformedPageError(message, url=result.final_url)
    article = ExtractedArticle(
        text=result.text,
        links=list(result.links),
        title=result.title,
        subtitle=result.description,
        byline=format_byline(result.authors),
        authors=list(result.authors),
        publisher=result.site,
        published=result.published,
        url=result.canonical_url or result.final_url,
        language=result.language,
    )
    return article, result


# -- requests ------------------------------------------------------------------------------


def _check(cancel: CancelToken | None, url: str) -> None:
    if cancel is not None:
        cancel.raise_if_cancelled(url)


def _open(
    session: Any, url: str, timeout: float, deadline: float, cancel: CancelToken | None
) -> tuple[Any, list[Redirect]]:
    """GET *url*, following redirects by hand; the response is open (streaming)."""
    from urllib.parse import urljoin

    redirects: list[Redirect] = []
    seen = {url}
    current = url
    while True:
        _check(cancel, url)
        response = _get(session, current, timeout, deadline, cancel)
        location = response.headers.get("location")
        if response.status_code in _REDIRECT_STATUSES and location:
            response.close()
            target_text = urljoin(current, location.strip())
            try:
                target = normalize_url(target_text, assume_https=False)
            except BadUrlError as exc:
                raise RedirectError(
                    f"{current} redirects to “{shown(location, 200)}”, which was not followed: {exc}",
                    url=current,
                ) from exc
            redirects.append(Redirect(url=current, status=response.status_code, location=target))
            if target in seen:
                raise RedirectError(
                    f"The server sends the request round in a circle ({len(redirects)} redirects "
                    f"ending back at {target}). Try the address in a browser, or an archived copy.",
                    url=url,
                )
            if len(redirects) > MAX_REDIRECTS:
                raise RedirectError(
                    f"The server redirected more than {MAX_REDIRECTS} times without reaching a "
                    "page. Try the address in a browser, or an archived copy.",
                    url=url,
                )
            seen.add(target)
            current = target
            continue
        if response.status_code >= 400:
            response.close()
            raise HttpStatusError(response.status_code, response.reason or "", url=current)
        return response, redirects


def _get(session: Any, url: str, timeout: float, deadline: float, cancel: CancelToken | None) -> Any:
    """GET *url* (streaming, no redirects) until the headers are in, within *deadline*.

    The read timeout counts per read, so a server that sends its headers a byte at a time
    never hits it. The request therefore runs on a helper thread while this one watches the
    deadline and *cancel*; when either strikes, the request is left to end on its own (its
    response, if one comes, is closed) and this thread raises at once.
    """
    import requests

    lock = threading.Lock()
    done = threading.Event()
    outcome: dict[str, Any] = {}

    def request() -> None:
        try:
            response = session.get(url, stream=True, allow_redirects=False, timeout=(timeout, timeout))
        except BaseException as exc:  # noqa: BLE001 - handed over to the waiting thread
            outcome["error"] = exc
        else:
            with lock:
                if outcome.get("abandoned"):
                    response.close()
                else:
                    outcome["response"] = response
        finally:
            done.set()

    threading.Thread(target=request, name="factcheck-fetch-request", daemon=True).start()
    while not done.wait(0.05):
        cancelled = cancel is not None and cancel.cancelled
        if cancelled or time.monotonic() > deadline:
            with lock:
                outcome["abandoned"] = True
                late_response = outcome.pop("response", None)
            if late_response is not None:
                late_response.close()
            _check(cancel, url)
            raise FetchTimeoutError(
                f"The server at {host_of(url) or url} did not send the page within "
                f"{timeout * TOTAL_TIME_FACTOR:.0f} seconds. Try again later, or try an archived copy.",
                url=url,
            )
    error = outcome.get("error")
    if isinstance(error, requests.RequestException):
        raise _translate(error, url, timeout) from error
    if error is not None:
        raise error
    return outcome["response"]


def _read_body(
    response: Any,
    url: str,
    limit: int,
    deadline: float,
    timeout: float,
    cancel: CancelToken | None,
    progress: ProgressCallback | None,
) -> bytes:
    """The body, decompressed, stopped at *limit* bytes, *deadline* or a cancel."""
    announced = _int(response.headers.get("content-length"))
    if announced is not None and announced > limit:
        raise TooLargeError(limit, size=announced, url=url)
    total = None if response.headers.get("content-encoding") else announced
    chunks: list[bytes] = []
    received = 0
    for chunk in _chunks(response, url, timeout):
        _check(cancel, url)
        received += len(chunk)
        if received > limit:
            raise TooLargeError(limit, url=url)
        chunks.append(chunk)
        if progress is not None:
            progress(received, total)
        if time.monotonic() > deadline:
            raise FetchTimeoutError(
                f"The server at {host_of(url) or url} sent the document too slowly: it was not "
                f"complete after {timeout * TOTAL_TIME_FACTOR:.0f} seconds. Try again later, or "
                "try an archived copy.",
                url=url,
            )
    _check(cancel, url)
    return b"".join(chunks)


def _chunks(response: Any, url: str, timeout: float) -> Iterator[bytes]:
    """Decoded chunks as soon as they arrive (``read1``), with errors translated."""
    import requests
    from urllib3.exceptions import HTTPError as Urllib3Error

    raw = response.raw
    # read1 returns what has arrived instead of waiting for a full chunk, so a cancel or the
    # deadline is noticed while a slow server trickles data.
    read = raw.read1 if hasattr(raw, "read1") else raw.read
    while True:
        try:
            chunk = read(CHUNK_BYTES, decode_content=True)
        except (Urllib3Error, requests.RequestException, OSError) as exc:
            raise _translate(exc, url, timeout, reading=True) from exc
        if not chunk:
            return
        yield chunk


_CODING_NAMES = {
    "br": ("Brotli", "brotli"),
    "zstd": ("Zstandard", "zstandard"),
    "compress": ("Unix compress", ""),
    "x-compress": ("Unix compress", ""),
}


def _check_content_encoding(response: Any, url: str) -> None:
    """Refuse a body compressed in a way urllib3 cannot undo here; it would be stored as text."""
    header = response.headers.get("content-encoding", "")
    supported = set(getattr(type(response.raw), "CONTENT_DECODERS", ("gzip", "x-gzip", "deflate")))
    for coding in (part.strip().lower() for part in header.split(",")):
        if not coding or coding == "identity" or coding in supported:
            continue
        name, package = _CODING_NAMES.get(coding, (f"“{coding[:40]}”", ""))
        install = f" Installing the Python package “{package}” lets this program read it." if package else ""
        raise UnsupportedContentError(
            f"The server sent the document compressed with {name}, which this program cannot unpack, "
            f"so nothing was kept.{install} Otherwise try again later, or try an archived copy.",
            url=url,
        )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _translate(exc: BaseException, url: str, timeout: float, *, reading: bool = False) -> FetchError:
    """A library error as one of ours (the table in :mod:`factcheck_gui.net.errors`)."""
    return translate(exc, url, timeout, reading=reading)
