"""A long text laid out a slice per pass of the event loop, not in Qt's doubling steps.

A ``QTextEdit`` lays its document out lazily: the first 1,000 characters at once, then one
step per 10 ms timer of its document layout, each twice the last, up to 200,000 characters.
For a 1 MB article the last steps took 40-80 ms each on the GUI thread (the window froze
after an article was opened or re-fetched, issue 16). :class:`QtPacedLayout` watches the
layout's timer and lays out instead as many characters as fit in :data:`STEP_BUDGET_SECONDS`
(the rate measured as it goes), through the public ``blockBoundingRect``, which lays the
document out up to that block. When everything is laid out, or a step makes no progress,
Qt's own handling takes over again (it stops its timer and reports the document's size).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAbstractTextDocumentLayout, QTextBlock, QTextDocument

__all__ = ["STEP_BUDGET_SECONDS", "QtPacedLayout", "laid_out_to"]

#: What one pass of the event loop may spend laying the text out.
STEP_BUDGET_SECONDS = 0.006
#: Characters of the first step, and the bounds of every step.
FIRST_STEP, MIN_STEP, MAX_STEP = 8_000, 2_000, 40_000
#: The least time between two steps: Qt fires an overdue timer again at once, and the pass of the
#: event loop between two steps is what lets input and other timers in.
STEP_PAUSE_SECONDS = 0.003
#: The layout's timer fires every 10 ms; one this late means the window was busy (other work due at
#: the same time runs in the same pass): that step waits for the next timer.
LATE_SECONDS = 0.025


def laid_out_to(document: QTextDocument) -> int:
    """The position (UTF-16) up to which *document* is laid out: the start of its first block without a
    layout (laid-out blocks are a prefix: Qt lays a document out from its start), or its length."""
    low, high = 0, document.blockCount()
    while low < high:  # the first block that has no line yet
        middle = (low + high) // 2
        if _laid_out(document.findBlockByNumber(middle)):
            low = middle + 1
        else:
            high = middle
    if low >= document.blockCount():
        return document.characterCount()
    return document.findBlockByNumber(low).position()


def _laid_out(block: QTextBlock) -> bool:
    layout = block.layout()
    return layout is not None and layout.lineCount() > 0


class QtPacedLayout(QObject):
    """Watches the layout of the document :meth:`follow` is given and lays it out in short steps."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document: QTextDocument | None = None
        self._layout: QAbstractTextDocumentLayout | None = None
        self._step = FIRST_STEP
        self._last_step_end = self._last_timer = 0.0
        self.steps = 0  # steps taken (for tests and benchmarks)

    def follow(self, document: QTextDocument) -> None:
        """Pace *document*'s layout from now on (call again after the view shows another document: the
        one followed before is laid out no further, as it waits to be deleted)."""
        layout = document.documentLayout()
        if layout is not self._layout:
            layout.installEventFilter(self)  # a document and its layout go together; both die with it
        self._document, self._layout = document, layout

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Timer:
            return False
        if watched is not self._layout:  # a document no longer shown: Qt's unpaced steps would lay out
            return True  # a text nobody sees until it is deleted (75 ms passes for 1 MB, issue 16)
        return self.lay_out_some()

    def lay_out_some(self) -> bool:
        """Lay the next slice of the text out; False when nothing was left or nothing moved (then
        Qt's timer event goes on to Qt, which finishes as it would have)."""
        document, layout = self._document, self._layout
        if document is None or layout is None:
            return False
        start = laid_out_to(document)
        length = document.characterCount()
        if start >= length:
            return False
        now = time.perf_counter()
        late, self._last_timer = now - self._last_timer > LATE_SECONDS, now
        if late or now - self._last_step_end < STEP_PAUSE_SECONDS:
            return True  # the next step waits for the next timer
        block = document.findBlock(min(length - 1, start + self._step))
        began = time.thread_time()  # the rate in CPU time: a busy machine's pauses are not the text's
        layout.blockBoundingRect(block)  # lays the document out up to this block
        elapsed = time.thread_time() - began
        self._last_step_end = time.perf_counter()
        reached = laid_out_to(document)
        if reached <= start:
            return False
        self.steps += 1
        if elapsed > 0.001:  # a rate worth trusting: the next step takes about the budget
            self._step = int((reached - start) * STEP_BUDGET_SECONDS / elapsed)
        else:
            self._step *= 2
        self._step = max(MIN_STEP, min(MAX_STEP, self._step))
        return True
