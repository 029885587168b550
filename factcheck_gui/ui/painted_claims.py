"""The claims the article view paints, kept in step one claim at a time (issue 17).

A helper of :class:`~factcheck_gui.ui.article_view.QtArticleView`. For each painted claim it
keeps the extra selection that gives the claim its background, the order the backgrounds
are painted in (longer claims first, so a claim nested in another is painted on top of it)
and the claim's underline with its lane. Adding, removing or recolouring one claim touches
that claim, and the lanes of the underlines it overlaps, not the thousands of others; the
view hands Qt the selections near what it shows (:meth:`PaintedClaims.selections_between`),
so neither handing them over nor Qt's painting grows with the article's claims. A claim's
selection (a text cursor and a format) is made the first time Qt is to be given it: painting
1,000 claims made 1,000 of them, ~18 ms, where a screenful needs a few dozen (issue 16).
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtWidgets import QTextEdit

from factcheck_gui.core.model import Claim
from factcheck_gui.ui.article_paint import Underline, lanes_in_order

#: How a claim is painted: (start, end, colour, judged, current). A new key, a new selection.
PaintKey = tuple[int, int, str, bool, bool]
MakeSelection = Callable[[Claim, PaintKey], QTextEdit.ExtraSelection]

__all__ = ["MakeSelection", "PaintKey", "PaintedClaims"]

_END = operator.attrgetter("end")


@dataclass
class _Painted:
    claim: Claim
    key: PaintKey
    underline: Underline
    selection: QTextEdit.ExtraSelection | None = None  # made when first handed to Qt


def _order_key(claim_id: str, key: PaintKey) -> tuple[int, int, str]:
    """Where a claim's background goes in the paint order: longer first, then by start."""
    return (key[0] - key[1], key[0], claim_id)


def _line_key(claim_id: str, key: PaintKey) -> tuple[int, int, str]:
    """Where a claim's underline goes: by start, the longer of two at the same start first."""
    return (key[0], -key[1], claim_id)


