"""The article model: articles, claims, sources, evidence.

Plain dataclasses with no I/O. Offsets count Python ``str`` characters. The file
format (see ``core.schema`` and docs/article-format.md) maps one to one onto these.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from enum import Enum
from itertools import compress, count
from operator import attrgetter, ne
from typing import Any, ClassVar, TypeVar

from factcheck_gui.core.authors import current_author
from factcheck_gui.core.clock import new_id, utc_now
from factcheck_gui.core.collector import collector_paused
from factcheck_gui.core.stepping import sentence_index_at
from factcheck_gui.core.text import sha256_text

_T = TypeVar("_T")


class Stance(str, Enum):
    """How a source bears on a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        return {"supports": "Supports", "refutes": "Refutes", "context": "Context"}[self.value]


class ClaimantType(str, Enum):
    """Whether the claimant is a person or an organisation (ClaimReview's ``author`` type)."""

    PERSON = "person"
    ORGANIZATION = "organization"

    @property
    def label(self) -> str:
        return {"person": "Person", "organization": "Organization"}[self.value]


class SourceKind(str, Enum):
    """What kind of document a source is. Guessed on fetch, editable by the user."""

    OFFICIAL = "official"  # official statement: government, military, press release
    NEWS = "news"  # another report
    PRIMARY = "primary"  # primary document: PDF, data, transcript
    SOCIAL = "social"  # social media post
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "official": "Official statement",
            "news": "News report",
            "primary": "Primary document",
            "social": "Social media",
            "other": "Other",
        }[self.value]


class ReviewStatus(str, Enum):
    """Where a claim stands on its way to publication: drafted, sent for review, approved."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "in-review": "In review", "approved": "Approved"}[self.value]


@dataclass(frozen=True)
class QuoteSelector:
    """W3C Web Annotation TextQuoteSelector: the exact text and a little context around it.

    Immutable: a claim's place changes by giving it a new selector (see :meth:`Article.snapshot`)."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass
class Link:
    """A hyperlink of the article itself, as a range of its text."""

    start: int
    end: int
    href: str


@dataclass(frozen=True)
class Evidence:
    """A source pinned to a claim, with the stance it takes and the quote that matters.

    Immutable: an edit of a pin puts a new Evidence in the claim's list (``core.editing``), so a
    snapshot of the claim (:meth:`Article.snapshot`) may share it."""

    source_id: str
    stance: Stance = Stance.CONTEXT
    quote: str = ""
    note: str = ""
    created: str = field(default_factory=utc_now)


@dataclass(frozen=True)
class TraceStep:
    """One page of a claim's trace, as kept with the claim."""

    url: str
    title: str = ""
    site: str = ""
    published: str = ""  # ISO date, "" when the page gives none
    group: int = 0  # pages of one group are copies of one text (syndication, mirrors)


@dataclass(frozen=True)
class TraceSummary:
    """What tracing a claim to its origin found (``core.tracing``), kept with the claim.

    Immutable: a new trace replaces the whole summary (``core.editing.set_trace``).
    """

    origin: str = ""  # the address of the likely origin, "" when none was found
    origin_title: str = ""
    origin_published: str = ""
    origin_date_evidence: str = ""  # where the origin's date comes from
    independent_origins: int = 0
    chain: tuple[TraceStep, ...] = ()  # from the page the trace started at back to the origin
    appearances: tuple[TraceStep, ...] = ()  # every page found carrying the claim, by date
    warnings: tuple[str, ...] = ()
    pages: int = 0  # pages read
    traced_at: str = ""


