"""Sentence segmentation. PLACEHOLDER: replaced by the real segmenter."""

from __future__ import annotations

import re

_END = re.compile(r"[^\n]+?(?:[.!?]+[\"'\u201d\u2019)]*(?=\s)|$)", re.M)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as (start, end) offsets; ``text[start:end]`` is trimmed."""
    spans = []
    for match in _END.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans
