"""Render the real main window with the sample article and a few judged claims to PNG files.

    python scripts/screenshots.py [--out docs/screenshots] [--dark]

Runs offscreen in a temporary library and a temporary config folder, so it never
touches the user's data. The PNGs are what README.md shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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

    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.store.library import Library
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
        window = build_window(library, settings_path=scratch / f"window{suffix}.ini")
        window.resize(1600, 980)
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
        document.set_current_claim(first.id)
        window.article_view.verticalScrollBar().setValue(0)
        document.save()
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
        app.setPalette(palette)
        written += render("-dark")
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
