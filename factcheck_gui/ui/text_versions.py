"""The article text as evidence, in the window: correct it, re-fetch it, see its versions and their diff,
attach an orphaned claim by hand.

:class:`QtTextVersions` is the window's part (the action table calls its methods); the dialogs
show what ``core.versions`` computes. Every change goes through ``ui.text_commands`` (one
``core.editing`` call each). The re-fetch runs on the window's task runner: the page is fetched
and read on a worker; only placing the claims on the new text happens on the GUI thread.
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.model import Article, Claim, VersionKind
from factcheck_gui.core.reanchoring import TextDiff, word_diff
from factcheck_gui.core.text import is_web_url, quoted
from factcheck_gui.core.versions import (
    PreparedText,
    RefetchAssessment,
    claim_spans,
    claim_spot,
    diff_versions,
    last_fetched_version,
    version_label,
)
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.article_paint import PreparedDocument, prepare_document
from factcheck_gui.ui.richtext import html_text, plain_tooltip, shown
from factcheck_gui.ui.text_commands import (
    AttachClaimCommand,
    MarkReviewedCommand,
    ReplaceTextCommand,
)

if TYPE_CHECKING:
    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.document import QtArticleDocument
    from factcheck_gui.ui.main_window import QtMainWindow
    from factcheck_gui.ui.tasks import TaskHandle

__all__ = ["QtEditTextDialog", "QtTextVersions", "QtVersionsDialog", "anchor_html"]

ANCHOR_TAGS = {"edited": "Wording changed", "orphaned": "Not in the text"}
#: After a re-fetch's new text is shown, its Versions dialog opens this much later: after the text's
#: first paint and its claims' (timers due at the same time all run in one pass of the event loop).
VERSIONS_DIALOG_DELAY_MS = 100


def anchor_html(claim: Claim) -> str:
    """What the claim editor says of a claim whose text changed ("" for an exact claim): its state,
    the word diff of its old and new wording, and whether its verdict is to be reviewed."""
    parts = []
    if claim.anchor == "edited":
        diff = "".join(_piece_html(kind, text) for kind, text in word_diff(claim.previous_exact, claim.exact))
        parts.append(f"<b>Edited:</b> its sentence changed in the article. {diff}")
    elif claim.anchor == "orphaned" and claim.anchor_reason:
        parts.append(f"<b>Orphaned:</b> {html_text(claim.anchor_reason)} Select the text it belongs to, then "
                     "Edit \u203a Attach claim here.")
    if claim.needs_review:
        parts.append("<b>Review the verdict</b>: it was given to the old wording (Edit \u203a Mark verdict reviewed).")
    return "<br>".join(parts)


def _piece_html(kind: str, text: str) -> str:
    escaped = html_text(text)  # a hidden character added or removed shows as [U+202E]
    if kind == "delete":
        return f'<s style="color:#b3261e">{escaped}</s>'
    if kind == "insert":
        return f'<u style="color:#1b6e20">{escaped}</u>'
    return escaped


class QtEditTextDialog(QDialog):
    """Correct the article text (an extraction error, junk, a missing paragraph); the original stays a version."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editTextDialog")
        self.setWindowTitle("Correct the article text")
        self.setAccessibleName("Correct the article text")
        intro = QLabel("Correct what the import got wrong: fuse-ups, junk, a missing paragraph. Paragraphs are "
                       "separated by a blank line. The text as it is now stays a version of the article, and each "
                       "claim follows its words.")
        intro.setWordWrap(True)
        self.text_edit = QPlainTextEdit(text)
        self.text_edit.setObjectName("articleTextEdit")
        self.text_edit.setAccessibleName("Article text to correct")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("versionNoteEdit")
        self.note_edit.setAccessibleName("Why the text was corrected")
        self.note_edit.setPlaceholderText("Why: e.g. removed a hover card fused into the first sentence")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("editTextButtons")
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Save as a new version")
        save.setObjectName("saveTextButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(QLabel("Note"))
        layout.addWidget(self.note_edit)
        layout.addWidget(buttons)
        self.resize(760, 560)
        name_parts(self)

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def note(self) -> str:
        return self.note_edit.text().strip()


class QtVersionsDialog(QDialog):
    """The versions of the text, and a word-level diff between any two, changes touching claims first."""

    def __init__(self, article: Article, library: Library, parent: QWidget | None = None,
                 old: int | None = None, new: int | None = None, *, diff: TextDiff | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionsDialog")
        self.setWindowTitle("Versions of the article text")
        self.setAccessibleName("Versions of the article text")
        self.article, self.library = article, library
        self._diff = diff  # the diff of two versions computed already (a re-fetch's), used when it fits
        self.versions_list = QListWidget()
        self.versions_list.setObjectName("versionsList")
        self.versions_list.setAccessibleName("Versions of the text, oldest first")
        count = len(article.versions)
        for index, version in enumerate(article.versions):
            when = version.created.replace("T", " ").replace("Z", " UTC")
            line = f"{version_label(version, index + 1)} \u00b7 {when}"
            if version.stealth_edit:
                line += " \u00b7 \u26a0 possible stealth edit: changed with no correction notice"
            if version.note:
                line += f" \u00b7 {version.note}"
            if index == count - 1:
                line += " \u00b7 current"
            item = QListWidgetItem(shown(line))
            if is_web_url(version.archive_url):
                item.setText(shown(line) + " \u00b7 archived copy (double-click to open)")
                item.setToolTip(plain_tooltip(version.archive_url))
                item.setData(Qt.ItemDataRole.UserRole, version.archive_url)
            self.versions_list.addItem(item)
        self.versions_list.itemActivated.connect(self._open_archived_copy)
        self.from_combo, self.to_combo = QComboBox(), QComboBox()
        for combo, name, label in ((self.from_combo, "diffFromCombo", "Compare version"),
                                   (self.to_combo, "diffToCombo", "with version")):
            combo.setObjectName(name)
            combo.setAccessibleName(label)
            for index, version in enumerate(article.versions):
                combo.addItem(version_label(version, index + 1), index)
        self.from_combo.setCurrentIndex(max(0, count - 2) if old is None else old)
        self.to_combo.setCurrentIndex(count - 1 if new is None else new)
        self.changes_list = QListWidget()
        self.changes_list.setObjectName("diffChangesList")
        self.changes_list.setAccessibleName("Changes, those that touch claims first")
        self.diff_view = QTextBrowser()
        self.diff_view.setObjectName("diffView")
        self.diff_view.setAccessibleName("Word-level diff")
        self.diff_view.setOpenLinks(False)
        # One version only: nothing to compare, so no empty lists but a sentence saying so.
        self.only_version_label = QLabel()
        self.only_version_label.setObjectName("onlyVersionLabel")
        self.only_version_label.setTextFormat(Qt.TextFormat.PlainText)  # the note is the user's or a page's
        self.only_version_label.setWordWrap(True)
        compare_row = QWidget()
        compare_row.setObjectName("diffCompareRow")
        compare = QHBoxLayout(compare_row)
        compare.setContentsMargins(0, 0, 0, 0)
        compare.addWidget(QLabel("Compare"))
        compare.addWidget(self.from_combo, 1)
        compare.addWidget(QLabel("with"))
        compare.addWidget(self.to_combo, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.versions_list)
        layout.addWidget(self.only_version_label)
        layout.addWidget(compare_row)
        layout.addWidget(self.changes_list, 1)
        layout.addWidget(self.diff_view, 2)
        layout.addWidget(buttons)
        self.from_combo.currentIndexChanged.connect(self.show_diff)
        self.to_combo.currentIndexChanged.connect(self.show_diff)
        if count == 1:
            version = article.versions[0]
            when = version.created.replace("T", " ").replace("Z", " UTC")
            self.only_version_label.setText(shown(
                f"Only one version so far: {version_label(version, 1)}, {when}. A correction (Edit \u203a Correct "
                "article text\u2026) or a re-fetch that finds new wording (File \u203a Re-fetch article) adds the "
                "next one; this dialog then shows what changed between them, word by word."))
            for part in (compare_row, self.changes_list, self.diff_view):
                part.hide()
            row = self.versions_list.sizeHintForRow(0) if self.versions_list.count() else 0
            self.versions_list.setMaximumHeight(row + 2 * self.versions_list.frameWidth() + 4)
            self.resize(620, self.sizeHint().height())
        else:
            self.only_version_label.hide()
            self.resize(820, 640)
        name_parts(self)
        self.show_diff()

    def _open_archived_copy(self, item: QListWidgetItem) -> None:
        address = item.data(Qt.ItemDataRole.UserRole)
        if address:
            from factcheck_gui.ui.links import open_in_browser

            open_in_browser(address)

    def show_diff(self) -> None:
        """Fill the changes list and the diff view for the two versions chosen."""
        self.changes_list.clear()
        old_index, new_index = self.from_combo.currentData(), self.to_combo.currentData()
        try:
            old_text = self.library.version_text(self.article, old_index)
            new_text = self.library.version_text(self.article, new_index)
        except FactcheckError as exc:
            self.diff_view.setPlainText(str(exc))
            return
        current = new_index == len(self.article.versions) - 1
        placed, orphans = claim_spans(self.article) if current else ([], [])
        changes = diff_versions(old_text, new_text, placed, orphans, diff=self._diff)
        if not changes:
            self.diff_view.setPlainText("No change in wording between these two versions.")
            return
        blocks = []
        for change in changes:
            claims = ", ".join(change.claim_ids)
            summary = f"{quoted(_short(change.old)) if change.old else '(nothing)'} \u2192 " \
                      f"{quoted(_short(change.new)) if change.new else '(deleted)'}"
            item = QListWidgetItem(shown(f"Claim {claims}: {summary}" if claims else summary))
            item.setData(Qt.ItemDataRole.UserRole, list(change.claim_ids))
            self.changes_list.addItem(item)
            head = f"<p><b>Touches claim {html.escape(claims)}</b></p>" if claims else ""
            body = "".join(_piece_html(kind, text) for kind, text in change.pieces)
            blocks.append(f"{head}<p>{body}</p>")
        self.diff_view.setHtml("<hr>".join(blocks))


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class QtTextVersions(QWidget):
    """The window's commands on the text: Correct article text, Re-fetch article (with Cancel),
    Versions and changes, Attach claim here, Mark verdict reviewed."""

    refetch_finished = Signal(str)  # what the re-fetch found, as the status bar says it

    def __init__(self, window: QtMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("textVersions")
        self.hide()
        self.window_ = window
        self._task: TaskHandle[Any] | None = None
        self._task_document: QtArticleDocument | None = None
        self._last_orphan: str | None = None
        self._last_span: tuple[int, int] | None = None
        self.cancel_button = QPushButton("Cancel re-fetch")
        self.cancel_button.setObjectName("cancelRefetchButton")
        self.cancel_button.setAccessibleName("Cancel the re-fetch of the article")
        self.cancel_button.clicked.connect(self.cancel_refetch)
        self.cancel_button.hide()
        window.statusBar().addPermanentWidget(self.cancel_button)
        window.marking.changed.connect(self._remember_selection)
        window.document_changed.connect(self._on_document_changed)

    # -- following the window ------------------------------------------------------------------

    def _on_document_changed(self, document: QtArticleDocument | None) -> None:
        self._last_orphan, self._last_span = None, None
        if document is not None:
            document.text_changed.connect(self.window_.marking.reload)
            document.current_claim_changed.connect(self._remember_orphan)
            document.claims_changed.connect(self._remember_orphan)  # the current claim may have just lost its place
        if self._task is not None and self._task_document is not document:
            self.cancel_refetch()

    def _remember_orphan(self, _claim_id: str = "") -> None:
        document = self.window_.document
        claim = document.current_claim if document is not None else None
        if claim is not None and claim.orphaned:
            self._last_orphan = claim.id

    def _remember_selection(self) -> None:
        selection = self.window_.marking.selection
        if selection is not None:
            self._last_span = selection

    def _status(self, text: str, timeout: int = 8000) -> None:
        self.window_.statusBar().showMessage(text, timeout)

    # -- correct the text ----------------------------------------------------------------------

    def edit_text(self) -> QtEditTextDialog | None:
        """Edit › Correct article text…: the text in an editor; saving makes a new version (one undo step)."""
        document = self.window_.marking.editable_document()
        if document is None:
            return None
        dialog = QtEditTextDialog(document.article.text, self.window_)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            if self.window_.document is not document:
                return
            try:
                command = ReplaceTextCommand.correct(document, dialog.text(), dialog.note())
            except FactcheckError as exc:
                self._status(f"The text was not changed: {exc}")
                return
            self.window_.marking.push(document, command)
            self._status(_placed_summary("Corrected text saved as a new version.", command.replaced.not_exact()))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    # -- versions ------------------------------------------------------------------------------

    def show_versions(self, old: int | None = None, new: int | None = None, *,
                      diff: TextDiff | None = None) -> QtVersionsDialog | None:
        """View › Versions and changes…: the versions and a diff of any two (not blocking)."""
        document = self.window_.document
        if document is None:
            self._status("Open an article to see the versions of its text.", 5000)
            return None
        dialog = QtVersionsDialog(document.article, self.window_.library, self.window_, old, new, diff=diff)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- re-fetch ------------------------------------------------------------------------------

    @property
    def refetching(self) -> bool:
        return self._task is not None

    def refetch(self) -> None:
        """File › Re-fetch article: fetch its page again on the task runner; a new version if the wording changed."""
        document = self.window_.marking.editable_document()
        if document is None:
            return
        article = document.article
        url = article.meta.url or next((v.origin for v in reversed(article.versions) if is_web_url(v.origin)), "")
        if not is_web_url(url):
            self._status("This article has no web address to fetch again; add one in File \u203a Article details.")
            return
        from factcheck_gui.store.settings import load_settings

        settings, _warning = load_settings(self.window_.library.root)
        current = article.text  # a str never changes: the worker may read it
        look = copy.copy(article)  # the worker lays the new text out as this article would show it
        style = self.window_.article_view.text_style()
        gui_thread = QThread.currentThread()  # this is the GUI thread
        spots = [claim_spot(claim) for claim in article.claims]  # plain tuples: the claims' places, for the worker
        try:
            previous = self.window_.library.version_text(article, last_fetched_version(article))
        except FactcheckError:
            previous = current  # the page's last text is not kept: compare with the current one

        def work(state: Any) -> _Fetched:  # worker thread: plain data only
            from factcheck_gui.core.collector import collector_paused
            from factcheck_gui.core.text import normalize_newlines
            from factcheck_gui.core.versions import assess_refetch, prepare_text
            from factcheck_gui.importer import article_from_url

            def received(count: int, total: int | None) -> None:
                state.set_progress(count / total if total else 0.0, "Fetching the article again\u2026")

            fetched = article_from_url(url, settings=settings, cancel=state.cancel_token, progress=received)
            state.raise_if_cancelled()
            # The diff and the sentences of 1 MB make ~a million objects: a full collection started here
            # would hold the GIL 50-70 ms at a time with a big article open (see core.collector).
            with collector_paused():
                text = normalize_newlines(fetched.text)
                assessment = assess_refetch(previous, text)
                prepared = prepare_text(current, text, spots) if assessment.changed and text != current else None
            shown = None
            if prepared is not None:  # the view's document of the new text, made here too (issue 16)
                look.text, look.links = text, list(fetched.links)
                shown = prepare_document(look, style, gui_thread)
            return _Fetched(fetched, text, current, previous, assessment, prepared, shown)

        self._task_document = document
        self.cancel_button.show()
        self._status("Fetching the article again\u2026", 0)
        self._task = self.window_.runner.start(
            work, kind="refetch_article",
            on_result=lambda fetched: self._on_fetched(document, url, fetched),
            on_error=self._on_error,
            on_cancelled=lambda: self._finish("The re-fetch was cancelled; the text is unchanged."),
        )

    def cancel_refetch(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _finish(self, message: str) -> None:
        self._task, self._task_document = None, None
        self.cancel_button.hide()
        self._report(message)

    def _report(self, message: str) -> None:
        self._status(message)
        self.refetch_finished.emit(message)

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, FactcheckError):
            self._finish(f"The article could not be fetched again: {exc}")
            return
        self._finish("The re-fetch failed; the text is unchanged.")
        from factcheck_gui.ui.errors import show_error

        show_error(self.window_, exc, "The re-fetch failed")

    def _on_fetched(self, document: QtArticleDocument, url: str, fetched: _Fetched) -> None:
        from factcheck_gui.core.editing import apply_refetch

        if self.window_.document is not document or document.read_only:
            self._finish("The re-fetched text was not used: another article is open now.")
            return
        article = document.article
        # Computed on the worker from the text as it was; if it was edited meanwhile, placed again here.
        same = article.text is fetched.current
        outcome = apply_refetch(article, fetched.text, origin=fetched.article.meta.url or url,
                                previous_page_text=fetched.previous, links=fetched.article.links,
                                prepared=fetched.prepared if same else None,
                                assessment=fetched.assessment if same else None)
        if outcome.change is None:
            self._finish("Re-fetched: no change in wording; no new version.")
            return
        # Nothing left to cancel: over now, not when it reports, so that a re-fetch started meanwhile keeps
        # its task and its Cancel button.
        self._task, self._task_document = None, None
        self.cancel_button.hide()
        view = self.window_.article_view
        view.offer_document(fetched.document if same else None)  # taken if it fits the text the command sets
        try:
            self.window_.marking.push(document, ReplaceTextCommand(document, outcome.change, VersionKind.REFETCH))
        finally:
            view.offer_document(None)
        # The flag comes before the claims' summary: a status bar elides the end of a long message.
        flag = " \u26a0 Possible stealth edit: no correction or update notice." if outcome.assessment.stealth_edit else ""
        message = _placed_summary(f"Re-fetched: the wording changed (version {len(article.versions)}).{flag}",
                                  outcome.change.not_exact())
        diff = fetched.prepared.diff if same and fetched.prepared is not None else None
        self._status(message)  # now, with the new text: a message said in the next 100 ms is not overwritten

        def show_diff() -> None:  # later: the window shows the new text and its claims before the dialog
            if self.window_.document is document:
                self.show_versions(diff=diff)
            self.refetch_finished.emit(message)

        QTimer.singleShot(VERSIONS_DIALOG_DELAY_MS, self, show_diff)

    # -- claims --------------------------------------------------------------------------------

    def attach_claim_here(self) -> None:
        """Edit › Attach claim here: the orphan chosen last goes to the text selected (the last selection)."""
        document = self.window_.marking.editable_document()
        if document is None:
            return
        current = document.current_claim
        orphan_id = current.id if current is not None and current.orphaned else self._last_orphan
        orphan = next((c for c in document.article.claims if c.id == orphan_id and c.orphaned), None)
        span = self.window_.marking.selection or self._last_span
        if orphan is None:
            self._status("Choose a claim in the list of claims no longer in the text, and select where it belongs.")
            return
        if span is None or not 0 <= span[0] < span[1] <= len(document.article.text):
            self._status("Select the text the claim belongs to in the article, then choose Attach claim here.")
            return
        try:
            command = AttachClaimCommand(document, orphan.id, *span)
        except FactcheckError as exc:
            self._status(str(exc))
            return
        self.window_.marking.push(document, command)
        self._last_orphan, self._last_span = None, None

    def mark_reviewed(self) -> None:
        """Edit › Mark verdict reviewed: the current claim's verdict holds for its new wording."""
        document = self.window_.marking.editable_document()
        claim = document.current_claim if document is not None else None
        if document is None or claim is None or not claim.needs_review:
            self._status("Select a claim whose verdict is marked for review first.", 5000)
            return
        self.window_.marking.push(document, MarkReviewedCommand(document, claim.id))


@dataclass(frozen=True)
class _Fetched:
    """What the re-fetch's worker hands the GUI thread: the page read, and the slow comparisons done."""

    article: Article  # the page read as an article (its text, links, address)
    text: str  # its text, newlines normalised
    current: str  # the article's text when the fetch started
    previous: str  # the page's text at the last capture or re-fetch
    assessment: RefetchAssessment
    prepared: PreparedText | None  # the diff from *current* and the sentences; None when there is no change
    document: PreparedDocument | None = None  # the new text laid into the view's document, with its styles


def _placed_summary(head: str, placements: list[Any]) -> str:
    edited = sum(p.state == "edited" for p in placements)
    orphaned = sum(p.state == "orphaned" for p in placements)
    if not placements:
        return f"{head} Every claim is still exact."
    parts = []
    if edited:
        parts.append(f"{edited} claim{'s' if edited != 1 else ''} edited")
    if orphaned:
        parts.append(f"{orphaned} orphaned")
    return f"{head} " + " and ".join(parts) + "; see the claims list."
