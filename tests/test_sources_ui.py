"""Pinning sources in the window's sources panel: fetch, cancel, fail, candidates, quotes, archive.

Every test talks to a local HTTP server (pytest-httpserver) and a temporary library;
the widgets are found by objectName, as a user (or a screen reader) finds them by name.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytest.importorskip("pytest_httpserver")

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)
from werkzeug.wrappers import Response  # noqa: E402

from factcheck_gui.core.editing import add_claim, find_text  # noqa: E402
from factcheck_gui.core.model import Article, Link, Source, SourceKind, Stance  # noqa: E402
from factcheck_gui.core.settings import Settings  # noqa: E402
from factcheck_gui.core.text import Utf16Index  # noqa: E402
from factcheck_gui.importer import sample_article  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.ui.document import QtArticleDocument  # noqa: E402
from factcheck_gui.ui.source_card import STANCE_COLORS  # noqa: E402
from factcheck_gui.ui.sources_panel import QtSourcesPanel, _Purpose  # noqa: E402
from tests.test_ui_bursts import mark_current  # noqa: E402

DUNFORD_CLAIM = "Yesterday, when Gen. Joe Dunford claimed Iraq \u201cdoesn\u2019t want Russia\u2019s help\u201d in the ongoing ISIS war"
OFFICIALS_START = "Officials are making that all the more clear today"
QUOTED_PASSAGE = "no request had been made"

BRIEFING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Dunford: Iraq has not asked for Russian help</title>
<meta property="og:site_name" content="Defense News Desk">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2015-10-20T18:00:00Z">
</head><body>
<article>
<h1>Dunford: Iraq has not asked for Russian help</h1>
<p>BAGHDAD \U0001F1EE\U0001F1F6 The top US general said on Tuesday that Iraq's prime minister told him Iraq doesn't
want Russia's help in the war against the Islamic State, and that no request had been made.</p>
<p>Gen. Joe Dunford, the chairman of the Joint Chiefs of Staff, spoke to reporters travelling with him after
meetings with Prime Minister Haider al-Abadi and the defence minister in Baghdad.</p>
<p>Officials said the United States had made clear that Russian involvement would make American support harder
for Iraq to count on in the months ahead.</p>
</article>
</body></html>
"""

UNRELATED = """<!doctype html><html><head><title>Weather in Baghdad</title></head><body><article>
<p>Baghdad will be sunny and warm this week, with highs around thirty degrees and no rain expected at all.</p>
<p>Nights stay mild, and the wind from the north-west is light until the weekend, forecasters said on Monday.</p>
</article></body></html>"""


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def library(data_dir: Path) -> Library:
    return Library(data_dir)


@pytest.fixture
def settings(httpserver) -> Settings:
    return Settings(
        fetch_timeout_seconds=10.0,
        wayback_save_url=httpserver.url_for("/save/"),
        wayback_availability_url=httpserver.url_for("/wayback/available"),
    )


@pytest.fixture
def open_article(library, qtbot):
    """Put the sample (with extra links, if given) into the library and open it as a document."""
    documents: list[QtArticleDocument] = []

    def _open(links: list[tuple[str, str]] = ()) -> tuple[QtArticleDocument, Article]:
        article = sample_article()
        for anchor_text, href in links:
            start = article.text.index(anchor_text)
            article.links.append(Link(start, start + len(anchor_text), href))
        handle = library.add(article)
        document = QtArticleDocument(library, handle, autosave_delay_ms=0)
        documents.append(document)
        return document, handle.article

    yield _open
    for document in documents:
        document.close()


@pytest.fixture
def panel(qtbot, settings) -> QtSourcesPanel:
    widget = QtSourcesPanel(settings=settings)
    qtbot.addWidget(widget)
    widget.resize(440, 900)
    widget.show()
    yield widget
    widget.cancel_all()
    qtbot.waitUntil(lambda: not widget.is_busy(), timeout=15000)


@dataclass
class SlowFetch:
    """A page trickling in for the Dunford claim of the open sample, until *release* is set."""

    document: QtArticleDocument
    article: Article
    claim_id: str
    release: threading.Event


@pytest.fixture
def slow_fetch(qtbot, panel, open_article, httpserver) -> SlowFetch:
    """The sample open in the panel, its Dunford claim marked, and a slow page being fetched for it."""
    release = threading.Event()
    httpserver.expect_request("/slow").respond_with_handler(slow_page(release))
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/slow"))
    yield SlowFetch(document, article, claim_id, release)
    release.set()  # also when the test failed: the server's thread stops trickling


def mark(document: QtArticleDocument, text: str) -> str:
    """Mark *text* of the open article as a claim and make it current; returns the claim id."""
    start, end = find_text(document.article, text)
    claim = add_claim(document.article, start, end)
    document.set_current_claim(claim.id)
    return claim.id


def type_and_fetch(qtbot, panel: QtSourcesPanel, url: str) -> None:
    url_edit = panel.findChild(QLineEdit, "sourceUrlEdit")
    url_edit.clear()
    qtbot.keyClicks(url_edit, url)
    qtbot.mouseClick(panel.findChild(QPushButton, "fetchSourceButton"), Qt.MouseButton.LeftButton)


class ChangeEvents(QObject):
    """What Qt tells a card's widgets of changes to them from now on (tool tip, state, style, shown or hidden)."""

    KINDS = frozenset({QEvent.Type.ToolTipChange, QEvent.Type.EnabledChange, QEvent.Type.StyleChange,
                       QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.ShowToParent,
                       QEvent.Type.HideToParent})

    def __init__(self, card: QWidget) -> None:
        super().__init__(card)
        self.seen: list[tuple[str, str]] = []
        for widget in [card, *card.findChildren(QWidget)]:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self.KINDS:
            self.seen.append((watched.objectName(), event.type().name))
        return False


def drop_links(panel: QtSourcesPanel, urls: list[str]) -> None:
    """Drop *urls* onto the panel, as links dragged from a browser."""
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl(url) for url in urls])
    panel.dropEvent(QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))


def wait_for_card(qtbot, panel: QtSourcesPanel, count: int = 1):
    qtbot.waitUntil(lambda: len(panel.cards()) == count and not panel.is_busy(), timeout=15000)
    return list(panel.cards().values())


