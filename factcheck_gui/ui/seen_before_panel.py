"""Seen before? The current claim's best matches among earlier claims and imported reviews.

When a claim is marked or selected, the panel asks the library's search index
(``SearchIndex.similar``, on the task runner: the GUI thread never waits for it) for the
claims of the user's other articles and the imported reviews most like it, and lists
them best first: whether it is taken to be the same claim, the verdict, who published
it and when, the claim's words and a link. Each row has "Pin as context" (the review's
page fetched and pinned to the current claim with the stance "context", through the
sources panel's own pin path) and "Open" (an earlier claim in its article; a review in
the browser). The panel changes nothing itself: it says what the user asked for
through its signals.

Matching is offline: nothing is sent anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.verdicts import DEFAULT_SCALE, UNJUDGED_LABEL, VerdictScale, shown_verdict
from factcheck_gui.store.library import Library
from factcheck_gui.store.search_index import Hit
from factcheck_gui.ui.links import host_or_address
from factcheck_gui.ui.richtext import plain_tooltip, shorten, shown
from factcheck_gui.ui.widgets import hint_label, section_label, small_button

if TYPE_CHECKING:
    from factcheck_gui.ui.document import QtArticleDocument
    from factcheck_gui.ui.tasks import QtTaskRunner, TaskState

__all__ = ["QtSeenBeforePanel", "QtSeenBeforeRow", "similar_task"]

#: How many matches are shown.
SHOWN = 6
_TASK_KIND = "seen_before"


#: What search and "Seen before?" say while the library's index is built in the background.
INDEX_BEING_BUILT = ("The library's search index is being built (see the status bar); earlier claims and "
                     "fact-checks are shown when it is done.")


def similar_task(library_root: str, text: str, article_id: str,
                 limit: int = SHOWN) -> Callable[[TaskState], list[Hit]]:
    """A task for the runner: the hits like *text* outside article *article_id* (own index connection)."""

    def run(state: TaskState) -> list[Hit]:
        from factcheck_gui.store.library_index import open_index

        with open_index(Library(library_root)) as index:
            state.raise_if_cancelled()
            return index.similar(text, limit=limit, exclude_article=article_id)

    return run


def describe(hit: Hit, scale: VerdictScale = DEFAULT_SCALE, *, with_origin: bool = True) -> str:
    """One line on where a hit comes from: verdict · publisher · date (· your earlier claim / imported review)."""
    verdict = shown_verdict(hit.verdict, from_library=hit.origin == "library", scale=scale)
    where = hit.publisher or (host_or_address(hit.url) if hit.url else "")
    origin = ("your earlier claim" if hit.origin == "library" else "imported review") if with_origin else ""
    # The rating and publisher of an imported review are text from a page: hidden characters shown.
    return shown(" \u00b7 ".join(p for p in (verdict or UNJUDGED_LABEL, where, hit.date[:10], origin) if p))


class QtSeenBeforeRow(QFrame):
    """One earlier claim or review: same claim or not, verdict, publisher, date, its words; Pin and Open."""

    pin_requested = Signal(str)  # the address to fetch and pin as context
    open_requested = Signal(object)  # the Hit

    def __init__(self, hit: Hit, scale: VerdictScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hit = hit
        self.setObjectName("seenBeforeRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        heading = ("Same claim: " if hit.match else "Similar: ") + describe(hit, scale)
        self.heading = QLabel(heading)
        self.heading.setObjectName("seenBeforeHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(hit.match)
        self.heading.setFont(font)
        self.text = QLabel("\u201c" + shorten(hit.text, 280) + "\u201d")
        self.text.setObjectName("seenBeforeText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # the words are a publisher's or a page's
        self.text.setWordWrap(True)
        tip = [hit.text, f"Score {hit.score:.2f}" + (f"; not the same claim: {hit.reason}" if hit.reason else "")]
        if hit.url:
            tip.append(hit.url)
        self.setToolTip(plain_tooltip("\n".join(tip)))
        self.pin_button = small_button("Pin as context", "seenBeforePinButton", "Pin this fact-check as context",
                                       "Fetch this page and pin it to the current claim as context")
        self.pin_button.setEnabled(bool(hit.url))
        self.pin_button.clicked.connect(lambda: self.pin_requested.emit(self.hit.url))
        opens = "Show this claim in its article" if hit.origin == "library" else "Open this fact-check in the browser"
        self.open_button = small_button("Open", "seenBeforeOpenButton", opens)
        self.open_button.setEnabled(hit.origin == "library" or bool(hit.url))
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self.hit))
        self.setAccessibleName(f"{heading}. {hit.text}")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.pin_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addLayout(buttons)


class QtSeenBeforePanel(QWidget):
    """Follows the document's current claim and lists its best matches (see the module's docstring)."""

    pin_requested = Signal(str)  # an address to fetch and pin to the current claim as context
    open_requested = Signal(object)  # a Hit to show: an earlier claim in its article, or a review's page
    results_shown = Signal()  # the rows were replaced (tests wait for it)

    def __init__(self, library: Library, runner: QtTaskRunner, scale: VerdictScale = DEFAULT_SCALE,
                 parent: QWidget | None = None, *, delay_ms: int = 150) -> None:
        super().__init__(parent)
        self.setObjectName("seenBeforePanel")
        self.setAccessibleName("Seen before?")
        self.library = library
        self.runner = runner
        self.scale = scale
        self.document: QtArticleDocument | None = None
        self._asked: tuple[str, str] | None = None  # (claim id, text) last asked about
        self._timer = QTimer(self)  # one query after the claim settles, not one per keystroke
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.refresh)

        self.status = hint_label("Mark or select a claim to see whether it was checked before.", "seenBeforeStatus")
        self.rows_box = QWidget()
        self.rows_box.setObjectName("seenBeforeRows")
        self.rows_layout = QVBoxLayout(self.rows_box)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.addStretch(1)
        # The rows are kept here rather than read back with rows_layout.itemAt(): PySide keeps
        # every QWidgetItem wrapper that itemAt() returns alive after Qt deletes the item, and
        # a later Qt object at the same address then comes back as that stale wrapper
        # (a crash in QListWidget.clear(), or statusBar() returning a QWidgetItem).
        self._rows: list[QtSeenBeforeRow] = []
        scroll = QScrollArea()
        scroll.setObjectName("seenBeforeScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.rows_box)
        scroll.setMinimumHeight(1)  # under the sources on a short screen the title and status are enough
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(section_label("Seen before?", "seenBeforeTitle"))
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)

    # -- following the document ------------------------------------------------------------

    def set_document(self, document: QtArticleDocument | None) -> None:
        if self.document is not None:
            try:
                self.document.current_claim_changed.disconnect(self._claim_changed)
                self.document.claim_changed.disconnect(self._claim_changed)
            except (RuntimeError, TypeError):
                pass  # already gone
        self.document = document
        if document is not None:
            document.current_claim_changed.connect(self._claim_changed)
            document.claim_changed.connect(self._claim_changed)
        self._asked = None
        self.refresh()

    def _claim_changed(self, *_args: object) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Ask again about the current claim (at once; changes of the claim ask after a moment)."""
        self._timer.stop()
        claim = self.document.current_claim if self.document is not None else None
        if claim is None or self.document is None:
            self.runner.cancel(_TASK_KIND)
            self._asked = None
            self._show([], "Mark or select a claim to see whether it was checked before.")
            return
        text = " ".join(filter(None, (claim.exact, claim.restatement)))
        if self.library.index_building:
            self.runner.cancel(_TASK_KIND)
            self._asked = None  # asked again when the build is over (QtMainWindow._on_index_built)
            self._show([], INDEX_BEING_BUILT)
            return
        if self._asked == (claim.id, text):
            return
        self._asked = (claim.id, text)
        self.status.setText("Looking through your earlier claims and imported fact-checks\u2026")
        self.runner.start(similar_task(str(self.library.root), text, self.document.article_id), kind=_TASK_KIND,
                          on_result=self._landed, on_error=self._failed)

    def ask_again(self) -> None:
        """Forget the last answer and ask again (after reviews were imported)."""
        self._asked = None
        self.refresh()

    def _landed(self, hits: list[Hit]) -> None:
        if not hits:
            self._show([], "No earlier claim of yours and no imported fact-check is like this claim.")
            return
        same = sum(hit.match for hit in hits)
        status = (f"Checked before: {same} of these {'is' if same == 1 else 'are'} taken to be the same claim."
                  if same else "Nothing is taken to be the same claim; these share many of its words.")
        self._show(hits, status)

    def _failed(self, exc: BaseException) -> None:
        from factcheck_gui.core.errors import FactcheckError
        from factcheck_gui.ui.errors import log_exception

        self._asked = None
        if not isinstance(exc, FactcheckError):
            log_exception(exc)
        self._show([], "The search index could not be read, so earlier fact-checks are not shown. "
                       "Reopen the library to rebuild it.")

    def _show(self, hits: list[Hit], status: str) -> None:
        self.status.setText(status)
        for row in self._rows:
            row.setParent(None)
            row.deleteLater()
        self._rows = []
        for position, hit in enumerate(hits):
            row = QtSeenBeforeRow(hit, self.scale)
            row.pin_requested.connect(self.pin_requested)
            row.open_requested.connect(self.open_requested)
            self.rows_layout.insertWidget(position, row)
            self._rows.append(row)
        self.results_shown.emit()

    def rows(self) -> list[QtSeenBeforeRow]:
        """The rows shown, best first."""
        return list(self._rows)
