"""BibTeX, CSL-JSON and CSV exports: escaping, entry types, keys, and an independent parser."""

import csv
import io
import json

import pybtex.errors
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from hfm_atlas.bibliography import csl_item, latex, protected_title, to_bibtex, to_csv
from hfm_atlas.cli import main
from hfm_atlas.exports import Filters, select
from hfm_atlas.models import Paper
from hfm_atlas.validate import load_catalogue


def paper(**changes) -> Paper:
    data = dict(id="x-2023", title="A title", year=2023, venue="arXiv", subfield="VFM", pretraining={"paradigm": "CL"},
                adaptation=[{"paradigm": "FT"}], label_source="curated", added="2024-01-01")
    return Paper.model_validate({**data, **changes})


def parse_strict(text: str):
    pybtex.errors.set_strict_mode(True)
    return parse_string(text, "bibtex")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "data")[0]


def test_the_whole_catalogue_parses_with_pybtex_in_strict_mode(catalogue):
    db = parse_strict(to_bibtex(catalogue.papers))
    assert sorted(db.entries) == sorted(p.id for p in catalogue.papers)


def bibtexparser_text(papers) -> str:
    """The papers' entries written by bibtexparser v2 itself, with the format the atlas's BibTeX follows."""
    import bibtexparser
    from bibtexparser.middlewares import AddEnclosingMiddleware
    from bibtexparser.model import Entry, Field

    from hfm_atlas.bibliography import bibtex_entry

    entries = []
    for p in papers:
        kind, fields = bibtex_entry(p)
        entries.append(Entry(kind, p.id, [Field(k, v) for k, v in fields]))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent, fmt.block_separator = "  ", "\n"
    enclose = AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=False, default_enclosing="{")
    return bibtexparser.write_string(bibtexparser.Library(entries), unparse_stack=[enclose], bibtex_format=fmt)


def test_entries_are_what_bibtexparser_writes(catalogue):
    draft = Paper.model_validate({"id": "d", "title": "T", "label_source": "draft", "added": "2024-01-01"})  # no year
    papers = [*catalogue.papers, draft]
    assert to_bibtex(papers) == bibtexparser_text(papers)
    assert "year = {None}" in to_bibtex([draft])


def test_entry_type_follows_the_venue():
    assert to_bibtex([paper(venue="Nature Medicine")]).startswith("@article{x-2023,")
    assert "booktitle = {MICCAI}" in to_bibtex([paper(venue="MICCAI")])
    misc = to_bibtex([paper(venue="arXiv", links={"arxiv": "2401.00001"})])
    assert misc.startswith("@misc{") and "eprint = {2401.00001}" in misc and "archivePrefix = {arXiv}" in misc
    biorxiv = to_bibtex([paper(venue="bioRxiv", links={"doi": "10.1101/2023.01.02.123456"})])
    assert "archivePrefix = {bioRxiv}" in biorxiv and "eprint = {10.1101/2023.01.02.123456}" in biorxiv


def test_titles_protect_capitals_and_specials_are_escaped():
    assert protected_title("BioBERT for 3D CT: a study") == "{BioBERT} for {3D} {CT:} a study"
    assert latex("Café & co: 50% of a_b {x} ~ # $ \\") == r"Caf{\'e} {\&} co: 50{\%} of a{\_}b {\textbraceleft{}}x{\textbraceright{}} {\textasciitilde{}} {\#} {\$} {\textbackslash{}}"
    assert latex("a\u200bb\u202e") == "ab"  # zero-width and direction controls dropped


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(lambda s: s.strip()))
@settings(max_examples=150, deadline=None)
def test_any_title_and_author_make_an_entry_pybtex_reads(text):
    p = paper(title=text.strip()[:400], authors=[text.strip()[:120]])
    entry = parse_strict(to_bibtex([p])).entries["x-2023"]
    assert entry.fields["year"] == "2023"
    assert to_bibtex([p]) == bibtexparser_text([p])


def test_keys_are_the_record_ids_and_do_not_depend_on_other_records():
    a, b = paper(id="alpha-2023", title="Alpha"), paper(id="beta-2023", title="Beta")
    assert to_bibtex([a]) in to_bibtex([a, b])


def test_csl_json_items_are_what_zotero_imports():
    item = csl_item(paper(venue="Nature Medicine", authors=["Jinhyuk Lee", "Plato"], links={"doi": "10.1234/x", "paper": "https://x.org/p"}))
    assert item["type"] == "article-journal" and item["container-title"] == "Nature Medicine"
    assert item["author"] == [{"given": "Jinhyuk", "family": "Lee"}, {"literal": "Plato"}]
    assert item["issued"] == {"date-parts": [[2023]]} and item["DOI"] == "10.1234/x" and item["URL"] == "https://x.org/p"


def test_csv_round_trips_and_keeps_formulas_literal():
    p = paper(title="=HYPERLINK(\"http://evil\")", summary="line one, with comma\nline two")
    rows = list(csv.reader(io.StringIO(to_csv([p]))))
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")" and rows[1][rows[0].index("summary")] == "line one, with comma\nline two"


def test_filters_select_the_papers(catalogue):
    bfm = select(catalogue, Filters(subfield="BFM", year_from=2023, year_to=2023))
    assert bfm and all(p.subfield == "BFM" and p.year == 2023 for p in bfm)
    assert all(any(a.paradigm == "AT" for a in p.adaptation) for p in select(catalogue, Filters(adaptation="AT")))
    assert {p.kind for p in select(catalogue, Filters(kind="survey"))} == {"survey"}


def test_export_command_writes_every_format(tmp_path, capsys, monkeypatch):
    from hfm_atlas.exports import Filters, export, select
    from hfm_atlas.validate import load_catalogue

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    lfm = select(load_catalogue(ROOT / "data")[0], Filters(subfield="LFM"))
    for fmt in ("bibtex", "csljson", "csv", "json"):
        out = tmp_path / f"all.{fmt}"
        assert main(["export", fmt, "-o", str(out), "--subfield", "LFM"]) == 0
        assert out.read_text(encoding="utf-8") == export(fmt, lfm)  # the file holds exactly the LFM papers' export
        assert f"{len(lfm)} of " in capsys.readouterr().err
    api = json.loads((tmp_path / "all.json").read_text())
    assert api["schema_version"] and api["total"] == len(api["papers"]) > 40 and api["generated_at"].endswith("Z")
    assert main(["export", "csv", "-o", str(tmp_path / "all.csv")]) == 1  # exists: refused without --force
    assert "refusing to overwrite" in capsys.readouterr().err
