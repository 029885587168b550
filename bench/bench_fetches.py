"""Twenty sources fetched and pinned at once through the window's sources panel; prints medians.

Targets (issue 6): all 20 pinned within 1.5 s of the start, each page taking 300 ms to
arrive; the longest GUI-thread stall while they run under 50 ms.

A local server (http.server.ThreadingHTTPServer on 127.0.0.1) answers every request after
sleeping 0.3 s. It runs in a process of its own, as a web server is never in the app's process
(until 2026-12-06 it ran on threads of the bench's process: its 16 request threads then took
turns at the GIL with the window's thread, which added to every stall; ``--server-in-process``
measures that way). Its pages are real news pages (the first 20 of shared/benchmarks/articles,
about 130 KB each, when that folder is next to the repository) or article pages built from
the sample (about 3 KB each); both sets are measured when both are there.

In a real main window on a temporary library, with a claim of the sample current, one
event-loop callback calls ``QtSourcesPanel.fetch_and_pin`` for 20 different addresses (as if
20 links were dropped at once). Each fetch runs through the window's QtTaskRunner,
``net.fetch`` and the snapshot store, and lands as a PinSourceCommand on the GUI thread.

- total: from that callback to the 20th ``source_pinned`` signal;
- stall: the longest gap between the ticks of a 5 ms timer on the GUI thread meanwhile
  (it includes the callback that starts the 20 fetches; that callback, and the longest gap
  after it, are also shown on their own);
- GUI-thread CPU: the CPU time the GUI thread used from that callback to the 20th pin
  (the work the window does, steadier than the stall on a busy machine);
- comparisons, same run: one fetch and pin alone, and the 20 fetches with 20 plain Python
  threads (``fetch_to_source``, no Qt), the floor that the GIL and the CPU allow.

Then the curve of many sources on one claim (issue 17 item 1): 20 and 500 fetch-and-pins,
all started at once for the same claim, against the same fetches on as many plain threads
as the task runner has (16, ``fetch_to_source``, no Qt): target within 1.2x of them, no
GUI-thread stall over 50 ms. Beside the longest gap, the curve counts the gaps over 50 ms in
each run (steadier than the longest one) and the CPU of the whole window's process. Each run
pins to a claim of a fresh copy of the sample. ``--quick`` takes 20 and 100.

Usage: python bench/bench_fetches.py [--runs N] [--quick] [--curve-only] [--one-claim N ...] [--server-in-process]
"""

from __future__ import annotations

import argparse
import gzip
import html
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import isolate_this_process, load_average  # noqa: E402
from _timing import REPO, SAMPLE_TEXT, SHARED_BENCHMARKS, verdict  # noqa: E402

sys.path.insert(0, str(REPO))

COUNT = 20
LATENCY = 0.3
TOTAL_TARGET = 1.5
STALL_TARGET = 0.050
TICK_MS = 5
ONE_CLAIM = (20, 500)  # fetch-and-pins on one claim: the small and the large point of the curve
ONE_CLAIM_QUICK = (20, 100)
PEER_RATIO_TARGET = 1.2
SETTLE_SECONDS = 1.5  # the event loop runs this long after an article is opened, before the curve's fetches


# -- the pages and the server ---------------------------------------------------------------


def real_pages(count: int) -> list[bytes]:
    folder = SHARED_BENCHMARKS / "articles" / "html"
    files = sorted(folder.glob("*.html.gz"))[:count] if folder.is_dir() else []
    return [gzip.decompress(path.read_bytes()) for path in files] if len(files) == count else []


