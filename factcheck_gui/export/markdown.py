"""The fact-check as Markdown (CommonMark, readable as plain text, safe to paste into a CMS).

Layout: title block, verdict summary, the claims in reading order (each quoted,
with verdict, claimant, restatement, rationale and evidence), the numbered
sources with how each was captured, and a short method note.

Every string that comes from the user or from a fetched page is cleaned
(:func:`factcheck_gui.core.invisible.clean_text`: line breaks as ``\n``, no
control characters, bidi and zero-width characters shown as ``[U+202E]``) and
escaped where it would be markup, and only there (a line starting "127.0.0.1" or
"3.5" is no list item; "a_b", "a > b", "AT&T" are left as they are), so it cannot open
a heading, a list, a rule, a table, emphasis, raw HTML or a link, even under GitHub's autolinks or markdown-it's linkify: an e-mail
address or a bare domain (``defense.gov``) has its ``@`` and dots escaped, which
renders the same but links nothing. A bare CR is a line break to a Markdown
renderer, so it is normalised before lines are escaped. URLs become
``<autolinks>`` only when they are http(s); anything else is shown as inert code
text. The article text itself is not included (``include_article_text``
is ignored): each claim is quoted in full where it is discussed.
"""

from __future__ import annotations

import re

from factcheck_gui.core.invisible import clean_text
from factcheck_gui.core.model import Article, Claim, Source, TraceSummary
from factcheck_gui.core.quotecheck import QUOTE_NOT_FOUND
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.text import quoted
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.export.common import (
    EvidenceEntry,
    EvidenceLookup,
    ExportOptions,
    as_of,
    capture_facts,
    cited_sources,
    claims_to_export,
    format_date,
    is_web_url,
    method_note,
    source_link,
    summary_head,
    trace_facts,
    verdict_label,
    verdict_summary,
)

# -- escaping -----------------------------------------------------------------------------

# What is markup wherever it stands in a line, escaped there and only there (not "127\\.0.0.1"):
# code, emphasis, links, tables, strikethrough always; a backslash only where it would escape
# what follows (or break the line at its end); "_" only where it can open or close emphasis (not
# inside a word); "<" only where it opens raw HTML or an autolink; "&" only where it starts a
# character reference. Anything else (a "#" or ">" inside a line, a path such as "C:\\Users") is left as it is.
_INLINE_MARKUP = re.compile(
    r"""\\(?=[!-/:-@\[-`{-~]|$)
    | [`*\[\]|~]
    | (?<![^\W_])_ | _(?![^\W_])
    | <(?=[A-Za-z/!?])
    | &(?=\#[0-9]{1,7};|\#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)""",
    re.VERBOSE,
)
# Constructs that only count at the start of a line: a heading ("# ", "###"), a quotation (">"),
# a list item ("- ", "+ ", "1. ", "2)" followed by a space or nothing), a rule or setext
# underline ("---", "- - -", "==="). "127.0.0.1", "-5 %" or "+3" start no list.
_LINE_START_MARKUP = re.compile(r"^(?:\#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-+\s*$|-(?=(?:\s*-){2,}\s*$)|=+\s*$)")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# GitHub-flavoured Markdown turns bare web addresses into links; break them up.
_BARE_URL = re.compile(r"(?i)\b(https?|ftp):(?=//)")
_BARE_WWW = re.compile(r"(?i)\bwww\.")
# linkify (markdown-it, many chat and CMS renderers) also links bare domains and e-mail
# addresses; GitHub links e-mail addresses. A dot between a letter or digit and two letters,
# and an @ after one, is escaped: the text reads the same and no link can form. (An IP address
# such as 127.0.0.1 is left alone: linkify does not link one unless told to.)
_DOMAIN_DOT = re.compile(r"(?<=[^\W_])\.(?=[^\W\d_]{2})")
_EMAIL_AT = re.compile(r"(?<=[^\s\\])@")
_WHITESPACE = re.compile(r"\s+")
_LINE_START_MARKERS = frozenset("#>-+=0123456789")


def _escape_line(line: str) -> str:
    # Each pattern runs only where its character is in the line: ten passes over every line
    # of thousands of claims were most of a Markdown export's time (issue 17).
    line = _INLINE_MARKUP.sub(r"\\\g<0>", clean_text(line).strip())
    if line[:1] in _LINE_START_MARKERS:
        line = _LINE_START_MARKUP.sub(r"\\\g<0>", line, count=1)
        line = _ORDERED_MARKER.sub(r"\1\\\2", line)
    if ":" in line:
        line = _BARE_URL.sub(r"\1\\:", line)
    if "." in line:
        line = _BARE_WWW.sub(lambda m: m.group(0)[:-1] + "\\.", line)
        line = _DOMAIN_DOT.sub(r"\\.", line)
    return _EMAIL_AT.sub(r"\\@", line) if "@" in line else line


