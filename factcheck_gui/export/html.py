"""The fact-check as one self-contained HTML file.

Inline CSS only: no script, no external style sheet, font or image, and a
Content-Security-Policy that forbids them, so the file opens the same offline,
in a mail attachment or on a phone, and prints cleanly. The one ``<script>`` is
data, not code: the ClaimReview JSON-LD of the judged claims
(``type="application/ld+json"``, which no browser runs and the CSP does not need
to allow), so search engines and tools such as extruct find the reviews in the
page itself. Every ``<`` in it is written ``\u003c``, so neither ``</script>``
nor ``<!--`` can occur inside. Links are plain
``<a href>`` with ``rel="noopener noreferrer"`` and only ever point to http(s)
URLs; any other URL (``javascript:``, ``data:``...) is shown as code text.
Every string is cleaned (:func:`factcheck_gui.core.invisible.clean_text`: no
control characters such as U+0000, bidi and zero-width characters shown as
``[U+202E]``) and escaped with ``html.escape(..., quote=True)``; text from pages
that sits inside a line (titles, sites, names, notes) is also isolated in
``<bdi>``, so right-to-left text cannot reorder what stands around it.

Content: the same as the Markdown export, plus (``include_article_text``) the
article text with each claim highlighted in its verdict's colour. Overlapping
claims are handled by cutting the text at every claim boundary, so each piece
is wrapped in one ``<mark>`` per claim covering it (nested, outermost claim
first); a numbered marker at the start of each claim links to its entry, and
the entry links back.
"""

from __future__ import annotations

import re
from html import escape
from itertools import pairwise

from factcheck_gui.core.invisible import clean_text
from factcheck_gui.core.model import Article, Claim, Source, TraceSummary
from factcheck_gui.core.quotecheck import QUOTE_NOT_FOUND
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.text import quoted
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.export.claimreview import export_claimreview
from factcheck_gui.export.common import (
    EvidenceEntry,
    EvidenceLookup,
    ExportOptions,
    TextParagraph,
    approval,
    approved_part,
    as_of,
    capture_facts,
    cited_sources,
    claim_anchor,
    claims_to_export,
    format_date,
    is_web_url,
    method_note,
    readable_on,
    source_link,
    summary_head,
    text_color_on,
    text_paragraphs,
    trace_facts,
    verdict_color,
    verdict_label,
    verdict_summary,
)

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

_CSS = """\
:root {
  color-scheme: light dark;
  --fg: #1d1d1f; --bg: #ffffff; --muted: #5f6368; --line: #d9dce0; --card: #f5f6f7; --link: #0b57d0;
  --supports: #1b5e20; --refutes: #b71c1c; --context: #455a64;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e8eaed; --bg: #151618; --muted: #a4a8ad; --line: #3b3f44; --card: #202225; --link: #8ab4f8;
    --supports: #81c784; --refutes: #ef9a9a; --context: #b0bec5;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.page { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
a { color: var(--link); }
h1 { font-size: 2rem; line-height: 1.2; margin: .25rem 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 1rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 0 0 .6rem; }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
.kicker { margin: 0; color: var(--muted); font-size: .8rem; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; }
.subtitle { margin: 0 0 1rem; color: var(--muted); font-size: 1.15rem; }
.muted { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .75rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.chip {
  display: inline-block; padding: .05rem .6rem; border-radius: 999px; font-size: .85rem; font-weight: 600;
  line-height: 1.6; white-space: nowrap; vertical-align: baseline;
}
ul.summary { list-style: none; padding: 0; margin: .5rem 0; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; }
ul.summary .count { font-weight: 600; }
.bar { display: flex; height: .5rem; border-radius: .25rem; overflow: hidden; margin: .75rem 0; background: var(--line); }
.bar span { display: block; height: 100%; }
.claim {
  margin: 1.25rem 0; padding: 1rem 1.1rem .6rem; border: 1px solid var(--line); border-left: .35rem solid var(--line);
  border-radius: .35rem; background: var(--card); break-inside: avoid;
}
.claim-number { margin-right: .4rem; }
.orphaned { color: var(--muted); font-size: .85rem; font-weight: normal; }
blockquote { margin: .6rem 0; padding: 0 0 0 .9rem; border-left: 3px solid var(--line); }
blockquote p { margin: .3rem 0; }
.claim-text { font-size: 1.05rem; font-style: italic; }
.back { font-size: .85rem; }
ul.evidence { padding-left: 1.1rem; margin: .3rem 0 .6rem; }
ul.evidence li { margin: .4rem 0; overflow-wrap: anywhere; }
.stance {
  display: inline-block; padding: 0 .4rem; border: 1px solid currentColor; border-radius: .25rem;
  font-size: .75rem; font-weight: 700; letter-spacing: .04em; text-transform: uppercase;
}
.stance-supports { color: var(--supports); }
.stance-refutes { color: var(--refutes); }
.stance-context { color: var(--context); }
.quote { font-style: italic; }
.note { margin: .2rem 0; }
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; overflow-wrap: anywhere;
}
.article-text { font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem; }
mark.claim-mark { color: inherit; background-color: transparent; border-bottom: 2px solid; padding: .1em 0; }
sup.ref { font-family: system-ui, sans-serif; font-size: .7em; font-weight: 700; }
sup.ref a { color: var(--fg); text-decoration: none; padding: 0 .1em; }
ol.sources li { margin: .6rem 0; overflow-wrap: anywhere; }
footer {
  margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem;
}
:target { outline: 2px solid var(--link); outline-offset: 2px; }
@media (max-width: 32rem) {
  .page { padding: 1.25rem .85rem 2rem; }
  h1 { font-size: 1.55rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .4rem; }
  .claim { padding: .8rem .8rem .4rem; }
}
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #444; --line: #999; --card: #fff; --link: #000; }
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  a { text-decoration: none; }
  a.titled[href^="http"]::after { content: " <" attr(href) ">"; font-size: .85em; color: var(--muted); }
  .chip, .bar span, mark.claim-mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4 { break-after: avoid; }
  :target { outline: none; }
}
"""


