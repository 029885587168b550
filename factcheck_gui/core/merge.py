"""Three-way merge of two edited copies of one article, claim by claim and field by field.

Works on the article file's dicts (``core.schema.article_to_dict``), so a field added to
the format later merges without a change here:

- claims, sources and a claim's evidence are matched by id (evidence by source id);
- a field changed on one side only takes that side's value; changed alike on both, that
  value; changed differently on both sides, it is a :class:`Conflict`: the merged copy
  keeps *mine* for it, and nothing is written over until the user chooses;
- something added on one side is kept (pins are a union); something deleted on one side
  and unchanged on the other is deleted; deleted on one side and edited on the other, the
  edit is kept and a note says so;
- ``updated`` timestamps take the later of the two, and so do the records of who made a
  change (``updated_by`` follows ``updated``, ``status_by`` follows ``status_at``): they say
  who did the last thing, so they never conflict; ``versions`` (the article's text
  versions, where the file has them) are a union ordered by time;
- the text is one unit: when only one side changed it, the other side's claims are
  re-anchored onto it with ``core.reanchoring`` (never moved to a look-alike).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from factcheck_gui.core.reanchoring import ORPHANED, TextDiff

_TEXT_KEYS = ("text", "text_sha256", "sentences", "links")
_MISSING = object()
# Who made a change, and the time that decides which side's record is the later one.
_STAMPS = {"updated_by": "updated", "status_by": "status_at"}
_TIMES = ("updated", "status_at")
# Where a claim stands in the text: these follow the text that was kept (never a conflict of their own;
# the text is the conflict, and settling it places every claim again).
_ANCHOR_KEYS = ("start", "end", "selector", "orphaned", "previous_exact", "anchor_reason")


@dataclass(frozen=True)
class Conflict:
    """The same field changed to different values on both sides."""

    article_id: str
    claim_id: str  # "" for the article itself or a source
    field: str  # "verdict", "meta.title", "sources.<id>.title", "evidence.<source id>.stance", "text"
    mine: Any
    theirs: Any
    base: Any = None

    def to_json(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "claim_id": self.claim_id, "field": self.field,
                "mine": self.mine, "theirs": self.theirs}


@dataclass
class MergeResult:
    merged: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_articles(base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any]) -> MergeResult:
    """Merge *mine* and *theirs*, two edits of *base* (None when both sides created the article)."""
    base = base or {}
    result = MergeResult({})
    article_id = mine.get("id") or theirs.get("id") or ""
    merged = result.merged
    text_side = _merge_text(base, mine, theirs, merged, result, article_id)
    for key in _ordered_keys(mine, theirs):
        if key in _TEXT_KEYS:
            continue
        if key == "claims":
            merged[key] = _merge_claims(base.get(key, []), mine.get(key, []), theirs.get(key, []), result, article_id,
                                        text_side or "mine")
        elif key == "sources":
            merged[key] = _merge_by_id(base.get(key, []), mine.get(key, []), theirs.get(key, []), result, article_id,
                                       "", "sources.{id}.", "source")
        elif key == "versions":
            merged[key] = _union_versions(mine.get(key, []), theirs.get(key, []))
        else:
            value = _merge_value(base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING),
                                 result, article_id, "", key)
            if value is not _MISSING:
                merged[key] = value
    _keep_pinned_sources(mine, theirs, merged, result)
    if text_side is not None:
        _reanchor_other_side(base, mine, theirs, merged, text_side, result)
    return result


def _keep_pinned_sources(mine: dict[str, Any], theirs: dict[str, Any], merged: dict[str, Any],
                         result: MergeResult) -> None:
    """A source one side removed (its last pin gone) stays while a claim of the other side still pins it."""
    if "sources" not in merged:
        return
    kept = {source["id"] for source in merged["sources"]}
    pinned = [e["source_id"] for c in merged.get("claims", []) for e in c.get("evidence", [])]
    sides = {s["id"]: s for side in (theirs, mine) for s in side.get("sources", [])}
    for source_id in dict.fromkeys(pinned):
        if source_id not in kept and source_id in sides:
            merged["sources"].append(copy.deepcopy(sides[source_id]))
            kept.add(source_id)
            result.notes.append(f"Source {source_id}, removed on one side, is kept: a claim of the other side pins it.")


def _ordered_keys(mine: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    return list(mine) + [key for key in theirs if key not in mine]


def _merge_value(base: Any, mine: Any, theirs: Any, result: MergeResult, article_id: str, claim_id: str,
                 name: str) -> Any:
    """Three-way merge of one value; dicts merge key by key; ``updated`` takes the later time."""
    if mine == theirs:
        return copy.deepcopy(mine)
    if name.rpartition(".")[2] in _TIMES and isinstance(mine, str) and isinstance(theirs, str):
        return max(mine, theirs)
    if name.rpartition(".")[2] == "created" and base is _MISSING and isinstance(mine, str) and isinstance(theirs, str):
        return min(mine, theirs)  # the same pin made on both sides: it exists since the earlier
    if mine == base:
        return copy.deepcopy(theirs)
    if theirs == base:
        return copy.deepcopy(mine)
    if isinstance(mine, dict) and isinstance(theirs, dict):
        base_dict = base if isinstance(base, dict) else {}
        return _present({key: _merge_value(base_dict.get(key, _MISSING), mine.get(key, _MISSING),
                                           theirs.get(key, _MISSING), result, article_id, claim_id, f"{name}.{key}")
                         for key in _ordered_keys(mine, theirs)})
    result.conflicts.append(Conflict(article_id, claim_id, name, _plain(mine), _plain(theirs), _plain(base)))
    return copy.deepcopy(mine)


def _present(record: dict[str, Any]) -> dict[str, Any]:
    """*record* without the keys one side deleted."""
    return {key: value for key, value in record.items() if value is not _MISSING}


def _plain(value: Any) -> Any:
    return None if value is _MISSING else value


def _merge_by_id(base: list[dict], mine: list[dict], theirs: list[dict], result: MergeResult, article_id: str,
                 claim_id: str, prefix: str, noun: str, key: str = "id") -> list[dict]:
    """Merge two lists of records matched by *key*; mine's order, then theirs' additions."""
    base_by, mine_by, theirs_by = ({r[key]: r for r in records} for records in (base, mine, theirs))
    merged = []
    for record_id in [r[key] for r in mine] + [r[key] for r in theirs if r[key] not in mine_by]:
        b, m, t = base_by.get(record_id), mine_by.get(record_id), theirs_by.get(record_id)
        if m is not None and t is not None:
            merged.append(_present({name: _later_stamp(m, t, name) if name in _STAMPS else
                                    _merge_value((b or {}).get(name, _MISSING), m.get(name, _MISSING),
                                                 t.get(name, _MISSING), result, article_id, claim_id,
                                                 prefix.format(id=record_id) + name)
                                    for name in _ordered_keys(m, t)}))
            continue
        kept: dict[str, Any] = m if m is not None else t  # type: ignore[assignment]  # one side has it
        if b is None:
            merged.append(copy.deepcopy(kept))  # added on one side
        elif kept != b:
            merged.append(copy.deepcopy(kept))  # deleted on one side, edited on the other: keep the edit
            result.notes.append(f"A {noun} ({record_id}) deleted on one side was edited on the other; the edit is kept.")
        # else: deleted on one side, unchanged on the other: deleted
    return merged


def _merge_claims(base: list[dict], mine: list[dict], theirs: list[dict], result: MergeResult,
                  article_id: str, text_side: str = "mine") -> list[dict]:
    base_by, mine_by, theirs_by = ({c["id"]: c for c in claims} for claims in (base, mine, theirs))
    merged = []
    for claim_id in [c["id"] for c in mine] + [c["id"] for c in theirs if c["id"] not in mine_by]:
        b, m, t = base_by.get(claim_id), mine_by.get(claim_id), theirs_by.get(claim_id)
        if m is not None and t is not None:
            claim: dict[str, Any] = {}
            for name in _ordered_keys(m, t):
                if name in _STAMPS:
                    claim[name] = _later_stamp(m, t, name)
                elif name in _ANCHOR_KEYS:
                    claim[name] = _anchor_value((b or {}).get(name, _MISSING), m.get(name, _MISSING),
                                                t.get(name, _MISSING), text_side)
                elif name == "needs_review" and isinstance(m.get(name), bool) and isinstance(t.get(name), bool):
                    claim[name] = m[name] or t[name]  # one side's correction asks for a second look: it stays asked
                elif name == "evidence":
                    claim[name] = _merge_by_id((b or {}).get(name, []), m.get(name, []), t.get(name, []), result,
                                               article_id, claim_id, "evidence.{id}.", "pinned source",
                                               key="source_id")
                else:
                    claim[name] = _merge_value((b or {}).get(name, _MISSING), m.get(name, _MISSING),
                                               t.get(name, _MISSING), result, article_id, claim_id, name)
            merged.append(_present(claim))
            continue
        kept: dict[str, Any] = m if m is not None else t  # type: ignore[assignment]  # one side has it
        if b is None:
            merged.append(copy.deepcopy(kept))
        elif _edited(kept) != _edited(b):  # moved by a correction of the text only: no edit of the claim
            merged.append(copy.deepcopy(kept))
            result.notes.append(f"Claim {claim_id} was deleted on one side and edited on the other; the edit is kept.")
    return merged


def _edited(claim: dict[str, Any]) -> dict[str, Any]:
    """What a person edits in a claim: not its place in the text, nor the record of when."""
    ignored = (*_ANCHOR_KEYS, "needs_review", "updated", "updated_by")
    return {key: value for key, value in claim.items() if key not in ignored}


def _anchor_value(base: Any, mine: Any, theirs: Any, text_side: str) -> Any:
    """A claim's place: the side that changed it, or (both did) the side whose text was kept."""
    if mine == theirs or theirs == base:
        return copy.deepcopy(mine)
    if mine == base:
        return copy.deepcopy(theirs)
    return copy.deepcopy(theirs if text_side == "theirs" else mine)


