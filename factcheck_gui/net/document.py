"""Read a downloaded body by its content type: HTML, PDF, plain text and JSON, or bytes only."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from factcheck_gui.core.text import normalize_newlines
from factcheck_gui.net.encoding import decode_body
from factcheck_gui.net.errors import MalformedPageError, format_size
from factcheck_gui.net.extract import LinkRange

__all__ = ["DocumentType", "ParsedDocument", "describe_data", "document_type", "looks_like_text", "read_document",
           "sniff_binary"]


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
_ARCHIVE_NAMES = {
    "application/zip": "a zip archive",
    "application/gzip": "a gzip-compressed file",
    "application/x-bzip2": "a bzip2-compressed file",
    "application/x-xz": "an xz-compressed file",
    "application/zstd": "a Zstandard-compressed file",
    "application/x-7z-compressed": "a 7-Zip archive",
    "application/vnd.rar": "a RAR archive",
    "application/x-executable": "a program",
    "application/x-ole-storage": "an old Microsoft Office file",
}

# The first bytes of binary formats that servers send under a wrong type (an image or an
# archive as text/html): (offset, signature, MIME type).
_SIGNATURES = (
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (8, b"WEBP", "image/webp"),  # after "RIFF" and a size
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"PK\x05\x06", "application/zip"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"\xfd7zXZ\x00", "application/x-xz"),
    (0, b"(\xb5/\xfd", "application/zstd"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
    (4, b"ftyp", "video/mp4"),
    (0, b"\x1aE\xdf\xa3", "video/webm"),
    (0, b"OggS", "audio/ogg"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"wOFF", "font/woff"),
    (0, b"wOF2", "font/woff2"),
    (0, b"\x7fELF", "application/x-executable"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
)
_BINARY_SAMPLE_CHARS = 64 * 1024
# Text has next to no control characters and, decoded right, few U+FFFD; binary data read
# as text is full of both (about one character in five).
_MAX_NOT_TEXT_SHARE = 0.10
_NOT_TEXT = frozenset(chr(code) for code in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0xFFFD))


@dataclass
class ParsedDocument:
    """What was read from a body. Every field may be empty."""

    type: str  # a DocumentType value
    charset: str = ""  # the codec the text was decoded with ("" for PDFs and other bytes)
    title: str = ""
    site: str = ""  # the site's name ("The Hill"), as Source.site
    authors: list[str] = field(default_factory=list)
    published: str = ""
    created: str = ""  # when the file was made (a PDF's creation date), not its publication
    modified: str = ""
    canonical_url: str = ""
    description: str = ""
    language: str = ""
    text: str = ""
    links: list[LinkRange] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # JSON-LD @types and "og:<type>", for guess_kind
    note: str = ""  # a sentence for the user when something is missing (no text, image...)
    what: str = ""  # for OTHER: what it is, "an image (image/png, 12 KB)"


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
    sniffed = sniff_binary(body) if kind in (DocumentType.HTML, DocumentType.TEXT) else None
    if sniffed is not None:  # an image or an archive served as a page or as text
        served_as = mime if mime not in _UNSPECIFIC else ""
        return ParsedDocument(type=DocumentType.OTHER, title=_file_name(url),
                              note=describe_other(sniffed, len(body), served_as=served_as),
                              what=describe_kind(sniffed, len(body), served_as=served_as))
    if kind == DocumentType.HTML:
        return _read_html(body, header_charset, url, mime)
    if kind == DocumentType.PDF:
        return _read_pdf(body, url)
    if kind == DocumentType.TEXT:
        text, charset = decode_body(body, header_charset, html=False)
        if not looks_like_text(text):
            return _not_text(body, mime, url)
        text = normalize_newlines(text).strip()
        return ParsedDocument(
            type=kind,
            charset=charset,
            title=_file_name(url),
            text=text,
            note="" if text else "The document is empty: it has no text.",
        )
    return ParsedDocument(type=kind, title=_file_name(url), note=describe_other(mime, len(body)),
                          what=describe_kind(mime, len(body)))


# Text that is data, not an article: read as a source's text, refused as an article.
_DATA_TYPES = {
    "text/csv": "a CSV table", "application/csv": "a CSV table", "text/tab-separated-values": "a tab-separated table",
    "application/json": "JSON data", "application/ld+json": "JSON data", "application/x-ndjson": "JSON data",
    "application/geo+json": "JSON data", "application/xml": "XML data", "text/xml": "XML data",
    "application/rss+xml": "a news feed", "application/atom+xml": "a news feed",
    "application/javascript": "a script", "text/javascript": "a script", "text/css": "a style sheet",
    "text/calendar": "a calendar", "application/yaml": "YAML data", "text/yaml": "YAML data",
}
# The same by the address's ending, for servers that send data as text/plain (as raw file hosts do).
_DATA_SUFFIXES = {
    ".csv": "text/csv", ".tsv": "text/tab-separated-values", ".json": "application/json",
    ".jsonl": "application/x-ndjson", ".ndjson": "application/x-ndjson", ".geojson": "application/geo+json",
    ".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
    ".js": "application/javascript", ".css": "text/css", ".ics": "text/calendar",
    ".yaml": "application/yaml", ".yml": "application/yaml",
}


def describe_data(content_type: str, url: str = "", size: int | None = None) -> str:
    """What a text body is when it is data rather than an article ("a CSV table (text/csv, 2 KB)"),
    from its MIME type or, when that is plain text or says nothing, its address's ending; "" for prose."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in ("text/plain", "text/markdown", "text/x-markdown", *_UNSPECIFIC):
        ending = posixpath.splitext(_path(url))[1]
        if ending not in _DATA_SUFFIXES:
            return ""
        named = _DATA_SUFFIXES[ending]
        served = f", served as {mime}" if mime else ""
        what, detail = _DATA_TYPES[named], f"a {ending} file{served}"
    elif mime in _DATA_TYPES or (mime.endswith(("+json", "+xml")) and mime not in _HTML_TYPES):
        what = _DATA_TYPES.get(mime) or ("JSON data" if mime.endswith("+json") else "XML data")
        detail = mime
    else:
        return ""
    return f"{what} ({detail}{', ' + format_size(size) if size is not None else ''})"


