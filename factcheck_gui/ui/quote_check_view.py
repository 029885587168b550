"""The quote check of a claim as the sources panel shows it: each quotation, and where a pinned source has it.

The check itself is :func:`factcheck_gui.core.quotecheck.check_claim_quotes`; this view keeps
the searches made so far, so a new pin searches only the new source, and shows the result
as a rich-text label whose links open the passage in the source viewer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from factcheck_gui.core.model import Article, Claim, Source
from factcheck_gui.core.quotecheck import (
    QuoteCheck,
    QuoteSearches,
    check_claim_quotes,
    pinned_sources,
)
from factcheck_gui.core.text import quoted
from factcheck_gui.ui.richtext import html_text, shorten
from factcheck_gui.ui.widgets import section_label

__all__ = ["QtQuoteCheckView"]

_HOW = {
    "exact": "word for word",
    "normalised": "with different quote marks, dashes, spacing or case",
}


class QtQuoteCheckView(QWidget):
    """The "Quote check" section; hidden for a claim without a quotation."""

    passage_activated = Signal(str, int, int)  # source id, start, end: show this passage of the source

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quoteCheckSection")
        self._html = ""
        self._checks: tuple[object, list[QuoteCheck]] | None = None  # the last checks, by what they depend on
        self._searched: QuoteSearches = {}
        self.title = section_label("Quote check", "quoteCheckTitleLabel")
        self.label = QLabel()
        self.label.setObjectName("quoteCheckLabel")
        self.label.setAccessibleName("Quote check")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.label.linkActivated.connect(self._on_link)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.label)

    def show_claim(self, article: Article | None, claim: Claim | None) -> None:
        """Show the quote check of *claim* against its pinned sources (None: nothing to show)."""
        pinned = pinned_sources(article, claim) if article is not None and claim is not None else []
        checks = self.checks(article, claim, pinned) if article is not None and claim is not None else []
        self.setVisible(bool(checks))
        if not checks or article is None or claim is None:
            self._set_html("")
            return
        has_sources = bool(pinned)
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        good, bad = ("#81c784", "#ef9a9a") if dark else ("#2e7d32", "#c62828")
        quiet = palette.color(QPalette.ColorRole.PlaceholderText).name()
        parts = []
        for check in checks:
            quotation = f"<b>{html_text(quoted(shorten(check.quotation, 200)))}</b>"
            best = check.best
            if best is None and not has_sources:
                # Nothing to check against yet: a hint, not a failure.
                parts.append(
                    f"<p>{quotation}<br><span style='color: {quiet}'>"
                    "Pin a source to check whether it contains this quotation.</span></p>"
                )
                continue
            if best is None:
                parts.append(
                    f"<p>{quotation}<br><span style='color: {bad}'>\u2717</span> No pinned source contains it.</p>"
                )
                continue
            source = article.source(best.source_id)
            if best.method == "approximate":
                how = f"approximately ({round(best.score * 100)}% alike)"
            else:
                how = _HOW.get(best.method, best.method)
            passage = _highlight(best.passage, source.text[best.start : best.end])
            others = len(check.matches) - 1
            more = f" Also in {others} other pinned source{'s' if others != 1 else ''}." if others > 0 else ""
            parts.append(
                f"<p>{quotation}<br><span style='color: {good}'>\u2713</span> Found {how} in "
                f"<a href='source:{best.source_id}:{best.start}:{best.end}'>{html_text(source.display_title)}</a>."
                f"{more}<br><span style='color: {quiet}'>{passage}</span></p>"
            )
        self._set_html("".join(parts))

    def checks(self, article: Article, claim: Claim, pinned: list[Source] | None = None) -> list[QuoteCheck]:
        """The quote check of *claim* against its pinned sources (kept while none of them changes;
        *pinned*: ``pinned_sources(article, claim)`` when the caller has it)."""
        if pinned is None:
            pinned = pinned_sources(article, claim)
        key = (claim.id, claim.exact, tuple((s.id, s.sha256, hash(s.text)) for s in pinned))
        if self._checks is None or self._checks[0] != key:
            self._checks = (key, check_claim_quotes(article, claim, self._searched, pinned))
        return self._checks[1]

    def _set_html(self, text: str) -> None:
        if text != self._html:  # a rich-text label lays its text out again on every setText
            self._html = text
            self.label.setText(text)

    def _on_link(self, link: str) -> None:
        kind, _, rest = link.partition(":")
        if kind != "source":
            return
        source_id, start, end = rest.split(":")
        self.passage_activated.emit(source_id, int(start), int(end))


def _highlight(passage: str, found: str) -> str:
    """*passage* as HTML with *found* (white space folded) in bold."""
    needle = " ".join(found.split())
    index = passage.find(needle) if needle else -1
    if index == -1:
        return html_text(passage)
    return html_text(passage[:index]) + "<b>" + html_text(needle) + "</b>" + html_text(passage[index + len(needle):])
