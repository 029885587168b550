"""Seen before? Imported reviews, the library's index kept in step, and the command line's
search, similar and reviews verbs (issue 13), without a window."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import sys
from pathlib import Path

import pytest

from factcheck_gui import cli
from factcheck_gui.core.editing import add_claim, find_text
from factcheck_gui.core.errors import InputError
from factcheck_gui.core.reviews import Review, parse_reviews
from factcheck_gui.importer import sample_article
from factcheck_gui.store import library_index, search_index
from factcheck_gui.store.library import Library
from tests.conftest import DUNFORD_START, run_cli

FEED = Path(__file__).parent / "data" / "claimreview_feed.json"
REVIEW_URL = "https://checks.example/2015/10/dunford-iraq-russia"


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``factcheck ARGS`` in this process; (exit code, stdout, stderr)."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def dunford_sentence(article) -> tuple[int, int]:
    start = article.text.index(DUNFORD_START)
    return start, article.text.index("happened.", start) + len("happened.")


@pytest.fixture
def library(data_dir) -> Library:
    return Library(data_dir)


@pytest.fixture
def sample(library):
    """The sample with the Dunford sentence marked False, claimed by Gen. Joe Dunford."""
    article = sample_article()
    start, end = dunford_sentence(article)
    add_claim(article, start, end, verdict="false", claimant="Gen. Joe Dunford")
    return library.add(article)


# -- ClaimReview in every shape ------------------------------------------------------------------

ONE = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "The moon is made of cheese.",
       "url": "https://checks.example/moon", "datePublished": "2020-01-02",
       "author": {"@type": "Organization", "name": "Moon Checks"},
       "reviewRating": {"@type": "Rating", "ratingValue": "1", "alternateName": "Pants on fire"},
       "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Dairyman"},
                        "appearance": [{"url": "https://dairy.example/1"}, "https://dairy.example/2"]}}
TWO = {"@type": ["ClaimReview"], "claimReviewed": "Cows can fly.", "url": "https://checks.example/cows",
       "publisher": {"name": "Cow Checks"}, "reviewRating": {"name": "False"}}


@pytest.mark.parametrize("shape", ["object", "list", "graph", "feed", "html"])
def test_every_shape_publishers_use_is_read(shape):
    documents = {
        "object": json.dumps(ONE),
        "list": json.dumps([ONE, TWO]),
        "graph": json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, ONE, TWO]}),
        "feed": json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": [ONE]}, {"item": [TWO]}]}),
        "html": ("<html><head><script type='application/ld+json'>{broken</script>"
                 f"<script type=\"application/ld+json\">{json.dumps(ONE)}</script></head><body>"
                 f"<SCRIPT TYPE=application/ld+json>\n{json.dumps({'@graph': [TWO]})}\n</SCRIPT></body></html>"),
    }
    reviews = parse_reviews(documents[shape])
    assert reviews[0] == Review(claim="The moon is made of cheese.", verdict="Pants on fire", publisher="Moon Checks",
                                date="2020-01-02", url="https://checks.example/moon", claimant="A. Dairyman",
                                appearances=("https://dairy.example/1", "https://dairy.example/2"))
    if shape != "object":
        assert reviews[1] == Review(claim="Cows can fly.", verdict="False", publisher="Cow Checks",
                                    url="https://checks.example/cows")


def test_what_is_not_claimreview_is_refused_or_skipped():
    with pytest.raises(InputError, match="not valid JSON"):
        parse_reviews("{nope", "feed.json")
    with pytest.raises(InputError, match="holds no ClaimReview"):
        parse_reviews("Just some words.", "notes.txt")
    assert parse_reviews(json.dumps([{"@type": "ClaimReview", "url": "https://x.example"}, {"@type": "Article"}])) == []
    deep = "[" * 5000 + "]" * 5000
    with pytest.raises(InputError):
        parse_reviews(deep)


# -- reviews import / list ---------------------------------------------------------------------


def test_reviews_import_keeps_every_field_and_importing_again_adds_nothing(capsys, data_dir):
    code, out, _ = run(capsys, "reviews", "import", str(FEED), "--data-dir", str(data_dir), "--json")
    assert code == 0 and json.loads(out) == [{"input": str(FEED), "found": 2, "added": 2, "already": 0}]
    code, out, _ = run(capsys, "reviews", "import", str(FEED), "--data-dir", str(data_dir))
    assert code == 0 and "0 reviews imported (2 already imported)" in out
    code, out, _ = run(capsys, "reviews", "list", "--data-dir", str(data_dir), "--json")
    listed = json.loads(out)
    assert [r["url"] for r in listed] == ["https://checks.example/2015/11/refinery-output", REVIEW_URL]  # newest first
    assert listed[1] == {
        "claim": "Gen. Joe Dunford's claim that Iraq doesn't want Russia's help in the ISIS war was less a statement "
                 "of fact than a US threat: Iraq would lose all sorts of US aid if it asked for Russian help.",
        "verdict": "False", "publisher": "Example Checks", "date": "2015-10-24", "url": REVIEW_URL,
        "claimant": "Gen. Joe Dunford", "appearances": ["https://news.example/2015/10/23/dunford-iraq"], "language": ""}
    assert len(search_index.SearchIndex(library_index.index_path(Library(data_dir))).reviews()) == 2


def test_reviews_import_from_a_web_page_with_embedded_json_ld(capsys, data_dir, httpserver):
    page = f"<html><head><script type=\"application/ld+json\">{json.dumps(ONE)}</script></head><body>Moon</body></html>"
    httpserver.expect_request("/moon").respond_with_data(page, content_type="text/html")
    code, out, err = run(capsys, "reviews", "import", httpserver.url_for("/moon"), "--data-dir", str(data_dir))
    assert code == 0, err
    assert "1 review imported." in out and "reviews imported" not in out
    code, out, _ = run(capsys, "reviews", "list", "--data-dir", str(data_dir))
    assert "Pants on fire" in out and "Moon Checks" in out


def test_reviews_import_of_a_file_without_reviews_fails_with_a_sentence(capsys, data_dir, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("nothing here", encoding="utf-8")
    code, _, err = run(capsys, "reviews", "import", str(notes), "--data-dir", str(data_dir))
    assert code == 1 and "notes.txt holds no ClaimReview" in err and "Traceback" not in err


# -- similar and search ------------------------------------------------------------------------


def test_similar_finds_the_imported_review_of_the_dunford_claim(capsys, data_dir, sample):
    run(capsys, "reviews", "import", str(FEED), "--data-dir", str(data_dir))
    start, end = dunford_sentence(sample.article)
    code, out, _ = run(capsys, "similar", sample.article.text[start:end], "--data-dir", str(data_dir), "--json")
    assert code == 0
    items = json.loads(out)
    review = next(item for item in items if item["origin"] == "review")
    assert review == {"text": review["text"], "verdict": "False", "publisher": "Example Checks", "date": "2015-10-24",
                      "url": REVIEW_URL, "origin": "review", "score": review["score"], "match": True}
    assert 0.5 <= review["score"] <= 1
    mine = next(item for item in items if item["origin"] == "library")
    assert set(mine) == {"text", "verdict", "publisher", "date", "url", "origin", "article_id", "claim_id", "score",
                         "match"}
    assert mine["article_id"] == sample.article.id and mine["claim_id"] == sample.article.claims[0].id
    assert mine["verdict"] == "False" and mine["publisher"] == "Antiwar.com"
    assert all(item["text"] != "Iraq's refineries produced 600,000 barrels a day in 2014." or not item["match"]
               for item in items)
    code, out, _ = run(capsys, "similar", "Iraq's refineries produced 700,000 barrels a day in 2014.",
                       "--data-dir", str(data_dir), "--json", "--limit", "1")
    [refinery] = json.loads(out)
    assert refinery["origin"] == "review" and refinery["match"] is False  # a different number


def test_similar_on_the_command_line_opens_no_socket(capsys, data_dir, sample, monkeypatch):
    run(capsys, "reviews", "import", str(FEED), "--data-dir", str(data_dir))
    opened = []

    def refuse(*args, **kwargs):
        opened.append(args)
        raise AssertionError("matching opened a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    code, out, err = run(capsys, "similar", "Iraq would lose all sorts of US aid, Dunford said.", "--data-dir",
                         str(data_dir), "--json")
    assert code == 0, err
    assert opened == [] and json.loads(out)


def test_search_by_claimant_and_verdict(capsys, data_dir, sample):
    run(capsys, "reviews", "import", str(FEED), "--data-dir", str(data_dir))
    code, out, _ = run(capsys, "search", "--claimant", "dunford", "--verdict", "false", "--data-dir", str(data_dir),
                       "--json")
    found = json.loads(out)
    assert code == 0 and {(item["kind"], item["origin"]) for item in found} == {("claim", "library"), ("review", "review")}
    claim = next(item for item in found if item["kind"] == "claim")
    assert claim["claim_id"] == sample.article.claims[0].id and claim["claimant"] == "Gen. Joe Dunford"
    code, out, _ = run(capsys, "search", "--claimant", "dunford", "--verdict", "5", "--data-dir", str(data_dir),
                       "--json")
    assert json.loads(out) == found  # 5, the window's key for False, as `claim add --verdict 5` takes it
    code, out, _ = run(capsys, "search", "russia", "--verdict", "Mostly true", "--data-dir", str(data_dir), "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "search", "refineries", "--publisher", "example checks", "--since", "2015-11-01",
                       "--data-dir", str(data_dir), "--json")
    assert [item["url"] for item in json.loads(out)] == ["https://checks.example/2015/11/refinery-output"]
    code, out, _ = run(capsys, "search", "refineries", "--until", "2015-10-31", "--data-dir", str(data_dir), "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "search", "russian help", "--kind", "article", "--data-dir", str(data_dir))
    assert code == 0 and sample.article.id in out


def test_search_refuses_a_date_it_cannot_read_instead_of_finding_nothing(data_dir, sample):
    run_cli("reviews", "import", str(FEED), data_dir=data_dir)
    for flag in ("--since", "--until"):
        result = run_cli("search", "refineries", flag, "foo", data_dir=data_dir)
        assert result.returncode == 1 and result.stdout == ""
        assert f"{flag} date" in result.stderr and "\u201cfoo\u201d" in result.stderr and "2015-10-23" in result.stderr
        assert result.stderr.startswith("factcheck: error: ") and result.stderr.count("\n") == 1
    # Dates written out, a year or a month still bound the search; a future "until" is no mistake.
    for since, found in (("1 November 2015", 1), ("2015", 1), ("2015-11", 1), ("2015-12", 0)):
        result = run_cli("search", "refineries", "--since", since, "--until", "2999-01-01", "--json", data_dir=data_dir)
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)) == found, since
    assert run_cli("search", "refineries", "--since", "2015-13", data_dir=data_dir).returncode == 1


# -- the index kept in step with the files -------------------------------------------------------


def claims_found(library: Library, words: str) -> list[str]:
    index = library.search_index()
    assert index is not None
    return [hit.claim_id for hit in index.search(words, kinds=["claim"])]


def test_every_save_delete_and_restore_updates_the_index_at_once(library, sample):
    library.summaries()
    article = sample.article
    start, end = find_text(article, "Ruling Party, Militias Urge PM")
    claim = add_claim(article, start, end, claimant="Someone Else")
    library.save(sample)
    assert claim.id in claims_found(library, article.text[start:end])  # no refresh: the save indexed it
    library.delete(article.id)
    assert claims_found(library, "Dunford") == []
    library.restore(article.id)
    assert claim.id in claims_found(library, article.text[start:end])
    # Another Library (another process) sees the same index.
    assert sample.article.claims[0].id in claims_found(Library(library.root), "Dunford")


def test_a_process_without_the_index_open_indexes_its_saves_when_it_ends(data_dir, sample):
    """A command-line edit or a script's saves stay as fast as writing the file; the index follows."""
    library = Library(data_dir)
    handle = library.open(sample.article.id)
    handle.article.claims[0].claimant = "Joseph Dunford"
    library.save(handle)
    assert library._search_index is None  # the save did not open the index...
    library_index.index_pending()  # ...the end of the process indexes it
    with search_index.SearchIndex(library_index.index_path(library)) as index:
        assert [hit.claimant for hit in index.search("Dunford", kinds=["claim"])] == ["Joseph Dunford"]


