"""Title, author, dates and text of a PDF (governments publish statements as PDFs)."""

from __future__ import annotations

import io
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from factcheck_gui.net.errors import MalformedPageError

__all__ = ["PdfDocument", "read_pdf"]

_log = logging.getLogger(__name__)

_PDF_DATE = re.compile(
    r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?"
)
_MAX_PAGES = 2000
# A PDF is a program of drawing operators: a few kilobytes can hold a million of them, which
# pypdf needs minutes to read, and 2000 such pages would keep a worker busy for a day. So a
# page whose (decompressed) content is over this size is skipped, and reading stops after
# this many seconds; the note says so. pypdf itself stops decompressing a stream at 75 MB.
_MAX_PAGE_CONTENT_BYTES = 2 * 1024 * 1024
_MAX_SECONDS = 60.0
_clock = time.monotonic  # a seam for tests


@dataclass
class PdfDocument:
    """What a PDF says about itself, and its text (pages separated by a blank line)."""

    text: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""  # a publication date the PDF states (XMP prism:publicationDate...), or ""
    created: str = ""  # when the file was made (/CreationDate): not when it was published
    modified: str = ""
    pages: int = 0
    language: str = ""
    incomplete: str = ""  # a sentence when pages were left unread (too many, too big, too slow)


def read_pdf(body: bytes) -> PdfDocument:
    """Read *body* as a PDF. Raises :class:`MalformedPageError` if it is broken or locked."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

    locked = MalformedPageError(
        "The PDF is protected by a password, so its text cannot be read. Open it in a "
        "PDF reader and copy the part you need."
    )
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many "protected" PDFs only restrict printing
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise locked from exc
            if opened == PasswordType.NOT_DECRYPTED:
                raise locked
        info = _info(reader)
        pages = reader.pages
        count = len(pages)
        texts = []
        skipped = 0
        incomplete = ""
        started = _clock()
        for index, page in enumerate(pages):
            if index >= _MAX_PAGES or _clock() - started > _MAX_SECONDS:
                why = "it has too many" if index >= _MAX_PAGES else "reading the rest took too long"
                incomplete = f"Only the first {index} of its {count} pages were read: {why}."
                _log.info("PDF: %s", incomplete)
                break
            text = _page_text(page)
            if text is None:
                skipped += 1
            texts.append(text or "")
        if skipped:
            pages_word = "page was" if skipped == 1 else "pages were"
            incomplete = (f"{skipped} {pages_word} too complex to read and left out. " + incomplete).strip()
        language = _language(reader)
    except MalformedPageError:
        raise
    except (PyPdfError, PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            RecursionError, OSError, AssertionError, ZeroDivisionError) as exc:
        # pypdf raises many kinds of errors on broken files; each means "cannot read it".
        raise MalformedPageError(
            f"The PDF could not be read ({type(exc).__name__}: {exc}). The file may be damaged or "
            "incomplete: open it in a PDF reader, or try downloading it again."
        ) from exc
    text = "\n\n".join(t for t in texts if t)
    return PdfDocument(
        text=text,
        title=_clean(info.get("/Title")),
        authors=_authors(info.get("/Author")),
        published=_publication_date(reader),
        created=_pdf_date(info.get("/CreationDate")),
        modified=_pdf_date(info.get("/ModDate")),
        pages=count,
        language=language,
        incomplete=incomplete,
    )


def _info(reader: Any) -> dict[str, Any]:
    try:
        metadata = reader.metadata
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        _log.debug("The PDF's information dictionary is unreadable: %s", exc)
        return {}
    return dict(metadata) if metadata else {}


def _page_text(page: Any) -> str | None:
    """The text of *page*, or None when its content is too large to read in reasonable time."""
    import pypdf.errors

    too_large = getattr(pypdf.errors, "LimitReachedError", ())  # pypdf's decompression limit
    try:
        contents = page.get_contents()
        if contents is not None and len(contents.get_data()) > _MAX_PAGE_CONTENT_BYTES:
            return None
    except too_large:
        return None
    text = page.extract_text() or ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Keep line breaks inside a page (they may be meaningful in a statement), trim the rest.
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


_XMP_MAX_BYTES = 256 * 1024
# Where a PDF's XMP metadata states a publication date (element or attribute form). The
# creation date says when the file was made, which is often long after (a scan) or before
# (a draft) publication, so it is never taken for one.
_XMP_PUBLISHED = re.compile(
    r"(?:prism:publicationDate|prism:coverDate|dcterms:issued)\s*(?:=\s*[\"']|>)\s*([0-9][0-9T:+\-Z.]{3,40})"
)


def _publication_date(reader: Any) -> str:
    """A publication date stated in the PDF's XMP metadata, as ISO 8601, or ""."""
    try:
        stream = reader.trailer["/Root"].get("/Metadata")
        data = stream.get_object().get_data()[:_XMP_MAX_BYTES] if stream is not None else b""
    except Exception as exc:  # noqa: BLE001 - any broken metadata stream just means "no date"
        _log.debug("The PDF's XMP metadata is unreadable: %s", exc)
        return ""
    match = _XMP_PUBLISHED.search(data.decode("utf-8", errors="replace"))
    if not match:
        return ""
    value = match.group(1).rstrip("-:.")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value[:10] if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value[:10]) else ""
    return value[:10] if len(value) <= 10 else moment.isoformat().replace("+00:00", "Z")


def _language(reader: Any) -> str:
    try:
        value = reader.trailer["/Root"].get("/Lang")
    except (KeyError, TypeError, AttributeError, ValueError):
        return ""
    return _clean(value)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).replace("\x00", "")
    return re.sub(r"\s+", " ", text).strip()


def _authors(value: Any) -> list[str]:
    text = _clean(value)
    if not text:
        return []
    parts = [part.strip() for part in re.split(r";|\s+and\s+|\s*&\s*", text)]
    return [part for part in parts if part]


def _pdf_date(value: Any) -> str:
    """``D:20191014083000+02'00'`` -> ``2019-10-14T08:30:00+02:00``; ``D:20191014`` -> ``2019-10-14``."""
    if isinstance(value, datetime):
        return value.isoformat()
    match = _PDF_DATE.match(_clean(value))
    if not match:
        return ""
    year, month, day, hour, minute, second, zulu, sign, tz_hours, tz_minutes = match.groups()
    try:
        if hour is None:
            return datetime(int(year), int(month or 1), int(day or 1)).date().isoformat()
        tz = None
        if zulu:
            tz = timezone.utc
        elif sign:
            offset = timedelta(hours=int(tz_hours), minutes=int(tz_minutes or 0))
            tz = timezone(offset if sign == "+" else -offset)
        moment = datetime(int(year), int(month or 1), int(day or 1), int(hour), int(minute or 0), int(second or 0), tzinfo=tz)
    except ValueError:
        return ""
    return moment.isoformat().replace("+00:00", "Z")