class _NotCopied:
    """What an item holds while no snapshot copy of it is valid: its lists never equal this one's."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__

    @property
    def evidence(self) -> _NotCopied:
        return self

    @property
    def redirects(self) -> _NotCopied:
        return self

    @property
    def authors(self) -> _NotCopied:
        return self


_NOT_COPIED: Any = _NotCopied()
_SNAPSHOT_COPY = "_snapshot_copy"  # the key of a remembered copy in a claim's or source's __dict__
_set_field = object.__setattr__


@dataclass
class Claim:
    """A span of the article text that is checked: where it is, what it says, the verdict."""

    # The copy the last Article.snapshot() made, while it is valid (see _Remembered); none here.
    _snapshot_copy: ClassVar[Any] = _NOT_COPIED

    start: int
    end: int
    selector: QuoteSelector
    id: str = field(default_factory=lambda: new_id("c"))
    verdict: str | None = None  # a key of the verdict scale, None while unjudged
    rationale: str = ""
    claimant: str = ""
    # None: guessed from the claimant's name where it is needed (ClaimReview); else the user's choice.
    claimant_type: ClaimantType | None = None
    restatement: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    orphaned: bool = False  # its text was not found again after the article text changed
    trace: TraceSummary | None = None  # where the claim came from, once traced
    created: str = field(default_factory=utc_now)
    updated: str = field(default_factory=utc_now)
    updated_by: str = field(default_factory=current_author)  # "Name <e-mail>" of the last change, "" unknown
    status: ReviewStatus = ReviewStatus.DRAFT  # the review workflow: draft, in review, approved
    status_by: str = ""  # who set the status ("Name <e-mail>")
    status_at: str = ""  # when (UTC), "" while it was never set
    review_note: str = ""  # the reviewer's note
    # After the text changed (a correction or a re-fetch; see core.editing.replace_text):
    previous_exact: str = ""  # the claim's wording before its sentence was edited in place ("" if not edited)
    anchor_reason: str = ""  # why the claim is edited or orphaned, in words
    needs_review: bool = False  # its wording changed while it had a verdict: the verdict is to be checked again

    @property
    def exact(self) -> str:
        return self.selector.exact

    @property
    def anchor(self) -> str:
        """``exact``, ``edited`` (its sentence changed in place; ``previous_exact`` is the old wording)
        or ``orphaned`` (its words are gone or no place is certain)."""
        return "orphaned" if self.orphaned else "edited" if self.previous_exact else "exact"

    def touch(self) -> None:
        """Record that the claim was edited now, by the current author."""
        self.updated = utc_now()
        self.updated_by = current_author()


@dataclass
class Source:
    """A fetched (or failed) document that claims can pin. Several claims may share one."""

    _snapshot_copy: ClassVar[Any] = _NOT_COPIED  # see Claim

    url: str  # the URL the user asked for
    id: str = field(default_factory=lambda: new_id("s"))
    final_url: str = ""  # after redirects
    canonical_url: str = ""
    redirects: list[str] = field(default_factory=list)
    title: str = ""
    site: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""
    created: str = ""  # when the file was made (a PDF's creation date), not when it was published
    modified: str = ""
    description: str = ""
    language: str = ""
    kind: SourceKind = SourceKind.OTHER
    fetched_at: str = ""
    status: int | None = None  # HTTP status
    content_type: str = ""
    size: int | None = None  # bytes of the body
    sha256: str = ""  # of the raw body; the snapshot file name
    text: str = ""  # extracted main text
    error: str = ""  # why the fetch failed, empty when it worked
    archive_url: str = ""
    archived_at: str = ""
    updated_by: str = field(default_factory=current_author)  # "Name <e-mail>" of the last change, "" unknown

    @property
    def display_title(self) -> str:
        return self.title or self.final_url or self.url


class _Remembered:
    """What a claim or source is while the copy :meth:`Article.snapshot` made of it is valid: the same
    object, its class switched to a subclass whose ``__setattr__`` (and ``__delattr__``) forget the copy
    and switch it back before any field is assigned, whoever assigns it. A claim or source that was
    never copied has the plain class, whose assignments cost nothing more (reading an article assigns
    every field of every claim). The subclass is named, compared, copied and pickled as the plain one."""

    __slots__ = ()
    _plain: ClassVar[type]
    _names: ClassVar[tuple[str, ...]]

    def _forget_copy(self) -> None:
        self.__dict__.pop(_SNAPSHOT_COPY, None)
        _set_field(self, "__class__", self._plain)

    def __setattr__(self, name: str, value: Any) -> None:
        self._forget_copy()
        _set_field(self, name, value)

    def __delattr__(self, name: str) -> None:
        self._forget_copy()
        object.__delattr__(self, name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self._plain):
            return NotImplemented
        return [getattr(self, name) for name in self._names] == [getattr(other, name) for name in self._names]

    __hash__ = None  # type: ignore[assignment]

    def __reduce_ex__(self, protocol: Any) -> Any:
        """Copied or pickled as the plain class, without the remembered copy."""
        state = dict(self.__dict__)
        state.pop(_SNAPSHOT_COPY, None)
        return _new_object, (self._plain,), state


def _new_object(plain: type) -> Any:
    """An object of the class *plain*, its fields still to be set (what copy and pickle call)."""
    return object.__new__(plain)


def _remembered_class(plain: type) -> type:
    """The class a *plain* claim or source takes while its copy is remembered (the methods of _Remembered
    on a subclass of *plain* with no slot of its own, so ``__class__`` may switch between the two)."""
    methods = {name: value for name, value in vars(_Remembered).items()
               if name in ("_forget_copy", "__setattr__", "__delattr__", "__eq__", "__hash__", "__reduce_ex__")}
    return type(plain.__name__, (plain,), {
        **methods, "__slots__": (), "__qualname__": plain.__qualname__, "__module__": plain.__module__,
        "__doc__": _Remembered.__doc__, "_plain": plain, "_names": tuple(item.name for item in fields(plain)),
    })


_REMEMBERED: dict[type, type] = {Claim: _remembered_class(Claim), Source: _remembered_class(Source)}


class VersionKind(str, Enum):
    """Where a version of the article text came from."""

    CAPTURE = "capture"  # the text as first imported
    CORRECTION = "correction"  # corrected by the user (an extraction error, junk removed...)
    REFETCH = "refetch"  # the page fetched again, and its wording had changed

    @property
    def label(self) -> str:
        return {"capture": "First capture", "correction": "Correction", "refetch": "Re-fetch"}[self.value]


@dataclass
class TextVersion:
    """One version of the article text. The last version of ``Article.versions`` is ``Article.text``;
    the store keeps the older texts beside the article file, by SHA-256."""

    kind: VersionKind
    sha256: str  # of the text, encoded as UTF-8
    created: str = field(default_factory=utc_now)
    note: str = ""  # the user's note (why the text was corrected)
    origin: str = ""  # where the text came from: the address fetched, a file name, "window"
    stealth_edit: bool = False  # a re-fetch whose wording changed with no correction or update notice
    archive_url: str = ""  # the Internet Archive's copy of the page taken when this version was fetched
    archived_at: str = ""


@dataclass
class ArticleMeta:
    """What the article is: all editable by the user."""

    title: str = ""
    subtitle: str = ""
    byline: str = ""
    publisher: str = ""
    published: str = ""  # ISO date or date-time, as the page gave it
    url: str = ""
    language: str = ""


@dataclass
class Article:
    """One article with its claims and sources: the content of one article file."""

    text: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    id: str = field(default_factory=lambda: new_id("a"))
    sentences: list[tuple[int, int]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    verdict_scale: str = "default"
    created: str = field(default_factory=utc_now)
    updated: str = field(default_factory=utc_now)
    versions: list[TextVersion] = field(default_factory=list)  # oldest first; the last one is ``text``
    # Texts of older versions by SHA-256, held until the store writes them (not part of the file).
    version_texts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # Where each claim and source id was last seen in its list: a look-up checks the item at
    # that place and re-reads the list only when it moved, so it is O(1) while the lists
    # change by core.editing (or by anyone: a stale place is never trusted).
    _claim_places: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _source_places: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Sources by each of their addresses, for source_by_url, and the sources that were read into it
    # (extended as sources are appended; read again when the list changed before its end, or a
    # source's addresses changed in place: forget_source_addresses).
    _by_address: dict[str, Source] = field(default_factory=dict, init=False, repr=False, compare=False)
    _addressed: list[Source] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.versions:
            self.versions = [TextVersion(VersionKind.CAPTURE, sha256_text(self.text), self.created, origin=self.meta.url)]

    @property
    def text_sha256(self) -> str:
        return sha256_text(self.text)

    @property
    def title(self) -> str:
        return self.meta.title or "Untitled article"

    # -- look-ups -------------------------------------------------------------------------

    def claim(self, claim_id: str) -> Claim:
        """The claim with *claim_id*; raises KeyError if there is none."""
        return _look_up(self.claims, claim_id, self._claim_places)

    def source(self, source_id: str) -> Source:
        """The source with *source_id*; raises KeyError if there is none."""
        return _look_up(self.sources, source_id, self._source_places)

    def source_by_url(self, url: str) -> Source | None:
        """The first source already fetched from *url* (asked-for, final or canonical), if any.

        A dict look-up: pinning the 500th source of a claim no longer reads the other 499 (issue 17).
        """
        if not url:
            return None
        sources, indexed = self.sources, self._addressed
        count = len(indexed)
        if len(sources) < count or sources[:count] != indexed:  # items compared by identity first: C speed
            self._by_address, count = {}, 0  # a list changed before its end: read it all again (a new dict,
            # never cleared in place: a copy of the article may share it)
        by_address = self._by_address
        for source in sources[count:]:  # the sources appended since
            for address in (source.url, source.final_url, source.canonical_url):
                if address:
                    by_address.setdefault(address, source)
        if count != len(sources) or count != len(indexed):
            self._addressed = list(sources)
        found = by_address.get(url)
        if found is not None and url not in (found.url, found.final_url, found.canonical_url):
            self.forget_source_addresses()  # changed in place without a word: read the list again
            return self.source_by_url(url)
        return found

    def forget_source_addresses(self) -> None:
        """A source's addresses were changed in place (a new capture): :meth:`source_by_url` reads them again."""
        self._by_address, self._addressed = {}, []

    def claims_in_reading_order(self) -> list[Claim]:
        """Anchored claims by position, then orphaned claims at the end."""
        return sorted(self.claims, key=lambda c: (c.orphaned, c.start, c.end, c.created))

    def sentence_index_at(self, offset: int) -> int | None:
        """Index of the sentence containing *offset*, or None (between sentences)."""
        return sentence_index_at(self.sentences, offset)

    def claims_overlapping(self, start: int, end: int) -> list[Claim]:
        """Anchored claims that share at least one character with ``[start, end)``."""
        return [c for c in self.claims if not c.orphaned and c.start < end and start < c.end]

    def verdict_counts(self) -> dict[str | None, int]:
        """How many claims have each verdict key (None: unjudged)."""
        return dict(Counter(claim.verdict for claim in self.claims))

    def claims_citing(self, source_id: str) -> list[Claim]:
        """Claims that pin the source *source_id*."""
        return [c for c in self.claims if any(e.source_id == source_id for e in c.evidence)]

    def touch(self) -> None:
        self.updated = utc_now()

    def snapshot(self) -> Article:
        """A copy that later edits do not reach, for reading on another thread (a save, an export).

        Its claims and sources are copies, each made once and then shared by later snapshots until
        the claim or source changes: any assignment to one of its fields forgets its copy (the
        model's ``__setattr__``, whoever assigns), and its lists (a claim's evidence, a source's
        redirects and authors) are compared with the copy's own at each snapshot. Every other
        value they hold is immutable (str, numbers, enums, frozen selectors, pins and trace
        summaries), so an edit never reaches a copy. At 5,000 claims this takes about a
        millisecond after one edit, where copying everything took 12-20 (issue 17). The article's
        own lists (sentences, links, versions) and its details are copied every time.
        """
        copied = _shallow(self)
        copied.meta = _shallow(self.meta)
        with collector_paused():  # a first snapshot makes tens of thousands of objects, no cycles among them
            copied.claims = _copies(self.claims, _copy_claim, _claim_lists)
            copied.sources = _copies(self.sources, _copy_source, _source_lists)
        copied.sentences = list(self.sentences)
        copied.links = list(self.links)
        copied.versions = list(self.versions)
        copied.version_texts = dict(self.version_texts)
        copied._claim_places = {}
        copied._source_places = {}
        copied._by_address, copied._addressed = {}, []
        return copied


