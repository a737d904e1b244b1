"""The explorer's data file and the charts agree with the records and the statistics."""

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT

from hfm_atlas import charts
from hfm_atlas.explorer import COLUMNS, explorer_json
from hfm_atlas.stats import compute
from hfm_atlas.taxonomy import ADAPTATION, MODALITIES
from hfm_atlas.validate import load_catalogue


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "data")[0]


def test_explorer_rows_encode_the_records(catalogue):
    data = json.loads(explorer_json(catalogue))
    col = {name: i for i, name in enumerate(data["columns"])}
    assert data["columns"] == COLUMNS and len(data["papers"]) == len(catalogue.papers)
    row = next(r for r in data["papers"] if r[col["id"]] == "medsam")
    paper = catalogue.paper_by_id["medsam"]
    assert data["venues"][row[col["venue"]]] == paper.venue
    assert [t[0] for i, t in enumerate(data["terms"]["ada"]) if row[col["ada"]] & (1 << i)] == [a.paradigm for a in paper.adaptation]
    assert {t[0] for i, t in enumerate(data["terms"]["modalities"]) if row[col["modalities"]] & (1 << i)} == set(paper.modalities)
    assert len(data["terms"]["modalities"]) == len(MODALITIES.values) <= 31  # masks fit in a JavaScript int


def test_explorer_json_is_deterministic_and_compact(catalogue):
    text = explorer_json(catalogue)
    assert text == explorer_json(catalogue) and ": " not in text[:200]
    assert len(text.encode()) / len(catalogue.papers) < 600


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
