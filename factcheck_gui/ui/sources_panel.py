"""The sources of the current claim: fetch and pin, source cards, candidate links, quote check.

The panel follows the document's current claim. Pasting a web address (or dropping a
link, or picking one of the article's own links) fetches it on the task runner's thread
pool, several at once, with a progress row and a Cancel button for each of the first four
(one line and "Cancel all" for the others). What a fetch returns is plain data; it is
applied on the GUI thread through an undo command (:mod:`factcheck_gui.ui.source_commands`),
so pinning is undoable and autosaved.

Twenty links dropped at once must not stall the window: a pin updates only its own card
(cards are reused, never rebuilt for nothing), the claim's quotations are searched for in
the new source only, and the tasks reach the thread pool one per pass of the event loop.

A fetch remembers the document, article id and claim id it was started for. When it
lands, it pins to that claim if the same article is still open and the claim still
exists; otherwise it is dropped with a note. Switching articles cancels the fetches of
the old one.
"""

from __future__ import annotations

import copy
import html
import itertools
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QMimeData, QObject, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.candidates import CandidateLink, candidate_links
from factcheck_gui.core.clock import utc_now
from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.model import Claim, Evidence, Source, SourceKind, Stance
from factcheck_gui.core.quotecheck import QuoteCheck, QuoteMatch, find_quotation, quotations_in
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.text import quoted
from factcheck_gui.store.library import Library
from factcheck_gui.ui.banner import QtBanner
from factcheck_gui.ui.document import QtArticleDocument
from factcheck_gui.ui.errors import error_message
from factcheck_gui.ui.richtext import plain_tooltip
from factcheck_gui.ui.source_commands import (
    EditEvidenceCommand,
    PinSourceCommand,
    SetSourceKindCommand,
    UnpinSourceCommand,
    UpdateSourceCommand,
)
from factcheck_gui.ui.source_viewer import QtSourceViewer
from factcheck_gui.ui.tasks import QtTaskRunner, TaskHandle, TaskState
from factcheck_gui.ui.verdict_style import swatch_icon

__all__ = ["ArchiveOutcome", "QtSourcesPanel", "archive_job", "fetch_source_job", "urls_from_mime"]

STANCE_COLORS = {Stance.SUPPORTS: "#2e7d32", Stance.REFUTES: "#c62828", Stance.CONTEXT: "#78909c"}

NO_CLAIM_TEXT = "Select a claim to see its sources and pin new ones."
NO_SOURCES_TEXT = (
    "No sources pinned to this claim yet. Paste a web address above, drop a link here, "
    "or fetch one of the article's own links below."
)
NO_CANDIDATES_TEXT = "The article has no links in or next to this claim's sentence."
PROGRESS_ROWS = 4  # fetches shown with their own progress row and Cancel button; the others in one line
SPARE_CARDS = 30  # cards kept hidden after a claim switch, to show the next claim's sources
ERROR_STYLE = "QLabel { background: rgba(211, 47, 47, 0.14); border-radius: 3px; padding: 3px; }"


# -- work done on a worker thread ---------------------------------------------------------


def fetch_source_job(url: str, settings: Settings, library: Library) -> Callable[[TaskState], Source]:
    """A task that fetches *url*, keeps the raw body as a snapshot and returns the source card.

    Runs on a worker thread: it touches no widget and no model object; the returned
    :class:`Source` is new, plain data for the GUI thread to pin.
    """
    from factcheck_gui.net.errors import format_size
    from factcheck_gui.net.fetch import fetch_to_source

    def run(state: TaskState) -> Source:
        state.set_progress(0.0, "Connecting\u2026")

        def report(received: int, total: int | None) -> None:
            if total:
                state.set_progress(received / total, f"{format_size(received)} of {format_size(total)}")
            else:
                state.set_progress(0.0, f"{format_size(received)} received")

        source, body = fetch_to_source(url, settings=settings, cancel=state.cancel_token, progress=report)
        state.raise_if_cancelled()
        state.set_progress(1.0, "Keeping a snapshot\u2026")
        source.sha256 = library.save_snapshot(body)
        return source

    return run


@dataclass(frozen=True)
class ArchiveOutcome:
    """Where the Internet Archive keeps a copy of a source."""

    archive_url: str
    archived_at: str
    saved_now: bool  # True: Save Page Now made the copy; False: an existing copy was found
    note: str = ""  # why an existing copy was taken instead ("" when saved now)


def archive_job(url: str, settings: Settings) -> Callable[[TaskState], ArchiveOutcome]:
    """A task that asks Save Page Now for a copy of *url*; if that fails, looks up an existing one.

    Raises the Save Page Now error when there is no existing copy either.
    """
    from factcheck_gui.net.archive import archived_at, lookup_archive, save_to_archive
    from factcheck_gui.net.errors import ArchiveError

    def run(state: TaskState) -> ArchiveOutcome:
        state.set_progress(0.0, "Asking the Internet Archive to save a copy\u2026")
        try:
            archive_url = save_to_archive(url, settings)
        except ArchiveError as save_error:
            state.raise_if_cancelled()
            state.set_progress(0.5, "Looking for an existing copy\u2026")
            try:
                found = lookup_archive(url, settings)
            except ArchiveError:
                raise save_error from None
            if not found:
                raise
            return ArchiveOutcome(found, archived_at(found) or utc_now(), False, str(save_error))
        return ArchiveOutcome(archive_url, archived_at(archive_url) or utc_now(), True)

    return run


def urls_from_mime(mime: QMimeData) -> list[str]:
    """The web addresses in dragged or pasted data: links first, else text that looks like one."""
    urls: list[str] = []
    if mime.hasUrls():
        urls = [u.toString() for u in mime.urls() if u.scheme().lower() in ("http", "https")]
    if not urls and mime.hasText():
        urls = [part for part in mime.text().split() if part.lower().startswith(("http://", "https://"))]
    return list(dict.fromkeys(urls))


def _is_web_address(url: str) -> bool:
    """True for an http(s) address with a host, as Python and as Qt read it."""
    from factcheck_gui.net.urls import is_http_url

    qurl = QUrl(url)
    return is_http_url(url) and qurl.isValid() and qurl.scheme().lower() in ("http", "https") and bool(qurl.host())


def _open_url(url: str) -> bool:
    """Open *url* in the user's browser (a seam for tests); False unless it is an http(s) address.

    Addresses come from fetched pages, the archive and shared article files: a ``file:``,
    ``javascript:`` or custom-scheme address would start a program, so it is never opened.
    """
    return _is_web_address(url) and QDesktopServices.openUrl(QUrl(url))


# -- widgets ------------------------------------------------------------------------------


