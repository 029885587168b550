"""Trace a claim to its origin: which pages carry it, which copy which, who said it first.

Given the pages a trace captured (see ``factcheck_gui.tracing`` for the crawl), this
module decides, with no I/O:

- **carries**: a page carries the claim when it holds the claim's quotation
  (``core.quotecheck``) or its wording: most of the claim's word 3-grams in one passage
  *and* no guard objects (a number of the claim missing from the passage or another
  figure in its place, see :func:`same_figures`, or a negation more or less). A look-alike
  with a changed number never carries it; a page that adds a year or a date does;
- **groups**: near-duplicate pages (the same canonical address, AMP and mobile copies,
  syndicated copies whose word 5-grams mostly coincide, Nicholls 2019) form one group;
- **edges**: ``links`` (A links to B), ``quotes`` (A carries the quotation B carried
  first), ``reuses`` (A reuses B's text: heavy 5-gram overlap, the later page reusing
  the earlier one);
- **origin**: the earliest dated page that carries the claim; **independent origins**:
  groups that carry the claim and cite no other carrier; **warnings**: circular
  citations, carriers with no date, an origin newer than a page that cites it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import urlsplit, urlunsplit

from factcheck_gui.core.matching import fact_words, facts, is_year
from factcheck_gui.core.model import TraceStep, TraceSummary
from factcheck_gui.core.quotecheck import find_quotation, quotations_in

LINKS, QUOTES, REUSES = "links", "quotes", "reuses"
#: Share of a claim's word 3-grams that one passage of a page must hold to carry it.
MIN_CLAIM_OVERLAP = 0.6
#: Share of the smaller page's word 5-grams two pages must share to be one group (a copy).
MIN_COPY_OVERLAP = 0.6
#: Share of a page's 5-grams found in an earlier page for a ``reuses`` edge.
MIN_REUSE_OVERLAP = 0.3
#: A count the page holds in place of at most this many words of the claim is another figure (``same_figures``).
MAX_REPLACED_PHRASE = 3

_MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)

_WORD = re.compile(r"\w+")


@dataclass
class TracedPage:
    """A page a trace captured: what it is, when it is dated, what it links to."""

    url: str
    final_url: str = ""
    canonical_url: str = ""
    title: str = ""
    site: str = ""
    published: str = ""  # ISO date, "" when the page gives none
    date_evidence: str = ""  # where the date comes from ("page metadata", "htmldate", "archive")
    text: str = ""
    links: list[str] = field(default_factory=list)  # absolute addresses the page links to
    depth: int = 0
    error: str = ""

    @property
    def address(self) -> str:
        return self.final_url or self.url


@dataclass(frozen=True)
class TraceNode:
    url: str
    final_url: str
    title: str
    site: str
    published: str
    carries_claim: bool
    quote_found: bool
    group: int
    date_evidence: str = ""
    passage: str = ""  # where the page carries the claim


@dataclass(frozen=True)
class TraceEdge:
    source: str  # "from" in JSON
    target: str  # "to" in JSON
    kind: str


@dataclass(frozen=True)
class Trace:
    nodes: tuple[TraceNode, ...]
    edges: tuple[TraceEdge, ...]
    origin: str | None
    independent_origins: int
    warnings: tuple[str, ...]

    def to_json(self) -> dict:
        """The trace as the command line prints it."""
        return {
            "nodes": [{"url": n.url, "final_url": n.final_url, "title": n.title, "site": n.site,
                       "published": n.published or None, "carries_claim": n.carries_claim,
                       "quote_found": n.quote_found, "group": n.group} for n in self.nodes],
            "edges": [{"from": e.source, "to": e.target, "kind": e.kind} for e in self.edges],
            "origin": self.origin,
            "independent_origins": self.independent_origins,
            "warnings": list(self.warnings),
        }


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    """The word *size*-grams of *text* (folded)."""
    tokens = words(text)
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def normal_address(url: str) -> str:
    """*url* without scheme differences, ``www.``/``m.``/``amp.`` hosts, AMP paths, query and fragment."""
    parts = urlsplit(url.strip())
    host = re.sub(r"^(?:www|m|amp|mobile)\.", "", (parts.hostname or "").lower())
    path = re.sub(r"(?:/amp/?|\.amp)$", "", parts.path.rstrip("/")) or "/"
    path = re.sub(r"^/amp/", "/", path)
    return urlunsplit(("", host, path, "", ""))


@dataclass(frozen=True)
class Carriage:
    carries: bool
    quote_found: bool
    passage: str = ""


def carriage(claim: str, page_text: str) -> Carriage:
    """Does *page_text* carry *claim*: its quotation, or its wording with the same facts?"""
    quote_found = any(find_quotation(q, "", page_text) is not None for q in quotations_in(claim) if len(q.split()) >= 3)
    claim_grams = shingles(claim, 3)
    if not claim_grams or not page_text:
        return Carriage(quote_found, quote_found)
    best, best_passage = 0.0, ""
    for passage in _passages(page_text):
        overlap = len(claim_grams & shingles(passage, 3)) / len(claim_grams)
        if overlap > best or (overlap == best and best and len(passage) < len(best_passage)):
            best, best_passage = overlap, passage
    if best < MIN_CLAIM_OVERLAP:
        return Carriage(quote_found, quote_found)
    mine, theirs = facts(claim), facts(best_passage)
    same_facts = same_figures(claim, best_passage) and mine.negations == theirs.negations
    return Carriage(same_facts or quote_found, quote_found, best_passage)


def same_figures(claim: str, passage: str) -> bool:
    """Does *passage* state the figures of *claim*, and no other figure in their place?

    Every number (and year) of the claim must be in the passage. The passage may hold more:
    a year, a date or a count added around the claim's words ("..., officials said on 3 March
    2025", "up from 120 a year earlier") does not change what the claim says. What is refused
    is another figure *in place of* the claim's words, found by aligning the two word by word:
    a number of the claim replaced by another ("rose to 5" read as "rose from 5 to 7": the
    claim's 5 is there, but 7 stands where the claim has it), or a count where the claim has a
    short phrase ("all sorts of aid" read as "50 sorts of aid"). A date or year in place of a
    phrase without numbers ("on Tuesday" read as "on 20 October 2015") is no other figure.
    """
    mine, theirs = facts(claim), facts(passage)
    if not (mine.numbers | mine.years) <= (theirs.numbers | theirs.years):
        return False  # a figure of the claim is missing: the page says something else
    said, read = fact_words(claim), fact_words(passage)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, said, read, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        claimed = {w for w in said[i1:i2] if w[0].isdigit()}
        instead = [j for j in range(j1, j2) if read[j][0].isdigit() and read[j] not in claimed]
        if claimed and instead:
            return False  # another figure where the claim has one
        if instead and i2 - i1 <= MAX_REPLACED_PHRASE and not all(_in_a_date(read, j) for j in instead):
            return False  # a count in place of the claim's words
    return True


def _in_a_date(tokens: Sequence[str], index: int) -> bool:
    """Is the number at *index* a year or part of a date (next to a month's name or a year)?"""
    if is_year(tokens[index]):
        return True
    near = tokens[max(0, index - 2) : index + 3]
    return any(word in _MONTHS or is_year(word) for word in near if word != tokens[index])


def nearest_passage(claim: str, page_text: str) -> tuple[float, str]:
    """The passage of *page_text* closest to *claim*: (share of the claim's word 3-grams it holds, passage).

    The crawl follows a page's links near this passage even when the page does not carry the claim.
    """
    claim_grams = shingles(claim, 3)
    best, best_passage = 0.0, ""
    if not claim_grams:
        return best, best_passage
    for passage in _passages(page_text):
        overlap = len(claim_grams & shingles(passage, 3)) / len(claim_grams)
        if overlap > best or (overlap == best and best and len(passage) < len(best_passage)):
            best, best_passage = overlap, passage
    return best, best_passage


def _passages(text: str) -> Iterable[str]:
    """Windows of one to three sentences, so a claim split over sentences is still found.

    The guards compare the facts of the smallest window that holds the claim best.
    """
    sentences = [s for s in re.split(r"(?<=[.!?”\"])\s+|\n+", text) if s.strip()]
    for size in (1, 2, 3):
        for i in range(len(sentences) - size + 1):
            yield " ".join(sentences[i : i + size])


def _containment(a: set, b: set) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def analyse(claim: str, pages: Sequence[TracedPage]) -> Trace:
    """The trace of *claim* over *pages* (the pages the crawl captured, the start pages first)."""
    pages = [p for p in pages if not p.error]
    by_address: dict[str, int] = {}
    for index, page in enumerate(pages):
        for address in filter(None, (page.url, page.final_url, page.canonical_url)):
            by_address.setdefault(normal_address(address), index)
    carried = [carriage(claim, page.text) for page in pages]
    grams = [shingles(page.text) for page in pages]

    # Groups: one address (canonical, AMP, mobile), or copies of one text.
    parent = list(range(len(pages)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for index, page in enumerate(pages):
        for address in filter(None, (page.url, page.final_url, page.canonical_url)):
            join(index, by_address[normal_address(address)])
    for a in range(len(pages)):
        for b in range(a + 1, len(pages)):
            if _containment(grams[a], grams[b]) >= MIN_COPY_OVERLAP:
                join(a, b)
    group_ids: dict[int, int] = {}
    group_of = [group_ids.setdefault(root(i), len(group_ids)) for i in range(len(pages))]

    # Edges.
    edges: list[TraceEdge] = []
    links: dict[int, set[int]] = {i: set() for i in range(len(pages))}
    for a, page in enumerate(pages):
        for href in page.links:
            target = by_address.get(normal_address(href))
            if target is not None and target != a and target not in links[a]:
                links[a].add(target)
                edges.append(TraceEdge(page.address, pages[target].address, LINKS))
    for a in range(len(pages)):
        for b in range(len(pages)):
            if a == b or not _earlier(pages[b], pages[a]):
                continue
            if carried[a].quote_found and carried[b].quote_found:
                edges.append(TraceEdge(pages[a].address, pages[b].address, QUOTES))
            if grams[a] and len(grams[a] & grams[b]) / len(grams[a]) >= MIN_REUSE_OVERLAP:
                edges.append(TraceEdge(pages[a].address, pages[b].address, REUSES))

    carriers = [i for i in range(len(pages)) if carried[i].carries]
    origin_index = _origin(pages, carriers, links, group_of)

    # Independent origins: groups that carry the claim and cite no carrier of another group.
    carrier_groups = {group_of[i] for i in carriers}
    citing = {group_of[a] for a in carriers for b in links[a] if carried[b].carries and group_of[b] != group_of[a]}
    independent = len(carrier_groups - citing)
    if carrier_groups and not independent:
        independent = 1  # everything cites everything else: a circle still has at least one origin

    warnings = _warnings(pages, carried, links, group_of, origin_index)
    nodes = tuple(
        TraceNode(p.url, p.final_url or p.url, p.title, p.site, p.published, carried[i].carries, carried[i].quote_found,
                  group_of[i], p.date_evidence, carried[i].passage)
        for i, p in enumerate(pages)
    )
    origin = pages[origin_index].address if origin_index is not None else None
    return Trace(nodes, tuple(edges), origin, independent, tuple(warnings))


def _origin(pages: Sequence[TracedPage], carriers: list[int], links: dict[int, set[int]],
            group_of: list[int]) -> int | None:
    """The earliest dated carrier; from there, citations to undated carriers lead further back.

    With no dated carrier at all, the carrier that cites no other carrier and is cited most.
    """
    carrying = set(carriers)
    dated = sorted((pages[i].published, i) for i in carriers if pages[i].published)
    if dated:
        origin, visited = dated[0][1], {dated[0][1]}
        while True:
            cited = [b for b in sorted(links[origin]) if b in carrying and not pages[b].published
                     and group_of[b] != group_of[origin] and b not in visited]
            if not cited:
                return origin
            origin = cited[0]
            visited.add(origin)
    roots = [i for i in carriers if not any(b in carrying and group_of[b] != group_of[i] for b in links[i])]
    if not roots:
        return None
    return max(roots, key=lambda i: (sum(i in links[a] for a in carriers), -pages[i].depth))


def _earlier(first: TracedPage, second: TracedPage) -> bool:
    """True when *first* is dated strictly before *second*."""
    return bool(first.published and second.published and first.published < second.published)


def _warnings(pages: Sequence[TracedPage], carried: list[Carriage], links: dict[int, set[int]], group_of: list[int],
              origin_index: int | None) -> list[str]:
    found = []
    for cycle in _cycles(links, group_of):
        found.append("Circular citation: " + " → ".join(pages[i].address for i in cycle) + ".")
    for i, page in enumerate(pages):
        if carried[i].carries and not page.published:
            found.append(f"{page.address} carries the claim but gives no date.")
    if origin_index is not None:
        origin = pages[origin_index]
        for i, page in enumerate(pages):
            if origin_index in links[i] and page.published and page.published < origin.published:
                found.append(f"The origin {origin.address} ({origin.published}) is newer than "
                             f"{page.address} ({page.published}), which cites it: one of the dates is wrong.")
    return found


def _cycles(links: dict[int, set[int]], group_of: list[int]) -> list[list[int]]:
    """Citation circles between different groups (a page linking to its own copy is no circle)."""
    cycles: list[list[int]] = []
    seen_sets: set[frozenset[int]] = set()
    state: dict[int, int] = {}
    stack: list[int] = []

    def visit(node: int) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(links[node]):
            if group_of[nxt] == group_of[node]:
                continue
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt):], nxt]
                key = frozenset(cycle)
                if key not in seen_sets:
                    seen_sets.add(key)
                    cycles.append(cycle)
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(links):
        if node not in state:
            visit(node)
    return cycles


def summarize(trace: Trace, start: Sequence[str], pages_read: int = 0, traced_at: str = "") -> TraceSummary:
    """What to keep with the claim: the origin, independent origins, the chain back to the origin, the carriers.

    The chain is the shortest path of ``links`` edges from a page the trace started at to the
    origin (just the origin when no page links its way there).
    """
    by_url: dict[str, TraceNode] = {}
    for node in trace.nodes:
        by_url.setdefault(node.final_url or node.url, node)
        by_url.setdefault(node.url, node)

    def step(node: TraceNode) -> TraceStep:
        return TraceStep(node.final_url or node.url, node.title, node.site, node.published, node.group)

    origin = by_url.get(trace.origin) if trace.origin else None
    chain: tuple[TraceStep, ...] = ()
    if origin is not None:
        links: dict[str, list[str]] = {}
        for edge in trace.edges:
            if edge.kind == LINKS:
                links.setdefault(edge.source, []).append(edge.target)
        wanted = {normal_address(address) for address in start}
        starts = [n.final_url or n.url for n in trace.nodes
                  if normal_address(n.url) in wanted or normal_address(n.final_url) in wanted]
        path = _shortest_path(starts, origin.final_url or origin.url, links)
        chain = tuple(step(by_url[address]) for address in path) if path else (step(origin),)
    carriers = sorted((n for n in trace.nodes if n.carries_claim), key=lambda n: (not n.published, n.published))
    return TraceSummary(
        origin=trace.origin or "", origin_title=origin.title if origin else "",
        origin_published=origin.published if origin else "", origin_date_evidence=origin.date_evidence if origin else "",
        independent_origins=trace.independent_origins, chain=chain, appearances=tuple(step(n) for n in carriers),
        warnings=tuple(trace.warnings), pages=pages_read or len(trace.nodes), traced_at=traced_at)


def _shortest_path(starts: Sequence[str], goal: str, links: dict[str, list[str]]) -> list[str]:
    previous: dict[str, str | None] = {address: None for address in starts}
    queue = list(starts)
    while queue:
        current = queue.pop(0)
        if current == goal:
            path = [current]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for nxt in links.get(current, []):
            if nxt not in previous:
                previous[nxt] = current
                queue.append(nxt)
    return []


def carrying_span(claim: str, page_text: str) -> tuple[int, int] | None:
    """Where *page_text* carries *claim* (its quotation, else the passage with its wording), or None."""
    for quotation in quotations_in(claim):
        if len(quotation.split()) >= 3:
            match = find_quotation(quotation, "", page_text)
            if match is not None:
                return match.start, match.end
    found = carriage(claim, page_text)
    if not found.carries or not found.passage:
        return None
    start = page_text.find(found.passage)
    if start >= 0:
        return start, start + len(found.passage)
    first = re.split(r"(?<=[.!?”\"])\s+", found.passage)[0]
    start = page_text.find(first)
    return (start, start + len(first)) if start >= 0 else None


def trace_line(summary: TraceSummary) -> str:
    """A claim's trace in one line, for the claims list and the claim editor."""
    count = summary.independent_origins
    origins = f"{count} independent {'origin' if count == 1 else 'origins'}"
    if not summary.origin:
        return f"Traced: no page read carries the claim ({summary.pages} pages)"
    where = summary.origin_title or summary.origin
    site = next((s.site for s in (*summary.chain, *summary.appearances) if s.url == summary.origin and s.site), "")
    return f"Origin: {site or where}, {summary.origin_published or 'no date'} \u00b7 {origins}"
