"""The merge driver git runs for article files, called as git calls it, and a claim's history without git."""

from __future__ import annotations

import json
from pathlib import Path

from factcheck_gui import sync
from factcheck_gui.core.authors import use_author
from factcheck_gui.core.editing import add_claim, new_article, set_claim_status, set_verdict
from factcheck_gui.core.jsonfile import dumps_article_utf8
from factcheck_gui.core.model import ArticleMeta
from factcheck_gui.merge_driver import main as driver

TEXT = "Officials said the aid would stop. The ministry denied it on Monday."


def sides(tmp_path: Path):
    article = new_article(TEXT, ArticleMeta(title="Aid"))
    claim = add_claim(article, 0, 34)
    base = dumps_article_utf8(article)
    set_verdict(article, claim.id, "false")
    mine = dumps_article_utf8(article)
    set_verdict(article, claim.id, "true")
    article.claims[0].rationale = "They said so."
    theirs = dumps_article_utf8(article)
    paths = []
    for name, data in (("base", base), ("mine", mine), ("theirs", theirs)):
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    (tmp_path / ".git").mkdir()
    return article, claim.id, paths


def test_the_driver_merges_field_by_field_and_records_a_clash_keeping_mine(tmp_path, monkeypatch):
    article, claim_id, (base, mine, theirs) = sides(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert driver([str(base), str(mine), str(theirs), f"articles/{article.id}.json"]) == 0
    merged = json.loads(mine.read_text(encoding="utf-8"))["claims"][0]
    assert merged["rationale"] == "They said so."          # theirs only: taken
    assert merged["verdict"] == "false"                     # both changed it: mine kept, the clash recorded
    (conflict,) = sync.pending_conflicts(tmp_path)
    assert (conflict.article_id, conflict.claim_id, conflict.field, conflict.mine, conflict.theirs) == (
        article.id, claim_id, "verdict", "false", "true")


def test_a_crafted_side_is_not_merged_and_only_two_unreadable_sides_fail(tmp_path, monkeypatch):
    article, _claim_id, (base, mine, theirs) = sides(tmp_path)
    monkeypatch.chdir(tmp_path)
    kept = mine.read_bytes()
    theirs.write_text('{"format": "factcheck-gui/article", "claims": ' + "[" * 100000)
    assert driver([str(base), str(mine), str(theirs), f"articles/{article.id}.json"]) == 0
    assert mine.read_bytes() == kept
    mine.write_text("not json")
    assert driver([str(base), str(mine), str(theirs), f"articles/{article.id}.json"]) == 1


def test_without_git_the_history_comes_from_the_claims_own_fields():
    article = new_article(TEXT, ArticleMeta(title="Aid"))
    use_author("Rita Reviewer", "rita@news.example")
    try:
        claim = add_claim(article, 0, 34)
        set_claim_status(article, claim.id, "approved")
    finally:
        use_author("")
    entries = sync.fields_history(article.claims[0])
    assert entries[0].field == "created"
    assert any(e.field == "status" and e.new == "approved" and e.author.startswith("Rita Reviewer") for e in entries)
