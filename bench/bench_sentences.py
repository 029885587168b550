"""Sentence-segmentation benchmark: factcheck_gui.core.sentences against pysbd.

Data: shared/benchmarks/sentences (the 48 English "Golden Rules" and the 224
cases in 22 other languages from pySBD's tests; see its README.md), or the
copies in tests/data when shared/ is not next to the repo.

    python bench/bench_sentences.py [--quick]

Prints:

- golden-rule score (a case passes when the sentences, whitespace-stripped,
  equal the expected list) for ours and for pysbd
  (``pysbd.Segmenter(language="en", clean=False)``);
- the multilingual score, per language and in all, for ours (one splitter,
  no language given) and for pysbd (``Segmenter(language=code, clean=False)``);
- speed in MB/s (UTF-8) on the same ~1 MB text, paragraph by paragraph: the
  48 golden texts plus the seed article, joined by blank lines and repeated,
  then split on blank lines; and the ratio ours / pysbd;
- growth of ours, whole-text calls on 100 KB, 250 KB, 500 KB and 1 MB
  prefixes of that text, as seconds per MB (flat means linear).

Times are medians of 5 runs; pysbd gets 3 runs, or 1 when a run takes
over 15 s (printed). ``--quick`` uses 100 KB, fewer sizes and runs, and
finishes in a few seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLDEN = ROOT.parent / "shared" / "benchmarks" / "sentences" / "golden_rules_en.json"
LOCAL_GOLDEN = ROOT / "tests" / "data" / "golden_rules_en.json"
SHARED_MULTILINGUAL = SHARED_GOLDEN.with_name("golden_rules_multilingual.json")
LOCAL_MULTILINGUAL = LOCAL_GOLDEN.with_name("golden_rules_multilingual.json")
SEED = ROOT / "seeds" / "us-tells-iraq-to-choose.txt"
sys.path.insert(0, str(ROOT))

from factcheck_gui.core.sentences import split_sentences  # noqa: E402

Segment = Callable[[str], list[str]]


def ours(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def load_pysbd(language: str = "en") -> Segment | None:
    """pysbd's segment function for *language*, or None when pysbd is not installed."""
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language=language, clean=False)
    return segmenter.segment


def golden_cases() -> tuple[list[dict], Path]:
    path = SHARED_GOLDEN if SHARED_GOLDEN.exists() else LOCAL_GOLDEN
    return json.loads(path.read_text(encoding="utf-8")), path


def golden_score(segment: Segment, cases: list[dict]) -> tuple[int, list[int]]:
    """(passed, failed ids) under the README's convention."""
    failed = [
        case["id"]
        for case in cases
        if [s.strip() for s in segment(case["text"]) if s.strip()] != case["sentences"]
    ]
    return len(cases) - len(failed), failed


def multilingual_cases() -> tuple[dict[str, list[dict]], Path]:
    """Language code -> its cases (see shared/benchmarks/sentences/README.md)."""
    path = SHARED_MULTILINGUAL if SHARED_MULTILINGUAL.exists() else LOCAL_MULTILINGUAL
    return json.loads(path.read_text(encoding="utf-8"))["languages"], path


def print_multilingual(languages: dict[str, list[dict]]) -> None:
    """One line per language: ours and pysbd, passed/cases and the failed ids; then the total."""
    pysbd_installed = load_pysbd() is not None
    header = f"  {'code':4}  {'cases':>5}  {'ours':>7}  {'failed ids':24}" + ("  pysbd    failed ids" if pysbd_installed else "")
    print(header.rstrip())
    totals = {"ours": 0, "pysbd": 0}
    lowest = (2.0, "")
    for code, cases in languages.items():
        passed, failed = golden_score(ours, cases)
        totals["ours"] += passed
        lowest = min(lowest, (passed / len(cases), code))
        line = f"  {code:4}  {len(cases):5}  {passed:3}/{len(cases):<3}  {_ids(failed):24}"
        peer = load_pysbd(code) if pysbd_installed else None
        if peer is not None:
            peer_passed, peer_failed = golden_score(peer, cases)
            totals["pysbd"] += peer_passed
            line += f"  {peer_passed:3}/{len(cases):<3}  {_ids(peer_failed)}"
        print(line.rstrip())
    count = sum(len(cases) for cases in languages.values())
    print(f"  all   {count:5}  {totals['ours']:3}/{count:<3}  lowest language: {lowest[1]} {lowest[0]:.0%}"
          + (f"   pysbd {totals['pysbd']}/{count}" if pysbd_installed else "   (pysbd not installed)"))


