"""The cache of validated records between runs (hfm_atlas/cache.py): a second run reads only what changed, says exactly
what the first said, and never trusts, keeps or removes what it should not."""

from __future__ import annotations

import os
import pickle
import shutil
import time

import pytest
from conftest import FIXTURES, PAPER, run, write_records
from hypothesis import given, settings
from hypothesis import strategies as st

from hfm_atlas import cache, validate
from hfm_atlas.records import scan


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "FRESH_S", -1.0)  # the files were just written: trust them at once
    monkeypatch.setattr(validate, "CHUNK", 2)  # several chunks even in the fixture catalogue
    monkeypatch.setenv("HFM_ATLAS_CACHE", str(tmp_path / "cache"))
    shutil.copytree(FIXTURES / "atlas", tmp_path / "data")
    shutil.copy(FIXTURES / "broken" / "papers" / "wrong-enum.yaml", tmp_path / "data" / "papers")  # a file with an error, cached too
    return tmp_path / "data"


def shards(tmp_path) -> dict[str, float]:
    return {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*.pickle")}


def validate_twice(data, capsys) -> tuple[tuple, tuple]:
    return run(capsys, "--data", str(data), "validate"), run(capsys, "--data", str(data), "validate")


def test_a_second_run_reads_the_cache_and_says_exactly_what_the_first_said(data, tmp_path, capsys, monkeypatch):
    first = run(capsys, "--data", str(data), "validate")
    kept = shards(tmp_path)
    assert first[0] == 1 and "wrong-enum.yaml" in first[1] and len(kept) >= 2
    read = []
    real = validate._validate_files
    monkeypatch.setattr(validate, "_validate_files", lambda files: read.extend(files) or real(files))
    assert run(capsys, "--data", str(data), "validate") == first
    assert read == [] and shards(tmp_path).keys() == kept.keys()  # nothing read again, nothing new written
    uncached = run(capsys, "--no-cache", "--data", str(data), "validate")
    assert uncached == first and len(read) == len(scan(data, "data")[0])


def test_an_edit_a_new_file_and_a_removal_are_seen_and_only_their_chunks_read_again(data, tmp_path, capsys, monkeypatch):
    run(capsys, "--data", str(data), "validate")
    read: list[str] = []
    real = validate._validate_files
    monkeypatch.setattr(validate, "_validate_files", lambda files: read.extend(f.name for f in files) or real(files))
    path = data / "papers" / "medsam.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("venue:", "venue: NotAVenue\nvenue_was:"), encoding="utf-8")
    code, out, _ = run(capsys, "--data", str(data), "validate")
    assert code == 1 and "medsam.yaml" in out and "venue_was" in out
    assert "medsam.yaml" in read and len(read) < len(scan(data, "data")[0])
    (data / "papers" / "wrong-enum.yaml").unlink()
    write_records(data, papers={"added-later": PAPER.format(id="added-later", title="Added later")})
    code, out, _ = run(capsys, "--data", str(data), "validate")
    assert "wrong-enum.yaml" not in out and "added-later" not in out
    assert run(capsys, "--no-cache", "--data", str(data), "validate")[:2] == (code, out)


def test_a_torn_or_foreign_shard_is_a_miss_not_a_failure(data, tmp_path, capsys):
    first = run(capsys, "--data", str(data), "validate")
    paths = sorted((tmp_path / "cache").rglob("*.pickle"))
    paths[0].write_bytes(paths[0].read_bytes()[:20])  # torn
    paths[1].write_bytes(pickle.dumps({"not": "a chunk"}))
    assert run(capsys, "--data", str(data), "validate") == first


def test_code_or_library_changes_give_other_keys(data, tmp_path, capsys, monkeypatch):
    run(capsys, "--data", str(data), "validate")
    before = set(shards(tmp_path))
    monkeypatch.setattr(cache, "code_digest", lambda: b"another version of the package")
    run(capsys, "--data", str(data), "validate")
    assert before and not before & (set(shards(tmp_path)) - before) and len(shards(tmp_path)) == 2 * len(before)


def test_files_changed_moments_ago_are_not_cached_yet(data, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cache, "FRESH_S", 3600.0)
    run(capsys, "--data", str(data), "validate")
    assert shards(tmp_path) == {}


def test_off_and_no_cache_write_nothing(data, tmp_path, capsys, monkeypatch):
    run(capsys, "--no-cache", "--data", str(data), "validate")
    monkeypatch.setenv("HFM_ATLAS_CACHE", "off")
    run(capsys, "--data", str(data), "validate")
    assert not (tmp_path / "cache").exists()


def test_a_cache_folder_others_may_write_to_is_not_trusted(data, tmp_path, capsys):
    (tmp_path / "cache").mkdir(mode=0o700)
    os.chmod(tmp_path / "cache", 0o777)
    first = run(capsys, "--data", str(data), "validate")
    assert shards(tmp_path) == {} and run(capsys, "--data", str(data), "validate") == first


def test_an_unwritable_cache_does_not_stop_a_run(data, tmp_path, capsys):
    first = run(capsys, "--no-cache", "--data", str(data), "validate")
    (tmp_path / "cache").write_text("a file where the folder would be")
    assert run(capsys, "--data", str(data), "validate") == first


def test_clean_up_removes_only_old_shards_and_leftovers_of_its_own(data, tmp_path, capsys):
    run(capsys, "--data", str(data), "validate")
    (folder,) = (tmp_path / "cache").iterdir()
    old = time.time() - cache.PRUNE_AFTER_S - 60
    stale, leftover, other = folder / ("0" * 32 + ".pickle"), folder / ".tmp-abc", folder / "notes.txt"
    for path in (stale, leftover, other):
        path.write_bytes(b"x")
        os.utime(path, (old, old))
    used = shards(tmp_path)
    run(capsys, "--data", str(data), "validate")
    assert not stale.exists() and not leftover.exists() and other.exists()
    assert set(shards(tmp_path)) == set(used) - {stale.name}


def test_a_build_from_the_cache_writes_the_same_site(data, tmp_path, capsys, monkeypatch):
    from conftest import digest

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # the exports' generated_at

    assert run(capsys, "--no-cache", "--data", str(data), "build", "--site-dir", str(tmp_path / "a"))[0] == 1  # the broken record
    (data / "papers" / "wrong-enum.yaml").unlink()
    run(capsys, "--data", str(data), "build", "--site-dir", str(tmp_path / "a"))
    assert shards(tmp_path)
    run(capsys, "--data", str(data), "build", "--site-dir", str(tmp_path / "b"))
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=60, unique=True),
       added=st.from_regex(r"[a-z]{1,8}", fullmatch=True))
