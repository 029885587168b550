"""Build bench/data/similar_dev.json, the development set of "seen before?" matching.

    python bench/make_similar_devset.py [--seed N] [--claims N]

From the real article bodies of shared/benchmarks/articles (see bench/data/README.md):

- published claims: sentences of 10-45 words holding a number or a name, at most two per
  article; every other sentence of every article is indexed beside them as a distractor;
- reworded queries: each claim rewritten by rules a fact-checker's search would meet
  (attribution moved, words replaced by synonyms, an aside dropped, numbers as words);
- hard negatives: the claim with one fact changed, the rest of its words kept: a number,
  a year, a negation added, or the named subject swapped for a name from another article;
- no-match queries: sentences of articles none of whose sentences was indexed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "data" / "similar_dev.json"
sys.path.insert(0, str(ROOT))

from factcheck_gui.core.sentences import split_sentences  # noqa: E402

GROUND_TRUTH = next((folder / "shared" / "benchmarks" / "articles" / "ground-truth.json" for folder in ROOT.parents
                     if (folder / "shared" / "benchmarks").is_dir()),
                    ROOT.parent / "shared" / "benchmarks" / "articles" / "ground-truth.json")

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--claims", type=int, default=120)
    args = parser.parse_args()
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
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"seed": args.seed, "indexed": index, "queries": queries}, ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    kinds: dict[str, int] = {}
    for query in queries:
        kinds[query["kind"]] = kinds.get(query["kind"], 0) + 1
    print(f"{OUT.relative_to(ROOT)}: {len(index)} indexed sentences, {len(claims)} published claims, "
          f"{len(queries)} queries {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
