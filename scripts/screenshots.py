"""Render the real main window with the sample article and a few judged claims to PNG files.

    python scripts/screenshots.py [--out docs/screenshots] [--dark]

Runs offscreen in a temporary library and a temporary config folder, so it never
touches the user's data or the network: the two sources pinned to the Dunford claim
are built here, not fetched. The PNGs are what README.md shows: the main window,
the claim panels, the keyboard shortcuts and File › Export… with the HTML preview.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DUNFORD = "Yesterday, when Gen. Joe Dunford"

# (start of the sentence, part of it to mark or None for the whole sentence, verdict, claimant, restatement, rationale)
CLAIMS = [
    (
        DUNFORD,
        None,
        "false",
        "Gen. Joe Dunford",
        "Iraq does not want Russia's help against ISIS.",
        "Iraq's ruling party and militia leaders are publicly urging the prime minister to ask Russia for help, "
        "and Abadi said he would welcome it. Dunford's statement describes US wishes, not Iraq's.",
    ),
    (
        "Prime Minister Hayder Abadi made it clear",
        None,
        "mostly-true",
        "Prime Minister Hayder Abadi",
        "Abadi said he would welcome Russian help but has not asked for it.",
        "Abadi's statements support this; whether a request was made informally is not documented.",
    ),
    (
        "Russia has suggested they would help",
        None,
        None,
        "",
        "",
        "",
    ),
    (
        "On the other hand, the US was quick to scrap intelligence sharing",
        "the US was quick to scrap intelligence sharing with Iraq",
        "unproven",
        "Jason Ditz",
        "",
        "No official US statement about ending intelligence sharing could be found yet.",
    ),
]


# Sources pinned to the Dunford claim: (stance, quote, fields of the Source, page text).
# Illustrative pages on reserved .example domains, written for the screenshots; they are
# not real reporting. The first contains the claim's quotation, so the quote check finds it.
SOURCES = [
    (
        "context",
        "the government in Baghdad \u201cdoesn\u2019t want Russia\u2019s help\u201d and would not request it",
        dict(
            url="https://defense.example/transcripts/2015/10/20/dunford-baghdad",
            title="Transcript: Gen. Dunford speaks to reporters in Baghdad",
            site="Defense Desk (sample source)",
            authors=["Defense Desk staff"],
            published="2015-10-20",
            description="Remarks by the Chairman of the Joint Chiefs of Staff after meetings in Baghdad.",
        ),
        "Gen. Joe Dunford spoke to reporters in Baghdad after meeting Iraqi leaders.\n\n"
        "Asked whether Iraq would ask Russia to carry out air strikes, Dunford said the government in Baghdad "
        "\u201cdoesn\u2019t want Russia\u2019s help\u201d and would not request it. He added that it would be "
        "difficult for the coalition to support Iraq if Russia also operated there.\n\n"
        "Later a reporter asked whether that reflected the Iraqi government\u2019s position. Dunford said he "
        "could only speak to what he had been told. The Iraqi defence minister was not available for comment.",
    ),
    (
        "refutes",
        "Iraq would welcome Russian air strikes against Islamic State militants on its soil",
        dict(
            url="https://wire.example/world/2015/10/01/iraq-pm-would-welcome-russian-strikes",
            title="Iraqi PM says he would welcome Russian air strikes on Islamic State",
            site="Example Wire (sample source)",
            authors=["Example Wire reporters"],
            published="2015-10-01",
            description="Prime Minister Hayder Abadi said Iraq would consider an offer of Russian air strikes.",
        ),
        "BAGHDAD \u2014 Prime Minister Hayder Abadi said on Thursday that Iraq would welcome Russian air strikes "
        "against Islamic State militants on its soil, if Moscow offered them.\n\n"
        "\u201cIf we get the offer, we would consider it,\u201d Abadi said in an interview. Members of the "
        "ruling coalition and leaders of Shi\u2019ite militias have urged him to ask Russia for help.\n\n"
        "US officials have said they would prefer that Iraq did not.",
    ),
]
FETCHED_AT = "2025-06-12T09:41:00Z"


def _pin_sample_sources(document, claim_id: str) -> None:
    """Pin SOURCES to the claim as if they had been fetched: snapshot, hash, status 200, text."""
    from factcheck_gui.core.model import Source, SourceKind
    from factcheck_gui.ui.source_commands import PinSourceCommand

    kinds = {"context": SourceKind.OFFICIAL, "refutes": SourceKind.NEWS}
    for stance, quote, fields, text in SOURCES:
        paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        body = f"<html><head><title>{fields['title']}</title></head><body>{paragraphs}</body></html>".encode()
        sha256 = document.library.save_snapshot(body)
        source = Source(**fields, final_url=fields["url"], canonical_url=fields["url"], kind=kinds[stance],
                        fetched_at=FETCHED_AT, status=200, content_type="text/html; charset=utf-8", size=len(body),
                        sha256=sha256, text=text, language="en")
        document.push(PinSourceCommand(document, claim_id, source, stance, quote))


def _sentence_span(article, start_text: str) -> tuple[int, int]:
    for start, end in article.sentences:
        if article.text[start:end].startswith(start_text):
            return start, end
    raise SystemExit(f"the sample has no sentence starting {start_text!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"), help="folder for the PNG files")
    parser.add_argument("--dark", action="store_true", help="also render with a dark palette")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="factcheck-screenshots-"))
    os.environ["HOME"] = str(scratch / "home")
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "home" / ".config")
    os.environ["FACTCHECK_DATA_DIR"] = str(scratch / "library")

    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.core.settings import Settings
    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.store.library import Library
    from factcheck_gui.store.settings import save_settings
    from factcheck_gui.ui.app import build_window
    from factcheck_gui.ui.commands import EditClaimFieldCommand

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("factcheck-gui")
    app.setStyle("Fusion")  # the same look on every machine that renders the screenshots
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def render(suffix: str) -> list[Path]:
        library = Library(scratch / f"library{suffix}")
        ensure_sample(library)
        save_settings(library.root, Settings(
            organization_name="Example Fact Check", organization_url="https://factcheck.example/",
            reviewer_name="Ana Reviewer", review_url_pattern="https://factcheck.example/checks/{article_id}",
        ))
        window = build_window(library, settings_path=scratch / f"window{suffix}.ini")
        window.resize(1680, 1000)  # the library shown too; the panes fit themselves
        window.show()
        app.processEvents()
        document = window.document
        assert document is not None
        article = document.article
        for sentence_start, part, verdict, claimant, restatement, rationale in CLAIMS:
            start, end = _sentence_span(article, sentence_start)
            if part is not None:
                offset = article.text.index(part, start)
                start, end = offset, offset + len(part)
            window.article_view.select_span(start, end)
            window.mark_claim()
            claim = document.current_claim
            assert claim is not None
            if verdict:
                window.set_verdict(verdict)
            for field, value in (("claimant", claimant), ("restatement", restatement), ("rationale", rationale)):
                if value:
                    document.push(EditClaimFieldCommand(document, claim.id, field, value))
        first = article.claims_in_reading_order()[0]
        _pin_sample_sources(document, first.id)
        document.set_current_claim(first.id)
        window.article_view.verticalScrollBar().setValue(0)
        window.action("show_library").setChecked(True)  # the library beside the article, as on a wide screen
        document.save()
        shown: list[bool] = []
        window.seen_before_panel.results_shown.connect(lambda: shown.append(True))
        window.seen_before_panel.refresh()  # Seen before? asks the index now, not after its pause
        deadline = time.monotonic() + 5
        while not shown and time.monotonic() < deadline:  # its answer comes from the task runner
            app.processEvents()
            time.sleep(0.01)
        for _ in range(5):  # the panes fit the claim editor and the cards on the next passes of the event loop
            app.processEvents()
        shots = []
        path = out / f"main-window{suffix}.png"
        window.grab().save(str(path))
        shots.append(path)
        if not suffix:
            path = out / "claim-editor.png"
            window.side_splitter.grab().save(str(path))
            shots.append(path)
            dialog = window.show_shortcuts()
            app.processEvents()
            path = out / "keyboard-shortcuts.png"
            dialog.grab().save(str(path))
            shots.append(path)
            dialog.close()
            export = window.export_current()
            assert export is not None
            export.set_format("html")
            export.resize(1280, 820)
            deadline = time.monotonic() + 10
            while not export.preview_ready and time.monotonic() < deadline:  # made on the task runner
                app.processEvents()
                time.sleep(0.01)
            app.processEvents()
            path = out / "export-dialog.png"
            export.grab().save(str(path))
            shots.append(path)
            export.close()
        window.close()
        return shots

    written = render("")
    if args.dark:
        palette = QPalette()
        for role, color in (
            (QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
            (QPalette.ColorRole.Base, "#181a1b"), (QPalette.ColorRole.AlternateBase, "#232527"),
            (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Button, "#2b2d30"),
            (QPalette.ColorRole.ButtonText, "#e8eaed"), (QPalette.ColorRole.Highlight, "#3d6fb4"),
            (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
            (QPalette.ColorRole.Link, "#8ab4f8"), (QPalette.ColorRole.Mid, "#5f6368"),
            (QPalette.ColorRole.ToolTipBase, "#303134"), (QPalette.ColorRole.ToolTipText, "#e8eaed"),
        ):
            palette.setColor(role, QColor(color))
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#80868b"))  # as a dark theme greys them
        app.setPalette(palette)
        written += render("-dark")
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