class PaintedClaims:
    """The painted claims: their selections in paint order and their underlines in lanes."""

    def __init__(self) -> None:
        self._make: MakeSelection | None = None
        self.clear()

    def clear(self) -> None:
        """Paint nothing."""
        self._painted: dict[str, _Painted] = {}
        self._order: list[tuple[int, int, str]] = []  # paint order keys (the claim id last)
        self._lines: list[tuple[int, int, str]] = []  # underline keys, sorted
        self._underlines: list[Underline] = []  # in the order of _lines
        self._reach: list[int] | None = None  # the furthest end of the underlines up to each one

    def __len__(self) -> int:
        return len(self._painted)

    def key_of(self, claim_id: str) -> PaintKey | None:
        """How the claim is painted now, or None when it is not."""
        painted = self._painted.get(claim_id)
        return painted.key if painted is not None else None

    # -- changing ------------------------------------------------------------------------------

    def rebuild(self, claims: Iterable[tuple[Claim, PaintKey]], make: MakeSelection) -> bool:
        """Paint exactly these claims, reusing the selection of each claim painted the same way.
        False when nothing changed (no claim came, went or looks different)."""
        self._make = make
        old, new = self._painted, {}
        changed = False
        for claim, key in claims:
            painted = old.get(claim.id)
            if painted is None or painted.key != key:
                painted = _Painted(claim, key, Underline(key[0], key[1], key[2], key[3], claim.id))
                changed = True
            new[claim.id] = painted
        if not changed and new.keys() == old.keys():
            return False
        self._painted = new
        self._order = sorted(_order_key(claim_id, p.key) for claim_id, p in new.items())
        lines = sorted((_line_key(claim_id, p.key), p.underline) for claim_id, p in new.items())
        self._lines = [item[0] for item in lines]
        self._underlines = [item[1] for item in lines]
        lanes_in_order(self._underlines)
        self._reach = None
        return True

    def put(self, claim: Claim, key: PaintKey, make: MakeSelection) -> tuple[int, int]:
        """Paint *claim* as *key* says, whether it was painted before or not. Returns the span of the
        text that looks different now: the claim's, and that of the underlines whose lanes moved."""
        self._make = make
        old = self._painted.get(claim.id)
        if old is not None and old.key[:2] == key[:2]:  # same place: a new look only
            old.claim, old.key, old.selection = claim, key, None
            old.underline.color, old.underline.judged = key[2], key[3]
            return key[0], key[1]
        moved = self.remove(claim.id) if old is not None else (key[0], key[1])
        painted = _Painted(claim, key, Underline(key[0], key[1], key[2], key[3], claim.id))
        self._painted[claim.id] = painted
        bisect.insort(self._order, _order_key(claim.id, key))
        line = bisect.bisect_left(self._lines, _line_key(claim.id, key))
        self._lines.insert(line, _line_key(claim.id, key))
        self._underlines.insert(line, painted.underline)
        self._reach_inserted(line)
        first, last = self._relane(line, line)
        return min(first, moved[0]), max(last, moved[1])

    def remove(self, claim_id: str) -> tuple[int, int]:
        """Stop painting the claim (nothing when it is not painted). Returns the span of the text that
        looks different now (empty when the claim was not painted)."""
        painted = self._painted.pop(claim_id, None)
        if painted is None:
            return (0, 0)
        place = bisect.bisect_left(self._order, _order_key(claim_id, painted.key))
        del self._order[place]
        line = bisect.bisect_left(self._lines, _line_key(claim_id, painted.key))
        del self._lines[line], self._underlines[line]
        self._reach_removed(line)
        first, last = self._relane(line - 1, line)
        return min(first, painted.key[0]), max(last, painted.key[1])

    def _relane(self, low: int, high: int) -> tuple[int, int]:
        """Give lanes again to the underlines overlapping those from *low* to *high*: the
        lanes of a run of overlapping underlines depend on that run alone. Returns the span of that run."""
        underlines = self._underlines
        if not underlines:
            return (0, 0)
        reach = self._reached()
        first, last = max(0, min(low, len(underlines) - 1)), min(len(underlines), max(high, low) + 1)
        while first > 0 and reach[first - 1] > underlines[first].start:
            first -= 1
        while last < len(underlines) and reach[last - 1] > underlines[last].start:
            last += 1
        run = underlines[first:last]
        lanes_in_order(run)
        return (run[0].start, max(underline.end for underline in run)) if run else (0, 0)

    def _reached(self) -> list[int]:
        """The furthest end of the underlines up to each one (non-decreasing: bisect finds the first
        underline that reaches past an offset). Made once, then kept in step by the two below."""
        if self._reach is None:
            self._reach = list(itertools.accumulate(map(_END, self._underlines), max))
        return self._reach

    def _reach_inserted(self, line: int) -> None:
        """The underline at *line* was inserted: it reaches as far as its end at least, and so do those
        after it; only the run after it that reached less changes (made again, this was ~1.8 ms per
        claim marked at 5,000, issue 17)."""
        reach = self._reach
        if reach is None:
            return
        end = self._underlines[line].end
        reach.insert(line, max(reach[line - 1], end) if line else end)
        for index in range(line + 1, len(reach)):
            if reach[index] >= end:
                break
            reach[index] = end

    def _reach_removed(self, line: int) -> None:
        """The underline at *line* was taken out: the reach after it is worked out again until it is
        what it was (from there on it depends on nothing that changed)."""
        reach = self._reach
        if reach is None:
            return
        del reach[line]
        underlines = self._underlines
        before = reach[line - 1] if line else -1
        for index in range(line, len(reach)):
            value = max(before, underlines[index].end)
            if value == reach[index]:
                break
            reach[index] = before = value

    # -- reading -------------------------------------------------------------------------------

    def _selection(self, painted: _Painted) -> QTextEdit.ExtraSelection:
        if painted.selection is None:
            assert self._make is not None  # given with every claim painted
            painted.selection = self._make(painted.claim, painted.key)
        return painted.selection

    def selections_between(self, first: int, last: int, current_id: str | None) -> list[QTextEdit.ExtraSelection]:
        """The selections of the claims that share a character with ``[first, last)``, in paint
        order, the current claim's on top of all (also when it lies outside)."""
        underlines, painted = self._underlines, self._painted
        picked = []
        for underline in itertools.islice(underlines, bisect.bisect_right(self._reached(), first), None):
            if underline.start >= last:
                break
            if underline.end > first and underline.claim_id != current_id:
                picked.append((_order_key(underline.claim_id, painted[underline.claim_id].key),
                               painted[underline.claim_id]))
        picked.sort(key=lambda item: item[0])
        current = painted.get(current_id) if current_id is not None else None
        return [self._selection(item[1]) for item in picked] + ([self._selection(current)] if current is not None else [])

    def selections(self, current_id: str | None) -> list[QTextEdit.ExtraSelection]:
        """The selections for Qt, in paint order, the current claim's on top of all."""
        painted, current = self._painted, self._painted.get(current_id) if current_id is not None else None
        others = [self._selection(painted[key[2]]) for key in self._order if key[2] != current_id]
        return others + ([self._selection(current)] if current is not None else [])

    def underlines_from(self, offset: int) -> Iterator[Underline]:
        """The underlines by start, from the first that ends after *offset*'s character."""
        start = bisect.bisect_right(self._reached(), offset)
        return itertools.islice(self._underlines, start, None)

    def ids_at(self, offset: int) -> list[str]:
        """Ids of the painted claims containing the character at *offset*, innermost first."""
        underlines, reach = self._underlines, self._reached()
        found = []
        index = bisect.bisect_right(self._lines, (offset, 1)) - 1  # the last one starting at or before it
        while index >= 0 and reach[index] > offset:
            if underlines[index].end > offset:
                found.append(underlines[index])
            index -= 1
        found.sort(key=lambda u: (u.end - u.start, -u.start))
        return [u.claim_id for u in found]
