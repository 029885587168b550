"""The article model, the verdict scale, plain-text and Markdown parsing, UTF-16 offsets."""

from __future__ import annotations

import pytest

from factcheck_gui.core.editing import (
    add_claim,
    add_source,
    find_text,
    new_article,
    pin_source,
    remove_claim,
    resolve_verdict,
    restore_claim,
)
from factcheck_gui.core.errors import InputError, NotFoundError
from factcheck_gui.core.model import Source, Stance
from factcheck_gui.core.plaintext import parse_markdown, parse_plain_text
from factcheck_gui.core.text import Utf16Index, fold_for_matching, normalize_newlines
from factcheck_gui.core.verdicts import DEFAULT_SCALE


def test_sample_metadata_comes_from_the_text(sample_text):
    meta = parse_plain_text(sample_text).meta
    assert meta.title == "US Tells Iraq to Choose Between Them and Russia in ISIS War"
    assert meta.subtitle == "Ruling Party, Militias Urge PM to Ask Russia for Help"
    assert meta.byline == "Jason Ditz"


def test_default_scale_follows_common_practice():
    labels = [v.label for v in DEFAULT_SCALE.verdicts]
    assert labels == ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading", "Unproven",
                      "Not a checkable claim"]
    assert DEFAULT_SCALE.get("false").rating == 1 and DEFAULT_SCALE.get("true").rating == 5
    assert DEFAULT_SCALE.get("misleading").rating is None
    assert DEFAULT_SCALE.by_number(5).key == "false"
    assert all(v.color.startswith("#") and len(v.color) == 7 for v in DEFAULT_SCALE.verdicts)


@pytest.mark.parametrize("given", ["false", "False", "5", "FALSE"])
def test_verdicts_resolve_from_key_label_or_number(given):
    assert resolve_verdict(given) == "false"
    assert resolve_verdict("Mostly false") == "mostly-false"


def test_unknown_verdict_is_a_clear_error():
    with pytest.raises(InputError, match="Unknown verdict"):
        resolve_verdict("kinda")


def test_claims_and_pinned_sources(sample_text):
    parsed = parse_plain_text(sample_text)
    article = new_article(parsed.text, parsed.meta)
    claim = add_claim(article, *find_text(article, "Iraq would lose all sorts of US aid"), verdict="false")
    source = add_source(article, Source(url="https://example.org/a", title="A"))
    again = add_source(article, Source(url="https://example.org/a", title="duplicate"))
    assert again is source and len(article.sources) == 1
    evidence = pin_source(article, claim.id, source.id, "refutes", quote="q")
    assert evidence.stance is Stance.REFUTES and claim.evidence == [evidence]
    with pytest.raises(InputError):
        pin_source(article, claim.id, source.id, "maybe")
    with pytest.raises(NotFoundError):
        pin_source(article, "c-nope", source.id)
    assert article.claims_citing(source.id) == [claim]


def test_selection_of_only_white_space_is_refused(sample_text):
    article = new_article(sample_text)
    blank = article.text.index("\n\n")
    with pytest.raises(InputError, match="empty selection"):
        add_claim(article, blank, blank + 2)


def test_empty_article_is_refused():
    with pytest.raises(InputError, match="empty"):
        new_article(" \n\n ")


def test_newlines_are_normalised():
    assert normalize_newlines("\ufeffa\r\nb\rc\u2028d") == "a\nb\nc\nd"


def test_utf16_offsets_count_astral_characters_twice():
    text = "a😀b🇺🇸c"
    index = Utf16Index(text)
    assert [index.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    for offset in range(len(text) + 1):
        assert index.from_utf16(index.to_utf16(offset)) == offset
    assert len(text.encode("utf-16-le")) // 2 == index.to_utf16(len(text))


def test_folding_makes_typographic_look_alikes_equal():
    assert fold_for_matching("doesn’t  want “Russia’s help” — now") == fold_for_matching("Doesn't want \"russia's help\" - now")


def test_markdown_keeps_links_as_ranges_and_front_matter_as_metadata():
    parsed = parse_markdown(
        "---\ntitle: A Title\npublisher: Example News\n---\n# Heading\n\n"
        "The **minister** said [the report](https://example.org/r) was wrong.\n"
    )
    assert parsed.meta.title == "A Title" and parsed.meta.publisher == "Example News"
    assert "**" not in parsed.text and "](" not in parsed.text
    (link,) = parsed.links
    assert parsed.text[link.start : link.end] == "the report" and link.href == "https://example.org/r"


def test_hard_wrapped_paragraphs_are_unwrapped_but_short_lines_stay():
    raw = (
        "A headline\n\n"
        "Officials are making that all the more clear today, saying they had\n"
        "explicitly warned Iraq that it has to choose between Russia and the\n"
        "US. Dunford added there was angst.\n\n"
        "Jason Ditz\nAntiwar.com\n"
    )
    text = parse_plain_text(raw).text
    assert "saying they had explicitly warned Iraq that it has to choose between Russia and the US. Dunford" in text
    assert text.endswith("Jason Ditz\nAntiwar.com")


def test_remove_and_restore_a_claim_keeps_it_whole_and_in_place(sample_text):
    article = new_article(sample_text)
    first = add_claim(article, *find_text(article, "Yesterday"), verdict="false", rationale="r")
    second = add_claim(article, *find_text(article, "Officials"))
    removed, index = remove_claim(article, first.id)
    assert removed is first and index == 0 and article.claims == [second]
    restore_claim(article, removed, index)
    assert article.claims == [first, second] and first.rationale == "r"
    with pytest.raises(InputError, match="already has a claim"):
        restore_claim(article, first)
    with pytest.raises(NotFoundError):
        remove_claim(article, "c-missing")


def test_untouched_sentences_are_counted_by_a_sweep_that_agrees_with_the_definition():
    import random

    from factcheck_gui.core.progress import count_untouched

    rng = random.Random(7)
    for _ in range(200):
        cuts = sorted(rng.sample(range(1, 300), 20))
        sentences = [(a, b - 1) for a, b in zip([0, *cuts], [*cuts, 300], strict=True) if b - 1 > a]
        spans = [(a, a + rng.randint(1, 40)) for a in (rng.randrange(0, 300) for _ in range(rng.randint(0, 8)))]
        slow = sum(1 for s, e in sentences if not any(a < e and s < b for a, b in spans))
        assert count_untouched(sentences, spans) == slow
