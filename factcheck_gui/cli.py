"""The ``factcheck`` command: the library without a window.

Every verb takes ``--data-dir``. A user's mistake (a bad argument included) prints
one line on stderr and exits 1; ``--json`` output is valid JSON on stdout.

A verb that changes an article is one locked operation on the latest file
(:func:`_edit`, ``Library.edit``): read, one call to ``core.editing`` (the same
functions the window's undo commands call), save.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from factcheck_gui import __version__
from factcheck_gui.core import editing
from factcheck_gui.core.errors import FactcheckError, InputError
from factcheck_gui.core.model import Article, Claim
from factcheck_gui.core.schema import article_to_dict
from factcheck_gui.core.sentences import split_sentences
from factcheck_gui.core.text import counted, normalize_newlines
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale, shown_verdict, verdict_label, verdict_names
from factcheck_gui.store.library import Library, OpenArticle
from factcheck_gui.store.paths import resolve_data_dir

if TYPE_CHECKING:
    from factcheck_gui.core.model import Article
    from factcheck_gui.core.settings import Settings
    from factcheck_gui.store.search_index import SearchIndex

EXIT_ERROR = 1


class _ArgumentParser(argparse.ArgumentParser):
    """argparse, but a wrong argument is one line on stderr and exit code 1 (``--help`` shows the usage)."""

    def error(self, message: str) -> NoReturn:
        message = message[:1].upper() + message[1:].rstrip(".")
        self.exit(EXIT_ERROR, f"factcheck: error: {message}. See `{self.prog} --help`.\n")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _library(args: argparse.Namespace) -> Library:
    """The library of ``--data-dir``; edits are recorded as made by the author its settings name."""
    library = Library(resolve_data_dir(args.data_dir))
    _use_settings_author(library)
    return library


def _use_settings_author(library: Library) -> tuple[str, str]:
    """Record edits as made by the settings' author; returns (name, e-mail)."""
    from factcheck_gui.core.authors import use_author
    from factcheck_gui.store.settings import load_settings

    settings, warning = load_settings(library.root)
    if warning:  # said once: the bad file is set aside now, so a later read finds none
        print(f"factcheck: warning: {warning}", file=sys.stderr)
    use_author(settings.author_name, settings.author_email)
    return settings.author_name, settings.author_email


def _read_input(target: str, empty: str) -> tuple[str, str]:
    """(raw text, name) from a file path or '-' for standard input; *empty* says what an empty one means."""
    from factcheck_gui.importer import decode_text, read_import_file

    if target == "-":
        data = sys.stdin.buffer.read()
        return decode_text(data, "standard input", empty), "standard input"
    path = Path(target)
    return decode_text(read_import_file(path), path.name, empty), path.name


def _claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.exact,
        "verdict": claim.verdict,
        "verdict_label": verdict_label(claim.verdict) if claim.verdict else None,
        "claimant": claim.claimant,
        "claimant_type": claim.claimant_type.value if claim.claimant_type else None,
        "restatement": claim.restatement,
        "rationale": claim.rationale,
        "orphaned": claim.orphaned,
        "anchor": claim.anchor,
        "previous_text": claim.previous_exact,
        "needs_review": claim.needs_review,
        "evidence": len(claim.evidence),
        "status": claim.status.value,
        "status_by": claim.status_by,
        "status_at": claim.status_at,
        "review_note": claim.review_note,
        "updated_by": claim.updated_by,
    }


# -- verbs -------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from factcheck_gui import importer
    from factcheck_gui.net.urls import read_address, web_address_guess

    target = args.source
    address = read_address(target, local_files=True) if target != "-" else None
    if address is not None and address.kind == "web":
        article = importer.article_from_url(target)
    elif target == "-":
        data = sys.stdin.buffer.read()
        if importer.looks_like_json(data):  # an article file piped in
            article = importer.article_from_article_file(data, "standard input")
        else:
            raw = importer.decode_text(data, "standard input")
            article = importer.article_from_html(raw) if importer._looks_like_html(raw) else importer.article_from_text(
                raw, markdown=args.markdown
            )
    else:
        path = Path(address.value if address is not None else target)
        guess = web_address_guess(target) if not path.exists() else ""
        if guess:  # "example.com/story": no such file, and it reads as a web address without https://
            raise InputError(f"There is no file {target}. Did you mean {guess}? A web address to import starts "
                             "with https://.")
        article = importer.article_from_file(path)
    details = {field: getattr(args, field) for field in IMPORT_META_FIELDS if getattr(args, field)}
    if details:
        editing.edit_meta(article, **details)
    library = _library(args)
    library.add(article, new_id_if_taken=True)  # an article file imported twice gets a new id
    if args.json:
        _print_json({"id": article.id, "title": article.title, "sentences": len(article.sentences)})
    else:
        print(article.id)
    return 0


IMPORT_META_FIELDS = ("title", "publisher", "byline", "url", "published")


def cmd_list(args: argparse.Namespace) -> int:
    if not args.json:
        return _list_lines(args)
    summaries, problems = _library(args).summaries()
    for problem in problems:
        print(f"factcheck: warning: {problem.message}", file=sys.stderr)
    _print_json(
        [
            {
                "id": s.id, "title": s.title, "publisher": s.publisher, "published": s.published, "url": s.url,
                "claims": s.claim_count, "sources": s.source_count, "updated": s.updated, "read_only": s.read_only,
                "verdicts": {(k or "unjudged"): v for k, v in s.verdict_counts.items()},
            }
            for s in summaries
        ]
    )
    return 0


def _list_lines(args: argparse.Namespace) -> int:
    """``factcheck list``: one line per article, as the index stores them when no file changed."""
    text, problems = _library(args).list_text()
    for problem in problems:
        print(f"factcheck: warning: {problem.message}", file=sys.stderr)
    if not text:
        print("The library is empty. Import an article with: factcheck import FILE|URL|-")
        return 0
    sys.stdout.write(text + "\n")  # one write: 10,000 print() calls cost more than the listing itself
    return 0


def _open(args: argparse.Namespace, library: Library | None = None) -> tuple[Library, OpenArticle]:
    library = library or _library(args)
    handle = library.open(library.resolve_id(args.id))
    for note in handle.problems:
        print(f"factcheck: warning: {note}", file=sys.stderr)
    return library, handle


def _edit(args: argparse.Namespace) -> AbstractContextManager[OpenArticle]:
    """The article of ``args.id``, locked, read and saved as one operation (Library.edit)."""
    library = _library(args)
    return library.edit(library.resolve_id(args.id))


