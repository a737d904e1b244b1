"""The command line: exit codes, error format, GitHub annotations, and the golden error list."""

import subprocess
import sys

from conftest import ROOT, run



def test_validate_passes_on_the_fixture_atlas(capsys, atlas_dir):
    code, out, err = run(capsys, "--data", str(atlas_dir), "validate")
    assert code == 0 and "OK: 9 records valid, 1 warning(s)." in err
    assert "warning: label_source: draft record" in out


def test_strict_validation_fails_on_warnings(capsys, atlas_dir):
    assert run(capsys, "--data", str(atlas_dir), "validate", "--strict")[0] == 1


def test_broken_catalogue_reports_every_error_as_the_golden_file_says(capsys, broken_dir, update_golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "--data", "tests/fixtures/broken", "validate")
    golden = ROOT / "tests" / "fixtures" / "broken.expected.txt"
    if update_golden:
        golden.write_text(out)
    assert code == 1
    assert out == golden.read_text()
    assert "Traceback" not in out + err
    expected_errors = sum(": warning: " not in line for line in out.splitlines())
    assert err.strip().startswith(f"{expected_errors} error(s) in 18 file(s), 3 warning(s)")
    for line in out.splitlines():  # path:line:column: field: message, or path: message for file-level problems
        assert line.startswith("tests/fixtures/broken/") and ": " in line


def test_github_format_annotates_file_and_line(capsys, broken_dir, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "--data", "tests/fixtures/broken", "validate", "--format", "github")
    lines = out.splitlines()
    assert code == 1
    assert "::error file=tests/fixtures/broken/papers/wrong-enum.yaml,line=5,col=11::subfield: 'VMF' is not one of LFM, VFM, BFM, MFM; did you mean VFM?" in lines
    assert any(line.startswith("::warning file=tests/fixtures/broken/papers/readme.txt::") for line in lines)


def test_usage_errors_exit_2_without_traceback(capsys, tmp_path):
    code, _, err = run(capsys, "--data", str(tmp_path / "missing"), "validate")
    assert code == 2 and "data folder not found" in err
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and "invalid choice" in err
    code, _, err = run(capsys, "build", "--config", str(tmp_path / "nope.yml"))
    assert code == 2 and "no MkDocs configuration" in err


def test_the_installed_entry_point_runs(atlas_dir):
    result = subprocess.run([sys.executable, "-m", "hfm_atlas", "--data", str(atlas_dir), "validate", "--quiet"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stdout == "" and "OK: 9 records valid" in result.stderr


def test_an_output_path_that_cannot_be_written_is_a_one_line_error(capsys, tmp_path, atlas_dir):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for args in (("schema", "--out", str(blocker / "schema")),
                 ("--data", str(atlas_dir), "import", "bibtex", str(ROOT / "tests/fixtures/import/messy.bib"), "--out", str(blocker / "x")),
                 ("--data", str(atlas_dir), "export", "csv", "-o", str(blocker / "papers.csv")),
                 ("--data", str(atlas_dir), "build", "--site-dir", str(blocker / "site"))):
        code, _, err = run(capsys, *args)
        assert code == 1 and "Traceback" not in err, args
        assert err.strip().splitlines()[-1].startswith(f"error: cannot write {blocker}/"), args
        assert err.strip().endswith(f"{blocker} is a file, not a folder"), args
    assert blocker.read_text() == "not a folder"
