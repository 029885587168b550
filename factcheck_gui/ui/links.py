"""Web addresses at the window's edge: taken from dropped or pasted data, opened in the browser.

Addresses come from fetched pages, the Internet Archive and shared article files. Only an
http(s) address with a host is ever handed to the desktop: a ``file:``, ``javascript:`` or
custom-scheme address would start a program.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QDesktopServices

from factcheck_gui.core.text import is_web_url

__all__ = ["host_or_address", "open_in_browser", "urls_from_mime"]


def urls_from_mime(mime: QMimeData) -> list[str]:
    """The web addresses in dragged or pasted data: links first, else text that looks like one."""
    urls: list[str] = []
    if mime.hasUrls():
        urls = [u.toString() for u in mime.urls() if u.scheme().lower() in ("http", "https")]
    if not urls and mime.hasText():
        urls = [part for part in mime.text().split() if is_web_url(part)]
    return list(dict.fromkeys(urls))


def open_in_browser(url: str) -> bool:
    """Open *url* in the user's browser; False (and nothing opened) unless it is a web address
    (``core.text.is_web_url``) that Qt reads the same way."""
    qurl = QUrl(url)
    if not (is_web_url(url) and qurl.isValid() and qurl.scheme().lower() in ("http", "https") and qurl.host()):
        return False
    return QDesktopServices.openUrl(qurl)


def host_or_address(url: str) -> str:
    """The host of *url* without ``www.`` ("example.org"), or *url* itself when it has none."""
    from factcheck_gui.net.urls import host_of

    return host_of(url) or url
