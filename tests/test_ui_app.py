"""Starting the window from the command line, remembering its layout, errors without tracebacks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication, QMessageBox, QSplitter  # noqa: E402

from factcheck_gui.core.errors import FactcheckError  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.ui import app as app_module  # noqa: E402
from factcheck_gui.ui.errors import install_excepthook, set_log_folder  # noqa: E402
from factcheck_gui.ui.main_window import QtMainWindow, default_settings_path  # noqa: E402
from tests.ui_helpers import find_dialog  # noqa: E402,F401


def run_main(argv, monkeypatch, on_window=None):
    """Run app.main(argv); instead of the event loop, let *on_window* look at the window, then close it.

    The real ``exec()`` is not run: quitting the shared test QApplication would stop
    windows of later tests from ever becoming active.
    """
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main installs its own; restored after
    seen = {}

    def fake_exec(app):
        app.processEvents()
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QtMainWindow) and w.isVisible()]
        assert len(windows) == 1, "main shows one window"
        seen["window"] = windows[0]
        try:
            if on_window is not None:
                on_window(windows[0])
        finally:
            windows[0].close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    code = app_module.main(argv)
    return code, seen


def test_main_opens_an_article_given_by_the_start_of_its_id(monkeypatch, tmp_path, capsys):
    library = Library(tmp_path / "lib")
    from factcheck_gui.importer import article_from_text, ensure_sample

    ensure_sample(library)
    other = library.add(article_from_text("Second article\n\nThe mayor said crime fell."))
    shown = {}
    code, _ = run_main(["--data-dir", str(library.root), other.article.id[:8]], monkeypatch,
                       lambda w: shown.update(id=w.document.article_id, title=w.windowTitle()))
    assert code == 0
    assert shown["id"] == other.article.id and "Second article" in shown["title"]
    assert capsys.readouterr().err == ""


def test_main_on_a_new_folder_opens_the_sample(monkeypatch, tmp_path):
    shown = {}
    code, _ = run_main(["--data-dir", str(tmp_path / "new")], monkeypatch,
                       lambda w: shown.update(title=w.document.article.title, focus=QApplication.focusWidget(),
                                              switch_interval=sys.getswitchinterval()))
    assert code == 0
    assert shown["title"] == "US Tells Iraq to Choose Between Them and Russia in ISIS War"
    # A worker running Python hands the GIL to the window's thread after 1 ms, not Python's 5 (core.scheduling).
    assert shown["switch_interval"] == pytest.approx(0.001)
    assert len(Library(tmp_path / "new").article_ids()) == 1


def test_a_wrong_target_is_one_clear_sentence_not_a_traceback(monkeypatch, tmp_path, capsys, qtbot):
    boxes = []

    def look(window):
        boxes.extend(b.text() for b in window.findChildren(QMessageBox, "commandLineError") if b.isVisible())
        assert window.document is not None  # the most recent article opens anyway

    code, _ = run_main(["--data-dir", str(tmp_path / "lib"), "no-such-article"], monkeypatch, look)
    assert code == 0
    err = capsys.readouterr().err
    assert "no-such-article is neither a file, a web address nor an article of the library" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert boxes and "no-such-article" in boxes[0]


def test_an_unusable_library_folder_exits_with_a_message(monkeypatch, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    code = app_module.main(["--data-dir", str(blocker / "library")])
    assert code == 1
    err = capsys.readouterr().err
    assert "cannot be created or written" in err and "Traceback" not in err
    assert shown and "--data-dir" in shown[0]


def test_bad_options_print_usage_not_a_traceback(capsys):
    with pytest.raises(SystemExit) as exit_info:
        app_module.parse_args(["--data-dir"])
    assert exit_info.value.code == 2
    assert "usage: factcheck-gui" in capsys.readouterr().err


def test_window_layout_is_remembered_in_the_isolated_config_folder(make_window, qtbot, isolated_user_dirs):
    settings_path = default_settings_path()
    assert settings_path.is_relative_to(isolated_user_dirs)  # never the user's real config
    assert not str(settings_path).startswith(str(Path.home())) or Path.home() == isolated_user_dirs

    window = make_window(settings_path=settings_path)
    window.resize(701, 503)  # within the offscreen screen, which restoreGeometry respects
    qtbot.wait(50)  # the panes fit the new width first
    window.action("show_library").setChecked(False)
    window.main_splitter.setSizes([0, 400, 160, 117])
    window.side_splitter.setSizes([300, 400])
    sizes = window.main_splitter.sizes()
    window.close()
    assert settings_path.exists()

    again = make_window(settings_path=settings_path, size=None)
    assert (again.width(), again.height()) == (701, 503)
    splitter = again.findChild(QSplitter, "mainSplitter")
    assert splitter.sizes()[2] == sizes[2]
    assert again.findChild(QSplitter, "sideSplitter").sizes()[0] == window.side_splitter.sizes()[0]
    assert not again.library_panel.isVisible() and not again.action("show_library").isChecked()


def test_an_unexpected_error_is_logged_and_shown_in_a_sentence(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    set_log_folder(tmp_path / "logs")
    install_excepthook(lambda: window)
    try:
        raise ZeroDivisionError("a bug")
    except ZeroDivisionError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    box = find_dialog(qtbot, window, "errorMessage", QMessageBox)
    assert "Something unexpected went wrong" in box.text() and "errors.log" in box.text()
    assert "Traceback" not in box.text() and "ZeroDivisionError" not in box.text()
    log = (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "ZeroDivisionError: a bug" in log
    box.close()

    # A FactcheckError is shown as its own message, with nothing logged.
    from factcheck_gui.ui.errors import error_message

    assert error_message(FactcheckError("The file is read-only.")) == "The file is read-only."
