"""Bidi controls and zero-width characters from a page never make text in the window read as something
else (#12 item 6, the window's side): labels and lists show them as [U+202E], the article view shows a
visible mark in their place with the offsets unchanged, and the article keeps them as they were."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPlainTextEdit, QTreeWidget, QWidget

from factcheck_gui.core.invisible import INVISIBLE
from factcheck_gui.store.library import Library
from factcheck_gui.ui.article_paint import INVISIBLE_PROPERTY
from tests.sample_sources import sample_source
from tests.ui_helpers import read_article_json, sentence_starting

EXE = "Official statement \u202efdp.exe"  # reads as "Official statement exe.pdf"
GOV = "gov\u202eku."  # reads as "gov.uk"
PAYPAL = "pay\u200bpal"  # looks like one word


def hidden_in(text: str) -> set[str]:
    return {f"U+{ord(c):04X}" for c in text if c in INVISIBLE}


@pytest.fixture
def hostile_window(make_window, qtbot):
    """An imported article whose title, publisher and a sentence carry hidden characters, a claim on that
    sentence, and a source pinned to it whose title and site carry them too."""
    from factcheck_gui.importer import article_from_text
    from factcheck_gui.ui.source_commands import PinSourceCommand

    window = make_window()
    article = article_from_text(
        f"# {EXE}\n\nThe ministry wrote to {PAYPAL} customers on Monday. Nothing else happened.\n", markdown=True)
    article.meta.publisher = GOV
    assert window.add_imported_article(article, ask_details=False)
    document = window.document
    start, end = sentence_starting(document.article, "The ministry")
    window.article_view.select_span(start, end)
    window.action("mark_claim").trigger()
    source = sample_source(0, title=EXE, site=GOV)
    document.push(PinSourceCommand(document, document.current_claim.id, source, "refutes", ""))
    qtbot.waitUntil(lambda: len(window.sources_panel.cards_box.cards()) == 1, timeout=3000)
    return window


def test_labels_lists_and_titles_show_hidden_characters_as_markers(hostile_window, qtbot):
    window = hostile_window
    card = next(iter(window.sources_panel.cards_box.cards().values()))
    assert card.title_label.text() == "Official statement [U+202E]fdp.exe"
    assert "gov[U+202E]ku." in card.meta_label.text()
    assert "gov[U+202E]ku." in window.article_header.text()
    assert "Official statement [U+202E]fdp.exe" in window.windowTitle()
    assert "pay[U+200B]pal" in window.claim_editor.quote_label.text()
    claims = window.findChild(QListWidget, "claimsList")
    assert "pay[U+200B]pal" in claims.item(0).text()
    library = window.library_panel.model
    titles = [library.index(r, 0).data() for r in range(library.rowCount())]
    assert "Official statement [U+202E]fdp.exe" in titles
    viewer = window.sources_panel.view_source(card.source_id)
    assert viewer.title_label.text() == "Official statement [U+202E]fdp.exe"
    assert "[U+202E]" in viewer.windowTitle() and "gov[U+202E]ku." in viewer.details_label.text()

    # Nothing the window shows as a label, a list row or a title carries a hidden character.
    shown: list[tuple[str, str]] = [("window title", window.windowTitle()), ("status", window.statusBar().currentMessage())]
    for top in (window, viewer):
        shown += [(label.objectName(), label.text()) for label in top.findChildren(QLabel)]
        shown += [(label.objectName() + " tip", label.toolTip()) for label in top.findChildren(QWidget)]
        for view in top.findChildren(QListWidget):
            shown += [(view.objectName(), view.item(r).text()) for r in range(view.count())]
    assert {name: hidden_in(text) for name, text in shown if hidden_in(text)} == {}
    viewer.close()


def test_the_article_view_marks_hidden_characters_in_place_and_the_file_keeps_them(hostile_window, data_dir):
    window = hostile_window
    document = window.document
    text = document.article.text
    view = window.article_view
    shown = view.document().toPlainText()
    assert len(shown) == len(text)  # offsets unchanged: no character added or removed
    positions = [i for i, c in enumerate(text) if c in INVISIBLE]
    assert [text[i] for i in positions] == ["\u202e", "\u200b"]
    for i, char in enumerate(text):
        if i in positions:
            assert shown[i] == "\u25c7"  # a visible mark where the hidden character is
            char_format = view.cursor_for_offset(i + 1).charFormat()
            assert char_format.property(INVISIBLE_PROPERTY) == ord(char)
            assert f"U+{ord(char):04X}" in char_format.toolTip()
        else:
            assert shown[i] == char
    claim = document.current_claim
    assert PAYPAL in claim.exact  # the claim keeps the text as it is
    assert document.flush()
    saved = read_article_json(Library(data_dir), document.article_id)
    assert "\u202e" in saved["text"] and PAYPAL in saved["claims"][0]["selector"]["exact"]
    assert saved["meta"]["publisher"] == GOV


def test_a_sources_captured_text_marks_hidden_characters_and_a_selection_keeps_them(hostile_window):
    window = hostile_window
    card = next(iter(window.sources_panel.cards_box.cards().values()))
    source = window.document.article.source(card.source_id)
    assert "\u202e" in source.text
    viewer = window.sources_panel.view_source(card.source_id)
    text_view = viewer.findChild(QPlainTextEdit)
    shown = text_view.toPlainText()
    assert len(shown) == len(source.text) and not hidden_in(shown)
    assert shown[source.text.index("\u202e")] == "\u25c7"  # a visible mark in its place
    viewer.select_range(0, source.text.index(".exe") + 4)
    assert viewer.selected_passage() == EXE  # a quotation taken from it is the page's own text
    viewer.close()


def test_traced_pages_show_hidden_characters_as_markers(make_window, qtbot, httpserver):
    """A page found by a trace whose title (its text's first line too) and site carry hidden characters."""
    from factcheck_gui.ui.trace_view import QtTraceView
    from tests.test_trace_story import dunford_claim_with_the_report
    from tests.trace_web import PAGES, STATEMENT, serve
    from tests.ui_helpers import find_dialog

    pages = dict(PAGES)
    _title, _site, published, paragraphs, links = PAGES[STATEMENT]
    pages[STATEMENT] = (EXE, GOV, published, paragraphs, links)
    base = serve(httpserver, pages)
    window = make_window()
    dunford_claim_with_the_report(qtbot, window, base)
    window.action("trace_claim").trigger()
    view = find_dialog(qtbot, window, "traceView", QtTraceView)
    view.start()
    qtbot.waitUntil(lambda: view.crawled is not None and not view.is_busy(), timeout=20000)
    timeline = view.findChild(QTreeWidget, "traceTimeline")
    rows = [timeline.topLevelItem(i) for i in range(timeline.topLevelItemCount())]
    texts = [(row.text(c), row.toolTip(c)) for row in rows for c in range(timeline.columnCount())]
    assert any(text == "Official statement [U+202E]fdp.exe" for text, _tip in texts)
    assert any(text == "gov[U+202E]ku." for text, _tip in texts)
    assert not [pair for pair in texts if hidden_in("".join(pair))]

    view.select_url(base + STATEMENT)
    viewer = view.view_text()
    assert viewer is not None
    assert viewer.windowTitle() == "Official statement [U+202E]fdp.exe"
    labels = [label.text() for label in viewer.findChildren(QLabel)]
    assert "Official statement [U+202E]fdp.exe" in labels and any("gov[U+202E]ku." in text for text in labels)
    text = viewer.findChild(QPlainTextEdit, "tracePageText").toPlainText()
    assert "Official statement \u25c7fdp.exe" in text and not hidden_in(text)
    assert viewer.highlighted == "doesn\u2019t want Russia\u2019s help"  # the passage found at the same offsets
    assert not [label for label in view.findChildren(QLabel) if hidden_in(label.text())]
    assert "gov[U+202E]ku." in view.findChild(QLabel, "traceSummaryLabel").text()  # the origin's site
    viewer.close()
    view.close()
    assert "gov[U+202E]ku." in window.findChild(QLabel, "claimTraceLabel").text()  # kept with the claim


def test_seen_before_and_library_search_show_an_imported_reviews_hidden_characters(make_window, qtbot, tmp_path):
    """An imported ClaimReview whose publisher and rating carry hidden characters: the Seen before? row
    and the library search's result show them as markers."""
    import json
    from pathlib import Path

    from tests.test_ui_seen_before import FEED, import_feed, mark_dunford
    from tests.ui_helpers import find_dialog

    feed = json.loads(Path(FEED).read_text(encoding="utf-8"))
    review = feed["dataFeedElement"][0]["item"][0]
    review["author"]["name"] = GOV
    review["reviewRating"]["alternateName"] = "Fal\u200bse"
    hostile = tmp_path / "feed.json"
    hostile.write_text(json.dumps(feed), encoding="utf-8")
    window = make_window()
    import_feed(window, qtbot, hostile)
    mark_dunford(window, qtbot)
    panel = window.findChild(QWidget, "seenBeforePanel")
    headings = [row.findChild(QLabel, "seenBeforeHeading").text() for row in panel.rows()]
    assert any("gov[U+202E]ku." in heading for heading in headings), headings
    assert not [text for text in headings if hidden_in(text)]

    window.action("search_library").trigger()
    dialog = find_dialog(qtbot, window, "librarySearchDialog")
    with qtbot.waitSignal(dialog.results_shown, timeout=10000):
        qtbot.keyClicks(dialog.findChild(QLineEdit, "librarySearchField"), "Dunford")
    results = dialog.findChild(QListWidget, "librarySearchResults")
    shown = [(results.item(r).text(), results.item(r).toolTip()) for r in range(results.count())]
    assert any("gov[U+202E]ku." in text for text, _tip in shown), shown
    assert not [pair for pair in shown if hidden_in("".join(pair))]
    dialog.close()


def test_the_versions_dialog_shows_a_hidden_character_a_correction_added(hostile_window, qtbot):
    from PySide6.QtWidgets import QAbstractButton, QTextBrowser

    from tests.ui_helpers import find_dialog

    window = hostile_window
    window.action("edit_text").trigger()
    dialog = find_dialog(qtbot, window, "editTextDialog")
    editor = dialog.findChild(QPlainTextEdit, "articleTextEdit")
    editor.setPlainText(editor.toPlainText().replace("Nothing else happened.", "Nothing \u202eelse happened."))
    dialog.findChild(QLineEdit, "versionNoteEdit").setText("a mark\u200b added")
    dialog.findChild(QAbstractButton, "saveTextButton").click()
    assert "Nothing \u202eelse" in window.document.article.text  # the text is kept as corrected

    window.action("versions").trigger()
    versions = find_dialog(qtbot, window, "versionsDialog")
    lists = {name: [versions.findChild(QListWidget, name).item(r).text()
                    for r in range(versions.findChild(QListWidget, name).count())]
             for name in ("versionsList", "diffChangesList")}
    assert any("a mark[U+200B] added" in line for line in lists["versionsList"])
    assert any("[U+202E]" in line for line in lists["diffChangesList"]), lists
    diff = versions.findChild(QTextBrowser, "diffView").toPlainText()
    assert "[U+202E]" in diff
    assert not hidden_in(diff) and not [line for lines in lists.values() for line in lines if hidden_in(line)]
    versions.close()
