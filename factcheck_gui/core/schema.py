"""The article file format: model <-> plain JSON-ready dicts, validation and migrations.

Pure functions; ``store`` does the reading and writing. The format is documented in
docs/article-format.md. Keys are emitted in a fixed order so files diff well.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable
from typing import Any

from factcheck_gui.core.anchoring import reanchor_claims
from factcheck_gui.core.errors import CorruptFileError, SchemaVersionError
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
    TraceStep,
    TraceSummary,
    VersionKind,
)
from factcheck_gui.core.text import sha256_text

FORMAT_NAME = "factcheck-gui/article"
SCHEMA_VERSION = 2


def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 adds the versions of the text: a schema-1 article has one, its first capture."""
    text = data.get("text")
    meta = data.get("meta")
    url = meta.get("url") if isinstance(meta, dict) else ""
    data["versions"] = [{
        "kind": VersionKind.CAPTURE.value,
        "created": data.get("created") if isinstance(data.get("created"), str) else "",
        "sha256": sha256_text(text) if isinstance(text, str) else "",
        "note": "",
        "origin": url if isinstance(url, str) else "",
        "stealth_edit": False,
    }]
    return data


# Limits on what one article may hold. An article file is read whole into memory and the
# window lays out its whole text, so these bound the time and memory one article can cost
# (3.98 million sentences made a 119 MB file that took 11 s and 1 GB to show). They are
# far above any news article, report or long read: 10 million characters is about 3,500
# pages, and 5 MB of real news text has about 19,000 sentences.
MAX_TEXT_CHARS = 10_000_000
MAX_SENTENCES = 100_000
# Offsets, sizes and HTTP statuses are whole numbers; a larger one (JSON allows any) is not
# one of them. 2**53 is what every JSON reader keeps exactly.
MAX_WHOLE_NUMBER = 2**53

# from_version -> function turning a dict of that version into one of from_version + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _migrate_1_to_2}


# -- writing ----------------------------------------------------------------------------


def article_to_dict(article: Article) -> dict[str, Any]:
    """The article as a JSON-ready dict in the current schema, keys in a stable order."""
    meta = article.meta
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "id": article.id,
        "created": article.created,
        "updated": article.updated,
        "verdict_scale": article.verdict_scale,
        "meta": {
            "title": meta.title,
            "subtitle": meta.subtitle,
            "byline": meta.byline,
            "publisher": meta.publisher,
            "published": meta.published,
            "url": meta.url,
            "language": meta.language,
        },
        "versions": [_version_to_dict(version) for version in article.versions],
        "text_sha256": sha256_text(article.text),
        "text": article.text,
        "sentences": [[start, end] for start, end in article.sentences],
        "links": [{"start": link.start, "end": link.end, "href": link.href} for link in article.links],
        "claims": [_claim_to_dict(claim) for claim in article.claims],
        "sources": [_source_to_dict(source) for source in article.sources],
    }


def _version_to_dict(version: TextVersion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": version.kind.value,
        "created": version.created,
        "sha256": version.sha256,
        "note": version.note,
        "origin": version.origin,
        "stealth_edit": version.stealth_edit,
    }
    if version.archive_url:  # written only when archived: files of unarchived articles stay as they were
        data["archive_url"] = version.archive_url
        data["archived_at"] = version.archived_at
    return data


def _claim_to_dict(claim: Claim) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": claim.id,
        "start": claim.start,
        "end": claim.end,
        "selector": {"exact": claim.selector.exact, "prefix": claim.selector.prefix, "suffix": claim.selector.suffix},
        "orphaned": claim.orphaned,
        "previous_exact": claim.previous_exact,
        "anchor_reason": claim.anchor_reason,
        "needs_review": claim.needs_review,
        "verdict": claim.verdict,
        "claimant": claim.claimant,
    }
    if claim.claimant_type is not None:  # optional: absent means "guess from the name"
        data["claimant_type"] = claim.claimant_type.value
    return data | {
        "restatement": claim.restatement,
        "rationale": claim.rationale,
        "evidence": [
            {"source_id": e.source_id, "stance": e.stance.value, "quote": e.quote, "note": e.note, "created": e.created}
            for e in claim.evidence
        ],
        "status": claim.status.value,
        "status_by": claim.status_by,
        "status_at": claim.status_at,
        "review_note": claim.review_note,
        "created": claim.created,
        "updated_by": claim.updated_by,
        "updated": claim.updated,
        **({"trace": trace_summary_to_dict(claim.trace)} if claim.trace is not None else {}),
    }


