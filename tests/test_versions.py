"""Versions of the article text (issue 16): corrections and re-fetches as versions, claims placed on
each new text, the older texts kept beside the article file, schema 1 files migrated."""

from __future__ import annotations

import json

import pytest

from factcheck_gui.core.editing import (
    add_claim,
    attach_claim,
    find_text,
    mark_reviewed,
    new_article,
    replace_text,
)
from factcheck_gui.core.errors import InputError, NotFoundError
from factcheck_gui.core.model import Link, VersionKind
from factcheck_gui.core.schema import SCHEMA_VERSION, article_from_dict, article_to_dict
from factcheck_gui.core.text import sha256_text
from factcheck_gui.core.versions import (
    assess_refetch,
    changed_claims,
    claim_spans,
    diff_versions,
)
from factcheck_gui.store.library import Library

TEXT = (
    "Headline of the story\n\n"
    "Kristi NoemKristi Lynn NoemSouth Dakota governor doubles down MORE (R) is defending the plan.\n\n"
    "The governor said 50 advisers would leave. Officials declined to comment.\n\n"
    "The ruling party urged the prime minister to ask Russia for help."
)
FIXED = TEXT.replace("Kristi NoemKristi Lynn NoemSouth Dakota governor doubles down MORE (R)", "Kristi Noem (R)")


def article_with_claims():
    article = new_article(TEXT)
    advisers = add_claim(article, *find_text(article, "The governor said 50 advisers would leave."), verdict="false")
    russia = add_claim(article, *find_text(article, "The ruling party urged the prime minister to ask Russia for help."))
    defending = add_claim(article, *find_text(article, "is defending the plan."))
    return article, advisers, russia, defending


def test_a_new_article_has_its_first_capture_as_version_one():
    article = new_article(TEXT)
    (capture,) = article.versions
    assert capture.kind == VersionKind.CAPTURE and capture.sha256 == sha256_text(TEXT)


def test_a_correction_is_a_new_version_and_claims_follow_their_words():
    article, advisers, russia, defending = article_with_claims()
    change = replace_text(article, FIXED, "correction", note="hover card removed")
    assert article.text == FIXED
    assert [v.kind for v in article.versions] == [VersionKind.CAPTURE, VersionKind.CORRECTION]
    assert article.versions[-1].note == "hover card removed" and article.versions[-1].sha256 == sha256_text(FIXED)
    assert article.version_texts[sha256_text(TEXT)] == TEXT  # kept for the store to write
    for claim in (advisers, russia, defending):
        assert claim.anchor == "exact" and FIXED[claim.start : claim.end] == claim.exact
    assert change.not_exact() == []
    assert article.sentences and article.sentences[-1][1] <= len(FIXED)


def test_a_changed_number_is_edited_keeps_the_old_wording_and_marks_the_verdict_for_review():
    article, advisers, russia, _ = article_with_claims()
    new = TEXT.replace("50 advisers", "60 advisers").replace("The ruling party urged the prime minister to ask Russia for help.",
                                                             "Nobody asked anyone for anything today.")
    change = replace_text(article, new, "refetch", origin="https://example.org/story", stealth_edit=True)
    assert advisers.anchor == "edited" and advisers.previous_exact == "The governor said 50 advisers would leave."
    assert advisers.exact == "The governor said 60 advisers would leave." and advisers.needs_review
    assert russia.anchor == "orphaned" and russia.exact.startswith("The ruling party") and russia.anchor_reason
    assert not russia.needs_review  # it had no verdict
    assert {p.claim_id for p in change.not_exact()} == {advisers.id, russia.id}
    assert article.versions[-1].stealth_edit and article.versions[-1].origin == "https://example.org/story"
    mark_reviewed(article, advisers.id)
    assert not advisers.needs_review
    assert [c.claim.id for c in changed_claims(article)] == [advisers.id, russia.id]


def test_undo_puts_back_the_text_versions_and_claim_places_and_redo_does_it_again():
    article, advisers, *_ = article_with_claims()
    saved = article_to_dict(article)
    change = replace_text(article, TEXT.replace("50", "60"), "correction")
    after = article_to_dict(article)
    change.undo(article)
    assert article_to_dict(article) == saved
    change.redo(article)
    assert article_to_dict(article) == after and advisers.anchor == "edited"


def test_the_same_text_or_an_empty_one_is_refused():
    article = new_article(TEXT)
    with pytest.raises(InputError, match="same as the current"):
        replace_text(article, TEXT, "correction")
    with pytest.raises(InputError, match="empty"):
        replace_text(article, "  \n", "correction")


def test_links_move_with_their_words_and_are_dropped_with_them():
    article = new_article(TEXT, links=[Link(*find_text(new_article(TEXT), "ruling party"), "https://a.example/"),
                                       Link(*find_text(new_article(TEXT), "MORE"), "https://junk.example/")])
    replace_text(article, FIXED, "correction")
    assert [(FIXED[link.start:link.end], link.href) for link in article.links] == [("ruling party", "https://a.example/")]


