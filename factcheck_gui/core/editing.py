"""Every change a user can make to an article: the one place the model is edited.

The window's undo commands (``ui.commands``, ``ui.source_commands``) and the
``factcheck`` verbs call these functions; neither assigns a model field itself.
Each function checks its input and raises InputError or NotFoundError with a
message a fact-checker understands; none of them saves anything.

An edit returns what it changed, with the old values: a change object whose
``undo(article)`` puts the article back as it was and whose ``redo(article)`` does
the edit again, with the same ids and times (what an undo stack needs)::

    change = set_verdict(article, claim_id, "false")   # a ClaimChange
    change.undo(article)                                # the verdict it had before
    change.redo(article)

``add_claim`` returns the new :class:`Claim` (undo: :func:`remove_claim`);
``remove_claim`` returns a :class:`ClaimRemoved` (undo: :func:`restore_claim`).
``replace_text`` (a correction, or a re-fetch through ``apply_refetch``) returns a
:class:`TextReplaced`: the text, versions and every claim's place before and after.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields, replace
from typing import Any, NamedTuple

from factcheck_gui.core.anchoring import make_selector
from factcheck_gui.core.authors import current_author
from factcheck_gui.core.clock import utc_now
from factcheck_gui.core.dates import check_date
from factcheck_gui.core.errors import InputError, NotFoundError, StaleConflictError
from factcheck_gui.core.merge import Conflict, choose, value_at
from factcheck_gui.core.model import (
    Article,
    ArticleMeta,
    Claim,
    ClaimantType,
    Evidence,
    Link,
    QuoteSelector,
    ReviewStatus,
    Source,
    SourceKind,
    Stance,
    TextVersion,
    TraceSummary,
    VersionKind,
)
from factcheck_gui.core.reanchoring import EDITED, EXACT, ORPHANED, Placement, TextDiff
from factcheck_gui.core.schema import (
    article_from_dict,
    article_size_problem,
    article_to_dict,
)
from factcheck_gui.core.sentences import split_sentences
from factcheck_gui.core.text import (
    fold_for_matching,
    fold_with_positions,
    is_web_url,
    normalize_newlines,
    sha256_text,
)
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.core.versions import PreparedText, RefetchAssessment, assess_refetch, claim_spot, place_orphan


def new_article(text: str, meta: ArticleMeta | None = None, links: list[Link] | None = None) -> Article:
    """A new article for *text*, with its sentences computed."""
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError("The article is empty: there is no text to check.")
    too_big = article_size_problem(len(text))
    sentences = [] if too_big else split_sentences(text)
    too_big = too_big or article_size_problem(len(text), len(sentences))
    if too_big:
        raise InputError(f"This is too large to import as one article: {too_big}. Import the part you check.")
    return Article(text=text, meta=meta or ArticleMeta(), sentences=sentences, links=list(links or []))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with white space."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def add_claim(article: Article, start: int, end: int, *, verdict: str | None = None, rationale: str = "",
              claimant: str = "", restatement: str = "", claimant_type: ClaimantType | str | None = None,
              scale: VerdictScale = DEFAULT_SCALE) -> Claim:
    """Mark ``article.text[start:end]`` (trimmed) as a claim and return it."""
    start, end = trim_span(article.text, start, end)
    if start >= end:
        raise InputError("Select some text first: an empty selection cannot be a claim.")
    if verdict is not None:
        verdict = resolve_verdict(verdict, scale)
    claim = Claim(start=start, end=end, selector=make_selector(article.text, start, end), verdict=verdict,
                  rationale=rationale, claimant=claimant, restatement=restatement,
                  claimant_type=resolve_claimant_type(claimant_type))
    article.claims.append(claim)
    article.touch()
    return claim


def add_claim_for_text(article: Article, exact: str, **fields: Any) -> Claim:
    """Mark the place where *exact* stands in the article (see :func:`find_text`) as a claim.

    *fields* are those of :func:`add_claim` (verdict, rationale, claimant, ...).
    """
    start, end = find_text(article, exact)
    return add_claim(article, start, end, **fields)


class ClaimRemoved(NamedTuple):
    """A removed claim and the place (index) it had; :meth:`undo` puts it back unchanged."""

    claim: Claim
    position: int

    def undo(self, article: Article) -> None:
        restore_claim(article, self.claim, self.position)

    def redo(self, article: Article) -> None:
        remove_claim(article, self.claim.id)


def remove_claim(article: Article, claim_id: str) -> ClaimRemoved:
    """Remove (delete) a claim; returns it and the index it had, so :func:`restore_claim` can put it back."""
    claim = get_claim(article, claim_id)
    claims = article.claims
    # By identity from the end (a claim just marked is last): list.index compared every claim before
    # it field by field, ~0.8 ms of an undo at 5,000 claims (issue 17).
    index = next(number for number in range(len(claims) - 1, -1, -1) if claims[number] is claim)
    del claims[index]
    article.touch()
    return ClaimRemoved(claim, index)


def restore_claim(article: Article, claim: Claim, index: int | None = None) -> None:
    """Put a removed claim back (at *index*, else at the end), unchanged: same id, times, evidence."""
    if any(existing.id == claim.id for existing in article.claims):
        raise InputError(f"The article already has a claim with id \u201c{claim.id}\u201d.")
    article.claims.insert(len(article.claims) if index is None else index, claim)
    article.touch()


def find_text(article: Article, exact: str) -> tuple[int, int]:
    """The span of *exact* in the article; InputError if it is missing or occurs more than once.

    Straight and curly quotes, apostrophes, dashes, runs of spaces and case may differ
    from the article's text; the span returned is the article's own text.
    """
    needle = normalize_newlines(exact).strip()
    if not needle:
        raise InputError("The claim text is empty.")
    text = article.text
    first = text.find(needle)
    if first != -1:
        count = text.count(needle)
        if count > 1:
            raise InputError(
                f"\u201c{_shorten(needle)}\u201d occurs {count} times in the article; give more of the sentence so it is unique."
            )
        return first, first + len(needle)
    folded_text, positions = fold_with_positions(text)
    folded_needle = fold_for_matching(needle)
    first = folded_text.find(folded_needle) if folded_needle else -1
    if first == -1:
        raise InputError(f"The text \u201c{_shorten(needle)}\u201d does not occur in the article; copy it from the article.")
    if folded_text.count(folded_needle) > 1:
        raise InputError(f"\u201c{_shorten(needle)}\u201d occurs more than once in the article; give more of the sentence.")
    return positions[first], positions[first + len(folded_needle) - 1] + 1


def match_id_prefix(wanted: str, ids: list[str], several: str) -> str | None:
    """The id in *ids* that is *wanted* or the only one starting with it; None when none does.

    InputError when several start with it ("matches 3 *several*; give more of the id").
    """
    if wanted in ids:
        return wanted
    matches = [candidate for candidate in ids if wanted and candidate.startswith(wanted)]
    if len(matches) > 1:
        raise InputError(f"\u201c{wanted}\u201d matches {len(matches)} {several}; give more of the id.")
    return matches[0] if matches else None


def resolve_claim_id(article: Article, wanted: str) -> str:
    """A claim id from the full id or a unique prefix of it; NotFoundError or InputError otherwise."""
    wanted = wanted.strip()
    found = match_id_prefix(wanted, [claim.id for claim in article.claims], "claims")
    if found is not None:
        return found
    raise NotFoundError(f"The article has no claim with id \u201c{wanted}\u201d.")


def resolve_verdict(value: str, scale: VerdictScale = DEFAULT_SCALE) -> str:
    """A verdict key from a key, a label ("Mostly false") or a number ("4"), case-insensitive."""
    wanted = value.strip().casefold().replace("_", "-")
    for number, verdict in enumerate(scale.verdicts, start=1):
        if wanted in (verdict.key, verdict.label.casefold(), verdict.label.casefold().replace(" ", "-"), str(number)):
            return verdict.key
    choices = ", ".join(v.key for v in scale.verdicts)
    raise InputError(f"Unknown verdict \u201c{value}\u201d. Use one of: {choices}.")


def get_claim(article: Article, claim_id: str) -> Claim:
    try:
        return article.claim(claim_id)
    except KeyError:
        raise NotFoundError(f"The article has no claim with id \u201c{claim_id}\u201d.") from None


def get_source(article: Article, source_id: str) -> Source:
    try:
        return article.source(source_id)
    except KeyError:
        raise NotFoundError(f"The article has no source with id \u201c{source_id}\u201d.") from None


def add_source(article: Article, source: Source) -> Source:
    """Add *source*, or return the existing source for the same URL (so claims share it)."""
    existing = article.source_by_url(source.url)
    if existing is not None:
        return existing
    source.updated_by = current_author()
    article.sources.append(source)
    article.touch()
    return source


def resolve_stance(value: Stance | str) -> Stance:
    """A stance from its value ("supports", "refutes", "context"); InputError otherwise."""
    try:
        return value if isinstance(value, Stance) else Stance(value.strip().casefold())
    except ValueError:
        raise InputError(f"Unknown stance \u201c{value}\u201d. Use supports, refutes or context.") from None


def pin_source(article: Article, claim_id: str, source_id: str, stance: Stance | str = Stance.CONTEXT,
               quote: str = "", note: str = "") -> Evidence:
    """Pin the source to the claim (or update the existing pin) and return the evidence.

    Lower level than :func:`store_and_pin`, which also returns what to undo.
    """
    claim = get_claim(article, claim_id)
    get_source(article, source_id)
    stance = resolve_stance(stance)
    for place, evidence in enumerate(claim.evidence):
        if evidence.source_id == source_id:
            evidence = replace(evidence, stance=stance, quote=quote or evidence.quote, note=note or evidence.note)
            claim.evidence[place] = evidence  # a pin is immutable: a new one takes its place
            break
    else:
        evidence = Evidence(source_id=source_id, stance=stance, quote=quote, note=note)
        claim.evidence.append(evidence)
    claim.touch()
    article.touch()
    return evidence

# -- changes: what an edit replaced, to undo and redo it ----------------------------------------


def _snapshot(obj: object, names: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {name: copy.copy(getattr(obj, name)) for name in names}


def _assign(obj: object, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(obj, name, copy.copy(value))


@dataclass
class ClaimChange:
    """Fields of one claim before and after an edit, with the claim's ``updated`` time before and after."""

    claim_id: str
    old: dict[str, Any]
    new: dict[str, Any]
    old_updated: str
    new_updated: str
    old_updated_by: str | None = None  # who had made the claim's last change before, and after (None: not kept)
    new_updated_by: str | None = None

    def undo(self, article: Article) -> None:
        claim = get_claim(article, self.claim_id)
        _assign(claim, self.old)
        claim.updated = self.old_updated
        if self.old_updated_by is not None:
            claim.updated_by = self.old_updated_by
        article.touch()

    def redo(self, article: Article) -> None:
        claim = get_claim(article, self.claim_id)
        _assign(claim, self.new)
        claim.updated = self.new_updated
        if self.new_updated_by is not None:
            claim.updated_by = self.new_updated_by
        article.touch()

    def then(self, later: ClaimChange) -> ClaimChange:
        """This change followed by *later* (of the same claim) as one change: typing merged into one undo step."""
        return ClaimChange(self.claim_id, self.old, {**self.new, **later.new}, self.old_updated, later.new_updated,
                           self.old_updated_by, later.new_updated_by)

    @property
    def is_empty(self) -> bool:
        """True when the new values are the old ones (typed and deleted again)."""
        return all(self.old.get(name) == value for name, value in self.new.items())


