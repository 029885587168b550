"""``Article.snapshot()``: what the autosave and the exports read on another thread (issue 17).

A snapshot shares the copies of the claims and sources that did not change since the last one.
These tests change every field of the model, directly and through every editing function (and
their undo and redo), and check after each change that the next snapshot holds exactly what the
article holds, and that no snapshot taken before is reached by the change.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from itertools import chain
from typing import Any

import pytest

from factcheck_gui.core import editing
from factcheck_gui.core.merge import Conflict
from factcheck_gui.core.model import Article, Claim, Evidence, QuoteSelector, Source, SourceKind, TraceSummary
from factcheck_gui.core.schema import article_to_dict
from tests.test_jsonfile import change_each_field, sample_article


@pytest.fixture
def article() -> Article:
    return sample_article()


def same_content(copied: Article, article: Article) -> None:
    assert article_to_dict(copied) == article_to_dict(article)
    assert copied.version_texts == article.version_texts


@pytest.mark.parametrize("model", [Claim, QuoteSelector, Evidence, Source])
def test_every_field_changed_in_any_way_reaches_the_next_snapshot_and_no_earlier_one(article: Article,
                                                                                      model: type) -> None:
    earlier: list[tuple[Article, dict[str, Any]]] = []
    for name in chain(["(before)"], change_each_field(article, model)):  # each change, then its snapshot
        for copied, content in earlier:
            assert article_to_dict(copied) == content, f"a snapshot taken before was reached by {name}"
        copied = article.snapshot()
        assert article_to_dict(copied) == article_to_dict(article), name
        earlier.append((copied, article_to_dict(copied)))


def test_a_snapshot_after_one_edit_copies_only_the_claim_it_changed(article: Article) -> None:
    first = article.snapshot()
    dunford, other = article.claims
    editing.set_verdict(article, other.id, "true")
    second = article.snapshot()
    assert second.claims[0] is first.claims[0]  # unchanged: the same copy, not copied again
    assert second.sources[0] is first.sources[0]
    assert second.claims[1] is not first.claims[1] and second.claims[1].verdict == "true"
    assert first.claims[1].verdict is None
    assert second.claims[1] is not other  # never the article's own claim
    assert second.claims[0].evidence is not dunford.evidence  # nor its lists


def _edits(article: Article) -> list[tuple[str, Callable[[], Any]]]:
    """Every editing function, each returning its change (whose undo and redo are checked too)."""
    dunford, other = article.claims
    source = article.sources[0]
    start, end = editing.find_text(article, "Officials are making that all the more clear today")
    fresh = Source(url=source.url, final_url="https://www.defense.gov/final/", redirects=["https://r.example/"],
                   authors=["B. Writer"], title="Briefing, captured again", text="The whole briefing.")
    trace = TraceSummary(origin="https://example.org/", independent_origins=2)
    return [
        ("set_verdict", lambda: editing.set_verdict(article, other.id, "mostly-true")),
        ("set_claim_fields", lambda: editing.set_claim_fields(article, dunford.id, rationale="The transcript.",
                                                              claimant="Someone", restatement="Iraq wants no help.",
                                                              claimant_type="person")),
        ("set_claim_status", lambda: editing.set_claim_status(article, dunford.id, "in-review", "Check the date.")),
        ("set_trace", lambda: editing.set_trace(article, dunford.id, trace)),
        ("edit_meta", lambda: editing.edit_meta(article, byline="A. Reporter", published="2015-10-23")),
        ("rename_article", lambda: editing.rename_article(article, "A new headline")),
        ("store_and_pin (a new source)", lambda: editing.store_and_pin(
            article, other.id, Source(url="https://b.example/", authors=["C. Writer"]), "supports", quote="Q")),
        ("store_and_pin (the pin updated)", lambda: editing.store_and_pin(
            article, dunford.id, Source(url=source.url), "supports", note="A new note")),
        ("edit_evidence", lambda: editing.edit_evidence(article, dunford.id, source.id, stance="context",
                                                        quote="Another quote.", note="n")),
        ("set_source_kind", lambda: editing.set_source_kind(article, source.id, SourceKind.NEWS)),
        ("replace_capture", lambda: editing.replace_capture(article, source.id, fresh)),
        ("record_archive", lambda: editing.record_archive(article, source.id, "https://web.archive.org/x",
                                                          "2026-12-05T10:00:00Z")),
        ("unpin_source", lambda: editing.unpin_source(article, dunford.id, source.id)),
        ("add_claim", lambda: editing.add_claim(article, start, end - 5, verdict="false")),
        ("replace_text", lambda: editing.replace_text(
            article, article.text.replace("Officials are making", "Officials made", 1), "correction", note="typo")),
        ("attach_claim", lambda: editing.attach_claim(article, other.id, start, end)),
        ("mark_reviewed", lambda: editing.mark_reviewed(article, dunford.id)),
        ("record_version_archive", lambda: editing.record_version_archive(article, 0, "https://web.archive.org/y",
                                                                          "2026-12-05T11:00:00Z")),
        ("remove_claim", lambda: editing.remove_claim(article, other.id)),
    ]


def test_every_editing_function_its_undo_and_redo_reach_the_next_snapshot(article: Article) -> None:
    earlier: list[tuple[Article, dict[str, Any]]] = []

    def check(step: str) -> None:
        for copied, content in earlier:
            assert article_to_dict(copied) == content, f"a snapshot taken before was reached by {step}"
        copied = article.snapshot()
        same_content(copied, article)
        earlier.append((copied, article_to_dict(copied)))

    check("(before)")
    for name, edit in _edits(article):
        change = edit()
        check(name)
        if hasattr(change, "undo"):
            change.undo(article)
            check(f"{name}, undone")
            change.redo(article)
            check(f"{name}, redone")
        elif isinstance(change, Claim):  # add_claim: undone by removing it
            removed = editing.remove_claim(article, change.id)
            check(f"{name}, undone")
            editing.restore_claim(article, removed.claim, removed.position)
            check(f"{name}, redone")


def test_a_settled_sync_conflict_reaches_the_next_snapshot(article: Article) -> None:
    dunford = article.claims[0]
    article.snapshot()
    editing.set_claim_fields(article, dunford.id, rationale="Mine.")
    conflict = Conflict(article_id=article.id, claim_id=dunford.id, field="rationale", base="", mine="Mine.", theirs="Theirs.")
    assert editing.settle_conflict(article, conflict, "theirs")
    same_content(article.snapshot(), article)
    assert article.snapshot().claims[0].rationale == "Theirs."


def test_copies_made_by_copy_or_pickle_carry_no_remembered_snapshot(article: Article) -> None:
    copied = article.snapshot().claims[0]
    claim = article.claims[0]
    # While its copy is remembered a claim is named and compared as any claim.
    assert repr(claim).startswith("Claim(") and isinstance(claim, Claim)
    assert claim == copied and copied == claim and claim != article.claims[1]
    for twin in (copy.copy(claim), copy.deepcopy(claim), pickle.loads(pickle.dumps(claim))):
        assert twin == claim
        assert twin._snapshot_copy is not copied  # type: ignore[attr-defined]
    twin = copy.copy(claim)
    twin.verdict = "true"
    article.claims[0] = twin  # a claim put in another's place (sync, settle) is copied for the snapshot
    assert article.snapshot().claims[0].verdict == "true"


def test_a_snapshot_of_a_snapshot_is_a_copy_too(article: Article) -> None:
    copied = article.snapshot()
    again = copied.snapshot()
    same_content(again, article)
    assert again.claims[0] is not copied.claims[0]
