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