def cmd_show(args: argparse.Namespace) -> int:
    library, handle = _open(args)
    article = handle.article
    if handle.read_only:
        print(f"factcheck: warning: {handle.read_only_reason}", file=sys.stderr)
    if args.json:
        _print_json(article_to_dict(article))
        return 0
    meta = article.meta
    print(article.title)
    for label, value in (("Subtitle", meta.subtitle), ("By", meta.byline), ("Publisher", meta.publisher),
                         ("Published", meta.published), ("URL", meta.url)):
        if value:
            print(f"{label}: {value}")
    print(f"Id: {article.id}  ·  {counted(len(article.sentences), 'sentence')}  ·  {counted(len(article.claims), 'claim')}"
          f"  ·  {counted(len(article.sources), 'source')}")
    marks = _conflict_marks(library, article.id)
    for line in marks.get("", []):
        print(f"  ! {line}")
    for claim in article.claims_in_reading_order():
        _print_claim_line(claim)
        for line in marks.get(claim.id, []):
            print(f"      ! {line}")
    return 0


def _print_claim_line(claim: Claim) -> None:
    text = claim.exact if len(claim.exact) <= 90 else claim.exact[:89] + "\u2026"
    state = " (orphaned)" if claim.orphaned else " (wording changed)" if claim.anchor == "edited" else ""
    if claim.needs_review:
        state += " (verdict to review)"
    print(f"  {claim.id}  [{verdict_label(claim.verdict)}]{state}  {text}")


