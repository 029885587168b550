"""The claims and their evidence as CSV, one row per (claim, evidence) pair.

A claim without evidence gets one row with the evidence columns empty. Claims
come in reading order (orphaned ones last), evidence in pinning order.

Columns, in this order (stable: scripts may rely on them):

========================  ===============================================================
article_id                the article's id
article_title             its headline
article_url               its web address
claim_id                  the claim's id
claim_start, claim_end    the claim's offsets in the article text (code points)
claim_text                the exact text of the claim
verdict                   the verdict key ("false", "misleading"...), empty while unjudged
verdict_label             the verdict as shown ("False", "Misleading"...)
claimant                  who made the claim
restatement               the claim in short
rationale                 why the verdict
orphaned                  "true" if the claim's text is no longer in the article, else "false"
source_id                 the pinned source's id
source_url                the URL asked for
source_final_url          the URL after redirects
source_title              the source's title
source_site               the site or publication
source_published          the source's publication date, as the page gave it
source_kind               official, news, primary, social or other
stance                    supports, refutes or context
quote                     the quote from the source that matters
quote_on_page             "false" if the quote was not found in the text captured from the source, "true"
                          if it was, empty without a quote or where the source has no text
note                      the fact-checker's note on this evidence
source_sha256             SHA-256 of the fetched body (names the snapshot)
source_fetched_at         when it was fetched (UTC, ISO 8601)
archive_url               an archived copy
anchor                    exact, edited (its sentence changed in a later version of the text) or orphaned
previous_text             an edited claim's wording before the change; empty otherwise
needs_review              "true" if the verdict was given to wording that has changed since
========================  ===============================================================

Encoding: the text is returned as ``str``; write it as UTF-8 without a byte-order
mark. A BOM helps old Excel versions guess UTF-8 but breaks the header of many
other readers (the first column name would start with U+FEFF); spreadsheet users
can pick UTF-8 on import. Rows end with CRLF (RFC 4180); fields are quoted only
when needed.

Every cell is cleaned first (:func:`factcheck_gui.core.invisible.clean_text`):
line breaks become ``\n``, control characters other than tab and line feed are
dropped, bidi controls and zero-width characters are shown as ``[U+202E]``...
Then a cell that a spreadsheet could run as a formula gets a leading apostrophe
(OWASP, "CSV injection"): one that starts with a tab or a carriage return, and one
whose first character after any leading white space (NBSP and line feeds
included) or control or format character is ``=``, ``+``, ``-`` or ``@``, or a
full-width or small form of them (``＝ ＋ － ＠``, ``﹦``...), which LibreOffice
also reads as a formula.
"""

from __future__ import annotations

import csv
import io
import unicodedata

from factcheck_gui.core.invisible import clean_text
from factcheck_gui.core.model import Article, Claim
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.export.common import EvidenceEntry, EvidenceLookup, ExportOptions, claims_to_export

COLUMNS: tuple[str, ...] = (
    "article_id", "article_title", "article_url",
    "claim_id", "claim_start", "claim_end", "claim_text", "verdict", "verdict_label",
    "claimant", "restatement", "rationale", "orphaned",
    "source_id", "source_url", "source_final_url", "source_title", "source_site", "source_published",
    "source_kind", "stance", "quote", "quote_on_page", "note", "source_sha256", "source_fetched_at", "archive_url",
    "anchor", "previous_text", "needs_review",
)  # fmt: skip

_FORMULA_SIGNS = frozenset("=+-@\u2212")


def _is_padding(char: str) -> bool:
    """White space, a control character or an invisible format character (zero-width, bidi)."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def looks_like_formula(value: str) -> bool:
    """True if a spreadsheet could read *value* as a formula (see the module docstring)."""
    if value.startswith(("\t", "\r")):
        return True
    for char in value:
        if not _is_padding(char):
            return unicodedata.normalize("NFKC", char)[:1] in _FORMULA_SIGNS
    return False


def neutralize_formula(value: str) -> str:
    """*value* with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + value if looks_like_formula(value) else value


def csv_cell(value: str) -> str:
    """*value* as the CSV export writes it: cleaned, then neutralised."""
    return neutralize_formula(clean_text(value))


def export_csv(
    article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale = DEFAULT_SCALE
) -> str:
    """The claims of *article* and their evidence as CSV text with a header row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    lookup = EvidenceLookup(article, [])
    for claim in claims_to_export(article, options):
        entries: list[EvidenceEntry | None] = list(lookup.entries(claim))
        for entry in entries or [None]:
            row = {**_claim_cells(article, claim, scale), **_evidence_cells(entry)}
            writer.writerow(csv_cell(row[column]) for column in COLUMNS)
    return buffer.getvalue()


def _claim_cells(article: Article, claim: Claim, scale: VerdictScale) -> dict[str, str]:
    verdict = scale.get(claim.verdict)
    return {
        "article_id": article.id,
        "article_title": article.meta.title,
        "article_url": article.meta.url,
        "claim_id": claim.id,
        "claim_start": str(claim.start),
        "claim_end": str(claim.end),
        "claim_text": claim.exact,
        "verdict": claim.verdict or "",
        "verdict_label": verdict.label if verdict is not None else "",
        "claimant": claim.claimant,
        "restatement": claim.restatement,
        "rationale": claim.rationale,
        "anchor": claim.anchor,
        "previous_text": claim.previous_exact,
        "needs_review": "true" if claim.needs_review else "false",
        "orphaned": "true" if claim.orphaned else "false",
    }


def _evidence_cells(entry: EvidenceEntry | None) -> dict[str, str]:
    if entry is None:
        return {column: "" for column in COLUMNS[COLUMNS.index("source_id") : COLUMNS.index("archive_url") + 1]}
    source, evidence = entry.source, entry.evidence
    cells = {
        "source_id": evidence.source_id,
        "stance": evidence.stance.value,
        "quote": evidence.quote,
        "quote_on_page": "" if entry.quote_found is None else "true" if entry.quote_found else "false",
        "note": evidence.note,
    }
    if source is None:  # pinned source missing from the article: keep the pin, leave its details empty
        source_cells = dict.fromkeys(
            ("source_url", "source_final_url", "source_title", "source_site", "source_published", "source_kind",
             "source_sha256", "source_fetched_at", "archive_url"),
            "",
        )
    else:
        source_cells = {
            "source_url": source.url,
            "source_final_url": source.final_url,
            "source_title": source.title,
            "source_site": source.site,
            "source_published": source.published,
            "source_kind": source.kind.value,
            "source_sha256": source.sha256,
            "source_fetched_at": source.fetched_at,
            "archive_url": source.archive_url,
        }
    return {**cells, **source_cells}
