"""`hfm-atlas import csljson|csv|json`: real export shapes, a column mapping, complete accounting."""

import json
import shutil

import yaml
from conftest import FIXTURES, run

from hfm_atlas.validate import load_catalogue

IMPORT = FIXTURES / "import"


def drafts(folder):
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (folder / "papers").glob("*.yaml")}


def test_zotero_csl_json_becomes_drafts_and_every_item_is_accounted_for(tmp_path, capsys, atlas_dir):
    report = tmp_path / "r.json"
    code, out, err = run(capsys, "--data", str(atlas_dir), "import", "csljson", str(IMPORT / "zotero.csl.json"), "--out", str(tmp_path / "o"),
                         "--subfield", "VFM", "--report", str(report))
    assert code == 1 and "1 entry refused; the others were written." in err and "Traceback" not in err
    got = drafts(tmp_path / "o")
    retina = got["a-retinal-foundation-model-for-many"]
    assert retina["authors"] == ["Ana Lee", "Wagner Meira Jr.", "The Eye Consortium"]  # suffix kept in place; a literal name kept whole
    assert (retina["year"], retina["venue"], retina["links"]["doi"]) == (2024, "Nature Medicine", "10.1038/s41591-099-00001-1")
    preprint = got["pathology-language-models-at-scale"]
    assert preprint["links"] == {"paper": "https://arxiv.org/abs/2405.06789", "arxiv": "2405.06789"} and preprint["venue"] == "arXiv"
    assert got["segment-anything-in-ultrasound-videos"]["venue"] == "MICCAI"  # the event, not the long proceedings title
    assert "year" not in got["a-journal-paper-whose-year-zotero"]  # left for review, not guessed
    for line in ("zotero.csl.json:33: out of scope 'Transformer (deep learning architecture)': not a paper: a web page",
                 "zotero.csl.json:40: refused '(row)': title: the row has no title",
                 "zotero.csl.json:46: already known 'BioBERT: a pre-trained biomedical language representation model for b…': "
                 "as data/papers/biobert.yaml (same DOI)"):
        assert line in out, line
    data = json.loads(report.read_text())
    assert data["found"] == 7 and data["summary"] == {"created": 4, "already": 1, "refused": 1, "out_of_scope": 1}


def test_csv_with_the_usual_column_names(tmp_path, capsys, atlas_dir):
    code, out, _ = run(capsys, "--data", str(atlas_dir), "import", "csv", str(IMPORT / "papers.csv"), "--out", str(tmp_path), "--subfield", "MFM")
    assert code == 1 and "papers.csv:4: refused 'https://example.org/untitled': title: the row has no title" in out
    got = drafts(tmp_path)
    ecg = got["ecg-foundation-model-pre-trained-on"]
    assert ecg["title"] == "ECG Foundation Model, Pre-trained on 10M Beats" and ecg["authors"] == ["Ana Lee", "Bo Chen"]
    assert ecg["links"] == {"paper": "https://openreview.net/forum?id=Xyz123", "code": "https://github.com/example/ecg"}
    assert got["a-ct-report-generator"]["authors"] == ["Bo Chen", "Ana Lee"]  # "Family, Given and Family, Given"
    derm = got["a-dermatology-model-on-arxiv"]
    assert (derm["year"], derm["links"]["paper"]) == (2023, "https://arxiv.org/abs/2311.01234")  # year from the arXiv id, abstract page
    assert out.splitlines()[-1].startswith("Summary: found 4 entries: created 3 draft record(s)")


def test_json_with_a_key_mapping_and_a_rerun_creates_nothing(tmp_path, capsys, atlas_dir):
    data = tmp_path / "data"
    shutil.copytree(atlas_dir, data)
    args = ["--data", str(data), "import", "json", str(IMPORT / "papers.json"),
            "--map", "title=paper_name,year=published,venue=where,url=links,authors=team,subfield=sf"]
    code, out, _ = run(capsys, *args)
    assert code == 0 and "papers.json:4: created data/papers/genome-language-model-for-plants.yaml" in out
    plants = yaml.safe_load((data / "papers" / "genome-language-model-for-plants.yaml").read_text())
    assert (plants["subfield"], plants["year"], plants["venue"], plants["authors"]) == ("BFM", 2025, "Nature Methods", ["Ana Lee", "Bo Chen"])
    survey = yaml.safe_load((data / "papers" / "a-survey-of-genomic-foundation-models.yaml").read_text())
    assert survey["kind"] == "survey" and survey["links"]["arxiv"] == "2409.01234"
    assert not [p for p in load_catalogue(data)[1] if p.severity == "error"]
    code, out, _ = run(capsys, *args)
    assert code == 0 and "created 0 draft record(s)" in out and out.count("already known") == 2


def test_a_bad_mapping_or_file_is_a_clear_error(tmp_path, capsys, atlas_dir):
    code, _, err = run(capsys, "--data", str(atlas_dir), "import", "json", str(IMPORT / "papers.json"), "--map", "titel=paper_name")
    assert code == 2 and "--map: 'titel' is not a field" in err
    code, _, err = run(capsys, "--data", str(atlas_dir), "import", "json", str(IMPORT / "papers.json"), "--map", "title=name_of_paper")
    assert code == 2 and "--map: no column 'name_of_paper'" in err
    broken = tmp_path / "broken.json"
    broken.write_text('[{"title": "A"},\n {"title": }]')
    code, _, err = run(capsys, "--data", str(atlas_dir), "import", "json", str(broken), "--out", str(tmp_path))
    assert code == 1 and "broken.json:2:12: not valid JSON" in err and "Traceback" not in err
    code, _, err = run(capsys, "--data", str(atlas_dir), "import", "csv", str(IMPORT / "papers.csv"), "--map", "title=Authors,year=Nope")
    assert code == 2 and "no column 'Nope'" in err
