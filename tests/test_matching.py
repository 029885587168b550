"""Seen before? Terms, guards and the library's search index (no window, no network)."""

from __future__ import annotations

import socket

import pytest

from factcheck_gui.core.editing import add_claim, new_article
from factcheck_gui.core.matching import facts, guard, judge_texts, terms
from factcheck_gui.core.model import ArticleMeta
from factcheck_gui.store.search_index import Review, SearchIndex

DUNFORD = "Gen. Joe Dunford said Iraq would lose all sorts of US aid if it asked Russia for help."


def test_terms_are_stemmed_folded_and_keep_numbers():
    assert terms("Officials said 1,000 soldiers were deployed") == ["offici", "1000", "soldier", "deploy"]
    assert terms("Les enfants mangeaient", "fr") == ["enfant", "mang"]
    assert terms("Fifty people") == ["50", "peopl"]
    # Chinese has no spaces: pairs of characters.
    assert terms("经济增长") == ["经济", "济增", "增长"]


@pytest.mark.parametrize("changed, reason", [
    ("Gen. Joe Dunford said Iraq would lose 50 sorts of US aid if it asked Russia for help.", "number"),
    ("Gen. Joe Dunford said Iraq would not lose all sorts of US aid if it asked Russia for help.", "negation"),
    ("Gen. Joe Dunford said Syria would lose all sorts of US aid if it asked Russia for help.", "named subject"),
])
def test_false_friends_are_never_a_match(changed, reason):
    judged = judge_texts(DUNFORD, changed, {})
    assert not judged.match
    assert judged.score >= 0.5 and reason in judged.reason  # the words alone would have matched


def test_a_year_on_both_sides_must_agree_and_a_dropped_first_name_is_fine():
    assert "year" in guard(facts("Unemployment fell in 2015."), facts("Unemployment fell in 2016."))
    assert guard(facts(DUNFORD), facts("Iraq would lose all sorts of US aid if it asked Russia for help, Dunford said.")) == ""


def test_a_reworded_claim_is_a_match():
    judged = judge_texts(DUNFORD, "According to Dunford, Iraq would lose all kinds of US aid if it asked Russia for help.", {})
    assert judged.match, judged


@pytest.fixture
def index(tmp_path):
    with SearchIndex(tmp_path / "search.sqlite3") as opened:
        yield opened


def sample_article():
    article = new_article("US Tells Iraq to Choose.\n" + DUNFORD + " The ruling party urged the prime minister to ask Russia.",
                          ArticleMeta(title="US Tells Iraq to Choose", publisher="Antiwar.com", published="2015-10-23"))
    start = article.text.index(DUNFORD)
    claim = add_claim(article, start, start + len(DUNFORD), verdict="false", claimant="Gen. Joe Dunford")
    return article, claim


def test_similar_finds_an_imported_review_and_a_claim_of_another_article(index):
    article, claim = sample_article()
    index.put_article(article)
    added, known = index.add_reviews([
        Review(claim="Iraq would lose all sorts of US aid if it asked Russia for help", verdict="Mostly false",
               publisher="Example Check", date="2015-10-24", url="https://check.example/dunford"),
        Review(claim="Iraq would lose 50 sorts of US aid if it asked Russia for help", verdict="False",
               publisher="Other Check", url="https://check.example/fifty"),
    ])
    assert (added, known) == (2, 0)
    assert index.add_reviews([Review(claim="x", url="https://check.example/dunford")]) == (0, 1)  # no duplicate

    hits = index.similar("Dunford: Iraq would lose all sorts of US aid if it asks Russia for help")
    assert hits[0].origin in ("review", "library") and hits[0].match
    by_url = {hit.url: hit for hit in hits}
    assert by_url["https://check.example/dunford"].match
    assert by_url["https://check.example/dunford"].verdict == "Mostly false"
    assert not by_url["https://check.example/fifty"].match  # a different number
    library = [hit for hit in hits if hit.origin == "library"]
    assert library and library[0].article_id == article.id and library[0].claim_id == claim.id
    assert all(0.0 <= hit.score <= 1.0 for hit in hits)


def test_search_filters_by_verdict_and_claimant_and_follows_updates(index):
    article, claim = sample_article()
    index.put_article(article)
    assert [h.claim_id for h in index.search("Russia aid", kinds=["claim"], verdict="false")] == [claim.id]
    assert index.search("", kinds=["claim"], claimant="dunford")[0].claim_id == claim.id
    assert index.search("Russia aid", kinds=["claim"], verdict="true") == []
    claim.verdict = "true"
    index.put_article(article)  # a save re-indexes the article: no stale rows
    assert len(index.search("Russia", kinds=["claim"])) == 1
    assert index.search("Russia aid", kinds=["claim"], verdict="true")[0].claim_id == claim.id
    index.remove_article(article.id)
    assert index.search("Russia") == []


def test_matching_opens_no_socket(index, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("matching must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    article, _ = sample_article()
    index.put_article(article)
    assert index.similar(DUNFORD)


def test_a_possessive_names_the_same_subject():
    assert guard(facts("Dunford said Iraq would lose aid."), facts("Dunford's warning: Iraq would lose aid.")) == ""
