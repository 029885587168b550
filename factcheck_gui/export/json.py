"""The article file itself: the whole article, claims and sources as factcheck-gui stores them.

The same text the library writes (``core.jsonfile.dumps_article``), so the
export is byte for byte the article file and opens in factcheck-gui and in any JSON tool. Options and settings do not
change it: this is the complete record, not a summary.
"""

from __future__ import annotations

from factcheck_gui.core.jsonfile import dumps_article
from factcheck_gui.core.model import Article
from factcheck_gui.core.settings import Settings
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.export.common import ExportOptions


def export_json(
    article: Article, options: ExportOptions, settings: Settings, scale: VerdictScale = DEFAULT_SCALE
) -> str:
    """The article as indented JSON with a stable key order and a final newline."""
    return dumps_article(article)
