"""What a cold `hfm-atlas validate` costs per record, step by step, and the floor that sets on this machine.

    python benchmarks/validate_parts.py            # 5,000 papers of a 10,000-paper synthetic catalogue
    python benchmarks/validate_parts.py -n 2000 --runs 9

A cold validate (no cache of validated records) must, for every record file: read it, parse its YAML,
validate it against its schema, and make the facts the catalogue checks need; then it pickles each chunk
of results for the cache. This script times each step alone, in one process, in CPU time, the least of
--runs runs over the same papers (this machine's speed moves by a quarter within minutes; the least is the
steadiest figure). It then prints what the read, parse and validate steps alone come to for 110,000
records (100,000 papers and 10,000 datasets) spread over this machine's cores, with no other work:
a lower bound for a cold validate at N = 100,000, to hold against the target of 8 s.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from hfm_atlas.checks import record_facts  # noqa: E402
from hfm_atlas.load import MAX_DEPTH, MAX_NODES  # noqa: E402
from hfm_atlas.models import Paper  # noqa: E402
from hfm_atlas.plainyaml import read_plain  # noqa: E402
from hfm_atlas.records import Entry, scan  # noqa: E402


def least(step, runs: int, count: int) -> float:
    """The least CPU time of `runs` calls of step(), in microseconds per record."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        step()
        best = min(best, time.process_time() - start)
    return best / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="papers timed (of a catalogue of 10,000)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hfm-atlas-validate-parts-") as work:
        data = generate(10_000, Path(work) / "data")
        files = [f for f in scan(data, "data")[0] if f.kind == "papers"][: args.n]
        paths = [str(f.location) for f in files]

        def read() -> list[str]:
            out = []
            for path in paths:
                with open(path, "rb") as handle:
                    out.append(handle.read().decode("utf-8"))
            return out

        texts = read()
        docs = [read_plain(text, MAX_NODES, MAX_DEPTH) for text in texts]
        assert all(d is not None for d in docs), "every synthetic paper is in the plain block style"
        records = [Paper.model_validate(d) for d in docs]
        entries = [Entry(f, r) for f, r in zip(files, records)]
        results = [(r, []) for r in records]
        n, runs = len(files), args.runs
        steps = {
            "read the file (open, read, decode)": least(read, runs, n),
            "parse its YAML (plainyaml)": least(lambda: [read_plain(t, MAX_NODES, MAX_DEPTH) for t in texts], runs, n),
            "validate it (pydantic, Paper)": least(lambda: [Paper.model_validate(d) for d in docs], runs, n),
            "its facts for the catalogue checks": least(lambda: [record_facts(e) for e in entries], runs, n),
            "pickle it for the cache": least(lambda: pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL), runs, n),
        }
    cores = os.cpu_count() or 1
    print(f"per paper, CPU time, least of {runs} runs over {n:,} papers ({cores} cores, Python {sys.version.split()[0]}):")
    for name, us in steps.items():
        print(f"  {name:40s} {us:7.1f} us")
    total = sum(steps.values())
    floor = sum(list(steps.values())[:3])
    print(f"  {'all five':40s} {total:7.1f} us")
    records_100k = 110_000
    print(f"110,000 records on {cores} cores, nothing else: read + parse + validate {floor * records_100k / 1e6 / cores:.1f} s, "
          f"all five {total * records_100k / 1e6 / cores:.1f} s (target for validate at 100,000: 8 s)")


if __name__ == "__main__":
    main()
