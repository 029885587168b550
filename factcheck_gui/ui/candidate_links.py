"""Candidates from the article: its own links in or next to a claim's sentence, each with "Fetch and pin"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from factcheck_gui.core.candidates import CandidateLink, candidate_links
from factcheck_gui.core.model import Article, Claim
from factcheck_gui.ui.links import host_or_address
from factcheck_gui.ui.richtext import html_text, plain_tooltip, shorten
from factcheck_gui.ui.widgets import hint_label, section_label

__all__ = ["NO_CANDIDATES_TEXT", "QtCandidateLinks", "QtCandidateRow"]

NO_CANDIDATES_TEXT = "The article has no links in or next to this claim's sentence."


class QtCandidateRow(QWidget):
    """One of the article's own links near the claim, with "Fetch and pin"."""

    fetch_requested = Signal(str)  # the link's address

    def __init__(self, candidate: CandidateLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidateRow")
        self.href = candidate.href
        label_text = " ".join(candidate.label.split()) or candidate.href
        self.label = QLabel()
        self.label.setObjectName("candidateLabel")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        where = "in the claim" if candidate.inside_claim else "near the claim"
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.label.setText(
            f"\u201c{html_text(shorten(label_text, 90))}\u201d "
            f"<span style='color: {quiet}'>{where} \u00b7 {html_text(host_or_address(candidate.href))}</span>"
        )
        self.label.setToolTip(plain_tooltip(candidate.href))
        self.button = QPushButton("Pinned" if candidate.already_pinned else "Fetch and pin")
        self.button.setObjectName("fetchCandidateButton")
        self.button.setAccessibleName(f"Fetch and pin the linked page \u201c{shorten(label_text, 60)}\u201d")
        self.button.setToolTip(plain_tooltip(candidate.href))
        self.button.clicked.connect(lambda: self.fetch_requested.emit(self.href))
        self.already_pinned = candidate.already_pinned
        self._state: tuple[bool, bool] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def show_state(self, *, fetching: bool, editable: bool) -> None:
        """"Fetching…" while the link is fetched for the claim; the button works when it can."""
        if self._state == (fetching, editable):
            return
        self._state = (fetching, editable)
        self.button.setText("Fetching\u2026" if fetching else "Pinned" if self.already_pinned else "Fetch and pin")
        self.button.setEnabled(editable and not self.already_pinned and not fetching)


class QtCandidateLinks(QWidget):
    """The "Candidates from the article" section: a row per link of the article near the claim."""

    fetch_requested = Signal(str)  # the address of the row whose "Fetch and pin" was pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidatesSection")
        self._rows: list[QtCandidateRow] = []
        self._key: object = None  # the claim and links the rows were made for
        self.title = section_label("Candidates from the article", "candidatesTitleLabel")
        self.rows_box = QWidget()
        self.rows_box.setObjectName("candidateLinks")
        self._rows_layout = QVBoxLayout(self.rows_box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(4)
        self.empty_label = hint_label(NO_CANDIDATES_TEXT, "noCandidatesLabel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.rows_box)
        layout.addWidget(self.empty_label)

    def show_candidates(self, article: Article | None, claim: Claim | None, *, fetching: set[str],
                        editable: bool) -> None:
        """Show the links of *article* near *claim*; *fetching*: the addresses being fetched for it.

        The rows are made again only when the claim or its links changed, so the keyboard
        focus stays on a row while its fetch runs.
        """
        candidates = candidate_links(article, claim) if claim is not None and article is not None else []
        key = (claim.id if claim else None, tuple(candidates))
        if key != self._key:
            self._key = key
            for row in self._rows:
                self._rows_layout.removeWidget(row)
                row.deleteLater()
            self._rows = []
            for candidate in candidates:
                row = QtCandidateRow(candidate)
                row.fetch_requested.connect(self.fetch_requested)
                self._rows_layout.addWidget(row)
                self._rows.append(row)
            self.title.setVisible(claim is not None)
            self.rows_box.setVisible(bool(candidates))
            self.empty_label.setVisible(claim is not None and not candidates)
        for row in self._rows:
            row.show_state(fetching=row.href in fetching, editable=editable)

    def rows(self) -> list[QtCandidateRow]:
        """The rows shown, in order."""
        return list(self._rows)
