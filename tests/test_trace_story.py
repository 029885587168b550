"""Issue 14's "done when", in the real window: on the sample, the Dunford claim with a pinned report is
traced on a local test web to the statement it came from; the wire story's syndicated copy is grouped
with it; the statement is read with its passage highlighted and pinned with one click; the origin and
the count show on the claim; the export says where the claim came from. A slow web is cancelled
without anything kept, and the window keeps answering meanwhile.
"""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytest.importorskip("pytest_httpserver")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QDesktopServices  # noqa: E402
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QTreeWidget, QWidget  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402
from werkzeug import Response  # noqa: E402

from factcheck_gui.core.model import SourceKind  # noqa: E402
from factcheck_gui.export import ExportOptions, export_article  # noqa: E402
from factcheck_gui.importer import article_from_text  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.ui.claims_panel import TRACE_ROLE  # noqa: E402
from factcheck_gui.ui.sources_panel import QtSourcesPanel  # noqa: E402
from factcheck_gui.ui.trace_view import QtTraceView  # noqa: E402
from tests.conftest import DUNFORD_START  # noqa: E402
from tests.test_sources_story import fetch_in_window  # noqa: E402
from tests.trace_web import COPY, PAGES, REPORT, STATEMENT, STATEMENT_TEXT, WIRE, page_html, serve  # noqa: E402
from tests.ui_helpers import GapTimer, click_on, find_dialog, read_article_json, sentence_starting  # noqa: E402,F401


def dunford_claim_with_the_report(qtbot, window, base: str):  # noqa: ANN201 - Claim
    """Mark the Dunford sentence as a claim and pin the report to it, as the user does."""
    article = window.document.article
    start, _end = sentence_starting(article, DUNFORD_START)
    click_on(qtbot, window.findChild(QWidget, "articleView"), start + 12)
    window.action("mark_claim").trigger()
    panel = window.findChild(QtSourcesPanel, "sourcesPanel")
    fetch_in_window(qtbot, window, panel, base + REPORT, 1)
    return window.document.current_claim


