"""The window while a re-fetch runs (issue 16): the longest stall of its event loop.

A QTimer ticks every 5 ms on the GUI thread from the moment File › Re-fetch article is
triggered until the re-fetch has finished (its new version made, claims placed, diff dialog
open). The longest gap between two ticks, less the 5 ms interval, is the longest time the
window could not react to input. Target: no stall over 50 ms.

Measured for the bundled sample (three claims) and for a 1 MB article with 1,000 claims,
each served changed (one sentence reworded, no correction notice) by a local HTTP server
that takes 300 ms to answer. Everything runs offscreen on a temporary library and home.
Beside the stall: the GUI thread's CPU time (``time.thread_time``) from the trigger to the
end, which other work on the machine disturbs less. ``--no-gc`` runs with the cycle collector
off, to show what is left without it (the app never does that); ``--switch-interval MS`` sets how
often a thread running Python hands the GIL over (``sys.setswitchinterval``; Python's default is 5).
Usage: python bench/bench_refetch_window.py [--runs N] [--quick] [--no-gc] [--switch-interval MS]
"""

from __future__ import annotations

import argparse
import gc
import html
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import isolate_this_process, load_average  # noqa: E402
from _timing import REPO, SAMPLE_TEXT, big_article, verdict  # noqa: E402

sys.path.insert(0, str(REPO))

STALL_TARGET = 0.050
TICK = 0.005


def page_of(text: str) -> bytes:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[1:])
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(paragraphs[0])}</title>"
            f"</head><body><article><h1>{html.escape(paragraphs[0])}</h1>{body}</article></body></html>").encode()


def serve(page: bytes) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            time.sleep(0.3)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/story"


def longest_stall(article, root: Path) -> tuple[float, str, float]:  # noqa: ANN001 - an Article
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.main_window import QtMainWindow

    sentence = next(article.text[s:e] for s, e in article.sentences if len(article.text[s:e]) > 60)
    changed = article.text.replace(sentence, sentence.replace(" the ", " a ", 1), 1)
    server, url = serve(page_of(changed))
    article.meta.url = url
    library = Library(root / f"library-{time.monotonic_ns()}")
    library.add(article)
    app = QApplication.instance() or QApplication([])
    window = QtMainWindow(library, settings_path=root / "window.ini")
    window.resize(1360, 840)
    window.show()
    window.open_article(article.id)
    app.processEvents()
    gaps: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setInterval(int(TICK * 1000))
    timer.timeout.connect(lambda: (gaps.append(clock.nsecsElapsed() / 1e9), clock.restart()))
    finished: list[str] = []
    window.text_versions.refetch_finished.connect(finished.append)
    clock.start()
    timer.start()
    cpu = time.thread_time()
    window.action("refetch").trigger()
    deadline = time.monotonic() + 60
    while not finished and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    settle = time.monotonic() + 0.3  # "finished" is said inside the last handler: let the next ticks land
    while time.monotonic() < settle:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    cpu = time.thread_time() - cpu
    server.shutdown()
    window.close()
    return max(gaps) - TICK if gaps else float("nan"), finished[0] if finished else "timed out", cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run of each (for the report: indicative only)")
    parser.add_argument("--no-gc", action="store_true", help="the cycle collector off (what is left without it)")
    parser.add_argument("--switch-interval", type=float, metavar="MS", help="sys.setswitchinterval, in milliseconds")
    args = parser.parse_args()
    if args.no_gc:
        gc.disable()
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval / 1000)
    if args.quick:
        args.runs = 1
    print(f"load average before: {load_average()}")
    root = Path(tempfile.mkdtemp(prefix="bench-refetch-"))
    isolate_this_process(root)
    from factcheck_gui.core.editing import add_claim, find_text
    from factcheck_gui.importer import article_from_file

    def sample():  # noqa: ANN202
        article = article_from_file(SAMPLE_TEXT)
        for beginning in ("Yesterday, when Gen. Joe Dunford", "Officials are making", "Prime Minister Hayder Abadi"):
            start = article.text.index(beginning)
            end = article.text.index(".", start) + 1
            add_claim(article, *find_text(article, article.text[start:end]))
        return article

    print(f"longest event-loop stall while a re-fetch runs (target {STALL_TARGET * 1000:.0f} ms; median of {args.runs}"
          f"{'; cycle collector off' if args.no_gc else ''}; switch interval {sys.getswitchinterval() * 1000:g} ms):")
    for name, make in (("the sample, 3 claims", sample), ("1 MB, 1,000 claims", lambda: big_article(1.0, 1000))):
        stalls, cpus, message = [], [], ""
        for _ in range(args.runs):
            stall, message, cpu = longest_stall(make(), root)
            stalls.append(stall)
            cpus.append(cpu)
        value = statistics.median(stalls)
        runs = " / ".join(f"{stall * 1000:.0f}" for stall in stalls)
        print(f"  {name:22} {value * 1000:7.0f} ms  {verdict(value, STALL_TARGET)}   (runs {runs} ms; GUI-thread CPU "
              f"{statistics.median(cpus) * 1000:.0f} ms)  ({message[:60]})")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
