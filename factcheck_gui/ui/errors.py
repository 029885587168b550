"""Showing errors to the user: a clear sentence, never a traceback.

- A :class:`~factcheck_gui.core.errors.FactcheckError` already says what happened and
  what to do: its message is shown as it is.
- Anything else is a bug. Its traceback goes to ``<data dir>/logs/errors.log`` and the
  user reads a short message naming that file.

:func:`install_excepthook` (called by ``app.main``) routes uncaught exceptions, such as
one raised in a slot, through the same path.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.ui.accessibility import name_parts

LOG_FILE_NAME = "errors.log"
_log = logging.getLogger("factcheck_gui")
_log_path: Path | None = None

__all__ = ["error_message", "install_excepthook", "log_exception", "set_log_folder", "show_error", "show_message"]


def set_log_folder(folder: Path) -> None:
    """Unexpected errors are logged to ``folder/errors.log`` from now on."""
    global _log_path
    _log_path = Path(folder) / LOG_FILE_NAME


def log_exception(exc: BaseException) -> Path | None:
    """Append *exc* with its traceback to the error log; returns the log's path (None if unwritable)."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    _log.error("unexpected error\n%s", text)
    if _log_path is None:
        return None
    try:
        _log_path.parent.mkdir(parents=True, exist_ok=True)
        from factcheck_gui.core.clock import utc_now

        if _log_path.parent.is_symlink():  # the library writes only inside its folder
            return None
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        with open(os.open(_log_path, flags, 0o644), "a", encoding="utf-8", errors="replace") as handle:
            handle.write(f"--- {utc_now()}\n{text}\n")
    except OSError:
        return None
    return _log_path


def error_message(exc: BaseException) -> str:
    """The sentence to show for *exc*. Unexpected errors are logged first."""
    if isinstance(exc, FactcheckError):
        return str(exc) or "Something went wrong."
    where = log_exception(exc)
    detail = f" The details were written to {where}." if where else ""
    return (
        "Something unexpected went wrong; your work is still in memory and is saved as usual."
        f"{detail} Please report it with that file."
    )


def show_message(parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
                 object_name: str = "errorMessage") -> QMessageBox:
    """A non-blocking, window-modal message box (found by *object_name* in tests)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(object_name)
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote addresses, titles, server answers
    box.setAccessibleName(title)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    name_parts(box)
    box.open()
    return box


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Something went wrong") -> QMessageBox:
    """Show *exc* as a clear message (see the module docstring)."""
    return show_message(parent, title, error_message(exc))


def install_excepthook(parent_getter: Callable[[], QWidget | None] = lambda: None) -> None:
    """Route uncaught exceptions to the log and a short message box instead of a traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        message = error_message(exc)
        if QApplication.instance() is not None:
            show_message(parent_getter(), "Something went wrong", message)
        else:  # pragma: no cover - before the window exists
            print(f"factcheck-gui: {message}", file=sys.stderr)

    sys.excepthook = hook
