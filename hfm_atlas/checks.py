"""Checks across the catalogue: references resolve, ids match file names, one work has one record."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .errors import did_you_mean
from .identifiers import normalize_title
from .models import Dataset, LabelSource, Paper
from .results import Benchmark, ResultSet
from .problems import Problem, Severity
from .records import Entry, RecordFile


RESERVED_DATASET_IDS = {"explorer", "index"}  # datasets/explorer/ and datasets/ are pages of their own


@dataclass(slots=True)
class Facts:
    """What the catalogue checks need of one valid record, found where it was validated.

    `record_facts` makes them from the record alone, so that each process of a parallel load checks its
    own records; `check_facts` then needs only these, not the records: `hfm-atlas validate` keeps no
    record after its facts are made. Today's date is left to `check_facts` (a date is in the future or not
    on the day of the check)."""

    id: str  # the record's (its kind is its file's)
    problems: list[Problem]  # found in the record alone
    added: dt.date | None  # the date checked against today (papers, datasets, benchmarks, result sets)
    year: int | None  # a paper's year (None for a draft, and for other kinds)
    references: list[tuple[tuple, str, str]]  # (field path, kind, id) of each record it names
    keys: list[tuple[tuple, str, str]]  # (field path, label, key) under which one work has one record
    record: Benchmark | ResultSet | None = None  # the results checks read these whole


def record_facts(e: Entry) -> Facts:
    record = e.record
    problems: list[Problem] = []
    if record.id != e.file.stem:
        problems.append(e.problem(("id",), f"id {record.id!r} differs from the file name {e.file.name!r}; "
                                  f"rename the file to {record.id}.yaml or set id: {e.file.stem}"))
    facts = Facts(record.id, problems, None, None, [], [])
    if isinstance(record, Paper):
        _paper_facts(e, record, facts)
    elif isinstance(record, Dataset):
        facts.added = record.added
        facts.keys = _dataset_keys(record)
        if record.id in RESERVED_DATASET_IDS:
            problems.append(e.problem(("id",), f"id {record.id!r} is taken by a page of the site (datasets/{record.id}/); choose another"))
    elif isinstance(record, (Benchmark, ResultSet)):
        facts.added, facts.record = record.added, record
        if isinstance(record, Benchmark):
            facts.references = [(("dataset",), "datasets", record.dataset)]
    return facts


def _paper_facts(e: Entry, paper: Paper, facts: Facts) -> None:
    facts.added, facts.year, facts.keys = paper.added, paper.year, _paper_keys(paper)
    references = [(("applications", i), "applications", ref) for i, ref in enumerate(paper.applications)]
    references += [(("datasets", i, "id"), "datasets", use.id) for i, use in enumerate(paper.datasets) if use.id]
    if paper.base_models:
        references += [(("base_models", "papers", i), "papers", ref) for i, ref in enumerate(paper.base_models.papers)]
    facts.references = references
    found = facts.problems
    for field_name in ("applications", "challenges", "modalities", "tasks", "authors"):
        values = getattr(paper, field_name)
        if len(values) != len(set(values)):
            found.append(e.problem((field_name,), "lists the same value twice"))
    used = [use.id or use.name for use in paper.datasets]
    if len(used) != len(set(used)):
        found.append(e.problem(("datasets",), "lists the same value twice"))
    if paper.year is None:
        found.append(e.problem(("year",), "draft without a year: the site leaves it out until the year is filled in", "warning"))
    if paper.label_source is LabelSource.DRAFT:
        found.append(e.problem(("label_source",), "draft record: its paradigm labels need a person's review", "warning"))


def check_catalogue(entries: list[Entry], today: dt.date) -> list[Problem]:
    """Every problem of the catalogue's checks, for records held in memory (the build)."""
    ids = ids_of((e.file.kind, e.record.id) for e in entries)
    return check_facts(lambda i: (entries[i].file, record_facts(entries[i])), len(entries), ids, today)


