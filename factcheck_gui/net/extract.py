"""The main text of an HTML page, and an article's text with its own links as ranges.

trafilatura finds the article body; :data:`TRAFILATURA_OPTIONS` is the setting that scored
best on shared/benchmarks/articles (bench/bench_extraction.py). We walk the element tree
trafilatura builds (the one it turns into plain text) so that paragraphs are separated by
``"\\n\\n"``.

Text and links come from one trafilatura run, the one that does not keep links. Before it,
the first and the last letter of each link's label are swapped for marker letters (rare
ideographs) that number the link; trafilatura carries them along with the words, and the
walk makes ``(start, end, href)`` ranges of them and puts the letters back. trafilatura's
link-keeping mode is not used: its text differs on some pages (it drops the space after a
link, "Pro</ref>was", and sometimes whole paragraphs), and running it as well doubled the
time per page. Only a page that uses every set of marker letters itself is read that slow
way (the plain run for the text, a link-keeping run for the links, each label found in
order in the text).

When trafilatura finds nothing (tiny pages, odd markup) the page's own paragraphs are used.
A page with no text at all raises :class:`~factcheck_gui.net.errors.MalformedPageError`
from :func:`extract_article`; :func:`extract_main_text` returns "".
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from factcheck_gui.net.errors import MalformedPageError
from factcheck_gui.net.html import read_html
from factcheck_gui.net.metadata import extract_metadata
from factcheck_gui.net.urls import absolute_http_url

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "TRAFILATURA_OPTIONS",
    "ExtractedArticle",
    "LinkRange",
    "extract_article",
    "extract_main_text",
    "extract_text_and_links",
    "format_byline",
]

_log = logging.getLogger(__name__)

# Measured on shared/benchmarks/articles (181 pages) with trafilatura 2.3.1:
#   include_comments=False                       F1 0.960  P 0.942  R 0.978
#   include_comments=False, favor_precision=True F1 0.964  P 0.958  R 0.971  <- kept
#   include_comments=False, favor_recall=True    F1 0.959  P 0.941  R 0.979
# favor_precision keeps fewer "related articles" and newsletter boxes, which matters more
# to a fact-checker quoting the article than the rare lost closing line.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
}

NO_TEXT_MESSAGE = (
    "No article text was found on this page. It may be built by JavaScript, be behind a "
    "paywall or a login, or not be an article at all. Open it in a browser and save it as "
    "HTML, or paste the text instead."
)


class LinkRange(NamedTuple):
    """A hyperlink of a text: ``text[start:end]`` is its label. Unpacks as ``start, end, href``.

    Same fields as ``core.model.Link``: ``Link(*link_range)`` makes the model's link.
    """

    start: int
    end: int
    href: str


@dataclass
class ExtractedArticle:
    """An article read from HTML, ready to become a ``core.model.Article`` (all editable)."""

    text: str  # paragraphs separated by "\n\n"
    links: list[LinkRange] = field(default_factory=list)  # the article's own links, as text ranges
    title: str = ""
    subtitle: str = ""  # the page's description or standfirst
    byline: str = ""  # "Jane Doe and John Roe"
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    published: str = ""  # YYYY-MM-DD or full ISO 8601
    url: str = ""  # canonical URL if the page has one, else the address it came from
    language: str = ""


def extract_article(html: str | bytes, base_url: str = "") -> ExtractedArticle:
    """Read an article from a page (fetched, or a local .html file) to import it.

    Links are resolved against *base_url* (the page's address, or "" for a local file
    whose links are already absolute); only http and https links are kept. Raises
    :class:`MalformedPageError` when the page is empty, unreadable, or has no text.
    """
    _, tree = read_html(html)  # flattened if it was nested too deep to parse whole
    meta = extract_metadata(tree, base_url)
    text, links = extract_text_and_links(tree, base_url)
    if not text:
        raise MalformedPageError(NO_TEXT_MESSAGE, url=base_url)
    return ExtractedArticle(
        text=text,
        links=links,
        title=meta.title,
        subtitle=meta.description,
        byline=format_byline(meta.authors),
        authors=list(meta.authors),
        publisher=meta.site,
        published=meta.published,
        url=meta.canonical_url or base_url,
        language=meta.language,
    )


def extract_main_text(html: str | bytes | HtmlElement, url: str = "") -> str:
    """The page's main text (paragraphs separated by "\n\n"), or "" if it has none.

    The same text as :func:`extract_text_and_links` gives, so its link ranges fit it.
    """
    return extract_text_and_links(html, url)[0]


def extract_text_and_links(html: str | bytes | HtmlElement, base_url: str = "") -> tuple[str, list[LinkRange]]:
    """The main text and its hyperlinks as ranges: ``text[link.start:link.end]`` is the label.

    *html* may be the page's tree from :func:`~factcheck_gui.net.html.read_html`, so that one
    parse serves this and :func:`~factcheck_gui.net.metadata.extract_metadata`; the tree is
    left as it was. Never raises for a bad page: returns ``("", [])`` when there is no text.
    """
    if isinstance(html, (str, bytes)):
        try:
            _, tree = read_html(html)  # flattened if it was nested too deep to parse whole
        except MalformedPageError:
            return "", []
    else:
        tree = html
    found = _trafilatura_text_and_links(tree, base_url)
    return found if found is not None and found[0] else _fallback(tree, base_url)


def format_byline(authors: list[str]) -> str:
    """``["A"]`` -> ``"A"``; ``["A", "B"]`` -> ``"A and B"``; three or more -> ``"A, B and C"``."""
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


# -- trafilatura -----------------------------------------------------------------------------


def _trafilatura_text_and_links(tree: HtmlElement, base_url: str) -> tuple[str, list[LinkRange]] | None:
    """One trafilatura run on a copy of *tree* with its links marked; None if it found nothing."""
    import lxml.etree

    # Comments stay in the page's tree (htmldate finds dates in them) but trafilatura reads
    # pages without them (its parser drops them), and its result changes if they are there.
    page = copy.copy(tree)
    lxml.etree.strip_elements(page, lxml.etree.Comment, lxml.etree.ProcessingInstruction, with_tail=False)
    content = page.text_content()
    letters = next((letters for letters in _MARKER_SETS if not letters.pattern.search(content)), None)
    if letters is None:
        return _two_runs(page, base_url)
    marked = _MarkedLinks(page, base_url, letters)
    body = _trafilatura_body(page, base_url, links=False)
    if body is None:
        return None
    return marked.resolve(_walk(body, base_url, _TEI)[0])


def _two_runs(page: HtmlElement, base_url: str) -> tuple[str, list[LinkRange]] | None:
    """The slow way, for a page that uses the marker characters itself: text, then links."""
    body = _trafilatura_body(page, base_url, links=False)
    if body is None:
        return None
    text = _walk(body, base_url, _TEI)[0]
    linked = _trafilatura_body(page, base_url, links=True)
    return text, _align_links(text, linked, base_url) if linked is not None else []


def _trafilatura_body(tree: HtmlElement, url: str, *, links: bool) -> Any:
    try:
        import trafilatura
    except ImportError:
        _log.warning(
            "trafilatura could not be imported, so the page's paragraphs are used as its text. "
            "Reinstall factcheck-gui's dependencies for better extraction.",
            exc_info=True,
        )
        return None
    try:
        # trafilatura works on a copy of the tree. output_format="txt": we walk the body
        # ourselves, so trafilatura need not make its own text of it as it does for "python".
        document = trafilatura.bare_extraction(
            tree, url=url or None, include_links=links, with_metadata=False, output_format="txt",
            **TRAFILATURA_OPTIONS,
        )
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:
        # trafilatura is a heuristic: a page it trips on still has paragraphs to read.
        _log.debug("trafilatura failed on %s: %s; using the page's paragraphs.", url or "a page", exc)
        return None
    return getattr(document, "body", None) if document is not None else None


def _align_links(text: str, linked_body: Any, base_url: str) -> list[LinkRange]:
    """Find each link label of *linked_body*, in order, in *text*; links not found are dropped."""
    linked_text, linked = _walk(linked_body, base_url, _TEI)
    links: list[LinkRange] = []
    cursor = 0
    for link in linked:
        words = linked_text[link.start : link.end].split()
        if not words:
            continue
        pattern = re.compile(r"\s*".join(re.escape(word) for word in words))
        match = pattern.search(text, cursor)
        if match is None:
            continue  # the label is in a part only the link-keeping run extracted
        links.append(LinkRange(start=match.start(), end=match.end(), href=link.href))
        cursor = match.end()
    return links


# -- link markers ----------------------------------------------------------------------------

# The first letter of link number n's label is swapped for the letter first + 2n of a set of
# marker letters, its last letter for first + 2n + 1. The sets are ideographs that pages
# almost never use (rare Chinese characters, then Tangut): printable letters that trafilatura
# keeps as they are. Swapping instead of adding keeps every length trafilatura measures (its
# link density tests) and every word boundary as they were, so the text is the one
# trafilatura gives for the unmarked page (the same on all 181 pages of
# shared/benchmarks/articles). A page that uses every set itself is read in two runs.


class _MarkerLetters(NamedTuple):
    first: int
    last: int
    pattern: re.Pattern[str]


def _marker_letters(first: int, last: int) -> _MarkerLetters:
    return _MarkerLetters(first, last, re.compile(f"[{chr(first)}-{chr(last)}]"))


_MARKER_SETS = (
    _marker_letters(0x20000, 0x2A6DF),  # CJK Unified Ideographs Extension B
    _marker_letters(0x17000, 0x187F7),  # Tangut
)
_SKIPPED_IN_LABEL = frozenset({"script", "style", "noscript", "template"})
# Links with an address, not inside another link (a link's label is all its words).
_LINKS = ".//a[@href != ''][not(ancestor::a)]"


class _MarkedLinks:
    """Marks the labels of the links of a page's tree, which is changed in place."""

    def __init__(self, page: HtmlElement, base_url: str, letters: _MarkerLetters) -> None:
        self._base_url = base_url
        self._letters = letters
        self._hrefs: list[str] = []  # as written: only the links that are in the text are resolved
        self._labels: list[str] = []
        self._single: list[bool] = []  # a one-letter label has only its opening marker
        self.letters: dict[int, str] = {}  # marker -> the letter it stands for
        for anchor in page.xpath(_LINKS):
            if len(anchor):  # a label with markup in it
                slots = [
                    (element, slot, at) for element, slot in _label_slots(anchor) if (at := _visible(getattr(element, slot)))
                ]
            else:
                at = _visible(anchor.text)
                slots = [(anchor, "text", at)] if at else []
            if not slots:
                continue  # no words to link (an image, an icon)
            if 2 * len(self._hrefs) + 1 > letters.last - letters.first:
                break  # thousands of links: the rest stay unmarked
            number = len(self._hrefs)
            first, last = slots[0], slots[-1]
            single = first[0] is last[0] and first[1] == last[1] and first[2][0] == first[2][1]
            self._hrefs.append(anchor.get("href"))
            self._labels.append("".join(getattr(element, slot) for element, slot, _ in slots))
            self._single.append(single)
            self._swap(first[0], first[1], first[2][0], letters.first + 2 * number)
            if not single:
                self._swap(last[0], last[1], last[2][1], letters.first + 2 * number + 1)

    def _swap(self, element: Any, slot: str, at: int, marker: int) -> None:
        value = getattr(element, slot)
        self.letters[marker] = value[at]
        setattr(element, slot, value[:at] + chr(marker) + value[at + 1 :])

    def resolve(self, text: str) -> tuple[str, list[LinkRange]]:
        """*text* with its letters back, and the marked labels in it as links to http(s) pages."""
        found = []
        opened: dict[int, int] = {}
        for match in self._letters.pattern.finditer(text):
            number, closing = divmod(ord(match.group()) - self._letters.first, 2)
            if number >= len(self._hrefs):
                continue
            if closing:
                if number in opened:
                    found.append((opened.pop(number), match.end(), number))
            elif self._single[number]:
                found.append((match.start(), match.end(), number))
            else:
                opened[number] = match.start()
        text = text.translate(self.letters)
        links = []
        for start, end, number in found:
            href = absolute_http_url(self._hrefs[number], self._base_url)
            # trafilatura may drop part of a label: a range that is not all words of its
            # link's label (it took in text between two parts of the label) is left out.
            label = "".join(self._labels[number].translate(_INVISIBLE).split())
            if href and "".join(text[start:end].split()) in label:
                links.append(LinkRange(start, end, href))
        return text, sorted(links)


