"""Bringing an article in: from a web address, a file or pasted text.

The work itself (fetching, reading, extracting) runs on a worker thread through
:class:`~factcheck_gui.ui.tasks.QtTaskRunner`; the dialog shows progress, can cancel,
and hands the finished :class:`~factcheck_gui.core.model.Article` over through
:data:`QtImportDialog.article_ready`. The window adds it to the library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.errors import InputError
from factcheck_gui.core.model import Article
from factcheck_gui.core.settings import Settings
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.errors import error_message
from factcheck_gui.ui.tasks import QtTaskRunner, TaskState

__all__ = ["ImportRequest", "QtImportDialog", "import_job"]

FILE_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)"
TASK_KIND = "import"


@dataclass(frozen=True)
class ImportRequest:
    """What to import: ``kind`` is "url", "file" or "text"."""

    kind: str
    value: str
    markdown: bool = False

    @property
    def description(self) -> str:
        if self.kind == "url":
            return self.value
        if self.kind == "file":
            return Path(self.value).name
        return "the pasted text"


def import_job(request: ImportRequest, settings: Settings | None = None) -> Callable[[TaskState], Article]:
    """The function that turns *request* into an Article on a worker thread.

    *settings* (the library's) give the fetch its timeout and size limit.
    """

    def run(state: TaskState) -> Article:
        from factcheck_gui import importer

        if request.kind == "url":
            state.set_progress(0.05, f"Fetching {request.value}\u2026")

            def received(size: int, total: int | None) -> None:
                fraction = 0.1 + 0.8 * size / total if total else 0.5
                state.set_progress(fraction, f"Fetching {request.value}\u2026 {size // 1024} kB")

            options: dict[str, object] = {"cancel": state.cancel_token, "progress": received}
            if settings is not None:
                options["settings"] = settings
            article = importer.article_from_url(request.value, **options)
        elif request.kind == "file":
            state.set_progress(0.1, f"Reading {Path(request.value).name}\u2026")
            article = importer.article_from_file(Path(request.value))
        else:
            state.set_progress(0.1, "Reading the text\u2026")
            raw = request.value
            if not request.markdown and importer._looks_like_html(raw):
                article = importer.article_from_html(raw)
            else:
                article = importer.article_from_text(raw, markdown=request.markdown)
        state.raise_if_cancelled()
        state.set_progress(1.0, "Done")
        return article

    return run


class QtImportDialog(QDialog):
    """Three ways in: a web address, pasted text, or a file."""

    article_ready = Signal(object, object)  # Article, ImportRequest

    def __init__(self, runner: QtTaskRunner, parent: QWidget | None = None, *, initial_tab: str = "url",
                 settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("importDialog")
        self.setAccessibleName("Import an article")
        self.setWindowTitle("Import an article")
        self.runner = runner
        self._running = False

        self.tabs = QTabWidget()
        self.tabs.setObjectName("importTabs")
        self.tabs.setAccessibleName("Where the article comes from")

        # From a web address.
        url_page = QWidget()
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("importUrlEdit")
        self.url_edit.setAccessibleName("Web address of the article")
        self.url_edit.setPlaceholderText("https://www.example.com/news/article")
        self.url_edit.setClearButtonEnabled(True)
        url_layout = QVBoxLayout(url_page)
        url_help = QLabel("The page is fetched, its main text extracted; its links, title, byline and date are kept.")
        url_help.setWordWrap(True)
        url_layout.addWidget(QLabel("Web address:"))
        url_layout.addWidget(self.url_edit)
        url_layout.addWidget(url_help)
        url_layout.addStretch(1)

        # Pasted text.
        text_page = QWidget()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("importTextEdit")
        self.text_edit.setAccessibleName("Article text")
        self.text_edit.setPlaceholderText(
            "Paste the article here. The first line is taken as the headline; a line such as "
            "\u201cBy Jane Doe\u201d as the byline."
        )
        self.text_edit.setTabChangesFocus(True)
        self.markdown_check = QCheckBox("The text is &Markdown")
        self.markdown_check.setObjectName("importMarkdownCheck")
        self.markdown_check.setAccessibleName("The text is Markdown")
        text_layout = QVBoxLayout(text_page)
        text_layout.addWidget(self.text_edit, 1)
        text_layout.addWidget(self.markdown_check)

        # A file.
        file_page = QWidget()
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("importFileEdit")
        self.file_edit.setAccessibleName("File to import")
        self.file_edit.setPlaceholderText("A .txt, .md or .html file")
        self.browse_button = QPushButton("&Choose\u2026")
        self.browse_button.setObjectName("importBrowseButton")
        self.browse_button.setAccessibleName("Choose a file")
        self.browse_button.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        file_layout = QVBoxLayout(file_page)
        file_layout.addWidget(QLabel("File:"))
        file_layout.addLayout(file_row)
        file_help = QLabel("You can also drop files or web addresses onto the main window.")
        file_help.setWordWrap(True)
        file_layout.addWidget(file_help)
        file_layout.addStretch(1)

        self.tabs.addTab(url_page, "&Web address")
        self.tabs.addTab(text_page, "&Paste text")
        self.tabs.addTab(file_page, "&File")
        self._tab_kinds = ["url", "text", "file"]
        self.tabs.setCurrentIndex(self._tab_kinds.index(initial_tab) if initial_tab in self._tab_kinds else 0)

        self.status_label = QLabel()
        self.status_label.setObjectName("importStatusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # errors quote the server
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setAccessibleName("Import progress")
        self.progress.setRange(0, 0)
        self.progress.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importAcceptButton")
        self.import_button.setAccessibleName("Import")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("importCancelButton")
        cancel.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        # Enter imports. Made the default only now that the button is inside the dialog: before, Qt
        # has no dialog to tell, and picks the first button it finds (Choose…) when it is shown.
        self.import_button.setDefault(True)
        self.resize(self.fontMetrics().horizontalAdvance("x") * 80, self.fontMetrics().height() * 24)
        self.tabs.currentChanged.connect(self._focus_tab)
        self._focus_tab()
        name_parts(self)

    def _focus_tab(self, *_args: object) -> None:
        widget = {"url": self.url_edit, "text": self.text_edit, "file": self.file_edit}[self.current_kind()]
        widget.setFocus()

    def current_kind(self) -> str:
        return self._tab_kinds[self.tabs.currentIndex()]

    def _browse(self) -> QFileDialog:
        """Choose…: a file dialog (window-modal, not blocking) whose choice fills the file field."""
        dialog = QFileDialog(self, "Import an article", self.file_edit.text(), FILE_FILTER)
        dialog.setObjectName("importFileDialog")
        dialog.setAccessibleName("Import an article")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.file_edit.setText(path) if path else None)
        dialog.open()
        name_parts(dialog)  # Qt's own dialog (where no desktop one is used): its boxes, lists and buttons
        return dialog

    def request(self) -> ImportRequest:
        """What the user asked for; InputError if the current tab is empty."""
        kind = self.current_kind()
        if kind == "url":
            from factcheck_gui.net.errors import BadUrlError
            from factcheck_gui.net.urls import read_address

            url = self.url_edit.text().strip()
            if not url:
                raise InputError("Enter the web address of the article.")
            try:
                address = read_address(url)  # what it is, decided once for the window and the CLI
            except BadUrlError as exc:
                raise InputError(str(exc)) from exc
            return ImportRequest(address.kind if address.kind == "file" else "url",
                                 address.value if address.kind == "file" else url)
        if kind == "file":
            path = self.file_edit.text().strip()
            if not path:
                raise InputError("Choose a file to import.")
            return ImportRequest("file", path)
        text = self.text_edit.toPlainText()
        if not text.strip():
            raise InputError("Paste the article's text first.")
        return ImportRequest("text", text, markdown=self.markdown_check.isChecked())

    def start_import(self) -> None:
        if self._running:
            return
        try:
            request = self.request()
        except InputError as exc:
            self._show_status(str(exc), error=True)
            return
        self._set_running(True)
        self._show_status(f"Importing {request.description}\u2026")
        self.runner.start(
            import_job(request, self.settings),
            kind=TASK_KIND,
            on_result=lambda article: self._done(article, request),
            on_error=self._failed,
            on_progress=lambda _fraction, status: self._show_status(status),
            on_cancelled=lambda: self._set_running(False),
        )

    def _done(self, article: Article, request: ImportRequest) -> None:
        self._set_running(False)
        self.article_ready.emit(article, request)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_running(False)
        self._show_status(error_message(exc), error=True)

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.progress.setVisible(running)
        self.import_button.setEnabled(not running)
        self.tabs.setEnabled(not running)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("font-weight: bold;" if error else "")

    def reject(self) -> None:
        if self._running:
            self.runner.cancel(TASK_KIND)
            self._set_running(False)
        super().reject()