def sniff_binary(body: bytes) -> str | None:
    """The MIME type of a binary format *body* starts with (image, archive, video...), or None.

    PDFs are not binary here: they have a reader of their own.
    """
    for offset, signature, mime in _SIGNATURES:
        if body[offset : offset + len(signature)] == signature:
            return mime
    return None


def looks_like_text(text: str) -> bool:
    """False when decoded *text* is mostly control characters and U+FFFD: binary data."""
    sample = text[:_BINARY_SAMPLE_CHARS]
    if not sample:
        return True
    bad = sum(1 for char in sample if char in _NOT_TEXT)
    return bad <= len(sample) * _MAX_NOT_TEXT_SHARE


def describe_kind(mime: str, size: int, *, served_as: str = "") -> str:
    """What a document without text is: ``an image (image/png, 12 KB)``."""
    major = mime.split("/", 1)[0] if mime else ""
    what = _ARCHIVE_NAMES.get(mime) or _KIND_NAMES.get(major, "a file")
    served = f", though the server called it {served_as}" if served_as else ""
    typed = f" ({mime}, {format_size(size)}{served})" if mime else f" ({format_size(size)}, of unknown type)"
    return what + typed


def describe_other(mime: str, size: int, *, served_as: str = "") -> str:
    """A sentence for a source we keep without text: what it is, how big, what to do."""
    return (
        f"This is {describe_kind(mime, size, served_as=served_as)}, not a page with text: it was recorded by its type and size, "
        "and its text was not extracted. Quote or describe what it shows in the evidence note."
    )


def _not_text(body: bytes, mime: str, url: str) -> ParsedDocument:
    served = mime or "text"
    return ParsedDocument(
        type=DocumentType.OTHER,
        title=_file_name(url),
        what=f"binary data ({format_size(len(body))}, though the server called it {served})",
        note=(
            f"The server called this document {served}, but it is binary data, not text "
            f"({format_size(len(body))}): it may be compressed in a way the server did not say, "
            "or be another kind of file. It was recorded by its type and size, and no text was "
            "extracted. Try again later, or try an archived copy."
        ),
    )


def _read_html(body: bytes, header_charset: str, url: str, mime: str = "text/html") -> ParsedDocument:
    from factcheck_gui.net.extract import extract_text_and_links
    from factcheck_gui.net.html import read_html
    from factcheck_gui.net.metadata import extract_metadata

    text, charset = decode_body(body, header_charset, html=True)
    if not looks_like_text(text):
        return _not_text(body, mime, url)
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
        site=meta.site,
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
        created=pdf.created,
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
