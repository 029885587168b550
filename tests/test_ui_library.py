"""The library panel and bringing articles in: filter, sort, rename, trash and undo, import, drops."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QCheckBox,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
)

from factcheck_gui.importer import article_from_text  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.ui.library_panel import COL_TITLE, ID_ROLE  # noqa: E402
from tests.ui_helpers import find_dialog, read_article_json, type_text  # noqa: E402,F401

MAYOR = "City budget doubles\n\nBy Ann Lee\n\nThe mayor said crime fell by half. The council disagreed."
SAMPLE_TITLE = "US Tells Iraq to Choose Between Them and Russia in ISIS War"


@pytest.fixture
def two_articles(make_window, data_dir):
    """A window on a library with the sample and a second article (open: the sample)."""
    window = make_window()
    sample_id = window.document.article_id
    other = Library(data_dir).add(article_from_text(MAYOR))
    window.library_panel.refresh()
    return window, sample_id, other.article.id


def test_with_an_empty_library_the_sample_is_there_and_open(make_window, data_dir):
    window = make_window()
    table = window.findChild(QListView, "libraryTable")
    assert table.model().rowCount() == 1
    assert window.document.article.title == SAMPLE_TITLE
    assert SAMPLE_TITLE in window.windowTitle()
    assert "Antiwar.com" in window.article_header.text() and "Jason Ditz" in window.article_header.text()


def test_filter_by_text_and_sort(two_articles, qtbot):
    window, sample_id, other_id = two_articles
    panel = window.library_panel
    assert set(panel.visible_ids()) == {sample_id, other_id}

    filter_edit = window.findChild(QLineEdit, "libraryFilter")
    filter_edit.setFocus()
    type_text(qtbot, "antiwar")
    assert panel.visible_ids() == [sample_id]
    filter_edit.clear()
    type_text(qtbot, "budget")
    assert panel.visible_ids() == [other_id]
    filter_edit.clear()
    type_text(qtbot, "nothing like this")
    assert panel.visible_ids() == []
    filter_edit.clear()

    panel.sort_by("Title")
    assert panel.visible_ids() == [other_id, sample_id]  # "City..." before "US..."
    panel.sort_by("Publisher")
    assert panel.visible_ids() == [other_id, sample_id]  # no publisher sorts first
    window.article_view.select_span(*window.document.article.sentences[2])
    window.mark_claim()
    assert window.document.save()
    panel.sort_by("Most claims")
    assert panel.visible_ids() == [sample_id, other_id]
    panel.sort_by("Last edited")
    assert panel.visible_ids()[0] == sample_id


def row_tooltip(panel, article_id: str) -> str:
    """The tool tip of the row showing *article_id*, wherever the list has sorted it."""
    for row in range(panel.model.rowCount()):
        index = panel.model.index(row, COL_TITLE)
        if index.data(ID_ROLE) == article_id:
            return index.data(Qt.ItemDataRole.ToolTipRole)
    raise AssertionError(f"{article_id} is not in the list")


def test_open_from_the_list_and_the_verdict_mix_follows_the_edits(two_articles, qtbot):
    window, sample_id, other_id = two_articles
    panel = window.library_panel
    panel.select(other_id)
    index = panel.table.currentIndex()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=panel.table.visualRect(index).center())
    assert window.document.article_id == other_id
    window.article_view.select_span(*window.document.article.sentences[-1])
    window.set_verdict("false")
    assert window.document.save()
    summary = panel.model.summary(other_id)
    assert summary.claim_count == 1 and summary.verdict_counts == {"false": 1}
    # The list is sorted by last edit (to the second): the article may move up once control returns,
    # so its row is found by its id, not by where it was before the edit.
    qtbot.wait(20)
    assert "1 False" in row_tooltip(panel, other_id)
    assert "False" not in row_tooltip(panel, sample_id)


def test_delete_asks_moves_to_the_trash_and_undo_brings_it_back(two_articles, qtbot, data_dir):
    window, sample_id, other_id = two_articles
    library = Library(data_dir)
    panel = window.library_panel
    panel.select(other_id)

    # Cancelling the question changes nothing.
    window.findChild(QPushButton, "deleteArticleButton").click()
    box = find_dialog(qtbot, window, "confirmDeleteDialog", QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert library.path_of(other_id).exists()

    window.findChild(QPushButton, "deleteArticleButton").click()
    box = find_dialog(qtbot, window, "confirmDeleteDialog", QMessageBox)
    assert "City budget doubles" in box.text()
    box.findChild(QPushButton, "confirmDeleteButton").click()
    assert not library.path_of(other_id).exists()
    assert (library.trash_dir / f"{other_id}.json").exists()
    assert panel.visible_ids() == [sample_id]
    assert window.findChild(QPushButton, "undoDeleteButton").isVisible()

    window.findChild(QPushButton, "undoDeleteButton").click()
    assert library.path_of(other_id).exists()
    assert set(panel.visible_ids()) == {sample_id, other_id}
    assert read_article_json(library, other_id)["meta"]["title"] == "City budget doubles"


def test_deleting_the_open_article_saves_it_first_and_opens_another(two_articles, qtbot, data_dir):
    window, sample_id, other_id = two_articles
    window.article_view.select_span(*window.document.article.sentences[3])
    window.set_verdict("true")
    window.library_panel.delete(sample_id)
    assert window.document is not None and window.document.article_id == other_id
    trashed = Library(data_dir).trash_dir / f"{sample_id}.json"
    import json

    assert json.loads(trashed.read_text(encoding="utf-8"))["claims"][0]["verdict"] == "true"


def test_delete_key_in_the_library_asks_to_move_the_article(two_articles, qtbot, data_dir):
    window, sample_id, other_id = two_articles
    library = Library(data_dir)
    panel = window.library_panel
    panel.select(other_id)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    box = find_dialog(qtbot, window, "confirmDeleteDialog", QMessageBox)
    assert "City budget doubles" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert library.path_of(other_id).exists() and not (library.trash_dir / f"{other_id}.json").exists()
    assert set(panel.visible_ids()) == {sample_id, other_id}

    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    find_dialog(qtbot, window, "confirmDeleteDialog", QMessageBox).findChild(QPushButton, "confirmDeleteButton").click()
    assert not library.path_of(other_id).exists() and (library.trash_dir / f"{other_id}.json").exists()
    assert panel.visible_ids() == [sample_id]


def test_rename_in_place(two_articles, qtbot, data_dir):
    window, sample_id, other_id = two_articles
    panel = window.library_panel
    panel.select(other_id)
    window.findChild(QPushButton, "renameArticleButton").click()
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "City budget doubles"
    editor.selectAll()
    type_text(qtbot, "Budget: the mayor's claims")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.summary(other_id).title == "Budget: the mayor's claims", timeout=2000)
    assert read_article_json(Library(data_dir), other_id)["meta"]["title"] == "Budget: the mayor's claims"

    # The open article is renamed as an undoable edit.
    panel.model.setData(panel.model.index(_row(panel, sample_id), 0), "Iraq, Russia and the US")
    assert window.document.article.meta.title == "Iraq, Russia and the US"
    assert "Iraq, Russia and the US" in window.windowTitle()
    window.action("undo").trigger()
    assert window.document.article.meta.title == SAMPLE_TITLE


def _row(panel, article_id):
    return [s.id for s in panel.model.summaries()].index(article_id)


def test_import_a_file_then_check_its_details(make_window, qtbot, data_dir, tmp_path):
    window = make_window()
    path = tmp_path / "budget.txt"
    path.write_text(MAYOR, encoding="utf-8")

    window.action("import").trigger()
    dialog = find_dialog(qtbot, window, "importDialog")
    dialog.findChild(QTabWidget, "importTabs").setCurrentIndex(2)
    file_edit = dialog.findChild(QLineEdit, "importFileEdit")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is file_edit, timeout=2000)
    type_text(qtbot, str(path))
    dialog.findChild(QPushButton, "importAcceptButton").click()

    details = find_dialog(qtbot, window, "metadataDialog")
    assert window.document.article.title == "City budget doubles"
    assert details.findChild(QLineEdit, "titleEdit").text() == "City budget doubles"
    assert details.findChild(QLineEdit, "bylineEdit").text() == "Ann Lee"
    details.findChild(QLineEdit, "publisherEdit").setText("The Town Crier")
    details.findChild(QLineEdit, "publishedEdit").setText("2024-05-01")
    details.findChild(QLineEdit, "urlEdit").setText("https://crier.example/budget")
    details.findChild(QPushButton, "metadataSaveButton").click()

    assert window.document.save()
    data = read_article_json(Library(data_dir), window.document.article_id)
    assert data["meta"]["publisher"] == "The Town Crier" and data["meta"]["published"] == "2024-05-01"
    assert data["meta"]["url"] == "https://crier.example/budget" and data["meta"]["byline"] == "Ann Lee"
    assert "The Town Crier" in window.article_header.text()
    assert len(window.library_panel.visible_ids()) == 2
    window.action("undo").trigger()  # the details are one undo step
    assert window.document.article.meta.publisher == ""


def test_import_pasted_text(make_window, qtbot, data_dir):
    window = make_window()
    window.action("import").trigger()
    dialog = find_dialog(qtbot, window, "importDialog")
    dialog.findChild(QTabWidget, "importTabs").setCurrentIndex(1)
    text_edit = dialog.findChild(QPlainTextEdit, "importTextEdit")
    text_edit.setPlainText("# Pasted headline\n\nThe **minister** said [taxes fell](https://gov.example/taxes).")
    dialog.findChild(QCheckBox, "importMarkdownCheck").setChecked(True)
    dialog.findChild(QPushButton, "importAcceptButton").click()
    details = find_dialog(qtbot, window, "metadataDialog")
    details.reject()

    article = window.document.article
    assert article.title == "Pasted headline"
    assert "The minister said taxes fell." in article.text
    assert [link.href for link in article.links] == ["https://gov.example/taxes"]
    assert read_article_json(Library(data_dir), article.id)["text"] == article.text


def test_an_empty_import_says_what_to_do(make_window, qtbot):
    window = make_window()
    window.action("import").trigger()
    dialog = find_dialog(qtbot, window, "importDialog")
    dialog.findChild(QPushButton, "importAcceptButton").click()
    assert dialog.status_label.text() == "Enter the web address of the article."
    dialog.findChild(QTabWidget, "importTabs").setCurrentIndex(2)
    dialog.file_edit.setText("/no/such/file.txt")
    dialog.findChild(QPushButton, "importAcceptButton").click()
    qtbot.waitUntil(lambda: "There is no file" in dialog.status_label.text(), timeout=3000)
    assert dialog.isVisible()


def test_dropping_files_onto_the_window_imports_them(make_window, qtbot, tmp_path):
    window = make_window()
    first, second = tmp_path / "one.txt", tmp_path / "two.md"
    first.write_text("First dropped\n\nThe first said one thing.", encoding="utf-8")
    second.write_text("# Second dropped\n\nThe second said another.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    target = window.article_view.viewport()  # dropped onto the article being read
    where = QPoint(20, 20)
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: len(window.library_panel.visible_ids()) == 3, timeout=5000)
    titles = {s.title for s in window.library_panel.model.summaries()}
    assert {"First dropped", "Second dropped"} <= titles
    assert not window.runner.is_running()


def test_import_from_a_web_address(make_window, qtbot, httpserver):
    pytest.importorskip("factcheck_gui.net.fetch")
    page = (
        "<!doctype html><html><head><title>Mayor's claim | Town Crier</title>"
        '<meta property="og:site_name" content="Town Crier"></head><body><article><h1>Mayor\'s claim</h1>'
        "<p>The mayor said crime fell by half last year, citing police figures that the council disputes.</p>"
        "<p>Council members said the figures leave out two districts and a change in how thefts are counted.</p>"
        "</article></body></html>"
    )
    httpserver.expect_request("/news/mayor").respond_with_data(page, content_type="text/html; charset=utf-8")
    window = make_window()
    window.action("import").trigger()
    dialog = find_dialog(qtbot, window, "importDialog")
    dialog.url_edit.setText(httpserver.url_for("/news/mayor"))
    dialog.findChild(QPushButton, "importAcceptButton").click()
    details = find_dialog(qtbot, window, "metadataDialog", timeout=10_000)
    details.accept()
    article = window.document.article
    assert "crime fell by half" in article.text
    assert article.meta.url.endswith("/news/mayor")


# -- the library shown on a 1366x768 screen ----------------------------------------------------


@pytest.mark.parametrize("size", [(1297, 729), (1600, 1000)], ids=["1366x768 screen", "1920x1080 screen"])
def test_the_library_shows_its_filters_buttons_and_titles_whole(make_window, qtbot, size):
    """The review-status filter read "Any review s..." and titles were cut at one line: the library,
    once shown, is never narrower than its filters and buttons, and a row gives its title two lines."""
    from PySide6.QtWidgets import QComboBox, QWidget

    window = make_window(size=size)
    from tests.conftest import DUNFORD_START
    from tests.ui_helpers import sentence_starting

    for beginning in (DUNFORD_START, "Officials are making"):  # "2 claims, 1 with a verdict" in the row
        window.article_view.select_span(*sentence_starting(window.document.article, beginning))
        window.action("mark_claim").trigger()
    window.set_verdict("false")
    assert window.document.flush()
    window.library_panel.refresh()
    if not window.action("show_library").isChecked():
        window.action("show_library").trigger()
    panel = window.findChild(QWidget, "libraryPanel")
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] > 0 and panel.isVisible(), timeout=2000)
    qtbot.wait(50)  # the panes fit themselves on the next passes of the event loop
    for name in ("libraryStatusFilter", "librarySort"):
        combo = panel.findChild(QComboBox, name)
        widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        assert combo.width() >= combo.sizeHint().width() and combo.sizeHint().width() > widest, name
    for name in ("importButton", "renameArticleButton", "deleteArticleButton"):
        button = panel.findChild(QPushButton, name)
        assert button.width() >= button.sizeHint().width(), name
        assert panel.rect().contains(button.geometry().translated(button.parentWidget().mapTo(panel, QPoint(0, 0))))

    # Dragged narrower, the library gets the width its filters and buttons need back when the mouse lets go.
    splitter = window.main_splitter
    handle = splitter.handle(1)
    start = handle.mapToParent(handle.rect().center())  # in the splitter: the handle moves under the mouse
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=handle.mapFromParent(start))
    for step in range(1, 7):
        qtbot.mouseMove(handle, handle.mapFromParent(start - QPoint(step * 15, 0)))
    assert 0 < splitter.sizes()[0] < panel.minimumSizeHint().width()  # narrower than its filters, for now
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=handle.mapFromParent(start - QPoint(90, 0)))
    qtbot.waitUntil(lambda: panel.width() >= panel.minimumSizeHint().width(), timeout=2000)
    status = panel.findChild(QComboBox, "libraryStatusFilter")
    assert status.width() >= status.sizeHint().width()

    table = panel.findChild(QListView, "libraryTable")
    index = table.model().index(0, COL_TITLE)
    lines = table.itemDelegate().title_lines(index)
    assert " ".join(lines) == SAMPLE_TITLE and len(lines) == 2, lines
    assert table.visualRect(index).height() >= table.fontMetrics().lineSpacing() * 4
    assert table.itemDelegate().counts_line(index) == "2 claims, 1 with a verdict"  # not "2 claims, 1 with a ver..."
