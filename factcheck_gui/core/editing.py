"""Operations on an article that the window and the command line share.

Each function checks its input and raises InputError or NotFoundError with a
message a fact-checker understands; none of them saves anything.
"""

from __future__ import annotations

from factcheck_gui.core.anchoring import make_selector
from factcheck_gui.core.errors import InputError, NotFoundError
from factcheck_gui.core.model import Article, ArticleMeta, Claim, Evidence, Link, Source, Stance
from factcheck_gui.core.schema import article_size_problem
from factcheck_gui.core.sentences import split_sentences
from factcheck_gui.core.text import fold_for_matching, fold_with_positions, normalize_newlines
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale


def new_article(text: str, meta: ArticleMeta | None = None, links: list[Link] | None = None) -> Article:
    """A new article for *text*, with its sentences computed."""
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError("The article is empty: there is no text to check.")
    too_big = article_size_problem(len(text))
    sentences = [] if too_big else split_sentences(text)
    too_big = too_big or article_size_problem(len(text), len(sentences))
    if too_big:
        raise InputError(f"This is too large to import as one article: {too_big}. Import the part you check.")
    return Article(text=text, meta=meta or ArticleMeta(), sentences=sentences, links=list(links or []))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with white space."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def add_claim(article: Article, start: int, end: int, *, verdict: str | None = None, rationale: str = "",
              claimant: str = "", restatement: str = "", scale: VerdictScale = DEFAULT_SCALE) -> Claim:
    """Mark ``article.text[start:end]`` (trimmed) as a claim and return it."""
    start, end = trim_span(article.text, start, end)
    if start >= end:
        raise InputError("Select some text first: an empty selection cannot be a claim.")
    if verdict is not None:
        verdict = resolve_verdict(verdict, scale)
    claim = Claim(start=start, end=end, selector=make_selector(article.text, start, end), verdict=verdict,
                  rationale=rationale, claimant=claimant, restatement=restatement)
    article.claims.append(claim)
    article.touch()
    return claim


def remove_claim(article: Article, claim_id: str) -> tuple[Claim, int]:
    """Remove a claim; returns it and the index it had, so :func:`restore_claim` can put it back."""
    claim = get_claim(article, claim_id)
    index = article.claims.index(claim)
    del article.claims[index]
    article.touch()
    return claim, index


def restore_claim(article: Article, claim: Claim, index: int | None = None) -> None:
    """Put a removed claim back (at *index*, else at the end), unchanged: same id, times, evidence."""
    if any(existing.id == claim.id for existing in article.claims):
        raise InputError(f"The article already has a claim with id \u201c{claim.id}\u201d.")
    article.claims.insert(len(article.claims) if index is None else index, claim)
    article.touch()


def find_text(article: Article, exact: str) -> tuple[int, int]:
    """The span of *exact* in the article; InputError if it is missing or occurs more than once.

    Straight and curly quotes, apostrophes, dashes, runs of spaces and case may differ
    from the article's text; the span returned is the article's own text.
    """
    needle = normalize_newlines(exact).strip()
    if not needle:
        raise InputError("The claim text is empty.")
    text = article.text
    first = text.find(needle)
    if first != -1:
        count = text.count(needle)
        if count > 1:
            raise InputError(
                f"\u201c{_shorten(needle)}\u201d occurs {count} times in the article; give more of the sentence so it is unique."
            )
        return first, first + len(needle)
    folded_text, positions = fold_with_positions(text)
    folded_needle = fold_for_matching(needle)
    first = folded_text.find(folded_needle) if folded_needle else -1
    if first == -1:
        raise InputError(f"The text \u201c{_shorten(needle)}\u201d does not occur in the article; copy it from the article.")
    if folded_text.count(folded_needle) > 1:
        raise InputError(f"\u201c{_shorten(needle)}\u201d occurs more than once in the article; give more of the sentence.")
    return positions[first], positions[first + len(folded_needle) - 1] + 1


def resolve_claim_id(article: Article, wanted: str) -> str:
    """A claim id from the full id or a unique prefix of it; NotFoundError or InputError otherwise."""
    wanted = wanted.strip()
    ids = [claim.id for claim in article.claims]
    if wanted in ids:
        return wanted
    matches = [claim_id for claim_id in ids if wanted and claim_id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise InputError(f"\u201c{wanted}\u201d matches {len(matches)} claims; give more of the id.")
    raise NotFoundError(f"The article has no claim with id \u201c{wanted}\u201d.")


def resolve_verdict(value: str, scale: VerdictScale = DEFAULT_SCALE) -> str:
    """A verdict key from a key, a label ("Mostly false") or a number ("4"), case-insensitive."""
    wanted = value.strip().casefold().replace("_", "-")
    for number, verdict in enumerate(scale.verdicts, start=1):
        if wanted in (verdict.key, verdict.label.casefold(), verdict.label.casefold().replace(" ", "-"), str(number)):
            return verdict.key
    choices = ", ".join(v.key for v in scale.verdicts)
    raise InputError(f"Unknown verdict \u201c{value}\u201d. Use one of: {choices}.")


def get_claim(article: Article, claim_id: str) -> Claim:
    try:
        return article.claim(claim_id)
    except KeyError:
        raise NotFoundError(f"The article has no claim with id \u201c{claim_id}\u201d.") from None


def get_source(article: Article, source_id: str) -> Source:
    try:
        return article.source(source_id)
    except KeyError:
        raise NotFoundError(f"The article has no source with id \u201c{source_id}\u201d.") from None


def add_source(article: Article, source: Source) -> Source:
    """Add *source*, or return the existing source for the same URL (so claims share it)."""
    existing = article.source_by_url(source.url)
    if existing is not None:
        return existing
    article.sources.append(source)
    article.touch()
    return source


def pin_source(article: Article, claim_id: str, source_id: str, stance: Stance | str = Stance.CONTEXT,
               quote: str = "", note: str = "") -> Evidence:
    """Pin the source to the claim (or update the existing pin) and return the evidence."""
    claim = get_claim(article, claim_id)
    get_source(article, source_id)
    try:
        stance = Stance(stance)
    except ValueError:
        raise InputError(f"Unknown stance \u201c{stance}\u201d. Use supports, refutes or context.") from None
    for evidence in claim.evidence:
        if evidence.source_id == source_id:
            evidence.stance, evidence.quote, evidence.note = stance, quote or evidence.quote, note or evidence.note
            break
    else:
        evidence = Evidence(source_id=source_id, stance=stance, quote=quote, note=note)
        claim.evidence.append(evidence)
    claim.touch()
    article.touch()
    return evidence


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