def _shallow(item: _T) -> _T:
    """A copy of the dataclass *item* sharing its fields' values (copy.copy, three times faster)."""
    copied = object.__new__(type(item))
    copied.__dict__.update(item.__dict__)
    return copied


_remembered_copy = attrgetter(_SNAPSHOT_COPY)
_claim_lists = attrgetter("evidence")
_source_lists = attrgetter("redirects", "authors")


def _copies(items: list[Any], make: Any, lists: Any) -> list[Any]:
    """A copy of each of *items* (claims or sources): the one remembered where it is still valid, else
    a new one made by *make* (and remembered). Loops in C but for the items to copy."""
    copies = list(map(_remembered_copy, items))  # _NOT_COPIED where none is remembered
    for index in compress(count(), map(ne, map(lists, items), map(lists, copies))):
        item = items[index]
        copies[index] = fresh = make(item)
        kind = type(item)
        remembered = _REMEMBERED.get(kind)
        if remembered is not None:  # (a subclass of someone else's is copied every time)
            item.__dict__[_SNAPSHOT_COPY] = fresh
            _set_field(item, "__class__", remembered)
        elif kind in _REMEMBERED.values():
            item.__dict__[_SNAPSHOT_COPY] = fresh
    return copies


def _fresh_copy(item: _T, plain: type[_T]) -> _T:
    copied = object.__new__(plain)
    fields_of = copied.__dict__
    fields_of.update(item.__dict__)
    fields_of.pop(_SNAPSHOT_COPY, None)
    return copied


def _copy_claim(claim: Claim) -> Claim:
    copied = _fresh_copy(claim, Claim)
    copied.__dict__["evidence"] = list(claim.evidence)  # its own list: the claim's may change in place
    return copied


def _copy_source(source: Source) -> Source:
    copied = _fresh_copy(source, Source)
    copied.__dict__.update(redirects=list(source.redirects), authors=list(source.authors))
    return copied


def _look_up(items: list[Any], item_id: str, places: dict[str, int]) -> Any:
    """The first item of *items* whose id is *item_id*, found at its remembered place in *places*
    when it is still there, else by re-reading the list (and remembering every place again)."""
    place = places.get(item_id)
    if place is not None and place < len(items) and items[place].id == item_id:
        return items[place]
    if place is None and items and items[-1].id == item_id:  # just appended: no need to re-read the list
        places[item_id] = len(items) - 1
        return items[-1]
    places.clear()
    for index in range(len(items) - 1, -1, -1):  # backwards, so the first of a repeated id wins
        places[items[index].id] = index
    place = places.get(item_id)
    if place is not None and place < len(items) and items[place].id == item_id:
        return items[place]
    raise KeyError(item_id)
