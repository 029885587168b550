"""The article file's text: what ``json.dumps(indent=2)`` writes, offset pairs on one line, after any edit.

The writer remembers the written form of the parts that did not change since the last
save (text, sentences, claims, sources). These tests edit an article the way the app
does, in place, and check after each edit that the text is exactly what a writer
without memory gives.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck_gui.core.editing import (
    add_claim,
    add_source,
    find_text,
    new_article,
    pin_source,
)
from factcheck_gui.core.jsonfile import dumps_article, dumps_article_utf8
from factcheck_gui.core.model import (
    Article,
    Claim,
    ClaimantType,
    Evidence,
    QuoteSelector,
    ReviewStatus,
    Source,
    SourceKind,
    Stance,
    TraceSummary,
)
from factcheck_gui.core.plaintext import parse_plain_text
from factcheck_gui.core.schema import article_to_dict

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "us-tells-iraq-to-choose.txt"
_PAIR = re.compile(r"\[\n\s*(-?\d+),\n\s*(-?\d+)\n\s*\]")


def expected_text(article: Article) -> str:
    """The file's text by definition: json.dumps(indent=2), each [start, end] pair on one line."""
    return _PAIR.sub(r"[\1, \2]", json.dumps(article_to_dict(article), indent=2, ensure_ascii=False)) + "\n"


def sample_article() -> Article:
    """The sample with two claims, one of them with a source pinned."""
    parsed = parse_plain_text(SAMPLE.read_text(encoding="utf-8"))
    article = new_article(parsed.text, parsed.meta)
    dunford = add_claim(article, *find_text(article, "Yesterday, when Gen. Joe Dunford"), verdict="false",
                        claimant="Gen. Joe Dunford")
    add_claim(article, *find_text(article, "Officials are making that all the more clear today"))
    source = add_source(article, Source(url="https://www.defense.gov/t/", title="Briefing", authors=["A. Writer"],
                                        kind=SourceKind.OFFICIAL, status=200, size=1234))
    pin_source(article, dunford.id, source.id, "refutes", quote="We have not been asked by Iraq.")
    return article


@pytest.fixture
def article() -> Article:
    return sample_article()


def test_the_file_is_indented_json_with_offset_pairs_on_one_line(article: Article) -> None:
    text = dumps_article(article)
    assert text == expected_text(article)
    start, end = article.sentences[0]
    assert f"\n    [{start}, {end}]," in text
    assert json.loads(text) == json.loads(json.dumps(article_to_dict(article)))


def test_writing_again_after_each_kind_of_edit_gives_the_new_content(article: Article) -> None:
    claim, other = article.claims
    source = article.sources[0]
    edits = [
        lambda: setattr(claim, "verdict", "true"),
        lambda: setattr(claim, "rationale", "The transcript says otherwise."),
        claim.touch,
        lambda: setattr(claim, "selector", dataclasses.replace(claim.selector, prefix="changed ")),
        lambda: claim.evidence.append(Evidence(source.id, Stance.CONTEXT, "", "a note")),
        lambda: claim.evidence.__setitem__(0, dataclasses.replace(claim.evidence[0], stance=Stance.SUPPORTS)),
        lambda: claim.evidence.__setitem__(0, dataclasses.replace(claim.evidence[0], quote="Another quote.")),
        lambda: claim.evidence.pop(),
        lambda: setattr(other, "orphaned", True),
        lambda: setattr(other, "start", other.start + 1),
        lambda: source.authors.append("B. Writer"),
        lambda: source.redirects.append("https://www.defense.gov/r/"),
        lambda: setattr(source, "status", 301),
        lambda: setattr(source, "kind", SourceKind.NEWS),
        lambda: setattr(source, "text", "The whole briefing."),
        lambda: article.meta.__setattr__("title", "A new headline"),
        lambda: article.sentences.append((len(article.text) - 1, len(article.text))),
        lambda: article.sentences.pop(0),
        lambda: setattr(article, "text", article.text + " One more sentence."),
        lambda: article.claims.reverse(),
        lambda: article.claims.pop(),
        lambda: article.sources.append(Source(url="https://example.org/")),
    ]
    assert dumps_article(article) == expected_text(article)
    for edit in edits:
        edit()
        expected = expected_text(article)
        assert dumps_article(article) == expected
        assert dumps_article_utf8(article) == expected.encode("utf-8")


def change_each_field(article: Article, model: type) -> Iterator[str]:
    """Change every field of *model* (Claim, QuoteSelector, Evidence, Source) of the article's first claim
    or source, one after the other, as the app could (lists in place; an immutable selector or pin by a
    new one in its place), yielding each field's name after its change."""
    claim = article.claims[0]
    holders = {Claim: claim, QuoteSelector: claim.selector, Evidence: claim.evidence[0], Source: article.sources[0]}
    for field in dataclasses.fields(model):
        holder = holders[model] if model in (Claim, Source) else claim.selector if model is QuoteSelector \
            else claim.evidence[0]
        value = getattr(holder, field.name)
        if isinstance(value, list):
            value.append(value[0] if value else "x")  # changed in place, as the app does
            yield field.name
            continue
        if isinstance(value, bool):
            new_value: object = not value
        elif isinstance(value, (Stance, SourceKind, ReviewStatus)):
            new_value = next(v for v in type(value) if v != value)
        elif isinstance(value, int):
            new_value = value + 1
        elif value is None and field.name == "trace":
            new_value = TraceSummary(origin="https://example.org/", independent_origins=1)
        elif value is None and field.name == "claimant_type":
            new_value = ClaimantType.ORGANIZATION
        elif value is None:
            new_value = 7 if field.name in ("status", "size") else "mostly-true"
        elif isinstance(value, str):
            new_value = value + " (edited)"
        else:
            continue  # a nested object: its own fields are checked through its own holder
        if model is QuoteSelector:
            claim.selector = dataclasses.replace(claim.selector, **{field.name: new_value})
        elif model is Evidence:
            claim.evidence[0] = dataclasses.replace(claim.evidence[0], **{field.name: new_value})
        else:
            setattr(holder, field.name, new_value)
        yield field.name


@pytest.mark.parametrize("model", [Claim, QuoteSelector, Evidence, Source])
def test_every_field_of_a_claim_or_source_is_written_again_when_it_changes(article: Article, model: type) -> None:
    """A field added to the model one day must not be missed by the writer's memory."""
    dumps_article(article)
    for name in change_each_field(article, model):
        assert dumps_article(article) == expected_text(article), name


def test_two_articles_with_the_same_text_each_get_their_own_file(article: Article) -> None:
    twin = new_article(article.text, article.meta)
    add_claim(twin, *find_text(twin, "Officials are making that all the more clear today"), verdict="true")
    assert dumps_article(article) == expected_text(article)
    assert dumps_article(twin) == expected_text(twin)
    assert dumps_article(article) == expected_text(article)


def test_sentences_given_as_lists_are_written_the_same(article: Article) -> None:
    expected = dumps_article(article)
    article.sentences = [list(pair) for pair in article.sentences]  # type: ignore[misc]
    assert dumps_article(article) == expected
