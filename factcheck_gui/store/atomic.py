"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
from pathlib import Path

from factcheck_gui.core.errors import StoreError

TEMP_SUFFIX = ".tmp"


def _temp_name(path: Path) -> Path:
    """A hidden temp file beside *path*, named with our PID so leftovers of dead writers can be found."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _writer_is_gone(temp: Path) -> bool:
    """True if the PID in a temp file's name is not a running process (on POSIX)."""
    pid_part = temp.name[: -len(TEMP_SUFFIX)].rsplit(".", 1)[-1].split("-", 1)[0]
    if os.name != "posix" or not pid_part.isdigit():
        return False
    try:
        os.kill(int(pid_part), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def describe_os_error(exc: OSError, path: Path) -> str:
    """A sentence for the user about a failed write of *path*."""
    if exc.errno == errno.ENOSPC:
        return f"The disk is full, so {path.name} could not be saved. Free some space; nothing was lost."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"factcheck-gui may not write to {path.parent}. Check the folder's permissions; nothing was lost."
    return f"Saving {path.name} failed: {exc.strerror or exc}. Nothing was lost."


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, backup_to: Path | None = None) -> None:
    """Write *data* to *path* atomically: temp file in the same folder, fsync, os.replace.

    With *backup_to*, the previous content of *path* (if any) is kept there first.
    Raises StoreError with a message for the user (disk full, no permission...).
    """
    path = Path(path)
    temp = _temp_name(path)
    try:
        with open(temp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup_to is not None and path.exists():
            _keep_backup(path, backup_to)
        os.replace(temp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(describe_os_error(exc, path)) from exc


def _keep_backup(path: Path, backup: Path) -> None:
    """Copy *path* to *backup* atomically (a hard link when possible, else a copy)."""
    backup.parent.mkdir(parents=True, exist_ok=True)
    staged = _temp_name(backup)
    try:
        try:
            os.link(path, staged, follow_symlinks=False)  # a link is kept as a link, never what it points to
        except OSError:
            shutil.copyfile(path, staged, follow_symlinks=False)
        os.replace(staged, backup)
    finally:
        # Gone after a replace, except when it failed or when both names were links to one
        # file (a backup kept just before a crash), which rename leaves as they are.
        with contextlib.suppress(OSError):
            staged.unlink()


def hidden_files(folder: Path, suffix: str) -> list[Path]:
    """The files of *folder* named "." + anything + *suffix* (the glob ".*" + suffix); none when it cannot
    be listed. The names are matched by one regular expression mapped in C: in a library of 10,000
    articles, ``Path.glob`` matched each name in Python (~10 ms of every start-up)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / name for name in filter(re.compile(r"\..*" + re.escape(suffix), re.DOTALL).fullmatch, names)]


def remove_stale_temp_files(folder: Path, older_than_seconds: float = 3600.0) -> int:
    """Delete temp files left by a process killed mid-save: those whose writer is no longer
    running, and any older than *older_than_seconds*. Returns how many were removed."""
    import time

    removed = 0
    now = time.time()
    for temp in hidden_files(folder, TEMP_SUFFIX):
        with contextlib.suppress(OSError):
            if _writer_is_gone(temp) or now - temp.stat().st_mtime > older_than_seconds:
                temp.unlink()
                removed += 1
    return removed
