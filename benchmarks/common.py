"""What the benchmark scripts share: a work folder, one run per size, the machine line and the results file."""

from __future__ import annotations

import gzip
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
# A typical connection for the throttled browser runs (Chrome DevTools' emulateNetworkConditions).
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}


def each_size(sizes: list[int], keep: Path | None, prefix: str, run: Callable[[int, Path], dict], out_name: str) -> list[dict]:
    """Run `run(n, work)` for each size in a work folder (kept only if asked), print each result as it comes
    and the machine, and write them all to benchmarks/out/<out_name>."""
    work = keep or Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in sizes:
            results.append(run(n, work))
            print(json.dumps(results[-1]), flush=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    OUT.mkdir(exist_ok=True)
    (OUT / out_name).write_text(json.dumps(results, indent=2) + "\n")
    return results


def gzip_server(folder: Path):
    """A loopback server that compresses text files as GitHub Pages does (the few already compressed files, like the SQLite download, too)."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix in (".json", ".js", ".css", ".html") and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file():
                body = gzip.compress(path.read_bytes(), 6)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def measured_page(browser, throttled: bool, counts: Callable[[str], bool] = lambda url: True):
    """A page in a context of its own, at THROTTLE if asked, and [bytes received so far] for the
    requests whose URL `counts` accepts (body and headers on the wire, workers' requests included)."""
    context = browser.new_context()
    page = context.new_page()
    received = [0]

    def count(request):
        if not counts(request.url):
            return
        try:
            sizes = request.sizes()
            received[0] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        except Exception:  # noqa: BLE001 - a request that ended without a body adds nothing
            pass
    page.on("requestfinished", count)
    if throttled:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", THROTTLE)
    return context, page, received
