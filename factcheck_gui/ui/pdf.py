"""The fact-check as PDF: the HTML export's print variant laid out by Qt on A4 or Letter pages.

The one Qt module the command line may import (``factcheck export ID --format pdf``,
lazily, for that format only: see docs/architecture.md), so the window and the
command line write the same bytes. It needs a ``QGuiApplication``: the window has
one; :func:`ensure_gui_application` makes an offscreen one for the command line.

What the file carries beyond the layout:

- Title, author (the organisation and the reviewer from Settings), language
  (``/Lang (en)`` in the catalog and ``dc:language`` in the XMP), and the window
  title shown instead of the file name.
- No clock: the creation date is when the article last changed, and the
  document id is derived from the content, so exporting twice gives the same
  bytes (Qt stamps the current time; :func:`render_pdf` writes the article's
  time over it, in place).
- Ligatures off, so text copied or extracted from the PDF says "figures", not
  "ﬁgures", and a search finds it; spaces copied or extracted are spaces, not the tabs
  Qt's writer named them (:func:`_fix_space_glyph`).
- No heading alone at the foot of a page: a heading whose next line would start
  the next page moves there with it (:func:`keep_headings_with_next`; Qt's
  rich text knows no ``break-after: avoid``).

Not tagged: Qt's PDF writer cannot write a structure tree (Tagged PDF, PDF/UA),
so screen readers get the text in reading order but no headings or lists.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from datetime import datetime, timezone
from html import escape

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QUuid,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)

from factcheck_gui.core.invisible import clean_text
from factcheck_gui.core.model import Article
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.export.common import ExportOptions
from factcheck_gui.export.html import export_html
from factcheck_gui.ui.rich_text import build_document

__all__ = [
    "LANGUAGE",
    "PAGE_MARGIN_MM",
    "ensure_gui_application",
    "export_pdf",
    "keep_headings_with_next",
    "page_size_for",
    "pdf_author",
    "render_pdf",
]

PAGE_MARGIN_MM = 18.0
LANGUAGE = "en"  # the language of the export's own words (headings, labels), as in the HTML export
FOOTER_COLOR = "#5f6368"  # 6.0:1 on white
_FONT_FAMILIES = ["Helvetica Neue", "Arial", "DejaVu Sans"]

# Where US Letter paper is the norm even if the locale does not say "imperial".
_LETTER_TERRITORIES = {
    QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico,
    QLocale.Country.Philippines, QLocale.Country.Chile, QLocale.Country.Colombia,
    QLocale.Country.Venezuela, QLocale.Country.PuertoRico, QLocale.Country.Guatemala,
    QLocale.Country.CostaRica, QLocale.Country.Panama, QLocale.Country.ElSalvador,
    QLocale.Country.Nicaragua, QLocale.Country.DominicanRepublic,
}


def page_size_for(locale: QLocale | None = None) -> QPageSize:
    """US Letter where the locale uses it (the Americas' Letter countries), A4 everywhere else."""
    locale = locale or QLocale()
    letter = (
        locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
        or locale.territory() in _LETTER_TERRITORIES
    )
    return QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (no window, no display needed) for the command line."""
    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(["factcheck"])
    return app  # type: ignore[return-value]


def pdf_author(settings: Settings) -> str:
    """Who checked: "Organisation, Reviewer" from Settings, either alone, or ""."""
    names = [settings.organization_name.strip(), settings.reviewer_name.strip()]
    return clean_text(", ".join(name for name in names if name))


def export_pdf(
    article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale = DEFAULT_SCALE,
    page_size: QPageSize | None = None,
) -> bytes:
    """The fact-check of *article* as PDF bytes: what File › Export… and ``factcheck export --format pdf`` write."""
    html = export_html(article, options, settings, scale, for_qt_print=True)
    return render_pdf(
        html,
        title=clean_text(f"Fact-check: {article.title}"),
        author=pdf_author(settings),
        created=article.updated,
        page_size=page_size,
    )


def _document_font() -> QFont:
    """The base font, the same in the window and the command line, with ligatures off."""
    font = QFont()
    font.setFamilies(_FONT_FAMILIES)
    font.setPointSizeF(10.5)
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    return font


def render_pdf(
    html: str, title: str = "", page_size: QPageSize | None = None, *,
    author: str = "", created: str = "", language: str = LANGUAGE,
) -> bytes:
    """*html* (Qt rich text) laid out on pages and written as PDF, returned as bytes.

    Runs on any thread (the export dialog's worker, the command line's main thread); the
    rich text is built in slices (:func:`~factcheck_gui.ui.rich_text.build_document`), so a
    worker making it leaves the GUI thread its turns, except while the document is laid out
    in one call (``keep_headings_with_next``: ~0.8 s at 1,000 claims). *created* (ISO 8601) is written as the creation date.
    """
    digest = hashlib.sha256(f"{html}\0{title}\0{author}\0{created}\0{language}".encode()).hexdigest()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setAuthor(author)
    writer.setCreator("factcheck-gui")
    writer.setDocumentId(QUuid(str(uuid.UUID(digest[:32]))))
    writer.setDocumentXmpMetadata(QByteArray(_xmp(title, author, language, created, digest).encode("utf-8")))
    writer.setPageLayout(
        QPageLayout(page_size or page_size_for(), QPageLayout.Orientation.Portrait,
                    QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
                    QPageLayout.Unit.Millimeter)
    )
    _paint(html, writer)
    del writer  # finishes the PDF
    buffer.close()
    pdf = _fix_space_glyph(_fix_dates(bytes(data.data()), _pdf_date(created)))
    return _with_catalog_entries(pdf, f"/Lang ({language})\n/ViewerPreferences << /DisplayDocTitle true >>\n")


def _paint(html: str, writer: QPdfWriter) -> None:
    """Lay *html* out on *writer*'s pages (headings kept with what follows) and paint them, numbered."""
    document = QTextDocument()
    document.setDefaultFont(_document_font())
    document.setUseDesignMetrics(True)
    document.documentLayout().setPaintDevice(writer)
    build_document(document, html)  # in slices, and laid out in steps: one long call keeps the GUI thread waiting
    frame = document.rootFrame().frameFormat()
    frame.setMargin(0)
    document.rootFrame().setFrameFormat(frame)
    footer_font = QFont(_document_font())
    footer_font.setPointSizeF(8.5)
    footer_height = QFontMetricsF(footer_font, writer).height() * 2
    painter = QPainter(writer)
    width, height = float(writer.width()), float(writer.height()) - footer_height
    document.setPageSize(QSizeF(width, height))
    keep_headings_with_next(document)
    pages = document.pageCount()
    layout = document.documentLayout()
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.translate(0, -page * height)
        view = QRectF(0, page * height, width, height)
        painter.setClipRect(view)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = view
        context.palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))  # not the window theme's
        layout.draw(painter, context)
        painter.restore()
        painter.setFont(footer_font)
        painter.setPen(QColor(FOOTER_COLOR))
        painter.drawText(QRectF(0, height, width, footer_height),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                         f"Page {page + 1} of {pages}")
    painter.end()


