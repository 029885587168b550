"""Seen before? How well and how fast `similar` finds earlier fact-checks of a claim.

    python bench/bench_similar.py [--quick]

Quality, on bench/data/similar_dev.json (made by bench/make_similar_devset.py; see
bench/data/README.md): 4,930 real sentences indexed as earlier reviews, 120 of them the
published claims, and 49 real headlines or descriptions; 120 reworded queries, 49 body
sentences whose short restatement (a headline or description) is indexed ("short"), 250 hard
negatives (one number, year, negation or named subject changed) and 60 queries with no match.
Three strategies in the same run:

- ``rapidfuzz``: token-set ratio against every indexed text; a match at ratio >= 90;
- ``fts5 bm25``: SQLite FTS5's own ranking on plain words (no stemming, no guards),
  any word of the query; it has no notion of a match;
- ``ours``: ``store.search_index`` (stemmed terms, TF-IDF re-ranking, guards).

Printed: recall@5 on reworded and on short queries; precision of ``match`` (over every
match made) and its recall on each; matches made on each kind of negative. Speed: ``similar``
per query over 100,000 indexed claims, building the index of 10,000 articles, and the update
on one save (medians).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "bench" / "data" / "similar_dev.json"
sys.path.insert(0, str(ROOT))

from factcheck_gui.core.editing import add_claim, new_article  # noqa: E402
from factcheck_gui.core.model import ArticleMeta  # noqa: E402
from factcheck_gui.store.search_index import Review, SearchIndex  # noqa: E402

try:
    from rapidfuzz import fuzz, process
except ImportError:  # a bench extra
    process = None


def ours(index: SearchIndex, query: str) -> list[tuple[int, bool]]:
    return [(int(hit.url.rsplit("/", 1)[1]), hit.match) for hit in index.similar(query, limit=5)]


def bm25(db: sqlite3.Connection, query: str) -> list[tuple[int, bool]]:
    words = {w for w in query.replace('"', " ").split() if any(c.isalnum() for c in w)}
    expression = " OR ".join('"' + w.strip(".,;:!?()'") + '"' for w in words if w.strip(".,;:!?()'"))
    rows = db.execute("SELECT rowid FROM plain WHERE plain MATCH ? ORDER BY bm25(plain) LIMIT 5", (expression,)).fetchall()
    return [(row[0], False) for row in rows]


def fuzzy(indexed: list[str], query: str) -> list[tuple[int, bool]]:
    found = process.extract(query, indexed, scorer=fuzz.token_set_ratio, limit=5)
    return [(position, score >= 90) for _, score, position in found]


POSITIVE = ("reworded", "short")


def quality(quick: bool) -> None:
    data = json.loads(DEV.read_text(encoding="utf-8"))
    indexed, queries = data["indexed"], data["queries"]
    if quick:
        queries = [q for i, q in enumerate(queries) if i % 2 == 0]
    index = SearchIndex(":memory:")
    index.add_reviews(Review(claim=text, verdict="false", publisher="Dev set", url=f"https://dev.example/{i}")
                      for i, text in enumerate(indexed))
    plain = sqlite3.connect(":memory:")
    plain.execute("CREATE VIRTUAL TABLE plain USING fts5(text)")
    plain.executemany("INSERT INTO plain(rowid, text) VALUES (?, ?)", enumerate(indexed))
    strategies = {"ours": lambda q: ours(index, q), "fts5 bm25": lambda q: bm25(plain, q)}
    if process is not None:
        strategies["rapidfuzz"] = lambda q: fuzzy(indexed, q)
    kinds = [*sorted({q["kind"] for q in queries} - {*POSITIVE, "no match"}), "no match"]
    counts = {kind: sum(q["kind"] == kind for q in queries) for kind in [*POSITIVE, *kinds]}
    print(f"{len(indexed)} indexed texts, {len(queries)} queries: "
          + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + "\n")
    print(f"{'strategy':10} {'match P':>8} " + " ".join(f"{'R@5 ' + k:>12} {'match R ' + k:>16}" for k in POSITIVE)
          + f" {'ms/query':>9}")
    rows = []
    for name, strategy in strategies.items():
        hits5 = dict.fromkeys(POSITIVE, 0)
        right = dict.fromkeys(POSITIVE, 0)
        made = 0
        false_by_kind = dict.fromkeys(kinds, 0)
        started = time.perf_counter()
        for q in queries:
            found = [(position, match) for position, match in strategy(q["query"]) if position not in q.get("also", ())]
            matched = [position for position, match in found if match]
            made += len(matched)
            if q["kind"] in POSITIVE:
                hits5[q["kind"]] += q["answer"] in [position for position, _ in found]
                right[q["kind"]] += q["answer"] in matched
                continue
            false_by_kind[q["kind"]] += bool(matched)
        elapsed = (time.perf_counter() - started) * 1000 / len(queries)
        matching = name != "fts5 bm25"  # bm25 ranks; it has no notion of a match
        precision = f"{sum(right.values()) / made:.3f}" if made else "n/a"
        print(f"{name:10} {precision:>8} " + " ".join(
            f"{hits5[k] / max(1, counts[k]):12.3f} {(f'{right[k] / max(1, counts[k]):.3f}' if matching else 'n/a'):>16}"
            for k in POSITIVE) + f" {elapsed:9.1f}")
        rows.append((name, matching, false_by_kind))
    print(f"\n{'strategy':10} auto-matches made on the negatives (any match among the top 5)")
    print(f"{'':10} " + " ".join(f"{k:>15}" for k in kinds))
    for name, matching, false_by_kind in rows:
        print(f"{name:10} " + " ".join(f"{(f'{false_by_kind[k]} of {counts[k]}' if matching else 'n/a'):>15}"
                                       for k in kinds))
    if process is None:
        print("(rapidfuzz is not installed: pip install '.[bench]' to compare with it)")


def speed(quick: bool) -> None:
    data = json.loads(DEV.read_text(encoding="utf-8"))
    sentences = data["indexed"]
    rng = random.Random(5)
    claims_wanted = 20_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as folder:
        index = SearchIndex(Path(folder) / "search.sqlite3")
        started = time.perf_counter()
        index.add_reviews(Review(claim=f"{sentences[i % len(sentences)]} ({i // len(sentences)})",
                                 url=f"https://dev.example/{i}") for i in range(claims_wanted))
        build = time.perf_counter() - started
        queries = [q["query"] for q in data["queries"] if q["kind"] == "reworded"]
        times = []
        for query in queries[:60]:
            t = time.perf_counter()
            index.similar(query, limit=10)
            times.append(time.perf_counter() - t)
        print(f"\nsimilar over {claims_wanted:,} indexed claims: median {statistics.median(times) * 1000:.1f} ms, "
              f"worst {max(times) * 1000:.1f} ms per query ({len(times)} queries; indexed in {build:.1f} s)")
        index.close()

        articles_wanted = 2_000 if quick else 10_000
        articles = []
        for i in range(articles_wanted):
            text = " ".join(rng.sample(sentences, 30)) + f" Article {i}."
            article = new_article(text, ArticleMeta(title=f"Article {i}", publisher="Bench", language="en"))
            for start, end in article.sentences[:5]:
                add_claim(article, start, end, verdict=rng.choice([None, "false", "true"]))
            articles.append(article)
        index = SearchIndex(Path(folder) / "articles.sqlite3")
        started = time.perf_counter()
        for article in articles:
            index.put_article(article)
        build = time.perf_counter() - started
        saves = []
        for article in articles[:50]:
            t = time.perf_counter()
            index.put_article(article)
            saves.append(time.perf_counter() - t)
        print(f"index of {articles_wanted:,} articles (5 claims each): built in {build:.1f} s; "
              f"update on one save: median {statistics.median(saves) * 1000:.1f} ms")
        index.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="half the queries, 20,000 claims, 2,000 articles")
    args = parser.parse_args()
    if not DEV.is_file():
        print(f"skipped: {DEV} is missing (python bench/make_similar_devset.py)")
        return 0
    quality(args.quick)
    speed(args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
