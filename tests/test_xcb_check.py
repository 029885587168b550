"""Issue 11 item 1: on an X11 desktop without the xcb plugin's libraries, factcheck-gui says
in one line what to install, instead of Qt aborting the process; with them, the window opens."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factcheck_gui.ui import xcb_check
from factcheck_gui.ui.xcb_check import (
    XCB_LIBRARIES,
    install_command,
    missing_libraries,
    uses_xcb,
)

ROOT = Path(__file__).resolve().parents[1]
DEBIAN = {"ID": "debian"}
UBUNTU = {"ID": "ubuntu", "ID_LIKE": "debian"}
FEDORA = {"ID": "fedora"}


def x11_session(**extra: str) -> dict[str, str]:
    """The environment of an X11 desktop session on which nobody chose a Qt platform."""
    return {"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11", **extra}


def child_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "DISPLAY")}
    env["FACTCHECK_DATA_DIR"] = str(tmp_path / "library")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def test_qt_uses_xcb_on_an_x11_desktop_unless_told_otherwise():
    assert uses_xcb([], x11_session(), "linux")
    assert uses_xcb([], {}, "linux")  # no display at all: Qt still tries xcb
    assert uses_xcb([], x11_session(QT_QPA_PLATFORM="xcb"), "linux")
    assert uses_xcb(["-platform", "xcb"], {"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb([], x11_session(QT_QPA_PLATFORM="offscreen"), "linux")
    assert not uses_xcb(["-platform", "offscreen"], x11_session(), "linux")
    assert not uses_xcb(["--platform=wayland"], x11_session(), "linux")
    assert not uses_xcb([], x11_session(XDG_SESSION_TYPE="wayland"), "linux")
    assert not uses_xcb([], x11_session(WAYLAND_DISPLAY="wayland-0"), "linux")
    assert not uses_xcb([], x11_session(), "darwin")
    assert not uses_xcb([], x11_session(), "win32")


def test_the_install_command_names_the_packages_of_the_missing_libraries_only():
    missing = [lib for lib in XCB_LIBRARIES if lib.soname in ("libxcb-cursor.so.0", "libxcb-keysyms.so.1")]
    assert install_command(missing, DEBIAN) == "sudo apt-get install libxcb-cursor0 libxcb-keysyms1"
    assert install_command(missing, UBUNTU) == "sudo apt-get install libxcb-cursor0 libxcb-keysyms1"
    assert install_command(missing, FEDORA) == "sudo dnf install xcb-util-cursor xcb-util-keysyms"
    both = install_command(missing, {"ID": "arch"})
    assert "sudo apt-get install libxcb-cursor0 libxcb-keysyms1" in both
    assert "sudo dnf install xcb-util-cursor xcb-util-keysyms" in both
    # Several libraries of one package: the package is named once.
    libxcb = [lib for lib in XCB_LIBRARIES if lib.fedora == "libxcb"]
    assert install_command(libxcb, FEDORA) == "sudo dnf install libxcb"


def test_every_library_is_tried_and_the_missing_ones_are_reported_in_order():
    tried = []

    def load(soname):
        tried.append(soname)
        if soname in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
            raise OSError(f"{soname}: cannot open shared object file: No such file or directory")

    assert [lib.soname for lib in missing_libraries(load)] == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert tried == [lib.soname for lib in XCB_LIBRARIES]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_without_the_libraries_the_start_command_says_what_to_install_instead_of_aborting(tmp_path):
    """factcheck-gui on an X11 display, its library loader patched to miss two libraries:
    one line naming them and the apt command, exit 1, and Qt never started (before this
    check, Qt printed five lines blaming libxcb-cursor0 and aborted with exit 134)."""
    script = textwrap.dedent("""
        import platform, sys
        from factcheck_gui.ui import xcb_check

        def load(soname):
            if soname in ("libxcb-cursor.so.0", "libxcb-icccm.so.4"):
                raise OSError(soname + ": cannot open shared object file")

        xcb_check._load_library = load
        xcb_check._os_release = lambda: {"ID": "debian"}
        from factcheck_gui.ui.app import main
        sys.exit(main())
    """)
    env = child_environment(tmp_path)
    env["DISPLAY"] = ":93"  # no X server there: without the check, Qt aborts either way
    result = subprocess.run([sys.executable, "-c", script], check=False, env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [(
        "factcheck-gui: The window cannot open: the X11 libraries libxcb-cursor.so.0, libxcb-icccm.so.4 "
        "are missing. Install them with: sudo apt-get install libxcb-cursor0 libxcb-icccm4"
    )]
    assert result.stdout == ""
    assert not (tmp_path / "library").exists(), "nothing is started before the check"


def test_a_single_missing_library_is_named_in_the_singular(monkeypatch):
    def load(soname):
        if soname == "libxcb-cursor.so.0":
            raise OSError(soname)

    monkeypatch.setattr(xcb_check, "_load_library", load)
    message = xcb_check.xcb_problem([], x11_session(), "linux", FEDORA)
    assert message == ("The window cannot open: the X11 library libxcb-cursor.so.0 is missing. "
                       "Install it with: sudo dnf install xcb-util-cursor")
    assert xcb_check.xcb_problem([], x11_session(QT_QPA_PLATFORM="offscreen"), "linux", FEDORA) is None


def xvfb_run() -> str | None:
    return shutil.which("xvfb-run") if sys.platform.startswith("linux") and shutil.which("Xvfb") else None


@pytest.mark.skipif(xvfb_run() is None, reason="needs Xvfb (apt-get install xvfb)")
def test_with_the_libraries_the_window_really_opens_under_xcb(tmp_path):
    """The README's start command under a real X server (Xvfb), QT_QPA_PLATFORM unset."""
    missing = missing_libraries()
    if missing:
        pytest.skip("the xcb plugin's libraries are missing here: " + install_command(missing))
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from factcheck_gui.ui import app as app_module
        from factcheck_gui.ui.main_window import QtMainWindow

        original_exec = QApplication.exec

        def exec_and_report(app):
            def report():
                shown = [w for w in QApplication.topLevelWidgets()
                         if isinstance(w, QtMainWindow) and w.isVisible()]
                print(QApplication.platformName(), len(shown), shown[0].windowTitle() if shown else "",
                      flush=True)
                QApplication.closeAllWindows()
                QApplication.quit()
            QTimer.singleShot(300, report)
            return original_exec()

        QApplication.exec = exec_and_report
        sys.exit(app_module.main())
    """)
    result = subprocess.run(
        [xvfb_run() or "xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-c", script],
        check=False, env=child_environment(tmp_path), cwd=tmp_path, capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 0, result.stderr
    platform_name, windows, *title = result.stdout.split()
    assert (platform_name, windows) == ("xcb", "1"), result.stdout
    assert "US Tells Iraq" in " ".join(title)


def test_the_readme_installs_only_packages_the_check_knows():
    """The README's apt and dnf lines name packages of XCB_LIBRARIES, led by the three
    a fresh Debian 12 desktop lacks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = " ".join(readme.split("\\\n"))  # join the continued shell lines
    apt = next(line for line in lines.splitlines() if line.startswith("sudo apt-get install "))
    dnf = next(line for line in lines.splitlines() if line.startswith("sudo dnf install "))
    apt_packages = apt.split("#")[0].split()[3:]
    dnf_packages = dnf.split("#")[0].split()[3:]
    assert apt_packages[:3] == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert set(apt_packages) <= {lib.debian for lib in XCB_LIBRARIES}
    assert set(dnf_packages) <= {lib.fedora for lib in XCB_LIBRARIES}
    assert len(dnf_packages) == len(apt_packages)
