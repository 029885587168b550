"""Start-up: from process start to the main window shown with the sample and painted; prints medians.

Target (issue 6): at most 1.5 times a bare PySide6 window that shows the same text in a
QTextEdit, measured the same way.

Each run is a fresh interpreter (bench/_window_child.py) on a temporary library and home
folder, offscreen. The clock starts just before the parent starts the process and stops
when the text view's first paint is done (a zero-delay timer after its first Paint event);
the child then ends without running the event loop. Runs of the kinds alternate, so a
change in the machine's load hits all of them alike.

- factcheck-gui: ``factcheck_gui.ui.app.main`` with ``--data-dir``, the library already
  holding the sample (every start after the first);
- first start: the same on an empty library, so the sample is imported first;
- bare window: QApplication, a QMainWindow of the same size with a read-only QTextEdit
  holding the sample's text;
- Python alone: ``python -c pass``, for scale.

factcheck_gui is byte-compiled first, as an installed app is.

Usage: python bench/bench_startup.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import compile_package, isolated_env, load_average, run_window_child  # noqa: E402
from _timing import SAMPLE_TEXT, verdict  # noqa: E402

TARGET_RATIO = 1.5


def python_alone(root: Path) -> float:
    import os

    env = dict(os.environ)
    env.update(isolated_env(root))
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--quick", action="store_true", help="3 runs of each, for CI's report")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs

    times: dict[str, list[float]] = {"app": [], "first": [], "bare": [], "python": []}
    rss: dict[str, list[float]] = {"app": [], "bare": []}
    compile_package()
    print(f"start-up to the first painted window, offscreen; median of {runs} fresh processes each")
    print(f"before: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as folder:
        root = Path(folder)
        library = root / "library"
        sample = ["bare", "--text-file", str(SAMPLE_TEXT)]
        # Warm-up, not counted: fills the library with the sample, compiles .pyc files, warms the file cache.
        run_window_child(["app", "--data-dir", str(library)], root)
        run_window_child(sample, root)
        for number in range(runs):
            report = run_window_child(["app", "--data-dir", str(library)], root)
            times["app"].append(report["seconds"])
            rss["app"].append(report["peak_rss_kb"])
            report = run_window_child(sample, root)
            times["bare"].append(report["seconds"])
            rss["bare"].append(report["peak_rss_kb"])
            times["first"].append(run_window_child(["app", "--data-dir", str(root / f"empty-{number}")], root)["seconds"])
            times["python"].append(python_alone(root))
    print(f"after:  {load_average()}")

    app, bare, first = (statistics.median(times[k]) for k in ("app", "bare", "first"))
    ratio = app / bare
    ms = 1000.0

    def spread(kind: str) -> str:
        return f"(min {min(times[kind]) * ms:5.0f}, max {max(times[kind]) * ms:5.0f})"

    print(f"factcheck-gui with the sample      {app * ms:6.0f} ms {spread('app')}")
    print(f"  first start (imports the sample) {first * ms:6.0f} ms {spread('first')}")
    print(f"bare PySide6 window, same text     {bare * ms:6.0f} ms {spread('bare')}")
    print(f"Python alone (python -c pass)      {statistics.median(times['python']) * ms:6.0f} ms")
    print(f"ratio factcheck-gui / bare window  {ratio:6.2f}x   target <= {TARGET_RATIO}x: {verdict(ratio, TARGET_RATIO)}")
    print(
        f"resident memory at first paint     {statistics.median(rss['app']) / 1024:6.0f} MB "
        f"(bare window {statistics.median(rss['bare']) / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    main()
