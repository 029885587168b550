"""The article file's exact text: indented JSON in a stable key order. Pure: no I/O.

Written by hand rather than with ``json.dumps(indent=2)`` for two reasons: offset
pairs such as sentence boundaries go on one line each (a file diffs and merges
well), and strings use the C encoder, which ``indent`` would turn off.
The store writes this text; the JSON export returns it, so both are identical.
"""

from __future__ import annotations

import json
from typing import Any

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
