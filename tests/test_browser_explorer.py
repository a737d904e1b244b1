"""The explorer and the charts in headless Chromium, on the built fixture site, with no network."""

import re
from urllib.parse import parse_qs, urlparse

from conftest import FIXTURES, build_with_project_config, serve_folder

from hfm_atlas.validate import load_catalogue

CATALOGUE = load_catalogue(FIXTURES / "atlas")[0]


def open_explorer(page, url):
    page.goto(url)
    page.wait_for_selector("#atlas-explorer[data-ready=true]")


def settled(page) -> None:
    """Wait until the explorer has drawn the last change (it fetches the files a change needs first)."""
    page.wait_for_selector("#atlas-explorer[data-ready=true]:not([aria-busy])")


def status(page) -> str:
    settled(page)
    return page.inner_text("#atlas-status")


def rows(page) -> list[str]:
    settled(page)
    return page.eval_on_selector_all("#atlas-rows tr td[data-label=Title] a", "els => els.map(e => e.getAttribute('href'))")


def test_explorer_lists_every_paper_and_filters_with_facets(page, served_site):
    open_explorer(page, served_site + "explorer/")
    assert status(page).startswith(f"{len(CATALOGUE.papers)} papers match")
    assert len(rows(page)) == len(CATALOGUE.papers)
    # one facet value: the subfield VFM
    vfm = [p for p in CATALOGUE.papers if p.subfield == "VFM"]
    page.check("#facet-sf input[value='1']")
    assert status(page).startswith(f"{len(vfm)} paper")
    assert rows(page) == [f"../papers/{p.id}/" for p in vfm]
    page.wait_for_url(lambda url: "sf=" in url)  # the URL follows a moment after the table
    assert parse_qs(urlparse(page.url).query) == {"sf": ["VFM"]}
    # counts: each value says how many papers it would leave
    assert page.inner_text("label[for='f-sf-0'] .atlas-count") == f"({sum(p.subfield == 'LFM' for p in CATALOGUE.papers)})"
    assert page.inner_text("label[for='f-ada-2'] .atlas-count") == "(1)"  # MedSAM uses PE
    assert page.external_requests == []


def test_search_box_filters_by_title_and_author(page, served_site):
    open_explorer(page, served_site + "explorer/")
    page.fill("#atlas-q", "jinhyuk")  # an author of BioBERT
    assert rows(page) == ["../papers/biobert/"]
    page.fill("#atlas-q", "draft markdown")  # two words of one title, in any order
    assert rows(page) == ["../papers/draft-paper-2024/"]
    page.wait_for_url(lambda url: "search=draft+markdown" in url)  # typing replaces the entry, never adds one
    assert page.evaluate("history.length") == 2  # the page load, then the explorer's one entry: typing only replaces it


def test_search_matches_word_beginnings_and_the_parts_of_mixed_case_names(page, served_site):
    open_explorer(page, served_site + "explorer/")
    page.fill("#atlas-q", "sam")  # a part of "MedSAM"
    assert "../papers/medsam/" in rows(page)
    page.fill("#atlas-q", "segm")  # the beginning of "segment"
    assert rows(page) == ["../papers/medsam/"]
    page.fill("#atlas-q", "egment")  # not a word's beginning
    assert rows(page) == []
    page.fill("#atlas-q", "m")  # one letter waits for a second: nothing is filtered yet
    assert len(rows(page)) == len(CATALOGUE.papers)


