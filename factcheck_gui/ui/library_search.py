"""Search the library: every claim, imported review, article and source, with filters.

A non-modal dialog (Edit › Search the library…): words, and filters by verdict, claimant,
publisher and date range, answered by the library's search index (``SearchIndex.search``)
on the task runner, so typing never waits for it. A result activated (double-click or
Enter) is asked for through :data:`QtLibrarySearchDialog.open_requested`: the window
shows a claim in its article, an article or a source's passage, or a review's page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale, verdict_names
from factcheck_gui.store.library import Library
from factcheck_gui.store.search_index import Hit
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.richtext import plain_tooltip, shorten
from factcheck_gui.ui.seen_before_panel import describe

if TYPE_CHECKING:
    from factcheck_gui.ui.tasks import QtTaskRunner, TaskState

__all__ = ["QtLibrarySearchDialog", "Query", "search_task"]

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_TASK_KIND = "library_search"
_KIND_NAMES = {"claim": "Claim", "review": "Review", "article": "Article", "source": "Source"}


@dataclass(frozen=True)
class Query:
    """What the user asked for: words and filters ("" for none)."""

    words: str = ""
    verdict: str = ""
    claimant: str = ""
    publisher: str = ""
    since: str = ""
    until: str = ""

    @property
    def empty(self) -> bool:
        return not any((self.words.strip(), self.verdict, self.claimant.strip(), self.publisher.strip(),
                        self.since.strip(), self.until.strip()))


def search_task(library_root: str, query: Query, scale: VerdictScale = DEFAULT_SCALE,
                limit: int = 100) -> Callable[[TaskState], list[Hit]]:
    """A task for the runner: the library's items matching *query* (own index connection)."""

    def run(state: TaskState) -> list[Hit]:
        from factcheck_gui.store.library_index import open_index

        with open_index(Library(library_root)) as index:
            state.raise_if_cancelled()
            return index.search(query.words, verdict=verdict_names(query.verdict, scale),
                                claimant=query.claimant.strip(), publisher=query.publisher.strip(),
                                since=query.since.strip(), until=query.until.strip(), limit=limit)

    return run


