"""The verdicts as ClaimReview JSON-LD (schema.org), the markup search engines read from fact-checks.

The file is a JSON list with one ClaimReview object per judged claim, each with
its own ``"@context": "https://schema.org"``, the shape Google's fact-check
documentation shows. Claims without a verdict, or with a verdict the scale does
not know, are left out; :func:`claimreview_warnings` says so in words.

Field choices:

- ``claimReviewed``: the claim's restatement when it has one (Google asks for a
  short summary), else the exact text with white space collapsed.
- ``reviewRating``: ``alternateName`` is the verdict label, always;
  ``ratingValue``/``bestRating``/``worstRating`` only for verdicts on the scale's
  numbers (False: 1 of 1..5; Misleading has none).
- ``url``: the address of the published review, from the review URL pattern in
  Settings. A pattern without ``{claim_id}`` gets ``#claim-<id>``, the anchor
  of the claim's entry in the HTML export. With no pattern the field is left out
  and a warning given: the article's own URL is where the claim appeared, not
  where the review lives, so using it would misattribute the review.
- ``author``: the organisation from Settings (or, without one, the reviewer as
  a Person); left out with a warning when neither is set.
- ``datePublished``: the review's date, which is the date part of when the claim
  (its verdict, rationale, claimant...) was last edited in factcheck-gui, so the
  output does not depend on the clock. It is not the date the review goes online:
  re-export after the last edit, or edit the field, if the two differ.
- ``itemReviewed``: a Claim with its ``appearance`` (the article: url, headline,
  publisher, date), its ``datePublished`` (the article's published date, when it
  has one: the claim was made at least by then) and, when a claimant is set, its
  ``author``: a Person or an Organization as the user set it (claimant type), else
  guessed: an Organization if the name looks like one ("Ministry of...", "US
  officials"), else a Person. Once the claim was traced (``factcheck trace``, the trace
  view), ``firstAppearance`` is its likely origin and ``appearance`` also lists every page
  the trace found carrying it; untraced, ``firstAppearance`` is not given: the article is
  where we saw the claim, not necessarily where it was first made. Versions of the article
  text archived when fetched (``factcheck refetch --archive``) are appearances too: the
  archived copy's url, the version number, ``dateCreated`` and ``isBasedOn`` the article.

Every string is cleaned (:func:`factcheck_gui.core.invisible.clean_text`): no
control characters, bidi and zero-width characters shown as ``[U+202E]``, so a
claim or a name cannot pretend to read otherwise in a search result.

"<" is written as ``\\u003c`` so the JSON can be pasted into a ``<script>`` tag
safely (the HTML export embeds it so).
"""

from __future__ import annotations

import json
import re
from typing import Any

from factcheck_gui.core.invisible import clean_text
from factcheck_gui.core.model import Article, Claim, ClaimantType
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.verdicts import DEFAULT_SCALE, Verdict, VerdictScale
from factcheck_gui.export.common import ExportOptions, claim_anchor, date_part, is_web_url

SCHEMA_CONTEXT = "https://schema.org"

# A claimant whose name contains one of these words is taken for an organisation.
_ORGANIZATION_WORDS = re.compile(
    r"(?i)\b(ministry|department|government|office|agency|administration|officials|party|army|military|"
    r"forces|pentagon|white house|kremlin|council|committee|commission|parliament|congress|senate|"
    r"university|institute|company|corporation|inc|ltd|llc|news|embassy|police|coalition|"
    r"organi[sz]ation|association|union|campaign|group|foundation|bank)\b"
)
_WHITESPACE = re.compile(r"\s+")


def export_claimreview(
    article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale = DEFAULT_SCALE
) -> str:
    """The judged claims of *article* as a JSON-LD list of ClaimReview objects (ends with a newline).

    *options* does not change the output: unjudged claims are never included.
    """
    reviews = [_review(article, claim, verdict, settings, scale) for claim, verdict in _reviewable(article, scale)]
    return json.dumps(_cleaned(reviews), indent=2, ensure_ascii=False).replace("<", "\\u003c") + "\n"


def _cleaned(value: Any) -> Any:
    """*value* (JSON data) with every string passed through :func:`clean_text`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value


def claimreview_warnings(
    article: Article, settings: Settings | None = None, scale: VerdictScale = DEFAULT_SCALE
) -> list[str]:
    """What the ClaimReview export left out or could not fill, as sentences for the user.

    Pass *settings* to also check the review URL pattern and the organisation name.
    """
    warnings = []
    unjudged = sum(1 for c in article.claims if c.verdict is None)
    unknown = sorted({c.verdict for c in article.claims if c.verdict is not None and scale.get(c.verdict) is None})
    unknown_count = sum(1 for c in article.claims if c.verdict in unknown)
    if unjudged:
        warnings.append(f"{_claims(unjudged)} without a verdict {_was(unjudged)} left out.")
    if unknown_count:
        names = ", ".join(f"\u201c{key}\u201d" for key in unknown)
        warnings.append(
            f"{_claims(unknown_count)} with a verdict the {scale.name} scale does not know ({names}) "
            f"{_was(unknown_count)} left out."
        )
    reviewable = _reviewable(article, scale)
    if not reviewable:
        warnings.append(
            f"There is nothing to publish as ClaimReview: no claim has a verdict from the {scale.name} scale yet."
        )
        return warnings
    if settings is not None:
        if not settings.review_url(article.id, reviewable[0][0].id):
            warnings.append(
                "ClaimReview needs the address where your fact-check is published: set the review URL "
                "pattern in Settings. The url field was left out."
            )
        if not (settings.organization_name.strip() or settings.reviewer_name.strip()):
            warnings.append(
                "ClaimReview needs to name who checked the claims: set your organisation's name in "
                "Settings. The author field was left out."
            )
    if not is_web_url(article.meta.url.strip()):
        warnings.append(
            "The article has no web address, so the claims' appearance has no url; add it to the article's details."
        )
    return warnings


def _claims(count: int) -> str:
    return f"{count} claim" if count == 1 else f"{count} claims"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def _reviewable(article: Article, scale: VerdictScale) -> list[tuple[Claim, Verdict]]:
    pairs = []
    for claim in article.claims_in_reading_order():
        verdict = scale.get(claim.verdict)
        if verdict is not None:
            pairs.append((claim, verdict))
    return pairs


def _review(
    article: Article, claim: Claim, verdict: Verdict, settings: Settings, scale: VerdictScale
) -> dict[str, Any]:
    review: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@type": "ClaimReview"}
    published = date_part(claim.updated)
    if published:
        review["datePublished"] = published
    url = _review_url(article, claim, settings)
    if url:
        review["url"] = url
    review["claimReviewed"] = claim.restatement.strip() or _WHITESPACE.sub(" ", claim.exact).strip()
    review["itemReviewed"] = _item_reviewed(article, claim)
    author = _reviewer(settings)
    if author:
        review["author"] = author
    rating: dict[str, Any] = {"@type": "Rating"}
    if verdict.rating is not None:
        rating.update(ratingValue=verdict.rating, bestRating=scale.best_rating, worstRating=scale.worst_rating)
    rating["alternateName"] = verdict.label
    review["reviewRating"] = rating
    return review


def _review_url(article: Article, claim: Claim, settings: Settings) -> str:
    url = settings.review_url(article.id, claim.id).strip()
    if url and "{claim_id}" not in settings.review_url_pattern and "#" not in url:
        url += "#" + claim_anchor(claim)
    return url


def _reviewer(settings: Settings) -> dict[str, Any] | None:
    if settings.organization_name.strip():
        author: dict[str, Any] = {"@type": "Organization", "name": settings.organization_name.strip()}
        if is_web_url(settings.organization_url.strip()):
            author["url"] = settings.organization_url.strip()
        return author
    if settings.reviewer_name.strip():
        return {"@type": "Person", "name": settings.reviewer_name.strip()}
    return None


def _item_reviewed(article: Article, claim: Claim) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    claimant = _WHITESPACE.sub(" ", claim.claimant).strip()
    if claimant:
        item["author"] = {"@type": claimant_schema_type(claim), "name": claimant}
    if date_part(article.meta.published):
        item["datePublished"] = article.meta.published.strip()
    appearance = _appearance(article)
    appearances = [appearance] if appearance else []
    appearances += _archived_versions(article)
    trace = claim.trace
    if trace is not None:
        seen = {work.get("url") for work in appearances}
        for step in trace.appearances:
            if is_web_url(step.url) and step.url not in seen:
                seen.add(step.url)
                appearances.append(_traced_work(step.url, step.title, step.published))
        if is_web_url(trace.origin):
            item["firstAppearance"] = _traced_work(trace.origin, trace.origin_title, trace.origin_published)
    if appearances:
        item["appearance"] = appearances
    return item


def _archived_versions(article: Article) -> list[dict[str, Any]]:
    """The Internet Archive's copies of the article's versions, each a CreativeWork based on the article."""
    works = []
    for number, version in enumerate(article.versions, start=1):
        if not is_web_url(version.archive_url):
            continue
        work: dict[str, Any] = {"@type": "CreativeWork", "url": version.archive_url, "version": str(number)}
        if article.meta.title.strip():
            work["headline"] = article.meta.title.strip()
        if date_part(version.archived_at):
            work["dateCreated"] = date_part(version.archived_at)
        if is_web_url(article.meta.url.strip()):
            work["isBasedOn"] = article.meta.url.strip()
        works.append(work)
    return works


def _traced_work(url: str, title: str, published: str) -> dict[str, Any]:
    """A page a trace found carrying the claim, as a CreativeWork."""
    work: dict[str, Any] = {"@type": "CreativeWork", "url": url}
    if title.strip():
        work["headline"] = title.strip()
    if date_part(published):
        work["datePublished"] = date_part(published)
    return work


def claimant_schema_type(claim: Claim) -> str:
    """"Person" or "Organization": the claimant type the user set, else guessed from the name."""
    if claim.claimant_type is not None:
        return "Organization" if claim.claimant_type is ClaimantType.ORGANIZATION else "Person"
    return "Organization" if _ORGANIZATION_WORDS.search(claim.claimant) else "Person"


def _appearance(article: Article) -> dict[str, Any] | None:
    meta = article.meta
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if is_web_url(meta.url.strip()):
        work["url"] = meta.url.strip()
    if meta.title.strip():
        work["headline"] = meta.title.strip()
    if meta.byline.strip():
        work["author"] = {"@type": "Person", "name": meta.byline.strip()}
    if meta.publisher.strip():
        work["publisher"] = {"@type": "Organization", "name": meta.publisher.strip()}
    if date_part(meta.published):
        work["datePublished"] = meta.published.strip()
    return work if len(work) > 1 else None
