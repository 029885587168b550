"""Claims stay on their text when the article changes, and are orphaned when it is gone."""

from __future__ import annotations

import pytest

from factcheck_gui.core.anchoring import anchor, make_selector, reanchor_claims
from factcheck_gui.core.editing import add_claim, find_text, new_article
from factcheck_gui.core.plaintext import parse_plain_text
from tests.conftest import DUNFORD_START

CLAIM = "Iraq would lose all sorts of US aid"


@pytest.fixture
def article(sample_text):
    parsed = parse_plain_text(sample_text)
    return new_article(parsed.text, parsed.meta)


def test_selector_keeps_exact_text_and_context(article):
    start, end = find_text(article, CLAIM)
    selector = make_selector(article.text, start, end)
    assert selector.exact == CLAIM
    assert article.text[:start].endswith(selector.prefix) and selector.prefix
    assert article.text[end:].startswith(selector.suffix) and selector.suffix


def test_claim_follows_its_text_when_text_is_inserted_before_it(article):
    start, end = find_text(article, CLAIM)
    claim = add_claim(article, start, end)
    edited = "Editor's note: this story was updated.\n\n" + article.text
    changed = reanchor_claims(edited, [claim])
    assert changed == [claim]
    assert edited[claim.start : claim.end] == CLAIM
    assert not claim.orphaned


def test_repeated_text_is_resolved_by_context():
    text = "He said no. Then the minister said no. Later he said yes."
    second = text.index("said no", 10)
    selector = make_selector(text, second, second + len("said no"))
    moved = "Intro. " + text
    found = anchor(moved, selector, start=second)
    assert found is not None and found.method == "exact"
    assert found.start == second + len("Intro. ")


def test_small_edit_inside_the_claim_is_found_fuzzily_with_a_confidence(article):
    start, _end = find_text(article, DUNFORD_START)
    sentence_end = article.text.index("if that happened.") + len("if that happened.")
    claim = add_claim(article, start, sentence_end)
    edited = article.text.replace("all sorts of US aid", "all sorts of U.S. aid")
    found = anchor(edited, claim.selector, claim.start)
    assert found is not None and found.method == "fuzzy"
    assert 0.85 <= found.confidence < 1.0
    assert edited[found.start : found.end].startswith(DUNFORD_START)
    assert edited[found.start : found.end].endswith("if that happened.")


def test_destroyed_text_orphans_the_claim_and_never_moves_it_to_a_look_alike(article):
    start, end = find_text(article, CLAIM)
    claim = add_claim(article, start, end)
    edited = article.text.replace(CLAIM, "the rest of the sentence was rewritten entirely")
    reanchor_claims(edited, [claim])
    assert claim.orphaned
    assert (claim.start, claim.end) == (start, end)  # kept as it was, not moved


def test_offsets_outside_the_text_are_reanchored(article):
    start, end = find_text(article, CLAIM)
    claim = add_claim(article, start, end)
    claim.start, claim.end = 10**6, 10**6 + 5
    reanchor_claims(article.text, [claim])
    assert (claim.start, claim.end) == (start, end) and not claim.orphaned