def on_disk(document: QtArticleDocument) -> dict:
    assert document.flush(), document.last_error
    return json.loads(document.handle.path.read_text(encoding="utf-8"))


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def slow_page(release: threading.Event):
    """A handler that starts a page at once, then trickles it until *release* is set."""

    def handler(_request):
        def body():
            yield b"<html><head><title>Slow</title></head><body><p>The start of a slow page"
            for _ in range(400):
                if release.wait(0.05):
                    break
                yield b" and more"
            yield b".</p></body></html>"

        return Response(body(), content_type="text/html")

    return handler


def start_slow_burst(qtbot, panel: QtSourcesPanel, open_article, threaded_server,
                     release: threading.Event, count: int = 6) -> tuple[Article, str]:
    """*count* slow pages (trickled until *release*) dropped on the panel for the Dunford claim of the
    sample, once the first reports what it received: (the article, the claim's id)."""
    paths = [f"/slow-{n}" for n in range(count)]
    for path in paths:
        threaded_server.expect_request(path).respond_with_handler(slow_page(release))
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)
    drop_links(panel, [threaded_server.url_for(path) for path in paths])
    qtbot.waitUntil(lambda: "received" in panel.findChild(QLabel, "fetchProgressLabel").toolTip(), timeout=10000)
    return article, claim_id


# -- the user's story ----------------------------------------------------------------------


def test_pin_a_source_through_the_panel_and_find_it_on_disk(qtbot, panel, open_article, httpserver, data_dir):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/briefing")
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)

    type_and_fetch(qtbot, panel, url)
    (card,) = wait_for_card(qtbot, panel)
    assert panel.findChild(QLineEdit, "sourceUrlEdit").text() == ""  # ready for the next one
    assert card.title_label.text() == "Dunford: Iraq has not asked for Russian help"
    assert "Defense News Desk" in card.meta_label.text() and "2015" in card.meta_label.text()
    assert "HTTP 200" in card.status_label.text() and "fetched" in card.status_label.text()
    kind = card.findChild(QComboBox, "sourceKindCombo")
    assert kind.currentData() == SourceKind.NEWS.value  # guessed from og:type article

    stance = card.findChild(QComboBox, "stanceCombo")
    stance.setCurrentIndex(stance.findData(Stance.REFUTES.value))
    note = card.findChild(QLineEdit, "evidenceNoteEdit")
    note.setFocus()
    qtbot.keyClicks(note, "The PM made no request")

    saved = on_disk(document)
    (source,) = saved["sources"]
    body = BRIEFING.encode("utf-8")
    import hashlib

    assert source["url"] == url and source["final_url"] == url and source["status"] == 200
    assert source["sha256"] == hashlib.sha256(body).hexdigest() and source["size"] == len(body)
    assert source["content_type"] == "text/html" and source["fetched_at"].endswith("Z")
    assert QUOTED_PASSAGE in source["text"] and source["kind"] == "news"
    (claim,) = saved["claims"]
    assert claim["id"] == claim_id
    assert claim["evidence"] == [{"source_id": source["id"], "stance": "refutes", "quote": "",
                                  "note": "The PM made no request", "created": claim["evidence"][0]["created"]}]
    assert (data_dir / "snapshots" / source["sha256"]).read_bytes() == body

    # Every step is undoable: the note (typed in one go), the stance, then the pin itself.
    stack = document.undo_stack
    stack.undo()
    assert article.claim(claim_id).evidence[0].note == "" and note.text() == ""
    stack.undo()
    assert article.claim(claim_id).evidence[0].stance is Stance.CONTEXT
    assert stance.currentData() == "context"
    stack.undo()
    assert article.sources == [] and article.claim(claim_id).evidence == [] and panel.cards() == {}
    stack.redo()
    assert len(panel.cards()) == 1 and article.sources[0].id == source["id"]


def test_cancel_a_slow_fetch_pins_nothing_and_shows_no_dialog(qtbot, panel, slow_fetch):
    document, article, claim_id = slow_fetch.document, slow_fetch.article, slow_fetch.claim_id
    cancel = panel.findChild(QPushButton, "cancelFetchButton")
    assert cancel is not None and cancel.isVisible()
    qtbot.waitUntil(lambda: "received" in panel.findChild(QLabel, "fetchProgressLabel").toolTip(), timeout=10000)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    slow_fetch.release.set()
    assert panel.findChild(QPushButton, "cancelFetchButton") is None or not panel.progress_box.isVisible()
    assert article.sources == [] and article.claim(claim_id).evidence == []
    assert "cancelled" in panel.status_label.text() and panel.message_text() == ""
    assert message_boxes() == []
    assert not document.is_dirty


def test_a_404_is_explained_in_the_panel_and_the_next_fetch_works(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/missing").respond_with_data("Not here", status=404)
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)

    type_and_fetch(qtbot, panel, httpserver.url_for("/missing"))
    qtbot.waitUntil(lambda: panel.message_text() != "", timeout=10000)
    message = panel.findChild(QLabel, "sourceMessageLabel").text()
    assert httpserver.url_for("/missing") in message
    assert "404 Not Found" in message and "does not exist at this address" in message
    assert article.sources == [] and message_boxes() == []

    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    (_card,) = wait_for_card(qtbot, panel)
    assert panel.message_text() == ""
    assert [e.source_id for e in article.claim(claim_id).evidence] == [article.sources[0].id]