def sample_pages(count: int) -> list[bytes]:
    """Article pages made of the sample: a headline, metadata, JSON-LD and the paragraphs."""
    lines = [line for line in SAMPLE_TEXT.read_text(encoding="utf-8").split("\n\n") if line.strip()]
    pages = []
    for number in range(count):
        title = f"{lines[0]} (report {number + 1})"
        paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in lines[2:])
        pages.append(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="og:site_name" content="Bench News"><meta property="og:type" content="article">
<meta name="author" content="Jason Ditz"><meta property="article:published_time" content="2015-10-21T12:00:00Z">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{html.escape(title)}",
 "datePublished": "2015-10-21T12:00:00Z", "author": {{"@type": "Person", "name": "Jason Ditz"}}}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{html.escape(title)}</h1><p class="subtitle">{html.escape(lines[1])}</p>
{paragraphs}
</article><footer>Copyright Bench News</footer></body></html>""".encode())
    return pages


class _Listener(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # listen() backlog: 20 connections at once; the default 5 makes some wait 1 s


class _Handler(BaseHTTPRequestHandler):
    """Page *n* of *set* for ``/<set>/<run>/<n>``, after sleeping LATENCY seconds."""

    protocol_version = "HTTP/1.1"
    page_sets: ClassVar[dict[str, list[bytes]]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        time.sleep(LATENCY)
        parts = self.path.strip("/").split("/")
        try:
            pages = self.page_sets[parts[0]]
            body = pages[int(parts[-1]) % len(pages)]
        except (KeyError, ValueError, IndexError):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(page_sets: dict[str, list[bytes]], port_to: Connection) -> None:
    """The server process: listens on a free port, sends it back, serves until terminated or until
    the bench is gone (killed, say: then nobody would terminate it)."""
    _Handler.page_sets = page_sets
    httpd = _Listener(("127.0.0.1", 0), _Handler)
    port_to.send(httpd.server_address[1])
    bench = os.getppid()

    def end_with_the_bench() -> None:
        while os.getppid() == bench:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=end_with_the_bench, daemon=True).start()
    httpd.serve_forever()


class Server:
    """Serves the page sets from a process of its own (as a web server is): its Python never
    waits for, or makes wait, the window's threads on the GIL. *in_process* serves from a
    thread of this process instead (how the bench ran before 2026-12-06)."""

    def __init__(self, page_sets: dict[str, list[bytes]], in_process: bool = False) -> None:
        self.process: multiprocessing.process.BaseProcess | None = None
        self.httpd: _Listener | None = None
        if in_process:
            _Handler.page_sets = page_sets
            self.httpd = _Listener(("127.0.0.1", 0), _Handler)
            self.port = self.httpd.server_address[1]
            threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
            return
        context = multiprocessing.get_context("spawn")
        receiving, sending = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(page_sets, sending), daemon=True)
        self.process.start()
        deadline = time.monotonic() + 60
        while not receiving.poll(0.1):
            if not self.process.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the bench's page server did not start")
        self.port = receiving.recv()

    def url(self, page_set: str, run: str, number: int) -> str:
        return f"http://127.0.0.1:{self.port}/{page_set}/{run}/{number}"

    def close(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
        if self.process is not None:
            self.process.terminate()
            self.process.join(5)


# -- measuring ------------------------------------------------------------------------------


class Ticker:
    """A 5 ms timer on the GUI thread that keeps the longest gap between its ticks, and counts the
    gaps longer than the stall target."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.over_target = 0

    def start(self) -> None:
        self.last, self.longest, self.over_target = time.perf_counter(), 0.0, 0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        self.longest = max(self.longest, gap)
        self.over_target += gap > STALL_TARGET
        self.last = now

    def restart_gap(self) -> float:
        """The longest gap so far; from now on only gaps after this moment count."""
        longest = max(self.longest, time.perf_counter() - self.last)
        self.last, self.longest = time.perf_counter(), 0.0
        return longest

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def run_batch(window, urls: list[str], timeout: float = 60.0) -> dict[str, float]:  # noqa: ANN001
    """Fetch and pin *urls* through the window's sources panel; times and the longest stall."""
    from PySide6.QtCore import QEventLoop, QTimer

    panel = window.sources_panel
    loop = QEventLoop()
    state = {"pinned": 0, "failed": 0, "last": 0.0, "started": 0.0, "start_took": 0.0, "stall_to_start": 0.0}
    failures: list[str] = []

    def landed(*_args: object) -> None:
        state["pinned"] += 1
        state["last"], state["cpu_last"] = time.perf_counter(), time.thread_time()
        state["process_cpu_last"] = time.process_time()
        if state["pinned"] + state["failed"] == len(urls):
            loop.quit()

    def failed(message: str) -> None:
        state["failed"] += 1
        failures.append(message)
        state["last"] = time.perf_counter()
        if state["pinned"] + state["failed"] == len(urls):
            loop.quit()

    def start_all() -> None:
        state["started"], state["cpu_started"] = time.perf_counter(), time.thread_time()
        state["process_cpu_started"] = time.process_time()
        start_all_of = getattr(panel, "fetch_and_pin_all", None)  # links dropped on the panel (older code: one by one)
        if start_all_of is not None:
            if not start_all_of(urls):
                raise RuntimeError(f"the panel did not start fetching: {panel.message_text()}")
        else:
            for url in urls:
                if not panel.fetch_and_pin(url):
                    raise RuntimeError(f"the panel did not start fetching {url}: {panel.message_text()}")
        state["start_took"] = time.perf_counter() - state["started"]
        state["stall_to_start"] = ticker.restart_gap()  # includes this callback

    panel.source_pinned.connect(landed)
    panel.fetch_failed.connect(failed)
    ticker = Ticker()
    ticker.start()
    QTimer.singleShot(0, start_all)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()
    stall_running = ticker.stop()
    panel.source_pinned.disconnect(landed)
    panel.fetch_failed.disconnect(failed)
    if failures or state["pinned"] != len(urls):
        raise RuntimeError(f"{state['pinned']} of {len(urls)} pinned; failures: {failures[:3]}")
    return {"total": state["last"] - state["started"], "stall": max(stall_running, state["stall_to_start"]),
            "stall_running": stall_running, "start": state["start_took"],
            "gui_cpu": state.get("cpu_last", 0.0) - state.get("cpu_started", 0.0),
            "process_cpu": state.get("process_cpu_last", 0.0) - state.get("process_cpu_started", 0.0),
            "over_target": ticker.over_target}