CLAIM_TEXT_FIELDS = ("rationale", "claimant", "restatement")


def resolve_claimant_type(value: ClaimantType | str | None) -> ClaimantType | None:
    """A claimant type from "person", "organization" (or "organisation"); None, "" or "auto" mean guess it."""
    if value is None or isinstance(value, ClaimantType):
        return value
    wanted = value.strip().casefold().replace("organisation", "organization")
    if wanted in ("", "auto", "automatic"):
        return None
    try:
        return ClaimantType(wanted)
    except ValueError:
        raise InputError(f"Unknown claimant type \u201c{value}\u201d. Use person, organization or auto.") from None


_UNSET: Any = object()


def set_claim_fields(article: Article, claim_id: str, *, verdict: str | None = _UNSET, rationale: str | None = None,
                     claimant: str | None = None, restatement: str | None = None,
                     claimant_type: ClaimantType | str | None = _UNSET,
                     scale: VerdictScale = DEFAULT_SCALE) -> ClaimChange:
    """Change a claim's verdict, rationale, claimant, one-line restatement or claimant type (those given).

    *verdict* ``None`` clears the verdict; *claimant_type* ``None`` (or "auto") goes back to
    guessing the type from the claimant's name. InputError when nothing is given.
    """
    claim = get_claim(article, claim_id)
    values: dict[str, Any] = {}
    if verdict is not _UNSET:
        values["verdict"] = resolve_verdict(verdict, scale) if verdict is not None else None
    values |= {
        name: value for name, value in
        (("rationale", rationale), ("claimant", claimant), ("restatement", restatement)) if value is not None
    }
    if claimant_type is not _UNSET:
        values["claimant_type"] = resolve_claimant_type(claimant_type)
    if not values:
        raise InputError("Nothing to change: give a verdict, rationale, claimant, claimant type or restatement.")
    return _change_claim(article, claim, values)


