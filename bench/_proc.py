"""Helpers for the benchmarks that run windows: an isolated environment, child processes, the machine's load.

Every window benchmark points HOME, the XDG folders and FACTCHECK_DATA_DIR at a temporary
folder (never the user's library or window settings) and runs Qt offscreen unless
QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WINDOW_CHILD = BENCH / "_window_child.py"


def isolated_env(root: Path) -> dict[str, str]:
    """Environment variables that keep Qt offscreen and every per-user folder under *root*."""
    home = root / "home"
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "FACTCHECK_DATA_DIR": str(root / "default-library"),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen",
    }
    for key in ("XDG_RUNTIME_DIR",):
        Path(env[key]).mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def isolate_this_process(root: Path) -> None:
    """Apply :func:`isolated_env` to this process (before QApplication exists), and the collector
    policy the app starts with (``ui.app.main``: long-lived objects frozen once an article is open),
    unless ``BENCH_GC_POLICY=0`` asks to measure without it; and the app's GIL switch interval
    (``core.scheduling``: 1 ms), unless ``BENCH_SWITCH_INTERVAL_MS`` sets another (5: Python's default)."""
    os.environ.update(isolated_env(root))
    from factcheck_gui.core.scheduling import WINDOW_SWITCH_INTERVAL, use_window_switch_interval

    interval = float(os.environ.get("BENCH_SWITCH_INTERVAL_MS", WINDOW_SWITCH_INTERVAL * 1000)) / 1000
    use_window_switch_interval(interval)
    print(f"GIL switch interval: {interval * 1000:g} ms (the window's: {WINDOW_SWITCH_INTERVAL * 1000:g}; "
          "BENCH_SWITCH_INTERVAL_MS=5: Python's default)")
    if os.environ.get("BENCH_GC_POLICY", "1") != "0":
        from factcheck_gui.core.collector import use_window_policy

        use_window_policy()
        print("collector: the window's policy (gc.freeze() once an article is open; BENCH_GC_POLICY=0: without)")
    else:
        print("collector: Python's defaults (BENCH_GC_POLICY=0)")


def run_window_child(args: list[str], root: Path, timeout: float = 120.0) -> dict[str, float]:
    """Run ``_window_child.py *args*`` in a fresh interpreter; returns its report with
    ``seconds``: from just before the process was started to the end of the window's first paint."""
    env = dict(os.environ)
    env.update(isolated_env(root))
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, str(WINDOW_CHILD), *args], capture_output=True, text=True, env=env, timeout=timeout
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(
            f"the window child ({' '.join(args[:1])}) reported nothing (exit {completed.returncode}):\n"
            + completed.stderr[-2000:]
        )
    report = json.loads(lines[-1])
    report["seconds"] = report["painted_at"] - started
    return report


def compile_package() -> None:
    """Byte-compile factcheck_gui, as an installed app is, so no child process compiles it again
    (with PYTHONDONTWRITEBYTECODE set, or sources edited since, every start would)."""
    import compileall

    compileall.compile_dir(str(BENCH.parent / "factcheck_gui"), quiet=2)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages and the number of CPUs, for the report."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"
