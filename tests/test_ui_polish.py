"""Rough edges a newcomer found in the real window: selection after N/P and M, the layout on small
screens, stale status text, the library count, the quote check, S without a claim, the shortcuts
dialog and command-line paths."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QWidget,
)

from tests.conftest import DUNFORD_START  # noqa: E402
from tests.ui_helpers import (  # noqa: E402,F401
    click_on,
    drag_select,
    find_dialog,
    press,
    sentence_starting,
)

# -- the command line names a path -------------------------------------------------------------


def test_a_missing_file_on_the_command_line_says_there_is_no_such_file(make_window, qtbot, tmp_path):
    missing = tmp_path / "missing.txt"
    window = make_window(str(missing))
    box = find_dialog(qtbot, window, "commandLineError", QMessageBox)
    assert box.text() == f"There is no file {missing}."
    assert window.document is not None  # the most recent article opens anyway


def test_a_folder_on_the_command_line_says_choose_a_file(make_window, qtbot, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    window = make_window(str(folder))
    box = find_dialog(qtbot, window, "commandLineError", QMessageBox)
    assert box.text() == f"{folder} is a folder; choose a .txt, .md or .html file."


# -- the quote check before any source is pinned -----------------------------------------------


def test_the_quote_check_is_a_neutral_hint_until_a_source_is_pinned(make_window, qtbot):
    window = make_window()
    document = window.document
    start = document.article.text.index(DUNFORD_START)
    window.article_view.select_span(start, start + len(DUNFORD_START) + 60)  # has "doesn't want Russia's help"
    window.action("mark_claim").trigger()
    label = window.findChild(QLabel, "quoteCheckLabel")
    assert label.isVisible()
    assert "Pin a source to check whether it contains this quotation." in label.text()
    assert "\u2717" not in label.text()  # no red cross: nothing has failed yet


# -- a short window ----------------------------------------------------------------------------

FETCH_ERROR = (
    "The page could not be fetched: the server answered 404 Not Found. Check the address, or pin it "
    "anyway to fetch it again later."
)


def test_a_1000_by_650_window_stays_that_size_with_a_claim_and_a_fetch_error(make_window, qtbot):
    window = make_window(size=(1000, 650))
    start, end = sentence_starting(window.document.article, DUNFORD_START)
    window.article_view.select_span(start, end)
    window.action("mark_claim").trigger()
    banner = window.findChild(QWidget, "sourceMessage")
    banner.show_message(FETCH_ERROR)
    window.resize(1000, 650)
    qtbot.wait(50)

    assert window.minimumSizeHint().height() <= 650
    assert (window.width(), window.height()) == (1000, 650)
    # The claims list still shows a few claims' worth of rows, not a sliver.
    claims_list = window.findChild(QListWidget, "claimsList")
    assert claims_list.height() >= 3 * claims_list.fontMetrics().height()
    # The editor and the sources scroll instead of pushing the window taller.
    assert window.findChild(QScrollArea, "claimEditorScrollArea") is not None
    assert window.findChild(QScrollArea, "sourcesScrollArea") is not None



# -- what looks selected is what a key acts on --------------------------------------------------


def test_p_after_marking_a_phrase_leaves_no_stale_selection_behind(make_window, qtbot):
    window = make_window()
    document = window.document
    article = document.article
    view = window.findChild(QWidget, "articleView")
    start, end = sentence_starting(article, DUNFORD_START)
    click_on(qtbot, view, start + 12)
    press(qtbot, Qt.Key.Key_M)
    dunford = document.current_claim
    assert dunford is not None and (dunford.start, dunford.end) == (start, end)
    assert view.selection_span() is None  # after M the claim shows in its colour, not under a selection
    assert view.current_claim_id() == dunford.id

    phrase = "Iraq would lose all sorts of US aid"
    at = article.text.index(phrase, start)
    drag_select(qtbot, view, at, at + len(phrase))
    view.setFocus()
    press(qtbot, Qt.Key.Key_4)
    aid = document.current_claim
    assert aid is not None and aid.exact == phrase and aid.verdict == window.scale.verdicts[3].key
    assert view.selection_span() is None

    press(qtbot, Qt.Key.Key_P)
    assert document.current_claim_id == dunford.id
    # Nothing still looks selected on the phrase: the highlighted claim is the one 6 changes.
    assert view.selection_span() in (None, (dunford.start, dunford.end))
    press(qtbot, Qt.Key.Key_6)
    assert dunford.verdict == window.scale.verdicts[5].key
    assert aid.verdict == window.scale.verdicts[3].key


def test_choosing_a_claim_in_the_list_clears_the_selection_in_the_article(make_window, qtbot):
    window = make_window()
    document = window.document
    article = document.article
    view = window.findChild(QWidget, "articleView")
    start, end = sentence_starting(article, DUNFORD_START)
    view.select_span(start, end)
    window.action("mark_claim").trigger()
    other_start, other_end = article.sentences[0]
    view.select_span(other_start, other_end)
    assert view.selection_span() == (other_start, other_end)

    claims_list = window.findChild(QListWidget, "claimsList")
    item = claims_list.item(0)
    qtbot.mouseClick(claims_list.viewport(), Qt.MouseButton.LeftButton, pos=claims_list.visualItemRect(item).center())
    assert document.current_claim is not None
    assert view.selection_span() in (None, (start, end))


# -- narrow windows squeeze the side panes, not the article ------------------------------------


def test_a_1000_pixel_window_gives_the_article_a_readable_column(make_window, qtbot):
    window = make_window(size=(1400, 900))
    window.resize(1000, 700)
    article = window.findChild(QWidget, "articlePane")
    qtbot.waitUntil(lambda: article.width() >= 480, timeout=2000)
    splitter = window.findChild(QSplitter, "mainSplitter")
    assert splitter.isCollapsible(0) and splitter.isCollapsible(2) and not splitter.isCollapsible(1)


def test_the_first_start_fits_the_screen_and_gives_the_article_room(make_window, qtbot):
    window = make_window(size=None)  # no saved layout: the default size
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()
    article = window.findChild(QWidget, "articlePane")
    qtbot.waitUntil(lambda: article.width() >= 480, timeout=2000)


# -- S without a claim -------------------------------------------------------------------------


def test_s_without_a_claim_says_to_select_a_claim_first(make_window, qtbot):
    window = make_window()
    window.article_view.setFocus()
    press(qtbot, Qt.Key.Key_S)
    assert window.statusBar().currentMessage() == "Select a claim first: sources are pinned to a claim."

    start, end = sentence_starting(window.document.article, DUNFORD_START)
    window.article_view.select_span(start, end)
    press(qtbot, Qt.Key.Key_M)
    press(qtbot, Qt.Key.Key_S)
    assert QApplication.focusWidget() is window.findChild(QLineEdit, "sourceUrlEdit")


# -- status text that no longer applies --------------------------------------------------------


def test_status_messages_go_away_when_they_no_longer_apply(make_window, qtbot, tmp_path):
    window = make_window()
    status = window.statusBar()
    window.article_view.setFocus()
    press(qtbot, Qt.Key.Key_N)
    assert status.currentMessage() == "There are no claims yet."

    start, end = sentence_starting(window.document.article, DUNFORD_START)
    window.article_view.select_span(start, end)
    press(qtbot, Qt.Key.Key_M)
    assert status.currentMessage() == ""

    press(qtbot, Qt.Key.Key_N)
    assert status.currentMessage() == "That was the last claim."
    press(qtbot, Qt.Key.Key_U)
    assert status.currentMessage() == ""

    from factcheck_gui.ui.import_dialog import ImportRequest

    window.import_requests([ImportRequest("file", str(tmp_path / "gone.txt"))])
    assert status.currentMessage().startswith("Importing")
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)), timeout=5000)
    assert status.currentMessage() == ""


# -- the library row while a save is pending ---------------------------------------------------


def test_the_library_counts_a_new_claim_before_it_is_saved(make_window, qtbot):
    window = make_window(autosave_delay_ms=60_000)  # the save is still pending while we look
    document = window.document
    start, end = sentence_starting(document.article, DUNFORD_START)
    window.article_view.select_span(start, end)
    window.action("mark_claim").trigger()
    assert document.is_dirty
    [row] = [s for s in window.library_panel.model.summaries() if s.id == document.article_id]
    assert row.claim_count == 1


# -- the keyboard shortcuts dialog -------------------------------------------------------------


def test_the_shortcuts_dialog_shows_key_sequences_in_columns_that_fit(make_window, qtbot):
    window = make_window()
    window.action("shortcuts").trigger()
    dialog = find_dialog(qtbot, window, "shortcutsDialog")
    table = dialog.findChild(QTableWidget, "shortcutsTable")
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    for command in ("Undo", "Redo"):
        keys = [k.strip() for k in rows[command].split(",")]
        assert command not in keys and keys and all(k for k in keys), rows[command]
    assert rows["Undo"].startswith(QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText))
    header = table.horizontalHeader()
    for column in range(3):
        needed = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert table.columnWidth(column) >= needed, column
    visible = sum(table.columnWidth(c) for c in range(3))
    assert visible <= table.viewport().width()  # the Keys column does not run into the edge
    dialog.close()
