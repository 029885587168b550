"""Publication-date benchmark: factcheck_gui.net.metadata against htmldate alone.

Data: shared/benchmarks/metadata (593 real pages with expected dates; see its README.md).
Scoring follows that README (htmldate's convention), compared at day level:
output == expected -> TP; wrong output -> FP; no output when a date is expected -> FN;
no output when none is expected -> TN; any output when none is expected -> FP.
P = TP/(TP+FP), R = TP/(TP+FN), accuracy = (TP+TN)/N, F1 = 2TP/(2TP+FP+FN).

    python bench/bench_dates.py [--data DIR] [--limit N | --quick]

Configurations measured in the same run, on the same decoded pages:

- ``ours``: ``find_published_date(html)``, htmldate first, tags as fallback (what the app uses);
- ``ours, tags first``: JSON-LD / citation / DC / OpenGraph first, htmldate as fallback;
- ``htmldate``: ``htmldate.find_date(html, original_date=True)`` alone (the peer).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "metadata"
sys.path.insert(0, str(ROOT))


def score(pairs: list[tuple[str | None, str]]) -> dict[str, float]:
    """P, R, accuracy and F1 from (expected, found) pairs; found is "" when nothing was found."""
    tp = fp = fn = tn = 0
    for expected, found in pairs:
        day = found[:10] if found else ""
        if expected is None:
            if day:
                fp += 1
            else:
                tn += 1
        elif not day:
            fn += 1
        elif day == expected:
            tp += 1
        else:
            fp += 1
    n = len(pairs)
    return {
        "P": tp / (tp + fp) if tp + fp else 0.0,
        "R": tp / (tp + fn) if tp + fn else 0.0,
        "acc": (tp + tn) / n if n else 0.0,
        "F1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
    }


def load(data: Path, limit: int | None) -> list[tuple[str, str | None, str]]:
    """(html, expected date or None, url) per page, HTML decoded as the app decodes it."""
    from factcheck_gui.net.html import html_to_str

    entries = json.loads((data / "expected_dates.json").read_text(encoding="utf-8"))
    if limit:
        entries = entries[:limit]
    pages = []
    for entry in entries:
        raw = gzip.decompress((data / entry["file"]).read_bytes())
        pages.append((html_to_str(raw), entry["date"], entry["url"]))
    return pages


def run(name: str, function: Callable[[str, str], str], pages, use_url: bool) -> dict[str, float]:
    pairs, times = [], []
    for html, expected, url in pages:
        start = time.perf_counter()
        found = function(html, url if use_url else "")
        times.append((time.perf_counter() - start) * 1000)
        pairs.append((expected, found or ""))
    result = score(pairs)
    result["ms"] = statistics.median(times)
    print(
        f"| {name} | {result['P']:.3f} | {result['R']:.3f} | {result['acc']:.3f} | "
        f"{result['F1']:.3f} | {result['ms']:.1f} |",
        flush=True,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages, for a quick run")
    parser.add_argument("--quick", action="store_true", help="the first 40 pages (unless --limit says otherwise)")
    parser.add_argument("--url", action="store_true", help="also pass each page's URL (off by default, as in the README)")
    args = parser.parse_args(argv)
    if args.quick and args.limit is None:
        args.limit = 40

    import htmldate

    from factcheck_gui.net.metadata import find_published_date

    if not (args.data / "expected_dates.json").is_file():
        raise SystemExit(f"No benchmark data in {args.data} (expected_dates.json is missing): it is shared/benchmarks "
                         "beside the repository's folder; --data points elsewhere.")
    pages = load(args.data, args.limit)
    print(f"{len(pages)} pages from {args.data}\n")
    print("| extractor | P | R | acc | F1 | median ms/page |")
    print("|---|---|---|---|---|---|")
    run("factcheck_gui find_published_date (htmldate first)", find_published_date, pages, args.url)
    run(
        "factcheck_gui find_published_date (tags first)",
        lambda html, url: find_published_date(html, url, htmldate_first=False),
        pages,
        args.url,
    )
    run(
        f"htmldate {htmldate.__version__} find_date(original_date=True)",
        lambda html, url: htmldate.find_date(html, original_date=True, url=url or None) or "",
        pages,
        args.url,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