def cmd_sentences(args: argparse.Namespace) -> int:
    try:
        raw, _ = _read_input(args.file, "there is no text to split")
    except InputError as exc:
        if "is empty" not in str(exc):
            raise
        raw = ""  # an empty text has no sentences
    text = normalize_newlines(raw)
    spans = split_sentences(text)
    if args.json:
        _print_json([{"start": s, "end": e, "text": text[s:e]} for s, e in spans])
    else:
        for s, e in spans:
            print(text[s:e].replace("\n", " "))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from factcheck_gui.export import ExportOptions, export_article
    from factcheck_gui.store.settings import load_settings

    if args.format == "pdf" and (not args.output or args.output == "-"):
        raise InputError("A PDF is a binary file: name it with -o FILE, e.g. -o fact-check.pdf.")
    library, handle = _open(args)
    settings, warning = load_settings(library.root)
    if warning:
        print(f"factcheck: warning: {warning}", file=sys.stderr)
    options = ExportOptions(include_unjudged=not args.judged_only, include_article_text=not args.no_article_text,
                            approved_only=args.approved_only)
    if args.format == "pdf":
        return _export_pdf(handle.article, options, settings, Path(args.output))
    text = export_article(handle.article, args.format, options, settings)
    if args.format == "claimreview":
        from factcheck_gui.export.claimreview import claimreview_warnings

        for warning in claimreview_warnings(handle.article, settings):
            print(f"factcheck: warning: {warning}", file=sys.stderr)
    if args.output and args.output != "-":
        from factcheck_gui.store.atomic import atomic_write_bytes

        atomic_write_bytes(Path(args.output), text.encode("utf-8"))
        print(f"Exported to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    return 0


def _export_pdf(article: Article, options: Any, settings: Any, output: Path) -> int:
    """The PDF, laid out by Qt offscreen: the one place the command line imports Qt (docs/architecture.md)."""
    from factcheck_gui.store.atomic import atomic_write_bytes
    from factcheck_gui.ui.pdf import ensure_gui_application, export_pdf

    ensure_gui_application()
    atomic_write_bytes(output, export_pdf(article, options, settings))
    print(f"Exported to {output}", file=sys.stderr)
    return 0


def cmd_claim_add(args: argparse.Namespace) -> int:
    with _edit(args) as handle:
        claim = editing.add_claim_for_text(
            handle.article, args.text, verdict=args.verdict, rationale=args.rationale or "",
            claimant=args.claimant or "", restatement=args.restatement or "", claimant_type=args.claimant_type)
    if args.json:
        _print_json(_claim_json(claim))
    else:
        print(claim.id)
    return 0


def cmd_claim_list(args: argparse.Namespace) -> int:
    _, handle = _open(args)
    claims = handle.article.claims_in_reading_order()
    if args.json:
        _print_json([_claim_json(c) for c in claims])
    elif not claims:
        print("No claims yet. Add one with: factcheck claim add ID --text \"...\" --verdict false")
    else:
        for claim in claims:
            _print_claim_line(claim)
    return 0


META_FIELDS = editing.META_FIELDS


def cmd_edit(args: argparse.Namespace) -> int:
    changes = {field: getattr(args, field) for field in META_FIELDS if getattr(args, field) is not None}
    if not changes:
        raise InputError("Nothing to change: give --title, --subtitle, --byline, --publisher, --published, --url or --language.")
    with _edit(args) as handle:
        editing.edit_meta(handle.article, **changes)
    if args.json:
        _print_json(article_to_dict(handle.article)["meta"])
    return 0


def cmd_claim_delete(args: argparse.Namespace) -> int:
    library = _library(args)
    with library.edit(library.resolve_id(args.id)) as handle:
        removed = editing.remove_claim(handle.article, editing.resolve_claim_id(handle.article, args.claim_id))
    print(f"Deleted claim {removed.claim.id}; the previous version of the article is in {library.backups_dir}.",
          file=sys.stderr)
    return 0


CLAIM_SET_OPTIONS = ("verdict", "rationale", "claimant", "claimant_type", "restatement")


def cmd_claim_set(args: argparse.Namespace) -> int:
    review = args.status is not None or args.note is not None
    if all(getattr(args, name) is None for name in CLAIM_SET_OPTIONS) and not review:
        raise InputError("Nothing to change: give --verdict, --rationale, --claimant, --claimant-type, --restatement, "
                         "--status or --note.")
    given: dict[str, Any] = {name: getattr(args, name) for name in CLAIM_SET_OPTIONS if getattr(args, name) is not None}
    if "verdict" in given and given["verdict"].strip().casefold() in ("", "none"):
        given["verdict"] = None  # clear it
    if args.status is not None:
        editing.resolve_status(args.status)  # a wrong status fails before anything changes
    with _edit(args) as handle:
        claim_id = editing.resolve_claim_id(handle.article, args.claim_id)
        if given:
            editing.set_claim_fields(handle.article, claim_id, **given)
        if review:
            editing.set_claim_status(handle.article, claim_id, args.status, args.note)
    claim = handle.article.claim(claim_id)
    if args.json:
        _print_json(_claim_json(claim))
    else:
        _print_claim_line(claim)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    import dataclasses

    from factcheck_gui.core.settings import Settings, set_setting, validate_settings
    from factcheck_gui.store.settings import load_settings, save_settings

    library = _library(args)
    settings, warning = load_settings(library.root)
    if warning:
        print(f"factcheck: warning: {warning}", file=sys.stderr)
    for assignment in args.set or []:
        name, sep, value = assignment.partition("=")
        if not sep:
            names = ", ".join(f.name for f in dataclasses.fields(Settings))
            raise InputError(f"Use --set NAME=VALUE with one of: {names}.")
        set_setting(settings, name, value)
    problems = validate_settings(settings)
    if args.set and problems:
        raise InputError(problems[0][1])
    if args.set:
        save_settings(library.root, settings)
    values = dataclasses.asdict(settings)
    if args.json:
        _print_json(values)
    else:
        for name, value in values.items():
            print(f"{name} = {value}")
    return 0


# -- sources -------------------------------------------------------------------------------

_FILE_TYPES = {".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
               ".pdf": "application/pdf", ".txt": "text/plain", ".text": "text/plain", ".md": "text/plain"}


def _fetch_settings(args: argparse.Namespace) -> Settings:
    """The library's settings (timeouts, size cap); reading them creates nothing."""
    from factcheck_gui.store.settings import load_settings

    settings, warning = load_settings(resolve_data_dir(args.data_dir))
    if warning:
        print(f"factcheck: warning: {warning}", file=sys.stderr)
    return settings


def _fetch_as_url(target: str) -> bool:
    """An existing file, or a name with a file suffix, is read locally; anything else is an address."""
    if "://" in target:
        return True
    return not Path(target).exists() and Path(target).suffix.lower() not in _FILE_TYPES


def _fetched_json(target: str, settings: Any) -> dict[str, Any]:
    """One input of ``factcheck fetch``: a URL fetched, or a local file read like a fetched body."""
    from factcheck_gui.core.clock import utc_now
    from factcheck_gui.core.text import sha256_bytes
    from factcheck_gui.fetching import fetch_page
    from factcheck_gui.net.document import read_document
    from factcheck_gui.net.kinds import guess_kind
    from factcheck_gui.net.urls import host_of

    if _fetch_as_url(target):
        result = fetch_page(target, settings)
        data: dict[str, Any] = {
            "input": target,
            "url": result.requested_url,
            "final_url": result.final_url,
            "redirects": [{"url": r.url, "status": r.status, "location": r.location} for r in result.redirects],
            "status": result.status,
            "content_type": result.content_type,
            "size": result.size,
            "sha256": result.sha256,
            "fetched_at": result.fetched_at,
        }
        document: Any = result
        site = result.site or host_of(result.final_url)
        kind = guess_kind(result.final_url, result.content_type, result)
    else:
        from factcheck_gui.importer import read_import_file

        path = Path(target)
        body = read_import_file(path)
        content_type = _FILE_TYPES.get(path.suffix.lower(), "")
        document = read_document(body, content_type, path.name)
        data = {
            "input": target,
            "file": str(path.resolve()),
            "url": "",
            "final_url": "",
            "redirects": [],
            "status": None,
            "content_type": content_type,
            "size": len(body),
            "sha256": sha256_bytes(body),
            "fetched_at": utc_now(),
        }
        site = document.site
        kind = guess_kind("", content_type, document)
    data.update({
        "title": document.title,
        "site": site,
        "authors": list(document.authors),
        "published": document.published,
        "created": document.created,
        "modified": document.modified,
        "canonical_url": document.canonical_url,
        "description": document.description,
        "language": document.language,
        "kind": kind.value,
        "note": document.note,
        "text": document.text,
        "links": [{"start": link.start, "end": link.end, "href": link.href} for link in document.links],
    })
    return data


def cmd_fetch(args: argparse.Namespace) -> int:
    settings = _fetch_settings(args)
    results: list[dict[str, Any]] = []
    failed = 0
    for target in args.targets:
        try:
            results.append(_fetched_json(target, settings))
        except FactcheckError as exc:
            failed += 1
            results.append({"input": target, "error": str(exc)})
            if not args.json:
                print(f"factcheck: error: {target}: {exc}", file=sys.stderr)
    if args.json:
        _print_json(results)
    else:
        first = True
        for data in results:
            if "error" in data:
                continue
            if not first:
                print("\n" + "-" * 72 + "\n")
            first = False
            print(data["title"] or data["final_url"] or data["input"])
            where = data["final_url"] or data.get("file", "")
            facts = [f"HTTP {data['status']}" if data["status"] else "local file", data["content_type"] or "unknown type",
                     f"{data['size']} bytes", f"kind {data['kind']}"]
            print(f"{where}  ({', '.join(facts)})")
            for label, key in (("Site", "site"), ("Published", "published")):
                if data[key]:
                    print(f"{label}: {data[key]}")
            if data["authors"]:
                print("By: " + ", ".join(data["authors"]))
            print(f"SHA-256: {data['sha256']}")
            if data["note"]:
                print(f"Note: {data['note']}")
            print()
            print(data["text"])
    return EXIT_ERROR if failed else 0


def cmd_source_add(args: argparse.Namespace) -> int:
    from factcheck_gui.core.errors import ReadOnlyError
    from factcheck_gui.core.quotecheck import QUOTE_NOT_FOUND, quote_on_page
    from factcheck_gui.fetching import fetch_source
    from factcheck_gui.net.urls import normalize_url

    library, handle = _open(args)
    if handle.read_only:
        raise ReadOnlyError(handle.read_only_reason)
    args.claim_id = editing.resolve_claim_id(handle.article, args.claim_id)  # a wrong id fails before any fetch
    stance = editing.resolve_stance(args.stance)
    url = normalize_url(args.url)
    known = handle.article.source_by_url(url) or handle.article.source_by_url(args.url.strip())
    if known is not None and not known.error:
        source = known
    else:
        source = fetch_source(url, _fetch_settings(args), library)  # its snapshot kept in the library
    with library.edit(handle.article.id) as handle:  # read again under the lock: the fetch may have taken a while
        pinned = editing.store_and_pin(handle.article, args.claim_id, source, stance, args.quote or "",
                                       args.note or "")
    stored, evidence = pinned.source, pinned.evidence
    if pinned.previous is not None:
        print(f"factcheck: note: the source was already pinned to this claim ({pinned.previous.stance.value}); "
              "its pin is updated, not added twice.", file=sys.stderr)
    if quote_on_page(evidence.quote, stored) is False:
        print(f"factcheck: warning: the quote was {QUOTE_NOT_FOUND} (the text captured from the source); check it "
              "against the page. The exports mark it so.", file=sys.stderr)
    if args.json:
        _print_json(_pin_json(args.claim_id, stored, evidence))
    else:
        print(stored.id)
    return 0


def _pin_json(claim_id: str, source: Any, evidence: Any) -> dict[str, Any]:
    """A claim's pin of a source as ``source add --json`` and ``source list --json`` print it."""
    from factcheck_gui.core.quotecheck import quote_on_page

    return {"source_id": evidence.source_id, "claim_id": claim_id,
            "url": source.url if source else "", "final_url": source.final_url if source else "",
            "title": source.title if source else "", "status": source.status if source else None,
            "sha256": source.sha256 if source else "", "stance": evidence.stance.value, "quote": evidence.quote,
            "quote_on_page": quote_on_page(evidence.quote, source), "note": evidence.note}


def cmd_source_list(args: argparse.Namespace) -> int:
    from factcheck_gui.core.quotecheck import QUOTE_NOT_FOUND, quote_on_page
    from factcheck_gui.core.text import quoted

    _, handle = _open(args)
    article = handle.article
    claim = article.claim(editing.resolve_claim_id(article, args.claim_id))
    pins = []
    for evidence in claim.evidence:
        try:
            source = article.source(evidence.source_id)
        except KeyError:
            source = None  # a pin whose source the article lacks: listed, with what is known
        pins.append((source, evidence))
    if args.json:
        _print_json([_pin_json(claim.id, source, evidence) for source, evidence in pins])
        return 0
    if not pins:
        print(f"No sources pinned to this claim yet. Pin one with: factcheck source add {article.id} {claim.id} URL")
        return 0
    for source, evidence in pins:
        title = source.display_title if source else "(a source missing from the article)"
        address = (source.final_url or source.url) if source else ""
        print(f"  {evidence.source_id}  [{evidence.stance.label}]  {title}  {address}".rstrip())
        if evidence.quote:
            missing = f"  ({QUOTE_NOT_FOUND})" if quote_on_page(evidence.quote, source) is False else ""
            print(f"      Quote: {quoted(evidence.quote)}{missing}")
        if evidence.note:
            print(f"      Note: {evidence.note}")
    return 0


def cmd_source_remove(args: argparse.Namespace) -> int:
    library = _library(args)
    with library.edit(library.resolve_id(args.id)) as handle:
        claim_id = editing.resolve_claim_id(handle.article, args.claim_id)
        source_id = editing.resolve_pinned_source_id(handle.article, claim_id, args.source_id)
        try:
            title = handle.article.source(source_id).display_title
        except KeyError:
            title = source_id
        removed = editing.unpin_source(handle.article, claim_id, source_id)
    gone = (" No other claim pins it, so it left the article (its snapshot stays in the library)."
            if removed.source is not None else "")
    print(f"Removed {title} from claim {claim_id}.{gone}", file=sys.stderr)
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    from factcheck_gui.tracing import crawl, start_addresses

    if args.depth < 0 or args.max_pages < 1:
        raise InputError("Give a depth of 0 or more and at least one page (--max-pages 1 or more).")
    library, handle = _open(args)
    claim = editing.get_claim(handle.article, editing.resolve_claim_id(handle.article, args.claim_id))
    start = start_addresses(handle.article, claim)
    if not start:
        raise InputError("The claim has no pinned source and the article has no link near it, so a trace has "
                         f"nowhere to start. Pin a source first: factcheck source add {handle.article.id} {claim.id} URL")
    result = crawl(claim.exact, start, _fetch_settings(args), library, depth=args.depth, max_pages=args.max_pages,
                   archive_lookup=args.archive_dates)
    summary = result.summary()
    if handle.read_only:
        print(f"factcheck: warning: the trace is not kept with the claim: {handle.read_only_reason}", file=sys.stderr)
    else:
        with library.edit(handle.article.id) as handle:  # read again under the lock: the crawl took a while
            editing.set_trace(handle.article, claim.id, summary)
    if args.json:
        _print_json(result.trace.to_json())
        return 0
    nodes = result.trace.nodes
    if summary.origin:
        dated = f"published {summary.origin_published} ({summary.origin_date_evidence})" if summary.origin_published \
            else "no date"
        print(f"Origin: {summary.origin_title or summary.origin}  {summary.origin}  ({dated})")
    else:
        print("Origin: none found (no page read carries the claim)")
    print(f"Independent origins: {summary.independent_origins}")
    if summary.chain:
        print("Chain: " + " \u2192 ".join(step.title or step.url for step in summary.chain))
    print(f"Pages read: {len(result.pages)}, {sum(n.carries_claim for n in nodes)} carry the claim"
          + (f"; {result.unfollowed} links left unfollowed (page budget spent)" if result.unfollowed else ""))
    for step in summary.appearances:
        print(f"  {step.published or 'no date':10}  group {step.group}  {step.title or step.url}  {step.url}")
    for page in result.pages:
        if page.error:
            print(f"  could not read {page.url}: {page.error}")
    for warning in summary.warnings:
        print(f"Warning: {warning}")
    return 0
# -- sharing through git ------------------------------------------------------------------------

EXIT_CONFLICTS = 3


def cmd_sync(args: argparse.Namespace) -> int:
    from factcheck_gui import sync

    library = _library(args)
    name, email = _use_settings_author(library)
    action, rest = (args.action[0], args.action[1:]) if args.action else ("", [])
    if action == "resolve":
        if len(rest) != 3 or args.take is None:
            raise InputError("Use: factcheck sync resolve ARTICLE_ID CLAIM_ID FIELD --take mine|theirs.")
        changed = sync.resolve(library.root, rest[0], rest[1], rest[2], args.take)
        left = sync.pending_conflicts(library.root)
        if args.json:
            _print_json({"changed": changed, "conflicts": [c.to_json() for c in left]})
        else:
            print(f"Settled; {len(left)} conflict{'s' if len(left) != 1 else ''} left. "
                  "Run `factcheck sync` to share the choice.", file=sys.stderr)
        return 0
    if action in ("init", "clone"):
        if len(rest) != 1:
            raise InputError(f"Use: factcheck sync {action} REMOTE (the address or folder of a git repository).")
        result = sync.init(library.root, rest[0], name, email) if action == "init" else sync.clone(library.root, rest[0])
    elif action:
        raise InputError(f"Unknown sync action \u201c{action}\u201d. Use init, clone or resolve, or nothing to sync.")
    else:
        result = sync.sync(library.root, name, email)
    if args.json:
        data = result.to_json()
        _print_json(data)
    else:
        for note in result.notes:
            print(f"factcheck: note: {note}", file=sys.stderr)
        print(f"Pulled {result.pulled}, pushed {result.pushed}, merged {result.merged} article files.")
        for conflict in result.conflicts:
            where = f"claim {conflict.claim_id}" if conflict.claim_id else "the article"
            print(f"Conflict in {conflict.article_id}, {where}, {conflict.field}: yours {conflict.mine!r}, "
                  f"theirs {conflict.theirs!r}")
        if result.conflicts:
            print("Settle each with: factcheck sync resolve ARTICLE_ID CLAIM_ID FIELD --take mine|theirs",
                  file=sys.stderr)
        for waiting in result.waiting:
            print(_waiting_line(waiting))
    return EXIT_CONFLICTS if result.conflicts else 0


def _waiting_line(waiting: Any) -> str:
    """A conflict someone else's sync met (sync.SharedConflict): whose value is in the file, what waits."""
    from factcheck_gui.core.authors import author_name

    where = f"claim {waiting.claim_id}" if waiting.claim_id else "the article"
    who = author_name(waiting.met_by) or "someone"
    return (f"Conflict waiting for {who} in {waiting.article_id}, {where}, {waiting.field}: {_brief(waiting.kept)} is "
            f"in the file until {who} chooses between it and {_brief(waiting.other)}")


def _brief(value: Any, limit: int = 120) -> str:
    """A conflict's value for one line: its repr (hidden characters escaped), cut at *limit* characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _conflict_marks(library: Library, article_id: str) -> dict[str, list[str]]:
    """Claim id ("" for the article) -> lines saying which conflicts wait on it, when the library is shared."""
    from factcheck_gui import sync

    marks: dict[str, list[str]] = {}
    if not sync.is_shared(library.root):
        return marks
    for conflict in sync.open_conflicts(library.root):
        if conflict.article_id == article_id:
            marks.setdefault(conflict.claim_id, []).append(
                f"conflict on {conflict.field}: yours {_brief(conflict.mine)} is in the file, theirs "
                f"{_brief(conflict.theirs)}; "
                "settle it with `factcheck sync resolve`")
    for waiting in sync.waiting_conflicts(library.root):
        if waiting.article_id == article_id:
            from factcheck_gui.core.authors import author_name

            who = author_name(waiting.met_by) or "someone"
            marks.setdefault(waiting.claim_id, []).append(
                f"conflict on {waiting.field}, waiting for {who}: {_brief(waiting.kept)} is in the file, "
                f"{_brief(waiting.other)} waits for their choice")
    return marks


# -- seen before? search, similar, reviews ----------------------------------------------------


def _fresh_index(library: Library) -> SearchIndex:
    """The library's search index, brought up to date with its files (an in-memory one where the
    folder cannot hold an index). Prints the library's problems as warnings."""
    from factcheck_gui.store.library_index import refresh
    from factcheck_gui.store.search_index import SearchIndex

    index = library.search_index() or SearchIndex(":memory:")
    _summaries, problems = refresh(library, index)
    for problem in problems:
        print(f"factcheck: warning: {problem.message}", file=sys.stderr)
    return index


