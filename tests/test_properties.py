"""Property-based tests: arbitrary text and damaged files never crash the loader, and never run in a page."""

from __future__ import annotations

import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hfm_atlas.load import read_document
from hfm_atlas.problems import Problem
from hfm_atlas.bibliography import bibtex_entries
from hfm_atlas.render import Renderer
from hfm_atlas.validate import load_catalogue

from conftest import ROOT

VALID = {
    "id": "p", "title": "A title", "year": 2023, "venue": "arXiv", "subfield": "VFM", "kind": "method",
    "authors": ["Ann Lee"], "pretraining": {"paradigm": "CL"}, "adaptation": [{"paradigm": "FT"}],
    "label_source": "curated", "summary": "One sentence.", "added": "2024-01-01",
}
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(title=TEXT, summary=TEXT, author=TEXT, venue=TEXT, short=TEXT)
def test_any_text_is_either_reported_or_rendered_inert(tmp_path_factory, title, summary, author, venue, short):
    data = tmp_path_factory.mktemp("data")
    (data / "papers").mkdir()
    record = {**VALID, "title": title, "summary": summary, "authors": [author], "venue": venue, "short_name": short}
    (data / "papers" / "p.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    catalogue, problems = load_catalogue(data)  # never raises for bad data
    assert all(isinstance(p, Problem) and p.message for p in problems)
    if not catalogue.papers:
        assert any(p.severity == "error" for p in problems)
        return
    renderer = Renderer(catalogue, ROOT / "templates")
    page = renderer.record_pages()[0]
    body = renderer.record_body(page, bibtex_entries(catalogue.papers))
    pages = "".join(p.body for p in renderer.pages())
    for html in (body, pages):
        # The only script elements are the templates' own: the explorer's script, by its exact tag.
        scripts = re.findall(r"<script\b[^>]*>", html, re.I)
        assert set(scripts) <= {'<script src="../assets/explorer-index.js" defer>', '<script src="../assets/explorer.js" defer>', '<script src="../assets/gaps.js" defer>', '<script src="../assets/compare.js" defer>', '<script src="../../assets/dataset-explorer.js" defer>'}, scripts  # the site's own scripts only
        assert not re.search(r"<[^>]+\son\w+=", html)


DAMAGE = st.sampled_from(["delete", "insert", "duplicate", "tab", "alias", "tag", "truncate", "bytes"])


def damage(text: str, kind: str, position: int, junk: str) -> bytes:
    at = position % (len(text) + 1)
    lines = text.splitlines(keepends=True)
    line = position % len(lines)
    if kind == "delete":
        return (text[:at] + text[at + 7:]).encode()
    if kind == "insert":
        return (text[:at] + junk + text[at:]).encode()
    if kind == "duplicate":
        return "".join(lines[:line + 1] + [lines[line]] + lines[line + 1:]).encode()
    if kind == "tab":
        return "".join(lines[:line] + ["\t" + lines[line]] + lines[line + 1:]).encode()
    if kind == "alias":
        return (text + "x: &a [1, 2]\ny: [*a, *a]\n").encode()
    if kind == "tag":
        return text.replace("title:", "title: !!python/name:os.system", 1).encode()
    if kind == "truncate":
        return text[:at].encode()
    return text.encode()[:at] + junk.encode("utf-8", "surrogatepass")[:3] + b"\xff\xfe" + text.encode()[at:]


@SETTINGS
@given(kind=DAMAGE, position=st.integers(min_value=0, max_value=10_000), junk=st.text(max_size=12))
def test_damaged_files_give_located_problems_not_exceptions(tmp_path_factory, kind, position, junk):
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "p.yaml"
    path.write_bytes(damage(yaml.safe_dump(VALID, allow_unicode=True), kind, position, junk))
    doc, problems = read_document(path, "p.yaml")
    assert (doc is None) == bool(problems)
    for p in problems:
        assert p.file == "p.yaml" and p.message and p.line >= 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(2018, 2026), st.sampled_from(["A", "a", "B", "b title", "É", "ß", "SS", ""]),
                          st.text(alphabet="abc-", min_size=1, max_size=3)), max_size=40))
def test_papers_sorted_a_year_at_a_time_are_in_the_order_of_one_sort(items):
    """catalogue.newest_first sorts within each year (to hold fewer keys at once): the same order as one sort by its key."""
    from types import SimpleNamespace

    from hfm_atlas.catalogue import newest_first
    from hfm_atlas.paperfacts import newest_first_key

    papers = [SimpleNamespace(year=year, title=title, id=f"{ident}-{i}") for i, (year, title, ident) in enumerate(items)]
    assert newest_first(papers) == sorted(papers, key=newest_first_key)
