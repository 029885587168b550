"""The claimant's type in the claim editor, and an article file imported in the window."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from factcheck_gui.core.settings import Settings  # noqa: E402
from factcheck_gui.export import ExportOptions, export_article  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from tests.conftest import DUNFORD_START  # noqa: E402
from tests.ui_helpers import (  # noqa: E402,F401
    click_on,
    find_dialog,
    press,
    read_article_json,
    sentence_starting,
    type_text,
)


def _undo(qtbot, window) -> None:
    window.article_view.setFocus()
    qtbot.keySequence(window, QKeySequence.StandardKey.Undo)


def test_the_claimant_type_is_chosen_in_the_editor_saved_undone_and_exported(make_window, qtbot, data_dir):
    window = make_window()
    article = window.document.article
    view = window.findChild(QWidget, "articleView")
    start, _end = sentence_starting(article, DUNFORD_START)
    click_on(qtbot, view, start + 12)
    view.setFocus()
    press(qtbot, Qt.Key.Key_5)  # mark it and judge it False
    [claim] = article.claims

    claimant = window.findChild(QLineEdit, "claimantEdit")
    combo = window.findChild(QComboBox, "claimantTypeCombo")
    assert combo.accessibleName() == "Claimant type" and combo.isEnabled()
    assert combo.currentText() == "Automatic"
    claimant.setFocus()
    type_text(qtbot, "US officials")  # the guess: an organisation
    combo.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # Automatic -> Person
    assert combo.currentText() == "Person"

    assert window.document.save()
    [stored] = read_article_json(Library(data_dir), article.id)["claims"]
    assert stored["claimant"] == "US officials" and stored["claimant_type"] == "person"
    [review] = json.loads(export_article(article, "claimreview", ExportOptions(), Settings()))
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "US officials"}

    _undo(qtbot, window)  # the type is one undo step
    assert claim.claimant_type is None and combo.currentText() == "Automatic"
    assert claim.claimant == "US officials"
    assert window.document.save()
    [stored] = read_article_json(Library(data_dir), article.id)["claims"]
    assert "claimant_type" not in stored
    [review] = json.loads(export_article(article, "claimreview", ExportOptions(), Settings()))
    assert review["itemReviewed"]["author"]["@type"] == "Organization"  # guessed from the name again


def test_importing_an_exported_article_file_in_the_window_brings_its_claims(make_window, qtbot, data_dir, tmp_path):
    window = make_window()
    original = window.document.article
    start, _end = sentence_starting(original, DUNFORD_START)
    click_on(qtbot, window.article_view, start + 12)
    window.article_view.setFocus()
    press(qtbot, Qt.Key.Key_5)
    assert window.document.save()
    path = tmp_path / "exported.json"
    path.write_text(export_article(original, "json", ExportOptions(), Settings()), encoding="utf-8")

    window.action("import").trigger()
    dialog = find_dialog(qtbot, window, "importDialog")
    dialog.findChild(QTabWidget, "importTabs").setCurrentIndex(2)
    file_edit = dialog.findChild(QLineEdit, "importFileEdit")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is file_edit, timeout=2000)
    type_text(qtbot, str(path))
    dialog.findChild(QPushButton, "importAcceptButton").click()
    details = find_dialog(qtbot, window, "metadataDialog")
    details.reject()

    imported = window.document.article
    assert imported.id != original.id  # the id was taken: a new one
    assert imported.text == original.text and imported.title == original.title
    assert [(c.exact, c.verdict) for c in imported.claims] == [(original.claims[0].exact, "false")]
    assert len(Library(data_dir).article_ids()) == 2


def test_the_details_dialog_refuses_an_address_that_is_not_a_web_address(make_window, qtbot, data_dir):
    window = make_window()
    article_id = window.document.article_id
    window.edit_article_details()
    details = find_dialog(qtbot, window, "metadataDialog")
    details.findChild(QLineEdit, "urlEdit").setText("antiwar.com/us-tells-iraq")
    details.findChild(QPushButton, "metadataSaveButton").click()
    assert details.isVisible() and "not a web address" in details.findChild(QWidget, "metadataProblem").text()
    details.findChild(QLineEdit, "urlEdit").setText("https://antiwar.com/us-tells-iraq")
    details.findChild(QPushButton, "metadataSaveButton").click()
    assert not details.isVisible()
    assert window.document.save()
    assert read_article_json(Library(data_dir), article_id)["meta"]["url"] == "https://antiwar.com/us-tells-iraq"


def test_the_details_dialog_refuses_a_date_that_is_no_date_and_keeps_a_written_one_as_iso(make_window, qtbot, data_dir):
    window = make_window()
    article_id = window.document.article_id
    window.edit_article_details()
    details = find_dialog(qtbot, window, "metadataDialog")
    date_edit = details.findChild(QLineEdit, "publishedEdit")
    date_edit.setText("last tuesday")
    details.findChild(QPushButton, "metadataSaveButton").click()
    problem = details.findChild(QWidget, "metadataProblem").text()
    assert details.isVisible() and "\u201clast tuesday\u201d is not a publication date" in problem
    assert details.focusWidget() is date_edit  # the field at fault has the keyboard
    date_edit.setText("23 October 2015")
    details.findChild(QPushButton, "metadataSaveButton").click()
    assert not details.isVisible()
    assert window.document.article.meta.published == "2015-10-23"
    assert window.document.save()
    assert read_article_json(Library(data_dir), article_id)["meta"]["published"] == "2015-10-23"
