"""The atlas as one SQLite database: a table per record type and link tables, for Datasette, DuckDB or pandas.

Built with the standard library's sqlite3 in memory and serialised, so the same catalogue gives
the same bytes (no file timestamps inside SQLite's format; rows inserted in id order).
"""

from __future__ import annotations

import sqlite3

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


def _v(value):
    return value.value if hasattr(value, "value") else value


def sqlite_bytes(catalogue: Catalogue) -> bytes:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    rows: dict[str, list[tuple]] = {}

    def add(table: str, *values) -> None:
        rows.setdefault(table, []).append(tuple(_v(v) for v in values))

    for a in catalogue.applications:
        add("applications", a.id, a.name, a.description)
    for d in catalogue.datasets:
        add("datasets", d.id, d.name, d.subfield, d.kind, d.description, d.scale, d.access, d.access_source.url if d.access_source else None,
            d.licence.name if d.licence else None, d.links.paper, d.links.download, d.added.isoformat())
        for m in d.modalities:
            add("dataset_modalities", d.id, m)
    for p in catalogue.papers:
        w, lic, par = p.weights, p.licence, p.parameters
        add("papers", p.id, p.title, p.short_name, p.year, p.venue, p.subfield, p.kind, int(p.in_survey),
            p.pretraining.paradigm if p.pretraining else None, p.label_source, p.backbone, p.summary, p.links.doi, p.links.arxiv,
            p.links.paper, p.links.code, w.status if w else None, w.source.url if w else None, lic.name if lic else None,
            lic.family if lic else None, lic.source.url if lic else None, "; ".join(par.sizes) if par else None,
            par.source.url if par else None, p.pretraining_data.scale if p.pretraining_data else None, p.added.isoformat())
        for i, name in enumerate(p.authors, 1):
            add("paper_authors", p.id, i, name)
        for m in p.pretraining.methods if p.pretraining else []:
            add("paper_pretraining_methods", p.id, m)
        for a in p.adaptation:
            add("paper_adaptation", p.id, a.paradigm, a.method)
        for m in p.modalities:
            add("paper_modalities", p.id, m)
        for a in p.applications:
            add("paper_applications", p.id, a)
        for c in p.challenges:
            add("paper_challenges", p.id, c)
        for name in p.base_models.names if p.base_models else []:
            add("paper_base_models", p.id, name)
        for u in p.datasets:
            for role in u.roles or [None]:
                add("paper_datasets", p.id, u.id, u.name, role, u.source.url if u.source else None, u.source.where if u.source else None)
    papers = {p.id for p in catalogue.papers}
    benchmarks = {b.id for b in catalogue.benchmarks}
    for b in catalogue.benchmarks:
        add("benchmarks", b.id, b.name, b.dataset, b.subfield, b.task, b.split, b.description, b.link, b.added.isoformat())
        for i, m in enumerate(b.metrics, 1):
            add("benchmark_metrics", b.id, i, m.id, m.name, m.direction, m.range[0], m.range[1], m.unit)
    for s in catalogue.result_sets:
        if s.paper not in papers:  # a subset export (e.g. one subfield) keeps only its papers' numbers
            continue
        for i, r in enumerate(s.results):
            if r.benchmark not in benchmarks:
                continue
            url, where = s.location(r)
            cot = None if r.setting.chain_of_thought is None else int(r.setting.chain_of_thought)
            add("results", s.id, i, s.paper, r.benchmark, r.method if r.method in papers else None,
                r.method_name or (r.method if r.method not in papers else None), r.variant, r.metric, r.value,
                r.setting.mode, r.setting.shots, cot, r.setting.ensemble, url, where)
    add("meta", "schema_version", SCHEMA_VERSION)
    for table, values in rows.items():
        db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(values[0]))})", values)
    db.commit()
    data = db.serialize()
    db.close()
    return data
