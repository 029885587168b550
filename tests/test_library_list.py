"""``factcheck list`` prints the lines the index stores (one query, no file read) only while every
article file is as indexed: each change a sync, an editor or a script makes behind the library's
back is listed exactly as reading every file would list it (issue 13, a big library)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from factcheck_gui import cli
from factcheck_gui.core.editing import add_claim, new_article
from factcheck_gui.core.model import ArticleMeta
from factcheck_gui.store import library_index, search_index
from factcheck_gui.store.articlefile import dumps_article_utf8
from factcheck_gui.store.library import Library

EMPTY = "The library is empty. Import an article with: factcheck import FILE|URL|-\n"


def run(capsys, data_dir: Path) -> tuple[str, str]:
    """``factcheck list`` in this process: (stdout, stderr)."""
    assert cli.main(["list", "--data-dir", str(data_dir)]) == 0
    return capsys.readouterr()


def read_every_file(data_dir: Path) -> str:
    """What ``factcheck list`` prints, made here from every file read (no index), in the format it has
    always had: id, title cut and padded to 60 characters, claims and judged claims."""
    library = Library(data_dir)
    library._search_index_unavailable = True
    summaries, _problems = library.summaries()
    lines = [f"{s.id}  {s.title[:60]:<60}  {s.claim_count} claims, "
             f"{sum(n for verdict, n in s.verdict_counts.items() if verdict)} judged" for s in summaries]
    return "\n".join(lines) + "\n" if lines else EMPTY


def article_file(data_dir: Path, article_id: str, title: str, verdicts: tuple[str | None, ...] = ()) -> Path:
    """An article file written straight to disk (as a sync or git delivers it), not through the library."""
    text = f"{title}\n\nThe budget grew by 12 percent in 2019. Officials said it would cost 40 million."
    article = new_article(text, ArticleMeta(title=title))
    article.id = article_id
    for verdict, sentence in zip(verdicts, ("The budget grew by 12 percent in 2019.", "Officials said it would cost 40 million."),
                                 strict=False):
        start = article.text.index(sentence)
        add_claim(article, start, start + len(sentence), verdict=verdict)
    path = data_dir / "articles" / f"{article_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dumps_article_utf8(article))
    return path


@pytest.fixture
def listed(data_dir, capsys) -> str:
    """Three articles, listed once (so indexed); the listing."""
    article_file(data_dir, "a-one", "Iraq budget report", ("false", None))
    article_file(data_dir, "a-two", "A title of more than sixty characters, which the listing cuts at sixty", ("true",))
    article_file(data_dir, "a-three", "Ohio rent report")
    out, err = run(capsys, data_dir)
    assert err == "" and out == read_every_file(data_dir) and out.count("\n") == 3
    assert "a-one  Iraq budget report" + " " * 42 + "  2 claims, 1 judged" in out
    return out


def rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Edit the file as an editor that overwrites it does: same name, same inode, new contents."""
    inode = path.stat().st_ino
    data = path.read_bytes()
    assert data.count(old.encode()) == 1
    with open(path, "r+b") as handle:
        handle.write(data.replace(old.encode(), new.encode()))
        handle.truncate()
    assert path.stat().st_ino == inode


def edit_title(old: str, new: str) -> tuple[str, str]:
    return f'"title": "{old}"', f'"title": "{new}"'


def in_place_new_size(data_dir: Path) -> None:
    path = data_dir / "articles" / "a-one.json"
    stamp = path.stat().st_mtime_ns
    rewrite_in_place(path, *edit_title("Iraq budget report", "Iraq budget report, corrected and longer"))
    os.utime(path, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))


def in_place_same_size(data_dir: Path) -> None:
    path = data_dir / "articles" / "a-one.json"
    size, stamp = path.stat().st_size, path.stat().st_mtime_ns
    rewrite_in_place(path, *edit_title("Iraq budget report", "Iraq budget REPORT"))
    assert path.stat().st_size == size
    os.utime(path, ns=(stamp + 1, stamp + 1))  # one nanosecond later


def in_place_same_time(data_dir: Path) -> None:
    path = data_dir / "articles" / "a-two.json"
    stamp = path.stat().st_mtime_ns
    rewrite_in_place(path, *edit_title("A title of more than sixty characters, which the listing cuts at sixty", "Shorter"))
    os.utime(path, ns=(stamp, stamp))  # the clock of a copy kept the old time: the size tells


def judged_in_place(data_dir: Path) -> None:
    path = data_dir / "articles" / "a-three.json"
    stamp = path.stat().st_mtime_ns
    article_file(data_dir, "a-three", "Ohio rent report", ("misleading", "false"))
    os.utime(path, ns=(stamp + 5, stamp + 5))


def new_file(data_dir: Path) -> None:
    article_file(data_dir, "a-four", "Kenya port report", (None,))


def prefix_ids(data_dir: Path) -> None:
    """Ids that are prefixes of others sort as ids ("a" before "a-b"), not as file names ("a-b.json" first)."""
    for article_id in ("a", "a-b", "a_b", "A", "a-"):
        article_file(data_dir, article_id, f"Article {article_id}")


def removed_file(data_dir: Path) -> None:
    (data_dir / "articles" / "a-two.json").unlink()


def every_file_removed(data_dir: Path) -> None:
    for path in (data_dir / "articles").glob("*.json"):
        path.unlink()


