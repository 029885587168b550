"""Guarded re-anchoring: where each claim is after the article text changed.

:mod:`core.anchoring` finds a quote in a text it knows nothing else about (a file
whose text no longer matches its hash). Here both versions of the text are known,
so the claims follow a diff of the two instead of a search:

- the texts are compared as words and punctuation with typography folded (curly
  and straight quotes, dashes, spaces, ellipses), paragraph by paragraph and then
  word by word inside the paragraphs that changed;
- ``exact``: every word of the claim is unchanged and still in one piece; the claim
  moves with its words, also when their paragraph moved (then the words must be
  in new text and in one place only);
- ``edited``: words inside the claim were changed in place (a number, a name, a
  negation, a quotation, a typo); the claim now covers the new wording;
- ``orphaned``: the words are gone, were rewritten beyond recognition, or fit in
  more than one place. An orphan is never moved to a look-alike.

A changed word inside a claim can never give ``exact``: exactness is decided by
the words themselves, not by a similarity score.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

EXACT = "exact"
EDITED = "edited"
ORPHANED = "orphaned"

#: Least share of the old claim's words that an ``edited`` claim keeps.
MIN_EDITED_SIMILARITY = 0.5
#: Above this many words in a changed region, difflib may skip very common words.
_LARGE_REGION = 20_000

_TOKEN = re.compile(r"\w+|\.{2,}|-{2,}|[^\w\s]")
#: Same-length folding of quote marks, dashes and spaces (offsets stay valid).
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    }
)
#: Punctuation runs that are typography for one mark: "--" for a dash, "..." for an ellipsis.
_RUN_KEYS = {"\u2026": "...", **{"." * n: "..." for n in range(3, 9)}, **{"-" * n: "-" for n in range(2, 5)}}


#: Characters folded per call of str.translate (a few milliseconds each).
_PIECE = 32_768


class Tokens:
    """The words and punctuation of a text: folded keys and their character spans, as parallel lists."""

    def __init__(self, text: str) -> None:
        # Folded a piece at a time and read in a loop of bytecode, not by one translate of the whole
        # text and list(finditer): each of those is one C call that held the GIL ~100 ms for 1 MB, which
        # a re-fetch's worker did four times while the window waited (issue 16). The loop is also faster.
        folded = "".join([text[at:at + _PIECE].translate(_TYPOGRAPHY) for at in range(0, len(text), _PIECE)])
        get = _RUN_KEYS.get
        keys: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for match in _TOKEN.finditer(folded):
            key = match.group()
            keys.append(get(key, key))
            starts.append(match.start())
            ends.append(match.end())
        self.keys, self.starts, self.ends = keys, starts, ends

    def __len__(self) -> int:
        return len(self.keys)

    def span(self, first: int, stop: int) -> tuple[int, int]:
        """Characters of tokens ``first..stop-1``; an empty span where the tokens would be."""
        if first >= stop:
            position = self.starts[first] if first < len(self.keys) else (self.ends[-1] if self.keys else 0)
            return position, position
        return self.starts[first], self.ends[stop - 1]


def wording(text: str) -> list[str]:
    """The folded words and punctuation of *text*: two texts with equal wording differ only in typography."""
    return Tokens(text).keys


def same_wording(old: str, new: str) -> bool:
    """True when *old* and *new* differ at most in white space, quote style, dashes or ellipses."""
    return wording(old) == wording(new)


@dataclass(frozen=True)
class Placement:
    """Where one claim is in the new text, and how sure we are.

    ``state`` is ``exact``, ``edited`` or ``orphaned``; an orphan has ``start == end == -1``.
    ``reason`` says in words why a claim is edited or orphaned.
    """

    claim_id: str
    state: str
    start: int
    end: int
    reason: str = ""


@dataclass(frozen=True)
class _Opcode:
    tag: str  # "equal", "replace", "delete", "insert"
    i1: int
    i2: int
    j1: int
    j2: int


class TextDiff:
    """A word-level alignment of two versions of a text, and where claims go with it."""

    def __init__(self, old_text: str, new_text: str) -> None:
        self.old_text, self.new_text = old_text, new_text
        self.old = Tokens(old_text)
        self.new = Tokens(new_text)
        self.opcodes = _align(old_text, new_text, self.old, self.new)
        self._opcode_starts = [op.i1 for op in self.opcodes]
        self._new_to_old: list[int] | None = None
        self._new_word_positions: dict[str, list[int]] | None = None

    @property
    def same_wording(self) -> bool:
        """True when only typography changed."""
        return all(op.tag == "equal" for op in self.opcodes)

    def changes(self) -> list[tuple[int, int, int, int]]:
        """Changed regions as character spans ``(old_start, old_end, new_start, new_end)``."""
        return [(*self.old.span(op.i1, op.i2), *self.new.span(op.j1, op.j2)) for op in self.opcodes if op.tag != "equal"]

    # -- mapping ------------------------------------------------------------------------

    def new_to_old(self) -> list[int]:
        """For each new token, the old token it is equal to, or -1 for new words."""
        if self._new_to_old is None:
            mapping = [-1] * len(self.new)
            for op in self.opcodes:
                if op.tag == "equal":
                    mapping[op.j1 : op.j2] = range(op.i1, op.i2)
            self._new_to_old = mapping
        return self._new_to_old

    def _opcode_of(self, i: int) -> _Opcode | None:
        """The opcode that holds old token *i* (inserts hold none)."""
        index = bisect.bisect_right(self._opcode_starts, i) - 1
        for op in self.opcodes[max(0, index - 1) : index + 2]:
            if op.i1 <= i < op.i2:
                return op
        return None

    def _equal_target(self, i: int) -> int | None:
        """The new index of old token *i* when it is unchanged, else None."""
        op = self._opcode_of(i)
        return op.j1 + (i - op.i1) if op is not None and op.tag == "equal" else None

    def _new_start(self, i: int) -> int:
        """The new token where old token *i* (or what replaced it) begins."""
        op = self._opcode_of(i)
        if op is None:
            return len(self.new)
        return op.j1 + (i - op.i1) if op.tag == "equal" else op.j1

    def _new_stop(self, i: int) -> int:
        """The new token boundary just after old token *i* (or what replaced it)."""
        op = self._opcode_of(i)
        if op is None:
            return len(self.new)
        return op.j1 + (i - op.i1) + 1 if op.tag == "equal" else op.j2

    # -- claims -------------------------------------------------------------------------

    def place(self, claim_id: str, start: int, end: int) -> Placement:
        """Where the claim at ``old_text[start:end]`` is in the new text."""
        i1 = bisect.bisect_right(self.old.ends, start)
        i2 = bisect.bisect_left(self.old.starts, end)
        if i1 >= i2:
            return Placement(claim_id, ORPHANED, -1, -1, "The claim holds no words.")
        targets = [self._equal_target(i) for i in range(i1, i2)]
        first, last = targets[0], targets[-1]
        if first is not None and last is not None and last - first == i2 - i1 - 1 and None not in targets:
            return Placement(claim_id, EXACT, *self._new_chars(first, last, start, end, i1, i2))
        if sum(t is not None for t in targets) * 2 < len(targets):
            moved = self._moved_copy(i1, i2)
            if isinstance(moved, tuple):
                return Placement(claim_id, EXACT, *self._new_chars(*moved, start, end, i1, i2))
            if moved == "ambiguous":
                return Placement(claim_id, ORPHANED, -1, -1,
                                 "The claim's words now stand in more than one place; attach it by hand.")
        j1, j2 = self._new_start(i1), self._new_stop(i2 - 1)
        for j in sorted(range(max(0, j1 - 3), j1 + 4), key=lambda j: abs(j - j1)):
            # The diff may give a neighbour's word to the claim ("The virus ... The outbreak" less one
            # sentence): the claim's words all there, next to its place, and consistent with what stayed.
            if self.new.keys[j : j + len(targets)] == self.old.keys[i1:i2] and all(
                    t is None or t == j + k for k, t in enumerate(targets)):
                return Placement(claim_id, EXACT, *self._new_chars(j, j + len(targets) - 1, start, end, i1, i2))
        if j2 <= j1:
            return Placement(claim_id, ORPHANED, -1, -1, "The claim's words were deleted.")
        old_words, new_words = self.old.keys[i1:i2], self.new.keys[j1:j2]
        similarity = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).ratio()
        if similarity < MIN_EDITED_SIMILARITY:
            return Placement(claim_id, ORPHANED, -1, -1, "The claim's sentence was rewritten; no place is certain.")
        return Placement(claim_id, EDITED, self.new.starts[j1], self.new.ends[j2 - 1], _what_changed(old_words, new_words))

    def _new_chars(self, first: int, last: int, start: int, end: int, i1: int, i2: int) -> tuple[int, int]:
        """Character span in the new text for old tokens i1..i2-1 found at new tokens first..last."""
        old, new = self.old, self.new
        head = min(max(0, start - old.starts[i1]), new.ends[first] - new.starts[first] - 1)
        tail = min(max(0, old.ends[i2 - 1] - end), new.ends[last] - new.starts[last] - 1)
        return new.starts[first] + head, new.ends[last] - tail

    def _moved_copy(self, i1: int, i2: int) -> tuple[int, int] | str | None:
        """The claim's words among the new text's new words: (first, last), "ambiguous" or None."""
        words = self.old.keys[i1:i2]
        size, mapping, keys = len(words), self.new_to_old(), self.new.keys
        found = []
        for j in self._positions_of_new_words().get(words[0], ()):
            if keys[j : j + size] == words and all(m == -1 for m in mapping[j : j + size]):
                found.append(j)
                if len(found) > 1:
                    return "ambiguous"
        return (found[0], found[0] + size - 1) if found else None

    def _positions_of_new_words(self) -> dict[str, list[int]]:
        if self._new_word_positions is None:
            positions: dict[str, list[int]] = {}
            keys = self.new.keys
            for j, mapped in enumerate(self.new_to_old()):
                if mapped == -1:
                    positions.setdefault(keys[j], []).append(j)
            self._new_word_positions = positions
        return self._new_word_positions


def _what_changed(old_words: list[str], new_words: list[str]) -> str:
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(old_words[i1:i2])
        if tag in ("replace", "insert"):
            added.extend(new_words[j1:j2])
    parts = []
    if removed:
        parts.append("removed \u201c" + " ".join(removed)[:80] + "\u201d")
    if added:
        parts.append("added \u201c" + " ".join(added)[:80] + "\u201d")
    return "Its wording changed: " + ", ".join(parts) + "." if parts else "Its wording changed."


def _paragraph_ranges(tokens: Tokens, text: str) -> list[tuple[int, int]]:
    """Token index ranges of the paragraphs (lines) of *text*."""
    ranges = []
    for line in re.finditer(r"[^\n]+", text):
        first = bisect.bisect_left(tokens.starts, line.start())
        stop = bisect.bisect_left(tokens.starts, line.end())
        if stop > first:
            ranges.append((first, stop))
    return ranges


def _align(old_text: str, new_text: str, old: Tokens, new: Tokens) -> list[_Opcode]:
    """Opcodes over the token lists: paragraphs first, then words inside changed paragraphs."""
    old_paragraphs, new_paragraphs = _paragraph_ranges(old, old_text), _paragraph_ranges(new, new_text)
    old_keys = ["\x1f".join(old.keys[a:b]) for a, b in old_paragraphs]
    new_keys = ["\x1f".join(new.keys[a:b]) for a, b in new_paragraphs]
    opcodes: list[_Opcode] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, p1, p2, q1, q2 in matcher.get_opcodes():
        i1 = old_paragraphs[p1][0] if p1 < len(old_paragraphs) else len(old)
        i2 = old_paragraphs[p2 - 1][1] if p2 > p1 else i1
        j1 = new_paragraphs[q1][0] if q1 < len(new_paragraphs) else len(new)
        j2 = new_paragraphs[q2 - 1][1] if q2 > q1 else j1
        if tag == "replace":
            old_words, new_words = old.keys[i1:i2], new.keys[j1:j2]
            large = len(old_words) + len(new_words) > _LARGE_REGION
            words = difflib.SequenceMatcher(None, old_words, new_words, autojunk=large)
            for wtag, a1, a2, b1, b2 in words.get_opcodes():
                _add(opcodes, _Opcode(wtag, i1 + a1, i1 + a2, j1 + b1, j1 + b2))
        else:
            _add(opcodes, _Opcode(tag, i1, i2, j1, j2))
    return opcodes


def _add(opcodes: list[_Opcode], op: _Opcode) -> None:
    """Append *op*, merging it with the previous opcode of the same kind."""
    if op.i1 == op.i2 and op.j1 == op.j2:
        return
    if opcodes and opcodes[-1].tag == op.tag and opcodes[-1].i2 == op.i1 and opcodes[-1].j2 == op.j1:
        last = opcodes.pop()
        op = _Opcode(op.tag, last.i1, op.i2, last.j1, op.j2)
    opcodes.append(op)


def place_claims(old_text: str, new_text: str, claims: Iterable[tuple[str, int, int]]) -> list[Placement]:
    """Where each ``(claim_id, start, end)`` of *old_text* is in *new_text*."""
    diff = TextDiff(old_text, new_text)
    return [diff.place(claim_id, start, end) for claim_id, start, end in claims]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """*old* -> *new* as pieces ``("equal"|"delete"|"insert", text)``, word by word.

    Each piece carries the white space before its words (an "equal" or "insert" piece the new text's,
    a "delete" piece the old text's), so the equal and inserted pieces joined give *new* back, and a
    change shown inline keeps its spaces ("a b c" -> "a x c": "a", " b", " x", " c", not "axc").
    """
    old_tokens, new_tokens = Tokens(old), Tokens(new)
    pieces: list[tuple[str, str]] = []
    old_at = new_at = 0  # where the last piece ended in each text
    matcher = difflib.SequenceMatcher(None, old_tokens.keys, new_tokens.keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_end, new_end = old_tokens.span(i1, i2)[1], new_tokens.span(j1, j2)[1]
        if tag == "equal":
            pieces.append(("equal", new[new_at:new_end]))
        else:
            if i2 > i1:
                pieces.append(("delete", old[old_at:old_end]))
            if j2 > j1:
                pieces.append(("insert", new[new_at:new_end]))
        if i2 > i1:  # an empty span would skip the white space that comes before the next piece
            old_at = old_end
        if j2 > j1:
            new_at = new_end
    if new_at < len(new):
        pieces.append(("equal", new[new_at:]))
    return pieces


_NOTICE = re.compile(
    r"\b(?:corrections?|clarifications?|updates?|updated|editor['’]s\s+note)\s*[:—–-]"
    r"|\bthis\s+(?:article|story|post|report|piece)\s+(?:has\s+been|was)\s+(?:updated|amended|corrected|changed|revised)"
    r"|\ban\s+earlier\s+version\s+of\s+this\s+(?:article|story|post|report|piece)"
    r"|\bwe\s+have\s+(?:corrected|amended|updated)\s+this",
    re.IGNORECASE,
)


#: A notice longer than this (white space runs of ~1,000 characters inside it) may be missed where
#: two pieces of a long text meet.
_NOTICE_OVERLAP = 1_000


def correction_notices(text: str) -> list[str]:
    """The correction or update notices in *text* ("Correction:", "This article has been updated", ...)."""
    # Searched a piece at a time: one search of a whole 1 MB text that holds no notice is one C call
    # that holds the GIL ~50 ms (up to 185 ms under load), twice per re-fetch, while the window waits
    # (issue 16). Each piece runs into the next by _NOTICE_OVERLAP characters, so a notice that starts
    # in a piece is found whole; \b still sees the character before the piece.
    notices: list[str] = []
    at, length = 0, len(text)
    while at < length:
        stop = at + _PIECE
        last = at
        for match in _NOTICE.finditer(text, at, min(length, stop + _NOTICE_OVERLAP)):
            if match.start() >= stop:
                break
            notices.append(match.group())
            last = match.end()
        at = max(stop, last)
    return notices


def is_stealth_edit(old_text: str, new_text: str) -> bool:
    """True when the wording changed and the new text adds no correction or update notice."""
    if same_wording(old_text, new_text):
        return False
    return len(correction_notices(new_text)) <= len(correction_notices(old_text))