def _visible(value: str | None) -> tuple[int, int] | None:
    """Where the first and the last letter of *value* are (not white space, not invisible)."""
    if not value:
        return None
    first, last = 0, len(value) - 1
    while first <= last and (value[first].isspace() or ord(value[first]) in _INVISIBLE):
        first += 1
    while last > first and (value[last].isspace() or ord(value[last]) in _INVISIBLE):
        last -= 1
    return (first, last) if first <= last else None


def _label_slots(anchor: Any) -> Any:
    """Where the words of a link's label are, in order: ``(element, "text" or "tail")``."""
    yield anchor, "text"
    for element in anchor.iterdescendants():
        if isinstance(element.tag, str) and element.tag not in _SKIPPED_IN_LABEL:
            yield element, "text"
        yield element, "tail"


# -- walking a tree into text and link ranges ------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    """Which tags break paragraphs or lines, hold links, or are skipped, in one kind of tree."""

    paragraph: frozenset[str]
    line: frozenset[str]
    cell: frozenset[str]
    skip: frozenset[str]
    link: dict[str, str]


# The XML-TEI-like tree trafilatura builds: p, head, list/item, quote, table/row/cell, ref, hi, lb.
_TEI = _Vocabulary(
    paragraph=frozenset({"p", "head", "list", "quote", "table", "code", "div", "body", "doc", "main"}),
    line=frozenset({"item", "row", "lb"}),
    cell=frozenset({"cell"}),
    skip=frozenset({"graphic", "note"}),
    link={"ref": "target"},
)
# Plain HTML, for the fallback.
_HTML = _Vocabulary(
    paragraph=frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre", "table",
         "div", "section", "article", "main", "figure", "figcaption", "header", "footer", "body",
         "address", "hr"}
    ),
    line=frozenset({"li", "tr", "br", "dt", "dd"}),
    cell=frozenset({"td", "th"}),
    skip=frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object",
                    "canvas", "select", "button", "nav", "aside", "form", "img", "video", "audio"}),
    link={"a": "href"},
)

