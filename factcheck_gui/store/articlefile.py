"""Reading an article file's bytes; the text it is written as comes from ``core.jsonfile``."""

from __future__ import annotations

import json
from typing import Any

from factcheck_gui.core.errors import CorruptFileError
from factcheck_gui.core.jsonfile import dumps_article, dumps_article_utf8

__all__ = ["dumps_article", "dumps_article_utf8", "loads_document"]


def loads_document(data: bytes, name: str) -> Any:
    """Parse an article file's bytes as JSON; CorruptFileError says what is wrong.

    Every way the parse can fail is one of them: bad UTF-8, bad JSON, nesting too deep,
    a number of thousands of digits (which Python refuses to convert), no memory left.
    """
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
    except ValueError as exc:  # e.g. "Exceeds the limit (4300 digits) for integer string conversion"
        raise CorruptFileError(f"{name} holds a value JSON allows but no article has ({_short(exc)}).") from exc
    except MemoryError as exc:
        raise CorruptFileError(f"{name} needs more memory to read than there is.") from exc


def _short(exc: BaseException, limit: int = 160) -> str:
    text = str(exc)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
