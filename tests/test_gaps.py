"""The gap map: counts per cell at build time and in the browser, and each cell opens exactly its papers."""

from urllib.parse import parse_qs, urlparse

from conftest import FIXTURES

from hfm_atlas import urls
from hfm_atlas.validate import load_catalogue
from hfm_atlas.views.gaps import matrix

CATALOGUE = load_catalogue(FIXTURES / "atlas")[0]


def test_the_build_time_matrix_counts_methods_and_marks_empty_and_thin_cells():
    view = matrix(CATALOGUE, urls.Linker(), "sf", "pre")
    assert [c.label for c in view["columns"]] == ["GL", "CL", "HL", "SL", "none"]
    cells = {head.label: [c.count for c in row] for head, row in view["table"]}
    methods = [p for p in CATALOGUE.papers if p.kind == "method"]
    for sf in ("LFM", "VFM", "BFM", "MFM"):
        expected = [sum(p.subfield == sf and p.pretraining is not None and p.pretraining.paradigm == pre for p in methods)
                    for pre in ("GL", "CL", "HL", "SL", "none")]
        assert cells[sf] == expected, sf
    vfm = {head.label: row for head, row in view["table"]}["VFM"]
    assert vfm[4].count == 1 and vfm[4].state == "thin" and vfm[0].state == "empty"
    assert vfm[4].href == "../explorer/?kind=method&sf=VFM&pre=none"


def test_rows_and_columns_that_a_future_direction_speaks_to_link_it():
    view = matrix(CATALOGUE, urls.Linker(), "sf", "ada")
    columns = {c.label: c.directions for c in view["columns"]}
    assert columns["FT"] == []
    assert columns["PE"] == [("From static to dynamic models", "../future-directions/#static-to-dynamic")]
    rows = {head.label: head.directions for head, _ in view["table"]}
    assert rows["MFM"] == [("From ideal settings to complex real-world scenarios", "../future-directions/#ideal-to-real-world")]
    assert rows["VFM"] == []


def test_the_marks_follow_the_axes_the_reader_chooses(page, served_site):
    page.goto(served_site + "gaps/?rows=ada&cols=sf")
    page.wait_for_selector("#atlas-gaps[data-ready=true]")
    marks = page.eval_on_selector_all("table.atlas-gaps th a.atlas-gap-dir", "els => els.map(e => [e.closest('th').firstChild.textContent.trim(), e.getAttribute('href')])")
    assert marks == [["MFM", "../future-directions/#ideal-to-real-world"], ["AT", "../future-directions/#static-to-dynamic"],
                     ["PE", "../future-directions/#static-to-dynamic"]]
    page.click("table.atlas-gaps th a.atlas-gap-dir >> nth=0")
    page.wait_for_url("**/future-directions/#ideal-to-real-world")


def test_a_chosen_pair_and_filter_live_in_the_url_and_a_cell_opens_exactly_its_papers(page, served_site):
    page.goto(served_site + "gaps/?rows=sf&cols=ada&f=mod&fv=ct")
    page.wait_for_selector("#atlas-gaps[data-ready=true]")
    assert page.input_value("select[name=rows]") == "sf" and page.input_value("select[name=fv]") == "ct"
    cell = page.locator("table.atlas-gaps tbody tr", has_text="VFM").locator("td").nth(2)  # VFM x PE, only CT
    assert cell.inner_text() == "1"  # MedSAM: VFM, prompt engineering, CT among its modalities
    href = cell.locator("a").get_attribute("href")
    assert parse_qs(urlparse(href).query) == {"kind": ["method"], "sf": ["VFM"], "ada": ["PE"], "mod": ["ct"]}
    page.select_option("select[name=cols]", "pre")
    page.wait_for_url(lambda url: "cols=pre" in url)
    page.locator("table.atlas-gaps a[aria-label^='VFM and none']").click()
    page.wait_for_selector("#atlas-explorer[data-ready=true]")
    assert page.inner_text("#atlas-status").startswith("1 paper matches")
    assert page.eval_on_selector_all("#atlas-rows tr td[data-label=Title] a", "els => els.map(e => e.getAttribute('href'))") == ["../papers/medsam/"]
    assert page.external_requests == []


def test_challenge_pages_rank_papers_by_how_directly_they_address_it():
    """On the atlas' own records: every tagged paper once, the groups most direct first, each group's rule held."""
    import re

    from conftest import ROOT

    from hfm_atlas.views.lists import challenge, challenge_words

    atlas = load_catalogue(ROOT / "data")[0]
    view = challenge(atlas, urls.Linker(), "algorithm-reliability")
    by_href = {f"../../papers/{p.id}/": p for p in atlas.papers}
    groups = {g["key"]: [by_href[r.href] for r in g["rows"]] for g in view["groups"]}
    tagged = [p for p in atlas.papers if "algorithm-reliability" in [c.value for c in p.challenges]]
    assert sorted(p.id for g in groups.values() for p in g) == sorted(p.id for p in tagged) and view["count"] == len(tagged)
    assert list(groups) == [k for k in ("title", "summary", "tagged") if k in groups] and "title" in groups
    words = challenge_words(view["aliases"])
    assert all(words.search(p.title) for p in groups["title"])
    assert not any(words.search(p.title) or words.search(p.summary or "") for p in groups.get("tagged", []))
    for papers in groups.values():  # fewer challenges claimed, then newer, first
        keys = [(len(p.challenges), -p.year) for p in papers]
        assert keys == sorted(keys)
    assert re.search(r"hallucination", " ".join(view["aliases"]))
