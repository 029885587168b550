"""Web pages become articles that start with their headline and dek (issue 11 item 5).

The headline and the dek are paragraphs of the text, markable like any sentence;
titles lose the site's name; a cut-off description is never the dek; no export
prints the headline twice.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from pytest_httpserver import HTTPServer

from factcheck_gui.core.editing import add_claim, find_text
from factcheck_gui.core.model import Link
from factcheck_gui.core.plaintext import is_complete_description, with_headline
from factcheck_gui.net.metadata import extract_metadata, site_of_host, strip_site_from_title

HEADLINE = "Mayor says crime fell by half"
DEK = "The council disputes the police figures that the mayor cited on Monday."
LEDE = "The mayor said crime fell by half last year, citing police figures that the council disputes."


def page(
    title: str = f"{HEADLINE} | Town Crier", description: str = DEK, site: str = "Town Crier", h1_in_article: bool = False
) -> str:
    """A news page; its headline sits in the page header (the main text leaves it out) unless *h1_in_article*."""
    heading = f"<h1>{HEADLINE}</h1>"
    return (
        '<!doctype html><html lang="en"><head>'
        f"<title>{title}</title>"
        f'<meta property="og:title" content="{title}">'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta name="description" content="{description}">'
        "</head><body>"
        f"<header>{'' if h1_in_article else heading}<p>By Jane Doe</p></header>"
        f"<article>{heading if h1_in_article else ''}"
        '<p>The mayor said crime fell by half last year, citing <a href="https://example.org/figures">police '
        "figures</a> that the council disputes.</p>"
        "<p>Council members said the figures leave out two districts and a change in how thefts are counted.</p>"
        "</article></body></html>"
    )


# -- titles without the site's name ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("Senate passes the bill | TheHill", ("The Hill",), "Senate passes the bill"),
        ("Storm hits the coast - BBC News", ("", "bbc"), "Storm hits the coast"),
        ("Ministers meet in Kyiv \u2013 The Guardian", ("The Guardian",), "Ministers meet in Kyiv"),
        ("Reuters | Markets fall", ("Reuters",), "Markets fall"),
        ("Biden - Harris ticket leads in polls", ("Harris Weekly",), "Biden - Harris ticket leads in polls"),
        ("Covid-19 - what we know", ("what",), "Covid-19 - what we know"),
        ("Best of 2024 - Time Well Spent", ("time",), "Best of 2024 - Time Well Spent"),
        ("The Hill", ("The Hill",), "The Hill"),
        ("No site - at all", (), "No site - at all"),
    ],
)
def test_a_site_name_is_cut_from_a_title_only_when_it_names_the_site(title, names, expected) -> None:
    assert strip_site_from_title(title, *names) == expected


def test_the_site_of_a_host() -> None:
    assert [site_of_host(url) for url in ("https://www.thehill.com/x", "https://www.bbc.co.uk/news",
                                          "https://edition.cnn.com/", "http://127.0.0.1:8000/a", "")] == [
        "thehill", "bbc", "cnn", "", ""]


def test_page_titles_from_opengraph_and_json_ld_lose_the_site_suffix() -> None:
    assert extract_metadata(page(), find_date=False).title == HEADLINE
    json_ld = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "{HEADLINE} - BBC News"}}</script></head><body><p>Text.</p></body></html>'
    )
    assert extract_metadata(json_ld, "https://www.bbc.co.uk/news/1", find_date=False).title == HEADLINE


# -- descriptions: only a complete one is a dek ---------------------------------------------------


@pytest.mark.parametrize(
    ("description", "complete"),
    [
        (DEK, True),
        ("\u201cWe are on it,\u201d the sheriff said.", True),
        ("A short dek without a full stop", True),
        ("The council disputes the police figures that the mayor cited, with t...", False),
        ("The council disputes the police figures that the mayor cited with t", False),
        ("The council disputes the police figures that the mayor cited\u2026", False),
        ("The council disputes [\u2026]", False),
        ("The council disputes the police figures that the mayor cited on Monday at a meeting with the "
         "district officers and the police chief, who said that", False),
        ("", False),
    ],
)
def test_a_cut_off_description_is_not_complete(description, complete) -> None:
    assert is_complete_description(description) is complete


def test_with_headline_puts_headline_and_dek_first_and_moves_the_links() -> None:
    text = f"{LEDE}\n\nSecond paragraph."
    link = Link(text.index("police figures"), text.index("police figures") + 14, "https://example.org/figures")
    parsed = with_headline(text, [link], f"  {HEADLINE} ", DEK)
    assert parsed.text == f"{HEADLINE}\n\n{DEK}\n\n{text}"
    assert (parsed.meta.title, parsed.meta.subtitle) == (HEADLINE, DEK)
    [moved] = parsed.links
    assert parsed.text[moved.start : moved.end] == "police figures"
    # Already there: nothing is added twice.
    assert with_headline(parsed.text, parsed.links, HEADLINE, DEK).text == parsed.text
    assert with_headline(f"{HEADLINE}\n\n{text}", [], HEADLINE, DEK).text == parsed.text
    # A description that is the lede, or its start, is no dek: the lede stays body text.
    for lede in (LEDE, LEDE[:80]):
        lede_only = with_headline(text, [], HEADLINE, lede)
        assert lede_only.text == f"{HEADLINE}\n\n{text}" and lede_only.meta.subtitle == ""


# -- importing a page ------------------------------------------------------------------------------


def quick():
    from factcheck_gui.core.settings import Settings

    return Settings(fetch_timeout_seconds=5.0)


def test_a_page_imported_from_its_address_starts_with_headline_and_dek(httpserver: HTTPServer) -> None:
    from factcheck_gui.importer import article_from_url

    httpserver.expect_request("/news/mayor").respond_with_data(page(), content_type="text/html; charset=utf-8")
    article = article_from_url(httpserver.url_for("/news/mayor"), settings=quick())
    assert article.meta.title == HEADLINE and article.meta.subtitle == DEK
    assert article.text.startswith(f"{HEADLINE}\n\n{DEK}\n\n{LEDE}")
    assert article.sentences[0] == (0, len(HEADLINE))  # the headline is a sentence of its own
    assert article.text[slice(*article.sentences[1])] == DEK
    [link] = article.links
    assert article.text[link.start : link.end] == "police figures"


def test_a_text_document_imported_from_its_address_gets_no_file_name_as_headline(httpserver: HTTPServer) -> None:
    from factcheck_gui.importer import article_from_url

    body = f"{HEADLINE}\n\n{LEDE}\n"
    httpserver.expect_request("/files/mayor.txt").respond_with_data(body, content_type="text/plain; charset=utf-8")
    article = article_from_url(httpserver.url_for("/files/mayor.txt"), settings=quick())
    assert article.text == body.strip()  # not "mayor.txt\n\nMayor says..."


def test_a_cut_off_description_is_neither_dek_nor_text(httpserver: HTTPServer) -> None:
    from factcheck_gui.importer import article_from_url

    cut = "The council disputes the police figures that the mayor cited, with t..."
    httpserver.expect_request("/news/cut").respond_with_data(page(description=cut), content_type="text/html")
    article = article_from_url(httpserver.url_for("/news/cut"), settings=quick())
    assert article.meta.subtitle == ""
    assert article.text.startswith(f"{HEADLINE}\n\n{LEDE}")
    assert "with t" not in article.text


@pytest.mark.parametrize("h1_in_article", [False, True])
def test_a_local_html_file_starts_with_its_headline_once(tmp_path, h1_in_article: bool) -> None:
    from factcheck_gui.importer import article_from_file

    path = tmp_path / "mayor.html"
    path.write_text(page(h1_in_article=h1_in_article), encoding="utf-8")
    article = article_from_file(path)
    assert article.text.startswith(f"{HEADLINE}\n\n{DEK}\n\n{LEDE}")
    assert article.text.count(HEADLINE) == 1


def test_no_export_prints_the_headline_or_the_dek_twice(data_dir, tmp_path, httpserver: HTTPServer) -> None:
    from factcheck_gui.cli import main
    from factcheck_gui.core.settings import Settings
    from factcheck_gui.export import ExportOptions
    from factcheck_gui.export.html import export_html
    from factcheck_gui.importer import article_from_url
    from factcheck_gui.store.library import Library

    httpserver.expect_request("/news/mayor").respond_with_data(page(), content_type="text/html; charset=utf-8")
    article = article_from_url(httpserver.url_for("/news/mayor"), settings=quick())
    add_claim(article, *find_text(article, "crime fell by half last year"), verdict="false")
    Library(data_dir).add(article)

    def exported(fmt: str) -> str:
        target = tmp_path / f"mayor.{fmt}"
        assert main(["--data-dir", str(data_dir), "export", article.id, "--format", fmt, "-o", str(target)]) == 0
        return target.read_text(encoding="utf-8")

    markdown = exported("md")
    assert markdown.count(HEADLINE) == 1 and markdown.count(DEK) == 1
    html = exported("html")
    body = html[html.index("<body") :]
    assert body.count(HEADLINE) == 1 and body.count(DEK) == 1  # the <h1> and the dek; the text starts at the lede
    assert "Council members said the figures" in body  # the article text is there
    printed = export_html(article, ExportOptions(), Settings(), for_qt_print=True)  # the PDF
    printed_body = printed[printed.index("<body") :]
    assert printed_body.count(HEADLINE) == 1 and printed_body.count(DEK) == 1
    rows = list(csv.DictReader(io.StringIO(exported("csv"))))
    assert [row["article_title"] for row in rows] == [HEADLINE]
    assert all(HEADLINE not in row["claim_text"] for row in rows)
    reviews = json.loads(exported("claimreview"))
    reviews = reviews if isinstance(reviews, list) else reviews.get("@graph", [reviews])
    assert json.dumps(reviews).count(HEADLINE) == len(reviews)  # itemReviewed.appearance.headline
    stored = json.loads(exported("json"))
    assert stored["text"].startswith(f"{HEADLINE}\n\n{DEK}\n\n") and stored["meta"]["title"] == HEADLINE
