"""The trace view: where a claim came from, as a timeline of the pages that carry it.

A non-modal dialog per claim (Sources › Trace claim to its origin…). "Trace" runs
:func:`factcheck_gui.tracing.crawl` on the window's thread pool through a
:class:`~factcheck_gui.ui.tasks.QtTaskRunner` (progress and Cancel; the window stays
responsive), then keeps the summary with the claim (an undoable
:class:`~factcheck_gui.ui.commands.SetTraceCommand`). Each page of the timeline can be
opened in the browser, read as captured with the passage that carries the claim
highlighted, and pinned to the claim with one click (stance and kind suggested).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.invisible import mask_invisible
from factcheck_gui.core.model import Claim, Source, SourceKind, Stance
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.text import Utf16Index, quoted
from factcheck_gui.core.tracing import TraceNode, carrying_span, trace_line
from factcheck_gui.tracing import (
    DEFAULT_DEPTH,
    DEFAULT_MAX_PAGES,
    Crawl,
    crawl,
    start_addresses,
)
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.commands import SetTraceCommand
from factcheck_gui.ui.contrast import readable
from factcheck_gui.ui.document import QtArticleDocument
from factcheck_gui.ui.errors import show_error
from factcheck_gui.ui.links import open_in_browser
from factcheck_gui.ui.richtext import plain_tooltip, shown
from factcheck_gui.ui.source_commands import PinSourceCommand
from factcheck_gui.ui.tasks import QtTaskRunner, TaskState

__all__ = ["QtTracePageViewer", "QtTraceView", "open_trace_view", "suggested_stance"]

URL_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Date", "Page", "Site", "The claim", "Group")
PROGRESS_INTERVAL_MS = 200  # the trace's progress is shown at most this often


def suggested_stance(node: TraceNode) -> Stance:
    """A page that carries the claim supports that it was said; any other page is context."""
    return Stance.SUPPORTS if node.carries_claim else Stance.CONTEXT


def open_trace_view(parent: QWidget, document: QtArticleDocument, claim_id: str,
                    settings: Callable[[], Settings]) -> QtTraceView:
    """Show the trace view of *claim_id* (the one already open for it, raised, or a new one)."""
    views: dict[str, QtTraceView] = parent.__dict__.setdefault("_trace_views", {})
    view = views.get(claim_id)
    if view is None or view.document is not document:
        view = QtTraceView(document, claim_id, settings, parent)
        name_parts(view)  # Qt's own parts (spin boxes' text, headers, scroll bars) get names too
        views[claim_id] = view
        view.destroyed.connect(lambda *_: views.pop(claim_id, None))
    view.show()
    view.raise_()
    view.activateWindow()
    return view


class QtTraceView(QDialog):
    """Trace one claim: run the crawl, show the pages by date, open, read and pin them."""

    def __init__(self, document: QtArticleDocument, claim_id: str, settings: Callable[[], Settings],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("traceView")
        self.setAccessibleName("Trace of the claim")
        self.setWindowTitle("Trace the claim to its origin")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.document, self.claim_id, self._settings = document, claim_id, settings
        self.runner = QtTaskRunner(self)
        self.crawled: Crawl | None = None
        self._viewers: list[QtTracePageViewer] = []

        self.claim_label = QLabel()
        self.claim_label.setObjectName("traceClaimLabel")
        self.claim_label.setWordWrap(True)
        self.claim_label.setTextFormat(Qt.TextFormat.PlainText)

        self.depth_spin = _spin("traceDepthSpin", "Depth", 0, 6, DEFAULT_DEPTH,
                                "How many links are followed from pages that do not carry the claim. A page "
                                "that carries it always has its citations followed.")
        self.pages_spin = _spin("traceMaxPagesSpin", "Pages at most", 1, 500, DEFAULT_MAX_PAGES,
                                "The trace stops fetching after this many pages.")
        self.archive_check = QCheckBox("Date undated pages by the Internet Archive")
        self.archive_check.setObjectName("traceArchiveCheck")
        self.archive_check.setAccessibleName("Date undated pages by the Internet Archive")
        self.archive_check.setToolTip("Asks the Internet Archive when it first saw each page that carries the claim "
                                      "but gives no date. Off: nothing is sent to the archive.")
        self.trace_button = QPushButton("&Trace")
        self.trace_button.setObjectName("traceStartButton")
        self.trace_button.setAccessibleName("Trace the claim")
        self.trace_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("traceCancelButton")
        self.cancel_button.setAccessibleName("Cancel the trace")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("traceProgress")
        self.progress.setAccessibleName("Trace progress")
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self._progress_due: tuple[float, str] | None = None  # the latest report, not shown yet
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_INTERVAL_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self.status_label = QLabel()
        self.status_label.setObjectName("traceStatusLabel")
        self.status_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("traceSummaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("traceWarningsLabel")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextFormat(Qt.TextFormat.PlainText)

        self.timeline = QTreeWidget()
        self.timeline.setObjectName("traceTimeline")
        self.timeline.setAccessibleName("Pages of the trace: those carrying the claim, oldest first, then the others")
        self.timeline.setHeaderLabels(list(COLUMNS))
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        self.timeline.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.timeline.itemDoubleClicked.connect(lambda *_: self.view_text())

        self.open_button = _button("Open in &browser", "traceOpenButton", self.open_page)
        self.text_button = _button("View &text", "traceViewTextButton", self.view_text)
        self.pin_button = _button("&Pin to the claim", "tracePinButton", self.pin_page)

        options = QHBoxLayout()
        option_widgets: list[QWidget] = [QLabel("Depth"), self.depth_spin, QLabel("Pages at most"), self.pages_spin,
                                         self.archive_check]
        for widget in option_widgets:
            options.addWidget(widget)
        options.addStretch(1)
        options.addWidget(self.trace_button)
        options.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.text_button, self.pin_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.claim_label)
        layout.addLayout(options)
        shown: list[QWidget] = [self.progress, self.status_label, self.summary_label, self.warnings_label]
        for widget in shown:
            layout.addWidget(widget)
        layout.addWidget(self.timeline, 1)
        layout.addLayout(buttons)
        self.resize(820, 520)

        document.claim_changed.connect(self._on_claim_changed)
        document.destroyed.connect(self._on_document_gone)  # the window opened another article
        self._on_claim_changed(claim_id)
        self._update_buttons()

    # -- the claim ------------------------------------------------------------------------

    def _claim(self) -> Claim | None:
        try:
            return self.document.article.claim(self.claim_id)
        except KeyError:
            return None

    def _on_claim_changed(self, claim_id: str) -> None:
        if claim_id != self.claim_id:
            return
        claim = self._claim()
        if claim is None:
            self.claim_label.setText("This claim was deleted.")
            self.trace_button.setEnabled(False)
            return
        self.claim_label.setText(quoted(shown(claim.exact)))
        if self.crawled is None:
            self.summary_label.setText(shown(trace_line(claim.trace)) if claim.trace is not None else
                                       "Not traced yet. Trace follows the claim's pinned sources and the "
                                       "article's links near it to the page it came from.")

    def _on_document_gone(self, *_args: object) -> None:
        """The article was closed: stop tracing and close; nothing is kept."""
        self._document_gone = True
        self.runner.cancel_all()
        self.close()

    # -- running ---------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self.cancel_button.isEnabled()

    def start(self) -> None:
        """Trace the claim in the background: its sources, their citations, the pages near it."""
        claim = self._claim()
        if claim is None:
            return
        start = start_addresses(self.document.article, claim)
        if not start:
            self.status_label.setText("There is nowhere to start: pin a source to the claim first, or import the "
                                      "article from its web address so its links are known.")
            return
        text, library, settings = claim.exact, self.document.library, self._settings()
        depth, pages, archive = self.depth_spin.value(), self.pages_spin.value(), self.archive_check.isChecked()

        def run(state: TaskState) -> Crawl:  # on a worker thread: plain data only
            return crawl(text, start, settings, library, depth=depth, max_pages=pages, cancel=state.cancel_token,
                         progress=state.set_progress, archive_lookup=archive)

        self.trace_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status_label.setText(f"Tracing from {len(start)} {'page' if len(start) == 1 else 'pages'}\u2026")
        self.runner.start(run, kind="trace", on_result=self._on_result, on_error=self._on_error,
                          on_progress=self._on_progress, on_cancelled=self._on_cancelled)

    def cancel(self) -> None:
        self.runner.cancel("trace")

    def _finish(self, status: str) -> None:
        self.trace_button.setEnabled(self._claim() is not None)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        self._progress_timer.stop()
        self._progress_due = None
        self.status_label.setText(status)

    def _on_progress(self, fraction: float, status: str) -> None:
        # The crawl reports each page read, up to dozens a second: shown at most every
        # PROGRESS_INTERVAL_MS (the latest report), since each change repaints the dialog.
        self._progress_due = (fraction, status)
        if not self._progress_timer.isActive():
            self._show_progress()
            self._progress_timer.start()

    def _show_progress(self) -> None:
        if self._progress_due is None or not self.cancel_button.isEnabled():
            return  # nothing new, or the trace has ended meanwhile
        (fraction, status), self._progress_due = self._progress_due, None
        # Only a change is shown, and the bar is repainted with the window's next update, not at
        # once (QProgressBar.setValue repaints).
        value = int(fraction * 1000)
        if value != self.progress.value():
            self.progress.setUpdatesEnabled(False)
            self.progress.setValue(value)
            self.progress.setUpdatesEnabled(True)
        if status != self.status_label.text():
            self.status_label.setText(status)

    def _on_cancelled(self) -> None:
        self._finish("Cancelled. Nothing was kept.")

    def _on_error(self, exc: BaseException) -> None:
        self._finish("The trace stopped.")
        show_error(self, exc, "The trace stopped")

    def _on_result(self, result: Crawl) -> None:
        if getattr(self, "_document_gone", False):
            return
        self.crawled = result
        failed = sum(1 for page in result.pages if page.error)
        status = f"{len(result.pages)} pages read" + (f", {failed} could not be read" if failed else "")
        if result.unfollowed:
            status += f"; {result.unfollowed} links left unfollowed (raise Pages at most to follow them)"
        self._finish(status + ".")
        summary = result.summary()
        if self._claim() is not None and not self.document.read_only:
            self.document.push(SetTraceCommand(self.document, self.claim_id, summary))
        self.summary_label.setText(shown(trace_line(summary)))
        self.warnings_label.setText(shown("\n".join(f"Warning: {w}" for w in summary.warnings)))
        self._fill(result)

    # -- the timeline ----------------------------------------------------------------------

    def _fill(self, result: Crawl) -> None:
        self.timeline.clear()
        trace = result.trace
        # The pages that carry the claim by date (undated ones after them), then the pages that do not.
        nodes = sorted(trace.nodes, key=lambda n: (not n.carries_claim, not n.published, n.published))
        bold = QFont(self.timeline.font())
        bold.setBold(True)
        palette = self.timeline.palette()  # greyed rows still readable (4.5:1) on the list's background
        quiet = readable(palette.color(QPalette.ColorRole.PlaceholderText), palette.color(QPalette.ColorRole.Base),
                         palette.color(QPalette.ColorRole.AlternateBase))
        for node in nodes:
            address = node.final_url or node.url
            if address == trace.origin:
                role = "Origin"
            elif node.carries_claim:
                role = "Quotes it" if node.quote_found else "Carries it"
            else:
                role = "Does not carry it"
            item = QTreeWidgetItem([node.published or "no date", shown(node.title or address), shown(node.site), role,
                                    str(node.group + 1)])
            item.setData(0, URL_ROLE, node.url)
            item.setToolTip(1, plain_tooltip(address))
            if role == "Origin":
                for column in range(len(COLUMNS)):
                    item.setFont(column, bold)
            if not node.carries_claim:
                for column in range(len(COLUMNS)):
                    item.setForeground(column, quiet)
            self.timeline.addTopLevelItem(item)
        for page in result.pages:
            if page.error:
                item = QTreeWidgetItem(["", shown(page.url), "", "Could not be read", ""])
                item.setToolTip(3, plain_tooltip(page.error))
                item.setData(0, URL_ROLE, page.url)
                item.setForeground(1, quiet)
                self.timeline.addTopLevelItem(item)
        for column in range(len(COLUMNS)):
            self.timeline.resizeColumnToContents(column)
        rows = self._rows()
        if rows:
            self.timeline.setCurrentItem(rows[0])

    def _rows(self) -> list[QTreeWidgetItem]:
        items = (self.timeline.topLevelItem(i) for i in range(self.timeline.topLevelItemCount()))
        return [item for item in items if item is not None]

    def row_urls(self) -> list[str]:
        """The pages of the timeline, in order: those carrying the claim, oldest first, then the others."""
        return [item.data(0, URL_ROLE) for item in self._rows()]

    def select_url(self, url: str) -> None:
        for item in self._rows():
            if item.data(0, URL_ROLE) == url:
                self.timeline.setCurrentItem(item)
                return

    def current_node(self) -> TraceNode | None:
        item = self.timeline.currentItem()
        if item is None or self.crawled is None:
            return None
        url = item.data(0, URL_ROLE)
        return next((n for n in self.crawled.trace.nodes if n.url == url), None)

    def current_source(self) -> Source | None:
        node = self.current_node()
        return self.crawled.source_for(node.url) if node is not None and self.crawled is not None else None

    def _update_buttons(self) -> None:
        node, source = self.current_node(), self.current_source()
        self.open_button.setEnabled(node is not None)
        self.text_button.setEnabled(source is not None)
        can_pin = source is not None and self._claim() is not None and not self.document.read_only
        self.pin_button.setEnabled(can_pin)
        if node is not None and source is not None:
            stance = suggested_stance(node)
            self.pin_button.setText(f"&Pin to the claim ({stance.label}, {SourceKind(source.kind).label})")
            self.pin_button.setToolTip("Pins the page as captured (its snapshot is kept) with the suggested stance "
                                       "and kind; change them on its card in the sources panel.")
        else:
            self.pin_button.setText("&Pin to the claim")

    # -- what a page offers ------------------------------------------------------------------

    def open_page(self) -> bool:
        node = self.current_node()
        return node is not None and open_in_browser(node.final_url or node.url)

    def view_text(self) -> QtTracePageViewer | None:
        node, source = self.current_node(), self.current_source()
        claim = self._claim()
        if node is None or source is None:
            return None
        span = carrying_span(claim.exact, source.text) if claim is not None else None
        viewer = QtTracePageViewer(source, span, self)
        name_parts(viewer)
        self._viewers.append(viewer)
        viewer.destroyed.connect(lambda *_: self._viewers.remove(viewer) if viewer in self._viewers else None)
        viewer.show()
        return viewer

    def viewers(self) -> list[QtTracePageViewer]:
        return list(self._viewers)

    def pin_page(self) -> bool:
        """Pin the selected page to the claim as captured, with the suggested stance and kind (one undo step)."""
        node, source = self.current_node(), self.current_source()
        if node is None or source is None or self._claim() is None:
            return False
        pinned = Source(**{**vars(source), "id": Source(url=source.url).id})  # a fresh id, the same capture
        try:
            self.document.push(PinSourceCommand(self.document, self.claim_id, pinned, suggested_stance(node)))
        except FactcheckError as exc:  # refused by core.editing: say why
            show_error(self, exc, "The page was not pinned")
            return False
        self.status_label.setText(f"Pinned \u201c{shown(source.display_title)}\u201d to the claim.")
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.cancel_all()
        super().closeEvent(event)


class QtTracePageViewer(QDialog):
    """A page of the trace as captured, with the passage that carries the claim highlighted."""

    def __init__(self, source: Source, span: tuple[int, int] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tracePageViewer")
        self.setAccessibleName("Captured text of a traced page")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(shown(source.display_title))
        title = QLabel(shown(source.display_title))
        title.setObjectName("tracePageTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        details = QLabel(shown(" \u00b7 ".join(part for part in (source.site, source.published[:10],
                                                                   source.final_url or source.url) if part)))
        details.setTextFormat(Qt.TextFormat.PlainText)
        details.setWordWrap(True)
        self.text_view = QPlainTextEdit()
        self.text_view.setObjectName("tracePageText")
        self.text_view.setAccessibleName("Captured text")
        self.text_view.setReadOnly(True)
        # Hidden characters marked one for one, so the offsets of the passage still hold.
        self.text_view.setPlainText(mask_invisible(source.text)
                                    or "No text was captured from this page. Open it in the browser.")
        self.highlighted = ""
        if span is not None:
            index = Utf16Index(source.text)
            start, end = index.to_utf16(span[0]), index.to_utf16(span[1])
            selection = QTextEdit.ExtraSelection()
            selection.format = QTextCharFormat()
            selection.format.setBackground(QColor("#ffe08a"))
            selection.format.setForeground(QColor("#000000"))
            cursor = QTextCursor(self.text_view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            self.text_view.setExtraSelections([selection])
            self.highlighted = source.text[span[0]:span[1]]
            at_passage = QTextCursor(self.text_view.document())
            at_passage.setPosition(start)
            self.text_view.setTextCursor(at_passage)
            self.text_view.centerCursor()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(details)
        layout.addWidget(self.text_view, 1)
        self.resize(640, 480)


def _spin(name: str, accessible: str, low: int, high: int, value: int, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setAccessibleName(accessible)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(tip)
    return spin


def _button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    button.clicked.connect(lambda: slot())
    return button
