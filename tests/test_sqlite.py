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