def trace_summary_to_dict(summary: TraceSummary) -> dict[str, Any]:
    """A claim's trace summary as kept in the file (the optional ``trace`` of a claim)."""
    def step(s: TraceStep) -> dict[str, Any]:
        return {"url": s.url, "title": s.title, "site": s.site, "published": s.published, "group": s.group}

    return {"origin": summary.origin or None, "origin_title": summary.origin_title,
            "origin_published": summary.origin_published, "origin_date_evidence": summary.origin_date_evidence,
            "independent_origins": summary.independent_origins, "chain": [step(s) for s in summary.chain],
            "appearances": [step(s) for s in summary.appearances], "warnings": list(summary.warnings),
            "pages": summary.pages, "traced_at": summary.traced_at}


def _read_trace(reader: _Reader) -> TraceSummary:
    def steps(key: str) -> tuple[TraceStep, ...]:
        found = []
        for j, entry in enumerate(reader.list(key)):
            s = _Reader(entry, f"{reader.path}.{key}[{j}]")
            found.append(TraceStep(s.str("url"), s.str("title"), s.str("site"), s.str("published"), s.int("group", 0)))
        return tuple(found)

    warnings = reader.list("warnings")
    if not all(isinstance(w, str) for w in warnings):
        raise CorruptFileError(f"{reader.path}.warnings should be a list of text.")
    return TraceSummary(origin=reader.str("origin"), origin_title=reader.str("origin_title"),
                        origin_published=reader.str("origin_published"),
                        origin_date_evidence=reader.str("origin_date_evidence"),
                        independent_origins=reader.int("independent_origins", 0), chain=steps("chain"),
                        appearances=steps("appearances"), warnings=tuple(warnings), pages=reader.int("pages", 0),
                        traced_at=reader.str("traced_at"))


def _source_to_dict(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": source.url,
        "final_url": source.final_url,
        "canonical_url": source.canonical_url,
        "redirects": list(source.redirects),
        "title": source.title,
        "site": source.site,
        "authors": list(source.authors),
        "published": source.published,
        "created": source.created,
        "modified": source.modified,
        "description": source.description,
        "language": source.language,
        "kind": source.kind.value,
        "fetched_at": source.fetched_at,
        "status": source.status,
        "content_type": source.content_type,
        "size": source.size,
        "sha256": source.sha256,
        "error": source.error,
        "archive_url": source.archive_url,
        "archived_at": source.archived_at,
        "text": source.text,
        "updated_by": source.updated_by,
    }


# -- limits -----------------------------------------------------------------------------


def article_size_problem(text_chars: int, sentence_count: int | None = None) -> str:
    """Why an article of this size is refused ("" if it is not): over :data:`MAX_TEXT_CHARS`
    characters or :data:`MAX_SENTENCES` sentences. The caller adds what to do."""
    if text_chars > MAX_TEXT_CHARS:
        return (f"the text is {text_chars:,} characters long, and an article may hold at most "
                f"{MAX_TEXT_CHARS:,} (about 3,500 pages)")
    if sentence_count is not None and sentence_count > MAX_SENTENCES:
        return f"the text has {sentence_count:,} sentences, and an article may hold at most {MAX_SENTENCES:,}"
    return ""


# -- text JSON can hold but an article cannot ------------------------------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_lone_surrogates(data: Any) -> int:
    """Replace every lone surrogate in the strings of a loaded JSON document by U+FFFD, in place.

    JSON may write half of a UTF-16 pair (``"\\ud800"``); Python keeps it as a character
    that cannot be encoded, so every later save of the article would fail. One character
    is replaced by one, so no offset moves. Returns how many strings were repaired.
    """
    repaired = 0
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            pairs: Any = node.items()
        elif isinstance(node, list):
            pairs = enumerate(node)
        else:
            continue
        fixes = []
        for key, value in pairs:
            if type(value) is str:
                if not value.isascii() and _LONE_SURROGATE.search(value):
                    fixes.append((key, _LONE_SURROGATE.sub("\ufffd", value)))
            elif isinstance(value, (dict, list)):
                stack.append(value)
        for key, value in fixes:
            node[key] = value
        repaired += len(fixes)
    return repaired


# -- reading ----------------------------------------------------------------------------


