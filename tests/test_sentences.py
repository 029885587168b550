"""The article splits into the sentences a fact-checker would click on."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck_gui.core.sentences import split_sentences
from tests.conftest import DUNFORD_START

GOLDEN = Path(__file__).resolve().parent / "data" / "golden_rules_en.json"
SHARED_GOLDEN = (
    Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "sentences" / "golden_rules_en.json"
)
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# --- Golden Rules (pySBD / Pragmatic Segmenter) ---------------------------------------------


def test_golden_rules_all_48():
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(cases) == 48
    failed = [
        case["id"]
        for case in cases
        if [s.strip() for s in sentences(case["text"]) if s.strip()] != case["sentences"]
    ]
    assert failed == [], f"golden rules failed: ids {failed}"


def test_golden_rules_copy_matches_the_shared_benchmark():
    if not SHARED_GOLDEN.exists():
        pytest.skip("shared/benchmarks is not next to this checkout")
    assert json.loads(GOLDEN.read_text(encoding="utf-8")) == json.loads(
        SHARED_GOLDEN.read_text(encoding="utf-8")
    )


# --- The sample article ---------------------------------------------------------------------

SAMPLE_SENTENCE_STARTS = [
    "US Tells Iraq to Choose Between Them and Russia in ISIS War",
    "Ruling Party, Militias Urge PM to Ask Russia for Help",
    DUNFORD_START,
    "Officials are making that all the more clear today",
    "Prime Minister Hayder Abadi made it clear",
    "Russia has suggested they would help",
    "US threats don’t seem to have entirely quashed that idea",
    "Whether this suggests the Iraqi officials",
    "On the other hand, the US was quick",
    "Author: Jason Ditz",
    "Jason Ditz is Senior Editor for Antiwar.com.",
    "He has 20 years of experience",
]


def test_dunford_sentence_is_one_sentence(sample_text):
    dunford = [s for s in sentences(sample_text) if s.startswith(DUNFORD_START)]
    assert len(dunford) == 1
    assert dunford[0].endswith("if that happened.")
    paragraph = sample_text.split("\n\n")[2]
    assert dunford[0] == paragraph.strip()


def test_every_sentence_of_the_sample(sample_text):
    found = sentences(sample_text)
    assert len(found) == len(SAMPLE_SENTENCE_STARTS), found
    for sentence, start in zip(found, SAMPLE_SENTENCE_STARTS, strict=True):
        assert sentence.startswith(start)
    # body sentences end with their full stop; only the three title lines have none
    assert [s for s in found if not s.endswith(".")] == [found[0], found[1], found[9]]
    # headline, subheadline and author line are sentences of their own
    assert found[0] == "US Tells Iraq to Choose Between Them and Russia in ISIS War"
    assert found[1] == "Ruling Party, Militias Urge PM to Ask Russia for Help"
    assert found[9] == "Author: Jason Ditz"
    assert found[10] == "Jason Ditz is Senior Editor for Antiwar.com."


def test_no_sample_sentence_crosses_a_line(sample_text):
    spans = split_sentences(sample_text)
    assert all("\n" not in sample_text[start:end] for start, end in spans)
    # joined back together, the sentences are the whole text minus whitespace
    assert "".join(sample_text[s:e] for s, e in spans).replace(" ", "") == "".join(sample_text.split())


# --- Paragraphs, lines and headlines --------------------------------------------------------


def test_no_sentence_spans_a_blank_line():
    text = "The minister said the talks had failed\n\nthe army would not withdraw."
    assert sentences(text) == ["The minister said the talks had failed", "the army would not withdraw."]


def test_single_newline_is_a_hard_break():
    text = "Officials Deny Report\nThe ministry said on Monday it had not been told. It declined to comment."
    assert sentences(text) == [
        "Officials Deny Report",
        "The ministry said on Monday it had not been told.",
        "It declined to comment.",
    ]


def test_windows_line_endings_and_blank_lines_with_spaces():
    text = "Headline\r\n  \r\nFirst sentence. Second sentence.  \r\n"
    assert sentences(text) == ["Headline", "First sentence.", "Second sentence."]


def test_headline_and_subheadline_are_sentences():
    text = "Iraq Weighs Russian Help\nUS Warns of Consequences\n\nBaghdad is split. Officials disagree."
    assert sentences(text) == [
        "Iraq Weighs Russian Help",
        "US Warns of Consequences",
        "Baghdad is split.",
        "Officials disagree.",
    ]


def test_author_line_is_its_own_sentence():
    text = "The US was quick to react.\n\nAuthor: Jason Ditz\n\nJason Ditz is Senior Editor for Antiwar.com."
    assert "Author: Jason Ditz" in sentences(text)


# --- Abbreviations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Yesterday, Gen. Joe Dunford said Iraq did not want help.",
        "The U.S. Army has 20 advisers there.",
        "I have lived in the U.S. for 20 years.",
        "Sen. John McCain called it a mistake.",
        "The vote is set for Jan. 5 in Baghdad.",
        "The meeting started at 3 p.m. on Friday.",
        "The meeting started at 3 p.m. Friday in Baghdad.",
        "She earned a Ph.D. in physics in Baghdad.",
        "He wore No. 14 for the national team.",
        "Rep. Smith and Mrs. Jones arrived with Dr. Lee.",
        "The report is on p. 55 of the annex.",
        "Lt. Col. James Brown spoke to Apple Inc. Chief Executive Tim Cook.",
        "Smith et al. 2019 found the same.",
        "The case is Roe v. Wade and nothing else.",
    ],
)
def test_abbreviation_does_not_end_the_sentence(sentence):
    text = f"{sentence} The ministry declined to comment."
    assert sentences(text) == [sentence, "The ministry declined to comment."]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("He has lived in the U.S.", "He moved there in 2001."),
        ("The strike began at 3 p.m.", "The mayor was not told."),
        ("They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."),
        ("We make a good team, you and I.", "Did you see him?"),
    ],
)
def test_abbreviation_can_still_end_a_sentence(first, second):
    assert sentences(f"{first} {second}") == [first, second]


def test_initials_do_not_split():
    text = "J. R. R. Tolkien wrote it. George W. Bush read it. Jonas E. Smith did not."
    assert sentences(text) == ["J. R. R. Tolkien wrote it.", "George W. Bush read it.", "Jonas E. Smith did not."]


# --- Numbers, URLs, e-mail ------------------------------------------------------------------


def test_decimals_do_not_split():
    text = "Growth was 3.5 percent, down from 4.25 percent. She has $100.00. It is in her bag."
    assert sentences(text) == [
        "Growth was 3.5 percent, down from 4.25 percent.",
        "She has $100.00.",
        "It is in her bag.",
    ]


def test_urls_do_not_split():
    text = (
        "The statement is at https://www.state.gov/r/pa/prs/2015/10.html?x=1.2 today. "
        "Read it. See www.example.com. Then call."
    )
    assert sentences(text) == [
        "The statement is at https://www.state.gov/r/pa/prs/2015/10.html?x=1.2 today.",
        "Read it.",
        "See www.example.com.",
        "Then call.",
    ]


def test_email_addresses_do_not_split():
    text = "Write to jason.ditz@antiwar.example.com for a copy. Her email is Jane.Doe@example.com. I wrote."
    assert sentences(text) == [
        "Write to jason.ditz@antiwar.example.com for a copy.",
        "Her email is Jane.Doe@example.com.",
        "I wrote.",
    ]


# --- Ellipses, quotes, ?! -------------------------------------------------------------------


def test_ellipsis_inside_a_sentence_does_not_split():
    text = "He paused ... and then left. She said … nothing. I wasn't really . . . sure. Then he waited..."
    assert sentences(text) == [
        "He paused ... and then left.",
        "She said … nothing.",
        "I wasn't really . . . sure.",
        "Then he waited...",
    ]


def test_ellipsis_can_end_a_sentence():
    assert sentences("I never meant that.... She left the store.") == ["I never meant that....", "She left the store."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "it is over." Then he left.', ['He said "it is over."', "Then he left."]),
        ("He said “it is over.” Then he left.", ["He said “it is over.”", "Then he left."]),
        ("She said ‘fine.’ Then she left.", ["She said ‘fine.’", "Then she left."]),
        ("She said 'fine.' Then she left.", ["She said 'fine.'", "Then she left."]),
        (
            "He teaches (He worked as an engineer.) at the University.",
            ["He teaches (He worked as an engineer.) at the University."],
        ),
        ("The vote failed (again.) Nobody was surprised.", ["The vote failed (again.)", "Nobody was surprised."]),
    ],
)
def test_closing_quote_stays_with_its_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“Why would Iraq ask?” he said.",
        '"Where is the aid?" asked one official.',
        "“Enough!” shouted the crowd.",
        "‘Really?’ she asked.",
        "She works at Yahoo! in the accounting department.",
    ],
)
def test_question_or_exclamation_followed_by_lowercase_continues(text):
    assert sentences(text) == [text]


def test_question_and_exclamation_end_sentences():
    assert sentences("What is your name? My name is Jonas. Hello!! Long time no see.") == [
        "What is your name?",
        "My name is Jonas.",
        "Hello!!",
        "Long time no see.",
    ]


def test_offsets_count_code_points_with_emoji():
    text = "😀 Iraq said no. 👍🏽 The US said yes."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["😀 Iraq said no.", "👍🏽 The US said yes."]
    assert spans[1][0] == text.index("👍")


# --- Properties -----------------------------------------------------------------------------

_FRAGMENTS = [
    "Gen.", "U.S.", "a.m.", "Mr.", "No.", "1.", "2.", "1.)", "2)", "a.", "b.", "•", "⁃", " ", "  ", "\n", "\n\n",
    "\r\n", "\t", "\u00a0", "\u2028", ".", "!", "?", "...", ". . .", "…", "[...]",
    '"', "'", "“", "”", "‘", "’",
    "(", ")", "[", "]", "😀", "👍🏽", "Word", "word", "I", "The", "How", "3.5", "http://x.y/z.", "a@b.c",
]
_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("aZ1 .!?\"'“”‘’()[]…•⁃\n\t\u00a0😀")), max_size=300),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=80).map("".join),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_spans_are_sorted_trimmed_and_cover_all_text(text):
    spans = split_sentences(text)
    previous_end = 0
    covered = set()
    for start, end in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert not any(c in LINE_BREAKS for c in text[start:end])
        covered.update(range(start, end))
        previous_end = end
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered


@pytest.mark.parametrize(
    "text",
    [
        "a" + "." * 200_000 + "b",
        "x" + " " * 200_000 + "y.",
        ". " * 100_000 + "x",
        "U.S. " * 40_000,
        "a" + "?!" * 100_000 + "b",
        "1. a " + " ".join(f"{n}. x" for n in range(2, 30_000)),
        "He said." + "”" * 200_000 + "x",
    ],
    ids=["dots", "spaces", "spaced-dots", "abbreviations", "marks", "long-list", "closers"],
)
def test_pathological_text_is_linear(text):
    # A quadratic scan of 200 000 characters takes minutes; a linear one, milliseconds.
    started = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - started < 5
    assert spans
