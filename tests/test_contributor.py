"""The contributor flow: new, lint, readme, links, the feed, and the CI that runs them."""

import shutil
import xml.etree.ElementTree as ET

import pytest
import yaml
from conftest import FIXTURES, PAPER, ROOT, run, write_records

from hfm_atlas.feed import atom_feed
from hfm_atlas.validate import load_catalogue


@pytest.fixture
def data(tmp_path):
    shutil.copytree(FIXTURES / "atlas", tmp_path / "data")
    return tmp_path / "data"


def test_new_paper_is_valid_once_a_person_fills_two_labels(data, capsys):
    code, out, err = run(capsys, "--data", str(data), "new", "paper", "--title", "ExampleFM: A Foundation Model for Chest X-ray",
                         "--year", "2024", "--subfield", "VFM", "--arxiv", "2401.12345")
    path = data / "papers" / "examplefm-2024.yaml"
    assert code == 0 and f"wrote {path}" in out
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/paper.schema.json")
    assert "paradigm: TODO  # Pre-training paradigm" in text and "(GL | CL | HL | SL | none)" in text
    assert "arxiv: \"2401.12345\"" in text and "paper: \"https://arxiv.org/abs/2401.12345\"" in text
    code, out, _ = run(capsys, "--data", str(data), "validate")
    assert code == 1 and "examplefm-2024.yaml:18:13: pretraining.paradigm: 'TODO' is not one of GL, CL, HL, SL, none" in out
    path.write_text(text.replace("paradigm: TODO  # Pre-training", "paradigm: CL  # Pre-training", 1)
                    .replace("- paradigm: TODO", "- paradigm: FT"))
    assert run(capsys, "--data", str(data), "validate")[0] == 0
    assert run(capsys, "--data", str(data), "lint")[0] == 0
    record = yaml.safe_load(path.read_text())
    assert record["pretraining"] == {"paradigm": "CL", "methods": []} and record["adaptation"] == [{"paradigm": "FT", "method": None}]


def test_new_refuses_to_overwrite_and_warns_about_duplicates(data, capsys):
    code, _, err = run(capsys, "--data", str(data), "new", "paper", "--title", "BioBERT: a pre-trained biomedical language "
                       "representation model for biomedical text-mining", "--year", "2020", "--id", "biobert-copy")
    assert code == 0 and "may already be in the atlas: data/papers/biobert (title" in err
    code, _, err = run(capsys, "--data", str(data), "new", "paper", "--title", "Other", "--id", "biobert-copy")
    assert code == 1 and "refusing to overwrite" in err
    code, _, err = run(capsys, "--data", str(data), "new", "paper", "--title", "Same arXiv", "--arxiv", "2401.00001")
    assert code == 0 and "draft-paper-2024 (same arXiv id)" in err


def test_new_refuses_values_the_schema_refuses_and_writes_nothing(data, capsys):
    before = sorted(p.name for p in (data / "papers").iterdir())
    code, out, err = run(capsys, "--data", str(data), "new", "paper", "--title", "Far Future", "--year", "3000",
                         "--doi", "https://doi.org/10.1/x", "--code", "ftp://example.org/code")
    assert code == 1 and out == "" and "Traceback" not in err
    assert "--year: year: Input should be less than or equal to 2100 (got 3000)" in err
    assert "--doi: links.doi: 'https://doi.org/10.1/x' must be a bare DOI" in err
    assert "--code: links.code: must be an absolute http(s) URL" in err
    assert sorted(p.name for p in (data / "papers").iterdir()) == before


def test_new_dataset(data, capsys):
    code, out, _ = run(capsys, "--data", str(data), "new", "dataset", "--title", "Chest Archive", "--subfield", "VFM",
                       "--code", "https://example.org/download")
    record = yaml.safe_load((data / "datasets" / "chest-archive.yaml").read_text())
    assert code == 0 and record["subfield"] == "VFM" and record["links"]["download"] == "https://example.org/download"
    assert record["access"] == "unknown" and record["kind"] == "dataset"
    assert run(capsys, "--data", str(data), "validate")[0] == 0


LINT_CASES = {
    "bad-venue": ("venue: arXiv", "venue: Neurips", "error", "venue: write the venue as 'NeurIPS'"),
    "odd-venue": ("venue: arXiv", "venue: Journal of Things", "warning", "not in the controlled venue list"),
    "pdf-link": ("added:", "links:\n  paper: https://arxiv.org/pdf/2301.00001.pdf\nadded:", "error", "abstract page"),
    "wrong-year": ("added:", "links:\n  arxiv: '2101.00001'\nadded:", "error", "an arXiv preprint dated 2023 has the id 2101.00001"),
    "todo": ("title: T", "title: TODO", "error", "TODO left from hfm-atlas new"),
    "lowercase": ("title: T", "title: a study of llm and sam for ct", "warning", "write CT, LLM, SAM in capitals"),
}


