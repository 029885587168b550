"""Seen before? in the real window: import a feed of earlier fact-checks, mark the Dunford
sentence, see the earlier review as a match with its verdict, pin it as context; search the
library by claimant and verdict and jump to the claim (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget  # noqa: E402

from factcheck_gui.store.library import Library  # noqa: E402
from tests.conftest import DUNFORD_START  # noqa: E402
from tests.ui_helpers import (  # noqa: E402
    click_on,
    find_dialog,
    read_article_json,
    sentence_starting,
    stale_layout_items,
)

FEED = Path(__file__).parent / "data" / "claimreview_feed.json"
REVIEW_URL = "https://checks.example/2015/10/dunford-iraq-russia"


def import_feed(window, qtbot, path: Path) -> None:
    """File › Import earlier fact-checks…, choose *path* in the file dialog, wait for the import."""
    window.action("import_reviews").trigger()
    dialog = find_dialog(qtbot, window, "importReviewsDialog", QFileDialog)
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported "), timeout=10000)


def mark_dunford(window, qtbot):
    view = window.findChild(QWidget, "articleView")
    start, _end = sentence_starting(window.document.article, DUNFORD_START)
    click_on(qtbot, view, start + 12)
    panel = window.seen_before_panel
    with qtbot.waitSignal(panel.results_shown, timeout=10000):
        window.action("mark_claim").trigger()
    return window.document.current_claim


def test_marking_the_dunford_sentence_shows_the_imported_review_as_a_match(make_window, qtbot, data_dir):
    window = make_window()
    import_feed(window, qtbot, FEED)
    assert "Imported 2 earlier fact-checks." in window.statusBar().currentMessage()
    claim = mark_dunford(window, qtbot)
    assert claim is not None and claim.exact.startswith(DUNFORD_START)

    panel = window.findChild(QWidget, "seenBeforePanel")
    rows = panel.rows()
    assert rows, panel.status.text()
    best = rows[0]
    assert best.hit.origin == "review" and best.hit.url == REVIEW_URL and best.hit.match
    heading = best.findChild(QWidget, "seenBeforeHeading").text()
    assert heading.startswith("Same claim: False \u00b7 Example Checks \u00b7 2015-10-24")
    assert "Checked before" in panel.status.text()
    assert best.findChild(QWidget, "seenBeforePinButton").isEnabled()
    # The unrelated review is not shown as the same claim.
    assert all(not row.hit.match for row in rows if "refineries" in row.hit.text)

    # Importing the same feed again adds nothing.
    import_feed(window, qtbot, FEED)
    assert "Imported 0 earlier fact-checks (2 were imported before)." in window.statusBar().currentMessage()
    assert len(json.loads((data_dir / "reviews.json").read_text(encoding="utf-8"))["reviews"]) == 2


def test_pin_as_context_fetches_the_review_and_pins_it_with_stance_context(make_window, qtbot, data_dir, tmp_path,
                                                                            httpserver):
    review_page = httpserver.url_for("/checks/dunford")
    httpserver.expect_request("/checks/dunford").respond_with_data(
        "<html><head><title>Dunford and Iraq: a fact-check</title></head><body><article><p>"
        + "Iraq asked for Russian help; our fact-check of Gen. Dunford's claim. " * 20
        + "</p></article></body></html>", content_type="text/html")
    feed = json.loads(FEED.read_text(encoding="utf-8"))
    feed["dataFeedElement"][0]["item"][0]["url"] = review_page
    local = tmp_path / "feed.json"
    local.write_text(json.dumps(feed), encoding="utf-8")

    window = make_window()
    import_feed(window, qtbot, local)
    claim = mark_dunford(window, qtbot)
    best = window.seen_before_panel.rows()[0]
    assert best.hit.url == review_page
    qtbot.mouseClick(best.findChild(QWidget, "seenBeforePinButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(claim.evidence) == 1, timeout=15000)
    window.document.flush()
    data = read_article_json(Library(data_dir), window.document.article_id)
    [stored] = [c for c in data["claims"] if c["id"] == claim.id]
    [evidence] = stored["evidence"]
    assert evidence["stance"] == "context"
    [source] = [s for s in data["sources"] if s["id"] == evidence["source_id"]]
    assert source["url"] == review_page and "Dunford and Iraq" in source["title"]


def test_search_the_library_by_claimant_and_verdict_and_jump_to_the_claim(make_window, qtbot, data_dir):
    window = make_window()
    import_feed(window, qtbot, FEED)
    claim = mark_dunford(window, qtbot)
    window.findChild(QWidget, "verdictButton_false").click()
    claimant = window.findChild(QLineEdit, "claimantEdit")
    claimant.setFocus()
    qtbot.keyClicks(claimant, "Gen. Joe Dunford")
    qtbot.waitUntil(lambda: claim.claimant == "Gen. Joe Dunford", timeout=3000)
    window.document.flush()  # saved: the index is updated on every save
    article_id = window.document.article_id
    window.document.set_current_claim(None)

    window.action("search_library").trigger()
    dialog = find_dialog(qtbot, window, "librarySearchDialog")
    with qtbot.waitSignal(dialog.results_shown, timeout=10000):
        qtbot.keyClicks(dialog.findChild(QLineEdit, "librarySearchClaimant"), "dunford")
    verdict = dialog.findChild(QWidget, "librarySearchVerdict")
    with qtbot.waitSignal(dialog.results_shown, timeout=10000):
        verdict.setCurrentIndex(verdict.findText("False"))
    hits = dialog.hits()
    assert {(hit.kind, hit.origin) for hit in hits} == {("claim", "library"), ("review", "review")}
    with qtbot.waitSignal(dialog.results_shown, timeout=10000):
        verdict.setCurrentIndex(verdict.findText("Mostly true"))
    assert dialog.hits() == []
    with qtbot.waitSignal(dialog.results_shown, timeout=10000):
        verdict.setCurrentIndex(verdict.findText("False"))

    # Enter on the claim found shows it in its article, as the current claim.
    results = dialog.findChild(QWidget, "librarySearchResults")
    row = next(i for i, hit in enumerate(dialog.hits()) if hit.kind == "claim")
    results.setCurrentRow(row)
    results.setFocus()
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert window.document.article_id == article_id
    assert window.document.current_claim is not None and window.document.current_claim.id == claim.id


def test_the_search_dialog_says_when_a_date_cannot_be_read(make_window, qtbot, data_dir):
    window = make_window()
    import_feed(window, qtbot, FEED)
    window.action("search_library").trigger()
    dialog = find_dialog(qtbot, window, "librarySearchDialog")
    with qtbot.waitSignal(dialog.results_shown, timeout=10000):
        qtbot.keyClicks(dialog.findChild(QLineEdit, "librarySearchField"), "refineries")
    assert len(dialog.hits()) == 1
    since = dialog.findChild(QLineEdit, "librarySearchSince")
    with qtbot.waitSignal(dialog.results_shown, timeout=10000):
        qtbot.keyClicks(since, "foo")
    status = dialog.findChild(QWidget, "librarySearchStatus").text()
    assert "\u201cfoo\u201d is not a date" in status and dialog.hits() == []
    since.clear()
    with qtbot.waitSignal(dialog.results_shown, timeout=10000):
        qtbot.keyClicks(since, "2015")
    assert len(dialog.hits()) == 1


def test_a_big_library_is_indexed_in_the_background_while_the_window_works(make_window, qtbot, data_dir, monkeypatch):
    """The first start on a library whose files were never indexed: the window paints and works at
    once, the index is built on the task runner with its progress in the status bar, "Seen before?"
    says it is being built; when it is done the list fills in and the claim's matches are shown."""
    import threading

    from factcheck_gui.core.editing import add_claim
    from factcheck_gui.importer import sample_article
    from factcheck_gui.store import library_index
    from factcheck_gui.store.articlefile import dumps_article_utf8
    from factcheck_gui.ui.library_panel import QtLibraryPanel
    from factcheck_gui.ui.seen_before_panel import INDEX_BEING_BUILT

    monkeypatch.setattr(QtLibraryPanel, "READ_AT_ONCE", 5)  # as 100 of 10,000, with 24 articles
    monkeypatch.setattr(library_index, "BATCH", 4)
    folder = Path(data_dir) / "articles"
    folder.mkdir(parents=True)
    ids = []
    for number in range(24):  # written straight to disk, no index: as a sync or an older version leaves them
        article = sample_article()
        article.meta.title = f"Copy {number} of the sample"
        start = article.text.index(DUNFORD_START)
        add_claim(article, start, article.text.index("happened.", start) + len("happened."), verdict="false")
        (folder / f"{article.id}.json").write_bytes(dumps_article_utf8(article))
        ids.append(article.id)
    gate = threading.Event()
    real_build = library_index.build

    def build_after_the_gate(root, progress=None, cancelled=None):
        assert gate.wait(20)
        return real_build(root, progress, cancelled)

    monkeypatch.setattr(library_index, "build", build_after_the_gate)
    window = make_window()
    label = window.statusBar().findChild(QWidget, "indexBuildLabel")
    assert window.library.index_building and label.isVisible() and label.text().startswith("Indexing the library: 24")
    assert window.library_panel.visible_ids() == [] and window.library.search_index() is None
    assert window.open_article(ids[3])  # the window works meanwhile: an article opens from its file
    window.build_claim_panels()
    window.document.set_current_claim(window.document.article.claims[0].id)
    panel = window.seen_before_panel
    qtbot.waitUntil(lambda: panel.status.text() == INDEX_BEING_BUILT, timeout=5000)
    assert panel.rows() == []
    imported = sample_article()  # an article imported meanwhile is listed at once, not when the build ends
    imported.meta.title = "Imported while the index is built"
    assert window.add_imported_article(imported, ask_details=False)
    assert window.library_panel.visible_ids() == [imported.id]
    assert window.document.article_id == imported.id
    assert window.library_panel.delete(imported.id)  # deleted meanwhile: off the list at once...
    assert window.library_panel.visible_ids() == []
    window.library_panel.undo_delete()  # ...and back
    assert window.library_panel.visible_ids() == [imported.id]
    assert window.open_article(ids[3])
    window.rename_article(imported.id, "Renamed meanwhile")  # not the open article: saved at once
    assert [s.title for s in window.library_panel.model.summaries()] == ["Renamed meanwhile"]
    assert window.open_article(ids[3])
    window.document.set_current_claim(window.document.article.claims[0].id)
    qtbot.waitUntil(lambda: panel.status.text() == INDEX_BEING_BUILT, timeout=5000)

    with qtbot.waitSignal(panel.results_shown, timeout=30000):
        with qtbot.waitSignal(window.index_build.finished, timeout=30000) as built:
            gate.set()
    assert built.args == [True] and not window.library.index_building and not label.isVisible()
    assert sorted(window.library_panel.visible_ids()) == sorted([*ids, imported.id])
    assert window.statusBar().currentMessage().startswith("The library is indexed: 2")
    qtbot.waitUntil(lambda: len(panel.rows()) > 0, timeout=10000)
    assert all(row.hit.article_id != ids[3] for row in panel.rows())  # the other copies' claims
    assert panel.rows()[0].hit.match


