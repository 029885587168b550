"""Save, load and export an article of 1 MB with 1,000 claims; prints medians.

Targets (issue 6): save under 50 ms, HTML export under 200 ms.
Usage: python bench/bench_store.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import REPO, big_article, median_seconds, verdict  # noqa: E402

sys.path.insert(0, str(REPO))


def _change_a_verdict(article) -> None:
    """What the window does when a claim's verdict is changed: one claim and the article are touched."""
    claim = article.claims[len(article.claims) // 2]
    claim.verdict = "true" if claim.verdict != "true" else "false"
    claim.touch()
    article.touch()


def _median_after(prepare: Callable[[], object], action: Callable[[], object], runs: int) -> float:
    """Median wall time of *action* over *runs* runs, each after an untimed *prepare*."""
    times = []
    for _ in range(runs):
        prepare()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs

    from factcheck_gui.core.jsonfile import forget_written_parts
    from factcheck_gui.store.articlefile import dumps_article
    from factcheck_gui.store.library import Library

    article = big_article(1.0, 1000)
    size_mb = len(article.text.encode("utf-8")) / 1e6
    print(f"article: {size_mb:.2f} MB of text, {len(article.sentences)} sentences, {len(article.claims)} claims; median of {runs} runs")
    with tempfile.TemporaryDirectory() as folder:
        library = Library(folder)
        handle = library.add(article)
        serialise = median_seconds(lambda: dumps_article(article), runs)
        save = median_seconds(lambda: library.save(handle), runs)
        edited = median_seconds(lambda: (_change_a_verdict(article), library.save(handle)), runs)
        first = _median_after(forget_written_parts, lambda: library.save(handle), runs)
        load = median_seconds(lambda: library.open(article.id), runs)
        print(f"serialise to JSON text          {serialise * 1000:8.1f} ms   (parts unchanged since the last save)")
        print(f"save (atomic, fsync, backup)    {save * 1000:8.1f} ms   target < 50 ms: {verdict(save, 0.050)}")
        print(f"save after a verdict changed    {edited * 1000:8.1f} ms")
        print(f"first save in a session         {first * 1000:8.1f} ms   (nothing remembered: all written and encoded)")
        print(f"load (parse, validate, anchor)  {load * 1000:8.1f} ms")
        print(f"file size                       {handle.path.stat().st_size / 1e6:8.2f} MB")
    try:
        from factcheck_gui.core.settings import Settings
        from factcheck_gui.export import ExportOptions, export_article
    except ImportError:
        print("HTML export: the export package is not available")
        return
    html = median_seconds(lambda: export_article(article, "html", ExportOptions(), Settings()), runs)
    print(f"export HTML (with article text) {html * 1000:8.1f} ms   target < 200 ms: {verdict(html, 0.200)}")


if __name__ == "__main__":
    main()
