"""How the article view looks: text styles, the text column, colours, claim backgrounds and underlines.

Helpers of :class:`~factcheck_gui.ui.article_view.QtArticleView`. They format a
``QTextDocument`` without changing its text and paint on the view's viewport; they
decide nothing about claims (the view hands them spans, colours and line boxes).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QThread
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from factcheck_gui.core.invisible import invisible_positions, mask_invisible
from factcheck_gui.core.model import Article
from factcheck_gui.core.text import Utf16Index
from factcheck_gui.ui.contrast import AA, contrast, over, readable

COLUMN_CHARACTERS = 72  # width of the text column, in average characters
SIDE_MARGIN = 28.0  # smallest gap between the text and the view's edges, in pixels
TOP_MARGIN = 40.0
BOTTOM_MARGIN = 96.0
LINE_HEIGHT_PERCENT = 155.0
HEADLINE_SCALE = 1.75
SUBTITLE_SCALE = 1.22
PARAGRAPH_GAP_EM = 0.7  # height of the blank line between paragraphs
STYLE_PIECE = 32_768  # characters of the text given to Qt per call, where a call holds the GIL
UNDERLINE_DROP = 3.0  # claim underline, below the baseline, in pixels
LANE_STEP = 3.5  # each overlapping claim's underline sits this much lower
MAX_LANES = 3
SERIF_FAMILIES = [
    "Charter", "Iowan Old Style", "Georgia", "Source Serif 4", "Source Serif Pro", "Literata",
    "Noto Serif", "Cambria", "DejaVu Serif", "Liberation Serif", "Times New Roman",
]

#: Line boxes of a span: one viewport rectangle per line, with the line's baseline.
LineBoxes = list[tuple[QRectF, float]]


# -- colours ----------------------------------------------------------------------------------


@dataclass
class ArticleColors:
    """Colours derived from the palette, so claims read well on light and dark backgrounds."""

    dark: bool
    claim_alpha: int
    current_alpha: int
    hover: QColor
    link: QColor
    muted: QColor
    base: QColor = field(default_factory=lambda: QColor("#ffffff"))  # the page
    text: QColor = field(default_factory=lambda: QColor("#000000"))  # the article's text on it

    def line(self, color: str) -> QColor:
        """The colour of a claim's underline or outline for a verdict colour."""
        line = QColor(color)
        return line.lighter(135) if self.dark else line


def colors_from(palette: QPalette) -> ArticleColors:
    """The view's colours for *palette* (light or dark)."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    dark = base.lightness() < 128
    hover = QColor(text)
    hover.setAlpha(26 if dark else 15)
    muted = QColor(
        round(text.red() * 0.68 + base.red() * 0.32),
        round(text.green() * 0.68 + base.green() * 0.32),
        round(text.blue() * 0.68 + base.blue() * 0.32),
    )
    return ArticleColors(
        dark=dark,
        claim_alpha=84 if dark else 52,
        current_alpha=140 if dark else 104,
        hover=hover,
        link=readable(palette.color(QPalette.ColorRole.Link), base),  # a dark theme's default link is dark blue
        muted=muted,
        base=QColor(base),
        text=QColor(text),
    )


class ClaimFormats:
    """The background of a claim for each verdict colour, translucent so nested claims blend (cached)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, bool], QTextCharFormat] = {}

    def get(self, color: str, current: bool, colors: ArticleColors) -> QTextCharFormat:
        """The format of a claim of *color*; the *current* claim stands out more."""
        char_format = self._cache.get((color, current))
        if char_format is None:
            background = QColor(color)
            alpha = colors.current_alpha if current else colors.claim_alpha
            background.setAlpha(alpha)
            # Lighter where the text on it would read below 4.5:1 (yellow under light text in a dark theme).
            while alpha > 16 and contrast(colors.text, over(background, colors.base)) < AA:
                alpha -= 8
                background.setAlpha(alpha)
            char_format = QTextCharFormat()
            char_format.setBackground(background)
            self._cache[(color, current)] = char_format
        return char_format

    def clear(self) -> None:
        """Forget the formats (the palette changed)."""
        self._cache.clear()


# -- underline lanes ----------------------------------------------------------------------------


@dataclass
class Underline:
    """How a painted claim is underlined: its span, colour, style and lane (0 nearest the text)."""

    start: int
    end: int
    color: str
    judged: bool
    claim_id: str = ""
    lane: int = 0