class _Reader:
    """Typed access to a dict that names the path of what is wrong."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise CorruptFileError(f"{path} should be an object, found {type(data).__name__}.")
        self.data, self.path = data, path

    def str(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise CorruptFileError(f"{self.path}.{key} should be text, found {type(value).__name__}.")
        return value

    def opt_str(self, key: builtins.str) -> builtins.str | None:
        value = self.data.get(key)
        return None if value is None else self.str(key)

    def int(self, key: builtins.str, default: builtins.int | None = None) -> builtins.int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise CorruptFileError(f"{self.path}.{key} should be a whole number.")
        if not -MAX_WHOLE_NUMBER <= value <= MAX_WHOLE_NUMBER:
            raise CorruptFileError(f"{self.path}.{key} is a number too large to be an offset or a size.")
        return value

    def opt_int(self, key: builtins.str) -> builtins.int | None:
        return None if self.data.get(key) is None else self.int(key)

    def bool(self, key: builtins.str, default: builtins.bool = False) -> builtins.bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise CorruptFileError(f"{self.path}.{key} should be true or false.")
        return value

    def list(self, key: builtins.str) -> builtins.list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise CorruptFileError(f"{self.path}.{key} should be a list.")
        return value

    def obj(self, key: builtins.str) -> _Reader:
        return _Reader(self.data.get(key, {}), f"{self.path}.{key}")


def schema_version_of(data: Any) -> int:
    """The schema version a loaded JSON document declares; raises CorruptFileError if it is no article."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise CorruptFileError("This is not a factcheck-gui article file (its 'format' is missing or different).")
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CorruptFileError("The article file has no valid 'schema_version'.")
    return version


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older article dict up to :data:`SCHEMA_VERSION`, one version at a time."""
    version = schema_version_of(data)
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise CorruptFileError(f"Schema version {version} cannot be migrated; no migration is known.")
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


def article_from_dict(data: Any, *, allow_newer: bool = False, notes: list[str] | None = None) -> Article:
    """Build an Article from a loaded JSON document.

    Older schema versions are migrated. A newer version raises SchemaVersionError
    unless *allow_newer*, in which case the known fields are read (for read-only use).
    Claims whose offsets no longer hold their text are re-anchored or orphaned.
    Lone surrogates are repaired (see :func:`repair_lone_surrogates`) and said so in
    *notes*. Raises CorruptFileError naming the first thing that is wrong, including an
    article over the limits of :func:`article_size_problem` or a number beyond
    :data:`MAX_WHOLE_NUMBER`.
    """
    version = schema_version_of(data)
    repaired = repair_lone_surrogates(data)
    if repaired and notes is not None:
        notes.append(
            f"{repaired} text field{'s' if repaired > 1 else ''} held half of a UTF-16 character pair, which no "
            "text can hold; each such character is shown as \ufffd and saved so from now on."
        )
    if version > SCHEMA_VERSION and not allow_newer:
        raise SchemaVersionError(
            f"This article was saved by a newer factcheck-gui (schema version {version}; "
            f"this version knows up to {SCHEMA_VERSION}). Update the app to edit it."
        )
    if version < SCHEMA_VERSION:
        data = migrate(data)
    root = _Reader(data, "article")
    text = root.str("text")
    too_big = article_size_problem(len(text), len(root.list("sentences")))
    if too_big:
        raise CorruptFileError(f"This article is too large to open: {too_big}.")
    meta = root.obj("meta")
    article = Article(
        text=text,
        id=root.str("id"),
        created=root.str("created"),
        updated=root.str("updated"),
        verdict_scale=root.str("verdict_scale", "default") or "default",
        meta=ArticleMeta(
            title=meta.str("title"),
            subtitle=meta.str("subtitle"),
            byline=meta.str("byline"),
            publisher=meta.str("publisher"),
            published=meta.str("published"),
            url=meta.str("url"),
            language=meta.str("language"),
        ),
        versions=[_read_version(item, i) for i, item in enumerate(root.list("versions"))],
    )
    if not article.id:
        raise CorruptFileError("The article file has no 'id'.")
    article.sentences = _read_sentences(root.list("sentences"), len(text))
    article.links = [link for i, item in enumerate(root.list("links")) if (link := _read_link(item, i, len(text)))]
    article.sources = [_read_source(item, i) for i, item in enumerate(root.list("sources"))]
    article.claims = [_read_claim(item, i) for i, item in enumerate(root.list("claims"))]
    reanchor_claims(text, article.claims)
    return article


def _read_sentences(items: list[Any], length: int) -> list[tuple[int, int]]:
    sentences = []
    for i, item in enumerate(items):
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in item)
        ):
            raise CorruptFileError(f"article.sentences[{i}] should be a pair of offsets.")
        start, end = item
        if 0 <= start < end <= length:
            sentences.append((start, end))
    return sentences


def _read_link(item: Any, index: int, length: int) -> Link | None:
    reader = _Reader(item, f"article.links[{index}]")
    start, end = reader.int("start"), reader.int("end")
    if not 0 <= start < end <= length:
        return None  # a link outside the text is dropped; the text is what counts
    return Link(start, end, reader.str("href"))


def _read_version(item: Any, index: int) -> TextVersion:
    reader = _Reader(item, f"article.versions[{index}]")
    kind = reader.str("kind", VersionKind.CAPTURE.value)
    if kind not in {k.value for k in VersionKind}:
        raise CorruptFileError(f"{reader.path}.kind '{kind}' is not capture, correction or refetch.")
    sha256 = reader.str("sha256")
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise CorruptFileError(f"{reader.path}.sha256 should be 64 hexadecimal digits.")
    return TextVersion(kind=VersionKind(kind), sha256=sha256, created=reader.str("created"), note=reader.str("note"),
                       origin=reader.str("origin"), stealth_edit=reader.bool("stealth_edit"),
                       archive_url=reader.str("archive_url"), archived_at=reader.str("archived_at"))


def _read_claim(item: Any, index: int) -> Claim:
    reader = _Reader(item, f"article.claims[{index}]")
    selector = reader.obj("selector")
    evidence = []
    for j, entry in enumerate(reader.list("evidence")):
        e = _Reader(entry, f"article.claims[{index}].evidence[{j}]")
        stance = e.str("stance", Stance.CONTEXT.value)
        if stance not in {s.value for s in Stance}:
            raise CorruptFileError(f"{e.path}.stance '{stance}' is not supports, refutes or context.")
        evidence.append(
            Evidence(source_id=e.str("source_id"), stance=Stance(stance), quote=e.str("quote"), note=e.str("note"),
                     created=e.str("created"))
        )
    claim_id = reader.str("id")
    if not claim_id:
        raise CorruptFileError(f"{reader.path} has no 'id'.")
    status = reader.str("status", ReviewStatus.DRAFT.value)
    if status not in {s.value for s in ReviewStatus}:
        raise CorruptFileError(f"{reader.path}.status '{status}' is not draft, in-review or approved.")
    return Claim(
        id=claim_id,
        start=reader.int("start", 0),
        end=reader.int("end", 0),
        selector=QuoteSelector(exact=selector.str("exact"), prefix=selector.str("prefix"), suffix=selector.str("suffix")),
        orphaned=reader.bool("orphaned"),
        previous_exact=reader.str("previous_exact"),
        anchor_reason=reader.str("anchor_reason"),
        needs_review=reader.bool("needs_review"),
        verdict=reader.opt_str("verdict"),
        claimant=reader.str("claimant"),
        claimant_type=_claimant_type(reader.opt_str("claimant_type")),
        restatement=reader.str("restatement"),
        rationale=reader.str("rationale"),
        evidence=evidence,
        created=reader.str("created"),
        updated=reader.str("updated"),
        trace=_read_trace(reader.obj("trace")) if reader.data.get("trace") is not None else None,
        updated_by=reader.str("updated_by"),
        status=ReviewStatus(status),
        status_by=reader.str("status_by"),
        status_at=reader.str("status_at"),
        review_note=reader.str("review_note"),
    )


def _claimant_type(value: str | None) -> ClaimantType | None:
    """The stored claimant type; a missing or unknown value means "guess from the name"."""
    return ClaimantType(value) if value in {t.value for t in ClaimantType} else None


def _read_source(item: Any, index: int) -> Source:
    reader = _Reader(item, f"article.sources[{index}]")
    kind = reader.str("kind", SourceKind.OTHER.value)
    authors = reader.list("authors")
    if not all(isinstance(a, str) for a in authors):
        raise CorruptFileError(f"{reader.path}.authors should be a list of names.")
    redirects = reader.list("redirects")
    if not all(isinstance(r, str) for r in redirects):
        raise CorruptFileError(f"{reader.path}.redirects should be a list of addresses.")
    source_id = reader.str("id")
    if not source_id:
        raise CorruptFileError(f"{reader.path} has no 'id'.")
    return Source(
        id=source_id,
        url=reader.str("url"),
        final_url=reader.str("final_url"),
        canonical_url=reader.str("canonical_url"),
        redirects=[str(r) for r in redirects],
        title=reader.str("title"),
        site=reader.str("site"),
        authors=list(authors),
        published=reader.str("published"),
        created=reader.str("created"),
        modified=reader.str("modified"),
        description=reader.str("description"),
        language=reader.str("language"),
        kind=SourceKind(kind) if kind in {k.value for k in SourceKind} else SourceKind.OTHER,
        fetched_at=reader.str("fetched_at"),
        status=reader.opt_int("status"),
        content_type=reader.str("content_type"),
        size=reader.opt_int("size"),
        sha256=reader.str("sha256"),
        error=reader.str("error"),
        archive_url=reader.str("archive_url"),
        archived_at=reader.str("archived_at"),
        text=reader.str("text"),
        updated_by=reader.str("updated_by"),
    )
