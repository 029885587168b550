"""Undoable edits of sources and evidence: pin, unpin, stance, note, quote, kind, re-fetch, archive.

They follow :mod:`factcheck_gui.ui.commands`: each calls one function of
``core.editing`` and keeps the change it returns for undo and redo; both end with
``document.changed(sources=True, claim_id=...)`` so the panels refresh and the
article is autosaved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from factcheck_gui.core import editing
from factcheck_gui.core.model import Article, Source, SourceKind, Stance
from factcheck_gui.ui.commands import ChangeCommand
from factcheck_gui.ui.document import QtArticleDocument

__all__ = [
    "EVIDENCE_FIELDS",
    "EditEvidenceCommand",
    "PinSourceCommand",
    "SetSourceKindCommand",
    "UnpinSourceCommand",
    "UpdateSourceCommand",
]

EVIDENCE_FIELDS = {"stance": "stance", "note": "note", "quote": "quote"}

_MERGE_ID_EVIDENCE_FIELD = 1101


class PinSourceCommand(ChangeCommand):
    """Keep a fetched source (or reuse the one already kept for its URL) and pin it to a claim.

    Undo removes the pin, and the source too if this command added it.
    """

    def __init__(self, document: QtArticleDocument, claim_id: str, source: Source,
                 stance: Stance | str = Stance.CONTEXT, quote: str = "", note: str = "") -> None:
        super().__init__(document, f"Pin source \u201c{_short(source.display_title)}\u201d",
                         sources=True, claim_id=claim_id)
        self.claim_id, self.source = claim_id, source
        self.stance, self.quote, self.note = Stance(stance), quote, note

    @property
    def source_id(self) -> str:
        """The id of the source pinned (known after the first redo)."""
        return self.change.source_id if self.change is not None else ""

    def apply(self, article: Article) -> editing.Pinned:
        return editing.store_and_pin(article, self.claim_id, self.source, self.stance, self.quote, self.note)


class UnpinSourceCommand(ChangeCommand):
    """Remove a source from a claim (and from the article when no other claim pins it)."""

    def __init__(self, document: QtArticleDocument, claim_id: str, source_id: str) -> None:
        source = editing.get_source(document.article, source_id)
        super().__init__(document, f"Remove source \u201c{_short(source.display_title)}\u201d",
                         sources=True, claim_id=claim_id)
        self.claim_id, self.source_id = claim_id, source_id

    def apply(self, article: Article) -> editing.Unpinned:
        return editing.unpin_source(article, self.claim_id, self.source_id)


class EditEvidenceCommand(ChangeCommand):
    """Change the stance, note or quote of a claim's pin of a source.

    Consecutive edits of the same field of the same pin in one *session* (one visit of
    the note field) merge into one undo step.
    """

    def __init__(self, document: QtArticleDocument, claim_id: str, source_id: str, field: str, value: str,
                 session: object = None) -> None:
        if field not in EVIDENCE_FIELDS:
            raise ValueError(f"not an editable evidence field: {field}")
        if field == "stance":
            value = Stance(value)
            text = f"Set stance {value.label}"
        elif field == "quote":
            text = "Pin quote" if value else "Clear quote"
        else:
            text = "Edit source note"
        super().__init__(document, text, sources=True, claim_id=claim_id)
        self.claim_id, self.source_id, self.field, self.value, self.session = claim_id, source_id, field, value, session

    def apply(self, article: Article) -> editing.EvidenceChange:
        values: dict[str, Any] = {self.field: self.value}
        return editing.edit_evidence(article, self.claim_id, self.source_id, **values)

    def id(self) -> int:  # Qt's name
        return _MERGE_ID_EVIDENCE_FIELD

    def mergeWith(self, other: QUndoCommand) -> bool:  # Qt's name
        if not isinstance(other, EditEvidenceCommand) or self.session is None:
            return False
        if (other.claim_id, other.source_id, other.field, other.session) != (
            self.claim_id, self.source_id, self.field, self.session
        ):
            return False
        self.value = other.value
        self.change = self.change.then(other.change)
        if self.change.is_empty:
            self.setObsolete(True)
        return True


class SetSourceKindCommand(ChangeCommand):
    """Change what kind of document a source is (the guess made on fetch is only a start)."""

    def __init__(self, document: QtArticleDocument, source_id: str, kind: SourceKind | str) -> None:
        self.kind = SourceKind(kind)
        super().__init__(document, f"Set source kind {self.kind.label}", sources=True)
        self.source_id = source_id

    def apply(self, article: Article) -> editing.SourceChange:
        return editing.set_source_kind(article, self.source_id, self.kind)


class UpdateSourceCommand(ChangeCommand):
    """Replace what was captured of a source (a re-fetch), or record its archive copy.

    ``UpdateSourceCommand.refetched(document, source_id, fresh)`` calls
    ``core.editing.replace_capture``; ``UpdateSourceCommand.archived(...)`` calls
    ``core.editing.record_archive``.
    """

    def __init__(self, document: QtArticleDocument, source_id: str, text: str,
                 fresh: Source | None = None, archive: tuple[str, str] | None = None) -> None:
        super().__init__(document, text, sources=True)
        self.source_id, self.fresh, self.archive = source_id, fresh, archive

    @classmethod
    def refetched(cls, document: QtArticleDocument, source_id: str, fresh: Source) -> UpdateSourceCommand:
        return cls(document, source_id, "Re-fetch source", fresh=fresh)

    @classmethod
    def archived(cls, document: QtArticleDocument, source_id: str, archive_url: str,
                 archived_at: str) -> UpdateSourceCommand:
        return cls(document, source_id, "Record archived copy", archive=(archive_url, archived_at))

    def apply(self, article: Article) -> editing.SourceChange:
        if self.fresh is not None:
            return editing.replace_capture(article, self.source_id, self.fresh)
        assert self.archive is not None
        return editing.record_archive(article, self.source_id, *self.archive)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
