"""A newsroom library in the window: File › Sync, the conflicts dialog, review status, history, filters.

Two libraries share a local bare repository (tmp_path); the window is Ben's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
)

from factcheck_gui import sync
from factcheck_gui.store.library import Library
from factcheck_gui.ui.app import build_window
from tests.test_sync import CLAIM_A, CLAIM_B, CLAIM_C, claims, ok, person, share_two_libraries, sync_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, Path, str]:
    bare = tmp_path / "newsroom.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    return share_two_libraries(tmp_path, bare)


def open_window(qtbot, library: Path, article_id: str, tmp_path: Path):
    window = build_window(Library(library), article_id, settings_path=tmp_path / "window.ini")
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def sync_in_window(qtbot, window) -> None:
    """File › Sync, waiting for what the user waits for: the sync's outcome and then the status field it
    asks for. The status field's own git reads no longer hold git's index lock (GIT_OPTIONAL_LOCKS=0), which
    is what made a sync started while the field refreshed fail now and then under load."""
    done: list[object] = []
    window.sync_flow.synced.connect(done.append)
    try:
        assert window.action("sync").isEnabled()
        window.action("sync").trigger()
        assert window.runner.is_running("sync"), window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: not window.runner.is_running("sync"), timeout=60000)
        errors = [box.text() for box in window.findChildren(QMessageBox, "errorMessage") if box.isVisible()]
        assert done and not errors, (errors, window.statusBar().currentMessage())
        qtbot.waitUntil(lambda: not window.runner.is_running("sync_status"), timeout=30000)
    finally:
        window.sync_flow.synced.disconnect(done.append)


def select_claim(window, text: str) -> None:
    claim = next(c for c in window.document.article.claims if c.exact == text)
    window.document.set_current_claim(claim.id)


def test_the_second_sync_reports_the_conflict_in_the_window_and_the_choice_is_what_both_see(qtbot, shared, tmp_path):
    ana, ben, article_id = shared
    claim_b = claims(ana, article_id)[CLAIM_B]["id"]
    ok(ana, "claim", "set", article_id, claim_b, "--verdict", "mostly-false")
    assert sync_json(ana)[0] == 0
    window = open_window(qtbot, ben, article_id, tmp_path)
    select_claim(window, CLAIM_B)
    window.claim_editor.verdict_buttons["misleading"].click()  # Ben judges claim B differently
    assert window.document.flush()

    sync_in_window(qtbot, window)
    dialog = window.sync_flow.dialog
    assert dialog is not None and dialog.isVisible(), window.statusBar().currentMessage()
    table = dialog.findChild(QTableWidget, "conflictsTable")
    assert table.rowCount() == 1
    row = [table.item(0, column).text() for column in range(5)]
    assert row[1] == CLAIM_B and row[2] == "verdict" and row[3] == "misleading" and row[4] == "mostly-false"
    status_label = window.findChild(QLabel, "syncStatusLabel")
    assert "1 conflict" in status_label.text(), status_label.text()

    dialog.findChild(QPushButton, "takeTheirsButton").click()  # Ben takes Ana's verdict
    assert table.rowCount() == 0
    assert claims(ben, article_id)[CLAIM_B]["verdict"] == "mostly-false"
    assert window.document.article.claim(claim_b).verdict == "mostly-false"  # the window shows the choice

    sync_in_window(qtbot, window)
    assert "up to date" in status_label.text(), (status_label.text(), window.statusBar().currentMessage())
    sync_json(ana)
    assert claims(ana, article_id)[CLAIM_B]["verdict"] == claims(ben, article_id)[CLAIM_B]["verdict"] == "mostly-false"


def test_a_reviewer_approves_in_the_editor_and_the_export_option_keeps_only_approved_claims(qtbot, shared, tmp_path):
    _ana, ben, article_id = shared
    person(ben, "Rita Reviewer")
    window = open_window(qtbot, ben, article_id, tmp_path)
    window.sync_flow.use_settings_author()
    editor = window.claim_editor
    for text in (CLAIM_A, CLAIM_B):
        select_claim(window, text)
        combo = editor.findChild(QComboBox, "claimStatusCombo")
        combo.setCurrentIndex(combo.findData("approved"))
    note = editor.findChild(QLineEdit, "reviewNoteEdit")
    note.setText("Checked against the ministry's statement.")
    note.editingFinished.emit()
    assert "Approved by Rita Reviewer" in editor.findChild(QLabel, "claimStatusLabel").text()
    assert "by Rita Reviewer" in editor.findChild(QLabel, "claimTimesLabel").text()
    assert window.document.flush()
    on_disk = claims(ben, article_id)
    assert on_disk[CLAIM_B]["status"] == "approved" and on_disk[CLAIM_B]["status_by"] == "Rita Reviewer <rita@news.example>"
    assert on_disk[CLAIM_B]["review_note"] == "Checked against the ministry's statement."
    assert on_disk[CLAIM_C]["status"] == "draft"

    # The claims list filters by review status.
    panel_filter = window.claims_panel.findChild(QComboBox, "claimsFilter")
    panel_filter.setCurrentIndex(panel_filter.findData("status:approved"))
    assert len(window.claims_panel.claim_ids(visible_only=True)) == 2
    panel_filter.setCurrentIndex(panel_filter.findData("status:draft"))
    assert len(window.claims_panel.claim_ids(visible_only=True)) == 1

    # The library filters articles by the review status of their claims.
    status_filter = window.library_panel.findChild(QComboBox, "libraryStatusFilter")
    status_filter.setCurrentIndex(status_filter.findData("in-review"))
    assert len(window.library_panel.visible_ids()) == 0
    status_filter.setCurrentIndex(status_filter.findData("approved"))
    assert len(window.library_panel.visible_ids()) == 1

    dialog = window.export_current()
    dialog.findChild(QCheckBox, "approvedOnlyCheck").setChecked(True)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("json"))
    exported = dialog.export_text()
    html_dialog_text = (dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("html")), dialog.export_text())[1]
    assert "Rita Reviewer" in html_dialog_text and html_dialog_text.count('<section class="claim"') == 2
    assert [c["status"] for c in json.loads(exported)["claims"]] == ["approved", "approved"]
    dialog.close()


def test_the_claim_editor_shows_who_changed_the_verdict_from_git(qtbot, shared, tmp_path):
    ana, ben, article_id = shared
    claim_a = claims(ana, article_id)[CLAIM_A]["id"]
    ok(ana, "claim", "set", article_id, claim_a, "--verdict", "false")
    sync_json(ana)
    sync_json(ben)
    ok(ben, "claim", "set", article_id, claim_a, "--verdict", "misleading")
    sync_json(ben)
    entries = sync.claim_history(ben, article_id, claim_a)
    assert [(e.field, e.old, e.new, e.author.split(" <")[0]) for e in entries if e.field == "verdict"] == [
        ("verdict", None, "false", "Ana Checker"), ("verdict", "false", "misleading", "Ben Editor")]
    window = open_window(qtbot, ben, article_id, tmp_path)
    select_claim(window, CLAIM_A)
    window.claim_editor.findChild(QPushButton, "claimHistoryButton").click()
    label = window.claim_editor.findChild(QLabel, "claimHistoryLabel")
    qtbot.waitUntil(lambda: "misleading" in label.text(), timeout=20000)
    assert "Ana Checker: verdict from (none) to false" in label.text()
    assert "Ben Editor: verdict from false to misleading" in label.text()


def test_the_pdf_of_approved_claims_names_the_reviewer(qtbot, shared, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    import io

    ana, _ben, article_id = shared
    person(ana, "Rita Reviewer")
    ok(ana, "claim", "set", article_id, claims(ana, article_id)[CLAIM_A]["id"], "--verdict", "false",
       "--status", "approved")
    target = tmp_path / "review.pdf"
    ok(ana, "export", article_id, "--format", "pdf", "--approved-only", "--no-article-text", "-o", str(target))
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Approved by" in text and "Rita Reviewer" in text
    assert "Claim 1" in text and "Claim 2" not in text


def test_the_source_card_names_who_made_the_source_s_last_change(qtbot, shared, tmp_path):
    from factcheck_gui.core import editing
    from factcheck_gui.core.authors import use_author
    from factcheck_gui.core.model import Source
    from factcheck_gui.ui.source_card import QtSourceCard

    ana, ben, article_id = shared
    use_author("Ana Checker", "ana@news.example")  # Ana pins a source to claim A and shares it
    with Library(ana).edit(article_id) as handle:
        editing.store_and_pin(handle.article, claims(ana, article_id)[CLAIM_A]["id"],
                              Source(url="https://gov.example/statement", title="Statement"), "refutes")
    sync_json(ana)
    sync_json(ben)
    window = open_window(qtbot, ben, article_id, tmp_path)
    select_claim(window, CLAIM_A)
    panel = window.sources_panel

    def card() -> QtSourceCard | None:
        shown = [c for c in panel.findChildren(QtSourceCard, "sourceCard") if c.isVisible()]
        return shown[0] if len(shown) == 1 else None

    qtbot.waitUntil(lambda: card() is not None, timeout=10000)
    author = card().findChild(QLabel, "sourceAuthorLabel")
    assert author.isVisible() and author.text() == "Last change by Ana Checker"

    kind = card().findChild(QComboBox, "sourceKindCombo")  # Ben says what kind of document it is
    kind.setCurrentIndex(kind.findData("official"))
    assert window.document.flush()
    (source,) = json.loads((ben / "articles" / f"{article_id}.json").read_text(encoding="utf-8"))["sources"]
    assert source["kind"] == "official" and source["updated_by"] == "Ben Editor <ben@news.example>"
    qtbot.waitUntil(lambda: author.text() == "Last change by Ben Editor", timeout=5000)


def test_the_issue_s_story_end_to_end_through_the_window_and_the_command_line(qtbot, shared, tmp_path, httpserver):
    """Issue 15's "done when": Ana works on the command line, Ben (and then Rita) in the window."""
    from factcheck_gui.ui.source_card import QtSourceCard
    from tests.test_sources_story import STATEMENT, fetch_in_window

    ana, ben, article_id = shared
    httpserver.expect_request("/statement").respond_with_data(STATEMENT, content_type="text/html; charset=utf-8")
    ids = {text: claim["id"] for text, claim in claims(ana, article_id).items()}

    # Ana judges claim A; Ben pins a source to claim A and judges claim B; both sync; both see all three.
    ok(ana, "claim", "set", article_id, ids[CLAIM_A], "--verdict", "false")
    window = open_window(qtbot, ben, article_id, tmp_path)
    select_claim(window, CLAIM_A)
    fetch_in_window(qtbot, window, window.sources_panel, httpserver.url_for("/statement"), 1)
    select_claim(window, CLAIM_B)
    window.claim_editor.verdict_buttons["true"].click()
    assert sync_json(ana)[0] == 0
    sync_in_window(qtbot, window)
    assert sync_json(ana)[0] == 0
    for library in (ana, ben):
        seen = claims(library, article_id)
        assert seen[CLAIM_A]["verdict"] == "false" and len(seen[CLAIM_A]["evidence"]) == 1, library
        assert seen[CLAIM_B]["verdict"] == "true", library
    assert window.document.article.claim(ids[CLAIM_A]).verdict == "false"  # the window took the pull in

    # Both set different verdicts on claim B: Ben's sync reports the conflict in the window and the CLI.
    ok(ana, "claim", "set", article_id, ids[CLAIM_B], "--verdict", "mostly-false")
    assert sync_json(ana)[0] == 0
    select_claim(window, CLAIM_B)
    window.claim_editor.verdict_buttons["misleading"].click()
    sync_in_window(qtbot, window)
    dialog = window.sync_flow.dialog
    assert dialog is not None and dialog.isVisible()
    table = dialog.findChild(QTableWidget, "conflictsTable")
    assert [table.item(0, column).text() for column in (2, 3, 4)] == ["verdict", "misleading", "mostly-false"]
    code, report = sync_json(ben)
    assert code == sync.EXIT_CONFLICTS and report["conflicts"] == [
        {"article_id": article_id, "claim_id": ids[CLAIM_B], "field": "verdict", "mine": "misleading",
         "theirs": "mostly-false"}]
    dialog.findChild(QPushButton, "keepMineButton").click()  # Ben keeps his verdict
    assert table.rowCount() == 0
    sync_in_window(qtbot, window)
    assert sync_json(ana)[0] == 0
    assert claims(ana, article_id)[CLAIM_B]["verdict"] == claims(ben, article_id)[CLAIM_B]["verdict"] == "misleading"

    # Rita reviews in Ben's window and approves claims A and B; the exports show only those, naming her.
    person(ben, "Rita Reviewer")
    window.sync_flow.use_settings_author()
    combo = window.claim_editor.findChild(QComboBox, "claimStatusCombo")
    for text in (CLAIM_A, CLAIM_B):
        select_claim(window, text)
        combo.setCurrentIndex(combo.findData("approved"))
    sync_in_window(qtbot, window)
    assert sync_json(ana)[0] == 0
    assert claims(ana, article_id)[CLAIM_A]["status_by"] == "Rita Reviewer <rita@news.example>"
    exported = tmp_path / "approved.html"
    ok(ana, "export", article_id, "--format", "html", "--approved-only", "--no-article-text", "-o", str(exported))
    html = exported.read_text(encoding="utf-8")
    assert html.count('<section class="claim"') == 2 and CLAIM_C not in html and "Rita Reviewer" in html
    dialog = window.export_current()
    dialog.findChild(QCheckBox, "approvedOnlyCheck").setChecked(True)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("html"))
    shown = dialog.export_text()
    assert shown.count('<section class="claim"') == 2 and "Rita Reviewer" in shown
    dialog.close()
    select_claim(window, CLAIM_A)  # and the card of Ben's source still names him
    cards = [c for c in window.sources_panel.findChildren(QtSourceCard, "sourceCard") if c.isVisible()]
    assert [c.findChild(QLabel, "sourceAuthorLabel").text() for c in cards] == ["Last change by Ben Editor"]


