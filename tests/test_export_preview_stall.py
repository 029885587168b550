"""The export preview of a long fact-check is made without freezing the window (issue 17).

The preview's rich text was made with one ``QTextDocument.setHtml`` on a worker; for all of that
call (0.6-1 s at 1,000 claims, 3-5 s at 5,000) the GUI thread got no turn. It is now built in
slices (:func:`factcheck_gui.ui.pdf.build_document`), and must be the same document ``setHtml`` makes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

from factcheck_gui.core.editing import add_claim, new_article, pin_source, replace_text  # noqa: E402
from factcheck_gui.core.model import Article, Source  # noqa: E402
from factcheck_gui.core.plaintext import parse_plain_text  # noqa: E402
from factcheck_gui.core.settings import Settings  # noqa: E402
from factcheck_gui.export import ExportOptions  # noqa: E402
from factcheck_gui.export.html import export_html  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.ui.pdf import build_document, html_slices  # noqa: E402
from tests.test_ui_export import preview_ready  # noqa: E402
from tests.ui_helpers import GapTimer, find_dialog  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "us-tells-iraq-to-choose.txt"


def checked_article(claims: int, paragraphs: int = 300) -> Article:
    """A long article of the sample's paragraphs, *claims* claims judged in turn, each with a source."""
    body = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n")[2:8] if p.strip()]
    text = "\n\n".join(body[i % len(body)] for i in range(paragraphs))
    parsed = parse_plain_text("A long fact-check\n\n" + text)
    article = new_article(parsed.text, parsed.meta)
    verdicts = ["false", "true", "misleading", "mostly-false", None]
    step = max(1, len(article.sentences) // claims)
    for index in range(claims):
        start, end = article.sentences[(index * step) % len(article.sentences)]
        claim = add_claim(article, start, end, verdict=verdicts[index % 5], rationale="Checked against the record.")
        source = Source(url=f"https://example.org/record/{index}", title=f"Record {index}", status=200,
                        sha256="ab" * 32, fetched_at="2026-12-04T10:00:00Z")
        article.sources.append(source)
        pin_source(article, claim.id, source.id, "refutes", quote=f"figure {index}")
    return article


@pytest.mark.parametrize("size", [500, 4000])
def test_the_document_built_in_slices_is_the_one_sethtml_makes(qapp, size):
    html = export_html(checked_article(40, paragraphs=30), ExportOptions(), Settings(), for_qt_print=True)
    _head, slices = html_slices(html, size)
    assert len(slices) > 10 and any(piece.startswith('<ol start="') for piece in slices)  # the sources list too
    whole, sliced = QTextDocument(), QTextDocument()
    whole.setHtml(html)
    build_document(sliced, html, size=size)
    assert sliced.toHtml() == whole.toHtml()
    numbers = [block.textList().itemText(block) for block in _blocks(sliced) if block.textList() is not None
               and block.text().startswith("Record")]
    assert numbers[:3] == ["1.", "2.", "3."] and numbers[-1] == f"{len(numbers)}."


def _blocks(document: QTextDocument):  # noqa: ANN202 - QTextBlocks
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def test_the_window_keeps_its_pace_while_the_preview_of_a_thousand_claims_is_made(make_window, data_dir, qtbot):
    library = Library(data_dir)
    article = checked_article(1000)
    library.add(article)
    window = make_window(article.id)
    ticker = GapTimer()
    window.action("export").trigger()
    dialog = find_dialog(qtbot, window, "exportDialog", QDialog)
    ticker.start()
    preview_ready(dialog)
    ticker.stop()
    gaps = ticker.gaps
    assert "Claim 1000" in dialog.preview.toPlainText()
    # A timer of 5 ms on the GUI thread: before, no tick came for the whole setHtml (0.6-1 s here).
    assert max(gaps) < 0.15, f"the window froze {max(gaps) * 1000:.0f} ms while the preview was made"


@pytest.mark.parametrize("size", [200, 500, 4000])
def test_paragraphs_with_line_breaks_and_a_list_after_a_heading_are_built_as_sethtml_builds_them(qapp, size):
    """Text wrapped by hand (line breaks in a paragraph: ``<br>`` and a new line in the HTML) with a
    claim across the breaks, and a correction (the list of versions under its heading): a slice
    never ends inside a paragraph (it became two, the second without the claim's highlight), a
    slice after a table or a heading starts a block of its own, and none starts with a list."""
    lines = [f"Line {number} of a text wrapped by hand, as pasted from an e-mail or a PDF." for number in range(60)]
    text = "Intro sentence here.\n\n" + "\n".join(lines) + "\n\nThe end."
    article = new_article(text)
    add_claim(article, text.index("Line 10"), text.index("Line 50"), verdict="false", rationale="One\ntwo.")
    replace_text(article, text + "\n\nA paragraph added later.", "correction", note="Added a paragraph.")
    html = export_html(article, ExportOptions(), Settings(), for_qt_print=True)
    whole, sliced = QTextDocument(), QTextDocument()
    whole.setHtml(html)
    build_document(sliced, html, size=size)
    assert len(html_slices(html, size)[1]) > 2
    assert sliced.blockCount() == whole.blockCount()
    assert sliced.toHtml() == whole.toHtml()
