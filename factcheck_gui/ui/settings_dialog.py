"""Edit › Settings…: who publishes the fact-checks, where reviews live, how sources are fetched.

The settings belong to the library folder (``settings.json`` beside ``articles/``), so
a team that shares the folder shares them. The dialog reads them fresh when it opens,
checks what the user typed with :func:`factcheck_gui.core.settings.validate_settings`
(web addresses must be http or https, the review address pattern may only use
``{article_id}`` and ``{claim_id}``), and writes them with
:func:`factcheck_gui.store.settings.save_settings`. A problem is shown in the dialog,
next to the field, and nothing is written until it is fixed.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.settings import Settings, validate_settings
from factcheck_gui.store.settings import load_settings, save_settings
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.banner import QtBanner
from factcheck_gui.ui.errors import error_message

__all__ = ["QtSettingsDialog", "validate_settings"]

MEGABYTE = 1024 * 1024

# (field, label, placeholder text, what it is for)
_TEXT_FIELDS = {
    "organization_name": ("&Organisation", "e.g. Example Fact Check",
                          "Who publishes the fact-checks; the author of each ClaimReview."),
    "organization_url": ("Organisation &web address", "https://factcheck.example/", ""),
    "reviewer_name": ("&Reviewer", "e.g. Ana Reviewer", "The person who checks; shown in Markdown, HTML and PDF."),
    "review_url_pattern": ("Review &address pattern", "https://factcheck.example/checks/{article_id}", ""),
    "wayback_save_url": ("Archive sa&ve address", "https://web.archive.org/save/", ""),
    "wayback_availability_url": ("Archive &lookup address", "https://archive.org/wayback/available", ""),
}
_OBJECT_NAMES = {
    "organization_name": "organizationNameEdit",
    "organization_url": "organizationUrlEdit",
    "reviewer_name": "reviewerNameEdit",
    "review_url_pattern": "reviewUrlPatternEdit",
    "wayback_save_url": "waybackSaveUrlEdit",
    "wayback_availability_url": "waybackAvailabilityUrlEdit",
}


class QtSettingsDialog(QDialog):
    """The library's settings as a form. Save validates, writes ``settings.json`` and emits :data:`saved`."""

    saved = Signal(object)  # the Settings as written

    def __init__(self, library_root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setAccessibleName("Settings")
        self.setWindowTitle("Settings")
        self.library_root = Path(library_root)
        self._original, warning = load_settings(self.library_root)
        self.edits: dict[str, QLineEdit] = {}

        intro = QLabel(
            f"These settings are kept in the library folder ({self.library_root}), so everyone who shares the "
            "folder uses them."
        )
        intro.setObjectName("settingsIntro")
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        publishing = QGroupBox("Publishing the fact-check")
        publishing.setObjectName("publishingGroup")
        publishing_form = QFormLayout(publishing)
        for field in ("organization_name", "organization_url", "reviewer_name", "review_url_pattern"):
            self._add_text_field(publishing_form, field)
        pattern_help = QLabel(
            "Where the published review of an article will live. {article_id} is replaced by the article\u2019s "
            "id and {claim_id} by the claim\u2019s; without {claim_id}, each claim gets #claim-<id>, its place in "
            "the HTML export. ClaimReview needs it: without it, the reviews carry no address."
        )
        pattern_help.setObjectName("reviewUrlPatternHelp")
        pattern_help.setWordWrap(True)
        pattern_help.setTextFormat(Qt.TextFormat.PlainText)
        publishing_form.addRow("", pattern_help)

        fetching = QGroupBox("Fetching and archiving sources")
        fetching.setObjectName("fetchingGroup")
        fetching_form = QFormLayout(fetching)
        for field in ("wayback_save_url", "wayback_availability_url"):
            self._add_text_field(fetching_form, field)
        self.timeout_spin = QDoubleSpinBox()
        self.timeout_spin.setObjectName("fetchTimeoutSpin")
        self.timeout_spin.setAccessibleName("Fetch time limit in seconds")
        self.timeout_spin.setRange(1.0, 600.0)
        self.timeout_spin.setDecimals(0 if float(self._original.fetch_timeout_seconds).is_integer() else 1)
        self.timeout_spin.setSuffix(" s")
        self.timeout_spin.setValue(self._original.fetch_timeout_seconds)
        self.timeout_spin.setToolTip("How long to wait for a web page to connect and to send more data")
        timeout_label = QLabel("&Time limit")
        timeout_label.setBuddy(self.timeout_spin)
        fetching_form.addRow(timeout_label, self.timeout_spin)
        self.size_spin = QSpinBox()
        self.size_spin.setObjectName("fetchMaxSizeSpin")
        self.size_spin.setAccessibleName("Largest page to fetch in megabytes")
        self.size_spin.setRange(1, 1024)
        self.size_spin.setSuffix(" MB")
        self._original_megabytes = max(1, round(self._original.fetch_max_bytes / MEGABYTE))
        self.size_spin.setValue(self._original_megabytes)
        self.size_spin.setToolTip("A page or document larger than this is not downloaded")
        size_label = QLabel("Largest &page")
        size_label.setBuddy(self.size_spin)
        fetching_form.addRow(size_label, self.size_spin)

        self.message_banner = QtBanner("settingsMessageBanner", "error")
        self.message_label = self.message_banner.label
        self.message_label.setObjectName("settingsMessage")
        self.message_label.setAccessibleName("Problem with the settings")
        if warning:
            self._show_message(warning)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("settingsButtons")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("settingsSaveButton")
        self.save_button.setAccessibleName("Save the settings")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("settingsCancelButton")
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(publishing)
        layout.addWidget(fetching)
        layout.addWidget(self.message_banner)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("m") * 56, self.sizeHint().height())
        name_parts(self)

    def _add_text_field(self, form: QFormLayout, field: str) -> None:
        label, placeholder, tip = _TEXT_FIELDS[field]
        edit = QLineEdit(getattr(self._original, field))
        edit.setObjectName(_OBJECT_NAMES[field])
        edit.setAccessibleName(label.replace("&", ""))
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("x" * 44))
        if tip:
            edit.setToolTip(tip)
        edit.textEdited.connect(lambda _text, e=edit: self._clear_problem(e))
        caption = QLabel(label)
        caption.setBuddy(edit)
        form.addRow(caption, edit)
        self.edits[field] = edit

    # -- values ------------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The settings as entered; fields the dialog does not show (the last export folder) are kept."""
        settings = copy.copy(self._original)
        for field, edit in self.edits.items():
            setattr(settings, field, edit.text().strip())
        settings.fetch_timeout_seconds = float(self.timeout_spin.value())
        if self.size_spin.value() != self._original_megabytes:  # untouched: keep the exact byte count
            settings.fetch_max_bytes = self.size_spin.value() * MEGABYTE
        return settings

    def save(self) -> bool:
        """Check and write the settings; True (and the dialog closes) when they were written."""
        settings = self.settings()
        problems = validate_settings(settings)
        for edit in self.edits.values():
            self._clear_problem(edit)
        if problems:
            for field, _message in problems:
                if field in self.edits:
                    self.edits[field].setProperty("invalid", True)
                    self.edits[field].setStyleSheet("border: 2px solid #b3261e;")
            self._show_message(" ".join(message for _field, message in problems))
            first = self.edits.get(problems[0][0])
            (first or self.timeout_spin).setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        try:
            # Fresh from disk, so a last export folder remembered meanwhile is not lost.
            current, _warning = load_settings(self.library_root)
            settings.last_export_folder = current.last_export_folder or settings.last_export_folder
            save_settings(self.library_root, settings)
        except FactcheckError as exc:
            self._show_message(f"The settings were not saved. {error_message(exc)}")
            return False
        except OSError as exc:  # the library folder itself could not be made
            self._show_message(f"The settings were not saved: {exc.strerror or exc}. Check that the library "
                               f"folder {self.library_root} exists and may be written to.")
            return False
        self._original = settings
        self.saved.emit(settings)
        self.accept()
        return True

    def _show_message(self, text: str) -> None:
        self.message_banner.show_message(text)

    def _clear_problem(self, edit: QLineEdit) -> None:
        if edit.property("invalid"):
            edit.setProperty("invalid", False)
            edit.setStyleSheet("")