def test_share_a_library_from_the_window_and_fill_an_empty_one_from_it(qtbot, tmp_path):
    """File › Share library through git: `sync init` for a library with articles, `sync clone` for an empty one."""
    from factcheck_gui.ui.main_window import QtMainWindow
    from tests.conftest import SAMPLE_TEXT

    bare, ana, ben = tmp_path / "newsroom.git", tmp_path / "ana", tmp_path / "ben"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    ana.mkdir()
    ben.mkdir()
    person(ana, "Ana Checker")
    person(ben, "Ben Editor")
    article_id = ok(ana, "import", str(SAMPLE_TEXT)).strip()
    ok(ana, "claim", "add", article_id, "--text", CLAIM_A)

    def share(window: QtMainWindow, remote: str) -> None:
        window.action("share").trigger()
        dialog = window.findChild(QInputDialog, "shareRemoteDialog")
        assert dialog is not None and dialog.isVisible()
        dialog.setTextValue(remote)
        dialog.accept()
        assert window.runner.is_running("sync"), window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: not window.runner.is_running("sync"), timeout=60000)
        errors = [box.text() for box in window.findChildren(QMessageBox, "errorMessage") if box.isVisible()]
        assert not errors
        qtbot.waitUntil(lambda: not window.runner.is_running("sync_status"), timeout=30000)
        assert window.findChild(QLabel, "syncStatusLabel").text().startswith("Shared: up to date")

    window = open_window(qtbot, ana, article_id, tmp_path)
    assert not window.findChild(QLabel, "syncStatusLabel").isVisible()
    share(window, str(bare))
    pushed = subprocess.run(["git", "-C", str(bare), "ls-tree", "-r", "--name-only", "main"], capture_output=True,
                            text=True, check=True).stdout.split()
    assert f"articles/{article_id}.json" in pushed

    empty = build_window(Library(ben), None, settings_path=tmp_path / "ben.ini")
    qtbot.addWidget(empty)
    empty.show()
    share(empty, str(bare))
    assert claims(ben, article_id).keys() == {CLAIM_A}
    assert Library(ben).article_ids() == [article_id] and sync.remote_url(ben) == str(bare)
    qtbot.waitUntil(lambda: len(empty.library_panel.visible_ids()) == 1, timeout=10000)


