"""The Wayback Machine, played by a local server: look a copy up, ask for one, fail softly."""

from __future__ import annotations

import json
import re
import socket

import pytest
from pytest_httpserver import HTTPServer

from factcheck_gui.core.errors import FetchError
from factcheck_gui.core.settings import Settings
from factcheck_gui.net.archive import archived_at, lookup_archive, save_to_archive
from factcheck_gui.net.errors import ArchiveError

PAGE = "https://www.defense.gov/News/Releases/Release/Article/1/"
SNAPSHOT = "http://web.archive.org/web/20191022143000/https://www.defense.gov/News/Releases/Release/Article/1/"


@pytest.fixture
def settings(httpserver: HTTPServer) -> Settings:
    return Settings(
        wayback_availability_url=httpserver.url_for("/wayback/available"),
        wayback_save_url=httpserver.url_for("/save/"),
        fetch_timeout_seconds=5.0,
    )


def test_lookup_finds_the_closest_copy(httpserver: HTTPServer, settings: Settings) -> None:
    answer = {"url": PAGE, "archived_snapshots": {"closest": {
        "status": "200", "available": True, "url": SNAPSHOT, "timestamp": "20191022143000"}}}
    httpserver.expect_request("/wayback/available", query_string={"url": PAGE}).respond_with_json(answer)
    found = lookup_archive(PAGE + "#top", settings)
    assert found == SNAPSHOT.replace("http://", "https://")
    assert archived_at(found) == "2019-10-22T14:30:00Z"


def test_lookup_without_a_copy_is_none(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/wayback/available").respond_with_json({"url": PAGE, "archived_snapshots": {}})
    assert lookup_archive(PAGE, settings) is None


@pytest.mark.parametrize(
    ("status", "body", "fragment"),
    [
        (503, "busy", "could not do it right now (503)"),
        (429, "slow down", "too many were sent"),
        (200, "<html>not json</html>", "something other than the expected data"),
    ],
)
def test_lookup_failures_are_archive_errors(httpserver: HTTPServer, settings: Settings, status: int, body: str, fragment: str) -> None:
    httpserver.expect_request("/wayback/available").respond_with_data(body, status=status)
    with pytest.raises(ArchiveError, match=re.escape(fragment)) as caught:
        lookup_archive(PAGE, settings)
    assert "The source itself is kept." in str(caught.value)
    assert isinstance(caught.value, FetchError)


def test_save_reads_the_content_location_header(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request(f"/save/{PAGE}").respond_with_data(
        "<html>Saved</html>", headers={"Content-Location": f"/web/20191022143000/{PAGE}"}, content_type="text/html"
    )
    saved = save_to_archive(PAGE, settings)
    assert saved == httpserver.url_for(f"/web/20191022143000/{PAGE}")
    assert archived_at(saved) == "2019-10-22T14:30:00Z"


def test_save_follows_a_redirect_to_the_copy(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request(f"/save/{PAGE}").respond_with_data("", status=302, headers={"Location": f"/web/20200101000000/{PAGE}"})
    httpserver.expect_request(f"/web/20200101000000/{PAGE}").respond_with_data("<html>copy</html>", content_type="text/html")
    assert save_to_archive(PAGE, settings) == httpserver.url_for(f"/web/20200101000000/{PAGE}")


def test_save_reads_a_memento_link_header(httpserver: HTTPServer, settings: Settings) -> None:
    link = f'<{PAGE}>; rel="original", <https://web.archive.org/web/20210304050607/{PAGE}>; rel="memento"; datetime="Thu, 04 Mar 2021"'
    httpserver.expect_request(f"/save/{PAGE}").respond_with_data("ok", headers={"Link": link})
    assert save_to_archive(PAGE, settings) == f"https://web.archive.org/web/20210304050607/{PAGE}"


def test_save_failures_are_archive_errors(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request(f"/save/{PAGE}").respond_with_data("blocked", status=523)
    with pytest.raises(ArchiveError, match="may block archiving"):
        save_to_archive(PAGE, settings)
    httpserver.clear()
    httpserver.expect_request(f"/save/{PAGE}").respond_with_data("ok")
    with pytest.raises(ArchiveError, match="did not say where the copy is"):
        save_to_archive(PAGE, settings)


def test_an_unreachable_archive_is_an_archive_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    offline = Settings(
        wayback_availability_url=f"http://127.0.0.1:{port}/available",
        wayback_save_url=f"http://127.0.0.1:{port}/save/",
        fetch_timeout_seconds=2.0,
    )
    for call in (lookup_archive, save_to_archive):
        with pytest.raises(ArchiveError, match="could not be reached") as caught:
            call(PAGE, offline)
        assert "Check your internet connection" in str(caught.value)


def test_the_default_settings_point_at_the_internet_archive() -> None:
    settings = Settings()
    assert settings.wayback_availability_url == "https://archive.org/wayback/available"
    assert settings.wayback_save_url == "https://web.archive.org/save/"
    assert json.dumps(archived_at("https://example.org/no-snapshot")) == '""'
