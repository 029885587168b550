"""Exporting the sample fact-check: Markdown, HTML, ClaimReview, CSV and the article JSON.

The story: open the sample article, mark the Dunford sentence False and the
"Officials are making..." sentence Misleading, leave one claim unjudged, pin a
Defense Department transcript (refutes) and a news report (context), export,
and read what a reader, a spreadsheet or a search engine would get.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factcheck_gui.core.editing import add_claim, add_source, find_text, new_article, pin_source
from factcheck_gui.core.errors import InputError
from factcheck_gui.core.model import Article, Claim, QuoteSelector, Source, SourceKind
from factcheck_gui.core.plaintext import parse_plain_text
from factcheck_gui.core.schema import article_from_dict, article_to_dict
from factcheck_gui.core.settings import Settings
from factcheck_gui.export import FORMATS, ExportOptions, export_article
from factcheck_gui.export.claimreview import claimreview_warnings
from factcheck_gui.export.common import claim_anchor, format_timestamp, is_web_url, text_paragraphs
from factcheck_gui.export.csv import COLUMNS
from factcheck_gui.export.html import export_html

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "us-tells-iraq-to-choose.txt"
DUNFORD = "Yesterday, when Gen. Joe Dunford claimed Iraq \u201cdoesn\u2019t want Russia\u2019s help\u201d"
OFFICIALS = "Officials are making that all the more clear today"
UNJUDGED = "Russia has suggested they would help if such a request was made"
HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_URL = "javascript:alert(1)"
SETTINGS = Settings(
    organization_name="Example Fact Check",
    organization_url="https://factcheck.example/",
    reviewer_name="Ana Reviewer",
    review_url_pattern="https://factcheck.example/checks/{article_id}",
)


def _sentence_starting(article: Article, prefix: str) -> tuple[int, int]:
    start = article.text.index(prefix)
    for s, e in article.sentences:
        if s == start:
            return s, e
    raise AssertionError(f"no sentence starts with {prefix!r}")


def build_sample() -> Article:
    parsed = parse_plain_text(SAMPLE.read_text(encoding="utf-8"))
    parsed.meta.publisher = "Antiwar.com"
    parsed.meta.url = "https://news.antiwar.com/2015/10/01/us-tells-iraq-to-choose/"
    parsed.meta.published = "2015-10-01"
    article = new_article(parsed.text, parsed.meta)

    start = article.text.index("Yesterday, when Gen. Joe Dunford")
    end = article.text.index("if that happened.") + len("if that happened.")
    dunford = add_claim(
        article, start, end, verdict="false", claimant="Gen. Joe Dunford",
        restatement="Iraq does not want Russia's help in the war against ISIS.",
        rationale="Iraq's prime minister said he would welcome Russian help.\n\nThe US had threatened to cut aid.",
    )
    officials = add_claim(article, *_sentence_starting(article, OFFICIALS), verdict="misleading")
    add_claim(article, *find_text(article, UNJUDGED))

    transcript = add_source(article, Source(
        url="https://www.defense.gov/News/Transcripts/dunford-oct-2015/",
        title="Department of Defense Press Briefing by Gen. Dunford",
        site="U.S. Department of Defense", kind=SourceKind.OFFICIAL, published="2015-09-30",
        fetched_at="2026-11-20T10:00:00Z", status=200, sha256="a" * 64,
    ))
    report = add_source(article, Source(
        url="https://www.reuters.com/article/iraq-russia-abadi/",
        title="Iraq would welcome Russian air strikes against Islamic State: PM",
        site="Reuters", kind=SourceKind.NEWS, published="2015-10-01",
        fetched_at="2026-11-20T10:05:00Z", status=200, sha256="b" * 64,
        archive_url="https://web.archive.org/web/2015/https://www.reuters.com/article/iraq-russia-abadi/",
    ))
    pin_source(article, dunford.id, transcript.id, "refutes", quote="We have not been asked by Iraq.")
    pin_source(article, dunford.id, report.id, "context", quote="Abadi said he would welcome Russian air strikes.")
    pin_source(article, officials.id, report.id, "context")
    return article


def add_hostile_source(article: Article) -> None:
    """A page whose title is a script and whose URL runs JavaScript, pinned to the Dunford claim."""
    source = add_source(article, Source(url=HOSTILE_URL, title=HOSTILE_TITLE, site="*[x](javascript:alert(1))*",
                                        fetched_at="2026-11-20T10:10:00Z", status=200, sha256="c" * 64))
    pin_source(article, _claim(article, DUNFORD).id, source.id, "supports", note="=HYPERLINK(\"http://x\")")


def _claim(article: Article, prefix: str):
    return next(c for c in article.claims if c.exact.startswith(prefix))


@pytest.fixture
def article() -> Article:
    return build_sample()


def html_of(article: Article, options: ExportOptions | None = None) -> BeautifulSoup:
    return BeautifulSoup(export_article(article, "html", options, SETTINGS), "html.parser")


def highlighted_text(soup: BeautifulSoup, claim) -> str:
    """The text the claim's marks cover in the article text, without the claim-number markers."""
    section = BeautifulSoup(str(soup.find(id="article-text")), "html.parser")
    for marker in section.select("sup.ref"):
        marker.decompose()
    paragraphs = [
        "".join(m.get_text() for m in p.find_all("mark", attrs={"data-claim": claim_anchor(claim)}))
        for p in section.find_all("p")
    ]
    return " ".join(" ".join(paragraphs).split())


