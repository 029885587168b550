"""Guards against a known class of binding bug: a Qt call that leaks or drops references to None.

PySide6 6.12.0 under Python 3.11 decremented None's reference count on every call of
a method returning void; a long session then aborted with "none_dealloc".
"""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_keep_the_reference_count_of_none(qapp):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QTextBrowser

    view = QTextBrowser()
    view.setPlainText("One sentence. Another sentence.")
    point = QPoint()
    before = sys.getrefcount(None)
    for index in range(3000):
        point.setX(index)
        cursor = view.textCursor()
        cursor.setPosition(index % 20)
        cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
    assert abs(sys.getrefcount(None) - before) < 50
