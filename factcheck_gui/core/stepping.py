"""Moving a selection by whole sentences (J/K, Shift+J/K, shift-click). Pure arithmetic.

Sentences are ``(start, end)`` Python offsets into the article text, sorted and not
overlapping, as in ``Article.sentences``. A selection is a span of offsets; the caret
is where the cursor stands when nothing is selected. The article view keeps the
selection and calls these functions to learn what to select next.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

Span = tuple[int, int]

# The starts and ends of the sentences last asked about, with the list they came from: hover,
# clicks and J ask about the same article's sentences again and again (issue 17). An
# article's sentence list is replaced, never changed in place, when its text changes.
_last_bounds: tuple[Sequence[Span], int, list[int], list[int]] | None = None


def sentence_bounds(sentences: Sequence[Span]) -> tuple[list[int], list[int]]:
    """The sentences' starts and ends as two sorted lists, kept for the next call on the same list."""
    global _last_bounds
    last = _last_bounds
    if last is not None and last[0] is sentences and last[1] == len(sentences):
        return last[2], last[3]
    starts = [start for start, _ in sentences]
    ends = [end for _, end in sentences]
    _last_bounds = (sentences, len(sentences), starts, ends)
    return starts, ends


def sentence_index_at(sentences: Sequence[Span], offset: int) -> int | None:
    """Index of the sentence containing *offset*, or None (between sentences)."""
    index = bisect.bisect_right(sentence_bounds(sentences)[0], offset) - 1
    if index >= 0 and sentences[index][0] <= offset < sentences[index][1]:
        return index
    return None


def step_target(sentences: Sequence[Span], span: Span | None, caret: int, step: int) -> int | None:
    """The sentence to select when moving by *step* (+1 down, -1 up), or None past either end.

    From a selection *span*: the first sentence that starts at or after its end (down), or
    the last one that ends at or before its start (up). From the *caret* alone: the sentence
    the caret stands in, else the nearest one in the direction of *step*.
    """
    starts, ends = sentence_bounds(sentences)
    if span is not None:
        target = bisect.bisect_left(starts, span[1]) if step > 0 else bisect.bisect_right(ends, span[0]) - 1
    else:
        here = sentence_index_at(sentences, caret)
        if here is not None:
            target = here
        else:
            target = bisect.bisect_left(starts, caret) if step > 0 else bisect.bisect_right(ends, caret) - 1
    return target if 0 <= target < len(sentences) else None


def extension_head(sentences: Sequence[Span], span: Span | None, caret: int, step: int) -> int:
    """The sentence at the end of *span* (or at the *caret*) that an extension by *step* moves.

    Going down it is the last sentence the selection touches, going up the first.
    """
    starts, ends = sentence_bounds(sentences)
    if span is not None:
        head = bisect.bisect_left(ends, span[1]) if step > 0 else bisect.bisect_right(starts, span[0]) - 1
    else:
        head = bisect.bisect_right(starts, caret) - 1
    return max(0, min(head, len(sentences) - 1))


def extended_selection(anchor: Span, sentence: Span) -> tuple[int, int]:
    """The selection from the *anchor* span to *sentence*, in whole sentences: (anchor, moving end).

    Below the anchor the selection runs from the anchor's start to the sentence's end;
    above it, it runs backwards from the anchor's end to the sentence's start.
    """
    start, end = sentence
    if start >= anchor[0]:
        return anchor[0], max(end, anchor[1])
    return anchor[1], start
