"""Start-up as the app does it: the article first, the claim editor and sources panel just after,
and View › Show library telling the truth about a library collapsed on a narrow screen."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QSplitter, QWidget  # noqa: E402

from factcheck_gui.store.library import Library  # noqa: E402
from tests.conftest import DUNFORD_START  # noqa: E402
from tests.ui_helpers import press, read_article_json, sentence_starting  # noqa: E402,F401


def test_deferred_claim_panels_are_built_after_the_first_paint_in_their_places(make_window, qtbot, data_dir):
    window = make_window(defer_claim_panels=True)
    side = window.findChild(QSplitter, "sideSplitter")
    # Built once the article has painted (or at the latest half a second after showing).
    qtbot.waitUntil(lambda: window.findChild(QWidget, "claimEditor") is not None, timeout=3000)
    assert window.findChild(QWidget, "sourcesPanel") is not None
    assert side.widget(1).objectName() == "claimEditor"
    column = window.findChild(QSplitter, "mainSplitter").widget(3)  # the sources in a column of their own
    assert column.objectName() == "sourcesColumn" and column.widget(0).objectName() == "sourcesPanel"
    qtbot.waitUntil(lambda: window.findChild(QWidget, "claimEditorPlaceholder") is None, timeout=2000)
    assert all(size > 0 for size in side.sizes()) and window.findChild(QSplitter, "mainSplitter").sizes()[3] > 0

    # They took the open article: marking a claim and giving it a verdict with the editor's button
    # lands in the file.
    start, end = sentence_starting(window.document.article, DUNFORD_START)
    window.article_view.setFocus()
    window.article_view.select_span(start, end)
    press(qtbot, Qt.Key.Key_M)
    window.findChild(QAbstractButton, "verdictButton_false").click()
    assert window.document.flush()
    saved = read_article_json(Library(data_dir), window.document.article_id)
    assert [(c["verdict"], c["start"], c["end"]) for c in saved["claims"]] == [("false", start, end)]
    assert window.sources_panel.current_claim() is not None  # the sources panel follows the current claim


def test_using_a_deferred_panel_before_the_first_paint_builds_it_at_once(qtbot, data_dir, tmp_path):
    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.ui.main_window import QtMainWindow

    library = Library(data_dir)
    ensure_sample(library)
    window = QtMainWindow(library, defer_claim_panels=True, settings_path=tmp_path / "window.ini")
    qtbot.addWidget(window)
    assert window.findChild(QWidget, "claimEditor") is None  # not shown, not built
    window.open_most_recent()
    editor = window.claim_editor  # used: built now, with the open article
    assert window.findChild(QWidget, "claimEditor") is editor
    assert editor.document is window.document
    assert window.sources_panel.document is window.document


def test_show_library_is_unticked_while_the_library_is_collapsed_and_brings_it_back(make_window, qtbot):
    window = make_window(size=None)  # the first start on the small offscreen screen: the library starts collapsed
    action = window.action("show_library")
    splitter = window.findChild(QSplitter, "mainSplitter")
    assert splitter.sizes()[0] == 0 and window.library_panel.isVisible()
    assert not action.isChecked()  # what the menu says is what the user sees

    action.trigger()  # View › Show library
    qtbot.waitUntil(lambda: splitter.sizes()[0] >= window.library_panel.minimumWidth(), timeout=2000)
    assert action.isChecked() and window.library_panel.isVisible()

    splitter.moveSplitter(0, 1)  # the user drags the library shut
    qtbot.waitUntil(lambda: splitter.sizes()[0] == 0, timeout=2000)
    assert not action.isChecked()

    action.trigger()
    qtbot.waitUntil(lambda: splitter.sizes()[0] > 0, timeout=2000)
    action.trigger()  # and hides it
    assert not window.library_panel.isVisible() and not action.isChecked()


def _article_file(library: Library, article_id: str, title: str, updated: str) -> None:
    """An article file written straight to disk, as a sync or git delivers it while the app is closed."""
    from factcheck_gui.core.editing import new_article
    from factcheck_gui.core.model import ArticleMeta
    from factcheck_gui.store.articlefile import dumps_article_utf8

    article = new_article(f"{title}\n\nThe budget grew by 12 percent in 2019.", ArticleMeta(title=title))
    article.id, article.updated = article_id, updated
    library.articles_dir.mkdir(parents=True, exist_ok=True)
    library.path_of(article_id).write_bytes(dumps_article_utf8(article))


def test_a_library_changed_while_the_app_was_closed_is_listed_as_its_files_are_just_after_the_first_paint(
        qtbot, data_dir, tmp_path):
    """The first frame lists what the index holds (a big library's files are stat'ed after it); a moment
    later the list is the files': an article edited in place, one removed, one added. The most recent
    article, whose file went away meanwhile, is not the one opened, and no error is shown."""
    import os

    from factcheck_gui.ui.main_window import QtMainWindow

    library = Library(data_dir)
    _article_file(library, "a-edited", "Iraq budget report", "2026-01-01T00:00:00Z")
    _article_file(library, "a-removed", "Ohio rent report", "2026-03-01T00:00:00Z")  # the most recent
    _article_file(library, "a-kept", "Kenya port report", "2026-02-01T00:00:00Z")
    assert len(Library(data_dir).summaries()[0]) == 3  # indexed
    edited = library.path_of("a-edited")
    stamp = edited.stat().st_mtime_ns
    edited.write_bytes(edited.read_bytes().replace(b'"title": "Iraq budget report"', b'"title": "Iraq budget REPORT"'))
    os.utime(edited, ns=(stamp + 1, stamp + 1))  # in place, the same size, one nanosecond later
    library.path_of("a-removed").unlink()
    _article_file(library, "a-new", "Peru bridge report", "2025-01-01T00:00:00Z")

    window = QtMainWindow(Library(data_dir), defer_claim_panels=True, check_library_after_paint=True,
                          settings_path=tmp_path / "window.ini")
    qtbot.addWidget(window)
    model = window.library_panel.model

    def titles() -> dict[str, str]:
        return {summary.id: summary.title for summary in model.summaries()}

    # Before the first paint: the index's list (the sign that the files were not looked at yet).
    assert titles() == {"a-edited": "Iraq budget report", "a-removed": "Ohio rent report", "a-kept": "Kenya port report"}
    assert window.open_most_recent() and window.document.article_id == "a-kept"  # checked first: a-removed is gone
    assert titles() == {"a-edited": "Iraq budget REPORT", "a-kept": "Kenya port report", "a-new": "Peru bridge report"}


def test_after_the_first_paint_the_library_list_follows_a_file_edited_in_place(qtbot, data_dir, tmp_path):
    import os

    from factcheck_gui.ui.main_window import QtMainWindow

    library = Library(data_dir)
    _article_file(library, "a-one", "Iraq budget report", "2026-01-01T00:00:00Z")
    _article_file(library, "a-two", "Ohio rent report", "2026-03-01T00:00:00Z")  # the most recent: opened
    Library(data_dir).summaries()
    path = library.path_of("a-one")
    stamp = path.stat().st_mtime_ns
    path.write_bytes(path.read_bytes().replace(b'"title": "Iraq budget report"', b'"title": "Iraq budget REPORT"'))
    os.utime(path, ns=(stamp + 1, stamp + 1))

    window = QtMainWindow(Library(data_dir), defer_claim_panels=True, check_library_after_paint=True,
                          settings_path=tmp_path / "window.ini")
    qtbot.addWidget(window)
    model = window.library_panel.model
    assert window.open_most_recent() and window.document.article_id == "a-two"  # its file is as indexed
    assert model.summary("a-one").title == "Iraq budget report"  # the index's, before the first paint
    window.show()
    qtbot.waitUntil(lambda: model.summary("a-one").title == "Iraq budget REPORT", timeout=2000)
    assert [s.id for s in model.summaries()] == ["a-two", "a-one"]  # last edited first


def test_a_library_that_cannot_hold_an_index_is_read_once_at_start_up(qtbot, data_dir, tmp_path, monkeypatch):
    """A library folder that cannot hold an index (read-only) is listed by reading every file. The
    first frame's list was read from the files, so it is the files': the check after the first paint
    did not know that and read every file a second time (seconds for 10,000 articles)."""
    from factcheck_gui.ui.main_window import QtMainWindow

    library = Library(data_dir)
    _article_file(library, "a-one", "Iraq budget report", "2026-01-01T00:00:00Z")
    _article_file(library, "a-two", "Ohio rent report", "2026-03-01T00:00:00Z")
    library = Library(data_dir)
    library._search_index_unavailable = True  # as where the folder cannot hold one
    reads: list[str] = []
    real_open = Library.open
    monkeypatch.setattr(Library, "open", lambda self, article_id, *a, **k: reads.append(article_id)
                        or real_open(self, article_id, *a, **k))
    window = QtMainWindow(library, defer_claim_panels=True, check_library_after_paint=True,
                          settings_path=tmp_path / "window.ini")
    qtbot.addWidget(window)
    assert sorted(reads) == ["a-one", "a-two"]  # the first frame's list: every file read
    assert window.open_most_recent() and window.document.article_id == "a-two"
    window.show()
    qtbot.waitUntil(lambda: not window._library_check_pending, timeout=2000)
    assert sorted(reads) == ["a-one", "a-two", "a-two"]  # and the article opened; no file read again
    assert [s.title for s in window.library_panel.model.summaries()] == ["Ohio rent report", "Iraq budget report"]


def test_articles_that_came_while_the_app_was_closed_to_a_library_indexed_empty_are_opened(qtbot, data_dir, tmp_path):
    """The index holds no article (every one was deleted), then articles come (a backup restored, a sync)
    while the app is closed: the first frame's list is empty, and the most recent article was not opened."""
    from factcheck_gui.ui.main_window import QtMainWindow

    library = Library(data_dir)
    library.articles_dir.mkdir(parents=True)
    assert Library(data_dir).summaries()[0] == []  # indexed: empty
    _article_file(library, "a-one", "Iraq budget report", "2026-01-01T00:00:00Z")
    _article_file(library, "a-two", "Ohio rent report", "2026-03-01T00:00:00Z")
    window = QtMainWindow(Library(data_dir), defer_claim_panels=True, check_library_after_paint=True,
                          settings_path=tmp_path / "window.ini")
    qtbot.addWidget(window)
    assert window.library_panel.model.summaries() == []  # the index's list, before the first paint
    assert window.open_most_recent() and window.document.article_id == "a-two"
    assert [s.id for s in window.library_panel.model.summaries()] == ["a-two", "a-one"]