def ids_of(kinds_and_ids: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = defaultdict(set)
    for kind, id_ in kinds_and_ids:
        ids[kind].add(id_)
    return ids


def check_facts(facts_at: Callable[[int], tuple[RecordFile, Facts]], count: int, ids: dict[str, set[str]],
                today: dt.date) -> list[Problem]:
    """The problems of the catalogue as a whole (ids: every valid record's id, by kind), and each record's own.

    facts_at(i) gives the i-th of `count` records' file and facts; it may make them when asked (the build does):
    each record's facts are used and let go. To find a second record of one work, only the hash of each key
    is kept, with the index of its record; a hash seen again is checked against that record's key itself
    (with the keys themselves, normalised titles mostly, the checks added about 40 MB to loading's high-water
    mark at 100,000 synthetic papers; with hashes, 23-34 MB in three runs)."""
    problems: list[Problem] = []
    located: dict[RecordFile, Entry] = {}

    def problem(file: RecordFile, path: tuple, message: str, severity: Severity = "error") -> Problem:
        entry = located.get(file)  # a file is read again (for positions) once, however many problems it has
        if entry is None:
            entry = located[file] = Entry(file, None)  # type: ignore[arg-type]
        return entry.problem(path, message, severity)

    first: dict[int, int] = {}  # hash of (kind, label, key) -> the index of the first record with it
    exact: dict[int, dict[tuple[str, str, str], int]] = {}  # for a hash seen twice: each key with it -> its first record
    benchmarks: dict[str, Benchmark] = {}
    result_sets: list[tuple[RecordFile, ResultSet]] = []
    for i in range(count):
        file, f = facts_at(i)
        problems.extend(f.problems)
        if f.added is not None and f.added > today:
            problems.append(problem(file, ("added",), f"date {f.added} is in the future"))
        if f.year is not None and f.year > today.year + 1:
            problems.append(problem(file, ("year",), f"year {f.year} is in the future"))
        for path, kind, ref in f.references:
            if ref not in ids[kind]:
                problems.append(problem(file, path, f"no {kind[:-1]} with id {ref!r} (data/{kind}/{ref}.yaml){did_you_mean(ref, ids[kind])}"))
        for path, label, key in f.keys:
            if not key:  # a title of only non-Latin characters has no normalised form to compare
                continue
            whole = (file.kind, label, key)
            digest = hash(whole)
            j = first.setdefault(digest, i)
            if j == i:
                continue
            keys = exact.get(digest)
            if keys is None:  # the first record again: which of its keys had this hash (the same key, but for a collision)
                other_file, other = facts_at(j)
                keys = exact[digest] = {k: j for k in ((other_file.kind, lab, key_) for _, lab, key_ in other.keys) if hash(k) == digest}
            j = keys.setdefault(whole, i)
            if j != i:
                problems.append(problem(file, path, f"same {label} as {facts_at(j)[0].shown_as}; one work needs one record"))
        if isinstance(f.record, Benchmark):
            benchmarks[f.record.id] = f.record
        elif isinstance(f.record, ResultSet):
            result_sets.append((file, f.record))
    problems.extend(_check_results(result_sets, benchmarks, ids, problem))
    return problems


def _paper_keys(record: Any) -> list[tuple[tuple, str, str]]:
    keys = [(("title",), "title", normalize_title(record.title))]
    if record.links.doi:
        keys.append((("links", "doi"), "DOI", record.links.doi.lower()))
    if record.links.arxiv:
        keys.append((("links", "arxiv"), "arXiv id", record.links.arxiv))
    return keys


def _dataset_keys(record: Any) -> list[tuple[tuple, str, str]]:
    return [(("name",), "name", normalize_title(record.name))]


def _check_results(result_sets: list[tuple[RecordFile, ResultSet]], benchmarks: dict[str, Benchmark], ids: dict[str, set[str]],
                   problem: Callable[..., Problem]) -> list[Problem]:
    """Each number resolves (paper, method, benchmark, metric), lies in its metric's range, says where it
    was read, and is not contradicted by another entry for the same paper, method, benchmark and setting."""
    found: list[Problem] = []
    seen: dict[tuple, tuple[RecordFile, int, float]] = {}
    for file, rs in result_sets:
        if rs.paper not in ids["papers"]:
            found.append(problem(file, ("paper",), f"no paper with id {rs.paper!r} (data/papers/{rs.paper}.yaml){did_you_mean(rs.paper, ids['papers'])}"))
        for i, r in enumerate(rs.results):
            at = ("results", i)
            if r.method is not None and r.method not in ids["papers"]:
                found.append(problem(file, (*at, "method"), f"no paper with id {r.method!r}{did_you_mean(r.method, ids['papers'])}; "
                                       "for a method the atlas lacks, write method_name instead"))
            if rs.source.where is None and r.where is None:
                found.append(problem(file, (*at, "where"), "no location: say where the number is printed (Table 3, Figure 2, abstract, model card), "
                                       "here or in source.where"))
            bench = benchmarks.get(r.benchmark)
            if bench is None:
                found.append(problem(file, (*at, "benchmark"), f"no benchmark with id {r.benchmark!r} (data/benchmarks/{r.benchmark}.yaml)"
                                       f"{did_you_mean(r.benchmark, ids['benchmarks'])}"))
                continue
            metric = bench.metric(r.metric)
            if metric is None:
                found.append(problem(file, (*at, "metric"), f"{r.metric!r} is not a metric of benchmark {bench.id}; "
                                       f"its metrics: {', '.join(m.id for m in bench.metrics)}"))
                continue
            low, high = metric.range
            if not low <= r.value <= high:
                found.append(problem(file, (*at, "value"), f"{r.value:g} is outside the range of {metric.name} on {bench.id} "
                                       f"[{low:g}, {high:g}]{' ' + metric.unit if metric.unit else ''}; copy the number in the benchmark's unit"))
            who = r.method or f"name:{r.method_name.casefold()}"  # type: ignore[union-attr]
            key = (rs.paper, who, (r.variant or "").casefold(), r.benchmark, r.metric, r.setting.key)
            first = seen.get(key)
            if first is None:
                seen[key] = (file, i, r.value)
            elif first[2] != r.value:
                found.append(problem(file, (*at, "value"), f"conflicts with {first[0].shown_as} results[{first[1]}] ({first[2]:g}): the same paper, "
                                       "method, variant, benchmark, metric and setting can have one value; tell them apart by variant or setting"))
            else:
                found.append(problem(file, (*at,), f"repeats {first[0].shown_as} results[{first[1]}]; give each number once", "warning"))
    return found
