"""factcheck_gui.tracing: the crawl from a claim's sources, on a local server (no internet)."""

from __future__ import annotations

import hashlib
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from factcheck_gui.core.editing import add_claim, add_source, find_text, pin_source
from factcheck_gui.core.model import Link, Source
from factcheck_gui.core.settings import Settings
from factcheck_gui.importer import article_from_text
from factcheck_gui.net.cancel import CancelToken
from factcheck_gui.net.errors import CancelledFetch
from factcheck_gui.store.library import Library
from factcheck_gui.tracing import crawl, start_addresses
from tests.trace_web import COPY, PAGES, REPORT, STATEMENT, WIRE, page_html, serve

CLAIM = ("Yesterday, when Gen. Joe Dunford claimed Iraq \u201cdoesn\u2019t want Russia\u2019s help\u201d in the ongoing "
         "ISIS war, it appears to have been less a statement of fact.")
FILLER = "The committee met in the afternoon and discussed the budget for the next year at length."


@pytest.fixture
def settings(httpserver: HTTPServer) -> Settings:
    return Settings(fetch_timeout_seconds=5.0, wayback_availability_url=httpserver.url_for("/available"))


def test_the_trace_follows_the_report_to_the_statement_and_groups_the_copy(httpserver, settings, data_dir):
    base = serve(httpserver)
    library = Library(data_dir)
    result = crawl(CLAIM, [base + REPORT], settings, library)

    trace = result.trace
    assert trace.origin == base + STATEMENT
    assert trace.independent_origins == 1
    groups = {node.url: node.group for node in trace.nodes}
    assert groups[base + WIRE] == groups[base + COPY] != groups[base + STATEMENT]
    carriers = {node.url for node in trace.nodes if node.carries_claim}
    assert carriers == {base + REPORT, base + WIRE, base + COPY, base + STATEMENT}
    # Each page is captured as a source is: text, date, the raw body kept by its SHA-256.
    statement = result.source_for(base + STATEMENT)
    body = page_html(STATEMENT, base).encode()
    assert statement is not None and statement.sha256 == hashlib.sha256(body).hexdigest()
    assert (data_dir / "snapshots" / statement.sha256).read_bytes() == body
    assert statement.published.startswith("2015-10-20") and statement.title == PAGES[STATEMENT][0]


def test_a_carriers_citations_spend_no_depth_but_other_links_do(httpserver, settings):
    claim = "The ministry said 150 soldiers were sent to the northern border on Monday."
    pages = {"/r4": ("Report 4", "four", "2020-01-05", [FILLER, f"Officials said {claim}"], ["/r3"]),
             "/r3": ("Report 3", "three", "2020-01-04", [FILLER, claim], ["/r2"]),
             "/r2": ("Report 2", "two", "2020-01-03", [FILLER, claim], ["/r1"]),
             "/r1": ("Report 1", "one", "2020-01-02", [FILLER, claim], ["/statement"]),
             "/statement": ("Statement", "ministry", "2020-01-01", [claim, FILLER], []),
             # a page without the claim: its links lead on only from the passage near the claim
             "/far": ("Far", "far", "", [FILLER], ["/further"]),
             "/further": ("Further", "further", "", [FILLER], [])}
    pages["/r4"][4].append("/far")
    base = serve(httpserver, pages)
    result = crawl(claim, [base + "/r4"], settings, depth=0)
    assert result.trace.origin == base + "/statement"  # a chain four deep at depth 0
    fetched = {page.url for page in result.pages}
    assert base + "/far" in fetched and base + "/further" not in fetched


def test_a_page_without_the_claim_is_followed_only_from_the_passage_near_it(httpserver, settings):
    claim = "The ministry said 150 soldiers were sent to the northern border on Monday."
    near = "The ministry said soldiers were sent to the northern border, a spokesman told reporters."
    base = httpserver.url_for("").rstrip("/")
    html = (f"<html><head><title>Hub</title></head><body><article><p>{FILLER} <a href='{base}/unrelated'>more</a></p>"
            f"<p>{FILLER}</p><p>{FILLER}</p><p>{FILLER}</p>"
            f"<p>{near} <a href='{base}/statement'>the statement</a></p></article></body></html>")
    httpserver.expect_request("/hub").respond_with_data(html, content_type="text/html")
    serve(httpserver, {"/statement": ("Statement", "ministry", "2020-01-01", [claim, FILLER], []),
                       "/unrelated": ("Unrelated", "x", "", [FILLER], [])})
    result = crawl(claim, [base + "/hub"], settings, depth=1)
    fetched = {page.url for page in result.pages}
    assert base + "/statement" in fetched and base + "/unrelated" not in fetched
    assert crawl(claim, [base + "/hub"], settings, depth=0).pages[-1].url == base + "/hub"  # depth 0: no further


