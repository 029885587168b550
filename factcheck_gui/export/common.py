"""What the export formats share: options, verdict look-ups, claim order, evidence, dates, URLs.

Every exporter is a pure function ``(article, options, settings, scale) -> str``:
no Qt, no files, no clock. Each format escapes the plain strings built here in
its own way; nothing in this module escapes anything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from factcheck_gui.core.authors import author_name
from factcheck_gui.core.dates import parse_timestamp
from factcheck_gui.core.model import Article, Claim, Evidence, ReviewStatus, Source, TraceSummary
from factcheck_gui.core.quotecheck import quote_on_page
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.text import is_web_url  # noqa: F401 - re-exported for the exports; the rule lives in core
from factcheck_gui.core.verdicts import UNJUDGED_COLOR, VerdictScale, verdict_label


@dataclass(frozen=True)
class ExportOptions:
    """What goes into an export. The defaults give the complete fact-check.

    - ``include_unjudged``: list claims that have no verdict yet (the summary
      always counts them). ClaimReview never contains them: a review needs a rating.
    - ``include_article_text``: the HTML export shows the article text with the
      claims highlighted. Markdown ignores it: its claims are quoted in full, and
      a summary meant for pasting into a CMS should not republish the whole article.
    - ``generated_at``: the "as of" time printed in Markdown and HTML. None uses
      ``article.updated``, never the clock, so exporting twice gives the same bytes.
    - ``approved_only``: list only the claims a reviewer approved (review status
      ``approved``); the summary counts only them too.
    """

    include_unjudged: bool = True
    include_article_text: bool = True
    generated_at: str | None = None
    approved_only: bool = False


# The signature every exporter has.
Exporter = Callable[[Article, ExportOptions, Settings, VerdictScale], str]


# -- URLs ---------------------------------------------------------------------------------


def source_link(source: Source) -> str:
    """The address a reader should follow for *source*: where the fetch ended, else what was asked."""
    return source.final_url or source.url


# -- verdicts -----------------------------------------------------------------------------

_HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def verdict_color(key: str | None, scale: VerdictScale) -> str:
    """The verdict's ``#rrggbb`` colour; the unjudged grey for None, unknown keys or a malformed colour."""
    verdict = scale.get(key)
    if verdict is None or not _HEX_COLOR.fullmatch(verdict.color):
        return UNJUDGED_COLOR
    return verdict.color.lower()


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour (0 black .. 1 white)."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, 1 to 21 (4.5 is the minimum for text)."""
    light, dark = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_color_on(background: str) -> str:
    """Black or white, whichever reads better on the ``#rrggbb`` *background* (WCAG contrast)."""
    if not _HEX_COLOR.fullmatch(background):
        return "#000000"
    luminance = relative_luminance(background)
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def readable_on(color: str, background: str, minimum: float = 4.5) -> str:
    """*color* darkened just enough to reach *minimum* contrast on *background* (both ``#rrggbb``).

    Keeps the verdict's hue for a number drawn in its colour on its own light highlight.
    """
    channels = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    for step in range(21):
        shade = "#" + "".join(f"{round(c * (1 - step / 20)):02x}" for c in channels)
        if contrast_ratio(shade, background) >= minimum:
            return shade
    return "#000000"


@dataclass(frozen=True)
class SummaryLine:
    """One line of the verdict summary: a verdict (key None: unjudged) and how many claims have it."""

    key: str | None
    label: str
    color: str
    count: int


def summary_head(article: Article) -> str:
    """The summary's first sentence: "3 claims marked, 2 judged." and, when some claims are orphaned
    (their text is no longer in the article), how many, so they are not taken for claims of this text:
    "3 claims marked, 2 judged; 1 of them orphaned (its text is no longer in the article)." """
    total = len(article.claims)
    judged = sum(1 for c in article.claims if c.verdict is not None)
    orphaned = sum(1 for c in article.claims if c.orphaned)
    head = f"{total} {'claim' if total == 1 else 'claims'} marked, {judged} judged"
    if orphaned:
        whose = "its text is" if orphaned == 1 else "their text is"
        head += f"; {orphaned} of them orphaned ({whose} no longer in the article, listed last)"
    return head + "."


def verdict_summary(article: Article, scale: VerdictScale) -> list[SummaryLine]:
    """Counts over all the article's claims: verdicts in scale order, unknown keys, then unjudged."""
    counts = article.verdict_counts()
    known = [v.key for v in scale.verdicts]
    keys: list[str | None] = [k for k in known if counts.get(k)]
    keys += sorted(k for k in counts if k is not None and k not in known)
    if counts.get(None):
        keys.append(None)
    return [SummaryLine(k, verdict_label(k, scale), verdict_color(k, scale), counts[k]) for k in keys]