def e(text: str) -> str:
    """*text* cleaned (no control characters, invisible ones revealed) and escaped for HTML text and attributes."""
    return escape(clean_text(text), quote=True)


def bdi(text: str) -> str:
    """Page-derived *text* inside a line: escaped and isolated (``<bdi>``) from the text around it."""
    return f"<bdi>{e(text)}</bdi>" if text else ""


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _chip(key: str | None, scale: VerdictScale) -> str:
    color = verdict_color(key, scale)
    style = f"background-color: {color}; color: {text_color_on(color)}"
    return f'<span class="chip" style="{e(style)}">{e(verdict_label(key, scale))}</span>'


def _link(url: str, label: str | None = None) -> str:
    """A link to an http(s) *url* (labelled *label*, else the URL); other URLs as inert code text."""
    if not is_web_url(url):
        inert = f'<code class="inert-url">{bdi(url)}</code>'
        return f"{bdi(label)} {inert}" if label else inert
    css = ' class="titled"' if label else ""
    return f'<a{css} href="{e(url)}" rel="noopener noreferrer">{bdi(label) if label else e(url)}</a>'


def _text(text: str) -> str:
    """Escaped *text* with its line breaks kept."""
    return e(text).replace("\n", "<br>\n")


def _paragraphs(text: str) -> str:
    """*text* as escaped <p> elements, one per paragraph."""
    blocks = [b.strip() for b in _PARAGRAPH_BREAK.split(text.strip()) if b.strip()]
    return "".join(f"<p>{_text(block)}</p>\n" for block in blocks)


def _fact_list(facts: list[tuple[str, str]]) -> str:
    """A <dl> of (label, already escaped HTML) pairs; empty values are left out."""
    items = "".join(f"<div><dt>{e(label)}</dt><dd>{value}</dd></div>\n" for label, value in facts if value)
    return f'<dl class="facts">\n{items}</dl>\n' if items else ""


# -- the document -------------------------------------------------------------------------


