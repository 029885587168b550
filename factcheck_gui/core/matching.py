"""Is this the same claim? Terms, facts and guards for "seen before?" matching.

Matching is lexical, as research on detecting previously fact-checked claims found
good enough for one language: texts become stemmed terms (Snowball stemmers for the
languages the sentence splitter knows, character pairs for Chinese and Japanese),
candidates are ranked by TF-IDF cosine, and a score above :data:`MATCH_SCORE` makes a
match only when no guard objects. The guards catch the false friends that share
nearly every word: a different number, a different year, a negation on one side
only, or a different named subject ("Biden said ..." against "Trump said ...").

Pure Python; the index that finds candidates is ``store.search_index``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

#: A candidate at or above this score (0..1) is taken to be the same claim, unless a guard objects.
MATCH_SCORE = 0.5

_LANGUAGES = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fa": "persian", "fi": "finnish", "fr": "french",
    "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
    "nl": "dutch", "no": "norwegian", "nb": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}
_STOPWORDS = frozenset(
    """a an the and or but if of in on at to for from by with as is are was were be been being it its this that
    these those he she they we you i his her their our your them him us me my has have had do does did will would
    shall should can could may might must so than then there here who whom whose which what when where why how
    also just only very about into over after before under again further said says say according told tells
    de la le les des du et en un une est sont pour par sur au aux que qui dans der die das und ist nicht ein eine
    den dem zu mit von el los las y del por con para se al lo""".split()
)
_NEGATIONS = frozenset(
    """not no never none nobody nothing neither nor without cannot cant dont doesnt didnt isnt arent wasnt werent
    wont wouldnt shouldnt couldnt hasnt havent hadnt aint nowhere pas jamais aucun aucune ni nicht kein keine keinen
    nie niemals nunca tampoco nada nadie ningún ninguna non mai nessuno nenhum nem não""".split()
)
_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "dozen": "12",
}
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d|2100)$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“‘(]\s*)$")


@lru_cache(maxsize=64)
def _stem_function(language: str) -> Callable[[str], str]:
    """A memoised stemmer for *language*: news text repeats its words, and stemming is pure Python."""
    import snowballstemmer  # on first use: it loads every language's stemmer

    stemmer = snowballstemmer.stemmer(_LANGUAGES.get(language[:2].lower(), "english") if language else "english")
    return lru_cache(maxsize=200_000)(stemmer.stemWord)


def _fold(word: str) -> str:
    """Case and accents folded, apostrophes dropped ("Doesn’t" -> "doesnt")."""
    if word.isascii():
        return word.lower().replace("'", "")
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in word if not unicodedata.combining(c) and c not in "'’")


def _number(word: str) -> str:
    """"1,000" -> "1000", "2.5" -> "2.5"; a decimal comma reads as a point."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", word) or re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", word):
        return re.sub(r"[.,]", "", word)
    return word.replace(",", ".")


def terms(text: str, language: str = "") -> list[str]:
    """The terms of *text* for ranking: folded, stemmed words without stop words; numbers as numbers.

    Chinese and Japanese runs become overlapping character pairs. *language* is an ISO code
    ("en", "fr"...); an unknown or empty one stems as English, which degrades gracefully.
    """
    stem = _stem_function(language)
    found: list[str] = []
    for piece in _CJK.split(text):
        for match in _WORD.finditer(piece):
            word = match.group()
            if word[0].isdigit():
                found.append(_number(word))
                continue
            folded = _fold(word)
            if folded in _NUMBER_WORDS:
                found.append(_NUMBER_WORDS[folded])
            elif folded not in _STOPWORDS or folded in _NEGATIONS:
                found.append(stem(folded))
    for run in _CJK.findall(text):
        found.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    return found


