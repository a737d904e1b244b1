"""Compare: the page that sets 2 to 4 papers side by side, each read from its own page (assets/compare.js)."""

ROWS = """t => Object.fromEntries([...t.tBodies[0].rows].map(tr => [tr.cells[0].textContent, [...tr.cells].slice(1).map(c => c.textContent)]))"""


def test_rows_hold_labels_facts_data_and_results_of_the_method_from_each_papers_page(page, served_site, built_site):
    page.goto(served_site + "compare/?ids=biobert,medsam")
    page.wait_for_selector("#atlas-compare[data-ready=true]")
    rows = page.eval_on_selector("table.atlas-compare", ROWS)
    biobert, medsam = ({label: values[i] for label, values in rows.items()} for i in (0, 1))
    assert medsam["Title"] == "Segment anything in medical images" and medsam["Subfield"] == "Vision (VFM)"
    assert medsam["Licence"] == "Apache-2.0 (permissive)" and medsam["Parameters"] == "93.7M"
    assert medsam["Pre-training"] == "No own pre-training" and "Added" not in medsam  # a chip by the term it abbreviates; no bookkeeping
    assert medsam["Example segmentation (fixture): Dice (Fine-tuned)"] == "91.5"
    assert medsam["Example segmentation (fixture): Dice (Zero-shot, ViT-B, box prompt)"] == "88.25"
    assert not any(label.startswith("Example") and "U-Net" in value for label, value in medsam.items())  # a baseline is not MedSAM's
    assert biobert["Example segmentation (fixture): Dice (Linear probe)"] == "40.0 (reported by MedSAM)"  # another paper's number
    assert biobert["Example segmentation (fixture): Dice (Fine-tuned)"] == "—"  # a row only MedSAM has
    assert not (built_site / "api" / "compare").exists()  # no second copy of every paper's facts


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
