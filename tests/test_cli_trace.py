"""`factcheck trace`: the Dunford claim traced from its pinned report to the statement, on a local server."""

from __future__ import annotations

import json

import pytest

from factcheck_gui.cli import main
from factcheck_gui.core.editing import set_trace
from factcheck_gui.core.model import TraceStep, TraceSummary
from factcheck_gui.core.schema import article_from_dict, article_to_dict
from factcheck_gui.importer import article_from_text
from factcheck_gui.store.library import Library
from tests.conftest import DUNFORD_START, SAMPLE_TEXT, run_cli
from tests.trace_web import BLOG, COPY, REPORT, STATEMENT, WIRE, serve

pytest.importorskip("pytest_httpserver")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def traced_claim(capsys, data_dir, httpserver):
    """The sample imported, the Dunford sentence a claim, the report pinned to it; (article id, claim id, base)."""
    base = serve(httpserver)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import", str(SAMPLE_TEXT))
    assert code == 0, err
    article_id = out.strip()
    code, out, err = run(capsys, "--data-dir", str(data_dir), "claim", "add", article_id, "--text",
                         SAMPLE_TEXT.read_text(encoding="utf-8").split("\n")[4])
    assert code == 0, err
    claim_id = out.strip()
    code, out, err = run(capsys, "--data-dir", str(data_dir), "source", "add", article_id, claim_id, base + REPORT)
    assert code == 0, err
    httpserver.clear_log()
    return article_id, claim_id, base


def test_trace_json_finds_the_statement_and_groups_the_syndicated_copy(capsys, data_dir, traced_claim):
    article_id, claim_id, base = traced_claim
    code, out, err = run(capsys, "--data-dir", str(data_dir), "trace", article_id, claim_id, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"nodes", "edges", "origin", "independent_origins", "warnings"}
    assert all(set(node) == {"url", "final_url", "title", "site", "published", "carries_claim", "quote_found", "group"}
               for node in data["nodes"])
    assert all(set(edge) == {"from", "to", "kind"} for edge in data["edges"])
    assert data["origin"] == base + STATEMENT and data["independent_origins"] == 1
    nodes = {node["url"]: node for node in data["nodes"]}
    assert nodes[base + WIRE]["group"] == nodes[base + COPY]["group"] != nodes[base + STATEMENT]["group"]
    assert nodes[base + STATEMENT]["published"].startswith("2015-10-20") and nodes[base + WIRE]["quote_found"]
    assert not nodes[base + BLOG]["carries_claim"]
    assert {"from": base + WIRE, "to": base + STATEMENT, "kind": "links"} in data["edges"]

    # The summary is kept with the claim, in the article file.
    saved = Library(data_dir).open(article_id).article.claim(claim_id).trace
    assert saved is not None and saved.origin == base + STATEMENT and saved.independent_origins == 1
    assert [step.url for step in saved.chain] == [base + REPORT, base + WIRE, base + STATEMENT]
    assert saved.pages == 5 and saved.origin_title == "Chairman's remarks to reporters in Baghdad"


def test_trace_without_json_prints_a_readable_summary_and_obeys_the_budget(capsys, data_dir, traced_claim, httpserver):
    article_id, claim_id, base = traced_claim
    code, out, err = run(capsys, "--data-dir", str(data_dir), "trace", article_id, claim_id[:6], "--max-pages", "2")
    assert code == 0, err
    assert len(httpserver.log) == 2
    assert "Pages read: 2" in out and "page budget spent" in out
    code, out, err = run(capsys, "--data-dir", str(data_dir), "trace", article_id, claim_id)
    assert code == 0, err
    assert f"Origin: Chairman's remarks to reporters in Baghdad  {base + STATEMENT}" in out
    assert "Independent origins: 1" in out
    assert "Chain: US tells Iraq to choose \u2192 Dunford: Iraq does not want Russia's help \u2192 Chairman's" in out


