"""A long HTML text made into a ``QTextDocument`` in slices, so a worker never keeps the GUI thread waiting.

``QTextDocument.setHtml`` of the print HTML of 5,000 claims (10 M characters) runs 3-5 s on a
worker, and for all that time the GUI thread does not get the GIL back once it lets it go: a
5 ms timer on the GUI thread did not fire once during the call (at 1,000 claims: 0.6-0.8 s).
A Python loop that never lets the GIL go keeps running beside it, so the binding does let the
GIL go for the call, but the thread in the call takes it back so often that a thread waiting
for it (the event loop after a wait, a paint) waits until the call ends.

:func:`build_document` makes the same document from slices of the HTML, each parsed alone
(``QTextDocumentFragment.fromHtml`` with the page's ``<head>``, so its style sheet applies) and
inserted at the end: each call lasts milliseconds and the GUI thread takes its turn between
them. Slices end between top-level elements (a claim's table, a paragraph of the article), or
between the items of a long top-level list, which is then put together again as one list. The
document has the same blocks and formats as ``setHtml`` gives (``tests/test_rich_text.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument, QTextDocumentFragment, QTextList

__all__ = ["SLICE_CHARS", "build_document", "html_slices"]

#: About how many characters of HTML each slice holds (~2-5 ms of parsing and inserting).
SLICE_CHARS = 4_000

_OPEN = re.compile(r"<(table|ol|ul|blockquote|dl)\b", re.IGNORECASE)
_CLOSE = re.compile(r"</(table|ol|ul|blockquote|dl)\s*>", re.IGNORECASE)
_OL_TAG = re.compile(r"<ol\b", re.IGNORECASE)
_TAIL = "</body></html>"  # whitespace after </body> would end the last paragraph with a space


def html_slices(html: str, size: int = SLICE_CHARS) -> tuple[str, list[str]]:
    """The HTML's head (up to and with ``<body>``) and its body in slices of about *size* characters.

    A slice ends at the end of a line outside every table and list; inside a top-level ``<ol>``
    it may end before an item (``<li`` starting a line): the list is closed there, with no
    bottom margin, and the next slice opens ``<ol start="N" style="margin-top: 0px">`` (the
    items are joined into one list again as the slices are inserted). HTML whose body is
    not one element per line just makes fewer, longer slices.
    """
    body_at = html.find("<body")
    body_at = html.find(">", body_at) + 1 if body_at >= 0 else 0
    end = html.rfind("</body>")
    head, body = html[:body_at], html[body_at: end if end >= body_at else len(html)]
    slices: list[str] = []
    lines: list[str] = []
    ol_line = -1  # where the open top-level <ol> is, in lines
    size_now = depth = items = 0
    for line in body.splitlines(keepends=True):
        starts_item = depth == 1 and ol_line >= 0 and line.lstrip().startswith("<li")
        if starts_item and size_now >= size and items:
            if "style=" not in lines[ol_line]:
                lines[ol_line] = _OL_TAG.sub('<ol style="margin-bottom: 0px"', lines[ol_line], count=1)
            slices.append("".join(lines) + "</ol>\n")
            lines, size_now, ol_line = [f'<ol start="{items + 1}" style="margin-top: 0px">\n'], 0, 0
        if depth == 0 and line.lstrip().lower().startswith("<ol"):
            ol_line, items = len(lines), 0
        if starts_item:
            items += 1
        depth = max(depth + len(_OPEN.findall(line)) - len(_CLOSE.findall(line)), 0)
        if depth == 0:
            ol_line = -1
        lines.append(line)
        size_now += len(line)
        if depth == 0 and size_now >= size:
            slices.append("".join(lines))
            lines, size_now = [], 0
    if lines:
        slices.append("".join(lines))
    # Whitespace at the end of a slice would be a space at the end of its last paragraph, not
    # the nothing it is between two elements; the last one ends as the page does.
    return head, [piece.rstrip() for piece in slices[:-1]] + slices[-1:] or [""]


def build_document(document: QTextDocument, html: str, *, size: int = SLICE_CHARS,
                   between: Callable[[], object] = lambda: None) -> None:
    """Make *document* (empty, its default font set) the rich text of *html*, a slice at a time.

    *between* runs after each slice (a worker's cancellation check). The document is the
    one ``document.setHtml(html)`` makes, built in short calls.
    """
    head, slices = html_slices(html, size)
    end = html.rfind("</body>")
    tails = [_TAIL] * (len(slices) - 1) + [html[end:] if end >= 0 else ""]  # the last as the page ends
    document.setHtml(head + slices[0] + tails[0])  # the head's title, style sheet and the first slice
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    try:
        for piece, tail in zip(slices[1:], tails[1:], strict=True):
            between()
            source = QTextDocument()
            source.setDefaultFont(document.defaultFont())
            source.setHtml(head + piece + tail)
            _append(document, cursor, source, piece.startswith("<ol start="))
    finally:
        cursor.endEditBlock()


def _append(document: QTextDocument, cursor: QTextCursor, source: QTextDocument, continues_list: bool) -> None:
    """Insert the rich text of *source* at the end, as ``setHtml`` would have laid it after what is there."""
    cursor.movePosition(QTextCursor.MoveOperation.End)
    last = cursor.block()
    previous_list = last.textList()
    if last.length() > 1:  # text ends the document: the slice starts a block of its own
        cursor.insertBlock()  # (after a table, the empty block Qt keeps there is that block)
    first_at = cursor.position()
    cursor.insertFragment(QTextDocumentFragment(source))
    # The slice's first block went into the block at the end and took its format: give it its own.
    own, merged = source.begin(), document.findBlock(first_at)
    block_cursor = QTextCursor(merged)
    block_cursor.setBlockFormat(own.blockFormat())
    block_cursor.setBlockCharFormat(own.charFormat())
    if continues_list and previous_list is not None:
        _join_list(previous_list, merged)


def _join_list(previous_list: QTextList, merged: QTextBlock) -> None:
    """The items of a list continued in this slice join the list the last slice ended in.

    Qt gives a list's last item the list's bottom margin, whatever the ``<ol>``'s style says:
    the item that ended the last slice gets back the margin of the items before it."""
    ended = merged.previous()
    if ended.textList() == previous_list and previous_list.itemNumber(ended) >= 1:
        before = previous_list.item(previous_list.itemNumber(ended) - 1)
        fmt = ended.blockFormat()
        fmt.setBottomMargin(before.blockFormat().bottomMargin())
        QTextCursor(ended).setBlockFormat(fmt)
    block = merged.next()
    new_list = merged.textList() or (block.textList() if block.isValid() else None)
    previous_list.add(merged)
    while block.isValid() and new_list is not None and block.textList() == new_list:
        following = block.next()
        previous_list.add(block)
        block = following

