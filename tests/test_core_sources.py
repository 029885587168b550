"""Quote check and candidate links, on the sample's Dunford claim."""

from __future__ import annotations

import pytest

from factcheck_gui.core.candidates import candidate_links
from factcheck_gui.core.editing import add_claim, add_source, find_text, new_article, pin_source
from factcheck_gui.core.model import Link, Source
from factcheck_gui.core.plaintext import parse_plain_text
from factcheck_gui.core.quotecheck import QuoteMatch, check_claim_quotes, find_quotation, quotations_in
from tests.conftest import DUNFORD_START


@pytest.fixture
def article(sample_text):
    parsed = parse_plain_text(sample_text)
    return new_article(parsed.text, parsed.meta)


@pytest.fixture
def dunford(article):
    start, _ = find_text(article, DUNFORD_START)
    end = article.text.index("if that happened.") + len("if that happened.")
    return add_claim(article, start, end, verdict="false")


def test_quotations_are_found_in_curly_and_straight_quotes_but_not_apostrophes():
    assert quotations_in("Iraq \u201cdoesn\u2019t want Russia\u2019s help\u201d in the war") == ["doesn\u2019t want Russia\u2019s help"]
    assert quotations_in('He said "we will leave soon" and left.') == ["we will leave soon"]
    assert quotations_in("It\u2019s the minister\u2019s view") == []


def test_exact_normalised_and_approximate_matches():
    quote = "doesn\u2019t want Russia\u2019s help"
    exact = find_quotation(quote, "s1", f"Dunford said Iraq {quote} today.")
    assert exact.method == "exact" and exact.score == 1.0
    source_text = "Dunford said Iraq DOESN'T  want Russia's help, today."
    normalised = find_quotation(quote, "s1", source_text)
    assert normalised.method == "normalised"
    assert source_text[normalised.start : normalised.end] == "DOESN'T  want Russia's help"
    assert "Iraq DOESN'T want Russia's help, today" in normalised.passage
    approximate = find_quotation(quote, "s1", "Dunford said Iraq does not want Russia's help at all.")
    assert approximate.method == "approximate" and 0.8 <= approximate.score < 1.0
    assert find_quotation(quote, "s1", "An unrelated text about the weather in Baghdad.") is None


def test_quote_check_searches_only_pinned_sources(article, dunford):
    says = add_source(article, Source(url="https://example.mil/t", text="Gen. Dunford: Iraq doesn't want Russia's help, he told senators."))
    other = add_source(article, Source(url="https://example.org/n", text="Nothing relevant here at all."))
    unpinned = add_source(article, Source(url="https://example.org/u", text="Iraq doesn\u2019t want Russia\u2019s help"))
    pin_source(article, dunford.id, says.id, "refutes")
    pin_source(article, dunford.id, other.id, "context")
    (check,) = check_claim_quotes(article, dunford)
    assert check.quotation == "doesn\u2019t want Russia\u2019s help"
    assert [m.source_id for m in check.matches] == [says.id]
    assert check.best.method == "normalised" and unpinned.id not in {m.source_id for m in check.matches}


def test_no_pinned_source_contains_it(article, dunford):
    (check,) = check_claim_quotes(article, dunford)
    assert not check.found and check.best is None


def test_candidate_links_inside_and_next_to_the_claim(article, dunford):
    text = article.text
    inside = text.index("Gen. Joe Dunford")
    nxt = text.index("Officials are making")
    far = text.index("Jason Ditz is Senior Editor")
    article.links = [
        Link(inside, inside + 16, "https://www.defense.gov/dunford"),
        Link(nxt, nxt + 9, "https://example.org/officials"),
        Link(far, far + 10, "https://example.org/far"),
        Link(inside, inside + 4, "javascript:alert(1)"),
    ]
    found = candidate_links(article, dunford)
    assert [c.href for c in found] == ["https://www.defense.gov/dunford", "https://example.org/officials"]
    assert found[0].inside_claim and found[0].label == "Gen. Joe Dunford" and not found[1].inside_claim
    source = add_source(article, Source(url="https://www.defense.gov/dunford"))
    pin_source(article, dunford.id, source.id)
    assert candidate_links(article, dunford)[0].already_pinned