def _hit_verdict(hit: Any) -> str:
    return shown_verdict(hit.verdict, from_library=hit.origin == "library")


def _hit_json(hit: Any, *, kind: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"text": hit.text, "verdict": _hit_verdict(hit), "publisher": hit.publisher,
                            "date": hit.date, "url": hit.url, "origin": hit.origin}
    if hit.origin == "library":
        data["article_id"] = hit.article_id
        if hit.claim_id or not kind:
            data["claim_id"] = hit.claim_id
    if kind:
        data = {"kind": hit.kind, **data, "claimant": hit.claimant}
        if hit.kind == "source":
            data["source_id"] = hit.source_id
        if hit.title:
            data["title"] = hit.title
    else:
        data["score"] = hit.score
        data["match"] = hit.match
    return data


def _hit_line(hit: Any) -> str:
    what = " \u00b7 ".join(p for p in (_hit_verdict(hit), hit.publisher, hit.date[:10]) if p)
    where = f"{hit.article_id}/{hit.claim_id}" if hit.claim_id else (hit.article_id or hit.url)
    return f"{hit.kind:<7} {_quoted_text(hit.text, 100)}\n        {what}  {where}".rstrip()


def _quoted_text(text: str, width: int) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= width else text[: width - 1] + "\u2026") + "\u201d"


