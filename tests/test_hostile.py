"""Hostile and broken input: refused with a located message and nothing written, or shown literally everywhere."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pybtex.errors
import pytest
from conftest import FIXTURES, ROOT, digest, serve_folder
from pybtex.database import parse_file

from hfm_atlas.build import build_site
from hfm_atlas.cli import main
from hfm_atlas.load import MAX_FILE_BYTES
from hfm_atlas.readme import paper_list
from hfm_atlas.validate import load_catalogue

REFUSED = FIXTURES / "hostile" / "refused"
HARMLESS = FIXTURES / "hostile" / "harmless"
EVIL_MARKERS = ("alert(", "onerror", "onload", "javascript:")


def catalogue_with(tmp_path: Path, case: Path | None = None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    if case is not None:
        for path in case.rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                target = data / path.relative_to(case)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    return data


def refused_build(tmp_path: Path, built_site: Path, data: Path, capsys) -> str:
    """Build `data` over a copy of a good site: it must fail with exit 1, say why, and leave the site as it was."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    before = digest(site)
    code = main(["--data", str(data), "build", "--site-dir", str(site)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]  # no staging folder left behind
    return err


@pytest.mark.parametrize("case", sorted(p.name for p in REFUSED.iterdir()))
def test_refused_input_names_file_line_and_field_and_changes_nothing(tmp_path, built_site, capsys, case):
    data = catalogue_with(tmp_path, REFUSED / case)
    expected = (REFUSED / case / "expected.txt").read_text().strip().replace("{data}", str(data))
    err = refused_build(tmp_path, built_site, data, capsys)
    assert f"{data}/{expected}" in err, err


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, built_site, capsys):
    data = catalogue_with(tmp_path)
    (data / "papers" / "huge.yaml").write_text("id: huge\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    err = refused_build(tmp_path, built_site, data, capsys)
    assert f"{data}/papers/huge.yaml: file is " in err and "a record may be at most 262,144 bytes" in err


def test_a_symlink_out_of_the_data_folder_is_refused(tmp_path, built_site, capsys):
    data = catalogue_with(tmp_path)
    secret = tmp_path.parent / f"{tmp_path.name}-secret.yaml"
    secret.write_text("id: secret\n")
    (data / "papers" / "secret.yaml").symlink_to(secret)
    err = refused_build(tmp_path, built_site, data, capsys)
    assert f"{data}/papers/secret.yaml: symlink points outside the data folder" in err


def test_hidden_and_foreign_files_are_ignored_with_a_note_and_fail_only_strict_builds(tmp_path, capsys):
    data = catalogue_with(tmp_path)
    (data / "papers" / ".DS_Store").write_bytes(b"\x00\x01")
    (data / "papers" / "notes.txt").write_text("scratch")
    code = main(["--data", str(data), "validate"])
    out = capsys.readouterr().out
    assert code == 0 and "papers/.DS_Store: warning: hidden file ignored" in out and "papers/notes.txt: warning: file ignored" in out
    assert main(["--data", str(data), "validate", "--strict"]) == 1


# ---------------------------------------------------------------- harmless: shown literally, never run


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    for kind in ("papers", "datasets", "applications"):
        for path in (HARMLESS / kind).glob("*.yaml"):
            shutil.copy(path, data / kind / path.name)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return build_site(ROOT / "mkdocs.yml", data_dir=data, site_dir=data.parent / "site")
    finally:
        os.chdir(cwd)


class _Elements(HTMLParser):
    """Collects scripts and event-handler attributes of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [f"{tag} {k}" for k in attrs if k.startswith("on")]
        self.javascript_urls += [v for k, v in attrs.items() if k in ("href", "src") and v and v.strip().lower().startswith(("javascript:", "data:"))]
        if tag == "script":
            self._in_script = attrs
            self.scripts.append((attrs, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def _scripts(page: Path) -> _Elements:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_no_page_runs_record_text(hostile_site, built_site):
    theme_scripts = {text for page in built_site.rglob("*.html") for attrs, text in _scripts(page).scripts
                     if "src" not in attrs and attrs.get("type") != "application/ld+json"}
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _scripts(page)
        assert parser.handlers == [], page
        assert parser.javascript_urls == [], page
        for attrs, text in parser.scripts:
            if attrs.get("type") == "application/ld+json":  # data, never run: it must parse and hold no "<"
                assert json.loads(text) and "<" not in text, page
                continue
            assert not any(marker in text for marker in EVIL_MARKERS), page
            if "src" not in attrs:
                assert text in theme_scripts, page  # inline scripts are the theme's own, the same on a clean site


def test_record_text_is_shown_literally_on_pages_and_in_tables(hostile_site):
    page = (hostile_site / "papers" / "evil-paper" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "<script>" not in title and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in title
    assert "{{ 7*7 }}" in html.unescape(title) and "49" not in html.unescape(title)  # Jinja syntax is not evaluated
    assert "zero\u200bwidth" in html.unescape(title)  # invisible characters kept as text, inside the element (bidi controls are refused)
    head_title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in head_title.replace("&lt;", "")
    listing = (hostile_site / "vfm" / "index.html").read_text(encoding="utf-8")
    for row in re.findall(r"<tr>(.*?)</tr>", listing.split("<tbody>", 1)[1].split("</tbody>", 1)[0], re.S):
        assert row.count("<td") == 6  # a "|" in a title never splits a row


def test_exports_and_feeds_carry_the_text_safely(hostile_site):
    pybtex.errors.set_strict_mode(True)
    bib = parse_file(str(hostile_site / "downloads" / "hfm-atlas.bib"))
    assert "evil-paper" in bib.entries
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((hostile_site / "downloads" / "hfm-atlas.csv").read_text(encoding="utf-8")))}
    assert rows["evil-paper"]["title"].startswith("Evil-Net: Evil <script>")  # literal text, quoted by the CSV writer
    assert rows["evil-paper"]["authors"].startswith("'=cmd|' /C calc'!A0; Ann")  # a formula is kept as text
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t and t.startswith("Evil-Net: Evil <script>") for t in titles)
    for data in [hostile_site / "explorer.json", *(hostile_site / "explorer-data").rglob("*.json*")]:
        text = stored_text(data)
        assert "<script" not in text and json.loads(text), data  # "<" is \u003c in the JSON files
    assert any(r"evil-net: evil \u003cscript" in stored_text(t) for t in (hostile_site / "explorer-data").glob("text-*.json.gz"))
    api = json.loads((hostile_site / "api" / "papers.json").read_text(encoding="utf-8"))
    assert next(p for p in api["papers"] if p["id"] == "evil-paper")["title"].startswith("Evil-Net: Evil <script>")
    for data in (hostile_site / "search").rglob("*.json*"):  # the site search's index: the same rule
        text = stored_text(data)
        assert "<script" not in text and json.loads(text), data
    rows = [row for chunk in (hostile_site / "search" / "docs").glob("*.json.gz") for row in json.loads(stored_text(chunk))]
    assert next(r for r in rows if r[0] == "papers/evil-paper/")[3].startswith("Evil-Net: Evil <script>")  # kept as text, shown with textContent


def test_readme_list_escapes_markdown(tmp_path):
    catalogue = load_catalogue(catalogue_with(tmp_path, HARMLESS))[0]
    text = paper_list(catalogue)
    line = next(line for line in text.splitlines() if "Evil-Net" in line)
    assert r"\<script\>" in line and r"\[x\]\(javascript:alert\(1\)\)" in line and r"\|" in line


def test_the_browser_shows_hostile_text_and_runs_none_of_it(browser, hostile_site):

    base, server = serve_folder(hostile_site)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(base + "papers/evil-paper/")
        heading = page.inner_text("article h1")
        assert "<script>alert(\"x\")</script>" in heading and "{{ 7*7 }}" in heading
        page.goto(base + "explorer/?search=evil")
        page.wait_for_selector("#atlas-explorer[data-ready=true]")
        cell = page.inner_text("#atlas-rows tr td[data-label=Title]")
        assert "<img src=x onerror=alert(1)>" in cell
        page.goto(base + "vfm/")
        page.fill("#atlas-search-input", "evil")  # the site search shows the same texts as text
        page.wait_for_function("document.getElementById('atlas-search-results').dataset.query === 'evil'")
        shown = page.inner_text("#atlas-search-results")
        assert "Evil-Net: Evil <script>" in shown
        assert page.query_selector("#atlas-search-results script, #atlas-search-results img, #atlas-search-results [onerror]") is None
        page.goto(base + "applications/evil-application/")
        page.wait_for_timeout(200)
        assert dialogs == []
    finally:
        page.close()
        server.shutdown()


# ---------------------------------------------------------------- reproducible builds


def test_the_same_records_give_a_byte_identical_site(tmp_path):
    """Two builds in separate processes (other hash seeds), same SOURCE_DATE_EPOCH: the same bytes."""
    sites = []
    for n in (1, 2):
        site = tmp_path / f"site{n}"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONHASHSEED": str(n * 17)}
        subprocess.run([sys.executable, "-m", "hfm_atlas", "--data", str(FIXTURES / "atlas"), "build", "--site-dir", str(site)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        sites.append(site)
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    different = [str(f) for f in files if (sites[0] / f).read_bytes() != (sites[1] / f).read_bytes()]
    assert different == []
    api = json.loads((sites[0] / "api" / "papers.json").read_text())
    assert api["generated_at"] == "2026-01-01T00:00:00Z"


def stored_text(path) -> str:
    """A site file's text, unpacked if it is stored gzipped (urls.PACKED)."""
    import gzip
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
