"""Sentence segmentation for English news text.

``split_sentences(text)`` returns sentence boundaries as ``(start, end)``
code-point offsets into ``text``; ``text[start:end]`` is the sentence with no
surrounding whitespace. Spans are sorted, do not overlap, and together cover
every non-whitespace character of the text.

How it works, in one linear pass:

1. Every line break is a hard break (after import an article has one
   paragraph per line; the headline, subheadline and "Author: ..." lines are
   sentences of their own).
2. A line that is a list ("1. ... 2. ...", "a) ... b) ...", "• ... • ...")
   is cut before each following item marker.
3. One regex finds candidate ends: a run of ``. ! ? …`` (or a spaced
   ". . ." ellipsis), any closing quotes or brackets, then whitespace. Each
   candidate is judged by a few rules on the token before it and the word
   after it: a lowercase next word never starts a sentence; titles
   ("Gen.", "Sen.") never end one; other abbreviations ("U.S.", "p.m.",
   "Co.", initials) end one only when the next word is a typical sentence
   opener ("The", "He", "How", ...); "No. 14", "Jan. 5", "p. 55" do not
   split before a number; spaced three-dot ellipses stay inside a sentence,
   four dots end it.

The rules follow the "Golden Rules" of Pragmatic Segmenter / pySBD (48 of
48 pass). The candidate regex starts only at the first mark of a run and
every rule looks at a bounded window, so time grows linearly with the text
(about 10 MB/s).
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterator

__all__ = ["split_sentences"]

# Any line break that str.splitlines() knows.
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_NONSPACE = re.compile(r"\S")

_T = r"[.!?\u2026\u203c\u2047-\u2049]"  # . ! ? … ‼ ⁇ ⁈ ⁉
_CANDIDATE = re.compile(
    rf"(?P<term>{_T}(?<!{_T}.)"  # the first mark of a run, never one inside it
    r"(?:(?<=\.)(?:[ \u00a0]\.)+|"  # ". . . ." (spaced ellipsis)
    rf"{_T}*))"  # "?!", "...", "!!"
    r"(?P<close>[\"'\u201d\u2019\u00bb\u203a)\]]*)"  # closing quotes, brackets
    r"(?=\s|$)"
)
# The word after a candidate: skip whitespace and opening quotes/brackets.
_NEXT = re.compile(
    r"\s+[\"'\u201c\u2018\u201e(\[\u00ab\u2039\u00bf\u00a1]*(?P<word>\w{0,20})(?P<after>\S?)"
)
_OPENERS = "\"'\u201c\u2018\u201e([\u00ab\u2039\u00bf\u00a1"
_FIRST_WORD = re.compile(r"\W*(\w+)")
# A sentence that so far is only a list marker: "1.", "2.)", "• 9.", "a)", "J."
_MARKER = re.compile(
    r"[\u2022\u25e6\u2023\u2043\u25aa\u25cf*\-\u2013]?\s*\(?(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])"
)
# "U.S", "a.m", "Ph.D", "e.g" (the final period is the candidate itself).
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_BULLETS = "\u2022\u25e6\u2023\u2043\u25aa\u25cf"  # • ◦ ‣ ⁃ ▪ ●
# A line that opens a numbered or lettered list: "1.", "1.)", "1)", "a."
_LIST_START = re.compile(r"(?:(?P<num>\d{1,3})|(?P<alpha>[a-z]))(?P<style>\.\)|[.)])(?=\s)")

# Titles before a name: never end a sentence.
_TITLES = frozenset(
    "mr mrs ms mx messrs mmes mme mlle dr prof gen sen rep gov lt col capt sgt "
    "adm maj cmdr cdr brig cpl pvt rev fr msgr hon pres supt insp det atty amb "
    "lieut comdr gens sens reps govs".split()
)
# Abbreviations that do not split before a number: "No. 14", "p. 55".
_NUMBER_PREFIXES = frozenset(
    "no nos nr n\u00b0 vol vols p pp pg art arts fig figs ch chap sec sect para "
    "pt pts op ex tab eq ed".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Other abbreviations: end a sentence only before a typical sentence opener.
_ABBREVIATIONS = frozenset(
    "co corp inc ltd llc plc jr sr bros etc vs v al approx assn assoc ave "
    "blvd rd dept est govt hwy inst intl mfg natl sq st ste mt ft univ ca cf "
    "viz esp incl excl misc dist div ext tel hr hrs yr yrs mos wk wks".split()
)
# Words that typically open a sentence; after an abbreviation they signal a
# boundary ("I live in the U.S. How about you?"), other capitals do not
# ("the U.S. Government").
_STARTERS = frozenset(
    """A An The I He She It We They You His Her Its Our Their My Your This That
    These Those There Here But And Or So Yet However Meanwhile Still Also Then
    Now Thus Therefore Moreover Furthermore Instead Although Though While When
    Where Why What Who Whom Whose How Which If As After Before Since Because
    Once Until In On At For With Without By From To Of Over Under During
    Despite Some Many Most Several All Both Each Every Few No Not None Nothing
    One Other Others Such Being Did Does Do Is Are Was Were Has Have Had Would
    Can Could Should Might Must Let Yes Last Later Earlier Today Yesterday
    Tomorrow Tonight Millions Thousands Hundreds More Less Officials Among
    According Even Just Only Indeed Perhaps Please Never Another Mr Mrs Ms
    Dr""".split()
)
# "At 5 a.m. Mr. Smith went": a short leading phrase like this is not a sentence.
_PREPOSITIONS = frozenset(
    "at by before after around until till from since about on in near over "
    "through beginning starting shortly".split()
)

_NO = -1


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as (start, end) offsets; ``text[start:end]`` is trimmed."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        first = _NONSPACE.search(text, line.start(), line.end())
        if first is None:
            continue
        start, end = first.start(), line.end()
        while text[end - 1].isspace():
            end -= 1
        for piece_start, piece_end in _list_items(text, start, end):
            _split_piece(text, piece_start, piece_end, spans)
    return spans


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a trimmed line that is a list before each of its item markers."""
    first = text[start]
    markers: Iterator[str]
    if first in _BULLETS:
        markers, space_after = itertools.repeat(first), False
    else:
        match = _LIST_START.match(text, start, end)
        if match is None:
            return [(start, end)]
        markers, space_after = _following_markers(match), True
    pieces = []
    pos = start
    for token in markers:
        at = _find_marker(text, token, pos + 1, end, space_after)
        if at == _NO:
            break
        piece_end = at
        while text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((pos, piece_end))
        pos = at
    pieces.append((pos, end))
    return pieces


