"""One name for one thing: the wording of "no verdict", the test for a web address, dates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from factcheck_gui.core import verdicts
from factcheck_gui.core.text import is_web_url
from factcheck_gui.export import common

PACKAGE = Path(__file__).resolve().parents[1] / "factcheck_gui"


def _string_literals() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((path.relative_to(PACKAGE).as_posix(), node.value))
    return found


def test_a_claim_without_a_verdict_has_one_label_everywhere():
    assert verdicts.verdict_label(None) == verdicts.UNJUDGED_LABEL == "Not yet judged"
    assert common.verdict_label is verdicts.verdict_label and common.UNJUDGED_COLOR == verdicts.UNJUDGED_COLOR
    other_wordings = re.compile(r"^(Unjudged|No verdict)\b|not judged yet|Not judged yet|^Unjudged:")
    labels = [(path, text) for path, text in _string_literals() if len(text) < 60]  # not docstrings
    assert [(path, text) for path, text in labels if other_wordings.search(text)] == []


def test_no_module_writes_its_own_web_address_test():
    """``core.text.is_web_url`` is the one rule (``net.urls`` normalises what is fetched)."""
    own = re.compile(r"startswith\(\(\s*\"https?://\",\s*\"https?://\"\s*\)\)")
    offenders = [path.relative_to(PACKAGE).as_posix() for path in sorted(PACKAGE.rglob("*.py"))
                 if own.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    assert is_web_url("https://example.org/a") and not is_web_url("https://example.org/a b")
    assert not is_web_url("javascript:alert(1)") and not is_web_url("http://")


def test_one_reader_of_iso_dates():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name != "dates.py":
            assert "def _parse_iso" not in path.read_text(encoding="utf-8"), path