def test_the_page_budget_bounds_the_requests_and_counts_what_was_left(httpserver, settings):
    claim = "The ministry said 150 soldiers were sent to the northern border on Monday."
    pages = {f"/copy{i}": (f"Copy {i}", f"site{i}", "2020-01-02", [claim], []) for i in range(6)}
    pages["/hub"] = ("Hub", "hub", "2020-01-03", [claim], [f"/copy{i}" for i in range(6)])
    base = serve(httpserver, pages)
    result = crawl(claim, [base + "/hub"], settings, max_pages=3)
    assert len(result.pages) == 3 and len(httpserver.log) == 3
    assert result.unfollowed == 4


def test_a_trace_fetches_pages_side_by_side_and_reports_progress(settings):
    claim = "The ministry said 150 soldiers were sent to the northern border on Monday."
    pages = {f"/p{i}": (f"Page {i}", f"site{i}", "2020-01-02", [FILLER], []) for i in range(8)}
    pages["/hub"] = ("Hub", "hub", "2020-01-03", [claim], [f"/p{i}" for i in range(8)])
    with HTTPServer(threaded=True) as server:
        base = server.url_for("").rstrip("/")

        def slow(request):
            time.sleep(0.3)
            return Response(page_html(request.path, base, pages), content_type="text/html")

        for path in pages:
            server.expect_request(path).respond_with_handler(slow)
        reports: list[tuple[float, str]] = []
        began = time.monotonic()
        result = crawl(claim, [base + "/hub"], settings, progress=lambda f, s: reports.append((f, s)))
        elapsed = time.monotonic() - began
    assert len(result.pages) == 9 and not any(page.error for page in result.pages)
    assert elapsed < 2.2, f"9 pages of 300 ms took {elapsed:.2f} s"  # one by one: 2.7 s
    assert reports[-1][0] == 1.0 and any("9 pages read, 1 carry the claim" in status for _, status in reports)
    # One report per page read (and the last), not one per 50 ms wait: each costs the window a repaint.
    assert len(reports) <= len(result.pages) + 1, reports


def test_a_cancelled_trace_stops_and_raises(httpserver, settings):
    claim = "The ministry said 150 soldiers were sent to the northern border on Monday."
    pages = {f"/r{i}": (f"R {i}", "s", "2020-01-02", [claim], [f"/r{i + 1}"]) for i in range(10)}
    base = serve(httpserver, pages)
    token = CancelToken()

    def progress(_fraction: float, status: str) -> None:
        if "2 pages read" in status:
            token.cancel()

    with pytest.raises(CancelledFetch):
        crawl(claim, [base + "/r0"], settings, cancel=token, progress=progress, threads=1)
    assert len(httpserver.log) == 2


def test_dates_come_from_the_archive_only_when_the_user_allows_it(httpserver, settings):
    claim = "The ministry said 150 soldiers were sent to the northern border on Monday."
    base = serve(httpserver, {"/undated": ("Undated", "u", "", [claim, FILLER], [])})
    httpserver.expect_request("/available").respond_with_json(
        {"archived_snapshots": {"closest": {"available": True, "status": "200",
                                            "url": f"http://web.archive.org/web/20190304050607/{base}/undated"}}})
    plain = crawl(claim, [base + "/undated"], settings)
    assert plain.trace.nodes[0].published == "" and not any("/available" in r.path for r, _ in httpserver.log)
    assert any("gives no date" in warning for warning in plain.trace.warnings)
    allowed = crawl(claim, [base + "/undated"], settings, archive_lookup=True)
    node = allowed.trace.nodes[0]
    assert (node.published, node.date_evidence) == ("2019-03-04", "the Internet Archive's first capture")
    [asked] = [r for r, _ in httpserver.log if r.path == "/available"]
    assert asked.args["timestamp"] == "19960101"


def test_a_trace_starts_from_the_pinned_sources_and_the_links_near_the_claim(sample_text):
    article = article_from_text(sample_text)
    start, end = find_text(article, CLAIM.split(",")[0])
    claim = add_claim(article, start, end)
    article.links.append(Link(start + 5, start + 15, "https://example.org/near"))
    article.links.append(Link(len(article.text) - 5, len(article.text) - 1, "https://example.org/far"))
    source = add_source(article, Source(url="https://example.org/pinned"))
    pin_source(article, claim.id, source.id)
    assert start_addresses(article, claim) == ["https://example.org/pinned", "https://example.org/near"]


def test_a_failed_page_is_kept_with_its_error_and_left_out_of_the_analysis(httpserver, settings):
    claim = "The ministry said 150 soldiers were sent to the northern border on Monday."
    base = serve(httpserver, {"/hub": ("Hub", "hub", "2020-01-03", [claim], ["/gone"])})
    httpserver.expect_request("/gone").respond_with_data("Gone", status=410)
    result = crawl(claim, [base + "/hub"], settings)
    [failed] = [page for page in result.pages if page.error]
    assert failed.url == base + "/gone" and "410" in failed.error
    assert [node.url for node in result.trace.nodes] == [base + "/hub"]
