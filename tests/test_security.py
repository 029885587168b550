"""What a hostile server, page, PDF or shared article file can and cannot do (docs/security.md).

Every test plays the attacker with a local server (pytest-httpserver) or a crafted file;
nothing leaves the machine.
"""

from __future__ import annotations

import gzip
import zlib

import pytest
from pytest_httpserver import HTTPServer

from factcheck_gui.core.errors import FetchError
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


@pytest.fixture
def threaded_server():
    """A local server that answers each request on its own thread (a slow answer blocks no other)."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def test_a_server_dripping_its_headers_is_stopped_at_the_total_time_limit(threaded_server) -> None:
    import threading
    import time

    from werkzeug import Request, Response

    from factcheck_gui.net.errors import FetchTimeoutError

    stop = threading.Event()

    def drip(request: Request) -> Response:
        # A header line that never ends, one byte every 0.1 s: each read gets a byte well
        # within the read timeout, so only a limit on the whole request stops it.
        connection = request.environ["werkzeug.socket"]
        connection.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        for _ in range(80):  # 8 s, then the line ends (so a regression fails instead of hanging)
            if stop.wait(0.1):
                break
            try:
                connection.sendall(b"a")
            except OSError:
                break
        return Response("")

    threaded_server.expect_request("/drip").respond_with_handler(drip)
    started = time.monotonic()
    try:
        with pytest.raises(FetchTimeoutError, match="did not send the page within 2 seconds"):
            fetch(threaded_server.url_for("/drip"), settings=quick(fetch_timeout_seconds=2 / fetch_module.TOTAL_TIME_FACTOR))
        assert time.monotonic() - started < 7  # the drip itself lasts 8 s
    finally:
        stop.set()


def test_cancel_stops_a_fetch_still_waiting_for_the_server_at_once(threaded_server) -> None:
    import threading
    import time

    from werkzeug import Response

    from factcheck_gui.net.cancel import CancelToken
    from factcheck_gui.net.errors import CancelledFetch

    stop = threading.Event()
    threaded_server.expect_request("/silent").respond_with_handler(lambda _request: stop.wait(10) and Response(""))
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    started = time.monotonic()
    try:
        with pytest.raises(CancelledFetch):
            fetch(threaded_server.url_for("/silent"), settings=quick(fetch_timeout_seconds=8.0), cancel=token)
        assert time.monotonic() - started < 6  # not the 8 s read timeout
    finally:
        stop.set()


def test_a_server_dripping_the_body_is_stopped_at_the_total_time_limit(threaded_server) -> None:
    import threading
    import time

    from werkzeug import Response

    from factcheck_gui.net.errors import FetchTimeoutError

    stop = threading.Event()

    def drip(_request) -> Response:
        def body():
            yield b"<html><body><p>"
            for _ in range(80):  # a byte every 0.1 s: each read is quick, the whole is not
                if stop.wait(0.1):
                    return
                yield b"a"

        return Response(body(), content_type="text/html")

    threaded_server.expect_request("/slow-body").respond_with_handler(drip)
    started = time.monotonic()
    try:
        with pytest.raises(FetchTimeoutError, match="too slowly"):
            fetch(threaded_server.url_for("/slow-body"), settings=quick(fetch_timeout_seconds=1 / fetch_module.TOTAL_TIME_FACTOR))
        assert time.monotonic() - started < 6  # the drip lasts 8 s
    finally:
        stop.set()


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: a\r\n" % n for n in range(1000)) + b"\r\n",  # 1000 headers
        b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 1_000_000 + b"\r\n\r\n",  # a 1 MB header line
    ],
    ids=["too-many-headers", "header-line-too-long"],
)
def test_huge_headers_are_refused_with_a_fetch_error(httpserver: HTTPServer, answer: bytes) -> None:
    import time

    from werkzeug import Request, Response

    from factcheck_gui.core.errors import FetchError

    def raw(request: Request) -> Response:
        try:
            request.environ["werkzeug.socket"].sendall(answer)
        except OSError:
            pass
        return Response("")

    httpserver.expect_request("/headers").respond_with_handler(raw)
    with pytest.raises(FetchError):
        fetch(httpserver.url_for("/headers"), settings=quick())
    deadline = time.monotonic() + 5
    while not httpserver.log and time.monotonic() < deadline:  # let the handler finish, so its
        time.sleep(0.02)  # request is not logged during the next test


def test_credentials_in_an_address_never_reach_the_server_or_the_library(httpserver: HTTPServer) -> None:
    from factcheck_gui.net.errors import BadUrlError
    from factcheck_gui.net.fetch import failed_source

    typed = httpserver.url_for("/private").replace("://", "://reporter:s3cret@")
    with pytest.raises(BadUrlError, match="user name or password") as caught:
        fetch(typed, settings=quick())
    assert not [request for request, _response in httpserver.log if request.path == "/private"]
    card = failed_source(typed, caught.value)
    assert "s3cret" not in card.url and "s3cret" not in card.error and "s3cret" not in caught.value.url


def test_an_entity_in_a_page_does_not_read_a_local_file(httpserver: HTTPServer, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        "<html><head><title>Entity &xxe; test</title></head><body><article><p>&xxe; The ministry said on "
        "Monday that the troops would leave the country within four weeks.</p></article></body></html>"
    )
    for content_type in ("text/html", "application/xhtml+xml"):
        httpserver.expect_request("/entity").respond_with_data(page, content_type=content_type)
        result = fetch(httpserver.url_for("/entity"), settings=quick())
        assert "troops would leave" in result.text
        assert "TOP-SECRET" not in result.text + result.title + result.description
        httpserver.clear()


def test_page_links_to_other_schemes_are_no_links_and_no_candidates(httpserver: HTTPServer) -> None:
    from factcheck_gui.core.candidates import candidate_links
    from factcheck_gui.core.editing import add_claim
    from factcheck_gui.importer import article_from_url

    page = (
        "<html><head><title>Links</title></head><body><article><p>The ministry published "
        "<a href='javascript:alert(1)'>a statement</a>, <a href='file:///etc/passwd'>the file</a>, "
        "<a href='smb://intranet/x'>a share</a> and <a href='/report.pdf'>the report</a> on Monday, "
        "saying the troops would leave the country within four weeks.</p></article></body></html>"
    )
    httpserver.expect_request("/links").respond_with_data(page, content_type="text/html")
    article = article_from_url(httpserver.url_for("/links"), settings=quick())
    assert [link.href for link in article.links] == [httpserver.url_for("/report.pdf")]
    claim = add_claim(article, 0, len(article.text))
    assert [c.href for c in candidate_links(article, claim)] == [httpserver.url_for("/report.pdf")]


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
def opened(qapp) -> list[str]:
    """The addresses the window hands to the desktop, whatever their scheme (nothing is really opened).

    Qt's own seam: a URL handler for a scheme gets every ``QDesktopServices.openUrl`` of it.
    """
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    calls: list[str] = []

    class Desktop(QObject):
        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            calls.append(url.toString())

    desktop = Desktop()
    schemes = ("http", "https", "file", "javascript", "smb", "ms-settings")
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, desktop, "open")
    yield calls
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


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
    from PySide6.QtWidgets import QLabel, QToolButton

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
    panel.show()

    card.findChild(QToolButton, "openSourceButton").click()
    card.findChild(QLabel, "sourceStatusLine").linkActivated.emit(address)  # the "archived" link on the card
    assert opened == []
    assert "is not a web address" in panel.message_text()

    document.article.source(source_id).final_url = "https://example.org/statement"
    card.findChild(QToolButton, "openSourceButton").click()
    assert opened == ["https://example.org/statement"]
    document.close()


# -- page strings in the window: shown as written, never rendered as HTML -------------------------

MARKUP = "<b>Breaking</b> <img src='file:///etc/hostname'>"


def shown(text: str) -> str:
    """What the user reads of a tool tip (or an AutoText label): Qt renders it if it looks like HTML."""
    from PySide6.QtGui import Qt, QTextDocument

    if not Qt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def shown_in(label) -> str:
    """What the user reads in a QLabel or QMessageBox, given its text format."""
    from PySide6.QtCore import Qt

    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    if label.textFormat() == Qt.TextFormat.RichText:
        return shown("<p>" + label.text() + "</p>")  # force the rich reading
    return shown(label.text())


@pytest.fixture
def hostile_window(make_window, data_dir):
    """The window on an article whose title, text, verdict, links and source carry markup."""
    from factcheck_gui.core.editing import add_claim, add_source, new_article, pin_source
    from factcheck_gui.core.model import ArticleMeta, Link, Source
    from factcheck_gui.store.library import Library

    text = (
        f"{MARKUP} troops will leave within four weeks, the ministry said on Monday.\n\n"
        "The minister added that no new bases would be built in the west of the country."
    )
    troops = text.index("troops")
    article = new_article(
        text,
        ArticleMeta(title=f"{MARKUP} headline", url="https://example.org/news"),
        [Link(troops, troops + len("troops"), "https://example.org/<b>cited</b>")],
    )
    claim = add_claim(article, 0, text.index(".") + 1)
    claim.verdict = "<img src='x'>verdict"  # a key no scale knows, as a hand-edited file may have it
    source = add_source(article, Source(url="https://example.org/s", final_url="https://example.org/<i>s</i>", title=MARKUP))
    pin_source(article, claim.id, source.id)
    Library(data_dir).add(article)
    window = make_window(article.id)
    window.document.set_current_claim(claim.id)
    return window, article, claim


def test_a_title_with_markup_is_shown_as_written_in_the_library(hostile_window) -> None:
    from PySide6.QtCore import Qt

    window, article, _claim = hostile_window
    model = window.library_panel.model
    (row,) = [r for r in range(model.rowCount()) if model.summaries()[r].id == article.id]
    tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert shown(tip).startswith(f"{MARKUP} headline")

    assert window.library_panel.delete(article.id)
    assert shown_in(window.library_panel.undo_label) == f"\u201c{MARKUP} headline\u201d was moved to the trash."


def test_claim_text_and_an_unknown_verdict_with_markup_are_shown_as_written(hostile_window) -> None:
    window, _article, _claim = hostile_window
    assert window.article_view.toPlainText().startswith(MARKUP)  # the article text itself is plain text
    tip = window.claims_panel.list.item(0).toolTip()
    assert "<img src='x'>verdict" in shown(tip) and MARKUP in shown(tip)
    assert shown(window.claim_editor.quote_label.toolTip()).startswith(MARKUP)


def test_link_and_source_addresses_with_markup_are_shown_as_written(hostile_window, qtbot, monkeypatch) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent

    from factcheck_gui.ui import article_view
    from tests.ui_helpers import point_on

    window, article, _claim = hostile_window
    card = next(iter(window.sources_panel.cards().values()))
    assert shown(card.title_label.toolTip()) == "https://example.org/<i>s</i>"
    assert shown_in(card.title_label) == MARKUP
    (row,) = window.sources_panel.candidate_rows()
    assert shown(row.label.toolTip()) == shown(row.button.toolTip()) == "https://example.org/<b>cited</b>"

    tips: list[str] = []
    monkeypatch.setattr(article_view.QToolTip, "showText", lambda _pos, text, *_args: tips.append(text))
    view = window.article_view
    pos = point_on(view, article.text.index("troops") + 2)
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos)))
    assert tips and "Link: https://example.org/<b>cited</b> (Ctrl+click to open)" in shown(tips[-1])


def test_messages_quoting_a_server_are_plain_text(hostile_window) -> None:
    from factcheck_gui.ui.errors import show_message

    window, _article, _claim = hostile_window
    window.sources_panel.show_message(f"https://example.org/ redirects to \u201c{MARKUP}\u201d")
    assert shown_in(window.sources_panel.message.label) == f"https://example.org/ redirects to \u201c{MARKUP}\u201d"
    box = show_message(window, "Import failed", f"{MARKUP} could not be read.")
    assert shown_in(box) == f"{MARKUP} could not be read."
    box.close()


# -- PDFs: locked, broken, and built to take forever --------------------------------------------


def build_pdf(page_contents: list[bytes], *, encrypt: bytes = b"") -> bytes:
    """A PDF whose pages draw *page_contents* (Flate-compressed), written by hand."""
    count = len(page_contents)
    font = 3 + 2 * count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count)) + b"] /Count %d >>" % count,
    ]
    for index, content in enumerate(page_contents):
        data = zlib.compress(content, 9)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * index, font)
        )
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, encrypt, xref)
    return bytes(out)


def text_page(words: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (" + words.encode("latin-1") + b") Tj ET"


def test_a_pdf_page_of_millions_of_drawing_operators_is_skipped_not_read_for_minutes() -> None:
    import time

    from factcheck_gui.net.document import read_document

    heavy = b"BT /F1 12 Tf 72 720 Td " + b"(A) Tj " * 600_000 + b"ET"  # 4 MB, 30 KB compressed
    body = build_pdf([text_page("The statement of the ministry."), heavy])
    assert len(body) < 100_000
    started = time.monotonic()
    document = read_document(body, "application/pdf", "https://example.org/statement.pdf")
    assert time.monotonic() - started < 20  # pypdf needs about half a minute for that page
    assert document.text == "The statement of the ministry."
    assert document.note == "1 page was too complex to read and left out."


def test_reading_a_long_pdf_stops_at_the_time_limit_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck_gui.net import pdf
    from factcheck_gui.net.document import read_document

    ticks = iter(range(0, 10_000, 25))  # every look at the clock: 25 seconds later
    monkeypatch.setattr(pdf, "_clock", lambda: next(ticks), raising=False)
    body = build_pdf([text_page(f"Page {n} of the report.") for n in range(1, 9)])
    document = read_document(body, "application/pdf", "https://example.org/report.pdf")
    assert document.text == "Page 1 of the report.\n\nPage 2 of the report."  # the third look is at 75 s
    assert document.note == "Only the first 2 of its 8 pages were read: reading the rest took too long."


def test_a_pdf_locked_with_a_password_says_so() -> None:
    import io

    from pypdf import PdfWriter

    from factcheck_gui.net.errors import MalformedPageError
    from factcheck_gui.net.pdf import read_pdf

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(MalformedPageError, match="protected by a password"):
        read_pdf(buffer.getvalue())


# -- the library folder: file names come only from safe ids and hashes ----------------------------


@pytest.mark.parametrize("bad", ["abc\n", "abc\n../x", "../../etc/passwd", "a/b", "..", ".hidden", "a\\b", "a.json"])
def test_an_article_id_is_a_plain_file_name_or_refused(data_dir, bad: str) -> None:
    from factcheck_gui.core.errors import InputError
    from factcheck_gui.store.library import Library, check_article_id

    with pytest.raises(InputError, match="not a valid article id"):
        check_article_id(bad)
    library = Library(data_dir)
    library.ensure_folders()
    (library.articles_dir / "abc\n.json").write_text("{}", encoding="utf-8")
    assert library.article_ids() == []  # a file named by an unsafe id is not an article


def test_a_snapshot_is_found_only_by_a_sha256(data_dir) -> None:
    from factcheck_gui.store.library import Library

    library = Library(data_dir)
    digest = library.save_snapshot(b"<html>a page</html>")
    assert library.snapshot_path(digest) == library.snapshots_dir / digest
    for bad in (digest + "\n", "../articles/x.json", digest.upper(), digest[:-1]):
        assert library.snapshot_path(bad) is None


# -- the article's own links: Ctrl+click opens web addresses only ---------------------------------


def test_ctrl_click_opens_only_web_links_of_an_article(make_window, data_dir, qtbot, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    from factcheck_gui.core.editing import new_article
    from factcheck_gui.core.model import ArticleMeta, Link
    from factcheck_gui.store.library import Library
    from factcheck_gui.ui import links as ui_links
    from tests.ui_helpers import point_on

    text = "The ministry posted a statement and a script and a report on Monday, officials said."
    links = [
        Link(text.index("a statement"), text.index("a statement") + 11, "file:///etc/passwd"),
        Link(text.index("a script"), text.index("a script") + 8, "javascript:alert(1)"),
        Link(text.index("a report"), text.index("a report") + 8, "https://example.org/report"),
    ]
    article = new_article(text, ArticleMeta(title="Links"), links)  # as a shared article file may hold them
    Library(data_dir).add(article)
    opened: list[str] = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url) -> bool:  # noqa: N802 - Qt's name
            opened.append(url.toString())
            return True

    monkeypatch.setattr(ui_links, "QDesktopServices", FakeDesktop)  # every link opens through ui.links
    window = make_window(article.id)
    view = window.article_view
    for link in links:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         pos=point_on(view, link.start + 2))
    assert opened == ["https://example.org/report"]


# -- exports: self-contained, nothing runs, nothing loads -----------------------------------------


def hostile_export_article():
    from factcheck_gui.core.editing import add_claim, add_source, find_text, pin_source
    from factcheck_gui.core.model import Source
    from factcheck_gui.importer import sample_article
    from tests.conftest import DUNFORD_START

    article = sample_article()
    article.meta.title = "</title><script>alert(1)</script>"
    article.meta.url = "javascript:alert(1)"
    start, _ = find_text(article, DUNFORD_START)
    claim = add_claim(article, start, start + len(DUNFORD_START), verdict="false")
    claim.claimant = "</script><img src=x onerror=alert(1)>"
    claim.rationale = "=HYPERLINK(\"https://evil.example\")\n[x](javascript:alert(1)) <iframe src=https://evil.example>"
    source = add_source(article, Source(url="https://example.org/s", final_url="data:text/html,<script>1</script>",
                                        title="<img src=https://tracker.example/pixel.gif>",
                                        archive_url="file:///etc/passwd"))
    pin_source(article, claim.id, source.id, quote="\"><svg onload=alert(1)>", note="@SUM(1+1)")
    return article


@pytest.mark.parametrize("for_qt_print", [False, True], ids=["html-file", "qt-print-and-preview"])
def test_html_exports_run_nothing_and_load_nothing(for_qt_print: bool) -> None:
    from bs4 import BeautifulSoup

    from factcheck_gui.export.common import ExportOptions
    from factcheck_gui.export.html import export_html

    html = export_html(hostile_export_article(), ExportOptions(), Settings(), for_qt_print=for_qt_print)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "svg", "object", "embed", "link", "base", "form", "meta"],
                             attrs={"http-equiv": False, "charset": False, "name": False,
                                    "type": lambda kind: kind != "application/ld+json"})
    data_blocks = soup.find_all("script")  # the ClaimReview JSON-LD: data no browser runs, with no "<" inside
    assert [script["type"] for script in data_blocks] == ([] if for_qt_print else ["application/ld+json"])
    assert all("<" not in script.string for script in data_blocks)
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on") or name.lower() in ("src", "srcset")]
        if tag.name == "a":
            assert tag["href"].startswith(("#", "https://", "http://")), tag
    assert "<script>alert(1)</script>" in soup.get_text()  # shown, as text
    if not for_qt_print:
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None and "default-src 'none'" in csp["content"] and "script-src" not in csp["content"]
        assert soup.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer"


@pytest.mark.parametrize(
    ("written", "timeout", "size"),
    [
        ({"fetch_timeout_seconds": 0, "fetch_max_bytes": -5}, 1.0, 1024),
        ({"fetch_timeout_seconds": 1e9, "fetch_max_bytes": 10**15}, 600.0, 1024**3),
        ({"fetch_timeout_seconds": float("nan")}, 20.0, 15 * 1024 * 1024),
    ],
)
def test_fetch_limits_from_a_hand_edited_settings_file_are_kept_sane(data_dir, written, timeout, size) -> None:
    import json

    from factcheck_gui.store.settings import load_settings

    (data_dir / "settings.json").write_text(json.dumps({"settings": written}), encoding="utf-8")
    settings, warning = load_settings(data_dir)
    assert (settings.fetch_timeout_seconds, settings.fetch_max_bytes, warning) == (timeout, size, "")
    with pytest.raises(FetchError):  # a fetch fails as a fetch, not as a ValueError of requests
        fetch("http://127.0.0.1:9/", settings=settings)


def test_a_pdf_page_that_inflates_past_pypdfs_limit_is_skipped() -> None:
    import time

    from factcheck_gui.net.document import read_document

    bomb = b"BT /F1 12 Tf 72 720 Td " + b"(A) Tj " * (100 * 1024 * 1024 // 7) + b"ET"  # 100 MB in 150 KB
    body = build_pdf([text_page("The statement of the ministry."), bomb])
    assert len(body) < 200_000
    started = time.monotonic()
    document = read_document(body, "application/pdf", "https://example.org/statement.pdf")
    assert time.monotonic() - started < 15
    assert document.text == "The statement of the ministry."
    assert document.note == "1 page was too complex to read and left out."
