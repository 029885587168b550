"""Text from pages cannot pretend, run or link in an export (#11 items 17, 20, 21; #12 item 6).

The story: a source's title is ``Official statement \\u202efdp.exe`` (it reads
"...exe.pdf"), its site ``gov\\u202eku.`` (it reads "gov.uk"), a claimant has a
zero-width space, a rationale a bare CR and a raw U+0000, a note starts with NUL
and then ``=``. Every export shows the hidden characters, drops the controls,
runs nothing in a spreadsheet and links nothing in a Markdown renderer; the HTML
page carries its ClaimReview as data that extruct reads.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from factcheck_gui.core.editing import add_source, pin_source
from factcheck_gui.core.invisible import (
    INVISIBLE,
    clean_text,
    has_invisible,
    reveal_invisible,
    strip_controls,
)
from factcheck_gui.core.model import Article, Source
from factcheck_gui.export import FORMATS, export_article
from factcheck_gui.export.common import is_web_url
from factcheck_gui.export.csv import neutralize_formula
from factcheck_gui.export.html import export_html
from tests.test_export_formats import DUNFORD, SETTINGS, _claim, build_sample

EXE_TITLE = "Official statement \u202efdp.exe"
GOV_SITE = "gov\u202eku."
CONTROLS = {chr(c) for c in range(0x20) if chr(c) not in "\t\n"} | {"\x7f"}


@pytest.fixture
def article() -> Article:
    return build_sample()


def spoofed(article: Article) -> Article:
    """The sample with spoofing characters and control characters in page and user text."""
    source = add_source(article, Source(
        url="https://www.example.org/statement", title=EXE_TITLE, site=GOV_SITE,
        fetched_at="2026-11-20T10:10:00Z", status=200, sha256="d" * 64,
    ))
    dunford = _claim(article, DUNFORD)
    pin_source(article, dunford.id, source.id, "refutes", quote="We\u200b said \u2066nothing\u2069.",
               note="\x00=HYPERLINK(\"http://x\")")
    dunford.claimant = "Gen.\u200b Joe\u200d Dunford\u202e"
    dunford.rationale = "First line.\r# not a heading\r- not a list\r---\rend \x00with a NUL\x1b."
    article.meta.publisher = "Antiwar\u202e.com"
    return article


# -- the one core helper --------------------------------------------------------------------


def test_bidi_and_zero_width_characters_are_shown_as_markers() -> None:
    assert reveal_invisible(EXE_TITLE) == "Official statement [U+202E]fdp.exe"
    assert reveal_invisible(GOV_SITE) == "gov[U+202E]ku."
    assert reveal_invisible("pay\u200bpal \u2067x\u2069 \u200e\u200f\u061c\ufeff\u2060") == (
        "pay[U+200B]pal [U+2067]x[U+2069] [U+200E][U+200F][U+061C][U+FEFF][U+2060]")
    for char in INVISIBLE:
        assert not has_invisible(reveal_invisible(f"a{char}b")), hex(ord(char))


def test_joiners_that_are_part_of_the_writing_are_kept() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want": the ZWNJ shapes the word
    emoji = "\U0001f469\u200d\U0001f4bb"  # woman technologist: one picture
    assert reveal_invisible(persian) == persian and reveal_invisible(emoji) == emoji
    assert reveal_invisible("pay\u200cpal") == "pay[U+200C]pal"  # between Latin letters it hides a split


def test_controls_are_stripped_and_line_breaks_normalised() -> None:
    assert strip_controls("a\x00b\x1bc\td\ne\x7f\x9b") == "ab c\td\ne".replace(" ", "")
    assert clean_text("one\rtwo\r\nthree\u2028four\x00") == "one\ntwo\nthree\nfour"


# -- every format ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_no_export_passes_a_spoofing_character_through(article: Article, fmt: str) -> None:
    text = export_article(spoofed(article), fmt, settings=SETTINGS)
    assert not set(text) & INVISIBLE
    shown = text.replace("\\", "")  # Markdown escapes the brackets and dots
    if fmt != "claimreview":  # ClaimReview holds only the claim, its claimant and the article
        assert "Official statement [U+202E]fdp.exe" in shown and "gov[U+202E]ku." in shown
    assert "Dunford[U+202E]" in shown
    if fmt != "csv":  # the CSV has no publisher column
        assert "Antiwar[U+202E].com" in shown


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_export_carries_a_control_character(article: Article, fmt: str) -> None:
    text = export_article(spoofed(article), fmt, settings=SETTINGS)
    if fmt == "csv":  # rows end with CRLF (RFC 4180); no cell holds a control character
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        assert not set("".join(cells)) & CONTROLS
    else:
        assert not set(text) & CONTROLS, sorted(set(text) & CONTROLS)


def test_the_article_json_keeps_every_character_as_data(article: Article) -> None:
    """The article file is the record: its strings are kept exactly, JSON-escaped where needed."""
    text = export_article(spoofed(article), "json", settings=SETTINGS)
    data = json.loads(text)
    assert data["sources"][-1]["title"] == EXE_TITLE
    assert "\x00" not in text


# -- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("\x00=1+1", "'=1+1"),
        ("\x01\x02@SUM(A1)", "'@SUM(A1)"),
        (" =1+1", "' =1+1"),
        ("\u00a0=1+1", "'\u00a0=1+1"),
        ("\n-2+3", "'\n-2+3"),
        ("\r\n+1", "'\n+1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width =
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(1)", "'\uff20SUM(1)"),
        ("\u3000\uff1d1", "'\u3000\uff1d1"),  # ideographic space, then full-width =
        ("\u200b=1+1", "[U+200B]=1+1"),  # shown, and no longer a formula: the cell starts with "["
        ("plain = text", "plain = text"),
        ("\t", "'\t"),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(article: Article, cell: str, written: str) -> None:
    _claim(article, DUNFORD).restatement = cell
    rows = list(csv.DictReader(io.StringIO(export_article(article, "csv", settings=SETTINGS), newline="")))
    assert rows[0]["restatement"] == written


@pytest.mark.parametrize("cell", ["\u200b=1", "\ufeff+1", "\u202e-1", " \u00a0\n@x", "\x00\u3000\uff1dx", "\u2212 1"])
def test_neutralize_formula_looks_past_padding_and_format_characters(cell: str) -> None:
    assert neutralize_formula(cell) == "'" + cell


# -- Markdown -------------------------------------------------------------------------------


def test_a_bare_cr_in_a_rationale_stays_in_its_paragraph() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    article = build_sample()
    baseline = BeautifulSoup(markdown_it.MarkdownIt("gfm-like").render(
        export_article(article, "md", settings=SETTINGS)), "html.parser")
    _claim(article, DUNFORD).rationale = "First line.\r# not a heading\r- not a list\r---\r=====\rend."
    text = export_article(article, "md", settings=SETTINGS)
    assert "\r" not in text
    soup = BeautifulSoup(markdown_it.MarkdownIt("gfm-like").render(text), "html.parser")
    for tag in ("h1", "h2", "h3", "h4", "hr", "li", "ul", "ol"):
        assert len(soup.find_all(tag)) == len(baseline.find_all(tag)), tag
    rationale = next(p for p in soup.find_all("p") if "Rationale:" in p.get_text())
    assert "# not a heading" in rationale.get_text() and "- not a list" in rationale.get_text()


def test_no_address_from_a_page_becomes_a_link_in_markdown() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    pytest.importorskip("linkify_it")
    article = build_sample()
    source = add_source(article, Source(
        url="https://www.example.org/contact", title="Write to press@defense.gov or see defense.gov/news",
        site="mail.example.co.uk", fetched_at="2026-11-20T10:10:00Z", status=200,
    ))
    dunford = _claim(article, DUNFORD)
    pin_source(article, dunford.id, source.id, "context", quote="Call info@пример.рф", note="see www.evil.example")
    dunford.claimant = "ops@army.mil"
    text = export_article(article, "md", settings=SETTINGS)
    linkify = markdown_it.MarkdownIt("gfm-like", {"linkify": True})
    soup = BeautifulSoup(linkify.render(text), "html.parser")
    links = {a["href"] for a in soup.find_all("a")}
    expected = {s.final_url or s.url for s in article.sources} | {s.archive_url for s in article.sources if s.archive_url}
    expected |= {article.meta.url, SETTINGS.organization_url}
    assert links <= expected, links - expected
    rendered = soup.get_text()
    for shown in ("press@defense.gov or see defense.gov/news", "mail.example.co.uk", "info@пример.рф",
                  "www.evil.example", "ops@army.mil"):
        assert shown in rendered, shown


# -- HTML -----------------------------------------------------------------------------------


def test_html_isolates_page_text_in_bdi_and_shows_the_hidden_characters(article: Article) -> None:
    html = export_article(spoofed(article), "html", settings=SETTINGS)
    soup = BeautifulSoup(html, "html.parser")
    isolated = [bdi.get_text() for bdi in soup.find_all("bdi")]
    assert "Official statement [U+202E]fdp.exe" in isolated and "gov[U+202E]ku." in isolated
    assert "Gen.[U+200B] Joe[U+200D] Dunford[U+202E]" in isolated
    assert "\x00" not in html and "\u202e" not in html


def test_an_address_hiding_a_bidi_override_is_no_link() -> None:
    assert not is_web_url("https://gov\u202eku.example/")
    assert not is_web_url("https://exa\u200bmple.org/")


def test_the_html_page_carries_its_claimreview_for_extruct(article: Article) -> None:
    extruct = pytest.importorskip("extruct")
    html = export_article(article, "html", settings=SETTINGS)
    found = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    expected = json.loads(export_article(article, "claimreview", settings=SETTINGS))
    assert found == expected and len(found) == 2
    assert {review["reviewRating"]["alternateName"] for review in found} == {"False", "Misleading"}
    soup = BeautifulSoup(html, "html.parser")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # still no script may run


def test_the_embedded_claimreview_cannot_close_its_script_or_open_a_comment(article: Article) -> None:
    dunford = _claim(article, DUNFORD)
    dunford.claimant = "</script><script>alert(1)</script><!--"
    dunford.restatement = "a </SCRIPT > b <!-- c"
    html = export_article(article, "html", settings=SETTINGS)
    head = html[: html.index("</head>")]
    block = head[head.index('<script type="application/ld+json">') + 35 : head.index("</script>")]
    assert "<" not in block and head.count("</script>") == 1
    reviews = json.loads(block)
    assert reviews[0]["itemReviewed"]["author"]["name"] == "</script><script>alert(1)</script><!--"
    assert reviews[0]["claimReviewed"] == "a </SCRIPT > b <!-- c"


def test_an_article_with_no_judged_claim_embeds_no_data_block() -> None:
    article = build_sample()
    for claim in article.claims:
        claim.verdict = None
    assert "<script" not in export_article(article, "html", settings=SETTINGS)
    assert "<script" not in export_html(build_sample(), __import__("factcheck_gui.export", fromlist=["x"]).ExportOptions(),
                                         SETTINGS, for_qt_print=True)


TRICKY = ["127.0.0.1", "127.0.0.1:8765", "3.5 per cent", "2025. A year", "-5 %", "+3", "a = b", "#1 items", "a > b",
          "a_b_c", "15_000", "C:\\Users\\me", "a < b", "AT&T", "1. item", "1) item", "- item", "+ item", "---", "- - -",
          "===", "# head", "> quote", "<b>bold</b>", "&amp;", "_em_", "*em*", "`code`", "[a](http://x)", "a | b",
          "~~s~~", "ends with \\", "\\*not em\\*", "x\\_y", "<!-- c -->", "[foo]: http://x"]


def test_markdown_escapes_only_what_would_be_markup_and_renders_every_string_as_it_was() -> None:
    """The newcomer's export showed "127\\.0.0.1": a line starting with digits and a dot is no list item."""
    markdown_it = pytest.importorskip("markdown_it")
    from factcheck_gui.export.markdown import md_inline

    renderer = markdown_it.MarkdownIt("gfm-like")
    for text in TRICKY:
        escaped = md_inline(text)
        soup = BeautifulSoup(renderer.render(escaped), "html.parser")
        assert {tag.name for tag in soup.find_all()} <= {"p"}, (text, escaped)
        assert soup.get_text().strip() == text, (text, escaped)
    assert md_inline("2025. A year") == "2025\\. A year"  # that one would start a list
    for text in ("127.0.0.1", "127.0.0.1:8765", "3.5 per cent", "-5 %", "+3", "a = b", "#1 items",
                 "a > b", "a_b_c", "15_000", "C:\\Users\\me", "a < b", "AT&T"):
        assert md_inline(text) == text  # nothing there is markup: nothing is escaped
    article = build_sample()
    source = add_source(article, Source(url="http://127.0.0.1:8765/page.html", title="Statement", site="127.0.0.1",
                                        fetched_at="2026-11-20T10:10:00Z", status=200))
    pin_source(article, _claim(article, DUNFORD).id, source.id, "refutes")
    text = export_article(article, "md", settings=SETTINGS)
    assert "Statement (127.0.0.1)" in text and "**Statement** — 127.0.0.1" in text and "127\\." not in text
