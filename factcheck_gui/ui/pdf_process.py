"""The export dialog's PDF, made in a process of its own, so the window never waits for it.

Qt lays a long rich text out in long C++ calls; on a worker thread of the window each of
them keeps the GUI thread from Python's GIL (1.7-1.9 s at 1,000-5,000 claims, issue 17).
A child process has a GIL of its own: the window goes on painting while the PDF is made.

The parent (:class:`QtPdfProcess`, GUI thread) puts a job in a private temporary folder:
the article snapshot as the store writes it (:func:`~factcheck_gui.core.jsonfile.dumps_article_utf8`,
on the task runner, since 5,000 claims take a while) and ``job.json`` (the export options, the
settings and the verdict scale). It starts ``python -m factcheck_gui.ui.pdf_process FOLDER``
with :class:`QProcess` (no wait), and when the child exits 0 hands over the bytes of
``FOLDER/out.pdf``: the same bytes :func:`~factcheck_gui.ui.pdf.export_pdf` makes in the
window and the command line. A child that fails writes one line to standard error (never a traceback) and exits 1;
that line is what the user reads. :meth:`QtPdfProcess.cancel` kills the child and removes the folder.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.jsonfile import dumps_article_utf8
from factcheck_gui.core.model import Article
from factcheck_gui.core.scheduling import lower_priority
from factcheck_gui.core.schema import article_from_dict
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.verdicts import Verdict, VerdictScale
from factcheck_gui.export.common import ExportOptions
from factcheck_gui.store.articlefile import loads_document
from factcheck_gui.store.atomic import atomic_write_bytes

__all__ = ["PdfProcessError", "QtPdfProcess", "main", "read_job", "write_job"]

ARTICLE_FILE, JOB_FILE, OUTPUT_FILE = "article.json", "job.json", "out.pdf"


class PdfProcessError(FactcheckError):
    """The process making the PDF failed: the message says why, in one sentence."""


def write_job(folder: Path, article: Article, options: ExportOptions, settings: Settings,
              scale: VerdictScale) -> Path:
    """Put the job in *folder* (any thread): the article file's bytes and ``job.json``. Returns *folder*."""
    (folder / ARTICLE_FILE).write_bytes(dumps_article_utf8(article))
    job = {"options": asdict(options), "settings": asdict(settings), "scale": asdict(scale)}
    (folder / JOB_FILE).write_text(json.dumps(job), encoding="utf-8")
    return folder


def read_job(folder: Path) -> tuple[Article, ExportOptions, Settings, VerdictScale]:
    """What :func:`write_job` put in *folder*."""
    article = article_from_dict(loads_document((folder / ARTICLE_FILE).read_bytes(), "The article snapshot"))
    job: dict[str, Any] = json.loads((folder / JOB_FILE).read_text(encoding="utf-8"))
    scale = job["scale"]
    return (article, ExportOptions(**job["options"]), Settings(**job["settings"]),
            VerdictScale(name=scale["name"], verdicts=tuple(Verdict(**v) for v in scale["verdicts"]),
                         best_rating=scale["best_rating"], worst_rating=scale["worst_rating"]))


def main(argv: list[str] | None = None) -> int:
    """The child: make the PDF of the job in ``argv[0]`` (a folder) and write it there as ``out.pdf``."""
    args = sys.argv[1:] if argv is None else argv
    try:
        if len(args) != 1:
            raise PdfProcessError("The PDF maker needs one folder with its job.")
        folder = Path(args[0])
        lower_priority()  # the window's thread first: a long layout beside it (core.scheduling)
        from factcheck_gui.ui.pdf import ensure_gui_application, export_pdf

        ensure_gui_application()
        article, options, settings, scale = read_job(folder)
        atomic_write_bytes(folder / OUTPUT_FILE, export_pdf(article, options, settings, scale))
    except FactcheckError as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one line for the window, never a traceback
        reason = str(exc).replace("\n", " ") or type(exc).__name__
        print(f"The PDF could not be made ({type(exc).__name__}: {reason}).", file=sys.stderr)
        return 1
    return 0


# -- the parent's side (Qt) ------------------------------------------------------------------------


class QtPdfProcess(QObject):
    """One PDF being made by a child process. :meth:`start` returns at once; exactly one of
    *on_result* (the PDF's bytes) or *on_error* (a :class:`PdfProcessError`) is called, on
    the GUI thread, unless :meth:`cancel` came first."""

    def __init__(self, folder: Path, on_result: Callable[[bytes], object],
                 on_error: Callable[[BaseException], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._on_result, self._on_error = on_result, on_error
        self._done = False
        self.process = QProcess(self)
        self.process.setObjectName("pdfProcess")
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("QT_QPA_PLATFORM", "offscreen")  # no window, as the command line makes it
        self.process.setProcessEnvironment(environment)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)

    @staticmethod
    def new_folder() -> Path:
        """A private temporary folder for one job."""
        return Path(tempfile.mkdtemp(prefix="factcheck-pdf-"))

    def start(self) -> None:
        self.process.start(sys.executable, ["-m", "factcheck_gui.ui.pdf_process", str(self.folder)])

    @property
    def running(self) -> bool:
        return not self._done

    def cancel(self) -> None:
        """Kill the child (if it runs) and remove the job's folder; no callback follows."""
        if self._done:
            return
        self._done = True
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()
            self.process.waitForFinished(1000)  # the kill is immediate; this only reaps it
        self._clean()

    def _clean(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _finish(self, result: bytes | None, error: BaseException | None) -> None:
        if self._done:
            return
        self._done = True
        self._clean()
        if error is not None:
            self._on_error(error)
        else:
            self._on_result(result or b"")

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if status == QProcess.ExitStatus.NormalExit and code == 0:
            try:
                data = (self.folder / OUTPUT_FILE).read_bytes()
            except OSError as exc:
                self._finish(None, PdfProcessError(f"The PDF was made but could not be read back: "
                                                   f"{exc.strerror or exc}."))
                return
            self._finish(data, None)
            return
        self._finish(None, PdfProcessError(self._failure(code, status)))

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finish(None, PdfProcessError(
                f"The PDF could not be made: the program that makes it did not start "
                f"({self.process.errorString()}). Try again, or use factcheck export --format pdf."))

    def _failure(self, code: int, status: QProcess.ExitStatus) -> str:
        text = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if status == QProcess.ExitStatus.NormalExit and lines and "Traceback (most recent call last)" not in text:
            return lines[-1]  # the child's own sentence
        how = "stopped unexpectedly" if status == QProcess.ExitStatus.CrashExit else f"stopped with code {code}"
        last = f" (it said: {lines[-1]})" if lines else ""
        return (f"The PDF could not be made: the program that makes it {how}{last}. "
                "Try again, or use factcheck export --format pdf.")


if __name__ == "__main__":
    sys.exit(main())
