"""factcheck_gui.fetching, the fetch and archive jobs that the window and the command line share.

Plain functions, no Qt: a local server plays the page and the Internet Archive.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from pytest_httpserver import HTTPServer

from factcheck_gui.core.settings import Settings
from factcheck_gui.fetching import (
    ArchiveOutcome,
    archive_page,
    fetch_page,
    fetch_source,
)
from factcheck_gui.net.cancel import CancelToken
from factcheck_gui.net.errors import ArchiveError, CancelledFetch, HttpStatusError
from factcheck_gui.store.library import Library

PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Iraq has not asked for help</title>
<meta property="og:site_name" content="Defense News Desk"></head><body><article>
<p>The top US general said on Tuesday that Iraq's prime minister told him no request had been made.</p>
</article></body></html>"""


@pytest.fixture
def settings(httpserver: HTTPServer) -> Settings:
    return Settings(
        fetch_timeout_seconds=5.0,
        wayback_save_url=httpserver.url_for("/save/"),
        wayback_availability_url=httpserver.url_for("/available"),
    )


def test_a_fetched_source_keeps_its_snapshot_and_says_how_far_it_got(httpserver, settings, data_dir):
    httpserver.expect_request("/briefing").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    library = Library(data_dir)
    reports: list[tuple[float, str]] = []

    source = fetch_source(httpserver.url_for("/briefing"), settings, library,
                          progress=lambda fraction, status: reports.append((fraction, status)))

    assert source.title == "Iraq has not asked for help" and source.site == "Defense News Desk"
    assert source.status == 200 and "no request had been made" in source.text
    assert source.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert (data_dir / "snapshots" / source.sha256).read_bytes() == PAGE
    assert reports[0] == (0.0, "Connecting\u2026") and reports[-1] == (1.0, "Keeping a snapshot\u2026")
    assert (1.0, f"{len(PAGE)} bytes of {len(PAGE)} bytes") in reports[1:-1]


def test_a_failed_or_cancelled_fetch_keeps_nothing(httpserver, settings, data_dir):
    httpserver.expect_request("/gone").respond_with_data("Gone", status=410)
    library = Library(data_dir)
    with pytest.raises(HttpStatusError, match="410"):
        fetch_source(httpserver.url_for("/gone"), settings, library)
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(CancelledFetch):
        fetch_source(httpserver.url_for("/briefing"), settings, library, cancel=cancel)
    assert not (data_dir / "snapshots").exists() or list((data_dir / "snapshots").iterdir()) == []
    assert [r.path for r, _ in httpserver.log] == ["/gone"]  # the cancelled fetch asked the server nothing


def test_fetch_page_is_the_page_as_read_without_a_library(httpserver, settings):
    httpserver.expect_request("/briefing").respond_with_data(PAGE, content_type="text/html")
    result = fetch_page(httpserver.url_for("/briefing"), settings)
    assert result.title == "Iraq has not asked for help" and result.body == PAGE


def test_archive_saves_a_copy_now(httpserver, settings):
    url = "https://example.org/briefing"
    httpserver.expect_request(re.compile(r"^/save/.*")).respond_with_data(
        "saved", headers={"Content-Location": f"/web/20261125084000/{url}"})
    outcome = archive_page(url, settings)
    assert outcome == ArchiveOutcome(httpserver.url_for(f"/web/20261125084000/{url}"), "2026-11-25T08:40:00Z", True)


def test_archive_takes_an_existing_copy_when_saving_is_refused_and_says_why(httpserver, settings):
    httpserver.expect_request(re.compile(r"^/save/.*")).respond_with_data("Too many requests", status=429)
    httpserver.expect_request("/available").respond_with_json({"archived_snapshots": {"closest": {
        "status": "200", "available": True, "timestamp": "20151021000000",
        "url": "http://web.archive.org/web/20151021000000/https://example.org/briefing"}}})
    steps: list[str] = []
    outcome = archive_page("https://example.org/briefing", settings, progress=lambda _f, status: steps.append(status))
    assert outcome.archive_url == "https://web.archive.org/web/20151021000000/https://example.org/briefing"
    assert outcome.archived_at == "2015-10-21T00:00:00Z" and not outcome.saved_now and "too many" in outcome.note
    assert steps == ["Asking the Internet Archive to save a copy\u2026", "Looking for an existing copy\u2026"]


def test_archive_without_any_copy_raises_the_save_error(httpserver, settings):
    httpserver.expect_request(re.compile(r"^/save/.*")).respond_with_data("No", status=403)
    httpserver.expect_request("/available").respond_with_json({"archived_snapshots": {}})
    with pytest.raises(ArchiveError, match=r"refused the request \(403\)"):
        archive_page("https://example.org/briefing", settings)