def _later_stamp(mine: dict[str, Any], theirs: dict[str, Any], name: str) -> Any:
    """Who made the later change of a record: the side whose time for it (``updated``...) is later."""
    m, t = mine.get(name, _MISSING), theirs.get(name, _MISSING)
    if m is _MISSING or t is _MISSING:
        return t if m is _MISSING else m
    time_key = _STAMPS[name]
    m_time, t_time = str(mine.get(time_key, "")), str(theirs.get(time_key, ""))
    if m_time != t_time:
        return copy.deepcopy(m if m_time > t_time else t)
    return copy.deepcopy(max(m, t, key=str))  # the same second: any fixed choice, the same on every side


def _union_versions(mine: list[dict], theirs: list[dict]) -> list[dict]:
    """Both sides' versions, once each, by time; an archived copy recorded on either side is kept."""
    kept: dict[tuple[Any, Any, Any], dict] = {}
    merged = []
    for version in sorted([*mine, *theirs], key=lambda v: (str(v.get("created", "")), str(v.get("sha256", "")))):
        identity = (version.get("created"), version.get("sha256"), version.get("kind"))
        if identity not in kept:
            kept[identity] = copy.deepcopy(version)
            merged.append(kept[identity])
        elif version.get("archive_url") and not kept[identity].get("archive_url"):
            kept[identity]["archive_url"] = version["archive_url"]
            kept[identity]["archived_at"] = version.get("archived_at", "")
    return merged


