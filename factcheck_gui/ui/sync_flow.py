"""File › Sync: the library shared through git, from the window.

:class:`QtSyncFlow` saves the open article, runs :func:`factcheck_gui.sync.sync` on the
task runner (progress in the status bar), takes the merged article in afterwards, keeps a
status-bar field up to date (changes to send and to receive, the last sync) and opens
:class:`QtConflictsDialog` when conflicts wait: each shows mine and theirs, and the choice
is applied through :func:`factcheck_gui.sync.resolve` (``core.editing``) and shared by
the next sync.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui import sync
from factcheck_gui.core.authors import author_name, use_author
from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.merge import Conflict
from factcheck_gui.store.settings import load_settings
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.errors import show_error

if TYPE_CHECKING:
    from factcheck_gui.ui.main_window import QtMainWindow
    from factcheck_gui.ui.tasks import TaskState

__all__ = ["QtConflictsDialog", "QtSyncFlow", "sync_status_text"]


def sync_status_text(status: sync.SyncStatus) -> str:
    """What the status bar says about sharing ("" for a library that is not shared)."""
    if not status.shared:
        return ""
    parts = []
    if status.ahead or status.changed:
        parts.append(f"{status.ahead} to send" if status.ahead else "changes to send")
    if status.behind:
        parts.append(f"{status.behind} to receive")
    if status.conflicts:
        parts.append(f"{status.conflicts} conflict{'s' if status.conflicts != 1 else ''}")
    if status.waiting:
        parts.append(f"{len(status.waiting)} conflict{'s' if len(status.waiting) != 1 else ''} waiting for others")
    when = status.last_sync.replace("T", " ").removesuffix("Z")[:16] + " UTC" if status.last_sync else "never"
    state = ", ".join(parts) if parts else "up to date"
    return f"Shared: {state} \u00b7 last sync {when}"


def _brief(value: Any, limit: int = 120) -> str:
    text = _shown(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def conflict_marks(status: sync.SyncStatus) -> dict[tuple[str, str], list[str]]:
    """(article id, claim id) -> what the claim editor says of the conflicts waiting on that claim: one's own
    (to settle in the conflicts dialog) and those someone else's sync met (their value is in the file)."""
    marks: dict[tuple[str, str], list[str]] = {}
    for conflict in status.open:
        marks.setdefault((conflict.article_id, conflict.claim_id), []).append(
            f"Sync conflict on {conflict.field}: yours ({_brief(conflict.mine)}) is kept until you choose; theirs is "
            f"{_brief(conflict.theirs)}. Choose in File \u203a Sync library's conflicts dialog.")
    for waiting in status.waiting:
        who = author_name(waiting.met_by) or "someone"
        marks.setdefault((waiting.article_id, waiting.claim_id), []).append(
            f"Sync conflict on {waiting.field}, waiting for {who}: {_brief(waiting.kept)} is in the file until "
            f"{who} chooses between it and {_brief(waiting.other)}.")
    return marks


def history_line(entry: sync.HistoryEntry) -> str:
    """One change for people: "2026-12-04 18:40 UTC · Ben Editor: verdict from (none) to false"."""
    when = entry.when.replace("T", " ")[:16] + " UTC" if entry.when else "(no time)"
    who = author_name(entry.author) or "someone"
    if entry.field == "created":
        return f"{when} \u00b7 {who}: marked the claim"
    return f"{when} \u00b7 {who}: {entry.field.replace('_', ' ')} from {_shown(entry.old)} to {_shown(entry.new)}"


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return value or "(empty)"
    return json.dumps(value, ensure_ascii=False)[:200]