@pytest.mark.parametrize("name", sorted(LINT_CASES))
def test_lint_rules(tmp_path, capsys, name):
    old, new, severity, message = LINT_CASES[name]
    text = PAPER.format(id=name, title="T").replace(old, new, 1)
    if "links:" not in text:
        text = text.replace("added:", "links:\n  code: https://example.org/code\nadded:")
    write_records(tmp_path, papers={name: text})
    code, out, err = run(capsys, "--data", str(tmp_path), "lint")
    assert message in out and ("warning: " in out) == (severity == "warning"), out
    assert code == (1 if severity == "error" else 0)


def test_lint_near_duplicates_and_papers_without_links(tmp_path, capsys):
    a = PAPER.format(id="a", title="Segment anything in medical images with prompts")
    b = PAPER.format(id="b", title="Segment anything in medical image with prompt")
    write_records(tmp_path, papers={"a": a, "b": b})
    code, out, _ = run(capsys, "--data", str(tmp_path), "lint", "--format", "github")
    assert code == 0
    assert any(line.startswith("::warning file=") and "b.yaml,line=2" in line and "nearly equals" in line for line in out.splitlines())
    assert out.count("has no link at all") == 2
    assert run(capsys, "--data", str(tmp_path), "lint", "--strict")[0] == 1


def test_the_real_catalogue_lints_without_errors(capsys):
    assert run(capsys, "--data", str(ROOT / "data"), "lint", "--quiet")[0] == 0


def test_readme_check_fails_when_stale_and_passes_after_regenerating(tmp_path, capsys, data):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n<!-- hfm-atlas:papers:start -->\nold list\n<!-- hfm-atlas:papers:end -->\n\nAfter.\n")
    assert run(capsys, "--data", str(data), "readme", "--readme", str(readme), "--check")[0] == 1
    assert run(capsys, "--data", str(data), "readme", "--readme", str(readme))[0] == 0
    text = readme.read_text()
    assert "old list" not in text and text.endswith("<!-- hfm-atlas:papers:end -->\n\nAfter.\n")
    assert r"- [arXiv] A \<b\>draft\</b\> \| paper with \*markdown\* and \{\{ jinja \}\}. [[Paper]](https://arxiv.org/abs/2401.00001)" in text
    assert run(capsys, "--data", str(data), "readme", "--readme", str(readme), "--check")[0] == 0


def test_the_projects_readme_is_current(capsys):
    assert run(capsys, "--data", str(ROOT / "data"), "readme", "--readme", str(ROOT / "README.md"), "--check")[0] == 0


def test_links_reports_urls_that_do_not_answer(tmp_path, capsys, served_site):
    good, bad = served_site + "index.html", served_site + "no-such-page/"
    write_records(tmp_path, papers={"a": PAPER.format(id="a", title="T") + f"links:\n  paper: {good}\n  code: {bad}\n"})
    code, out, err = run(capsys, "--data", str(tmp_path), "links")
    assert code == 1 and out.count("HTTP 404") == 1 and "links.code" in out and "1 of 2 URLs did not answer" in err


def test_feed_is_valid_atom_with_the_newest_additions_first(data):
    catalogue = load_catalogue(data)[0]
    root = ET.fromstring(atom_feed(catalogue, "https://example.org/atlas/"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(catalogue.papers)
    updated = [e.find("a:updated", ns).text for e in entries]
    assert updated == sorted(updated, reverse=True) and root.find("a:updated", ns).text == updated[0]
    assert entries[-1].find("a:link", ns).get("href").startswith("https://example.org/atlas/papers/")


def test_ci_runs_the_checks_that_annotate_pull_requests():
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    steps = " ".join(step.get("run", "") for step in ci["jobs"]["check"]["steps"])
    for command in ("hfm-atlas validate --format github", "hfm-atlas lint --format github", "hfm-atlas readme --check",
                    "hfm-atlas schema --check", "hfm-atlas build --strict"):
        assert command in steps
    links = yaml.safe_load((ROOT / ".github" / "workflows" / "links.yml").read_text())
    assert set(links[True]) == {"schedule", "workflow_dispatch"}  # never on pull requests ("on" is YAML's True)


def test_the_most_recently_added_are_the_first_of_a_full_sort():
    """recently_added takes the first n without sorting every paper: the same papers, in the same order, as the sort."""
    from conftest import ROOT

    from hfm_atlas.feed import recently_added
    from hfm_atlas.validate import load_catalogue

    cat = load_catalogue(ROOT / "data")[0]
    full = sorted(cat.papers, key=lambda p: (p.added, p.id), reverse=True)
    assert len({p.added for p in cat.papers}) > 1
    for n in (0, 1, 10, 50, len(full) + 5):
        assert recently_added(cat, n) == full[:n]
