"""Before Qt starts on X11: are the system libraries of its xcb plugin there?

Qt's xcb platform plugin (the one used on an X11 desktop) links against about
twenty system libraries that PySide6's wheels do not ship. When one is missing,
``QApplication`` prints several lines that blame libxcb-cursor0 whatever is
missing, and aborts the process (exit 134). :func:`xcb_problem` looks first, by
loading each library with ctypes, and returns one sentence with the install
command that fixes it, or None when the window can start (or will not use xcb).

Nothing here imports Qt, so the check costs a few milliseconds of ``dlopen``.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "XCB_LIBRARIES",
    "SystemLibrary",
    "install_command",
    "missing_libraries",
    "uses_xcb",
    "xcb_problem",
]


@dataclass(frozen=True)
class SystemLibrary:
    """A shared library the xcb plugin links against, and the packages that install it."""

    soname: str
    debian: str  # Debian and Ubuntu (apt)
    fedora: str  # Fedora, RHEL and their kin (dnf)


# The system libraries in the NEEDED list of PySide6's libqxcb.so and libQt6XcbQpa.so
# (objdump -p), without the C and C++ runtimes. Most desktops lack only a few of them:
# Debian 12 lacks libxcb-cursor0, libxcb-icccm4 and libxcb-keysyms1.
XCB_LIBRARIES: tuple[SystemLibrary, ...] = (
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLibrary("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLibrary("libX11.so.6", "libx11-6", "libX11"),
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLibrary("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
)


def _load_library(soname: str) -> None:
    """Load *soname* as the dynamic linker would for Qt; raises OSError when it cannot."""
    ctypes.CDLL(soname)


def _os_release() -> Mapping[str, str]:
    """/etc/os-release as a mapping ({} where there is none)."""
    try:
        return platform.freedesktop_os_release()
    except OSError:
        return {}


def uses_xcb(qt_args: Sequence[str], environ: Mapping[str, str], system: str = sys.platform) -> bool:
    """Whether Qt will try the xcb plugin first, as QGuiApplication decides it.

    ``-platform NAME`` wins, then ``QT_QPA_PLATFORM``; without either, Linux tries
    Wayland first in a Wayland session (WAYLAND_DISPLAY set, or XDG_SESSION_TYPE is
    wayland) and xcb otherwise.
    """
    if not system.startswith("linux"):
        return False
    name = _platform_argument(qt_args)
    if name is None:
        name = environ.get("QT_QPA_PLATFORM", "")
    if name:
        return name.split(";")[0].split(":")[0].strip() == "xcb"
    wayland_session = bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"
    return not wayland_session


def _platform_argument(qt_args: Sequence[str]) -> str | None:
    """The NAME of ``-platform NAME`` (or ``--platform=NAME``) among Qt's arguments, if any."""
    for index, arg in enumerate(qt_args):
        option, _, value = arg.lstrip("-").partition("=")
        if not arg.startswith("-") or option != "platform":
            continue
        if value:
            return value
        if index + 1 < len(qt_args):
            return qt_args[index + 1]
    return None


def missing_libraries(load: Callable[[str], None] | None = None) -> list[SystemLibrary]:
    """The libraries of :data:`XCB_LIBRARIES` that cannot be loaded, in that order."""
    load = load or _load_library
    missing = []
    for library in XCB_LIBRARIES:
        try:
            load(library.soname)
        except OSError:
            missing.append(library)
    return missing


def install_command(libraries: Sequence[SystemLibrary], os_release: Mapping[str, str] | None = None) -> str:
    """The command that installs *libraries* on this system (both families' when it is neither)."""
    release = _os_release() if os_release is None else os_release
    family = " ".join([release.get("ID", ""), release.get("ID_LIKE", "")]).split()
    apt = "sudo apt-get install " + " ".join(_unique(lib.debian for lib in libraries))
    dnf = "sudo dnf install " + " ".join(_unique(lib.fedora for lib in libraries))
    if any(name in ("debian", "ubuntu") for name in family):
        return apt
    if any(name in ("fedora", "rhel", "centos") for name in family):
        return dnf
    return f"{apt} (Debian, Ubuntu) or {dnf} (Fedora)"


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def xcb_problem(
    qt_args: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    system: str = sys.platform,
    os_release: Mapping[str, str] | None = None,
) -> str | None:
    """One sentence saying which X11 libraries are missing and how to install them,
    or None when Qt will not use xcb or every library loads."""
    if not uses_xcb(qt_args, os.environ if environ is None else environ, system):
        return None
    missing = missing_libraries()
    if not missing:
        return None
    names = ", ".join(lib.soname for lib in missing)
    what = f"the X11 libraries {names} are" if len(missing) > 1 else f"the X11 library {names} is"
    pronoun = "them" if len(missing) > 1 else "it"
    return f"The window cannot open: {what} missing. Install {pronoun} with: {install_command(missing, os_release)}"
