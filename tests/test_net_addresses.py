"""What an address typed to import an article is (net.urls.read_address), as the Import dialog
and `factcheck import` see it; messages that echo an address stay on one line."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from factcheck_gui.core.settings import Settings
from factcheck_gui.net.errors import BadUrlError, TlsError, UnsupportedContentError
from factcheck_gui.net.urls import Address, normalize_url, read_address
from tests.conftest import run_cli


@pytest.fixture
def no_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a host name was looked up: {args[0]!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_an_ftp_address_is_refused_for_its_scheme_without_a_lookup(no_lookups: None) -> None:
    with pytest.raises(BadUrlError, match="this one is a “ftp:” address, an FTP server"):
        read_address("ftp://ftp.example.org/pub/statement.txt")


def test_the_import_dialog_refuses_ftp_at_once_saying_the_scheme_is_not_supported(qtbot, no_lookups: None) -> None:
    from factcheck_gui.ui.import_dialog import QtImportDialog
    from factcheck_gui.ui.tasks import QtTaskRunner

    dialog = QtImportDialog(QtTaskRunner())
    qtbot.addWidget(dialog)
    dialog.findChild(type(dialog.url_edit), "importUrlEdit").setText("ftp://ftp.example.org/pub/statement.txt")
    dialog.import_button.click()
    status = dialog.findChild(type(dialog.status_label), "importStatusLabel").text()
    assert "Only web addresses (http:// and https://) can be fetched" in status and "“ftp:”" in status
    assert "could not be found" not in status
    assert not dialog.progress.isVisible()  # nothing was started


def test_file_urls_are_files_and_a_host_and_port_is_a_web_address(tmp_path: Path) -> None:
    story = tmp_path / "my story.txt"
    story.write_text("A headline\n\nA sentence.\n", encoding="utf-8")
    assert read_address(story.as_uri()) == Address("file", str(story))
    assert read_address(story.as_uri(), local_files=True) == Address("file", str(story))
    assert read_address("file://localhost/etc/hostname") == Address("file", "/etc/hostname")
    with pytest.raises(BadUrlError, match="a file on another computer"):
        read_address("file://server/share/story.txt")
    assert read_address("localhost:8000/story") == Address("web", "https://localhost:8000/story")
    assert read_address("localhost:8000/story", local_files=True) == Address("web", "https://localhost:8000/story")
    assert read_address("story.txt", local_files=True) == Address("file", "story.txt")  # missing: said later
    assert read_address("https://example.com/a b") == Address("web", "https://example.com/a%20b")


def factcheck(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, data_dir=data_dir)


def test_factcheck_import_reads_a_file_url_as_the_file(tmp_path: Path, data_dir: Path) -> None:
    story = tmp_path / "statement.txt"
    story.write_text("Troops will stay\n\nThe minister said the troops will stay in the west.\n", encoding="utf-8")
    done = factcheck("import", story.as_uri(), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    listed = factcheck("list", data_dir=data_dir)
    assert "Troops will stay" in listed.stdout
    refused = factcheck("import", "ftp://ftp.example.org/statement.txt", data_dir=data_dir)
    assert refused.returncode == 1 and "“ftp:”" in refused.stderr and "There is no file" not in refused.stderr


def test_a_host_and_port_without_a_scheme_that_fails_on_tls_suggests_http(httpserver: HTTPServer) -> None:
    from factcheck_gui.net.fetch import fetch

    typed = httpserver.url_for("/story").removeprefix("http://")  # localhost:PORT/story
    httpserver.expect_request("/story").respond_with_data("<html><body><p>Hi.</p></body></html>",
                                                          content_type="text/html")
    with pytest.raises(TlsError) as caught:
        fetch(typed, settings=Settings(fetch_timeout_seconds=5))
    assert f"type the address with http:// in front: http://{typed}" in str(caught.value)
    with pytest.raises(TlsError) as typed_https:  # https typed on purpose: no such advice
        fetch("https://" + typed, settings=Settings(fetch_timeout_seconds=5))
    assert "http:// in front" not in str(typed_https.value)


@pytest.mark.parametrize("body", [b"\x89PNG\r\n\x1a\n" + bytes(300), b"PK\x03\x04" + bytes(range(256))], ids=["png", "zip"])
def test_importing_an_image_or_a_zip_gives_advice_for_an_article_not_for_a_source(
    httpserver: HTTPServer, body: bytes
) -> None:
    from factcheck_gui.importer import article_from_url

    httpserver.expect_request("/file").respond_with_data(body, content_type="application/octet-stream")
    with pytest.raises(UnsupportedContentError) as caught:
        article_from_url(httpserver.url_for("/file"), settings=Settings(fetch_timeout_seconds=5))
    message = str(caught.value)
    assert "Import the web page that shows or links to it" in message
    assert "evidence note" not in message and "recorded by its type and size" not in message


@pytest.mark.parametrize("typed", ["not an address\r\nsecond line", "exa\nmple", "ht tp://x\r\ny",
                                   "https://example.com:99999\r\n/x", "mailto:\r\nx@example.com"])
def test_an_address_error_stays_on_one_line_whatever_was_typed(typed: str) -> None:
    with pytest.raises(BadUrlError) as caught:
        normalize_url(typed)
    assert not any(char in str(caught.value) for char in "\r\n\x00")


def test_the_import_dialog_refuses_a_csv_address_as_the_command_line_does(qtbot, httpserver: HTTPServer) -> None:
    """The window's import fetches through the same importer.article_from_url."""
    from factcheck_gui.ui.import_dialog import QtImportDialog
    from factcheck_gui.ui.tasks import QtTaskRunner

    httpserver.expect_request("/data/troops.csv").respond_with_data("region,troops\nnorth,150\n",
                                                                    content_type="text/csv")
    dialog = QtImportDialog(QtTaskRunner(), settings=Settings(fetch_timeout_seconds=5))
    qtbot.addWidget(dialog)
    made = []
    dialog.article_ready.connect(lambda article, request: made.append(article))
    dialog.findChild(type(dialog.url_edit), "importUrlEdit").setText(httpserver.url_for("/data/troops.csv"))
    dialog.import_button.click()
    status = dialog.findChild(type(dialog.status_label), "importStatusLabel")
    qtbot.waitUntil(lambda: "not an article" in status.text(), timeout=10000)
    assert "it is a CSV table (text/csv" in status.text() and made == []
