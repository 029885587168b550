"""Moving through an article: the next claim, the next unjudged sentence, the claim at a span.

Pure functions on the model, for the window's Go menu and for anything else that steps
through claims. Offsets are Python string offsets into ``article.text``; a *span* is
``(start, end)`` with ``start < end``.

"Where to start from" (the *anchor*) is an offset: the start of the selection, else of
the current claim; None means the top of the article (:func:`anchor_of`).
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck_gui.core.model import Article, Claim

__all__ = ["anchor_of", "claim_at", "open_claim_in", "step_claim", "step_unjudged", "unjudged_sentences"]

Span = tuple[int, int]


def claim_at(article: Article, start: int, end: int) -> Claim | None:
    """The anchored claim that covers exactly ``[start, end)``, or None."""
    return next((c for c in article.claims if not c.orphaned and (c.start, c.end) == (start, end)), None)


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


def unjudged_sentences(article: Article) -> list[Span]:
    """The sentences that no anchored claim with a verdict touches, in reading order."""
    judged = [c for c in article.claims if not c.orphaned and c.verdict]
    return [(start, end) for start, end in article.sentences if not any(c.start < end and start < c.end for c in judged)]


def step_unjudged(article: Article, anchor: int | None, step: int) -> Span | None:
    """The first unjudged sentence that starts after *anchor* (*step* > 0) or the last that starts
    before it (*step* < 0); with no anchor, the first (or the last). None when there is none."""
    sentences = unjudged_sentences(article)
    if step > 0:
        return next((s for s in sentences if anchor is None or s[0] > anchor), None)
    return next((s for s in reversed(sentences) if anchor is None or s[0] < anchor), None)


def open_claim_in(article: Article, start: int, end: int) -> Claim | None:
    """A claim without a verdict that shares a character with ``[start, end)`` (the first), or None."""
    return next((c for c in article.claims_overlapping(start, end) if c.verdict is None), None)