def test_the_cli_updates_the_index_on_save(capsys, data_dir, sample):
    Library(data_dir).summaries()
    code, _out, _ = run(capsys, "claim", "add", sample.article.id, "--text", "Ruling Party, Militias Urge PM",
                       "--claimant", "Militia leaders", "--data-dir", str(data_dir))
    assert code == 0
    with search_index.SearchIndex(library_index.index_path(Library(data_dir))) as index:
        assert [hit.claimant for hit in index.search("militias", kinds=["claim"])] == ["Militia leaders"]


def test_the_list_reads_summaries_from_the_index_and_parses_only_changed_files(library, sample, monkeypatch):
    first, _ = library.summaries()
    assert [s.title for s in first] == [sample.article.title] and first[0].verdict_counts == {"false": 1}
    opened: list[str] = []
    real_open = Library.open

    def counting_open(self, article_id):
        opened.append(article_id)
        return real_open(self, article_id)

    monkeypatch.setattr(Library, "open", counting_open)
    again, problems = Library(library.root).summaries()
    assert again == first and problems == [] and opened == []
    # A file changed behind the library's back (git pull, another machine) is read again.
    path = library.path_of(sample.article.id)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["title"] = "Changed elsewhere"
    path.write_text(json.dumps(data), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    changed, _ = Library(library.root).summaries()
    assert [s.title for s in changed] == ["Changed elsewhere"] and opened == [sample.article.id]
    # A file removed behind its back leaves the list and the index.
    path.unlink()
    assert Library(library.root).summaries() == ([], [])
    assert claims_found(Library(library.root), "Dunford") == []


def test_the_cli_list_reads_the_index(capsys, data_dir, sample, monkeypatch):
    run(capsys, "list", "--data-dir", str(data_dir))
    monkeypatch.setattr(Library, "open", lambda *a: pytest.fail("an unchanged file was parsed"))
    code, out, _ = run(capsys, "list", "--data-dir", str(data_dir), "--json")
    assert code == 0 and json.loads(out)[0]["verdicts"] == {"false": 1}


def test_the_cli_list_of_unchanged_files_makes_no_summaries_and_reads_changes(capsys, data_dir, sample, monkeypatch):
    """``factcheck list`` prints the index's rows as they are: on 10,000 articles, making a summary
    object of each cost a fifth of the command. A file changed since it was indexed is read again."""
    code, first, _ = run(capsys, "list", "--data-dir", str(data_dir))
    assert code == 0 and first.startswith(sample.article.id) and first.rstrip().endswith("1 claims, 1 judged")
    real_from_json = library_index.summary_from_json
    monkeypatch.setattr(library_index, "summary_from_json", lambda *a: pytest.fail("a summary was made"))
    monkeypatch.setattr(Library, "open", lambda *a: pytest.fail("an unchanged file was parsed"))
    assert run(capsys, "list", "--data-dir", str(data_dir)) == (0, first, "")
    monkeypatch.undo()
    path = Library(data_dir).path_of(sample.article.id)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["title"] = "Changed elsewhere"
    path.write_text(json.dumps(data), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    code, changed, _ = run(capsys, "list", "--data-dir", str(data_dir))
    assert code == 0 and "Changed elsewhere" in changed and real_from_json is library_index.summary_from_json
    assert run(capsys, "list", "--data-dir", str(data_dir))[1] == changed  # and now from the index again


def test_a_missing_broken_or_older_index_is_rebuilt(library, sample):
    path = library_index.index_path(library)
    library.summaries()
    library.close_search_index()
    for damage in ("missing", "garbage", "older"):
        if damage == "missing":
            path.unlink()
        elif damage == "garbage":
            for extra in path.parent.glob("search.sqlite3*"):
                extra.unlink()
            path.write_bytes(b"this is not a database" * 100)
        else:
            with sqlite3.connect(path) as db:
                db.execute("UPDATE info SET value = '0' WHERE key = 'version'")
        fresh = Library(library.root)
        summaries, problems = fresh.summaries()
        assert [s.id for s in summaries] == [sample.article.id] and problems == [], damage
        assert claims_found(fresh, "Dunford") == [sample.article.claims[0].id], damage
        fresh.close_search_index()


def test_reviews_survive_a_rebuilt_index(capsys, data_dir):
    run(capsys, "reviews", "import", str(FEED), "--data-dir", str(data_dir))
    library = Library(data_dir)
    library_index.index_path(library).unlink()
    _code, out, _ = run(capsys, "similar", "Iraq's refineries produced 600,000 barrels a day in 2014.",
                       "--data-dir", str(data_dir), "--json")
    assert json.loads(out)[0]["match"] is True


def test_the_index_is_ignored_by_git_and_never_a_link(library, sample, tmp_path):
    (library.root / ".gitignore").write_text("*.tmp", encoding="utf-8")
    library.summaries()
    assert (library.root / ".gitignore").read_text(encoding="utf-8") == "*.tmp\nindex/\n"
    Library(library.root).summaries()
    assert (library.root / ".gitignore").read_text(encoding="utf-8").count("index/") == 1
    library.close_search_index()
    path = library_index.index_path(library)
    for extra in path.parent.glob("search.sqlite3*"):
        extra.unlink()
    elsewhere = tmp_path / "elsewhere.sqlite3"
    elsewhere.write_bytes(b"")
    path.symlink_to(elsewhere)
    Library(library.root).summaries()
    assert not path.is_symlink() and elsewhere.read_bytes() == b""


def test_a_save_indexes_again_only_what_changed(library, sample):
    library.summaries()  # the index is open: saves update it at once
    index = library.search_index()
    rows = dict(index._db.execute("SELECT kind || ':' || claim_id, rowid FROM entries WHERE article_id = ?",
                                  (sample.article.id,)).fetchall())
    claim = sample.article.claims[0]
    claim.verdict = "misleading"
    sample.article.meta.title = "A new title"
    library.save(sample)
    after = dict(index._db.execute("SELECT kind || ':' || claim_id, rowid FROM entries WHERE article_id = ?",
                                   (sample.article.id,)).fetchall())
    assert after[f"claim:{claim.id}"] == rows[f"claim:{claim.id}"]  # same words: its details updated in place
    assert after["article:"] != rows["article:"]  # the title is part of the article's words
    [hit] = index.search("Dunford", kinds=["claim"], verdict="misleading")
    assert hit.claim_id == claim.id and hit.title == "A new title"
    assert [h.article_id for h in index.search("new title", kinds=["article"])] == [sample.article.id]


def test_every_field_of_the_list_survives_the_index(library, sample):
    """A field added to ArticleSummary later is stored too, or the file is read again: never lost."""
    from factcheck_gui.core.model import ReviewStatus

    sample.article.claims[0].status = ReviewStatus.IN_REVIEW
    library.save(sample)
    expected = Library.summary_of(library.open(sample.article.id))
    [first], _ = Library(library.root).summaries()
    [again], _ = Library(library.root).summaries()  # from the index, no file read
    assert first == expected and again == expected and expected.status_counts == {"in-review": 1}
    index = Library(library.root).search_index()
    index.put_article(sample.article, *library_index.article_stamps(library)[sample.article.id], summary={"title": "old"})
    [reread], _ = Library(library.root).summaries()  # a summary of an older shape: the file is read again
    assert reread == expected


def test_the_library_list_of_thousands_sorts_and_filters_without_asking_each_row_again_and_again(qtbot):
    """10,000 articles must open as fast as one: the rows are sorted in Python once, not by a proxy
    calling data() twice per comparison; a filter keystroke looks at each row once."""
    pytest.importorskip("PySide6")
    from factcheck_gui.store.library import ArticleSummary
    from factcheck_gui.ui.library_panel import QtLibraryPanel

    panel = QtLibraryPanel(Library("unused"))
    qtbot.addWidget(panel)
    rows = [ArticleSummary(id=f"a-{n:05d}", title=f"Story {n}", publisher="Herald", published="2015-10-23", url="",
                           claim_count=n % 7, verdict_counts={}, source_count=0, updated=f"2026-01-01T00:{n % 60:02d}:00Z")
            for n in range(3000)]
    calls = 0
    real_data = panel.model.data

    def counting_data(*args):
        nonlocal calls
        calls += 1
        return real_data(*args)

    panel.model.data = counting_data  # type: ignore[method-assign]
    panel.model.set_summaries(rows)
    panel.filter_edit.setText("story 12")
    assert calls < 1000, calls
    panel.filter_edit.setText("")
    panel.sort_by("Most claims")
    shown = panel.visible_ids()
    assert len(shown) == 3000 and [int(i[2:]) % 7 for i in shown[:2]] == [6, 6]
    panel.sort_by("Last edited")
    first = panel.model.summary(panel.visible_ids()[0])
    assert first is not None and first.updated.endswith(":59:00Z")  # the latest edit first


def test_a_damaged_summary_in_the_index_reads_that_file_again(library, sample, monkeypatch):
    """The summaries are read from the index in one piece; one row that is not JSON (a damaged or
    planted index) costs that article's file being read again, never the list."""
    other = library.add(sample_article())
    expected, _ = library.summaries()
    library.close_search_index()
    with sqlite3.connect(library_index.index_path(library)) as db:
        db.execute("UPDATE articles SET summary = '{not json' WHERE article_id = ?", (other.article.id,))
    opened: list[str] = []
    real_open = Library.open
    monkeypatch.setattr(Library, "open", lambda self, article_id: (opened.append(article_id), real_open(self, article_id))[1])
    again, problems = Library(library.root).summaries()
    assert again == expected and problems == [] and opened == [other.article.id]


def test_the_library_filter_narrows_without_asking_every_row_and_keeps_the_selection(qtbot):
    """A keystroke in the filter of 3,000 articles filters in Python over plain lists: Qt asks the
    model's data() only for the rows it paints (no proxy calling into Python for each row), and the
    selected article stays selected while it is shown."""
    pytest.importorskip("PySide6")
    from factcheck_gui.store.library import ArticleSummary
    from factcheck_gui.ui.library_panel import QtLibraryPanel

    panel = QtLibraryPanel(Library("unused"))
    qtbot.addWidget(panel)
    panel.resize(360, 600)
    panel.show()
    rows = [ArticleSummary(id=f"a-{n:05d}", title=f"Story {n}", publisher="Herald", published="2015-10-23", url="",
                           claim_count=1, verdict_counts={}, source_count=0, updated=f"2026-01-01T00:{n % 60:02d}:00Z")
            for n in range(3000)]
    panel.model.set_summaries(rows)
    panel.select("a-01234")
    qtbot.wait(600)  # idle a moment: the panel prepares what the filter looks in
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)  # every Python function Qt or the panel calls while the keys are typed
    for text in ("s", "story 1", "story 12", "story 123"):
        panel.filter_edit.setText(text)
        qtbot.wait(1)
        assert panel.selected_id() == "a-01234", text
    sys.setprofile(None)
    expected = [r.id for r in rows if all(word in f"{r.title} {r.id}".lower() for word in ("story", "123"))]
    assert sorted(panel.visible_ids()) == expected and "a-01123" in expected  # every word, anywhere (the id too)
    assert 0 < calls < 3000, calls  # the rows painted, not each of 3,000 rows per keystroke
    panel.filter_edit.setText("story 7")
    assert panel.selected_id() is None and all("7" in i or "Story 7" in panel.model.summary(i).title
                                               for i in panel.visible_ids())
    panel.filter_edit.setText("")
    assert len(panel.visible_ids()) == 3000


def test_the_index_folder_is_the_librarys_own_and_never_a_link(library, sample, tmp_path, caplog):
    """index/ goes through Library.own_folder (docs/security.md): a link to a folder elsewhere is
    refused and the list is read from the files; a link planted as SQLite's -wal or -journal file
    is removed before the index is opened, so nothing is written outside the library."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (library.root / "index").symlink_to(elsewhere, target_is_directory=True)
    fresh = Library(library.root)
    summaries, problems = fresh.summaries()
    assert [s.id for s in summaries] == [sample.article.id] and problems == []
    assert fresh.search_index() is None and list(elsewhere.iterdir()) == []
    (library.root / "index").unlink()

    folder = library.root / "index"
    folder.mkdir()
    for name in ("search.sqlite3-wal", "search.sqlite3-journal"):
        (elsewhere / name).write_bytes(b"")
        (folder / name).symlink_to(elsewhere / name)
    fresh = Library(library.root)
    assert [s.id for s in fresh.summaries()[0]] == [sample.article.id]
    fresh.save(fresh.open(sample.article.id))  # a write to the open index
    assert fresh.search_index() is not None and claims_found(fresh, "Dunford")
    assert not any(path.is_symlink() for path in folder.iterdir())
    assert all(path.read_bytes() == b"" for path in elsewhere.iterdir())
    assert "could not be read" not in caplog.text  # the links removed before opening, not an error and a rebuild
