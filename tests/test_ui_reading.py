"""Reading and marking in the real window: links, headlines, quotations (issue 11 items 4, 5, 7)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QAction, QContextMenuEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu, QWidget  # noqa: E402

from factcheck_gui.core.editing import new_article  # noqa: E402
from factcheck_gui.core.model import ArticleMeta, Link  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from tests.ui_helpers import (  # noqa: E402,F401
    click_on,
    point_on,
    press,
    read_article_json,
    sentence_starting,
)

WEWORK = (
    "Shares of WeWork fell by half on Monday after the company said it may not survive. "
    "Its founder left in 2019."
)


@pytest.fixture
def desktop(monkeypatch) -> list[str]:
    """The addresses the window asks the desktop to open (nothing is really opened)."""
    from factcheck_gui.ui import links

    opened: list[str] = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url) -> bool:  # noqa: N802 - Qt's name
            opened.append(url.toString())
            return True

    monkeypatch.setattr(links, "QDesktopServices", FakeDesktop)  # every link opens through ui.links
    return opened


def linked_article():
    start = WEWORK.index("WeWork")
    article = new_article(WEWORK, ArticleMeta(title="Links"), [Link(start, start + 6, "https://example.org/wework")])
    return article, start


# -- item 4: a click on a linked word selects the sentence; links open with Ctrl+click or the menu --


def test_a_click_on_a_linked_word_selects_the_sentence_and_m_marks_all_of_it(make_window, qtbot, data_dir, desktop):
    article, link_start = linked_article()
    Library(data_dir).add(article)
    window = make_window(article.id)
    view = window.findChild(QWidget, "articleView")
    sentence = sentence_starting(window.document.article, "Shares of WeWork")

    click_on(qtbot, view, link_start + 2)  # on "WeWork", the link
    assert view.selection_span() == sentence
    view.setFocus()
    press(qtbot, Qt.Key.Key_M)

    assert desktop == []  # a plain click opens nothing
    assert window.document.save()
    [stored] = read_article_json(Library(data_dir), article.id)["claims"]
    assert stored["selector"]["exact"] == WEWORK[sentence[0] : sentence[1]]
    assert stored["selector"]["exact"].startswith("Shares of WeWork fell by half")


def test_a_slightly_shaky_click_on_a_link_still_selects_the_sentence(make_window, qtbot, data_dir, desktop):
    article, link_start = linked_article()
    Library(data_dir).add(article)
    window = make_window(article.id)
    view = window.findChild(QWidget, "articleView")
    viewport = view.viewport()
    pos = point_on(view, link_start + 2)
    qtbot.mouseMove(viewport, pos)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseMove(viewport, pos + QPoint(2, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=pos + QPoint(2, 0))
    assert view.selection_span() == sentence_starting(window.document.article, "Shares of WeWork")


def test_ctrl_click_and_the_context_menu_open_the_link(make_window, qtbot, data_dir, desktop):
    article, link_start = linked_article()
    Library(data_dir).add(article)
    window = make_window(article.id)
    view = window.findChild(QWidget, "articleView")
    viewport = view.viewport()

    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=point_on(view, link_start + 2))
    assert desktop == ["https://example.org/wework"]

    pos = point_on(view, link_start + 3)
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos)))
    menu = view.findChild(QMenu, "articleContextMenu")
    assert menu is not None and menu.isVisible()
    open_link = menu.findChild(QAction, "openLinkAction")
    assert open_link.text().replace("&", "") == "Open link"
    assert menu.actions()[0] is open_link
    open_link.trigger()
    assert desktop == ["https://example.org/wework", "https://example.org/wework"]
    menu.findChild(QAction, "copyLinkAction").trigger()
    assert QApplication.clipboard().text() == "https://example.org/wework"
    menu.close()

    # Off a link, the menu offers no link entries.
    pos = point_on(view, WEWORK.index("founder"))
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos)))
    menus = [m for m in view.findChildren(QMenu, "articleContextMenu") if m.isVisible()]
    assert len(menus) == 1 and menus[0].findChild(QAction, "openLinkAction") is None
    menus[0].close()


# -- item 7: a claim that begins with a quotation is not quoted twice ------------------------------

METH = "\u201cMeth, we\u2019re on it.\u201d"
SHERIFF = f"Sheriff posts a joke\n\n{METH} That is what the sheriff\u2019s office posted on Monday. It drew laughs."


def sheriff_article():
    from factcheck_gui.core.editing import add_claim, add_source, find_text, pin_source
    from factcheck_gui.core.model import Source

    article = new_article(SHERIFF, ArticleMeta(title="Sheriff posts a joke"))
    start, end = find_text(article, METH)
    claim = add_claim(article, start, end, verdict="true")
    source = add_source(article, Source(url="https://example.org/post", title="The post", text=f"{METH} #sheriff"))
    pin_source(article, claim.id, source.id, quote=METH)
    return article, claim


def test_the_claim_list_editor_and_sources_panel_show_a_quotation_once(make_window, qtbot, data_dir):
    from PySide6.QtWidgets import QLabel, QListWidget

    article, claim = sheriff_article()
    Library(data_dir).add(article)
    window = make_window(article.id)
    view = window.findChild(QWidget, "articleView")
    click_on(qtbot, view, claim.start + 3)
    qtbot.waitUntil(lambda: window.document.current_claim is not None)

    item = window.findChild(QListWidget, "claimsList").item(0)
    assert item.text().endswith(f": {METH}")
    assert window.findChild(QLabel, "claimQuoteLabel").text() == METH
    assert window.findChild(QWidget, "sourcesClaimLabel").full_text() == f"For {METH}"
    for shown in (item.text(), item.toolTip(), window.findChild(QLabel, "claimQuoteLabel").text()):
        assert "\u201c\u201c" not in shown and "\u201d\u201d" not in shown


def test_exports_print_a_quotation_that_begins_the_quote_once(data_dir, tmp_path):
    from factcheck_gui.cli import main
    from factcheck_gui.core.settings import Settings
    from factcheck_gui.export import ExportOptions
    from factcheck_gui.export.html import export_html

    article, _ = sheriff_article()
    Library(data_dir).add(article)
    target = tmp_path / "sheriff.md"
    assert main(["--data-dir", str(data_dir), "export", article.id, "--format", "md", "-o", str(target)]) == 0
    markdown = target.read_text(encoding="utf-8")
    assert "Quote: " in markdown
    assert "\u201c\u201c" not in markdown and "\u201d\u201d" not in markdown
    printed = export_html(article, ExportOptions(), Settings(), for_qt_print=True)  # what the PDF shows
    assert "Meth, we\u2019re on it." in printed
    assert "\u201c\u201c" not in printed and "\u201d\u201d" not in printed


# -- item 5: the headline of an imported page is in the reading pane and can be marked ---------------


def test_the_headline_of_an_imported_page_is_shown_first_and_can_be_marked(make_window, qtbot, data_dir, httpserver):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QPushButton

    from tests.test_import_headline import DEK, HEADLINE, page
    from tests.ui_helpers import find_dialog

    httpserver.expect_request("/news/mayor").respond_with_data(page(), content_type="text/html; charset=utf-8")
    window = make_window()
    window.action("import").trigger()
    dialog = find_dialog(qtbot, window, "importDialog")
    dialog.url_edit.setText(httpserver.url_for("/news/mayor"))
    dialog.findChild(QPushButton, "importAcceptButton").click()
    find_dialog(qtbot, window, "metadataDialog", timeout=10_000).accept()
    article = window.document.article
    assert article.title == HEADLINE  # not "... | Town Crier"

    view = window.findChild(QWidget, "articleView")
    document = view.document()
    assert document.firstBlock().text() == HEADLINE
    assert document.firstBlock().next().next().text() == DEK
    assert view.cursor_for_offset(1).charFormat().font().weight() == QFont.Weight.Bold  # styled as the headline

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    click_on(qtbot, view, 5)  # on the headline
    assert view.selection_span() == (0, len(HEADLINE))
    view.setFocus()
    press(qtbot, Qt.Key.Key_M)
    assert window.document.save()
    [stored] = read_article_json(Library(data_dir), article.id)["claims"]
    assert (stored["start"], stored["end"]) == (0, len(HEADLINE))
    assert stored["selector"]["exact"] == HEADLINE and stored["selector"]["prefix"] == ""
