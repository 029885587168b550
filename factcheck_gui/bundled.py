"""Files shipped with the app: the sample article and resources.

In a wheel they live in ``factcheck_gui/_data/`` (hatchling force-includes the
top-level ``seeds/`` and ``resources/`` there); in a source checkout they are read
from the repository's top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

SAMPLE_ARTICLE = "us-tells-iraq-to-choose"


def _bundled_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def seeds_dir() -> Path:
    """The folder holding the sample article (``<name>.txt`` and its ``<name>.json`` metadata)."""
    return _bundled_dir("seeds")


def resources_dir() -> Path:
    """The folder holding icons and other resources."""
    return _bundled_dir("resources")


def sample_article_paths() -> tuple[Path, Path]:
    """(text file, metadata file) of the bundled sample article."""
    folder = seeds_dir()
    return folder / f"{SAMPLE_ARTICLE}.txt", folder / f"{SAMPLE_ARTICLE}.json"
