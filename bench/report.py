"""Run every benchmark in bench/ and print their figures as one report.

    python bench/report.py [--quick] [--timeout SECONDS] [NAME ...]

Each ``bench_*.py`` runs in its own process (with ``--quick`` when given), with a time limit.
The report starts with the machine (CPU, cores, memory, Python, PySide6, load average) and
gives each script's output as it printed it. A script that fails or runs out of time is
reported as such, with the end of its error output, and the report goes on.

It always exits 0: CI (.ci/run) prints it for information and must never fail because of it.
NAME limits the run to some scripts (``startup``, ``bench_window``...).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
#: Fast, pure-Python ones first; then the ones that start windows and processes.
ORDER = ["store", "sentences", "reanchoring", "similar", "trace", "extraction", "dates", "startup", "window", "fetches"]
QT_NOISE = ("This plugin does not support propagateSizeHints()",)


def scripts(names: list[str]) -> list[Path]:
    found = sorted(BENCH.glob("bench_*.py"), key=lambda p: (ORDER.index(_short(p)) if _short(p) in ORDER else 99, p.name))
    if names:
        wanted = {name.removeprefix("bench_").removesuffix(".py") for name in names}
        found = [path for path in found if _short(path) in wanted]
    return found


def _short(path: Path) -> str:
    return path.stem.removeprefix("bench_")


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def machine() -> list[str]:
    """What the figures were measured on."""
    cpu = ""
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    if not cpu:
        try:
            lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
            cpu = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines() if line.startswith("Model name")), "")
        except (OSError, subprocess.SubprocessError):
            pass
    memory = ""
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
            break
    try:
        from importlib.metadata import version

        pyside = version("PySide6-Essentials")
    except Exception:  # noqa: BLE001 - only for the report
        try:
            import PySide6

            pyside = PySide6.__version__
        except ImportError:
            pyside = "not installed"
    try:
        load = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "load average unknown"
    return [
        f"machine: {cpu or platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
        + (f", {memory}" if memory else ""),
        f"software: Python {platform.python_version()}, PySide6 {pyside}, {platform.system()} {platform.release()}",
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')}; {load} (other work on the machine makes figures noisy)",
    ]


def run(path: Path, quick: bool, timeout: float) -> tuple[bool, str, float]:
    """Run one script; (ok, what to print, seconds)."""
    command = [sys.executable, str(path)] + (["--quick"] if quick else [])
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=BENCH.parent)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return False, out + f"\nFAILED: no result within {timeout:.0f} s (stopped)", time.monotonic() - started
    except OSError as exc:
        return False, f"FAILED: could not start it: {exc}", time.monotonic() - started
    seconds = time.monotonic() - started
    errors = "\n".join(line for line in done.stderr.splitlines() if line.strip() and line.strip() not in QT_NOISE)
    if done.returncode != 0:
        tail = "\n".join(errors.splitlines()[-15:])
        return False, done.stdout + f"\nFAILED with exit code {done.returncode}:\n{tail}", seconds
    return True, done.stdout, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="pass --quick to every script (few runs, for CI)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds each script may take (default 300)")
    parser.add_argument("names", nargs="*", help="only these scripts (e.g. startup window)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    print("factcheck-gui benchmark report" + (" (--quick: few runs, indicative only)" if args.quick else ""))
    for line in machine():
        print(line)
    failed = []
    started = time.monotonic()
    for path in scripts(args.names):
        print(f"\n== {path.name} ==", flush=True)
        ok, output, seconds = run(path, args.quick, args.timeout)
        print(output.rstrip())
        print(f"({path.name} took {seconds:.0f} s)", flush=True)
        if not ok:
            failed.append(path.name)
    print(f"\n{len(failed)} of the scripts failed: {', '.join(failed)}" if failed else "\nevery script ran")
    print(f"report took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    try:
        main()
    except BaseException as exc:  # noqa: BLE001 - the report must never fail CI
        print(f"the benchmark report itself failed: {exc!r}")
    sys.exit(0)