def test_an_orphan_is_attached_by_hand_and_one_restored_exactly_is_placed_again():
    article, _, russia, _ = article_with_claims()
    gone = TEXT.replace("The ruling party urged the prime minister to ask Russia for help.", "Something else entirely.")
    replace_text(article, gone, "correction")
    assert russia.orphaned
    change = attach_claim(article, russia.id, *find_text(article, "Something else entirely."))
    assert russia.anchor == "edited" and russia.previous_exact.startswith("The ruling party")
    change.undo(article)
    assert russia.orphaned
    replace_text(article, TEXT, "correction", note="paragraph restored")
    assert russia.anchor == "exact" and TEXT[russia.start : russia.end] == russia.exact


def test_a_refetch_with_only_typography_changed_is_no_change_and_a_notice_is_no_stealth_edit():
    old = TEXT + ' He said "no" - twice... it\'s done.'
    new = TEXT.replace(" is defending", "  is defending") + " He said \u201cno\u201d \u2014 twice\u2026 it\u2019s done."
    assert not assess_refetch(old, new).changed and assess_refetch(old, new).summary == "no change in wording"
    assert assess_refetch(TEXT, TEXT.replace("50", "60")).stealth_edit
    noticed = assess_refetch(TEXT, TEXT.replace("50", "60") + "\n\nCorrection: an earlier version gave 50 advisers.")
    assert noticed.changed and not noticed.stealth_edit and noticed.notices


def test_the_diff_lists_changes_touching_claims_first():
    article, advisers, *_ = article_with_claims()
    new = TEXT.replace("Headline", "A headline").replace("50 advisers", "60 advisers")
    replace_text(article, new, "correction")
    placed, orphans = claim_spans(article)
    changes = diff_versions(TEXT, new, placed, orphans)
    assert [c.claim_ids for c in changes] == [(advisers.id,), ()]
    assert ("delete", "50") in changes[0].pieces and ("insert", "60") in changes[0].pieces


def test_schema_1_files_are_migrated_with_their_capture(tmp_path):
    article, *_ = article_with_claims()
    data = article_to_dict(article)
    assert data["schema_version"] == SCHEMA_VERSION == 2
    data["schema_version"] = 1
    del data["versions"]
    for claim in data["claims"]:
        for key in ("previous_exact", "anchor_reason", "needs_review"):
            del claim[key]
    loaded = article_from_dict(json.loads(json.dumps(data)))
    (capture,) = loaded.versions
    assert capture.kind == VersionKind.CAPTURE and capture.sha256 == sha256_text(TEXT) and capture.created == article.created
    assert all(claim.anchor == "exact" for claim in loaded.claims)


def test_the_store_keeps_older_texts_beside_the_article_and_reads_them_back(tmp_path):
    library = Library(tmp_path / "lib")
    article, *_ = article_with_claims()
    handle = library.add(article)
    replace_text(article, FIXED, "correction", note="junk")
    library.save(handle)
    kept = library.versions_dir / article.id / f"{sha256_text(TEXT)}.txt"
    assert kept.read_text(encoding="utf-8") == TEXT
    data = json.loads(handle.path.read_text(encoding="utf-8"))
    assert [v["kind"] for v in data["versions"]] == ["capture", "correction"] and data["text"] == FIXED
    reopened = library.open(article.id).article
    assert reopened.version_texts == {}
    assert library.version_text(reopened, 0) == TEXT and library.version_text(reopened, 1) == FIXED
    kept.unlink()
    with pytest.raises(NotFoundError, match="version 1"):
        library.version_text(library.open(article.id).article, 0)


def test_a_version_file_that_does_not_hold_its_text_is_refused(tmp_path):
    from factcheck_gui.core.errors import CorruptFileError

    library = Library(tmp_path / "lib")
    article = new_article(TEXT)
    handle = library.add(article)
    replace_text(article, FIXED, "correction")
    library.save(handle)
    (library.versions_dir / article.id / f"{sha256_text(TEXT)}.txt").write_text("tampered", encoding="utf-8")
    with pytest.raises(CorruptFileError, match="SHA-256"):
        library.version_text(library.open(article.id).article, 0)
    with pytest.raises(InputError):
        library.version_text_path("../x", sha256_text(TEXT))


def test_older_texts_are_never_written_through_a_link_out_of_the_library(tmp_path):
    from factcheck_gui.core.errors import StoreError

    library = Library(tmp_path / "lib")
    article = new_article(TEXT)
    handle = library.add(article)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (library.versions_dir).symlink_to(elsewhere, target_is_directory=True)
    replace_text(article, FIXED, "correction")
    with pytest.raises(StoreError, match="link"):
        library.save(handle)
    assert list(elsewhere.iterdir()) == []
    assert json.loads(handle.path.read_text(encoding="utf-8"))["text"] == TEXT  # the file names no text it lacks


