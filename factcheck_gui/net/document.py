"""Read a downloaded body by its content type: HTML, PDF, plain text and JSON, or bytes only."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from factcheck_gui.core.text import normalize_newlines
from factcheck_gui.net.encoding import decode_body
from factcheck_gui.net.errors import MalformedPageError, format_size
from factcheck_gui.net.extract import LinkRange

__all__ = ["DocumentType", "ParsedDocument", "document_type", "read_document"]


class DocumentType:
    """How a body is read. Plain strings, so they print and compare simply."""

    HTML = "html"
    PDF = "pdf"
    TEXT = "text"
    OTHER = "other"  # recorded by type and size only


_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("application/json", "application/ld+json", "application/xml", "application/javascript",
               "application/x-ndjson", "application/rss+xml", "application/atom+xml", "application/csv")
_UNSPECIFIC = ("", "application/octet-stream", "binary/octet-stream", "application/download",
               "application/x-download", "application/force-download")

_KIND_NAMES = {
    "image": "an image",
    "video": "a video",
    "audio": "a sound file",
    "font": "a font",
}


@dataclass
class ParsedDocument:
    """What was read from a body. Every field may be empty."""

    type: str  # a DocumentType value
    charset: str = ""  # the codec the text was decoded with ("" for PDFs and other bytes)
    title: str = ""
    site_name: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""
    modified: str = ""
    canonical_url: str = ""
    description: str = ""
    language: str = ""
    text: str = ""
    links: list[LinkRange] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # JSON-LD @types and "og:<type>", for guess_kind
    note: str = ""  # a sentence for the user when something is missing (no text, image...)


def document_type(content_type: str, body: bytes, url: str = "") -> str:
    """The :class:`DocumentType` of a body, from its MIME type, then its first bytes."""
    mime = content_type.split(";", 1)[0].strip().lower()
    head = body[:1024].lstrip().lower()
    looks_html = head.startswith((b"<!doctype html", b"<html"))
    if body[:5] == b"%PDF-" or (mime == "application/pdf" and not looks_html):
        return DocumentType.PDF
    if mime == "application/pdf":
        return DocumentType.HTML  # a login or error page served under the PDF's address
    if mime in _HTML_TYPES:
        return DocumentType.HTML
    if mime in _UNSPECIFIC:
        # Servers often send pages without a type, or as a download: look at the bytes.
        if looks_html or (b"<html" in head and b"<body" in body[:8192].lower()):
            return DocumentType.HTML
        if mime == "" and _path(url).endswith((".html", ".htm")):
            return DocumentType.HTML
        return DocumentType.TEXT if _looks_like_text(body) else DocumentType.OTHER
    if mime.startswith("text/") or mime in _TEXT_TYPES or mime.endswith(("+json", "+xml")):
        return DocumentType.TEXT
    return DocumentType.OTHER


def read_document(body: bytes, content_type: str = "", url: str = "") -> ParsedDocument:
    """Read *body* (served as *content_type* from *url*) into text and metadata.

    HTML gives metadata, main text and links; PDF gives title, author, dates and text
    (a broken PDF raises :class:`MalformedPageError`); text and JSON give their text;
    anything else gives only a note saying what it is. An HTML page with no readable text is
    not an error here: the note says so.
    """
    from factcheck_gui.net.encoding import parse_content_type

    mime, header_charset = parse_content_type(content_type)
    kind = document_type(mime, body, url)
    if kind == DocumentType.HTML:
        return _read_html(body, header_charset, url)
    if kind == DocumentType.PDF:
        return _read_pdf(body, url)
    if kind == DocumentType.TEXT:
        text, charset = decode_body(body, header_charset, html=False)
        text = normalize_newlines(text).strip()
        return ParsedDocument(
            type=kind,
            charset=charset,
            title=_file_name(url),
            text=text,
            note="" if text else "The document is empty: it has no text.",
        )
    return ParsedDocument(type=kind, title=_file_name(url), note=describe_other(mime, len(body)))


def describe_other(mime: str, size: int) -> str:
    """A sentence for a document we keep without text: what it is and how big."""
    major = mime.split("/", 1)[0] if mime else ""
    what = _KIND_NAMES.get(major, "a file")
    typed = f" ({mime}, {format_size(size)})" if mime else f" ({format_size(size)}, of unknown type)"
    return (
        f"This is {what}{typed}, not a page with text: it was recorded by its type and size, "
        "and its text was not extracted. Quote or describe what it shows in the evidence note."
    )


def _read_html(body: bytes, header_charset: str, url: str) -> ParsedDocument:
    from factcheck_gui.net.extract import extract_text_and_links
    from factcheck_gui.net.html import read_html
    from factcheck_gui.net.metadata import extract_metadata

    text, charset = decode_body(body, header_charset, html=True)
    if not text.strip():
        return ParsedDocument(
            type=DocumentType.HTML,
            charset=charset,
            note="The server sent an empty page. Try again later, or try an archived copy.",
        )
    _, tree = read_html(text)  # one parse for the metadata, the dates and the main text
    meta = extract_metadata(tree, url)
    main_text, links = extract_text_and_links(tree, url)
    return ParsedDocument(
        type=DocumentType.HTML,
        charset=charset,
        title=meta.title,
        site_name=meta.site_name,
        authors=list(meta.authors),
        published=meta.published,
        modified=meta.modified,
        canonical_url=meta.canonical_url,
        description=meta.description,
        language=meta.language,
        text=main_text,
        links=links,
        types=list(meta.types),
        note="" if main_text else (
            "No readable text was found on this page: it may be built by JavaScript or need a "
            "login. The page was kept; open it in a browser to read it, or try an archived copy."
        ),
    )


def _read_pdf(body: bytes, url: str) -> ParsedDocument:
    from factcheck_gui.net.pdf import read_pdf

    try:
        pdf = read_pdf(body)
    except MalformedPageError as exc:
        exc.url = exc.url or url
        raise
    return ParsedDocument(
        type=DocumentType.PDF,
        title=pdf.title or _file_name(url),
        authors=pdf.authors,
        published=pdf.published,
        modified=pdf.modified,
        language=pdf.language,
        text=pdf.text,
        note=pdf.incomplete if pdf.text or pdf.incomplete else (
            f"The PDF ({pdf.pages} pages) has no text layer, so it is probably a scan: its text "
            "could not be read. Quote the part you need by hand."
        ),
    )


def _looks_like_text(body: bytes) -> bool:
    sample = body[:4096]
    if not sample or b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3


def _path(url: str) -> str:
    try:
        return urlsplit(url).path.lower()
    except ValueError:
        return ""


def _file_name(url: str) -> str:
    """``https://x.gov/docs/Statement%202019.pdf`` -> ``Statement 2019.pdf`` (a title of last resort)."""
    try:
        name = posixpath.basename(urlsplit(url).path)
    except ValueError:
        return ""
    return unquote(name)