def export_html(
    article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale = DEFAULT_SCALE,
    *, for_qt_print: bool = False,
) -> str:
    """The fact-check of *article* as a self-contained HTML document (ends with a newline).

    ``for_qt_print=True`` gives the same content in simpler markup that Qt's rich-text
    engine (QTextDocument, QTextBrowser) lays out well: tables instead of grid and flex
    boxes, no CSS variables, colours for paper. The window prints it to PDF and shows it
    as the preview; the HTML file is always the default variant.
    """
    article = approved_part(article, options)  # also for the PDF, which starts here
    if for_qt_print:
        return _print_document(article, options, settings, scale)
    claims = claims_to_export(article, options)
    sources = cited_sources(article, claims)
    numbers = {claim.id: n for n, claim in enumerate(claims, start=1)}
    with_text = options.include_article_text and bool(article.text)
    parts = [
        "<!DOCTYPE html>\n",
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="color-scheme" content="light dark">\n',
        '<meta name="generator" content="factcheck-gui">\n',
        f"<title>Fact-check: {e(article.title)}</title>\n",
        _claimreview_data(article, options, settings, scale),
        f"<style>\n{_CSS}</style>\n</head>\n<body>\n<div class=\"page\">\n",
        _header(article, settings),
        "<main>\n",
        _summary(article, options, scale),
        '<section id="claims" aria-labelledby="claims-title">\n<h2 id="claims-title">Claims</h2>\n',
    ]
    if not claims:
        parts.append("<p>No claims are marked yet.</p>\n")
    lookup = EvidenceLookup(article, sources)
    for claim in claims:
        parts.append(_claim(claim, numbers[claim.id], lookup, scale, with_text))
    parts.append("</section>\n")
    if with_text:
        parts.append(_article_text(article, claims, numbers, scale))
    parts.append(_sources(sources))
    parts.append(_changes(article, claims))
    parts.append("</main>\n")
    parts.append(
        f'<footer>\n<h2 id="method">Method</h2>\n<p>{e(method_note(sources))}</p>\n'
        f"<p>Status as of {e(as_of(article, options))}. Made with factcheck-gui.</p>\n</footer>\n"
    )
    parts.append("</div>\n</body>\n</html>\n")
    return "".join(parts)


def _claimreview_data(article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale) -> str:
    """The judged claims' ClaimReview JSON-LD as a data block (no ``<`` inside), or "" if no claim is judged."""
    reviews = export_claimreview(article, options, settings, scale)
    if reviews.strip() == "[]":
        return ""
    assert "<" not in reviews  # export_claimreview writes every "<" as \u003c
    return f'<script type="application/ld+json">\n{reviews}</script>\n'


def _header(article: Article, settings: Settings) -> str:
    meta = article.meta
    out = ['<header>\n<p class="kicker">Fact-check</p>\n', f"<h1>{e(article.title)}</h1>\n"]
    if meta.subtitle.strip():
        out.append(f'<p class="subtitle">{e(meta.subtitle.strip())}</p>\n')
    out.append(_fact_list(_header_facts(article, settings)))
    out.append("</header>\n")
    return "".join(out)


def _header_facts(article: Article, settings: Settings) -> list[tuple[str, str]]:
    """(label, escaped HTML) pairs about the article and who checked it; empty values included."""
    meta = article.meta
    reviewer = []
    if settings.organization_name.strip():
        organization = bdi(settings.organization_name.strip())
        if is_web_url(settings.organization_url.strip()):
            organization = _link(settings.organization_url.strip(), settings.organization_name.strip())
        reviewer.append(organization)
    if settings.reviewer_name.strip():
        reviewer.append(bdi(settings.reviewer_name.strip()))
    return [
        ("Publisher", bdi(meta.publisher.strip())),
        ("By", bdi(meta.byline.strip())),
        ("Published", bdi(format_date(meta.published))),
        ("Original article", _link(meta.url.strip()) if meta.url.strip() else ""),
        ("Fact-checked by", ", ".join(reviewer)),
    ]


def _summary(article: Article, options: ExportOptions, scale: VerdictScale) -> str:
    lines = verdict_summary(article, scale)
    total = len(article.claims)
    out = [
        '<section id="summary" aria-labelledby="summary-title">\n<h2 id="summary-title">Summary</h2>\n',
        f"<p>{e(summary_head(article))}</p>\n",
    ]
    if lines:
        bar = "".join(
            f'<span style="{e(f"width: {100 * line.count / total:.2f}%; background-color: {line.color}")}"></span>'
            for line in lines
        )
        out.append(f'<div class="bar" aria-hidden="true">{bar}</div>\n<ul class="summary">\n')
        for line in lines:
            unlisted = line.key is None and not options.include_unjudged
            note = ' <span class="muted">(not listed)</span>' if unlisted else ""
            out.append(f'<li>{_chip(line.key, scale)} <span class="count">{line.count}</span>{note}</li>\n')
        out.append("</ul>\n")
    out.append("</section>\n")
    return "".join(out)


