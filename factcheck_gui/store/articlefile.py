"""Serialising an article to the bytes of its file, and back.

Keys come in a fixed order with two-space indentation; sentence offsets are
written one pair per line, so a file diffs and merges well in git.
"""

from __future__ import annotations

import json
from typing import Any

from factcheck_gui.core.errors import CorruptFileError
from factcheck_gui.core.model import Article
from factcheck_gui.core.schema import article_to_dict

_encode_string = json.encoder.encode_basestring  # C-accelerated; json.dumps(indent=2) would be pure Python


def _encode_scalar(value: Any) -> str:
    """JSON for a str, int, float, bool or None, exactly as json.dumps(ensure_ascii=False) writes it."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return json.dumps(value)


_SCALARS = (str, int, float, bool, type(None))


def _is_offset_pair(value: Any) -> bool:
    return type(value) is list and len(value) == 2 and type(value[0]) is int and type(value[1]) is int


def _write(value: Any, depth: int, out: list[str]) -> None:
    """Append *value* as JSON indented like ``json.dumps(indent=2)``, offset pairs on one line."""
    if isinstance(value, _SCALARS):
        out.append(_encode_scalar(value))
        return
    if not value:
        out.append("{}" if isinstance(value, dict) else "[]")
        return
    pad = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            if isinstance(item, _SCALARS):
                parts.append(f"{_encode_scalar(key)}: {_encode_scalar(item)}")
            else:
                nested: list[str] = []
                _write(item, depth + 1, nested)
                parts.append(f"{_encode_scalar(key)}: {''.join(nested)}")
        out.append("{" + pad + ("," + pad).join(parts) + "\n" + "  " * depth + "}")
        return
    if _is_offset_pair(value):
        out.append(f"[{value[0]}, {value[1]}]")
        return
    if all(_is_offset_pair(item) for item in value):
        items = [f"[{a}, {b}]" for a, b in value]
    else:
        items = []
        for item in value:
            nested = []
            _write(item, depth + 1, nested)
            items.append("".join(nested))
    out.append("[" + pad + ("," + pad).join(items) + "\n" + "  " * depth + "]")


def dumps_article(article: Article) -> str:
    """The article file's text: indented JSON with a stable key order and a final newline.

    Offset pairs such as sentence boundaries are written on one line each.
    """
    out: list[str] = []
    _write(article_to_dict(article), 0, out)
    out.append("\n")
    return "".join(out)


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
