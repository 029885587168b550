"""Three clones of one library edit at random through core.editing and sync in random order.

Used by tests/test_sync_simulation.py (a few dozen rounds) and bench/bench_sync.py (1,000).
Every edit is recorded with the vector clock of its clone (what that clone had seen), so
the end state can be checked: an edit may be replaced only by an edit that saw it, or by
the choice made when a conflict between the two was reported; every same-field clash must
have been reported. A clone settles the conflicts a sync reports at once, or (``defer``) leaves
them waiting while it and the others go on editing and syncing, as people do; a conflict whose
field changed meanwhile is settled by that change and must not be chosen over it.
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
from factcheck_gui.core.schema import article_to_dict
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
    synced_claims: list[dict[tuple, dict]] = field(default_factory=list)  # and its claims, as a person edits them
    last_sync_clock: list[list[int]] = field(default_factory=lambda: [[0, 0, 0] for _ in range(3)])
    conflicts_reported: int = 0
    defer: float = 0.3  # how often a clone leaves the conflicts of a sync waiting, to settle them later
    conflicts_settled_late: int = 0  # settled after the sync that reported them
    conflicts_overtaken: int = 0  # left waiting, then settled by a later change of the field (dropped by a sync)
    _waiting: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # (clone, conflict) -> when reported
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
        self.synced_claims = [self.claim_states(who) for who in range(len(self.clones))]

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

    def _claim_edited(self, who: int, article: Any, claim_id: str) -> None:
        """Clone *who* changed the claim: against a concurrent delete it is kept only when it differs from
        what the clone had at its last sync (the merge base). Edits that took it back to that state (a
        verdict set and set back, a pin made and removed) are no edit to a three-way merge."""
        key = (article.id, claim_id, "exists")
        claim = next(c for c in article_to_dict(article)["claims"] if c["id"] == claim_id)
        if _edited_state(claim) == self.synced_claims[who].get(key[:2]):
            since = self.last_sync_clock[who][who]
            edits = self.edits.setdefault(key, [])
            edits[:] = [e for e in edits if not (e.who == who and e.value is True and e.clock[who] > since)]
            return
        self._record(who, key, True)

    def claim_states(self, who: int) -> dict[tuple, dict]:
        """Every claim of clone *who* as a person edits it (see :func:`_edited_state`)."""
        library = Library(self.clones[who])
        states: dict[tuple, dict] = {}
        for article_id in library.article_ids():
            for claim in article_to_dict(library.open(article_id).article)["claims"]:
                states[(article_id, claim["id"])] = _edited_state(claim)
        return states

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
        library = Library(self.clones[who])
        article_id = self.rng.choice(library.article_ids())
        with self._editing(who, article_id) as article:
            claims = list(article.claims)
            roll = self.rng.random()
            if not claims or roll < 0.12:
                self.apply(who, article, "add", value=self.rng.choice(article.sentences))
                return
            if roll > 0.96:  # a correction of the text: a new version, every claim placed on it
                self.apply(who, article, "correct", value=self.rng.choice(CORRECTIONS))
                return
            claim = self.rng.choice(claims)
            if roll < 0.17:
                self.apply(who, article, "delete", claim.id)
            elif roll < 0.40:
                self.apply(who, article, "verdict", claim.id, self.rng.choice(VERDICTS))
            elif roll < 0.55:
                self.apply(who, article, "status", claim.id, self.rng.choice(STATUSES))
            elif roll < 0.70:
                self.apply(who, article, "rationale", claim.id, f"reason {self.counter} from clone {who}")
            elif roll < 0.88 or not claim.evidence:
                url = f"https://example.org/{self.rng.randrange(4)}"
                self.apply(who, article, "pin", claim.id, (url, self.rng.choice(["supports", "refutes", "context"])))
            else:
                self.apply(who, article, "unpin", claim.id, self.rng.choice(claim.evidence).source_id)

    @contextlib.contextmanager
    def _editing(self, who: int, article_id: str) -> Iterator[Any]:
        use_author(f"Clone {who}", f"c{who}@example.org")
        self.clocks[who][who] += 1
        self.counter += 1
        with Library(self.clones[who]).edit(article_id) as handle:
            yield handle.article
        self.edits_made += 1

    def edit_with(self, who: int, article_id: str, action: str, claim_id: str = "", value: Any = None) -> str:
        """One given edit in clone *who* (see :meth:`apply`), for tests that replay a case; returns the claim id."""
        with self._editing(who, article_id) as article:
            return self.apply(who, article, action, claim_id, value)

    def apply(self, who: int, article: Any, action: str, claim_id: str = "", value: Any = None) -> str:
        """Make one edit through core.editing and record it: "add" (value: start, end), "correct" (old, new),
        "delete", "verdict", "status", "rationale", "pin" (url, stance), "unpin" (source id)."""
        article_id = article.id
        if action == "add":
            claim_id = editing.add_claim(article, *value).id
            self._record(who, (article_id, claim_id, "exists"), True)
            return claim_id
        if action == "correct":
            old, new = value
            if old not in article.text:
                old, new = new, old
            editing.replace_text(article, article.text.replace(old, new, 1), "correction")
            self._record(who, (article_id, "", "text"), article.text)
            return ""
        key = (article_id, claim_id)
        if action == "delete":
            editing.remove_claim(article, claim_id)
            self._record(who, (*key, "exists"), False)
            for name in ("verdict", "status", "rationale"):
                self._record(who, (*key, name), DELETED)
            for source in article.sources:
                self._record(who, (*key, "pin", source.id), DELETED)
            return claim_id
        if action == "verdict":
            editing.set_verdict(article, claim_id, value)
            self._record(who, (*key, "verdict"), value)
        elif action == "status":
            editing.set_claim_status(article, claim_id, value)
            self._record(who, (*key, "status"), value)
        elif action == "rationale":
            editing.set_claim_fields(article, claim_id, rationale=value)
            self._record(who, (*key, "rationale"), value)
        elif action == "pin":
            url, stance = value
            source = article.source_by_url(url) or Source(url=url, title=url)
            pinned = editing.store_and_pin(article, claim_id, source, stance)
            self._record(who, (*key, "pin", pinned.source.id), stance)
        elif action == "unpin":
            editing.unpin_source(article, claim_id, value)
            self._record(who, (*key, "pin", value), None)
        else:
            raise ValueError(f"no such edit: {action}")
        self._claim_edited(who, article, claim_id)  # a change of a claim keeps it, also against a concurrent delete
        return claim_id

    # -- syncing ---------------------------------------------------------------------------

    def sync(self, who: int, final: bool = False) -> sync.SyncResult:
        """Sync clone *who*; the conflicts it reports are settled now, or (see *defer*) left waiting unless
        *final*."""
        folder = self.clones[who]
        result = sync.sync(folder, f"Clone {who}", f"c{who}@example.org")
        self.syncs += 1
        merged = [max(a, b) for a, b in zip(self.clocks[who], self.remote_clock, strict=True)]
        self.clocks[who] = merged
        self.remote_clock = list(merged)
        self.last_sync_clock[who] = list(merged)
        self.synced[who] = self.values(who)
        self.synced_claims[who] = self.claim_states(who)
        still_open = {(who, *_identity(c)) for c in result.conflicts}
        for key in [k for k in self._waiting if k[0] == who and k not in still_open]:
            del self._waiting[key]  # a later change of its field settled it: the sync dropped it
            self.conflicts_overtaken += 1
        for conflict in result.conflicts:
            if (who, *_identity(conflict)) not in self._waiting:
                self.conflicts_reported += 1
                self._waiting[(who, *_identity(conflict))] = (self.edits_made, self.syncs)
        if final or self.rng.random() >= self.defer:
            self.settle_waiting(who)
        return result

    def settle_waiting(self, who: int) -> None:
        """Clone *who* settles every conflict waiting in it, choosing mine or theirs at random."""
        folder = self.clones[who]
        use_author(f"Clone {who}", f"c{who}@example.org")
        for conflict in sync.open_conflicts(folder):
            reported = self._waiting.pop((who, *_identity(conflict)), None)
            if reported is None:
                raise AssertionError(f"a conflict waits that no sync reported: {conflict}")
            if reported != (self.edits_made, self.syncs):
                self.conflicts_settled_late += 1
            take = self.rng.choice(["mine", "theirs"])
            if sync.resolve(folder, conflict.article_id, conflict.claim_id, conflict.field, take):
                self.clocks[who][who] += 1  # a change made here, to be pushed by the next sync
                self._record(who, self._key_of(conflict), conflict.theirs, decision=True)
                if conflict.claim_id:
                    self._claim_edited(who, Library(folder).open(conflict.article_id).article, conflict.claim_id)
            else:  # mine, as the merge pushed it already: a decision made with what this clone has seen
                self._record(who, self._key_of(conflict), conflict.mine if take == "mine" else conflict.theirs,
                             decision=True)
        for identity in [k for k in self._waiting if k[0] == who]:
            del self._waiting[identity]  # settled meanwhile by a change of its field made here
            self.conflicts_overtaken += 1

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
                result = self.sync(who, final=True)
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
            if any(k[0] == who for k in self._waiting) and self.rng.random() < 0.3:
                self.settle_waiting(who)  # conflicts left waiting, settled between syncs
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
        for who, clone in enumerate(self.clones):
            found += [f"clone {who}: a conflict was never settled: {c}" for c in sync.pending_conflicts(clone)]
            found += [f"clone {who}: a settled conflict is still shown as waiting: {w}" for w in
                      sync.waiting_conflicts(clone)]
            found += [f"clone {who}: a conflict record outlived its conflict: {r}" for r in sync.shared_conflicts(clone)]
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


def _identity(conflict: Any) -> tuple:
    return (conflict.article_id, conflict.claim_id, conflict.field, repr(conflict.mine), repr(conflict.theirs))


def _edited_state(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim (its file dict) as a person edits it: without its place in the text, which a correction of
    the text moves (and asks a second look at, needs_review), and without the record of when and by whom."""
    place = ("start", "end", "selector", "orphaned", "previous_exact", "anchor_reason", "needs_review")
    return {key: value for key, value in claim.items() if key not in (*place, "updated", "updated_by")}


def _saw(later: tuple[int, ...], earlier: tuple[int, ...]) -> bool:
    return all(a >= b for a, b in zip(later, earlier, strict=True))

