"""What a web page says about itself: title, site, authors, dates, canonical URL, language.

Every field is taken from the most trusted place that has it, in this order:

1. JSON-LD (``<script type="application/ld+json">``): the page's main item, a
   NewsArticle, Article, BlogPosting, PressRelease... found at the top level, in lists or
   in ``@graph``, then its WebPage and WebSite items. Broken JSON is repaired where it can be.
2. ``citation_*`` (Highwire, Google Scholar) and Dublin Core (``DC.``, ``dc.``, ``dcterms.``).
3. OpenGraph (``og:*``, ``article:*``) and ``twitter:*``.
4. Plain ``<meta>`` tags, ``<title>``, ``<link rel=canonical>``, ``<html lang>``.

A title loses the site's name that pages add to it ("Headline | TheHill", "Headline -
BBC News") when that part names the site, its publisher or its host (see
:func:`strip_site_from_title`).

The published date is the exception: htmldate (bundled with trafilatura) is asked first
because it scores best on ``shared/benchmarks/metadata`` (see bench/bench_dates.py):
it reads JSON-LD and meta tags itself and knows many more site-specific patterns. The
tags above are the fallback when htmldate finds nothing.

Dates are normalised by ``core.dates.normalize_date`` to ``YYYY-MM-DD`` or, when the page
gives a time, a full ISO 8601 date-time with the page's own UTC offset (so the day is the
publisher's day).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factcheck_gui.core.dates import normalize_date
from factcheck_gui.net.html import parse_html
from factcheck_gui.net.urls import absolute_http_url

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "ARTICLE_TYPES",
    "PageMetadata",
    "extract_metadata",
    "find_published_date",
    "normalize_date",
    "site_of_host",
    "strip_site_from_title",
]

_log = logging.getLogger(__name__)

# JSON-LD types of a page's main item, best first. A page's NewsArticle beats its WebPage.
ARTICLE_TYPES = (
    "NewsArticle", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
    "PressRelease", "Article", "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle",
    "TechArticle", "SocialMediaPosting", "DiscussionForumPosting", "VideoObject", "Dataset",
    "GovernmentService", "Legislation",
)
_PAGE_TYPES = (
    "WebPage", "ItemPage", "AboutPage", "CollectionPage", "FAQPage", "QAPage", "ProfilePage",
    "MediaGallery", "ContactPage", "SearchResultsPage",
)
_SITE_TYPES = ("WebSite", "NewsMediaOrganization", "GovernmentOrganization", "Organization")
_ARTICLE_RANK = {name.lower(): rank for rank, name in enumerate(ARTICLE_TYPES)}
_PAGE_RANK = {name.lower(): rank for rank, name in enumerate(_PAGE_TYPES)}

_MAX_JSON_LD_NODES = 500
_URLISH = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door)\s*[:\s]\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass
class PageMetadata:
    """Metadata of one HTML page. Every field may be empty: pages often say little."""

    title: str = ""
    site: str = ""  # the site's name ("The Hill"), as Source.site
    authors: list[str] = field(default_factory=list)
    published: str = ""  # YYYY-MM-DD or full ISO 8601
    modified: str = ""
    canonical_url: str = ""
    description: str = ""
    language: str = ""  # BCP 47, e.g. "en" or "en-US"
    # JSON-LD @type(s) of the page's main item, then "og:<og:type>" if any: for guess_kind().
    types: list[str] = field(default_factory=list)


def extract_metadata(html: str | bytes | HtmlElement, url: str = "", *, find_date: bool = True) -> PageMetadata:
    """Read the metadata of an HTML page (see the module docstring for the order of trust).

    *url* is the page's address, used to resolve a relative canonical link and to help the
    date search. With *find_date* False htmldate is not run (faster; tags only).
    Raises :class:`~factcheck_gui.net.errors.MalformedPageError` for an empty page.
    """
    tree = html if not isinstance(html, (str, bytes)) else parse_html(html)
    tags = _Tags(tree)
    ld = _JsonLd(tree)
    meta = PageMetadata()

    meta.site = _first(
        ld.site_name(),
        tags.one("citation_journal_title", "citation_conference_title", "citation_publisher"),
        tags.one("dc.publisher", "dcterms.publisher"),
        tags.one("og:site_name"),
        tags.one("application-name", "twitter:site"),
    )
    title = _first(
        ld.get("headline", "name"),
        tags.one("citation_title", "dc.title", "dcterms.title"),
        tags.one("og:title", "twitter:title"),
        tags.one("title", "sailthru.title", "parsely-title"),
        _text(tree.find(".//title")),
        _text(tree.find(".//h1")),
    )
    meta.title = strip_site_from_title(
        title, meta.site, tags.one("og:site_name"), tags.one("application-name", "twitter:site"), site_of_host(url)
    )
    meta.authors = (
        ld.authors()
        or tags.names("citation_author")
        or tags.names("dc.creator", "dcterms.creator", "dc.contributor")
        or tags.names("article:author", "og:article:author")
        or tags.names("author", "sailthru.author", "parsely-author", "byl")
    )
    meta.published = find_published_date(tree, url, ld=ld, tags=tags) if find_date else _structured_published(ld, tags)
    meta.modified = _first(
        *(normalize_date(v) for v in ld.get_all("dateModified")),
        *(normalize_date(v) for v in tags.all("dcterms.modified", "dc.date.modified")),
        *(normalize_date(v) for v in tags.all("article:modified_time", "og:updated_time", "og:article:modified_time")),
        *(normalize_date(v) for v in tags.all("datemodified", "last-modified", "revised")),
    )
    canonical = _first(
        *(link.get("href", "") for link in tree.iterfind(".//link") if "canonical" in (link.get("rel") or "").lower().split()),
        tags.one("og:url"),
        tags.one("citation_abstract_html_url", "citation_public_url"),
        ld.url(),
    )
    meta.canonical_url = absolute_http_url(canonical, url) or "" if canonical else ""
    if meta.canonical_url and not url:  # a saved page names its site only in its canonical address
        meta.title = strip_site_from_title(meta.title, site_of_host(meta.canonical_url))
    meta.description = _first(
        ld.get("description"),
        tags.one("citation_abstract", "dc.description", "dcterms.abstract", "dcterms.description"),
        tags.one("og:description", "twitter:description"),
        tags.one("description"),
    )
    meta.language = _normalize_language(
        _first(
            ld.language(),
            tags.one("citation_language", "dc.language", "dcterms.language"),
            tree.get("lang", "") or tree.get("{http://www.w3.org/XML/1998/namespace}lang", ""),
            tags.one("content-language", "language"),
            tags.one("og:locale"),
        )
    )
    meta.types = ld.main_types()
    og_type = tags.one("og:type")
    if og_type:
        meta.types.append(f"og:{og_type.lower()}")
    return meta


def find_published_date(
    html: str | bytes | HtmlElement,
    url: str = "",
    *,
    ld: _JsonLd | None = None,
    tags: _Tags | None = None,
    htmldate_first: bool = True,
) -> str:
    """The page's original publication date, ``YYYY-MM-DD`` or full ISO 8601, or "".

    htmldate first (it scored best, see the module docstring), then the structured tags.
    When both agree on the day, the structured value wins because it may carry the time.
    ``htmldate_first=False`` asks the tags first; bench/bench_dates.py compares the two.
    """
    tree = html if not isinstance(html, (str, bytes)) else parse_html(html)
    ld = ld or _JsonLd(tree)
    tags = tags or _Tags(tree)
    structured = _structured_published(ld, tags)
    if structured and not htmldate_first:
        return structured
    found = _htmldate(tree, url)
    if found and structured.startswith(found):
        return structured
    return found or structured


def _structured_published(ld: _JsonLd, tags: _Tags) -> str:
    return _first(
        *(normalize_date(v) for v in ld.get_all("datePublished", "dateCreated", "uploadDate")),
        *(normalize_date(v) for v in tags.all(
            "citation_publication_date", "citation_date", "citation_online_date", "citation_cover_date")),
        *(normalize_date(v) for v in tags.all(
            "dcterms.issued", "dc.date.issued", "dcterms.date", "dc.date", "dcterms.created", "dc.date.created")),
        *(normalize_date(v) for v in tags.all(
            "article:published_time", "og:article:published_time", "og:published_time")),
        *(normalize_date(v) for v in tags.all(
            "datepublished", "date", "pubdate", "publishdate", "publish-date", "publication_date",
            "article.published", "article_date_original", "parsely-pub-date", "sailthru.date")),
    )


def _htmldate(tree: HtmlElement, url: str) -> str:
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - trafilatura always brings htmldate
        _log.warning("htmldate is not installed; dates come from the page's tags only.")
        return ""
    try:
        found = find_date(tree, original_date=True, extensive_search=True, url=url or None)
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError):
        _log.debug("htmldate failed on %s; using the page's tags.", url or "a page", exc_info=True)
        return ""
    return normalize_date(found) if found else ""


# -- meta tags -------------------------------------------------------------------------------


class _Tags:
    """The page's ``<meta>`` tags by lower-case name, property, itemprop or http-equiv."""

    def __init__(self, tree: HtmlElement) -> None:
        self._values: dict[str, list[str]] = {}
        for element in tree.iter("meta", "time"):
            if element.tag == "time":
                key = (element.get("itemprop") or "").strip().lower()
                value = element.get("datetime") or ""
                if not key and element.get("pubdate") is not None:
                    key = "pubdate"
                keys = [key] if key else []
            else:
                value = element.get("content") or element.get("value") or ""
                keys = [
                    (element.get(attribute) or "").strip().lower()
                    for attribute in ("name", "property", "itemprop", "http-equiv")
                ]
            value = _SPACES.sub(" ", value).strip()
            if not value:
                continue
            for key in keys:
                for part in key.split():  # property="og:title twitter:title"
                    self._values.setdefault(part, []).append(value)

    def all(self, *names: str) -> list[str]:
        return [value for name in names for value in self._values.get(name, [])]

    def one(self, *names: str) -> str:
        for name in names:
            for value in self._values.get(name, []):
                return value
        return ""

    def names(self, *names: str) -> list[str]:
        """Person names from tags that may repeat (one author per tag) or hold URLs."""
        return _clean_authors(self.all(*names))


