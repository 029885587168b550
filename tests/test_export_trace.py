"""A traced claim in the exports: the origin, independent origins and the chain in Markdown, HTML
and PDF; ClaimReview's ``firstAppearance`` and ``appearance`` (issue 14, item 5)."""

from __future__ import annotations

import io
import json

import pytest

from factcheck_gui.core.editing import add_claim, find_text, set_trace, set_verdict
from factcheck_gui.core.model import ArticleMeta, TraceStep, TraceSummary
from factcheck_gui.core.settings import Settings
from factcheck_gui.export import ExportOptions, export_article
from factcheck_gui.export.html import export_html
from factcheck_gui.importer import article_from_text
from tests.conftest import DUNFORD_START

STATEMENT = TraceStep("https://dod.example/statement", "Chairman's remarks to reporters in Baghdad",
                      "Department of Defense", "2015-10-20", 2)
WIRE = TraceStep("https://wire.example/dunford", "Dunford: Iraq does not want Russia's help", "Example Wire",
                 "2015-10-21", 1)
COPY = TraceStep("https://paper.example/copy", "What we know about Iraq and Russia", "Daily Paper", "2015-10-22", 1)
REPORT = TraceStep("https://news.example/report", "US tells Iraq to choose", "Example News", "2015-10-23", 0)
SUMMARY = TraceSummary(origin=STATEMENT.url, origin_title=STATEMENT.title, origin_published="2015-10-20",
                       origin_date_evidence="the page's own date", independent_origins=1,
                       chain=(REPORT, WIRE, STATEMENT), appearances=(STATEMENT, WIRE, COPY, REPORT),
                       warnings=("https://undated.example/ carries the claim but gives no date.",), pages=5,
                       traced_at="2026-12-04T18:00:00Z")
SETTINGS = Settings(organization_name="Example Fact Check", review_url_pattern="https://fc.example/{article_id}")


@pytest.fixture
def traced(sample_text):
    article = article_from_text(sample_text)
    article.meta = ArticleMeta(title="US tells Iraq to choose", url="https://antiwar.example/us-tells-iraq")
    claim = add_claim(article, *find_text(article, DUNFORD_START))
    set_verdict(article, claim.id, "false")
    untraced = add_claim(article, *find_text(article, "Officials are making that all the more clear today"))
    set_verdict(article, untraced.id, "true")
    set_trace(article, claim.id, SUMMARY)
    return article


def test_markdown_gives_the_origin_the_count_and_the_chain(traced):
    text = export_article(traced, "md", ExportOptions(), SETTINGS)
    assert ("**Origin:** Traced to its likely origin, published 2015-10-20 (the page's own date); "
            "1 independent origin; 5 pages read. <https://dod.example/statement>") in text
    assert "1. US tells Iraq to choose (Example News, 2015-10-23) <https://news.example/report>" in text
    assert "3. Chairman's remarks to reporters in Baghdad (Department of Defense, 2015-10-20)" in text
    assert "- Warning: <https://undated.example/> carries the claim" not in text  # page text is never a live link
    assert "Warning:" in text and text.count("**Origin:**") == 1  # only the traced claim


def test_html_and_its_print_version_give_the_origin_and_the_chain(traced):
    page = export_article(traced, "html", ExportOptions(), SETTINGS)
    assert '<h4>Origin</h4>' in page and "1 independent origin; 5 pages read." in page
    assert '<a class="titled" href="https://dod.example/statement" rel="noopener noreferrer">' in page
    chain = page[page.index('<ol class="trace-chain">'):]
    assert chain.index("news.example/report") < chain.index("wire.example") < chain.index("dod.example/statement")
    printed = export_html(traced, ExportOptions(), SETTINGS, for_qt_print=True)
    assert '<ol class="trace-chain">' in printed and "1 independent origin" in printed


def test_the_pdf_says_where_the_claim_came_from(traced, qapp):
    pypdf = pytest.importorskip("pypdf")
    from factcheck_gui.ui.pdf import render_pdf

    data = render_pdf(export_html(traced, ExportOptions(), SETTINGS, for_qt_print=True), "T")
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).split())
    assert "Traced to its likely origin, published 2015-10-20" in text
    assert "1 independent origin" in text and "Chairman's remarks to reporters in Baghdad" in text


def test_claimreview_gives_first_appearance_and_every_appearance(traced):
    reviews = json.loads(export_article(traced, "claimreview", ExportOptions(), SETTINGS))
    traced_review = next(r for r in reviews if r["reviewRating"]["alternateName"] == "False")
    item = traced_review["itemReviewed"]
    assert item["firstAppearance"] == {"@type": "CreativeWork", "url": STATEMENT.url, "headline": STATEMENT.title,
                                       "datePublished": "2015-10-20"}
    urls = [work["url"] for work in item["appearance"]]
    assert urls == ["https://antiwar.example/us-tells-iraq", STATEMENT.url, WIRE.url, COPY.url, REPORT.url]
    other = next(r for r in reviews if r["reviewRating"]["alternateName"] == "True")
    assert "firstAppearance" not in other["itemReviewed"] and len(other["itemReviewed"]["appearance"]) == 1
