"""The two permanent fields of the window's status bar: the fact-check's progress and the save state."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel, QStatusBar, QStyle

from factcheck_gui.core.progress import ProgressCounter, progress_text
from factcheck_gui.core.verdicts import VerdictScale

if TYPE_CHECKING:
    from factcheck_gui.ui.document import QtArticleDocument

__all__ = ["QtStatusLine", "save_state_text"]


def save_state_text(document: QtArticleDocument | None) -> str:
    """What the status bar says about saving the open article ("" with none open)."""
    if document is None:
        return ""
    if document.read_only:
        return "Read-only"
    if document.in_conflict:
        return "Not saved: changed on disk"
    if document.is_dirty and document.last_error:
        return "Not saved yet \u2014 retrying"
    if document.is_dirty:
        return "Saving\u2026"
    return "All changes saved"


class QtStatusLine:
    """Puts the progress and save-state labels on *bar* and keeps them up to date when told.

    A message shown for a moment (``bar.showMessage``) has the room left of them; one that would be
    cut short there (a narrow window, a large font) hides the progress until it ends, as the message
    is what the user needs to read now and the progress comes back unchanged.
    """

    def __init__(self, bar: QStatusBar, scale: VerdictScale) -> None:
        self.scale = scale
        self.progress_label = QLabel()
        self.progress_label.setObjectName("statusProgress")
        self.progress_label.setAccessibleName("Progress of the fact-check")
        self.save_state_label = QLabel()
        self.save_state_label.setObjectName("saveStateLabel")
        self.save_state_label.setAccessibleName("Save state")
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        self.save_state_label.setContentsMargins(4, 0, 8, 0)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(separator)
        bar.addPermanentWidget(self.save_state_label)
        self._bar = bar
        self._separator = separator
        self._counter: ProgressCounter | None = None
        bar.messageChanged.connect(self._make_room_for)

    def _make_room_for(self, message: str) -> None:
        cut_short = bool(message) and self._bar.fontMetrics().horizontalAdvance(message) > self._room_beside_progress()
        self.progress_label.setVisible(not cut_short)
        self._separator.setVisible(not cut_short)

    def _room_beside_progress(self) -> int:
        """How wide a message can be with the progress shown: the bar less its permanent fields, the
        layout's spacing beside each and the size grip (a few pixels are kept as a margin)."""
        spacing = self._bar.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing) or 6
        fields = (self.progress_label, self._separator, self.save_state_label)
        taken = sum(field.sizeHint().width() + spacing for field in fields)
        grip = 16 if self._bar.isSizeGripEnabled() else 0
        return self._bar.width() - taken - grip - 2 * spacing

    def show_progress(self, document: QtArticleDocument | None, claim_ids: Iterable[str] | None = None) -> None:
        """How far the fact-check of *document* is (its claims and verdicts), with the details as tooltip.

        *claim_ids*: the only claims that changed since the last call (None: any may have)."""
        if document is None:
            self._counter = None
            self.progress_label.setText("No article open")
            self.progress_label.setToolTip("")
            return
        if self._counter is None:
            self._counter = ProgressCounter(document.article)
        progress = self._counter.update(document.article, claim_ids)
        self.progress_label.setText(progress_text(progress))
        self.progress_label.setToolTip(progress.tooltip(self.scale))

    def counts(self) -> tuple[dict[str | None, int], dict[str, int]] | None:
        """The verdict and review-status counts of the article :meth:`show_progress` last showed,
        kept claim by claim (None before it showed one)."""
        if self._counter is None:
            return None
        return self._counter.progress().verdict_counts, self._counter.status_counts()

    def show_save_state(self, document: QtArticleDocument | None) -> None:
        self.save_state_label.setText(save_state_text(document))
