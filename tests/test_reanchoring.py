"""Guarded re-anchoring: claims follow their words across versions of the text, never a look-alike."""

from __future__ import annotations

import sys

import pytest

from factcheck_gui.core.reanchoring import (
    EDITED,
    EXACT,
    ORPHANED,
    correction_notices,
    is_stealth_edit,
    place_claims,
    same_wording,
    word_diff,
)

OLD = (
    "US Tells Iraq to Choose Between Them and Russia in ISIS War\n"
    "Yesterday, Gen. Joe Dunford said Iraq would lose all sorts of US aid, and 50 advisers would leave. "
    "Officials declined to comment.\n"
    "The ruling party urged the prime minister to ask Russia for help.\n"
    "Analysts say the “choice” is a false one — for now."
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def place(new: str, words: str):
    (placement,) = place_claims(OLD, new, [("c", *span(OLD, words))])
    return placement


def test_typography_only_is_the_same_wording_and_every_claim_stays_exact():
    new = OLD.replace("“choice”", '"choice"').replace(" — ", " -- ").replace("50 advisers", "50\u00a0advisers")
    assert same_wording(OLD, new)
    placement = place(new, "the “choice” is a false one — for now")
    assert placement.state == EXACT
    assert new[placement.start : placement.end] == 'the "choice" is a false one -- for now'


@pytest.mark.parametrize("old_words, new_words", [
    ("50 advisers", "60 advisers"),                       # a number
    ("Gen. Joe Dunford", "Gen. John Dunford"),            # a name
    ("Iraq would lose", "Iraq would not lose"),           # a negation
    ("all sorts of US aid", "all sorts of “US aid”"),     # a quotation
])
def test_a_changed_number_name_negation_or_quotation_is_never_exact(old_words, new_words):
    claim = "Gen. Joe Dunford said Iraq would lose all sorts of US aid, and 50 advisers would leave."
    new = OLD.replace(old_words, new_words)
    placement = place(new, claim)
    assert placement.state == EDITED, placement
    assert new[placement.start : placement.end] == claim.replace(old_words, new_words)
    assert new_words.split()[-1].strip("“”") in placement.reason or "added" in placement.reason


def test_a_claim_moves_with_its_paragraph_and_with_text_inserted_before():
    lines = OLD.split("\n")
    moved = "\n".join([lines[0], lines[2], lines[3], lines[1]])
    placement = place("Editor's picks.\n" + moved, "The ruling party urged the prime minister")
    assert placement.state == EXACT
    placement = place(moved, "Officials declined to comment.")
    assert placement.state == EXACT
    assert moved[placement.start : placement.end] == "Officials declined to comment."


def test_deleted_words_are_orphaned_even_when_a_look_alike_remains_elsewhere():
    old = "Alpha said the deal is done.\nBeta said the deal is done.\nGamma disagreed."
    new = "Alpha said the deal is done.\nGamma disagreed."
    start = old.index("Beta") + len("Beta said ")
    (placement,) = place_claims(old, new, [("c", start, start + len("the deal is done"))])
    assert placement.state == ORPHANED
    assert "deleted" in placement.reason


def test_words_that_now_stand_in_two_new_places_are_orphaned_not_guessed():
    old = "Intro.\nThe minister resigned on Monday, aides said.\nEnd."
    new = "Intro.\nEnd.\nLater, the minister resigned on Monday.\nEarlier, the minister resigned on Monday!"
    start, end = span(old, "minister resigned on Monday")
    (placement,) = place_claims(old, new, [("c", start, end)])
    assert placement.state == ORPHANED
    assert "more than one place" in placement.reason


def test_a_rewritten_sentence_is_orphaned_and_a_lightly_edited_one_is_edited():
    claim = "The ruling party urged the prime minister to ask Russia for help."
    rewritten = OLD.replace(claim, "Lawmakers want Moscow involved, sources said.")
    assert place(rewritten, claim).state == ORPHANED
    fixed = OLD.replace("urged", "pressed")
    assert place(fixed, claim).state == EDITED


def test_word_diff_gives_the_changed_words_with_the_spaces_between_them():
    """Shown inline (the claim editor, the Versions dialog) the pieces read as text: before, their spaces
    were dropped ("Iraq wouldnotlose5060million")."""
    old, new = "Iraq would lose 50 million", "Iraq would not lose 60 million"
    pieces = word_diff(old, new)
    assert pieces == [
        ("equal", "Iraq would"), ("insert", " not"), ("equal", " lose"), ("delete", " 50"), ("insert", " 60"),
        ("equal", " million"),
    ]
    assert "".join(text for kind, text in pieces if kind != "delete") == new
    assert "".join(text for kind, text in pieces if kind != "insert") == old
    assert word_diff("a b c d", "a c d") == [("equal", "a"), ("delete", " b"), ("equal", " c d")]
    quote = "claimed Iraq \u201cdoesn\u2019t want Russia\u2019s help\u201d"
    shown = word_diff(quote, quote.replace("doesn\u2019t want", "does not need"))
    assert "".join(text for kind, text in shown if kind != "delete") == quote.replace("doesn\u2019t want",
                                                                                      "does not need")


def test_a_change_without_a_correction_notice_is_a_stealth_edit():
    changed = OLD.replace("50 advisers", "60 advisers")
    assert is_stealth_edit(OLD, changed)
    assert not is_stealth_edit(OLD, changed + "\nCorrection: an earlier version gave the wrong number of advisers.")
    assert not is_stealth_edit(OLD, changed + "\nThis article has been updated to correct a figure.")
    assert not is_stealth_edit(OLD, OLD.replace("—", "--"))  # typography is no edit at all
    assert correction_notices("Editor's note: this story was amended.") == ["Editor's note:", "this story was amended"]


def test_the_notices_of_a_long_text_are_found_a_piece_at_a_time(monkeypatch):
    """A 1 MB page is searched in pieces (one search of all of it held the GIL ~50 ms, issue 16), and a
    notice where two pieces meet is found once, whole, as by one search of the whole text."""
    from factcheck_gui.core import reanchoring

    notices = ["Correction: the figure was 60.", "This article has been updated", "Update - new details",
               "An earlier version of this story", "Editor\u2019s  note:"]
    filler = "The ruling party urged the prime minister to ask Russia for help. "
    text, at = "", 0
    while len(text) < 1_000_000:
        text += filler * 40
        # a notice across each boundary of the pieces, and one just inside the next word ("Updates")
        cut = (len(text) // reanchoring._PIECE + 1) * reanchoring._PIECE
        text += "x" * (cut - len(text) - 7) + " " + notices[at % len(notices)] + " Updates: more. "
        at += 1
    whole = [match.group() for match in reanchoring._NOTICE.finditer(text)]
    searched: list[int] = []
    real = reanchoring._NOTICE

    class Recording:
        def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize):  # noqa: ANN202
            searched.append(min(endpos, len(string)) - pos)
            return real.finditer(string, pos, endpos)

    monkeypatch.setattr(reanchoring, "_NOTICE", Recording())
    assert correction_notices(text) == whole
    assert len(whole) > 2 * len(notices)
    assert max(searched) <= 64_000  # never the whole text in one C call
