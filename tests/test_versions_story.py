"""Issue 16's done-when, in the real window: on the bundled sample a user corrects a sentence, re-fetches the
article from a local server that serves a changed page, sees the diff, the stealth-edit flag and each claim's
state; closing and reopening keep it all. Also: a re-fetch can be cancelled, an orphan attached by hand."""

from __future__ import annotations

import html
import threading

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytest.importorskip("pytest_httpserver")

from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)

from tests.conftest import DUNFORD_START, SAMPLE_TEXT  # noqa: E402
from tests.ui_helpers import (  # noqa: E402,F401
    click_on,
    find_dialog,
    read_article_json,
    sentence_starting,
)

OFFICIALS_START = "Officials are making that all the more clear today"
ABADI_START = "Prime Minister Hayder Abadi made it clear"
TYPO = "information sharing a move"
TYPO_FIXED = "information sharing, a move"


def page_of(text: str) -> str:
    """The sample as a web page: headline, dek, then its paragraphs."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    title, dek, body = paragraphs[0], paragraphs[1], paragraphs[2:]
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><meta name='description' content='{html.escape(dek)}'>"
            "<meta property='og:type' content='article'></head><body><article>"
            f"<h1>{html.escape(title)}</h1>" + "".join(f"<p>{html.escape(p)}</p>" for p in body)
            + "</article></body></html>")


def changed_page() -> str:
    """The page after the publisher changed it silently: Dunford's quote reworded, the Abadi paragraph gone."""
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    text = text.replace("“doesn’t want Russia’s help”", "“does not need Russia’s help”")
    abadi = next(p for p in text.split("\n\n") if p.startswith(ABADI_START))
    return page_of(text.replace(abadi + "\n\n", ""))


def mark(window, qtbot, beginning: str) -> str:
    article = window.document.article
    start, end = sentence_starting(article, beginning)
    window.article_view.select_span(start, end)
    window.action("mark_claim").trigger()
    return window.document.current_claim.id


def set_url(window, qtbot, url: str) -> None:
    window.action("details").trigger()
    dialog = find_dialog(qtbot, window, "metadataDialog")
    dialog.findChild(QLineEdit, "urlEdit").setText(url)
    dialog.findChild(QAbstractButton, "metadataSaveButton").click()
    qtbot.waitUntil(lambda: window.document.article.meta.url == url)