class QtLibrarySearchDialog(QDialog):
    """The search field, the filters and the results (see the module's docstring)."""

    open_requested = Signal(object)  # the Hit to show
    results_shown = Signal()  # the results were replaced (tests wait for it)

    def __init__(self, library: Library, runner: QtTaskRunner, scale: VerdictScale = DEFAULT_SCALE,
                 parent: QWidget | None = None, *, delay_ms: int = 200) -> None:
        super().__init__(parent)
        self.setObjectName("librarySearchDialog")
        self.setAccessibleName("Search the library")
        self.setWindowTitle("Search the library")
        self.library = library
        self.runner = runner
        self.scale = scale
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.search_now)

        self.field = QLineEdit()
        self.field.setObjectName("librarySearchField")
        self.field.setAccessibleName("Words to search for")
        self.field.setPlaceholderText("Words in claims, reviews, articles and sources\u2026")
        self.field.setClearButtonEnabled(True)
        self.verdict = QComboBox()
        self.verdict.setObjectName("librarySearchVerdict")
        self.verdict.setAccessibleName("Only this verdict")
        self.verdict.setEditable(True)  # an imported review's own rating can be typed ("Pants on fire")
        self.verdict.addItem("Any verdict", "")
        for verdict in scale.verdicts:
            self.verdict.addItem(verdict.label, verdict.key)
        self.verdict.setToolTip("A verdict of your scale, or type an imported review's rating")
        self.claimant = self._filter_field("librarySearchClaimant", "Only claims made by", "Who made the claim")
        self.publisher = self._filter_field("librarySearchPublisher", "Only published by", "Publisher or fact-checker")
        self.since = self._filter_field("librarySearchSince", "Published on or after", "YYYY-MM-DD, YYYY-MM or YYYY")
        self.until = self._filter_field("librarySearchUntil", "Published on or before", "YYYY-MM-DD, YYYY-MM or YYYY")
        self.results = QListWidget()
        self.results.setObjectName("librarySearchResults")
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.itemActivated.connect(self._activated)
        self.status = QLabel("Type words, or choose a filter.")
        self.status.setObjectName("librarySearchStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        for field in (self.field, self.claimant, self.publisher, self.since, self.until):
            field.textChanged.connect(self._changed)
        self.verdict.currentTextChanged.connect(self._changed)
        self.field.returnPressed.connect(self._enter)

        filters = QFormLayout()
        filters.addRow("&Verdict:", self.verdict)
        filters.addRow("&Claimant:", self.claimant)
        filters.addRow("&Publisher:", self.publisher)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.until)
        dates_label = QLabel("&Dates:")  # a label of its own: for a row of two fields addRow showed the "&"
        dates_label.setObjectName("librarySearchDatesLabel")
        dates_label.setBuddy(self.since)
        filters.addRow(dates_label, dates)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.resize(560, 620)
        name_parts(self)  # the fields' clear buttons, the lists' scroll bars

    @staticmethod
    def _filter_field(object_name: str, accessible: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(object_name)
        field.setAccessibleName(accessible)
        field.setPlaceholderText(placeholder)
        field.setClearButtonEnabled(True)
        return field

    def query(self) -> Query:
        text = self.verdict.currentText().strip()
        index = self.verdict.findText(text)
        verdict = (self.verdict.itemData(index) or "") if index != -1 else text
        return Query(self.field.text(), verdict, self.claimant.text(), self.publisher.text(), self.since.text(),
                     self.until.text())

    def _changed(self, *_args: object) -> None:
        self._timer.start()

    def search_now(self) -> None:
        """Run the search with what is typed and chosen now (typing runs it after a pause)."""
        self._timer.stop()
        query = self.query()
        if query.empty:
            self.runner.cancel(_TASK_KIND)
            self._show([], "Type words, or choose a filter.")
            return
        if self.library.index_building:
            from factcheck_gui.ui.seen_before_panel import INDEX_BEING_BUILT

            self.runner.cancel(_TASK_KIND)
            self._show([], INDEX_BEING_BUILT + " Search again then.")
            return
        from factcheck_gui.core.dates import check_date_bound
        from factcheck_gui.core.errors import InputError

        try:
            query = replace(query, since=check_date_bound(query.since, "date"),
                            until=check_date_bound(query.until, "date"))
        except InputError as exc:  # said, not searched: a date it cannot read would find nothing
            self.runner.cancel(_TASK_KIND)
            self._show([], str(exc))
            return
        self.status.setText("Searching\u2026")
        self.runner.start(search_task(str(self.library.root), query, self.scale), kind=_TASK_KIND,
                          on_result=self._landed, on_error=self._failed)

    def _landed(self, hits: list[Hit]) -> None:
        count = len(hits)
        self._show(hits, "Nothing matches. Try fewer words or filters." if not count else
                   f"{count} result{'s' if count != 1 else ''}. Double-click one (or press Enter) to show it.")

    def _failed(self, exc: BaseException) -> None:
        from factcheck_gui.core.errors import FactcheckError
        from factcheck_gui.ui.errors import log_exception

        if not isinstance(exc, FactcheckError):
            log_exception(exc)
        self._show([], "The search index could not be read. Reopen the library to rebuild it.")

    def _show(self, hits: list[Hit], status: str) -> None:
        self.results.clear()
        for hit in hits:
            title = f"{_KIND_NAMES.get(hit.kind, hit.kind)}: " + describe(hit, self.scale, with_origin=False)
            words = hit.title if hit.kind == "article" and hit.title else hit.text
            item = QListWidgetItem(f"{title}\n\u201c{shorten(words, 200)}\u201d")
            item.setData(HIT_ROLE, hit)
            item.setToolTip(plain_tooltip("\n".join(p for p in (hit.title, shorten(hit.text, 600), hit.url) if p)))
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        self.status.setText(status)
        self.results_shown.emit()

    def hits(self) -> list[Hit]:
        """The results shown, in order."""
        return [self.results.item(row).data(HIT_ROLE) for row in range(self.results.count())]

    def _enter(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._activated(item)

    def _activated(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is not None:
            self.open_requested.emit(hit)
