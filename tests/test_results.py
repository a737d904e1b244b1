"""Reported results: benchmark and result-set records, their checks, leaderboards, exports and the browser."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3

import pytest
from conftest import FIXTURES, run

from hfm_atlas import urls
from hfm_atlas.catalogue import Catalogue
from hfm_atlas.results import results_csv
from hfm_atlas.sqlite_export import sqlite_bytes
from hfm_atlas.stats import result_counts
from hfm_atlas.validate import load_catalogue
from hfm_atlas.views import benchmark, results_index
from hfm_atlas.views.results import paper_results

CATALOGUE = load_catalogue(FIXTURES / "atlas")[0]


@pytest.fixture
def data(tmp_path):
    shutil.copytree(FIXTURES / "atlas", tmp_path / "data")
    return tmp_path / "data"


def write_set(data, body: str, name: str = "medsam") -> None:
    (data / "results" / f"{name}.yaml").write_text(body, encoding="utf-8")


SET = """id: medsam
paper: medsam
source:
  url: https://example.org/r
{where}results:
  - benchmark: {bench}
    {who}
    metric: {metric}
    value: {value}
    setting: {setting}
  - benchmark: example-segmentation
    method: medsam
    metric: dice
    value: 91.5
    setting: {{mode: fine-tuned}}
    where: Table 2
