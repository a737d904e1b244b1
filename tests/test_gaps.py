"""The gap map: counts per cell at build time and in the browser, and each cell opens exactly its papers."""

from urllib.parse import parse_qs, urlparse

from conftest import FIXTURES

from hfm_atlas import urls
from hfm_atlas.validate import load_catalogue
from hfm_atlas.views.gaps import matrix

CATALOGUE = load_catalogue(FIXTURES / "atlas")[0]


def test_the_build_time_matrix_counts_methods_and_marks_empty_and_thin_cells():
    view = matrix(CATALOGUE, urls.Linker(), "sf", "pre")
    assert view["columns"] == ["GL", "CL", "HL", "SL", "none"]
    cells = {label: [c.count for c in row] for label, row in view["table"]}
    methods = [p for p in CATALOGUE.papers if p.kind == "method"]
    for sf in ("LFM", "VFM", "BFM", "MFM"):
        expected = [sum(p.subfield == sf and p.pretraining is not None and p.pretraining.paradigm == pre for p in methods)
                    for pre in ("GL", "CL", "HL", "SL", "none")]
        assert cells[sf] == expected, sf
    vfm = dict(view["table"])["VFM"]
    assert vfm[4].count == 1 and vfm[4].state == "thin" and vfm[0].state == "empty"
    assert vfm[4].href == "../explorer/?kind=method&sf=VFM&pre=none"


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
    assert page.eval_on_selector_all("#atlas-rows tr td:nth-child(2) a", "els => els.map(e => e.getAttribute('href'))") == ["../papers/medsam/"]
    assert page.external_requests == []
