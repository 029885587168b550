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
from collections.abc import Callable
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
    QTextDocumentFragment,
    QTextList,
)

from factcheck_gui.core.invisible import clean_text
from factcheck_gui.core.model import Article
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.export.common import ExportOptions
from factcheck_gui.export.html import export_html

__all__ = [
    "LANGUAGE",
    "PAGE_MARGIN_MM",
    "SLICE_CHARS",
    "build_document",
    "ensure_gui_application",
    "export_pdf",
    "html_slices",
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

    Meant for a process where no GUI thread waits on it: the command line, and the export
    dialog's child (:mod:`factcheck_gui.ui.pdf_process`). Qt's calls here (one ``setHtml``, the
    layout) are long and hold the GIL, so on a worker thread of the window they froze it
    (1.7-1.9 s at 1,000-5,000 claims); one ``setHtml`` is several times faster than building the
    document in slices (:func:`build_document`, which the preview uses) and writes other bytes,
    so every PDF is made this one way. *created* (ISO 8601) is written as the creation date.
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
    document.setHtml(html)  # one call: no GUI thread waits on this process (see render_pdf)
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


# -- the rich text built in slices ---------------------------------------------------------
# A long HTML text made into a ``QTextDocument`` in slices, so a worker never keeps the GUI thread waiting.
#
# ``QTextDocument.setHtml`` of the print HTML of 5,000 claims (10 M characters) runs 3-5 s on a
# worker, and for all that time the GUI thread does not get the GIL back once it lets it go: a
# 5 ms timer on the GUI thread did not fire once during the call (at 1,000 claims: 0.6-0.8 s).
# A Python loop that never lets the GIL go keeps running beside it, so the binding does let the
# GIL go for the call, but the thread in the call takes it back so often that a thread waiting
# for it (the event loop after a wait, a paint) waits until the call ends.
#
# :func:`build_document` makes the same document from slices of the HTML, each parsed alone
# (a small ``QTextDocument`` of the slice with the page's ``<head>``, so its style sheet applies) and
# inserted at the end: each call lasts milliseconds and the GUI thread takes its turn between
# them. Slices end between top-level elements (a claim's table, a paragraph of the article), or
# between the items of a long top-level list, which is then put together again as one list. The
# document has the same blocks and formats as ``setHtml`` gives (``tests/test_export_preview_stall.py``).

#: About how many characters of HTML each slice holds (~2-5 ms of parsing and inserting).
SLICE_CHARS = 4_000

# The elements a slice never ends inside. A paragraph counts too: one with line breaks in it (text
# wrapped by hand) spans several lines of the HTML, and cut there it became two, the second without
# its style or the highlight of a claim that runs on across the cut.
_OPEN = re.compile(r"<(table|ol|ul|blockquote|dl|p|h[1-6]|pre|div)\b", re.IGNORECASE)
_CLOSE = re.compile(r"</(table|ol|ul|blockquote|dl|p|h[1-6]|pre|div)\s*>", re.IGNORECASE)
_OL_TAG = re.compile(r"<ol\b", re.IGNORECASE)
_LIST_START = re.compile(r"<(ol|ul|dl)\b", re.IGNORECASE)
_TAIL = "</body></html>"  # whitespace after </body> would end the last paragraph with a space


def html_slices(html: str, size: int = SLICE_CHARS) -> tuple[str, list[str]]:
    """The HTML's head (up to and with ``<body>``) and its body in slices of about *size* characters.

    A slice ends at the end of a line outside every table, list and paragraph, not before a
    list; inside a top-level ``<ol>``
    it may end before an item (``<li`` starting a line): the list is closed there, with no
    bottom margin, and the next slice opens ``<ol start="N" style="margin-top: 0px">`` (the
    items are joined into one list again as the slices are inserted). HTML whose body is
    not one element per line just makes fewer, longer slices.
    """
    body_at = html.find("<body")
    body_at = html.find(">", body_at) + 1 if body_at >= 0 else 0
    end = html.rfind("</body>")
    head, body = html[:body_at], html[body_at: end if end >= body_at else len(html)]
    slices: list[str] = []
    lines: list[str] = []
    ol_line = -1  # where the open top-level <ol> is, in lines
    size_now = depth = items = 0
    cut_due = False  # a slice may end before this line, unless it starts a list
    for line in body.splitlines(keepends=True):
        if cut_due:
            cut_due = False
            # (A slice that started with a list was inserted with an empty paragraph before the list.)
            if not _LIST_START.match(line.lstrip()):
                slices.append("".join(lines))
                lines, size_now = [], 0
        starts_item = depth == 1 and ol_line >= 0 and line.lstrip().startswith("<li")
        if starts_item and size_now >= size and items:
            if "style=" not in lines[ol_line]:
                lines[ol_line] = _OL_TAG.sub('<ol style="margin-bottom: 0px"', lines[ol_line], count=1)
            slices.append("".join(lines) + "</ol>\n")
            lines, size_now, ol_line = [f'<ol start="{items + 1}" style="margin-top: 0px">\n'], 0, 0
        if depth == 0 and line.lstrip().lower().startswith("<ol"):
            ol_line, items = len(lines), 0
        if starts_item:
            items += 1
        depth = max(depth + len(_OPEN.findall(line)) - len(_CLOSE.findall(line)), 0)
        if depth == 0:
            ol_line = -1
        lines.append(line)
        size_now += len(line)
        if depth == 0 and size_now >= size:
            cut_due = True
    if lines:
        slices.append("".join(lines))
    # Whitespace at the end of a slice would be a space at the end of its last paragraph, not
    # the nothing it is between two elements; the last one ends as the page does.
    return head, [piece.rstrip() for piece in slices[:-1]] + slices[-1:] or [""]


def build_document(document: QTextDocument, html: str, *, size: int = SLICE_CHARS,
                   between: Callable[[], object] = lambda: None) -> None:
    """Make *document* (empty, its default font set) the rich text of *html*, a slice at a time.

    *between* runs after each slice (a worker's cancellation check). The document is the
    one ``document.setHtml(html)`` makes, built in short calls.
    """
    head, slices = html_slices(html, size)
    end = html.rfind("</body>")
    tails = [_TAIL] * (len(slices) - 1) + [html[end:] if end >= 0 else ""]  # the last as the page ends
    document.setHtml(head + slices[0] + tails[0])  # the head's title, style sheet and the first slice
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    try:
        for previous, piece, tail in zip(slices, slices[1:], tails[1:], strict=False):
            between()
            source = QTextDocument()
            source.setDefaultFont(document.defaultFont())
            source.setHtml(head + piece + tail)
            # A table after a table takes the empty block Qt keeps after the first (else a block of its own).
            table_after_table = previous.rstrip().lower().endswith("</table>") and piece.lstrip().lower().startswith("<table")
            _append(document, cursor, source, piece.startswith("<ol start="), in_last_block=table_after_table)
    finally:
        cursor.endEditBlock()


def _append(document: QTextDocument, cursor: QTextCursor, source: QTextDocument, continues_list: bool, *,
            in_last_block: bool = False) -> None:
    """Insert the rich text of *source* at the end, as ``setHtml`` would have laid it after what is there:
    in a block of its own, or in the empty last block (*in_last_block*: a table after a table).

    (Put in the empty block after a table, a heading or paragraph lost the empty line setHtml leaves
    there; put in a rule's block, it made the rule that text.)"""
    cursor.movePosition(QTextCursor.MoveOperation.End)
    last = cursor.block()
    previous_list = last.textList()
    if not in_last_block:
        cursor.insertBlock()
    first_at = cursor.position()
    cursor.insertFragment(QTextDocumentFragment(source))
    # The slice's first block went into the block at the end and took its format: give it its own.
    own, merged = source.begin(), document.findBlock(first_at)
    block_cursor = QTextCursor(merged)
    block_cursor.setBlockFormat(own.blockFormat())
    block_cursor.setBlockCharFormat(own.charFormat())
    if continues_list and previous_list is not None:
        _join_list(previous_list, merged)


def _join_list(previous_list: QTextList, merged: QTextBlock) -> None:
    """The items of a list continued in this slice join the list the last slice ended in.

    Qt gives a list's last item the list's bottom margin, whatever the ``<ol>``'s style says:
    the item that ended the last slice gets back the margin of the items before it."""
    ended = merged.previous()
    if ended.textList() == previous_list and previous_list.itemNumber(ended) >= 1:
        before = previous_list.item(previous_list.itemNumber(ended) - 1)
        fmt = ended.blockFormat()
        fmt.setBottomMargin(before.blockFormat().bottomMargin())
        QTextCursor(ended).setBlockFormat(fmt)
    block = merged.next()
    new_list = merged.textList() or (block.textList() if block.isValid() else None)
    previous_list.add(merged)
    while block.isValid() and new_list is not None and block.textList() == new_list:
        following = block.next()
        previous_list.add(block)
        block = following


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
