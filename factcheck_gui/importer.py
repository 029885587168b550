"""Bringing articles in: from a file, pasted text, standard input, a URL, or the sample.

Shared by the command line and the window (it sits beside them: it uses core,
store and net). Every failure is an InputError or FetchError with a clear message.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck_gui.bundled import sample_article_paths
from factcheck_gui.core.editing import new_article
from factcheck_gui.core.errors import FactcheckError, InputError
from factcheck_gui.core.model import Article, ArticleMeta, Link
from factcheck_gui.core.plaintext import (
    ParsedText,
    is_complete_description,
    parse_markdown,
    parse_plain_text,
    with_headline,
)
from factcheck_gui.core.text import is_web_url
from factcheck_gui.store.library import Library, OpenArticle, load_json_file
from factcheck_gui.store.safefile import RefusedFileError, read_regular_file

if TYPE_CHECKING:
    from factcheck_gui.net.extract import ExtractedArticle

MAX_IMPORT_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def decode_text(data: bytes, name: str, empty: str = "there is no article to import") -> str:
    """Decode a text file: BOMs first, then UTF-8, then a detected legacy encoding.

    Refuses empty and binary data with an InputError that names the file (*empty* says
    what an empty one means for the caller).
    """
    if not data.strip():
        raise InputError(f"{name} is empty: {empty}.")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if "\x00" in text:  # UTF-16 is full of zero bytes; a NUL character is still binary
                raise InputError(f"{name} looks like a binary file, not text. Import a .txt, .md or .html file.")
            return text
    if b"\x00" in data:  # anywhere: a text file never holds one
        raise InputError(f"{name} looks like a binary file, not text. Import a .txt, .md or .html file.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes  # shipped with requests

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    except ImportError:  # pragma: no cover
        pass
    return data.decode("cp1252", errors="replace")


def _from_parsed(parsed: ParsedText) -> Article:
    return new_article(parsed.text, parsed.meta, parsed.links)


def article_from_text(raw: str, *, markdown: bool = False) -> Article:
    """An article from pasted or piped text (plain or Markdown)."""
    return _from_parsed(parse_markdown(raw) if markdown else parse_plain_text(raw))


def _article_from_extracted(extracted: ExtractedArticle, base_url: str, *, web_page: bool = True) -> Article:
    """An Article from net's ExtractedArticle: metadata, main text and its links as ranges.

    For a *web_page*, the headline and the dek (the page's description, when it is complete
    and not just the lede) start the text as paragraphs of their own, so they can be marked
    like any sentence. A PDF or text document keeps its text as it is (its "title" may be
    only a file name).
    """
    links = [Link(start, end, href) for start, end, href in extracted.links]
    if web_page:
        dek = extracted.subtitle if is_complete_description(extracted.subtitle) else ""
        parsed = with_headline(extracted.text, links, extracted.title, dek)
    else:
        parsed = ParsedText(extracted.text, ArticleMeta(title=extracted.title, subtitle=extracted.subtitle), links)
    meta = ArticleMeta(
        title=parsed.meta.title,
        subtitle=parsed.meta.subtitle,
        byline=extracted.byline,
        publisher=extracted.publisher,
        published=extracted.published,
        url=extracted.url or (base_url if is_web_url(base_url) else ""),
        language=extracted.language,
    )
    return new_article(parsed.text, meta, parsed.links)


def article_from_html(html: str, base_url: str = "") -> Article:
    """An article from a web page: metadata, main text and its links as ranges."""
    from factcheck_gui.net.extract import extract_article

    return _article_from_extracted(extract_article(html, base_url), base_url)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text[:20000])


def read_import_file(path: Path) -> bytes:
    """The bytes of a file to import, refusing folders, missing and oversized files clearly."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"There is no file {path}.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; choose a .txt, .md or .html file.")
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise InputError(
            f"{path.name} is {size / 1_048_576:.0f} MB; articles over {MAX_IMPORT_BYTES // 1_048_576} MB are not imported. "
            "Is it really an article?"
        )
    try:  # a FIFO or a device is refused, not read (it would block or never end)
        return read_regular_file(path, MAX_IMPORT_BYTES, follow_links=True)
    except RefusedFileError as exc:
        raise InputError(f"{exc} Choose a .txt, .md or .html file.") from exc
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror or exc}.") from exc


