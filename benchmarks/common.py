"""What the benchmark scripts share: a work folder, one run per size, the machine line and the results file."""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


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
