"""A library folder is untrusted input (issue #12 items 1, 2, 3, 5; #11 items 3 and 25).

Crafted article files, links, FIFOs, read-only folders and concurrent writers, each in
tmp_path: one bad file never locks the user out, nothing is written outside the library
folder, and a save never fails silently.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck_gui.cli import main
from factcheck_gui.core import schema
from factcheck_gui.core.editing import add_claim, find_text, new_article
from factcheck_gui.core.errors import CorruptFileError, InputError, StoreError
from factcheck_gui.core.plaintext import parse_plain_text
from factcheck_gui.importer import article_from_file, read_import_file
from factcheck_gui.store import library as library_module
from factcheck_gui.store.library import Library, load_json_file
from factcheck_gui.store.settings import load_settings, save_settings
from tests.conftest import DUNFORD_START

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, links and flock are POSIX")

TIMEOUT = 30  # seconds; the old code hung forever on a FIFO


@pytest.fixture
def library(data_dir):
    return Library(data_dir)


@pytest.fixture
def saved(library, sample_text):
    parsed = parse_plain_text(sample_text)
    return library.add(new_article(parsed.text, parsed.meta))


@pytest.fixture
def outside(tmp_path):
    """A folder beside the library: nothing may ever be written here."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def document_of(handle) -> dict:
    return json.loads(handle.path.read_text(encoding="utf-8"))