def _claim(claim: Claim, number: int, lookup: EvidenceLookup, scale: VerdictScale, with_text: bool) -> str:
    anchor = claim_anchor(claim)
    color = verdict_color(claim.verdict, scale)
    out = [
        f'<section class="claim" id="{e(anchor)}" style="{e(f"border-left-color: {color}")}">\n',
        f'<h3><span class="claim-number">Claim {number}</span> {_chip(claim.verdict, scale)}',
    ]
    if claim.orphaned:
        out.append(' <span class="orphaned">(orphaned)</span>')
    out.append("</h3>\n")
    out.append(f'<blockquote class="claim-text">\n{_paragraphs(claim.exact)}</blockquote>\n')
    if claim.orphaned:
        out.append('<p class="muted">This text is no longer found in the article; it is quoted as it was marked.</p>\n')
    elif with_text:
        out.append(f'<p class="back"><a href="#text-{e(anchor)}">Show in the article text</a></p>\n')
    out.append(_fact_list([("Claimant", bdi(claim.claimant.strip())), ("In short", bdi(claim.restatement.strip())),
                           ("Approved by", bdi(approval(claim)))]))
    if claim.rationale.strip():
        out.append(f"<h4>Rationale</h4>\n{_paragraphs(claim.rationale)}")
    entries = lookup.entries(claim)
    if entries:
        out.append('<h4>Evidence</h4>\n<ul class="evidence">\n')
        out.extend(_evidence(entry) for entry in entries)
        out.append("</ul>\n")
    if claim.trace is not None:
        out.append(_trace(claim.trace))
    out.append("</section>\n")
    return "".join(out)


def _trace(summary: TraceSummary) -> str:
    """The claim's trace (origin, independent origins, the chain back to the origin); also in the print version."""
    head, steps = trace_facts(summary)
    out = ['<h4>Origin</h4>\n<p class="trace">', e(head)]
    if summary.origin:
        out.append(" " + _link(summary.origin, summary.origin_title or None))
    out.append("</p>\n")
    if steps:
        out.append('<p class="muted">The chain, from the source cited back to the origin:</p>\n<ol class="trace-chain">\n')
        out.extend(f"<li>{_link(step.url, text)}</li>\n" for text, step in zip(steps, summary.chain, strict=False))
        out.append("</ol>\n")
    out.extend(f'<p class="muted">Warning: {e(warning)}</p>\n' for warning in summary.warnings)
    return "".join(out)


def _evidence(entry: EvidenceEntry) -> str:
    evidence, source = entry.evidence, entry.source
    stance = f'<span class="stance stance-{e(evidence.stance.value)}">{e(evidence.stance.label)}</span>'
    if source is None:
        return f"<li>{stance} A source that is missing from the article (<code>{bdi(evidence.source_id)}</code>).</li>\n"
    url = source_link(source)
    if not url:
        title = bdi(source.display_title)
    else:
        title = _link(url, source.title) if source.title else _link(url)
    details = " \u00b7 ".join(bdi(part.strip()) for part in (source.site, format_date(source.published)) if part.strip())
    out = [f"<li>{stance} {title}"]
    if details:
        out.append(f' <span class="muted">{details}</span>')
    if entry.number is not None:
        out.append(f' <a class="source-ref" href="#source-{entry.number}">[{entry.number}]</a>')
    if evidence.quote.strip():
        out.append(f'\n<blockquote class="quote">\n{_paragraphs(evidence.quote)}</blockquote>')
        if entry.quote_found is False:
            out.append(f'\n<p class="note"><span class="muted">The quote was {QUOTE_NOT_FOUND}.</span></p>')
    if evidence.note.strip():
        out.append(f'\n<p class="note"><span class="muted">Note:</span> {bdi(evidence.note.strip())}</p>')
    if source.archive_url:
        out.append(f'\n<p class="note"><span class="muted">Archived copy:</span> {_link(source.archive_url)}</p>')
    out.append("</li>\n")
    return "".join(out)