# -- the registry and what every format shares -------------------------------------------


def test_registry_names_every_format_with_a_label_and_extension() -> None:
    assert list(FORMATS) == ["md", "html", "claimreview", "csv", "json"]
    for label, extension, exporter in FORMATS.values():
        assert label and extension.startswith(".") and callable(exporter)


def test_an_unknown_format_is_a_clear_input_error(article: Article) -> None:
    with pytest.raises(InputError, match=r"Unknown export format .*pdf.* md, html, claimreview, csv, json"):
        export_article(article, "pdf")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_exporting_twice_gives_the_same_bytes(article: Article, fmt: str) -> None:
    first = export_article(article, fmt, ExportOptions(), SETTINGS).encode("utf-8")
    second = export_article(article, fmt, ExportOptions(), SETTINGS).encode("utf-8")
    assert first == second
    assert first.endswith(b"\n") and not first.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_as_of_time_is_the_articles_last_change_unless_given(article: Article, fmt: str) -> None:
    article.updated = "2026-11-21T12:30:00Z"
    assert "2026-11-21 12:30 UTC" in export_article(article, fmt, settings=SETTINGS)
    given = export_article(article, fmt, ExportOptions(generated_at="2026-12-01T08:00:00Z"), SETTINGS)
    assert "2026-12-01 08:00 UTC" in given and "2026-11-21 12:30 UTC" not in given


def test_only_absolute_http_urls_count_as_web_urls() -> None:
    assert is_web_url("https://example.org/a?b=c#d") and is_web_url("http://example.org")
    for url in ["javascript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x",
                "//example.org", "/relative", "https://", "https://exa mple.org", "http://x\n.org", "", "ftp://x.org"]:
        assert not is_web_url(url), url


def test_timestamps_are_shown_in_utc() -> None:
    assert format_timestamp("2026-11-20T10:00:00Z") == "2026-11-20 10:00 UTC"
    assert format_timestamp("2026-11-20T12:00:00+02:00") == "2026-11-20 10:00 UTC"
    assert format_timestamp("2015-10-01") == "2015-10-01"
    assert format_timestamp("October 1, 2015") == "October 1, 2015"


def test_exporters_import_only_core_and_the_standard_library() -> None:
    folder = Path(__file__).resolve().parents[1] / "factcheck_gui" / "export"
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                ours = name.startswith(("factcheck_gui.core", "factcheck_gui.export"))
                allowed = top in sys.stdlib_module_names or ours
                assert allowed, f"{path.name} imports {name}"


# -- HTML ---------------------------------------------------------------------------------


def test_html_shows_the_headline_every_claim_its_verdict_and_evidence(article: Article) -> None:
    soup = html_of(article)
    assert soup.h1.get_text() == "US Tells Iraq to Choose Between Them and Russia in ISIS War"
    assert soup.title.get_text().endswith(soup.h1.get_text())
    entries = soup.select("section.claim")
    assert len(entries) == 3
    first = entries[0].get_text(" ")
    assert DUNFORD in first and "False" in first and "Gen. Joe Dunford" in first
    assert "Department of Defense Press Briefing by Gen. Dunford" in first
    assert "We have not been asked by Iraq." in first and "Refutes" in first and "Context" in first
    assert OFFICIALS in entries[1].get_text() and "Misleading" in entries[1].get_text()
    assert UNJUDGED in entries[2].get_text() and "Not yet judged" in entries[2].get_text()
    summary = soup.find(id="summary").get_text(" ")
    assert "3 claims marked, 2 judged." in summary
    chips = [chip.get_text() for chip in soup.select("#summary .chip")]
    assert chips == ["False", "Misleading", "Not yet judged"]  # scale order, unjudged last
    assert "background-color: #d32f2f" in soup.select_one("#summary .chip")["style"]
    sources = soup.select("ol.sources li")
    assert [li["id"] for li in sources] == ["source-1", "source-2"]
    assert "a" * 64 in sources[0].get_text() and "200" in sources[0].get_text()


