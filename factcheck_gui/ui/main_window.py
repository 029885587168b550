"""The main window: panels, their layout and their wiring. No domain rules live here.

Its commands are declared in :mod:`~factcheck_gui.ui.actions` (menus, keys, enable rules);
what the keys do to the open article in :mod:`~factcheck_gui.ui.marking`, with the rules
in :mod:`factcheck_gui.core.navigation`; imports in :mod:`~factcheck_gui.ui.import_flow`
and :mod:`~factcheck_gui.ui.drop_import`; pane sizes in :mod:`~factcheck_gui.ui.window_layout`.

Layout: the library on the left, the article in the centre, then a splitter with the claims
list above the claim editor (more claim panels are added below it with
:meth:`QtMainWindow.add_claim_panel`), and on the right the current claim's sources.

Other panels follow the open article through :data:`QtMainWindow.document_changed`
(a :class:`~factcheck_gui.ui.document.QtArticleDocument`, or None) and the document's
own signals, e.g. ``current_claim_changed``.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from factcheck_gui import APP_NAME, __version__
from factcheck_gui.core.collector import settle, window_policy_in_use
from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.model import Article
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.store.library import ArticleSummary, Library
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.actions import ActionState, action_table, build_actions, build_menus, update_enabled
from factcheck_gui.ui.claims_panel import QtClaimsPanel
from factcheck_gui.ui.commands import EditMetaCommand, RenameArticleCommand
from factcheck_gui.ui.contrast import ensure_field_borders, ensure_readable_palette
from factcheck_gui.ui.document import QtArticleDocument
from factcheck_gui.ui.document_banners import QtDocumentBanners
from factcheck_gui.ui.drop_import import QtDropImport
from factcheck_gui.ui.errors import show_error, show_message
from factcheck_gui.ui.import_flow import QtImportFlow
from factcheck_gui.ui.library_lookup import QtLibraryLookup
from factcheck_gui.ui.library_panel import QtLibraryPanel
from factcheck_gui.ui.marking import QtMarking
from factcheck_gui.ui.richtext import shown
from factcheck_gui.ui.status_line import QtStatusLine
from factcheck_gui.ui.sync_flow import QtSyncFlow
from factcheck_gui.ui.window_keys import QtTypingShortcuts
from factcheck_gui.ui.window_layout import QtPaneLayout

if TYPE_CHECKING:  # imported when first needed: they are not part of the first frame
    from PySide6.QtGui import QUndoCommand

    from factcheck_gui.ui.claim_editor import QtClaimEditor
    from factcheck_gui.ui.import_dialog import ImportRequest, QtImportDialog
    from factcheck_gui.ui.metadata_dialog import QtMetadataDialog
    from factcheck_gui.ui.seen_before_panel import QtSeenBeforePanel
    from factcheck_gui.ui.sources_panel import QtSourcesPanel
    from factcheck_gui.ui.tasks import QtTaskRunner

__all__ = ["QtMainWindow", "default_settings_path"]

SETTINGS_FILE_NAME = "window.ini"
SETTLE_DELAY_MS = 1000  # after an article is opened or closed: painted, its claims too; not while fetches land


def default_settings_path() -> Path:
    """Where the window remembers its geometry: the per-user config folder (never the library,
    which may be shared). Computed on each call, so a redirected XDG_CONFIG_HOME is honoured."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE_NAME


