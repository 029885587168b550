"""The fact-checker's story in the real window: read, select, mark, judge, undo, reopen."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from factcheck_gui.core.editing import add_claim, find_text, new_article  # noqa: E402
from factcheck_gui.core.model import ArticleMeta, QuoteSelector  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from tests.conftest import DUNFORD_START  # noqa: E402
from tests.ui_helpers import (  # noqa: E402,F401
    click_on,
    drag_select,
    press,
    read_article_json,
    sentence_starting,
    stale_layout_items,
    type_text,
)

RATIONALE = "Iraq's ruling party asked for Russian help; Dunford speaks for the US, not for Iraq."


def test_mark_the_dunford_sentence_false_write_a_rationale_undo_redo_and_find_it_after_reopening(
    make_window, qtbot, data_dir
):
    window = make_window()
    document = window.document
    article = document.article
    view = window.findChild(QWidget, "articleView")
    claims_list = window.findChild(QListWidget, "claimsList")
    rationale = window.findChild(QPlainTextEdit, "rationaleEdit")
    assert article.title == "US Tells Iraq to Choose Between Them and Russia in ISIS War"
    assert "12 of 12 sentences not yet looked at" in window.findChild(QWidget, "statusProgress").text()

    # Click in the Dunford sentence: the whole sentence is selected.
    start, end = sentence_starting(article, DUNFORD_START)
    click_on(qtbot, view, start + 12)
    assert view.selection_span() == (start, end)

    # Edit > Mark claim.
    window.action("mark_claim").trigger()
    assert len(article.claims) == 1
    claim = document.current_claim
    assert claim is not None and claim.exact == article.text[start:end]
    assert claim.exact.startswith(DUNFORD_START) and claim.exact.endswith("if that happened.")
    assert claims_list.count() == 1 and claims_list.currentItem().text().startswith("Not yet judged:")

    # The key for False (5), pressed in the article.
    view.setFocus()
    press(qtbot, Qt.Key.Key_5)
    assert claim.verdict == "false"
    assert window.findChild(QAbstractButton, "verdictButton_false").isChecked()
    assert claims_list.currentItem().text().startswith("False:")

    # A rationale, typed into the editor.
    rationale.setFocus()
    type_text(qtbot, RATIONALE)
    assert claim.rationale == RATIONALE
    assert "1 claim, 1 with a verdict" in window.findChild(QWidget, "statusProgress").text()

    # Undo takes back the whole rationale, then the verdict; redo brings both back.
    undo, redo = window.action("undo"), window.action("redo")
    undo.trigger()
    assert claim.rationale == "" and rationale.toPlainText() == "" and claim.verdict == "false"
    undo.trigger()
    assert claim.verdict is None
    redo.trigger()
    redo.trigger()
    assert claim.verdict == "false" and claim.rationale == RATIONALE
    assert rationale.toPlainText() == RATIONALE

    article_id, claim_id = article.id, claim.id
    window.close()

    # Reopen the app on the same library: the claim is there as it was left...
    again = make_window()
    assert again.document.article_id == article_id
    reopened = again.document.article.claim(claim_id)
    assert (reopened.start, reopened.end) == (start, end)
    assert reopened.verdict == "false" and reopened.rationale == RATIONALE
    assert again.findChild(QListWidget, "claimsList").count() == 1

    # ...and the JSON file says so.
    data = read_article_json(Library(data_dir), article_id)
    [stored] = data["claims"]
    assert stored["id"] == claim_id and stored["verdict"] == "false" and stored["rationale"] == RATIONALE
    assert data["text"][stored["start"] : stored["end"]] == article.text[start:end]
    assert stored["selector"]["exact"].startswith(DUNFORD_START)
    assert stale_layout_items() == []  # two windows, every panel built and filled


def test_drag_selecting_half_a_sentence_marks_just_that_half(make_window, qtbot, data_dir):
    window = make_window()
    article = window.document.article
    view = window.article_view
    start, end = sentence_starting(article, DUNFORD_START)
    half_end = article.text.index(" claimed", start)

    drag_select(qtbot, view, start, half_end)
    assert view.selection_span() == (start, half_end)
    window.action("mark_claim").trigger()

    [claim] = article.claims
    assert claim.exact == DUNFORD_START
    assert (claim.start, claim.end) == (start, half_end) and claim.end < end
    assert window.document.save()
    [stored] = read_article_json(Library(data_dir), article.id)["claims"]
    assert (stored["start"], stored["end"]) == (start, half_end)
    assert stored["selector"]["exact"] == DUNFORD_START
    # The rest of the sentence is untouched, and the status bar counts the sentence as looked at.
    assert "11 of 12 sentences not yet looked at" in window.progress_label.text()


def test_an_article_with_emoji_marks_the_sentence_the_user_clicked(make_window, qtbot, data_dir):
    text = (
        "Party time \U0001F389\U0001F600 in the capital\n\n"
        "Crowds \U0001F1FA\U0001F1F8 cheered. The minister said taxes fell by 40% last year. Nobody checked."
    )
    article = new_article(text, ArticleMeta(title="Party time \U0001F389\U0001F600 in the capital"))
    Library(data_dir).add(article)
    window = make_window(article.id)
    assert window.document.article_id == article.id
    view = window.article_view
    start, end = sentence_starting(window.document.article, "The minister said")

    click_on(qtbot, view, start + 5)
    assert view.selection_span() == (start, end)
    view.setFocus()
    press(qtbot, Qt.Key.Key_M)
    press(qtbot, Qt.Key.Key_7)  # Unproven

    [claim] = window.document.article.claims
    assert claim.exact == "The minister said taxes fell by 40% last year."
    assert claim.verdict == "unproven"
    window.close()
    data = read_article_json(Library(data_dir), article.id)
    stored = data["claims"][0]
    assert data["text"][stored["start"] : stored["end"]] == "The minister said taxes fell by 40% last year."


def test_the_whole_flow_works_from_the_keyboard_alone(make_window, qtbot):
    window = make_window()
    article = window.document.article
    dunford = sentence_starting(article, DUNFORD_START)

    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go > Article text
    assert QApplication.focusWidget() is window.article_view
    for _ in range(10):  # J: next sentence, until the Dunford sentence is selected
        if window.article_view.selection_span() == dunford:
            break
        press(qtbot, Qt.Key.Key_J)
    assert window.article_view.selection_span() == dunford

    press(qtbot, Qt.Key.Key_M)  # Mark claim
    [claim] = article.claims
    assert claim.exact == article.text[dunford[0] : dunford[1]]
    press(qtbot, Qt.Key.Key_5)  # False
    assert claim.verdict == "false"

    press(qtbot, Qt.Key.Key_R)  # Write rationale
    assert QApplication.focusWidget() is window.claim_editor.rationale_edit
    type_text(qtbot, "Ruled out by 5 sources, M and N agree.")  # digits and letters are text here
    assert claim.rationale == "Ruled out by 5 sources, M and N agree."
    assert claim.verdict == "false" and len(article.claims) == 1

    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back through the editor's fields
    press(qtbot, Qt.Key.Key_Escape)  # back to the article
    assert QApplication.focusWidget() is window.article_view

    press(qtbot, Qt.Key.Key_U)  # next unjudged sentence: the one after Dunford's
    officials = sentence_starting(article, "Officials are making")
    assert window.article_view.selection_span() == officials
    press(qtbot, Qt.Key.Key_2)  # a verdict key with a selection and no claim: marks it with that verdict
    assert len(article.claims) == 2 and window.document.current_claim.verdict == "mostly-true"
    window.action("undo").trigger()  # one undo step takes the whole thing back
    assert len(article.claims) == 1

    press(qtbot, Qt.Key.Key_P)  # previous claim
    assert window.document.current_claim_id == claim.id
    press(qtbot, Qt.Key.Key_0)  # clear the verdict
    assert claim.verdict is None


def test_verdict_keys_type_text_in_the_editor_fields_instead_of_judging(make_window, qtbot):
    window = make_window()
    article = window.document.article
    window.article_view.select_span(*sentence_starting(article, DUNFORD_START))
    window.mark_claim()
    claim = window.document.current_claim
    for name in ("claimantEdit", "restatementEdit"):
        field = window.findChild(QLineEdit, name)
        field.setFocus()
        type_text(qtbot, "Gen. 5 N P U 0 M")
        assert field.text() == "Gen. 5 N P U 0 M"
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Delete)  # deletes a character, not the claim
    assert claim.verdict is None and len(article.claims) == 1
    assert claim.claimant == "Gen. 5 N P U 0 M" and claim.restatement == "en. 5 N P U 0 M"


def test_selecting_claims_in_the_list_shows_them_in_the_article_and_back(make_window, qtbot):
    window = make_window()
    document = window.document
    article = document.article
    first = add_claim(article, *find_text(article, "Iraq \u201cdoesn\u2019t want Russia\u2019s help\u201d"), verdict="false")
    last = add_claim(article, *sentence_starting(article, "On the other hand"), verdict="unproven")
    document.changed(claims=True)
    claims_list = window.findChild(QListWidget, "claimsList")
    view = window.article_view
    assert [claims_list.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(2)] == [first.id, last.id]

    view.verticalScrollBar().setValue(0)
    claims_list.setCurrentRow(1)
    assert document.current_claim_id == last.id
    assert view.current_claim_id() == last.id
    assert view.verticalScrollBar().value() > 0  # scrolled down to the last paragraph
    assert "On the other hand" in window.claim_editor.quote_label.text()

    click_on(qtbot, view, first.start + 3)  # and back: a click on a claim selects it in the list
    assert document.current_claim_id == first.id
    assert claims_list.currentRow() == 0

    # Next/previous claim follow the list; the verdict filter hides the others.
    press_target = window.article_view
    press_target.setFocus()
    press(qtbot, Qt.Key.Key_N)
    assert document.current_claim_id == last.id
    window.findChild(QComboBox, "claimsFilter").setCurrentText("False")
    assert [claims_list.item(i).isHidden() for i in range(2)] == [False, True]
    assert window.claims_panel.claim_ids(visible_only=True) == [first.id]


def test_deleting_a_claim_is_undoable(make_window, qtbot):
    window = make_window()
    document = window.document
    window.article_view.select_span(*sentence_starting(document.article, DUNFORD_START))
    window.set_verdict("false")  # marks the selection with a verdict
    claim = document.current_claim
    window.claim_editor.rationale_edit.setPlainText("A reason.")

    window.findChild(QAbstractButton, "deleteClaimButton").click()
    assert document.article.claims == [] and document.current_claim is None
    assert window.claims_panel.list.count() == 0
    window.action("undo").trigger()
    assert document.article.claims == [claim] and claim.rationale == "A reason."
    assert document.current_claim_id == claim.id


def test_orphaned_claims_are_listed_apart_with_their_quote(make_window, data_dir, qtbot):
    library = Library(data_dir)
    window = make_window()
    article_id = window.document.article_id
    window.close()
    handle = library.open(article_id)
    claim = add_claim(handle.article, *sentence_starting(handle.article, DUNFORD_START), verdict="false")
    claim.selector = QuoteSelector("A sentence that the article no longer contains at all.")
    library.save(handle)

    window = make_window(article_id)
    [reopened] = window.document.article.claims
    assert reopened.orphaned
    orphans = window.findChild(QListWidget, "orphanedList")
    assert orphans.isVisible() and orphans.count() == 1
    assert "no longer contains" in orphans.item(0).text()
    assert window.claims_panel.list.count() == 0
    orphans.setCurrentRow(0)
    assert window.document.current_claim_id == reopened.id
    assert window.claim_editor.orphaned_label.isVisible()
    assert window.article_view.current_claim_id() is None


def test_menus_hold_every_command_with_its_shortcut(make_window):
    window = make_window()
    rows = {(menu, command): keys for menu, command, keys in window.shortcut_rows()}
    assert rows[("Edit", "Mark claim")].startswith("M")
    assert rows[("Verdict", "False")] == "5"
    assert rows[("Verdict", "True")] == "1"
    assert rows[("Verdict", "Not yet judged")] == "0"
    assert rows[("Go", "Next claim")].startswith("N")
    assert rows[("Go", "Next unjudged sentence")] == "U"
    assert rows[("Edit", "Undo")] and rows[("Edit", "Redo")] and rows[("File", "Quit")]
    for command in ("Import article\u2026", "Export\u2026", "Open library folder"):
        assert ("File", command) in rows
    assert ("Help", "About factcheck-gui") in rows and ("Help", "Keyboard shortcuts") in rows
    dialog = window.show_shortcuts()
    assert dialog.findChild(QWidget, "shortcutsTable").rowCount() > 20
    about = window.show_about()
    assert "0." in about.text() and str(window.library.root) in about.text()


def test_every_interactive_widget_has_an_object_name_and_an_accessible_name(make_window):
    window = make_window()
    window.article_view.select_span(*sentence_starting(window.document.article, DUNFORD_START))
    window.mark_claim()
    interactive = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractItemView, QComboBox)
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, interactive) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            continue  # the line edit inside an editable combo box is part of it
        if widget.parent() is not None and type(widget.parent()).__name__ in ("QScrollBar", "QTabBar"):
            continue
        if type(widget).__name__ in ("QToolButton",) and not widget.objectName() and widget.parent() is not None \
                and isinstance(widget.parent(), QLineEdit):
            continue  # a line edit's own clear button
        if not widget.objectName() or not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} {widget.accessibleName()!r}")
    assert missing == []
