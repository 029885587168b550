"""The window on an untrusted library folder (issue #12 items 1 and 2).

It opens whatever the folder holds, names every file it set aside, and never says
"saved" or closes without asking when a save failed, whatever the exception.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget  # noqa: E402

from factcheck_gui.importer import ensure_sample  # noqa: E402
from factcheck_gui.store import library as library_module  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.ui import main_window as main_window_module  # noqa: E402
from tests.conftest import DUNFORD_START  # noqa: E402
from tests.ui_helpers import sentence_starting  # noqa: E402,F401

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and links are POSIX")

SET_ASIDE = ["a-digits", "a-fifo", "a-zero", "a-outside", "a-huge", "a-latin1", "a-deep", "a-shape"]


def hostile_library(data_dir: Path, outside: Path) -> str:
    """The sample, plus one of each hostile file; returns the id of the one that is repaired, not set aside."""
    library = Library(data_dir)
    sample = ensure_sample(library)
    document = json.loads(sample.path.read_text(encoding="utf-8"))
    articles = library.articles_dir

    def put(article_id: str, text: str) -> None:
        (articles / f"{article_id}.json").write_text(text, encoding="utf-8")

    plain = json.dumps(document)
    put("a-digits", plain.replace('"claims": []', '"claims": [' + "7" * 5000 + "]"))
    os.mkfifo(articles / "a-fifo.json")
    (articles / "a-zero.json").symlink_to("/dev/zero")
    (outside / "theirs.json").write_text(plain)
    (articles / "a-outside.json").symlink_to(outside / "theirs.json")
    with open(articles / "a-huge.json", "wb") as handle:
        handle.truncate(119 * 1024 * 1024)
    (articles / "a-latin1.json").write_bytes(plain.replace("Iraq", "Ir\u00e4q").encode("latin-1", "replace"))
    put("a-deep", "[" * 50_000 + "]" * 50_000)
    put("a-shape", json.dumps(dict(document, claims=[{"id": "c", "start": 10**40}])))
    repaired = dict(document, meta=dict(document["meta"], title="Half a pair \ud800"))
    put("a-surrogate", json.dumps(repaired))
    os.mkfifo(data_dir / "settings.json")
    return "a-surrogate"


def test_a_library_of_hostile_files_opens_in_factcheck_list_naming_each_file_set_aside(data_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    repaired = hostile_library(data_dir, outside)
    result = subprocess.run([sys.executable, "-m", "factcheck_gui.cli", "list", "--data-dir", str(data_dir)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "internal error" not in result.stderr
    assert repaired in result.stdout and "Tells Iraq" in result.stdout
    for name in SET_ASIDE:
        assert f"{name}.json" in result.stderr, name
    assert "half of a UTF-16 character pair" in result.stderr
    assert len(list((data_dir / "corrupt").iterdir())) == len(SET_ASIDE)
    assert sorted(p.name for p in outside.iterdir()) == ["theirs.json"]


def test_a_library_of_hostile_files_opens_in_the_window_naming_each_file_set_aside(make_window, data_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    repaired = hostile_library(data_dir, outside)
    window = make_window()  # the old window hung on the FIFO, or died in its constructor
    assert repaired in {s.id for s in window.library_panel.model.summaries()} and window.document is not None
    label = window.findChild(QLabel, "libraryProblemsLabel")
    assert label.isVisible()
    for name in SET_ASIDE:
        assert f"{name}.json" in label.text(), name
    assert "half of a UTF-16 character pair" in label.text()
    assert sorted(p.name for p in outside.iterdir()) == ["theirs.json"]


def mark(window, beginning: str) -> None:
    window.article_view.select_span(*sentence_starting(window.document.article, beginning))
    window.mark_claim()


def test_a_save_failing_with_any_exception_is_shown_and_closing_asks(make_window, qtbot, monkeypatch):
    window = make_window(autosave_delay_ms=20, retry_delay_ms=60_000)
    document = window.document

    def bug(_article):
        raise ValueError("a bug while writing")

    monkeypatch.setattr(library_module, "dumps_article_utf8", bug)
    with qtbot.waitSignal(document.save_failed, timeout=3000) as failed:
        mark(window, DUNFORD_START)
    assert "ValueError" in failed.args[0] and "edits are kept" in failed.args[0]
    assert window.findChild(QWidget, "saveErrorBanner").isVisible()
    assert window.save_state_label.text() != "Saved" and document.is_dirty

    asked = []

    def answer(*args, **_kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(main_window_module.QMessageBox, "warning", answer)
    assert not window.close()
    assert asked == ["Changes not saved"] and window.isVisible()
    monkeypatch.undo()  # the bug is gone: the edit is saved and the window closes
    path = document.handle.path
    assert window.close()
    assert len(json.loads(path.read_text(encoding="utf-8"))["claims"]) == 1


def test_an_error_while_closing_asks_before_losing_work(make_window, monkeypatch):
    window = make_window()

    def broken() -> bool:
        raise RuntimeError("a bug while closing")

    asked = []
    monkeypatch.setattr(window, "release_document", broken)
    monkeypatch.setattr(main_window_module.QMessageBox, "warning",
                        lambda *args, **_kw: asked.append(args[1]) or QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert asked == ["Changes not saved"] and window.isVisible()
    monkeypatch.undo()  # the bug is gone: the edit is saved and the window closes
    assert window.close()


@pytest.mark.parametrize("linked", ["folder", "file"])
def test_the_error_log_is_never_written_through_a_link(data_dir, tmp_path, monkeypatch, linked):
    from factcheck_gui.ui import errors

    outside = tmp_path / "outside"
    outside.mkdir()
    logs = data_dir / "logs"
    if linked == "folder":
        logs.symlink_to(outside, target_is_directory=True)
    else:
        logs.mkdir()
        (logs / errors.LOG_FILE_NAME).symlink_to(outside / "written.log")
    monkeypatch.setattr(errors, "_log_path", None)
    errors.set_log_folder(logs)
    assert errors.log_exception(RuntimeError("a bug")) is None
    assert list(outside.iterdir()) == []
