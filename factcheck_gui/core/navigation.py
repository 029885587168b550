"""Moving through an article: the next claim, the next unjudged sentence, the claim at a span.

Pure functions on the model, for the window's Go menu and for anything else that steps
through claims. Offsets are Python string offsets into ``article.text``; a *span* is
``(start, end)`` with ``start < end``.

"Where to start from" (the *anchor*) is an offset: the start of the selection, else of
the current claim; None means the top of the article (:func:`anchor_of`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from factcheck_gui.core.model import Article, Claim
from factcheck_gui.core.stepping import sentence_bounds

__all__ = ["anchor_of", "claim_at", "open_claim_in", "step_claim", "step_unjudged", "unjudged_sentences"]

Span = tuple[int, int]


def claim_at(article: Article, start: int, end: int) -> Claim | None:
    """The anchored claim that covers exactly ``[start, end)``, or None."""
    for claim in article.claims:  # a plain loop, no tuple per claim: ~3x quicker at 5,000 claims
        if claim.start == start and claim.end == end and not claim.orphaned:
            return claim
    return None


def anchor_of(selection: Span | None, current: Claim | None) -> int | None:
    """Where "next" starts from: the selection, else the current (anchored) claim; None: the top."""
    if selection is not None:
        return selection[0]
    if current is not None and not current.orphaned:
        return current.start
    return None


def step_claim(claims: Sequence[Claim], current_id: str | None, anchor: int | None, step: int) -> Claim | None:
    """The claim after (*step* > 0) or before (*step* < 0) the current one in *claims* (as listed).

    Without a current claim among *claims*, the first claim that starts after (or the last
    that starts before) *anchor*; with no anchor, the first (or the last) claim. None when
    there is none: the end (or the start) of the list was reached.
    """
    if not claims:
        return None
    ids = [c.id for c in claims]
    if current_id in ids:
        index = ids.index(current_id) + (1 if step > 0 else -1)
    elif anchor is None:
        index = 0 if step > 0 else len(claims) - 1
    elif step > 0:
        index = next((n for n, c in enumerate(claims) if c.start > anchor), len(claims))
    else:
        index = max((n for n, c in enumerate(claims) if c.start < anchor), default=-1)
    return claims[index] if 0 <= index < len(claims) else None


def _judged_spans(article: Article) -> list[Span]:
    """The spans of the anchored claims with a verdict, sorted and merged where they overlap."""
    merged: list[Span] = []
    for start, end in sorted((c.start, c.end) for c in article.claims if not c.orphaned and c.verdict):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _untouched(span: Span, judged: list[Span], judged_starts: list[int]) -> bool:
    """True when no span of *judged* (merged, sorted; *judged_starts* their starts) shares a character with *span*."""
    index = bisect.bisect_left(judged_starts, span[1]) - 1  # the last judged span starting before it ends
    return index < 0 or judged[index][1] <= span[0]


def unjudged_sentences(article: Article) -> list[Span]:
    """The sentences that no anchored claim with a verdict touches, in reading order."""
    judged = _judged_spans(article)
    starts = [start for start, _ in judged]
    return [sentence for sentence in article.sentences if _untouched(sentence, judged, starts)]


def step_unjudged(article: Article, anchor: int | None, step: int) -> Span | None:
    """The first unjudged sentence that starts after *anchor* (*step* > 0) or the last that starts
    before it (*step* < 0); with no anchor, the first (or the last). None when there is none.

    One sort of the judged claims, then a walk from the anchor: not every sentence against
    every claim, which took seconds at 5,000 claims (issue 17)."""
    judged = _judged_spans(article)
    judged_starts = [start for start, _ in judged]
    sentences = article.sentences
    sentence_starts = sentence_bounds(sentences)[0]
    if step > 0:
        first = 0 if anchor is None else bisect.bisect_right(sentence_starts, anchor)
        candidates = range(first, len(sentences))
    else:
        last = len(sentences) if anchor is None else bisect.bisect_left(sentence_starts, anchor)
        candidates = range(last - 1, -1, -1)
    return next((sentences[n] for n in candidates if _untouched(sentences[n], judged, judged_starts)), None)


def open_claim_in(article: Article, start: int, end: int) -> Claim | None:
    """A claim without a verdict that shares a character with ``[start, end)`` (the first), or None."""
    return next((c for c in article.claims_overlapping(start, end) if c.verdict is None), None)
