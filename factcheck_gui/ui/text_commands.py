"""Undoable changes of the article text: a correction, a re-fetched version, a claim attached by hand,
a changed claim's verdict marked as reviewed.

The caller makes the change with one ``core.editing`` function (``replace_text``, ``apply_refetch``,
``attach_claim``, ``mark_reviewed``), so a refusal (an InputError) is shown before anything is on the
undo stack; the command takes the change object it returned and replays it (``undo``/``redo``), so
ids and times stay the same. Its first redo (the push) only tells the document.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from factcheck_gui.core.editing import (
    TextReplaced,
    attach_claim,
    mark_reviewed,
    replace_text,
)
from factcheck_gui.core.model import Article, VersionKind
from factcheck_gui.ui.document import QtArticleDocument

__all__ = ["AttachClaimCommand", "MarkReviewedCommand", "ReplaceTextCommand"]


class _Change(Protocol):
    def undo(self, article: Article) -> None: ...

    def redo(self, article: Article) -> None: ...


class _ChangeCommand(QUndoCommand):
    """An edit already made through core.editing, as an undo step."""

    def __init__(self, document: QtArticleDocument, text: str, change: _Change) -> None:
        super().__init__(text)
        self.document, self.change = document, change
        self._applied = True

    def notify(self) -> None:
        self.document.changed(claims=True)

    def redo(self) -> None:
        if self._applied:
            self._applied = False  # the push: the change is made already
        else:
            self.change.redo(self.document.article)
        self.notify()

    def undo(self) -> None:
        self.change.undo(self.document.article)
        self.notify()


class ReplaceTextCommand(_ChangeCommand):
    """A new version of the text: ``ReplaceTextCommand.correct(...)`` or a re-fetch's change."""

    def __init__(self, document: QtArticleDocument, change: TextReplaced,
                 kind: VersionKind = VersionKind.CORRECTION) -> None:
        super().__init__(document, "Correct the article text" if kind == VersionKind.CORRECTION else "Re-fetch the article",
                         change)
        self.replaced = change

    @classmethod
    def correct(cls, document: QtArticleDocument, text: str, note: str = "") -> ReplaceTextCommand:
        """The text corrected by the user (InputError, before anything changed, if it is refused)."""
        return cls(document, replace_text(document.article, text, VersionKind.CORRECTION, note=note, origin="window"))

    def notify(self) -> None:
        self.document.changed(claims=True, text=True)


class AttachClaimCommand(_ChangeCommand):
    """Attach a claim (an orphan) to ``[start, end)`` of the text: "Attach claim here"."""

    def __init__(self, document: QtArticleDocument, claim_id: str, start: int, end: int) -> None:
        super().__init__(document, "Attach claim here", attach_claim(document.article, claim_id, start, end))
        self.claim_id = claim_id

    def redo(self) -> None:
        super().redo()
        self.document.set_current_claim(self.claim_id)


class MarkReviewedCommand(_ChangeCommand):
    """Record that a changed claim's verdict was checked against its new wording."""

    def __init__(self, document: QtArticleDocument, claim_id: str) -> None:
        super().__init__(document, "Mark verdict reviewed", mark_reviewed(document.article, claim_id))
        self.claim_id = claim_id

    def notify(self) -> None:
        self.document.changed(claim_id=self.claim_id)
