"""Site search: the documents indexed, the index files read back as the browser reads them, and ranking in the browser on the atlas' own data."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT, build_with_project_config, serve_folder, shared_parts

from hfm_atlas import search, urls
from hfm_atlas.validate import load_catalogue
from hfm_atlas.wordindex import shard_file, shard_key, words


@pytest.fixture(scope="module")
def fixture_docs():
    catalogue = load_catalogue(FIXTURES / "atlas")[0]
    pages = [("taxonomy.md", "Taxonomy", "The survey's taxonomy."), (urls.FIELDS, "Record fields", "Every field."),
             (urls.CHALLENGES, "Challenges", "covered by the pillar documents? no: the index page is its own page")]
    handwritten = [("about.md", "---\ndescription: x\n---\n\n# About the atlas\n\nIt is **built** from `data/` with [links](https://x.org).\n")]
    return list(search.documents(catalogue, urls.Linker(), pages, handwritten))


def _index(docs) -> dict:
    return {path: json.loads(text) for path, text in search.search_files(docs).items()}


def _postings(index: dict, word: str) -> dict[int, str]:
    """page number -> the heaviest field holding `word`, read back from the index as the browser reads it."""
    shard = index[f"search/words/{shard_file(shard_key(word))}"]
    codes, page, out = shard["pages"][shard["words"].index(word)], 0, {}
    for code in codes:
        page += code >> 2
        out[page] = search.FIELDS[code & 3]
    return out


def _doc(index: dict, number: int) -> list:
    meta = index["search/meta.json"]
    return index[f"search/docs/{number // meta['docChunk']}.json"][number % meta["docChunk"]]


def test_every_record_and_vocabulary_term_has_one_document(fixture_docs):
    catalogue = load_catalogue(FIXTURES / "atlas")[0]
    links = [d.url + (f"#{d.anchor}" if d.anchor else "") for d in fixture_docs]
    assert len(links) == len(set(links))
    urls_ = {d.url for d in fixture_docs}
    assert {f"papers/{p.id}/" for p in catalogue.papers} <= urls_
    assert {f"datasets/{d.id}/" for d in catalogue.datasets} <= urls_
    kinds = {d.kind for d in fixture_docs}
    assert {"paper", "dataset", "challenge", "direction", "application", "page", "reference"} <= kinds


def test_a_paper_is_found_by_its_short_name_and_labelled_with_type_subfield_and_year(fixture_docs):
    medsam = next(d for d in fixture_docs if d.url == "papers/medsam/")
    assert medsam.name == "MedSAM" and medsam.title.lower().startswith("segment anything")
    assert medsam.label == "Method · VFM · 2024"
    index, number = _index(fixture_docs), fixture_docs.index(medsam)
    assert _doc(index, number)[:4] == ["papers/medsam/", "MedSAM", "Method · VFM · 2024", medsam.title]
    assert _postings(index, "medsam")[number] == "name"
    assert _postings(index, "sam")[number] == "name"  # a part of the mixed-case name
    assert _postings(index, "segment")[number] == "title"  # in the title and maybe the text: the heavier field
    assert index["search/meta.json"]["weights"] == [search.WEIGHTS[f] for f in search.FIELDS]


def test_every_word_of_every_document_is_indexed_with_its_heaviest_field(fixture_docs):
    index = _index(fixture_docs)
    for number, doc in enumerate(fixture_docs):
        fields = {"text": doc.text, "title": doc.title, "keywords": ", ".join(doc.keywords), "name": doc.name}
        for field_name, text in fields.items():
            for word in words(text):
                heaviest = max((f for f, t in fields.items() if word in words(t)), key=search.FIELDS.index)
                assert _postings(index, word).get(number) == heaviest, (doc.url, word)


def test_pillars_and_challenges_carry_their_synonyms_and_point_at_their_section(fixture_docs):
    pillar = next(d for d in fixture_docs if d.key == "pillar-data")
    assert "data scarcity" in pillar.keywords and "privacy" in pillar.keywords
    index, number = _index(fixture_docs), fixture_docs.index(pillar)
    assert _doc(index, number)[0] == "challenges/#data"
    assert _postings(index, "scarcity")[number] == "keywords"
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
    reference = _index(fixture_docs)["search/meta.json"]["reference"]
    assert sorted(reference) == sorted(n for n, d in enumerate(fixture_docs) if d.kind == "reference")
    assert fixture_docs.index(fields) in reference and fixture_docs.index(taxonomy) not in reference


def test_long_texts_are_cut_at_a_word_for_the_excerpt_and_markup_stays_inert():
    doc = search.SearchDoc("papers/x/", "paper", "X <b>", "Method", text="word " * 200)
    files = search.search_files([doc])
    row = json.loads(files["search/docs/0.json"])[0]
    assert len(row[4]) <= search.EXCERPT_CHARS + 2 and row[4].endswith(" …") and not row[4].startswith(" ")
    assert "<" not in files["search/docs/0.json"]  # written as \u003c
    assert row[1] == "X <b>"


def test_two_documents_with_one_link_are_refused():
    doc = search.SearchDoc("papers/x/", "paper", "X", "Method")
    with pytest.raises(ValueError, match="two search documents for papers/x/"):
        search.search_files([doc, doc])


def test_the_build_writes_a_split_index_and_no_whole_index(built_site):
    index = built_site / "search"
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    assert meta["pages"] > 0 and list((index / "words").glob("*.json")) and list((index / "docs").glob("*.json.gz"))
    assert len(list((index / "docs").glob("*.json.gz"))) == -(-meta["pages"] // meta["docChunk"]) and not list((index / "docs").glob("*.json"))
    assert not (index / "search_index.json").exists()  # the theme's whole-site index is gone
    page = (built_site / "papers" / "medsam" / "index.html").read_text(encoding="utf-8")
    header = shared_parts(built_site)["header"]  # record pages take the header from a shared script
    assert 'for="__search"' in header and "assets/search.js" in page and 'id="atlas-search"' not in page + header  # search.js builds the dialog
    assert 'data-md-component="search"' not in page  # the theme's own search script leaves the box alone


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


def test_documents_text_has_each_run_of_whitespace_as_one_space():
    # Every character re's \s matches (tabs, line breaks, no-break and em spaces, the file separators) is one space.
    spaces = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert search._clean(f"{spaces}MedSAM{spaces}segments\u00a0\u2003anything\n") == "MedSAM segments anything"
    assert search._clean("a\u200bb") == "a\u200bb"  # a zero-width space is not whitespace: kept, as re kept it
