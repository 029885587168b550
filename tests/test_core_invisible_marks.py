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
