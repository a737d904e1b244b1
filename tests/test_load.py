"""The loader: positions kept, and everything plain yaml.safe_load would accept silently refused."""

import datetime as dt

import pytest

from hfm_atlas.load import MAX_FILE_BYTES, read_document
from hfm_atlas.records import scan


def load(tmp_path, content: bytes | str):
    path = tmp_path / "x.yaml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_document(path, "x.yaml")


def only_problem(tmp_path, content):
    doc, problems = load(tmp_path, content)
    assert doc is None and len(problems) == 1
    return problems[0]


def test_positions_point_at_values_and_keys(tmp_path):
    doc, problems = load(tmp_path, "id: a\ntitle: Some title\nlinks:\n  paper: https://x.org/p\nauthors:\n  - Ann\n  - Bob\nadded: 2024-01-02\n")
    assert not problems
    assert doc.data["added"] == dt.date(2024, 1, 2)
    assert doc.position(("title",)) == (2, 8)
    assert doc.position(("links",)) == (3, 1)
    assert doc.position(("links", "paper")) == (4, 10)
    assert doc.position(("authors", 1)) == (7, 5)
    assert doc.position(("links", "code")) == (3, 1)  # absent: nearest existing parent


def test_duplicate_keys_are_refused_with_both_lines(tmp_path):
    p = only_problem(tmp_path, "id: a\nyear: 2020\ntitle: t\nyear: 2021\n")
    assert (p.line, p.field) == (4, "year") and "first on line 2" in p.message


def test_nested_duplicate_keys_are_refused(tmp_path):
    p = only_problem(tmp_path, "links:\n  paper: https://a.org/x\n  paper: https://b.org/y\n")
    assert (p.line, p.field) == (3, "links.paper")


def test_aliases_are_refused_before_expansion(tmp_path):
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    p = only_problem(tmp_path, laughs)
    assert "aliases" in p.message and (p.line, p.column, p.field) == (1, 4, "a")  # refused at the first anchor


def test_object_constructing_tags_are_refused(tmp_path):
    p = only_problem(tmp_path, "title: !!python/object/apply:os.system [echo hi]\n")
    assert "not allowed" in p.message and (p.line, p.field) == (1, "title")


@pytest.mark.parametrize("tag", ["!!binary aGk=", "!!set {a, b}", "!custom x"])
def test_other_explicit_tags_are_refused(tmp_path, tag):
    assert "not allowed" in only_problem(tmp_path, f"title: {tag}\n").message


def test_bom_non_utf8_tabs_empty_and_non_mappings(tmp_path):
    assert "byte-order mark" in only_problem(tmp_path, b"\xef\xbb\xbfid: a\n").message
    p = only_problem(tmp_path, b"id: a\ntitle: caf\xe9\n")
    assert "not valid UTF-8" in p.message and (p.line, p.column) == (2, 11)
    p = only_problem(tmp_path, "id: a\nlinks:\n\tpaper: x\n")
    assert "tab" in p.message and p.line == 3
    assert "empty" in only_problem(tmp_path, "\n# nothing\n").message
    assert "empty" in only_problem(tmp_path, "").message
    assert "not a list" in only_problem(tmp_path, "- a\n- b\n").message
    assert "not a single value" in only_problem(tmp_path, "just text\n").message


def test_syntax_errors_report_their_line(tmp_path):
    p = only_problem(tmp_path, "id: a\ntitle: [unclosed\nyear: 2020\n")
    assert p.message.startswith("YAML syntax error") and p.line == 3


def test_two_documents_are_refused(tmp_path):
    p = only_problem(tmp_path, "id: a\n---\nid: b\n")
    assert "one YAML document" in p.message and p.line == 2


def test_files_over_the_size_limit_are_refused_unread(tmp_path):
    p = only_problem(tmp_path, "title: " + "x" * MAX_FILE_BYTES + "\n")
    assert "at most" in p.message


def test_non_string_keys_and_datetimes_are_refused(tmp_path):
    assert "keys must be plain field names" in only_problem(tmp_path, "1: a\n").message
    assert "keys must be plain field names" in only_problem(tmp_path, "? [a, b]\n: c\n").message
    p = only_problem(tmp_path, "a: [x, *ref]\n")
    assert "aliases" in p.message and (p.line, p.column, p.field) == (1, 8, "a.1")  # an alias, where it stands
    assert "without a time" in only_problem(tmp_path, "added: 2024-01-01 10:00:00\n").message
    assert "cannot read value" in only_problem(tmp_path, "added: 2024-13-45\n").message


def test_scan_keeps_yaml_records_and_explains_the_rest(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    for name in ("b.yaml", "a.yaml", "c.yml", ".hidden.yaml", "notes.txt", ".gitkeep"):
        (papers / name).write_text("id: x\n")
    (papers / "sub").mkdir()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("id: x\n")
    (papers / "link.yaml").symlink_to(outside)
    files, problems = scan(tmp_path, "data")
    assert [f.path.name for f in files] == ["a.yaml", "b.yaml"]
    found = {p.file.rsplit("/", 1)[-1]: (p.severity, p.message) for p in problems}
    assert found["c.yml"][0] == "error" and "rename it to c.yaml" in found["c.yml"][1]
    assert found["link.yaml"][0] == "error" and "outside the data folder" in found["link.yaml"][1]
    assert found[".hidden.yaml"][0] == found["notes.txt"][0] == found["sub"][0] == "warning"
    assert ".gitkeep" not in found


def test_a_symlink_inside_the_data_folder_is_followed(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "real.yaml").write_text("id: real\n")
    (tmp_path / "papers" / "alias.yaml").symlink_to(tmp_path / "papers" / "real.yaml")
    files, problems = scan(tmp_path, "data")
    assert [f.path.name for f in files] == ["alias.yaml", "real.yaml"] and not problems
