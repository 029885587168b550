"""store.safefile: an untrusted file is read only when it is a regular file of bounded size,
and a file another process saves (write a copy, rename it over) meanwhile is read, not refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck_gui.store import safefile
from factcheck_gui.store.safefile import RefusedFileError, read_regular_file


def swap_before_open(monkeypatch, path: Path, swap) -> None:
    """Run *swap* once, between the reader's look at *path* and its open of it."""
    real_open = os.open

    def open_after_swap(target, flags, *args):
        if Path(target) == path and not getattr(open_after_swap, "done", False):
            open_after_swap.done = True
            swap()
        return real_open(target, flags, *args)

    monkeypatch.setattr(safefile.os, "open", open_after_swap)


def test_a_file_saved_by_another_process_while_it_is_read_is_read(tmp_path, monkeypatch):
    """Eight command-line edits at once set a valid article aside as 'changed into not a regular
    file': the reader refused a file whose inode changed, which every atomic save does."""
    path = tmp_path / "a.json"
    path.write_text('{"old": 1}', encoding="utf-8")

    def save_elsewhere() -> None:
        copy = tmp_path / ".a.json.tmp"
        copy.write_text('{"new": 2}', encoding="utf-8")
        os.replace(copy, path)

    swap_before_open(monkeypatch, path, save_elsewhere)
    assert read_regular_file(path, 1000) == b'{"new": 2}'


@pytest.mark.parametrize(("kind", "refusal"), [("fifo", "named pipe"), ("link", "link")])
def test_a_file_turned_into_a_fifo_or_a_link_while_it_is_read_is_refused(tmp_path, monkeypatch, kind, refusal):
    """A FIFO is refused without hanging; a link is not followed out of the folder."""
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.write_text("not yours", encoding="utf-8")

    def swap() -> None:
        path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to(secret)

    swap_before_open(monkeypatch, path, swap)
    with pytest.raises(RefusedFileError, match=refusal):
        read_regular_file(path, 1000)


def test_a_file_that_grew_past_the_cap_before_it_was_opened_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    swap_before_open(monkeypatch, path, lambda: path.write_bytes(b"x" * 5000))
    with pytest.raises(RefusedFileError, match="not read here"):
        read_regular_file(path, 1000)