def test_reviews_that_came_while_the_app_was_closed_are_indexed_after_the_first_paint(qtbot, data_dir, tmp_path):
    """A teammate's imported fact-checks arrive by a sync (reviews.json) while the app is closed and no
    article changed: the check after the first paint said the library was as indexed, so "Seen before?"
    never found them (the start-up refresh that indexed them was skipped)."""
    import shutil
    from pathlib import Path

    from factcheck_gui import cli
    from factcheck_gui.store.library_index import open_index
    from factcheck_gui.ui.main_window import QtMainWindow

    library = Library(data_dir)
    _article_file(library, "a-one", "Iraq budget report", "2026-01-01T00:00:00Z")
    assert len(Library(data_dir).summaries()[0]) == 1  # indexed, with no review
    teammate = tmp_path / "teammate"
    feed = Path(__file__).parent / "data" / "claimreview_feed.json"
    assert cli.main(["reviews", "import", str(feed), "--data-dir", str(teammate)]) == 0
    shutil.copy2(teammate / "reviews.json", data_dir / "reviews.json")  # the sync

    window = QtMainWindow(Library(data_dir), defer_claim_panels=True, check_library_after_paint=True,
                          settings_path=tmp_path / "window.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window._library_check_pending, timeout=2000)
    with open_index(Library(data_dir)) as index:  # as the "Seen before?" panel's worker reads it
        hits = index.similar("Iraq doesn't want Russia's help in the war against ISIS, Dunford said.")
    assert [hit.origin for hit in hits][:1] == ["review"]