def _ids(failed: list[int]) -> str:
    return " ".join(map(str, failed)) or "-"


def speed_text(cases: list[dict], target_bytes: int) -> str:
    """Golden texts plus the seed article, joined by blank lines, repeated to ``target_bytes``."""
    unit = "\n\n".join([case["text"] for case in cases] + [SEED.read_text(encoding="utf-8").strip()])
    repeats = -(-target_bytes // len(unit.encode("utf-8")))
    return "\n\n".join([unit] * repeats)


def prefix(text: str, target_bytes: int) -> str:
    """The text's paragraphs up to about ``target_bytes`` of UTF-8."""
    out, size = [], 0
    for paragraph in text.split("\n\n"):
        if size >= target_bytes:
            break
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(out)


def median_time(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def per_paragraph(segment: Segment, paragraphs: list[str]) -> Callable[[], object]:
    return lambda: [segment(p) for p in paragraphs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small text, few runs: a smoke report in seconds")
    args = parser.parse_args(argv)

    cases, golden_path = golden_cases()
    peer = load_pysbd()
    print(f"Golden rules: {golden_path}")
    passed, failed = golden_score(ours, cases)
    print(f"  ours   {passed}/{len(cases)}  failed ids: {failed or 'none'}")
    if peer is None:
        print("  pysbd not installed, pip install '.[bench]'")
    else:
        passed, failed = golden_score(peer, cases)
        print(f"  pysbd  {passed}/{len(cases)}  failed ids: {failed or 'none'}")
    languages, multilingual_path = multilingual_cases()
    print(f"\nGolden rules in {len(languages)} other languages: {multilingual_path}")
    print_multilingual(languages)

    size = 100_000 if args.quick else 1_000_000
    runs = 3 if args.quick else 5
    text = speed_text(cases, size)
    megabytes = len(text.encode("utf-8")) / 1e6
    paragraphs = text.split("\n\n")
    print(f"\nSpeed, paragraph by paragraph: {megabytes:.3f} MB, {len(paragraphs)} paragraphs")
    ours_s = median_time(per_paragraph(ours, paragraphs), runs)
    print(f"  ours   {megabytes / ours_s:8.2f} MB/s  ({ours_s / megabytes:.3f} s/MB, median of {runs})")
    if peer is None:
        print("  pysbd not installed, pip install '.[bench]'")
    else:
        first = median_time(per_paragraph(peer, paragraphs), 1)
        peer_runs = 1 if args.quick or first > 15 else 3
        times = [first] + [median_time(per_paragraph(peer, paragraphs), 1) for _ in range(peer_runs - 1)]
        peer_s = statistics.median(times)
        note = f"median of {peer_runs}" if peer_runs > 1 else "1 run (slow)"
        print(f"  pysbd  {megabytes / peer_s:8.2f} MB/s  ({peer_s / megabytes:.3f} s/MB, {note})")
        print(f"  ratio  ours is {peer_s / ours_s:.1f}x faster")

    sizes = [10_000, 25_000, 50_000, 100_000] if args.quick else [100_000, 250_000, 500_000, 1_000_000]
    print(f"\nGrowth of ours, whole-text calls (median of {runs}):")
    for target in sizes:
        part = prefix(text if target <= size else speed_text(cases, target), target)
        mb = len(part.encode("utf-8")) / 1e6
        seconds = median_time(lambda part=part: split_sentences(part), runs)
        print(f"  {mb * 1000:7.0f} KB  {seconds * 1000:8.1f} ms  {seconds / mb:.3f} s/MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
