"""The versions of an article's text: what a re-fetch found, what changed between two versions.

Pure functions over texts and the model; :mod:`core.editing` makes the changes
(:func:`~factcheck_gui.core.editing.replace_text`) and the store keeps the older texts.
The word-level alignment and the placing of claims are :mod:`core.reanchoring`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from factcheck_gui.core.model import Article, Claim, QuoteSelector, TextVersion, VersionKind
from factcheck_gui.core.reanchoring import (
    EXACT,
    ORPHANED,
    Placement,
    TextDiff,
    correction_notices,
    same_wording,
    word_diff,
)

NO_CHANGE_IN_WORDING = "no change in wording"


@dataclass(frozen=True)
class RefetchAssessment:
    """What a re-fetched text is, compared with the last fetched version of the page."""

    changed: bool  # False: only typography (or nothing) changed: no new version
    stealth_edit: bool  # the wording changed and the new text adds no correction or update notice
    notices: list[str] = field(default_factory=list)  # correction or update notices new in the text

    @property
    def summary(self) -> str:
        if not self.changed:
            return NO_CHANGE_IN_WORDING
        if self.stealth_edit:
            return "the wording changed with no correction or update notice: a possible stealth edit"
        return "the wording changed; the page says so (" + "; ".join(self.notices) + ")"


def assess_refetch(previous_page_text: str, new_text: str) -> RefetchAssessment:
    """Compare a re-fetched text with the page's previous text (the last capture or re-fetch)."""
    if same_wording(previous_page_text, new_text):
        return RefetchAssessment(False, False)
    before = correction_notices(previous_page_text)
    after = correction_notices(new_text)
    new_notices = list(after)
    for notice in before:
        if notice in new_notices:
            new_notices.remove(notice)
    return RefetchAssessment(True, len(after) <= len(before), new_notices)


def last_fetched_version(article: Article) -> int:
    """Index in ``article.versions`` of the last version that came from the page (capture or re-fetch)."""
    for index in range(len(article.versions) - 1, -1, -1):
        if article.versions[index].kind != VersionKind.CORRECTION:
            return index
    return 0


def version_index(article: Article, number: int) -> int:
    """The index of version *number* (1 is the first); negative numbers count from the last."""
    count = len(article.versions)
    index = number - 1 if number > 0 else count + number
    if not 0 <= index < count:
        from factcheck_gui.core.errors import NotFoundError

        raise NotFoundError(f"The article has {count} version{'s' if count != 1 else ''}; there is no version {number}.")
    return index


# -- the diff between two versions ------------------------------------------------------------


#: A claim as it was when its place in a new text was worked out ahead (see :func:`prepare_text`):
#: its id, start, end, whether it was orphaned, and its words.
ClaimSpot = tuple[str, int, int, bool, str]


def claim_spot(claim: Claim) -> ClaimSpot:
    """What :func:`prepare_text` needs of *claim* to place it ahead."""
    return (claim.id, claim.start, claim.end, claim.orphaned, claim.exact)


@dataclass(frozen=True)
class PreparedText:
    """A new text's diff against the current one, its sentences, and the claims' places in it, computed
    ahead (on a worker thread, say) for :func:`core.editing.replace_text`, which uses them when the text
    (and each claim) is still as it was."""

    diff: TextDiff
    sentences: list[tuple[int, int]]
    #: by claim id: the claim as it was, its placement (None: an orphan that stays one), its new selector
    placements: dict[str, tuple[ClaimSpot, Placement | None, QuoteSelector | None]] = field(default_factory=dict)
    old_sha256: str = ""  # of the old and the new text (1 MB: ~2 ms each, spared the GUI thread)
    new_sha256: str = ""

    def placement_for(self, spot: ClaimSpot) -> tuple[Placement | None, QuoteSelector | None] | None:
        """The placement worked out ahead for a claim that is still at *spot*; None if there is none."""
        found = self.placements.get(spot[0])
        return (found[1], found[2]) if found is not None and found[0] == spot else None


def place_orphan(text: str, claim_id: str, quote: str) -> Placement | None:
    """An orphan whose *quote* now stands exactly once in *text* is placed there; else None."""
    first = text.find(quote) if quote else -1
    if first == -1 or text.find(quote, first + 1) != -1:
        return None
    return Placement(claim_id, EXACT, first, first + len(quote))


