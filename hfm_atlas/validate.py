"""Validation: each record against its schema, then the catalogue as a whole.

`load_catalogue` is the one entry point used by the CLI and the MkDocs plugin. It
reports every problem it finds (never only the first), each located at the line of
the offending key or value, and returns the catalogue of the records that passed.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from .catalogue import Catalogue
from .identifiers import normalize_title
from .load import Document, RecordFile, read_document, scan
from .parallel import background, can_fork
from .models import RECORD_TYPES, Application, Dataset, LabelSource, Paper, Record, nested_model
from .problems import Problem, Severity, UserError, display_path


@dataclass
class Entry:
    file: RecordFile
    record: Record

    @cached_property
    def doc(self) -> Document:
        """The document with positions, read again only when a problem needs locating."""
        doc, _ = read_document(self.file.path, self.file.shown_as)
        return doc or Document(self.file.shown_as, None)

    def problem(self, path: tuple, message: str, severity: Severity = "error") -> Problem:
        line, column = self.doc.position(path)
        return Problem(self.file.shown_as, line, column, ".".join(map(str, path)), message, severity)


def _read(file: RecordFile) -> tuple[Any, list[Problem]]:
    doc, problems = read_document(file.path, file.shown_as, positions=False)
    return (doc.data if doc else None), problems


# `serve` rebuilds the whole catalogue after every edit; with this cache it parses only the files
# whose size, modification time or inode changed since the last build. Off unless enabled.
_read_cache: dict[Path, tuple[tuple[int, int, int], tuple[Any, list[Problem]]]] | None = None


def enable_read_cache() -> None:
    global _read_cache
    if _read_cache is None:
        _read_cache = {}


def _read_all(files: list[RecordFile]) -> list[tuple[Any, list[Problem]]]:
    if _read_cache is None:
        return [_read(file) for file in files]
    results: list[Any] = []
    for file in files:
        try:
            st = file.path.stat()
            stamp: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None
        hit = _read_cache.get(file.path)
        if stamp is not None and hit is not None and hit[0] == stamp:
            results.append(hit[1])
            continue
        result = _read(file)
        if stamp is not None:
            _read_cache[file.path] = (stamp, result)
        results.append(result)
    for gone in set(_read_cache) - {f.path for f in files}:
        del _read_cache[gone]
    return results


def load_catalogue(data_dir: Path, today: dt.date | None = None) -> tuple[Catalogue, list[Problem]]:
    """Read, validate and check every record under data_dir; return the valid ones and all problems."""
    entries, problems = load_entries(data_dir, today)
    catalogue = Catalogue(
        papers=[e.record for e in entries if isinstance(e.record, Paper)],
        datasets=[e.record for e in entries if isinstance(e.record, Dataset)],
        applications=[e.record for e in entries if isinstance(e.record, Application)],
    )
    return catalogue, problems


def load_entries(data_dir: Path, today: dt.date | None = None) -> tuple[list[Entry], list[Problem]]:
    """The valid records with their files, and every problem (schema and catalogue checks)."""
    if not data_dir.is_dir():
        raise UserError(f"data folder not found: {data_dir} (give one with --data DIR)", exit_code=2)
    files, problems = scan(data_dir, display_path(data_dir))
    with _gc_paused():
        entries = _validate_all(files, problems)
    problems.extend(check_catalogue(entries, today or dt.date.today()))
    return entries, sorted(set(problems))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading allocates hundreds of thousands of small, acyclic objects; the cycle collector would walk
    them again and again (a quarter of the time at 10,000 records) and find nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _validate_all(files: list[RecordFile], problems: list[Problem]) -> list[Entry]:
    """The valid records' entries, in file order; every file's problems go to `problems`.

    A large catalogue is split in two halves: a forked child reads and validates one while this
    process does the other; the child's records and problems come back pickled.
    """
    if _read_cache is None and can_fork(len(files)):
        half = len(files) // 2
        first, second = files[:half], files[half:]
        rest = background(lambda: _validate_files(second), len(files))
        results = _validate_files(first) + rest()
    else:
        results = _validate_files(files)
    entries: list[Entry] = []
    for file, (record, found) in zip(files, results):
        problems.extend(found)
        if record is not None:
            entries.append(Entry(file, record))
    return entries


def _validate_files(files: list[RecordFile]) -> list[tuple[Record | None, list[Problem]]]:
    results: list[tuple[Record | None, list[Problem]]] = []
    for file, (data, found) in zip(files, _read_all(files)):
        if data is None:
            results.append((None, found))
            continue
        model = RECORD_TYPES[file.kind]
        try:
            results.append((model.model_validate(data), found))  # type: ignore[arg-type]
        except ValidationError:  # read it again with positions, to say where each error is
            results.append((None, found + validate_record(Entry(file, None).doc, model)[1]))  # type: ignore[arg-type]
    return results


def validate_record(doc: Document, model: type[BaseModel]) -> tuple[Record | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []  # type: ignore[return-value]
    except ValidationError as exc:
        return None, [_problem_from_error(doc, model, err) for err in exc.errors(include_url=False)]


# ---------------------------------------------------------------- schema errors

def _problem_from_error(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    loc = tuple(err["loc"])
    kind, message, value = err["type"], err["msg"], err.get("input")
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
        named = re.match(r"^([a-z_][a-z0-9_.]*): (.*)$", message, re.S)
        if named:  # a cross-field check naming its field (see models.Strict)
            loc += tuple(int(p) if p.isdigit() else p for p in named.group(1).split("."))
            message = named.group(2)
    elif kind == "missing":
        message = "required field is missing"
    elif kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        message = f"unknown field{_did_you_mean(str(loc[-1]), known)}; known fields: {', '.join(known)}"
    elif kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        message = f"{_short(value)} is not one of {', '.join(allowed)}{_did_you_mean(str(value), allowed)}"
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(str(loc[-1]) if loc and isinstance(loc[-1], str) else str(loc[-2]), value)
    elif kind == "string_too_long":
        message = f"is {len(value):,} characters long; at most {err['ctx']['max_length']:,} allowed"
    elif kind in ("string_type", "int_type", "int_parsing", "list_type", "model_type", "date_type", "date_from_datetime_parsing", "dict_type"):
        message = f"{message.rstrip('.')}, got {_describe(value)}"
        if kind == "string_type" and isinstance(value, bool):
            message += " (YAML reads yes/no/on/off as booleans: put the text in quotes)"
    elif kind in ("greater_than_equal", "less_than_equal"):
        message = f"{message} (got {_short(value)})"
    line, column = doc.position(loc)
    if kind == "missing":  # the key is absent: point at the mapping that should hold it
        line, column = doc.position(loc[:-1])
    return Problem(doc.file, line, column, ".".join(map(str, loc)), message)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the (nested) model reached by following `loc` from `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        current = nested_model(annotation)
        if current is None:
            return []
    return list(current.model_fields)


_PATTERN_HELP = {
    "id": "must be a lowercase slug: letters a-z, digits and single hyphens, e.g. biobert-2019",
    "arxiv": "must be a bare arXiv id such as 2404.03264 (no URL, no version suffix)",
    "doi": "must be a bare DOI such as 10.1093/bioinformatics/btz682 (no https://doi.org/ prefix)",
}


def _pattern_message(field_name: str, value: Any) -> str:
    help_ = _PATTERN_HELP.get(field_name, "must be a lowercase slug id (letters a-z, digits, hyphens)")
    return f"{_short(value)} {help_}"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a mapping",
             type(None): "nothing (empty value)", dt.date: "a date"}
    kind = names.get(type(value), type(value).__name__)
    return kind if value is None or isinstance(value, (list, dict)) else f"{kind} {_short(value)}"


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to `value` (case-insensitive first), if it is plausibly a typo of it."""
    choices = list(choices)
    for choice in choices:
        if choice.casefold() == value.casefold():
            return choice
    scored = sorted((edit_distance(value.casefold(), c.casefold()), c) for c in choices)
    if scored and scored[0][0] <= max(1, len(value) // 3):
        return scored[0][1]
    return None


def _did_you_mean(value: str, choices: Iterable[str]) -> str:
    match = closest(value, choices)
    return f"; did you mean {match}?" if match else ""


# ---------------------------------------------------------------- catalogue checks

def check_catalogue(entries: list[Entry], today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        ids[e.file.kind].add(e.record.id)
        if e.record.id != e.file.stem:
            problems.append(e.problem(("id",), f"id {e.record.id!r} differs from the file name {e.file.path.name!r}; "
                                      f"rename the file to {e.record.id}.yaml or set id: {e.file.stem}"))
    for e in entries:
        record = e.record
        if isinstance(record, Paper):
            problems.extend(_check_paper(e, record, ids, today))
        elif isinstance(record, Dataset) and record.added > today:
            problems.append(e.problem(("added",), f"date {record.added} is in the future"))
    problems.extend(_duplicates([e for e in entries if isinstance(e.record, Paper)], _paper_keys))
    problems.extend(_duplicates([e for e in entries if isinstance(e.record, Dataset)], _dataset_keys))
    return problems


def _check_paper(e: Entry, paper: Paper, ids: dict[str, set[str]], today: dt.date) -> list[Problem]:
    found: list[Problem] = []
    for field_name, kind in (("datasets", "datasets"), ("applications", "applications")):
        for index, ref in enumerate(getattr(paper, field_name)):
            if ref not in ids[kind]:
                found.append(e.problem((field_name, index), f"no {kind[:-1]} with id {ref!r} (data/{kind}/{ref}.yaml)"
                                       f"{_did_you_mean(ref, ids[kind])}"))
    for field_name in ("datasets", "applications", "challenges", "modalities", "tasks", "authors"):
        values = getattr(paper, field_name)
        if len(values) != len(set(values)):
            found.append(e.problem((field_name,), "lists the same value twice"))
    if paper.added > today:
        found.append(e.problem(("added",), f"date {paper.added} is in the future"))
    if paper.year > today.year + 1:
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