def test_trace_of_a_claim_with_nowhere_to_start_says_what_to_do(capsys, data_dir):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import", str(SAMPLE_TEXT))
    article_id = out.strip()
    code, out, err = run(capsys, "--data-dir", str(data_dir), "claim", "add", article_id, "--text", DUNFORD_START)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "trace", article_id, out.strip())
    assert code == 1 and "Pin a source first: factcheck source add" in err and "Traceback" not in err


def test_a_trace_summary_survives_the_file_and_old_files_without_one_load(sample_text):
    article = article_from_text(sample_text)
    from factcheck_gui.core.editing import add_claim, find_text

    claim = add_claim(article, *find_text(article, DUNFORD_START))
    data = article_to_dict(article)
    assert "trace" not in data["claims"][0]  # an untraced claim writes what it always wrote
    assert article_from_dict(data).claims[0].trace is None
    summary = TraceSummary(origin="https://dod.example/s", origin_title="Statement", origin_published="2015-10-20",
                           independent_origins=1, chain=(TraceStep("https://news.example/r", "Report", group=1),
                                                         TraceStep("https://dod.example/s", "Statement")),
                           appearances=(TraceStep("https://dod.example/s", "Statement", published="2015-10-20"),),
                           warnings=("A warning.",), pages=4, traced_at="2026-12-04T18:00:00Z")
    change = set_trace(article, claim.id, summary)
    again = article_from_dict(json.loads(json.dumps(article_to_dict(article))))
    assert again.claims[0].trace == summary
    change.undo(article)  # the undo stack's way back
    assert article.claims[0].trace is None
    change.redo(article)
    assert article.claims[0].trace == summary


FIGURES_ARTICLE = ("Troops on the move\n\nThe ministry said 150 soldiers were sent to the border. "
                   "Officials in the capital gave no further details about the deployment.\n")
FIGURES_WEB = {  # path -> (title, site, published, paragraphs, links)
    "/news/troops": ("Troops sent north", "Example News", "2025-03-05",
                     ["Officials in the capital gave no further details.",
                      "The ministry said 150 soldiers were sent to the border.", "More news soon."],
                     ["/rumour/troops", "/ministry/statement"]),
    # The origin says it with the year, the day and a count more: it still carries the claim.
    "/ministry/statement": ("Statement on the deployment", "Ministry", "2025-03-03",
                            ["The ministry met the press in the morning.",
                             "On 3 March 2025 the ministry said 150 soldiers were sent to the border, "
                             "up from 120 in January.", "Questions were not taken."], []),
    # An earlier look-alike with another figure (and a year too) never carries it.
    "/rumour/troops": ("What they are not telling you", "Rumour Mill", "2025-03-01",
                       ["Forums were busy all week.",
                        "The ministry said 157 soldiers were sent to the border in 2025.", "Share this."], []),
}


def test_trace_takes_a_page_that_adds_a_year_for_the_origin_but_not_a_look_alike(tmp_path, data_dir, httpserver):
    base = serve(httpserver, FIGURES_WEB)
    article_file = tmp_path / "troops.txt"
    article_file.write_text(FIGURES_ARTICLE, encoding="utf-8")
    article_id = run_cli("import", str(article_file), data_dir=data_dir).stdout.strip()
    claim = run_cli("claim", "add", article_id, "--text", "The ministry said 150 soldiers were sent to the border.",
                    data_dir=data_dir)
    assert claim.returncode == 0, claim.stderr
    claim_id = claim.stdout.strip()
    pinned = run_cli("source", "add", article_id, claim_id, base + "/news/troops", data_dir=data_dir)
    assert pinned.returncode == 0, pinned.stderr
    result = run_cli("trace", article_id, claim_id, "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    carries = {node["url"]: node["carries_claim"] for node in data["nodes"]}
    assert carries[base + "/ministry/statement"] and not carries[base + "/rumour/troops"]
    assert data["origin"] == base + "/ministry/statement" and data["independent_origins"] == 1
