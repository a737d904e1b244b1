"""The datasets explorer: its data, its facets with counts, URL state and the CSV of what is shown."""

from urllib.parse import parse_qs, urlparse

from conftest import FIXTURES

from hfm_atlas.dataset_explorer import dataset_explorer_data
from hfm_atlas.validate import load_catalogue

CATALOGUE = load_catalogue(FIXTURES / "atlas")[0]


def test_each_dataset_carries_its_facet_values_and_its_uses_by_role():
    data = dataset_explorer_data(CATALOGUE)
    facets = {f["key"]: [v[0] for v in f["values"]] for f in data["facets"]}
    rows = {d["id"]: d for d in data["datasets"]}
    mimic = rows["mimic-cxr"]
    assert [facets["access"][i] for i in mimic["access"]] == ["credentialed"]
    assert [facets["mod"][i] for i in mimic["mod"]] == ["x-ray", "text"]
    assert mimic["used"] == 2 and mimic["byRole"] == [0, 1, 1]  # MedSAM fine-tunes and evaluates on it; the draft gives no role
    assert [facets["role"][i] for i in mimic["role"]] == ["finetune", "evaluate"]
    assert [facets["sf"][i] for i in rows["uk-biobank"]["sf"]] == ["none"] and rows["uk-biobank"]["used"] == 0


def test_filters_count_and_live_in_the_url(page, served_site):
    page.goto(served_site + "datasets/explorer/?access=open")
    page.wait_for_selector("#atlas-dx[data-ready=true]")
    names = lambda: page.eval_on_selector_all("#atlas-dx-rows tr td:first-child a", "els => els.map(e => e.textContent)")
    assert names() == ["PubMed"] and page.inner_text("#atlas-dx-status") == "1 dataset matches."
    assert page.inner_text("label[for='dx-access-1'] .atlas-count") == "(1)"  # registration: UK Biobank, were it chosen instead
    page.uncheck("#dxf-access input[value='open']")
    page.check("#dxf-role input[value='evaluate']")
    assert names() == ["MIMIC-CXR"]
    assert parse_qs(urlparse(page.url).query) == {"role": ["evaluate"]}
    with page.expect_download() as download:
        page.click("#atlas-dx-csv")
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.splitlines()[0].startswith("id,name,subfield") and text.splitlines()[1].startswith("mimic-cxr,MIMIC-CXR,")
    page.fill("#atlas-dx-q", "no such words")
    assert names() == [] and page.inner_text("#atlas-dx-status") == "No dataset matches these filters."
    assert page.external_requests == []


def test_a_dataset_cannot_take_the_explorer_page_address(tmp_path, capsys):
    import shutil

    from conftest import run

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    text = (data / "datasets" / "pubmed.yaml").read_text().replace("id: pubmed", "id: explorer").replace("name: PubMed", "name: Explorer")
    (data / "datasets" / "explorer.yaml").write_text(text)
    (data / "datasets" / "pubmed.yaml").unlink()
    code, out, _ = run(capsys, "--data", str(data), "validate")
    assert code == 1 and "datasets/explorer.yaml" in out and "id 'explorer' is taken by a page of the site (datasets/explorer/)" in out
