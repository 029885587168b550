"""A small web around the sample's Dunford claim, for the trace tests (served by pytest-httpserver).

The pinned report cites a wire story, which quotes the Pentagon's statement; a paper
republished the wire story word for word under another title; a blog post the report
links to says nothing of the claim.
"""

from __future__ import annotations

import html

PARAGRAPHS = {
    "filler1": "Defense officials met their Iraqi counterparts in Baghdad for two days of talks on the campaign.",
    "filler2": "The coalition has carried out thousands of air strikes against the Islamic State since last year.",
    "filler3": "Lawmakers in Washington asked the Pentagon for a full account of the costs of the mission.",
    "filler4": "Russia began its own air campaign in Syria at the end of September, to the alarm of the allies.",
}

STATEMENT_TEXT = ("Gen. Joe Dunford told reporters that the government in Baghdad doesn\u2019t want Russia\u2019s help "
                  "in the campaign against the Islamic State, and that no request had been made.")
WIRE_TEXT = ("The chairman of the Joint Chiefs said the Iraqi government \u201cdoesn\u2019t want Russia\u2019s help\u201d "
             "in the war, after two days of meetings in Baghdad with its leaders.")
REPORT_TEXT = ("As the wire reported, Gen. Joe Dunford claimed Iraq \u201cdoesn\u2019t want Russia\u2019s help\u201d "
               "in the ongoing ISIS war, a claim that soon looked like a threat.")

#: path -> (title, site, published, paragraphs, links as paths, links near the claim's passage as paths)
PAGES: dict[str, tuple[str, str, str, list[str], list[str]]] = {
    "/dod/statement": ("Chairman's remarks to reporters in Baghdad", "Department of Defense", "2015-10-20",
                       [PARAGRAPHS["filler1"], STATEMENT_TEXT, PARAGRAPHS["filler3"]], []),
    "/wire/dunford": ("Dunford: Iraq does not want Russia's help", "Example Wire", "2015-10-21",
                      [PARAGRAPHS["filler2"], WIRE_TEXT, PARAGRAPHS["filler4"], PARAGRAPHS["filler1"]],
                      ["/dod/statement"]),
    "/paper/dunford-copy": ("What we know about Iraq and Russia", "Daily Paper", "2015-10-22",
                            ["Subscribe to the Daily Paper today.", PARAGRAPHS["filler2"], WIRE_TEXT,
                             PARAGRAPHS["filler4"], PARAGRAPHS["filler1"], "Related stories: more news from Iraq."],
                            ["/dod/statement"]),
    "/blog/other": ("A blog post on oil prices", "Oil Blog", "2015-10-19",
                    [PARAGRAPHS["filler3"], "Oil prices rose slightly after the weekend, traders said."], []),
    "/news/report": ("US tells Iraq to choose", "Example News", "2015-10-23",
                     [PARAGRAPHS["filler3"], REPORT_TEXT, PARAGRAPHS["filler2"]],
                     ["/wire/dunford", "/paper/dunford-copy", "/blog/other"]),
}
REPORT, WIRE, COPY, STATEMENT, BLOG = "/news/report", "/wire/dunford", "/paper/dunford-copy", "/dod/statement", "/blog/other"


def page_html(path: str, base: str, pages: dict | None = None) -> str:
    """The page at *path* as a news site serves it; links are absolute addresses on *base*."""
    title, site, published, paragraphs, links = (pages or PAGES)[path]
    e = html.escape
    meta = f'<meta property="article:published_time" content="{published}T09:00:00Z">' if published else ""
    body = "".join(f"<p>{e(p)}</p>" for p in paragraphs)
    cited = "".join(f'<p>Source: <a href="{e(base + link)}">{e(link)}</a></p>' for link in links)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{e(title)}</title>{meta}"
            f'<meta property="og:site_name" content="{e(site)}"></head>'
            f"<body><article><h1>{e(title)}</h1>{body}{cited}</article></body></html>")


def serve(httpserver, pages: dict | None = None) -> str:
    """Serve every page of *pages* (default: the Dunford web); returns the base address."""
    base = httpserver.url_for("").rstrip("/")
    for path in pages or PAGES:
        httpserver.expect_request(path).respond_with_data(page_html(path, base, pages),
                                                          content_type="text/html; charset=utf-8")
    return base