def test_without_git_the_claim_history_comes_from_the_claim_and_the_versions_of_the_text(qtbot, tmp_path):
    from tests.conftest import SAMPLE_TEXT

    library = tmp_path / "alone"
    library.mkdir()
    person(library, "Ana Checker")
    article_id = ok(library, "import", str(SAMPLE_TEXT)).strip()
    ok(library, "claim", "add", article_id, "--text", CLAIM_A, "--verdict", "false")
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(ok(library, "text", "show", article_id).replace(CLAIM_A, CLAIM_A.replace("today", "now"), 1),
                         encoding="utf-8")
    ok(library, "text", "set", article_id, str(corrected), "--note", "the page was updated")
    window = open_window(qtbot, library, article_id, tmp_path)
    window.document.set_current_claim(window.document.article.claims[0].id)
    window.claim_editor.findChild(QPushButton, "claimHistoryButton").click()
    label = window.claim_editor.findChild(QLabel, "claimHistoryLabel")
    qtbot.waitUntil(lambda: "wording" in label.text(), timeout=20000)
    assert f"wording (correction) from {CLAIM_A} to {CLAIM_A.replace('today', 'now')}" in label.text()
    assert "marked the claim" in label.text()


def test_file_sync_restores_an_article_the_window_set_aside_and_says_so(qtbot, shared, tmp_path):
    """The window sets an unreadable article file aside; File › Sync puts the version last synced back instead
    of deleting the article for everyone, and says which."""
    ana, ben, article_id = shared
    (ben / "articles" / f"{article_id}.json").write_text('{"format": "factcheck-gui/article", "id": ' + "9" * 5000 + "}")
    window = build_window(Library(ben), None, settings_path=tmp_path / "ben.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.findChild(QLabel, "libraryProblemsLabel").isVisible()
    assert not (ben / "articles" / f"{article_id}.json").exists()  # set aside by the window

    sync_in_window(qtbot, window)
    box = window.findChild(QMessageBox, "syncSetAsideMessage")
    assert box is not None and box.isVisible() and article_id in box.text() and "corrupt/" in box.text()
    qtbot.waitUntil(lambda: window.library_panel.visible_ids() == [article_id], timeout=10000)
    sync_json(ana)
    assert claims(ana, article_id).keys() == {CLAIM_A, CLAIM_B, CLAIM_C}


def test_the_other_side_s_window_marks_a_conflict_waiting_for_whoever_met_it(qtbot, shared, tmp_path):
    ana, ben, article_id = shared
    claim_b = claims(ana, article_id)[CLAIM_B]["id"]
    ok(ana, "claim", "set", article_id, claim_b, "--verdict", "mostly-false")
    ok(ben, "claim", "set", article_id, claim_b, "--verdict", "misleading")
    sync_json(ana)
    assert sync_json(ben)[0] == sync.EXIT_CONFLICTS  # Ben's value is in the file until he chooses
    window = open_window(qtbot, ana, article_id, tmp_path)
    sync_in_window(qtbot, window)
    assert window.document.article.claim(claim_b).verdict == "misleading"
    status_label = window.findChild(QLabel, "syncStatusLabel")
    assert "1 conflict waiting for others" in status_label.text(), status_label.text()
    select_claim(window, CLAIM_B)
    label = window.claim_editor.conflict_label
    assert label.isVisible() and "waiting for Ben Editor" in label.text() and "mostly-false" in label.text()
    select_claim(window, CLAIM_A)
    assert not label.isVisible()

    ok(ben, "sync", "resolve", article_id, claim_b, "verdict", "--take", "theirs")
    sync_json(ben)
    sync_in_window(qtbot, window)
    select_claim(window, CLAIM_B)
    assert not label.isVisible() and "waiting" not in status_label.text()
    assert window.document.article.claim(claim_b).verdict == "mostly-false"
