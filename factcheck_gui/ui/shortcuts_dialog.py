"""Help › Keyboard shortcuts: every menu command with its keys, read from the action table.

The rows come from :func:`factcheck_gui.ui.actions.action_table` and its keys from
:func:`~factcheck_gui.ui.actions.key_sequences`, the same that give the QActions their
shortcuts, so the list cannot drift from what the keys do.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.actions import MENUS, ActionSpec, key_sequences

__all__ = ["QtShortcutsDialog", "shortcut_rows"]

# The keyboard's own Undo and Redo keys are no sequence to learn.
_DEDICATED_KEYS = (Qt.Key.Key_Undo, Qt.Key.Key_Redo)

INTRO = (
    "Everything works from the keyboard: J and K step through the sentences, M marks the selection as a "
    "claim, 1\u20138 give it a verdict, R moves to the rationale and Escape comes back to the article."
)


def shortcut_rows(specs: Sequence[ActionSpec]) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command, in menu order; keys "" where it has none."""
    rows = []
    for menu in MENUS:
        for spec in specs:
            if spec.menu != menu.key:
                continue
            keys = ", ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText)
                for s in key_sequences(spec.keys)
                if s[0].key() not in _DEDICATED_KEYS  # type: ignore[index]  # Qt's operator[], missing in the stubs
            )
            rows.append((menu.title.replace("&", ""), spec.text.replace("&", ""), keys))
    return rows


class QtShortcutsDialog(QDialog):
    """A table of the commands that have keys, with a Close button."""

    def __init__(self, specs: Sequence[ActionSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setAccessibleName("Keyboard shortcuts")
        self.setWindowTitle("Keyboard shortcuts")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        rows = [row for row in shortcut_rows(specs) if row[2]]
        self.table = table = QTableWidget(len(rows), 3)
        table.setObjectName("shortcutsTable")
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        header = table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("shortcutsCloseButton")
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        table.resizeColumnsToContents()
        columns = sum(table.columnWidth(c) for c in range(3)) + table.verticalScrollBar().sizeHint().width()
        margins = layout.contentsMargins()
        width = max(self.fontMetrics().horizontalAdvance("m") * 62, columns + 2 * table.frameWidth()
                    + margins.left() + margins.right() + 24)
        self.resize(width, self.fontMetrics().height() * 40)
        name_parts(self)
