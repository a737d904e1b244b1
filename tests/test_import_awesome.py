"""`hfm-atlas import awesome` on a list with the shapes real lists have."""

import shutil

import yaml
from conftest import FIXTURES, run

from hfm_atlas.files import _umask
from hfm_atlas.importing import awesome
from hfm_atlas.validate import load_catalogue

MESSY = FIXTURES / "import" / "awesome-messy.md"


def read(folder, kind, record_id):
    text = (folder / kind / f"{record_id}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    return yaml.safe_load(text)


def test_parse_copes_with_messy_bullets_and_tables():
    bullets, rows = awesome.parse(MESSY.read_text())
    titles = [b.title for b in bullets]
    assert "Indented bullet with links separated by commas" in titles  # indented, no trailing dot
    indented = bullets[titles.index("Indented bullet with links separated by commas")]
    assert indented.venue == "NeurIPS" and indented.links == {"paper": "https://proceedings.neurips.cc/paper/2024/hash/abc", "code": "https://github.com/example/indented"}
    empty = bullets[titles.index("An empty code link")]
    assert empty.links == {"paper": "https://www.nature.com/articles/s41586-024-00000-0"}
    assert bullets[titles.index("Missing venue on an arXiv paper")].venue is None
    assert not any("blog" in t.lower() or "LFM methods" in t for t in titles)  # contents and blogs ignored
    assert [r.section.kind for r in rows] == ["dataset"] * 4 + ["database"]
    assert awesome._cell_link(rows[0].cells["dataset name"]) == ("Clinical Notes X", "https://example.org/notes-paper")


def test_import_writes_valid_drafts_and_reports_everything_else(tmp_path, capsys, atlas_dir):
    code, out, err = run(capsys, "--data", str(atlas_dir), "import", "awesome", str(MESSY), "--out", str(tmp_path), "--added", "2026-01-02")
    assert code == 0, err
    papers = sorted(p.stem for p in (tmp_path / "papers").glob("*.yaml"))
    assert papers == ["a-biorxiv-paper", "a-link-without-scheme", "a-survey-of-everything-medical", "alpha-med",
                      "an-empty-code-link", "indented-bullet-with-links-separated-by", "missing-venue-on-an-arxiv-paper"]
    assert (tmp_path / "papers" / "alpha-med.yaml").stat().st_mode & 0o777 == 0o666 & ~_umask()  # not mkstemp's 0600
    alpha = read(tmp_path, "papers", "alpha-med")
    assert alpha["label_source"] == "draft" and alpha["year"] == 2024 and alpha["subfield"] == "LFM"
    assert alpha["links"] == {"paper": "https://arxiv.org/abs/2402.22222", "code": "https://github.com/example/alpha-med", "arxiv": "2402.22222"}
    assert read(tmp_path, "papers", "missing-venue-on-an-arxiv-paper")["venue"] == "arXiv"  # from its arXiv link
    biorxiv = read(tmp_path, "papers", "a-biorxiv-paper")
    assert biorxiv["venue"] == "bioRxiv" and biorxiv["links"]["doi"] == "10.1101/2024.01.02.123456"
    assert "links" not in read(tmp_path, "papers", "a-link-without-scheme")
    survey = read(tmp_path, "papers", "a-survey-of-everything-medical")
    assert survey["kind"] == "survey" and "label_source" not in survey and "subfield" not in survey
    notes = read(tmp_path, "datasets", "clinical-notes-x")
    assert notes["modalities"] == ["ehr"] and notes["tasks"] == ["Dialogue", "Question answering"] and notes["scale"] == "12K instances"
    assert read(tmp_path, "datasets", "big-bank")["kind"] == "database"
    assert "pubmed.yaml" not in {p.name for p in (tmp_path / "datasets").iterdir()}
    for line in ("skipped '(no title)': bullet has no title",
                 "skipped 'Already in the atlas by its arXiv id': already in the atlas as data/papers/draft-paper-2024.yaml (same arXiv id)",
                 "already in the atlas as data/papers/biobert.yaml (same title)",
                 "skipped 'No year and no arXiv id': no year",
                 "skipped 'No year heading here but an arXiv id': no subfield",
                 "duplicate 'Alpha-Med: a model with a venue and a dot': same title as line 13 of this list",
                 "skipped 'PubMed': already in the atlas as data/datasets/pubmed.yaml (same name)",
                 "note: Odd Modality: modality 'Hologram' is not in the atlas vocabulary",
                 "paper link 'www.example.org/paper' is not an http(s) URL"):
        assert line in out, line
    assert out.splitlines()[-1] == "Summary: created 11 draft record(s) (7 papers, 4 datasets); skipped 6; duplicates 1."
    # the drafts join the catalogue cleanly: valid, with only "needs review" warnings
    shutil.copytree(atlas_dir, tmp_path, dirs_exist_ok=True)
    _, problems = load_catalogue(tmp_path)
    assert {p.severity for p in problems} == {"warning"}


def test_subfield_option_fills_sections_without_one(tmp_path, capsys, atlas_dir):
    code, out, _ = run(capsys, "--data", str(atlas_dir), "import", "awesome", str(MESSY), "--out", str(tmp_path), "--subfield", "BFM")
    assert code == 0
    record = read(tmp_path, "papers", "no-year-heading-here-but-an")
    assert record["subfield"] == "BFM" and record["year"] == 2023  # year from the arXiv id 2310.x


def test_dry_run_writes_nothing_and_a_rerun_creates_nothing(tmp_path, capsys, atlas_dir):
    code, out, _ = run(capsys, "--data", str(atlas_dir), "import", "awesome", str(MESSY), "--out", str(tmp_path), "--dry-run")
    assert code == 0 and "would create" in out and not any(tmp_path.iterdir())
    data = tmp_path / "data"
    shutil.copytree(atlas_dir, data)
    assert run(capsys, "--data", str(data), "import", "awesome", str(MESSY))[0] == 0
    code, out, _ = run(capsys, "--data", str(data), "import", "awesome", str(MESSY))
    assert code == 0 and "Summary: created 0 draft record(s)" in out


def test_missing_file_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "import", "awesome", str(tmp_path / "nope.md"))
    assert code == 2 and "no such file" in err
