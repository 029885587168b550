"""Rough edges a newcomer found in the real window: selection after N/P and M, the layout on small
screens, stale status text, the library count, the quote check, S without a claim, the shortcuts
dialog and command-line paths."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QLabel, QMessageBox  # noqa: E402

from tests.conftest import DUNFORD_START  # noqa: E402

from tests.ui_helpers import find_dialog, make_window  # noqa: E402,F401


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