# -- JSON-LD ---------------------------------------------------------------------------------


class _JsonLd:
    """The page's JSON-LD items, with its main item (the article) picked out."""

    def __init__(self, tree: HtmlElement) -> None:
        self.nodes: list[dict[str, Any]] = []
        for script in tree.iter("script"):
            if "ld+json" not in (script.get("type") or "").lower():
                continue
            data = _load_json(script.text or "")
            if data is not None:
                self.nodes.extend(_walk(data, len(self.nodes)))
            if len(self.nodes) >= _MAX_JSON_LD_NODES:
                break
        self.by_id = {node["@id"]: node for node in self.nodes if isinstance(node.get("@id"), str)}
        self.main = self._best(_ARTICLE_RANK)
        self.page = self._best(_PAGE_RANK)

    def _best(self, ranks: dict[str, int]) -> dict[str, Any] | None:
        best: tuple[int, int, int] | None = None
        chosen = None
        for order, node in enumerate(self.nodes):
            rank = min((ranks[t] for t in _types(node) if t in ranks), default=None)
            if rank is None:
                continue
            # Prefer the item with a date and a headline, then a better type, then the first.
            key = (0 if "datePublished" in node else 1, rank, order)
            if best is None or key < best:
                best, chosen = key, node
        return chosen

    def _ordered(self) -> Iterator[dict[str, Any]]:
        for node in (self.main, self.page):
            if node is not None:
                yield node

    def get(self, *keys: str) -> str:
        for node in self._ordered():
            for key in keys:
                value = _as_text(node.get(key))
                if value:
                    return value
        return ""

    def get_all(self, *keys: str) -> list[Any]:
        return [node[key] for node in self._ordered() for key in keys if node.get(key)]

    def authors(self) -> list[str]:
        for node in self._ordered():
            names = self._names(node.get("author")) or self._names(node.get("creator"))
            if names:
                return names
        return []

    def _names(self, value: Any) -> list[str]:
        raw: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if "name" not in item and isinstance(item.get("@id"), str):
                    item = self.by_id.get(item["@id"], item)
                raw.append(_as_text(item.get("name")))
            elif isinstance(item, str):
                raw.append(item)
        return _clean_authors(raw)

    def site_name(self) -> str:
        for node in self._ordered():
            publisher = node.get("publisher") or node.get("sourceOrganization")
            if isinstance(publisher, list):
                publisher = publisher[0] if publisher else None
            if isinstance(publisher, dict):
                if "name" not in publisher and isinstance(publisher.get("@id"), str):
                    publisher = self.by_id.get(publisher["@id"], publisher)
                name = _as_text(publisher.get("name"))
                if name:
                    return name
            elif isinstance(publisher, str) and not _URLISH.match(publisher):
                return publisher.strip()
            part_of = node.get("isPartOf")
            if isinstance(part_of, dict):
                part_of = self.by_id.get(part_of.get("@id"), part_of) if isinstance(part_of.get("@id"), str) else part_of
                if "WebSite".lower() in _types(part_of):
                    name = _as_text(part_of.get("name"))
                    if name:
                        return name
        for wanted in _SITE_TYPES:
            for node in self.nodes:
                if wanted.lower() in _types(node):
                    name = _as_text(node.get("name"))
                    if name:
                        return name
        return ""

    def url(self) -> str:
        for node in self._ordered():
            value = node.get("mainEntityOfPage")
            if isinstance(value, dict):
                value = value.get("@id") or value.get("url")
            for candidate in (node.get("url"), value):
                if isinstance(candidate, str) and _URLISH.match(candidate):
                    return candidate
        return ""

    def language(self) -> str:
        for node in self._ordered():
            value = node.get("inLanguage")
            if isinstance(value, dict):
                value = value.get("alternateName") or value.get("name")
            if isinstance(value, list):
                value = value[0] if value else ""
            if isinstance(value, str) and value.strip():
                return value.strip()
        return ""

    def main_types(self) -> list[str]:
        types: list[str] = []
        for node in self._ordered():
            raw = node.get("@type")
            for name in raw if isinstance(raw, list) else [raw]:
                if isinstance(name, str) and name not in types:
                    types.append(name.rsplit("/", 1)[-1])
        return types


