"""How far the fact-check of an article is: what the status bar shows.

Pure Python: the status bar shows it; the command line may too.
"A sentence not yet looked at" is a sentence that no claim touches.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck_gui.core.model import Article
from factcheck_gui.core.verdicts import UNJUDGED_LABEL, VerdictScale

__all__ = ["Progress", "progress_of", "progress_text"]


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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def progress_text(progress: Progress) -> str:
    """E.g. "3 claims, 2 with a verdict · 18 of 24 sentences not yet looked at"."""
    claims = _plural(progress.claims, "claim")
    if progress.claims:
        claims += f", {progress.judged} with a verdict"
    sentences = f"{progress.sentences_not_looked_at} of {_plural(progress.sentences, 'sentence')} not yet looked at"
    return f"{claims} \u00b7 {sentences}"
