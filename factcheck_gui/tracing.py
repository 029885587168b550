"""Trace a claim to its origin: fetch the pages around a claim, then ask ``core.tracing`` who said it first.

Shared by the command line (``factcheck trace``) and the window's trace view, which runs
:func:`crawl` on its task runner's threads. Like :mod:`factcheck_gui.fetching` it is plain
functions (no Qt): an optional :class:`~factcheck_gui.net.cancel.CancelToken` and an
optional ``progress(fraction, status)`` callback, plain data back, no model object touched.

Where a trace starts (:func:`start_addresses`): the claim's pinned sources, then the
article's own links inside or next to the claim's sentence.

How it spreads, and how the page budget (``max_pages``, default 50) is spent:

- Every page is fetched as a source is (:func:`factcheck_gui.fetching.fetch_page`: the same
  size and time limits, read in the worker processes), its raw body kept as a snapshot by
  SHA-256 when a library is given, and tested against the claim (``core.tracing.carriage``).
- A page that **carries** the claim has its links followed *at the same depth*: following
  a carrier's citations spends no depth, so a chain of reports four deep is still walked
  at depth 2. Links near the passage that carries the claim go first.
- A page that does **not** carry it has only the links of the passage nearest the claim
  followed (that passage's paragraph and the ones next to it, when it holds at least
  :data:`NEAR_OVERLAP` of the claim's word 3-grams), one level deeper; nothing is followed
  past ``depth`` (default 2; the start pages are depth 0).
- Pages are fetched :data:`THREADS` at a time, shallowest and earliest found first. Every
  request spends one page of the budget, a failed one too; when the budget is spent, the
  links still waiting are counted (``Crawl.unfollowed``) and not fetched. An address is
  fetched once (addresses compare as ``core.tracing.normal_address``).
- Dates are the page's own (htmldate, then its metadata, as the sources panel reads them).
  Only with ``archive_lookup=True`` (off unless the user allows it) is a carrier without a
  date looked up in the Internet Archive, whose first capture then dates it.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factcheck_gui.core.candidates import candidate_links
from factcheck_gui.core.clock import utc_now
from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.model import Article, Claim, Source, TraceSummary
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.text import is_web_url
from factcheck_gui.core.tracing import (
    Trace,
    TracedPage,
    analyse,
    carriage,
    nearest_passage,
    normal_address,
    summarize,
)

if TYPE_CHECKING:  # net is imported when a trace starts, not with this module
    from factcheck_gui.net.cancel import CancelToken
    from factcheck_gui.net.fetch import FetchResult
    from factcheck_gui.store.library import Library

__all__ = ["DEFAULT_DEPTH", "DEFAULT_MAX_PAGES", "Crawl", "crawl", "start_addresses"]

DEFAULT_DEPTH = 2
DEFAULT_MAX_PAGES = 50
#: Pages fetched at once.
THREADS = 16
#: Share of the claim's word 3-grams the nearest passage of a non-carrying page must hold
#: for its links to be followed.
NEAR_OVERLAP = 0.3

Progress = Callable[[float, str], None]
#: ``fetch(url, settings, cancel=...)``, as :func:`factcheck_gui.fetching.fetch_page`.
Fetcher = Callable[..., "FetchResult"]


@dataclass
class Crawl:
    """What a trace fetched and what the analysis made of it."""

    claim: str
    start: list[str]
    pages: list[TracedPage]  # every page asked for, in the order fetched; failed ones have ``error``
    sources: dict[str, Source]  # by the page's requested address: a source ready to pin (snapshot kept)
    trace: Trace
    unfollowed: int = 0  # links left waiting when the page budget was spent
    traced_at: str = field(default_factory=utc_now)

    def summary(self) -> TraceSummary:
        """What to keep with the claim (``core.editing.set_trace``)."""
        return summarize(self.trace, self.start, len(self.pages), self.traced_at)

    def source_for(self, url: str) -> Source | None:
        """The captured source of the page at *url* (requested, final or canonical address)."""
        if url in self.sources:
            return self.sources[url]
        wanted = normal_address(url)
        for source in self.sources.values():
            if any(normal_address(a) == wanted for a in (source.url, source.final_url, source.canonical_url) if a):
                return source
        return None


def start_addresses(article: Article, claim: Claim) -> list[str]:
    """Where a trace of *claim* starts: its pinned sources, then the article's links near it."""
    found: list[str] = []
    for evidence in claim.evidence:
        try:
            source = article.source(evidence.source_id)
        except KeyError:
            continue
        address = source.final_url or source.url
        if is_web_url(address):
            found.append(address)
    found.extend(link.href for link in candidate_links(article, claim))
    unique: dict[str, str] = {}
    for address in found:
        unique.setdefault(normal_address(address), address)
    return list(unique.values())


