"""Moving through an article: the next claim, the next unjudged sentence, the claim at a span.

Pure functions on the model, for the window's Go menu and for anything else that steps
through claims. Offsets are Python string offsets into ``article.text``; a *span* is
``(start, end)`` with ``start < end``.

"Where to start from" (the *anchor*) is an offset: the start of the selection, else of
the current claim; None means the top of the article (:func:`anchor_of`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from factcheck_gui.core.model import Article, Claim
from factcheck_gui.core.stepping import sentence_bounds

__all__ = ["ClaimIndex", "anchor_of", "claim_at", "open_claim_in", "step_claim", "step_unjudged", "unjudged_sentences"]

Span = tuple[int, int]


def claim_at(article: Article, start: int, end: int) -> Claim | None:
    """The anchored claim that covers exactly ``[start, end)``, or None."""
    for claim in article.claims:  # a plain loop, no tuple per claim: ~3x quicker at 5,000 claims
        if claim.start == start and claim.end == end and not claim.orphaned:
            return claim
    return None


class ClaimIndex:
    """The anchored claims of an article sorted by span, so :meth:`claim_at` is a bisect: the loop of
    :func:`claim_at` over 5,000 claims was ~1 ms of every key and click that selects text (issue 17).

    Its owner keeps it in step with the edits: :meth:`came_or_went` names the claims added or removed
    when nothing else moved (marking, deleting, their undo), :meth:`forget` follows anything that
    may have moved claims (a new text, re-anchoring, a claim attached). It is read afresh when it is
    asked about another article or its count of claims is not the article's, and a claim it finds
    is checked against the claim's own fields (a stale entry sends it to read the claims again).
    """

    def __init__(self) -> None:
        self._article: Article | None = None  # None: read the claims at the next look-up
        self._count = 0  # claims of the article when it was read (orphaned ones too)
        self._spans: list[Span] = []  # the anchored claims' spans, sorted
        self._claims: list[Claim] = []  # in the order of _spans
        self._span_of: dict[str, Span] = {}  # claim id -> its span as indexed

    def forget(self) -> None:
        """Claims may have moved: read them all again at the next look-up."""
        self._article = None

    def came_or_went(self, article: Article, claim_ids: Iterable[str]) -> None:
        """These claims were added to or removed from *article* (or put back); no other claim moved."""
        if self._article is not article:
            return  # read afresh at the next look-up anyway
        for claim_id in claim_ids:
            span = self._span_of.pop(claim_id, None)
            if span is not None:
                place = bisect.bisect_left(self._spans, span)
                while self._claims[place].id != claim_id:
                    place += 1
                del self._spans[place], self._claims[place]
            try:
                claim = article.claim(claim_id)
            except KeyError:
                continue
            if not claim.orphaned:
                self._insert(claim)
        self._count = len(article.claims)

    def claim_at(self, article: Article, start: int, end: int) -> Claim | None:
        """What :func:`claim_at` answers: the anchored claim that covers exactly ``[start, end)``, or None;
        of two on the same span, the first in ``article.claims``."""
        if self._article is not article or self._count != len(article.claims):
            self._read(article)
        spans, place = self._spans, bisect.bisect_left(self._spans, (start, end))
        if place == len(spans) or spans[place] != (start, end):
            return None
        found = self._claims[place]
        if found.start != start or found.end != end or found.orphaned:  # moved without a word
            self.forget()
            return claim_at(article, start, end)
        if place + 1 < len(spans) and spans[place + 1] == (start, end):
            return claim_at(article, start, end)  # two on one span: the first as listed
        return found

    def by_span(self, article: Article) -> Sequence[Claim]:
        """The anchored claims of *article* sorted by (start, end), for :func:`step_unjudged` (not to be changed)."""
        if self._article is not article or self._count != len(article.claims):
            self._read(article)
        return self._claims

    def _read(self, article: Article) -> None:
        anchored = sorted(((claim.start, claim.end), number) for number, claim in enumerate(article.claims)
                          if not claim.orphaned)
        claims = article.claims
        self._spans = [span for span, _ in anchored]
        self._claims = [claims[number] for _, number in anchored]
        self._span_of = {claim.id: (claim.start, claim.end) for claim in self._claims}
        self._article, self._count = article, len(claims)

    def _insert(self, claim: Claim) -> None:
        span = (claim.start, claim.end)
        place = bisect.bisect_right(self._spans, span)
        self._spans.insert(place, span)
        self._claims.insert(place, claim)
        self._span_of[claim.id] = span


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


def _judged_spans(article: Article, by_span: Sequence[Claim] | None = None) -> list[Span]:
    """The spans of the anchored claims with a verdict, sorted and merged where they overlap (*by_span*:
    the anchored claims already sorted by span, :meth:`ClaimIndex.by_span`: no sort of them all)."""
    merged: list[Span] = []
    spans = ((c.start, c.end) for c in by_span if c.verdict) if by_span is not None else sorted(
        (c.start, c.end) for c in article.claims if not c.orphaned and c.verdict)
    for start, end in spans:
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


def step_unjudged(article: Article, anchor: int | None, step: int,
                  by_span: Sequence[Claim] | None = None) -> Span | None:
    """The first unjudged sentence that starts after *anchor* (*step* > 0) or the last that starts
    before it (*step* < 0); with no anchor, the first (or the last). None when there is none.

    One sort of the judged claims (none when *by_span* gives the anchored claims sorted by span),
    then a walk from the anchor: not every sentence against every claim, which took seconds at
    5,000 claims (issue 17)."""
    judged = _judged_spans(article, by_span)
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
