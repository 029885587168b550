"""Property tests: re-anchoring after random edits, and lossless save/load round trips."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factcheck_gui.core.anchoring import reanchor_claims
from factcheck_gui.core.editing import add_claim, new_article
from factcheck_gui.core.model import ArticleMeta, Evidence, Link, Source, SourceKind, Stance
from factcheck_gui.core.schema import article_from_dict
from factcheck_gui.store.articlefile import dumps_article, loads_document

WORDS = st.sampled_from(
    "the minister said Iraq Russia help war officials claimed 40 percent of aid would be cut "
    "yesterday report general statement “quoted” don’t 😀 café — 3.5 U.S. Jan. 5".split()
)
SENTENCE = st.lists(WORDS, min_size=4, max_size=14).map(lambda ws: " ".join(ws) + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
TEXT = st.lists(PARAGRAPH, min_size=2, max_size=6).map("\n\n".join)
EDIT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@st.composite
def text_with_claim(draw):
    text = draw(TEXT)
    # the claim: a whole sentence-sized slice taken from a paragraph, made unique by a marker
    marker = "UNIQUECLAIMMARKER"
    paragraphs = text.split("\n\n")
    index = draw(st.integers(0, len(paragraphs) - 1))
    paragraphs[index] = paragraphs[index] + f" The {marker} says aid fell by 12 percent."
    text = "\n\n".join(paragraphs)
    start = text.index(f"The {marker}")
    end = start + len(f"The {marker} says aid fell by 12 percent.")
    return text, start, end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_with_claim(), st.data())
def test_claim_reanchors_after_edits_elsewhere(case, data):
    text, start, end = case
    article = new_article(text)
    claim = add_claim(article, start, end)
    exact = claim.exact
    edited = text
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, len(edited)))
        claim_start = edited.find(exact)
        if claim_start < where < claim_start + len(exact):
            where = claim_start  # keep edits outside the claim itself
        insertion = data.draw(EDIT)
        assume(exact not in insertion)
        if data.draw(st.booleans()) and where < len(edited):
            cut_end = min(len(edited), where + data.draw(st.integers(1, 20)))
            claim_start = edited.find(exact)
            if not (cut_end <= claim_start or where >= claim_start + len(exact)):
                continue
            edited = edited[:where] + edited[cut_end:]
        else:
            edited = edited[:where] + insertion + edited[where:]
    assume(edited.count(exact) == 1)
    reanchor_claims(edited, [claim])
    assert not claim.orphaned
    assert edited[claim.start : claim.end] == exact


@settings(max_examples=100, deadline=None)
@given(text_with_claim(), st.text(min_size=1, max_size=30))
def test_claim_whose_own_text_is_destroyed_is_orphaned_not_misplaced(case, replacement):
    text, start, end = case
    article = new_article(text)
    claim = add_claim(article, start, end)
    edited = text[:start] + replacement + text[end:]
    reanchor_claims(edited, [claim])
    if claim.orphaned:
        return
    # if it was found, it must be a near-identical text, never an unrelated look-alike
    import difflib

    found = edited[claim.start : claim.end]
    assert difflib.SequenceMatcher(None, found, claim.exact).ratio() >= 0.8


OPTIONAL_TEXT = st.text(max_size=40)


@st.composite
def articles(draw):
    text = draw(TEXT)
    meta = ArticleMeta(**{f: draw(OPTIONAL_TEXT) for f in ("title", "subtitle", "byline", "publisher", "published", "url", "language")})
    article = new_article(text, meta)
    length = len(article.text)
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, length - 1))
        b = draw(st.integers(a + 1, length))
        article.links.append(Link(a, b, draw(st.sampled_from(["https://example.org/x", "http://a.b/c?d=1#e"]))))
    for _ in range(draw(st.integers(0, 3))):
        source = Source(url=draw(OPTIONAL_TEXT), title=draw(OPTIONAL_TEXT), authors=draw(st.lists(OPTIONAL_TEXT, max_size=2)),
                        kind=draw(st.sampled_from(list(SourceKind))), status=draw(st.none() | st.integers(100, 599)),
                        size=draw(st.none() | st.integers(0, 10**9)), text=draw(st.text(max_size=200)),
                        redirects=draw(st.lists(OPTIONAL_TEXT, max_size=2)))
        article.sources.append(source)
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, length - 1))
        b = draw(st.integers(a + 1, length))
        if not article.text[a:b].strip():
            continue
        claim = add_claim(article, a, b, verdict=draw(st.none() | st.sampled_from(["true", "false", "misleading"])),
                          rationale=draw(st.text(max_size=80)), claimant=draw(OPTIONAL_TEXT))
        for source in article.sources[: draw(st.integers(0, len(article.sources)))]:
            claim.evidence.append(Evidence(source.id, draw(st.sampled_from(list(Stance))), draw(OPTIONAL_TEXT), draw(OPTIONAL_TEXT)))
    return article


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_every_article_survives_a_save_load_round_trip(article):
    first = dumps_article(article)
    loaded = article_from_dict(loads_document(first.encode("utf-8"), "x.json"))
    assert loaded == article
    assert dumps_article(loaded) == first
    assert json.loads(first)["text"] == article.text
