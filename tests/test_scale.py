"""Work that must not grow with the product of two sizes (issue 17).

The story: a fact-checker has marked hundreds of claims, each citing its own source.
Exporting them, or looking a claim or source up by id, reads each list once, not once
per claim. These tests count how often the article's source list is read rather than
timing anything, so they fail on the old quadratic code on any machine.
"""

from __future__ import annotations

from typing import Any

import pytest

from factcheck_gui.core.editing import add_claim, new_article, remove_claim, store_and_pin, unpin_source
from factcheck_gui.core.model import Article, Source
from factcheck_gui.core.plaintext import parse_plain_text
from factcheck_gui.core.settings import Settings
from factcheck_gui.export import FORMATS, ExportOptions, export_article
from factcheck_gui.export.common import EvidenceLookup, cited_sources, claims_to_export, evidence_entries


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts how often it is read from start to end."""

    reads = 0

    def __iter__(self) -> Any:
        type(self).reads += 1
        return super().__iter__()


def _article(claims: int) -> Article:
    sentences = " ".join(f"Sentence number {n} says the figure was {n * 7}." for n in range(claims))
    parsed = parse_plain_text("A long check\n\n" + sentences)
    article = new_article(parsed.text, parsed.meta)
    for index, (start, end) in enumerate(article.sentences[1 : claims + 1]):
        claim = add_claim(article, start, end, verdict="false" if index % 2 else None)
        source = Source(url=f"https://example.org/record/{index}", title=f"Record {index}", status=200)
        store_and_pin(article, claim.id, source, "refutes", quote=f"figure {index}")
    return article


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_export_reads_the_source_list_a_fixed_number_of_times(fmt: str) -> None:
    article = _article(60)
    assert len(article.sources) == 60
    before = export_article(article, fmt, ExportOptions(), Settings())
    article.sources = _CountingList(article.sources)
    _CountingList.reads = 0
    after = export_article(article, fmt, ExportOptions(), Settings())
    assert after == before
    assert _CountingList.reads <= 4, f"{fmt} read the sources {_CountingList.reads} times for 60 claims"


def test_one_lookup_gives_each_claim_the_evidence_a_lookup_per_claim_gives() -> None:
    article = _article(12)
    claims = claims_to_export(article, ExportOptions())
    sources = cited_sources(article, claims)
    lookup = EvidenceLookup(article, sources)
    for claim in claims:
        assert lookup.entries(claim) == evidence_entries(article, claim, sources)
    assert [entry.number for claim in claims for entry in lookup.entries(claim)] == list(range(1, 13))


def test_looking_up_by_id_stays_right_while_the_lists_change() -> None:
    article = _article(5)
    article.claims = _CountingList(article.claims)
    article.sources = _CountingList(article.sources)
    first, second = article.sources[0], article.sources[1]
    assert article.source(second.id) is second
    _CountingList.reads = 0
    for _ in range(50):
        assert article.source(first.id) is first
        assert article.claim(article.claims[3].id) is article.claims[3]
    assert _CountingList.reads == 0  # the remembered places were used, no list was read again

    claim = article.claims[0]
    unpin_source(article, claim.id, first.id)  # no other claim cites it: the source goes too
    with pytest.raises(KeyError):
        article.source(first.id)
    assert article.source(second.id) is second  # it moved up one place
    remove_claim(article, claim.id)
    with pytest.raises(KeyError):
        article.claim(claim.id)
    replacement = Source(url="https://example.org/other", id=second.id)
    article.sources[0] = replacement  # even a change made behind core.editing's back is seen
    assert article.source(second.id) is replacement


def test_stepping_reads_an_articles_sentences_once_for_many_keys_and_hovers() -> None:
    from factcheck_gui.core.stepping import extension_head, sentence_index_at, step_target

    sentences = _CountingList([(n * 10, n * 10 + 8) for n in range(500)])
    _CountingList.reads = 0
    for offset in range(0, 5000, 7):
        sentence_index_at(sentences, offset)
        step_target(sentences, (offset, offset + 1), offset, +1)
        extension_head(sentences, None, offset, -1)
    assert _CountingList.reads <= 2  # the starts and ends, once
    assert sentence_index_at(sentences, 4999) is None and sentence_index_at(sentences, 4990) == 499
    sentences.append((5000, 5004))  # a list that changed is read again
    assert sentence_index_at(sentences, 5002) == 500


def test_judging_claims_counts_the_untouched_sentences_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck_gui.core.progress as progress
    from factcheck_gui.core.editing import set_verdict

    article = _article(30)
    counted = []
    real = progress.count_untouched
    monkeypatch.setattr(progress, "count_untouched", lambda *args: counted.append(1) or real(*args))
    first = progress.progress_of(article)
    for claim in article.claims[:10]:
        set_verdict(article, claim.id, "true")
        assert progress.progress_of(article).sentences_not_looked_at == first.sentences_not_looked_at
    assert len(counted) <= 1
    remove_claim(article, article.claims[0].id)  # a span went: counted again, and right
    assert progress.progress_of(article).sentences_not_looked_at == first.sentences_not_looked_at + 1


def test_the_progress_counted_claim_by_claim_is_the_progress_counted_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The status bar's counts are kept claim by claim (issue 17): after marks, verdicts, deletes
    and orphans, each given to the counter alone, they are what counting everything gives, and
    the claims are not read again from start to end."""
    import random

    import factcheck_gui.core.progress as progress
    from factcheck_gui.core.editing import set_verdict

    rng = random.Random(17)
    parsed = parse_plain_text("A long check\n\n" + " ".join(f"Sentence {n} says {n * 7}." for n in range(200)))
    article = new_article(parsed.text, parsed.meta)
    counter = progress.ProgressCounter(article)
    recounts = []
    real = progress.ProgressCounter._recount
    monkeypatch.setattr(progress.ProgressCounter, "_recount",
                        lambda self, article: recounts.append(1) or real(self, article))
    spans = article.sentences
    for _ in range(300):
        roll = rng.random()
        if article.claims and roll < 0.25:
            changed = remove_claim(article, rng.choice(article.claims).id).claim.id
        elif article.claims and roll < 0.55:
            claim = rng.choice(article.claims)
            set_verdict(article, claim.id, rng.choice((None, "false", "true")))
            changed = claim.id
        elif article.claims and roll < 0.6:
            claim = rng.choice(article.claims)
            claim.orphaned = not claim.orphaned  # as a correction of the text leaves it
            changed = claim.id
        else:
            first = rng.randrange(len(spans))
            last = min(len(spans) - 1, first + rng.choice((0, 0, 2)))
            try:
                changed = add_claim(article, spans[first][0] + rng.choice((0, 2)), spans[last][1]).id
            except Exception:  # noqa: BLE001 - that span is a claim already
                continue
        assert counter.update(article, [changed]) == progress.progress_of(article)
    assert recounts == []
    assert counter.update(article) == progress.progress_of(article)  # no ids: counted afresh
    assert recounts == [1]