def lanes_in_order(underlines: list[Underline]) -> None:
    """Give lanes to *underlines*, sorted by start (the longer first), none of which overlaps an
    underline before them: each takes the lowest lane the ones still running leave free."""
    active: list[Underline] = []
    for underline in underlines:
        active = [other for other in active if other.end > underline.start]
        taken = {other.lane for other in active}
        lane = 0
        while lane in taken:
            lane += 1
        underline.lane = lane
        active.append(underline)


# -- painting ---------------------------------------------------------------------------------


def hover_path(boxes: LineBoxes) -> QPainterPath:
    """One shape around the line boxes of a sentence, lines joined across their leading."""
    path = QPainterPath()
    lead = (LINE_HEIGHT_PERCENT / 100.0 - 1.0) / 2
    for rect, _ in boxes:
        grow = rect.height() * lead
        piece = QPainterPath()
        piece.addRoundedRect(rect.adjusted(-4, -grow, 4, grow), 4, 4)
        path = path.united(piece)
    return path


def paint_underlines(
    painter: QPainter,
    underlines: Iterable[Underline],
    area: QRectF,
    offsets: tuple[int, int],
    boxes_of: Callable[[int, int], LineBoxes],
    colors: ArticleColors,
) -> None:
    """Underline the claims within *offsets* that show in *area*, overlapping ones in lanes below each other.

    *underlines* are sorted by start; a dashed line marks a claim not judged yet.
    """
    first, last = offsets
    for underline in underlines:
        if underline.start >= last:
            break
        if underline.end <= first:
            continue
        pen = QPen(colors.line(underline.color), 2.0 if underline.judged else 1.6)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if not underline.judged:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        drop = UNDERLINE_DROP + min(underline.lane, MAX_LANES - 1) * LANE_STEP
        for rect, baseline in boxes_of(underline.start, underline.end):
            if rect.intersects(area):
                painter.drawLine(QPointF(rect.left(), baseline + drop), QPointF(rect.right(), baseline + drop))


def claim_area(boxes: LineBoxes) -> QRect:
    """The part of the viewport that the backgrounds, underlines (in every lane) and outline of a span
    with these line boxes can cover: what is painted again when that span's claims changed."""
    area = QRectF()
    lowest = UNDERLINE_DROP + (MAX_LANES - 1) * LANE_STEP + 2.0  # the lowest lane and its pen
    for rect, baseline in boxes:
        area = area.united(QRectF(rect.left(), rect.top(), rect.width(),
                                  max(rect.bottom(), baseline + lowest) - rect.top()))
    return area.adjusted(-4, -3, 4, 3).toAlignedRect() if not area.isNull() else QRect()