def prepare_text(old_text: str, new_text: str, claims: Iterable[ClaimSpot] = ()) -> PreparedText:
    """The word diff of *old_text* -> *new_text*, the new text's sentences, and where each of *claims*
    goes (the slow part of a new version; see :func:`claim_spot`)."""
    from factcheck_gui.core.anchoring import make_selector
    from factcheck_gui.core.sentences import split_sentences
    from factcheck_gui.core.text import sha256_text

    diff = TextDiff(old_text, new_text)
    placements: dict[str, tuple[ClaimSpot, Placement | None, QuoteSelector | None]] = {}
    for spot in claims:
        claim_id, start, end, orphaned, exact = spot
        placement = place_orphan(new_text, claim_id, exact) if orphaned else diff.place(claim_id, start, end)
        selector = (make_selector(new_text, placement.start, placement.end)
                    if placement is not None and placement.state != ORPHANED else None)
        placements[claim_id] = (spot, placement, selector)
    return PreparedText(diff, split_sentences(new_text), placements, sha256_text(old_text), sha256_text(new_text))


@dataclass(frozen=True)
class Change:
    """One changed region: the old and new wording, and the claims whose words it touches."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old: str
    new: str
    claim_ids: tuple[str, ...] = ()  # claims (by id) whose span in the old text touches the change

    @property
    def pieces(self) -> list[tuple[str, str]]:
        """The change word by word: ("equal"|"delete"|"insert", text)."""
        return word_diff(self.old, self.new)


def diff_versions(old_text: str, new_text: str, claims: list[tuple[str, int, int]] | None = None,
                  orphans: list[tuple[str, str]] | None = None, *, diff: TextDiff | None = None) -> list[Change]:
    """Word-level changes from *old_text* to *new_text*, those touching a claim first.

    *claims* are ``(claim_id, start, end)`` spans in *new_text*; *orphans* are ``(claim_id, quote)``
    of claims with no place, whose quote is looked for in *old_text*. Within each group the
    changes keep the text's order.
    """
    old_spans = []
    for claim_id, quote in orphans or []:
        found = old_text.find(quote) if quote else -1
        if found != -1:
            old_spans.append((claim_id, found, found + len(quote)))
    changes = []
    if diff is None or diff.old_text is not old_text or diff.new_text != new_text:
        diff = TextDiff(old_text, new_text)
    for old_start, old_end, new_start, new_end in diff.changes():
        touched = [claim_id for claim_id, start, end in claims or [] if _touches(new_start, new_end, start, end)]
        touched += [claim_id for claim_id, start, end in old_spans if _touches(old_start, old_end, start, end)]
        changes.append(Change(old_start, old_end, new_start, new_end, old_text[old_start:old_end],
                              new_text[new_start:new_end], tuple(touched)))
    return sorted(changes, key=lambda change: not change.claim_ids)


def _touches(change_start: int, change_end: int, start: int, end: int) -> bool:
    """True when a changed region (empty for a pure insertion or deletion) meets the span ``[start, end)``."""
    if change_start == change_end:
        return start < change_start < end
    return change_start < end and start < change_end


def claim_spans(article: Article) -> tuple[list[tuple[str, int, int]], list[tuple[str, str]]]:
    """The article's claims as :func:`diff_versions` takes them: placed spans, and orphans' quotes."""
    placed = [(c.id, c.start, c.end) for c in article.claims if not c.orphaned]
    orphans = [(c.id, c.exact) for c in article.claims if c.orphaned]
    return placed, orphans


# -- for exports: "Changes to the article" -------------------------------------------------------


@dataclass(frozen=True)
class ChangedClaim:
    """A claim whose wording changed with the text: its old and new wording and its state."""

    claim: Claim
    old: str  # the wording before (the stored quote of an orphan)
    new: str  # "" for an orphan

    @property
    def state(self) -> str:
        return self.claim.anchor


def changed_claims(article: Article) -> list[ChangedClaim]:
    """The claims edited or orphaned by the last change of the text, in reading order."""
    result = []
    for claim in article.claims_in_reading_order():
        if claim.anchor == "edited":
            result.append(ChangedClaim(claim, claim.previous_exact, claim.exact))
        elif claim.orphaned:
            result.append(ChangedClaim(claim, claim.exact, ""))
    return result


def has_changes(article: Article) -> bool:
    """True when the text has more than its first version, or a claim was edited or orphaned."""
    return len(article.versions) > 1 or bool(changed_claims(article))


def version_label(version: TextVersion, number: int) -> str:
    """"Version 2 (Correction)" and the like."""
    return f"Version {number} ({version.kind.label})"
