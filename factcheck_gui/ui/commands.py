"""Undoable edits of the open article.

Each command changes the model through ``core.editing`` where it offers the
operation, then tells the document (``document.changed(...)``), which notifies the
panels and schedules the autosave. Commands find claims by id, never by keeping a
widget or a row number.

To add an edit (for example pinning a source), subclass :class:`DocumentCommand`,
implement ``redo``/``undo`` and call ``self.document.changed(...)`` at the end of both.
"""

from __future__ import annotations

import copy
from dataclasses import fields

from PySide6.QtGui import QUndoCommand

from factcheck_gui.core.editing import add_claim, get_claim, remove_claim, resolve_verdict, restore_claim
from factcheck_gui.core.model import ArticleMeta, Claim
from factcheck_gui.ui.document import QtArticleDocument

__all__ = [
    "AddClaimCommand",
    "DeleteClaimCommand",
    "DocumentCommand",
    "EditClaimFieldCommand",
    "EditMetaCommand",
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
    def article(self):  # noqa: ANN201 - Article
        return self.document.article


class AddClaimCommand(DocumentCommand):
    """Mark ``[start, end)`` as a claim, optionally with a verdict already (one undo step)."""

    def __init__(self, document: QtArticleDocument, start: int, end: int, verdict: str | None = None) -> None:
        label = document.scale.get(verdict).label if verdict and document.scale.get(verdict) else ""
        super().__init__(document, f"Mark claim as {label}" if label else "Mark claim")
        self.start, self.end, self.verdict = start, end, verdict
        self.claim: Claim | None = None
        self._previous_current: str | None = document.current_claim_id

    def redo(self) -> None:
        article = self.article
        if self.claim is None:
            self.claim = add_claim(article, self.start, self.end, verdict=self.verdict, scale=self.document.scale)
        else:
            restore_claim(article, self.claim)  # the same claim again, with its id and times
        self.document.changed(claims=True)
        self.document.set_current_claim(self.claim.id)

    def undo(self) -> None:
        assert self.claim is not None
        remove_claim(self.article, self.claim.id)
        self.document.changed(claims=True)
        self.document.set_current_claim(self._previous_current)


class DeleteClaimCommand(DocumentCommand):
    """Remove a claim; undo puts it back where it was, with everything it had."""

    def __init__(self, document: QtArticleDocument, claim_id: str) -> None:
        super().__init__(document, "Delete claim")
        self.claim_id = claim_id
        self._claim: Claim | None = None
        self._index = 0

    def redo(self) -> None:
        self._claim, self._index = remove_claim(self.article, self.claim_id)
        self.document.changed(claims=True)

    def undo(self) -> None:
        assert self._claim is not None
        restore_claim(self.article, self._claim, self._index)
        self.document.changed(claims=True)
        self.document.set_current_claim(self.claim_id)


class SetVerdictCommand(DocumentCommand):
    """Give a claim a verdict (a key of the scale), or clear it with None."""

    def __init__(self, document: QtArticleDocument, claim_id: str, verdict: str | None) -> None:
        self.verdict = resolve_verdict(verdict, document.scale) if verdict is not None else None
        label = document.scale.get(self.verdict).label if self.verdict else ""
        super().__init__(document, f"Set verdict {label}" if label else "Clear verdict")
        self.claim_id = claim_id
        claim = get_claim(document.article, claim_id)
        self._old_verdict, self._old_updated = claim.verdict, claim.updated

    def redo(self) -> None:
        claim = get_claim(self.article, self.claim_id)
        claim.verdict = self.verdict
        claim.touch()
        self.article.touch()
        self.document.changed(claim_id=self.claim_id)

    def undo(self) -> None:
        claim = get_claim(self.article, self.claim_id)
        claim.verdict, claim.updated = self._old_verdict, self._old_updated
        self.article.touch()
        self.document.changed(claim_id=self.claim_id)


class EditClaimFieldCommand(DocumentCommand):
    """Change a claim's rationale, claimant or one-line restatement.

    Consecutive edits of the same field of the same claim (and the same *session*, one
    visit of the field by the editor) merge into one undo step, so undo takes back what
    was typed, not one letter.
    """

    def __init__(self, document: QtArticleDocument, claim_id: str, field: str, value: str,
                 session: object = None) -> None:
        if field not in CLAIM_TEXT_FIELDS:
            raise ValueError(f"not an editable claim field: {field}")
        super().__init__(document, f"Edit {CLAIM_TEXT_FIELDS[field]}")
        self.claim_id, self.field, self.value, self.session = claim_id, field, value, session
        claim = get_claim(document.article, claim_id)
        self._old_value, self._old_updated = getattr(claim, field), claim.updated

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID_CLAIM_FIELD

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditClaimFieldCommand):
            return False
        if (other.claim_id, other.field, other.session) != (self.claim_id, self.field, self.session):
            return False
        self.value = other.value
        if self.value == self._old_value:
            self.setObsolete(True)  # typed and deleted again: nothing to undo
        return True

    def redo(self) -> None:
        claim = get_claim(self.article, self.claim_id)
        setattr(claim, self.field, self.value)
        claim.touch()
        self.article.touch()
        self.document.changed(claim_id=self.claim_id)

    def undo(self) -> None:
        claim = get_claim(self.article, self.claim_id)
        setattr(claim, self.field, self._old_value)
        claim.updated = self._old_updated
        self.article.touch()
        self.document.changed(claim_id=self.claim_id)


class EditMetaCommand(DocumentCommand):
    """Replace the article's details (title, subtitle, byline, publisher, date, URL)."""

    def __init__(self, document: QtArticleDocument, meta: ArticleMeta, text: str = "Edit article details") -> None:
        super().__init__(document, text)
        self._new = copy.copy(meta)
        self._old = copy.copy(document.article.meta)

    def _apply(self, meta: ArticleMeta) -> None:
        for item in fields(ArticleMeta):
            setattr(self.article.meta, item.name, getattr(meta, item.name))
        self.article.touch()
        self.document.changed(meta=True)

    def redo(self) -> None:
        self._apply(self._new)

    def undo(self) -> None:
        self._apply(self._old)


