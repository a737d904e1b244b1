"""The atlas as one SQLite database: a table per record type and link tables, for Datasette, DuckDB or pandas.

Built with the standard library's sqlite3 in a temporary file of its own, which it reads back and
removes, so the same catalogue gives the same bytes (no file timestamps inside SQLite's format;
rows inserted in id order, in one transaction). A file, not a database in memory: at 100,000
papers the database is about 120 MB, and in memory it was held twice at the end (its pages and
their serialised copy), the exporter's largest moment.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator

from .catalogue import Catalogue
from .models import SCHEMA_VERSION

SCHEMA = """
CREATE TABLE papers (id TEXT PRIMARY KEY, title TEXT NOT NULL, short_name TEXT, year INTEGER NOT NULL, venue TEXT,
  subfield TEXT, kind TEXT NOT NULL, in_survey INTEGER NOT NULL, pretraining TEXT, label_source TEXT, backbone TEXT,
  summary TEXT, doi TEXT, arxiv TEXT, paper_url TEXT, code_url TEXT, weights TEXT, weights_source TEXT,
  licence TEXT, licence_family TEXT, licence_source TEXT, parameters TEXT, parameters_source TEXT,
  training_data TEXT, added TEXT NOT NULL);
CREATE TABLE paper_authors (paper_id TEXT NOT NULL REFERENCES papers(id), position INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE paper_pretraining_methods (paper_id TEXT NOT NULL REFERENCES papers(id), method TEXT NOT NULL);
CREATE TABLE paper_adaptation (paper_id TEXT NOT NULL REFERENCES papers(id), paradigm TEXT NOT NULL, method TEXT);
CREATE TABLE paper_modalities (paper_id TEXT NOT NULL REFERENCES papers(id), modality TEXT NOT NULL);
CREATE TABLE paper_applications (paper_id TEXT NOT NULL REFERENCES papers(id), application_id TEXT NOT NULL REFERENCES applications(id));
CREATE TABLE paper_challenges (paper_id TEXT NOT NULL REFERENCES papers(id), challenge TEXT NOT NULL);
CREATE TABLE paper_base_models (paper_id TEXT NOT NULL REFERENCES papers(id), name TEXT NOT NULL);
CREATE TABLE paper_datasets (paper_id TEXT NOT NULL REFERENCES papers(id), dataset_id TEXT REFERENCES datasets(id),
  name TEXT, role TEXT, source_url TEXT, source_where TEXT);
CREATE TABLE datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, subfield TEXT, kind TEXT NOT NULL, description TEXT,
  scale TEXT, access TEXT NOT NULL, access_source TEXT, licence TEXT, paper_url TEXT, download_url TEXT, added TEXT NOT NULL);
CREATE TABLE dataset_modalities (dataset_id TEXT NOT NULL REFERENCES datasets(id), modality TEXT NOT NULL);
CREATE TABLE applications (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL);
CREATE TABLE benchmarks (id TEXT PRIMARY KEY, name TEXT NOT NULL, dataset_id TEXT NOT NULL REFERENCES datasets(id), subfield TEXT NOT NULL,
  task TEXT NOT NULL, split TEXT, description TEXT, link TEXT, added TEXT NOT NULL);
CREATE TABLE benchmark_metrics (benchmark_id TEXT NOT NULL REFERENCES benchmarks(id), position INTEGER NOT NULL, metric TEXT NOT NULL,
  name TEXT NOT NULL, direction TEXT NOT NULL, range_low REAL NOT NULL, range_high REAL NOT NULL, unit TEXT);