def md_inline(text: str) -> str:
    """*text* as one line of literal Markdown text: white space collapsed, markup escaped."""
    return _escape_line(_WHITESPACE.sub(" ", text))


def md_paragraphs(text: str) -> list[str]:
    """*text* as escaped Markdown paragraphs; line breaks inside a paragraph are kept as hard breaks."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", clean_text(text).strip()):
        lines = [_escape_line(line) for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("\\\n".join(lines))
    return paragraphs


def md_code(text: str) -> str:
    """*text* as an inline code span: shown literally, never a link. "" for empty text."""
    text = _WHITESPACE.sub(" ", clean_text(text)).strip()
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_url(url: str) -> str:
    """An http(s) *url* as an ``<autolink>``; any other URL as inert code text."""
    if not is_web_url(url):
        return md_code(url)
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


def _blockquote(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in md_paragraphs(text) or [""]:
        if lines:
            lines.append(">")
        lines.extend(f"> {line}" for line in paragraph.split("\n"))
    return lines


# -- the document -------------------------------------------------------------------------


def export_markdown(
    article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale = DEFAULT_SCALE
) -> str:
    """The fact-check of *article* as a Markdown document (ends with a newline)."""
    claims = claims_to_export(article, options)
    sources = cited_sources(article, claims)
    blocks: list[str] = []
    blocks += _title_block(article, settings)
    blocks += _summary(article, options, scale)
    blocks.append("## Claims")
    if not claims:
        blocks.append("No claims are marked yet.")
    lookup = EvidenceLookup(article, sources)
    for number, claim in enumerate(claims, start=1):
        blocks += _claim(claim, number, lookup, scale)
    blocks += _sources(sources)
    blocks += _changes(article, claims)
    blocks.append("## Method")
    blocks.append(f"{md_inline(method_note(sources))} Status as of {md_inline(as_of(article, options))}.")
    return "\n\n".join(blocks) + "\n"


def _title_block(article: Article, settings: Settings) -> list[str]:
    meta = article.meta
    blocks = [f"# {md_inline(article.title)}"]
    if meta.subtitle.strip():
        blocks.append(f"*{md_inline(meta.subtitle)}*")
    facts = []
    if meta.publisher.strip():
        facts.append(f"- **Publisher:** {md_inline(meta.publisher)}")
    if meta.byline.strip():
        facts.append(f"- **By:** {md_inline(meta.byline)}")
    if meta.published.strip():
        facts.append(f"- **Published:** {md_inline(format_date(meta.published))}")
    if meta.url.strip():
        facts.append(f"- **Original article:** {md_url(meta.url.strip())}")
    reviewer = _reviewer(settings)
    if reviewer:
        facts.append(f"- **Fact-checked by:** {reviewer}")
    if facts:
        blocks.append("\n".join(facts))
    return blocks


def _reviewer(settings: Settings) -> str:
    parts = []
    if settings.organization_name.strip():
        organization = md_inline(settings.organization_name)
        if settings.organization_url.strip():
            organization += f" ({md_url(settings.organization_url.strip())})"
        parts.append(organization)
    if settings.reviewer_name.strip():
        parts.append(md_inline(settings.reviewer_name))
    return ", ".join(parts)


def _summary(article: Article, options: ExportOptions, scale: VerdictScale) -> list[str]:
    lines = []
    for line in verdict_summary(article, scale):
        note = " (not listed)" if line.key is None and not options.include_unjudged else ""
        lines.append(f"- {md_inline(line.label)}: {line.count}{note}")
    return ["## Summary", summary_head(article)] + (["\n".join(lines)] if lines else [])


def _claim(claim: Claim, number: int, lookup: EvidenceLookup, scale: VerdictScale) -> list[str]:
    heading = f"### Claim {number}: {md_inline(verdict_label(claim.verdict, scale))}"
    if claim.orphaned:
        heading += " (orphaned)"
    blocks = [heading, "\n".join(_blockquote(claim.exact))]
    facts = [f"- **Verdict:** {md_inline(verdict_label(claim.verdict, scale))}"]
    if claim.claimant.strip():
        facts.append(f"- **Claimant:** {md_inline(claim.claimant)}")
    if claim.restatement.strip():
        facts.append(f"- **In short:** {md_inline(claim.restatement)}")
    if claim.orphaned:
        facts.append("- **Orphaned:** this text is no longer found in the article; it is quoted as it was marked.")
    blocks.append("\n".join(facts))
    rationale = md_paragraphs(claim.rationale)
    if rationale:
        blocks.append("**Rationale:** " + rationale[0])
        blocks += rationale[1:]
    entries = lookup.entries(claim)
    if entries:
        blocks.append("**Evidence:**")
        blocks.append("\n".join(line for entry in entries for line in _evidence(entry)))
    if claim.trace is not None:
        blocks += _trace(claim.trace)
    return blocks


def _trace(summary: TraceSummary) -> list[str]:
    """The claim's trace: where it came from, how many independent origins, the chain back to the origin."""
    head, steps = trace_facts(summary)
    blocks = ["**Origin:** " + md_inline(head)]
    if summary.origin:
        blocks[0] += f" {md_url(summary.origin)}"
    if steps:
        blocks.append("**Chain, from the source cited back to the origin:**")
        blocks.append("\n".join(f"{n}. {md_inline(text)} {md_url(step.url)}"
                                 for n, (text, step) in enumerate(zip(steps, summary.chain, strict=False), start=1)))
    if summary.warnings:
        blocks.append("\n".join(f"- Warning: {md_inline(warning)}" for warning in summary.warnings))
    return blocks


