"""The explorer's data file and the charts agree with the records and the statistics."""

import html
import itertools
import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import ROOT

from hfm_atlas import charts
from hfm_atlas.explorer import COLUMNS, explorer_files
from hfm_atlas.wordindex import shard_file, shard_key, words
from hfm_atlas.stats import compute
from hfm_atlas.taxonomy import ADAPTATION, MODALITIES
from hfm_atlas.validate import load_catalogue


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "data")[0]


def _files(catalogue) -> dict:
    return {path: json.loads(text) for path, text in explorer_files(catalogue).items()}


def test_explorer_columns_encode_the_records(catalogue):
    files = _files(catalogue)
    meta, columns, ids = files["explorer.json"], files["explorer-data/columns.json"], files["explorer-data/ids.json"]
    assert meta["columns"] == COLUMNS == list(columns) and meta["total"] == len(ids) == len(catalogue.papers)
    assert all(len(values) == len(ids) for values in columns.values())
    row = ids.index("medsam")
    paper = catalogue.paper_by_id["medsam"]
    assert meta["venues"][columns["venue"][row]] == paper.venue and columns["year"][row] == paper.year
    assert [t[0] for i, t in enumerate(meta["terms"]["ada"]) if columns["ada"][row] & (1 << i)] == [a.paradigm for a in paper.adaptation]
    assert {t[0] for i, t in enumerate(meta["terms"]["modalities"]) if columns["modalities"][row] & (1 << i)} == set(paper.modalities)
    assert len(meta["terms"]["modalities"]) == len(MODALITIES.values) <= 31  # masks fit in a JavaScript int
    chunk = meta["rowChunk"]
    assert files[f"explorer-data/rows-{row // chunk}.json"][row % chunk][:2] == ["medsam", paper.title]
    assert files[f"explorer-data/text-{row // meta['textChunk']}.json"][row % meta["textChunk"]].startswith(paper.title.lower())


def test_the_counts_before_any_filter_are_the_catalogues(catalogue):
    meta = _files(catalogue)["explorer.json"]
    subfields = [t[0] for t in meta["terms"]["subfield"]]
    for value, count in zip(subfields, meta["counts"]["sf"]):
        assert count == sum(1 for p in catalogue.papers if p.subfield and p.subfield.value == value)
    datasets = [d[0] for d in meta["datasets"]]
    used = {d: sum(1 for p in catalogue.papers if d in {u.id for u in p.datasets}) for d in datasets}
    assert meta["counts"]["ds"] == [used[d] for d in datasets]


def test_words_split_names_as_the_search_box_does():
    assert words("MedSAM and SAM-Med2D: PubMedBERT, scGPT; Łukasz Wang") == {
        "medsam", "med", "sam", "and", "med2d", "pubmedbert", "pub", "bert", "scgpt", "sc", "gpt", "łukasz", "wang"}