def _merge_text(base: dict, mine: dict, theirs: dict, merged: dict, result: MergeResult, article_id: str) -> str | None:
    """Merge the text as one unit. Returns the side whose changed text was taken ("mine"/"theirs"), else None."""
    def digest(side: dict) -> Any:
        return side.get("text_sha256") or side.get("text")

    taken, side_name = mine, None
    if digest(mine) != digest(theirs):
        if digest(mine) == digest(base):
            taken, side_name = theirs, "theirs"
        elif digest(theirs) == digest(base):
            taken, side_name = mine, "mine"
        else:
            result.conflicts.append(Conflict(article_id, "", "text", mine.get("text"), theirs.get("text"),
                                             base.get("text")))
    for key in _TEXT_KEYS:
        if key in taken:
            merged[key] = copy.deepcopy(taken[key])
    return side_name


def _reanchor_other_side(base: dict, mine: dict, theirs: dict, merged: dict, text_side: str,
                         result: MergeResult) -> None:
    """Claims from the side that kept the old text move onto the new text (or are orphaned)."""
    other = theirs if text_side == "mine" else mine
    old_text, new_text = other.get("text", ""), merged.get("text", "")
    other_claims = {c["id"]: c for c in other.get("claims", [])}
    changed_side_claims = {c["id"] for c in (mine if text_side == "mine" else theirs).get("claims", [])}
    diff: TextDiff | None = None
    for claim in merged.get("claims", []):
        source = other_claims.get(claim["id"])
        if source is None or claim["id"] in changed_side_claims:
            continue  # the side that changed the text placed its claims on it already
        diff = diff or TextDiff(old_text, new_text)
        placement = diff.place(claim["id"], source["start"], source["end"])
        if placement.state == ORPHANED:
            claim["orphaned"] = True
            result.notes.append(f"Claim {claim['id']} could not be placed in the corrected text: {placement.reason}")
        else:
            claim["start"], claim["end"], claim["orphaned"] = placement.start, placement.end, False
            selector = dict(claim.get("selector") or {})
            selector["exact"] = new_text[placement.start : placement.end]
            selector["prefix"] = new_text[max(0, placement.start - 32) : placement.start]
            selector["suffix"] = new_text[placement.end : placement.end + 32]
            claim["selector"] = selector