def test_html_is_one_self_contained_file(article: Article) -> None:
    add_hostile_source(article)
    text = export_article(article, "html", settings=SETTINGS)
    soup = BeautifulSoup(text, "html.parser")
    assert soup.find("meta", charset="utf-8") and soup.html["lang"]
    assert soup.find("meta", attrs={"name": "viewport"})
    assert "@media print" in soup.style.get_text() and "prefers-color-scheme: dark" in soup.style.get_text()
    assert not soup.find_all(["link", "img", "iframe", "object", "embed", "base", "form"])
    assert [script["type"] for script in soup.find_all("script")] == ["application/ld+json"]  # data, not code
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            for item in values:
                assert "javascript:" not in item.lower() or name == "title", (tag.name, name, item)
                if "://" in item or item.startswith("//"):
                    assert tag.name == "a" and name == "href", (tag.name, name, item)
                    assert is_web_url(item)
                    assert tag["rel"] == ["noopener", "noreferrer"]
        if tag.name == "a":
            assert tag["href"].startswith(("#", "http://", "https://"))


def test_a_hostile_title_and_url_are_shown_as_text_in_html(article: Article) -> None:
    add_hostile_source(article)
    text = export_article(article, "html", settings=SETTINGS)
    soup = BeautifulSoup(text, "html.parser")
    assert HOSTILE_TITLE not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert HOSTILE_TITLE in soup.select_one("section.claim").get_text()
    assert not soup.find_all(href=lambda href: href and "javascript" in href.lower())
    assert HOSTILE_URL in [code.get_text() for code in soup.select("code.inert-url")]


def test_article_text_highlights_every_claim_and_links_both_ways(article: Article) -> None:
    soup = html_of(article)
    text_section = soup.find(id="article-text")
    for claim in article.claims:
        anchor = claim_anchor(claim)
        assert highlighted_text(soup, claim) == claim.exact
        marker = text_section.find("a", id=f"text-{anchor}")
        assert marker["href"] == f"#{anchor}" and soup.find(id=anchor).name == "section"
        assert soup.find(id=anchor).find("a", href=f"#text-{anchor}")
    false_mark = text_section.find("mark", attrs={"data-claim": claim_anchor(_claim(article, DUNFORD))})
    assert "211, 47, 47" in false_mark["style"] and "#d32f2f" in false_mark["style"]


def test_overlapping_claims_are_both_highlighted(article: Article) -> None:
    dunford = _claim(article, DUNFORD)
    inner_span = find_text(article, "it appears to have been less a statement of fact")
    inner = add_claim(article, *inner_span, verdict="mostly-false")
    # And one that starts inside the Dunford claim and runs past its end.
    across = add_claim(article, article.text.index("if that happened."), article.text.index("Officials are making") + 9,
                       verdict="unproven")
    soup = html_of(article)
    text_section = soup.find(id="article-text")
    for claim in (dunford, inner, across):
        assert highlighted_text(soup, claim) == " ".join(claim.exact.split())
        assert text_section.find("a", id=f"text-{claim_anchor(claim)}")
    nested = [m for m in text_section.find_all("mark", attrs={"data-claim": claim_anchor(inner)})]
    assert all(m.parent.name == "mark" and m.parent["data-claim"] == claim_anchor(dunford) for m in nested)
    # The crossing claim spans two paragraphs; every piece sits inside one paragraph.
    pieces = text_section.find_all("mark", attrs={"data-claim": claim_anchor(across)})
    assert len({id(p.find_parent("p")) for p in pieces}) == 2


