"""Quote check: does a quotation in a claim occur in the texts of its pinned sources?

For a claim containing a quotation (curly or straight quotes), each pinned source's
text is searched: exact first, then normalised (quote marks, apostrophes, dashes,
white space, case), then approximately with a similarity score. The result says
where it was found, with the surrounding passage, or that no source contains it.
Given the searches made so far, a new pin searches only the new source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck_gui.core.fuzzy import aligned_spans, seed_starts
from factcheck_gui.core.model import Article, Claim, Source
from factcheck_gui.core.text import fold_for_matching, fold_with_positions

_QUOTATION = re.compile(
    r"\u201c(?P<curly>[^\u201c\u201d]{3,}?)\u201d"  # “…”
    r"|(?<![\w])\"(?P<straight>[^\"]{3,}?)\"(?![\w])"  # "…"
    r"|(?<![\w])\u2018(?P<single>[^\u2018\u2019]{3,}?)\u2019(?![\w])"  # ‘…’ (not apostrophes)
)
MIN_APPROXIMATE_SCORE = 0.8
PASSAGE_CHARS = 120


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quotation was found in one source."""

    source_id: str
    method: str  # "exact", "normalised", "approximate"
    score: float  # 1.0 for exact and normalised
    start: int  # offsets in the source text
    end: int
    passage: str  # the found text with some context around it


@dataclass(frozen=True)
class QuoteCheck:
    """The result for one quotation of a claim."""

    quotation: str
    matches: tuple[QuoteMatch, ...]

    @property
    def found(self) -> bool:
        return bool(self.matches)

    @property
    def best(self) -> QuoteMatch | None:
        return max(self.matches, key=lambda m: m.score) if self.matches else None


def quotations_in(text: str) -> list[str]:
    """The quotations inside *text* (without their quote marks), in order."""
    found = []
    for match in _QUOTATION.finditer(text):
        quote = next(group for group in match.groups() if group)
        quote = quote.strip().rstrip(",;:")
        if len(quote) >= 3 and quote not in found:
            found.append(quote)
    return found


def _passage(text: str, start: int, end: int) -> str:
    left = max(0, start - PASSAGE_CHARS)
    right = min(len(text), end + PASSAGE_CHARS)
    prefix = "\u2026" if left > 0 else ""
    suffix = "\u2026" if right < len(text) else ""
    return prefix + " ".join(text[left:right].split()) + suffix


def find_quotation(quotation: str, source_id: str, text: str,
                   folded: dict[str, tuple[str, list[int]]] | None = None) -> QuoteMatch | None:
    """Search one source text for *quotation*: exact, normalised, then approximate.

    *folded* keeps folded texts by source id, so a source is folded once for several quotations.
    """
    if not text or not quotation:
        return None
    index = text.find(quotation)
    if index != -1:
        return QuoteMatch(source_id, "exact", 1.0, index, index + len(quotation), _passage(text, index, index + len(quotation)))
    if folded is None:
        folded = {}
    if source_id not in folded:
        folded[source_id] = fold_with_positions(text)
    folded_text, positions = folded[source_id]
    folded_quote = fold_for_matching(quotation)
    if not folded_quote:
        return None
    index = folded_text.find(folded_quote)
    if index != -1:
        start, end = positions[index], positions[index + len(folded_quote) - 1] + 1
        return QuoteMatch(source_id, "normalised", 1.0, start, end, _passage(text, start, end))
    return _approximate(folded_quote, folded_text, positions, source_id, text)


def _approximate(quote: str, folded: str, positions: list[int], source_id: str, text: str) -> QuoteMatch | None:
    """Best window of the folded text by difflib ratio, seeded by the quote's words."""
    if len(quote) < 8:
        return None
    words = [w for w in quote.split() if len(w) >= 4] or quote.split()
    starts = seed_starts(folded, {quote.find(word): word for word in words[:12]}, limit_per_piece=50)
    spans = list(aligned_spans(folded, quote, starts, slack=max(3, len(quote) // 4)))
    best = max(spans, key=lambda span: span.similarity, default=None)
    if best is None or best.similarity < MIN_APPROXIMATE_SCORE:
        return None
    start, end = positions[best.start], positions[best.end - 1] + 1
    return QuoteMatch(source_id, "approximate", round(best.similarity, 3), start, end, _passage(text, start, end))


#: What every place that shows a pinned quote says of one not found in its source's text.
QUOTE_NOT_FOUND = "not found on the page"


def quote_on_page(quote: str, source: Source | None) -> bool | None:
    """Does *quote*, pinned from *source* as evidence (``Evidence.quote``), occur in the text
    captured from it, as the quote check finds quotations (exact, normalised or approximate)?

    None when there is nothing to check: no quote, no source, or a source without text (an
    image, a scan, a page that failed). A quote typed by hand (``factcheck source add --quote``)
    may not be on the page; one pinned from the source viewer always is.
    """
    if not quote.strip() or source is None or not source.text:
        return None
    return find_quotation(quote.strip(), source.id, source.text) is not None


def pinned_sources(article: Article, claim: Claim) -> list[Source]:
    """The sources pinned to *claim*, in the order they were pinned (a pin without its source is skipped)."""
    pinned = []
    for evidence in claim.evidence:
        try:
            pinned.append(article.source(evidence.source_id))
        except KeyError:
            continue
    return pinned


#: Searches already made, by (quotation, source id, source text): what was found, or None.
QuoteSearches = dict[tuple[str, str, str], QuoteMatch | None]
MAX_SEARCHES_KEPT = 20_000  # searches kept between calls (the oldest go first)


def check_claim_quotes(article: Article, claim: Claim, searched: QuoteSearches | None = None,
                       pinned: list[Source] | None = None) -> list[QuoteCheck]:
    """For each quotation in the claim, where it occurs in the claim's pinned sources.

    Searching one source can take long (a long page without the quotation is compared word
    by word). Give the same *searched* dict on every call and a source already searched for
    a quotation, with the same text, is not searched again: a new pin searches only the new
    source, and going back to a claim searches nothing. The dict keeps the searches of the
    article's sources as they are now (a search of a text since changed or of a source since
    removed is let go), at most ``MAX_SEARCHES_KEPT``. *pinned*: ``pinned_sources(article, claim)``,
    when the caller has it already.
    """
    if pinned is None:
        pinned = pinned_sources(article, claim)
    known = searched if searched is not None else {}
    now: QuoteSearches = {}
    folded: dict[str, tuple[str, list[int]]] = {}
    results = []
    for quotation in quotations_in(claim.exact):
        matches = []
        for source in pinned:
            key = (quotation, source.id, source.text)
            match = known[key] if key in known else find_quotation(quotation, source.id, source.text, folded)
            now[key] = match
            if match is not None:
                matches.append(match)
        results.append(QuoteCheck(quotation, tuple(sorted(matches, key=lambda m: -m.score))))
    if searched is not None and any(key not in searched for key in now):
        texts = {source.id: source.text for source in article.sources}
        kept = {key: match for key, match in searched.items() if key not in now and texts.get(key[1]) == key[2]}
        searched.clear()
        searched.update(kept)
        searched.update(now)  # the newest last: the first to stay
        while len(searched) > MAX_SEARCHES_KEPT:
            del searched[next(iter(searched))]
    return results
