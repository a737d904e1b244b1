"""How long `hfm-atlas serve` takes to show an edited record (not part of the test run).

    python benchmarks/serve_reload.py             # N = 1,000 papers, 5 edits
    python benchmarks/serve_reload.py -n 1000 --edits 5

Starts `hfm-atlas serve` on a synthetic catalogue, waits for the first build, then edits one
paper's title at a time and polls the paper's page until the new title is served. Prints the
time from the edit (file write) to the new page, per edit and the median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))

from generate import generate  # noqa: E402
from test_serve import fetch, free_port  # noqa: E402  (the serve test's helpers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="papers (default 1,000)")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = generate(args.n, Path(tmp) / "data")
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "hfm_atlas", "--data", str(data), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            page = f"http://127.0.0.1:{port}/papers/paper-00007/"
            start = time.perf_counter()
            while "paper-00007" not in fetch(page) and "Paper" not in fetch(page):
                if time.perf_counter() - start > 300:
                    raise SystemExit("serve did not come up in 5 minutes")
                time.sleep(0.2)
            print(f"first build served after {time.perf_counter() - start:.1f} s")
            time.sleep(2)  # let the watcher settle
            record = data / "papers" / "paper-00007.yaml"
            timings = []
            for edit in range(args.edits):
                marker = f"Edited title number {edit} {time.time_ns()}"
                text = record.read_text(encoding="utf-8")
                lines = [f"title: {marker}" if line.startswith("title:") else line for line in text.splitlines()]
                begin = time.perf_counter()
                record.write_text("\n".join(lines) + "\n", encoding="utf-8")
                while marker not in fetch(page):
                    if time.perf_counter() - begin > 60:
                        raise SystemExit("the edit did not show up within 60 s")
                    time.sleep(0.05)
                timings.append(time.perf_counter() - begin)
                print(f"edit {edit + 1}: {timings[-1]:.2f} s")
                time.sleep(1.5)
            print(f"N={args.n}: edit to served page, median {statistics.median(timings):.2f} s, max {max(timings):.2f} s")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