def _article_text(article: Article, claims: list[Claim], numbers: dict[str, int], scale: VerdictScale) -> str:
    text = article.text
    language = article.meta.language.strip()
    lang = f' lang="{e(language)}"' if _LANGUAGE_TAG.fullmatch(language) else ""
    out = [
        '<section id="article-text" aria-labelledby="article-text-title">\n',
        '<h2 id="article-text-title">The article</h2>\n',
        '<p class="muted">As it was checked. Each claim is marked in its verdict\u2019s colour; '
        "its number links to the claim.</p>\n",
        f'<div class="article-text"{lang}>\n',
    ]
    tags: dict[str, tuple[str, str]] = {}  # claim id -> (its number marker, its opening mark tag)
    for paragraph in text_paragraphs(article, claims):
        for claim in paragraph.claims:
            if claim.id not in tags:
                tags[claim.id] = (_marker(claim, numbers[claim.id], scale), _mark_tag(claim, numbers[claim.id], scale))
        out.append(f"<p>{_marked_span(text, paragraph, tags, '</mark>')}</p>\n")
    out.append("</div>\n</section>\n")
    return "".join(out)


def _marked_span(text: str, paragraph: TextParagraph, tags: dict[str, tuple[str, str]], closing: str) -> str:
    """The paragraph's text as HTML, cut at every claim boundary, each piece inside one mark per covering claim.

    *tags* gives each claim's number marker and opening tag; *closing* closes that tag.
    """
    start, end, inside = paragraph.start, paragraph.end, paragraph.claims
    if not inside:
        return _text(text[start:end])
    cuts = sorted({start, end} | {p for c in inside for p in (c.start, c.end) if start < p < end})
    out: list[str] = []
    for a, b in pairwise(cuts):
        # Markers of the claims starting here go inside the marks, so no highlight shows a gap.
        covering = sorted((c for c in inside if c.start <= a and b <= c.end), key=lambda c: (c.start, -c.end))
        out.extend(tags[claim.id][1] for claim in covering)  # the outermost claim wraps the rest
        out.extend(tags[c.id][0] for c in inside if c.start == a)
        out.append(_text(text[a:b]))
        out.append(closing * len(covering))
    return "".join(out)


def _mark_tag(claim: Claim, number: int, scale: VerdictScale) -> str:
    color = verdict_color(claim.verdict, scale)
    style = f"background-color: {_rgba(color, 0.22)}; border-bottom-color: {color}"
    title = f"Claim {number}: {verdict_label(claim.verdict, scale)}"
    return f'<mark class="claim-mark" data-claim="{e(claim_anchor(claim))}" title="{e(title)}" style="{e(style)}">'


def _marker(claim: Claim, number: int, scale: VerdictScale) -> str:
    anchor = claim_anchor(claim)
    title = f"Claim {number}: {verdict_label(claim.verdict, scale)}"
    return (
        f'<sup class="ref"><a id="text-{e(anchor)}" href="#{e(anchor)}" title="{e(title)}">{number}</a></sup>'
    )


def _sources(sources: list[Source]) -> str:
    if not sources:
        return ""
    out = ['<section id="sources" aria-labelledby="sources-title">\n<h2 id="sources-title">Sources</h2>\n',
           '<ol class="sources">\n']
    for number, source in enumerate(sources, start=1):
        details = [bdi(part.strip()) for part in (source.site, source.kind.label) if part.strip()]
        if source.published.strip():
            details.append(f"published {bdi(format_date(source.published))}")
        out.append(f'<li id="source-{number}"><strong>{bdi(source.display_title)}</strong>')
        if details:
            out.append(f' <span class="muted">\u2014 {", ".join(details)}</span>')
        if source_link(source):
            out.append(f"<br>\n{_link(source_link(source))}")
        if source.archive_url:
            out.append(f'<br>\n<span class="muted">Archived copy:</span> {_link(source.archive_url)}')
        facts = [
            f'<span class="muted">{e(label)}</span> ' + (f"<code>{e(value)}</code>" if label == "SHA-256" else bdi(value))
            for label, value in capture_facts(source)
        ]
        if facts:
            out.append("<br>\n" + "; ".join(facts))
        out.append("</li>\n")
    out.append("</ol>\n</section>\n")
    return "".join(out)


