"""Exporting from the window: File › Export…, the preview, Save…, PDF, and Edit › Settings….

The story: the sample article with the Dunford sentence judged False (a Defense
Department transcript pinned as refuting it, with a quote) and the "Officials are
making..." sentence judged Misleading. The fact-checker exports it in every format;
each text file is byte for byte what ``factcheck export`` writes from the same library.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid  # noqa: E402

from factcheck_gui.core.editing import add_claim, add_source, pin_source  # noqa: E402
from factcheck_gui.core.errors import StoreError  # noqa: E402
from factcheck_gui.core.model import Article, Source, SourceKind  # noqa: E402
from factcheck_gui.core.settings import Settings  # noqa: E402
from factcheck_gui.export import ExportOptions  # noqa: E402
from factcheck_gui.export.html import export_html  # noqa: E402
from factcheck_gui.importer import ensure_sample  # noqa: E402
from factcheck_gui.store.library import Library  # noqa: E402
from factcheck_gui.store.settings import load_settings  # noqa: E402
from factcheck_gui.ui.export_dialog import QtExportDialog, file_stem, page_size_for  # noqa: E402
from factcheck_gui.ui.settings_dialog import QtSettingsDialog, validate_settings  # noqa: E402
from tests.conftest import DUNFORD_START, run_cli  # noqa: E402
from tests.ui_helpers import find_dialog, sentence_starting  # noqa: E402,F401

REPO = Path(__file__).resolve().parents[1]
HEADLINE = "US Tells Iraq to Choose Between Them and Russia in ISIS War"
OFFICIALS = "Officials are making that all the more clear today"
RUSSIA = "Russia has suggested they would help"
TEXT_FORMATS = ["md", "html", "claimreview", "csv", "json"]


@pytest.fixture
def sample_id(data_dir: Path) -> str:
    """The sample with two judged claims and one pinned source, saved in the library."""
    return judged_sample(data_dir)


def judged_sample(data_dir: Path) -> str:
    """Save the sample with two judged claims and one pinned source in *data_dir*; its id."""
    library = Library(data_dir)
    ensure_sample(library)
    [article_id] = library.article_ids()
    handle = library.open(article_id)
    article = handle.article
    dunford = add_claim(
        article, *sentence_starting(article, DUNFORD_START), verdict="false", claimant="Gen. Joe Dunford",
        restatement="Iraq does not want Russia's help against ISIS.",
        rationale="Iraq's prime minister said he would welcome Russian help.",
    )
    add_claim(article, *sentence_starting(article, OFFICIALS), verdict="misleading")
    transcript = add_source(article, Source(
        url="https://www.defense.gov/News/Transcripts/dunford-oct-2015/",
        title="Department of Defense Press Briefing by Gen. Dunford", site="U.S. Department of Defense",
        kind=SourceKind.OFFICIAL, published="2015-09-30", fetched_at="2026-11-20T10:00:00Z", status=200,
        sha256="a" * 64, text="We have not been asked by Iraq.",
    ))
    pin_source(article, dunford.id, transcript.id, "refutes", quote="We have not been asked by Iraq.")
    library.save(handle)
    return article_id


def cli_export(data_dir: Path, article_id: str, fmt: str, *extra: str) -> bytes:
    """What ``factcheck export`` writes to standard output (run in this process)."""
    result = run_cli("export", article_id, "--format", fmt, *extra, data_dir=data_dir, binary=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def open_export_dialog(qtbot, window) -> QtExportDialog:
    """File › Export…, as the user chooses it; the dialog opens window-modal without blocking."""
    assert window.action("export").isEnabled()
    window.action("export").trigger()
    return preview_ready(find_dialog(qtbot, window, "exportDialog", QDialog))


def preview_ready(dialog: QtExportDialog) -> QtExportDialog:
    """Wait until the preview, made in the background, shows the current choices."""
    from PySide6.QtTest import QTest

    for _ in range(2000):
        if dialog.preview_ready:
            return dialog
        QTest.qWait(5)
    raise AssertionError("the export preview was not ready within 10 s")


def choose(dialog: QtExportDialog, fmt: str) -> None:
    combo = dialog.findChild(QComboBox, "formatCombo")
    combo.setCurrentIndex(combo.findData(fmt))
    assert dialog.format == fmt
    preview_ready(dialog)


def check(dialog: QtExportDialog, name: str, checked: bool) -> None:
    box = dialog.findChild(QAbstractButton, name)
    assert box.isEnabled(), f"{name} is disabled for {dialog.format}"
    box.setChecked(checked)
    preview_ready(dialog)


def judge_officials_mostly_false(window) -> str:  # noqa: ANN001 - QtMainWindow
    """Mark the officials' claim "mostly false" as another panel would (an undoable edit); its id."""
    from factcheck_gui.ui.commands import SetVerdictCommand

    document = window.document
    officials = next(c for c in document.article.claims if c.exact.startswith(OFFICIALS))
    document.push(SetVerdictCommand(document, officials.id, "mostly-false"))
    return officials.id


