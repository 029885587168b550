"""Sentence segmentation for news text, in English and 22 other languages.

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
   after it (past a dialogue dash: "готовишься? – спросила"): a lowercase
   next word never starts a sentence; titles ("Gen.", "Sen.", "Srta.",
   "проф.") never end one; other abbreviations ("U.S.", "p.m.", "Co.",
   "г.", initials, Roman numerals) end one only when the next word is a
   typical sentence opener ("The", "He", "How", ...); "No. 14", "Jan. 5",
   "p. 55", "ул. 1" do not split before a number, nor "12. Juni" and
   "7. Apríla 2020" (a day as an ordinal); spaced three-dot ellipses stay
   inside a sentence, four dots end it.
4. Other scripts end sentences with their own marks, recognised by the
   characters themselves, so no language has to be known: 。！？ (Chinese,
   Japanese; no space follows them; "３．２９" is a number), । ॥ (Devanagari),
   ؟ ۔ (Arabic script), ։ (Armenian), ။ (Burmese), ። ፧ (Ethiopic). Armenian
   writes ":" for its full stop, Greek ";" for its question mark, and
   Arabic-script headlines end with ":"; each counts only between two words of
   that script, so an English colon never ends a sentence.
5. A mark inside quotation marks or brackets that close later in the line
   ("«Ты готов? – спросила мама.»", 《摔跤吧！爸爸》, „Eins. Zwei,“ sagte er)
   does not end the sentence around the quotation, unless the mark closes it
   ("„Und keine Lust.“ Wir"). A quotation counts as open for at most 400
   characters, so a stray mark (12" pipe) cannot join a whole paragraph.

The rules follow the "Golden Rules" of Pragmatic Segmenter / pySBD: 48 of
the 48 English ones, and 220 of the 224 cases of pySBD's tests in 22 other
languages (tests/data/README.md says which four fail and why). The splitter
has no language parameter: the marks above belong to one script each, the
abbreviation lists hold other languages' abbreviations too (they rarely
collide), and the language of an article is often unknown (plain text,
pasted text). The candidate regex starts only at the first mark of a run,
every rule looks at a bounded window, and quotation marks are read once
left to right, so time grows linearly with the text.
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

# Marks that end a sentence before whitespace: . ! ? … ‼ ⁇ ⁈ ⁉, the Devanagari
# danda । ॥, the Arabic-script question mark and full stop ؟ ۔, the Armenian full stop ։.
_T = r"[.!?\u2026\u203c\u2047-\u2049\u0964\u0965\u061f\u06d4\u0589]"
# Marks that end a sentence with no space after them: 。 ｡ ！ ？ ． (CJK), ။ (Burmese),
# ። ፧ ፨ (Ethiopic).
_WIDE = "\u3002\uff61\uff01\uff1f\uff0e\u104b\u1362\u1367\u1368"
# Closing quotation marks and brackets that stay with the sentence they end.
_CLOSERS = "\"'\u201d\u2019\u201c\u2018\u00bb\u203a\u00ab\u2039)\\]\u300d\u300f\u300b\u3009\uff09\u3011\u3015"
# After 。！？: the closing marks of Chinese and Japanese ("“" opens there, as in English).
_WIDE_CLOSERS = "\"'\u201d\u2019\u00bb\u300d\u300f\u300b\u3009\uff09\u3011\u3015"
_CANDIDATE = re.compile(
    rf"(?P<term>{_T}(?<!{_T}.)"  # the first mark of a run, never one inside it
    r"(?:(?<=\.)(?:[ \u00a0]\.)+|"  # ". . . ." (spaced ellipsis)
    rf"{_T}*))"  # "?!", "...", "!!"
    rf"(?P<close>(?:[ \u00a0\u202f]\u00bb)?[{_CLOSERS}]*)"  # closing quotes, brackets; French " »"
    r"(?=\s|$)"
)
# The same, and the marks of other scripts; used only on a line that has one of them,
# since a pattern of several branches is searched much more slowly.
_CANDIDATE_ANY_SCRIPT = re.compile(
    _CANDIDATE.pattern
    + rf"|(?P<wide>[{_WIDE}]+)(?P<wide_close>[{_WIDE_CLOSERS}]*)"  # "。", "！」"
    + r"|(?P<colon>[:;\u037e])(?=\s)"  # Armenian ":", Greek ";", an Arabic headline's ":"
)
# Characters of the scripts whose marks _CANDIDATE does not know.
_OTHER_SCRIPT = re.compile(rf"[{_WIDE}\u0370-\u03ff\u1f00-\u1fff\u0531-\u0587\u0600-\u06ff]")
# The word after a candidate: skip whitespace, a dialogue dash, opening quotes/brackets.
_NEXT = re.compile(
    r"\s+(?:[-\u2013\u2014]\s+)?"
    r"[\"'\u201c\u2018\u201e(\[\u00ab\u2039\u00bf\u00a1]*(?P<word>\w{0,20})(?P<after>\S?)"
)
_OPENERS = "\"'\u201c\u2018\u201e([\u00ab\u2039\u00bf\u00a1"
_FIRST_WORD = re.compile(r"\W*(\w+)")
# A sentence that so far is only a list marker: "1.", "2.)", "• 9.", "a)", "J."
_MARKER = re.compile(
    r"[\u2022\u25e6\u2023\u2043\u25aa\u25cf*\-\u2013]?\s*\(?(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])"
)
# "U.S", "a.m", "Ph.D", "e.g", "Л.Н", "Б.з.б" (the final period is the candidate itself).
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
# Roman numerals of two letters or more, with an I, V or X: "XII. Pluku" (an ordinal),
# "Henry VIII." (not "DC." nor "MD.", which end sentences in the news).
_ROMAN = re.compile(
    r"(?=[IVXLCDM]{2})(?=[LCDM]*[IVX])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
)
# "7. Apríla 2020": a day, a month's name and a year.
_YEAR_AFTER = re.compile(r"\s\d{4}\b")
_BULLETS = "\u2022\u25e6\u2023\u2043\u25aa\u25cf"  # • ◦ ‣ ⁃ ▪ ●
# A line that opens a numbered or lettered list: "1.", "1.)", "1)", "a."
_LIST_START = re.compile(r"(?:(?P<num>\d{1,3})|(?P<alpha>[a-z]))(?P<style>\.\)|[.)])(?=\s)")

# Titles before a name: never end a sentence.
_TITLES = frozenset(
    "mr mrs ms mx messrs mmes mme mlle dr prof gen sen rep gov lt col capt sgt "
    "adm maj cmdr cdr brig cpl pvt rev fr msgr hon pres supt insp det atty amb "
    "lieut comdr gens sens reps govs "
    # Spanish, Italian, Russian: "Srta. Ledesma", "l'Avv. Fabrizi", "проф. Семенов"
    "srta sra dra lic ing avv dott dir проф".split()
)
# Abbreviations that do not split before a number: "No. 14", "p. 55", "ул. 1 Мая".
_NUMBER_PREFIXES = frozenset(
    "no nos nr n° vol vols p pp pg art arts fig figs ch chap sec sect para "
    "pt pts op ex tab eq ed "
    "párr párrf núm ago ene abr dic lun mié jue vie sáb dom "  # Spanish
    "ул кв пл стр".split()
)
# Two-word abbreviations whose last word is also a word: "ad es." ("for example").
_TWO_WORDS = frozenset(["ad es", "per es"])
_TWO_WORD_ENDS = frozenset(pair.split()[-1] for pair in _TWO_WORDS)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Month names after a day's number: "vom 12. Juni" (German writes the day as an ordinal).
_MONTH_NAMES = frozenset(
    "januar februar märz april mai juni juli august september oktober november dezember".split()
)
# Other abbreviations: end a sentence only before a typical sentence opener.
_ABBREVIATIONS = frozenset(
    "co corp inc ltd llc plc jr sr bros etc vs v al approx assn assoc ave "
    "blvd rd dept est govt hwy inst intl mfg natl sq st ste mt ft univ ca cf "
    "viz esp incl excl misc dist div ext tel hr hrs yr yrs mos wk wks "
    # other languages: "EE. UU.", "psicol.", "Amm.", "Skt. Hans", "napr.",
    # "пгт.", "г." and "гг." (year, town), "пр.", "им."
    "ee uu psicol amm skt napr "
    "пгт г гг пр им".split()
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
    Dr De Det Den Der Hvad Hvor Jeg Vi""".split()  # the last eight: Danish
)
# "At 5 a.m. Mr. Smith went": a short leading phrase like this is not a sentence.
_PREPOSITIONS = frozenset(
    "at by before after around until till from since about on in near over "
    "through beginning starting shortly".split()
)

