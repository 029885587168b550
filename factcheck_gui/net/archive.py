"""The Internet Archive's Wayback Machine: find an archived copy of a page, or ask for one.

Both functions raise :class:`~factcheck_gui.net.errors.ArchiveError` (a ``FetchError``)
when the archive cannot be reached or refuses; that is never fatal to a source: show the
message on the card and keep the source.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from factcheck_gui.core.settings import Settings
from factcheck_gui.net.errors import ArchiveError
from factcheck_gui.net.urls import is_http_url, normalize_url

__all__ = ["archived_at", "lookup_archive", "save_to_archive"]

# Save Page Now often takes tens of seconds to answer.
SAVE_READ_TIMEOUT_SECONDS = 120.0
_SNAPSHOT = re.compile(r"/web/(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?[a-z_]*/")
_LINK_MEMENTO = re.compile(r'<([^>]+)>\s*;[^,]*?rel="?[^",]*\bmemento\b', re.IGNORECASE)
_KEPT = "The source itself is kept."


def lookup_archive(url: str, settings: Settings | None = None, session: Any = None) -> str | None:
    """The address of the Wayback Machine's closest copy of *url*, or None if it has none.

    Uses the availability API (``settings.wayback_availability_url?url=...``).
    """
    settings = settings or Settings()
    target = normalize_url(url)
    response = _get(
        session, settings.wayback_availability_url, settings, params={"url": target},
        read_timeout=settings.fetch_timeout_seconds,
    )
    try:
        _raise_for_status(response)
        try:
            data = response.json()
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
    import requests

    from factcheck_gui.net.fetch import new_session

    own = session is None
    session = session if session is not None else new_session()
    try:
        return session.get(url, params=params, timeout=(settings.fetch_timeout_seconds, read_timeout))
    except requests.Timeout as exc:
        raise ArchiveError(
            "The Internet Archive did not answer in time. It is often slow: try again in a few "
            f"minutes. {_KEPT}",
            url=url,
        ) from exc
    except requests.RequestException as exc:
        raise ArchiveError(
            f"The Internet Archive could not be reached ({_short(exc)}). Check your internet "
            f"connection and try again. {_KEPT}",
            url=url,
        ) from exc
    finally:
        if own:
            session.close()


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


def _short(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