# Soft hyphens and zero-width spaces: line-breaking hints that would split words in our text.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_STRENGTH = {"": 0, " ": 1, " | ": 2, "\n": 3, "\n\n": 4}


class _TextBuilder:
    """Collects words with collapsed white space, paragraph breaks and link ranges."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = ""
        self.links: list[LinkRange] = []
        self._open: list[list[Any]] = []  # [href or None, start or None]

    def brk(self, separator: str) -> None:
        if self.length and _STRENGTH[separator] > _STRENGTH[self.pending]:
            self.pending = separator

    def text(self, value: str | None) -> None:
        if not value:
            return
        value = value.translate(_INVISIBLE)
        if not value:
            return
        if value[0].isspace():
            self.brk(" ")
        for index, word in enumerate(value.split()):
            if index:
                self.brk(" ")
            self._emit(word)
        if value[-1].isspace():
            self.brk(" ")

    def _emit(self, word: str) -> None:
        if self.pending:
            self.parts.append(self.pending)
            self.length += len(self.pending)
            self.pending = ""
        for link in self._open:
            if link[1] is None:
                link[1] = self.length
        self.parts.append(word)
        self.length += len(word)

    def open_link(self, href: str | None) -> None:
        self._open.append([href, None])

    def close_link(self) -> None:
        href, start = self._open.pop()
        if href and start is not None and self.length > start:
            self.links.append(LinkRange(start=start, end=self.length, href=href))

    def result(self) -> tuple[str, list[LinkRange]]:
        return "".join(self.parts), sorted(self.links, key=lambda link: (link.start, link.end))


def _walk(root: Any, base_url: str, vocabulary: _Vocabulary) -> tuple[str, list[LinkRange]]:
    """Text and link ranges of *root*'s subtree, without recursion (deep trees are fine)."""
    out = _TextBuilder()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if closing:
            if tag in vocabulary.link:
                out.close_link()
            if tag in vocabulary.paragraph:
                out.brk("\n\n")
            elif tag in vocabulary.line and tag not in ("lb", "br"):
                out.brk("\n")
            if element is not root:
                out.text(element.tail)
            continue
        if not tag or tag in vocabulary.skip:  # a comment, processing instruction or skipped tag
            if element is not root:
                out.text(element.tail)
            continue
        if tag in vocabulary.paragraph:
            out.brk("\n\n")
        elif tag in vocabulary.line:
            out.brk("\n")
        elif tag in vocabulary.cell:
            if element.getprevious() is not None:
                out.brk(" | ")
        if tag in vocabulary.link:
            out.open_link(absolute_http_url(element.get(vocabulary.link[tag]) or "", base_url))
        out.text(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    return out.result()


def _fallback(tree: HtmlElement, base_url: str) -> tuple[str, list[LinkRange]]:
    """The page's paragraphs (``<p>``, headings, list items), or its body text if it has none."""
    body = tree.find("body")
    if body is None:
        body = tree
    blocks = [
        element
        for element in body.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
        if not _inside_skipped(element, body)
    ]
    # Keep only outermost blocks, so a <p> inside a <blockquote> is not read twice.
    ids = {id(block) for block in blocks}
    chosen = [b for b in blocks if not any(id(a) in ids for a in b.iterancestors())]
    builder_text: list[str] = []
    links: list[LinkRange] = []
    offset = 0
    for element in chosen or [body]:
        text, element_links = _walk(element, base_url, _HTML)
        if not text:
            continue
        if builder_text:
            offset += 2
        links.extend(LinkRange(link.start + offset, link.end + offset, link.href) for link in element_links)
        builder_text.append(text)
        offset += len(text)
    return "\n\n".join(builder_text), links


def _inside_skipped(element: HtmlElement, stop: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if isinstance(ancestor.tag, str) and ancestor.tag.lower() in _HTML.skip:
            return True
    return False
