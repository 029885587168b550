"""Untrusted text in Qt widgets: shown as written, never read as HTML.

Qt guesses whether a label's or a tool tip's text is rich text (``Qt::mightBeRichText``):
a page title such as ``<b>Breaking</b>`` or ``<img src=...>`` would be rendered, not
shown. Labels that show fetched or imported text set ``Qt.TextFormat.PlainText``; tool
tips have no such switch, so their text goes through :func:`plain_tooltip`.

Bidi controls and zero-width characters in such text could make it read as something else
("Official statement \\u202efdp.exe" as "...exe.pdf"): every helper here shows them as
``[U+202E]`` (:func:`~factcheck_gui.core.invisible.reveal_invisible`), and so does
:func:`shown` for text set on a widget directly.
"""

from __future__ import annotations

import html

from PySide6.QtGui import Qt

from factcheck_gui.core.invisible import reveal_invisible

__all__ = ["html_text", "plain_tooltip", "shorten", "shown"]


def shown(text: str) -> str:
    """Page-derived *text* as the window shows it: invisible characters made visible."""
    return reveal_invisible(text)


def plain_tooltip(text: str) -> str:
    """*text* for ``setToolTip``: unchanged unless Qt would take it for HTML, then escaped.

    Line breaks are kept; long lines wrap like any rich tool tip.
    """
    text = reveal_invisible(text)
    if not text or not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def html_text(value: str) -> str:
    """*value* escaped for the text of a rich-text label (not for an attribute)."""
    return html.escape(reveal_invisible(value), quote=False)


def shorten(text: str, limit: int) -> str:
    """*text* on one line (white space folded), cut to *limit* characters with "\u2026"."""
    text = " ".join(reveal_invisible(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
