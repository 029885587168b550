"""Importing an article from HTML: its text, paragraphs, metadata and its own links as ranges."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck_gui.net.errors import MalformedPageError
from factcheck_gui.net.extract import (
    TRAFILATURA_OPTIONS,
    extract_article,
    extract_main_text,
    extract_text_and_links,
    format_byline,
)

DATA = Path(__file__).parent / "data" / "net"
BASE = "https://news.example.com/2019/10/22/pentagon-troops-iraq/"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.fixture(scope="module")
def article():
    return extract_article((DATA / "article_graph.html").read_bytes(), BASE + "?utm_source=feed")


def test_an_article_comes_with_its_metadata(article) -> None:
    assert article.title == "Pentagon Says Troops Will Stay in Iraq"
    assert article.subtitle == "US officials say the troops leaving Syria will stay in western Iraq."
    assert article.byline == "Jane Doe and John Roe" and article.authors == ["Jane Doe", "John Roe"]
    assert article.publisher == "Example News"
    assert article.published == "2019-10-22T14:30:00-04:00"
    assert article.url == BASE  # the canonical address, without the tracking parameter
    assert article.language == "en-US"


def test_the_text_is_the_article_in_paragraphs_without_the_page_around_it(article) -> None:
    paragraphs = article.text.split("\n\n")
    assert paragraphs[1].startswith("The United States will keep the roughly one thousand troops")
    assert paragraphs[-1].endswith("the mission against the Islamic State was not over.")
    assert "Gen. Joe Dunford, the chairman of the Joint Chiefs of Staff" in article.text
    for boilerplate in ("Subscribe", "Related stories", "Privacy policy", "All rights reserved"):
        assert boilerplate not in article.text
    assert all(p == p.strip() and "\n" not in p for p in paragraphs)


def test_links_are_ranges_of_the_text_with_absolute_http_addresses(article) -> None:
    found = [(article.text[link.start : link.end], link.href) for link in article.links]
    assert found == [
        ("they had not agreed to", "https://www.example.gov/statements/iraq-response"),
        ("withdrawal from Syria", "https://news.example.com/2019/10/14/syria-withdrawal/"),
        ("state news agency", "http://wire.example.org/iraq?id=42#top"),
    ]
    # mailto: and javascript: links keep their words in the text but are not links.
    assert "send tips" in article.text and "share this story" in article.text
    assert [link.start for link in article.links] == sorted(link.start for link in article.links)


def test_the_text_is_what_plain_extraction_gives(article) -> None:
    import trafilatura

    html = (DATA / "article_graph.html").read_text(encoding="utf-8")
    plain = trafilatura.extract(html, **TRAFILATURA_OPTIONS)
    assert words(article.text) == words(plain)
    assert extract_main_text(html, BASE) == article.text


def test_white_space_around_links_is_kept() -> None:
    # trafilatura drops the space after a link when it keeps links; ours must not ("Prowas").
    first = (
        "Just months after the last <a href='/mbp'>MacBook Pro</a> was released, Apple has unveiled "
        "a new one with a <a href='/kb'>scissor keyboard</a>, which reviewers have praised at length "
        "in their first impressions, calling it the best laptop keyboard the company has made."
    )
    second = (
        "The <b>price</b> stays the same, and the <a href='/deals'>best deals</a> are already "
        "listed by several retailers, though stock is said to be limited in the first weeks."
    )
    html = f"<html><body><article><p>{first}</p><p>{second}</p></article></body></html>"
    text, links = extract_text_and_links(html, "https://example.com/review")
    assert "MacBook Pro was released" in text and "scissor keyboard, which" in text
    assert "The price stays the same, and the best deals are already" in text
    assert [text[link.start : link.end] for link in links] == ["MacBook Pro", "scissor keyboard", "best deals"]
    assert links[0].href == "https://example.com/mbp"


def test_soft_hyphens_do_not_split_words() -> None:
    html = "<html><body><article><p>" + "Der Not\u00adfall\u00addaten\u00adsatz wird gespeichert. " * 8 + "</p></article></body></html>"
    assert "Notfalldatensatz" in extract_main_text(html)


def test_a_tiny_page_falls_back_to_its_paragraphs() -> None:
    html = "<html><head><title>Note</title></head><body><p>One <a href='https://a.example/x'>short</a> line.</p><nav><a href='/'>Home</a></nav></body></html>"
    text, links = extract_text_and_links(html, "https://example.com/")
    assert text == "One short line."
    assert [(text[link.start : link.end], link.href) for link in links] == [("short", "https://a.example/x")]


def test_a_local_file_without_base_url_keeps_only_absolute_links() -> None:
    html = "<html><body><p>See <a href='report.html'>the report</a> and <a href='https://x.example/'>the site</a>.</p></body></html>"
    text, links = extract_text_and_links(html)
    assert text == "See the report and the site."
    assert [(text[link.start : link.end], link.href) for link in links] == [("the site", "https://x.example/")]


def test_a_page_without_text_is_refused_with_a_clear_message() -> None:
    html = "<html><head><title>App</title></head><body><div id='app'></div><script>start()</script></body></html>"
    with pytest.raises(MalformedPageError) as caught:
        extract_article(html, "https://app.example/")
    assert "No article text was found on this page" in str(caught.value)
    assert "paste the text instead" in str(caught.value)
    assert extract_main_text(html) == "" and extract_text_and_links(html) == ("", [])
    with pytest.raises(MalformedPageError, match="empty"):
        extract_article(b"")


@pytest.mark.parametrize("tag", ["div", "span", "blockquote", "ul><li", "section><article"])
def test_ten_thousand_nested_tags_are_survived(tag: str) -> None:
    opening = f"<{tag}>" * 10_000
    closing = "".join(f"</{t}>" for t in reversed(tag.split("><"))) * 10_000
    sentence = "The deeply nested statement still reached the reader intact. "
    html = (
        "<html><head><title>Deep</title></head><body>" + opening + "<p>" + sentence * 4 + "</p>"
        "<p><a href='/deep-link'>A deep link</a> to follow.</p>" + closing + "<p>After the nesting: the end.</p></body></html>"
    )
    article = extract_article(html, "https://deep.example/page")
    assert sentence.strip() in article.text
    assert "After the nesting: the end." in article.text
    assert article.title == "Deep"
    assert ("A deep link", "https://deep.example/deep-link") in [(article.text[link.start : link.end], link.href) for link in article.links]
    assert sentence.strip() in extract_main_text(html)


def test_bytes_in_a_legacy_charset_are_decoded_by_their_meta_tag() -> None:
    text = "La pr\u00e9fecture a confirm\u00e9 la d\u00e9cision \u00ab\u00a0sans d\u00e9lai\u00a0\u00bb. "
    html = f"<html><head><meta charset='windows-1252'><title>D\u00e9cision</title></head><body><article><p>{text * 6}</p></article></body></html>"
    article = extract_article(html.encode("cp1252"))
    assert article.title == "D\u00e9cision" and "confirm\u00e9 la d\u00e9cision" in article.text


def test_format_byline() -> None:
    assert format_byline([]) == ""
    assert format_byline(["Jason Ditz"]) == "Jason Ditz"
    assert format_byline(["A", "B"]) == "A and B"
    assert format_byline(["A", "B", "C"]) == "A, B and C"


# -- links found in the same trafilatura run as the text -------------------------------------

STORY_URL = "https://news.example.com/2019/10/22/story.html"
_SENTENCE = (
    "The minister said on Tuesday that the troops would stay in the region for months, "
    "according to officials who spoke on condition of anonymity about the plans. "
)


def story_page(name: str = "Ann Lee", menu_links: int = 700) -> str:
    """A news page with hundreds of menu links before the article and five kinds of link in it."""
    menu = "".join(f"<li><a href='/section/{n}'>Section {n}</a></li>" for n in range(menu_links))
    return f"""<html><head><title>Troops stay</title></head><body><nav><ul>{menu}</ul></nav>
