"""The `factcheck` command against a temporary library: in this process (tests.conftest.run_cli),
and in a subprocess where the process is the point (``python -m``, exit codes, pipes)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import DUNFORD_START, SAMPLE_TEXT, run_cli

factcheck = run_cli


@pytest.fixture
def imported(data_dir):
    result = factcheck("import", str(SAMPLE_TEXT), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_prints_the_id_and_list_shows_it(data_dir, imported):
    assert imported.startswith("a-")
    listing = json.loads(factcheck("list", "--json", data_dir=data_dir).stdout)
    assert [a["id"] for a in listing] == [imported]
    assert listing[0]["title"] == "US Tells Iraq to Choose Between Them and Russia in ISIS War"
    assert listing[0]["publisher"] == "Antiwar.com"  # from the sidecar seeds/us-tells-iraq-to-choose.json


def test_sentences_json_has_the_dunford_sentence_whole():
    result = factcheck("sentences", str(SAMPLE_TEXT), "--json")
    sentences = json.loads(result.stdout)
    dunford = [s for s in sentences if s["text"].startswith(DUNFORD_START)]
    assert len(dunford) == 1 and dunford[0]["text"].endswith("if that happened.")
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    assert all(text[s["start"] : s["end"]] == s["text"] for s in sentences)


def test_claim_add_with_verdict_then_show_json(data_dir, imported):
    sentence = SAMPLE_TEXT.read_text(encoding="utf-8").split("\n\n")[2]
    added = factcheck("claim", "add", imported, "--text", sentence, "--verdict", "false",
                      "--claimant", "Gen. Joe Dunford", "--rationale", "Officials said otherwise.", data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    claim_id = added.stdout.strip()
    shown = json.loads(factcheck("show", imported, "--json", data_dir=data_dir).stdout)
    (claim,) = shown["claims"]
    assert claim["id"] == claim_id and claim["verdict"] == "false"
    assert claim["selector"]["exact"] == sentence and claim["claimant"] == "Gen. Joe Dunford"
    on_disk = json.loads((data_dir / "articles" / f"{imported}.json").read_text(encoding="utf-8"))
    assert on_disk["claims"][0]["rationale"] == "Officials said otherwise."
    listed = json.loads(factcheck("claim", "list", imported[:6], "--json", data_dir=data_dir).stdout)
    assert listed[0]["verdict_label"] == "False"


def test_claim_set_changes_the_verdict(data_dir, imported):
    claim_id = factcheck("claim", "add", imported, "--text", DUNFORD_START, data_dir=data_dir).stdout.strip()
    result = factcheck("claim", "set", imported, claim_id, "--verdict", "Mostly false", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    shown = json.loads(factcheck("show", imported, "--json", data_dir=data_dir).stdout)
    assert shown["claims"][0]["verdict"] == "mostly-false"


def test_import_from_standard_input(data_dir):
    result = factcheck("import", "-", data_dir=data_dir, stdin="A headline\n\nSomeone said something. It was wrong.\n")
    assert result.returncode == 0, result.stderr
    shown = json.loads(factcheck("show", result.stdout.strip(), "--json", data_dir=data_dir).stdout)
    assert shown["meta"]["title"] == "A headline"


def test_export_json_is_the_article_file(data_dir, imported, tmp_path):
    out = tmp_path / "out.json"
    assert factcheck("export", imported, "--format", "json", "-o", str(out), data_dir=data_dir).returncode == 0
    assert out.read_bytes() == (data_dir / "articles" / f"{imported}.json").read_bytes()


@pytest.mark.parametrize(
    "args, message",
    [
        (("claim", "add", "{id}", "--text", "words that are not in the article"), "does not occur in the article"),
        (("claim", "add", "{id}", "--text", DUNFORD_START, "--verdict", "sorta"), "Unknown verdict"),
        (("show", "a-doesnotexist"), "There is no article"),
        (("show", "../../etc/passwd"), "There is no article"),
        (("claim", "set", "{id}", "c-nope", "--verdict", "true"), "has no claim"),
        (("import", "/no/such/file.txt"), "There is no file"),
    ],
)
def test_user_mistakes_give_one_line_and_no_traceback(data_dir, imported, args, message):
    result = factcheck(*(a.replace("{id}", imported) for a in args), data_dir=data_dir)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("content, message", [(b"", "empty"), (b"\x00\x01\x02binary\x00", "binary")])
def test_empty_and_binary_files_are_refused(data_dir, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = factcheck("import", str(bad), data_dir=data_dir)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_legacy_encoded_text_is_decoded(data_dir, tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Caf\u00e9 owners say prices rose \u201cfast\u201d.\n\nThey said it twice.".encode("cp1252"))
    article_id = factcheck("import", str(legacy), data_dir=data_dir).stdout.strip()
    shown = json.loads(factcheck("show", article_id, "--json", data_dir=data_dir).stdout)
    assert shown["text"].startswith("Caf\u00e9 owners say prices rose \u201cfast\u201d.")


def test_every_verb_works_on_the_library_given_by_data_dir(data_dir, tmp_path, monkeypatch):
    from factcheck_gui.store.library import Library

    elsewhere = tmp_path / "elsewhere"  # where FACTCHECK_DATA_DIR points: --data-dir wins over it
    monkeypatch.setenv("FACTCHECK_DATA_DIR", str(elsewhere))
    article_id = factcheck("import", str(SAMPLE_TEXT), data_dir=data_dir).stdout.strip()
    runs = {
        "list": factcheck("list", "--json", data_dir=data_dir),
        "edit": factcheck("edit", article_id, "--publisher", "Antiwar.com news", data_dir=data_dir),
        "claim add": factcheck("claim", "add", article_id, "--text", DUNFORD_START, "--verdict", "false",
                               data_dir=data_dir),
        "claim list": factcheck("claim", "list", article_id, "--json", data_dir=data_dir),
        "show": factcheck("show", article_id, "--json", data_dir=data_dir),
        "export": factcheck("export", article_id, "--format", "json", data_dir=data_dir),
    }
    assert {verb: (run.returncode, run.stderr) for verb, run in runs.items()} == {verb: (0, "") for verb in runs}
    assert [a["id"] for a in json.loads(runs["list"].stdout)] == [article_id]
    assert len(json.loads(runs["claim list"].stdout)) == 1
    assert json.loads(runs["export"].stdout)["meta"]["publisher"] == "Antiwar.com news"
    saved = json.loads(Library(data_dir).path_of(article_id).read_text(encoding="utf-8"))
    assert saved["meta"]["publisher"] == "Antiwar.com news" and len(saved["claims"]) == 1
    assert not (elsewhere / "articles").exists() or not any((elsewhere / "articles").iterdir())
    missing = factcheck("show", article_id)  # the other library does not have it
    assert missing.returncode == 1 and article_id in missing.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "claimreview", "csv", "json"])
def test_export_every_format_to_a_file_and_to_stdout_gives_the_same_bytes(data_dir, imported, tmp_path, fmt):
    factcheck("claim", "add", imported, "--text", DUNFORD_START, "--verdict", "false", "--claimant", "Gen. Joe Dunford",
              data_dir=data_dir)
    out = tmp_path / f"export.{fmt}"
    to_file = factcheck("export", imported, "--format", fmt, "-o", str(out), data_dir=data_dir)
    assert to_file.returncode == 0, to_file.stderr
    to_stdout = subprocess.run([sys.executable, "-m", "factcheck_gui.cli", "export", imported, "--format", fmt,
                                "--data-dir", str(data_dir)], capture_output=True, timeout=60)
    assert to_stdout.stdout == out.read_bytes()
    text = out.read_text(encoding="utf-8")
    if fmt == "claimreview":
        reviews = json.loads(text)
        assert reviews[0]["reviewRating"]["alternateName"] == "False"
        assert "set the review URL pattern in Settings" in to_file.stderr
    elif fmt == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[0]["verdict"] == "false" and rows[0]["claimant"] == "Gen. Joe Dunford"
    elif fmt in ("md", "html"):
        assert "US Tells Iraq to Choose Between Them and Russia in ISIS War" in text and "False" in text


def test_unknown_export_format_is_refused(data_dir, imported):
    result = factcheck("export", imported, "--format", "docx", data_dir=data_dir)
    assert result.returncode == 1 and "invalid choice" in result.stderr


@pytest.mark.parametrize("args", [
    ("export", "ID", "--format", "docx"),  # a bad choice
    ("source", "add", "ID", "c-1", "https://example.org/", "--stance", "maybe"),
    ("frobnicate",),  # an unknown verb
    ("claim", "add", "ID"),  # a missing argument (--text)
    ("list", "--no-such-option"),
])
def test_argument_errors_are_one_line_on_stderr_and_exit_1_as_the_readme_says(data_dir, args):
    result = factcheck(*args, data_dir=data_dir)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: error: "), result.stderr
    assert "usage:" not in result.stderr and "--help" in result.stderr  # says where the usage is


def test_help_still_shows_the_usage():
    for args in (("--help",), ("claim", "set", "--help")):
        result = factcheck(*args)
        assert result.returncode == 0 and result.stdout.startswith("usage: factcheck")
    assert "--claimant-type" in factcheck("claim", "set", "--help").stdout


def test_claim_help_lists_the_verdicts_of_the_scale_and_each_one_is_accepted(data_dir, imported):
    from factcheck_gui.core.verdicts import DEFAULT_SCALE

    for verb in ("set", "add"):
        shown = " ".join(factcheck("claim", verb, "--help").stdout.split())  # argparse wraps the lines
        assert "one of: " + ", ".join(DEFAULT_SCALE.keys()) in shown
        assert f"1 to {len(DEFAULT_SCALE.verdicts)}" in shown
    assert "none clears it" in " ".join(factcheck("claim", "set", "--help").stdout.split())
    claim_id = factcheck("claim", "add", imported, "--text", DUNFORD_START, data_dir=data_dir).stdout.strip()
    for key in DEFAULT_SCALE.keys():  # what the help lists is what the verb takes
        result = factcheck("claim", "set", imported, claim_id, "--verdict", key, "--json", data_dir=data_dir)
        assert result.returncode == 0 and json.loads(result.stdout)["verdict"] == key, result.stderr


def test_settings_feed_the_claimreview(data_dir, imported):
    changed = factcheck("settings", "--set", "organization_name=Example Fact Check",
                        "--set", "review_url_pattern=https://factcheck.example/{article_id}", "--json", data_dir=data_dir)
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout)["organization_name"] == "Example Fact Check"
    factcheck("claim", "add", imported, "--text", DUNFORD_START, "--verdict", "false", data_dir=data_dir)
    result = factcheck("export", imported, "--format", "claimreview", data_dir=data_dir)
    (review,) = json.loads(result.stdout)
    assert review["author"]["name"] == "Example Fact Check"
    assert review["url"].startswith(f"https://factcheck.example/{imported}")
    assert "review URL" not in result.stderr
    bad = factcheck("settings", "--set", "fetch_timeout_seconds=soon", data_dir=data_dir)
    assert bad.returncode == 1 and "needs a float" in bad.stderr
    not_url = factcheck("settings", "--set", "review_url_pattern=not a url", data_dir=data_dir)
    assert not_url.returncode == 1 and "must be a web address" in not_url.stderr


ARTICLE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Minister denies aid cut | Example News</title>
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Minister denies aid cut", "datePublished": "2015-10-21T09:00:00Z",
 "author": {"@type": "Person", "name": "Jane Reporter"}}</script></head>
<body><nav>Home | World | Sport</nav><article><h1>Minister denies aid cut</h1>
<p>The minister said on Tuesday that aid to the region would not be cut, contradicting
<a href="/reports/leak">a leaked report</a> published last week by the finance ministry.</p>
<p>Officials at the <a href="https://www.example.gov/statement">defence ministry</a> declined to comment
on the figures, which show a drop of 40 percent over two years in the amounts paid out.</p>
<p>Opposition leaders called the statement misleading and demanded that the full budget be published
before the parliamentary vote scheduled for next month in the capital.</p></article>
<footer>Copyright Example News</footer></body></html>"""


