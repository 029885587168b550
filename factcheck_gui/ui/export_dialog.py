"""File › Export…: choose a format and options, see a preview, save the fact-check to a file.

The text formats are made by :func:`factcheck_gui.export.export_article` with the
library's settings (:func:`~factcheck_gui.store.settings.load_settings`) and the same
:class:`~factcheck_gui.export.ExportOptions` as ``factcheck export``, and written as
UTF-8, so a file saved here is byte for byte the file the command line writes.

PDF is the HTML export's print variant (``export_html(..., for_qt_print=True)``) laid
out by Qt's own rich-text engine on A4 or Letter paper, as the locale prefers
(:mod:`factcheck_gui.ui.pdf`, which ``factcheck export --format pdf`` uses too).

The file name decides the format: Save… with ``name.md`` typed writes Markdown,
whatever the list said (the list follows); a name whose extension belongs to no
format is refused with a message, so a PDF never lands in a ``.md`` file.

The preview and the file are made on the task runner (:mod:`factcheck_gui.ui.tasks`)
from a snapshot of the article (:meth:`~factcheck_gui.core.model.Article.snapshot`), so
the dialog opens at once whatever the size of the article: the preview's document is
built as rich text on the worker too and handed to the preview when ready, which lays it out
in short steps (:mod:`factcheck_gui.ui.paced_layout`). A change while one is being made starts
it again; the stale one is dropped. HTML and PDF share one preview (the print variant), so going
from one to the other makes nothing again; a closed dialog makes none until it is shown again.
Save… as PDF runs in a child process (:mod:`factcheck_gui.ui.pdf_process`): Qt's layout of a long document
on a worker thread kept the GUI thread from the GIL for seconds. Closing the dialog kills it.

Every file is written with :func:`~factcheck_gui.store.atomic.atomic_write_bytes`; a
failure is shown as a message and the dialog stays open, so the user can try another
place. Before exporting, the open article's unsaved edits are saved, so the file
reflects what the window shows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPaintEvent, QPalette, QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.model import Article
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.verdicts import VerdictScale
from factcheck_gui.export import FORMATS, ExportOptions, claimreview_warnings, export_article
from factcheck_gui.export.html import export_html
from factcheck_gui.store.atomic import atomic_write_bytes
from factcheck_gui.store.settings import load_settings, save_settings
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.banner import QtBanner
from factcheck_gui.ui.document import QtArticleDocument
from factcheck_gui.ui.errors import show_error
from factcheck_gui.ui.paced_layout import QtPacedLayout
from factcheck_gui.ui.pdf import PAGE_MARGIN_MM, build_document, export_pdf, page_size_for, render_pdf
from factcheck_gui.ui.pdf_process import QtPdfProcess, write_job
from factcheck_gui.ui.tasks import QtTaskRunner, TaskState

__all__ = ["EXPORT_FORMATS", "QtExportDialog", "format_for_path", "page_size_for", "render_pdf"]

PDF = "pdf"
FIRST_PAINT_WAIT_MS = 250  # a dialog not shown (or not painted yet) starts its preview after this

# Format key -> (label, file extension). The order is the order of the format list.
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "md": (FORMATS["md"][0], FORMATS["md"][1]),
    "html": (FORMATS["html"][0], FORMATS["html"][1]),
    "claimreview": (FORMATS["claimreview"][0], FORMATS["claimreview"][1]),
    "csv": (FORMATS["csv"][0], FORMATS["csv"][1]),
    PDF: ("PDF document (for printing)", ".pdf"),
    "json": (FORMATS["json"][0], FORMATS["json"][1]),
}

_DESCRIPTIONS = {
    "md": "A summary to paste into a CMS, a wiki or a chat: verdicts, rationales, evidence and sources, "
          "each claim quoted in full.",
    "html": "One web page that opens anywhere, even offline: the summary, every claim with its evidence, "
            "and the article with the claims marked in their verdicts\u2019 colours.",
    "claimreview": "The schema.org markup search engines read from fact-checks: one ClaimReview per judged claim. "
                   "Paste it into your published page.",
    "csv": "A table with one row per claim and source, for a spreadsheet.",
    PDF: "The HTML page printed to PDF, ready to send or print.",
    "json": "The article file itself, with every claim, source and piece of evidence, for another program "
            "or another library.",
}

# Which options change which formats (ClaimReview never lists unjudged claims; the
# article JSON always holds everything; only HTML and PDF show the article text).
_USES_UNJUDGED = {"md", "html", "csv", PDF}
_USES_ARTICLE_TEXT = {"html", PDF}
_RICH_PREVIEW = {"html", PDF}

# Other extensions a format is saved under, besides its own (the first is what Save… suggests).
_OTHER_EXTENSIONS = {"md": (".markdown",), "html": (".htm",), "claimreview": (".json",)}


def format_for_path(path: Path, chosen: str) -> str | None:
    """The format a file name asks for: *chosen* if its extension fits, else the one format it names, else None."""
    suffix = Path(path).suffix.lower()

    def extensions(fmt: str) -> tuple[str, ...]:
        return (EXPORT_FORMATS[fmt][1], *_OTHER_EXTENSIONS.get(fmt, ()))

    if suffix in extensions(chosen):
        return chosen
    named = [fmt for fmt in EXPORT_FORMATS if suffix == EXPORT_FORMATS[fmt][1]]
    named = named or [fmt for fmt in EXPORT_FORMATS if suffix in extensions(fmt)]
    return named[0] if len(named) == 1 else None


def file_stem(title: str, fallback: str) -> str:
    """A plain file name for an article: ``us-tells-iraq-to-choose-between-them``... (at most 60 characters)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    stem = ""
    for word in words:
        if len(stem) + len(word) + 1 > 60:
            break
        stem = f"{stem}-{word}" if stem else word
    return stem or fallback