def _first_line_top(document: QTextDocument, block: QTextBlock) -> float:
    """Where *block*'s first line starts, in document coordinates (pages stacked)."""
    rect = document.documentLayout().blockBoundingRect(block)
    layout = block.layout()
    if layout is None or layout.lineCount() == 0:
        return rect.top()
    return rect.top() + layout.lineAt(0).y()


def keep_headings_with_next(document: QTextDocument, rounds: int = 200) -> int:
    """Move each heading that ends a page while what follows starts the next one to that next page.

    The document must be paginated (``setPageSize`` with a finite height). Returns how
    many headings moved.
    """
    page_height = document.pageSize().height()
    if not page_height or page_height <= 0:
        return 0
    moved = 0
    block = document.begin()
    while block.isValid() and moved < rounds:
        following = block.next()
        if block.blockFormat().headingLevel() > 0 and following.isValid():
            # Qt pushes a line that does not fit to the next page inside its block, so the
            # block may start on one page and its (only) line on the next: both count.
            top = document.documentLayout().blockBoundingRect(block).top()
            page = int(top // page_height)
            last_page = max(int(_first_line_top(document, block) // page_height),
                            int(_first_line_top(document, following) // page_height))
            if last_page > page:
                gap = (page + 1) * page_height - top
                block_format = block.blockFormat()
                block_format.setTopMargin(block_format.topMargin() + gap + 1)
                QTextCursor(block).setBlockFormat(block_format)
                moved += 1
        block = following
    return moved


# -- what Qt writes that we set ourselves ------------------------------------------------------


def _pdf_date(created: str) -> bytes:
    """``D:YYYYMMDDHHmmSSZ`` for the ISO time *created*; a fixed date if it is not one."""
    value = created.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = datetime(2000, 1, 1, tzinfo=timezone.utc)
    moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
    return moment.strftime("D:%Y%m%d%H%M%SZ").encode("ascii")


def _xmp_date(created: str) -> str:
    date = _pdf_date(created).decode("ascii")
    return f"{date[2:6]}-{date[6:8]}-{date[8:10]}T{date[10:12]}:{date[12:14]}:{date[14:16]}Z"


def _xmp(title: str, author: str, language: str, created: str, digest: str) -> str:
    """XMP metadata with no clock in it (Qt's own has the current time)."""
    when = _xmp_date(created)
    creator = f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>" if author else ""
    return (
        "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"{creator}"
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"
        f"<xmp:CreatorTool>factcheck-gui</xmp:CreatorTool><xmp:CreateDate>{when}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate><xmp:MetadataDate>{when}</xmp:MetadataDate>"
        f"<xmpMM:DocumentID>uuid:{uuid.UUID(digest[:32])}</xmpMM:DocumentID>"
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )


_DATE_ENTRY = re.compile(rb"/(CreationDate|ModDate) \((D:[^)]*)\)")


def _fix_dates(pdf: bytes, date: bytes) -> bytes:
    """*pdf* with the creation and modification dates Qt took from the clock replaced by *date*, in place.

    The new date is never longer than Qt's (which always has seconds and a zone), so it
    is padded with spaces to the same length and no byte offset moves.
    """

    def replace(match: re.Match[bytes]) -> bytes:
        old = match.group(0)
        new = b"/" + match.group(1) + b" (" + date + b")"
        return new + b" " * (len(old) - len(new)) if len(new) <= len(old) else old

    return _DATE_ENTRY.sub(replace, pdf)


_BF_SECTION = re.compile(rb"(begin(bfrange|bfchar)\n)(.*?)(\nend\2)", re.DOTALL)
_BF_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s+<([0-9A-Fa-f]+)>\s+(\[[^\]]*\]|<[0-9A-Fa-f]+>)")
_BF_CHAR = re.compile(rb"(<[0-9A-Fa-f]+>\s+)(<[0-9A-Fa-f]+>)")
_TAB = re.compile(rb"<0009>")


def _fix_space_glyph(pdf: bytes) -> bytes:
    """*pdf* with the space glyph read back as a space, not a tab, in place.

    Qt maps a tab to the font's space glyph, and its PDF writer names each glyph's character
    (the ToUnicode map text is extracted and copied with) by the lowest code point that gives
    that glyph: U+0009. So pypdf (and any reader taking the map as it is) read every space as a
    tab; poppler's pdftotext turned them back into spaces. A tab is never drawn as a glyph of its
    own (rich text lays it out as a gap), so each mapping to U+0009 is the space glyph's: it
    becomes U+0020, the same number of bytes, so no offset moves. Qt writes these maps uncompressed.
    """

    def ranges(body: bytes) -> bytes:
        def one(match: re.Match[bytes]) -> bytes:
            first, last, target = match.groups()
            if target.startswith(b"<") and first != last:
                return match.group(0)  # a run of consecutive characters: not the space glyph alone
            return match.group(0)[: match.start(3) - match.start(0)] + _TAB.sub(b"<0020>", target)

        return _BF_RANGE.sub(one, body)

    def chars(body: bytes) -> bytes:
        return _BF_CHAR.sub(lambda m: m.group(1) + _TAB.sub(b"<0020>", m.group(2)), body)

    def section(match: re.Match[bytes]) -> bytes:
        body = ranges(match.group(3)) if match.group(2) == b"bfrange" else chars(match.group(3))
        return match.group(1) + body + match.group(4)

    return _BF_SECTION.sub(section, pdf) if b"<0009>" in pdf else pdf


_CATALOG = re.compile(rb"\n(\d+) 0 obj\n<<\n/Type /Catalog\n(.*?)>>\nendobj\n", re.DOTALL)
_TRAILER = re.compile(rb"trailer\n<<\n(.*?)>>\nstartxref\n(\d+)\s*\n%%EOF\s*$", re.DOTALL)


def _with_catalog_entries(pdf: bytes, entries: str) -> bytes:
    """*pdf* with *entries* added to its catalog, as an incremental update (Qt cannot set them)."""
    catalog, trailer = _CATALOG.search(pdf), _TRAILER.search(pdf)
    if catalog is None or trailer is None:
        return pdf
    number = int(catalog.group(1))
    if not pdf.endswith(b"\n"):
        pdf += b"\n"
    offset = len(pdf)
    obj = b"%d 0 obj\n<<\n/Type /Catalog\n%s%s>>\nendobj\n" % (number, catalog.group(2), entries.encode("ascii"))
    xref_at = offset + len(obj)
    xref = b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
    tail = b"trailer\n<<\n%s/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n" % (trailer.group(1), trailer.group(2), xref_at)
    return pdf + obj + xref + tail
