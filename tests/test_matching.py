"""Seen before? Terms, guards and the library's search index (no window, no network)."""

from __future__ import annotations

import json
import socket

import pytest

from factcheck_gui.core.editing import add_claim, new_article
from factcheck_gui.core.matching import facts, facts_from_json, facts_to_json, guard, judge_texts, terms
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


@pytest.mark.parametrize("one, other, same", [
    ("Biden said Iraq would lose all sorts of US aid if it asked Russia for help.",
     "Trump said Iraq would lose all sorts of US aid if it asked Russia for help.", False),
    ("Biden said Iraq would lose all sorts of US aid if it asked Russia for help.",
     "Iraq would lose all sorts of US aid if it asked Russia for help, Trump said.", False),
    ("Officials said Iraq would lose all sorts of US aid if it asked Russia for help.",
     "Iraq would lose all sorts of US aid if it asked Russia for help, officials said.", True),
])
def test_a_subject_starting_the_sentence_is_compared_too(one, other, same):
    # Before, a capitalised first word was never taken for a name: "Biden said ..." matched "Trump said ...".
    judged = judge_texts(one, other, {})
    assert judged.match is same and (same or "subject" in judged.reason), judged


def test_a_possessive_names_the_same_subject():
    assert guard(facts("Dunford said Iraq would lose aid."), facts("Dunford's warning: Iraq would lose aid.")) == ""


# Short restatements: a ClaimReview's claimReviewed (or a headline) states the claim of a longer sentence in
# fewer words. The pairs are real ones from bench/data/similar_dev.json (a page's headline, its sentence).
SKODA = ("PRAGUE (Reuters) - Deliveries of Volkswagen’s (VOWG_p.DE) Skoda Auto dropped slightly in 2019 to 1.24 million "
         "vehicles, from 1.25 million in 2018, mainly due to weaker sales in China, the company said on Monday.")
SKODA_HEADLINE = "Volkswagen's Skoda Auto 2019 deliveries dip to 1.24 million cars due to weaker sales in China"
JUDGE = ("WASHINGTON — The Senate has approved the nomination of a Mississippi judge to a federal appeals court, the 200th "
         "federal judge named by President Donald Trump and confirmed by the Republican-controlled chamber.")
JUDGE_HEADLINE = "No vacancies left: Senate approves Trump’s 200th federal judge"
LONG_DUNFORD = ("Gen. Joe Dunford said Iraq would lose all sorts of US aid if it asked Russia for help against the Islamic "
                "State, a Pentagon spokesman told reporters on Friday.")
DUNFORD_REVIEW = "Iraq would lose US aid if it asked Russia for help against the Islamic State"


@pytest.mark.parametrize("sentence, short", [(SKODA, SKODA_HEADLINE), (JUDGE, JUDGE_HEADLINE), (LONG_DUNFORD, DUNFORD_REVIEW)])
def test_a_short_restatement_of_a_longer_claim_is_a_match_both_ways(sentence, short):
    # Before: cosine over texts of unequal length stayed under 0.5, and the guards wanted every number,
    # year and negation of the longer text in the shorter one.
    assert judge_texts(sentence, short, {}).match, judge_texts(sentence, short, {})
    assert judge_texts(short, sentence, {}).match


def test_a_short_review_is_found_as_a_match_in_the_index(index):
    index.add_reviews([Review(claim=DUNFORD_REVIEW, verdict="False", publisher="Example Check",
                              url="https://check.example/short")])
    hits = index.similar(LONG_DUNFORD)
    assert hits and hits[0].url == "https://check.example/short" and hits[0].match


@pytest.mark.parametrize("sentence, short, reason", [
    (LONG_DUNFORD.replace("would lose", "would not lose"), DUNFORD_REVIEW, "negation"),
    (SKODA.replace("1.24 million vehicles", "1.42 million vehicles"), SKODA_HEADLINE, "number"),
    (SKODA.replace("in 2019", "in 2017").replace("in 2018", "in 2016"), SKODA_HEADLINE, "year"),
    # A restatement without any of the longer text's figures cannot be told from one with other figures.
    ("Iraq would lose 50 kinds of US aid if it asked Russia for help against the Islamic State, a Pentagon spokesman "
     "told reporters on Friday.", DUNFORD_REVIEW, "number"),
    # Too few words restate too many claims.
    ("Apple took retired features from old MacBooks and reintroduced them as new features.", "Those retro features.", "few"),
])
def test_a_short_restatement_must_agree_with_what_it_says(sentence, short, reason):
    judged = judge_texts(sentence, short, {})
    assert not judged.match and reason in judged.reason, judged


@pytest.mark.parametrize("query, candidate", [
    # One negation on each side, of different things: the candidate negates what the query affirms.
    ("The Stadia port attempts to run at an ideal 60fps in the Chrome browser, where users will not run into issues.",
     "The Stadia port doesn't run at a solid 60fps."),
    # "has yet to" is a negation.
    ("The company has yet to pay its contractors for the work.", "The company has paid its contractors for the work."),
])
def test_a_claim_and_its_negation_are_never_a_match(query, candidate):
    for one, other in ((query, candidate), (candidate, query)):
        judged = judge_texts(one, other, {})
        assert judged.score >= 0.5 and not judged.match and "negation" in judged.reason, judged


def test_a_negation_that_reaches_a_little_further_on_one_side_is_the_same_negation():
    # Rewording moves where a negation's reach ends ("because" ends a clause, "as" does not): still the same claim.
    judged = judge_texts("We will never know who anonymously tried to edit the Wikipedia page to cut out Elise Matthesen.",
                         "We will never know who tried to edit the Wikipedia page to cut out Elise Matthesen.", {})
    assert judged.match, judged


def test_a_headline_in_title_case_capitalises_more_than_names():
    sentence = "According to scientists, 2023 is slated to be the hottest year on record as the Earth keeps warming."
    assert judge_texts(sentence, "Scientists Confirm 2023 as the Hottest Year on Record", {}).match
    # Two sentences still compare their names.
    assert "subject" in guard(facts("Blade Runner The Final Cut (4K Ultra HD)"), facts("Blade Runner The Final University (4K Ultra HD)"))
    # A headline as long as the sentence must hold the sentence's names.
    judged = judge_texts("Trump said Iraq would lose all sorts of US aid if it asked Russia for help.",
                         "Biden Says Iraq Would Lose All Sorts of US Aid if It Asked Russia for Help", {})
    assert not judged.match and "subject" in judged.reason
    assert judge_texts("Dunford said Iraq would lose all sorts of US aid if it asked Russia for help.",
                       "Dunford Says Iraq Would Lose All Sorts of US Aid if It Asked Russia for Help", {}).match


def test_facts_survive_the_index():
    found = facts("Iraq would not lose 50 sorts of US aid in 2015, Dunford said.")
    assert facts_from_json(json.loads(json.dumps(facts_to_json(found)))) == found
    assert found.scopes and "lose" in next(iter(found.scopes)) and found.size > 5
