"""The bad-input catalogue: each case gets a clear message and the app keeps working."""

from __future__ import annotations

import pytest

from factcheck_gui.core.editing import add_claim, new_article
from factcheck_gui.core.errors import InputError
from factcheck_gui.importer import article_from_file
from factcheck_gui.store.library import Library


def test_a_50_megabyte_text_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk

    def no_reading(self):
        raise AssertionError("the file was read")

    monkeypatch.setattr(type(huge), "read_bytes", no_reading)
    with pytest.raises(InputError, match="50 MB; articles over 20 MB are not imported"):
        article_from_file(huge)


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        article_from_file(tmp_path)


def test_a_5_megabyte_article_imports_saves_and_loads(tmp_path, sample_text):
    big = tmp_path / "big.txt"
    paragraphs = sample_text.split("\n\n")[2:8]
    body = "\n\n".join(paragraphs)
    big.write_text("A very long article\n\n" + "\n\n".join([body] * (5_000_000 // len(body) + 1)), encoding="utf-8")
    article = article_from_file(big)
    assert len(article.text) > 5_000_000 and len(article.sentences) > 15_000
    library = Library(tmp_path / "lib")
    handle = library.add(article)
    assert library.open(article.id).article.text == article.text
    assert handle.path.stat().st_size > 5_000_000


def test_an_article_with_5000_claims_saves_and_loads(tmp_path, sample_text):
    article = new_article(sample_text * 40)
    for index, (start, end) in enumerate((article.sentences * 20)[:5000]):
        add_claim(article, start, end, verdict=["false", "true", None][index % 3])
    library = Library(tmp_path / "lib")
    library.add(article)
    loaded = library.open(article.id).article
    assert len(loaded.claims) == 5000
    assert not any(claim.orphaned for claim in loaded.claims)
