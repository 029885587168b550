"""Sharing a library through git: speed, a randomized simulation, interrupted syncs.

    python bench/bench_sync.py --speed            # `factcheck sync`, 1,000 articles, 10 changed (< 2 s)
    python bench/bench_sync.py --simulate 1000    # three clones, random edits and syncs, 1,000 rounds
    python bench/bench_sync.py --kill 100         # syncs killed (SIGKILL) at random moments, 100 trials

Only local bare repositories in a temporary folder; HOME points there too.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def speed(root: Path) -> float:
    from factcheck_gui import sync
    from factcheck_gui.core import editing
    from factcheck_gui.core.model import ArticleMeta
    from factcheck_gui.store.library import Library
    from tests.conftest import SAMPLE_TEXT

    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    bare, first, second = root / "remote.git", root / "first", root / "second"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    library = Library(first)
    for n in range(1000):
        library.add(editing.new_article(text, ArticleMeta(title=f"Article {n}")))
    sync.init(first, str(bare), "First", "first@example.org")
    second.mkdir()
    sync.clone(second, str(bare))
    other = Library(second)
    for article_id in other.article_ids()[:5]:  # the remote moves too: 5 pulled, 10 pushed
        with other.edit(article_id) as handle:
            editing.add_claim(handle.article, 0, 20, verdict="false")
    sync.sync(second, "Second", "second@example.org")
    for article_id in library.article_ids()[-10:]:
        with library.edit(article_id) as handle:
            editing.add_claim(handle.article, 0, 20, verdict="true")
    command = [sys.executable, "-m", "factcheck_gui.cli", "sync", "--json", "--data-dir", str(first)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # the CLI and every git it ran
    print(done.stdout.strip().replace("\n", " "))
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    print(f"factcheck sync, 1,000 articles, 10 changed here and 5 on the remote: {elapsed:.2f} s "
          f"(target < 2 s) {'OK' if elapsed < 2 else 'SLOW'}; CPU {cpu:.2f} s (the command and its git processes; "
          f"load: {os.getloadavg()[0]:.1f})")
    return elapsed


def simulate(root: Path, rounds: int, seed: int) -> None:
    from tests.sync_simulation import Simulation

    started = time.perf_counter()
    simulation = Simulation(root, random.Random(seed))
    simulation.start()
    simulation.run(rounds)
    problems = simulation.problems()
    print(f"simulation: seed {seed}, {rounds} rounds, {simulation.edits_made} edits, {simulation.syncs} syncs, "
          f"{simulation.conflicts_reported} conflicts reported ({simulation.conflicts_settled_late} settled after "
          f"waiting, {simulation.conflicts_overtaken} settled by a later change of the field, the rest at once), "
          f"{time.perf_counter() - started:.0f} s")
    for problem in problems[:20]:
        print("  PROBLEM:", problem)
    print("identical, no edit lost, every clash reported" if not problems else f"{len(problems)} problems")
    if problems:
        raise SystemExit(1)


def kill(root: Path, trials: int, seed: int) -> None:
    from tests.sync_interrupt import interrupted_sync, make_pair

    rng = random.Random(seed)
    first, second = make_pair(root)
    problems: list[str] = []
    started = time.perf_counter()
    for trial in range(trials):
        problems += interrupted_sync(first, second, rng, trial)
    print(f"interrupted syncs: {trials} trials, {len(problems)} problems, {time.perf_counter() - started:.0f} s")
    for problem in problems[:20]:
        print("  PROBLEM:", problem)
    if problems:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--simulate", type=int, metavar="ROUNDS")
    parser.add_argument("--kill", type=int, metavar="TRIALS")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (args.speed or args.simulate or args.kill):
        args.speed = True
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        root = Path(folder)
        os.environ.update({"HOME": str(root / "home"), "XDG_CONFIG_HOME": str(root / "home" / ".config"),
                           "GIT_CONFIG_NOSYSTEM": "1"})
        (root / "home").mkdir()
        if args.speed:
            (root / "speed").mkdir()
            speed(root / "speed")
        if args.simulate:
            (root / "simulate").mkdir()
            simulate(root / "simulate", args.simulate, args.seed)
        if args.kill:
            (root / "kill").mkdir()
            kill(root / "kill", args.kill, args.seed)


if __name__ == "__main__":
    main()
