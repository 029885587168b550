"""Candidate sources: the article's own links inside or next to a claim's sentence."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck_gui.core.model import Article, Claim
from factcheck_gui.core.text import is_web_url


@dataclass(frozen=True)
class CandidateLink:
    """A hyperlink of the article offered as a source for a claim."""

    href: str
    label: str  # the linked text
    start: int
    end: int
    inside_claim: bool  # the link lies inside the claim itself (else in or next to its sentence)
    already_pinned: bool


def candidate_links(article: Article, claim: Claim, neighbour_sentences: int = 1) -> list[CandidateLink]:
    """Links inside the claim first, then in its sentences and the ones next to them."""
    if claim.orphaned or not article.links:
        return []
    first: int | None = None
    last = 0
    for index, (start, end) in enumerate(article.sentences):
        if start < claim.end and claim.start < end:
            first = index if first is None else first
            last = index
    if first is None:
        window_start, window_end = claim.start, claim.end
    else:
        low = max(0, first - neighbour_sentences)
        high = min(len(article.sentences) - 1, last + neighbour_sentences)
        window_start, window_end = article.sentences[low][0], article.sentences[high][1]
    pinned_urls: set[str] = set()
    for evidence in claim.evidence:
        try:
            source = article.source(evidence.source_id)
        except KeyError:
            continue
        pinned_urls.update(u for u in (source.url, source.final_url, source.canonical_url) if u)
    found: dict[str, CandidateLink] = {}
    for link in article.links:
        if not is_web_url(link.href) or not (link.start < window_end and window_start < link.end):
            continue
        inside = link.start < claim.end and claim.start < link.end
        candidate = CandidateLink(link.href, article.text[link.start : link.end], link.start, link.end, inside,
                                  link.href in pinned_urls)
        if link.href not in found or (inside and not found[link.href].inside_claim):
            found[link.href] = candidate
    return sorted(found.values(), key=lambda c: (not c.inside_claim, abs(c.start - claim.start)))