def _place_of(document: dict[str, Any], conflict: Conflict) -> tuple[Any, str]:
    """The record holding the conflict's field in an article file's dict, and the field's name there.

    KeyError or StopIteration when the claim, source or pin is gone."""
    if conflict.field == "text" and not conflict.claim_id:
        return document, "text"
    target: Any = document
    path = conflict.field.split(".")
    if conflict.claim_id:
        target = next(c for c in document["claims"] if c["id"] == conflict.claim_id)
        if path[0] == "evidence":
            target = next(e for e in target["evidence"] if e["source_id"] == path[1])
            path = path[2:]
    elif path[0] == "sources":
        target = next(s for s in document["sources"] if s["id"] == path[1])
        path = path[2:]
    for name in path[:-1]:
        target = target[name]
    return target, path[-1]


def value_at(document: dict[str, Any], conflict: Conflict) -> Any:
    """What the conflict's field holds now in *document* (None when absent). KeyError or StopIteration
    when the claim, source or pin is gone."""
    target, name = _place_of(document, conflict)
    return target.get(name) if isinstance(target, dict) else None


def is_settled(document: dict[str, Any], conflict: Conflict) -> bool:
    """True when the field no longer holds *mine* as the merge left it (a later edit, by anyone, settled
    the clash), or when what held it is gone: choosing mine or theirs now would overwrite that change."""
    try:
        return value_at(document, conflict) != conflict.mine
    except (KeyError, StopIteration, TypeError, IndexError):
        return True


def choose(merged: dict[str, Any], conflict: Conflict, take: str) -> dict[str, Any]:
    """Settle *conflict* in *merged* with ``"mine"`` or ``"theirs"``; returns *merged*."""
    if take not in ("mine", "theirs"):
        raise ValueError(f"take must be 'mine' or 'theirs', not {take!r}")
    target, name = _place_of(merged, conflict)
    target[name] = copy.deepcopy(conflict.mine if take == "mine" else conflict.theirs)
    return merged
