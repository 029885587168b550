"""Undoable edits of the open article: thin ``QUndoCommand``s around ``core.editing``.

A command's first ``redo`` calls one function of :mod:`factcheck_gui.core.editing`,
which edits the model and returns the change with the old values; ``undo`` and the
next ``redo`` hand that change back to the model (``change.undo(article)``,
``change.redo(article)``). Then the command tells the document what changed
(``document.changed(...)``), which notifies the panels and schedules the autosave.
Commands find claims and sources by id, never by keeping a widget or a row number.

To add an edit: write the function in ``core.editing`` (with its test), then a
:class:`ChangeCommand` subclass that names it in :meth:`ChangeCommand.apply`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from factcheck_gui.core import editing
from factcheck_gui.core.model import Article, ArticleMeta, Claim, ClaimantType, TraceSummary
from factcheck_gui.ui.document import QtArticleDocument

__all__ = [
    "AddClaimCommand",
    "ChangeCommand",
    "DeleteClaimCommand",
    "DocumentCommand",
    "EditClaimFieldCommand",
    "EditMetaCommand",
    "RenameArticleCommand",
    "SetClaimantTypeCommand",
    "SetTraceCommand",
    "SetVerdictCommand",
]

CLAIM_TEXT_FIELDS = {"rationale": "rationale", "claimant": "claimant", "restatement": "claim in one line"}

_MERGE_ID_CLAIM_FIELD = 1001


class DocumentCommand(QUndoCommand):
    """Base of the commands: holds the document they edit."""

    def __init__(self, document: QtArticleDocument, text: str) -> None:
        super().__init__(text)
        self.document = document

    @property
    def article(self) -> Article:
        return self.document.article


class ChangeCommand(DocumentCommand):
    """A command whose edit is one ``core.editing`` call returning a change with ``undo``/``redo``.

    Subclasses implement :meth:`apply`; *notify* are the keywords of ``document.changed``
    (what the panels must show again).
    """

    def __init__(self, document: QtArticleDocument, text: str, **notify: Any) -> None:
        super().__init__(document, text)
        self.notify = notify
        self.change: Any = None

    def apply(self, article: Article) -> Any:
        raise NotImplementedError

    def redo(self) -> None:
        if self.change is None:
            try:
                self.change = self.apply(self.article)
            except Exception:
                self.setObsolete(True)  # refused (InputError...): the stack drops it, push raises
                raise
        else:
            self.change.redo(self.article)
        self.document.changed(**self.notify)

    def undo(self) -> None:
        self.change.undo(self.article)
        self.document.changed(**self.notify)


class AddClaimCommand(DocumentCommand):
    """Mark ``[start, end)`` as a claim, optionally with a verdict already (one undo step)."""

    def __init__(self, document: QtArticleDocument, start: int, end: int, verdict: str | None = None) -> None:
        label = _verdict_label(document, verdict)
        super().__init__(document, f"Mark claim as {label}" if label else "Mark claim")
        self.start, self.end, self.verdict = start, end, verdict
        self.claim: Claim | None = None
        self._previous_current: str | None = document.current_claim_id

    def redo(self) -> None:
        if self.claim is None:
            try:
                self.claim = editing.add_claim(self.article, self.start, self.end, verdict=self.verdict,
                                               scale=self.document.scale)
            except Exception:
                self.setObsolete(True)  # nothing to mark: the stack drops it, push raises
                raise
        else:
            editing.restore_claim(self.article, self.claim)  # the same claim again, with its id and times
        self.document.changed(claims=True, came_or_went=[self.claim.id])
        self.document.set_current_claim(self.claim.id)

    def undo(self) -> None:
        assert self.claim is not None
        editing.remove_claim(self.article, self.claim.id)
        self.document.changed(claims=True, came_or_went=[self.claim.id])
        self.document.set_current_claim(self._previous_current)


class DeleteClaimCommand(ChangeCommand):
    """Remove a claim; undo puts it back where it was, with everything it had."""

    def __init__(self, document: QtArticleDocument, claim_id: str) -> None:
        super().__init__(document, "Delete claim", claims=True, came_or_went=[claim_id])
        self.claim_id = claim_id

    def apply(self, article: Article) -> editing.ClaimRemoved:
        return editing.remove_claim(article, self.claim_id)

    def undo(self) -> None:
        super().undo()
        self.document.set_current_claim(self.claim_id)


class SetVerdictCommand(ChangeCommand):
    """Give a claim a verdict (a key of the scale), or clear it with None."""

    def __init__(self, document: QtArticleDocument, claim_id: str, verdict: str | None) -> None:
        self.verdict = editing.resolve_verdict(verdict, document.scale) if verdict is not None else None
        label = _verdict_label(document, self.verdict)
        super().__init__(document, f"Set verdict {label}" if label else "Clear verdict", claim_id=claim_id)
        self.claim_id = claim_id

    def apply(self, article: Article) -> editing.ClaimChange:
        return editing.set_verdict(article, self.claim_id, self.verdict, self.document.scale)


class SetTraceCommand(ChangeCommand):
    """Keep what tracing the claim to its origin found with the claim (None clears it)."""

    def __init__(self, document: QtArticleDocument, claim_id: str, summary: TraceSummary | None) -> None:
        super().__init__(document, "Trace claim to its origin" if summary else "Clear trace", claim_id=claim_id)
        self.claim_id, self.summary = claim_id, summary

    def apply(self, article: Article) -> editing.ClaimChange:
        return editing.set_trace(article, self.claim_id, self.summary)


class SetClaimantTypeCommand(ChangeCommand):
    """Say whether the claimant is a person or an organisation (None: guess it from the name)."""

    def __init__(self, document: QtArticleDocument, claim_id: str, claimant_type: ClaimantType | str | None) -> None:
        self.claimant_type = editing.resolve_claimant_type(claimant_type)
        super().__init__(document, f"Set claimant type {self.claimant_type.label}" if self.claimant_type
                         else "Guess claimant type", claim_id=claim_id)
        self.claim_id = claim_id

    def apply(self, article: Article) -> editing.ClaimChange:
        return editing.set_claim_fields(article, self.claim_id, claimant_type=self.claimant_type)


class SetClaimStatusCommand(ChangeCommand):
    """Move a claim to a review status (draft, in review, approved) and/or give it the reviewer's note."""

    def __init__(self, document: QtArticleDocument, claim_id: str, status: str | None = None,
                 note: str | None = None) -> None:
        self.status = editing.resolve_status(status).value if status is not None else None
        label = editing.resolve_status(status).label if status is not None else ""
        super().__init__(document, f"Set status {label}" if label else "Edit reviewer's note", claim_id=claim_id)
        self.claim_id, self.note = claim_id, note

    def apply(self, article: Article) -> editing.ClaimChange:
        return editing.set_claim_status(article, self.claim_id, self.status, self.note)


