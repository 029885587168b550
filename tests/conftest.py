"""Test isolation for every test: offscreen Qt, no real user folders, no internet.

- QT_QPA_PLATFORM defaults to offscreen.
- HOME, the XDG folders and FACTCHECK_DATA_DIR point into a temporary folder, so
  neither the library nor QSettings can touch the user's real data.
- Sockets may only connect to loopback; anything else fails the test loudly.

Helpers shared by the test modules live here too: ``run_cli`` runs the ``factcheck``
command in this process (fast); a test runs ``python -m factcheck_gui.cli`` in a
subprocess only where the process itself is the point (exit on a broken pipe, a hang).
"""

from __future__ import annotations

import io
import ipaddress
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = REPO_ROOT / "seeds" / "us-tells-iraq-to-choose.txt"
DUNFORD_START = "Yesterday, when Gen. Joe Dunford"


def run_cli(*args: str, data_dir: Path | None = None, stdin: str | bytes | None = None,
            binary: bool = False) -> subprocess.CompletedProcess[Any]:
    """``factcheck ARGS [--data-dir DATA_DIR]`` run in this process, as a subprocess would report it.

    Standard output and error are read as text with universal newlines (like ``text=True``),
    or as the bytes written with *binary*; an argument error's SystemExit becomes the exit code.
    """
    from factcheck_gui.cli import main

    argv = [*args, *(["--data-dir", str(data_dir)] if data_dir is not None else [])]
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for name in ("stdout", "stderr")}
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    # Only this thread's output is the command's: a background thread left by an earlier test
    # (a worker pool being retired, say) writes where it wrote before.
    sys.stdout = _ThisThreadOnly(streams["stdout"], saved[1])  # type: ignore[assignment]
    sys.stderr = _ThisThreadOnly(streams["stderr"], saved[2])  # type: ignore[assignment]
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    out: dict[str, Any] = {}
    for name, stream in streams.items():
        stream.flush()
        raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
        out[name] = raw if binary else raw.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return subprocess.CompletedProcess(["factcheck", *argv], code, out["stdout"], out["stderr"])


class _ThisThreadOnly:
    """A stream that keeps what one thread writes and passes other threads' writes on."""

    def __init__(self, captured: io.TextIOWrapper, passed_on: TextIO) -> None:
        self._captured, self._passed_on, self._thread = captured, passed_on, threading.get_ident()

    def _target(self) -> TextIO:
        return self._captured if threading.get_ident() == self._thread else self._passed_on

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._captured, name)


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user folder into a fresh temporary home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("FACTCHECK_DATA_DIR", str(home / "library"))
    return home


_real_connect = socket.socket.connect


def _loopback_only_connect(self: socket.socket, address):  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            is_loopback = ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            is_loopback = host == "localhost"
        if not is_loopback:
            raise AssertionError(f"a test tried to reach {address!r}; tests may only use a local server")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse connections to anything but loopback."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only_connect)


@pytest.fixture(autouse=True)
def collector_policy_reset() -> Iterator[None]:
    """The window's collector policy (app.main turns it on) ends with the test that turned it on."""
    yield
    from factcheck_gui.core.collector import use_window_policy, window_policy_in_use

    if window_policy_in_use():
        use_window_policy(False)


@pytest.fixture(autouse=True)
def switch_interval_reset() -> Iterator[None]:
    """The window's GIL switch interval (app.main sets it) ends with the test that set it."""
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty library folder for one test."""
    folder = tmp_path / "library"
    folder.mkdir()
    return folder


@pytest.fixture
def make_window(qtbot, data_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build, show and activate a main window on ``data_dir`` (see tests.ui_helpers.window_factory).

    Skips the test where PySide6 or pytest-qt is not installed.
    """
    from tests.ui_helpers import window_factory

    return window_factory(qtbot, data_dir, tmp_path)


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_TEXT.read_text(encoding="utf-8")
