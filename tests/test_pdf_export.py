"""The PDF: from the window and from ``factcheck export --format pdf``, and what is in it (#11 items 18, 19, 23).

The story: the fact-checker's organisation and name are in Settings; the sample
has the Dunford claim judged False with a rationale about "figures". The PDF
saved from the window and the one the command line writes are the same bytes;
the file says who checked it and in which language, its text is searchable,
its claim numbers are readable, and no heading is left alone at a page's foot.
In the export dialog, the file name typed decides the format.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pypdf = pytest.importorskip("pypdf")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QMessageBox  # noqa: E402
from shiboken6 import isValid  # noqa: E402

from factcheck_gui.core.settings import Settings  # noqa: E402
from factcheck_gui.core.verdicts import DEFAULT_SCALE, UNJUDGED_COLOR  # noqa: E402
from factcheck_gui.export import ExportOptions  # noqa: E402
from factcheck_gui.export.common import contrast_ratio  # noqa: E402
from factcheck_gui.export.html import _CSS, export_html  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.store.settings import save_settings  # noqa: E402
from factcheck_gui.ui.export_dialog import format_for_path  # noqa: E402
from factcheck_gui.ui.pdf import render_pdf  # noqa: E402
from tests.test_ui_export import HEADLINE, REPO, choose, judged_sample, open_export_dialog  # noqa: E402
from tests.ui_helpers import find_dialog  # noqa: E402

SETTINGS = Settings(organization_name="Example Fact Check", reviewer_name="Ana Reviewer")


@pytest.fixture
def sample_id(data_dir: Path) -> str:
    """The sample with two judged claims and one pinned source (as in tests/test_ui_export.py)."""
    return judged_sample(data_dir)


@pytest.fixture
def checked_id(data_dir: Path, sample_id: str) -> str:
    """The sample fact-check, with a rationale full of ligature pairs, and the reviewer in Settings."""
    return checked(data_dir, sample_id)


def checked(data_dir: Path, article_id: str) -> str:
    """*article_id* with a rationale full of ligature pairs on its false claim, and the reviewer in Settings."""
    save_settings(data_dir, SETTINGS)
    library = Library(data_dir)
    handle = library.open(article_id)
    claim = next(c for c in handle.article.claims if c.verdict == "false")
    claim.rationale = "The official figures show five offices were flooded; the finding stands."
    library.save(handle)
    return article_id


def run_cli(data_dir: Path, *args: str, qt_platform: str | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "QT_HASH_SEED")}
    if qt_platform:
        env["QT_QPA_PLATFORM"] = qt_platform
    return subprocess.run([sys.executable, "-m", "factcheck_gui.cli", *args, "--data-dir", str(data_dir)],
                          capture_output=True, timeout=120, cwd=REPO, env=env, check=False)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


# -- item 18: the command line writes the window's bytes ----------------------------------------


# Saves the PDF through the real window and export dialog, in a process of its own as the
# app runs (the pytest process loaded Qt before factcheck_gui.ui could fix its hash seed).
WINDOW_EXPORT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QDialog
from factcheck_gui.store.library import Library
from factcheck_gui.ui.app import build_window

data_dir, article_id, target, settings_path = sys.argv[1:]
app = QApplication(["factcheck-gui"])
window = build_window(Library(Path(data_dir)), article_id, settings_path=Path(settings_path))
window.show()
window.action("export").trigger()
dialog = window.findChild(QDialog, "exportDialog")
dialog.set_format("pdf")
assert dialog.export_to(Path(target))
"""


