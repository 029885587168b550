"""Parsing plain text and Markdown into article text and metadata. Pure: no file access.

Plain text: the first line is the headline; a short second paragraph without a
full stop is the subheadline; "Author: X" / "By X" lines give the byline.
Markdown: a leading "# " heading is the headline; emphasis markers and link
syntax are removed, and ``[label](url)`` links become article links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck_gui.core.errors import InputError
from factcheck_gui.core.model import ArticleMeta, Link
from factcheck_gui.core.text import fold_for_matching, normalize_newlines

_AUTHOR_LINE = re.compile(r"^(?:Author|By|Written by)\s*:?\s+(?P<name>[^\n]{2,80})$", re.IGNORECASE)


@dataclass
class ParsedText:
    """Article text ready for an Article, with what the input told about it."""

    text: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    links: list[Link] = field(default_factory=list)


WRAPPED_LINE_MIN = 50  # a line at least this long that stops mid-sentence was hard-wrapped
_ENDS_LINE = (".", "!", "?", ":", "\"", "\u201d", "\u2019", ")", "\u2026")


def _unwrap(paragraph: str) -> str:
    """Join the lines of a hard-wrapped paragraph (e-mail style, ~72 columns) with spaces.

    A line is joined to the next when it is long and does not end a sentence; short
    lines (headlines, addresses, lists) stay as they are.
    """
    lines = paragraph.split("\n")
    if len(lines) < 2:
        return paragraph
    out = [lines[0]]
    for line in lines[1:]:
        previous = out[-1]
        if len(previous) >= WRAPPED_LINE_MIN and not previous.endswith(_ENDS_LINE) and line[:1] not in ("-", "*", "\u2022"):
            out[-1] = f"{previous} {line.lstrip()}"
        else:
            out.append(line)
    return "\n".join(out)


def _tidy_paragraphs(text: str) -> str:
    """Trim trailing spaces, unwrap hard-wrapped lines, collapse runs of blank lines, strip the ends."""
    lines = [line.rstrip() for line in normalize_newlines(text).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return "\n\n".join(_unwrap(paragraph) for paragraph in text.split("\n\n"))


def _check_not_empty(text: str) -> None:
    if not text.strip():
        raise InputError("The article is empty: there is no text to check.")


def parse_plain_text(raw: str) -> ParsedText:
    """Headline from the first line, subheadline from a short second paragraph, byline from an author line."""
    _check_not_empty(raw)
    text = _tidy_paragraphs(raw)
    paragraphs = text.split("\n\n")
    meta = ArticleMeta()
    first_line = paragraphs[0].split("\n", 1)[0].strip()
    if len(first_line) <= 200:
        meta.title = first_line
    if len(paragraphs) > 1 and meta.title:
        second = paragraphs[1].strip()
        short_line = "\n" not in second and len(second) <= 200 and not second.endswith((".", "!", "?", ":"))
        if short_line and not _AUTHOR_LINE.match(second):
            meta.subtitle = second
    for paragraph in paragraphs:
        match = _AUTHOR_LINE.match(paragraph.strip())
        if match:
            meta.byline = match.group("name").strip()
            break
    return ParsedText(text=text, meta=meta)


_SENTENCE_END = (".", "!", "?", "\u3002", "\uff01", "\uff1f")
_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)]\u300d\u300f"
_ELLIPSIS = re.compile(r"(?:\.{2,}|\u2026|\[\s*(?:\.{3}|\u2026)\s*\]|\(\s*(?:\.{3}|\u2026)\s*\))$")
DEK_MAX_UNFINISHED = 120  # a dek without a full stop longer than this was probably cut off


def is_complete_description(description: str) -> bool:
    """Whether a page's description reads as written, not cut off by the site.

    Sites often cut descriptions ("... with t", "... with the…"): such a text must not be
    shown as the article's dek. A description is complete when it ends a sentence, or when
    it is short, does not end with an ellipsis, and its last word is not a lone letter.
    """
    text = " ".join(description.split())
    if not text or _ELLIPSIS.search(text):
        return False
    if text.rstrip(_CLOSERS).endswith(_SENTENCE_END):
        return True
    last = text.split()[-1]
    if len(last) == 1 and last.isalpha() and last not in ("a", "A", "I"):
        return False
    return len(text) <= DEK_MAX_UNFINISHED


def with_headline(text: str, links: list[Link], title: str, dek: str = "") -> ParsedText:
    """*text* starting with its headline and dek as paragraphs of their own, so they can be marked.

    Imports from web pages give the headline and the description apart from the main text.
    The headline is put first unless the text already starts with it; the *dek* (already
    checked with :func:`is_complete_description`) follows it. A dek that repeats the start
    of the text (the lede used as the page's description) is dropped: the lede stays body
    text and there is no dek. Links move with the text. The result's ``meta.title`` and ``meta.subtitle``
    are the paragraphs as they stand in the text (``subtitle`` empty without a dek).
    """
    title, dek = " ".join(title.split()), " ".join(dek.split())
    if _same_words(dek, title):
        dek = ""
    insert_at, pieces = 0, []
    if title:
        if _same_words(_paragraph_at(text, 0), title):
            insert_at = _next_paragraph(text, 0)
        else:
            pieces.append(title)
    if dek:
        here = _paragraph_at(text, insert_at)
        if fold_for_matching(here[: len(dek) + 80]).startswith(fold_for_matching(dek)):
            dek = ""  # the description is the lede (or its start): it stays body text, no dek
        else:
            pieces.append(dek)
    if not pieces:
        return ParsedText(text=text, meta=ArticleMeta(title=title, subtitle=dek), links=list(links))
    inserted = "\n\n".join(pieces) + ("\n\n" if text[insert_at:] else "")
    if insert_at and not text[:insert_at].endswith("\n\n"):
        inserted = "\n\n" + inserted.rstrip("\n")
    shift = len(inserted)
    moved = [Link(link.start + shift, link.end + shift, link.href) if link.start >= insert_at else link for link in links]
    return ParsedText(
        text=text[:insert_at] + inserted + text[insert_at:], meta=ArticleMeta(title=title, subtitle=dek), links=moved
    )


def _same_words(a: str, b: str) -> bool:
    return bool(a.split()) and a.split() == b.split()


def _paragraph_at(text: str, start: int) -> str:
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else len(text)]


def _next_paragraph(text: str, start: int) -> int:
    """Where the paragraph after the one at *start* begins (the end of the text if none)."""
    end = text.find("\n\n", start)
    if end < 0:
        return len(text)
    while end < len(text) and text[end] == "\n":
        end += 1
    return end


_MD_LINK = re.compile(r"(?<!!)\[(?P<label>[^\]\n]+)\]\((?P<href>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_QUOTE = re.compile(r"^>\s?", re.MULTILINE)
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$", re.MULTILINE)
_MD_FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)


def parse_markdown(raw: str) -> ParsedText:
    """Markdown to plain article text, keeping ``[label](url)`` links as ranges."""
    _check_not_empty(raw)
    source = normalize_newlines(raw)
    meta_fields: dict[str, str] = {}
    front = _MD_FRONT_MATTER.match(source)
    if front:
        for line in front.group("body").split("\n"):
            key, _, value = line.partition(":")
            if value.strip():
                meta_fields[key.strip().lower()] = value.strip().strip("\"'")
        source = source[front.end() :]
    source = _MD_IMAGE.sub("", source)
    source = _MD_RULE.sub("", source)
    source = _MD_QUOTE.sub("", source)
    source = _MD_HEADING.sub("", source)
    for _ in range(2):  # nested emphasis such as ***bold italic***
        source = _MD_EMPHASIS.sub(lambda m: m.group(2), source)
    source = _tidy_paragraphs(source)

    # Replace links by their labels, remembering where each label lands.
    out, links, last = [], [], 0
    length = 0
    for match in _MD_LINK.finditer(source):
        chunk = source[last : match.start()]
        out.append(chunk)
        length += len(chunk)
        label = match.group("label")
        links.append(Link(length, length + len(label), match.group("href")))
        out.append(label)
        length += len(label)
        last = match.end()
    out.append(source[last:])
    text = "".join(out)
    _check_not_empty(text)

    parsed = parse_plain_text(text)
    parsed.links = links
    parsed.text = text  # parse_plain_text only tidies; keep offsets of links valid
    meta = parsed.meta
    meta.title = meta_fields.get("title", meta.title)
    meta.subtitle = meta_fields.get("subtitle", meta.subtitle)
    meta.byline = meta_fields.get("author", meta_fields.get("byline", meta.byline))
    meta.publisher = meta_fields.get("publisher", meta.publisher)
    meta.published = meta_fields.get("date", meta_fields.get("published", meta.published))
    meta.url = meta_fields.get("url", meta.url)
    return parsed
