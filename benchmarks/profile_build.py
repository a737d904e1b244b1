"""Where a full build spends its time: cProfile of `hfm-atlas build` on a synthetic catalogue.

    python benchmarks/profile_build.py              # N = 10,000 papers
    python benchmarks/profile_build.py -n 1000 --top 30

Prints the build's stages (cumulative seconds under the profiler, which slows pure-Python code
by roughly half again) and the functions with the most time of their own. Work done in forked
children (half of the validation, the exports, the record-page writers) is not in the profile:
the parent's time waiting for them is, as `waiting for forked workers`. The search index is
written by a forked child started before MkDocs renders; what remains of it when the record
pages are written shows as waiting for forked workers too.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

# (label, file ending, function name): the stages of a build, in the order they run.
STAGES = [
    ("whole build", "hfm_atlas/build.py", "build_into"),
    ("plugin on_files: load + validate the catalogue", "hfm_atlas/validate.py", "load_catalogue"),
    ("plugin on_files: render the 40-odd list pages", "hfm_atlas/render.py", "_pages"),
    ("MkDocs: theme template per list page", "mkdocs/commands/build.py", "_build_page"),
    ("MkDocs: copy theme assets", "mkdocs/structure/files.py", "copy_static_files"),
    ("plugin on_post_build: write the record pages", "hfm_atlas/record_pages.py", "write_record_pages"),
    ("plugin on_post_build: the search index (unforked: written here)", "hfm_atlas/search.py", "search_files"),
    ("waiting for forked workers", "threading.py", "wait"),
]


def stage_times(stats: pstats.Stats) -> list[tuple[str, float]]:
    rows = []
    for label, ending, name in STAGES:
        total = 0.0
        for (filename, _line, func), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            if func == name and filename.replace(os.sep, "/").endswith(ending):
                total = max(total, cumulative)
        rows.append((label, total))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=15, help="functions by own time to list")
    args = parser.parse_args()
    from hfm_atlas.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        data = generate(args.n, Path(tmp) / "data")
        os.chdir(ROOT)
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(build_site, ROOT / "mkdocs.yml", data_dir=data, site_dir=Path(tmp) / "site")
        wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    print(f"N={args.n}: build under cProfile {wall:.1f} s wall\n")
    print(f"{'stage':<52} {'seconds':>8}")
    for label, seconds in stage_times(stats):
        print(f"{label:<52} {seconds:>8.2f}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start_at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    print("\nown time (tottime), top functions:")
    print("\n".join(lines[start_at:]))


if __name__ == "__main__":
    main()
