"""Moving a selection by whole sentences: the arithmetic behind J/K and Shift+J/K, without Qt."""

from __future__ import annotations

from factcheck_gui.core.stepping import (
    extended_selection,
    extension_head,
    sentence_index_at,
    step_target,
)

# "One. Two. Three." with the sentences as the splitter gives them.
SENTENCES = [(0, 4), (5, 9), (10, 16)]


def test_sentence_index_at_finds_the_sentence_or_none_between_them() -> None:
    assert [sentence_index_at(SENTENCES, offset) for offset in (0, 3, 4, 5, 15, 16)] == [0, 0, None, 1, 2, None]
    assert sentence_index_at([], 0) is None


def test_step_from_a_selection_goes_to_the_neighbouring_sentence_or_stops_at_the_ends() -> None:
    assert step_target(SENTENCES, (5, 9), 0, +1) == 2
    assert step_target(SENTENCES, (5, 9), 0, -1) == 0
    assert step_target(SENTENCES, (10, 16), 0, +1) is None
    assert step_target(SENTENCES, (0, 4), 0, -1) is None
    assert step_target(SENTENCES, (0, 9), 0, +1) == 2  # a selection of two sentences steps past both


def test_step_from_the_caret_selects_its_own_sentence_first_then_the_nearest() -> None:
    assert step_target(SENTENCES, None, 6, +1) == 1
    assert step_target(SENTENCES, None, 6, -1) == 1
    assert step_target(SENTENCES, None, 4, +1) == 1  # between "One." and "Two."
    assert step_target(SENTENCES, None, 4, -1) == 0


def test_extension_moves_the_far_end_and_runs_backwards_above_the_anchor() -> None:
    assert extension_head(SENTENCES, (0, 9), 0, +1) == 1  # the last sentence touched going down
    assert extension_head(SENTENCES, (5, 16), 0, -1) == 1  # the first going up
    assert extension_head(SENTENCES, None, 11, +1) == 2
    assert extended_selection((5, 9), (10, 16)) == (5, 16)
    assert extended_selection((5, 9), (0, 4)) == (9, 0)  # anchor at the end, moving end at the start
    assert extended_selection((0, 16), (5, 9)) == (0, 16)  # a sentence inside the anchor keeps all of it
