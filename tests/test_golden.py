"""Golden files: what the tool writes for the fixture atlas, byte for byte.

A change to a page, a record page, an export or the explorer's data shows here as a diff.
After an intended change, refresh them with `pytest tests/test_golden.py --update-golden`
and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import FIXTURES, ROOT, compare_golden

from hfm_atlas import search, urls
from hfm_atlas.exports import export
from hfm_atlas.record_pages import Shell
from hfm_atlas.site import make_site
from hfm_atlas.validate import load_catalogue

GENERATED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def site():
    catalogue, problems = load_catalogue(FIXTURES / "atlas", today=dt.date(2026, 12, 1))
    assert not [p for p in problems if p.severity == "error"]
    return make_site(catalogue, ROOT / "templates", urls.Linker(), "https://example.org/atlas/", GENERATED_AT)


PAGES = [urls.HOME, urls.TAXONOMY, urls.STATISTICS, urls.subfield_page("VFM"), urls.EXPLORER, urls.DATASETS,
         urls.challenge_page("data-diversity"), urls.BENCHMARKS, urls.benchmark_page("example-segmentation"), urls.GAPS]


@pytest.mark.parametrize("src", PAGES)
def test_generated_pages(site, src, update_golden):
    page = next(p for p in site.pages if p.src == src)
    text = json.dumps(page.meta, ensure_ascii=False, sort_keys=True) + "\n" + page.body
    compare_golden(f"pages/{src.replace('/', '__')}.html", text, update_golden)


@pytest.mark.parametrize("src", [urls.paper_page("medsam"), urls.paper_page("biobert"), urls.dataset_page("mimic-cxr")])
def test_record_pages(site, src, update_golden):
    page = next(p for p in site.records if p.src == src)
    out = site.record_output(page)
    text = f"title: {out.title}\ndescription: {out.description}\nhead: {out.head}\n\n{out.body}"
    compare_golden(f"records/{src.replace('/', '__')}.html", text, update_golden)


FILES = ["explorer.json", "explorer-data/columns.json", "explorer-data/rows-0.json", "explorer-data/words/6d65.json",  # "me"
         "feed.xml", "downloads/hfm-atlas.bib", "downloads/hfm-atlas.csl.json", "downloads/hfm-atlas.csv",
         "api/papers.json", "api/datasets.json", "api/applications.json", "api/benchmarks.json", "api/results.json",
         "downloads/hfm-atlas-results.csv"]


@pytest.mark.parametrize("path", FILES)
def test_site_files(site, path, update_golden):
    compare_golden(f"files/{path.replace('/', '__')}", site.files[path], update_golden)


@pytest.mark.parametrize("fmt", ["bibtex", "csljson", "csv", "json"])
def test_exports(site, fmt, update_golden):
    catalogue, _ = load_catalogue(FIXTURES / "atlas")
    compare_golden(f"exports/papers.{fmt}", export(fmt, catalogue.papers, GENERATED_AT), update_golden)


def test_a_shell_is_filled_at_its_five_places(update_golden):
    icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'
    shell = Shell.parse('<html><head><title>ATLASSHELLTITLE</title><meta name="description" content="ATLASSHELLDESCRIPTION">'
                        '<link rel="stylesheet" href="../../assets/stylesheets/main.css">'
                        '<!--ATLASSHELLHEAD--><link rel="canonical" href="https://example.org/papers/_atlas_shell/"></head>'
                        f'<body><header>{icon}</header><div class="atlas-shell"><h1>ATLASSHELLBODY</h1></div><footer>{icon}</footer></body></html>')
    filled = shell.fill({"title": "T &amp; U", "description": "D", "head": "<script type=\"application/ld+json\">{}</script>",
                         "body": "<article>B</article>", "path": "papers/x/"})
    # the icon is written once, in the sprite, and both places point to it
    compare_golden("records/shell-filled.html", filled + "\n" + shell.sprite(), update_golden)


SEARCH_FILES = ["search/meta.json", "search/docs/0.json", "search/words/6d65.json"]  # "me": MedSAM, medical, ...


@pytest.fixture(scope="module")
def search_index():
    catalogue = load_catalogue(FIXTURES / "atlas", today=dt.date(2026, 12, 1))[0]
    pages = [(urls.TAXONOMY, "Taxonomy", "The survey's taxonomy."), (urls.FIELDS, "Record fields", "Every field of a record.")]
    return search.search_files(search.documents(catalogue, urls.Linker(), pages, [("about.md", "# About the atlas\n\nWhat it is.\n")]))


@pytest.mark.parametrize("path", SEARCH_FILES)
def test_search_index_files(search_index, path, update_golden):
    compare_golden(f"files/{path.replace('/', '__')}", search_index[path], update_golden)


def test_the_built_record_page_and_its_sitemap_entry(built_site, update_golden):
    """What record_pages writes for one record into MkDocs' sitemap, and that the page is filled."""
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    block = re.search(r"<url>\s*<loc>[^<]*papers/medsam/</loc>.*?</url>", sitemap, re.S).group(0)
    page = (built_site / "papers" / "medsam" / "index.html").read_text(encoding="utf-8")
    article = re.search(r'<div class="atlas-record">.*?</div>\s*</article>|<article class="md-content__inner[^>]*>.*?</article>', page, re.S)
    assert article and "MedSAM" in article.group(0) and "ATLASSHELL" not in page
    compare_golden("records/medsam-sitemap.txt", block + "\n", update_golden)
