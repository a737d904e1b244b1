"""`hfm-atlas import awesome` on a list with the shapes real lists have."""

import json
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
    assert not any("LFM methods" in t for t in titles)  # the contents link only inside the list: not an entry
    blog = bullets[titles.index("A blog post")]
    assert blog.scope == "section 'Blogs' lists no papers"  # found, and reported as out of scope
    assert [r.section.kind for r in rows] == ["dataset"] * 4 + ["database"]
    assert awesome._cell_link(rows[0].cells["dataset name"]) == ("Clinical Notes X", "https://example.org/notes-paper")


def test_import_writes_valid_drafts_and_accounts_for_every_entry(tmp_path, capsys, atlas_dir):
    report = tmp_path / "report.json"
    code, out, err = run(capsys, "--data", str(atlas_dir), "import", "awesome", str(MESSY), "--out", str(tmp_path), "--added", "2026-01-02",
                         "--report", str(report))
    assert code == 1 and "1 entry refused; the others were written." in err  # the bullet without a title
    papers = sorted(p.stem for p in (tmp_path / "papers").glob("*.yaml"))
    assert papers == ["a-biorxiv-paper", "a-link-without-scheme", "a-survey-of-everything-medical", "alpha-med",
                      "an-empty-code-link", "indented-bullet-with-links-separated-by", "missing-venue-on-an-arxiv-paper",
                      "no-year-and-no-arxiv-id", "no-year-heading-here-but-an"]
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
    assert "year" not in read(tmp_path, "papers", "no-year-and-no-arxiv-id")  # written, the year left for review
    no_heading = read(tmp_path, "papers", "no-year-heading-here-but-an")
    assert no_heading["year"] == 2023 and "subfield" not in no_heading  # a heading is a hint, never a precondition
    notes = read(tmp_path, "datasets", "clinical-notes-x")
    assert notes["modalities"] == ["ehr"] and notes["tasks"] == ["Dialogue", "Question answering"] and notes["scale"] == "12K instances"
    assert read(tmp_path, "datasets", "big-bank")["kind"] == "database"
    assert "pubmed.yaml" not in {p.name for p in (tmp_path / "datasets").iterdir()}
    for line in ("awesome-messy.md:19: refused 'https://arxiv.org/abs/2404.44444': title: the entry has no title",
                 "awesome-messy.md:23: already known 'Already in the atlas by its arXiv id': as data/papers/draft-paper-2024.yaml (same arXiv id)",
                 "as data/papers/biobert.yaml (same title)",
                 "awesome-messy.md:28: note: No year and no arXiv id: no year in the entry, its heading or its link; the draft leaves it for review",
                 "awesome-messy.md:17: already known 'Alpha-Med: a model with a venue and a dot': same title as line 13 of this list",
                 "already known 'PubMed': as data/datasets/pubmed.yaml (same name)",
                 "note: Odd Modality: modality 'Hologram' is not in the atlas vocabulary",
                 "awesome-messy.md:46: out of scope 'A blog post': section 'Blogs' lists no papers",
                 "paper link 'www.example.org/paper' is not an http(s) URL"):
        assert line in out, line
    assert out.splitlines()[-1] == ("Summary: found 19 entries: created 13 draft record(s) (9 papers, 4 datasets); already in the atlas or "
                                    "earlier in this file 4; refused 1; out of scope 1.")
    data = json.loads(report.read_text())
    assert data["found"] == 19 == sum(data["summary"].values()) and data["summary"] == {"created": 13, "already": 4, "refused": 1, "out_of_scope": 1}
    assert data["refused"] == [{"line": 19, "what": "https://arxiv.org/abs/2404.44444", "reason": "the entry has no title", "field": "title"}]
    # the drafts join the catalogue cleanly: valid, with only "needs review" warnings; the year-less one stays unpublished
    shutil.copytree(atlas_dir, tmp_path, dirs_exist_ok=True)
    catalogue, problems = load_catalogue(tmp_path)
    assert {p.severity for p in problems} == {"warning"}
    assert any("draft without a year: the site leaves it out" in p.message for p in problems)
    assert "no-year-and-no-arxiv-id" not in catalogue.paper_by_id and "alpha-med" in catalogue.paper_by_id
    assert "no-year-and-no-arxiv-id" in load_catalogue(tmp_path, include_unpublished=True)[0].paper_by_id


def test_a_report_file_is_never_overwritten(tmp_path, capsys, atlas_dir):
    report = tmp_path / "report.json"
    report.write_text("mine")
    code, _, err = run(capsys, "--data", str(atlas_dir), "import", "awesome", str(MESSY), "--out", str(tmp_path), "--report", str(report))
    assert code == 2 and "exists; give --report a new file" in err and report.read_text() == "mine" and not (tmp_path / "papers").exists()


LAYOUTS = FIXTURES / "import" / "awesome-layouts.md"