# -- the print variant: markup that Qt's rich-text engine lays out well ---------------------
#
# QTextDocument knows a subset of HTML 4 and CSS 2.1: no variables, grid, flex, rounded
# corners or per-side borders. So the claim "cards" are one-row tables (a narrow cell in
# the verdict's colour, then the content), the fact lists are two-column tables, and every
# colour is a plain hex value chosen for white paper.

_PRINT_FG = "#1d1d1f"
_PRINT_MUTED = "#5f6368"
_PRINT_STANCE_COLORS = {"supports": "#1b5e20", "refutes": "#b71c1c", "context": "#455a64"}

_PRINT_CSS = f"""\
body {{ font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; font-size: 10.5pt; color: {_PRINT_FG}; }}
h1 {{ font-size: 20pt; font-weight: bold; margin-top: 2px; margin-bottom: 6px; }}
h2 {{ font-size: 14pt; font-weight: bold; margin-top: 22px; margin-bottom: 8px; }}
h3 {{ font-size: 11.5pt; font-weight: bold; margin-top: 0; margin-bottom: 6px; }}
h4 {{ font-size: 10.5pt; font-weight: bold; margin-top: 10px; margin-bottom: 2px; }}
p {{ margin-top: 4px; margin-bottom: 4px; line-height: 125%; }}
li {{ line-height: 125%; }}
a {{ color: #0b57d0; text-decoration: none; }}
code {{ font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9pt; }}
blockquote {{ margin-top: 6px; margin-bottom: 6px; margin-left: 14px; }}
.kicker {{ color: {_PRINT_MUTED}; font-size: 8.5pt; font-weight: bold; text-transform: uppercase; margin: 0; }}
.subtitle {{ color: {_PRINT_MUTED}; font-size: 12pt; margin-top: 0; margin-bottom: 8px; }}
.muted {{ color: {_PRINT_MUTED}; }}
.claim-text {{ font-style: italic; }}
.quote {{ font-style: italic; margin-left: 14px; }}
.article-text {{ font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; margin-top: 6px; margin-bottom: 6px; }}
"""


def _blend(color: str, alpha: float) -> str:
    """``#rrggbb`` *color* laid over white paper at opacity *alpha*."""
    channels = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * alpha):02x}" for c in channels)


def _print_chip(key: str | None, scale: VerdictScale) -> str:
    color = verdict_color(key, scale)
    style = f"background-color: {color}; color: {text_color_on(color)}; font-weight: bold; white-space: nowrap"
    return f'<span style="{e(style)}">&nbsp;{e(verdict_label(key, scale))}&nbsp;</span>'


def _print_facts(facts: list[tuple[str, str]]) -> str:
    """A borderless two-column table of (label, already escaped HTML); empty values are left out."""
    rows = "".join(
        f'<tr><td class="muted" style="padding-right: 12px">{e(label)}</td><td>{value}</td></tr>\n'
        for label, value in facts
        if value
    )
    return f'<table border="0" cellspacing="0" cellpadding="1">\n{rows}</table>\n' if rows else ""


def _print_document(article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale) -> str:
    claims = claims_to_export(article, options)
    sources = cited_sources(article, claims)
    numbers = {claim.id: n for n, claim in enumerate(claims, start=1)}
    with_text = options.include_article_text and bool(article.text)
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f"<title>Fact-check: {e(article.title)}</title>\n",
        f"<style>\n{_PRINT_CSS}</style>\n</head>\n<body>\n",
        _print_header(article, settings),
        _print_summary(article, options, scale),
        "<h2>Claims</h2>\n",
    ]
    if not claims:
        parts.append("<p>No claims are marked yet.</p>\n")
    lookup = EvidenceLookup(article, sources)
    for claim in claims:
        parts.append(_print_claim(claim, numbers[claim.id], lookup, scale))
    if with_text:
        parts.append(_print_article_text(article, claims, numbers, scale))
    parts.append(_print_sources(sources))
    parts.append(_changes(article, claims, for_print=True))
    parts.append(
        f'<hr>\n<h2>Method</h2>\n<p class="muted">{e(method_note(sources))}</p>\n'
        f'<p class="muted">Status as of {e(as_of(article, options))}. Made with factcheck-gui.</p>\n'
    )
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _print_header(article: Article, settings: Settings) -> str:
    meta = article.meta
    out = ['<p class="kicker">Fact-check</p>\n', f"<h1>{e(article.title)}</h1>\n"]
    if meta.subtitle.strip():
        out.append(f'<p class="subtitle">{e(meta.subtitle.strip())}</p>\n')
    out.append(_print_facts(_header_facts(article, settings)))
    return "".join(out)