def cmd_search(args: argparse.Namespace) -> int:
    from factcheck_gui.core.dates import check_date_bound

    since = check_date_bound(args.since or "", "--since date")
    until = check_date_bound(args.until or "", "--until date")
    library = _library(args)
    index = _fresh_index(library)
    kinds = args.kind or ["claim", "review", "article", "source"]
    hits = index.search(args.query, kinds=kinds, verdict=verdict_names(args.verdict or ""),
                        claimant=args.claimant or "", publisher=args.publisher or "", since=since,
                        until=until, limit=args.limit)
    if args.json:
        _print_json([_hit_json(hit, kind=True) for hit in hits])
        return 0
    if not hits:
        print("Nothing in the library matches. Try fewer words or filters.")
        return 0
    for hit in hits:
        print(_hit_line(hit))
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    if not args.text.strip():
        raise InputError("Give the text of a claim to look for, in quotation marks.")
    if args.limit < 1:
        raise InputError("--limit must be 1 or more.")
    index = _fresh_index(_library(args))
    hits = index.similar(args.text, limit=args.limit)
    if args.json:
        _print_json([_hit_json(hit) for hit in hits])
        return 0
    if not hits:
        print("No earlier claim or imported review shares its words.")
        return 0
    for hit in hits:
        mark = "MATCH" if hit.match else f"{hit.score:.2f} "
        print(f"{mark:<6} {_hit_line(hit)}" + (f"\n        (not the same claim: {hit.reason})" if hit.reason and
                                                 hit.score >= 0.5 else ""))
    return 0


def cmd_reviews_import(args: argparse.Namespace) -> int:
    from factcheck_gui.fetching import read_reviews
    from factcheck_gui.store.reviews import add_reviews

    library = _library(args)
    settings = _fetch_settings(args)
    results: list[dict[str, Any]] = []
    failed = 0
    for target in args.targets:
        try:
            reviews = read_reviews(target, settings)
            added, repeated = add_reviews(library, reviews)
        except FactcheckError as exc:
            failed += 1
            results.append({"input": target, "error": str(exc)})
            if not args.json:
                print(f"factcheck: error: {target}: {exc}", file=sys.stderr)
            continue
        results.append({"input": target, "found": len(reviews), "added": len(added), "already": repeated})
        if not args.json:
            note = f" ({repeated} already imported)" if repeated else ""
            print(f"{target}: {counted(len(added), 'review')} imported{note}.")
            if not reviews:
                print(f"factcheck: warning: {target} holds no ClaimReview with a claim.", file=sys.stderr)
    if args.json:
        _print_json(results)
    return EXIT_ERROR if failed else 0