def plain_threads(urls: list[str], threads: int | None = None) -> float:
    """The fetches on plain threads (one each unless *threads* is given), without Qt: the floor."""
    from factcheck_gui.net.fetch import fetch_to_source

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads or len(urls)) as pool:
        list(pool.map(lambda url: fetch_to_source(url), urls))
    return time.perf_counter() - started


Curve = dict[int, dict[str, list[float]]]


def measure(folder: Path, page_sets: dict[str, list[bytes]], runs: int, one_claim: tuple[int, ...] = (),
            curve_only: bool = False, server_in_process: bool = False) -> tuple[dict[str, dict[str, list[float]]], Curve]:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from factcheck_gui.core.editing import add_claim
    from factcheck_gui.importer import ensure_sample
    from factcheck_gui.store.library import Library
    from factcheck_gui.ui.main_window import QtMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    library = Library(folder / "library")
    handle = ensure_sample(library)
    article = handle.article
    batches = len(page_sets) * (runs + 1) * 2  # a fresh claim for each batch
    claim_ids = [add_claim(article, *article.sentences[n % len(article.sentences)]).id for n in range(batches)]
    library.save(handle)

    window = QtMainWindow(library, settings_path=folder / "config" / "window.ini")
    window.resize(1360, 840)
    window.show()
    window.open_article(article.id)
    app.processEvents()
    pool = getattr(window.runner, "_pool", None) or QThreadPool.globalInstance()
    print(f"task runner's thread pool: {pool.maxThreadCount()} threads (QThreadPool.globalInstance(): "
          f"{QThreadPool.globalInstance().maxThreadCount()}); {COUNT} fetches, {LATENCY * 1000:.0f} ms each")

    server = Server(page_sets, in_process=server_in_process)
    claims = iter(claim_ids)
    results: dict[str, dict[str, list[float]]] = {}
    curve: Curve = {}
    try:
        for name in [] if curve_only else page_sets:
            found: dict[str, list[float]] = {
                key: [] for key in ("total", "stall", "stall_running", "start", "gui_cpu", "one", "plain")
            }
            for run in range(runs + 1):  # the first is a warm-up (trafilatura's first import and so on)
                window.document.set_current_claim(next(claims))
                outcome = run_batch(window, [server.url(name, f"b{run}", n) for n in range(COUNT)])
                window.document.set_current_claim(next(claims))
                one = run_batch(window, [server.url(name, f"o{run}", run)])
                plain = plain_threads([server.url(name, f"p{run}", n) for n in range(COUNT)])
                if run:
                    for key in ("total", "stall", "stall_running", "start", "gui_cpu"):
                        found[key].append(outcome[key])
                    found["one"].append(one["total"])
                    found["plain"].append(plain)
            results[name] = found
        for count in one_claim:
            curve[count] = many_on_one_claim(window, server, count, runs)
    finally:
        server.close()
        window.document.flush()
        window.close()
        window.deleteLater()
        app.processEvents()
    return results, curve


