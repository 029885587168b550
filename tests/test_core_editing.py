"""Every edit a user can make, in core and without Qt: what it changes, what it returns, and its undo/redo.

Each test makes an edit on a sample article, checks the model and the change returned, then
undoes it (the article is as before, the claim's ``updated`` time included) and redoes it
(the article is as after the edit, same ids and times).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from factcheck_gui.core import editing
from factcheck_gui.core.errors import InputError, NotFoundError
from factcheck_gui.core.model import (
    Article,
    ArticleMeta,
    ClaimantType,
    Source,
    SourceKind,
    Stance,
)
from factcheck_gui.core.schema import article_from_dict, article_to_dict
from factcheck_gui.core.settings import Settings, set_setting, validate_settings

OLD = "2020-01-02T03:04:05Z"


def _state(article: Article) -> dict[str, Any]:
    """The article as saved, less its own ``updated`` time (every edit and undo moves it on)."""
    data = article_to_dict(article)
    del data["updated"]
    return data


@pytest.fixture
def article(sample_text: str) -> Article:
    article = editing.new_article(sample_text)
    editing.add_claim_for_text(article, "Iraq would lose all sorts of US aid")
    source = Source(url="https://example.org/briefing", title="Briefing", text="The aid continues.")
    editing.add_source(article, source)
    editing.pin_source(article, article.claims[0].id, source.id, Stance.REFUTES, quote="aid", note="n")
    article.claims[0].updated = OLD
    return article


def _check_undo_redo(article: Article, edit: Callable[[Article], Any]) -> Any:
    before = _state(article)
    change = edit(article)
    after = _state(article)
    assert after != before, "the edit changed nothing"
    change.undo(article)
    assert _state(article) == before
    change.redo(article)
    assert _state(article) == after
    change.undo(article)
    assert _state(article) == before
    return change


def claim_of(article: Article):  # noqa: ANN201 - Claim
    return article.claims[0]


# -- claims --------------------------------------------------------------------------------


def test_add_claim_for_text_marks_the_place_and_remove_and_restore_undo_it(article):
    claim = editing.add_claim_for_text(article, "Russia for help", verdict="false", claimant="Ruling party",
                                       claimant_type="organization")
    assert article.text[claim.start:claim.end] == "Russia for help" and claim.verdict == "false"
    assert claim.claimant_type is ClaimantType.ORGANIZATION
    before = _state(article)
    removed = editing.remove_claim(article, claim.id)
    assert removed.claim is claim and removed.position == len(article.claims)
    assert claim.id not in [c.id for c in article.claims]
    removed.undo(article)
    assert _state(article) == before
    removed.redo(article)
    assert claim.id not in [c.id for c in article.claims]
    with pytest.raises(InputError, match="does not occur"):
        editing.add_claim_for_text(article, "words that are not there")


def test_set_verdict_returns_the_old_verdict_and_time(article):
    claim = claim_of(article)
    change = _check_undo_redo(article, lambda a: editing.set_verdict(a, claim.id, "Mostly false"))
    assert change.old == {"verdict": None} and change.new == {"verdict": "mostly-false"}
    assert change.old_updated == OLD and change.new_updated != OLD
    assert claim.updated == OLD and claim.verdict is None  # undone last
    with pytest.raises(InputError, match="Unknown verdict"):
        editing.set_verdict(article, claim.id, "sort of")
    with pytest.raises(NotFoundError):
        editing.set_verdict(article, "c-nope", "false")


def test_set_claim_fields_changes_only_what_is_given(article):
    claim = claim_of(article)
    change = _check_undo_redo(article, lambda a: editing.set_claim_fields(
        a, claim.id, rationale="The ministry says so.", claimant="Gen. Joe Dunford", claimant_type="person"))
    assert change.old == {"rationale": "", "claimant": "", "claimant_type": None}
    assert change.new == {"rationale": "The ministry says so.", "claimant": "Gen. Joe Dunford",
                          "claimant_type": ClaimantType.PERSON}
    change.redo(article)
    assert (claim.rationale, claim.claimant, claim.claimant_type, claim.restatement) == (
        "The ministry says so.", "Gen. Joe Dunford", ClaimantType.PERSON, "")
    back = editing.set_claim_fields(article, claim.id, claimant_type="auto", restatement="Iraq loses US aid.")
    assert claim.claimant_type is None and back.old["claimant_type"] is ClaimantType.PERSON
    with pytest.raises(InputError, match="Nothing to change"):
        editing.set_claim_fields(article, claim.id)
    with pytest.raises(InputError, match="person, organization or auto"):
        editing.set_claim_fields(article, claim.id, claimant_type="robot")


def test_typing_merges_into_one_change_and_typing_back_is_empty(article):
    claim = claim_of(article)
    first = editing.set_claim_fields(article, claim.id, rationale="F")
    second = editing.set_claim_fields(article, claim.id, rationale="Fa")
    merged = first.then(second)
    assert merged.old == {"rationale": ""} and merged.new == {"rationale": "Fa"} and not merged.is_empty
    merged.undo(article)
    assert claim.rationale == "" and claim.updated == OLD
    typed_back = first.then(editing.set_claim_fields(article, claim.id, rationale=""))
    assert typed_back.is_empty


def test_claimant_type_is_an_optional_field_of_the_article_file(article):
    claim = claim_of(article)
    data = article_to_dict(article)
    assert "claimant_type" not in data["claims"][0]  # not set: the file is as before
    editing.set_claim_fields(article, claim.id, claimant_type=ClaimantType.ORGANIZATION)
    data = article_to_dict(article)
    assert data["claims"][0]["claimant_type"] == "organization"
    assert article_from_dict(copy.deepcopy(data)).claims[0].claimant_type is ClaimantType.ORGANIZATION
    data["claims"][0]["claimant_type"] = "something-newer"
    assert article_from_dict(data).claims[0].claimant_type is None  # unknown: guessed again


# -- article details -------------------------------------------------------------------------


def test_edit_meta_replaces_the_details_and_checks_the_address(article):
    change = _check_undo_redo(article, lambda a: editing.edit_meta(a, publisher="  Antiwar.com ",
                                                                   url="https://antiwar.example/x"))
    assert change.old.publisher == "" and change.new.publisher == "Antiwar.com"
    assert change.new.url == "https://antiwar.example/x"
    whole = ArticleMeta(title="New", url="https://example.org/a")
    editing.edit_meta(article, whole)
    assert article.meta == whole and article.meta is not whole
    with pytest.raises(InputError, match="not a web address"):
        editing.edit_meta(article, url="antiwar.com/x")
    with pytest.raises(InputError, match="no detail called"):
        editing.edit_meta(article, colour="red")


def test_rename_article_changes_the_title_only(article):
    old_title = article.meta.title
    change = _check_undo_redo(article, lambda a: editing.rename_article(a, "  A  better title "))
    assert change.old.title == old_title and change.new.title == "A better title"
    with pytest.raises(InputError, match="title is empty"):
        editing.rename_article(article, "   ")


# -- sources and evidence ---------------------------------------------------------------------


def test_store_and_pin_adds_a_new_source_and_undo_removes_it(article):
    claim = claim_of(article)
    fresh = Source(url="https://example.org/report", title="Report")
    pinned = _check_undo_redo(article, lambda a: editing.store_and_pin(a, claim.id, fresh, "supports", "q", "n"))
    assert pinned.source_added and pinned.previous is None and pinned.source is fresh
    assert fresh not in article.sources and claim.updated == OLD
    pinned.redo(article)
    assert article.sources[-1] is fresh and editing.get_evidence(article, claim.id, fresh.id).stance is Stance.SUPPORTS


def test_store_and_pin_reuses_the_source_kept_for_the_address_and_updates_a_pin(article):
    claim = claim_of(article)
    kept = article.sources[0]
    again = Source(url=kept.url, title="Fetched again")
    pinned = _check_undo_redo(article, lambda a: editing.store_and_pin(a, claim.id, again, "context"))
    assert not pinned.source_added and pinned.source is kept and pinned.capture is None
    assert pinned.previous is not None and pinned.previous.stance is Stance.REFUTES
    pinned.redo(article)
    evidence = editing.get_evidence(article, claim.id, kept.id)
    assert evidence.stance is Stance.CONTEXT and evidence.quote == "aid"  # an empty quote keeps the old one
    assert len(article.sources) == 1 and kept.title == "Briefing"


def test_store_and_pin_gives_a_failed_source_the_new_capture(article):
    claim = claim_of(article)
    failed = Source(url="https://example.org/down", error="The server answered 503.", kind=SourceKind.OFFICIAL)
    editing.add_source(article, failed)
    works = Source(url="https://example.org/down", title="Up again", text="Text", status=200, kind=SourceKind.NEWS)
    pinned = _check_undo_redo(article, lambda a: editing.store_and_pin(a, claim.id, works))
    assert pinned.capture is not None and pinned.source is failed
    assert failed.error == "The server answered 503." and failed.title == ""  # undone
    pinned.redo(article)
    assert (failed.title, failed.error, failed.status, failed.kind) == ("Up again", "", 200, SourceKind.OFFICIAL)
    assert failed.id != works.id and works not in article.sources


def test_unpin_source_removes_a_source_no_other_claim_pins(article):
    claim = claim_of(article)
    source = article.sources[0]
    unpinned = _check_undo_redo(article, lambda a: editing.unpin_source(a, claim.id, source.id))
    assert unpinned.source is source and unpinned.evidence.source_id == source.id
    other = editing.add_claim_for_text(article, "Russia for help")
    editing.pin_source(article, other.id, source.id)
    shared = editing.unpin_source(article, claim.id, source.id)
    assert shared.source is None and source in article.sources  # still pinned by the other claim
    with pytest.raises(NotFoundError, match="not pinned"):
        editing.unpin_source(article, claim.id, source.id)


def test_edit_evidence_changes_stance_quote_and_note(article):
    claim = claim_of(article)
    source_id = article.sources[0].id
    change = _check_undo_redo(article, lambda a: editing.edit_evidence(a, claim.id, source_id, stance="supports",
                                                                       note="checked"))
    assert change.old == {"stance": Stance.REFUTES, "note": "n"}
    assert change.new == {"stance": Stance.SUPPORTS, "note": "checked"}
    cleared = editing.edit_evidence(article, claim.id, source_id, quote="")
    assert editing.get_evidence(article, claim.id, source_id).quote == "" and cleared.old == {"quote": "aid"}
    with pytest.raises(InputError, match="Unknown stance"):
        editing.edit_evidence(article, claim.id, source_id, stance="maybe")


def test_set_source_kind(article):
    source = article.sources[0]
    change = _check_undo_redo(article, lambda a: editing.set_source_kind(a, source.id, "official"))
    assert change.old == {"kind": SourceKind.OTHER} and change.new == {"kind": SourceKind.OFFICIAL}
    with pytest.raises(InputError, match="Unknown source kind"):
        editing.set_source_kind(article, source.id, "blog")


def test_replace_capture_keeps_id_url_kind_and_archive(article):
    source = article.sources[0]
    editing.record_archive(article, source.id, "https://web.archive.org/x", OLD)
    editing.set_source_kind(article, source.id, "official")
    fresh = Source(url="https://elsewhere.example/", title="Briefing, updated", text="New text", status=200,
                   kind=SourceKind.NEWS)
    change = _check_undo_redo(article, lambda a: editing.replace_capture(a, source.id, fresh))
    assert change.old["title"] == "Briefing" and change.new["text"] == "New text"
    change.redo(article)
    assert (source.url, source.kind, source.archive_url) == (
        "https://example.org/briefing", SourceKind.OFFICIAL, "https://web.archive.org/x")
    assert source.id != fresh.id and source.title == "Briefing, updated"


def test_record_archive(article):
    source = article.sources[0]
    change = _check_undo_redo(article, lambda a: editing.record_archive(a, source.id, "https://web.archive.org/y",
                                                                        "2026-12-04T10:00:00Z"))
    assert change.old == {"archive_url": "", "archived_at": ""}
    assert change.new == {"archive_url": "https://web.archive.org/y", "archived_at": "2026-12-04T10:00:00Z"}


# -- settings ---------------------------------------------------------------------------------


def test_settings_are_checked_in_core():
    settings = Settings()
    set_setting(settings, "fetch-timeout-seconds", "30")
    assert settings.fetch_timeout_seconds == 30.0
    with pytest.raises(InputError, match="needs a float"):
        set_setting(settings, "fetch_timeout_seconds", "soon")
    with pytest.raises(InputError, match="no setting"):
        set_setting(settings, "colour", "red")
    set_setting(settings, "review_url_pattern", "checks/{article_id}")
    [(field, message)] = validate_settings(settings)
    assert field == "review_url_pattern" and "must be a web address" in message