class QtExportDialog(QDialog):
    """Export the open article. :meth:`export_to` writes the chosen format to a path; Save… asks for one."""

    exported = Signal(object, str)  # the Path written, a note for the status bar ("" if none)

    def __init__(self, document: QtArticleDocument, parent: QWidget | None = None, *,
                 prefs: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setAccessibleName("Export the fact-check")
        self.setWindowTitle("Export the fact-check")
        self.document = document
        self.prefs = prefs
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh_preview)
        self._shown_format = ""
        self._article_changes = 0  # edits heard of: a preview made before one is out of date
        self._shown_from: tuple[object, ...] | None = None  # what the preview shown was made from
        self._pending_from: tuple[object, ...] | None = None  # and the one being made
        self._tasks = QtTaskRunner(self)
        self._preview_pending = False
        self._preview_document: QTextDocument | None = None
        self._paced_layout = QtPacedLayout(self)
        self._pdf_process: QtPdfProcess | None = None
        self._closed = False  # done() ran: no preview is made until the dialog is shown again

        # -- choices -----------------------------------------------------------------------------
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("formatCombo")
        self.format_combo.setAccessibleName("Export format")
        for key, (label, extension) in EXPORT_FORMATS.items():
            self.format_combo.addItem(f"{label} ({extension})", key)
        format_label = QLabel("&Format")
        format_label.setBuddy(self.format_combo)
        self.description_label = QLabel()
        self.description_label.setObjectName("formatDescription")
        self.description_label.setWordWrap(True)

        self.include_unjudged_check = QCheckBox("List claims that have no &verdict yet")
        self.include_unjudged_check.setObjectName("includeUnjudgedCheck")
        self.include_unjudged_check.setAccessibleName("List claims that have no verdict yet")
        self.include_unjudged_check.setToolTip("The summary counts them either way")
        self.approved_only_check = QCheckBox("Only claims a reviewer a&pproved")
        self.approved_only_check.setObjectName("approvedOnlyCheck")
        self.approved_only_check.setAccessibleName("Only claims a reviewer approved")
        self.approved_only_check.setToolTip("Leave out claims in draft or in review (factcheck export --approved-only)")
        self.include_article_text_check = QCheckBox("Include the article te&xt, claims marked")
        self.include_article_text_check.setObjectName("includeArticleTextCheck")
        self.include_article_text_check.setAccessibleName("Include the article text with the claims marked")

        self.warnings_banner = QtBanner("exportWarningsBanner", "warning")
        self.warnings_label = self.warnings_banner.label
        self.warnings_label.setObjectName("exportWarnings")
        self.warnings_label.setAccessibleName("What the export leaves out")

        choices = QWidget()
        choices.setObjectName("exportChoices")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(format_label, self.format_combo)
        choices_layout = QVBoxLayout(choices)
        choices_layout.setContentsMargins(0, 0, 0, 0)
        choices_layout.addLayout(form)
        choices_layout.addWidget(self.description_label)
        choices_layout.addSpacing(6)
        choices_layout.addWidget(self.include_unjudged_check)
        choices_layout.addWidget(self.include_article_text_check)
        choices_layout.addWidget(self.approved_only_check)
        choices_layout.addSpacing(6)
        choices_layout.addWidget(self.warnings_banner)
        choices_layout.addStretch(1)
        em = self.fontMetrics().horizontalAdvance("m")
        choices.setFixedWidth(em * 24)

        # -- preview -----------------------------------------------------------------------------
        self.preview = QTextBrowser()
        self.preview.setObjectName("exportPreview")
        self.preview.setAccessibleName("Preview of the export")
        self.preview.setOpenLinks(False)  # a click in the preview goes nowhere
        self.preview.setOpenExternalLinks(False)
        self._text_palette = QPalette(self.preview.palette())
        self._paper_palette = QPalette(self.preview.palette())
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
            self._paper_palette.setColor(group, QPalette.ColorRole.Base, QColor("#ffffff"))
            self._paper_palette.setColor(group, QPalette.ColorRole.Text, QColor("#1d1d1f"))
        preview_label = QLabel("&Preview")
        preview_label.setBuddy(self.preview)
        self.preview_note = QLabel()
        self.preview_note.setObjectName("exportPreviewNote")
        self.preview_note.setWordWrap(True)
        preview_box = QVBoxLayout()
        preview_box.addWidget(preview_label)
        preview_box.addWidget(self.preview, 1)
        preview_box.addWidget(self.preview_note)

        # -- buttons -----------------------------------------------------------------------------
        buttons = QDialogButtonBox()
        buttons.setObjectName("exportButtons")
        self.settings_button = QPushButton("Se&ttings\u2026")
        self.settings_button.setObjectName("exportSettingsButton")
        self.settings_button.setAccessibleName("Settings")
        self.settings_button.setToolTip("Organisation, reviewer and review address, used by the exports")
        buttons.addButton(self.settings_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.save_button = QPushButton("&Save\u2026")
        self.save_button.setObjectName("exportSaveButton")
        self.save_button.setAccessibleName("Save the export to a file")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("exportCloseButton")
        close.setAccessibleName("Close")
        self.settings_button.clicked.connect(self.show_settings)
        self.save_button.clicked.connect(self.choose_file)
        close.clicked.connect(self.reject)

        columns = QHBoxLayout()
        columns.addWidget(choices)
        columns.addLayout(preview_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)

        self._restore_choices()
        self.format_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.include_unjudged_check.toggled.connect(self._on_choice_changed)
        self.include_article_text_check.toggled.connect(self._on_choice_changed)
        self.approved_only_check.toggled.connect(self._on_choice_changed)
        for signal in (document.claims_changed, document.claim_changed, document.meta_changed,
                       document.sources_changed, document.reloaded):
            signal.connect(self._on_article_changed)
        document.destroyed.connect(self.reject)
        self._update_enabled()
        # The preview starts after the dialog's first paint (paintEvent): its snapshot of the
        # article is taken on the GUI thread (~30 ms at 5,000 claims) and its worker is Python
        # too, so the GUI thread waits for its turn at every step and the dialog would show late
        # (issue 17). A dialog not shown starts it after FIRST_PAINT_WAIT_MS. Until then the
        # preview says it is being made.
        self.preview_note.setText("Making the preview\u2026")
        self._awaiting_paint = True
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._start_after_paint)
        self.resize(em * 100, self.fontMetrics().height() * 40)
        name_parts(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._closed:  # shown again: its preview was dropped when it closed
            self._closed = False
            self._schedule_refresh()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self._awaiting_paint:
            self._start_after_paint()

    def _start_after_paint(self) -> None:
        if self._awaiting_paint:
            self._awaiting_paint = False
            self._schedule_refresh()  # on the next pass of the event loop, after this paint

    def done(self, result: int) -> None:
        """Closing drops the preview being made (its result would land nowhere) and the one shown:
        Qt lays a long document out in steps on the GUI thread (100-200 ms each for the HTML of
        5,000 claims), and would go on with one nobody sees until the dialog is freed."""
        self._tasks.cancel("preview")
        self._preview_pending, self._pending_from = False, None  # cancelled: shown again, it is made anew
        self._cancel_pdf()  # the child making the PDF is killed; no file is written
        self._awaiting_paint = False
        self._closed = True  # a choice or an edit from now on starts no preview (seconds of a worker's time)
        self._refresh_timer.stop()
        if self._preview_document is not None:
            self.preview.setDocument(QTextDocument(self.preview))
            self._preview_document.deleteLater()
            self._preview_document = None
        self._shown_from = None
        super().done(result)

    # -- choices -------------------------------------------------------------------------------

    @property
    def format(self) -> str:
        """The chosen format: a key of :data:`EXPORT_FORMATS`."""
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        index = self.format_combo.findData(fmt)
        if index < 0:
            raise ValueError(f"unknown export format {fmt!r}")
        self.format_combo.setCurrentIndex(index)

    def options(self) -> ExportOptions:
        """What the checkboxes say, as ``factcheck export`` takes them (--judged-only, --no-article-text)."""
        return ExportOptions(
            include_unjudged=self.include_unjudged_check.isChecked(),
            include_article_text=self.include_article_text_check.isChecked(),
            approved_only=self.approved_only_check.isChecked(),
        )

    def settings(self) -> tuple[Settings, str]:
        """The library's settings as the command line reads them, and a warning if the file was bad."""
        return load_settings(self.document.library.root)

    def _restore_choices(self) -> None:
        fmt, unjudged, text = "html", True, True
        if self.prefs is not None:
            fmt = str(self.prefs.value("export/format", fmt))
            unjudged = self.prefs.value("export/includeUnjudged", True) not in (False, "false", "0", 0)
            text = self.prefs.value("export/includeArticleText", True) not in (False, "false", "0", 0)
        index = self.format_combo.findData(fmt)
        self.format_combo.setCurrentIndex(max(index, 0))
        self.include_unjudged_check.setChecked(unjudged)
        self.include_article_text_check.setChecked(text)

    def _on_choice_changed(self, *_args: object) -> None:
        if self.prefs is not None:
            self.prefs.setValue("export/format", self.format)
            self.prefs.setValue("export/includeUnjudged", self.include_unjudged_check.isChecked())
            self.prefs.setValue("export/includeArticleText", self.include_article_text_check.isChecked())
        self._update_enabled()
        self.refresh_preview()

    def _update_enabled(self) -> None:
        fmt = self.format
        self.include_unjudged_check.setEnabled(fmt in _USES_UNJUDGED)
        self.include_article_text_check.setEnabled(fmt in _USES_ARTICLE_TEXT)
        self.description_label.setText(_DESCRIPTIONS[fmt])

    # -- the export ----------------------------------------------------------------------------

    def export_text(self, settings: Settings | None = None) -> str:
        """The chosen text format (not PDF) as ``factcheck export`` makes it."""
        if self.format == PDF:
            raise ValueError("PDF is not a text format; use export_bytes()")
        if settings is None:
            settings, _warning = self.settings()
        return export_article(self.document.article, self.format, self.options(), settings, self.document.scale)

    def print_html(self, settings: Settings | None = None) -> str:
        """The HTML export in the variant Qt prints well: what the PDF and the preview show."""
        if settings is None:
            settings, _warning = self.settings()
        return export_html(self.document.article, self.options(), settings, self.document.scale, for_qt_print=True)

    def export_bytes(self) -> bytes:
        """The file's content: UTF-8 text, or the PDF (the same bytes as ``factcheck export --format pdf``)."""
        settings, _warning = self.settings()
        if self.format == PDF:
            return export_pdf(self.document.article, self.options(), settings, self.document.scale)
        return self.export_text(settings).encode("utf-8")

    def _file_content(self) -> Callable[[TaskState], bytes]:
        """What :meth:`export_bytes` makes for a text format, as a function of a snapshot to run on a worker thread."""
        settings, _warning = self.settings()
        return partial(_file_bytes, self.document.article.snapshot(), self.format, self.options(), settings,
                       self.document.scale)

    def start_export(self, path: Path) -> None:
        """Save the unsaved edits, then make the chosen format on the task runner and write it to *path*.

        The dialog shows the progress and closes when the file is written; a failure is shown
        as a message and the dialog stays open. What Save… does.
        """
        path = Path(path)
        self.document.flush()
        self.save_button.setEnabled(False)
        self.preview_note.setText(f"Making {EXPORT_FORMATS[self.format][0]}…")
        if self.format == PDF:
            self._start_pdf(path)
            return
        self._tasks.start(self._file_content(), kind="export", on_result=partial(self._write_export, path),
                          on_error=self._export_failed, on_cancelled=lambda: self.save_button.setEnabled(True))

    def _start_pdf(self, path: Path) -> None:
        """The PDF is made by a child process (:mod:`factcheck_gui.ui.pdf_process`): Qt's layout of a
        long document on a worker thread kept the GUI thread from the GIL for seconds. The job
        (the snapshot as the store writes it) is written on the task runner, then the child starts."""
        self._cancel_pdf()
        settings, _warning = self.settings()
        folder = QtPdfProcess.new_folder()
        process = QtPdfProcess(folder, partial(self._write_export, path), self._export_failed, self)
        self._pdf_process = process

        def job_failed(exc: BaseException) -> None:
            process.cancel()
            self._export_failed(exc)

        def job_cancelled() -> None:
            process.cancel()
            self.save_button.setEnabled(True)

        def job_written(_folder: Path) -> None:
            if process.running:
                process.start()

        job = partial(_pdf_job, folder, self.document.article.snapshot(), self.options(), settings,
                      self.document.scale)
        self._tasks.start(job, kind="export", on_result=job_written, on_error=job_failed,
                          on_cancelled=job_cancelled)

    @property
    def pdf_process(self) -> QtPdfProcess | None:
        """The child making the PDF being saved, if one is (None for the other formats)."""
        process = self._pdf_process
        return process if process is not None and process.running else None

    def _cancel_pdf(self) -> None:
        if self._pdf_process is not None:
            if self._pdf_process.running:
                self._tasks.cancel("export")  # its job may still be being written
            self._pdf_process.cancel()
            self._pdf_process.deleteLater()
            self._pdf_process = None

    def _write_export(self, path: Path, content: bytes) -> None:
        self.save_button.setEnabled(True)
        try:
            atomic_write_bytes(path, content)
        except FactcheckError as exc:
            self._export_failed(exc)
            return
        self.exported.emit(path, self._remember_folder(path.parent))
        self.accept()

    def _export_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._show_preview_note()
        show_error(self, exc, "The export was not saved")

    def export_to(self, path: Path) -> bool:
        """Save the unsaved edits, then write the chosen format to *path*. False (and a message) if it failed."""
        path = Path(path)
        self.document.flush()  # so the file reflects the window and the library agrees with it
        try:
            atomic_write_bytes(path, self.export_bytes())
        except FactcheckError as exc:
            show_error(self, exc, "The export was not saved")
            return False
        self.exported.emit(path, self._remember_folder(path.parent))
        return True

    def _remember_folder(self, folder: Path) -> str:
        """Keep *folder* as the next Save…'s start; a note if the settings could not be written."""
        settings, _warning = self.settings()
        if settings.last_export_folder == str(folder):
            return ""
        settings.last_export_folder = str(folder)
        try:
            save_settings(self.document.library.root, settings)
        except (FactcheckError, OSError) as exc:
            reason = str(exc) if isinstance(exc, FactcheckError) else (exc.strerror or str(exc))
            return f"The folder will not be offered next time: {reason}"
        return ""

    def start_folder(self) -> Path:
        """Where Save… starts: the last export folder, else Documents, else the home folder."""
        settings, _warning = self.settings()
        candidates = [settings.last_export_folder,
                      QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)]
        for candidate in candidates:
            if candidate and Path(candidate).is_dir():
                return Path(candidate)
        return Path.home()

    def suggested_path(self) -> Path:
        article = self.document.article
        extension = EXPORT_FORMATS[self.format][1]
        stem = file_stem(article.title, article.id)
        suffix = "" if self.format == "json" else "-fact-check"
        return self.start_folder() / f"{stem}{suffix}{extension}"

    def choose_file(self) -> QFileDialog:
        """Save…: ask for a file name (window-modal, not blocking), then export there and close."""
        label, extension = EXPORT_FORMATS[self.format]
        dialog = QFileDialog(self, "Save the fact-check as", str(self.suggested_path()),
                             f"{label} (*{extension});;All files (*)")
        dialog.setObjectName("exportFileDialog")
        dialog.setAccessibleName("Save the fact-check as")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(extension.lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._on_file_chosen)
        dialog.open()
        name_parts(dialog)  # Qt's own dialog (where no desktop one is used): its boxes, lists and buttons
        return dialog

    def _on_file_chosen(self, path: str) -> None:
        if not path:
            return
        fmt = format_for_path(Path(path), self.format)
        if fmt is None:
            self._refuse_file_name(Path(path))
            return
        if fmt != self.format:
            self.set_format(fmt)  # the name typed decides; the list shows what is written
        self.start_export(Path(path))

    def _refuse_file_name(self, path: Path) -> None:
        known = ", ".join(extension for _label, extension in EXPORT_FORMATS.values())
        box = QMessageBox(QMessageBox.Icon.Warning, "Export", "", QMessageBox.StandardButton.Ok, self)
        box.setObjectName("exportFileNameMessage")
        box.setAccessibleName("The file name does not name an export format")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"\u201c{path.name}\u201d does not end in an extension of an export format, "
                    f"so nothing was saved. End the name with one of {known}; "
                    f"for {EXPORT_FORMATS[self.format][0]}, use {EXPORT_FORMATS[self.format][1]}.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- settings ------------------------------------------------------------------------------

    def show_settings(self) -> QDialog:
        from factcheck_gui.ui.settings_dialog import QtSettingsDialog

        dialog = QtSettingsDialog(self.document.library.root, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _settings: self.refresh_preview())
        dialog.open()
        return dialog

    # -- preview -------------------------------------------------------------------------------

    def _schedule_refresh(self, *_args: object) -> None:
        self._refresh_timer.start()

    def _on_article_changed(self, *_args: object) -> None:
        self._article_changes += 1
        self._schedule_refresh()

    def refresh_preview(self) -> None:
        """Start making the preview of the chosen format as it will be saved (HTML and PDF rendered;
        the others as text). It is shown when ready (:attr:`preview_ready` false until then).
        Nothing is made while the dialog is closed. HTML and PDF show the same document: going from
        one to the other keeps the one shown (made in seconds, and laid out, at 5,000 claims)."""
        self._refresh_timer.stop()
        if self._closed:
            return
        fmt = self.format
        settings, settings_warning = self.settings()
        rich = fmt in _RICH_PREVIEW
        made_from = (_preview_kind(fmt), self.options(), settings, self._article_changes)
        if made_from == self._shown_from:
            self._tasks.cancel("preview")  # one being made for other choices is not wanted any more
            self._preview_pending = False
            self._style_preview(fmt)
            return
        if self._preview_pending and made_from == self._pending_from:
            return  # the one being made is for these choices
        font = self.font() if rich else QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        make = partial(_preview_document, self.document.article.snapshot(), fmt, self.options(), settings,
                       self.document.scale, font)
        self._preview_pending, self._pending_from = True, made_from
        self.preview_note.setText("Making the preview…")
        self._tasks.start(make, kind="preview", on_result=partial(self._show_preview, fmt, made_from, settings_warning),
                          on_error=self._preview_failed)

    @property
    def preview_ready(self) -> bool:
        """True when the preview shows the current choices and article."""
        return not self._preview_pending and not self._refresh_timer.isActive() and not self._awaiting_paint

    def _show_preview(self, fmt: str, made_from: tuple[object, ...], settings_warning: str,
                      made: tuple[QTextDocument, list[str]]) -> None:
        document, export_warnings = made
        self._preview_pending = False
        warnings = [settings_warning] if settings_warning else []
        warnings += export_warnings
        if warnings:
            self.warnings_banner.show_message("\n\n".join(warnings))
        else:
            self.warnings_banner.hide()
        scroll = self.preview.verticalScrollBar()
        keep = scroll.value() if made_from[0] == (self._shown_from or ("",))[0] else 0
        self.preview.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.preview.setDocument(document)
        self._paced_layout.follow(document)  # laid out in short steps, not Qt's 100-200 ms ones
        self._preview_document = document  # the preview does not own it; the one shown before goes now
        self._shown_from = made_from
        self._style_preview(self.format if _preview_kind(self.format) == made_from[0] else fmt)  # HTML or PDF
        scroll.setValue(keep)

    def _style_preview(self, fmt: str) -> None:
        """The preview's paper and note for *fmt*, whose document it shows."""
        self.preview.setPalette(self._paper_palette if fmt in _RICH_PREVIEW else self._text_palette)
        self._shown_format = fmt
        self._show_preview_note()

    def _show_preview_note(self) -> None:
        fmt = self._shown_format
        if fmt == "html":
            self.preview_note.setText("The saved web page has its own layout for browsers and phones; this is its content.")
        elif fmt == PDF:
            self.preview_note.setText(f"{page_size_for().name()} pages with {PAGE_MARGIN_MM:.0f} mm margins, laid out as shown.")
        else:
            self.preview_note.setText("Saved as UTF-8, exactly as shown.")

    def _preview_failed(self, exc: BaseException) -> None:
        self._preview_pending = False
        self._shown_from = None
        self.preview.setPlainText("")
        self.warnings_banner.hide()  # they were the shown preview's (ClaimReview's), not this format's
        self.preview_note.setText("The preview could not be made. Saving may fail the same way; "
                                  "the log file has the details.")
        show_error(self, exc, "The preview could not be made")


