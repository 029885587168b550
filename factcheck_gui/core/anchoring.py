"""Anchoring claims in text that may have changed.

A claim is stored as offsets plus a quote selector (exact text with some prefix
and suffix, as in the W3C Web Annotation model). When the article text changes,
:func:`anchor` finds the claim again:

1. the stored offsets still hold the exact text -> kept;
2. the exact text occurs elsewhere -> the occurrence whose context matches best
   (and that lies nearest the old position) wins;
3. otherwise a fuzzy match with a confidence score; below the threshold the claim
   is orphaned, never moved to a look-alike.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from factcheck_gui.core.fuzzy import aligned_spans, seed_starts
from factcheck_gui.core.model import QuoteSelector

CONTEXT_CHARS = 32
MIN_FUZZY_CONFIDENCE = 0.85


@dataclass(frozen=True)
class Anchor:
    """Where a selector was found, how, and how sure we are (1.0 = exact)."""

    start: int
    end: int
    method: str  # "offsets", "exact", "fuzzy"
    confidence: float


def make_selector(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> QuoteSelector:
    """The quote selector for ``text[start:end]`` with up to *context* characters around it."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is outside a text of {len(text)} characters")
    return QuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def _context_score(text: str, start: int, end: int, selector: QuoteSelector) -> float:
    """0..1: how well the text around ``[start, end)`` matches the selector's prefix and suffix."""
    scores = []
    if selector.prefix:
        actual = text[max(0, start - len(selector.prefix)) : start]
        scores.append(difflib.SequenceMatcher(None, actual, selector.prefix, autojunk=False).ratio())
    if selector.suffix:
        actual = text[end : end + len(selector.suffix)]
        scores.append(difflib.SequenceMatcher(None, actual, selector.suffix, autojunk=False).ratio())
    return sum(scores) / len(scores) if scores else 1.0


def _exact_occurrences(text: str, exact: str, limit: int = 1000) -> list[int]:
    found: list[int] = []
    index = text.find(exact)
    while index != -1 and len(found) < limit:
        found.append(index)
        index = text.find(exact, index + 1)
    return found


def anchor(text: str, selector: QuoteSelector, start: int | None = None) -> Anchor | None:
    """Find *selector* in *text*; *start* is the old position, used as a hint. None: orphaned."""
    exact = selector.exact
    if not exact:
        return None
    if start is not None and text[start : start + len(exact)] == exact:
        return Anchor(start, start + len(exact), "offsets", 1.0)

    occurrences = _exact_occurrences(text, exact)
    if occurrences:
        hint = start if start is not None else 0

        def rank(position: int) -> tuple[float, int]:
            return (_context_score(text, position, position + len(exact), selector), -abs(position - hint))

        best = max(occurrences, key=rank)
        return Anchor(best, best + len(exact), "exact", 1.0)
    return _fuzzy_anchor(text, selector, start)


def _fuzzy_anchor(text: str, selector: QuoteSelector, hint: int | None) -> Anchor | None:
    """Approximate search: seed candidates from pieces of the quote, refine with difflib."""
    exact = selector.exact
    size = len(exact)
    if size < 8:
        return None  # too short to match approximately without false positives
    piece = max(6, min(24, size // 4))
    middle = size // 2 - piece // 2
    starts = seed_starts(text, {0: exact[:piece], size - piece: exact[-piece:], middle: exact[middle : middle + piece]})
    if hint is not None:
        starts.add(max(0, min(hint, len(text) - 1)))
    best: Anchor | None = None
    for span in aligned_spans(text, exact, starts, slack=max(4, size // 5)):
        confidence = 0.8 * span.similarity + 0.2 * _context_score(text, span.start, span.end, selector)
        if best is None or confidence > best.confidence:
            best = Anchor(span.start, span.end, "fuzzy", round(confidence, 3))
    if best is None or best.confidence < MIN_FUZZY_CONFIDENCE:
        return None
    return best


def reanchor_claims(text: str, claims: list) -> list:
    """Check every claim against *text*; move it if it moved, orphan it if it is gone.

    Returns the claims whose position or orphaned state changed.
    """
    changed = []
    for claim in claims:
        in_range = 0 <= claim.start < claim.end <= len(text)
        if in_range and text[claim.start : claim.end] == claim.selector.exact:
            if claim.orphaned:
                claim.orphaned = False
                changed.append(claim)
            continue
        found = anchor(text, claim.selector, claim.start if in_range else None)
        if found is None:
            if not claim.orphaned:
                claim.orphaned = True
                changed.append(claim)
            continue
        claim.start, claim.end, claim.orphaned = found.start, found.end, False
        changed.append(claim)
    return changed
