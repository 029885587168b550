"""The window's Ctrl/Alt shortcuts keep working while a text field has the keyboard.

A text field may claim a key before the window's shortcuts see it: on Linux desktops
QLineEdit takes Ctrl+E (end of line, as in Emacs) and so File › Export did nothing from the
fetch-source address field. :class:`QtTypingShortcuts` watches the text fields of one
window as they get the focus, and lets a key pass to the window when it is the shortcut of
an enabled command marked ``typing`` in the action table. Keys without Ctrl, Alt or Meta
(letters, Delete, Escape) and undo/redo stay with the field.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from factcheck_gui.ui.actions import ActionSpec

__all__ = ["QtTypingShortcuts"]

_TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


class QtTypingShortcuts(QObject):
    """Lets *window*'s command shortcuts through its text fields (see the module docstring)."""

    def __init__(self, window: QWidget, actions: Sequence[tuple[ActionSpec, QAction]]) -> None:
        super().__init__(window)
        self._window = window
        self._actions = [action for spec, action in actions if spec.typing]
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, _TEXT_FIELDS) and new.window() is self._window:
            new.installEventFilter(self)  # once: installing again only moves it to the front

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._is_command(event):
            event.ignore()  # not the field's: the window's shortcut runs
            return True
        return False

    def _is_command(self, event: QKeyEvent) -> bool:
        if not event.modifiers() & _COMMAND_MODIFIERS:
            return False
        pressed = QKeySequence(event.keyCombination())
        return any(
            action.isEnabled() and any(s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for s in action.shortcuts())
            for action in self._actions
        )
