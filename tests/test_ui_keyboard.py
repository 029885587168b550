"""Issue 11 item 10, from the keyboard: real key events on the widget that has the focus.

Enter imports from the Import dialog's address field; Ctrl+Q quits; Escape leaves the
fetch-source address field for the article; window shortcuts such as Ctrl+E work while
that field has the focus; Ctrl+Y redoes.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QTabWidget  # noqa: E402

from factcheck_gui.store.library import Library  # noqa: E402
from tests.conftest import DUNFORD_START  # noqa: E402
from tests.ui_helpers import (  # noqa: E402,F401
    find_dialog,
    press,
    read_article_json,
    sentence_starting,
    type_text,
)

CTRL = Qt.KeyboardModifier.ControlModifier

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens</title></head><body><article><h1>Harbour bridge reopens</h1>
<p>The harbour bridge reopened on Monday after two years of repairs, the city said.</p>
<p>Officials said the repairs cost less than planned and finished a month early.</p>
</article></body></html>"""


def _mark_dunford(window, qtbot) -> None:
    window.article_view.setFocus()
    window.article_view.select_span(*sentence_starting(window.document.article, DUNFORD_START))
    press(qtbot, Qt.Key.Key_M)
    assert window.document.current_claim is not None


def test_enter_in_the_import_address_field_imports(make_window, qtbot, httpserver, data_dir):
    httpserver.expect_request("/bridge").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    window = make_window()
    window.article_view.setFocus()
    press(qtbot, Qt.Key.Key_O, CTRL)
    dialog = find_dialog(qtbot, window, "importDialog")
    assert dialog.findChild(QTabWidget, "importTabs").currentIndex() == 0
    url_edit = dialog.findChild(QLineEdit, "importUrlEdit")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is url_edit, timeout=2000)
    type_text(qtbot, httpserver.url_for("/bridge"))
    press(qtbot, Qt.Key.Key_Return)

    details = find_dialog(qtbot, window, "metadataDialog", timeout=10000)
    details.reject()
    assert window.document.article.title == "Harbour bridge reopens"
    on_disk = read_article_json(Library(data_dir), window.document.article_id)
    assert "two years of repairs" in on_disk["text"]


def test_ctrl_q_quits_once(make_window, qtbot):
    window = make_window()
    messages: list[str] = []
    from PySide6.QtCore import qInstallMessageHandler

    previous = qInstallMessageHandler(lambda _kind, _context, text: messages.append(text))
    try:
        window.article_view.setFocus()
        press(qtbot, Qt.Key.Key_Q, CTRL)
    finally:
        qInstallMessageHandler(previous)
    assert not any("Ambiguous shortcut" in m for m in messages), messages
    assert not window.isVisible()


def test_escape_leaves_the_fetch_source_field_for_the_article(make_window, qtbot):
    window = make_window()
    _mark_dunford(window, qtbot)
    press(qtbot, Qt.Key.Key_S)
    url_edit = window.findChild(QLineEdit, "sourceUrlEdit")
    assert QApplication.focusWidget() is url_edit
    press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.article_view
    before = window.article_view.selection_span()
    press(qtbot, Qt.Key.Key_J)  # J steps through the sentences again, and types nothing
    assert url_edit.text() == ""
    assert window.article_view.selection_span() not in (None, before)


def test_ctrl_e_exports_from_the_fetch_source_field(make_window, qtbot):
    window = make_window()
    _mark_dunford(window, qtbot)
    press(qtbot, Qt.Key.Key_S)
    assert QApplication.focusWidget() is window.findChild(QLineEdit, "sourceUrlEdit")
    press(qtbot, Qt.Key.Key_E, CTRL)
    dialog = find_dialog(qtbot, window, "exportDialog")
    dialog.reject()


def test_ctrl_y_redoes(make_window, qtbot):
    window = make_window()
    _mark_dunford(window, qtbot)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.document.article.claims == []
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert [c.selector.exact for c in window.document.article.claims] == [
        window.document.article.text[slice(*sentence_starting(window.document.article, DUNFORD_START))]
    ]
