"""Guess what kind of source a document is, from its address, type and metadata.

The guess only pre-fills the source card; the user can change it. In order:

1. social media hosts (X/Twitter, Facebook, Instagram, TikTok, YouTube, Reddit, Bluesky,
   Mastodon, Threads, Telegram...) -> social;
2. government and international bodies (``.gov``, ``.mil``, ``.gov.uk``, ``.gouv.fr``,
   ``.gob.mx``, ``europa.eu``, ``un.org``, ``nato.int``...) -> official;
3. PDFs and data files (CSV, JSON, spreadsheets) -> primary document;
4. press releases: JSON-LD ``PressRelease``, or the address or title says "press release"
   or "newsroom" -> official;
5. JSON-LD NewsArticle (and its kinds), Article or ReportageNews, or ``og:type`` article
   -> news; a page that only calls itself a "statement" in its address or title is news
   when it is marked as an article, else official;
6. anything else -> other.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from factcheck_gui.core.model import SourceKind
from factcheck_gui.net.urls import host_of

__all__ = ["guess_kind", "is_official_host", "is_social_host"]

_SOCIAL_HOSTS = (
    "twitter.com", "x.com", "t.co", "facebook.com", "fb.com", "fb.watch", "instagram.com",
    "tiktok.com", "youtube.com", "youtu.be", "reddit.com", "redd.it", "bsky.app", "bsky.social",
    "threads.net", "threads.com", "t.me", "telegram.me", "linkedin.com", "truthsocial.com",
    "vk.com", "weibo.com", "rumble.com", "gab.com", "mastodon.social", "mastodon.online",
    "mstdn.social", "mas.to", "fosstodon.org", "nitter.net", "xcancel.com",
)
# A host label that names a Mastodon (or other fediverse) server: mastodon.xyz, mstdn.jp...
_FEDIVERSE_LABEL = re.compile(r"(?:^|\.)(?:mastodon|mstdn|toot)\.")

# International bodies and governments whose sites are not under a gov-like suffix.
_OFFICIAL_HOSTS = (
    "un.org", "europa.eu", "nato.int", "who.int", "wto.org", "imf.org", "worldbank.org",
    "oecd.org", "osce.org", "coe.int", "icj-cij.org", "icc-cpi.int", "iaea.org", "unhcr.org",
    "unicef.org", "kremlin.ru", "government.ru", "mid.ru", "mil.ru", "president.gov.ua",
    "bundesregierung.de", "bundestag.de", "elysee.fr", "gov.uk", "parliament.uk",
    "canada.ca", "congress.gov", "senate.gov", "house.gov", "whitehouse.gov", "defense.gov",
    "state.gov", "europarl.europa.eu", "consilium.europa.eu", "ec.europa.eu", "admin.ch",
    "bund.de", "gc.ca", "govt.nz", "gov.au",
)
# Second-level labels that mean "government" under a country code: gov.uk, gob.mx, go.jp...
_GOV_LABELS = ("gov", "gob", "gouv", "govt", "go", "gv", "mil", "mod", "gub", "government")
_OFFICIAL_TLDS = ("gov", "mil", "int")

_NEWS_TYPES = {
    "newsarticle", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "satiricalarticle",
    "article", "og:article", "liveblogposting",
}
_PRIMARY_TYPES = (
    "application/pdf", "text/csv", "application/json", "application/ld+json",
    "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet", "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
_PRESS_RELEASE = re.compile(r"press[\s_\-]?releases?|pressemitteilung|communiqu[eé]|newsroom|press[\s_\-]?statement", re.I)
_STATEMENT = re.compile(r"\bstatements?\b|readout|remarks[\s_\-]by", re.I)


def is_social_host(url: str) -> bool:
    """True for addresses on a social media site (a post, a video, a thread)."""
    host = host_of(url)
    return _matches(host, _SOCIAL_HOSTS) or bool(_FEDIVERSE_LABEL.search(host + "."))


def is_official_host(url: str) -> bool:
    """True for government, military and international-organisation sites."""
    host = host_of(url)
    if not host:
        return False
    labels = host.split(".")
    if labels[-1] in _OFFICIAL_TLDS:
        return True
    if len(labels) >= 2 and len(labels[-1]) == 2 and labels[-2] in _GOV_LABELS:
        return True  # other countries' .gov: defence.gov.au, interieur.gouv.fr, sre.gob.mx
    return _matches(host, _OFFICIAL_HOSTS)


def guess_kind(url: str, content_type: str = "", metadata: Any = None) -> SourceKind:
    """The likely :class:`SourceKind` of a document (see the module docstring for the rules).

    *metadata* is anything with ``types`` (JSON-LD types and ``og:<type>``) and ``title``
    attributes: a :class:`~factcheck_gui.net.metadata.PageMetadata` or a ``FetchResult``.
    """
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    types = {str(t).lower() for t in (getattr(metadata, "types", None) or [])}
    title = getattr(metadata, "title", "") or ""
    try:
        path = urlsplit(url).path
    except ValueError:
        path = ""
    host = host_of(url)

    if is_social_host(url):
        return SourceKind.SOCIAL
    if is_official_host(url):
        return SourceKind.OFFICIAL
    if mime in _PRIMARY_TYPES or mime.endswith("+json") or (not mime and path.lower().endswith(".pdf")):
        return SourceKind.PRIMARY
    if "pressrelease" in types or _PRESS_RELEASE.search(path) or _PRESS_RELEASE.search(title):
        return SourceKind.OFFICIAL
    if host.startswith(("newsroom.", "press.", "media.")) and not types & _NEWS_TYPES:
        return SourceKind.OFFICIAL
    if types & _NEWS_TYPES:
        return SourceKind.NEWS
    if _STATEMENT.search(path) or _STATEMENT.search(title):
        return SourceKind.OFFICIAL
    return SourceKind.OTHER


def _matches(host: str, suffixes: tuple[str, ...]) -> bool:
    return any(host == suffix or host.endswith("." + suffix) for suffix in suffixes)