def _load_json(text: str) -> Any:
    """Parse JSON-LD, repairing what pages commonly break; None if it cannot be read."""
    text = text.strip()
    text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", text)
    text = re.sub(r"^\s*<!--|-->\s*$", "", text).strip()
    if not text:
        return None
    attempts = (
        lambda t: t,
        lambda t: re.sub(r",\s*([\]}])", r"\1", t),  # trailing commas
        lambda t: re.sub(r",\s*([\]}])", r"\1", re.sub(r"[\x00-\x1f]", " ", t)),
    )
    for repair in attempts:
        try:
            return json.loads(repair(text), strict=False)
        except (ValueError, RecursionError):
            continue
    # Several objects one after the other, or garbage after the first.
    decoder = json.JSONDecoder(strict=False)
    items: list[Any] = []
    position = 0
    while position < len(text):
        while position < len(text) and text[position] in " \t\r\n,;":
            position += 1
        if position >= len(text):
            break
        try:
            item, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            break
        items.append(item)
    return items or None


def _walk(data: Any, already: int) -> Iterator[dict[str, Any]]:
    """Every JSON-LD item with an @type in *data*: top level, lists, @graph, nested values."""
    stack = [data]
    count = already
    while stack and count < _MAX_JSON_LD_NODES:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            if "@type" in value:
                count += 1
                yield value
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement", "item"):
                child = value.get(key)
                if isinstance(child, (list, dict)):
                    stack.append(child)