def test_the_command_line_writes_the_same_pdf_as_the_window(data_dir, checked_id, tmp_path):
    from_window = tmp_path / "window.pdf"
    env = {k: v for k, v in os.environ.items() if k != "QT_HASH_SEED"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    window = subprocess.run(
        [sys.executable, "-c", "import factcheck_gui.ui\n" + WINDOW_EXPORT, str(data_dir), checked_id,
         str(from_window), str(tmp_path / "window.ini")],
        capture_output=True, timeout=120, cwd=REPO, env=env, check=False)
    assert window.returncode == 0, window.stderr.decode()

    time.sleep(1.05)  # Qt stamps the time in seconds: a clock in the file would now differ
    from_cli = tmp_path / "cli.pdf"
    result = run_cli(data_dir, "export", checked_id, "--format", "pdf", "-o", str(from_cli))  # no platform set
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode().strip() == f"Exported to {from_cli}"
    assert from_cli.read_bytes() == from_window.read_bytes()
    assert HEADLINE in " ".join(pdf_text(from_cli.read_bytes()).split())


def test_the_export_dialog_writes_what_the_pdf_writer_makes(make_window, qtbot, data_dir, checked_id, tmp_path):
    from factcheck_gui.store.settings import load_settings
    from factcheck_gui.ui.pdf import export_pdf

    window = make_window(checked_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "pdf")
    target = tmp_path / "window.pdf"
    assert dialog.export_to(target)
    settings, _warning = load_settings(data_dir)
    assert target.read_bytes() == export_pdf(window.document.article, dialog.options(), settings)


def test_a_pdf_to_standard_output_is_refused_with_one_clear_line(data_dir, checked_id):
    for extra in ([], ["-o", "-"]):
        result = run_cli(data_dir, "export", checked_id, "--format", "pdf", *extra)
        assert result.returncode == 1 and result.stdout == b""
        assert result.stderr.decode() == (
            "factcheck: error: A PDF is a binary file: name it with -o FILE, e.g. -o fact-check.pdf.\n")


# -- item 23: what the PDF says about itself, and how it reads ------------------------------------


def test_the_pdf_names_its_language_and_who_checked_it_and_its_text_has_no_ligatures(data_dir, checked_id, tmp_path):
    target = tmp_path / "check.pdf"
    assert run_cli(data_dir, "export", checked_id, "--format", "pdf", "-o", str(target)).returncode == 0
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    assert reader.metadata.author == "Example Fact Check, Ana Reviewer"
    assert reader.metadata.title == f"Fact-check: {HEADLINE}"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.xmp_metadata.dc_language == ["en"]
    text = " ".join(pdf_text(target.read_bytes()).split())
    for word in ("figures", "offices", "flooded", "finding"):
        assert word in text, word
    assert not set(text) & set("\ufb00\ufb01\ufb02\ufb03\ufb04")


def test_the_pdf_has_no_clock_in_it(qapp):
    html = "<h1>Fact-check</h1><p>Made twice.</p>"
    first = render_pdf(html, "T", created="2026-11-20T10:00:00Z")
    time.sleep(1.05)
    second = render_pdf(html, "T", created="2026-11-20T10:00:00Z")
    assert first == second
    assert pypdf.PdfReader(io.BytesIO(first)).metadata["/CreationDate"] == "D:20261120100000Z"


def _background_over(color: str, alpha: float, paper: str) -> str:
    return "#" + "".join(
        f"{round(int(paper[i:i + 2], 16) + (int(color[i:i + 2], 16) - int(paper[i:i + 2], 16)) * alpha):02x}"
        for i in (1, 3, 5))


@pytest.mark.parametrize("verdict", [*DEFAULT_SCALE.verdicts, None], ids=lambda v: v.key if v else "unjudged")
def test_claim_numbers_in_the_printed_article_text_reach_4_5_to_1(verdict):
    from tests.test_export_formats import build_sample

    article = build_sample()
    for claim in article.claims:
        claim.verdict = verdict.key if verdict else None
    html = export_html(article, ExportOptions(), Settings(), for_qt_print=True)
    text = html[html.index("<h2>The article</h2>"):]
    pairs = re.findall(r'<span style="background-color: (#[0-9a-f]{6})">(?:<span[^>]*>)*<sup><b style="color: (#[0-9a-f]{6})">',
                       text)
    assert pairs, "no claim number found"
    color = verdict.color if verdict else UNJUDGED_COLOR
    for background, number in pairs:
        assert contrast_ratio(number, background) >= 4.5, (color, number, background)


@pytest.mark.parametrize("verdict", [*DEFAULT_SCALE.verdicts, None], ids=lambda v: v.key if v else "unjudged")
def test_claim_numbers_in_the_web_page_reach_4_5_to_1_in_light_and_dark(verdict):
    """The number links use the text colour on the mark, whose background is the verdict's at 22 %."""
    assert re.search(r"sup\.ref a \{ color: var\(--fg\);", _CSS)
    color = verdict.color if verdict else UNJUDGED_COLOR
    light, dark = _CSS.split("@media (prefers-color-scheme: dark)")[:2]
    for palette in (light, dark):
        fg = re.search(r"--fg: (#[0-9a-f]{6})", palette).group(1)
        bg = re.search(r"--bg: (#[0-9a-f]{6})", palette).group(1)
        assert contrast_ratio(fg, _background_over(color, 0.22, bg)) >= 4.5, (color, fg, bg)


def test_no_heading_is_left_alone_at_the_foot_of_a_page(qapp):
    """Whatever the amount of text before it, a heading starts the page its next line is on."""
    stranded = []
    for lines in range(30, 75):
        filler = "".join(f"<p>Filler line {n}.</p>" for n in range(lines))
        html = f"<body>{filler}<h2>Sources checked</h2><p>Right after the heading.</p></body>"
        pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(html, "T"))).pages]
        for page in pages:
            body = [line for line in page.splitlines() if line.strip() and not line.startswith("Page")]
            if body and " ".join(body[-1].split()) == "Sources checked":
                stranded.append(lines)
    assert stranded == []


