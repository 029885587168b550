"""Two processes on one library: no edit is lost silently, and files diff and merge cleanly."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
import textwrap

from factcheck_gui.core.editing import add_claim, find_text, new_article
from factcheck_gui.core.plaintext import parse_plain_text
from factcheck_gui.store.library import Library
from tests.conftest import DUNFORD_START

EDITOR = textwrap.dedent(
    """
    import sys
    from factcheck_gui.core.editing import add_claim, find_text
    from factcheck_gui.core.errors import ConflictError
    from factcheck_gui.store.library import Library

    library = Library(sys.argv[1])
    handle = library.open(sys.argv[2])
    print("opened", flush=True)
    sys.stdin.readline()  # wait until told to save
    add_claim(handle.article, *find_text(handle.article, sys.argv[3]), rationale=sys.argv[3])
    try:
        library.save(handle)
        print("saved", flush=True)
    except ConflictError as exc:
        print("conflict", flush=True)
    """
)


def test_second_writer_gets_the_conflict_and_the_first_edit_survives(data_dir, sample_text):
    library = Library(data_dir)
    parsed = parse_plain_text(sample_text)
    article_id = library.add(new_article(parsed.text, parsed.meta)).article.id
    texts = [DUNFORD_START, "Officials are making that all the more clear today"]
    editors = [
        subprocess.Popen([sys.executable, "-c", EDITOR, str(data_dir), article_id, text],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for text in texts
    ]
    for editor in editors:  # both have the article open before either saves
        assert editor.stdout.readline().strip() == "opened"
    outcomes = []
    for editor in editors:
        editor.stdin.write("\n")
        editor.stdin.flush()
        outcomes.append(editor.stdout.readline().strip())
        editor.wait(timeout=30)
    assert outcomes == ["saved", "conflict"]
    claims = library.open(article_id).article.claims
    assert [c.rationale for c in claims] == [DUNFORD_START]


def test_an_edit_changes_only_the_lines_of_what_was_edited(data_dir, sample_text):
    library = Library(data_dir)
    parsed = parse_plain_text(sample_text)
    handle = library.add(new_article(parsed.text, parsed.meta))
    add_claim(handle.article, *find_text(handle.article, DUNFORD_START), verdict="false")
    add_claim(handle.article, *find_text(handle.article, "Officials are making"), verdict="misleading")
    library.save(handle)
    before = handle.path.read_text(encoding="utf-8").splitlines()
    handle.article.claims[1].rationale = "Because the statement said so."
    handle.article.claims[1].updated = "2026-11-25T10:00:00Z"
    library.save(handle)
    after = handle.path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert sorted(changed) == sorted([
        '-      "rationale": "",', '+      "rationale": "Because the statement said so.",',
        f'-      "updated": "{json.loads(chr(10).join(before))["claims"][1]["updated"]}"', '+      "updated": "2026-11-25T10:00:00Z"',
    ])
