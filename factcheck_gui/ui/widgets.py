"""Small general widgets of the side panels: labels, buttons and a combo box that behave well in a list."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtGui import QFont, QPalette, QResizeEvent, QTextLayout, QWheelEvent
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QToolButton, QWidget

from factcheck_gui.ui.richtext import plain_tooltip

__all__ = ["QtElidedLabel", "QtScrollSafeComboBox", "format_time", "hint_label", "section_label", "set_combo_data",
           "small_button"]


class QtScrollSafeComboBox(QComboBox):
    """A combo box that ignores the mouse wheel unless focused, so scrolling the list is safe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class QtElidedLabel(QLabel):
    """A label of at most *lines* lines (wrapped at spaces) that ends in "…" when it is too narrow for
    its text; the full text is its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, lines: int = 1) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self._lines = max(1, lines)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain_tooltip(text))
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.width() if self.width() > 20 else 10_000
        text = self._full
        shown: list[str] = []
        if self._lines > 1:  # the lines before the last, as the text wraps at this width
            text = " ".join(text.split())
            layout = QTextLayout(text, self.font())
            layout.beginLayout()
            end = 0
            while len(shown) < self._lines - 1:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                end = line.textStart() + line.textLength()
                shown.append(text[line.textStart():end].rstrip())
            layout.endLayout()
            text = text[end:]
        last = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width) if text else ""
        self.setText("\n".join(part for part in (*shown, last) if part))


def small_button(text: str, object_name: str, accessible_name: str, tip: str = "") -> QToolButton:
    """A text-only tool button with its object name, accessible name and tooltip."""
    button = QToolButton()
    button.setText(text)
    button.setObjectName(object_name)
    button.setAccessibleName(accessible_name)
    button.setToolTip(tip or accessible_name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(False)
    return button


def section_label(text: str, object_name: str) -> QLabel:
    """A bold heading of a part of a panel."""
    label = QLabel(text)
    label.setObjectName(object_name)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def hint_label(text: str, object_name: str) -> QLabel:
    """A quiet, wrapped sentence saying what to do when a part of a panel is empty."""
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def set_combo_data(combo: QComboBox, value: object) -> None:
    """Select the item of *combo* whose data is *value* (nothing happens when it is selected already)."""
    index = combo.findData(value)
    if index != -1 and combo.currentIndex() != index:
        combo.setCurrentIndex(index)


def format_time(iso: str) -> str:
    """A stored UTC timestamp as local date and time for the user, e.g. "25 Nov 2026, 08:40"."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    return QLocale().toString(moment.toLocalTime(), "d MMM yyyy, HH:mm")
