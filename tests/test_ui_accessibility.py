"""Every interactive widget a screen reader reaches has an accessible name: in the main window with a
claim, its sources and their cards, and in every dialog (import, export, settings, article details,
keyboard shortcuts, source viewer, about, move to trash, an error message).

The widgets Qt builds inside its own (a line edit's clear button, a spin box's text field, the import
tab bar, scroll bars, table headers, a combo box's list) count too: #11 item 24 found 11 unnamed."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
)

from tests.ui_helpers import find_dialog, mark_dunford

INTERACTIVE = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QTabBar, QAbstractItemView, QTextEdit,
               QPlainTextEdit, QAbstractSlider)


def unnamed(top: QWidget) -> list[str]:
    """Every interactive widget in *top* (shown or not, e.g. a clear button of an empty field) without a name."""
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if isinstance(widget, INTERACTIVE) and not widget.accessibleName().strip():
            parent = widget.parentWidget()
            found.append(f"{type(widget).__name__} {widget.objectName()!r} in "
                         f"{type(parent).__name__ if parent else None} {parent.objectName() if parent else ''!r}")
    return found


@pytest.fixture
def judged_window(make_window, qtbot):
    """The sample open, the Dunford sentence marked False, two sources pinned to it."""
    window = make_window()
    mark_dunford(window, qtbot, "false", sources=2)
    return window


def test_every_interactive_widget_of_the_main_window_has_a_name(judged_window, qtbot):
    window = judged_window
    for edit in window.findChildren(QLineEdit):
        if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly() and edit.isClearButtonEnabled():
            edit.setText("x")  # the clear buttons show
    assert unnamed(window) == []
    clear = window.findChild(QLineEdit, "claimantEdit").findChild(QAbstractButton)
    assert clear.accessibleName() == "Clear Claimant"


def test_every_interactive_widget_of_every_dialog_has_a_name(judged_window, qtbot):
    window = judged_window
    card = next(iter(window.sources_panel.cards_box.cards().values()))
    opened: list[tuple[str, QWidget]] = []
    dialog = window.show_import_dialog()
    assert dialog.findChild(QTabBar).accessibleName()  # the import tab bar, one of the eleven
    opened.append(("import", dialog))
    opened.append(("export", window.export_current()))
    opened.append(("settings", window.show_settings()))
    opened.append(("details", window.edit_article_details()))
    opened.append(("shortcuts", window.show_shortcuts()))
    opened.append(("source viewer", window.sources_panel.view_source(card.source_id)))
    opened.append(("about", window.show_about()))
    window.trace_claim()
    opened.append(("trace", find_dialog(qtbot, window, "traceView")))
    for action, name in (("search_library", "librarySearchDialog"), ("edit_text", "editTextDialog"),
                         ("versions", "versionsDialog"), ("share", "shareRemoteDialog")):
        window.action(action).trigger()
        opened.append((name, find_dialog(qtbot, window, name)))
    window.library_panel.select(window.document.article_id)
    window.library_panel.delete_selected()
    opened.append(("move to trash", find_dialog(qtbot, window, "confirmDeleteDialog", QMessageBox)))
    from factcheck_gui.core.errors import FactcheckError
    from factcheck_gui.ui.errors import show_error

    opened.append(("error", show_error(window, FactcheckError("The page could not be fetched."))))
    problems = {}
    for name, dialog in opened:
        assert isinstance(dialog, QDialog), name
        qtbot.waitExposed(dialog)
        problems[name] = unnamed(dialog)
        dialog.close()
    assert problems == {name: [] for name, _dialog in opened}


def test_the_settings_spin_boxes_text_fields_are_named_after_them(judged_window, qtbot):
    dialog = judged_window.show_settings()
    spins = dialog.findChildren(QAbstractSpinBox)
    assert len(spins) == 2
    for spin in spins:
        assert spin.accessibleName()
        assert spin.findChild(QLineEdit).accessibleName() == spin.accessibleName()
    table = judged_window.show_shortcuts().findChild(QTableView)
    assert table.horizontalHeader().accessibleName() == "Keyboard shortcuts: column headings"


def test_the_sync_conflicts_dialog_and_the_file_dialogs_name_every_part(judged_window, qtbot):
    """The sync conflicts dialog (its table's headers, corner button and scroll bars, Close) and Qt's own
    file dialogs (Export's Save as, Import's Choose..., File > Import earlier fact-checks): their
    look-in and file-type boxes, file name field, lists, scroll bars and buttons had no names."""
    from PySide6.QtWidgets import QFileDialog, QPushButton

    window = judged_window
    opened: list[tuple[str, QWidget]] = [("sync conflicts", window.sync_flow.show_conflicts())]
    export = window.export_current()
    opened.append(("export: save as", export.choose_file()))
    importer = window.show_import_dialog()
    importer.findChild(QPushButton, "importBrowseButton").click()
    opened.append(("import: choose a file", find_dialog(qtbot, importer, "importFileDialog", QFileDialog)))
    opened.append(("earlier fact-checks", window.lookup.ask_for_review_files()))
    problems = {}
    for name, dialog in opened:
        qtbot.waitExposed(dialog)
        problems[name] = unnamed(dialog)
    file_name = opened[1][1].findChild(QLineEdit, "fileNameEdit")
    assert file_name.accessibleName() == "File name"  # after the label Qt puts beside it
    for _name, dialog in reversed(opened):
        dialog.close()
    importer.close()
    export.close()
    assert problems == {name: [] for name, _dialog in opened}
