"""The source cards of a claim: what each source is, how it was captured, the pin's stance and note.

A card shows one source and the claim's pin of it, and says what the user asked for through
its signals (each carries the card's source id); it changes nothing itself. The cards are
reused: :class:`QtSourceCards` keeps a card per source shown, updates only the cards whose
source or pin changed, and keeps the cards of the claim shown before hidden, for the next
claim's sources.
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QDate,
    QEvent,
    QLocale,
    QMargins,
    QObject,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.authors import author_name
from factcheck_gui.core.model import Evidence, Source, SourceKind, Stance
from factcheck_gui.core.quotecheck import QUOTE_NOT_FOUND, quote_on_page
from factcheck_gui.core.text import quoted
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.links import host_or_address, open_in_browser
from factcheck_gui.ui.richtext import html_text, plain_tooltip, shorten, shown
from factcheck_gui.ui.verdict_style import swatch_icon
from factcheck_gui.ui.widgets import QtScrollSafeComboBox, format_time, set_combo_data, small_button

__all__ = ["CARD_CHUNK", "STANCE_COLORS", "QtSourceCard", "QtSourceCards"]

STANCE_COLORS = {Stance.SUPPORTS: "#2e7d32", Stance.REFUTES: "#c62828", Stance.CONTEXT: "#78909c"}
SPARE_CARDS = 30  # cards kept hidden after a claim switch, to show the next claim's sources
CARD_CHUNK = 20  # cards built at first, and each time more are asked for
CARDS_PER_PASS = 1  # new cards built per pass of the event loop while pins land (a card takes 5-15 ms,
# its layout and first paint as much again: three per pass made one pass of 30-50 ms in a burst of 20)
ERROR_STYLE = "QLabel { background: rgba(211, 47, 47, 0.14); border-radius: 3px; padding: 3px; }"

_STANCE_ICONS: dict[Stance, QIcon] = {}


def stance_icon(stance: Stance) -> QIcon:
    """The colour swatch of *stance* in the stance menus (made once, shared by every card)."""
    icon = _STANCE_ICONS.get(stance)
    if icon is None:
        icon = _STANCE_ICONS[stance] = swatch_icon(QColor(STANCE_COLORS[stance]))
    return icon


class QtSourceCard(QFrame):
    """A source pinned to the current claim: what it is, how it was captured, the pin's stance and note."""

    view_requested = Signal(str)  # source id: "View text"
    open_requested = Signal(str)  # "Open" in the browser
    refetch_requested = Signal(str)  # "Re-fetch"
    archive_requested = Signal(str)  # "Archive"
    remove_requested = Signal(str)  # "Remove" from the claim
    kind_chosen = Signal(str, str)  # source id, SourceKind value
    stance_chosen = Signal(str, str)  # source id, Stance value
    note_edited = Signal(str, str)  # source id, the note as typed so far
    note_entered = Signal()  # the note field got the focus: typing now is a new undo step

    def __init__(self, source_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_id = source_id
        self.setObjectName("sourceCard")
        self.setProperty("sourceId", source_id)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Never squeezed below its height (see QtSourceCards).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._updating = False
        self._stance: Stance | None = None
        self._shown: tuple[object, ...] | None = None  # what show_source last showed

        self.title_label = QLabel()
        self.title_label.setObjectName("sourceTitleLabel")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)

        self.meta_label = QLabel()
        self.meta_label.setObjectName("sourceMetaLabel")
        self.meta_label.setWordWrap(True)
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)

        self.status_label = QLabel()
        self.status_label.setObjectName("sourceStatusLine")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status_label.linkActivated.connect(open_in_browser)

        self.author_label = QLabel()
        self.author_label.setObjectName("sourceAuthorLabel")
        self.author_label.setWordWrap(True)
        self.author_label.setTextFormat(Qt.TextFormat.PlainText)
        self.author_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.author_label.hide()

        self.error_label = QLabel()
        self.error_label.setObjectName("sourceErrorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        self.kind_combo = QtScrollSafeComboBox()
        self.kind_combo.setObjectName("sourceKindCombo")
        for kind in SourceKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.currentIndexChanged.connect(self._on_kind)

        self.stance_combo = QtScrollSafeComboBox()
        self.stance_combo.setObjectName("stanceCombo")
        for stance in Stance:
            self.stance_combo.addItem(stance_icon(stance), stance.label, stance.value)
        self.stance_combo.currentIndexChanged.connect(self._on_stance)

        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("evidenceNoteEdit")
        self.note_edit.setPlaceholderText("Note: what this source shows for the claim")
        self.note_edit.setClearButtonEnabled(True)
        self.note_edit.textEdited.connect(self._on_note)
        self.note_edit.installEventFilter(self)

        self.quote_label = QLabel()
        self.quote_label.setObjectName("evidenceQuoteLabel")
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        quote_font = QFont(self.quote_label.font())
        quote_font.setItalic(True)
        self.quote_label.setFont(quote_font)

        self.view_button = small_button("View text", "viewSourceTextButton", "View the captured text")
        self.open_button = small_button("Open", "openSourceButton", "Open the source in the browser")
        self.refetch_button = small_button("Re-fetch", "refetchSourceButton", "Fetch the source again")
        self.archive_button = small_button(
            "Archive", "archiveSourceButton", "Archive the source",
            "Ask the Internet Archive to save a copy, or find an existing one, and record its address",
        )
        self.remove_button = small_button("Remove", "removeSourceButton", "Remove the source from this claim")
        self.view_button.clicked.connect(lambda: self.view_requested.emit(self.source_id))
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self.source_id))
        self.refetch_button.clicked.connect(lambda: self.refetch_requested.emit(self.source_id))
        self.archive_button.clicked.connect(lambda: self.archive_requested.emit(self.source_id))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.source_id))

        fields = QGridLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.setHorizontalSpacing(6)
        fields.setVerticalSpacing(4)
        kind_label = QLabel("Kind")
        kind_label.setBuddy(self.kind_combo)
        stance_label = QLabel("Stance")
        stance_label.setBuddy(self.stance_combo)
        fields.addWidget(stance_label, 0, 0)
        fields.addWidget(self.stance_combo, 0, 1)
        fields.addWidget(kind_label, 0, 2)
        fields.addWidget(self.kind_combo, 0, 3)
        fields.addWidget(self.note_edit, 1, 0, 1, 4)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(3, 1)

        # One row where the card is wide enough, else two, so a narrow panel does not cut the last
        # buttons off (see resizeEvent).
        self._buttons = buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setHorizontalSpacing(4)
        buttons.setVerticalSpacing(4)
        self._button_rows = 0
        self._lay_out_buttons(2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)  # inside the painted frame and its 4 px stance edge
        layout.setSpacing(3)
        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.author_label)
        layout.addWidget(self.error_label)
        layout.addLayout(fields)
        layout.addWidget(self.quote_label)
        layout.addLayout(buttons)

    def _lay_out_buttons(self, rows: int) -> None:
        if rows == self._button_rows:
            return
        self._button_rows = rows
        grid = self._buttons
        order = (self.view_button, self.open_button, self.refetch_button, self.archive_button, self.remove_button)
        for button in order:
            grid.removeWidget(button)
        places = [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4)] if rows == 1 else [(0, 0), (0, 1), (0, 2), (1, 0), (1, 2)]
        for button, (row, column) in zip(order, places, strict=True):
            grid.addWidget(button, row, column)
        for column in range(6):
            grid.setColumnStretch(column, 1 if column == 5 else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        buttons = (self.view_button, self.open_button, self.refetch_button, self.archive_button, self.remove_button)
        needed = sum(b.sizeHint().width() for b in buttons) + self._buttons.horizontalSpacing() * (len(buttons) - 1)
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        self._lay_out_buttons(1 if event.size().width() - margins.left() - margins.right() >= needed else 2)

    # -- showing ---------------------------------------------------------------------------

    def show_source(self, source: Source, evidence: Evidence, *, editable: bool, busy: str) -> None:
        """Show *source* and the claim's pin of it; nothing is done when nothing shown changed.

        *busy* is "refetch" or "archive" while such a task for the source runs, else "".
        """
        key = _shown_key(source, evidence, editable, busy)
        if key == self._shown:
            return
        fresh, self._shown = self._shown is None, key
        self._updating = True
        try:
            title = shown(source.display_title)
            self.setAccessibleName(f"Source: {title}")
            self.title_label.setText(title)
            self.title_label.setToolTip(plain_tooltip(source.final_url or source.url))
            self.meta_label.setText(shown(" \u00b7 ".join(_meta_parts(source))))
            self.status_label.setText(_status_html(source, busy))
            self.author_label.setText(f"Last change by {shown(author_name(source.updated_by))}" if source.updated_by else "")
            self.author_label.setToolTip(plain_tooltip(source.updated_by))
            self.author_label.setAccessibleName(f"Who last changed {title}")
            self.author_label.setVisible(bool(source.updated_by))
            self.error_label.setText(shown(source.error))
            if source.error and not self.error_label.styleSheet():
                self.error_label.setStyleSheet(ERROR_STYLE)  # only cards with an error pay for a style sheet
            self.error_label.setVisible(bool(source.error))
            set_combo_data(self.kind_combo, source.kind.value)
            set_combo_data(self.stance_combo, evidence.stance.value)
            if fresh or self.note_edit.text() != evidence.note:  # fresh: no undo into another pin's note
                self.note_edit.setText(evidence.note)
            missing = f" \u2014 {QUOTE_NOT_FOUND}" if quote_on_page(evidence.quote, source) is False else ""
            self.quote_label.setText(f"Quote: {quoted(shorten(evidence.quote, 300))}{missing}" if evidence.quote else "")
            self.quote_label.setVisible(bool(evidence.quote))
            if self._stance != evidence.stance:
                self._stance = evidence.stance
                self.update()
            self.kind_combo.setAccessibleName(f"Kind of {title}")
            self.stance_combo.setAccessibleName(f"Stance of {title}")
            self.note_edit.setAccessibleName(f"Note on {title}")
            self.view_button.setAccessibleName(f"View the captured text of {title}")
            self.open_button.setAccessibleName(f"Open {title} in the browser")
            self.refetch_button.setAccessibleName(f"Fetch {title} again")
            self.archive_button.setAccessibleName(f"Archive {title}")
            self.remove_button.setAccessibleName(f"Remove {title} from this claim")
            name_parts(self)  # the note's clear button, the menus' lists of choices
            for control in (self.kind_combo, self.stance_combo, self.note_edit, self.remove_button):
                control.setEnabled(editable)
            self.refetch_button.setEnabled(editable and not busy)
            self.archive_button.setEnabled(editable and not busy)
            self.view_button.setEnabled(bool(source.text) or not source.error)
        finally:
            self._updating = False

    def reuse_for(self, source_id: str) -> None:
        """Make this spare card the card of *source_id*; :meth:`show_source` fills it in."""
        self.source_id = source_id
        self.setProperty("sourceId", source_id)
        self._shown = None

    def stance_color(self) -> QColor | None:
        """The colour of the card's left edge: the stance of the pin (None before it is shown)."""
        return QColor(STANCE_COLORS[self._stance]) if self._stance is not None else None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        # Painted, not a style sheet: a style sheet on the card restyles every control in it,
        # which made a card twice as slow to build.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        frame = QPainterPath()
        frame.addRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        painter.fillPath(frame, palette.color(QPalette.ColorRole.Base))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawPath(frame)
        color = self.stance_color()
        if color is not None:  # a 4 px edge in the stance's colour, over the frame's left side
            painter.setClipPath(frame)
            painter.fillRect(QRectF(0, 0, 4, self.height()), color)
        painter.end()

    # -- what the user changes ---------------------------------------------------------------

    def _on_kind(self, _index: int) -> None:
        if not self._updating:
            self.kind_chosen.emit(self.source_id, self.kind_combo.currentData())

    def _on_stance(self, _index: int) -> None:
        if not self._updating:
            self.stance_chosen.emit(self.source_id, self.stance_combo.currentData())

    def _on_note(self, text: str) -> None:
        if not self._updating:
            self.note_edited.emit(self.source_id, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.note_edit and event.type() == QEvent.Type.FocusIn:
            self.note_entered.emit()
        return super().eventFilter(watched, event)


class _MoreButton(QPushButton):
    """"Show 20 more sources (N not shown)": a button whose text changes do not lay the cards out again.

    QPushButton.setText asks the cards' layout, and every layout up to the sources panel's, for a
    new layout, even when its size stays the same; while a burst of pins lands, the count changes
    with every refresh. This button paints its text itself and keeps one size.
    """

    def __init__(self) -> None:
        super().__init__()
        self._label = ""

    def set_label(self, text: str) -> None:
        self._label = text
        self.setAccessibleName(text or "Show more sources")
        self.update()

    def text(self) -> str:  # what is painted (QPushButton's own text stays empty)
        return self._label

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()  # the style's frame and height, for an empty text
        return QSize(hint.width() + self.fontMetrics().horizontalAdvance("Show 20 more sources (999 not shown)"),
                     hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), super().sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self).width()
        option.text = self.fontMetrics().elidedText(self._label, Qt.TextElideMode.ElideRight, max(0, room - 8))
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)