def test_exports_have_a_changes_section_only_when_the_text_changed():
    from factcheck_gui.core.settings import Settings
    from factcheck_gui.export import ExportOptions, export_article

    article, _, russia, _ = article_with_claims()
    for fmt in ("md", "html"):
        assert "Changes to the article" not in export_article(article, fmt, ExportOptions(), Settings())
    replace_text(article, FIXED, "correction", note="hover card removed")
    new = FIXED.replace("50 advisers", "60 advisers").replace(russia.exact, "Something else.")
    replace_text(article, new, "refetch", origin="https://example.org/s", stealth_edit=True)
    markdown = export_article(article, "md", ExportOptions(), Settings())
    section = markdown[markdown.index("## Changes to the article"):markdown.index("## Method")]
    assert "**Version 1** (First capture)" in section and "hover card removed" in section
    assert "**Version 3** (Re-fetch)" in section and "possible stealth edit" in section
    assert "> The governor said 50 advisers would leave." in section and "> The governor said 60 advisers" in section
    assert "no longer in the text" in section and "The verdict is to be reviewed." in section
    page = export_article(article, "html", ExportOptions(), Settings())
    assert '<section id="changes"' in page and "<del><bdi>The governor said 50 advisers would leave.</bdi></del>" in page
    from factcheck_gui.export.html import export_html

    assert "Changes to the article" in export_html(article, ExportOptions(), Settings(), for_qt_print=True)
    csv = export_article(article, "csv", ExportOptions(), Settings())
    header, *rows = csv.splitlines()
    assert header.endswith("anchor,previous_text,needs_review")
    assert any(row.endswith("edited,The governor said 50 advisers would leave.,true") for row in rows)


def test_a_diff_prepared_ahead_is_used_only_for_the_text_it_was_made_from():
    from factcheck_gui.core.versions import prepare_text

    article, advisers, *_ = article_with_claims()
    new = TEXT.replace("50 advisers", "60 advisers")
    stale = prepare_text(TEXT.replace("Headline", "Other"), new)  # made from another text: ignored
    replace_text(article, new, "refetch", prepared=stale)
    assert advisers.anchor == "edited" and article.text[advisers.start:advisers.end] == advisers.exact

    article, advisers, *_ = article_with_claims()
    prepared = prepare_text(article.text, new)
    change = replace_text(article, new, "refetch", prepared=prepared)
    assert article.sentences == prepared.sentences and advisers.anchor == "edited"
    assert [p.state for p in change.placements] == ["edited", "exact", "exact"]
    # the two texts' digests, taken on the worker too, are theirs
    assert article.versions[-1].sha256 == sha256_text(new) == prepared.new_sha256
    assert article.version_texts == {sha256_text(TEXT): TEXT} and prepared.old_sha256 == sha256_text(TEXT)


def test_claims_placed_ahead_are_used_while_they_are_where_they_were(monkeypatch):
    from factcheck_gui.core import reanchoring
    from factcheck_gui.core.versions import claim_spot, prepare_text

    article, advisers, *_ = article_with_claims()
    new = TEXT.replace("50 advisers", "60 advisers")
    prepared = prepare_text(article.text, new, [claim_spot(claim) for claim in article.claims])
    on_the_spot = replace_text(article_with_claims()[0], new, "refetch").placements

    # With every claim where it was, nothing is placed again (as on the GUI thread after a re-fetch).
    def no_placing(*_args: object) -> None:
        raise AssertionError("a claim was placed again although its place was worked out ahead")

    with monkeypatch.context() as patched:
        patched.setattr(reanchoring.TextDiff, "place", no_placing)
        change = replace_text(article, new, "refetch", prepared=prepared)
    assert [(p.state, p.start, p.end) for p in change.placements] == [(p.state, p.start, p.end) for p in on_the_spot]
    assert advisers.anchor == "edited" and article.text[advisers.start:advisers.end] == advisers.exact
    assert advisers.selector.exact == "The governor said 60 advisers would leave."

    # A claim moved since the worker looked is placed again, on the spot.
    article, advisers, *_ = article_with_claims()
    prepared = prepare_text(article.text, new, [claim_spot(claim) for claim in article.claims])
    start, end = find_text(article, "Officials declined to comment.")
    advisers.start, advisers.end = start, end  # elsewhere now (as if moved while the page was fetched)
    advisers.selector = type(advisers.selector)(exact=article.text[start:end], prefix="", suffix="")
    replace_text(article, new, "refetch", prepared=prepared)
    assert article.text[advisers.start:advisers.end] == "Officials declined to comment." and advisers.anchor == "exact"