def _evidence(entry: EvidenceEntry) -> list[str]:
    evidence, source = entry.evidence, entry.source
    if source is None:
        missing = md_code(evidence.source_id)
        return [f"- **{evidence.stance.label}:** a source that is missing from the article ({missing})"]
    details = [md_inline(part) for part in (source.site, format_date(source.published)) if part.strip()]
    line = f"- **{evidence.stance.label}:** {md_inline(source.display_title)}"
    if details:
        line += f" ({', '.join(details)})"
    if entry.number is not None:
        line += f", source {entry.number}"
    lines = [line]
    if source_link(source):
        lines.append(f"  - URL: {md_url(source_link(source))}")
    if source.archive_url:
        lines.append(f"  - Archived copy: {md_url(source.archive_url)}")
    if evidence.quote.strip():
        missing = f" ({QUOTE_NOT_FOUND})" if entry.quote_found is False else ""
        lines.append(f"  - Quote: {md_inline(quoted(evidence.quote))}{missing}")
    if evidence.note.strip():
        lines.append(f"  - Note: {md_inline(evidence.note)}")
    return lines


def _sources(sources: list[Source]) -> list[str]:
    if not sources:
        return []
    items = []
    for number, source in enumerate(sources, start=1):
        line = f"{number}. **{md_inline(source.display_title)}**"
        details = [md_inline(part) for part in (source.site, source.kind.label) if part.strip()]
        if source.published.strip():
            details.append(f"published {md_inline(format_date(source.published))}")
        if details:
            line += " \u2014 " + ", ".join(details)
        indent = " " * (len(str(number)) + 2)  # nested lines line up with the item's text
        lines = [line]
        if source_link(source):
            lines.append(f"{indent}- {md_url(source_link(source))}")
        if source.archive_url:
            lines.append(f"{indent}- Archived copy: {md_url(source.archive_url)}")
        facts = [
            f"{label} {md_code(value) if label == 'SHA-256' else md_inline(value)}"
            for label, value in capture_facts(source)
        ]
        if facts:
            lines.append(f"{indent}- " + "; ".join(facts))
        items.append("\n".join(lines))
    return ["## Sources", "\n".join(items)]


def _changes(article: Article, claims: list[Claim]) -> list[str]:
    """## Changes to the article: versions with times and stealth-edit flags, claims' old and new wording."""
    from factcheck_gui.export import changes

    if not changes.shown(article):
        return []
    blocks = [f"## {changes.TITLE}"]
    lines = []
    for row in changes.version_rows(article):
        line = f"- **Version {row.number}** ({md_inline(row.kind)}), {md_inline(row.when)}"
        if row.origin:
            line += f", from {md_inline(row.origin)}"
        if row.note:
            line += f": {md_inline(row.note)}"
        if row.stealth_edit:
            line += f" \u2014 **{md_inline(changes.STEALTH_NOTE)}**"
        if row.archive_url:
            line += f" (archived copy: {md_url(row.archive_url)})"
        lines.append(line)
    blocks.append("\n".join(lines))
    numbers = {claim.id: n for n, claim in enumerate(claims, start=1)}
    for claim_row in changes.claim_rows(article, numbers):
        state = "wording changed" if claim_row.state == "edited" else "no longer in the text"
        review = " The verdict is to be reviewed." if claim_row.needs_review else ""
        blocks.append(f"**{md_inline(claim_row.label)}** ({state}).{review} Before:")
        blocks.append("\n".join(_blockquote(claim_row.old)))
        if claim_row.new:
            blocks.append("Now:")
            blocks.append("\n".join(_blockquote(claim_row.new)))
    return blocks
