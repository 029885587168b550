"""The captured text of a source, to read it and pin the passage that matters as the quote.

A non-modal dialog: the user can keep the article open beside it. "Pin quote" stores
the selected passage on the claim's pin of the source (an undoable
:class:`~factcheck_gui.ui.source_commands.EditEvidenceCommand`). The quote is taken from
the source's own text by offsets, so it is stored exactly as captured.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.invisible import mask_invisible
from factcheck_gui.core.model import Evidence, Source
from factcheck_gui.core.text import Utf16Index, quoted
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.document import QtArticleDocument
from factcheck_gui.ui.errors import show_error
from factcheck_gui.ui.richtext import plain_tooltip, shown
from factcheck_gui.ui.source_commands import EditEvidenceCommand

__all__ = ["QtSourceViewer"]

NO_TEXT = (
    "No text was captured from this source. Open it in the browser to read it, "
    "and write the passage that matters in the note."
)


class QtSourceViewer(QDialog):
    """Shows one source's captured text; pins the selected passage as the quote of one claim."""

    def __init__(self, document: QtArticleDocument, source_id: str, claim_id: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceViewer")
        self.setAccessibleName("Source text")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.document = document
        self.source_id = source_id
        self.claim_id = claim_id
        self._index = Utf16Index("")
        self._shown_text: str | None = None

        self.title_label = QLabel()
        self.title_label.setObjectName("sourceViewerTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title_label.setFont(font)

        self.details_label = QLabel()
        self.details_label.setObjectName("sourceViewerDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("sourceFindEdit")
        self.find_edit.setAccessibleName("Find in the source text")
        self.find_edit.setPlaceholderText("Find in the text (Enter: next)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.returnPressed.connect(self.find_next)

        self.text_view = QPlainTextEdit()
        self.text_view.setObjectName("sourceTextView")
        self.text_view.setAccessibleName("Captured text of the source")
        self.text_view.setReadOnly(True)
        self.text_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text_view.selectionChanged.connect(self._update_buttons)

        self.quote_label = QLabel()
        self.quote_label.setObjectName("sourceQuoteLabel")
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.pin_quote_button = QPushButton("&Pin quote")
        self.pin_quote_button.setObjectName("pinQuoteButton")
        self.pin_quote_button.setAccessibleName("Pin the selected passage as the quote for this claim")
        self.pin_quote_button.setToolTip("Store the selected passage as the quote that matters for the claim")
        self.pin_quote_button.clicked.connect(self.pin_quote)

        self.clear_quote_button = QPushButton("C&lear quote")
        self.clear_quote_button.setObjectName("clearQuoteButton")
        self.clear_quote_button.setAccessibleName("Clear the pinned quote")
        self.clear_quote_button.clicked.connect(self.clear_quote)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("sourceViewerButtons")
        close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        close_button.setObjectName("closeSourceViewerButton")
        close_button.setAccessibleName("Close the source text")
        buttons.rejected.connect(self.reject)

        quote_row = QHBoxLayout()
        quote_row.addWidget(self.quote_label, 1)
        quote_row.addWidget(self.clear_quote_button, 0, Qt.AlignmentFlag.AlignTop)
        footer = QHBoxLayout()
        footer.addWidget(self.pin_quote_button)
        footer.addStretch(1)
        footer.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.details_label)
        layout.addWidget(self.find_edit)
        layout.addWidget(self.text_view, 1)
        layout.addLayout(quote_row)
        layout.addLayout(footer)
        self.resize(720, 640)

        document.sources_changed.connect(self.refresh)
        document.reloaded.connect(self.refresh)
        document.destroyed.connect(self.close)
        self.refresh()
        self.text_view.setFocus(Qt.FocusReason.OtherFocusReason)
        name_parts(self)

    # -- what is shown ---------------------------------------------------------------------

    def source(self) -> Source | None:
        try:
            return self.document.article.source(self.source_id)
        except KeyError:
            return None

    def evidence(self) -> Evidence | None:
        """The claim's pin of this source, or None (no claim, or it was unpinned)."""
        if self.claim_id is None:
            return None
        try:
            claim = self.document.article.claim(self.claim_id)
        except KeyError:
            return None
        return next((e for e in claim.evidence if e.source_id == self.source_id), None)

    def refresh(self) -> None:
        source = self.source()
        if source is None:
            self.title_label.setText("This source was removed from the article.")
            self.details_label.setText("")
            self._set_text("")
            self._update_buttons()
            return
        self.setWindowTitle(f"{shown(source.display_title)} \u2013 source text")
        self.title_label.setText(shown(source.display_title))
        details = [source.final_url or source.url]
        if source.site:
            details.append(source.site)
        if source.published:
            details.append(f"published {source.published}")
        elif source.created:
            details.append(f"file created {source.created}")
        details.append(f"{len(source.text):,} characters captured" if source.text else "no text captured")
        self.details_label.setText(shown(" \u00b7 ".join(details)))
        self._set_text(source.text)
        self._update_buttons()

    def _set_text(self, text: str) -> None:
        if text == self._shown_text:
            self._highlight_quote()
            return
        self._shown_text = text
        self._index = Utf16Index(text)
        if text:
            self.text_view.setPlainText(mask_invisible(text))  # hidden characters marked, offsets kept
            self.text_view.setEnabled(True)
        else:
            self.text_view.setPlainText(NO_TEXT if self.source() is not None else "")
            self.text_view.setEnabled(False)
        self._highlight_quote()

    def _highlight_quote(self) -> None:
        evidence = self.evidence()
        quote = evidence.quote if evidence is not None else ""
        if evidence is None:
            self.quote_label.setText(
                "Select a claim that pins this source to pin a quote from it." if self.source() else ""
            )
        elif quote:
            self.quote_label.setText(f"Pinned quote: {quoted(_shorten(quote))}")
        else:
            self.quote_label.setText("No quote pinned yet: select the passage that matters and choose Pin quote.")
        selections = []
        text = self._shown_text or ""
        if quote and text:
            index = text.find(quote)
            if index != -1:
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.text_view.document())
                cursor.setPosition(self._index.to_utf16(index))
                cursor.setPosition(self._index.to_utf16(index + len(quote)), QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                fmt = QTextCharFormat()
                highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
                highlight.setAlpha(70)
                fmt.setBackground(highlight)
                selection.format = fmt
                selections.append(selection)
        self.text_view.setExtraSelections(selections)

    def _update_buttons(self, *_args: object) -> None:
        evidence = self.evidence()
        editable = evidence is not None and not self.document.read_only
        self.pin_quote_button.setEnabled(editable and bool(self.selected_passage()))
        self.clear_quote_button.setVisible(evidence is not None and bool(evidence.quote))
        self.clear_quote_button.setEnabled(editable)

    # -- selection -------------------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as offsets in the source text (code points), or None."""
        if not self._shown_text:
            return None
        cursor = self.text_view.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._index.from_utf16(cursor.selectionStart())
        end = self._index.from_utf16(cursor.selectionEnd())
        return (start, end) if start < end else None

    def selected_passage(self) -> str:
        """The selected text, exactly as captured, without surrounding white space."""
        span = self.selected_range()
        if span is None or self._shown_text is None:
            return ""
        return self._shown_text[span[0] : span[1]].strip()

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` of the source text (code points) and scroll to it."""
        if not self._shown_text:
            return
        start, end = max(0, min(start, len(self._shown_text))), max(0, min(end, len(self._shown_text)))
        cursor = QTextCursor(self.text_view.document())
        cursor.setPosition(self._index.to_utf16(start))
        cursor.setPosition(self._index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)
        self.text_view.centerCursor()

    def find_next(self) -> bool:
        """Select the next occurrence of the find text (wrapping around); False if there is none."""
        needle = self.find_edit.text()
        if not needle:
            return False
        found = self.text_view.find(needle)
        if not found:
            cursor = self.text_view.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            self.text_view.setTextCursor(cursor)
            found = self.text_view.find(needle)
        self.find_edit.setToolTip("" if found else plain_tooltip(f"\u201c{needle}\u201d is not in the text."))
        return bool(found)

    # -- pinning ---------------------------------------------------------------------------

    def pin_quote(self) -> bool:
        """Store the selected passage as the quote of the claim's pin. True if it was stored."""
        passage = self.selected_passage()
        evidence = self.evidence()
        if not passage or evidence is None or self.claim_id is None:
            self._update_buttons()
            return False
        if evidence.quote == passage:
            return True
        return self._push(EditEvidenceCommand(self.document, self.claim_id, self.source_id, "quote", passage))

    def clear_quote(self) -> bool:
        evidence = self.evidence()
        if evidence is None or self.claim_id is None or not evidence.quote:
            return False
        return self._push(EditEvidenceCommand(self.document, self.claim_id, self.source_id, "quote", ""))

    def _push(self, command: EditEvidenceCommand) -> bool:
        try:
            self.document.push(command)
        except FactcheckError as exc:
            show_error(self, exc, "The quote was not pinned")
            return False
        return True


def _shorten(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"