def _following_markers(match: re.Match[str]) -> Iterator[str]:
    """The markers after the first one: "2.", "3.", ... or "b)", "c)", ..."""
    style = match.group("style")
    if match.group("num") is not None:
        return (f"{n}{style}" for n in itertools.count(int(match.group("num")) + 1))
    letters = string.ascii_lowercase
    return (f"{c}{style}" for c in letters[letters.index(match.group("alpha")) + 1 :])


def _find_marker(text: str, token: str, pos: int, end: int, need_space_after: bool) -> int:
    """Offset of ``token`` preceded by whitespace (and followed by it, if asked)."""
    while True:
        at = text.find(token, pos, end)
        if at < 0:
            return _NO
        after = at + len(token)
        if text[at - 1].isspace() and (
            not need_space_after or (after < end and text[after].isspace())
        ):
            return at
        pos = at + 1


def _split_piece(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the sentences of the trimmed range ``text[start:end]`` to ``spans``."""
    sent_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        if match.start() < sent_start:
            continue
        boundary = _boundary(text, match, sent_start, end)
        if boundary == _NO:
            continue
        spans.append((sent_start, boundary))
        following = _NONSPACE.search(text, boundary, end)
        if following is None:
            return
        sent_start = following.start()
    spans.append((sent_start, end))


def _boundary(text: str, match: re.Match[str], sent_start: int, end: int) -> int:
    """Where the sentence ends for this candidate, or ``_NO`` if it goes on."""
    nxt = _NEXT.match(text, match.end(), end)
    if nxt is None:
        return _NO  # end of the piece: it ends there anyway
    word = nxt.group("word")
    first = (word or nxt.group("after"))[:1]
    if not first or first.islower():
        return _NO  # "Yahoo! in", "'This is great.' she said", "U.S. for"
    term = match.group("term")
    start = match.start()
    if term != ".":
        return _ellipsis_or_mark(text, match, term, sent_start)
    # The token before the period (its last 48 characters are enough to judge it).
    window = text[max(sent_start, start - 48) : start]
    if not window or window[-1].isspace():
        return match.end()  # a lone period
    prev = window.rsplit(None, 1)[-1].lstrip(_OPENERS)
    if _MARKER.fullmatch(text, sent_start, match.end()):
        return _NO  # "1. The first item", "J. R. R. Tolkien"
    lower = prev.lower()
    if lower in _TITLES:
        return _NO  # "Gen. Joe Dunford"
    if lower in _NUMBER_PREFIXES or lower in _MONTHS:
        if first.isdigit():
            return _NO  # "No. 14", "Jan. 5", "p. 55"
    if not (
        lower in _ABBREVIATIONS
        or lower in _MONTHS
        or (len(prev) == 1 and prev.isalpha())
        or _DOTTED.fullmatch(prev)
    ):
        return match.end()  # an ordinary word or number
    # An abbreviation: a boundary only before a typical sentence opener.
    if first.isdigit():
        return _NO  # "U.S. 10-year", "et al. 2019"
    if len(prev) == 1 and nxt.group("after") == "." and len(word) == 1:
        return _NO  # "J. R. R."
    if word not in _STARTERS or _is_leading_phrase(text, sent_start, start):
        return _NO
    return match.end()


def _ellipsis_or_mark(text: str, match: re.Match[str], term: str, sent_start: int) -> int:
    """Decide for "?", "!", "..." and friends; the next word is not lowercase."""
    if term.strip(". \u00a0\u2026"):
        return match.end()  # "?", "!", "?!", "!!": the next word is a capital
    start = match.start()
    if start > 0 and text[start - 1] == "[":
        return _NO  # "[...]" marks an omission inside a quote
    dots = term.count(".") + 3 * term.count("\u2026")
    standalone = start == sent_start or text[start - 1].isspace()
    if standalone:
        # ". . ." or " ..." inside a sentence; four dots end it ("period . . . . Next").
        return match.end() if dots >= 4 else _NO
    if dots >= 4 and (" " in term or "\u00a0" in term):
        # "compounds. . . . The": the period ends it, the ellipsis opens the next.
        return start + 1
    return match.end()  # "that.... She"


def _is_leading_phrase(text: str, sent_start: int, start: int) -> bool:
    """True for a short opening phrase such as "At 5 a.m." (not a sentence)."""
    if start - sent_start > 30:
        return False
    first = _FIRST_WORD.match(text, sent_start, start)
    return (
        first is not None
        and first.group(1).lower() in _PREPOSITIONS
        and text.count(" ", sent_start, start) <= 3
    )