def test_each_paragraph_of_the_text_knows_every_claim_it_shares_text_with(article: Article) -> None:
    text = article.text
    breaks = [i for i in range(len(text)) if text.startswith("\n\n", i)]
    # A claim across three paragraphs, one on a blank line between two, one inside another, one orphaned.
    article.claims.append(Claim(breaks[3] - 5, breaks[4] + 10, QuoteSelector(text[breaks[3] - 5 : breaks[4] + 10])))
    article.claims.append(Claim(breaks[5], breaks[5] + 2, QuoteSelector("\n\n")))
    dunford = _claim(article, DUNFORD)
    article.claims.append(Claim(dunford.start + 5, dunford.start + 12, QuoteSelector(text[dunford.start + 5 : dunford.start + 12])))
    article.claims.append(Claim(0, 5, QuoteSelector(text[:5]), orphaned=True))
    claims = article.claims_in_reading_order()
    paragraphs = text_paragraphs(article, claims)
    assert paragraphs[-1].end == len(text)
    for paragraph in paragraphs:
        sharing = [c for c in claims if not c.orphaned and c.start < paragraph.end and paragraph.start < c.end]
        assert paragraph.claims == sharing
    assert sum(1 for p in paragraphs if article.claims[-4] in p.claims) == 3
    assert not any(article.claims[-3] in p.claims or article.claims[-1] in p.claims for p in paragraphs)


def _article_text_paragraphs(article: Article, for_qt_print: bool) -> list[str]:
    """The paragraphs of the article text as a reader of the HTML file, or of the printed PDF, sees them."""
    soup = BeautifulSoup(export_html(article, ExportOptions(), SETTINGS, for_qt_print=for_qt_print), "html.parser")
    if for_qt_print:
        paragraphs = soup.select("p.article-text")
    else:
        paragraphs = soup.find(id="article-text").select("div.article-text > p")
    for marker in soup.select("sup"):
        marker.decompose()
    return [" ".join(p.get_text().split()) for p in paragraphs]


@pytest.mark.parametrize("for_qt_print", [False, True], ids=["html-file", "qt-print-and-preview"])
def test_the_article_text_starts_after_the_headline_and_subheadline_shown_above(article: Article, for_qt_print: bool) -> None:
    title, subtitle = article.meta.title, article.meta.subtitle
    assert article.text.startswith(f"{title}\n\n{subtitle}\n\n")  # as the sample is imported
    paragraphs = _article_text_paragraphs(article, for_qt_print)
    assert paragraphs[0].startswith("Yesterday, when Gen. Joe Dunford")
    assert title not in paragraphs and subtitle not in paragraphs
    assert paragraphs[-1] == " ".join(article.text.rsplit("\n\n", 1)[-1].split())


@pytest.mark.parametrize("for_qt_print", [False, True], ids=["html-file", "qt-print-and-preview"])
def test_a_claim_marked_in_the_headline_keeps_the_headline_in_the_article_text(article: Article, for_qt_print: bool) -> None:
    headline = add_claim(article, *find_text(article, "US Tells Iraq to Choose"), verdict="mostly-true")
    paragraphs = _article_text_paragraphs(article, for_qt_print)
    assert paragraphs[0] == article.meta.title and paragraphs[1].startswith("Yesterday, when Gen. Joe Dunford")
    if not for_qt_print:
        assert html_of(article).find(id="article-text").find("a", id=f"text-{claim_anchor(headline)}")


def test_a_text_that_is_only_its_headline_is_still_shown() -> None:
    parsed = parse_plain_text("Iraq Asks Russia for Help\n\nA Subheadline Without a Full Stop")
    article = new_article(parsed.text, parsed.meta)
    assert article.meta.subtitle and _article_text_paragraphs(article, False) == article.text.split("\n\n")


def test_html_without_the_article_text_and_without_unjudged_claims(article: Article) -> None:
    soup = html_of(article, ExportOptions(include_unjudged=False, include_article_text=False))
    assert soup.find(id="article-text") is None and not soup.select('a[href^="#text-"]')
    assert len(soup.select("section.claim")) == 2 and UNJUDGED not in soup.get_text()
    assert "(not listed)" in soup.find(id="summary").get_text()


def test_an_orphaned_claim_is_listed_last_and_marked_but_not_highlighted(article: Article) -> None:
    orphan = _claim(article, OFFICIALS)
    orphan.orphaned = True
    soup = html_of(article)
    last = soup.select("section.claim")[-1]
    assert last["id"] == claim_anchor(orphan) and "orphaned" in last.get_text()
    assert not soup.find("mark", attrs={"data-claim": claim_anchor(orphan)})


# -- Markdown ----------------------------------------------------------------------------