# -- claims and their evidence ------------------------------------------------------------


def claims_to_export(article: Article, options: ExportOptions) -> list[Claim]:
    """The claims an export lists, in reading order (orphaned claims last)."""
    claims = article.claims_in_reading_order()
    if not options.include_unjudged:
        claims = [c for c in claims if c.verdict is not None]
    if options.approved_only:
        claims = [c for c in claims if c.status is ReviewStatus.APPROVED]
    return claims


def approved_part(article: Article, options: ExportOptions) -> Article:
    """*article* itself, or with ``approved_only`` a copy holding only its approved claims (so the
    summary, the highlighted text and every format leave the others out)."""
    if not options.approved_only:
        return article
    return dataclasses.replace(article, claims=[c for c in article.claims if c.status is ReviewStatus.APPROVED])


def approval(claim: Claim) -> str:
    """Who approved the claim and when ("Ana Ruiz, 2026-12-04"), or "" when it is not approved."""
    if claim.status is not ReviewStatus.APPROVED:
        return ""
    who = author_name(claim.status_by) or "a reviewer"
    when = format_date(claim.status_at)
    return f"{who}, {when}" if when else who


_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]")


def claim_anchor(claim: Claim) -> str:
    """The fragment id of a claim's entry (``claim-<id>``), safe in HTML ids and URL fragments.

    Ids the app makes are kept as they are; any other id is cleaned and given a
    short hash, so two odd ids cannot end up with the same anchor.
    """
    safe = _UNSAFE_ID_CHARS.sub("-", claim.id)
    if safe != claim.id or not safe:
        safe = f"{safe}-{hashlib.sha256(claim.id.encode('utf-8')).hexdigest()[:8]}"
    return f"claim-{safe}"


def cited_sources(article: Article, claims: list[Claim]) -> list[Source]:
    """The sources pinned by *claims*, in order of first citation: the numbered sources list."""
    by_id = {source.id: source for source in article.sources}
    cited: list[Source] = []
    seen: set[str] = set()
    for claim in claims:
        for evidence in claim.evidence:
            source = by_id.get(evidence.source_id)
            if source is not None and source.id not in seen:
                seen.add(source.id)
                cited.append(source)
    return cited


# -- the article text ---------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class TextParagraph:
    """A paragraph of the article text, ``text[start:end]``, and the claims that share text with it."""

    start: int
    end: int
    claims: list[Claim]


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


def text_paragraphs(article: Article, claims: list[Claim]) -> list[TextParagraph]:
    """The paragraphs of the article text, each with those of *claims* (anchored, in the text) it shares text with.

    Claims keep the order they are given in. The headline and subheadline that a text
    imported from a file starts with are left out, as every export shows them above as
    the title, unless a claim is marked in them.
    """
    text = article.text
    marked = [c for c in claims if not c.orphaned and 0 <= c.start < c.end <= len(text)]
    waiting = sorted(range(len(marked)), key=lambda i: marked[i].start)  # indexes, by where the claim starts
    paragraphs: list[TextParagraph] = []
    active: list[int] = []  # claims started before the paragraph's end, as indexes into *marked*
    next_waiting = 0
    position = 0
    for separator in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = separator.start() if separator else len(text)
        if end > position:
            while next_waiting < len(waiting) and marked[waiting[next_waiting]].start < end:
                active.append(waiting[next_waiting])
                next_waiting += 1
            active = sorted(i for i in active if marked[i].end > position)
            paragraphs.append(TextParagraph(position, end, [marked[i] for i in active]))
        if separator:
            position = separator.end()
    return _without_leading_title(article, paragraphs)


def _without_leading_title(article: Article, paragraphs: list[TextParagraph]) -> list[TextParagraph]:
    """*paragraphs* without a first one that is the headline and a second that is the subheadline (claim-free)."""
    leading = 0
    for heading in (article.meta.title, article.meta.subtitle):
        if leading >= len(paragraphs) or not heading.strip():
            break
        paragraph = paragraphs[leading]
        if not _same_words(article.text[paragraph.start : paragraph.end], heading):
            break
        leading += 1
    if leading == len(paragraphs):
        return paragraphs  # a text that is only its headline is still shown
    kept = [p for p in paragraphs[:leading] if p.claims]
    return kept + paragraphs[leading:]


@dataclass(frozen=True)
class EvidenceEntry:
    """A claim's evidence with its source resolved; ``source`` is None if the article lacks it."""

    evidence: Evidence
    source: Source | None
    number: int | None  # position of the source in the numbered sources list (1-based)
    quote_found: bool | None = None  # is the quote in the source's text (core.quotecheck.quote_on_page); None: unchecked


