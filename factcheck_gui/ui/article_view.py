"""The article view: a read-only reading view of one article that paints its claims.

The document's text is exactly ``article.text``: every ``\\n`` becomes a Qt block
separator, which also counts one position, so a blank line between paragraphs is
an empty block (kept, and styled as the paragraph gap). Qt positions therefore
differ from Python offsets only by astral characters (emoji count two UTF-16 units
in Qt), and every conversion goes through :class:`~factcheck_gui.core.text.Utf16Index`.

Formatting (headline, subheadline, body, links) is applied as character and block
formats, and claims are painted as extra selections, so the text itself is never
changed; the styles, colours and underline lanes live in :mod:`.article_paint`, and
the arithmetic of moving a selection by sentences in :mod:`factcheck_gui.core.stepping`.
The view reads the article and the verdict scale; the window decides what a claim
is and when the claims changed (then it calls :meth:`refresh_claims`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QCursor,
    QFontMetricsF,
    QGuiApplication,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLine,
)
from PySide6.QtWidgets import QApplication, QTextBrowser, QTextEdit, QToolTip, QWidget

from factcheck_gui.core.editing import trim_span
from factcheck_gui.core.invisible import mask_invisible
from factcheck_gui.core.model import Article, Claim
from factcheck_gui.core.stepping import extended_selection, extension_head, step_target
from factcheck_gui.core.text import Utf16Index
from factcheck_gui.core.verdicts import UNJUDGED_COLOR, UNJUDGED_LABEL, VerdictScale
from factcheck_gui.ui.article_paint import (
    ClaimFormats,
    LineBoxes,
    PreparedDocument,
    TextStyle,
    apply_text_styles,
    body_font,
    claim_area,
    colors_from,
    column_margin,
    fit_column,
    hover_path,
    paint_outline,
    paint_underlines,
)
from factcheck_gui.ui.paced_layout import QtPacedLayout
from factcheck_gui.ui.painted_claims import PaintedClaims, PaintKey
from factcheck_gui.ui.richtext import plain_tooltip

#: Property of an extra selection's format that holds the id of the claim it paints.
CLAIM_ID_PROPERTY = int(QTextFormat.Property.UserProperty) + 1

_NO_SELECTION = (-1, -1)
#: Qt is given the backgrounds of the claims this many characters around the text shown.
SELECTION_MARGIN = 20_000
#: A delay that puts work in a later pass of the event loop than input and timers due by then: a
#: zero-delay timer set off by another one runs in the same pass.
NEXT_PASS_MS = 2
#: When the document shown before a new one is deleted: apart from the passes that show the new one
#: (work due at the same time runs in one pass).
OLD_DOCUMENT_DELAY_MS = 250


def _x_at(line: QTextLine, column: int) -> float:
    """The x of the caret before *column* of *line* (PySide's stubs type cursorToX loosely)."""
    x, _column = cast("tuple[float, int]", line.cursorToX(column))
    return x


@dataclass
class _Press:
    """What a mouse press started: a plain click, a shift-click, a link press or a double click."""

    pos: QPoint
    kind: str  # "click", "shift", "link", "double", "other"
    href: str = ""


class QtArticleView(QTextBrowser):
    """Shows one article for reading, lets the user select sentences and spans, paints claims.

    Offsets in the API are Python ``str`` offsets into ``article.text``.
    """

    #: The selection changed: (start, end) trimmed of white space, or (-1, -1) when empty.
    selection_changed = Signal(int, int)
    #: A click landed on a painted claim: the id of the innermost claim there.
    claim_clicked = Signal(str)
    #: Ctrl+click, middle click or "Open link" on one of the article's links: its href. The window opens it.
    link_activated = Signal(str)
    #: The sentence under the mouse: its index in ``article.sentences``, or -1.
    hovered_sentence_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article: Article | None = None
        self._scale: VerdictScale | None = None
        self._index = Utf16Index("")
        self._current_claim_id: str | None = None
        self._claim_formats = ClaimFormats()
        self._painted = PaintedClaims()  # the claims' backgrounds and underlines
        self._claims_painted = False  # _painted describes the article's claims
        self._selection_window = (0, 0)  # the offsets whose claims Qt was given
        self._claims_due = False  # the claims wait for the text's first paint
        self._offered: PreparedDocument | None = None  # a document made on a worker (offer_document)
        self._paced_layout = QtPacedLayout(self)  # a long text laid out in short steps, not Qt's long ones
        self._colors = colors_from(self.palette())
        self._hover_index = -1
        self._hover_span: tuple[int, int] | None = None
        self._last_span: tuple[int, int] | None = None
        self._press: _Press | None = None
        self._pressing = False
        self._internal_change = False
        self._anchor_span: tuple[int, int] | None = None  # the sentence (or claim) a shift-extension grows from
        self._head_index: int | None = None  # the sentence at the moving end of an extension

        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setAccessibleDescription(
            "The article. Click a sentence to select it, shift-click or drag to select more."
        )
        self.setPlaceholderText("No article is open.")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        # Not LinksAccessibleByMouse: Qt would select the link on a click, where a click selects the
        # sentence. Links open with Ctrl+click, a middle click or the context menu (handled here).
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.viewport().setMouseTracking(True)
        self.document().setDefaultFont(body_font(self.font()))
        self.selectionChanged.connect(self._on_qt_selection_changed)

    # -- the article ----------------------------------------------------------------------

    def article(self) -> Article | None:
        """The article shown, or None."""
        return self._article

    def set_article(self, article: Article, scale: VerdictScale) -> None:
        """Show *article*, painting its claims with the colours of *scale*.

        Showing the same article again (for example after its text was edited) keeps the
        scroll position.
        """
        same = self._article is not None and self._article.id == article.id
        scroll = self.verticalScrollBar().value() if same else 0
        prepared, self._offered = self._offered, None
        if prepared is not None and not prepared.fits(article):
            prepared = None  # made for another text: build it here
        self._article, self._scale = article, scale
        self._index = Utf16Index(article.text) if prepared is None else prepared.index
        self._painted.clear()
        self._claims_painted = False
        self._current_claim_id = None
        self._anchor_span = self._head_index = None
        self._hover_span = None
        self._internal_change = True
        try:
            # The old claims' backgrounds go while the old text is still laid out: dropped after
            # setPlainText, Qt asks where each one was in the new text, and their cursors, moved to
            # its end, make it lay out the whole text first (200 ms for 1 MB, issue 16).
            self.setExtraSelections([])
            if prepared is not None:  # made on a worker with its styles: shown as it is
                self._show_document(prepared.document)
            else:
                # Bidi controls and zero-width characters shown as one visible mark each: the
                # text's offsets stay as stored (article_paint marks them, with a tool tip).
                self.setPlainText(mask_invisible(article.text))
        finally:
            self._internal_change = False
        if prepared is None:
            self._apply_text_styles()
        self._update_column()
        self._paced_layout.follow(self.document())
        self._paint_claims_after_first_paint()
        self.verticalScrollBar().setValue(scroll)
        self._set_hover(-1)
        self._emit_selection()

    def text_style(self) -> TextStyle:
        """The font, colours, line height and column the text is styled with (for :meth:`offer_document`)."""
        font = body_font(self.font())
        return TextStyle(font, self._colors, QFontMetricsF(font).height(), column_margin(self.viewport().width(), font))

    def _show_document(self, document: QTextDocument) -> None:
        """Show *document* (made on a worker) and let the one shown before go a pass later: deleting
        1 MB of laid-out text is 4-8 ms the new text's pass need not wait for (issue 16). Qt would
        delete only the document it made itself, and keep every one given to it as the view's child."""
        old = self.document()
        old.setParent(self)  # Qt's own (its text control's child) is not deleted by setDocument either
        self.setDocument(document)
        document.setParent(self)
        QTimer.singleShot(OLD_DOCUMENT_DELAY_MS, old, old.deleteLater)

    def offer_document(self, prepared: PreparedDocument | None) -> None:
        """Show *prepared* (``article_paint.prepare_document``, made on a worker from a style of
        :meth:`text_style`) the next time :meth:`set_article` is given an article it fits, instead of
        building the text's document on the GUI thread: a re-fetched 1 MB text (issue 16). Only the
        next :meth:`set_article` looks at it; None withdraws it."""
        self._offered = prepared

    def clear_article(self) -> None:
        """Show nothing."""
        self._article, self._scale = None, None
        self._index = Utf16Index("")
        self._painted.clear()
        self._claims_painted = False
        self._current_claim_id = None
        self._anchor_span = self._head_index = None
        self.setExtraSelections([])
        self.clear()
        self._set_hover(-1)
        self._emit_selection()

    # -- claims ---------------------------------------------------------------------------

    def refresh_claims(self, claim_ids: Collection[str] | None = None) -> None:
        """Repaint the claims after they changed (added, removed, moved, judged, orphaned).

        With *claim_ids*, only those claims changed (came, went, moved or were judged) and
        only they are painted again (issue 17); without, every claim is looked at.
        """
        if claim_ids is not None and self._refresh_some(claim_ids):
            return
        if self._claims_due:
            return  # all of them are painted after the text's first paint, as they are then
        article = self._article
        if article is None:
            self._painted.clear()
            self._claims_painted = False
            self.setExtraSelections([])
            return
        changed = self._painted.rebuild(
            ((claim, key) for claim in article.claims if (key := self._paint_key(claim)) is not None),
            self._make_claim_selection)
        self._claims_painted = True
        self._claims_due = False
        if self._current_claim_id is not None and self._painted.key_of(self._current_claim_id) is None:
            self._current_claim_id = None
        if changed:
            self._apply_claim_selections()

    def _paint_claims_after_first_paint(self) -> None:
        """Paint the claims once the text has been painted, if it is about to be: Qt lays the
        document out up to each highlight it is given, which for a claim near the end of a long
        article is the whole article, and that is worth doing after the reader sees the text
        (issue 17 item 4). Hidden, or with no claims, they are painted now."""
        article = self._article
        if article is None or not article.claims or not self.isVisible():
            self.refresh_claims()
            return
        self._painted.clear()
        self._claims_painted = False
        self.setExtraSelections([])
        self._claims_due = True

    def _paint_due_claims(self) -> None:
        if self._claims_due:
            self._claims_due = False
            self.refresh_claims()

    def _apply_claim_selections(self, changed: list[tuple[int, int]] | None = None) -> None:
        """Hand Qt the backgrounds of the claims in and around the part of the text shown: Qt
        compares, lays out and paints every extra selection it holds on each change and each
        paint, which at 5,000 claims made every key press slow (issue 17). With *changed*, only
        those spans of the text look different (their underlines and outline): only their lines
        are painted again (Qt repaints the backgrounds that changed itself); else all that shows."""
        viewport = self.viewport()
        first, last = self._offsets_in(QRectF(viewport.rect()))
        length = len(self._article.text) if self._article is not None else 0
        self._selection_window = (max(0, first - SELECTION_MARGIN), min(length, last + SELECTION_MARGIN))
        self.setExtraSelections(self._painted.selections_between(*self._selection_window, self._current_claim_id))
        if changed is None:
            viewport.update()
            return
        for start, end in changed:
            if start < last and first < end:  # else not shown: nothing to paint
                viewport.update(claim_area(self._line_boxes(max(start, first), min(end, last))))

    def _follow_scroll(self) -> None:
        """Hand Qt the claims near the text now shown, when it came near the edge of those it has."""
        if not self._claims_painted or not len(self._painted):
            return
        first, last = self._offsets_in(QRectF(self.viewport().rect()))
        low, high = self._selection_window
        length = len(self._article.text) if self._article is not None else 0
        if (low > 0 and first < low + SELECTION_MARGIN // 2) or (high < length and last > high - SELECTION_MARGIN // 2):
            self._apply_claim_selections()

    def _refresh_some(self, claim_ids: Collection[str]) -> bool:
        """Paint these claims again, add them or take them away; False if all must be looked at."""
        article = self._article
        if article is None or not self._claims_painted:
            return False
        changed: list[tuple[int, int]] = []
        for claim_id in {claim_id for claim_id in claim_ids if claim_id}:
            try:
                key = self._paint_key(article.claim(claim_id))
            except KeyError:
                key = None
            if key == self._painted.key_of(claim_id):
                continue
            if key is None:
                changed.append(self._painted.remove(claim_id))
                if claim_id == self._current_claim_id:
                    self._current_claim_id = None
            else:
                changed.append(self._painted.put(article.claim(claim_id), key, self._make_claim_selection))
        if changed:
            self._apply_claim_selections(changed)
        return True

    def set_current_claim(self, claim_id: str | None, *, scroll: bool = True) -> None:
        """Make *claim_id* the claim that stands out (None: no claim) and scroll it into view (unless not *scroll*)."""
        before = self._current_claim_id
        self._current_claim_id = claim_id
        self.refresh_claims([claim_id or "", before or ""])
        if scroll and self._current_claim_id is not None and self._article is not None:
            claim = self._article.claim(self._current_claim_id)
            self._scroll_to_range(claim.start, claim.end)

    def current_claim_id(self) -> str | None:
        return self._current_claim_id

    def claim_ids_at(self, offset: int) -> list[str]:
        """Ids of the painted claims containing the character at *offset*, innermost first."""
        return self._painted.ids_at(offset) if self._article is not None else []

    # -- selection and scrolling ----------------------------------------------------------

    def selection_span(self) -> tuple[int, int] | None:
        """The selection as Python offsets, trimmed of white space; None when nothing is selected."""
        cursor = self.textCursor()
        if self._article is None or not cursor.hasSelection():
            return None
        start = self._index.from_utf16(cursor.selectionStart())
        end = self._index.from_utf16(cursor.selectionEnd())
        start, end = trim_span(self._article.text, start, end)
        return (start, end) if start < end else None

    def select_span(self, start: int, end: int) -> None:
        """Select ``article.text[start:end]`` and scroll it into view."""
        if self._article is None:
            return
        length = len(self._article.text)
        start, end = max(0, min(start, length)), max(0, min(end, length))
        self._select(min(start, end), max(start, end))
        self._anchor_span, self._head_index = (min(start, end), max(start, end)), None
        self._scroll_to_range(min(start, end), max(start, end))

    def clear_selection(self) -> None:
        """Drop the text selection (the caret stays where it ended); reports the empty selection."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self._set_cursor(cursor)
            self._anchor_span = self._head_index = None
            self._emit_selection()

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so that the text at *offset* is visible, centred when it was not."""
        if self._article is None:
            return
        offset = max(0, min(offset, len(self._article.text)))
        self._scroll_to_range(offset, offset)

    def select_next_sentence(self, extend: bool = False) -> bool:
        """Select the sentence after the selection; with *extend*, grow the selection by one sentence.

        Returns False when there is no further sentence.
        """
        return self._step_sentence(+1, extend)

    def select_previous_sentence(self, extend: bool = False) -> bool:
        """Select the sentence before the selection; with *extend*, grow the selection upwards."""
        return self._step_sentence(-1, extend)

    # -- geometry -------------------------------------------------------------------------

    def offset_at_point(self, point: QPoint | QPointF) -> int | None:
        """Python offset of the character under *point* (viewport coordinates), None off the text."""
        if self._article is None:
            return None
        doc_point = QPointF(point) + QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        document = self.document()
        layout = document.documentLayout()
        position = layout.hitTest(doc_point, Qt.HitTestAccuracy.FuzzyHit)
        if position < 0:
            return None
        block = document.findBlock(position)
        if not block.isValid() or block.length() <= 1:
            return None
        origin = layout.blockBoundingRect(block).topLeft()
        local = doc_point - origin
        text_layout = block.layout()
        for number in range(text_layout.lineCount()):
            line = text_layout.lineAt(number)
            bottom = (
                text_layout.lineAt(number + 1).y()
                if number + 1 < text_layout.lineCount()
                else line.y() + line.height() * max(1.0, block.blockFormat().lineHeight() / 100.0)
            )
            if not line.y() <= local.y() < bottom:
                continue
            if not line.x() <= local.x() <= line.x() + line.naturalTextWidth():
                return None
            column = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
            column = min(column, line.textStart() + line.textLength() - 1, block.length() - 2)
            return self._index.from_utf16(block.position() + column)
        return None

    def cursor_for_offset(self, offset: int) -> QTextCursor:
        """A text cursor at Python *offset* (for cursorRect and the like)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._index.to_utf16(max(0, offset)))
        return cursor

    # -- events ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._article is None:
            super().mousePressEvent(event)
            return
        pos = event.position().toPoint()
        button, modifiers = event.button(), event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        href = self._link_at(pos)
        if href and (button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and ctrl)):
            self._press = _Press(pos, "link", href)
            event.accept()
            return
        if button == Qt.MouseButton.LeftButton and shift and not ctrl:
            index = self._sentence_at_point(pos)
            if index is not None:
                self._press = _Press(pos, "shift")
                self._extend_to_sentence(index)
                event.accept()
                return
        if button == Qt.MouseButton.LeftButton and not shift:
            # A press inside the selection would start dragging the text away; start afresh.
            cursor = self.textCursor()
            if cursor.hasSelection():
                cursor.clearSelection()
                self._pressing = True
                self._set_cursor(cursor)
            self._press = _Press(pos, "click")
        else:
            self._press = _Press(pos, "other")
        self._pressing = True
        super().mousePressEvent(event)
        if self._press.kind == "click":
            end = self._sentence_end_under(pos)
            if end is not None:  # the drag starts at the end of the sentence whose full stop was pressed
                cursor = self.textCursor()
                cursor.setPosition(self._index.to_utf16(end))
                self._set_cursor(cursor)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._press = _Press(event.position().toPoint(), "double")
        self._pressing = True
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        pos = event.position().toPoint()
        if self._pressing and not event.buttons():
            self._pressing = False  # the release went elsewhere
            self._emit_selection()
        self._update_hover(pos)
        # A pointing hand only when a click would open the link; a plain click selects text.
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        shape = Qt.CursorShape.PointingHandCursor if ctrl and self._link_at(pos) else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        pos = event.position().toPoint()
        if press is not None and press.kind == "link":
            event.accept()
            if self._link_at(pos) == press.href:
                self.link_activated.emit(press.href)
            return
        if press is not None and press.kind == "shift":
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._pressing = False
        clicked_claim = None
        if (
            press is not None
            and press.kind == "click"
            and event.button() == Qt.MouseButton.LeftButton
            and (pos - press.pos).manhattanLength() < QApplication.startDragDistance()
        ):  # a click, even if the hand shook and Qt selected a letter: the sentence (or claim) there
            clicked_claim = self._select_at(pos)
        event.accept()
        self._emit_selection()
        if clicked_claim is not None:
            self.claim_clicked.emit(clicked_claim)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Qt's menu (Copy, Select All) with "Open link" and "Copy link address" on a link."""
        pos = event.pos()  # in the viewport, but in the view itself when the menu key opened it
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            pos = self.viewport().mapFrom(self, pos)
        scrolled = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        menu = self.createStandardContextMenu(pos + scrolled)  # takes document coordinates
        menu.setObjectName("articleContextMenu")
        menu.setAccessibleName("Article text menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        href = self._link_at(pos)
        if href:
            first = menu.actions()[0] if menu.actions() else None
            open_link = QAction("&Open link", menu)
            open_link.setObjectName("openLinkAction")
            open_link.setToolTip(href)
            open_link.triggered.connect(lambda: self.link_activated.emit(href))
            copy_link = QAction("Copy &link address", menu)
            copy_link.setObjectName("copyLinkAction")
            copy_link.triggered.connect(lambda: QGuiApplication.clipboard().setText(href))
            menu.insertActions(first, [open_link, copy_link])  # type: ignore[arg-type]
            if first is not None:
                menu.insertSeparator(first)
        menu.popup(event.globalPos())
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._set_hover(-1)
        elif event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._follow_scroll()
        if self.viewport().underMouse():
            self._update_hover(self.viewport().mapFromGlobal(QCursor.pos()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_column()
        self._follow_scroll()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._colors = colors_from(self.palette())
            self._claim_formats.clear()
            self._painted.clear()
            self._claims_painted = False
            self.document().setDefaultFont(body_font(self.font()))
            if self._article is not None:
                self._apply_text_styles()
                self._update_column()
                self.refresh_claims()

    def paintEvent(self, event: QPaintEvent) -> None:
        area = QRectF(event.rect())
        if self._hover_span is not None and not self.textCursor().hasSelection():
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._colors.hover)
            painter.drawPath(hover_path(self._line_boxes(*self._hover_span)))
            painter.end()
        super().paintEvent(event)  # the text, with the claims' backgrounds (extra selections)
        if self._claims_due:
            QTimer.singleShot(NEXT_PASS_MS, self, self._paint_due_claims)
        if self._article is None or not len(self._painted):
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        offsets = self._offsets_in(area)
        paint_underlines(painter, self._painted.underlines_from(offsets[0]), area, offsets, self._line_boxes, self._colors)
        claim = self._current_claim()
        if claim is not None:
            color, _ = self._claim_color(claim)
            paint_outline(painter, self._line_boxes(claim.start, claim.end), area, self._colors.line(color))
        painter.end()

    def _offsets_in(self, area: QRectF) -> tuple[int, int]:
        """Python offsets of the whole blocks that the viewport rectangle *area* touches."""
        document = self.document()
        layout = document.documentLayout()
        scrolled = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        # A point in the text's top margin hits where the layout has got to while it is still being
        # laid out, not the first line: asked below the margin instead.
        corner = area.topLeft() + scrolled
        corner.setY(max(corner.y(), document.rootFrame().frameFormat().topMargin() + 1))
        top = document.findBlock(max(0, layout.hitTest(corner, Qt.HitTestAccuracy.FuzzyHit)))
        bottom = document.findBlock(max(0, layout.hitTest(area.bottomRight() + scrolled, Qt.HitTestAccuracy.FuzzyHit)))
        if not bottom.isValid():
            bottom = document.lastBlock()
        first = top.position() if top.isValid() else 0
        return self._index.from_utf16(first), self._index.from_utf16(bottom.position() + bottom.length())

    # -- internals: text styles and layout ------------------------------------------------

    def _apply_text_styles(self) -> None:
        """Format headline, subheadline, body, paragraph gaps and links. The text is not touched."""
        if self._article is not None:
            apply_text_styles(self.document(), self._article, self._index, body_font(self.font()), self._colors)

    def _update_column(self) -> None:
        fit_column(self.document(), self.viewport().width(), body_font(self.font()))

    def _line_boxes(self, start: int, end: int) -> LineBoxes:
        """Viewport rectangles covering ``article.text[start:end]``, one per line, with its baseline."""
        if self._article is None or start >= end:
            return []
        q_start, q_end = self._index.to_utf16(start), self._index.to_utf16(end)
        document = self.document()
        layout = document.documentLayout()
        shift = QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        boxes: LineBoxes = []
        block = document.findBlock(q_start)
        while block.isValid() and block.position() < q_end:
            origin = layout.blockBoundingRect(block).topLeft() + shift
            text_layout = block.layout()
            position = block.position()
            first_line = max(0, text_layout.lineForTextPosition(max(0, q_start - position)).lineNumber())
            for number in range(first_line, text_layout.lineCount()):
                line = text_layout.lineAt(number)
                line_start = position + line.textStart()
                if line_start >= q_end:
                    break
                line_end = line_start + line.textLength()
                left, right = max(q_start, line_start), min(q_end, line_end)
                if right == line_end:
                    right = self._without_trailing_space(left, right)
                if left >= right:
                    continue
                x1, x2 = _x_at(line, left - position), _x_at(line, right - position)
                rect = QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height()).translated(origin)
                boxes.append((rect, rect.top() + line.ascent()))
            block = block.next()
        return boxes

    def _without_trailing_space(self, q_start: int, q_end: int) -> int:
        """*q_end* moved back over the white space that ends a wrapped line (Qt positions)."""
        assert self._article is not None
        text, start, end = self._article.text, self._index.from_utf16(q_start), self._index.from_utf16(q_end)
        while end > start and text[end - 1].isspace():
            end -= 1
        return self._index.to_utf16(end)

    def _scroll_to_range(self, start: int, end: int) -> None:
        """Scroll so ``[start, end)`` is visible, centred if it was not already fully visible."""
        rects = [box for box, _ in self._line_boxes(start, end)]
        if rects:
            top, bottom = min(r.top() for r in rects), max(r.bottom() for r in rects)
        else:
            caret = self.cursorRect(self.cursor_for_offset(start))
            top, bottom = float(caret.top()), float(caret.bottom())
        height = self.viewport().height()
        margin = min(24.0, height / 8)
        if top >= margin and bottom <= height - margin:
            return
        bar = self.verticalScrollBar()
        if bottom - top < height - 2 * margin:
            target = bar.value() + (top + bottom) / 2 - height / 2
        else:
            target = bar.value() + top - margin
        bar.setValue(round(target))

    # -- internals: claims ----------------------------------------------------------------

    def _claim_color(self, claim: Claim) -> tuple[str, bool]:
        """The claim's colour and whether the scale knows its verdict."""
        verdict = self._scale.get(claim.verdict) if self._scale is not None else None
        return (verdict.color, True) if verdict is not None else (UNJUDGED_COLOR, False)

    def _paint_key(self, claim: Claim) -> PaintKey | None:
        """How *claim* is painted (span, colour, judged, current), or None when it is not painted."""
        if self._article is None or claim.orphaned or not 0 <= claim.start < claim.end <= len(self._article.text):
            return None
        color, judged = self._claim_color(claim)
        return (claim.start, claim.end, color, judged, claim.id == self._current_claim_id)

    def _make_claim_selection(self, claim: Claim, key: PaintKey) -> QTextEdit.ExtraSelection:
        # In an edit block a cursor does not remember its x position, which would lay the
        # document out up to the claim: a claim near the end of a long article laid out the
        # whole article before its first paint (issue 17 item 4). The text is not changed.
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(self._index.to_utf16(key[0]))  # where it was painted, also if made later
        cursor.setPosition(self._index.to_utf16(key[1]), QTextCursor.MoveMode.KeepAnchor)
        cursor.endEditBlock()
        char_format = QTextCharFormat(self._claim_formats.get(key[2], key[4], self._colors))
        char_format.setProperty(CLAIM_ID_PROPERTY, claim.id)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = char_format
        return selection

    def _current_claim(self) -> Claim | None:
        if self._article is None or self._current_claim_id is None:
            return None
        try:
            claim = self._article.claim(self._current_claim_id)
        except KeyError:
            return None
        return None if claim.orphaned else claim

    # -- internals: selection -------------------------------------------------------------

    def _set_cursor(self, cursor: QTextCursor) -> None:
        self._internal_change = True
        try:
            self.setTextCursor(cursor)
        finally:
            self._internal_change = False

    def _select(self, anchor: int, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._index.to_utf16(anchor))
        cursor.setPosition(self._index.to_utf16(position), QTextCursor.MoveMode.KeepAnchor)
        self._set_cursor(cursor)

    def _on_qt_selection_changed(self) -> None:
        if not self._internal_change:
            self._anchor_span = self._head_index = None
        if self._hover_span is not None:  # the hover background shows only without a selection
            self.viewport().update(self._hover_area(self._hover_span))
        if not self._pressing:
            self._emit_selection()

    def _emit_selection(self) -> None:
        span = self.selection_span()
        if span != self._last_span:
            self._last_span = span
            self.selection_changed.emit(*(span or _NO_SELECTION))

    def _select_at(self, pos: QPoint) -> str | None:
        """A click: select the innermost claim there (returning its id), else the sentence."""
        offset = self.offset_at_point(pos)
        if offset is None or self._article is None:
            return None
        claim_ids = self.claim_ids_at(offset)
        if claim_ids:
            claim = self._article.claim(claim_ids[0])
            self._select(claim.start, claim.end)
            self._anchor_span, self._head_index = (claim.start, claim.end), None
            return claim.id
        index = self._article.sentence_index_at(offset)
        if index is not None:
            start, end = self._article.sentences[index]
            self._select(start, end)
            self._anchor_span, self._head_index = (start, end), index
        return None

    def _sentence_end_under(self, pos: QPoint) -> int | None:
        """The end of the sentence whose closing punctuation (". ", "?\u201d", "\u3002") is under *pos*, else
        None. Qt puts a drag's anchor before or after the character pressed, whichever edge is nearer:
        on a full stop, a glyph a few pixels wide, that was a toss-up between a selection starting with
        ". " and one that leaves out the full stop the user pressed. A press there means the sentence's end."""
        offset = self.offset_at_point(pos)
        if offset is None or self._article is None:
            return None
        index = self._article.sentence_index_at(offset)
        if index is None:
            return None
        start, end = self._article.sentences[index]
        tail = self._article.text[offset:end]
        if start < offset and tail and not any(char.isalnum() or char.isspace() for char in tail):
            return end
        return None

    def _sentence_at_point(self, pos: QPoint) -> int | None:
        offset = self.offset_at_point(pos)
        if offset is None or self._article is None:
            return None
        return self._article.sentence_index_at(offset)

    def _cursor_offset(self) -> int:
        return self._index.from_utf16(self.textCursor().position())

    def _extend_to_sentence(self, index: int) -> None:
        """Select from the anchor sentence (or span) to sentence *index*, in whole sentences."""
        assert self._article is not None
        sentences = self._article.sentences
        anchor = self._anchor_span or self.selection_span()
        if anchor is None:
            here = self._article.sentence_index_at(self._cursor_offset())
            anchor = sentences[here] if here is not None else sentences[index]
        self._select(*extended_selection(anchor, sentences[index]))
        self._anchor_span, self._head_index = anchor, index

    def _step_sentence(self, step: int, extend: bool) -> bool:
        """Select the next (*step* +1) or previous (-1) sentence, or grow the selection by one."""
        article = self._article
        if article is None or not article.sentences:
            return False
        sentences, span, caret = article.sentences, self.selection_span(), self._cursor_offset()
        if extend:
            head = self._head_index
            if head is None:
                head = extension_head(sentences, span, caret, step)
            target = head + step
            if not 0 <= target < len(sentences):
                return False
            if self._anchor_span is None:
                self._anchor_span = span or sentences[head]
            self._extend_to_sentence(target)
            self._scroll_to_range(*sentences[target])
            return True
        found = step_target(sentences, span, caret, step)
        if found is None:
            return False
        start, end = sentences[found]
        self._select(start, end)
        self._anchor_span, self._head_index = (start, end), found
        self._scroll_to_range(start, end)
        return True

    # -- internals: hover, links, tool tips -----------------------------------------------

    def _update_hover(self, pos: QPoint) -> None:
        index = self._sentence_at_point(pos)
        self._set_hover(-1 if index is None else index)

    def _set_hover(self, index: int) -> None:
        if index == self._hover_index:
            return
        old = self._hover_span
        self._hover_index = index
        self._hover_span = self._article.sentences[index] if index >= 0 and self._article is not None else None
        for span in (old, self._hover_span):
            if span is not None:
                self.viewport().update(self._hover_area(span))
        self.hovered_sentence_changed.emit(index)

    def _hover_area(self, span: tuple[int, int]) -> QRect:
        """The part of the viewport the hover background of *span* covers."""
        return hover_path(self._line_boxes(*span)).boundingRect().adjusted(-2, -2, 2, 2).toAlignedRect()

    def _link_at(self, pos: QPoint) -> str:
        offset = self.offset_at_point(pos)
        if offset is None or self._article is None:
            return ""
        for link in self._article.links:
            if link.start <= offset < link.end:
                return link.href
        return ""

    def _tooltip_at(self, pos: QPoint) -> str:
        offset = self.offset_at_point(pos)
        if offset is None or self._article is None:
            return ""
        lines = []
        for claim_id in self.claim_ids_at(offset):
            claim = self._article.claim(claim_id)
            verdict = self._scale.get(claim.verdict) if self._scale is not None else None
            lines.append(f"Claim: {verdict.label}" if verdict is not None else f"Claim: {UNJUDGED_LABEL}")
        href = self._link_at(pos)
        if href:
            lines.append(f"Link: {href} (Ctrl+click to open)")
        return "\n".join(lines)