class EditClaimFieldCommand(ChangeCommand):
    """Change a claim's rationale, claimant or one-line restatement.

    Consecutive edits of the same field of the same claim (and the same *session*, one
    visit of the field by the editor) merge into one undo step, so undo takes back what
    was typed, not one letter.
    """

    def __init__(self, document: QtArticleDocument, claim_id: str, field: str, value: str,
                 session: object = None) -> None:
        if field not in CLAIM_TEXT_FIELDS:
            raise ValueError(f"not an editable claim field: {field}")
        super().__init__(document, f"Edit {CLAIM_TEXT_FIELDS[field]}", claim_id=claim_id)
        self.claim_id, self.field, self.value, self.session = claim_id, field, value, session

    def apply(self, article: Article) -> editing.ClaimChange:
        values: dict[str, Any] = {self.field: self.value}
        return editing.set_claim_fields(article, self.claim_id, **values)

    def id(self) -> int:  # Qt's name
        return _MERGE_ID_CLAIM_FIELD

    def mergeWith(self, other: QUndoCommand) -> bool:  # Qt's name
        if not isinstance(other, EditClaimFieldCommand):
            return False
        if (other.claim_id, other.field, other.session) != (self.claim_id, self.field, self.session):
            return False
        self.value = other.value
        self.change = self.change.then(other.change)
        if self.change.is_empty:
            self.setObsolete(True)  # typed and deleted again: nothing to undo
        return True


class EditMetaCommand(ChangeCommand):
    """Replace the article's details (title, subtitle, byline, publisher, date, URL)."""

    def __init__(self, document: QtArticleDocument, meta: ArticleMeta, text: str = "Edit article details") -> None:
        super().__init__(document, text, meta=True)
        self.meta = meta

    def apply(self, article: Article) -> editing.MetaChange:
        return editing.edit_meta(article, self.meta)


class RenameArticleCommand(ChangeCommand):
    """Give the open article a new title."""

    def __init__(self, document: QtArticleDocument, title: str) -> None:
        super().__init__(document, "Rename article", meta=True)
        self.title = title

    def apply(self, article: Article) -> editing.MetaChange:
        return editing.rename_article(article, self.title)


def _verdict_label(document: QtArticleDocument, key: str | None) -> str:
    verdict = document.scale.get(key) if key else None
    return verdict.label if verdict is not None else ""
