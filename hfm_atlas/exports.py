"""Whole-catalogue exports: selection by filters, the static JSON API, and the files the site serves."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .bibliography import bibtex_pieces, csl_item, csv_chunks, to_bibtex, to_csv
from .catalogue import Catalogue
from .explorer import compact_json
from .feed import atom_feed
from .files import Content, joined
from .models import SCHEMA_VERSION, Paper
from .results import results_csv

FORMATS = ("bibtex", "csljson", "csv", "json", "sqlite")


@dataclass(frozen=True)
class Filters:
    subfield: str | None = None
    pretraining: str | None = None
    adaptation: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None

    def keep(self, p: Paper) -> bool:
        return ((self.subfield is None or p.subfield == self.subfield)
                and (self.pretraining is None or (p.pretraining is not None and p.pretraining.paradigm == self.pretraining))
                and (self.adaptation is None or any(a.paradigm == self.adaptation for a in p.adaptation))
                and (self.year_from is None or p.year >= self.year_from)
                and (self.year_to is None or p.year <= self.year_to)
                and (self.kind is None or p.kind == self.kind))


def select(catalogue: Catalogue, filters: Filters = Filters()) -> list[Paper]:
    """The papers that pass the filters, in id order (the order of every export)."""
    return [p for p in catalogue.papers if filters.keep(p)]


def build_time() -> dt.datetime:
    """The build's timestamp: SOURCE_DATE_EPOCH when set (reproducible builds), else now; UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0)


def _json_list(items: Iterable[object], head: str = "[", tail: str = "]\n", encode: Callable[[object], str] = compact_json) -> Iterator[str]:
    """The compact JSON of list(items) and a line break, in pieces, one item at a time: no list of every record's dict is held
    (at 100,000 papers the API's papers were 128 MB of JSON, several times that as Python objects)."""
    yield head
    for number, item in enumerate(items):
        yield ("," if number else "") + encode(item)
    yield tail


@functools.cache
def _without_floats(model: type) -> bool:
    """True when no field of `model`, nested ones included, can hold a float: its JSON schema has no "number".
    pydantic writes such a record's JSON itself, byte for byte what compact_json writes of its model_dump
    (tests/test_compressed_downloads.py holds that), in half the time. A float could be written otherwise
    (1e-07 in Python, 1e-7 in pydantic), so records with one go through compact_json (benchmarks, results)."""
    return '"number"' not in compact_json(model.model_json_schema())


def _record_json(record) -> str:
    return record.model_dump_json(exclude_none=True).replace("<", "\\u003c")


def _record_dict(record) -> dict:
    return record.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


def api_chunks(kind: str, records: list, generated_at: dt.datetime) -> Iterator[str]:
    """One file of the static JSON API in pieces: schema version, generation time, total, then the records as validated."""
    envelope = compact_json({
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at.isoformat().replace("+00:00", "Z"),
        "total": len(records),
        kind: [],
    })
    assert envelope.endswith("[]}")
    if records and _without_floats(type(records[0])):  # the records of one file are of one type
        return _json_list(records, envelope[:-2], "]}\n", _record_json)
    return _json_list(map(_record_dict, records), envelope[:-2], "]}\n")


def api_document(kind: str, records: list, generated_at: dt.datetime) -> str:
    """One file of the static JSON API, whole (api_chunks)."""
    return "".join(api_chunks(kind, records, generated_at))


def export(fmt: str, papers: list[Paper], generated_at: dt.datetime | None = None) -> str:
    if fmt == "bibtex":
        return to_bibtex(papers)
    if fmt == "csljson":
        return "".join(_json_list(csl_item(p) for p in papers))
    if fmt == "csv":
        return to_csv(papers)
    if fmt == "json":
        return api_document("papers", papers, generated_at or build_time())
    raise ValueError(f"unknown export format {fmt!r}")


def site_files(catalogue: Catalogue, generated_at: dt.datetime, bibtex: dict[str, str] | None = None,
               site_url: str = "") -> dict[str, str]:
    """The downloads, the JSON API and the feed the site serves, path -> text."""
    return {path: joined(content) for path, content in site_file_items(catalogue, generated_at, bibtex, site_url)}


def site_file_items(catalogue: Catalogue, generated_at: dt.datetime, bibtex: dict[str, str] | None = None,
                    site_url: str = "") -> Iterator[tuple[str, Content]]:
    """site_files one at a time, each computed only when asked for: a writer holds one file at once
    (at 100,000 papers they are about 600 MB of text together)."""
    yield "feed.xml", atom_feed(catalogue, site_url)
    yield "downloads/hfm-atlas.bib", "\n".join(bibtex[p.id] for p in catalogue.papers) if bibtex else bibtex_pieces(catalogue.papers)
    yield "downloads/hfm-atlas.csl.json", _json_list(csl_item(p) for p in catalogue.papers)
    yield "downloads/hfm-atlas.csv", csv_chunks(catalogue.papers)
    yield "api/papers.json", api_chunks("papers", catalogue.papers, generated_at)
    yield "api/datasets.json", api_chunks("datasets", catalogue.datasets, generated_at)
    yield "api/applications.json", api_chunks("applications", catalogue.applications, generated_at)
    yield "api/benchmarks.json", api_chunks("benchmarks", catalogue.benchmarks, generated_at)
    yield "api/results.json", api_chunks("results", catalogue.result_sets, generated_at)
    yield "downloads/hfm-atlas-results.csv", results_csv(catalogue.benchmark_by_id, catalogue.result_sets)
