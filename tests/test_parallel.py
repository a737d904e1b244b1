"""The paths taken only by large catalogues or by `serve`: loading split across two processes, and the parse cache."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

from conftest import FIXTURES, ROOT

# Run in a fresh process: forking is refused while other threads run (a browser test's server, say).
SPLIT = """
import json, sys
from pathlib import Path
from hfm_atlas import parallel, validate

def summary(result):
    entries, problems = result
    return {"records": [e.record.model_dump(mode="json") for e in entries],
            "files": [e.file.shown_as for e in entries], "problems": [p.format() for p in problems]}

def counted(result):
    count, problems = result
    return [count, [p.format() for p in problems]]

data = Path(sys.argv[1])
serial = summary(validate.load_entries(data))
catalogue, problems = validate.load_catalogue(data)
loaded = [len(catalogue), [p.format() for p in problems]]
checked = counted(validate.check_records(data))  # validate's path: facts made as records are read, no record kept
parallel.LARGE = 2  # every catalogue counts as large: the forked split is taken
validate.CHUNK = 7  # many chunks each way, so records cross the pipe while this process works
forks = []
real_background = validate.background_chunks
def spy(task, size):
    forks.append(parallel.can_fork(size))
    return real_background(task, size)
validate.background_chunks = spy
split = summary(validate.load_entries(data))
split_checked = counted(validate.check_records(data))
print(json.dumps({"forked": forks == [True, True], "same": serial == split, "records": len(split["records"]),
                  "problems": len(split["problems"]), "checked_same": loaded == checked == split_checked, "count": loaded[0]}))
"""


def run_split(data) -> dict:
    out = subprocess.run([sys.executable, "-c", SPLIT, str(data)], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_a_split_load_gives_the_same_records_and_problems_as_a_serial_one(tmp_path):
    real = run_split(ROOT / "data")
    assert real["forked"] and real["same"] and real["records"] > 300
    assert real["checked_same"] and real["count"] > 300
    # Broken records on both sides of the split: every problem, with its line, comes back from the child too.
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    for path in sorted((FIXTURES / "broken").rglob("*.yaml")):
        target = data / path.relative_to(FIXTURES / "broken")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copy(path, target)
    broken = run_split(data)
    assert broken["forked"] and broken["same"] and broken["problems"] > 5
    assert broken["checked_same"]


def test_the_parse_cache_sees_edits_new_files_and_removals(tmp_path, monkeypatch):
    from hfm_atlas import validate

    monkeypatch.setattr(validate, "_read_cache", {})
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    first, _ = validate.load_catalogue(data)
    record = data / "papers" / "medsam.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("title: ", "title: Cached? No -- "), encoding="utf-8")
    shutil.copy(data / "papers" / "biobert.yaml", data / "papers" / "biobert-copy.yaml")
    (data / "papers" / "draft-paper-2024.yaml").unlink()
    second, problems = validate.load_catalogue(data)
    titles = {p.id: p.title for p in second.papers}
    assert titles["medsam"].startswith("Cached? No -- ")
    assert "draft-paper-2024" not in titles and len(validate._read_cache) == sum(1 for _ in data.glob("*/*.yaml"))
    # the copy is read (and refused: its id differs from its file name, and it duplicates BioBERT)
    assert any("biobert-copy.yaml" in p.file for p in problems)
    assert {p.id for p in first.papers} - {p.id for p in second.papers} == {"draft-paper-2024"}


FORKED_BUILD = """
import sys, threading
from hfm_atlas import parallel
parallel.LARGE = 2  # every stage that forks for a large catalogue forks here: loading, exports, search index, record pages
asked, refused = [], []
real_can_fork = parallel.can_fork
def can_fork(size):
    asked.append(size)
    if not real_can_fork(size):
        refused.append(threading.active_count())  # a thread left running by an earlier stage
        return False
    return True