def _types(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return [name.rsplit("/", 1)[-1].lower() for name in names if isinstance(name, str)]


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, dict))), "")
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    if not isinstance(value, str):
        return ""
    return _unescape(_SPACES.sub(" ", value).strip())


def _unescape(text: str) -> str:
    if "&" in text:
        import html

        return html.unescape(text)
    return text


# -- helpers ---------------------------------------------------------------------------------


def _first(*values: str) -> str:
    for value in values:
        if value and value.strip():
            return _unescape(_SPACES.sub(" ", value).strip())
    return ""


def _text(element: Any) -> str:
    if element is None:
        return ""
    try:
        return _SPACES.sub(" ", element.text_content()).strip()
    except (ValueError, RecursionError):
        return ""


def _clean_authors(values: Iterable[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        name = _BY_PREFIX.sub("", _SPACES.sub(" ", _unescape(value or "")).strip()).strip(" ,;|")
        if not name or _URLISH.match(name) or name.startswith("@") or len(name) > 120:
            continue
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


_TITLE_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 ", " \u00bb ", " // ")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go"}


def _name_key(name: str) -> str:
    """A site name compared without case, spaces or punctuation: "The Hill", "TheHill", "@thehill" -> "thehill"."""
    return re.sub(r"[\W_]+", "", name.casefold())


def site_of_host(url: str) -> str:
    """The name a host gives its site: ``https://www.thehill.com/x`` -> ``thehill``, ``bbc.co.uk`` -> ``bbc``."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower()).split("/", 1)[0].split(":", 1)[0]
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2 or host.replace(".", "").isdigit() or host.startswith("["):
        return ""  # an IP address names no site
    labels.pop()  # the top-level domain
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return labels[-1]


def strip_site_from_title(title: str, *site_names: str) -> str:
    """``"Headline | TheHill"`` -> ``"Headline"``: cut the site's name from the end (or start) of a title.

    The part beyond the separator is cut only when it names the site: one of *site_names*
    (the site's name, its publisher, its host) compared without case, spaces and punctuation,
    or such a name and one more capitalised word ("BBC News" on bbc.co.uk). So "Biden - Harris
    ticket" or "Covid-19 - what we know" keep their dashes.
    """
    keys = {key for key in map(_name_key, site_names) if len(key) >= 2}
    title = title.strip()
    if not title or not keys:
        return title

    def names_site(part: str) -> bool:
        words = part.split()
        if not words or len(words) > 4:
            return False
        if _name_key(part) in keys:
            return True
        # The site's name and one more capitalised word: "BBC News", "CNN Politics".
        return len(words) >= 2 and words[-1][:1].isupper() and _name_key(" ".join(words[:-1])) in keys

    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and names_site(tail):
            return head.strip()
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.partition(separator)
        if found and tail.strip() and names_site(head):
            return tail.strip()
    return title


def _normalize_language(value: str) -> str:
    value = value.strip().replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        return ""
    primary, _, rest = value.partition("-")
    return primary.lower() + (f"-{rest.upper() if len(rest) == 2 else rest}" if rest else "")