def let_the_window_settle(seconds: float = SETTLE_SECONDS) -> None:
    """Run the event loop a while: what opening an article leaves to later passes (its first paint, the
    paced layout, the claims' highlights, the collector's settle after a second) is done before the
    fetches start, as when a user drops links on an article opened a moment before. (Until
    2026-12-06 the curve started at once, and that work counted in the first gap.)"""
    from PySide6.QtTest import QTest

    QTest.qWait(round(seconds * 1000))  # as bench_scale.py waits after opening (IDLE_MS)


def many_on_one_claim(window, server: Server, count: int, runs: int) -> dict[str, list[float]]:  # noqa: ANN001
    """*count* fetch-and-pins started at once for one claim, *runs* times (after a warm-up), and the
    same fetches on plain threads, as many as the task runner has."""
    from factcheck_gui.core.editing import add_claim
    from factcheck_gui.importer import sample_article
    from factcheck_gui.ui.tasks import TASK_THREADS

    found: dict[str, list[float]] = {key: [] for key in ("total", "stall", "gui_cpu", "process_cpu", "over_target",
                                                         "peer")}
    for run in range(runs + 1):
        # A fresh copy of the sample each run, so the article holds this run's sources only.
        article = sample_article()
        claim = add_claim(article, *article.sentences[3])
        window.library.add(article)
        window.open_article(article.id)
        window.document.set_current_claim(claim.id)
        let_the_window_settle()
        outcome = run_batch(window, [server.url("sample", f"c{count}-{run}", n) for n in range(count)], timeout=900)
        window.document.set_current_claim(None)
        peer = plain_threads([server.url("sample", f"q{count}-{run}", n) for n in range(count)], TASK_THREADS)
        if run:
            for key in ("total", "stall", "gui_cpu", "process_cpu", "over_target"):
                found[key].append(outcome[key])
            found["peer"].append(peer)
        print(f"  ({count} on one claim, run {run}{' (warm-up)' if not run else ''}: {outcome['total']:.2f} s, "
              f"stall {outcome['stall'] * 1000:.0f} ms (starting them {outcome['start'] * 1000:.0f} ms; after: "
              f"{outcome['stall_running'] * 1000:.0f} ms, {outcome['over_target']} gaps over {STALL_TARGET * 1000:.0f}), "
              f"GUI CPU {outcome['gui_cpu']:.2f} s, process CPU {outcome['process_cpu']:.2f} s; "
              f"plain threads {peer:.2f} s)",
              flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs, small pages only, for CI's report")
    parser.add_argument("--curve-only", action="store_true", help="only the curve of many sources on one claim")
    parser.add_argument("--one-claim", type=int, nargs="*", help="the points of that curve (default 20 500)")
    parser.add_argument("--server-in-process", action="store_true",
                        help="serve the pages from a thread of the window's process (as before 2026-12-06)")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    one_claim = tuple(args.one_claim) if args.one_claim is not None else ONE_CLAIM_QUICK if args.quick else ONE_CLAIM

    page_sets = {"sample": sample_pages(COUNT)}
    real = [] if args.quick or args.curve_only else real_pages(COUNT)
    if real:
        page_sets["news"] = real
    labels = {
        "sample": f"article pages from the sample, {statistics.median(map(len, page_sets['sample'])) / 1000:.0f} KB",
        "news": f"real news pages (shared/benchmarks/articles), median {statistics.median(map(len, real or [b''])) / 1000:.0f} KB",
    }
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as name:
        folder = Path(name)
        isolate_this_process(folder)  # before Qt starts: no real settings, offscreen
        print(f"before: {load_average()}")
        results, curve = measure(folder, page_sets, runs, one_claim, args.curve_only, args.server_in_process)
        print(f"page server: {'a thread of this process' if args.server_in_process else 'a process of its own'}")
        print(f"after:  {load_average()}")

    ms = 1000.0
    print(f"median of {runs} runs")
    for page_set, found in results.items():
        total, stall = statistics.median(found["total"]), statistics.median(found["stall"])
        print(f"{labels[page_set]}:")
        print(f"  20 fetched and pinned, total          {total * ms:7.0f} ms   target < {TOTAL_TARGET * ms:.0f} ms: "
              f"{verdict(total, TOTAL_TARGET)}")
        print(f"  longest GUI-thread stall meanwhile    {stall * ms:7.1f} ms   target < {STALL_TARGET * ms:.0f} ms: "
              f"{verdict(stall, STALL_TARGET)}   (worst run {max(found['stall']) * ms:.1f} ms)")
        print(f"    the callback starting the 20        {statistics.median(found['start']) * ms:7.1f} ms")
        print(f"    longest after they were started     {statistics.median(found['stall_running']) * ms:7.1f} ms")
        print(f"  GUI-thread CPU meanwhile              {statistics.median(found['gui_cpu']) * ms:7.0f} ms")
        print(f"  one fetched and pinned alone          {statistics.median(found['one']) * ms:7.0f} ms")
        print(f"  20 on 20 plain threads, no Qt         {statistics.median(found['plain']) * ms:7.0f} ms")
    if curve:
        print(f"many sources on one claim (sample pages, {LATENCY * 1000:.0f} ms each), fetch-and-pins started at once:")
        print(f"  {'pins':>5} {'total':>9} {'peer':>9} {'ratio':>6} {'stall':>8} {'worst':>8} "
              f"{'>' + str(round(STALL_TARGET * ms)) + ' ms':>7} {'GUI CPU':>8} {'process':>8}")
        for count, found in curve.items():
            total, peer = statistics.median(found["total"]), statistics.median(found["peer"])
            stall = statistics.median(found["stall"])
            print(f"  {count:5d} {total:8.2f}s {peer:8.2f}s {total / peer:5.2f}x {stall * ms:6.0f}ms "
                  f"{max(found['stall']) * ms:6.0f}ms {statistics.median(found['over_target']):7g} "
                  f"{statistics.median(found['gui_cpu']):7.2f}s {statistics.median(found['process_cpu']):7.2f}s")
        print(f"  ({'>' + str(round(STALL_TARGET * ms)) + ' ms'}: gaps between the ticks longer than the target, "
              "per run; process: the CPU of all the window's threads)")
        large = max(curve)
        ratio = statistics.median(curve[large]["total"]) / statistics.median(curve[large]["peer"])
        stall = statistics.median(curve[large]["stall"])
        print(f"  {large} on one claim: {ratio:.2f}x the plain threads   target < {PEER_RATIO_TARGET}x: "
              f"{verdict(ratio, PEER_RATIO_TARGET)}; stall {stall * ms:.0f} ms   target < {STALL_TARGET * ms:.0f} ms: "
              f"{verdict(stall, STALL_TARGET)}")


if __name__ == "__main__":
    main()
