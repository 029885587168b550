"""The window's panes side by side: their first sizes, the sizes remembered, a readable article.

:class:`QtPaneLayout` builds the main splitter (library | article | claim panels), gives
it sensible sizes the first time and on a small screen, restores and saves the window
geometry and the splitters by objectName (in the per-user window settings), keeps the
article column readable when the window narrows, and keeps View › Show library ticked
exactly when the library can be seen.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

__all__ = ["QtPaneLayout"]


class QtPaneLayout(QObject):
    """The main splitter of *window*: *library* | *article* | *side* (the claim panels' splitter)."""

    def __init__(self, window: QMainWindow, library: QWidget, article: QWidget, side: QSplitter) -> None:
        super().__init__(window)
        self._window, self._library, self._side = window, library, side
        self.library_action: QAction | None = None  # View › Show library, once the actions exist
        self.main_splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(library)
        splitter.addWidget(article)
        splitter.addWidget(side)
        # The article gets the stretch; the side panes have sensible widths and can be collapsed.
        em = self._em()
        library.setMinimumWidth(em * 14)
        library.setMaximumWidth(em * 44)
        article.setMinimumWidth(em * 20)
        side.setMinimumWidth(em * 20)
        side.setMaximumWidth(em * 56)
        for index, (collapsible, stretch) in enumerate(((True, 0), (False, 1), (True, 0))):
            splitter.setCollapsible(index, collapsible)
            splitter.setStretchFactor(index, stretch)
        splitter.installEventFilter(self)  # a narrower window shrinks the side panes first
        splitter.splitterMoved.connect(lambda _pos, _index: self.sync_library_action())

    def _em(self) -> int:
        return self._window.fontMetrics().horizontalAdvance("m")

    def article_width_wanted(self) -> int:
        return self._em() * 48  # about 480 px: a readable column

    def restore(self, settings: QSettings) -> None:
        """Window geometry and splitter positions as they were (defaults the first time)."""
        window = self._window
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        else:
            self._default_geometry()
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)
        em = self._em()
        width = max(window.width(), em * 60)
        library, side = min(em * 26, width // 5), min(em * 36, width * 3 // 10)
        if width - library - side < self.article_width_wanted():
            library = 0  # a narrow screen: the library starts collapsed (View › Show library, or drag it out)
        defaults = {
            "mainSplitter": [library, width - library - side, side],
            "sideSplitter": [em * 26, em * 32] + [em * 20] * (self._side.count() - 2),
        }
        for splitter in (self.main_splitter, self._side):
            saved = settings.value(f"splitters/{splitter.objectName()}")
            if not (isinstance(saved, QByteArray) and splitter.restoreState(saved)):
                splitter.setSizes(defaults[splitter.objectName()])
        visible = settings.value("window/libraryVisible", True)
        if self.library_action is not None:
            self.library_action.setChecked(visible not in (False, "false", "0", 0))
        self.sync_library_action()  # collapsed on a narrow screen: not ticked

    def _default_geometry(self) -> None:
        window = self._window
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        size = QSize(1360, 840)
        if available is not None and available.width() > 0:
            size = size.boundedTo(available.size() * 0.95)
            window.resize(size)
            window.move(available.center() - window.rect().center())
        else:
            window.resize(size)

    def save(self, settings: QSettings) -> None:
        """Remember the window geometry, the splitters and whether the library is shown."""
        settings.setValue("window/geometry", self._window.saveGeometry())
        settings.setValue("window/state", self._window.saveState())
        if self.library_action is not None:
            settings.setValue("window/libraryVisible", self.library_action.isChecked())
        for splitter in (self.main_splitter, self._side):
            settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        settings.sync()

    def show_library(self, shown: bool) -> None:
        """Show or hide the library; shown, it gets back a width if it was collapsed."""
        self._library.setVisible(shown)
        sizes = self.main_splitter.sizes()
        if shown and len(sizes) == 3 and sizes[0] == 0:
            width = max(self._library.minimumWidth(), min(self._em() * 26, sum(sizes) // 5))
            self.main_splitter.setSizes([width, max(0, sizes[1] - width), sizes[2]])
            self.rebalance()

    def sync_library_action(self) -> None:
        """View › Show library is ticked exactly when the library can be seen (not collapsed to nothing)."""
        action = self.library_action
        if action is None:
            return
        seen = self._library.isVisibleTo(self._window) and self.main_splitter.sizes()[0] > 0
        if action.isChecked() != seen:
            action.blockSignals(True)
            action.setChecked(seen)
            action.blockSignals(False)

    def rebalance(self) -> None:
        """Keep the article readable: take width from the side panes (down to their minimum) first."""
        sizes = self.main_splitter.sizes()
        if len(sizes) != 3 or sum(sizes) <= 0:
            return
        library, article, side = sizes
        deficit = min(self.article_width_wanted(), sum(sizes) // 2) - article
        if deficit <= 0:
            return
        for index, minimum in ((2, self._side.minimumWidth()), (0, self._library.minimumWidth())):
            spare = max(0, sizes[index] - minimum) if sizes[index] > 0 else 0
            take = min(spare, deficit)
            sizes[index] -= take
            sizes[1] += take
            deficit -= take
        if sizes != [library, article, side]:
            self.main_splitter.setSizes(sizes)
        self.sync_library_action()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main_splitter and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self.rebalance)  # after the splitter laid itself out
        return False
