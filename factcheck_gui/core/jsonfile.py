"""The article file's exact text: indented JSON in a stable key order. Pure: no I/O.

Written by hand rather than with ``json.dumps(indent=2)`` for two reasons: offset
pairs such as sentence boundaries go on one line each (a file diffs and merges
well), and strings use the C encoder, which ``indent`` would turn off.
The store writes this text; the JSON export returns it, so both are identical.

Saving is frequent (autosave) while most of an article does not change between
two saves, so the big parts are remembered in their written form: the text (with
its SHA-256), the sentence offsets, and each claim and source. A part is written
again only when its content differs from the remembered one (and encoded as UTF-8
again only then, by :func:`dumps_article_utf8`). The output never depends on the
caches, only the time it takes, as long as an article does not change while it is being
written: write it on the thread that edits it, or write a snapshot of it
(``Article.snapshot()``) on another (the window's autosave and exports do). Articles may be
written from several threads at once; the caches are shared.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any

from factcheck_gui.core.model import Article, Claim, Source
from factcheck_gui.core.schema import article_to_dict

_encode_string = json.encoder.encode_basestring  # C-accelerated; json.dumps(indent=2) would be pure Python


def _encode_scalar(value: Any) -> str:
    """JSON for a str, int, float, bool or None, exactly as json.dumps(ensure_ascii=False) writes it."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return json.dumps(value)


_SCALARS = (str, int, float, bool, type(None))


