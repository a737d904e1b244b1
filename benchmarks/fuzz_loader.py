"""Fuzz the record loader and the schema check with generated YAML documents (not part of the test run).

    python benchmarks/fuzz_loader.py              # 5,000 documents, seed 1
    python benchmarks/fuzz_loader.py -n 20000 --seed 7

Each document is a valid record mutated at random (bytes deleted, inserted or
flipped; lines duplicated or indented with tabs; aliases, tags, BOMs, deep nesting,
huge values) or a document of random YAML tokens. Every input must end as a loaded
record or as reported problems; anything else is a crash, printed with its input.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hfm_atlas.load import read_document  # noqa: E402
from hfm_atlas.models import Paper  # noqa: E402
from hfm_atlas.errors import validate_record  # noqa: E402

VALID = yaml.safe_dump({
    "id": "p", "title": "A title: with colon", "year": 2023, "venue": "arXiv", "subfield": "VFM",
    "authors": ["Ann Lee", "Bo Li"], "links": {"paper": "https://arxiv.org/abs/2301.00001", "arxiv": "2301.00001"},
    "pretraining": {"paradigm": "CL", "methods": ["instance-discrimination"]}, "adaptation": [{"paradigm": "FT"}],
    "label_source": "curated", "summary": "One sentence.", "added": "2024-01-01",
}, allow_unicode=True)
TOKENS = ["a:", " b", "- ", "[", "]", "{", "}", "&x ", "*x", "!!str ", "!!python/object:os.system ", "---\n", "...", "\n",
          "  ", "\t", "'q", '"q', "? ", "|\n  x", ">\n  y", "#c", "2024-13-40", "0x1F", "~", "yes", "é", "😀", "\ufeff", "\x00"]


def mutate(rng: random.Random, text: str) -> bytes:
    data = text.encode("utf-8")
    for _ in range(rng.randint(1, 3)):
        op = rng.choice([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8])  # mostly small edits
        at = rng.randrange(len(data) + 1)
        if op == 0:
            data = data[:at] + data[at + rng.randint(1, 20):]
        elif op == 1:
            data = data[:at] + rng.choice(TOKENS).encode("utf-8") + data[at:]
        elif op == 2:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
        elif op == 3:
            lines = data.split(b"\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif op == 4:
            data = data.replace(b"\n  ", b"\n\t", 1)
        elif op == 5:
            data = data + b"x: &a [" + b", ".join([b"1"] * 9) + b"]\n" + b"".join(b"y%d: &b%d [*a, *a, *a]\n" % (i, i) for i in range(5))
        elif op == 6:
            data = b"\xef\xbb\xbf" + data
        elif op == 7:
            data = data + b"deep: " + b"[" * rng.randint(10, 200) + b"]" * rng.randint(0, 200) + b"\n"
        else:
            data = data + b"huge: " + b"x" * rng.randint(1000, 300_000) + b"\n"
    return data


def random_document(rng: random.Random) -> bytes:
    return "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 60))).encode("utf-8", "surrogatepass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="documents to try (default 5,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    outcomes: Counter = Counter()
    crashes = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.yaml"
        for i in range(args.n):
            data = mutate(rng, VALID) if rng.random() < 0.8 else random_document(rng)
            path.write_bytes(data)
            try:
                doc, problems = read_document(path, "p.yaml")
                if doc is None:
                    assert problems and all(p.message for p in problems)
                    outcomes["refused while loading"] += 1
                    continue
                record, problems = validate_record(doc, Paper)
                outcomes["valid record" if record is not None else "refused by the schema"] += 1
            except Exception:  # noqa: BLE001 - any exception here is the bug this script looks for
                crashes += 1
                print(f"CRASH on input {i}: {data[:300]!r}\n{traceback.format_exc()}")
    elapsed = time.perf_counter() - start
    print(f"{args.n} documents in {elapsed:.1f} s (seed {args.seed}): " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
          + f"; crashes {crashes}")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