def stray_files(data_dir: Path) -> None:
    folder = data_dir / "articles"
    for name in ("read me.json", ".hidden.json", "a-one.json.bak", "notes.txt", "a-one.json.tmp"):
        (folder / name).write_text("not an article", encoding="utf-8")


def a_folder_named_like_an_article(data_dir: Path) -> None:
    (data_dir / "articles" / "a-folder.json").mkdir()


def corrupt_file(data_dir: Path) -> None:
    (data_dir / "articles" / "a-bad.json").write_text('{"schema_version": 1, "text": ', encoding="utf-8")


def corrupted_in_place(data_dir: Path) -> None:
    path = data_dir / "articles" / "a-two.json"
    stamp = path.stat().st_mtime_ns
    path.write_text("{ this is no longer JSON", encoding="utf-8")
    os.utime(path, ns=(stamp + 1, stamp + 1))


def replaced_by_a_link(data_dir: Path) -> None:
    path = data_dir / "articles" / "a-two.json"
    target = data_dir / "elsewhere.json"
    os.replace(path, target)
    path.symlink_to(target)


CHANGES = [in_place_new_size, in_place_same_size, in_place_same_time, judged_in_place, new_file, prefix_ids,
           removed_file, every_file_removed, stray_files, a_folder_named_like_an_article, corrupt_file,
           corrupted_in_place, replaced_by_a_link]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_a_change_behind_the_librarys_back_is_listed_as_reading_every_file_lists_it(change, listed, data_dir, capsys,
                                                                                    monkeypatch):
    change(data_dir)
    out, err = run(capsys, data_dir)
    assert out == read_every_file(data_dir)  # after the run: a corrupt file is set aside by either
    assert (out == listed) == (change in (stray_files, a_folder_named_like_an_article, corrupt_file))
    if change in (corrupt_file, corrupted_in_place, replaced_by_a_link):
        assert "factcheck: warning:" in err  # each says which file and what was done
    elif change is not a_folder_named_like_an_article:
        assert err == ""
    # The index is in step again: the next list prints its stored lines and reads no file.
    monkeypatch.setattr(Library, "open", lambda *a: pytest.fail("an unchanged file was read"))
    assert run(capsys, data_dir)[0] == out


def test_the_stored_lines_are_printed_without_reading_a_file_or_making_a_summary(listed, data_dir, capsys, monkeypatch):
    monkeypatch.setattr(Library, "open", lambda *a: pytest.fail("an unchanged file was read"))
    monkeypatch.setattr(library_index, "summary_from_json", lambda *a: pytest.fail("a summary was made"))
    monkeypatch.setattr(Library, "summaries", lambda *a, **k: pytest.fail("the library was refreshed"))
    assert run(capsys, data_dir) == (listed, "")


def test_the_files_stamps_are_made_as_the_index_stores_them(listed, data_dir):
    library = Library(data_dir)
    stamps = sorted(library_index.article_stamps(library).items())
    expected = ("\n".join(f"{article_id}.json" for article_id, _ in stamps),
                "".join(search_index.file_stamp(*stamp) for _, stamp in stamps))
    assert library_index._files_stamps(library) == expected == library.search_index().file_stamps()
    assert library.files_as_indexed() and library.files_as_indexed("a-one")
    assert search_index.file_stamp(2**70, 1) == ""  # beyond 64 bits: stored as never equal
    os.utime(library.path_of("a-one"), ns=(1, 1))
    assert not library.files_as_indexed() and not library.files_as_indexed("a-one") and library.files_as_indexed("a-two")


def with_a_note(path: Path) -> None:
    """A title with half of a UTF-16 pair (as json.dumps writes it): the file reads, repaired, with a note."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["title"] += " \ud800"
    path.write_text(json.dumps(data), encoding="utf-8")


def test_an_article_with_notes_is_listed_from_its_file_with_its_warning(data_dir, capsys):
    path = article_file(data_dir, "a-one", "Iraq budget report", ("false",))
    with_a_note(path)
    first = run(capsys, data_dir)
    assert first[0] == read_every_file(data_dir) and "a-one.json: " in first[1] and "UTF-16" in first[1]
    assert run(capsys, data_dir) == first  # the note is said again: it is not stored as a line


def test_an_empty_library_says_how_to_import(data_dir, capsys):
    assert run(capsys, data_dir) == (EMPTY, "")
    (data_dir / "articles").mkdir()
    assert run(capsys, data_dir) == (EMPTY, "")


def test_the_windows_list_of_unchanged_files_is_the_stored_summaries_with_their_notes(data_dir, monkeypatch):
    """The library pane's refresh: when every file is as indexed, the summaries come from one query and
    one decode (no file read, no comparison per row) and equal those read from the files, notes too."""
    path = article_file(data_dir, "a-one", "Iraq budget report", ("false", None))
    article_file(data_dir, "a-two", "Ohio rent report", ("true",))
    with_a_note(path)
    first = Library(data_dir).summaries()
    monkeypatch.setattr(Library, "open", lambda *a: pytest.fail("an unchanged file was read"))
    monkeypatch.setattr(search_index.SearchIndex, "article_records", lambda *a: pytest.fail("compared row by row"))
    again = Library(data_dir).summaries()
    assert again == first and [s.id for s in again[0]] == ["a-one", "a-two"]
    assert len(again[1]) == 1 and again[1][0].path == path and again[0][0].verdict_counts[None] == 1
    monkeypatch.undo()
    library = Library(data_dir)
    library._search_index_unavailable = True
    assert library.summaries() == first  # as reading every file makes them
