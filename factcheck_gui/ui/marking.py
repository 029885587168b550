"""Selecting, marking, judging and stepping through the open article (Edit, Verdict and Go menus).

:class:`QtMarking` keeps what the keys act on in step between the article view and the
document: the *selection* (a span of the text, or None) and the document's current claim.
Selecting exactly a claim's text makes it the current claim; a new current claim clears
an old selection, so what looks selected is what a key acts on. Where the keys go next
(the next claim, the next unjudged sentence) is decided by :mod:`factcheck_gui.core.navigation`;
every edit is an undo command pushed on the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar, QWidget

from factcheck_gui.core.errors import FactcheckError, ReadOnlyError
from factcheck_gui.core.navigation import (
    anchor_of,
    open_claim_in,
    step_claim,
    step_unjudged,
)
from factcheck_gui.core.verdicts import VerdictScale
from factcheck_gui.ui.commands import (
    AddClaimCommand,
    DeleteClaimCommand,
    SetVerdictCommand,
)
from factcheck_gui.ui.errors import show_error

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoCommand

    from factcheck_gui.ui.article_view import QtArticleView
    from factcheck_gui.ui.claims_panel import QtClaimsPanel
    from factcheck_gui.ui.document import QtArticleDocument

__all__ = ["QtMarking"]

Span = tuple[int, int]


class QtMarking(QObject):
    """The selection and the current claim of the open article, and the commands that act on them."""

    changed = Signal()  # the selection or the current claim changed: commands may be usable or not now
    selection_text_changed = Signal(object)  # the selected text that is not a claim yet (str), or None

    def __init__(self, view: QtArticleView, claims_panel: QtClaimsPanel, status: QStatusBar, scale: VerdictScale,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._view, self._claims_panel, self._status, self._scale, self._parent = view, claims_panel, status, scale, parent
        self.document: QtArticleDocument | None = None
        self.selection: Span | None = None
        self._syncing_view = False
        view.selection_changed.connect(self._on_view_selection_changed)
        view.claim_clicked.connect(self._on_view_claim_clicked)
        claims_panel.claim_activated.connect(self._show_claim_in_article)

    @contextmanager
    def _syncing(self) -> Iterator[None]:
        """While the view is told what the document says, its signals are not taken as the user's."""
        self._syncing_view = True
        try:
            yield
        finally:
            self._syncing_view = False

    def set_document(self, document: QtArticleDocument | None) -> None:
        """Show *document* in the view (None: an empty view), with nothing selected."""
        self.document = document
        self.selection = None
        if document is None:
            self._view.clear_article()
            return
        document.current_claim_changed.connect(self._on_current_claim_changed)
        with self._syncing():
            self._view.set_article(document.article, self._scale)

    def reload(self) -> None:
        """The document's text changed (a new version, its undo) or was read again from disk: show it
        afresh, nothing selected, the current claim still standing out where it is (not scrolled to)."""
        if self.document is None:
            return
        claim = self.document.current_claim
        with self._syncing():
            self._view.set_article(self.document.article, self._scale)
            if claim is not None and not claim.orphaned:
                self._view.set_current_claim(claim.id, scroll=False)
        self.selection = None

    # -- following the view and the document --------------------------------------------------

    def _on_view_selection_changed(self, start: int, end: int) -> None:
        document = self.document
        self.selection = (start, end) if document is not None and 0 <= start < end else None
        if document is None or self._syncing_view:
            return
        if self.selection is not None:
            exact = document.claim_at(start, end)
            document.set_current_claim(exact.id if exact else None)
            self.selection_text_changed.emit(None if exact else document.article.text[start:end])
        else:
            self.selection_text_changed.emit(None)
        self.changed.emit()

    def _on_view_claim_clicked(self, claim_id: str) -> None:
        if self.document is not None:
            self.document.set_current_claim(claim_id)

    def _on_current_claim_changed(self, _claim_id: str) -> None:
        claim = self.document.current_claim if self.document is not None else None
        with self._syncing():
            # An orphaned claim has no place in the text: nothing to show there.
            self._view.set_current_claim(claim.id if claim is not None and not claim.orphaned else None)
            if claim is not None and self._view.selection_span() != (claim.start, claim.end):
                # What looks selected is what a key acts on: not old text, but the current claim.
                self._view.clear_selection()
                self.selection_text_changed.emit(None)
        self.changed.emit()

    def _show_new_claim(self) -> None:
        """After marking: the selection gives way, so the claim shows in its colour as the current claim."""
        with self._syncing():
            self._view.clear_selection()
        self.selection = None
        self.selection_text_changed.emit(None)
        self.changed.emit()

    def _show_claim_in_article(self, claim_id: str) -> None:
        claim = self.document.current_claim if self.document is not None else None
        if claim is None or claim.orphaned or claim.id != claim_id:
            return
        with self._syncing():
            self._view.set_current_claim(claim_id)

    # -- editing ----------------------------------------------------------------------------------

    def editable_document(self) -> QtArticleDocument | None:
        """The open document if it may be edited; else None, and the status bar says why."""
        document = self.document
        if document is None:
            self._status.showMessage("Open an article from the library first.", 5000)
            return None
        if document.read_only:
            self._status.showMessage("This article is open read-only.", 5000)
            return None
        return document

    def push(self, document: QtArticleDocument, command: QUndoCommand) -> None:
        """Do *command* as one undo step; a refusal is shown to the user."""
        try:
            document.push(command)
        except ReadOnlyError as exc:
            show_error(self._parent, exc, "The article is read-only")
        except FactcheckError as exc:
            show_error(self._parent, exc, "That did not work")

    def _span_for_marking(self) -> Span | None:
        """The selection as the view reports it now (trimmed), or None."""
        span = self._view.selection_span()
        if span is None and self.selection is not None:
            span = self.selection
        if span is None or span[0] >= span[1]:
            return None
        return span

    def mark_claim(self) -> None:
        """Turn the selected text into a claim."""
        document = self.editable_document()
        if document is None:
            return
        span = self._span_for_marking()
        if span is None:
            self._status.showMessage(
                "Select some text first: click a sentence, or drag across the words of the claim.", 6000
            )
            return
        existing = document.claim_at(*span)
        if existing is not None:
            document.set_current_claim(existing.id)
            self._status.showMessage("That text is already a claim.", 4000)
            return
        self.push(document, AddClaimCommand(document, span[0], span[1]))
        self._show_new_claim()

    def set_verdict(self, key: str | None) -> None:
        """Give the current claim a verdict; with no current claim, mark the selection with it."""
        document = self.editable_document()
        if document is None:
            return
        claim = document.current_claim
        if claim is not None:
            if claim.verdict != key:
                self.push(document, SetVerdictCommand(document, claim.id, key))
            return
        span = self._span_for_marking()
        if span is not None and key is not None:
            self.push(document, AddClaimCommand(document, span[0], span[1], verdict=key))
            self._show_new_claim()
            return
        self._status.showMessage("Select a claim, or some text to mark as a claim, first.", 5000)

    def delete_claim(self) -> None:
        """Delete the current claim (undo brings it back)."""
        document = self.editable_document()
        if document is None or document.current_claim is None:
            self._status.showMessage("Select the claim to delete first.", 4000)
            return
        self.push(document, DeleteClaimCommand(document, document.current_claim.id))

    # -- the Go menu -----------------------------------------------------------------------------

    def _anchor(self) -> int | None:
        """Where "next" starts from (core.navigation.anchor_of): the selection, else the current claim."""
        return anchor_of(self.selection, self.document.current_claim if self.document else None)

    def go_claim(self, step: int) -> None:
        """Make the next (+1) or previous (-1) claim, as listed, the current claim."""
        document = self.document
        if document is None:
            return
        claims = [document.article.claim(i) for i in self._claims_panel.claim_ids(visible_only=True)]
        if not claims:
            self._status.showMessage("There are no claims yet.", 4000)
            return
        found = step_claim(claims, document.current_claim_id, self._anchor(), step)
        if found is None:
            self._status.showMessage("That was the last claim." if step > 0 else "That was the first claim.", 4000)
            return
        self._status.clearMessage()
        document.set_current_claim(found.id)
        self.selection = None

    def go_sentence(self, step: int) -> None:
        """Select the next (+1) or previous (-1) sentence."""
        if self.document is None:
            return
        if step > 0:
            self._view.select_next_sentence()
        else:
            self._view.select_previous_sentence()

    def go_unjudged(self, step: int) -> None:
        """Select the next (+1) or previous (-1) sentence that no claim with a verdict touches."""
        document = self.document
        if document is None:
            return
        found = step_unjudged(document.article, self._anchor(), step, document.claims_by_span())
        if found is None:
            self._status.showMessage("No unjudged sentence further on." if step > 0 else
                                     "No unjudged sentence before this one.", 4000)
            return
        self._status.clearMessage()  # e.g. "That was the last claim." no longer applies
        start, end = found
        open_claim = open_claim_in(document.article, start, end)
        if open_claim is not None:
            document.set_current_claim(open_claim.id)
            self.selection = (start, end)
            return
        self._view.select_span(start, end)
        if self.selection != (start, end):  # the view did not report it: keep in step
            self._on_view_selection_changed(start, end)
