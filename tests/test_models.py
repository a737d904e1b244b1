import datetime as dt

import pytest
from pydantic import ValidationError

from conftest import ROOT
from hfm_atlas.models import Application, Dataset, Paper

BASE = dict(id="x-2023", title="A title", year=2023, venue="arXiv", subfield="VFM",
            pretraining={"paradigm": "CL"}, adaptation=[{"paradigm": "FT"}], label_source="curated",
            added="2024-01-01")


def paper(**changes):
    data = {**BASE, **changes}
    return Paper.model_validate({k: v for k, v in data.items() if v is not None})


def test_a_complete_paper_validates_with_defaults():
    p = paper()
    assert p.kind == "method" and p.added == dt.date(2024, 1, 1) and p.links.paper is None


def test_unknown_keys_are_errors_at_every_level():
    with pytest.raises(ValidationError, match="yaer"):
        paper(yaer=2023)
    with pytest.raises(ValidationError, match="url"):
        paper(links={"url": "https://example.org"})


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "ftp://x.org/a", "https//x.org", "example.org"])
def test_links_are_http_or_https_only(url):
    with pytest.raises(ValidationError, match="http"):
        paper(links={"paper": url})


def test_http_and_https_links_are_kept_as_written():
    assert paper(links={"code": "https://github.com/a/b?x=1#y"}).links.code == "https://github.com/a/b?x=1#y"


def test_subtypes_must_belong_to_their_paradigm():
    assert paper(pretraining={"paradigm": "HL", "methods": ["context-prediction", "instance-discrimination"]})
    with pytest.raises(ValidationError, match="instance-discrimination is not a sub-type of GL"):
        paper(pretraining={"paradigm": "GL", "methods": ["instance-discrimination"]})
    with pytest.raises(ValidationError, match="admits no sub-types"):
        paper(pretraining={"paradigm": "none", "methods": ["sequence-prediction"]})
    with pytest.raises(ValidationError, match="not a sub-type of AT"):
        paper(adaptation=[{"paradigm": "AT", "method": "reparameterization"}])


def test_a_labelled_method_needs_both_labels_but_a_draft_does_not():
    with pytest.raises(ValidationError, match="pretraining: is required"):
        paper(pretraining=None)
    with pytest.raises(ValidationError, match="adaptation: needs at least one"):
        paper(adaptation=[])
    assert paper(pretraining=None, adaptation=[], label_source="draft").pretraining is None


def test_survey_labels_need_the_table_reference():
    with pytest.raises(ValidationError, match="survey: is required"):
        paper(label_source="survey")
    assert paper(label_source="survey", survey={"table": "II", "ref": [42]}).survey.ref == [42]


def test_a_paradigm_cannot_be_listed_twice():
    with pytest.raises(ValidationError, match="twice"):
        paper(adaptation=[{"paradigm": "FT"}, {"paradigm": "FT", "method": "full-parameter"}])


@pytest.mark.parametrize("bad_id", ["BioBERT", "bio_bert", "-x", "x-", "a--b", "é"])
def test_ids_are_lowercase_slugs(bad_id):
    with pytest.raises(ValidationError):
        paper(id=bad_id)


def test_years_before_1950_and_absurd_lengths_are_refused():
    with pytest.raises(ValidationError):
        paper(year=1949)
    with pytest.raises(ValidationError):
        paper(title="x" * 401)


def test_only_a_database_may_lack_a_subfield():
    with pytest.raises(ValidationError, match="subfield: is required"):
        Dataset.model_validate({"id": "d", "name": "D", "added": "2024-01-01"})
    db = Dataset.model_validate({"id": "d", "name": "D", "kind": "database", "added": "2024-01-01"})
    assert db.subfield is None and db.access == "unknown"


def test_an_application_names_at_least_one_subfield():
    with pytest.raises(ValidationError):
        Application.model_validate({"id": "a", "name": "A", "description": "d", "subfields": []})


def test_a_record_comes_back_from_pickle_whole_and_still_frozen():
    """Records cross from a forked child by pickle (validate.py), through the atlas's own __reduce__."""
    import pickle

    from hfm_atlas.validate import load_catalogue

    catalogue, _ = load_catalogue(ROOT / "data")
    records = [*catalogue.papers, *catalogue.datasets, *catalogue.benchmarks, *catalogue.result_sets]
    back = pickle.loads(pickle.dumps(records))
    assert back == records
    for before, after in zip(records, back):
        assert type(after) is type(before)
        assert after.model_fields_set == before.model_fields_set
        assert after.model_dump(exclude_unset=True) == before.model_dump(exclude_unset=True)
    with pytest.raises(ValidationError):
        back[0].id = "other"


def test_unset_lists_are_one_shared_empty_list_that_refuses_changes():
    """Every record's unset list field holds fields.empty_list (memory): it serializes as [], and changing it fails loudly."""
    import json
    import pickle
    import warnings

    a, b = paper(), paper(id="y-2023")
    assert a.notes == [] and a.notes is b.notes is a.challenges
    with pytest.raises(TypeError, match="shared"):
        a.notes.append("x")
    with pytest.raises(TypeError):
        a.tasks += ["NER"]
    assert a.notes == [] and b.notes == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pydantic warns when a field's value is not of its type
        assert a.model_dump()["notes"] == [] and json.loads(a.model_dump_json())["challenges"] == []
    assert pickle.loads(pickle.dumps(a)).notes is a.notes
    assert a.notes + ["x"] == ["x"] and paper(tasks=["NER"]).tasks == ["NER"]


def test_equal_evidence_in_a_paper_is_one_object_and_referenced_ids_one_string():
    """Memory: a paper's dataset uses mostly cite one page and table, and ids of datasets recur in every paper."""
    import pickle

    from hfm_atlas.models import Paper

    def paper(i: int) -> dict:
        use = lambda d, where: {"id": d, "roles": ["evaluate"], "source": {"url": f"https://arxiv.org/abs/2401.0000{i}", "where": where}}  # noqa: E731
        return {"id": f"p{i}", "title": f"Paper {i}", "year": 2024, "subfield": "VFM", "label_source": "draft",
                "datasets": [use("mimic-cxr", "Table 2"), use("pubmed", "Table 2"), use("uk-biobank", "Table 3")],
                "applications": ["medical-diagnosis"], "added": "2024-05-01"}

    first, second = Paper.model_validate(paper(1)), Paper.model_validate(paper(2))
    uses = first.datasets
    assert uses[0].source is uses[1].source and uses[2].source is not uses[0].source and uses[2].source.where == "Table 3"
    assert first.model_dump(mode="json")["datasets"][1]["source"] == {"url": "https://arxiv.org/abs/2401.00001", "where": "Table 2"}
    assert second.datasets[0].source is not uses[0].source  # another paper's page
    assert second.datasets[0].id is uses[0].id and second.applications[0] is first.applications[0]
    again = pickle.loads(pickle.dumps(first))
    assert again == first and again.datasets[0].source is again.datasets[1].source
