"""Parse HTML (str or bytes) into an lxml tree, with errors a fact-checker understands."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from factcheck_gui.net.encoding import decode_body
from factcheck_gui.net.errors import MalformedPageError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["bound_elements", "close_nested_links", "flatten_html", "html_to_str", "parse_html", "read_html"]

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_TAG_NAME = r"</?([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*>"
_TAG = re.compile(_TAG_NAME)
# Inline tags vanish (they may split a word); other containers become line breaks.
_INLINE = frozenset(
    "span b i em strong font small big sup sub u s strike mark abbr cite code q time label tt var "
    "dfn kbd samp bdi bdo wbr ins del nobr".split()
)
# What stays after flattening: block tags that cannot hold deep structure, links, the <head>.
_KEEP_FIRST = frozenset(
    "html head body title meta link script style noscript template p h1 h2 h3 h4 h5 h6 br hr "
    "a li ul ol blockquote pre".split()
)
_KEEP_LAST = frozenset("html head body title meta link script style noscript template p h1 h2 h3 h4 h5 h6 br hr a".split())
# The last resort for a page of too many elements: its head, its first links, its text in lines.
_KEEP_HEAD = frozenset("html head body title meta link script style noscript template a".split())

# Reading costs about 50 microseconds and 3 KB per element (lxml, trafilatura, htmldate), so
# 400,000 links in an 11 MB page took 21-56 s and 1.3-1.5 GB. A real page, even a long
# encyclopedia article, has fewer than 100,000 elements and 5,000 links; a page with more is
# simplified before it is parsed (see read_html).
MAX_ELEMENTS = 100_000
MAX_LINKS = 5_000
_OPEN_TAG = re.compile(r"<[a-zA-Z]")
_ANCHOR = re.compile(r"<(/?)a(?=[\s>/])[^>]*>", re.IGNORECASE)


def html_to_str(html: str | bytes) -> str:
    """*html* as text: bytes are decoded by their ``<meta charset>`` or a guess."""
    if isinstance(html, bytes):
        html, _ = decode_body(html, html=True)
    # lxml refuses str input that declares its own encoding; the declaration is moot here.
    return _XML_DECLARATION.sub("", html.replace("\x00", ""), count=1)


def parse_html(html: str | bytes) -> HtmlElement:
    """The page as an lxml tree (``<html>`` root). Raises :class:`MalformedPageError`.

    A page nested deeper than libxml2 accepts (256 levels; the rest of the page would be
    dropped) is flattened first, so its text is still all there. Never a RecursionError.
    """
    return read_html(html)[1]


def read_html(html: str | bytes) -> tuple[str, HtmlElement]:
    """``(text, tree)``: the page as text (flattened if it was too deep) and as a tree."""
    text = html_to_str(html)
    if not text.strip():
        raise MalformedPageError(
            "The page is empty: the server sent no content. Try again later or try an archived copy."
        )
    text = bound_elements(close_nested_links(text))
    tree, too_deep = _parse(text)
    for keep in (_KEEP_FIRST, _KEEP_LAST):
        if not too_deep:
            break
        text = flatten_html(text, keep)
        tree, too_deep = _parse(text)
    return text, tree


def close_nested_links(html: str) -> str:
    """*html* with every link closed before the next one opens, as browsers read it.

    A link cannot hold a link (HTML's parsing rules close the first); a parser that nests
    them instead builds a tree as deep as the page has links.
    """
    pieces: list[str] = []
    last = 0
    is_open = False
    for match in _ANCHOR.finditer(html):
        closing = bool(match.group(1))
        if not closing and is_open:
            pieces.append(html[last : match.start()])
            pieces.append("</a>")
            last = match.start()
        is_open = not closing
    if not pieces:
        return html
    pieces.append(html[last:])
    return "".join(pieces)


def bound_elements(html: str, limit: int = MAX_ELEMENTS, links: int = MAX_LINKS) -> str:
    """*html* simplified until it has at most about *limit* elements, or as it is if it has.

    In steps, each only if still needed: inline tags are removed and other containers
    become line breaks (:func:`flatten_html`); links after the first *links* keep their
    text but are no links; then only the head, those links and the text in lines remain.
    """
    if _count_elements(html) <= limit:
        return html
    html = flatten_html(html, _KEEP_FIRST)
    if _count_elements(html) <= limit:
        return html
    html = _drop_links_after(html, links)
    if _count_elements(html) <= limit:
        return html
    return flatten_html(html, _KEEP_HEAD)


def _count_elements(html: str) -> int:
    return sum(1 for _ in _OPEN_TAG.finditer(html))


def _drop_links_after(html: str, keep: int) -> str:
    seen = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal seen
        if match.group(1):
            return match.group(0) if seen <= keep else ""
        seen += 1
        return match.group(0) if seen <= keep else ""

    return _ANCHOR.sub(replace, html)


def flatten_html(html: str, keep: frozenset[str] = _KEEP_FIRST) -> str:
    """*html* without the tags not in *keep*: inline ones removed, containers made line breaks."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        if name in keep:
            return match.group(0)
        return "" if name in _INLINE else "\n"

    return _TAG.sub(replace, html)


def _parse(text: str) -> tuple[HtmlElement, bool]:
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError, RecursionError) as exc:
        if any(entry.type_name == "ERR_NO_MEMORY" for entry in parser.error_log):
            raise MemoryError("libxml2 ran out of memory") from exc  # the worker's limit (net.workers)
        raise MalformedPageError(
            f"The page could not be read as HTML ({exc}). Open it in a browser to check it, or "
            "try an archived copy."
        ) from exc
    too_deep = any("Excessive depth" in entry.message for entry in parser.error_log)
    return tree, too_deep
