"""Many sources on one claim: the sources panel builds cards in chunks and refreshes once per burst.

The user's story: a claim with 45 sources pinned shows the first 20 cards at once and
"Show more sources" for the rest; removing one keeps the others in order on disk. While
fetches run, pins that land together refresh the panel once, not once per pin.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytest.importorskip("pytest_httpserver")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QToolButton  # noqa: E402

from factcheck_gui.core.editing import add_claim, find_text, store_and_pin  # noqa: E402
from factcheck_gui.core.model import Source  # noqa: E402
from factcheck_gui.importer import ensure_sample  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.ui.source_card import CARD_CHUNK  # noqa: E402
from factcheck_gui.ui.sources_panel import QtSourcesPanel  # noqa: E402
from tests.test_sources_ui import slow_page  # noqa: E402
from tests.ui_helpers import larger_app_font  # noqa: E402

DUNFORD = "Yesterday, when Gen. Joe Dunford claimed Iraq"
OFFICIALS = "Officials are making that all the more clear today"


def sentence_of(article, beginning: str) -> tuple[int, int]:  # noqa: ANN001 - an Article
    start = article.text.index(beginning)
    return find_text(article, article.text[start:article.text.index(".", start) + 1])


def sample_with_sources(data_dir: Path, count: int) -> tuple[str, str, list[str]]:
    """The sample with the Dunford claim pinned to *count* sources and the Officials claim to none."""
    library = Library(data_dir)
    handle = ensure_sample(library)
    article = handle.article
    claim = add_claim(article, *sentence_of(article, DUNFORD))
    other = add_claim(article, *sentence_of(article, OFFICIALS))
    ids = []
    for number in range(count):
        source = Source(url=f"https://example.org/record/{number}", title=f"Record {number}", status=200,
                        text=f"The text of record {number}.")
        ids.append(store_and_pin(article, claim.id, source).source.id)
    library.save(handle)
    return claim.id, other.id, ids


def test_a_claim_with_many_sources_builds_cards_in_chunks(make_window, data_dir, qtbot):
    claim_id, other_id, ids = sample_with_sources(data_dir, 45)
    window = make_window()
    panel = window.findChild(QtSourcesPanel, "sourcesPanel")
    window.document.set_current_claim(claim_id)

    cards = panel.cards()
    assert list(cards) == ids[:CARD_CHUNK]  # the claim's first sources, in its order
    more = panel.findChild(QPushButton, "moreSourcesButton")
    assert more.isVisible() and more.text() == "Show 20 more sources (25 not shown)"
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert list(panel.cards()) == ids[:40] and more.text() == "Show 5 more sources (5 not shown)"
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert list(panel.cards()) == ids and not more.isVisible()

    # Removing a source from the claim: the JSON on disk keeps the others, in order.
    qtbot.mouseClick(panel.cards()[ids[0]].findChild(QToolButton, "removeSourceButton"), Qt.MouseButton.LeftButton)
    assert list(panel.cards()) == ids[1:]
    assert window.document.flush(), window.document.last_error
    saved = json.loads(window.document.handle.path.read_text(encoding="utf-8"))
    (claim,) = [c for c in saved["claims"] if c["id"] == claim_id]
    assert [e["source_id"] for e in claim["evidence"]] == ids[1:]

    # Another claim and back: only the first chunk is built again.
    window.document.set_current_claim(other_id)
    assert panel.cards() == {} and not more.isVisible()
    window.document.set_current_claim(claim_id)
    assert list(panel.cards()) == ids[1:CARD_CHUNK + 1]


def whole_text_shown(button: QPushButton) -> bool:
    """The button's text fits it: nothing is cut off with "…" (measured as the button paints it)."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button).width()
    return button.fontMetrics().elidedText(button.text(), Qt.TextElideMode.ElideRight, room - 8) == button.text()


def test_the_show_more_button_shows_a_count_past_999_whole_also_in_a_larger_font(make_window, data_dir, qtbot):
    # The button's size hint is measured on "999 not shown" (its text changes lay nothing out again),
    # but a longer count still fits: the cards' column lays the button out as wide as a card (a card is
    # never narrower than its stance, kind and note fields), and even at its own hint the style's padding
    # leaves room for a few more digits. Checked on the first count past 999, and with the desktop's
    # font made larger while the window is open.
    claim_id, _other_id, _ids = sample_with_sources(data_dir, 1000 + CARD_CHUNK)
    window = make_window(size=(1000, 650))
    panel = window.findChild(QtSourcesPanel, "sourcesPanel")
    window.document.set_current_claim(claim_id)
    more = panel.findChild(QPushButton, "moreSourcesButton")
    qtbot.waitUntil(more.isVisible, timeout=2000)
    assert more.text() == "Show 20 more sources (1000 not shown)"
    assert whole_text_shown(more)
    with larger_app_font(qtbot, 2, more):
        qtbot.wait(20)  # the cards' layout takes the new font in
        assert whole_text_shown(more)


def test_pins_made_together_while_fetches_run_refresh_the_panel_once(make_window, data_dir, qtbot, httpserver):
    _claim_id, other_id, ids = sample_with_sources(data_dir, 25)
    release = threading.Event()
    httpserver.expect_request("/slow").respond_with_handler(slow_page(release))
    window = make_window()
    panel = window.findChild(QtSourcesPanel, "sourcesPanel")
    document = window.document
    document.set_current_claim(other_id)
    try:
        assert panel.fetch_and_pin(httpserver.url_for("/slow"))  # a fetch under way
        qtbot.waitUntil(lambda: len(httpserver.log) == 1 or panel.is_busy(), timeout=5000)
        refreshes: list[None] = []
        panel.refreshed.connect(lambda: refreshes.append(None))
        article = document.article
        for source_id in ids:  # the 25 sources the article keeps, pinned to this claim in one go
            assert panel.fetch_and_pin(article.source(source_id).url)
        assert len(refreshes) <= 1  # at most the first pin at once; the others wait for one refresh
        qtbot.waitUntil(lambda: not panel.refresh_pending(), timeout=5000)
        assert len(refreshes) <= 2
        assert list(panel.cards()) == ids[:CARD_CHUNK]
        assert panel.findChild(QPushButton, "moreSourcesButton").text() == "Show 5 more sources (5 not shown)"
    finally:
        release.set()
        panel.cancel_all()
        qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert document.flush(), document.last_error
    saved = json.loads(document.handle.path.read_text(encoding="utf-8"))
    (claim,) = [c for c in saved["claims"] if c["id"] == other_id]
    assert [e["source_id"] for e in claim["evidence"]] == ids
