"""Undoable edits of sources and evidence: pin, unpin, stance, note, quote, kind, re-fetch, archive.

They follow :mod:`factcheck_gui.ui.commands`: each finds claims and sources by id, changes
the model through ``core.editing`` where it offers the operation, and ends both ``redo``
and ``undo`` with ``document.changed(sources=True, claim_id=...)`` so the panels refresh
and the article is autosaved.
"""

from __future__ import annotations

import copy
from dataclasses import fields

from PySide6.QtGui import QUndoCommand

from factcheck_gui.core.editing import add_source, get_claim, get_source, pin_source
from factcheck_gui.core.model import Evidence, Source, SourceKind, Stance
from factcheck_gui.ui.commands import DocumentCommand
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

# What a re-fetch replaces; the id, the URL asked for, the kind the user chose and the
# archive copy stay.
_KEPT_ON_REFETCH = {"id", "url", "kind", "archive_url", "archived_at"}


def _evidence(document: QtArticleDocument, claim_id: str, source_id: str) -> Evidence:
    claim = get_claim(document.article, claim_id)
    for evidence in claim.evidence:
        if evidence.source_id == source_id:
            return evidence
    raise KeyError(source_id)


class PinSourceCommand(DocumentCommand):
    """Add a fetched source (or reuse the one already kept for its URL) and pin it to a claim.

    The source is stored once: pinning the same URL to a second claim reuses it. Undo
    removes the pin, and the source too if this command added it.
    """

    def __init__(self, document: QtArticleDocument, claim_id: str, source: Source,
                 stance: Stance | str = Stance.CONTEXT, quote: str = "", note: str = "") -> None:
        super().__init__(document, f"Pin source \u201c{_short(source.display_title)}\u201d")
        self.claim_id = claim_id
        self.source = source
        self.stance, self.quote, self.note = Stance(stance), quote, note
        self.source_id = ""  # known after the first redo
        self._added_source = False
        self._source_index = 0
        self._previous: Evidence | None = None  # the claim's pin of this source before, if any
        self._evidence: Evidence | None = None
        self._evidence_index = 0
        self._replaced: dict[str, object] | None = None  # a failed source's fields, when this capture replaced them
        self._fresh: dict[str, object] = {}

    def redo(self) -> None:
        article = self.article
        claim = get_claim(article, self.claim_id)
        if self._evidence is None:  # first time
            count = len(article.sources)
            source = add_source(article, self.source)
            self._added_source = len(article.sources) > count
            self._source_index = len(article.sources) - 1
            self.source_id = source.id
            if source is not self.source and source.error and not self.source.error:
                # The address was kept before with a failed fetch: take the new capture.
                self._replaced = {name: copy.copy(getattr(source, name)) for name in _refetch_fields()}
                self._fresh = {name: copy.copy(getattr(self.source, name)) for name in _refetch_fields()}
                _set_fields(source, self._fresh)
            try:
                self._previous = copy.copy(_evidence(self.document, self.claim_id, source.id))
            except KeyError:
                self._previous = None
            evidence = pin_source(article, self.claim_id, source.id, self.stance, self.quote, self.note)
            self._evidence = copy.copy(evidence)
            self._evidence_index = claim.evidence.index(evidence)
        else:  # again after an undo: the same source and pin, with their ids and times
            if self._added_source:
                article.sources.insert(min(self._source_index, len(article.sources)), self.source)
            elif self._replaced is not None:
                _set_fields(get_source(article, self.source_id), self._fresh)
            if self._previous is None:
                claim.evidence.insert(min(self._evidence_index, len(claim.evidence)), copy.copy(self._evidence))
            else:
                _assign(_evidence(self.document, self.claim_id, self.source_id), self._evidence)
            claim.touch()
            article.touch()
        self.document.changed(sources=True, claim_id=self.claim_id)

    def undo(self) -> None:
        article = self.article
        claim = get_claim(article, self.claim_id)
        if self._previous is None:
            claim.evidence = [e for e in claim.evidence if e.source_id != self.source_id]
        else:
            _assign(_evidence(self.document, self.claim_id, self.source_id), self._previous)
        if self._added_source:
            article.sources = [s for s in article.sources if s.id != self.source_id]
        elif self._replaced is not None:
            _set_fields(get_source(article, self.source_id), self._replaced)
        article.touch()
        self.document.changed(sources=True, claim_id=self.claim_id)


