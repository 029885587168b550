"""The open article's banners above the panes: changed on disk, not saved yet, read-only.

:class:`QtDocumentBanners` follows one :class:`~factcheck_gui.ui.document.QtArticleDocument`
(:meth:`~QtDocumentBanners.set_document`): it shows a banner when the document reports a
conflict, a failed save or that it is read-only, hides it when that is over, and its
buttons reload, keep this version or try saving again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.ui.banner import QtBanner
from factcheck_gui.ui.errors import show_error

if TYPE_CHECKING:
    from factcheck_gui.ui.document import QtArticleDocument

__all__ = ["QtDocumentBanners"]


class QtDocumentBanners(QObject):
    """Three banners (:attr:`conflict`, :attr:`save_error`, :attr:`read_only`) for the window to lay out."""

    message = Signal(str)  # a short note for the status bar, e.g. after reloading

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.document: QtArticleDocument | None = None
        self.conflict = QtBanner("conflictBanner", "warning")
        self.conflict.add_button("reloadButton", "&Reload from disk", "Reload the article from disk").clicked.connect(
            self.reload_from_disk
        )
        self.conflict.add_button("keepMineButton", "&Keep my version", "Keep my version").clicked.connect(
            self.keep_my_version
        )
        self.save_error = QtBanner("saveErrorBanner", "error")
        self.save_error.add_button("retrySaveButton", "Try &again", "Try saving again").clicked.connect(self._retry_save)
        self.read_only = QtBanner("readOnlyBanner", "info")

    def widgets(self) -> list[QtBanner]:
        return [self.conflict, self.save_error, self.read_only]

    def set_document(self, document: QtArticleDocument | None) -> None:
        """Follow *document* (None: no article open, no banner)."""
        self.document = document
        for banner in self.widgets():
            banner.hide()
        if document is None:
            return
        document.saved.connect(self.save_error.hide)
        document.save_failed.connect(self._on_save_failed)
        document.conflict_detected.connect(self._on_conflict)
        document.conflict_resolved.connect(self.conflict.hide)
        if document.read_only:
            self.read_only.show_message(document.read_only_reason)

    def _on_save_failed(self, message: str) -> None:
        self.save_error.show_message(
            f"Your latest changes are not saved yet. {message} They are kept in memory and saving is tried again "
            "every few seconds and after your next change."
        )

    def _retry_save(self) -> None:
        if self.document is not None:
            self.document.save()

    def _on_conflict(self) -> None:
        if self.document is None:
            return
        self.conflict.show_message(
            f"\u201c{self.document.article.title}\u201d was changed on disk by another program or window since you "
            "opened it. Reload it to see that change (your unsaved edits are kept in the backups folder), "
            "or keep your version (the other one is kept in the backups folder)."
        )

    def reload_from_disk(self) -> None:
        """Take the version on disk (after a conflict)."""
        if self.document is None:
            return
        try:
            self.document.reload_from_disk()
        except FactcheckError as exc:
            show_error(self._parent, exc, "The article could not be reloaded")
            return
        self.message.emit("Reloaded the version from disk.")

    def keep_my_version(self) -> None:
        """Write this version over the one on disk (after a conflict)."""
        if self.document is not None:
            self.document.keep_mine()
