"""Small webs of pages for the trace benchmark, with the truth about each.

    from trace_webs import make_webs, render_html

Each web is a handful of pages built around one real sentence with a number (from
bench/data/similar_dev.json, i.e. the real article bodies of shared/benchmarks), with
real sentences of other articles as the rest of each page. The kinds, mixed:

- ``chain``: a report cites a report ... cites the official statement that said it
  (1 to 4 deep); the statement is the origin;
- ``syndicated``: a wire report copied by two or three sites with other titles, dates and
  boilerplate: one group, never an independent origin;
- ``noise``: pages that link to the statement without carrying the claim;
- ``two origins``: two statements said it independently; each has its own reports;
- ``circle``: two reports cite each other, no statement;
- ``undated``: the statement gives no date; the dated report that cites it is later;
- ``look-alike``: an earlier page carries the sentence with the number changed; it is
  never a carrier and never the origin;
- ``dated origin`` (after the others): the statement says the claim with a year, a date or
  a count more ("... in 2019.", "On 12 March 2019, ...", "..., up from 12 a year earlier.");
  it is still the origin;
- ``dated look-alike`` (after the others): as ``dated origin``, and an earlier page carries
  the sentence with the number changed *and* a year added; it is never a carrier.

Addresses are paths (``/site/slug``); :func:`render_html` makes the HTML a server hands out.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

DEV = Path(__file__).resolve().parent / "data" / "similar_dev.json"


@dataclass
class PageSpec:
    title: str
    site: str
    published: str  # ISO date or ""
    paragraphs: list[str]
    links: list[str] = field(default_factory=list)  # paths
    canonical: str = ""  # a path, or ""


@dataclass
class Web:
    name: str
    claim: str
    pages: dict[str, PageSpec]
    start: list[str]  # the pages pinned to the claim, where a trace begins
    origin: str  # path of the true origin
    independent: int
    syndicated: list[list[str]] = field(default_factory=list)  # groups of copies
    lookalikes: list[str] = field(default_factory=list)


def _day(base: date, offset: int) -> str:
    return (base + timedelta(days=offset)).isoformat()


def make_webs(seed: int = 3, count: int = 36, dated: int = 6) -> list[Web]:
    """*count* webs (kinds in turn), then *dated* webs whose pages add dates (the two dated kinds in
    turn), reproducible from *seed*; the first *count* are the same whatever *dated* is."""
    rng = random.Random(seed)
    data = json.loads(DEV.read_text(encoding="utf-8"))
    sentences = data["indexed"]
    claims = [sentences[q["answer"]] for q in data["queries"] if q["kind"] == "reworded"]
    claims = [c for c in claims if re.search(r"\b\d+\b", c) and not re.search(r"[“”\"]", c)]
    filler = [s for s in sentences if 8 <= len(s.split()) <= 30 and not re.search(r"[“”\"]", s)]
    kinds = ["chain", "syndicated", "noise", "two origins", "circle", "undated", "look-alike"]
    webs = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        claim = claims[n % len(claims)]
        webs.append(_web(f"{n:02d}-{kind}", kind, claim, filler, rng))
    for n in range(count, count + dated):
        kind = ["dated origin", "dated look-alike"][n % 2]
        webs.append(_web(f"{n:02d}-{kind}", kind, claims[n % len(claims)], filler, rng))
    return webs


def _with_date(claim: str, year: int, form: int) -> str:
    """*claim* said with a year, a date or a count more, in one of three forms."""
    body = claim.rstrip(".")
    if form == 0:
        return f"{body} in {year}."
    if form == 1:
        return f"On 12 March {year}, {body[0].lower()}{body[1:]}."
    return f"{body}, up from 12 a year earlier."


def _fill(rng: random.Random, filler: list[str], count: int) -> list[str]:
    return [" ".join(rng.sample(filler, 3)) for _ in range(count)]


def _web(name: str, kind: str, claim: str, filler: list[str], rng: random.Random) -> Web:
    base = date(2019, 1, 1) + timedelta(days=rng.randint(0, 300))
    quoted = f"The statement said: “{claim.rstrip('.')}.”"
    pages: dict[str, PageSpec] = {}
    statement = "/ministry/statement"
    said = _with_date(claim, base.year, rng.randint(0, 2)) if kind.startswith("dated") else claim
    pages[statement] = PageSpec("Official statement", "ministry", "" if kind == "undated" else _day(base, 0),
                                [*_fill(rng, filler, 2), said, *_fill(rng, filler, 2)])
    depth = rng.randint(1, 4) if kind == "chain" else 1
    previous = statement
    reports = []
    for k in range(1, depth + 1):
        path = f"/news{k}/report"
        pages[path] = PageSpec(f"Report {k}", f"news{k}", _day(base, k * 2),
                               [*_fill(rng, filler, 2), quoted, *_fill(rng, filler, 2)], links=[previous])
        reports.append(path)
        previous = path
    start = [reports[-1]]
    origin, independent, syndicated, lookalikes = statement, 1, [], []

    if kind == "syndicated":
        wire = reports[-1]
        copies = [wire]
        for c in range(rng.randint(2, 3)):
            path = f"/paper{c}/story-{c}"
            spec = pages[wire]
            pages[path] = PageSpec(f"{spec.title}: what we know (copy {c})", f"paper{c}", _day(base, 5 + c),
                                   [f"Subscribe to paper{c} today.", *spec.paragraphs, "Related stories: more news."],
                                   links=list(spec.links))
            copies.append(path)
        syndicated.append(copies)
        start = [copies[-1], wire]
    elif kind == "noise":
        for c in range(3):
            path = f"/blog{c}/post"
            pages[path] = PageSpec(f"Blog post {c}", f"blog{c}", _day(base, 3 + c), _fill(rng, filler, 4),
                                   links=[statement])
            pages[reports[-1]].links.insert(0, path)  # a page links to other things before its source
    elif kind == "two origins":
        second = "/agency/release"
        pages[second] = PageSpec("Agency release", "agency", _day(base, 1),
                                 [*_fill(rng, filler, 2), claim, *_fill(rng, filler, 2)])
        path = "/other/report"
        pages[path] = PageSpec("Other report", "other", _day(base, 4),
                               [*_fill(rng, filler, 2), quoted.replace("The statement", "The agency"),
                                *_fill(rng, filler, 2)], links=[second])
        start = [reports[-1], path]
        independent = 2
    elif kind == "circle":
        del pages[statement]
        a, b = "/news1/report", "/circle/report"
        pages[a].links = [b]
        pages[b] = PageSpec("Circle report", "circle", _day(base, 3),
                            [*_fill(rng, filler, 2), quoted, *_fill(rng, filler, 2)], links=[a])
        origin = a
    elif kind in ("look-alike", "dated look-alike"):
        changed = re.sub(r"\b(\d+)\b", lambda m: str(int(m.group()) + 7), claim, count=1)
        if kind == "dated look-alike":
            changed = f"{changed.rstrip('.')} in {base.year}."
        path = "/rumour/page"
        pages[path] = PageSpec("Rumour mill", "rumour", _day(base, -5),
                               [*_fill(rng, filler, 2), changed, *_fill(rng, filler, 2)])
        pages[reports[-1]].links.insert(0, path)
        lookalikes.append(path)
    return Web(name, claim, pages, start, origin, independent, syndicated, lookalikes)


def render_html(page: PageSpec, base_url: str) -> str:
    """The page as a news site would serve it: title, dates in metadata, paragraphs, links."""
    e = html.escape
    meta = f'<meta property="article:published_time" content="{page.published}T09:00:00Z">' if page.published else ""
    canonical = f'<link rel="canonical" href="{e(base_url + page.canonical)}">' if page.canonical else ""
    body = "".join(f"<p>{e(p)}</p>" for p in page.paragraphs)
    links = "".join(f'<p>Source: <a href="{e(base_url + link)}">{e(link)}</a></p>' for link in page.links)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{e(page.title)} | {e(page.site)}</title>"
            f'{meta}<meta property="og:site_name" content="{e(page.site)}">{canonical}</head>'
            f"<body><header>{e(page.site)} navigation</header><article><h1>{e(page.title)}</h1>{body}{links}</article>"
            f"<footer>© {e(page.site)}</footer></body></html>")
