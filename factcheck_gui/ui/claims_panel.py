"""The claims of the open article: a list in reading order with verdict chips, a verdict
filter, and the orphaned claims (text no longer found) in a section of their own."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.model import Claim, ReviewStatus
from factcheck_gui.core.text import quoted
from factcheck_gui.core.tracing import trace_line
from factcheck_gui.core.verdicts import UNJUDGED_LABEL, VerdictScale
from factcheck_gui.ui.document import QtArticleDocument
from factcheck_gui.ui.richtext import shown
from factcheck_gui.ui.verdict_style import paint_chip, swatch_icon, verdict_color, verdict_label

__all__ = ["QtClaimsPanel"]

CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 2
QUOTE_ROLE = Qt.ItemDataRole.UserRole + 3
CLAIMANT_ROLE = Qt.ItemDataRole.UserRole + 4
TRACE_ROLE = Qt.ItemDataRole.UserRole + 5  # the trace in one line ("Origin: ..., 1 independent origin")
STATUS_ROLE = Qt.ItemDataRole.UserRole + 6  # the review status: draft, in-review, approved
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 7  # the claim's anchor state as shown: "" when exact (issue 16)

FILTER_ALL = "__all__"
FILTER_UNJUDGED = "__unjudged__"
FILTER_STATUS = "status:"  # + a review status: the claims in that status

QUOTE_LINES = 2
LIST_ROWS = 2  # the claims list never shows fewer whole rows: on a shorter screen the claim editor scrolls
ORPHAN_ROWS = 2  # the orphaned claims' list is as tall as its rows, up to this many, then scrolls


def _row_height(metrics: QFontMetrics) -> int:
    """A claim's row: its verdict chip line, then the quote's lines."""
    pad = max(4, metrics.height() // 3)
    return pad * 3 + metrics.height() + 2 + metrics.lineSpacing() * QUOTE_LINES


def _rows_height(widget: QListWidget, rows: int) -> int:
    return rows * _row_height(widget.fontMetrics()) + 2 * widget.frameWidth()


class _ClaimDelegate(QStyledItemDelegate):
    """Two or three lines per claim: a verdict chip (and claimant), then the quote."""

    def __init__(self, panel: QtClaimsPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def _padding(self, option: QStyleOptionViewItem) -> int:
        return max(4, option.fontMetrics.height() // 3)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        return QSize(200, _row_height(option.fontMetrics))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget else None
        # Background, selection and focus as the platform style draws them.
        text_backup = option.text
        option.text = ""
        option.icon = QIcon()
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        option.text = text_backup

        scale = self._panel.scale
        key = index.data(VERDICT_ROLE) or None
        quote = index.data(QUOTE_ROLE) or ""
        claimant = " \u00b7 ".join(filter(None, (index.data(ANCHOR_ROLE), index.data(CLAIMANT_ROLE),
                                                 index.data(TRACE_ROLE))))
        pad = self._padding(option)
        rect = QRectF(option.rect).adjusted(pad, pad, -pad, -pad)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if option.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text_color = option.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)

        painter.save()
        chip_font = QFont(option.font)
        chip_font.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.9))
        chip_font.setBold(True)
        painter.setFont(chip_font)
        chip_height = QFontMetrics(chip_font).height() + 2
        chip_width = paint_chip(painter, QRectF(rect.left(), rect.top(), rect.width(), chip_height),
                                verdict_label(key, scale), verdict_color(key, scale))
        if claimant:
            painter.setFont(option.font)
            muted = QFontMetrics(option.font)
            claimant_rect = QRectF(rect.left() + chip_width + pad, rect.top(), rect.width() - chip_width - pad, chip_height)
            painter.setPen(text_color)
            painter.drawText(claimant_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             muted.elidedText(claimant, Qt.TextElideMode.ElideRight, int(claimant_rect.width())))
        painter.setFont(option.font)
        painter.setPen(text_color)
        top = rect.top() + chip_height + pad
        _draw_wrapped(painter, QRectF(rect.left(), top, rect.width(), rect.bottom() - top), quoted(quote),
                      option.font, QUOTE_LINES)
        painter.restore()


def _draw_wrapped(painter: QPainter, rect: QRectF, text: str, font: QFont, max_lines: int) -> None:
    """Draw *text* wrapped into at most *max_lines* lines, the last one elided."""
    metrics = QFontMetrics(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[QTextLine] = []
    y = 0.0
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(rect.width())
        line.setPosition(QPointF(0, y))
        y += metrics.lineSpacing()
        lines.append(line)
    layout.endLayout()
    for number, line in enumerate(lines):
        top = rect.top() + number * metrics.lineSpacing()
        if number == len(lines) - 1 and line.textStart() + line.textLength() < len(text):
            rest = text[line.textStart():]
            painter.drawText(QRectF(rect.left(), top, rect.width(), metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             metrics.elidedText(rest.replace("\n", " "), Qt.TextElideMode.ElideRight, int(rect.width())))
        else:
            line.draw(painter, rect.topLeft())


class _ListWithPlaceholder(QListWidget):
    """A list that says why it is empty (no claims yet, none with this verdict)."""

    def __init__(self) -> None:
        super().__init__()
        self.placeholder = ""

    def set_placeholder(self, text: str) -> None:
        if text == self.placeholder:
            return  # no repaint of the whole list for nothing
        self.placeholder = text
        self.setAccessibleDescription(text)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self.placeholder or any(not self.item(row).isHidden() for row in range(self.count())):
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        margin = self.fontMetrics().height() // 2
        painter.drawText(self.viewport().rect().adjusted(margin, margin, -margin, -margin),
                         int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                         self.placeholder)
        painter.end()


class QtClaimsPanel(QWidget):
    """Lists the claims; selecting one makes it the document's current claim (and back)."""

    claim_activated = Signal(str)  # the user clicked a claim (even the current one): show it in the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimsPanel")
        self.document: QtArticleDocument | None = None
        self._syncing = False
        self._rows: dict[str, QListWidgetItem] = {}  # claim id -> its row, in either list
        self._shown: dict[str, tuple[object, ...]] = {}  # claim id -> what its row shows
        self._filtered = False  # some rows may be hidden by the verdict filter
        self._visible = 0  # rows of the claims list the filter shows

        self.title_label = QLabel("Claims")
        self.title_label.setObjectName("claimsTitle")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)

        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("claimsFilter")
        self.filter_combo.setAccessibleName("Show claims with verdict")
        self.filter_combo.setToolTip("Show only the claims with this verdict")
        self.filter_combo.currentIndexChanged.connect(self._apply_filter)

        self.list = _ListWithPlaceholder()
        self.list.setObjectName("claimsList")
        self.list.setAccessibleName("Claims in reading order")
        self.list.setItemDelegate(_ClaimDelegate(self))
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._on_current_item_changed)
        self.list.itemClicked.connect(self._on_item_clicked)

        self.orphaned_label = QLabel("Claims whose text is no longer in the article")
        self.orphaned_label.setObjectName("orphanedTitle")
        self.orphaned_label.setWordWrap(True)
        self.orphaned_label.setToolTip(
            "The article text changed and these claims' words were not found again. "
            "They keep their verdict and rationale; the quote shown is the text they had."
        )
        self.orphaned_list = QListWidget()
        self.orphaned_list.setObjectName("orphanedList")
        self.orphaned_list.setAccessibleName("Orphaned claims")
        self.orphaned_list.setItemDelegate(_ClaimDelegate(self))
        self.orphaned_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.orphaned_list.currentItemChanged.connect(self._on_current_item_changed)
        self.orphaned_list.itemClicked.connect(self._on_item_clicked)
        self._order: dict[QListWidget, list[str]] = {self.list: [], self.orphaned_list: []}  # ids as listed

        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addWidget(self.filter_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.orphaned_label)
        layout.addWidget(self.orphaned_list)
        self._fit_lists()
        self.set_document(None)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_lists()  # the rows are counted in lines of the font (and the frame is the style's)

    def _fit_lists(self) -> None:
        """The claims list at least ``LIST_ROWS`` rows tall, the orphaned claims' list as tall as its rows
        (up to ``ORPHAN_ROWS``), in the lists' font and style as they are now."""
        self.list.setMinimumHeight(_rows_height(self.list, LIST_ROWS))
        orphans = self.orphaned_list.count()
        if orphans:
            self.orphaned_list.setFixedHeight(_rows_height(self.orphaned_list, min(orphans, ORPHAN_ROWS)))

    # -- document --------------------------------------------------------------------------

    @property
    def scale(self) -> VerdictScale:
        from factcheck_gui.core.verdicts import DEFAULT_SCALE

        return self.document.scale if self.document is not None else DEFAULT_SCALE

    def set_document(self, document: QtArticleDocument | None) -> None:
        if self.document is not None:
            for signal, slot in self._connections():
                signal.disconnect(slot)
        self.document = document
        self._clear_rows()
        self._fill_filter()
        if document is not None:
            for signal, slot in self._connections():
                signal.connect(slot)
        self.refresh()

    def _connections(self) -> list[tuple[SignalInstance, Callable[..., object]]]:
        assert self.document is not None
        return [
            (self.document.claims_changed, self.refresh),
            (self.document.claim_changed, self._on_claim_changed),
            (self.document.current_claim_changed, self._on_current_claim_changed),
        ]

    def _fill_filter(self) -> None:
        current = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem("All claims", FILTER_ALL)
        self.filter_combo.addItem(swatch_icon(verdict_color(None, self.scale)), UNJUDGED_LABEL, FILTER_UNJUDGED)
        for verdict in self.scale.verdicts:
            self.filter_combo.addItem(swatch_icon(verdict_color(verdict.key, self.scale)), verdict.label, verdict.key)
        for status in ReviewStatus:
            self.filter_combo.addItem(f"Review: {status.label}", FILTER_STATUS + status.value)
        index = self.filter_combo.findData(current) if current else 0
        self.filter_combo.setCurrentIndex(max(0, index))
        self.filter_combo.blockSignals(False)

    # -- contents --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring both lists in line with the article, touching only the rows that changed.

        Claims added or removed become rows inserted or taken out where they are listed;
        a row is refilled only when what it shows changed. When the document says which
        claims came or went (marking, deleting, their undo), only their rows are looked at,
        so marking one claim among thousands costs what marking one among ten does (issue 17).
        """
        self._syncing = True
        try:
            came_or_went = self.document.claims_came_or_went if self.document is not None else None
            if came_or_went is not None:
                self._update_some(came_or_went)
                self._select(self.document.current_claim_id if self.document else None)
                return
            claims = self.document.article.claims_in_reading_order() if self.document else []
            anchored = [claim for claim in claims if not claim.orphaned]
            orphaned = [claim for claim in claims if claim.orphaned]
            self._update_rows(self.list, anchored)
            self._update_rows(self.orphaned_list, orphaned)
            self._apply_filter()
            self._select(self.document.current_claim_id if self.document else None)
        finally:
            self._syncing = False

    def _update_rows(self, widget: QListWidget, claims: list[Claim]) -> None:
        """Make *widget* list *claims* in this order: rows that differ from the start and the end
        of the old order are replaced; the others are refilled only if what they show changed."""
        old = self._order[widget]
        new = [claim.id for claim in claims]
        if old != new:
            first = 0
            while first < min(len(old), len(new)) and old[first] == new[first]:
                first += 1
            last_old, last_new = len(old), len(new)
            while last_old > first and last_new > first and old[last_old - 1] == new[last_new - 1]:
                last_old -= 1
                last_new -= 1
            for row in range(last_old - 1, first - 1, -1):
                item = widget.takeItem(row)
                self._rows.pop(old[row], None)
                self._shown.pop(old[row], None)
                del item
            for row in range(first, last_new):
                item = QListWidgetItem()
                self._fill_item(item, claims[row])
                widget.insertItem(row, item)
                self._rows[new[row]] = item
            self._order[widget] = new
        for claim in claims:
            if self._shown.get(claim.id) != _shown_as(claim):
                self._fill_item(self._rows[claim.id], claim)

    def _update_some(self, claim_ids: Collection[str]) -> None:
        """Take out the rows of these claims and insert those still in the article where they are listed."""
        assert self.document is not None
        article = self.document.article
        wanted = self.filter_combo.currentData() or FILTER_ALL
        for claim_id in sorted(claim_ids):
            item = self._rows.pop(claim_id, None)
            if item is not None:
                widget = item.listWidget()
                order = self._order[widget]
                row = order.index(claim_id)
                del order[row]
                self._shown.pop(claim_id, None)
                if widget is self.list and not item.isHidden():
                    self._visible -= 1
                widget.takeItem(row)
            try:
                claim = article.claim(claim_id)
            except KeyError:
                continue
            widget = self.orphaned_list if claim.orphaned else self.list
            order = self._order[widget]
            row = bisect.bisect_left(order, _reading_key(claim), key=lambda listed: _reading_key(article.claim(listed)))
            item = QListWidgetItem()
            self._fill_item(item, claim)
            widget.insertItem(row, item)
            if widget is self.list:
                visible = _shows(wanted, item)
                if not visible:
                    item.setHidden(True)
                self._visible += visible
            order.insert(row, claim_id)
            self._rows[claim_id] = item
        self._update_labels(wanted, self._visible)

    def _clear_rows(self) -> None:
        """Forget every row (another article: no row can be kept)."""
        for widget in (self.list, self.orphaned_list):
            widget.clear()
            self._order[widget] = []
        self._rows.clear()
        self._shown.clear()

    def _fill_item(self, item: QListWidgetItem, claim: Claim) -> None:
        self._shown[claim.id] = _shown_as(claim)
        label = verdict_label(claim.verdict, self.scale)
        item.setData(CLAIM_ID_ROLE, claim.id)
        item.setData(VERDICT_ROLE, claim.verdict or "")
        exact, claimant = shown(claim.exact), shown(claim.claimant)  # no hidden bidi or zero-width tricks
        item.setData(QUOTE_ROLE, exact)
        item.setData(CLAIMANT_ROLE, claimant)
        item.setData(TRACE_ROLE, shown(trace_line(claim.trace)) if claim.trace is not None else "")
        item.setData(STATUS_ROLE, claim.status.value)
        anchor = anchor_tag(claim)
        item.setData(ANCHOR_ROLE, anchor)
        state = f" ({anchor})" if anchor else ""
        item.setText(f"{label}{state}: {quoted(exact)}")  # what screen readers and keyboard search use
        tip = f"<b>{_escape(label)}</b>"  # an unknown verdict key is shown as the file has it
        if anchor:
            tip += f" \u2014 {_escape(anchor)}"
            if claim.previous_exact:
                tip += f"<br>Before: {_escape(quoted(shown(claim.previous_exact)))}"
        if claimant:
            tip += f" \u2014 {_escape(claimant)}"
        tip += f"<br>{_escape(quoted(exact))}"
        if claim.restatement:
            tip += f"<br><i>{_escape(shown(claim.restatement))}</i>"
        if claim.trace is not None:
            tip += f"<br>{_escape(shown(trace_line(claim.trace)))}"
        item.setToolTip(tip)

    def claim_ids(self, *, visible_only: bool = False) -> list[str]:
        """Ids of the anchored claims as listed (reading order), optionally only those the filter shows."""
        listed = self._order[self.list]
        if not visible_only or (self.filter_combo.currentData() or FILTER_ALL) == FILTER_ALL:
            return list(listed)
        return [claim_id for claim_id in listed if not self._rows[claim_id].isHidden()]

    def _on_claim_changed(self, claim_id: str) -> None:
        if self.document is None:
            return
        try:
            claim = self.document.article.claim(claim_id)
        except KeyError:
            return
        item = self._rows.get(claim_id)
        if item is None:
            return
        self._fill_item(item, claim)
        wanted = self.filter_combo.currentData() or FILTER_ALL
        if wanted != FILTER_ALL and item.listWidget() is self.list:  # it may have joined or left the verdict shown
            visible = _shows(wanted, item)
            if item.isHidden() == visible:
                item.setHidden(not visible)
                self._visible += 1 if visible else -1
                self._update_labels(wanted, self._visible)

    def _apply_filter(self) -> None:
        wanted = self.filter_combo.currentData() or FILTER_ALL
        if wanted == FILTER_ALL and not self._filtered:
            shown = self.list.count()  # nothing is hidden: no row to look at
        else:
            shown = self._filter_rows(wanted)
        self._filtered = wanted != FILTER_ALL
        self._visible = shown
        self._update_labels(wanted, shown)

    def _filter_rows(self, wanted: str) -> int:
        shown = 0
        for row in range(self.list.count()):
            item = self.list.item(row)
            visible = _shows(wanted, item)
            if item.isHidden() == visible:  # Qt lays out and repaints the list even for no change
                item.setHidden(not visible)
            shown += visible
        return shown

    def _update_labels(self, wanted: str, shown: int) -> None:
        orphans = self.orphaned_list.count()
        self.orphaned_label.setVisible(bool(orphans))
        self.orphaned_list.setVisible(bool(orphans))
        if orphans:
            self._fit_lists()
        total = self.list.count()
        if self.document is None:
            placeholder = "Open an article from the library to check its claims."
        elif total == 0:
            placeholder = "No claims yet. Click a sentence in the article (or press J), then press M to mark it as a claim."
        elif shown == 0:
            placeholder = (f"No claims with the review status \u201c{self.filter_combo.currentText()[8:]}\u201d."
                           if wanted.startswith(FILTER_STATUS) else
                           f"No claims with the verdict \u201c{self.filter_combo.currentText()}\u201d.")
        else:
            placeholder = ""
        self.list.set_placeholder(placeholder)
        self.title_label.setText(f"Claims ({total})" if total else "Claims")

    def set_filter(self, verdict: str | None) -> None:
        """Show only claims with *verdict* (None: all; "" : unjudged)."""
        data = FILTER_ALL if verdict is None else (FILTER_UNJUDGED if verdict == "" else verdict)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(data)))

    # -- current claim ---------------------------------------------------------------------

    def _select(self, claim_id: str | None) -> None:
        item = self._rows.get(claim_id) if claim_id is not None else None
        if item is not None:
            widget = item.listWidget()
            widget.setCurrentItem(item)
            widget.scrollToItem(item)
            other = self.orphaned_list if widget is self.list else self.list
            other.setCurrentRow(-1)
            other.clearSelection()
            return
        for widget in (self.list, self.orphaned_list):
            widget.setCurrentRow(-1)
            widget.clearSelection()

    def _on_current_claim_changed(self, claim_id: str) -> None:
        self._syncing = True
        try:
            self._select(claim_id or None)
        finally:
            self._syncing = False

    def _on_current_item_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if self._syncing or self.document is None or current is None:
            return
        self.document.set_current_claim(current.data(CLAIM_ID_ROLE))

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        # Clicking the current claim again scrolls the article back to it.
        if self.document is not None and item.data(CLAIM_ID_ROLE) == self.document.current_claim_id:
            self.claim_activated.emit(item.data(CLAIM_ID_ROLE))


def anchor_tag(claim: Claim) -> str:
    """A few words on a claim whose text changed: "Wording changed", "Review verdict"; "" when exact."""
    parts = []
    if claim.anchor == "edited":
        parts.append("Wording changed")
    if claim.needs_review:
        parts.append("Review verdict")
    return ", ".join(parts)


def _shows(wanted: str, item: QListWidgetItem) -> bool:
    """True when the filter *wanted* shows the claim of *item*."""
    if wanted == FILTER_ALL:
        return True
    verdict = item.data(VERDICT_ROLE) or None
    return ((wanted == FILTER_UNJUDGED and verdict is None) or verdict == wanted
            or FILTER_STATUS + str(item.data(STATUS_ROLE)) == wanted)


def _reading_key(claim: Claim) -> tuple[object, ...]:
    """Where a claim is listed: as ``Article.claims_in_reading_order`` sorts."""
    return (claim.orphaned, claim.start, claim.end, claim.created)


def _shown_as(claim: Claim) -> tuple[object, ...]:
    """What a claim's row shows: when it differs, the row is filled again."""
    return (claim.verdict, claim.exact, claim.claimant, claim.restatement, claim.trace, claim.status,
            claim.anchor, claim.needs_review)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