def set_verdict(article: Article, claim_id: str, verdict: str | None, scale: VerdictScale = DEFAULT_SCALE) -> ClaimChange:
    """Give a claim a verdict (a key, label or number of the scale), or clear it with None."""
    return set_claim_fields(article, claim_id, verdict=verdict, scale=scale)


def _change_claim(article: Article, claim: Claim, values: dict[str, Any]) -> ClaimChange:
    old, old_updated, old_updated_by = _snapshot(claim, list(values)), claim.updated, claim.updated_by
    _assign(claim, values)
    claim.touch()
    article.touch()
    return ClaimChange(claim.id, old, copy.copy(values), old_updated, claim.updated, old_updated_by, claim.updated_by)


@dataclass
class MetaChange:
    """The article's details (title, byline, ...) before and after an edit."""

    old: ArticleMeta
    new: ArticleMeta

    def undo(self, article: Article) -> None:
        article.meta = copy.copy(self.old)
        article.touch()

    def redo(self, article: Article) -> None:
        article.meta = copy.copy(self.new)
        article.touch()


META_FIELDS = tuple(item.name for item in fields(ArticleMeta))


def edit_meta(article: Article, meta: ArticleMeta | None = None, **values: str) -> MetaChange:
    """Replace the article's details with *meta*, or change the fields given as keywords.

    Values are stripped of surrounding white space; a URL must be an http(s) address and a
    date a date, kept in ISO form (``check_meta``).
    """
    unknown = sorted(set(values) - set(META_FIELDS))
    if unknown:
        raise InputError(f"An article has no detail called {', '.join(unknown)}; use {', '.join(META_FIELDS)}.")
    new = copy.copy(meta if meta is not None else article.meta)
    for name, value in values.items():
        setattr(new, name, value)
    for name in META_FIELDS:
        setattr(new, name, getattr(new, name).strip())
    new = check_meta(new, article.meta)
    change = MetaChange(old=copy.copy(article.meta), new=copy.copy(new))
    change.redo(article)
    return change


