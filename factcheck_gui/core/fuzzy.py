"""Approximate substring search, shared by claim anchoring and the quote check.

Candidates are seeded by exact occurrences of pieces of the needle, then each
candidate window is aligned with difflib; no quadratic scan of the whole text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class FuzzySpan:
    """A span of the haystack that aligns with the needle, and how similar it is (0..1)."""

    start: int
    end: int
    similarity: float


def seed_starts(text: str, pieces: dict[int, str], limit_per_piece: int = 200) -> set[int]:
    """Where the needle could start, from exact hits of *pieces* (offset in needle -> piece)."""
    starts: set[int] = set()
    for offset_in_needle, piece in pieces.items():
        if not piece:
            continue
        hits, position = 0, text.find(piece)
        while position != -1 and hits < limit_per_piece:
            starts.add(max(0, position - offset_in_needle))
            position = text.find(piece, position + 1)
            hits += 1
    return starts


def aligned_spans(text: str, needle: str, starts: set[int], slack: int) -> Iterator[FuzzySpan]:
    """For each candidate start, the span around it that best aligns with *needle*."""
    size = len(needle)
    for candidate in sorted(starts):
        window_start = max(0, candidate - slack)
        window = text[window_start : candidate + size + slack]
        blocks = [b for b in difflib.SequenceMatcher(None, window, needle, autojunk=False).get_matching_blocks() if b.size]
        if not blocks:
            continue
        start = window_start + blocks[0].a
        end = window_start + blocks[-1].a + blocks[-1].size
        similarity = difflib.SequenceMatcher(None, text[start:end], needle, autojunk=False).ratio()
        yield FuzzySpan(start, end, similarity)
