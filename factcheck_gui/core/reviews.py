"""Earlier fact-checks: ClaimReview JSON-LD read into :class:`Review` records.

Publishers put ClaimReview markup in every shape schema.org allows, and all of them are
read: one object, a list, an ``@graph``, a data feed (``{"dataFeedElement": [{"item":
[...]}]}``, Google's Fact Check Markup feed) and HTML pages with the JSON-LD in
``<script type="application/ld+json">`` elements. Of each review this keeps what
"seen before?" shows: the claim reviewed, the rating's ``alternateName`` (its
``name`` when there is none), who published the review, when, its address, who made
the claim (``itemReviewed.author``) and where the claim appeared.

Pure Python: the caller reads the file or fetches the page (``factcheck reviews import``,
the window's "Import earlier fact-checks").
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from factcheck_gui.core.errors import InputError

__all__ = ["MAX_REVIEWS", "Review", "parse_reviews", "review_from_dict", "review_to_dict"]

#: At most this many reviews are read from one input; the rest is ignored.
MAX_REVIEWS = 200_000
_MAX_TEXT = 4_000  # characters kept of any one field
_MAX_APPEARANCES = 20
_MAX_DEPTH = 40  # how deep the JSON-LD walk goes (a feed is 4-6 levels deep)
_SCRIPT = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?\s*application/ld\+json\s*[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Review:
    """An earlier fact-check imported from ClaimReview: the claim reviewed and the verdict given."""

    claim: str
    verdict: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    claimant: str = ""
    appearances: tuple[str, ...] = ()
    language: str = ""

    @property
    def key(self) -> str:
        """Identity for de-duplication: the review's address, else its text, publisher and date."""
        return self.url or json.dumps([self.claim, self.publisher, self.date], ensure_ascii=False)


def review_to_dict(review: Review) -> dict[str, Any]:
    """*review* as plain JSON data (the library's ``reviews.json``)."""
    data = asdict(review)
    data["appearances"] = list(review.appearances)
    return data


def review_from_dict(data: object) -> Review | None:
    """The inverse of :func:`review_to_dict`; None for anything that is not a review with a claim."""
    if not isinstance(data, dict):
        return None
    fields = {name: _text(data.get(name)) for name in ("claim", "verdict", "publisher", "date", "url", "claimant", "language")}
    if not fields["claim"]:
        return None
    appearances = data.get("appearances")
    kept = tuple(_text(a) for a in appearances[:_MAX_APPEARANCES]) if isinstance(appearances, list) else ()
    return Review(appearances=tuple(a for a in kept if a), **fields)


def parse_reviews(text: str, name: str = "the file") -> list[Review]:
    """Every ClaimReview in *text* (JSON-LD, or an HTML page holding JSON-LD), in order, without repeats.

    Raises InputError, naming *name*, when the text holds no JSON-LD at all. A ClaimReview
    without ``claimReviewed`` is skipped (there is nothing to match).
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    documents: list[object] = []
    if stripped[:1] in ("{", "["):
        documents.append(_loads(stripped, name))
    else:
        for match in _SCRIPT.finditer(text):
            body = match.group(1).strip()
            if body.startswith("<!--"):
                body = body.removeprefix("<!--").removesuffix("-->").strip()
            try:
                documents.append(_loads(body, name))
            except InputError:
                continue  # one broken block on a page does not hide the others
        if not documents and not _SCRIPT.search(text):
            raise InputError(f"{name} holds no ClaimReview: it is neither JSON-LD nor a web page with JSON-LD in it.")
    found: list[Review] = []
    seen: set[str] = set()
    for document in documents:
        for node in _claim_reviews(document, 0):
            review = _review(node)
            if review is None or review.key in seen:
                continue
            seen.add(review.key)
            found.append(review)
            if len(found) >= MAX_REVIEWS:
                return found
    return found


def _loads(text: str, name: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{name} is not valid JSON ({str(exc)[:120]}). Check that it is a ClaimReview file.") from exc


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    values = kind if isinstance(kind, list) else [kind]
    return [value.rsplit("/", 1)[-1] for value in values if isinstance(value, str)]


def _claim_reviews(node: object, depth: int) -> Iterator[dict[str, Any]]:
    """The ClaimReview objects anywhere in *node* (a list, an @graph, a data feed's items...)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            yield from _claim_reviews(item, depth + 1)
    elif isinstance(node, dict):
        if "ClaimReview" in _types(node):
            yield node
            return
        for value in node.values():
            if isinstance(value, (list, dict)):
                yield from _claim_reviews(value, depth + 1)


def _text(value: object) -> str:
    """A plain one-line string of a JSON-LD value (entities decoded, capped), "" for anything else."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(value[: _MAX_TEXT * 2]).split())[:_MAX_TEXT]


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def _name(value: object) -> str:
    """The name of a Person or Organization, however it is given (an object, a list, a string)."""
    value = _first(value)
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("alternateName"))
    return _text(value)


def _address(value: object) -> str:
    address = _text(value.get("url")) or _text(value.get("@id")) if isinstance(value, dict) else _text(value)
    return "" if address.startswith("_:") else address  # a blank node is no address


def _review(node: dict[str, Any]) -> Review | None:
    claim = _text(node.get("claimReviewed"))
    item = _first(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    if not claim:
        claim = _text(item.get("name")) or _text(item.get("text"))
    if not claim:
        return None
    rating = _first(node.get("reviewRating"))
    verdict = ""
    if isinstance(rating, dict):
        verdict = _text(rating.get("alternateName")) or _text(rating.get("name"))
    appearances: list[str] = []
    for key in ("appearance", "firstAppearance"):
        value = item.get(key)
        for entry in value if isinstance(value, list) else [value]:
            address = _address(entry)
            if address and address not in appearances and len(appearances) < _MAX_APPEARANCES:
                appearances.append(address)
    language = node.get("inLanguage")
    return Review(
        claim=claim,
        verdict=verdict,
        publisher=_name(node.get("author")) or _name(node.get("publisher")),
        date=_text(node.get("datePublished")),
        url=_address(node.get("url")) or _address(node.get("@id")),
        claimant=_name(item.get("author")),
        appearances=tuple(appearances),
        language=(_name(language) if isinstance(language, dict) else _text(language))[:20],
    )