def _print_summary(article: Article, options: ExportOptions, scale: VerdictScale) -> str:
    lines = verdict_summary(article, scale)
    total = len(article.claims)
    out = ["<h2>Summary</h2>\n", f"<p>{e(summary_head(article))}</p>\n"]
    if lines:
        cells = "".join(
            f'<td width="{100 * line.count / total:.2f}%" bgcolor="{e(line.color)}" style="font-size: 3pt">&nbsp;</td>'
            for line in lines
        )
        out.append(f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>\n<p>')
        chips = []
        for line in lines:
            unlisted = line.key is None and not options.include_unjudged
            note = ' <span class="muted">(not listed)</span>' if unlisted else ""
            chips.append(f"{_print_chip(line.key, scale)} <b>{line.count}</b>{note}")
        out.append(" &nbsp; &nbsp; ".join(chips))
        out.append("</p>\n")
    return "".join(out)


def _print_claim(claim: Claim, number: int, lookup: EvidenceLookup, scale: VerdictScale) -> str:
    color = verdict_color(claim.verdict, scale)
    out = [
        '<table width="100%" border="0" cellspacing="0" cellpadding="0" style="margin-top: 10px; margin-bottom: 14px">'
        f'<tr><td width="4" bgcolor="{e(color)}"></td>'
        '<td style="padding-left: 12px; padding-top: 2px; padding-bottom: 2px">\n',
        f"<h3>Claim {number} &nbsp;{_print_chip(claim.verdict, scale)}",
    ]
    if claim.orphaned:
        out.append(' <span class="muted" style="font-weight: normal">(orphaned)</span>')
    out.append("</h3>\n")
    out.append(f'<blockquote class="claim-text">\n{_paragraphs(claim.exact)}</blockquote>\n')
    if claim.orphaned:
        out.append('<p class="muted">This text is no longer found in the article; it is quoted as it was marked.</p>\n')
    out.append(_print_facts([("Claimant", bdi(claim.claimant.strip())), ("In short", bdi(claim.restatement.strip())),
                             ("Approved by", bdi(approval(claim)))]))
    if claim.rationale.strip():
        out.append(f"<h4>Rationale</h4>\n{_paragraphs(claim.rationale)}")
    entries = lookup.entries(claim)
    if entries:
        out.append("<h4>Evidence</h4>\n<ul>\n")
        out.extend(_print_evidence(entry) for entry in entries)
        out.append("</ul>\n")
    if claim.trace is not None:
        out.append(_trace(claim.trace))
    out.append("</td></tr></table>\n")
    return "".join(out)


def _print_evidence(entry: EvidenceEntry) -> str:
    evidence, source = entry.evidence, entry.source
    stance_color = _PRINT_STANCE_COLORS.get(evidence.stance.value, _PRINT_MUTED)
    stance = f'<b style="color: {stance_color}; text-transform: uppercase">{e(evidence.stance.label)}</b>'
    if source is None:
        return f"<li>{stance} A source that is missing from the article (<code>{bdi(evidence.source_id)}</code>).</li>\n"
    url = source_link(source)
    if not url:
        title = bdi(source.display_title)
    else:
        title = _link(url, source.title) if source.title else _link(url)
    details = " \u00b7 ".join(bdi(part.strip()) for part in (source.site, format_date(source.published)) if part.strip())
    out = [f'<li style="margin-bottom: 6px">{stance} {title}']
    if details:
        out.append(f' <span class="muted">{details}</span>')
    if entry.number is not None:
        out.append(f" [{entry.number}]")
    if evidence.quote.strip():
        out.append(f'\n<p class="quote">{_text(quoted(evidence.quote))}</p>')
        if entry.quote_found is False:
            out.append(f'\n<p><span class="muted">The quote was {QUOTE_NOT_FOUND}.</span></p>')
    if evidence.note.strip():
        out.append(f'\n<p><span class="muted">Note:</span> {bdi(evidence.note.strip())}</p>')
    if source.archive_url:
        out.append(f'\n<p><span class="muted">Archived copy:</span> {_link(source.archive_url)}</p>')
    out.append("</li>\n")
    return "".join(out)


def _print_article_text(article: Article, claims: list[Claim], numbers: dict[str, int], scale: VerdictScale) -> str:
    text = article.text
    out = [
        "<h2>The article</h2>\n",
        '<p class="muted">As it was checked. Each claim is marked in its verdict\u2019s colour, with its number.</p>\n',
    ]
    tags: dict[str, tuple[str, str]] = {}  # claim id -> (its number, its opening span tag)
    for paragraph in text_paragraphs(article, claims):
        for claim in paragraph.claims:
            if claim.id not in tags:
                color = verdict_color(claim.verdict, scale)
                highlight = _blend(color, 0.25)
                tags[claim.id] = (  # the number in the verdict's hue, dark enough to read (4.5:1) on the highlight
                    f'<sup><b style="color: {readable_on(color, highlight)}">{numbers[claim.id]}</b></sup>',
                    f'<span style="background-color: {highlight}">',
                )
        out.append(f'<p class="article-text">{_marked_span(text, paragraph, tags, "</span>")}</p>\n')
    return "".join(out)


def _print_sources(sources: list[Source]) -> str:
    if not sources:
        return ""
    out = ["<h2>Sources</h2>\n<ol>\n"]
    for source in sources:
        details = [bdi(part.strip()) for part in (source.site, source.kind.label) if part.strip()]
        if source.published.strip():
            details.append(f"published {bdi(format_date(source.published))}")
        out.append(f'<li style="margin-bottom: 8px"><b>{bdi(source.display_title)}</b>')
        if details:
            out.append(f' <span class="muted">\u2014 {", ".join(details)}</span>')
        if source_link(source):
            out.append(f"<br>\n{_link(source_link(source))}")
        if source.archive_url:
            out.append(f'<br>\n<span class="muted">Archived copy:</span> {_link(source.archive_url)}')
        facts = [
            f'<span class="muted">{e(label)}</span> ' + (f"<code>{e(value)}</code>" if label == "SHA-256" else bdi(value))
            for label, value in capture_facts(source)
        ]
        if facts:
            out.append("<br>\n" + "; ".join(facts))
        out.append("</li>\n")
    out.append("</ol>\n")
    return "".join(out)


def _changes(article: Article, claims: list[Claim], *, for_print: bool = False) -> str:
    """The "Changes to the article" section: versions with times and stealth-edit flags, then each
    claim whose wording changed, old and new (IFCN corrections transparency)."""
    from factcheck_gui.export import changes

    if not changes.shown(article):
        return ""
    out = ([f"<h2>{e(changes.TITLE)}</h2>\n"] if for_print else
           [f'<section id="changes" aria-labelledby="changes-title">\n<h2 id="changes-title">{e(changes.TITLE)}</h2>\n'])
    out.append('<ul class="versions">\n')
    for row in changes.version_rows(article):
        item = f"<b>Version {row.number}</b> ({e(row.kind)}), {e(row.when)}"
        if row.origin:
            item += f", from {bdi(row.origin)}"
        if row.note:
            item += f": {e(row.note)}"
        if row.stealth_edit:
            item += f' \u2014 <strong class="stealth">{e(changes.STEALTH_NOTE)}</strong>'
        if row.archive_url:
            item += f' <span class="muted">(archived copy: {_link(row.archive_url)})</span>'
        out.append(f"<li>{item}</li>\n")
    out.append("</ul>\n")
    numbers = {claim.id: n for n, claim in enumerate(claims, start=1)}
    for claim_row in changes.claim_rows(article, numbers):
        state = "wording changed" if claim_row.state == "edited" else "no longer in the text"
        review = " The verdict is to be reviewed." if claim_row.needs_review else ""
        out.append(f"<p><b>{e(claim_row.label)}</b> ({state}).{review}</p>\n")
        out.append(f"<p>Before:</p>\n<blockquote><del>{bdi(claim_row.old)}</del></blockquote>\n")
        if claim_row.new:
            out.append(f"<p>Now:</p>\n<blockquote><ins>{bdi(claim_row.new)}</ins></blockquote>\n")
    if not for_print:
        out.append("</section>\n")
    return "".join(out)
