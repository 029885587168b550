"""Edit benchmark: do claims land where they belong after the article text changed?

    python bench/bench_reanchoring.py [--quick] [--seed N]

Data: the 181 real article bodies of shared/benchmarks/articles (ground-truth.json),
made as follows, reproducibly from --seed:

- claims: in each article, whole sentences (from our splitter) and spans of 3-12 words
  inside sentences, chosen at random;
- edits, one kind at a time, placed in a sentence that holds a claim so that some claims
  are touched: a typo fixed, a number changed, a name changed, a negation added, a
  sentence reworded, a sentence deleted, a paragraph moved, text inserted before,
  hover-card junk removed (the old text had it fused into a sentence), and typography
  only (quote style, dashes, no-break spaces);
- the truth: the new text is built from pieces of the old one, so a claim survives
  exactly when it lies inside one copied piece, and its true new place follows from it.

Three strategies on the same cases:

- ``exact search``: the claim's old words found anywhere in the new text (nearest to the
  old place), else orphaned; the simplest peer;
- ``best fuzzy``: ``core.anchoring.anchor`` (exact, then the best approximate match
  above 0.85), as annotation tools re-attach; a fuzzy hit counts as "placed";
- ``guarded``: ``core.reanchoring`` (a word diff of the two versions).

Printed per edit kind: surviving claims placed ``exact`` at the right place, changed or
deleted claims reported placed anyway (silent misplacement), and for typography-only
edits the new versions made. Then the time to place 1,000 claims after an edit of a
1 MB article (median of 5 runs).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: shared/ beside the repository (a git worktree may sit one folder deeper).
GROUND_TRUTH = next((folder / "shared" / "benchmarks" / "articles" / "ground-truth.json" for folder in ROOT.parents
                     if (folder / "shared" / "benchmarks").is_dir()),
                    ROOT.parent / "shared" / "benchmarks" / "articles" / "ground-truth.json")
sys.path.insert(0, str(ROOT))

from factcheck_gui.core.anchoring import anchor, make_selector  # noqa: E402
from factcheck_gui.core.reanchoring import EXACT, place_claims, same_wording  # noqa: E402
from factcheck_gui.core.sentences import split_sentences  # noqa: E402

KINDS = ["typo fixed", "number changed", "name changed", "negation added", "sentence reworded",
         "sentence deleted", "paragraph moved", "text inserted before", "hover junk removed", "typography only"]
JUNK = "{name}{name} Lynn {name}South Dakota governor doubles down on claims MORE "


@dataclass
class Case:
    kind: str
    old: str
    new: str
    claims: list[tuple[str, int, int]]
    truth: dict[str, tuple[int, int] | None]  # claim id -> true new span, None when changed


def pieces_to_text(old: str, pieces: list[tuple[int, int] | str]) -> tuple[str, list[tuple[int, int, int]], list[tuple[str, int]]]:
    """Build the new text from old slices and new strings.

    Returns it, the copies ``(old_start, old_end, new_start)`` and the new strings ``(text, new_start)``.
    """
    out, copies, inserted, length = [], [], [], 0
    for piece in pieces:
        if isinstance(piece, str):
            inserted.append((piece, length))
            out.append(piece)
            length += len(piece)
        else:
            a, b = piece
            copies.append((a, b, length))
            out.append(old[a:b])
            length += b - a
    return "".join(out), copies, inserted


def truth_for(old: str, claims: list[tuple[str, int, int]], copies: list[tuple[int, int, int]],
              inserted: list[tuple[str, int]]) -> dict[str, tuple[int, int] | None]:
    """Each claim's true new span: inside one copied piece, or its words kept once in new wording; else None."""
    truth: dict[str, tuple[int, int] | None] = {}
    for claim_id, start, end in claims:
        holders = [(a, n) for a, b, n in copies if a <= start and end <= b]
        if len(holders) == 1:
            truth[claim_id] = (holders[0][1] + start - holders[0][0], holders[0][1] + end - holders[0][0])
            continue
        words = old[start:end]
        kept = [(n + text.find(words)) for text, n in inserted if text.count(words) == 1]
        truth[claim_id] = (kept[0], kept[0] + len(words)) if len(kept) == 1 and not holders else None
    return truth


def pick_claims(text: str, rng: random.Random, count: int) -> list[tuple[str, int, int]]:
    sentences = [(s, e) for s, e in split_sentences(text) if e - s > 20]
    claims = []
    for index in range(count):
        s, e = rng.choice(sentences)
        if index % 2:
            words = [m.span() for m in re.finditer(r"\S+", text[s:e])]
            if len(words) > 4:
                size = rng.randint(3, min(12, len(words) - 1))
                first = rng.randint(0, len(words) - size)
                a, b = s + words[first][0], s + words[first + size - 1][1]
                b -= len(text[a:b]) - len(text[a:b].rstrip(".,;:!?\"'”’) \t"))  # trimmed, as marking does
                if b - a > 8:
                    s, e = a, b
        claims.append((f"c{index}", s, e))
    return claims