def test_markdown_reads_as_a_fact_check(article: Article) -> None:
    text = export_article(article, "md", settings=SETTINGS)
    lines = text.split("\n")
    assert lines[0] == "# US Tells Iraq to Choose Between Them and Russia in ISIS War"
    assert [line for line in lines if line.startswith("## ")] == ["## Summary", "## Claims", "## Sources", "## Method"]
    assert [line for line in lines if line.startswith("### ")] == [
        "### Claim 1: False", "### Claim 2: Misleading", "### Claim 3: Not yet judged"]
    assert "- False: 1\n- Misleading: 1\n- Not yet judged: 1" in text
    assert f"> {DUNFORD}" in text
    assert "- **Claimant:** Gen. Joe Dunford" in text
    assert "**Rationale:** Iraq's prime minister said he would welcome Russian help." in text
    assert "- **Refutes:** Department of Defense Press Briefing by Gen. Dunford" in text
    assert "  - Quote: \u201cWe have not been asked by Iraq.\u201d" in text
    assert "<https://www.defense.gov/News/Transcripts/dunford-oct-2015/>" in text
    assert "1. **Department of Defense Press Briefing by Gen. Dunford**" in text
    assert "HTTP status 200" in text and f"`{'a' * 64}`" in text and "Fetched 2026-11-20 10:00 UTC" in text
    assert "between 2026-11-20 10:00 UTC and 2026-11-20 10:05 UTC" in text


def test_markdown_escapes_hostile_and_special_strings(article: Article) -> None:
    add_hostile_source(article)
    dunford = _claim(article, DUNFORD)
    dunford.claimant = "# heading | with a pipe"
    dunford.restatement = "*[x](javascript:alert(1))*"
    text = export_article(article, "md", settings=SETTINGS)
    assert "\\<script>alert(1)\\</script>" in text  # "<" opens the tag; ">" alone is no markup
    assert "\\*\\[x\\](javascript:alert(1))\\*" in text
    assert "**Claimant:** \\# heading \\| with a pipe" in text
    assert f"`{HOSTILE_URL}`" in text and f"<{HOSTILE_URL}>" not in text
    assert "[x](javascript" not in text  # escaped as \[x\](...), which is no link


def test_markdown_renders_without_links_scripts_or_new_structure_from_page_strings(article: Article) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    plain = markdown_it.MarkdownIt("commonmark").enable("table")
    baseline = BeautifulSoup(plain.render(export_article(article, "md", settings=SETTINGS)), "html.parser")
    add_hostile_source(article)
    dunford = _claim(article, DUNFORD)
    dunford.claimant = "# heading | with | pipes"
    dunford.rationale = "- not a list\n1. not a list either\n=====\n<b>bold?</b> &amp; [ref]: https://evil.example"
    soup = BeautifulSoup(plain.render(export_article(article, "md", settings=SETTINGS)), "html.parser")
    assert not soup.find_all(["script", "table", "b"])
    assert [h.get_text() for h in soup.find_all(["h1", "h2", "h3"])] == [
        h.get_text() for h in baseline.find_all(["h1", "h2", "h3"])]
    for link in soup.find_all("a"):
        assert is_web_url(link["href"]), link
    assert HOSTILE_TITLE in soup.get_text() and "# heading | with | pipes" in soup.get_text()
    assert "<b>bold?</b> &amp; [ref]: https://evil.example" in soup.get_text()
    assert len(soup.find_all("ol")) == len(baseline.find_all("ol"))


# -- ClaimReview --------------------------------------------------------------------------


