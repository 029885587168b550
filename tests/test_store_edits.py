"""The library's own edits: renaming a saved article, a copy kept in backups/, an id taken on import."""

from __future__ import annotations

import json

import pytest

from factcheck_gui.core.editing import new_article
from factcheck_gui.core.errors import InputError, StoreError
from factcheck_gui.store.library import Library


def test_rename_saves_the_new_title_and_keeps_the_old_file_in_backups(data_dir):
    library = Library(data_dir)
    article = new_article("The mayor said crime fell by half.")
    library.add(article)
    library.rename(article.id, "  Crime, halved? ")
    saved = json.loads(library.path_of(article.id).read_text(encoding="utf-8"))
    assert saved["meta"]["title"] == "Crime, halved?"
    assert json.loads((library.backups_dir / f"{article.id}.json").read_text(encoding="utf-8"))["meta"]["title"] == ""
    with pytest.raises(InputError, match="title is empty"):
        library.rename(article.id, " ")


def test_keep_copy_writes_the_article_as_it_is_to_backups(data_dir):
    library = Library(data_dir)
    article = new_article("Unsaved words.")
    copy_path = library.keep_copy(article, "mine")
    assert copy_path.parent == library.backups_dir and copy_path.name.startswith(f"{article.id}.mine-")
    assert json.loads(copy_path.read_text(encoding="utf-8"))["text"] == "Unsaved words."
    assert library.article_ids() == []  # a copy, not an article of the library


def test_add_gives_a_new_id_only_when_asked_and_the_id_is_taken(data_dir):
    library = Library(data_dir)
    first = new_article("One text.")
    library.add(first)
    twin = new_article("One text.")
    twin.id = first.id
    with pytest.raises(StoreError, match="already exists"):
        library.add(twin)
    library.add(twin, new_id_if_taken=True)
    assert twin.id != first.id and sorted(library.article_ids()) == sorted([first.id, twin.id])
