"""Three clones of one library edit at random through core.editing and sync in random order.

Used by tests/test_sync_simulation.py (a few dozen rounds) and bench/bench_sync.py (1,000).
Every edit is recorded with the vector clock of its clone (what that clone had seen), so
the end state can be checked: an edit may be replaced only by an edit that saw it, or by
the choice made when a conflict between the two was reported; every same-field clash must
have been reported.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

from factcheck_gui import sync
from factcheck_gui.core import editing
from factcheck_gui.core.authors import use_author
from factcheck_gui.core.jsonfile import dumps_article_utf8
from factcheck_gui.core.model import ArticleMeta, Source
from factcheck_gui.store.library import Library

TEXT = ("Officials said the aid would stop. The ministry denied it on Monday. Militias agreed to talks. "
        "The prime minister asked for help. Russia offered jets. The embassy declined to comment.")
CORRECTIONS = [("Monday", "Tuesday"), ("jets", "planes"), ("talks", "negotiations")]
VERDICTS = ["true", "false", "misleading", None]
STATUSES = ["draft", "in-review", "approved"]
DELETED = object()  # the claim was deleted: its fields were replaced by nothing


@contextlib.contextmanager
def ticking_clock() -> Iterator[None]:
    """Every edit a second after the one before: the simulation edits faster than the file's
    second-precision times, and an edit must change the claim as it does for people."""
    start = datetime(2026, 12, 4, tzinfo=timezone.utc)
    ticks = itertools.count(1)

    def now() -> str:
        return (start + timedelta(seconds=next(ticks))).isoformat().replace("+00:00", "Z")

    with mock.patch("factcheck_gui.core.model.utc_now", now), mock.patch("factcheck_gui.core.editing.utc_now", now):
        yield


@dataclass
class Edit:
    value: Any
    clock: tuple[int, ...]
    who: int = -1
    decision: bool = False  # a conflict settled: the value of one side chosen


@dataclass
class Simulation:
    root: Path
    rng: random.Random
    clones: list[Path] = field(default_factory=list)
    clocks: list[list[int]] = field(default_factory=list)
    remote_clock: list[int] = field(default_factory=lambda: [0, 0, 0])
    edits: dict[tuple, list[Edit]] = field(default_factory=dict)
    synced: list[dict[tuple, Any]] = field(default_factory=list)  # each clone's values at its last sync
    last_sync_clock: list[list[int]] = field(default_factory=lambda: [[0, 0, 0] for _ in range(3)])
    conflicts_reported: int = 0
    edits_made: int = 0
    syncs: int = 0
    counter: int = 0

    # -- setting up ------------------------------------------------------------------------

    def start(self) -> None:
        bare = self.root / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
        first = self.root / "clone0"
        library = Library(first)
        for n in range(2):
            article = editing.new_article(TEXT, ArticleMeta(title=f"Article {n}"))
            library.add(article)
        sync.init(first, str(bare), "Clone 0", "c0@example.org")
        self.clones = [first]
        for n in (1, 2):
            folder = self.root / f"clone{n}"
            folder.mkdir()
            sync.clone(folder, str(bare))
            self.clones.append(folder)
        self.clocks = [[0, 0, 0] for _ in self.clones]
        self.synced = [self.values(who) for who in range(len(self.clones))]

    # -- edits -----------------------------------------------------------------------------

    def _record(self, who: int, key: tuple, value: Any, *, decision: bool = False) -> None:
        edits = self.edits.setdefault(key, [])
        if not decision and key[2] != "exists" and value is not DELETED and self.synced[who].get(key) == value:
            # Back to what the clone had at its last sync: to a three-way merge that is no edit
            # (the merge base holds it), so the edits since then are taken back.
            since = self.last_sync_clock[who][who]
            edits[:] = [e for e in edits if not (e.who == who and e.clock[who] > since)]
            return
        edits.append(Edit(value, tuple(self.clocks[who]), who, decision))

    def values(self, who: int) -> dict[tuple, Any]:
        """Every simulated field of clone *who* as its files hold it now."""
        state: dict[tuple, Any] = {}
        library = Library(self.clones[who])
        for article_id in library.article_ids():
            article = library.open(article_id).article
            state[(article_id, "", "text")] = article.text
            for claim in article.claims:
                key = (article_id, claim.id)
                state[(*key, "verdict")] = claim.verdict
                state[(*key, "status")] = claim.status.value
                state[(*key, "rationale")] = claim.rationale
                for evidence in claim.evidence:
                    state[(*key, "pin", evidence.source_id)] = evidence.stance.value
        return state

    def edit(self, who: int) -> None:
        """One random edit in clone *who*, through core.editing."""
        use_author(f"Clone {who}", f"c{who}@example.org")
        library = Library(self.clones[who])
        article_id = self.rng.choice(library.article_ids())
        self.clocks[who][who] += 1
        self.counter += 1
        with library.edit(article_id) as handle:
            article = handle.article
            claims = list(article.claims)
            roll = self.rng.random()
            if not claims or roll < 0.12:
                start, end = self.rng.choice(article.sentences)
                claim = editing.add_claim(article, start, end)
                self._record(who, (article_id, claim.id, "exists"), True)
                self.edits_made += 1
                return
            if roll > 0.96:  # a correction of the text: a new version, every claim placed on it
                old, new = self.rng.choice(CORRECTIONS)
                if old not in article.text:
                    old, new = new, old
                editing.replace_text(article, article.text.replace(old, new, 1), "correction")
                self._record(who, (article_id, "", "text"), article.text)
                self.edits_made += 1
                return
            claim = self.rng.choice(claims)
            key = (article_id, claim.id)
            if roll < 0.17:
                editing.remove_claim(article, claim.id)
                self._record(who, (*key, "exists"), False)
                for name in ("verdict", "status", "rationale"):
                    self._record(who, (*key, name), DELETED)
                for source in article.sources:
                    self._record(who, (*key, "pin", source.id), DELETED)
            elif roll < 0.40:
                verdict = self.rng.choice(VERDICTS)
                editing.set_verdict(article, claim.id, verdict)
                self._record(who, (*key, "verdict"), verdict)
            elif roll < 0.55:
                status = self.rng.choice(STATUSES)
                editing.set_claim_status(article, claim.id, status)
                self._record(who, (*key, "status"), status)
            elif roll < 0.70:
                rationale = f"reason {self.counter} from clone {who}"
                editing.set_claim_fields(article, claim.id, rationale=rationale)
                self._record(who, (*key, "rationale"), rationale)
            elif roll < 0.88 or not claim.evidence:
                url = f"https://example.org/{self.rng.randrange(4)}"
                source = article.source_by_url(url) or Source(url=url, title=url)
                stance = self.rng.choice(["supports", "refutes", "context"])
                pinned = editing.store_and_pin(article, claim.id, source, stance)
                self._record(who, (*key, "pin", pinned.source.id), stance)
            else:
                evidence = self.rng.choice(claim.evidence)
                editing.unpin_source(article, claim.id, evidence.source_id)
                self._record(who, (*key, "pin", evidence.source_id), None)
            if roll >= 0.17:  # any change of a claim keeps it, also against a concurrent delete
                self._record(who, (*key, "exists"), True)
        self.edits_made += 1

    # -- syncing ---------------------------------------------------------------------------

    def sync(self, who: int) -> sync.SyncResult:
        folder = self.clones[who]
        result = sync.sync(folder, f"Clone {who}", f"c{who}@example.org")
        self.syncs += 1
        merged = [max(a, b) for a, b in zip(self.clocks[who], self.remote_clock, strict=True)]
        self.clocks[who] = merged
        self.remote_clock = list(merged)
        self.last_sync_clock[who] = list(merged)
        self.synced[who] = self.values(who)
        for conflict in result.conflicts:
            self.conflicts_reported += 1
            take = self.rng.choice(["mine", "theirs"])
            use_author(f"Clone {who}", f"c{who}@example.org")
            if sync.resolve(folder, conflict.article_id, conflict.claim_id, conflict.field, take):
                self.clocks[who][who] += 1  # a change made here, to be pushed by the next sync
                self._record(who, self._key_of(conflict), conflict.theirs, decision=True)
            else:  # mine, as the merge pushed it already: a decision made with what this sync saw
                self._record(who, self._key_of(conflict), conflict.mine if take == "mine" else conflict.theirs,
                             decision=True)
        return result

    @staticmethod
    def _key_of(conflict: Any) -> tuple:
        parts = conflict.field.split(".")
        if parts[0] == "evidence" and parts[2] == "stance":
            return (conflict.article_id, conflict.claim_id, "pin", parts[1])
        if conflict.field == "text" and not conflict.claim_id:
            return (conflict.article_id, "", "text")
        if conflict.field in ("verdict", "status", "rationale") and conflict.claim_id:
            return (conflict.article_id, conflict.claim_id, conflict.field)
        raise AssertionError(f"a conflict no simulated edit can make: {conflict}")

    def settle(self) -> None:
        """Sync every clone until nothing moves (conflicts settled on the way)."""
        for _ in range(6):
            moved = False
            for who in range(len(self.clones)):
                result = self.sync(who)
                moved = moved or bool(result.pushed or result.pulled or result.conflicts)
            if not moved:
                return
        raise AssertionError("the clones kept changing after six rounds of syncs")

    def run(self, rounds: int) -> None:
        with ticking_clock():
            self._run(rounds)

    def _run(self, rounds: int) -> None:
        for _ in range(rounds):
            who = self.rng.randrange(len(self.clones))
            for _ in range(self.rng.randint(1, 3)):
                self.edit(who)
            if self.rng.random() < 0.5:
                self.sync(self.rng.randrange(len(self.clones)))
        self.settle()

    # -- checking --------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Everything wrong with the end state; empty when it is right."""
        found: list[str] = []
        files = [{p.name: p.read_bytes() for p in sorted((c / "articles").glob("*.json"))} for c in self.clones]
        if files[0] != files[1] or files[0] != files[2]:
            found.append("the clones do not hold identical article files")
        library = Library(self.clones[0])
        summaries, set_aside = library.summaries()
        found += [f"unreadable: {p.message}" for p in set_aside]
        state: dict[tuple, Any] = {}
        for summary in summaries:
            handle = library.open(summary.id)
            article = handle.article
            state[(article.id, "", "text")] = article.text
            if dumps_article_utf8(article) != files[0][f"{summary.id}.json"]:
                found.append(f"{summary.id}.json is not written in the canonical, diff-friendly form")
            for claim in article.claims:
                key = (article.id, claim.id)
                state[(*key, "exists")] = True
                state[(*key, "verdict")] = claim.verdict
                state[(*key, "status")] = claim.status.value
                state[(*key, "rationale")] = claim.rationale
                for evidence in claim.evidence:
                    state[(*key, "pin", evidence.source_id)] = evidence.stance.value
        for key, edits in self.edits.items():
            latest = [e for e in edits if not any(o is not e and _saw(o.clock, e.clock) for o in edits)]
            # A choice between two values adds no value of its own: an edit that had seen the chosen
            # value already (made after it) stands against the choice without a new clash.
            latest = [e for e in latest if not (e.decision and any(
                o is not e and any(p is not e and p.value == e.value and _saw(o.clock, p.clock) for p in edits)
                for o in latest))]
            values = {e.value for e in latest if e.value is not DELETED}
            exists = True if key[1] == "" else state.get((*key[:2], "exists"), False)
            if key[2] == "exists":
                expected = True in values
                if exists != expected:
                    found.append(f"{key}: the claim {'exists' if exists else 'is gone'}; the latest edits say {values}")
                continue
            if not exists or not values:
                continue
            if key[2] == "pin" and len(values) > 1:
                values.discard(None)  # an unpin loses to a concurrent change of the pin, as documented
            if len(values) > 1:
                found.append(f"{key}: concurrent values {values} were never reported as a conflict")
                continue
            (wanted,) = values
            actual = state.get(key)
            if actual != wanted:
                found.append(f"{key}: holds {actual!r}; the latest edit made it {wanted!r} (an edit was lost)")
        return found


def _saw(later: tuple[int, ...], earlier: tuple[int, ...]) -> bool:
    return all(a >= b for a, b in zip(later, earlier, strict=True))

