"""What a page says about itself, taken from the most trusted place that has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck_gui.core.model import SourceKind
from factcheck_gui.net.errors import MalformedPageError
from factcheck_gui.net.kinds import guess_kind
from factcheck_gui.net.metadata import PageMetadata, extract_metadata, find_published_date, normalize_date

DATA = Path(__file__).parent / "data" / "net"
PAGE_URL = "https://news.example.com/2019/10/22/pentagon-troops-iraq/?utm_source=x"


def page(head: str = "", body: str = "<p>Text.</p>", lang: str = "") -> str:
    lang_attribute = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{lang_attribute}><head>{head}</head><body>{body}</body></html>"


def ld(json_text: str) -> str:
    return f'<script type="application/ld+json">{json_text}</script>'


def test_json_ld_in_a_graph_beats_every_other_tag() -> None:
    meta = extract_metadata((DATA / "article_graph.html").read_bytes(), PAGE_URL)
    assert meta.title == "Pentagon Says Troops Will Stay in Iraq"  # not og:title, not <title>
    assert meta.site == "Example News"  # the publisher @id resolved, not og:site_name
    assert meta.authors == ["Jane Doe", "John Roe"]  # an @id reference and an inline Person
    assert meta.published == "2019-10-22T14:30:00-04:00"  # the NewsArticle's, not WebPage's or og's
    assert meta.modified == "2019-10-23T10:00:00-04:00"
    assert meta.description == "US officials say the troops leaving Syria will stay in western Iraq."
    assert meta.canonical_url == "https://news.example.com/2019/10/22/pentagon-troops-iraq/"
    assert meta.language == "en-US"
    assert meta.types[0] == "NewsArticle" and "og:article" in meta.types
    assert guess_kind(PAGE_URL, "text/html", meta) is SourceKind.NEWS


def test_precedence_citation_then_opengraph_then_title() -> None:
    head = (
        "<title>Plain title | The Journal</title>"
        '<meta property="og:title" content="OpenGraph title">'
        '<meta property="og:site_name" content="The Journal">'
        '<meta name="citation_title" content="Citation title">'
        '<meta name="citation_author" content="Curie, Marie"><meta name="citation_author" content="Pierre Curie">'
        '<meta name="citation_publication_date" content="1903/06/25">'
        '<meta name="author" content="Tag Author">'
    )
    meta = extract_metadata(page(head), "https://journal.example.org/a")
    assert meta.title == "Citation title"
    assert meta.authors == ["Curie, Marie", "Pierre Curie"]
    assert meta.published == "1903-06-25"
    assert meta.site == "The Journal"

    meta = extract_metadata(page(head.replace("citation_", "x_")))
    assert meta.title == "OpenGraph title" and meta.authors == ["Tag Author"]

    meta = extract_metadata(page("<title>Plain title | The Journal</title>" + '<meta property="og:site_name" content="The Journal">'))
    assert meta.title == "Plain title"  # the site's name is cut from <title>

    meta = extract_metadata(page("", body="<h1>Only a heading</h1><p>Body.</p>"))
    assert meta.title == "Only a heading"


def test_dublin_core_in_any_case() -> None:
    head = (
        '<meta name="DC.title" content="Annual report 2018">'
        '<meta name="dc.creator" content="Office of Statistics">'
        '<meta name="DCTERMS.issued" content="2019-03-01">'
        '<meta name="dcterms.modified" content="2019-04-02T10:00:00Z">'
        '<meta name="DC.publisher" content="Statistics Office">'
        '<meta name="DC.language" content="de_DE">'
    )
    meta = extract_metadata(page(head), "https://stats.example.de/report", find_date=False)
    assert (meta.title, meta.authors, meta.site) == ("Annual report 2018", ["Office of Statistics"], "Statistics Office")
    assert (meta.published, meta.modified, meta.language) == ("2019-03-01", "2019-04-02T10:00:00Z", "de-DE")


def test_json_ld_authors_come_as_text_objects_or_lists() -> None:
    for author, expected in [
        ('"By Jane Doe"', ["Jane Doe"]),
        ('{"@type": "Person", "name": "Jane Doe"}', ["Jane Doe"]),
        ('[{"name": "Jane Doe"}, "John Roe", {"name": "jane doe"}]', ["Jane Doe", "John Roe"]),
        ('{"@type": "Organization", "name": "Reuters"}', ["Reuters"]),
        ('"https://example.com/authors/jdoe"', []),
    ]:
        meta = extract_metadata(page(ld('{"@type": "NewsArticle", "headline": "H", "author": ' + author + "}")), find_date=False)
        assert meta.authors == expected, author


def test_broken_and_unusual_json_ld_is_still_read() -> None:
    broken = """<!--
    {"@context": "https://schema.org", "@type": "NewsArticle",
     "headline": "Repaired headline",
     "description": "A line
break inside a string",
     "datePublished": "2020-05-04T10:00:00Z",
     "author": {"@type": "Person", "name": "Ann Other",},
    }
    -->"""
    meta = extract_metadata(page(ld(broken)), find_date=False)
    assert meta.title == "Repaired headline" and meta.authors == ["Ann Other"]
    assert meta.published == "2020-05-04T10:00:00Z"
    assert meta.description == "A line break inside a string"

    listed = ld('[{"@type": "BreadcrumbList"}, {"@type": ["Article", "NewsArticle"], "headline": "From a list"}]')
    assert extract_metadata(page(listed), find_date=False).title == "From a list"

    two = ld('{"@type": "WebSite", "name": "Site"} {"@type": "BlogPosting", "headline": "Second object"}')
    meta = extract_metadata(page(two), find_date=False)
    assert (meta.title, meta.site) == ("Second object", "Site")

    hopeless = ld("{this is not json at all")
    meta = extract_metadata(page("<title>Fallback title</title>" + hopeless), find_date=False)
    assert meta.title == "Fallback title"


def test_the_article_beats_the_page_and_html_entities_are_decoded() -> None:
    graph = ld(
        '{"@graph": [{"@type": "WebPage", "name": "Page name", "datePublished": "2001-01-01"},'
        '{"@type": "PressRelease", "headline": "Statement by the Minister &amp; Deputy", "datePublished": "2021-02-03"}]}'
    )
    meta = extract_metadata(page(graph), "https://www.defence.example/news", find_date=False)
    assert meta.title == "Statement by the Minister & Deputy" and meta.published == "2021-02-03"
    assert guess_kind("https://www.defence.example/news", "text/html", meta) is SourceKind.OFFICIAL


def test_language_and_canonical_fallbacks() -> None:
    meta = extract_metadata(page('<link rel="canonical" href="/clean">', lang="fr"), "https://ex.example/a?b=c", find_date=False)
    assert (meta.language, meta.canonical_url) == ("fr", "https://ex.example/clean")
    meta = extract_metadata(page('<meta property="og:url" content="https://ex.example/og"><meta property="og:locale" content="pt_BR">'), find_date=False)
    assert (meta.language, meta.canonical_url) == ("pt-BR", "https://ex.example/og")
    meta = extract_metadata(page('<link rel="canonical" href="javascript:alert(1)">'), "https://ex.example/", find_date=False)
    assert meta.canonical_url == ""


def test_published_date_comes_from_htmldate_then_the_tags() -> None:
    # No tag at all: htmldate finds the date in the text.
    body = "<article><p class='date'>Published 14 March 2018</p><p>Some text.</p></article>"
    assert find_published_date(page("", body)) == "2018-03-14"
    # htmldate and the tags agree on the day: the tag's time is kept.
    head = '<meta property="article:published_time" content="2019-10-22T14:30:00+02:00">'
    assert find_published_date(page(head)) == "2019-10-22T14:30:00+02:00"
    # Nothing anywhere.
    assert find_published_date(page("<title>x</title>", "<p>No date here.</p>")) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-10-22", "2019-10-22"),
        ("2019-10-22T14:30:00Z", "2019-10-22T14:30:00Z"),
        ("2019-10-22T14:30:00.123+0200", "2019-10-22T14:30:00+02:00"),
        ("2019-10-22 14:30:00", "2019-10-22T14:30:00"),
        ("2019-10-22T00:00:00", "2019-10-22"),
        ("20191022", "2019-10-22"),
        ("2019/10/22", "2019-10-22"),
        ("22.10.2019", "2019-10-22"),
        ("Tue, 22 Oct 2019 14:30:00 GMT", "2019-10-22T14:30:00Z"),
        ("22 October 2019", "2019-10-22"),
        ("October 22nd, 2019", "2019-10-22"),
        ("Tuesday, Oct. 22, 2019", "2019-10-22"),
        ("22. März 2019", "2019-03-22"),
        (["2019-10-22", "2020-01-01"], "2019-10-22"),
        ({"@value": "2019-10-22"}, "2019-10-22"),
        ("0001-01-01T00:00:00", ""),
        ("2999-01-01", ""),
        ("yesterday", ""),
        ("", ""),
        (None, ""),
        ("2019-02-30", ""),
    ],
)
def test_dates_are_normalised(value: object, expected: str) -> None:
    assert normalize_date(value) == expected


def test_an_empty_page_is_malformed() -> None:
    with pytest.raises(MalformedPageError, match="empty"):
        extract_metadata("   ")
    assert extract_metadata("<p>just a fragment</p>", find_date=False) == PageMetadata()


@pytest.mark.parametrize(
    ("url", "content_type", "types", "title", "kind"),
    [
        ("https://twitter.com/DeptofDefense/status/1", "text/html", [], "", SourceKind.SOCIAL),
        ("https://x.com/user/status/2", "text/html", [], "", SourceKind.SOCIAL),
        ("https://www.youtube.com/watch?v=abc", "text/html", ["VideoObject"], "", SourceKind.SOCIAL),
        ("https://old.reddit.com/r/news/comments/x", "text/html", [], "", SourceKind.SOCIAL),
        ("https://bsky.app/profile/a/post/b", "text/html", [], "", SourceKind.SOCIAL),
        ("https://mastodon.example/@user/1", "text/html", [], "", SourceKind.SOCIAL),
        ("https://www.defense.gov/News/Releases/", "text/html", [], "", SourceKind.OFFICIAL),
        ("https://www.army.mil/article/1", "text/html", ["NewsArticle"], "", SourceKind.OFFICIAL),
        ("https://www.gov.uk/government/news/x", "text/html", [], "", SourceKind.OFFICIAL),
        ("https://www.defence.gov.au/news", "text/html", [], "", SourceKind.OFFICIAL),
        ("https://www.interieur.gouv.fr/actualites", "text/html", [], "", SourceKind.OFFICIAL),
        ("https://news.un.org/en/story/1", "text/html", ["NewsArticle"], "", SourceKind.OFFICIAL),
        ("https://ec.europa.eu/commission/presscorner/detail/en/ip_1", "text/html", [], "", SourceKind.OFFICIAL),
        ("https://www.nato.int/cps/en/natohq/news.htm", "text/html", [], "", SourceKind.OFFICIAL),
        ("https://corp.example.com/press-releases/2019/q3", "text/html", ["og:article"], "", SourceKind.OFFICIAL),
        ("https://corp.example.com/news/1", "text/html", [], "Press Release: Q3 results", SourceKind.OFFICIAL),
        ("https://newsroom.example.com/2019/x", "text/html", [], "", SourceKind.OFFICIAL),
        ("https://corp.example.com/a/statement-on-iraq", "text/html", [], "", SourceKind.OFFICIAL),
        ("https://news.example.com/a/statement-on-iraq", "text/html", ["NewsArticle"], "", SourceKind.NEWS),
        ("https://www.example.org/report.pdf", "application/pdf", [], "", SourceKind.PRIMARY),
        ("https://data.example.org/x", "text/csv", [], "", SourceKind.PRIMARY),
        ("https://www.whitehouse.gov/statement.pdf", "application/pdf", [], "", SourceKind.OFFICIAL),
        ("https://news.example.com/story", "text/html", ["og:article"], "", SourceKind.NEWS),
        ("https://news.example.com/story", "text/html", ["ReportageNews"], "", SourceKind.NEWS),
        ("https://blog.example.com/post", "text/html", ["WebPage"], "", SourceKind.OTHER),
        ("https://xkcd.com/1", "image/png", [], "", SourceKind.OTHER),
    ],
)
def test_guess_kind(url: str, content_type: str, types: list[str], title: str, kind: SourceKind) -> None:
    assert guess_kind(url, content_type, PageMetadata(title=title, types=types)) is kind
