"""The sources column is never narrower than a source card: in a small window the article gives way
first (down to its own minimum), and the cards show whole, none of their controls elided or cut at
the viewport's right edge ("Stance Cont...", "Op...")."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QScrollArea, QWidget

from tests.test_ui_screen_sizes import settle
from tests.ui_helpers import mark_dunford

SIZES = [(1000, 650), (1366, 768)]


def cut_cards(window) -> list[str]:  # noqa: ANN001 - QtMainWindow
    """What is wrong with the cards shown: a card narrower than it needs, its right edge beyond the
    sources' viewport, or a button narrower than its label."""
    viewport = window.findChild(QScrollArea, "sourcesScrollArea").viewport()
    problems = []
    for card in window.findChildren(QWidget, "sourceCard"):
        if not card.isVisible():
            continue
        if card.width() < card.minimumSizeHint().width():
            problems.append(f"card {card.width()} px < its minimum {card.minimumSizeHint().width()} px")
        right = card.mapTo(viewport, QPoint(card.width(), 0)).x()
        if right > viewport.width():
            problems.append(f"card's right edge {right} px beyond the viewport's {viewport.width()} px")
        for button in card.findChildren(QPushButton):
            if button.isVisible() and button.width() < button.minimumSizeHint().width():
                problems.append(f"{button.objectName() or button.text()!r} {button.width()} px "
                                f"< {button.minimumSizeHint().width()} px")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_source_cards_show_whole_in_a_small_window(make_window, qtbot, size):
    window = make_window(size=size)
    mark_dunford(window, qtbot, "not-checkable", sources=2)
    settle(qtbot, window, size, passes_ms=100)
    qtbot.waitUntil(lambda: len([c for c in window.findChildren(QWidget, "sourceCard") if c.isVisible()]) == 2,
                    timeout=3000)
    settle(qtbot, window, size, passes_ms=100)
    assert cut_cards(window) == []
    # The user drags the handle left of the sources far to the right: the cards stay whole.
    splitter = window.findChild(QWidget, "mainSplitter")
    handle = splitter.handle(3)
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 9):
        QTest.mouseMove(handle, start + QPoint(step * 25, 0))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(200, 0))
    qtbot.wait(100)
    assert splitter.sizes()[3] > 0  # not dragged far enough to collapse the sources
    assert cut_cards(window) == []
    assert window.findChild(QWidget, "articleView").width() > 0  # the article still shown
