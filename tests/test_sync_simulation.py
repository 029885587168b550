"""Three clones edit at random and sync in random order: they end identical, nothing lost, every clash reported.

The bench (bench/bench_sync.py --simulate 1000) runs the same simulation for 1,000 rounds.
"""

from __future__ import annotations

import random
import shutil

import pytest

from tests.sync_simulation import Simulation

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.mark.parametrize("seed", [1, 2])
def test_three_clones_editing_and_syncing_at_random_converge_without_losing_an_edit(tmp_path, seed):
    simulation = Simulation(tmp_path, random.Random(seed))
    simulation.start()
    simulation.run(25)
    assert simulation.problems() == []
    assert simulation.edits_made >= 25 and simulation.syncs >= 10