def cmd_reviews_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from factcheck_gui.store.reviews import load_reviews

    reviews = sorted(load_reviews(_library(args)), key=lambda review: review.date, reverse=True)
    if args.json:
        _print_json([asdict(review) | {"appearances": list(review.appearances)} for review in reviews])
        return 0
    if not reviews:
        print("No reviews imported. Import earlier fact-checks with: factcheck reviews import FILE|URL")
        return 0
    for review in reviews:
        what = " \u00b7 ".join(p for p in (review.verdict, review.publisher, review.date[:10]) if p)
        print(f"{_quoted_text(review.claim, 100)}\n    {what}  {review.url}".rstrip())
    return 0


# -- the text and its versions (issue 16) -------------------------------------------------------


def _placement_line(article: Article, placement: Any) -> str:
    """One line for a claim that is not ``exact`` after the text changed."""
    from factcheck_gui.core.text import quoted

    claim = editing.get_claim(article, placement.claim_id)
    if placement.state == "edited":
        return f"{claim.id}  edited    {quoted(claim.previous_exact)} -> {quoted(claim.exact)}"
    return f"{claim.id}  orphaned  {quoted(claim.exact)}  ({placement.reason})"


def cmd_text_set(args: argparse.Namespace) -> int:
    raw, name = _read_input(args.file, "there is no corrected text to set; the article's text is unchanged")
    text = "\n".join(line.rstrip() for line in normalize_newlines(raw).strip("\n").split("\n"))
    with _edit(args) as handle:
        change = editing.replace_text(handle.article, text, "correction", note=args.note or "", origin=name)
    for placement in change.not_exact():
        print(_placement_line(handle.article, placement))
    print(f"Saved the corrected text as version {len(handle.article.versions)}; "
          f"`factcheck text show {handle.article.id} --version 1` prints the first.", file=sys.stderr)
    return 0


def cmd_text_show(args: argparse.Namespace) -> int:
    from factcheck_gui.core.versions import version_index

    library, handle = _open(args)
    article = handle.article
    index = version_index(article, args.version) if args.version is not None else len(article.versions) - 1
    text = library.version_text(article, index)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _version_json(article: Article, index: int) -> dict[str, Any]:
    version = article.versions[index]
    return {"n": index + 1, "kind": version.kind.value, "created": version.created, "sha256": version.sha256,
            "note": version.note, "origin": version.origin, "stealth_edit": version.stealth_edit,
            "archive_url": version.archive_url, "archived_at": version.archived_at,
            "current": index == len(article.versions) - 1}


def cmd_versions(args: argparse.Namespace) -> int:
    _, handle = _open(args)
    article = handle.article
    rows = [_version_json(article, i) for i in range(len(article.versions))]
    if args.json:
        _print_json(rows)
        return 0
    for row in rows:
        flags = "  possible stealth edit" if row["stealth_edit"] else ""
        note = f"  {row['note']}" if row["note"] else ""
        print(f"{row['n']:>3}  {row['kind']:<10}  {row['created']}  {row['sha256'][:12]}{flags}{note}")
    return 0


def cmd_refetch(args: argparse.Namespace) -> int:
    from factcheck_gui import importer
    from factcheck_gui.core.errors import ReadOnlyError
    from factcheck_gui.core.text import is_web_url
    from factcheck_gui.core.versions import last_fetched_version

    library, handle = _open(args)
    if handle.read_only:
        raise ReadOnlyError(handle.read_only_reason)
    article = handle.article
    url = article.meta.url or next((v.origin for v in reversed(article.versions) if is_web_url(v.origin)), "")
    if not is_web_url(url):
        raise InputError("The article has no web address to fetch again; set one with `factcheck edit ID --url URL`.")
    settings = _fetch_settings(args)
    fetched = importer.article_from_url(url, settings=settings)
    archive, archive_problem = _archive_page_now(url, settings) if args.archive else (None, "")
    with library.edit(article.id) as handle:  # the latest file: the fetch may have taken a while
        article = handle.article
        try:
            previous = library.version_text(article, last_fetched_version(article))
        except FactcheckError:
            previous = article.text  # the page's last text is not kept: compare with the current one
        outcome = editing.apply_refetch(article, fetched.text, origin=fetched.meta.url or url,
                                        previous_page_text=previous, links=fetched.links)
        if archive is not None:  # the copy is of the page as fetched now: the version with its wording
            editing.record_version_archive(article, last_fetched_version(article), *archive)
    placements = outcome.change.not_exact() if outcome.change is not None else []
    archived_version = last_fetched_version(article) + 1
    if args.json:
        _print_json({
            "changed": outcome.assessment.changed,
            "new_version": outcome.change is not None,
            "version": _version_json(article, len(article.versions) - 1),
            "stealth_edit": outcome.change is not None and outcome.assessment.stealth_edit,
            "notices": outcome.assessment.notices,
            "message": outcome.assessment.summary,
            "claims": [{"id": p.claim_id, "anchor": p.state, "reason": p.reason} for p in placements],
            **({"archive": {"version": archived_version, "archive_url": archive[0], "archived_at": archive[1]}
                if archive else {"archive_error": archive_problem} if args.archive else {}}),
        })
        return 0
    if outcome.change is None:
        print("The page was fetched again: no change in wording; no new version.")
    else:
        print(f"The page changed: version {len(article.versions)} saved; {outcome.assessment.summary}.")
        for placement in placements:
            print(_placement_line(article, placement))
    if archive is not None:
        print(f"Archived copy of version {archived_version}: {archive[0]}")
    elif args.archive:
        print(archive_problem, file=sys.stderr)
    return 0


def _archive_page_now(url: str, settings: Settings) -> tuple[tuple[str, str] | None, str]:
    """Save Page Now's copy of *url* as (archive_url, archived_at), or None and why there is none.

    Only a copy made now records a version: an older copy found instead shows an earlier page.
    """
    from factcheck_gui.fetching import archive_page

    try:
        outcome = archive_page(url, settings)
    except FactcheckError as error:
        return None, f"The page could not be archived: {error}"
    if not outcome.saved_now:
        return None, (f"The Internet Archive made no copy now ({outcome.note}); its latest copy, "
                      f"{outcome.archive_url}, is of an earlier page and was not recorded.")
    return (outcome.archive_url, outcome.archived_at), ""


# -- parser --------------------------------------------------------------------------------


CLAIMANT_TYPE_HELP = ("person or organization (ClaimReview's author type of the claim); "
                      "auto guesses it from the claimant's name")


def _verdict_help(scale: VerdictScale = DEFAULT_SCALE, clear: bool = False) -> str:
    """The verdicts a claim can be given, from *scale* (every article uses the default scale today)."""
    keys = ", ".join(verdict.key for verdict in scale.verdicts)
    example = next((v.label for v in scale.verdicts if " " in v.label), scale.verdicts[0].label)
    return (f"one of: {keys} (or its label, e.g. '{example}', or its number, 1 to {len(scale.verdicts)})"
            + ("; none clears it" if clear else ""))


