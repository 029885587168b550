"""The claim editor: verdict, claimant (and whether a person or an organisation), one-line
restatement, rationale, times.

Every change goes through an undo command on the document; the editor only shows
the current claim and turns what the user types into commands.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.authors import author_name
from factcheck_gui.core.model import Claim, ClaimantType, ReviewStatus
from factcheck_gui.core.text import quoted
from factcheck_gui.core.tracing import trace_line
from factcheck_gui.core.verdicts import UNJUDGED_LABEL
from factcheck_gui.ui.commands import (
    EditClaimFieldCommand,
    SetClaimantTypeCommand,
    SetClaimStatusCommand,
    SetVerdictCommand,
)
from factcheck_gui.ui.document import QtArticleDocument
from factcheck_gui.ui.richtext import plain_tooltip, shown
from factcheck_gui.ui.verdict_style import swatch_icon, verdict_color
from factcheck_gui.ui.widgets import format_time

__all__ = ["QtClaimEditor"]

NO_CLAIM_HINT = (
    "Click a sentence in the article to select it (or press J to step through the sentences), "
    "then press M to mark it as a claim."
)
SELECTION_HINT = (
    "Press M to mark the selected text as a claim, or a verdict key (1\u2013{last}) to mark and judge it at once."
)


class QtClaimEditor(QWidget):
    """Shows and edits the document's current claim."""

    mark_requested = Signal()  # the "Mark claim" button was pressed
    history_requested = Signal(str, str)  # article id, claim id: the window finds the history (git, off the GUI thread)
    delete_requested = Signal()
    escape_pressed = Signal()  # Escape in a text field: give the article the keyboard back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimEditor")
        self.document: QtArticleDocument | None = None
        self._updating = False
        self._sessions = itertools.count(1)
        self._session = 0  # edits in one visit of a field merge into one undo step

        self.quote_label = QLabel()
        self.quote_label.setObjectName("claimQuoteLabel")
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        quote_font = QFont(self.quote_label.font())
        quote_font.setItalic(True)
        self.quote_label.setFont(quote_font)

        self.orphaned_label = QLabel(
            "The words of this claim are no longer in the article, so it is not shown there. "
            "Its verdict and rationale are kept."
        )
        self.orphaned_label.setObjectName("claimOrphanedLabel")
        self.orphaned_label.setWordWrap(True)
        self.conflict_label = QLabel()  # a sync conflict on one of the claim's fields, settled or not yet
        self.conflict_label.setObjectName("claimConflictLabel")
        self.conflict_label.setAccessibleName("Sync conflicts on this claim")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setTextFormat(Qt.TextFormat.PlainText)
        self.conflict_label.hide()
        self._conflict_marks: dict[tuple[str, str], list[str]] = {}
        self.anchor_label = QLabel()  # how the claim fared when the text changed (issue 16)
        self.anchor_label.setObjectName("claimAnchorLabel")
        self.anchor_label.setAccessibleName("What changed in the claim's text")
        self.anchor_label.setTextFormat(Qt.TextFormat.RichText)
        self.anchor_label.setWordWrap(True)
        self.anchor_label.hide()

        self.mark_button = QPushButton("Mark claim")
        self.mark_button.setObjectName("markClaimButton")
        self.mark_button.setAccessibleName("Mark the selected text as a claim")
        self.mark_button.clicked.connect(self.mark_requested)

        # Verdict buttons, in scale order, with their keys.
        self.verdict_buttons: dict[str, QToolButton] = {}
        self._verdict_grid = QGridLayout()
        self._verdict_grid.setHorizontalSpacing(4)
        self._verdict_grid.setVerticalSpacing(4)
        self.clear_verdict_button = QToolButton()
        self.clear_verdict_button.setObjectName("clearVerdictButton")
        self.clear_verdict_button.setText(f"0  {UNJUDGED_LABEL}")
        self.clear_verdict_button.setAccessibleName("Clear the verdict (key 0)")
        self.clear_verdict_button.setToolTip("Clear the verdict (key 0)")
        self.clear_verdict_button.setCheckable(True)
        self.clear_verdict_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.clear_verdict_button.clicked.connect(lambda: self._set_verdict(None))

        self.claimant_edit = QLineEdit()
        self.claimant_edit.setObjectName("claimantEdit")
        self.claimant_edit.setAccessibleName("Claimant")
        self.claimant_edit.setPlaceholderText("Who makes the claim, e.g. Gen. Joe Dunford")
        self.claimant_edit.setClearButtonEnabled(True)
        self.claimant_edit.textEdited.connect(lambda text: self._edit_field("claimant", text))

        # Who the claimant is for ClaimReview (author type): "Automatic" guesses it from the name.
        self.claimant_type_combo = QComboBox()
        self.claimant_type_combo.setObjectName("claimantTypeCombo")
        self.claimant_type_combo.setAccessibleName("Claimant type")
        self.claimant_type_combo.setToolTip(
            "Whether the claimant is a person or an organisation, as ClaimReview exports say. "
            "Automatic guesses it from the name (\u201cMinistry of\u2026\u201d is an organisation)."
        )
        self.claimant_type_combo.addItem("Automatic", None)
        for claimant_type in ClaimantType:
            self.claimant_type_combo.addItem(claimant_type.label, claimant_type.value)
        self.claimant_type_combo.currentIndexChanged.connect(self._set_claimant_type)

        self.restatement_edit = QLineEdit()
        self.restatement_edit.setObjectName("restatementEdit")
        self.restatement_edit.setAccessibleName("The claim in one line")
        self.restatement_edit.setPlaceholderText("The claim restated as one checkable sentence")
        self.restatement_edit.setClearButtonEnabled(True)
        self.restatement_edit.textEdited.connect(lambda text: self._edit_field("restatement", text))

        self.rationale_edit = _RationaleEdit()
        self.rationale_edit.setObjectName("rationaleEdit")
        self.rationale_edit.setAccessibleName("Rationale")
        self.rationale_edit.setPlaceholderText("Why this verdict: what the sources show, what is missing\u2026")
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.textChanged.connect(
            lambda: self._edit_field("rationale", self.rationale_edit.toPlainText())
        )

        self.trace_label = QLabel()  # where the claim came from, once traced (Sources > Trace claim)
        self.trace_label.setObjectName("claimTraceLabel")
        self.trace_label.setAccessibleName("Origin of the claim")
        self.trace_label.setWordWrap(True)
        self.trace_label.setTextFormat(Qt.TextFormat.PlainText)
        self.trace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Review before publishing: draft, in review, approved, with who set it and a note.
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("claimStatusCombo")
        self.status_combo.setAccessibleName("Review status")
        self.status_combo.setToolTip("Draft while you check; In review when an editor should look; Approved by the "
                                     "reviewer. Exports can be limited to approved claims.")
        for status in ReviewStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.currentIndexChanged.connect(self._set_status)
        self.status_label = QLabel()
        self.status_label.setObjectName("claimStatusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.review_note_edit = QLineEdit()
        self.review_note_edit.setObjectName("reviewNoteEdit")
        self.review_note_edit.setAccessibleName("Reviewer's note")
        self.review_note_edit.setPlaceholderText("What the reviewer asks or confirms")
        self.review_note_edit.editingFinished.connect(self._set_review_note)

        self.history_button = QPushButton("Show &history")
        self.history_button.setObjectName("claimHistoryButton")
        self.history_button.setAccessibleName("Show who changed this claim and when")
        self.history_button.clicked.connect(self._request_history)
        self.history_label = QLabel()
        self.history_label.setObjectName("claimHistoryLabel")
        self.history_label.setAccessibleName("History of the claim")
        self.history_label.setWordWrap(True)
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.history_label.hide()
        self._history_claim: str | None = None

        self.times_label = QLabel()
        self.times_label.setObjectName("claimTimesLabel")
        self.times_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # It wraps in the width the buttons beside it leave: a long "updated ... by ..." never widens the
        # claims column (which would narrow the article and lay a long text out again).
        self.times_label.setWordWrap(True)
        self.times_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.delete_button = QPushButton("Delete claim")
        self.delete_button.setObjectName("deleteClaimButton")
        self.delete_button.setAccessibleName("Delete this claim")
        self.delete_button.clicked.connect(self.delete_requested)

        for field in (self.claimant_edit, self.restatement_edit, self.rationale_edit, self.review_note_edit):
            field.installEventFilter(self)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.escape_pressed)

        self._fields = QWidget()
        self._fields.setObjectName("claimFields")
        form = QFormLayout(self._fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        verdict_box = QWidget()
        verdict_box.setLayout(self._verdict_grid)
        self._verdict_grid.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._label("&Claimant", self.claimant_edit), self.claimant_edit)
        form.addRow(self._label("Claimant &type", self.claimant_type_combo), self.claimant_type_combo)
        form.addRow(self._label("In &one line", self.restatement_edit), self.restatement_edit)
        verdict_label = QLabel("Verdict")
        verdict_label.setAccessibleName("Verdict")
        form.addRow(verdict_label)  # above its buttons, as the rationale: the editor fits a narrower column
        form.addRow(verdict_box)
        rationale_label = self._label("&Rationale", self.rationale_edit)
        form.addRow(rationale_label)
        form.addRow(self.rationale_edit)
        form.addRow(self.trace_label)
        form.addRow(self._label("Revie&w", self.status_combo), self.status_combo)
        form.addRow(self.status_label)
        form.addRow(self._label("Reviewer's &note", self.review_note_edit), self.review_note_edit)
        footer = QHBoxLayout()
        footer.addWidget(self.times_label, 1)
        footer.addWidget(self.history_button)
        footer.addWidget(self.delete_button)
        form.addRow(footer)
        form.addRow(self.history_label)

        content = QWidget()
        content.setObjectName("claimEditorContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(self.quote_label)
        layout.addWidget(self.orphaned_label)
        layout.addWidget(self.conflict_label)
        layout.addWidget(self.anchor_label)
        layout.addWidget(self.mark_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._fields, 1)
        layout.addStretch(0)
        # In a scroll area, so a short window scrolls the editor instead of growing taller.
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("claimEditorScrollArea")
        self.scroll_area.setAccessibleName("Claim editor")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self._content, self._content_layout = content, layout
        self.scroll_area.setMinimumHeight(self.fontMetrics().height() * 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self._selection_text: str | None = None
        self.set_document(None)

    def content_widget(self) -> QWidget:
        """What the editor shows inside its scroll area."""
        return self._content

    def content_size_hint(self) -> QSize:
        """The size that shows the whole editor without scrolling or cutting a verdict button off."""
        hint = self._content.sizeHint()
        hint.setHeight(max(hint.height(), self._content.minimumSizeHint().height()))  # the height it gets at least
        # As wide before a claim is shown as with one (the fields are hidden then): choosing the first claim
        # does not narrow the article beside it, which would lay a long text out again (issue 17).
        margins = self._content_layout.contentsMargins()
        hint.setWidth(max(hint.width(), self._fields.sizeHint().width() + margins.left() + margins.right()))
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar + 2 * self.scroll_area.frameWidth(), hint.height() + 2 * self.scroll_area.frameWidth())

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # -- document --------------------------------------------------------------------------

    def set_document(self, document: QtArticleDocument | None) -> None:
        if self.document is not None:
            self.document.current_claim_changed.disconnect(self._on_current_claim_changed)
            self.document.claim_changed.disconnect(self._on_claim_changed)
        self.document = document
        if document is not None:
            document.current_claim_changed.connect(self._on_current_claim_changed)
            document.claim_changed.connect(self._on_claim_changed)
        self._build_verdict_buttons()
        self.refresh()

    def set_conflict_marks(self, marks: dict[tuple[str, str], list[str]]) -> None:
        """(article id, claim id) -> lines about the sync conflicts waiting on that claim (ui.sync_flow)."""
        self._conflict_marks = marks
        self._show_conflict_marks()

    def _show_conflict_marks(self) -> None:
        document = self.document
        claim = document.current_claim if document is not None else None
        lines = self._conflict_marks.get((document.article_id, claim.id), []) if document and claim else []
        self.conflict_label.setText(shown("\n".join(lines)))  # values from the shared library: hidden characters shown
        self.conflict_label.setVisible(bool(lines))

    def _build_verdict_buttons(self) -> None:
        from factcheck_gui.core.verdicts import DEFAULT_SCALE

        scale = self.document.scale if self.document is not None else DEFAULT_SCALE
        keys = [v.key for v in scale.verdicts]
        if keys == list(self.verdict_buttons):
            return
        for button in self.verdict_buttons.values():
            button.deleteLater()
        self.verdict_buttons.clear()
        self._verdict_grid.removeWidget(self.clear_verdict_button)
        columns = 2
        for number, verdict in enumerate(scale.verdicts, start=1):
            button = _VerdictButton()
            button.setObjectName(f"verdictButton_{verdict.key}")
            key_hint = f"key {number}" if number <= 9 else "no key"
            button.setText(f"{number}  {verdict.label}" if number <= 9 else verdict.label)
            button.setAccessibleName(f"Verdict {verdict.label} ({key_hint})")
            button.setToolTip(f"<b>{verdict.label}</b> ({key_hint})<br>{verdict.description}")
            button.setIcon(swatch_icon(verdict_color(verdict.key, scale)))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setStyleSheet(
                f"QToolButton:checked {{ border: 2px solid {verdict.color}; border-radius: 4px; font-weight: bold;"
                " padding: 2px; }"
            )
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, key=verdict.key: self._set_verdict(key))
            self.verdict_buttons[verdict.key] = button
            self._verdict_grid.addWidget(button, (number - 1) // columns, (number - 1) % columns)
        count = len(scale.verdicts)
        self._verdict_grid.addWidget(self.clear_verdict_button, count // columns, count % columns)
        # While no claim is shown the fields are hidden and Qt does not tell their layout of the buttons: the
        # editor's size hint would count them out, and the column would widen when the first claim is shown.
        box = self._verdict_grid.parentWidget()
        if box is not None:
            box.updateGeometry()

    # -- showing ---------------------------------------------------------------------------

    def set_selection_text(self, text: str | None) -> None:
        """The text selected in the article (None: nothing): shown with a hint when no claim is current."""
        self._selection_text = text
        if self.document is None or self.document.current_claim is None:
            self.refresh()

    def _on_current_claim_changed(self, _claim_id: str) -> None:
        self._session = next(self._sessions)
        self.refresh()

    def _on_claim_changed(self, claim_id: str) -> None:
        if self.document is not None and claim_id == self.document.current_claim_id:
            self.refresh()

    def refresh(self) -> None:
        """Show the current claim (or a hint when there is none)."""
        claim = self.document.current_claim if self.document is not None else None
        editable = claim is not None and not self.document.read_only  # type: ignore[union-attr]
        self._updating = True
        try:
            if claim is None:
                self._show_no_claim()
            else:
                self._show_claim(claim)
            for widget in (*self.verdict_buttons.values(), self.clear_verdict_button, self.claimant_edit,
                           self.claimant_type_combo, self.restatement_edit, self.rationale_edit, self.delete_button,
                           self.status_combo, self.review_note_edit):
                widget.setEnabled(editable)
            self._fields.setVisible(claim is not None)
        finally:
            self._updating = False

    def _show_no_claim(self) -> None:
        scale_size = len(self.document.scale.verdicts) if self.document else 8
        selection = self._selection_text
        if self.document is None:
            self.quote_label.setText("")
        elif selection:
            self.quote_label.setText(f"{quoted(_shorten(selection))}\n\n{SELECTION_HINT.format(last=min(9, scale_size))}")
        else:
            self.quote_label.setText(NO_CLAIM_HINT)
        self.mark_button.setVisible(bool(selection) and self.document is not None and not self.document.read_only)
        self.orphaned_label.hide()
        self.conflict_label.hide()
        self.anchor_label.hide()
        for edit in (self.claimant_edit, self.restatement_edit):
            edit.setText("")
        self.claimant_type_combo.setCurrentIndex(0)
        if self.rationale_edit.toPlainText():
            self.rationale_edit.setPlainText("")
        self.times_label.setText("")
        self.status_combo.setCurrentIndex(0)
        self.status_label.setText("")
        self.status_label.hide()
        self.review_note_edit.setText("")
        self.history_label.hide()
        for button in self.verdict_buttons.values():
            button.setChecked(False)
        self.clear_verdict_button.setChecked(False)

    def _show_claim(self, claim: Claim) -> None:
        self.quote_label.setText(quoted(_shorten(shown(claim.exact), 160)))  # hidden characters shown
        self.quote_label.setToolTip(plain_tooltip(claim.exact))
        self.mark_button.hide()
        self.orphaned_label.setVisible(claim.orphaned)
        from factcheck_gui.ui.text_versions import anchor_html

        anchor = anchor_html(claim)
        self.anchor_label.setText(anchor)
        self.anchor_label.setVisible(bool(anchor))
        for button_key, button in self.verdict_buttons.items():
            button.setChecked(button_key == claim.verdict)
        self.clear_verdict_button.setChecked(claim.verdict is None)
        _set_line(self.claimant_edit, claim.claimant)
        wanted = self.claimant_type_combo.findData(claim.claimant_type.value) if claim.claimant_type else 0
        self.claimant_type_combo.setCurrentIndex(max(0, wanted))
        _set_line(self.restatement_edit, claim.restatement)
        if self.rationale_edit.toPlainText() != claim.rationale:
            self.rationale_edit.setPlainText(claim.rationale)
            cursor = self.rationale_edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.rationale_edit.setTextCursor(cursor)
        created, updated = format_time(claim.created), format_time(claim.updated)
        self.times_label.setText(f"Created {created}" + (f" \u00b7 updated {updated}" if updated != created else ""))
        self.trace_label.setText(shown(trace_line(claim.trace)) if claim.trace is not None else "")
        self.trace_label.setToolTip(plain_tooltip(claim.trace.origin) if claim.trace and claim.trace.origin else "")
        self.trace_label.setVisible(claim.trace is not None)
        by = f" by {author_name(claim.updated_by)}" if claim.updated_by else ""
        self.times_label.setText(f"Created {created}" + (f" \u00b7 updated {updated}{by}" if updated != created or by
                                                          else ""))
        self.times_label.setToolTip(f"Last change by {claim.updated_by}" if claim.updated_by else "")
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(claim.status.value)))
        if claim.status_at:
            who = author_name(claim.status_by) or "someone without a name in the settings"
            self.status_label.setText(f"{claim.status.label} by {who}, {format_time(claim.status_at)}")
        else:
            self.status_label.setText("")
        self.status_label.setVisible(bool(claim.status_at))  # empty, it took a line of a short screen
        _set_line(self.review_note_edit, claim.review_note)
        if self._history_claim != claim.id:
            self.history_label.hide()
        self._show_conflict_marks()

    # -- editing ---------------------------------------------------------------------------

    def _set_verdict(self, key: str | None) -> None:
        document = self.document
        claim = document.current_claim if document is not None else None
        if document is None or claim is None or self._updating:
            self.refresh()
            return
        if claim.verdict != key:
            document.push(SetVerdictCommand(document, claim.id, key))
        self.refresh()  # a click on the checked button must not uncheck it

    def _set_claimant_type(self, _index: int) -> None:
        if self._updating or self.document is None:
            return
        claim = self.document.current_claim
        value = self.claimant_type_combo.currentData()
        if claim is None or (claim.claimant_type.value if claim.claimant_type else None) == value:
            return
        self.document.push(SetClaimantTypeCommand(self.document, claim.id, value))

    def _set_status(self, _index: int) -> None:
        if self._updating or self.document is None:
            return
        claim = self.document.current_claim
        value = self.status_combo.currentData()
        if claim is None or claim.status.value == value:
            return
        self.document.push(SetClaimStatusCommand(self.document, claim.id, value))

    def _set_review_note(self) -> None:
        if self._updating or self.document is None:
            return
        claim = self.document.current_claim
        note = self.review_note_edit.text()
        if claim is None or claim.review_note == note:
            return
        self.document.push(SetClaimStatusCommand(self.document, claim.id, note=note))

    def _request_history(self) -> None:
        claim = self.document.current_claim if self.document is not None else None
        if claim is None or self.document is None:
            return
        self._history_claim = claim.id
        self.history_label.setText("Looking up the history\u2026")
        self.history_label.show()
        self.history_requested.emit(self.document.article_id, claim.id)

    def show_history(self, claim_id: str, lines: list[str]) -> None:
        """Show the history found for *claim_id* (one line per change), if it is still the claim shown."""
        if claim_id != self._history_claim:
            return
        self.history_label.setText("\n".join(lines) if lines else "No changes are recorded for this claim yet.")
        self.history_label.show()

    def _edit_field(self, field: str, value: str) -> None:
        if self._updating or self.document is None:
            return
        claim = self.document.current_claim
        if claim is None or getattr(claim, field) == value:
            return
        self.document.push(EditClaimFieldCommand(self.document, claim.id, field, value, session=self._session))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn:
            self._session = next(self._sessions)  # a new visit: its typing is a new undo step
        return super().eventFilter(watched, event)

    def focus_rationale(self) -> None:
        self.rationale_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)


class _VerdictButton(QToolButton):
    """A verdict button wide enough for its label in bold, as it shows when checked (Qt measures the
    label in the normal weight, and the checked verdict's last letters were cut off)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._with_bold_label(super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._with_bold_label(super().minimumSizeHint())

    def _with_bold_label(self, hint: QSize) -> QSize:
        bold = QFont(self.font())
        bold.setBold(True)
        extra = QFontMetrics(bold).horizontalAdvance(self.text()) - self.fontMetrics().horizontalAdvance(self.text())
        return QSize(hint.width() + max(0, extra), hint.height())


class _RationaleEdit(QPlainTextEdit):
    """The rationale field: it asks for six lines (not Qt's 192 px) and takes any height the editor has
    to spare, so the whole editor fits a 1366x768 screen beside the claims list."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        frame = 2 * self.frameWidth() + int(self.document().documentMargin() * 2)
        return QSize(hint.width(), self.fontMetrics().lineSpacing() * 6 + frame)


def _set_line(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)
        if not edit.hasFocus():
            edit.setCursorPosition(0)  # show the start of a long text, not its end


def _shorten(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
