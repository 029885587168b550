"""core.tracing: origin, groups and warnings from captured pages (no network)."""

from __future__ import annotations

from factcheck_gui.core.tracing import (
    LINKS,
    REUSES,
    TracedPage,
    analyse,
    carriage,
    normal_address,
)

CLAIM = "Iraq would lose all sorts of US aid if it asked Russia for help, Gen. Joe Dunford said on Tuesday."
FILLER = "The committee met in the afternoon. Lawmakers discussed the budget for the next year at length."
OTHER = "Markets were calm on Wednesday. Oil prices rose slightly after the weekend."


def page(url: str, published: str, text: str, links: list[str] = (), **kwargs) -> TracedPage:
    return TracedPage(url=url, published=published, text=text, links=list(links), **kwargs)


def test_a_look_alike_with_another_number_does_not_carry_the_claim():
    claim = "The ministry said 150 soldiers were sent to the border."
    assert carriage(claim, f"{FILLER} The ministry said 150 soldiers were sent to the border. {OTHER}").carries
    assert not carriage(claim, f"{FILLER} The ministry said 157 soldiers were sent to the border. {OTHER}").carries
    assert not carriage(claim, f"{FILLER} The ministry said 150 soldiers were not sent to the border. {OTHER}").carries


def test_a_page_that_adds_a_year_a_date_or_a_count_still_carries_the_claim():
    """Issue 14: the origin's sentence also named the year, and the trace took a later copy for the origin."""
    claim = "The ministry said 150 soldiers were sent to the border."
    for sentence in ("The ministry said 150 soldiers were sent to the border in 2025.",
                     "On 3 March 2025 the ministry said 150 soldiers were sent to the border.",
                     "The ministry said 150 soldiers were sent to the border, up from 120 a year earlier.",
                     "The ministry said 150 soldiers, among them 12 officers, were sent to the border."):
        found = carriage(claim, f"{FILLER} {sentence} {OTHER}")
        assert found.carries, sentence
        assert found.passage == sentence
    dunford = "Iraq would lose all sorts of US aid if it asked Russia for help, Gen. Joe Dunford said on Tuesday."
    assert carriage(dunford, dunford.replace("on Tuesday", "on 20 October 2015")).carries  # a date for "Tuesday"
    assert carriage(dunford, dunford.replace("on Tuesday", "in 2015")).carries


def test_a_page_stating_another_figure_does_not_carry_the_claim_even_with_the_claims_number_nearby():
    claim = "The ministry said 150 soldiers were sent to the border."
    for sentence in ("The ministry said 157 soldiers were sent to the border in 2025.",  # changed, year added
                     "On 3 March 2025 the ministry said 157 soldiers were sent to the border.",
                     "The ministry said 150 of 300 soldiers were not sent to the border."):  # negation
        assert not carriage(claim, f"{FILLER} {sentence} {OTHER}").carries, sentence
    rate = "Unemployment rose to 5 percent last year, the office said."
    assert not carriage(rate, f"{FILLER} Unemployment rose from 5 percent to 7 percent last year, the office said.").carries
    swapped = "The ministry said 150 soldiers were sent and 20 came back."
    assert not carriage(swapped, "The ministry said 20 soldiers were sent and 150 came back.").carries
    dunford = "Iraq would lose all sorts of US aid if it asked Russia for help, Gen. Joe Dunford said on Tuesday."
    assert not carriage(dunford, dunford.replace("all sorts", "50 sorts")).carries  # a count for "all"


def test_the_origin_is_the_statement_a_chain_of_reports_cites():
    statement = page("https://defense.example/statement", "2015-10-20", f"{FILLER} {CLAIM} {OTHER}")
    wire = page("https://wire.example/story", "2015-10-21", f"{OTHER} Officials said: “{CLAIM}” {FILLER}",
                [statement.url])
    copy = page("https://www.paper.example/amp/story", "2015-10-22",
                f"Subscribe today. {OTHER} Officials said: “{CLAIM}” {FILLER} Related stories.", [statement.url])
    report = page("https://news.example/report", "2015-10-23", f"{FILLER} As the wire reported, {CLAIM}", [wire.url])
    trace = analyse(CLAIM, [report, wire, copy, statement])
    assert trace.origin == statement.url
    groups = {node.url: node.group for node in trace.nodes}
    assert groups[wire.url] == groups[copy.url]  # a syndicated copy is one group with its wire story
    assert trace.independent_origins == 1
    kinds = {(edge.source, edge.target, edge.kind) for edge in trace.edges}
    assert (report.url, wire.url, LINKS) in kinds
    assert (copy.url, wire.url, REUSES) in kinds
    assert trace.to_json()["origin"] == statement.url


def test_two_statements_are_two_independent_origins_and_a_circle_is_warned():
    first = page("https://a.example/s", "2019-01-01", f"{FILLER} {CLAIM}")
    second = page("https://b.example/s", "2019-01-02", f"{OTHER} {CLAIM}")
    assert analyse(CLAIM, [first, second]).independent_origins == 2
    one = page("https://c.example/r", "2019-02-01", f"{FILLER} {CLAIM}", ["https://d.example/r"])
    two = page("https://d.example/r", "2019-02-02", f"{OTHER} {CLAIM}", ["https://c.example/r"])
    trace = analyse(CLAIM, [one, two])
    assert trace.origin == one.url
    assert any(warning.startswith("Circular citation") for warning in trace.warnings)


def test_an_undated_statement_cited_by_a_dated_report_is_the_origin_with_a_warning():
    statement = page("https://gov.example/s", "", f"{FILLER} {CLAIM}")
    report = page("https://news.example/r", "2020-05-05", f"{OTHER} {CLAIM}", [statement.url])
    trace = analyse(CLAIM, [report, statement])
    assert trace.origin == statement.url
    assert any("gives no date" in warning for warning in trace.warnings)


def test_addresses_of_one_page_compare_equal():
    assert normal_address("https://www.example.com/a/amp/") == normal_address("http://example.com/a?utm=1#x")
    assert normal_address("https://m.example.com/a") == normal_address("https://example.com/a")
