"""Main-text extraction benchmark: factcheck_gui.net.extract against its peers.

Data: shared/benchmarks/articles (181 real news and blog pages; see its README.md).
Metric as that README defines it (the benchmark's own evaluate.py): ``\\w+`` tokens,
4-token shingles as multisets, per-page TP/FP/FN normalised so every page weighs the same,
P and R averaged over pages, F1 = 2PR/(P+R), accuracy = share of pages whose token
sequence equals the ground truth exactly.

    python bench/bench_extraction.py [--data DIR] [--limit N | --quick] [--options]

Configurations measured in the same run, on the same pages:

- ``extract_main_text`` and ``extract_text_and_links``: what the app uses (one trafilatura
  run with TRAFILATURA_OPTIONS on the page with its link labels marked, walked into text
  and link ranges; paragraphs fallback); the two give the same text;
- ``trafilatura.extract(include_comments=False)``: the benchmark's own setting (peer);
- BeautifulSoup ``body.get_text(" ", strip=True)``: the floor.

With ``--options`` it also measures trafilatura's favor_precision / favor_recall variants.
It also reports how often our text has exactly the same ``\\w+`` tokens as trafilatura's
plain-text output with the same options (marking the links must not change the text).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "articles"
sys.path.insert(0, str(ROOT))

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, size: int = 4) -> Counter:
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def score(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """F1, P, R, accuracy from (expected, predicted) texts, as the benchmark defines them."""
    precisions, recalls, exact = [], [], 0
    for expected, predicted in pairs:
        exact += tokens(expected) == tokens(predicted)
        true, pred = shingles(expected), shingles(predicted)
        tp = sum((true & pred).values())
        fp = sum((pred - true).values())
        fn = sum((true - pred).values())
        total = tp + fp + fn
        if not total:
            continue
        tp, fp, fn = tp / total, fp / total, fn / total
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return {"F1": 2 * p * r / (p + r) if p + r else 0.0, "P": p, "R": r, "acc": exact / len(pairs) if pairs else 0.0}


def load(data: Path, limit: int | None) -> list[tuple[str, str, str]]:
    """(html, expected text, url) per page."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    pages = []
    for key in keys:
        with gzip.open(data / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as handle:
            pages.append((handle.read(), truth[key]["articleBody"], truth[key]["url"]))
    return pages


def run(name: str, function: Callable[[str, str], str], pages) -> tuple[dict[str, float], list[str]]:
    outputs, times = [], []
    for html, _, url in pages:
        start = time.perf_counter()
        outputs.append(function(html, url) or "")
        times.append((time.perf_counter() - start) * 1000)
    result = score([(expected, out) for (_, expected, _), out in zip(pages, outputs, strict=True)])
    result["ms"] = statistics.median(times)
    print(
        f"| {name} | {result['F1']:.3f} | {result['P']:.3f} | {result['R']:.3f} | "
        f"{result['acc']:.3f} | {result['ms']:.1f} |",
        flush=True,
    )
    return result, outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages, for a quick run")
    parser.add_argument("--quick", action="store_true", help="the first 40 pages (unless --limit says otherwise)")
    parser.add_argument("--options", action="store_true", help="also measure trafilatura's precision/recall options")
    args = parser.parse_args(argv)
    if args.quick and args.limit is None:
        args.limit = 40

    import bs4
    import trafilatura
    from bs4 import BeautifulSoup

    from factcheck_gui.net.extract import TRAFILATURA_OPTIONS, extract_main_text, extract_text_and_links

    def soup_text(html: str, url: str) -> str:
        body = BeautifulSoup(html, "lxml").body
        return body.get_text(" ", strip=True) if body else ""

    if not (args.data / "ground-truth.json").is_file():
        raise SystemExit(f"No benchmark data in {args.data} (ground-truth.json is missing): it is shared/benchmarks "
                         "beside the repository's folder; --data points elsewhere.")
    pages = load(args.data, args.limit)
    print(f"{len(pages)} pages from {args.data}\n")
    print("| extractor | F1 | P | R | acc | median ms/page |")
    print("|---|---|---|---|---|---|")
    _, ours = run("factcheck_gui extract_main_text", extract_main_text, pages)
    linked: list[tuple[str, list]] = []
    run(
        "factcheck_gui extract_text_and_links (text + link ranges)",
        lambda html, url: linked.append(extract_text_and_links(html, url)) or linked[-1][0],
        pages,
    )
    run(
        f"trafilatura {trafilatura.__version__} extract(include_comments=False)",
        lambda html, url: trafilatura.extract(html, include_comments=False),
        pages,
    )
    if args.options:
        for label, options in (
            ("favor_precision=True", {"favor_precision": True}),
            ("favor_recall=True", {"favor_recall": True}),
        ):
            run(
                f"trafilatura extract(include_comments=False, {label})",
                lambda html, url, o=options: trafilatura.extract(html, include_comments=False, **o),
                pages,
            )
    run(f"BeautifulSoup {bs4.__version__} body text (floor)", soup_text, pages)

    plain = [trafilatura.extract(html, **TRAFILATURA_OPTIONS) or "" for html, _, _ in pages]
    same = sum(tokens(a) == tokens(b) for a, b in zip(ours, plain, strict=True))
    print(
        f"\nSame \\w+ tokens as trafilatura.extract(**TRAFILATURA_OPTIONS) plain text: "
        f"{same}/{len(pages)} pages"
    )
    links = [link for _, page_links in linked for link in page_links]
    print(
        f"Link ranges: {len(links)} on {sum(1 for _, page_links in linked if page_links)} pages, "
        f"median {statistics.median(len(page_links) for _, page_links in linked):.0f} per page"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