class QtMainWindow(QMainWindow):
    """The application window for one library folder."""

    document_changed = Signal(object)  # QtArticleDocument or None: another article was opened

    def __init__(
        self,
        library: Library,
        *,
        scale: VerdictScale = DEFAULT_SCALE,
        settings_path: Path | None = None,
        autosave_delay_ms: int = 800,
        retry_delay_ms: int = 5000,
        defer_claim_panels: bool = False,
        check_library_after_paint: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """With *defer_claim_panels*, the claim editor and the sources panel are built (and their
        modules imported) just after the article's first paint, so the window shows sooner; any
        use of :attr:`claim_editor` or :attr:`sources_panel` before then builds them at once.
        With *check_library_after_paint*, the library list first shows what the index holds and the
        article files are compared with it just after the first paint (:meth:`check_library`): in a
        library of 10,000 articles, a ``stat`` of each is ~40 ms the first frame does not wait for."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("factcheck-gui")
        self.library = library
        self.scale = scale
        self.autosave_delay_ms = autosave_delay_ms
        self.retry_delay_ms = retry_delay_ms
        self.settings_path = Path(settings_path) if settings_path else default_settings_path()
        self.settings = QSettings(str(self.settings_path), QSettings.Format.IniFormat, self)
        self.document: QtArticleDocument | None = None
        self._runner: QtTaskRunner | None = None
        self._claim_editor: QtClaimEditor | None = None
        self._sources_panel: QtSourcesPanel | None = None
        self._seen_before_panel: QtSeenBeforePanel | None = None
        self._claim_panels_pending = defer_claim_panels
        self._library_check_pending = check_library_after_paint
        self.undo_group = QUndoGroup(self)
        self._action_specs = action_table(scale)
        self._actions: dict[str, QAction] = {}  # by ActionSpec.id; see action()
        self._closing = False
        ensure_readable_palette()  # links and quiet text readable in a dark theme too
        ensure_field_borders()  # text fields stand out from the window (Fusion draws them at 1.2:1 in a dark theme)

        self.lookup = QtLibraryLookup(self)  # import of earlier fact-checks, library search, showing what they found
        self._build_panels()
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.sync_flow = QtSyncFlow(self)  # File › Sync, its status-bar field, the conflicts dialog
        from factcheck_gui.ui.text_versions import QtTextVersions

        self.text_versions = QtTextVersions(self)  # correct, re-fetch, versions, attach (issue 16)
        if not defer_claim_panels:
            self.build_claim_panels()
        self.article_view.viewport().installEventFilter(self)  # its first paint builds the claim panels
        self.imports = QtImportFlow(self.library, lambda: self.runner, self.statusBar(), self)
        self.imports.imported.connect(lambda article, ask: self.add_imported_article(article, ask_details=ask))
        self._drops = QtDropImport(self)
        self._drops.watch(self)
        self._drops.watch(self.article_view.viewport())  # drops onto the article import too
        self._drops.dropped.connect(self.import_requests)
        self._typing_shortcuts = QtTypingShortcuts(self, [(spec, self._actions[spec.id]) for spec in self._action_specs])
        self._library_refresh_timer = QTimer(self)
        self._library_refresh_timer.setSingleShot(True)
        self._library_refresh_timer.setInterval(600)
        self._library_refresh_timer.timeout.connect(self.library_panel.refresh)
        # Once an article is open (or closed) and painted: one full collection, then what lives as long
        # as it is kept out of later ones (core.collector.settle; a no-op unless app.main chose the policy).
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(SETTLE_DELAY_MS)
        self._settle_timer.timeout.connect(self._settle_when_idle)
        from factcheck_gui.ui.index_build import QtIndexBuild

        self.index_build = QtIndexBuild(self.library, lambda: self.runner, self.statusBar(), self)
        self.library_panel.index_needed.connect(self.index_build.start)  # a big library: indexed in the background
        self.index_build.finished.connect(self._on_index_built)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_application_state_changed)
        self.library_panel.refresh(check_files=not self._library_check_pending)
        self._update_window()
        self.restore_layout()
        name_parts(self)
        self.article_view.setFocus()  # where the keyboard starts: J selects the first sentence

    # -- building ------------------------------------------------------------------------------

    def _build_panels(self) -> None:
        from factcheck_gui.ui.article_view import QtArticleView

        self.library_panel = QtLibraryPanel(self.library, self.scale)
        self.library_panel.open_requested.connect(self.open_article)
        self.library_panel.rename_requested.connect(self.rename_article)
        self.library_panel.import_requested.connect(lambda: self.show_import_dialog())
        self.library_panel.article_deleting.connect(self._on_article_deleting)
        self.library_panel.articles_changed.connect(self._on_articles_changed)

        self.article_view = QtArticleView()
        if not self.article_view.objectName():
            self.article_view.setObjectName("articleView")
        if not self.article_view.accessibleName():
            self.article_view.setAccessibleName("Article text")
        self.article_view.link_activated.connect(self._on_link_activated)

        self.article_header = QLabel()
        self.article_header.setObjectName("articleHeader")
        self.article_header.setAccessibleName("Article details")
        self.article_header.setTextFormat(Qt.TextFormat.RichText)
        self.article_header.setWordWrap(True)
        self.article_header.linkActivated.connect(lambda _link: self.edit_article_details())

        self.banners = QtDocumentBanners(self)
        self.banners.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.conflict_banner, self.save_error_banner, self.read_only_banner = self.banners.widgets()

        center = QWidget()
        center.setObjectName("articlePane")
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.article_header)
        center_layout.addWidget(self.article_view, 1)

        self.claims_panel = QtClaimsPanel()
        self.marking = QtMarking(self.article_view, self.claims_panel, self.statusBar(), self.scale, self)
        self.marking.changed.connect(self._update_actions)
        self.marking.selection_text_changed.connect(self._set_selection_text)

        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.setObjectName("sideSplitter")
        self.side_splitter.setChildrenCollapsible(True)
        self.side_splitter.addWidget(self.claims_panel)
        # The claim editor below the claims (more panels: add_claim_panel()), and in a column of their
        # own the current claim's sources over what the library has seen before, so the editor and two
        # source cards show whole on a 1366x768 screen. Until build_claim_panels() runs, empty widgets
        # hold their places, so the splitters' restored sizes are theirs.
        editor_placeholder = QWidget()
        editor_placeholder.setObjectName("claimEditorPlaceholder")
        self.add_claim_panel(editor_placeholder)
        self.sources_column = QSplitter(Qt.Orientation.Vertical)
        self.sources_column.setObjectName("sourcesColumn")
        self.sources_column.setChildrenCollapsible(True)
        for object_name, stretch in (("sourcesPanelPlaceholder", 3), ("seenBeforePlaceholder", 1)):
            placeholder = QWidget()
            placeholder.setObjectName(object_name)
            self.sources_column.addWidget(placeholder)
            self.sources_column.setStretchFactor(self.sources_column.count() - 1, stretch)

        self.panes = QtPaneLayout(self, self.library_panel, center, self.side_splitter, self.sources_column)
        self.panes.busy = lambda: self._sources_panel is not None and self._sources_panel.is_busy()  # fits paced
        self.main_splitter = self.panes.main_splitter

        root = QWidget()
        root.setObjectName("centralWidget")
        layout = QVBoxLayout(root)
        layout.setContentsMargins(6, 6, 6, 0)
        for banner in self.banners.widgets():
            layout.addWidget(banner)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(root)

    def build_claim_panels(self) -> None:
        """Build the claim editor and the sources panel in their places (once; see ``defer_claim_panels``)."""
        if self._claim_editor is not None:
            return
        self._claim_panels_pending = False
        from factcheck_gui.ui.claim_editor import QtClaimEditor
        from factcheck_gui.ui.seen_before_panel import QtSeenBeforePanel
        from factcheck_gui.ui.sources_panel import QtSourcesPanel

        editor = QtClaimEditor()
        editor.mark_requested.connect(self.mark_claim)
        editor.delete_requested.connect(self.delete_claim)
        editor.escape_pressed.connect(self.focus_article)
        editor.history_requested.connect(self.sync_flow.find_history)
        editor.set_conflict_marks(self.sync_flow.conflict_marks)
        sources = QtSourcesPanel(runner=self.runner)
        # Escape in the sources (e.g. the address field after S) gives the article the keyboard back, as in the editor.
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), sources, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.focus_article)
        self._claim_editor, self._sources_panel = editor, sources
        seen = QtSeenBeforePanel(self.library, self.runner, self.scale)
        seen.pin_requested.connect(lambda url: sources.fetch_and_pin(url, "context"))
        seen.open_requested.connect(self.lookup.show_hit)
        self._seen_before_panel = seen
        for index, panel in ((0, sources), (1, seen)):
            placeholder = self.sources_column.replaceWidget(index, panel)  # keeps the restored size
            if placeholder is not None:
                placeholder.deleteLater()
        self.panes.set_claim_panels(editor, editor.content_widget())  # in its placeholder's size
        self.panes.set_seen_before(seen)  # a strip under the sources, so two source cards show whole
        self.side_splitter.setStretchFactor(1, 1)
        self.document_changed.connect(sources.set_document)
        self.document_changed.connect(seen.set_document)
        document = self.document
        editor.set_document(document)
        sources.set_document(document)
        seen.set_document(document)
        span = self.marking.selection
        if document is not None and span is not None and document.current_claim is None:
            editor.set_selection_text(document.article.text[span[0]:span[1]])
        name_parts(self.side_splitter)
        name_parts(sources)

    @property
    def claim_editor(self) -> QtClaimEditor:
        """The current claim's verdict, rationale and claimant (built on first use)."""
        self.build_claim_panels()
        assert self._claim_editor is not None
        return self._claim_editor

    @property
    def sources_panel(self) -> QtSourcesPanel:
        """The current claim's sources (built on first use)."""
        self.build_claim_panels()
        assert self._sources_panel is not None
        return self._sources_panel

    @property
    def seen_before_panel(self) -> QtSeenBeforePanel:
        """Seen before?: the current claim's matches among earlier claims and imported reviews (built on first use)."""
        self.build_claim_panels()
        assert self._seen_before_panel is not None
        return self._seen_before_panel

    @property
    def runner(self) -> QtTaskRunner:
        """Runs the window's background work (imports, fetches) on the task pool."""
        if self._runner is None:
            from factcheck_gui.ui.tasks import QtTaskRunner

            self._runner = QtTaskRunner(self)
        return self._runner

    def _set_selection_text(self, text: str | None) -> None:
        """Tell the claim editor what is selected (nothing to do before it is built)."""
        if self._claim_editor is not None:
            self._claim_editor.set_selection_text(text)

    def add_claim_panel(self, widget: QWidget, stretch: int = 1) -> None:
        """Add a panel below the claim editor (e.g. the current claim's sources).

        Call it before the window is shown, so the restored splitter sizes include it.
        The panel follows the window's :data:`document_changed` and the document's
        ``current_claim_changed``; it edits through ``document.push(command)``.
        """
        self.side_splitter.addWidget(widget)
        self.side_splitter.setStretchFactor(self.side_splitter.count() - 1, stretch)

    def _build_actions(self) -> None:
        """The commands of ui/actions.py as QActions on the window."""
        self._actions = build_actions(self, self._action_specs)
        self.panes.library_action = self._actions["show_library"]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setObjectName("menuBar")
        bar.setAccessibleName("Menu bar")
        build_menus(bar, self._action_specs, self._actions)

    def action(self, action_id: str) -> QAction:
        """The window's QAction for the command *action_id* (an ``ActionSpec.id`` of ui/actions.py)."""
        return self._actions[action_id]

    def _build_status_bar(self) -> None:
        self.statusBar().setObjectName("statusBar")
        self.status_line = QtStatusLine(self.statusBar(), self.scale)
        self.progress_label, self.save_state_label = self.status_line.progress_label, self.status_line.save_state_label

    # -- settings --------------------------------------------------------------------------

    def restore_layout(self) -> None:
        """Window geometry and splitter positions as they were (defaults the first time)."""
        self.panes.restore(self.settings)

    def save_layout(self) -> None:
        self.panes.save(self.settings)

    # -- opening articles ------------------------------------------------------------------

    def open_article(self, article_id: str) -> bool:
        """Open the article with *article_id* (saving the one that is open). True if it is open now."""
        if self.document is not None and self.document.article_id == article_id:
            return True
        if not self.release_document():
            self.library_panel.select(self.document.article_id if self.document else None)
            return False
        try:
            handle = self.library.open(article_id)
        except FactcheckError as exc:
            show_error(self, exc, "The article could not be opened")
            self.library_panel.refresh()
            return False
        document = QtArticleDocument(self.library, handle, scale=self.scale, autosave_delay_ms=self.autosave_delay_ms,
                                     retry_delay_ms=self.retry_delay_ms, parent=self)
        self._set_document(document)
        return True

    def open_most_recent(self) -> bool:
        """Open the most recently edited article of the library (the sample on the first run)."""
        summaries = self.library_panel.model.summaries()
        latest = max(summaries, key=attrgetter("updated")) if summaries else None  # in C: a lambda was ~2 ms of a start
        if self._library_check_pending and (latest is None or not self.library.files_as_indexed(latest.id)):
            # Its file changed or went since it was indexed, or the index listed none (articles may have
            # come since): list the files as they are.
            self.check_library()
            return self.open_most_recent()
        return self.open_article(latest.id) if latest is not None else False

    def check_library(self) -> None:
        """List the library as its files are, if they are not as the index holds them (once, after the first
        paint of a window made with ``check_library_after_paint``)."""
        if not self._library_check_pending:
            return
        self._library_check_pending = False
        # Without an index (a folder that cannot hold one) the first frame's list was read from the files.
        read_from_files = self.library.search_index() is None and not self.library.index_building
        if not read_from_files and not self.library.files_as_indexed():
            self.library_panel.refresh()

    def release_document(self) -> bool:
        """Save and close the open article. False if the user chose to stay because saving failed."""
        document = self.document
        if document is None:
            return True
        if not document.flush():
            if document.in_conflict:
                reason = "it was changed on disk by someone else, and you have not chosen which version to keep"
            else:
                reason = document.last_error or "saving failed"
            answer = QMessageBox.warning(
                self,
                "Changes not saved",
                f"Your latest changes to \u201c{document.article.title}\u201d are not saved: {reason}\n\n"
                "Stay here to keep them, or discard them.",
                QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return False
        self._set_document(None)
        return True

    def _set_document(self, document: QtArticleDocument | None) -> None:
        old = self.document
        if old is not None:
            old.close()
            self.undo_group.removeStack(old.undo_stack)
            old.deleteLater()
        self.document = document
        self.banners.set_document(document)
        if document is not None:
            self.undo_group.addStack(document.undo_stack)
            self.undo_group.setActiveStack(document.undo_stack)
            document.claims_changed.connect(self._on_claims_changed)
            document.claim_changed.connect(self._on_claim_changed)
            document.meta_changed.connect(self._update_window)
            document.dirty_changed.connect(self._update_save_state)
            document.saved.connect(self._on_saved)
            document.save_failed.connect(self._update_save_state)
            document.conflict_detected.connect(self._update_save_state)
            document.reloaded.connect(self._on_reloaded)
            document.current_claim_changed.connect(self.panes.fit_soon)  # the claim editor shows whole
            document.claim_changed.connect(self.panes.fit_soon)  # e.g. a verdict's bold label is wider
        self.marking.set_document(document)
        self.claims_panel.set_document(document)
        if self._claim_editor is not None:  # else it takes the document when it is built
            self._claim_editor.set_document(document)
            self._claim_editor.set_selection_text(None)
        self.library_panel.set_open_id(document.article_id if document else None)
        self._update_window()
        self.document_changed.emit(document)
        if window_policy_in_use():
            self._settle_timer.start()

    def _settle_when_idle(self) -> None:
        """core.collector.settle (a full collection, tens of ms with a big article), but not while
        fetches land or a save runs: then again a little later."""
        busy = self._sources_panel is not None and self._sources_panel.is_busy()
        if busy or (self.document is not None and self.document.is_saving):
            self._settle_timer.start()
            return
        settle()

    def _on_article_deleting(self, article_id: str) -> None:
        if self.document is not None and self.document.article_id == article_id:
            self.document.flush()
            self._set_document(None)

    def _on_articles_changed(self) -> None:
        if self.document is None:
            self.open_most_recent()

    # -- selection and the current claim ---------------------------------------------------

    def _on_claims_changed(self, *_args: object) -> None:
        came_or_went = self.document.claims_came_or_went if self.document is not None else None
        self._after_claims_changed(sorted(came_or_went) if came_or_went is not None else None)

    def _on_claim_changed(self, claim_id: str) -> None:
        self._after_claims_changed([claim_id])  # one claim's verdict or fields: only it is painted again

    def _after_claims_changed(self, claim_ids: list[str] | None) -> None:
        self.statusBar().clearMessage()  # e.g. "There are no claims yet." is stale now
        self.article_view.refresh_claims(claim_ids)
        self._update_status(claim_ids)
        if self.document is not None:  # the library row counts the claims in memory, saved or not yet
            self.library_panel.update_summary(self._summary_of_open_article())
        self._update_actions()

    def _summary_of_open_article(self) -> ArticleSummary:
        """The open article's library row, its counts taken from the status bar's, which are kept
        claim by claim (a Counter over 5,000 claims was ~3 ms of each key press, issue 17)."""
        assert self.document is not None
        counts = self.status_line.counts()
        if counts is None:
            return self.library.summary_of(self.document.handle)
        return self.library.summary_of(self.document.handle, verdict_counts=counts[0], status_counts=counts[1])

    def _on_link_activated(self, url: str) -> None:
        from factcheck_gui.ui.links import open_in_browser

        open_in_browser(url)

    # -- commands --------------------------------------------------------------------------

    def _editable_document(self) -> QtArticleDocument | None:
        return self.marking.editable_document()

    def _push(self, document: QtArticleDocument, command: QUndoCommand) -> None:
        self.marking.push(document, command)

    def mark_claim(self) -> None:
        """Turn the selected text into a claim."""
        self.marking.mark_claim()

    def set_verdict(self, key: str | None) -> None:
        """Give the current claim a verdict; with no current claim, mark the selection with it."""
        self.marking.set_verdict(key)

    def delete_claim(self) -> None:
        """Delete the current claim; in the library, Delete moves the selected article to the trash."""
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self.library_panel.table or self.library_panel.table.isAncestorOf(focus)):
            self.library_panel.delete_selected()
            return
        self.marking.delete_claim()

    def fetch_source(self) -> None:
        """Sources › Fetch source…: the web-address field of the current claim's sources."""
        document = self._editable_document()
        if document is None:
            return
        if document.current_claim is None:
            self.statusBar().showMessage("Select a claim first: sources are pinned to a claim.", 5000)
            return
        self.panes.reveal_sources()
        self.sources_panel.focus_url_field()

    def trace_claim(self) -> None:
        """Sources › Trace claim to its origin…: the trace view of the current claim."""
        from factcheck_gui.ui.trace_view import open_trace_view

        document = self._editable_document()
        if document is None or document.current_claim is None:
            self.statusBar().showMessage("Select a claim first: a trace follows a claim's sources.", 5000)
            return
        open_trace_view(self, document, document.current_claim.id, self.sources_panel.settings)

    def edit_article_details(self, *, intro: str = "") -> QtMetadataDialog | None:
        """Open the article details form (window-modal, not blocking); saving is one undo step."""
        document = self._editable_document()
        if document is None:
            return None
        from factcheck_gui.ui.metadata_dialog import QtMetadataDialog

        dialog = QtMetadataDialog(document.article.meta, self, intro=intro)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            if self.document is document:
                meta = dialog.meta()
                if meta != document.article.meta:
                    self._push(document, EditMetaCommand(document, meta))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def rename_article(self, article_id: str, title: str) -> None:
        """Change an article's title: undoable for the open article, saved at once for the others."""
        document = self.document
        if document is not None and document.article_id == article_id:
            if document.read_only:
                self.statusBar().showMessage("This article is open read-only.", 5000)
                return
            self._push(document, RenameArticleCommand(document, title))
            document.save()
            return
        try:
            self.library.rename(article_id, title)
        except FactcheckError as exc:
            show_error(self, exc, "The article was not renamed")
        self.library_panel.reread(article_id)
        self.library_panel.refresh()

    # -- navigation ------------------------------------------------------------------------

    def focus_article(self) -> None:
        self.article_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_library_filter(self) -> None:
        self._actions["show_library"].setChecked(True)
        self.library_panel.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library_panel.filter_edit.selectAll()

    # -- saving and conflicts --------------------------------------------------------------

    def _on_saved(self) -> None:
        document = self.document
        if document is None:
            return
        self.library_panel.update_summary(self._summary_of_open_article())
        self._update_save_state()

    def _on_reloaded(self) -> None:
        self.marking.reload()
        self._update_window()

    def _on_index_built(self, ok: bool) -> None:
        """The background build of the index is over: list the library, answer "Seen before?" again,
        and open the most recent article if none is open yet (the first start on a big library)."""
        if not ok:
            self.library_panel.read_limit = None  # no index to wait for: read the files
        self.library_panel.refresh()
        if self._seen_before_panel is not None:
            self._seen_before_panel.ask_again()
        if self.document is None:
            self.open_most_recent()

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.document is not None:
            self.document.check_for_conflict()
            self._library_refresh_timer.start()

    # -- import ----------------------------------------------------------------------------

    def show_import_dialog(self, tab: str = "url") -> QtImportDialog:
        """File › Import article…: the Import dialog on *tab* ("url", "text", "file")."""
        return self.imports.show_dialog(tab)

    def import_requests(self, requests: list[ImportRequest]) -> None:
        """Import in the background (dropped files and addresses); each lands in the library."""
        self.imports.import_requests(requests)

    def add_imported_article(self, article: Article, *, ask_details: bool = True) -> bool:
        """Put a freshly imported article into the library and open it; then offer its details."""
        try:
            handle = self.library.add(article, new_id_if_taken=True)  # an article file imported again
        except FactcheckError as exc:
            show_error(self, exc, "The article was not added to the library")
            return False
        self.library_panel.reread(handle.article.id)  # listed even while the index is built
        self.library_panel.refresh()
        self.statusBar().showMessage(f"Imported \u201c{shown(article.title)}\u201d.", 5000)
        if self.open_article(article.id) and ask_details:
            self.edit_article_details(
                intro="Check what the import found. You can change these details later with File \u203a Article details."
            )
        return True

    def show_library(self, shown: bool) -> None:
        """View › Show library: show or hide the library; shown, it gets back a width if it was collapsed."""
        self.panes.show_library(shown)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # the desktop's theme changed
            ensure_readable_palette()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._claim_panels_pending:  # should the article view not paint soon (no article, hidden)
            QTimer.singleShot(500, self, self.build_claim_panels)
        if self._library_check_pending:
            QTimer.singleShot(500, self, self.check_library)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.article_view.viewport():
            if self._claim_panels_pending and event.type() == QEvent.Type.Paint:
                self._claim_panels_pending = False
                QTimer.singleShot(0, self, self.build_claim_panels)  # once the first frame is on screen
            if self._library_check_pending and event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, self, self.check_library)  # (once: it clears the flag)
        return super().eventFilter(watched, event)

    # -- other commands --------------------------------------------------------------------

    def export_current(self) -> QDialog | None:
        """File › Export…: the export dialog for the open article (window-modal, not blocking)."""
        from factcheck_gui.ui.export_dialog import QtExportDialog

        if self.document is None:
            self.statusBar().showMessage("Open an article to export its fact-check.", 5000)
            return None
        dialog = QtExportDialog(self.document, self, prefs=self.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(
            lambda path, note: self.statusBar().showMessage(f"Exported to {path}. {note}".strip(), 8000)
        )
        dialog.open()
        return dialog

    def show_settings(self) -> QDialog:
        """Edit › Settings…: the library's settings (organisation, review address, fetching)."""
        from factcheck_gui.ui.settings_dialog import QtSettingsDialog

        dialog = QtSettingsDialog(self.library.root, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _settings: self.statusBar().showMessage("Settings saved.", 5000))
        dialog.saved.connect(lambda _settings: self.sync_flow.use_settings_author())
        dialog.open()
        return dialog

    def sync_library(self) -> bool:
        """File › Sync library: share the changes through git (see ui.sync_flow). False if it did not start."""
        return self.sync_flow.start()

    def open_library_folder(self) -> None:
        self.library.ensure_folders()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.articles_dir)))

    def show_about(self) -> QMessageBox:
        return show_message(
            self,
            "About factcheck-gui",
            f"factcheck-gui {__version__}\n\nTake a news article apart claim by claim: mark claims, give each a "
            "verdict and a rationale, pin sources, export the fact-check. Everything stays in local files.\n\n"
            f"Library folder: {self.library.root}",
            QMessageBox.Icon.Information,
            "aboutDialog",
        )

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(menu, command, keys) for every menu command, as the shortcuts dialog lists them."""
        from factcheck_gui.ui.shortcuts_dialog import shortcut_rows

        return shortcut_rows(self._action_specs)

    def show_shortcuts(self) -> QDialog:
        """Help › Keyboard shortcuts (not blocking)."""
        from factcheck_gui.ui.shortcuts_dialog import QtShortcutsDialog

        dialog = QtShortcutsDialog(self._action_specs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- window state ----------------------------------------------------------------------

    def _update_window(self) -> None:
        document = self.document
        if document is None:
            self.setWindowTitle(APP_NAME)
            self.article_header.setText("")
            self.article_header.hide()
        else:
            self.setWindowTitle(f"{shown(document.article.title)}[*] \u2014 {APP_NAME}")
            meta = document.article.meta
            parts = [p for p in (meta.publisher, meta.byline, meta.published[:10]) if p]
            details = " \u00b7 ".join(_escape(shown(p)) for p in parts) or "No publisher, byline or date yet"
            link = "" if document.read_only else ' \u00b7 <a href="#details">Edit details</a>'
            self.article_header.setText(f"{details}{link}")
            self.article_header.show()
        self._update_status()
        self._update_actions()
        self._update_save_state()

    def _update_status(self, claim_ids: list[str] | None = None) -> None:
        self.status_line.show_progress(self.document, claim_ids)

    def _update_save_state(self, *_args: object) -> None:
        self.status_line.show_save_state(self.document)
        self.setWindowModified(bool(self.document and self.document.is_dirty))

    def _update_actions(self) -> None:
        document = self.document
        editable = document is not None and not document.read_only
        state = ActionState(article_open=document is not None, editable=editable,
                            has_claim=editable and document is not None and document.current_claim is not None)
        update_enabled(self._action_specs, self._actions, state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        try:
            released = self.release_document()
        except Exception as exc:  # noqa: BLE001 - never close silently over unsaved work
            from factcheck_gui.ui.errors import log_exception

            log_exception(exc)
            released = QMessageBox.warning(
                self, "Changes not saved", "An error stopped saving your latest changes; it was logged.\n\n"
                "Stay here to keep them, or discard them.",
                QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel,
            ) == QMessageBox.StandardButton.Discard
        if not released:
            event.ignore()
            return
        self._closing = True
        if self._runner is not None:
            self._runner.cancel_all()
        self.save_layout()
        event.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