class QtSyncFlow(QObject):
    """The window's Sync command, its status-bar field and the conflicts dialog."""

    synced = Signal(object)  # the SyncResult

    def __init__(self, window: QtMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.root = window.library.root
        self.status_label = QLabel()
        self.status_label.setObjectName("syncStatusLabel")
        self.status_label.setAccessibleName("Sharing state of the library")
        self.status_label.setContentsMargins(4, 0, 4, 0)
        window.statusBar().addPermanentWidget(self.status_label)
        self.dialog: QtConflictsDialog | None = None
        self.conflict_marks: dict[tuple[str, str], list[str]] = {}  # see conflict_marks()
        self.last_result: sync.SyncResult | None = None
        self.use_settings_author()
        self.refresh_status()

    def use_settings_author(self) -> tuple[str, str]:
        """Edits in the window are recorded as made by the author the settings name."""
        settings, _warning = load_settings(self.root)
        use_author(settings.author_name, settings.author_email)
        return settings.author_name, settings.author_email

    # -- status ----------------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Ask git (off the GUI thread) where the library stands; the label follows."""
        if not sync.is_shared(self.root):
            self.status_label.setText("")
            self.status_label.setVisible(False)
            return
        root = self.root
        self.window.runner.start(lambda _state: sync.status(root), kind="sync_status",
                                 on_result=self._show_status, on_error=lambda _exc: None)

    def _show_status(self, status: sync.SyncStatus) -> None:
        self.status_label.setText(sync_status_text(status))
        self.status_label.setToolTip(f"Remote: {status.remote}" if status.remote else "")
        self.status_label.setVisible(status.shared)
        self.conflict_marks = conflict_marks(status)
        if self.window._claim_editor is not None:  # built later otherwise, and given the marks then
            self.window._claim_editor.set_conflict_marks(self.conflict_marks)

    # -- sharing: init or clone -------------------------------------------------------------

    def ask_share(self) -> QInputDialog:
        """File › Share library: ask for the remote (a git address or folder), then :meth:`share` it."""
        dialog = QInputDialog(self.window)
        dialog.setObjectName("shareRemoteDialog")
        dialog.setWindowTitle("Share library through git")
        dialog.setAccessibleName("Share library through git")
        empty = not self.window.library.article_ids()
        dialog.setLabelText(
            "The address or folder of a git repository (a bare repository on a shared drive, GitHub, GitLab, "
            "Gitea). " + ("This library is empty: it is filled from that repository."
                          if empty and not sync.is_shared(self.root) else
                          "This library is sent there, and synced with it from now on."))
        dialog.setTextValue(sync.remote_url(self.root))
        dialog.setOkButtonText("Share")
        dialog.textValueSelected.connect(self.share)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        field = dialog.findChild(QLineEdit)
        if field is not None:
            field.setAccessibleName("Address or folder of the git repository")
        name_parts(dialog)  # its clear button and buttons, built by Qt
        return dialog

    def share(self, remote: str) -> bool:
        """`factcheck sync init REMOTE` (or `sync clone REMOTE` for an empty library) in the background."""
        remote = remote.strip()
        window = self.window
        if not remote or window.runner.is_running("sync"):
            return False
        document = window.document
        if document is not None and not document.flush():
            window.statusBar().showMessage("Your latest changes are not saved yet, so the library was not shared. "
                                           "Save them first (see the banner) and share again.", 8000)
            return False
        name, email = self.use_settings_author()
        root = self.root
        fill = not sync.is_shared(root) and not window.library.article_ids()

        def run(state: TaskState) -> sync.SyncResult:
            if fill:
                return sync.clone(root, remote, progress=state.set_progress)
            return sync.init(root, remote, name, email, progress=state.set_progress)

        window.statusBar().showMessage("Sharing the library\u2026")
        window.runner.start(run, kind="sync", on_result=self._on_synced, on_error=self._on_failed,
                            on_progress=lambda _f, status: window.statusBar().showMessage(f"Share: {status}\u2026"))
        return True

    # -- syncing ---------------------------------------------------------------------------

    def start(self) -> bool:
        """File › Sync: save, then commit, fetch, merge and push in the background. False if not started."""
        window = self.window
        if not sync.is_shared(self.root):
            window.statusBar().showMessage(
                "This library is not shared yet. Share it once with File \u203a Share library through git.", 8000)
            return False
        if window.runner.is_running("sync"):
            return False
        document = window.document
        if document is not None and not document.flush():
            window.statusBar().showMessage("Your latest changes are not saved yet, so the library was not synced. "
                                           "Save them first (see the banner) and sync again.", 8000)
            return False
        name, email = self.use_settings_author()
        root = self.root

        def run(state: TaskState) -> sync.SyncResult:
            return sync.sync(root, name, email, progress=state.set_progress)

        window.statusBar().showMessage("Syncing the library\u2026")
        window.runner.start(run, kind="sync", on_result=self._on_synced, on_error=self._on_failed,
                            on_progress=lambda _f, status: window.statusBar().showMessage(f"Sync: {status}\u2026"))
        return True

    def _on_synced(self, result: sync.SyncResult) -> None:
        self.last_result = result
        self.take_in_changes()
        message = f"Synced: {result.pulled} received, {result.pushed} sent."
        if result.conflicts:
            message += f" {len(result.conflicts)} conflict{'s' if len(result.conflicts) != 1 else ''} to settle."
        if result.set_aside:
            message += f" {len(result.set_aside)} file{'s' if len(result.set_aside) != 1 else ''} set aside here kept for the others."
        self.window.statusBar().showMessage(message, 10000)
        self.refresh_status()
        if result.set_aside:
            self.show_set_aside(result)
        self.synced.emit(result)
        if result.conflicts:
            self.show_conflicts()

    def show_set_aside(self, result: sync.SyncResult) -> QMessageBox:
        """Say which set-aside files the sync put back (or left in the shared library) instead of deleting them."""
        lines = [note for note in result.notes if any(f.path in note for f in result.set_aside)]
        box = QMessageBox(QMessageBox.Icon.Information, "Files set aside were not deleted",
                          "Some files of the library could not be read here and were set aside. Sync did not delete "
                          "them for the others:\n\n" + "\n".join(f"\u2022 {line}" for line in lines),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("syncSetAsideMessage")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_parts(box)
        box.show()
        return box

    def _on_failed(self, exc: BaseException) -> None:
        self.window.statusBar().clearMessage()
        show_error(self.window, exc, "The library could not be synced")
        self.refresh_status()

    def take_in_changes(self) -> None:
        """The open article and the library list as the sync (or a settled conflict) left them."""
        window = self.window
        document = window.document
        if document is not None and not document.is_dirty and window.library.changed_on_disk(document.handle):
            try:
                document.reload_from_disk()
            except FactcheckError as exc:
                show_error(window, exc, "The synced article could not be opened")
        window.library_panel.refresh()

    # -- a claim's history -----------------------------------------------------------------

    def find_history(self, article_id: str, claim_id: str) -> None:
        """Find who changed the claim and when (git's log when shared, off the GUI thread) for the editor."""
        window = self.window
        document = window.document
        claim = article = None
        if document is not None and document.article_id == article_id:
            article = document.article.snapshot()  # read on the worker thread: a copy later edits do not reach
            claim = next((c for c in article.claims if c.id == claim_id), None)
        root = self.root

        def run(_state: TaskState) -> list[str]:
            entries = sync.claim_history(root, article_id, claim_id) if sync.is_shared(root) else []
            if not entries and claim is not None:
                entries = sync.fields_history(claim, article)
            return [history_line(entry) for entry in entries]

        window.runner.start(run, kind="claim_history",
                            on_result=lambda lines: window.claim_editor.show_history(claim_id, lines),
                            on_error=lambda exc: window.claim_editor.show_history(
                                claim_id, [f"The history could not be read: {exc}"]))

    # -- conflicts -------------------------------------------------------------------------

    def show_conflicts(self) -> QtConflictsDialog:
        if self.dialog is None:
            self.dialog = QtConflictsDialog(self, self.window)
        self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def settle(self, conflict: Conflict, take: str) -> bool:
        """Settle one conflict with "mine" or "theirs"; the next sync shares it. False if it failed."""
        document = self.window.document
        if document is not None and document.article_id == conflict.article_id:
            document.flush()
        try:
            sync.resolve(self.root, conflict.article_id, conflict.claim_id, conflict.field, take)
        except FactcheckError as exc:
            show_error(self.window, exc, "The conflict could not be settled")
            return False
        self.take_in_changes()
        self.refresh_status()
        return True


class QtConflictsDialog(QDialog):
    """Each conflict of the last syncs: the field, mine and theirs; the user keeps one of them."""

    def __init__(self, flow: QtSyncFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.conflicts: list[Conflict] = []
        self.setObjectName("syncConflictsDialog")
        self.setWindowTitle("Sync conflicts")
        self.setAccessibleName("Sync conflicts")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("conflictsTable")
        self.table.setAccessibleName("Conflicts: the field, your value and theirs")
        self.table.setHorizontalHeaderLabels(["Article", "Claim", "Field", "Yours", "Theirs"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.keep_mine_button = QPushButton("Keep &mine")
        self.keep_mine_button.setObjectName("keepMineButton")
        self.keep_mine_button.setAccessibleName("Keep my value")
        self.take_theirs_button = QPushButton("Take &theirs")
        self.take_theirs_button.setObjectName("takeTheirsButton")
        self.take_theirs_button.setAccessibleName("Take their value")
        self.keep_mine_button.clicked.connect(lambda: self.choose("mine"))
        self.take_theirs_button.clicked.connect(lambda: self.choose("theirs"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.keep_mine_button)
        row.addWidget(self.take_theirs_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(760, 320)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        name_parts(self)  # the table's headers, corner button and scroll bars, Close

    def reload(self) -> None:
        """List the conflicts waiting in the library."""
        self.conflicts = sync.open_conflicts(self.flow.root)
        count = len(self.conflicts)
        self.intro.setText(
            f"{count} field{'s were' if count != 1 else ' was'} changed differently here and by someone else. "
            "Your value is in the library for now; choose which to keep. Sync again to share the choice."
            if count else "No conflicts wait. Sync again to share your choices.")
        self.table.setRowCount(count)
        library = self.flow.window.library
        for row, conflict in enumerate(self.conflicts):
            title, claim_text = conflict.article_id, conflict.claim_id
            try:
                article = library.open(conflict.article_id).article
                title = article.title
                if conflict.claim_id:
                    claim_text = article.claim(conflict.claim_id).exact
            except (FactcheckError, KeyError):
                pass
            for column, text in enumerate((title, claim_text or "(the article)", conflict.field,
                                           _shown(conflict.mine), _shown(conflict.theirs))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        if count:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current_row() is not None
        self.keep_mine_button.setEnabled(chosen)
        self.take_theirs_button.setEnabled(chosen)

    def current_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def choose(self, take: str) -> None:
        row = self.current_row()
        if row is None or row >= len(self.conflicts):
            return
        self.flow.settle(self.conflicts[row], take)
        self.reload()  # also after a refusal: a conflict a later change settled is gone from the list
        if not self.conflicts:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
