"""The library folder: files on disk, atomic saves, conflicts, corrupt and future files."""

from __future__ import annotations

import json
import os

import pytest

from factcheck_gui.core.editing import add_claim, find_text, new_article
from factcheck_gui.core.errors import (
    ConflictError,
    CorruptFileError,
    InputError,
    NotFoundError,
    ReadOnlyError,
    StoreError,
)
from factcheck_gui.core.plaintext import parse_plain_text
from factcheck_gui.core.schema import FORMAT_NAME, MIGRATIONS, SCHEMA_VERSION, article_from_dict
from factcheck_gui.importer import ensure_sample
from factcheck_gui.store import atomic
from factcheck_gui.store.library import Library, check_article_id
from factcheck_gui.store.paths import resolve_data_dir
from tests.conftest import DUNFORD_START


@pytest.fixture
def library(data_dir):
    return Library(data_dir)


@pytest.fixture
def saved(library, sample_text):
    parsed = parse_plain_text(sample_text)
    return library.add(new_article(parsed.text, parsed.meta))


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_first_start_imports_the_sample_and_only_once(library):
    handle = ensure_sample(library)
    assert handle is not None
    data = read_json(library.path_of(handle.article.id))
    assert data["meta"]["title"] == "US Tells Iraq to Choose Between Them and Russia in ISIS War"
    assert data["meta"]["publisher"] == "Antiwar.com" and data["meta"]["byline"] == "Jason Ditz"
    assert ensure_sample(library) is None
    assert len(library.article_ids()) == 1


def test_file_has_format_version_text_hash_and_sentences(library, saved):
    data = read_json(saved.path)
    assert data["format"] == FORMAT_NAME and data["schema_version"] == SCHEMA_VERSION
    import hashlib

    assert data["text_sha256"] == hashlib.sha256(data["text"].encode()).hexdigest()
    start, end = data["sentences"][2]
    assert data["text"][start:end].startswith(DUNFORD_START)
    assert list(data)[:3] == ["format", "schema_version", "id"]


def test_saving_twice_writes_identical_bytes_and_keeps_a_backup(library, saved):
    first = saved.path.read_bytes()
    library.save(saved)
    assert saved.path.read_bytes() == first
    assert (library.backups_dir / saved.path.name).read_bytes() == first


def test_claim_round_trips_through_the_file(library, saved):
    claim = add_claim(saved.article, *find_text(saved.article, DUNFORD_START), verdict="false", rationale="He said so.")
    library.save(saved)
    reopened = library.open(saved.article.id).article
    again = reopened.claim(claim.id)
    assert (again.verdict, again.rationale, again.exact) == ("false", "He said so.", DUNFORD_START)


def test_file_changed_on_disk_is_a_conflict_not_an_overwrite(library, saved):
    other = library.open(saved.article.id)
    add_claim(other.article, *find_text(other.article, DUNFORD_START))
    library.save(other)
    saved.article.meta.title = "Mine"
    with pytest.raises(ConflictError, match="changed on disk"):
        library.save(saved)
    assert len(read_json(saved.path)["claims"]) == 1  # the other edit survived
    library.save(saved, force=True)  # "keep mine"
    assert read_json(saved.path)["meta"]["title"] == "Mine"


