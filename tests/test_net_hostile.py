"""Hostile answers under the size caps: pages that cost memory and time, undecodable bodies,
archive bombs, addresses with control characters. Crafted on pytest-httpserver; no internet."""

from __future__ import annotations

import time

import pytest
from pytest_httpserver import HTTPServer

from factcheck_gui.core.settings import Settings
from factcheck_gui.net import workers
from factcheck_gui.net.fetch import fetch
from factcheck_gui.net.html import MAX_ELEMENTS, MAX_LINKS, read_html


def quick() -> Settings:
    return Settings(fetch_timeout_seconds=5)


@pytest.fixture(autouse=True)
def fresh_workers():
    workers.shutdown()
    yield
    workers.shutdown()


def nested_links(count: int) -> bytes:
    """A page of *count* links, each opened inside the one before and never closed."""
    return (b"<html><head><title>Links</title></head><body><p>Intro.</p>"
            + b'<a href="https://example.com/x">w ' * count + b"</body></html>")


def test_a_page_of_nested_links_is_read_as_at_most_five_thousand_links(httpserver: HTTPServer) -> None:
    # Time and memory grow with the elements read. Measured by hand, one read alone: the
    # 400,000 links of the report (11.6 MB) took 21 s and 1.5 GB before, 3 s and 160 MB now.
    httpserver.expect_request("/links").respond_with_data(nested_links(120_000), content_type="text/html")
    result = fetch(httpserver.url_for("/links"), settings=quick())
    assert len(result.links) == MAX_LINKS
    assert result.text.count("w") == 120_000  # every word is still there, as text


def test_a_page_of_too_many_elements_is_simplified_before_it_is_parsed() -> None:
    page = "<html><body>" + "<div><span>a</span> <b>b</b> <a href='https://e.example/'>c</a></div>" * 60_000
    _, tree = read_html(page + "</body></html>")
    assert sum(1 for _ in tree.iter()) <= MAX_ELEMENTS + 10
    assert tree.text_content().count("a b c") == 60_000


def test_links_inside_links_are_closed_as_browsers_close_them() -> None:
    _, tree = read_html('<html><body><p><a href="https://a.example/">one <a href="https://b.example/">two</p>')
    anchors = tree.xpath("//a")
    assert [a.text_content() for a in anchors] == ["one ", "two"]
    assert all(a.getparent().tag == "p" for a in anchors)


# -- the Internet Archive's answers --------------------------------------------------------------


def archive_settings(server: HTTPServer) -> Settings:
    return Settings(wayback_availability_url=server.url_for("/available"),
                    wayback_save_url=server.url_for("/save/"), fetch_timeout_seconds=5)