def write_article(library: Library, article_id: str, document: dict) -> Path:
    document = dict(document, id=article_id)
    path = library.articles_dir / f"{article_id}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def cli(*args: str, data_dir: Path, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """``factcheck ARGS`` in a process of its own, so a hang is a failure, not a stuck test run."""
    return subprocess.run(
        [sys.executable, "-m", "factcheck_gui.cli", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=timeout, env={**os.environ, "FACTCHECK_DEBUG": ""},
    )


def all_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- #12.1: every file is read as a regular file, with a cap, and any failure sets it aside ------


def test_a_5000_digit_number_sets_the_file_aside_and_the_rest_still_lists(library, saved, capsys):
    path = library.articles_dir / "a-digits.json"
    text = json.dumps(document_of(saved))
    assert '"claims": []' in text
    path.write_text(text.replace('"claims": []', '"claims": [' + "9" * 5000 + "]"), encoding="utf-8")
    assert main(["list", "--data-dir", str(library.root)]) == 0
    out, err = capsys.readouterr()
    assert saved.article.id in out and "internal error" not in err
    assert "a-digits.json" in err and "moved to" in err
    assert not path.exists() and len(list(library.corrupt_dir.iterdir())) == 1
    assert main(["show", saved.article.id, "--data-dir", str(library.root)]) == 0


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "factcheck-gui/article", "schema_version": 1, "id": "x", "text": "a", "claims": [{"id": "c", "start": '
         + b"1" * 400 + b"}]}", "too large to be an offset"),
        (b'{"format": "factcheck-gui/article", "schema_version": 1, "id": "x", "text": "a", "sources": [{"id": "s", "redirects": [[1]]}]}',
         "list of addresses"),
    ],
)
def test_any_failure_to_read_a_file_sets_it_aside_with_the_reason(library, saved, content, reason):
    (library.articles_dir / "a-bad.json").write_bytes(content)
    summaries, problems = library.summaries()
    assert [s.id for s in summaries] == [saved.article.id]
    [problem] = problems
    assert reason in problem.message and "a-bad.json" in problem.message and "moved to" in problem.message


def test_an_unexpected_error_while_reading_sets_the_file_aside_too(library, saved, monkeypatch):
    def broken(*_args, **_kwargs):
        raise AttributeError("a bug in a reader")

    monkeypatch.setattr(library_module, "article_from_dict", broken)
    with pytest.raises(CorruptFileError, match="AttributeError"):
        library.open(saved.article.id)
    assert not saved.path.exists() and len(list(library.corrupt_dir.iterdir())) == 1


def test_a_fifo_named_like_an_article_hangs_nothing_and_is_set_aside(library, saved):
    fifo = library.articles_dir / "a-fifo.json"
    os.mkfifo(fifo)
    result = cli("list", data_dir=library.root)
    assert result.returncode == 0 and saved.article.id in result.stdout
    assert "a-fifo.json is a named pipe" in result.stderr
    assert not os.path.lexists(fifo)
    assert cli("show", saved.article.id, data_dir=library.root).returncode == 0


def test_a_link_to_dev_zero_is_never_read(library, saved):
    link = library.articles_dir / "a-zero.json"
    link.symlink_to("/dev/zero")
    result = cli("list", data_dir=library.root)
    assert result.returncode == 0 and saved.article.id in result.stdout
    assert "a-zero.json is a link" in result.stderr
    [aside] = library.corrupt_dir.iterdir()
    assert aside.is_symlink() and os.readlink(aside) == "/dev/zero"  # the link moved, never followed


def test_an_article_file_over_the_size_cap_is_set_aside_unread(library, saved, monkeypatch):
    huge = library.articles_dir / "a-huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(119 * 1024 * 1024)  # sparse: the 119 MB file of the issue, without writing it
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    summaries, [problem] = library.summaries()
    assert [s.id for s in summaries] == [saved.article.id]
    assert "a-huge.json is 119 MB; files over 64 MB are not read" in problem.message
    assert sum(reads) < 20 * 1024 * 1024  # the good article was read, the huge one not


def test_a_fifo_as_settings_hangs_neither_export_nor_settings_nor_fetch(library, saved, tmp_path):
    settings = library.root / "settings.json"
    os.mkfifo(settings)
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title></head><body><p>Some text of a page.</p></body></html>")
    for args in (("export", saved.article.id), ("settings",), ("fetch", str(page))):
        result = cli(*args, data_dir=library.root)
        assert result.returncode == 0, (args, result.stderr)
        if os.path.lexists(settings):
            continue
        assert "named pipe" in result.stderr and "settings.json.bad" in result.stderr
        os.mkfifo(settings)  # again for the next command


def test_settings_with_a_huge_number_or_a_lone_surrogate_load_with_a_warning_or_repaired(data_dir):
    (data_dir / "settings.json").write_text('{"settings": {"fetch_max_bytes": ' + "9" * 5000 + "}}")
    settings, warning = load_settings(data_dir)
    assert "defaults are used" in warning and settings.fetch_max_bytes == 15 * 1024 * 1024
    (data_dir / "settings.json").write_text('{"settings": {"organization_name": "Fact\\ud800", "fetch_timeout_seconds": '
                                            + "9" * 400 + "}}")
    settings, warning = load_settings(data_dir)
    assert warning == "" and settings.organization_name == "Fact\ufffd" and settings.fetch_timeout_seconds == 600.0
    save_settings(data_dir, settings)  # and it saves


def test_a_fifo_or_device_given_to_import_is_refused_not_read(tmp_path, data_dir):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    result = cli("import", str(fifo), data_dir=data_dir)  # the old code waited for a writer forever
    assert result.returncode == 1 and "story.txt is a named pipe (FIFO), not a file" in result.stderr
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="a device"):
        read_import_file(zero)


def test_a_sidecar_that_is_a_fifo_or_too_big_does_not_hang_the_import(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("A headline\n\nOne sentence of the story. Another one.")
    sidecar = tmp_path / "story.json"
    sidecar.symlink_to("/dev/zero")
    assert article_from_file(story).text  # not a file: no sidecar
    sidecar.unlink()
    with open(sidecar, "wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    with pytest.raises(CorruptFileError, match="files over 1 MB are not read"):
        load_json_file(sidecar)


# -- #12.2: text JSON allows but an article cannot hold; saves never fail silently --------------


def surrogate_article(library: Library, saved) -> str:
    document = document_of(saved)
    claim = {"id": "c-1", "start": 0, "end": 4, "selector": {"exact": document["text"][:4]}, "rationale": "Because \ud800."}
    document["meta"]["title"] = "Half a pair \ud800 here"
    document["text"] = document["text"][:10] + "\udc00" + document["text"][11:]
    document["claims"] = [claim]
    write_article(library, "a-surrogate", document)  # json.dumps writes them as \ud800: valid JSON
    return "a-surrogate"


def test_lone_surrogates_are_repaired_on_load_and_said_so(library, saved):
    article_id = surrogate_article(library, saved)
    handle = library.open(article_id)
    assert handle.article.title == "Half a pair \ufffd here"
    assert handle.article.claims[0].rationale == "Because \ufffd."
    assert len(handle.article.text) == len(saved.article.text)  # one character for one: no offset moves
    assert handle.problems and "\ufffd" in handle.problems[0]
    library.save(handle)  # the old code failed every save from here on
    assert "\\ud800" not in handle.path.read_text(encoding="utf-8")


def test_list_show_claim_add_and_export_work_on_a_file_with_lone_surrogates(library, saved):
    article_id = surrogate_article(library, saved)
    stderr = {}
    for args in (["list"], ["show", article_id], ["export", article_id, "--format", "md"],
                 ["export", article_id, "--format", "csv"], ["claim", "add", article_id, "--text", DUNFORD_START]):
        result = cli(*args, data_dir=library.root)
        assert result.returncode == 0 and "internal error" not in result.stderr, (args, result.stderr)
        stderr[args[0]] = result.stderr
    assert "half of a UTF-16 character pair" in stderr["list"] and "half of a UTF-16" in stderr["show"]
    assert "\\ud800" not in (library.articles_dir / "a-surrogate.json").read_text()  # saved repaired by claim add


def test_a_character_that_cannot_be_saved_is_a_clear_store_error(library, saved):
    saved.article.meta.title = "From a command line \udcff"  # how Python passes an undecodable byte in argv
    with pytest.raises(StoreError, match="not valid text \\(U\\+DCFF\\)"):
        library.save(saved)


def test_a_command_line_argument_with_an_undecodable_byte_is_one_line(library, saved, capsys):
    code = main(["claim", "add", saved.article.id, "--text", DUNFORD_START, "--rationale", "bad \udcff byte",
                 "--data-dir", str(library.root)])
    err = capsys.readouterr().err
    assert code == 1 and "not valid text" in err and "internal error" not in err


# -- #12.3: nothing the library writes lands outside it -----------------------------------------


def test_an_article_file_linking_outside_is_not_read_listed_or_linked_to(library, saved, outside):
    secret = outside / "secret.json"
    secret.write_text(json.dumps(dict(document_of(saved), id="a-secret")))
    link = library.articles_dir / "a-secret.json"
    link.symlink_to(secret)
    summaries, [problem] = library.summaries()
    assert [s.id for s in summaries] == [saved.article.id] and "a-secret.json is a link" in problem.message
    assert all_files(outside) == ["secret.json"] and os.stat(secret).st_nlink == 1


def test_a_save_over_a_file_replaced_by_a_link_keeps_no_hard_link_to_the_outside(library, saved, outside):
    secret = outside / "secret.txt"
    secret.write_text("not the library's")
    saved.path.unlink()
    saved.path.symlink_to(secret)
    saved.article.meta.title = "Mine"
    library.save(saved, force=True)  # keep mine: the link is replaced by our file, never followed
    assert not saved.path.is_symlink() and secret.read_text() == "not the library's"
    assert os.stat(secret).st_nlink == 1 and all_files(outside) == ["secret.txt"]
    assert not (library.backups_dir / saved.path.name).exists()


@pytest.mark.parametrize("folder", ["backups", "corrupt", "trash"])
def test_a_library_folder_linked_outside_receives_nothing(library, saved, outside, folder):
    (library.root / folder).symlink_to(outside, target_is_directory=True)
    if folder == "backups":
        saved.article.meta.title = "Changed"
        with pytest.raises(StoreError, match="is a link to another place"):
            library.save(saved)
    elif folder == "corrupt":
        (library.articles_dir / "a-bad.json").write_text("{cut off")
        summaries, [problem] = library.summaries()  # still lists the rest
        assert [s.id for s in summaries] == [saved.article.id] and "could not be moved" in problem.message
    else:
        with pytest.raises(StoreError, match="is a link to another place"):
            library.delete(saved.article.id)
    if folder == "backups":  # the window's copy of unsaved edits, before it takes another version
        with pytest.raises(StoreError, match="is a link to another place"):
            library.keep_copy(saved.article, "mine")
    assert all_files(outside) == []


def test_a_lock_file_linking_outside_creates_nothing_there(library, saved, outside):
    (library.articles_dir / f".{saved.article.id}.lock").symlink_to(outside / "created")
    saved.article.meta.title = "Changed"
    with pytest.raises(StoreError):
        library.save(saved)
    assert all_files(outside) == []


def test_a_snapshot_linking_outside_is_not_handed_out(library, outside):
    library.ensure_folders()
    digest = "0" * 64
    (library.snapshots_dir / digest).symlink_to(outside / "file")
    (outside / "file").write_text("x")
    assert library.snapshot_path(digest) is None


# -- #12.5: a read-only library gives clear errors, and lists what it can -------------------------


@contextlib.contextmanager
def read_only(*folders: Path):
    """Make *folders* read-only for real: chmod as a user; as root (chmod does not stop root),
    the immutable attribute of ext4 and others, which stops root too. Skips where neither works."""
    if os.geteuid() != 0:
        for folder in folders:
            folder.chmod(0o555)
        try:
            yield
        finally:
            for folder in folders:
                folder.chmod(0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: a read-only folder cannot be made")
    done = []
    try:
        for folder in folders:
            if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
                pytest.skip("this file system does not support the immutable attribute")
            done.append(folder)
        probe = folders[0] / ".probe"
        with contextlib.suppress(OSError):
            probe.touch()
            probe.unlink()
            pytest.skip("the immutable attribute does not stop writes here")
        yield
    finally:
        for folder in done:
            subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_library_gives_clear_errors_for_claim_set_and_import(library, saved, tmp_path):
    claim = add_claim(saved.article, *find_text(saved.article, DUNFORD_START))
    library.save(saved)
    story = tmp_path / "story.txt"
    story.write_text("A headline\n\nOne sentence of the story. Another one.")
    with read_only(library.root, library.articles_dir):
        for args in (("claim", "set", saved.article.id, claim.id, "--verdict", "false"), ("import", str(story))):
            result = cli(*args, data_dir=library.root)
            assert result.returncode == 1 and "internal error" not in result.stderr, result.stderr
            assert "may not write" in result.stderr and result.stderr.count("\n") == 1
    assert json.loads(saved.path.read_text())["claims"][0]["verdict"] is None


def test_a_corrupt_file_in_a_read_only_library_does_not_stop_the_list(library, saved):
    (library.articles_dir / "a-bad.json").write_text("{cut off")
    with read_only(library.root, library.articles_dir):
        result = cli("list", data_dir=library.root)
    assert result.returncode == 0 and saved.article.id in result.stdout
    assert "a-bad.json is not valid JSON" in result.stderr and "could not be moved" in result.stderr


# -- caps on article size and sentences -----------------------------------------------------------


def test_an_article_over_the_caps_is_refused_at_import_with_a_clear_message(monkeypatch):
    with pytest.raises(InputError, match=r"10,000,001 characters long.*at most 10,000,000"):
        new_article("a" * 10_000_001)
    monkeypatch.setattr(schema, "MAX_SENTENCES", 100)
    with pytest.raises(InputError, match=r"has 200 sentences.*at most 100.*Import the part you check"):
        new_article("A b. " * 200)


def test_an_article_file_over_the_caps_is_set_aside_at_load(library, saved, monkeypatch):
    monkeypatch.setattr(schema, "MAX_SENTENCES", 10)
    summaries, [problem] = library.summaries()
    assert summaries == [] and "too large to open" in problem.message and "at most 10" in problem.message


# -- #11.3: no lock file outlives its writer -------------------------------------------------------


def test_no_lock_file_is_left_after_saves_and_command_line_edits(library, saved):
    library.save(saved)
    assert cli("claim", "add", saved.article.id, "--text", DUNFORD_START, data_dir=library.root).returncode == 0
    assert [p.name for p in library.articles_dir.iterdir()] == [saved.path.name]


def test_a_lock_left_by_an_older_version_is_removed_but_one_in_use_is_not(library, saved):
    import fcntl

    stale = library.articles_dir / ".a-old.lock"
    stale.touch()
    held = library.articles_dir / f".{saved.article.id}.lock"
    with open(held, "wb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        Library(library.root).ensure_folders()
        assert not stale.exists() and held.exists()


# -- #11.25: concurrent command-line edits all succeed ----------------------------------------------


def test_concurrent_command_line_edits_all_succeed(library, saved):
    words = list(dict.fromkeys(w.strip(".,;:\u201c\u201d\"'()") for w in saved.article.text.split()))
    text = saved.article.text
    sentences = [w for w in words if len(w) >= 6 and w.isalpha() and text.count(w) == 1][:80]  # 80 distinct texts
    assert len(sentences) == 80
    script = (
        "import sys\nfrom factcheck_gui.cli import main\n"
        "codes = [main(['claim', 'add', sys.argv[1], '--text', t, '--data-dir', sys.argv[2]]) for t in sys.argv[3:]]\n"
        "sys.exit(max(codes))\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, saved.article.id, str(library.root), *sentences[i::8]],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for i in range(8)
    ]
    results = [(p.wait(timeout=240), p.stderr.read()) for p in processes]
    assert [code for code, _ in results] == [0] * 8, [err for _, err in results]
    claims = json.loads(saved.path.read_text(encoding="utf-8"))["claims"]
    assert sorted(c["selector"]["exact"] for c in claims) == sorted(sentences)
    assert [p.name for p in library.articles_dir.iterdir()] == [saved.path.name]  # and no lock left
