"""`hfm-atlas import bibtex` on messy real-world BibTeX, and the export/import round trips."""

import pybtex.errors
import yaml
from conftest import FIXTURES, ROOT, run
from pybtex.database import parse_file

from hfm_atlas.cli import main
from hfm_atlas.validate import load_catalogue

MESSY = FIXTURES / "import" / "messy.bib"


def test_messy_bib_becomes_drafts_with_a_clear_summary(tmp_path, capsys, atlas_dir):
    code, out, err = run(capsys, "--data", str(atlas_dir), "import", "bibtex", str(MESSY), "--out", str(tmp_path), "--subfield", "MFM")
    assert code == 1 and "Traceback" not in err and "2 entries refused; the others were written." in err
    uber = yaml.safe_load((tmp_path / "papers" / "uber-clip.yaml").read_text())
    assert uber["title"] == "Über-CLIP: Contrastive Learning for Radiology at École Scale"  # accents decoded, braces unwrapped
    assert uber["authors"] == ["Jürgen Müller", "María García", "Seán O'Neil"]
    assert uber["venue"] == "Nature Medicine" and uber["label_source"] == "draft"  # @string macro expanded
    proto = yaml.safe_load((tmp_path / "papers" / "prototype-learning-for-3d-ct-segmentation.yaml").read_text())
    assert proto["venue"] == "NeurIPS" and proto["year"] == 2022  # crossref resolved, concatenation expanded
    arxiv = yaml.safe_load((tmp_path / "papers" / "a-foundation-model-for-everything-medical.yaml").read_text())
    assert arxiv["links"]["arxiv"] == "2401.12345" and arxiv["venue"] == "arXiv"
    no_year = yaml.safe_load((tmp_path / "papers" / "a-paper-without-a-year.yaml").read_text())
    assert "year" not in no_year and no_year["label_source"] == "draft"  # written, the year left for review
    for line in ("messy.bib:42: refused '@article{notitle2020}': title: entry has no title",
                 "messy.bib:61: note: A paper without a year: no year in the entry or its arXiv id; the draft leaves it for review",
                 "as data/papers/biobert.yaml (same DOI)",
                 "already known '{mueller2023ueber}': duplicate citation key",
                 "same title as the entry on line 7 of this file",
                 "messy.bib:65: refused '@article{broken,': (entry): not valid BibTeX (Unexpectedly reached end of file.)"):
        assert line in out, line
    assert out.splitlines()[-1] == ("Summary: found 9 entries: created 4 draft record(s) (4 papers, 0 datasets); already in the atlas or "
                                    "earlier in this file 3; refused 2; out of scope 0.")
    assert "comment" not in out.lower()


def test_export_then_import_into_an_empty_catalogue_gives_the_same_papers(tmp_path, capsys):
    bib = tmp_path / "all.bib"
    assert main(["export", "bibtex", "-o", str(bib)]) == 0
    empty = tmp_path / "data"
    empty.mkdir()
    assert main(["--data", str(empty), "import", "bibtex", str(bib), "--subfield", "LFM"]) == 0
    original = load_catalogue(ROOT / "data")[0]
    imported = {p.title: p for p in load_catalogue(empty)[0].papers}
    assert len(imported) == len(original.papers)
    for p in original.papers:
        q = imported[p.title]
        assert (q.year, q.venue, q.links.doi, q.links.arxiv, q.authors) == (p.year, p.venue, p.links.doi, p.links.arxiv, p.authors), p.id
        assert (q.id, q.subfield, q.kind, q.links.code) == (p.id, p.subfield, p.kind, p.links.code), p.id  # the atlas's own fields too


def test_import_then_export_parses_with_pybtex(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    assert main(["--data", str(data), "import", "bibtex", str(MESSY), "--subfield", "VFM"]) == 1  # two entries refused, the rest written
    out = tmp_path / "again.bib"
    assert main(["--data", str(data), "export", "bibtex", "-o", str(out)]) == 0
    pybtex.errors.set_strict_mode(True)
    assert len(parse_file(str(out)).entries) == 4  # BioBERT too: this catalogue started empty


def test_any_title_survives_export_and_import():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from hfm_atlas.bibliography import to_bibtex
    from hfm_atlas.importing import bibtex as importer
    from hfm_atlas.importing.common import Report, clean_title
    from hfm_atlas.models import Paper

    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Cf")), min_size=1, max_size=50)
           .map(lambda s: " ".join(s.split())).filter(lambda s: s and not s.endswith(".")))
    @settings(max_examples=200, deadline=None)
    def check(title):
        paper = Paper.model_validate({"id": "x", "title": title, "year": 2020, "subfield": "LFM", "label_source": "draft", "added": "2024-01-01"})
        entries = importer.parse(to_bibtex([paper]), Report("x"))
        assert importer._plain(str(entries[0].fields_dict["title"].value)) == clean_title(title)

    check()


def test_real_export_shapes_give_names_arxiv_ids_and_urls_as_written(tmp_path, capsys, atlas_dir):
    import yaml

    code, out, err = run(capsys, "--data", str(atlas_dir), "import", "bibtex", str(MESSY.parent / "exports.bib"),
                         "--out", str(tmp_path), "--subfield", "VFM")
    assert code == 0, err
    drafts = {d["title"]: d for d in (yaml.safe_load(p.read_text()) for p in (tmp_path / "papers").glob("*.yaml"))}
    mendeley = drafts["A Mendeley-style entry with an arxivId field"]
    assert mendeley["authors"] == ["Wagner Meira Jr", "Chidi Okafor"] and mendeley["links"]["arxiv"] == "2301.01234"
    assert mendeley["links"]["paper"] == "http://arxiv.org/abs/2301.01234"  # the first of two URLs
    zotero = drafts["A Zotero entry with the eprint in a note"]
    assert zotero["links"]["arxiv"] == "2402.05678" and zotero["links"]["paper"] == "https://example.org/paper%20with%20spaces?id=7"
    assert drafts["A DBLP entry with its arXiv id in the volume"]["links"]["arxiv"] == "2303.00874"
    assert drafts["A DBLP entry with its arXiv id in the volume"]["authors"] == ["Priya Raman", "Tomás Novak"]
    assert drafts["An IEEE export with upper-case AND"]["authors"] == ["Wei Li", "Ana Garcia", "Jonas Müller"]
    assert drafts["A Google Scholar entry"]["links"]["arxiv"] == "2310.11111"
