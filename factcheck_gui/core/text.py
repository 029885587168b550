"""Small text helpers: newline normalisation, hashing, quoting, UTF-16 offset conversion.

Offsets everywhere in factcheck-gui count Python ``str`` characters (code points).
Qt counts UTF-16 code units; :class:`Utf16Index` converts between the two at the
UI boundary so that an emoji before a claim does not shift its highlight.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from factcheck_gui.core.invisible import INVISIBLE

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")


def normalize_newlines(text: str) -> str:
    """Return *text* with every line break as ``\\n`` and no byte-order mark."""
    text = text.lstrip("\ufeff")
    # A text normalised already (a re-fetch's, on the GUI thread, twice) is returned after a few
    # searches for one character, not after a regular-expression pass (4-5 ms for 1 MB).
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return text
    return _NEWLINES.sub("\n", text)


def sha256_text(text: str) -> str:
    """SHA-256 (hex) of *text* encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    """SHA-256 (hex) of raw bytes."""
    return hashlib.sha256(data).hexdigest()


_QUOTE_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    }
)
_SPACES = re.compile(r"\s+")
_CHAR_FOLDS: dict[str, str] = {}  # a character -> fold_for_matching(character) (" " for white space)


def fold_for_matching(text: str) -> str:
    """Fold quote marks, apostrophes, dashes, spaces and case so look-alikes compare equal."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD)
    return _SPACES.sub(" ", text).casefold().strip()


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """Fold *text* like :func:`fold_for_matching`, keeping for each folded character its offset in *text*."""
    folded, positions = [], []
    previous_space = True
    fold_char = _CHAR_FOLDS.get
    for index, char in enumerate(text):
        piece = fold_char(char)
        if piece is None:  # each character is folded once per process, not once per occurrence
            piece = _CHAR_FOLDS[char] = fold_for_matching(char) if not char.isspace() else " "
        if piece == " " or piece == "":
            if char.isspace() or piece == " ":
                if previous_space:
                    continue
                folded.append(" ")
                positions.append(index)
                previous_space = True
            continue
        for part in piece:
            folded.append(part)
            positions.append(index)
        previous_space = False
    return "".join(folded), positions


#: Marks a quotation may open with (straight, curly, low-9, guillemets, CJK corner brackets).
QUOTE_MARKS = "\"'\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a\u300c\u300e\u300d\u300f"


def quoted(text: str) -> str:
    """*text* in curly quotation marks, for showing a claim or a quotation: ``“text”``.

    A text that already starts with a quotation mark (a claim that begins with what
    someone said) is not wrapped again, so it never reads ``““Meth, we’re on it.””``.
    Leading and trailing white space is dropped.
    """
    text = text.strip()
    if text and text[0] in QUOTE_MARKS:
        return text
    return f"\u201c{text}\u201d"


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Index:
    """Converts offsets between Python code points and UTF-16 code units for one text."""

    def __init__(self, text: str) -> None:
        # Positions (in code points) of characters outside the BMP, which take two UTF-16 units.
        # The encode length check runs in C and spares the scan for the usual text without any.
        if len(text.encode("utf-16-le")) == 2 * len(text):
            self._astral: list[int] = []
        else:
            self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral_utf16 = [pos + n for n, pos in enumerate(self._astral)]

    @property
    def is_identity(self) -> bool:
        """True when the text has no astral characters, so offsets are the same in both."""
        return not self._astral

    def to_utf16(self, offset: int) -> int:
        """Code-point offset -> UTF-16 offset."""
        return offset + bisect.bisect_left(self._astral, offset)

    def from_utf16(self, offset: int) -> int:
        """UTF-16 offset -> code-point offset (a position inside a surrogate pair rounds down)."""
        before = bisect.bisect_left(self._astral_utf16, offset)
        if before and self._astral_utf16[before - 1] + 1 == offset:
            return offset - before  # in the middle of a surrogate pair
        return offset - before


# White space, control and invisible characters: none may be in a web address (one search in C).
_NOT_IN_URL = re.compile("[\x00-\x20\x7f-\x9f" + "".join(sorted(INVISIBLE)) + "]")


def counted(count: int, word: str, plural: str = "") -> str:
    """*count* and *word*, the word in the plural unless the count is one: "1 review", "2 reviews"."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host and no white space, control or invisible characters.

    Only such URLs become links in an export; anything else (``javascript:``,
    ``data:``, relative paths, an address hiding a bidi override) is shown as inert text.
    """
    if not url or _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)