def make_case(kind: str, text: str, rng: random.Random) -> Case | None:
    claims = pick_claims(text, rng, 12)
    if not claims:
        return None
    _, claim_start, _ = rng.choice(claims)
    # The edit goes into the whole sentence that holds a claim's start.
    s, e = next(((a, b) for a, b in split_sentences(text) if a <= claim_start < b), (claim_start, claim_start + 1))
    sentence = text[s:e]
    old = text
    if kind == "hover junk removed":
        names = [m for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b", text)]
        if not names:
            return None
        name = rng.choice(names)
        junk = JUNK.format(name=name.group())
        old = text[: name.end()] + junk[len(name.group()):] + text[name.end():]
        claims = pick_claims(old, rng, 12)
        # Claims over the junk are what the user marked in the old text; the new text drops it.
        junk_start, junk_end = name.end(), name.end() + len(junk) - len(name.group())
        pieces: list[tuple[int, int] | str] = [(0, junk_start), (junk_end, len(old))]
    elif kind == "typography only":
        new = old.replace("'", "\u2019").replace('"', "\u201d").replace(" - ", " \u2014 ").replace(" -- ", " \u2014\u2014 ")
        new = re.sub(r"(?<=\d) (?=\w)", "\u00a0", new)
        return Case(kind, old, new, claims, {cid: (a, b) for cid, a, b in claims})
    elif kind == "sentence deleted":
        pieces = [(0, s), (e, len(old))]
    elif kind == "text inserted before":
        pieces = ["Editor's picks: read more from our newsroom today.\n", (0, len(old))]
    elif kind == "paragraph moved":
        paragraphs = [m.span() for m in re.finditer(r"[^\n]+", old)]
        if len(paragraphs) < 3:
            return None
        a, b = rng.choice(paragraphs[:-1])
        target = paragraphs[-1][1]
        pieces = [(0, a), (b + 1 if b < len(old) else b, target), "\n", (a, b)] + ([(target, len(old))] if target < len(old) else [])
    else:
        words = list(re.finditer(r"\b\w+\b", sentence))
        if kind == "typo fixed":
            options = [w for w in words if len(w.group()) >= 5 and w.group().isalpha()]
            if not options:
                return None
            w = rng.choice(options)
            fixed = w.group()
            typo = fixed[0] + fixed[2] + fixed[1] + fixed[3:] if fixed[1] != fixed[2] else fixed[:-1]
            # The old text had the typo; the correction restores the word.
            old = text[: s + w.start()] + typo + text[s + w.end():]
            claims = pick_claims(old, rng, 12)
            pieces = [(0, s + w.start()), fixed, (s + w.start() + len(typo), len(old))]
        elif kind == "number changed":
            options = [m for m in re.finditer(r"\d+", sentence)]
            if not options:
                return None
            m = rng.choice(options)
            number = str(int(m.group()) + rng.randint(1, 9))
            pieces = [(0, s + m.start()), number, (s + m.end(), len(old))]
        elif kind == "name changed":
            options = [w for w in words if w.group()[:1].isupper() and w.start() > 0 and len(w.group()) > 2]
            if not options:
                return None
            w = rng.choice(options)
            pieces = [(0, s + w.start()), "Brandt" if w.group() != "Brandt" else "Novak", (s + w.end(), len(old))]
        elif kind == "negation added":
            m = re.search(r"\b(is|was|are|were|will|would|has|have|can|could|should|did|does)\b", sentence)
            if m is None:
                return None
            pieces = [(0, s + m.end()), " not", (s + m.end(), len(old))]
        elif kind == "sentence reworded":
            if len(words) < 6:
                return None
            kept = [w.group() for i, w in enumerate(words) if i % 3 != 1]
            kept[1], kept[2] = kept[2], kept[1]
            pieces = [(0, s), "Reportedly, " + " ".join(kept) + ".", (e, len(old))]
        else:
            raise ValueError(kind)
    new, copies, inserted = pieces_to_text(old, pieces)
    return Case(kind, old, new, claims, truth_for(old, claims, copies, inserted))


# -- strategies: each returns claim id -> (state, start, end) -----------------------------

def guarded(case: Case) -> dict[str, tuple[str, int, int]]:
    return {p.claim_id: (p.state, p.start, p.end) for p in place_claims(case.old, case.new, case.claims)}


def exact_search(case: Case) -> dict[str, tuple[str, int, int]]:
    found = {}
    for claim_id, start, end in case.claims:
        quote = case.old[start:end]
        hits, at = [], case.new.find(quote)
        while at != -1 and len(hits) < 200:
            hits.append(at)
            at = case.new.find(quote, at + 1)
        if hits:
            best = min(hits, key=lambda h: abs(h - start))
            found[claim_id] = (EXACT, best, best + len(quote))
        else:
            found[claim_id] = ("orphaned", -1, -1)
    return found


def best_fuzzy(case: Case) -> dict[str, tuple[str, int, int]]:
    found = {}
    for claim_id, start, end in case.claims:
        hit = anchor(case.new, make_selector(case.old, start, end), start)
        found[claim_id] = (EXACT, hit.start, hit.end) if hit else ("orphaned", -1, -1)
    return found


STRATEGIES: dict[str, Callable[[Case], dict[str, tuple[str, int, int]]]] = {
    "exact search": exact_search, "best fuzzy": best_fuzzy, "guarded": guarded}


def score(cases: list[Case]) -> None:
    print(f"{'edit kind':22} {'cases':>5} {'surv.':>6} {'chg.':>5}   " +
          "   ".join(f"{name:>20}" for name in STRATEGIES))
    print(f"{'':22} {'':>5} {'':>6} {'':>5}   " + "   ".join(f"{'right% / misplaced%':>20}" for _ in STRATEGIES))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_kind: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_kind[case.kind].append(case)
    for kind in KINDS:
        group = by_kind.get(kind, [])
        survivors = sum(1 for c in group for v in c.truth.values() if v is not None)
        changed = sum(1 for c in group for v in c.truth.values() if v is None)
        cells = []
        for name, strategy in STRATEGIES.items():
            right = misplaced = 0
            for case in group:
                result = strategy(case)
                for claim_id, true_span in case.truth.items():
                    state, start, end = result[claim_id]
                    if true_span is not None:
                        right += state == EXACT and (start, end) == true_span
                    else:
                        misplaced += state == EXACT
            t = totals[name]
            t[0] += right
            t[1] += survivors
            t[2] += misplaced
            t[3] += changed
            cells.append(f"{_pct(right, survivors):>9} / {_pct(misplaced, changed):>8}")
        print(f"{kind:22} {len(group):>5} {survivors:>6} {changed:>5}   " + "   ".join(f"{c:>20}" for c in cells))
    print(f"{'all kinds':22} {len(cases):>5} {'':>6} {'':>5}   " +
          "   ".join(f"{_pct(t[0], t[1]):>9} / {_pct(t[2], t[3]):>8}" for t in totals.values()))
    typography = by_kind.get("typography only", [])
    versions = sum(not same_wording(c.old, c.new) for c in typography)
    print(f"typography-only edits: {versions} new versions of {len(typography)} (guarded; "
          f"a text or hash comparison makes {sum(c.old != c.new for c in typography)})")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def timing(texts: list[str], runs: int) -> None:
    # Real paragraphs, repeated with a number so that no paragraph occurs twice.
    parts, size, copy = [], 0, 0
    while size < 1_000_000:
        for text in texts:
            part = "\n".join(f"{paragraph} ({copy})" for paragraph in text.split("\n") if paragraph.strip()) + "\n"
            parts.append(part)
            size += len(part)
            if size >= 1_000_000:
                break
        copy += 1
    big = "".join(parts)
    rng = random.Random(7)
    claims = pick_claims(big, rng, 1000)
    # The edit: a number changed, a paragraph deleted and one inserted, spread over the text.
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", big)]
    a, b = paragraphs[len(paragraphs) // 3]
    c = paragraphs[2 * len(paragraphs) // 3][0]
    new = big[:a] + big[b:c] + "A new paragraph was added here by the editors.\n" + big[c:]
    new = re.sub(r"\b1\b", "2", new, count=3)
    case = Case("timing", big, new, claims, {})
    print(f"\nplace 1,000 claims after an edit of a {len(big) / 1e6:.2f} MB article (median of {runs}):")
    for name, strategy in STRATEGIES.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            strategy(case)
            times.append(time.perf_counter() - started)
        print(f"  {name:14} {statistics.median(times) * 1000:8.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="60 articles, 3 timing runs")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not GROUND_TRUTH.is_file():
        print(f"skipped: {GROUND_TRUTH} is not there (shared/ beside the repository)")
        return 0
    texts = [entry["articleBody"] for entry in json.loads(GROUND_TRUTH.read_text(encoding="utf-8")).values()]
    texts = [t for t in texts if len(t) > 400]
    rng = random.Random(args.seed)
    chosen = texts[:60] if args.quick else texts
    cases = []
    for text in chosen:
        for kind in KINDS:
            case = make_case(kind, text, rng)
            if case is not None:
                cases.append(case)
    print(f"{len(cases)} edited articles from {len(chosen)} real article bodies, 12 claims each (seed {args.seed})\n")
    score(cases)
    timing(texts, 3 if args.quick else 5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
