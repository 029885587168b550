"""The action table (ui/actions.py): one binding per key, enable rules, menus and the shortcuts
dialog all read from it."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtGui import QAction, QKeySequence  # noqa: E402
from PySide6.QtWidgets import QMenu, QTableWidget  # noqa: E402

from factcheck_gui.core.verdicts import DEFAULT_SCALE  # noqa: E402
from factcheck_gui.ui.actions import ActionState, action_table, key_sequences  # noqa: E402

STD = QKeySequence.StandardKey
# What Qt binds on an X server (its X11 scheme, printed under Xvfb), where offscreen binds as on Windows.
LINUX = {
    STD.Quit: ["Ctrl+Q", "Exit"],
    STD.Undo: ["Ctrl+Z", "F14", "Undo"],
    STD.Redo: ["Ctrl+Shift+Z", "Redo"],
    STD.Open: ["Ctrl+O", "Open"],
    STD.Find: ["Ctrl+F", "Find"],
    STD.Preferences: [],
    STD.Delete: ["Del", "Ctrl+D"],
    STD.HelpContents: ["F1", "Help"],
}


def linux_bindings(key: QKeySequence.StandardKey) -> list[QKeySequence]:
    return [QKeySequence(text) for text in LINUX[key]]


def states() -> list[ActionState]:
    return [
        ActionState(article_open=o, editable=e, has_claim=c)
        for o, e, c in itertools.product((False, True), repeat=3)
        if (o or not e) and (e or not c)
    ]


@pytest.mark.parametrize("bindings", [QKeySequence.keyBindings, linux_bindings], ids=["this platform", "linux"])
def test_no_two_usable_commands_share_a_key(qapp, bindings):
    specs = action_table(DEFAULT_SCALE)
    for state in states():
        seen: dict[str, str] = {}
        for spec in specs:
            if spec.enabled is not None and not spec.enabled(state):
                continue
            for sequence in key_sequences(spec.keys, bindings):
                text = sequence.toString()
                assert text not in seen, f"{text} is bound to {seen[text]} and {spec.id} ({state})"
                seen[text] = spec.id


def test_quit_is_ctrl_q_once_and_redo_has_ctrl_y(qapp):
    specs = {spec.id: spec for spec in action_table(DEFAULT_SCALE)}
    assert [s.toString() for s in key_sequences(specs["quit"].keys, linux_bindings)] == ["Ctrl+Q", "Exit"]
    assert [s.toString() for s in key_sequences(specs["redo"].keys, linux_bindings)] == ["Ctrl+Shift+Z", "Redo", "Ctrl+Y"]


def test_the_enable_rules(qapp):
    specs = {spec.id: spec for spec in action_table(DEFAULT_SCALE)}
    nothing, read_only = ActionState(), ActionState(article_open=True)
    editing, on_claim = ActionState(True, True, False), ActionState(True, True, True)
    assert not specs["export"].enabled(nothing) and specs["export"].enabled(read_only)
    assert not specs["mark_claim"].enabled(read_only) and specs["mark_claim"].enabled(editing)
    assert not specs["fetch_source"].enabled(editing) and specs["fetch_source"].enabled(on_claim)
    assert specs["fetch_source_hint"].enabled(editing) and not specs["fetch_source_hint"].enabled(on_claim)
    assert specs["import"].enabled(nothing) and specs["undo"].enabled is None  # the undo group decides


def test_the_window_menus_and_shortcuts_dialog_follow_the_table(make_window):
    window = make_window()
    specs = action_table(window.scale)
    menus = {menu.objectName(): menu for menu in window.menuBar().findChildren(QMenu)}
    for spec in specs:
        action = window.findChild(QAction, spec.object_name)
        assert action is window.action(spec.id)
        assert action.shortcuts() == key_sequences(spec.keys)
        in_menus = [name for name, menu in menus.items() if action in menu.actions()]
        assert len(in_menus) == (0 if spec.menu is None else 1), (spec.id, in_menus)
    assert "actionFetchSourceHint" not in [a.objectName() for m in menus.values() for a in m.actions()]
    assert window.actions() and all(isinstance(a, QAction) for a in window.actions())  # Qt's, no longer hidden

    rows = window.shortcut_rows()
    assert len(rows) == len([s for s in specs if s.menu])
    dialog = window.show_shortcuts()
    table = dialog.findChild(QTableWidget, "shortcutsTable")
    shown = {(table.item(r, 0).text(), table.item(r, 1).text()): table.item(r, 2).text() for r in range(table.rowCount())}
    assert shown[("File", "Quit")] == QKeySequence("Ctrl+Q").toString(QKeySequence.SequenceFormat.NativeText)
    assert QKeySequence("Ctrl+Y").toString(QKeySequence.SequenceFormat.NativeText) in shown[("Edit", "Redo")]


@pytest.mark.skipif(os.environ.get("FACTCHECK_UNDER_XVFB") == "1", reason="already under Xvfb")
@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="xvfb-run is not installed")
def test_the_keyboard_tests_pass_under_a_real_x_server(tmp_path: Path):
    """Offscreen Qt binds keys as on Windows; Ctrl+Q bound twice and a line edit eating Ctrl+E show
    only with an X server's (Linux) key bindings."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", FACTCHECK_UNDER_XVFB="1")
    result = subprocess.run(
        # One process: windows of parallel workers on one X server would take the focus from each other.
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-m", "pytest", "-q", "-p",
         "no:cacheprovider", "-n", "0", "tests/test_ui_keyboard.py"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )
    if "could not connect to display" in result.stderr or "xcb-cursor0" in result.stdout + result.stderr:
        pytest.skip("Qt cannot start on xcb here (system libraries missing)")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
