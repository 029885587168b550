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
from factcheck_gui.core.text import normalize_newlines

_AUTHOR_LINE = re.compile(r"^(?:Author|By|Written by)\s*:?\s+(?P<name>[^\n]{2,80})$", re.I)


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
        if "\n" not in second and len(second) <= 200 and not second.endswith((".", "!", "?", ":")):
            if not _AUTHOR_LINE.match(second):
                meta.subtitle = second
    for paragraph in paragraphs:
        match = _AUTHOR_LINE.match(paragraph.strip())
        if match:
            meta.byline = match.group("name").strip()
            break
    return ParsedText(text=text, meta=meta)


_MD_LINK = re.compile(r"(?<!!)\[(?P<label>[^\]\n]+)\]\((?P<href>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_MD_QUOTE = re.compile(r"^>\s?", re.M)
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$", re.M)
_MD_FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.S)


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