# -- item 19: the file name typed decides the format ---------------------------------------------


def test_a_name_typed_with_another_extension_writes_that_format(make_window, qtbot, data_dir, checked_id, tmp_path):
    window = make_window(checked_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "pdf")  # remembered from last time, say
    qtbot.mouseClick(dialog.findChild(QAbstractButton, "exportSaveButton"), Qt.MouseButton.LeftButton)
    chooser = find_dialog(qtbot, dialog, "exportFileDialog", QFileDialog)
    chooser.setDirectory(str(tmp_path))
    chooser.selectFile(str(tmp_path / "notes.md"))
    chooser.accept()
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible())  # saved in the background, then closed
    written = (tmp_path / "notes.md").read_bytes()
    assert not written.startswith(b"%PDF")
    assert written == run_cli(data_dir, "export", checked_id, "--format", "md").stdout
    again = open_export_dialog(qtbot, window)
    assert again.findChild(QComboBox, "formatCombo").currentData() == "md"  # and the list remembers it


def test_a_name_with_an_extension_of_no_format_is_refused_with_a_message(make_window, qtbot, checked_id, tmp_path):
    window = make_window(checked_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "pdf")
    qtbot.mouseClick(dialog.findChild(QAbstractButton, "exportSaveButton"), Qt.MouseButton.LeftButton)
    chooser = find_dialog(qtbot, dialog, "exportFileDialog", QFileDialog)
    chooser.setDirectory(str(tmp_path))
    chooser.selectFile(str(tmp_path / "notes.txt"))
    chooser.accept()
    message = find_dialog(qtbot, dialog, "exportFileNameMessage", QMessageBox)
    assert "notes.txt" in message.text() and ".pdf" in message.text() and "nothing was saved" in message.text()
    assert not (tmp_path / "notes.txt").exists()
    assert dialog.isVisible() and dialog.format == "pdf"
    message.close()


def test_extensions_map_to_formats():
    assert format_for_path(Path("a.md"), "pdf") == "md"
    assert format_for_path(Path("a.MARKDOWN"), "pdf") == "md"
    assert format_for_path(Path("a.htm"), "csv") == "html"
    assert format_for_path(Path("a.json"), "claimreview") == "claimreview"  # the choice fits: kept
    assert format_for_path(Path("a.json"), "md") == "json"
    assert format_for_path(Path("a.pdf"), "md") == "pdf"
    assert format_for_path(Path("a.txt"), "md") is None
    assert format_for_path(Path("a"), "md") is None


def test_the_pdf_shows_spoofing_characters_and_drops_controls(qapp):
    from factcheck_gui.ui.pdf import export_pdf
    from tests.test_export_formats import SETTINGS as SAMPLE_SETTINGS
    from tests.test_export_formats import build_sample
    from tests.test_export_text_safety import spoofed

    text = " ".join(pdf_text(export_pdf(spoofed(build_sample()), ExportOptions(), SAMPLE_SETTINGS)).split())
    assert "Official statement [U+202E]fdp.exe" in text and "gov[U+202E]ku." in text
    assert not set(text) & {"\u202e", "\u200b", "\x00", "\x1b"}


def test_text_extracted_from_the_pdf_has_spaces_between_words_not_tabs(qapp):
    """Qt named the space glyph U+0009 in the PDF's text map: pypdf read every space as a tab."""
    html = ("<h1>Fact-check of a claim</h1><p>The ministry said 150 soldiers were sent to the border.</p>"
            "<table><tr><td>Verdict</td><td>Mostly false</td></tr></table>"
            "<p style='text-align: justify'>" + "A justified paragraph runs on for a while. " * 12 + "</p>")
    data = render_pdf(html, "Spaces")
    text = pdf_text(data)
    assert "\t" not in text
    assert "The ministry said 150 soldiers were sent to the border." in text and "Mostly false" in text
    assert "A justified paragraph runs on" in text
    assert data == render_pdf(html, "Spaces")  # still the same bytes every time