def test_adding_a_file_changes_one_chunk_only(names, added):
    from hfm_atlas.records import RecordFile

    def chunks(of):
        files = [RecordFile("papers", "f", f"{n}.yaml", "f") for n in sorted(of)]
        return [tuple(f.name for f in chunk) for chunk in validate._chunks(files)]

    every, validate.CHUNK = validate.CHUNK, 3  # many chunks of a few names
    try:
        old_chunks, new_chunks = chunks(names), chunks(set(names) | {added})
    finally:
        validate.CHUNK = every
    assert [name for chunk in new_chunks for name in chunk] == sorted(f"{n}.yaml" for n in set(names) | {added})
    if added not in names:  # only chunks of the run of names between the two boundaries around it can change
        ordered = sorted(f"{n}.yaml" for n in set(names) | {added})
        at = ordered.index(f"{added}.yaml")
        ends = [i for i, name in enumerate(ordered) if cache.boundary("papers", name, 3)]
        low = max([i for i in ends if i < at], default=-1)
        high = min([i for i in ends if i > at], default=len(ordered))  # if it is a boundary itself, it splits its old chunk
        affected = set(ordered[low + 1:high + 1])
        assert all(set(chunk) & affected for chunk in set(new_chunks) - set(old_chunks))
        assert len(set(new_chunks) - set(old_chunks)) <= 2 + len(affected) // 12  # two when it ends a chunk itself
