"""The sample article ships inside the installed package, not only in the source tree."""

from __future__ import annotations

import importlib.metadata as metadata

import pytest

from factcheck_gui.bundled import sample_article_paths
from factcheck_gui.importer import sample_article


def installed_files() -> list[str]:
    try:
        files = metadata.files("factcheck-gui") or []
    except metadata.PackageNotFoundError:
        pytest.skip("factcheck-gui is not installed (run the README's test command)")
    return [str(f) for f in files]


def test_the_installed_distribution_carries_the_sample_and_its_metadata():
    files = installed_files()
    if any(name.endswith(".pth") for name in files) and not any("_data" in name for name in files):
        pytest.skip("an editable install reads the sample from the source tree")
    assert "factcheck_gui/_data/seeds/us-tells-iraq-to-choose.txt" in files
    assert "factcheck_gui/_data/seeds/us-tells-iraq-to-choose.json" in files


def test_entry_points_are_declared():
    installed_files()
    scripts = {ep.name: ep.value for ep in metadata.entry_points(group="console_scripts")}
    gui = {ep.name: ep.value for ep in metadata.entry_points(group="gui_scripts")}
    assert scripts.get("factcheck") == "factcheck_gui.cli:main"
    assert gui.get("factcheck-gui") == "factcheck_gui.ui.app:main"


def test_sample_is_found_and_has_its_metadata():
    text_path, meta_path = sample_article_paths()
    assert text_path.is_file() and meta_path.is_file()
    article = sample_article()
    assert article.meta.publisher == "Antiwar.com" and article.meta.byline == "Jason Ditz"
    assert article.meta.subtitle == "Ruling Party, Militias Urge PM to Ask Russia for Help"
