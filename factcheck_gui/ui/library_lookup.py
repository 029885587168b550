"""The window's side of "seen before?": importing earlier fact-checks, searching the library,
and showing what a search or a match points at.

- File › Import earlier fact-checks…: a file dialog (ClaimReview JSON-LD, a data feed, a
  saved page), or File › Import earlier fact-checks from the web…: a publisher's feed or
  fact-check page by its address; the files or the page are read and their reviews added to
  the library on the task runner (``fetching.read_reviews``, ``store.reviews.add_reviews``),
  and the "Seen before?" panel asks again.
- Edit › Search the library…: the non-modal :class:`~ui.library_search.QtLibrarySearchDialog`.
- A claim found (a search result, or an earlier claim in "Seen before?") opens its article
  with the claim current; an article opens; a source opens its article and its captured
  text; a review opens in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.text import is_web_url
from factcheck_gui.store.library import Library
from factcheck_gui.store.search_index import Hit
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.errors import show_error
from factcheck_gui.ui.links import open_in_browser

if TYPE_CHECKING:
    from factcheck_gui.ui.library_search import QtLibrarySearchDialog
    from factcheck_gui.ui.main_window import QtMainWindow
    from factcheck_gui.ui.tasks import TaskState

__all__ = ["QtLibraryLookup", "import_reviews_task"]

REVIEW_FILE_FILTER = "ClaimReview files (*.json *.jsonld *.html *.htm);;All files (*)"


def import_reviews_task(library_root: str, paths: list[str]) -> Callable[[TaskState], tuple[int, int, int]]:
    """A task for the runner: read *paths* and add their reviews; returns (added, already there, files)."""

    def run(state: TaskState) -> tuple[int, int, int]:
        from factcheck_gui.core.settings import Settings
        from factcheck_gui.fetching import read_reviews
        from factcheck_gui.store.reviews import add_reviews

        library = Library(library_root)  # its own index connection: the window's stays on the GUI thread
        added = repeated = 0
        try:
            for number, path in enumerate(paths):
                state.raise_if_cancelled()
                state.set_progress(number / len(paths), f"Reading {path}\u2026")
                new, known = add_reviews(library, read_reviews(path, Settings()))
                added, repeated = added + len(new), repeated + known
        finally:
            library.close_search_index()
        return added, repeated, len(paths)

    return run


class QtLibraryLookup(QObject):
    """Import of reviews, the search dialog and jumping to what they found, for *window*."""

    def __init__(self, window: QtMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.search_dialog: QtLibrarySearchDialog | None = None
        self.file_dialog: QFileDialog | None = None

    # -- importing reviews -------------------------------------------------------------------

    def ask_for_review_files(self) -> QFileDialog:
        """File › Import earlier fact-checks…: choose files (not blocking); they import in the background."""
        dialog = QFileDialog(self.window, "Import earlier fact-checks (ClaimReview)")
        dialog.setObjectName("importReviewsDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(REVIEW_FILE_FILTER)
        dialog.filesSelected.connect(self.import_review_files)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.file_dialog = dialog
        dialog.setAccessibleName("Import earlier fact-checks (ClaimReview)")
        dialog.open()
        name_parts(dialog)  # Qt's own dialog (where no desktop one is used): its boxes, lists and buttons
        return dialog

    def ask_for_review_address(self) -> QInputDialog:
        """File › Import earlier fact-checks from the web…: a feed's or a fact-check page's web address
        (not blocking); it is fetched and its reviews imported in the background."""
        dialog = QInputDialog(self.window)
        dialog.setObjectName("importReviewsAddressDialog")
        dialog.setWindowTitle("Import earlier fact-checks from the web")
        dialog.setLabelText("Web address of a ClaimReview feed or of a fact-check page:")
        dialog.setAccessibleName("Import earlier fact-checks from the web")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setOkButtonText("Import")
        dialog.textValueSelected.connect(self.import_review_address)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        field = dialog.findChild(QLineEdit)
        if field is not None:
            field.setObjectName("reviewsAddressEdit")
            field.setAccessibleName("Web address of a ClaimReview feed or page")
            field.setPlaceholderText("https://")
        name_parts(dialog)
        return dialog

    def import_review_address(self, text: str) -> None:
        """Import the reviews at the web address *text* (a word in the status bar if it is none)."""
        address = text.strip()
        if not is_web_url(address):
            self.window.statusBar().showMessage(
                f"\u201c{address}\u201d is not a web address: give one starting with https:// or http://.", 8000)
            return
        self.import_review_files([address])

    def import_review_files(self, paths: list[str]) -> None:
        """Import the ClaimReviews of *paths* (files or web addresses) in the background; the status bar
        says how it went."""
        if not paths:
            return
        status = self.window.statusBar()
        status.showMessage("Importing earlier fact-checks\u2026")
        self.window.runner.start(import_reviews_task(str(self.window.library.root), list(paths)), kind="import_reviews",
                                 on_result=self._reviews_imported, on_error=self._reviews_failed)

    def _reviews_imported(self, outcome: tuple[int, int, int]) -> None:
        added, repeated, _files = outcome
        note = f" ({repeated} {'was' if repeated == 1 else 'were'} imported before)" if repeated else ""
        text = f"Imported {added} earlier fact-check{'s' if added != 1 else ''}{note}."
        if not added and not repeated:
            text = "No ClaimReview with a claim was found there."
        self.window.statusBar().showMessage(text, 8000)
        self.window.seen_before_panel.ask_again()

    def _reviews_failed(self, exc: BaseException) -> None:
        self.window.statusBar().clearMessage()
        show_error(self.window, exc, "The fact-checks were not imported")

    # -- searching ---------------------------------------------------------------------------

    def show_search(self) -> QtLibrarySearchDialog:
        """Edit › Search the library…: the search dialog (one, not blocking), its field focused."""
        from factcheck_gui.ui.library_search import QtLibrarySearchDialog

        if self.search_dialog is None:
            dialog = QtLibrarySearchDialog(self.window.library, self.window.runner, self.window.scale, self.window)
            dialog.open_requested.connect(self.show_hit)
            self.search_dialog = dialog
        self.search_dialog.show()
        self.search_dialog.raise_()
        self.search_dialog.activateWindow()
        self.search_dialog.field.setFocus()
        self.search_dialog.field.selectAll()
        return self.search_dialog

    # -- showing what was found ------------------------------------------------------------

    def show_hit(self, hit: Hit) -> bool:
        """Show what *hit* points at (see the module's docstring). False if it could not be shown."""
        window = self.window
        if hit.origin == "review":
            if not open_in_browser(hit.url):
                window.statusBar().showMessage("This fact-check has no web address to open.", 5000)
                return False
            return True
        if not hit.article_id or not window.open_article(hit.article_id) or window.document is None:
            return False
        document = window.document
        if hit.claim_id:
            try:
                document.article.claim(hit.claim_id)
            except KeyError:
                window.statusBar().showMessage("That claim is no longer in the article.", 5000)
                return True
            document.set_current_claim(hit.claim_id)
        elif hit.source_id:
            claim = next((c for c in document.article.claims if any(e.source_id == hit.source_id for e in c.evidence)),
                         None)
            if claim is not None:
                document.set_current_claim(claim.id)
            try:
                window.sources_panel.view_source(hit.source_id)
            except FactcheckError as exc:
                show_error(window, exc, "The source could not be shown")
        window.focus_article()
        return True