def test_corrupt_file_is_set_aside_and_the_rest_still_loads(library, saved):
    broken = library.articles_dir / "a-broken.json"
    broken.write_text('{"format": "factcheck-gui/article", "schema_version": 1, "text": "cut off', encoding="utf-8")
    summaries, problems = library.summaries()
    assert [s.id for s in summaries] == [saved.article.id]
    assert len(problems) == 1 and "not valid JSON" in problems[0].message
    assert not broken.exists()
    assert len(list(library.corrupt_dir.iterdir())) == 1


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "empty"),
        ("[1, 2]", "not a factcheck-gui article"),
        ('{"format": "factcheck-gui/article", "schema_version": 1, "id": "x", "text": 5}', "should be text"),
        ('{"format": "factcheck-gui/article", "schema_version": 1, "id": "x", "text": "a", "claims": {}}', "should be a list"),
    ],
)
def test_bad_files_give_a_clear_message(library, content, message):
    library.ensure_folders()
    (library.articles_dir / "a-bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(CorruptFileError, match=message):
        library.open("a-bad")


def test_newer_schema_opens_read_only_and_is_never_overwritten(library, saved):
    data = read_json(saved.path)
    data["schema_version"] = SCHEMA_VERSION + 1
    data["a_future_field"] = {"x": 1}
    saved.path.write_text(json.dumps(data), encoding="utf-8")
    before = saved.path.read_bytes()
    handle = library.open(saved.article.id)
    assert handle.read_only and "newer factcheck-gui" in handle.read_only_reason
    assert handle.article.meta.title == data["meta"]["title"]
    with pytest.raises(ReadOnlyError):
        library.save(handle)
    assert saved.path.read_bytes() == before


def test_claims_with_offsets_outside_the_text_are_reanchored_or_orphaned(library, saved):
    add_claim(saved.article, *find_text(saved.article, DUNFORD_START))
    library.save(saved)
    data = read_json(saved.path)
    data["claims"][0]["start"], data["claims"][0]["end"] = 99999, 100010
    data["claims"].append(dict(data["claims"][0], id="c-gone", selector={"exact": "text that is nowhere", "prefix": "", "suffix": ""}))
    saved.path.write_text(json.dumps(data), encoding="utf-8")
    article = library.open(saved.article.id).article
    moved, gone = article.claims
    assert article.text[moved.start : moved.end] == DUNFORD_START and not moved.orphaned
    assert gone.orphaned


def test_older_versions_are_migrated_on_load(monkeypatch, library, saved):
    """The app of the next schema version opens a file of this one through its migration, and saves the new one."""
    data = read_json(saved.path)
    assert data["schema_version"] == SCHEMA_VERSION
    data["meta"]["headline"] = data["meta"].pop("title")  # how the older version (pretend) named it
    saved.path.write_text(json.dumps(data), encoding="utf-8")

    def rename_headline(old):
        old["meta"] = dict(old["meta"])
        old["meta"]["title"] = old["meta"].pop("headline")
        return old

    monkeypatch.setattr("factcheck_gui.core.schema.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("factcheck_gui.store.library.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(CorruptFileError, match=f"Schema version {SCHEMA_VERSION} cannot be migrated"):
        article_from_dict(read_json(saved.path))  # no migration known: said, not guessed
    monkeypatch.setitem(MIGRATIONS, SCHEMA_VERSION, rename_headline)

    handle = library.open(saved.article.id)
    assert handle.article.title.startswith("US Tells Iraq") and not handle.read_only
    library.save(handle)
    written = read_json(saved.path)
    assert written["schema_version"] == SCHEMA_VERSION + 1
    assert written["meta"]["title"].startswith("US Tells Iraq") and "headline" not in written["meta"]


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a/b", "..", ".hidden", "a\x00b", "x" * 200, "", "a.json"])
def test_unsafe_ids_are_refused(library, bad):
    with pytest.raises(InputError, match="not a valid article id"):
        check_article_id(bad)
    with pytest.raises((InputError, NotFoundError)):
        library.open(bad)


def test_delete_moves_to_trash_and_restore_brings_it_back(library, saved):
    article_id = saved.article.id
    library.delete(article_id)
    assert library.article_ids() == [] and (library.trash_dir / f"{article_id}.json").exists()
    library.restore(article_id)
    assert library.article_ids() == [article_id]


def test_full_disk_keeps_the_old_file_and_leaves_no_temp_file(library, saved, monkeypatch):
    before = saved.path.read_bytes()
    saved.article.meta.title = "changed"

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(StoreError, match="disk is full"):
        library.save(saved)
    assert saved.path.read_bytes() == before
    assert not [p for p in library.articles_dir.iterdir() if p.name.endswith(".tmp")]


def test_read_only_folder_is_a_clear_error(library, saved, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic, "open", denied, raising=False)  # as root, chmod would not stop us
    with pytest.raises(StoreError, match="may not write"):
        library.save(saved)


def test_data_dir_comes_from_option_then_environment(monkeypatch, tmp_path):
    assert resolve_data_dir(tmp_path / "x") == tmp_path / "x"
    monkeypatch.setenv("FACTCHECK_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("FACTCHECK_DATA_DIR")
    assert "factcheck-gui" in str(resolve_data_dir(None))


def test_snapshots_are_kept_by_hash(library):
    digest = library.save_snapshot(b"<html>body</html>")
    assert library.snapshot_path(digest).read_bytes() == b"<html>body</html>"
    assert library.snapshot_path("../../etc/passwd") is None


def test_a_backup_kept_just_before_a_crash_leaves_no_temp_file_at_the_next_save(library, saved):
    # Killed between keeping the backup and replacing the file: both names are one file.
    backup = library.backups_dir / saved.path.name
    backup.parent.mkdir(parents=True, exist_ok=True)
    backup.unlink(missing_ok=True)
    os.link(saved.path, backup)
    before = saved.path.read_bytes()
    saved.article.meta.title = "changed"
    library.save(saved)
    assert backup.read_bytes() == before and b'"title": "changed"' in saved.path.read_bytes()
    assert [p.name for p in library.backups_dir.iterdir()] == [saved.path.name]


def test_a_failed_save_leaves_no_temp_file_among_the_backups(library, saved, monkeypatch):
    library.save(saved)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(StoreError, match="disk is full"):
        library.save(saved)
    assert [p.name for p in library.backups_dir.iterdir()] == [saved.path.name]


def test_temp_files_of_a_killed_writer_are_cleared_from_every_folder_at_the_next_start(library, saved):
    library.save(saved)
    library.save_snapshot(b"<html>body</html>")
    dead_pid = 2**22 + 12345  # above Linux's pid_max: no such process
    leftovers = [folder / f".{saved.path.name}.{dead_pid}-0badcafe{atomic.TEMP_SUFFIX}"
                 for folder in (library.articles_dir, library.snapshots_dir, library.backups_dir)]
    mine = library.articles_dir / f".other.json.{os.getpid()}-0badcafe{atomic.TEMP_SUFFIX}"  # a live writer's
    for temp in [*leftovers, mine]:
        temp.write_bytes(b"half a file")

    Library(library.root).ensure_folders()
    assert not any(temp.exists() for temp in leftovers)
    assert mine.exists()
