"""Files and web addresses dropped onto the window become imports.

:func:`requests_from_mime` says what a drag carries (files, http(s) addresses, or text);
:class:`QtDropImport` watches widgets, accepts drags that carry something to import and
emits :attr:`QtDropImport.dropped` with the requests. Drags of anything else pass on to
the widget as if nobody watched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the import dialog's module is loaded when first needed
    from factcheck_gui.ui.import_dialog import ImportRequest

__all__ = ["QtDropImport", "requests_from_mime"]

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def requests_from_mime(mime: QMimeData) -> list[ImportRequest]:
    """The imports a drag carries: local files, http(s) addresses, or else its text ([] if none)."""
    from factcheck_gui.core.text import is_web_url
    from factcheck_gui.ui.import_dialog import ImportRequest

    requests: list[ImportRequest] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                requests.append(ImportRequest("file", url.toLocalFile()))
            elif url.scheme() in ("http", "https"):
                requests.append(ImportRequest("url", url.toString()))
    elif mime.hasText():
        text = mime.text().strip()
        if is_web_url(text):  # one address, nothing else
            requests.append(ImportRequest("url", text))
        elif text:
            requests.append(ImportRequest("text", mime.text()))
    return requests


class QtDropImport(QObject):
    """Accepts drops of things to import on the widgets it :meth:`watch`-es."""

    dropped = Signal(list)  # list[ImportRequest]

    def watch(self, widget: QWidget) -> None:
        """Take drops on *widget* (for a scroll area, pass its viewport)."""
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _DRAG_EVENTS or not isinstance(event, QDropEvent):
            return False
        requests = requests_from_mime(event.mimeData())
        if not requests:
            return False  # not ours: the widget handles (or ignores) it as usual
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.dropped.emit(requests)
        return True
