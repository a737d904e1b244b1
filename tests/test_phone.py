"""On a 360 px phone no page of any type scrolls sideways (wide tables scroll inside their own region)."""

import pytest

PAGE_TYPES = ["", "explorer/", "statistics/", "taxonomy/", "vfm/", "vfm/datasets/", "datasets/", "datasets/mimic-cxr/", "papers/medsam/",
              "papers/biobert/", "applications/", "applications/medical-diagnosis/", "challenges/", "challenges/data-diversity/",
              "future-directions/", "surveys/", "downloads/", "reference/fields/", "benchmarks/", "benchmarks/example-segmentation/",
              "gaps/", "compare/?ids=biobert,medsam", "datasets/explorer/", "about/", "contribute/"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_page_scrolls_sideways_at_360_px(phone, served_site, path):
    phone.goto(served_site + path)
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_a_fact_list_with_a_long_term_stacks_instead_of_widening_the_page(phone, served_site):
    """The real applications page once reached 452 px: its terms are longer than the fixture's."""
    phone.goto(served_site + "applications/")
    phone.evaluate("""() => {
        const dl = document.querySelector('dl.atlas-facts');
        dl.insertAdjacentHTML('afterbegin', '<dt>Disease research and drug response, and other long names</dt><dd>' + 'word '.repeat(40) + '</dd>');
    }""")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_explorer_on_a_phone_puts_search_and_results_first_and_folds_the_filters(phone, served_site):
    phone.goto(served_site + "explorer/")
    phone.wait_for_selector("#atlas-explorer[data-ready=true]")
    search, results, panel = (phone.locator(s).bounding_box()["y"] for s in ("#atlas-q", "#atlas-results", "#atlas-facet-panel"))
    assert search < results < panel
    assert phone.evaluate("document.getElementById('atlas-facet-panel').open") is False
    assert phone.evaluate("getComputedStyle(document.querySelector('#atlas-rows td')).display") == "block"  # stacked rows
    phone.click("#atlas-facet-panel > summary")
    phone.check("#facet-sf input[value='1']")  # VFM: the filters still work once unfolded
    phone.wait_for_selector("#atlas-explorer:not([aria-busy])")
    assert phone.inner_text("#atlas-status").startswith("1 paper")