def test_the_explorer_fetches_only_what_a_view_needs(page, served_site):
    """The page as built shows the first rows; filtering fetches the facet columns, a search one word file."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.split("/")[-1]))
    open_explorer(page, served_site + "explorer/")
    page.wait_for_load_state("networkidle")
    assert "explorer.json" in fetched and not any(f.startswith(("rows-", "text-", "ids", "title-rank")) for f in fetched)
    page.fill("#atlas-q", "segm")
    assert rows(page) == ["../papers/medsam/"]
    assert [f for f in fetched if f.endswith(".json") and f not in ("explorer.json", "columns.json")] == ["7365.json", "rows-0.json"]  # "se"


def test_search_box_takes_or_and_quoted_phrases_and_explains_an_empty_and(page, served_site):
    open_explorer(page, served_site + "explorer/")
    page.fill("#atlas-q", "biobert medsam")  # both words in one paper: none
    assert rows(page) == []
    assert "OR" in page.text_content("#atlas-status")
    page.fill("#atlas-q", "biobert OR medsam")
    assert sorted(rows(page)) == ["../papers/biobert/", "../papers/medsam/"]
    page.fill("#atlas-q", '"segment anything"')
    assert rows(page) == ["../papers/medsam/"]
    page.fill("#atlas-q", '"anything segment"')  # a phrase keeps its order
    assert rows(page) == []


def test_state_in_the_url_survives_reload_and_back(page, served_site):
    open_explorer(page, served_site + "explorer/?ada=PE&kind=method")
    assert rows(page) == ["../papers/medsam/"]
    assert page.is_checked("#facet-ada input[value='2']") and page.is_checked("#facet-kind input[value='0']")
    page.uncheck("#facet-ada input[value='2']")
    assert len(rows(page)) == 3
    page.wait_for_url(lambda url: "ada=PE" not in url)
    page.go_back()
    page.wait_for_function("document.querySelectorAll('#atlas-rows tr').length === 1")
    assert page.is_checked("#facet-ada input[value='2']")


def test_sorting_and_keyboard_use(page, served_site):
    open_explorer(page, served_site + "explorer/")
    page.click("#atlas-sortbtn-title")
    settled(page)
    titles = page.eval_on_selector_all("#atlas-rows tr td[data-label=Title] a", "els => els.map(e => e.textContent.toLowerCase())")
    assert titles == sorted(titles)
    assert page.get_attribute("#atlas-sort-title", "aria-sort") == "ascending"
    # Keyboard only: Tab to the "Vision" facet, Space to tick it, Tab on to the search box and type.
    page.focus("h1")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-sf-1":
            break
    assert page.evaluate("document.activeElement.id") == "f-sf-1"
    page.keyboard.press("Space")
    assert rows(page) == ["../papers/medsam/"] and page.is_checked("#f-sf-1")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "atlas-q":
            break
    page.keyboard.type("no such words")
    assert status(page) == "No paper has all of these words; put OR between names to find either."


def test_export_what_i_see(page, served_site):
    open_explorer(page, served_site + "explorer/?sf=LFM")
    with page.expect_download() as info:
        page.click("#atlas-export-bib")
    text = open(info.value.path(), encoding="utf-8").read()
    assert re.findall(r"^@\w+\{([^,]+),", text, re.M) == ["biobert"]
    with page.expect_download() as info:
        page.click("#atlas-export-csv")
    lines = open(info.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith("id,title") and [line.split(",")[0] for line in lines[1:]] == ["biobert"]


def test_statistics_charts_render_and_link_into_the_explorer(page, served_site):
    page.goto(served_site + "statistics/")
    bars = page.eval_on_selector_all("#growth ~ figure svg a rect", "els => els.length")
    assert bars == 2  # two labelled methods (BioBERT, MedSAM; the draft has no labels), each its own year and subfield
    bands = page.eval_on_selector_all("#paradigm-flow ~ figure svg a path", "els => els.map(e => e.getBBox().height > 0)")
    assert bands and all(bands)
    link = page.get_attribute("#paradigm-flow ~ figure svg a", "href")
    open_explorer(page, served_site + "statistics/" + link)
    assert status(page).startswith("1 paper")
    assert page.external_requests == []


def test_export_reads_gzipped_downloads_of_a_large_atlas(page, tmp_path, monkeypatch):
    from hfm_atlas import urls

    monkeypatch.setattr(urls, "COMPRESS_DOWNLOADS_FROM", 1)  # the fixture's papers count as a large atlas
    site = build_with_project_config(FIXTURES / "atlas", tmp_path / "site")
    assert (site / "downloads" / "hfm-atlas.bib.gz").is_file() and not (site / "downloads" / "hfm-atlas.bib").exists()
    base, server = serve_folder(site)
    try:
        open_explorer(page, base + "explorer/?sf=LFM")
        with page.expect_download() as info:
            page.click("#atlas-export-bib")
        text = open(info.value.path(), encoding="utf-8").read()
        assert re.findall(r"^@\w+\{([^,]+),", text, re.M) == ["biobert"]
    finally:
        server.shutdown()