def test_claimreview_has_one_review_per_judged_claim(article: Article) -> None:
    reviews = json.loads(export_article(article, "claimreview", settings=SETTINGS))
    assert isinstance(reviews, list) and len(reviews) == 2  # the unjudged claim is left out
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        for key in ("claimReviewed", "url", "author", "datePublished", "itemReviewed", "reviewRating"):
            assert review[key], key
        assert review["reviewRating"]["alternateName"]
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["author"] == {
            "@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example/"}
        appearance = review["itemReviewed"]["appearance"][0]
        assert appearance["url"] == article.meta.url and appearance["publisher"]["name"] == "Antiwar.com"
    false, misleading = reviews
    dunford = _claim(article, DUNFORD)
    assert false["claimReviewed"] == "Iraq does not want Russia's help in the war against ISIS."
    assert false["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                                     "alternateName": "False"}
    assert false["itemReviewed"]["author"] == {"@type": "Person", "name": "Gen. Joe Dunford"}
    assert false["datePublished"] == dunford.updated[:10]
    assert false["url"] == f"https://factcheck.example/checks/{article.id}#{claim_anchor(dunford)}"
    assert misleading["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}
    assert misleading["claimReviewed"].startswith(OFFICIALS)


def test_claimreview_warns_about_what_it_left_out(article: Article) -> None:
    assert claimreview_warnings(article, SETTINGS) == ["1 claim without a verdict was left out."]
    add_claim(article, *find_text(article, "Prime Minister Hayder Abadi made it clear"))
    assert claimreview_warnings(article)[0] == "2 claims without a verdict were left out."
    warnings = claimreview_warnings(article, Settings())
    assert any("review URL pattern" in w for w in warnings) and any("organisation" in w for w in warnings)
    bare = json.loads(export_article(article, "claimreview", settings=Settings()))
    assert all("url" not in review and "author" not in review for review in bare)


def test_claimreview_url_pattern_with_the_claim_id_is_used_as_it_is(article: Article) -> None:
    settings = Settings(organization_name="X", review_url_pattern="https://x.example/{article_id}/{claim_id}")
    reviews = json.loads(export_article(article, "claimreview", settings=settings))
    assert reviews[0]["url"] == f"https://x.example/{article.id}/{_claim(article, DUNFORD).id}"


def test_claimreview_is_safe_to_paste_into_a_script_tag(article: Article) -> None:
    _claim(article, DUNFORD).claimant = "</script><script>alert(1)</script>"
    text = export_article(article, "claimreview", settings=SETTINGS)
    assert "<" not in text and "\\u003c/script>" in text
    assert json.loads(text)[0]["itemReviewed"]["author"]["name"] == "</script><script>alert(1)</script>"


def test_a_claimant_that_is_an_institution_is_an_organization(article: Article) -> None:
    _claim(article, DUNFORD).claimant = "US officials"
    review = json.loads(export_article(article, "claimreview", settings=SETTINGS))[0]
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "US officials"}


# -- CSV ----------------------------------------------------------------------------------


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_claim_and_evidence_pair(article: Article) -> None:
    text = export_article(article, "csv", settings=SETTINGS)
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    rows = rows_of(text)
    # Dunford: 2 pieces of evidence; Officials: 1; the unjudged claim: 1 row without evidence.
    assert len(rows) == 4
    assert [r["verdict"] for r in rows] == ["false", "false", "misleading", ""]
    assert [r["stance"] for r in rows] == ["refutes", "context", "context", ""]
    first = rows[0]
    assert first["claim_text"] == _claim(article, DUNFORD).exact and first["claimant"] == "Gen. Joe Dunford"
    assert first["verdict_label"] == "False" and first["orphaned"] == "false"
    assert first["source_title"] == "Department of Defense Press Briefing by Gen. Dunford"
    assert first["source_sha256"] == "a" * 64 and first["source_fetched_at"] == "2026-11-20T10:00:00Z"
    assert first["quote"] == "We have not been asked by Iraq." and first["source_kind"] == "official"
    assert "\n" in first["rationale"]  # multi-line cells survive quoting
    assert rows[3]["source_id"] == "" and rows[3]["claim_text"] == UNJUDGED
    assert len(rows_of(export_article(article, "csv", ExportOptions(include_unjudged=False)))) == 3


def test_csv_cells_cannot_run_as_formulas(article: Article) -> None:
    add_hostile_source(article)
    dunford = _claim(article, DUNFORD)
    dunford.claimant, dunford.restatement, dunford.rationale = "+1 555 0100", "@SUM(1+1)", "-2+3"
    rows = rows_of(export_article(article, "csv", settings=SETTINGS))
    hostile = next(r for r in rows if r["source_title"] == HOSTILE_TITLE)
    assert hostile["note"] == "'=HYPERLINK(\"http://x\")"
    neutralised = (hostile["claimant"], hostile["restatement"], hostile["rationale"])
    assert neutralised == ("'+1 555 0100", "'@SUM(1+1)", "'-2+3")
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())


# -- the article JSON --------------------------------------------------------------------


def test_json_is_the_article_file_and_loads_back(article: Article) -> None:
    text = export_article(article, "json", settings=SETTINGS)
    data = json.loads(text)
    assert data == article_to_dict(article)
    assert article_to_dict(article_from_dict(data)) == data
    assert "\u201c" in text  # UTF-8 as it is, not \u escapes
