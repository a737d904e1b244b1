"""Catalogue checks: ids, cross-references, duplicates, and where each problem is reported."""

import datetime as dt

import pytest
from conftest import PAPER, write_records
from hypothesis import given
from hypothesis import strategies as st

from hfm_atlas.problems import UserError
from hfm_atlas.errors import closest, edit_distance
from hfm_atlas.validate import load_catalogue


def errors(data_dir, **kw):
    catalogue, problems = load_catalogue(data_dir, **kw)
    return catalogue, [p for p in problems if p.severity == "error"]


def test_the_fixture_atlas_is_valid(atlas_dir):
    catalogue, problems = load_catalogue(atlas_dir)
    assert [p.severity for p in problems] == ["warning"]  # the draft record
    assert len(catalogue.papers) == 3 and len(catalogue.datasets) == 3 and len(catalogue.applications) == 1
    assert catalogue.used_by["pubmed"][0].id == "biobert"


def test_id_must_equal_file_stem(tmp_path):
    write_records(tmp_path, papers={"right-name": PAPER.format(id="wrong-name", title="T")})
    _, found = errors(tmp_path)
    assert [(p.field, p.line) for p in found] == [("id", 1)]
    assert "rename the file to wrong-name.yaml or set id: right-name" in found[0].message


def test_dangling_references_point_at_the_list_item(tmp_path):
    text = PAPER.format(id="a", title="T") + "datasets:\n  - id: mimic-iii\n  - id: mimic-iv\napplications: [diagnosis]\n"
    write_records(tmp_path, papers={"a": text}, datasets={"mimic-iv": "id: mimic-iv\nname: MIMIC-IV\nsubfield: LFM\nadded: 2024-01-01\n"})
    _, found = errors(tmp_path)
    assert sorted((p.field, p.line, p.column) for p in found) == [("applications.0", 15, 16), ("datasets.0.id", 13, 9)]
    assert "did you mean mimic-iv?" in next(p for p in found if p.field.startswith("datasets")).message


@pytest.mark.parametrize("extra_a, extra_b, label", [
    ("links:\n  doi: 10.1234/ABC\n", "links:\n  doi: 10.1234/abc\n", "DOI"),
    ("links:\n  arxiv: '2401.00001'\n", "links:\n  arxiv: '2401.00001'\n", "arXiv id"),
    ("", "", "title"),
])
def test_one_work_in_two_files_is_caught(tmp_path, extra_a, extra_b, label):
    title_b = "Same  Title!" if label == "title" else "Other title"
    write_records(tmp_path, papers={"a": PAPER.format(id="a", title="Same title") + extra_a,
                                    "b": PAPER.format(id="b", title=title_b) + extra_b})
    _, found = errors(tmp_path)
    assert len(found) == 1 and found[0].file.endswith("b.yaml") and f"same {label} as" in found[0].message


def test_non_latin_titles_are_not_all_duplicates(tmp_path):
    write_records(tmp_path, papers={"a": PAPER.format(id="a", title="中文标题"), "b": PAPER.format(id="b", title="日本語")})
    assert errors(tmp_path)[1] == []


def test_future_dates_and_years(tmp_path):
    write_records(tmp_path, papers={"a": PAPER.format(id="a", title="T").replace("year: 2023", "year: 2031")})
    _, found = errors(tmp_path, today=dt.date(2024, 1, 1))
    assert {p.field for p in found} == {"added", "year"}


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    write_records(tmp_path, papers={
        "a": PAPER.format(id="a", title="T").replace("subfield: VFM", "subfield: VMF").replace("venue: arXiv", "venue: ''"),
        "b": "id: b\n",
    })
    _, found = errors(tmp_path)
    assert {p.file.rsplit("/", 1)[-1] for p in found} == {"a.yaml", "b.yaml"}
    assert len(found) == 5  # a: subfield, venue; b: title, year, added


def test_a_missing_data_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UserError) as info:
        load_catalogue(tmp_path / "nope")
    assert info.value.exit_code == 2