def _words_by_the_rule(text: str) -> set[str]:
    """wordindex.words as its docstring states it, written plainly: every run of letters and digits lower-cased,
    and the parts of each run that holds an inner capital (a capital after a small letter or digit, or two capitals
    before a small letter)."""
    found = set(re.findall(r"[^\W_]+", text.lower()))
    for run in re.findall(r"[^\W_]+", text):
        if re.search(r"[a-z0-9][A-Z]|[A-Z]{2}[a-z]", run):
            found.update(part.lower() for part in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", run) if len(part) > 1)
    return found


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZbYc09 _-.:ÄéßİЖ日²\u0301\n")), max_size=40))
def test_words_follow_the_rule_on_any_text(text):
    assert words(text) == _words_by_the_rule(text)


def test_words_follow_the_rule_on_the_catalogue(catalogue):
    texts = [t for p in catalogue.papers for t in (p.title, p.summary or "", ", ".join(p.authors), p.short_name or "")]
    assert any(re.search(r"[a-z][A-Z]", t) for t in texts)  # the catalogue has mixed-case names (MedSAM)
    assert [words(t) for t in texts] == [_words_by_the_rule(t) for t in texts]


def test_the_word_index_finds_each_paper_by_its_words(catalogue):
    """Every word of a paper's title and authors leads back to it through its shard (gaps added up)."""
    files = _files(catalogue)
    ids = files["explorer-data/ids.json"]
    for paper_id in ("medsam", "biobert", "pubmedbert"):
        row, paper = ids.index(paper_id), catalogue.paper_by_id[paper_id]
        for word in words(paper.title + " " + " ".join(paper.authors)):
            shard = files[f"explorer-data/words/{shard_file(shard_key(word))}"]
            assert shard["words"] == sorted(shard["words"])
            rows = list(itertools.accumulate(shard["rows"][shard["words"].index(word)]))
            assert row in rows and rows == sorted(set(rows)), (paper_id, word)


def test_explorer_files_are_deterministic_and_compact(catalogue):
    files = explorer_files(catalogue)
    assert files == explorer_files(catalogue) and ": " not in files["explorer.json"][:100]
    assert len(files["explorer.json"].encode()) + len(files["explorer-data/columns.json"].encode()) < 200 * len(catalogue.papers) + 60_000


def svg_root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_sankey_bands_carry_the_statistics(catalogue):
    stats = compute(catalogue)
    svg = charts.sankey(stats, "../explorer/")
    root = svg_root(svg)  # well-formed XML
    assert root.get("aria-hidden") == "true"
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    left, right = charts.flow_counts(stats)
    expected = {f"{a} → {b}: {n}" for (a, b), n in {**left, **right}.items() if n}
    assert set(titles) == expected
    assert sum(int(t.rsplit(": ", 1)[1]) for t in titles if t.split(" → ")[0] in stats.by_subfield) == sum(
        s.adaptation[a] for s in stats.by_subfield.values() for a in ADAPTATION.values)
    for link in root.iter("{http://www.w3.org/2000/svg}a"):
        assert link.get("tabindex") == "-1" and link.get("href").startswith("../explorer/?")


def test_growth_bars_sum_to_the_methods_per_year(catalogue):
    stats = compute(catalogue)
    root = svg_root(charts.growth(stats, "x/"))
    per_year: dict[str, int] = {}
    for title in root.iter("{http://www.w3.org/2000/svg}title"):
        year, n = re.match(r"(\d{4}), \w+: (\d+)", title.text).groups()
        per_year[year] = per_year.get(year, 0) + int(n)
    assert per_year == {str(y): sum(v.values()) for y, v in stats.by_year.items()}


def test_explorer_links_use_the_explorers_parameters_and_refuse_others():
    from hfm_atlas.explorer import explorer_url

    assert explorer_url("e/", sf="VFM", pre=["GL", "CL"]) == "e/?sf=VFM&pre=GL&pre=CL"
    with pytest.raises(ValueError, match="unknown parameter 'subfield'"):
        explorer_url("e/", subfield="VFM")
    with pytest.raises(ValueError, match="'XL' is not a value of Pre-training paradigm"):
        explorer_url("e/", pre="XL")


def test_every_explorer_link_in_the_site_parses_back_to_known_facets(built_site):
    """The links Python writes use exactly the parameters and values explorer.js reads from explorer.json."""
    from urllib.parse import parse_qsl, urlsplit

    from hfm_atlas.explorer import OTHER_PARAMETERS

    data = json.loads((built_site / "explorer.json").read_text(encoding="utf-8"))
    values = {}
    for f in data["facets"]:
        source = data["terms"][f["terms"]] if "terms" in f else data[f["list"]]
        values[f["key"]] = {v if isinstance(v, str) else v[0] for v in source}
    datasets = json.loads((built_site / "datasets-explorer.json").read_text(encoding="utf-8"))
    dataset_values = {f["key"]: {v[0] for v in f["values"]} for f in datasets["facets"]}
    links = dataset_links = 0
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="((?:(?!datasets/)[^"])*explorer/\?[^"]*)"', text):
            links += 1
            for key, value in parse_qsl(urlsplit(html.unescape(href)).query):
                assert key in values or key in OTHER_PARAMETERS, (page, href)
                if key in values:
                    assert value in values[key], (page, href)
        for href in re.findall(r'href="([^"]*datasets/explorer/\?[^"]*)"', text):  # the datasets explorer's links too
            dataset_links += 1
            for key, value in parse_qsl(urlsplit(html.unescape(href)).query):
                assert value in dataset_values.get(key, ()), (page, href)
    assert links > 50 and dataset_links > 3


def test_the_explorer_script_holds_no_facet_table_of_its_own():
    script = (ROOT / "docs" / "assets" / "explorer.js").read_text(encoding="utf-8")
    from hfm_atlas.explorer import FACETS

    assert not re.search(r'label:\s*"', script)  # no facet entries written in the script
    for facet in FACETS:
        assert f'key: "{facet.key}"' not in script and f'terms: "{facet.terms or "-"}"' not in script


def test_a_catalogue_without_papers_still_gives_the_explorer_its_files():
    from hfm_atlas.catalogue import Catalogue
    from hfm_atlas.explorer import explorer_file_items

    files = dict(explorer_file_items(Catalogue()))
    assert "explorer.json" in files and not any("/text-" in path for path in files)
