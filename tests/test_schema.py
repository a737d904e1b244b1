"""The JSON Schema files are generated from the models and committed; this fails when they are stale."""

import json

from conftest import ROOT

from hfm_atlas.cli import main
from hfm_atlas.schema import field_reference, schema_files


def test_committed_schema_files_are_current():
    for name, text in schema_files().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, f"schema/{name} is stale: run hfm-atlas schema"


def test_schema_check_fails_on_a_stale_file(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert main(["schema", "--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "paper.schema.json").write_text("{}")
    assert main(["schema", "--out", str(tmp_path), "--check"]) == 1
    assert "paper.schema.json: stale" in capsys.readouterr().err


def test_schema_forbids_unknown_keys_and_lists_enum_values():
    paper = json.loads(schema_files()["paper.schema.json"])
    assert paper["additionalProperties"] is False and "title" in paper["required"]
    assert paper["$defs"]["Subfield"]["enum"] == ["LFM", "VFM", "BFM", "MFM"]


def test_field_reference_documents_every_field():
    sections = {s["title"]: s for s in field_reference()}
    assert {"Paper", "Dataset", "Application", "PaperLinks", "PretrainingLabel", "AdaptationLabel", "SurveyRef", "Note"} <= set(sections)
    for section in sections.values():
        for row in section["rows"]:
            assert row["description"], (section["title"], row["name"])
    subfield = next(r for r in sections["Paper"]["rows"] if r["name"] == "subfield")
    assert subfield["allowed"] == ["LFM", "VFM", "BFM", "MFM"] and not subfield["required"]
