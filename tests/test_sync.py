"""A newsroom library shared through git: two people, one bare repository, claim-by-claim merges.

Only local bare repositories in tmp_path (``git init --bare``); git is run as the user would.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck_gui import sync
from factcheck_gui.cli import main
from factcheck_gui.core import editing
from factcheck_gui.core.authors import use_author
from factcheck_gui.core.model import Source
from factcheck_gui.store.library import Library
from tests.conftest import SAMPLE_TEXT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PARAGRAPHS = SAMPLE_TEXT.read_text(encoding="utf-8").split("\n\n")
CLAIM_A, CLAIM_B, CLAIM_C = PARAGRAPHS[3].split(",")[0], PARAGRAPHS[4].split(",")[0], PARAGRAPHS[5].split(",")[0]


def factcheck(library: Path, *args: str) -> tuple[int, str, str]:
    """Run a `factcheck` verb in this process; (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--data-dir", str(library)])
    return code, out.getvalue(), err.getvalue()


def ok(library: Path, *args: str) -> str:
    code, out, err = factcheck(library, *args)
    assert code == 0, err
    return out


def person(library: Path, name: str) -> None:
    ok(library, "settings", "--set", f"author_name={name}", "--set", f"author_email={name.split()[0].lower()}@news.example")


def sync_json(library: Path) -> tuple[int, dict]:
    code, out, err = factcheck(library, "sync", "--json")
    assert code in (0, sync.EXIT_CONFLICTS), err
    return code, json.loads(out)


def claims(library: Path, article_id: str) -> dict[str, dict]:
    document = json.loads((library / "articles" / f"{article_id}.json").read_text(encoding="utf-8"))
    return {c["selector"]["exact"]: c for c in document["claims"]}


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "newsroom.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    return bare


def share_two_libraries(tmp_path: Path, remote: Path) -> tuple[Path, Path, str]:
    """Ana imports the sample, marks claims A, B and C and shares her library through *remote*; Ben fills
    his empty one from it. (Ana's library, Ben's, the article's id.)"""
    ana, ben = tmp_path / "ana", tmp_path / "ben"
    ana.mkdir()
    ben.mkdir()
    person(ana, "Ana Checker")
    person(ben, "Ben Editor")
    article_id = ok(ana, "import", str(SAMPLE_TEXT)).strip()
    for text in (CLAIM_A, CLAIM_B, CLAIM_C):
        ok(ana, "claim", "add", article_id, "--text", text)
    ok(ana, "sync", "init", str(remote))
    ok(ben, "sync", "clone", str(remote))
    return ana, ben, article_id


@pytest.fixture
def two_libraries(tmp_path: Path, remote: Path) -> tuple[Path, Path, str]:
    return share_two_libraries(tmp_path, remote)


def verdicts_clash_on_claim_b(ana: Path, ben: Path, article_id: str) -> str:
    """Ana and Ben give claim B different verdicts and Ana syncs first: Ben's next sync meets the
    conflict. Claim B's id."""
    claim_b = claims(ana, article_id)[CLAIM_B]["id"]
    ok(ana, "claim", "set", article_id, claim_b, "--verdict", "mostly-false")
    ok(ben, "claim", "set", article_id, claim_b, "--verdict", "misleading")
    assert sync_json(ana)[0] == 0
    return claim_b


def test_two_people_share_a_library_and_settle_a_conflict(two_libraries):
    ana, ben, article_id = two_libraries
    assert claims(ben, article_id).keys() == {CLAIM_A, CLAIM_B, CLAIM_C}
    assert "/settings.json\n" in (ben / ".gitignore").read_text()  # who I am stays mine
    assert "merge=factcheck" in (ben / ".gitattributes").read_text()

    # Ana judges claim A; Ben pins a source to claim A and judges claim B.
    ok(ana, "claim", "set", article_id, claims(ana, article_id)[CLAIM_A]["id"], "--verdict", "false")
    use_author("Ben Editor", "ben@news.example")
    with Library(ben).edit(article_id) as handle:
        claim_a = claims(ben, article_id)[CLAIM_A]["id"]
        editing.store_and_pin(handle.article, claim_a, Source(url="https://gov.example/statement", title="Statement"),
                              "refutes")
    ok(ben, "claim", "set", article_id, claims(ben, article_id)[CLAIM_B]["id"], "--verdict", "true")

    assert sync_json(ana) == (0, {"pulled": 0, "pushed": 1, "merged": 0, "conflicts": [], "notes": [], "set_aside": [],
                                  "waiting": []})
    code, report = sync_json(ben)
    assert code == 0 and report["pulled"] == 1 and report["merged"] == 1 and report["conflicts"] == []
    sync_json(ana)
    for library in (ana, ben):
        seen = claims(library, article_id)
        assert seen[CLAIM_A]["verdict"] == "false"
        assert [e["stance"] for e in seen[CLAIM_A]["evidence"]] == ["refutes"]
        assert seen[CLAIM_B]["verdict"] == "true"
    assert claims(ana, article_id)[CLAIM_B]["updated_by"] == "Ben Editor <ben@news.example>"

    # Both set different verdicts on claim B: the second sync reports the conflict and exits 3.
    claim_b = verdicts_clash_on_claim_b(ana, ben, article_id)
    code, report = sync_json(ben)
    assert code == sync.EXIT_CONFLICTS
    assert report["conflicts"] == [{"article_id": article_id, "claim_id": claim_b, "field": "verdict",
                                    "mine": "misleading", "theirs": "mostly-false"}]
    assert claims(ben, article_id)[CLAIM_B]["verdict"] == "misleading"  # mine kept until chosen
    code, out, err = factcheck(ben, "sync")
    assert code == sync.EXIT_CONFLICTS and "Conflict in" in out and "sync resolve" in err

    # Ben takes theirs; after the next syncs both see that choice.
    ok(ben, "sync", "resolve", article_id, claim_b, "verdict", "--take", "theirs")
    assert sync_json(ben) == (0, {"pulled": 0, "pushed": 1, "merged": 0, "conflicts": [], "notes": [], "set_aside": [],
                                  "waiting": []})
    sync_json(ana)
    assert claims(ana, article_id)[CLAIM_B]["verdict"] == claims(ben, article_id)[CLAIM_B]["verdict"] == "mostly-false"

    # A reviewer approves claims A and B; the export lists only them, with the reviewer's name.
    person(ana, "Rita Reviewer")
    for text in (CLAIM_A, CLAIM_B):
        ok(ana, "claim", "set", article_id, claims(ana, article_id)[text]["id"], "--status", "approved",
           "--note", "Checked against the ministry's statement.")
    sync_json(ana)
    sync_json(ben)
    approved = claims(ben, article_id)[CLAIM_A]
    assert approved["status"] == "approved" and approved["status_by"] == "Rita Reviewer <rita@news.example>"
    ok(ben, "export", article_id, "--format", "html", "--approved-only", "--no-article-text", "-o", str(ben.parent / "review.html"))
    html = (ben.parent / "review.html").read_text(encoding="utf-8")
    assert html.count('<section class="claim"') == 2 and CLAIM_A in html and CLAIM_B in html and CLAIM_C not in html
    assert "Approved by" in html and "Rita Reviewer" in html
    ok(ben, "export", article_id, "--format", "html", "-o", str(ben.parent / "all.html"))
    assert (ben.parent / "all.html").read_text(encoding="utf-8").count('<section class="claim"') == 3


def test_a_plain_git_pull_merges_claim_by_claim_through_the_driver(two_libraries):
    ana, ben, article_id = two_libraries
    claim_a, claim_b = claims(ana, article_id)[CLAIM_A]["id"], claims(ana, article_id)[CLAIM_B]["id"]
    ok(ana, "claim", "set", article_id, claim_a, "--verdict", "false")
    ok(ana, "claim", "set", article_id, claim_b, "--rationale", "Ana's reasons")
    sync_json(ana)
    ok(ben, "claim", "set", article_id, claim_b, "--rationale", "Ben's reasons")
    ok(ben, "claim", "set", article_id, claim_a, "--claimant", "Officials")
    git = ["git", "-c", "user.name=Ben", "-c", "user.email=ben@news.example"]
    subprocess.run([*git, "commit", "-qam", "Ben's edits"], cwd=ben, check=True)
    pulled = subprocess.run([*git, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], cwd=ben,
                            capture_output=True, text=True, check=False)
    assert pulled.returncode == 0, pulled.stderr  # a line-based merge would have conflicted on "updated"
    merged = claims(ben, article_id)
    assert merged[CLAIM_A]["verdict"] == "false" and merged[CLAIM_A]["claimant"] == "Officials"
    assert merged[CLAIM_B]["rationale"] == "Ben's reasons"  # mine kept, the clash recorded
    (conflict,) = sync.pending_conflicts(ben)
    assert (conflict.claim_id, conflict.field, conflict.theirs) == (claim_b, "rationale", "Ana's reasons")


def test_a_crafted_article_file_from_the_remote_is_set_aside_and_the_sync_completes(two_libraries, tmp_path):
    ana, ben, article_id = two_libraries
    evil = tmp_path / "evil"
    subprocess.run(["git", "clone", "-q", str(ana / ".git"), str(evil)], check=True)
    subprocess.run(["git", "-C", str(evil), "remote", "set-url", "origin", str(sync_remote(ana))], check=True)
    (evil / "articles" / f"{article_id}.json").write_text('{"format": "factcheck-gui/article", "id": ' + "9" * 5000 + "}")
    (evil / "articles" / "a-000000000bad.json").write_text("[[[[[[[[")
    git = ["git", "-C", str(evil), "-c", "user.name=Mallory", "-c", "user.email=m@evil.example"]
    subprocess.run([*git, "commit", "-qam", "crafted"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "crafted new file"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD:main"], check=True)
    code, report = sync_json(ben)
    assert code == 0
    assert any("set aside" in note for note in report["notes"])
    Library(ben).open(article_id)  # still the good version
    assert claims(ben, article_id).keys() == {CLAIM_A, CLAIM_B, CLAIM_C}
    summaries, problems = Library(ben).summaries()
    assert [s.id for s in summaries] == [article_id] and problems == []


def sync_remote(library: Path) -> str:
    return subprocess.run(["git", "-C", str(library), "remote", "get-url", "origin"], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_sync_without_a_shared_library_says_how_to_share_it(tmp_path):
    library = tmp_path / "lonely"
    library.mkdir()
    code, _, err = factcheck(library, "sync")
    assert code == 1 and "sync init REMOTE" in err


def test_merge_driver_module_runs_as_git_calls_it(tmp_path):
    done = subprocess.run([sys.executable, "-m", "factcheck_gui.merge_driver", "a"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2 and "usage" in done.stderr


def test_the_status_the_window_asks_for_during_a_sync_never_takes_git_s_index_lock(two_libraries):
    """The window refreshes its status field (git status) while File › Sync may be running: a status that
    rewrote .git/index held index.lock for that moment, and the sync's `git add` failed on it."""
    _ana, ben, article_id = two_libraries
    article_file = ben / "articles" / f"{article_id}.json"
    index = ben / ".git" / "index"
    before = index.stat()
    stale = before.st_mtime_ns + 5_000_000_000
    os.utime(article_file, ns=(stale, stale))  # same bytes, new time: git status would refresh the index
    assert sync.status(ben).changed is False
    after = index.stat()
    assert (after.st_mtime_ns, after.st_ino, index.read_bytes()) == (before.st_mtime_ns, before.st_ino,
                                                                      index.read_bytes())
    ok(ben, "claim", "set", article_id, claims(ben, article_id)[CLAIM_A]["id"], "--verdict", "false")
    assert sync_json(ben)[1]["pushed"] == 1


def test_older_texts_travel_with_the_library_and_what_stays_local_is_never_committed(two_libraries, tmp_path):
    """versions/<id>/<sha256>.txt (older texts, named by content) are committed, so every clone can show an
    earlier version and its diff; backups, trash, the search index, locks and settings never are."""
    ana, ben, article_id = two_libraries
    corrected = tmp_path / "corrected.txt"
    first_text = ok(ana, "text", "show", article_id)
    corrected.write_text(first_text.replace(CLAIM_C, CLAIM_C + " (corrected)", 1), encoding="utf-8")
    ok(ana, "text", "set", article_id, str(corrected), "--note", "extraction error")
    ok(ana, "search", "ministry")  # builds index/search.sqlite3
    (ana / "articles" / ".stale.lock").write_text("")
    assert any((ana / "backups").iterdir()) and any((ana / "index").iterdir()) and (ana / "settings.json").exists()
    sync_json(ana)
    sync_json(ben)
    assert ok(ben, "text", "show", article_id, "--version", "1") == first_text  # the older text came along
    assert "(corrected)" in ok(ben, "text", "show", article_id)
    tracked = subprocess.run(["git", "-C", str(ana), "ls-files"], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert any(path.startswith(f"versions/{article_id}/") and path.endswith(".txt") for path in tracked)
    local = [p for p in tracked if p.startswith(("backups/", "trash/", "corrupt/", "index/")) or
             p.endswith((".lock", ".tmp")) or p in ("settings.json", "settings.json.bad")]
    assert local == [] and f"articles/{article_id}.json" in tracked


def test_a_conflict_a_later_edit_settled_is_dropped_and_choosing_an_old_value_overwrites_nothing(two_libraries):
    ana, ben, article_id = two_libraries
    claim_a, claim_b = claims(ana, article_id)[CLAIM_A]["id"], claims(ana, article_id)[CLAIM_B]["id"]
    ok(ana, "claim", "set", article_id, claim_b, "--verdict", "mostly-false")
    ok(ben, "claim", "set", article_id, claim_b, "--verdict", "misleading")
    ok(ana, "claim", "set", article_id, claim_a, "--verdict", "true")
    ok(ben, "claim", "set", article_id, claim_a, "--verdict", "false")
    assert sync_json(ana)[0] == 0
    code, report = sync_json(ben)  # two clashes; Ben's values stay in the file (and are pushed) until he chooses
    assert code == sync.EXIT_CONFLICTS and {c["claim_id"] for c in report["conflicts"]} == {claim_a, claim_b}

    # Ana, after her next sync, sees Ben's verdict on claim B and changes it again: that settles the clash.
    assert sync_json(ana)[0] == 0 and claims(ana, article_id)[CLAIM_B]["verdict"] == "misleading"
    ok(ana, "claim", "set", article_id, claim_b, "--verdict", "false")
    assert sync_json(ana)[0] == 0
    code, report = sync_json(ben)
    assert claims(ben, article_id)[CLAIM_B]["verdict"] == "false"
    assert [c["claim_id"] for c in report["conflicts"]] == [claim_a] and code == sync.EXIT_CONFLICTS
    code, _out, err = factcheck(ben, "sync", "resolve", article_id, claim_b, "verdict", "--take", "mine")
    assert code == 1 and "No conflict waits" in err
    assert claims(ben, article_id)[CLAIM_B]["verdict"] == "false"  # Ana's later verdict is not overwritten

    # Ben changes claim A himself before choosing: his change settles it; an old choice overwrites nothing.
    ok(ben, "claim", "set", article_id, claim_a, "--verdict", "misleading")
    code, _out, err = factcheck(ben, "sync", "resolve", article_id, claim_a, "verdict", "--take", "theirs")
    assert code == 1 and "changed after the sync that met this conflict" in err
    assert claims(ben, article_id)[CLAIM_A]["verdict"] == "misleading" and sync.pending_conflicts(ben) == []
    assert sync_json(ben)[0] == 0 and sync_json(ana)[0] == 0
    for library in (ana, ben):
        assert claims(library, article_id)[CLAIM_A]["verdict"] == "misleading"
        assert claims(library, article_id)[CLAIM_B]["verdict"] == "false"


def test_the_status_field_reads_a_file_caught_half_written_without_setting_it_aside(two_libraries):
    """The window's status (open conflicts) runs beside a sync; a file git is writing must stay where it is."""
    ana, ben, article_id = two_libraries
    claim_b = verdicts_clash_on_claim_b(ana, ben, article_id)
    assert sync_json(ben)[0] == sync.EXIT_CONFLICTS
    article_file = ben / "articles" / f"{article_id}.json"
    whole = article_file.read_bytes()
    article_file.write_bytes(whole[: len(whole) // 2])  # as a checkout in progress leaves it
    assert sync.status(ben).conflicts == 1 and len(sync.open_conflicts(ben)) == 1
    assert article_file.read_bytes() == whole[: len(whole) // 2] and not (ben / "corrupt").exists()
    article_file.write_bytes(whole)
    assert [c.claim_id for c in sync.open_conflicts(ben)] == [claim_b]


def test_a_lock_left_in_the_remote_by_an_interrupted_push_is_named_with_what_to_do(two_libraries, remote):
    ana, _ben, article_id = two_libraries
    lock = remote / "refs" / "heads" / "main.lock"
    lock.write_text("")  # what a push killed half-way leaves behind in a bare repository on a shared drive
    ok(ana, "claim", "set", article_id, claims(ana, article_id)[CLAIM_A]["id"], "--verdict", "false")
    code, _out, err = factcheck(ana, "sync")
    assert code == 1 and "main.lock" in err and "remove that file and sync again" in err
    lock.unlink()
    assert sync_json(ana)[1]["pushed"] == 1


# -- a newcomer's findings: set-aside files, init errors, prefixes, the remote's HEAD, open conflicts --------------


def remote_tree(remote: Path) -> list[str]:
    return subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main"],
                          capture_output=True, text=True, check=True).stdout.split()


def spoil(library: Path, article_id: str) -> None:
    """An article file the library cannot read (a 5,000-digit number): `factcheck list` sets it aside."""
    (library / "articles" / f"{article_id}.json").write_text('{"format": "factcheck-gui/article", "id": ' + "9" * 5000 + "}")
    code, _out, err = factcheck(library, "list")
    assert code == 0 and "corrupt" in err and not (library / "articles" / f"{article_id}.json").exists()


def test_a_file_set_aside_as_unreadable_is_restored_by_sync_never_deleted_for_the_others(two_libraries, remote):
    ana, ben, article_id = two_libraries
    spoil(ben, article_id)
    code, report = sync_json(ben)
    assert code == 0 and report["set_aside"] == [{"article_id": article_id, "path": f"articles/{article_id}.json",
                                                  "action": "restored"}]
    assert any(article_id in note and "corrupt/" in note for note in report["notes"])
    assert claims(ben, article_id).keys() == {CLAIM_A, CLAIM_B, CLAIM_C}  # the version last synced is back
    assert len(list((ben / "corrupt").iterdir())) == 1  # the bad copy stays for the user to look at
    assert f"articles/{article_id}.json" in remote_tree(remote)
    sync_json(ana)
    assert claims(ana, article_id).keys() == {CLAIM_A, CLAIM_B, CLAIM_C}
    # the text output says it too
    spoil(ben, article_id)
    code, _out, err = factcheck(ben, "sync")
    assert code == 0 and article_id in err and "not deleted for the others" in err
    assert sync.status(ben).changed is False


def test_only_an_article_deleted_in_the_app_is_deleted_for_everyone(two_libraries, remote):
    ana, ben, article_id = two_libraries
    other = ok(ana, "import", str(SAMPLE_TEXT)).strip()
    sync_json(ana)
    sync_json(ben)
    Library(ben).delete(other)  # the window's Delete: the trash holds it
    # an older copy in the trash (deleted once, pulled back since) does not make a set-aside file a deletion
    shutil.copy(ben / "articles" / f"{article_id}.json", ben / "trash" / f"{article_id}.json")
    os.utime(ben / "trash" / f"{article_id}.json", (1_000_000_000, 1_000_000_000))
    spoil(ben, article_id)
    code, report = sync_json(ben)
    assert code == 0 and [f["article_id"] for f in report["set_aside"]] == [article_id]
    assert f"articles/{other}.json" not in remote_tree(remote)
    assert f"articles/{article_id}.json" in remote_tree(remote)
    sync_json(ana)
    assert not (ana / "articles" / f"{other}.json").exists() and (ana / "articles" / f"{article_id}.json").exists()


def test_a_file_set_aside_whose_committed_version_is_unreadable_too_stays_in_the_shared_library(two_libraries, remote):
    _ana, ben, article_id = two_libraries
    bad = "a-000000000bad"
    evil = ben.parent / "evil"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(remote), str(evil)], check=True)
    (evil / "articles" / f"{bad}.json").write_text("[[[[[[[[")
    git = ["git", "-C", str(evil), "-c", "user.name=Old App", "-c", "user.email=o@news.example"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "a file this version cannot read"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD:main"], check=True)
    code, report = sync_json(ben)
    assert code == 0 and {"article_id": bad, "path": f"articles/{bad}.json", "action": "kept"} in report["set_aside"]
    assert not (ben / "articles" / f"{bad}.json").exists() and Library(ben).summaries()[1] == []
    ok(ben, "claim", "set", article_id, claims(ben, article_id)[CLAIM_A]["id"], "--verdict", "false")
    code, report = sync_json(ben)
    assert code == 0 and report["pushed"] == 1 and f"articles/{bad}.json" in remote_tree(remote)


def test_sync_init_with_no_repository_there_is_one_clear_line_and_changes_nothing(tmp_path, remote):
    library = tmp_path / "lib"
    library.mkdir()
    ok(library, "import", str(SAMPLE_TEXT))
    missing = tmp_path / "nonexistent.git"
    code, out, err = factcheck(library, "sync", "init", str(missing))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert err.startswith(f"factcheck: error: No git repository at {missing}: check the address, or create one with "
                          f"`git init --bare {missing}`"), err
    assert not (library / ".git").exists() and not (library / ".gitignore").exists() and not sync.is_shared(library)
    code, _out, err = factcheck(tmp_path / "empty", "sync", "clone", str(missing))
    assert code == 1 and "No git repository at" in err and not (tmp_path / "empty" / ".git").exists()

    # An init that fails later (the remote refuses the push) is taken back too.
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are closed today' >&2\nexit 1\n")
    hook.chmod(0o755)
    code, _out, err = factcheck(library, "sync", "init", str(remote))
    assert code == 1 and "could not be sent" in err and not (library / ".git").exists()

    # A shared library keeps its remote when init is given a wrong address.
    hook.unlink()
    ok(library, "sync", "init", str(remote))
    code, _out, err = factcheck(library, "sync", "init", str(missing))
    assert code == 1 and sync.remote_url(library) == str(remote)


def test_sync_resolve_takes_unique_prefixes_of_ids_like_every_other_verb(two_libraries):
    ana, ben, article_id = two_libraries
    claim_b = verdicts_clash_on_claim_b(ana, ben, article_id)
    assert sync_json(ben)[0] == sync.EXIT_CONFLICTS
    ok(ben, "import", str(SAMPLE_TEXT))  # a second article: a short prefix of the ids is now ambiguous
    shared_prefix = os.path.commonprefix(Library(ben).article_ids())  # noqa: RUF071 - ids, not paths
    code, _out, err = factcheck(ben, "sync", "resolve", shared_prefix, claim_b, "verdict", "--take", "theirs")
    assert code == 1 and "matches 2 articles" in err, err
    code, _out, err = factcheck(ben, "sync", "resolve", article_id[:len(shared_prefix) + 1], "c", "verdict",
                                "--take", "theirs")
    assert code == 1 and "matches 3 claims" in err, err
    assert claims(ben, article_id)[CLAIM_B]["verdict"] == "misleading"
    ok(ben, "sync", "resolve", article_id[:len(shared_prefix) + 1], claim_b[:10], "verdict", "--take", "theirs")
    assert claims(ben, article_id)[CLAIM_B]["verdict"] == "mostly-false" and sync.pending_conflicts(ben) == []


def test_a_plain_git_clone_of_a_new_bare_remote_checks_out_the_library(tmp_path, remote):
    """`git init --bare` names master as the remote's default branch; the library is pushed as main."""
    assert subprocess.run(["git", "--git-dir", str(remote), "symbolic-ref", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip() == "refs/heads/master"
    library = tmp_path / "lib"
    library.mkdir()
    article_id = ok(library, "import", str(SAMPLE_TEXT)).strip()
    ok(library, "sync", "init", str(remote))
    ok(library, "sync")
    copy = tmp_path / "plain-clone"
    done = subprocess.run(["git", "clone", "-q", str(remote), str(copy)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
    assert (copy / "articles" / f"{article_id}.json").is_file()


def test_a_remote_whose_default_branch_exists_keeps_it(tmp_path, remote):
    seed = tmp_path / "seed"
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(seed)], check=True)
    subprocess.run(["git", "-C", str(seed), "-c", "user.name=S", "-c", "user.email=s@x.example", "commit", "-q",
                    "--allow-empty", "-m", "their own branch"], check=True)
    subprocess.run(["git", "-C", str(seed), "push", "-q", str(remote), "trunk:trunk"], check=True)
    subprocess.run(["git", "--git-dir", str(remote), "symbolic-ref", "HEAD", "refs/heads/trunk"], check=True)
    library = tmp_path / "lib"
    library.mkdir()
    ok(library, "import", str(SAMPLE_TEXT))
    ok(library, "sync", "init", str(remote))
    assert subprocess.run(["git", "--git-dir", str(remote), "symbolic-ref", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip() == "refs/heads/trunk"


def test_the_other_side_of_a_conflict_is_told_whose_value_is_in_the_file_until_it_is_settled(two_libraries, remote):
    """The sync that meets a conflict keeps (and shares) its own value until its user chooses: the intended
    semantics. The other side is no longer left to take that value silently: its sync, `show` and the window
    say which conflict waits for whom, until the choice (or a later change of the field) settles it."""
    ana, ben, article_id = two_libraries
    claim_a, claim_b = claims(ana, article_id)[CLAIM_A]["id"], claims(ana, article_id)[CLAIM_B]["id"]
    for claim_id, anas, bens in ((claim_a, "true", "false"), (claim_b, "mostly-false", "misleading")):
        ok(ana, "claim", "set", article_id, claim_id, "--verdict", anas)
        ok(ben, "claim", "set", article_id, claim_id, "--verdict", bens)
    assert sync_json(ana)[0] == 0
    assert sync_json(ben)[0] == sync.EXIT_CONFLICTS
    assert "yours 'misleading' is in the file" in ok(ben, "show", article_id)

    code, report = sync_json(ana)
    assert code == 0 and report["conflicts"] == []
    assert claims(ana, article_id)[CLAIM_B]["verdict"] == "misleading"  # Ben's value, until he chooses
    waiting = {w["claim_id"]: w for w in report["waiting"]}
    assert waiting.keys() == {claim_a, claim_b}
    assert {k: waiting[claim_b][k] for k in ("article_id", "field", "kept", "other", "met_by")} == {
        "article_id": article_id, "field": "verdict", "kept": "misleading", "other": "mostly-false",
        "met_by": "Ben Editor <ben@news.example>"}
    code, out, _err = factcheck(ana, "sync")
    assert code == 0 and "Conflict waiting for Ben Editor" in out and "'mostly-false'" in out
    shown = ok(ana, "show", article_id)
    assert "conflict on verdict, waiting for Ben Editor: 'misleading' is in the file, 'mostly-false' waits" in shown
    assert sync.status(ana).waiting and sync.status(ana).conflicts == 0

    # Ben takes Ana's verdict on B and keeps his own on A: after the next syncs nothing waits anywhere.
    ok(ben, "sync", "resolve", article_id, claim_b, "verdict", "--take", "theirs")
    ok(ben, "sync", "resolve", article_id, claim_a, "verdict", "--take", "mine")
    assert sync_json(ben) [0] == 0
    code, report = sync_json(ana)
    assert code == 0 and report["waiting"] == [] and "conflict" not in ok(ana, "show", article_id)
    assert claims(ana, article_id)[CLAIM_B]["verdict"] == "mostly-false"
    assert claims(ana, article_id)[CLAIM_A]["verdict"] == "false"
    assert not [p for p in remote_tree(remote) if p.startswith("conflicts/")]


def test_a_later_change_by_the_other_side_settles_a_conflict_and_its_shared_record(two_libraries, remote):
    ana, ben, article_id = two_libraries
    claim_b = verdicts_clash_on_claim_b(ana, ben, article_id)
    sync_json(ben)
    assert [p for p in remote_tree(remote) if p.startswith("conflicts/")]
    assert len(sync_json(ana)[1]["waiting"]) == 1
    ok(ana, "claim", "set", article_id, claim_b, "--verdict", "false")  # Ana decides it anew: that settles it
    assert sync_json(ana)[1]["waiting"] == []
    assert sync_json(ben) == (0, {"pulled": 1, "pushed": 0, "merged": 0, "conflicts": [], "notes": [],
                                  "set_aside": [], "waiting": []})
    assert claims(ben, article_id)[CLAIM_B]["verdict"] == "false"
    assert not [p for p in remote_tree(remote) if p.startswith("conflicts/")]


def test_sync_json_keeps_the_issue_s_contract_with_its_names_and_adds_only_documented_keys(two_libraries):
    """Issue 15's contract: {"pulled", "pushed", "merged", "conflicts": [{"article_id", "claim_id", "field", "mine",
    "theirs"}]}. It names these keys and forbids none besides; the additions are documented (README)."""
    ana, ben, article_id = two_libraries
    verdicts_clash_on_claim_b(ana, ben, article_id)
    code, report = sync_json(ben)
    assert code == sync.EXIT_CONFLICTS
    assert set(report) == {"pulled", "pushed", "merged", "conflicts"} | {"notes", "set_aside", "waiting"}
    assert all(isinstance(report[key], int) for key in ("pulled", "pushed", "merged"))
    assert [set(c) for c in report["conflicts"]] == [{"article_id", "claim_id", "field", "mine", "theirs"}]
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for key in ("notes", "set_aside", "waiting"):
        assert f'"{key}"' in readme


def test_a_link_pulled_into_articles_is_removed_for_everyone_not_kept_as_a_set_aside_file(two_libraries, remote):
    _ana, ben, _article_id = two_libraries
    evil = ben.parent / "evil"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(remote), str(evil)], check=True)
    os.symlink("/etc/passwd", evil / "articles" / "a-0000000link.json")
    git = ["git", "-C", str(evil), "-c", "user.name=Mallory", "-c", "user.email=m@evil.example"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "a link"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD:main"], check=True)
    code, report = sync_json(ben)
    assert code == 0 and report["set_aside"] == [] and any("is a link" in note for note in report["notes"])
    assert not os.path.lexists(ben / "articles" / "a-0000000link.json")
    assert "articles/a-0000000link.json" not in remote_tree(remote)


def test_reviews_json_set_aside_as_unreadable_is_put_back_not_deleted_for_the_others(two_libraries, remote):
    ana, ben, _article_id = two_libraries
    ok(ana, "reviews", "import", str(Path(__file__).parent / "data" / "claimreview_feed.json"))
    sync_json(ana)
    sync_json(ben)
    (ben / "reviews.json").write_text("{not json")
    code, _out, err = factcheck(ben, "reviews", "list")
    assert "corrupt" in err and not (ben / "reviews.json").exists()
    code, report = sync_json(ben)
    assert code == 0 and report["set_aside"] == [{"article_id": "", "path": "reviews.json", "action": "restored"}]
    assert "reviews.json" in remote_tree(remote) and len(json.loads((ben / "reviews.json").read_text())["reviews"]) == 2