def test_import_from_a_url_keeps_metadata_and_the_article_links(data_dir, httpserver):
    httpserver.expect_request("/news/aid").respond_with_data(ARTICLE_PAGE, content_type="text/html; charset=utf-8")
    result = factcheck("import", httpserver.url_for("/news/aid"), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    shown = json.loads(factcheck("show", result.stdout.strip(), "--json", data_dir=data_dir).stdout)
    assert shown["meta"]["title"] == "Minister denies aid cut"
    assert shown["meta"]["byline"] == "Jane Reporter" and shown["meta"]["published"].startswith("2015-10-21")
    assert "Home | World" not in shown["text"] and "drop of 40 percent" in shown["text"]
    links = {shown["text"][link["start"] : link["end"]]: link["href"] for link in shown["links"]}
    assert links == {"a leaked report": httpserver.url_for("/reports/leak"), "defence ministry": "https://www.example.gov/statement"}


def test_import_from_a_url_that_is_missing_says_so(data_dir, httpserver):
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    result = factcheck("import", httpserver.url_for("/gone"), data_dir=data_dir)
    assert result.returncode == 1 and "404" in result.stderr and "Traceback" not in result.stderr


def test_claim_delete(data_dir, imported):
    claim_id = factcheck("claim", "add", imported, "--text", DUNFORD_START, data_dir=data_dir).stdout.strip()
    assert factcheck("claim", "delete", imported, claim_id, data_dir=data_dir).returncode == 0
    assert json.loads(factcheck("claim", "list", imported, "--json", data_dir=data_dir).stdout) == []
    again = factcheck("claim", "delete", imported, claim_id, data_dir=data_dir)
    assert again.returncode == 1 and "has no claim" in again.stderr


def test_a_broken_sidecar_metadata_file_is_a_clear_error(data_dir, tmp_path):
    (tmp_path / "story.txt").write_text("Headline\n\nA sentence here.", encoding="utf-8")
    (tmp_path / "story.json").write_text("[not json", encoding="utf-8")
    result = factcheck("import", str(tmp_path / "story.txt"), data_dir=data_dir)
    assert result.returncode == 1 and "metadata file beside the article" in result.stderr


def test_newcomer_friendly_command_line(data_dir, imported):
    """Found by a first-time user: options before the verb, short claim ids, typed quotes."""
    before_verb = subprocess.run([sys.executable, "-m", "factcheck_gui.cli", "--data-dir", str(data_dir), "list", "--json"],
                                 capture_output=True, text=True, timeout=60)
    assert before_verb.returncode == 0 and json.loads(before_verb.stdout)[0]["id"] == imported
    # straight quotes typed for the article's curly ones
    added = factcheck("claim", "add", imported, "--text", "Iraq \"doesn't want Russia's help\"", "--verdict", "false",
                      "--json", data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    claim = json.loads(added.stdout)
    assert claim["text"] == "Iraq \u201cdoesn\u2019t want Russia\u2019s help\u201d"
    # a short prefix of the claim id
    assert factcheck("claim", "set", imported, claim["id"][:6], "--verdict", "misleading", data_dir=data_dir).returncode == 0
    assert json.loads(factcheck("claim", "list", imported, "--json", data_dir=data_dir).stdout)[0]["verdict"] == "misleading"
    nothing = factcheck("claim", "set", imported, claim["id"], data_dir=data_dir)
    assert nothing.returncode == 1 and "Nothing to change" in nothing.stderr
    ambiguous = factcheck("claim", "add", imported, "--text", "Iraq", data_dir=data_dir)
    assert ambiguous.returncode == 1 and "times in the article" in ambiguous.stderr


def test_edit_the_article_details(data_dir, imported):
    result = factcheck("edit", imported, "--url", "https://www.antiwar.com/blog/2015/10/23/us-tells-iraq/",
                       "--published", "2015-10-23", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    shown = json.loads(factcheck("show", imported, "--json", data_dir=data_dir).stdout)
    assert shown["meta"]["url"].startswith("https://www.antiwar.com/") and shown["meta"]["published"] == "2015-10-23"
    bad = factcheck("edit", imported, "--url", "javascript:alert(1)", data_dir=data_dir)
    assert bad.returncode == 1 and "not a web address" in bad.stderr


def test_edit_refuses_a_date_that_is_no_date_and_keeps_a_written_one_as_iso(data_dir, imported):
    before = factcheck("show", imported, "--json", data_dir=data_dir).stdout
    bad = factcheck("edit", imported, "--published", "last tuesday", data_dir=data_dir)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr == ("factcheck: error: \u201clast tuesday\u201d is not a publication date the app can read; "
                          "give it as 2015-10-23 or 23 October 2015.\n")
    assert factcheck("show", imported, "--json", data_dir=data_dir).stdout == before  # nothing saved
    good = factcheck("edit", imported, "--published", "Oct 23, 2015", data_dir=data_dir)
    assert good.returncode == 0, good.stderr
    assert json.loads(factcheck("show", imported, "--json", data_dir=data_dir).stdout)["meta"]["published"] == "2015-10-23"
    imported_again = factcheck("import", str(SAMPLE_TEXT), "--published", "next week", data_dir=data_dir)
    assert imported_again.returncode == 1 and "not a publication date" in imported_again.stderr


def test_sentences_of_an_empty_input_is_an_empty_list():
    result = factcheck("sentences", "-", "--json", stdin="")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_pinning_the_same_source_again_says_it_updates_the_pin(data_dir, imported, httpserver):
    httpserver.expect_request("/statement").respond_with_data(ARTICLE_PAGE, content_type="text/html")
    claim_id = factcheck("claim", "add", imported, "--text", DUNFORD_START, data_dir=data_dir).stdout.strip()
    url = httpserver.url_for("/statement")
    first = factcheck("source", "add", imported, claim_id, url, "--stance", "refutes", data_dir=data_dir)
    again = factcheck("source", "add", imported, claim_id, url, "--stance", "supports", data_dir=data_dir)
    assert first.returncode == again.returncode == 0 and first.stdout == again.stdout
    assert "already pinned to this claim (refutes)" in again.stderr
    shown = json.loads(factcheck("show", imported, "--json", data_dir=data_dir).stdout)
    assert len(shown["sources"]) == 1 and [e["stance"] for e in shown["claims"][0]["evidence"]] == ["supports"]


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys, data_dir):
    from factcheck_gui import cli
    from factcheck_gui.store.library import Library

    def broken(self):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(Library, "summaries", broken)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    assert cli.main(["list", "--data-dir", str(data_dir)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("factcheck: internal error: RuntimeError: something unexpected") and "Traceback" not in error


# -- claim set says what it changed; the claimant's type -------------------------------------


def test_claim_set_prints_the_changed_claim_line(data_dir, imported):
    added = factcheck("claim", "add", imported, "--text", DUNFORD_START, data_dir=data_dir)
    claim_id = added.stdout.strip()
    result = factcheck("claim", "set", imported, claim_id[:7], "--verdict", "false", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"  {claim_id}  [False]  {DUNFORD_START}"]


def test_claimant_type_is_set_on_the_command_line_and_used_by_claimreview(data_dir, imported):
    factcheck("edit", imported, "--published", "2015-10-23", data_dir=data_dir)
    added = factcheck("claim", "add", imported, "--text", DUNFORD_START, "--verdict", "false",
                      "--claimant", "Joint Chiefs Chairman Dunford", "--claimant-type", "person", "--json",
                      data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    claim = json.loads(added.stdout)
    assert claim["claimant_type"] == "person"
    (review,) = json.loads(factcheck("export", imported, "--format", "claimreview", data_dir=data_dir).stdout)
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Joint Chiefs Chairman Dunford"}
    assert review["itemReviewed"]["datePublished"] == "2015-10-23"  # when the claim appeared

    changed = factcheck("claim", "set", imported, claim["id"], "--claimant", "US officials", "--claimant-type",
                        "person", data_dir=data_dir)
    assert changed.returncode == 0, changed.stderr
    (review,) = json.loads(factcheck("export", imported, "--format", "claimreview", data_dir=data_dir).stdout)
    assert review["itemReviewed"]["author"]["@type"] == "Person"  # the guess would say Organization
    auto = factcheck("claim", "set", imported, claim["id"], "--claimant-type", "auto", "--json", data_dir=data_dir)
    assert json.loads(auto.stdout)["claimant_type"] is None
    (review,) = json.loads(factcheck("export", imported, "--format", "claimreview", data_dir=data_dir).stdout)
    assert review["itemReviewed"]["author"]["@type"] == "Organization"  # guessed again
    stored = json.loads(factcheck("show", imported, "--json", data_dir=data_dir).stdout)
    assert "claimant_type" not in stored["claims"][0]
    bad = factcheck("claim", "set", imported, claim["id"], "--claimant-type", "robot", data_dir=data_dir)
    assert bad.returncode == 1 and "person, organization or auto" in bad.stderr


# -- importing an article file -------------------------------------------------------------------


def test_import_of_an_article_file_or_json_export_imports_the_article_it_is(data_dir, imported, tmp_path):
    factcheck("claim", "add", imported, "--text", DUNFORD_START, "--verdict", "false", data_dir=data_dir)
    exported = tmp_path / "export.json"
    assert factcheck("export", imported, "--format", "json", "-o", str(exported), data_dir=data_dir).returncode == 0

    other_library = tmp_path / "other"
    same_id = factcheck("import", str(exported), "--json", data_dir=other_library)
    assert same_id.returncode == 0, same_id.stderr
    result = json.loads(same_id.stdout)
    assert result["id"] == imported  # a free id is kept
    assert result["title"] == "US Tells Iraq to Choose Between Them and Russia in ISIS War"

    again = factcheck("import", str(exported), "--json", data_dir=data_dir)  # the id is taken here
    assert again.returncode == 0, again.stderr
    copy_id = json.loads(again.stdout)["id"]
    assert copy_id != imported
    original = json.loads(factcheck("show", imported, "--json", data_dir=data_dir).stdout)
    copied = json.loads(factcheck("show", copy_id, "--json", data_dir=data_dir).stdout)
    assert copied["text"] == original["text"] and copied["claims"] == original["claims"]
    assert copied["meta"] == original["meta"]

    piped = factcheck("import", "-", stdin=exported.read_text(encoding="utf-8"), data_dir=data_dir)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(factcheck("show", piped.stdout.strip(), "--json", data_dir=data_dir).stdout)["claims"] == \
        original["claims"]


@pytest.mark.parametrize("content", ['{"title": "Just metadata"}', "[1, 2, 3]", '{"format": "something-else"}'])
def test_import_refuses_other_json_in_one_line(data_dir, tmp_path, content):
    path = tmp_path / "data.json"
    path.write_text(content, encoding="utf-8")
    result = factcheck("import", str(path), data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()] and "not an article file" in result.stderr
    assert factcheck("list", "--json", data_dir=data_dir).stdout.strip() == "[]"


CSV_BODY = "region,troops,year\nnorth,150,2025\nsouth,120,2025\n"


@pytest.mark.parametrize(("path", "content_type", "what"), [
    ("/data/troops.csv", "text/csv; charset=utf-8", "a CSV table (text/csv"),
    ("/raw/troops.csv", "text/plain; charset=utf-8", "a CSV table (a .csv file, served as text/plain"),  # raw hosts
    ("/api/troops", "application/json", "JSON data (application/json"),
    ("/feed", "application/rss+xml", "a news feed (application/rss+xml"),
])
def test_import_of_a_table_or_data_address_is_refused_not_made_an_article(data_dir, httpserver, path, content_type,
                                                                        what):
    body = '{"troops": 150}' if "json" in content_type else "<rss/>" if "rss" in content_type else CSV_BODY
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type)
    result = factcheck("import", httpserver.url_for(path), data_dir=data_dir)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "This address is not an article: it is " + what in result.stderr
    assert "add it as a source of a claim" in result.stderr
    assert factcheck("list", "--json", data_dir=data_dir).stdout.strip() == "[]"


def test_import_of_a_plain_text_address_still_makes_an_article(data_dir, httpserver):
    httpserver.expect_request("/files/statement.txt").respond_with_data(
        "Troops sent north\n\nThe ministry said 150 soldiers were sent to the border.\n",
        content_type="text/plain; charset=utf-8")
    result = factcheck("import", httpserver.url_for("/files/statement.txt"), data_dir=data_dir)
    assert result.returncode == 0, result.stderr


def test_import_of_an_address_without_https_that_is_no_file_suggests_the_web_address(data_dir, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = factcheck("import", "not-a-url.example.com", data_dir=data_dir)
    assert result.returncode == 1
    assert "There is no file not-a-url.example.com. Did you mean https://not-a-url.example.com?" in result.stderr
    assert "Did you mean https://www.example.org/news/story?" in factcheck(
        "import", "www.example.org/news/story", data_dir=data_dir).stderr
    for name in ("story.txt", "notes.md", "./drafts/story", "draft"):  # a file name gets no such hint
        result = factcheck("import", name, data_dir=data_dir)
        assert result.returncode == 1 and "Did you mean" not in result.stderr and "There is no file" in result.stderr


def test_show_of_an_article_set_aside_as_unreadable_says_it_is_in_corrupt(data_dir, imported):
    from factcheck_gui.store.library import Library

    library = Library(data_dir)
    library.path_of(imported).write_text('{"schema_version": 1, "id": "', encoding="utf-8")  # cut off mid-write
    first = factcheck("show", imported, data_dir=data_dir)
    assert first.returncode == 1 and "moved to" in first.stderr and "corrupt" in first.stderr
    [aside] = library.corrupt_dir.iterdir()
    for wanted in (imported, imported[:6]):
        again = factcheck("show", wanted, data_dir=data_dir)
        assert again.returncode == 1 and again.stderr.count("\n") == 1
        assert "could not be read and its file was set aside in corrupt/" in again.stderr, again.stderr
        assert str(aside) in again.stderr and str(library.path_of(imported)) in again.stderr
        assert "There is no article" not in again.stderr
    assert "There is no article" in factcheck("show", "a-000000", data_dir=data_dir).stderr


def test_show_counts_one_claim_in_the_singular(data_dir, imported):
    factcheck("claim", "add", imported, "--text", DUNFORD_START, data_dir=data_dir)
    shown = factcheck("show", imported, data_dir=data_dir).stdout
    assert "  ·  1 claim  ·  0 sources" in shown and "1 claims" not in shown
