"""The Go menu's rules as plain functions: no window, no QApplication (tests/test_layers.py
imports core with Qt blocked)."""

from __future__ import annotations

from factcheck_gui.core.editing import add_claim, new_article
from factcheck_gui.core.navigation import (
    anchor_of,
    claim_at,
    open_claim_in,
    step_claim,
    step_unjudged,
    unjudged_sentences,
)

TEXT = "The bridge reopened. It cost less. Work ended early. Traffic is back."


def _article():
    article = new_article(TEXT)
    spans = article.sentences
    assert len(spans) == 4
    return article, spans


def test_claim_at_finds_only_the_exact_span_of_an_anchored_claim():
    article, spans = _article()
    claim = add_claim(article, *spans[1])
    assert claim_at(article, *spans[1]) is claim
    assert claim_at(article, spans[1][0], spans[1][1] - 1) is None
    assert claim_at(article, *spans[0]) is None
    claim.orphaned = True
    assert claim_at(article, *spans[1]) is None


def test_the_anchor_is_the_selection_then_the_current_claim_then_the_top():
    article, spans = _article()
    claim = add_claim(article, *spans[2])
    assert anchor_of(spans[1], claim) == spans[1][0]
    assert anchor_of(None, claim) == spans[2][0]
    assert anchor_of(None, None) is None
    claim.orphaned = True
    assert anchor_of(None, claim) is None


def test_step_claim_moves_through_the_list_and_stops_at_its_ends():
    article, spans = _article()
    first, second, third = (add_claim(article, *spans[i]) for i in (0, 2, 3))
    claims = [first, second, third]
    assert step_claim(claims, first.id, None, +1) is second
    assert step_claim(claims, second.id, None, -1) is first
    assert step_claim(claims, third.id, None, +1) is None  # "That was the last claim."
    assert step_claim(claims, first.id, None, -1) is None
    assert step_claim([], None, None, +1) is None


def test_step_claim_without_a_current_claim_starts_from_the_anchor():
    article, spans = _article()
    first, second = add_claim(article, *spans[0]), add_claim(article, *spans[2])
    claims = [first, second]
    assert step_claim(claims, None, None, +1) is first
    assert step_claim(claims, None, None, -1) is second
    assert step_claim(claims, None, spans[1][0], +1) is second
    assert step_claim(claims, None, spans[1][0], -1) is first
    assert step_claim(claims, None, spans[3][0], +1) is None
    assert step_claim(claims, "hidden-by-the-filter", spans[1][0], +1) is second


def test_a_sentence_is_judged_when_a_claim_with_a_verdict_touches_it():
    article, spans = _article()
    add_claim(article, spans[0][0] + 4, spans[0][0] + 10, verdict="false")  # part of the first sentence
    add_claim(article, *spans[2])  # no verdict: still unjudged
    assert unjudged_sentences(article) == spans[1:]
    assert step_unjudged(article, None, +1) == spans[1]
    assert step_unjudged(article, spans[1][0], +1) == spans[2]
    assert step_unjudged(article, spans[3][0], +1) is None
    assert step_unjudged(article, None, -1) == spans[3]
    assert step_unjudged(article, spans[1][0], -1) is None


def test_open_claim_in_finds_a_claim_without_a_verdict_in_the_sentence():
    article, spans = _article()
    judged = add_claim(article, *spans[1], verdict="true")
    assert open_claim_in(article, *spans[1]) is None
    judged.verdict = None
    assert open_claim_in(article, *spans[1]) is judged
    assert open_claim_in(article, *spans[0]) is None