def test_replacing_the_rows_leaves_no_stale_layout_item_wrappers(make_window, qtbot, data_dir):
    """CI once failed with statusBar() returning a 'QWidgetItem': the rows were read back through
    QLayout.itemAt(), whose wrappers outlived the layout items Qt deleted with the old rows."""
    window = make_window()
    import_feed(window, qtbot, FEED)
    mark_dunford(window, qtbot)
    panel = window.seen_before_panel
    for _ in range(3):
        with qtbot.waitSignal(panel.results_shown, timeout=10000):
            panel.ask_again()
        assert panel.rows()
    assert stale_layout_items() == []


def test_the_search_dialogs_dates_label_is_a_shortcut_not_an_ampersand(make_window, qtbot):
    from PySide6.QtWidgets import QApplication, QLabel

    window = make_window()
    window.action("search_library").trigger()
    dialog = find_dialog(qtbot, window, "librarySearchDialog")
    label = next(label for label in dialog.findChildren(QLabel) if label.text() == "&Dates:")
    since = dialog.findChild(QLineEdit, "librarySearchSince")
    assert label.buddy() is since  # shown as "Dates:" with D underlined; Alt+D goes to the first date
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    field = dialog.findChild(QLineEdit, "librarySearchField")
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: since.hasFocus(), timeout=2000)
    dialog.close()


