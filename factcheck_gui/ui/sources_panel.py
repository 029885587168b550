"""The sources of the current claim: fetch and pin, source cards, candidate links, quote check.

The panel follows the document's current claim and composes its parts: the address field,
the fetch queue (:mod:`~factcheck_gui.ui.fetch_queue`), the source cards
(:mod:`~factcheck_gui.ui.source_card`), the quote check
(:mod:`~factcheck_gui.ui.quote_check_view`) and the article's own links
(:mod:`~factcheck_gui.ui.candidate_links`). Pasting a web address (or dropping a link, or
picking one of the article's own links) fetches it on the task runner's thread pool with
:mod:`factcheck_gui.fetching`, several at once. What a fetch returns is plain data; it is
applied on the GUI thread through an undo command (:mod:`factcheck_gui.ui.source_commands`),
so pinning is undoable and autosaved.

Hundreds of links dropped at once must not stall the window: pins that land together
refresh the panel once (at most one refresh per ``REFRESH_DELAY_MS``, whatever the document
signals meanwhile), a refresh updates only the cards whose source or pin changed (cards
are reused, never rebuilt for nothing), only the claim's first sources get a card until
more are asked for (scrolling to the end, or "Show more sources"), the claim's quotations
are searched for in the new source only, and the fetches reach the thread pool one per
pass of the event loop, with at most four progress rows. Choosing another claim shows it
at once.

A fetch remembers the document, article id and claim id it was started for. When it
lands, it pins to that claim if the same article is still open and the claim still
exists; otherwise it is dropped with a note. Switching articles cancels the fetches of
the old one.
"""

from __future__ import annotations

import copy
import functools
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.model import Claim, Evidence, Source, SourceKind, Stance
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.text import is_web_url, quoted
from factcheck_gui.fetching import ArchiveOutcome, archive_page, fetch_source
from factcheck_gui.store.library import Library
from factcheck_gui.ui.banner import QtBanner
from factcheck_gui.ui.candidate_links import QtCandidateLinks, QtCandidateRow
from factcheck_gui.ui.document import QtArticleDocument
from factcheck_gui.ui.errors import error_message
from factcheck_gui.ui.fetch_queue import QtFetchQueue
from factcheck_gui.ui.links import open_in_browser, urls_from_mime
from factcheck_gui.ui.quote_check_view import QtQuoteCheckView
from factcheck_gui.ui.richtext import shorten
from factcheck_gui.ui.source_card import QtSourceCard, QtSourceCards
from factcheck_gui.ui.source_commands import (
    EditEvidenceCommand,
    PinSourceCommand,
    SetSourceKindCommand,
    UnpinSourceCommand,
    UpdateSourceCommand,
)
from factcheck_gui.ui.source_viewer import QtSourceViewer
from factcheck_gui.ui.tasks import QtTaskRunner, TaskState
from factcheck_gui.ui.widgets import QtElidedLabel, hint_label, section_label

__all__ = ["QtSourcesPanel"]

REFRESH_DELAY_MS = 50  # pins, edits and document signals within this time refresh the panel once
QUOTE_CHECK_DELAY_MS = 400  # while fetches land, the quote check is shown again at most this often
NO_CLAIM_TEXT = "Select a claim to see its sources and pin new ones."
NO_SOURCES_TEXT = (
    "No sources pinned to this claim yet. Paste a web address above, drop a link here, "
    "or fetch one of the article's own links below."
)


@dataclass
class _Purpose:
    """What a task of the panel was started for: which pin, source and article it lands on."""

    what: str  # "pin", "refetch" or "archive"
    url: str
    document: QtArticleDocument
    article_id: str
    claim_id: str | None
    source_id: str | None = None
    stance: Stance = Stance.CONTEXT



def _fetch_task(url: str, settings: Settings, library: Library) -> Callable[[TaskState], Source]:
    """:func:`~factcheck_gui.fetching.fetch_source` as a task of the runner (runs on a worker thread)."""
    return lambda state: fetch_source(url, settings, library, cancel=state.cancel_token, progress=state.set_progress)