def build_parser() -> argparse.ArgumentParser:
    common = _ArgumentParser(add_help=False)
    data_dir_help = "library folder (default: $FACTCHECK_DATA_DIR or the user data folder)"
    # SUPPRESS: a --data-dir given before the verb is not reset by the verb's own default.
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_dir_help)
    json_flag = _ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="print JSON")

    parser = _ArgumentParser(prog="factcheck", description="Fact-check articles claim by claim, from the command line.")
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", default=None, help=data_dir_help)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True

    p = verbs.add_parser("import", parents=[common, json_flag], help="import an article; prints its id")
    p.add_argument("source", metavar="FILE|URL|-",
                   help="a .txt, .md or .html file, an article file (.json, as exported), a URL, or - for standard input")
    p.add_argument("--markdown", action="store_true", help="standard input is Markdown")
    for field in IMPORT_META_FIELDS:
        p.add_argument(f"--{field}", help=f"set the article's {field}")
    p.set_defaults(run=cmd_import)

    p = verbs.add_parser("edit", parents=[common, json_flag], help="change an article's details (title, URL...)")
    p.add_argument("id", metavar="ID")
    for field in META_FIELDS:
        p.add_argument(f"--{field}", help=f"the article's {field}")
    p.set_defaults(run=cmd_edit)

    p = verbs.add_parser("list", parents=[common, json_flag], help="list the articles")
    p.set_defaults(run=cmd_list)

    p = verbs.add_parser("show", parents=[common, json_flag], help="show an article and its claims")
    p.add_argument("id", metavar="ID")
    p.set_defaults(run=cmd_show)

    p = verbs.add_parser("sentences", parents=[common, json_flag], help="split a text into sentences")
    p.add_argument("file", metavar="FILE|-")
    p.set_defaults(run=cmd_sentences)

    p = verbs.add_parser("export", parents=[common], help="export the fact-check")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", "-f", default="md", choices=["md", "html", "claimreview", "csv", "json", "pdf"])
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output (required for pdf)")
    p.add_argument("--judged-only", action="store_true", help="leave out claims without a verdict")
    p.add_argument("--no-article-text", action="store_true", help="leave the article text out of the HTML")
    p.add_argument("--approved-only", action="store_true", help="list only the claims a reviewer approved")
    p.set_defaults(run=cmd_export)

    claim = verbs.add_parser("claim", help="add, list or change claims")
    claim_verbs = claim.add_subparsers(dest="claim_verb", metavar="VERB")
    claim_verbs.required = True
    p = claim_verbs.add_parser("add", parents=[common, json_flag], help="mark a text of the article as a claim")
    p.add_argument("id", metavar="ID")
    p.add_argument("--text", required=True, help="the exact text of the claim, as it stands in the article")
    p.add_argument("--verdict", help=_verdict_help())
    p.add_argument("--rationale")
    p.add_argument("--claimant")
    p.add_argument("--claimant-type", metavar="TYPE", help=CLAIMANT_TYPE_HELP)
    p.add_argument("--restatement")
    p.set_defaults(run=cmd_claim_add)
    p = claim_verbs.add_parser("list", parents=[common, json_flag], help="list an article's claims")
    p.add_argument("id", metavar="ID")
    p.set_defaults(run=cmd_claim_list)
    p = claim_verbs.add_parser("delete", parents=[common], help="delete a claim")
    p.add_argument("id", metavar="ID")
    p.add_argument("claim_id", metavar="CLAIM_ID")
    p.set_defaults(run=cmd_claim_delete)
    p = claim_verbs.add_parser("set", parents=[common, json_flag], help="change a claim's verdict or text fields")
    p.add_argument("id", metavar="ID")
    p.add_argument("claim_id", metavar="CLAIM_ID")
    p.add_argument("--verdict", help=_verdict_help(clear=True))
    p.add_argument("--rationale")
    p.add_argument("--claimant")
    p.add_argument("--claimant-type", metavar="TYPE", help=CLAIMANT_TYPE_HELP)
    p.add_argument("--restatement")
    p.add_argument("--status", help="the review status: draft, in-review or approved (you are recorded as who set it)")
    p.add_argument("--note", help="the reviewer's note")
    p.set_defaults(run=cmd_claim_set)

    p = verbs.add_parser("fetch", parents=[common, json_flag],
                         help="fetch web pages or read local files as sources; prints metadata and text")
    p.add_argument("targets", nargs="+", metavar="URL|FILE",
                   help="web addresses, or local .html, .pdf or .txt files read as if fetched (no network)")
    p.epilog = ("With --json, prints a JSON array with one object per input, in order; an input that failed is "
                "an object with \"input\" and \"error\". The exit code is 1 if any input failed.")
    p.set_defaults(run=cmd_fetch)

    source = verbs.add_parser("source", help="pin sources to claims, list or remove them")
    source_verbs = source.add_subparsers(dest="source_verb", metavar="VERB")
    source_verbs.required = True
    p = source_verbs.add_parser("add", parents=[common, json_flag],
                                help="fetch a URL, keep its snapshot and pin it to a claim; prints the source id")
    p.add_argument("id", metavar="ID", help="the article id (or a unique prefix)")
    p.add_argument("claim_id", metavar="CLAIM_ID")
    p.add_argument("url", metavar="URL")
    p.add_argument("--stance", default="context", choices=["supports", "refutes", "context"],
                   help="how the source bears on the claim (default: context)")
    p.add_argument("--quote", help="the passage of the source that matters, as it stands there")
    p.add_argument("--note", help="a note on what the source shows")
    p.epilog = ("With --json, prints {\"source_id\", \"claim_id\", \"url\", \"final_url\", \"title\", \"status\", "
                "\"sha256\", \"stance\", \"quote\", \"quote_on_page\", \"note\"}; quote_on_page is false when the "
                "quote is not in the text captured from the page, null without a quote or text.")
    p.set_defaults(run=cmd_source_add)
    p = source_verbs.add_parser("list", parents=[common, json_flag],
                                help="list the sources pinned to a claim, with stance, quote and note")
    p.add_argument("id", metavar="ID", help="the article id (or a unique prefix)")
    p.add_argument("claim_id", metavar="CLAIM_ID")
    p.epilog = "With --json, a list of the objects `source add --json` prints, in pinning order."
    p.set_defaults(run=cmd_source_list)
    p = source_verbs.add_parser("remove", parents=[common],
                                help="remove a source from a claim (a source no other claim pins leaves the article; "
                                     "its snapshot stays)")
    p.add_argument("id", metavar="ID", help="the article id (or a unique prefix)")
    p.add_argument("claim_id", metavar="CLAIM_ID")
    p.add_argument("source_id", metavar="SOURCE_ID", help="the source id (or a unique prefix), as `source list` shows")
    p.set_defaults(run=cmd_source_remove)

    p = verbs.add_parser("trace", parents=[common, json_flag],
                         help="trace a claim to its origin from its pinned sources; keeps the summary with the claim")
    p.add_argument("id", metavar="ID", help="the article id (or a unique prefix)")
    p.add_argument("claim_id", metavar="CLAIM_ID")
    p.add_argument("--depth", type=int, default=2,
                   help="links followed from pages that do not carry the claim (default 2; a carrier's own "
                        "citations are always followed)")
    p.add_argument("--max-pages", type=int, default=50, help="pages fetched at most (default 50)")
    p.add_argument("--archive-dates", action="store_true",
                   help="date pages that give no date by their first capture in the Internet Archive (asks it)")
    p.set_defaults(run=cmd_trace)
    p = verbs.add_parser("sync", parents=[common, json_flag], help="share the library through git: init, clone, sync, resolve",
                         usage="factcheck sync [--json] | sync init REMOTE | sync clone REMOTE | "
                               "sync resolve ARTICLE_ID CLAIM_ID FIELD --take mine|theirs")
    p.add_argument("action", nargs="*", metavar="ACTION",
                   help="nothing: commit your changes, fetch, merge claim by claim and push; "
                        "init REMOTE: share this library; clone REMOTE: fill an empty library from a shared one; "
                        "resolve ARTICLE_ID CLAIM_ID FIELD: settle a conflict")
    p.add_argument("--take", choices=["mine", "theirs"], help="with resolve: the value to keep")
    p.epilog = (f"Exit status {EXIT_CONFLICTS} when conflicts wait to be settled, 1 on an error (init and clone then leave "
                "the library unchanged). Needs git. With --json, prints "
                '{"pulled", "pushed", "merged", "conflicts": [{"article_id", "claim_id", "field", "mine", "theirs"}]}, '
                'and "notes", "set_aside" (files set aside here, restored or kept, never deleted for the others) and '
                '"waiting" (conflicts someone else met: their value is in the file until they choose).')
    p.set_defaults(run=cmd_sync)

    p = verbs.add_parser("search", parents=[common, json_flag],
                         help="search the whole library: claims, imported reviews, articles and sources")
    p.add_argument("query", metavar="QUERY", nargs="?", default="",
                   help="words to find (all of them, in any form: 'vaccines' finds 'vaccine'); empty lists by filter")
    p.add_argument("--verdict", help="only items with this verdict (a key, label or number of the scale, or a review's rating)")
    p.add_argument("--claimant", help="only claims and reviews whose claimant contains this")
    p.add_argument("--publisher", help="only items whose publisher contains this")
    p.add_argument("--since", metavar="DATE",
                   help="only items published on or after DATE (2015-10-23, 23 October 2015, 2015-10 or 2015)")
    p.add_argument("--until", metavar="DATE",
                   help="only items published on or before DATE (2015-10-23, 23 October 2015, 2015-10 or 2015)")
    p.add_argument("--kind", action="append", choices=["claim", "review", "article", "source"],
                   help="only this kind of item; may be repeated (default: all)")
    p.add_argument("--limit", type=int, default=50, help="at most this many results (default 50)")
    p.set_defaults(run=cmd_search)

    p = verbs.add_parser("similar", parents=[common, json_flag],
                         help="seen before? earlier claims of the library and imported reviews like TEXT")
    p.add_argument("text", metavar="TEXT", help="the claim, in quotation marks")
    p.add_argument("--limit", type=int, default=10, help="at most this many results (default 10)")
    p.epilog = ("Offline: nothing is sent anywhere. With --json, a ranked list; each item has text, verdict, publisher, "
                "date, url, origin (library or review), article_id and claim_id (library items), score (0..1) and "
                "match (true when taken to be the same claim).")
    p.set_defaults(run=cmd_similar)

    reviews = verbs.add_parser("reviews", help="import and list earlier fact-checks (ClaimReview)")
    review_verbs = reviews.add_subparsers(dest="reviews_verb", metavar="VERB")
    review_verbs.required = True
    p = review_verbs.add_parser("import", parents=[common, json_flag],
                                help="import ClaimReview JSON-LD: files, feeds or web pages; re-importing adds nothing twice")
    p.add_argument("targets", nargs="+", metavar="FILE|URL")
    p.set_defaults(run=cmd_reviews_import)
    p = review_verbs.add_parser("list", parents=[common, json_flag], help="list the imported reviews, newest first")
    p.set_defaults(run=cmd_reviews_list)

    text = verbs.add_parser("text", help="correct the article text, or print a version of it")
    text_verbs = text.add_subparsers(dest="text_verb", metavar="VERB")
    text_verbs.required = True
    p = text_verbs.add_parser("set", parents=[common],
                              help="replace the text with a corrected one (the old one stays a version); "
                                   "prints a line for every claim that is not exact")
    p.add_argument("id", metavar="ID")
    p.add_argument("file", metavar="FILE|-", help="plain text, paragraphs separated by a blank line; - for standard input")
    p.add_argument("--note", help="why the text was corrected")
    p.set_defaults(run=cmd_text_set)
    p = text_verbs.add_parser("show", parents=[common], help="print the text (or version N of it)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--version", type=int, metavar="N", help="the version number (1 is the first capture; -1 the last)")
    p.set_defaults(run=cmd_text_show)

    p = verbs.add_parser("versions", parents=[common, json_flag], help="list the versions of an article's text")
    p.add_argument("id", metavar="ID")
    p.set_defaults(run=cmd_versions)

    p = verbs.add_parser("refetch", parents=[common, json_flag],
                         help="fetch the article's page again; a new version if its wording changed")
    p.add_argument("id", metavar="ID")
    p.add_argument("--archive", action="store_true",
                   help="also ask the Internet Archive for a copy of the page, recorded on the version it shows")
    p.set_defaults(run=cmd_refetch)

    p = verbs.add_parser("settings", parents=[common, json_flag], help="show or change settings (organisation, review URL...)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="change a setting; may be repeated")
    p.set_defaults(run=cmd_settings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``factcheck``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except FactcheckError as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("factcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not the user's mistake: one line, the details on request
        if os.environ.get("FACTCHECK_DEBUG"):
            raise
        print(f"factcheck: internal error: {type(exc).__name__}: {exc} (run again with FACTCHECK_DEBUG=1 "
              "for the details, and please report it)", file=sys.stderr)
        return EXIT_ERROR
    finally:
        indexing = sys.modules.get("factcheck_gui.store.library_index")
        if indexing is not None:  # what this command saved joins the library's search index now
            indexing.index_pending()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
