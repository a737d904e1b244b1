"""Shared fixtures: the project root, the fixture catalogues, a built fixture site."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(autouse=True, scope="session")
def _cache_of_the_tests(tmp_path_factory):
    """The command line keeps validated records between runs (hfm_atlas/cache.py): in the tests, in a folder of their own,
    never in the user's ~/.cache (subprocesses inherit it)."""
    os.environ["HFM_ATLAS_CACHE"] = str(tmp_path_factory.mktemp("hfm-atlas-cache"))
    yield


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden") or os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def atlas_dir() -> Path:
    return FIXTURES / "atlas"


@pytest.fixture
def broken_dir() -> Path:
    return FIXTURES / "broken"


def write_records(root: Path, **kinds: dict[str, str]) -> Path:
    """Write records given as {kind: {id: yaml_text}} under root; return root."""
    for kind, records in kinds.items():
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        for record_id, text in records.items():
            (folder / f"{record_id}.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


PAPER = textwrap.dedent("""\
    id: {id}
    title: {title}
    year: 2023
    venue: arXiv
    subfield: VFM
    pretraining:
      paradigm: CL
    adaptation:
      - paradigm: FT
    label_source: curated
    added: 2024-05-01
    """)


def build_with_project_config(data: Path, site: Path) -> Path:
    """Build `data` with the project's mkdocs.yml, templates and overrides (from the project folder)."""
    from hfm_atlas.build import build_site

    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        build_site(ROOT / "mkdocs.yml", data_dir=data, site_dir=site, strict=False)
    finally:
        os.chdir(cwd)
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture atlas built once with the project's mkdocs.yml and templates."""
    return build_with_project_config(FIXTURES / "atlas", tmp_path_factory.mktemp("site") / "site")


CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    """The CLI in this process: exit status, standard output, standard error."""
    from hfm_atlas.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def digest(folder: Path) -> str:
    """One hash of every file's path and bytes under `folder`."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


def serve_folder(folder: Path):
    """A quiet loopback HTTP server of `folder` on a free port, in a thread; returns (base URL, server)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D102 - keep the test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def served_site(built_site):
    """The fixture site on a loopback HTTP server (an OS-chosen free port), stopped after the session."""
    base, server = serve_folder(built_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (its own browser downloads are not used)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} not found: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not found (install Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    # No request may leave the site: anything not on 127.0.0.1 is aborted and recorded.
    external: list[str] = []

    def guard(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.external_requests = external
    yield tab
    context.close()


GOLDEN = ROOT / "tests" / "golden"


def compare_golden(name: str, text: str, update: bool) -> None:
    """Compare `text` with tests/golden/<name>; with --update-golden (or UPDATE_GOLDEN=1), rewrite the file instead."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), f"golden/{name}", "now", n=2))
        raise AssertionError(f"{name} differs from its golden file (pytest --update-golden to accept):\n{diff[:6000]}")


def shared_parts(site: Path) -> dict[str, str]:
    """The parts of the chrome that SHARED writes into record pages, by name."""
    script = (site / "assets" / "atlas-shell.js").read_text(encoding="utf-8")
    return json.loads(re.search(r'insertAdjacentHTML\("beforebegin",(\{.*\})\[s\.getAttribute\("data-part"\)\]\)', script, re.S).group(1))