def test_the_dunford_claim_is_traced_to_the_statement_pinned_and_exported(make_window, qtbot, httpserver, data_dir,
                                                                          monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    base = serve(httpserver)
    window = make_window()
    claim = dunford_claim_with_the_report(qtbot, window, base)
    assert window.action("trace_claim").isEnabled()

    window.action("trace_claim").trigger()
    view = find_dialog(qtbot, window, "traceView", QtTraceView)
    assert "Not traced yet" in view.findChild(QLabel, "traceSummaryLabel").text()
    qtbot.mouseClick(view.findChild(QPushButton, "traceStartButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.crawled is not None and not view.is_busy(), timeout=20000)

    # The timeline, oldest first: the statement is the origin; the wire story and its copy are one group.
    timeline = view.findChild(QTreeWidget, "traceTimeline")
    rows = {timeline.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1): timeline.topLevelItem(i)
            for i in range(timeline.topLevelItemCount())}
    assert view.row_urls()[0] == base + STATEMENT
    assert rows[base + STATEMENT].text(3) == "Origin" and rows[base + STATEMENT].text(0) == "2015-10-20"
    assert rows[base + WIRE].text(4) == rows[base + COPY].text(4) != rows[base + STATEMENT].text(4)
    summary = view.findChild(QLabel, "traceSummaryLabel").text()
    assert summary == "Origin: Department of Defense, 2015-10-20 \u00b7 1 independent origin"

    # The statement in the browser, and as captured with the passage carrying the claim highlighted.
    view.select_url(base + STATEMENT)
    qtbot.mouseClick(view.findChild(QPushButton, "traceOpenButton"), Qt.MouseButton.LeftButton)
    assert opened == [base + STATEMENT]
    qtbot.mouseClick(view.findChild(QPushButton, "traceViewTextButton"), Qt.MouseButton.LeftButton)
    viewer = find_dialog(qtbot, view, "tracePageViewer")
    text_view = viewer.findChild(QPlainTextEdit, "tracePageText")
    assert STATEMENT_TEXT in text_view.toPlainText()
    [highlight] = text_view.extraSelections()
    assert highlight.cursor.selectedText() == "doesn\u2019t want Russia\u2019s help" == viewer.highlighted
    viewer.close()

    # One click pins it: a snapshot kept, the stance and kind suggested.
    pin = view.findChild(QPushButton, "tracePinButton")
    assert pin.text() == "&Pin to the claim (Supports, Official statement)"
    qtbot.mouseClick(pin, Qt.MouseButton.LeftButton)
    pinned = window.document.article.source_by_url(base + STATEMENT)
    assert pinned is not None and pinned.kind is SourceKind.OFFICIAL and len(pinned.sha256) == 64
    assert (data_dir / "snapshots" / pinned.sha256).read_bytes() == page_html(STATEMENT, base).encode()

    # The origin and the count on the claim: the claims list and the claim editor.
    line = "Origin: Department of Defense, 2015-10-20 \u00b7 1 independent origin"
    claims_list = window.findChild(QWidget, "claimsPanel").list
    assert claims_list.item(0).data(TRACE_ROLE) == line
    assert window.findChild(QLabel, "claimTraceLabel").text() == line
    view.close()
    window.document.save()

    saved = read_article_json(Library(data_dir), window.document.article.id)
    [saved_claim] = saved["claims"]
    assert saved_claim["trace"]["origin"] == base + STATEMENT and saved_claim["trace"]["independent_origins"] == 1
    assert [step["url"] for step in saved_claim["trace"]["chain"]] == [base + REPORT, base + WIRE, base + STATEMENT]
    stances = {e["source_id"]: e["stance"] for e in saved_claim["evidence"]}
    assert stances[pinned.id] == "supports"

    # Exported: the origin, the count and the chain.
    article = Library(data_dir).open(window.document.article.id).article
    markdown = export_article(article, "md", ExportOptions())
    assert f"1 independent origin; 5 pages read. <{base + STATEMENT}>" in markdown
    assert f"3. {PAGES[STATEMENT][0]} ({PAGES[STATEMENT][1]}, 2015-10-20) <{base + STATEMENT}>" in markdown
    assert claim.id == saved_claim["id"]
    # Undo takes the pin back, then the trace.
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.article.claim(claim.id).trace is None


def test_a_slow_trace_is_cancelled_keeps_nothing_and_never_stalls_the_window(make_window, qtbot, httpserver):
    base = serve(httpserver, {REPORT: PAGES[REPORT]})
    with HTTPServer(threaded=True) as slow_server:
        slow_base = slow_server.url_for("").rstrip("/")

        def slow(request):  # noqa: ANN001, ANN202
            time.sleep(0.4)
            return Response(page_html(request.path, slow_base), content_type="text/html")

        slow_server.expect_request(WIRE).respond_with_handler(slow)
        slow_server.expect_request(COPY).respond_with_handler(slow)
        slow_server.expect_request("/blog/other").respond_with_handler(slow)
        pages = dict(PAGES)
        pages[REPORT] = (*PAGES[REPORT][:4], [slow_base + path for path in PAGES[REPORT][4]])
        httpserver.clear_all_handlers()
        httpserver.expect_request(REPORT).respond_with_data(
            page_html(REPORT, "", pages), content_type="text/html; charset=utf-8")
        window = make_window()
        claim = dunford_claim_with_the_report(qtbot, window, base)
        window.action("trace_claim").trigger()
        view = find_dialog(qtbot, window, "traceView", QtTraceView)

        ticker = GapTimer()
        gaps = ticker.gaps
        ticker.start()
        qtbot.mouseClick(view.findChild(QPushButton, "traceStartButton"), Qt.MouseButton.LeftButton)
        assert view.is_busy() and view.findChild(QPushButton, "traceCancelButton").isEnabled()
        qtbot.waitUntil(lambda: "pages read" in view.findChild(QLabel, "traceStatusLabel").text(), timeout=10000)
        ticks = len(gaps)
        qtbot.wait(200)  # the slow pages are on their way (400 ms each): the window answers meanwhile
        assert view.is_busy() and len(gaps) - ticks >= 10
        qtbot.mouseClick(view.findChild(QPushButton, "traceCancelButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view.is_busy(), timeout=10000)
        ticker.stop()
        assert view.findChild(QLabel, "traceStatusLabel").text() == "Cancelled. Nothing was kept."
        assert window.document.article.claim(claim.id).trace is None and view.crawled is None
        assert max(gaps) < 0.3, f"the window stalled {max(gaps) * 1000:.0f} ms"  # a page takes 400 ms


def test_the_trace_view_closes_with_its_article(make_window, qtbot, httpserver, data_dir):
    base = serve(httpserver)
    window = make_window()
    dunford_claim_with_the_report(qtbot, window, base)
    window.action("trace_claim").trigger()
    view = find_dialog(qtbot, window, "traceView", QtTraceView)
    closed: list[bool] = []
    view.destroyed.connect(lambda *_: closed.append(True))
    other = Library(data_dir).add(article_from_text("Another article. It has two sentences."))
    assert window.open_article(other.article.id)
    qtbot.waitUntil(lambda: bool(closed), timeout=5000)
    assert not [v for v in window.findChildren(QtTraceView) if v.isVisible()]