class UnpinSourceCommand(DocumentCommand):
    """Remove a source from a claim. A source no other claim pins is removed from the article
    too (its snapshot stays in the library). Undo puts both back where they were."""

    def __init__(self, document: QtArticleDocument, claim_id: str, source_id: str) -> None:
        source = get_source(document.article, source_id)
        super().__init__(document, f"Remove source \u201c{_short(source.display_title)}\u201d")
        self.claim_id, self.source_id = claim_id, source_id
        self._evidence: Evidence | None = None
        self._evidence_index = 0
        self._source: Source | None = None
        self._source_index = 0

    def redo(self) -> None:
        article = self.article
        claim = get_claim(article, self.claim_id)
        evidence = _evidence(self.document, self.claim_id, self.source_id)
        self._evidence_index = claim.evidence.index(evidence)
        self._evidence = evidence
        claim.evidence.remove(evidence)
        claim.touch()
        self._source = None
        if not article.claims_citing(self.source_id):
            source = get_source(article, self.source_id)
            self._source_index = article.sources.index(source)
            self._source = source
            article.sources.remove(source)
        article.touch()
        self.document.changed(sources=True, claim_id=self.claim_id)

    def undo(self) -> None:
        article = self.article
        assert self._evidence is not None
        if self._source is not None:
            article.sources.insert(min(self._source_index, len(article.sources)), self._source)
        claim = get_claim(article, self.claim_id)
        claim.evidence.insert(min(self._evidence_index, len(claim.evidence)), self._evidence)
        claim.touch()
        article.touch()
        self.document.changed(sources=True, claim_id=self.claim_id)


class EditEvidenceCommand(DocumentCommand):
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
        super().__init__(document, text)
        self.claim_id, self.source_id, self.field, self.value, self.session = claim_id, source_id, field, value, session
        self._old_value = getattr(_evidence(document, claim_id, source_id), field)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID_EVIDENCE_FIELD

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditEvidenceCommand) or self.session is None:
            return False
        if (other.claim_id, other.source_id, other.field, other.session) != (
            self.claim_id, self.source_id, self.field, self.session
        ):
            return False
        self.value = other.value
        if self.value == self._old_value:
            self.setObsolete(True)
        return True

    def _apply(self, value: object) -> None:
        setattr(_evidence(self.document, self.claim_id, self.source_id), self.field, value)
        get_claim(self.article, self.claim_id).touch()
        self.article.touch()
        self.document.changed(sources=True, claim_id=self.claim_id)

    def redo(self) -> None:
        self._apply(self.value)

    def undo(self) -> None:
        self._apply(self._old_value)


class SetSourceKindCommand(DocumentCommand):
    """Change what kind of document a source is (the guess made on fetch is only a start)."""

    def __init__(self, document: QtArticleDocument, source_id: str, kind: SourceKind | str) -> None:
        self.kind = SourceKind(kind)
        super().__init__(document, f"Set source kind {self.kind.label}")
        self.source_id = source_id
        self._old_kind = get_source(document.article, source_id).kind

    def _apply(self, kind: SourceKind) -> None:
        get_source(self.article, self.source_id).kind = kind
        self.article.touch()
        self.document.changed(sources=True)

    def redo(self) -> None:
        self._apply(self.kind)

    def undo(self) -> None:
        self._apply(self._old_kind)


class UpdateSourceCommand(DocumentCommand):
    """Replace what was captured of a source: after a re-fetch, or to record an archive copy.

    ``UpdateSourceCommand.refetched(document, source_id, fresh)`` takes everything from the
    fresh capture except the id, the URL asked for, the kind and the archive copy;
    ``UpdateSourceCommand.archived(...)`` sets only the archive URL and time.
    """

    def __init__(self, document: QtArticleDocument, source_id: str, values: dict[str, object], text: str) -> None:
        super().__init__(document, text)
        self.source_id = source_id
        source = get_source(document.article, source_id)
        self._new = {name: copy.copy(value) for name, value in values.items()}
        self._old = {name: copy.copy(getattr(source, name)) for name in values}

    @classmethod
    def refetched(cls, document: QtArticleDocument, source_id: str, fresh: Source) -> UpdateSourceCommand:
        values = {name: getattr(fresh, name) for name in _refetch_fields()}
        return cls(document, source_id, values, "Re-fetch source")

    @classmethod
    def archived(cls, document: QtArticleDocument, source_id: str, archive_url: str,
                 archived_at: str) -> UpdateSourceCommand:
        return cls(document, source_id, {"archive_url": archive_url, "archived_at": archived_at},
                   "Record archived copy")

    def _apply(self, values: dict[str, object]) -> None:
        _set_fields(get_source(self.article, self.source_id), values)
        self.article.touch()
        self.document.changed(sources=True)

    def redo(self) -> None:
        self._apply(self._new)

    def undo(self) -> None:
        self._apply(self._old)


def _refetch_fields() -> list[str]:
    return [f.name for f in fields(Source) if f.name not in _KEPT_ON_REFETCH]


def _set_fields(source: Source, values: dict[str, object]) -> None:
    for name, value in values.items():
        setattr(source, name, copy.copy(value))


def _assign(target: Evidence, values: Evidence) -> None:
    target.stance, target.quote, target.note = values.stance, values.quote, values.note


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