def test_an_archive_answer_that_inflates_to_200_mb_is_refused_without_reading_it(httpserver: HTTPServer) -> None:
    import gzip
    import tracemalloc

    from factcheck_gui.net.archive import lookup_archive
    from factcheck_gui.net.errors import ArchiveError

    answer = (b'{"archived_snapshots": {"closest": {"available": true, "status": "200", '
              b'"url": "http://web.archive.org/web/20191022000000/https://example.com/"}}}')
    bomb = gzip.compress(answer + b" " * 200_000_000, compresslevel=9)  # valid JSON, 200 KB sent
    httpserver.expect_request("/available").respond_with_data(
        bomb, content_type="application/json", headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(ArchiveError, match="far larger than any real answer") as caught:
            lookup_archive("https://example.com/", archive_settings(httpserver))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, peak  # the whole answer (200 MB, 2 GB in the report) was held before
    assert "The source itself is kept." in str(caught.value)


def test_an_unreachable_archive_is_said_in_plain_words_and_the_detail_goes_to_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging
    import socket

    from factcheck_gui.net.archive import lookup_archive
    from factcheck_gui.net.errors import ArchiveError

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    offline = Settings(wayback_availability_url=f"http://127.0.0.1:{port}/available", fetch_timeout_seconds=2)
    with caplog.at_level(logging.INFO, logger="factcheck_gui.net"):
        with pytest.raises(ArchiveError) as caught:
            lookup_archive("https://example.com/", offline)
    message = str(caught.value)
    assert message.startswith("The Internet Archive could not be reached (the connection was refused).")
    for technical in ("HTTPConnectionPool", "Max retries", "NewConnectionError", "Errno", "port="):
        assert technical not in message
    assert "NewConnectionError" in caplog.text  # the detail is kept, in the log


def test_a_server_sending_over_100_headers_gets_a_plain_message(httpserver: HTTPServer) -> None:
    from werkzeug import Request, Response

    from factcheck_gui.net.errors import MalformedPageError

    def raw(request: Request) -> Response:
        try:
            request.environ["werkzeug.socket"].sendall(
                b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: a\r\n" % n for n in range(150)) + b"\r\n")
        except OSError:
            pass
        return Response("")

    httpserver.expect_request("/headers").respond_with_handler(raw)
    with pytest.raises(MalformedPageError) as caught:
        fetch(httpserver.url_for("/headers"), settings=quick())
    message = str(caught.value)
    assert "not valid HTTP (too many headers, or a header too long)" in message
    assert "got more than" not in message and "Could not connect" not in message
    deadline = time.monotonic() + 5
    while not httpserver.log and time.monotonic() < deadline:
        time.sleep(0.02)


# -- bodies that are not what they say ----------------------------------------------------------


@pytest.mark.parametrize(("coding", "name"), [("br", "Brotli"), ("zstd", "Zstandard"), ("gzip, br", "Brotli")])
def test_a_body_compressed_in_a_way_we_cannot_unpack_is_refused_not_stored_as_text(
    httpserver: HTTPServer, coding: str, name: str
) -> None:
    import random

    from factcheck_gui.net.errors import UnsupportedContentError
    from factcheck_gui.net.fetch import fetch_to_source

    packed = random.Random(7).randbytes(4000)  # what brotli output looks like
    httpserver.expect_request("/page").respond_with_data(
        packed, content_type="text/html; charset=utf-8", headers={"Content-Encoding": coding})
    with pytest.raises(UnsupportedContentError, match=f"compressed with {name}, which this program cannot unpack"):
        fetch_to_source(httpserver.url_for("/page"), settings=quick())


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" + bytes(200)
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4


@pytest.mark.parametrize(("body", "what"), [(PNG, "an image (image/png"), (ZIP, "a zip archive (application/zip")],
                         ids=["png", "zip"])
def test_an_image_or_a_zip_served_as_a_web_page_is_recorded_as_what_it_is(
    httpserver: HTTPServer, body: bytes, what: str
) -> None:
    from factcheck_gui.net.errors import UnsupportedContentError
    from factcheck_gui.net.fetch import fetch_article, fetch_to_source

    httpserver.expect_request("/page").respond_with_data(body, content_type="text/html")
    source, kept = fetch_to_source(httpserver.url_for("/page"), settings=quick())
    assert source.text == "" and kept == body
    result = fetch(httpserver.url_for("/page"), settings=quick())
    assert result.document_type == "other"
    assert what in result.note and "though the server called it text/html" in result.note
    with pytest.raises(UnsupportedContentError):
        fetch_article(httpserver.url_for("/page"), settings=quick())


def test_binary_data_served_as_text_without_a_known_signature_is_not_stored_as_text(httpserver: HTTPServer) -> None:
    import random

    garbage = random.Random(3).randbytes(20_000)
    httpserver.expect_request("/page").respond_with_data(garbage, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/notes.txt").respond_with_data(garbage, content_type="text/plain")
    for path in ("/page", "/notes.txt"):
        result = fetch(httpserver.url_for(path), settings=quick())
        assert result.text == "" and result.document_type == "other"
        assert "it is binary data, not text" in result.note


# -- imported files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"A headline\n\n" + b"A sentence of the article. " * 400 + b"\x00\x01\x02binary" + b" more text." * 10,
     "\ufeffA headline\n\nA sentence.\x00\x01 binary".encode("utf-16-le"),
     "A headline\n\nA sentence.\x00\x01 binary".encode("utf-16")],
    ids=["nul-after-8-kb", "utf-16-le-bom", "utf-16-bom"],
)
def test_an_import_with_a_nul_anywhere_is_refused_as_binary(tmp_path, data: bytes) -> None:
    from factcheck_gui.core.errors import InputError
    from factcheck_gui.importer import article_from_file

    path = tmp_path / "story.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="looks like a binary file"):
        article_from_file(path)


# -- PDF dates --------------------------------------------------------------------------------


def pdf_with(xmp: str = "", created: str = "D:20191022143000+02'00'") -> bytes:
    """A one-page PDF with a creation date and, if given, an XMP metadata stream."""
    content = "BT /F1 12 Tf 72 720 Td (Troops will stay in western Iraq.) Tj ET"
    metadata = " /Metadata 7 0 R" if xmp else ""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R{metadata} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title (Statement) /CreationDate ({created}) >>",
    ]
    if xmp:
        objects.append(f"<< /Type /Metadata /Subtype /XML /Length {len(xmp.encode())} >>\nstream\n{xmp}\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       '<rdf:Description xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">'
       "<prism:publicationDate>2019-10-23</prism:publicationDate></rdf:Description></rdf:RDF></x:xmpmeta>")


def test_a_pdf_source_is_not_dated_by_its_creation_date_which_is_kept_as_such(httpserver: HTTPServer, tmp_path) -> None:
    from factcheck_gui.core.editing import new_article
    from factcheck_gui.core.schema import article_from_dict, article_to_dict
    from factcheck_gui.net.fetch import fetch_to_source

    httpserver.expect_request("/created.pdf").respond_with_data(pdf_with(), content_type="application/pdf")
    httpserver.expect_request("/published.pdf").respond_with_data(pdf_with(XMP), content_type="application/pdf")
    source, _ = fetch_to_source(httpserver.url_for("/created.pdf"), settings=quick())
    assert source.published == ""
    assert source.created == "2019-10-22T14:30:00+02:00"
    stated, _ = fetch_to_source(httpserver.url_for("/published.pdf"), settings=quick())
    assert stated.published == "2019-10-23" and stated.created == "2019-10-22T14:30:00+02:00"

    article = new_article("A sentence.")
    article.sources.append(source)
    saved = article_to_dict(article)
    assert saved["sources"][0]["created"] == "2019-10-22T14:30:00+02:00"
    del saved["sources"][0]["created"]  # a file written before the key existed still loads
    assert article_from_dict(saved).sources[0].created == ""