class QtSourceCards(QWidget):
    """The cards of the sources pinned to a claim, in the claim's order; every card's signals, re-emitted.

    Only what changed is touched: a card whose source and pin are as shown stays as it is, a
    new pin adds one card, and the cards of the claim shown before are kept hidden (up to
    ``SPARE_CARDS``) and reused for the next claim's sources, quicker than new ones.

    A claim may have hundreds of sources, so cards are built only as they are needed: the
    first ``CARD_CHUNK``, then a chunk more each time "Show more sources" is pressed (or
    :meth:`show_more` is called, as the sources panel does when its list is scrolled to the
    end). A pin beyond the cards built changes only the button's count. While pins land, at most
    ``CARDS_PER_PASS`` new cards are built per pass of the event loop, the rest on the next passes,
    so the window keeps reacting; a claim chosen gets its first cards at once.
    """

    view_requested = Signal(str)
    open_requested = Signal(str)
    refetch_requested = Signal(str)
    archive_requested = Signal(str)
    remove_requested = Signal(str)
    kind_chosen = Signal(str, str)
    stance_chosen = Signal(str, str)
    note_edited = Signal(str, str)
    note_entered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceCards")
        self._cards: dict[str, QtSourceCard] = {}
        self._order: list[str] = []  # the source ids of the cards in the layout, in its order
        self._spare_cards: list[QtSourceCard] = []  # hidden, for the next sources shown
        self._limit = CARD_CHUNK  # how many of the claim's sources get a card
        self._pinned: list[tuple[Evidence, Source]] = []
        self._editable = False
        self._busy: dict[str, str] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        # The box grows at once to fit a new card; else the cards already shown are squeezed
        # to make room, then stretched back when the scroll area catches up: every card laid
        # out twice per pin.
        self._layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.more_button = _MoreButton()
        self.more_button.setObjectName("moreSourcesButton")
        self.more_button.setAccessibleName("Show more sources")
        self.more_button.setToolTip("Show the cards of more of the claim's sources")
        self.more_button.clicked.connect(lambda: self.show_more())
        self._more_text = ""
        self._layout.addWidget(self.more_button)
        self.more_button.hide()
        self._builder = QTimer(self)  # builds the cards still missing, a few per pass
        self._builder.setSingleShot(True)
        self._builder.setInterval(0)
        self._builder.timeout.connect(lambda: self._show(CARDS_PER_PASS))

    def show_sources(self, pinned: list[tuple[Evidence, Source]], *, editable: bool, busy: dict[str, str],
                     at_once: bool = False) -> None:
        """Show a card for each (pin, source) of *pinned*, up to the cards built so far (see the class);
        *busy*: "refetch" or "archive" by source id. *at_once*: build every card needed now."""
        self._pinned, self._editable, self._busy = pinned, editable, busy
        self._show(None if at_once else CARDS_PER_PASS)

    def finish(self) -> None:
        """Build now the cards still waiting for a pass of the event loop."""
        if self._builder.isActive():
            self._show(None)

    def start_over(self) -> None:
        """Build only the first chunk of cards again (another claim is about to be shown)."""
        self._limit = CARD_CHUNK

    def show_more(self, count: int = CARD_CHUNK) -> None:
        """Build the cards of *count* more of the claim's sources."""
        if self._limit < len(self._pinned):
            self._limit = min(len(self._pinned), self._limit) + count
            self._show(None)

    def hidden_count(self) -> int:
        """How many of the claim's sources have no card yet."""
        return max(0, len(self._pinned) - self._limit)

    def _show(self, budget: int | None) -> None:
        """Bring the cards up to date, building at most *budget* new ones (None: all); the builder
        does the rest on the next passes of the event loop."""
        self._builder.stop()
        shown = self._pinned[: self._limit]
        wanted = {source.id for _evidence, source in shown}
        for source_id in [s for s in self._cards if s not in wanted]:
            gone = self._cards.pop(source_id)
            self._order.remove(source_id)
            self._layout.removeWidget(gone)
            if len(self._spare_cards) < SPARE_CARDS:
                gone.hide()
                self._spare_cards.append(gone)
            else:
                gone.deleteLater()
        for position, (evidence, source) in enumerate(shown):
            card = self._cards.get(source.id)
            if card is None and budget is not None and budget <= 0:
                self._builder.start()
                break
            if card is None:
                if budget is not None:
                    budget -= 1
                if self._spare_cards:  # a card of the claim shown before: quicker than a new one
                    card = self._spare_cards.pop()
                    card.reuse_for(source.id)
                    card.show()
                else:
                    card = self._new_card(source.id)
                self._cards[source.id] = card
            if position >= len(self._order) or self._order[position] != source.id:
                if source.id in self._order:
                    self._order.remove(source.id)
                self._order.insert(position, source.id)
                self._layout.insertWidget(position, card)
            card.show_source(source, evidence, editable=self._editable, busy=self._busy.get(source.id, ""))
        hidden = self.hidden_count()
        text = (f"Show {min(hidden, CARD_CHUNK)} more sources ({hidden} not shown)" if hidden > 1
                else "Show 1 more source" if hidden else "")
        if text != self._more_text:
            self._more_text = text
            self.more_button.set_label(text)
        self.more_button.setVisible(bool(hidden))
        self.setVisible(bool(self._pinned))

    def has_cards(self) -> bool:
        """Whether a card shows one of the claim's sources (the cards built so far; none is built here)."""
        return bool(self._cards)

    def cards(self) -> dict[str, QtSourceCard]:
        """The cards built, by source id (the claim's first sources: see the class); none left waiting."""
        self.finish()
        return dict(self._cards)

    def _new_card(self, source_id: str) -> QtSourceCard:
        card = QtSourceCard(source_id)
        for name in ("view_requested", "open_requested", "refetch_requested", "archive_requested",
                     "remove_requested", "kind_chosen", "stance_chosen", "note_edited", "note_entered"):
            getattr(card, name).connect(getattr(self, name))
        return card


