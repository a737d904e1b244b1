"""`hfm-atlas serve`: an edited record shows up, a broken one leaves the last good site and a clear error."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, what: str, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    port = free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "hfm_atlas", "--data", str(data), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "MedSAM" in fetch(base + "papers/medsam/"), "the first build")
        yield data, base, tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    # stopped by SIGTERM, serve removed its site folder (in /dev/shm it would hold memory until a reboot)
    folders = re.findall(r"Built site folder: (\S+)", (tmp_path / "serve.log").read_text(encoding="utf-8"))
    assert folders and not Path(folders[0]).exists()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_record_is_served_and_a_broken_one_keeps_the_last_good_site(server):
    data, base, log = server
    record = data / "papers" / "medsam.yaml"
    page = base + "papers/medsam/"

    edit(record, "title: ", "title: Edited in serve -- ")
    wait_for(lambda: "Edited in serve -- " in fetch(page), "the edited title")
    assert "livereload" in fetch(page)  # the page reloads itself when the next build lands

    edit(record, "subfield: VFM", "subfield: VMF")
    wait_for(lambda: "did you mean VFM" in log.read_text(encoding="utf-8"), "the error report")
    output = log.read_text(encoding="utf-8")
    assert "papers/medsam.yaml:" in output and "subfield" in output
    assert "Traceback" not in output
    assert "Edited in serve -- " in fetch(page)  # the last good site is still served

    edit(record, "subfield: VMF", "subfield: VFM")
    edit(record, "Edited in serve -- ", "Fixed in serve -- ")
    wait_for(lambda: "Fixed in serve -- " in fetch(page), "the fixed record")



def test_a_busy_address_is_a_one_line_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "hfm_atlas", "--data", str(FIXTURES / "atlas"), "serve", "--dev-addr",
                                 f"127.0.0.1:{port}"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"error: cannot serve on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert "Traceback" not in result.stderr
