"""Turn what a user typed or pasted into an address we can fetch, or say why not.

:func:`normalize_url` is the only way a URL enters the network layer: it is applied to
what the user typed and to every redirect hop, so a ``file:`` or ``javascript:`` address
is refused wherever it comes from.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit, urlunsplit

from factcheck_gui.net.errors import BadUrlError

__all__ = [
    "ALLOWED_SCHEMES", "Address", "absolute_http_url", "has_scheme", "host_of", "is_http_url",
    "normalize_url", "read_address", "redact_credentials", "shown", "web_address_guess",
]

ALLOWED_SCHEMES = ("http", "https")

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_PORT_AFTER_HOST = re.compile(r"^\d+(?:[/?#]|$)")
_HOST_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_EMAIL = re.compile(r"[^\s/:@]+@[^\s/:@]+\.[^\s/:@]+")
_USERINFO = re.compile(r"^((?:[a-zA-Z][a-zA-Z0-9+.\-]*:)?//|)[^/?#@]*@(?=[^/?#]*(?:[/?#]|$))")

# RFC 3986 characters that may stand unencoded in a path or query ("%" is handled apart).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"

_SCHEME_NAMES = {
    "file": "a file on a computer",
    "javascript": "a piece of script",
    "data": "data embedded in the address",
    "ftp": "an FTP server",
    "mailto": "an e-mail address",
    "about": "a browser page",
    "blob": "a browser's temporary object",
    "chrome": "a browser page",
    "view-source": "a browser's source view",
}


def normalize_url(text: str, *, assume_https: bool = True) -> str:
    """Return *text* as a fetchable http(s) URL, or raise :class:`BadUrlError` saying why.

    Strips surrounding whitespace, quotes and angle brackets; adds ``https://`` when the
    scheme is missing and the text starts with something that looks like a host (only with
    *assume_https*); refuses every scheme but http and https; refuses user names and
    passwords in the address (they would leak to the server and every log on the way);
    converts international host names to punycode; percent-encodes spaces and other
    characters a URL cannot hold; drops the ``#fragment`` (it is never sent to a server);
    keeps ports (dropping the default one) and IPv6 literals.
    """
    original = text
    text = _CONTROL.sub("", (text or "").strip().strip("\"'<>").strip())
    if not text:
        raise BadUrlError("The address is empty. Type or paste a web address such as https://example.com/page.")

    text = _with_scheme(text, original, assume_https)
    try:
        parts = urlsplit(text)
    except ValueError as exc:  # e.g. an unclosed "[" of an IPv6 literal
        raise BadUrlError(
            f"“{_shorten(original.strip())}” is not a valid web address ({exc}). Check it for "
            "typing mistakes.",
            url=original,
        ) from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise BadUrlError(_scheme_message(scheme), url=original)
    netloc = parts.netloc
    if "@" in netloc:
        raise BadUrlError(
            "The address contains a user name or password (the part before “@”), so it was "
            "refused: credentials in a URL leak to the website, to every proxy and to every "
            "log on the way. Remove them and try again; log in with a browser if the page needs it.",
            url=redact_credentials(original.strip()),
        )
    host = _normalize_host(parts, original)
    try:
        port = parts.port
    except ValueError as exc:
        raise BadUrlError(
            f"The port in “{_shorten(original.strip())}” is not a number between 0 and 65535. "
            "Check the part after the colon.",
            url=original,
        ) from exc
    if port is not None and port != (80 if scheme == "http" else 443):
        host = f"{host}:{port}"
    path = _encode(parts.path, _PATH_SAFE) or "/"
    query = _encode(parts.query, _QUERY_SAFE)
    return urlunsplit((scheme, host, path, query, ""))


@dataclass(frozen=True)
class Address:
    """What an address typed to import an article is.

    ``kind`` is "web" (``value`` is the normalised URL) or "file" (``value`` is a local path).
    """

    kind: str
    value: str


def read_address(text: str, *, local_files: bool = False) -> Address:
    """Decide what *text* is, the one place the import dialog and ``factcheck import`` ask.

    - ``http:``/``https:`` -> a web address, normalised (:func:`normalize_url`);
    - ``file:`` -> the local file it names (``file:///home/me/story.txt``); a file on another
      computer (``file://server/...``) is refused;
    - any other scheme (``ftp:``, ``mailto:``...) -> :class:`BadUrlError` naming it, at once,
      without looking anything up;
    - no scheme: with *local_files* (the command line) an existing file, or anything that
      does not name a host with a port (``localhost:8000/story``), is a file; otherwise text
      that starts with a host is a web address with ``https://`` added (when the site has no
      secure version, :func:`~factcheck_gui.net.fetch.fetch` suggests ``http://``).
    """
    stripped = (text or "").strip()
    if local_files and stripped and Path(stripped).exists():
        return Address("file", stripped)
    match = _SCHEME.match(stripped)
    scheme = match.group(1).lower() if match and has_scheme(stripped) else ""
    if scheme == "file":
        return Address("file", _file_path(stripped))
    if len(scheme) == 1 and local_files:  # C:\story.txt
        return Address("file", stripped)
    if scheme:
        return Address("web", normalize_url(stripped))
    if local_files:
        head = re.split(r"[/?#]", stripped, maxsplit=1)[0]
        if not (re.search(r":\d+$", head) and _looks_like_host(stripped)):
            return Address("file", stripped)
    return Address("web", normalize_url(stripped))


# Endings that make "story.txt" a file name rather than a host.
_FILE_ENDINGS = frozenset("txt text md markdown mdown html htm xhtml json pdf csv tsv xml doc docx odt rtf".split())


def web_address_guess(text: str) -> str:
    """The web address *text* probably means when it was typed without ``https://`` ("example.com/story"
    -> "https://example.com/story"), or "" when it looks like a file name or path."""
    stripped = (text or "").strip()
    if not stripped or has_scheme(stripped) or stripped.startswith(("/", ".", "~", "\\")) or not _looks_like_host(stripped):
        return ""
    head = re.split(r"[/?#]", stripped, maxsplit=1)[0]
    host = head.rsplit(":", 1)[0] if re.search(r":\d*$", head) else head
    if host.rstrip(".").rsplit(".", 1)[-1].lower() in _FILE_ENDINGS:
        return ""
    try:
        normalize_url("https://" + stripped)  # a host it could fetch
    except BadUrlError:
        return ""
    return "https://" + stripped


def has_scheme(text: str) -> bool:
    """True if *text* starts with a scheme (``https:``, ``ftp:``), not a host and port."""
    text = _CONTROL.sub("", (text or "").strip().strip("\"'<>").strip())
    if text.startswith("//"):
        return False
    match = _SCHEME.match(text)
    rest = text[match.end() :] if match else ""
    return bool(match) and (rest.startswith("//") or not _PORT_AFTER_HOST.match(rest))


def shown(text: str, limit: int = 80) -> str:
    """*text* as it may be quoted in a message: on one line, control characters shown as
    spaces, shortened to *limit* characters."""
    return _shorten(text or "", limit)


def _file_path(url: str) -> str:
    """The local path of a ``file:`` URL; :class:`BadUrlError` for a file on another computer."""
    from urllib.request import url2pathname

    parts = urlsplit(url)
    if parts.netloc and parts.netloc.lower() != "localhost":
        raise BadUrlError(
            f"“{shown(url)}” is a file on another computer ({shown(parts.netloc, 40)}). Copy it to "
            "this computer and import it from there.",
            url=shown(url, 2000),
        )
    path = url2pathname(unquote(parts.path)) if parts.path else ""
    if not path:
        raise BadUrlError(f"“{shown(url)}” names no file. Choose a file to import.", url=shown(url, 2000))
    return path


def redact_credentials(url: str) -> str:
    """*url* without a ``user:password@`` part, for messages and saved cards."""
    return _USERINFO.sub(r"\1", url or "")


def _with_scheme(text: str, original: str, assume_https: bool) -> str:
    """*text* with an explicit scheme, ``https://`` added when it starts with a host."""
    if text.startswith("//"):
        return "https:" + text
    match = _SCHEME.match(text)
    rest = text[match.end() :] if match else ""
    # "javascript:alert(1)" has a scheme; "example.com:8080/x" is a host and a port.
    if match and (rest.startswith("//") or not _PORT_AFTER_HOST.match(rest)):
        scheme = match.group(1).lower()
        if scheme not in ALLOWED_SCHEMES:
            raise BadUrlError(_scheme_message(scheme), url=redact_credentials(original))
        return text
    if assume_https:
        if _EMAIL.fullmatch(text):
            raise BadUrlError(
                f"“{_shorten(text)}” is an e-mail address, not a web address. Type or paste the "
                "address of a page, such as https://example.com/page.",
                url=original,
            )
        if "@" in text.split("/", 1)[0] or _looks_like_host(text):
            return "https://" + text  # credentials, if any, are refused by the caller
    raise BadUrlError(
        f"“{_shorten(original.strip())}” is not a web address. Type or paste a full address such "
        "as https://example.com/page.",
        url=original,
    )


def is_http_url(url: str) -> bool:
    """True if *url* is an absolute http or https URL with a host (no validation beyond that)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.hostname)


def absolute_http_url(href: str, base_url: str = "") -> str | None:
    """*href* resolved against *base_url*, or None unless the result is an http(s) URL.

    Used for the links of a page: ``mailto:``, ``javascript:`` and fragment-only links
    give None; the fragment of a real link is kept (it is part of what the author cited).
    """
    href = _CONTROL.sub("", (href or "").strip())
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base_url, href) if base_url else href
    except ValueError:
        return None
    if not is_http_url(url):
        return None
    return url.replace(" ", "%20")


def host_of(url: str) -> str:
    """The lower-case host of *url* without ``www.``, or "" when it has none."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _looks_like_host(text: str) -> bool:
    """Does the text before the first ``/``, ``?`` or ``#`` look like a host (and port)?"""
    head = re.split(r"[/?#]", text, maxsplit=1)[0]
    if not head:
        return False
    if head.startswith("["):
        return True  # an IPv6 literal; validated later
    host = head.rsplit(":", 1)[0] if re.search(r":\d*$", head) else head
    if " " in host or not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    return len(labels) >= 2 and all(labels) and not labels[-1].isdigit()


def _normalize_host(parts: SplitResult, original: str) -> str:
    """The host of *parts*, lower case, punycode for international names, IPv6 in brackets."""
    raw = parts.netloc.rsplit("@", 1)[-1]
    if raw.startswith("["):
        literal = raw[1 : raw.find("]")] if "]" in raw else ""
        try:
            return f"[{ipaddress.IPv6Address(literal.split('%', 1)[0]).compressed}]"
        except ValueError as exc:
            raise BadUrlError(
                f"“{literal}” in the address is not a valid IPv6 address. Check it for typing mistakes.",
                url=original,
            ) from exc
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadUrlError(
            f"“{_shorten(original.strip())}” has no host name (the part after “//”). Type a full "
            "address such as https://example.com/page.",
            url=original,
        )
    try:
        ipaddress.IPv4Address(host)
        return host
    except ValueError:
        pass
    try:
        ascii_host = _to_ascii(host)
    except UnicodeError as exc:
        raise BadUrlError(
            f"The host name “{host}” is not a valid domain name. Check it for typing mistakes.",
            url=original,
        ) from exc
    labels = ascii_host.split(".")
    if " " in host:
        raise BadUrlError(
            f"The host name “{host}” contains a space. Check the address for typing mistakes.",
            url=original,
        )
    if not all(_HOST_LABEL.match(label) for label in labels):
        raise BadUrlError(
            f"The host name “{host}” contains characters a domain name cannot have. Check it "
            "for typing mistakes.",
            url=original,
        )
    return ascii_host


def _to_ascii(host: str) -> str:
    host = host.lower()
    if host.isascii():
        return host
    try:
        import idna  # installed with requests; IDNA 2008 with UTS 46 mapping, as browsers do

        return idna.encode(host, uts46=True).decode("ascii")
    except ImportError:  # pragma: no cover - requests always brings idna
        return host.encode("idna").decode("ascii")
    except idna.IDNAError as exc:
        raise UnicodeError(str(exc)) from exc


def _encode(component: str, safe: str) -> str:
    """Percent-encode what a URL cannot hold, keeping existing ``%XX`` escapes as they are."""
    component = _BAD_PERCENT.sub("%25", component)
    return quote(component, safe=safe, encoding="utf-8", errors="strict")


def _scheme_message(scheme: str) -> str:
    what = _SCHEME_NAMES.get(scheme)
    what = f", {what}" if what else ""
    return (
        f"Only web addresses (http:// and https://) can be fetched; this one is a “{scheme}:” "
        f"address{what}. Copy the page's web address from the browser's address bar instead."
    )


def _shorten(text: str, limit: int = 80) -> str:
    """*text* for a message: one line (control characters and line breaks become spaces), shortened."""
    text = " ".join(_CONTROL_OR_SPACE.sub(" ", text).split()) if _CONTROL_OR_SPACE.search(text) else text
    return text if len(text) <= limit else text[: limit - 1] + "…"
