"""Site search: the documents the engine indexes, the built index, and ranking in the browser on the atlas' own data."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, ROOT, build_with_project_config, serve_folder

from hfm_atlas import search, urls
from hfm_atlas.validate import load_catalogue


@pytest.fixture(scope="module")
def fixture_docs():
    catalogue = load_catalogue(FIXTURES / "atlas")[0]
    pages = [("taxonomy.md", "Taxonomy", "The survey's taxonomy."), (urls.FIELDS, "Record fields", "Every field."),
             (urls.CHALLENGES, "Challenges", "covered by the pillar documents? no: the index page is its own page")]
    handwritten = [("about.md", "---\ndescription: x\n---\n\n# About the atlas\n\nIt is **built** from `data/` with [links](https://x.org).\n")]
    return list(search.documents(catalogue, urls.Linker(), pages, handwritten))


def test_every_record_and_vocabulary_term_has_one_document(fixture_docs):
    catalogue = load_catalogue(FIXTURES / "atlas")[0]
    paths = [search.doc_path(d) for d in fixture_docs]
    assert len(paths) == len(set(paths))
    urls_ = {d.url for d in fixture_docs}
    assert {f"papers/{p.id}/" for p in catalogue.papers} <= urls_
    assert {f"datasets/{d.id}/" for d in catalogue.datasets} <= urls_
    kinds = {d.kind for d in fixture_docs}
    assert {"paper", "dataset", "challenge", "direction", "application", "page", "reference"} <= kinds


def test_a_paper_is_found_by_its_short_name_and_labelled_with_type_subfield_and_year(fixture_docs):
    medsam = next(d for d in fixture_docs if d.url == "papers/medsam/")
    assert medsam.name == "MedSAM" and medsam.title.lower().startswith("segment anything")
    assert medsam.label == "Method · VFM · 2024"
    html = search.to_html(medsam)
    assert re.search(r'<h1 data-pagefind-weight="10" data-pagefind-meta="title">MedSAM</h1>', html)
    assert 'data-pagefind-meta="kind:paper"' in html and 'data-pagefind-meta="href:papers/medsam/"' in html


def test_pillars_and_challenges_carry_their_synonyms_and_point_at_their_section(fixture_docs):
    pillar = next(d for d in fixture_docs if d.key == "pillar-data")
    assert "data scarcity" in pillar.keywords and "privacy" in pillar.keywords
    assert search.doc_path(pillar) == "_sections/pillar-data.html"
    assert 'data-pagefind-meta="href:challenges/#data"' in search.to_html(pillar)
    ethics = next(d for d in fixture_docs if d.url == "challenges/data-ethics/")
    assert "de-identification" in ethics.keywords


def test_reference_pages_are_marked_and_hand_written_pages_lose_their_markup(fixture_docs):
    fields = next(d for d in fixture_docs if d.url == "reference/fields/")
    assert fields.kind == "reference" and fields.label == "Reference page"
    about = next(d for d in fixture_docs if d.url == "about/")
    assert about.kind == "reference" and about.name == "About the atlas"
    assert "**" not in about.text and "https://x.org" not in about.text and "links" in about.text
    taxonomy = next(d for d in fixture_docs if d.url == "taxonomy/")
    assert taxonomy.kind == "page"


def test_the_build_writes_a_fragmented_index_and_no_whole_index(built_site):
    index = built_site / "pagefind"
    assert (index / "pagefind.js").is_file() and (index / "pagefind-entry.json").is_file()
    assert list((index / "fragment").glob("*.pf_fragment")) and list((index / "index").glob("*.pf_index"))
    assert not (built_site / "search" / "search_index.json").exists()  # the theme's whole-site index is gone
    page = (built_site / "papers" / "medsam" / "index.html").read_text(encoding="utf-8")
    assert 'id="atlas-search-input"' in page and "assets/search.js" in page
    assert 'data-md-component="search"' not in page  # the theme's own search script leaves the box alone


def test_a_failing_engine_is_reported_and_its_input_folder_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "engine_command", lambda site, out: ["python", "-c", "import sys; sys.stderr.write('boom: bad input\\n'); sys.exit(3)"])
    doc = search.SearchDoc("papers/x/", "paper", "X", "Method")
    run = search.start_index([doc], tmp_path)
    assert (run.folder / "papers" / "x.html").is_file()
    with pytest.raises(OSError, match="boom: bad input"):
        run.finish()
    assert not run.folder.exists()


# Ranking on the atlas' own records: what readers type, and what must come back where.
QUERIES = [
    ("segment anything", "papers/medsam/", 3),
    ("biobert", "papers/biobert/", 1),
    ("data scarcity", "challenges/#data", 1),
    ("pubmedbert", "papers/pubmedbert/", 1),
    ("medsam", "papers/medsam/", 1),
    ("privacy", "challenges/data-ethics/", 3),
    ("hallucination", "challenges/algorithm-reliability/", 3),
    ("record fields", "reference/fields/", 1),
    ("mimic-cxr", "datasets/mimic-cxr/", 3),
    ("chexpert", "datasets/chexpert/", 3),
    ("gap map", "gaps/", 1),
    ("future directions", "future-directions/", 3),
]


@pytest.fixture(scope="module")
def atlas_site(tmp_path_factory):
    site = build_with_project_config(ROOT / "data", tmp_path_factory.mktemp("atlas-search") / "site")
    base, server = serve_folder(site)
    yield base
    server.shutdown()


def results(page, query: str) -> list[str]:
    page.fill("#atlas-search-input", query)
    page.wait_for_function("q => document.getElementById('atlas-search-results').dataset.query === q", arg=query, timeout=20000)
    return page.eval_on_selector_all("#atlas-search-results a", "els => els.map(a => a.getAttribute('href'))")


def test_search_ranks_what_readers_look_for(page, atlas_site):
    page.goto(atlas_site + "papers/medsam/")
    missed = []
    for query, target, within in QUERIES:
        found = [href[len(atlas_site):] for href in results(page, query)]
        if target not in found[:within]:
            missed.append(f"{query!r}: {target} not in the first {within} of {found[:5]}")
    assert not missed, "\n".join(missed)
    assert page.external_requests == []


def test_reference_pages_come_after_records(page, atlas_site):
    page.goto(atlas_site)
    found = [href[len(atlas_site):] for href in results(page, "llama")]
    kinds = ["reference" if h.rstrip("/") in {"reference/fields", "about", "contribute", "performance", "downloads"} else "record" for h in found]
    assert "record" in kinds
    assert kinds == sorted(kinds, key=lambda k: k == "reference")  # no reference page above a record


def test_the_search_box_opens_by_keyboard_and_enter_opens_the_first_result(page, atlas_site):
    page.goto(atlas_site + "statistics/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "atlas-search-input"
    assert page.evaluate("document.getElementById('__search').checked")
    results(page, "biobert")
    page.keyboard.press("Enter")
    page.wait_for_url("**/papers/biobert/")
    page.keyboard.press("s")
    results(page, "medsam")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("papers/medsam/")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
