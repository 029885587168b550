"""Work landing in bursts: the window is refreshed at a pace, not once per pin, and an article
closed is freed even with long-lived objects kept out of the cycle collector (issue 17)."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication

from factcheck_gui.core import collector
from factcheck_gui.core.model import Source
from factcheck_gui.importer import sample_article
from factcheck_gui.ui.source_commands import PinSourceCommand
from tests.conftest import DUNFORD_START
from tests.ui_helpers import sentence_starting


def mark_current(window) -> str:  # noqa: ANN001
    window.article_view.select_span(*sentence_starting(window.document.article, DUNFORD_START))
    window.mark_claim()
    claim = window.document.current_claim
    assert claim is not None
    return claim.id


def test_pins_of_a_burst_refresh_the_claim_editor_and_library_row_at_a_pace(make_window, qtbot, monkeypatch):
    window = make_window()
    document = window.document
    claim_id = mark_current(window)
    editor, library = window.claim_editor, window.library_panel
    refreshes, rows = [], []
    real_refresh, real_update = editor.refresh, library.update_summary
    monkeypatch.setattr(editor, "refresh", lambda: (refreshes.append(1), real_refresh())[-1])
    monkeypatch.setattr(library, "update_summary", lambda summary: (rows.append(summary), real_update(summary))[-1])

    # One pin alone: the window follows it at once.
    document.push(PinSourceCommand(document, claim_id, Source(url="https://example.org/alone", title="Alone")))
    assert len(refreshes) == 1 and rows[-1].source_count == 1

    # Thirty pins landing one per pass of the event loop, as the sources panel lands a burst.
    refreshes.clear()
    rows.clear()
    document.pace_updates(True)
    for number in range(30):
        document.push(PinSourceCommand(document, claim_id, Source(url=f"https://example.org/{number}",
                                                                  title=f"Report {number}")))
        QApplication.processEvents()
    assert len(refreshes) <= 5 and len(rows) <= 5  # once per 100 ms at most, not 30 times
    document.pace_updates(False)  # the burst is over: what was held is shown at once
    assert not document.updates_held
    assert rows[-1].source_count == 31 and len(document.article.claim(claim_id).evidence) == 31

    # Undo during a burst is shown too, once the pace allows.
    document.pace_updates(True)
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: not document.updates_held, timeout=2000)
    assert rows[-1].source_count == 30


def test_a_closed_article_is_freed_though_long_lived_objects_are_frozen(make_window, qtbot):
    collector.use_window_policy()
    window = make_window()
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)  # settled after the sample opened
    first = weakref.ref(window.document.article)
    other = sample_article()
    window.library.add(other)
    assert window.open_article(other.id)
    qtbot.waitUntil(lambda: first() is None, timeout=5000)  # without a gc.collect() of the test's own
    assert window.document.article.id == other.id and gc.get_freeze_count() > 0
    collector.use_window_policy(False)
    assert gc.get_freeze_count() == 0
