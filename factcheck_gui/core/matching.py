"""Is this the same claim? Terms, facts and guards for "seen before?" matching.

Matching is lexical, as research on detecting previously fact-checked claims found
good enough for one language: texts become stemmed terms (Snowball stemmers for the
languages the sentence splitter knows, character pairs for Chinese and Japanese),
candidates are scored by TF-IDF cosine or, when one text restates the other in fewer
words (a ClaimReview's ``claimReviewed`` against the sentence it checks), by how much of
the shorter text's weight the longer one holds (:func:`containment`); a score above
:data:`MATCH_SCORE` makes a match only when no guard objects. The guards catch the false
friends that share nearly every word: a different number, a different year, a negation
on one side only (or words one side negates that the other affirms), or a different
named subject ("Biden said ..." against "Trump said ..."). Against a shorter restatement
the guards ask for agreement on what the shorter text says: its numbers and years must
be among the longer text's, and a negation counts where it negates words both say.

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
#: Containment counts this much against cosine: a shorter text must hold 0.5 / 0.9 = 56 % of its weight in common.
CONTAINMENT_WEIGHT = 0.9
#: ...and only when the shorter text has at least this many different terms (a few common words prove
#: nothing) and the cosine of the two texts' term counts is at least MIN_COSINE.
CONTAINMENT_TERMS = 6
MIN_COSINE = 0.4
#: One text restates the other in fewer words when it has at most this share of the other's terms.
SHORTER = 0.75
#: A negation reaches over at most this many terms, and not past a clause's end.
NEGATION_SCOPE = 6

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
_CLAUSE_END = re.compile(r"[,.;:!?()\[\]\"“”—–]|\s-\s")
_TO = re.compile(r"\s+to\b", re.IGNORECASE)
_CLAUSE_WORDS = frozenset("but while whereas although though because yet however".split())


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


def _term(word: str, stem: Callable[[str], str]) -> str:
    """The term of one word of :data:`_WORD` ("" for a stop word)."""
    if word[0].isdigit():
        return _number(word)
    folded = _fold(word)
    if folded in _NUMBER_WORDS:
        return _NUMBER_WORDS[folded]
    if folded not in _STOPWORDS or folded in _NEGATIONS:
        return stem(folded)
    return ""


def terms(text: str, language: str = "") -> list[str]:
    """The terms of *text* for ranking: folded, stemmed words without stop words; numbers as numbers.

    Chinese and Japanese runs become overlapping character pairs. *language* is an ISO code
    ("en", "fr"...); an unknown or empty one stems as English, which degrades gracefully.
    """
    stem = _stem_function(language)
    found: list[str] = []
    for piece in _CJK.split(text):
        for match in _WORD.finditer(piece):
            term = _term(match.group(), stem)
            if term:
                found.append(term)
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


def _title_case(text: str) -> bool:
    """A headline in title case ("Senate Approves Trump's 200th Judge"): its capitals mark no names."""
    words = [w for w in _WORD.findall(text)[1:] if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


@dataclass(frozen=True)
class Facts:
    """What a claim asserts that rewording keeps: its numbers, years, negation and named subjects.

    ``scopes`` are the terms each negation reaches (up to :data:`NEGATION_SCOPE` terms, not past a
    clause's end: "did not ask Russia, he said" negates ask and russia), ``said`` every term of
    the text, ``size`` how many terms it has.
    """

    numbers: frozenset[str] = field(default_factory=frozenset)
    years: frozenset[str] = field(default_factory=frozenset)
    negations: int = 0
    names: tuple[tuple[str, int], ...] = ()  # name -> how often, sorted
    scopes: tuple[frozenset[str], ...] = ()
    said: frozenset[str] = field(default_factory=frozenset)
    size: int = 0
    title_case: bool = False  # a headline's capitals ("Senate Approves Trump's Judge") mark no names
    initials: frozenset[str] = field(default_factory=frozenset)  # terms of capitalised words starting a sentence


def facts(text: str, language: str = "") -> Facts:
    """The facts of *text* that :func:`guard` compares."""
    stem = _stem_function(language)
    numbers: set[str] = set()
    years: set[str] = set()
    names: Counter[str] = Counter()
    scopes: list[set[str]] = []
    said: set[str] = set()
    initials: set[str] = set()
    negations = size = 0
    reach = 0  # terms the last negation still reaches
    previous_end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if reach and _CLAUSE_END.search(text, previous_end, match.start()):
            reach = 0
        previous_end = match.end()
        digits = word[0].isdigit()
        folded = "" if digits else _fold(word)
        if folded in _NEGATIONS or (not digits and word.lower().endswith(("n't", "n’t"))) or (
                folded == "yet" and _TO.match(text, match.end())):  # "has yet to pay"
            negations += 1
            reach = NEGATION_SCOPE
            scopes.append(set())
            size += 1
            continue
        if folded in _CLAUSE_WORDS:
            reach = 0
        if digits:
            term = _number(word)
        elif folded in _NUMBER_WORDS:
            term = _NUMBER_WORDS[folded]
        else:
            term = stem(folded) if folded not in _STOPWORDS else ""
        if term:
            size += 1
            said.add(term)
            if reach:
                scopes[-1].add(term)
                reach -= 1
        if digits:
            (years if _YEAR.match(term) else numbers).add(term)
        elif folded in _NUMBER_WORDS:
            numbers.add(term)
        elif (word.isupper() and len(word) > 1) or (word[0].isupper() and folded != "i"):
            if not word.isupper() and _SENTENCE_START.search(text, 0, match.start()):
                if term == folded:  # "Biden said ...": maybe a name (the stemmer leaves names alone, not "Losing")
                    initials.add(term)
            else:
                names[_fold(_POSSESSIVE.sub("", word))] += 1  # "Dunford's" names Dunford
    return Facts(frozenset(numbers), frozenset(years), negations, tuple(sorted(names.items())),
                 tuple(frozenset(scope) for scope in scopes if scope), frozenset(said), size, _title_case(text),
                 frozenset(initials))


def _contradiction(one: Facts, other: Facts) -> bool:
    """Does *one* negate words that *other* says without negating them?

    A negation of *one* whose words *other* also says is matched by a negation of *other* that
    reaches at least half of those words (scopes are cut at a number of terms, so their ends differ).
    """
    for scope in one.scopes:
        shared = scope & other.said
        if shared and 2 * max((len(scope & theirs) for theirs in other.scopes), default=0) < len(shared):
            return True
    return False


def guard(query: Facts, candidate: Facts) -> str:
    """Why *candidate* is not the same claim as *query* despite the words ("" when nothing objects).

    When one text is a shorter restatement of the other (at most :data:`SHORTER` of its terms),
    what the shorter one says must agree with the longer one, which may say more: its numbers
    and years must be among the longer's, and a negation objects only where it negates words
    the other text says without negating them. Otherwise both must also hold the same numbers
    and as many negations.
    """
    shorter, longer = sorted((query, candidate), key=lambda found: found.size)
    restated = shorter.size <= SHORTER * longer.size
    if restated:
        if shorter.size < CONTAINMENT_TERMS:
            return "too few words to restate it"  # "Then there are those retro features."
        if not shorter.numbers <= longer.numbers:
            return "a different number"
        if longer.numbers and not shorter.numbers | shorter.years:
            return "a number on one side only"  # a restatement states some of the figures it agrees with
        if shorter.years and not shorter.years <= longer.years:
            return "a different year"
    else:
        if query.numbers != candidate.numbers:
            return "a different number"  # also a number on one side only: "all sorts of aid" is not "50 sorts"
        if query.years and candidate.years and query.years != candidate.years:
            return "a different year"
        if query.negations != candidate.negations:
            return "a negation on one side only"
    if _contradiction(query, candidate) or _contradiction(candidate, query):
        return "a negation on one side only"
    if query.title_case != candidate.title_case:
        # A headline in title case capitalises every word: its "names" are its words. The sentence's
        # names must be among them, unless the headline restates the sentence in fewer words.
        sentence, headline = (candidate, query) if query.title_case else (query, candidate)
        if restated and headline is shorter:
            return ""
        if {name for name, _ in sentence.names} - {name for name, _ in headline.names} or (
                not restated and sentence.initials - headline.said):
            return "a different named subject"
        return ""
    mine, theirs = Counter(dict(query.names)), Counter(dict(candidate.names))
    if mine - theirs and theirs - mine:
        return "a different named subject"  # one name in place of another
    # Between texts of like length, a capitalised word starting a sentence counts as a name where the
    # other text does not say it: "Biden said X" is not "Trump said X", while "Officials said X" and
    # "X, officials said" agree. (A short restatement starts with any word: "Losing face: ...".)
    if not restated and (mine - theirs or query.initials - candidate.said) and (
            theirs - mine or candidate.initials - query.said):
        return "a different named subject"
    return ""


def _scores(query: Iterable[str], candidate: Iterable[str], idf: Mapping[str, float]) -> tuple[float, float, float]:
    """(TF-IDF cosine, cosine of plain term counts, containment) of two term lists, each 0..1, in one pass.

    A term *idf* does not know weighs as a rare one. Containment is the share of the shorter
    text's IDF weight that the other holds; 0 when the shorter has fewer than
    :data:`CONTAINMENT_TERMS` different terms.
    """
    a, b = Counter(query), Counter(candidate)
    shared = [term for term in a if term in b]
    if not shared:
        return 0.0, 0.0, 0.0
    rare = max(idf.values(), default=1.0)
    weight = {term: idf.get(term, rare) for term in a.keys() | b.keys()}
    dot = sum(a[term] * b[term] * weight[term] ** 2 for term in shared)
    norm_a = math.sqrt(sum((count * weight[term]) ** 2 for term, count in a.items()))
    norm_b = math.sqrt(sum((count * weight[term]) ** 2 for term, count in b.items()))
    plain = sum(a[term] * b[term] for term in shared) / math.sqrt(
        sum(n * n for n in a.values()) * sum(n * n for n in b.values()))
    contained = 0.0
    if min(len(a), len(b)) >= CONTAINMENT_TERMS:
        held = sum(min(a[term], b[term]) * weight[term] for term in shared)
        contained = held / min(sum(count * weight[term] for term, count in a.items()),
                               sum(count * weight[term] for term, count in b.items()))
    return min(1.0, dot / (norm_a * norm_b)), min(1.0, plain), min(1.0, contained)


def cosine(query: Iterable[str], candidate: Iterable[str], idf: Mapping[str, float]) -> float:
    """TF-IDF cosine of two term lists, 0..1 (a term *idf* does not know weighs as a rare one)."""
    return _scores(query, candidate, idf)[0]


def containment(query: Iterable[str], candidate: Iterable[str], idf: Mapping[str, float]) -> float:
    """How much of the shorter text's IDF weight the other holds, 0..1; 0 when the shorter text has
    fewer than :data:`CONTAINMENT_TERMS` different terms."""
    return _scores(query, candidate, idf)[2]


def similarity(query: Iterable[str], candidate: Iterable[str], idf: Mapping[str, float]) -> float:
    """The score of a candidate, 0..1: TF-IDF cosine, or its :func:`containment` weighed by
    :data:`CONTAINMENT_WEIGHT` when that is higher (a short restatement of a longer claim) and
    the texts' cosine of plain term counts is at least :data:`MIN_COSINE`."""
    score, plain, contained = _scores(query, candidate, idf)
    return max(score, CONTAINMENT_WEIGHT * contained) if plain >= MIN_COSINE else score


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
    score = round(similarity(query_terms, candidate_terms, idf), 4)
    reason = guard(query_facts, candidate_facts)
    return Judgement(score, score >= MATCH_SCORE and not reason, reason)


def judge_texts(query: str, candidate: str, idf: Mapping[str, float], language: str = "") -> Judgement:
    """:func:`judge` for two texts."""
    return judge(terms(query, language), facts(query, language), terms(candidate, language), facts(candidate, language), idf)


def facts_to_json(found: Facts) -> list:
    """*found* as plain JSON data (the index stores it)."""
    return [sorted(found.numbers), sorted(found.years), found.negations, [list(pair) for pair in found.names],
            [sorted(scope) for scope in found.scopes], sorted(found.said), found.size, found.title_case,
            sorted(found.initials)]


def facts_from_json(data: list) -> Facts:
    """The inverse of :func:`facts_to_json`."""
    numbers, years, negations, names, scopes, said, size, title_case, initials = data
    return Facts(frozenset(numbers), frozenset(years), int(negations), tuple((name, int(n)) for name, n in names),
                 tuple(frozenset(scope) for scope in scopes), frozenset(said), int(size), bool(title_case),
                 frozenset(initials))
