"""Entry point of the window: ``factcheck-gui [--data-dir DIR] [ID|FILE|URL]``.

Nothing happens at import time; :func:`main` checks that Qt's X11 plugin can load
(:mod:`factcheck_gui.ui.xcb_check`), creates the application, finds the
library (importing the sample into an empty one), opens what the command line
names (or the most recently edited article) and runs the window.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck_gui import APP_NAME, __version__

if TYPE_CHECKING:
    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.main_window import QtMainWindow

__all__ = ["build_window", "main", "open_target", "parse_args"]

ORGANIZATION = "factcheck-gui"
DESKTOP_FILE = "factcheck-gui"


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """The app's own options, and the rest (Qt's options, such as -platform) for QApplication."""
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Take a news article apart claim by claim: verdicts, rationales, sources.",
    )
    parser.add_argument("target", nargs="?", metavar="ID|FILE|URL",
                        help="an article of the library (id or its start), a file to import, or a web address")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="the library folder (default: $FACTCHECK_DATA_DIR, else the user data folder)")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser.parse_known_args(list(argv) if argv is not None else sys.argv[1:])


def app_icon_path() -> Path | None:
    from factcheck_gui.bundled import resources_dir

    path = resources_dir() / "icons" / "factcheck-gui.svg"
    return path if path.exists() else None


def build_window(library: Library, target: str | None = None, **window_options: object) -> QtMainWindow:
    """The main window on *library*, showing *target* (see :func:`open_target`). Not shown yet."""
    from factcheck_gui.ui.main_window import QtMainWindow

    window = QtMainWindow(library, **window_options)  # type: ignore[arg-type]
    open_target(window, target)
    return window


def open_target(window: QtMainWindow, target: str | None) -> str:
    """Open what the command line named: a URL or file (imported), an article id, or the most
    recent article. Returns an error message for the user ("" if all went well)."""
    if not target:
        window.open_most_recent()
        return ""

    from factcheck_gui.core.errors import FactcheckError
    from factcheck_gui.core.text import is_web_url
    from factcheck_gui.importer import read_import_file
    from factcheck_gui.ui.errors import show_message
    from factcheck_gui.ui.import_dialog import ImportRequest

    if is_web_url(target.strip()):
        window.open_most_recent()
        window.import_requests([ImportRequest("url", target.strip())])
        return ""
    path = Path(target).expanduser()
    if path.is_file():
        window.open_most_recent()
        window.import_requests([ImportRequest("file", str(path))])
        return ""
    if path.is_dir() or _looks_like_path(target):
        # The same sentence as the command line's: "There is no file …" / "… is a folder; …".
        message = f"There is no file {path}."
        try:
            read_import_file(path)
        except FactcheckError as exc:
            message = str(exc)
        window.open_most_recent()
        show_message(window, "Nothing to open", message, object_name="commandLineError")
        return message
    try:
        article_id = window.library.resolve_id(target)
    except FactcheckError as exc:
        message = f"{target} is neither a file, a web address nor an article of the library. {exc}"
        window.open_most_recent()
        show_message(window, "Nothing to open", message, object_name="commandLineError")
        return message
    window.open_article(article_id)
    return ""


def _looks_like_path(target: str) -> bool:
    """A path rather than an article id: it has a folder separator or a file suffix (".txt")."""
    return "/" in target or "\\" in target or bool(Path(target).suffix)


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = parse_args(argv)

    from factcheck_gui.ui.xcb_check import xcb_problem

    cannot_start = xcb_problem(qt_args)  # before QApplication, which would abort the process
    if cannot_start:
        print(f"{APP_NAME}: {cannot_start}", file=sys.stderr)
        return 1

    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from factcheck_gui.core.errors import FactcheckError
    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.store.library import Library
    from factcheck_gui.store.paths import resolve_data_dir
    from factcheck_gui.ui.errors import install_excepthook, set_log_folder

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("factcheck-gui")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)
    QGuiApplication.setDesktopFileName(DESKTOP_FILE)
    icon = app_icon_path()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))

    library = Library(resolve_data_dir(args.data_dir))
    try:
        ensure_sample(library)
    except FactcheckError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "The library cannot be opened", str(exc))
        return 1
    set_log_folder(library.root / "logs")

    from PySide6.QtCore import Qt
    from shiboken6 import isValid

    from factcheck_gui.core.collector import use_window_policy
    from factcheck_gui.core.scheduling import use_window_switch_interval
    from factcheck_gui.ui.main_window import QtMainWindow

    use_window_policy()  # long-lived objects frozen once an article is open: see core.collector
    use_window_switch_interval()  # a worker running Python hands the GIL over after 1 ms: see core.scheduling
    window = QtMainWindow(library, defer_claim_panels=True, check_library_after_paint=True)  # the article shows first
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed: gone, before Python shuts down
    install_excepthook(lambda: window if isValid(window) else None)
    window.show()
    problem = open_target(window, args.target)
    if problem:
        print(f"{APP_NAME}: {problem}", file=sys.stderr)
    window.focus_article()
    try:
        return app.exec()
    finally:
        from factcheck_gui.ui.tasks import task_pool

        task_pool().waitForDone(3000)  # the window cancelled its tasks when it closed