def test_a_failed_address_can_be_pinned_anyway_with_its_error(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/gone").respond_with_data("Gone", status=410)
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/gone"))
    qtbot.waitUntil(lambda: panel.message_text() != "", timeout=10000)
    qtbot.mouseClick(panel.findChild(QPushButton, "pinFailedSourceButton"), Qt.MouseButton.LeftButton)
    (card,) = panel.cards().values()
    (source,) = article.sources
    assert source.status == 410 and "410" in source.error and source.text == ""
    assert card.error_label.isVisible() and "410" in card.error_label.text()

    # Once the page is back, Re-fetch replaces the error with a real capture (undoably).
    httpserver.clear_all_handlers()
    httpserver.expect_request("/gone").respond_with_data(BRIEFING, content_type="text/html")
    qtbot.mouseClick(card.findChild(QToolButton, "refetchSourceButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy() and source.status == 200, timeout=10000)
    assert source.error == "" and QUOTED_PASSAGE in source.text and not card.error_label.isVisible()
    document.undo_stack.undo()
    assert source.status == 410 and source.text == ""

    # Fetching the address for another claim takes the new capture into the same, single source.
    second = mark(document, OFFICIALS_START)
    type_and_fetch(qtbot, panel, httpserver.url_for("/gone"))
    wait_for_card(qtbot, panel)
    assert article.sources == [source] and source.status == 200 and source.error == ""
    assert [e.source_id for e in article.claim(second).evidence] == [source.id]
    document.undo_stack.undo()
    assert source.status == 410 and article.claim(second).evidence == []


def test_fetch_and_pin_a_candidate_link_of_the_article(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/dunford-remarks").respond_with_data(BRIEFING, content_type="text/html")
    href = httpserver.url_for("/dunford-remarks")
    document, article = open_article(links=[("claimed Iraq", href)])
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)

    (row,) = panel.candidate_rows()
    assert row.href == href and "claimed Iraq" in row.label.text() and "in the claim" in row.label.text()
    button = row.findChild(QPushButton, "fetchCandidateButton")
    assert button.text() == "Fetch and pin"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_for_card(qtbot, panel)
    (source,) = article.sources
    assert source.url == href and article.claim(claim_id).evidence[0].source_id == source.id
    (row,) = panel.candidate_rows()
    pinned = row.findChild(QPushButton, "fetchCandidateButton")
    assert pinned.text() == "Pinned" and not pinned.isEnabled()


def test_pin_a_quote_selected_in_the_source_viewer(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html; charset=utf-8")
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    (card,) = wait_for_card(qtbot, panel)

    qtbot.mouseClick(card.findChild(QToolButton, "viewSourceTextButton"), Qt.MouseButton.LeftButton)
    (viewer,) = panel.viewers()
    qtbot.waitExposed(viewer)
    text_view = viewer.findChild(QPlainTextEdit, "sourceTextView")
    pin_button = viewer.findChild(QPushButton, "pinQuoteButton")
    assert not pin_button.isEnabled()  # nothing selected yet

    source_text = article.sources[0].text
    assert "\U0001F1EE" in source_text  # a flag emoji before the passage: Qt counts it as two units each
    start = source_text.index(QUOTED_PASSAGE)
    index = Utf16Index(source_text)
    cursor = text_view.textCursor()
    cursor.setPosition(index.to_utf16(start))
    cursor.setPosition(index.to_utf16(start + len(QUOTED_PASSAGE)), QTextCursor.MoveMode.KeepAnchor)
    text_view.setTextCursor(cursor)
    assert pin_button.isEnabled()
    qtbot.mouseClick(pin_button, Qt.MouseButton.LeftButton)

    assert article.claim(claim_id).evidence[0].quote == QUOTED_PASSAGE
    assert QUOTED_PASSAGE in card.quote_label.text() and card.quote_label.isVisible()
    assert "not found on the page" not in card.quote_label.text()
    assert QUOTED_PASSAGE in viewer.findChild(QLabel, "sourceQuoteLabel").text()
    # A quote typed elsewhere (factcheck source add --quote) that the page does not hold is said to be so.
    typed = dataclasses.replace(article.claim(claim_id).evidence[0], quote="Russia is welcome")
    card.show_source(article.sources[0], typed, editable=True, busy="")
    assert card.quote_label.text() == "Quote: \u201cRussia is welcome\u201d \u2014 not found on the page"
    card.show_source(article.sources[0], article.claim(claim_id).evidence[0], editable=True, busy="")
    assert on_disk(document)["claims"][0]["evidence"][0]["quote"] == QUOTED_PASSAGE
    document.undo_stack.undo()
    assert article.claim(claim_id).evidence[0].quote == ""
    viewer.close()


def test_quote_check_finds_the_quotation_in_a_pinned_source(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/weather").respond_with_data(UNRELATED, content_type="text/html")
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    document, _article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    label = panel.findChild(QLabel, "quoteCheckLabel")
    assert label.isVisible()
    assert "\u201cdoesn\u2019t want Russia\u2019s help\u201d" in label.text()
    assert "Pin a source to check" in label.text()

    type_and_fetch(qtbot, panel, httpserver.url_for("/weather"))
    wait_for_card(qtbot, panel)
    assert "No pinned source contains it" in label.text()

    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    wait_for_card(qtbot, panel, 2)
    text = label.text()
    assert "Found with different quote marks" in text  # straight apostrophes in the source, curly in the claim
    assert "Dunford: Iraq has not asked for Russian help" in text
    assert "<b>doesn't want Russia's help</b>" in text and "prime minister told him Iraq" in text

    # The passage links to the source text with the quotation selected.
    link = text.split("href='")[1].split("'")[0]
    panel.findChild(QLabel, "quoteCheckLabel").linkActivated.emit(link)
    (viewer,) = panel.viewers()
    assert viewer.selected_passage().replace("\n", " ") == "doesn't want Russia's help"
    viewer.close()


def test_the_quote_check_follows_pins_removed_and_brought_back(qtbot, panel, open_article, httpserver):
    # The panel keeps the searches made so far (a new pin searches only the new source, see
    # test_core_sources); what it shows must still follow every pin, removal and undo.
    httpserver.expect_request("/weather").respond_with_data(UNRELATED, content_type="text/html")
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)
    label = panel.findChild(QLabel, "quoteCheckLabel")
    type_and_fetch(qtbot, panel, httpserver.url_for("/weather"))
    wait_for_card(qtbot, panel)
    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    briefing = next(card for card in wait_for_card(qtbot, panel, 2) if "Dunford" in card.title_label.text())
    assert "Found with different quote marks" in label.text() and "Dunford: Iraq" in label.text()

    qtbot.mouseClick(briefing.findChild(QToolButton, "removeSourceButton"), Qt.MouseButton.LeftButton)
    assert "No pinned source contains it" in label.text()
    document.undo_stack.undo()
    assert "Found with different quote marks" in label.text() and "Dunford: Iraq" in label.text()
    assert len(on_disk(document)["claims"][0]["evidence"]) == 2

    weather = next(card for card in panel.cards().values() if card is not briefing)
    qtbot.mouseClick(weather.findChild(QToolButton, "removeSourceButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.cards()[briefing.source_id].findChild(QToolButton, "removeSourceButton"),
                     Qt.MouseButton.LeftButton)
    assert "Pin a source to check" in label.text() and article.claim(claim_id).evidence == []


def test_a_claim_without_a_quotation_has_no_quote_check(qtbot, panel, open_article):
    document, _article = open_article()
    panel.set_document(document)
    mark(document, "Prime Minister Hayder Abadi made it clear")
    assert not panel.findChild(QLabel, "quoteCheckLabel").isVisible()


def test_archive_records_the_save_page_now_copy(qtbot, panel, open_article, httpserver):
    import re

    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    url = httpserver.url_for("/briefing")
    httpserver.expect_request(re.compile(r"^/save/.*")).respond_with_data(
        "saved", headers={"Content-Location": f"/web/20261125084000/{url}"}
    )
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, url)
    (card,) = wait_for_card(qtbot, panel)

    qtbot.mouseClick(card.findChild(QToolButton, "archiveSourceButton"), Qt.MouseButton.LeftButton)
    source = article.sources[0]
    qtbot.waitUntil(lambda: not panel.is_busy() and bool(source.archive_url), timeout=10000)
    assert source.archive_url == httpserver.url_for(f"/web/20261125084000/{url}")
    assert source.archived_at == "2026-11-25T08:40:00Z"
    assert "archived" in card.status_label.text() and "Archived" in panel.status_label.text()
    saved = on_disk(document)["sources"][0]
    assert saved["archive_url"] == source.archive_url and saved["archived_at"] == "2026-11-25T08:40:00Z"
    save_requests = [r for r, _ in httpserver.log if r.path.startswith("/save/")]
    assert [r.path for r in save_requests] == [f"/save/{url}"]


def test_archive_falls_back_to_an_existing_copy_when_saving_is_refused(qtbot, panel, open_article, httpserver):
    import re

    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    httpserver.expect_request(re.compile(r"^/save/.*")).respond_with_data("Too many requests", status=429)
    httpserver.expect_request("/wayback/available").respond_with_json({
        "url": "example", "archived_snapshots": {"closest": {
            "status": "200", "available": True, "timestamp": "20151021000000",
            "url": "http://web.archive.org/web/20151021000000/http://example.org/briefing"}}})
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    (_card,) = wait_for_card(qtbot, panel)
    panel.archive_source(article.sources[0].id)
    source = article.sources[0]
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert source.archive_url == "https://web.archive.org/web/20151021000000/http://example.org/briefing"
    assert source.archived_at == "2015-10-21T00:00:00Z"
    status = panel.status_label.text()
    assert "did not save a new copy" in status and "too many" in status and "existing copy" in status
    assert panel.message_text() == "" and message_boxes() == []


def test_archive_offline_or_refused_is_reported_not_fatal(qtbot, panel, open_article, httpserver, settings):
    import re

    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    httpserver.expect_request(re.compile(r"^/save/.*")).respond_with_data("No", status=403)
    httpserver.expect_request("/wayback/available").respond_with_json({"archived_snapshots": {}})
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    wait_for_card(qtbot, panel)
    source = article.sources[0]

    panel.archive_source(source.id)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert "Could not archive" in panel.message_text() and "refused the request (403)" in panel.message_text()
    assert source.archive_url == "" and article.sources == [source]

    # Offline: nothing listens on the archive's address.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    settings.wayback_save_url = dead + "/save/"
    settings.wayback_availability_url = dead + "/available"
    panel.archive_source(source.id)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert "could not be reached" in panel.message_text() and "The source itself is kept" in panel.message_text()
    assert source.archive_url == "" and message_boxes() == []


def test_one_source_pinned_to_two_claims_is_stored_once(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    url = httpserver.url_for("/briefing")
    document, article = open_article()
    panel.set_document(document)
    first = mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, url)
    wait_for_card(qtbot, panel)

    second = mark(document, OFFICIALS_START)
    assert panel.cards() == {}
    type_and_fetch(qtbot, panel, url)
    (card,) = wait_for_card(qtbot, panel)
    assert "already fetched for another claim" in panel.status_label.text()
    card.findChild(QComboBox, "stanceCombo").setCurrentIndex(0)  # supports

    saved = on_disk(document)
    assert len(saved["sources"]) == 1 and len(httpserver.log) == 1
    source_id = saved["sources"][0]["id"]
    pins = {c["id"]: [(e["source_id"], e["stance"]) for e in c["evidence"]] for c in saved["claims"]}
    assert pins == {first: [(source_id, "context")], second: [(source_id, "supports")]}

    # Removing it from one claim keeps it for the other.
    qtbot.mouseClick(card.findChild(QToolButton, "removeSourceButton"), Qt.MouseButton.LeftButton)
    assert panel.cards() == {} and [s.id for s in article.sources] == [source_id]
    document.set_current_claim(first)
    (card,) = panel.cards().values()
    qtbot.mouseClick(card.findChild(QToolButton, "removeSourceButton"), Qt.MouseButton.LeftButton)
    assert article.sources == []  # no claim pins it any more
    document.undo_stack.undo()
    assert [s.id for s in article.sources] == [source_id] and len(panel.cards()) == 1


def test_a_fetch_lands_on_the_claim_it_was_started_for(qtbot, panel, slow_fetch):
    article, first = slow_fetch.article, slow_fetch.claim_id
    second = mark(slow_fetch.document, OFFICIALS_START)  # the user moves on while it downloads
    assert panel.is_busy()
    slow_fetch.release.set()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert len(article.claim(first).evidence) == 1 and article.claim(second).evidence == []
    assert "to the claim it was fetched for" in panel.status_label.text()
    assert panel.cards() == {}  # the current claim (the second) has none


def test_closing_the_article_while_fetching_pins_nothing(qtbot, panel, slow_fetch):
    document, article, claim_id = slow_fetch.document, slow_fetch.article, slow_fetch.claim_id
    assert panel.is_busy()
    panel.set_document(None)  # the window closes the article
    assert not panel.progress_box.isVisible()
    slow_fetch.release.set()
    qtbot.waitUntil(lambda: not panel.runner.is_running(), timeout=10000)
    assert article.sources == [] and article.claim(claim_id).evidence == []
    assert not document.is_dirty and message_boxes() == []


@pytest.fixture
def threaded_server():
    """A local server that answers several requests at the same time."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_several_fetches_run_at_once(qtbot, panel, open_article, threaded_server):
    httpserver = threaded_server
    release = threading.Event()
    httpserver.expect_request("/slow-a").respond_with_handler(slow_page(release))
    httpserver.expect_request("/slow-b").respond_with_handler(slow_page(release))
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)
    try:
        type_and_fetch(qtbot, panel, httpserver.url_for("/slow-a"))
        type_and_fetch(qtbot, panel, httpserver.url_for("/slow-b"))
        rows = panel.progress_box.findChildren(QPushButton, "cancelFetchButton")
        assert len(rows) == 2
        qtbot.waitUntil(
            lambda: all("received" in label.toolTip() for label in panel.progress_box.findChildren(QLabel, "fetchProgressLabel")),
            timeout=10000,
        )  # both are downloading at the same time, and the panel keeps answering
    finally:
        release.set()
    wait_for_card(qtbot, panel, 2)
    assert {s.url for s in article.sources} == {httpserver.url_for("/slow-a"), httpserver.url_for("/slow-b")}
    assert len(article.claim(claim_id).evidence) == 2


def test_a_link_dropped_while_typing_a_note_leaves_the_note_as_it_is(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    httpserver.expect_request("/weather").respond_with_data(UNRELATED, content_type="text/html")
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    (briefing,) = wait_for_card(qtbot, panel)
    briefing_id = briefing.source_id
    panel.activateWindow()
    note = briefing.findChild(QLineEdit, "evidenceNoteEdit")
    note.setFocus()
    qtbot.waitUntil(note.hasFocus, timeout=2000)
    qtbot.keyClicks(note, "No request made")
    note.setCursorPosition(3)  # the user goes back to add a word
    title = briefing.findChild(QLabel, "sourceTitleLabel")
    title.setSelection(0, 7)  # and has selected a word of the title
    changes = ChangeEvents(briefing)

    drop_links(panel, [httpserver.url_for("/weather")])  # another page pinned meanwhile
    wait_for_card(qtbot, panel, 2)
    assert panel.cards()[briefing_id] is briefing  # the same card, not a rebuilt one
    assert changes.seen == []  # and nothing in it was shown again
    assert note.hasFocus() and note.text() == "No request made" and note.cursorPosition() == 3
    assert note.isUndoAvailable() and title.selectedText() == "Dunford"
    weather = next(card for card in panel.cards().values() if card is not briefing)
    assert weather.findChild(QLabel, "sourceTitleLabel").text() == "Weather in Baghdad"

    # Re-fetching the weather page changes its card only.
    panel.refetch_source(weather.source_id)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert "fetched" in weather.findChild(QLabel, "sourceStatusLine").text()
    assert note.hasFocus() and note.cursorPosition() == 3 and title.selectedText() == "Dunford"
    assert changes.seen == []
    assert [e["note"] for e in on_disk(document)["claims"][0]["evidence"]] == ["No request made", ""]

    # A change to the briefing itself (its kind) shows in its card.
    kind = briefing.findChild(QComboBox, "sourceKindCombo")
    kind.setCurrentIndex(kind.findData(SourceKind.OFFICIAL.value))
    assert article.source(briefing_id).kind is SourceKind.OFFICIAL and changes.seen != []
    assert on_disk(document)["sources"][0]["kind"] == "official"
    document.undo_stack.undo()
    assert kind.currentData() == SourceKind.NEWS.value


def test_the_next_claim_s_cards_show_nothing_of_the_claim_before(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    httpserver.expect_request("/weather").respond_with_data(UNRELATED, content_type="text/html")
    document, _article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    (card,) = wait_for_card(qtbot, panel)
    card.findChild(QComboBox, "stanceCombo").setCurrentIndex(card.stance_combo.findData(Stance.REFUTES.value))
    note = card.findChild(QLineEdit, "evidenceNoteEdit")
    note.setFocus()
    qtbot.keyClicks(note, "The PM made no request")
    note.selectAll()
    qtbot.keyClick(note, Qt.Key.Key_Backspace)  # on second thoughts, no note (the field can undo that)
    assert note.text() == "" and note.isUndoAvailable()

    mark(document, OFFICIALS_START)  # the user moves on to another claim and pins another page
    type_and_fetch(qtbot, panel, httpserver.url_for("/weather"))
    (card,) = wait_for_card(qtbot, panel)
    note = card.findChild(QLineEdit, "evidenceNoteEdit")
    assert card.title_label.text() == "Weather in Baghdad" and card.accessibleName() == "Source: Weather in Baghdad"
    assert note.text() == "" and not note.isUndoAvailable()
    assert card.findChild(QComboBox, "stanceCombo").currentData() == Stance.CONTEXT.value
    assert card.stance_color().name() == STANCE_COLORS[Stance.CONTEXT]
    assert card.findChild(QComboBox, "stanceCombo").accessibleName() == "Stance of Weather in Baghdad"


def test_settings_saved_in_the_dialog_apply_to_the_next_fetch(qtbot, open_article, httpserver, library, monkeypatch):
    from factcheck_gui.store import settings as settings_store
    from factcheck_gui.ui.settings_dialog import QtSettingsDialog

    big_page = ("<html><head><title>A long report</title></head><body><!-- " + "padding " * 150_000 + "-->"
                "<article><p>Iraq has not asked Russia for help, the report says.</p></article></body></html>")
    assert len(big_page) > 1024 * 1024
    httpserver.expect_request("/report").respond_with_data(big_page, content_type="text/html")
    httpserver.expect_request("/weather").respond_with_data(UNRELATED, content_type="text/html")
    reads: list[Path] = []
    load_settings = settings_store.load_settings
    monkeypatch.setattr(settings_store, "load_settings", lambda root: reads.append(root) or load_settings(root))
    panel = QtSourcesPanel()  # as in the window: no settings given, the library's are used
    qtbot.addWidget(panel)
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)

    type_and_fetch(qtbot, panel, httpserver.url_for("/report"))  # 1.2 MB: within the default limit
    wait_for_card(qtbot, panel)
    type_and_fetch(qtbot, panel, httpserver.url_for("/weather"))
    wait_for_card(qtbot, panel, 2)
    assert len(reads) == 1  # read once, not once per fetch

    dialog = QtSettingsDialog(library.root)
    qtbot.addWidget(dialog)
    dialog.findChild(QSpinBox, "fetchMaxSizeSpin").setValue(1)  # the largest page: 1 MB
    assert dialog.save()

    claim_id = mark(document, OFFICIALS_START)
    type_and_fetch(qtbot, panel, httpserver.url_for("/report"))  # the source is kept: pinned without a fetch
    wait_for_card(qtbot, panel)
    panel.refetch_source(article.claim(claim_id).evidence[0].source_id)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert "Could not fetch" in panel.message_text() and "earlier capture is kept" in panel.message_text()
    assert len(reads) == 2
    panel.cancel_all()


def test_links_dropped_at_once_show_four_progress_rows_and_all_are_pinned(qtbot, panel, open_article,
                                                                         threaded_server):
    paths = [f"/report-{n}" for n in range(6)]
    for n, path in enumerate(paths):
        page = BRIEFING.replace("Dunford: Iraq has not asked for Russian help", f"Report {n}")
        threaded_server.expect_request(path).respond_with_data(page, content_type="text/html")
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)
    drop_links(panel, [threaded_server.url_for(path) for path in paths])
    assert len(panel.progress_box.findChildren(QPushButton, "cancelFetchButton")) == 4
    more = panel.findChild(QLabel, "moreFetchesLabel")
    assert more.isVisible() and more.full_text() == "2 more addresses are being fetched."
    cards = wait_for_card(qtbot, panel, len(paths))
    assert sorted(card.title_label.text() for card in cards) == [f"Report {n}" for n in range(len(paths))]
    assert len(article.claim(claim_id).evidence) == len(paths)


def test_cancel_all_stops_every_fetch_of_a_burst(qtbot, panel, open_article, threaded_server):
    release = threading.Event()
    try:
        article, claim_id = start_slow_burst(qtbot, panel, open_article, threaded_server, release)
        qtbot.mouseClick(panel.findChild(QPushButton, "cancelAllFetchesButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    finally:
        release.set()
    assert article.sources == [] and article.claim(claim_id).evidence == [] and panel.cards() == {}
    assert not panel.progress_box.isVisible() and message_boxes() == []


def test_a_fetch_cancelled_before_it_started_asks_the_server_nothing(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    assert panel.fetch_and_pin(httpserver.url_for("/briefing"))
    panel.findChild(QPushButton, "cancelFetchButton").click()  # at once, before the event loop runs
    assert not panel.is_busy() and "was cancelled. Nothing was saved." in panel.status_label.text()
    qtbot.wait(100)
    assert httpserver.log == [] and article.sources == [] and panel.cards() == {}


def test_kind_is_editable_and_read_only_articles_cannot_be_changed(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    (card,) = wait_for_card(qtbot, panel)
    kind = card.findChild(QComboBox, "sourceKindCombo")
    kind.setCurrentIndex(kind.findData(SourceKind.OFFICIAL.value))
    assert article.sources[0].kind is SourceKind.OFFICIAL
    assert on_disk(document)["sources"][0]["kind"] == "official"
    document.undo_stack.undo()
    assert article.sources[0].kind is SourceKind.NEWS and kind.currentData() == "news"

    document.handle.read_only = True
    panel.refresh()
    assert not panel.findChild(QLineEdit, "sourceUrlEdit").isEnabled()
    assert not kind.isEnabled() and not card.findChild(QToolButton, "removeSourceButton").isEnabled()


def test_every_control_has_an_object_name_and_an_accessible_name(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    document, _article = open_article(links=[(OFFICIALS_START[:9], httpserver.url_for("/briefing"))])
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
    (card,) = wait_for_card(qtbot, panel)
    viewer = panel.view_source(card.source_id)
    for root in (panel, viewer):
        controls = [w for kind in (QPushButton, QToolButton, QLineEdit, QComboBox, QPlainTextEdit)
                    for w in root.findChildren(kind)]
        assert len(controls) >= 6
        for widget in controls:
            if widget.objectName().startswith("qt_") or widget.parent().inherits("QLineEdit"):
                continue  # Qt's own sub-widgets (a line edit's clear button and the like)
            assert widget.objectName(), widget
            assert widget.accessibleName(), widget.objectName()
    viewer.close()


def test_drop_a_link_onto_the_panel(qtbot, panel, open_article, httpserver):
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    document, article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    drop_links(panel, [httpserver.url_for("/briefing"), "file:///tmp/not-a-source.txt"])
    wait_for_card(qtbot, panel)
    assert [s.url for s in article.sources] == [httpserver.url_for("/briefing")]


def test_no_claim_selected_shows_a_hint(qtbot, panel, open_article):
    document, _article = open_article()
    panel.set_document(document)
    assert "Select a claim" in panel.claim_label.full_text()
    assert not panel.findChild(QLineEdit, "sourceUrlEdit").isEnabled()
    assert not panel.fetch_and_pin("https://example.org/")
    assert "Select a claim first" in panel.message_text()


def test_in_the_window_press_s_paste_an_address_and_undo_from_the_edit_menu(qtbot, httpserver, data_dir, tmp_path):
    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.ui.commands import AddClaimCommand
    from factcheck_gui.ui.main_window import QtMainWindow

    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    library = Library(data_dir)
    ensure_sample(library)
    window = QtMainWindow(library, settings_path=tmp_path / "window.ini", autosave_delay_ms=0)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.open_article(library.article_ids()[0])
    document = window.document
    panel = window.findChild(QtSourcesPanel, "sourcesPanel")
    assert panel is not None and panel.isVisible() and panel.document is document
    assert not window.action("fetch_source").isEnabled()  # no claim yet

    start, end = find_text(document.article, DUNFORD_CLAIM)
    document.push(AddClaimCommand(document, start, end))
    claim_id = document.current_claim_id
    assert window.action("fetch_source").isEnabled()
    sources_menu = window.menuBar().findChild(QMenu, "sourcesMenu")
    assert window.action("fetch_source") in sources_menu.actions()
    assert window.action("archive_sources") in sources_menu.actions()
    window.action("fetch_source").trigger()
    url_edit = panel.findChild(QLineEdit, "sourceUrlEdit")
    qtbot.waitUntil(url_edit.hasFocus, timeout=2000)
    qtbot.keyClicks(url_edit, httpserver.url_for("/briefing"))
    qtbot.keyClick(url_edit, Qt.Key.Key_Return)
    wait_for_card(qtbot, panel)
    saved = on_disk(document)
    assert [e["source_id"] for e in saved["claims"][0]["evidence"]] == [saved["sources"][0]["id"]]

    window.action("undo").trigger()
    assert document.article.claim(claim_id).evidence == [] and panel.cards() == {}

    assert window.release_document()
    assert panel.document is None and not panel.url_edit.isEnabled()


def test_a_hundred_links_dropped_start_a_slice_per_pass_and_cancel_all_cancels_those_waiting(
        qtbot, panel, open_article, threaded_server):
    slice_ = 25  # fetch_queue.START_SLICE: starts per pass of the event loop
    release = threading.Event()
    asked: list[str] = []
    slow = slow_page(release)

    def handler(request):
        asked.append(request.path)
        return slow(request)

    paths = [f"/many-{n}" for n in range(100)]
    for path in paths:
        threaded_server.expect_request(path).respond_with_handler(handler)
    document, article = open_article()
    panel.set_document(document)
    claim_id = mark(document, DUNFORD_CLAIM)
    try:
        drop_links(panel, [threaded_server.url_for(path) for path in paths])
        # The drop returns having queued one slice; the rest wait for later passes of the event loop,
        # and the progress box counts them.
        assert 0 < len(panel.progress_box.purposes()) <= slice_
        more = panel.findChild(QLabel, "moreFetchesLabel")
        assert more.isVisible() and more.full_text() == "96 more addresses are being fetched."
        assert panel.is_busy()
        qtbot.waitUntil(lambda: len(panel.progress_box.purposes()) > slice_, timeout=10000)
        qtbot.mouseClick(panel.findChild(QPushButton, "cancelAllFetchesButton"), Qt.MouseButton.LeftButton)
        started = len(panel.progress_box.purposes())
        assert started < len(paths)  # some were still waiting to start: cancelled too
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
        qtbot.wait(100)  # a start still queued would run now
        assert not panel.is_busy() and not panel.progress_box.isVisible()
    finally:
        release.set()
    assert len(set(asked)) <= started
    assert article.sources == [] and article.claim(claim_id).evidence == [] and panel.cards() == {}


def test_a_fetchs_progress_and_the_more_line_do_not_lay_the_panel_out_again(qtbot, panel, open_article,
                                                                            threaded_server):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    release = threading.Event()

    class Layouts(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.LayoutRequest:
                self.count += 1
            return False

    try:
        start_slow_burst(qtbot, panel, open_article, threaded_server, release)
        QApplication.processEvents()
        layouts = Layouts(panel)
        for widget in [panel, *panel.findChildren(QWidget)]:
            widget.installEventFilter(layouts)
        row = panel.progress_box.findChild(QWidget, "fetchProgressRow")
        more = panel.findChild(QLabel, "moreFetchesLabel")
        for number in range(5):  # what a fetch reports as it goes, and the line of the others
            row.set_progress(0.0, f"received {number} KB")
            more.set_full_text(f"{number} more addresses are being fetched.")
            QApplication.processEvents()
        assert row.label.toolTip().endswith("received 4 KB") and more.full_text().startswith("4 more")
        assert layouts.count == 0
        panel.cancel_all()
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    finally:
        release.set()


def test_a_bursts_progress_is_repainted_at_a_pace_and_ends_showing_the_last_report(qtbot, panel, open_article,
                                                                                  threaded_server):
    # Each repaint of a row or of the "more" line repainted the window behind it; 500 fetches
    # reported and ended ~1,300 times a run. Their text is current at once, their paint comes in batches.
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.ui.fetch_queue import REPAINT_PAUSE_MS

    release = threading.Event()

    class Paints(QObject):
        def __init__(self, parent: QObject) -> None:
            super().__init__(parent)
            self.seen: Counter[str] = Counter()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                self.seen[watched.objectName()] += 1
            return False

    try:
        start_slow_burst(qtbot, panel, open_article, threaded_server, release)
        qtbot.wait(2 * REPAINT_PAUSE_MS)  # what the first reports asked for is painted
        row = panel.progress_box.findChild(QWidget, "fetchProgressRow")
        more = panel.findChild(QLabel, "moreFetchesLabel")
        paints = Paints(panel)
        for widget in (row.label, row.bar, more):
            widget.installEventFilter(paints)
        for number in range(1, 31):  # a pass of the event loop after each: before, a repaint each
            row.set_progress(number / 100, f"received {number} KB")
            more.set_full_text(f"{number} more addresses are being fetched.")
            QApplication.processEvents()
        assert row.label.full_text().endswith("received 30 KB") and more.full_text().startswith("30 more")
        assert row.label.toolTip().endswith("received 30 KB")  # what a screen reader and a hover see: at once
        assert sum(paints.seen.values()) <= 6
        qtbot.waitUntil(lambda: row.bar.value() == 300, timeout=2000)
        qtbot.wait(REPAINT_PAUSE_MS)
        assert paints.seen["fetchProgressLabel"] >= 1 and paints.seen["moreFetchesLabel"] >= 1
        assert paints.seen["fetchProgressBar"] >= 1
        panel.cancel_all()
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    finally:
        release.set()


# -- bursts: the panel laid out and painted at a pace (issue 17) -----------------------------


class _Layouts(QObject):
    """Counts the layout passes, resizes and moves of the widgets it watches, by object name."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.seen: Counter[str] = Counter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize, QEvent.Type.Move):
            self.seen[f"{watched.objectName()} {event.type().name}"] += 1
        return False


def land_pins(qtbot, panel, claim_id: str, numbers: range) -> None:  # noqa: ANN001
    """Land fetched pages for *claim_id* as the fetch queue does, one every 30 ms (a burst of ~16 fetches
    at 300 ms a page, as bench_fetches.py runs them)."""
    document = panel.document
    for number in numbers:
        source = Source(url=f"https://example.org/report-{number}", title=f"Report {number} on the general's words "
                        + "and what the officials said" * (number % 3), text="No request had been made.", status=200)
        purpose = _Purpose("pin", source.url, document, document.article_id, claim_id, stance=Stance.CONTEXT)
        panel.progress_box.landed.emit(purpose, source)
        qtbot.wait(30)


def test_thirty_pins_landing_in_a_burst_lay_the_sources_out_at_a_pace(make_window, qtbot):
    window = make_window()
    panel = window.sources_panel
    claim_id = mark_current(window)
    release = threading.Event()
    document = window.document
    purpose = _Purpose("pin", "https://example.org/slow", document, document.article_id, claim_id)
    panel.progress_box.start(lambda _state: (release.wait(20), Source(url="https://example.org/slow"))[1],
                             purpose, "Fetching example.org")  # a slow fetch: the burst is under way
    try:
        land_pins(qtbot, panel, claim_id, range(25))  # the first cards are built; the claim has more
        assert len(panel.cards()) == 20
        qtbot.wait(300)
        layouts = _Layouts(panel)
        for widget in (panel.scroll_area, panel.scroll_area.viewport(), panel.findChild(QWidget, "sourcesContent"),
                       panel.cards_box):
            widget.installEventFilter(layouts)
        land_pins(qtbot, panel, claim_id, range(25, 55))
        # Before: each refresh (every 50 ms) laid the 20 cards out again, 79 layouts and resizes for
        # 30 pins: the "Show more sources" count and the status line's height changed each time.
        assert sum(layouts.seen.values()) <= 6, dict(layouts.seen)
        more = panel.cards_box.more_button
        assert len(panel.cards()) == 20  # the last refresh, if it waits, runs now
        assert more.text() == "Show 20 more sources (35 not shown)"  # the count is still told
        assert more.accessibleName() == more.text()
        panel.cards_box.show_more()  # and the button still works
        assert len(panel.cards_box.cards()) == 40
    finally:
        release.set()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)


def test_a_fetch_ending_hands_its_progress_row_to_the_next_in_place(qtbot, panel, open_article, threaded_server):
    release = threading.Event()
    moves = _Layouts(panel)
    try:
        start_slow_burst(qtbot, panel, open_article, threaded_server, release)  # 6 fetches: 4 rows, "2 more"
        rows = sorted(panel.progress_box.findChildren(QWidget, "fetchProgressRow"), key=lambda row: row.y())
        assert len(rows) == 4
        for row in rows:
            row.installEventFilter(moves)
        more = panel.findChild(QLabel, "moreFetchesLabel")
        assert more.full_text() == "2 more addresses are being fetched."
        qtbot.mouseClick(rows[0].cancel_button, Qt.MouseButton.LeftButton)  # the first fetch is cancelled
        qtbot.waitUntil(lambda: more.full_text() == "1 more address is being fetched.", timeout=10000)
        # Its row shows the fifth fetch where it was; before, it moved to the end and the three others
        # moved up (each landing laid out and painted every row of the box again).
        assert sorted(panel.progress_box.findChildren(QWidget, "fetchProgressRow"), key=lambda row: row.y()) == rows
        assert rows[0].cancel_button.isEnabled()
        assert not moves.seen["fetchProgressRow Move"], dict(moves.seen)
        panel.cancel_all()
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    finally:
        release.set()


def test_the_progress_box_keeps_its_height_until_the_burst_ends(qtbot, panel, open_article, threaded_server):
    release = threading.Event()
    box = panel.progress_box
    try:
        start_slow_burst(qtbot, panel, open_article, threaded_server, release)  # 6 fetches: 4 rows, "2 more"

        def cancel_first(left: int) -> None:
            first = min(box.findChildren(QWidget, "fetchProgressRow"), key=lambda row: row.y())
            qtbot.mouseClick(first.cancel_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: len(box.purposes()) == left, timeout=10000)
            qtbot.wait(30)  # the layouts run

        cancel_first(5)  # the status line says so: the scroll area is shorter from here on
        box_height, cards_height = box.height(), panel.scroll_area.height()
        for left in (4, 3):  # the line of the others goes, then a row: the box has less to show
            cancel_first(left)
            # Before, each shrink resized the sources' scroll area and laid every card out again
            # (~20 ms a time with 500 cards in bench_fetches).
            assert (box.height(), panel.scroll_area.height()) == (box_height, cards_height), left
        panel.cancel_all()
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
        qtbot.waitUntil(lambda: box.isHidden() and panel.scroll_area.height() > cards_height, timeout=5000)
        assert box.minimumHeight() == 0  # the next burst starts from its own height
    finally:
        release.set()


def test_a_fetch_of_unknown_size_shows_a_still_bar_not_an_animation(qtbot, panel, open_article, threaded_server):
    release = threading.Event()

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    paints = Paints(panel)
    try:
        start_slow_burst(qtbot, panel, open_article, threaded_server, release)  # pages of no stated size
        bars = panel.progress_box.findChildren(QWidget, "fetchProgressBar")
        assert len(bars) == 4 and all(bar.isVisible() and bar.value() == 0 for bar in bars)
        for bar in bars:
            bar.installEventFilter(paints)
        qtbot.wait(600)
        # Before: busy bars (range 0-0), animated by the style: ~60 paints a second each.
        assert paints.count <= 8
        panel.cancel_all()
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    finally:
        release.set()


def test_while_pins_land_one_new_card_is_built_per_pass(make_window, qtbot):
    from factcheck_gui.ui.source_card import QtSourceCard

    window = make_window()
    panel = window.sources_panel
    claim_id = mark_current(window)
    release = threading.Event()
    document = window.document
    purpose = _Purpose("pin", "https://example.org/slow", document, document.article_id, claim_id)
    panel.progress_box.start(lambda _state: (release.wait(20), Source(url="https://example.org/slow"))[1],
                             purpose, "Fetching example.org")  # a slow fetch: the burst is under way
    try:
        for number in range(6):  # six pages land before the panel's next refresh
            source = Source(url=f"https://example.org/report-{number}", title=f"Report {number}", status=200)
            panel.progress_box.landed.emit(_Purpose("pin", source.url, document, document.article_id, claim_id),
                                           source)
        panel.refresh()  # the paced refresh: one card now (before: three), the others on the next passes
        assert len(panel.cards_box.findChildren(QtSourceCard)) == 1
        qtbot.waitUntil(lambda: len(panel.cards_box.findChildren(QtSourceCard)) == 6, timeout=5000)
        assert [card.title_label.text() for card in panel.cards().values()] == [f"Report {n}" for n in range(6)]
    finally:
        release.set()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)


def test_the_status_line_is_hidden_again_when_a_burst_ends_with_nothing_to_say(qtbot, panel, open_article,
                                                                                threaded_server):
    """While fetches land the status line keeps its height, empty or not; once the last one has ended
    (here both failed: their message says so) an empty status line is hidden, not left as a gap."""
    httpserver = threaded_server
    release = threading.Event()

    def slow_failure(_request):
        release.wait(10)
        return Response("Gone", status=404)

    httpserver.expect_request("/slow-missing").respond_with_handler(slow_failure)
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html")
    httpserver.expect_request("/missing").respond_with_data("Not here", status=404)
    document, _article = open_article()
    panel.set_document(document)
    mark(document, DUNFORD_CLAIM)
    status = panel.findChild(QLabel, "sourceStatusLabel")
    try:
        type_and_fetch(qtbot, panel, httpserver.url_for("/slow-missing"))
        type_and_fetch(qtbot, panel, httpserver.url_for("/briefing"))
        qtbot.waitUntil(lambda: "Pinned" in status.text() and status.isVisible(), timeout=10000)
        type_and_fetch(qtbot, panel, httpserver.url_for("/missing"))  # says nothing while it runs
        qtbot.waitUntil(lambda: status.text() == "" and panel.message_text() != "", timeout=10000)
        assert panel.is_busy()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not panel.is_busy() and not panel.refresh_pending(), timeout=10000)
    qtbot.wait(50)
    assert status.text() == "" and not status.isVisible() and status.minimumHeight() == 0
