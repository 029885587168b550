"""Build bench/data/similar_dev.json, the development set of "seen before?" matching.

    python bench/make_similar_devset.py [--seed N] [--claims N]

From the real article bodies of shared/benchmarks/articles (see bench/data/README.md):

- published claims: sentences of 10-45 words holding a number or a name, at most two per
  article; every other sentence of every article is indexed beside them as a distractor;
- reworded queries: each claim rewritten by rules a fact-checker's search would meet
  (attribution moved, words replaced by synonyms, an aside dropped, numbers as words);
- hard negatives: the claim with one fact changed, the rest of its words kept: a number,
  a year, a negation added, or the named subject swapped for a name from another article;
- no-match queries: sentences of articles none of whose sentences was indexed;
- short paraphrases: from the English pages of shared/benchmarks/metadata (other pages than
  the above), a headline or description is indexed as an earlier review (ClaimReview's
  ``claimReviewed`` is such a short restatement) and the body sentence it restates is the
  query; only the pairs read and kept by hand (bench/data/short_pairs_checked.json) are
  used, each with its hard negatives (a number changed, a negation added).

    python bench/make_similar_devset.py --propose-short   # print the pairs to read by hand
    python bench/make_similar_devset.py --short-only      # add them to the committed set, keeping the rest

The sentence splitter has changed since the committed set was made, so a full run no longer
gives the same sentences; ``--short-only`` leaves the rest of the set as it is.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "data" / "similar_dev.json"
sys.path.insert(0, str(ROOT))

from factcheck_gui.core.sentences import split_sentences  # noqa: E402

BENCHMARKS = next((folder / "shared" / "benchmarks" for folder in ROOT.parents
                   if (folder / "shared" / "benchmarks").is_dir()), ROOT.parent / "shared" / "benchmarks")
GROUND_TRUTH = BENCHMARKS / "articles" / "ground-truth.json"
PAGES = BENCHMARKS / "metadata"
CHECKED = ROOT / "bench" / "data" / "short_pairs_checked.json"

SYNONYMS = {
    "said": "stated", "says": "states", "increase": "rise", "increased": "rose", "people": "individuals",
    "government": "administration", "about": "around", "more than": "over", "because": "as", "buy": "purchase",
    "big": "large", "show": "indicate", "showed": "indicated", "help": "assist", "start": "begin", "started": "began",
    "children": "kids", "company": "firm", "companies": "firms", "announced": "revealed", "plans": "intends",
    "country": "nation", "percent": "per cent", "million": "mn", "also": "additionally", "many": "numerous",
    "new": "fresh", "major": "significant", "officials": "authorities", "reported": "disclosed", "week": "seven days",
}
NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine",
                "10": "ten"}
NEGATABLE = re.compile(r"\b(is|was|are|were|will|would|has|have|can|could|should|did|does|do)\b")
NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b")


def reword(sentence: str, rng: random.Random) -> str:
    """The same claim in other words."""
    text = sentence.rstrip(".")
    attribution = re.search(r",? (?:he|she|they|[A-Z][\w.]*(?: [A-Z][\w.]*)*) (?:said|says|told \w+)$", text)
    if attribution:
        speaker = attribution.group().strip(", ").rsplit(" ", 1)[0]
        text = f"According to {speaker}, " + text[: attribution.start()]
    for word, other in rng.sample(sorted(SYNONYMS.items()), len(SYNONYMS)):
        text = re.sub(rf"\b{re.escape(word)}\b", other, text, count=1)
    text = re.sub(r"\b(\d)\b", lambda m: NUMBER_WORDS.get(m.group(), m.group()), text, count=1)
    asides = list(re.finditer(r", (?:which|who|where|while)[^,]+,", text))
    if asides:
        text = text[: asides[0].start()] + text[asides[0].end() - 1 :]
    text = re.sub(r"\b\w+ly\b ?", "", text, count=1)
    return text.strip() + "."


def negatives(sentence: str, names: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """The claim with one fact changed: (kind, query)."""
    found = []
    numbers = [m for m in re.finditer(r"\b\d[\d,.]*\b", sentence) if not re.fullmatch(r"(19|20)\d\d", m.group())]
    if numbers:
        m = rng.choice(numbers)
        digits = m.group().rstrip(".,")
        changed = str(int(re.sub(r"\D", "", digits) or 0) + rng.randint(2, 9))
        found.append(("number", sentence[: m.start()] + changed + sentence[m.start() + len(digits) :]))
    years = list(re.finditer(r"\b(19|20)\d\d\b", sentence))
    if years:
        m = rng.choice(years)
        found.append(("year", sentence[: m.start()] + str(int(m.group()) - rng.randint(1, 6)) + sentence[m.end() :]))
    m = NEGATABLE.search(sentence)
    if m:
        found.append(("negation", sentence[: m.end()] + " not" + sentence[m.end() :]))
    subjects = list(NAME.finditer(sentence))
    if subjects and names:
        m = rng.choice(subjects)
        other = rng.choice([n for n in names if n != m.group()])
        found.append(("subject", sentence[: m.start()] + other + sentence[m.end() :]))
    return found


STOP = frozenset("a an the and or but of in on at to for from by with as is are was were be been it its this that has "
                 "have had will would he she they we you i his her their our said says".split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if w not in STOP}


def _headline(title: str) -> str:
    """A page title without its site name: "Woman hurt - Boston News | Weather" -> "Woman hurt"."""
    title = html.unescape(title).split(" | ")[0]
    return title.rsplit(" - ", 1)[0].strip() if " - " in title else title.strip()


def propose_short_pairs() -> list[dict[str, str]]:
    """(short, sentence) pairs from the English pages of the metadata benchmark, to be read by hand.

    For the page's headline and its description (4-25 words), the body sentence (8-60 words,
    trafilatura's text) sharing the most words with it; kept when they share 3 or more, the
    sentence is at least 1.4 times as long, and the short text is not a cut of the sentence.
    """
    import lxml.html  # an app dependency, as trafilatura is
    import trafilatura

    pairs = []
    for entry in json.loads((PAGES / "expected_dates.json").read_text(encoding="utf-8")):
        try:
            page = gzip.open(PAGES / entry["file"]).read().decode("utf-8")
            doc = lxml.html.fromstring(page)
        except (UnicodeDecodeError, ValueError):
            continue
        if not (doc.get("lang") or "").lower().startswith("en"):
            continue

        def meta(*names: str, doc=doc) -> str:
            for name in names:
                for content in doc.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
                    if content.strip():
                        return html.unescape(content.strip())
            return ""

        body = trafilatura.extract(page, include_comments=False) or ""
        sentences = [body[s:e].strip() for s, e in split_sentences(body)]
        title = _headline(meta("og:title", "twitter:title") or doc.findtext(".//title") or "")
        for kind, short in (("title", title), ("description", meta("og:description", "description", "twitter:description"))):
            if not 4 <= len(short.split()) <= 25 or len(_words(short)) < 3:
                continue
            shared, sentence = max(((len(_words(short) & _words(s)), s) for s in sentences if 8 <= len(s.split()) <= 60),
                                   default=(0, ""))
            if shared >= 3 and len(sentence.split()) >= 1.4 * len(short.split()) and short.rstrip(".…") not in sentence:
                pairs.append({"url": entry["url"], "kind": kind, "short": short, "sentence": sentence})
    return pairs


def _shares(words: str, short: str) -> bool:
    """Does one of *words* (a few) appear in *short* (the first five letters compared: "confirmed", "confirm")?"""
    mine = {w[:5] for w in _words(short)}
    return any(w[:5] in mine for w in _words(words))


def short_negatives(sentence: str, short: str, rng: random.Random) -> list[tuple[str, str]]:
    """Hard negatives of a short restatement: the sentence with a fact *the short text states* changed.

    A number is changed only if the short text has it too, and "not" is added only where one of
    the three words after it is a word of the short text: a negation of a clause the short text
    leaves out is not a negative of it ("... warning against reopenings that could not lead to
    new cases" still says what "Senators warn against premature reopenings" says).
    """
    found = []
    numbers = [m for m in re.finditer(r"\b\d[\d,.]*\b", sentence)
               if not re.fullmatch(r"(19|20)\d\d", m.group()) and re.search(rf"\b{re.escape(m.group().rstrip('.,'))}\b", short)]
    if numbers:
        m = rng.choice(numbers)
        digits = m.group().rstrip(".,")
        changed = str(int(re.sub(r"\D", "", digits) or 0) + rng.randint(2, 9))
        found.append(("number", sentence[: m.start()] + changed + sentence[m.start() + len(digits) :]))
    for m in NEGATABLE.finditer(sentence):
        after = " ".join(sentence[m.end() :].split()[:3])
        if after.split()[:1] == ["not"] or not _shares(after, short):
            continue
        found.append(("negation", sentence[: m.end()] + " not" + sentence[m.end() :]))
        break
    return found


def short_paraphrases(index: list[str], rng: random.Random) -> list[dict]:
    """The hand-checked short pairs: each short text appended to *index*, its sentence a query, and negatives.

    When a page's headline and description restate the same sentence, the headline is kept. A
    match on the other short text of the same page is not judged (``also``): it is often the
    same claim again.
    """
    kept = {tuple(pair) for pair in json.loads(CHECKED.read_text(encoding="utf-8"))["kept"]}
    pairs = [pair for pair in propose_short_pairs() if (pair["url"], pair["kind"]) in kept]
    if len(pairs) != len(kept):
        print(f"warning: {len(kept) - len(pairs)} of the {len(kept)} checked short pairs were not proposed again")
    seen: set[tuple[str, str]] = set()
    pairs = [pair for pair in pairs if (pair["url"], pair["sentence"]) not in seen and not seen.add((pair["url"], pair["sentence"]))]
    first = len(index)
    index.extend(pair["short"] for pair in pairs)
    queries = []
    for i, pair in enumerate(pairs):
        position = first + i
        also = [first + j for j, other in enumerate(pairs) if other["url"] == pair["url"] and j != i]
        queries.append({"kind": "short", "query": pair["sentence"], "answer": position, "also": also})
        queries.extend({"kind": f"short {kind}", "query": query, "answer": None, "original": position, "also": also}
                       for kind, query in short_negatives(pair["sentence"], pair["short"], rng))
    return queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--claims", type=int, default=120)
    parser.add_argument("--propose-short", action="store_true", help="print the short pairs to read by hand, and stop")
    parser.add_argument("--short-only", action="store_true", help="replace only the short pairs of the committed set")
    args = parser.parse_args()
    if args.propose_short:
        for i, pair in enumerate(propose_short_pairs()):
            print(f"[{i}] {pair['kind']} {pair['url']}\n  short:    {pair['short']}\n  sentence: {pair['sentence']}")
        return 0
    if args.short_only:
        data = json.loads(OUT.read_text(encoding="utf-8"))
        index = data["indexed"][: data.get("short_from", len(data["indexed"]))]
        queries = [query for query in data["queries"] if not query["kind"].startswith("short")]
        data["short_from"] = len(index)
        data["queries"] = queries + short_paraphrases(index, random.Random(args.seed + 1))
        data["indexed"] = index
        return _write(data)
    rng = random.Random(args.seed)
    bodies = [entry["articleBody"] for entry in json.loads(GROUND_TRUTH.read_text(encoding="utf-8")).values()]
    articles = [[body[s:e].strip() for s, e in split_sentences(body)] for body in bodies]
    order = list(range(len(articles)))
    rng.shuffle(order)
    held_out = set(order[:40])  # their sentences are never indexed: no-match queries come from them
    names = sorted({m.group() for i in order[40:] for s in articles[i] for m in NAME.finditer(s)})
    index: list[str] = []
    claims: list[int] = []
    for i in order[40:]:
        candidates = [s for s in articles[i] if 10 <= len(s.split()) <= 45 and (re.search(r"\d", s) or NAME.search(s))]
        chosen = set(rng.sample(candidates, min(2, len(candidates))))
        for sentence in articles[i]:
            if len(sentence.split()) < 4:
                continue
            if sentence in chosen and len(claims) < args.claims:
                claims.append(len(index))
            index.append(sentence)
    queries = []
    for position in claims:
        sentence = index[position]
        queries.append({"kind": "reworded", "query": reword(sentence, rng), "answer": position})
        queries.extend({"kind": kind, "query": query, "answer": None, "original": position}
                       for kind, query in negatives(sentence, names, rng))
    no_match = [s for i in sorted(held_out) for s in articles[i] if 10 <= len(s.split()) <= 45]
    queries.extend({"kind": "no match", "query": s, "answer": None} for s in rng.sample(no_match, 60))
    short_from = len(index)
    queries.extend(short_paraphrases(index, random.Random(args.seed + 1)))  # after the rest: it stays as it was
    return _write({"seed": args.seed, "short_from": short_from, "indexed": index, "queries": queries})


def _write(data: dict) -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    kinds: dict[str, int] = {}
    for query in data["queries"]:
        kinds[query["kind"]] = kinds.get(query["kind"], 0) + 1
    print(f"{OUT.relative_to(ROOT)}: {len(data['indexed'])} indexed texts ({data['short_from']} sentences, then short "
          f"texts), {len(data['queries'])} queries {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
