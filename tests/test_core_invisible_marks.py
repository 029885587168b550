"""core.invisible for a view that must keep offsets: where the hidden characters are, and one mark each."""

from __future__ import annotations

from factcheck_gui.core.invisible import (
    invisible_positions,
    mask_invisible,
    reveal_invisible,
)


def test_hidden_characters_are_found_and_masked_one_for_one():
    text = "Official statement \u202efdp.exe, pay\u200bpal and gov\u2067x\u2069"
    assert invisible_positions(text) == [19, 32, 44, 46]
    masked = mask_invisible(text)
    assert len(masked) == len(text)
    assert masked == "Official statement \u25c7fdp.exe, pay\u25c7pal and gov\u25c7x\u25c7"
    assert [i for i, (a, b) in enumerate(zip(text, masked, strict=True)) if a != b] == invisible_positions(text)


def test_the_writing_keeps_its_joiners_as_reveal_does():
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # می‌خواهم: the ZWNJ is part of the word
    emoji = "\U0001f469\u200d\U0001f4bb"
    for text in (persian, emoji, "plain text"):
        assert invisible_positions(text) == [] and mask_invisible(text) == text == reveal_invisible(text)


def test_a_long_text_is_searched_in_pieces_and_nothing_is_missed_where_they_meet():
    """Issue 16: a 1 MB text is searched a piece at a time (one search held the GIL ~7 ms); a hidden
    character at the edge of a piece, and a joiner kept for its neighbours there, come out as in one search."""
    from factcheck_gui.core import invisible

    piece = invisible._PIECE
    text = list("The minister said \u201cno\u201d. " * (3 * piece // 24))
    for edge in (piece - 1, piece, 2 * piece + 1):
        text[edge] = "\u202e"
    text[3 * piece - 1: 3 * piece + 2] = "\u0645\u200c\u062e"  # a ZWNJ inside a word, across the edge: kept
    joined = "".join(text)
    assert invisible_positions(joined) == [piece - 1, piece, 2 * piece + 1]
    assert invisible_positions("plain ASCII text \x00") == []
