"""Getting articles in: the Import dialog, and imports in the background (dropped files and
addresses, the command line's target). Each imported article is handed on through
:attr:`QtImportFlow.imported`; the window puts it in the library and opens it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStatusBar, QWidget

from factcheck_gui.core.settings import Settings
from factcheck_gui.store.library import Library
from factcheck_gui.store.settings import load_settings
from factcheck_gui.ui.errors import show_error

if TYPE_CHECKING:  # imported when first needed: they are not part of the first frame
    from factcheck_gui.ui.import_dialog import ImportRequest, QtImportDialog
    from factcheck_gui.ui.tasks import QtTaskRunner

__all__ = ["QtImportFlow"]


class QtImportFlow(QObject):
    """Starts imports for *parent* (a window) and reports them on its *status_bar*."""

    imported = Signal(object, bool)  # Article, and whether to offer its details for checking

    def __init__(self, library: Library, runner: Callable[[], QtTaskRunner], status_bar: QStatusBar,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._library, self._runner, self._status, self._parent = library, runner, status_bar, parent

    def fetch_settings(self) -> Settings:
        """The library's settings for fetching (user agent, timeouts), read afresh."""
        settings, _warning = load_settings(self._library.root)
        return settings

    def show_dialog(self, tab: str = "url") -> QtImportDialog:
        """The Import dialog on *tab* ("url", "text" with the clipboard's text, "file"), not blocking."""
        from factcheck_gui.ui.import_dialog import QtImportDialog

        dialog = QtImportDialog(self._runner(), self._parent, initial_tab=tab, settings=self.fetch_settings())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if tab == "text":
            clipboard = QGuiApplication.clipboard()
            text = clipboard.text() if clipboard is not None else ""
            if text.strip() and not dialog.text_edit.toPlainText():
                dialog.text_edit.setPlainText(text)
        dialog.article_ready.connect(lambda article, _request: self.imported.emit(article, True))
        dialog.open()
        return dialog

    def import_requests(self, requests: list[ImportRequest]) -> None:
        """Import in the background; with several at once, no details form is offered for each."""
        from factcheck_gui.ui.import_dialog import import_job

        ask_details = len(requests) == 1
        for request in requests:
            self._status.showMessage(f"Importing {request.description}\u2026")
            self._runner().start(
                import_job(request, self.fetch_settings()),
                on_result=lambda article: self.imported.emit(article, ask_details),
                on_error=self._on_error(request),
            )

    def _on_error(self, request: ImportRequest) -> Callable[[BaseException], None]:
        return lambda exc: self._failed(exc, request)

    def _failed(self, exc: BaseException, request: ImportRequest) -> None:
        self._status.clearMessage()  # not "Importing …" any longer
        show_error(self._parent, exc, f"{request.description} was not imported")