def test_the_next_unjudged_sentence_is_the_one_the_definition_gives_among_many_nested_claims():
    """Issue 17: stepping walks from the anchor over merged judged spans instead of testing every
    sentence against every claim; it must still give what the plain definition gives."""
    import random

    rng = random.Random(17)
    article = new_article(" ".join(f"Sentence {n} says {n * 7}." for n in range(300)))
    spans = article.sentences
    for _ in range(400):
        first = rng.randrange(len(spans))
        last = min(len(spans) - 1, first + rng.choice((0, 0, 0, 1, 3)))
        start = spans[first][0] + rng.choice((0, 0, 3))
        end = spans[last][1] - rng.choice((0, 0, 2))
        if start < end:
            add_claim(article, start, end, verdict=rng.choice((None, "false", "true")))
    judged = [c for c in article.claims if c.verdict]
    plain = [s for s in spans if not any(c.start < s[1] and s[0] < c.end for c in judged)]
    assert unjudged_sentences(article) == plain
    assert 0 < len(plain) < len(spans)
    for anchor in [None, *range(0, len(article.text), 97)]:
        after = [s for s in plain if anchor is None or s[0] > anchor]
        before = [s for s in plain if anchor is None or s[0] < anchor]
        assert step_unjudged(article, anchor, +1) == (after[0] if after else None)
        assert step_unjudged(article, anchor, -1) == (before[-1] if before else None)


def test_the_claim_index_answers_as_the_loop_through_marking_undo_deleting_and_a_new_text():
    """Issue 17 item 3: the claim at a selection is found by bisect in an index the edits keep in step
    (the window's document tells it what came or went, or to read the claims again); it must answer
    what a look at every claim answers after every edit."""
    import random

    from factcheck_gui.core.editing import attach_claim, remove_claim, replace_text
    from factcheck_gui.core.navigation import ClaimIndex

    rng = random.Random(17)
    text = " ".join(f"Sentence {n} says the figure was {n * 7}." for n in range(300))
    article = new_article(text)
    index = ClaimIndex()
    undo: list = []

    def agrees() -> None:
        probes = [(c.start, c.end) for c in article.claims] + rng.sample(article.sentences, 20)
        for start, end in probes:
            assert index.claim_at(article, start, end) is claim_at(article, start, end)

    for _ in range(200):
        roll = rng.random()
        if roll < 0.45 or not article.claims:  # mark a sentence (sometimes one that is a claim already)
            claim = add_claim(article, *rng.choice(article.sentences))
            index.came_or_went(article, [claim.id])
            undo.append(claim)
        elif roll < 0.65 and undo:  # undo the last mark
            claim = undo.pop()
            if any(c is claim for c in article.claims):
                remove_claim(article, claim.id)
                index.came_or_went(article, [claim.id])
        elif roll < 0.85:  # delete one, then sometimes undo the deletion
            removed = remove_claim(article, rng.choice(article.claims).id)
            index.came_or_went(article, [removed.claim.id])
            agrees()
            if rng.random() < 0.5:
                removed.undo(article)
                index.came_or_went(article, [removed.claim.id])
        elif roll < 0.92:  # a claim attached elsewhere: it moved
            attach_claim(article, rng.choice(article.claims).id, *rng.choice(article.sentences))
            index.forget()
        else:  # a new version of the text: every claim re-anchored, some orphaned
            words = article.text.split(" ")
            del words[rng.randrange(len(words))]
            replace_text(article, " ".join(words), "correction")
            index.forget()
        agrees()

    # Told nothing, it still notices a claim added or removed (the count) and a claim that moved away.
    claim = add_claim(article, *article.sentences[3])
    assert index.claim_at(article, claim.start, claim.end) is claim_at(article, claim.start, claim.end)
    first = next(c for c in article.claims if not c.orphaned)
    span = (first.start, first.end)
    first.start, first.end = article.sentences[-1]
    assert index.claim_at(article, *span) is claim_at(article, *span)


def test_step_unjudged_with_the_claims_by_span_of_the_index_goes_where_it_goes_without():
    import random

    from factcheck_gui.core.navigation import ClaimIndex

    rng = random.Random(5)
    article = new_article(" ".join(f"Sentence {n} says {n * 3}." for n in range(200)))
    for _ in range(120):
        start, end = rng.choice(article.sentences)
        if rng.random() < 0.3:  # some claims span two sentences, some overlap
            end = article.sentences[min(len(article.sentences) - 1, article.sentences.index((start, end)) + 1)][1]
        add_claim(article, start, end, verdict=rng.choice(("false", None, "true")))
    by_span = ClaimIndex().by_span(article)
    assert [(c.start, c.end) for c in by_span] == sorted((c.start, c.end) for c in article.claims)
    for anchor in [None, *range(0, len(article.text), 97)]:
        for step in (1, -1):
            assert step_unjudged(article, anchor, step, by_span) == step_unjudged(article, anchor, step)
