"""`factcheck fetch` and `factcheck source add`, run as a user would, against a local HTTP server only."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DUNFORD_START, SAMPLE_TEXT, run_cli

pytest.importorskip("pytest_httpserver")

BRIEFING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Dunford: Iraq has not asked for Russian help | Defense News Desk</title>
<meta property="og:site_name" content="Defense News Desk">
<meta property="og:type" content="article">
<meta name="author" content="Pat Reporter">
<meta property="article:published_time" content="2015-10-20T18:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Dunford: Iraq has not asked for Russian help</h1>
<p>BAGHDAD &mdash; The top US general said on Tuesday that Iraq's prime minister told him Iraq doesn't want
Russia's help in the war against the Islamic State, and that no request had been made.</p>
<p>Gen. Joe Dunford, the chairman of the Joint Chiefs of Staff, spoke to reporters travelling with him after
meetings with Prime Minister Haider al-Abadi and the defence minister in Baghdad.</p>
<p>Officials said the United States had made clear that Russian involvement would make American support harder,
according to a <a href="https://example.org/transcript">transcript of the briefing</a> released later.</p>
</article>
<footer>Copyright Defense News Desk</footer>
</body></html>
"""


def factcheck(*args: str, data_dir: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``factcheck ARGS`` in this process (*timeout* is the old subprocess limit, kept for the callers)."""
    return run_cli(*args, data_dir=data_dir)


@pytest.fixture
def briefing_url(httpserver) -> str:
    httpserver.expect_request("/briefing").respond_with_data(BRIEFING, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/missing").respond_with_data("Not here", status=404, content_type="text/plain")
    return httpserver.url_for("/briefing")


@pytest.fixture
def article_with_claim(data_dir) -> tuple[str, str]:
    imported = factcheck("import", str(SAMPLE_TEXT), data_dir=data_dir)
    assert imported.returncode == 0, imported.stderr
    article_id = imported.stdout.strip()
    sentence = next(p for p in SAMPLE_TEXT.read_text(encoding="utf-8").split("\n\n") if p.startswith(DUNFORD_START))
    added = factcheck("claim", "add", article_id, "--text", sentence, "--verdict", "false", data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    return article_id, added.stdout.strip()


def test_fetch_json_prints_metadata_text_links_and_hash(data_dir, briefing_url):
    result = factcheck("fetch", briefing_url, "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    (page,) = json.loads(result.stdout)
    assert page["input"] == briefing_url and page["final_url"] == briefing_url
    assert page["status"] == 200 and page["content_type"] == "text/html"
    assert page["sha256"] == hashlib.sha256(BRIEFING.encode("utf-8")).hexdigest()
    assert page["size"] == len(BRIEFING.encode("utf-8"))
    assert page["site"] == "Defense News Desk"
    assert "Iraq has not asked for Russian help" in page["title"]
    assert page["published"].startswith("2015-10-20")
    assert page["kind"] == "news"
    assert "doesn't want\nRussia's help" in page["text"] or "doesn't want Russia's help" in page["text"]
    assert "Copyright Defense News Desk" not in page["text"]  # the main text, not the page furniture
    transcript = [link for link in page["links"] if link["href"] == "https://example.org/transcript"]
    assert transcript and page["text"][transcript[0]["start"] : transcript[0]["end"]] == "transcript of the briefing"
    assert not (data_dir / "snapshots").exists()  # fetch only reads: nothing is kept


def test_fetch_several_inputs_is_one_json_array_and_failures_set_the_exit_code(data_dir, briefing_url, httpserver,
                                                                              tmp_path):
    local_html = tmp_path / "statement.html"
    local_html.write_text(BRIEFING, encoding="utf-8")
    local_text = tmp_path / "notes.txt"
    local_text.write_text("Readout of the call.\n\nThe minister said no request was made.\n", encoding="utf-8")
    missing = httpserver.url_for("/missing")
    result = factcheck("fetch", briefing_url, missing, str(local_html), str(local_text), str(tmp_path / "gone.pdf"),
                       "--json", data_dir=data_dir)
    assert result.returncode == 1
    pages = json.loads(result.stdout)  # valid JSON even with failures
    assert [p["input"] for p in pages] == [briefing_url, missing, str(local_html), str(local_text),
                                           str(tmp_path / "gone.pdf")]
    good, not_found, html_file, text_file, no_file = pages
    assert "error" not in good and good["status"] == 200
    assert "404" in not_found["error"] and "does not exist" in not_found["error"]
    assert set(not_found) == {"input", "error"}
    assert html_file["status"] is None and html_file["file"] == str(local_html.resolve())
    assert html_file["sha256"] == good["sha256"] and "no request had been made" in html_file["text"]
    assert text_file["content_type"] == "text/plain" and "no request was made" in text_file["text"]
    assert "gone.pdf" in no_file["error"]
    assert len(httpserver.log) == 2  # local files never touch the network


def test_fetch_without_json_prints_a_readable_summary(data_dir, briefing_url):
    result = factcheck("fetch", briefing_url, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "HTTP 200" in result.stdout and "SHA-256: " in result.stdout
    assert "Dunford" in result.stdout and "Traceback" not in result.stderr


def test_fetch_a_refused_address_is_one_line_on_stderr(data_dir):
    result = factcheck("fetch", "file:///etc/passwd", data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr.startswith("factcheck: error: file:///etc/passwd:") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_source_add_fetches_keeps_the_snapshot_and_pins(data_dir, briefing_url, article_with_claim):
    article_id, claim_id = article_with_claim
    added = factcheck("source", "add", article_id, claim_id, briefing_url, "--stance", "refutes",
                      "--quote", "no request had been made", "--note", "Dunford's own account", data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    assert added.stderr == ""  # the quote occurs in the source: no warning
    source_id = added.stdout.strip()
    assert source_id.startswith("s")

    on_disk = json.loads((data_dir / "articles" / f"{article_id}.json").read_text(encoding="utf-8"))
    (source,) = on_disk["sources"]
    assert source["id"] == source_id and source["url"] == briefing_url and source["final_url"] == briefing_url
    assert source["status"] == 200 and source["content_type"] == "text/html"
    assert source["sha256"] == hashlib.sha256(BRIEFING.encode("utf-8")).hexdigest()
    assert "no request had been made" in source["text"] and source["fetched_at"].endswith("Z")
    assert (data_dir / "snapshots" / source["sha256"]).read_bytes() == BRIEFING.encode("utf-8")
    (claim,) = on_disk["claims"]
    (evidence,) = claim["evidence"]
    assert evidence["source_id"] == source_id and evidence["stance"] == "refutes"
    assert evidence["quote"] == "no request had been made" and evidence["note"] == "Dunford's own account"


def test_the_same_source_pinned_to_two_claims_is_stored_once(data_dir, briefing_url, httpserver, article_with_claim):
    article_id, first_claim = article_with_claim
    officials = next(p for p in SAMPLE_TEXT.read_text(encoding="utf-8").split("\n\n") if p.startswith("Officials"))
    second_claim = factcheck("claim", "add", article_id, "--text", officials, data_dir=data_dir).stdout.strip()
    first = factcheck("source", "add", article_id, first_claim, briefing_url, data_dir=data_dir)
    second = factcheck("source", "add", article_id, second_claim, briefing_url, "--stance", "supports",
                       "--json", data_dir=data_dir)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    pinned = json.loads(second.stdout)
    assert pinned["source_id"] == first.stdout.strip() and pinned["stance"] == "supports"
    on_disk = json.loads((data_dir / "articles" / f"{article_id}.json").read_text(encoding="utf-8"))
    assert len(on_disk["sources"]) == 1
    stances = {c["id"]: [e["stance"] for e in c["evidence"]] for c in on_disk["claims"]}
    assert stances == {first_claim: ["context"], second_claim: ["supports"]}
    assert len(httpserver.log) == 1  # fetched once


def test_source_add_reports_a_failed_fetch_and_changes_nothing(data_dir, briefing_url, httpserver, article_with_claim):
    article_id, claim_id = article_with_claim
    path = data_dir / "articles" / f"{article_id}.json"
    before = path.read_bytes()
    failed = factcheck("source", "add", article_id, claim_id, httpserver.url_for("/missing"), data_dir=data_dir)
    assert failed.returncode == 1
    assert failed.stderr.startswith("factcheck: error: The server answered 404") and "Traceback" not in failed.stderr
    assert path.read_bytes() == before


def test_source_add_checks_the_claim_before_fetching(data_dir, briefing_url, httpserver, article_with_claim):
    article_id, _claim_id = article_with_claim
    wrong = factcheck("source", "add", article_id, "c-nope", briefing_url, data_dir=data_dir)
    assert wrong.returncode == 1 and "no claim with id" in wrong.stderr
    assert len(httpserver.log) == 0
    bad_stance = factcheck("source", "add", article_id, "c-nope", briefing_url, "--stance", "maybe", data_dir=data_dir)
    assert bad_stance.returncode == 1 and "supports" in bad_stance.stderr


def test_source_add_warns_when_the_quote_is_not_in_the_source(data_dir, briefing_url, article_with_claim):
    article_id, claim_id = article_with_claim
    added = factcheck("source", "add", article_id, claim_id, briefing_url, "--quote", "Russia is welcome",
                      data_dir=data_dir)
    assert added.returncode == 0
    assert "warning: the quote was not found on the page" in added.stderr and "The exports mark it so." in added.stderr


def test_a_quote_not_on_the_page_is_marked_in_every_export_and_one_on_it_is_not(data_dir, briefing_url,
                                                                                 article_with_claim, httpserver):
    """The newcomer's --quote was warned about once, then exported as if the page said it."""
    article_id, claim_id = article_with_claim
    factcheck("source", "add", article_id, claim_id, briefing_url, "--quote", "Russia is welcome", data_dir=data_dir)
    officials = next(p for p in SAMPLE_TEXT.read_text(encoding="utf-8").split("\n\n") if p.startswith("Officials"))
    second = factcheck("claim", "add", article_id, "--text", officials, data_dir=data_dir).stdout.strip()
    factcheck("source", "add", article_id, second, briefing_url, "--quote", "no request had been made",
              data_dir=data_dir)

    markdown = factcheck("export", article_id, "--format", "md", data_dir=data_dir).stdout
    assert "  - Quote: \u201cRussia is welcome\u201d (not found on the page)" in markdown
    assert "  - Quote: \u201cno request had been made\u201d\n" in markdown  # found: no mark
    page = factcheck("export", article_id, "--format", "html", data_dir=data_dir).stdout
    assert page.count("The quote was not found on the page.") == 1
    rows = {row["quote"]: row["quote_on_page"] for row in csv.DictReader(io.StringIO(
        factcheck("export", article_id, "--format", "csv", data_dir=data_dir).stdout, newline=""))}
    assert rows == {"Russia is welcome": "false", "no request had been made": "true"}


def test_source_list_and_remove_show_and_unpin_a_claims_sources(data_dir, briefing_url, article_with_claim, httpserver):
    article_id, claim_id = article_with_claim
    httpserver.expect_request("/other").respond_with_data(
        "<html><head><title>Other report</title></head><body><article><p>Another account of the talks in Baghdad, "
        "with no word on Russia at all.</p></article></body></html>", content_type="text/html")
    empty = factcheck("source", "list", article_id, claim_id, data_dir=data_dir)
    assert empty.returncode == 0 and "No sources pinned to this claim yet" in empty.stdout
    assert json.loads(factcheck("source", "list", article_id, claim_id, "--json", data_dir=data_dir).stdout) == []
    added = factcheck("source", "add", article_id, claim_id, briefing_url, "--stance", "refutes", "--quote",
                      "Russia is welcome", "--note", "his own words", "--json", data_dir=data_dir)
    briefing = json.loads(added.stdout)
    other = factcheck("source", "add", article_id, claim_id, httpserver.url_for("/other"), data_dir=data_dir)
    other_id = other.stdout.strip()

    listed = json.loads(factcheck("source", "list", article_id, claim_id[:6], "--json", data_dir=data_dir).stdout)
    assert [pin["source_id"] for pin in listed] == [briefing["source_id"], other_id]  # pinning order
    assert listed[0] == briefing  # the objects `source add --json` prints
    assert set(listed[0]) == {"source_id", "claim_id", "url", "final_url", "title", "status", "sha256", "stance",
                              "quote", "quote_on_page", "note"}
    assert listed[0]["quote_on_page"] is False and listed[1]["quote_on_page"] is None  # no quote: nothing to check
    text = factcheck("source", "list", article_id, claim_id, data_dir=data_dir).stdout
    assert f"{briefing['source_id']}  [Refutes]  Dunford: Iraq has not asked for Russian help" in text
    assert "Quote: \u201cRussia is welcome\u201d  (not found on the page)" in text and "Note: his own words" in text

    removed = factcheck("source", "remove", article_id, claim_id, briefing["source_id"][:6], data_dir=data_dir)
    assert removed.returncode == 0, removed.stderr
    assert "Removed Dunford: Iraq has not asked for Russian help from claim" in removed.stderr
    assert "left the article (its snapshot stays in the library)" in removed.stderr
    on_disk = json.loads((data_dir / "articles" / f"{article_id}.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in on_disk["sources"]] == [other_id]
    assert [e["source_id"] for e in on_disk["claims"][0]["evidence"]] == [other_id]
    assert (data_dir / "snapshots" / briefing["sha256"]).exists()
    again = factcheck("source", "remove", article_id, claim_id, briefing["source_id"], data_dir=data_dir)
    assert again.returncode == 1 and again.stderr.count("\n") == 1
    assert "is pinned to the claim" in again.stderr and "factcheck source list" in again.stderr


def test_source_remove_keeps_a_source_another_claim_pins(data_dir, briefing_url, article_with_claim):
    article_id, claim_id = article_with_claim
    officials = next(p for p in SAMPLE_TEXT.read_text(encoding="utf-8").split("\n\n") if p.startswith("Officials"))
    second = factcheck("claim", "add", article_id, "--text", officials, data_dir=data_dir).stdout.strip()
    source_id = factcheck("source", "add", article_id, claim_id, briefing_url, data_dir=data_dir).stdout.strip()
    factcheck("source", "add", article_id, second, briefing_url, data_dir=data_dir)
    removed = factcheck("source", "remove", article_id, claim_id, source_id, data_dir=data_dir)
    assert removed.returncode == 0 and "left the article" not in removed.stderr
    on_disk = json.loads((data_dir / "articles" / f"{article_id}.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in on_disk["sources"]] == [source_id]
    assert {c["id"]: [e["source_id"] for e in c["evidence"]] for c in on_disk["claims"]} == {claim_id: [],
                                                                                         second: [source_id]}
