"""What a hostile server, page, PDF or shared article file can and cannot do (docs/security.md).

Every test plays the attacker with a local server (pytest-httpserver) or a crafted file;
nothing leaves the machine.
"""

from __future__ import annotations

import gzip
import zlib

import pytest
from pytest_httpserver import HTTPServer

from factcheck_gui.core.settings import Settings
from factcheck_gui.net import fetch as fetch_module
from factcheck_gui.net.errors import TooLargeError
from factcheck_gui.net.fetch import CHUNK_BYTES, fetch

PAGE = (
    "<!DOCTYPE html><html><head><title>A statement +ADw-b+AD4-bold+ADw-/b+AD4-</title></head><body>"
    "<article><p>The ministry said on Monday that the troops would leave the country within four "
    "weeks, and that no new bases would be built in the west.</p></article></body></html>"
)


def quick(**changes) -> Settings:
    settings = Settings(fetch_timeout_seconds=5.0)
    for name, value in changes.items():
        setattr(settings, name, value)
    return settings


# -- downloads: size cap, decompression bombs, slow servers --------------------------------------


def _deflate_stream(size: int, *, wbits: int) -> bytes:
    """*size* zero bytes compressed without ever holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + compressor.flush()


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, gzip"])
def test_a_compression_bomb_is_stopped_at_the_cap_counted_in_decoded_bytes(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    inner = _deflate_stream(200 * 1024 * 1024, wbits=31 if encoding.startswith("gzip") else 15)
    body = gzip.compress(inner) if encoding == "gzip, gzip" else inner  # 200 MB in about 200 KB (or 1 KB)
    assert len(body) < 250_000
    httpserver.expect_request("/bomb").respond_with_data(
        body, content_type="text/html", headers={"Content-Encoding": encoding}
    )
    decoded_chunks: list[int] = []
    real_chunks = fetch_module._chunks

    def spy(*args):
        for chunk in real_chunks(*args):
            decoded_chunks.append(len(chunk))
            yield chunk

    monkeypatch.setattr(fetch_module, "_chunks", spy)
    with pytest.raises(TooLargeError) as caught:
        fetch(httpserver.url_for("/bomb"), settings=quick(fetch_max_bytes=1024 * 1024))
    assert caught.value.limit == 1024 * 1024
    # Never more than one chunk past the cap in memory: each read inflates at most CHUNK_BYTES
    # (urllib3 >= 2.6; older versions inflate a whole read at once).
    assert max(decoded_chunks) <= CHUNK_BYTES
    assert sum(decoded_chunks) <= 1024 * 1024 + CHUNK_BYTES


# -- charsets: the label is the server's ---------------------------------------------------------


@pytest.mark.parametrize("label", ["rot13", "zlib", "base64", "hex", "undefined", "idna", "unicode_escape", "utf-7"])
def test_a_charset_that_is_no_web_encoding_is_ignored_not_a_crash(httpserver: HTTPServer, label: str) -> None:
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type=f"text/html; charset={label}")
    result = fetch(httpserver.url_for("/page"), settings=quick())
    assert result.charset == "utf-8"
    assert "troops would leave the country" in result.text
    # UTF-7 would have turned "+ADw-b+AD4-" into "<b>": markup hidden from a byte-level look.
    assert "<b>" not in result.title and "+ADw-b+AD4-" in result.title


def test_a_meta_charset_that_is_no_web_encoding_is_ignored(httpserver: HTTPServer) -> None:
    page = PAGE.replace("<head>", "<head><meta charset='rot13'>")
    httpserver.expect_request("/meta").respond_with_data(page.encode(), content_type="text/html")
    assert "troops would leave the country" in fetch(httpserver.url_for("/meta"), settings=quick()).text


# -- addresses the Internet Archive answers become links: http(s) only ----------------------------

ARCHIVED_PAGE = "https://www.defense.gov/News/Releases/Release/Article/1/"


def archive_settings(httpserver: HTTPServer) -> Settings:
    return quick(wayback_availability_url=httpserver.url_for("/available"), wayback_save_url=httpserver.url_for("/save/"))


@pytest.mark.parametrize("answer", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>"])
def test_an_archive_lookup_answering_another_scheme_is_refused(httpserver: HTTPServer, answer: str) -> None:
    from factcheck_gui.net.archive import lookup_archive
    from factcheck_gui.net.errors import ArchiveError

    httpserver.expect_request("/available").respond_with_json(
        {"archived_snapshots": {"closest": {"available": True, "url": answer, "status": "200"}}}
    )
    with pytest.raises(ArchiveError, match="not a web address"):
        lookup_archive(ARCHIVED_PAGE, archive_settings(httpserver))


def test_an_archive_save_answering_another_scheme_is_refused(httpserver: HTTPServer) -> None:
    from factcheck_gui.net.archive import save_to_archive
    from factcheck_gui.net.errors import ArchiveError

    httpserver.expect_request(f"/save/{ARCHIVED_PAGE}").respond_with_data(
        "ok", headers={"Content-Location": "javascript:alert(1)", "Link": '<file:///etc/passwd>; rel="memento"'}
    )
    with pytest.raises(ArchiveError, match="did not say where the copy is"):
        save_to_archive(ARCHIVED_PAGE, archive_settings(httpserver))


# -- the window opens only web addresses in the browser -------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The addresses the sources panel hands to the desktop (nothing is really opened)."""
    from factcheck_gui.ui import sources_panel

    calls: list[str] = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url) -> bool:  # noqa: N802 - Qt's name
            calls.append(url.toString())
            return True

    monkeypatch.setattr(sources_panel, "QDesktopServices", FakeDesktop)
    return calls


def shared_article_with_source(data_dir, **source_fields):
    """An article file as a teammate (or anyone) could drop it into a shared library folder."""
    from factcheck_gui.core.editing import add_claim, add_source, find_text, pin_source
    from factcheck_gui.core.model import Source
    from factcheck_gui.importer import sample_article
    from factcheck_gui.store.library import Library
    from tests.conftest import DUNFORD_START

    library = Library(data_dir)
    article = sample_article()
    start, _ = find_text(article, DUNFORD_START)
    claim = add_claim(article, start, start + len(DUNFORD_START))
    source = add_source(article, Source(**source_fields))
    pin_source(article, claim.id, source.id)
    return library, library.add(article), claim.id, source.id


@pytest.mark.parametrize(
    "address",
    ["file:///etc/passwd", "javascript:alert(1)", "smb://intranet/share/tool.exe", "ms-settings:privacy", "http:no-host"],
)
def test_a_source_address_that_is_no_web_address_is_never_opened(qtbot, data_dir, opened, address: str) -> None:
    from factcheck_gui.ui.document import QtArticleDocument
    from factcheck_gui.ui.sources_panel import QtSourcesPanel

    library, handle, claim_id, source_id = shared_article_with_source(
        data_dir, url="https://example.org/statement", final_url=address, archive_url=address, status=200
    )
    document = QtArticleDocument(library, handle, autosave_delay_ms=0)
    panel = QtSourcesPanel(settings=quick())
    qtbot.addWidget(panel)
    panel.set_document(document)
    document.set_current_claim(claim_id)
    card = panel.cards()[source_id]

    assert panel.open_source(source_id) is False  # the card's "Open" button
    card.status_label.linkActivated.emit(address)  # the "archived" link on the card
    assert opened == []
    assert "is not a web address" in panel.message_text()

    document.article.source(source_id).final_url = "https://example.org/statement"
    assert panel.open_source(source_id) is True
    assert opened == ["https://example.org/statement"]
    document.close()