class _Written:
    """A value already written as JSON at the depth it is used at; copied to the output as it is."""

    __slots__ = ("_utf8", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._utf8: bytes | None = None

    @property
    def utf8(self) -> bytes:
        if self._utf8 is None:
            self._utf8 = self.text.encode("utf-8")
        return self._utf8


_key_texts: dict[Any, str] = {}  # the few keys of the format, as written before their values


def _key_text(key: Any) -> str:
    """``"key": `` for a key of an object."""
    text = _key_texts.get(key) if type(key) is str else None
    if text is None:
        text = _encode_scalar(key) + ": "
        if type(key) is str and len(_key_texts) < 1000:
            _key_texts[key] = text
    return text


def _is_offset_pair(value: Any) -> bool:
    return type(value) is list and len(value) == 2 and type(value[0]) is int and type(value[1]) is int


def _write(value: Any, depth: int, out: list[Any]) -> None:
    """Append *value* as JSON indented like ``json.dumps(indent=2)``, offset pairs on one line.

    Appends pieces rather than joining nested text, so a big string is copied once, by the caller's join.
    """
    if isinstance(value, _SCALARS):
        out.append(_encode_scalar(value))
        return
    if type(value) is _Written:
        out.append(value)  # the caller joins it, as text or as UTF-8
        return
    if not value:
        out.append("{}" if isinstance(value, dict) else "[]")
        return
    pad = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        separator = "," + pad
        out.append("{" + pad)
        first = True
        for key, item in value.items():
            if first:
                first = False
            else:
                out.append(separator)
            if type(item) is str:
                out.append(_key_text(key) + _encode_string(item))
            elif isinstance(item, _SCALARS):
                out.append(_key_text(key) + _encode_scalar(item))
            else:
                out.append(_key_text(key))
                _write(item, depth + 1, out)
        out.append("\n" + "  " * depth + "}")
        return
    if _is_offset_pair(value):
        out.append(f"[{value[0]}, {value[1]}]")
        return
    if all(_is_offset_pair(item) for item in value):
        out.append("[" + pad + ("," + pad).join([f"[{a}, {b}]" for a, b in value]) + "\n" + "  " * depth + "]")
        return
    opening = "[" + pad
    for item in value:
        out.append(opening)
        _write(item, depth + 1, out)
        opening = "," + pad
    out.append("\n" + "  " * depth + "]")


def _written(value: Any, depth: int) -> _Written:
    out: list[Any] = []
    _write(value, depth, out)
    return _Written(_join(out))


def _join(pieces: list[Any]) -> str:
    return "".join([piece.text if type(piece) is _Written else piece for piece in pieces])


# -- what was written before ------------------------------------------------------------------
#
# Keys are snapshots of the content a part is written from; a remembered text is used only
# when its key equals the current one. Strings compare by identity first, so an unchanged
# part costs a tuple comparison. The caches are bounded and shared by all articles.

_TOP_DEPTH = 1  # depth of the values of the top-level object
_ITEM_DEPTH = 2  # depth of the items of its lists (claims, sources)
_MAX_TEXTS = 4
_MAX_SENTENCE_LISTS = 4
_MAX_ITEMS = 20_000

_Entry = tuple[tuple[Any, ...], _Written]  # (key, written) of a claim or source

_lock = threading.Lock()
# (article text, its "text" and "text_sha256" as written), newest last. Found by identity, as hashing
# a 1 MB str costs about as much as writing it; a str is immutable, so the same object is the same text.
_texts: list[tuple[str, tuple[_Written, _Written]]] = []
_sentence_lists: dict[tuple[tuple[int, int], ...], _Written] = {}
_claims: dict[str, _Entry] = {}  # by claim id
_sources: dict[str, _Entry] = {}  # by source id


def forget_written_parts() -> None:
    """Forget every remembered part, so the next save writes everything (as the first in a session)."""
    with _lock:
        for cache in (_texts, _sentence_lists, _claims, _sources):
            cache.clear()


_claim_fields = attrgetter(*(item.name for item in fields(Claim)))
_source_fields = attrgetter(*(item.name for item in fields(Source)))


def _claim_key(claim: Claim) -> tuple[Any, ...]:
    """Everything a claim is written from: its fields (not what else its ``__dict__`` holds, such as the
    copy a snapshot remembers), its selector's and its pins' (its list of pins may change in place)."""
    return (*_claim_fields(claim), *vars(claim.selector).values(), *claim.evidence)


def _source_key(source: Source) -> tuple[Any, ...]:
    """Everything a source is written from; its lists are copied in as tuples."""
    return (*_source_fields(source), tuple(source.redirects), tuple(source.authors))


def _remember(cache: dict[Any, Any], key: Any, value: Any, limit: int) -> None:
    """Keep *value* under *key*, forgetting the oldest entry when *cache* holds *limit* already."""
    with _lock:  # shared by the articles written on every thread
        if len(cache) >= limit and key not in cache:
            del cache[next(iter(cache))]
        cache[key] = value


def _cached_items(
    items: list[Any], cache: dict[str, _Entry], key_of: Callable[[Any], tuple[Any, ...]]
) -> tuple[list[_Written | None], list[tuple[int, Any, tuple[Any, ...]]]]:
    """The written form of each item where it is remembered (else None), and the others as (index, item, key)."""
    written: list[_Written | None] = []
    missing: list[tuple[int, Any, tuple[Any, ...]]] = []
    for index, item in enumerate(items):
        key = key_of(item)
        entry = cache.get(item.id)
        if entry is not None and entry[0] == key:
            written.append(entry[1])
        else:
            written.append(None)
            missing.append((index, item, key))
    return written, missing


def dumps_article(article: Article) -> str:
    """The article file's text: indented JSON with a stable key order and a final newline.

    Offset pairs such as sentence boundaries are written on one line each.
    """
    return _join(_pieces(article))


def dumps_article_utf8(article: Article) -> bytes:
    """The article file's bytes: :func:`dumps_article` encoded as UTF-8, without encoding the unchanged parts again."""
    out: list[bytes] = []
    run: list[str] = []
    for piece in _pieces(article):
        if type(piece) is _Written:
            out.append("".join(run).encode("utf-8"))
            out.append(piece.utf8)
            run = []
        else:
            run.append(piece)
    out.append("".join(run).encode("utf-8"))
    return b"".join(out)


def _pieces(article: Article) -> list[Any]:
    """The article file's text in pieces: strings, and remembered parts."""
    text_entry = next((entry for text, entry in list(_texts) if text is article.text), None)
    sentence_offsets = tuple(article.sentences)
    sentences_key: tuple[Any, ...] | None = sentence_offsets
    try:
        sentences = _sentence_lists.get(sentence_offsets)
    except TypeError:  # offsets given as lists rather than tuples: written every time
        sentences_key, sentences = None, None
    claims, new_claims = _cached_items(article.claims, _claims, _claim_key)
    sources, new_sources = _cached_items(article.sources, _sources, _source_key)

    # The schema maps the model to a dict (key order, names); it is given only the parts not remembered.
    shell = copy.copy(article)
    shell.text = article.text if text_entry is None else ""
    shell.sentences = article.sentences if sentences is None else []
    shell.claims = [claim for _, claim, _ in new_claims]
    shell.sources = [source for _, source, _ in new_sources]
    document = article_to_dict(shell)

    if text_entry is None:
        text_entry = (_written(document["text"], _TOP_DEPTH), _written(document["text_sha256"], _TOP_DEPTH))
        with _lock:
            _texts[: max(0, len(_texts) - _MAX_TEXTS + 1)] = []
            _texts.append((article.text, text_entry))
    if sentences is None:
        sentences = _written(document["sentences"], _TOP_DEPTH)
        if sentences_key is not None:
            _remember(_sentence_lists, sentences_key, sentences, _MAX_SENTENCE_LISTS)
    for (index, claim, key), as_dict in zip(new_claims, document["claims"], strict=True):
        claims[index] = _written(as_dict, _ITEM_DEPTH)
        _remember(_claims, claim.id, (key, claims[index]), _MAX_ITEMS)
    for (index, source, key), as_dict in zip(new_sources, document["sources"], strict=True):
        sources[index] = _written(as_dict, _ITEM_DEPTH)
        _remember(_sources, source.id, (key, sources[index]), _MAX_ITEMS)

    document["text"], document["text_sha256"] = text_entry
    document["sentences"] = sentences
    document["claims"] = claims
    document["sources"] = sources
    out: list[Any] = []
    _write(document, 0, out)
    out.append("\n")
    return out