def crawl(claim: str, start: list[str], settings: Settings, library: Library | None = None, *,
          depth: int = DEFAULT_DEPTH, max_pages: int = DEFAULT_MAX_PAGES, cancel: CancelToken | None = None,
          progress: Progress | None = None, archive_lookup: bool = False, fetch: Fetcher | None = None,
          threads: int = THREADS) -> Crawl:
    """Fetch the pages around *claim* from the *start* addresses and trace it (see the module docstring).

    Raises :class:`~factcheck_gui.net.errors.CancelledFetch` when *cancel* is set; a page that
    fails is kept with its ``error`` and is no part of the analysis.
    """
    from factcheck_gui.fetching import fetch_page
    from factcheck_gui.net.cancel import CancelToken
    from factcheck_gui.net.errors import CancelledFetch
    from factcheck_gui.net.fetch import to_source

    fetcher: Fetcher = fetch if fetch is not None else fetch_page
    token = cancel or CancelToken()
    report = progress or _ignore
    max_pages = max(1, max_pages)
    queue: list[tuple[int, int, int, str]] = []  # (depth, rank, order found, address)
    seen: set[str] = set()
    counter = 0

    def offer(url: str, at_depth: int, rank: int) -> None:
        nonlocal counter
        if not is_web_url(url):
            return
        key = normal_address(url)
        if key in seen:
            return
        seen.add(key)
        counter += 1
        heapq.heappush(queue, (at_depth, rank, counter, url))

    for address in start:
        offer(address, 0, 0)

    pages: list[TracedPage] = []
    sources: dict[str, Source] = {}
    carriers = 0
    lock = threading.Lock()

    def one(url: str, at_depth: int) -> tuple[TracedPage, bool, list[tuple[str, int, int]]]:
        """Fetch one page (on a pool thread): the page, whether it carries the claim, the links it offers."""
        try:
            result = fetcher(url, settings, cancel=token)
        except CancelledFetch:
            raise
        except FactcheckError as exc:
            return TracedPage(url=url, depth=at_depth, error=str(exc)), False, []
        token.raise_if_cancelled(url)
        source = to_source(result)
        if library is not None:
            source.sha256 = library.save_snapshot(result.body)
        with lock:
            sources[url] = source
        page = TracedPage(url=url, final_url=result.final_url, canonical_url=result.canonical_url,
                          title=result.title, site=source.site, published=result.published[:10],
                          date_evidence="the page's own date" if result.published else "",
                          text=result.text, links=[link.href for link in result.links], depth=at_depth)
        carries, links = _links_to_follow(claim, result, at_depth, depth)
        return page, carries, links

    pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="trace")
    running: dict[Future, str] = {}
    asked = 0
    try:
        while queue or running:
            token.raise_if_cancelled()
            while queue and asked < max_pages and len(running) < threads:
                at_depth, _rank, _order, url = heapq.heappop(queue)
                running[pool.submit(one, url, at_depth)] = url
                asked += 1
            if not running:
                break
            done, _ = wait(list(running), timeout=0.05, return_when=FIRST_COMPLETED)
            for future in done:
                del running[future]
                page, carries, links = future.result()
                pages.append(page)
                carriers += carries
                for address in (page.final_url, page.canonical_url):
                    if address:
                        seen.add(normal_address(address))
                for address, at_depth, rank in links:
                    offer(address, at_depth, rank)
            if done:  # the window hears of a page read, not of every 50 ms wait
                waiting = len(queue) + len(running)
                report(len(pages) / max(1, min(max_pages, len(pages) + waiting)),
                       f"{len(pages)} pages read, {carriers} carry the claim\u2026")
    except BaseException:
        token.cancel()  # the other fetches stop too
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    if archive_lookup:
        _date_from_archive(claim, pages, settings, token, report)
    report(1.0, "Tracing the claim\u2026")
    return Crawl(claim, list(start), pages, sources, analyse(claim, pages), unfollowed=len(queue))


def _links_to_follow(claim: str, result: FetchResult, at_depth: int,
                     max_depth: int) -> tuple[bool, list[tuple[str, int, int]]]:
    """Whether a fetched page carries the claim, and the links a trace follows from it (address, depth, rank)."""
    carried = carriage(claim, result.text)
    overlap, passage = nearest_passage(claim, result.text)
    near = _near(result, carried.passage or passage) if (carried.carries or overlap >= NEAR_OVERLAP) else set()
    if carried.carries:
        return True, [(link.href, at_depth, 0 if index in near else 1) for index, link in enumerate(result.links)]
    if at_depth >= max_depth:
        return False, []
    return False, [(link.href, at_depth + 1, 2) for index, link in enumerate(result.links) if index in near]


def _near(result: FetchResult, passage: str) -> set[int]:
    """Indexes of the page's links in the paragraph of *passage* or the paragraphs next to it."""
    text = result.text
    position = text.find(passage[:80]) if passage else -1
    if position < 0:
        return set()
    low = text.rfind("\n\n", 0, position)
    low = text.rfind("\n\n", 0, low) if low > 0 else 0
    high = text.find("\n\n", position + len(passage))
    high = text.find("\n\n", high + 2) if high >= 0 else len(text)
    high = len(text) if high < 0 else high
    return {index for index, link in enumerate(result.links) if low <= link.start < high}


def _date_from_archive(claim: str, pages: list[TracedPage], settings: Settings, token: CancelToken,
                       report: Progress) -> None:
    """Date the undated carriers by their first capture in the Internet Archive (the user allowed it)."""
    from factcheck_gui.net.archive import first_capture
    from factcheck_gui.net.errors import ArchiveError

    for page in pages:
        if page.error or page.published or not carriage(claim, page.text).carries:
            continue
        token.raise_if_cancelled(page.url)
        report(1.0, "Asking the Internet Archive when it first saw a page\u2026")
        try:
            found = first_capture(page.address, settings)
        except ArchiveError:
            continue  # the page stays undated, and the trace warns about it
        if found:
            page.published, page.date_evidence = found, "the Internet Archive's first capture"


def _ignore(_fraction: float, _status: str) -> None:
    """No one listens to the progress."""
