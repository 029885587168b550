"""Accessible names for the parts Qt builds inside its own widgets.

A line edit's clear button, a spin box's or an editable combo box's text field, a tab widget's tab bar, a scroll area's
scroll bars, a table's headers and corner button, a combo box's list of choices and the
buttons of a standard button box are widgets a screen reader reaches, yet nobody named them.
:func:`name_parts` names each from the widget that owns it ("Clear Claimant", "Timeout for a
fetch: value"), so every interactive widget in a window or dialog has an accessible name. A field
without a name that a label stands for (its buddy, as in Qt's own file dialog: "File name:") is
named after that label.
Call it on a window or dialog once its widgets exist, and on a part built later (a source
card); it only names Qt's own parts and widgets without a name, and is quick to call again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QScrollBar,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeView,
    QWidget,
)

__all__ = ["name_clear_button", "name_parts", "owner_name"]


def owner_name(widget: QWidget) -> str:
    """What a screen reader calls *widget*: its accessible name, else its placeholder or window
    title, else the name of the nearest named widget around it."""
    current: QWidget | None = widget
    while current is not None:
        name = current.accessibleName()
        if not name and isinstance(current, QLineEdit):
            name = current.placeholderText()
        if not name and current.isWindow():
            name = current.windowTitle()
        if name:
            return name
        current = current.parentWidget()
    return ""


def name_clear_button(edit: QLineEdit) -> None:
    """Name the clear button of *edit* (if it has one) after *edit*: "Clear Claimant"."""
    for button in edit.findChildren(QToolButton, options=Qt.FindChildOption.FindDirectChildrenOnly):
        name = f"Clear {owner_name(edit)}".strip()
        if button.accessibleName() != name:
            button.setAccessibleName(name)


def name_parts(root: QWidget) -> None:
    """Give every part Qt built inside *root*'s widgets, and every standard dialog button, a name."""
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and not buddy.accessibleName():
            name = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":").strip()
            if name:
                buddy.setAccessibleName(name)
    for edit in root.findChildren(QLineEdit):
        name_clear_button(edit)
    for spin in root.findChildren(QAbstractSpinBox):
        inner = spin.findChild(QLineEdit)
        if inner is not None:
            _follow(inner, owner_name(spin))
    for tabs in root.findChildren(QTabWidget):
        _follow(tabs.tabBar(), f"{owner_name(tabs)}: pages".strip(": "))
    for combo in root.findChildren(QComboBox):
        _follow(combo.view(), f"Choices for {owner_name(combo)}".strip())
        editor = combo.lineEdit()  # an editable combo box's text field
        if editor is not None and not editor.accessibleName():
            _follow(editor, owner_name(combo))
    for area in root.findChildren(QAbstractScrollArea):
        name = owner_name(area)
        _follow(area.verticalScrollBar(), f"{name}: scroll up and down".strip(": "))
        _follow(area.horizontalScrollBar(), f"{name}: scroll sideways".strip(": "))
    for table in root.findChildren(QTableView):
        name = owner_name(table)
        _follow(table.horizontalHeader(), f"{name}: column headings".strip(": "))
        _follow(table.verticalHeader(), f"{name}: row headings".strip(": "))
        corner = table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            _follow(corner, f"{name}: select all".strip(": "))
    for tree in root.findChildren(QTreeView):
        _follow(tree.header(), f"{owner_name(tree)}: column headings".strip(": "))
    for menu_bar in root.findChildren(QMenuBar):
        extension = menu_bar.findChild(QToolButton, "qt_menubar_ext_button")
        if extension is not None:
            _follow(extension, "More menus")
    for box in root.findChildren(QDialogButtonBox):
        for button in box.buttons():
            if not button.accessibleName():
                button.setAccessibleName(button.text().replace("&", ""))
    for view in root.findChildren(QAbstractItemView):
        if not view.accessibleName() and not isinstance(view, QHeaderView):
            view.setAccessibleName(owner_name(view))
    for bar in root.findChildren(QScrollBar):  # scroll bars outside a scroll area
        if not bar.accessibleName():
            bar.setAccessibleName(f"{owner_name(bar)}: scroll".strip(": "))


def _follow(part: QWidget, name: str) -> None:
    if part.accessibleName() != name:
        part.setAccessibleName(name)