def fact_words(text: str) -> list[str]:
    """The words of *text* as :func:`facts` reads them: folded, numbers as numbers ("1,000" becomes
    "1000", "three" becomes "3"), so two texts can be aligned word by word."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].isdigit():
            found.append(_number(word))
        else:
            folded = _fold(word)
            found.append(_NUMBER_WORDS.get(folded, folded))
    return found


def is_year(value: str) -> bool:
    """True for a number :func:`facts` counts as a year (1500-2100)."""
    return bool(_YEAR.match(value))


@dataclass(frozen=True)
class Facts:
    """What a claim asserts that rewording keeps: its numbers, years, negation and named subjects."""

    numbers: frozenset[str] = field(default_factory=frozenset)
    years: frozenset[str] = field(default_factory=frozenset)
    negations: int = 0
    names: tuple[tuple[str, int], ...] = ()  # name -> how often, sorted


def facts(text: str) -> Facts:
    """The facts of *text* that :func:`guard` compares."""
    numbers: set[str] = set()
    years: set[str] = set()
    names: Counter[str] = Counter()
    negations = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].isdigit():
            value = _number(word)
            (years if _YEAR.match(value) else numbers).add(value)
            continue
        folded = _fold(word)
        if folded in _NUMBER_WORDS:
            numbers.add(_NUMBER_WORDS[folded])
        elif folded in _NEGATIONS or word.lower().endswith(("n't", "n’t")):
            negations += 1
        elif (word.isupper() and len(word) > 1) or (
                word[0].isupper() and folded != "i" and not _SENTENCE_START.search(text, 0, match.start())):
            names[_fold(_POSSESSIVE.sub("", word))] += 1  # "Dunford's" names Dunford
    return Facts(frozenset(numbers), frozenset(years), negations, tuple(sorted(names.items())))


def guard(query: Facts, candidate: Facts) -> str:
    """Why *candidate* is not the same claim as *query* despite the words ("" when nothing objects)."""
    if query.numbers != candidate.numbers:
        return "a different number"  # also a number on one side only: "all sorts of aid" is not "50 sorts"
    if query.years and candidate.years and query.years != candidate.years:
        return "a different year"
    if query.negations != candidate.negations:
        return "a negation on one side only"
    mine, theirs = Counter(dict(query.names)), Counter(dict(candidate.names))
    if mine - theirs and theirs - mine:
        return "a different named subject"  # one name in place of another
    return ""


def cosine(query: Iterable[str], candidate: Iterable[str], idf: Mapping[str, float]) -> float:
    """TF-IDF cosine of two term lists, 0..1 (a term *idf* does not know weighs as a rare one)."""
    rare = max(idf.values(), default=1.0)
    a, b = Counter(query), Counter(candidate)
    dot = sum(count * b[term] * idf.get(term, rare) ** 2 for term, count in a.items() if term in b)
    if not dot:
        return 0.0
    norm_a = math.sqrt(sum((count * idf.get(term, rare)) ** 2 for term, count in a.items()))
    norm_b = math.sqrt(sum((count * idf.get(term, rare)) ** 2 for term, count in b.items()))
    return min(1.0, dot / (norm_a * norm_b))


def idf_weights(document_counts: Mapping[str, int], documents: int) -> dict[str, float]:
    """Smoothed inverse document frequencies from how many of *documents* hold each term."""
    return {term: math.log(1 + (documents - count + 0.5) / (count + 0.5)) for term, count in document_counts.items()}


@dataclass(frozen=True)
class Judgement:
    """How a candidate compares with the query: its score, whether it is a match, and why not."""

    score: float
    match: bool
    reason: str = ""


def judge(query_terms: list[str], query_facts: Facts, candidate_terms: list[str], candidate_facts: Facts,
          idf: Mapping[str, float]) -> Judgement:
    """Score a candidate against the query (terms and facts of each) and decide whether it is the same claim."""
    score = round(cosine(query_terms, candidate_terms, idf), 4)
    reason = guard(query_facts, candidate_facts)
    return Judgement(score, score >= MATCH_SCORE and not reason, reason)


def judge_texts(query: str, candidate: str, idf: Mapping[str, float], language: str = "") -> Judgement:
    """:func:`judge` for two texts."""
    return judge(terms(query, language), facts(query), terms(candidate, language), facts(candidate), idf)


def facts_to_json(found: Facts) -> list:
    """*found* as plain JSON data (the index stores it)."""
    return [sorted(found.numbers), sorted(found.years), found.negations, [list(pair) for pair in found.names]]


def facts_from_json(data: list) -> Facts:
    """The inverse of :func:`facts_to_json`."""
    numbers, years, negations, names = data
    return Facts(frozenset(numbers), frozenset(years), int(negations), tuple((name, int(n)) for name, n in names))