<article><h1>Troops stay</h1>
<p>{_SENTENCE * 2} The <a href='https://www.example.gov/statement'>statement</a> came a day later.<sup><a href='#fn1'>1</a></sup></p>
<p>{_SENTENCE} The <a href='report.html'><em>full</em> report</a> is online, and <a href="https://a.example/x">{name} said so</a> too.</p>
<p>{_SENTENCE} A footnote <a href='https://src.example/one'>1</a> follows.</p>
<a href='https://shop.example/deal'><img src='coupon.jpg' alt=''></a><strong>Clip the coupon on the product page before it runs out today.</strong>
<p>{_SENTENCE * 2}</p></article><footer><a href='/privacy'>Privacy</a></footer></body></html>"""


def test_each_link_of_the_article_keeps_its_own_address_among_hundreds_of_menu_links() -> None:
    text, links = extract_text_and_links(story_page(), STORY_URL)
    assert "Section 1" not in text and "Privacy" not in text
    assert [(text[link.start : link.end], link.href) for link in links] == [
        ("statement", "https://www.example.gov/statement"),
        # relative to the page's own folder, as a browser reads it
        ("full report", "https://news.example.com/2019/10/22/report.html"),
        ("Ann Lee said so", "https://a.example/x"),
        ("1", "https://src.example/one"),  # a one-letter label; the "#fn1" footnote is no web link
    ]
    # A link around an image lends its address to no words (the caption after it is not a link).
    assert "Clip the coupon on the product page" in text


def test_the_text_has_the_same_words_as_without_links() -> None:
    import trafilatura

    page = story_page()
    text, _ = extract_text_and_links(page, STORY_URL)
    assert words(text) == words(trafilatura.extract(page, url=STORY_URL, **TRAFILATURA_OPTIONS))


@pytest.mark.parametrize("name", ["\U00020000 Lee", "\U00020000 Lee \U00017000"])
def test_a_page_written_with_rare_ideographs_keeps_them_and_its_links(name: str) -> None:
    # The links are marked with rare ideographs; a page that uses them is read another way.
    text, links = extract_text_and_links(story_page(name), STORY_URL)
    assert f"and {name} said so too." in text
    found = [(text[link.start : link.end], link.href) for link in links]
    assert ("statement", "https://www.example.gov/statement") in found
    assert (f"{name} said so", "https://a.example/x") in found


def test_one_parsed_page_serves_metadata_and_text_and_is_left_as_it_was() -> None:
    import lxml.etree

    from factcheck_gui.net.html import read_html

    page = story_page()
    _, tree = read_html(page)
    before = lxml.etree.tostring(tree)
    assert extract_text_and_links(tree, STORY_URL) == extract_text_and_links(page, STORY_URL)
    assert lxml.etree.tostring(tree) == before
    assert extract_main_text(tree, STORY_URL) == extract_text_and_links(page, STORY_URL)[0]


def test_a_link_label_split_by_markup_is_one_range() -> None:
    html = (
        "<html><body><article><p>" + _SENTENCE * 3 + "Read <a href='https://x.example/r'><b>the</b> <i>whole</i>"
        " <span>report</span></a> here.</p><p>" + _SENTENCE * 3 + "</p></article></body></html>"
    )
    text, links = extract_text_and_links(html, STORY_URL)
    assert [(text[link.start : link.end], link.href) for link in links] == [("the whole report", "https://x.example/r")]
