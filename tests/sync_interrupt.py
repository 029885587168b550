"""A sync killed (SIGKILL) at a random moment: the library stays readable and the next sync completes.

Used by tests/test_sync_interrupt.py (a few trials) and bench/bench_sync.py --kill 100.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from factcheck_gui import sync
from factcheck_gui.core import editing
from factcheck_gui.core.model import ArticleMeta
from factcheck_gui.store.library import Library

TEXT = "The ministry denied it on Monday. Militias agreed to talks. Russia offered jets."


def make_pair(root: Path, articles: int = 5) -> tuple[Path, Path]:
    """A library shared through a bare repository, and a second clone of it."""
    bare, first, second = root / "remote.git", root / "first", root / "second"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    library = Library(first)
    for n in range(articles):
        library.add(editing.new_article(TEXT, ArticleMeta(title=f"Article {n}")))
    sync.init(first, str(bare), "First", "first@example.org")
    second.mkdir()
    sync.clone(second, str(bare))
    return first, second


def change_something(folder: Path, rng: random.Random, label: str) -> tuple[str, str]:
    """Add a claim with a rationale naming *label* to a random article; (article id, claim id)."""
    library = Library(folder)
    article_id = rng.choice(library.article_ids())
    with library.edit(article_id) as handle:
        start = handle.article.text.index("Militias")
        claim = editing.add_claim(handle.article, start, start + 26, rationale=label)
    return article_id, claim.id


def sync_command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "factcheck_gui.cli", "sync", "--data-dir", str(folder)]


def interrupted_sync(first: Path, second: Path, rng: random.Random, trial: int) -> list[str]:
    """One trial: both change, the second syncs, the first's sync is killed at a random moment,
    then synced again. Returns what went wrong (empty when all is well)."""
    problems: list[str] = []
    mine = change_something(first, rng, f"first {trial}")
    theirs = change_something(second, rng, f"second {trial}")
    subprocess.run(sync_command(second), check=False, capture_output=True, timeout=120)
    process = subprocess.Popen(sync_command(first), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    time.sleep(rng.uniform(0.0, 1.2))
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)  # git's own processes with it
    process.wait()
    _, set_aside = Library(first).summaries()
    problems += [f"trial {trial}: unreadable after the kill: {p.message}" for p in set_aside]
    done = subprocess.run(sync_command(first), check=False, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        problems.append(f"trial {trial}: the next sync failed: {done.stderr.strip()}")
    subprocess.run(sync_command(second), check=False, capture_output=True, timeout=120)
    for folder in (first, second):
        for article_id, claim_id in (mine, theirs):
            try:
                Library(folder).open(article_id).article.claim(claim_id)
            except Exception as exc:  # noqa: BLE001 - reported, not raised
                problems.append(f"trial {trial}: {folder.name} lacks claim {claim_id} ({type(exc).__name__})")
    return problems
