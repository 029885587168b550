"""`factcheck text set/show`, `factcheck versions`, `factcheck refetch` and the claims' anchor, as a user runs them
(in-process, against a temporary library and a local HTTP server only)."""

from __future__ import annotations

import json

import pytest

from factcheck_gui.cli import main
from tests.conftest import run_cli

pytest.importorskip("pytest_httpserver")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dunford: Iraq has not asked for Russian help</title>
<meta property="og:type" content="article"></head><body><article>
<h1>Dunford: Iraq has not asked for Russian help</h1>
<p>BAGHDAD - The top US general said on Tuesday that Iraq's prime minister told him Iraq doesn't want Russia's help
in the war against the Islamic State, and that no request had been made.</p>
<p>Gen. Joe Dunford spoke to 50 reporters travelling with him after meetings with Prime Minister Haider al-Abadi.</p>
<p>Officials said the United States had made clear that Russian involvement would make American support harder.</p>
</article></body></html>
"""
REPORTERS = "Gen. Joe Dunford spoke to 50 reporters travelling with him after meetings with Prime Minister Haider al-Abadi."
OFFICIALS = "Officials said the United States had made clear that Russian involvement would make American support harder."


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def story(httpserver, data_dir, capsys):
    """The page imported from the local server, with two claims (one judged)."""
    httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/story")
    code, out, err = run(capsys, "import", url, "--data-dir", str(data_dir))
    assert code == 0, err
    article_id = out.strip()
    for text, verdict in ((REPORTERS, "false"), (OFFICIALS, None)):
        extra = ["--verdict", verdict] if verdict else []
        assert run(capsys, "claim", "add", article_id, "--text", text, *extra, "--data-dir", str(data_dir))[0] == 0
    return article_id, url


def serve(httpserver, page: str) -> None:
    httpserver.clear()
    httpserver.expect_request("/story").respond_with_data(page, content_type="text/html; charset=utf-8")


def claims(capsys, data_dir, article_id):
    code, out, err = run(capsys, "claim", "list", article_id, "--json", "--data-dir", str(data_dir))
    assert code == 0, err
    return {c["text"] if c["anchor"] != "edited" else c["previous_text"]: c for c in json.loads(out)}


def versions(capsys, data_dir, article_id):
    code, out, err = run(capsys, "versions", article_id, "--json", "--data-dir", str(data_dir))
    assert code == 0, err
    return json.loads(out)


def test_text_set_keeps_the_old_text_as_a_version_and_prints_the_claims_that_are_not_exact(story, data_dir, capsys,
                                                                                           tmp_path):
    article_id, _ = story
    code, original, _ = run(capsys, "text", "show", article_id, "--data-dir", str(data_dir))
    corrected = original.replace("50 reporters", "five reporters").replace(OFFICIALS, "")
    (tmp_path / "fixed.txt").write_text(corrected, encoding="utf-8")
    code, out, err = run(capsys, "text", "set", article_id, str(tmp_path / "fixed.txt"), "--note", "count fixed",
                         "--data-dir", str(data_dir))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    assert "edited" in lines[0] and "50 reporters" in lines[0] and "five reporters" in lines[0]
    assert "orphaned" in lines[1] and "Officials said" in lines[1]
    listed = versions(capsys, data_dir, article_id)
    assert [(v["n"], v["kind"], v["note"], v["stealth_edit"]) for v in listed] == [
        (1, "capture", "", False), (2, "correction", "count fixed", False)]
    assert set(listed[0]) >= {"n", "kind", "created", "sha256", "note", "stealth_edit"}
    assert run(capsys, "text", "show", article_id, "--version", "1", "--data-dir", str(data_dir))[1] == original
    assert run(capsys, "text", "show", article_id, "--data-dir", str(data_dir))[1].rstrip("\n") == corrected.rstrip("\n")
    state = claims(capsys, data_dir, article_id)
    assert state[REPORTERS]["anchor"] == "edited" and state[REPORTERS]["needs_review"]
    assert state[OFFICIALS]["anchor"] == "orphaned"
    listed = run(capsys, "claim", "list", article_id, "--data-dir", str(data_dir))[1].splitlines()
    edited = next(line for line in listed if state[REPORTERS]["id"] in line)
    assert "[False] (wording changed) (verdict to review)  Gen. Joe Dunford spoke to five reporters" in edited
    assert "(orphaned)" in next(line for line in listed if state[OFFICIALS]["id"] in line)
    assert run(capsys, "text", "show", article_id, "--version", "3", "--data-dir", str(data_dir))[0] == 1


def test_text_set_with_empty_input_says_the_text_is_empty_and_changes_nothing(story, data_dir, tmp_path):
    article_id, _ = story
    (tmp_path / "empty.txt").write_text("\n  \n", encoding="utf-8")
    for target, stdin, name in (("-", "", "standard input"), (str(tmp_path / "empty.txt"), None, "empty.txt")):
        result = run_cli("text", "set", article_id, target, data_dir=data_dir, stdin=stdin)
        assert result.returncode == 1
        assert result.stderr == (f"factcheck: error: {name} is empty: there is no corrected text to set; "
                                 "the article's text is unchanged.\n")
        assert "import" not in result.stderr
    assert [v["n"] for v in json.loads(run_cli("versions", article_id, "--json", data_dir=data_dir).stdout)] == [1]


def test_the_export_summary_names_an_orphaned_claim_instead_of_counting_it_as_one_of_the_text(story, data_dir,
                                                                                                 tmp_path):
    article_id, _ = story
    original = run_cli("text", "show", article_id, data_dir=data_dir).stdout
    (tmp_path / "fixed.txt").write_text(original.replace(OFFICIALS, ""), encoding="utf-8")
    assert run_cli("text", "set", article_id, str(tmp_path / "fixed.txt"), data_dir=data_dir).returncode == 0
    head = "2 claims marked, 1 judged; 1 of them orphaned (its text is no longer in the article, listed last)."
    markdown = run_cli("export", article_id, "--format", "md", data_dir=data_dir).stdout
    assert f"## Summary\n\n{head}" in markdown
    page = run_cli("export", article_id, "--format", "html", data_dir=data_dir).stdout
    assert f"<p>{head}</p>" in page
    assert run_cli("text", "set", article_id, "-", data_dir=data_dir, stdin=original).returncode == 0  # back again
    markdown = run_cli("export", article_id, "--format", "md", data_dir=data_dir).stdout
    assert "2 claims marked, 1 judged.\n" in markdown and "orphaned" not in markdown


def test_refetch_typography_only_is_no_new_version_and_a_silent_change_is_a_stealth_edit(story, data_dir, capsys,
                                                                                          httpserver):
    article_id, _ = story
    code, out, err = run(capsys, "refetch", article_id, "--data-dir", str(data_dir))
    assert code == 0, err
    assert "no change in wording" in out
    serve(httpserver, PAGE.replace("BAGHDAD -", "BAGHDAD \u2014").replace("doesn't", "doesn\u2019t")
          .replace("him after", "him  after"))
    code, out, err = run(capsys, "refetch", article_id, "--json", "--data-dir", str(data_dir))
    result = json.loads(out)
    assert (result["new_version"], result["message"]) == (False, "no change in wording")
    assert len(versions(capsys, data_dir, article_id)) == 1

    serve(httpserver, PAGE.replace("50 reporters", "40 reporters"))
    code, out, err = run(capsys, "refetch", article_id, "--json", "--data-dir", str(data_dir))
    result = json.loads(out)
    assert result["new_version"] and result["stealth_edit"]
    assert result["claims"] == [{"id": result["claims"][0]["id"], "anchor": "edited", "reason": result["claims"][0]["reason"]}]
    listed = versions(capsys, data_dir, article_id)
    assert [(v["kind"], v["stealth_edit"]) for v in listed] == [("capture", False), ("refetch", True)]
    assert listed[1]["origin"].endswith("/story")
    assert claims(capsys, data_dir, article_id)[REPORTERS]["anchor"] == "edited"
    assert claims(capsys, data_dir, article_id)[OFFICIALS]["anchor"] == "exact"

    noticed = PAGE.replace("50 reporters", "30 reporters").replace(
        "</article>", "<p>Correction: an earlier version of this story gave the wrong number of reporters.</p></article>")
    serve(httpserver, noticed)
    result = json.loads(run(capsys, "refetch", article_id, "--json", "--data-dir", str(data_dir))[1])
    assert result["new_version"] and not result["stealth_edit"] and result["notices"]


def test_refetch_compares_with_the_page_not_with_the_users_correction(story, data_dir, capsys, tmp_path):
    article_id, _ = story
    original = run(capsys, "text", "show", article_id, "--data-dir", str(data_dir))[1]
    (tmp_path / "fixed.txt").write_text(original.replace("BAGHDAD - ", ""), encoding="utf-8")
    assert run(capsys, "text", "set", article_id, str(tmp_path / "fixed.txt"), "--data-dir", str(data_dir))[0] == 0
    code, out, _err = run(capsys, "refetch", article_id, "--data-dir", str(data_dir))
    assert code == 0 and "no change in wording" in out
    assert len(versions(capsys, data_dir, article_id)) == 2


def test_refetch_without_an_address_says_what_to_do(data_dir, capsys, tmp_path):
    (tmp_path / "a.txt").write_text("Some article text. It has sentences.", encoding="utf-8")
    article_id = run(capsys, "import", str(tmp_path / "a.txt"), "--data-dir", str(data_dir))[1].strip()
    code, _out, err = run(capsys, "refetch", article_id, "--data-dir", str(data_dir))
    assert code == 1 and "no web address" in err and "factcheck edit" in err


ARCHIVED = "/web/20261204101500/{url}"


def test_refetch_archive_records_the_copy_on_the_version_it_shows_and_the_exports_list_it(story, data_dir, capsys,
                                                                                          httpserver, tmp_path):
    article_id, url = story
    assert run(capsys, "settings", "--set", f"wayback_save_url={httpserver.url_for('/save/')}",
               "--set", f"wayback_availability_url={httpserver.url_for('/available')}",
               "--set", "review_url_pattern=https://checks.example/{claim_id}",
               "--data-dir", str(data_dir))[0] == 0
    httpserver.expect_request(f"/save/{url}").respond_with_data(
        "<html>Saved</html>", headers={"Content-Location": ARCHIVED.format(url=url)}, content_type="text/html")

    code, out, err = run(capsys, "refetch", article_id, "--archive", "--data-dir", str(data_dir))
    assert code == 0, err
    assert "no change in wording" in out and "Archived copy of version 1:" in out
    listed = versions(capsys, data_dir, article_id)
    assert listed[0]["archive_url"].endswith(ARCHIVED.format(url=url)) and listed[0]["archived_at"].startswith("2026-12-04")

    serve(httpserver, PAGE.replace("50 reporters", "40 reporters"))
    httpserver.expect_request(f"/save/{url}").respond_with_data(
        "<html>Saved</html>", headers={"Content-Location": ARCHIVED.replace("1015", "1130").format(url=url)},
        content_type="text/html")
    result = json.loads(run(capsys, "refetch", article_id, "--archive", "--json", "--data-dir", str(data_dir))[1])
    assert result["new_version"] and result["archive"]["version"] == 2
    listed = versions(capsys, data_dir, article_id)
    assert [v["archive_url"].split("/web/")[1][:12] for v in listed] == ["202612041015", "202612041130"]

    out_file = tmp_path / "review.json"
    assert run(capsys, "export", article_id, "--format", "claimreview", "-o", str(out_file),
               "--data-dir", str(data_dir))[0] == 0
    (review,) = json.loads(out_file.read_text(encoding="utf-8"))
    archived = [work for work in review["itemReviewed"]["appearance"] if "version" in work]
    assert [(work["version"], work["isBasedOn"], work["dateCreated"]) for work in archived] == [
        ("1", url, "2026-12-04"), ("2", url, "2026-12-04")]
    assert all("/web/20261204" in work["url"] for work in archived)
    markdown = tmp_path / "check.md"
    assert run(capsys, "export", article_id, "--format", "md", "-o", str(markdown), "--data-dir", str(data_dir))[0] == 0
    assert markdown.read_text(encoding="utf-8").count("archived copy: <http") == 2


def test_refetch_archive_that_fails_still_refetches_and_says_why(story, data_dir, capsys, httpserver):
    article_id, url = story
    assert run(capsys, "settings", "--set", f"wayback_save_url={httpserver.url_for('/save/')}",
               "--set", f"wayback_availability_url={httpserver.url_for('/available')}", "--data-dir", str(data_dir))[0] == 0
    httpserver.expect_request(f"/save/{url}").respond_with_data("busy", status=503)
    httpserver.expect_request("/available").respond_with_json({"archived_snapshots": {}})
    code, out, err = run(capsys, "refetch", article_id, "--archive", "--data-dir", str(data_dir))
    assert code == 0 and "no change in wording" in out
    assert "could not be archived" in err
    assert versions(capsys, data_dir, article_id)[0]["archive_url"] == ""