class MetaError(InputError):
    """A detail of the article that cannot be right; ``field`` names it (``url``, ``published``)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_meta(meta: ArticleMeta, before: ArticleMeta | None = None) -> ArticleMeta:
    """*meta* with its date in ISO form (``core.dates.check_date``), or a MetaError for a detail
    that cannot be right: a web address that is not http(s), a date that is no date.

    A value equal to the one in *before* (kept from an old file) is not refused again.
    """
    checked = copy.copy(meta)
    url = meta.url.strip()
    if url and not is_web_url(url) and (before is None or url != before.url.strip()):
        raise MetaError(f"\u201c{url}\u201d is not a web address; give one starting with http:// or https://.", "url")
    if before is None or meta.published.strip() != before.published.strip():
        try:
            checked.published = check_date(meta.published, "publication date")
        except InputError as exc:
            raise MetaError(str(exc), "published") from exc
    return checked


def rename_article(article: Article, title: str) -> MetaChange:
    """Give the article a new title; an empty title is refused."""
    title = " ".join(title.split())
    if not title:
        raise InputError("The title is empty; type a title for the article.")
    return edit_meta(article, title=title)


# -- sources and evidence --------------------------------------------------------------------


@dataclass
class SourceChange:
    """Fields of one source before and after an edit (kind, a new capture, an archive copy)."""

    source_id: str
    old: dict[str, Any]
    new: dict[str, Any]
    old_updated_by: str | None = None  # who had made the source's last change before, and after (None: not kept)
    new_updated_by: str | None = None

    def undo(self, article: Article) -> None:
        source = get_source(article, self.source_id)
        _assign(source, self.old)
        if self.old_updated_by is not None:
            source.updated_by = self.old_updated_by
        article.forget_source_addresses()  # a capture brings its own final and canonical addresses
        article.touch()

    def redo(self, article: Article) -> None:
        source = get_source(article, self.source_id)
        _assign(source, self.new)
        if self.new_updated_by is not None:
            source.updated_by = self.new_updated_by
        article.forget_source_addresses()
        article.touch()


def _change_source(article: Article, source: Source, values: dict[str, Any]) -> SourceChange:
    change = SourceChange(source.id, _snapshot(source, list(values)), {k: copy.copy(v) for k, v in values.items()},
                          source.updated_by, current_author())
    change.redo(article)
    return change


def set_source_kind(article: Article, source_id: str, kind: SourceKind | str) -> SourceChange:
    """Say what kind of document a source is (the guess made on fetch is only a start)."""
    try:
        kind = SourceKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in SourceKind)
        raise InputError(f"Unknown source kind \u201c{kind}\u201d. Use one of: {choices}.") from None
    return _change_source(article, get_source(article, source_id), {"kind": kind})


# What a new capture replaces: all but the id, the URL asked for, the kind the user chose and the archive copy.
KEPT_ON_RECAPTURE = frozenset({"id", "url", "kind", "archive_url", "archived_at"})
CAPTURE_FIELDS = tuple(item.name for item in fields(Source) if item.name not in KEPT_ON_RECAPTURE)


def replace_capture(article: Article, source_id: str, fresh: Source) -> SourceChange:
    """Take what *fresh* captured (a re-fetch) into the source; its id, URL, kind and archive copy stay."""
    return _change_source(article, get_source(article, source_id), _snapshot(fresh, CAPTURE_FIELDS))


def record_archive(article: Article, source_id: str, archive_url: str, archived_at: str) -> SourceChange:
    """Record the Internet Archive copy of a source."""
    return _change_source(article, get_source(article, source_id),
                          {"archive_url": archive_url, "archived_at": archived_at})


@dataclass
class EvidenceChange:
    """Fields of one pin (a claim's evidence from a source) before and after an edit."""

    claim_id: str
    source_id: str
    old: dict[str, Any]
    new: dict[str, Any]
    old_updated: str
    new_updated: str

    def undo(self, article: Article) -> None:
        _change_evidence(article, self.claim_id, self.source_id, self.old)
        get_claim(article, self.claim_id).updated = self.old_updated
        article.touch()

    def redo(self, article: Article) -> None:
        _change_evidence(article, self.claim_id, self.source_id, self.new)
        get_claim(article, self.claim_id).updated = self.new_updated
        article.touch()

    def then(self, later: EvidenceChange) -> EvidenceChange:
        """This change followed by *later* (of the same pin) as one change."""
        return EvidenceChange(self.claim_id, self.source_id, self.old, {**self.new, **later.new},
                              self.old_updated, later.new_updated)

    @property
    def is_empty(self) -> bool:
        return all(self.old.get(name) == value for name, value in self.new.items())


EVIDENCE_FIELDS = ("stance", "quote", "note")


def get_evidence(article: Article, claim_id: str, source_id: str) -> Evidence:
    """The claim's pin of the source; NotFoundError when the source is not pinned to it."""
    for evidence in get_claim(article, claim_id).evidence:
        if evidence.source_id == source_id:
            return evidence
    raise NotFoundError(f"The source \u201c{source_id}\u201d is not pinned to the claim \u201c{claim_id}\u201d.")


def _change_evidence(article: Article, claim_id: str, source_id: str, values: dict[str, Any]) -> Evidence:
    """Put a pin with *values* in place of the claim's pin of the source (a pin is immutable) and return it."""
    claim = get_claim(article, claim_id)
    for place, evidence in enumerate(claim.evidence):
        if evidence.source_id == source_id:
            claim.evidence[place] = changed = replace(evidence, **values)
            return changed
    raise NotFoundError(f"The source \u201c{source_id}\u201d is not pinned to the claim \u201c{claim_id}\u201d.")


def resolve_pinned_source_id(article: Article, claim_id: str, wanted: str) -> str:
    """The id of a source pinned to the claim, from its full id or a unique prefix; NotFoundError or InputError."""
    wanted = wanted.strip()
    ids = [evidence.source_id for evidence in get_claim(article, claim_id).evidence]
    found = match_id_prefix(wanted, ids, "sources of the claim")
    if found is not None:
        return found
    raise NotFoundError(f"No source with id \u201c{wanted}\u201d is pinned to the claim \u201c{claim_id}\u201d. "
                        f"`factcheck source list {article.id} {claim_id}` lists them.")


def edit_evidence(article: Article, claim_id: str, source_id: str, *, stance: Stance | str | None = None,
                  quote: str | None = None, note: str | None = None) -> EvidenceChange:
    """Change the stance, quote or note of a claim's pin of a source (those given; "" clears a text)."""
    evidence = get_evidence(article, claim_id, source_id)
    values: dict[str, Any] = {name: value for name, value in (("quote", quote), ("note", note)) if value is not None}
    if stance is not None:
        values = {"stance": resolve_stance(stance), **values}
    claim = get_claim(article, claim_id)
    change = EvidenceChange(claim_id, source_id, _snapshot(evidence, list(values)), values, claim.updated, "")
    _change_evidence(article, claim_id, source_id, values)
    claim.touch()
    article.touch()
    change.new_updated = claim.updated
    return change


@dataclass
class Pinned:
    """What :func:`store_and_pin` did: the source kept (added, or a failed one given the new capture)
    and the pin made (or updated), with what was there before."""

    claim_id: str
    source: Source  # the source as kept in the article
    source_added: bool
    source_index: int
    capture: SourceChange | None  # a failed source that took the new capture
    previous: Evidence | None  # the claim's pin of this source before, if it had one
    evidence: Evidence  # the pin after, a copy
    evidence_index: int
    old_updated: str
    new_updated: str

    @property
    def source_id(self) -> str:
        return self.source.id

    def undo(self, article: Article) -> None:
        claim = get_claim(article, self.claim_id)
        if self.previous is None:
            claim.evidence = [e for e in claim.evidence if e.source_id != self.source.id]
        else:
            _change_evidence(article, self.claim_id, self.source.id, _snapshot(self.previous, EVIDENCE_FIELDS))
        if self.source_added:
            article.sources = [s for s in article.sources if s.id != self.source.id]
        elif self.capture is not None:
            self.capture.undo(article)
        claim.updated = self.old_updated
        article.touch()

    def redo(self, article: Article) -> None:
        claim = get_claim(article, self.claim_id)
        if self.source_added:
            article.sources.insert(min(self.source_index, len(article.sources)), self.source)
        elif self.capture is not None:
            self.capture.redo(article)
        if self.previous is None:
            claim.evidence.insert(min(self.evidence_index, len(claim.evidence)), copy.copy(self.evidence))
        else:
            _change_evidence(article, self.claim_id, self.source.id, _snapshot(self.evidence, EVIDENCE_FIELDS))
        claim.updated = self.new_updated
        article.touch()


def store_and_pin(article: Article, claim_id: str, source: Source, stance: Stance | str = Stance.CONTEXT,
                  quote: str = "", note: str = "") -> Pinned:
    """Keep a fetched *source* and pin it to the claim.

    A source is kept once per address: when the article already has one for the URL, that
    one is pinned (and if its fetch had failed while this one worked, it takes this capture,
    keeping its id). Pinning a source the claim already pins updates the pin's stance, and
    its quote and note where new ones are given.
    """
    claim = get_claim(article, claim_id)
    stance = resolve_stance(stance)
    old_updated = claim.updated
    count = len(article.sources)
    kept = add_source(article, source)
    added = len(article.sources) > count
    capture = None
    if kept is not source and kept.error and not source.error:
        capture = replace_capture(article, kept.id, source)
    previous = next((copy.copy(e) for e in claim.evidence if e.source_id == kept.id), None)
    evidence = pin_source(article, claim_id, kept.id, stance, quote, note)
    return Pinned(claim_id, kept, added, _place_of(article.sources, kept), capture, previous, copy.copy(evidence),
                  _place_of(claim.evidence, evidence), old_updated, claim.updated)


def _place_of(items: list[Any], item: object) -> int:
    """Where *item* itself is in *items*, looked for from the end (where a pin has just put it).

    Not ``list.index``: that compares dataclasses field by field, 500 sources each time."""
    for place in range(len(items) - 1, -1, -1):
        if items[place] is item:
            return place
    raise ValueError(f"{item!r} is not in the list")


@dataclass
class Unpinned:
    """A pin removed from a claim, and the source when no other claim pinned it, with their places."""

    claim_id: str
    evidence: Evidence
    evidence_index: int
    source: Source | None
    source_index: int
    old_updated: str
    new_updated: str

    def undo(self, article: Article) -> None:
        if self.source is not None:
            article.sources.insert(min(self.source_index, len(article.sources)), self.source)
        claim = get_claim(article, self.claim_id)
        claim.evidence.insert(min(self.evidence_index, len(claim.evidence)), self.evidence)
        claim.updated = self.old_updated
        article.touch()

    def redo(self, article: Article) -> None:
        claim = get_claim(article, self.claim_id)
        claim.evidence = [e for e in claim.evidence if e.source_id != self.evidence.source_id]
        if self.source is not None:
            article.sources = [s for s in article.sources if s.id != self.source.id]
        claim.updated = self.new_updated
        article.touch()


def unpin_source(article: Article, claim_id: str, source_id: str) -> Unpinned:
    """Remove a source from a claim. A source no other claim pins leaves the article too
    (its snapshot stays in the library)."""
    claim = get_claim(article, claim_id)
    evidence = get_evidence(article, claim_id, source_id)
    old_updated = claim.updated
    index = claim.evidence.index(evidence)
    del claim.evidence[index]
    claim.touch()
    source: Source | None = None
    source_index = 0
    if not article.claims_citing(source_id):
        source = get_source(article, source_id)
        source_index = article.sources.index(source)
        del article.sources[source_index]
    article.touch()
    return Unpinned(claim_id, evidence, index, source, source_index, old_updated, claim.updated)


def set_trace(article: Article, claim_id: str, summary: TraceSummary | None) -> ClaimChange:
    """Keep *summary* (what tracing the claim to its origin found) with the claim, or clear it with None."""
    return _change_claim(article, get_claim(article, claim_id), {"trace": summary})


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# -- review before publishing -------------------------------------------------------------


def resolve_status(value: ReviewStatus | str) -> ReviewStatus:
    """A review status from "draft", "in-review" (or "in review") or "approved"; InputError otherwise."""
    if isinstance(value, ReviewStatus):
        return value
    wanted = "-".join(value.strip().casefold().replace("_", " ").replace("-", " ").split())
    for status in ReviewStatus:
        if wanted in (status.value, status.label.casefold().replace(" ", "-")):
            return status
    raise InputError(f"Unknown status \u201c{value}\u201d. Use draft, in-review or approved.")


def set_claim_status(article: Article, claim_id: str, status: ReviewStatus | str | None = None,
                     note: str | None = None) -> ClaimChange:
    """Move a claim to *status* (draft, in review, approved), recording who did it and when, and/or
    give it the reviewer's *note*. InputError when neither is given."""
    claim = get_claim(article, claim_id)
    values: dict[str, Any] = {}
    if status is not None:
        values |= {"status": resolve_status(status), "status_by": current_author(), "status_at": utc_now()}
    if note is not None:
        values["review_note"] = note
    if not values:
        raise InputError("Nothing to change: give a status (draft, in-review, approved) or a reviewer's note.")
    return _change_claim(article, claim, values)


def settle_conflict(article: Article, conflict: Conflict, take: str) -> bool:
    """Settle a sync conflict (``core.merge.Conflict``) of this article with ``"mine"`` or ``"theirs"``.

    The chosen value is what the field holds from now on; a status is set as by
    :func:`set_claim_status` (so the one who settled it is recorded). Returns False when
    the field held that value already (nothing changed). NotFoundError when the claim,
    source or pin is gone; StaleConflictError (and nothing changed) when the field no longer
    holds *mine* as the merge left it: a later edit (here, or pulled by a later sync) settled
    the clash, and choosing either old value now would overwrite it.
    """
    if take not in ("mine", "theirs"):
        raise InputError(f"Take \u201cmine\u201d or \u201ctheirs\u201d, not \u201c{take}\u201d.")
    where = f"claim {conflict.claim_id}" if conflict.claim_id else "the article"
    try:
        now = value_at(article_to_dict(article), conflict)
    except (StopIteration, KeyError, TypeError, IndexError):
        raise NotFoundError(f"The field {conflict.field} of {where} is no longer there; nothing to settle.") from None
    if now != conflict.mine:
        shown = "the text" if conflict.field == "text" else repr(now)
        raise StaleConflictError(
            f"The {conflict.field} of {where} was changed after the sync that met this conflict (it is now {shown}); "
            "that later change settled it, and nothing was overwritten. Change the field itself if it is not right.")
    value = conflict.mine if take == "mine" else conflict.theirs
    if not conflict.claim_id and conflict.field == "text" and isinstance(value, str):
        if value == article.text:
            return False
        replace_text(article, value, "correction", note="The text chosen when a sync conflict was settled.")
        return True
    if conflict.claim_id and conflict.field == "status":
        claim = get_claim(article, conflict.claim_id)
        if claim.status.value == value:
            return False
        set_claim_status(article, conflict.claim_id, str(value))
        return True
    document = article_to_dict(article)
    before = copy.deepcopy(document)
    choose(document, conflict, take)
    if document == before:
        return False
    settled = article_from_dict(document)
    for name, new_value in vars(settled).items():
        setattr(article, name, new_value)
    if conflict.claim_id:
        article.claim(conflict.claim_id).touch()
    article.touch()
    return True


# -- the text itself: corrections, re-fetches, re-attaching claims (issue 16) -------------------------


def _copy_selector(selector: QuoteSelector) -> QuoteSelector:
    """A copy of *selector*, made directly: ``copy.copy`` of 1,000 selectors took 13 ms of a re-fetch's landing."""
    return QuoteSelector(selector.exact, selector.prefix, selector.suffix)


@dataclass(frozen=True)
class _ClaimPlace:
    """Where a claim is and how it is anchored: what a change of the text may alter in it."""

    start: int
    end: int
    selector: QuoteSelector
    orphaned: bool
    previous_exact: str
    anchor_reason: str
    needs_review: bool

    @classmethod
    def of(cls, claim: Claim) -> _ClaimPlace:
        return cls(claim.start, claim.end, _copy_selector(claim.selector), claim.orphaned, claim.previous_exact,
                   claim.anchor_reason, claim.needs_review)

    def apply(self, claim: Claim) -> None:
        claim.start, claim.end, claim.selector = self.start, self.end, _copy_selector(self.selector)
        claim.orphaned, claim.previous_exact = self.orphaned, self.previous_exact
        claim.anchor_reason, claim.needs_review = self.anchor_reason, self.needs_review


@dataclass(frozen=True)
class _TextState:
    """The text of an article and everything placed on it."""

    text: str
    sentences: tuple[tuple[int, int], ...]
    links: tuple[Link, ...]
    versions: tuple[TextVersion, ...]
    claims: dict[str, _ClaimPlace]
    updated: str

    @classmethod
    def of(cls, article: Article) -> _TextState:
        return cls(article.text, tuple(article.sentences), tuple(copy.copy(link) for link in article.links),
                   tuple(article.versions), {claim.id: _ClaimPlace.of(claim) for claim in article.claims},
                   article.updated)

    def apply(self, article: Article) -> None:
        article.text = self.text
        article.sentences = list(self.sentences)
        article.links = [copy.copy(link) for link in self.links]
        article.versions = list(self.versions)
        for claim in article.claims:
            place = self.claims.get(claim.id)
            if place is not None:
                place.apply(claim)
        article.updated = self.updated


@dataclass(frozen=True)
class TextReplaced:
    """What :func:`replace_text` did: the text and claims before and after, and where each claim went.

    ``undo(article)`` puts the old text, version list and claim places back; ``redo`` does the edit again.
    """

    before: _TextState
    after: _TextState
    placements: tuple[Placement, ...]  # one per claim that had a place or was placed again

    @property
    def version(self) -> TextVersion:
        return self.after.versions[-1]

    def not_exact(self) -> list[Placement]:
        """The placements of claims that are now edited or orphaned."""
        return [p for p in self.placements if p.state != EXACT]

    def undo(self, article: Article) -> None:
        self.before.apply(article)

    def redo(self, article: Article) -> None:
        self.after.apply(article)


def replace_text(article: Article, text: str, kind: VersionKind | str, *, note: str = "", origin: str = "",
                 links: list[Link] | None = None, stealth_edit: bool = False,
                 prepared: PreparedText | None = None) -> TextReplaced:
    """Make *text* the article's text, as a new version of kind *kind*, and place every claim on it.

    The old text stays a version (``article.version_texts`` holds it until the store writes it).
    Claims are placed with :mod:`core.reanchoring`: ``exact`` claims move with their words,
    ``edited`` ones cover the new wording and keep the old one in ``previous_exact``, and
    ``orphaned`` ones keep their quote and no place. A judged claim whose wording changed is
    marked ``needs_review``. An orphan whose quote now stands once, exactly, is placed again.
    *links* are the new text's links (a re-fetch); without them, the old links move with the text.
    *prepared* (``core.versions.prepare_text``, computed ahead on a worker) is used when it was made
    from the current text to *text*.
    """
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError("The new text is empty; an article needs some text to check.")
    if text == article.text:
        raise InputError("The new text is the same as the current one; there is nothing to change.")
    try:
        kind = VersionKind(kind)
    except ValueError:
        raise InputError(f"Unknown kind of version \u201c{kind}\u201d. Use capture, correction or refetch.") from None
    fits = prepared is not None and prepared.diff.old_text is article.text and prepared.diff.new_text == text
    too_big = article_size_problem(len(text))
    sentences = [] if too_big else prepared.sentences if fits and prepared is not None else split_sentences(text)
    too_big = too_big or article_size_problem(len(text), len(sentences))
    if too_big:
        raise InputError(f"The new text is too large for one article: {too_big}. Keep the part you check.")
    before = _TextState.of(article)
    diff = prepared.diff if fits and prepared is not None else TextDiff(article.text, text)
    placements: list[Placement] = []
    for claim in article.claims:
        ahead = prepared.placement_for(claim_spot(claim)) if fits and prepared is not None else None
        selector = None
        if ahead is not None:  # worked out on a worker, for the claim as it still is
            found, selector = ahead
        elif claim.orphaned:
            found = _place_orphan(text, claim)
        else:
            found = diff.place(claim.id, claim.start, claim.end)
        if found is None:
            continue
        placements.append(found)
        _apply_placement(claim, found, text, selector)
    if links is None:
        links = []
        for link in article.links:
            moved = diff.place("", link.start, link.end)
            if moved.state == EXACT:
                links.append(Link(moved.start, moved.end, link.href))
    hashes = (prepared.old_sha256, prepared.new_sha256) if fits and prepared is not None else ("", "")
    article.version_texts[hashes[0] or article.text_sha256] = article.text
    article.text = text
    article.sentences = sentences
    article.links = list(links)
    article.versions = [*article.versions, TextVersion(kind, hashes[1] or sha256_text(text), utc_now(), note.strip(),
                                                       origin, stealth_edit)]
    article.touch()
    return TextReplaced(before, _TextState.of(article), tuple(placements))


def _place_orphan(text: str, claim: Claim) -> Placement | None:
    """An orphan whose quote now stands exactly once in *text* is placed there; else None."""
    return place_orphan(text, claim.id, claim.exact)


def _apply_placement(claim: Claim, placement: Placement, text: str, selector: QuoteSelector | None = None) -> None:
    if placement.state == ORPHANED:
        claim.orphaned, claim.previous_exact = True, ""
        claim.needs_review = claim.needs_review or claim.verdict is not None
    else:
        old_wording = claim.exact
        claim.start, claim.end = placement.start, placement.end
        claim.selector = _copy_selector(selector) if selector is not None else make_selector(text, placement.start,
                                                                                        placement.end)
        claim.orphaned = False
        if placement.state == EDITED:
            claim.previous_exact = old_wording
            claim.needs_review = claim.needs_review or claim.verdict is not None
        else:
            claim.previous_exact = ""
    claim.anchor_reason = placement.reason


@dataclass(frozen=True)
class ClaimPlaceChange:
    """A claim's place or review mark before and after an edit; ``undo``/``redo`` switch between them."""

    claim_id: str
    before: _ClaimPlace
    after: _ClaimPlace

    def undo(self, article: Article) -> None:
        self.before.apply(get_claim(article, self.claim_id))

    def redo(self, article: Article) -> None:
        self.after.apply(get_claim(article, self.claim_id))


def attach_claim(article: Article, claim_id: str, start: int, end: int) -> ClaimPlaceChange:
    """Attach a claim (an orphan, usually) to ``article.text[start:end]`` ("Attach claim here").

    When the text there differs from the claim's quote, the claim is ``edited``: the quote
    it had is kept as its previous wording, and a judged claim is marked for review.
    """
    claim = get_claim(article, claim_id)
    start, end = trim_span(article.text, start, end)
    if start >= end:
        raise InputError("Select the text to attach the claim to first.")
    before = _ClaimPlace.of(claim)
    old_wording = claim.previous_exact or claim.exact
    claim.start, claim.end = start, end
    claim.selector = make_selector(article.text, start, end)
    claim.orphaned = False
    if claim.exact == old_wording:
        claim.previous_exact, claim.anchor_reason = "", ""
    else:
        claim.previous_exact, claim.anchor_reason = old_wording, "Attached by hand to other wording."
        claim.needs_review = claim.needs_review or claim.verdict is not None
    claim.touch()
    article.touch()
    return ClaimPlaceChange(claim.id, before, _ClaimPlace.of(claim))


def mark_reviewed(article: Article, claim_id: str) -> ClaimPlaceChange:
    """Record that the claim's verdict was checked against its new wording."""
    claim = get_claim(article, claim_id)
    before = _ClaimPlace.of(claim)
    claim.needs_review = False
    claim.touch()
    article.touch()
    return ClaimPlaceChange(claim.id, before, _ClaimPlace.of(claim))


@dataclass(frozen=True)
class Refetched:
    """What :func:`apply_refetch` found: the assessment, and the new version's change (None: no new version)."""

    assessment: RefetchAssessment
    change: TextReplaced | None


def apply_refetch(article: Article, text: str, *, origin: str, previous_page_text: str,
                  links: list[Link] | None = None, prepared: PreparedText | None = None,
                  assessment: RefetchAssessment | None = None) -> Refetched:
    """Take a re-fetched page text: a new ``refetch`` version when its wording changed, else nothing.

    *previous_page_text* is the text of the page's last capture or re-fetch (so a correction the
    user made is not mistaken for a change of the page); the stealth-edit flag compares with it.
    *prepared* and *assessment*, computed ahead on a worker from the same texts, save the slow part.
    """
    text = normalize_newlines(text)
    if assessment is None:
        assessment = assess_refetch(previous_page_text, text)
    if not assessment.changed or text == article.text:
        return Refetched(assessment, None)
    change = replace_text(article, text, VersionKind.REFETCH, origin=origin, links=links,
                          stealth_edit=assessment.stealth_edit, prepared=prepared)
    return Refetched(assessment, change)


@dataclass(frozen=True)
class VersionArchived:
    """What :func:`record_version_archive` did to one text version; ``undo``/``redo`` swap it back and forth."""

    index: int
    before: TextVersion
    after: TextVersion

    def undo(self, article: Article) -> None:
        article.versions[self.index] = self.before

    def redo(self, article: Article) -> None:
        article.versions[self.index] = self.after


def record_version_archive(article: Article, index: int, archive_url: str, archived_at: str) -> VersionArchived:
    """Record the Internet Archive copy of the page as it was when version *index* (0-based) was fetched."""
    if not 0 <= index < len(article.versions):
        raise NotFoundError(f"The article has no version {index + 1}.")
    if not is_web_url(archive_url):
        raise InputError(f"\u201c{archive_url}\u201d is not a web address of an archived copy.")
    before = article.versions[index]
    if before.kind == VersionKind.CORRECTION:
        raise InputError(f"Version {index + 1} is a correction made here: no page was fetched to archive.")
    after = replace(before, archive_url=archive_url, archived_at=archived_at)
    article.versions[index] = after
    article.touch()
    return VersionArchived(index, before, after)
