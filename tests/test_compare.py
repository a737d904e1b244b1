"""Compare: each paper's rows (computed once, in Python) and the page that sets 2 to 4 of them side by side."""

import json

from conftest import FIXTURES

from hfm_atlas import urls
from hfm_atlas.validate import load_catalogue
from hfm_atlas.views.compare import compare_files, rows

CATALOGUE = load_catalogue(FIXTURES / "atlas")[0]


def test_rows_hold_labels_facts_data_and_results_of_the_method():
    medsam = dict(rows(CATALOGUE, urls.Linker(), CATALOGUE.paper_by_id["medsam"]))
    assert medsam["Title"] == "Segment anything in medical images" and medsam["Subfield"] == "Vision (VFM)"
    assert medsam["Licence"] == "Apache-2.0 (permissive)" and medsam["Parameters"] == "93.7M"
    assert medsam["Example segmentation (fixture): Dice (Fine-tuned)"] == "91.5"
    assert medsam["Example segmentation (fixture): Dice (Zero-shot, ViT-B, box prompt)"] == "88.25"
    assert not any(label.startswith("Example") and "U-Net" in value for label, value in medsam.items())  # a baseline is not MedSAM's
    biobert = dict(rows(CATALOGUE, urls.Linker(), CATALOGUE.paper_by_id["biobert"]))
    assert biobert["Example segmentation (fixture): Dice (Linear probe)"] == "40.0 (reported by MedSAM)"  # another paper's number
    files = compare_files(CATALOGUE, urls.Linker())
    assert set(files) == {f"api/compare/{p.id}.json" for p in CATALOGUE.papers}
    assert json.loads(files["api/compare/medsam.json"])["href"] == "../papers/medsam/"


def test_a_shared_url_compares_and_marks_differences(page, served_site):
    page.goto(served_site + "compare/?ids=biobert,medsam")
    page.wait_for_selector("#atlas-compare[data-ready=true]")
    heads = page.eval_on_selector_all("table.atlas-compare thead th a", "els => els.map(e => e.textContent)")
    assert heads == ["BioBERT", "MedSAM"]
    subfield = page.locator("table.atlas-compare tbody tr", has_text="Subfield")
    assert subfield.get_attribute("class") == "atlas-differs"
    kind = page.locator("table.atlas-compare tbody tr", has=page.locator("th", has_text="Kind"))
    assert kind.get_attribute("class") in (None, "")  # both methods: not marked
    page.fill("#atlas-compare-add", "draft")
    page.click("#atlas-compare-form button[type=submit]")
    page.wait_for_url(lambda url: "ids=biobert,medsam,draft-paper-2024" in url)
    page.wait_for_function("document.querySelectorAll('table.atlas-compare thead th a').length === 3")
    page.click("button[aria-label='Remove BioBERT']")
    page.wait_for_url(lambda url: "ids=medsam,draft-paper-2024" in url)
    assert page.external_requests == []


def test_a_paper_page_links_to_compare_from_it(built_site):
    html = (built_site / "papers" / "medsam" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../compare/?ids=medsam">Compare with other papers</a>' in html


def test_papers_ticked_in_the_explorer_open_the_compare_page(page, served_site):
    page.goto(served_site + "explorer/")
    page.wait_for_selector("#atlas-explorer[data-ready=true]")
    assert page.get_attribute("#atlas-compare-link", "aria-disabled") == "true"
    page.check("input.atlas-pick[value=medsam]")
    page.fill("#atlas-q", "biobert")  # the selection survives filtering
    page.wait_for_function("document.querySelectorAll('#atlas-rows tr').length === 1")
    page.check("input.atlas-pick[value=biobert]")
    assert page.get_attribute("#atlas-compare-link", "aria-disabled") == "false"
    page.fill("#atlas-q", "")
    page.wait_for_function("document.querySelectorAll('#atlas-rows tr').length > 1")
    assert page.is_checked("input.atlas-pick[value=medsam]")  # redrawn rows keep their ticks
    page.click("#atlas-compare-link")
    page.wait_for_url(lambda url: url.endswith("compare/?ids=medsam,biobert"))
    page.wait_for_selector("#atlas-compare[data-ready=true]")
    assert page.eval_on_selector_all("table.atlas-compare thead th a", "els => els.map(e => e.textContent)") == ["MedSAM", "BioBERT"]