# Quotation marks and brackets: what each opens, and which marks close it.
# "«" and "»" open each other too (Danish and German books write »quote«).
_QUOTE_MARKS = re.compile(
    "[\"\u00ab\u00bb\u201e\u201c\u201d\u300a\u3008\u300c\u300e\uff08\u3010\u3014\u300b\u3009\u300d\u300f\uff09\u3011\u3015]"
)
_OPENS = {
    '"': '"', "\u00ab": "\u00bb", "\u00bb": "\u00ab", "\u201e": "\u201c\u201d", "\u201c": "\u201d",
    "\u300a": "\u300b", "\u3008": "\u3009", "\u300c": "\u300d", "\u300e": "\u300f",
    "\uff08": "\uff09", "\u3010": "\u3011", "\u3014": "\u3015",
}
# Where each set of closing marks occurs (a straight quote may open a quotation instead).
_CLOSING = {closers: re.compile(f"[{closers}]") for closers in set(_OPENS.values())}

_MAX_QUOTE = 400  # characters a quotation may span and still hold its sentence together
_MAX_DEPTH = 8

_NO = -1


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as (start, end) offsets; ``text[start:end]`` is trimmed."""
    spans: list[tuple[int, int]] = []
    # Looked for once here, so that a line of a text without them is not searched again.
    other_scripts = _OTHER_SCRIPT.search(text) is not None
    quote_marks = _QUOTE_MARKS.search(text) is not None
    for line in _LINE.finditer(text):
        first = _NONSPACE.search(text, line.start(), line.end())
        if first is None:
            continue
        start, end = first.start(), line.end()
        while text[end - 1].isspace():
            end -= 1
        for piece_start, piece_end in _list_items(text, start, end):
            _split_piece(text, piece_start, piece_end, spans, other_scripts, quote_marks)
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


def _split_piece(
    text: str, start: int, end: int, spans: list[tuple[int, int]], other_scripts: bool, quote_marks: bool
) -> None:
    """Append the sentences of the trimmed range ``text[start:end]`` to ``spans``
    (*other_scripts*, *quote_marks*: whether the whole text has any of them)."""
    sent_start = start
    quotes: _Quotes | None = None
    looked_for_quotes = not quote_marks
    other_scripts = other_scripts and _OTHER_SCRIPT.search(text, start, end) is not None
    candidates = _CANDIDATE_ANY_SCRIPT if other_scripts else _CANDIDATE
    for match in candidates.finditer(text, start, end):
        if match.start() < sent_start:
            continue
        if match.lastgroup == "close":
            boundary = _boundary(text, match, sent_start, end)
        elif match.lastgroup == "colon":
            boundary = _colon(text, match, end)
        else:
            boundary = _wide(text, match, end)
        if boundary == _NO:
            continue
        if not looked_for_quotes:
            looked_for_quotes = True
            if _QUOTE_MARKS.search(text, start, end):
                quotes = _Quotes(text, start, end)
        if quotes is not None and quotes.inside(match.start(), text[match.start() : boundary]):
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
    term = match.group("term")
    start = match.start()
    if not first or first.islower():
        if first and _greek_full_stop(text, term, sent_start, start, first):
            return match.end()
        return _NO  # "Yahoo! in", "'This is great.' she said", "U.S. for"
    if term != ".":
        return _ellipsis_or_mark(text, match, term, sent_start)
    # The token before the period (its last 48 characters are enough to judge it).
    window = text[max(sent_start, start - 48) : start]
    if not window or window[-1].isspace():
        return match.end()  # a lone period
    prev = window.rsplit(None, 1)[-1].lstrip(_OPENERS)
    if "'" in prev or "\u2019" in prev:
        prev = prev[max(prev.rfind("'"), prev.rfind("\u2019")) + 1 :]  # "l'Avv." is "Avv."
    if _MARKER.fullmatch(text, sent_start, match.end()):
        return _NO  # "1. The first item", "J. R. R. Tolkien"
    lower = prev.lower()
    if lower in _TITLES:
        return _NO  # "Gen. Joe Dunford"
    if first.isdigit() and (lower in _NUMBER_PREFIXES or lower in _MONTHS):
        return _NO  # "No. 14", "Jan. 5", "p. 55"
    if prev.isdigit() and len(prev) <= 2 and (
        word.lower() in _MONTH_NAMES or _YEAR_AFTER.match(text, nxt.end("word"))
    ):
        return _NO  # "vom 12. Juni", "7. Apríla 2020": a day written as an ordinal
    if not (
        lower in _ABBREVIATIONS
        or lower in _MONTHS
        or (len(prev) == 1 and prev.isalpha())
        or ("." in prev and _DOTTED.fullmatch(prev))
        or (prev.isupper() and _ROMAN.fullmatch(prev))
        or (lower in _TWO_WORD_ENDS and _two_words(window, lower) in _TWO_WORDS)
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


def _two_words(window: str, last: str) -> str:
    """The last two words of *window*, lower case ("ad es" for "(ad es")."""
    words = window.rsplit(None, 2)
    return f"{words[-2].lstrip(_OPENERS).lower()} {last}" if len(words) >= 2 else last


def _greek_full_stop(text: str, term: str, sent_start: int, start: int, first: str) -> bool:
    """A Greek word of five letters or more, a full stop, then a lowercase Greek word:
    a sentence end whose next word lost its capital (Greek abbreviations are shorter)."""
    if term != "." or not _is_greek(first):
        return False
    word_start = start
    while word_start > sent_start and start - word_start < 20 and _is_greek(text[word_start - 1]):
        word_start -= 1
    return start - word_start >= 5 and (word_start == sent_start or text[word_start - 1].isspace())


def _is_greek(char: str) -> bool:
    return "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff"


def _is_armenian(char: str) -> bool:
    return "\u0531" <= char <= "\u0587"


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or "\ufb50" <= char <= "\ufeff"


def _colon(text: str, match: re.Match[str], end: int) -> int:
    """":" ends a sentence between two Armenian words (Armenian writes it for its full stop,
    ։) or two Arabic-script ones (a headline's "سؤال وجواب:"); ";" or "\u037e" between two
    Greek words is the Greek question mark. Elsewhere neither ends one."""
    start = match.start()
    nxt = _NEXT.match(text, match.end(), end)
    if start == 0 or nxt is None:
        return _NO
    before, first = text[start - 1], (nxt.group("word") or nxt.group("after"))[:1]
    if not first:
        return _NO
    if match.group("colon") == ":":
        if _is_armenian(before) and (_is_armenian(first) or first.isdigit()):
            return match.end()
        if _is_arabic(before) and _is_arabic(first):
            return match.end()
        return _NO
    if _is_greek(before) and _is_greek(first) and first.isupper():
        return match.end()
    return _NO


def _wide(text: str, match: re.Match[str], end: int) -> int:
    """。！？ and the other marks that need no space after them."""
    after = match.end()
    if after >= end:
        return _NO  # the piece ends there anyway
    following = text[after]
    if match.group("wide") == "\uff0e" and following.isdigit():
        return _NO  # "３．２９" is a number
    if match.group("wide_close") and following.isalnum():
        return _NO  # 「…です。」と言った: the quotation is part of the sentence
    return after


class _Quotes:
    """The quotation marks and brackets open at a point of one line, read left to right once."""

    __slots__ = ("_end", "_marks", "_next_close", "_pending", "_stack", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._end = text, end
        self._marks = _QUOTE_MARKS.finditer(text, start, end)
        self._pending = next(self._marks, None)
        self._stack: list[tuple[str, int]] = []  # (the marks that close it, where it opened)
        self._next_close: dict[str, tuple[int, bool]] = {}  # closing marks -> next one, closes?

    def inside(self, pos: int, ending: str) -> bool:
        """Whether a mark at *pos*, followed by *ending* (its closing quotes), lies inside a
        quotation that does not close there but closes later, within _MAX_QUOTE."""
        pending = self._pending
        while pending is not None and pending.start() < pos:
            self._read(pending.group(), pending.start())
            pending = next(self._marks, None)
        self._pending = pending
        stack = self._stack
        depth = len(stack)
        for char in ending:
            if depth and char in stack[depth - 1][0]:
                depth -= 1
        if depth == 0:
            return False
        closers, opened = stack[depth - 1]
        return self._closes_at(closers, pos) - opened <= _MAX_QUOTE

    def _read(self, mark: str, at: int) -> None:
        stack = self._stack
        if mark == '"':
            if _opens_quote(self._text, at):
                if len(stack) < _MAX_DEPTH:
                    stack.append(('"', at))
            elif stack and stack[-1][0] == '"':
                stack.pop()  # (with no quotation open, 12" is inches)
        elif stack and mark in stack[-1][0]:
            stack.pop()
        elif mark in _OPENS and len(stack) < _MAX_DEPTH:
            stack.append((_OPENS[mark], at))

    def _closes_at(self, closers: str, pos: int) -> int:
        """Where one of *closers* next occurs at or after *pos* (a large number if never)."""
        found, closes = self._next_close.get(closers, (-1, False))
        if found < pos:
            match = _CLOSING[closers].search(self._text, pos, self._end)
            found = match.start() if match else self._end
            # A straight quote before a word opens the next quotation: this one never closes.
            closes = match is not None and not (closers == '"' and _opens_quote(self._text, found))
            self._next_close[closers] = (found, closes)
        return found if closes else self._end + _MAX_QUOTE + 1


def _opens_quote(text: str, at: int) -> bool:
    """A straight quote at *at* opens a quotation: it follows a space or bracket (or starts the
    text) and a word or mark follows it, not a space or a full stop ("[...] ".)."""
    if at and not (text[at - 1].isspace() or text[at - 1] in "([{"):
        return False
    following = text[at + 1 : at + 2]
    return bool(following) and not following.isspace() and following not in ".,;:!?)]}"


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