parallel.can_fork = can_fork  # before the stages import it
from hfm_atlas.cli import main
code = main(sys.argv[1:])
print(f"FORKS asked={len(asked)} refused={refused}", file=sys.stderr)
sys.exit(code)
"""


def test_a_build_on_both_cores_writes_the_same_bytes_as_one_on_one_core(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    sites = []
    for name, prefix in (("serial", ["-m", "hfm_atlas"]), ("forked", ["-c", FORKED_BUILD])):
        site = tmp_path / name
        out = subprocess.run([sys.executable, *prefix, "--data", str(ROOT / "data"), "build", "--site-dir", str(site)],
                             cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        sites.append(site)
    # Every stage forked: loading, the exports, the search index and the record pages (no stage found
    # a thread left by another, which makes forking unsafe and was refused, so it ran on one core).
    forks = re.search(r"FORKS asked=(\d+) refused=\[(.*)\]", out.stderr)
    assert int(forks.group(1)) >= 4 and forks.group(2) == "", out.stderr
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert len(files) > 350
    assert files == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    assert [str(f) for f in files if (sites[0] / f).read_bytes() != (sites[1] / f).read_bytes()] == []


BACKGROUND = """
import os
from hfm_atlas import parallel
parallel.LARGE = 2
here = os.getpid()
found = parallel.background(lambda: ("done", os.getpid()), 10)()
try:
    parallel.background(lambda: 1 / 0, 10)()
    raised = ""
except ZeroDivisionError as exc:
    raised = type(exc).__name__
print(found[0], found[1] != here, raised, parallel._live == [])
"""


def test_a_background_task_runs_in_a_child_and_its_error_reaches_the_parent():
    out = subprocess.run([sys.executable, "-c", BACKGROUND], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["done", "True", "ZeroDivisionError", "True"]


CHUNKS = """
import os, time
from hfm_atlas import parallel
parallel.LARGE = 2
here = os.getpid()

def numbers(fail_after=None):
    for start in range(0, 50, 10):
        if fail_after is not None and start >= fail_after:
            raise KeyError("broken at %d" % start)
        time.sleep(0.01)
        yield [(start + i, os.getpid()) for i in range(10)]

chunks = parallel.background_chunks(numbers, 10)
early = chunks.take()  # never waits: whatever has arrived (maybe nothing yet)
time.sleep(0.3)
later = chunks.take()
got = early + later + chunks.rest()
print([n for n, _ in got] == list(range(50)), all(pid != here for _, pid in got), len(later) > 0)
failing = parallel.background_chunks(lambda: numbers(fail_after=20), 10)
try:
    failing.rest()
    raised = ""
except KeyError as exc:
    raised = exc.args[0].replace(" ", "_")
serial = parallel.background_chunks(numbers, 1)  # too small to fork: runs here, when asked
print(raised, parallel._live == [], serial.take() == [], {pid for _, pid in serial.rest()} == {here})
"""


def test_chunks_from_a_child_arrive_in_order_while_the_parent_works_and_its_error_reaches_the_parent():
    out = subprocess.run([sys.executable, "-c", CHUNKS], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "broken_at_20", "True", "True", "True"], out.stderr


def _send_pipe_size(send, parent):
    import fcntl

    send.send(fcntl.fcntl(send.fileno(), getattr(fcntl, "F_GETPIPE_SZ", 1032)))
    send.close()


def test_a_child_sends_its_results_through_a_wide_pipe():
    """A child's results go through a pipe of parallel.PIPE_BYTES where the system allows it, not Linux's 64 KB: the
    thread reading them gets the GIL once per switch interval, so a narrow pipe kept the child waiting."""
    import pytest

    from hfm_atlas import parallel

    if not sys.platform.startswith("linux"):
        pytest.skip("pipe sizes are a Linux setting")
    if int(open("/proc/sys/fs/pipe-max-size").read()) < parallel.PIPE_BYTES and os.geteuid() != 0:
        pytest.skip("this system allows smaller pipes")
    process, receive = parallel._start_child(_send_pipe_size, lambda: None)
    try:
        size = receive.recv()
    finally:
        receive.close()
        process.join()
        parallel._live.remove(process)
    assert size == parallel.PIPE_BYTES
