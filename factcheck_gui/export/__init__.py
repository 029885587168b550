"""Exporting a fact-check: Markdown, self-contained HTML, ClaimReview JSON-LD, CSV, article JSON.

Every exporter is a pure function ``export_<fmt>(article, options, settings,
scale) -> str``: no Qt, no files, no clock, so the command line and the window
write byte-identical files, and exporting twice gives the same bytes. Callers
write the text as UTF-8.

    text = export_article(article, "html", ExportOptions(include_unjudged=False), settings)
"""

from __future__ import annotations

from factcheck_gui.core.errors import InputError
from factcheck_gui.core.model import Article
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.export.claimreview import claimreview_warnings, export_claimreview
from factcheck_gui.export.common import (
    Exporter,
    ExportOptions,
    approved_part,
    is_web_url,
)
from factcheck_gui.export.csv import export_csv
from factcheck_gui.export.html import export_html
from factcheck_gui.export.json import export_json
from factcheck_gui.export.markdown import export_markdown

# Format name -> (label for people, file extension with its dot, exporter).
FORMATS: dict[str, tuple[str, str, Exporter]] = {
    "md": ("Markdown", ".md", export_markdown),
    "html": ("HTML page (single file)", ".html", export_html),
    "claimreview": ("ClaimReview JSON-LD", ".jsonld", export_claimreview),
    "csv": ("CSV table", ".csv", export_csv),
    "json": ("Article JSON", ".json", export_json),
}

__all__ = [
    "FORMATS",
    "ExportOptions",
    "Exporter",
    "claimreview_warnings",
    "export_article",
    "is_web_url",
]


def export_article(
    article: Article,
    fmt: str,
    options: ExportOptions | None = None,
    settings: Settings | None = None,
    scale: VerdictScale = DEFAULT_SCALE,
) -> str:
    """*article* exported in format *fmt* (a key of :data:`FORMATS`); InputError for an unknown format."""
    entry = FORMATS.get(fmt)
    if entry is None:
        names = ", ".join(FORMATS)
        raise InputError(f"Unknown export format \u201c{fmt}\u201d. Use one of: {names}.")
    _label, _extension, exporter = entry
    options = options or ExportOptions()
    return exporter(approved_part(article, options), options, settings or Settings(), scale)