def paint_outline(painter: QPainter, boxes: LineBoxes, area: QRectF, color: QColor) -> None:
    """Draw a rounded outline around each line box of the current claim that shows in *area*."""
    painter.setPen(QPen(color, 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for rect, _ in boxes:
        if rect.intersects(area):
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)


# -- text styles and the column ---------------------------------------------------------------


def body_font(widget_font: QFont) -> QFont:
    """The serif reading font, somewhat larger than the widget's own."""
    font = QFont(widget_font)
    font.setFamilies(SERIF_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Serif)
    size = widget_font.pointSizeF()
    font.setPointSizeF(max(12.0, size * 1.3) if size > 0 else 13.0)
    return font


def title_blocks(document: QTextDocument, article: Article) -> tuple[QTextBlock | None, QTextBlock | None]:
    """The blocks that hold the headline and the subheadline given in the article's metadata."""
    block = document.begin()
    title, subtitle = article.meta.title.strip(), article.meta.subtitle.strip()
    if not title or block.text().strip() != title:
        return None, None
    following = block.next()
    while following.isValid() and following.length() <= 1:
        following = following.next()
    if subtitle and following.isValid() and following.text().strip() == subtitle:
        return block, following
    return block, None


def _merge_format(cursor: QTextCursor, start: int, end: int, char_format: QTextCharFormat) -> None:
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(char_format)
    cursor.clearSelection()


def _empty_block_positions(document: QTextDocument, text: str, index: Utf16Index) -> list[int]:
    """Where the empty blocks (the gaps between paragraphs) of *document*, which shows *text*, start.

    Found in the Python text with ``str.find`` rather than by walking every block from Python (a
    1 MB article has 6,000 blocks: 17 ms of a re-fetch's landing). When Qt's blocks are not the
    text's lines (a character Qt also starts a block at), or a place found does not hold, the
    blocks are walked after all.
    """
    if document.blockCount() == text.count("\n") + 1:  # Qt's blocks are the text's lines
        positions = [0] if not text or text[0] == "\n" else []
        found = text.find("\n\n")
        while found >= 0:
            positions.append(found + 1)
            found = text.find("\n\n", found + 1)
        if text.endswith("\n"):
            positions.append(len(text))
        if not index.is_identity:
            positions = [index.to_utf16(position) for position in positions]
        if all((block := document.findBlock(position)).position() == position and block.length() <= 1
               for position in positions[:1] + positions[len(positions) // 2:][:1] + positions[-1:]):
            return positions
    found_blocks = []
    block = document.begin()
    while block.isValid():
        if block.length() <= 1:
            found_blocks.append(block.position())
        block = block.next()
    return found_blocks


def apply_text_styles(
    document: QTextDocument, article: Article, index: Utf16Index, font: QFont, colors: ArticleColors,
    line_height: float | None = None,
) -> None:
    """Format headline, subheadline, body, paragraph gaps and links of *document*, and mark where the
    article holds a bidi control or zero-width character (the view shows each as one visible mark,
    :func:`~factcheck_gui.core.invisible.mask_invisible`). The text is not touched.

    *line_height* is ``QFontMetricsF(font).height()``, given when this runs on another thread than
    the GUI's (:func:`prepare_document`), which then never asks the font engine anything."""
    gap = (QFontMetricsF(font).height() if line_height is None else line_height) * PARAGRAPH_GAP_EM
    proportional = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
    body_block = QTextBlockFormat()
    body_block.setLineHeight(LINE_HEIGHT_PERCENT, proportional)
    gap_block = QTextBlockFormat()
    gap_block.setLineHeight(gap, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    headline_block = QTextBlockFormat()
    headline_block.setLineHeight(118.0, proportional)
    subtitle_block = QTextBlockFormat()
    subtitle_block.setLineHeight(135.0, proportional)

    body_char = QTextCharFormat()
    body_char.setFont(font)
    headline_char = QTextCharFormat()
    headline_char.setFontPointSize(font.pointSizeF() * HEADLINE_SCALE)
    headline_char.setFontWeight(QFont.Weight.Bold)
    subtitle_char = QTextCharFormat()
    subtitle_char.setFontPointSize(font.pointSizeF() * SUBTITLE_SCALE)
    subtitle_char.setForeground(colors.muted)

    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    # Every block at once (the others are set one by one below), a piece of the text per call: one
    # call for 1 MB holds the GIL ~15 ms, which on a re-fetch's worker is the window's wait (issue 16).
    end = document.characterCount() - 1
    for at in range(0, max(end, 1), STYLE_PIECE):
        cursor.setPosition(at)
        cursor.setPosition(min(end, at + STYLE_PIECE), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(body_char)
        cursor.setBlockCharFormat(body_char)
        cursor.setBlockFormat(body_block)
    cursor.clearSelection()

    headline, subtitle = title_blocks(document, article)
    for position in _empty_block_positions(document, article.text, index):
        cursor.setPosition(position)
        cursor.setBlockFormat(gap_block)
    for heading, block_format in ((headline, headline_block), (subtitle, subtitle_block)):
        if heading is not None and heading.length() > 1:
            cursor.setPosition(heading.position())
            cursor.setBlockFormat(block_format)
    for heading, char_format in ((headline, headline_char), (subtitle, subtitle_char)):
        if heading is not None:
            _merge_format(cursor, heading.position(), heading.position() + heading.length() - 1, char_format)

    length = len(article.text)
    for link in article.links:
        if 0 <= link.start < link.end <= length and link.href:
            link_char = QTextCharFormat()
            link_char.setAnchor(True)
            link_char.setAnchorHref(link.href)
            link_char.setForeground(colors.link)
            link_char.setFontUnderline(True)
            link_char.setUnderlineColor(colors.link)
            _merge_format(cursor, index.to_utf16(link.start), index.to_utf16(link.end), link_char)
    for position in invisible_positions(article.text):
        _merge_format(cursor, index.to_utf16(position), index.to_utf16(position + 1), invisible_format(article.text[position]))
    cursor.endEditBlock()


INVISIBLE_PROPERTY = QTextCharFormat.Property.UserProperty + 1  # the hidden character's code point, on its mark


def invisible_format(char: str) -> QTextCharFormat:
    """How the mark of a hidden bidi or zero-width *char* looks: dark on orange, with a tool tip naming it."""
    char_format = QTextCharFormat()
    char_format.setForeground(QColor("#000000"))
    char_format.setBackground(QColor("#ffb74d"))  # 11:1 under black, in light and dark themes
    char_format.setFontWeight(QFont.Weight.Bold)
    name = unicodedata.name(char, "a formatting character")
    char_format.setToolTip(
        f"A hidden character is here: U+{ord(char):04X} {name}. It can make text read as something "
        "it is not, so it is shown as \u25c7. The article keeps it as it is."
    )
    char_format.setProperty(INVISIBLE_PROPERTY, ord(char))
    return char_format


@dataclass(frozen=True)
class TextStyle:
    """What the article view styles its text with, taken on the GUI thread for :func:`prepare_document`."""

    font: QFont
    colors: ArticleColors
    line_height: float  # QFontMetricsF(font).height()
    side_margin: float | None = None  # the text column's side margins in the view (column_margin), if known


@dataclass(eq=False)
class PreparedDocument:
    """An article text laid into a ``QTextDocument`` with its styles on a worker thread (a re-fetch's
    new text, issue 16), for the view to show with ``setDocument`` instead of building it on the GUI
    thread. It holds for an article whose text, links, title and subtitle are still these."""

    document: QTextDocument
    index: Utf16Index
    text: str
    links: tuple[tuple[int, int, str], ...]
    title: str
    subtitle: str

    def fits(self, article: Article) -> bool:
        return (article.meta.title == self.title and article.meta.subtitle == self.subtitle
                and _link_key(article) == self.links and article.text == self.text)


def _link_key(article: Article) -> tuple[tuple[int, int, str], ...]:
    return tuple((link.start, link.end, link.href) for link in article.links)


def prepare_document(article: Article, style: TextStyle, gui_thread: QThread) -> PreparedDocument:
    """*article*'s text in a new ``QTextDocument`` with the view's styles, made on this (worker) thread and
    moved to *gui_thread*. Its default font and settings are the view's (see ``QtArticleView``); it is
    not laid out here (a document is reentrant; its layout, made when the view shows it, uses the fonts
    on the GUI thread). *article* is read only: give a snapshot or a copy no other thread changes."""
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(style.font)
    # As setPlainText does, a piece at a time: Qt's calls hold the GIL, and one call for 1 MB (~10 ms)
    # is that long a wait for the window (issue 16).
    shown, cursor = mask_invisible(article.text), QTextCursor(document)
    cursor.beginEditBlock()
    for at in range(0, len(shown), STYLE_PIECE):
        cursor.insertText(shown[at:at + STYLE_PIECE])
    cursor.endEditBlock()
    index = Utf16Index(article.text)
    apply_text_styles(document, article, index, style.font, style.colors, style.line_height)
    if style.side_margin is not None:  # the view's column, set here rather than by the GUI thread (2-6 ms)
        set_column_margin(document, style.side_margin)
    document.moveToThread(gui_thread)
    return PreparedDocument(document, index, article.text, _link_key(article), article.meta.title,
                            article.meta.subtitle)


def fit_column(document: QTextDocument, viewport_width: int, font: QFont) -> None:
    """Centre a text column about COLUMN_CHARACTERS wide in a viewport *viewport_width* wide."""
    set_column_margin(document, column_margin(viewport_width, font))


def column_margin(viewport_width: int, font: QFont) -> float:
    """The side margins that centre a text column about COLUMN_CHARACTERS wide (GUI thread: font metrics)."""
    column = QFontMetricsF(font).averageCharWidth() * COLUMN_CHARACTERS
    return max(SIDE_MARGIN, (viewport_width - column) / 2)


def set_column_margin(document: QTextDocument, side: float) -> None:
    """Give *document* side margins of *side* pixels (and the view's top and bottom margins)."""
    root = document.rootFrame()
    frame_format = root.frameFormat()
    if (
        abs(frame_format.leftMargin() - side) < 0.5
        and frame_format.topMargin() == TOP_MARGIN
        and frame_format.bottomMargin() == BOTTOM_MARGIN
    ):
        return
    frame_format.setLeftMargin(side)
    frame_format.setRightMargin(side)
    frame_format.setTopMargin(TOP_MARGIN)
    frame_format.setBottomMargin(BOTTOM_MARGIN)
    root.setFrameFormat(frame_format)
