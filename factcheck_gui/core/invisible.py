"""Characters that change how text reads without being seen, made visible before text is shown or exported.

A right-to-left override makes ``Official statement \\u202efdp.exe`` read as
"Official statement exe.pdf", and ``gov\\u202eku.`` as "gov.uk"; a zero-width
space splits a word that looks whole. :func:`reveal_invisible` replaces each such
character with a visible marker, ``[U+202E]``, so the reader sees what is there.
Every export calls it (through :func:`clean_text`), and so does the window where it
shows page-derived text in labels and lists; the article view, which must keep every
offset, shows :func:`mask_invisible` instead (one visible mark per character).

The characters revealed (:data:`INVISIBLE`):

- bidi embeddings, overrides and isolates: U+202A-202E, U+2066-2069;
- bidi marks: U+200E, U+200F, U+061C;
- zero-width characters: U+200B-200D, U+2060, U+FEFF.

One exception keeps real writing intact: a zero-width non-joiner or joiner
(U+200C, U+200D) between two letters of a script that joins or conjoins letters
(Arabic, Syriac, N'Ko, the Indic scripts...) changes how the word is drawn, so it
is visible already (Persian "می‌خواهم" needs it), and a joiner inside an emoji
sequence (👩‍💻) is part of one picture. Those are kept as they are.

:func:`strip_controls` removes C0 and C1 control characters except tab and line
feed: a raw U+0000 makes an HTML page invalid and hides a formula from a CSV
check. :func:`clean_text` does both, after turning CR, CRLF and the Unicode line
separators into ``\\n``.

Pure functions, no I/O: core.
"""

from __future__ import annotations

import re

__all__ = ["INVISIBLE", "clean_text", "has_invisible", "invisible_positions", "mask_invisible", "normalize_line_breaks",
           "reveal_invisible", "strip_controls"]

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
INVISIBLE: frozenset[str] = BIDI_CONTROLS | BIDI_MARKS | ZERO_WIDTH

#: Characters searched per call of a regular expression over a long text.
_PIECE = 65_536
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
_CONTROLS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS_RE = re.compile("\r\n|\r|\x85|\u2028|\u2029")
# Any character clean_text would change: a line break to normalise, a control, an invisible one.
_UNCLEAN_RE = re.compile("[\r\x85\u2028\u2029\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(INVISIBLE)) + "]")

ZWNJ, ZWJ = "\u200c", "\u200d"

# Scripts in which a ZWNJ or ZWJ between two letters changes the letters' shapes.
_JOINING_SCRIPTS = (
    (0x0600, 0x08FF),  # Arabic, Syriac, Arabic Supplement, Thaana, N'Ko, Samaritan, Mandaic, Arabic Extended
    (0x0900, 0x0DFF),  # Devanagari .. Sinhala
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0xA8E0, 0xA8FF),  # Devanagari Extended
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFE),  # Arabic Presentation Forms-B
)


def _joins(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _JOINING_SCRIPTS)


def _pictographic(char: str) -> bool:
    code = ord(char)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or code in (0xFE0F, 0x2640, 0x2642, 0x2695, 0x2708)


def _kept(text: str, index: int) -> bool:
    """True if the ZWNJ/ZWJ at *index* is part of the writing (see the module docstring)."""
    char = text[index]
    if char not in (ZWNJ, ZWJ) or index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    if _joins(before) and _joins(after):
        return True
    return char == ZWJ and _pictographic(before) and _pictographic(after)


def marker(char: str) -> str:
    """The visible stand-in for *char*: ``[U+202E]``."""
    return f"[U+{ord(char):04X}]"


def reveal_invisible(text: str) -> str:
    """*text* with every bidi control and zero-width character replaced by a visible ``[U+XXXX]`` marker."""
    if not _INVISIBLE_RE.search(text):
        return text
    return _INVISIBLE_RE.sub(lambda m: m.group(0) if _kept(text, m.start()) else marker(m.group(0)), text)


def invisible_positions(text: str) -> list[int]:
    """The offsets of the characters :func:`reveal_invisible` replaces (the writing's ZWNJ/ZWJ kept)."""
    if text.isascii():
        return []
    # A piece at a time: one search of 1 MB is one C call holding the GIL ~7 ms, and a re-fetch's
    # worker makes two while the window waits for the GIL (issue 16).
    return [m.start() for at in range(0, len(text), _PIECE) for m in _INVISIBLE_RE.finditer(text, at, at + _PIECE)
            if not _kept(text, m.start())]


def mask_invisible(text: str, mark: str = "\u25c7") -> str:
    """*text* with each character :func:`reveal_invisible` replaces turned into one visible *mark*
    (one UTF-16 unit, like them), so every offset into *text* still points at the same place: for
    a view that shows the text and maps offsets into it (the window's article view)."""
    positions = invisible_positions(text)
    if not positions:
        return text
    chars = list(text)
    for position in positions:
        chars[position] = mark
    return "".join(chars)


def has_invisible(text: str) -> bool:
    """True if :func:`reveal_invisible` would change *text*."""
    return reveal_invisible(text) != text


def strip_controls(text: str) -> str:
    """*text* without C0/C1 control characters and DEL, except tab and line feed."""
    return _CONTROLS_RE.sub("", text)


def normalize_line_breaks(text: str) -> str:
    """*text* with CRLF, a bare CR, NEL, U+2028 and U+2029 each turned into ``\\n``."""
    return _LINE_BREAKS_RE.sub("\n", text)


def clean_text(text: str) -> str:
    """*text* as every export writes it: line breaks as ``\\n``, no control characters, invisible ones revealed."""
    if not _UNCLEAN_RE.search(text):
        return text  # the usual text: one search instead of three passes (an export cleans every field)
    return reveal_invisible(strip_controls(normalize_line_breaks(text)))