class _ComboBox(QComboBox):
    """A combo box that ignores the mouse wheel unless focused, so scrolling the list is safe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def _small_button(text: str, object_name: str, accessible_name: str, tip: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(object_name)
    button.setAccessibleName(accessible_name)
    button.setToolTip(tip or accessible_name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(False)
    return button


def _section_label(text: str, object_name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def _hint_label(text: str, object_name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class _ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it is too narrow; the full text is its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain_tooltip(text))
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.width() if self.width() > 20 else 10_000
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


_STANCE_ICONS: dict[Stance, QIcon] = {}


def _stance_icon(stance: Stance) -> QIcon:
    """The colour swatch of *stance* in the stance menus (made once, shared by every card)."""
    icon = _STANCE_ICONS.get(stance)
    if icon is None:
        icon = _STANCE_ICONS[stance] = swatch_icon(QColor(STANCE_COLORS[stance]))
    return icon


def _shown_key(source: Source, evidence: Evidence, editable: bool, busy: str) -> tuple[object, ...]:
    """Everything a source card shows of *source* and *evidence*: unchanged key, unchanged card."""
    return (
        source.title, source.url, source.final_url, source.site, tuple(source.authors), source.published,
        source.status, source.content_type, source.size, source.fetched_at, source.error, source.archive_url,
        source.archived_at, source.kind, bool(source.text),
        evidence.stance, evidence.quote, evidence.note, editable, busy,
    )


class _ProgressRow(QWidget):
    """One running fetch: what is fetched, how far, and a Cancel button."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fetchProgressRow")
        self.label = _ElidedLabel(text)
        self.label.setObjectName("fetchProgressLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setObjectName("fetchProgressBar")
        self.bar.setAccessibleName(text)
        self.bar.setRange(0, 0)  # busy until the size is known
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(90)
        self.bar.setMaximumHeight(12)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelFetchButton")
        self.cancel_button.setAccessibleName(f"Cancel: {text}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._text = text

    def set_progress(self, fraction: float, status: str) -> None:
        value = round(fraction * 1000)
        if fraction > 0 and (self.bar.maximum() != 1000 or self.bar.value() != value):
            # QProgressBar.setValue repaints the bar at once; with twenty fetches reporting
            # together that stalls the window. Painted with the window's next update instead.
            self.bar.setUpdatesEnabled(False)
            self.bar.setRange(0, 1000)
            self.bar.setValue(value)
            self.bar.setUpdatesEnabled(True)
        text = f"{self._text} \u2013 {status}" if status else self._text
        if text != self.label.full_text():
            self.label.set_full_text(text)


class _SourceCard(QFrame):
    """A source pinned to the current claim: what it is, how it was captured, the pin's stance and note."""

    def __init__(self, panel: QtSourcesPanel, source_id: str) -> None:
        super().__init__()
        self.panel = panel
        self.source_id = source_id
        self.setObjectName("sourceCard")
        self.setProperty("sourceId", source_id)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Never squeezed below its height (see the cards' layout in the panel).
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
        self.status_label.linkActivated.connect(_open_url)

        self.error_label = QLabel()
        self.error_label.setObjectName("sourceErrorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        self.kind_combo = _ComboBox()
        self.kind_combo.setObjectName("sourceKindCombo")
        for kind in SourceKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.currentIndexChanged.connect(self._on_kind)

        self.stance_combo = _ComboBox()
        self.stance_combo.setObjectName("stanceCombo")
        for stance in Stance:
            self.stance_combo.addItem(_stance_icon(stance), stance.label, stance.value)
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

        self.view_button = _small_button("View text", "viewSourceTextButton", "View the captured text")
        self.open_button = _small_button("Open", "openSourceButton", "Open the source in the browser")
        self.refetch_button = _small_button("Re-fetch", "refetchSourceButton", "Fetch the source again")
        self.archive_button = _small_button(
            "Archive", "archiveSourceButton", "Archive the source",
            "Ask the Internet Archive to save a copy, or find an existing one, and record its address",
        )
        self.remove_button = _small_button("Remove", "removeSourceButton", "Remove the source from this claim")
        self.view_button.clicked.connect(lambda: panel.view_source(self.source_id))
        self.open_button.clicked.connect(lambda: panel.open_source(self.source_id))
        self.refetch_button.clicked.connect(lambda: panel.refetch_source(self.source_id))
        self.archive_button.clicked.connect(lambda: panel.archive_source(self.source_id))
        self.remove_button.clicked.connect(lambda: panel.unpin_source(self.source_id))

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

        # Two rows, so a narrow panel does not cut the last buttons off.
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setHorizontalSpacing(4)
        buttons.setVerticalSpacing(4)
        buttons.addWidget(self.view_button, 0, 0)
        buttons.addWidget(self.open_button, 0, 1)
        buttons.addWidget(self.refetch_button, 0, 2)
        buttons.addWidget(self.archive_button, 1, 0)
        buttons.addWidget(self.remove_button, 1, 2)
        buttons.setColumnStretch(3, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 9, 9, 9)  # inside the painted frame and its 4 px stance edge
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)
        layout.addLayout(fields)
        layout.addWidget(self.quote_label)
        layout.addLayout(buttons)

    # -- showing ---------------------------------------------------------------------------

    def show_source(self, source: Source, evidence: Evidence, *, editable: bool, busy: str) -> None:
        """Show *source* and the claim's pin of it; nothing is done when nothing shown changed."""
        shown = _shown_key(source, evidence, editable, busy)
        if shown == self._shown:
            return
        fresh, self._shown = self._shown is None, shown
        self._updating = True
        try:
            title = source.display_title
            self.setAccessibleName(f"Source: {title}")
            self.title_label.setText(title)
            self.title_label.setToolTip(plain_tooltip(source.final_url or source.url))
            self.meta_label.setText(" \u00b7 ".join(_meta_parts(source)))
            self.status_label.setText(_status_html(source, busy))
            self.error_label.setText(source.error)
            if source.error and not self.error_label.styleSheet():
                self.error_label.setStyleSheet(ERROR_STYLE)  # only cards with an error pay for a style sheet
            self.error_label.setVisible(bool(source.error))
            _set_combo(self.kind_combo, source.kind.value)
            _set_combo(self.stance_combo, evidence.stance.value)
            if fresh or self.note_edit.text() != evidence.note:  # fresh: no undo into another pin's note
                self.note_edit.setText(evidence.note)
            self.quote_label.setText(f"Quote: {quoted(_shorten(evidence.quote, 300))}" if evidence.quote else "")
            self.quote_label.setVisible(bool(evidence.quote))
            if self._stance != evidence.stance:
                self._stance = evidence.stance
                self.update()
            for widget, what in ((self.kind_combo, "Kind of"), (self.stance_combo, "Stance of"),
                                 (self.note_edit, "Note on")):
                widget.setAccessibleName(f"{what} {title}")
            self.view_button.setAccessibleName(f"View the captured text of {title}")
            self.open_button.setAccessibleName(f"Open {title} in the browser")
            self.refetch_button.setAccessibleName(f"Fetch {title} again")
            self.archive_button.setAccessibleName(f"Archive {title}")
            self.remove_button.setAccessibleName(f"Remove {title} from this claim")
            for widget in (self.kind_combo, self.stance_combo, self.note_edit, self.remove_button):
                widget.setEnabled(editable)
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

    # -- editing ---------------------------------------------------------------------------

    def _on_kind(self, _index: int) -> None:
        if not self._updating:
            self.panel.set_source_kind(self.source_id, self.kind_combo.currentData())

    def _on_stance(self, _index: int) -> None:
        if not self._updating:
            self.panel.set_stance(self.source_id, self.stance_combo.currentData())

    def _on_note(self, text: str) -> None:
        if not self._updating:
            self.panel.set_note(self.source_id, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.note_edit and event.type() == QEvent.Type.FocusIn:
            self.panel.new_edit_session()
        return super().eventFilter(watched, event)


class _CandidateRow(QWidget):
    """One of the article's own links near the claim, with "Fetch and pin"."""

    def __init__(self, panel: QtSourcesPanel, candidate: CandidateLink) -> None:
        super().__init__()
        self.setObjectName("candidateRow")
        self.href = candidate.href
        label_text = " ".join(candidate.label.split()) or candidate.href
        self.label = QLabel()
        self.label.setObjectName("candidateLabel")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        where = "in the claim" if candidate.inside_claim else "near the claim"
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.label.setText(
            f"\u201c{_text(_shorten(label_text, 90))}\u201d "
            f"<span style='color: {quiet}'>{where} \u00b7 {_text(_host(candidate.href))}</span>"
        )
        self.label.setToolTip(plain_tooltip(candidate.href))
        self.button = QPushButton("Pinned" if candidate.already_pinned else "Fetch and pin")
        self.button.setObjectName("fetchCandidateButton")
        self.button.setAccessibleName(f"Fetch and pin the linked page \u201c{_shorten(label_text, 60)}\u201d")
        self.button.setToolTip(plain_tooltip(candidate.href))
        self.button.clicked.connect(lambda: panel.fetch_and_pin(self.href))
        self.already_pinned = candidate.already_pinned
        self._state: tuple[bool, bool] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def show_state(self, *, fetching: bool, editable: bool) -> None:
        """"Fetching…" while the link is fetched for the claim; the button works when it can."""
        if self._state == (fetching, editable):
            return
        self._state = (fetching, editable)
        self.button.setText("Fetching\u2026" if fetching else "Pinned" if self.already_pinned else "Fetch and pin")
        self.button.setEnabled(editable and not self.already_pinned and not fetching)


# -- the panel -----------------------------------------------------------------------------


@dataclass
class _Pending:
    """A running task of the panel and what it was started for."""

    what: str  # "pin", "refetch" or "archive"
    url: str
    document: QtArticleDocument
    article_id: str
    claim_id: str | None
    source_id: str | None = None
    handle: TaskHandle[Any] | None = None  # None until the task is handed to the runner
    row: _ProgressRow | None = None
    stance: Stance = Stance.CONTEXT
    job: Callable[[TaskState], Any] | None = None  # what the runner runs, kept until it starts
    kind: str | None = None
    label: str = ""  # what its progress row says
    progress: tuple[float, str] | None = None  # the last report, for a row shown later
    cancelling: bool = False


class QtSourcesPanel(QWidget):
    """Sources of the document's current claim. Give it a document with :meth:`set_document`."""

    source_pinned = Signal(str, str)  # claim id, source id: a fetch landed and was pinned
    fetch_failed = Signal(str)  # the message shown

    def __init__(self, parent: QWidget | None = None, *, runner: QtTaskRunner | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesPanel")
        self.setAccessibleName("Sources of the claim")
        self.setAcceptDrops(True)
        self.document: QtArticleDocument | None = None
        self.runner = runner or QtTaskRunner(self)
        self._settings = settings
        self._read_settings: tuple[object, Settings] | None = None  # settings.json as last read, by file state
        self._refresh_held = 0  # > 0: a refresh is coming at the end of an edit (see _one_refresh)
        self._claim_text = ""
        self._quote_html = ""
        self._pending: dict[int, _Pending] = {}  # by the panel's own task id
        self._task_ids = itertools.count(1)
        self._waiting: deque[int] = deque()  # tasks not handed to the runner yet, oldest first
        self._starter = QTimer(self)  # interval 0: one task handed over per pass of the event loop
        self._starter.setInterval(0)
        self._starter.timeout.connect(self._start_next)
        self._cards: dict[str, _SourceCard] = {}
        self._spare_cards: list[_SourceCard] = []  # hidden, for the next sources shown
        self._candidate_rows: list[_CandidateRow] = []
        self._candidates_key: object = None
        self._session = 0
        self._quote_cache: tuple[object, list[QuoteCheck]] | None = None
        # One source's search for one quotation, by (quotation, source id, source text).
        self._quote_matches: dict[tuple[str, str, str], QuoteMatch | None] = {}
        self._failed: dict[str, Any] | None = None  # the last failed fetch, for "Pin anyway"
        self._viewers: list[QtSourceViewer] = []

        self.title_label = _section_label("Sources", "sourcesTitleLabel")
        self.claim_label = _ElidedLabel()
        self.claim_label.setObjectName("sourcesClaimLabel")
        self.claim_label.setTextFormat(Qt.TextFormat.PlainText)
        self.claim_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("sourceUrlEdit")
        self.url_edit.setAccessibleName("Web address of a source")
        self.url_edit.setPlaceholderText("Paste or drop a web address of a source")
        self.url_edit.setClearButtonEnabled(True)
        self.url_edit.returnPressed.connect(self._fetch_typed)
        self.url_edit.textChanged.connect(self._update_fetch_button)
        self.fetch_button = QPushButton("Fetch and pin")
        self.fetch_button.setObjectName("fetchSourceButton")
        self.fetch_button.setAccessibleName("Fetch the web address and pin it to the claim")
        self.fetch_button.setToolTip("Fetch the page in the background and pin it to the current claim")
        self.fetch_button.clicked.connect(self._fetch_typed)

        self.progress_box = QWidget()
        self.progress_box.setObjectName("fetchProgressBox")
        self._progress_layout = QVBoxLayout(self.progress_box)
        self._progress_layout.setContentsMargins(0, 0, 0, 0)
        self._progress_layout.setSpacing(2)
        # Rows for the first PROGRESS_ROWS tasks, one line for the others: a burst of fetches
        # neither pushes the cards (and the claim editor) out of sight nor relays out the
        # window each time one ends.
        self.more_row = QWidget()
        self.more_row.setObjectName("moreFetchesRow")
        self.more_label = _ElidedLabel()
        self.more_label.setObjectName("moreFetchesLabel")
        self.more_label.setTextFormat(Qt.TextFormat.PlainText)
        self.more_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.cancel_all_button = QPushButton("Cancel all")
        self.cancel_all_button.setObjectName("cancelAllFetchesButton")
        self.cancel_all_button.setAccessibleName("Cancel every fetch under way")
        self.cancel_all_button.clicked.connect(self.cancel_all)
        more_layout = QHBoxLayout(self.more_row)
        more_layout.setContentsMargins(0, 0, 0, 0)
        more_layout.addWidget(self.more_label, 1)
        more_layout.addWidget(self.cancel_all_button)
        self._progress_layout.addWidget(self.more_row)
        self.more_row.hide()
        self.progress_box.hide()

        self.message = QtBanner("sourceMessage", "error")
        self.pin_anyway_button = self.message.add_button(
            "pinFailedSourceButton", "Pin anyway", "Pin the address anyway, with the error, to fetch again later"
        )
        self.pin_anyway_button.clicked.connect(self.pin_failed_anyway)
        self.message.add_button("dismissSourceMessageButton", "Dismiss", "Dismiss the message").clicked.connect(
            self.clear_message
        )
        self.status_label = QLabel()
        self.status_label.setObjectName("sourceStatusLabel")
        self.status_label.setAccessibleName("Sources status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status_label.hide()

        # The scrolling part: cards, candidates, quote check.
        self.cards_box = QWidget()
        self.cards_box.setObjectName("sourceCards")
        self._cards_layout = QVBoxLayout(self.cards_box)
        self._cards_layout.setContentsMargins(0, 0, 0, 0)
        self._cards_layout.setSpacing(6)
        # The box grows at once to fit a new card; else the cards already shown are squeezed
        # to make room, then stretched back when the scroll area catches up: every card laid
        # out twice per pin.
        self._cards_layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.empty_label = _hint_label(NO_SOURCES_TEXT, "noSourcesLabel")

        self.candidates_title = _section_label("Candidates from the article", "candidatesTitleLabel")
        self.candidates_box = QWidget()
        self.candidates_box.setObjectName("candidateLinks")
        self._candidates_layout = QVBoxLayout(self.candidates_box)
        self._candidates_layout.setContentsMargins(0, 0, 0, 0)
        self._candidates_layout.setSpacing(4)
        self.no_candidates_label = _hint_label(NO_CANDIDATES_TEXT, "noCandidatesLabel")

        self.quote_title = _section_label("Quote check", "quoteCheckTitleLabel")
        self.quote_check_label = QLabel()
        self.quote_check_label.setObjectName("quoteCheckLabel")
        self.quote_check_label.setAccessibleName("Quote check")
        self.quote_check_label.setWordWrap(True)
        self.quote_check_label.setTextFormat(Qt.TextFormat.RichText)
        self.quote_check_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.quote_check_label.linkActivated.connect(self._on_quote_link)

        content = QWidget()
        content.setObjectName("sourcesContent")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 4, 0)
        content_layout.setSpacing(6)
        content_layout.addWidget(self.cards_box)
        content_layout.addWidget(self.empty_label)
        content_layout.addSpacing(6)
        content_layout.addWidget(self.quote_title)
        content_layout.addWidget(self.quote_check_label)
        content_layout.addSpacing(6)
        content_layout.addWidget(self.candidates_title)
        content_layout.addWidget(self.candidates_box)
        content_layout.addWidget(self.no_candidates_label)
        content_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("sourcesScrollArea")
        self.scroll.setAccessibleName("Sources, candidates and quote check")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(content)
        self.scroll.setMinimumHeight(self.fontMetrics().height() * 3)  # a short window scrolls the cards

        url_row = QHBoxLayout()
        url_row.setContentsMargins(0, 0, 0, 0)
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.fetch_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.claim_label)
        layout.addLayout(url_row)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.message)
        layout.addWidget(self.status_label)
        layout.addWidget(self.scroll, 1)
        self.refresh()

    # -- document and settings -----------------------------------------------------------------

    def set_document(self, document: QtArticleDocument | None) -> None:
        """Show the sources of *document*'s current claim (None: no article). Cancels the old article's fetches."""
        if document is self.document:
            return
        if self.document is not None:
            old = self.document
            for signal, slot in self._document_connections():
                getattr(old, signal).disconnect(slot)
            self._drop_document(old)
        self.document = document
        if document is not None:
            for signal, slot in self._document_connections():
                getattr(document, signal).connect(slot)
        self.clear_message()
        self._set_status("")
        self._on_current_claim_changed()

    def _document_connections(self) -> list[tuple[str, Callable[..., None]]]:
        return [
            ("current_claim_changed", self._on_current_claim_changed),
            ("sources_changed", self.refresh),
            ("claims_changed", self.refresh),
            ("claim_changed", self._on_claim_changed),
            ("reloaded", self.refresh),
            ("destroyed", self._on_document_destroyed),
        ]

    def _drop_document(self, document: QtArticleDocument) -> None:
        """Cancel the fetches started for *document* and close its source viewers."""
        for task_id, pending in list(self._pending.items()):
            if pending.document is document:
                self._forget(task_id, cancel=True)
        for viewer in list(self._viewers):
            self._viewers.remove(viewer)
            viewer.close()

    def _on_document_destroyed(self, *_args: object) -> None:
        # The window deleted the article's document without telling the panel first.
        document, self.document = self.document, None
        if document is not None:
            self._drop_document(document)
        self.refresh()

    def set_settings(self, settings: Settings | None) -> None:
        """Use these settings for fetches and the archive (None: the library's settings.json)."""
        self._settings = settings
        self._read_settings = None

    def settings(self) -> Settings:
        """The settings for the next fetch: those given to :meth:`set_settings`, else the library's.

        The library's settings.json is read again only when it changed on disk (saved by the
        settings dialog, or edited by hand), not for every fetch; each caller gets a copy.
        """
        if self._settings is not None:
            return self._settings
        if self.document is None:
            return Settings()
        from factcheck_gui.store.settings import SETTINGS_FILE, load_settings

        root = self.document.library.root
        try:
            found = (root / SETTINGS_FILE).stat()
            state: object = (str(root), found.st_mtime_ns, found.st_size, found.st_ino)
        except OSError:
            state = (str(root), None)
        if self._read_settings is None or self._read_settings[0] != state:
            settings, _warning = load_settings(root)
            self._read_settings = (state, settings)
        return copy.copy(self._read_settings[1])

    # -- showing ---------------------------------------------------------------------------

    def current_claim(self) -> Claim | None:
        return self.document.current_claim if self.document is not None else None

    def _editable(self) -> bool:
        return self.document is not None and not self.document.read_only

    def _on_current_claim_changed(self, *_args: object) -> None:
        self.new_edit_session()
        self.refresh()

    def _on_claim_changed(self, claim_id: str) -> None:
        if self.document is not None and claim_id == self.document.current_claim_id:
            self.refresh()

    def new_edit_session(self) -> None:
        """Typing after this is a new undo step (a new visit of a note field, another claim)."""
        self._session += 1

    def refresh(self, *_args: object) -> None:
        """Show the current claim's sources, candidates and quote check.

        Only what changed is touched: a card whose source and pin are as shown stays as it
        is, a new pin adds one card. So refreshing again when nothing changed costs little.
        """
        if self._refresh_held:
            return  # an edit of the panel is under way: it refreshes once when it is done
        claim = self.current_claim()
        article = self.document.article if self.document is not None else None
        has_claim = claim is not None and article is not None
        if not has_claim:
            text = NO_CLAIM_TEXT if self.document is not None else "Open an article to pin sources."
        else:
            text = f"For {quoted(_shorten(claim.exact, 300))}"
        if text != self._claim_text:
            self._claim_text = text
            self.claim_label.set_full_text(text)
        self.url_edit.setEnabled(has_claim and self._editable())
        self._update_fetch_button()
        self._refresh_cards(claim)
        self._refresh_candidates(claim)
        self._refresh_quote_check(claim)
        self.scroll.setVisible(has_claim)

    def _update_fetch_button(self, *_args: object) -> None:
        self.fetch_button.setEnabled(self.url_edit.isEnabled() and bool(self.url_edit.text().strip()))

    def _pinned(self, claim: Claim | None) -> list[tuple[Evidence, Source]]:
        if claim is None or self.document is None:
            return []
        pairs = []
        for evidence in claim.evidence:
            try:
                pairs.append((evidence, self.document.article.source(evidence.source_id)))
            except KeyError:
                continue
        return pairs

    def _refresh_cards(self, claim: Claim | None) -> None:
        pairs = self._pinned(claim)
        wanted = [source.id for _evidence, source in pairs]
        for source_id in list(self._cards):
            if source_id not in wanted:
                card = self._cards.pop(source_id)
                self._cards_layout.removeWidget(card)
                if len(self._spare_cards) < SPARE_CARDS:
                    card.hide()
                    self._spare_cards.append(card)
                else:
                    card.deleteLater()
        busy = {p.source_id: p.what for p in self._pending.values() if p.source_id and p.what != "pin"}
        editable = self._editable()
        for position, (evidence, source) in enumerate(pairs):
            card = self._cards.get(source.id)
            if card is None:
                if self._spare_cards:  # a card of the claim shown before: quicker than a new one
                    card = self._spare_cards.pop()
                    card.reuse_for(source.id)
                    card.show()
                else:
                    card = _SourceCard(self, source.id)
                self._cards[source.id] = card
            if self._cards_layout.indexOf(card) != position:
                self._cards_layout.insertWidget(position, card)
            card.show_source(source, evidence, editable=editable, busy=busy.get(source.id, ""))
        self.cards_box.setVisible(bool(pairs))
        self.empty_label.setVisible(claim is not None and not pairs)

    def _refresh_candidates(self, claim: Claim | None) -> None:
        candidates = candidate_links(self.document.article, claim) if claim is not None and self.document else []
        key = (claim.id if claim else None, tuple(candidates))
        if key != self._candidates_key:  # else keep the rows (and the keyboard focus on them)
            self._candidates_key = key
            for row in self._candidate_rows:
                self._candidates_layout.removeWidget(row)
                row.deleteLater()
            self._candidate_rows = []
            for candidate in candidates:
                row = _CandidateRow(self, candidate)
                self._candidates_layout.addWidget(row)
                self._candidate_rows.append(row)
            self.candidates_title.setVisible(claim is not None)
            self.candidates_box.setVisible(bool(candidates))
            self.no_candidates_label.setVisible(claim is not None and not candidates)
        if not self._candidate_rows:
            return
        fetching = {p.url for p in self._pending.values() if p.what == "pin" and p.claim_id == (claim.id if claim else None)}
        editable = self._editable()
        for row in self._candidate_rows:
            row.show_state(fetching=row.href in fetching, editable=editable)

    def _refresh_quote_check(self, claim: Claim | None) -> None:
        checks = self.quote_checks(claim) if claim is not None else []
        self.quote_title.setVisible(bool(checks))
        self.quote_check_label.setVisible(bool(checks))
        if not checks or claim is None or self.document is None:
            self._set_quote_html("")
            return
        has_sources = bool(self._pinned(claim))
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        good, bad = ("#81c784", "#ef9a9a") if dark else ("#2e7d32", "#c62828")
        quiet = palette.color(QPalette.ColorRole.PlaceholderText).name()
        parts = []
        for check in checks:
            quotation = f"<b>{_text(quoted(_shorten(check.quotation, 200)))}</b>"
            best = check.best
            if best is None and not has_sources:
                # Nothing to check against yet: a hint, not a failure.
                parts.append(
                    f"<p>{quotation}<br><span style='color: {quiet}'>"
                    "Pin a source to check whether it contains this quotation.</span></p>"
                )
                continue
            if best is None:
                parts.append(
                    f"<p>{quotation}<br><span style='color: {bad}'>\u2717</span> No pinned source contains it.</p>"
                )
                continue
            source = self.document.article.source(best.source_id)
            how = {
                "exact": "word for word",
                "normalised": "with different quote marks, dashes, spacing or case",
                "approximate": f"approximately ({round(best.score * 100)}% alike)",
            }.get(best.method, best.method)
            found_text = source.text[best.start : best.end]
            passage = _highlight(best.passage, found_text)
            others = len(check.matches) - 1
            more = f" Also in {others} other pinned source{'s' if others != 1 else ''}." if others > 0 else ""
            parts.append(
                f"<p>{quotation}<br><span style='color: {good}'>\u2713</span> Found {how} in "
                f"<a href='source:{best.source_id}:{best.start}:{best.end}'>{_text(source.display_title)}</a>.{more}"
                f"<br><span style='color: {quiet}'>{passage}</span></p>"
            )
        self._set_quote_html("".join(parts))

    def _set_quote_html(self, text: str) -> None:
        if text != self._quote_html:  # a rich-text label lays its text out again on every setText
            self._quote_html = text
            self.quote_check_label.setText(text)

    def quote_checks(self, claim: Claim) -> list[QuoteCheck]:
        """The quote check of *claim* against its pinned sources (cached while nothing changes)."""
        assert self.document is not None
        key = (claim.id, claim.exact, tuple((s.id, s.sha256, hash(s.text)) for _e, s in self._pinned(claim)))
        if self._quote_cache is None or self._quote_cache[0] != key:
            self._quote_cache = (key, self._check_quotes(claim))
        return self._quote_cache[1]

    def _check_quotes(self, claim: Claim) -> list[QuoteCheck]:
        """As ``core.quotecheck.check_claim_quotes``, but a source already searched is not searched again.

        Searching one source can take a long time (a long page without the quotation is
        compared word by word), so a new pin searches only the new source.
        """
        known, searched = self._quote_matches, {}
        sources = [source for _evidence, source in self._pinned(claim)]
        checks = []
        for quotation in quotations_in(claim.exact):
            matches = []
            for source in sources:
                key = (quotation, source.id, source.text)
                match = known[key] if key in known else find_quotation(quotation, source.id, source.text)
                searched[key] = match
                if match is not None:
                    matches.append(match)
            checks.append(QuoteCheck(quotation, tuple(sorted(matches, key=lambda m: -m.score))))
        self._quote_matches = searched  # what the current claim needs, no more
        return checks

    def _on_quote_link(self, link: str) -> None:
        kind, _, rest = link.partition(":")
        if kind != "source":
            return
        source_id, start, end = rest.split(":")
        viewer = self.view_source(source_id)
        if viewer is not None:
            viewer.select_range(int(start), int(end))

    def cards(self) -> dict[str, _SourceCard]:
        """The source cards shown, by source id (for tests and the window)."""
        return dict(self._cards)

    def candidate_rows(self) -> list[_CandidateRow]:
        return list(self._candidate_rows)

    # -- messages ---------------------------------------------------------------------------

    def show_message(self, text: str, *, failed: dict[str, Any] | None = None) -> None:
        """Show a problem in the panel (not a dialog): the user can keep working."""
        self._failed = failed
        self.pin_anyway_button.setVisible(failed is not None)
        self.message.show_message(text)

    def clear_message(self) -> None:
        self._failed = None
        self.message.hide()

    def message_text(self) -> str:
        """The problem shown in the panel ("" when none is)."""
        return "" if self.message.isHidden() else self.message.label.text()

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    # -- fetching ---------------------------------------------------------------------------

    def focus_url_field(self) -> None:
        self.url_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.url_edit.selectAll()

    def _fetch_typed(self) -> None:
        text = self.url_edit.text().strip()
        if text and self.fetch_and_pin(text):
            self.url_edit.clear()

    def fetch_and_pin(self, url: str, stance: Stance | str = Stance.CONTEXT) -> bool:
        """Fetch *url* in the background and pin it to the current claim. False if it was not started.

        A source the article already keeps (same address) is pinned at once, without
        fetching it again, so it is stored once however many claims pin it.
        """
        from factcheck_gui.net.errors import BadUrlError
        from factcheck_gui.net.urls import host_of, normalize_url

        document, claim = self.document, self.current_claim()
        if document is None or claim is None:
            self.show_message("Select a claim first: a source is pinned to the claim it supports or refutes.")
            return False
        if document.read_only:
            self.show_message(document.read_only_reason or "This article is open read-only.")
            return False
        try:
            normalized = normalize_url(url)
        except BadUrlError as exc:
            self.show_message(str(exc))
            return False
        self.clear_message()
        existing = document.article.source_by_url(normalized) or document.article.source_by_url(url.strip())
        if existing is not None and not existing.error:
            if any(e.source_id == existing.id for e in claim.evidence):
                self._set_status(f"\u201c{_shorten(existing.display_title, 80)}\u201d is already pinned to this claim.")
                return True
            self._push(PinSourceCommand(document, claim.id, existing, stance))
            self._set_status(
                f"\u201c{_shorten(existing.display_title, 80)}\u201d was already fetched for another claim; "
                "it is pinned to this one too."
            )
            self.source_pinned.emit(claim.id, existing.id)
            return True
        if any(p.what == "pin" and p.url == normalized and p.claim_id == claim.id for p in self._pending.values()):
            self._set_status(f"{normalized} is already being fetched for this claim.")
            return True
        self._set_status("")
        pending = _Pending("pin", normalized, document, document.article_id, claim.id, stance=Stance(stance))
        label = f"Fetching {host_of(normalized) or normalized}"
        self._start(pending, fetch_source_job(normalized, self.settings(), document.library), label)
        self._refresh_candidates(claim)
        return True

    def refetch_source(self, source_id: str) -> bool:
        """Fetch a source again; its capture (text, hash, status...) is replaced, undoably."""
        document = self.document
        source = self._source(source_id)
        if document is None or source is None or not self._editable():
            return False
        self.clear_message()
        pending = _Pending("refetch", source.url, document, document.article_id, None, source_id)
        label = f"Fetching again \u201c{_shorten(source.display_title, 40)}\u201d"
        self._start(pending, fetch_source_job(source.url, self.settings(), document.library), label,
                    kind=f"sources:refetch:{source_id}")
        self.refresh()
        return True

    def archive_source(self, source_id: str) -> bool:
        """Ask the Internet Archive for a copy of the source and record where it is."""
        document = self.document
        source = self._source(source_id)
        if document is None or source is None or not self._editable():
            return False
        self.clear_message()
        url = source.final_url or source.url
        pending = _Pending("archive", url, document, document.article_id, None, source_id)
        label = f"Archiving \u201c{_shorten(source.display_title, 40)}\u201d"
        self._start(pending, archive_job(url, self.settings()), label, kind=f"sources:archive:{source_id}")
        self.refresh()
        return True

    def archive_claim_sources(self) -> int:
        """Archive every source of the current claim that has no archived copy yet; returns how many."""
        started = 0
        for _evidence, source in self._pinned(self.current_claim()):
            if not source.archive_url and not source.error and self.archive_source(source.id):
                started += 1
        if not started:
            self._set_status("Every source of this claim already has an archived copy." if self._pinned(
                self.current_claim()) else "This claim has no sources to archive.")
        return started

    def _start(self, pending: _Pending, job: Callable[[TaskState], Any], label: str, kind: str | None = None) -> None:
        """Show the task's progress row now; the runner gets the task on the next pass of the event loop.

        One task is handed over per pass, so a burst (twenty links dropped at once) does not
        hold the window while twenty worker threads start and compete with it.
        """
        task_id = next(self._task_ids)
        pending.job, pending.kind, pending.label = job, kind, label
        self._pending[task_id] = pending
        self._show_rows()
        self._waiting.append(task_id)
        if not self._starter.isActive():
            self._starter.start()

    def _show_rows(self) -> None:
        """A progress row for each of the first PROGRESS_ROWS tasks (oldest first), one line for the rest."""
        shown = sum(1 for pending in self._pending.values() if pending.row is not None)
        for task_id, pending in self._pending.items():
            if shown >= PROGRESS_ROWS:
                break
            if pending.row is None:
                self._add_row(task_id, pending)
                shown += 1
        more = len(self._pending) - shown
        if more:
            self.more_label.set_full_text(f"{more} more {'address is' if more == 1 else 'addresses are'} being fetched.")
        self.more_row.setVisible(bool(more))
        self.progress_box.setVisible(bool(self._pending))

    def _add_row(self, task_id: int, pending: _Pending) -> None:
        row = _ProgressRow(pending.label)
        pending.row = row
        row.cancel_button.clicked.connect(lambda: self.cancel_task(task_id))
        if pending.progress is not None:
            row.set_progress(*pending.progress)
        if pending.cancelling:
            row.cancel_button.setEnabled(False)
            row.set_progress(0.0, "cancelling\u2026")
        self._progress_layout.insertWidget(self._progress_layout.indexOf(self.more_row), row)

    def _start_next(self) -> None:
        while self._waiting:
            task_id = self._waiting.popleft()
            pending = self._pending.get(task_id)
            if pending is not None and pending.job is not None:  # else cancelled or dropped meanwhile
                self._hand_to_runner(task_id, pending)
                break
        if not self._waiting:
            self._starter.stop()

    def _hand_to_runner(self, task_id: int, pending: _Pending) -> None:
        def landed(value: object) -> None:
            self._land(task_id, value)

        def failed(exc: BaseException) -> None:
            self._fail(task_id, exc)

        def cancelled() -> None:
            self._cancelled(task_id)

        def progressed(fraction: float, status: str) -> None:
            pending.progress = (fraction, status)
            if pending.row is not None:
                pending.row.set_progress(fraction, status)

        job, pending.job = pending.job, None
        assert job is not None
        pending.handle = self.runner.start(job, kind=pending.kind, on_result=landed, on_error=failed,
                                           on_progress=progressed, on_cancelled=cancelled)

    def cancel_task(self, task_id: int) -> None:
        """Cancel one running fetch; nothing of it is saved."""
        pending = self._pending.get(task_id)
        if pending is None:
            return
        if pending.handle is None:  # not started yet: nothing to wait for
            self._cancelled(task_id)
            return
        pending.handle.cancel()
        pending.cancelling = True
        if pending.row is not None:
            pending.row.cancel_button.setEnabled(False)
            pending.row.set_progress(0.0, "cancelling\u2026")

    def cancel_all(self) -> None:
        for task_id in list(self._pending):
            self.cancel_task(task_id)

    def is_busy(self) -> bool:
        """True while a fetch or archive request of the panel runs."""
        return bool(self._pending)

    def _forget(self, task_id: int, *, cancel: bool = False) -> _Pending | None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return None
        if cancel and pending.handle is not None:
            pending.handle.cancel()
        pending.job = None  # a task not started yet never will be
        if pending.row is not None:
            self._progress_layout.removeWidget(pending.row)
            pending.row.deleteLater()
            pending.row = None
        self._show_rows()
        return pending

    def _still_open(self, pending: _Pending) -> bool:
        """The fetch's article is still the open one (not closed, switched or reloaded away)."""
        return self.document is pending.document and pending.document.article_id == pending.article_id

    # -- outcomes (GUI thread) ---------------------------------------------------------------

    def _land(self, task_id: int, value: object) -> None:
        pending = self._forget(task_id)
        if pending is None:
            return
        if not self._still_open(pending):
            return  # the article was closed or another one opened: the result is stale
        document = pending.document
        if pending.what == "pin":
            assert isinstance(value, Source) and pending.claim_id is not None
            try:
                document.article.claim(pending.claim_id)
            except KeyError:
                self._set_status(
                    f"{pending.url} was fetched, but the claim it was meant for was deleted meanwhile, "
                    "so it was not pinned."
                )
                self.refresh()
                return
            if self._push(PinSourceCommand(document, pending.claim_id, value, pending.stance)):
                pinned = document.article.source_by_url(value.url) or value
                where = "" if pending.claim_id == document.current_claim_id else " (to the claim it was fetched for)"
                self._set_status(f"Pinned \u201c{_shorten(pinned.display_title, 80)}\u201d{where}.")
                self.source_pinned.emit(pending.claim_id, pinned.id)
        elif pending.what == "refetch":
            assert isinstance(value, Source)
            if self._source(pending.source_id) is not None:
                self._push(UpdateSourceCommand.refetched(document, pending.source_id, value))
                self._set_status(f"Fetched again: \u201c{_shorten(value.display_title, 80)}\u201d.")
        elif pending.what == "archive":
            assert isinstance(value, ArchiveOutcome)
            if self._source(pending.source_id) is not None:
                self._push(UpdateSourceCommand.archived(document, pending.source_id, value.archive_url,
                                                        value.archived_at))
                if value.saved_now:
                    self._set_status(f"Archived: the Internet Archive keeps a copy at {value.archive_url}.")
                else:
                    self._set_status(
                        f"The Internet Archive did not save a new copy ({value.note}) An existing copy "
                        f"was recorded instead: {value.archive_url}."
                    )
        self.refresh()

    def _fail(self, task_id: int, exc: BaseException) -> None:
        pending = self._forget(task_id)
        if pending is None or not self._still_open(pending):
            return
        message = error_message(exc)
        failed = None
        if pending.what == "pin":
            text = f"Could not fetch {pending.url}. {message}"
            failed = {"url": pending.url, "error": exc, "document": pending.document,
                      "article_id": pending.article_id, "claim_id": pending.claim_id, "stance": pending.stance}
        elif pending.what == "refetch":
            text = f"Could not fetch {pending.url} again; the earlier capture is kept. {message}"
        else:
            text = f"Could not archive {pending.url}. {message}"
        self.show_message(text, failed=failed if isinstance(exc, FactcheckError) else None)
        self.fetch_failed.emit(text)
        self.refresh()

    def _cancelled(self, task_id: int) -> None:
        pending = self._forget(task_id)
        if pending is None or not self._still_open(pending):
            return
        what = {"pin": "Fetching", "refetch": "Fetching again", "archive": "Archiving"}[pending.what]
        self._set_status(f"{what} {pending.url} was cancelled. Nothing was saved.")
        self.refresh()

    def pin_failed_anyway(self) -> bool:
        """Pin the address of the last failed fetch with its error, to fetch it again later."""
        failed = self._failed
        if failed is None or self.document is not failed["document"]:
            self.clear_message()
            return False
        from factcheck_gui.net.fetch import failed_source

        document = self.document
        self.clear_message()
        if document.article_id != failed["article_id"]:
            return False
        try:
            document.article.claim(failed["claim_id"])
        except KeyError:
            return False
        return self._push(PinSourceCommand(document, failed["claim_id"], failed_source(failed["url"], failed["error"]),
                                           failed["stance"]))

    # -- editing the pins ----------------------------------------------------------------------

    def _source(self, source_id: str | None) -> Source | None:
        if self.document is None or source_id is None:
            return None
        try:
            return self.document.article.source(source_id)
        except KeyError:
            return None

    @contextmanager
    def _one_refresh(self) -> Iterator[None]:
        """Refresh once at the end, however many document signals an edit sends meanwhile."""
        self._refresh_held += 1
        try:
            yield
        finally:
            self._refresh_held -= 1
            if not self._refresh_held:
                self.refresh()

    def _push(self, command: object) -> bool:
        assert self.document is not None
        with self._one_refresh():  # a pin changes the claim and the sources: one update, not one per signal
            try:
                self.document.push(command)  # type: ignore[arg-type]
            except FactcheckError as exc:
                self.show_message(str(exc))
                return False
        return True

    def set_stance(self, source_id: str, stance: Stance | str) -> bool:
        claim = self.current_claim()
        if claim is None or self.document is None:
            return False
        evidence = next((e for e in claim.evidence if e.source_id == source_id), None)
        if evidence is None or evidence.stance == Stance(stance):
            return False
        return self._push(EditEvidenceCommand(self.document, claim.id, source_id, "stance", Stance(stance)))

    def set_note(self, source_id: str, note: str) -> bool:
        claim = self.current_claim()
        if claim is None or self.document is None:
            return False
        evidence = next((e for e in claim.evidence if e.source_id == source_id), None)
        if evidence is None or evidence.note == note:
            return False
        return self._push(EditEvidenceCommand(self.document, claim.id, source_id, "note", note,
                                              session=(self._session, claim.id, source_id)))

    def set_source_kind(self, source_id: str, kind: SourceKind | str) -> bool:
        source = self._source(source_id)
        if source is None or self.document is None or source.kind == SourceKind(kind):
            return False
        return self._push(SetSourceKindCommand(self.document, source_id, kind))

    def unpin_source(self, source_id: str) -> bool:
        """Remove the source from the current claim (undo brings it back)."""
        claim = self.current_claim()
        if claim is None or self.document is None or self._source(source_id) is None:
            return False
        if not any(e.source_id == source_id for e in claim.evidence):
            return False
        return self._push(UnpinSourceCommand(self.document, claim.id, source_id))

    def open_source(self, source_id: str) -> bool:
        source = self._source(source_id)
        if source is None:
            return False
        url = source.final_url or source.url
        if not _is_web_address(url):
            self.show_message(
                f"\u201c{_shorten(url, 80)}\u201d is not a web address (http:// or https://), so it was not opened."
            )
            return False
        return _open_url(url)

    def view_source(self, source_id: str) -> QtSourceViewer | None:
        """Show the captured text of a source; "Pin quote" there stores a passage for the current claim."""
        if self.document is None or self._source(source_id) is None:
            return None
        claim = self.current_claim()
        for viewer in self._viewers:
            if viewer.source_id == source_id and viewer.claim_id == (claim.id if claim else None):
                viewer.raise_()
                viewer.activateWindow()
                return viewer
        viewer = QtSourceViewer(self.document, source_id, claim.id if claim else None, self.window())
        viewer.setWindowFlag(Qt.WindowType.Window, True)
        viewer.finished.connect(lambda _result, v=viewer: self._forget_viewer(v))
        self._viewers.append(viewer)
        viewer.show()
        return viewer

    def _forget_viewer(self, viewer: QtSourceViewer) -> None:
        if viewer in self._viewers:
            self._viewers.remove(viewer)

    def viewers(self) -> list[QtSourceViewer]:
        return list(self._viewers)

    # -- drops -----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.current_claim() is not None and self._editable() and urls_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        urls = urls_from_mime(event.mimeData())
        if not urls:
            event.ignore()
            return
        event.acceptProposedAction()
        for url in urls:
            self.fetch_and_pin(url)


# -- formatting ------------------------------------------------------------------------------


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _host(url: str) -> str:
    from factcheck_gui.net.urls import host_of

    return host_of(url) or url


def _format_date(value: str) -> str:
    """A published date as the user reads dates ("14 Oct 2019"); unparseable values as they are."""
    date = QDate.fromString(value[:10], Qt.DateFormat.ISODate)
    return QLocale().toString(date, "d MMM yyyy") if date.isValid() else value


def _format_time(iso: str) -> str:
    """A stored UTC timestamp as the user's local date and time ("25 Nov 2026, 08:40")."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    return QLocale().toString(moment.toLocalTime(), "d MMM yyyy, HH:mm") if moment.isValid() else iso


def _meta_parts(source: Source) -> list[str]:
    parts = [source.site or _host(source.final_url or source.url)]
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
        parts.append(("tried " if source.error else "fetched ") + _text(_format_time(source.fetched_at)))
    if source.archive_url:
        when = _format_date(source.archived_at) if source.archived_at else "copy"
        parts.append(f"<a href='{html.escape(source.archive_url, quote=True)}'>archived {html.escape(when)}</a>")
    if busy:
        parts.append({"refetch": "<i>fetching again\u2026</i>", "archive": "<i>archiving\u2026</i>"}.get(busy, busy))
    return " \u00b7 ".join(parts)


def _text(value: str) -> str:
    """*value* escaped for HTML text (not for an attribute)."""
    return html.escape(value, quote=False)


def _highlight(passage: str, found: str) -> str:
    """*passage* as HTML with *found* (white space folded) in bold."""
    needle = " ".join(found.split())
    index = passage.find(needle) if needle else -1
    if index == -1:
        return _text(passage)
    return _text(passage[:index]) + "<b>" + _text(needle) + "</b>" + _text(passage[index + len(needle):])


def _set_combo(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index != -1 and combo.currentIndex() != index:
        combo.setCurrentIndex(index)