# -- what a card says ------------------------------------------------------------------------


def _shown_key(source: Source, evidence: Evidence, editable: bool, busy: str) -> tuple[object, ...]:
    """Everything a source card shows of *source* and *evidence*: unchanged key, unchanged card."""
    return (
        source.title, source.url, source.final_url, source.site, tuple(source.authors), source.published,
        source.status, source.content_type, source.size, source.fetched_at, source.error, source.archive_url,
        source.archived_at, source.kind, bool(source.text), source.updated_by,
        evidence.stance, evidence.quote, evidence.note, editable, busy,
    )


def _format_date(value: str) -> str:
    """A published date as the user reads dates ("14 Oct 2019"); unparseable values as they are."""
    date = QDate.fromString(value[:10], Qt.DateFormat.ISODate)
    return QLocale().toString(date, "d MMM yyyy") if date.isValid() else value


def _meta_parts(source: Source) -> list[str]:
    parts = [source.site or host_or_address(source.final_url or source.url)]
    if source.authors:
        parts.append(", ".join(source.authors[:3]) + (" et al." if len(source.authors) > 3 else ""))
    if source.published:
        parts.append(_format_date(source.published))
    return [p for p in parts if p]


def _status_html(source: Source, busy: str) -> str:
    from factcheck_gui.net.errors import format_size

    parts = []
    if source.status is not None:
        parts.append(f"HTTP {source.status}")
    if source.content_type:
        parts.append(html.escape(source.content_type))
    if source.size is not None:
        parts.append(format_size(source.size))
    if source.final_url and source.final_url != source.url:
        parts.append("redirected")
    if source.fetched_at:
        parts.append(("tried " if source.error else "fetched ") + html_text(format_time(source.fetched_at)))
    if source.archive_url:
        when = _format_date(source.archived_at) if source.archived_at else "copy"
        parts.append(f"<a href='{html.escape(source.archive_url, quote=True)}'>archived {html.escape(when)}</a>")
    if busy:
        parts.append({"refetch": "<i>fetching again\u2026</i>", "archive": "<i>archiving\u2026</i>"}.get(busy, busy))
    return " \u00b7 ".join(parts)
