"""The SQLite export: a table per record type and link tables, the same bytes for the same records."""

from __future__ import annotations

import sqlite3

from conftest import ROOT, run

from hfm_atlas.validate import load_catalogue


def test_the_sqlite_export_holds_every_record_and_link_and_is_reproducible(tmp_path, capsys):
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for path in (first, second):
        assert run(capsys, "--data", str(ROOT / "data"), "export", "sqlite", "-o", str(path))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    catalogue, _ = load_catalogue(ROOT / "data")
    db = sqlite3.connect(first)
    assert db.execute("SELECT count(*) FROM papers").fetchone()[0] == len(catalogue.papers)
    assert db.execute("SELECT count(*) FROM datasets").fetchone()[0] == len(catalogue.datasets)
    assert db.execute("SELECT count(*) FROM paper_authors").fetchone()[0] == sum(len(p.authors) for p in catalogue.papers)
    open_weights = sum(1 for p in catalogue.papers if p.weights and p.weights.status == "open")
    assert db.execute("SELECT count(*) FROM papers WHERE weights = 'open'").fetchone()[0] == open_weights
    # a join a reader would write: papers that pre-trained on MIMIC-CXR
    pretrained = {p.id for p in catalogue.papers for u in p.datasets if u.id == "mimic-cxr" and "pretrain" in u.roles}
    rows = db.execute("SELECT paper_id FROM paper_datasets WHERE dataset_id = 'mimic-cxr' AND role = 'pretrain'").fetchall()
    assert {r[0] for r in rows} == pretrained and pretrained


def test_sqlite_needs_a_file(capsys):
    code, _, err = run(capsys, "--data", str(ROOT / "data"), "export", "sqlite")
    assert code == 2 and "give it with -o FILE.sqlite" in err


def test_the_site_serves_the_database(built_site):
    db = sqlite3.connect(built_site / "downloads" / "hfm-atlas.sqlite")
    assert db.execute("SELECT count(*) FROM papers").fetchone()[0] == 3


def test_the_database_is_made_in_a_scratch_file_that_is_removed_even_when_it_is_not_read_to_the_end(tmp_path, monkeypatch):
    import tempfile

    from hfm_atlas.sqlite_export import sqlite_bytes, sqlite_pieces

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    catalogue, _ = load_catalogue(ROOT / "data")
    whole = sqlite_bytes(catalogue)
    pieces = list(sqlite_pieces(catalogue, size=4096))
    assert len(pieces) > 10 and b"".join(pieces) == whole and whole.startswith(b"SQLite format 3\x00")
    assert list(tmp_path.iterdir()) == []
    started = sqlite_pieces(catalogue, size=4096)
    next(started)
    assert len(list(tmp_path.iterdir())) == 1  # the scratch folder, while the bytes are being read
    started.close()
    assert list(tmp_path.iterdir()) == []
