"""The window's panes side by side: their first sizes, the sizes remembered, a readable article.

:class:`QtPaneLayout` builds the main splitter (library | article | claims and claim editor |
sources), gives it sensible sizes the first time and on a small screen, restores and saves the
window geometry and the splitters by objectName (in the per-user window settings), and keeps
every pane usable whatever the window's size: the article column readable, the claim editor
tall and wide enough to show all of it, the sources wide enough for their cards. Sizes saved
on another screen are fitted to this one. View › Show library stays ticked exactly when the
library can be seen.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QScrollArea, QSplitter, QWidget

from factcheck_gui.ui.source_card import QtSourceCards

__all__ = ["FIT_PACE_MS", "QtPaneLayout"]

FIT_PACE_MS = 100  # while fits are asked for again and again, at most one per this many ms


class QtPaneLayout(QObject):
    """The main splitter of *window*: *library* | *article* | *side* (the claims list over the claim
    editor) | *sources* (the current claim's sources)."""

    def __init__(self, window: QMainWindow, library: QWidget, article: QWidget, side: QSplitter,
                 sources: QWidget) -> None:
        super().__init__(window)
        self._window, self._library, self._side, self._sources = window, library, side, sources
        self._article = article
        self._editor_content: QWidget | None = None
        self._seen_before: QWidget | None = None  # under the sources, in the same column
        #: True while a burst of work lands (the window sets it: fetches under way); meanwhile the panes are
        #: fitted at most once per FIT_PACE_MS, since each fit measures every card (~1-3 ms).
        self.busy: Callable[[], bool] = lambda: False
        # One fit of each kind per pass of the event loop, however many events asked.
        self._fit_sources_timer = _PacedTimer(self, self.fit_sources_column, lambda: self.busy())
        self._fit_timer = _PacedTimer(self, self._fit_claim_panels, lambda: self.busy())
        self._first_sizes: list[int] | None = None  # set once the main splitter is laid out
        self.library_action: QAction | None = None  # View › Show library, once the actions exist
        self.main_splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(library)
        splitter.addWidget(article)
        splitter.addWidget(side)
        splitter.addWidget(sources)
        # The article gets the stretch; the side panes have sensible widths and can be collapsed.
        em = self._em()
        # Small minimums, so a small window still fits its screen; rebalance() gives the panes the
        # widths they want whenever the window has them.
        library.setMinimumWidth(em * 12)  # kept small: a shown library would hold the window wide
        library.setMaximumWidth(em * 44)
        article.setMinimumWidth(em * 20)
        side.setMinimumWidth(em * 11)
        side.setMaximumWidth(em * 56)
        self._limit_sources(sources)
        for index, (collapsible, stretch) in enumerate(((True, 0), (False, 1), (True, 0), (True, 0))):
            splitter.setCollapsible(index, collapsible)
            splitter.setStretchFactor(index, stretch)
        splitter.installEventFilter(self)  # a narrower window shrinks the side panes first
        side.installEventFilter(self)  # a shorter window keeps the claim editor whole
        splitter.splitterMoved.connect(self._on_splitter_moved)
        # A library dragged narrower than its filters and buttons need gets that width back when the
        # mouse lets go (QSplitter's own minimum would keep the whole window that much wider).
        handle = splitter.handle(1)
        if handle is not None:
            handle.installEventFilter(self)
        self._library_handle = handle

    def _limit_sources(self, sources: QWidget) -> None:
        em = self._em()
        sources.setMinimumWidth(em * 8)
        sources.setMaximumWidth(em * 64)

    def set_claim_panels(self, editor: QWidget, editor_content: QWidget) -> None:
        """Put the claim editor in the place (and size) its placeholder held; it is kept whole as
        what it shows (*editor_content*) grows."""
        placeholder = self._side.replaceWidget(1, editor)
        if placeholder is not None:
            placeholder.deleteLater()
        editor_content.installEventFilter(self)
        self._editor_content = editor_content
        self.fit_soon()

    def set_seen_before(self, panel: QWidget) -> None:
        """*panel* ("Seen before?") is the second part of the sources' column: it gets the height the
        sources do not need for two whole cards (with a message shown), and at least a strip showing
        its title and status (drag it open for its rows)."""
        self._seen_before = panel
        column = self._sources
        if not isinstance(column, QSplitter) or column.count() != 2:
            return
        column.setStretchFactor(0, 1)
        column.setStretchFactor(1, 0)
        column.installEventFilter(self)
        sources = column.widget(0)
        scroll = sources.findChild(QScrollArea, "sourcesScrollArea") if sources is not None else None
        content = scroll.widget() if scroll is not None else None
        for watched in (sources, content):  # a message or progress row shown, the cards changed
            if watched is not None:
                watched.installEventFilter(self)
        self._fit_sources_timer.ask()

    def sources_height_wanted(self) -> int:
        """The sources' height for their heading, address field, what they show above the cards (a
        message, progress) and their first two cards whole; 36 lines when fewer cards show."""
        wanted = self._window.fontMetrics().height() * 36
        column = self._sources
        sources = column.widget(0) if isinstance(column, QSplitter) and column.count() else None
        scroll = sources.findChild(QScrollArea, "sourcesScrollArea") if sources is not None else None
        content = scroll.widget() if scroll is not None else None
        if sources is None or scroll is None or content is None:
            return wanted
        cards = sorted(card.mapTo(content, QPoint(0, 0)).y() + card.height()
                       for card in content.findChildren(QWidget, "sourceCard") if card.isVisibleTo(content))
        if len(cards) < 2:
            return wanted
        above = sources.height() - scroll.viewport().height()  # heading, address field, message, frame
        return max(wanted, above + cards[1] + self._em())

    def fit_sources_column(self) -> None:
        """Share the sources' column (once it has its height) between the sources and "Seen before?"."""
        column, seen = self._sources, self._seen_before
        if not isinstance(column, QSplitter) or seen is None or column.count() != 2 or not column.isVisible():
            return
        sizes = column.sizes()
        height = sum(sizes)
        if height <= 0:
            return  # not laid out yet: fitted on its first resize
        strip = seen.minimumSizeHint().height()
        wanted = min(max(strip, min(seen.sizeHint().height() * 2, height - self.sources_height_wanted())),
                     max(strip, height // 2))
        if sizes[1] != wanted:
            column.setSizes([height - wanted, wanted])

    def _em(self) -> int:
        return self._window.fontMetrics().horizontalAdvance("m")

    def article_width_wanted(self) -> int:
        return self._em() * 42  # 420-500 px: a readable column

    def _editor(self) -> QWidget | None:
        return self._side.widget(1) if self._side.count() > 1 else None

    def _editor_size_wanted(self) -> QSize:
        """What the claim editor needs to show all of itself without scrolling."""
        editor = self._editor()
        hint = getattr(editor, "content_size_hint", None)
        return hint() if callable(hint) else QSize(0, 0)

    def side_width_wanted(self) -> int:
        """The claims column: as wide as the claim editor needs (its verdict buttons unclipped)."""
        return min(self._side.maximumWidth(), max(self._em() * 30, self._editor_size_wanted().width()))

    def library_width_wanted(self) -> int:
        """The library, once shown: wide enough for its buttons and rows."""
        return min(self._library.maximumWidth(), max(self._em() * 20, self._library.minimumSizeHint().width()))

    def _sources_floor(self) -> int:
        """The narrowest the sources get to make room for the claim editor: their cards unclipped."""
        content = self._sources.findChild(QWidget, "sourcesContent")
        cards = content.minimumSizeHint().width() + self._em() * 2 if content is not None else 0
        return max(self._sources.minimumWidth(), self._em() * 24, cards)

    def _cards_shown(self) -> bool:
        """Whether the sources show a card (none is built here)."""
        box = self._sources.findChild(QtSourceCards, "sourceCards")
        return box is not None and box.has_cards()

    def library_floor(self) -> int:
        """The narrowest the library is shown: its filters, sort and buttons whole (else it is collapsed)."""
        return max(self._library.minimumWidth(), self._library.minimumSizeHint().width())

    def sources_width_wanted(self) -> int:
        return self._em() * 34  # a card's two rows of buttons and its stance and kind side by side

    def restore(self, settings: QSettings) -> None:
        """Window geometry and splitter positions as they were (defaults the first time)."""
        window = self._window
        geometry = settings.value("window/geometry")
        # Qt refuses a geometry saved on a screen more than 10% wider or narrower than this one (a
        # laptop's, now on a monitor) and leaves the window at its bare minimum: the default size then.
        if not (isinstance(geometry, QByteArray) and not geometry.isEmpty() and window.restoreGeometry(geometry)):
            self._default_geometry()
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)
        self._fit_to_screen()
        em = self._em()
        width = max(window.width(), em * 60)
        side_wanted, sources_wanted = self.side_width_wanted(), self.sources_width_wanted()
        article = min(self.article_width_wanted(), width * 2 // 3)
        library = min(em * 26, width // 5)
        if width - library - side_wanted - sources_wanted < article:
            library = 0  # a narrow screen: the library starts collapsed (View › Show library, or drag it out)
        room = width - library - article
        side = min(side_wanted, max(self._side.minimumWidth(), room // 2))
        sources = min(sources_wanted, max(self._sources.minimumWidth(), room - side))
        height = max(window.height(), em * 40)
        defaults = {
            "mainSplitter": [library, width - library - side - sources, side, sources],
            "sideSplitter": [height // 3, height * 2 // 3] + [em * 20] * (self._side.count() - 2),
        }
        for splitter in (self.main_splitter, self._side):
            name = splitter.objectName()
            saved = settings.value(f"splitters/{name}")
            if not (isinstance(saved, QByteArray) and splitter.restoreState(saved)
                    and splitter.count() == len(defaults[name])):
                splitter.setSizes(defaults[name])
            else:
                defaults[name] = _int_list(settings.value(f"splitters/{name}Sizes"), splitter.count()) or []
        # Before the window is shown its splitters have no real width yet and squeeze any sizes set
        # now; the main splitter's are set again, and fitted to the screen, once it is laid out.
        self._first_sizes = defaults["mainSplitter"] or None
        visible = settings.value("window/libraryVisible", True)
        if self.library_action is not None:
            self.library_action.setChecked(visible not in (False, "false", "0", 0))
        if self.main_splitter.isVisible():
            self._first_layout()
        self.sync_library_action()  # collapsed on a narrow screen: not ticked

    def _first_layout(self) -> None:
        """The sizes restored (or the first sizes), now that the splitter has its width, fitted to it."""
        if self._first_sizes is not None:
            self.main_splitter.setSizes(self._first_sizes)
            self._first_sizes = None
        self.rebalance()  # sizes saved on another screen, fitted to this one
        self.fit_editor()

    def _fit_to_screen(self) -> None:
        """A window restored from a larger screen is made to fit this one."""
        window = self._window
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        if available.width() <= 0 or available.height() <= 0:
            return
        if window.width() > available.width() or window.height() > available.height():
            window.resize(window.size().boundedTo(available.size()))

    def _default_geometry(self) -> None:
        window = self._window
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        size = QSize(1600, 1000)
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
            settings.setValue(f"splitters/{splitter.objectName()}Sizes", splitter.sizes())
        settings.sync()

    def show_library(self, shown: bool) -> None:
        """Show or hide the library; shown, it gets back a width if it was collapsed."""
        self._library.setVisible(shown)
        sizes = self.main_splitter.sizes()
        if shown and len(sizes) == 4 and sizes[0] == 0:
            width = max(self.library_floor(), min(self.library_width_wanted(), sum(sizes) // 5))
            self.main_splitter.setSizes([width, max(0, sizes[1] - width), sizes[2], sizes[3]])
            self.rebalance(collapse_library=False)

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

    def rebalance(self, *, collapse_library: bool = True) -> None:
        """Fit the panes to the window, in this order of importance: the claim editor whole, the
        article readable, the source cards unclipped, the library. Width the article needs is taken
        from the library (down to what it needs), the sources (down to their cards), then the library
        is collapsed, then the claims column and the sources go down to their minimum; width the
        article does not need goes back to the claims column, the sources and the library, up to
        what they want (so a window made wider, or sizes saved on a smaller screen, do not leave
        them squeezed). The claim editor, then the source cards, get the width they lack from the
        library, the article beyond what it wants (the cards: the claims column beyond what the editor
        wants), then the article down to 40 em. A pane the user collapsed stays collapsed; a library
        the user just showed (*collapse_library* False) is not collapsed again."""
        sizes = self.main_splitter.sizes()
        if len(sizes) != 4 or sum(sizes) <= 0:
            return
        before = list(sizes)
        library_wanted, sources_floor = self.library_width_wanted(), self._sources_floor()
        collapse: tuple[tuple[int, int | None], ...] = ((0, None),) if collapse_library else ()
        cards_shown = self._cards_shown()
        readable = min(self.article_width_wanted(), sum(sizes) // 2)
        if sizes[0] == 0 and sizes[2] > 0 and sizes[3] > 0 and cards_shown:
            # No library shown (a small window): the article gives way to the claim editor and the cards.
            readable = min(readable, max(self._article.minimumWidth(),
                                         sum(sizes) - sizes[0] - self.side_width_wanted() - sources_floor))
        deficit = readable - sizes[1]
        surplus = sizes[1] - self.article_width_wanted()
        if deficit > 0:
            self._take(sizes, 1, deficit, ((0, library_wanted), (3, sources_floor), *collapse,
                                           (2, self._side.minimumWidth()), (3, self._sources.minimumWidth()),
                                           (0, self.library_floor())))
        elif surplus > 0:
            for index, preferred in ((2, self.side_width_wanted()), (3, self.sources_width_wanted()),
                                     (0, library_wanted)):
                if 0 < sizes[index] < preferred:
                    give = min(preferred - sizes[index], surplus)
                    sizes[index] += give
                    sizes[1] -= give
                    surplus -= give
        need = self.side_width_wanted() - sizes[2]
        if need > 0 and sizes[2] > 0:  # the claim editor cut off; last, beside a library kept shown (the
            # user asked for it in a 1366 px window), from a narrower article
            narrower = ((1, self._em() * 32),) if sizes[0] > 0 else ()
            self._take(sizes, 2, need, ((0, library_wanted), (3, sources_floor), (1, self._em() * 40), *collapse,
                                        *narrower))
        need = sources_floor - sizes[3]
        if need > 0 and sizes[3] > 0:  # the source cards cut off (e.g. the first card just came)
            # With no library shown (a small window), the article gives way down to its own minimum.
            last = ((1, self._article.minimumWidth()),) if sizes[0] == 0 and cards_shown else ()
            self._take(sizes, 3, need, ((0, library_wanted), (1, self.article_width_wanted()),
                                        (2, self.side_width_wanted()), (1, self._em() * 40), *collapse, *last))
        self._library_whole_or_collapsed(sizes, collapse_library)
        if sizes != before:
            self.main_splitter.setSizes(sizes)
        self.sync_library_action()

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        """A handle dragged: the sources are never squeezed narrower than their cards while the article
        (down to its own minimum) or the claims column (beyond the editor's width) has width to give;
        a window too small for that scrolls the cards sideways instead of cutting them."""
        sizes = self.main_splitter.sizes()
        if len(sizes) == 4 and 0 < sizes[3] and self._cards_shown():
            need = self._sources_floor() - sizes[3]
            if need > 0:
                before = list(sizes)
                self._take(sizes, 3, need, ((1, self._article.minimumWidth()), (2, self.side_width_wanted())))
                if sizes != before:
                    self.main_splitter.setSizes(sizes)
        self.sync_library_action()

    def _library_whole_or_collapsed(self, sizes: list[int], collapse_library: bool) -> None:
        """A library narrower than its filters and buttons need (they would be cut: "Any review s...")
        gets that width from the article while the article keeps 40 em (or whenever the user asked
        for the library), else it is collapsed."""
        floor = self.library_floor()
        if not 0 < sizes[0] < floor or QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return  # while a splitter is dragged: when the mouse lets go
        need = floor - sizes[0]
        if sizes[1] - need >= self._em() * 40 or not collapse_library:
            take = min(need, max(0, sizes[1] - self._em() * 20))
            sizes[0] += take
            sizes[1] -= take
        else:
            sizes[1] += sizes[0]
            sizes[0] = 0

    @staticmethod
    def _take(sizes: list[int], to: int, amount: int, steps: tuple[tuple[int, int | None], ...]) -> None:
        """Move up to *amount* pixels into pane *to*, from each (pane, floor) of *steps* in turn; a
        floor of None collapses that pane, its width beyond *amount* going to the article."""
        for index, floor in steps:
            if amount <= 0:
                return
            if sizes[index] <= 0:
                continue
            if floor is None:
                freed, sizes[index] = sizes[index], 0
                sizes[to] += min(freed, amount)
                sizes[1] += max(0, freed - amount)
                amount -= freed
                continue
            take = min(amount, max(0, sizes[index] - floor))
            sizes[index] -= take
            sizes[to] += take
            amount -= take

    def reveal_sources(self) -> None:
        """Give the sources their width back if they were collapsed (e.g. S on a narrow screen)."""
        sizes = self.main_splitter.sizes()
        if len(sizes) == 4 and sizes[3] == 0:
            width = max(self._sources.minimumWidth(), min(self.sources_width_wanted(), sizes[1] // 2))
            self.main_splitter.setSizes([sizes[0], max(0, sizes[1] - width), sizes[2], width])

    def fit_editor(self) -> None:
        """Make the claim editor tall enough to show all of itself, taking height from the claims
        list down to its minimum (two whole rows: on a shorter screen the editor scrolls instead)."""
        sizes = self._side.sizes()
        wanted = self._editor_size_wanted().height()
        if len(sizes) < 2 or wanted <= 0 or sizes[1] >= wanted or sizes[1] == 0:
            return
        claims = self._side.widget(0)
        rows = claims.minimumSizeHint().height() if claims is not None else 0
        take = min(wanted - sizes[1], max(0, sizes[0] - rows))
        if take > 0:
            sizes[0] -= take
            sizes[1] += take
            self._side.setSizes(sizes)

    def fit_soon(self, *_args: object) -> None:
        """Fit the panes to what they show, once the event loop has laid it out (e.g. a claim shown).
        However often it is asked for meanwhile (each pin of a burst asks several times), once."""
        self._fit_timer.ask()

    def _fit_claim_panels(self) -> None:
        self.rebalance(collapse_library=False)  # only a window made smaller collapses the library
        self.fit_editor()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and watched is self._library_handle:
            QTimer.singleShot(0, self, lambda: self.rebalance(collapse_library=False))  # after the drag
        elif event.type() == QEvent.Type.Resize:
            if watched is self.main_splitter:
                # After the splitter laid itself out (the first time: the sizes restored, then fitted).
                QTimer.singleShot(0, self, self._first_layout if self._first_sizes is not None else self.rebalance)
            elif watched is self._side:
                QTimer.singleShot(0, self, self.fit_editor)
            elif watched is self._sources:
                self._fit_sources_timer.ask()
        elif event.type() == QEvent.Type.LayoutRequest and watched is self._editor_content:
            self.fit_soon()  # the editor's fields appeared or changed
        elif event.type() == QEvent.Type.LayoutRequest and self._seen_before is not None:
            self._fit_sources_timer.ask()  # the sources' message, progress or cards changed
            if watched is not self.main_splitter and watched is not self._side:
                self.fit_soon()  # a card came: the sources may need more width
        return False


class _PacedTimer(QTimer):
    """Calls *slot* on the next pass of the event loop once asked, however often it was asked meanwhile;
    while *paced* says so, no sooner than FIT_PACE_MS after its last call."""

    def __init__(self, parent: QObject, slot: Callable[[], None], paced: Callable[[], bool]) -> None:
        super().__init__(parent)
        self.setSingleShot(True)
        self._slot, self._paced = slot, paced
        self._called_at = -1.0
        self.timeout.connect(self._call)

    def ask(self) -> None:
        if not self.isActive():
            waited = (time.monotonic() - self._called_at) * 1000
            self.start(max(0, round(FIT_PACE_MS - waited)) if self._paced() else 0)

    def _call(self) -> None:
        self._called_at = time.monotonic()
        self._slot()


def _int_list(value: object, count: int) -> list[int] | None:
    """A list of *count* sizes as QSettings gives it back (ints, or strings in an INI file), else None."""
    if not isinstance(value, (list, tuple)) or len(value) != count:
        return None
    try:
        return [max(0, int(item)) for item in value]
    except (TypeError, ValueError):
        return None