def _preview_kind(fmt: str) -> str:
    """Formats with the same preview document have the same kind (HTML and PDF: the print variant)."""
    return PDF if fmt in _RICH_PREVIEW else fmt


def _file_bytes(article: Article, fmt: str, options: ExportOptions, settings: Settings, scale: VerdictScale,
                state: TaskState) -> bytes:
    """The export file's content (worker thread): UTF-8 text. (The PDF is made by a child process;
    ``export_article`` refuses it.)"""
    state.set_progress(0.0, f"Making {EXPORT_FORMATS[fmt][0]}…")
    return export_article(article, fmt, options, settings, scale).encode("utf-8")


def _pdf_job(folder: Path, article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale,
             state: TaskState) -> Path:
    """The PDF's job written to *folder* for the child (worker thread): the snapshot and the choices."""
    state.set_progress(0.0, f"Making {EXPORT_FORMATS[PDF][0]}…")
    return write_job(folder, article, options, settings, scale)


def _preview_document(article: Article, fmt: str, options: ExportOptions, settings: Settings,
                      scale: VerdictScale, font: QFont, state: TaskState) -> tuple[QTextDocument, list[str]]:
    """The preview as a document (worker thread), handed over to the GUI thread, and what the
    format leaves out (ClaimReview's warnings)."""
    state.set_progress(0.0, "Making the preview…")
    document = QTextDocument()
    document.setDefaultFont(font)
    if fmt in _RICH_PREVIEW:
        html = export_html(article, options, settings, scale, for_qt_print=True)
        state.raise_if_cancelled()
        build_document(document, html, between=state.raise_if_cancelled)  # slices: setHtml kept the GUI waiting
    else:
        text = export_article(article, fmt, options, settings, scale)
        state.raise_if_cancelled()
        document.setPlainText(text)
    app = QCoreApplication.instance()
    if app is not None:
        document.moveToThread(app.thread())
    warnings = claimreview_warnings(article, settings, scale) if fmt == "claimreview" else []
    return document, warnings
