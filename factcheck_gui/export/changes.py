"""The "Changes to the article" section of every export (IFCN corrections transparency), as plain data.

The versions of the text with their times and stealth-edit flags, and each claim whose wording
changed with the last version: its old and new wording. The formats render these rows
(``markdown._changes``, ``html._changes`` and ``html._print_changes``).
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck_gui.core.model import Article
from factcheck_gui.core.text import is_web_url
from factcheck_gui.core.versions import changed_claims, has_changes
from factcheck_gui.export.common import format_timestamp

TITLE = "Changes to the article"
STEALTH_NOTE = "possible stealth edit: the wording changed with no correction or update notice"


@dataclass(frozen=True)
class VersionRow:
    number: int
    kind: str  # "First capture", "Correction", "Re-fetch"
    when: str  # YYYY-MM-DD HH:MM UTC
    note: str
    origin: str  # the web address the version was fetched from, else ""
    stealth_edit: bool
    archive_url: str = ""  # the Internet Archive's copy of the page as this version was fetched


@dataclass(frozen=True)
class ClaimRow:
    label: str  # "Claim 2" when the claim is exported, else its id
    state: str  # "edited" or "orphaned"
    old: str
    new: str  # "" for an orphan
    needs_review: bool
    reason: str


def version_rows(article: Article) -> list[VersionRow]:
    # Where a version came from is published only when it is a web page: a correction's origin is the
    # window or a file on the checker's computer ("from window", "from /home/ana/fixed.txt").
    return [VersionRow(n, v.kind.label, format_timestamp(v.created), v.note, v.origin if is_web_url(v.origin) else "",
                       v.stealth_edit, v.archive_url)
            for n, v in enumerate(article.versions, start=1)]


def claim_rows(article: Article, numbers: dict[str, int]) -> list[ClaimRow]:
    rows = []
    for change in changed_claims(article):
        claim = change.claim
        label = f"Claim {numbers[claim.id]}" if claim.id in numbers else f"Claim {claim.id}"
        rows.append(ClaimRow(label, change.state, change.old, change.new, claim.needs_review, claim.anchor_reason))
    return rows


def shown(article: Article) -> bool:
    """True when the export has a changes section: the text has more than one version, or claims moved."""
    return has_changes(article)
