"""Statistics computed from the records (the CLI and the site read the same numbers)."""

import json

from conftest import PAPER, write_records

from hfm_atlas.cli import main
from hfm_atlas.stats import compute
from hfm_atlas.validate import load_catalogue


def catalogue(tmp_path):
    def paper(pid, subfield, pre, ada, source="curated", year=2023):
        text = PAPER.format(id=pid, title=f"Paper {pid}").replace("subfield: VFM", f"subfield: {subfield}")
        text = text.replace("paradigm: CL", f"paradigm: {pre}").replace("year: 2023", f"year: {year}")
        text = text.replace("  - paradigm: FT\n", "".join(f"  - paradigm: {a}\n" for a in ada))
        if source == "survey":
            text = text.replace("label_source: curated", "label_source: survey\nsurvey:\n  table: II\n  ref: [1]")
        return text
    write_records(tmp_path, papers={
        "a": paper("a", "VFM", "none", ["FT", "PE"], "survey"),
        "b": paper("b", "VFM", "CL", ["AT"], "survey", 2022),
        "c": paper("c", "LFM", "SL", ["FT"]),
        "d": paper("d", "LFM", "GL", ["PE"], year=2024),
    })
    return load_catalogue(tmp_path)[0]


def test_counts_distributions_and_observations(tmp_path):
    s = compute(catalogue(tmp_path))
    assert s.methods == 4 and s.by_subfield["VFM"].methods == 2
    assert s.by_subfield["VFM"].pretraining == {"GL": 0, "CL": 1, "HL": 0, "SL": 0, "none": 1}
    assert s.by_subfield["VFM"].adaptation == {"FT": 1, "AT": 1, "PE": 1}
    assert s.by_year == {2022: {"LFM": 0, "VFM": 1, "BFM": 0, "MFM": 0}, 2023: {"LFM": 1, "VFM": 1, "BFM": 0, "MFM": 0},
                         2024: {"LFM": 1, "VFM": 0, "BFM": 0, "MFM": 0}}
    assert s.no_pretraining_share == 0.25  # a
    assert s.self_supervised_share == round(2 / 3, 4)  # b, d among b, c, d
    assert s.fine_tuning_share == 0.5  # a, c


def test_survey_scope_keeps_only_the_table_methods(tmp_path):
    s = compute(catalogue(tmp_path), "survey")
    assert s.methods == 2 and s.by_subfield["LFM"].methods == 0 and s.label_sources == {"survey": 2}


def test_stats_command_prints_text_and_json(tmp_path, capsys):
    catalogue(tmp_path)
    assert main(["--data", str(tmp_path), "stats"]) == 0
    out = capsys.readouterr().out
    assert "no own pre-training (observation 1): 25.0% of methods" in out and "The survey's Tables I-IV" in out
    assert main(["--data", str(tmp_path), "stats", "--json", "--scope", "all"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["all", "facts", "results"] and data["all"]["by_subfield"]["VFM"]["adaptation"]["AT"] == 1
    assert data["facts"]["weights"] == {"filled": 0, "of": 4, "share": 0.0}


def test_since_survey_scope_counts_only_what_the_atlas_added(tmp_path, capsys):
    cat = catalogue(tmp_path)  # a-d have in_survey false (the default)
    (tmp_path / "papers" / "a.yaml").write_text((tmp_path / "papers" / "a.yaml").read_text() + "in_survey: true\n")
    s = compute(load_catalogue(tmp_path)[0], "since-survey")
    assert s.methods == 3 and s.by_subfield["VFM"].methods == 1 and len(cat.papers) == 4
    assert main(["--data", str(tmp_path), "stats", "--scope", "since-survey"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Since the survey") and "papers 3, methods 3" in out and "weights (methods): 0/3 (0%)" in out


def test_one_pass_counts_equal_a_recount_paper_by_paper_on_the_real_catalogue():
    """counts() and compute() count in one pass each; a naive count over the atlas's own records, paper by
    paper and term by term, must give the same numbers (and Counters in the same order)."""
    from collections import Counter

    from conftest import ROOT

    from hfm_atlas.stats import counts
    from hfm_atlas.taxonomy import ADAPTATION, PRETRAINING, SUBFIELDS

    cat = load_catalogue(ROOT / "data")[0]

    def recount(papers):
        out = {}
        for p in papers:
            pre = p.pretraining
            terms = {"kind": [p.kind.value], "subfield": [p.subfield.value] if p.subfield else [],
                     "pre": [pre.paradigm.value] if pre else [], "preMethods": [m.value for m in pre.methods] if pre else [],
                     "ada": [a.paradigm.value for a in p.adaptation], "adaMethods": [a.method.value for a in p.adaptation if a.method],
                     "modalities": [m.value for m in p.modalities], "label_source": [p.label_source.value] if p.label_source else []}
            for facet, values in terms.items():
                out.setdefault(facet, Counter()).update(values)
        return out

    c = counts(cat)
    labelled = [p for p in cat.papers if p.kind == "method" and p.pretraining is not None]
    assert labelled and len(c.papers["kind"]) > 1
    for got, want in ((c.papers, recount(cat.papers)), (c.methods, recount(labelled))):
        assert got == want and {k: list(v) for k, v in got.items()} == {k: list(v) for k, v in want.items()}

    s = compute(cat)
    assert s.methods == len(labelled)
    for sf in SUBFIELDS.values:
        mine = [p for p in labelled if p.subfield == sf]
        assert s.by_subfield[sf].methods == len(mine)
        assert s.by_subfield[sf].pretraining == {v: sum(p.pretraining.paradigm == v for p in mine) for v in PRETRAINING.values}
        assert s.by_subfield[sf].adaptation == {v: sum(a.paradigm == v for p in mine for a in p.adaptation) for v in ADAPTATION.values}
    assert sum(sum(row.values()) for row in s.by_year.values()) == sum(1 for p in labelled if p.subfield)
    assert s.fine_tuning_share == round(sum(any(a.paradigm == "FT" for a in p.adaptation) for p in labelled) / len(labelled), 4)


def test_a_catalogue_without_a_labelled_method_still_draws_the_taxonomy_tree():
    # The first records of a new atlas may be drafts or surveys only; the method tree then shows zeros.
    from hfm_atlas.catalogue import Catalogue
    from hfm_atlas.stats import counts
    from hfm_atlas.views.figures import taxonomy_tree

    empty = Catalogue(papers=[], datasets=[], applications=[], survey_text=None, benchmarks=[], result_sets=[])
    assert set(counts(empty).methods) == set(counts(empty).papers) and not any(counts(empty).methods.values())
    tree = taxonomy_tree(empty, "explorer/")
    assert tree and all(node["count"] == 0 for node in tree)
