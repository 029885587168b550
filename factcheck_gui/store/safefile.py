"""Reading a file the library does not trust: a regular file, of bounded size, or nothing.

Article files and settings.json may come from a shared, synced or git-tracked folder,
and a file given to import may be anything. :func:`read_regular_file` refuses what would
hang a reader (a FIFO), read without end (``/dev/zero``) or read outside the library (a
symbolic link), and stops at a size cap, so every caller spends bounded time and memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from factcheck_gui.core.errors import StoreError

__all__ = ["RefusedFileError", "is_link_or_special", "read_regular_file"]

_CHUNK = 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class RefusedFileError(StoreError):
    """The file is not a regular file of acceptable size (a link, a FIFO, a device, too big)."""


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a link to another file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def is_link_or_special(path: Path) -> bool:
    """True if *path* exists and is a symbolic link or anything but a regular file (not followed)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def read_regular_file(path: Path, max_bytes: int, *, follow_links: bool = False) -> bytes:
    """The bytes of *path*, at most *max_bytes* of them.

    Raises RefusedFileError when *path* is a link (unless *follow_links*), a FIFO, a device,
    a socket or a folder, or holds more than *max_bytes*; it is never opened in a way that
    blocks, and never read past the cap. FileNotFoundError and other OSErrors pass through.
    """
    path = Path(path)
    name = path.name
    before = os.stat(path) if follow_links else os.lstat(path)
    if not stat.S_ISREG(before.st_mode):
        raise RefusedFileError(f"{name} is {_kind(before.st_mode)}, not a file, so it is not read.")
    if before.st_size > max_bytes:
        raise RefusedFileError(_too_big(name, before.st_size, max_bytes))
    flags = os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY | (0 if follow_links else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link since the lstat above
            raise RefusedFileError(f"{name} is a link to another file, not a file, so it is not read.") from exc
        raise
    try:
        # What was opened is what is read. Another process saving the file in the meantime
        # (write a copy, rename it over) gives a new regular file: that is read, not refused.
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFileError(f"{name} changed into {_kind(info.st_mode)} while it was read, so it is not read.")
        if info.st_size > max_bytes:
            raise RefusedFileError(_too_big(name, info.st_size, max_bytes))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # it grew while being read
                raise RefusedFileError(_too_big(name, total, max_bytes))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_big(name: str, size: int, max_bytes: int) -> str:
    return f"{name} is {_size(size)}; files over {_size(max_bytes)} are not read here."


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1_048_576:.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"