def test_suggestions():
    assert closest("VMF", ["LFM", "VFM", "BFM", "MFM"]) == "VFM"
    assert closest("none", ["GL", "None"]) == "None"
    assert closest("completely-different", ["open", "unknown"]) is None


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_a_symmetric_bounded_metric(a, b):
    d = edit_distance(a, b)
    assert d == edit_distance(b, a) and abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)


def test_the_survey_prose_is_data_checked_with_file_line_and_field(tmp_path):
    import shutil

    from conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "atlas", data)
    text = (data / "survey.yaml").read_text(encoding="utf-8")
    (data / "survey.yaml").write_text(text.replace("  - id: data-cost\n", "  - id: data-costs\n"), encoding="utf-8")
    catalogue, problems = load_catalogue(data)
    [problem] = [p for p in problems if p.file.endswith("survey.yaml")]
    assert problem.field == "pillars.0.challenges.3.id" and problem.line > 1 and "did you mean data-cost?" in problem.message
    assert catalogue.survey_text is None
    (data / "survey.yaml").write_text(text.replace("  - id: data-cost\n", "  - id: data-ethics\n"), encoding="utf-8")
    _, problems = load_catalogue(data)
    assert any("every challenge belongs to exactly one pillar; missing: data-cost; twice: data-ethics" in p.message for p in problems)


def test_validate_finds_what_loading_finds_without_keeping_the_records(tmp_path):
    """`hfm-atlas validate` checks each record's facts, made as it is read (validate.check_records); the build checks
    the records it holds (load_catalogue). Both must find the same problems and count the same records."""
    import shutil

    from conftest import FIXTURES
    from hfm_atlas.validate import check_records

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    today = dt.date(2026, 12, 3)
    write_records(data, papers={
        "future": PAPER.format(id="future", title="Future").replace("added: 2024-05-01", "added: 2027-01-01").replace("year: 2023", "year: 2031"),
        "dangling": PAPER.format(id="dangling", title="Dangling") + "datasets:\n  - id: mimic-iv\napplications: [diagnosis, diagnosis]\n",
        "same-title": PAPER.format(id="same-title", title="'BioBERT - a pre-trained biomedical language representation model for biomedical text mining'"),
        "misnamed": PAPER.format(id="other-name", title="Misnamed"),
    }, datasets={"explorer": "id: explorer\nname: Explorer\nsubfield: LFM\nadded: 2030-01-01\n"})
    results = (data / "results" / "medsam.yaml").read_text(encoding="utf-8")
    (data / "results" / "medsam.yaml").write_text(results.replace("paper: medsam", "paper: medsam-2"), encoding="utf-8")
    catalogue, loaded = load_catalogue(data, today=today)
    count, checked = check_records(data, today=today)
    assert count == len(catalogue) and checked == loaded
    fields = {(p.file.rsplit("/", 1)[-1], p.field) for p in loaded}
    assert {("future.yaml", "added"), ("future.yaml", "year"), ("dangling.yaml", "datasets.0.id"), ("dangling.yaml", "applications"),
            ("same-title.yaml", "title"), ("misnamed.yaml", "id"), ("explorer.yaml", "id"), ("explorer.yaml", "added"),
            ("medsam.yaml", "paper"), ("draft-paper-2024.yaml", "label_source")} <= fields


def test_duplicates_are_found_by_their_keys_even_when_every_hash_collides(tmp_path, monkeypatch):
    """check_facts keeps the hash of each key, not the key: a hash seen twice is checked against the keys themselves."""
    from hfm_atlas import checks

    titles = ["Alpha model", "Beta model", "Alpha  Model!", "Gamma model", "beta model", "Alpha model"]
    write_records(tmp_path, papers={f"p{i}": PAPER.format(id=f"p{i}", title=t) for i, t in enumerate(titles)})
    _, expected = errors(tmp_path)
    assert sorted((p.file[-7:], p.message.replace(str(tmp_path), "")) for p in expected) == [
        ("p2.yaml", "same title as /papers/p0.yaml; one work needs one record"),
        ("p4.yaml", "same title as /papers/p1.yaml; one work needs one record"),
        ("p5.yaml", "same title as /papers/p0.yaml; one work needs one record")]
    monkeypatch.setitem(checks.__dict__, "hash", lambda key: 0)
    assert errors(tmp_path)[1] == expected