def test_given_the_searches_so_far_a_new_pin_searches_only_the_new_source(article, dunford):
    weather = add_source(article, Source(url="https://example.org/w", text="Sunny and warm in Baghdad all week."))
    says = add_source(article, Source(url="https://example.mil/t", text="Gen. Dunford: Iraq doesn't want Russia's help."))
    pin_source(article, dunford.id, weather.id)
    searched: dict = {}
    (first,) = check_claim_quotes(article, dunford, searched)
    quotation = first.quotation
    assert not first.found and searched == {(quotation, weather.id, weather.text): None}

    # What the searches so far found stands for a source from now on: it is not searched again.
    remembered = QuoteMatch(weather.id, "exact", 1.0, 0, 5, "Sunny")
    searched[(quotation, weather.id, weather.text)] = remembered
    pin_source(article, dunford.id, says.id)
    (second,) = check_claim_quotes(article, dunford, searched)
    assert second.matches[0] is remembered  # the weather page was not searched again
    assert [m.source_id for m in second.matches] == [weather.id, says.id]  # the new source was
    assert set(searched) == {(quotation, weather.id, weather.text), (quotation, says.id, says.text)}

    # A source whose text changed is searched again, and its old search let go.
    weather.text = "Still sunny."
    (third,) = check_claim_quotes(article, dunford, searched)
    assert [m.source_id for m in third.matches] == [says.id]
    assert set(searched) == {(quotation, weather.id, "Still sunny."), (quotation, says.id, says.text)}
    # The searches stay while another claim is checked, so going back to this one searches nothing.
    other = add_claim(article, *find_text(article, "Officials are making that all the more clear today"))
    assert check_claim_quotes(article, other, searched) == [] and len(searched) == 2
    searched[(quotation, says.id, says.text)] = remembered
    assert check_claim_quotes(article, dunford, searched)[0].matches == (remembered,)
    del searched[(quotation, says.id, says.text)]
    assert check_claim_quotes(article, dunford, {}) == check_claim_quotes(article, dunford) == [third]


def test_a_source_is_found_by_any_of_its_addresses_as_the_sources_change(article, dunford):
    from factcheck_gui.core.editing import replace_capture, store_and_pin, unpin_source

    first = store_and_pin(article, dunford.id, Source(url="https://a.example/1", final_url="https://a.example/one"))
    second = store_and_pin(article, dunford.id, Source(url="https://b.example/2"))
    assert article.source_by_url("https://a.example/one") is first.source
    assert article.source_by_url("https://b.example/2") is second.source and article.source_by_url("") is None
    # The same address again is the same source, pinned once.
    again = store_and_pin(article, dunford.id, Source(url="https://b.example/2"))
    assert again.source is second.source and not again.source_added and len(article.sources) == 2
    # A new capture brings its own final address; the old one no longer finds it.
    capture = replace_capture(article, first.source.id, Source(url="https://a.example/1", final_url="https://a.example/uno"))
    assert article.source_by_url("https://a.example/uno") is first.source
    assert article.source_by_url("https://a.example/one") is None
    capture.undo(article)
    assert article.source_by_url("https://a.example/one") is first.source
    assert article.source_by_url("https://a.example/uno") is None
    # Removed from the middle of the list and put back by undo, while another is appended.
    removed = unpin_source(article, dunford.id, first.source.id)
    assert article.source_by_url("https://a.example/1") is None
    third = store_and_pin(article, dunford.id, Source(url="https://c.example/3"))
    removed.undo(article)
    assert article.source_by_url("https://a.example/1") is first.source
    assert article.source_by_url("https://c.example/3") is third.source
    # A snapshot looks its sources up in its own lists.
    copied = article.snapshot()
    copied.sources = [s for s in copied.sources if s.url != "https://c.example/3"]
    assert copied.source_by_url("https://c.example/3") is None
    assert article.source_by_url("https://c.example/3") is third.source

