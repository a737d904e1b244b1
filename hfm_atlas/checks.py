"""Checks across the catalogue: references resolve, ids match file names, one work has one record."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from .errors import did_you_mean
from .identifiers import normalize_title
from .models import Dataset, LabelSource, Paper
from .results import Benchmark, ResultSet
from .problems import Problem
from .records import Entry


RESERVED_DATASET_IDS = {"explorer", "index"}  # datasets/explorer/ and datasets/ are pages of their own


def check_catalogue(entries: list[Entry], today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        ids[e.file.kind].add(e.record.id)
        if e.record.id != e.file.stem:
            problems.append(e.problem(("id",), f"id {e.record.id!r} differs from the file name {e.file.name!r}; "
                                      f"rename the file to {e.record.id}.yaml or set id: {e.file.stem}"))
    for e in entries:
        record = e.record
        if isinstance(record, Paper):
            problems.extend(_check_paper(e, record, ids, today))
        elif isinstance(record, (Dataset, Benchmark, ResultSet)) and record.added > today:
            problems.append(e.problem(("added",), f"date {record.added} is in the future"))
        if isinstance(record, Dataset) and record.id in RESERVED_DATASET_IDS:
            problems.append(e.problem(("id",), f"id {record.id!r} is taken by a page of the site (datasets/{record.id}/); choose another"))
        if isinstance(record, Benchmark) and record.dataset not in ids["datasets"]:
            problems.append(e.problem(("dataset",), f"no dataset with id {record.dataset!r} (data/datasets/{record.dataset}.yaml)"
                                      f"{did_you_mean(record.dataset, ids['datasets'])}"))
    problems.extend(_check_results(entries, ids))
    problems.extend(_duplicates([e for e in entries if isinstance(e.record, Paper)], _paper_keys))
    problems.extend(_duplicates([e for e in entries if isinstance(e.record, Dataset)], _dataset_keys))
    return problems


def _check_paper(e: Entry, paper: Paper, ids: dict[str, set[str]], today: dt.date) -> list[Problem]:
    found: list[Problem] = []
    references = [(("applications", i), "applications", ref) for i, ref in enumerate(paper.applications)]
    references += [(("datasets", i, "id"), "datasets", use.id) for i, use in enumerate(paper.datasets) if use.id]
    if paper.base_models:
        references += [(("base_models", "papers", i), "papers", ref) for i, ref in enumerate(paper.base_models.papers)]
    for path, kind, ref in references:
        if ref not in ids[kind]:
            found.append(e.problem(path, f"no {kind[:-1]} with id {ref!r} (data/{kind}/{ref}.yaml){did_you_mean(ref, ids[kind])}"))
    lists = {name: getattr(paper, name) for name in ("applications", "challenges", "modalities", "tasks", "authors")}
    lists["datasets"] = [use.id or use.name for use in paper.datasets]
    for field_name, values in lists.items():
        if len(values) != len(set(values)):
            found.append(e.problem((field_name,), "lists the same value twice"))
    if paper.added > today:
        found.append(e.problem(("added",), f"date {paper.added} is in the future"))
    if paper.year is None:
        found.append(e.problem(("year",), "draft without a year: the site leaves it out until the year is filled in", "warning"))
    elif paper.year > today.year + 1:
        found.append(e.problem(("year",), f"year {paper.year} is in the future"))
    if paper.label_source is LabelSource.DRAFT:
        found.append(e.problem(("label_source",), "draft record: its paradigm labels need a person's review", "warning"))
    return found


def _paper_keys(record: Any) -> list[tuple[tuple, str, str]]:
    keys = [(("title",), "title", normalize_title(record.title))]
    if record.links.doi:
        keys.append((("links", "doi"), "DOI", record.links.doi.lower()))
    if record.links.arxiv:
        keys.append((("links", "arxiv"), "arXiv id", record.links.arxiv))
    return keys


def _dataset_keys(record: Any) -> list[tuple[tuple, str, str]]:
    return [(("name",), "name", normalize_title(record.name))]


def _duplicates(entries: list[Entry], keys_of) -> list[Problem]:
    """Records that share a DOI, an arXiv id or a normalised title/name: one work, two files."""
    first: dict[tuple[str, str], Entry] = {}
    found: list[Problem] = []
    for e in entries:
        for path, label, key in keys_of(e.record):
            if not key:  # a title of only non-Latin characters has no normalised form to compare
                continue
            other = first.setdefault((label, key), e)
            if other is not e:
                found.append(e.problem(path, f"same {label} as {other.file.shown_as}; one work needs one record"))
    return found


def _check_results(entries: list[Entry], ids: dict[str, set[str]]) -> list[Problem]:
    """Each number resolves (paper, method, benchmark, metric), lies in its metric's range, says where it
    was read, and is not contradicted by another entry for the same paper, method, benchmark and setting."""
    found: list[Problem] = []
    benchmarks = {e.record.id: e.record for e in entries if isinstance(e.record, Benchmark)}
    seen: dict[tuple, tuple[Entry, int, float]] = {}
    for e in entries:
        rs = e.record
        if not isinstance(rs, ResultSet):
            continue
        if rs.paper not in ids["papers"]:
            found.append(e.problem(("paper",), f"no paper with id {rs.paper!r} (data/papers/{rs.paper}.yaml){did_you_mean(rs.paper, ids['papers'])}"))
        for i, r in enumerate(rs.results):
            at = ("results", i)
            if r.method is not None and r.method not in ids["papers"]:
                found.append(e.problem((*at, "method"), f"no paper with id {r.method!r}{did_you_mean(r.method, ids['papers'])}; "
                                       "for a method the atlas lacks, write method_name instead"))
            if rs.source.where is None and r.where is None:
                found.append(e.problem((*at, "where"), "no location: say where the number is printed (Table 3, Figure 2, abstract, model card), "
                                       "here or in source.where"))
            bench = benchmarks.get(r.benchmark)
            if bench is None:
                found.append(e.problem((*at, "benchmark"), f"no benchmark with id {r.benchmark!r} (data/benchmarks/{r.benchmark}.yaml)"
                                       f"{did_you_mean(r.benchmark, ids['benchmarks'])}"))
                continue
            metric = bench.metric(r.metric)
            if metric is None:
                found.append(e.problem((*at, "metric"), f"{r.metric!r} is not a metric of benchmark {bench.id}; "
                                       f"its metrics: {', '.join(m.id for m in bench.metrics)}"))
                continue
            low, high = metric.range
            if not low <= r.value <= high:
                found.append(e.problem((*at, "value"), f"{r.value:g} is outside the range of {metric.name} on {bench.id} "
                                       f"[{low:g}, {high:g}]{' ' + metric.unit if metric.unit else ''}; copy the number in the benchmark's unit"))
            who = r.method or f"name:{r.method_name.casefold()}"  # type: ignore[union-attr]
            key = (rs.paper, who, (r.variant or "").casefold(), r.benchmark, r.metric, r.setting.key)
            first = seen.get(key)
            if first is None:
                seen[key] = (e, i, r.value)
            elif first[2] != r.value:
                found.append(e.problem((*at, "value"), f"conflicts with {first[0].file.shown_as} results[{first[1]}] ({first[2]:g}): the same paper, "
                                       "method, variant, benchmark, metric and setting can have one value; tell them apart by variant or setting"))
            else:
                found.append(e.problem((*at,), f"repeats {first[0].file.shown_as} results[{first[1]}]; give each number once", "warning"))
    return found
