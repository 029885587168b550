"""Serialising an article to the bytes of its file, and back.

Keys come in a fixed order with two-space indentation; sentence offsets are
written one pair per line, so a file diffs and merges well in git.
"""

from __future__ import annotations

import json
import re
from typing import Any

from factcheck_gui.core.errors import CorruptFileError
from factcheck_gui.core.model import Article
from factcheck_gui.core.schema import article_to_dict

_OFFSET_PAIR = re.compile(r"\[\n\s+(-?\d+),\n\s+(-?\d+)\n\s+\]")


def dumps_article(article: Article) -> str:
    """The article file's text: indented JSON with a stable key order and a final newline."""
    text = json.dumps(article_to_dict(article), indent=2, ensure_ascii=False)
    return _OFFSET_PAIR.sub(r"[\1, \2]", text) + "\n"


def loads_document(data: bytes, name: str) -> Any:
    """Parse an article file's bytes as JSON; CorruptFileError says what is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorruptFileError(f"{name} is not UTF-8 text, so it is not an article file.") from exc
    if not text.strip():
        raise CorruptFileError(f"{name} is empty (it may have been cut off while saving).")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorruptFileError(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from exc
    except RecursionError as exc:
        raise CorruptFileError(f"{name} is nested too deeply to be an article file.") from exc