class EvidenceLookup:
    """Sources by id and their numbers in the sources list, built once for a whole export.

    Resolving every claim's evidence through one lookup keeps an export linear in the
    claims and sources (a lookup built per claim made it claims x sources).
    """

    def __init__(self, article: Article, sources: list[Source]) -> None:
        self._numbers = {source.id: n for n, source in enumerate(sources, start=1)}
        self._by_id = {source.id: source for source in article.sources}

    def entries(self, claim: Claim) -> list[EvidenceEntry]:
        """The claim's evidence in pinning order, each with its source and source-list number."""
        entries = []
        for evidence in claim.evidence:
            source = self._by_id.get(evidence.source_id)
            entries.append(EvidenceEntry(evidence, source, self._numbers.get(evidence.source_id),
                                         quote_on_page(evidence.quote, source) if evidence.quote else None))
        return entries


def evidence_entries(article: Article, claim: Claim, sources: list[Source]) -> list[EvidenceEntry]:
    """The claim's evidence in pinning order, each with its source and source-list number.

    For one claim; an export of many claims resolves them through one :class:`EvidenceLookup`.
    """
    return EvidenceLookup(article, sources).entries(claim)


# -- dates --------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _as_utc(moment: datetime) -> datetime:
    """*moment* in UTC; a time without a zone is taken to be UTC already (as the app writes them)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def date_part(value: str) -> str:
    """``YYYY-MM-DD`` from an ISO date or date-time (the date as written), or "" if it is not ISO."""
    value = value.strip()
    return value[:10] if _ISO_DATE.match(value) and parse_timestamp(value[:10]) else ""


def format_date(value: str) -> str:
    """A date for people: ``YYYY-MM-DD`` for ISO input, anything else as the page gave it."""
    return date_part(value) or value.strip()


def format_timestamp(value: str) -> str:
    """A time for people: ``YYYY-MM-DD HH:MM UTC`` for an ISO date-time, else :func:`format_date`."""
    parsed = parse_timestamp(value) if "T" in value or " " in value.strip() else None
    if parsed is None:
        return format_date(value)
    return _as_utc(parsed).strftime("%Y-%m-%d %H:%M UTC")


def as_of(article: Article, options: ExportOptions) -> str:
    """The "as of" time of an export: the option if given, else when the article last changed."""
    return format_timestamp(options.generated_at if options.generated_at is not None else article.updated)


# -- the facts about how sources were captured -------------------------------------------


def capture_facts(source: Source) -> list[tuple[str, str]]:
    """(label, value) pairs telling how a source was captured, in a fixed order, empty ones left out."""
    facts = []
    if source.fetched_at:
        facts.append(("Fetched", format_timestamp(source.fetched_at)))
    if source.status is not None:
        facts.append(("HTTP status", str(source.status)))
    if source.sha256:
        facts.append(("SHA-256", source.sha256))
    if source.error:
        facts.append(("Fetch failed", source.error))
    return facts


def method_note(sources: list[Source]) -> str:
    """One plain sentence or two on how the listed sources were captured."""
    if not sources:
        return "No sources are pinned to the listed claims yet."
    times = sorted(
        (_as_utc(parsed), s.fetched_at)
        for s in sources
        if s.fetched_at and (parsed := parse_timestamp(s.fetched_at)) is not None
    )
    if not times:
        when = ""
    elif times[0][0] == times[-1][0]:
        when = f" on {format_timestamp(times[0][1])}"
    else:
        when = f" between {format_timestamp(times[0][1])} and {format_timestamp(times[-1][1])}"
    return (
        f"Sources were fetched over HTTP(S) with factcheck-gui{when}. Each is listed with the HTTP status "
        "it returned and the SHA-256 of the body as received, which names the snapshot kept of it, "
        "so the copy that was read can be checked later."
    )


def trace_facts(summary: TraceSummary) -> tuple[str, list[str]]:
    """A claim's trace in words: one sentence on origin and independent origins, and the chain's steps.

    Each step reads "Title (site, date)"; the caller links it to ``summary.chain[i].url``.
    """
    count = summary.independent_origins
    origins = f"{count} independent {'origin' if count == 1 else 'origins'}"
    if summary.origin:
        date = date_part(summary.origin_published)
        dated = f"published {date} ({summary.origin_date_evidence})" if date and summary.origin_date_evidence \
            else (f"published {date}" if date else "no date found")
        head = f"Traced to its likely origin, {dated}; {origins}; {summary.pages} pages read."
    else:
        head = f"Traced over {summary.pages} pages: none carries the claim, so no origin was found."
    steps = []
    for step in summary.chain:
        details = ", ".join(part for part in (step.site, date_part(step.published)) if part)
        steps.append(f"{step.title or step.url}" + (f" ({details})" if details else ""))
    return head, steps