@pytest.fixture
def started_tasks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kind of every task the task runner starts from now on, in order."""
    from factcheck_gui.ui.tasks import QtTaskRunner

    started: list[str] = []
    real_start = QtTaskRunner.start
    monkeypatch.setattr(QtTaskRunner, "start",
                        lambda self, function, **kw: started.append(str(kw.get("kind"))) or real_start(self, function, **kw))
    return started


# -- every format, byte for byte the command line's --------------------------------------------


def test_every_text_format_saved_from_the_window_is_the_cli_export_byte_for_byte(
    make_window, qtbot, data_dir, sample_id, tmp_path
):
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    for fmt in TEXT_FORMATS:
        choose(dialog, fmt)
        target = tmp_path / f"out.{fmt}"
        assert dialog.export_to(target)
        assert target.read_bytes() == cli_export(data_dir, sample_id, fmt), fmt

    # The options are the command line's --judged-only and --no-article-text.
    choose(dialog, "html")
    check(dialog, "includeUnjudgedCheck", False)
    check(dialog, "includeArticleTextCheck", False)
    for fmt in ("md", "html", "csv"):
        choose(dialog, fmt)
        target = tmp_path / f"judged-only.{fmt}"
        assert dialog.export_to(target)
        assert target.read_bytes() == cli_export(data_dir, sample_id, fmt, "--judged-only", "--no-article-text"), fmt
    html = (tmp_path / "judged-only.html").read_text(encoding="utf-8")
    assert 'id="article-text"' not in html and 'id="article-text"' in (tmp_path / "out.html").read_text("utf-8")


def test_the_options_apply_only_where_they_change_the_output_and_the_preview_follows(
    make_window, qtbot, sample_id
):
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    unjudged = dialog.findChild(QAbstractButton, "includeUnjudgedCheck")
    article_text = dialog.findChild(QAbstractButton, "includeArticleTextCheck")
    preview = dialog.findChild(QTextEdit, "exportPreview")
    enabled = {}
    for fmt in ("md", "html", "claimreview", "csv", "pdf", "json"):
        choose(dialog, fmt)
        enabled[fmt] = (unjudged.isEnabled(), article_text.isEnabled())
        assert HEADLINE in preview.toPlainText() or fmt in ("csv", "claimreview"), fmt
    assert enabled == {
        "md": (True, False), "html": (True, True), "claimreview": (False, False),
        "csv": (True, False), "pdf": (True, True), "json": (False, False),
    }
    # HTML and PDF are shown rendered, with the claims and their verdicts; the text formats as text.
    choose(dialog, "html")
    shown = preview.toPlainText()
    assert "Claim 1" in shown and "False" in shown and "Misleading" in shown and "The article" in shown
    assert "<h1>" not in shown
    check(dialog, "includeArticleTextCheck", False)
    assert "The article" not in preview.toPlainText()
    choose(dialog, "md")
    assert preview.toPlainText().startswith(f"# {HEADLINE}")


def test_the_preview_follows_edits_made_while_the_dialog_is_open(make_window, qtbot, sample_id):
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "md")
    assert "Mostly false" not in dialog.preview.toPlainText()
    judge_officials_mostly_false(window)  # say, from another panel
    qtbot.waitUntil(lambda: "Mostly false" in dialog.preview.toPlainText())


def test_unsaved_edits_are_exported_and_the_unjudged_option_changes_the_output(
    make_window, qtbot, data_dir, sample_id, tmp_path
):
    window = make_window(sample_id)  # autosave waits 800 ms: the new claim is not on disk yet
    article = window.document.article
    window.article_view.select_span(*sentence_starting(article, RUSSIA))
    window.action("mark_claim").trigger()
    assert window.document.is_dirty

    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "md")
    check(dialog, "includeUnjudgedCheck", True)
    everything = tmp_path / "all.md"
    assert dialog.export_to(everything)
    assert not window.document.is_dirty  # saved first, so the library and the file agree
    assert everything.read_bytes() == cli_export(data_dir, sample_id, "md")
    assert RUSSIA in everything.read_text(encoding="utf-8")

    check(dialog, "includeUnjudgedCheck", False)
    judged = tmp_path / "judged.md"
    assert dialog.export_to(judged)
    assert RUSSIA not in judged.read_text(encoding="utf-8")
    assert judged.read_bytes() != everything.read_bytes()
    assert judged.read_bytes() == cli_export(data_dir, sample_id, "md", "--judged-only")


def test_pdf_is_a_printed_fact_check_with_the_headline_and_the_verdicts(make_window, qtbot, sample_id, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "pdf")
    assert "pages" in dialog.findChild(QWidget, "exportPreviewNote").text()
    target = tmp_path / "fact-check.pdf"
    assert dialog.export_to(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert HEADLINE in text
    assert "False" in text and "Misleading" in text
    assert "We have not been asked by Iraq." in text
    assert reader.metadata.title == f"Fact-check: {HEADLINE}"


def test_paper_is_letter_in_the_us_and_a4_elsewhere():
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QPageSize

    assert page_size_for(QLocale("en_US")).id() == QPageSize.PageSizeId.Letter
    assert page_size_for(QLocale("en_CA")).id() == QPageSize.PageSizeId.Letter
    assert page_size_for(QLocale("de_DE")).id() == QPageSize.PageSizeId.A4
    assert page_size_for(QLocale("en_GB")).id() == QPageSize.PageSizeId.A4


# -- Save…, the folder remembered, a failing disk ---------------------------------------------


def test_save_asks_for_a_file_name_writes_it_and_remembers_the_folder(
    make_window, qtbot, data_dir, sample_id, tmp_path
):
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "claimreview")
    folder = tmp_path / "exports"
    folder.mkdir()

    qtbot.mouseClick(dialog.findChild(QAbstractButton, "exportSaveButton"), Qt.MouseButton.LeftButton)
    chooser = find_dialog(qtbot, dialog, "exportFileDialog", QFileDialog)
    assert chooser.defaultSuffix() == "jsonld"
    assert chooser.selectedFiles()[0].endswith("us-tells-iraq-to-choose-between-them-and-russia-in-isis-war-fact-check.jsonld")
    chooser.setDirectory(str(folder))
    chooser.selectFile(str(folder / "dunford.jsonld"))
    chooser.accept()

    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible())  # saved: the export dialog closes
    assert (folder / "dunford.jsonld").read_bytes() == cli_export(data_dir, sample_id, "claimreview")
    assert "Exported to" in window.statusBar().currentMessage()
    settings, _warning = load_settings(data_dir)
    assert settings.last_export_folder == str(folder)

    # Next time Save… starts there, with the format chosen last time.
    again = open_export_dialog(qtbot, window)
    assert again.format == "claimreview"
    assert again.start_folder() == folder
    qtbot.mouseClick(again.findChild(QAbstractButton, "exportSaveButton"), Qt.MouseButton.LeftButton)
    chooser = find_dialog(qtbot, again, "exportFileDialog", QFileDialog)
    assert Path(chooser.directory().absolutePath()) == folder
    chooser.reject()
    assert again.isVisible()


def test_a_failing_write_is_shown_clearly_and_the_app_keeps_working(
    make_window, qtbot, sample_id, tmp_path, monkeypatch
):
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "html")

    def disk_full(path, data, **_options):
        raise StoreError("The disk is full, so fact-check.html could not be saved. Free some space; nothing was lost.")

    monkeypatch.setattr("factcheck_gui.ui.export_dialog.atomic_write_bytes", disk_full)
    target = tmp_path / "fact-check.html"
    assert not dialog.export_to(target)
    message = find_dialog(qtbot, dialog, "errorMessage")
    assert message.text().startswith("The disk is full")
    assert "Traceback" not in message.text()
    assert not target.exists()
    message.close()

    # Space freed: the same dialog saves, and the window still works.
    monkeypatch.undo()
    assert dialog.isVisible()
    assert dialog.export_to(target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    dialog.close()
    window.article_view.select_span(*sentence_starting(window.document.article, RUSSIA))
    window.set_verdict("unproven")
    assert window.document.current_claim.verdict == "unproven"


# -- settings ----------------------------------------------------------------------------------


def test_settings_are_checked_saved_in_the_library_and_carried_by_the_claimreview_export(
    make_window, qtbot, data_dir, sample_id, tmp_path
):
    window = make_window(sample_id)
    window.action("settings").trigger()
    dialog = find_dialog(qtbot, window, "settingsDialog", QDialog)
    fields = {name: dialog.findChild(QLineEdit, name) for name in (
        "organizationNameEdit", "organizationUrlEdit", "reviewerNameEdit", "reviewUrlPatternEdit",
        "waybackSaveUrlEdit", "waybackAvailabilityUrlEdit")}
    fields["organizationNameEdit"].setText("Example Fact Check")
    fields["organizationUrlEdit"].setText("ftp://factcheck.example/")
    fields["reviewerNameEdit"].setText("Ana Reviewer")
    fields["reviewUrlPatternEdit"].setText("https://factcheck.example/checks/{article}")

    # Wrong: said in words, nothing written, the dialog stays.
    save = dialog.findChild(QAbstractButton, "settingsSaveButton")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    problem = dialog.findChild(QWidget, "settingsMessage")
    assert problem.isVisible()
    assert "http:// or https://" in problem.text() and "{article}" in problem.text()
    assert dialog.isVisible() and not (data_dir / "settings.json").exists()

    fields["organizationUrlEdit"].setText("https://factcheck.example/")
    fields["reviewUrlPatternEdit"].setText("https://factcheck.example/checks/{article_id}")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settings, warning = load_settings(data_dir)
    assert warning == ""
    assert (settings.organization_name, settings.organization_url, settings.reviewer_name) == (
        "Example Fact Check", "https://factcheck.example/", "Ana Reviewer")
    assert settings.review_url_pattern == "https://factcheck.example/checks/{article_id}"
    assert settings.fetch_timeout_seconds == 20.0 and settings.fetch_max_bytes == 15 * 1024 * 1024  # untouched

    export = open_export_dialog(qtbot, window)
    choose(export, "claimreview")
    preview = export.findChild(QTextEdit, "exportPreview").toPlainText()
    assert "Example Fact Check" in preview
    warnings = export.findChild(QWidget, "exportWarnings").text()
    assert "Settings" not in warnings  # what is left: the sample has no web address of its own
    assert warnings == "The article has no web address, so the claims' appearance has no url; add it to the " \
                       "article's details."
    target = tmp_path / "reviews.jsonld"
    assert export.export_to(target)
    assert target.read_bytes() == cli_export(data_dir, sample_id, "claimreview")
    reviews = json.loads(target.read_text(encoding="utf-8"))
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["False", "Misleading"]
    for review in reviews:
        assert review["author"]["name"] == "Example Fact Check"
        assert review["author"]["url"] == "https://factcheck.example/"
        assert review["url"].startswith(f"https://factcheck.example/checks/{sample_id}#claim-")


def test_claimreview_warnings_show_what_is_missing_and_the_settings_button_fixes_it(
    make_window, qtbot, data_dir, sample_id
):
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "claimreview")
    warnings = dialog.findChild(QWidget, "exportWarnings")
    assert warnings.isVisible()
    assert "review URL pattern" in warnings.text() and "organisation" in warnings.text()
    assert "Example Fact Check" not in dialog.preview.toPlainText()

    qtbot.mouseClick(dialog.findChild(QAbstractButton, "exportSettingsButton"), Qt.MouseButton.LeftButton)
    settings_dialog = find_dialog(qtbot, dialog, "settingsDialog", QDialog)
    settings_dialog.findChild(QLineEdit, "organizationNameEdit").setText("Example Fact Check")
    qtbot.mouseClick(settings_dialog.findChild(QAbstractButton, "settingsSaveButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not settings_dialog.isVisible())

    reviews = json.loads(preview_ready(dialog).preview.toPlainText())
    assert [review["author"]["name"] for review in reviews] == ["Example Fact Check"] * 2
    assert "organisation" not in warnings.text() and "review URL pattern" in warnings.text()


def test_a_failed_preview_leaves_no_warnings_of_the_one_before(make_window, qtbot, sample_id, monkeypatch):
    # ClaimReview's warnings stayed beside the empty preview of a format whose preview failed.
    import factcheck_gui.ui.export_dialog as export_dialog

    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "claimreview")
    warnings = dialog.findChild(QWidget, "exportWarnings")
    assert warnings.isVisible()

    def failing_preview(*_args):
        raise OSError("no room for the preview")

    monkeypatch.setattr(export_dialog, "_preview_document", failing_preview)
    choose(dialog, "md")
    assert "could not be made" in dialog.findChild(QLabel, "exportPreviewNote").text()
    assert not warnings.isVisible()


def test_settings_validation_speaks_of_each_field():
    good = Settings(organization_url="https://factcheck.example/",
                    review_url_pattern="https://factcheck.example/{article_id}/{claim_id}")
    assert validate_settings(good) == []
    assert validate_settings(Settings()) == []  # the defaults are valid
    bad = Settings(organization_url="javascript:alert(1)", review_url_pattern="checks/{article_id}",
                   wayback_save_url="", wayback_availability_url="archive.org", fetch_timeout_seconds=0)
    fields = [field for field, _message in validate_settings(bad)]
    assert fields == ["organization_url", "review_url_pattern", "wayback_save_url", "wayback_availability_url",
                      "fetch_timeout_seconds"]
    messages = " ".join(message for _field, message in validate_settings(bad))
    assert "javascript:alert(1)" in messages and "is empty" in messages


def test_settings_dialog_keeps_the_last_export_folder_and_an_exact_size_limit(qtbot, data_dir):
    from factcheck_gui.store.settings import save_settings

    save_settings(data_dir, Settings(last_export_folder="/somewhere", fetch_max_bytes=10_000_000))
    dialog = QtSettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "reviewerNameEdit").setText("Ana Reviewer")
    assert dialog.save()
    settings, _warning = load_settings(data_dir)
    assert settings.reviewer_name == "Ana Reviewer"
    assert settings.last_export_folder == "/somewhere" and settings.fetch_max_bytes == 10_000_000


# -- names for tests and screen readers --------------------------------------------------------


def _unnamed(root: QWidget) -> list[str]:
    interactive = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractItemView, QComboBox,
                   QAbstractSpinBox)
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, interactive) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # part of the combo or spin box
        if type(widget).__name__ == "QToolButton" and isinstance(widget.parent(), QLineEdit):
            continue  # a line edit's own clear button
        if not widget.objectName() or not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} {widget.accessibleName()!r}")
    return missing


def test_every_control_of_both_dialogs_has_an_object_name_and_an_accessible_name(make_window, qtbot, sample_id):
    window = make_window(sample_id)
    export = open_export_dialog(qtbot, window)
    choose(export, "claimreview")
    assert _unnamed(export) == []
    settings = export.show_settings()
    qtbot.waitExposed(settings)
    assert _unnamed(settings) == []
    assert window.action("settings").text().replace("&", "") == "Settings\u2026"
    assert ("Edit", "Settings\u2026") in {(menu, command) for menu, command, _keys in window.shortcut_rows()}


def test_export_is_disabled_without_an_open_article(make_window, qtbot):
    window = make_window()
    assert window.action("export").isEnabled()
    window.release_document()
    assert not window.action("export").isEnabled()
    assert window.export_current() is None
    assert QApplication.activeModalWidget() is None


def test_file_names_are_plain():
    assert file_stem(HEADLINE, "a-1") == "us-tells-iraq-to-choose-between-them-and-russia-in-isis-war"
    assert file_stem("Über «Café» — 100 % ?", "a-1") == "uber-cafe-100"
    assert file_stem("\U0001F389\U0001F600", "a-1") == "a-1"


# -- the HTML export's print variant (export/html.py) ------------------------------------------


def _sample_article(data_dir: Path, sample_id: str) -> Article:
    return Library(data_dir).open(sample_id).article


def test_the_print_variant_has_the_content_of_the_web_page_in_markup_qt_lays_out(data_dir, sample_id):
    article = _sample_article(data_dir, sample_id)
    settings = Settings(organization_name="Example Fact Check", organization_url="https://factcheck.example/")
    printed = export_html(article, ExportOptions(), settings, for_qt_print=True)
    web = export_html(article, ExportOptions(), settings)
    assert printed != web
    assert export_html(article, ExportOptions(), settings, for_qt_print=True) == printed  # deterministic
    for needle in (HEADLINE, "Claim 1", "Claim 2", "False", "Misleading", "Gen. Joe Dunford", "Refutes",
                   "We have not been asked by Iraq.", "Department of Defense Press Briefing by Gen. Dunford",
                   "Example Fact Check", "SHA-256", "Method"):
        assert needle in printed, needle
    for unsupported in ("var(--", "display: grid", "display: flex", "@media", "<script"):
        assert unsupported not in printed
    without_text = export_html(article, ExportOptions(include_article_text=False), settings, for_qt_print=True)
    assert "The article" in printed and "The article" not in without_text
    judged_only = export_html(article, ExportOptions(include_unjudged=False), settings, for_qt_print=True)
    assert judged_only == printed  # both claims have verdicts


def test_the_print_variant_escapes_what_pages_and_users_wrote(data_dir, sample_id):
    article = _sample_article(data_dir, sample_id)
    article.meta.title = "<script>alert(1)</script>"
    claim = article.claims_in_reading_order()[0]
    claim.rationale = "<img src=x onerror=alert(1)>"
    hostile = add_source(article, Source(url="javascript:alert(1)", title="<b>bold</b>", site="x"))
    pin_source(article, claim.id, hostile.id, "supports", quote="</p><script>")
    printed = export_html(article, ExportOptions(), Settings(), for_qt_print=True)
    assert "<script" not in printed and "<img" not in printed and "<b>bold" not in printed
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in printed
    assert 'href="javascript:' not in printed
    assert "<code class=\"inert-url\"><bdi>javascript:alert(1)</bdi></code>" in printed


# -- issue 17 item 2: the dialog opens at once; previews and files are made in the background ---


def test_the_preview_and_the_file_are_made_off_the_gui_thread(make_window, qtbot, data_dir, sample_id, tmp_path,
                                                              monkeypatch):
    import threading

    import factcheck_gui.ui.export_dialog as export_dialog

    threads: list[str] = []

    def spy(function):
        def wrapped(*args, **kwargs):
            threads.append("gui" if threading.current_thread() is threading.main_thread() else "worker")
            return function(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(export_dialog, "export_html", spy(export_dialog.export_html))
    monkeypatch.setattr(export_dialog, "export_article", spy(export_dialog.export_article))
    monkeypatch.setattr(export_dialog, "export_pdf", spy(export_dialog.export_pdf))
    window = make_window(sample_id)
    window.action("export").trigger()
    dialog = find_dialog(qtbot, window, "exportDialog", QDialog)
    preview_ready(dialog)
    assert "Claim 1" in dialog.preview.toPlainText()
    choose(dialog, "md")
    assert dialog.preview.toPlainText().startswith(f"# {HEADLINE}")
    choose(dialog, "pdf")
    assert threads and set(threads) == {"worker"}, threads

    choose(dialog, "md")
    threads.clear()
    dialog.start_export(tmp_path / "check.md")  # what Save… does with the name chosen
    assert not (tmp_path / "check.md").exists()  # not yet: the file is being made
    qtbot.waitUntil(lambda: (tmp_path / "check.md").exists())
    assert (tmp_path / "check.md").read_bytes() == cli_export(data_dir, sample_id, "md")
    assert threads == ["worker"]


def test_an_edit_made_while_the_preview_is_made_does_not_reach_it_and_a_new_one_follows(
    make_window, qtbot, sample_id
):
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "md")
    snapshot = window.document.article.snapshot()
    officials_id = judge_officials_mostly_false(window)
    assert next(c for c in snapshot.claims if c.id == officials_id).verdict != "mostly-false"
    assert not dialog.preview_ready  # a new preview is on its way
    preview_ready(dialog)
    assert "Mostly false" in dialog.preview.toPlainText()


def test_the_dialog_shows_before_its_preview_is_started_and_closing_drops_the_preview(
    make_window, qtbot, sample_id, monkeypatch, started_tasks
):
    import threading

    import factcheck_gui.ui.export_dialog as export_dialog

    started = started_tasks
    states, go_on = [], threading.Event()
    real_preview = export_dialog._preview_document

    def slow_preview(*args):
        states.append(args[-1])  # its TaskState
        go_on.wait(10)
        return real_preview(*args)

    window = make_window(sample_id)
    dialog = export_dialog.QtExportDialog(window.document, window)
    assert started == []  # nothing competes with the dialog's first paint
    assert dialog.findChild(QLabel, "exportPreviewNote").text() == "Making the preview\u2026"
    assert not dialog.preview_ready
    dialog.show()
    preview_ready(dialog)
    assert started == ["preview"]
    assert dialog.preview.toPlainText()

    monkeypatch.setattr(export_dialog, "_preview_document", slow_preview)
    dialog.set_format("md")  # a new preview on its way, then the dialog is closed
    qtbot.waitUntil(lambda: bool(states))
    dialog.close()
    go_on.set()
    assert states[0].cancelled


def test_the_preview_starts_after_the_dialogs_first_paint_and_its_document_goes_when_it_closes(
        make_window, sample_id, qtbot, started_tasks):
    from PySide6.QtCore import QEvent, QObject

    import factcheck_gui.ui.export_dialog as export_dialog

    order = started_tasks  # the tasks started, and the dialog's paints

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and watched is dialog:
                order.append("paint")
            return False

    window = make_window(sample_id)
    dialog = export_dialog.QtExportDialog(window.document, window)
    paints = Paints(dialog)
    dialog.installEventFilter(paints)
    dialog.show()
    preview_ready(dialog)
    # The snapshot of the article and the preview's worker (what grows with the claims) wait for the
    # dialog to be painted once.
    assert order[0] == "paint" and "preview" in order
    assert dialog.preview.toPlainText()

    shown = dialog.preview.document()
    gone: list[bool] = []
    shown.destroyed.connect(lambda *_args: gone.append(True))
    dialog.close()  # the preview's document is not laid out further once nobody sees it
    qtbot.waitUntil(lambda: bool(gone), timeout=2000)


def test_a_closed_dialog_makes_no_preview_until_it_is_shown_again(make_window, qtbot, sample_id, started_tasks):
    # A preview started after the dialog closed (an edit in the window, a choice changed by code after
    # Save… closed it) built the whole export on a worker for nobody: seconds at 5,000 claims, with the
    # GUI thread waiting for its turn at the GIL meanwhile.
    started = started_tasks
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # to be shown again below
    assert started == ["preview"]
    dialog.close()

    dialog.set_format("md")
    judge_officials_mostly_false(window)
    qtbot.wait(50)  # the refresh timer (0 ms) has had its turn
    assert started == ["preview"]

    dialog.show()
    preview_ready(dialog)
    assert started == ["preview", "preview"]
    assert "Mostly false" in dialog.preview.toPlainText()


def test_a_dialog_closed_while_its_preview_was_made_makes_it_when_shown_again(
        make_window, qtbot, sample_id, monkeypatch, started_tasks):
    # Closing cancelled the preview being made but left it counted as on its way: shown again with
    # the same choices, the dialog waited for it forever ("Making the preview…", never ready).
    import threading

    import factcheck_gui.ui.export_dialog as export_dialog

    started = started_tasks
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # to be shown again below
    real_preview, go_on, states = export_dialog._preview_document, threading.Event(), []

    def slow_preview(*args):
        states.append(args[-1])  # its TaskState
        go_on.wait(10)
        return real_preview(*args)

    monkeypatch.setattr(export_dialog, "_preview_document", slow_preview)
    dialog.set_format("md")
    qtbot.waitUntil(lambda: bool(states))
    dialog.close()  # while the Markdown preview is being made
    go_on.set()
    assert states[0].cancelled

    dialog.show()  # the same choices, no edit
    preview_ready(dialog)
    assert started == ["preview", "preview", "preview"]
    assert "Saved as UTF-8" in dialog.findChild(QLabel, "exportPreviewNote").text()
    assert dialog.preview.toPlainText()


def test_html_and_pdf_share_one_preview_and_an_edit_makes_it_again(make_window, qtbot, sample_id, started_tasks):
    # Both show the print variant of the HTML export: going from one to the other kept the user
    # waiting for the same document to be made and laid out again (seconds at 5,000 claims).
    started = started_tasks
    window = make_window(sample_id)
    dialog = open_export_dialog(qtbot, window)
    choose(dialog, "html")
    shown, made = dialog.preview.document(), len(started)
    note = dialog.findChild(QLabel, "exportPreviewNote")

    choose(dialog, "pdf")
    assert dialog.preview_ready and dialog.preview.document() is shown and len(started) == made
    assert "pages with" in note.text()
    choose(dialog, "html")
    assert dialog.preview.document() is shown and len(started) == made
    assert "web page" in note.text()

    check(dialog, "includeArticleTextCheck", False)  # another choice: made again
    assert len(started) == made + 1 and dialog.preview.document() is not shown
    choose(dialog, "md")
    assert len(started) == made + 2 and "Saved as UTF-8" in note.text()
    choose(dialog, "pdf")
    assert len(started) == made + 3
    shown = dialog.preview.document()

    judge_officials_mostly_false(window)
    qtbot.waitUntil(lambda: "Mostly false" in dialog.preview.toPlainText())
    assert len(started) == made + 4 and dialog.preview.document() is not shown
    choose(dialog, "html")
    assert len(started) == made + 4 and "Mostly false" in dialog.preview.toPlainText()
