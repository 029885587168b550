"""A sync killed at random moments leaves the library readable, and the next sync completes.

bench/bench_sync.py --kill 100 runs 100 trials.
"""

from __future__ import annotations

import random
import shutil

import pytest

from tests.sync_interrupt import interrupted_sync, make_pair

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_a_sync_killed_at_random_moments_loses_nothing_and_the_next_sync_completes(tmp_path):
    rng = random.Random(7)
    first, second = make_pair(tmp_path)
    problems = []
    for trial in range(3):
        problems += interrupted_sync(first, second, rng, trial)
    assert problems == []
