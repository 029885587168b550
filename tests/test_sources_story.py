"""Issue 4's "done when", in the real window: two sources pinned to the Dunford claim (one
refuting, one context) with a quote each, one archived, the quote check for "doesn't want
Russia's help", then the app closed and reopened on the same library with all of it there.

The pages and the Internet Archive are a local HTTP server; the library is a temporary folder.
"""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytest.importorskip("pytest_httpserver")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QToolButton, QWidget  # noqa: E402

from factcheck_gui.core.model import SourceKind, Stance  # noqa: E402
from factcheck_gui.core.settings import Settings  # noqa: E402
from factcheck_gui.core.text import Utf16Index  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.store.settings import save_settings  # noqa: E402
from factcheck_gui.ui.sources_panel import QtSourcesPanel  # noqa: E402
from tests.conftest import DUNFORD_START  # noqa: E402
from tests.ui_helpers import click_on, read_article_json, sentence_starting  # noqa: E402,F401

STATEMENT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Press release: Chairman's remarks to reporters in Baghdad</title>
<meta property="og:site_name" content="Joint Chiefs of Staff">
<meta name="author" content="Public Affairs Office">
<meta property="article:published_time" content="2015-10-20T18:00:00Z">
</head><body><main>
<h1>Chairman's remarks to reporters in Baghdad</h1>
<p>Gen. Joe Dunford told reporters after his meetings that the government in Baghdad doesn't want Russia's help
in the campaign against the Islamic State, and that it had made no request for Russian air strikes.</p>
<p>He said the coalition would keep supporting Iraqi forces as long as they remained focused on the fight.</p>
</main></body></html>
"""
STATEMENT_QUOTE = "the government in Baghdad doesn't want Russia's help"

REPORT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Iraqi PM says he would welcome Russian air strikes</title>
<meta property="og:site_name" content="Example Wire">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2015-10-01T09:00:00Z">
</head><body><article>
<h1>Iraqi PM says he would welcome Russian air strikes</h1>
<p>Prime Minister Haider al-Abadi said on Thursday that Iraq would welcome Russian air strikes against Islamic
State militants on its soil, though no formal request had yet been sent to Moscow.</p>
<p>Leaders of the ruling coalition and of several militias have urged him to ask Russia for help.</p>
</article></body></html>
"""
REPORT_QUOTE = "Iraq would welcome Russian air strikes against Islamic State militants on its soil"


def fetch_in_window(qtbot, window, panel: QtSourcesPanel, url: str, count: int) -> None:
    """Sources > Fetch source... (S), type the address, Return; wait until *count* cards show."""
    window.action("fetch_source").trigger()
    url_edit = panel.findChild(QLineEdit, "sourceUrlEdit")
    qtbot.waitUntil(url_edit.hasFocus, timeout=2000)
    qtbot.keyClicks(url_edit, url)
    qtbot.keyClick(url_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(panel.cards()) == count and not panel.is_busy(), timeout=15000)


def pin_quote(qtbot, panel: QtSourcesPanel, source_id: str, source_text: str, passage: str) -> None:
    """View text, select *passage* in the source's captured text, Pin quote, close the viewer."""
    card = panel.cards()[source_id]
    qtbot.mouseClick(card.findChild(QToolButton, "viewSourceTextButton"), Qt.MouseButton.LeftButton)
    [viewer] = [v for v in panel.viewers() if v.isVisible()]
    text_view = viewer.findChild(QPlainTextEdit, "sourceTextView")
    index = Utf16Index(source_text)
    start = source_text.index(passage)
    cursor = text_view.textCursor()
    cursor.setPosition(index.to_utf16(start))
    cursor.setPosition(index.to_utf16(start + len(passage)), QTextCursor.MoveMode.KeepAnchor)
    text_view.setTextCursor(cursor)
    qtbot.mouseClick(viewer.findChild(QPushButton, "pinQuoteButton"), Qt.MouseButton.LeftButton)
    viewer.close()