def test_import_earlier_fact_checks_from_a_web_address(make_window, qtbot, data_dir, httpserver):
    """File › Import earlier fact-checks from the web…: a publisher's fact-check page with ClaimReview in
    its JSON-LD, then its feed; as `factcheck reviews import URL` does. Only a web address is taken."""
    from PySide6.QtWidgets import QInputDialog

    review = json.loads(FEED.read_text(encoding="utf-8"))["dataFeedElement"][0]["item"][0]
    page = ("<html><head><title>Dunford and Iraq</title><script type='application/ld+json'>"
            + json.dumps(review) + "</script></head><body><p>Our fact-check.</p></body></html>")
    httpserver.expect_request("/checks/dunford").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/feed.json").respond_with_data(FEED.read_text(encoding="utf-8"),
                                                             content_type="application/json")
    window = make_window()

    def import_from(address: str) -> None:
        window.action("import_reviews_url").trigger()
        dialog = find_dialog(qtbot, window, "importReviewsAddressDialog", QInputDialog)
        field = dialog.findChild(QLineEdit, "reviewsAddressEdit")
        field.setText(address)
        dialog.accept()

    import_from("not an address")
    assert "is not a web address" in window.statusBar().currentMessage()
    import_from(httpserver.url_for("/checks/dunford"))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported "), timeout=10000)
    assert window.statusBar().currentMessage() == "Imported 1 earlier fact-check."
    import_from(httpserver.url_for("/feed.json"))
    qtbot.waitUntil(lambda: "imported before" in window.statusBar().currentMessage(), timeout=10000)
    assert window.statusBar().currentMessage() == "Imported 1 earlier fact-check (1 was imported before)."
    stored = json.loads((data_dir / "reviews.json").read_text(encoding="utf-8"))["reviews"]
    assert sorted(r["url"] for r in stored) == [REVIEW_URL, "https://checks.example/2015/11/refinery-output"]

    claim = mark_dunford(window, qtbot)  # the review fetched from the page is seen before
    assert claim is not None and window.seen_before_panel.rows()[0].hit.url == REVIEW_URL