class QtSourcesPanel(QWidget):
    """Sources of the document's current claim. Give it a document with :meth:`set_document`."""

    source_pinned = Signal(str, str)  # claim id, source id: a fetch landed and was pinned
    fetch_failed = Signal(str)  # the message shown
    refreshed = Signal()  # the panel shows the current claim as it is now

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
        self._settings_read_at = 0.0  # when its state was last looked at
        self._refresh_timer = QTimer(self)  # one refresh for what happens within REFRESH_DELAY_MS
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._refreshed_at = 0.0  # time.monotonic() of the last refresh
        self._quote_timer = QTimer(self)  # while fetches land, the quote check follows at most every QUOTE_CHECK_DELAY_MS
        self._quote_timer.setSingleShot(True)
        self._quote_timer.timeout.connect(self._show_quote_check)
        self._quote_checked_at = 0.0
        self._pins_under_way: Counter[tuple[str, str | None]] = Counter()  # (address, claim id) of the fetches queued
        self._quote_claim: str | None = None  # the claim whose quote check is shown
        self._pushing = False  # an edit of the panel is under way: it refreshes once at its end
        self._status_text = ""  # what the status line says (shown at once, or with the next refresh)
        self._claim_text = ""
        self._session = 0
        self._failed: dict[str, Any] | None = None  # the last failed fetch, for "Pin anyway"
        self._viewers: list[QtSourceViewer] = []

        self.title_label = section_label("Sources", "sourcesTitleLabel")
        self.claim_label = QtElidedLabel(lines=2)  # the hint whole; more of the claim's words
        self.claim_label.setObjectName("sourcesClaimLabel")
        self.claim_label.setTextFormat(Qt.TextFormat.PlainText)
        self.claim_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("sourceUrlEdit")
        self.url_edit.setAccessibleName("Web address of a source")
        self.url_edit.setPlaceholderText("Web address of a source")  # whole in a narrow column
        self.url_edit.setToolTip("Paste or drop the web address of a source; Enter fetches it and pins it to the claim")
        self.url_edit.setClearButtonEnabled(True)
        self.url_edit.returnPressed.connect(self._fetch_typed)
        self.url_edit.textChanged.connect(self._update_fetch_button)
        self.fetch_button = QPushButton("Fetch and pin")
        self.fetch_button.setObjectName("fetchSourceButton")
        self.fetch_button.setAccessibleName("Fetch the web address and pin it to the claim")
        self.fetch_button.setToolTip("Fetch the page in the background and pin it to the current claim")
        self.fetch_button.clicked.connect(self._fetch_typed)

        self.progress_box = QtFetchQueue(self.runner)
        self.progress_box.landed.connect(self._land)
        self.progress_box.failed.connect(self._fail)
        self.progress_box.cancelled.connect(self._cancelled)

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

        # The scrolling part: cards, quote check, candidates.
        self.cards_box = QtSourceCards()
        self.cards_box.view_requested.connect(self.view_source)
        self.cards_box.open_requested.connect(self.open_source)
        self.cards_box.refetch_requested.connect(self.refetch_source)
        self.cards_box.archive_requested.connect(self.archive_source)
        self.cards_box.remove_requested.connect(self.unpin_source)
        self.cards_box.kind_chosen.connect(self.set_source_kind)
        self.cards_box.stance_chosen.connect(self.set_stance)
        self.cards_box.note_edited.connect(self.set_note)
        self.cards_box.note_entered.connect(self.new_edit_session)
        self.empty_label = hint_label(NO_SOURCES_TEXT, "noSourcesLabel")
        self.quote_check = QtQuoteCheckView()
        self.quote_check.passage_activated.connect(self._show_passage)
        self.candidates = QtCandidateLinks()
        self.candidates.fetch_requested.connect(self.fetch_and_pin)

        content = QWidget()
        content.setObjectName("sourcesContent")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 4, 0)
        content_layout.setSpacing(6)
        content_layout.addWidget(self.cards_box)
        content_layout.addWidget(self.empty_label)
        content_layout.addSpacing(6)
        content_layout.addWidget(self.quote_check)
        content_layout.addSpacing(6)
        content_layout.addWidget(self.candidates)
        content_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("sourcesScrollArea")
        self.scroll_area.setAccessibleName("Sources, candidates and quote check")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # A column narrower than a card (a small window, a large font) scrolls sideways; it cut the cards.
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setWidget(content)
        self.scroll_area.setMinimumHeight(self.fontMetrics().height() * 3)  # a short window scrolls the cards
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._on_scrolled)

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
        layout.addWidget(self.scroll_area, 1)
        layout.addStretch(0)  # with no claim (the scroll area hidden) the rest stays at the top, not spread out
        self.refresh()

    # -- document and settings -----------------------------------------------------------------

    def set_document(self, document: QtArticleDocument | None) -> None:
        """Show the sources of *document*'s current claim (None: no article). Cancels the old article's fetches."""
        if document is self.document:
            return
        if self.document is not None:
            old = self.document
            old.pace_updates(False)
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
            ("sources_changed", self.schedule_refresh),
            ("claims_changed", self.schedule_refresh),
            ("claim_changed", self._on_claim_changed),
            ("reloaded", self.schedule_refresh),
            ("destroyed", self._on_document_destroyed),
        ]

    def _drop_document(self, document: QtArticleDocument) -> None:
        """Cancel the fetches started for *document* and close its source viewers."""
        self.progress_box.drop(lambda purpose: purpose.document is document)
        self._pins_under_way = Counter((p.url, p.claim_id) for p in self._purposes() if p.what == "pin")
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
        if self._read_settings is not None and self.is_busy() and time.monotonic() - self._settings_read_at < 0.5:
            return copy.copy(self._read_settings[1])  # 500 links dropped at once: the file is looked at once
        self._settings_read_at = time.monotonic()
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
        self.cards_box.start_over()
        self.refresh()

    def _on_claim_changed(self, claim_id: str) -> None:
        if self.document is not None and claim_id == self.document.current_claim_id:
            self.schedule_refresh()

    def _on_scrolled(self, value: int) -> None:
        """Scrolled to the end of the cards: build the next ones."""
        more = self.cards_box.more_button
        if more.isVisible() and value >= self.scroll_area.verticalScrollBar().maximum() - more.height():
            self.cards_box.show_more()

    def new_edit_session(self) -> None:
        """Typing after this is a new undo step (a new visit of a note field, another claim)."""
        self._session += 1

    def schedule_refresh(self, *_args: object) -> None:
        """Refresh now, or, while fetches are under way, at most once per ``REFRESH_DELAY_MS``: pins
        that land together refresh the panel once, however many document signals they send."""
        if self._pushing:
            return  # the edit's end refreshes once
        if not self.progress_box.is_busy():
            self.refresh()
            return
        if self._refresh_timer.isActive():
            return
        waited = (time.monotonic() - self._refreshed_at) * 1000
        if waited >= REFRESH_DELAY_MS:
            self.refresh()
        else:
            self._refresh_timer.start(max(1, round(REFRESH_DELAY_MS - waited)))

    def refresh_pending(self) -> bool:
        """True while a refresh is scheduled and has not run yet."""
        return self._refresh_timer.isActive()

    def _flush(self) -> None:
        """Run a scheduled refresh now, so what the panel shows is up to date."""
        if self._refresh_timer.isActive():
            self.refresh()

    def refresh(self, *_args: object) -> None:
        """Show the current claim's sources, candidates and quote check, now.

        Only what changed is touched: a card whose source and pin are as shown stays as it
        is, a new pin adds one card. So refreshing again when nothing changed costs little.
        """
        self._refresh_timer.stop()
        self._refreshed_at = time.monotonic()
        claim = self.current_claim()
        article = self.document.article if self.document is not None else None
        has_claim = claim is not None and article is not None
        if claim is None or article is None:
            text = NO_CLAIM_TEXT if self.document is not None else "Open an article to pin sources."
        else:
            text = f"For {quoted(shorten(claim.exact, 300))}"
        if text != self._claim_text:
            self._claim_text = text
            self.claim_label.set_full_text(text)
        self.url_edit.setEnabled(has_claim and self._editable())
        self._update_fetch_button()
        pinned = self._pinned(claim)
        busy = {p.source_id: p.what for p in self._purposes() if p.source_id and p.what != "pin"}
        self.cards_box.show_sources(pinned, editable=self._editable(), busy=busy, at_once=not self.is_busy())
        self.empty_label.setVisible(claim is not None and not pinned)
        self._refresh_candidates(claim)
        self._quote_check_soon()
        self.scroll_area.setVisible(has_claim)
        self._show_status()
        self.refreshed.emit()

    def _quote_check_soon(self) -> None:
        """Show the quote check now; while fetches land, at most every ``QUOTE_CHECK_DELAY_MS`` (each
        check of a claim with hundreds of sources reads every pin again: ~4 ms)."""
        waited = (time.monotonic() - self._quote_checked_at) * 1000
        claim = self.current_claim()
        if not self.is_busy() or waited >= QUOTE_CHECK_DELAY_MS or self._quote_claim != (claim.id if claim else None):
            self._show_quote_check()
        elif not self._quote_timer.isActive():
            self._quote_timer.start(max(1, round(QUOTE_CHECK_DELAY_MS - waited)))

    def _show_quote_check(self) -> None:
        self._quote_timer.stop()
        self._quote_checked_at = time.monotonic()
        claim = self.current_claim()
        self._quote_claim = claim.id if claim is not None else None  # another claim is shown at once
        self.quote_check.show_claim(self.document.article if self.document is not None else None, claim)

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

    def _purposes(self) -> list[_Purpose]:
        return self.progress_box.purposes()

    def _refresh_candidates(self, claim: Claim | None) -> None:
        claim_id = claim.id if claim is not None else None
        fetching = {p.url for p in self._purposes() if p.what == "pin" and p.claim_id == claim_id}
        article = self.document.article if self.document is not None else None
        self.candidates.show_candidates(article, claim, fetching=fetching, editable=self._editable())

    def _show_passage(self, source_id: str, start: int, end: int) -> None:
        viewer = self.view_source(source_id)
        if viewer is not None:
            viewer.select_range(start, end)

    def cards(self) -> dict[str, QtSourceCard]:
        """The source cards built, by source id (for tests and the window); a scheduled refresh runs first."""
        self._flush()
        return self.cards_box.cards()

    def candidate_rows(self) -> list[QtCandidateRow]:
        self._flush()
        return self.candidates.rows()

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
        """Say *text* under the address field; while fetches land, with the next refresh (a new line
        per pin would lay the panel out again each time)."""
        self._status_text = text
        if self.progress_box.is_busy():
            self.schedule_refresh()
        else:
            self._show_status()

    def _show_status(self) -> None:
        """Show the status line. While fetches land it keeps the height it had (it only grows): a
        line per pin of one or two lines would resize the cards' scroll area, so every card would
        be laid out again at each refresh."""
        label = self.status_label
        if self.progress_box.is_busy():
            if label.isVisible():
                label.setMinimumHeight(max(label.minimumHeight(), label.height()))
        elif label.minimumHeight():
            label.setMinimumHeight(0)
        if self._status_text != label.text():
            label.setText(self._status_text)
        shown = bool(self._status_text) or bool(label.minimumHeight())
        if label.isHidden() == shown:  # also once a burst is over: an empty line held open is hidden
            label.setVisible(shown)

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
        document, claim = self.document, self.current_claim()
        if not self._can_pin(document, claim):
            return False
        assert document is not None and claim is not None
        return self._start_pin(document, claim, url, stance)

    def fetch_and_pin_all(self, urls: list[str], stance: Stance | str = Stance.CONTEXT) -> bool:
        """:meth:`fetch_and_pin` each of *urls* (links dropped on the panel), to the current claim.

        The fetches are started ``START_SLICE`` per pass of the event loop (500 links dropped do
        not stall the window while they are checked and queued); the ones not started yet are
        counted in the progress box and "Cancel all" cancels them too. False if none will be.
        """
        document, claim = self.document, self.current_claim()
        if not self._can_pin(document, claim):
            return False
        assert document is not None and claim is not None
        claim_id = claim.id

        def start(url: str) -> None:
            if self.document is not document:
                return
            try:
                pinned_to = document.article.claim(claim_id)
            except KeyError:  # deleted meanwhile (an article switched drops the starts: see set_document)
                return
            self._start_pin(document, pinned_to, url, stance)

        self.progress_box.start_later([
            (_Purpose("pin", url, document, document.article_id, claim_id, stance=Stance(stance)),
             functools.partial(start, url))
            for url in urls
        ])
        return True

    def _can_pin(self, document: QtArticleDocument | None, claim: Claim | None) -> bool:
        if document is None or claim is None:
            self.show_message("Select a claim first: a source is pinned to the claim it supports or refutes.")
            return False
        if document.read_only:
            self.show_message(document.read_only_reason or "This article is open read-only.")
            return False
        return True

    def _start_pin(self, document: QtArticleDocument, claim: Claim, url: str, stance: Stance | str) -> bool:
        from factcheck_gui.net.errors import BadUrlError
        from factcheck_gui.net.urls import host_of, normalize_url

        try:
            normalized = normalize_url(url)
        except BadUrlError as exc:
            self.show_message(str(exc))
            return False
        self.clear_message()
        existing = document.article.source_by_url(normalized) or document.article.source_by_url(url.strip())
        if existing is not None and not existing.error:
            if any(e.source_id == existing.id for e in claim.evidence):
                self._set_status(f"\u201c{shorten(existing.display_title, 80)}\u201d is already pinned to this claim.")
                return True
            self._push(PinSourceCommand(document, claim.id, existing, stance))
            self._set_status(
                f"\u201c{shorten(existing.display_title, 80)}\u201d was already fetched for another claim; "
                "it is pinned to this one too."
            )
            self.source_pinned.emit(claim.id, existing.id)
            return True
        if self._pins_under_way[(normalized, claim.id)]:
            self._set_status(f"{normalized} is already being fetched for this claim.")
            return True
        busy = self.is_busy()
        self._set_status("")
        purpose = _Purpose("pin", normalized, document, document.article_id, claim.id, stance=Stance(stance))
        self.progress_box.start(_fetch_task(normalized, self.settings(), document.library), purpose,
                                f"Fetching {host_of(normalized) or normalized}")
        self._pins_under_way[(normalized, claim.id)] += 1
        document.pace_updates(True)  # while pins land, the window's panels refresh at a pace, not per pin
        if busy:
            self.schedule_refresh()  # 500 links dropped at once: the candidates are shown again once
        else:
            self._refresh_candidates(claim)
        return True

    def refetch_source(self, source_id: str) -> bool:
        """Fetch a source again; its capture (text, hash, status...) is replaced, undoably."""
        document = self.document
        source = self._source(source_id)
        if document is None or source is None or not self._editable():
            return False
        self.clear_message()
        purpose = _Purpose("refetch", source.url, document, document.article_id, None, source_id)
        self.progress_box.start(_fetch_task(source.url, self.settings(), document.library), purpose,
                                f"Fetching again \u201c{shorten(source.display_title, 40)}\u201d",
                                kind=f"sources:refetch:{source_id}")
        self.schedule_refresh()
        return True

    def archive_source(self, source_id: str) -> bool:
        """Ask the Internet Archive for a copy of the source and record where it is."""
        document = self.document
        source = self._source(source_id)
        if document is None or source is None or not self._editable():
            return False
        self.clear_message()
        url, settings = source.final_url or source.url, self.settings()

        def job(state: TaskState) -> ArchiveOutcome:  # on a worker thread
            return archive_page(url, settings, cancel=state.cancel_token, progress=state.set_progress)

        purpose = _Purpose("archive", url, document, document.article_id, None, source_id)
        self.progress_box.start(job, purpose, f"Archiving \u201c{shorten(source.display_title, 40)}\u201d",
                                kind=f"sources:archive:{source_id}")
        self.schedule_refresh()
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

    def cancel_all(self) -> None:
        """Cancel every fetch and archive request under way; nothing of them is saved."""
        self.progress_box.cancel_all()

    def is_busy(self) -> bool:
        """True while a fetch or archive request of the panel runs."""
        return self.progress_box.is_busy()

    def _still_open(self, purpose: _Purpose) -> bool:
        """The fetch's article is still the open one (not closed, switched or reloaded away)."""
        return self.document is purpose.document and purpose.document.article_id == purpose.article_id

    # -- outcomes (GUI thread) ---------------------------------------------------------------

    def _ended(self, purpose: _Purpose) -> None:
        """*purpose*'s task left the queue (landed, failed or cancelled)."""
        if purpose.what == "pin":
            key = (purpose.url, purpose.claim_id)
            self._pins_under_way[key] -= 1
            if self._pins_under_way[key] <= 0:
                del self._pins_under_way[key]

    def _end_pacing(self) -> None:
        """The last fetch ended: the document's signals go out at once again (see ``pace_updates``)."""
        if self.document is not None and not self.progress_box.is_busy():
            self.document.pace_updates(False)

    def _land(self, purpose: _Purpose, value: object) -> None:
        self._ended(purpose)
        if not self._still_open(purpose):
            return  # the article was closed or another one opened: the result is stale
        document = purpose.document
        self._end_pacing()  # the last pin of a burst updates the window at once
        if purpose.what == "pin":
            assert isinstance(value, Source) and purpose.claim_id is not None
            try:
                document.article.claim(purpose.claim_id)
            except KeyError:
                self._set_status(
                    f"{purpose.url} was fetched, but the claim it was meant for was deleted meanwhile, "
                    "so it was not pinned."
                )
                self.schedule_refresh()
                return
            if self._push(PinSourceCommand(document, purpose.claim_id, value, purpose.stance)):
                pinned = document.article.source_by_url(value.url) or value
                where = "" if purpose.claim_id == document.current_claim_id else " (to the claim it was fetched for)"
                self._set_status(f"Pinned \u201c{shorten(pinned.display_title, 80)}\u201d{where}.")
                self.source_pinned.emit(purpose.claim_id, pinned.id)
        elif purpose.what == "refetch":
            assert isinstance(value, Source) and purpose.source_id is not None
            if self._source(purpose.source_id) is not None:
                self._push(UpdateSourceCommand.refetched(document, purpose.source_id, value))
                self._set_status(f"Fetched again: \u201c{shorten(value.display_title, 80)}\u201d.")
        elif purpose.what == "archive":
            assert isinstance(value, ArchiveOutcome) and purpose.source_id is not None
            if self._source(purpose.source_id) is not None:
                self._push(UpdateSourceCommand.archived(document, purpose.source_id, value.archive_url,
                                                        value.archived_at))
                if value.saved_now:
                    self._set_status(f"Archived: the Internet Archive keeps a copy at {value.archive_url}.")
                else:
                    self._set_status(
                        f"The Internet Archive did not save a new copy ({value.note}) An existing copy "
                        f"was recorded instead: {value.archive_url}."
                    )
        self.schedule_refresh()

    def _fail(self, purpose: _Purpose, exc: BaseException) -> None:
        self._ended(purpose)
        if not self._still_open(purpose):
            return
        self._end_pacing()
        message = error_message(exc)
        failed = None
        if purpose.what == "pin":
            text = f"Could not fetch {purpose.url}. {message}"
            failed = {"url": purpose.url, "error": exc, "document": purpose.document,
                      "article_id": purpose.article_id, "claim_id": purpose.claim_id, "stance": purpose.stance}
        elif purpose.what == "refetch":
            text = f"Could not fetch {purpose.url} again; the earlier capture is kept. {message}"
        else:
            text = f"Could not archive {purpose.url}. {message}"
        self.show_message(text, failed=failed if isinstance(exc, FactcheckError) else None)
        self.fetch_failed.emit(text)
        self.schedule_refresh()

    def _cancelled(self, purpose: _Purpose) -> None:
        self._ended(purpose)
        if not self._still_open(purpose):
            return
        self._end_pacing()
        what = {"pin": "Fetching", "refetch": "Fetching again", "archive": "Archiving"}[purpose.what]
        self._set_status(f"{what} {purpose.url} was cancelled. Nothing was saved.")
        self.schedule_refresh()

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

    def _push(self, command: object) -> bool:
        assert self.document is not None
        self._pushing = True  # a pin changes the claim and the sources: one update, not one per signal
        try:
            self.document.push(command)  # type: ignore[arg-type]
        except FactcheckError as exc:
            self.show_message(str(exc))
            return False
        finally:
            self._pushing = False
            self.schedule_refresh()
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
        if not is_web_url(url):
            self.show_message(
                f"\u201c{shorten(url, 80)}\u201d is not a web address (http:// or https://), so it was not opened."
            )
            return False
        return open_in_browser(url)

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
        self._take_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        self._take_drag(event)

    def _take_drag(self, event: QDragMoveEvent) -> None:
        """Accept dragged links while a claim that can be changed is shown."""
        if self.current_claim() is not None and self._editable() and urls_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        urls = urls_from_mime(event.mimeData())
        if not urls:
            event.ignore()
            return
        event.acceptProposedAction()
        self.fetch_and_pin_all(urls)
