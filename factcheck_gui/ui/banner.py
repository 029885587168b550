"""A message strip above the article with a few buttons: for conflicts, save errors, read-only files.

Non-modal, so the user can keep reading while deciding, and tests find the
buttons by objectName.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

__all__ = ["QtBanner"]

_TINTS = {
    "warning": "rgba(245, 124, 0, 0.16)",
    "error": "rgba(211, 47, 47, 0.16)",
    "info": "rgba(25, 118, 210, 0.14)",
}
_BORDERS = {
    "warning": "rgba(245, 124, 0, 0.65)",
    "error": "rgba(211, 47, 47, 0.65)",
    "info": "rgba(25, 118, 210, 0.55)",
}


class QtBanner(QFrame):
    """A tinted strip with a message and buttons; the tint works in light and dark palettes."""

    def __init__(self, object_name: str, kind: str = "warning", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(object_name)
        self.setStyleSheet(
            f"QFrame#{object_name} {{ background: {_TINTS[kind]}; border: 1px solid {_BORDERS[kind]};"
            " border-radius: 4px; }"
        )
        self.label = QLabel()
        self.label.setObjectName(f"{object_name}Label")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote addresses and titles
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.MinimumExpanding)
        # The text over the whole width, the buttons below it on the right: long messages wrap
        # instead of being cut off or making the window wider.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 6, 6)
        outer.setSpacing(4)
        outer.addWidget(self.label)
        self._layout = QHBoxLayout()
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        outer.addLayout(self._layout)
        self.buttons: dict[str, QPushButton] = {}
        self.hide()

    def add_button(self, object_name: str, text: str, accessible_name: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(object_name)
        button.setAccessibleName(accessible_name or text.replace("&", ""))
        self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.buttons[object_name] = button
        return button

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()