added: 2026-11-30
"""


def problems_of(data, capsys, **fields) -> str:
    values = {"where": "  where: Table 2\n", "bench": "example-segmentation", "who": "method: medsam", "metric": "dice",
              "value": "90.0", "setting": "{mode: zero-shot}", **fields}
    write_set(data, SET.format(**values))
    code, out, err = run(capsys, "--data", str(data), "validate")
    assert "Traceback" not in out + err
    return out if code == 1 else ""


@pytest.mark.parametrize("fields, expected", [
    ({"where": ""}, "results/medsam.yaml:6:5: results.0.where: no location: say where the number is printed"),
    ({"value": "150"}, "results/medsam.yaml:10:12: results.0.value: 150 is outside the range of Dice on example-segmentation [0, 100] %"),
    ({"bench": "no-such-bench"}, "results.0.benchmark: no benchmark with id 'no-such-bench'"),
    ({"who": "method: no-such-paper"}, "results.0.method: no paper with id 'no-such-paper'"),
    ({"metric": "auroc"}, "results.0.metric: 'auroc' is not a metric of benchmark example-segmentation; its metrics: dice, hd95"),
    ({"setting": "{mode: fine-tuned}", "value": "80.0"},
     "results.1.value: conflicts with"),
    ({"setting": "{mode: few-shot}"}, "medsam.yaml:11:5: results.0.setting.shots: is required for a few-shot setting"),
    ({"who": "method: medsam\n    method_name: U-Net"}, "method: give either method (an atlas id) or method_name"),
])
def test_validate_refuses_a_result_that_is_not_sourced_in_range_resolved_and_consistent(data, capsys, fields, expected):
    assert expected in problems_of(data, capsys, **fields)


def test_a_result_set_of_an_unknown_paper_and_a_benchmark_of_an_unknown_dataset_are_refused(data, capsys):
    text = (data / "results" / "medsam.yaml").read_text().replace("paper: medsam", "paper: medsam-2")
    write_set(data, text)
    bench = (data / "benchmarks" / "example-segmentation.yaml").read_text().replace("dataset: mimic-cxr", "dataset: mimic-cxr-jpg")
    (data / "benchmarks" / "example-segmentation.yaml").write_text(bench)
    code, out, _ = run(capsys, "--data", str(data), "validate")
    assert code == 1
    assert "results/medsam.yaml:3:8: paper: no paper with id 'medsam-2'" in out and "did you mean medsam?" in out
    assert "benchmarks/example-segmentation.yaml:4:10: dataset: no dataset with id 'mimic-cxr-jpg'" in out


def test_the_same_number_twice_is_a_warning_not_a_conflict(data, capsys):
    write_set(data, SET.format(where="  where: Table 2\n", bench="example-segmentation", who="method: medsam", metric="dice",
                               value="91.5", setting="{mode: fine-tuned}"))
    code, out, _ = run(capsys, "--data", str(data), "validate")
    assert code == 0 and "results/medsam.yaml:12:5: warning: results.1: repeats" in out


def test_the_leaderboard_ranks_by_direction_and_marks_the_best_per_metric_and_setting():
    view = benchmark(CATALOGUE, urls.Linker(), CATALOGUE.benchmark_by_id["example-segmentation"])
    rows = [(r.metric, r.method.text, r.setting, r.value, r.best) for r in view["rows"]]
    assert rows == [
        ("dice", "MedSAM", "Fine-tuned", "91.5", True),
        ("dice", "U-Net", "Fine-tuned", "89.0", False),
        ("dice", "MedSAM", "Zero-shot", "88.25", True),
        ("dice", "BioBERT", "Linear probe", "40.0", True),
        ("hd95", "MedSAM", "Fine-tuned", "7.5", True),  # lower is better
        ("hd95", "U-Net", "Fine-tuned", "9.0", False),
    ]
    baseline = next(r for r in view["rows"] if r.method.text == "BioBERT")
    assert baseline.by_other and baseline.reported_by.text == "MedSAM" and baseline.source.text == "Figure 3"
    assert [r.in_atlas for r in view["rows"] if r.method.text == "U-Net"] == [False, False]
    assert view["papers"] == 1 and view["modes"] == [("zero-shot", "Zero-shot"), ("fine-tuned", "Fine-tuned"), ("linear-probe", "Linear probe")]
    assert 'Best reported Dice on Example segmentation (fixture)' in view["chart"]


def test_paper_pages_split_own_results_from_others_reports():
    page = urls.paper_page("biobert")
    own, others = paper_results(CATALOGUE, urls.Linker(), page, "biobert")
    assert own == [] and [(r.reported_by.text, r.value) for r in others] == [("MedSAM", "40.0")]
    own, others = paper_results(CATALOGUE, urls.Linker(), urls.paper_page("medsam"), "medsam")
    assert len(own) == 6 and others == []


def test_the_index_counts_results_methods_and_papers_per_benchmark():
    view = results_index(CATALOGUE, urls.Linker())
    (title, rows), = view["groups"]
    assert title == "Vision (VFM)" and [(r.link.text, r.results, r.methods, r.papers) for r in rows] == [("Example segmentation (fixture)", 6, 3, 1)]
    assert (view["results"], view["benchmarks"], view["papers"]) == (6, 1, 1)
    counts = result_counts(CATALOGUE)
    assert (counts.results, counts.benchmarks_with_results, counts.papers, counts.methods) == (6, 1, 1, 3)
    assert counts.by_subfield["VFM"] == {"benchmarks": 1, "results": 6}


def test_results_reach_the_csv_the_json_api_and_sqlite_with_their_sources(built_site):
    rows = list(csv.DictReader(io.StringIO(results_csv(CATALOGUE.benchmark_by_id, CATALOGUE.result_sets))))
    assert len(rows) == 6 and rows[3]["method"] == "biobert" and rows[3]["source_where"] == "Figure 3" and rows[0]["source_where"] == "Table 2"
    assert rows[4]["direction"] == "lower" and rows[4]["value"] == "7.5"
    assert (built_site / "downloads" / "hfm-atlas-results.csv").read_text(encoding="utf-8") == results_csv(CATALOGUE.benchmark_by_id, CATALOGUE.result_sets)
    api = json.loads((built_site / "api" / "results.json").read_text(encoding="utf-8"))
    assert api["total"] == 1 and api["results"][0]["results"][1]["variant"] == "ViT-B, box prompt"
    assert json.loads((built_site / "api" / "benchmarks.json").read_text(encoding="utf-8"))["benchmarks"][0]["metrics"][1]["direction"] == "lower"
    db = sqlite3.connect(":memory:")
    db.deserialize(sqlite_bytes(CATALOGUE))
    best = db.execute("SELECT r.method_id, r.method_name, r.value FROM results r JOIN benchmark_metrics m ON m.benchmark_id = r.benchmark_id "
                      "AND m.metric = r.metric WHERE r.metric = 'hd95' ORDER BY r.value LIMIT 1").fetchone()
    assert best == ("medsam", None, 7.5)
    assert db.execute("SELECT count(*) FROM results WHERE source_where = 'Table 2'").fetchone() == (5,)


def test_a_subset_sqlite_keeps_only_the_numbers_of_its_papers():
    subset = Catalogue([p for p in CATALOGUE.papers if p.id == "biobert"], CATALOGUE.datasets, CATALOGUE.applications,
                       benchmarks=CATALOGUE.benchmarks, result_sets=CATALOGUE.result_sets)
    db = sqlite3.connect(":memory:")
    db.deserialize(sqlite_bytes(subset))
    assert db.execute("SELECT count(*) FROM results").fetchone() == (0,)  # the numbers are medsam's: it reports them


def test_dataset_pages_link_their_benchmarks(built_site):
    html = (built_site / "datasets" / "mimic-cxr" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../benchmarks/example-segmentation/">Example segmentation (fixture)</a>: 6 reported results' in html


def test_the_leaderboard_sorts_and_filters_in_the_browser(page, served_site):
    page.goto(served_site + "benchmarks/example-segmentation/")
    values = lambda: page.eval_on_selector_all("table[data-board] tbody tr:not([hidden]) td:nth-child(5) strong", "els => els.map(e => e.textContent)")
    assert values() == ["91.5", "89.0", "88.25", "40.0", "7.5", "9.0"]
    page.select_option("select[name=mode]", "fine-tuned")
    assert values() == ["91.5", "89.0", "7.5", "9.0"] and page.inner_text("output[name=shown]") == "4 of 6 results shown"
    page.wait_for_url(lambda url: "mode=fine-tuned" in url)
    page.select_option("select[name=metric]", "dice")
    assert values() == ["91.5", "89.0"]
    page.click("th:nth-child(5) button")  # Value: best first
    assert values() == ["91.5", "89.0"] and page.get_attribute("th:nth-child(5)", "aria-sort") == "descending"
    page.click("th:nth-child(5) button")
    assert values() == ["89.0", "91.5"] and page.get_attribute("th:nth-child(5)", "aria-sort") == "ascending"
    page.reload()
    assert page.input_value("select[name=mode]") == "fine-tuned" and values() == ["91.5", "89.0"]
    assert page.external_requests == []
