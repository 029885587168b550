"""Fetching a source: a local server plays the web (pytest-httpserver); nothing leaves the machine."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck_gui import __version__
from factcheck_gui.core.errors import FetchError
from factcheck_gui.core.model import SourceKind
from factcheck_gui.core.settings import Settings
from factcheck_gui.net.cancel import CancelToken
from factcheck_gui.net.errors import (
    BadUrlError,
    CancelledFetch,
    ConnectionFailedError,
    DnsError,
    FetchTimeoutError,
    HttpStatusError,
    MalformedPageError,
    RedirectError,
    TlsError,
    TooLargeError,
    UnsupportedContentError,
)
from factcheck_gui.net.fetch import (
    MAX_REDIRECTS,
    failed_source,
    fetch,
    fetch_article,
    fetch_to_source,
    to_source,
    user_agent,
)

DATA = Path(__file__).parent / "data" / "net"

ARTICLE_PARAGRAPHS = [
    "The United States will keep the roughly one thousand troops now leaving northern Syria in "
    "western Iraq, the defense secretary told reporters on Monday, in a plan that surprised Iraqi officials.",
    "Iraq's military said in a statement that the troops had permission only to pass through the "
    "country, and that they could not stay without an agreement approved by parliament.",
    "Officials repeated that the mission against the Islamic State was not over, and that the "
    "troops would continue to fight from bases in the west of the country for some time.",
]


def article_html(title: str = "Troops will stay in Iraq", paragraphs: list[str] | None = None, head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or ARTICLE_PARAGRAPHS))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    )


def build_pdf(lines: list[str], *, title: str = "Statement on troop movements",
              author: str = "Ministry of Defence", created: str = "D:20191022143000+02'00'") -> bytes:
    """A small valid PDF with a text layer and an information dictionary, written by hand."""
    content = "BT /F1 12 Tf 72 720 Td " + " 0 -16 Td ".join(f"({line}) Tj" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /Author ({author}) /CreationDate ({created}) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00"
    b"IEND\xaeB`\x82"
)


def quick(**changes) -> Settings:
    settings = Settings(fetch_timeout_seconds=5.0)
    for name, value in changes.items():
        setattr(settings, name, value)
    return settings


# -- a page, its metadata and its snapshot ---------------------------------------------------


def test_fetch_reads_a_news_page(httpserver: HTTPServer) -> None:
    html = (DATA / "article_graph.html").read_bytes()
    httpserver.expect_request("/2019/10/22/pentagon-troops-iraq/", headers={"User-Agent": user_agent()}).respond_with_data(
        html, content_type="text/html; charset=utf-8", headers={"Last-Modified": "Tue, 22 Oct 2019 18:30:00 GMT"}
    )
    url = httpserver.url_for("/2019/10/22/pentagon-troops-iraq/")
    progress: list[tuple[int, int | None]] = []

    result = fetch(url, settings=quick(), progress=lambda done, total: progress.append((done, total)))

    assert user_agent() == f"factcheck-gui/{__version__} (+https://github.com/factcheck-gui)"
    assert result.requested_url == url and result.final_url == url and result.redirects == []
    assert (result.status, result.reason, result.content_type, result.charset) == (200, "OK", "text/html", "utf-8")
    assert result.headers["last-modified"] == "Tue, 22 Oct 2019 18:30:00 GMT"
    assert result.body == html and result.size == len(html)
    assert result.sha256 == __import__("hashlib").sha256(html).hexdigest()
    assert result.fetched_at.endswith("Z")
    assert result.title == "Pentagon Says Troops Will Stay in Iraq"
    assert result.site == "Example News"
    assert result.authors == ["Jane Doe", "John Roe"]
    assert result.published.startswith("2019-10-22")
    assert result.canonical_url == httpserver.url_for("/2019/10/22/pentagon-troops-iraq/")
    assert "western Iraq" in result.text and "Related stories" not in result.text
    labels = {result.text[link.start : link.end]: link.href for link in result.links}
    assert labels["withdrawal from Syria"] == httpserver.url_for("/2019/10/14/syria-withdrawal/")
    assert progress and progress[-1] == (len(html), len(html))

    source = to_source(result)
    assert source.url == url and source.title == result.title and source.site == "Example News"
    assert source.kind is SourceKind.NEWS
    assert (source.status, source.content_type, source.size, source.sha256) == (200, "text/html", len(html), result.sha256)
    assert source.text == result.text and source.error == ""


def test_fetch_to_source_returns_the_body_to_snapshot(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data(article_html(), content_type="text/html")
    source, body = fetch_to_source(httpserver.url_for("/p"), settings=quick())
    assert body.startswith(b"<!DOCTYPE html>")
    assert source.title == "Troops will stay in Iraq" and "permission only to pass" in source.text
    assert source.site == "localhost"  # no site name in the page: the host


def test_gzip_is_decompressed(httpserver: HTTPServer) -> None:
    html = article_html().encode()
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(html), content_type="text/html; charset=utf-8", headers={"Content-Encoding": "gzip"}
    )
    result = fetch(httpserver.url_for("/gz"), settings=quick())
    assert result.body == html and "surprised Iraqi officials" in result.text


# -- redirects -------------------------------------------------------------------------------


def test_redirects_are_followed_and_every_hop_recorded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/middle"})
    httpserver.expect_request("/middle").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/final") + "#section"}
    )
    httpserver.expect_request("/final").respond_with_data(article_html(), content_type="text/html")

    result = fetch(httpserver.url_for("/old"), settings=quick())

    assert result.final_url == httpserver.url_for("/final")
    assert [(hop.url, hop.status, hop.location) for hop in result.redirects] == [
        (httpserver.url_for("/old"), 301, httpserver.url_for("/middle")),
        (httpserver.url_for("/middle"), 302, httpserver.url_for("/final")),
    ]
    source = to_source(result)
    assert source.url == httpserver.url_for("/old") and source.final_url == httpserver.url_for("/final")
    assert source.redirects == [httpserver.url_for("/old"), httpserver.url_for("/middle")]


def test_a_redirect_to_a_file_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/sneaky").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(RedirectError) as caught:
        fetch(httpserver.url_for("/sneaky"), settings=quick())
    assert "file:///etc/passwd" in str(caught.value) and "“file:”" in str(caught.value)
    assert isinstance(caught.value.__cause__, BadUrlError)


def test_redirect_loops_and_chains_stop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(RedirectError, match="circle"):
        fetch(httpserver.url_for("/a"), settings=quick())

    for hop in range(MAX_REDIRECTS + 2):
        httpserver.expect_request(f"/hop/{hop}").respond_with_data("", status=307, headers={"Location": f"/hop/{hop + 1}"})
    with pytest.raises(RedirectError, match=f"more than {MAX_REDIRECTS} times"):
        fetch(httpserver.url_for("/hop/0"), settings=quick())


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "start"),
    [
        (404, "The server answered 404 Not Found: the page does not exist at this address."),
        (500, "The server answered 500 Internal Server Error: the website has a problem on its side."),
        (403, "The server answered 403 Forbidden:"),
    ],
)
def test_error_statuses_raise_with_status_and_advice(httpserver: HTTPServer, status: int, start: str) -> None:
    httpserver.expect_request("/gone").respond_with_data("nope", status=status)
    with pytest.raises(HttpStatusError) as caught:
        fetch(httpserver.url_for("/gone"), settings=quick())
    error = caught.value
    assert error.status == status and str(error).startswith(start)
    assert "try" in str(error).lower()  # every message says what to do

    card = failed_source(httpserver.url_for("/gone"), error)
    assert card.error == str(error) and card.status == status and card.url == httpserver.url_for("/gone")
    assert card.fetched_at and card.text == ""


def test_a_slow_server_hits_the_timeout(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.8)
        return Response("late", content_type="text/plain")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchTimeoutError) as caught:  # the page would have come at 0.8 s
        fetch(httpserver.url_for("/slow"), settings=quick(fetch_timeout_seconds=0.5))
    assert "0.5 seconds" in str(caught.value) and "try again later" in str(caught.value)
    time.sleep(0.4)  # let the single-threaded server finish the sleeping handler


def test_a_body_over_the_cap_is_stopped_while_streaming(httpserver: HTTPServer) -> None:
    sent = []

    def endless(request: Request) -> Response:
        def chunks():
            for _ in range(2000):  # 64 MB if nobody stops reading
                sent.append(1)
                yield b"x" * 32768

        return Response(chunks(), content_type="text/plain", direct_passthrough=True)

    httpserver.expect_request("/huge").respond_with_handler(endless)
    received: list[int] = []
    with pytest.raises(TooLargeError) as caught:
        fetch(httpserver.url_for("/huge"), settings=quick(fetch_max_bytes=100_000), progress=lambda n, total: received.append(n))
    assert caught.value.limit == 100_000
    assert "larger than the 98 KB limit" in str(caught.value)
    assert received and max(received) <= 100_000  # never read past the cap
    assert len(sent) < 2000


def test_an_announced_size_over_the_cap_is_refused_before_downloading(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"y" * 300_000, content_type="application/octet-stream")
    received: list[int] = []
    with pytest.raises(TooLargeError, match="the server announced 293 KB"):
        fetch(httpserver.url_for("/big"), settings=quick(fetch_max_bytes=100_000), progress=lambda n, t: received.append(n))
    assert received == []


def test_cancel_from_another_thread_stops_a_slow_download(httpserver: HTTPServer) -> None:
    def trickle(request: Request) -> Response:
        def chunks():
            for _ in range(100):  # 10 seconds in all
                yield b"<p>still coming</p>\n" * 5
                time.sleep(0.1)

        return Response(chunks(), content_type="text/html", direct_passthrough=True)

    httpserver.expect_request("/trickle").respond_with_handler(trickle)
    token = CancelToken()
    received: list[int] = []
    threading.Timer(0.4, token.cancel).start()
    started = time.monotonic()
    with pytest.raises(CancelledFetch) as caught:
        fetch(httpserver.url_for("/trickle"), settings=quick(), cancel=token, progress=lambda n, t: received.append(n))
    assert time.monotonic() - started < 2.0
    assert received, "the download had started"
    assert token.cancelled and "cancelled" in str(caught.value)


def test_a_cancelled_token_sends_no_request(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/never").respond_with_data("x")
    token = CancelToken()
    token.cancel()
    token.cancel()  # twice is fine
    with pytest.raises(CancelledFetch):
        fetch(httpserver.url_for("/never"), settings=quick(), cancel=token)
    assert httpserver.log == []


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectionFailedError, match="refused the connection"):
        fetch(f"http://127.0.0.1:{port}/", settings=quick())


def test_unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "no-such-host.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(DnsError, match=r"no-such-host\.example could not be found"):
        fetch("http://no-such-host.example/page", settings=quick())


def test_tls_failure(httpserver: HTTPServer) -> None:
    # https:// to a plain-http server: the handshake fails as with a broken certificate.
    url = httpserver.url_for("/").replace("http://", "https://")
    with pytest.raises(TlsError, match="secure connection"):
        fetch(url, settings=quick())


def test_refused_schemes_never_reach_the_network() -> None:
    with pytest.raises(BadUrlError):
        fetch("file:///etc/passwd")
    card = failed_source("javascript:alert(1)", BadUrlError("Only web addresses can be fetched."))
    assert card.url == "javascript:alert(1)" and card.error and card.status is None


def test_every_error_is_a_fetch_error() -> None:
    for error_type in (BadUrlError, CancelledFetch, ConnectionFailedError, DnsError, FetchTimeoutError,
                       MalformedPageError, RedirectError, TlsError, UnsupportedContentError):
        assert issubclass(error_type, FetchError)
    assert issubclass(HttpStatusError, FetchError) and issubclass(TooLargeError, FetchError)


# -- charsets --------------------------------------------------------------------------------

CP1252_TEXT = "Le caf\u00e9 \u201cLa Cit\u00e9\u201d a ferm\u00e9 \u2013 la pr\u00e9fecture a parl\u00e9 d\u2019une d\u00e9cision \u00bd."
JAPANESE_TEXT = "\u9632\u885b\u7701\u306f\u672c\u65e5\u3001\u90e8\u968a\u304c\u30a4\u30e9\u30af\u897f\u90e8\u306b\u7559\u307e\u308b\u3068\u767a\u8868\u3057\u305f\u3002"


@pytest.mark.parametrize(
    ("codec", "text", "declared_in", "python_codec"),
    [
        ("windows-1252", CP1252_TEXT, "header", "cp1252"),
        ("windows-1252", CP1252_TEXT, "meta", "cp1252"),
        ("iso-8859-1", CP1252_TEXT, "header", "cp1252"),  # browsers read ISO-8859-1 as windows-1252
        ("shift_jis", JAPANESE_TEXT, "header", "cp932"),  # and Shift_JIS as windows-31j
        ("Shift_JIS", JAPANESE_TEXT, "meta", "cp932"),
    ],
)
def test_pages_in_legacy_charsets_are_decoded(
    httpserver: HTTPServer, codec: str, text: str, declared_in: str, python_codec: str
) -> None:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={codec}">' if declared_in == "meta" else ""
    title = text[:12].strip()
    page = article_html(title=title, paragraphs=[text * 3, text * 2 + " " + text], head=meta)
    body = page.encode(python_codec)
    content_type = f"text/html; charset={codec}" if declared_in == "header" else "text/html"
    httpserver.expect_request("/legacy").respond_with_data(body, content_type=content_type)

    result = fetch(httpserver.url_for("/legacy"), settings=quick())

    assert result.charset == python_codec
    assert text in result.text
    assert result.title == title
    assert "\ufffd" not in result.text


def test_an_undeclared_charset_is_detected(httpserver: HTTPServer) -> None:
    body = article_html(paragraphs=[CP1252_TEXT * 4] * 3).encode("cp1252")
    httpserver.expect_request("/guess").respond_with_data(body, content_type="text/html")
    result = fetch(httpserver.url_for("/guess"), settings=quick())
    assert "caf\u00e9" in result.text and "\ufffd" not in result.text


# -- other content types ---------------------------------------------------------------------


def test_a_pdf_gives_title_author_date_and_text(httpserver: HTTPServer) -> None:
    pdf = build_pdf(["The Ministry of Defence issued this statement today.", "Troops will stay in western Iraq."])
    httpserver.expect_request("/docs/statement.pdf").respond_with_data(pdf, content_type="application/pdf")

    result = fetch(httpserver.url_for("/docs/statement.pdf"), settings=quick())

    assert result.document_type == "pdf" and result.content_type == "application/pdf"
    assert result.title == "Statement on troop movements"
    assert result.authors == ["Ministry of Defence"]
    assert result.published == ""  # a creation date is no publication date (issue #11 item 14)
    assert result.created == "2019-10-22T14:30:00+02:00"
    assert result.language == "en-GB"
    assert result.text == "The Ministry of Defence issued this statement today.\nTroops will stay in western Iraq."
    assert to_source(result).kind is SourceKind.PRIMARY


def test_a_broken_pdf_is_a_malformed_page(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/broken.pdf").respond_with_data(b"%PDF-1.4\n1 0 obj << /Type", content_type="application/pdf")
    with pytest.raises(MalformedPageError, match="The PDF could not be read") as caught:
        fetch(httpserver.url_for("/broken.pdf"), settings=quick())
    assert caught.value.url == httpserver.url_for("/broken.pdf")


def test_an_image_is_recorded_by_type_and_size_without_text(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/chart.png").respond_with_data(PNG, content_type="image/png")
    result = fetch(httpserver.url_for("/chart.png"), settings=quick())
    assert (result.document_type, result.content_type, result.size, result.text) == ("other", "image/png", len(PNG), "")
    assert not result.is_html and not result.has_text and result.decoded_text == ""
    assert result.body == PNG
    assert "This is an image (image/png, 67 bytes)" in result.note
    source = to_source(result)
    assert source.size == len(PNG) and source.text == "" and source.error == ""

    with pytest.raises(UnsupportedContentError, match="not an article"):
        fetch_article(httpserver.url_for("/chart.png"), settings=quick())


def test_plain_text_and_json_give_their_text(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notes.txt").respond_with_data(
        "Line one\r\nLine two \u2013 dash".encode("utf-8"), content_type="text/plain; charset=utf-8"
    )
    httpserver.expect_request("/data.json").respond_with_data('{"troops": 1000}', content_type="application/json")
    text = fetch(httpserver.url_for("/notes.txt"), settings=quick())
    assert (text.document_type, text.text) == ("text", "Line one\nLine two \u2013 dash")
    data = fetch(httpserver.url_for("/data.json"), settings=quick())
    assert data.text == '{"troops": 1000}' and data.title == "data.json"
    assert to_source(data).kind is SourceKind.PRIMARY


@pytest.mark.parametrize(
    ("content_type", "body", "url", "expected"),
    [
        ("", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "https://a.example/", "html"),
        ("application/octet-stream", b"%PDF-1.4 ...", "https://a.example/file", "pdf"),
        ("application/pdf", b"<html><body>Please log in</body></html>", "https://a.example/x.pdf", "html"),
        ("text/plain", b"<html><body>shown as text, as browsers do</body></html>", "https://a.example/", "text"),
        ("application/octet-stream", b"plain words", "https://a.example/notes", "text"),
        ("application/octet-stream", b"\x00\x01\x02binary", "https://a.example/blob", "other"),
        ("application/rss+xml", b"<rss/>", "https://a.example/feed", "text"),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42", "https://a.example/v.mp4", "other"),
    ],
)
def test_document_types_follow_the_header_then_the_bytes(content_type: str, body: bytes, url: str, expected: str) -> None:
    from factcheck_gui.net.document import document_type

    assert document_type(content_type, body, url) == expected


def test_broken_html_still_gives_its_text(httpserver: HTTPServer) -> None:
    broken = (
        "<html><head><title>Broken & unclosed</title><body><div><p>The statement was issued on "
        "Monday <b>by the ministry<p>and it said the troops <i>would stay</div></span></td> in Iraq"
        "</body></html><p>stray"
    )
    httpserver.expect_request("/broken").respond_with_data(broken, content_type="text/html")
    result = fetch(httpserver.url_for("/broken"), settings=quick())
    assert result.title == "Broken & unclosed"
    assert "The statement was issued on Monday by the ministry" in result.text
    assert "would stay" in result.text


def test_an_empty_or_textless_page_is_kept_with_a_note(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/empty").respond_with_data(b"", content_type="text/html")
    httpserver.expect_request("/app").respond_with_data(
        "<html><head><title>App</title></head><body><div id='root'></div><script>render()</script></body></html>",
        content_type="text/html",
    )
    empty = fetch(httpserver.url_for("/empty"), settings=quick())
    assert empty.text == "" and "empty page" in empty.note
    app = fetch(httpserver.url_for("/app"), settings=quick())
    assert app.title == "App" and app.text == "" and "JavaScript" in app.note
    with pytest.raises(MalformedPageError, match="No article text was found"):
        fetch_article(httpserver.url_for("/app"), settings=quick())


def test_fetch_article_gives_an_article_to_import(httpserver: HTTPServer) -> None:
    html = (DATA / "article_graph.html").read_bytes()
    httpserver.expect_request("/story").respond_with_data(html, content_type="text/html")
    article, result = fetch_article(httpserver.url_for("/story"), settings=quick())
    assert article.title == "Pentagon Says Troops Will Stay in Iraq"
    assert article.byline == "Jane Doe and John Roe" and article.publisher == "Example News"
    assert article.published == result.published and article.language == "en-US"
    assert article.url == httpserver.url_for("/2019/10/22/pentagon-troops-iraq/")  # canonical
    assert article.text == result.text and "\n\n" in article.text
    assert [article.text[start:end] for start, end, _ in article.links] == [
        "they had not agreed to", "withdrawal from Syria", "state news agency"]
    assert result.is_html and result.decoded_text == html.decode("utf-8")


def test_importing_the_network_layer_loads_no_network_or_parsing_library() -> None:
    import subprocess
    import sys

    code = (
        "import importlib, pkgutil, sys, factcheck_gui.net as net\n"
        "for module in pkgutil.iter_modules(net.__path__):\n"
        "    importlib.import_module('factcheck_gui.net.' + module.name)\n"
        "heavy = ('requests', 'urllib3', 'trafilatura', 'htmldate', 'lxml', 'pypdf', 'bs4', 'PySide6')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"  # they load on the first fetch, on the worker thread


def test_fetches_run_side_by_side_on_worker_threads(httpserver: HTTPServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    pdf = build_pdf(["A statement in a PDF."])
    httpserver.expect_request("/one").respond_with_data(article_html(title="First story"), content_type="text/html")
    httpserver.expect_request("/two").respond_with_data(article_html(title="Second story"), content_type="text/html")
    httpserver.expect_request("/three.pdf").respond_with_data(pdf, content_type="application/pdf")
    httpserver.expect_request("/four.png").respond_with_data(PNG, content_type="image/png")
    paths = ["/one", "/two", "/three.pdf", "/four.png"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda path: fetch(httpserver.url_for(path), settings=quick()), paths))
    assert [r.title for r in results] == ["First story", "Second story", "Statement on troop movements", "four.png"]
    assert [r.document_type for r in results] == ["html", "html", "pdf", "other"]
    assert results[2].text == "A statement in a PDF."
