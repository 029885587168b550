"""The Internet Archive's Wayback Machine: find an archived copy of a page, or ask for one.

Both functions raise :class:`~factcheck_gui.net.errors.ArchiveError` (a ``FetchError``)
when the archive cannot be reached or refuses; that is never fatal to a source: show the
message on the card and keep the source.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from factcheck_gui.core.settings import Settings
from factcheck_gui.net.errors import ArchiveError, reason
from factcheck_gui.net.urls import is_http_url, normalize_url

__all__ = ["archived_at", "first_capture", "lookup_archive", "save_to_archive"]

# Save Page Now often takes tens of seconds to answer.
SAVE_READ_TIMEOUT_SECONDS = 120.0
_SNAPSHOT = re.compile(r"/web/(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?[a-z_]*/")
_LINK_MEMENTO = re.compile(r'<([^>]+)>\s*;[^,]*?rel="?[^",]*\bmemento\b', re.IGNORECASE)
_KEPT = "The source itself is kept."
# The archive's answers are a few hundred bytes of JSON; a larger one is read no further
# (an answer that inflates to gigabytes took 2 GB before).
ANSWER_MAX_BYTES = 1024 * 1024
_MAX_REDIRECTS = 10
_CHUNK_BYTES = 64 * 1024


def lookup_archive(url: str, settings: Settings | None = None, session: Any = None, *,
                   timestamp: str = "") -> str | None:
    """The address of the Wayback Machine's closest copy of *url*, or None if it has none.

    Uses the availability API (``settings.wayback_availability_url?url=...``); with
    *timestamp* (``YYYYMMDD...``), the copy closest to that time.
    """
    settings = settings or Settings()
    target = normalize_url(url)
    params = {"url": target, "timestamp": timestamp} if timestamp else {"url": target}
    response = _get(
        session, settings.wayback_availability_url, settings, params=params,
        read_timeout=settings.fetch_timeout_seconds,
    )
    try:
        _raise_for_status(response)
        try:
            data = json.loads(_read_answer(response, target, settings.fetch_timeout_seconds))
        except ValueError as exc:
            raise ArchiveError(
                "The Internet Archive answered something other than the expected data, so no "
                f"archived copy could be looked up. Try again later. {_KEPT}",
                url=target,
            ) from exc
    finally:
        response.close()
    closest = (data.get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
    if not isinstance(closest, dict) or closest.get("available") is False:
        return None
    found = closest.get("url")
    if not isinstance(found, str) or not found:
        return None
    address = _archive_address(found)
    if address is None:
        raise ArchiveError(
            f"The Internet Archive answered “{_shorten(found)}”, which is not a web address, so it was "
            f"not kept. Look the page up on web.archive.org in a browser. {_KEPT}",
            url=target,
        )
    return address


def save_to_archive(url: str, settings: Settings | None = None, session: Any = None) -> str:
    """Ask the Wayback Machine to archive *url* now; return the archived copy's address.

    Uses Save Page Now (``settings.wayback_save_url + url``). The address comes from the
    ``Content-Location`` header, else the final address after redirects, else a ``Link``
    header with ``rel="memento"``. Only an http(s) address is ever returned: it becomes a
    link the user may click.
    """
    settings = settings or Settings()
    target = normalize_url(url)
    save_url = settings.wayback_save_url + target
    response = _get(session, save_url, settings, read_timeout=max(settings.fetch_timeout_seconds, SAVE_READ_TIMEOUT_SECONDS))
    try:
        _raise_for_status(response)
        base = response.url or save_url
        location = response.headers.get("content-location")
        match = _LINK_MEMENTO.search(response.headers.get("link", ""))
        for candidate in (
            urljoin(base, location.strip()) if location else None,
            response.url if _SNAPSHOT.search(response.url or "") else None,
            urljoin(base, match.group(1)) if match else None,
        ):
            address = _archive_address(candidate)
            if address is not None:
                return address
    finally:
        response.close()
    raise ArchiveError(
        "The Internet Archive accepted the request but did not say where the copy is. Look the "
        f"page up on web.archive.org in a few minutes. {_KEPT}",
        url=target,
    )


def first_capture(url: str, settings: Settings | None = None, session: Any = None) -> str:
    """The date (``YYYY-MM-DD``) of the Wayback Machine's first copy of *url*, or "" if it has none.

    Asks for the copy closest to 1996, i.e. the earliest. Raises ``ArchiveError`` like
    :func:`lookup_archive`.
    """
    found = lookup_archive(url, settings, session, timestamp="19960101")
    return archived_at(found)[:10] if found else ""


def archived_at(archive_url: str) -> str:
    """The capture time in a Wayback address: ``.../web/20191014083000/...`` -> ``2019-10-14T08:30:00Z``."""
    match = _SNAPSHOT.search(archive_url or "")
    if not match:
        return ""
    year, month, day, hour, minute, second = match.groups()
    if hour is None:
        return f"{year}-{month}-{day}"
    return f"{year}-{month}-{day}T{hour}:{minute or '00'}:{second or '00'}Z"


def _get(session: Any, url: str, settings: Settings, *, read_timeout: float, params: dict[str, str] | None = None) -> Any:
    """GET *url* (redirects followed by hand, their bodies never read); the response is open."""
    import requests

    from factcheck_gui.net.fetch import new_session

    own = session is None
    session = session if session is not None else new_session()
    timeout = settings.fetch_timeout_seconds
    try:
        for _ in range(_MAX_REDIRECTS + 1):
            response = session.get(
                url, params=params, timeout=(timeout, read_timeout), stream=True, allow_redirects=False
            )
            location = response.headers.get("location")
            if not (response.is_redirect and location):
                return response
            response.close()  # a redirect's body is never read: it could be a bomb
            url, params = urljoin(response.url or url, location.strip()), None
    except requests.Timeout as exc:
        raise ArchiveError(
            "The Internet Archive did not answer in time. It is often slow: try again in a few "
            f"minutes. {_KEPT}",
            url=url,
        ) from exc
    except requests.RequestException as exc:
        raise ArchiveError(
            f"The Internet Archive could not be reached ({reason(exc, url, timeout)}). Check your "
            f"internet connection and try again. {_KEPT}",
            url=url,
        ) from exc
    finally:
        if own:
            session.close()
    raise ArchiveError(
        f"The Internet Archive sent the request from one address to the next without answering. "
        f"Try again later. {_KEPT}",
        url=url,
    )


def _read_answer(response: Any, url: str, timeout: float) -> bytes:
    """The (decoded) body of the archive's answer, refused past :data:`ANSWER_MAX_BYTES`."""
    import requests
    from urllib3.exceptions import HTTPError as Urllib3Error

    raw = response.raw
    read = raw.read1 if hasattr(raw, "read1") else raw.read
    chunks: list[bytes] = []
    received = 0
    while True:
        try:
            chunk = read(_CHUNK_BYTES, decode_content=True)
        except (Urllib3Error, requests.RequestException, OSError) as exc:
            raise ArchiveError(
                f"The Internet Archive's answer could not be read ({reason(exc, url, timeout)}). "
                f"Try again later. {_KEPT}",
                url=url,
            ) from exc
        if not chunk:
            return b"".join(chunks)
        received += len(chunk)
        if received > ANSWER_MAX_BYTES:
            raise ArchiveError(
                "The Internet Archive's answer was far larger than any real answer, so it was not "
                f"read. Check the archive addresses in the settings, or try again later. {_KEPT}",
                url=url,
            )
        chunks.append(chunk)


def _raise_for_status(response: Any) -> None:
    status = response.status_code
    if status < 400:
        return
    if status == 429:
        message = (
            "The Internet Archive is refusing requests for now because too many were sent. "
            f"Wait a few minutes and try again. {_KEPT}"
        )
    elif status in (401, 403):
        message = (
            f"The Internet Archive refused the request ({status}). Saving pages may need an "
            f"account now: save it on web.archive.org in a browser. {_KEPT}"
        )
    elif status >= 500:
        message = (
            f"The Internet Archive could not do it right now ({status}); the site may block "
            f"archiving, or the archive is busy. Try again later. {_KEPT}"
        )
    else:
        message = f"The Internet Archive refused the request ({status} {response.reason or ''}). {_KEPT}"
    raise ArchiveError(" ".join(message.split()), url=response.url or "")


def _archive_address(url: str | None) -> str | None:
    """*url* (an answer of the archive) as an https Wayback address; None unless it is http(s)."""
    if not url or not is_http_url(url) or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    return _https(url.strip())


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _https(url: str) -> str:
    return "https://" + url[len("http://") :] if url.startswith("http://web.archive.org/") else url
