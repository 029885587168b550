"""How far the fact-check of an article is: what the status bar shows.

Pure Python: the status bar shows it; the command line may too.
"A sentence not yet looked at" is a sentence that no claim touches.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck_gui.core.model import Article, Claim
from factcheck_gui.core.stepping import sentence_bounds
from factcheck_gui.core.verdicts import UNJUDGED_LABEL, VerdictScale

__all__ = ["Progress", "ProgressCounter", "progress_of", "progress_text"]


@dataclass(frozen=True)
class Progress:
    claims: int
    judged: int  # claims with a verdict
    orphaned: int
    verdict_counts: dict[str | None, int]
    sentences: int
    sentences_not_looked_at: int  # sentences no claim touches

    def tooltip(self, scale: VerdictScale) -> str:
        lines = []
        for verdict in scale.verdicts:
            if self.verdict_counts.get(verdict.key):
                lines.append(f"{verdict.label}: {self.verdict_counts[verdict.key]}")
        if self.verdict_counts.get(None):
            lines.append(f"{UNJUDGED_LABEL}: {self.verdict_counts[None]}")
        if self.orphaned:
            lines.append(f"Orphaned (text no longer found): {self.orphaned}")
        lines.append("A sentence not yet looked at is one that no claim touches.")
        return "\n".join(lines)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of *spans*."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def count_untouched(sentences: list[tuple[int, int]], spans: list[tuple[int, int]]) -> int:
    """How many of the (sorted) sentences share no character with any span: one sweep, not n x m."""
    covered = _merged(spans)
    untouched, index = 0, 0
    for start, end in sentences:
        while index < len(covered) and covered[index][1] <= start:
            index += 1
        if index == len(covered) or covered[index][0] >= end:
            untouched += 1
    return untouched


# The last count of untouched sentences, with what it was counted from: a verdict changes
# no span, so judging claim after claim counts the sentences once (issue 17).
_last_count: tuple[list[tuple[int, int]], list[tuple[int, int]], int] | None = None


def _untouched(sentences: list[tuple[int, int]], spans: list[tuple[int, int]]) -> int:
    global _last_count
    if _last_count is not None and _last_count[0] is sentences and _last_count[1] == spans:
        return _last_count[2]
    untouched = count_untouched(sentences, spans)
    _last_count = (sentences, spans, untouched)  # the sentences of an article are never changed in place
    return untouched


def progress_of(article: Article) -> Progress:
    spans = [(c.start, c.end) for c in article.claims if not c.orphaned]
    untouched = _untouched(article.sentences, spans)
    counts = article.verdict_counts()
    return Progress(
        claims=len(article.claims),
        judged=sum(count for verdict, count in counts.items() if verdict),
        orphaned=len(article.claims) - len(spans),
        verdict_counts=counts,
        sentences=len(article.sentences),
        sentences_not_looked_at=untouched,
    )


class ProgressCounter:
    """:func:`progress_of` one article, kept up to date claim by claim.

    Marking, judging or deleting one claim among thousands recounts that claim alone (the
    sentences it touches, its verdict), not every claim against every sentence, which took
    milliseconds per key press at 5,000 claims (issue 17). :meth:`update` with no ids, another
    article or a changed text counts everything again.
    """

    def __init__(self, article: Article) -> None:
        self._recount(article)

    def _recount(self, article: Article) -> None:
        self._article = article
        self._sentences = article.sentences
        self._starts, self._ends = sentence_bounds(article.sentences)
        self._cover = [0] * len(article.sentences)  # how many anchored claims touch each sentence
        self._untouched = len(article.sentences)
        # id -> sentences touched, orphaned, verdict, review status
        self._claims: dict[str, tuple[range, bool, str | None, str]] = {}
        self._verdicts: Counter[str | None] = Counter()
        self._statuses: Counter[str] = Counter()
        self._orphaned = 0
        for claim in article.claims:
            self._drop(claim.id)  # a repeated id counts once, as Article.claim finds one
            self._add(claim)

    def _add(self, claim: Claim) -> None:
        touched = range(0) if claim.orphaned else range(
            bisect.bisect_right(self._ends, claim.start), bisect.bisect_left(self._starts, claim.end))
        cover = self._cover
        for index in touched:
            if not cover[index]:
                self._untouched -= 1
            cover[index] += 1
        status = claim.status.value
        self._claims[claim.id] = (touched, claim.orphaned, claim.verdict, status)
        self._verdicts[claim.verdict] += 1
        self._statuses[status] += 1
        self._orphaned += claim.orphaned

    def _drop(self, claim_id: str) -> None:
        counted = self._claims.pop(claim_id, None)
        if counted is None:
            return
        touched, orphaned, verdict, status = counted
        cover = self._cover
        for index in touched:
            cover[index] -= 1
            if not cover[index]:
                self._untouched += 1
        self._verdicts[verdict] -= 1
        self._statuses[status] -= 1
        self._orphaned -= orphaned

    def update(self, article: Article, claim_ids: Iterable[str] | None = None) -> Progress:
        """Count again the claims *claim_ids* (added, removed, moved or judged; None: all) and
        return the article's progress."""
        if claim_ids is None or article is not self._article or article.sentences is not self._sentences:
            self._recount(article)
        else:
            for claim_id in claim_ids:
                self._drop(claim_id)
                try:
                    self._add(article.claim(claim_id))
                except KeyError:
                    pass
            if len(self._claims) != len(article.claims):  # changed behind our back: count afresh
                self._recount(article)
        return self.progress()

    def status_counts(self) -> dict[str, int]:
        """How many claims have each review status (by its value), as :meth:`update` last counted:
        what the library row shows, without reading every claim again (issue 17)."""
        return {status: count for status, count in self._statuses.items() if count}

    def progress(self) -> Progress:
        counts = {verdict: count for verdict, count in self._verdicts.items() if count}
        return Progress(
            claims=len(self._claims),
            judged=sum(count for verdict, count in counts.items() if verdict),
            orphaned=self._orphaned,
            verdict_counts=counts,
            sentences=len(self._sentences),
            sentences_not_looked_at=self._untouched,
        )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def progress_text(progress: Progress) -> str:
    """E.g. "3 claims, 2 with a verdict · 18 of 24 sentences not yet looked at"."""
    claims = _plural(progress.claims, "claim")
    if progress.claims:
        claims += f", {progress.judged} with a verdict"
    sentences = f"{progress.sentences_not_looked_at} of {_plural(progress.sentences, 'sentence')} not yet looked at"
    return f"{claims} \u00b7 {sentences}"
