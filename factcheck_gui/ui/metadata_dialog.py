"""Editing what an article is: title, subtitle, byline, publisher, date, web address."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from factcheck_gui.core.editing import MetaError, check_meta
from factcheck_gui.core.model import ArticleMeta
from factcheck_gui.ui.accessibility import name_parts

__all__ = ["QtMetadataDialog"]

FIELDS = (
    ("title", "&Title", "The headline"),
    ("subtitle", "&Subtitle", "The subheadline, if there is one"),
    ("byline", "&Byline", "Who wrote it, e.g. Jason Ditz"),
    ("publisher", "&Publisher", "Where it appeared, e.g. Antiwar.com"),
    ("published", "&Date", "When it was published, e.g. 2015-10-23"),
    ("url", "&Web address", "https://\u2026"),
)


class QtMetadataDialog(QDialog):
    """A form for the article's details; :meth:`meta` returns what the user entered."""

    def __init__(self, meta: ArticleMeta, parent: QWidget | None = None, *, intro: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("metadataDialog")
        self.setAccessibleName("Article details")
        self.setWindowTitle("Article details")
        self._original = copy.copy(meta)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label, placeholder in FIELDS:
            edit = QLineEdit(getattr(meta, name))
            edit.setObjectName(f"{name}Edit")
            edit.setAccessibleName(label.replace("&", ""))
            edit.setPlaceholderText(placeholder)
            edit.setClearButtonEnabled(True)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("x" * 48))
            self.edits[name] = edit
            caption = QLabel(label)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("metadataButtons")
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setObjectName("metadataSaveButton")
        save.setAccessibleName("Save the article details")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("metadataCancelButton")
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro)
            intro_label.setObjectName("metadataIntro")
            intro_label.setWordWrap(True)
            layout.addWidget(intro_label)
        layout.addLayout(form)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("metadataProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        name_parts(self)

    def accept(self) -> None:
        """Close with the details, unless one cannot be right (``core.editing.check_meta``): then say so."""
        try:
            checked = check_meta(self.meta(), self._original)  # what an old file kept is not refused again
        except MetaError as exc:
            self.problem_label.setText(str(exc))
            self.problem_label.show()
            self.edits[exc.field].setFocus()
            return
        self.edits["published"].setText(checked.published)  # "23 October 2015" is kept as 2015-10-23
        super().accept()

    def meta(self) -> ArticleMeta:
        """The details as entered (the language is kept from before)."""
        meta = copy.copy(self._original)
        for name, edit in self.edits.items():
            setattr(meta, name, edit.text().strip())
        return meta
