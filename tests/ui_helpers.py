"""Helpers for the window tests: a real main window on a temporary library.

The ``make_window`` fixture (tests/conftest.py) builds windows with ``window_factory``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from factcheck_gui.core.model import Article  # noqa: E402
from factcheck_gui.importer import ensure_sample  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.ui.app import build_window  # noqa: E402
from factcheck_gui.ui.main_window import QtMainWindow  # noqa: E402

__all__ = [
    "click_on",
    "drag_select",
    "find_dialog",
    "mark_dunford",
    "point_between",
    "point_on",
    "press",
    "read_article_json",
    "sentence_starting",
    "type_text",
    "window_factory",
]


def window_factory(qtbot: Any, data_dir: Path, tmp_path: Path) -> Callable[..., QtMainWindow]:
    """Build, show and activate a main window on the test's library folder (the sample in it).

    Several calls give several windows on the same folder, like reopening the app.
    Options go to QtMainWindow (e.g. ``retry_delay_ms=50``); ``target`` to open_target;
    ``size=None`` keeps the size the window restored from its settings.
    """

    def make(target: str | None = None, *, size: tuple[int, int] | None = (1400, 900), **options: Any) -> QtMainWindow:
        library = Library(data_dir)
        ensure_sample(library)
        options.setdefault("settings_path", tmp_path / "config" / "window.ini")
        window = build_window(library, target, **options)
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)

        return window

    return make


def mark_dunford(window: QtMainWindow, qtbot: Any, verdict: str | None = None, sources: int = 0) -> Any:
    """The user's first claim on the sample: select the Dunford sentence, Edit › Mark claim, give it
    *verdict* (a key of the scale), pin *sources* sample sources and wait for their cards. The claim."""
    from tests.conftest import DUNFORD_START
    from tests.sample_sources import pin_sources

    document = window.document
    window.article_view.select_span(*sentence_starting(document.article, DUNFORD_START))
    window.action("mark_claim").trigger()
    if verdict is not None:
        window.set_verdict(verdict)
    claim = document.current_claim
    if sources:
        pin_sources(document, claim.id, sources)
        qtbot.waitUntil(lambda: len(window.sources_panel.cards_box.cards()) == sources, timeout=3000)
    return claim


def read_article_json(library: Library, article_id: str) -> dict[str, Any]:
    """The article file as it is on disk."""
    with open(library.path_of(article_id), encoding="utf-8") as handle:
        return json.load(handle)


def sentence_starting(article: Article, beginning: str) -> tuple[int, int]:
    for start, end in article.sentences:
        if article.text.startswith(beginning, start):
            return start, end
    raise AssertionError(f"no sentence starts with {beginning!r}")


def point_on(view: Any, offset: int) -> QPoint:
    """The middle of the character at Python *offset*, in viewport coordinates (scrolled into view)."""
    view.scroll_to_offset(offset)
    left = view.cursorRect(view.cursor_for_offset(offset))
    right = view.cursorRect(view.cursor_for_offset(offset + 1))
    if left.top() != right.top():  # the character ends its line
        return QPoint(left.x() + 2, left.center().y())
    return QPoint((left.x() + right.x()) // 2, left.center().y())


def point_between(view: Any, offset: int) -> QPoint:
    """The caret position before the character at *offset* (where a drag starts or ends)."""
    return view.cursorRect(view.cursor_for_offset(offset)).center()


def click_on(qtbot, view: Any, offset: int) -> None:
    """Click the character at *offset* in the article view."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_on(view, offset))


def drag_select(qtbot, view: Any, start: int, end: int) -> None:
    """Press before *start*, drag, release before *end*, as a user selects part of a sentence."""
    view.scroll_to_offset(start)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_between(view, start))
    qtbot.mouseMove(viewport, point_between(view, (start + end) // 2))
    qtbot.mouseMove(viewport, point_between(view, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_between(view, end))


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QWidget:
    """Press *key* where the keyboard focus is, as the user would; returns that widget."""
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focus, key, modifier)
    return focus


def type_text(qtbot, text: str) -> QWidget:
    """Type *text* where the keyboard focus is."""
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard focus"
    qtbot.keyClicks(focus, text)
    return focus


def find_dialog(qtbot, parent: QWidget, object_name: str, kind: type = QWidget, timeout: int = 3000) -> Any:
    """Wait for a visible dialog (or message box) named *object_name* under *parent*."""
    found: list[Any] = []

    def visible() -> bool:
        found[:] = [w for w in parent.findChildren(kind, object_name) if w.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible, timeout=timeout)
    return found[0]


# The ``make_window`` fixture is in tests/conftest.py; this name keeps an older
# ``from tests.ui_helpers import make_window`` importing (the fixture is still the one used).
make_window = window_factory


def stale_layout_items() -> list[Any]:
    """PySide wrappers of layout items that no live layout holds any more.

    Qt deletes a QWidgetItem when its widget leaves the layout, but PySide cannot see that
    (a layout item is no QObject) and keeps a wrapper made for it (by QLayout.itemAt(), or by
    addLayout() of a layout already holding widgets). A later Qt object at the same address
    then comes back as that wrapper: statusBar() returned a 'QWidgetItem' once, and
    QListWidget.clear() crashed. The app must never leave one behind.
    """
    import gc

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QObject
    from PySide6.QtWidgets import QLayout, QLayoutItem

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    wrappers = [o for o in gc.get_objects()
                if isinstance(o, QLayoutItem) and not isinstance(o, QObject) and shiboken6.isValid(o)]
    live: set[int] = set()

    def walk(layout: QLayout) -> None:
        for position in range(layout.count()):
            item = layout.itemAt(position)
            live.add(shiboken6.getCppPointer(item)[0])
            inner = item.layout()
            if inner is not None:
                walk(inner)

    for widget in QApplication.allWidgets():
        if widget.layout() is not None:
            walk(widget.layout())
    return [o for o in wrappers if shiboken6.getCppPointer(o)[0] not in live]


class GapTimer:
    """A 5 ms timer on the GUI thread that keeps the gaps between its ticks: the window's stalls."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        """Stop ticking; the time since the last tick counts as a gap too."""
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now


@contextmanager
def larger_app_font(qtbot: Any, factor: float, widget: QWidget) -> Iterator[None]:
    """The application's font *factor* times larger (as Qt sets it when the desktop's text size grows)
    until the block ends, once *widget* has taken it in."""
    font = QApplication.font()
    larger = QFont(font)
    larger.setPointSizeF(font.pointSizeF() * factor)
    QApplication.setFont(larger)
    try:
        qtbot.waitUntil(lambda: widget.fontInfo().pointSizeF() > font.pointSizeF() * (factor - 0.1), timeout=2000)
        yield
    finally:
        QApplication.setFont(font)
