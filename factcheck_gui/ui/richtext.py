"""Untrusted text in Qt widgets: shown as written, never read as HTML.

Qt guesses whether a label's or a tool tip's text is rich text (``Qt::mightBeRichText``):
a page title such as ``<b>Breaking</b>`` or ``<img src=...>`` would be rendered, not
shown. Labels that show fetched or imported text set ``Qt.TextFormat.PlainText``; tool
tips have no such switch, so their text goes through :func:`plain_tooltip`.
"""

from __future__ import annotations

import html

from PySide6.QtGui import Qt

__all__ = ["html_text", "plain_tooltip", "shorten"]


def plain_tooltip(text: str) -> str:
    """*text* for ``setToolTip``: unchanged unless Qt would take it for HTML, then escaped.

    Line breaks are kept; long lines wrap like any rich tool tip.
    """
    if not text or not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def html_text(value: str) -> str:
    """*value* escaped for the text of a rich-text label (not for an attribute)."""
    return html.escape(value, quote=False)


def shorten(text: str, limit: int) -> str:
    """*text* on one line (white space folded), cut to *limit* characters with "\u2026"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