def test_entries_are_found_in_any_layout(tmp_path, capsys, atlas_dir):
    code, out, err = run(capsys, "--data", str(atlas_dir), "import", "awesome", str(LAYOUTS), "--out", str(tmp_path), "--subfield", "VFM",
                         "--added", "2026-01-02")
    assert code == 0, out + err
    got = {p.stem: yaml.safe_load(p.read_text()) for p in (tmp_path / "papers").glob("*.yaml")}
    want = {  # id: (year, venue, paper link)
        "clinical-language-models-trained-on-wrapped": (2024, "arXiv", "https://arxiv.org/abs/2405.01234"),  # a wrapped bullet
        "a-journal-paper-with-a-doi": (2023, None, "https://doi.org/10.1038/s41591-023-99999-1"),  # "(2023)", not in the title
        "a-numbered-item-from-acl-anthology": (2024, None, "https://aclanthology.org/2024.acl-long.999.pdf"),  # year from the URL
        "an-item-with-emoji-and-a": (None, None, "https://openreview.net/forum?id=AbCdEf123"),  # emoji and badge dropped
        "retinal-foundation-model-in-blocks": (2024, "Nature Medicine", "https://www.nature.com/articles/s41591-024-77777-7"),  # <br> block
        "a-biorxiv-block-without-venue-brackets": (2024, "bioRxiv", "https://www.biorxiv.org/content/10.1101/2024.03.04.555555v2"),
        "an-html-link-to-pubmed": (None, "Medical Image Analysis", "https://pubmed.ncbi.nlm.nih.gov/38000001/"),  # HTML, *Journal* after ·
        "a-title-written-as-the-link": (2022, None, "https://ieeexplore.ieee.org/document/10000001"),
        "a-tabulated-pathology-model": (2024, "CVPR", "https://openaccess.thecvf.com/content/CVPR2024/html/X.html"),  # a table of papers
        "no-year-anywhere-model": (None, "Some Journal", "https://example.org/article/123"),
    }
    assert {k: (v.get("year"), v.get("venue"), v["links"]["paper"]) for k, v in got.items()} == want
    assert got["an-item-with-emoji-and-a"]["title"] == "An Item With Emoji and a Badge"
    assert got["retinal-foundation-model-in-blocks"]["links"]["code"] == "https://github.com/example/retina"
    assert got["a-title-written-as-the-link"]["title"] == "A Title Written As The Link Text Itself"
    assert [p.stem for p in (tmp_path / "datasets").glob("*.yaml")] == ["chest-scans-z"]  # a dataset table under any heading
    for line in ("awesome-layouts.md:3: out of scope 'link to our own paper': in the list's introduction, not an entry",
                 "awesome-layouts.md:31: out of scope 'A General-Domain Vision Transformer': general-domain section 'General Domain'",
                 "awesome-layouts.md:34: out of scope 'Transformer (deep learning architecture)': not a paper: an encyclopedia article (en.wikipedia.org)",
                 "awesome-layouts.md:35: out of scope 'Scratch': not a paper: a software home page (scratch.mit.edu)"):
        assert line in out, line
    assert out.splitlines()[-1].startswith("Summary: found 15 entries: created 11 draft record(s) (10 papers, 1 datasets);")
    # --include-out-of-scope imports them, marked for review
    again = tmp_path / "again"
    assert run(capsys, "--data", str(atlas_dir), "import", "awesome", str(LAYOUTS), "--out", str(again), "--subfield", "VFM",
               "--include-out-of-scope")[0] == 0
    vit = yaml.safe_load((again / "papers" / "a-general-domain-vision-transformer.yaml").read_text())
    assert vit["label_source"] == "draft" and "out of scope (general-domain section 'General Domain')" in vit["notes"][0]["text"]


def test_subfield_option_fills_sections_without_one(tmp_path, capsys, atlas_dir):
    code, out, _ = run(capsys, "--data", str(atlas_dir), "import", "awesome", str(MESSY), "--out", str(tmp_path), "--subfield", "BFM")
    assert code == 1  # the title-less entry
    record = read(tmp_path, "papers", "no-year-heading-here-but-an")
    assert record["subfield"] == "BFM" and record["year"] == 2023  # year from the arXiv id 2310.x


def test_dry_run_writes_nothing_and_a_rerun_creates_nothing(tmp_path, capsys, atlas_dir):
    code, out, _ = run(capsys, "--data", str(atlas_dir), "import", "awesome", str(MESSY), "--out", str(tmp_path), "--dry-run")
    assert code == 1 and "would create" in out and not any(tmp_path.iterdir())
    data = tmp_path / "data"
    shutil.copytree(atlas_dir, data)
    assert run(capsys, "--data", str(data), "import", "awesome", str(MESSY))[0] == 1
    code, out, _ = run(capsys, "--data", str(data), "import", "awesome", str(MESSY))
    assert code == 1 and "found 19 entries: created 0 draft record(s)" in out  # the title-less entry is refused again


def test_missing_file_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "import", "awesome", str(tmp_path / "nope.md"))
    assert code == 2 and "no such file" in err
