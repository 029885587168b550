"""Entry point of the window (``factcheck-gui``). Placeholder until the main window lands."""

from __future__ import annotations

import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.store.library import Library
    from factcheck_gui.store.paths import resolve_data_dir

    app = QApplication(list(argv) if argv is not None else sys.argv)
    library = Library(resolve_data_dir())
    ensure_sample(library)
    first = library.open(library.article_ids()[0]).article
    view = QTextBrowser()
    view.setPlainText(first.text)
    view.setWindowTitle(f"{first.title} - factcheck-gui")
    view.resize(900, 700)
    view.show()
    return app.exec()