CREATE TABLE results (result_set TEXT NOT NULL, position INTEGER NOT NULL, reported_by TEXT NOT NULL REFERENCES papers(id),
  benchmark_id TEXT NOT NULL REFERENCES benchmarks(id), method_id TEXT REFERENCES papers(id), method_name TEXT, variant TEXT,
  metric TEXT NOT NULL, value REAL NOT NULL, setting TEXT NOT NULL, shots INTEGER, chain_of_thought INTEGER, ensemble TEXT,
  source_url TEXT NOT NULL, source_where TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _tables(catalogue: Catalogue) -> Iterator[tuple[str, Iterator[tuple]]]:
    """Each table with its rows, made as they are inserted: no list of every row is held (at 100,000 papers
    about 1.5 million rows). Tables in a fixed order, rows in id order."""
    apps, datasets, papers = catalogue.applications, catalogue.datasets, catalogue.papers
    yield "applications", ((a.id, a.name, a.description) for a in apps)
    yield "datasets", ((d.id, d.name, d.subfield, d.kind, d.description, d.scale, d.access,
                        d.access_source.url if d.access_source else None, d.licence.name if d.licence else None,
                        d.links.paper, d.links.download, d.added.isoformat()) for d in datasets)
    yield "dataset_modalities", ((d.id, m) for d in datasets for m in d.modalities)

    def paper_row(p) -> tuple:
        w, lic, par = p.weights, p.licence, p.parameters
        return (p.id, p.title, p.short_name, p.year, p.venue, p.subfield, p.kind, int(p.in_survey),
                p.pretraining.paradigm if p.pretraining else None, p.label_source, p.backbone, p.summary, p.links.doi, p.links.arxiv,
                p.links.paper, p.links.code, w.status if w else None, w.source.url if w else None, lic.name if lic else None,
                lic.family if lic else None, lic.source.url if lic else None, "; ".join(par.sizes) if par else None,
                par.source.url if par else None, p.pretraining_data.scale if p.pretraining_data else None, p.added.isoformat())

    yield "papers", (paper_row(p) for p in papers)
    yield "paper_authors", ((p.id, i, name) for p in papers for i, name in enumerate(p.authors, 1))
    yield "paper_pretraining_methods", ((p.id, m) for p in papers for m in (p.pretraining.methods if p.pretraining else []))
    yield "paper_adaptation", ((p.id, a.paradigm, a.method) for p in papers for a in p.adaptation)
    yield "paper_modalities", ((p.id, m) for p in papers for m in p.modalities)
    yield "paper_applications", ((p.id, a) for p in papers for a in p.applications)
    yield "paper_challenges", ((p.id, c) for p in papers for c in p.challenges)
    yield "paper_base_models", ((p.id, name) for p in papers for name in (p.base_models.names if p.base_models else []))
    yield "paper_datasets", ((p.id, u.id, u.name, role, u.source.url if u.source else None, u.source.where if u.source else None)
                             for p in papers for u in p.datasets for role in u.roles or [None])
    ids = {p.id for p in papers}
    benchmarks = {b.id for b in catalogue.benchmarks}
    yield "benchmarks", ((b.id, b.name, b.dataset, b.subfield, b.task, b.split, b.description, b.link, b.added.isoformat())
                         for b in catalogue.benchmarks)
    yield "benchmark_metrics", ((b.id, i, m.id, m.name, m.direction, m.range[0], m.range[1], m.unit)
                                for b in catalogue.benchmarks for i, m in enumerate(b.metrics, 1))

    def result_rows() -> Iterator[tuple]:
        for s in catalogue.result_sets:
            if s.paper not in ids:  # a subset export (e.g. one subfield) keeps only its papers' numbers
                continue
            for i, r in enumerate(s.results):
                if r.benchmark not in benchmarks:
                    continue
                url, where = s.location(r)
                cot = None if r.setting.chain_of_thought is None else int(r.setting.chain_of_thought)
                yield (s.id, i, s.paper, r.benchmark, r.method if r.method in ids else None,
                       r.method_name or (r.method if r.method not in ids else None), r.variant, r.metric, r.value,
                       r.setting.mode, r.setting.shots, cot, r.setting.ensemble, url, where)

    yield "results", result_rows()
    yield "meta", iter([("schema_version", SCHEMA_VERSION)])


def sqlite_bytes(catalogue: Catalogue) -> bytes:
    return b"".join(sqlite_pieces(catalogue))


def sqlite_pieces(catalogue: Catalogue, size: int = 1 << 20) -> Iterator[bytes]:
    """The database file's bytes in pieces of `size`, made when the first is asked for."""
    with tempfile.TemporaryDirectory(prefix="hfm-atlas-sqlite-") as folder:
        path = os.path.join(folder, "atlas.sqlite")
        db = sqlite3.connect(path)
        try:
            db.execute("PRAGMA journal_mode=OFF")  # a scratch file: nothing to roll back to
            db.execute("PRAGMA synchronous=OFF")
            db.executescript(SCHEMA)
            for table, rows in _tables(catalogue):
                columns = len(db.execute(f"SELECT * FROM {table} LIMIT 0").description)
                # Vocabulary terms go in as they are: a term is a str whose text is its value (StrEnum).
                db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * columns)})", rows)
            db.commit()
        finally:
            db.close()
        with open(path, "rb") as file:
            while piece := file.read(size):
                yield piece