def items(widget: QListWidget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


def test_correct_refetch_see_the_diff_stealth_flag_and_claim_states_then_reopen(make_window, qtbot, httpserver,
                                                                                data_dir, tmp_path):
    window = make_window()
    document = window.document
    article = document.article
    article_id = article.id
    dunford = mark(window, qtbot, DUNFORD_START)
    window.action("verdict:false").trigger()
    officials = mark(window, qtbot, OFFICIALS_START)
    abadi = mark(window, qtbot, ABADI_START)

    # Edit > Correct article text: a missing comma restored, with a note.
    window.action("edit_text").trigger()
    dialog = find_dialog(qtbot, window, "editTextDialog")
    editor = dialog.findChild(QPlainTextEdit, "articleTextEdit")
    assert editor.toPlainText() == article.text
    editor.setPlainText(editor.toPlainText().replace(TYPO, TYPO_FIXED))
    dialog.findChild(QLineEdit, "versionNoteEdit").setText("comma restored")
    dialog.findChild(QAbstractButton, "saveTextButton").click()
    assert TYPO_FIXED in article.text and TYPO_FIXED in window.article_view.toPlainText()
    assert [(v.kind.value, v.note) for v in article.versions] == [("capture", ""), ("correction", "comma restored")]
    assert all(c.anchor == "exact" for c in article.claims)
    assert article.text[slice(*sentence_starting(article, ABADI_START))] == article.claim(abadi).exact

    # File > Re-fetch article, from a local server serving the changed page.
    httpserver.expect_request("/story").respond_with_data(changed_page(), content_type="text/html; charset=utf-8")
    set_url(window, qtbot, httpserver.url_for("/story"))
    with qtbot.waitSignal(window.text_versions.refetch_finished, timeout=20000) as finished:
        window.action("refetch").trigger()
        assert window.findChild(QAbstractButton, "cancelRefetchButton").isVisible()
    assert finished.args[0].startswith("Re-fetched: the wording changed (version 3). \u26a0 Possible stealth edit")
    assert not window.findChild(QAbstractButton, "cancelRefetchButton").isVisible()
    assert [v.kind.value for v in article.versions] == ["capture", "correction", "refetch"]
    assert article.versions[-1].stealth_edit

    # The diff opens: versions with the stealth-edit flag, and the change to Dunford's claim listed first.
    versions = find_dialog(qtbot, window, "versionsDialog")
    listed = items(versions.findChild(QListWidget, "versionsList"))
    assert "possible stealth edit" in listed[2] and "comma restored" in listed[1]
    changes = items(versions.findChild(QListWidget, "diffChangesList"))
    assert changes[0].startswith(f"Claim {dunford}") and "doesn" in changes[0] and "does not need" in changes[0]
    assert "need" in versions.findChild(QTextBrowser, "diffView").toHtml()
    versions.close()

    # Each claim's state: Dunford's edited (old wording kept, verdict to review), Officials exact, Abadi orphaned.
    claim = article.claim(dunford)
    assert claim.anchor == "edited" and "doesn’t want" in claim.previous_exact and "does not need" in claim.exact
    assert claim.needs_review and article.claim(officials).anchor == "exact"
    assert article.claim(abadi).anchor == "orphaned"
    claims_list = window.findChild(QListWidget, "claimsList")
    assert any("Wording changed, Review verdict" in text and "does not need" in text for text in items(claims_list))
    orphaned = window.findChild(QListWidget, "orphanedList")
    assert orphaned.isVisible() and items(orphaned)[0].endswith(article.claim(abadi).exact + "\u201d")
    document.set_current_claim(dunford)
    anchor_label = window.findChild(QLabel, "claimAnchorLabel")
    assert anchor_label.isVisible() and "Edited" in anchor_label.text() and "Review the verdict" in anchor_label.text()
    shown = QTextDocument()
    shown.setHtml(anchor_label.text())
    assert "does not need Russia\u2019s help" in shown.toPlainText()  # the word diff keeps its spaces

    # Undo takes the re-fetched version back, redo brings it again.
    window.action("undo").trigger()
    assert len(article.versions) == 2 and article.claim(abadi).anchor == "exact"
    window.action("redo").trigger()
    assert len(article.versions) == 3 and article.claim(abadi).anchor == "orphaned"

    # File > Export: the Markdown and the HTML have the changes section, with the flag and both wordings.
    window.action("export").trigger()
    export = find_dialog(qtbot, window, "exportDialog", QDialog)
    combo = export.findChild(QComboBox, "formatCombo")
    for fmt in ("md", "html"):
        combo.setCurrentIndex(combo.findData(fmt))
        target = tmp_path / f"story.{fmt}"
        assert export.export_to(target)
        exported = target.read_text(encoding="utf-8")
        section = exported[exported.index("Changes to the article"):]
        assert "comma restored" in section and "possible stealth edit" in section
        assert "does not need" in section and ("doesn’t want" in section or "doesn&#x27;t" in section)
        assert "verdict is to be reviewed" in section
        assert "from window" not in section and "localhost:" in section  # only where a page came from
    export.close()

    # Close and reopen: the versions, their texts, the states and the flag are all there.
    window.close()
    saved = read_article_json(window.library, article_id)
    assert [v["kind"] for v in saved["versions"]] == ["capture", "correction", "refetch"]
    assert saved["versions"][2]["stealth_edit"]
    window = make_window()
    reopened = window.document.article
    assert reopened.id == article_id
    assert {c.id: c.anchor for c in reopened.claims} == {dunford: "edited", officials: "exact", abadi: "orphaned"}
    assert reopened.claim(dunford).needs_review
    window.action("versions").trigger()
    versions = find_dialog(qtbot, window, "versionsDialog")
    versions.findChild(QWidget, "diffFromCombo").setCurrentIndex(0)  # the first capture, read from versions/
    changes = items(versions.findChild(QListWidget, "diffChangesList"))
    assert changes[0].startswith(f"Claim {dunford}")
    assert any(f"Claim {abadi}" in text and "(deleted)" in text for text in changes)


def test_a_refetch_runs_in_the_background_and_can_be_cancelled(make_window, qtbot, httpserver):
    release = threading.Event()

    def slow(_request):  # noqa: ANN001, ANN202
        from werkzeug import Response

        release.wait(10)
        return Response(changed_page(), content_type="text/html; charset=utf-8")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    window = make_window()
    set_url(window, qtbot, httpserver.url_for("/slow"))
    before = list(window.document.article.versions)
    try:
        with qtbot.waitSignal(window.text_versions.refetch_finished, timeout=10000) as finished:
            window.action("refetch").trigger()
            qtbot.wait(100)  # the window keeps handling events while the page is awaited
            assert window.text_versions.refetching
            window.findChild(QAbstractButton, "cancelRefetchButton").click()
    finally:
        release.set()
    assert "cancelled" in finished.args[0]
    assert window.document.article.versions == before


def test_a_refetch_started_just_after_one_landed_keeps_its_cancel_button(make_window, qtbot, httpserver):
    """A re-fetch that landed reports (and opens its Versions dialog) a moment later
    (VERSIONS_DIALOG_DELAY_MS). A second re-fetch started meanwhile lost its Cancel button to that
    report, and could no longer be cancelled."""
    release = threading.Event()

    def slow(_request):  # noqa: ANN001, ANN202
        from werkzeug import Response

        release.wait(10)
        return Response(changed_page(), content_type="text/html; charset=utf-8")

    httpserver.expect_oneshot_request("/story").respond_with_data(changed_page(), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/story").respond_with_handler(slow)  # the second time: awaited
    window = make_window()
    set_url(window, qtbot, httpserver.url_for("/story"))
    article = window.document.article
    landed = len(article.versions) + 1
    window.action("refetch").trigger()
    qtbot.waitUntil(lambda: len(article.versions) == landed, timeout=20000)  # the new text is shown
    cancel = window.findChild(QAbstractButton, "cancelRefetchButton")
    try:
        window.action("refetch").trigger()  # again, before the first one has reported
        qtbot.wait(300)  # the first one's report is due
        assert window.text_versions.refetching and cancel.isVisible()
        with qtbot.waitSignal(window.text_versions.refetch_finished, timeout=10000) as finished:
            cancel.click()
    finally:
        release.set()
    assert "cancelled" in finished.args[0] and len(article.versions) == landed


def test_an_orphan_is_attached_to_the_text_selected(make_window, qtbot, data_dir):
    window = make_window()
    article = window.document.article
    abadi = mark(window, qtbot, ABADI_START)
    window.action("edit_text").trigger()
    dialog = find_dialog(qtbot, window, "editTextDialog")
    editor = dialog.findChild(QPlainTextEdit, "articleTextEdit")
    old = article.claim(abadi).exact
    new = "Prime Minister Hayder Abadi has said he would welcome Russian help."
    editor.setPlainText(editor.toPlainText().replace(old, new))
    dialog.findChild(QAbstractButton, "saveTextButton").click()
    assert article.claim(abadi).orphaned

    orphaned = window.findChild(QListWidget, "orphanedList")
    orphaned.setCurrentRow(0)
    assert window.document.current_claim_id == abadi
    start = article.text.index(new)
    window.article_view.select_span(start, start + len(new))
    window.action("attach_claim").trigger()
    claim = article.claim(abadi)
    assert not claim.orphaned and claim.exact == new and claim.previous_exact == old
    assert orphaned.count() == 0
    window.action("undo").trigger()
    assert article.claim(abadi).orphaned


def test_an_archived_version_is_shown_in_the_versions_dialog_and_opens_in_the_browser(make_window, qtbot,
                                                                                     monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from factcheck_gui.core.editing import record_version_archive

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    window = make_window()
    copy = "https://web.archive.org/web/20261204101500/https://example.org/story"
    record_version_archive(window.document.article, 0, copy, "2026-12-04T10:15:00Z")  # as `refetch --archive` does
    window.action("versions").trigger()
    dialog = find_dialog(qtbot, window, "versionsDialog")
    versions = dialog.findChild(QListWidget, "versionsList")
    (line,) = items(versions)
    assert "archived copy" in line and versions.item(0).toolTip() == copy
    versions.itemActivated.emit(versions.item(0))
    assert opened == [copy]
    dialog.close()


def test_a_refetch_diffs_splits_and_places_the_claims_off_the_gui_thread(make_window, qtbot, httpserver,
                                                                          monkeypatch):
    # The window must stay responsive while a re-fetch lands (issue 16): the word diff, the new
    # sentences and every claim's new place are worked out on the worker; the GUI thread applies them.
    from factcheck_gui.core import anchoring, editing, reanchoring, sentences

    window = make_window()
    dunford, officials = mark(window, qtbot, DUNFORD_START), mark(window, qtbot, OFFICIALS_START)
    httpserver.expect_request("/story").respond_with_data(changed_page(), content_type="text/html; charset=utf-8")
    set_url(window, qtbot, httpserver.url_for("/story"))
    on_gui_thread: list[str] = []

    def watched(name: str, function):  # noqa: ANN001, ANN202
        def call(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if threading.current_thread() is threading.main_thread():
                on_gui_thread.append(name)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(reanchoring.TextDiff, "__init__", watched("TextDiff", reanchoring.TextDiff.__init__))
    monkeypatch.setattr(reanchoring.TextDiff, "place", watched("place", reanchoring.TextDiff.place))
    monkeypatch.setattr(sentences, "split_sentences", watched("split_sentences", sentences.split_sentences))
    monkeypatch.setattr(editing, "split_sentences", watched("split_sentences", sentences.split_sentences))
    monkeypatch.setattr(anchoring, "make_selector", watched("make_selector", anchoring.make_selector))
    monkeypatch.setattr(editing, "make_selector", watched("make_selector", anchoring.make_selector))
    # The view's document of the new text (its blocks and styles) is made on the worker too.
    view = window.article_view
    monkeypatch.setattr(view, "setPlainText", watched("setPlainText", view.setPlainText))
    monkeypatch.setattr(view, "_apply_text_styles", watched("apply_text_styles", view._apply_text_styles))
    with qtbot.waitSignal(window.text_versions.refetch_finished, timeout=20000) as finished:
        window.action("refetch").trigger()
    assert "wording changed" in finished.args[0]
    assert on_gui_thread == []
    # ...and shows what the GUI thread would have made: the same text, blocks and formats.
    from factcheck_gui.core.invisible import mask_invisible
    from factcheck_gui.ui.article_view import QtArticleView

    made_here = QtArticleView()
    qtbot.addWidget(made_here)
    made_here.set_article(window.document.article, window.document.scale)
    shown, expected = view.document(), made_here.document()
    assert shown.toPlainText() == expected.toPlainText() == mask_invisible(window.document.article.text)
    assert shown.defaultFont() == expected.defaultFont() and not shown.isUndoRedoEnabled()
    block, other = shown.begin(), expected.begin()
    while block.isValid() or other.isValid():
        assert block.blockFormat() == other.blockFormat() and block.charFormat() == other.charFormat()
        block, other = block.next(), other.next()
    qtbot.waitUntil(lambda: len(view.extraSelections()) == 2)  # both claims painted on the new text
    article = window.document.article
    assert article.claim(dunford).anchor == "edited" and article.claim(officials).anchor == "exact"
    assert "does not need" in article.claim(dunford).exact
    assert window.document.flush(), window.document.last_error
    saved = {c["id"]: c for c in read_article_json(window.library, article.id)["claims"]}
    assert "doesn’t want" in saved[dunford]["previous_exact"] and not saved[officials]["previous_exact"]


def test_an_article_with_one_version_says_so_instead_of_empty_boxes(make_window, qtbot):
    window = make_window()  # the sample: imported once, never corrected nor re-fetched
    assert len(window.document.article.versions) == 1
    window.action("versions").trigger()
    dialog = find_dialog(qtbot, window, "versionsDialog")
    label = dialog.findChild(QLabel, "onlyVersionLabel")
    assert label is not None and label.isVisible()
    assert label.text().startswith("Only one version so far: Version 1 (")
    for name, kind in (("diffChangesList", QListWidget), ("diffView", QTextBrowser), ("diffFromCombo", QComboBox)):
        assert not dialog.findChild(kind, name).isVisible(), name
    versions = dialog.findChild(QListWidget, "versionsList")
    assert versions.isVisible() and len(items(versions)) == 1
    assert versions.height() < versions.sizeHintForRow(0) * 3  # a line for the one version, not an empty box
    dialog.close()


def test_after_a_correction_the_current_claim_still_stands_out_in_the_article(make_window, qtbot):
    """The claims list and the claim editor kept the current claim, but the article painted it as any
    other claim (the new text cleared the view's current claim)."""
    window = make_window()
    officials = mark(window, qtbot, OFFICIALS_START)
    dunford = mark(window, qtbot, DUNFORD_START)
    view = window.article_view
    assert view.current_claim_id() == dunford
    scrolled = view.verticalScrollBar().value()

    window.action("edit_text").trigger()
    dialog = find_dialog(qtbot, window, "editTextDialog")
    editor = dialog.findChild(QPlainTextEdit, "articleTextEdit")
    editor.setPlainText(editor.toPlainText().replace(TYPO, TYPO_FIXED))
    dialog.findChild(QAbstractButton, "saveTextButton").click()
    assert TYPO_FIXED in view.toPlainText()
    assert window.document.current_claim.id == dunford
    assert view.current_claim_id() == dunford and view.verticalScrollBar().value() == scrolled
    window.action("undo").trigger()  # the old text again: still the current claim
    assert TYPO in view.toPlainText() and view.current_claim_id() == dunford
    window.document.set_current_claim(officials)
    assert view.current_claim_id() == officials


def test_a_message_said_just_after_a_refetch_landed_is_not_overwritten_by_its_report(make_window, qtbot, httpserver):
    """The re-fetch's report came 100 ms after its new text (VERSIONS_DIALOG_DELAY_MS) and replaced
    whatever the window had said meanwhile."""
    httpserver.expect_request("/story").respond_with_data(changed_page(), content_type="text/html; charset=utf-8")
    window = make_window()
    set_url(window, qtbot, httpserver.url_for("/story"))
    mark(window, qtbot, OFFICIALS_START)
    article = window.document.article
    landed = len(article.versions) + 1
    with qtbot.waitSignal(window.text_versions.refetch_finished, timeout=20000) as finished:
        window.action("refetch").trigger()
        qtbot.waitUntil(lambda: len(article.versions) == landed, timeout=20000)  # the new text is shown
        assert window.statusBar().currentMessage().startswith("Re-fetched: the wording changed")
        window.article_view.select_span(*sentence_starting(article, OFFICIALS_START))
        window.action("mark_claim").trigger()  # the user goes on at once
        assert window.statusBar().currentMessage() == "That text is already a claim."
    assert finished.args[0].startswith("Re-fetched: the wording changed")
    assert find_dialog(qtbot, window, "versionsDialog").isVisible()
    assert window.statusBar().currentMessage() == "That text is already a claim."
