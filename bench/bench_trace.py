"""Trace benchmark: the origin of a claim and how many independent origins it has.

    python bench/bench_trace.py [--quick]

Data: 36 small webs from bench/trace_webs.py (chains 1-4 deep, syndicated copies, pages
that cite without carrying the claim, two independent origins, a circle, an undated
statement, a look-alike with a changed number), built from real sentences.

This script scores the analysis (``core.tracing.analyse``) on the pages each web holds,
read as the crawl would capture them (text, date, links), against two simple peers:

- ``earliest page``: the earliest dated page of the web is the origin; every page with
  the claim's exact sentence counts as an origin;
- ``end of chain``: follow the first link from the start page until a page links nowhere.

Printed: origin correct, independent origins exact, syndicated copies counted as
independent, look-alikes taken as carriers.
"""

from __future__ import annotations

import argparse
import sys
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from trace_webs import Web, make_webs  # noqa: E402

from factcheck_gui.core.tracing import TracedPage, analyse, normal_address  # noqa: E402

BASE = "http://web.test"


def captured(web: Web) -> list[TracedPage]:
    """The pages reachable from the start pages, in the order a breadth-first crawl meets them."""
    order, seen, queue = [], set(), deque((path, 0) for path in web.start)
    while queue:
        path, depth = queue.popleft()
        if path in seen or path not in web.pages:
            continue
        seen.add(path)
        spec = web.pages[path]
        order.append(TracedPage(url=BASE + path, title=spec.title, site=spec.site, published=spec.published,
                                date_evidence="page metadata" if spec.published else "",
                                text="\n\n".join(spec.paragraphs), links=[BASE + link for link in spec.links],
                                canonical_url=BASE + spec.canonical if spec.canonical else "", depth=depth))
        queue.extend((link, depth + 1) for link in spec.links)
    return order


def earliest_page(web: Web, pages: list[TracedPage]) -> tuple[str | None, int]:
    dated = sorted((p.published, p.url) for p in pages if p.published)
    carrying = sum(web.claim in p.text for p in pages)
    return (dated[0][1] if dated else None), carrying


def end_of_chain(web: Web, pages: list[TracedPage]) -> tuple[str | None, int]:
    by_url = {p.url: p for p in pages}
    page, seen = by_url[BASE + web.start[0]], set()
    while page.links and page.url not in seen:
        seen.add(page.url)
        nxt = by_url.get(page.links[0])
        if nxt is None:
            break
        page = nxt
    return page.url, 1


def ours(web: Web, pages: list[TracedPage]) -> tuple[str | None, int]:
    trace = analyse(web.claim, pages)
    return trace.origin, trace.independent_origins


def main() -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).add_argument("--quick", action="store_true")
    webs = make_webs()
    print(f"{len(webs)} webs, {sum(len(w.pages) for w in webs)} pages\n")
    print(f"{'strategy':14} {'origin right':>13} {'independent exact':>18}")
    for name, strategy in {"earliest page": earliest_page, "end of chain": end_of_chain, "ours": ours}.items():
        right = exact = 0
        for web in webs:
            origin, independent = strategy(web, captured(web))
            right += origin is not None and normal_address(origin) == normal_address(BASE + web.origin)
            exact += independent == web.independent
        print(f"{name:14} {right:>6} of {len(webs):<4} {exact:>10} of {len(webs):<4}")
    copies_counted = lookalikes_carried = 0
    warnings_for_circles = circles = 0
    for web in webs:
        pages = captured(web)
        trace = analyse(web.claim, pages)
        groups = {node.url: node.group for node in trace.nodes}
        for copies in web.syndicated:
            copies_counted += len({groups[BASE + p] for p in copies if BASE + p in groups}) - 1
        carriers = {node.url for node in trace.nodes if node.carries_claim}
        lookalikes_carried += sum(BASE + path in carriers for path in web.lookalikes)
        if "circle" in web.name:
            circles += 1
            warnings_for_circles += any(w.startswith("Circular citation") for w in trace.warnings)
    print(f"\nours: syndicated copies outside their group: {copies_counted}; look-alikes taken as carriers: "
          f"{lookalikes_carried}; circles warned: {warnings_for_circles} of {circles}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