def test_two_sources_with_quotes_an_archive_and_the_quote_check_are_there_after_reopening(
    make_window, qtbot, httpserver, data_dir
):
    statement_url = httpserver.url_for("/news/press-releases/chairman-remarks-baghdad")
    report_url = httpserver.url_for("/world/iraq-pm-russia-air-strikes")
    httpserver.expect_request("/news/press-releases/chairman-remarks-baghdad").respond_with_data(
        STATEMENT, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/world/iraq-pm-russia-air-strikes").respond_with_data(
        REPORT, content_type="text/html; charset=utf-8")
    httpserver.expect_request(re.compile(r"^/save/.*")).respond_with_data(
        "saved", headers={"Content-Location": f"/web/20261203071500/{statement_url}"})
    save_settings(data_dir, Settings(wayback_save_url=httpserver.url_for("/save/"),
                                     wayback_availability_url=httpserver.url_for("/wayback/available")))

    window = make_window()
    article = window.document.article
    view = window.findChild(QWidget, "articleView")
    panel = window.findChild(QtSourcesPanel, "sourcesPanel")
    quote_check = panel.findChild(QLabel, "quoteCheckLabel")

    # The Dunford sentence becomes a claim; the quote check has nothing to search yet.
    start, end = sentence_starting(article, DUNFORD_START)
    click_on(qtbot, view, start + 12)
    window.action("mark_claim").trigger()
    claim = window.document.current_claim
    assert claim is not None and (claim.start, claim.end) == (start, end)
    assert "Pin a source to check" in quote_check.text()

    # The official statement, pinned as context.
    fetch_in_window(qtbot, window, panel, statement_url, 1)
    statement = article.sources[0]
    statement_card = panel.cards()[statement.id]
    assert statement_card.title_label.text() == "Press release: Chairman's remarks to reporters in Baghdad"
    assert statement_card.findChild(QComboBox, "sourceKindCombo").currentData() == SourceKind.OFFICIAL.value
    stance = statement_card.findChild(QComboBox, "stanceCombo")
    stance.setCurrentIndex(stance.findData(Stance.CONTEXT.value))
    pin_quote(qtbot, panel, statement.id, statement.text, STATEMENT_QUOTE)

    # The news report, pinned as refuting it.
    fetch_in_window(qtbot, window, panel, report_url, 2)
    report = article.sources[1]
    report_card = panel.cards()[report.id]
    assert report_card.findChild(QComboBox, "sourceKindCombo").currentData() == SourceKind.NEWS.value
    stance = report_card.findChild(QComboBox, "stanceCombo")
    stance.setCurrentIndex(stance.findData(Stance.REFUTES.value))
    pin_quote(qtbot, panel, report.id, report.text, REPORT_QUOTE)

    # Archive the statement.
    qtbot.mouseClick(statement_card.findChild(QToolButton, "archiveSourceButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy() and bool(statement.archive_url), timeout=10000)
    archive_url = httpserver.url_for(f"/web/20261203071500/{statement_url}")
    assert statement.archive_url == archive_url

    # The quote check finds "doesn't want Russia's help" in the statement, not in the report.
    text = quote_check.text()
    assert "\u201cdoesn\u2019t want Russia\u2019s help\u201d" in text
    assert "Found with different quote marks" in text and "Chairman's remarks" in text
    assert "<b>doesn't want Russia's help</b>" in text

    article_id, claim_id = article.id, claim.id
    window.close()

    # On disk, as the next reader of the file finds it.
    saved = read_article_json(Library(data_dir), article_id)
    [saved_claim] = saved["claims"]
    by_source = {evidence["source_id"]: evidence for evidence in saved_claim["evidence"]}
    assert (by_source[statement.id]["stance"], by_source[statement.id]["quote"]) == ("context", STATEMENT_QUOTE)
    assert (by_source[report.id]["stance"], by_source[report.id]["quote"]) == ("refutes", REPORT_QUOTE)
    saved_sources = {source["id"]: source for source in saved["sources"]}
    assert saved_sources[statement.id]["archive_url"] == archive_url
    assert saved_sources[statement.id]["kind"] == "official" and saved_sources[report.id]["kind"] == "news"
    assert all(len(source["sha256"]) == 64 and source["status"] == 200 for source in saved["sources"])

    # Reopen the app: select the claim, and its two cards, quotes, archive and quote check are back.
    again = make_window()
    assert again.document.article_id == article_id
    panel = again.findChild(QtSourcesPanel, "sourcesPanel")
    click_on(qtbot, again.findChild(QWidget, "articleView"), start + 12)
    assert again.document.current_claim_id == claim_id
    cards = panel.cards()
    assert set(cards) == {statement.id, report.id} and all(card.isVisible() for card in cards.values())
    assert cards[statement.id].findChild(QComboBox, "stanceCombo").currentData() == "context"
    assert cards[report.id].findChild(QComboBox, "stanceCombo").currentData() == "refutes"
    assert STATEMENT_QUOTE in cards[statement.id].quote_label.text()
    assert REPORT_QUOTE in cards[report.id].quote_label.text()
    assert "archived" in cards[statement.id].status_label.text()
    assert "archived" not in cards[report.id].status_label.text()
    text = panel.findChild(QLabel, "quoteCheckLabel").text()
    assert "Found with different quote marks" in text and "Chairman's remarks" in text
