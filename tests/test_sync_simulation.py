"""Three clones edit at random and sync in random order: they end identical, nothing lost, every clash reported.

The bench (bench/bench_sync.py --simulate 1000) runs the same simulation for 1,000 rounds.
"""

from __future__ import annotations

import random
import shutil

import pytest

from factcheck_gui.store.library import Library
from tests.sync_simulation import Simulation, ticking_clock

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.mark.parametrize("seed", [1, 2])
def test_three_clones_editing_and_syncing_at_random_converge_without_losing_an_edit(tmp_path, seed):
    simulation = Simulation(tmp_path, random.Random(seed))
    simulation.start()
    simulation.run(25)
    assert simulation.problems() == []
    assert simulation.edits_made >= 25 and simulation.syncs >= 10


@pytest.mark.parametrize("second_edit", ["set back", "rationale"])
def test_a_claim_edited_on_one_side_and_deleted_on_the_other_replayed(tmp_path, second_edit):
    """Seed 2 of the 1,000-round run: clone 1 set a verdict and set it back while clone 2 deleted the claim.
    The merge deleted it (no net edit against the merge base), which the simulation's model had called a lost
    edit; with a real edit (a rationale) the claim and the edit are kept on every clone."""
    simulation = Simulation(tmp_path, random.Random(0))
    simulation.start()
    article_id = Library(simulation.clones[0]).article_ids()[0]
    first_sentence = Library(simulation.clones[0]).open(article_id).article.sentences[0]
    with ticking_clock():
        claim_id = simulation.edit_with(0, article_id, "add", value=first_sentence)
        for who in (0, 1, 2):
            simulation.sync(who)
        simulation.edit_with(1, article_id, "verdict", claim_id, "false")
        if second_edit == "set back":
            simulation.edit_with(1, article_id, "verdict", claim_id, None)
        else:
            simulation.edit_with(1, article_id, "rationale", claim_id, "The ministry denied it.")
        simulation.edit_with(2, article_id, "delete", claim_id)
        simulation.sync(2)
        simulation.sync(1)
        simulation.settle()
    assert simulation.problems() == []
    for clone in simulation.clones:
        kept = {c.id: c for c in Library(clone).open(article_id).article.claims}
        if second_edit == "set back":
            assert claim_id not in kept
        else:
            assert kept[claim_id].rationale == "The ministry denied it." and kept[claim_id].verdict == "false"


@pytest.mark.parametrize("who_changes_it", [1, 2])
def test_a_conflict_left_waiting_is_settled_by_a_later_change_of_its_field_replayed(tmp_path, who_changes_it):
    """A clash waits in clone 2 while the field is changed again, by the other side after seeing clone 2's value
    (pulled by clone 2's next sync) or by clone 2 itself: that change settles it, and the old choice is never
    applied over it."""
    simulation = Simulation(tmp_path, random.Random(0), defer=1.0)
    simulation.start()
    article_id = Library(simulation.clones[0]).article_ids()[0]
    first_sentence = Library(simulation.clones[0]).open(article_id).article.sentences[0]
    with ticking_clock():
        claim_id = simulation.edit_with(0, article_id, "add", value=first_sentence)
        for who in (0, 1, 2):
            simulation.sync(who)
        simulation.edit_with(1, article_id, "verdict", claim_id, "false")
        simulation.edit_with(2, article_id, "verdict", claim_id, "true")
        simulation.sync(1)
        assert [c.field for c in simulation.sync(2).conflicts] == ["verdict"]  # left waiting (defer=1.0)
        simulation.sync(1)
        simulation.edit_with(who_changes_it, article_id, "verdict", claim_id, "misleading")
        simulation.sync(who_changes_it)
        if who_changes_it == 2:
            simulation.settle_waiting(2)
        assert simulation.sync(2).conflicts == []
        simulation.settle()
    assert simulation.conflicts_overtaken == 1 and simulation.problems() == []
    for clone in simulation.clones:
        assert Library(clone).open(article_id).article.claim(claim_id).verdict == "misleading"
