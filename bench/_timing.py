"""Shared timing helpers for the bench scripts: medians of several runs, printed plainly."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_BENCHMARKS = REPO.parent / "shared" / "benchmarks"
SAMPLE_TEXT = REPO / "seeds" / "us-tells-iraq-to-choose.txt"


def median_seconds(action: Callable[[], object], runs: int = 5, warmup: int = 1) -> float:
    """Median wall time of *action* over *runs* runs, after *warmup* unmeasured runs."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    met = value <= target if lower_is_better else value >= target
    return "meets target" if met else "MISSES target"


def big_article(megabytes: float = 1.0, claims: int = 1000):
    """An article of about *megabytes* MB built from the sample, with *claims* judged claims."""
    import sys

    sys.path.insert(0, str(REPO))
    from factcheck_gui.core.editing import add_claim, new_article
    from factcheck_gui.core.plaintext import parse_plain_text

    sample = SAMPLE_TEXT.read_text(encoding="utf-8")
    body = "\n\n".join(sample.split("\n\n")[2:8])
    repeats = int(megabytes * 1_000_000 // len(body.encode("utf-8"))) + 1
    parsed = parse_plain_text("A long article built from the sample\n\n" + "\n\n".join([body] * repeats))
    article = new_article(parsed.text, parsed.meta)
    verdicts = ["false", "true", "misleading", "mostly-false", None]
    step = max(1, len(article.sentences) // max(1, claims))
    for index in range(claims):
        start, end = article.sentences[(index * step) % len(article.sentences)]
        add_claim(article, start, end, verdict=verdicts[index % len(verdicts)], rationale="Checked against the record.")
    return article
