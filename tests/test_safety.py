"""Safety: no command destroys a user's files, no input hangs or crashes a command.

The destructive cases run in a temporary copy of the project, never in the checkout.
Each test here failed on the code before the safety issue (see its closing note).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, PAPER, ROOT, write_records

from hfm_atlas import sitedir
from hfm_atlas.cli import main
from hfm_atlas.problems import Problem

PROJECT_PARTS = ("mkdocs.yml", "pyproject.toml", "README.md", "CONTRIBUTING.md", "data", "docs", "templates", "overrides")


def tree_digest(folder: Path) -> str:
    """Names, file contents and symlink targets of everything under `folder`."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_symlink():
            h.update(os.readlink(path).encode())
        elif path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project (with the small fixture catalogue as its data) inside outer/, beside a sibling file."""
    outer = tmp_path / "outer"
    root = outer / "project"
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = FIXTURES / "atlas" if part == "data" else ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
    (outer / "sibling.txt").write_text("not the project's")
    (root / "docs" / "sub").mkdir()
    (root / "docs" / "sub" / "page.md").write_text("# A hand-written page\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(root)
    return root


def build(capsys, *args: str) -> tuple[int, str]:
    code = main(["build", *args])
    return code, capsys.readouterr().err


REFUSED_TARGETS = {
    "data": "it is the data folder", ".": "it is the project folder", "..": "it contains the project folder",
    "data/papers": "it lies inside the data folder", "data/papers/newsite": "it lies inside the data folder",
    "docs": "it is the docs folder", "docs/sub": "it lies inside the docs folder", "templates": "it is the templates folder",
    "overrides": "it is the theme overrides folder", "README.md": "it is an existing file",
    "data/papers/medsam.yaml": "it lies inside the data folder", "/": "it is the root of the file system",
    "~": "it is your home folder", "~/..": "it contains your home folder", ".git": "it is the project's git folder",
}


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("target", sorted(REFUSED_TARGETS))
def test_a_site_dir_over_the_project_is_refused_before_any_work(project, capsys, target, force):
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = tree_digest(project.parent)
    code, err = build(capsys, "--site-dir", os.path.expanduser(target), *(["--force"] if force else []))
    assert code == 2 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: refusing to build into") and REFUSED_TARGETS[target] in lines[0], err
    assert tree_digest(project.parent) == before  # nothing deleted, nothing written, no staging folder


def test_site_dir_in_mkdocs_yml_is_guarded_too(project, capsys):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nsite_dir: data\n")
    before = tree_digest(project)
    code, err = build(capsys)
    assert code == 2 and "refusing to build into" in err and "the data folder" in err
    assert tree_digest(project) == before


def test_a_folder_no_build_made_is_replaced_only_with_force_and_a_project_never(project, capsys):
    other = project.parent / "mine"
    other.mkdir()
    (other / "thesis.tex").write_text("my work")
    code, err = build(capsys, "--site-dir", str(other))
    assert code == 2 and "no .hfm-atlas-site file" in err and "--force" in err
    assert (other / "thesis.tex").read_text() == "my work"
    assert build(capsys, "--site-dir", str(other), "--force")[0] == 0
    assert (other / "index.html").exists() and not (other / "thesis.tex").exists()
    look_alike = project.parent / "other-project"
    look_alike.mkdir()
    (look_alike / "mkdocs.yml").write_text("site_name: x\n")
    code, err = build(capsys, "--site-dir", str(look_alike), "--force")
    assert code == 2 and "looks like a project" in err and (look_alike / "mkdocs.yml").exists()


def test_an_empty_folder_and_an_earlier_site_are_replaced(project, capsys):
    empty = project.parent / "empty"
    empty.mkdir()
    assert build(capsys, "--site-dir", str(empty))[0] == 0
    assert (empty / sitedir.MARKER).read_text() == sitedir.MARKER_TEXT and (empty / "index.html").exists()
    (empty / "stale.html").write_text("from the previous build")
    assert build(capsys, "--site-dir", str(empty))[0] == 0  # a marked site: replaced without --force
    assert not (empty / "stale.html").exists()
    assert sorted(p.name for p in project.parent.iterdir()) == ["empty", "project", "sibling.txt"]  # no staging left


def test_the_swap_leaves_no_moment_without_a_site(project, capsys):
    site = project.parent / "site"
    assert build(capsys, "--site-dir", str(site))[0] == 0
    missing: list[float] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (site / "index.html").exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(3):
            assert build(capsys, "--site-dir", str(site))[0] == 0
    finally:
        stop.set()
        watcher.join()
    assert missing == []


def test_the_two_rename_fallback_still_replaces_the_site(project, capsys, monkeypatch):
    site = project.parent / "site"
    assert build(capsys, "--site-dir", str(site))[0] == 0
    (site / "stale.html").write_text("old")
    monkeypatch.setattr(sitedir, "_renameat2", lambda old, new, flags: False)  # a system without renameat2
    assert build(capsys, "--site-dir", str(site))[0] == 0
    assert (site / "index.html").exists() and not (site / "stale.html").exists()
    assert sorted(p.name for p in project.parent.iterdir()) == ["project", "sibling.txt", "site"]


def test_a_build_that_lost_a_race_says_so_and_keeps_the_other_folder(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "notes.txt").write_text("someone put this here while the build ran")
    staging = sitedir.Staging(target)
    (staging.path / "index.html").write_text("new site")
    try:
        with pytest.raises(sitedir.LostRace, match="was replaced by a folder that is not a site"):
            sitedir.swap_in(staging, target, str(target))
        assert (target / "notes.txt").exists() and not (target / "index.html").exists()
    finally:
        staging.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_killed_builds_are_swept_but_not_a_running_builds(project, capsys):
    site = project.parent / "site"
    stale = project.parent / ".site.building-stale1"
    stale.mkdir()
    (stale / "index.html").write_text("half a site")
    old = project.parent / ".site.old-stale2"
    old.mkdir()
    running = project.parent / ".site.building-running"
    running.mkdir()
    for folder in (stale, old, running):
        os.utime(folder, (time.time() - 600, time.time() - 600))
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, os, sys, time\n"
                               "fd = os.open(sys.argv[1], os.O_RDONLY)\nfcntl.flock(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)",
                               str(running)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert build(capsys, "--site-dir", str(site))[0] == 0
        assert not stale.exists() and not old.exists() and running.exists()
    finally:
        holder.kill()
        holder.wait()


# ---------------------------------------------------------------- interrupted builds


@pytest.fixture(scope="module")
def large_catalogue(tmp_path_factory) -> Path:
    """3,000 synthetic papers: large enough that validation, exports and page writing fork."""
    out = tmp_path_factory.mktemp("large") / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "3000", str(out)], check=True, capture_output=True)
    return out


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_build(data: Path, site: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "hfm_atlas", "--data", str(data), "build", "--site-dir", str(site)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for_workers(process: subprocess.Popen, timeout: float = 60) -> list[int]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = children(process.pid)
        if found:
            return found
        if process.poll() is not None:
            pytest.fail("the build ended before it started a worker")
        time.sleep(0.005)
    pytest.fail("no worker process appeared")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and the parent-death signal are Linux's")
def test_after_kill_9_no_worker_outlives_its_build_and_the_next_build_sweeps(tmp_path, large_catalogue):
    site = tmp_path / "site"
    process = start_build(large_catalogue, site)
    workers = wait_for_workers(process)
    process.kill()
    process.wait()
    end = time.monotonic() + 2
    while any(alive(w) for w in workers) and time.monotonic() < end:
        time.sleep(0.02)
    assert not any(alive(w) for w in workers), "a worker outlived its killed build by 2 s"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    assert leftovers  # the killed build's staging folder...
    time.sleep(0.05)
    done = subprocess.run([sys.executable, "-m", "hfm_atlas", "--data", str(FIXTURES / "atlas"), "build", "--site-dir", str(site)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # ...is swept by the next build


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=["TERM", "INT", "HUP"])
def test_a_signal_stops_the_build_its_workers_and_removes_its_staging(tmp_path, large_catalogue, signum):
    site = tmp_path / "site"
    process = start_build(large_catalogue, site)
    workers = wait_for_workers(process)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode != 0 and "Traceback" not in err, err
    end = time.monotonic() + 2
    while any(alive(w) for w in workers) and time.monotonic() < end:
        time.sleep(0.02)
    assert not any(alive(w) for w in workers)
    assert list(tmp_path.iterdir()) == []  # no staging folder, no site
    import tempfile
    assert not [p for p in Path(tempfile.gettempdir()).glob("hfm-atlas-files-*")]


# ---------------------------------------------------------------- record discovery: regular files only


def validate(data: Path) -> subprocess.CompletedProcess:
    """validate in a child with a time limit: a hang is a failure, not a stuck test run."""
    return subprocess.run([sys.executable, "-m", "hfm_atlas", "--data", str(data), "validate"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def small_catalogue(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    return data


def test_a_fifo_socket_or_symlink_loop_is_a_located_error_not_a_hang_or_traceback(tmp_path):
    data = small_catalogue(tmp_path)
    papers = data / "papers"
    os.mkfifo(papers / "fifo.yaml")
    (papers / "loop.yaml").symlink_to("loop.yaml")
    (papers / "a.yaml").symlink_to("b.yaml")
    (papers / "b.yaml").symlink_to("a.yaml")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(papers / "sock.yaml"))
    try:
        result = validate(data)
    finally:
        sock.close()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = result.stdout
    assert f"{data}/papers/fifo.yaml: not a regular file" in out
    assert f"{data}/papers/sock.yaml: not a regular file" in out
    for name in ("loop", "a", "b"):
        assert f"{data}/papers/{name}.yaml: symlink loop" in out


def test_a_data_subfolder_linked_outside_the_data_folder_is_refused(tmp_path):
    data = small_catalogue(tmp_path)
    outside = tmp_path / "elsewhere"
    shutil.move(data / "papers", outside)
    (data / "papers").symlink_to(outside)
    result = validate(data)
    assert result.returncode == 1 and f"{data}/papers: folder is a symlink to {outside}, outside the data folder" in result.stdout


def test_a_build_with_a_fifo_record_fails_at_once_and_leaves_nothing(tmp_path):
    data = small_catalogue(tmp_path)
    os.mkfifo(data / "papers" / "fifo.yaml")
    result = subprocess.run([sys.executable, "-m", "hfm_atlas", "--data", str(data), "build", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "fifo.yaml: not a regular file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


# ---------------------------------------------------------------- serve survives what a rebuild meets


def test_serve_survives_a_symlink_loop_and_a_fifo_and_recovers(tmp_path):
    from test_serve import edit, fetch, free_port, wait_for

    data = small_catalogue(tmp_path)
    port = free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w+", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "hfm_atlas", "--data", str(data), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "MedSAM" in fetch(base + "papers/medsam/"), "the first build")
        for n, (make, name) in enumerate(((lambda p: p.symlink_to(p.name), "loop.yaml"), (lambda p: os.mkfifo(p), "fifo.yaml"))):
            bad = data / "papers" / name
            make(bad)
            edit(data / "papers" / "medsam.yaml", "summary: ", f"summary: Edit {n}. ")  # a save, as a person would
            wait_for(lambda: f"{name}:" in log_path.read_text(encoding="utf-8"), f"the error for {name}")
            assert "MedSAM" in fetch(base + "papers/medsam/")  # the last good site is still served, at once
            bad.unlink()
        edit(data / "papers" / "medsam.yaml", "title: ", "title: Recovered ")
        wait_for(lambda: "Recovered" in fetch(base + "papers/medsam/"), "the rebuild after the fix")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    assert "Traceback" not in log_path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- importers


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hfm_atlas", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("text", [
    "# x" + " " * 3000 + "y\n",
    "## LFM methods\n### 2023\n- Title [" + " " * 20000 + "x\n",
    "## LFM methods\n### 2023\n- T " + "[" * 50000 + "]" * 50000 + " " + "[[Paper](" * 20000 + "\n",
    "## 2023" + " " * 5000 + "x\n" + "- " + " " * 20000 + "\n",
], ids=["heading-spaces", "link-spaces", "nested-brackets", "year-spaces"])
def test_no_awesome_list_line_makes_the_importer_backtrack(tmp_path, text):
    source = tmp_path / "list.md"
    source.write_text(text)
    # Linear patterns take well under a second here; the old ones took minutes (the limit only catches a hang).
    result = run_cli("--data", str(FIXTURES / "atlas"), "import", "awesome", str(source), "--dry-run", "--subfield", "LFM", timeout=30)
    assert "Traceback" not in result.stderr and "Summary:" in result.stdout


def test_an_import_source_must_be_a_regular_file_of_bounded_size(tmp_path):
    os.mkfifo(tmp_path / "fifo.bib")
    for source, why in (("/dev/zero", "not a regular file (a character device)"), (str(tmp_path / "fifo.bib"), "not a regular file (a FIFO)")):
        result = run_cli("--data", str(FIXTURES / "atlas"), "import", "bibtex", source, "--dry-run", timeout=30)
        assert result.returncode == 1 and why in result.stderr and "Traceback" not in result.stderr
    big = tmp_path / "big.bib"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)
    result = run_cli("--data", str(FIXTURES / "atlas"), "import", "bibtex", str(big), "--dry-run")
    assert result.returncode == 1 and "an import source may be at most 67,108,864 bytes" in result.stderr


def test_many_similar_titles_get_distinct_ids(tmp_path):
    source = tmp_path / "same.bib"
    source.write_text("".join(f"@article{{s{i}, title={{Foo: variant number {i}}}, year=2024}}\n" for i in range(120)))
    result = run_cli("--data", str(FIXTURES / "atlas"), "import", "bibtex", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out" / "papers").glob("*.yaml"))) == 120


def test_one_absurd_entry_is_refused_alone_and_the_others_are_written(tmp_path):
    source = tmp_path / "mixed.bib"
    source.write_text("@article{big, title={" + "x" * 1_000_000 + "}, abstract={" + "y " * 1_000_000 + "}, year=2024}\n"
                      "@article{long, title={" + "A real but very long title " * 20 + "}, year=2023}\n"
                      "@article{ok, title={A fine paper on segmentation}, year=2023}\n")
    result = run_cli("--data", str(FIXTURES / "atlas"), "import", "bibtex", str(source), "--out", str(tmp_path / "out"), "--subfield", "VFM")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "mixed.bib:1: refused '@article{big}': title (1,000,002 characters): over 20,000 characters; not a real entry" in result.stdout
    assert "mixed.bib:2: refused 'A real but very long title" in result.stdout and "title: String should have at most 400 characters" in result.stdout
    assert "2 entries refused; the others were written." in result.stderr
    assert [p.name for p in (tmp_path / "out" / "papers").iterdir()] == ["a-fine-paper-on-segmentation.yaml"]
    again = run_cli("--data", str(FIXTURES / "atlas"), "import", "bibtex", str(source), "--out", str(tmp_path / "again"),
                    "--subfield", "VFM", "--all-or-nothing")
    assert again.returncode == 1 and "nothing was written" in again.stderr and not (tmp_path / "again").exists()


# ---------------------------------------------------------------- the command line and what it prints


@pytest.mark.parametrize("args", [["serve", "--dev-addr", "127.0.0.1:99999"], ["serve", "--dev-addr", "127.0.0.1:-1"],
                                  ["serve", "--dev-addr", "nonsense"], ["links", "--workers", "0"], ["links", "--workers", "-1"]])
def test_argument_errors_are_one_line_and_exit_2(args):
    result = run_cli(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: hfm-atlas ")


def test_github_annotations_escape_file_names_and_messages():
    problem = Problem("papers/x\n::error file=README.md,line=1::INJECTED\n.yaml", 3, 4, "title", "bad\r\nvalue 100%")
    line = problem.format_github()
    assert "\n" not in line and "\r" not in line and line.count("::") == 2
    assert line.startswith("::error file=papers/x\\n%3A%3Aerror file=README.md%2Cline=1%3A%3AINJECTED\\n.yaml,line=3,col=4::")
    assert line.endswith("title: bad\\r\\nvalue 100%25")


def test_terminal_output_never_carries_raw_escape_sequences(tmp_path):
    data = small_catalogue(tmp_path)
    (data / "papers" / "ansi.yaml").write_text('"\\e[31mevil": 1\n', encoding="utf-8")
    (data / "papers" / "x\x1b[2J.yaml").write_text("id: x\n", encoding="utf-8")
    result = validate(data)
    assert result.returncode == 1 and "\x1b" not in result.stdout + result.stderr
    assert "ansi.yaml:1:1: control or bidirectional character U+001B in a key" in result.stdout
    assert "x\\x1b[2J.yaml" in result.stdout


def test_an_ipv6_literal_link_is_accepted(tmp_path):
    write_records(tmp_path, papers={"v6": PAPER.format(id="v6", title="IPv6 link") + "links:\n  paper: http://[::1]/x\n"})
    result = validate(tmp_path)
    assert result.returncode == 0, result.stdout


def test_export_never_writes_into_the_data_folder(tmp_path):
    data = small_catalogue(tmp_path)
    record = data / "papers" / "medsam.yaml"
    before = record.read_bytes()
    result = run_cli("--data", str(data), "export", "csv", "-o", str(record), "--force")
    assert result.returncode == 2 and "inside the data folder" in result.stderr and record.read_bytes() == before