def article_from_file(path: Path) -> Article:
    """An article from a .txt, .md or .html file (the content decides when the suffix is unknown),
    or from an article file (.json, see :func:`article_from_article_file`).

    A JSON file of the same name beside it (``story.txt`` + ``story.json``) with metadata
    fields such as ``title``, ``publisher``, ``published`` or ``url`` fills them in.
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        return article_from_article_file(read_import_file(path), path.name)
    text = decode_text(read_import_file(path), path.name)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES and _looks_like_html(text)):
        article = article_from_html(text, "")
    else:
        article = article_from_text(text, markdown=suffix in MARKDOWN_SUFFIXES)
    _apply_sidecar_metadata(article, path.with_suffix(".json"))
    return article


def looks_like_json(data: bytes | str) -> bool:
    """True when *data* starts like a JSON object (an article file piped in, for example)."""
    if isinstance(data, bytes):
        return data[:64].lstrip().startswith(b"{")
    return data[:64].lstrip().startswith("{")


def article_from_article_file(data: bytes, name: str) -> Article:
    """The article an article file holds (the library's own format; the JSON export is the same file).

    It keeps its id, claims, sources and times; give it a new id when the library has the id
    already (``Library.add(article, new_id_if_taken=True)``). Any other JSON is refused with
    an InputError; a file from a newer factcheck-gui raises SchemaVersionError.
    """
    from factcheck_gui.core.errors import CorruptFileError, SchemaVersionError
    from factcheck_gui.core.schema import FORMAT_NAME, article_from_dict
    from factcheck_gui.store.articlefile import loads_document

    refused = (f"{name} is JSON but not an article file saved or exported by factcheck-gui; import the "
               "article as a .txt, .md or .html file, or give a file exported with the JSON format.")
    try:
        document = loads_document(data, name)
    except CorruptFileError as exc:
        raise InputError(str(exc)) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise InputError(refused)
    try:
        return article_from_dict(document)
    except SchemaVersionError:
        raise
    except (CorruptFileError, ValueError, TypeError, KeyError, RecursionError) as exc:
        raise InputError(f"{name} looks like an article file but cannot be read: {exc}") from exc


def _apply_sidecar_metadata(article: Article, sidecar: Path) -> None:
    """Fill the article's metadata from a sidecar JSON object; a bad sidecar is an InputError."""
    if sidecar.suffix.lower() != ".json" or not sidecar.is_file():
        return
    try:
        meta = load_json_file(sidecar)  # bounded: at most 1 MB, no FIFO or device
    except FactcheckError as exc:
        raise InputError(f"The metadata file beside the article cannot be read: {exc}") from exc
    if not isinstance(meta, dict):
        raise InputError(f"{sidecar.name} should hold an object of metadata fields (title, publisher...).")
    for key, value in meta.items():
        if hasattr(article.meta, key) and isinstance(value, str) and value:
            setattr(article.meta, key, value)


def article_from_url(url: str, **fetch_options: object) -> Article:
    """Fetch a page and make an article of it. *fetch_options* go to ``net.fetch.fetch_article``.

    Raises a FetchError subclass with the reason (not an article, no text, 404...).
    """
    from factcheck_gui.net.fetch import fetch_article

    extracted, result = fetch_article(url, **fetch_options)  # type: ignore[arg-type]
    return _article_from_extracted(extracted, result.final_url, web_page=result.is_html)


def sample_article() -> Article:
    """The bundled sample article with its metadata (from the sidecar JSON beside it)."""
    text_path, _ = sample_article_paths()
    return article_from_file(text_path)


def ensure_sample(library: Library) -> OpenArticle | None:
    """On an empty library, import the sample article; returns its handle, or None if not empty."""
    library.ensure_folders()
    if library.has_articles():  # not article_ids(): a library of 10,000 would list and sort them all
        return None
    return library.add(sample_article())


