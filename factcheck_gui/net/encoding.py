"""Decode a downloaded body to text: the charset from the headers, then the page, then a guess.

Follows what browsers do (the WHATWG encoding rules) closely enough for news pages: a
byte-order mark wins, then the ``charset`` of the Content-Type header, then a
``<meta charset>`` (or ``http-equiv``) or XML declaration in the first bytes, then valid
UTF-8, then charset-normalizer's guess. Labels are mapped as browsers map them
(``iso-8859-1`` is really windows-1252, ``shift_jis`` is windows-31j).
"""

from __future__ import annotations

import codecs
import re
from email.message import Message

__all__ = ["decode_body", "lookup_charset", "parse_content_type", "sniff_meta_charset"]

_PRESCAN_BYTES = 16 * 1024
_GUESS_BYTES = 256 * 1024

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""", re.IGNORECASE)

# WHATWG maps these labels to a superset that browsers actually use to decode.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "x-mac-roman": "mac-roman",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
}

# Codecs that decode bytes to str but are no web encoding: browsers refuse UTF-7 and the
# escape-based ones (WHATWG maps hz-gb-2312 and iso-2022-kr/cn to "replacement") and know
# no UTF-32; the rest are Python-specific and may raise on any input.
_REFUSED_CODECS = frozenset({
    "utf-7", "undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode",
    "hz", "iso2022_kr", "utf-32", "utf-32-le", "utf-32-be",
})

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def parse_content_type(header: str | None) -> tuple[str, str]:
    """``"text/html; charset=UTF-8"`` -> ``("text/html", "UTF-8")``; missing parts are ""."""
    if not header:
        return "", ""
    message = Message()
    message["content-type"] = header
    mime = message.get_content_type() if "/" in header.split(";", 1)[0] else ""
    charset = message.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    return mime.lower(), (str(charset).strip().strip("\"'") if charset else "")


def lookup_charset(label: str | None) -> str | None:
    """The Python codec for a charset label as browsers read it, or None if unknown or refused.

    The label comes from the server or the page, so only text encodings a browser would
    use are accepted: Python's bytes-to-bytes codecs (``zlib``, ``base64``, ``rot13``) and
    oddities such as ``undefined``, ``idna``, ``unicode_escape`` or ``utf-7`` (which can
    hide markup, and which browsers refuse) count as no label at all.
    """
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    name = _ALIASES.get(label, label)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_CODECS:
        return None
    return info.name


def sniff_meta_charset(body: bytes) -> str | None:
    """The codec declared by a ``<meta>`` tag or XML declaration in the first 16 KB, if any."""
    head = body[:_PRESCAN_BYTES]
    for pattern in (_XML_DECLARATION, _META_CHARSET):
        match = pattern.search(head)
        if match:
            codec = lookup_charset(match.group(1).decode("ascii", "replace"))
            if codec:
                # A page cannot declare UTF-16 in ASCII bytes: browsers read that as UTF-8.
                return "utf-8" if codec.startswith("utf-16") else codec
    return None


def decode_body(body: bytes, header_charset: str = "", *, html: bool = True) -> tuple[str, str]:
    """Decode *body*; return ``(text, codec)``. Undecodable bytes become U+FFFD, never an error.

    *header_charset* is the ``charset`` parameter of the Content-Type header. With *html*,
    ``<meta charset>`` declarations are honoured when the header has none.
    """
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(bom_codec, errors="replace"), bom_codec
    codec = lookup_charset(header_charset)
    if codec is None and html:
        codec = sniff_meta_charset(body)
    if codec is None:
        codec = _guess(body)
    return body.decode(codec, errors="replace"), codec


def _guess(body: bytes) -> str:
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by a truncated download is still UTF-8.
        if exc.start >= len(body) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(body[:_GUESS_BYTES]).best()
    codec = lookup_charset(best.encoding) if best is not None else None
    return codec or "cp1252"
