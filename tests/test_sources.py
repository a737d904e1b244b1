"""Every item of the sources maps to exactly one record, and the records carry the survey's labels.

The sources stay outside the project (../shared/sources, or $HFM_SOURCES): the survey authors'
awesome list (commit 64f4843) and Tables I-IX of the survey as CSV.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from hfm_atlas.identifiers import arxiv_from_url, doi_from_url, normalize_title
from hfm_atlas.importing import awesome
from hfm_atlas.stats import compute
from hfm_atlas.validate import load_catalogue

SOURCES = Path(os.environ.get("HFM_SOURCES", ROOT.parent / "shared" / "sources"))
pytestmark = pytest.mark.skipif(not (SOURCES / "awesome-hfm" / "README.md").exists(),
                                reason=f"content sources not found at {SOURCES} (set HFM_SOURCES)")

# Where the list is wrong, and a bullet does not map to a record of its own (see each record's notes):
# - line 172 and line 218 are the same MIDL 2021 paper (MoCo-CXR), listed under 2023 and again under 2021.
SAME_WORK = {172: 218}
# Survey table rows that are not in the list at all: NapSS (Table I, ref [102]).
TABLE_ONLY = {("I", "NapSS")}


@pytest.fixture(scope="module")
def catalogue():
    cat, problems = load_catalogue(ROOT / "data")
    assert not [p for p in problems if p.severity == "error"], problems
    return cat


@pytest.fixture(scope="module")
def source_list():
    return awesome.parse((SOURCES / "awesome-hfm" / "README.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table():
    return list(csv.DictReader(open(SOURCES / "survey-tables" / "methods.csv", encoding="utf-8")))


def refs(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", text)]


def test_the_list_holds_207_method_bullets_and_19_records_of_surveys(source_list):
    bullets, rows = source_list
    kinds = Counter((b.section.kind, b.section.subfield and b.section.subfield.value) for b in bullets if not b.scope)
    assert sorted(b.line for b in bullets if b.scope) == [5, 7, 19, 478, 482, 483, 487, 488]  # news lines, tutorials, blogs, other lists
    # The issue counted 203 (VFM 65): four VFM bullets (UniverSeg, SAM-Med3D, RETFound, VisionFM) are indented
    # differently and are easy to miss; the list holds 69 VFM bullets, one of them a duplicate.
    assert kinds == {("method", "LFM"): 45, ("method", "VFM"): 69, ("method", "BFM"): 34, ("method", "MFM"): 59, ("survey", None): 18}
    assert Counter(r.section.kind for r in rows) == {"dataset": 110, "database": 4}


def test_every_list_bullet_maps_to_exactly_one_record(catalogue, source_list):
    bullets, _ = source_list
    by_title = {normalize_title(p.title): p for p in catalogue.papers}
    by_arxiv = {p.links.arxiv: p for p in catalogue.papers if p.links.arxiv}
    by_doi = {p.links.doi.lower(): p for p in catalogue.papers if p.links.doi}
    by_link = {p.links.paper: p for p in catalogue.papers if p.links.paper}
    codes = Counter(p.links.code for p in catalogue.papers if p.links.code)
    by_code = {p.links.code: p for p in catalogue.papers if p.links.code and codes[p.links.code] == 1}  # a repository of one work only
    matched: dict[int, str] = {}
    for b in (b for b in bullets if not b.scope):
        record = by_title.get(normalize_title(b.title))
        if record is None:  # a title the curators corrected: fall back to its code link, then the identifiers in its paper link
            url = b.links.get("paper")  # (ClinicalBERT's bullet links GatorTron's article; its code link names the work)
            record = (by_code.get(b.links.get("code") or "") or by_link.get(url) or by_link.get(awesome.paper_link(url or ""))
                      or by_arxiv.get(arxiv_from_url(url)) or by_doi.get((doi_from_url(url) or "").lower()))
        assert record is not None, f"list line {b.line} ({b.title!r}) has no record"
        matched[b.line] = record.id
    for first, second in SAME_WORK.items():
        assert matched.pop(first) == matched[second]
    ids = Counter(matched.values())
    assert [i for i, n in ids.items() if n > 1] == []
    kinds = Counter(catalogue.paper_by_id[i].kind.value for i in ids)
    assert kinds == {"method": 206, "survey": 18}


def test_every_table_row_is_one_record_with_the_survey_labels(catalogue, table):
    carried = {(p.survey.table, p.survey.name): p for p in catalogue.papers if p.survey and p.label_source == "survey"}
    assert len(carried) == sum(p.label_source == "survey" for p in catalogue.papers) == 200
    for row in table:
        paper = carried.get((row["table"], row["method"]))
        assert paper is not None, f"Table {row['table']} row {row['method']!r} has no record"
        assert paper.subfield == row["subfield"]
        assert paper.pretraining.paradigm == ("none" if row["pretraining"] == "-" else row["pretraining"]), paper.id
        assert sorted(a.paradigm for a in paper.adaptation) == sorted(row["adaptation"].split(";")), paper.id
        assert paper.survey.ref == refs(row["survey_ref"]), paper.id
        assert paper.short_name, paper.id
    for key in TABLE_ONLY:  # in the tables, not in the list: the record says where its facts come from
        assert any(n.kind == "correction" and "missing from the awesome list" in n.text for n in carried[key].notes)


def test_every_method_outside_the_tables_is_labelled_and_marked_curated(catalogue):
    """However many curators add: a method without the survey's labels carries curated ones and says so."""
    others = [p for p in catalogue.papers if p.kind == "method" and p.label_source != "survey" and p.in_survey]
    for p in others:
        assert p.label_source == "curated" and p.pretraining and p.adaptation, p.id
        assert any(n.kind == "curation" for n in p.notes), p.id


def test_every_dataset_row_maps_to_exactly_one_record(catalogue, source_list):
    _, rows = source_list
    by_name = Counter(normalize_title(d.name) for d in catalogue.datasets)
    for r in rows:
        name = next(v for k, v in r.cells.items() if "name" in k or "database" in k)
        name = awesome._cell_link(name)[0]
        assert by_name[normalize_title(name)] == 1, name
    table = list(csv.DictReader(open(SOURCES / "survey-tables" / "datasets.csv", encoding="utf-8")))
    # Every table row has one record that names the table; datasets added since the survey name none.
    from_survey = [d for d in catalogue.datasets if d.survey]
    assert len(from_survey) == len(table)
    assert Counter(d.survey.table for d in from_survey) == Counter(r["table"] for r in table)


def test_stats_of_the_table_methods_equal_the_survey_tables(catalogue, table):
    stats = compute(catalogue, "survey")
    for sf, mine in stats.by_subfield.items():
        rows = [r for r in table if r["subfield"] == sf]
        assert mine.methods == len(rows)
        expected = Counter("none" if r["pretraining"] == "-" else r["pretraining"] for r in rows)
        assert mine.pretraining == {k: expected.get(k, 0) for k in mine.pretraining}
        uses = Counter(a for r in rows for a in r["adaptation"].split(";"))
        assert mine.adaptation == {k: uses.get(k, 0) for k in mine.adaptation}
    assert {sf: s.methods for sf, s in stats.by_subfield.items()} == {"LFM": 44, "VFM": 67, "BFM": 31, "MFM": 58}
