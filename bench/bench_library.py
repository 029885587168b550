"""A big library is no slower to open (issue 13): 10,000 articles against one.

    python bench/bench_library.py [--articles N] [--runs N] [--quick]

Builds a library of N small articles (three sentences, one or two claims each; written
straight to disk without fsync, as a synced folder would deliver them) and one of a
single article, then prints medians of:

- first read of the big library without an index (what the first start after an upgrade
  pays once: every file parsed and indexed);
- ``factcheck list`` (a fresh process, index present) on each library;
- window start-up to first paint (bench/_window_child.py, offscreen) on each library;
- one library refresh and one keystroke in the library filter with N rows (in process).

Targets: start-up and ``factcheck list`` within 1.5x of the one-article library; a filter
keystroke under 16 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import compile_package, isolated_env, load_average, run_window_child
from _timing import REPO, verdict

sys.path.insert(0, str(REPO))

TARGET_RATIO = 1.5
TARGET_KEYSTROKE = 0.016
WORDS = ("minister", "budget", "election", "vaccine", "border", "tax", "hospital", "school", "climate", "army",
         "police", "court", "market", "river", "bridge", "union", "farmer", "teacher", "doctor", "pension", "rent",
         "wage", "factory", "port", "railway")
PLACES = ("Iraq", "Ohio", "Kenya", "Peru", "Norway", "Chile", "Japan", "Texas", "Wales", "Ghana")


def _article(number: int, rng: random.Random):
    from factcheck_gui.core.editing import add_claim, new_article
    from factcheck_gui.core.model import ArticleMeta

    place, word = rng.choice(PLACES), rng.choice(WORDS)
    sentences = [f"The {word} of {place} grew by {rng.randint(2, 90)} percent in {rng.randint(1990, 2024)}.",
                 f"Officials in {place} said the {rng.choice(WORDS)} plan would cost {rng.randint(1, 900)} million.",
                 f"Critics of the {rng.choice(WORDS)} say it was never checked."]
    text = f"{place} {word} report number {number}\n\n" + " ".join(sentences)
    article = new_article(text, ArticleMeta(title=f"{place} {word} report number {number}",
                                            publisher=rng.choice(("Daily", "Herald", "Times", "Post")),
                                            published=f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"))
    for sentence in sentences[: rng.randint(1, 2)]:
        start = article.text.index(sentence)
        add_claim(article, start, start + len(sentence), verdict=rng.choice((None, "true", "false", "misleading")))
    return article


def build_library(folder: Path, count: int) -> None:
    """*count* article files, written directly (no fsync, no index): as git or a sync would deliver them."""
    from factcheck_gui.store.articlefile import dumps_article_utf8

    articles = folder / "articles"
    articles.mkdir(parents=True)
    rng = random.Random(13)
    for number in range(count):
        article = _article(number, rng)
        (articles / f"{article.id}.json").write_bytes(dumps_article_utf8(article))


def time_lists(small: Path, big: Path, root: Path, runs: int) -> dict[str, tuple[float, float]]:
    """``factcheck list`` on each library, alternating: medians of (wall time, the process's CPU time)."""
    import resource

    env = dict(os.environ)
    env.update(isolated_env(root))
    times: dict[str, list[tuple[float, float]]] = {"small": [], "big": []}
    for _ in range(runs):
        for name, library in (("small", small), ("big", big)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "factcheck_gui.cli", "list", "--data-dir", str(library)], check=True,
                           env=env, stdout=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            times[name].append((time.monotonic() - started, cpu))
    return {name: (statistics.median(t[0] for t in found), statistics.median(t[1] for t in found))
            for name, found in times.items()}


def time_startups(small: Path, big: Path, root: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Window start-up to first paint on each library, alternating: medians of (wall time, GUI-thread CPU time)."""
    times: dict[str, list[tuple[float, float]]] = {"small": [], "big": []}
    for _ in range(runs):
        for name, library in (("small", small), ("big", big)):
            report = run_window_child(["app", "--data-dir", str(library)], root)
            times[name].append((report["seconds"], report["gui_thread_cpu"]))
    return {name: (statistics.median(t[0] for t in found), statistics.median(t[1] for t in found))
            for name, found in times.items()}


def time_panel(library_dir: Path, runs: int) -> tuple[float, float, float, float, int]:
    """(refresh, filter keystroke wall time, its GUI-thread CPU time) medians in seconds, the first
    keystroke right after a refresh, and the rows
    shown, with a real QtLibraryPanel. A keystroke is timed from setText on the filter field until the
    events it posted (the list's relayout and repaint) are processed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.library_panel import QtLibraryPanel

    app = QApplication.instance() or QApplication([])
    panel = QtLibraryPanel(Library(library_dir))
    panel.resize(360, 900)
    panel.show()
    app.processEvents()
    refreshes = []
    for _ in range(runs):
        started = time.perf_counter()
        panel.refresh()
        app.processEvents()
        refreshes.append(time.perf_counter() - started)
    started = time.perf_counter()
    panel.filter_edit.setText("i")  # at once after a refresh: the filter's haystacks are made now
    app.processEvents()
    cold = time.perf_counter() - started
    panel.filter_edit.setText("")
    QTest.qWait(600)  # a moment idle, in which the panel makes them
    keystrokes, cpu = [], []
    for _ in range(max(1, runs // 2)):
        for text in ("i", "ir", "ira", "iraq", "iraq ", "iraq b", "iraq bu", "iraq b", "iraq ", "iraq", ""):
            started, started_cpu = time.perf_counter(), time.thread_time()
            panel.filter_edit.setText(text)
            app.processEvents()
            keystrokes.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - started_cpu)
    rows = panel.model.rowCount()
    panel.close()
    return statistics.median(refreshes), statistics.median(keystrokes), statistics.median(cpu), cold, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs, 10,000 articles")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    compile_package()
    print(f"a library of {args.articles:,} articles against one; median of {runs} runs; before: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as folder:
        root = Path(folder)
        big, small = root / "big", root / "small"
        started = time.perf_counter()
        build_library(big, args.articles)
        build_library(small, 1)
        print(f"wrote the files in {time.perf_counter() - started:.1f} s")

        from factcheck_gui.store.library import Library

        started = time.perf_counter()
        summaries, _ = Library(big).summaries()
        first = time.perf_counter() - started
        Library(small).summaries()
        assert len(summaries) == args.articles
        print(f"first read without an index (parse and index every file, once)  {first:7.1f} s "
              f"({first / args.articles * 1000:.1f} ms per article)")
        started = time.perf_counter()
        Library(big).summaries()
        print(f"Library.summaries() with the index, in process                  {(time.perf_counter() - started) * 1000:7.0f} ms")

        run_window_child(["app", "--data-dir", str(small)], root)  # warm-up: compiles, caches
        lists = time_lists(small, big, root, runs)
        (list_small, cpu_small), (list_big, cpu_big) = lists["small"], lists["big"]
        starts = time_startups(small, big, root, runs)
        (start_small, start_cpu_small), (start_big, start_cpu_big) = starts["small"], starts["big"]
        refresh, keystroke, keystroke_cpu, cold, rows = time_panel(big, runs)
    print(f"after: {load_average()}")
    ratio_list, ratio_start = list_big / list_small, start_big / start_small
    print(f"factcheck list      1 article {list_small * 1000:6.0f} ms   {args.articles:,} {list_big * 1000:6.0f} ms   "
          f"ratio {ratio_list:4.2f}x  target <= {TARGET_RATIO}x: {verdict(ratio_list, TARGET_RATIO)}")
    print(f"  its CPU time      1 article {cpu_small * 1000:6.0f} ms   {args.articles:,} {cpu_big * 1000:6.0f} ms   "
          f"ratio {cpu_big / cpu_small:4.2f}x  (less disturbed by load)")
    print(f"start-up to paint   1 article {start_small * 1000:6.0f} ms   {args.articles:,} {start_big * 1000:6.0f} ms   "
          f"ratio {ratio_start:4.2f}x  target <= {TARGET_RATIO}x: {verdict(ratio_start, TARGET_RATIO)}")
    print(f"  GUI-thread CPU    1 article {start_cpu_small * 1000:6.0f} ms   {args.articles:,} {start_cpu_big * 1000:6.0f} ms   "
          f"ratio {start_cpu_big / start_cpu_small:4.2f}x  (less disturbed by load)")
    print(f"library refresh ({rows:,} rows)        {refresh * 1000:6.1f} ms")
    print(f"filter keystroke ({rows:,} rows)       {keystroke * 1000:6.1f} ms (GUI-thread CPU {keystroke_cpu * 1000:.1f} ms)"
          f"   target < 16 ms: {verdict(keystroke, TARGET_KEYSTROKE)}")
    print(f"first keystroke right after a refresh     {cold * 1000:6.1f} ms   (the filter's haystacks made then)")


if __name__ == "__main__":
    main()
