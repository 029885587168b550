"""Rough edges a newcomer found in the real window: selection after N/P and M, the layout on small
screens, stale status text, the library count, the quote check, S without a claim, the shortcuts
dialog and command-line paths."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QLabel, QListWidget, QMessageBox, QScrollArea, QWidget  # noqa: E402

from tests.conftest import DUNFORD_START  # noqa: E402

from tests.ui_helpers import find_dialog, make_window, sentence_starting  # noqa: E402,F401


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
    window.actions["mark_claim"].trigger()
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
    window.actions["mark_claim"].trigger()
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

